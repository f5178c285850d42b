"""The legal review: which of a template's risk rules a contract's answers trigger, and their fixes.

`review` runs on every change in the app, so it only evaluates conditions that
were compiled once. `prove_rules` runs when a template loads: each rule must
fire on its trigger answers and be cleared by its fix, with every answer valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contract_builder.answers import Answers, applicable, defaults, raw_context, validate
from contract_builder.answers_file import read_answers_file
from contract_builder.bilingual import Bilingual, pick
from contract_builder.environment import condition, conditions
from contract_builder.errors import TemplateError
from contract_builder.risks import SEVERITIES, SIDES, RiskRule
from contract_builder.templates import ContractTemplate

_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
SEVERITY_NAMES = {
    "high": Bilingual(zh="高", en="High"),
    "medium": Bilingual(zh="中", en="Medium"),
    "low": Bilingual(zh="低", en="Low"),
}
SIDE_NAMES = {
    "party_a": Bilingual(zh="甲方", en="Party A"),
    "party_b": Bilingual(zh="乙方", en="Party B"),
    "both": Bilingual(zh="双方", en="Both parties"),
}


@dataclass(frozen=True)
class Finding:
    """A rule the answers trigger: what is risky, why, under which articles, and the fix."""

    rule: RiskRule

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def has_fix(self) -> bool:
        return bool(self.rule.fix)


def review(template: ContractTemplate, answers: Answers, edition: str) -> tuple[Finding, ...]:
    """Every rule the answers trigger in this edition, most serious first (then in template order)."""
    flags = conditions(tuple(rule.when for rule in template.risks))(**raw_context(answers.values, edition))
    findings = [Finding(rule) for rule, fired in zip(template.risks, flags, strict=True) if fired]
    return tuple(sorted(findings, key=lambda f: _RANK[f.severity]))


def for_side(findings: Sequence[Finding], side: str | None) -> tuple[Finding, ...]:
    """The findings that matter to one side (party_a or party_b), those harming it alone first;
    None (neutral) keeps them all."""
    if side is None:
        return tuple(findings)
    if side not in SIDES[:2]:
        raise ValueError(f"side must be party_a, party_b or None, not {side!r}")
    kept = [f for f in findings if f.rule.harms in (side, "both")]
    return tuple(sorted(kept, key=lambda f: (_RANK[f.severity], f.rule.harms != side)))


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each severity: {"high": 2, "medium": 5, "low": 1}."""
    tally = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        tally[finding.severity] += 1
    return tally


def apply_fixes(template: ContractTemplate, values: Mapping[str, Any], rules: Iterable[RiskRule]) -> dict[str, Any]:
    """The answers with each rule's fix applied, in order.

    A fix can switch off what a typed answer depended on (another arbitration
    commission's name, once CIETAC is chosen): such answers go back to their
    defaults, as validation requires. (The app keeps them in their greyed-out
    widgets instead, so that switching back finds them.)
    """
    fixed = dict(values)
    for rule in rules:
        fixed.update(rule.fix)
    flags = applicable(template, Answers(template_id=template.id, values=fixed))
    for field_id, applies in flags.items():
        if not applies:
            fixed[field_id] = template.fields[field_id].default
    return fixed


def recommended_options(template: ContractTemplate) -> dict[str, Any]:
    """The options of the template's recommended example: what "apply all recommended" sets.
    Typed answers (parties, amounts) are the user's and are left alone."""
    if template.recommended is None:
        return {}
    example = template.example(template.recommended)
    answers = _valid(template, read_answers_file(example.path), f"{template.id} example {example.id}")
    return {field_id: value for field_id, value in answers.values.items() if template.fields[field_id].is_option}


def fix_description(template: ContractTemplate, rule: RiskRule, lang: str) -> str:
    """What a fix sets, in words a lawyer reads: 违约金与损失赔偿的衔接：违约金不足以弥补损失的补足差额…"""
    parts = []
    for field_id, value in rule.fix.items():
        field = template.fields[field_id]
        if field.kind == "choice":
            shown = next(c.label.get(lang) for c in field.choices if c.value == value)
        elif field.kind == "multi":
            shown = pick(lang, "、", ", ").join(c.label.get(lang) for c in field.choices if c.value in value)
        elif field.kind == "toggle":
            shown = pick(lang, "开启" if value else "关闭", "on" if value else "off")
        elif value is None:
            shown = pick(lang, "留空", "blank")
        else:
            shown = str(value) + ("%" if field.kind == "percent" else "")
        parts.append(pick(lang, "{}：{}", "{}: {}").format(field.label.get(lang), shown))
    return pick(lang, "；", "; ").join(parts)


def prove_rules(template: ContractTemplate) -> None:
    """Each rule fires on its trigger answers and its fix clears it, with every answer valid.
    Raises TemplateError naming the rule. (The tests go further: random answers, every example.)"""
    for rule in template.risks:
        where = f"{template.id} risk {rule.id}"
        trigger = {k: v for k, v in rule.trigger.items() if k != "edition"}
        edition = rule.trigger.get("edition", "bilingual")
        triggered = _valid(template, {**defaults(template), **trigger}, f"{where}.trigger")
        if not _fires(rule, triggered, edition):
            raise TemplateError(f"{where}.trigger: the rule does not fire on its trigger answers")
        if rule.fix:
            fixed = _valid(template, apply_fixes(template, triggered.values, [rule]), f"{where}.fix")
            if _fires(rule, fixed, edition):
                raise TemplateError(f"{where}.fix: the fix does not clear the rule on its trigger answers")


def _valid(template: ContractTemplate, values: Mapping[str, Any], where: str) -> Answers:
    result = validate(template, values)
    if result.errors:
        raise TemplateError(f"{where}: " + "; ".join(message.text.en for message in result.errors))
    return result.answers


def _fires(rule: RiskRule, answers: Answers, edition: str) -> bool:
    return bool(condition(rule.when)(**raw_context(answers.values, edition)))
