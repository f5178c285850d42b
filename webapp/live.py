"""What a field's change redraws: the preview column, the status above the form, the share
link, undo, and the open groups of fields whose state changed, as keyed fragments that rerun
alone; the page only when more than they show has changed.

A full rerun sends the browser every element of the page, about 120, and Streamlit's
front end takes some 0.3 s to take them in. After a field changes, only what follows
the answers needs drawing again, about 25 elements: each field's change reruns
the live fragments by key (st.rerun from its callback), and the widgets, which already
show what was typed, are left as they are.

Each open group of fields is a live part too (`fields`): when a change enables or disables
one of its fields, or finds fault with one, the field's callback reruns that group with the
others (`refresh`). The page keeps the facts it was drawn with and reruns whole only when
something outside the live parts would show otherwise: a callback set answers itself (a
fix, a loaded file, undo: every widget must show the new values), or a field in a closed
panel has a new error (its panel opens, webapp.groups).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from contract_builder.answers import Validation
from contract_builder.templates import ContractTemplate
from webapp import state

PANE, TOOLS, STATUS, SHARE, UNDO = "live_pane", "live_tools", "live_status", "live_share", "live_undo"
CAPITAL = "live_capital:"  # + the money field's id: the amount in words under its box
FIELDS = "live_fields:"  # + a panel's key: the widgets of a group of fields (none while its panel is closed)
EXAMPLES = "live_examples"  # the example answer sets, in their panel (webapp.sidebar)
_LIVE = "_live_fragments"  # the keys of the live fragments the last full run drew
_SHOWN = "_live_fields_shown"  # FIELDS fragment key → the ids of the fields it draws
_DRAWN = "_drawn_facts"  # (applied count, field id → (applies, errors)) as last drawn
STATUS_DRAWN = "_status_drawn"  # what the status above the form last showed (`status_facts`)
PAGE_RUNS = "_page_runs"  # how many times the whole page was drawn (tests tell page from fragment runs)


def page_started(template: ContractTemplate, validation: Validation, applies: dict[str, bool]) -> None:
    """On each full run, before the live fragments: keep the facts the page is drawn with."""
    st.session_state[_LIVE] = set()
    st.session_state[_SHOWN] = {}
    st.session_state[PAGE_RUNS] = st.session_state.get(PAGE_RUNS, 0) + 1
    st.session_state[_DRAWN] = _facts(template, validation, applies)


def fragment(key: str, body: Callable[..., None]) -> Callable[..., None]:
    """`body` as a live fragment under `key`; it runs with what the answers are now (see `answers`)."""

    def run(*args: Any) -> None:
        st.session_state.setdefault(_LIVE, set()).add(key)
        body(*args)

    run.__qualname__ = run.__name__ = f"live_{body.__name__}"
    return st.fragment(run, key=key)


def fields(template: ContractTemplate, key: str, field_ids: list[str], body: Callable[..., None]) -> None:
    """Draw `body(validation, applies)`, the widgets of `field_ids`, as a live part under FIELDS + key,
    while the panel under `key` is open (empty while closed): a change that enables, disables or finds
    fault with one of them redraws this part, not the page, and so does opening or closing the panel."""

    def widgets() -> None:
        if not st.session_state.get(key):
            st.session_state.setdefault(_SHOWN, {})[FIELDS + key] = ()  # a closed panel draws nothing
            return
        validation, applies = answers(template)
        now = _facts(template, validation, applies)[1]
        st.session_state[_DRAWN][1].update((field_id, now[field_id]) for field_id in field_ids)
        st.session_state.setdefault(_SHOWN, {})[FIELDS + key] = tuple(field_ids)
        body(validation, applies)

    fragment(FIELDS + key, widgets)()


def rerun_alone(*fragment_keys: str) -> Callable[[], None]:
    """A callback that reruns the live parts under `fragment_keys` alone, in that order (a panel
    opened or closed, the preview column's view switched)."""
    return lambda: st.rerun(list(fragment_keys))


def answers(template: ContractTemplate) -> tuple[Validation, dict[str, bool]]:
    """The answers as they stand, at the top of a live fragment; the whole page reruns instead
    when they change more than the live parts show."""
    validation, applies = state.current(template, remember=True)  # a step for undo, if any
    if _page_changed(_facts(template, validation, applies)):
        st.rerun()  # the whole page: it draws these facts
    return validation, applies


def refresh(template: ContractTemplate, *extra: str) -> None:
    """Callback of a field: rerun the live parts alone (and `extra` ones, if drawn), with the open
    groups whose fields change; the whole page when more has changed."""
    validation, applies = state.current(template)
    facts = _facts(template, validation, applies)
    if _page_changed(facts):
        st.rerun()
    live = st.session_state.get(_LIVE, set())
    drawn = st.session_state[_DRAWN][1]
    changed = {field_id for field_id, fact in facts[1].items() if fact != drawn.get(field_id)}
    shown = {key: ids for key, ids in st.session_state.get(_SHOWN, {}).items() if key in live}
    groups = [key for key, ids in shown.items() if changed.intersection(ids)]
    inside = {CAPITAL + field_id for key in groups for field_id in shown[key]}  # redrawn with their group
    # In this order: the contract's text first, then the status, the tools, the link and undo
    # (which only the first change of a session makes available: once there, it stays).
    undo = () if state.can_undo() else (UNDO,)
    # The status shows blanks and errors only: most keystrokes leave it as it is.
    status = (STATUS,) if status_facts(template, validation, applies) != st.session_state.get(STATUS_DRAWN) else ()
    wanted = (PANE, *status, TOOLS, SHARE, *undo, *groups, *extra)
    keys = [key for key in wanted if key in live and key not in inside]
    if keys:
        st.rerun(keys)


def status_facts(template: ContractTemplate, validation: Validation, applies: dict[str, bool]) -> tuple[Any, ...]:
    """What the status above the form shows: the blank required fields, how many are required,
    and every error's words."""
    blank = tuple(message.field for message in validation.warnings if message.code == "required_blank")
    required = sum(1 for field in template.fields.values() if field.required and applies[field.id])
    errors = tuple((message.field, repr(message.shown or message.text)) for message in validation.errors)
    return blank, required, errors


def _page_changed(facts: tuple[int, dict[str, tuple[Any, ...]]]) -> bool:
    """Whether the page outside the live parts shows these facts otherwise than it was drawn with:
    a callback set answers itself, or a field no live part draws (its panel closed) has a new
    error, which opens its panel (webapp.groups)."""
    applied, now = facts
    drawn_applied, drawn = st.session_state[_DRAWN]
    if applied != drawn_applied:
        return True
    live = st.session_state.get(_LIVE, set())
    shown = {field_id for key, ids in st.session_state.get(_SHOWN, {}).items() if key in live for field_id in ids}
    return any(now[f][1] != drawn[f][1] for f in now if f not in shown)


def _facts(
    template: ContractTemplate, validation: Validation, applies: dict[str, bool]
) -> tuple[int, dict[str, tuple[Any, ...]]]:
    """The answers as the page shows them beyond their values: whether a callback set them
    itself, and each field's applicability and errors."""
    errors: dict[str, list[str]] = {}
    for message in validation.errors:
        errors.setdefault(message.field, []).append(repr(message.shown or message.text))
    return state.applied_count(), {f: (applies[f], tuple(errors.get(f, ()))) for f in template.fields}
