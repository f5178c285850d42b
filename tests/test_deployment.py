"""The repository deploys as it is: Community Cloud's requirements and packages, the README's commands."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO


def _names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=\[ ]", line.strip(), maxsplit=1)[0].lower() for line in requirements if line.strip()}


def test_requirements_txt_lists_the_runtime_dependencies() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [
        line for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]  # fmt: skip
    assert _names(lines) == _names(project["dependencies"])


def test_packages_txt_names_debian_packages() -> None:
    packages = (REPO / "packages.txt").read_text(encoding="utf-8").split()
    assert "fonts-wqy-zenhei" in packages
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", package) for package in packages)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```\n(.+?)\n```", readme)
    assert commands[:2] == ["scripts/app.sh", "scripts/test.sh"]
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "docs/screenshot.png" in readme and (REPO / "docs" / "screenshot.png").exists()


def test_the_server_config_is_safe_to_host() -> None:
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # tracebacks go to the log, not to users
    assert config["server"]["maxUploadSize"] == 1  # MB; answers files are a few KB
    assert config["server"]["fileWatcherType"] == "none" and config["server"]["runOnSave"] is False
    assert "address" not in config["server"]  # set per run: local by default, all interfaces on request
    script = (REPO / "scripts" / "app.sh").read_text(encoding="utf-8")
    assert "set -- --server.address 127.0.0.1" in script
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "--server.address 0.0.0.0" in readme
