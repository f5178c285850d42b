"""The English text: aligned with the Chinese paragraph by paragraph, and true to the glossary."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from conftest import all_examples, example_answers

from contract_builder.catalog import available_templates, get_template
from contract_builder.document import Document, Line
from contract_builder.templates import GlossaryTerm

_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
CASES = [("customer_service", "default"), *all_examples()]
# Options that add clauses the examples do not all switch on.
# Every optional clause on, with the alternatives the Recommended example does not take.
EVERYTHING_ON = {
    "privacy.pipl": True,
    "privacy.dpa": True,
    "privacy.categories": ["contact", "id_numbers", "financial", "health", "location"],
    "sla.schedule": True,
    "sla.kpi": True,
    "liability.cap": "capped",
    "fee.tax": "exclusive",
    "fee.model": "fixed_plus_bonus",
    "personnel.compliance": True,
    "ip.ownership": True,
    "compliance.warranties": True,
    "compliance.anti_bribery": True,
    "insurance.required": True,
    "non_solicitation.enabled": True,
    "termination.exit": True,
    "dispute.method": "court_party_a",
    "dispute.scope": "all",
    "language.prevails": "equal",
}


def template_words(line: Line) -> str:
    """The template's own words in a line, leaving out what the user typed."""
    return "".join(segment.text for segment in line if segment.kind == "text")


@pytest.fixture(scope="module")
def documents(build: Callable[..., Document]) -> list[Document]:
    """The default contract, every example, and every optional clause: built once for the module."""
    out = []
    for template_id, example_id in CASES:
        answers = {} if example_id == "default" else example_answers(template_id, example_id)
        out.append(build(answers, "bilingual", template_id))
    out.append(build(EVERYTHING_ON))
    return out


def test_english_has_no_chinese_and_chinese_has_no_english(documents: list[Document]) -> None:
    for document in documents:
        for paragraph in document.paragraphs():
            assert not _CJK.search(template_words(paragraph.en)), template_words(paragraph.en)
            # Chinese text may cite RMB amounts or clause numbers, not English sentences.
            assert not re.search(r"[A-Za-z]{3,}", template_words(paragraph.zh)), template_words(paragraph.zh)
        for clause in document.walk():
            if clause.heading:
                assert not _CJK.search(clause.heading.en)


GLOSSARIES = [
    (template_id, term) for template_id in available_templates() for term in get_template(template_id).glossary
]


@pytest.mark.parametrize(("template_id", "term"), GLOSSARIES, ids=lambda value: getattr(value, "zh", value))
def test_glossary_terms_are_used_wherever_their_chinese_is(
    documents: list[Document], template_id: str, term: GlossaryTerm
) -> None:
    """Each template's glossary, over that template's contracts."""
    seen = 0
    for document in (d for d in documents if d.template_id == template_id):
        for paragraph in document.paragraphs():
            zh, en = template_words(paragraph.zh), template_words(paragraph.en)
            if term.zh in zh:
                seen += 1
                assert term.en.lower() in en.lower(), f"{paragraph.id}: {term.zh} → expected {term.en!r} in {en!r}"
            for avoided in term.avoid:
                assert avoided.lower() not in en.lower(), f"{paragraph.id}: {avoided!r} instead of {term.en!r}"
    assert seen, f"{term.zh} never appears: drop it from the glossary"


def test_english_sentences_end_properly(documents: list[Document]) -> None:
    for document in documents:
        for paragraph in document.paragraphs():
            if paragraph.style == "body":
                text = "".join(segment.text for segment in paragraph.en)
                assert text[0].isupper() or text.startswith("("), text
                assert text.endswith((".", ":")), text
                assert "  " not in text and " ," not in text and " ." not in text, text
