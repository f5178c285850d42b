"""Page-number stamps are kept on disk, so a fresh process runs wkhtmltopdf once; a bad file there is remade."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from contract_builder.document import Document
from contract_builder.render import pdf

pytestmark = pytest.mark.external  # real wkhtmltopdf


def test_stamps_are_kept_on_disk_and_a_damaged_file_is_remade(
    build: Callable[..., Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    pdf._page_numbers.cache_clear()
    pdf.CACHE.items.clear()
    result = pdf.render_pdf(build({}, "zh"), "wkhtmltopdf")
    pages = len(PdfReader(io.BytesIO(result.data)).pages)
    (stamps,) = (tmp_path / "contract-builder" / "page-numbers").iterdir()
    assert len(PdfReader(stamps).pages) == pages
    # A process that finds the file uses it; one that finds it damaged makes it again, and still numbers pages.
    stamps.write_bytes(b"%PDF-1.4 cut short")
    pdf._page_numbers.cache_clear()
    pdf.CACHE.items.clear()
    again = pdf.render_pdf(build({}, "zh"), "wkhtmltopdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(again.data)).pages)
    assert f"第 1 页 / 共 {pages} 页" in text
    assert len(PdfReader(stamps).pages) == pages
