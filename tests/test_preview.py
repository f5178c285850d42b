"""The preview's pieces: HTML fragment, changes from the standard text, file names, clause library."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from conftest import ATTACKS

from contract_builder.answers import require_valid, validate
from contract_builder.assembly import assemble
from contract_builder.catalog import get_template
from contract_builder.changes import changes_from_standard
from contract_builder.document import Document
from contract_builder.filenames import download_name
from contract_builder.library import describe_condition, library
from contract_builder.render.html import render_html_fragment, render_html_parts
from contract_builder.templates import ContractTemplate


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
        self.tags.add(tag)
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.text.append(data)


def parse(html_text: str) -> _Collector:
    collector = _Collector()
    collector.feed(html_text)
    return collector


NAME_LINE = re.compile(r'data-id="front\.p2">(.*?)</p>')  # Party A's name


@pytest.mark.parametrize("value", ATTACKS)
def test_typed_text_is_literal_in_the_html(build: Callable[..., Document], value: str) -> None:
    for edition in ("zh", "bilingual", "parallel"):
        fragment = render_html_fragment(build({"party_a.name": value, "party_a.name_en": value}, edition))
        page = parse(fragment)
        assert page.tags <= {"style", "article", "div", "h1", "h2", "h3", "h4", "p", "span", "table", "tr", "td"}
        # Party A's name line, whole, in each language: "___" alone is also in every blank of the page.
        names = [html.unescape(re.sub(r"<[^>]+>", "", name)) for name in re.findall(NAME_LINE, fragment)]
        typed = value.strip()
        assert names == ([f"名称：{typed}"] if edition == "zh" else [f"名称：{typed}", f"Name: {typed}"])


def test_editions_in_html(build: Callable[..., Document]) -> None:
    parallel = render_html_fragment(build({"party_a.name": "甲公司"}, "parallel"))
    assert parallel.count("<tr>") > 80 and '<table class="parallel">' in parallel
    assert '<span class="value">甲公司</span>' in parallel
    assert '<p lang="en"' not in render_html_fragment(build({"party_a.name": "甲公司"}, "zh"))


def test_changed_paragraphs_are_marked(template: ContractTemplate) -> None:
    answers = require_valid(template, {"dispute.method": "arbitration", "privacy.pipl": True, "party_a.name": "甲"})
    document = assemble(template, answers, "bilingual")
    changes = changes_from_standard(template, answers, document)
    assert "disputes.p4" in changes.changed  # arbitration replaces the court paragraph
    assert "pi_security.p1" in changes.changed  # a clause the seed does not have
    assert "front.p2" not in changes.changed  # typed values are not changes of wording
    assert "scope.p1" not in changes.changed
    html_text = render_html_fragment(document, changes.changed)
    assert 'class="body changed" data-id="disputes.p4"' in html_text
    seed = require_valid(template, {"party_a.name": "甲"})
    assert changes_from_standard(template, seed, assemble(template, seed, "zh")).changed == frozenset()
    court = require_valid(template, {"dispute.method": "court_party_a"})
    assert changes_from_standard(template, court, assemble(template, court, "zh")).changed == {"disputes.p3"}
    fixed = require_valid(template, {"fee.model": "per_seat"})
    assert changes_from_standard(template, fixed, assemble(template, fixed, "zh")).changed == {"fee_amount.p2"}


def test_standard_clauses_left_out_are_named_as_the_standard_text_numbers_them() -> None:
    # Sub-clauses without a heading of their own once printed nothing after "已删去的范本条款：".
    dpa = get_template("data_processing")
    answers = require_valid(dpa, {"rights.pia": False, "audit.enabled": False})
    changes = changes_from_standard(dpa, answers, assemble(dpa, answers, "bilingual"))
    assert changes.omitted_clauses == ("impact_assessment", "audit")
    assert [(name.zh, name.en) for name in changes.omitted_names] == [
        ("六、协助义务（二）", "6.2 (Assistance)"),
        ("八、处理记录与监督检查（二）", "8.2 (Records, Audits and Inspections)"),
    ]
    seed = require_valid(dpa, {})
    assert changes_from_standard(dpa, seed, assemble(dpa, seed, "zh")).omitted_names == ()


def test_download_names_carry_template_parties_and_date(template: ContractTemplate) -> None:
    answers = require_valid(template, {"party_a.name": "上海禾风/电子商务*有限公司", "party_b.name": "乙公司",
                                       "party_a.name_en": "Hefeng Ltd."})  # fmt: skip
    day = dt.date(2026, 11, 25)
    assert download_name(template, answers, "bilingual", "md", day) == (
        "客服工作服务合同_上海禾风-电子商务-有限公司_乙公司_2026-11-25_bilingual.md"
    )
    assert download_name(template, answers, "en", "md", day).startswith(
        "Customer Service Outsourcing Agreement_Hefeng Ltd_乙公司_"
    )
    blank = require_valid(template, {})
    assert download_name(template, blank, "zh", "md", day) == "客服工作服务合同_2026-11-25_zh.md"


def test_library_lists_every_alternative_with_its_options(template: ContractTemplate) -> None:
    entries = library(template)
    assert {spec.id for spec in template.all_paragraphs()} == {entry.paragraph_id for entry in entries}
    by_id = {entry.paragraph_id: entry for entry in entries}
    seat = by_id["fee_amount.p2"]
    assert [c.zh for c in seat.conditions] == ["计费方式 = 按坐席计费"]
    assert [c.en for c in seat.conditions] == ["Fee model = Per seat"]
    assert "【每坐席每月单价（元）】" in seat.text.zh and "[Rate per seat per month (RMB)]" in seat.text.en
    assert "{{" not in seat.text.zh
    assert [c.en for c in by_id["term.p3"].conditions] == ["Automatic renewal = off"]
    assert [c.en for c in by_id["pi_return.p1"].conditions] == ["Personal information protection clause = on"]
    assert by_id["disputes.p4"].matches("仲裁") and by_id["disputes.p4"].matches("ARBITRATION")
    assert not by_id["disputes.p2"].matches("仲裁")


def test_describe_condition_falls_back_to_the_expression(template: ContractTemplate) -> None:
    assert describe_condition("fee.model == 'per_seat' and privacy.pipl", template.fields).en == (
        "Fee model = Per seat and Personal information protection clause = on"
    )
    assert describe_condition("fee.model|length > 3", template.fields).en == "fee.model|length > 3"


def test_values_of_invalid_fields_are_marked_in_every_form(template: ContractTemplate) -> None:
    # An end date before the start, and three counterparts: both fail their checks but still print.
    raw = {"term.start": "2026-06-01", "term.end": "2026-01-01", "signing.counterparts": 3, "party_a.name": "甲公司"}
    result = validate(template, raw)
    assert {message.field for message in result.errors} == {"term.end", "signing.counterparts"}
    document = assemble(template, result.answers, "bilingual")
    html = render_html_fragment(document, invalid=frozenset({"term.end", "signing.counterparts"}))
    assert '<span class="value invalid">2026年1月1日</span>' in html
    assert '<span class="value invalid">1 January 2026</span>' in html
    assert '<span class="value">2026年6月1日</span>' in html  # the valid start date is not marked
    assert '<span class="value invalid">三</span>' in html  # a derived form (一式三份) is marked too
    assert "value invalid" not in render_html_fragment(document)


def test_a_blank_english_name_marks_the_chinese_one_it_prints(template: ContractTemplate) -> None:
    document = assemble(template, validate(template, {"party_a.name": "甲公司"}).answers, "bilingual")
    html = render_html_fragment(document, invalid=frozenset({"party_a.name"}))
    assert html.count('<span class="value invalid">甲公司</span>') >= 2  # 名称 and Name, in the front matter


def test_the_places_of_echoed_fields_are_named_and_nothing_else_changes(build: Callable[..., Document]) -> None:
    """The preview names each value and blank of an echoed field (webapp.typing_echo writes into them)."""
    document = build({"party_a.name": "甲公司<b>"})
    echoed = frozenset({"party_a.name", "party_b.name"})
    parts = "".join(render_html_parts(document, echoed=echoed))
    assert parts.count('<span class="value" data-field="party_a.name">甲公司&lt;b&gt;</span>') >= 2  # 名称 and Name
    assert parts.count('<span class="blank" data-field="party_b.name">__________</span>') >= 2
    assert set(re.findall(r'data-field="([^"]*)"', parts)) == echoed  # a date or an amount is not echoed
    # Without echoed fields, the same HTML as ever: no attribute, and nothing else differs.
    plain = "".join(render_html_parts(document))
    assert "data-field" not in plain
    assert re.sub(r' data-field="[^"]*"', "", parts) == plain


@pytest.mark.parametrize("edition", ["bilingual", "parallel", "zh", "en"])
def test_the_articles_pieces_hold_the_fragment_and_a_change_touches_only_its_own(
    build: Callable[..., Document], edition: str
) -> None:
    document = build({"party_a.name": "甲公司"}, edition)
    parts = render_html_parts(document)
    # Title and parties, each article, the signatures: each piece scoped for the preview's style.
    assert len(parts) == len(document.clauses) + 2
    assert all(part.startswith(f'<article class="cb-contract edition-{edition}">') for part in parts)

    def text(page: str) -> str:
        collector = _Collector()
        collector.feed(page)
        return "".join(collector.text).replace("\n", "")

    assert "".join(text(part) for part in parts) == text(render_html_fragment(document))
    # A new name changes the parties' piece and the signatures' (where the name is printed again),
    # and no article: the browser takes in those two pieces only.
    renamed = render_html_parts(build({"party_a.name": "乙公司"}, edition))
    assert [index for index, (a, b) in enumerate(zip(parts, renamed, strict=True)) if a != b] == [0, len(parts) - 1]
