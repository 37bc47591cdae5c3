"""Commitments as CSV for the portfolio review, and the formula guard every commitment CSV uses.

Rows come from selectors.portfolio_commitment_list, so an export holds exactly what the person
may see, as filtered on the page. It streams plain values in chunks from one query: an
organisation with a hundred alliances has thousands of commitments.
"""

from __future__ import annotations

import csv
from typing import Any

from django.db.models import QuerySet

from concord.core.exports import csv_cell
from concord.expectations.models import Commitment
from concord.expectations.selectors import status_label

CHUNK = 2000

PORTFOLIO_HEADER = [
    "Alliance",
    "Commitment",
    "Kind",
    "Owed by",
    "Side",
    "Owed to",
    "Owner",
    "Due date",
    "Days overdue",
    "Status",
    "Acceptance criteria",
]
PORTFOLIO_FIELDS = (
    "alliance__name",
    "title",
    "kind",
    "owner_party__organisation__name",
    "owed_by_us",
    "receiving_party__organisation__name",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
    "due_date",
    "status",
    "acceptance_criteria",
)
KINDS = dict(Commitment.Kind.choices)


def _portfolio_row(line: dict[str, Any], today: Any) -> list[Any]:
    owner = f"{line['owner__first_name']} {line['owner__last_name']}".strip()
    overdue = line["status"] == "overdue"
    return [
        line["alliance__name"],
        line["title"],
        KINDS.get(line["kind"], line["kind"]),
        line["owner_party__organisation__name"],
        "Ours" if line["owed_by_us"] else "Partner",
        line["receiving_party__organisation__name"],
        owner or line["owner__email"],
        line["due_date"].isoformat(),
        max(0, (today - line["due_date"]).days) if overdue else "",
        status_label(line["status"]),
        line["acceptance_criteria"],
    ]


def write_portfolio_csv(out: Any, commitments: QuerySet[Commitment], today: Any) -> None:
    """The organisation-wide commitment list as CSV, in the page's order and filters."""
    writer = csv.writer(out)
    writer.writerow(PORTFOLIO_HEADER)
    lines = commitments.values(*PORTFOLIO_FIELDS).iterator(chunk_size=CHUNK)
    for line in lines:
        writer.writerow([csv_cell(v) for v in _portfolio_row(line, today)])
