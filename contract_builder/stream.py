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
# values); templates.py refuses them in clause texts.
MARKER_CHARS = "\ue000\ue001\ue002\ue003"
_OPEN, _CLOSE = "\ue002", "\ue003"
_TOKEN = re.compile(f"{_OPEN}([CcPpFBS])([^{_CLOSE}]*){_CLOSE}")
_REF = re.compile(f"{_OPEN}R([^{_CLOSE}]*){_CLOSE}")


def marker(kind: str, name: str = "") -> str:
    """C/c open and close a clause, P/p a paragraph, R is a reference, F/B/S start a section."""
    return f"{_OPEN}{kind}{name}{_CLOSE}"


def reference_marker(clause_id: str) -> str:
    """What ref('clause_id') prints while numbers are not yet known."""
    return marker("R", clause_id)


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
    """Split a rendered stream into sections, clauses and raw paragraph texts."""
    stream = Stream()
    open_clauses: list[RawClause] = []
    section = stream.front
    paragraph_id = ""
    position = 0
    for match in _TOKEN.finditer(rendered):
        kind, name = match.groups()
        if kind == "p":
            target = open_clauses[-1].paragraphs if open_clauses else section
            target.append((paragraph_id, rendered[position : match.start()]))
        elif kind == "P":
            paragraph_id = name
        elif kind == "C":
            open_clauses.append(RawClause(name))
        elif kind == "c":
            finished = open_clauses.pop()
            (open_clauses[-1].children if open_clauses else stream.clauses).append(finished)
        else:
            section = {"F": stream.front, "B": [], "S": stream.signature}[kind]
        position = match.end()
    return stream


def shape(clauses: list[RawClause]) -> list[tuple[str, list[str], list]]:
    """The ids of clauses and paragraphs in a tree, to check two languages line up."""
    return [(c.id, [p for p, _ in c.paragraphs], shape(c.children)) for c in clauses]


def resolve_references(text: str, cite: Callable[[str], str]) -> str:
    """Replace reference markers by the cited clause's number, in the paragraph's language."""
    return _REF.sub(lambda match: cite(match.group(1)), text) if _OPEN in text else text
