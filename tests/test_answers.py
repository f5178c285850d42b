"""Validation: every kind of bad input gets a message naming the field, in Chinese and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from contract_builder.answers import (
    applicable,
    flatten,
    require_valid,
    validate,
)
from contract_builder.errors import AnswersError
from contract_builder.templates import ContractTemplate


def codes(template: ContractTemplate, raw: dict[str, Any]) -> dict[str, str]:
    return {message.field: message.code for message in validate(template, raw).errors}


def test_defaults_are_valid_and_blank_where_the_seed_is_blank(template: ContractTemplate) -> None:
    result = validate(template, {})
    assert result.ok
    assert result.answers["party_a.name"] is None
    assert result.answers["services.channels"] == ["phone", "email", "online_chat"]
    assert result.answers["signing.counterparts"] == 2
    # Required fields still blank are warnings (the completeness list), not errors.
    assert {m.field for m in result.warnings} >= {"party_a.name", "term.start", "fee.monthly"}
    assert all(m.level == "warning" for m in result.warnings)


def test_nested_and_dotted_keys_mean_the_same(template: ContractTemplate) -> None:
    nested = validate(template, {"party_a": {"name": "甲公司"}, "fee": {"monthly": 5000}})
    dotted = validate(template, {"party_a.name": "甲公司", "fee.monthly": 5000})
    assert nested.answers == dotted.answers
    assert flatten({"a": {"b": {"c": 1}}, "d.e": 2}) == {"a.b.c": 1, "d.e": 2}


@pytest.mark.parametrize(
    ("raw", "field", "code"),
    [
        ({"party_a.nmae": "x"}, "party_a.nmae", "unknown_field"),
        ({"party_a": "x"}, "party_a", "not_a_group"),
        ({"party_a.name": 10}, "party_a.name", "type_text"),  # YAML 010 would already be 8
        ({"party_a.name": True}, "party_a.name", "type_text"),
        ({"party_a.name": "甲\n公司"}, "party_a.name", "forbidden_char"),
        ({"party_a.name": "A\u202eB"}, "party_a.name", "forbidden_char"),
        ({"party_a.name": "x" * 201}, "party_a.name", "too_long"),
        ({"term.start": "2026/01/01"}, "term.start", "type_date"),
        ({"term.start": "2026-02-30"}, "term.start", "type_date"),
        ({"term.start": "1066-10-14"}, "term.start", "date_range"),
        ({"term.start": dt.datetime(2026, 1, 1, 9, 0)}, "term.start", "type_date"),
        ({"fee.monthly": "fifty thousand"}, "fee.monthly", "type_money"),
        ({"fee.monthly": -1}, "fee.monthly", "negative"),
        ({"fee.monthly": 10**13}, "fee.monthly", "above_max"),
        ({"fee.monthly": float("nan")}, "fee.monthly", "type_money"),
        ({"fee.monthly": False}, "fee.monthly", "type_money"),
        ({"services.response_hours": 2.5}, "services.response_hours", "not_whole"),
        ({"services.response_hours": 0}, "services.response_hours", "below_min"),
        ({"services.response_hours": 100000}, "services.response_hours", "above_max"),
        ({"fee.late_rate": 101}, "fee.late_rate", "percent_range"),
        ({"fee.late_rate": 5}, "fee.late_rate", "above_max"),  # 5% a day is a typo for 0.05
        ({"fee.late_rate": -0.1}, "fee.late_rate", "negative"),
        ({"fee.late_rate": "0.000001"}, "fee.late_rate", "percent_precision"),
        ({"term.auto_renew": "maybe"}, "term.auto_renew", "type_toggle"),
        ({"dispute.method": "duel"}, "dispute.method", "choice"),
        ({"services.channels": []}, "services.channels", "multi_empty"),
        ({"services.channels": ["phone", "fax"]}, "services.channels", "choice"),
        ({"services.channels": "phone"}, None, None),  # a single choice as text is fine
        ({"dispute.institution": "shiac"}, "dispute.institution", "excluded"),
        ({"term.renewal_years": 2, "term.auto_renew": False}, "term.renewal_years", "excluded"),
        ({"liability.cap_months": 12}, "liability.cap_months", "excluded"),
        ({"fee.seats": 10}, "fee.seats", "excluded"),
        ({"term.start": "2026-05-01", "term.end": "2026-05-01"}, "term.end", "check"),
        ({"signing.counterparts": 3}, "signing.counterparts", "check"),
    ],
)
def test_bad_input_is_named(template: ContractTemplate, raw: dict[str, Any], field: str | None, code: str) -> None:
    found = codes(template, raw)
    if field is None:
        assert found == {}
    else:
        assert found == {field: code}


def test_messages_name_the_field_in_both_languages(template: ContractTemplate) -> None:
    (message,) = validate(template, {"fee.monthly": -5}).errors
    assert message.text.zh == "每月服务费（元）（fee.monthly）：不能为负数"
    assert message.text.en == "Monthly fee (RMB) (fee.monthly): cannot be negative"
    (excluded,) = validate(template, {"dispute.institution": "scia"}).errors
    assert "仅在选择仲裁时适用" in excluded.text.zh
    assert "only applies when disputes go to arbitration" in excluded.text.en


def test_all_problems_are_reported_at_once(template: ContractTemplate) -> None:
    raw = {"fee.monthly": -5, "party_a.name": 1, "nonsense": 1, "term.start": "tomorrow"}
    assert set(codes(template, raw)) == {"fee.monthly", "party_a.name", "nonsense", "term.start"}


def test_an_excluded_option_left_at_its_default_is_fine(template: ContractTemplate) -> None:
    # A saved answers file may list every field; defaults of inapplicable ones are harmless.
    assert validate(template, {"dispute.method": "court", "dispute.institution": "cietac"}).ok


def test_coercion(template: ContractTemplate) -> None:
    answers = require_valid(
        template,
        {
            "fee.monthly": "58,000.456",
            "fee.late_rate": "0.05%",
            "term.start": "2026-01-01",
            "term.auto_renew": "false",
            "services.channels": "email, phone",
            "party_a.name": "  甲公司  ",
        },
    )
    assert answers["fee.monthly"] == Decimal("58000.46")
    assert answers["fee.late_rate"] == Decimal("0.05")
    assert answers["term.start"] == dt.date(2026, 1, 1)
    assert answers["term.auto_renew"] is False
    assert answers["services.channels"] == ["phone", "email"]  # the manifest's order
    assert answers["party_a.name"] == "甲公司"


def test_blank_required_field_that_does_not_apply_is_not_reported(template: ContractTemplate) -> None:
    warned = {m.field for m in validate(template, {}).warnings}
    assert "fee.seats" not in warned and "dispute.seat" not in warned
    warned = {m.field for m in validate(template, {"dispute.method": "arbitration"}).warnings}
    assert "dispute.seat" in warned


def test_applicable(template: ContractTemplate) -> None:
    answers = require_valid(template, {"fee.model": "per_seat"})
    flags = applicable(template, answers)
    assert flags["fee.seats"] and not flags["fee.monthly"]


def test_require_valid_raises_with_every_message(template: ContractTemplate) -> None:
    with pytest.raises(AnswersError) as caught:
        require_valid(template, {"fee.monthly": -1, "x": 1})
    assert len(caught.value.messages) == 2
    assert "fee.monthly" in caught.value.message.zh


def test_a_wrong_choice_lists_each_value_with_the_words_the_form_shows(template: ContractTemplate) -> None:
    (message,) = validate(template, {"dispute.method": "duel"}).errors
    assert "court_party_a（甲方住所地人民法院）" in message.text.zh
    assert "arbitration (Arbitration)" in message.text.en
