"""What every page shows around its content: the interface-language switch.

The switch is drawn by each page rather than by app.py: widgets drawn in the
entry point before st.navigation are dropped from AppTest's element tree on
reruns, and every page must work the same in AppTest and in the browser. The
chosen language lives under "ui", outside any widget, so a page switch (which
forgets the other page's widgets) keeps it.
"""

from __future__ import annotations

import streamlit as st

from webapp.state import forget_worded_widgets
from webapp.strings import UI_LANGS, text

_NAMES = {"zh": "中文", "en": "English"}
SWITCH = "ui_switch"


def start_interface_language() -> str:
    """The interface language, taken once from a share link (?ui=en), Chinese otherwise."""
    if st.session_state.get("ui") not in UI_LANGS:
        requested = st.query_params.get("ui")
        st.session_state["ui"] = requested if requested in UI_LANGS else "zh"
    return st.session_state["ui"]


def _switched() -> None:
    if st.session_state.get(SWITCH) in UI_LANGS:
        st.session_state["ui"] = st.session_state[SWITCH]
        # Widgets whose choices are worded in the interface language keep showing the old
        # words (or no selection at all) in the browser when only their wording changes:
        # drop them, and the builder draws them afresh from its saved answers (webapp.state).
        forget_worded_widgets()


def language_switch() -> str:
    """Draw the switch at the top of the sidebar; returns the language now chosen."""
    lang = start_interface_language()
    st.session_state[SWITCH] = lang
    st.sidebar.segmented_control(
        text("ui_language", lang), UI_LANGS, key=SWITCH, required=True, format_func=_NAMES.__getitem__,
        on_change=_switched,
    )  # fmt: skip
    return lang
