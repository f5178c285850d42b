"""The hostile answers files (tests/data/hostile/) through every door: time and memory for each.

Run: .venv/bin/python bench/hostile.py

For each file it prints
- core: read + validate in this process, median of 5 runs, and the peak of
  Python allocations during one run (tracemalloc);
- cli: the CLI's `check` in a fresh interpreter, wall time and the child's
  peak resident memory, beside a floor: the same for a good answers file
  (most of both is starting Python and importing);
- upload: the app's upload door driven by AppTest, wall time of the rerun.
The target is under 1 s and under 100 MB each.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

from contract_builder.answers import validate  # noqa: E402
from contract_builder.answers_file import read_answers_file  # noqa: E402
from contract_builder.catalog import get_template  # noqa: E402
from contract_builder.errors import AnswersFileError  # noqa: E402

HOSTILE = REPO / "tests" / "data" / "hostile"
CLI = Path(sys.executable).with_name("contract-builder")
TEMPLATE = get_template("customer_service")


def core_once(path: Path) -> None:
    try:
        validate(TEMPLATE, read_answers_file(path))
    except AnswersFileError:
        pass


def core(path: Path) -> tuple[float, float]:
    """Median ms of 5 runs, and peak MB of Python allocations in one."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        core_once(path)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    core_once(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times) * 1000, peak / 2**20


# The CLI's own main() in a fresh interpreter, which then notes its peak resident memory
# (VmHWM: this process's alone; ru_maxrss would include what the parent had when it forked).
_CHILD = """
import sys
from contract_builder.cli import main
status = main(sys.argv[2:])
with open("/proc/self/status") as status_file, open(sys.argv[1], "w") as out:
    out.write(next(line for line in status_file if line.startswith("VmHWM")).split()[1])
sys.exit(status)
"""


def cli(path: Path, note: Path) -> tuple[float, float, int]:
    """Wall ms, the child's peak resident memory in MB, and its exit status."""
    start = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-c", _CHILD, str(note), "check", "customer_service", "--answers", str(path)],
        capture_output=True,
        cwd=REPO,
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, int(note.read_text()) / 1024, finished.returncode


def upload(app: AppTest, path: Path) -> float:
    start = time.perf_counter()
    app.file_uploader(key="load_yaml").upload(path.name, path.read_bytes(), "application/x-yaml").run()
    assert not app.exception, path.name
    return (time.perf_counter() - start) * 1000


def main() -> None:
    files = sorted(path for path in HOSTILE.iterdir() if path.name != "expect.yaml")
    note = Path(tempfile.mkdtemp()) / "vmhwm"
    floor_ms, floor_mb, _ = cli(REPO / "templates" / "customer_service" / "examples" / "shanghai_retail.yaml", note)
    print(f"floor: a good answers file through the CLI: {floor_ms:.0f} ms, {floor_mb:.1f} MB (interpreter and imports)")
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.session_state["template"] = "customer_service"  # past the gallery, should there be several templates
    app.run()
    upload(app, files[0])  # the first rerun with an upload warms the uploader up
    columns = ("bytes", "core ms", "core MB", "cli ms", "cli MB", "exit", "upload ms")
    print(f"{'file':28} " + " ".join(f"{name:>9}" for name in columns))
    worst = [0.0, 0.0, 0.0, 0.0, 0.0]
    for path in files:
        core_ms, core_mb = core(path)
        cli_ms, cli_mb, status = cli(path, note)
        upload_ms = upload(app, path)
        size = path.stat().st_size
        megabytes = (f"{core_mb:.2f}", f"{cli_mb:.1f}")
        figures = (size, f"{core_ms:.1f}", megabytes[0], f"{cli_ms:.0f}", megabytes[1], status, f"{upload_ms:.0f}")
        print(f"{path.name:28} " + " ".join(f"{figure:>9}" for figure in figures))
        worst = [max(a, b) for a, b in zip(worst, (core_ms, core_mb, cli_ms, cli_mb, upload_ms), strict=True)]
    figures = ("", f"{worst[0]:.1f}", f"{worst[1]:.2f}", f"{worst[2]:.0f}", f"{worst[3]:.1f}", "", f"{worst[4]:.0f}")
    print(f"{'worst':28} " + " ".join(f"{figure:>9}" for figure in figures))


if __name__ == "__main__":
    main()
