"""The column beside the form: the preview (or the comparison), its downloads and the legal review.

A live fragment (webapp.live): a field's change redraws this column alone. It also
keeps the browser's address in step with the answers, so that a reload or a copied
address brings them back.
"""

from __future__ import annotations

import html

import streamlit as st

from contract_builder.assembly import assemble
from contract_builder.changes import changes_from_standard
from contract_builder.share import to_query
from contract_builder.templates import ContractTemplate
from webapp import compare_view, downloads, groups, live, preview, review_panel
from webapp.strings import text


def show(template: ContractTemplate, lang: str, several_templates: bool) -> None:
    """Draw the column: its heading and the 合同预览 / 对比 switch, then the rest as a live fragment."""
    # The heading and the switch share a row: the pane below keeps its height on screen. They do
    # not follow the answers, so they stay out of the fragment (and switching reruns the page).
    title_column, mode_column = st.columns([1, 1], vertical_alignment="bottom")
    title_column.subheader(text("preview", lang))
    with mode_column:
        mode = compare_view.mode_switch(lang)
    preview.style()
    live.fragment(live.PREVIEW, _column)(template, lang, mode, several_templates)


def _column(template: ContractTemplate, lang: str, mode: str, several_templates: bool) -> None:
    validation, _ = live.answers(template)
    groups.remember_wanted(template, validation)  # this run does not draw the panels
    answers = validation.answers
    edition = st.session_state.get("edition", "bilingual")
    document = assemble(template, answers, edition)
    changes = changes_from_standard(template, answers, document)
    blocked = bool(validation.errors)
    invalid = frozenset(message.field for message in validation.errors)
    # The pane is filled before what sits above it: the browser takes in a rerun's elements in
    # the order they are sent, and the contract's text is what the user waits for.
    top, pane = st.container(), st.container()
    findings = review_panel.findings_for(template, answers, edition)
    if mode != "compare":
        with pane:
            preview.show(document, changes, lang, invalid=invalid)
    with top:
        summary = f"{len(changes.changed)} {text('changed_count', lang)}"
        if changes.omitted_clauses:
            omitted = [template.clause_specs[c].heading for c in changes.omitted_clauses]
            summary += f"；{text('omitted', lang)}：" + ", ".join(h.get(lang) for h in omitted if h)
        # One line for both: the preview pane below keeps its height on the screen.
        counts = review_panel.counts_html(findings, lang)
        st.html(f'<div class="cb-summary"><small>{html.escape(summary)}</small>　{counts}</div>')
        if mode == "compare":
            compare_view.show(template, answers, document, lang, blocked=blocked)
        else:
            downloads.offer(template, answers, document, lang, blocked=blocked)
            pane_class = f"st-key-{preview.PANE}"
            review_panel.show(template, answers, document, findings, lang, pane_class, blocked=blocked)
    # Last: the browser rewrites its address (history.pushState) in some 15 ms.
    st.query_params.from_dict(to_query(template, answers, edition, lang, include_template=several_templates))
