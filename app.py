"""The Streamlit entry point: `streamlit run app.py`. Page routing only; each page draws its own widgets."""

import streamlit as st

from webapp.language_switch import start_interface_language
from webapp.strings import text

st.set_page_config(page_title="contract-builder 合同生成器", page_icon="📄", layout="wide")
lang = start_interface_language()
pages = [
    st.Page("pages/builder.py", title=text("page_builder", lang), icon=":material/edit_document:", default=True),
    st.Page("pages/library.py", title=text("page_library", lang), icon=":material/menu_book:", url_path="library"),
]
st.navigation(pages).run()
