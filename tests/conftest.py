from pathlib import Path

import pytest

from drafter.structure.parser import parse_file
from drafter.resources import bundled

CORPUS = bundled("corpus")


@pytest.fixture(scope="session")
def seed():
    """Parse a bundled seed speech by the start of its file name (cached for the session)."""
    cache = {}

    def load(prefix: str):
        if prefix not in cache:
            (path,) = [p for p in CORPUS.glob("*.txt") if p.name.startswith(prefix)]
            cache[prefix] = parse_file(path)
        return cache[prefix]

    return load


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
