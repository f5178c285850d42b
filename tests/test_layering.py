"""The architecture holds: the core never imports streamlit, and nothing in it imports the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import REPO

CORE = REPO / "contract_builder"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_streamlit_or_the_cli() -> None:
    for path in CORE.rglob("*.py"):
        modules = imported_modules(path)
        assert not any(m == "streamlit" or m.startswith("streamlit.") for m in modules), path
        if path.name != "cli.py":
            assert "contract_builder.cli" not in modules, path


def test_importing_the_whole_core_loads_no_streamlit() -> None:
    modules = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__") for path in CORE.rglob("*.py")
    )
    code = (
        f"import sys\nfor m in {modules!r}: __import__(m)\nprint(any(k.startswith('streamlit') for k in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "False"


def test_modules_stay_small_and_documented() -> None:
    for path in CORE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 500, f"{path} is over 500 lines: split it"
        assert ast.get_docstring(ast.parse(source)), f"{path} needs a one-sentence module docstring"
