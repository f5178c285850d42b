"""What differs from the standard text: paragraphs the chosen options add or reword.

The standard is the template's default options (for the customer-service
template, the seed) with the user's own values: a paragraph is changed when
its wording, leaving the typed values aside, is not in the standard document.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract_builder.answers import Answers
from contract_builder.assembly import assemble
from contract_builder.bilingual import Bilingual
from contract_builder.document import Clause, Document, Paragraph
from contract_builder.templates import ContractTemplate


@dataclass(frozen=True)
class Changes:
    """Paragraph ids added or reworded by the options, and standard clauses left out."""

    changed: frozenset[str]
    omitted_clauses: tuple[str, ...]
    # How the standard text numbers and names each clause left out (a sub-clause within one left
    # out is not named again): 九、审计 / 9. Audit, or 八、违约救济（二） / 8.2 (Remedies).
    omitted_names: tuple[Bilingual, ...] = ()


def _wording(paragraph: Paragraph) -> tuple[tuple[str, str], ...]:
    return tuple((s.kind, s.text if s.kind == "text" else "") for s in (*paragraph.zh, *paragraph.en))


def standard_answers(template: ContractTemplate, answers: Answers) -> Answers:
    """The same answers with every option back at its default."""
    values = {
        field_id: (field.default if field.is_option else answers.values[field_id])
        for field_id, field in template.fields.items()
    }
    return Answers(template_id=template.id, values=values)


def changes_from_standard(template: ContractTemplate, answers: Answers, document: Document) -> Changes:
    """Compare `document` (made from `answers`) with the standard document for the same edition."""
    standard = assemble(template, standard_answers(template, answers), document.edition)
    wording = {paragraph.id: _wording(paragraph) for paragraph in standard.paragraphs()}
    changed = frozenset(p.id for p in document.paragraphs() if wording.get(p.id) != _wording(p))
    present = {clause.id for clause in document.walk()}
    omitted = tuple(clause.id for clause in standard.walk() if clause.id not in present)
    return Changes(changed=changed, omitted_clauses=omitted, omitted_names=_left_out(standard.clauses, present, None))


def _left_out(clauses: tuple[Clause, ...], present: set[str], headed: Clause | None) -> tuple[Bilingual, ...]:
    """The names of the outermost `clauses` (and their sub-clauses) not in `present`; `headed` is the
    nearest headed clause they sit in, which names a sub-clause that has no heading of its own."""
    names: list[Bilingual] = []
    for clause in clauses:
        if clause.id not in present:
            names.append(_name(clause, headed))
        else:
            names.extend(_left_out(clause.children, present, clause if clause.heading is not None else headed))
    return tuple(names)


def _name(clause: Clause, headed: Clause | None) -> Bilingual:
    """九、审计 / 9. Audit for a headed clause; 八、违约救济（二） / 8.2 (Remedies) for a sub-clause."""
    if clause.heading is not None:
        return Bilingual(zh=clause.printed_heading("zh"), en=clause.printed_heading("en"))
    if headed is None or headed.heading is None:
        return clause.label
    return Bilingual(zh=headed.printed_heading("zh") + clause.label.zh, en=f"{clause.label.en} ({headed.heading.en})")
