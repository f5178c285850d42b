"""What a field's change redraws: the preview column, the status above the form and the share
link, as keyed fragments that rerun alone; the page only when more than they show has changed.

A full rerun sends the browser every element of the page, about 120, and Streamlit's
front end takes some 0.3 s to take them in. After a field changes, only what follows
the answers needs drawing again, about 25 elements: each field's change reruns
the live fragments by key (st.rerun from its callback), and the form's widgets, which
already show what was typed, are left as they are.

The rest of the page depends on the answers only through a few facts: which fields
apply, each field's errors, and whether a callback set answers itself (a fix, a loaded
file, undo): its widgets show what was typed or chosen already. Undo is a live part. The page keeps the facts it was
drawn with; a live fragment that finds them changed asks for the whole page instead, so
a disabled field or an error under a field is never left stale.
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
_LIVE = "_live_fragments"  # the keys of the live fragments the last full run drew
_DRAWN = "_drawn_facts"  # the facts the page was last drawn with
PAGE_RUNS = "_page_runs"  # how many times the whole page was drawn (tests tell page from fragment runs)


def page_started(template: ContractTemplate, validation: Validation, applies: dict[str, bool]) -> None:
    """On each full run, before the live fragments: keep the facts the page is drawn with."""
    st.session_state[_LIVE] = set()
    st.session_state[PAGE_RUNS] = st.session_state.get(PAGE_RUNS, 0) + 1
    st.session_state[_DRAWN] = _facts(template, validation, applies)


def fragment(key: str, body: Callable[..., None]) -> Callable[..., None]:
    """`body` as a live fragment under `key`; it runs with what the answers are now (see `answers`)."""

    def run(*args: Any) -> None:
        st.session_state.setdefault(_LIVE, set()).add(key)
        body(*args)

    run.__qualname__ = run.__name__ = f"live_{body.__name__}"
    return st.fragment(run, key=key)


def answers(template: ContractTemplate) -> tuple[Validation, dict[str, bool]]:
    """The answers as they stand, at the top of a live fragment; the whole page reruns instead
    when they change more than the fragment can show."""
    validation, applies = state.current(template, remember=True)  # a step for undo, if any
    if _facts(template, validation, applies) != st.session_state.get(_DRAWN):
        st.rerun()  # the whole page: it draws these facts
    return validation, applies


def refresh(*extra: str) -> None:
    """Callback of a field: rerun the live fragments alone (and `extra` ones, if drawn)."""
    live = st.session_state.get(_LIVE, set())
    # In this order: the contract's text first, then the status, the tools, the link and undo
    # (which only the first change of a session makes available: once there, it stays).
    undo = () if state.can_undo() else (UNDO,)
    keys = [key for key in (PANE, STATUS, TOOLS, SHARE, *undo, *extra) if key in live]
    if keys:
        st.rerun(keys)


def _facts(template: ContractTemplate, validation: Validation, applies: dict[str, bool]) -> tuple[Any, ...]:
    """What the page outside the live fragments shows of the answers."""
    errors: dict[str, list[str]] = {}
    for message in validation.errors:
        errors.setdefault(message.field, []).append(repr(message.shown or message.text))
    fields = tuple((applies[f], tuple(errors.get(f, ()))) for f in template.fields)
    return state.applied_count(), fields
