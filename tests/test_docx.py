"""Word: read back with python-docx, checked in its XML, and opened by LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ATTACKS, REPO, example_answers
from docx import Document as open_docx
from docx.oxml.ns import qn

from contract_builder.answers import require_valid
from contract_builder.assembly import assemble
from contract_builder.document import Document, plain
from contract_builder.render.docx import render_docx
from contract_builder.templates import ContractTemplate

ARTIFACTS = REPO / "tests" / "artifacts"


def word_text(data: bytes) -> str:
    word = open_docx(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            texts += [p.text for cell in row.cells for p in cell.paragraphs]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def example(build: Callable[..., Document]) -> Callable[[str], Document]:
    answers = example_answers("customer_service", "beijing_insurer")
    return lambda edition: build(answers, edition)


@pytest.mark.parametrize("edition", ["zh", "en", "bilingual", "parallel"])
def test_every_paragraph_is_in_the_word_file(example: Callable[[str], Document], edition: str) -> None:
    document = example(edition)
    text = word_text(render_docx(document))
    langs = ("zh", "en") if edition in ("bilingual", "parallel") else (edition,)
    for paragraph in document.paragraphs():
        for lang in langs:
            assert plain(paragraph.line(lang)) in text, (paragraph.id, lang)


def test_headings_use_word_heading_styles_and_word_numbering(example: Callable[[str], Document]) -> None:
    data = render_docx(example("bilingual"))
    word = open_docx(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "服务内容及要求") in headings
    assert ("Heading 1", "Scope and Requirements of Services") in headings
    assert ("Heading 2", "服务内容") in headings and ("Heading 3", "权利") in headings
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == [
        "客服工作服务合同",
        "Customer Service Outsourcing Agreement",
    ]
    # The numbers are Word's: one multi-level list per language, each clause on its level.
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        numbering = package.read("word/numbering.xml").decode("utf-8")
    formats = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "（%4）"),
               ("decimal", "%1.%2"), ("lowerLetter", "(%3)"), ("lowerRoman", "(%4)")]  # fmt: skip
    for number_format, text in formats:
        pattern = f'<w:numFmt w:val="{number_format}"/><w:suff w:val="[a-z]+"/><w:lvlText w:val="{re.escape(text)}"/>'
        assert re.search(pattern, numbering), text
    levels = {}
    for paragraph in word.paragraphs:
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None  # noqa: SLF001
        if numbered:
            levels.setdefault(paragraph.text[:12], paragraph._p.pPr.numPr.ilvl.val)  # noqa: SLF001
    assert levels["服务内容及要求"] == 0 and levels["服务内容"] == 1 and levels["权利"] == 2
    assert levels["有权对乙方的客服工作进行"] == 3
    assert levels["Party A shal"] == 3  # the first such paragraph: Party A's right to supervise


def test_east_asian_fonts_language_footer_and_properties(example: Callable[[str], Document]) -> None:
    data = render_docx(example("bilingual"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
        footers = "".join(package.read(name).decode("utf-8") for name in package.namelist() if "footer" in name)
    assert "eastAsiaTheme" not in styles and "eastAsiaTheme" not in body
    normal = re.search(r'<w:style [^>]*w:styleId="Normal".*?</w:style>', styles, re.S).group()
    assert 'w:eastAsia="SimSun"' in normal and 'w:ascii="Times New Roman"' in normal
    assert re.search(r'<w:lang [^>]*w:eastAsia="zh-CN"', normal)
    assert 'w:instr="PAGE"' in footers and 'w:instr="NUMPAGES"' in footers and "页 / 共" in footers
    properties = open_docx(io.BytesIO(data)).core_properties
    assert properties.title == "客服工作服务合同 / Customer Service Outsourcing Agreement"
    assert "customer_service" in properties.subject and properties.language == "zh-CN"


def test_side_by_side_is_a_two_column_table(example: Callable[[str], Document]) -> None:
    word = open_docx(io.BytesIO(render_docx(example("parallel"))))
    table = word.tables[0]
    assert len(table.columns) == 2
    rows = [(row.cells[0].text, row.cells[1].text) for row in table.rows]
    assert ("服务内容及要求", "Scope and Requirements of Services") in rows


def test_side_by_side_opens_with_its_title(example: Callable[[str], Document]) -> None:
    word = open_docx(io.BytesIO(render_docx(example("parallel"))))
    titles = ["客服工作服务合同", "Customer Service Outsourcing Agreement"]
    assert [(p.style.name, p.text) for p in word.paragraphs[:2]] == [("Title", title) for title in titles]
    assert [p.text for p in word.paragraphs if p.style.name == "Title"] == titles  # and nowhere else
    first = next(word.iter_inner_content())  # the body's first block: a paragraph above the table, not the table
    assert not hasattr(first, "rows") and first.text == titles[0]


NO_TEXT_BELOW = {"zh": "（以下无正文）", "en": "(No text below.)"}


@pytest.mark.parametrize("edition", ["zh", "en", "bilingual", "parallel"])
def test_no_text_below_ends_the_last_article_and_keeps_with_the_signatures(
    example: Callable[[str], Document], edition: str
) -> None:
    document = example(edition)
    word = open_docx(io.BytesIO(render_docx(document)))
    langs = ("zh", "en") if edition in ("bilingual", "parallel") else (edition,)
    last = [clause for clause in document.walk() if clause.paragraphs][-1].paragraphs[-1]
    # The body's paragraphs and table rows in order, as (texts, the paragraphs holding them).
    blocks: list[tuple[list[str], list]] = []
    for paragraph_or_table in word.iter_inner_content():
        if hasattr(paragraph_or_table, "rows"):
            for row in paragraph_or_table.rows:
                cells = [cell.paragraphs for cell in row.cells]
                blocks.append(([cell.text.strip() for cell in row.cells], [p for ps in cells for p in ps]))
        else:
            blocks.append(([paragraph_or_table.text], [paragraph_or_table]))
    texts = [text for block, _ in blocks for text in block]
    lines = [NO_TEXT_BELOW[lang] for lang in langs]
    at = texts.index(lines[0])
    assert texts[at : at + len(lines)] == lines
    assert texts[at - len(lines) : at] == [plain(last.line(lang)) for lang in langs]
    assert plain(document.signature[0].line(langs[0])) in texts[at + len(lines) + 1]  # after one spacer
    # Word keeps the last paragraph, the line and the spacer with the signature table, which never splits.
    kept = [p for _, ps in blocks for p in ps if p.text in (*lines, plain(last.line(langs[0])))]
    assert kept and all(p.paragraph_format.keep_with_next for p in kept)
    assert word.tables[-1].rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None  # noqa: SLF001


@pytest.mark.parametrize("value", ATTACKS[:8])
def test_typed_text_is_literal_in_word(undertaking: ContractTemplate, value: str) -> None:
    # The small template: what the Word renderer does with typed text, at a third of the real contract's cost.
    document = assemble(undertaking, require_valid(undertaking, {"recipient.name": value}), "zh")
    assert f"承诺方：{value.strip()}" in word_text(render_docx(document)).splitlines()


@pytest.mark.external
def test_libreoffice_opens_it_cleanly(example: Callable[[str], Document], tmp_path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "install Debian's libreoffice-writer-nogui (scripts/test.sh does)"
    source = tmp_path / "contract.docx"
    source.write_bytes(render_docx(example("bilingual")))
    converted = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "contract.pdf"
    assert converted.returncode == 0 and pdf.exists(), converted.stderr.decode("utf-8", "replace")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    assert "北京安和保险经纪有限公司" in text and "第 1 页 / 共" in text
    # Word's numbering, laid out by LibreOffice, prints the same numbers as every other output.
    expected = [
        "一、服务内容及要求",
        "1. Scope and Requirements of Services",
        "（一）服务内容",
        "1.2 Service Requirements",
        "1.乙方应配备",
        "(a) Party B shall provide",
        "（1）有权对乙方",
        "(i) Party A shall have the right",
    ]
    for numbered in expected:
        assert numbered in text, numbered
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(ARTIFACTS / "page1-docx")], check=True)  # fmt: skip
    assert (ARTIFACTS / "page1-docx.png").stat().st_size > 20_000


def test_chinese_headings_and_party_lines_are_never_faked_bold(example: Callable[[str], Document]) -> None:
    word = open_docx(io.BytesIO(render_docx(example("bilingual"))))
    chinese = re.compile("[\u4e00-\u9fff]")
    headings = [p for p in word.paragraphs if p.style.name.startswith("Heading")]
    parties = [p for p in word.paragraphs if p.text.startswith(("甲方（", "乙方（", "Party A (", "Party B ("))]
    assert len(headings) > 20 and len(parties) == 4
    for paragraph in headings + parties:
        is_chinese = bool(chinese.search(paragraph.text))
        bold = [run.bold if run.bold is not None else paragraph.style.font.bold for run in paragraph.runs]
        # 黑体 has no bold face: Chinese is set in it unbolded; English keeps its real bold.
        assert bold == [not is_chinese] * len(bold), paragraph.text
        if is_chinese and paragraph in headings:
            mark = paragraph._p.pPr.find(qn("w:rPr"))  # noqa: SLF001 - the list number's look
            assert mark is not None and mark.find(qn("w:b")).get(qn("w:val")) == "0"
