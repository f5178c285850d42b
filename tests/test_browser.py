"""End to end in a real browser: `streamlit run app.py` driven through Debian's Chromium with Playwright.

A user types Party A's name, switches disputes to arbitration, reads the preview
in both languages, opens the share link in a fresh page and sees the same
contract, downloads the Markdown (the CLI prints the same bytes), and loads a
saved answers file. `pytest --update-golden` also refreshes the README screenshot.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Locator, Page, WebSocketRoute, expect, sync_playwright

from webapp.typing_echo import RUN_MARK

pytestmark = pytest.mark.external  # a real Streamlit server and Chromium

CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a sandbox, on a machine with no network beyond the loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
ARTIFACTS = REPO / "tests" / "artifacts"
NAME = "上海禾风电子商务有限公司 & <Partners>"
TIMEOUT = 30_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("wb")
    streamlit = Path(sys.executable).with_name("streamlit")
    process = subprocess.Popen(
        [str(streamlit), "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium (scripts/test.sh does)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def preview(page: Page):  # noqa: ANN201
    """The preview pane, which holds the contract's articles (an element each)."""
    return page.locator(".st-key-preview_pane")


# What each page has sent the server (Streamlit's WebSocket), by id(page): see click_to_server.
SENT: dict[int, list[float]] = {}


def open_builder(browser: Browser, server: str, height: int = 1100, init_script: str | None = None) -> Page:
    """A fresh page on the builder, once the whole page is there (`init_script` runs before the page's own).
    The preview comes first, alone (webapp.first_paint): a test that scrolled the page then scrolled
    a page without its form, and the page stayed near its top."""
    page = browser.new_page(viewport={"width": 1500, "height": height})
    if init_script:
        page.add_init_script(init_script)
    sent = SENT[id(page)] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda _frame: sent.append(time.monotonic())))
    page.goto(f"{server}/?template=customer_service")  # past the gallery, should there be several templates
    expect(preview(page)).to_contain_text("客服工作服务合同", timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name="甲方名称 *")).to_be_visible(timeout=TIMEOUT)
    return page


def type_party_a(page: Page, name: str) -> None:
    """Type Party A's name as a user does (Enter commits it) and wait for the server's preview to show it."""
    name_box = page.get_by_role("textbox", name="甲方名称 *")
    name_box.fill(name)
    name_box.press("Enter")
    expect(preview(page)).to_contain_text(f"名称：{name}", timeout=TIMEOUT)
    expect_settled(page)


def expect_settled(page: Page) -> None:
    """Wait until the preview is the server's: no text shown as typed but not yet applied
    (webapp.typing_echo shows typing at once, marked .cb-typed, until the server's redraw)."""
    expect(page.locator(".cb-contract .cb-typed")).to_have_count(0, timeout=TIMEOUT)


def click_settled(page: Page, target: Locator) -> None:
    """Click once the sidebar has scrolled the target into view. The sidebar scrolls smoothly, and
    Playwright may click where the target was a moment before (about one click in ten here)."""
    target.scroll_into_view_if_needed(timeout=TIMEOUT)
    page.wait_for_timeout(400)
    target.click(timeout=TIMEOUT)


def click_to_server(page: Page, target: Locator) -> None:
    """Click a widget whose click the server must hear, and click again if the browser sent it
    nothing within 5 s: a click Playwright lands while Streamlit redraws the element is lost in
    the browser (about one run in a hundred on CI). A click that reached the server and then
    showed nothing still fails the test that made it. The page must come from open_builder."""
    sent = SENT[id(page)]
    before = len(sent)
    target.click(timeout=TIMEOUT)
    for _ in range(50):
        if len(sent) > before:
            return
        page.wait_for_timeout(100)
    target.click(timeout=TIMEOUT)


def open_group(page: Page, group: str) -> None:
    """Open a sidebar group of options (only the template's first groups start open)."""
    header = page.locator('[data-testid="stSidebar"] summary').filter(has_text=group).first
    if header.locator("xpath=..").get_attribute("open") is None:  # its <details> is closed
        header.click()


def choose(page: Page, label: str, option: str, group: str = "争议解决") -> None:
    """Pick an option in a Streamlit selectbox found by its label, in its sidebar group."""
    open_group(page, group)
    # Streamlit's selectbox is a combobox: typing filters the options, as a user would.
    combobox = page.get_by_role("combobox", name=label, exact=True)
    combobox.click()
    combobox.fill(option)
    page.get_by_role("option", name=option, exact=True).click()


def test_build_share_download_and_reload(server: str, browser: Browser, tmp_path: Path, update_golden: bool) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.goto(f"{server}/?template=customer_service")  # past the gallery, should there be several templates
    expect(preview(page)).to_contain_text("客服工作服务合同", timeout=TIMEOUT)

    name_box = page.get_by_role("textbox", name="甲方名称 *")
    name_box.fill(NAME)
    name_box.press("Enter")
    expect(preview(page)).to_contain_text(f"名称：{NAME}", timeout=TIMEOUT)
    expect(preview(page)).to_contain_text(f"Name: {NAME}")
    expect_settled(page)

    choose(page, "争议解决方式", "仲裁")
    expect(preview(page)).to_contain_text("中国国际经济贸易仲裁委员会", timeout=TIMEOUT)
    expect(preview(page)).to_contain_text("China International Economic and Trade Arbitration Commission")
    expect(page.locator(".cb-contract .changed").first).to_be_visible()
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "builder.png"))
    if update_golden:
        shutil.copy(ARTIFACTS / "builder.png", REPO / "docs" / "screenshot.png")

    # The share link, as the page shows it for copying, opens the same contract in a fresh page.
    share = page.locator(".cb-share code").inner_text().strip()
    assert "dispute.method=arbitration" in share and page.url.endswith(share.split("?", 1)[1])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="复制链接").click()
    expect(page.locator(".cb-share button")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == share
    shown = preview(page).inner_text()
    fresh = browser.new_context().new_page()
    fresh.goto(share)
    expect(preview(fresh)).to_contain_text(f"名称：{NAME}", timeout=TIMEOUT)
    assert preview(fresh).inner_text() == shown
    fresh.context.close()

    # The Markdown download: a Chinese file name, and the CLI's bytes for the same answers.
    with page.expect_download(timeout=TIMEOUT) as download_info:
        page.get_by_role("button", name="Markdown", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.startswith("客服工作服务合同_上海禾风电子商务有限公司 & -Partners_")
    assert download.suggested_filename.endswith("_bilingual.md")
    downloaded = Path(download.path()).read_bytes()
    answers = tmp_path / "answers.yaml"
    answers.write_text(f'party_a.name: "{NAME}"\ndispute.method: arbitration\n', encoding="utf-8")
    cli = subprocess.run(
        [str(Path(sys.executable).with_name("contract-builder")), "render", "customer_service", "--answers",
         str(answers), "--lang", "bilingual"],
        capture_output=True, check=True, cwd=REPO,
    )  # fmt: skip
    assert downloaded == cli.stdout
    # The PDF and the Word file: made on a click, then offered for download.
    for label, suffix, magic in (("PDF", ".pdf", b"%PDF"), ("Word", ".docx", b"PK")):
        page.get_by_role("button", name=f"生成 {label}", exact=True).click()
        with page.expect_download(timeout=TIMEOUT) as download_info:
            page.get_by_role("button", name=label, exact=True).click(timeout=TIMEOUT)
        assert download_info.value.suggested_filename.endswith("_bilingual" + suffix)
        assert Path(download_info.value.path()).read_bytes().startswith(magic)

    # Loading a bad answers file changes nothing and says why; a good one fills the form.
    page.locator("summary").filter(has_text="载入填写内容（YAML）").click()  # the uploader's panel
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    bad = tmp_path / "bad.yaml"
    bad.write_text("fee:\n  monthly: -5\n", encoding="utf-8")
    uploader.set_input_files(str(bad))
    expect(page.get_by_text("未载入（未作任何更改）")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("不能为负数")).to_be_visible()
    expect(preview(page)).to_contain_text(f"名称：{NAME}")
    good = REPO / "templates" / "customer_service" / "examples" / "shenzhen_saas.yaml"
    uploader.set_input_files(str(good))
    expect(preview(page)).to_contain_text("深圳市启明星软件科技有限公司", timeout=TIMEOUT)
    expect(preview(page)).to_contain_text("深圳国际仲裁院")
    context.close()


def test_what_is_typed_shows_in_the_preview_at_once_as_literal_text_until_the_server_has_it(
    server: str, browser: Browser
) -> None:
    """webapp.typing_echo: each keystroke in a text box shows in the preview before the server is told,
    marked as not yet applied; Enter (or leaving the box) applies it, and the server's redraw takes over."""
    page = open_builder(browser, server)
    sent = SENT[id(page)]
    names = page.locator('.cb-contract [data-field="party_a.name"]')
    typed = page.locator(".cb-contract .cb-typed")
    box = page.get_by_role("textbox", name="甲方名称 *")
    box.click()
    before = len(sent)
    # An input method's syllables (pinyin) do not show, the characters chosen do.
    ime = page.context.new_cdp_session(page)
    ime.send("Input.imeSetComposition", {"text": "he", "selectionStart": 2, "selectionEnd": 2})
    page.wait_for_timeout(300)
    assert names.first.text_content() == "__________" and typed.count() == 0
    ime.send("Input.insertText", {"text": "禾"})
    expect(names.first).to_have_text("禾")
    page.keyboard.type("风<b>x</b>")
    expect(preview(page)).to_contain_text("名称：禾风<b>x</b>")
    expect(preview(page)).to_contain_text("Name: 禾风<b>x</b>")  # the English column prints the same name
    assert typed.count() == names.count() >= 4  # 名称, Name and the signature block, each marked
    expect(typed.first).to_have_attribute("title", "尚未应用：按回车键或离开输入框后生效")
    assert page.locator(".cb-contract b").count() == 0  # literal text, never markup
    assert len(sent) == before  # shown before the server has heard of it
    box.press("Enter")
    expect_settled(page)
    expect(names.first).to_have_text("禾风<b>x</b>")
    assert len(sent) > before

    # More typed after Enter shows again; typed back to what the server has, nothing is marked.
    page.keyboard.type("公司")
    expect(names.first).to_have_text("禾风<b>x</b>公司")
    expect(typed).to_have_count(names.count())
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    expect(typed).to_have_count(0)
    expect(names.first).to_have_text("禾风<b>x</b>")
    assert names.first.get_attribute("title") is None

    page.keyboard.type("和")
    expect(names.first).to_have_text("禾风<b>x</b>和")

    # Leaving the box applies it, as Enter does; emptied, the preview shows the blank line again.
    page.get_by_role("textbox", name="乙方名称 *").click()
    expect_settled(page)
    expect(names.first).to_have_text("禾风<b>x</b>和")
    box.click()
    box.press("Control+A")
    page.keyboard.press("Delete")
    expect(names.first).to_have_text("__________")
    expect(names.first).to_have_class("blank cb-typed")
    box.press("Enter")
    expect_settled(page)
    expect(names.first).to_have_class("blank")

    # A value the server refuses (an invisible character) prints as a blank line beside its message,
    # not as text still to be applied, though the box, still in focus, holds it.
    apply_a_refused_name(page, box, names)
    page.wait_for_timeout(500)  # and it stays so: the script does not write the box's text again
    assert names.first.get_attribute("class") == "blank" and typed.count() == 0
    assert box.evaluate("box => box === document.activeElement")
    box.press("Control+A")
    page.keyboard.press("Delete")
    box.press("Enter")
    expect_settled(page)

    # A field whose places are out of the pane's view brings the first into it.
    pane = preview(page)
    pane.evaluate("pane => { pane.scrollTop = pane.scrollHeight; }")
    page.get_by_role("textbox", name="甲方地址 *").click()
    page.keyboard.type("上海")
    address = page.locator('.cb-contract [data-field="party_a.address"]').first
    expect(address).to_have_text("上海")
    expect(address).to_be_in_viewport()
    in_pane = "([pane, span]) => { const a = pane.getBoundingClientRect(), b = span.getBoundingClientRect();"
    in_pane += " return b.top >= a.top && b.bottom <= a.bottom; }"
    assert page.evaluate(in_pane, [pane.element_handle(), address.element_handle()])
    page.close()


def apply_a_refused_name(page: Page, box: Locator, names: Locator) -> None:
    """Type a name holding an invisible character in the focused box, shown at once as typed; Enter:
    the server refuses it, names it under the box, and its places print the blank line again."""
    page.keyboard.type("甲\u200b公司")
    expect(names.first).to_have_class("value cb-typed")
    box.press("Enter")
    expect(page.get_by_text("U+200B").first).to_be_visible(timeout=TIMEOUT)
    expect(names.first).to_have_class("blank")
    expect(names.first).to_have_text("__________")


# React may take a run's start and end in one pass on a busy machine: Streamlit's run state on the
# page then never changes. This holds it still for a whole page, as if every run went so.
RUN_STATE_NEVER_SHOWN = """
const setAttribute = Element.prototype.setAttribute;
Element.prototype.setAttribute = function (name, value) {
  if (name !== 'data-test-script-state') setAttribute.call(this, name, value);
};
"""


def test_a_refused_value_gives_its_place_back_though_the_page_never_shows_a_run(server: str, browser: Browser) -> None:
    """webapp.typing_echo: a value the server refuses prints as the blank it was, so the pane's HTML
    does not change; the echo must still give the place back, though the run state never moved
    (what made the typing test fail now and then on a loaded machine)."""
    page = open_builder(browser, server, init_script=RUN_STATE_NEVER_SHOWN)
    assert page.get_by_test_id("stApp").get_attribute("data-test-script-state") is None
    names = page.locator('.cb-contract [data-field="party_a.name"]')
    box = page.get_by_role("textbox", name="甲方名称 *")
    box.click()
    apply_a_refused_name(page, box, names)
    expect(page.locator(".cb-contract .cb-typed")).to_have_count(0)
    # Typing on still shows at once: the echo is not stopped by the run it gave way to.
    page.keyboard.type("乙")
    expect(names.first).to_have_text("甲\u200b公司乙")
    expect(names.first).to_have_class("value cb-typed")
    page.close()


def test_a_download_clicked_right_after_typing_has_what_was_typed(server: str, browser: Browser) -> None:
    """Typing and then clicking a download at once: the click takes the focus, which commits the field
    while the button still holds the file made before it. The file must have the field
    (webapp.download_guard): Markdown, and the answers file, which would otherwise lose it."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.goto(f"{server}/?template=customer_service")
    expect(preview(page)).to_contain_text("客服工作服务合同", timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as untouched:  # no edit under way: served at once
        page.get_by_role("button", name="Markdown", exact=True).click()
    assert "客服工作服务合同" in Path(untouched.value.path()).read_text(encoding="utf-8")
    assert page.evaluate("window.cbDownloadGuard.held") == 0
    name_box = page.get_by_role("textbox", name="甲方名称 *")
    for index, (button, suffix) in enumerate((("Markdown", ".md"), ("保存填写内容（YAML）", ".yaml"))):
        name = f"刚输入的公司{index}"
        name_box.click()
        name_box.press("Control+A")
        page.keyboard.type(name)  # no Enter: the click on the download commits it
        with page.expect_download(timeout=TIMEOUT) as download:
            page.get_by_role("button", name=button, exact=True).click()
        assert download.value.suggested_filename.endswith(suffix)
        assert name in Path(download.value.path()).read_text(encoding="utf-8"), button
    assert page.evaluate("window.cbDownloadGuard.held") == 2
    context.close()


def test_a_word_file_made_before_an_edit_is_not_served_after_it(server: str, browser: Browser) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.goto(f"{server}/?template=customer_service")
    expect(preview(page)).to_contain_text("客服工作服务合同", timeout=TIMEOUT)
    page.get_by_role("button", name="生成 Word", exact=True).click()
    word = page.get_by_role("button", name="Word", exact=True)
    expect(word).to_be_visible(timeout=TIMEOUT)
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    name_box = page.get_by_role("textbox", name="甲方名称 *")
    name_box.click()
    page.keyboard.type("编辑之后的公司")
    word.click()  # the file was made before the edit: it is not served, and the button to make it is back
    expect(page.get_by_role("button", name="生成 Word", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(preview(page)).to_contain_text("名称：编辑之后的公司")
    page.wait_for_timeout(1000)
    assert downloads == []
    context.close()


def test_side_by_side_and_english_interface(server: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.goto(f"{server}/?lang=parallel&ui=en&party_b.name=乙公司")
    expect(preview(page)).to_contain_text("Party B (the Service Provider)", timeout=TIMEOUT)
    row = page.locator(".cb-contract table.parallel tr").filter(has_text="乙公司").first
    cells = row.locator("td")
    expect(cells).to_have_count(2)
    # The two languages sit side by side: same row, Chinese left of English. Both measured in one
    # frame: the pane may still be scrolling (a bounding box each, taken apart, saw them 32 px apart).
    (left_top, left_x), (right_top, right_x) = cells.evaluate_all(
        "cells => cells.map(cell => [cell.getBoundingClientRect().top, cell.getBoundingClientRect().left])"
    )
    assert abs(left_top - right_top) < 2 and left_x < right_x
    expect(page.get_by_role("heading", name="Contract details")).to_be_visible()
    page.get_by_role("link", name="Clause library").click()
    page.get_by_role("textbox", name="Search clauses").fill("仲裁")
    page.keyboard.press("Enter")
    expect(page.locator(".cb-library")).to_contain_text("Dispute resolution = Arbitration", timeout=TIMEOUT)
    page.context.close()


def test_answers_survive_the_library_and_the_back_button(server: str, browser: Browser) -> None:
    page = open_builder(browser, server)
    type_party_a(page, "往返测试有限公司")
    page.get_by_text("中英并列（左右对照）").click()
    expect(page.locator(".cb-contract table.parallel").first).to_be_visible(timeout=TIMEOUT)
    # To the clause library and back by the page links, then by the browser's Back button.
    page.get_by_role("link", name="条款库").click()
    expect(page.locator(".cb-library")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("link", name="合同生成").click()
    expect(preview(page)).to_contain_text("往返测试有限公司", timeout=TIMEOUT)
    expect(page.locator(".cb-contract table.parallel").first).to_be_visible()
    expect(page.get_by_role("textbox", name="甲方名称 *")).to_have_value("往返测试有限公司")
    page.get_by_role("link", name="条款库").click()
    expect(page.locator(".cb-library")).to_be_visible(timeout=TIMEOUT)
    page.go_back()
    expect(preview(page)).to_contain_text("往返测试有限公司", timeout=TIMEOUT)
    expect(page.locator(".cb-contract table.parallel").first).to_be_visible()
    # And no developer chrome: no Deploy button.
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    page.context.close()


def test_the_library_shows_the_open_template_in_either_language(server: str, browser: Browser) -> None:
    # The library reads the template open in the session; after a switch of language the selector's
    # value (a title in the language before) once named none, and the library showed the first template.
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(f"{server}/?template=mutual_nda")
    expect(page.locator(".cb-contract").first).to_contain_text("保密协议", timeout=TIMEOUT)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("combobox", name="合同模板")).to_have_value("保密协议（双向）", timeout=TIMEOUT)
    sidebar.get_by_text("English", exact=True).first.click()
    expect(page.get_by_role("link", name="Clause library")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # the page settles in English
    page.get_by_role("link", name="Clause library").click()
    title = page.get_by_test_id("stMain").get_by_role("heading", level=1).first
    expect(title).to_have_text("Clause library · Mutual Non-Disclosure Agreement", timeout=TIMEOUT)
    sidebar.get_by_text("中文", exact=True).first.click()
    expect(title).to_have_text("条款库 · 保密协议（双向）", timeout=TIMEOUT)
    page.get_by_role("link", name="合同生成").click()
    expect(page.locator(".cb-contract").first).to_contain_text("保密协议", timeout=TIMEOUT)
    expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
    page.context.close()


# The most preview panes the page ever held: the whole page draws over the first run's
# elements, never beside them (every change to the page is looked at, not only those painted).
_PANES = """window.cbPanes = 0;
new MutationObserver(() => {
  window.cbPanes = Math.max(window.cbPanes, document.querySelectorAll('.st-key-preview_pane').length);
}).observe(document, {childList: true, subtree: true});"""
# Where the pane's top is, once the web fonts are in.
_PANE_TOP = "document.fonts.ready.then(() => document.querySelector('.st-key-preview_pane').getBoundingClientRect().y)"


# The interface language, the window's width, the link's template and options, and words the page
# shows: while loading, in the name's label, and in the tools' summary line, which the first run draws
# as the tools will (it names the standard clauses a link leaves out, and wraps as it will); below it,
# the room kept for the rest of the tools depends on how they wrap (webapp.first_paint.TOOLS_ROOM_PX).
FIRST_PAINT_VIEWS = {
    "chinese, wide": ("zh", 1500, "template=customer_service", "正在载入表单…", "甲方名称 *", "0 处与范本不同"),
    "english, laptop": ("en", 1280, "template=customer_service", "Loading the form…", "Party A name *",
                        "0 paragraph(s) differ"),
    "chinese, narrow, clauses left out": ("zh", 900, "template=data_processing&rights.pia=false&audit.enabled=false",
                                          "正在载入表单…", "甲方（委托方）名称 *",
                                          "已删去的范本条款：六、协助义务（二），八、处理记录与监督检查（二）"),
}  # fmt: skip


@pytest.mark.parametrize("view", list(FIRST_PAINT_VIEWS))
def test_a_share_link_shows_the_contract_first_and_the_form_follows_by_itself(
    server: str, browser: Browser, view: str
) -> None:
    """webapp.first_paint. Whether the browser paints the first run before the whole page comes is
    a matter of timing, which bench/browser.py measures; this holds what each run draws."""
    lang, width, options, loading, name_label, summary = FIRST_PAINT_VIEWS[view]
    link = f"{server}/?{options}&party_a.name=链接公司&ui={lang}"
    # The first run, held: the page's requests after its first (the timer's) never reach the server.
    held = browser.new_page(viewport={"width": width, "height": 1100})
    requests: list[object] = []

    def first_request_only(route: WebSocketRoute) -> None:
        server_side = route.connect_to_server()

        def from_page(message: str | bytes) -> None:
            requests.append(message)
            if len(requests) == 1:
                server_side.send(message)

        route.on_message(from_page)

    held.route_web_socket("**/_stcore/stream", first_request_only)
    held.goto(link)
    expect(preview(held)).to_contain_text("名称：链接公司", timeout=TIMEOUT)
    expect(held.get_by_text(loading)).to_be_visible()
    for _ in range(50):  # the timer asks for the whole page by itself
        if len(requests) > 1:
            break
        held.wait_for_timeout(100)
    assert len(requests) > 1
    assert held.get_by_role("textbox").count() == 0  # no form, no tools
    assert held.locator(".cb-summary").count() == 0
    expect(held.locator(".cb-tools-column")).to_contain_text(summary)  # but their summary line
    alone_top = held.evaluate(_PANE_TOP)
    held.close()

    page = browser.new_page(viewport={"width": width, "height": 1100})
    sent: list[float] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda _frame: sent.append(time.monotonic())))
    page.add_init_script(_PANES)
    page.goto(link)
    expect(page.get_by_role("textbox", name=name_label)).to_have_value("链接公司", timeout=TIMEOUT)  # no click
    expect(page.locator(".cb-summary")).to_be_visible()  # and the tools above the preview
    expect(page.get_by_text(loading)).to_have_count(0)
    expect_settled(page)
    assert abs(page.evaluate(_PANE_TOP) - alone_top) <= 12  # room was kept for the tools: the contract stays put
    assert page.evaluate("window.cbPanes") == 1
    # The timer asked for the whole page once and stopped: an idle page sends nothing more.
    count = len(sent)
    page.wait_for_timeout(1500)
    assert len(sent) == count
    page.close()


def test_switching_the_interface_language_keeps_every_selection(server: str, browser: Browser) -> None:
    page = open_builder(browser, server)
    choose(page, "争议解决方式", "仲裁")
    expect(preview(page)).to_contain_text("中国国际经济贸易仲裁委员会", timeout=TIMEOUT)
    page.get_by_text("中英并列（左右对照）").click()
    expect(page.locator(".cb-contract table.parallel").first).to_be_visible(timeout=TIMEOUT)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("English", exact=True).first.click()  # the interface-language switch
    expect(sidebar.get_by_text("Dispute resolution", exact=True)).to_be_visible(timeout=TIMEOUT)
    # The same choices, now worded in English: the edition still chosen, the options translated.
    expect(sidebar.get_by_role("radio", name="Side by side")).to_be_checked()
    expect(sidebar.get_by_role("combobox", name="Dispute resolution")).to_have_value("Arbitration")
    expect(sidebar.get_by_role("combobox", name="Template")).to_have_value("Customer Service Outsourcing Agreement")
    open_group(page, "Services and service levels")
    expect(sidebar.get_by_text("Telephone", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("电话", exact=True)).to_have_count(0)
    expect(page.locator(".cb-contract table.parallel").filter(has_text="China International Economic")).to_have_count(1)
    # And back to Chinese: the template selector had sent its title in the other language, which
    # names no template (the page once failed here), and every choice is still there.
    sidebar.get_by_text("中文", exact=True).first.click()
    expect(sidebar.get_by_text("争议解决方式", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
    expect(sidebar.get_by_role("combobox", name="合同模板")).to_have_value("客服工作服务合同")
    expect(sidebar.get_by_role("radio", name="中英并列（左右对照）")).to_be_checked()
    expect(sidebar.get_by_role("combobox", name="争议解决方式")).to_have_value("仲裁")
    expect(page.locator(".cb-contract table.parallel").filter(has_text="中国国际经济贸易仲裁委员会")).to_have_count(1)
    page.context.close()


def test_a_language_switch_keeps_the_parties_boxes_and_their_panel_as_the_user_left_it(
    server: str, browser: Browser
) -> None:
    # The template's open group (the parties) is a plain panel (webapp.groups.open_panel): a lazy one
    # is a new panel under a new label, and its 18 boxes were built again on every switch.
    page = open_builder(browser, server)
    parties = page.locator(".st-key-group-customer_service-details-parties details")
    name_box = page.get_by_role("textbox", name="甲方名称 *")
    name_box.evaluate("box => { box.dataset.kept = '1'; }")
    parties.locator("summary").click()  # the user closes it
    expect(name_box).to_be_hidden(timeout=TIMEOUT)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("English", exact=True).first.click()
    expect(parties.locator("summary")).to_contain_text("Parties", timeout=TIMEOUT)
    expect(sidebar.get_by_text("Clause options", exact=True)).to_be_visible(timeout=TIMEOUT)
    kept = page.locator("input[data-kept='1']")
    expect(kept).to_have_count(1)  # the same box, relabelled
    expect(kept).to_be_hidden()  # in the panel, still closed
    assert parties.evaluate("details => details.open") is False
    sidebar.get_by_text("中文", exact=True).first.click()
    expect(parties.locator("summary")).to_contain_text("合同双方", timeout=TIMEOUT)
    expect(page.locator("input[data-kept='1']")).to_have_count(1)
    # Its field's link in the list of blank fields opens the panel and puts the cursor in the box.
    page.locator(".cb-blanks a").filter(has_text="甲方名称").click()
    expect(name_box).to_be_focused(timeout=TIMEOUT)
    expect(name_box).to_be_in_viewport()
    page.context.close()


def test_a_panel_opens_and_closes_without_the_page_being_drawn_again(server: str, browser: Browser) -> None:
    # Every run of the page draws the tools above the preview anew, with a new run mark
    # (webapp.typing_echo.RUN_MARK); a panel's own run (webapp.live.panel_switched) does not.
    page = open_builder(browser, server)
    sidebar = page.locator('[data-testid="stSidebar"]')
    mark = page.locator(f"[{RUN_MARK}]")
    expect(mark).to_have_count(1)
    drawn = mark.get_attribute(RUN_MARK)
    header = sidebar.locator("summary").filter(has_text="人员、合规与知识产权").first
    header.click()
    option = sidebar.get_by_text("反商业贿赂与利益冲突", exact=True)
    expect(option).to_be_visible(timeout=TIMEOUT)
    # A panel of the form, too.
    main = page.get_by_test_id("stMain")
    main.locator("summary").filter(has_text="服务费用及支付").first.click()
    form_field = main.get_by_test_id("stWidgetLabel").filter(has_text="每月服务费（元）")
    expect(form_field).to_be_visible(timeout=TIMEOUT)
    # And the examples' panel.
    sidebar.locator("summary").filter(has_text="示例").first.click()
    expect(sidebar.get_by_role("button", name="上海零售电商 · 固定月费 · 法院诉讼")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # past any run the clicks set going
    assert mark.get_attribute(RUN_MARK) == drawn
    # Its options work as ever: one switched on reaches the preview (a run that draws the tools).
    click_to_server(page, option)
    expect(preview(page)).to_contain_text("反商业贿赂与利益冲突", timeout=TIMEOUT)
    expect(mark).not_to_have_attribute(RUN_MARK, drawn, timeout=TIMEOUT)
    page.wait_for_timeout(500)
    drawn = mark.get_attribute(RUN_MARK)
    header.click()  # closed: its widgets go, and the page is not drawn
    expect(option).to_have_count(0, timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    assert mark.get_attribute(RUN_MARK) == drawn
    header.click()  # open again: the option shows the answer it was given
    expect(sidebar.get_by_role("switch", name="反商业贿赂与利益冲突", exact=True)).to_be_checked(timeout=TIMEOUT)
    expect(preview(page)).to_contain_text("反商业贿赂与利益冲突")
    page.context.close()


# Marks each article element of the preview, to tell the elements a run kept from those it drew anew.
MARK_ARTICLES = "() => document.querySelectorAll('.cb-contract').forEach((article) => { article.dataset.kept = '1'; })"


def test_a_change_redraws_only_the_articles_it_changes(server: str, browser: Browser) -> None:
    # The first departure from the standard text brings the line of links to changed articles above
    # the contract, and going back to it takes the line away: the articles keep their places, and
    # the browser keeps those whose text did not change (it once drew all of them anew each time).
    page = open_builder(browser, server)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator("summary").filter(has_text="人员、合规与知识产权").first.click()
    option = sidebar.get_by_text("反商业贿赂与利益冲突", exact=True)
    expect(option).to_be_visible(timeout=TIMEOUT)
    articles = page.locator(".cb-contract")
    before = articles.count()
    page.evaluate(MARK_ARTICLES)
    click_to_server(page, option)
    expect(page.locator(".cb-changes")).to_contain_text("合规承诺", timeout=TIMEOUT)  # the article now holding it
    page.wait_for_timeout(500)
    kept = page.locator(".cb-contract[data-kept]")
    assert articles.count() == before + 1  # the new article
    # The title and parties and every article before the new one are the elements they were.
    expect(articles.first).to_have_attribute("data-kept", "1")
    assert kept.count() >= before // 2, f"{kept.count()} of {before} articles kept"
    page.evaluate(MARK_ARTICLES)
    click_to_server(page, option)  # back to the standard text: the links go
    expect(page.locator(".cb-changes")).to_have_count(0, timeout=TIMEOUT)
    expect(articles).to_have_count(before)
    page.wait_for_timeout(500)
    expect(articles.first).to_have_attribute("data-kept", "1")
    assert kept.count() >= before // 2, f"{kept.count()} of {before} articles kept"
    page.context.close()


def test_the_preview_stays_in_view_and_scrolls_to_what_changed(server: str, browser: Browser) -> None:
    page = open_builder(browser, server, height=1000)
    page.mouse.move(500, 600)
    page.mouse.wheel(0, 1500)  # down the long form
    choose(page, "争议解决方式", "仲裁")
    changed = page.locator('.cb-contract [data-id="disputes.p4"]').first
    expect(changed).to_contain_text("中国国际经济贸易仲裁委员会", timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # the pane scrolls 150 ms after the preview is drawn
    pane = page.locator(".st-key-preview_pane").bounding_box()
    paragraph = changed.bounding_box()
    assert pane and paragraph
    # The pane is on screen although the page was scrolled, and the changed paragraph is inside it.
    assert 0 <= pane["y"] < 1000 and pane["y"] + pane["height"] <= 1000 + 1
    assert pane["y"] <= paragraph["y"] and paragraph["y"] + 20 <= pane["y"] + pane["height"]
    # The article is listed as a link to it.
    expect(page.locator(".cb-changes a")).to_have_text(["七、争议解决"])
    page.context.close()


def test_a_preset_over_answers_asks_first_and_undo_restores(server: str, browser: Browser) -> None:
    page = open_builder(browser, server)
    type_party_a(page, "撤销测试有限公司")
    sidebar = page.locator('[data-testid="stSidebar"]')
    open_group(page, "示例")
    click_settled(page, sidebar.get_by_role("button", name="上海零售电商 · 固定月费 · 法院诉讼"))
    click_settled(page, sidebar.get_by_role("button", name="覆盖", exact=True))
    expect(preview(page)).to_contain_text("上海禾风电子商务有限公司", timeout=TIMEOUT)
    sidebar.get_by_role("button", name="撤销").click()
    expect(preview(page)).to_contain_text("名称：撤销测试有限公司", timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name="甲方名称 *")).to_have_value("撤销测试有限公司")
    page.context.close()


def test_an_end_date_before_the_start_blocks_downloads_with_the_labelled_message(server: str, browser: Browser) -> None:
    page = open_builder(browser, server)
    # The term's group starts closed: the start date's link in the list of blank fields opens it.
    page.locator(".cb-blanks a").filter(has_text="服务开始日期").click()
    expect(page.get_by_role("group", name="服务开始日期 *", exact=True)).to_be_in_viewport(timeout=TIMEOUT)
    # Streamlit's date input is a field of year, month and day segments: type into them as a user does.
    for label, parts in (("服务开始日期 *", ("2026", "06", "01")), ("服务结束日期 *", ("2026", "01", "01"))):
        page.get_by_role("group", name=label, exact=True).get_by_role("spinbutton").first.click()
        for part in parts:
            page.keyboard.type(part)
        page.get_by_role("heading", name="合同信息").click()  # leaving the field commits the date
        expect(preview(page)).to_contain_text(f"2026年{int(parts[1])}月1日", timeout=TIMEOUT)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="请更正以下内容")).to_be_visible(timeout=TIMEOUT)
    link = page.locator(".cb-problems a")
    expect(link).to_have_text(["服务结束日期：结束日期应晚于开始日期"])  # by label, never "term.end"
    end_date = page.get_by_role("group", name="服务结束日期 *", exact=True)
    page.mouse.move(500, 600)
    page.mouse.wheel(0, 2500)  # down the form, away from the field
    expect(end_date).not_to_be_in_viewport(timeout=TIMEOUT)
    link.click()  # Playwright scrolls up to the link, a screen above the field; the link brings the field
    expect(end_date).to_be_in_viewport(timeout=TIMEOUT)
    # The field's own message, in its group, which is open.
    expect(page.get_by_text("服务结束日期：结束日期应晚于开始日期").nth(1)).to_be_visible()
    for label in ("Markdown", "打印版 HTML", "Word", "PDF"):
        expect(page.get_by_role("button", name=label, exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="保存填写内容（YAML）")).to_be_enabled()
    page.context.close()


def test_on_a_phone_the_form_and_the_preview_are_two_tabs(server: str, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto(f"{server}/?template=customer_service")  # past the gallery, should there be several templates
    name_box = page.get_by_role("textbox", name="甲方名称 *")
    expect(name_box).to_be_visible(timeout=TIMEOUT)
    expect(preview(page)).to_be_hidden()
    page.wait_for_timeout(1000)  # past the first runs: the tools' run mark is the page's last
    mark = page.locator(f"[{RUN_MARK}]")
    drawn = mark.get_attribute(RUN_MARK)
    switch = page.locator(".st-key-narrow_switch")
    switch.get_by_text("合同预览", exact=True).click()
    expect(preview(page)).to_be_visible(timeout=TIMEOUT)
    expect(preview(page)).to_contain_text("客服工作服务合同")
    expect(name_box).to_be_hidden()
    switch.get_by_text("合同信息", exact=True).click()
    expect(name_box).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(500)
    assert mark.get_attribute(RUN_MARK) == drawn  # the switch reran itself, not the page
    # On a wide screen: both columns, and no switch.
    page.set_viewport_size({"width": 1500, "height": 1000})
    expect(preview(page)).to_be_visible()
    expect(switch).to_be_hidden()
    page.context.close()


def test_on_a_phone_a_share_link_opens_on_its_contract(server: str, browser: Browser) -> None:
    """The first view shows the contract alone, and the whole page keeps it in view: a link carrying
    answers is a contract to read (webapp.narrow); the form is a tap away."""
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto(f"{server}/?template=customer_service&party_a.name=链接公司")
    switch = page.locator(".st-key-narrow_switch")
    expect(switch.get_by_text("合同预览", exact=True)).to_be_visible(timeout=TIMEOUT)  # the whole page is in
    expect(preview(page)).to_contain_text("名称：链接公司")
    expect(preview(page)).to_be_visible()
    name_box = page.get_by_role("textbox", name="甲方名称 *")
    expect(name_box).to_be_hidden()
    switch.get_by_text("合同信息", exact=True).click()
    expect(name_box).to_have_value("链接公司", timeout=TIMEOUT)
    expect(name_box).to_be_visible()
    expect(preview(page)).to_be_hidden()
    page.context.close()


def test_review_panel_fixes_a_risk_in_one_click_and_shows_its_clause(server: str, browser: Browser) -> None:
    """Open the review, read a finding with its citation, jump to its clause, fix it: the count falls
    and the panel stays open for the next finding."""
    page = open_builder(browser, server)
    counts = page.locator(".cb-review-counts")
    expect(counts).to_contain_text("高 3", timeout=TIMEOUT)
    expect(counts).to_contain_text("中 5")
    # The links' listener is on the page before the panel opens: a link clicked as soon as it shows works.
    assert page.evaluate("window.cbReviewLinks") is True
    page.get_by_text("风险提示与修改建议").click()
    finding = page.locator(".st-key-finding_dispute_scope_narrow")
    expect(finding).to_contain_text("《中华人民共和国民法典》第五百零七条", timeout=TIMEOUT)
    # The link scrolls the preview pane (not the page) to the clause and flashes it.
    finding.get_by_role("link").first.click()
    expect(page.locator('.st-key-preview_pane [data-id^="disputes."].cb-flash').first).to_be_attached(timeout=TIMEOUT)
    click_to_server(page, finding.get_by_role("button", name="一键修改"))
    expect(preview(page)).to_contain_text("凡因本协议引起的或与本协议有关的任何争议", timeout=TIMEOUT)
    expect(counts).to_contain_text("中 4", timeout=TIMEOUT)
    expect(page.locator(".st-key-finding_dispute_scope_narrow")).to_have_count(0)
    expect(page.locator(".st-key-finding_force_majeure_blanket")).to_be_visible()  # still open
    assert "dispute.scope=all" in page.url
    page.screenshot(path=str(ARTIFACTS / "review_panel.png"), full_page=False)
    page.close()


def test_compare_view_shows_a_redline_and_downloads_it_as_tracked_changes(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.goto(f"{server}/?template=customer_service")  # past the gallery, should there be several templates
    expect(preview(page)).to_contain_text("客服工作服务合同", timeout=TIMEOUT)
    type_party_a(page, "上海禾风电子商务有限公司")
    page.get_by_text("对比", exact=True).first.click()  # the 合同预览 / 对比 switch
    expect(page.locator(".cb-contract ins").first).to_have_text("上海禾风电子商务有限公司", timeout=TIMEOUT)
    expect(page.locator(".cb-contract del").first).to_have_text("__________")
    page.get_by_role("button", name="生成 Word").click()
    word = page.get_by_role("button", name="Word", exact=True)  # the made file's download button
    expect(word).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        word.click()
    path = tmp_path / "redline.docx"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith("对比稿_客服工作服务合同_上海禾风电子商务有限公司_")
    import zipfile

    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert 'w:author="contract-builder"' in xml and "上海禾风电子商务有限公司" in xml
    page.screenshot(path=str(ARTIFACTS / "compare_view.png"), full_page=False)
    context.close()
