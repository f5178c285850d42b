"""What users feel, in Chromium: `.venv/bin/python bench/browser.py [--runs 7]`.

Serves the builder (`app.py`) and a bare Streamlit page (one text input echoed by
st.write, its value taken from the link) the same way, with the builder's server
configuration (`load.bare_page`), and measures, alternating between them so that a busy
machine weighs on both alike:

- first paint through a share link: a fresh browser context opens a link carrying
  Party A's name, until the name is visible (builder: in the preview; bare: echoed), and
  until the form's box holds it too (the builder shows its preview first);
- type → preview: type a name, until the builder's preview shows it as typed (the
  echo, webapp.typing_echo: no server involved, so the bare page has no such figure and
  its Enter → echo stands beside it), then press Enter, until the preview is the
  server's (on both pages);
- switch two clause options on and off, until the preview has the article or has lost
  it: one another option depends on (the PIPL article: in the builder its group reruns
  with the live parts, to enable the option beside it) and one nothing depends on
  (anti-bribery: only the live parts rerun); in the builder and in the floor, whose
  whole page reruns and shows a preview made beforehand;
- the other kinds of change a user makes: open and close a panel of options, until its widgets
  are there or gone (builder and floor: a panel draws its widgets only while open); switch the
  interface language, until the sidebar's last panel is headed in it (builder and floor: every
  label and heading on the page changes, the preview does not); in the builder, choose from a
  list (disputes to arbitration and back), switch the edition (English alone and back) and the
  view (对比 and back to 合同预览), until the preview shows it; and on a phone, switch from the
  form to the preview and back, until the one chosen is on screen.

Prints the medians in ms and the builder/bare ratios (issue 13's targets: first
paint ≤ 1.5×, type → preview ≤ 2×, a change ≤ 200 ms; the interface language, which
words the whole page anew as a template switch does, is held to 2× its floor), and
beside them a floor (bench/floor_page.py):
the builder's page with none of its work, the same widgets and preview, which is
what Streamlit itself costs for a page of this size.

The text is watched for in the page on every animation frame. Playwright's
`expect` polls from outside with a back-off (checks at 0, 20, 70, 170, 270, 770 ms…),
which rounds a 300 ms update up to 770 ms, and each of its checks walks the whole
page, which costs a large page more than a small one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from load import CHROMIUM, CHROMIUM_ARGS, REPO, TIMEOUT_MS, bare_page, streamlit_server
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

BARE_APP = (
    'import streamlit as st\n\nv = st.text_input("x", value=st.query_params.get("name", ""))\nst.write(f"echo: {v}")\n'
)


# Whether any element matching the selector shows the text, the body of the checks below. The preview
# is drawn in several parts (one st.html each), so every one is looked at: an off switch once looked
# at the first alone, which never holds the article, and was timed at about 40 ms.
_ANY_SHOWS = "[...document.querySelectorAll(selector)].some(e => e.textContent.includes(text))"
# True once an element matching the selector shows the text as the server drew it (checked on
# each animation frame): no text marked as typed but not yet applied (webapp.typing_echo).
_SHOWS = f"([selector, text]) => !document.querySelector('.cb-typed') && {_ANY_SHOWS}"
# True once the preview shows the text, the server's or typed (`echo`).
_ECHOES = f"([selector, text]) => {_ANY_SHOWS}"


def wait_for_text(page: Page, selector: str, text: str) -> None:
    page.wait_for_function(_SHOWS, arg=[selector, text], polling="raf", timeout=TIMEOUT_MS)


# True once a text box holds the text (the form's box for Party A's name, filled from the link).
_HOLDS = "(text) => [...document.querySelectorAll('input')].some(box => box.value === text)"


def first_paint(browser: Browser, url: str, builder: bool, name: str) -> tuple[float, float]:
    """ms from opening a share link until the name is visible (builder, floor: in the preview), and
    until the form's box holds it too (the builder's first run draws the preview alone,
    webapp.first_paint; the bare page's one box and its echo come together)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    start = time.perf_counter()
    if builder:
        page.goto(f"{url}/?template=customer_service&party_a.name={quote(name)}", timeout=TIMEOUT_MS)
        wait_for_text(page, ".cb-contract", f"名称：{name}")
    else:
        page.goto(f"{url}/?name={quote(name)}", timeout=TIMEOUT_MS)
        wait_for_text(page, "[data-testid=stMarkdown]", f"echo: {name}")
    shown = (time.perf_counter() - start) * 1000
    page.wait_for_function(_HOLDS, arg=name, polling="raf", timeout=TIMEOUT_MS)
    ready = (time.perf_counter() - start) * 1000
    context.close()
    return shown, ready


def typing(browser: Browser, url: str, builder: bool, runs: int, echo: bool) -> tuple[list[float], list[float]]:
    """Type names: ms from the last keystroke until the preview shows the name as typed (with `echo`:
    the builder's, webapp.typing_echo; the floor and the bare page have none), and from Enter until
    the server's preview has it."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    if builder:
        page.goto(f"{url}/?template=customer_service", timeout=TIMEOUT_MS)
        wait_for_text(page, ".cb-contract", "客服工作服务合同")
        box = page.get_by_role("textbox", name="甲方名称 *")
    else:
        page.goto(url, timeout=TIMEOUT_MS)
        box = page.get_by_role("textbox", name="x")
    selector, shown = (".cb-contract", "名称：") if builder else ("[data-testid=stMarkdown]", "echo: ")
    echoed, applied = [], []
    for index in range(runs):
        name = f"测速公司{index}"
        box.fill(name[:-1])  # focuses the box
        page.wait_for_timeout(200)
        start = time.perf_counter()
        page.keyboard.type(name[-1])  # not box.type: that would time Playwright finding the box in the page
        if echo:
            page.wait_for_function(_ECHOES, arg=[selector, shown + name], polling="raf", timeout=TIMEOUT_MS)
            echoed.append((time.perf_counter() - start) * 1000)
        page.wait_for_timeout(200)
        start = time.perf_counter()
        page.keyboard.press("Enter")
        wait_for_text(page, selector, shown + name)
        applied.append((time.perf_counter() - start) * 1000)
    context.close()
    return echoed, applied


# Two clause options, on and off, each in its sidebar group (opened first, as a user would): the
# PIPL article, on which another option depends (its change redraws its group too, webapp.live), and
# the anti-bribery article, on which nothing depends (its change redraws only the live parts).
OPTIONS = {
    "option that another depends on": ("保密与个人信息", "个人信息保护条款", "、个人信息保护"),
    "option alone": ("人员、合规与知识产权", "反商业贿赂与利益冲突", "）反商业贿赂与利益冲突"),
}
# True once no element matching the selector shows the text (`_ANY_SHOWS`: every part is looked at).
_LACKS = f"([selector, text]) => !{_ANY_SHOWS}"


# A click that has not switched the option after this long was lost by the page (it lands while
# Streamlit redraws the toggle: 2 of about 100 clicks in one run here): it is counted and made again.
LOST_MS = 5000
LOST_CLICKS: list[str] = []


def click_point(page: Page, target: Locator) -> tuple[float, float]:
    """Where to click `target`: a plain click there, found before the clock starts, times the page
    alone (a locator's click would time Playwright's search of the page and its checks, which grow
    with the page). The pointer leaves first: resting where the last click was, it can open the help
    tooltip of the option above once that redraws, and the tooltip then covers the target (lost clicks)."""
    page.mouse.move(1, 1)
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(400)  # the sidebar scrolls smoothly: read where the target ends up
    box = target.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def switching(
    browser: Browser, url: str, runs: int, group: str, label_text: str, heading: str
) -> dict[str, list[float]]:
    """Switch a clause option in the builder's sidebar `runs` times on and as many off, until the
    preview has the article or has lost it: ms for each, by the way it went ("on", "off")."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.goto(f"{url}/?template=customer_service", timeout=TIMEOUT_MS)
    wait_for_text(page, ".cb-contract", "客服工作服务合同")
    page.get_by_test_id("stSidebar").locator("summary").filter(has_text=group).first.click()
    label = page.get_by_test_id("stSidebar").get_by_test_id("stWidgetLabel").get_by_text(label_text, exact=True)
    label.wait_for(timeout=TIMEOUT_MS)
    times: dict[str, list[float]] = {"on": [], "off": []}
    while min(len(figures) for figures in times.values()) < runs:
        x, y = click_point(page, label)
        # What the click must bring, read from the page: a click taken late is not undone by the next.
        switching_on = not page.evaluate(_SHOWS, [".cb-contract", heading])
        wanted = _SHOWS if switching_on else _LACKS
        start = time.perf_counter()
        page.mouse.click(x, y)
        try:
            page.wait_for_function(wanted, arg=[".cb-contract", heading], polling="raf", timeout=LOST_MS)
        except PlaywrightTimeoutError:  # the option did not switch: the click is timed again
            LOST_CLICKS.append(label_text)
            picture = Path(tempfile.gettempdir()) / f"lost-click-{len(LOST_CLICKS)}.png"
            page.screenshot(path=picture)
            if len(LOST_CLICKS) > 3 * runs:
                raise RuntimeError(f"clicks on {label_text} do not switch it: see {picture}") from None
            page.wait_for_timeout(LOST_MS)  # a click taken very late shows by then
            continue
        times["on" if switching_on else "off"].append((time.perf_counter() - start) * 1000)
        page.wait_for_timeout(300)  # past the rerun's last messages
    context.close()
    return times


# Whether a sidebar panel shows the widget labelled so: it has opened and drawn its widgets.
_PANEL_SHOWS = """(label) => [...document.querySelectorAll('[data-testid=stSidebar] [data-testid=stWidgetLabel]')]
  .some((element) => element.textContent.trim() === label)"""
_PANEL_LACKS = f"(label) => !({_PANEL_SHOWS})(label)"


def clicked_until(page: Page, target: Locator, check: str, arg: Any) -> float:
    """ms from a plain click where `target` is (`click_point`) until `check(arg)` holds in the page,
    on an animation frame. A click that changed nothing within LOST_MS was lost by the page (see
    `switching`): it is counted and made again."""
    while True:
        x, y = click_point(page, target)
        start = time.perf_counter()
        page.mouse.click(x, y)
        try:
            page.wait_for_function(check, arg=arg, polling="raf", timeout=LOST_MS)
        except PlaywrightTimeoutError:
            LOST_CLICKS.append(str(arg))
            if len(LOST_CLICKS) > 20:
                raise RuntimeError(f"clicks do not bring {arg}") from None
            page.wait_for_timeout(LOST_MS)
            if not page.evaluate(check, arg):
                continue
        elapsed = (time.perf_counter() - start) * 1000  # a click taken very late counts as late
        page.wait_for_timeout(300)  # past the run's last messages
        return elapsed


def open_builder_page(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()
    page.goto(f"{url}/?template=customer_service", timeout=TIMEOUT_MS)
    wait_for_text(page, ".cb-contract", "客服工作服务合同")
    page.get_by_test_id("stSidebar").get_by_test_id("stWidgetLabel").first.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)  # past the whole page's last messages: a click then is not lost
    return page


def panels(browser: Browser, url: str, runs: int) -> dict[str, list[float]]:
    """Open and close the disputes options' panel: ms until its widgets are there or gone (builder and
    floor alike: a panel draws its widgets only while open, webapp.groups)."""
    page = open_builder_page(browser, url)
    header = page.get_by_test_id("stSidebar").locator("summary").filter(has_text="争议解决").first
    times: dict[str, list[float]] = {"open": [], "close": []}
    for _ in range(runs):
        times["open"].append(clicked_until(page, header, _PANEL_SHOWS, "争议解决方式"))
        times["close"].append(clicked_until(page, header, _PANEL_LACKS, "争议解决方式"))
    page.context.close()
    return times


SWITCHES = {"builder": "ui_switch", "floor": "floor_lang"}  # the interface-language switch's key in each page
ARBITRATION = "中国国际经济贸易仲裁委员会"  # in the disputes article with arbitration chosen
COURT = "有管辖权的人民法院（范本原文）"  # the standard choice's entry in the list


# Whether the sidebar's last panel is headed so: the last part of the page a full run draws anew.
_LAST_PANEL = """(heading) => { const all = document.querySelectorAll('[data-testid=stSidebar] summary');
  return all.length > 0 && all[all.length - 1].textContent.endsWith(heading); }"""


def languages(browser: Browser, urls: dict[str, str], runs: int) -> dict[str, dict[str, list[float]]]:
    """In the builder and in the floor (`urls` by SWITCHES' names), switch the interface language to
    English and back, alternating between the two pages: the figure's target is a ratio of the two
    (a page-wide rewording, held to 2× its floor). ms until the sidebar's last panel (the
    customer-service template's signing options) is headed in the new language."""
    pages = {app: open_builder_page(browser, urls[app]) for app in SWITCHES}
    times: dict[str, dict[str, list[float]]] = {app: {} for app in SWITCHES}
    for _ in range(runs):
        for app, page in pages.items():
            switch = page.locator(f".st-key-{SWITCHES[app]}")
            for way, name, heading in (("English", "English", "Signing"), ("Chinese", "中文", "签署")):
                radio = switch.get_by_role("radio", name=name, exact=True)
                taken = clicked_until(page, radio, _LAST_PANEL, heading)
                times[app].setdefault(f"interface language to {way}", []).append(taken)
    for page in pages.values():
        page.context.close()
    return times


REDLINE = "对比：范本标准文本"  # the redline's own heading, in the compare view's pane


def other_changes(browser: Browser, url: str, runs: int) -> dict[str, list[float]]:
    """The builder's other kinds of change, until the preview shows them: a choice from a list (disputes
    to arbitration and back to the court), the edition (English alone and back to bilingual) and the
    view (the redline against the standard text, and back to the contract)."""
    page = open_builder_page(browser, url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator("summary").filter(has_text="争议解决").first.click()
    combobox = sidebar.get_by_role("combobox", name="争议解决方式", exact=True)
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        for way, choice, check in (("arbitration", "仲裁", _SHOWS), ("court", COURT, _LACKS)):
            combobox.click()  # the list opens (not timed); the click on its entry is
            entry = page.get_by_role("option", name=choice, exact=True)
            entry.wait_for(timeout=TIMEOUT_MS)
            times.setdefault(f"choose {way} from a list", []).append(
                clicked_until(page, entry, check, [".cb-contract", ARBITRATION])
            )
        for way, label, check in (("English", "英文", _LACKS), ("bilingual", "中英对照（逐段）", _SHOWS)):
            radio = sidebar.get_by_text(label, exact=True)
            times.setdefault(f"edition to {way}", []).append(
                clicked_until(page, radio, check, [".cb-contract", "客服工作服务合同"])
            )
        for way, label, check in (("对比", "对比", _SHOWS), ("合同预览", "合同预览", _LACKS)):
            radio = page.locator(".st-key-view_mode").get_by_role("radio", name=label, exact=True)
            times.setdefault(f"view to {way}", []).append(clicked_until(page, radio, check, [".cb-contract", REDLINE]))
    page.context.close()
    return times


FORM_PANE = ".st-key-form_pane"  # the form's column marker (webapp.narrow.FORM_MARKER)
# Whether the element is on screen (not hidden by the phone's switch, webapp.narrow).
_ON_SCREEN = "(selector) => { const e = document.querySelector(selector); return !!e && e.checkVisibility(); }"


def phone_switch(browser: Browser, url: str, runs: int) -> dict[str, list[float]]:
    """On a phone (390 px wide), the builder's switch between the form and the preview: ms until the
    contract is on screen, and until the form is again."""
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{url}/?template=customer_service", timeout=TIMEOUT_MS)
    page.get_by_role("textbox", name="甲方名称 *").wait_for(timeout=TIMEOUT_MS)
    page.wait_for_timeout(1000)  # past the whole page's last messages
    switch = page.locator(".st-key-narrow_view")
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        for way, label, selector in (("preview", "合同预览", ".cb-contract"), ("form", "合同信息", FORM_PANE)):
            radio = switch.get_by_role("radio", name=label, exact=True)
            times.setdefault(f"phone: to the {way}", []).append(clicked_until(page, radio, _ON_SCREEN, selector))
    page.context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare_app = bare_page(Path(folder) / "bare", BARE_APP)
        logs = Path(folder)
        with (
            streamlit_server(REPO / "app.py", REPO, logs / "builder.log") as builder_url,
            streamlit_server(REPO / "bench" / "floor_page.py", REPO, logs / "floor.log") as floor_url,
            streamlit_server(bare_app, bare_app.parent, logs / "bare.log") as bare_url,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            urls = {"builder": builder_url, "floor": floor_url, "bare": bare_url}
            for app, url in urls.items():  # the first load of a server compiles and caches
                first_paint(browser, url, app != "bare", "预热")
            paint: dict[str, list[float]] = {app: [] for app in urls}
            form: dict[str, list[float]] = {app: [] for app in urls}
            for index in range(args.runs):
                for app, url in urls.items():
                    shown, ready = first_paint(browser, url, app != "bare", f"链接公司{index}")
                    paint[app].append(shown)
                    form[app].append(ready)
            typed, echoed = {}, []
            for app, url in urls.items():
                echoes, typed[app] = typing(browser, url, app != "bare", args.runs, echo=app == "builder")
                echoed += echoes  # the builder's alone
            switched = {  # (the builder's, the floor's)
                name: tuple(switching(browser, url, args.runs, *option) for url in (builder_url, floor_url))
                for name, option in OPTIONS.items()
            }
            opened = {app: panels(browser, urls[app], args.runs) for app in ("builder", "floor")}
            worded = languages(browser, urls, args.runs)
            others = other_changes(browser, builder_url, args.runs) | phone_switch(browser, builder_url, args.runs)
            browser.close()
    header = "builder   floor    bare   builder/bare  target  builder/floor"
    print(f"in Chromium, median ms of {args.runs} runs    {header}")
    for label, figures, target in (("share link → name visible", paint, 1.5), ("Enter → server's preview", typed, 2.0)):
        builder_ms, floor_ms, bare_ms = (statistics.median(figures[app]) for app in ("builder", "floor", "bare"))
        print(f"  {label:<28}{builder_ms:>10.0f}{floor_ms:>8.0f}{bare_ms:>8.0f}{builder_ms / bare_ms:>11.1f}x"
              f"   ≤ {target}x{builder_ms / floor_ms:>10.1f}x")  # fmt: skip
        if figures is paint:  # the whole page: no target, shown so that the preview's lead costs nothing
            builder_ms, floor_ms, bare_ms = (statistics.median(form[app]) for app in ("builder", "floor", "bare"))
            print(f"    {'… and the form holds it':<26}{builder_ms:>10.0f}{floor_ms:>8.0f}{bare_ms:>8.0f}"
                  f"{builder_ms / bare_ms:>11.1f}x{'':>11}{builder_ms / floor_ms:>7.1f}x")  # fmt: skip
    bare_ms = statistics.median(typed["bare"])
    print(f"  {'keystroke → preview (echo)':<28}{statistics.median(echoed):>10.0f}{'':>8}{bare_ms:>8.0f}"
          f"{statistics.median(echoed) / bare_ms:>11.1f}x   ≤ 2.0x   (bare: Enter → echo; slowest echo"
          f" {max(echoed):.0f} ms)")  # fmt: skip
    print("  a change → what it shows (target ≤ 200 ms)                    builder  slowest    floor")
    for name, (builder, floor) in switched.items():
        for way in ("on", "off"):
            label = f"{name}, {way}"
            print(f"    {label:<44}{statistics.median(builder[way]):>10.0f}{max(builder[way]):>9.0f}"
                  f"{statistics.median(floor[way]):>9.0f}")  # fmt: skip
    for way in ("open", "close"):
        label = f"a panel of options, {way}"
        print(f"    {label:<44}{statistics.median(opened['builder'][way]):>10.0f}{max(opened['builder'][way]):>9.0f}"
              f"{statistics.median(opened['floor'][way]):>9.0f}")  # fmt: skip
    for label, figures in others.items():
        print(f"    {label:<44}{statistics.median(figures):>10.0f}{max(figures):>9.0f}")
    print("  the interface language: every word on the page (target ≤ 2× the floor)  builder/floor")
    for label in worded["builder"]:
        builder_ms, floor_ms = (statistics.median(worded[app][label]) for app in ("builder", "floor"))
        print(f"    {label:<44}{builder_ms:>10.0f}{max(worded['builder'][label]):>9.0f}{floor_ms:>9.0f}"
              f"{builder_ms / floor_ms:>10.1f}x")  # fmt: skip
    if LOST_CLICKS:
        print(f"  clicks on an option that did not switch it, made again: {len(LOST_CLICKS)}")


if __name__ == "__main__":
    main()
