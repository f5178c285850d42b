"""The builder: clause options in the sidebar, contract details in the form, a live preview beside them."""

from __future__ import annotations

import html

import streamlit as st

from contract_builder.assembly import assemble
from contract_builder.bilingual import pick
from contract_builder.catalog import available_templates
from contract_builder.changes import changes_from_standard
from webapp import compare_view, downloads, gallery, groups, narrow, preview, review_panel, sharing, sidebar, state
from webapp.language_switch import language_switch
from webapp.loading import load_template
from webapp.problems import problem_links
from webapp.strings import text

MAX_WARNINGS_SHOWN = 20  # a hostile link may carry 1,000 bad parameters

lang = language_switch()
template_ids = available_templates()
if "template" not in st.session_state and st.query_params.get("template") in template_ids:
    st.session_state["template"] = st.query_params.get("template")  # a share link names its template
gallery.remembered()
if gallery.wanted():
    gallery.show(lang)
    st.stop()
sidebar.template_switch(template_ids, lang)
template = load_template(st.session_state.get("template", template_ids[0]))
gallery.opened(template.id)
state.start(template)
validation, applies = state.current(template)

edition = st.session_state.get("edition", "bilingual")

# --- Main: the preview beside the details form; then the sidebar -------------------------
# Drawn in the order the user looks for them: an edit's effect, the contract preview, reaches the
# browser first, before the hundred-odd widgets of the form and the sidebar.
st.title(template.title.get(lang))
warnings = st.session_state.get(state.LINK_WARNINGS)
if warnings:
    st.warning(text("link_warnings", lang))
    lines = [warning.text.get(lang) for warning in warnings]
    more = text("more_warnings", lang).format(count=len(lines) - MAX_WARNINGS_SHOWN)
    st.text("\n".join(lines[:MAX_WARNINGS_SHOWN] + ([more] if len(lines) > MAX_WARNINGS_SHOWN else [])))

answers = validation.answers
document = assemble(template, answers, edition)
changes = changes_from_standard(template, answers, document)
blank = [m for m in validation.warnings if m.code == "required_blank"]
required_count = sum(1 for f in template.fields.values() if f.required and applies[f.id])

narrow.switch(lang)
form_column, preview_column = st.columns([2, 3], gap="large")
with preview_column:
    # The heading and the 合同预览 / 对比 switch share a row: the pane below keeps its height on screen.
    title_column, mode_column = st.columns([1, 1], vertical_alignment="bottom")
    title_column.subheader(text("preview", lang))
    with mode_column:
        mode = compare_view.mode_switch(lang)
    summary = f"{len(changes.changed)} {text('changed_count', lang)}"
    if changes.omitted_clauses:
        omitted = [template.clause_specs[c].heading for c in changes.omitted_clauses]
        summary += f"；{text('omitted', lang)}：" + ", ".join(h.get(lang) for h in omitted if h)
    findings = review_panel.findings_for(template, answers, edition)
    # One line for both: the preview pane below keeps its height on the screen.
    counts = review_panel.counts_html(findings, lang)
    st.html(f'<div class="cb-summary"><small>{html.escape(summary)}</small>　{counts}</div>')

    if mode == "compare":
        compare_view.show(template, answers, document, lang, blocked=bool(validation.errors))
    else:
        downloads.offer(template, answers, document, lang, blocked=bool(validation.errors))
        pane = f"st-key-{preview.PANE}"
        review_panel.show(template, answers, document, findings, lang, pane, blocked=bool(validation.errors))
        preview.show(document, changes, lang, invalid=frozenset(message.field for message in validation.errors))

with form_column:
    with st.container(key=narrow.FORM_MARKER):  # marks the column for the narrow-screen switch
        st.subheader(text("variables", lang))
    done = required_count - len(blank)
    st.progress(
        done / required_count if required_count else 1.0, text=f"{text('completeness', lang)} {done}/{required_count}"
    )
    if blank:
        names = pick(lang, "、", ", ").join
        listed = names(template.fields[m.field].label.get(lang) for m in blank)
        st.caption(pick(lang, "{}：{}", "{}: {}").format(text("still_blank", lang), listed))
    else:
        st.caption(text("complete", lang))
    if validation.errors:
        # Every problem by its label, here at the top, each a link to its field; the field's group
        # below opens to show the message there too.
        with st.container(border=True):
            st.error(text("errors_heading", lang))
            problems = [(state.key(template, m.field), (m.shown or m.text).get(lang)) for m in validation.errors]
            st.html(problem_links(problems), unsafe_allow_javascript=True)
    groups.show(template, groups.DETAILS, lang, validation, applies)
    # Share and save sit under the form: the preview column stays in view beside it (webapp.preview).
    sharing.show(template, answers, edition, lang, several_templates=len(template_ids) > 1)

sidebar.show(template, lang, validation, applies)
