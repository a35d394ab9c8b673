"""Errors that carry a fix, and the exit codes the CLI returns."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Named process exit codes."""

    OK = 0
    FINDINGS = 1  # findings over the --fail-on threshold
    ERROR = 2  # bad input, bad rules, bad options
    INTERRUPTED = 130  # Ctrl-C


class FactcheckError(Exception):
    """An error whose message says what is wrong and how to fix it."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message


class InputError(FactcheckError):
    """A path or article that cannot be read."""


class RulesError(FactcheckError):
    """A rules file that is missing or malformed; the message names file:line: key."""


class ModelError(FactcheckError):
    """The spaCy pipeline is not installed."""


class OptionsError(FactcheckError):
    """A command-line option or API argument that makes no sense."""
