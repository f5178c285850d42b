"""Property tests: any option combination and any text a user can type gives a sound contract."""

from __future__ import annotations

import datetime as dt
import html as html_module
import io
import re
from decimal import Decimal
from typing import Any

from docx import Document as open_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_readers import commonmark_html, python_markdown_html, visible_text

from contract_builder.answers import applicable, validate
from contract_builder.assembly import assemble
from contract_builder.document import Clause, Document
from contract_builder.fields import Field
from contract_builder.numbering import label_en, label_zh
from contract_builder.render.docx import render_docx
from contract_builder.render.html import render_html_document, render_html_fragment
from contract_builder.render.markdown import escape, render_markdown
from contract_builder.templates import ContractTemplate, get_template

TEMPLATE = get_template("customer_service")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Anything a person can type on one line: every Unicode character except the
# controls, separators, invisible format characters (Cf, bidi overrides among
# them), U+FFFD and non-characters that validation turns away.
typed_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"),
        blacklist_characters="\ufffd\ufffe\uffff",
    ),
    min_size=1,
    max_size=40,
).filter(lambda value: value.strip() != "")


def _value_for(field: Field) -> st.SearchStrategy[Any]:
    low = int(field.minimum) if field.minimum is not None else 0
    if field.kind == "toggle":
        return st.booleans()
    if field.kind == "choice":
        return st.sampled_from([c.value for c in field.choices])
    if field.kind == "multi":
        return st.lists(st.sampled_from([c.value for c in field.choices]), min_size=1, unique=True)
    if field.kind == "integer":
        return st.none() | st.integers(low, int(field.maximum) if field.maximum is not None else 10_000)
    if field.kind == "money":
        return st.none() | st.decimals(0, 10**9, places=2, allow_nan=False, allow_infinity=False)
    if field.kind == "percent":
        top = field.maximum if field.maximum is not None else Decimal(100)
        return st.none() | st.decimals(0, top, places=2, allow_nan=False, allow_infinity=False)
    if field.kind == "date":
        return st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
    return st.none() | typed_text


@st.composite
def answers(draw: st.DrawFn, template: ContractTemplate = TEMPLATE) -> dict[str, Any]:
    """Random valid answers: options first, then only the variables those options use."""
    raw: dict[str, Any] = {}
    for field_id, field in template.fields.items():
        if field.is_option:
            raw[field_id] = draw(_value_for(field))
    # Fields whose `requires` is false are left out (validation would reject them).
    for _ in range(2):  # requires can depend on options set in the first pass
        result = validate(template, raw)
        flags = applicable(template, result.answers)
        for field_id in list(raw):
            if not flags[field_id]:
                del raw[field_id]
    flags = applicable(template, validate(template, raw).answers)
    for field_id, field in template.fields.items():
        if not field.is_option and flags[field_id]:
            raw[field_id] = draw(_value_for(field))
    start, end = raw.get("term.start"), raw.get("term.end")
    if start and end and end <= start:
        raw["term.end"] = start + dt.timedelta(days=365)
    if raw.get("signing.counterparts") is not None:
        raw["signing.counterparts"] = max(2, raw["signing.counterparts"] - raw["signing.counterparts"] % 2)
    return raw


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
    assert result.ok, [m.en for m in result.errors]
    blocks: dict[str, int] = {}
    for edition in ("zh", "en", "bilingual", "parallel"):
        document: Document = assemble(TEMPLATE, result.answers, edition)
        _check_numbering(document.clauses, ())
        for paragraph in document.paragraphs():
            assert paragraph.zh and paragraph.en  # aligned: never one language only
            for segment in (*paragraph.zh, *paragraph.en):
                if segment.kind != "value":
                    assert "{{" not in segment.text and "{%" not in segment.text
                    assert "None" not in segment.text
                assert segment.text != ""
        markdown_text = render_markdown(document, edition)
        blocks[edition] = markdown_text.count("\n\n")
        if edition == "bilingual":
            shown = [visible_text(commonmark_html(markdown_text)), visible_text(python_markdown_html(markdown_text))]
            for value in _typed_texts(raw):
                assert escape(value) in markdown_text
                for text in shown:
                    assert value in text
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
        assert message.zh and message.en
        assert message.field in message.zh and message.field in message.en
    if result.ok:
        assemble(TEMPLATE, result.answers, "bilingual")


@settings(max_examples=25, deadline=None)
@given(typed_text, st.sampled_from(["zh", "en", "bilingual", "parallel"]))
def test_typed_text_is_literal_in_html_and_word(value: str, edition: str) -> None:
    result = validate(TEMPLATE, {"party_a.name": value, "party_a.name_en": value})
    assert result.ok
    document = assemble(TEMPLATE, result.answers, edition)
    for page in (render_html_fragment(document, edition), render_html_document(document, edition)):
        body = page.split("</style>")[-1]
        assert html_module.escape(value.strip(), quote=True) in body  # escaped where it stands
        assert value.strip() in html_module.unescape(re.sub(r"<[^>]+>", "", body))  # and shown as typed
    word = open_docx(io.BytesIO(render_docx(document, edition)))
    texts = [p.text for p in word.paragraphs] + [
        p.text for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
    ]
    assert any(value.strip() in text for text in texts)


INVISIBLE = st.characters(categories=("Cf",)) | st.just("\ufffd")


@SETTINGS
@given(typed_text, INVISIBLE, st.sampled_from([f for f in TEMPLATE.fields.values() if f.kind == "text"]))
def test_invisible_characters_are_refused_naming_the_field(value: str, invisible: str, field: Field) -> None:
    tainted = value[: len(value) // 2] + invisible + value[len(value) // 2 :]
    (message,) = validate(TEMPLATE, {field.id: tainted}).errors
    assert message.field == field.id and message.code == "forbidden_char"
    assert f"U+{ord(invisible):04X}" in message.en and field.label.zh in message.zh


@SETTINGS
@given(st.sampled_from(["-0", "-0.00", "-0.0", -0.0, "-0%"]))
def test_negative_zero_is_zero(value: Any) -> None:
    result = validate(TEMPLATE, {"fee.monthly": value if value != "-0%" else "-0", "fee.late_rate": value})
    assert result.ok
    markdown = render_markdown(assemble(TEMPLATE, result.answers, "bilingual"), "bilingual")
    assert "-0" not in markdown and "人民币0.00元" in markdown
