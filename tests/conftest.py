"""Shared fixtures, payloads and strategies: templates, rendering helpers, typed attacks, the --update-golden flag.

Tests never import each other: whatever two test modules share lives here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from contract_builder.answers import applicable, require_valid, validate
from contract_builder.answers_file import read_answers_file
from contract_builder.assembly import assemble
from contract_builder.catalog import available_templates, get_template, load_template, templates_root
from contract_builder.cli import main
from contract_builder.document import Document
from contract_builder.fields import Field
from contract_builder.render.markdown import render_markdown
from contract_builder.templates import ContractTemplate

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )


_CACHE_FOLDER = pytest.StashKey[tuple[str, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    # The program keeps compiled templates and page-number stamps between runs (disk_cache.py):
    # tests, and the servers and commands they start, keep theirs in a folder of their own.
    folder = tempfile.mkdtemp(prefix="contract-builder-test-cache-")
    config.stash[_CACHE_FOLDER] = (folder, os.environ.get("XDG_CACHE_HOME"))
    os.environ["XDG_CACHE_HOME"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder, before = config.stash[_CACHE_FOLDER]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def template() -> ContractTemplate:
    return get_template("customer_service")


@pytest.fixture(scope="session")
def undertaking() -> ContractTemplate:
    """The small test template (a page, not twelve): for checks of a renderer that any contract would show."""
    return load_template(DATA / "templates" / "confidentiality_undertaking")


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
        return render_markdown(build(answers, lang, template_id))

    return _render


# --- What a user might type: literal text to every output, never markup, never a template. ---

# Text a Markdown, HTML or Jinja reader could take for something other than text.
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="http://127.0.0.1:8000/"></iframe>',
    "[click](javascript:alert(1))",
    "![x](http://example.com/x.png)",
    "**bold** _em_ `code` ~~strike~~",
    "# heading",
    "1. item",
    "- item",
    "> quote",
    "$x^2$ and $$y$$",
    ":red[colour] :smile:",
    "a -> b <- c",
    "&amp; &lt;b&gt; &#60;",
    "A&B Co., Ltd.",
    "| a | b |",
    "{{ 7*7 }} {% raw %} {# c #}",
    "\\*not italic\\*",
    "<!-- comment -->",
    "line  ",
    "___",
    "***",
    "[^1]",
    "<http://example.com>",
    "http://example.com www.example.com",
]

# One line holding what Streamlit's st.markdown would act on (LaTeX, colours, links, arrows, HTML, bold) and
# Jinja; short enough that a message echoes it whole, even as a file name.
MARKUP = "$x^2$ :red[danger] [link](http://x.cn) a -> b <b>bold</b> **b** {{ 7*7 }}"

# Anything a person can type on one line: every Unicode character except the
# controls, separators, invisible format characters (Cf, bidi overrides among
# them), U+FFFD and non-characters that validation turns away.
typed_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"),
        blacklist_characters="\ufffd\ufffe\uffff" + "".join(map(chr, range(0xFDD0, 0xFDF0))),
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


# What a unified social credit code is made of (GB 32100): digits and capitals but I, O, S, V, Z.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def answers(template: ContractTemplate | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Random valid answers (customer_service by default): options first, then only the variables they use."""
    template = template or get_template("customer_service")
    # Built once: making each field's strategy afresh on every draw nearly doubles the time to generate answers.
    values = {field_id: _value_for(field) for field_id, field in template.fields.items()}

    @st.composite
    def _answers(draw: st.DrawFn) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for field_id, field in template.fields.items():
            if field.is_option:
                raw[field_id] = draw(values[field_id])
        # Fields whose `requires` is false are left out (validation would reject them).
        for _ in range(2):  # requires can depend on options set in the first pass
            flags = applicable(template, validate(template, raw).answers)
            for field_id in list(raw):
                if not flags[field_id]:
                    del raw[field_id]
        flags = applicable(template, validate(template, raw).answers)
        for field_id, field in template.fields.items():
            if not field.is_option and flags[field_id]:
                raw[field_id] = draw(values[field_id])
        start, end = raw.get("term.start"), raw.get("term.end")
        if start and end and end <= start:
            raw["term.end"] = start + dt.timedelta(days=365)
        if raw.get("signing.counterparts") is not None:
            raw["signing.counterparts"] = max(2, raw["signing.counterparts"] - raw["signing.counterparts"] % 2)
            if raw.get("signing.party_a_copies") is not None and raw.get("signing.party_b_copies") is not None:
                copies = draw(st.integers(1, raw["signing.counterparts"] - 1))
                raw["signing.party_a_copies"] = copies
                raw["signing.party_b_copies"] = raw["signing.counterparts"] - copies
        for party in ("party_a", "party_b"):
            if raw.get(f"{party}.credit_code") is not None:
                raw[f"{party}.credit_code"] = draw(st.text(CREDIT_CODE_CHARACTERS, min_size=18, max_size=18))
        return raw

    return _answers()


# --- The CLI in process ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one in-process run left behind, shaped like subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Outcome]:
    """run(*argv): `main(argv)` in this process, its exit status and what it wrote."""
    monkeypatch.chdir(REPO)  # where the console script runs in run_script

    def _run(*args: str) -> Outcome:
        capsysbinary.readouterr()
        try:
            status = main(list(args))
        except SystemExit as exit_:  # argparse: --help and usage mistakes
            status = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
        out, err = capsysbinary.readouterr()
        return Outcome(status, out.decode("utf-8"), err.decode("utf-8"))

    return _run


# --- The app in AppTest ----------------------------------------------------------------------


def page_test() -> Any:
    """AppTest for app.py, showing the whole page after every run.

    After a field's change the app reruns only its live fragments (webapp.live), and the
    browser keeps the rest of the page; AppTest's element tree holds only what the last
    run drew. So after such a run this reruns the page once, with nothing changed: a test
    sees the page as the browser shows it, and the fragment's own run has still happened.
    A session's first run of the builder draws the preview alone, and a timer in the page
    asks for the whole page (webapp.first_paint); AppTest has no timers, so this asks.
    """
    from streamlit.testing.v1 import AppTest

    from webapp.first_paint import DUE
    from webapp.live import PAGE_RUNS

    class PageTest(AppTest):
        def _run(self, widget_state: Any = None, timeout: float | None = None) -> Any:
            before = self.session_state[PAGE_RUNS] if PAGE_RUNS in self.session_state else None
            super()._run(widget_state, timeout)
            if before is not None and PAGE_RUNS in self.session_state and self.session_state[PAGE_RUNS] == before:
                super()._run(None, timeout)
            if DUE in self.session_state and self.session_state[DUE]:
                super()._run(None, timeout)  # the timer's run asks for the whole page
            return self

    return PageTest(str(REPO / "app.py"), default_timeout=60)


def open_app(
    params: Mapping[str, str] | None = None,
    session: Mapping[str, Any] | None = None,
    past_gallery: bool = True,
    panels_open: bool = True,
) -> Any:
    """The app as AppTest runs it, after its first run: with these link parameters and session values.
    Unless a link names its template (or `past_gallery` is False), the customer-service builder opens,
    past the gallery that several templates bring. Every group's panel starts open, so that a test can
    reach any field's widget, unless `panels_open` is False (the app's own choice of open panels)."""
    params = params or {}
    app = page_test()
    if past_gallery and "template" not in params:
        app.session_state["template"] = "customer_service"
    if panels_open:
        opened = params.get("template", "customer_service")
        open_panels(app, get_template(opened if opened in available_templates() else "customer_service"))
    for name, value in (session or {}).items():
        app.session_state[name] = value
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def open_panels(app: Any, template: ContractTemplate) -> None:
    """Open every panel (groups, examples, loading a file) on the app's next run: all widgets are drawn."""
    from webapp.groups import all_panel_keys
    from webapp.sharing import LOAD_PANEL
    from webapp.sidebar import EXAMPLES_PANEL

    for name in [*all_panel_keys(template), LOAD_PANEL, EXAMPLES_PANEL]:
        app.session_state[name] = True


def preview_html(app: Any) -> str:
    """The live preview's HTML: its articles' pieces, in order."""
    return "\n".join(element.proto.body for element in app.html if '<article class="cb-contract' in element.proto.body)
