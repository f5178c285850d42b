"""A template's review rules (`risks:` in the manifest, or `risks.yaml` beside it), read and checked.

A rule says when a contract carries a legal risk: a condition over the answers
and the edition, a title and an explanation in both languages, the articles of
law it rests on (from laws.yaml), the clauses it concerns, whose interest it
harms, and the answers that fix it. This module checks a rule's names, laws and
values as it loads; review.py evaluates rules and proves each one's trigger and
fix once the whole template has loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract_builder.bilingual import EDITIONS, Bilingual
from contract_builder.clause_files import check_condition
from contract_builder.errors import TemplateError
from contract_builder.fields import Field, FieldProblem
from contract_builder.laws import Citation, parse_citation
from contract_builder.package_yaml import expect_keys, parse_bilingual, read_yaml

SEVERITIES = ("high", "medium", "low")
SIDES = ("party_a", "party_b", "both")
RISKS_FILE = "risks.yaml"


@dataclass(frozen=True)
class RiskRule:
    """One legal risk a contract can carry, and the answers that remove it."""

    id: str
    severity: str  # high, medium or low
    when: str  # a condition over the answers and `edition`
    title: Bilingual
    explanation: Bilingual
    basis: tuple[Citation, ...]
    clauses: tuple[str, ...]  # the clause ids it concerns, highlighted in the preview
    harms: str  # party_a, party_b or both
    fix: Mapping[str, Any] = field(default_factory=dict)  # field id → typed value
    # Answers over the defaults (and optionally `edition`) under which the rule fires:
    # the loader and the tests prove the rule with them.
    trigger: Mapping[str, Any] = field(default_factory=dict)


def parse_risks(
    package: Path, manifest: Mapping[str, Any], fields: Mapping[str, Field], clause_ids: frozenset[str]
) -> tuple[RiskRule, ...]:
    """The template's rules from the manifest's `risks:` or from risks.yaml (not both), checked."""
    in_file = (package / RISKS_FILE).exists()
    if in_file and "risks" in manifest:
        raise TemplateError(f"{package.name}: risks are in both manifest.yaml and {RISKS_FILE}; keep one")
    if in_file:
        raw, where = read_yaml(package / RISKS_FILE), f"{package.name}/{RISKS_FILE}"
    else:
        raw, where = manifest.get("risks") or [], f"{package.name}/manifest.yaml.risks"
    if not isinstance(raw, list):
        raise TemplateError(f"{where}: expected a list of rules")
    rules: dict[str, RiskRule] = {}
    for index, item in enumerate(raw):
        rule = _parse_rule(item, f"{where}[{index}]", fields, clause_ids)
        if rule.id in rules:
            raise TemplateError(f"{where}[{index}].id: duplicate rule {rule.id!r}")
        rules[rule.id] = rule
    return tuple(rules.values())


def _parse_rule(raw: Any, where: str, fields: Mapping[str, Field], clause_ids: frozenset[str]) -> RiskRule:
    expect_keys(
        raw,
        where,
        required={"id", "severity", "when", "title", "explanation", "basis", "clauses", "harms"},
        optional={"fix", "trigger"},
    )
    if not isinstance(raw["id"], str) or not raw["id"].isidentifier():
        raise TemplateError(f"{where}.id: expected a lower-case identifier")
    where = f"{where} ({raw['id']})"
    if raw["severity"] not in SEVERITIES:
        raise TemplateError(f"{where}.severity: expected one of {', '.join(SEVERITIES)}")
    if raw["harms"] not in SIDES:
        raise TemplateError(f"{where}.harms: expected one of {', '.join(SIDES)}")
    check_condition(raw["when"], f"{where}.when", fields, options_only=False)
    if not isinstance(raw["basis"], list):
        raise TemplateError(f"{where}.basis: expected a list of citations")
    if not isinstance(raw["clauses"], list) or not all(isinstance(c, str) for c in raw["clauses"]):
        raise TemplateError(f"{where}.clauses: expected a list of clause ids")
    for clause_id in raw["clauses"]:
        if clause_id not in clause_ids:
            raise TemplateError(f"{where}.clauses: {clause_id!r} is not a clause of this template")
    return RiskRule(
        id=raw["id"],
        severity=raw["severity"],
        when=raw["when"],
        title=parse_bilingual(raw["title"], f"{where}.title"),
        explanation=parse_bilingual(raw["explanation"], f"{where}.explanation"),
        basis=tuple(parse_citation(item, f"{where}.basis[{i}]") for i, item in enumerate(raw["basis"])),
        clauses=tuple(raw["clauses"]),
        harms=raw["harms"],
        fix=_typed_answers(raw.get("fix") or {}, f"{where}.fix", fields, allow_edition=False),
        trigger=_typed_answers(raw.get("trigger") or {}, f"{where}.trigger", fields, allow_edition=True),
    )


def _typed_answers(raw: Any, where: str, fields: Mapping[str, Field], allow_edition: bool) -> dict[str, Any]:
    """Dotted field ids → values, each checked by its field now, so a bad value fails at load."""
    if not isinstance(raw, Mapping):
        raise TemplateError(f"{where}: expected a mapping of field ids to values")
    typed: dict[str, Any] = {}
    for field_id, value in raw.items():
        if field_id == "edition" and allow_edition:
            if value not in EDITIONS:
                raise TemplateError(f"{where}.edition: expected one of {', '.join(EDITIONS)}")
            typed["edition"] = value
            continue
        if field_id not in fields:
            raise TemplateError(f"{where}: {field_id!r} is not a field")
        try:
            typed[field_id] = fields[field_id].coerce(value)
        except FieldProblem as problem:
            raise TemplateError(f"{where}.{field_id}: {value!r} is not a valid value ({problem.code})") from None
    return typed
