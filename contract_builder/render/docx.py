"""Word output (python-docx): heading styles, Word's own clause numbering, Chinese fonts Word honours, page numbers.

python-docx's `font.name` sets only w:ascii/w:hAnsi, and its default template
points East Asian text at a theme font; Word then ignores our Chinese font. So
each style gets explicit w:rFonts (w:eastAsia included), every *Theme attribute
is removed, and the East Asian language is marked zh-CN. As in the print layout,
the title comes first (above the side-by-side table too) and the last article
ends with （以下无正文）, kept on one page with the signatures.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterable
from typing import Any

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from contract_builder.bilingual import edition_languages, pick
from contract_builder.document import Clause, Document, Line, Paragraph, signature_columns
from contract_builder.render.html import NO_TEXT_BELOW, page_label

LATIN_FONT = "Times New Roman"
CHINESE_FONT = "SimSun"  # 宋体: what Chinese contracts are set in; LibreOffice substitutes a CJK font
CHINESE_HEADING_FONT = "SimHei"  # 黑体
_HEADING_SIZES = {1: 14, 2: 12, 3: 11, 4: 10.5}


def _set_fonts(element: object, latin: str, east_asian: str) -> None:
    """Explicit fonts for every script on a style or run, theme fonts removed, zh-CN for East Asian text."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute, font in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts.set(qn(attribute), font)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")


def _setup_styles(word: object) -> None:
    styles = word.styles  # type: ignore[attr-defined]
    # Every style of the default template (and its document defaults) names theme fonts;
    # a theme font overrides the named one, so none may be left anywhere.
    for fonts in styles.element.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:eastAsia"), CHINESE_FONT)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            if fonts.get(qn(attribute)) is None:
                fonts.set(qn(attribute), LATIN_FONT)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    _set_fonts(normal.element, LATIN_FONT, CHINESE_FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.3
    for level, size in _HEADING_SIZES.items():
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(10 if level == 1 else 6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True
        _set_fonts(style.element, LATIN_FONT, CHINESE_HEADING_FONT)
    title = styles["Title"]
    title.font.size = Pt(18)
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(title.element, LATIN_FONT, CHINESE_HEADING_FONT)
    # The default Title style has a coloured bottom border; a contract's title has none.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)  # type: ignore[attr-defined]  # noqa: SLF001


def _footer(word: object, edition: str) -> None:
    paragraph = word.sections[0].footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    label = page_label(edition)
    for piece in label.replace("{n}", "\0PAGE\0").replace("{m}", "\0NUMPAGES\0").split("\0"):
        if piece in ("PAGE", "NUMPAGES"):
            _field(paragraph, piece)
        elif piece:
            run = paragraph.add_run(piece)
            run.font.size = Pt(9)


class _Revisions:
    """Word's tracked changes for a redline: each w:ins/w:del needs its own id, an author and a date."""

    author = "contract-builder"

    def __init__(self) -> None:
        self.ids = itertools.count(1)
        self.date = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def element(self, change: str) -> Any:
        """An empty w:ins (inserted) or w:del (deleted) stamped with id, author and date."""
        mark = OxmlElement(_REVISION_TAGS[change])
        mark.set(qn("w:id"), str(next(self.ids)))
        mark.set(qn("w:author"), self.author)
        mark.set(qn("w:date"), self.date)
        return mark

    def wrap(self, run: object, change: str) -> None:
        """Put a run inside a tracked insertion or deletion (deleted text is w:delText)."""
        element = run._r  # type: ignore[attr-defined]  # noqa: SLF001
        mark = self.element(change)
        element.addprevious(mark)
        mark.append(element)
        if change == "deleted":
            for text in element.iter(qn("w:t")):
                text.tag = qn("w:delText")

    def mark_paragraph(self, paragraph: object, change: str) -> None:
        """Track the paragraph mark too: accepting a deleted paragraph removes it, not just its words."""
        properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]  # noqa: SLF001
        mark = properties.find(qn("w:rPr"))
        if mark is None:
            mark = properties.makeelement(qn("w:rPr"), {})
            properties.append(mark)
        mark.insert(0, self.element(change))

    def mark_row(self, row: object, change: str) -> None:
        """A side-by-side row inserted or deleted whole."""
        row._tr.get_or_add_trPr().append(self.element(change))  # type: ignore[attr-defined]  # noqa: SLF001


_REVISION_TAGS = {"inserted": "w:ins", "deleted": "w:del"}


def _add_line(paragraph: object, line: Line, revisions: _Revisions) -> None:
    for segment in line:
        # Typed values go in as plain text runs: python-docx escapes them for XML.
        run = paragraph.add_run(segment.text)  # type: ignore[attr-defined]
        if segment.kind in _REVISION_TAGS:
            revisions.wrap(run, segment.kind)


def _not_bold(paragraph: object, run: object) -> None:
    """A Chinese heading in 黑体 without the style's bold: 黑体 has no bold face, and Word would
    fake one (smeared strokes, and text extracted twice from a PDF). The paragraph mark, which
    the list number takes its look from, is unbolded too."""
    run.bold = False  # type: ignore[attr-defined]
    properties = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]  # noqa: SLF001
    mark = properties.find(qn("w:rPr"))
    if mark is None:
        mark = properties.makeelement(qn("w:rPr"), {})
        properties.append(mark)
    bold = mark.find(qn("w:b"))
    if bold is None:
        bold = mark.makeelement(qn("w:b"), {})
        mark.append(bold)
    bold.set(qn("w:val"), "0")


def _paragraph(target: object, style_id: str | None = None) -> object:
    """A new paragraph in the document or a table cell (a new cell's own empty paragraph is used first),
    in the style of that id (`_style_ids`).

    Neither asks for the document's paragraphs (python-docx lists them all anew each time) nor
    sets a style by name (it searches the styles part each time): the two took over half of a
    contract's Word file."""
    paragraph = None
    if isinstance(target, _Cell):
        paragraphs = target.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].runs:
            paragraph = paragraphs[0]
    if paragraph is None:
        paragraph = target.add_paragraph()  # type: ignore[attr-defined]
    if style_id:
        paragraph._p.style = style_id  # noqa: SLF001
    return paragraph


def _style_ids(word: object, names: Iterable[str]) -> dict[str, str]:
    """The ids of the document's paragraph styles of these names, looked up once."""
    return {name: word.styles[name].style_id for name in names}  # type: ignore[attr-defined]


# Word's own multi-level numbering, one list per language, so the numbers are Word's
# (Word renumbers when a clause is added in it) and read 一、/（一）/1./（1） and 1./1.1/(a)/(i).
_LEVELS = {
    "zh": (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")),
    "en": (("decimal", "%1."), ("decimal", "%1.%2"), ("lowerLetter", "(%3)"), ("lowerRoman", "(%4)")),
}


def _add_numbering(word: object, lang: str) -> int:
    """Define a clause-numbering list for `lang` in the document; returns its numId."""
    numbering = word.part.numbering_part.element  # type: ignore[attr-defined]
    abstract_id = 100 + len(numbering.findall(qn("w:abstractNum")))
    suffix = pick(lang, "nothing", "space")
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        for level, (number_format, text) in enumerate(_LEVELS[lang])
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    # The schema wants every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    return numbering.add_num(abstract_id).numId


def _number(paragraph: object, num_id: int, level: int) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]  # noqa: SLF001
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


class _Writer:
    def __init__(self, word: object, edition: str, revisions: _Revisions) -> None:
        self.word = word
        self.revisions = revisions
        self.row: object | None = None  # the side-by-side table's last row
        self.langs = edition_languages(edition)
        self.lists = {lang: _add_numbering(word, lang) for lang in self.langs}
        self.headings = _style_ids(word, (f"Heading {level}" for level in range(1, 5)))
        self.table = None
        self.last: list[object] = []  # the paragraphs of the last block written
        if edition == "parallel":
            self.table = word.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
            self.table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def _targets(self) -> list[object]:
        """Where the next block's languages go: the document, or the two cells of a new row."""
        if self.table is None:
            return [self.word for _ in self.langs]
        row = self.row = self.table.add_row()
        return list(row.cells)

    def _track(self, paragraph: object, change: str) -> None:
        """A whole paragraph (or heading) inserted or deleted in a redline: its mark, and its row."""
        if change in _REVISION_TAGS:
            self.revisions.mark_paragraph(paragraph, change)

    def heading(self, clause: Clause) -> None:
        for target, lang in zip(self._targets(), self.langs, strict=True):
            paragraph = _paragraph(target, self.headings[f"Heading {min(clause.level, 4)}"])  # keeps with next
            run = paragraph.add_run(clause.heading.get(lang))  # type: ignore[attr-defined, union-attr]
            _number(paragraph, self.lists[lang], clause.level - 1)
            if lang == "zh":
                _not_bold(paragraph, run)
            if clause.change in _REVISION_TAGS:
                self.revisions.wrap(run, clause.change)
                self._track(paragraph, clause.change)
        if clause.change in _REVISION_TAGS and self.table is not None:
            self.revisions.mark_row(self.row, clause.change)

    def paragraphs(self, paragraphs: Iterable[Paragraph], numbered_level: int | None = None) -> None:
        """Paragraphs in every language; with `numbered_level`, the first carries the clause's number."""
        for index, paragraph in enumerate(paragraphs):
            self.last = []
            for target, lang in zip(self._targets(), self.langs, strict=True):
                out = _paragraph(target)
                self.last.append(out)
                if numbered_level is not None and index == 0:
                    _number(out, self.lists[lang], numbered_level)
                if paragraph.style == "party":
                    run = out.add_run("".join(s.text for s in paragraph.line(lang)))  # type: ignore[attr-defined]
                    run.bold = lang != "zh"  # 黑体 has no bold face: Word would fake one
                    if paragraph.change in _REVISION_TAGS:
                        self.revisions.wrap(run, paragraph.change)
                else:
                    _add_line(out, paragraph.line(lang), self.revisions)
                self._track(out, paragraph.change)
            if paragraph.change in _REVISION_TAGS and self.table is not None:
                self.revisions.mark_row(self.row, paragraph.change)

    def no_text_below(self) -> None:
        """（以下无正文） after the last article, kept on one page with it and with the signatures."""
        for paragraph in self.last:
            paragraph.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
        self.last = []
        for target, lang in zip(self._targets(), self.langs, strict=True):
            out = _paragraph(target)
            out.add_run(NO_TEXT_BELOW.get(lang))  # type: ignore[attr-defined]
            out.alignment = WD_ALIGN_PARAGRAPH.CENTER  # type: ignore[attr-defined]
            out.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]

    def clause(self, clause: Clause) -> None:
        if clause.heading is not None:
            self.heading(clause)
            self.paragraphs(clause.paragraphs)
        else:
            self.paragraphs(clause.paragraphs, numbered_level=clause.level - 1)
        for child in clause.children:
            self.clause(child)


def _signatures(word: object, paragraphs: tuple[Paragraph, ...], langs: tuple[str, ...], revisions: _Revisions) -> None:
    columns = signature_columns(paragraphs)
    word.add_paragraph().paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    table = word.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
    # The signature row is never split over two pages.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # noqa: SLF001
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        for paragraph in column:
            for lang in langs:
                _add_line(_paragraph(cell), paragraph.line(lang), revisions)
            cell.add_paragraph()  # room to sign and seal


def render_docx(document: Document) -> bytes:
    """The contract as a .docx file in its edition; a redline (redline.py) as Word tracked changes by
    "contract-builder", so that accepting every change gives the new contract and rejecting every
    change the old one."""
    edition = document.edition
    word = WordDocument()
    _setup_styles(word)
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(20)
    _footer(word, edition)
    # The title comes first, above the side-by-side edition's table too.
    for lang in edition_languages(edition):
        word.add_paragraph(document.title.get(lang), style="Title")
    revisions = _Revisions()
    writer = _Writer(word, edition, revisions)
    writer.paragraphs(document.front)
    for clause in document.clauses:
        writer.clause(clause)
    writer.no_text_below()
    _signatures(word, document.signature, writer.langs, revisions)
    properties = word.core_properties
    properties.title = document.printed_title
    properties.subject = document.subject
    properties.author = "contract-builder"
    properties.keywords = f"contract; {document.template_id}"
    properties.language = "en-US" if edition == "en" else "zh-CN"
    properties.comments = "Made with contract-builder"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
