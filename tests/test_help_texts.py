"""Help texts: every option explains itself in both languages; the English party fields fall back to the Chinese."""

from __future__ import annotations

import pytest

from contract_builder.answers import require_valid
from contract_builder.assembly import assemble
from contract_builder.catalog import available_templates, get_template
from contract_builder.render.markdown import render_markdown

OPTIONS = [
    (template_id, field.id)
    for template_id in available_templates()
    for field in get_template(template_id).fields.values()
    if field.is_option
]

# Variables a lawyer stops at: what the number means in the clause, which way a blank falls,
# what a court may do with a rate. Each must say so in the form.
HESITANT_FIELDS = [
    "party_a.representative",
    "party_a.representative_en",
    "party_a.contact_en",
    "party_a.name_en",
    "party_a.address_en",
    "party_b.representative",
    "party_b.representative_en",
    "party_b.contact_en",
    "party_b.name_en",
    "party_b.address_en",
    "term.start",
    "term.end",
    "term.renewal_years",
    "term.notice_months",
    "sla.first_response_minutes",
    "fee.monthly",
    "fee.bonus",
    "fee.vat_rate",
    "fee.payment_day",
    "fee.invoice_days",
    "fee.late_rate",
    "fee.suspension_days",
    "confidentiality.years",
    "liability.a_confidentiality",
    "liability.a_termination",
    "liability.b_quality_rate",
    "liability.b_confidentiality",
    "liability.b_subcontract_rate",
    "liability.b_delay_rate",
    "liability.b_delay_days",
    "liability.b_delay_termination_rate",
    "liability.cap_months",
    "dispute.institution_name",
    "dispute.institution_name_en",
    "dispute.seat",
    "dispute.seat_en",
    "signing.counterparts",
]


def test_every_shipped_template_has_options_to_check() -> None:
    assert len([option for option in OPTIONS if option[0] == "customer_service"]) >= 13


@pytest.mark.parametrize(("template_id", "field_id"), OPTIONS)
def test_every_option_explains_its_effect_in_both_languages(template_id: str, field_id: str) -> None:
    field = get_template(template_id).fields[field_id]
    assert field.help is not None, f"{template_id}: option {field_id} has no help"
    assert field.help.zh.strip() and field.help.en.strip(), f"{template_id}: {field_id} help lacks a language"
    # The Chinese help is written in Chinese, the English help in English.
    assert any("\u4e00" <= char <= "\u9fff" for char in field.help.zh), field_id
    assert not any("\u4e00" <= char <= "\u9fff" for char in field.help.en), field_id


@pytest.mark.parametrize("field_id", HESITANT_FIELDS)
def test_a_field_a_lawyer_hesitates_over_has_help(field_id: str) -> None:
    fields = get_template("customer_service").fields
    assert field_id in fields, f"{field_id} is no longer a field: update HESITANT_FIELDS"
    help_text = fields[field_id].help
    assert help_text is not None, f"{field_id} has no help"
    assert help_text.zh.strip() and help_text.en.strip(), f"{field_id} help lacks a language"


@pytest.mark.parametrize("party", ["party_a", "party_b"])
@pytest.mark.parametrize("detail", ["representative", "contact"])
def test_an_english_party_field_sits_after_its_chinese_one_and_falls_back_to_it(party: str, detail: str) -> None:
    template = get_template("customer_service")
    order = list(template.fields)
    field = template.fields[f"{party}.{detail}_en"]
    assert field.fallback == f"{party}.{detail}"
    assert field.group == template.fields[f"{party}.{detail}"].group
    assert not field.required
    assert order.index(f"{party}.{detail}_en") == order.index(f"{party}.{detail}") + 1


def render(answers: dict[str, str], edition: str) -> str:
    template = get_template("customer_service")
    return render_markdown(assemble(template, require_valid(template, answers), edition))


def test_a_chinese_only_representative_prints_in_the_english_edition() -> None:
    text = render({"party_b.representative": "黄晓东", "party_b.contact": "何静，020-3877 9000"}, "en")
    assert "Legal Representative: 黄晓东" in text
    assert "Contact Details: 何静，020-3877 9000" in text


def test_an_english_representative_prints_in_the_english_edition_only() -> None:
    answers = {
        "party_a.representative": "刘志远",
        "party_a.representative_en": "LIU Zhiyuan",
        "party_a.contact": "赵敏，0755-8666 1200",
        "party_a.contact_en": "ZHAO Min, +86 755 8666 1200",
    }
    english = render(answers, "en")
    assert "Legal Representative: LIU Zhiyuan" in english
    assert "Contact Details: ZHAO Min, +86 755 8666 1200" in english
    assert "刘志远" not in english and "赵敏" not in english

    chinese = render(answers, "zh")
    assert "法定代表人：刘志远" in chinese
    assert "联系方式：赵敏，0755-8666 1200" in chinese
    assert "LIU Zhiyuan" not in chinese and "ZHAO Min" not in chinese

    bilingual = render(answers, "bilingual")
    assert "法定代表人：刘志远" in bilingual and "Legal Representative: LIU Zhiyuan" in bilingual
    assert "Legal Representative: 刘志远" not in bilingual
