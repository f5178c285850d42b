"""Load and validate a template package: manifest, clause texts, examples and glossary.

A package is a folder `templates/<id>/` (see docs/templates.md). Everything is
checked when it loads, so a template author learns of a misspelt field, a
missing translation or a reference to a clause that does not exist at once,
with the file and place, and not when some user picks a rare option.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Template, TemplateSyntaxError, meta, nodes

from contract_builder.bilingual import LANGS, Bilingual
from contract_builder.document import depth_first
from contract_builder.environment import clause_environment
from contract_builder.errors import TemplateError, UnknownTemplateError
from contract_builder.fields import Field
from contract_builder.fill import FILL_ATTRIBUTES
from contract_builder.numbering import MAX_DEPTH
from contract_builder.stream import MARKER_CHARS, compile_document

# Names a clause text may use besides the answers (see fill.TextContext).
TEXT_GLOBALS = frozenset({"ref", "text", "blank", "edition"})
CONDITION_GLOBALS = frozenset({"edition"})
PARAGRAPH_STYLES = ("body", "party", "field", "signature")
CLAUSE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MARKER_CHARS = re.compile(f"[{MARKER_CHARS}]")


@dataclass(frozen=True)
class ParagraphSpec:
    """One paragraph as written by the template author: a Jinja text per language."""

    id: str
    source: Bilingual
    zh: Template
    en: Template
    when: str | None = None
    style: str = "body"

    def template(self, lang: str) -> Template:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ClauseSpec:
    """A numbered clause: optional heading, its paragraphs, then its sub-clauses."""

    id: str
    heading: Bilingual | None
    paragraphs: tuple[ParagraphSpec, ...]
    children: tuple[ClauseSpec, ...]
    when: str | None = None


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
    fields: Mapping[str, Field]
    checks: tuple[Check, ...]
    front: tuple[ParagraphSpec, ...]
    clauses: tuple[ClauseSpec, ...]
    signature: tuple[ParagraphSpec, ...]
    examples: tuple[Example, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    # The whole contract as one template per language (see stream.py).
    documents: Mapping[str, Template] = field(default_factory=dict)

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
        raise UnknownTemplateError(
            f"template {self.id} has no example {example_id!r}", f"模板 {self.id} 没有示例 {example_id!r}"
        )


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
    root = (root or templates_root()).resolve()
    if template_id not in available_templates(root):
        known = ", ".join(available_templates(root)) or "none"
        raise UnknownTemplateError(
            f"no template {template_id!r}; available: {known}", f"没有模板 {template_id!r}；可用模板：{known}"
        )
    return _load_cached(root / template_id)


@cache
def _load_cached(path: Path) -> ContractTemplate:
    return load_template(path)


def load_template(path: Path) -> ContractTemplate:
    """Load and fully validate the template package in folder `path`."""
    manifest = _read_yaml(path / "manifest.yaml")
    where = f"{path.name}/manifest.yaml"
    _expect_keys(
        manifest,
        where,
        required={"id", "version", "title", "governing_law", "description", "groups", "fields", "text"},
        optional={"checks", "examples", "glossary"},
    )
    if manifest["id"] != path.name:
        raise TemplateError(f"{where}.id: {manifest['id']!r} must equal the folder name {path.name!r}")
    groups = {
        str(key): Bilingual.parse(value, f"{where}.groups.{key}")
        for key, value in _mapping(manifest, "groups", where).items()
    }
    fields = _parse_fields(manifest["fields"], groups, where)
    parser = _TextParser(path, fields)
    text = _mapping(manifest, "text", where)
    _expect_keys(text, f"{where}.text", required={"front", "articles", "signature"}, optional=set())
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
            _check_condition(item.requires, f"{where} field {item.id}.requires", fields, options_only=False)
        if item.fallback and (item.fallback not in fields or fields[item.fallback].kind != item.kind):
            raise TemplateError(f"{where} field {item.id}.fallback: {item.fallback!r} is not a {item.kind} field")
    return ContractTemplate(
        id=manifest["id"],
        version=str(manifest["version"]),
        path=path,
        title=Bilingual.parse(manifest["title"], f"{where}.title"),
        governing_law=Bilingual.parse(manifest["governing_law"], f"{where}.governing_law"),
        description=Bilingual.parse(manifest["description"], f"{where}.description"),
        groups=groups,
        fields=fields,
        checks=checks,
        front=front,
        clauses=clauses,
        signature=signature,
        examples=tuple(
            _parse_example(raw, path, f"{where}.examples[{i}]") for i, raw in enumerate(manifest.get("examples") or ())
        ),
        glossary=_parse_glossary(path, manifest.get("glossary")),
        documents={lang: compile_document(front, clauses, signature, lang) for lang in LANGS},
    )


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise TemplateError(f"{path}: file not found") from None
    except yaml.YAMLError as error:
        raise TemplateError(f"{path}: not valid YAML: {error}") from None


def _mapping(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, Mapping):
        raise TemplateError(f"{where}.{key}: expected a mapping")
    return value


def _expect_keys(raw: Any, where: str, required: set[str], optional: set[str]) -> None:
    if not isinstance(raw, Mapping):
        raise TemplateError(f"{where}: expected a mapping")
    missing = required - set(raw)
    if missing:
        raise TemplateError(f"{where}: missing keys {sorted(missing)}")
    unknown = set(raw) - required - optional
    if unknown:
        raise TemplateError(f"{where}: unknown keys {sorted(unknown)}")


def _parse_fields(raw: Any, groups: Mapping[str, Bilingual], where: str) -> dict[str, Field]:
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"{where}.fields: expected a list of fields")
    fields: dict[str, Field] = {}
    for index, item in enumerate(raw):
        parsed = Field.parse(item, f"{where}.fields[{index}]")
        if parsed.id in fields:
            raise TemplateError(f"{where}.fields[{index}]: duplicate id {parsed.id}")
        if parsed.group not in groups:
            raise TemplateError(f"{where}.fields[{index}] ({parsed.id}).group: {parsed.group!r} is not in groups")
        fields[parsed.id] = parsed
    # party_a.name and party_a.name.first cannot both be answers: nesting would be ambiguous.
    for field_id in fields:
        for other in fields:
            if other.startswith(field_id + "."):
                raise TemplateError(f"{where}.fields: {field_id} is both a field and a group of {other}")
    return fields


def _parse_check(raw: Any, where: str, fields: Mapping[str, Field]) -> Check:
    _expect_keys(raw, where, required={"field", "assert", "message"}, optional=set())
    if raw["field"] not in fields:
        raise TemplateError(f"{where}.field: {raw['field']!r} is not a field")
    _check_condition(raw["assert"], f"{where}.assert", fields, options_only=False)
    return Check(
        field=raw["field"], assertion=raw["assert"], message=Bilingual.parse(raw["message"], f"{where}.message")
    )


def _parse_example(raw: Any, path: Path, where: str) -> Example:
    _expect_keys(raw, where, required={"id", "title", "file"}, optional=set())
    example_path = path / raw["file"]
    if not example_path.is_file():
        raise TemplateError(f"{where}.file: {raw['file']} not found")
    return Example(id=raw["id"], title=Bilingual.parse(raw["title"], f"{where}.title"), path=example_path)


def _parse_glossary(path: Path, name: Any) -> tuple[GlossaryTerm, ...]:
    if name is None:
        return ()
    raw = _read_yaml(path / name)
    if not isinstance(raw, list):
        raise TemplateError(f"{path.name}/{name}: expected a list of terms")
    terms = []
    for index, item in enumerate(raw):
        _expect_keys(item, f"{path.name}/{name}[{index}]", required={"zh", "en"}, optional={"avoid"})
        terms.append(GlossaryTerm(zh=item["zh"], en=item["en"], avoid=tuple(item.get("avoid") or ())))
    return tuple(terms)


def _roots(fields: Mapping[str, Field]) -> set[str]:
    return {field_id.split(".", 1)[0] for field_id in fields}


def _check_condition(source: Any, where: str, fields: Mapping[str, Field], options_only: bool = True) -> None:
    """Compile a condition once to prove it parses and names only fields and `edition`.

    A clause's `when` may name only options: clauses are chosen by options, and
    the text they are evaluated with holds variables as printable values.
    """
    if not isinstance(source, str) or not source.strip():
        raise TemplateError(f"{where}: expected a Jinja expression")
    env = clause_environment()
    try:
        ast = env.parse(f"{{{{ {source} }}}}")
    except TemplateSyntaxError as error:
        raise TemplateError(f"{where}: {error.message} in {source!r}") from None
    _check_names(ast, where, fields, CONDITION_GLOBALS, option_values=True)
    if options_only:
        for path in _attribute_paths(ast):
            dotted = ".".join(path)
            if dotted in fields and not fields[dotted].is_option:
                raise TemplateError(f"{where}: {dotted} is a variable; a clause's condition may only use options")


def _check_names(
    ast: nodes.Template,
    where: str,
    fields: Mapping[str, Field],
    allowed_globals: frozenset[str],
    option_values: bool,
) -> None:
    """Every name must be a field, a field's attribute or an allowed global: typos fail at load."""
    roots = _roots(fields)
    for name in meta.find_undeclared_variables(ast):
        if name not in roots and name not in allowed_globals:
            raise TemplateError(f"{where}: unknown name {name!r}")
    for path in _attribute_paths(ast):
        if path[0] not in roots:
            continue
        dotted = ".".join(path)
        field_id = next((f for f in fields if dotted == f or dotted.startswith(f + ".")), None)
        if field_id is None:
            raise TemplateError(f"{where}: {dotted} is not a field")
        rest = dotted[len(field_id) + 1 :]
        allowed = () if option_values else FILL_ATTRIBUTES.get(fields[field_id].kind, ())
        if rest and any(part not in allowed for part in rest.split(".")):
            raise TemplateError(f"{where}: {field_id} has no attribute {rest!r}")


def _attribute_paths(node: nodes.Node) -> Iterator[list[str]]:
    """Yield name.attr.attr chains such as ['fee', 'monthly', 'capital'], outermost only."""
    if isinstance(node, nodes.Getattr):
        chain: list[str] = []
        inner: nodes.Node = node
        while isinstance(inner, nodes.Getattr):
            chain.insert(0, inner.attr)
            inner = inner.node
        if isinstance(inner, nodes.Name):
            yield [inner.name, *chain]
            return
        node = inner
    for child in node.iter_child_nodes():
        yield from _attribute_paths(child)


class _TextParser:
    """Reads clause and paragraph files, compiling each text and checking its names."""

    def __init__(self, package: Path, fields: Mapping[str, Field]) -> None:
        self.package = package
        self.fields = fields
        self.clause_ids: set[str] = set()
        self.paragraph_ids: set[str] = set()
        self.references: list[tuple[str, str]] = []  # (target clause id, where)
        self.option_refs: list[tuple[str, str]] = []

    def paragraph_file(self, name: Any) -> tuple[ParagraphSpec, ...]:
        raw = _read_yaml(self.package / str(name))
        where = f"{self.package.name}/{name}"
        _expect_keys(raw, where, required={"id", "text"}, optional=set())
        return self._paragraphs(raw["text"], raw["id"], where)

    def clause_file(self, name: Any) -> ClauseSpec:
        raw = _read_yaml(self.package / str(name))
        return self._clause(raw, f"{self.package.name}/{name}", depth=1)

    def _clause(self, raw: Any, where: str, depth: int) -> ClauseSpec:
        if depth > MAX_DEPTH:
            raise TemplateError(f"{where}: clauses nest at most {MAX_DEPTH} deep")
        _expect_keys(raw, where, required={"id"}, optional={"heading", "text", "clauses", "when"})
        clause_id = raw["id"]
        if not isinstance(clause_id, str) or not CLAUSE_ID.match(clause_id):
            raise TemplateError(f"{where}.id: expected a lower-case id like payment, got {clause_id!r}")
        if clause_id in self.clause_ids:
            raise TemplateError(f"{where}.id: duplicate clause id {clause_id}")
        self.clause_ids.add(clause_id)
        where = f"{where} ({clause_id})"
        heading = Bilingual.parse(raw["heading"], f"{where}.heading") if "heading" in raw else None
        paragraphs = self._paragraphs(raw.get("text") or [], clause_id, where)
        children = tuple(
            self._clause(child, f"{where}.clauses[{i}]", depth + 1) for i, child in enumerate(raw.get("clauses") or [])
        )
        if heading is None and not paragraphs:
            raise TemplateError(f"{where}: a clause without a heading needs text to carry its number")
        if not paragraphs and not children:
            raise TemplateError(f"{where}: a clause needs text or sub-clauses")
        when = raw.get("when")
        if when is not None:
            _check_condition(when, f"{where}.when", self.fields)
        return ClauseSpec(id=clause_id, heading=heading, paragraphs=paragraphs, children=children, when=when)

    def _paragraphs(self, raw: Any, owner: str, where: str) -> tuple[ParagraphSpec, ...]:
        if not isinstance(raw, list):
            raise TemplateError(f"{where}.text: expected a list of paragraphs")
        return tuple(self._paragraph(item, f"{owner}.p{i + 1}", f"{where}.text[{i}]") for i, item in enumerate(raw))

    def _paragraph(self, raw: Any, paragraph_id: str, where: str) -> ParagraphSpec:
        _expect_keys(raw, where, required={"zh", "en"}, optional={"when", "style"})
        source = Bilingual.parse({"zh": raw["zh"], "en": raw["en"]}, where)
        style = raw.get("style", "body")
        if style not in PARAGRAPH_STYLES:
            raise TemplateError(f"{where}.style: expected one of {', '.join(PARAGRAPH_STYLES)}")
        when = raw.get("when")
        if when is not None:
            _check_condition(when, f"{where}.when", self.fields)
        compiled = {lang: self._compile(source.get(lang), f"{where}.{lang}") for lang in LANGS}
        if paragraph_id in self.paragraph_ids:
            raise TemplateError(f"{where}: duplicate paragraph id {paragraph_id}")
        self.paragraph_ids.add(paragraph_id)
        return ParagraphSpec(
            id=paragraph_id, source=source, zh=compiled["zh"], en=compiled["en"], when=when, style=style
        )

    def _compile(self, source: str, where: str) -> Template:
        if _MARKER_CHARS.search(source):
            raise TemplateError(f"{where}: U+E000 to U+E003 are reserved and cannot appear in clause texts")
        env = clause_environment()
        try:
            ast = env.parse(source)
        except TemplateSyntaxError as error:
            raise TemplateError(f"{where}: {error.message} (line {error.lineno})") from None
        _check_names(ast, where, self.fields, TEXT_GLOBALS, option_values=False)
        for call in ast.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name in ("ref", "text"):
                if len(call.args) != 1 or not isinstance(call.args[0], nodes.Const):
                    raise TemplateError(f"{where}: {call.node.name}() takes one quoted id")
                target = call.args[0].value
                (self.references if call.node.name == "ref" else self.option_refs).append((target, where))
        return env.from_string(ast)

    def check_references(self) -> None:
        for target, where in self.references:
            if target not in self.clause_ids:
                raise TemplateError(f"{where}: ref({target!r}) names no clause")
        for target, where in self.option_refs:
            if target not in self.fields or self.fields[target].kind not in ("choice", "multi"):
                raise TemplateError(f"{where}: text({target!r}) needs a choice or multi option")
