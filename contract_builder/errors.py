"""Every error the core raises: one base class, one subclass per kind of failure, each with its exit status."""

from __future__ import annotations

from contract_builder.bilingual import Bilingual
from contract_builder.messages import Message


class ContractBuilderError(Exception):
    """Base of all errors raised on purpose by contract_builder; the shells catch only this.

    `message` is bilingual: errors a user can cause are worded in both languages.
    Errors only a template author can cause are worded in English, given as a str.
    """

    # The CLI's exit status for this kind of failure (2: bad input, as argparse uses).
    exit_code = 2

    def __init__(self, message: Bilingual | str) -> None:
        self.message = message if isinstance(message, Bilingual) else Bilingual(zh=message, en=message)
        super().__init__(self.message.en)


class TemplateError(ContractBuilderError):
    """A template package is malformed: a template author's mistake, named by file and place."""


class UnknownTemplateError(ContractBuilderError):
    """No template package has the requested id."""


class UnknownExampleError(ContractBuilderError):
    """A template has no example answer set with the requested id."""


class AnswersFileError(ContractBuilderError):
    """An answers file cannot be read or parsed (missing, not YAML/JSON, not a mapping)."""


class AnswersError(ContractBuilderError):
    """Answers failed validation; `messages` names each field with a zh/en message."""

    def __init__(self, messages: list[Message]) -> None:
        self.messages = messages
        super().__init__(
            Bilingual(
                zh="；".join(message.text.zh for message in messages),
                en="; ".join(message.text.en for message in messages),
            )
        )


class PdfError(ContractBuilderError):
    """A PDF could not be made: no engine, no Chinese font, an engine failure, or a render over the time limit."""

    exit_code = 3  # the machine, not the input: install what the message names, or try again
