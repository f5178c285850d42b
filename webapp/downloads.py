"""The download row: Markdown and print HTML at once, Word and PDF made on a click and kept.

Markdown and print HTML cost about 1 ms, so they are made on every run. Word
and PDF cost 60–400 ms and the PDF can fail (a crashed engine, missing fonts),
so each has a button that makes the file where the user clicked, shows any
error right there, and keeps the bytes in session state beside the contract
text they were made from. The download button then serves those bytes; once
the contract changes, the button to make a new file comes back. (Streamlit's
deferred downloads, `data=callable`, were not used: a failure there is silent,
and their files belong to no session, so another session's cleanup could
delete one before the browser fetched it.)
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from contract_builder.answers import Answers
from contract_builder.bilingual import Bilingual
from contract_builder.document import Document
from contract_builder.errors import ContractBuilderError
from contract_builder.filenames import download_name
from contract_builder.render.docx import render_docx
from contract_builder.render.html import render_html_document
from contract_builder.render.markdown import render_markdown
from contract_builder.render.pdf import WKHTMLTOPDF_PACKAGE, available_engines, render_pdf
from contract_builder.templates import ContractTemplate
from webapp.strings import text

_LOG = logging.getLogger(__name__)
_MIME = {
    "md": "text/markdown",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}
MADE = "_made:"  # session-state key prefix of a file made on a click


@dataclass(frozen=True)
class Made:
    """A file made on a click: its bytes or the error, for the contract text (and engine) it was made from."""

    fingerprint: str
    data: bytes | None = None
    engine: str = ""
    note: Bilingual | None = None  # why another engine made the PDF
    error: Bilingual | None = None


def offer(template: ContractTemplate, answers: Answers, document: Document, lang: str, blocked: bool = False) -> None:
    """Draw the download row, the PDF engine choice, and what the last Word or PDF click gave.

    While the answers have errors (`blocked`), the row is there but disabled, with the reason:
    an invalid contract is never downloaded.
    """
    if blocked:
        for column, extension in zip(_row(), ("md", "html", "docx", "pdf"), strict=True):
            column.button(text(f"download_{extension}", lang), key=f"blocked_{extension}", disabled=True,
                          icon=":material/block:", use_container_width=True)  # fmt: skip
        st.caption(text("downloads_blocked", lang))
        return
    edition = document.edition
    engines = available_engines()
    chosen = st.session_state.get("pdf_engine", engines[0] if engines else "wkhtmltopdf")
    markdown = render_markdown(document)
    # The Markdown holds every word and value of the contract: the same text means the same file.
    contract = hashlib.sha256(markdown.encode("utf-8")).hexdigest()
    fingerprints = {"docx": contract, "pdf": f"{contract}:{chosen}"}
    columns = _row()
    html = render_html_document(document)

    def offered(extension: str) -> Offer:
        name = download_name(template, answers, edition, extension)
        return Offer(text(f"download_{extension}", lang), f"download_{extension}", name, extension)

    download_button(columns[0], offered("md"), markdown.encode("utf-8"))
    download_button(columns[1], offered("html"), html.encode("utf-8"))
    for column, extension in zip(columns[2:], ("docx", "pdf"), strict=True):
        made_on_click(column, offered(extension), document, store=extension, engine=chosen,
                      fingerprint=fingerprints[extension], make_label=text(f"make_{extension}", lang),
                      making=text(f"making_{extension}", lang), make_key=f"make_{extension}",
                      make_disabled=extension == "pdf" and not engines)  # fmt: skip
    _messages(engines, lang)


def _row() -> list[DeltaGenerator]:
    """Four places in a row, for the four downloads: one horizontal container whose buttons stretch to
    share it, not st.columns(4), which is four elements more for the browser to take in on each change."""
    return [st.container(horizontal=True)] * 4


@dataclass(frozen=True)
class Offer:
    """A file offered for download: its button's words and key, the file's name and its kind."""

    label: str
    key: str
    file_name: str
    extension: str


def download_button(where: DeltaGenerator, offer: Offer, data: bytes, disabled: bool = False) -> None:
    where.download_button(offer.label, data=data, file_name=offer.file_name, mime=_MIME[offer.extension],
                          on_click="ignore", key=offer.key, disabled=disabled, icon=":material/download:",
                          use_container_width=True)  # fmt: skip


def made_on_click(
    where: DeltaGenerator,
    offer: Offer,
    document: Document,
    *,
    store: str,
    engine: str,
    fingerprint: str,
    make_label: str,
    making: str,
    make_key: str,
    make_disabled: bool = False,
    download_disabled: bool = False,
) -> Made | None:
    """A button that makes a Word file or a PDF where the user clicked and then becomes its download.

    The file is kept in session state under `store`, beside the fingerprint of the text it was made
    from; while that still matches, the download is offered at once. Returns what was last made for
    this fingerprint (None before any click), so the caller can show a failure where it belongs.
    """
    made = st.session_state.get(MADE + store)
    fresh = made if isinstance(made, Made) and made.fingerprint == fingerprint else None
    slot = where.empty()
    if fresh is None or fresh.data is None:
        if not slot.button(make_label, key=make_key, icon=":material/build:", disabled=make_disabled,
                           use_container_width=True):  # fmt: skip
            return fresh
        with st.spinner(making):
            fresh = st.session_state[MADE + store] = make(offer.extension, document, engine, fingerprint)
        if fresh.data is None:
            return fresh
    download_button(slot, offer, fresh.data, disabled=download_disabled)
    return fresh


def make(extension: str, document: Document, engine: str, fingerprint: str) -> Made:
    """Make the Word file or the PDF; a failure is kept as the message to show, and logged."""
    try:
        if extension == "docx":
            return Made(fingerprint, data=render_docx(document))
        # The default engine falls back to WeasyPrint when it fails; a chosen WeasyPrint runs alone.
        result = render_pdf(document, "auto" if engine == "wkhtmltopdf" else engine)
        return Made(fingerprint, data=result.data, engine=result.engine, note=result.note)
    except ContractBuilderError as error:
        _LOG.warning("making %s failed: %s", extension, error.message.en)
        return Made(fingerprint, error=error.message)


def _messages(engines: list[str], lang: str) -> None:
    """Under the row: a failed Word or PDF click, the engine choice, and which engine made the PDF."""
    for extension in ("docx", "pdf"):
        made = st.session_state.get(MADE + extension)
        if isinstance(made, Made) and made.error is not None:
            st.error(f"{text(f'failed_{extension}', lang)}：{made.error.get(lang)}", icon=":material/error:")
    if len(engines) > 1:
        st.radio(text("pdf_engine", lang), engines, key="pdf_engine", horizontal=True)
    made = st.session_state.get(MADE + "pdf")
    if isinstance(made, Made) and made.data is not None:
        if made.note is not None:
            st.warning(made.note.get(lang), icon=":material/info:")
        else:
            st.caption(text("pdf_made_with", lang).format(engine=made.engine))
    elif "wkhtmltopdf" not in engines:
        st.caption(text("pdf_fallback", lang).format(package=WKHTMLTOPDF_PACKAGE))
