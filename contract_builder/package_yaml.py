"""Reading a template package's YAML: its files, the keys each mapping may have, and zh/en texts.

Every failure is a TemplateError naming the file and the place in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from contract_builder.bilingual import LANGS, Bilingual
from contract_builder.errors import TemplateError

# libyaml's loader when PyYAML was built with it (the wheels are): a template's files load ~5× faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file's contents, or TemplateError naming the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LOADER)
    except FileNotFoundError:
        raise TemplateError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise TemplateError(f"{path}: not valid YAML: {error}") from None


def expect_keys(raw: Any, where: str, required: set[str], optional: set[str]) -> None:
    """Raise TemplateError unless `raw` is a mapping with the required keys and no others."""
    if not isinstance(raw, Mapping):
        raise TemplateError(f"{where}: expected a mapping")
    missing = required - set(raw)
    if missing:
        raise TemplateError(f"{where}: missing keys {sorted(missing)}")
    unknown = set(raw) - required - optional
    if unknown:
        raise TemplateError(f"{where}: unknown keys {sorted(unknown)}")


def parse_bilingual(raw: Any, where: str) -> Bilingual:
    """Read `{zh: ..., en: ...}`; both languages are required and non-empty."""
    if not isinstance(raw, Mapping) or set(raw) != {"zh", "en"}:
        raise TemplateError(f"{where}: expected a mapping with exactly the keys zh and en")
    for lang in LANGS:
        if not isinstance(raw[lang], str) or not raw[lang].strip():
            raise TemplateError(f"{where}.{lang}: expected non-empty text")
    return Bilingual(zh=raw["zh"].strip(), en=raw["en"].strip())
