"""PDF output: the print layout through wkhtmltopdf (hardened, via pdfkit) or WeasyPrint.

wkhtmltopdf is the default. Debian's build uses unpatched Qt, which ignores
--footer-*/--header-*, outlines, --zoom and @page margins, so page numbers are
stamped onto the rendered pages from a second, tiny render of the numbers alone,
and bookmarks and metadata are added with pypdf. It is also hardened: no local
files, no JavaScript, every network request sent to a proxy that does not
exist, pdfkit's <meta name="pdfkit-..."> options ignored (CVE-2025-26240), and a
time limit pdfkit does not have. Where wkhtmltopdf is missing (it is gone from
Debian 13) or fails, the PDF comes from WeasyPrint, run in a worker process
(weasyprint_process.py) whose URL fetcher fetches nothing. Either way the
fonts are checked first (fonts.py): a PDF without its Chinese text is refused.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import pdfkit

from contract_builder.bilingual import Bilingual
from contract_builder.disk_cache import cache_path, read_entry, write_entry
from contract_builder.document import Document
from contract_builder.errors import PdfError
from contract_builder.render import PDF_ENGINES
from contract_builder.render.fonts import require_fonts
from contract_builder.render.html import page_label, render_html_document
from contract_builder.render.weasyprint_process import render_in_worker

ENGINES = PDF_ENGINES
_FINISHING = "contract_builder.render.pdf_finish"  # imported while wkhtmltopdf runs (see _render_with)
TIMEOUT_SECONDS = 60
MARGINS = {"margin-top": "22mm", "margin-bottom": "22mm", "margin-left": "20mm", "margin-right": "20mm"}
# Every option that keeps a render from reaching anything but the HTML it is given.
HARDENING = {
    "disable-local-file-access": None,
    "disable-javascript": None,
    # Requests still go out for iframes and the like; a proxy at 0.0.0.0:0 fails them all.
    "proxy": "http://0.0.0.0:0",
    "load-error-handling": "ignore",
    "load-media-error-handling": "ignore",
    "disable-external-links": None,
}
# wkhtmltopdf waits 200 ms after loading for scripts to finish (--javascript-delay), even with
# JavaScript disabled: with none to run, the wait is all it costs. Without it a contract renders
# in about half the time, with the same pages (tests/test_pdf.py compares them).
NO_SCRIPT_WAIT = {"javascript-delay": "0"}
WKHTMLTOPDF_PACKAGE = "wkhtmltopdf"


@dataclass(frozen=True)
class PdfResult:
    """The PDF and which engine made it, with a note for the user when it is not the default."""

    data: bytes
    engine: str
    note: Bilingual | None = None  # why another engine made it


class _HardenedPDFKit(pdfkit.PDFKit):
    """pdfkit without its habit of reading command-line options from <meta name="pdfkit-..."> tags."""

    def _find_options_in_meta(self, content: str) -> dict[str, str]:
        return {}


def wkhtmltopdf_path() -> str | None:
    """Where wkhtmltopdf is installed, if it is."""
    return shutil.which("wkhtmltopdf")


def available_engines() -> list[str]:
    """The engines this machine can run, default first."""
    engines = ["wkhtmltopdf"] if wkhtmltopdf_path() else []
    return [*engines, "weasyprint"] if importlib.util.find_spec("weasyprint") else engines


def require_wkhtmltopdf() -> str:
    """wkhtmltopdf's path, or PdfError naming the Debian package to install."""
    path = wkhtmltopdf_path()
    if path is None:
        raise PdfError(
            Bilingual(
                zh=f"未安装 wkhtmltopdf（Debian 软件包 {WKHTMLTOPDF_PACKAGE}）",
                en=f"wkhtmltopdf is not installed (Debian package {WKHTMLTOPDF_PACKAGE})",
            ),
        )
    return path


def wkhtmltopdf_command(extra: Mapping[str, str | None] | None = None) -> list[str]:
    """The hardened wkhtmltopdf command line (stdin → stdout), as pdfkit builds it."""
    path = require_wkhtmltopdf()
    options = {
        "quiet": None, "encoding": "UTF-8", "page-size": "A4", **MARGINS, **HARDENING, **NO_SCRIPT_WAIT, **(extra or {})
    }  # fmt: skip
    kit = _HardenedPDFKit("", "string", options=options, configuration=pdfkit.configuration(wkhtmltopdf=path))
    return list(kit.command())


def run_wkhtmltopdf(
    html: str, timeout: float = TIMEOUT_SECONDS, extra: Mapping[str, str | None] | None = None
) -> bytes:
    """Render HTML with the hardened wkhtmltopdf, within `timeout` seconds."""
    if 'name="pdfkit-' in html or "name='pdfkit-" in html:
        # Belt and braces: our HTML never has one, and _HardenedPDFKit ignores them anyway.
        raise PdfError(Bilingual(zh="拒绝处理含有 pdfkit 选项的 HTML", en="refusing HTML that carries pdfkit options"))
    try:
        finished = subprocess.run(
            wkhtmltopdf_command(extra), input=html.encode("utf-8"), capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise PdfError(
            Bilingual(zh=f"wkhtmltopdf 超过 {timeout:g} 秒未完成", en=f"wkhtmltopdf took longer than {timeout:g} s")
        ) from None
    if finished.returncode < 0:
        # A crash can leave half a PDF on stdout: never pass it on.
        signal = -finished.returncode
        raise PdfError(Bilingual(zh=f"wkhtmltopdf 崩溃（信号 {signal}）", en=f"wkhtmltopdf crashed (signal {signal})"))
    if not finished.stdout.startswith(b"%PDF") or b"%%EOF" not in finished.stdout[-1024:]:
        detail = finished.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no PDF in its output"]
        raise PdfError(
            Bilingual(zh=f"wkhtmltopdf 出错：{detail[0][:200]}", en=f"wkhtmltopdf failed: {detail[0][:200]}")
        )
    return finished.stdout


@lru_cache(maxsize=64)
def _page_numbers(count: int, label: str) -> bytes:
    """`count` pages carrying only their page numbers, in a strip at the bottom of an A4 page.

    Cached by page count: in this process, and on disk for the next one, so that a fresh
    `contract-builder render --format pdf` runs wkhtmltopdf once instead of twice.
    """
    path = cache_path("page-numbers", str(_STAMP_FORMAT), str(wkhtmltopdf_path()), label, str(count))
    from contract_builder.render import pdf_finish

    data = read_entry(path)
    if data is not None and pdf_finish.page_count(data) == count:
        return data  # unreadable or for other pages: made again below
    pages = "".join(
        f'<div style="page-break-after: always; text-align: center">{escape(label.format(n=n, m=count))}</div>'
        for n in range(1, count + 1)
    )
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body { margin: 0; font: 11pt "WenQuanYi Zen Hei",'
        f" sans-serif; color: #555; }}</style></head><body>{pages}</body></html>"
    )
    # The printable area is a 10 mm strip 9 mm above the bottom edge, where a footer goes.
    strip = {"margin-top": "278mm", "margin-bottom": "9mm", "margin-left": "20mm", "margin-right": "20mm"}
    data = run_wkhtmltopdf(html, extra=strip)
    write_entry(path, data)
    return data


_STAMP_FORMAT = 1  # bump when the stamp's layout above changes: older files are then not read


def run_weasyprint(html: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Render HTML with WeasyPrint in its worker process, fetching no URL at all (no file, no network,
    no data: URI), within `timeout` seconds."""
    if importlib.util.find_spec("weasyprint") is None:
        raise PdfError(Bilingual(zh="未安装 WeasyPrint", en="WeasyPrint is not installed (pip install weasyprint)"))
    return render_in_worker(html, timeout)


class _RenderCache:
    """The last PDFs made, by their HTML and engine: downloading unchanged answers again costs nothing."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = 0

    def get(self, key: tuple[str, str]) -> bytes | None:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                self.hits += 1
                return self.items[key]
        return None

    def put(self, key: tuple[str, str], data: bytes) -> None:
        with self.lock:
            self.items[key] = data
            while len(self.items) > self.size:
                self.items.popitem(last=False)


CACHE = _RenderCache()


def render_pdf(document: Document, engine: str = "auto") -> PdfResult:
    """The contract as a PDF: A4, numbered pages, a bookmark per article, fonts embedded.

    `auto` uses wkhtmltopdf and falls back to WeasyPrint when wkhtmltopdf is
    missing or fails, saying why in the result's note; a named engine is used
    alone, and its failure is a PdfError.
    """
    if engine not in ("auto", *ENGINES):
        raise PdfError(Bilingual(zh=f"未知的 PDF 引擎 {engine!r}", en=f"unknown PDF engine {engine!r}"))
    if engine == "wkhtmltopdf":
        require_wkhtmltopdf()  # before the cache: a cached PDF must not hide a missing engine
    fonts = _FontCheck()
    if engine != "auto":
        return PdfResult(data=_render_with(document, engine, fonts), engine=engine)
    try:
        require_wkhtmltopdf()
        return PdfResult(data=_render_with(document, "wkhtmltopdf", fonts), engine="wkhtmltopdf")
    except PdfError as failure:
        reason = failure.message
    data = _render_with(document, "weasyprint", fonts)
    return PdfResult(
        data=data,
        engine="weasyprint",
        note=Bilingual(zh=f"由 WeasyPrint 生成，原因：{reason.zh}", en=f"made with WeasyPrint, because {reason.en}"),
    )


class _FontCheck:
    """`require_fonts`, begun at once in a thread (fc-list takes some 12 ms in a fresh process),
    and its verdict when `result` is called: wkhtmltopdf may run meanwhile, WeasyPrint may not
    (without Chinese fonts it crashes)."""

    def __init__(self) -> None:
        self._error: PdfError | None = None
        self._thread = threading.Thread(target=self._check)
        self._thread.start()

    def _check(self) -> None:
        try:
            require_fonts()
        except PdfError as error:
            self._error = error

    def result(self) -> None:
        """Return once the fonts are found; raise the PdfError that says what is missing."""
        self._thread.join()
        if self._error is not None:
            raise self._error


def _render_with(document: Document, engine: str, fonts: _FontCheck) -> bytes:
    """One engine's finished PDF (page numbers, bookmarks, metadata), from the cache when unchanged."""
    html = render_html_document(
        document, page_numbers_in_css=engine == "weasyprint", shrinking_engine=engine == "wkhtmltopdf"
    )
    cached = CACHE.get((html, engine))
    if cached is not None:
        fonts.result()  # a cached PDF must not hide fonts removed since
        return cached
    if engine == "wkhtmltopdf":
        # pypdf takes about 0.1 s to import: a fresh process (each CLI command) imports it
        # while wkhtmltopdf runs, rather than before; the fonts are checked meanwhile too.
        importing = threading.Thread(target=importlib.import_module, args=(_FINISHING,))
        importing.start()
        try:
            raw = run_wkhtmltopdf(html)
        finally:
            importing.join()
        fonts.result()  # a PDF set in fallback fonts is never returned
        from contract_builder.render import pdf_finish

        label = page_label(document.edition)
        finished = pdf_finish.finish(raw, document, lambda count: _page_numbers(count, label), bookmarks=True)
    else:
        fonts.result()  # before WeasyPrint, which crashes without Chinese fonts
        from contract_builder.render import pdf_finish

        # WeasyPrint numbers pages with @page boxes and makes bookmarks from headings itself.
        finished = pdf_finish.finish(run_weasyprint(html), document, None, bookmarks=False)
    CACHE.put((html, engine), finished)
    return finished
