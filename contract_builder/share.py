"""Share links: answers as readable URL query parameters, and back.

A link carries only the answers that differ from the template's defaults, under
their dotted ids (`?party_a.name=...&fee.monthly=50000&edition=bilingual`), plus
`edition` (as the CLI's --edition; older links say `lang`, which is still read),
`ui` (the interface language) and `v` (the template version). When a later version changes a default, the manifest's
`default_changes` says what it used to be, and an older link gets the old value
back, so it keeps meaning what it meant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from contract_builder.answers import Answers, flatten, validate
from contract_builder.answers_file import shorten
from contract_builder.bilingual import EDITIONS, Bilingual
from contract_builder.errors import ContractBuilderError
from contract_builder.templates import ContractTemplate, version_key

UI_LANGS = ("zh", "en")


@dataclass(frozen=True)
class LinkWarning:
    """A link parameter that was not used, and why."""

    parameter: str
    text: Bilingual


@dataclass
class SharedState:
    """What a link asks for: answers (raw, as typed), edition, interface language, and problems found."""

    answers: dict[str, Any] = field(default_factory=dict)
    edition: str | None = None
    ui: str | None = None
    warnings: list[LinkWarning] = field(default_factory=list)


def encode_value(value: Any) -> str:
    """One answer as URL text: ISO dates, plain numbers, true/false, comma-separated choices."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (list, tuple)):
        return ",".join(value)
    return str(value)


def to_query(
    template: ContractTemplate, answers: Answers, edition: str, ui: str, include_template: bool = False
) -> dict[str, str]:
    """The query parameters for these answers: only what differs from the defaults."""
    params: dict[str, str] = {}
    if include_template:
        params["template"] = template.id
    for field_id, field_def in template.fields.items():
        value = answers.values[field_id]
        if value != field_def.default:
            # A default cleared to blank travels as an empty parameter (?signing.counterparts=).
            params[field_id] = "" if value is None else encode_value(value)
    params["edition"] = edition
    params["ui"] = ui
    params["v"] = template.version
    return params


def from_query(template: ContractTemplate, params: Mapping[str, str | list[str]]) -> SharedState:
    """Read a link: every parameter that makes sense applies; each one that does not is named."""
    state = SharedState()
    for name, raw in params.items():
        value = raw[-1] if isinstance(raw, list) else raw
        if name in ("edition", "lang"):  # lang: the old spelling
            if value in EDITIONS:
                state.edition = value
            else:
                _warn(
                    state,
                    name,
                    value,
                    f"版本只能是 {', '.join(EDITIONS)}",
                    f"edition must be one of {', '.join(EDITIONS)}",
                )
        elif name == "ui":
            if value in UI_LANGS:
                state.ui = value
            else:
                _warn(state, name, value, "界面语言只能是 zh 或 en", "interface language must be zh or en")
        elif name == "v":
            continue
        elif name == "template":
            if value != template.id:
                _warn(state, name, value, f"没有这个模板，已打开「{template.title.zh}」",
                      f"there is no such template; {template.title.en} was opened instead")  # fmt: skip
        elif name in template.fields:
            state.answers[name] = value
        else:
            _warn(state, name, value, "不是本模板的字段", "is not a field of this template")
    _restore_old_defaults(template, params, state)
    # Values that do not fit their field are dropped one by one, with the field's own message.
    result = validate(template, state.answers)
    for message in result.errors:
        if message.field in state.answers:
            value = shorten(str(state.answers.pop(message.field)), _ECHO)
            text = Bilingual(zh=f"{message.text.zh}（已忽略：{value}）", en=f"{message.text.en} (ignored: {value})")
            state.warnings.append(LinkWarning(message.field, text))
    return state


def answers_from_link(template: ContractTemplate, link: str) -> dict[str, Any]:
    """The answers a pasted share link carries (the whole address, or just its query string).
    Unlike opening a link, nothing is dropped quietly: a link with anything unusable is refused,
    every problem named, since a comparison against half a link would mislead."""
    query = link.strip().partition("?")[2] if "?" in link else link.strip()
    params: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True, max_num_fields=_MAX_LINK_FIELDS + 1):
        params.setdefault(name, []).append(value)
    if not params:
        raise ContractBuilderError(Bilingual(zh="链接中没有任何参数", en="the link carries no parameters"))
    state = from_query(template, params)
    if state.warnings:
        texts = [warning.text for warning in state.warnings[:_LINK_PROBLEMS_SHOWN]]
        raise ContractBuilderError(Bilingual(zh="；".join(t.zh for t in texts), en="; ".join(t.en for t in texts)))
    return state.answers


_MAX_LINK_FIELDS = 1000  # what Streamlit accepts in a link
_LINK_PROBLEMS_SHOWN = 5


def dropped_link_warning(template: ContractTemplate, query_string: str) -> LinkWarning:
    """What to say when Streamlit ignored a whole link (over 1,000 parameters or 512 Ki characters).

    Streamlit then passes on no parameter at all, without a word; we name the
    template's fields the link held, so the user knows what was not applied.
    """
    names = [unquote_plus(part.partition("=")[0]) for part in query_string.split("&") if part]
    known = list(dict.fromkeys(name for name in names if name in template.fields))
    listed = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
    zh = f"链接过长（{len(names):,} 个参数、{len(query_string):,} 个字符），整条链接未被应用"
    en = f"the link is too long ({len(names):,} parameters, {len(query_string):,} characters); none of it was applied"
    if known:
        zh += f"；其中的字段：{listed}"
        en += f"; its fields: {listed}"
    return LinkWarning("", Bilingual(zh=zh, en=en))


_ECHO = 40  # the most of a parameter's name or value a warning repeats


def _warn(state: SharedState, name: str, value: str, zh: str, en: str) -> None:
    name, value = shorten(name, _ECHO), shorten(value, _ECHO)
    text = Bilingual(zh=f"链接参数 {name}={value}：{zh}，已忽略", en=f"link parameter {name}={value}: {en}; ignored")
    state.warnings.append(LinkWarning(name, text))


def _restore_old_defaults(template: ContractTemplate, params: Mapping[str, Any], state: SharedState) -> None:
    """A link made before a default changed keeps the default it was made with."""
    raw_version = params.get("v")
    link_version = version_key(raw_version[-1] if isinstance(raw_version, list) else raw_version or "")
    if not link_version:
        return
    for change in template.default_changes:
        if link_version < version_key(change.version):
            for field_id, old_default in flatten(change.defaults).items():
                state.answers.setdefault(field_id, old_default)
