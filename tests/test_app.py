"""The Streamlit shell, driven by AppTest: it runs, and shows what the core renders."""

from __future__ import annotations

from collections.abc import Callable

from conftest import REPO, example_answers
from streamlit.testing.v1 import AppTest


def shown(app: AppTest) -> str:
    # st.code drops the final newline of the Markdown.
    return app.code[0].value + "\n"


def test_app_shows_the_contract_and_switches_edition_and_preset(render: Callable[..., str]) -> None:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30).run()
    assert not app.exception
    assert shown(app) == render({}, "bilingual")
    app.sidebar.radio(key="edition").set_value("en").run()
    assert shown(app) == render({}, "en")
    app.sidebar.selectbox(key="preset").set_value("shanghai_retail").run()
    assert not app.exception
    assert shown(app) == render(example_answers("customer_service", "shanghai_retail"), "en")
    assert "Shanghai Hefeng E-Commerce Co., Ltd." in shown(app)
