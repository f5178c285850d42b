"""A session's first builder page: the contract first, the form and the tools a moment later.

Someone opening a share link waits to read the contract. Streamlit's front end shows a
run's elements once they have all arrived, so every element of the first run delays the
first sight of the contract (the whole page: about 1.6× a bare Streamlit page; the preview
alone: about 1.3×, bench/browser.py). The session's first run of the builder therefore
draws the title, any link warnings and the preview, with room kept for what comes next,
and ends. A fragment drawn with it has a timer (`run_every`): once the browser has shown
that run, the timer's run asks for the whole page, which the next run draws, over the
first run's elements (each in the same place). The whole page arrives about when it did
when one run drew it. The timer belongs to the fragment, so it stops as soon as a run no
longer draws it: it fires once.
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st

from contract_builder.templates import ContractTemplate
from webapp import state
from webapp.strings import text

# Seconds from the first run's end to the timer's run. At 0.1 s its request reached a browser
# still drawing the first run, and the contract showed later; 0.2 s left it alone.
WHOLE_PAGE_AFTER = 0.2
DUE = "_whole_page_due"  # True from a session's first builder run until the whole page is drawn
_TIMER_SET = "_whole_page_timer_set"

# Room kept above the preview for the tools (downloads, PDF engine, review) that the whole page
# draws there below their summary line, so that the contract does not jump down as the user
# starts to read. The first run draws the summary line itself, which wraps as it will (a link that
# leaves clauses out names them there). The room below it depends on how the buttons wrap: by
# interface language, the room for a column at least so many px wide, narrowest first (measured
# with a share link by bench/tools_room.py; the browser picks it by a container query on the column,
# whatever the sidebar's state).
TOOLS_ROOM_PX = {
    "zh": ((0, 380), (234, 324), (258, 268), (505, 212)),
    "en": ((0, 380), (239, 324), (244, 268), (498, 212)),
}


def preview_alone() -> bool:
    """Whether this run draws the preview alone: the session's first run of the builder."""
    first = DUE not in st.session_state
    st.session_state[DUE] = first
    return first


def form_placeholder(lang: str) -> None:
    """What the form's column shows until the whole page is drawn."""
    st.caption(text("form_loading", lang))


def tools_placeholder(lang: str, summary_line: str) -> None:
    """The tools' summary line (its HTML, as the tools draw it), and room below it for the rest of the
    tools, as high as they will be in this column."""
    rooms = TOOLS_ROOM_PX[lang]
    rules = [f".cb-tools-room {{ height: {rooms[0][1]}px; }}"]
    rules += [
        f"@container (min-width: {width}px) {{ .cb-tools-room {{ height: {px}px; }} }}" for width, px in rooms[1:]
    ]
    style = f"<style>.cb-tools-column {{ container-type: inline-size; }} {' '.join(rules)}</style>"
    st.html(f'{style}<div class="cb-tools-column">{summary_line}<div class="cb-tools-room"></div></div>')


def whole_page_soon(template: ContractTemplate) -> NoReturn:
    """End the first run: the browser asks for the whole page `WHOLE_PAGE_AFTER` after this."""
    # Streamlit keeps a value put under a widget's key in a run that does not draw the widget as
    # plain session state, and brings it back over the user's later choices once the page has
    # been left and drawn again (a visit to the library). So the keys this run filled go: the
    # answers stay saved (webapp.state), and the whole page puts them back as it draws the widgets.
    state.forget_widget_keys(template)
    st.session_state.pop("template", None)  # the template selector's: the link or the gallery names it again
    _timer()
    st.stop()


@st.fragment(run_every=WHOLE_PAGE_AFTER)
def _timer() -> None:
    if st.session_state.get(_TIMER_SET):  # the timer's run (the first was the first run's own call)
        st.rerun(scope="app")
    st.session_state[_TIMER_SET] = True
