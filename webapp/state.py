"""Session state: where a user's answers live between reruns, and how links, presets, resets and files fill it.

Each field's widget keeps its value under `<template id>:<field id>`, so two
templates never share a key and switching back finds the answers still there.
Values are only ever written before widgets are drawn (at the top of a run, or
in a callback), which is when Streamlit allows it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from contract_builder.answers import Validation, applicable, validate
from contract_builder.answers_file import parse_answers_bytes, read_answers_file, shorten
from contract_builder.bilingual import Bilingual
from contract_builder.errors import ContractBuilderError
from contract_builder.fields import Field
from contract_builder.share import dropped_link_warning, from_query
from contract_builder.templates import ContractTemplate

LINK_WARNINGS = "_link_warnings"
FROM_LINK = "_opened_with_answers"  # whether the session's link carried answers: a contract to read
SAVED = "_saved_form"  # the form's values and edition, under a key no widget owns
HISTORY = "_undo"  # earlier states of SAVED, newest last
UNDO_STEPS = 20
WORDED = "_worded_widgets"  # widgets to draw anew when the interface language changes
PENDING = "_pending_overwrite"  # a preset or reset waiting for the user to confirm
LOAD_MESSAGE = "_load_message"
APPLIED = "_applied"  # how many times a callback has set answers itself (a fix, a file, a preset)
_CURRENT = "_current"  # the last validation, with the answers it was made from


def key(template: ContractTemplate, field_id: str) -> str:
    """The session-state key of a field's widget."""
    return f"{template.id}:{field_id}"


def widget_value(field: Field, value: Any) -> Any:
    """A typed answer as its widget holds it: numbers as floats, text as str, blanks as None/''."""
    if field.kind == "text":
        return value or ""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return list(value)
    return value


def apply_answers(template: ContractTemplate, values: Mapping[str, Any]) -> None:
    """Put typed answers (all of them, or the few a fix sets) into their fields' widgets."""
    _set_by_callback()
    for field_id, value in values.items():
        st.session_state[key(template, field_id)] = widget_value(template.fields[field_id], value)


def start(template: ContractTemplate) -> None:
    """On a session's first run, fill the form from the link; later, make sure every field has a value."""
    if st.session_state.get("_started") is None:
        st.session_state["_started"] = True
        params = st.query_params.to_dict()
        shared = from_query(template, params)
        st.session_state[FROM_LINK] = bool(shared.answers)
        apply_answers(template, validate(template, shared.answers).answers.values)
        if shared.edition:
            st.session_state["edition"] = shared.edition
        raw_link = _query_string()
        if raw_link and not params:
            shared.warnings.insert(0, dropped_link_warning(template, raw_link))
        st.session_state[LINK_WARNINGS] = shared.warnings
    # Streamlit forgets a widget's key when a page stops drawing it (a visit to the clause
    # library): put back what the form last held, kept under a key no widget owns.
    saved = st.session_state.setdefault(SAVED, {})
    if "edition" not in st.session_state:
        st.session_state["edition"] = saved.get("edition", "bilingual")
    for field_id, field in template.fields.items():
        if key(template, field_id) not in st.session_state:
            st.session_state[key(template, field_id)] = saved.get(
                key(template, field_id), widget_value(field, field.default)
            )
    st.session_state[WORDED] = [
        key(template, field_id) for field_id, field in template.fields.items() if field.kind in ("choice", "multi")
    ] + ["edition", "template"]
    _remember(template)


def forget_widget_keys(template: ContractTemplate) -> None:
    """Drop the fields' and the edition's widget keys; the saved answers keep their values, and the
    next run puts them back as it draws the widgets (`start`). For a run that draws none of them."""
    for name in [key(template, field_id) for field_id in template.fields] + ["edition"]:
        st.session_state.pop(name, None)


def forget_worded_widgets() -> None:
    """Drop the widgets that show their choices in words (choice and multi options, the edition,
    the template selector), so they are drawn anew in the new language from the saved answers
    (the template: from the one open in the session, webapp.gallery.remembered); a widget the
    script leaves as it was keeps showing its old words. They commit on every change, so the
    saved answers hold their latest values; text boxes are kept (one may hold text committed by
    the very click that switched the language)."""
    for name in st.session_state.get(WORDED, ()):
        st.session_state.pop(name, None)


def _snapshot(template: ContractTemplate) -> dict[str, Any]:
    """What the form holds now: every field's widget value, and the edition."""
    snapshot = {key(template, field_id): st.session_state[key(template, field_id)] for field_id in template.fields}
    snapshot["edition"] = st.session_state["edition"]
    return snapshot


def _remember(template: ContractTemplate) -> None:
    """Keep what the form holds outside the widgets, and each earlier state for undo."""
    snapshot = _snapshot(template)
    saved = st.session_state[SAVED]
    if saved and saved != snapshot and saved.keys() == snapshot.keys():
        history = st.session_state.setdefault(HISTORY, [])
        history.append(dict(saved))
        del history[:-UNDO_STEPS]
    st.session_state[SAVED] = snapshot


def edition() -> str:
    """The contract edition chosen in the sidebar."""
    return str(st.session_state.get("edition", "bilingual"))


def _set_by_callback() -> None:
    """Count answers a callback set itself: every widget must be drawn anew (webapp.live)."""
    st.session_state[APPLIED] = applied_count() + 1


def applied_count() -> int:
    return int(st.session_state.get(APPLIED, 0))


def can_undo() -> bool:
    return bool(st.session_state.get(HISTORY))


def undo() -> None:
    """Callback: the answers (and edition) as they were one step before."""
    history = st.session_state.get(HISTORY)
    if not history:
        return
    previous = history.pop()
    for name, value in previous.items():
        st.session_state[name] = value
    st.session_state[SAVED] = previous  # not a new step: undoing twice goes two steps back
    _set_by_callback()


def differs_from_defaults(template: ContractTemplate) -> bool:
    """Whether the form holds anything but the template's defaults (what a preset would overwrite)."""
    return any(
        st.session_state[key(template, field_id)] != widget_value(field, field.default)
        for field_id, field in template.fields.items()
    )


def ask_or_run(template: ContractTemplate, action: str, argument: str = "") -> None:
    """Callback for a preset or reset button: run it at once over default answers, otherwise ask first."""
    if differs_from_defaults(template):
        st.session_state[PENDING] = (action, argument)
    else:
        confirm(template, action, argument)


def confirm(template: ContractTemplate, action: str, argument: str) -> None:
    """Callback: run the preset or reset the user confirmed."""
    st.session_state.pop(PENDING, None)
    if action == "preset":
        preset(template, argument)
    else:
        reset(template)


def cancel() -> None:
    st.session_state.pop(PENDING, None)


def _query_string() -> str:
    """The link's query string as the browser sent it, before Streamlit's limits.

    Streamlit drops a link of over 1,000 parameters (or 512 Ki characters)
    whole and only logs it; st.query_params is then empty. The raw string is
    on the script run context, which is not public API, hence the guard.
    """
    context = get_script_run_ctx()
    return getattr(context, "query_string", "") or ""


def current(template: ContractTemplate, remember: bool = False) -> tuple[Validation, dict[str, bool]]:
    """Validate what the form holds now; fields that do not apply are left out, not lost.

    With `remember`, what changed since the last call is kept as a step for undo, as `start`
    does (a live fragment's run skips the page, and `start` with it).
    """
    if remember:  # before the memo: a field's callback may have validated these answers already
        _remember(template)
    raw = {field_id: st.session_state[key(template, field_id)] for field_id in template.fields}
    # A run draws the page and several live fragments (webapp.live), each asking: validate once.
    made_from = (template.id, repr(raw))
    kept = st.session_state.get(_CURRENT)
    if kept is not None and kept[0] == made_from:
        return kept[1]
    flags = applicable(template, validate(template, raw).answers)
    result = validate(template, {field_id: value for field_id, value in raw.items() if flags[field_id]})
    # Options decide what applies: check again with the answers that now stand.
    current = result, applicable(template, result.answers)
    st.session_state[_CURRENT] = (made_from, current)
    return current


def preset(template: ContractTemplate, example_id: str) -> None:
    """Callback: load one of the template's example answer sets."""
    # A template's example is a file like any other: it may be broken.
    _load(template, lambda: read_answers_file(template.example(example_id).path))


def reset(template: ContractTemplate) -> None:
    """Callback: every field back to the template's default (the seed)."""
    apply_answers(template, {field_id: field.default for field_id, field in template.fields.items()})


def load_file(template: ContractTemplate, uploader_key: str) -> None:
    """Callback: load answers from an uploaded YAML file, or say why not and change nothing."""
    upload = st.session_state.get(uploader_key)
    if upload is None:
        return
    if _load(template, lambda: parse_answers_bytes(upload.getvalue(), upload.name)):
        name = shorten(upload.name)
        st.session_state[LOAD_MESSAGE] = ("success", [Bilingual(zh=name, en=name)])


def _load(template: ContractTemplate, read: Callable[[], dict[str, Any]]) -> bool:
    """Put the answers `read` gives into the form, or keep every reason they cannot be used and change nothing."""
    try:
        raw = read()
    except ContractBuilderError as error:
        st.session_state[LOAD_MESSAGE] = ("error", [error.message])
        return False
    result = validate(template, raw)
    if result.errors:
        st.session_state[LOAD_MESSAGE] = ("error", [message.text for message in result.errors])
        return False
    apply_answers(template, result.answers.values)
    return True
