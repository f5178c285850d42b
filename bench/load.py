"""Load test of the builder in a real browser: `.venv/bin/python bench/load.py [--sessions 8] [--rounds 3]`.

Starts `streamlit run app.py` on a free local port and drives it with one headless
Debian Chromium (Playwright's async API): N concurrent sessions, each in its own
browser context, each doing R rounds of what a user does:

- type Party A's name ("甲方名称 *") and wait until the preview shows it (type→preview);
- switch the sidebar toggle "个人信息保护条款" and wait until the preview changes (option→preview);
- click "生成 PDF" and wait for the "PDF" download button (make PDF→button);
- click "PDF", wait for the download and check it is a PDF of at least 10 KB (click PDF→download).

Beforehand, on the idle machine, it measures a floor: a bare Streamlit page
(a text input echoed by st.write) served the same way, typed into by one session.

Prints the median and 90th percentile of each latency in ms, and the downloads
attempted and failed. Exits 1 if any download failed or any session could not
do its steps (the streamlit log's tail is printed then), 0 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Error, Page, Response, async_playwright, expect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from webapp.preview import PANE  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
STREAMLIT = REPO / ".venv" / "bin" / "streamlit"
CHROMIUM = "/usr/bin/chromium"
# Chromium as root in a sandbox, on a machine with no network beyond the loopback (as in tests/test_browser.py).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip
TIMEOUT_MS = 60_000
RUN_BUDGET_S = 30 * 60  # the whole load phase stops after this, whatever happens
MIN_PDF_BYTES = 10 * 1024
FLOOR_RUNS = 10
FLOOR_APP = 'import streamlit as st\n\nv = st.text_input("x")\nst.write(v)\n'
NAME_LABEL = "甲方名称 *"
TOGGLE_LABEL = "个人信息保护条款"
TOGGLE_GROUP = "保密与个人信息"
KINDS = ("type→preview", "option→preview", "make PDF→button", "click PDF→download")


@dataclass
class Results:
    """What all sessions measured and what went wrong."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    downloads: int = 0
    download_failures: list[str] = field(default_factory=list)
    step_failures: list[str] = field(default_factory=list)
    media_errors: list[str] = field(default_factory=list)

    def time(self, kind: str, start: float) -> None:
        self.latencies[kind].append((time.perf_counter() - start) * 1000)


def bare_page(folder: Path, source: str) -> Path:
    """Write a bare page into `folder` beside a copy of the builder's server configuration, and
    return its path: a floor served the same way. Under Streamlit's defaults a full garbage
    collection follows every run (runner.postScriptGC, off for the builder), and it added some
    40 ms to the bare page's type → echo here (43 against 79-102 ms, bench/timeline.py)."""
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    page = folder / "bare.py"
    page.write_text(source, encoding="utf-8")
    return page


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_server(app: Path, cwd: Path, log_path: Path) -> Iterator[str]:
    """Serve `app` on a free local port until the block ends; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(STREAMLIT), "run", str(app), "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        try:
            deadline = time.monotonic() + TIMEOUT_MS / 1000
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"streamlit did not start ({app}); see {log_path}")
                time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError as error:
        return f"(no log: {error})"


async def new_page(browser: Browser) -> Page:
    context = await browser.new_context(accept_downloads=True, viewport={"width": 1500, "height": 1100})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


async def measure_floor(browser: Browser, url: str) -> list[float]:
    """Type into the bare page and wait for the echo, FLOOR_RUNS times, in one session."""
    page = await new_page(browser)
    try:
        await page.goto(url, timeout=TIMEOUT_MS)
        box = page.get_by_role("textbox", name="x", exact=True)
        await expect(box).to_be_visible(timeout=TIMEOUT_MS)
        times = []
        for run in range(-1, FLOOR_RUNS):  # run -1 warms up
            value = f"负载测试公司floor-{run + 1}"
            start = time.perf_counter()
            await box.fill(value)
            await box.press("Enter")
            echo = page.locator('[data-testid="stMarkdownContainer"]').get_by_text(value, exact=True)
            await expect(echo).to_be_visible(timeout=TIMEOUT_MS)
            if run >= 0:
                times.append((time.perf_counter() - start) * 1000)
        return times
    finally:
        await page.context.close()


async def download_pdf(page: Page, label: str, folder: Path, results: Results) -> None:
    """Make the PDF, download it and check it; a failure is recorded, never raised."""
    results.downloads += 1
    try:
        start = time.perf_counter()
        await page.get_by_role("button", name="生成 PDF", exact=True).click(timeout=TIMEOUT_MS)
        button = page.get_by_role("button", name="PDF", exact=True)
        await expect(button).to_be_visible(timeout=TIMEOUT_MS)
        results.time("make PDF→button", start)
        start = time.perf_counter()
        async with page.expect_download(timeout=TIMEOUT_MS) as info:
            await button.click(timeout=TIMEOUT_MS)
        download = await info.value
        target = folder / f"{label}.pdf"
        await asyncio.wait_for(download.save_as(target), timeout=TIMEOUT_MS / 1000)
        failure = await download.failure()
        if failure:
            raise RuntimeError(f"download failed: {failure}")
        results.time("click PDF→download", start)
        data = target.read_bytes()
        if not data.startswith(b"%PDF") or len(data) < MIN_PDF_BYTES:
            raise RuntimeError(f"not a PDF of at least 10 KB: {len(data)} bytes starting {data[:8]!r}")
    except (Error, AssertionError, RuntimeError, TimeoutError) as error:
        results.download_failures.append(f"{label}: {describe(error)}")


async def user_session(browser: Browser, url: str, index: int, rounds: int, folder: Path, results: Results) -> None:
    """One user: R rounds of typing a name, switching an option and downloading the PDF."""
    page = await new_page(browser)

    def on_response(response: Response) -> None:
        if "/media/" in response.url and response.status >= 400:
            results.media_errors.append(f"session {index}: HTTP {response.status} {response.url}")

    page.on("response", on_response)
    # The pane holds the contract, an element per article (webapp.preview): one locator for all of them.
    preview = page.locator(f".st-key-{PANE}")
    try:
        await page.goto(f"{url}/?template=customer_service", timeout=TIMEOUT_MS)  # past the gallery
        await expect(preview).to_contain_text("客服工作服务合同", timeout=TIMEOUT_MS)
        for round_ in range(rounds):
            label = f"session {index} round {round_}"
            try:
                name = f"负载测试公司{index}-{round_}"
                box = page.get_by_role("textbox", name=NAME_LABEL, exact=True)
                start = time.perf_counter()
                await box.fill(name)
                await box.press("Enter")
                await expect(preview).to_contain_text(f"名称：{name}", timeout=TIMEOUT_MS)
                results.time("type→preview", start)

                before = await preview.text_content(timeout=TIMEOUT_MS) or ""
                # Its sidebar group may be closed (only the template's first groups start open).
                group = page.get_by_test_id("stSidebar").locator("summary").filter(has_text=TOGGLE_GROUP).first
                if await group.locator("xpath=..").get_attribute("open") is None:  # its <details> is closed
                    await group.click()
                # The switch's input is visually hidden; a user clicks its label, as here.
                switch = page.get_by_role("switch", name=TOGGLE_LABEL, exact=True)
                widget = page.get_by_test_id("stSidebar").get_by_test_id("stCheckbox").filter(has=switch)
                toggle = widget.get_by_role("switch", name=TOGGLE_LABEL, exact=True)
                label_text = widget.get_by_test_id("stWidgetLabel").get_by_text(TOGGLE_LABEL, exact=True)
                checked = await toggle.is_checked(timeout=TIMEOUT_MS)
                start = time.perf_counter()
                await label_text.click(timeout=TIMEOUT_MS)
                await expect(preview).not_to_have_text(before, timeout=TIMEOUT_MS)
                results.time("option→preview", start)
                await expect(toggle).to_be_checked(checked=not checked, timeout=TIMEOUT_MS)
            except (Error, AssertionError) as error:
                results.step_failures.append(f"{label}: {describe(error)}")
                continue
            await download_pdf(page, label.replace(" ", "_"), folder, results)
    except (Error, AssertionError) as error:
        results.step_failures.append(f"session {index}: {describe(error)}")
    finally:
        await page.context.close()


def describe(error: BaseException) -> str:
    """The error's first line, and what Playwright was waiting for, if it says."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    waiting = next((line for line in reversed(lines) if line.startswith("- waiting for")), "")
    return f"{type(error).__name__}: {lines[0] if lines else ''} {waiting}".rstrip()


def summary(values: list[float]) -> tuple[str, str]:
    if not values:
        return "-", "-"
    p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
    return f"{statistics.median(values):.0f}", f"{p90:.0f}"


def report(results: Results, floor: list[float], sessions: int, rounds: int) -> None:
    print(f"\n{sessions} sessions x {rounds} rounds, one headless Chromium, {os.cpu_count()} CPUs")
    print(f"{'latency (ms)':<28}{'n':>5}{'median':>10}{'p90':>10}")
    for kind in KINDS:
        median, p90 = summary(results.latencies[kind])
        print(f"{kind:<28}{len(results.latencies[kind]):>5}{median:>10}{p90:>10}")
    median, p90 = summary(floor)
    print(f"{'floor: bare page type→echo':<28}{len(floor):>5}{median:>10}{p90:>10}")
    print(f"\ndownloads attempted: {results.downloads}, failed: {len(results.download_failures)}")
    for line in results.download_failures + results.step_failures + results.media_errors:
        print(f"  {line}")


async def run(args: argparse.Namespace, work: Path) -> Results:
    results = Results()
    floor_dir = work / "floor"
    floor_app = bare_page(floor_dir, FLOOR_APP)
    builder_log, floor_log = work / "builder.log", work / "floor.log"
    floor: list[float] = []
    try:
        with (
            streamlit_server(REPO / "app.py", REPO, builder_log) as builder_url,
            streamlit_server(floor_app, floor_dir, floor_log) as floor_url,
        ):
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    floor = await asyncio.wait_for(measure_floor(browser, floor_url), timeout=RUN_BUDGET_S)
                    sessions = [
                        user_session(browser, builder_url, index, args.rounds, work, results)
                        for index in range(args.sessions)
                    ]
                    await asyncio.wait_for(asyncio.gather(*sessions), timeout=RUN_BUDGET_S)
                finally:
                    await browser.close()
    finally:
        report(results, floor, args.sessions, args.rounds)
        if results.download_failures or results.step_failures or not floor:
            print(f"\n--- streamlit log (builder), last lines ---\n{log_tail(builder_log)}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=8, help="concurrent browser sessions (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per session (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cb-load-") as work:
        results = asyncio.run(run(args, Path(work)))
    return 1 if results.download_failures or results.step_failures else 0


if __name__ == "__main__":
    sys.exit(main())
