"""Every downloaded file opens cleanly in the programs people use.

Each CSV export is read back as a spreadsheet reads it: a UTF-8 byte-order mark first, then rows
whose en dashes survive. Each XLSX export is read back with openpyxl: a title row, column widths,
number formats for money and dates, a frozen header and an autofilter. Each download keeps the
alliance's name, en dash included, in its RFC 6266 file name.
"""

from __future__ import annotations

import csv
import datetime
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from concord.core.exports import content_disposition
from tests.test_permission_matrix import EXTENSIONS, PAGES, build_world, client_for

CSV_EXPORTS = [
    "alliances:alliance-export",
    "alliances:portfolio-csv",
    "deals:ledger-csv",
    "expectations:portfolio-commitments-export",
    "expectations:commitment-export",
    "governance:decision-export",
    "health:portfolio-export",
    "health:round-export",
    "homework:stakeholders-csv",
    "ip:register-csv",
    "research:study-export",
]
XLSX_EXPORTS = ["deals:ledger-xlsx", "deals:portfolio-xlsx"]
# One plain table a sheet (core.exports.xlsx_download, xlsx_workbook); the first is checked.
TABLE_EXPORTS = [
    "alliances:portfolio-xlsx",
    "alliances:portfolio-review-xlsx",
    "ip:register-xlsx",
]
ALLIANCE = "Helix–Borealis oncology alliance"


@pytest.fixture
def world(cast):
    return build_world(cast, "helix", EXTENSIONS)


def fetch(world, name):
    response = client_for(world, "bob").get(reverse(name, kwargs=PAGES[name].kwargs(world)))
    assert response.status_code == 200, name
    return response


def test_every_csv_and_xlsx_export_is_listed_here():
    exports = {n for n in PAGES if n.endswith(("export", "-csv", "-xlsx"))}
    assert exports == set(CSV_EXPORTS) | set(XLSX_EXPORTS) | set(TABLE_EXPORTS)


@pytest.mark.parametrize("name", CSV_EXPORTS)
def test_each_csv_starts_with_a_byte_order_mark_and_reads_back(world, name):
    response = fetch(world, name)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf"), "spreadsheets need the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and rows[0][0] and not rows[0][0].startswith("\ufeff")
    assert all(len(row) == len(rows[0]) for row in rows)
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and "filename*=UTF-8''" in disposition


@pytest.mark.parametrize(
    "name", ["deals:ledger-csv", "governance:decision-export", "expectations:commitment-export"]
)
def test_an_alliances_export_keeps_its_name_with_the_en_dash(world, name):
    disposition = fetch(world, name)["Content-Disposition"]
    assert f"filename*=UTF-8''{quote(ALLIANCE)}" in disposition
    assert 'filename="Helix-Borealis oncology alliance ' in disposition  # the ASCII fallback
    if name == "deals:ledger-csv":  # the ledger names the alliance on every line
        assert ALLIANCE in fetch(world, name).content.decode("utf-8-sig")


def test_a_file_name_keeps_unicode_and_never_breaks_the_header():
    header = content_disposition('Lumen–Castlegate "Q3"/pack.pdf')
    assert header == (
        'attachment; filename="Lumen-Castlegate -Q3-pack.pdf"; '
        "filename*=UTF-8''Lumen%E2%80%93Castlegate%20-Q3-pack.pdf"
    )
    assert content_disposition("Ünïcödé.ics", inline=True).startswith(
        'inline; filename="Unicode.ics"'
    )
    assert content_disposition("a\r\nSet-Cookie: x") == (
        "attachment; filename=\"a-Set-Cookie- x\"; filename*=UTF-8''a-Set-Cookie-%20x"
    )


@pytest.mark.parametrize("name", XLSX_EXPORTS)
def test_each_xlsx_has_a_title_widths_formats_a_frozen_header_and_a_filter(world, name):
    response = fetch(world, name)
    book = load_workbook(io.BytesIO(response.content))
    ledger = book["Ledger"]
    title = ledger["A1"].value
    assert "ledger" in title.lower() and " · exported " in title
    header = [c.value for c in ledger[2]]
    assert header[:3] == ["Alliance", "Description", "From"]
    assert ledger.freeze_panes == "A3"
    assert ledger.page_setup.orientation == "landscape" and ledger.print_title_rows == "$2:$2"
    assert ledger.auto_filter.ref == f"A2:R{ledger.max_row}"
    for letter in "ABCDEFGHIJKLMNOPQR":
        assert ledger.column_dimensions[letter].width >= 9, letter
    rows = list(ledger.iter_rows(min_row=3))
    assert rows, "the matrix world has ledger lines"
    for row in rows:
        amount, due = row[header.index("Amount")], row[header.index("Due date")]
        assert amount.number_format in {"#,##0.00", "#,##0"} and amount.data_type == "n"
        if due.value is not None:
            assert due.number_format == "yyyy-mm-dd" and isinstance(due.value, datetime.datetime)
    # An amount fits its column: 15 characters hold "999,999,999.99".
    assert ledger.column_dimensions["G"].width >= len("999,999,999.99")
    summary = book["By currency"]
    assert summary.freeze_panes == "A4" and summary.auto_filter.ref.startswith("A3:G")
    assert ", by currency · exported " in summary["A1"].value


@pytest.mark.parametrize("name", TABLE_EXPORTS)
def test_a_table_export_has_a_title_a_frozen_header_a_filter_and_readable_widths(world, name):
    sheet = load_workbook(io.BytesIO(fetch(world, name).content)).active
    assert " · exported " in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[0] == "Alliance" and all(header)
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(header)).column_letter}{sheet.max_row}"
    assert sheet["A3"].value == ALLIANCE
    assert all(sheet.column_dimensions[c.column_letter].width >= 10 for c in sheet[2])
