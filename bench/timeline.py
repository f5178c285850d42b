"""Where a change's time goes in the browser: `.venv/bin/python bench/timeline.py [--changes 9] [--show] [--floors]`.

bench/browser.py says how long type → preview takes; this says where the time goes. It
serves the builder, its floor (bench/floor_page.py: the same widgets and preview, none of
the work) and the bare page as bench/browser.py does, types a name into each and presses
Enter, a change at a time, and records in the page, from the keypress:

- each WebSocket frame the page sends and receives;
- each React commit: one pass of React drawing the page, reported through the hook
  React calls for its developer tools (Streamlit's elements all read the state of the
  script run, so a pass for a run that starts or ends draws every element again);
- when the preview shows the name as the server drew it (checked on every animation frame;
  the builder shows it as typed before Enter, webapp.typing_echo, which is not this figure).

It prints each page's medians: keypress → frame sent, → first and last frame back,
→ shown; frames received and React commits before the name is shown. With --show, every
change's timeline in full. With --floors, the floor also reruns the way the builder does
(two runs: the name box's, then the preview's by key) and in one run (the name box and the
preview in one fragment): what a change costs with Streamlit's widgets at best.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
from pathlib import Path

from browser import BARE_APP, wait_for_text
from load import CHROMIUM, CHROMIUM_ARGS, REPO, TIMEOUT_MS, bare_page, streamlit_server
from playwright.sync_api import Browser, sync_playwright

# Recorded into window.cbTimeline as [time, what, detail]; times from performance.now().
RECORDER = r"""
window.cbTimeline = [];
const note = (what, detail) => window.cbTimeline.push([performance.now(), what, detail]);
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true, renderers: new Map(), checkDCE() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
  inject(renderer) { this.renderers.set(this.renderers.size + 1, renderer); return this.renderers.size; },
  onCommitFiberRoot() { note('commit', ''); },
};
const Socket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new Socket(...args);
  socket.addEventListener('message', (event) => note('received', event.data.byteLength ?? event.data.size ?? 0));
  const send = socket.send.bind(socket);
  socket.send = (data) => { note('sent', data.byteLength ?? data.length ?? 0); return send(data); };
  return socket;
};
window.WebSocket.prototype = Socket.prototype;
Object.assign(window.WebSocket, Socket);
document.addEventListener('keydown', (event) => { if (event.key === 'Enter') note('enter', ''); }, true);
window.cbWatch = (selector, text) => {
  const check = () => !document.querySelector('.cb-typed')  // the server's preview, not the echo
    && [...document.querySelectorAll(selector)].some((e) => e.textContent.includes(text))
    ? note('shown', '') : requestAnimationFrame(check);
  requestAnimationFrame(check);
};
"""

FIGURES = ("→ sent", "→ first back", "→ last back", "→ shown", "frames back", "commits")


def changes(browser: Browser, url: str, builder: bool, count: int, show: bool) -> list[dict[str, float]]:
    """Type `count` names in turn; each change's figures (FIGURES), its timeline printed with `show`."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    page.add_init_script(RECORDER)
    selector = ".cb-contract" if builder else "[data-testid=stMarkdown]"
    page.goto(f"{url}/?template=customer_service" if builder else url, timeout=TIMEOUT_MS)  # past any gallery
    box = page.get_by_role("textbox", name="甲方名称 *" if builder else "x")
    box.wait_for(timeout=TIMEOUT_MS)
    figures = []
    for index in range(count):
        name = f"测速公司{index}"
        shown_text = f"名称：{name}" if builder else f"echo: {name}"
        box.fill(name)
        page.wait_for_timeout(500)  # past whatever the last change set going
        page.evaluate("([selector, text]) => { window.cbTimeline = []; window.cbWatch(selector, text); }",
                      [selector, shown_text])  # fmt: skip
        page.keyboard.press("Enter")
        wait_for_text(page, selector, shown_text)
        page.wait_for_timeout(300)  # the run's last frames and tasks
        timeline = sorted(page.evaluate("window.cbTimeline"), key=lambda event: event[0])
        start = next(time for time, what, _ in timeline if what == "enter")
        shown = next(time for time, what, _ in timeline if what == "shown") - start
        events = [(time - start, what, detail) for time, what, detail in timeline if what != "enter"]
        back = [time for time, what, _ in events if what == "received"]
        figures.append({
            "→ sent": next(time for time, what, _ in events if what == "sent"),
            "→ first back": back[0], "→ last back": max(time for time in back if time <= shown), "→ shown": shown,
            "frames back": sum(1 for time in back if time <= shown),
            "commits": sum(1 for time, what, _ in events if what == "commit" and time <= shown),
        })  # fmt: skip
        if show:
            print("   ", " | ".join(f"{time:.0f} {what} {detail}".rstrip() for time, what, detail in events))
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=9)
    parser.add_argument("--show", action="store_true", help="print every change's timeline")
    floors = "the floor also as two runs (fragments) and as one (together): bench/floor_page.py"
    parser.add_argument("--floors", action="store_true", help=floors)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare_app = bare_page(Path(folder) / "bare", BARE_APP)
        logs = Path(folder)
        with contextlib.ExitStack() as servers, sync_playwright() as playwright:
            urls = {"builder": servers.enter_context(streamlit_server(REPO / "app.py", REPO, logs / "builder.log"))}
            floor = REPO / "bench" / "floor_page.py"
            for rerun in ("page", "fragments", "together") if args.floors else ("page",):
                os.environ["FLOOR_RERUN"] = rerun  # read by the floor page's server
                name = "floor" if rerun == "page" else f"floor, {rerun}"
                urls[name] = servers.enter_context(streamlit_server(floor, REPO, logs / f"floor-{rerun}.log"))
            urls["bare"] = servers.enter_context(streamlit_server(bare_app, bare_app.parent, logs / "bare.log"))
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = {}
            for app, url in urls.items():
                if args.show:
                    print(app)
                results[app] = changes(browser, url, app != "bare", args.changes, args.show)
            browser.close()
    print(f"type a name, Enter: medians of {args.changes} changes, ms from the keypress")
    print(" " * 20 + "".join(f"{figure:>14}" for figure in FIGURES))
    for app, figures in results.items():
        print(f"{app:<20}" + "".join(f"{statistics.median(f[figure] for f in figures):>14.0f}" for figure in FIGURES))


if __name__ == "__main__":
    main()
