"""Every error the core raises: one base class, one subclass per kind of failure."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from contract_builder.answers import Message


class ContractBuilderError(Exception):
    """Base of all errors raised on purpose by contract_builder; the shells catch only this.

    Errors a user can cause carry a Chinese wording too; `text(lang)` picks one.
    Errors only a template author can cause are worded in English.
    """

    # The CLI's exit status for this kind of failure (2: bad input, as argparse uses).
    exit_code = 2

    def __init__(self, en: str, zh: str | None = None) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh or en

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class TemplateError(ContractBuilderError):
    """A template package is malformed: a template author's mistake, named by file and place."""


class UnknownTemplateError(ContractBuilderError):
    """No template package has the requested id."""


class AnswersFileError(ContractBuilderError):
    """An answers file cannot be read or parsed (missing, not YAML/JSON, not a mapping)."""


class AnswersError(ContractBuilderError):
    """Answers failed validation; `messages` names each field with a zh/en message."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages
        super().__init__(
            "; ".join(message.text("en") for message in messages),
            "；".join(message.text("zh") for message in messages),
        )


class PdfError(ContractBuilderError):
    """A PDF could not be made: no engine, no Chinese font, an engine failure, or a render over the time limit."""

    exit_code = 3  # the machine, not the input: install what the message names, or try again
