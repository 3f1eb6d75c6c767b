"""The error hierarchy: the library raises these with a one-line Chinese message; only the CLI prints them."""

from __future__ import annotations


class DrafterError(Exception):
    """Base of every expected failure; `str(err)` is the one-line message shown to the writer."""

    exit_code = 1


class InputError(DrafterError):
    """A file the writer gave cannot be read as a speech (missing, a folder, empty, binary, undecodable…)."""


class PhrasebankError(DrafterError):
    """The phrasebank folder or one of its files is unusable."""


class TemplateError(DrafterError):
    """A speech skeleton is missing, malformed or tried something the sandbox forbids."""


class OutputError(DrafterError):
    """An output file cannot be written, or exists and --force was not given."""


class UsageError(DrafterError):
    """Options that do not fit together (e.g. an unknown kind or occasion)."""

    exit_code = 2
