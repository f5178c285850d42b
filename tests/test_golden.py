"""Golden files: whole rendered contracts, for the defaults and each example, in every edition.

Regenerate with `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import GOLDEN, all_examples, example_answers

from contract_builder.catalog import available_templates
from contract_builder.document import Document
from contract_builder.render.html import render_html_document

EDITIONS = ("zh", "en", "bilingual", "parallel")
CASES = [(tid, "default") for tid in available_templates()] + all_examples()


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs: run pytest --update-golden and review the diff"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("template_id", "example_id"), CASES)
def test_rendered_contract_matches_golden(
    render: Callable[..., str], update_golden: bool, template_id: str, example_id: str, edition: str
) -> None:
    answers = {} if example_id == "default" else example_answers(template_id, example_id)
    actual = render(answers, edition, template_id)
    check_golden(GOLDEN / template_id / f"{example_id}.{edition}.md", actual, update_golden)


HTML_EDITIONS = ("bilingual", "parallel")


@pytest.mark.parametrize("edition", HTML_EDITIONS)
@pytest.mark.parametrize(("template_id", "example_id"), CASES)
def test_print_html_matches_golden(
    build: Callable[..., Document], update_golden: bool, template_id: str, example_id: str, edition: str
) -> None:
    answers = {} if example_id == "default" else example_answers(template_id, example_id)
    actual = render_html_document(build(answers, edition, template_id))
    check_golden(GOLDEN / template_id / f"{example_id}.{edition}.html", actual, update_golden)


def test_every_golden_file_has_a_case() -> None:
    expected = {GOLDEN / tid / f"{eid}.{edition}.md" for tid, eid in CASES for edition in EDITIONS}
    expected |= {GOLDEN / tid / f"{eid}.{edition}.html" for tid, eid in CASES for edition in HTML_EDITIONS}
    assert set(GOLDEN.glob("*/*.*")) <= expected, "stale golden files: delete them"
