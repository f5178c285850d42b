"""Above the form: how complete the contract is, what is still blank, and every problem as a link.

A live fragment (webapp.live): a field's change redraws it alone.
"""

from __future__ import annotations

import streamlit as st

from contract_builder.bilingual import pick
from contract_builder.templates import ContractTemplate
from webapp import groups, live, state
from webapp.problems import blank_links, problem_links
from webapp.strings import text


def show(template: ContractTemplate, lang: str) -> None:
    """Draw the status as a live fragment."""
    live.fragment(live.STATUS, _status)(template, lang)


def _status(template: ContractTemplate, lang: str) -> None:
    validation, applies = live.answers(template)
    facts = st.session_state[live.STATUS_DRAWN] = live.status_facts(template, validation, applies)
    blank, required_count, _ = facts
    done = required_count - len(blank)
    st.progress(
        done / required_count if required_count else 1.0, text=f"{text('completeness', lang)} {done}/{required_count}"
    )
    if blank:
        # Each a link to its field, opening the field's panel first if it is closed.
        heading = text("still_blank", lang) + pick(lang, "：", ": ")
        blanks = [_place(template, field_id, template.fields[field_id].label.get(lang)) for field_id in blank]
        st.html(blank_links(heading, blanks, pick(lang, "、", ", ")), unsafe_allow_javascript=True)
    else:
        st.caption(text("complete", lang))
    if validation.errors:
        # Every problem by its label, here at the top, each a link to its field; the field's group
        # below opens to show the message there too.
        with st.container(border=True):
            st.error(text("errors_heading", lang))
            problems = [_place(template, m.field, (m.shown or m.text).get(lang)) for m in validation.errors]
            st.html(problem_links(problems), unsafe_allow_javascript=True)


def _place(template: ContractTemplate, field_id: str, words: str) -> tuple[str, str, str]:
    """A field's widget key, its panel's key, and the words of its link."""
    field = template.fields[field_id]
    panel = groups.panel_key(template, groups.OPTIONS if field.is_option else groups.DETAILS, field.group)
    return state.key(template, field_id), panel, words
