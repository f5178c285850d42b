"""Share and save, under the form: the share link, the answers saved as YAML, and a file loaded back."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import streamlit as st

from contract_builder.answers import dump_answers
from contract_builder.filenames import download_name
from contract_builder.share import to_query
from contract_builder.templates import ContractTemplate
from webapp import live, state
from webapp.groups import lazy_panel
from webapp.strings import text

LOAD_PANEL = "load_panel"

_LINK_STYLE = """<style>
.cb-share { display: flex; gap: 0.5rem; align-items: flex-start; }
.cb-share code { flex: 1; padding: 0.6rem 0.75rem; border-radius: 0.5rem; background: rgba(128, 128, 128, 0.1);
  font-size: 0.8rem; word-break: break-all; user-select: all; }
.cb-share button { padding: 0.35rem 0.75rem; border: 1px solid rgba(128, 128, 128, 0.4); border-radius: 0.5rem;
  background: transparent; cursor: pointer; white-space: nowrap; }
</style>"""

# Copies the link as shown (the code element's text, so the script carries no user text). Where the
# clipboard is not available (a page served over plain http), the link is selected for Ctrl+C instead.
_COPY_SCRIPT = """<script>
document.querySelectorAll('.cb-share button').forEach((button) => {
  button.onclick = () => {
    const code = button.parentElement.querySelector('code');
    const done = () => { button.textContent = button.dataset.copied; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(done);
    } else {
      window.getSelection().selectAllChildren(code);
    }
  };
});
</script>"""


def link_box(link: str, copy_label: str, copied_label: str) -> str:
    """The share link in a box, with a button that copies it; every text escaped."""
    return (
        f'{_LINK_STYLE}<div class="cb-share"><code>{escape(link)}</code>'
        f'<button type="button" data-copied="{escape(copied_label)}">{escape(copy_label)}</button></div>'
        f"{_COPY_SCRIPT}"
    )


def show(template: ContractTemplate, lang: str, several_templates: bool) -> None:
    """The share link, the answers saved as a file, and the panel to load a file back."""
    st.subheader(text("share", lang))
    st.caption(f"{text('share_link', lang)} — {text('share_link_help', lang)}")
    live.fragment(live.SHARE, _share)(template, lang, several_templates)


def _share(template: ContractTemplate, lang: str, several_templates: bool) -> None:
    validation, _ = live.answers(template)
    answers = validation.answers
    edition = state.edition()
    params = to_query(template, answers, edition, lang, include_template=several_templates)
    base = st.context.url or ""
    # Plain HTML rather than st.code: the code block's highlighter is the largest script a first
    # visit would fetch only for this box (about 0.4 s of first paint, bench/browser.py).
    st.html(link_box(f"{base}?{urlencode(params)}", text("copy_link", lang), text("copied", lang)),
            unsafe_allow_javascript=True)  # fmt: skip
    st.download_button(text("save_answers", lang), data=dump_answers(template, answers).encode("utf-8"),
                       file_name=download_name(template, answers, edition, "yaml"), mime="application/x-yaml",
                       on_click="ignore", key="save_yaml")  # fmt: skip
    # The file uploader is drawn only in its open panel: its code is the heaviest the browser
    # fetches for a first visit, and most visits never load a file (bench/browser.py). The panel
    # opens to say why a file (or an example) was not loaded.
    message = st.session_state.pop(state.LOAD_MESSAGE, None)
    opened = bool(st.session_state.get(LOAD_PANEL)) or message is not None
    panel = lazy_panel(st.container(), text("load_answers", lang), LOAD_PANEL, opened)
    if not panel.open:
        return
    with panel:
        st.file_uploader(text("load_answers", lang), type=["yaml", "yml", "json"], key="load_yaml",
                         on_change=state.load_file, args=(template, "load_yaml"))  # fmt: skip
        if message:
            kind, lines = message
            if kind == "error":
                st.error(text("load_failed", lang))
                st.text("\n".join(line.get(lang) for line in lines))
            else:
                # The file name is the uploader's text: shown with st.text, never read as Markdown.
                st.success(text("loaded", lang))
                st.text(lines[0].get(lang))
