"""The one factory for Jinja environments: how clause texts, conditions and the print layout are compiled.

Clause texts are written by template authors, who may not be programmers we
trust, so they run in Jinja's sandbox with StrictUndefined: a misspelt name is
an error, never an empty string in a contract. Nothing a user types is ever
compiled: answers only reach templates as context values.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contract_builder.disk_cache import cache_path, read_entry, write_entry
from contract_builder.errors import TemplateError

# Autoescape is off because clause texts are plain text, not HTML: each renderer
# escapes the finished text for its own format.
_CLAUSE_SETTINGS = {"autoescape": False, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": False}


@cache
def clause_environment() -> ImmutableSandboxedEnvironment:
    """The shared environment for clause texts, `when`/`requires` conditions and checks."""
    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, **_CLAUSE_SETTINGS)


def compile_clause_text(source: str) -> Template:
    """`clause_environment().from_string(source)`, with the compiled code kept on disk.

    Compiling is most of what loading a template package costs (the two whole-contract
    templates alone take about 0.2 s), and a fresh process, such as each CLI command,
    would otherwise do it again. The entry is named by the source, Python's and Jinja's
    versions and the environment's settings, so any change compiles afresh.
    """
    env = clause_environment()
    path = cache_path("jinja", sys.version, jinja2.__version__, repr(sorted(_CLAUSE_SETTINGS.items())), source)
    entry = read_entry(path)
    code = None
    if entry is not None:
        try:
            code = marshal.loads(entry)
        except (EOFError, ValueError, TypeError):
            code = None  # a damaged entry: compile again
    if code is None:
        code = env.compile(source)  # raises as from_string would, and nothing is kept
        write_entry(path, marshal.dumps(code))
    return env.template_class.from_code(env, code, env.make_globals(None))


# What a template author's expression can raise at run time: a sandbox refusal
# (SecurityError is a TemplateError), an undefined name, or Python errors such as
# the sandbox's OverflowError for range(10**9) or a division by zero.
TEMPLATE_RUNTIME_ERRORS = (JinjaError, ArithmeticError, LookupError, TypeError, ValueError, RecursionError)


@cache
def layout_environment(folder: Path) -> Environment:
    """For our own HTML layouts in `folder`: trusted files, so no sandbox; autoescape still
    guards every value put in them."""
    return Environment(
        loader=FileSystemLoader(folder), autoescape=select_autoescape(["html", "j2"]), undefined=StrictUndefined
    )


@cache
def condition(source: str) -> Callable[..., Any]:
    """Compile a `when`/`requires`/check expression once; call it with the answers as keywords.

    A failure while it runs is the template author's, so it becomes a TemplateError
    quoting the expression, never a traceback.
    """
    try:
        expression = clause_environment().compile_expression(source)
    except TEMPLATE_RUNTIME_ERRORS as error:  # Jinja folds constants while compiling, in the sandbox
        raise TemplateError(f"template condition {source!r} cannot be compiled: {error}") from None

    def evaluate(**context: Any) -> Any:
        try:
            return expression(**context)
        except TEMPLATE_RUNTIME_ERRORS as error:
            raise TemplateError(f"template condition {source!r} failed: {error}") from None

    return evaluate


@cache
def conditions(sources: tuple[str, ...]) -> Callable[..., list[bool]]:
    """Many conditions compiled into one template, evaluated in one render: what a review or
    a validation asks on every change costs one Jinja context instead of one per condition.

    A failure is traced to its own condition, so the error quotes the expression at fault.
    """
    body = "".join(f"{{% if ({source}) %}}1{{% else %}}0{{% endif %}}" for source in sources)
    try:
        template = compile_clause_text(body)
    except TEMPLATE_RUNTIME_ERRORS:
        for source in sources:
            condition(source)  # raises the TemplateError that names the expression
        raise

    def evaluate(**context: Any) -> list[bool]:
        try:
            return [flag == "1" for flag in template.render(context)]
        except TEMPLATE_RUNTIME_ERRORS:
            for source in sources:
                condition(source)(**context)
            raise

    return evaluate
