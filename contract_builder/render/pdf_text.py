"""Each page's text, to find the page an article starts on: read from wkhtmltopdf's own drawing
where it can be, by poppler's pdftotext where it cannot.

wkhtmltopdf (through Qt's PDF writer) draws every glyph alone, as `<code> Tj`, in fonts that carry a
ToUnicode map. Reading those codes back through the maps takes some 15 ms for a 20-page contract,
against about 115 ms for pdftotext in two processes: the difference is most of what separates a
command-line PDF from bare wkhtmltopdf. Any other PDF, or a page this reading cannot account for,
goes to pdftotext (and, failing that, to pypdf, which is slower still).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from pypdf import PageObject
from pypdf.generic import DictionaryObject, IndirectObject

_PAGES_PER_PROCESS = 8  # pdftotext takes about 5 ms a page of Chinese: share the pages among the cores

# Qt's PDF writer: `/F7 31 Tf` chooses a font, `<0012> Tj` draws one glyph (two bytes, Identity-H).
_FONT_CHOICE = re.compile(rb"/([^\s/]+) [-\d.]+ Tf")
_GLYPH = re.compile(rb"<([0-9A-Fa-f]{4})> Tj")
_CHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_RANGES = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def drawn_texts(pages: Sequence[PageObject]) -> list[str] | None:
    """Each page's text as wkhtmltopdf drew it, in drawing order; None when the PDF is drawn in
    any other way (another writer, a font without a ToUnicode map, text shown by other operators)."""
    maps: dict[object, dict[int, str]] = {}
    texts = []
    for page in pages:
        text = _page_text(page, maps)
        if text is None:
            return None
        texts.append(text)
    return texts


def _page_text(page: PageObject, maps: dict[object, dict[int, str]]) -> str | None:
    contents = page.get_contents()
    if contents is None:
        return ""
    resources = _resolved(page.get("/Resources"))
    fonts = _resolved(resources.get("/Font")) if isinstance(resources, DictionaryObject) else None
    if not isinstance(fonts, DictionaryObject):
        fonts = DictionaryObject()  # no font to look up: any text shown fails below
    drawing = contents.get_data()
    if b"TJ" in drawing or b"'" in drawing or b'"' in drawing:
        return None  # text shown some other way than a glyph at a time: not Qt's writing
    parts = _FONT_CHOICE.split(drawing)
    glyphs = _GLYPH.findall(drawing)
    if len(glyphs) != drawing.count(b"Tj") or b"Tj" in parts[0]:
        return None  # a Tj this reading cannot account for, or text before any font is chosen
    # Two-byte codes read as UTF-16 give one character per glyph, all the page's at once; each
    # font's run of them is then mapped to its text by translate(), in C.
    codes = bytes.fromhex(b"".join(glyphs).decode("ascii")).decode("utf-16-be", "surrogatepass")
    shown = []
    start = 0
    by_name: dict[bytes, dict[int, str] | None] = {}
    for name, run in zip(parts[1::2], parts[2::2], strict=True):
        count = run.count(b"> Tj")
        if not count:
            continue
        if name not in by_name:
            by_name[name] = _to_unicode(fonts, "/" + name.decode("latin-1"), maps)
        to_unicode = by_name[name]
        if to_unicode is None:
            return None
        shown.append(codes[start : start + count].translate(to_unicode))
        start += count
    return "".join(shown) if start == len(codes) else None


def _resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _to_unicode(fonts: DictionaryObject, name: str, maps: dict[object, dict[int, str]]) -> dict[int, str] | None:
    """The font's glyph code → text map, read once per font object; None if it has none."""
    reference = fonts.raw_get(name) if name in fonts else None
    if reference is None:
        return None
    key = (reference.idnum, reference.generation) if isinstance(reference, IndirectObject) else id(reference)
    if key not in maps:
        font = reference.get_object()
        cmap = font.get("/ToUnicode") if isinstance(font, DictionaryObject) else None
        if cmap is None or font.get("/Encoding") != "/Identity-H":
            return None
        maps[key] = _read_cmap(cmap.get_object().get_data())
    return maps[key]


def _read_cmap(data: bytes) -> dict[int, str]:
    """A ToUnicode CMap's bfchar and bfrange entries (both forms of a range) as a translate() table."""
    table: dict[int, str] = {}
    for block in _CHARS.findall(data):
        for code, text in _CHAR.findall(block):
            table[int(code, 16)] = _utf16(text)
    for block in _RANGES.findall(data):
        for low, high, target in _RANGE.findall(block):
            codes = range(int(low, 16), int(high, 16) + 1)
            if target.startswith(b"["):  # one text per code
                table.update(zip(codes, map(_utf16, _HEX.findall(target)), strict=False))
            else:  # consecutive characters from the first
                first = int(target[1:-1], 16)
                table.update((code, chr(first + offset)) for offset, code in enumerate(codes))
    return table


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be", "replace")


def extracted_texts(pdf: bytes, pages: Sequence[PageObject]) -> list[str]:
    """Each page's text, read by poppler's pdftotext in a few processes at once (a range of pages
    each), or by pypdf where pdftotext is missing or fails (about 400 ms, against 15 ms a process)."""
    tool = shutil.which("pdftotext")
    cores = max(1, min(os.cpu_count() or 1, 4))
    size = max(_PAGES_PER_PROCESS, -(-len(pages) // cores))
    ranges = [(first, min(first + size - 1, len(pages))) for first in range(1, len(pages) + 1, size)]
    texts: list[str] = []
    if tool:
        with ThreadPoolExecutor(max_workers=cores) as pool:
            for chunk in pool.map(lambda pair: _pdftotext(tool, pdf, *pair), ranges):
                if chunk is None:
                    break
                texts += chunk
    if len(texts) == len(pages):
        return texts
    return [page.extract_text() for page in pages]


def _pdftotext(tool: str, pdf: bytes, first: int, last: int) -> list[str] | None:
    """The text of pages first..last, one string a page; None if pdftotext fails."""
    try:
        finished = subprocess.run(
            [tool, "-f", str(first), "-l", str(last), "-enc", "UTF-8", "-q", "-", "-"],
            input=pdf, capture_output=True, timeout=30, check=True,
        )  # fmt: skip
    except (subprocess.SubprocessError, OSError):
        return None
    pages = finished.stdout.decode("utf-8", "replace").split("\f")
    wanted = last - first + 1
    return pages[:wanted] if len(pages) >= wanted else None
