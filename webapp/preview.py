"""The preview pane: the contract in a scroll box that stays in view, and the way to what just changed.

The pane is sticky beside the long form, with its own scroll bar. Above it, the
articles whose wording departs from the standard text are listed as links into
it. After each change, the pane scrolls to the first paragraph whose text
changed and flashes it, so a sidebar click shows its effect where the user is
looking. The script that does so carries only our own paragraph ids.
"""

from __future__ import annotations

import json
from html import escape

import streamlit as st

from contract_builder.changes import Changes
from contract_builder.document import Document, depth_first, plain
from contract_builder.render.html import preview_style, render_html_parts
from webapp.strings import text

_TEXTS = "_preview_texts"  # paragraph id → its text on the last run, to find what a change touched
_RUNS = "_preview_runs"
PANE = "preview_pane"

# The column holding the pane stays in view while the form scrolls; the pane scrolls on its own.
_STYLE = f"""<style>
div[data-testid="stColumn"]:has(.st-key-{PANE}) {{ position: sticky; top: 3.75rem; align-self: flex-start; }}
.st-key-{PANE} {{ max-height: calc(100vh - 23rem); overflow-y: auto; padding-right: 0.5rem; }}
.cb-flash {{ animation: cb-flash 2.5s ease-out; }}
@keyframes cb-flash {{ from {{ background: #ffe08a; }} to {{ background: transparent; }} }}
.cb-changes a {{ margin-right: 0.8rem; white-space: nowrap; }}
</style>"""

# Scroll the pane (not the page) to a paragraph and flash it; the page keeps its place.
_SCRIPT = """<script>
setTimeout(() => {
  const pane = document.querySelector('.st-key-%s');
  const target = pane && pane.querySelector('[data-id=' + JSON.stringify(%s) + ']');
  if (!target) return;
  pane.scrollTop += target.getBoundingClientRect().top - pane.getBoundingClientRect().top - pane.clientHeight / 3;
  target.classList.add('cb-flash');
  setTimeout(() => target.classList.remove('cb-flash'), 2600);
}, 150); // run %d
</script>"""


def style() -> None:
    """The pane's style: drawn once by the page, outside the live fragment that redraws the pane."""
    # Held here once: a style sheet inside the pane's HTML would be parsed anew on every change,
    # and a new sheet makes the browser restyle the whole page.
    st.html(_STYLE.replace("</style>", preview_style() + "</style>"))


def show(
    document: Document,
    changes: Changes,
    lang: str,
    invalid: frozenset[str] = frozenset(),
    echoed: frozenset[str] = frozenset(),
) -> None:
    """Draw the changed-articles links and the sticky preview pane, and bring the latest change into view.

    The pane's style (`style`) must be on the page. The places of `echoed` fields are named
    for the script that shows what is typed in them (webapp.typing_echo).
    """
    texts = {paragraph.id: plain(paragraph.zh) + "\n" + plain(paragraph.en) for paragraph in document.paragraphs()}
    before = st.session_state.get(_TEXTS)
    st.session_state[_TEXTS] = texts
    touched = [pid for pid, value in texts.items() if before is not None and before.get(pid) != value]
    with st.container(key=PANE):
        links = _changed_articles(document, changes)
        if links:
            label = escape(text("changed_articles", lang))
            st.html(f'<div class="cb-changes"><small>{label}：</small>{"".join(links)}</div>')
        else:  # its place kept: the articles below keep theirs, and are not all sent and drawn anew
            st.empty()
        # An element per article: after a change, the browser takes in again only the articles
        # whose HTML changed (an unchanged element is neither sanitized nor written anew).
        for part in render_html_parts(document, changes.changed, invalid, echoed):
            st.html(part)
    if touched:
        runs = st.session_state[_RUNS] = st.session_state.get(_RUNS, 0) + 1
        st.html(_SCRIPT % (PANE, json.dumps(touched[0]), runs), unsafe_allow_javascript=True)


def _changed_articles(document: Document, changes: Changes) -> list[str]:
    """A link for each article holding a paragraph that differs from the standard text."""
    links = []
    for clause in document.clauses:
        paragraphs = [p.id for c in depth_first((clause,)) for p in c.paragraphs]
        if any(pid in changes.changed for pid in paragraphs) and clause.heading is not None:
            title = clause.printed_heading(document.lead_language)
            links.append(f'<a href="#clause-{escape(clause.id)}">{escape(title)}</a>')
    return links
