"""Answers files from anyone: the hostile corpus through every door, each refused or answered with a message."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import DATA, MARKUP, REPO, open_app
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from contract_builder.answers import flatten, validate
from contract_builder.answers_file import (
    MAX_BYTES,
    parse_answers_bytes,
    parse_answers_text,
    read_answers_file,
    shorten,
)
from contract_builder.cli import main
from contract_builder.errors import AnswersFileError
from contract_builder.share import from_query
from contract_builder.templates import ContractTemplate
from webapp.sidebar import EXAMPLES_PANEL

HOSTILE = DATA / "hostile"
EXPECT: dict[str, dict[str, str]] = yaml.safe_load((HOSTILE / "expect.yaml").read_text(encoding="utf-8"))


def test_every_file_in_the_corpus_has_an_expectation() -> None:
    files = {path.name for path in HOSTILE.iterdir() if path.name != "expect.yaml"}
    assert files == set(EXPECT)


def outcome(template: ContractTemplate, path: Path) -> tuple[str, str]:
    """("refused", message) or ("fields", the fields validation names)."""
    try:
        raw = read_answers_file(path)
    except AnswersFileError as error:
        assert error.message.en != error.message.zh
        return "refused", error.message.en
    return "fields", " ".join(message.field for message in validate(template, raw).errors)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_the_core_refuses_or_names_the_field(template: ContractTemplate, name: str) -> None:
    kind, detail = outcome(template, HOSTILE / name)
    expected = EXPECT[name]
    if "refused" in expected:
        assert kind == "refused" and expected["refused"] in detail
        assert name in detail and len(detail) < 300
    else:
        assert kind == "fields" and expected["field"] in detail


@pytest.mark.parametrize("command", ["check", "render"])
@pytest.mark.parametrize("name", sorted(EXPECT))
def test_the_cli_exits_2_with_one_line_per_problem(
    capsysbinary: pytest.CaptureFixture[bytes], name: str, command: str
) -> None:
    status = main(["--ui-lang", "en", command, "customer_service", "--answers", str(HOSTILE / name)])
    out, err = capsysbinary.readouterr()
    assert status == 2 and out == b""
    lines = err.decode("utf-8").splitlines()
    assert any(line.startswith("contract-builder: error: ") for line in lines)
    assert all(line.startswith(("contract-builder: error: ", "contract-builder: warning: ")) for line in lines)
    assert all(len(line) < 400 for line in lines)  # nothing echoed at length
    expected = EXPECT[name]
    assert (expected.get("refused") or expected["field"]) in err.decode("utf-8")


def test_the_upload_door_changes_nothing_and_says_why() -> None:
    app = open_app()
    app.button_group(key="ui_switch").set_value("en").run()
    app.text_input(key="customer_service:party_a.name").set_value("原来的甲方").run()
    for name in sorted(EXPECT):
        app.file_uploader(key="load_yaml").upload(name, (HOSTILE / name).read_bytes(), "application/x-yaml").run()
        assert not app.exception, name
        assert [error.value for error in app.error] == ["Not loaded (nothing was changed)"], name
        shown = "\n".join(element.value for element in app.text)
        assert (EXPECT[name].get("refused") or EXPECT[name]["field"]) in shown, name
        assert all(len(line) < 400 for line in shown.splitlines()), name
        assert app.text_input(key="customer_service:party_a.name").value == "原来的甲方", name


def test_an_uploaded_file_name_is_never_read_as_markdown() -> None:
    app = open_app()
    name = f"{MARKUP}.yaml"
    app.file_uploader(key="load_yaml").upload(name, "party_a:\n  name: 甲\n".encode(), "application/x-yaml").run()
    assert not app.exception
    assert [element.value for element in app.success] == ["已载入"]
    assert name in [element.value for element in app.text]
    assert all(name not in element.value for element in app.markdown)


def test_a_broken_example_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The app keeps templates loaded by id, so the broken copy gets an id of its own.
    package = tmp_path / "broken_undertaking"
    shutil.copytree(DATA / "templates" / "confidentiality_undertaking", package)
    manifest = package / "manifest.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace("id: confidentiality_undertaking", "id: broken_undertaking"),
        encoding="utf-8",
    )
    shutil.copy(HOSTILE / "alias_mappings.yaml", package / "examples" / "sample.yaml")
    monkeypatch.setenv("CONTRACT_BUILDER_TEMPLATES", str(tmp_path))
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.session_state[EXAMPLES_PANEL] = True
    app.run().run()  # the first run, and the whole page its timer asks for (webapp.first_paint)
    app.sidebar.button(key="preset:sample").click().run()
    assert not app.exception
    assert any("YAML 别名" in element.value for element in app.text)


def test_ordinary_files_still_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("party_a:\n  name: 甲\nterm:\n  start: 2026-01-31\n", encoding="utf-8")
    assert read_answers_file(tmp_path / "a.yaml") == {"party_a": {"name": "甲"}, "term": {"start": "2026-01-31"}}
    (tmp_path / "a.json").write_text('{"fee.monthly": 5, "fee.rate": 0.5}', encoding="utf-8")
    assert read_answers_file(tmp_path / "a.json") == {"fee.monthly": 5, "fee.rate": 0.5}
    assert parse_answers_text("") == {}
    assert parse_answers_bytes("\ufeffparty_a.name: 甲\n".encode(), "bom.yaml") == {"party_a.name": "甲"}
    # An anchor with no alias is harmless and allowed.
    assert parse_answers_text("party_a: &a\n  name: 甲\n") == {"party_a": {"name": "甲"}}


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.yaml", None, "not found"),
        ("list.yaml", "- a\n- b\n", "mapping"),
        ("broken.yaml", "a: [1,\n", "line 2"),
        ("broken.json", "{", "JSON"),
        ("latin1.yaml", "name: caf\xe9".encode("latin-1"), "UTF-8"),
    ],
)
def test_unreadable_files_name_themselves(tmp_path: Path, name: str, content: Any, fragment: str) -> None:
    if isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
    elif content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(AnswersFileError) as caught:
        read_answers_file(tmp_path / name)
    assert name in caught.value.message.en and name in caught.value.message.zh and fragment in caught.value.message.en
    assert caught.value.message.en != caught.value.message.zh


def test_the_size_cap_is_checked_before_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * MAX_BYTES)  # 12.5 MB of nothing: never read whole
    with pytest.raises(AnswersFileError, match="256 KB"):
        read_answers_file(big)


def test_echoes_are_shortened() -> None:
    assert shorten("x" * 10) == "x" * 10
    assert shorten("x" * 1000 + ".yaml") == "x" * 39 + "…" + "x" * 35 + ".yaml"
    with pytest.raises(AnswersFileError) as caught:
        parse_answers_bytes(b"\xff", "n" * 5000 + ".yaml")
    assert len(caught.value.message.en) < 150


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda data: data.decode("latin-1")))
def test_any_text_is_answers_or_a_file_error(text: str) -> None:
    for source in ("answers.yaml", "answers.json"):
        try:
            raw = parse_answers_text(text, source)
        except AnswersFileError as error:
            assert source in error.message.en and source in error.message.zh
        else:
            assert isinstance(raw, dict)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_answers_or_a_file_error(data: bytes) -> None:
    try:
        assert isinstance(parse_answers_bytes(data, "upload.yaml"), dict)
    except AnswersFileError as error:
        assert "upload.yaml" in error.message.en


@pytest.mark.parametrize("name", sorted(name for name, expected in EXPECT.items() if "field" in expected))
def test_the_link_door_names_the_same_field(template: ContractTemplate, name: str) -> None:
    # A link carries text only: the values of each file that reads, as a link would spell them.
    params = {key: str(value) for key, value in flatten(read_answers_file(HOSTILE / name)).items()}
    shared = from_query(template, params)
    assert EXPECT[name]["field"] in " ".join(warning.parameter for warning in shared.warnings)
    assert all(len(w.text.zh) < 300 and len(w.text.en) < 300 for w in shared.warnings)
