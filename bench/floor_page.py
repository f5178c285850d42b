"""The browser floor for the builder (bench/browser.py): the same page with none of its work.

The same widgets in the same panels (open as the builder opens them; the template's open
groups are plain panels, and every other panel draws its widgets only while open, as the
builder's do, webapp.groups), beside the same preview HTML, made
once per set of switched options; a typed Party A name is put into it by a string
replace. No validation, assembly, review or state on a change: what is left is what
Streamlit and the browser cost for a page of this size. A switched option reruns the
whole page, which shows the preview made (once, then cached) for the options as they stand.
A language switch at the top of the sidebar words every label and heading in Chinese or
English, as the builder's interface language does; the preview stays as it is.

Around the fields, the builder's other widgets, worded as the builder words them and doing
nothing (`others_*`): the template list, the edition, undo and the examples' panel in the
sidebar; the view switch, the downloads, the PDF engine and the review's panel above the
preview; the completeness bar and the blank fields' line above the form, the share heading,
the answers' download and the loading panel under it; the phone's form / preview switch.
Not the builder's hidden scripts and style sheets: they are its work.

What a change reruns is set by the FLOOR_RERUN environment variable (bench/timeline.py --floors):
- "page" (the default): the whole page, as any Streamlit page;
- "fragments": the form and the preview are fragments, and the name's callback reruns the
  preview by key, the builder's way (webapp.live): two runs, the name box's and the preview's;
- "together": the name box and the preview in one fragment, which the box's change reruns
  alone: one run, the least a change can cost with Streamlit's widgets on a page of this size.
"""

import os
from html import escape

import streamlit as st

from contract_builder.answers import validate
from contract_builder.assembly import assemble
from contract_builder.bilingual import EDITIONS
from contract_builder.catalog import available_templates, get_template
from contract_builder.changes import changes_from_standard
from contract_builder.render.html import render_html_fragment
from webapp.groups import lazy_panel, open_panel
from webapp.strings import text

TEMPLATE = get_template("customer_service")
RERUN = os.environ.get("FLOOR_RERUN", "page")
PLACEHOLDER = "FLOORNAMEPLACEHOLDER"
LANGUAGE = "floor_lang"  # the interface language: every label and heading follows it, the preview does not


@st.cache_resource
def preview(switched: frozenset[str] = frozenset()) -> str:
    """The preview with the options in `switched` set away from their defaults (toggles only)."""
    raw = {"party_a.name": PLACEHOLDER, **{field_id: not TEMPLATE.fields[field_id].default for field_id in switched}}
    answers = validate(TEMPLATE, raw).answers
    document = assemble(TEMPLATE, answers, "bilingual")
    return render_html_fragment(document, changes_from_standard(TEMPLATE, answers, document).changed, frozenset())


def widget_key(field_id: str) -> str:
    return f"floor:{field_id}"


def language() -> str:
    return st.session_state.get(LANGUAGE) or "zh"


def label_and_key(field_id: str) -> tuple[str, str]:
    field = TEMPLATE.fields[field_id]
    return field.label.get(language()) + (" *" if field.required else ""), widget_key(field_id)


def widget(field_id: str) -> None:
    field = TEMPLATE.fields[field_id]
    label, key = label_and_key(field_id)
    hint = field.help.get(language()) if field.help else None  # each widget's help, as the builder's
    match field.kind:
        case "text":
            name_box = field_id == "party_a.name"
            if name_box and RERUN == "together":
                return  # drawn beside the preview
            value = st.query_params.get(field_id, "") if name_box else ""
            keyed = name_box and RERUN == "fragments"
            rerun = (lambda: st.rerun(["preview"])) if keyed else "rerun"
            st.text_input(label, key=key, value=value, help=hint, on_change=rerun)
        case "date":
            st.date_input(label, key=key, value=None, help=hint)
        case "money" | "integer" | "percent":
            st.number_input(label, key=key, value=None, help=hint)
        case "toggle":
            st.toggle(label, key=key, value=bool(field.default), help=hint)
        case "choice" | "multi":
            words = {choice.value: choice.label.get(language()) for choice in field.choices}
            draw = st.selectbox if field.kind == "choice" else st.multiselect
            draw(label, list(words), key=key, format_func=words.__getitem__, help=hint)


def panels(where: st.delta_generator.DeltaGenerator, options: bool) -> None:
    for group_id, group in TEMPLATE.groups.items():
        ids = [f.id for f in TEMPLATE.fields.values() if f.group == group_id and f.is_option == options]
        if not ids:
            continue
        key = f"floor-panel:{'options' if options else 'details'}:{group_id}"
        if group_id in TEMPLATE.open_groups:  # plain, as the builder's: always drawn
            panel, opened = open_panel(where, group.get(language()), key), True
        else:  # lazy, as the builder's: widgets only while open
            panel = lazy_panel(where, group.get(language()), key, st.session_state.get(key, False))
            opened = panel.open
        if opened:
            with panel:
                for field_id in ids:
                    widget(field_id)


def switched_options() -> frozenset[str]:
    """The toggles set away from their defaults (their widgets keep their state while drawn)."""
    return frozenset(
        field.id
        for field in TEMPLATE.fields.values()
        if field.kind == "toggle" and st.session_state.get(widget_key(field.id), field.default) != field.default
    )


def show_preview() -> None:
    if RERUN == "together":
        label, key = label_and_key("party_a.name")
        st.text_input(label, key=key, value=st.query_params.get("party_a.name", ""))
    name = st.session_state.get(widget_key("party_a.name")) or st.query_params.get("party_a.name", "")
    st.html(preview(switched_options()).replace(PLACEHOLDER, escape(name) or "__________"))


def show_form() -> None:
    others_above_form()
    panels(st.container(), options=False)
    others_below_form()


def words(key: str) -> str:
    return text(key, language())


def others_in_sidebar() -> None:
    side = st.sidebar
    titles = {template_id: get_template(template_id).title.get(language()) for template_id in available_templates()}
    side.selectbox(words("template"), list(titles), key="floor_template", format_func=titles.__getitem__)
    side.button(words("gallery_back"), key="floor_gallery", icon=":material/apps:", use_container_width=True)
    side.radio(words("edition"), EDITIONS, key="floor_edition", format_func=lambda e: words(f"edition_{e}"))
    side.button(words("undo"), key="floor_undo", icon=":material/undo:", disabled=True, use_container_width=True)
    lazy_panel(side, words("presets"), "floor_examples", st.session_state.get("floor_examples", False))
    side.header(words("options"))


def others_above_preview() -> None:
    title_column, mode_column = st.columns([1, 1], vertical_alignment="bottom")
    title_column.subheader(words("preview"))
    mode_column.segmented_control(words("view_mode"), ("preview", "compare"), key="floor_view", default="preview",
                                  format_func=lambda mode: words(f"view_{mode}"),
                                  label_visibility="collapsed")  # fmt: skip
    row = st.container(horizontal=True)
    for extension in ("md", "html"):
        row.download_button(words(f"download_{extension}"), data=b"", key=f"floor_{extension}", on_click="ignore",
                            icon=":material/download:", use_container_width=True)  # fmt: skip
    for extension in ("docx", "pdf"):
        row.button(words(f"make_{extension}"), key=f"floor_make_{extension}", icon=":material/build:",
                   use_container_width=True)  # fmt: skip
    st.radio(words("pdf_engine"), ("wkhtmltopdf", "weasyprint"), key="floor_engine", horizontal=True)
    st.expander(words("review_open"), icon=":material/gavel:", key="floor_review", on_change="rerun")


def others_above_form() -> None:
    st.subheader(words("variables"))
    st.progress(0.0, text=f"{words('completeness')} 0/12")
    st.caption(words("still_blank"))


def others_below_form() -> None:
    st.subheader(words("share"))
    st.caption(f"{words('share_link')} — {words('share_link_help')}")
    st.download_button(words("save_answers"), data=b"", key="floor_save", on_click="ignore")
    lazy_panel(st.container(), words("load_answers"), "floor_load", st.session_state.get("floor_load", False))


st.set_page_config(layout="wide")
st.sidebar.segmented_control("语言 / Language", ("zh", "en"), key=LANGUAGE, default="zh", required=True,
                             format_func={"zh": "中文", "en": "English"}.__getitem__)  # fmt: skip
st.title(TEMPLATE.title.get(language()))
with st.container(key="floor_narrow_box"):  # shown on a phone alone, as the builder's
    st.segmented_control(words("narrow_view"), ("form", "preview"), key="floor_narrow", default="form",
                         format_func=lambda view: words(f"narrow_{view}"), label_visibility="collapsed")  # fmt: skip
    st.html("<style>@media (min-width: 640px) { .st-key-floor_narrow_box { display: none; } }</style>")
form, pane = st.columns([2, 3])
others_in_sidebar()
with pane:
    others_above_preview()
    if RERUN == "page":
        show_preview()
    else:
        st.fragment(show_preview, key="preview")()
with form:
    if RERUN == "fragments":
        st.fragment(show_form, key="form")()
    else:
        show_form()
panels(st.sidebar, options=True)
