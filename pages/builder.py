"""A first builder page: pick a preset and an edition, read the contract, download it.

The full builder (every clause option in the sidebar, typed inputs, share links)
is the next issue; this page already shows the core end to end.
"""

import streamlit as st

from contract_builder.answers import read_answers_file, validate
from contract_builder.assembly import assemble
from contract_builder.render.markdown import render_markdown
from contract_builder.templates import ContractTemplate, get_template

EDITIONS = {"bilingual": "中英对照 Bilingual", "zh": "中文 Chinese", "en": "English"}


@st.cache_resource
def load(template_id: str) -> ContractTemplate:
    return get_template(template_id)


template = load("customer_service")
presets = {"": "范本默认 Seed defaults"} | {
    example.id: f"{example.title.zh} / {example.title.en}" for example in template.examples
}
preset = st.sidebar.selectbox("示例 Preset", list(presets), format_func=presets.__getitem__, key="preset")
edition = st.sidebar.radio("版本 Edition", list(EDITIONS), format_func=EDITIONS.__getitem__, key="edition")

raw = read_answers_file(template.example(preset).path) if preset else {}
result = validate(template, raw)
markdown_text = render_markdown(assemble(template, result.answers, edition), edition)

st.title(f"{template.title.zh} {template.title.en}")
if result.warnings:
    st.caption("尚未填写 Still blank: " + ", ".join(message.field for message in result.warnings))
st.download_button(
    "下载 Markdown / Download Markdown",
    data=markdown_text.encode("utf-8"),
    file_name=f"{template.id}-{preset or 'default'}-{edition}.md",
    mime="text/markdown",
    key="download_md",
)
# st.code shows the text exactly as written: no Markdown, LaTeX or HTML is interpreted.
st.code(markdown_text, language="markdown", wrap_lines=True)
