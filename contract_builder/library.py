"""The clause library: every clause and alternative in both languages, with the options that produce it.

Conditions are Jinja expressions; here they are read back into words a lawyer
can follow ("计费方式 = 按坐席计费 / Fee model = Per seat"), and placeholders
print as the field's label in brackets rather than as template code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes

from contract_builder.bilingual import Bilingual, pick
from contract_builder.document import Segment, plain
from contract_builder.environment import clause_environment
from contract_builder.fields import Field, nest
from contract_builder.templates import ClauseSpec, ContractTemplate, ParagraphSpec
from contract_builder.values import FORMS, Fill, SegmentSink

_EDITION_WORDS = {
    "zh": Bilingual("中文版", "Chinese edition"),
    "en": Bilingual("英文版", "English edition"),
    "bilingual": Bilingual("中英对照版", "bilingual edition"),
    "parallel": Bilingual("中英并列版", "side-by-side edition"),
}


@dataclass(frozen=True)
class LibraryEntry:
    """One paragraph of the template as the library shows it."""

    clause_path: tuple[Bilingual, ...]  # headings (or clause ids) from the article down
    paragraph_id: str
    text: Bilingual  # placeholders shown as 【label】 / [label]
    conditions: tuple[Bilingual, ...]  # every condition that must hold, in words

    def matches(self, query: str) -> bool:
        """Case-insensitive search over the texts, headings and conditions in both languages."""
        query = query.strip().lower()
        haystack = [self.text.zh, self.text.en, self.paragraph_id]
        haystack += [part for b in (*self.clause_path, *self.conditions) for part in (b.zh, b.en)]
        return not query or any(query in item.lower() for item in haystack)


class _Label(str):
    """A field's label standing in for its value: present (so `{% if %}` shows the filled-in
    wording), and half of it is itself (`{{ signing.counterparts.half }}`)."""

    def __floordiv__(self, other: object) -> _Label:
        return self


def _print_label(kind: str, value: Any, lang: str, form: str | None, unit: str) -> tuple[Segment, ...]:
    """A placeholder as the field's label in brackets: 【甲方名称】, 【月服务费，大写】, [Monthly fee, in words]."""
    suffix = FORMS[form].label.get(lang) if form else ""
    label = pick(lang, f"{value}，{suffix}", f"{value}, {suffix}") if suffix else str(value)
    return (Segment("text", _bracketed(label, lang)),)


def _bracketed(text: str, lang: str) -> str:
    return pick(lang, f"【{text}】", f"[{text}]")


def _label_context(template: ContractTemplate, lang: str, sink: SegmentSink) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for field_id, field in template.fields.items():
        label = Fill(sink, field.kind, _Label(field.label.get(lang)), lang, printer=_print_label)
        nest(context, field_id, field.default if field.is_option else label)

    def ref(clause_id: str) -> str:
        heading = template.clause_specs[clause_id].heading
        name = heading.get(lang) if heading else clause_id
        return _bracketed(name, lang)

    def text(option_id: str) -> str:
        field = template.fields[option_id]
        return _bracketed(field.label.get(lang), lang)

    context.update(ref=ref, text=text, blank=lambda kind="text": "____", edition="bilingual")
    return context


def describe_condition(source: str, fields: Mapping[str, Field]) -> Bilingual:
    """A `when` condition in words, in both languages; the raw expression where it is too clever."""
    try:
        expression = clause_environment().parse(f"{{{{ {source} }}}}").body[0].nodes[0]  # type: ignore[attr-defined]
        return Bilingual(zh=_words(expression, fields, "zh"), en=_words(expression, fields, "en"))
    except (AttributeError, IndexError, KeyError, TypeError):
        return Bilingual(source, source)


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    raise TypeError("not a field reference")


def _value_words(field: Field | None, value: Any, lang: str) -> str:
    if field is not None and field.choices:
        return field.choice(value).label.get(lang)
    if field is None and value in _EDITION_WORDS:
        return _EDITION_WORDS[value].get(lang)
    return str(value)


def _words(node: nodes.Node, fields: Mapping[str, Field], lang: str) -> str:
    on, off, and_, or_, is_, not_in = (
        ("开启", "关闭", " 且 ", " 或 ", " = ", "不是")
        if lang == "zh"
        else ("on", "off", " and ", " or ", " = ", "not")
    )
    if isinstance(node, nodes.And):
        return _words(node.left, fields, lang) + and_ + _words(node.right, fields, lang)
    if isinstance(node, nodes.Or):
        return _words(node.left, fields, lang) + or_ + _words(node.right, fields, lang)
    if isinstance(node, nodes.Not):
        field_id = _dotted(node.node)
        return f"{fields[field_id].label.get(lang)}{is_}{off}"
    if isinstance(node, (nodes.Name, nodes.Getattr)):
        field_id = _dotted(node)
        return f"{fields[field_id].label.get(lang)}{is_}{on}"
    if isinstance(node, nodes.Compare) and len(node.ops) == 1:
        field_id = _dotted(node.expr)
        field = fields.get(field_id)
        name = field.label.get(lang) if field else pick(lang, "版本", "Edition")
        operator = node.ops[0]
        values = operator.expr.as_const()
        if operator.op in ("eq", "ne"):
            words = _value_words(field, values, lang)
            return f"{name}{is_}{words}" if operator.op == "eq" else f"{name} {not_in} {words}"
        if operator.op in ("in", "notin"):
            joined = " / ".join(_value_words(field, value, lang) for value in values)
            return f"{name}{is_}{joined}" if operator.op == "in" else f"{name} {not_in} {joined}"
    raise TypeError("condition too complex to put in words")


def library(template: ContractTemplate) -> list[LibraryEntry]:
    """Every paragraph of every clause, alternatives included, with the conditions that select it."""
    sink = SegmentSink()
    contexts = {lang: _label_context(template, lang, sink) for lang in ("zh", "en")}
    entries = [_entry(template, spec, (), (), contexts, sink) for spec in template.front]

    def walk(spec: ClauseSpec, path: tuple[Bilingual, ...], conditions: tuple[str, ...]) -> Iterator[LibraryEntry]:
        # Headed clauses name the way down; a numbered item without a heading is its text.
        path = (*path, spec.heading) if spec.heading else path
        conditions = (*conditions, spec.when) if spec.when else conditions
        for paragraph in spec.paragraphs:
            yield _entry(template, paragraph, path, conditions, contexts, sink)
        for child in spec.children:
            yield from walk(child, path, conditions)

    for spec in template.clauses:
        entries.extend(walk(spec, (), ()))
    entries += [_entry(template, spec, (), (), contexts, sink) for spec in template.signature]
    return entries


def _entry(
    template: ContractTemplate,
    spec: ParagraphSpec,
    path: tuple[Bilingual, ...],
    conditions: tuple[str, ...],
    contexts: Mapping[str, dict[str, Any]],
    sink: SegmentSink,
) -> LibraryEntry:
    all_conditions = (*conditions, spec.when) if spec.when else conditions
    texts = {}
    for lang in ("zh", "en"):
        # Inline {% if %} blocks show their default branch; alternatives are separate entries.
        rendered = spec.template(lang).render(contexts[lang])
        texts[lang] = plain(sink.split(rendered, lang))
    return LibraryEntry(
        clause_path=path,
        paragraph_id=spec.id,
        text=Bilingual(**texts),
        conditions=tuple(describe_condition(c, template.fields) for c in all_conditions),
    )
