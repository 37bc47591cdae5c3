"""What every CSV, spreadsheet and file download shares."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel and LibreOffice read a CSV as UTF-8 only when it starts with a byte-order mark; without
# it "Lumen–Castlegate" opens as "Lumenâ€“Castlegate".
BOM = "\ufeff"
DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


# A plain decimal number such as "-1234.00": a spreadsheet reads it as a number, never a formula.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_cell(value: Any) -> str:
    """A value as export text, a would-be formula defused with a leading apostrophe."""
    text = "" if value is None else str(value)
    # A negative amount (a restatement credit) must stay a number, so it is left as it is.
    if isinstance(value, (int, Decimal)) or PLAIN_NUMBER.fullmatch(text):
        return text
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """An RFC 6266 header: the name in UTF-8 (filename*) for every current browser, and an
    ASCII look-alike (filename) for the rest, so "Lumen–Castlegate" keeps its dash."""
    name = UNSAFE_IN_NAME.sub("-", filename).strip(" .") or "download"
    ascii_name = unicodedata.normalize("NFKD", name.translate(DASHES))
    ascii_name = ascii_name.encode("ascii", "ignore").decode() or "download"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A file to save, under a name that keeps the alliance's name intact."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def csv_download(filename: str) -> HttpResponse:
    """An empty CSV response to write rows into, starting with the byte-order mark."""
    response = download(b"", "text/csv; charset=utf-8", filename)
    response.write(BOM)
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(
    filename: str, title: str, header: list[str], rows: Iterable[list[Any]], *, stamp: str
) -> HttpResponse:
    """A one-table workbook: a title row saying when it was exported, a bold header kept in view
    with filter buttons, columns wide enough to read, then the rows as they are (numbers stay
    numbers, dates dates, text that looks like a formula defused as in CSV)."""
    return download(xlsx_workbook([(title, header, rows)], stamp=stamp), XLSX, filename)


def xlsx_workbook(
    sheets: Iterable[tuple[str, list[str], Iterable[list[Any]]]], *, stamp: str
) -> bytes:
    """A workbook of one sheet per (title, header, rows), each laid out as `xlsx_download`'s."""
    # Imported here: openpyxl is a large import that most requests never need.
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        _xlsx_sheet(book, title, header, rows, stamp)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_sheet(
    book: Any, title: str, header: list[str], rows: Iterable[list[Any]], stamp: str
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [[_xlsx_value(value) for value in row] for row in rows]
    sheet = book.create_sheet(title[:31])
    for index, name in enumerate(header, start=1):  # a write-only sheet needs these first
        longest = max([len(name), *(len(str(row[index - 1] or "")) for row in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 60)
    sheet.freeze_panes = "A3"
    heading = WriteOnlyCell(sheet, value=f"{title} · exported {stamp}")
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(row)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(header))}{2 + len(rows)}"


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        # Spreadsheets know no time zones: the moment is written in UTC, as stored.
        aware = value.tzinfo is not None
        return value.astimezone(datetime.UTC).replace(tzinfo=None) if aware else value
    if isinstance(value, datetime.date):
        return value
    return csv_cell(value)
