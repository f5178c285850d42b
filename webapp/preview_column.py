"""The column beside the form: the preview (or the comparison), its downloads and the legal review.

Two live fragments (webapp.live), which a field's change reruns alone: the pane, first,
since the contract's text is what the user waits for; then the tools above it (the
counts, the downloads, the review). The tools also keep the browser's address in step
with the answers, so that a reload or a copied address brings them back.
"""

from __future__ import annotations

import html

import streamlit as st

from contract_builder.answers import Answers
from contract_builder.assembly import assemble
from contract_builder.bilingual import pick
from contract_builder.changes import Changes, changes_from_standard
from contract_builder.document import Document
from contract_builder.review import Finding
from contract_builder.share import to_query
from contract_builder.templates import ContractTemplate
from webapp import compare_view, downloads, first_paint, groups, live, preview, review_panel, state, typing_echo
from webapp.strings import text

_ASSEMBLED = "_assembled"  # the last contract assembled, with what it was assembled from
_TOOLS_RUNS = "_tools_runs"  # how many times the tools were drawn: the run mark's value


def show(template: ContractTemplate, lang: str, several_templates: bool, alone: bool = False) -> None:
    """Draw the column: its heading and the 合同预览 / 对比 switch, the tools, the pane. `alone`, on a
    session's first run (webapp.first_paint): the heading and the pane, with the switch's, the
    typing echo's and the tools' places kept, so that the whole page draws each over its place."""
    # The heading and the switch share a row: the pane below keeps its height on screen. They do
    # not follow the answers, so they stay out of the fragments. The switch reruns the two
    # fragments alone: the pane draws nothing in the compare view, whose redline the tools draw.
    title_column, mode_column = st.columns([1, 1], vertical_alignment="bottom")
    title_column.subheader(text("preview", lang))
    if not alone:
        with mode_column:
            compare_view.mode_switch(lang, on_change=live.rerun_alone(live.PANE, live.TOOLS))
    preview.style()
    if alone:
        st.empty()  # the typing echo's place
    else:
        typing_echo.show(template, lang)
    tools = st.container()
    live.fragment(live.PANE, _pane)(template, lang)
    with tools:
        if alone:  # the summary line as the tools will draw it: it may wrap, and the room is below it
            answers = live.answers(template)[0].answers
            findings = review_panel.findings_for(template, answers, state.edition())
            first_paint.tools_placeholder(lang, _summary_line(_assembled(template, answers)[1], findings, lang))
        else:
            live.fragment(live.TOOLS, _tools)(template, lang, several_templates)


def _pane(template: ContractTemplate, lang: str) -> None:
    if compare_view.mode() == "compare":
        return  # the tools draw the redline in the pane's place
    validation, _ = live.answers(template)
    document, changes = _assembled(template, validation.answers)
    invalid = frozenset(message.field for message in validation.errors)
    preview.show(document, changes, lang, invalid, typing_echo.echoed_fields(template))


def _tools(template: ContractTemplate, lang: str, several_templates: bool) -> None:
    validation, _ = live.answers(template)
    groups.remember_wanted(template, validation)  # this run does not draw the panels
    answers = validation.answers
    edition = state.edition()
    document, changes = _assembled(template, answers)
    blocked = bool(validation.errors)
    findings = review_panel.findings_for(template, answers, edition)
    # Its data-cb-run changes on every run, after the pane's: the typing echo learns from it that the
    # server's redraw has reached the page, even when the pane's HTML stayed as it was (webapp.typing_echo).
    runs = st.session_state[_TOOLS_RUNS] = st.session_state.get(_TOOLS_RUNS, 0) + 1
    st.html(_summary_line(changes, findings, lang, f'class="cb-summary" {typing_echo.RUN_MARK}="{runs}"'))
    if compare_view.mode() == "compare":
        compare_view.show(template, answers, document, lang, blocked=blocked)
    else:
        downloads.offer(template, answers, document, lang, blocked=blocked)
        review_panel.show(template, answers, document, findings, lang, blocked=blocked)
    # Last: the browser rewrites its address (history.pushState) in some 15 ms.
    st.query_params.from_dict(to_query(template, answers, edition, lang, include_template=several_templates))


def _summary_line(changes: Changes, findings: tuple[Finding, ...], lang: str, attributes: str = "") -> str:
    """The line above the preview: how many paragraphs differ from the standard text, the standard
    clauses left out, and the review's counts. One line for both: the pane below keeps its height."""
    summary = f"{len(changes.changed)} {text('changed_count', lang)}"
    if changes.omitted_names:  # named as the standard text numbers them
        names = pick(lang, "，", ", ").join(name.get(lang) for name in changes.omitted_names)
        summary += pick(lang, "；", "; ") + text("omitted", lang) + pick(lang, "：", ": ") + names
    return f"<div {attributes}><small>{html.escape(summary)}</small>　{review_panel.counts_html(findings, lang)}</div>"


def _assembled(template: ContractTemplate, answers: Answers) -> tuple[Document, Changes]:
    """The contract and how it departs from the standard text, assembled once for both fragments."""
    edition = state.edition()
    made_from = (template.id, edition, repr(answers.values))
    kept = st.session_state.get(_ASSEMBLED)
    if kept is not None and kept[0] == made_from:
        return kept[1]
    document = assemble(template, answers, edition)
    assembled = document, changes_from_standard(template, answers, document)
    st.session_state[_ASSEMBLED] = (made_from, assembled)
    return assembled
