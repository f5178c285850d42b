"""The template linter: proof, from a package's own texts, that its two languages say the same thing.

Loading already refuses what cannot work (a misspelt field, a missing translation, a rule
citing an unknown law). The linter reads further, paragraph by paragraph, in both
languages, and reports what a bilingual reviewer would mark:

- structure: a paragraph that comes out in one language only, under any combination of
  the options and editions its texts depend on (every combination is walked, not sampled);
- numbers: figures, percentages, counts and time spans written in the template's own
  words that differ between the languages (三十日 ↔ thirty (30) days, 百分之五 ↔ 5%);
- fields and references: a value or a clause reference used on one side only;
- terms: the glossary's terms (zh ↔ en) used on one side only, wordings to avoid, a
  capitalised English term that looks defined but is not in the glossary, and a
  glossary term no text uses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import nodes

from contract_builder.bilingual import EDITIONS
from contract_builder.clause_files import ParagraphSpec
from contract_builder.document import depth_first
from contract_builder.environment import TEMPLATE_RUNTIME_ERRORS, clause_environment
from contract_builder.fields import Field
from contract_builder.laws import laws_table
from contract_builder.markers import reference_marker
from contract_builder.package_yaml import expect_keys, read_yaml
from contract_builder.templates import ContractTemplate
from contract_builder.values import SegmentSink, text_context


@dataclass(frozen=True)
class LintFinding:
    """One thing to fix: where (file, clause, paragraph), which check, and what."""

    file: str
    clause: str
    paragraph: str
    check: str
    message: str

    def line(self) -> str:
        return f"{self.file}: {self.clause or '-'} {self.paragraph}: [{self.check}] {self.message}"


ACCEPTED_FILE = "lint.yaml"


def lint(template: ContractTemplate) -> list[LintFinding]:
    """Every finding for a loaded template, in reading order, less those its reviewer accepted in
    lint.yaml (an accepted finding that no longer occurs is itself a finding: the list stays true)."""
    found = _all_findings(template)
    accepted = _accepted(template)
    kept = [f for f in found if (f.paragraph, f.check) not in accepted]
    occurring = {(f.paragraph, f.check) for f in found}
    for paragraph, check in sorted(set(accepted) - occurring):
        kept.append(
            LintFinding(ACCEPTED_FILE, "", paragraph, "accepted", f"accepts a {check} finding that no longer occurs")
        )
    return kept


def _accepted(template: ContractTemplate) -> dict[tuple[str, str], str]:
    """lint.yaml: `accepted: [{paragraph, check, reason}]`, findings a reviewer read and kept, each with why."""
    path = template.path / ACCEPTED_FILE
    if not path.exists():
        return {}
    raw = read_yaml(path)
    where = f"{template.path.name}/{ACCEPTED_FILE}"
    expect_keys(raw, where, required={"accepted"}, optional=set())
    accepted = {}
    for index, item in enumerate(raw["accepted"] or []):
        expect_keys(item, f"{where}.accepted[{index}]", required={"paragraph", "check", "reason"}, optional=set())
        accepted[(item["paragraph"], item["check"])] = item["reason"]
    return accepted


def _all_findings(template: ContractTemplate) -> list[LintFinding]:
    found: list[LintFinding] = []
    used_terms: set[str] = set()
    for file, clause, spec in _paragraphs(template):
        found += _structure(template, file, clause, spec)
        found += _numbers(file, clause, spec)
        found += _names(template, file, clause, spec)
        found += _terms(template, file, clause, spec, used_terms)
    for term in template.glossary:
        if term.zh not in used_terms:
            found.append(LintFinding("glossary.yaml", "", "", "terms", f"{term.zh} / {term.en} is used by no text"))
    return found


# --- Where each paragraph comes from ---------------------------------------------------------


def _paragraphs(template: ContractTemplate) -> Iterator[tuple[str, str, ParagraphSpec]]:
    """Each paragraph with the file it is written in (as the manifest names it) and its clause."""
    text = read_yaml(template.path / "manifest.yaml")["text"]
    for spec in template.front:
        yield text["front"], "front", spec
    for file, article in zip(text["articles"], template.clauses, strict=True):
        for clause in depth_first((article,)):
            for spec in clause.paragraphs:
                yield file, clause.id, spec
    for spec in template.signature:
        yield text["signature"], "signature", spec


# --- Structure: both languages under every combination ----------------------------------------


_MAX_COMBINATIONS = 4096  # a paragraph depending on more than this is reported, not walked


def _structure(template: ContractTemplate, file: str, clause: str, spec: ParagraphSpec) -> list[LintFinding]:
    fields = template.fields
    options = sorted(
        {f for lang in ("zh", "en") for f in _fields_used(spec.source.get(lang), fields) if fields[f].is_option}
    )
    uses_edition = any("edition" in spec.source.get(lang) for lang in ("zh", "en"))
    choices = [_values(fields[f]) for f in options] + [list(EDITIONS) if uses_edition else ["bilingual"]]
    combinations = 1
    for column in choices:
        combinations *= len(column)
    if combinations > _MAX_COMBINATIONS:
        return [LintFinding(file, clause, spec.id, "structure", f"depends on {combinations} combinations: split it")]
    defaults = {field_id: field.default for field_id, field in fields.items()}
    for combination in itertools.product(*choices):
        answers = {**defaults, **dict(zip(options, combination[:-1], strict=True))}
        edition = combination[-1]
        texts = {}
        for lang in ("zh", "en"):
            context = text_context(fields, answers, lang, SegmentSink(), edition, reference_marker)
            try:
                texts[lang] = spec.template(lang).render(context).strip()
            except TEMPLATE_RUNTIME_ERRORS as error:
                return [LintFinding(file, clause, spec.id, "structure", f"fails to render ({lang}): {error}")]
        if bool(texts["zh"]) != bool(texts["en"]):
            setting = ", ".join(f"{f}={v!r}" for f, v in zip(options, combination, strict=False))
            empty = "English" if texts["zh"] else "Chinese"
            message = f"the {empty} text is empty where the other is not ({setting or 'defaults'}, edition {edition})"
            return [LintFinding(file, clause, spec.id, "structure", message)]
    return []


@cache
def _parse(source: str) -> nodes.Template:
    """A clause text's syntax tree, parsed once: every check reads the same text (the tree is only read)."""
    return clause_environment().parse(source)


def _values(field: Field) -> list[Any]:
    if field.kind == "toggle":
        return [False, True]
    if field.kind == "choice":
        return [choice.value for choice in field.choices]
    # multi: none, each alone, and all (membership tests are what texts ask of them)
    values = [choice.value for choice in field.choices]
    return [[], *([value] for value in values), values]


def _fields_used(source: str, fields: Mapping[str, Field]) -> set[str]:
    """The fields a Jinja text names, as attribute chains or through text('field')."""
    ast = _parse(source)
    used = set()
    for node in ast.find_all((nodes.Getattr, nodes.Name)):
        path = _path(node)
        for end in range(len(path), 0, -1):
            dotted = ".".join(path[:end])
            if dotted in fields:
                used.add(dotted)
                break
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "text" and call.args:
            if isinstance(call.args[0], nodes.Const) and call.args[0].value in fields:
                used.add(call.args[0].value)
    return used


def _path(node: nodes.Node) -> list[str]:
    chain: list[str] = []
    while isinstance(node, nodes.Getattr):
        chain.insert(0, node.attr)
        node = node.node
    return [node.name, *chain] if isinstance(node, nodes.Name) else []


def _references(source: str) -> set[str]:
    ast = _parse(source)
    return {
        call.args[0].value
        for call in ast.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "ref" and call.args
        and isinstance(call.args[0], nodes.Const)
    }  # fmt: skip


# --- Fields and references used on both sides ----------------------------------------------------


def _names(template: ContractTemplate, file: str, clause: str, spec: ParagraphSpec) -> list[LintFinding]:
    found = []
    zh, en = spec.source.zh, spec.source.en
    # An English field (party_a.name_en) stands for the field it falls back to (party_a.name).
    english_of = {f.id: f.fallback for f in template.fields.values() if f.fallback}
    for kind, extract in (("field", _variables), ("reference", _references)):
        left, right = extract(zh), {english_of.get(name, name) for name in extract(en)}
        for name in sorted(left - right):
            found.append(LintFinding(file, clause, spec.id, "names", f"{kind} {name} is used in Chinese only"))
        for name in sorted(right - left):
            found.append(LintFinding(file, clause, spec.id, "names", f"{kind} {name} is used in English only"))
    return found


def _variables(source: str) -> set[str]:
    """The values a text prints ({{ party_a.name }}, {{ text('services.channels') }}), without the form."""
    ast = _parse(source)
    printed = set()
    for output in ast.find_all(nodes.Output):
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            path = _path(node.node if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) else node)
            if path and path[0] not in ("ref", "blank", "text", "edition"):
                printed.add(".".join(path[:2]))
            if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "text":
                if node.args and isinstance(node.args[0], nodes.Const):
                    printed.add(str(node.args[0].value))
    return printed


# --- Numbers written in the template's own words ------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_NUMBER = "[零〇一二两三四五六七八九十百千万]+"
# A Chinese numeral counts as a number before a unit or measure word (三十日, 一式两份, 五个工作日), or
# after 百分之; not as part of a word (一致, 统一, 任何一方) and not as an ordinal or a citation (第五条).
_CN_COUNTED = re.compile(
    rf"百分之({_CN_NUMBER})|(?<!第)(?<![统同唯逐任])({_CN_NUMBER})(?=个|日|天|年|月|周|小时|分钟|份|次|名|倍|项|式|种|%|（)"
)
_ARABIC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "forty-five": 45, "sixty": 60, "ninety": 90, "hundred": 100,
}  # fmt: skip
_EN_WORD = re.compile(r"\b(" + "|".join(sorted(_EN_WORDS, key=len, reverse=True)) + r")\b", re.I)
# Citations of laws and clauses are not amounts: "Article 21", "Articles 44 to 50".
_EN_CITED = re.compile(r"\b(Articles?|Clauses?|Sections?)\s+\d+(\s*(to|and|,)\s*\d+)*")


def chinese_number(text: str) -> int:
    """三十 → 30, 一百二十 → 120, 两 → 2, 一万 → 10000 (the numerals contracts write out)."""
    if "万" in text:
        high, _, low = text.partition("万")
        return (chinese_number(high) if high else 1) * 10000 + (chinese_number(low) if low else 0)
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGIT:
            digit = _CN_DIGIT[char]
        else:
            total += (1 if digit is None else digit) * _CN_UNIT[char]
            digit = None
    return total + (digit or 0)


def _template_words(source: str) -> str:
    """The template's own words: what stands outside {{ }} and {% %}."""
    return " ".join(node.data for node in _parse(source).find_all(nodes.TemplateData))


# List items, （1） in Chinese and (a) or (1) in English, are not amounts either.
_ZH_ITEM = re.compile(r"[（(][0-9一二三四五六七八九十]+[）)]")
_EN_ITEM = re.compile(r"\((?:\d+|[a-z]|[ivx]+)\)")


def numbers_zh(text: str) -> set[float]:
    """The amounts a Chinese text writes: 三十日 → 30, 百分之五 → 5, 一式两份 → 2; one (一方, 一日) left out."""
    text = _ZH_ITEM.sub("", re.sub(r"第[0-9零一二三四五六七八九十百]+[条款项]", "", text))
    found = {float(chinese_number(match.group(1) or match.group(2))) for match in _CN_COUNTED.finditer(text)}
    found |= {float(match.group(1)) for match in _ARABIC.finditer(text)}
    return found - {1.0}


def numbers_en(text: str) -> set[float]:
    """The amounts an English text writes: thirty (30) days → 30, 5% → 5; one (a Party, each day) left out."""
    text = _EN_ITEM.sub("", _EN_CITED.sub("", text))
    found = {float(match.group(1)) for match in _ARABIC.finditer(text)}
    found |= {float(_EN_WORDS[match.group(1).lower()]) for match in _EN_WORD.finditer(text)}
    return found - {1.0}


def _numbers(file: str, clause: str, spec: ParagraphSpec) -> list[LintFinding]:
    zh, en = numbers_zh(_template_words(spec.source.zh)), numbers_en(_template_words(spec.source.en))
    if zh == en:
        return []
    shown = ", ".join(f"{n:g}" for n in sorted(zh ^ en))
    return [LintFinding(file, clause, spec.id, "numbers", f"numbers differ between the languages: {shown}")]


# --- Terms -------------------------------------------------------------------------------------------------

# Capitalised words that English contracts use without a definition.
_UNDEFINED_OK = {
    "Agreement", "Party", "Parties", "Party A", "Party B", "People's Republic of China", "China", "Chinese",
    "English", "RMB", "Renminbi", "Yuan", "Civil Code", "Client", "Service Provider", "Company Chop",
    "Legal Representative", "Authorised Representative", "Signature", "Seal", "Date", "Name", "Address",
    "Contact Details", "Hong Kong Special Administrative Region", "Macao Special Administrative Region", "Taiwan",
}  # fmt: skip
_LOOKS_DEFINED = re.compile(r"\bthe ((?:[A-Z][a-z]+(?:'s)?)(?: (?:[A-Z][a-z]+(?:'s)?|of))*)")


def _terms(
    template: ContractTemplate, file: str, clause: str, spec: ParagraphSpec, used: set[str]
) -> list[LintFinding]:
    found = []
    zh, en = _template_words(spec.source.zh), _template_words(spec.source.en)
    defined = {term.en.strip('"') for term in template.glossary} | _UNDEFINED_OK
    laws = [law.name.en for law in laws_table().values()]
    for term in template.glossary:
        if term.zh in zh:
            used.add(term.zh)
            if term.en.lower() not in en.lower():
                found.append(LintFinding(file, clause, spec.id, "terms", f"{term.zh} without {term.en!r} in English"))
        for avoided in term.avoid:
            if re.search(rf"\b{re.escape(avoided)}\b", en, re.I):
                found.append(LintFinding(file, clause, spec.id, "terms", f"{avoided!r}: write {term.en!r}"))
    flagged = set()
    for match in _LOOKS_DEFINED.finditer(en):
        name = match.group(1).removesuffix(" of").removesuffix("'s")
        if name.lower() in {term.lower() for term in defined} or any(law.startswith(name) for law in laws):
            continue
        flagged.add(name)
    for name in sorted(flagged):
        found.append(LintFinding(file, clause, spec.id, "terms", f"{name!r} looks defined but is not in the glossary"))
    return found
