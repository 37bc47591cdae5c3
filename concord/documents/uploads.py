"""What an upload is, by its content: the types the room takes, the size cap, the text to search.

The name a browser sends is a claim, not a fact: the type comes from the file's first bytes
(`filetype`), and a name whose extension says otherwise is refused, so `report.pdf` that is really
a program never reaches a partner's desktop.
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings

from concord.core.errors import invalid

logger = logging.getLogger(__name__)

# What the room takes, by the type its content shows: (label, the extensions that may name it).
ACCEPTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF", ("pdf",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word", ("docx",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel", ("xlsx",)),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint",
        ("pptx",),
    ),
    "image/png": ("PNG image", ("png",)),
    "image/jpeg": ("JPEG image", ("jpg", "jpeg")),
    "text/plain": ("Text", ("txt", "csv", "md")),
}
# The office formats' text, by the parts of the zip that hold it.
OFFICE_PARTS = {
    "docx": re.compile(r"word/document\.xml"),
    "pptx": re.compile(r"ppt/slides/slide\d+\.xml"),
    "xlsx": re.compile(r"xl/sharedStrings\.xml"),
}
MAX_TEXT = 200_000  # characters of text kept for search: a long contract's worth
MAX_PDF_PAGES = 300


def max_bytes() -> int:
    """The size cap: CONCORD_DOCUMENT_MAX_BYTES, 25 MB unless set."""
    return int(getattr(settings, "CONCORD_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))


@dataclass(frozen=True)
class Checked:
    """An upload that passed: its type by content, size, SHA-256 and searchable text."""

    content_type: str
    size: int
    sha256: str
    text: str

    @property
    def label(self) -> str:
        return ACCEPTED[self.content_type][0]


def _is_text(head: bytes) -> bool:
    """Plain UTF-8 text without NUL (the one type with no magic bytes)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def detect(data: bytes) -> str:
    """The content type the bytes show, or "" for one the room does not take."""
    kind = filetype.guess(data)
    if kind is not None:
        return kind.mime if kind.mime in ACCEPTED else ""
    return "text/plain" if data and _is_text(data[:4096]) else ""


def check(*, name: str, data: bytes, field: str = "file") -> Checked:
    """Refuse an upload that is empty, too large, of a type the room does not take, or named as
    another type than its content; otherwise say what it is."""
    if not data:
        raise invalid(field, "The file is empty.")
    cap = max_bytes()
    if len(data) > cap:
        raise invalid(field, f"The file is larger than {cap // (1024 * 1024)} MB.")
    content_type = detect(data)
    if not content_type:
        kinds = ", ".join(sorted({label for label, _ in ACCEPTED.values()}))
        raise invalid(field, f"This kind of file is not taken here; upload one of: {kinds}.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    label, extensions = ACCEPTED[content_type]
    if extension and extension not in extensions:
        raise invalid(field, f"The file is named .{extension} but its content is a {label} file.")
    return Checked(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=extract_text(content_type, data),
    )


def extract_text(content_type: str, data: bytes) -> str:
    """The text to search: a PDF's pages, an office document's words, a text file itself.

    A file whose text cannot be read is still stored; it is found by its title only.
    """
    try:
        if content_type == "application/pdf":
            text = _pdf_text(data)
        elif content_type == "text/plain":
            text = data.decode("utf-8", errors="replace")
        else:
            extension = ACCEPTED[content_type][1][0]
            text = _office_text(data, extension) if extension in OFFICE_PARTS else ""
    except Exception:
        logger.info("No text read from an uploaded %s", content_type, exc_info=True)
        return ""
    return " ".join(text.replace("\x00", " ").split())[:MAX_TEXT]


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    parts: list[str] = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(map(len, parts)) > MAX_TEXT:
            break
    return " ".join(parts)


TAG = re.compile(rb"<[^>]+>")


def _office_text(data: bytes, extension: str) -> str:
    """The words of an office document: its XML parts with the tags taken out (no XML parser
    reads untrusted input, so no entity can expand)."""
    parts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if OFFICE_PARTS[extension].fullmatch(info.filename) and info.file_size < 20_000_000:
                raw = TAG.sub(b" ", archive.read(info))
                parts.append(html.unescape(raw.decode("utf-8", errors="replace")))
    return " ".join(parts)


def read_upload(upload: Any) -> bytes:
    """An uploaded file's bytes, reading no more than one byte past the cap."""
    upload.seek(0)
    data: bytes = upload.read(max_bytes() + 1)
    upload.seek(0)
    return data
