"""The builder: clause options in the sidebar, contract details in the form, a live preview beside them."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from contract_builder.answers import dump_answers
from contract_builder.assembly import assemble
from contract_builder.bilingual import EDITIONS, pick
from contract_builder.catalog import available_templates
from contract_builder.changes import changes_from_standard
from contract_builder.filenames import download_name
from contract_builder.share import to_query
from webapp import compare_view, downloads, gallery, narrow, preview, review_panel, state
from webapp.form import field_widget
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
if len(template_ids) > 1:
    st.sidebar.selectbox(text("template", lang), template_ids, key="template",
                         format_func=lambda tid: load_template(tid).title.get(lang))  # fmt: skip
    st.sidebar.button(text("gallery_back", lang), key="gallery_back", on_click=gallery.back,
                      icon=":material/apps:", use_container_width=True)  # fmt: skip
template = load_template(st.session_state.get("template", template_ids[0]))
gallery.opened(template.id)
state.start(template)
validation, applies = state.current(template)

# --- Sidebar: edition, examples, clause options ---------------------------------
sidebar = st.sidebar
sidebar.radio(text("edition", lang), EDITIONS, key="edition", format_func=lambda e: text(f"edition_{e}", lang))
edition = st.session_state.get("edition", "bilingual")
with sidebar.expander(text("presets", lang), expanded=True):
    st.caption(text("presets_help", lang))
    for example in template.examples:
        st.button(example.title.get(lang), key=f"preset:{example.id}", on_click=state.ask_or_run,
                  args=(template, "preset", example.id), use_container_width=True)  # fmt: skip
    st.button(text("reset", lang), key="reset", on_click=state.ask_or_run, args=(template, "reset"),
              use_container_width=True)  # fmt: skip
    pending = st.session_state.get(state.PENDING)
    if pending:
        # Presets and reset overwrite every answer: ask first (and undo stays available after).
        st.warning(text("confirm_overwrite", lang))
        confirm_column, cancel_column = st.columns(2)
        confirm_column.button(text("overwrite", lang), key="confirm_overwrite", type="primary",
                              on_click=state.confirm, args=(template, *pending))  # fmt: skip
        cancel_column.button(text("cancel", lang), key="cancel_overwrite", on_click=state.cancel)
    st.button(text("undo", lang), key="undo", icon=":material/undo:", on_click=state.undo,
              disabled=not state.can_undo(), use_container_width=True)  # fmt: skip
wrong = {message.field for message in validation.errors}
sidebar.header(text("options", lang))
for group_id, group in template.groups.items():
    options = [f for f in template.fields.values() if f.is_option and f.group == group_id]
    if options:
        # Open where the user is working: the template's open groups, and groups with a chosen or wrong
        # option. A closed group costs the browser little; 36 open options cost ~0.4 s per keystroke.
        chosen = any(validation.answers.values[f.id] != f.default or f.id in wrong for f in options)
        with sidebar.expander(group.get(lang), expanded=group_id in template.open_groups or chosen):
            for field in options:
                field_widget(template, field, lang, validation, applies[field.id])

# --- Main: details form and preview ------------------------------------------------
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
    for group_id, group in template.groups.items():
        variables = [f for f in template.fields.values() if not f.is_option and f.group == group_id]
        if variables:
            expanded = group_id in template.open_groups or any(f.id in wrong for f in variables)
            with st.expander(group.get(lang), expanded=expanded):
                for field in variables:
                    field_widget(template, field, lang, validation, applies[field.id])

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

# Share and save sit under the form: the preview column stays in view beside it (webapp.preview).
with form_column:
    st.subheader(text("share", lang))
    params = to_query(template, answers, edition, lang, include_template=len(template_ids) > 1)
    st.query_params.from_dict(params)
    base = st.context.url or ""
    st.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
    st.caption(f"{text('share_link', lang)} — {text('share_link_help', lang)}")
    st.download_button(text("save_answers", lang), data=dump_answers(template, answers).encode("utf-8"),
                       file_name=download_name(template, answers, edition, "yaml"), mime="application/x-yaml",
                       on_click="ignore", key="save_yaml")  # fmt: skip
    st.file_uploader(text("load_answers", lang), type=["yaml", "yml", "json"], key="load_yaml",
                     on_change=state.load_file, args=(template, "load_yaml"))  # fmt: skip
    message = st.session_state.pop(state.LOAD_MESSAGE, None)
    if message:
        kind, lines = message
        if kind == "error":
            st.error(text("load_failed", lang))
            st.text("\n".join(line.get(lang) for line in lines))
        else:
            # The file name is the uploader's text: shown with st.text, never read as Markdown.
            st.success(text("loaded", lang))
            st.text(lines[0].get(lang))
