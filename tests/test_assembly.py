"""Assembly: options change both languages, clauses renumber, references follow."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

from contract_builder.answers import require_valid
from contract_builder.assembly import assemble
from contract_builder.catalog import load_template
from contract_builder.document import Document, plain
from contract_builder.errors import TemplateError


def headings(document: Document, lang: str) -> list[str]:
    return [c.label.get(lang) + c.heading.get(lang) for c in document.walk() if c.heading and c.level == 1]


def text(document: Document, lang: str) -> str:
    return "\n".join(plain(p.line(lang)) for p in document.paragraphs())


def test_default_articles_follow_the_seed(build: Callable[..., Document]) -> None:
    assert headings(build(edition="zh"), "zh") == [
        "一、服务内容及要求",
        "二、服务期限",
        "三、双方权利与义务",
        "四、服务费用及支付方式",
        "五、保密条款",
        "六、违约责任",
        "七、争议解决",
        "八、其他条款",
    ]


def test_personal_information_clause_renumbers_what_follows(build: Callable[..., Document]) -> None:
    on = build({"privacy.pipl": True})
    assert headings(on, "zh")[5:] == ["六、个人信息保护", "七、违约责任", "八、争议解决", "九、其他条款"]
    assert headings(on, "en")[5:] == [
        "6.Personal Information Protection",
        "7.Liability for Breach",
        "8.Governing Law and Dispute Resolution",
        "9.Miscellaneous",
    ]
    assert "个人信息保护" in text(on, "zh") and "个人信息保护" not in text(build(), "zh")


def test_references_follow_renumbering(build: Callable[..., Document]) -> None:
    capped = {"liability.cap": "capped", "liability.cap_months": 12}
    off = text(build(capped), "zh")
    assert "违反本协议第五条约定的情形外" in off
    on = build({**capped, "privacy.pipl": True})
    assert "违反本协议第五条、第六条约定的情形外" in text(on, "zh")
    assert "breaches Clause 5 or Clause 6 of this Agreement" in text(on, "en")
    # The performance bonus cites the service requirements, wherever they are.
    bonus = build({"fee.model": "fixed_plus_bonus"})
    assert "本协议第一条第（二）款约定的服务要求" in text(bonus, "zh")
    assert "set out in Clause 1.2 of this Agreement" in text(bonus, "en")


def test_every_option_changes_both_languages(build: Callable[..., Document]) -> None:
    base = build()
    changes = [
        {"services.channels": ["phone", "social_media", "ticketing"]},
        {"services.reporting": "monthly"},
        {"sla.schedule": True},
        {"staffing.location": "party_b_premises"},
        {"term.auto_renew": False},
        {"subcontracting.policy": "with_consent"},
        {"fee.model": "per_seat"},
        {"fee.model": "per_contact"},
        {"fee.model": "fixed_plus_bonus"},
        {"fee.tax": "inclusive"},
        {"fee.tax": "exclusive"},
        {"privacy.pipl": True},
        {"liability.cap": "capped"},
        {"dispute.method": "court_party_a"},
        {"dispute.method": "arbitration"},
        {"language.prevails": "en"},
        {"language.prevails": "equal"},
        {"signing.counterparts": 4},
    ]
    for change in changes:
        changed = build(change)
        for lang in ("zh", "en"):
            assert text(changed, lang) != text(base, lang), (change, lang)


def test_language_clause_only_in_bilingual_editions(build: Callable[..., Document]) -> None:
    assert "以中文文本为准" in text(build(edition="bilingual"), "zh")
    assert "以中文文本为准" not in text(build(edition="zh"), "zh")
    assert "Chinese version shall prevail" not in text(build(edition="en"), "en")


def test_arbitration_names_the_institution_and_seat(build: Callable[..., Document]) -> None:
    document = build({"dispute.method": "arbitration", "dispute.institution": "shiac", "dispute.seat": "上海",
                      "dispute.seat_en": "Shanghai"})  # fmt: skip
    assert (
        "提交上海国际经济贸易仲裁委员会（上海国际仲裁中心），按照申请仲裁时该仲裁机构现行有效的仲裁规则在上海进行仲裁"
        in text(document, "zh")
    )
    assert "to the Shanghai International Economic and Trade Arbitration Commission" in text(document, "en")
    assert "for arbitration in Shanghai" in text(document, "en")
    other = build(
        {"dispute.method": "arbitration", "dispute.institution": "other", "dispute.institution_name": "杭州仲裁委员会"}
    )
    assert "提交杭州仲裁委员会，" in text(other, "zh")
    # With no English name given, the English text falls back to the Chinese one.
    assert "submit the dispute to 杭州仲裁委员会 for arbitration" in text(other, "en")


def test_counterparts_in_words(build: Callable[..., Document]) -> None:
    assert "本协议一式两份，甲乙双方各执一份" in text(build(), "zh")
    four = build({"signing.counterparts": 4})
    assert "本协议一式四份，甲乙双方各执两份" in text(four, "zh")
    assert "made in four (4) counterparts, with each Party holding two (2) counterparts" in text(four, "en")


def test_money_prints_figures_and_capitals(build: Callable[..., Document]) -> None:
    document = build({"fee.monthly": 10005})
    assert "每月人民币10,005.00元（大写壹万零伍元整）" in text(document, "zh")
    assert "RMB 10,005.00 per month (in words: Renminbi Ten Thousand and Five Yuan Only)" in text(document, "en")


def test_blank_values_print_as_lines_never_none(build: Callable[..., Document]) -> None:
    document = build()
    zh, en = text(document, "zh"), text(document, "en")
    assert "本协议服务期限自____年__月__日起至____年__月__日止" in zh
    assert "每月人民币______元（大写______元整）" in zh
    for body in (zh, en):
        assert "None" not in body
        assert "{{" not in body and "{%" not in body


def test_a_paragraph_in_one_language_only_is_refused_naming_it(tmp_path: Path) -> None:
    # Alignment is assembly's guard, so tests need not look for a one-language paragraph in its output.
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    clauses = package / "clauses" / "01_obligation.yaml"
    english = "en: The Receiving Party shall return all materials upon the Disclosing Party's request."
    only_with_years = 'en: "{% if term.years %}The Receiving Party shall return all materials.{% endif %}"'
    clauses.write_text(clauses.read_text(encoding="utf-8").replace(english, only_with_years), encoding="utf-8")
    template = load_template(package)
    aligned = assemble(template, require_valid(template, {"term.years": 3}), "bilingual")
    assert "The Receiving Party shall return all materials." in [plain(p.en) for p in aligned.paragraphs()]
    with pytest.raises(TemplateError, match=r"paragraph return_materials\.p1 is empty in one language only"):
        assemble(template, require_valid(template, {}), "bilingual")
