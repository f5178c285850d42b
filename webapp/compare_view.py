"""The compare view (对比): the contract being built as a redline against an earlier version, in the preview's place.

The earlier version is the standard text (the template's defaults), an uploaded
answers file or a pasted share link; the redline comes from the core
(contract_builder.redline) and downloads in every format: Markdown and HTML at
once, Word (tracked changes) and PDF on a click, as the contract's own downloads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from contract_builder.answers import Answers, require_valid
from contract_builder.answers_file import parse_answers_bytes
from contract_builder.assembly import assemble
from contract_builder.bilingual import Bilingual
from contract_builder.changes import Changes
from contract_builder.document import Document
from contract_builder.errors import ContractBuilderError
from contract_builder.filenames import download_name
from contract_builder.redline import compare, with_summary
from contract_builder.render.html import render_html_document
from contract_builder.render.markdown import render_markdown
from contract_builder.share import answers_from_link
from contract_builder.templates import ContractTemplate
from webapp import preview
from webapp.downloads import Offer, download_button, made_on_click
from webapp.strings import bilingual, text

MODE = "view_mode"
AGAINST = "compare_against"
SOURCES = ("standard", "file", "link")


def mode_switch(lang: str, on_change: Callable[[], None]) -> None:
    """合同预览 / 对比, above the pane; `on_change` reruns what shows the view (`mode` tells which)."""
    st.segmented_control(text("view_mode", lang), ("preview", "compare"), key=MODE, default="preview",
                         format_func=lambda mode: text(f"view_{mode}", lang), label_visibility="collapsed",
                         on_change=on_change)  # fmt: skip


def mode() -> str:
    """The view chosen: "preview" or "compare"."""
    return st.session_state.get(MODE) or "preview"


def show(template: ContractTemplate, answers: Answers, document: Document, lang: str, blocked: bool) -> None:
    """The source of the earlier version, the counts, the downloads and the redline in the pane."""
    source = st.radio(text("compare_against", lang), SOURCES, key=AGAINST, horizontal=True,
                      format_func=lambda s: text(f"against_{s}", lang))  # fmt: skip
    try:
        earlier = _earlier(template, source, lang)
    except ContractBuilderError as error:
        st.error(text("compare_failed", lang))
        st.text(error.message.get(lang))  # a file's name or a link's text: never read as Markdown
        return
    if earlier is None:
        st.info(text("compare_waiting", lang))
        return
    raw, name = earlier
    old = assemble(template, require_valid(template, raw), document.edition)
    redline = compare(old, document)
    st.caption(text("compare_counts", lang).format(**redline.counts))
    summarised = with_summary(redline, name, bilingual("current_answers"))
    _downloads(template, answers, redline.document, summarised, lang, blocked)
    preview.show(summarised, Changes(changed=frozenset(), omitted_clauses=()), lang)


def _earlier(template: ContractTemplate, source: str, lang: str) -> tuple[dict[str, Any], Bilingual] | None:
    """The earlier version's raw answers and how to name it, or None while the user has not given it."""
    if source == "standard":
        return {}, bilingual("against_standard")
    if source == "file":
        upload = st.file_uploader(text("compare_file", lang), type=["yaml", "yml", "json"], key="compare_file")
        if upload is None:
            return None
        return parse_answers_bytes(upload.getvalue(), upload.name), Bilingual(zh=upload.name, en=upload.name)
    link = st.text_input(text("compare_link", lang), key="compare_link", max_chars=100_000)
    if not link.strip():
        return None
    return answers_from_link(template, link), bilingual("against_link")


def _downloads(
    template: ContractTemplate, answers: Answers, tracked: Document, summarised: Document, lang: str, blocked: bool
) -> None:
    """The redline in each format; Word carries the changes as tracked changes, without the summary, so
    that accepting them all gives exactly the current contract."""
    markdown = render_markdown(summarised)
    fingerprint = hashlib.sha256(markdown.encode("utf-8")).hexdigest()

    def offered(extension: str) -> Offer:
        name = f"{text('redline_file', lang)}_" + download_name(template, answers, summarised.edition, extension)
        return Offer(text(f"download_{extension}", lang), f"redline_{extension}", name, extension)

    columns = st.columns(4)
    download_button(columns[0], offered("md"), markdown.encode("utf-8"), disabled=blocked)
    download_button(columns[1], offered("html"), render_html_document(summarised).encode("utf-8"), disabled=blocked)
    for column, extension, document in ((columns[2], "docx", tracked), (columns[3], "pdf", summarised)):
        made = made_on_click(column, offered(extension), document, store=f"redline_{extension}",
                             engine="wkhtmltopdf", fingerprint=fingerprint,
                             make_label=text(f"make_{extension}", lang), making=text(f"making_{extension}", lang),
                             make_key=f"make_redline_{extension}", make_disabled=blocked,
                             download_disabled=blocked)  # fmt: skip
        if made is not None and made.error is not None:
            st.error(f"{text(f'failed_{extension}', lang)}：{made.error.get(lang)}")
