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

from django.db.models import Count, F, Q, QuerySet, Sum
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from concord.core import clock
from concord.core.exports import csv_cell
from concord.deals.models import Payment
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


def _ledger_sheet(sheet: WriteOnlyWorksheet, lines: Iterable[dict[str, Any]], notes: Notes) -> None:
    """Plain values for most cells (write-only mode turns them into cells itself); amounts get
    their currency's number format from one template cell per currency, whose style is copied:
    setting a format cell by cell looks it up in the workbook's style table every time."""
    sheet.append([_header_cell(sheet, name, Font(bold=True)) for name in HEADER])
    templates: dict[str, WriteOnlyCell] = {}
    for line in lines:
        values = _row(line, notes)
        currency = line["currency"]
        template = templates.get(currency)
        if template is None:
            template = templates[currency] = WriteOnlyCell(sheet, value=0)
            template.number_format = _number_format(currency)
        for index in (6, 7, 8):
            cell = WriteOnlyCell(sheet, value=values[index])
            cell._style = copy(template._style)
            values[index] = cell
        for index in TEXT_COLUMNS:
            values[index] = csv_cell(values[index])
        sheet.append(values)


def _header_cell(sheet: WriteOnlyWorksheet, name: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = font
    return cell


def write_xlsx(
    payments: QuerySet[Payment], *, notes: Notes, summary: QuerySet[Payment], title: str
) -> bytes:
    """The ledger as an XLSX workbook (write-only: rows stream out, memory stays flat).

    `summary` is the same lines as a plain queryset, for the by-currency sheet's aggregate.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ledger")
    sheet.freeze_panes = "A2"
    _ledger_sheet(sheet, _rows(payments), notes)
    _summary_sheet(book.create_sheet("By currency"), summary, title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary_sheet(sheet: WriteOnlyWorksheet, payments: QuerySet[Payment], title: str) -> None:
    """Per alliance and currency: paid to date, outstanding, overdue; one aggregate query."""
    bold = Font(bold=True)
    sheet.append([_header_cell(sheet, title, bold)])
    sheet.append([f"Exported {clock.localtime():%Y-%m-%d %H:%M}. Amounts are never converted."])
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
            open=Sum(F("amount") - F("amount_paid"), filter=unpaid),
            late=Sum(F("amount") - F("amount_paid"), filter=unpaid & Q(due_date__lt=clock.today())),
        )
        .order_by("alliance__name", "currency")
    )
    for row in rows:
        fmt = _number_format(row["currency"])
        cells = [csv_cell(row["alliance__name"]), row["currency"], row["lines"]]
        for key in ("total", "paid", "open", "late"):
            cell = WriteOnlyCell(sheet, value=row[key] or Decimal(0))
            cell.number_format = fmt
            cells.append(cell)
        sheet.append(cells)
