"""On a narrow screen (a phone), the form and the preview are two tabs rather than one long page.

Streamlit stacks columns on narrow screens, which put the preview 3,300 px below the
top. The server cannot know the screen's width, so the switch is always drawn, and CSS
media queries show it, and hide the column not chosen, only below Streamlit's own
breakpoint for stacking columns (640 px). Wide screens see both columns and no switch.

A link carrying answers opens on the preview: whoever opens it has a contract to read,
and the first view shows the contract alone (webapp.first_paint), which the whole page
then keeps in view rather than hiding it behind the form.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from webapp import state
from webapp.preview import PANE
from webapp.strings import text

SWITCH = "narrow_view"
FORM, PREVIEW = "form", "preview"
FORM_MARKER, PREVIEW_MARKER = "form_pane", PANE  # keyed containers in each column
_CONTAINER = "narrow_switch"  # the switch's own, with its style sheet


def switch(lang: str) -> None:
    """Draw the form/preview switch for narrow screens, in its place (`placeholder`). A fragment of
    its own: switching reruns the switch and its style sheet alone, not the page."""
    st.session_state.setdefault(SWITCH, PREVIEW if st.session_state.get(state.FROM_LINK) else FORM)
    with placeholder():  # one element, which the page's first run draws empty (webapp.first_paint)
        st.fragment(_switch_and_style)(lang)


def _switch_and_style(lang: str) -> None:
    st.segmented_control(
        text("narrow_view", lang), (FORM, PREVIEW), key=SWITCH, required=True, label_visibility="collapsed",
        format_func=lambda view: text(f"narrow_{view}", lang),
    )  # fmt: skip
    shown = st.session_state.get(SWITCH) or FORM
    hidden = PREVIEW_MARKER if shown == FORM else FORM_MARKER
    st.html(
        f"<style>@media (min-width: 640px) {{ .st-key-{_CONTAINER} {{ display: none; }} }}"
        f'@media (max-width: 639.98px) {{ div[data-testid="stColumn"]:has(.st-key-{hidden}) {{ display: none; }} }}'
        "</style>"
    )


def placeholder() -> DeltaGenerator:
    """The switch's container, where the page draws it."""
    return st.container(key=_CONTAINER)
