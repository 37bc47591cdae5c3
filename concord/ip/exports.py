"""The IP register as a spreadsheet: one row per background asset and per invention."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse

from concord.core import clock
from concord.core.exports import csv_cell, csv_download, xlsx_download
from concord.ip.selectors import Register

HEADER = [
    "Alliance",
    "Type",
    "Title",
    "Kind or ownership rule",
    "Owned by",
    "Numbers",
    "Territories",
    "Rights granted",
    "Prosecuted by",
    "Next deadline",
    "Deadline date",
]


def _licences(asset: Any) -> str:
    return "; ".join(
        f"{licence.licensee_party.organisation.name}: {licence.get_use_display().lower()}"
        + (f" in {licence.field}" if licence.field else "")
        + f", {licence.territories or 'worldwide'}"
        + (f", until {licence.until:%Y-%m-%d}" if licence.until else "")
        for licence in asset.licences.all()
    )


def register_rows(register: Register) -> list[list[Any]]:
    """Each row names its alliance first, as every table export does."""
    name = register.alliance.name
    rows: list[list[Any]] = [
        [
            name,
            "Background IP",
            asset.title,
            asset.get_kind_display(),
            asset.owner_party.organisation.name,
            asset.numbers,
            asset.territories,
            _licences(asset),
            "",
            "",
            None,
        ]
        for asset in register.assets
    ]
    for row in register.disclosures:
        disclosure, first = row.disclosure, (row.deadlines[0] if row.deadlines else None)
        numbers = ", ".join(f"{f.office} {f.number}".strip() for f in disclosure.filings.all())
        rows.append(
            [
                name,
                "Invention",
                disclosure.title,
                disclosure.get_rule_display(),
                " and ".join(p.organisation.name for p in row.owners),
                numbers,
                "",
                "",
                disclosure.prosecuting_party.organisation.name,
                first.what if first else "",
                first.due if first else None,
            ]
        )
    return rows


def register_csv(register: Register) -> HttpResponse:
    response = csv_download(f"IP register – {register.alliance.name}.csv")
    writer = csv.writer(response)
    writer.writerow(HEADER)
    for row in register_rows(register):
        writer.writerow([csv_cell(value) for value in row])
    return response


def register_xlsx(register: Register) -> HttpResponse:
    return xlsx_download(
        f"IP register – {register.alliance.name}.xlsx",
        "IP register",
        HEADER,
        register_rows(register),
        stamp=f"{clock.now():%Y-%m-%d %H:%M} UTC",
    )
