"""PDF faults: a crashing wkhtmltopdf, a machine without Chinese fonts or any font, a WeasyPrint that dies.

Each fault gets a message naming what to fix, in the CLI and in the app, and a
fault in WeasyPrint stays in its worker process.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import example_answers, open_app
from pypdf import PdfReader

from contract_builder.cli import main
from contract_builder.document import Document
from contract_builder.errors import PdfError
from contract_builder.render.html import render_html_document
from contract_builder.render.pdf import render_pdf, run_weasyprint

# Every test here goes through render_pdf or the make_pdf button: a PDF is made, or would be if the fault
# went unnoticed (and the wkhtmltopdf case of the font check needs wkhtmltopdf installed).
pytestmark = pytest.mark.external

FAKES = {
    # Dies from SIGSEGV after writing the start of a PDF, as a crashing Qt does.
    "crash": "#!/bin/sh\ncat >/dev/null\nprintf '%%PDF-1.4\\n1 0 obj'\nkill -SEGV $$\n",
    # Exits 0 with half a PDF: no %%EOF.
    "truncated": "#!/bin/sh\ncat >/dev/null\nprintf '%%PDF-1.4\\n1 0 obj <<'\n",
    # Fails with a message and no PDF.
    "error": "#!/bin/sh\ncat >/dev/null\necho 'Error: Failed to load page' >&2\nexit 1\n",
}


@pytest.fixture
def document(build: Callable[..., Document]) -> Document:
    return build(example_answers("customer_service", "shanghai_retail"), "zh")


def fake_wkhtmltopdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """Put a broken wkhtmltopdf first on PATH."""
    folder = tmp_path / f"fake-{kind}"
    folder.mkdir()
    script = folder / "wkhtmltopdf"
    script.write_text(FAKES[kind], encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def fontconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fonts: list[Path]) -> None:
    """A fontconfig that sees only `fonts` (folders), with its own cache."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for index, source in enumerate(fonts):
        (folder / f"{index}-{source.name}").symlink_to(source)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>{folder}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


LATIN_ONLY = [Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu")]


def chinese_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(("kind", "reason"), [("crash", "crashed (signal 11)"), ("truncated", "failed"),
                                              ("error", "Failed to load page")])  # fmt: skip
def test_a_failing_wkhtmltopdf_falls_back_to_weasyprint_saying_why(
    document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, reason: str
) -> None:
    fake_wkhtmltopdf(tmp_path, monkeypatch, kind)
    result = render_pdf(document)
    assert result.engine == "weasyprint"
    assert reason in result.note.en and "WeasyPrint" in result.note.en and "由 WeasyPrint 生成" in result.note.zh
    assert "客服工作服务合同" in chinese_text(result.data)
    with pytest.raises(PdfError, match="wkhtmltopdf"):
        render_pdf(document, "wkhtmltopdf")  # a named engine is used alone


def test_the_cli_falls_back_or_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    fake_wkhtmltopdf(tmp_path, monkeypatch, "crash")
    out = tmp_path / "contract.pdf"
    assert main(["--ui-lang", "en", "render", "customer_service", "--format", "pdf", "-o", str(out)]) == 0
    err = capsysbinary.readouterr().err.decode()
    assert "made with WeasyPrint, because wkhtmltopdf crashed (signal 11)" in err and "Traceback" not in err
    assert out.read_bytes().startswith(b"%PDF")
    argv = ["render", "customer_service", "--format", "pdf", "--pdf-engine", "wkhtmltopdf", "-o", str(out)]
    assert main(["--ui-lang", "zh", *argv]) == 3
    assert capsysbinary.readouterr().err.decode() == "contract-builder: error: wkhtmltopdf 崩溃（信号 11）\n"


def test_the_app_falls_back_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_wkhtmltopdf(tmp_path, monkeypatch, "crash")
    app = open_app()
    app.button(key="make_pdf").click().run()
    assert not app.exception and not app.error
    assert [warning.value for warning in app.warning] == ["由 WeasyPrint 生成，原因：wkhtmltopdf 崩溃（信号 11）"]
    assert "PDF" in [button.proto.label for button in app.get("download_button")]


@pytest.mark.parametrize("engine", ["auto", "wkhtmltopdf", "weasyprint"])
def test_without_a_chinese_font_no_pdf_is_made(
    document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    fontconfig(tmp_path, monkeypatch, LATIN_ONLY)
    with pytest.raises(PdfError) as caught:
        render_pdf(document, engine)
    assert "install the Debian package fonts-wqy-zenhei" in caught.value.message.en
    assert "请安装 Debian 软件包 fonts-wqy-zenhei" in caught.value.message.zh


def test_without_any_font_no_pdf_is_made(document: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fontconfig(tmp_path, monkeypatch, [])
    with pytest.raises(PdfError, match="no fonts are installed"):
        render_pdf(document)


def test_the_cli_and_the_app_name_the_font_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    fontconfig(tmp_path, monkeypatch, LATIN_ONLY)
    out = tmp_path / "contract.pdf"
    assert main(["--ui-lang", "en", "render", "customer_service", "--format", "pdf", "-o", str(out)]) == 3
    (line,) = capsysbinary.readouterr().err.decode().splitlines()
    assert "fonts-wqy-zenhei" in line and not out.exists()
    app = open_app()
    app.button(key="make_pdf").click().run()
    assert not app.exception
    (error,) = [element.value for element in app.error]
    assert error.startswith("PDF 未能生成：") and "fonts-wqy-zenhei" in error
    assert "PDF" not in [button.proto.label for button in app.get("download_button")]


@pytest.fixture
def weasyprint_html(document: Document) -> Iterator[str]:
    yield render_html_document(document, page_numbers_in_css=True)


def test_a_weasyprint_crash_stays_in_its_worker(
    weasyprint_html: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no font at all WeasyPrint segfaults (the font check normally stops it before).
    fontconfig(tmp_path, monkeypatch, [])
    with pytest.raises(PdfError, match=r"WeasyPrint crashed \(signal 11\)"):
        run_weasyprint(weasyprint_html)
    monkeypatch.delenv("FONTCONFIG_FILE")
    assert run_weasyprint(weasyprint_html).startswith(b"%PDF")  # this process lives on, and a new worker works


def test_a_weasyprint_render_over_its_time_limit_is_stopped(weasyprint_html: str) -> None:
    with pytest.raises(PdfError, match="WeasyPrint took longer than 0.001 s"):
        run_weasyprint(weasyprint_html, timeout=0.001)
    assert run_weasyprint(weasyprint_html).startswith(b"%PDF")
