"""The use cases the faces (CLI, web page) call: read a speech, plan an outline, export, draft.

Each takes plain values, works only through the library and returns what a face presents; the Word writer
only ever sees a `Speech`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from drafter import vocab
from drafter.files import check_writable
from drafter.planning.request import PlanRequest
from drafter.resources import phrasebank_folder
from drafter.structure.length import check_minutes, size_to
from drafter.structure.model import Speech
from drafter.word.writer import fonts_profile, write_docx


def read_speech_file(path: str | Path) -> Speech:
    """A speech file (any format drafter reads) parsed into the model."""
    from drafter.structure.parser import parse_file

    return parse_file(path)


def outline(request: PlanRequest, notes: list[str] | None = None) -> Speech:
    """The outline for a request, with provenance on every planned sentence and heading; notes for the
    writer (built-in material used where the bank had none) are appended to `notes`."""
    from drafter.planning.outline import plan_speech

    with vocab.own_lists(phrasebank_folder(request.phrasebank)):
        return plan_speech(request, notes)


def mine(archive: Path, bank: Path, *, jobs: int = 1, strict: bool = False,
         progress: Callable[[str], None] | None = None):
    """Mine an archive into a bank folder; the writer's word lists beside either are used."""
    from drafter.mining.miner import check_output, mine_corpus, write_phrasebank

    check_output(bank)
    with vocab.own_lists(archive, bank):
        result = mine_corpus(archive, jobs, progress=progress)
    write_phrasebank(bank, result, strict=strict)
    return result


def export(source: str | Path, path: str | Path, *, fonts: str = "gb2312", force: bool = False,
           minutes: float | None = None) -> Speech:
    """Any speech file re-laid in the house style; refuses an existing file, an unknown font profile or a
    target time out of range (`minutes`, which the face compares the length with) first."""
    check_minutes(minutes)
    check_writable(path, force, suffix=".docx", source=source)
    fonts_profile(fonts)
    speech = read_speech_file(source)
    write_docx(speech, path, fonts=fonts, force=force)
    return speech


def draft(request: PlanRequest, path: str | Path, *, minutes: float | None = None, fonts: str = "gb2312",
          comments: bool = False, force: bool = False) -> Speech:
    """Plan, size to a speaking time and write a draft; refuses an existing file or an unknown font profile
    before planning."""
    check_minutes(minutes)
    check_writable(path, force, suffix=".docx")
    fonts_profile(fonts)
    speech = outline(request)
    size_to(speech, minutes)
    write_docx(speech, path, fonts=fonts, comments=comments, force=force)
    return speech
