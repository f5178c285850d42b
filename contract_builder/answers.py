"""A user's answers (read by answers_file.py): flattened to dotted ids, typed and validated.

Validation never stops at the first problem and never raises for bad input: it
returns every problem as a `Message` naming the field, in Chinese and English,
with the typed answers it could make sense of (defaults standing in for the
rest), so a form can show all messages at once and keep what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import yaml

from contract_builder.answers_file import shorten
from contract_builder.bilingual import Bilingual, pick
from contract_builder.environment import conditions
from contract_builder.errors import AnswersError
from contract_builder.fields import FieldProblem, nest
from contract_builder.messages import Message, render_message
from contract_builder.templates import ContractTemplate


@dataclass(frozen=True)
class Answers:
    """Typed answers for every field of a template (defaults where nothing was given)."""

    template_id: str
    values: Mapping[str, Any]

    def __getitem__(self, field_id: str) -> Any:
        return self.values[field_id]


@dataclass(frozen=True)
class Validation:
    """The outcome of validating answers: usable answers, errors, and warnings (blank required fields)."""

    answers: Answers
    errors: tuple[Message, ...]
    warnings: tuple[Message, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def messages_for(self, field_id: str) -> list[Message]:
        return [m for m in (*self.errors, *self.warnings) if m.field == field_id]


def flatten(raw: Mapping[Any, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings to dotted ids: {party_a: {name: X}} → {"party_a.name": X}."""
    flat: dict[str, Any] = {}
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, dotted + "."))
        else:
            flat[dotted] = value
    return flat


def defaults(template: ContractTemplate) -> dict[str, Any]:
    """Every field's default value."""
    return {field_id: field.default for field_id, field in template.fields.items()}


def validate(template: ContractTemplate, raw: Mapping[Any, Any]) -> Validation:
    """Check answers against the template: types, ranges, options that exclude each other, checks."""
    fields = template.fields
    errors: list[Message] = []
    values = defaults(template)
    given = flatten(raw)
    bad: set[str] = set()
    for field_id, value in given.items():
        if field_id in fields:
            try:
                values[field_id] = fields[field_id].coerce(value)
            except FieldProblem as problem:
                errors.append(_message(template, field_id, problem.code, problem.params))
                bad.add(field_id)
        elif any(f.startswith(field_id + ".") for f in fields):
            errors.append(_message(template, field_id, "not_a_group", {}))
        else:
            errors.append(_message(template, field_id, "unknown_field", {}))
    provided = frozenset(given) & set(fields)

    context = raw_context(values, edition="")
    applies = _applicability(template, context)
    for field_id in sorted(provided - bad, key=list(fields).index):
        field = fields[field_id]
        if not applies[field_id] and values[field_id] != field.default and field.requires_reason:
            errors.append(_message(template, field_id, "excluded", _reason(field.requires_reason)))
    # One render for all the checks, compiled once and kept on disk (a fresh process, such as a CLI
    # command, would otherwise compile each again).
    checked = [check for check in template.checks if check.field not in bad]
    holding = conditions(tuple(check.assertion for check in checked))(**context) if checked else []
    for check, holds in zip(checked, holding, strict=True):
        if not holds:
            errors.append(_message(template, check.field, "check", {}, problem=check.message))
    warnings = [
        _message(template, field_id, "required_blank", {}, level="warning")
        for field_id, field in fields.items()
        if field.required and applies[field_id] and values[field_id] is None and field_id not in bad
    ]
    answers = Answers(template_id=template.id, values=values)
    return Validation(answers=answers, errors=tuple(errors), warnings=tuple(warnings))


def with_fallback(template: ContractTemplate, answers: Answers, field_id: str) -> Any:
    """A text answer, or, while it is blank, the answer of the field it falls back to
    (party_a.name_en → party_a.name), as the English text prints it."""
    value = answers.values.get(field_id)
    fallback = template.fields[field_id].fallback
    return value if value or fallback is None else answers.values.get(fallback)


def require_valid(template: ContractTemplate, raw: Mapping[Any, Any]) -> Answers:
    """Validated answers, or AnswersError carrying every message."""
    result = validate(template, raw)
    if result.errors:
        raise AnswersError(list(result.errors))
    return result.answers


def raw_context(values: Mapping[str, Any], edition: str) -> dict[str, Any]:
    """The context for conditions and checks: the typed answers themselves, nested by dotted id."""
    context: dict[str, Any] = {"edition": edition}
    for field_id, value in values.items():
        nest(context, field_id, value)
    return context


def applicable(template: ContractTemplate, answers: Answers) -> dict[str, bool]:
    """Which fields apply under these answers (a form disables the rest and shows why)."""
    return _applicability(template, raw_context(answers.values, edition=""))


def _applicability(template: ContractTemplate, context: Mapping[str, Any]) -> dict[str, bool]:
    """Each field's `requires` condition evaluated over the answers (no condition: it applies)."""
    conditional = tuple(field_id for field_id, field in template.fields.items() if field.requires)
    flags = dict(
        zip(
            conditional,
            conditions(tuple(template.fields[f].requires or "" for f in conditional))(**context),
            strict=True,
        )
    )
    return {field_id: flags.get(field_id, True) for field_id in template.fields}


def _reason(reason: Any) -> dict[str, Any]:
    return {"reason_zh": reason.zh, "reason_en": reason.en}


def _message(
    template: ContractTemplate,
    field_id: str,
    code: str,
    params: dict[str, Any],
    level: Literal["error", "warning"] = "error",
    problem: Bilingual | None = None,
) -> Message:
    """A message for one field, from the catalog (`code`) or worded by the template (`problem`)."""
    if problem is None:
        problems = {}
        for lang in ("zh", "en"):
            lang_params = dict(params)
            if "reason_zh" in params:
                lang_params["reason"] = params[f"reason_{lang}"]
            if code == "choice" and field_id in template.fields:
                # The values an answers file takes, each with the words the form shows for it.
                lang_params["choices"] = ", ".join(
                    pick(lang, f"{c.value}（{c.label.zh}）", f"{c.value} ({c.label.en})")
                    for c in template.fields[field_id].choices
                )
            problems[lang] = render_message(code, lang, lang_params)
        problem = Bilingual(**problems)
    field = template.fields.get(field_id)
    if field is None:
        name = shorten(field_id)  # a stranger's key, echoed: never 100,000 characters of it
        text = Bilingual(zh=f"{name}：{problem.zh}", en=f"{name}: {problem.en}")
        return Message(field=field_id, code=code, text=text, level=level, shown=text)
    # 甲方名称（party_a.name）：… for answers files, where the id is what to fix; by label alone in the form.
    text = Bilingual(
        zh=f"{field.label.zh}（{field_id}）：{problem.zh}", en=f"{field.label.en} ({field_id}): {problem.en}"
    )
    shown = Bilingual(zh=f"{field.label.zh}：{problem.zh}", en=f"{field.label.en}: {problem.en}")
    return Message(field=field_id, code=code, text=text, level=level, shown=shown)


def dump_answers(template: ContractTemplate, answers: Answers) -> str:
    """Answers that differ from the defaults as a YAML answers file (what `--answers` reads)."""
    nested: dict[str, Any] = {}
    for field_id, field in template.fields.items():
        value = answers.values[field_id]
        if value == field.default:
            continue
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        nest(nested, field_id, value)
    header = f"# {template.title.zh} / {template.title.en} ({template.id} {template.version})\n"
    return header + (yaml.safe_dump(nested, allow_unicode=True, sort_keys=False) if nested else "{}\n")
