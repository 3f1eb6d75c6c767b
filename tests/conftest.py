import os
from pathlib import Path

import pytest
from hypothesis import settings

from drafter.structure.parser import parse_file
from drafter.resources import bundled

CORPUS = bundled("corpus")

# Property tests draw the same examples on every run, so a run (CI's included) is reproducible; to explore
# new examples locally: HYPOTHESIS_PROFILE=explore python -m pytest -m slow
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


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



@pytest.fixture
def bank_alone():
    """Planning on the bank and the house set alone (see planning.bank_alone)."""
    from planning import bank_alone as alone

    with alone():
        yield
