"""The template gallery: what a new visitor sees first when there is more than one template.

A card per template (title, description, languages, how many options, details,
examples and review rules) with a button that opens it. A share link carries its
answers (and, with several templates, the template), so it never stops here.
"""

from __future__ import annotations

import streamlit as st

from contract_builder.catalog import available_templates
from webapp.loading import load_template
from webapp.strings import text

CHOSEN = "_template_chosen"  # the template open in this session, under a key no widget owns


def remembered() -> None:
    """Put back the template selector's value: Streamlit forgets a widget's key on a page that does not
    draw it (a visit to the clause library), and the session must come back to the same template.
    A value that names no template is mended too: a list sends its entry by its words, and the
    selector's words are titles in the interface language, so after a switch of language the
    browser may send a title in the other one."""
    template_id = open_template_id()
    if template_id is None:
        st.session_state.pop("template", None)
    elif st.session_state.get("template") != template_id:
        st.session_state["template"] = template_id


def open_template_id() -> str | None:
    """The template open in this session: the selector's, if it names one, else the one last opened
    (None before any). Read, not put back, by a page without the selector (the clause library)."""
    selected = st.session_state.get("template")
    return selected if selected in available_templates() else st.session_state.get(CHOSEN)


def opened(template_id: str) -> None:
    st.session_state[CHOSEN] = template_id


def wanted() -> bool:
    """Whether to show the gallery: several templates, none chosen yet, and no link to follow."""
    return len(available_templates()) > 1 and "template" not in st.session_state and not st.query_params


def choose(template_id: str) -> None:
    """Callback: open a template."""
    st.session_state["template"] = st.session_state[CHOSEN] = template_id


def back() -> None:
    """Callback: back to the gallery (the answers stay in the session for when the template is opened again)."""
    st.session_state.pop("template", None)
    st.session_state.pop(CHOSEN, None)
    st.query_params.clear()


def show(lang: str) -> None:
    st.title(text("gallery_title", lang))
    st.caption(text("gallery_intro", lang))
    ids = available_templates()
    for row in range(0, len(ids), 2):
        for column, template_id in zip(st.columns(2), ids[row : row + 2], strict=False):
            template = load_template(template_id)
            fields = template.fields.values()
            counts = text("gallery_counts", lang).format(
                options=sum(1 for f in fields if f.is_option),
                variables=sum(1 for f in fields if not f.is_option),
                examples=len(template.examples),
                rules=len(template.risks),
            )
            with column.container(border=True, key=f"gallery_{template_id}"):
                st.subheader(template.title.get(lang))
                st.text(template.title.get("en" if lang == "zh" else "zh"))  # the other language, as printed
                st.write(template.description.get(lang))
                st.caption(text("gallery_languages", lang))
                st.caption(counts)
                st.button(text("gallery_start", lang), key=f"start:{template_id}", on_click=choose,
                          args=(template_id,), type="primary", icon=":material/edit_document:")  # fmt: skip
