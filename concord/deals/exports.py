"""The ledger as CSV and XLSX, per alliance and for the whole portfolio.

Rows come from selectors.payment_list, so an export shows exactly what the person may see: the
shared ledger, plus their own organisation's private notes on each line (the partner's export
has its own notes and never these). Amounts are written exactly: as text with the currency's
digits in CSV, as numbers with a per-currency format in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from copy import copy
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from concord.core import clock
from concord.core.exports import csv_cell
from concord.deals.models import Payment, owed_outstanding
from concord.deals.money import MINOR_UNITS

HEADER = [
    "Alliance",
    "Description",
    "From",
    "Payer",
    "Payee",
    "Currency",
    "Amount",
    "Paid",
    "Outstanding",
    "Status",
    "Became due",
    "Due date",
    "Overdue",
    "Invoice",
    "Invoiced on",
    "Paid in full on",
    "In dispute",
    "Your private note",
]
CHUNK = 2000
DATE_FORMAT = "yyyy-mm-dd"  # ISO: unambiguous whichever locale opens the file
TEXT_COLUMNS = (0, 1, 3, 4, 13, 17)  # free text a person typed: defused against formulas


def _digits(currency: str) -> int:
    return MINOR_UNITS.get(currency, (2, ""))[0]


def _fixed(amount: Decimal, currency: str) -> str:
    return f"{amount:.{_digits(currency)}f}"


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


Notes = dict[int, list[str]]


FIELDS = (
    "pk",
    "alliance__name",
    "description",
    "source",
    "payer__organisation__name",
    "payee__organisation__name",
    "currency",
    "amount",
    "amount_paid",
    "status",
    "became_due_on",
    "due_date",
    "is_late",
    "invoice_number",
    "invoiced_on",
    "paid_on",
    "in_dispute",
)
SOURCES = dict(Payment.Source.choices)
STATUSES = dict(Payment.Status.choices)


def _row(line: dict[str, Any], notes: Notes) -> list[Any]:
    """One ledger line's values, amounts still Decimal."""
    return [
        line["alliance__name"],
        line["description"],
        SOURCES.get(line["source"], line["source"]),
        line["payer__organisation__name"],
        line["payee__organisation__name"],
        line["currency"],
        line["amount"],
        line["amount_paid"],
        line["amount"] - line["amount_paid"],
        STATUSES.get(line["status"], line["status"]),
        line["became_due_on"],
        line["due_date"],
        "yes" if line["is_late"] else "no",
        line["invoice_number"],
        line["invoiced_on"],
        line["paid_on"],
        "yes" if line["in_dispute"] else "no",
        " | ".join(notes.get(line["pk"], [])),
    ]


def _rows(payments: QuerySet[Payment]) -> Iterator[dict[str, Any]]:
    # Plain values rather than model instances (five related objects a line), streamed in chunks
    # from one query; the notes come separately, in one query, so the count stays flat.
    return payments.prefetch_related(None).values(*FIELDS).iterator(chunk_size=CHUNK)


def write_csv(out: Any, payments: QuerySet[Payment], notes: Notes) -> None:
    """The ledger as CSV: one line per payment, amounts with their currency's digits."""
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for line in _rows(payments):
        values = _row(line, notes)
        currency = line["currency"]
        for index in (6, 7, 8):
            values[index] = _fixed(values[index], currency)
        for index in (10, 11, 14, 15):
            values[index] = _date(values[index])
        writer.writerow([csv_cell(v) for v in values])


def _number_format(currency: str) -> str:
    digits = _digits(currency)
    return "#,##0" + ("." + "0" * digits if digits else "")


# Wide enough for what each column usually holds, so no amount shows as ###; the rest wraps.
WIDTHS = [34, 44, 18, 24, 24, 9, 15, 15, 15, 13, 12, 12, 9, 17, 12, 14, 10, 32]
MONEY_COLUMNS = (6, 7, 8)
DATE_COLUMNS = (10, 11, 14, 15)


def _ledger_sheet(sheet: WriteOnlyWorksheet, lines: Iterable[dict[str, Any]], notes: Notes) -> int:
    """Plain values for most cells (write-only mode turns them into cells itself); amounts and
    dates get their format from one template cell per format, whose style is copied: setting a
    format cell by cell looks it up in the workbook's style table every time. Returns the rows."""
    sheet.append([_header_cell(sheet, name, Font(bold=True)) for name in HEADER])
    templates: dict[str, WriteOnlyCell] = {}
    date_template = WriteOnlyCell(sheet, value=0)
    date_template.number_format = DATE_FORMAT
    count = 0
    for line in lines:
        values = _row(line, notes)
        currency = line["currency"]
        template = templates.get(currency)
        if template is None:
            template = templates[currency] = WriteOnlyCell(sheet, value=0)
            template.number_format = _number_format(currency)
        for index in MONEY_COLUMNS:
            values[index] = _styled(sheet, values[index], template)
        for index in DATE_COLUMNS:
            if values[index] is not None:
                values[index] = _styled(sheet, values[index], date_template)
        for index in TEXT_COLUMNS:
            values[index] = csv_cell(values[index])
        sheet.append(values)
        count += 1
    return count


def _styled(sheet: WriteOnlyWorksheet, value: Any, template: WriteOnlyCell) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell._style = copy(template._style)
    return cell


def _header_cell(sheet: WriteOnlyWorksheet, name: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = font
    return cell


def _title_row(sheet: WriteOnlyWorksheet, title: str) -> None:
    """Row 1 says what the sheet is and when it was made, so a printout explains itself."""
    stamp = f"{clock.localtime():%Y-%m-%d %H:%M %Z}"
    sheet.append([_header_cell(sheet, f"{title} · exported {stamp}", Font(bold=True, size=13))])


def _layout(sheet: WriteOnlyWorksheet, widths: list[int], *, header_row: int) -> None:
    """Column widths, and the rows down to the header kept in view while scrolling. A write-only
    sheet writes both with its first row, so this comes before any."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    # Printed (or saved as PDF) in landscape, one page wide, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def _filter(sheet: WriteOnlyWorksheet, *, header_row: int, columns: int, rows: int) -> None:
    """Filter buttons on the header, over every row written (the filter is written last)."""
    last = get_column_letter(columns)
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + rows}"


def write_xlsx(
    payments: QuerySet[Payment], *, notes: Notes, summary: QuerySet[Payment], title: str
) -> bytes:
    """The ledger as an XLSX workbook (write-only: rows stream out, memory stays flat).

    `summary` is the same lines as a plain queryset, for the by-currency sheet's aggregate.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ledger")
    _layout(sheet, WIDTHS, header_row=2)
    _title_row(sheet, title)
    rows = _ledger_sheet(sheet, _rows(payments), notes)
    _filter(sheet, header_row=2, columns=len(HEADER), rows=rows)
    _summary_sheet(book.create_sheet("By currency"), summary, title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary_sheet(sheet: WriteOnlyWorksheet, payments: QuerySet[Payment], title: str) -> None:
    """Per alliance and currency: paid to date, outstanding, overdue; one aggregate query."""
    bold = Font(bold=True)
    _layout(sheet, [36, 10, 8, 16, 16, 16, 16], header_row=3)
    _title_row(sheet, f"{title}, by currency")
    sheet.append(
        [
            "Amounts are never converted between currencies. Outstanding and overdue count what "
            "is owed either way: a credit adds what its payee owes back."
        ]
    )
    headers = ["Alliance", "Currency", "Lines", "Amount", "Paid to date", "Outstanding", "Overdue"]
    sheet.append([_header_cell(sheet, h, bold) for h in headers])
    unpaid = ~Q(status=Payment.Status.PAID)
    rows = (
        payments.order_by()
        .values("alliance__name", "currency")
        .annotate(
            lines=Count("pk"),
            total=Sum("amount"),
            paid=Sum("amount_paid"),
            # Owed either way: a credit's payee owes it back, so it never nets what is owed.
            open=Sum(owed_outstanding(), filter=unpaid),
            late=Sum(owed_outstanding(), filter=unpaid & Q(due_date__lt=clock.today())),
        )
        .order_by("alliance__name", "currency")
    )
    count = 0
    for row in rows:
        fmt = _number_format(row["currency"])
        cells = [csv_cell(row["alliance__name"]), row["currency"], row["lines"]]
        for key in ("total", "paid", "open", "late"):
            cell = WriteOnlyCell(sheet, value=row[key] or Decimal(0))
            cell.number_format = fmt
            cells.append(cell)
        sheet.append(cells)
        count += 1
    _filter(sheet, header_row=3, columns=len(headers), rows=count)
