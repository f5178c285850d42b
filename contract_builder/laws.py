"""The PRC laws review rules may cite (`laws.yaml`) and how a citation prints in each language.

The table is data: one entry per law with the articles that were checked against
the official text. A citation of anything else fails when a template loads, so a
rule can never cite an article nobody read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from contract_builder.bilingual import Bilingual
from contract_builder.errors import TemplateError
from contract_builder.numbering import chinese_numeral
from contract_builder.package_yaml import expect_keys, parse_bilingual, read_yaml

LAWS_FILE = Path(__file__).with_name("laws.yaml")


@dataclass(frozen=True)
class Law:
    """A statute, regulation or judicial interpretation, with the articles it may be cited for."""

    id: str
    name: Bilingual
    short: Bilingual
    articles: Mapping[int, Bilingual]  # article → what it says


@dataclass(frozen=True)
class Citation:
    """Law and article (with paragraph 款, item 项, or a range to `to`): 《民法典》第五百八十五条 ↔ Article 585."""

    law: Law
    article: int
    paragraph: int | None = None
    item: int | None = None
    to: int | None = None

    def text(self, lang: str) -> str:
        """《中华人民共和国民法典》第五百八十五条 / Civil Code of the People's Republic of China, Article 585."""
        if lang == "zh":
            words = f"《{self.law.name.zh}》第{chinese_numeral(self.article)}条"
            if self.to is not None:
                words += f"至第{chinese_numeral(self.to)}条"
            if self.paragraph is not None:
                words += f"第{chinese_numeral(self.paragraph)}款"
            if self.item is not None:
                words += f"第（{chinese_numeral(self.item)}）项"
            return words
        if self.to is not None:
            return f"{self.law.name.en}, Articles {self.article} to {self.to}"
        suffix = "".join(f"({n})" for n in (self.paragraph, self.item) if n is not None)
        return f"{self.law.name.en}, Article {self.article}{suffix}"

    @property
    def gist(self) -> Bilingual:
        """What the cited article says, in a line."""
        return self.law.articles[self.article]


@cache
def laws_table() -> Mapping[str, Law]:
    """The table of laws, by id (read once)."""
    raw = read_yaml(LAWS_FILE)
    where = LAWS_FILE.name
    if not isinstance(raw, Mapping):
        raise TemplateError(f"{where}: expected a mapping of law ids")
    table = {}
    for law_id, entry in raw.items():
        expect_keys(entry, f"{where}.{law_id}", required={"name", "short", "articles"}, optional=set())
        articles = entry["articles"]
        if not isinstance(articles, Mapping) or not all(isinstance(n, int) and n > 0 for n in articles):
            raise TemplateError(f"{where}.{law_id}.articles: expected article numbers")
        table[str(law_id)] = Law(
            id=str(law_id),
            name=parse_bilingual(entry["name"], f"{where}.{law_id}.name"),
            short=parse_bilingual(entry["short"], f"{where}.{law_id}.short"),
            articles={n: parse_bilingual(gist, f"{where}.{law_id}.articles.{n}") for n, gist in articles.items()},
        )
    return table


def parse_citation(raw: Any, where: str) -> Citation:
    """`{law: civil_code, article: 585}` (optional `paragraph`, `item`, `to`), checked against the table."""
    expect_keys(raw, where, required={"law", "article"}, optional={"paragraph", "item", "to"})
    law = laws_table().get(raw["law"])
    if law is None:
        raise TemplateError(f"{where}.law: {raw['law']!r} is not in {LAWS_FILE.name}")
    numbers = {key: raw.get(key) for key in ("article", "paragraph", "item", "to")}
    for key, number in numbers.items():
        if number is not None and (not isinstance(number, int) or isinstance(number, bool) or number < 1):
            raise TemplateError(f"{where}.{key}: expected a positive whole number")
    for key in ("article", "to"):
        if numbers[key] is not None and numbers[key] not in law.articles:
            raise TemplateError(f"{where}.{key}: article {numbers[key]} of {law.id} is not in {LAWS_FILE.name}")
    return Citation(
        law=law, article=raw["article"], paragraph=raw.get("paragraph"), item=raw.get("item"), to=raw.get("to")
    )
