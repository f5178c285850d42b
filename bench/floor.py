"""The floor for the core benchmark: the same contract as one plain, precompiled Jinja2 template.

It holds the same clause texts and `when` conditions and is rendered with the
same answers, but with values already formatted (as in English, for both
languages), no sandbox, no validation, no document model and no escaping: the
least work that can produce the text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment

from contract_builder.answers import validate
from contract_builder.assembly import assemble
from contract_builder.document import plain
from contract_builder.templates import ContractTemplate, ParagraphSpec
from contract_builder.values import FORMS, Fill, SegmentSink, text_context


class _Formatted(str):
    """A value printed as text, with its derived forms (大写, words, counts) ready as attributes."""

    def __new__(cls, printed: str, forms: dict[str, Any]) -> _Formatted:
        item = super().__new__(cls, printed)
        item.__dict__.update(forms)
        return item


def _formatted(fill: Any, sink: SegmentSink, depth: int = 0) -> Any:
    """Precompute what a Fill would print, and the forms a clause text may ask it for."""

    def printed(obj: Any) -> str:
        return plain(sink.split(str(obj), "en"))

    forms: dict[str, Any] = {}
    for name, form in FORMS.items():
        try:
            offered = getattr(fill, name)
        except AttributeError:
            continue  # not a form of this kind of value
        if form.derive is not None:
            if depth == 0:
                forms[name] = _formatted(offered, sink, depth + 1)
        elif form.takes_unit:
            forms[name] = lambda unit, offered=offered: printed(offered(unit))
        else:
            forms[name] = printed(offered)
    return _Formatted(printed(fill), forms)


def _plainify(context: dict[str, Any], sink: SegmentSink) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in context.items():
        if isinstance(value, dict):
            out[key] = _plainify(value, sink)
        elif isinstance(value, Fill):
            out[key] = _formatted(value, sink)
        else:
            out[key] = value
    return out


def floor_render(template: ContractTemplate, raw: dict[str, Any], edition: str) -> Callable[[], str]:
    """A zero-argument callable rendering the floor template (built and compiled here, untimed)."""
    answers = validate(template, raw).answers
    document = assemble(template, answers, edition)
    langs = ("zh", "en") if edition == "bilingual" else (edition,)
    included = {clause.id: clause for clause in document.walk()}
    source: list[str] = []

    def paragraphs(specs: tuple[ParagraphSpec, ...]) -> None:
        for spec in specs:
            for lang in langs:
                text = spec.source.get(lang)
                source.append(f"{{% if {spec.when} %}}{text}\n\n{{% endif %}}" if spec.when else f"{text}\n\n")

    paragraphs(template.front)
    for spec in template.walk_clauses():
        clause = included.get(spec.id)
        if clause is None:
            continue
        for lang in langs:
            if spec.heading:
                source.append(f"{'#' * (clause.level + 1)} {clause.label.get(lang)} {spec.heading.get(lang)}\n\n")
        paragraphs(spec.paragraphs)
    paragraphs(template.signature)
    compiled = Environment().from_string("".join(source))

    sink = SegmentSink()
    paths = {clause.id: clause.path for clause in document.walk()}
    refs = {clause_id: ".".join(map(str, path)) for clause_id, path in paths.items()}
    context = _plainify(text_context(template.fields, answers.values, "en", sink, edition, refs.__getitem__), sink)
    return lambda: compiled.render(context)
