"""Reading clause files: paragraphs and clauses, each text compiled and its names checked.

Every name a clause text or condition uses must be a declared field, one of the
attributes a value offers (大写, counts …) or a global (ref, text, blank,
edition), so a misspelt field fails when the template loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateSyntaxError, meta, nodes

from contract_builder.bilingual import LANGS, Bilingual
from contract_builder.environment import TEMPLATE_RUNTIME_ERRORS, clause_environment, compile_clause_text, condition
from contract_builder.errors import TemplateError
from contract_builder.fields import Field
from contract_builder.markers import FORBIDDEN_IN_TEXTS
from contract_builder.numbering import MAX_DEPTH
from contract_builder.package_yaml import expect_keys, parse_bilingual, read_yaml
from contract_builder.values import CONDITION_GLOBALS, TEXT_GLOBALS, forms_of

PARAGRAPH_STYLES = ("body", "party", "field", "signature")
CLAUSE_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ParagraphSpec:
    """One paragraph as written by the template author: a Jinja text per language."""

    id: str
    source: Bilingual
    where: str  # the file and place it was read from, for messages
    when: str | None = None
    style: str = "body"

    def template(self, lang: str) -> Template:
        """This paragraph alone, compiled on first use: assembly renders the whole-document template
        (compiler.py), so only the clause library, the linter and a failure's search need these."""
        return compile_text(self.source.get(lang))


@cache
def compile_text(source: str) -> Template:
    """A clause text compiled once (its names were checked when the package loaded)."""
    return compile_clause_text(source)


@dataclass(frozen=True)
class ClauseSpec:
    """A numbered clause: optional heading, its paragraphs, then its sub-clauses."""

    id: str
    heading: Bilingual | None
    paragraphs: tuple[ParagraphSpec, ...]
    children: tuple[ClauseSpec, ...]
    when: str | None = None


def _roots(fields: Mapping[str, Field]) -> set[str]:
    return {field_id.split(".", 1)[0] for field_id in fields}


def check_condition(
    source: Any, where: str, fields: Mapping[str, Field], options_only: bool = True, answers_only: bool = False
) -> None:
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
    # Answers are validated before any edition is chosen, so a field's `requires` and the
    # checks may use answers only; a clause's `when` may also use the edition.
    allowed = frozenset() if answers_only else CONDITION_GLOBALS
    _check_names(ast, where, fields, allowed, option_values=True)
    try:
        condition(source)
    except TemplateError as error:
        raise TemplateError(f"{where}: {error}") from None
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
    try:
        undeclared = meta.find_undeclared_variables(ast)
    except TEMPLATE_RUNTIME_ERRORS as error:  # Jinja folds constants while compiling, in the sandbox
        raise TemplateError(f"{where}: {error}") from None
    for name in undeclared:
        if name not in roots and name not in allowed_globals:
            if name == "edition":
                raise TemplateError(f"{where}: only a clause's when may use edition (answers are checked before "
                                    "an edition is chosen)")  # fmt: skip
            raise TemplateError(f"{where}: unknown name {name!r}")
    for path in _attribute_paths(ast):
        if path[0] not in roots:
            continue
        dotted = ".".join(path)
        field_id = next((f for f in fields if dotted == f or dotted.startswith(f + ".")), None)
        if field_id is None:
            raise TemplateError(f"{where}: {dotted} is not a field")
        rest = dotted[len(field_id) + 1 :]
        allowed = () if option_values else forms_of(fields[field_id].kind)
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


class TextParser:
    """Reads clause and paragraph files, compiling each text and checking its names."""

    def __init__(self, package: Path, fields: Mapping[str, Field]) -> None:
        self.package = package
        self.fields = fields
        self.clause_ids: set[str] = set()
        self.paragraph_ids: set[str] = set()
        self.references: list[tuple[str, str]] = []  # (target clause id, where)
        self.option_refs: list[tuple[str, str]] = []

    def paragraph_file(self, name: Any) -> tuple[ParagraphSpec, ...]:
        raw = read_yaml(self.package / str(name))
        where = f"{self.package.name}/{name}"
        expect_keys(raw, where, required={"id", "text"}, optional=set())
        return self._paragraphs(raw["text"], raw["id"], where)

    def clause_file(self, name: Any) -> ClauseSpec:
        raw = read_yaml(self.package / str(name))
        return self._clause(raw, f"{self.package.name}/{name}", depth=1)

    def _clause(self, raw: Any, where: str, depth: int) -> ClauseSpec:
        if depth > MAX_DEPTH:
            raise TemplateError(f"{where}: clauses nest at most {MAX_DEPTH} deep")
        expect_keys(raw, where, required={"id"}, optional={"heading", "text", "clauses", "when"})
        clause_id = raw["id"]
        if not isinstance(clause_id, str) or not CLAUSE_ID.match(clause_id):
            raise TemplateError(f"{where}.id: expected a lower-case id like payment, got {clause_id!r}")
        if clause_id in self.clause_ids:
            raise TemplateError(f"{where}.id: duplicate clause id {clause_id}")
        self.clause_ids.add(clause_id)
        where = f"{where} ({clause_id})"
        heading = parse_bilingual(raw["heading"], f"{where}.heading") if "heading" in raw else None
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
            check_condition(when, f"{where}.when", self.fields)
        return ClauseSpec(id=clause_id, heading=heading, paragraphs=paragraphs, children=children, when=when)

    def _paragraphs(self, raw: Any, owner: str, where: str) -> tuple[ParagraphSpec, ...]:
        if not isinstance(raw, list):
            raise TemplateError(f"{where}.text: expected a list of paragraphs")
        return tuple(self._paragraph(item, f"{owner}.p{i + 1}", f"{where}.text[{i}]") for i, item in enumerate(raw))

    def _paragraph(self, raw: Any, paragraph_id: str, where: str) -> ParagraphSpec:
        expect_keys(raw, where, required={"zh", "en"}, optional={"when", "style"})
        source = parse_bilingual({"zh": raw["zh"], "en": raw["en"]}, where)
        style = raw.get("style", "body")
        if style not in PARAGRAPH_STYLES:
            raise TemplateError(f"{where}.style: expected one of {', '.join(PARAGRAPH_STYLES)}")
        when = raw.get("when")
        if when is not None:
            check_condition(when, f"{where}.when", self.fields)
        for lang in LANGS:
            self._check_text(source.get(lang), f"{where}.{lang}")
        if paragraph_id in self.paragraph_ids:
            raise TemplateError(f"{where}: duplicate paragraph id {paragraph_id}")
        self.paragraph_ids.add(paragraph_id)
        return ParagraphSpec(id=paragraph_id, source=source, where=where, when=when, style=style)

    def _check_text(self, source: str, where: str) -> None:
        """Parse a clause text and check its names; compiling it is left to the whole document
        (compiler.py), which names the paragraph if its text cannot compile."""
        if FORBIDDEN_IN_TEXTS.search(source):
            raise TemplateError(f"{where}: U+E000 to U+E005 are reserved and cannot appear in clause texts")
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

    def check_references(self) -> None:
        for target, where in self.references:
            if target not in self.clause_ids:
                raise TemplateError(f"{where}: ref({target!r}) names no clause")
        for target, where in self.option_refs:
            if target not in self.fields or self.fields[target].kind not in ("choice", "multi"):
                raise TemplateError(f"{where}: text({target!r}) needs a choice or multi option")
