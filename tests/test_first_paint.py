"""A session's first builder run draws the contract alone; the whole page follows (webapp.first_paint).

These tests drive a plain AppTest, whose element tree holds what the last run drew: the
first run, then the run that the page's timer asks for (AppTest has no timers: a test
runs it). tests/test_browser.py shows the timer doing so in Chromium.
"""

from __future__ import annotations

from typing import Any

from conftest import REPO, preview_html
from streamlit.testing.v1 import AppTest

from webapp.first_paint import DUE
from webapp.live import PAGE_RUNS
from webapp.strings import text

K = "customer_service:"
NAME = "链接公司 <b>{{ 7*7 }}</b>"


def first_run(**params: str) -> Any:
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for name, value in {"template": "customer_service", **params}.items():
        app.query_params[name] = value
    return app.run()


def test_a_share_link_shows_its_contract_first_and_the_whole_page_on_the_next_run() -> None:
    app = first_run(**{"party_a.name": NAME, "ui": "en"})
    assert not app.exception
    first = preview_html(app)
    assert "名称：" in first and "链接公司 &lt;b&gt;{{ 7*7 }}&lt;/b&gt;" in first  # literal, as on every run
    assert not app.text_input  # no form
    assert not app.sidebar.segmented_control and not app.sidebar.radio and not app.sidebar.toggle  # nor options
    assert text("form_loading", "en") in [caption.value for caption in app.caption]
    assert app.session_state[DUE]
    app.run()  # the timer's run asks for the whole page
    assert not app.session_state[DUE]
    assert app.text_input(key=K + "party_a.name").value == NAME
    assert app.sidebar.radio(key="edition").value == "bilingual"
    assert app.sidebar.segmented_control(key="ui_switch").value == "en"
    assert preview_html(app) == first  # the contract as first shown
    runs = app.session_state[PAGE_RUNS]
    app.run()  # later runs draw the whole page: the first run alone is drawn alone
    assert app.session_state[PAGE_RUNS] == runs + 1 and app.text_input(key=K + "party_a.name").value == NAME


def contract_places(app: Any) -> list[tuple[int, ...]]:
    """Where each part of the contract is in the page's element tree (child indices from the top)."""

    def walk(node: Any, at: tuple[int, ...]) -> list[tuple[int, ...]]:
        found = []
        for index, child in getattr(node, "children", {}).items():
            if '<article class="cb-contract' in str(getattr(getattr(child, "proto", None), "body", "")):
                found.append((*at, index))
            found += walk(child, (*at, index))
        return found

    return walk(app.main, ())


def test_the_whole_page_draws_the_contract_where_the_first_run_drew_it() -> None:
    # Elsewhere, the browser would show both for a moment: two contracts, one above the other.
    app = first_run()
    first = contract_places(app)
    assert len(first) > 5
    assert contract_places(app.run()) == first


def test_on_a_phone_a_link_with_answers_keeps_its_contract_in_view() -> None:
    """webapp.narrow: a phone shows the form or the preview. A link carrying answers is a contract to
    read: the whole page keeps the preview the first view showed; a link without answers opens on the form."""
    for params, shown, hidden in (({"party_a.name": NAME}, "preview", "form_pane"), ({}, "form", "preview_pane")):
        app = first_run(**params).run()
        assert app.session_state["narrow_view"] == shown
        switch = app.main.segmented_control(key="narrow_view")
        assert switch.value == shown
        style = "".join(element.proto.body for element in app.html if "max-width: 639.98px" in element.proto.body)
        assert f".st-key-{hidden})" in style  # the column not chosen is hidden on a narrow screen


def test_a_links_warnings_show_with_the_first_contract() -> None:
    app = first_run(**{"signing.counterparts": "abc"})
    assert app.session_state[DUE]
    assert [element.value for element in app.text] == ["协议份数（signing.counterparts）：应为整数（已忽略：abc）"]
    assert [element.value for element in app.warning] == [text("link_warnings", "zh")]


def test_choices_made_after_the_first_run_survive_a_visit_to_the_library() -> None:
    # The first run fills the widgets' keys without drawing the widgets; Streamlit would bring
    # those first values back over later choices after the page was left (webapp.first_paint).
    app = first_run(**{"party_a.name": "链接名称", "edition": "zh"}).run()
    app.sidebar.radio(key="edition").set_value("parallel").run()  # the live parts alone (webapp.live)
    app.run()  # the page, with the form, as the browser keeps it
    app.text_input(key=K + "party_a.name").set_value("改过的名称").run()
    for _ in range(2):
        app.switch_page("pages/library.py").run()
        app.switch_page("pages/builder.py").run()
        assert app.sidebar.radio(key="edition").value == "parallel"
        assert app.text_input(key=K + "party_a.name").value == "改过的名称"
    app.sidebar.selectbox(key="template").set_value("mutual_nda").run()
    app.switch_page("pages/library.py").run()
    app.switch_page("pages/builder.py").run()
    assert app.sidebar.selectbox(key="template").value == "mutual_nda"
