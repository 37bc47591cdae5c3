"""Full-text search of the document room, over titles and the text extracted at upload.

On PostgreSQL: the database's full-text search (`SearchVector` over the title, weighted above
the text, a web-style `SearchQuery` — words, "quoted phrases", -excluded — ranked by
`SearchRank`, with `SearchHeadline` for the passage shown), stemmed in the language
`CONCORD_SEARCH_CONFIG` names ("english" unless set), so "milestones" finds "milestone". A
title that merely contains the typed letters still matches, for the half-typed word.

Elsewhere (SQLite, the one-machine default): every word must appear in the title or the text,
titles holding more of the words first, and the passage is cut around the first word's first
appearance.

Whatever the database, the search only ever narrows a queryset already read through
`visible_to`, so it finds nothing the reader may not see.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from concord.documents.models import Document

START, STOP = "\x02", "\x03"  # marks around a matched word, turned into <mark> once escaped
MAX_WORDS = 8
WORD = re.compile(r"\w[\w-]*")


def words(term: str) -> list[str]:
    """The words a search is made of, lower-cased, at most eight."""
    return WORD.findall(term.lower())[:MAX_WORDS]


def _config() -> str:
    return str(getattr(settings, "CONCORD_SEARCH_CONFIG", "english"))


def search(found: QuerySet[Document], term: str, *, snippets: bool = False) -> QuerySet[Document]:
    """The documents of `found` that match `term`, best first; with `snippets`, each carries
    `snippet`, the passage where it matched (words between START and STOP)."""
    if not words(term):
        return found.none()
    if connection.vendor == "postgresql":
        return _postgres(found, term.strip(), snippets)
    return _fallback(found, words(term), snippets)


def _postgres(found: QuerySet[Document], term: str, snippets: bool) -> QuerySet[Document]:
    config = _config()
    query = SearchQuery(term, search_type="websearch", config=config)
    vector = SearchVector("title", weight="A", config=config) + SearchVector(
        "search_text", weight="B", config=config
    )
    found = (
        found.annotate(search=vector, rank=SearchRank(vector, query))
        .filter(Q(search=query) | Q(title__icontains=term))
        .order_by("-rank", "-updated_at", "pk")
    )
    if snippets:
        found = found.annotate(
            snippet=SearchHeadline(
                "search_text",
                query,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    return found


def _fallback(found: QuerySet[Document], terms: list[str], snippets: bool) -> QuerySet[Document]:
    for word in terms:
        found = found.filter(Q(title__icontains=word) | Q(search_text__icontains=word))
    in_title = sum(
        (Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in terms),
        start=Value(0, output_field=IntegerField()),
    )
    found = found.annotate(rank=in_title).order_by("-rank", "-updated_at", "pk")
    if snippets:
        at = StrIndex(Lower("search_text"), Value(terms[0]))
        found = found.annotate(
            snippet=Case(
                When(
                    Q(search_text__icontains=terms[0]),
                    then=Substr("search_text", Greatest(at - 80, Value(1)), Value(200)),
                ),
                default=Value(""),
            )
        )
    return found


def _marked_fallback(text: str, terms: list[str]) -> str:
    if not terms or START in text:
        return text
    pattern = re.compile("|".join(re.escape(word) for word in terms), re.IGNORECASE)
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text)


def highlighted(snippet: str, term: str) -> SafeString:
    """A result's passage as HTML: its text escaped, the words that matched in <mark>."""
    if not snippet:
        return mark_safe("")
    text = " ".join(_marked_fallback(snippet, words(term)).split())
    parts = re.split(f"({START}|{STOP})", text)
    out: list[str] = []
    for part in parts:
        if part == START:
            out.append("<mark>")
        elif part == STOP:
            out.append("</mark>")
        else:
            out.append(str(conditional_escape(part)))
    return mark_safe("…" + "".join(out) + "…")  # noqa: S308 - every part above is escaped
