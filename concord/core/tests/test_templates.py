"""Template hygiene that no rendering test would notice until a person saw the page."""


def test_no_template_has_a_comment_that_would_print(settings):
    """Django's {# #} comments end at the line's end; a longer one shows up on the page."""
    from pathlib import Path

    root = Path(settings.BASE_DIR) / "concord"
    broken = [
        f"{path}:{number}"
        for path in root.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert broken == []


def test_the_alliance_list_shows_no_template_source(cast, client):
    from django.urls import reverse

    client.force_login(cast.bob)
    html = client.get(reverse("alliances:alliance-list")).content.decode()
    assert "{#" not in html and "{%" not in html
