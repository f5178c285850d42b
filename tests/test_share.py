"""Share links: answers to query parameters and back, old links keep their meaning, bad ones are named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pytest
import yaml
from conftest import DATA, answers, example_answers
from hypothesis import given, settings

from contract_builder.answers import require_valid, validate
from contract_builder.catalog import load_template
from contract_builder.share import encode_value, from_query, to_query
from contract_builder.templates import ContractTemplate


def test_only_non_defaults_travel(template: ContractTemplate) -> None:
    params = to_query(
        template, require_valid(template, {"party_a.name": "甲公司", "fee.monthly": 50000}), "bilingual", "zh"
    )
    assert params == {
        "party_a.name": "甲公司", "fee.monthly": "50000", "edition": "bilingual", "ui": "zh", "v": template.version
    }  # fmt: skip


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "true"), (dt.date(2026, 1, 31), "2026-01-31"), (Decimal("58000.00"), "58000"), (Decimal("0.050"), "0.05"),
     (["phone", "email"], "phone,email"), ("上海 & Co", "上海 & Co")],
)  # fmt: skip
def test_encode_value(value: object, text: str) -> None:
    assert encode_value(value) == text


@pytest.mark.parametrize("example_id", ["shanghai_retail", "shenzhen_saas", "beijing_insurer"])
def test_a_link_reproduces_the_same_answers(template: ContractTemplate, example_id: str) -> None:
    original = require_valid(template, example_answers("customer_service", example_id))
    url_query = urlencode(to_query(template, original, "parallel", "en"))
    state = from_query(template, dict(parse_qsl(url_query)))
    assert state.warnings == []
    assert (state.edition, state.ui) == ("parallel", "en")
    assert require_valid(template, state.answers).values == original.values


@settings(max_examples=40, deadline=None)
@given(raw=answers())
def test_any_answers_survive_a_link(template: ContractTemplate, raw: dict) -> None:
    original = require_valid(template, raw)
    query = urlencode(to_query(template, original, "bilingual", "zh"))
    state = from_query(template, dict(parse_qsl(query, keep_blank_values=True)))
    assert state.warnings == []
    assert require_valid(template, state.answers).values == original.values


def test_bad_parameters_are_named_and_the_rest_applies(template: ContractTemplate) -> None:
    state = from_query(
        template,
        {"party_a.name": "甲公司", "fee.monthly": "lots", "lang": "klingon", "ui": "fr", "utm_source": "mail",
         "term.start": "2026-13-01", "dispute.method": "duel"},
    )  # fmt: skip
    assert state.answers == {"party_a.name": "甲公司"}
    assert state.edition is None and state.ui is None
    named = {warning.parameter for warning in state.warnings}
    assert named == {"fee.monthly", "lang", "ui", "utm_source", "term.start", "dispute.method"}
    assert any("fee.monthly" in text and "lots" in text for text in (warning.text.en for warning in state.warnings))
    assert any("utm_source" in text and "已忽略" in text for text in (warning.text.zh for warning in state.warnings))


def test_old_links_keep_the_defaults_they_were_made_with(tmp_path: Path) -> None:
    # Version 0.2.0 of the small template changes term.return_materials' default to false.
    package = tmp_path / "confidentiality_undertaking"
    import shutil

    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    manifest = yaml.safe_load((package / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["version"] = "0.2.0"
    manifest["fields"][3]["default"] = False
    manifest["default_changes"] = [{"version": "0.2.0", "defaults": {"term.return_materials": True}}]
    (package / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    template = load_template(package)
    old_link = from_query(template, {"recipient.name": "乙", "v": "0.1.0"})
    assert validate(template, old_link.answers).answers["term.return_materials"] is True
    new_link = from_query(template, {"recipient.name": "乙", "v": "0.2.0"})
    assert validate(template, new_link.answers).answers["term.return_materials"] is False
    # A link that sets the field itself is never overridden.
    explicit = from_query(template, {"term.return_materials": "false", "v": "0.1.0"})
    assert validate(template, explicit.answers).answers["term.return_materials"] is False
