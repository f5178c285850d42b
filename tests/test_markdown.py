"""Markdown output: structure, editions, and escaping that keeps typed text literal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import ATTACKS
from markdown_readers import commonmark_html, python_markdown_html, tags, visible_text

from contract_builder.answers import require_valid
from contract_builder.assembly import assemble
from contract_builder.document import Segment
from contract_builder.render.markdown import escape, render_line, render_markdown
from contract_builder.templates import ContractTemplate

TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}


@pytest.mark.parametrize("edition", ["zh", "parallel"])
@pytest.mark.parametrize("value", ATTACKS)
def test_typed_text_stays_literal_in_both_readers(undertaking: ContractTemplate, value: str, edition: str) -> None:
    # The small template puts the typed name where the real one does (a field line, the signature, a table row),
    # in a page the readers take a tenth of the time over.
    document = assemble(undertaking, require_valid(undertaking, {"recipient.name": value}), edition)
    markdown_text = render_markdown(document)
    for to_html in (commonmark_html, python_markdown_html):
        page = to_html(markdown_text)
        lines = visible_text(page).splitlines()
        # Whole lines: "___" alone is also in every blank.
        assert f"承诺方：{value.strip()}" in lines and f"承诺方（盖章）：{value.strip()}" in lines
        # Nothing but the structure we write: headings, paragraphs, bold (and the table).
        assert tags(page) <= {"h1", "h2", "h3", "h4", "p", "strong"} | (TABLE_TAGS if edition == "parallel" else set())
        if edition == "parallel":
            # One row per paragraph, two cells each: a typed | never adds a column.
            assert page.count("<td") == 2 * page.count("<tr") - 2


def test_escape_leaves_ordinary_text_alone() -> None:
    assert escape("甲方（委托方）：上海某某有限公司") == "甲方（委托方）：上海某某有限公司"
    assert escape("Party B's fee (RMB 1,000.00) is due.") == "Party B's fee (RMB 1,000.00) is due."
    assert escape("A&B") == "A&B"
    assert escape("A&amp;B") == "A&amp;amp;B"


def test_line_start_list_markers_are_escaped() -> None:
    assert render_line((Segment("text", "乙方"),), prefix="1.") == "1.乙方"  # no space: not a list
    assert render_line((Segment("value", "1. x"),)) == "1\\. x"
    assert render_line((Segment("value", "- x"),)) == "\\- x"
    assert render_line((Segment("text", "6.1 Where"),)) == "6.1 Where"


def test_editions(render: Callable[..., str]) -> None:
    zh, en, both = (render({"party_a.name": "甲公司"}, lang) for lang in ("zh", "en", "bilingual"))
    assert zh.startswith("# 客服工作服务合同\n")
    assert en.startswith("# Customer Service Outsourcing Agreement\n")
    assert both.startswith("# 客服工作服务合同 / Customer Service Outsourcing Agreement\n")
    assert "Party A" not in zh and "甲方" not in en
    # Bilingual: each Chinese paragraph followed by its English one.
    blocks = both.split("\n\n")
    index = blocks.index("名称：甲公司")
    assert blocks[index + 1] == "Name: 甲公司"
    assert "## 一、服务内容及要求 / 1. Scope and Requirements of Services" in both
    assert "（1）有权对乙方的客服工作进行监督和检查，提出意见和建议。" in zh


def test_markdown_structure_survives_a_reader(render: Callable[..., str]) -> None:
    page = python_markdown_html(render({}, "bilingual"))
    assert page.count("<h2>") == 8 and page.count("<h1>") == 1
    assert "<ol>" not in page and "<ul>" not in page
