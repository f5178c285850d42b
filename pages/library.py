"""The clause library: every clause and alternative in both languages, with the options that produce it."""

from __future__ import annotations

from html import escape

import streamlit as st

from contract_builder.catalog import available_templates
from contract_builder.library import library
from webapp import gallery
from webapp.language_switch import language_switch
from webapp.loading import lint_report, load_template
from webapp.strings import text

lang = language_switch()
template = load_template(gallery.open_template_id() or available_templates()[0])
st.title(f"{text('page_library', lang)} · {template.title.get(lang)}")
lint_lines = lint_report(template.id)
if lint_lines:
    st.warning(text("lint_findings", lang).format(count=len(lint_lines)))
    st.text("\n".join(lint_lines))
else:
    st.success(text("lint_clean", lang), icon=":material/verified:")
query = st.text_input(text("search", lang), placeholder=text("search_placeholder", lang), key="library_search")
entries = [entry for entry in library(template) if entry.matches(query)]
st.caption(f"{len(entries)} {text('entries_found', lang)}")

rows = []
for entry in entries:
    where = " › ".join(heading.get(lang) for heading in entry.clause_path) or (
        text("front_matter", lang) if entry.paragraph_id.startswith("front") else text("signature_block", lang)
    )
    if entry.conditions:
        conditions = (
            "；".join(c.get(lang) for c in entry.conditions)
            if lang == "zh"
            else "; ".join(c.get(lang) for c in entry.conditions)
        )
        condition = f'<span class="when">{escape(text("included_when", lang))}: {escape(conditions)}</span>'
    else:
        condition = f'<span class="always">{escape(text("always_included", lang))}</span>'
    rows.append(
        f'<section class="entry" data-id="{escape(entry.paragraph_id)}"><div class="where">{escape(where)} '
        f"<code>{escape(entry.paragraph_id)}</code> {condition}</div>"
        f'<div class="texts"><p lang="zh-CN">{escape(entry.text.zh)}</p><p lang="en">{escape(entry.text.en)}</p></div>'
        "</section>"
    )
style = """<style>
.cb-library .entry { border-bottom: 1px solid #e5e7eb; padding: 0.6rem 0; }
.cb-library .where { font: 0.85rem sans-serif; color: #4b5563; }
.cb-library .when { background: #fff4d6; color: #7a4b00; border-radius: 3px; padding: 0 4px; }
.cb-library .always { color: #6b7280; }
.cb-library .texts { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; line-height: 1.7; }
</style>"""
st.html(style + '<div class="cb-library">' + "".join(rows) + "</div>")
