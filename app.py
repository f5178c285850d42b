"""The Streamlit entry point: `streamlit run app.py`. Routing only; pages hold the widgets."""

import streamlit as st

st.set_page_config(page_title="contract-builder 合同生成器", page_icon="📄", layout="wide")
navigation = st.navigation([st.Page("pages/builder.py", title="合同生成 Builder", default=True)])
navigation.run()
