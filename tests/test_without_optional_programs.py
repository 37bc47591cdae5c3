"""Every page works on a machine without the optional programs: none answers 500.

The only program Concord runs is the diagram's layout program (graphviz-pure from its wheel, or
a system `dot`). It is hidden here the way a machine without it would be: an empty PATH and an
empty scripts directory. Pages that would draw the diagram say so in words instead.
"""

from __future__ import annotations

import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse

from concord.governance import diagram
from tests.test_permission_matrix import EXTENSIONS, PAGES, build_world, client_for


@pytest.fixture
def no_programs(monkeypatch, tmp_path):
    """No layout program on PATH or beside the interpreter, and no drawing cached from before."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(diagram, "SCRIPTS_DIR", str(tmp_path))
    cache.clear()
    yield
    cache.clear()


def test_the_renderer_is_found_beside_the_interpreter_without_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert diagram.renderer() is not None, "graphviz-pure is a dependency: pip puts it there"


# What it checks is a machine without the layout program, not the database: the PostgreSQL pass
# would walk the same pages again.
@pytest.mark.one_pass
def test_no_page_answers_500_without_the_programs(cast, no_programs):
    assert diagram.renderer() is None
    world = build_world(cast, "helix", EXTENSIONS)
    failures = []
    for who in ("alice", "bob"):
        client = client_for(world, who)
        for name, page in sorted(PAGES.items()):
            if page.post is not None:
                continue
            url = reverse(name, kwargs=page.kwargs(world))
            status = client.get(url).status_code
            if status >= 500:
                failures.append(f"{who} GET {url} → {status}")
    assert failures == []


def test_the_operating_model_says_in_words_that_the_diagram_is_missing(cast, no_programs):
    alliance = cast.helix_borealis
    client = client_for(build_world(cast, "helix"), "bob")
    page = client.get(reverse("governance:operating-model", args=[alliance.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "cannot be drawn on this server" in text and "opmodel__svg" not in text
    assert "Workstreams and RACI" in text  # the rest of the page is there
    download = client.get(reverse("governance:operating-model-download", args=[alliance.pk, "png"]))
    assert download.status_code == 302
    assert download["Location"] == reverse("governance:operating-model", args=[alliance.pk])


def test_the_meeting_pack_is_made_without_its_diagram(cast, no_programs):
    world = build_world(cast, "helix", EXTENSIONS)
    meeting = world.objects["gov_meeting"]
    response = client_for(world, "bob").get(reverse("governance:meeting-pack", args=[meeting.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "cannot be drawn on this server" in " ".join(text.split())
    assert "Phase and gate status" in text


def test_without_pango_the_pack_says_so_and_sends_you_back(cast, monkeypatch):
    import sys

    # A None entry makes `import weasyprint` fail, as it does on a machine without Pango.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    world = build_world(cast, "helix", EXTENSIONS)
    meeting = world.objects["gov_meeting"]
    client = client_for(world, "bob")
    response = client.get(reverse("governance:meeting-pack", args=[meeting.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith(
        reverse("governance:meeting-detail", args=[meeting.pk])
    )
    assert "WeasyPrint needs the Pango library" in response.content.decode()
