"""The groups of fields (in the sidebar and in the form), drawn as panels whose widgets exist only while open.

Every widget rides along on every rerun: a hundred of them, mostly in closed panels,
cost the browser about 0.3 s a keystroke. So a panel tells the server whether it is
open (st.expander with on_change), and a closed one draws nothing inside.
Its answers stay in session state: field widgets keep their values while they are
not drawn (persist_state="session", webapp.form). What a group's panel holds is a live
part (webapp.live), drawn in closed panels too, empty: opening or closing the panel
reruns that part alone, not the page (0.2 s sooner, bench/browser.py).

A panel opens by itself when it becomes wanted: it is one of the template's open
groups, or one of its options is chosen (set away from the standard text), or one of
its fields has an error. The user may close it again; it opens by itself only when it
becomes wanted anew (a preset, a fix or a new error).

The template's open groups (the parties) are the exception: plain panels, their widgets
always drawn, open or closed in the browser alone (`open_panel`). They are wanted on
every run, so they never opened by themselves anyway; and a lazy panel's identity
includes its label, so a switch of interface language made it a new panel whose
widgets were all built again (the parties' 18 boxes: about 350 DOM nodes, 25-45 ms of
the switch, bench/browser.py). A plain panel keeps them, and its open state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from contract_builder.answers import Validation
from contract_builder.fields import Field
from contract_builder.templates import ContractTemplate
from webapp import live
from webapp.form import field_widget

OPTIONS, DETAILS = "options", "details"  # the sidebar's clause options; the form's contract details
_WANTED = "_groups_wanted"  # panel key → whether it was wanted on the last run
_OPENED = "_groups_opened"  # panel key → whether it is open on this run of the page (`plan`)


def panel_key(template: ContractTemplate, part: str, group_id: str) -> str:
    """The session-state key of a group's panel (True while open)."""
    return f"group:{template.id}:{part}:{group_id}"


def all_panel_keys(template: ContractTemplate) -> list[str]:
    """Every group panel's key, in the sidebar and in the form."""
    parts = (OPTIONS, DETAILS)
    return [panel_key(template, p, g) for p in parts for g in template.groups if fields_of(template, p, g)]


def fields_of(template: ContractTemplate, part: str, group_id: str) -> list[Field]:
    return [f for f in template.fields.values() if f.group == group_id and f.is_option == (part == OPTIONS)]


def _wanted(template: ContractTemplate, part: str, group_id: str, fields: list[Field], validation: Validation) -> bool:
    wrong = {message.field for message in validation.errors}
    if group_id in template.open_groups or any(f.id in wrong for f in fields):
        return True
    return part == OPTIONS and any(validation.answers.values[f.id] != f.default for f in fields)


def lazy_panel(
    where: DeltaGenerator, label: str, key: str, opened: bool, on_change: Callable[[], None] | None = None
) -> ExpanderContainer:
    """A panel that tells the server whether it is open (`.open`); on this run, open if `opened`.
    Opening or closing it reruns the page, or calls `on_change`.

    Its state is set on every run, before it is drawn (which is when Streamlit allows it): the
    panel's identity includes its label, so after a switch of interface language it is a new
    widget, which would start closed. Its `expanded` argument stays False for the same reason.
    """
    st.session_state[key] = opened
    return where.expander(label, key=key, on_change=on_change or "rerun")


def open_panel(where: DeltaGenerator, label: str, key: str) -> DeltaGenerator:
    """A panel whose widgets are always drawn: it starts open, and opening or closing it stays in
    the browser. Keyed, it stays the same panel whatever its label, and so do its widgets."""
    st.session_state[key] = True  # for its live part (webapp.live.fields): draw the widgets
    return where.expander(label, expanded=True, key=key)


def plan(template: ContractTemplate, validation: Validation) -> None:
    """Decide which panels are open on this run of the page, before anything is drawn.

    Decided up front: the live fragments, drawn before the panels, note what is wanted
    (`remember_wanted`), which must not hide that a panel has just become wanted.
    """
    before = st.session_state.setdefault(_WANTED, {})
    opened = {}
    for key, wanted in _wanted_now(template, validation).items():
        was_open = st.session_state.get(key)
        opened[key] = wanted if was_open is None else was_open or (wanted and not before.get(key, False))
        before[key] = wanted
    st.session_state[_OPENED] = opened


def show(template: ContractTemplate, part: str, lang: str, where: DeltaGenerator | None = None) -> None:
    """Draw each group of this part as a panel, open as `plan` decided, with its fields' widgets only
    if open: a live part each (webapp.live), which a change of one of its fields' state redraws alone."""
    where = where or st.container()
    opened = st.session_state.get(_OPENED, {})
    for group_id, label in template.groups.items():
        fields = fields_of(template, part, group_id)
        if not fields:
            continue
        key = panel_key(template, part, group_id)
        if group_id in template.open_groups:
            panel = open_panel(where, label.get(lang), key)
        else:
            switched = live.rerun_alone(live.FIELDS + key)
            panel = lazy_panel(where, label.get(lang), key, bool(opened.get(key)), on_change=switched)
        with panel:
            live.fields(template, key, [field.id for field in fields], _widgets(template, fields, lang))


def _widgets(
    template: ContractTemplate, fields: list[Field], lang: str
) -> Callable[[Validation, Mapping[str, bool]], None]:
    """The group's widgets, drawn with the answers as they stand (a live part, webapp.live)."""

    def draw(validation: Validation, applies: Mapping[str, bool]) -> None:
        for field in fields:
            field_widget(template, field, lang, validation, applies[field.id])

    return draw


def remember_wanted(template: ContractTemplate, validation: Validation) -> None:
    """Note which panels are wanted now, on a run that does not draw them (a live fragment's).

    Otherwise an option chosen then would make its panel newly wanted on the next run of the
    page, and the panel would open by itself just after the user closed it.
    """
    st.session_state.setdefault(_WANTED, {}).update(_wanted_now(template, validation))


def _wanted_now(template: ContractTemplate, validation: Validation) -> dict[str, bool]:
    """Panel key → whether the panel is wanted with these answers, for every panel in both parts."""
    return {
        panel_key(template, part, group_id): _wanted(template, part, group_id, fields, validation)
        for part in (OPTIONS, DETAILS)
        for group_id in template.groups
        if (fields := fields_of(template, part, group_id))
    }
