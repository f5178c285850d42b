"""Load and validate a template package: manifest, clause texts, examples and glossary.

A package is a folder `templates/<id>/` (see docs/templates.md). Everything is
checked when it loads, so a template author learns of a misspelt field, a
missing translation or a reference to a clause that does not exist at once,
with the file and place, and not when some user picks a rare option.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Template

from contract_builder.bilingual import LANGS, Bilingual
from contract_builder.clause_files import ClauseSpec, ParagraphSpec, TextParser, check_condition
from contract_builder.compiler import compile_document
from contract_builder.document import depth_first
from contract_builder.errors import TemplateError, UnknownExampleError
from contract_builder.fields import Field
from contract_builder.package_yaml import expect_keys, parse_bilingual, read_yaml
from contract_builder.risks import RiskRule, parse_risks


@dataclass(frozen=True)
class Check:
    """A rule across fields (an end date after a start date); its message is shown on `field`."""

    field: str
    assertion: str
    message: Bilingual


@dataclass(frozen=True)
class Example:
    """A ready answer set shipped with the template, for demos and golden tests."""

    id: str
    title: Bilingual
    path: Path


@dataclass(frozen=True)
class DefaultChange:
    """Defaults as they were before `version`: links made earlier get these values back."""

    version: str
    defaults: Mapping[str, Any]


@dataclass(frozen=True)
class GlossaryTerm:
    """A fixed translation: where `zh` appears, the aligned English says `en` and none of `avoid`."""

    zh: str
    en: str
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContractTemplate:
    """A loaded, validated template package."""

    id: str
    version: str
    path: Path
    title: Bilingual
    governing_law: Bilingual
    description: Bilingual
    groups: Mapping[str, Bilingual]
    open_groups: frozenset[str]  # shown open on first view
    fields: Mapping[str, Field]
    checks: tuple[Check, ...]
    front: tuple[ParagraphSpec, ...]
    clauses: tuple[ClauseSpec, ...]
    signature: tuple[ParagraphSpec, ...]
    examples: tuple[Example, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    default_changes: tuple[DefaultChange, ...] = ()
    # The fields a download's file name carries, for Chinese and for English editions.
    file_name: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The whole contract as one template per language (see compiler.py).
    documents: Mapping[str, Template] = field(default_factory=dict)
    # The review's rules (risks.py); review.py proves each one's trigger and fix.
    risks: tuple[RiskRule, ...] = ()
    # The example whose options are the recommended positions ("apply all recommended").
    recommended: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Pickled by catalog.py's cache of loaded packages. The compiled whole-contract templates
        # are code, which pickle cannot keep: they are made again on unpickling, from the compiled
        # code kept on disk (environment.compile_clause_text).
        return {name: value for name, value in self.__dict__.items() if name != "documents"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        parts = (state["front"], state["clauses"], state["signature"])
        self.__dict__.update(state, documents={lang: compile_document(*parts, lang) for lang in LANGS})

    @cached_property
    def clause_specs(self) -> Mapping[str, ClauseSpec]:
        """Every clause by id."""
        return {spec.id: spec for spec in self.walk_clauses()}

    @cached_property
    def paragraph_specs(self) -> Mapping[str, ParagraphSpec]:
        """Every paragraph by id."""
        return {spec.id: spec for spec in self.all_paragraphs()}

    def walk_clauses(self) -> Iterator[ClauseSpec]:
        """Every clause, depth first, whether or not current answers include it."""
        return depth_first(self.clauses)

    def all_paragraphs(self) -> Iterator[ParagraphSpec]:
        yield from self.front
        for clause in self.walk_clauses():
            yield from clause.paragraphs
        yield from self.signature

    def example(self, example_id: str) -> Example:
        for example in self.examples:
            if example.id == example_id:
                return example
        raise UnknownExampleError(
            Bilingual(
                zh=f"模板 {self.id} 没有示例 {example_id!r}", en=f"template {self.id} has no example {example_id!r}"
            )
        )


def read_template(path: Path) -> ContractTemplate:
    """Read and check the template package in folder `path` (catalog.py also proves its review rules)."""
    manifest = read_yaml(path / "manifest.yaml")
    where = f"{path.name}/manifest.yaml"
    expect_keys(
        manifest,
        where,
        required={"id", "version", "title", "governing_law", "description", "groups", "fields", "text"},
        optional={
            "checks",
            "examples",
            "glossary",
            "default_changes",
            "open_groups",
            "file_name",
            "field_files",
            "risks",
            "recommended",
        },
    )
    if manifest["id"] != path.name:
        raise TemplateError(f"{where}.id: {manifest['id']!r} must equal the folder name {path.name!r}")
    groups = {
        str(key): parse_bilingual(value, f"{where}.groups.{key}")
        for key, value in _mapping(manifest, "groups", where).items()
    }
    fields = _parse_fields(_field_entries(path, manifest, where), groups, where)
    parser = TextParser(path, fields)
    text = _mapping(manifest, "text", where)
    expect_keys(text, f"{where}.text", required={"front", "articles", "signature"}, optional=set())
    front = parser.paragraph_file(text["front"])
    signature = parser.paragraph_file(text["signature"])
    if not isinstance(text["articles"], list) or not text["articles"]:
        raise TemplateError(f"{where}.text.articles: expected a list of clause files")
    clauses = tuple(parser.clause_file(name) for name in text["articles"])
    parser.check_references()
    checks = tuple(
        _parse_check(raw, f"{where}.checks[{i}]", fields) for i, raw in enumerate(manifest.get("checks") or ())
    )
    for item in fields.values():
        if item.requires:
            where_requires = f"{where} field {item.id}.requires"
            check_condition(item.requires, where_requires, fields, options_only=False, answers_only=True)
        if item.fallback and (item.fallback not in fields or fields[item.fallback].kind != item.kind):
            raise TemplateError(f"{where} field {item.id}.fallback: {item.fallback!r} is not a {item.kind} field")
    return ContractTemplate(
        id=manifest["id"],
        version=str(manifest["version"]),
        path=path,
        title=parse_bilingual(manifest["title"], f"{where}.title"),
        governing_law=parse_bilingual(manifest["governing_law"], f"{where}.governing_law"),
        description=parse_bilingual(manifest["description"], f"{where}.description"),
        groups=groups,
        open_groups=_parse_open_groups(manifest.get("open_groups"), groups, f"{where}.open_groups"),
        fields=fields,
        checks=checks,
        front=front,
        clauses=clauses,
        signature=signature,
        examples=tuple(
            _parse_example(raw, path, f"{where}.examples[{i}]") for i, raw in enumerate(manifest.get("examples") or ())
        ),
        glossary=_parse_glossary(path, manifest.get("glossary")),
        default_changes=_parse_default_changes(manifest.get("default_changes"), fields, f"{where}.default_changes"),
        documents={lang: compile_document(front, clauses, signature, lang) for lang in LANGS},
        file_name=_parse_file_name(manifest.get("file_name"), fields, f"{where}.file_name"),
        risks=parse_risks(path, manifest, fields, frozenset(spec.id for spec in depth_first(clauses))),
        recommended=_parse_recommended(manifest.get("recommended"), manifest.get("examples") or (), where),
    )


def _field_entries(path: Path, manifest: Mapping[str, Any], where: str) -> list[tuple[str, Any]]:
    """The manifest's `fields`, then each of `field_files` in order: (where, raw field) pairs.

    A long template keeps its fields in several files, one per part of the contract; an entry
    `- include: shared:arbitration` in a list puts a shared file's fields at that place."""
    names = manifest.get("field_files") or []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise TemplateError(f"{where}.field_files: expected a list of file names")
    sources = [(f"{where}.fields", manifest["fields"])] + [_field_file(path, name) for name in names]
    entries: list[tuple[str, Any]] = []
    for source_where, raw in sources:
        if not isinstance(raw, list):
            raise TemplateError(f"{source_where}: expected a list of fields")
        for index, item in enumerate(raw):
            if isinstance(item, Mapping) and set(item) == {"include"} and isinstance(item["include"], str):
                included_where, included = _field_file(path, item["include"])
                if not isinstance(included, list):
                    raise TemplateError(f"{included_where}: expected a list of fields")
                entries += [(f"{included_where}[{i}]", field) for i, field in enumerate(included)]
            else:
                entries.append((f"{source_where}[{index}]", item))
    return entries


# Fields every template may share (the arbitration commissions), kept with the core like the table of laws:
# `include: shared:arbitration` in a fields list names contract_builder/shared/arbitration.yaml.
SHARED_FIELDS = Path(__file__).with_name("shared")


def _field_file(path: Path, name: str) -> tuple[str, Any]:
    if name.startswith("shared:"):
        shared = name.removeprefix("shared:")
        if not shared.isidentifier() or not (SHARED_FIELDS / f"{shared}.yaml").exists():
            raise TemplateError(f"{path.name}/manifest.yaml.field_files: no shared field file {name!r}")
        return f"contract_builder/shared/{shared}.yaml", read_yaml(SHARED_FIELDS / f"{shared}.yaml")
    return f"{path.name}/{name}", read_yaml(path / name)


def _parse_recommended(raw: Any, examples: Any, where: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or raw not in {e.get("id") for e in examples if isinstance(e, Mapping)}:
        raise TemplateError(f"{where}.recommended: {raw!r} is not the id of one of the examples")
    return raw


def _parse_open_groups(raw: Any, groups: Mapping[str, Bilingual], where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or any(item not in groups for item in raw):
        raise TemplateError(f"{where}: expected a list of group ids from groups")
    return frozenset(raw)


def _parse_file_name(raw: Any, fields: Mapping[str, Field], where: str) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    expect_keys(raw, where, required=set(LANGS), optional=set())
    for lang in LANGS:
        items = raw[lang]
        if not isinstance(items, list) or any(item not in fields or fields[item].kind != "text" for item in items):
            raise TemplateError(f"{where}.{lang}: expected a list of text field ids")
    return {lang: tuple(raw[lang]) for lang in LANGS}


def _mapping(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, Mapping):
        raise TemplateError(f"{where}.{key}: expected a mapping")
    return value


def _parse_fields(entries: list[tuple[str, Any]], groups: Mapping[str, Bilingual], where: str) -> dict[str, Field]:
    if not entries:
        raise TemplateError(f"{where}.fields: expected a list of fields")
    fields: dict[str, Field] = {}
    for item_where, item in entries:
        parsed = Field.parse(item, item_where)
        if parsed.id in fields:
            raise TemplateError(f"{item_where}: duplicate id {parsed.id}")
        if parsed.group not in groups:
            raise TemplateError(f"{item_where} ({parsed.id}).group: {parsed.group!r} is not in groups")
        fields[parsed.id] = parsed
    # party_a.name and party_a.name.first cannot both be answers: nesting would be ambiguous.
    for field_id in fields:
        for other in fields:
            if other.startswith(field_id + "."):
                raise TemplateError(f"{where}.fields: {field_id} is both a field and a group of {other}")
    return fields


def _parse_check(raw: Any, where: str, fields: Mapping[str, Field]) -> Check:
    expect_keys(raw, where, required={"field", "assert", "message"}, optional=set())
    if raw["field"] not in fields:
        raise TemplateError(f"{where}.field: {raw['field']!r} is not a field")
    check_condition(raw["assert"], f"{where}.assert", fields, options_only=False, answers_only=True)
    return Check(
        field=raw["field"], assertion=raw["assert"], message=parse_bilingual(raw["message"], f"{where}.message")
    )


def _parse_example(raw: Any, path: Path, where: str) -> Example:
    expect_keys(raw, where, required={"id", "title", "file"}, optional=set())
    example_path = path / raw["file"]
    if not example_path.is_file():
        raise TemplateError(f"{where}.file: {raw['file']} not found")
    return Example(id=raw["id"], title=parse_bilingual(raw["title"], f"{where}.title"), path=example_path)


def _parse_default_changes(raw: Any, fields: Mapping[str, Field], where: str) -> tuple[DefaultChange, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise TemplateError(f"{where}: expected a list of {{version, defaults}}")
    changes = []
    for index, item in enumerate(raw):
        expect_keys(item, f"{where}[{index}]", required={"version", "defaults"}, optional=set())
        defaults = item["defaults"]
        if not isinstance(defaults, Mapping) or not set(defaults) <= set(fields):
            raise TemplateError(f"{where}[{index}].defaults: expected a mapping of field ids to old defaults")
        changes.append(DefaultChange(version=str(item["version"]), defaults=dict(defaults)))
    # Earliest first: a link gets the default of the first change made after it.
    return tuple(sorted(changes, key=lambda change: version_key(change.version)))


def version_key(version: str) -> tuple[int, ...]:
    """A dotted version as numbers, for comparing: "1.10.0" > "1.9.2"; () when it is not one."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return ()


def _parse_glossary(path: Path, name: Any) -> tuple[GlossaryTerm, ...]:
    if name is None:
        return ()
    raw = read_yaml(path / name)
    if not isinstance(raw, list):
        raise TemplateError(f"{path.name}/{name}: expected a list of terms")
    terms = []
    for index, item in enumerate(raw):
        expect_keys(item, f"{path.name}/{name}[{index}]", required={"zh", "en"}, optional={"avoid"})
        terms.append(GlossaryTerm(zh=item["zh"], en=item["en"], avoid=tuple(item.get("avoid") or ())))
    return tuple(terms)
