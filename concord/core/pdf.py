"""PDF from an HTML template (WeasyPrint): the meeting pack and the portfolio review."""

from __future__ import annotations

import gc
import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache

# How long a laid-out PDF is kept for the same HTML (0: not at all; `make bench` times the
# layout so). The key is the HTML itself, so a change to anything the document shows (a figure,
# a name, the minute it was generated) makes a new one.
CACHE_SECONDS = 10 * 60

# Laying out a long pack allocates millions of short-lived objects. At Python's default thresholds
# (700, 10, 10) the cyclic collector runs thousands of times meanwhile, its full passes walking the
# whole process heap, the request's portfolio included: a fifth of a 150-alliance review's time.
# During a layout it runs less often; its garbage is still collected, in bigger batches.
LAYOUT_GC_THRESHOLDS = (50_000, 20, 1000)
_layouts = threading.Lock()
_running: list[tuple[int, int, int]] = []  # the thresholds to restore, one per layout under way


class PdfUnavailable(Exception):
    """WeasyPrint cannot load (no Pango library): no PDF can be made on this machine."""


def pdf_from_html(html: str) -> bytes:
    """The HTML laid out as PDF bytes; raises PdfUnavailable on a machine without Pango.

    Laying out a long pack takes seconds, and the same HTML always lays out to the same bytes, so
    a second download of an unchanged document (the same reader's, or a colleague's who sees
    exactly the same) is served from the cache. The key is a hash of the whole document: what one
    reader was allowed to see only ever answers a request whose HTML is that very document.
    """
    # Imported here: WeasyPrint parses its stylesheets on import, which no other page needs. It
    # loads Pango then: a machine without it gets PdfUnavailable, and the page says so.
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error

    key = f"core:pdf:{hashlib.sha256(html.encode()).hexdigest()}"
    pdf = cache.get(key)
    if pdf is not None:
        return bytes(pdf)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per step at INFO
    # A pack embeds everything it shows: it never fetches from the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"})
    with _fewer_collections():
        pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    cache.set(key, pdf, CACHE_SECONDS)
    return pdf


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector at LAYOUT_GC_THRESHOLDS while any thread lays out; as it was after the last."""
    with _layouts:
        _running.append(gc.get_threshold())
        gc.set_threshold(*LAYOUT_GC_THRESHOLDS)
    try:
        yield
    finally:
        with _layouts:
            kept = _running.pop()
            if not _running:
                gc.set_threshold(*kept)
