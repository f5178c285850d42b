"""Where templates are found, loaded once, and proved: the door every shell opens a template by.

Loading reads and checks a package (templates.py), then proves its review rules
against real answers (review.py), which needs validation: so finding and caching
templates comes after both, here.

A package that loaded once is kept on disk (disk_cache.py), named by the bytes of
every file it was made from (the package's and this program's own), so that a
fresh process, such as each CLI command, skips reading, checking and proving it
again. A package that fails to load is never kept: it fails the same way each time.
"""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import yaml

from contract_builder.bilingual import Bilingual
from contract_builder.disk_cache import cache_path, read_entry, write_entry
from contract_builder.errors import TemplateError, UnknownTemplateError
from contract_builder.package_yaml import parse_bilingual, read_yaml
from contract_builder.review import prove_rules
from contract_builder.templates import ContractTemplate, read_template


def templates_root() -> Path:
    """Where template packages live: $CONTRACT_BUILDER_TEMPLATES, else the repository's templates/."""
    configured = os.environ.get("CONTRACT_BUILDER_TEMPLATES")
    return Path(configured) if configured else Path(__file__).resolve().parent.parent / "templates"


def available_templates(root: Path | None = None) -> list[str]:
    """Ids of the template packages under `root`: every folder holding a manifest.yaml."""
    root = root or templates_root()
    return sorted(p.parent.name for p in root.glob("*/manifest.yaml"))


def get_template(template_id: str, root: Path | None = None) -> ContractTemplate:
    """Load a template by id from `root` (cached: loading compiles every clause text)."""
    root = _known(template_id, root)
    return _load_cached(root / template_id)


def _known(template_id: str, root: Path | None) -> Path:
    """The templates root, once `template_id` is known to be in it (else UnknownTemplateError naming the others)."""
    root = (root or templates_root()).resolve()
    if template_id not in available_templates(root):
        known = ", ".join(available_templates(root)) or "none"
        raise UnknownTemplateError(
            Bilingual(
                zh=f"没有模板 {template_id!r}；可用模板：{known}", en=f"no template {template_id!r}; available: {known}"
            )
        )
    return root


@dataclass(frozen=True)
class TemplateSummary:
    """What a list of templates shows: read from the manifest alone, nothing compiled."""

    id: str
    version: str
    title: Bilingual


def template_summary(template_id: str, root: Path | None = None) -> TemplateSummary:
    """A template's id, version and title from its manifest (`contract-builder templates`)."""
    root = _known(template_id, root)
    where = f"{template_id}/manifest.yaml"
    manifest = read_yaml(root / template_id / "manifest.yaml")
    if not isinstance(manifest, dict) or "version" not in manifest or "title" not in manifest:
        raise TemplateError(f"{where}: expected a mapping with a version and a title")
    return TemplateSummary(template_id, str(manifest["version"]), parse_bilingual(manifest["title"], f"{where}.title"))


@cache
def _load_cached(path: Path) -> ContractTemplate:
    return load_template(path)


def load_template(path: Path) -> ContractTemplate:
    """Load and fully validate the template package in folder `path`, review rules included."""
    entry = cache_path("templates", *_sources(path))
    kept = read_entry(entry)
    if kept is not None:
        try:
            template = pickle.loads(kept)
            if isinstance(template, ContractTemplate):
                return template
        except Exception:  # noqa: BLE001 - a damaged or outdated entry of our own is loaded afresh
            pass
    template = read_template(path)
    prove_rules(template)
    write_entry(entry, pickle.dumps(template, protocol=pickle.HIGHEST_PROTOCOL))
    return template


_PACKAGE = Path(__file__).resolve().parent


def _sources(path: Path) -> list[str | bytes]:
    """What a loaded package is made from: its files, this program's code and data, and the
    libraries' versions. Any change to one of them makes a different cache entry."""
    return [str(path.resolve()), *_files(path), *_program()]


@cache
def _program() -> tuple[str | bytes, ...]:
    """This program's side of every package's sources, read once a process (not once a template)."""
    # The versions of what a loaded package holds objects of (importlib.metadata would cost 25 ms).
    versions = [f"{library.__name__} {library.__version__}" for library in (jinja2, yaml)]
    return (sys.version, *versions, *_files(_PACKAGE))


def _files(folder: Path) -> list[str | bytes]:
    """Every file below `folder` (compiled Python aside): its name, then its bytes."""
    inputs: list[str | bytes] = []
    for file in sorted(folder.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            inputs += [str(file.relative_to(folder)), file.read_bytes()]
    return inputs
