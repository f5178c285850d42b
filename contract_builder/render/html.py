"""HTML output: the app's live preview (a fragment) and the standalone print layout (a page), every text escaped.

Values the user typed are wrapped in <span class="value">, blank lines in
<span class="blank">, and paragraphs whose wording differs from the standard
text carry class "changed". The side-by-side edition is a table, one row per
paragraph, so the two languages stay aligned across pages (wkhtmltopdf's old
WebKit has no CSS grid). The signature block is a table too: Party A's lines
beside Party B's, with room to sign and seal. The print layout also keeps each
heading with the paragraph after it, and closes the last article with
（以下无正文） kept on one page with the signatures (the preview has neither).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from html import escape
from pathlib import Path

from markupsafe import Markup

from contract_builder.bilingual import Bilingual, Lang, edition_languages
from contract_builder.document import Clause, Document, Line, Paragraph, signature_columns
from contract_builder.environment import layout_environment

_LANG_ATTR = {"zh": "zh-CN", "en": "en"}
_REDLINE_TAGS = {"inserted": "ins", "deleted": "del"}


def _marked(html: str, change: str) -> str:
    """Escaped HTML inside <ins> or <del> when a redline marks it `change`; as it is otherwise."""
    tag = _REDLINE_TAGS.get(change)
    return f"<{tag}>{html}</{tag}>" if tag else html


_LAYOUT = Path(__file__).with_name("layout")


def render_line(line: Line, invalid: frozenset[str] = frozenset(), echoed: frozenset[str] = frozenset()) -> str:
    """A paragraph's segments as escaped HTML, values and blanks marked (and values of `invalid` fields).

    The values and blanks of `echoed` fields name their field (data-field), for the preview
    to show what is typed in them before the server has it (webapp.typing_echo).
    """
    out = []
    for segment in line:
        text = escape(segment.text, quote=True)
        named = f' data-field="{escape(segment.field)}"' if segment.field in echoed else ""
        if segment.kind == "value":
            classes = "value invalid" if segment.field in invalid else "value"
            out.append(f'<span class="{classes}"{named}>{text}</span>')
        elif segment.kind == "blank":
            out.append(f'<span class="blank"{named}>{text}</span>')
        elif segment.kind in _REDLINE_TAGS:
            out.append(_marked(text, segment.kind))
        else:
            out.append(text)
    return "".join(out)


# The print layout's last line of contract text, before the signatures: nothing may be added below it.
NO_TEXT_BELOW = Bilingual(zh="（以下无正文）", en="(No text below.)")


class _Writer:
    """Writes one edition's body; `langs` are the languages shown, `parallel` puts them side by side.

    A heading is held back and written in one group with the paragraph after it, so a
    page never ends on a heading: WeasyPrint honours page-break-after: avoid, but
    wkhtmltopdf's old WebKit only keeps a whole block together (page-break-inside: avoid).
    """

    def __init__(
        self,
        edition: str,
        changed: frozenset[str],
        paged: bool = False,
        invalid: frozenset[str] = frozenset(),
        echoed: frozenset[str] = frozenset(),
    ) -> None:
        self.langs = edition_languages(edition)
        self.paged = paged  # the print layout: headings kept with what follows, the closing block
        self.parallel = edition == "parallel"
        self.changed = changed
        self.invalid = invalid
        self.echoed = echoed
        self.out: list[str] = []
        self.pending: list[list[str]] = []  # headings waiting for their first paragraph

    def cells(self, tag: str, classes: str, texts: Mapping[Lang, str], attributes: str = "") -> list[str]:
        """One heading or paragraph, an element per shown language."""
        return [
            f'<{tag} lang="{_LANG_ATTR[lang]}" class="{classes}"{attributes}>{texts[lang]}</{tag}>'
            for lang in self.langs
        ]

    def group(self, blocks: list[list[str]]) -> str:
        """Blocks that stay on one page: a table row when parallel, else a div when more than one."""
        if self.parallel:
            # wkhtmltopdf splits a table row over two pages, but not a div.keep inside its cells.
            columns = ["".join(block[i] for block in blocks) for i in range(len(self.langs))]
            if len(blocks) > 1:
                columns = [f'<div class="keep">{column}</div>' for column in columns]
            return "<tr>" + "".join(f"<td>{column}</td>" for column in columns) + "</tr>"
        joined = [f'<div class="bilingual">{"".join(b)}</div>' if len(b) > 1 else b[0] for b in blocks]
        return joined[0] if len(joined) == 1 else f'<div class="keep">{"".join(joined)}</div>'

    def block(self, tag: str, classes: str, texts: Mapping[Lang, str], attributes: str = "") -> None:
        """One heading or paragraph in every shown language, side by side when parallel."""
        cells = self.cells(tag, classes, texts, attributes)
        if self.paged and tag in ("h2", "h3", "h4"):
            self.pending.append(cells)
            return
        self.out.append(self.group([*self.pending, cells]))
        self.pending = []

    def paragraphs(self, paragraphs: Iterable[Paragraph], labels: dict[str, str] | None = None) -> None:
        for index, paragraph in enumerate(paragraphs):
            classes = paragraph.style + (" changed" if paragraph.id in self.changed else "")
            classes += f" {paragraph.change}" if paragraph.change else ""
            texts = {}
            for lang in self.langs:
                label = escape(labels[lang]) if labels and index == 0 else ""
                if label:
                    label = _marked(label, paragraph.change)
                texts[lang] = label + render_line(paragraph.line(lang), self.invalid, self.echoed)
            self.block("p", classes, texts, f' data-id="{escape(paragraph.id)}"')

    def clause(self, clause: Clause) -> None:
        labels = {"zh": clause.label.zh, "en": clause.label.en + " "}
        if clause.heading is not None:
            texts = {lang: escape(labels[lang] + clause.heading.get(lang)) for lang in self.langs}
            texts = {lang: _marked(text, clause.change) for lang, text in texts.items()}
            anchor = f' id="clause-{escape(clause.id)}"' if clause.level == 1 else ""
            self.block(f"h{min(clause.level + 1, 4)}", f"heading level-{clause.level}", texts, anchor)
            self.paragraphs(clause.paragraphs)
        else:
            self.paragraphs(clause.paragraphs, labels)
        for child in clause.children:
            self.clause(child)

    def body(self, document: Document) -> str:
        """Title, parties, clauses and signature block, in this edition.

        In the print layout (`paged`), the last article's last paragraph, the
        （以下无正文） line and the signatures are one block kept on one page.
        """
        self.pieces(document)
        if self.pending:
            self.out.append(self.group(self.pending))
            self.pending = []
        signature = self.signature(document.signature)
        # A document without signatures (a review memo) has no closing block to keep together.
        closing = self.paged and bool(document.signature)
        last = self.out.pop() if closing and self.out else ""
        main = "\n".join(self.out)
        if self.parallel:
            main = f'<table class="parallel">\n{main}\n</table>'
        if not closing:
            return main + "\n" + signature
        no_text = self.group(
            [self.cells("p", "no-text-below", {lang: escape(NO_TEXT_BELOW.get(lang)) for lang in self.langs})]
        )
        if self.parallel:
            last, no_text = f'<table class="parallel">\n{last}\n</table>', f'<table class="parallel">{no_text}</table>'
        return f'{main}\n<div class="closing">\n{last}\n{no_text}\n{signature}\n</div>'

    def pieces(self, document: Document) -> list[list[str]]:
        """Write the title and the parties, then each article; the blocks written for each of them."""
        self.block("h1", "title", {lang: escape(document.title.get(lang)) for lang in self.langs})
        self.paragraphs(document.front)
        pieces = [self.out[:]]
        for clause in document.clauses:
            start = len(self.out)
            self.clause(clause)
            pieces.append(self.out[start:])
        return pieces

    def signature(self, paragraphs: tuple[Paragraph, ...]) -> str:
        """Each party's lines in its own column (the template lists Party A's, then Party B's)."""
        cells = []
        for column in signature_columns(paragraphs):
            lines = []
            for paragraph in column:
                rendered = {lang: render_line(paragraph.line(lang), self.invalid, self.echoed) for lang in self.langs}
                inner = "".join(
                    f'<span class="sig-line" lang="{_LANG_ATTR[lang]}">{rendered[lang]}</span>' for lang in self.langs
                )
                lines.append(f'<p class="signature" data-id="{escape(paragraph.id)}">{inner}</p>')
            cells.append("<td>" + "".join(lines) + "</td>")
        return f'<table class="signatures"><tr>{"".join(cells)}</tr></table>'


def _body(
    document: Document, changed: frozenset[str], paged: bool = False, invalid: frozenset[str] = frozenset()
) -> str:
    return _Writer(document.edition, changed, paged, invalid).body(document)


@cache
def _style(name: str) -> str:
    return (_LAYOUT / name).read_text(encoding="utf-8")


def render_html_fragment(
    document: Document, changed: frozenset[str] = frozenset(), invalid: frozenset[str] = frozenset()
) -> str:
    """The contract as an HTML fragment with its own scoped style, for embedding in the app.

    Paragraphs in `changed` are marked as departing from the standard text; values of the
    fields in `invalid` are marked as wrong, so the preview never shows one as if it stood.
    """
    edition = document.edition
    body = _body(document, changed, invalid=invalid)
    article = f'<article class="cb-contract edition-{escape(edition)}">\n{body}\n</article>'
    return f"<style>{preview_style()}</style>\n{article}"


def render_html_parts(
    document: Document,
    changed: frozenset[str] = frozenset(),
    invalid: frozenset[str] = frozenset(),
    echoed: frozenset[str] = frozenset(),
) -> list[str]:
    """The fragment (`render_html_fragment`) without its style, cut into articles, each a scoped
    HTML piece: the title and the parties, each article, the signatures (the page holds the
    style once, `preview_style`). The values and blanks of `echoed` fields name their field.

    The app shows each piece as its own element, so after a change the browser takes in
    again only the pieces whose HTML changed, not the whole contract.
    """
    writer = _Writer(document.edition, changed, invalid=invalid, echoed=echoed)
    pieces = writer.pieces(document)
    opening = f'<article class="cb-contract edition-{escape(document.edition)}">\n'
    parts = [
        opening + (f'<table class="parallel">\n{chr(10).join(p)}\n</table>' if writer.parallel else "\n".join(p))
        for p in pieces
    ]
    parts.append(opening + writer.signature(document.signature))
    return [part + "\n</article>" for part in parts]


def preview_style() -> str:
    """The fragment's style sheet, scoped to .cb-contract."""
    return _style("preview.css")


def render_html_document(document: Document, page_numbers_in_css: bool = False, shrinking_engine: bool = False) -> str:
    """The standalone, print-ready page (A4): what the HTML download is, and what becomes the PDF.

    `page_numbers_in_css` adds @page margin boxes with page numbers, for engines that
    support them (WeasyPrint); wkhtmltopdf's pages are numbered after rendering, and
    `shrinking_engine` enlarges the type to make up for its 0.76x page scale.
    """
    edition = document.edition
    langs = edition_languages(edition)
    return (
        layout_environment(_LAYOUT)
        .get_template("print.html.j2")
        .render(
            title=document.printed_title,
            subject=document.subject,
            lang=_LANG_ATTR[langs[0]],
            edition=edition,
            css=Markup(_style("print.css")),
            page_counter=css_page_counter(page_label(edition)),
            page_numbers_in_css=page_numbers_in_css,
            shrinking_engine=shrinking_engine,
            body=Markup(_body(document, frozenset(), paged=True)),
        )
    )


def page_label(edition: str) -> str:
    """How pages are numbered in this edition, with {n} for the page and {m} for the total."""
    chinese, english = "第 {n} 页 / 共 {m} 页", "Page {n} of {m}"
    return {"zh": chinese, "en": english}.get(edition, f"{chinese} · {english}")


def css_page_counter(label: str) -> str:
    """A page label as CSS `content` for an @page margin box: "第 " counter(page) " 页 …"."""
    parts = []
    for piece in re.split(r"(\{[nm]\})", label):
        if piece == "{n}":
            parts.append("counter(page)")
        elif piece == "{m}":
            parts.append("counter(pages)")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)
