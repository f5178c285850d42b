"""Finishing an engine's PDF with pypdf: page-number stamps, a bookmark per article, title and language.

Kept apart from pdf.py so that pypdf (about 0.1 s to import) is imported while
wkhtmltopdf runs, not before: each CLI command is a fresh process.
"""

from __future__ import annotations

import functools
import io
import itertools
import threading
from collections.abc import Callable

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from contract_builder.bilingual import Bilingual, pick
from contract_builder.document import Document
from contract_builder.errors import PdfError
from contract_builder.render import pdf_text
from contract_builder.render.pdf_update import PdfUpdate


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
    pages = list(reader.pages)  # once: each look into reader.pages counts them again
    update = PdfUpdate(reader, pdf)
    if stamps is not None:
        drawn_stamps = stamps(len(pages))
        with _STAMPS_READING:  # a reader reads its file lazily: one thread at a time in a shared one
            _stamp_pages(update, pages, _stamps_read(drawn_stamps))
    if bookmarks:
        _bookmark(update, document, pages, pdf)
    update.info.update(
        {
            NameObject("/Title"): TextStringObject(document.printed_title),
            NameObject("/Subject"): TextStringObject(document.subject),
            NameObject("/Creator"): TextStringObject("contract-builder"),
        }
    )
    update.root[NameObject("/Lang")] = TextStringObject(pick(document.lead_language, "zh-CN", "en"))
    return update.bytes()


def _bookmark(update: PdfUpdate, document: Document, pages: list[PageObject], pdf: bytes) -> None:
    """A bookmark per article heading, on the first page (from the last one found) that shows it."""
    headings = [
        clause.printed_heading(document.lead_language) for clause in document.clauses if clause.heading is not None
    ]
    drawn = pdf_text.drawn_texts(pages)
    found = _heading_pages(headings, drawn) if drawn is not None else [None]
    if None in found:  # not wkhtmltopdf's drawing, or a heading it did not account for
        found = _heading_pages(headings, pdf_text.extracted_texts(pdf, pages))
    marks = [(heading, page) for heading, page in zip(headings, found, strict=True) if page is not None]
    if not marks:
        return
    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines"), NameObject("/Count"): NumberObject(0)})
    outline_reference = update.add(outline)
    items = []
    for heading, page in marks:
        destination = ArrayObject([pages[page].indirect_reference, NameObject("/Fit")])
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(heading),
                NameObject("/Parent"): outline_reference,
                NameObject("/Dest"): destination,
            }
        )
        items.append((update.add(item), item))
    for (reference, item), (next_reference, next_item) in itertools.pairwise(items):
        item[NameObject("/Next")] = next_reference
        next_item[NameObject("/Prev")] = reference
    outline.update(
        {
            NameObject("/First"): items[0][0],
            NameObject("/Last"): items[-1][0],
            NameObject("/Count"): NumberObject(len(items)),
        }
    )
    update.root[NameObject("/Outlines")] = outline_reference


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


def _stamp_pages(update: PdfUpdate, pages: list[PageObject], stamps: list[PageObject]) -> None:
    """Draw each stamp over its page as a form XObject: the page's own drawing is never parsed,
    which makes this ten times faster than pypdf's merge_page on a full page of text."""
    # The page's own drawing is fenced in q … Q so the stamp is drawn in default page space.
    before = update.add(_stream(b"q\n"))
    after = update.add(_stream(b"\nQ q /CbPageNumber Do Q\n"))
    for page, stamp in zip(pages, stamps, strict=True):
        drawing = stamp.get_contents()
        if drawing is None:  # a page with no number on it: nothing to draw
            continue
        form = _stream(drawing.get_data())
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): stamp.mediabox,
                NameObject("/Resources"): update.adopt(stamp.raw_get("/Resources")),
            }
        )
        assert page.indirect_reference is not None  # a page read from a file
        changed = update.changed(page.indirect_reference)
        # The page's own resources and forms, copied: pages may share them, and each page's stamp differs.
        resources = _dictionary(changed.get("/Resources"))
        forms = _dictionary(resources.get("/XObject"))
        forms[NameObject("/CbPageNumber")] = update.add(form)
        resources[NameObject("/XObject")] = forms
        changed[NameObject("/Resources")] = resources
        # The page's streams by reference: a stream written inline in the array is not valid PDF, and
        # PDFium (Chrome's and Edge's viewer) then shows blank pages, though poppler draws them.
        reference = page.raw_get("/Contents")
        contents = reference.get_object()
        streams = list(contents) if isinstance(contents, ArrayObject) else [reference]
        changed[NameObject("/Contents")] = ArrayObject([before, *streams, after])


def _dictionary(value: object) -> DictionaryObject:
    """A shallow copy of a dictionary, direct or referred to; an empty one for none."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return DictionaryObject(value) if isinstance(value, DictionaryObject) else DictionaryObject()


_STAMPS_READING = threading.Lock()


@functools.lru_cache(maxsize=8)
def _stamps_read(data: bytes) -> list[PageObject]:
    """The stamps' pages, read once per page count and label: a warm process (the app) finishing
    another contract of as many pages reads none of it again."""
    return list(PdfReader(io.BytesIO(data)).pages)


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


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
