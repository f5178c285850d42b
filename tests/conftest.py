"""Shared fixtures: the shipped templates, rendering helpers and the --update-golden flag."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from contract_builder.answers import require_valid
from contract_builder.answers_file import read_answers_file
from contract_builder.assembly import assemble
from contract_builder.document import Document
from contract_builder.render.markdown import render_markdown
from contract_builder.templates import ContractTemplate, available_templates, get_template, templates_root

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def template() -> ContractTemplate:
    return get_template("customer_service")


def all_examples() -> list[tuple[str, str]]:
    """(template id, example id) for every example of every shipped template."""
    root = templates_root()
    return [(tid, example.id) for tid in available_templates(root) for example in get_template(tid, root).examples]


def example_answers(template_id: str, example_id: str) -> dict[str, Any]:
    return read_answers_file(get_template(template_id).example(example_id).path)


@pytest.fixture(scope="session")
def build() -> Callable[..., Document]:
    """Validate answers and assemble: build(answers, edition='bilingual', template_id=...)."""

    def _build(
        answers: Mapping[str, Any] | None = None,
        edition: str = "bilingual",
        template_id: str = "customer_service",
    ) -> Document:
        template = get_template(template_id)
        return assemble(template, require_valid(template, answers or {}), edition)

    return _build


@pytest.fixture(scope="session")
def render(build: Callable[..., Document]) -> Callable[..., str]:
    """render(answers, lang): the Markdown the CLI would print."""

    def _render(
        answers: Mapping[str, Any] | None = None, lang: str = "bilingual", template_id: str = "customer_service"
    ) -> str:
        return render_markdown(build(answers, lang, template_id), lang)

    return _render
