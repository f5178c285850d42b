"""The repository deploys as it is: Community Cloud's requirements and packages, the README's commands."""

from __future__ import annotations

import re
import tomllib

from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from contract_builder.render.fonts import CHINESE_FONTS, LATIN_FONT_PACKAGE


def _pins(name: str) -> dict[str, Version]:
    """The lock file's pins by normalised name; every requirement line in it must be `name==version`."""
    pins: dict[str, Version] = {}
    for line in (REPO / name).read_text(encoding="utf-8").splitlines():
        line = re.sub(r"(^|\s)#.*", "", line).strip()  # comments: whole lines and `# via ...` annotations
        if not line:
            continue
        requirement = Requirement(line)  # an option line (-e, -r, --index-url ...) fails to parse here
        specifiers = list(requirement.specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"{name}: not pinned: {line}"
        assert "*" not in specifiers[0].version, f"{name}: not pinned: {line}"
        pins[canonicalize_name(requirement.name)] = Version(specifiers[0].version)
    return pins


def test_the_lock_pins_every_package_within_pyproject_ranges() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, test = _pins("requirements.txt"), _pins("requirements-test.txt")
    declared = [(dependency, [runtime, test]) for dependency in project["dependencies"]]
    declared += [(dependency, [test]) for dependency in project["optional-dependencies"]["test"]]
    for dependency, locks in declared:
        requirement = Requirement(dependency)
        name = canonicalize_name(requirement.name)
        for lock in locks:
            assert name in lock, f"{name} is declared in pyproject.toml but not locked"
            assert requirement.specifier.contains(lock[name], prereleases=True), (
                f"{name}=={lock[name]} is outside pyproject.toml's {requirement.specifier}"
            )
    assert runtime.keys() <= test.keys(), "requirements-test.txt is the runtime lock plus the test extra"
    assert {name: test[name] for name in runtime} == runtime, "the two locks pin different versions"


def test_the_scripts_and_community_cloud_install_from_the_lock() -> None:
    for script, lock in [("app.sh", "requirements.txt"), ("test.sh", "requirements-test.txt")]:
        text = (REPO / "scripts" / script).read_text(encoding="utf-8")
        installs = re.findall(r"^\.venv/bin/pip install (.+)$", text, flags=re.MULTILINE)
        assert installs == [f"-q -r {lock}", "-q --no-deps -e ."], f"{script}: {installs}"
        first = (REPO / lock).read_text(encoding="utf-8").splitlines()[0]
        assert "scripts/lock.sh" in first  # says it is generated, and by what
    # Community Cloud reads these before requirements.txt: there is one lock, the requirements files.
    assert not [name for name in ("uv.lock", "Pipfile", "environment.yml") if (REPO / name).exists()]


def test_packages_txt_names_debian_packages() -> None:
    packages = (REPO / "packages.txt").read_text(encoding="utf-8").split()
    # Every font the print layout needs (the PDF is refused without them).
    assert {package for package, _ in CHINESE_FONTS.values()} | {LATIN_FONT_PACKAGE} <= set(packages)
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
    assert config["client"]["toolbarMode"] == "viewer"  # no Deploy button, no developer menu
    assert config["server"]["maxUploadSize"] == 1  # MB; answers files are a few KB
    assert config["server"]["fileWatcherType"] == "none" and config["server"]["runOnSave"] is False
    assert "address" not in config["server"]  # set per run: local by default, all interfaces on request
    script = (REPO / "scripts" / "app.sh").read_text(encoding="utf-8")
    assert "set -- --server.address 127.0.0.1" in script
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "--server.address 0.0.0.0" in readme
