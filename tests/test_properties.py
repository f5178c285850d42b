"""Property tests: any option combination and any text a user can type gives a sound contract."""

from __future__ import annotations

import html as html_module
import io
import re
from typing import Any

from conftest import answers, typed_text
from docx import Document as open_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_readers import commonmark_html, python_markdown_html, visible_text

from contract_builder.answers import validate
from contract_builder.assembly import assemble
from contract_builder.catalog import get_template
from contract_builder.document import Clause, Document, plain
from contract_builder.fields import Field
from contract_builder.numbering import label_en, label_zh
from contract_builder.render.docx import render_docx
from contract_builder.render.html import render_html_document, render_html_fragment
from contract_builder.render.markdown import render_markdown
from contract_builder.templates import ContractTemplate

TEMPLATE = get_template("customer_service")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_numbering(clauses: tuple[Clause, ...], parent: tuple[int, ...]) -> None:
    for index, clause in enumerate(clauses, start=1):
        assert clause.path == (*parent, index)
        assert clause.label.zh == label_zh(clause.path) and clause.label.en == label_en(clause.path)
        _check_numbering(clause.children, clause.path)


def _typed_texts(raw: dict[str, Any]) -> list[str]:
    return [value.strip() for field_id, value in raw.items()
            if TEMPLATE.fields[field_id].kind == "text" and isinstance(value, str)]  # fmt: skip


@SETTINGS
@given(answers())
def test_any_valid_answers_make_a_sound_contract(raw: dict[str, Any]) -> None:
    result = validate(TEMPLATE, raw)
    assert result.ok, [m.text.en for m in result.errors]
    blocks: dict[str, int] = {}
    for edition in ("zh", "en", "bilingual", "parallel"):
        document: Document = assemble(TEMPLATE, result.answers, edition)
        _check_numbering(document.clauses, ())
        for paragraph in document.paragraphs():
            for segment in (*paragraph.zh, *paragraph.en):
                if segment.kind != "value":
                    assert "{{" not in segment.text and "{%" not in segment.text
                    assert "None" not in segment.text
                assert segment.text != ""
        markdown_text = render_markdown(document)
        blocks[edition] = markdown_text.count("\n\n")
        if edition == "bilingual":
            # Each typed value is printed whole, and both readers show every paragraph as we wrote it: a
            # value is checked in its paragraph, as a one-letter value could be found anywhere on its own.
            values = {
                segment.text
                for paragraph in document.paragraphs()
                for segment in (*paragraph.zh, *paragraph.en)
                if segment.kind == "value"
            }
            assert set(_typed_texts(raw)) <= values
            lines = [plain(paragraph.line(lang)) for paragraph in document.paragraphs() for lang in ("zh", "en")]
            for to_html in (commonmark_html, python_markdown_html):
                shown = visible_text(to_html(markdown_text))
                for line in lines:
                    assert line in shown, (to_html.__name__, line)
    # The bilingual edition pairs every Chinese block with its English one (the title
    # is one shared line; the language clause is in the bilingual edition only).
    assert blocks["zh"] == blocks["en"]


@SETTINGS
@given(st.dictionaries(
    st.sampled_from(list(TEMPLATE.fields)) | st.text(max_size=12),
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
    | st.lists(st.text(max_size=5), max_size=3) | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    max_size=8,
))  # fmt: skip
def test_validation_never_raises_and_always_names_the_field(raw: dict[str, Any]) -> None:
    result = validate(TEMPLATE, raw)
    for message in result.errors:
        assert message.text.zh and message.text.en
        assert message.field in message.text.zh and message.field in message.text.en
    if result.ok:
        assemble(TEMPLATE, result.answers, "bilingual")


# Party A's name line (paragraph front.p2) as each language prints it, and the languages of each edition.
NAME_LABEL = {"zh": "名称：", "en": "Name: "}
EDITION_LANGS = {"zh": ("zh",), "en": ("en",), "bilingual": ("zh", "en"), "parallel": ("zh", "en")}


@settings(max_examples=25, deadline=None)
@given(typed_text, st.sampled_from(list(EDITION_LANGS)))
def test_typed_text_is_literal_in_html(value: str, edition: str) -> None:
    result = validate(TEMPLATE, {"party_a.name": value, "party_a.name_en": value})
    assert result.ok
    document = assemble(TEMPLATE, result.answers, edition)
    # Checked whole, in Party A's name line: a one-letter value would be found anywhere on a page.
    lines = [f"{NAME_LABEL[lang]}{value.strip()}" for lang in EDITION_LANGS[edition]]
    escaped = html_module.escape(value.strip(), quote=True)
    for page in (render_html_fragment(document), render_html_document(document)):
        body = page.split("</style>")[-1]
        names = re.findall(r'data-id="front\.p2">(.*?)</p>', body)
        assert names == [f'{NAME_LABEL[lang]}<span class="value">{escaped}</span>' for lang in EDITION_LANGS[edition]]
        assert [html_module.unescape(re.sub(r"<[^>]+>", "", name)) for name in names] == lines  # shown as typed


RECIPIENT_LABEL = {"zh": "承诺方：", "en": "Receiving Party: "}


@settings(max_examples=25, deadline=None)
@given(value=typed_text, edition=st.sampled_from(list(EDITION_LANGS)))
def test_typed_text_is_literal_in_word(undertaking: ContractTemplate, value: str, edition: str) -> None:
    # The small template: the same Word renderer, a third of the time of the real contract.
    result = validate(undertaking, {"recipient.name": value})
    assert result.ok
    word = open_docx(io.BytesIO(render_docx(assemble(undertaking, result.answers, edition))))
    texts = [p.text for p in word.paragraphs] + [
        p.text for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    # Whole paragraphs: a one-letter value would be found in any paragraph.
    lines = [f"{RECIPIENT_LABEL[lang]}{value.strip()}" for lang in EDITION_LANGS[edition]]
    assert all(line in texts for line in lines), lines


INVISIBLE = st.characters(categories=("Cf",)) | st.just("\ufffd")


@SETTINGS
@given(typed_text, INVISIBLE, st.sampled_from([f for f in TEMPLATE.fields.values() if f.kind == "text"]))
def test_invisible_characters_are_refused_naming_the_field(value: str, invisible: str, field: Field) -> None:
    tainted = value[: len(value) // 2] + invisible + value[len(value) // 2 :]
    (message,) = validate(TEMPLATE, {field.id: tainted}).errors
    assert message.field == field.id and message.code == "forbidden_char"
    assert f"U+{ord(invisible):04X}" in message.text.en and field.label.zh in message.text.zh


@SETTINGS
@given(st.sampled_from(["-0", "-0.00", "-0.0", -0.0, "-0%"]))
def test_negative_zero_is_zero(value: Any) -> None:
    result = validate(TEMPLATE, {"fee.monthly": value if value != "-0%" else "-0", "fee.late_rate": value})
    assert result.ok
    markdown = render_markdown(assemble(TEMPLATE, result.answers, "bilingual"))
    assert "-0" not in markdown and "人民币0.00元" in markdown
