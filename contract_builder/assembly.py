"""Assembly: a template and validated answers become a numbered, bilingual Document.

Two passes. The first decides which clauses the answers include and numbers
them, so that the second, which renders the texts, can resolve every ref() to
the clause's final number in either language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import TemplateError as JinjaError

from contract_builder.answers import Answers
from contract_builder.bilingual import EDITIONS, LANGS, Bilingual
from contract_builder.document import Clause, Document, Paragraph
from contract_builder.environment import condition
from contract_builder.errors import ContractBuilderError, TemplateError
from contract_builder.fill import SegmentSink, raw_context, text_context
from contract_builder.numbering import label_en, label_zh, reference_en, reference_zh
from contract_builder.templates import ClauseSpec, ContractTemplate, ParagraphSpec

_REFERENCE = {"zh": reference_zh, "en": reference_en}


def assemble(template: ContractTemplate, answers: Answers, edition: str = "bilingual") -> Document:
    """Build the document for these answers; `edition` (zh, en, bilingual) can switch clauses on."""
    if edition not in EDITIONS:
        raise ContractBuilderError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    if answers.template_id != template.id:
        raise ContractBuilderError(f"answers are for {answers.template_id}, not {template.id}")
    conditions = raw_context(answers.values, edition)
    numbered = _number(template.clauses, conditions, ())
    paths = {spec.id: path for spec, path in _walk(numbered)}
    sink = SegmentSink()
    contexts = {
        lang: text_context(template.fields, answers.values, lang, sink, edition, _referrer(paths, lang))
        for lang in LANGS
    }
    renderer = _ParagraphRenderer(contexts, conditions, sink)
    return Document(
        template_id=template.id,
        template_version=template.version,
        edition=edition,
        title=template.title,
        front=renderer.paragraphs(template.front),
        clauses=tuple(_build(spec, path, children, renderer) for spec, path, children in numbered),
        signature=renderer.paragraphs(template.signature),
    )


# A numbered clause before rendering: (spec, path, numbered children).
_Numbered = tuple[ClauseSpec, tuple[int, ...], list[Any]]


def _number(specs: Sequence[ClauseSpec], conditions: Mapping[str, Any], parent: tuple[int, ...]) -> list[_Numbered]:
    """Keep the clauses whose `when` holds and number them 1, 2, 3 … under their parent."""
    out: list[_Numbered] = []
    for spec in specs:
        if spec.when is not None and not condition(spec.when)(**conditions):
            continue
        path = (*parent, len(out) + 1)
        out.append((spec, path, _number(spec.children, conditions, path)))
    return out


def _walk(numbered: list[_Numbered]) -> Any:
    for spec, path, children in numbered:
        yield spec, path
        yield from _walk(children)


def _referrer(paths: Mapping[str, tuple[int, ...]], lang: str) -> Any:
    cite = _REFERENCE[lang]

    def ref(clause_id: str) -> str:
        if clause_id not in paths:
            # The clause exists (checked at load) but these answers leave it out:
            # the citing text should have had the same condition.
            raise TemplateError(f"ref({clause_id!r}) cites a clause these answers leave out")
        return cite(paths[clause_id])

    return ref


class _ParagraphRenderer:
    """Renders paragraph specs in both languages against the answers."""

    def __init__(
        self, contexts: Mapping[str, dict[str, Any]], conditions: Mapping[str, Any], sink: SegmentSink
    ) -> None:
        self.contexts = contexts
        self.conditions = conditions
        self.sink = sink

    def paragraphs(self, specs: Sequence[ParagraphSpec]) -> tuple[Paragraph, ...]:
        out = []
        for spec in specs:
            if spec.when is not None and not condition(spec.when)(**self.conditions):
                continue
            lines = {lang: self._render(spec, lang) for lang in LANGS}
            if not lines["zh"] and not lines["en"]:
                continue
            if not lines["zh"] or not lines["en"]:
                raise TemplateError(f"paragraph {spec.id} is empty in one language only: the texts are not aligned")
            out.append(Paragraph(id=spec.id, zh=lines["zh"], en=lines["en"], style=spec.style))
        return tuple(out)

    def _render(self, spec: ParagraphSpec, lang: str) -> Any:
        try:
            rendered = spec.template(lang).render(self.contexts[lang])
        except JinjaError as error:
            raise TemplateError(f"paragraph {spec.id} ({lang}): {error}") from None
        return self.sink.split(rendered, lang)


def _build(spec: ClauseSpec, path: tuple[int, ...], children: list[_Numbered], renderer: _ParagraphRenderer) -> Clause:
    paragraphs = renderer.paragraphs(spec.paragraphs)
    if spec.heading is None and not paragraphs:
        raise TemplateError(f"clause {spec.id} has no heading and no text under these answers")
    return Clause(
        id=spec.id,
        path=path,
        label=Bilingual(zh=label_zh(path), en=label_en(path)),
        heading=spec.heading,
        paragraphs=paragraphs,
        children=tuple(_build(child, child_path, grand, renderer) for child, child_path, grand in children),
    )
