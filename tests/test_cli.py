"""The CLI: in process through `main(argv)`, and a few runs of the real console script to prove it is wired up.

Starting the console script costs most of a second, so only what needs a process of its own runs as one: a
render (exit status 0), and what happens to stdout once the process ends: a full disk (exit status 2) and a
closed pipe (141).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, REPO, Outcome, example_answers

from contract_builder.catalog import get_template

SCRIPT = Path(sys.executable).with_name("contract-builder")


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it."""
    assert SCRIPT.exists(), "install the package (pip install -e .) to get the contract-builder script"
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=60, check=False
    )


def assert_bad_input(result: Outcome | subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in result.stderr


def test_templates_lists_ids_and_titles(run: Callable[..., Outcome]) -> None:
    result = run("templates")
    assert result.returncode == 0
    assert "customer_service\t1.1.0\t客服工作服务合同\tCustomer Service Outsourcing Agreement" in result.stdout


def test_schema_is_json_with_types_and_defaults(run: Callable[..., Outcome]) -> None:
    result = run("schema", "customer_service")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    fields = {field["id"]: field for field in schema["fields"]}
    assert fields["party_a.name"]["type"] == "text" and fields["party_a.name"]["required"] is True
    assert fields["term.start"]["type"] == "date"
    assert fields["fee.monthly"]["type"] == "money"
    assert fields["dispute.method"]["default"] == "court"
    assert [c["value"] for c in fields["dispute.method"]["choices"]] == ["court", "court_party_a", "arbitration"]
    assert fields["services.channels"]["default"] == ["phone", "email", "online_chat"]
    assert fields["fee.vat_rate"]["default"] == 6
    assert set(fields) == set(get_template("customer_service").fields)


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_render_matches_the_core(run: Callable[..., Outcome], render: Callable[..., str], lang: str) -> None:
    example = get_template("customer_service").example("shenzhen_saas").path
    result = run("render", "customer_service", "--answers", str(example), "--lang", lang, "--format", "md")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render(example_answers("customer_service", "shenzhen_saas"), lang)


def test_the_console_script_renders_what_the_core_renders(render: Callable[..., str]) -> None:
    example = get_template("customer_service").example("shenzhen_saas").path
    result = run_script("render", "customer_service", "--answers", str(example), "--lang", "bilingual")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == render(example_answers("customer_service", "shenzhen_saas"), "bilingual")


def test_help_lists_every_command(run: Callable[..., Outcome]) -> None:
    result = run("--help")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("usage: contract-builder ")
    for command in ("templates", "schema", "check", "render"):
        assert f"    {command} " in result.stdout, command


def test_render_without_answers_gives_the_defaults(
    run: Callable[..., Outcome], render: Callable[..., str], tmp_path: Path
) -> None:
    out = tmp_path / "合同.md"
    result = run("render", "customer_service", "--lang", "zh", "-o", str(out))
    assert result.returncode == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == render({}, "zh")


def test_check(run: Callable[..., Outcome], tmp_path: Path) -> None:
    example = get_template("customer_service").example("beijing_insurer").path
    result = run("check", "customer_service", "--answers", str(example))
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")
    partial = tmp_path / "partial.yaml"
    partial.write_text("party_a:\n  name: 甲公司\n", encoding="utf-8")
    result = run("check", "customer_service", "--answers", str(partial))
    assert result.returncode == 0 and "party_b.name" in result.stderr and "warning" in result.stderr
    assert run("check", "customer_service", "--answers", str(partial), "--strict").returncode == 2


def test_invalid_answers_exit_2_with_a_line_per_problem(run: Callable[..., Outcome], tmp_path: Path) -> None:
    answers = tmp_path / "bad.yaml"
    answers.write_text(
        "fee:\n  monthly: -1\nterm:\n  start: 2026-06-01\n  end: 2026-01-01\nparty_a:\n  nmae: x\n"
        "dispute:\n  institution: scia\nfee.late_rate: 150\n",
        encoding="utf-8",
    )
    result = run("render", "customer_service", "--answers", str(answers))
    assert_bad_input(result, "fee.monthly", "term.end", "party_a.nmae", "dispute.institution", "fee.late_rate")
    assert len(result.stderr.splitlines()) == 5
    chinese = run("--ui-lang", "zh", "check", "customer_service", "--answers", str(answers))
    assert_bad_input(chinese, "不能为负数", "结束日期应晚于开始日期")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("render", "nope"), "no template 'nope'"),
        (("render", "customer_service", "--lang", "fr"), "invalid choice: 'fr'"),
        (("render", "customer_service", "--format", "exe"), "invalid choice: 'exe'"),
        (("render", "customer_service", "--answers", "/no/such/file.yaml"), "answers file not found"),
        (("check", "customer_service"), "--answers"),
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        ((), "required"),
        (("render", "customer_service", "-o", "/no/such/dir/out.md"), "cannot write"),
    ],
)
def test_bad_invocations_exit_2_with_one_line(
    run: Callable[..., Outcome], args: tuple[str, ...], fragment: str
) -> None:
    result = run(*args)
    assert_bad_input(result, fragment)
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("a: [1,\n", "not valid YAML (line"), ("- just\n- a list\n", "must hold a mapping"), ("{", "not valid")],
)
def test_unreadable_answer_files(run: Callable[..., Outcome], tmp_path: Path, content: str, fragment: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")
    assert_bad_input(run("check", "customer_service", "--answers", str(answers)), fragment)


def test_templates_dir_option_finds_another_template(run: Callable[..., Outcome]) -> None:
    result = run("--templates-dir", str(DATA / "templates"), "templates")
    assert result.stdout.startswith("confidentiality_undertaking\t")


def test_typed_jinja_is_printed_not_run(run: Callable[..., Outcome], tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text('party_a:\n  name: "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}"\n', encoding="utf-8")
    result = run("render", "customer_service", "--answers", str(answers), "--lang", "zh")
    assert result.returncode == 0
    assert "名称：\\{\\{ 7\\*7 \\}\\}\\{% for x in range(3) %\\}x\\{% endfor %\\}" in result.stdout
    assert "49" not in result.stdout


def test_every_command_is_documented() -> None:
    from contract_builder.cli import build_parser

    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    parser = build_parser()
    subcommands = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001
    helps = {choice.dest: choice.help for choice in subcommands._choices_actions}  # noqa: SLF001
    for name, command in subcommands.choices.items():
        assert f"contract-builder {name}" in docs, f"docs/cli.md does not show `contract-builder {name}`"
        assert helps.get(name), f"`contract-builder {name}` has no help text"
        for action in command._actions:  # noqa: SLF001
            assert action.help, f"{name} {action.option_strings or action.dest} has no help text"
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert flag in docs, f"docs/cli.md does not mention {name} {flag}"


@pytest.mark.parametrize(
    ("output_format", "engine", "magic"),
    [
        pytest.param("pdf", "wkhtmltopdf", b"%PDF", marks=pytest.mark.external),
        pytest.param("pdf", "weasyprint", b"%PDF", marks=pytest.mark.external),
        ("docx", None, b"PK"),
        ("html", None, b"<!DOCTYPE"),
    ],
)
def test_render_other_formats(
    run: Callable[..., Outcome], tmp_path: Path, output_format: str, engine: str | None, magic: bytes
) -> None:
    out = tmp_path / f"合同.{output_format}"
    args = ["render", "customer_service", "--lang", "parallel", "--format", output_format, "-o", str(out)]
    if engine:
        args += ["--pdf-engine", engine]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(magic)
    if output_format == "pdf":
        assert result.stderr == f"contract-builder: PDF made with {engine}\n"


def test_html_format_is_the_print_layout(run: Callable[..., Outcome], build: Callable[..., object]) -> None:
    from contract_builder.render.html import render_html_document

    result = run("render", "customer_service", "--format", "html", "--lang", "zh")
    assert result.stdout == render_html_document(build({}, "zh"))


def test_a_full_disk_on_stdout_is_a_message_not_a_traceback() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([str(SCRIPT), "render", "customer_service"], stdout=full, stderr=subprocess.PIPE,
                                text=True, cwd=REPO, timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.strip().endswith("cannot write to standard output: No space left on device")


def test_a_reader_that_stops_early_ends_the_cli_quietly() -> None:
    # A reader that is already gone, as `| head` is once it has its lines: every write meets a closed pipe.
    reader = subprocess.Popen(["true"], stdin=subprocess.PIPE)
    reader.wait(timeout=10)
    assert reader.stdin is not None
    result = subprocess.run([str(SCRIPT), "render", "customer_service"], stdout=reader.stdin, stderr=subprocess.PIPE,
                            text=True, cwd=REPO, timeout=60, check=False)  # fmt: skip
    reader.stdin.close()
    assert result.returncode == 141 and result.stderr == ""


def _orphaned_workers() -> set[int]:
    """WeasyPrint worker processes whose parent has gone (adopted by init)."""
    found = set()
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes()
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"contract_builder.render.weasyprint_process" in command and parent == 1:
            found.add(int(proc.name))
    return found


@pytest.mark.external  # WeasyPrint
def test_the_console_script_stops_its_weasyprint_worker_as_it_leaves(tmp_path: Path) -> None:
    """The script leaves without Python's teardown (cli.run), but what was registered to run at exit
    still runs: the WeasyPrint worker does not outlive it."""
    before = _orphaned_workers()
    result = run_script("render", "customer_service", "--format", "pdf", "--pdf-engine", "weasyprint",
                        "-o", str(tmp_path / "contract.pdf"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "contract.pdf").read_bytes().startswith(b"%PDF")
    assert _orphaned_workers() <= before
