"""Markdown output in the zh, en and bilingual editions, escaped so typed text stays literal; a redline
in CriticMarkup ({++inserted++}, {--deleted--}).

The escaping is chosen to hold in both CommonMark/GFM readers (GitHub, editors)
and Python-Markdown (our Markdown→HTML step): characters both accept a
backslash before are backslash-escaped; the rest that some reader treats as
markup (< & $ ~ |) become character references, which all of them decode.
"""

from __future__ import annotations

import re
from functools import lru_cache

from contract_builder.bilingual import edition_languages
from contract_builder.document import Clause, Document, Line, Paragraph

# One pass over the text, so one escape never creates another's trigger.
_SPECIAL = re.compile(r"[\\`*_{}\[\]#>]|[<$~|]|&(?=#?[0-9A-Za-z]+;)")
_ENTITIES = {"<": "&lt;", "$": "&#36;", "~": "&#126;", "|": "&#124;", "&": "&amp;"}
# List markers only count at the start of a line and before a space ("12. ", "12) ");
# - and + are escaped there whatever follows, as --- could also be a rule.
_LIST_MARKER = re.compile(r"^(\d+(?=[.)](\s|$))|(?=[-+]))")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ENTITIES.get(char) or "\\" + char


@lru_cache(maxsize=8192)
def escape(text: str) -> str:
    """Escape inline text so that every Markdown reader shows it literally (cached: most
    text is the template's own wording, the same on every render)."""
    return _SPECIAL.sub(_escape_char, text)


def escape_line_start(markdown: str) -> str:
    """Keep an escaped line from opening a list: 1. → 1\\. and - → \\-."""
    return _LIST_MARKER.sub(lambda match: match.group() + "\\", markdown, count=1)


# A redline's insertions and deletions, in CriticMarkup. Braces in the text itself are
# backslash-escaped by `escape`, so typed text can never close the markup.
_CRITIC = {"inserted": ("{++", "++}"), "deleted": ("{--", "--}")}


def _marked(text: str, change: str) -> str:
    marks = _CRITIC.get(change)
    return f"{marks[0]}{text}{marks[1]}" if marks and text else text


def render_line(line: Line, prefix: str = "", change: str = "") -> str:
    """A paragraph's segments as Markdown; blanks keep their width as escaped underscores. In a
    redline, the number of a whole inserted or deleted paragraph (`change`) is marked with it."""
    head = _marked(escape(prefix), change)
    return escape_line_start(head + "".join(_marked(escape(segment.text), segment.kind) for segment in line))


def render_markdown(document: Document) -> str:
    """The whole contract as Markdown in its edition: zh, en, bilingual (zh then en) or parallel."""
    if document.edition == "parallel":
        return _parallel(document)
    langs = edition_languages(document.edition)
    blocks: list[str] = ["# " + " / ".join(escape(document.title.get(each)) for each in langs)]
    blocks += _paragraphs(document.front, langs)
    for clause in document.clauses:
        blocks += _clause(clause, langs)
    blocks += _paragraphs(document.signature, langs)
    return "\n\n".join(blocks) + "\n"


def _paragraphs(
    paragraphs: tuple[Paragraph, ...], langs: tuple[str, ...], first_prefix: dict[str, str] | None = None
) -> list[str]:
    blocks = []
    for index, paragraph in enumerate(paragraphs):
        for lang in langs:
            prefix = first_prefix[lang] if first_prefix and index == 0 else ""
            text = render_line(paragraph.line(lang), prefix, paragraph.change)
            blocks.append(f"**{text}**" if paragraph.style == "party" else text)
    return blocks


def _clause(clause: Clause, langs: tuple[str, ...]) -> list[str]:
    blocks = []
    prefixes = {"zh": clause.label.zh, "en": clause.label.en + " "}
    if clause.heading is not None:
        # Articles are ##, sections ###, headed items ####: the title alone is #.
        hashes = "#" * (clause.level + 1)
        titles = [_marked(escape(prefixes[lang] + clause.heading.get(lang)), clause.change) for lang in langs]
        blocks.append(f"{hashes} " + " / ".join(titles))
        blocks += _paragraphs(clause.paragraphs, langs)
    else:
        blocks += _paragraphs(clause.paragraphs, langs, first_prefix=prefixes)
    for child in clause.children:
        blocks += _clause(child, langs)
    return blocks


def _parallel(document: Document) -> str:
    """Side by side: a two-column table, one row per heading or paragraph (| is escaped in text)."""
    rows = [f"# {escape(document.title.zh)} / {escape(document.title.en)}", "", "| 中文 | English |", "| --- | --- |"]

    def paragraph_rows(paragraphs: tuple[Paragraph, ...], first_prefix: dict[str, str] | None = None) -> None:
        for index, paragraph in enumerate(paragraphs):
            cells = []
            for lang in ("zh", "en"):
                prefix = first_prefix[lang] if first_prefix and index == 0 else ""
                text = _marked(escape(prefix), paragraph.change) + "".join(
                    _marked(escape(segment.text), segment.kind) for segment in paragraph.line(lang)
                )
                cells.append(f"**{text}**" if paragraph.style == "party" else text)
            rows.append(f"| {cells[0]} | {cells[1]} |")

    def clause_rows(clause: Clause) -> None:
        prefixes = {"zh": clause.label.zh, "en": clause.label.en + " "}
        if clause.heading is not None:
            zh, en = (
                _marked(escape(prefixes[lang] + clause.heading.get(lang)), clause.change) for lang in ("zh", "en")
            )
            rows.append(f"| **{zh}** | **{en}** |")
            paragraph_rows(clause.paragraphs)
        else:
            paragraph_rows(clause.paragraphs, prefixes)
        for child in clause.children:
            clause_rows(child)

    paragraph_rows(document.front)
    for clause in document.clauses:
        clause_rows(clause)
    paragraph_rows(document.signature)
    return "\n".join(rows) + "\n"
