"""The template linter: every shipped template lints clean; each deliberately broken copy fails with its own line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, Outcome, open_app

from contract_builder.catalog import available_templates, get_template, load_template
from contract_builder.lint import chinese_number, lint, numbers_en, numbers_zh

BROKEN = yaml.safe_load((DATA / "broken_lint.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("template_id", available_templates())
def test_every_shipped_template_lints_clean(template_id: str) -> None:
    assert [finding.line() for finding in lint(get_template(template_id))] == []


def test_the_test_template_lints_clean() -> None:
    assert lint(load_template(DATA / "templates" / "confidentiality_undertaking")) == []


@pytest.mark.parametrize("case", BROKEN, ids=lambda case: case["name"])
def test_each_broken_copy_fails_with_its_own_line(tmp_path: Path, case: dict[str, Any]) -> None:
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    for name, content in case["files"].items():
        (package / name).write_text(content, encoding="utf-8")
    lines = [finding.line() for finding in lint(load_template(package))]
    assert any(case["expect"] in line for line in lines), lines
    assert len(lines) == 1, lines  # one mistake, one line: the checks do not echo each other


@pytest.mark.parametrize(
    ("text", "number"),
    [("三十", 30), ("十五", 15), ("一百二十", 120), ("两", 2), ("二十四", 24), ("一万", 10000), ("三千零五", 3005)],
)
def test_chinese_numerals_are_read_as_contracts_write_them(text: str, number: int) -> None:
    assert chinese_number(text) == number


def test_numbers_are_amounts_not_ordinals_items_citations_or_the_word_one() -> None:
    assert numbers_zh("自签署之日起三十日内，一式两份，按百分之五计算，依照第三十八条，（1）一方") == {30.0, 2.0, 5.0}
    assert numbers_en("within thirty (30) days, in two (2) counterparts, at 5%, under Article 38, (a) a Party") == {
        30.0,
        2.0,
        5.0,
    }


def test_cli_lint_exit_statuses(run: Callable[..., Outcome], tmp_path: Path) -> None:
    clean = run("lint", "customer_service")
    assert clean.returncode == 0 and clean.stdout.strip() == "customer_service: clean, the languages agree"
    package = tmp_path / "confidentiality_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    (package / "glossary.yaml").write_text("- {zh: 承诺方, en: Receiving Party}\n", encoding="utf-8")
    found = run("lint", str(package))
    assert found.returncode == 1
    assert found.stdout.splitlines()[-1] == "confidentiality_undertaking: 2 finding(s)"
    broken = run("lint", str(DATA / "broken" / "misspelt_field" / "confidentiality_undertaking"))
    assert broken.returncode == 2 and "term.yaers is not a field" in broken.stderr
    assert run("lint", "no_such_template").returncode == 2


def test_the_clause_library_page_says_the_template_lints_clean() -> None:
    app = open_app()
    app.switch_page("pages/library.py").run()
    assert not app.exception
    assert [s.value for s in app.success] == [
        "双语校验通过：中英文的结构、数字、字段引用和术语一致（contract-builder lint）"
    ]
