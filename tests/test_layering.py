"""The architecture holds: the core never imports streamlit, and nothing in it imports the CLI."""

from __future__ import annotations

import ast
import re
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


def _core_imports(path: Path) -> set[str]:
    """The core modules a module imports, type-only and function-level imports included."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("contract_builder"):
            for alias in node.names:  # `from contract_builder import money` names a module
                candidate = f"{node.module}.{alias.name}"
                modules.add(candidate if (REPO / (candidate.replace(".", "/") + ".py")).exists() else node.module)
        elif isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names if alias.name.startswith("contract_builder")}
    return modules - {"contract_builder", "contract_builder.render"}


def pipeline_order() -> list[str]:
    """The module table of docs/architecture.md, top to bottom, as module names."""
    table = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    files = re.findall(r"^\| `([a-z_/]+\.py)` \|", table, flags=re.MULTILINE)
    return ["contract_builder." + name.removesuffix(".py").replace("/", ".") for name in files]


def test_every_core_module_imports_only_stages_before_it() -> None:
    order = pipeline_order()
    modules = {
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for path in CORE.rglob("*.py")
        if path.name != "__init__.py"
    }
    assert set(order) == modules, "docs/architecture.md must list every core module once"
    assert len(order) == len(set(order))
    for position, module in enumerate(order):
        imported = _core_imports(REPO / (module.replace(".", "/") + ".py"))
        later = imported - set(order[:position])
        assert not later, f"{module} imports {sorted(later)}, which come after it in docs/architecture.md"
