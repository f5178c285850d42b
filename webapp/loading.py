"""Templates loaded once per server process and shared by every session."""

from __future__ import annotations

import streamlit as st

from contract_builder.catalog import get_template
from contract_builder.templates import ContractTemplate


@st.cache_resource(show_spinner=False)
def load_template(template_id: str) -> ContractTemplate:
    """A template package, loaded and compiled once (it is immutable, so sessions can share it)."""
    return get_template(template_id)


@st.cache_resource(show_spinner=False)
def lint_report(template_id: str) -> list[str]:
    """The template's lint findings as lines (once per server: templates do not change while it runs)."""
    from contract_builder.lint import lint

    return [finding.line() for finding in lint(load_template(template_id))]
