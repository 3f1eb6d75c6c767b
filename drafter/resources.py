"""Where things are: the bundled corpus, phrasebank and skeletons (in a checkout and in an installed wheel),
and the one place that resolves a caller's folder or its default."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder `name` ("corpus", "phrasebank" or "templates").

    A checkout (or editable install) keeps them beside the package so writers can edit them in place;
    a wheel carries copies under drafter/_data.
    """
    beside = _PACKAGE.parent / name
    if in_checkout() and beside.is_dir():
        return beside
    return _PACKAGE / "_data" / name


def in_checkout() -> bool:
    """True when running from a source checkout (where the bundled folders are committed files)."""
    return (_PACKAGE.parent / "pyproject.toml").is_file()


def phrasebank_folder(given: str | Path | None) -> Path:
    """The bank to read: the writer's, or the bundled one."""
    return Path(given) if given is not None else bundled("phrasebank")


def corpus_folder(given: str | Path | None) -> Path:
    """The archive to mine: the writer's, or the bundled corpus."""
    return Path(given) if given is not None else bundled("corpus")


def mine_output(corpus: str | Path | None, given: str | Path | None) -> Path | None:
    """Where a mine writes: the folder given; else, only when mining the bundled corpus from a checkout,
    the bundled phrasebank (which is committed there); else None (the caller must say)."""
    if given is not None:
        return Path(given)
    return bundled("phrasebank") if corpus is None and in_checkout() else None
