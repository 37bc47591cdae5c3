"""Homework is private to the organisation that writes it: over random homework rows in two
alliances that share a pharma partner, nobody outside the writing organisation ever reads one —
not as a row, a count, an API field, an audit (activity feed) line, an email or in the briefing
book — and no shared page of the partner carries it. 0 leaks.

The oracle is plain Python: a reader reads a homework row if and only if it works for the
organisation that wrote it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.core import clock
from concord.core.models import AuditEvent, OutboxEmail
from concord.homework import briefing, selectors, services
from conftest import api_client

WRITERS = [("alice", "helix"), ("bob", "helix"), ("bob", "cobalt"), ("dave", "cobalt")]
ORG = {"alice": "helix", "carol": "helix", "bob": "borealis", "dave": "cobalt", "mallory": "x"}
JOINED = {"alice": {"helix"}, "carol": {"helix"}, "bob": {"helix", "cobalt"}, "dave": {"cobalt"}}
READERS = ["alice", "bob", "carol", "dave", "mallory"]
EMAILS = {"alice": "helix", "bob": "borealis", "dave": "cobalt"}  # each org's manager
TAGS = itertools.count()


@dataclass(frozen=True)
class Spec:
    writer: str
    alliance: str
    kind: str  # "stakeholder", "fit" or "programme"


specs = st.lists(
    st.builds(
        lambda w, kind: Spec(*w, kind),
        st.sampled_from(WRITERS),
        st.sampled_from(["stakeholder", "fit", "programme"]),
    ),
    min_size=1,
    max_size=6,
)


def may_read(reader: str, spec: Spec) -> bool:
    return ORG[reader] == ORG[spec.writer]


def write(cast, spec: Spec, label: str) -> None:
    """One homework row whose text carries `label`."""
    alliance = {"helix": cast.helix_borealis, "cobalt": cast.cobalt_borealis}[spec.alliance]
    actor = getattr(cast, spec.writer)
    if spec.kind == "stakeholder":
        services.stakeholder_create(
            actor=actor,
            alliance=alliance,
            name=label,
            level="executive",
            function="research",
            role="sponsor",
            stance="champion",
            strength=3,
            owner=actor,
        )
    elif spec.kind == "fit":
        services.fit_assess(
            actor=actor,
            alliance=alliance,
            assessed_on=clock.today(),
            strategic_fit=3,
            priority=3,
            market=3,
            competition=3,
            sponsor_strength=3,
            rationale={"strategic_fit": label},
        )
    else:
        partner = (
            cast.borealis
            if spec.writer != "bob"
            else (cast.helix if spec.alliance == "helix" else cast.cobalt)
        )
        services.partner_fact_record(
            actor=actor,
            alliance=alliance,
            partner=partner,
            kind="programme",
            name=label,
            therapeutic_area="oncology",
            modality="antibody",
            indication="NSCLC",
            phase="phase_1",
            relation="competes",  # raises an alert, and an email, naming the label
            source="Press release",
            as_of=clock.today(),
        )


def seen_by(cast, reader: str, tag: str) -> dict[str, set[str]]:
    """Every label carrying `tag` the reader meets, by where it was met."""
    user = getattr(cast, reader)
    found: dict[str, set[str]] = {k: set() for k in ("rows", "book", "feed")}
    for name in JOINED.get(reader, set()):
        alliance = {"helix": cast.helix_borealis, "cobalt": cast.cobalt_borealis}[name]
        rows = [s.name for s in selectors.stakeholder_list(user=user, alliance=alliance)]
        rows += [
            a.rationale.get("strategic_fit", "")
            for a in selectors.fit_history(user=user, alliance=alliance)
        ]
        partners = selectors.partners(user=user, alliance=alliance)
        rows += [
            p.name for pr in selectors.profiles(user=user, partners=partners) for p in pr.programmes
        ]
        rows += [a.message for a in selectors.alert_list(user=user, alliance=alliance)]
        found["rows"] |= {r for r in rows if tag in r}
        html = render_to_string(
            "homework/briefing_pdf.html", briefing.briefing_context(user=user, alliance=alliance)
        )
        found["book"] |= {w.strip(".,()<>") for w in html.split() if tag in w}
    events = AuditEvent.objects.visible_to(user).filter(summary__contains=tag)
    found["feed"] = {w.strip("“”.,():") for e in events for w in e.summary.split() if tag in w}
    return found


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=specs)
def test_no_homework_reaches_anyone_outside_its_organisation(cast, rows):
    tag = f"zq{next(TAGS)}x"
    labels: dict[str, Spec] = {}
    for n, spec in enumerate(rows):
        label = f"{tag}{n}"
        write(cast, spec, label)
        labels[label] = spec
    leaks = []
    for reader in READERS:
        expected = {label for label, spec in labels.items() if may_read(reader, spec)}
        for where, seen in seen_by(cast, reader, tag).items():
            bare = {s for s in seen for label in labels if s.startswith(label)}
            strays = {
                label for label in labels if any(label == s or s.startswith(label) for s in bare)
            }
            if strays - expected:
                leaks.append((reader, where, sorted(strays - expected)))
        if reader != "mallory" and JOINED.get(reader):
            in_rows = seen_by(cast, reader, tag)["rows"]
            missing = {label for label in expected if not any(label in r for r in in_rows)}
            if missing:
                leaks.append((reader, "missing", sorted(missing)))
    # Emails naming a label go to the writing organisation's managers only.
    for email in OutboxEmail.objects.filter(text__contains=tag):
        writers = {ORG[labels[label].writer] for label in labels if label in email.text}
        for address in email.to:
            owner = next(org for who, org in EMAILS.items() if address.startswith(who))
            if owner not in writers:
                leaks.append(("email", address, email.subject))
    # The API, for the partner in both alliances and for the outsider.
    for reader in ("bob", "mallory"):
        expected = {label for label, spec in labels.items() if may_read(reader, spec)}
        client = api_client(getattr(cast, reader))
        seen = set()
        for alliance in (cast.helix_borealis, cast.cobalt_borealis):
            for route in ("stakeholders", "fit-assessments", "partner-profile", "homework-alerts"):
                response = client.get(f"/api/v1/alliances/{alliance.pk}/{route}")
                if response.status_code == 200:
                    seen |= {label for label in labels if label in response.content.decode()}
                elif response.status_code != 404:
                    leaks.append((reader, route, response.status_code))
        if seen - expected:
            leaks.append((reader, "api", sorted(seen - expected)))
    assert leaks == []


@pytest.mark.django_db
def test_the_partners_shared_pages_carry_none_of_our_homework(cast):
    """Bob (Borealis) on every shared page he reaches finds nothing of Helix's homework."""
    for spec, label in (
        (Spec("alice", "helix", "stakeholder"), "Vespertine Sponsor"),
        (Spec("alice", "helix", "programme"), "Obsidian Programme"),
        (Spec("alice", "helix", "fit"), "Quietly deprioritised"),
    ):
        write(cast, spec, label)
    secrets = ["Vespertine", "Obsidian", "Quietly deprioritised", "Fit fell", "competing programme"]
    pk = cast.helix_borealis.pk
    bob = Client()
    bob.force_login(cast.bob)
    pages = [
        reverse("alliances:alliance-detail", args=[pk]),
        reverse("alliances:alliance-activity", args=[pk]),
        reverse("alliances:alliance-list"),
        reverse("alliances:portfolio"),
        reverse("alliances:portfolio-csv"),
        reverse("alliances:alliance-export"),
        reverse("core:home"),
        reverse("homework:alliance-homework", args=[pk]),
        reverse("homework:stakeholders", args=[pk]),
        reverse("homework:stakeholders-csv", args=[pk]),
        reverse("homework:briefing", args=[pk]),
    ]
    for url in pages:
        response = bob.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8", "replace")
        assert not [s for s in secrets if s in body], url
    api = api_client(cast.bob)
    for path in ("/api/v1/today", "/api/v1/alliances", f"/api/v1/alliances/{pk}/stakeholders"):
        assert not [s for s in secrets if s in api.get(path).content.decode()], path
    # Alice sees her own homework on the same pages.
    alice = Client()
    alice.force_login(cast.alice)
    assert (
        "Vespertine Sponsor"
        in alice.get(reverse("homework:stakeholders", args=[pk])).content.decode()
    )
    assert (
        "Obsidian Programme" in alice.get(reverse("homework:briefing", args=[pk])).content.decode()
    )
