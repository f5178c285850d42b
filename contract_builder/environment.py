"""The one factory for Jinja environments: how clause texts and conditions are compiled.

Clause texts are written by template authors, who may not be programmers we
trust, so they run in Jinja's sandbox with StrictUndefined: a misspelt name is
an error, never an empty string in a contract. Nothing a user types is ever
compiled: answers only reach templates as context values.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment


@cache
def clause_environment() -> ImmutableSandboxedEnvironment:
    """The shared environment for clause texts, `when`/`requires` conditions and checks.

    Autoescape is off because clause texts are plain text, not HTML: each
    renderer escapes the finished text for its own format.
    """
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


@cache
def condition(source: str) -> Callable[..., Any]:
    """Compile a `when`/`requires`/check expression once; call it with the answers as keywords."""
    return clause_environment().compile_expression(source)
