"""The compiler: a template package's clause texts as one Jinja template per language, made at load.

Rendering each paragraph on its own costs a Jinja context per paragraph, which
made assembly twenty times slower than Jinja itself. So when a package loads,
its clauses and paragraphs are joined into one template per language: every
clause and paragraph sits inside its `when` condition, between structure
markers (markers.py) that name it. Assembly renders it once and reads the
marked stream back.
"""

from __future__ import annotations

from collections.abc import Iterable

from jinja2 import Template

from contract_builder.clause_files import ClauseSpec, ParagraphSpec, compile_text
from contract_builder.document import depth_first
from contract_builder.environment import TEMPLATE_RUNTIME_ERRORS, compile_clause_text
from contract_builder.errors import TemplateError
from contract_builder.markers import structure_marker


def compile_document(
    front: Iterable[ParagraphSpec], clauses: Iterable[ClauseSpec], signature: Iterable[ParagraphSpec], lang: str
) -> Template:
    """One template that prints the whole contract in `lang` as a marked stream."""
    parts: list[str] = []

    def paragraphs(specs: Iterable[ParagraphSpec]) -> None:
        for spec in specs:
            body = f"{structure_marker('P', spec.id)}{spec.source.get(lang)}{structure_marker('p')}"
            parts.append(f"{{% if {spec.when} %}}{body}{{% endif %}}" if spec.when else body)

    def clause(spec: ClauseSpec) -> None:
        opening = structure_marker("C", spec.id)
        parts.append(f"{{% if {spec.when} %}}{opening}" if spec.when else opening)
        paragraphs(spec.paragraphs)
        for child in spec.children:
            clause(child)
        parts.append(f"{structure_marker('c')}{{% endif %}}" if spec.when else structure_marker("c"))

    parts.append(structure_marker("F"))
    paragraphs(front)
    parts.append(structure_marker("B"))
    for spec in clauses:
        clause(spec)
    parts.append(structure_marker("S"))
    paragraphs(signature)
    try:
        return compile_clause_text("".join(parts))
    except TEMPLATE_RUNTIME_ERRORS as error:  # Jinja folds constants while compiling, in the sandbox
        raise _culprit(front, clauses, signature, lang, error) from None


def _culprit(
    front: Iterable[ParagraphSpec],
    clauses: Iterable[ClauseSpec],
    signature: Iterable[ParagraphSpec],
    lang: str,
    error: Exception,
) -> TemplateError:
    """The paragraph whose text does not compile, found by compiling them one by one (only on failure)."""
    specs = [*front, *(p for spec in depth_first(tuple(clauses)) for p in spec.paragraphs), *signature]
    for spec in specs:
        try:
            compile_text(spec.source.get(lang))
        except TEMPLATE_RUNTIME_ERRORS as failure:
            return TemplateError(f"{spec.where}.{lang}: {failure}")
    return TemplateError(f"the {lang} text cannot be compiled: {error}")
