"""The tools' height above the preview, by interface language and column width:
`.venv/bin/python bench/tools_room.py`.

A session's first run draws the tools' summary line and keeps room below it for the
rest of the tools the whole page draws there (webapp.first_paint.TOOLS_ROOM_PX). Their
height depends on how their buttons wrap. This opens a share link in Chromium in each
language, narrows the window step by step, and prints, for each height the tools take
below their summary line, the narrowest column (in px) seen with it, beside the room the
table keeps for that column: the table to write when the tools change.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from load import CHROMIUM, CHROMIUM_ARGS, REPO, TIMEOUT_MS, streamlit_server
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(REPO))
from webapp.first_paint import TOOLS_ROOM_PX  # noqa: E402
from webapp.preview import PANE  # noqa: E402

# From the bottom of the tools' summary line (which the first run draws itself) to the top of the
# preview pane, and the column's width.
MEASURE = """(pane) => document.fonts.ready.then(() => {
  const tools = document.querySelector('.cb-summary').getBoundingClientRect();
  return [document.querySelector(pane).getBoundingClientRect().y - tools.bottom, tools.width];
})"""


def kept(lang: str, column: float) -> int:
    """The room the table keeps for a column this wide."""
    return [px for width, px in TOOLS_ROOM_PX[lang] if column >= width][-1]


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        streamlit_server(REPO / "app.py", REPO, Path(folder) / "builder.log") as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang in ("zh", "en"):
            page = browser.new_page(viewport={"width": 2600, "height": 1000})
            page.goto(f"{url}/?template=customer_service&party_a.name=链接公司&ui={lang}", timeout=TIMEOUT_MS)
            page.locator(".cb-summary").wait_for(timeout=TIMEOUT_MS)
            page.wait_for_timeout(1500)
            print(f"{lang}: tools px, from the narrowest column seen with them (px), and the room kept there")
            last, misses = None, 0
            for window in range(2600, 639, -4):  # under 640 px the page is one column (webapp.narrow)
                page.set_viewport_size({"width": window, "height": 1000})
                page.wait_for_timeout(60)
                height, column = page.evaluate(MEASURE, f".st-key-{PANE}")
                misses += round(height) != kept(lang, column)
                if last is not None and round(height) != last[0]:
                    print(f"  {last[0]:>4} from {last[1]:6.1f}   kept {kept(lang, last[1])}")
                last = (round(height), column)
            assert last is not None
            print(f"  {last[0]:>4} from {last[1]:6.1f}   kept {kept(lang, last[1])}")
            print(f"  widths where the room kept is not the tools' height: {misses}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
