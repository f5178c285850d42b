"""Interface strings in Chinese and English (from strings.yaml), looked up by key."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from contract_builder.bilingual import Bilingual

UI_LANGS = ("zh", "en")


@cache
def _catalog() -> dict[str, Bilingual]:
    with (Path(__file__).with_name("strings.yaml")).open(encoding="utf-8") as handle:
        return {key: Bilingual(**pair) for key, pair in yaml.safe_load(handle).items()}


def bilingual(key: str) -> Bilingual:
    """The interface string `key` in both languages (for what the core prints, such as a redline's summary)."""
    return _catalog()[key]


def text(key: str, lang: str) -> str:
    """The interface string `key` in `lang` (zh or en)."""
    return _catalog()[key].get(lang)
