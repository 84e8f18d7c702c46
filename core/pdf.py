"""HTML to PDF with WeasyPrint, fetching nothing but data: URIs.

Templates embed what they need (fonts come from the system, photographs as data: URIs),
so the renderer never reaches the network or a file of the server, whatever a field
typed by an officer contains.
"""

from __future__ import annotations


def _fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def pdf_document(html: str):
    """A laid-out WeasyPrint document (to count pages or join parts)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).render()


def pdf_render(html: str) -> bytes:
    """The PDF of one HTML string."""
    return pdf_document(html).write_pdf()


def pdf_join(documents: list) -> bytes:
    """One PDF of several laid-out documents, pages in order."""
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()
