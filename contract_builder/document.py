"""The document model every renderer walks: numbered clauses of aligned zh/en paragraphs.

A paragraph's text is a tuple of segments, so each renderer knows which words
came from the template, which from the user (to escape, or to highlight as
filled in) and where a blank line stands in for a value not yet given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from contract_builder.bilingual import Bilingual, edition_languages, pick

SegmentKind = Literal["text", "value", "blank", "inserted", "deleted"]
_Node = TypeVar("_Node", bound="_HasChildren")


class _HasChildren(Protocol):
    @property
    def children(self) -> Sequence[Any]: ...


def depth_first(roots: Sequence[_Node]) -> Iterator[_Node]:
    """Every node of a clause tree, parents before children, in reading order."""
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


@dataclass(frozen=True)
class Segment:
    """A run of text: template wording (`text`), a user's answer (`value`) or a `blank` line; in a
    redline (redline.py), words `inserted` or `deleted` since the version compared against."""

    kind: SegmentKind
    text: str
    field: str = ""  # for a value or blank: the field it answers (the preview marks and echoes it by this)


Line = tuple[Segment, ...]


def plain(line: Line) -> str:
    """The words of a line as a reader sees them, with blanks as underscores."""
    return "".join(segment.text for segment in line)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph in both languages; `style` is body, party (a party heading), field or signature."""

    id: str
    zh: Line
    en: Line
    style: str = "body"
    change: str = ""  # in a redline: "inserted" or "deleted" when the whole paragraph is

    def line(self, lang: str) -> Line:
        return pick(lang, self.zh, self.en)


@dataclass(frozen=True)
class Clause:
    """A numbered clause. Without a heading, its label opens its first paragraph."""

    id: str
    path: tuple[int, ...]
    label: Bilingual
    heading: Bilingual | None
    paragraphs: tuple[Paragraph, ...]
    children: tuple[Clause, ...]
    change: str = ""  # in a redline: "inserted", "deleted", or "changed" (its text or a sub-clause's)

    @property
    def level(self) -> int:
        return len(self.path)

    def printed_heading(self, lang: str) -> str:
        """The number and heading as a line: 七、争议解决 / 7. Governing Law (headed clauses only)."""
        assert self.heading is not None
        return f"{self.label.get(lang)}{pick(lang, '', ' ')}{self.heading.get(lang)}"


@dataclass(frozen=True)
class Document:
    """A whole contract, ready for any renderer."""

    template_id: str
    template_version: str
    edition: str
    title: Bilingual
    front: tuple[Paragraph, ...]
    clauses: tuple[Clause, ...]
    signature: tuple[Paragraph, ...]

    @property
    def lead_language(self) -> str:
        """The language the edition leads with: its headings in bookmarks and links, its metadata."""
        return edition_languages(self.edition)[0]

    @property
    def printed_title(self) -> str:
        """The title as its edition prints it: 客服工作服务合同 / Customer Service Outsourcing Agreement."""
        return " / ".join(self.title.get(lang) for lang in edition_languages(self.edition))

    @property
    def subject(self) -> str:
        """A one-line subject for file metadata: the title, the template and version, the edition."""
        return f"{self.printed_title} ({self.template_id} {self.template_version}, {self.edition})"

    def walk(self) -> Iterator[Clause]:
        """Every clause, depth first, in reading order."""
        return depth_first(self.clauses)

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in reading order: front matter, clauses, signature block."""
        yield from self.front
        for clause in self.walk():
            yield from clause.paragraphs
        yield from self.signature


def signature_columns(paragraphs: tuple[Paragraph, ...]) -> list[tuple[Paragraph, ...]]:
    """The signature block by party: templates list Party A's lines then Party B's, so an even
    number of lines splits into two columns printed side by side; otherwise one column."""
    half = len(paragraphs) // 2
    if half and len(paragraphs) % 2 == 0:
        return [paragraphs[:half], paragraphs[half:]]
    return [paragraphs]
