"""The widget for each kind of field, with its label, help, reason when disabled and messages.

Values are read back from session state (webapp.state), never from the return
values here, so a field that does not apply keeps what the user typed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import streamlit as st

from contract_builder.answers import Validation
from contract_builder.bilingual import pick
from contract_builder.fields import DATE_MAX, DATE_MIN, Field
from contract_builder.money import MAX_AMOUNT, rmb_capital
from contract_builder.templates import ContractTemplate
from webapp import live
from webapp.state import key
from webapp.strings import text


def _capital(widget_key: str, lang: str) -> None:
    """The amount in words (大写) under a money field's box, redrawn alone when the amount changes."""
    value = st.session_state.get(widget_key)
    if value is not None:
        st.caption(f"{text('capital', lang)}：{rmb_capital(Decimal(repr(value)))}")


def _help(field: Field, lang: str) -> str | None:
    return field.help.get(lang) if field.help else None


def field_widget(template: ContractTemplate, field: Field, lang: str, validation: Validation, applies: bool) -> None:
    """Draw one field's widget, disabled with its reason when another option excludes it.

    Its change reruns only the live fragments (webapp.live), and the page when more has changed.
    """
    widget_key = key(template, field.id)
    label = field.label.get(lang) + (" *" if field.required else "")
    # persist_state: a widget in a closed panel is not drawn (webapp.groups), and must not lose its value.
    extra = (live.CAPITAL + field.id,) if field.kind == "money" else ()
    common: dict[str, Any] = {
        "key": widget_key, "help": _help(field, lang), "disabled": not applies, "persist_state": "session",
        "on_change": live.refresh, "args": (template, *extra),
    }  # fmt: skip
    match field.kind:
        case "text":
            st.text_input(label, max_chars=field.max_length, **common)
        case "date":
            st.date_input(label, min_value=DATE_MIN, max_value=DATE_MAX, format="YYYY-MM-DD", **common)
        case "money":
            st.number_input(label, min_value=0.0, max_value=float(MAX_AMOUNT), step=100.0, format="%.2f", **common)
            if applies:
                live.fragment(live.CAPITAL + field.id, _capital)(widget_key, lang)
        case "integer":
            low = int(field.minimum) if field.minimum is not None else 0
            high = int(field.maximum) if field.maximum is not None else None
            st.number_input(label, min_value=low, max_value=high, step=1, **common)
        case "percent":
            ceiling = float(field.maximum) if field.maximum is not None else 100.0
            st.number_input(label, min_value=0.0, max_value=ceiling, step=0.01, format="%g", **common)
        case "toggle":
            st.toggle(label, **common)
        case "choice":
            labels = {choice.value: choice.label.get(lang) for choice in field.choices}
            st.selectbox(label, list(labels), format_func=labels.__getitem__, **common)
        case "multi":
            labels = {choice.value: choice.label.get(lang) for choice in field.choices}
            st.multiselect(label, list(labels), format_func=labels.__getitem__, **common)
    if not applies and field.requires_reason:
        st.caption(pick(lang, "{}：{}", "{}: {}").format(text("not_applicable", lang), field.requires_reason.get(lang)))
    for message in validation.messages_for(field.id):
        if message.level == "error":
            st.error((message.shown or message.text).get(lang), icon="⚠️")
