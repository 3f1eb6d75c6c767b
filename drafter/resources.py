"""Where the bundled corpus, phrasebank and skeletons are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The bundled folder `name` ("corpus", "phrasebank" or "templates").

    A checkout (or editable install) keeps them beside the package so writers can edit them in place;
    a wheel carries copies under drafter/_data.
    """
    beside = _PACKAGE.parent / name
    if beside.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return beside
    return _PACKAGE / "_data" / name
