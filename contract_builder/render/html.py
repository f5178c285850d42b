"""HTML output: the contract as an HTML fragment (the app's live preview), every text escaped.

Values the user typed are wrapped in <span class="value">, blank lines in
<span class="blank">, and paragraphs whose wording differs from the standard
text carry class "changed", so a reader sees at a glance what was filled in and
what departs from the seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from contract_builder.document import Clause, Document, Line, Paragraph

_LANG_ATTR = {"zh": "zh-CN", "en": "en"}
PREVIEW_CSS = """
.cb-contract { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", Georgia, serif; line-height: 1.75;
  color: #1f2328; max-width: 60rem; }
.cb-contract h1 { font-size: 1.5rem; text-align: center; margin: 0.5rem 0 1.25rem; }
.cb-contract h2 { font-size: 1.15rem; margin: 1.25rem 0 0.5rem; }
.cb-contract h3, .cb-contract h4 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
.cb-contract p { margin: 0.3rem 0; }
.cb-contract p.party { font-weight: 600; margin-top: 0.75rem; }
.cb-contract p.field, .cb-contract p.signature { margin: 0.1rem 0; }
.cb-contract [lang="en"] { font-family: Georgia, "Times New Roman", serif; }
.cb-contract .bilingual > [lang="en"] { color: #3d4852; }
.cb-contract .value { background: #e8f1fb; border-radius: 2px; padding: 0 2px; }
.cb-contract .blank { color: #8a94a0; }
.cb-contract .changed { border-left: 3px solid #d08700; padding-left: 0.5rem; background: #fff8e6; }
.cb-contract .changed::before { content: "≠ 范本 changed"; float: right; font: 0.7rem sans-serif; color: #9a6400; }
.cb-contract .row { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
.cb-contract .omitted { font: 0.8rem sans-serif; color: #9a6400; margin: 0.25rem 0; }
"""


def render_line(line: Line) -> str:
    """A paragraph's segments as escaped HTML, values and blanks marked."""
    out = []
    for segment in line:
        text = escape(segment.text, quote=True)
        if segment.kind == "value":
            out.append(f'<span class="value">{text}</span>')
        elif segment.kind == "blank":
            out.append(f'<span class="blank">{text}</span>')
        else:
            out.append(text)
    return "".join(out)


class _Writer:
    """Writes one edition's HTML; `langs` are the languages shown, `parallel` puts them side by side."""

    def __init__(self, edition: str, changed: frozenset[str]) -> None:
        self.langs = ("zh", "en") if edition in ("bilingual", "parallel") else (edition,)
        self.parallel = edition == "parallel"
        self.changed = changed
        self.out: list[str] = []

    def block(self, tag: str, classes: str, texts: dict[str, str]) -> None:
        """One heading or paragraph in every shown language, side by side when parallel."""
        cells = [f'<{tag} lang="{_LANG_ATTR[lang]}" class="{classes}">{texts[lang]}</{tag}>' for lang in self.langs]
        if self.parallel:
            self.out.append(f'<div class="row">{"".join(cells)}</div>')
        elif len(cells) > 1:
            self.out.append(f'<div class="bilingual">{"".join(cells)}</div>')
        else:
            self.out.append(cells[0])

    def paragraphs(self, paragraphs: Iterable[Paragraph], labels: dict[str, str] | None = None) -> None:
        for index, paragraph in enumerate(paragraphs):
            classes = paragraph.style + (" changed" if paragraph.id in self.changed else "")
            texts = {}
            for lang in self.langs:
                label = labels[lang] if labels and index == 0 else ""
                texts[lang] = escape(label) + render_line(paragraph.line(lang))
            self.block("p", f'{classes}" data-id="{escape(paragraph.id)}', texts)

    def clause(self, clause: Clause) -> None:
        labels = {"zh": clause.label.zh, "en": clause.label.en + " "}
        if clause.heading is not None:
            texts = {lang: escape(labels[lang] + clause.heading.get(lang)) for lang in self.langs}
            self.block(f"h{min(clause.level + 1, 4)}", "heading", texts)
            self.paragraphs(clause.paragraphs)
        else:
            self.paragraphs(clause.paragraphs, labels)
        for child in clause.children:
            self.clause(child)


def render_html_fragment(document: Document, edition: str, changed: frozenset[str] = frozenset()) -> str:
    """The contract as an HTML fragment with its own scoped style, for embedding in a page."""
    writer = _Writer(edition, changed)
    writer.block("h1", "title", {lang: escape(document.title.get(lang)) for lang in writer.langs})
    writer.paragraphs(document.front)
    for clause in document.clauses:
        writer.clause(clause)
    writer.paragraphs(document.signature)
    body = "\n".join(writer.out)
    return f'<style>{PREVIEW_CSS}</style>\n<article class="cb-contract edition-{escape(edition)}">\n{body}\n</article>'
