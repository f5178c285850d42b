"""A whole contract as one Jinja template per language, and the reader of what it prints.

Rendering each paragraph on its own costs a Jinja context per paragraph, which
made assembly twenty times slower than Jinja itself. So a template package is
also compiled into one template per language: every clause and paragraph sits
inside its `when` condition, between private-use markers that name it. One
render gives a stream of marked text, which `read_stream` turns back into
clauses and paragraphs. References print as markers too and are resolved once
the numbering is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jinja2 import Template

from contract_builder.environment import clause_environment

if TYPE_CHECKING:
    from contract_builder.templates import ClauseSpec, ParagraphSpec

# Private-use characters reserved for markers (fill.py uses the first two for
# values, references the last two); templates.py refuses them in clause texts.
MARKER_CHARS = "\ue000\ue001\ue002\ue003\ue004\ue005"
_OPEN, _CLOSE = "\ue002", "\ue003"
_REF_OPEN, _REF_CLOSE = "\ue004", "\ue005"
_REF = re.compile(f"{_REF_OPEN}([^{_REF_CLOSE}]*){_REF_CLOSE}")


def marker(kind: str, name: str = "") -> str:
    """C/c open and close a clause, P/p a paragraph, F/B/S start a section."""
    return f"{_OPEN}{kind}{name}{_CLOSE}"


def reference_marker(clause_id: str) -> str:
    """What ref('clause_id') prints while numbers are not yet known."""
    return f"{_REF_OPEN}{clause_id}{_REF_CLOSE}"


@dataclass
class RawClause:
    """A clause as the stream shows it: its id, raw paragraph texts by id, sub-clauses."""

    id: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)
    children: list[RawClause] = field(default_factory=list)


@dataclass
class Stream:
    """A rendered stream read back: front matter, clause tree and signature block."""

    front: list[tuple[str, str]] = field(default_factory=list)
    clauses: list[RawClause] = field(default_factory=list)
    signature: list[tuple[str, str]] = field(default_factory=list)


def compile_document(
    front: Iterable[ParagraphSpec], clauses: Iterable[ClauseSpec], signature: Iterable[ParagraphSpec], lang: str
) -> Template:
    """One template that prints the whole contract in `lang` as a marked stream."""
    parts: list[str] = []

    def paragraphs(specs: Iterable[ParagraphSpec]) -> None:
        for spec in specs:
            body = f"{marker('P', spec.id)}{spec.source.get(lang)}{marker('p')}"
            parts.append(f"{{% if {spec.when} %}}{body}{{% endif %}}" if spec.when else body)

    def clause(spec: ClauseSpec) -> None:
        parts.append(f"{{% if {spec.when} %}}{marker('C', spec.id)}" if spec.when else marker("C", spec.id))
        paragraphs(spec.paragraphs)
        for child in spec.children:
            clause(child)
        parts.append(f"{marker('c')}{{% endif %}}" if spec.when else marker("c"))

    parts.append(marker("F"))
    paragraphs(front)
    parts.append(marker("B"))
    for spec in clauses:
        clause(spec)
    parts.append(marker("S"))
    paragraphs(signature)
    return clause_environment().from_string("".join(parts))


def read_stream(rendered: str) -> Stream:
    """Split a rendered stream into sections, clauses and raw paragraph texts.

    Each marker starts with U+E002, so splitting there gives one piece per marker:
    its kind and name, then the text up to the next marker (a paragraph's text
    follows its P marker).
    """
    stream = Stream()
    open_clauses: list[RawClause] = []
    section = stream.front
    for piece in rendered.split(_OPEN)[1:]:
        head, _, text = piece.partition(_CLOSE)
        kind = head[:1]
        if kind == "P":
            (open_clauses[-1].paragraphs if open_clauses else section).append((head[1:], text))
        elif kind == "C":
            open_clauses.append(RawClause(head[1:]))
        elif kind == "c":
            finished = open_clauses.pop()
            (open_clauses[-1].children if open_clauses else stream.clauses).append(finished)
        elif kind == "F":
            section = stream.front
        elif kind == "S":
            section = stream.signature
    return stream


def shape(clauses: list[RawClause]) -> list[tuple[str, list[str], list]]:
    """The ids of clauses and paragraphs in a tree, to check two languages line up."""
    return [(c.id, [p for p, _ in c.paragraphs], shape(c.children)) for c in clauses]


def resolve_references(text: str, cite: Callable[[str], str]) -> str:
    """Replace reference markers by the cited clause's number, in the paragraph's language."""
    return _REF.sub(lambda match: cite(match.group(1)), text) if _REF_OPEN in text else text
