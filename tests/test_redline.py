"""The redline: clause-aware comparison, Word tracked changes that accept and reject exactly, CriticMarkup,
golden redlines, and LibreOffice keeping every change."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ATTACKS, GOLDEN, Outcome, answers, example_answers
from docx import Document as WordDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_builder.answers import require_valid
from contract_builder.assembly import assemble
from contract_builder.bilingual import Bilingual
from contract_builder.catalog import get_template
from contract_builder.document import Document, plain
from contract_builder.errors import ContractBuilderError
from contract_builder.redline import compare, diff_words, with_summary
from contract_builder.render.docx import render_docx
from contract_builder.render.html import render_html_document
from contract_builder.render.markdown import render_markdown
from contract_builder.share import to_query

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EDITIONS = ("zh", "en", "bilingual", "parallel")
EXAMPLES = [e.id for e in get_template("customer_service").examples]
REDLINE_GOLDEN = GOLDEN / "redline" / "customer_service"
STANDARD = Bilingual(zh="范本标准文本", en="the standard text")


def contract(raw: dict[str, Any], edition: str = "bilingual") -> Document:
    template = get_template("customer_service")
    return assemble(template, require_valid(template, raw), edition)


def resolve(data: bytes, accept: bool) -> list[str]:
    """Each paragraph's text in a tracked .docx after Word's Accept All (or Reject All): the dropped
    kind of change goes (with rows and paragraph marks it owns), the kept kind is unwrapped."""
    body = WordDocument(io.BytesIO(data)).element.body
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    for row in list(body.iter(W + "tr")):
        properties = row.find(W + "trPr")
        if properties is not None and properties.find(W + drop) is not None:
            row.getparent().remove(row)
    for mark in list(body.iter(W + drop)):
        if mark.getparent().tag not in (W + "rPr", W + "trPr"):
            mark.getparent().remove(mark)
    for mark in list(body.iter(W + keep)):
        parent = mark.getparent()
        if parent.tag in (W + "rPr", W + "trPr"):
            parent.remove(mark)
            continue
        index = parent.index(mark)
        for child in list(mark):
            parent.insert(index, child)
            index += 1
        parent.remove(mark)
    # A paragraph whose mark goes joins the next one, as in Word (LibreOffice marks an inserted paragraph
    # on the mark before it, so its text may be kept while its mark goes).
    texts, carried = [], ""
    for paragraph in body.iter(W + "p"):
        properties = paragraph.find(W + "pPr")
        mark = properties.find(W + "rPr") if properties is not None else None
        text = carried + "".join(t.text or "" for t in paragraph.iter(W + "t", W + "delText"))
        if mark is not None and mark.find(W + drop) is not None:
            carried = text
            continue
        texts.append(text)
        carried = ""
    return texts


def tracked_regions(data: bytes) -> int:
    """How many changes a reader's list shows (LibreOffice's Manage Changes): within each flow of text
    (the body, each table cell), neighbouring changes of one kind are one. A paragraph's tracked mark
    stands for the break before its text, as LibreOffice reads it."""
    body = WordDocument(io.BytesIO(data)).element.body
    flows = [[p for p in body if p.tag == W + "p"]] + [
        [p for p in cell if p.tag == W + "p"] for cell in body.iter(W + "tc")
    ]
    regions = 0
    for flow in flows:
        kinds: list[str | None] = []
        for paragraph in flow:
            properties = paragraph.find(W + "pPr")
            mark = properties.find(W + "rPr") if properties is not None else None
            kinds.append(next((k for k in ("ins", "del") if mark is not None and mark.find(W + k) is not None), None))
            for child in paragraph:
                if child.tag in (W + "ins", W + "del"):
                    kinds.append(child.tag.removeprefix(W))
                elif child.tag == W + "r" and "".join(t.text or "" for t in child.iter(W + "t")):
                    kinds.append(None)
        regions += sum(1 for before, kind in zip([None, *kinds], kinds, strict=False) if kind and kind != before)
    return regions


def word_paragraphs(data: bytes) -> list[str]:
    body = WordDocument(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def test_chinese_changes_read_as_phrases_and_english_as_words() -> None:
    assert diff_words("乙方应在十五（15）个工作日内完成。", "乙方应在三十（30）个自然日内完成。") == [
        (0, "乙方应在"),
        (-1, "十五（15）个工作"),
        (1, "三十（30）个自然"),
        (0, "日内完成。"),
    ]
    assert diff_words("within fifteen (15) working days", "within thirty (30) calendar days") == [
        (0, "within "), (-1, "fifteen"), (1, "thirty"), (0, " ("), (-1, "15"), (1, "30"), (0, ") "),
        (-1, "working"), (1, "calendar"), (0, " days"),
    ]  # fmt: skip
    assert diff_words("逾期按0.05%计算", "逾期按0.03%计算") == [(0, "逾期按"), (-1, "0.05%"), (1, "0.03%"), (0, "计算")]


def test_identical_contracts_have_no_change() -> None:
    redline = compare(contract({}), contract({}))
    assert redline.changes == () and redline.counts == {"inserted": 0, "deleted": 0, "changed": 0}
    assert all(s.kind in ("text", "value", "blank") for p in redline.document.paragraphs() for s in (*p.zh, *p.en))
    assert "两份合同文字相同。" in render_markdown(with_summary(redline, STANDARD, STANDARD))


def test_one_amount_changes_only_that_amount_and_its_words_in_each_language() -> None:
    old = contract({"fee": {"monthly": 58000}})
    new = contract({"fee": {"monthly": 60000}})
    redline = compare(old, new)
    assert [(c.id, c.change) for c in redline.changes] == [("fee_amount", "changed")]
    changed = ("inserted", "deleted")
    (paragraph,) = [p for p in redline.document.paragraphs() if any(s.kind in changed for s in (*p.zh, *p.en))]
    edits = {lang: [(s.kind, s.text) for s in paragraph.line(lang) if s.kind in changed] for lang in ("zh", "en")}
    assert edits["zh"] == [("deleted", "58,000.00"), ("inserted", "60,000.00"), ("deleted", "伍万捌仟元整"),
                           ("inserted", "陆万元整")]  # fmt: skip
    assert edits["en"] == [("deleted", "58,000.00"), ("inserted", "60,000.00"),
                           ("deleted", "Renminbi Fifty-Eight Thousand Yuan Only"),
                           ("inserted", "Renminbi Sixty Thousand Yuan Only")]  # fmt: skip


def test_an_inserted_article_is_one_block_and_renumbering_changes_only_the_numbers_cited() -> None:
    base = {"sla": {"schedule": True}, "privacy": {"pipl": True}, "liability": {"cap": "capped"}}
    redline = compare(contract(base), contract({**base, "sla": {"schedule": True, "kpi": True}}))
    changes = {c.id: c.change for c in redline.changes}
    assert changes["service_level_management"] == "inserted"
    # Every later article moved down one number without changing: only the response clause (which now
    # defers to the service levels) and the cap's citations of two renumbered articles changed.
    assert set(changes) == {"service_level_management", "response", "liability_cap"}
    (cap,) = [c for c in redline.document.walk() if c.id == "liability_cap"]
    edits = [(s.kind, s.text) for s in cap.paragraphs[0].zh if s.kind in ("inserted", "deleted")]
    assert edits == [("deleted", "五"), ("inserted", "六"), ("deleted", "六"), ("inserted", "七")]
    assert [s.kind for p in next(c for c in redline.document.walk() if c.id == "service_level_management").paragraphs
            for s in p.zh] == ["inserted"] * len(next(c for c in redline.document.walk()
                                                      if c.id == "service_level_management").paragraphs)  # fmt: skip


def test_toggling_an_article_off_deletes_it_whole_and_changes_nothing_else() -> None:
    redline = compare(contract({"ip": {"ownership": True}}), contract({}))
    assert [(c.id, c.change) for c in redline.changes] == [("intellectual_property", "deleted")]
    markdown = render_markdown(with_summary(redline, Bilingual(zh="旧", en="old"), Bilingual(zh="新", en="new")))
    assert "## {--" in markdown and "知识产权" in markdown


def _accept_reject_hold(old: Document, new: Document) -> None:
    redline = render_docx(compare(old, new).document)
    assert resolve(redline, accept=True) == word_paragraphs(render_docx(new))
    assert resolve(redline, accept=False) == word_paragraphs(render_docx(old))


# The two editions in both languages hold every paragraph of the other two (and the random pairs below
# sample all four): a docx render costs a third of a second, and the edit loop should stay short.
@pytest.mark.parametrize("edition", ["bilingual", "parallel"])
@pytest.mark.parametrize("example_id", EXAMPLES)
def test_word_accept_all_gives_the_new_contract_and_reject_all_the_old(example_id: str, edition: str) -> None:
    _accept_reject_hold(contract({}, edition), contract(example_answers("customer_service", example_id), edition))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(old=answers(), new=answers(), edition=st.sampled_from(EDITIONS))
def test_any_two_answer_sets_round_trip_through_word_tracked_changes(
    old: dict[str, Any], new: dict[str, Any], edition: str
) -> None:
    _accept_reject_hold(contract(old, edition), contract(new, edition))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(old=answers(), new=answers())
def test_any_two_answer_sets_accept_and_reject_exactly_in_the_document(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    """The model itself: kept + inserted text is the new paragraph, kept + deleted the old, in both languages."""
    before, after = contract(old), contract(new)
    redline = compare(before, after).document
    # Accepting drops what was deleted; rejecting drops what was inserted; the rest (the template's words,
    # typed values and blanks alike) stays.
    for drop, document in (("deleted", after), ("inserted", before)):
        texts = [
            (p.id, "".join(s.text for s in p.zh if s.kind != drop), "".join(s.text for s in p.en if s.kind != drop))
            for p in redline.paragraphs()
            if p.change != drop
        ]
        assert texts == [(p.id, plain(p.zh), plain(p.en)) for p in document.paragraphs()]


@pytest.mark.parametrize("attack", ATTACKS + ["{++x++} {--y--} ++} --}"])
def test_typed_values_stay_literal_in_every_redline_format(attack: str) -> None:
    redline = compare(contract({}), contract({"party_a": {"name": attack}}))
    markdown = render_markdown(with_summary(redline, STANDARD, STANDARD))
    line = next(line for line in markdown.splitlines() if line.startswith("名称："))  # Party A's name
    # One insertion and one deletion at most, opened and closed: whatever braces were typed are escaped.
    for markup in (r"\{\+\+", r"\+\+\}", r"\{--", r"--\}"):
        assert len(re.findall(r"(?<!\\)" + markup, line)) <= 1, (markup, line)
    html = render_html_document(with_summary(redline, STANDARD, STANDARD))
    assert "<script>" not in html and "<iframe" not in html and "<img" not in html
    assert attack.strip() in "".join(resolve(render_docx(redline.document), accept=True))


def test_contracts_of_two_templates_or_two_editions_are_not_compared(undertaking: Any) -> None:
    with pytest.raises(ContractBuilderError):
        compare(contract({}, "zh"), contract({}, "en"))
    other = assemble(undertaking, require_valid(undertaking, {}), "bilingual")
    with pytest.raises(ContractBuilderError, match="one template"):
        compare(contract({}), other)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("example_id", EXAMPLES)
def test_golden_redlines_against_the_standard_text(example_id: str, edition: str, update_golden: bool) -> None:
    template = get_template("customer_service")
    redline = compare(contract({}, edition), contract(example_answers("customer_service", example_id), edition))
    actual = render_markdown(with_summary(redline, STANDARD, template.example(example_id).title))
    path = REDLINE_GOLDEN / f"{example_id}.{edition}.md"
    if update_golden:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs: run --update-golden and review"


def test_every_golden_redline_has_a_case() -> None:
    expected = {REDLINE_GOLDEN / f"{e}.{edition}.md" for e in EXAMPLES for edition in EDITIONS}
    assert set(REDLINE_GOLDEN.glob("*")) <= expected, "stale golden redlines: delete them"


def test_cli_compares_against_the_standard_a_file_a_preset_and_a_link(
    run: Callable[..., Outcome], tmp_path: Path
) -> None:
    standard = run("compare", "customer_service", "--preset", "shanghai_retail", "--edition", "zh")
    assert standard.returncode == 0
    assert (
        "对比：范本标准文本 → 上海零售电商" in standard.stdout and "{++上海禾风电子商务有限公司++}" in standard.stdout
    )
    old = tmp_path / "old.yaml"
    old.write_text("fee:\n  monthly: 50000\n", encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text("fee:\n  monthly: 60000\n", encoding="utf-8")
    files = run("compare", "customer_service", "--answers", str(new), "--against", str(old), "--edition", "en")
    assert "{--50,000.00--}{++60,000.00++}" in files.stdout and "Compared: old.yaml → new.yaml" in files.stdout
    template = get_template("customer_service")
    link = "http://localhost:8501/?" + "&".join(
        f"{k}={v}" for k, v in to_query(template, require_valid(template, {"fee.monthly": 50000}), "zh", "zh").items()
    )
    linked = run("compare", "customer_service", "--answers", str(new), "--against-link", link, "--edition", "zh")
    assert linked.returncode == 0 and "{--50,000.00--}{++60,000.00++}" in linked.stdout
    bad = run("compare", "customer_service", "--against-link", "http://x/?fee.monthly=abc&nope=1")
    assert bad.returncode == 2 and "nope" in bad.stderr and "Traceback" not in bad.stderr
    preset = run("compare", "customer_service", "--preset", "recommended", "--against-preset", "shanghai_retail",
                 "--format", "docx", "-o", str(tmp_path / "r.docx"))  # fmt: skip
    assert preset.returncode == 0 and (tmp_path / "r.docx").read_bytes()[:2] == b"PK"
    both = run("compare", "customer_service", "--against", str(old), "--standard")
    assert both.returncode == 2


@pytest.mark.external
@pytest.mark.parametrize("edition", EDITIONS)
def test_libreoffice_opens_every_redline_and_keeps_every_change(edition: str, tmp_path: Path) -> None:
    """LibreOffice opens each redline and shows as many changes as we wrote; its re-saved copy keeps our
    author, and accepting every change there still gives exactly the new contract."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "install Debian's libreoffice-writer-nogui (scripts/test.sh does)"
    old = contract(example_answers("customer_service", "shanghai_retail"), edition)
    new = contract(example_answers("customer_service", "recommended"), edition)
    data = render_docx(compare(old, new).document)
    source = tmp_path / "redline.docx"
    source.write_bytes(data)

    def convert(target: str) -> None:
        converted = subprocess.run(
            [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", target,
             "--outdir", str(tmp_path / "out"), str(source)],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
        assert converted.returncode == 0, converted.stderr.decode("utf-8", "replace")

    # The change count LibreOffice shows is the count of changes we wrote.
    convert("odt")
    with zipfile.ZipFile(tmp_path / "out" / "redline.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert content.count("<text:changed-region") == tracked_regions(data) > 50
    # Its re-saved copy keeps our author, and accepting every change still gives exactly the new contract.
    convert("docx:MS Word 2007 XML")
    saved = (tmp_path / "out" / "redline.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(saved)) as package:
        assert 'w:author="contract-builder"' in package.read("word/document.xml").decode("utf-8")

    def text(paragraphs: list[str]) -> list[str]:
        return [paragraph for paragraph in paragraphs if paragraph.strip()]  # LibreOffice may drop empty ones

    assert text(resolve(saved, accept=True)) == text(word_paragraphs(render_docx(new)))
    # Rejecting in LibreOffice's copy is not compared: it re-encodes an inserted paragraph on the mark of
    # the paragraph before it, which a text-level reject cannot undo the way Word does.


@pytest.mark.external
def test_the_pdf_redline_carries_the_summary_and_both_versions_words(
    run: Callable[..., Outcome], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "redline.pdf"
    result = run("compare", "customer_service", "--preset", "shanghai_retail", "--edition", "zh",
                 "--format", "pdf", "-o", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "对比：范本标准文本→上海零售电商" in text and "图例：新增文字加下划线" in text
    assert "上海禾风电子商务有限公司" in text  # inserted
    assert "双方在履行本协议过程中如发生争议" in text  # unchanged text is there too
