"""The marker protocol: private-use characters that carry structure through one Jinja render, written and read here.

A contract is rendered as one Jinja template per language (compiler.py), so
what comes out is a single string. Markers in it say what each piece is:

- structure, U+E002 kind name U+E003: F, B and S start the front matter, the
  body and the signature block; C<id> and c open and close a clause, P<id>
  and p a paragraph (whatever the template prints between markers outside a
  paragraph, such as line breaks around conditions, is dropped);
- values, U+E000 n U+E001: the n-th value printed during the render. A clause
  text never sees what a user typed, only this marker, so a value is never
  parsed as Jinja nor touched by a filter (values.py swaps markers back for the
  value's segments once the render is done);
- references, U+E004 clause-id U+E005: ref('clause') before numbering is known.

Clause texts may not contain these characters (clause_files.py refuses them),
so a marker can only come from us.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

MARKER_CHARS = "\ue000\ue001\ue002\ue003\ue004\ue005"
_VALUE_OPEN, _VALUE_CLOSE = "\ue000", "\ue001"
_OPEN, _CLOSE = "\ue002", "\ue003"
_REF_OPEN, _REF_CLOSE = "\ue004", "\ue005"
_VALUE = re.compile(f"{_VALUE_OPEN}(\\d+){_VALUE_CLOSE}")
_REF = re.compile(f"{_REF_OPEN}([^{_REF_CLOSE}]*){_REF_CLOSE}")
FORBIDDEN_IN_TEXTS = re.compile(f"[{MARKER_CHARS}]")

# --- Writing ---------------------------------------------------------------------------


def structure_marker(kind: str, name: str = "") -> str:
    """C/c open and close a clause, P/p a paragraph, F/B/S start a section."""
    return f"{_OPEN}{kind}{name}{_CLOSE}"


def value_marker(index: int) -> str:
    """What the index-th value printed during a render prints as."""
    return f"{_VALUE_OPEN}{index}{_VALUE_CLOSE}"


def reference_marker(clause_id: str) -> str:
    """What ref('clause_id') prints while numbers are not yet known."""
    return f"{_REF_OPEN}{clause_id}{_REF_CLOSE}"


# --- Reading ---------------------------------------------------------------------------


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


def read_stream(rendered: str) -> Stream:
    """Split a rendered stream into sections, clauses and raw paragraph texts.

    Each structure marker starts with U+E002, so splitting there gives one piece
    per marker: its kind and name, then the text up to the next marker (a
    paragraph's text follows its P marker; text after any other marker is dropped).
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


def has_values(text: str) -> bool:
    """Whether a paragraph's rendered text carries value markers (most carry none)."""
    return _VALUE_OPEN in text


def split_values(text: str) -> list[str | int]:
    """A paragraph's text cut at its value markers: text pieces and value indexes, in order."""
    pieces: list[str | int] = []
    position = 0
    for match in _VALUE.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append(int(match.group(1)))
        position = match.end()
    pieces.append(text[position:])
    return pieces


def resolve_references(text: str, cite: Callable[[str], str]) -> str:
    """Replace reference markers by the cited clause's number, in the paragraph's language."""
    return _REF.sub(lambda match: cite(match.group(1)), text) if _REF_OPEN in text else text
