"""The builder: clause options in the sidebar, contract details in the form, a live preview beside them."""

from __future__ import annotations

import streamlit as st

from contract_builder.catalog import available_templates
from webapp import (
    download_guard,
    first_paint,
    form_status,
    gallery,
    groups,
    live,
    narrow,
    page_script,
    preview_column,
    review_panel,
    sharing,
    sidebar,
    state,
)
from webapp.language_switch import language_switch, start_interface_language
from webapp.loading import load_template
from webapp.strings import text

MAX_WARNINGS_SHOWN = 20  # a hostile link may carry 1,000 bad parameters

# Hidden, first in the sidebar, on every full run: a download clicked during an edit waits for it;
# a finding's link scrolls the preview to its clause.
page_script.show_hidden(
    page_script.PAGE_SCRIPTS, download_guard.script() + review_panel.links_script(), in_sidebar=True
)
template_ids = available_templates()
if "template" not in st.session_state and st.query_params.get("template") in template_ids:
    st.session_state["template"] = st.query_params.get("template")  # a share link names its template
gallery.remembered()
if gallery.wanted():
    gallery.show(language_switch())
    st.stop()
# A session's first run draws the contract alone, and the whole page follows (webapp.first_paint).
preview_alone = first_paint.preview_alone()
lang = start_interface_language() if preview_alone else language_switch()
if not preview_alone:
    sidebar.template_switch(template_ids, lang)
template = load_template(st.session_state.get("template", template_ids[0]))
gallery.opened(template.id)
state.start(template)
validation, applies = state.current(template)
live.page_started(template, validation, applies)
if not preview_alone:
    groups.plan(template, validation)

# --- Main: the preview beside the details form; then the sidebar -------------------------
# Drawn in the order the user looks for them: an edit's effect, the contract preview, reaches the
# browser first, before the widgets of the form and the sidebar. A detail's change redraws only
# the live parts, the preview column, the status and the share link (webapp.live).
st.title(template.title.get(lang))
warnings = st.session_state.get(state.LINK_WARNINGS)
if warnings:
    st.warning(text("link_warnings", lang))
    lines = [warning.text.get(lang) for warning in warnings]
    more = text("more_warnings", lang).format(count=len(lines) - MAX_WARNINGS_SHOWN)
    st.text("\n".join(lines[:MAX_WARNINGS_SHOWN] + ([more] if len(lines) > MAX_WARNINGS_SHOWN else [])))

several_templates = len(template_ids) > 1
# The first run keeps each element's place (webapp.first_paint): the whole page draws over them.
if preview_alone:
    narrow.placeholder()
else:
    narrow.switch(lang)
form_column, pane_column = st.columns([2, 3], gap="large")
with pane_column:
    preview_column.show(template, lang, several_templates, alone=preview_alone)
if preview_alone:
    with form_column:
        first_paint.form_placeholder(lang)
    first_paint.whole_page_soon(template)
with form_column:
    with st.container(key=narrow.FORM_MARKER):  # marks the column for the narrow-screen switch
        st.subheader(text("variables", lang))
    form_status.show(template, lang)
    groups.show(template, groups.DETAILS, lang)
    # Share and save sit under the form: the preview column stays in view beside it (webapp.preview).
    sharing.show(template, lang, several_templates)

sidebar.show(template, lang)
