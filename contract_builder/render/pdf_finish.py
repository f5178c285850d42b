"""Finishing an engine's PDF with pypdf: page-number stamps, a bookmark per article, title and language.

Kept apart from pdf.py so that pypdf (about 0.1 s to import) is imported while
wkhtmltopdf runs, not before: each CLI command is a fresh process.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject, TextStringObject

from contract_builder.bilingual import Bilingual, pick
from contract_builder.document import Document
from contract_builder.errors import PdfError
from contract_builder.render import pdf_text


def page_count(pdf: bytes) -> int | None:
    """How many pages the PDF has, or None if it cannot be read."""
    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except (PdfReadError, ValueError):
        return None


def finish(pdf: bytes, document: Document, stamps: Callable[[int], bytes] | None, bookmarks: bool) -> bytes:
    """Add page-number stamps (`stamps(page count)` gives a PDF of as many pages, each carrying only
    its number), bookmarks, title/subject metadata and the document language."""
    reader = _read_pdf(pdf)
    pages = len(reader.pages)
    writer = PdfWriter(clone_from=reader)
    if stamps is not None:
        for page, stamp in zip(writer.pages, PdfReader(io.BytesIO(stamps(pages))).pages, strict=True):
            _stamp(writer, page, stamp)
    if bookmarks:
        _bookmark(writer, document, reader, pdf)
    writer.add_metadata(
        {
            "/Title": document.printed_title,
            "/Subject": document.subject,
            "/Creator": "contract-builder",
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(pick(document.lead_language, "zh-CN", "en"))  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bookmark(writer: PdfWriter, document: Document, reader: PdfReader, pdf: bytes) -> None:
    """A bookmark per article heading, on the first page (from the last one found) that shows it."""
    headings = [
        clause.printed_heading(document.lead_language) for clause in document.clauses if clause.heading is not None
    ]
    drawn = pdf_text.drawn_texts(reader)
    pages = _heading_pages(headings, drawn) if drawn is not None else [None]
    if None in pages:  # not wkhtmltopdf's drawing, or a heading it did not account for
        with ThreadPoolExecutor(max_workers=_cores()) as pool:
            extracted = pdf_text.ExtractedTexts(pool, pdf, len(reader.pages), _cores()).result(reader)
        pages = _heading_pages(headings, extracted)
    for heading, page in zip(headings, pages, strict=True):
        if page is not None:
            writer.add_outline_item(title=heading, page_number=page)


def _heading_pages(headings: list[str], texts: list[str]) -> list[int | None]:
    """The page each heading is first found on, searching on from the last one found (None if not found)."""
    texts = ["".join(text.split()) for text in texts]  # line breaks and spaces fall differently per reader
    pages: list[int | None] = []
    start = 0
    for heading in headings:
        wanted = "".join(heading.split())
        found = next((i for i in range(start, len(texts)) if wanted in texts[i]), None)
        pages.append(found)
        start = found if found is not None else start
    return pages


def _cores() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _stamp(writer: PdfWriter, page: PageObject, stamp: PageObject) -> None:
    """Draw `stamp` over `page` as a form XObject: the page's own content is never parsed,
    which makes this ten times faster than pypdf's merge_page on a full page of text."""
    drawing = stamp.get_contents()
    if drawing is None:  # a page with no number on it: nothing to draw
        return
    form = StreamObject()
    form.set_data(drawing.get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): stamp.mediabox,
            NameObject("/Resources"): stamp["/Resources"].clone(writer),
        }
    )
    resources = page["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    forms = resources["/XObject"].get_object()
    assert isinstance(forms, DictionaryObject)
    forms[NameObject("/CbPageNumber")] = writer._add_object(form)  # noqa: SLF001
    # The page's streams by reference: a stream written inline in the array is not valid PDF, and
    # PDFium (Chrome's and Edge's viewer) then shows blank pages, though poppler draws them.
    reference = page.raw_get("/Contents")
    contents = reference.get_object()
    streams = list(contents) if isinstance(contents, ArrayObject) else [reference]
    # The page's own drawing is fenced in q … Q so the stamp is drawn in default page space.
    before, after = StreamObject(), StreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ q /CbPageNumber Do Q\n")
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *streams, writer._add_object(after)]  # noqa: SLF001
    )


def _read_pdf(pdf: bytes) -> PdfReader:
    """pypdf's reader for an engine's output; an unreadable PDF is the engine's failure, not a traceback."""
    try:
        return PdfReader(io.BytesIO(pdf))
    except PdfReadError as error:
        raise PdfError(
            Bilingual(
                zh=f"PDF 引擎生成的文件无法读取（{error}）", en=f"the PDF engine made an unreadable PDF ({error})"
            )
        ) from None
