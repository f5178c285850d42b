"""The command-line shell: `contract-builder templates | schema | check | render | review | compare | lint`.

Bad input ends with exit status 2 and one line per problem on stderr, in the
language of --ui-lang (default: Chinese when $LANG starts with zh), never a
traceback.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from contract_builder.answers import Answers, flatten, require_valid, validate
from contract_builder.answers_file import read_answers_file
from contract_builder.assembly import assemble
from contract_builder.bilingual import EDITIONS, Bilingual, pick
from contract_builder.catalog import available_templates, get_template, load_template, template_summary, templates_root
from contract_builder.document import Document
from contract_builder.errors import AnswersError, ContractBuilderError
from contract_builder.render import PDF_ENGINES
from contract_builder.review import SEVERITY_NAMES, Finding, counts, fix_description, for_side, review
from contract_builder.risks import SEVERITIES, SIDES
from contract_builder.templates import ContractTemplate

EXIT_BAD_INPUT = 2
EXIT_PIPE_CLOSED = 141  # what a shell reports for a tool stopped by SIGPIPE
FORMATS = ("md", "html", "pdf", "docx")
REVIEW_FORMATS = ("text", "json", "md", "pdf")
EXIT_FINDINGS = 1  # `review --fail-on`: a finding that severe; `lint`: any finding


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared with the test that checks every command is documented."""
    parser = _Parser(prog="contract-builder", description="Build bilingual (zh/en) contracts from templates.")
    parser.add_argument("--templates-dir", type=Path, help="folder of template packages (default: ./templates)")
    parser.add_argument(
        "--ui-lang",
        choices=("zh", "en"),
        default="zh" if os.environ.get("LANG", "").startswith("zh") else "en",
        help="language of messages (default: zh when $LANG starts with zh, else en)",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    commands.add_parser("templates", help="list the available templates")

    schema = commands.add_parser("schema", help="print a template's variables and options as JSON")
    schema.add_argument("template", help="template id, as listed by `templates`")

    check = commands.add_parser("check", help="validate an answers file against a template")
    check.add_argument("template", help="template id")
    _answers_arguments(check)
    check.add_argument("--strict", action="store_true", help="also fail when required fields are blank")

    render = commands.add_parser("render", help="render a contract")
    render.add_argument("template", help="template id")
    _answers_arguments(render)
    # --lang is the old spelling, kept so scripts written for it still work.
    render.add_argument("--edition", "--lang", dest="edition", choices=EDITIONS, default="bilingual",
                        help="edition (default: bilingual)")  # fmt: skip
    render.add_argument("--format", choices=FORMATS, default="md", help="output format (default: md)")
    render.add_argument(
        "--pdf-engine",
        choices=("auto", *PDF_ENGINES),
        default="auto",
        help="PDF engine (default: wkhtmltopdf when installed, else WeasyPrint)",
    )
    render.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    compare = commands.add_parser("compare", help="a redline: what changed between two versions of a contract")
    compare.add_argument("template", help="template id")
    _answers_arguments(compare)
    against = compare.add_mutually_exclusive_group()
    against.add_argument("--against", type=Path, metavar="OLD", help="the earlier version: an answers file")
    against.add_argument("--against-preset", metavar="ID", help="the earlier version: one of the template's examples")
    against.add_argument("--against-link", metavar="URL", help="the earlier version: a share link")
    against.add_argument("--standard", action="store_true",
                         help="the earlier version is the standard text, the defaults (the default)")  # fmt: skip
    compare.add_argument("--edition", "--lang", dest="edition", choices=EDITIONS, default="bilingual",
                         help="edition compared (default: bilingual)")  # fmt: skip
    compare.add_argument("--format", choices=FORMATS, default="md",
                         help="md (CriticMarkup), html, pdf, or docx in tracked changes (default: md)")  # fmt: skip
    compare.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    lint = commands.add_parser("lint", help="check that a template's two languages say the same thing")
    lint.add_argument("template", help="template id, or the path of a template folder")

    review = commands.add_parser("review", help="review a contract for legal risks under PRC law")
    review.add_argument("template", help="template id")
    _answers_arguments(review)
    review.add_argument("--edition", "--lang", dest="edition", choices=EDITIONS, default="bilingual",
                        help="edition reviewed, and the memo's languages (default: bilingual)")  # fmt: skip
    review.add_argument("--side", choices=SIDES[:2], help="review for one party: only what harms it (or both)")
    review.add_argument("--format", choices=REVIEW_FORMATS, default="text",
                        help="text (default), json, or the review memo as md or pdf")  # fmt: skip
    review.add_argument("--fail-on", choices=SEVERITIES, help="exit 1 if a finding is this severe or worse")
    review.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    return parser


def _answers_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--answers", type=Path, help="answers file (YAML or JSON); default: the template's defaults")
    command.add_argument("--preset", help="start from this example answer set (see `schema`); --answers then overrides")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except AnswersError as error:
        for message in error.messages:
            _fail_line(message.text.get(args.ui_lang))
        return EXIT_BAD_INPUT
    except ContractBuilderError as error:
        _fail_line(error.message.get(args.ui_lang))
        return error.exit_code
    except _ReaderGone:
        return EXIT_PIPE_CLOSED


def run() -> NoReturn:
    """The console script: `main`, then out at once. Python's teardown of a process that has
    loaded Jinja, pypdf and a template takes some 60 ms, a tenth of a PDF's wait, and there is
    nothing left for it to do: files are closed and temporary folders gone when `main` returns."""
    status = main()
    atexit._run_exitfuncs()  # what was registered to run at exit does (the WeasyPrint worker is stopped)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader gone since the last write: nothing more can be said to it
        pass
    os._exit(status)


def _fail_line(text: str) -> None:
    sys.stderr.write(f"contract-builder: error: {text}\n")


def _write(text: str) -> None:
    # Bytes, so a C locale or a pipe never turns Chinese into an encoding error.
    _write_bytes(text.encode("utf-8"))


def _write_bytes(data: bytes) -> None:
    """Write to stdout; a closed pipe (`| head`) or a full disk is a message, never a traceback."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except OSError as error:
        # Point stdout at /dev/null so Python's own flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(error, BrokenPipeError):
            raise _ReaderGone from None
        raise ContractBuilderError(
            Bilingual(zh=f"无法写入标准输出：{error.strerror}", en=f"cannot write to standard output: {error.strerror}")
        ) from None


class _ReaderGone(Exception):
    """Whoever read our output stopped reading (`| head`): stop quietly, as Unix tools do."""


def _template(args: argparse.Namespace) -> ContractTemplate:
    return get_template(args.template, args.templates_dir)


def _cmd_templates(args: argparse.Namespace) -> int:
    # The manifests alone: listing needs no clause text compiled (a whole load is a second per template).
    root = args.templates_dir or templates_root()
    for template_id in available_templates(root):
        summary = template_summary(template_id, root)
        _write(f"{template_id}\t{summary.version}\t{summary.title.zh}\t{summary.title.en}\n")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    template = _template(args)
    _write(json.dumps(schema(template), ensure_ascii=False, indent=2, default=_json_value) + "\n")
    return 0


def schema(template: ContractTemplate) -> dict[str, Any]:
    """A template's fields as plain data: what the CLI's `schema` prints."""
    fields = []
    for field in template.fields.values():
        entry: dict[str, Any] = {
            "id": field.id,
            "type": field.kind,
            "kind": "option" if field.is_option else "variable",
            "group": field.group,
            "label": {"zh": field.label.zh, "en": field.label.en},
            "default": field.default,
            "required": field.required,
        }
        if field.help:
            entry["help"] = {"zh": field.help.zh, "en": field.help.en}
        if field.minimum is not None:
            entry["min"] = field.minimum
        if field.maximum is not None:
            entry["max"] = field.maximum
        if field.kind == "text":
            entry["max_length"] = field.max_length
        if field.choices:
            entry["choices"] = [
                {"value": c.value, "label": {"zh": c.label.zh, "en": c.label.en}} for c in field.choices
            ]
        if field.requires:
            entry["requires"] = field.requires
        if field.fallback:
            entry["fallback"] = field.fallback
        fields.append(entry)
    return {
        "id": template.id,
        "version": template.version,
        "title": {"zh": template.title.zh, "en": template.title.en},
        "groups": {key: {"zh": value.zh, "en": value.en} for key, value in template.groups.items()},
        "fields": fields,
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _raw_answers(template: ContractTemplate, args: argparse.Namespace) -> dict[str, Any]:
    """The preset's answers (if any), then the answers file's on top, as dotted ids."""
    raw: dict[str, Any] = {}
    if args.preset:
        raw.update(flatten(read_answers_file(template.example(args.preset).path)))
    if args.answers:
        raw.update(flatten(read_answers_file(args.answers)))
    return raw


def _cmd_check(args: argparse.Namespace) -> int:
    template = _template(args)
    if not (args.answers or args.preset):
        raise ContractBuilderError(
            Bilingual(zh="请用 --answers 或 --preset 指定要检查的答案", en="give --answers or --preset to check")
        )
    result = validate(template, _raw_answers(template, args))
    for message in result.warnings:
        sys.stderr.write(f"contract-builder: warning: {message.text.get(args.ui_lang)}\n")
    if result.errors:
        raise AnswersError(list(result.errors))
    if args.strict and result.warnings:
        return EXIT_BAD_INPUT
    _write(Bilingual(zh="通过\n", en="ok\n").get(args.ui_lang))
    return 0


def _valid_answers(args: argparse.Namespace) -> tuple[ContractTemplate, Answers]:
    """The template and the answers `--preset` and `--answers` give, or AnswersError."""
    template = _template(args)
    return template, require_valid(template, _raw_answers(template, args))


def _cmd_render(args: argparse.Namespace) -> int:
    template, answers = _valid_answers(args)
    document = assemble(template, answers, args.edition)
    _output(args, _render_format(document, args.format, args.pdf_engine, args.ui_lang))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    # Imported here: each command is a fresh process, and only this one needs them.
    from contract_builder.redline import compare, with_summary
    from contract_builder.share import answers_from_link

    template, answers = _valid_answers(args)
    if args.against is not None:
        old_raw, old_name = (
            flatten(read_answers_file(args.against)),
            Bilingual(zh=args.against.name, en=args.against.name),
        )
    elif args.against_preset:
        example = template.example(args.against_preset)
        old_raw, old_name = flatten(read_answers_file(example.path)), example.title
    elif args.against_link:
        old_raw, old_name = (
            answers_from_link(template, args.against_link),
            Bilingual(zh="分享链接", en="the share link"),
        )
    else:
        old_raw, old_name = {}, STANDARD_TEXT
    old = assemble(template, require_valid(template, old_raw), args.edition)
    redline = compare(old, assemble(template, answers, args.edition))
    new_name = _answers_name(template, args)
    if args.format == "docx":
        # Word's own redline: accepting every change there gives exactly the new contract.
        document = redline.document
    else:
        document = with_summary(redline, old_name, new_name)
    _output(args, _render_format(document, args.format, "auto", args.ui_lang))
    return 0


STANDARD_TEXT = Bilingual(zh="范本标准文本", en="the standard text")


def _answers_name(template: ContractTemplate, args: argparse.Namespace) -> Bilingual:
    """How the summary names the new version: its file, its preset, or the standard text."""
    if args.answers:
        return Bilingual(zh=args.answers.name, en=args.answers.name)
    if args.preset:
        return template.example(args.preset).title
    return STANDARD_TEXT


def _cmd_lint(args: argparse.Namespace) -> int:
    """One line per finding, then a summary; exit 0 clean, 1 with findings, 2 if the template cannot load."""
    from contract_builder.lint import lint

    path = Path(args.template)
    if (path / "manifest.yaml").exists():
        template = load_template(path.resolve())
    else:
        template = _template(args)
    findings = lint(template)
    lines = [finding.line() for finding in findings]
    summary = Bilingual(
        zh=f"{template.id}：{len(findings)} 处问题" if findings else f"{template.id}：通过，中英文一致",
        en=f"{template.id}: {len(findings)} finding(s)" if findings else f"{template.id}: clean, the languages agree",
    )
    _write("".join(line + "\n" for line in lines) + summary.get(args.ui_lang) + "\n")
    return EXIT_FINDINGS if findings else 0


def _cmd_review(args: argparse.Namespace) -> int:
    template, answers = _valid_answers(args)
    findings = for_side(review(template, answers, args.edition), args.side)
    if args.format == "json":
        data = json.dumps(review_json(template, findings, args), ensure_ascii=False, indent=2, default=_json_value)
        _output(args, (data + "\n").encode("utf-8"))
    elif args.format == "text":
        _output(args, review_text(template, findings, args.ui_lang).encode("utf-8"))
    else:
        from contract_builder.memo import review_memo

        contract = assemble(template, answers, args.edition)
        memo = review_memo(template, contract, findings, args.side, answers=answers)
        _output(args, _render_format(memo, args.format, "auto", args.ui_lang))
    worst = min((SEVERITIES.index(f.severity) for f in findings), default=len(SEVERITIES))
    if args.fail_on and worst <= SEVERITIES.index(args.fail_on):
        return EXIT_FINDINGS
    return 0


def review_json(template: ContractTemplate, findings: Sequence[Finding], args: argparse.Namespace) -> dict[str, Any]:
    """The findings as plain data: what `review --format json` prints."""

    def both(text: Bilingual) -> dict[str, str]:
        return {"zh": text.zh, "en": text.en}

    return {
        "template": template.id,
        "version": template.version,
        "edition": args.edition,
        "side": args.side,
        "counts": counts(findings),
        "findings": [
            {
                "id": f.rule.id,
                "severity": f.severity,
                "title": both(f.rule.title),
                "explanation": both(f.rule.explanation),
                "basis": [
                    {
                        "law": c.law.id,
                        "article": c.article,
                        **{k: v for k, v in (("paragraph", c.paragraph), ("item", c.item), ("to", c.to)) if v},
                        "text": {"zh": c.text("zh"), "en": c.text("en")},
                    }
                    for c in f.rule.basis
                ],
                "clauses": list(f.rule.clauses),
                "side": f.rule.harms,
                "fix": dict(f.rule.fix),
            }
            for f in findings
        ],
    }


def review_text(template: ContractTemplate, findings: Sequence[Finding], lang: str) -> str:
    """One block per finding, most serious first, in the interface language."""
    tally = counts(findings)
    names = {severity: SEVERITY_NAMES[severity].get(lang) for severity in SEVERITIES}
    summary = pick(lang, "，", ", ").join(f"{names[s]} {tally[s]}" for s in SEVERITIES)
    lines = [f"{template.title.get(lang)}{pick(lang, '：', ': ')}{summary}"]
    for finding in findings:
        rule = finding.rule
        lines.append(f"[{names[rule.severity]}] {rule.id}: {rule.title.get(lang)}")
        for citation in rule.basis:
            lines.append(f"    {pick(lang, '依据', 'basis')}: {citation.text(lang)}")
        if rule.fix:
            lines.append(f"    {pick(lang, '修改', 'fix')}: {fix_description(template, rule, lang)}")
    return "\n".join(lines) + "\n"


def _output(args: argparse.Namespace, data: bytes) -> None:
    """Write to -o FILE, or to stdout."""
    if args.output is None:
        _write_bytes(data)
        return
    try:
        args.output.write_bytes(data)
    except OSError as error:
        raise ContractBuilderError(
            Bilingual(
                zh=f"无法写入 {args.output}：{error.strerror}", en=f"cannot write {args.output}: {error.strerror}"
            )
        ) from None


def _render_format(document: Document, output_format: str, engine: str, ui_lang: str) -> bytes:
    # Each format's renderer is imported only when asked for: pypdf and python-docx take
    # about 0.1 s each to import, which a command that needs neither should not pay.
    if output_format == "md":
        from contract_builder.render.markdown import render_markdown

        return render_markdown(document).encode("utf-8")
    if output_format == "html":
        from contract_builder.render.html import render_html_document

        return render_html_document(document).encode("utf-8")
    if output_format == "docx":
        from contract_builder.render.docx import render_docx

        return render_docx(document)
    from contract_builder.render.pdf import render_pdf

    result = render_pdf(document, engine)
    made_with = Bilingual(zh=f"PDF 由 {result.engine} 生成", en=f"PDF made with {result.engine}")
    sys.stderr.write(f"contract-builder: {(result.note or made_with).get(ui_lang)}\n")
    return result.data


_COMMANDS = {
    "templates": _cmd_templates,
    "schema": _cmd_schema,
    "check": _cmd_check,
    "render": _cmd_render,
    "review": _cmd_review,
    "compare": _cmd_compare,
    "lint": _cmd_lint,
}


if __name__ == "__main__":
    raise SystemExit(main())
