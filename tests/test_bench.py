"""The benchmark's own pieces that decide what it times: if they are wrong, every figure is.

bench/browser.py once timed an option switched off until the *first* part of the
preview lacked the article, which it always does: off switches read about 40 ms
for three sessions. These tests hold its text checks to a preview in several parts,
and hold the floor page (bench/floor_page.py) to showing the option switched, and to
drawing the builder's widgets: a floor with fewer of them flattered the builder's ratios.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO

from contract_builder.catalog import get_template

HEADING = "）反商业贿赂与利益冲突"
OPTION = "compliance.anti_bribery"


@pytest.fixture(scope="module")
def bench_browser() -> Iterator[ModuleType]:
    sys.path.insert(0, str(REPO / "bench"))  # bench/ scripts import each other by name
    try:
        yield importlib.import_module("browser")
    finally:
        sys.path.remove(str(REPO / "bench"))


@pytest.mark.external  # Chromium
def test_the_preview_checks_look_at_every_part_of_the_preview(bench_browser: ModuleType) -> None:
    from playwright.sync_api import sync_playwright

    module = bench_browser
    parts = '<article class="cb-contract">第一条 定义</article><article class="cb-contract">{}</article>'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=module.CHROMIUM, args=module.CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_content(parts.format(f"第十三条{HEADING}"))
        assert page.evaluate(module._SHOWS, [".cb-contract", HEADING])
        assert not page.evaluate(module._LACKS, [".cb-contract", HEADING])  # in the second part
        page.set_content(parts.format("第十三条（其他）"))
        assert page.evaluate(module._LACKS, [".cb-contract", HEADING])
        assert not page.evaluate(module._SHOWS, [".cb-contract", HEADING])
        # Text typed but not yet applied (webapp.typing_echo) is not the server's preview yet.
        page.set_content(parts.format(f'<span class="value cb-typed">{HEADING}</span>'))
        assert page.evaluate(module._ECHOES, [".cb-contract", HEADING])
        assert not page.evaluate(module._SHOWS, [".cb-contract", HEADING])
        browser.close()


def _html(app: Any) -> str:
    return "".join(element.proto.body for element in app.get("html"))


def test_the_floor_page_shows_an_option_switched_in_its_sidebar() -> None:
    from streamlit.testing.v1 import AppTest

    group = get_template("customer_service").fields[OPTION].group
    floor = AppTest.from_file(str(REPO / "bench" / "floor_page.py"), default_timeout=60)
    floor.run()
    assert not [t for t in floor.toggle if t.key == f"floor:{OPTION}"]  # closed panel: no widgets, as in the app
    floor.session_state[f"floor-panel:options:{group}"] = True
    floor.run()
    assert HEADING not in _html(floor)
    floor.toggle(key=f"floor:{OPTION}").set_value(True).run()
    assert HEADING in _html(floor)
    floor.toggle(key=f"floor:{OPTION}").set_value(False).run()
    assert HEADING not in _html(floor)
    assert not floor.exception


# Every kind of widget and heading a user sees; not the builder's HTML, captions and containers,
# which are its work (the preview's articles, scripts, style sheets, fragments).
WIDGET_KINDS = ("title", "header", "subheader", "button", "download_button", "button_group", "radio", "selectbox",
                "multiselect", "toggle", "checkbox", "text_input", "number_input", "date_input", "file_uploader",
                "progress", "expander")  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_floor_page_draws_the_builder_s_widgets(lang: str) -> None:
    from conftest import open_app
    from streamlit.testing.v1 import AppTest

    builder = open_app(panels_open=False)
    builder.button_group(key="ui_switch").set_value(lang).run()
    floor = AppTest.from_file(str(REPO / "bench" / "floor_page.py"), default_timeout=60)
    floor.run()
    floor.button_group(key="floor_lang").set_value(lang).run()
    assert not builder.exception and not floor.exception
    counts = {kind: (len(builder.get(kind)), len(floor.get(kind))) for kind in WIDGET_KINDS}
    assert {kind: both for kind, both in counts.items() if both[0] != both[1]} == {}
    assert counts["text_input"][0] == 18 and counts["expander"][0] == 24  # the page as it opens
    headings = {element.value for element in builder.get("subheader")}
    assert headings == {element.value for element in floor.get("subheader")}  # worded alike


@pytest.mark.external  # Chromium and wkhtmltopdf
def test_the_load_bench_does_every_step_of_a_session() -> None:
    """bench/load.py exits 1 when a session cannot do its steps. It once could not: it looked for the
    contract's title in a single element, and the preview had become an element per article, so
    every session stopped at its first step and the bench printed no figure at all."""
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "load.py"), "--sessions", "1", "--rounds", "1"],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert "downloads attempted: 1, failed: 0" in done.stdout
