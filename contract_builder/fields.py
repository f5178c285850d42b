"""The typed fields a template declares: variables (text, dates, money, numbers) and options.

A field is read from a manifest with `Field.parse`, and turns what a user typed
into a typed value with `Field.coerce`, which raises `FieldProblem` naming a
message code from `messages.py` when the input will not do.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from contract_builder.bilingual import Bilingual
from contract_builder.errors import TemplateError
from contract_builder.money import MAX_AMOUNT, round_fen
from contract_builder.package_yaml import parse_bilingual

VARIABLE_KINDS = ("text", "date", "money", "integer", "percent")
OPTION_KINDS = ("toggle", "choice", "multi")
KINDS = VARIABLE_KINDS + OPTION_KINDS
FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates outside this window are typing mistakes in a service contract.
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
DEFAULT_MAX_LENGTH = 200
# Characters no contract may carry: controls (also break Markdown and Word XML),
# line and paragraph separators, bidi overrides that can disguise text, and
# Unicode non-characters.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")


def nest(target: dict[str, Any], dotted_id: str, value: Any) -> None:
    """Set `value` at a dotted id in nested dicts: nest(d, "party_a.name", x) → d["party_a"]["name"] = x."""
    *parents, leaf = dotted_id.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value


class FieldProblem(ValueError):
    """Why a value does not fit its field: a message code and the numbers it quotes."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Choice:
    """One value of a choice or multi option: its UI label and the words it puts in the contract."""

    value: str
    label: Bilingual
    text: Bilingual


@dataclass(frozen=True)
class Field:
    """One variable or option of a template, with everything needed to ask for it and check it."""

    id: str
    kind: str
    label: Bilingual
    group: str
    help: Bilingual | None = None
    default: Any = None
    required: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_length: int = DEFAULT_MAX_LENGTH
    choices: tuple[Choice, ...] = ()
    # A Jinja expression over the other answers; while it is false the field does
    # not apply, and setting it to anything but its default is an error.
    requires: str | None = None
    requires_reason: Bilingual | None = None
    # The field whose value stands in while this one is blank (English names).
    fallback: str | None = None

    @property
    def is_option(self) -> bool:
        return self.kind in OPTION_KINDS

    def choice(self, value: str) -> Choice:
        return next(choice for choice in self.choices if choice.value == value)

    @classmethod
    def parse(cls, raw: Any, where: str) -> Field:
        """Read one field declaration from a manifest, checking every key."""
        if not isinstance(raw, Mapping):
            raise TemplateError(f"{where}: expected a mapping")
        known = {
            "id", "type", "label", "group", "help", "default", "required", "min", "max",
            "max_length", "choices", "requires", "requires_reason", "fallback",
        }  # fmt: skip
        unknown = set(raw) - known
        if unknown:
            raise TemplateError(f"{where}: unknown keys {sorted(unknown)}")
        field_id = raw.get("id")
        if not isinstance(field_id, str) or not FIELD_ID.match(field_id):
            raise TemplateError(f"{where}.id: expected a dotted id like party_a.name, got {field_id!r}")
        where = f"{where} ({field_id})"
        kind = raw.get("type")
        if kind not in KINDS:
            raise TemplateError(f"{where}.type: expected one of {', '.join(KINDS)}, got {kind!r}")
        choices = tuple(_parse_choice(item, f"{where}.choices[{i}]") for i, item in enumerate(raw.get("choices") or ()))
        if kind in ("choice", "multi") and not choices:
            raise TemplateError(f"{where}.choices: a {kind} option needs choices")
        if choices and kind not in ("choice", "multi"):
            raise TemplateError(f"{where}.choices: only choice and multi options have choices")
        if ("requires" in raw) != ("requires_reason" in raw):
            raise TemplateError(f"{where}: requires and requires_reason go together")
        result = cls(
            id=field_id,
            kind=kind,
            label=parse_bilingual(raw.get("label"), f"{where}.label"),
            group=_required_str(raw, "group", where),
            help=parse_bilingual(raw["help"], f"{where}.help") if "help" in raw else None,
            required=bool(raw.get("required", False)),
            minimum=_decimal_or_none(raw.get("min"), f"{where}.min"),
            maximum=_decimal_or_none(raw.get("max"), f"{where}.max"),
            max_length=int(raw.get("max_length", DEFAULT_MAX_LENGTH)),
            choices=choices,
            requires=raw.get("requires"),
            requires_reason=(
                parse_bilingual(raw["requires_reason"], f"{where}.requires_reason")
                if "requires_reason" in raw
                else None
            ),
            fallback=raw.get("fallback"),
        )
        default = raw.get("default", _implicit_default(result))
        try:
            default = result.coerce(default)
        except FieldProblem as problem:
            raise TemplateError(f"{where}.default: {default!r} does not fit ({problem.code})") from None
        if default is None and kind in OPTION_KINDS:
            raise TemplateError(f"{where}.default: an option needs a default")
        return replace(result, default=default)

    def coerce(self, raw: Any) -> Any:
        """Turn what a user gave (YAML/JSON value or form string) into this field's typed value.

        Blank input (None or only spaces) means "not filled in" and gives None for
        variables; options always have a value.
        """
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            if self.kind in ("toggle", "choice", "multi"):
                raise FieldProblem(f"type_{self.kind}")
            return None
        return _COERCERS[self.kind](self, raw)


def _parse_choice(raw: Any, where: str) -> Choice:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("value"), str):
        raise TemplateError(f"{where}: expected a mapping with a string value")
    label = parse_bilingual(raw.get("label"), f"{where}.label")
    text = parse_bilingual(raw["text"], f"{where}.text") if "text" in raw else label
    return Choice(value=raw["value"], label=label, text=text)


def _required_str(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise TemplateError(f"{where}.{key}: expected text")
    return value


def _decimal_or_none(raw: Any, where: str) -> Decimal | None:
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        raise TemplateError(f"{where}: expected a number, got {raw!r}") from None


def _implicit_default(f: Field) -> Any:
    if f.kind == "toggle":
        return False
    if f.kind == "choice":
        return f.choices[0].value
    if f.kind == "multi":
        return []
    return None


def _check_range(f: Field, value: Decimal) -> None:
    if f.minimum is not None and value < f.minimum:
        raise FieldProblem("below_min", min=f.minimum)
    if f.maximum is not None and value > f.maximum:
        raise FieldProblem("above_max", max=f.maximum)


def _coerce_text(f: Field, raw: Any) -> str:
    if not isinstance(raw, str):
        # YAML reads 010 as 8 and yes as True: refuse rather than print a changed value.
        raise FieldProblem("type_text")
    bad = _FORBIDDEN.search(raw)
    if bad:
        raise FieldProblem("forbidden_char", char=f"U+{ord(bad.group()):04X}")
    for char in raw:
        # Cs: lone surrogates. Cf: invisible format characters (zero-width spaces, LRM/RLM, a
        # byte-order mark, tag characters) that make two names look equal when they are not.
        # U+FFFD: what bad percent-encoding or a wrong encoding leaves behind.
        category = unicodedata.category(char)
        if char == "\ufffd" or category in ("Cs", "Cf"):
            raise FieldProblem("forbidden_char", char="surrogate" if category == "Cs" else f"U+{ord(char):04X}")
    if len(raw) > f.max_length:
        raise FieldProblem("too_long", max_length=f.max_length)
    return raw


def _coerce_date(f: Field, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        raise FieldProblem("type_date")
    if isinstance(raw, str):
        if not _ISO_DATE.match(raw):
            raise FieldProblem("type_date")
        try:
            raw = dt.date.fromisoformat(raw)
        except ValueError:
            raise FieldProblem("type_date") from None
    if not isinstance(raw, dt.date):
        raise FieldProblem("type_date")
    if not DATE_MIN <= raw <= DATE_MAX:
        raise FieldProblem("date_range", min=DATE_MIN.isoformat(), max=DATE_MAX.isoformat())
    return raw


def _number(raw: Any, code: str) -> Decimal:
    """A finite Decimal from an int, float or numeric string (commas and spaces allowed)."""
    if isinstance(raw, bool):
        raise FieldProblem(code)
    if isinstance(raw, float):
        raw = repr(raw)  # the shortest text that reads back as this float: 0.1, not 0.1000000000000000055
    if isinstance(raw, str):
        raw = raw.replace(",", "").replace("，", "").replace(" ", "")
    if not isinstance(raw, (int, str, Decimal)):
        raise FieldProblem(code)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise FieldProblem(code) from None
    if not value.is_finite():
        raise FieldProblem(code)
    # -0 is zero: never "人民币-0.00元" or "-0%".
    return value.copy_abs() if value.is_zero() else value


def _coerce_money(f: Field, raw: Any) -> Decimal:
    value = _number(raw, "type_money")
    if value < 0:
        raise FieldProblem("negative")
    _check_range(f, value)
    if value > MAX_AMOUNT:
        raise FieldProblem("above_max", max=MAX_AMOUNT)
    return round_fen(value)


def _coerce_integer(f: Field, raw: Any) -> int:
    value = _number(raw, "type_integer")
    if value != value.to_integral_value():
        raise FieldProblem("not_whole")
    if value < 0:
        raise FieldProblem("negative")
    _check_range(f, value)
    return int(value)


def _coerce_percent(f: Field, raw: Any) -> Decimal:
    if isinstance(raw, str):
        raw = raw.removesuffix("%")
    value = _number(raw, "type_percent")
    if value < 0:
        raise FieldProblem("negative")
    if value > 100:
        raise FieldProblem("percent_range")
    _check_range(f, value)
    # A rate like 0.05 (per cent) is printed as typed; more than four decimals is noise.
    if value.as_tuple().exponent < -4:  # type: ignore[operator]
        raise FieldProblem("percent_precision")
    return value


def _coerce_toggle(f: Field, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.lower() in ("true", "false", "yes", "no", "on", "off", "1", "0"):
        return raw.lower() in ("true", "yes", "on", "1")
    raise FieldProblem("type_toggle")


def _coerce_choice(f: Field, raw: Any) -> str:
    values = [choice.value for choice in f.choices]
    if raw not in values:
        raise FieldProblem("choice", choices=", ".join(values))
    return raw


def _coerce_multi(f: Field, raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(",")]
    if not isinstance(raw, (list, tuple)):
        raise FieldProblem("type_multi")
    values = [choice.value for choice in f.choices]
    unknown = [item for item in raw if item not in values]
    if unknown:
        raise FieldProblem("choice", choices=", ".join(values))
    if not raw:
        raise FieldProblem("multi_empty")
    # Keep the manifest's order so the contract lists channels the same way every time.
    return [value for value in values if value in raw]


_COERCERS = {
    "text": _coerce_text,
    "date": _coerce_date,
    "money": _coerce_money,
    "integer": _coerce_integer,
    "percent": _coerce_percent,
    "toggle": _coerce_toggle,
    "choice": _coerce_choice,
    "multi": _coerce_multi,
}
