"""Answers as clause texts see them: the one registry of what a text may name, and the value that prints.

A clause text never receives what a user typed as a string. It receives a
`Fill`, whose str() is a value marker (markers.py). After Jinja has rendered
the contract, `SegmentSink.split` swaps each marker for the value's segments.
So a value is never parsed as Jinja, never touched by a filter, and reaches
each renderer labelled as a value, to be escaped for its format.

The vocabulary lives here once: the globals a text or condition may use
(TEXT_GLOBALS, CONDITION_GLOBALS) and the forms each kind of value offers
(FORMS: 大写, words, counts …). Loading checks clause texts against it,
assembly prints with it, the clause library prints labels with it, and the
benchmark's floor precomputes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from contract_builder import money
from contract_builder.bilingual import Bilingual
from contract_builder.document import Line, Segment
from contract_builder.fields import Field, nest
from contract_builder.markers import has_values, split_values, value_marker
from contract_builder.numbering import chinese_count

# Names a clause text may use besides the answers (see text_context), and a condition.
TEXT_GLOBALS = frozenset({"ref", "text", "blank", "edition"})
CONDITION_GLOBALS = frozenset({"edition"})
_MONTHS = "January February March April May June July August September October November December".split()
# Widths of the blank lines printed for values not yet given, as in the seed's ______.
BLANK_TEXT = "__________"
BLANK_SHORT = "______"
BLANK_NUMBER = "____"

Segments = tuple[Segment, ...]


def _blank(text: str = BLANK_TEXT) -> Segment:
    return Segment("blank", text)


def _value(text: str) -> Segment:
    return Segment("value", text)


def _text(text: str) -> Segment:
    return Segment("text", text)


# --- How each kind of value prints, and each form it offers --------------------------------


def _print_value(kind: str, value: Any, lang: str) -> Segments:
    if kind == "text":
        return (_value(value),) if value is not None else (_blank(),)
    if kind == "date":
        return _date_segments(value, lang)
    if kind == "money":
        return (_value(money.figure(value)),) if value is not None else (_blank(BLANK_SHORT),)
    if kind == "integer":
        return (_value(str(value)),) if value is not None else (_blank(BLANK_NUMBER),)
    if kind == "percent":
        if value is None:
            return (_blank(BLANK_NUMBER), _text("%"))
        return (_value(f"{value.normalize():f}%"),)
    raise AssertionError(f"no printed form for {kind}")


def _capital(value: Any, lang: str, unit: str) -> Segments:
    # Blank as ______元整, as the seed prints it.
    if value is None:
        return (_blank(BLANK_SHORT), _text("元整"))
    return (_value(money.rmb_capital(value)),)


def _words(value: Any, lang: str, unit: str) -> Segments:
    return (_value(money.rmb_words(value)),) if value is not None else (_blank(),)


def _cn_count(value: Any, lang: str, unit: str) -> Segments:
    if value is None:
        return (_blank(BLANK_NUMBER),)
    return (_value(chinese_count(value) if value else "零"),)


def _en_count(value: Any, lang: str, unit: str) -> Segments:
    if value is None:
        return (_blank(BLANK_NUMBER), _text(f" {unit}(s)"))
    noun = unit if value == 1 else f"{unit}s"
    return (_value(f"{money.english_number(value).lower()} ({value})"), _text(f" {noun}"))


def _ordinal(value: Any, lang: str, unit: str) -> Segments:
    if value is None:
        return (_blank(BLANK_NUMBER),)
    suffix = "th" if value % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return (_value(f"{value}{suffix}"),)


@dataclass(frozen=True)
class Form:
    """A form a value offers to clause texts ({{ fee.monthly.capital }}), for one kind of field."""

    kind: str
    description: str
    # How the clause library names it after the field's label ("，大写" / ", in words").
    label: Bilingual = Bilingual("", "")
    # The segments it prints: (value, lang, unit) → segments. None: a value of the same kind.
    printer: Callable[[Any, str, str], Segments] | None = None
    takes_unit: bool = False  # called with the unit: {{ term.years.en_count('year') }}
    derive: Callable[[Any], Any] | None = None  # the derived value, for forms that give a value


FORMS: Mapping[str, Form] = {
    "capital": Form("money", "the amount in 大写: 伍万元整", Bilingual("大写", "in words"), _capital),
    "words": Form("money", "the amount in English words", Bilingual("大写", "in words"), _words),
    "cn_count": Form("integer", "a count before a Chinese measure word: 两 in 一式两份", printer=_cn_count),
    "en_count": Form("integer", "an English count: two (2) years", printer=_en_count, takes_unit=True),
    "ordinal": Form("integer", "an English ordinal: 1st, 2nd, 3rd, 11th", printer=_ordinal),
    "half": Form("integer", "half of the number (each party's counterparts)",
                 derive=lambda value: None if value is None else value // 2),
}  # fmt: skip


def forms_of(kind: str) -> tuple[str, ...]:
    """The forms a kind of value offers, for checking clause texts when a template loads."""
    return tuple(name for name, form in FORMS.items() if form.kind == kind)


Printer = Callable[[str, Any, str, str | None, str], Segments]


def print_answer(kind: str, value: Any, lang: str, form: str | None, unit: str) -> Segments:
    """The contract's printer: the value itself, or one of its forms."""
    if form is None:
        return _print_value(kind, value, lang)
    printer = FORMS[form].printer
    assert printer is not None
    return printer(value, lang, unit)


class Fill:
    """One variable's answer in one language; prints as a value marker, offers the forms in FORMS."""

    __slots__ = ("_sink", "_kind", "_value", "_lang", "_printer", "_field")

    def __init__(
        self, sink: SegmentSink, kind: str, value: Any, lang: str, printer: Printer = print_answer, field: str = ""
    ) -> None:
        self._sink = sink
        self._kind = kind
        self._value = value
        self._lang = lang
        self._printer = printer
        self._field = field

    def __str__(self) -> str:
        return self._sink.mark(self._printer(self._kind, self._value, self._lang, None, ""), self._field)

    def __bool__(self) -> bool:
        return self._value is not None

    def __getattr__(self, name: str) -> Any:
        # Only the registry's forms exist; anything else (a misspelling, or the
        # sandbox probing for unsafe attributes) is missing, as on any object.
        form = FORMS.get(name)
        if form is None or form.kind != self._kind:
            raise AttributeError(f"{name} is not a form of a {self._kind} value")
        if form.derive is not None:
            return Fill(self._sink, self._kind, form.derive(self._value), self._lang, self._printer, self._field)
        if form.takes_unit:
            return lambda unit: _Printed(
                self._sink, self._printer(self._kind, self._value, self._lang, name, unit), self._field
            )
        return _Printed(self._sink, self._printer(self._kind, self._value, self._lang, name, ""), self._field)


class _Printed:
    """A form of a Fill (大写, words, counts): prints as a value marker, nothing more."""

    __slots__ = ("_sink", "_segments", "_field")

    def __init__(self, sink: SegmentSink, segments: Segments, field: str = "") -> None:
        self._sink = sink
        self._segments = segments
        self._field = field

    def __str__(self) -> str:
        return self._sink.mark(self._segments, self._field)


def _date_segments(value: dt.date | None, lang: str) -> Segments:
    if lang == "zh":
        if value is None:
            # ____年__月__日, the way a Chinese form leaves a date to be written in.
            return (_blank("____"), _text("年"), _blank("__"), _text("月"), _blank("__"), _text("日"))
        return (_value(f"{value.year}年{value.month}月{value.day}日"),)
    if value is None:
        return (_blank(),)
    return (_value(f"{value.day} {_MONTHS[value.month - 1]} {value.year}"),)


# --- Splicing values back into rendered text ------------------------------------------------


class SegmentSink:
    """Collects the segments of every Fill printed during one render and splices them back."""

    def __init__(self) -> None:
        self._pieces: list[Segments] = []

    def mark(self, segments: Segments, field: str = "") -> str:
        """Keep a value's segments (its value and blank runs tagged with the field they answer); return
        its marker."""
        if field:
            segments = tuple(Segment(s.kind, s.text, field) if s.kind in ("value", "blank") else s for s in segments)
        self._pieces.append(segments)
        return value_marker(len(self._pieces) - 1)

    def split(self, rendered: str, lang: str) -> Line:
        """Turn rendered text with value markers into segments, tidying the template's white space."""
        if not has_values(rendered):
            return _plain_line(rendered, lang)
        out: list[Segment] = []
        for piece in split_values(rendered):
            if isinstance(piece, int):
                out.extend(self._pieces[piece])
            else:
                _append_text(out, piece, lang)
        if out and out[0].kind == "text":
            out[0] = _text(out[0].text.lstrip())
        if out and out[-1].kind == "text":
            out[-1] = _text(out[-1].text.rstrip())
        return tuple(segment for segment in out if segment.text)


_WHITE_SPACE = re.compile(r"\s+")
_SPACE_BY_CHINESE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


@lru_cache(maxsize=8192)
def tidy(text: str, lang: str) -> str:
    """YAML folding and Jinja blocks leave line breaks and runs of spaces; a paragraph
    is one line, and Chinese wants no space next to Chinese characters. (Cached: the
    same template wording comes back on every render.)"""
    text = _WHITE_SPACE.sub(" ", text)
    if lang == "zh" and " " in text:
        text = _SPACE_BY_CHINESE.sub("", text)
    return text


@lru_cache(maxsize=4096)
def _plain_line(rendered: str, lang: str) -> Line:
    """A paragraph of template wording only (most are): the same on every render, so cached."""
    text = tidy(rendered, lang).strip()
    return (_text(text),) if text else ()


def _append_text(out: list[Segment], text: str, lang: str) -> None:
    text = tidy(text, lang)
    if not text:
        return
    if out and out[-1].kind == "text":
        out[-1] = _text(out[-1].text + text)
    else:
        out.append(_text(text))


# --- The context a clause text is rendered with ---------------------------------------------


def join_choices(texts: list[str], lang: str) -> str:
    """List chosen items the way each language does: 电话、邮件 / telephone, email and chat."""
    if lang == "zh":
        return "、".join(texts)
    if len(texts) < 2:
        return "".join(texts)
    return ", ".join(texts[:-1]) + " and " + texts[-1]


def text_context(
    fields: Mapping[str, Field],
    values: Mapping[str, Any],
    lang: str,
    sink: SegmentSink,
    edition: str,
    ref: Callable[[str], str],
) -> dict[str, Any]:
    """The Jinja context for rendering clause texts in `lang`: answers nested by their dotted ids."""
    context: dict[str, Any] = {}
    for field_id, field in fields.items():
        value = values[field_id]
        if field.fallback and value is None:
            value = values[field.fallback]
        if field.is_option:
            nest(context, field_id, value)
            continue
        # A blank English name prints the Chinese one: the value answers the fallback field.
        source = field.fallback if field.fallback and values[field_id] is None else field_id
        nest(context, field_id, Fill(sink, field.kind, value, lang, field=source or field_id))

    def text(option_id: str) -> str:
        field = fields[option_id]
        chosen = values[option_id]
        chosen = chosen if isinstance(chosen, list) else [chosen]
        return join_choices([field.choice(value).text.get(lang) for value in chosen], lang)

    def blank(kind: str = "text") -> Fill:
        return Fill(sink, kind, None, lang)

    context.update(ref=ref, text=text, blank=blank, edition=edition)
    return context
