"""The builder's sidebar: the template, the edition, examples and undo, and the clause options by group."""

from __future__ import annotations

import streamlit as st

from contract_builder.bilingual import EDITIONS
from contract_builder.templates import ContractTemplate
from webapp import gallery, groups, live, state
from webapp.groups import lazy_panel
from webapp.loading import load_template
from webapp.strings import text

EXAMPLES_PANEL = "examples_panel"


def template_switch(template_ids: list[str], lang: str) -> None:
    """The template selector and the way back to the gallery, when there are several templates.

    Drawn before the template is loaded, unlike the rest of the sidebar: the selector's value is
    only settled once it is drawn (after a switch of language, the browser sends the old title).
    """
    if len(template_ids) > 1:
        st.sidebar.selectbox(text("template", lang), template_ids, key="template",
                             format_func=lambda tid: load_template(tid).title.get(lang))  # fmt: skip
        st.sidebar.button(text("gallery_back", lang), key="gallery_back", on_click=gallery.back,
                          icon=":material/apps:", use_container_width=True)  # fmt: skip


def show(template: ContractTemplate, lang: str) -> None:
    """The edition, undo, the examples, and the clause options by group (drawn after the preview and the form)."""
    sidebar = st.sidebar
    sidebar.radio(text("edition", lang), EDITIONS, key="edition", format_func=lambda e: text(f"edition_{e}", lang),
                  on_change=live.refresh, args=(template,))  # fmt: skip
    with sidebar:
        live.fragment(live.UNDO, _undo)(template, lang)
    # The examples are for a first look: their panel starts closed, which keeps the clause options in
    # view and saves a first visit drawing them (about 0.25 s of first paint, bench/browser.py). It
    # opens by itself to ask before a preset or reset overwrites typed answers. What it holds is a
    # live part: opening and closing the panel, asking and cancelling rerun that part alone.
    switched = live.rerun_alone(live.EXAMPLES)
    panel = lazy_panel(sidebar, text("presets", lang), EXAMPLES_PANEL, _examples_open(), on_change=switched)
    with panel:
        live.fragment(live.EXAMPLES, _examples)(template, lang)
    sidebar.header(text("options", lang))
    groups.show(template, groups.OPTIONS, lang, sidebar)


def _undo(template: ContractTemplate, lang: str) -> None:
    """Undo, a live part: the first edit of a session makes it available without redrawing the page."""
    live.answers(template)
    st.button(text("undo", lang), key="undo", icon=":material/undo:", on_click=state.undo,
              disabled=not state.can_undo(), use_container_width=True)  # fmt: skip


def _examples_open() -> bool:
    """Whether the examples' panel is open: the user opened it, or a preset or reset asks first."""
    return bool(st.session_state.get(EXAMPLES_PANEL)) or st.session_state.get(state.PENDING) is not None


def _examples(template: ContractTemplate, lang: str) -> None:
    """The example answer sets and reset, while their panel is open; over typed answers, they ask first.
    Once one has set the answers, the page reruns (live.answers): every widget shows them."""
    if not _examples_open():
        return
    live.answers(template)
    pending = st.session_state.get(state.PENDING)
    st.caption(text("presets_help", lang))
    for example in template.examples:
        st.button(example.title.get(lang), key=f"preset:{example.id}", on_click=state.ask_or_run,
                  args=(template, "preset", example.id), use_container_width=True)  # fmt: skip
    st.button(text("reset", lang), key="reset", on_click=state.ask_or_run, args=(template, "reset"),
              use_container_width=True)  # fmt: skip
    if pending:
        # Presets and reset overwrite every answer: ask first (and undo stays available after).
        st.warning(text("confirm_overwrite", lang))
        confirm_column, cancel_column = st.columns(2)
        confirm_column.button(text("overwrite", lang), key="confirm_overwrite", type="primary",
                              on_click=state.confirm, args=(template, *pending))  # fmt: skip
        cancel_column.button(text("cancel", lang), key="cancel_overwrite", on_click=state.cancel)
