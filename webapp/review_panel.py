"""The review panel beside the preview: what the legal review finds, why, where, and a click that fixes it.

The review runs on every change (contract_builder.review: one Jinja render for
all rules). Findings can be seen for one side ("I act for Party A"), the clauses
they concern are marked in the preview, and a fix sets only the answers it
names, through the same session state as typing, so undo, the share link and
the preview follow.
"""

from __future__ import annotations

import hashlib
from html import escape

import streamlit as st

from contract_builder.answers import Answers
from contract_builder.bilingual import pick
from contract_builder.document import Document, depth_first
from contract_builder.filenames import download_name
from contract_builder.memo import review_memo
from contract_builder.numbering import reference_en, reference_zh
from contract_builder.render.markdown import render_markdown
from contract_builder.review import (
    SEVERITY_NAMES,
    SIDE_NAMES,
    Finding,
    counts,
    fix_description,
    for_side,
    recommended_options,
    review,
)
from contract_builder.risks import RiskRule
from contract_builder.templates import ContractTemplate
from webapp import state
from webapp.downloads import Offer, download_button, made_on_click
from webapp.preview import PANE
from webapp.strings import text

SIDE = "review_side"
PANEL = "review_panel"
TOAST = "_review_toast"
_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#9e9e9e"}
_PANE_CLASS = f"st-key-{PANE}"  # the preview pane, which the links scroll and the style marks

# A finding's clause link scrolls the preview pane to the clause's first paragraph and flashes it.
# One listener on the page serves every link, whenever it is drawn: installed by a script drawn
# with the page, not with the panel, whose links could be clicked before a script beside them ran.
_SCRIPT = """<script>
(() => {
  if (window.cbReviewLinks) return;
  window.cbReviewLinks = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('.cb-review a[data-clause]');
    if (!link) return;
    event.preventDefault();
    const pane = document.querySelector('.%s');
    const target = pane && pane.querySelector('[data-id^="' + CSS.escape(link.dataset.clause) + '."]');
    if (!target) return;
    pane.scrollTop += target.getBoundingClientRect().top - pane.getBoundingClientRect().top - pane.clientHeight / 3;
    target.classList.add('cb-flash');
    setTimeout(() => target.classList.remove('cb-flash'), 2600);
  }, true);
})();
</script>"""


def links_script() -> str:
    """The script behind the finding links (once per page, however often it is drawn)."""
    return _SCRIPT % _PANE_CLASS


def findings_for(template: ContractTemplate, answers: Answers, edition: str) -> tuple[Finding, ...]:
    """The findings for the side the user acts for (all of them when neutral)."""
    side = st.session_state.get(SIDE, "neutral")
    return for_side(review(template, answers, edition), None if side == "neutral" else side)


def highlight_style(template: ContractTemplate, findings: tuple[Finding, ...]) -> str:
    """CSS marking, in the preview, each paragraph of a clause a finding concerns (its worst severity)."""
    worst: dict[str, str] = {}
    for finding in reversed(findings):  # most serious last, so it wins
        for clause_id in finding.rule.clauses:
            for clause in depth_first((template.clause_specs[clause_id],)):
                worst[clause.id] = finding.severity
    rules = [
        f'.{_PANE_CLASS} [data-id^="{clause_id}."] '
        f"{{ border-left: 3px solid {_COLOURS[severity]}; padding-left: 6px; }}"
        for clause_id, severity in worst.items()
    ]
    return "<style>" + "\n".join(rules) + "</style>" if rules else ""


def counts_html(findings: tuple[Finding, ...], lang: str) -> str:
    """风险提示：● 高 3 ● 中 5 ● 低 7, for the line above the preview. The counts are not in the panel's
    label: a label that changes makes the browser draw a new, closed panel after every fix."""
    tally = counts(findings)
    badges = " ".join(
        f'<span style="color:{_COLOURS[severity]}">●</span> {escape(name.get(lang))} {tally[severity]}'
        for severity, name in SEVERITY_NAMES.items()
    )
    label = escape(text("review", lang)) + pick(lang, "：", ": ")
    return f'<span class="cb-review-counts">{label}{badges}</span>'


def show(
    template: ContractTemplate,
    answers: Answers,
    document: Document,
    findings: tuple[Finding, ...],
    lang: str,
    blocked: bool,
) -> None:
    """The panel: the side switch, each finding with its fix, the memo downloads."""
    toast = st.session_state.pop(TOAST, None)
    if toast:
        st.toast(toast, icon=":material/check:")
    # Drawn only while open: some 15 findings of six elements each would otherwise ride
    # along on every rerun, unseen.
    panel = st.expander(text("review_open", lang), icon=":material/gavel:", key=PANEL, on_change="rerun")
    if not panel.open:
        return
    with panel:
        if findings:
            st.html(highlight_style(template, findings))
        st.caption(text("review_help", lang))
        sides = ("neutral", "party_a", "party_b")
        side_column, all_column = st.columns([3, 2])
        side_column.segmented_control(
            text("review_side", lang), sides, key=SIDE, default="neutral", format_func=lambda s: text(f"side_{s}", lang)
        )
        all_column.button(text("apply_all", lang), key="apply_all", help=text("apply_all_help", lang),
                          on_click=_apply_all, args=(template,), disabled=template.recommended is None,
                          icon=":material/auto_fix_high:", use_container_width=True)  # fmt: skip
        if not findings:
            st.success(text("review_none", lang))
        else:
            # Its own scroll box: the preview stays in view below the open panel.
            with st.container(height=380, key="review_findings"):
                for finding in findings:
                    _finding(template, document, finding, lang)
        _memo(template, answers, document, findings, lang, blocked)


def _finding(template: ContractTemplate, document: Document, finding: Finding, lang: str) -> None:
    """One finding as one block of escaped HTML and its button: two elements, not seven, so an
    open panel costs little on each rerun."""
    rule = finding.rule
    colon = pick(lang, "：", ": ")
    parts = [
        f'<p class="cb-finding-title"><span style="color:{_COLOURS[rule.severity]}">●</span> '
        f"<b>{escape(rule.title.get(lang))}</b></p>",
        f"<small>{escape(text('review_harms', lang) + colon + SIDE_NAMES[rule.harms].get(lang))}</small>",
        f"<p>{escape(rule.explanation.get(lang))}</p>",
    ]
    if rule.basis:
        cited = pick(lang, "；", "; ").join(citation.text(lang) for citation in rule.basis)
        parts.append(f'<p class="cb-basis"><small>{escape(text("review_basis", lang) + colon + cited)}</small></p>')
    links = _clause_links(document, rule, lang)
    if links:
        parts.append(f"<p><small>{escape(text('review_clauses', lang) + colon)}</small>{links}</p>")
    if rule.fix:
        change = text("review_fix", lang) + colon + fix_description(template, rule, lang)
        parts.append(f"<p><small>{escape(change)}</small></p>")
    with st.container(border=True, key=f"finding_{rule.id}"):
        st.html(f'<div class="cb-review cb-changes">{"".join(parts)}</div>')
        if rule.fix:
            st.button(text("apply_fix", lang), key=f"fix_{rule.id}", on_click=_apply_fix, args=(template, rule),
                      icon=":material/build:", type="primary" if rule.severity == "high" else "secondary")  # fmt: skip


def _clause_links(document: Document, rule: RiskRule, lang: str) -> str:
    paths = {clause.id: clause.path for clause in document.walk()}
    reference = reference_zh if lang == "zh" else reference_en
    return " ".join(
        f'<a href="#" data-clause="{escape(clause_id)}">{escape(reference(paths[clause_id]))}</a>'
        for clause_id in rule.clauses
        if clause_id in paths
    )


def _apply_fix(template: ContractTemplate, rule: RiskRule) -> None:
    """Callback: set exactly the answers the rule's fix names."""
    state.apply_answers(template, dict(rule.fix))
    lang = st.session_state.get("ui", "zh")
    st.session_state[TOAST] = text("fix_applied", lang).format(what=fix_description(template, rule, lang))


def _apply_all(template: ContractTemplate) -> None:
    """Callback: every option at its recommended position, then every fix still offered."""
    state.apply_answers(template, recommended_options(template))
    result, _ = state.current(template)
    edition = state.edition()
    for finding in review(template, result.answers, edition):
        state.apply_answers(template, dict(finding.rule.fix))
    st.session_state[TOAST] = text("all_applied", st.session_state.get("ui", "zh"))


def _memo(
    template: ContractTemplate,
    answers: Answers,
    document: Document,
    findings: tuple[Finding, ...],
    lang: str,
    blocked: bool,
) -> None:
    """The review memo: Markdown at once, PDF made on a click (as the contract's downloads)."""
    side = st.session_state.get(SIDE, "neutral")
    memo = review_memo(template, document, findings, None if side == "neutral" else side, answers=answers)
    markdown = render_markdown(memo)
    name = f"{text('memo_file', lang)}_" + download_name(template, answers, document.edition, "md")
    md_column, pdf_column = st.columns(2)
    md = Offer(text("memo_md", lang), "memo_md", name, "md")
    download_button(md_column, md, markdown.encode("utf-8"), disabled=blocked)
    fingerprint = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
    pdf = Offer(text("memo_pdf", lang), "memo_pdf", name.removesuffix(".md") + ".pdf", "pdf")
    made = made_on_click(pdf_column, pdf, memo, store="memo", engine="wkhtmltopdf", fingerprint=fingerprint,
                         make_label=text("make_memo_pdf", lang), making=text("making_pdf", lang),
                         make_key="make_memo_pdf", make_disabled=blocked)  # fmt: skip
    if made is not None and made.error is not None:
        st.error(f"{text('failed_pdf', lang)}：{made.error.get(lang)}")
