"""Property test: over random documents, shared and private, in two alliances that share a pharma
partner, nobody ever reads a document they may not — not in the room, a search, a count, a gate's
evidence or the API. 0 leaks.

The expected readers come from a plain-Python oracle (an organisation reads a document if it has
joined the document's alliance and the document is shared or its own), written independently of
the queryset rule it checks.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.alliances import services as alliance_services
from concord.core.attachments import attachments_for
from concord.documents import selectors, services
from conftest import api_client, signed

# Who uploads, to which alliance: Bob's Borealis is in both; Alice only in Helix's, Dave only in
# Cobalt's. Carol (Helix, read-only) and Mallory (outside) only read.
UPLOADS = [("alice", "helix"), ("bob", "helix"), ("bob", "cobalt"), ("dave", "cobalt")]
JOINED = {"alice": {"helix"}, "carol": {"helix"}, "bob": {"helix", "cobalt"}, "dave": {"cobalt"}}
ORG = {"alice": "helix", "carol": "helix", "bob": "borealis", "dave": "cobalt", "mallory": "x"}
READERS = ["alice", "bob", "carol", "dave", "mallory"]
TAGS = itertools.count()


@dataclass(frozen=True)
class Spec:
    uploader: str
    alliance: str
    shared: bool


specs = st.lists(
    st.builds(lambda u, shared: Spec(*u, shared), st.sampled_from(UPLOADS), st.booleans()),
    min_size=1,
    max_size=6,
)


def may_read(reader: str, spec: Spec) -> bool:
    """The oracle: joined the alliance, and the document is shared or the reader's own."""
    joined = spec.alliance in JOINED.get(reader, set())
    return joined and (spec.shared or ORG[reader] == ORG[spec.uploader])


@pytest.fixture
def gates(cast):
    """A pending gate in each alliance, which every document is linked to as evidence."""
    return {
        "helix": alliance_services.gate_propose(
            actor=cast.alice,
            alliance=cast.helix_borealis,
            to_phase="preclinical",
            rationale="Candidate",
            **signed(),
        ),
        "cobalt": alliance_services.gate_propose(
            actor=cast.dave,
            alliance=cast.cobalt_borealis,
            to_phase="preclinical",
            rationale="Candidate",
            **signed(),
        ),
    }


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(documents=specs)
def test_no_document_reaches_anyone_who_may_not_read_it(cast, gates, documents):
    tag = f"zq{next(TAGS)}x"  # this example's word: earlier examples' documents never match it
    alliances = {"helix": cast.helix_borealis, "cobalt": cast.cobalt_borealis}
    titles = {}
    for n, spec in enumerate(documents):
        uploader = getattr(cast, spec.uploader)
        document = services.document_upload(
            actor=uploader,
            alliance=alliances[spec.alliance],
            title=f"Doc {n} {tag}",
            name="note.txt",
            data=f"Body of {tag} number {n}".encode(),
            visibility="shared" if spec.shared else "private",
        )
        services.link_create(
            actor=uploader,
            document=document,
            kind="alliances.gate",
            object_id=gates[spec.alliance].pk,
            role="evidence",
        )
        titles[document.title] = spec
    leaks = []
    for reader in READERS:
        user = getattr(cast, reader)
        expected = {title for title, spec in titles.items() if may_read(reader, spec)}
        searched = {d.title for d in selectors.document_search(user=user, term=tag)}
        by_text = {d.title for d in selectors.document_search(user=user, term=f"Body of {tag}")}
        evidence = {a.title for gate in gates.values() for a in attachments_for(user, gate)} & set(
            titles
        )
        counted = sum(
            selectors.document_list(user=user, alliance=a, search=tag).count()
            for a in alliances.values()
            if selectors.own_party(user=user, alliance=a) is not None
        )
        for path, seen in (("search", searched), ("text", by_text), ("evidence", evidence)):
            if seen != expected:
                leaks.append((reader, path, sorted(seen ^ expected)))
        if counted != len(expected):
            leaks.append((reader, "count", counted))
    # The API, for the partner who sits in both alliances and for the outsider.
    for reader in ("bob", "mallory"):
        expected = {t for t, spec in titles.items() if may_read(reader, spec)}
        client = api_client(getattr(cast, reader))
        seen = set()
        for alliance in alliances.values():
            response = client.get(f"/api/v1/alliances/{alliance.pk}/documents?search={tag}")
            if response.status_code == 200:
                seen |= {item["title"] for item in response.json()["items"]}
        if seen != expected:
            leaks.append((reader, "api", sorted(seen ^ expected)))
    assert leaks == []
