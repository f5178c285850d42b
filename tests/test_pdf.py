"""PDF: real wkhtmltopdf and real WeasyPrint, checked through the text they extract, and attacked."""

from __future__ import annotations

import http.server
import io
import re
import subprocess
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import REPO, example_answers
from pypdf import PdfReader

from contract_builder.document import Document, plain
from contract_builder.render.html import page_label, render_html_document
from contract_builder.render.pdf import (
    CACHE,
    PdfError,
    available_engines,
    render_pdf,
    run_weasyprint,
    run_wkhtmltopdf,
    wkhtmltopdf_command,
)
from contract_builder.render.pdf import _page_numbers as page_numbers
from contract_builder.render.pdf_finish import _stamps_read, finish
from contract_builder.render.pdf_text import drawn_texts

pytestmark = pytest.mark.external  # real wkhtmltopdf and WeasyPrint renders

ENGINES = ["wkhtmltopdf", "weasyprint"]
ARTIFACTS = REPO / "tests" / "artifacts"
# Kangxi radicals and CJK radical supplement: what Noto CJK fonts extract 工/方/人 as.
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# The page-number line: a paragraph that runs over a page break has it in between.
PAGE_LINE = re.compile(r"(第\s*\d+\s*页\s*/\s*共\s*\d+\s*页)?\s*(·\s*)?(Page\s*\d+\s*of\s*\d+)?")


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def without_page_numbers(pages: list[str]) -> str:
    return "".join(PAGE_LINE.sub("", page) for page in pages)


def test_both_engines_are_here() -> None:
    assert available_engines() == ENGINES


@pytest.fixture(scope="module")
def example(build: Callable[..., Document]) -> Callable[[str], Document]:
    answers = example_answers("customer_service", "shenzhen_saas")
    return lambda edition: build(answers, edition)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("edition", ["zh", "en", "bilingual"])
def test_every_paragraph_survives_the_round_trip(example: Callable[[str], Document], engine: str, edition: str) -> None:
    document = example(edition)
    result = render_pdf(document, engine)
    assert result.engine == engine and result.data.startswith(b"%PDF")
    pages = pdf_text(result.data)
    text = squash(without_page_numbers(pages))
    langs = ("zh", "en") if edition == "bilingual" else (edition,)
    for paragraph in document.paragraphs():
        for lang in langs:
            assert squash(plain(paragraph.line(lang))) in text, (paragraph.id, lang)
    assert not RADICALS.search("".join(pages))
    # Party names are searchable as typed.
    assert ("深圳市启明星软件科技有限公司" if "zh" in langs else "ShenzhenQimingxingSoftware") in text
    # A page number on every page, in the edition's words.
    for number, page in enumerate(pages, start=1):
        if edition == "en":
            assert f"Page {number} of {len(pages)}" in page
        else:
            assert squash(f"第 {number} 页 / 共 {len(pages)} 页") in squash(page)


@pytest.mark.parametrize("engine", ENGINES)
def test_bookmarks_metadata_and_embedded_fonts(example: Callable[[str], Document], engine: str) -> None:
    document = example("bilingual")
    reader = PdfReader(io.BytesIO(render_pdf(document, engine).data))
    headings = [f"{c.label.zh}{c.heading.zh}" for c in document.clauses if c.heading]
    assert [item.title for item in reader.outline] == headings
    assert reader.metadata.title == "客服工作服务合同 / Customer Service Outsourcing Agreement"
    assert "customer_service" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get(
                "/FontDescriptor"
            )
            fonts[font["/BaseFont"]] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert any("WenQuanYi" in name for name in fonts)
    assert all(fonts.values()), fonts


@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_draws_in_chromes_pdf_viewer_with_its_text_and_number(
    example: Callable[[str], Document], engine: str
) -> None:
    """PDFium is Chrome's and Edge's PDF viewer, and stricter than poppler: a page-number stamp once
    made wkhtmltopdf's pages blank there (a content stream written inline), though poppler drew them."""
    import pypdfium2

    document = example("bilingual")
    pdf = pypdfium2.PdfDocument(render_pdf(document, engine).data)
    count = len(pdf)
    for index in range(count):
        page = pdf[index]
        text = squash(page.get_textpage().get_text_range())
        assert squash(f"第 {index + 1} 页 / 共 {count} 页") in text
        if index == 0:
            assert "客服工作服务合同" in text
        # Drawn, not only present: a page of contract text is far from white.
        pixels = page.render(scale=0.25, grayscale=True).to_numpy()
        assert (pixels < 200).mean() > 0.01, f"page {index + 1} draws blank"


def pdftotext_pages(data: bytes) -> list[str]:
    """Each page's text as poppler reads it (what a reader's search finds), squashed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return [squash(page) for page in out.stdout.decode("utf-8").split("\f")[:-1]]


def script(text: str, lang: str) -> str:
    """Only the Chinese (or only the Latin) characters: side-by-side columns extract line by line, interleaved."""
    return "".join(c for c in text if (c >= "\u2e80") == (lang == "zh"))


def last_article_end(document: Document, lang: str) -> str:
    """The last words of the last article's last paragraph (the paragraph itself may run over a page)."""
    last = [clause for clause in document.walk() if clause.paragraphs][-1].paragraphs[-1]
    return script(squash(plain(last.line(lang))), lang)[-10:]


EDITION_LANGS = {"zh": ("zh",), "en": ("en",), "bilingual": ("zh", "en"), "parallel": ("zh", "en")}
NO_TEXT_BELOW = {"zh": "（以下无正文）", "en": "(Notextbelow.)"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("edition", list(EDITION_LANGS))
def test_signatures_share_a_page_with_the_end_of_the_last_article(
    example: Callable[[str], Document], engine: str, edition: str
) -> None:
    document = example(edition)
    pages = pdftotext_pages(render_pdf(document, engine).data)
    (last,) = [number for number, page in enumerate(pages) if NO_TEXT_BELOW["zh" if edition != "en" else "en"] in page]
    assert last == len(pages) - 1  # nothing follows the signatures
    for lang in EDITION_LANGS[edition]:
        page = script(pages[last], lang)
        # The start of each party's first and last signature lines (a long line wraps in its column).
        signature = [
            script(squash(plain(p.line(lang))), lang)[:6] for p in (document.signature[0], document.signature[-1])
        ]
        for text in [NO_TEXT_BELOW[lang], last_article_end(document, lang), *signature]:
            assert text in page, (text, lang)


def font_names(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_chinese_is_set_in_song_with_hei_headings_never_in_faked_bold(
    example: Callable[[str], Document], engine: str
) -> None:
    document = example("bilingual")
    data = render_pdf(document, engine).data
    names = font_names(data)
    assert any("UMing" in name for name in names), names  # 宋体-style body text
    assert any("WenQuanYi" in name for name in names), names  # 黑体 headings
    assert not any("Noto" in name for name in names), names
    # A faked bold draws each glyph twice, and the text then extracts twice: 一一、、服服务务.
    text = "".join(pdftotext_pages(data))
    headings = [squash(document.title.zh)] + [squash(c.label.zh + c.heading.zh) for c in document.walk() if c.heading]
    for heading in headings:
        assert heading in text and "".join(c * 2 for c in heading[:4]) not in text, heading
    assert text.count(squash(document.title.zh)) == 1


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("edition", list(EDITION_LANGS))
def test_no_page_ends_on_a_heading(example: Callable[[str], Document], engine: str, edition: str) -> None:
    document = example(edition)
    headings = {
        squash(c.label.get(lang) + c.heading.get(lang)) for c in document.walk() if c.heading for lang in ("zh", "en")
    }
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], check=True,
                            input=render_pdf(document, engine).data, capture_output=True)  # fmt: skip
    for number, page in enumerate(layout.stdout.decode("utf-8").split("\f")[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip() and not PAGE_LINE.fullmatch(line.strip())]
        # Side by side, the Chinese column's line comes first: a heading in either column is caught.
        last = [squash(part) for part in re.split(r"\s{3,}", lines[-1].strip())]
        assert not set(last) & headings, (number, last)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("edition", list(EDITION_LANGS))
def test_each_bookmark_opens_the_page_its_article_starts_on(
    example: Callable[[str], Document], engine: str, edition: str
) -> None:
    document = example(edition)
    data = render_pdf(document, engine).data
    reader = PdfReader(io.BytesIO(data))
    pages = pdftotext_pages(data)
    headings = [squash(c.printed_heading(document.lead_language)) for c in document.clauses if c.heading]
    marks = [(squash(item.title), reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in marks] == headings
    numbers = [number for _, number in marks]
    assert numbers == sorted(numbers) and numbers[-1] > numbers[0]
    for title, number in marks:
        assert title in pages[number], (title, number)


@pytest.mark.parametrize("edition", list(EDITION_LANGS))
def test_wkhtmltopdfs_drawing_reads_as_pdftotext_reads_it(example: Callable[[str], Document], edition: str) -> None:
    """The bookmarks' pages come from wkhtmltopdf's glyph codes read back through the fonts' maps
    (pdf_text.drawn_texts): each page holds the very characters poppler extracts, in drawing order."""
    html = render_html_document(example(edition), page_numbers_in_css=False, shrinking_engine=True)
    raw = run_wkhtmltopdf(html)
    drawn = drawn_texts(PdfReader(io.BytesIO(raw)).pages)
    extracted = pdftotext_pages(raw)
    assert drawn is not None and len(drawn) == len(extracted) > 1
    for number, (ours, poppler) in enumerate(zip(drawn, extracted, strict=True)):
        # poppler joins a word hyphenated at a line's end; the drawing keeps the hyphen.
        assert Counter(squash(ours).replace("-", "")) == Counter(poppler.replace("-", "")), number
    # Every heading is read whole, so poppler is not needed for the bookmarks.
    document = example(edition)
    for clause in document.clauses:
        if clause.heading:
            assert any(squash(clause.printed_heading(document.lead_language)) in squash(page) for page in drawn)


def test_no_wait_for_scripts_draws_the_very_same_pages(example: Callable[[str], Document], tmp_path: Path) -> None:
    """The command skips wkhtmltopdf's 200 ms wait for scripts (JavaScript is off, so there are none
    to wait for): every page is drawn pixel for pixel as with the wait, and the wait is really gone."""
    command = wkhtmltopdf_command()
    assert "--disable-javascript" in command  # what makes the wait useless
    assert command[command.index("--javascript-delay") + 1] == "0"
    html = render_html_document(example("bilingual"), page_numbers_in_css=False, shrinking_engine=True)
    pictures = {}
    for name, extra in (("no_wait", None), ("wait", {"javascript-delay": "200"})):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(run_wkhtmltopdf(html, extra=extra))
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / name)], check=True)
        pictures[name] = [png.read_bytes() for png in sorted(tmp_path.glob(f"{name}-*.png"))]
    assert len(pictures["no_wait"]) > 10
    assert pictures["no_wait"] == pictures["wait"]


def test_any_other_pdf_has_its_bookmarks_found_by_poppler(example: Callable[[str], Document]) -> None:
    """WeasyPrint draws text otherwise (TJ arrays): the drawing is not read, pdftotext is."""
    document = example("bilingual")
    html = render_html_document(document, page_numbers_in_css=True, shrinking_engine=False)
    weasy = run_weasyprint(html)
    assert drawn_texts(PdfReader(io.BytesIO(weasy)).pages) is None
    reader = PdfReader(io.BytesIO(finish(weasy, document, None, bookmarks=True)))
    headings = [squash(c.printed_heading("zh")) for c in document.clauses if c.heading]
    pages = pdftotext_pages(weasy)
    ours = reader.outline[-len(headings) :]  # after WeasyPrint's own
    assert [squash(item.title) for item in ours] == headings
    for item in ours:
        assert squash(item.title) in pages[reader.get_destination_page_number(item)]


@pytest.mark.parametrize("engine", ENGINES)
def test_finishing_appends_to_the_engines_pdf_and_reads_strictly(
    example: Callable[[str], Document], engine: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Stamps, bookmarks and metadata are an incremental update (pdf_update.py): the engine's bytes
    stay as they were, and a strict reader finds nothing to correct, whichever kind of cross-reference
    the engine wrote (wkhtmltopdf a table, WeasyPrint a stream)."""
    document = example("zh")
    html = render_html_document(
        document, page_numbers_in_css=engine == "weasyprint", shrinking_engine=engine == "wkhtmltopdf"
    )
    raw = run_wkhtmltopdf(html) if engine == "wkhtmltopdf" else run_weasyprint(html)
    finished = finish(raw, document, None, bookmarks=True)
    assert finished.startswith(raw) and len(finished) > len(raw)
    for data in (finished, render_pdf(document, engine).data):
        with caplog.at_level("WARNING", logger="pypdf"):
            reader = PdfReader(io.BytesIO(data), strict=True)
            texts = [page.extract_text() for page in reader.pages]
            outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
        assert not caplog.records, [record.getMessage() for record in caplog.records]
        assert reader.metadata.title == document.printed_title and reader.metadata.creator == "contract-builder"
        assert len(outline) >= len([c for c in document.clauses if c.heading]) and all(texts)


def test_pdfs_finished_at_once_each_get_their_own_page_numbers(example: Callable[[str], Document]) -> None:
    """The app finishes PDFs for several people at once, and the stamps' pages are read once per
    page count and shared (pdf_finish._stamps_read): each PDF still gets every number right."""
    document = example("zh")
    raw = run_wkhtmltopdf(render_html_document(document, shrinking_engine=True))
    count = len(PdfReader(io.BytesIO(raw)).pages)
    _stamps_read.cache_clear()
    with ThreadPoolExecutor(max_workers=4) as pool:
        finished = list(pool.map(lambda _: render_pdf_finish(raw, document), range(8)))
    for data in finished:
        for number, page in enumerate(pdftotext_pages(data), start=1):
            assert squash(f"第 {number} 页 / 共 {count} 页") in page, number


def render_pdf_finish(raw: bytes, document: Document) -> bytes:
    label = page_label(document.edition)
    return finish(raw, document, lambda count: page_numbers(count, label), bookmarks=True)


def test_side_by_side_pdf(example: Callable[[str], Document]) -> None:
    result = render_pdf(example("parallel"), "wkhtmltopdf")
    text = squash("".join(pdf_text(result.data)))
    assert "一、服务内容及要求" in text and "1.ScopeandRequirementsofServices" in text


def test_repeated_downloads_do_not_render_again(example: Callable[[str], Document]) -> None:
    first = render_pdf(example("zh"), "wkhtmltopdf")
    hits = CACHE.hits
    again = render_pdf(example("zh"), "wkhtmltopdf")
    assert again.data == first.data and CACHE.hits == hits + 1


def test_without_wkhtmltopdf_weasyprint_makes_it_and_says_so(
    example: Callable[[str], Document], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no wkhtmltopdf on it
    result = render_pdf(example("zh"))
    assert result.engine == "weasyprint" and result.data.startswith(b"%PDF")
    assert "wkhtmltopdf" in result.note.en and "Debian" in result.note.en and "wkhtmltopdf" in result.note.zh
    with pytest.raises(PdfError) as caught:
        render_pdf(example("zh"), "wkhtmltopdf")
    assert "Debian package wkhtmltopdf" in caught.value.message.en


def test_page_one_renders_to_png(example: Callable[[str], Document]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for engine in ENGINES:
        pdf = ARTIFACTS / f"contract-{engine}.pdf"
        pdf.write_bytes(render_pdf(example("bilingual"), engine).data)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(ARTIFACTS / f"page1-{engine}")], check=True)  # fmt: skip
        png = ARTIFACTS / f"page1-{engine}.png"
        assert png.stat().st_size > 20_000  # a page with text on it, not a blank one


# --- Attacks: the engines themselves are hardened, whatever HTML reaches them. ---------


class _Server:
    """A local web server holding a secret; it counts every request it gets."""

    def __init__(self) -> None:
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.requests += 1
                body = b"<p>SECRET-LOCAL-SERVER-7731</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server() -> Iterator[_Server]:
    server = _Server()
    yield server
    server.close()


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LOCAL-FILE-4402", encoding="utf-8")
    return secret


def _page(body: str) -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>visible</p>{body}</body></html>'


def test_wkhtmltopdf_reads_no_local_file(secret_file: Path) -> None:
    url = f"file://{secret_file}"
    html = _page(f'<iframe src="{url}"></iframe><img src="{url}"><link rel="stylesheet" href="{url}">'
                 f'<object data="{url}"></object>')  # fmt: skip
    text = "".join(pdf_text(run_wkhtmltopdf(html)))
    assert "visible" in text and "SECRET-LOCAL-FILE" not in text


def test_wkhtmltopdf_fetches_nothing_from_a_local_server(local_server: _Server) -> None:
    url = local_server.url
    html = _page(f'<iframe src="{url}" width="400" height="100"></iframe><img src="{url}x.png">'
                 f'<script>document.write("<p>JS-RAN</p>")</script>')  # fmt: skip
    text = "".join(pdf_text(run_wkhtmltopdf(html)))
    assert "SECRET-LOCAL-SERVER" not in text and "JS-RAN" not in text
    assert local_server.requests == 0


def test_pdfkit_meta_options_never_reach_wkhtmltopdf(build: Callable[..., Document], secret_file: Path) -> None:
    attack = f'<meta name="pdfkit-allow" content="{secret_file.parent}">'
    # Typed into a field, it is escaped like any other text and prints literally.
    document = build({"party_a.name": attack}, "zh")
    result = render_pdf(document, "wkhtmltopdf")
    assert "pdfkit-allow" in squash("".join(pdf_text(result.data)))
    # Put straight into HTML, it is refused before wkhtmltopdf runs.
    with pytest.raises(PdfError):
        run_wkhtmltopdf(_page(attack + f'<iframe src="file://{secret_file}"></iframe>'))


def test_wkhtmltopdf_is_stopped_at_the_time_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = tmp_path / "wkhtmltopdf"
    slow.write_text("#!/bin/sh\nsleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    with pytest.raises(PdfError) as caught:
        run_wkhtmltopdf(_page(""), timeout=1)
    assert "longer than 1 s" in caught.value.message.en


def test_weasyprint_fetches_nothing(local_server: _Server, secret_file: Path) -> None:
    html = _page(f'<img src="{local_server.url}x.png"><img src="file://{secret_file}">'
                 f'<link rel="stylesheet" href="{local_server.url}style.css">')  # fmt: skip
    text = "".join(pdf_text(run_weasyprint(html)))
    assert "visible" in text and "SECRET" not in text
    assert local_server.requests == 0
