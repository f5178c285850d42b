"""Assembly: a template and validated answers become a numbered, bilingual Document.

Each language's document template (compiler.py) is rendered once with the
answers (values.py); the two marked streams are read back (markers.py), checked to line up clause for clause,
numbered, and their references resolved to the final numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from contract_builder.answers import Answers
from contract_builder.bilingual import EDITIONS, LANGS, Bilingual
from contract_builder.document import Clause, Document, Paragraph
from contract_builder.environment import TEMPLATE_RUNTIME_ERRORS
from contract_builder.errors import ContractBuilderError, TemplateError
from contract_builder.markers import RawClause, read_stream, reference_marker, resolve_references, shape
from contract_builder.numbering import label_en, label_zh, reference_en, reference_zh
from contract_builder.templates import ContractTemplate
from contract_builder.values import SegmentSink, text_context

_REFERENCE = {"zh": reference_zh, "en": reference_en}


def assemble(template: ContractTemplate, answers: Answers, edition: str = "bilingual") -> Document:
    """Build the document for these answers; `edition` (zh, en, bilingual) can switch clauses on."""
    if edition not in EDITIONS:
        raise ContractBuilderError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}")
    if answers.template_id != template.id:
        raise ContractBuilderError(f"answers are for {answers.template_id}, not {template.id}")
    sink = SegmentSink()
    streams = {}
    for lang in LANGS:
        context = text_context(template.fields, answers.values, lang, sink, edition, reference_marker)
        try:
            streams[lang] = read_stream(template.documents[lang].render(context))
        except TEMPLATE_RUNTIME_ERRORS as error:
            raise _locate(template, context, lang, error) from None
    zh, en = streams["zh"], streams["en"]
    if shape(zh.clauses) != shape(en.clauses) or [p for p, _ in zh.front] != [p for p, _ in en.front]:
        raise TemplateError(f"{template.id}: the Chinese and English texts include different clauses or paragraphs")
    paths = dict(_numbered(zh.clauses, ()))
    builder = _Builder(template, sink, paths)
    return Document(
        template_id=template.id,
        template_version=template.version,
        edition=edition,
        title=template.title,
        front=builder.paragraphs(zh.front, en.front),
        clauses=tuple(builder.clause(z, e, paths[z.id]) for z, e in zip(zh.clauses, en.clauses, strict=True)),
        signature=builder.paragraphs(zh.signature, en.signature),
    )


def _numbered(clauses: list[RawClause], parent: tuple[int, ...]) -> Any:
    for index, clause in enumerate(clauses, start=1):
        path = (*parent, index)
        yield clause.id, path
        yield from _numbered(clause.children, path)


class _Builder:
    """Turns raw stream texts into Paragraphs and Clauses, with references resolved."""

    def __init__(self, template: ContractTemplate, sink: SegmentSink, paths: Mapping[str, tuple[int, ...]]) -> None:
        self.template = template
        self.sink = sink
        self.paths = paths

    def _cite(self, lang: str, paragraph_id: str) -> Any:
        def cite(clause_id: str) -> str:
            if clause_id not in self.paths:
                # The clause exists (checked at load) but these answers leave it
                # out: the citing text should carry the same condition.
                raise TemplateError(
                    f"paragraph {paragraph_id}: ref({clause_id!r}) cites a clause these answers leave out"
                )
            return _REFERENCE[lang](self.paths[clause_id])

        return cite

    def paragraphs(self, zh: list[tuple[str, str]], en: list[tuple[str, str]]) -> tuple[Paragraph, ...]:
        out = []
        split, specs = self.sink.split, self.template.paragraph_specs
        for (paragraph_id, zh_text), (_, en_text) in zip(zh, en, strict=True):
            zh_line = split(resolve_references(zh_text, self._cite("zh", paragraph_id)), "zh")
            en_line = split(resolve_references(en_text, self._cite("en", paragraph_id)), "en")
            if not zh_line and not en_line:
                continue
            if not zh_line or not en_line:
                raise TemplateError(
                    f"paragraph {paragraph_id} is empty in one language only: the texts are not aligned"
                )
            out.append(Paragraph(id=paragraph_id, zh=zh_line, en=en_line, style=specs[paragraph_id].style))
        return tuple(out)

    def clause(self, zh: RawClause, en: RawClause, path: tuple[int, ...]) -> Clause:
        spec = self.template.clause_specs[zh.id]
        paragraphs = self.paragraphs(zh.paragraphs, en.paragraphs)
        if spec.heading is None and not paragraphs:
            raise TemplateError(f"clause {zh.id} has no heading and no text under these answers")
        return Clause(
            id=zh.id,
            path=path,
            label=Bilingual(zh=label_zh(path), en=label_en(path)),
            heading=spec.heading,
            paragraphs=paragraphs,
            children=tuple(
                self.clause(z, e, (*path, index))
                for index, (z, e) in enumerate(zip(zh.children, en.children, strict=True), start=1)
            ),
        )


def _locate(template: ContractTemplate, context: dict[str, Any], lang: str, error: Exception) -> TemplateError:
    """Find the paragraph whose text failed, by rendering them one by one (only ever on failure)."""
    for spec in template.all_paragraphs():
        try:
            spec.template(lang).render(context)
        except TEMPLATE_RUNTIME_ERRORS as failure:
            return TemplateError(f"{template.id}: paragraph {spec.id} ({lang}): {failure}")
    return TemplateError(f"{template.id} ({lang}): {error}")
