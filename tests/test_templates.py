"""Template packages: every shipped one loads and renders its examples; broken ones fail clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA

from contract_builder.answers import require_valid, validate
from contract_builder.answers_file import read_answers_file
from contract_builder.assembly import assemble
from contract_builder.catalog import available_templates, get_template, load_template, templates_root
from contract_builder.cli import main
from contract_builder.errors import TemplateError, UnknownTemplateError
from contract_builder.render.markdown import render_markdown

BROKEN = sorted(path for path in (DATA / "broken").iterdir() if path.is_dir())


@pytest.mark.parametrize("template_id", available_templates())
def test_every_shipped_template_renders_every_example(template_id: str) -> None:
    template = get_template(template_id)
    assert template.examples, "a template ships example answer sets for demos and tests"
    for example in template.examples:
        answers = require_valid(template, read_answers_file(example.path))
        # Examples are complete: no required field left blank.
        assert validate(template, read_answers_file(example.path)).warnings == ()
        for edition in ("zh", "en", "bilingual"):
            document = assemble(template, answers, edition)
            langs = ("zh", "en") if edition == "bilingual" else (edition,)
            headings = [line for line in render_markdown(document).splitlines() if line.startswith("#")]
            assert headings[0] == f"# {document.printed_title}", (example.id, edition)
            # Then every clause heading, in reading order, at its level, in each language of the edition.
            clauses = [clause for clause in document.walk() if clause.heading]
            assert len(headings) == 1 + len(clauses), (example.id, edition)
            for line, clause in zip(headings[1:], clauses, strict=True):
                assert line.startswith("#" * (clause.level + 1) + " "), (example.id, edition, line)
                for lang in langs:
                    assert clause.heading.get(lang) in line, (example.id, edition, line, lang)


@pytest.mark.parametrize("case", BROKEN, ids=lambda path: path.name)
def test_broken_packages_fail_with_a_message_naming_the_place(case: Path) -> None:
    expected = (case / "expect.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(TemplateError) as caught:
        load_template(case / "confidentiality_undertaking")
    assert expected in str(caught.value)
    assert "confidentiality_undertaking/" in str(caught.value)  # names the file


def test_a_template_is_added_by_dropping_a_folder_in(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    shutil.copytree(templates_root() / "customer_service", root / "customer_service")
    assert available_templates(root) == ["customer_service"]
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", root / "confidentiality_undertaking")
    assert available_templates(root) == ["confidentiality_undertaking", "customer_service"]
    template = get_template("confidentiality_undertaking", root)
    answers = require_valid(template, read_answers_file(template.example("sample").path))
    text = render_markdown(assemble(template, answers, "bilingual"))
    assert "本承诺书第一条约定的义务自签署之日起3年内有效" in text
    assert "The obligations in Clause 1 last for three (3) years from signature." in text
    assert "归还" not in text  # the toggle is off in the sample


def test_unknown_template_names_the_available_ones() -> None:
    with pytest.raises(UnknownTemplateError) as caught:
        get_template("no_such_template")
    assert "customer_service" in caught.value.message.en and "可用模板" in caught.value.message.zh


def test_clause_ids_and_glossary_are_loaded() -> None:
    template = get_template("customer_service")
    assert {"services", "requirements", "confidentiality", "personal_information"} <= set(template.clause_specs)
    assert any(term.zh == "违约金" for term in template.glossary)


def test_a_check_that_breaks_the_sandbox_at_run_time_is_a_template_error(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    with (package / "manifest.yaml").open("a", encoding="utf-8") as manifest:
        # Loads (the names are fields), but reaches for a dunder when it runs.
        manifest.write("checks:\n  - field: term.years\n    assert: \"(term.years ~ ''.__class__) == ''\"\n"
                       "    message: {zh: 不可能, en: impossible}\n")  # fmt: skip
    template = load_template(package)
    with pytest.raises(TemplateError, match="__class__"):
        validate(template, {})
    assert main(["--templates-dir", str(tmp_path), "render", "confidentiality_undertaking"]) == 2
    err = capsysbinary.readouterr().err.decode()
    assert "unsafe" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_templates_share_the_arbitration_fields_by_data_and_an_unknown_shared_file_is_named(tmp_path: Path) -> None:
    # The three shipped templates print the commissions from one file, not three copies.
    institutions = {tid: get_template(tid).fields["dispute.institution"] for tid in available_templates()}
    assert len({field.choices for field in institutions.values()}) == 1
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    manifest = package / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("fields:\n", "fields:\n  - include: shared:nope\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="no shared field file 'shared:nope'"):
        load_template(package)
