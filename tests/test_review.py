"""The legal review: every rule proved by its own data, fixes that clear what they promise, the CLI and the memo."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ATTACKS, DATA, Outcome, answers
from hypothesis import HealthCheck, given, settings

from contract_builder.answers import require_valid, validate
from contract_builder.answers_file import read_answers_file
from contract_builder.assembly import assemble
from contract_builder.catalog import available_templates, get_template, load_template
from contract_builder.errors import TemplateError
from contract_builder.laws import laws_table
from contract_builder.memo import review_memo
from contract_builder.render.markdown import render_markdown
from contract_builder.review import apply_fixes, counts, for_side, recommended_options, review

RULES = [(template_id, rule.id) for template_id in available_templates() for rule in get_template(template_id).risks]
EXAMPLES = [(t, e.id) for t in available_templates() for e in get_template(t).examples]
BROKEN_RISKS = yaml.safe_load((DATA / "broken_risks.yaml").read_text(encoding="utf-8"))


def _rule(template_id: str, rule_id: str) -> Any:
    return next(rule for rule in get_template(template_id).risks if rule.id == rule_id)


def _example(template_id: str, example_id: str) -> Any:
    template = get_template(template_id)
    return require_valid(template, read_answers_file(template.example(example_id).path))


@pytest.mark.parametrize(("template_id", "rule_id"), RULES)
def test_each_rule_fires_on_its_trigger_and_its_fix_clears_it(template_id: str, rule_id: str) -> None:
    """Generated from the data: a new rule is tested the moment it is written."""
    template, rule = get_template(template_id), _rule(template_id, rule_id)
    edition = rule.trigger.get("edition", "bilingual")
    trigger = {k: v for k, v in rule.trigger.items() if k != "edition"}
    triggered = require_valid(template, {**{f: x.default for f, x in template.fields.items()}, **trigger})
    assert rule_id in {f.id for f in review(template, triggered, edition)}
    if rule.fix:
        fixed = require_valid(template, apply_fixes(template, triggered.values, [rule]))
        assert rule_id not in {f.id for f in review(template, fixed, edition)}
        # The fix also clears the rule from every shipped example.
        for example in template.examples:
            start = _example(template_id, example.id)
            after = require_valid(template, apply_fixes(template, start.values, [rule]))
            assert rule_id not in {f.id for f in review(template, after, edition)}, example.id


@pytest.mark.parametrize(("template_id", "rule_id"), RULES)
def test_each_rule_is_complete_in_both_languages_and_cites_only_checked_articles(
    template_id: str, rule_id: str
) -> None:
    rule = _rule(template_id, rule_id)
    for text in (rule.title, rule.explanation):
        assert text.zh.strip() and text.en.strip()
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text.en if ch not in "委托方受托方"), rule_id
    for citation in rule.basis:
        assert citation.article in laws_table()[citation.law.id].articles
        assert citation.text("zh").startswith(f"《{citation.law.name.zh}》第")
        assert citation.text("en").startswith(f"{citation.law.name.en}, Article")


def test_citations_print_as_a_lawyer_writes_them() -> None:
    template = get_template("customer_service")
    texts = {c.text("zh"): c.text("en") for rule in template.risks for c in rule.basis}
    assert (
        texts["《中华人民共和国民法典》第五百八十五条"] == "Civil Code of the People's Republic of China, Article 585"
    )
    assert (
        texts["《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》第十八条第四款"]
        == "Interpretation of the Supreme People's Court on Issues concerning the Application of Law in the Trial of "
        "Cases of Disputes over Sales Contracts, Article 18(4)"
    )


@pytest.mark.parametrize("case", BROKEN_RISKS, ids=lambda case: case["name"])
def test_broken_rules_fail_to_load_naming_the_rule(tmp_path: Path, case: dict[str, Any]) -> None:
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    (package / "risks.yaml").write_text(yaml.safe_dump(case["risks"], allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(package)
    assert case["expect"] in str(caught.value)
    assert "short" in str(caught.value) or "risks.yaml" in str(caught.value)


def test_a_working_rule_loads_from_risks_yaml_and_the_manifest_may_not_hold_both(tmp_path: Path) -> None:
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    rule = {
        "id": "no_return",
        "severity": "low",
        "when": "not term.return_materials",
        "title": {"zh": "不归还资料", "en": "No return of materials"},
        "explanation": {"zh": "承诺方无须归还资料。", "en": "The recipient need not return materials."},
        "basis": [{"law": "civil_code", "article": 558}],
        "clauses": ["obligation"],
        "harms": "party_a",
        "fix": {"term.return_materials": True},
        "trigger": {"term.return_materials": False},
    }
    (package / "risks.yaml").write_text(yaml.safe_dump([rule], allow_unicode=True), encoding="utf-8")
    template = load_template(package)
    assert [r.id for r in template.risks] == ["no_return"]
    manifest = yaml.safe_load((package / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["risks"] = [rule]
    (package / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TemplateError, match="keep one"):
        load_template(package)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=answers())
def test_applying_every_offered_fix_leaves_nothing_a_fix_could_clear(raw: dict[str, Any]) -> None:
    template = get_template("customer_service")
    start = require_valid(template, raw)
    for edition in ("zh", "bilingual"):
        findings = review(template, start, edition)
        fixed = validate(template, apply_fixes(template, start.values, [f.rule for f in findings]))
        assert not fixed.errors, [m.text.en for m in fixed.errors]
        left = [f.id for f in review(template, fixed.answers, edition) if f.has_fix]
        assert left == [], (edition, left)


def test_the_recommended_preset_has_no_high_or_medium_finding_in_any_edition() -> None:
    template = get_template("customer_service")
    assert template.recommended == "recommended"
    answers = _example("customer_service", "recommended")
    for edition in ("zh", "en", "bilingual", "parallel"):
        tally = counts(review(template, answers, edition))
        assert tally["high"] == tally["medium"] == 0, (edition, [f.id for f in review(template, answers, edition)])


@pytest.mark.parametrize(("template_id", "example_id"), EXAMPLES)
def test_recommended_options_over_any_example_leave_no_high_or_medium_finding_once_fixed(
    template_id: str, example_id: str
) -> None:
    """What "apply all recommended" does in the app: options at the recommended positions, then the fixes."""
    template = get_template(template_id)
    start = _example(template_id, example_id)
    values = {**start.values, **recommended_options(template)}
    once = require_valid(template, apply_fixes(template, values, []))
    fixed = require_valid(
        template, apply_fixes(template, once.values, [f.rule for f in review(template, once, "bilingual")])
    )
    tally = counts(review(template, fixed, "bilingual"))
    assert tally["high"] == tally["medium"] == 0, [f.id for f in review(template, fixed, "bilingual")]


def test_defaults_carry_the_seeds_defects_and_the_review_names_them() -> None:
    template = get_template("customer_service")
    found = {f.id for f in review(template, require_valid(template, {}), "zh")}
    assert {
        "pi_clause_missing",
        "stacked_damages",
        "labour_dispatch",
        "dispute_scope_narrow",
        "renewal_unclear",
    } <= found
    assert "equal_languages" not in found  # a Chinese-only edition has no second language to disagree with


def test_findings_come_most_serious_first_and_a_side_sees_what_harms_it() -> None:
    template = get_template("customer_service")
    findings = review(template, require_valid(template, {}), "bilingual")
    ranks = [("high", "medium", "low").index(f.severity) for f in findings]
    assert ranks == sorted(ranks)
    for side, other in (("party_a", "party_b"), ("party_b", "party_a")):
        seen = for_side(findings, side)
        assert seen and all(f.rule.harms in (side, "both") for f in seen)
        assert not any(f.rule.harms == other for f in seen)
        assert len(seen) < len(findings)
    assert for_side(findings, None) == findings


def test_the_memo_quotes_the_clauses_with_citations_in_the_chosen_edition() -> None:
    template = get_template("customer_service")
    answers = require_valid(template, {"fee": {"late_rate": 0.2}, "party_a": {"name": ATTACKS[0]}})
    findings = review(template, answers, "zh")
    contract = assemble(template, answers, "zh")
    memo = render_markdown(review_memo(template, contract, findings, answers=answers))
    assert memo.startswith("# 审阅意见：客服工作服务合同")
    assert "当事人：&lt;script\\>alert(1)&lt;/script\\>" in memo  # the typed name, escaped as in the contract
    assert "《中华人民共和国民法典》第五百八十五条" in memo
    assert "逾期付款违约金日比例明显过高" in memo
    assert "0.2%" in memo  # the clause is quoted with the user's rate
    assert "Review Memo" not in memo and "Civil Code" not in memo  # a Chinese edition: a Chinese memo
    english = render_markdown(review_memo(template, assemble(template, answers, "en"), findings))
    assert "Civil Code of the People's Republic of China, Article 585" in english and "违约金" not in english


def test_cli_review_prints_json_fails_on_a_severity_and_accepts_a_preset(run: Callable[..., Outcome]) -> None:
    result = run("review", "customer_service", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    ids = [f["id"] for f in data["findings"]]
    assert "stacked_damages" in ids and data["counts"]["high"] >= 1
    finding = next(f for f in data["findings"] if f["id"] == "stacked_damages")
    assert finding["fix"] == {"liability.damages": "recommended"} and finding["side"] == "both"
    assert {"law": "civil_code", "article": 585}.items() <= finding["basis"][1].items()
    assert finding["basis"][1]["text"]["zh"] == "《中华人民共和国民法典》第五百八十五条"
    assert run("review", "customer_service", "--fail-on", "high").returncode == 1
    assert run("review", "customer_service", "--preset", "recommended", "--fail-on", "medium").returncode == 0
    missing = run("review", "customer_service", "--preset", "nope")
    assert missing.returncode == 2 and "nope" in missing.stderr and "Traceback" not in missing.stderr
    assert run("check", "customer_service", "--preset", "recommended").returncode == 0
    # --answers goes over the preset: the preset's rate replaced by a far higher one.
    memo = run("review", "customer_service", "--format", "md", "--side", "party_a", "--preset", "recommended",
               "--answers", str(DATA / "late_rate.yaml"))  # fmt: skip
    assert memo.returncode == 0 and "审阅立场：甲方" in memo.stdout and "逾期付款违约金日比例明显过高" in memo.stdout
    text = run("--ui-lang", "en", "review", "customer_service", "--side", "party_b")
    assert text.stdout.startswith("Customer Service Outsourcing Agreement: High ")
    assert "pi_clause_missing" not in text.stdout  # harms Party A alone


@pytest.mark.external
def test_the_memo_prints_as_a_searchable_pdf_with_hostile_values_literal(
    run: Callable[..., Outcome], tmp_path: Path
) -> None:
    import io

    from pypdf import PdfReader

    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump({"party_a": {"name": "<b>甲</b>"}, "fee": {"late_rate": 0.5}}, allow_unicode=True),
        encoding="utf-8",
    )
    out = tmp_path / "memo.pdf"
    result = run(
        "review", "customer_service", "--answers", str(answers), "--format", "pdf", "--edition", "zh", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    flat = "".join(text.split())
    assert "审阅意见：客服工作服务合同" in flat
    assert "逾期付款违约金日比例明显过高" in flat
    assert "《中华人民共和国民法典》第五百八十五条" in flat  # extracted as characters, not Kangxi radicals
    assert "0.5%" in flat
    assert "当事人：<b>甲</b>" in flat  # typed markup stays literal text in the PDF
