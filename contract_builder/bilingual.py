"""A piece of text in Simplified Chinese and English, and the languages and editions we print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
# An edition is what the reader gets: one language, both paragraph by paragraph
# (bilingual), or both side by side in two columns (parallel).
EDITIONS: tuple[str, ...] = ("zh", "en", "bilingual", "parallel")
BOTH_LANGUAGES: tuple[str, ...] = ("bilingual", "parallel")
T = TypeVar("T")


def edition_languages(edition: str) -> tuple[Lang, ...]:
    """The languages an edition prints, in reading order: ("zh", "en") for both, else the one."""
    return LANGS if edition in BOTH_LANGUAGES else (edition,)  # type: ignore[return-value]


@dataclass(frozen=True)
class Bilingual:
    """The same words in Chinese and English; `get(lang)` picks one."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return pick(lang, self.zh, self.en)


def pick(lang: str, zh: T, en: T) -> T:
    """The Chinese or the English of a pair, for `lang`: the one place that decides (English unless zh)."""
    return zh if lang == "zh" else en
