"""Answers as clause texts see them, and how rendered text is split back into segments.

A clause text never receives what a user typed as a string. It receives a
`Fill`, whose str() is an opaque marker (U+E000 n U+E001). After Jinja has
rendered the paragraph, `SegmentSink.split` swaps each marker for the value's
segments. So a value is never parsed as Jinja, never touched by a filter, and
reaches each renderer labelled as a value, to be escaped for its format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from contract_builder import money
from contract_builder.document import Line, Segment
from contract_builder.fields import Field, nest
from contract_builder.numbering import chinese_count

# Attributes a clause text may read from a variable, by kind (templates.py checks them at load).
FILL_ATTRIBUTES: Mapping[str, tuple[str, ...]] = {
    "money": ("capital", "words"),
    "integer": ("cn_count", "en_count", "half", "ordinal"),
}
_MARKER = re.compile("\ue000(\\d+)\ue001")
_MONTHS = "January February March April May June July August September October November December".split()
# Widths of the blank lines printed for values not yet given, as in the seed's ______.
BLANK_TEXT = "__________"
BLANK_SHORT = "______"
BLANK_NUMBER = "____"


def _blank(text: str = BLANK_TEXT) -> Segment:
    return Segment("blank", text)


def _value(text: str) -> Segment:
    return Segment("value", text)


class SegmentSink:
    """Collects the segments of every Fill printed during one render and splices them back."""

    def __init__(self) -> None:
        self._pieces: list[tuple[Segment, ...]] = []

    def mark(self, segments: tuple[Segment, ...]) -> str:
        self._pieces.append(segments)
        return f"\ue000{len(self._pieces) - 1}\ue001"

    def split(self, rendered: str, lang: str) -> Line:
        """Turn rendered text with markers into segments, tidying the template's white space."""
        if "\ue000" not in rendered:
            return _plain_line(rendered, lang)
        out: list[Segment] = []
        position = 0
        for match in _MARKER.finditer(rendered):
            _append_text(out, rendered[position : match.start()], lang)
            out.extend(self._pieces[int(match.group(1))])
            position = match.end()
        _append_text(out, rendered[position:], lang)
        if out and out[0].kind == "text":
            out[0] = Segment("text", out[0].text.lstrip())
        if out and out[-1].kind == "text":
            out[-1] = Segment("text", out[-1].text.rstrip())
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
    return (Segment("text", text),) if text else ()


def _append_text(out: list[Segment], text: str, lang: str) -> None:
    text = tidy(text, lang)
    if not text:
        return
    if out and out[-1].kind == "text":
        out[-1] = Segment("text", out[-1].text + text)
    else:
        out.append(Segment("text", text))


class Fill:
    """One variable's answer in one language; prints as a marker, exposes derived forms."""

    __slots__ = ("_sink", "_kind", "_value", "_lang")

    def __init__(self, sink: SegmentSink, kind: str, value: Any, lang: str) -> None:
        self._sink = sink
        self._kind = kind
        self._value = value
        self._lang = lang

    def __str__(self) -> str:
        return self._sink.mark(self._segments())

    def __bool__(self) -> bool:
        return self._value is not None

    def _segments(self) -> tuple[Segment, ...]:
        value, lang = self._value, self._lang
        if self._kind == "text":
            return (_value(value),) if value is not None else (_blank(),)
        if self._kind == "date":
            return _date_segments(value, lang)
        if self._kind == "money":
            return (_value(money.figure(value)),) if value is not None else (_blank(BLANK_SHORT),)
        if self._kind == "integer":
            return (_value(str(value)),) if value is not None else (_blank(BLANK_NUMBER),)
        if self._kind == "percent":
            if value is None:
                return (_blank(BLANK_NUMBER), Segment("text", "%"))
            return (_value(f"{value.normalize():f}%"),)
        raise AssertionError(f"no printed form for {self._kind}")

    def _derived(self, segments: tuple[Segment, ...]) -> _Printed:
        return _Printed(self._sink, segments)

    def _need(self, kind: str, attribute: str) -> None:
        if self._kind != kind:
            raise AttributeError(f"{attribute} is for {kind} fields")

    @property
    def capital(self) -> _Printed:
        """The amount in 大写; blank as ______元整, as the seed prints it."""
        self._need("money", "capital")
        if self._value is None:
            return self._derived((_blank(BLANK_SHORT), Segment("text", "元整")))
        return self._derived((_value(money.rmb_capital(self._value)),))

    @property
    def words(self) -> _Printed:
        """The amount in English words: Renminbi Fifty Thousand Yuan Only."""
        self._need("money", "words")
        if self._value is None:
            return self._derived((_blank(),))
        return self._derived((_value(money.rmb_words(self._value)),))

    @property
    def cn_count(self) -> _Printed:
        """A count before a Chinese measure word: 两 in 一式两份."""
        self._need("integer", "cn_count")
        if self._value is None:
            return self._derived((_blank(BLANK_NUMBER),))
        return self._derived((_value(chinese_count(self._value) if self._value else "零"),))

    def en_count(self, unit: str) -> _Printed:
        """An English count in the legal style: `two (2) years`, `one (1) month`."""
        self._need("integer", "en_count")
        if self._value is None:
            return self._derived((_blank(BLANK_NUMBER), Segment("text", f" {unit}(s)")))
        noun = unit if self._value == 1 else f"{unit}s"
        words = money.english_number(self._value).lower()
        return self._derived((_value(f"{words} ({self._value})"), Segment("text", f" {noun}")))

    @property
    def ordinal(self) -> _Printed:
        """An English ordinal: 1st, 2nd, 3rd, 11th, 22nd."""
        self._need("integer", "ordinal")
        if self._value is None:
            return self._derived((_blank(BLANK_NUMBER),))
        number = self._value
        suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return self._derived((_value(f"{number}{suffix}"),))

    @property
    def half(self) -> Fill:
        """Half of a whole number (each party's share of the counterparts)."""
        self._need("integer", "half")
        return Fill(self._sink, "integer", None if self._value is None else self._value // 2, self._lang)


class _Printed:
    """A derived form of a Fill (大写, words, counts): prints as a marker, nothing more."""

    __slots__ = ("_sink", "_segments")

    def __init__(self, sink: SegmentSink, segments: tuple[Segment, ...]) -> None:
        self._sink = sink
        self._segments = segments

    def __str__(self) -> str:
        return self._sink.mark(self._segments)


def _date_segments(value: dt.date | None, lang: str) -> tuple[Segment, ...]:
    if lang == "zh":
        if value is None:
            # ____年__月__日, the way a Chinese form leaves a date to be written in.
            return (
                _blank("____"), Segment("text", "年"), _blank("__"), Segment("text", "月"),
                _blank("__"), Segment("text", "日"),
            )  # fmt: skip
        return (_value(f"{value.year}年{value.month}月{value.day}日"),)
    if value is None:
        return (_blank(),)
    return (_value(f"{value.day} {_MONTHS[value.month - 1]} {value.year}"),)


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
            item: Any = value
        else:
            item = Fill(sink, field.kind, value, lang)
        nest(context, field_id, item)

    def text(option_id: str) -> str:
        field = fields[option_id]
        chosen = values[option_id]
        chosen = chosen if isinstance(chosen, list) else [chosen]
        return join_choices([field.choice(value).text.get(lang) for value in chosen], lang)

    def blank(kind: str = "text") -> Fill:
        return Fill(sink, kind, None, lang)

    context.update(ref=ref, text=text, blank=blank, edition=edition)
    return context


def raw_context(values: Mapping[str, Any], edition: str) -> dict[str, Any]:
    """The context for conditions and checks: the typed answers themselves, nested."""
    context: dict[str, Any] = {"edition": edition}
    for field_id, value in values.items():
        nest(context, field_id, value)
    return context
