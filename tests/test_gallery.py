"""The template gallery: with several templates the app opens on it; a share link still opens its template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, open_app
from streamlit.testing.v1 import AppTest

from contract_builder.catalog import templates_root
from webapp.gallery import CHOSEN


@pytest.fixture
def two_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "templates"
    shutil.copytree(templates_root() / "customer_service", root / "customer_service")
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", root / "confidentiality_undertaking")
    monkeypatch.setenv("CONTRACT_BUILDER_TEMPLATES", str(root))
    return root


def start(**params: str) -> AppTest:
    return open_app(params, past_gallery=False)


def test_the_app_opens_on_the_gallery_and_a_card_opens_its_template(two_templates: Path) -> None:
    app = start()
    assert not app.exception
    assert [t.value for t in app.title] == ["选择合同模板"]
    titles = [s.value for s in app.subheader]
    assert titles == ["保密承诺书", "客服工作服务合同"]
    assert any("个条款选项" in c.value and "条审阅规则" in c.value for c in app.caption)
    app.button(key="start:customer_service").click().run()
    assert [t.value for t in app.title] == ["客服工作服务合同"]
    assert app.sidebar.selectbox(key="template").value == "customer_service"
    app.sidebar.button(key="gallery_back").click().run()
    assert [t.value for t in app.title] == ["选择合同模板"]


def test_a_share_link_opens_straight_into_its_template(two_templates: Path) -> None:
    app = start(template="confidentiality_undertaking", **{"discloser.name": "甲公司"})
    assert [t.value for t in app.title] == ["保密承诺书"]
    assert app.text_input(key="confidentiality_undertaking:discloser.name").value == "甲公司"


def _remembered_template() -> None:
    import streamlit as st

    from webapp import gallery

    gallery.remembered()
    st.text(repr(st.session_state.get("template")))


@pytest.mark.parametrize(
    ("sent", "chosen", "kept"),
    [
        ("客服工作服务合同", "customer_service", "customer_service"),  # a title: the open template
        ("Customer Service Outsourcing Agreement", None, None),  # and none open: none (the gallery)
        ("mutual_nda", "customer_service", "mutual_nda"),  # another template's id: chosen in the selector
        (None, "mutual_nda", "mutual_nda"),  # forgotten on the library page: put back
    ],
)
def test_the_selector_value_is_a_template_id_or_the_open_template(
    sent: str | None, chosen: str | None, kept: str | None
) -> None:
    # A list sends its entry by its words, and the template selector's are titles in the interface
    # language: after a switch of language the browser may send a title in the other one, which
    # names no template (the page once failed so; tests/test_browser.py switches back and forth).
    app = AppTest.from_function(_remembered_template)
    if sent is not None:
        app.session_state["template"] = sent
    if chosen is not None:
        app.session_state[CHOSEN] = chosen
    app.run()
    assert not app.exception
    assert app.text[0].value == repr(kept)
