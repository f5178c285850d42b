"""The download buttons: Markdown, PDF, Word and print HTML, each made only when clicked.

st.download_button takes a callable and runs it on the click, so a rerun after
each keystroke renders nothing heavy; render_pdf also keeps its last results,
so downloading unchanged answers again does not render again.
"""

from __future__ import annotations

import streamlit as st

from contract_builder.answers import Answers
from contract_builder.document import Document
from contract_builder.filenames import download_name
from contract_builder.render.docx import render_docx
from contract_builder.render.html import render_html_document
from contract_builder.render.markdown import render_markdown
from contract_builder.render.pdf import WKHTMLTOPDF_PACKAGE, available_engines, render_pdf
from contract_builder.templates import ContractTemplate
from webapp.strings import text

_MIME = {
    "md": "text/markdown",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def offer(template: ContractTemplate, answers: Answers, document: Document, edition: str, lang: str) -> None:
    """Draw the download row and the PDF engine choice."""
    engines = available_engines()
    engine = st.session_state.get("pdf_engine", engines[0] if engines else "wkhtmltopdf")
    makers = {
        "md": lambda: render_markdown(document, edition).encode("utf-8"),
        "pdf": lambda: render_pdf(document, edition, engine).data,
        "docx": lambda: render_docx(document, edition),
        "html": lambda: render_html_document(document, edition).encode("utf-8"),
    }
    columns = st.columns(len(makers))
    for column, (extension, make) in zip(columns, makers.items(), strict=True):
        column.download_button(
            text(f"download_{extension}", lang),
            data=make,
            file_name=download_name(template, answers, edition, extension),
            mime=_MIME[extension],
            on_click="ignore",
            key=f"download_{extension}",
            icon=":material/download:",
            disabled=extension == "pdf" and not engines,
            use_container_width=True,
        )
    if len(engines) > 1:
        st.radio(text("pdf_engine", lang), engines, key="pdf_engine", horizontal=True)
    if "wkhtmltopdf" not in engines:
        st.caption(text("pdf_fallback", lang).format(package=WKHTMLTOPDF_PACKAGE))
    else:
        st.caption(text("pdf_made_with", lang).format(engine=engine))
