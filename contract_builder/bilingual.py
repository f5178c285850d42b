"""A piece of text in Simplified Chinese and English, and the languages and editions we print."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
# An edition is what the reader gets: one language, both paragraph by paragraph
# (bilingual), or both side by side in two columns (parallel).
EDITIONS: tuple[str, ...] = ("zh", "en", "bilingual", "parallel")
BOTH_LANGUAGES: tuple[str, ...] = ("bilingual", "parallel")


def edition_languages(edition: str) -> tuple[Lang, ...]:
    """The languages an edition prints, in reading order: ("zh", "en") for both, else the one."""
    return LANGS if edition in BOTH_LANGUAGES else (edition,)  # type: ignore[return-value]


@dataclass(frozen=True)
class Bilingual:
    """The same words in Chinese and English; `get(lang)` picks one."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    @classmethod
    def parse(cls, raw: Any, where: str) -> Bilingual:
        """Read `{zh: ..., en: ...}` from a manifest; both languages are required and non-empty."""
        from contract_builder.errors import TemplateError

        if not isinstance(raw, Mapping) or set(raw) != {"zh", "en"}:
            raise TemplateError(f"{where}: expected a mapping with exactly the keys zh and en")
        for lang in LANGS:
            if not isinstance(raw[lang], str) or not raw[lang].strip():
                raise TemplateError(f"{where}.{lang}: expected non-empty text")
        return cls(zh=raw["zh"].strip(), en=raw["en"].strip())
