"""Scripts the builder puts in the page: each drawn in a container that takes no room, and all
reading Streamlit's run state the same way (webapp.download_guard, webapp.typing_echo)."""

from __future__ import annotations

import streamlit as st

# JavaScript for a script's body. running(): whether a script run is going, from Streamlit's
# `data-test-script-state` on its app ("notRunning" when idle). That attribute is there for
# Streamlit's own tests, not an API: without it (another version), never running. STILL_MS: how
# long the page must stay idle before a change's runs are over (a field's callback replaces its
# own run with the live parts', webapp.live).
RUN_STATE = """const STILL_MS = 150;
  const running = () => {
    const state = document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state');
    return state != null && state !== 'notRunning';
  };"""


PAGE_SCRIPTS = "cb_page_scripts"  # the page-wide scripts' container, first in the sidebar


def show_hidden(container: str, html: str, in_sidebar: bool = False) -> None:
    """Draw `html` (a script, and any style it needs) in a keyed container hidden from view, where
    the page is drawing (or in the sidebar)."""
    hidden = f'<style>[data-testid="stLayoutWrapper"]:has(> .st-key-{container}) {{ display: none; }}</style>'
    (st.sidebar if in_sidebar else st).container(key=container).html(hidden + html, unsafe_allow_javascript=True)
