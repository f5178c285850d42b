"""Speed figures, printed as medians: `python bench/run.py`.

App: one rerun of the builder after one widget change, driven by Streamlit's
AppTest (target, issue 3: under 150 ms median).

Exports (issue 4), for the full bilingual contract (all options): the PDF through
render_pdf (hardened wkhtmltopdf, page numbers, bookmarks, metadata; the render
cache cleared each time, the page-number stamps warm) beside bare `wkhtmltopdf`
on the same HTML (target, issue 13: within 1.1x), and beside bare wkhtmltopdf with
the one speed option the product adds (no 200 ms wait for scripts), which shows what
finishing costs; the Word file; and WeasyPrint. The command line's figures (`--only cli`)
are read the same way.

Core: validate + assemble + render Markdown, for the default contract and for an
all-options bilingual one, beside a floor: one plain Jinja2 template holding the
same clause texts and conditions, compiled in advance and rendered with the same
answers already formatted. Targets (issue 2): under 5 ms median, within 3x the floor.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import floor_render  # noqa: E402

from contract_builder.answers import validate  # noqa: E402
from contract_builder.answers_file import read_answers_file  # noqa: E402
from contract_builder.assembly import assemble  # noqa: E402
from contract_builder.bilingual import LANGS  # noqa: E402
from contract_builder.catalog import get_template  # noqa: E402
from contract_builder.markers import reference_marker  # noqa: E402
from contract_builder.render.markdown import render_markdown  # noqa: E402
from contract_builder.values import SegmentSink, text_context  # noqa: E402

TEMPLATE = get_template("customer_service")
ALL_OPTIONS = {
    **read_answers_file(TEMPLATE.example("shenzhen_saas").path),
    "sla.schedule": True,
    "sla.first_response_minutes": 2,
    "sla.resolution_hours": 24,
    "sla.satisfaction": 95,
    "services.channels": ["phone", "email", "online_chat", "social_media", "ticketing"],
}
CASES = {"default (bilingual)": ({}, "bilingual"), "all options (bilingual)": (ALL_OPTIONS, "bilingual")}


def median_ms(action: Callable[[], Any], runs: int) -> float:
    action()  # warm caches (template compilation, condition compilation)
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        action()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1e6


def paired_medians(*actions: Callable[[], Any], runs: int) -> list[float]:
    """Median ms of each action, run in turn, so that a busy machine weighs on all alike (a ratio of
    two figures taken a minute apart measures the machine as much as the code)."""
    for action in actions:
        action()
    times: list[list[int]] = [[] for _ in actions]
    for _ in range(runs):
        for action, kept in zip(actions, times, strict=True):
            start = time.perf_counter_ns()
            action()
            kept.append(time.perf_counter_ns() - start)
    return [statistics.median(kept) / 1e6 for kept in times]


def core(raw: dict[str, Any], edition: str) -> str:
    result = validate(TEMPLATE, raw)
    return render_markdown(assemble(TEMPLATE, result.answers, edition))


def stages(raw: dict[str, Any], edition: str) -> dict[str, Callable[[], Any]]:
    """The core's stages, each timed alone, to show where the time goes."""
    answers = validate(TEMPLATE, raw).answers
    document = assemble(TEMPLATE, answers, edition)
    sink = SegmentSink()
    contexts = {
        lang: text_context(TEMPLATE.fields, answers.values, lang, sink, edition, reference_marker) for lang in LANGS
    }
    return {
        "validate": lambda: validate(TEMPLATE, raw),
        "jinja": lambda: [TEMPLATE.documents[lang].render(contexts[lang]) for lang in LANGS],
        "assemble": lambda: assemble(TEMPLATE, answers, edition),
        "markdown": lambda: render_markdown(document),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--only", choices=["exports", "cli"], help="print only these figures (a quick look)")
    args = parser.parse_args()
    if args.only:
        {"exports": export_figures, "cli": cli_figures}[args.only](max(7, args.runs // 30))
        return
    print(f"core: validate + assemble + render Markdown; median ms of {args.runs} runs")
    header = ["core", "floor", "core/floor", "validate", "jinja", "assemble", "markdown", "jinja/floor"]
    print(f"{'case':<26}" + "".join(f"{h:>12}" for h in header))
    for name, (raw, edition) in CASES.items():
        core_ms = median_ms(lambda raw=raw, edition=edition: core(raw, edition), args.runs)
        floor_ms = median_ms(floor_render(TEMPLATE, raw, edition), args.runs)
        parts = {stage: median_ms(action, args.runs) for stage, action in stages(raw, edition).items()}
        row = [core_ms, floor_ms, core_ms / floor_ms, *parts.values(), parts["jinja"] / floor_ms]
        print(f"{name:<26}" + "".join(f"{value:>12.3f}" for value in row))
    print("targets (issue 2): core < 5 ms, core/floor < 3")
    print("assemble includes jinja (both languages); jinja/floor is the template layer's own overhead")
    print()
    review_figures(args.runs)
    print()
    redline_figures(max(5, args.runs // 30))
    print()
    lint_figures(max(5, args.runs // 30))
    print()
    runs = max(20, args.runs // 10)
    # Interleaved, so that a busy machine weighs on all three alike.
    figures: dict[str, list[float]] = {"closed": [], "off": [], "open": []}
    for _ in range(3):
        for review in figures:
            figures[review].append(app_rerun_ms(runs, review))
    rerun_ms, off_ms, open_ms = (statistics.median(figures[r]) for r in ("closed", "off", "open"))
    print(f"app rerun after one change (AppTest): median {rerun_ms:.1f} ms   (target, issue 3: < 150 ms)")
    print(
        f"  without the review (A/B):            median {off_ms:.1f} ms   (review adds {rerun_ms - off_ms:+.1f} ms;"
        " target, issue 10: at most 5 ms)"
    )
    print(f"  with the review panel open:          median {open_ms:.1f} ms   ({open_ms - off_ms:+.1f} ms)")
    print()
    export_figures(max(5, args.runs // 30))
    print()
    cli_figures(max(7, args.runs // 30))


def bare_wkhtmltopdf(out: str) -> list[str]:
    """wkhtmltopdf's own command for the same page: the floor the PDF figures are read against."""
    from contract_builder.render.pdf import wkhtmltopdf_path

    return [wkhtmltopdf_path() or "wkhtmltopdf", "--quiet", "--page-size", "A4", "-T", "22mm", "-B", "22mm",
            "-L", "20mm", "-R", "20mm", "-", out]  # fmt: skip


def without_script_wait(bare: list[str]) -> list[str]:
    """The bare command with the one speed option the product's command adds (its 200 ms wait for
    scripts skipped): beside it, a figure shows what the product adds, not what the option saves."""
    from contract_builder.render.pdf import NO_SCRIPT_WAIT

    options = [part for name, value in NO_SCRIPT_WAIT.items() for part in (f"--{name}", value)]
    return [*bare[:-2], *options, *bare[-2:]]


def cli_figures(runs: int) -> None:
    """The console script as a user runs it (a fresh process each time), beside bare wkhtmltopdf on the
    same contract's HTML, process start included (issue 13: PDF ≤ 1.6×, `templates` ≤ 0.3 s)."""
    import os
    import subprocess
    import tempfile

    from contract_builder.render.html import render_html_document

    script = str(Path(sys.executable).with_name("contract-builder"))
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.pdf")
        render = [script, "render", "customer_service", "--preset", "recommended", "--format", "pdf", "-o", out]
        answers = read_answers_file(TEMPLATE.example("recommended").path)
        document = assemble(TEMPLATE, validate(TEMPLATE, answers).answers, "bilingual")
        html = render_html_document(document, shrinking_engine=True).encode("utf-8")
        bare = bare_wkhtmltopdf(out)
        no_wait = without_script_wait(bare)

        def run(command: list[str], **env: str) -> None:
            subprocess.run(command, input=html if command is not render else None, capture_output=True, check=True,
                           env={**os.environ, **env})  # fmt: skip

        run(render)  # the first run of a new version fills the disk cache (disk_cache.py)
        templates_ms = median_ms(lambda: run([script, "templates"]), runs)
        render_ms, bare_ms, no_wait_ms = paired_medians(
            lambda: run(render), lambda: run(bare), lambda: run(no_wait), runs=runs
        )
        cold_ms = median_ms(lambda: run(render, XDG_CACHE_HOME=tempfile.mkdtemp(dir=folder)), max(3, runs // 3))
    print(f"command line (a fresh process each run), Recommended bilingual contract; median ms of {runs} runs")
    print(f"  contract-builder templates                          {templates_ms:8.1f}   (target ≤ 300)")
    print(f"  contract-builder render --format pdf                {render_ms:8.1f}   ratio {render_ms / bare_ms:.2f}"
          " (target ≤ 1.6)")  # fmt: skip
    print(f"  bare wkhtmltopdf on the same HTML, process included {bare_ms:8.1f}")
    print(f"  … with no wait for scripts, as the render has       {no_wait_ms:8.1f}   "
          f"ratio {render_ms / no_wait_ms:.2f} (what the render adds)")  # fmt: skip
    print(f"  render --format pdf with an empty disk cache        {cold_ms:8.1f}   (the first run after an install)")


def export_figures(runs: int) -> None:
    """Median PDF, bare wkhtmltopdf, Word and WeasyPrint times for the all-options bilingual contract."""
    import subprocess

    from contract_builder.render.docx import render_docx
    from contract_builder.render.html import render_html_document
    from contract_builder.render.pdf import CACHE, render_pdf

    document = assemble(TEMPLATE, validate(TEMPLATE, ALL_OPTIONS).answers, "bilingual")
    html = render_html_document(document, shrinking_engine=True).encode("utf-8")
    bare = bare_wkhtmltopdf("-")
    no_wait = without_script_wait(bare)

    def pdf(engine: str) -> bytes:
        CACHE.items.clear()  # time a real render, not a cached one
        return render_pdf(document, engine).data

    pdf_ms, bare_ms, no_wait_ms = paired_medians(
        lambda: pdf("wkhtmltopdf"),
        lambda: subprocess.run(bare, input=html, capture_output=True, check=True),
        lambda: subprocess.run(no_wait, input=html, capture_output=True, check=True),
        runs=runs,
    )
    word_ms = median_ms(lambda: render_docx(document), runs)
    weasy_ms = median_ms(lambda: pdf("weasyprint"), max(3, runs // 2))
    print(f"exports, all-options bilingual contract; median ms of {runs} runs")
    print(f"  PDF (wkhtmltopdf, hardened, numbered, bookmarked)  {pdf_ms:8.1f}")
    ratio = f"ratio {pdf_ms / bare_ms:.2f} (target, issue 13: ≤ 1.1)"
    print(f"  bare wkhtmltopdf on the same HTML                   {bare_ms:8.1f}   {ratio}")
    print(f"  … with no wait for scripts, as the PDF has          {no_wait_ms:8.1f}   "
          f"ratio {pdf_ms / no_wait_ms:.2f} (what finishing adds)")  # fmt: skip
    print(f"  Word (python-docx)                                  {word_ms:8.1f}")
    print(f"  PDF (WeasyPrint)                                    {weasy_ms:8.1f}")


def lint_figures(runs: int) -> None:
    """`contract-builder lint` on each shipped template, the template already loaded (target, issue 12: < 1 s)."""
    from contract_builder.catalog import available_templates
    from contract_builder.lint import lint

    print(f"lint, per template; median ms of {runs} runs   (target, issue 12: < 1000 ms)")
    for template_id in available_templates():
        template = get_template(template_id)
        print(f"  {template_id:<24}{median_ms(lambda t=template: lint(t), runs):8.1f}")


def redline_figures(runs: int) -> None:
    """Compare + Word redline, Recommended against the standard text (bilingual), beside the plain Word
    export of the same contract (target, issue 11: within 2x)."""
    from contract_builder.redline import compare
    from contract_builder.render.docx import render_docx

    standard = assemble(TEMPLATE, validate(TEMPLATE, {}).answers, "bilingual")
    recommended = read_answers_file(TEMPLATE.example("recommended").path)
    new = assemble(TEMPLATE, validate(TEMPLATE, recommended).answers, "bilingual")
    compare_ms = median_ms(lambda: compare(standard, new), runs * 3)
    redline_ms = median_ms(lambda: render_docx(compare(standard, new).document), runs)
    word_ms = median_ms(lambda: render_docx(new), runs)
    print(f"redline, Recommended against the standard text (bilingual); median ms of {runs} runs")
    print(f"  compare (clause tree and word diffs)               {compare_ms:8.1f}")
    print(f"  compare + Word redline (tracked changes)           {redline_ms:8.1f}")
    print(f"  plain Word export of the same contract             {word_ms:8.1f}   ratio {redline_ms / word_ms:.2f}"
          " (target < 2)")  # fmt: skip


def review_figures(runs: int) -> None:
    """What the legal review adds to each rerun: the rules evaluated (always), the memo's Markdown
    (only while the panel is open), for the defaults, an all-options contract and Recommended."""
    from contract_builder.memo import review_memo
    from contract_builder.review import review

    cases = {**CASES, "recommended (bilingual)": (read_answers_file(TEMPLATE.example("recommended").path), "bilingual")}
    print(f"review: the rules over the answers, and the memo; median ms of {runs} runs")
    print(f"{'case':<26}{'findings':>10}{'review':>12}{'memo md':>12}")
    for name, (raw, edition) in cases.items():
        answers = validate(TEMPLATE, raw).answers
        findings = review(TEMPLATE, answers, edition)
        document = assemble(TEMPLATE, answers, edition)
        review_ms = median_ms(lambda answers=answers, edition=edition: review(TEMPLATE, answers, edition), runs)
        memo_ms = median_ms(
            lambda d=document, f=findings: render_markdown(review_memo(TEMPLATE, d, f)), max(20, runs // 5)
        )
        print(f"{name:<26}{len(findings):>10}{review_ms:>12.3f}{memo_ms:>12.3f}")
    print("target (issue 10): the review adds at most 5 ms to a rerun")


def app_rerun_ms(runs: int, review: str = "closed") -> float:
    """Median time of a builder's rerun after typing into one field (its live fragments), as AppTest runs it, with the
    review panel closed (as a page opens), open, or `off`: the review's calls replaced by no-ops
    (AppTest runs the page in this process, so the page calls the replacements)."""
    from streamlit.testing.v1 import AppTest

    from webapp import review_panel

    saved = {name: getattr(review_panel, name) for name in ("findings_for", "counts_html", "show")}
    if review == "off":
        review_panel.findings_for = lambda *args: ()  # type: ignore[assignment]
        review_panel.counts_html = lambda *args: ""  # type: ignore[assignment]
        review_panel.show = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        return _reruns(AppTest, runs, review == "open")
    finally:
        for name, function in saved.items():
            setattr(review_panel, name, function)


def _reruns(app_test: Any, runs: int, panel_open: bool) -> float:
    app = app_test.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    app.session_state["template"] = "customer_service"  # past the gallery, should there be several templates
    app.session_state["review_panel"] = panel_open
    app.run()
    # The first edit makes undo available, a change of the sidebar: the page reruns for it. Later
    # edits rerun only the live fragments (webapp.live), after which AppTest's tree holds only them:
    # the field is kept from the page's tree and set there each time.
    app.text_input(key="customer_service:party_a.name").set_value("甲方有限公司").run()
    box = app.run().text_input(key="customer_service:party_a.name")
    times = []
    for index in range(runs + 1):
        box.set_value(f"甲方{index}有限公司")
        start = time.perf_counter_ns()
        box.run()
        times.append(time.perf_counter_ns() - start)
        assert not app.exception and f"甲方{index}有限公司" in "".join(e.proto.body for e in app.html)
    return statistics.median(times[1:]) / 1e6


if __name__ == "__main__":
    main()
