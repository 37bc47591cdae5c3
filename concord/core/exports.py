"""What every CSV, spreadsheet and file download shares."""

from __future__ import annotations

import re
import unicodedata
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
