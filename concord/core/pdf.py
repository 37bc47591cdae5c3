"""PDF from an HTML template (WeasyPrint): the meeting pack and the portfolio review."""

from __future__ import annotations

import logging


class PdfUnavailable(Exception):
    """WeasyPrint cannot load (no Pango library): no PDF can be made on this machine."""


def pdf_from_html(html: str) -> bytes:
    """The HTML laid out as PDF bytes; raises PdfUnavailable on a machine without Pango."""
    # Imported here: WeasyPrint parses its stylesheets on import, which no other page needs. It
    # loads Pango then: a machine without it gets PdfUnavailable, and the page says so.
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per step at INFO
    # A pack embeds everything it shows: it never fetches from the network or the disk.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
