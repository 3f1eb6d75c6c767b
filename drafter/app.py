"""The use cases the faces (CLI, web page) call: read a speech, plan an outline, export, draft, mine a bank.

Each takes plain values, works only through the library and returns what a face presents; the Word writer
only ever sees a `Speech`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from drafter import vocab
from drafter.errors import DrafterError
from drafter.files import check_writable
from drafter.planning.request import PlanRequest
from drafter.resources import phrasebank_folder
from drafter.structure.length import check_minutes, size_to
from drafter.structure.model import Speech
from drafter.word.writer import docx_bytes, fonts_profile, write_docx


def read_speech_file(path: str | Path) -> Speech:
    """A speech file (any format drafter reads) parsed into the model."""
    from drafter.structure.parser import parse_file

    return parse_file(path)


def read_speech_bytes(data: bytes, name: str) -> Speech:
    """A speech received as bytes (an upload, a paste) read exactly as the file `name` would be; messages
    name the file as the writer knows it, not the temporary copy."""
    name = _plain_name(name, "讲话稿.txt")
    with tempfile.TemporaryDirectory(prefix="drafter-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return read_speech_file(path)
        except DrafterError as err:
            err.args = (str(err).replace(str(path), name),)
            raise


def _plain_name(name: str, default: str) -> str:
    """The last part of an uploaded file's name (browsers may send a path), never hidden nor empty."""
    return Path(name.replace("\\", "/")).name.lstrip(".") or default


def outline(request: PlanRequest, part_variants: tuple[int, ...] = (), notes: list[str] | None = None) -> Speech:
    """The outline for a request, with provenance on every planned sentence and heading; notes for the
    writer (built-in material used where the bank had none) are appended to `notes`.

    `part_variants` swaps part i for part i of the outline written with variant `part_variants[i]`, so a
    writer can change one part's heading set and keep the others.
    """
    from dataclasses import replace

    from drafter.planning.outline import plan_speech

    with vocab.own_lists(phrasebank_folder(request.phrasebank)):
        speech = plan_speech(request, notes)
        for i, variant in enumerate(part_variants[:len(speech.parts)]):
            if variant != request.variant:
                other = plan_speech(replace(request, variant=variant))
                if len(other.parts) == len(speech.parts):
                    speech.parts[i] = other.parts[i]
    return speech


def mine(archive: Path, bank: Path, *, jobs: int | None = None, strict: bool = False,
         progress: Callable[[str], None] | None = None):
    """Mine an archive into a bank folder with `jobs` processes (by default as many as suit this machine and
    process: drafter.mining.workers.default_jobs); the writer's word lists beside either are used."""
    from drafter.mining.miner import check_output, mine_corpus, write_phrasebank
    from drafter.mining.workers import default_jobs

    check_output(bank)
    with vocab.own_lists(archive, bank):
        result = mine_corpus(archive, default_jobs() if jobs is None else jobs, progress=progress)
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


def export_bytes(data: bytes, name: str, *, fonts: str = "gb2312") -> bytes:
    """A speech received as bytes, re-laid in the house style as the bytes of a .docx."""
    fonts_profile(fonts)
    return docx_bytes(read_speech_bytes(data, name), fonts=fonts)


def sized_draft(request: PlanRequest, minutes: float | None = None, part_variants: tuple[int, ...] = ()) -> Speech:
    """The outline with every section still to write marked, saying how much to write for `minutes`."""
    return size_to(outline(request, part_variants), minutes)


def draft(request: PlanRequest, path: str | Path, *, minutes: float | None = None, fonts: str = "gb2312",
          comments: bool = False, force: bool = False) -> Speech:
    """Plan, size to a speaking time and write a draft; refuses an existing file or an unknown font profile
    before planning."""
    check_minutes(minutes)
    check_writable(path, force, suffix=".docx")
    fonts_profile(fonts)
    speech = sized_draft(request, minutes)
    write_docx(speech, path, fonts=fonts, comments=comments, force=force)
    return speech


def draft_bytes(request: PlanRequest, *, minutes: float | None = None, part_variants: tuple[int, ...] = (),
                fonts: str = "gb2312", comments: bool = False) -> bytes:
    """A draft as the bytes of a .docx (for a download), planned as `draft` plans it."""
    fonts_profile(fonts)
    return docx_bytes(sized_draft(request, minutes, part_variants), fonts=fonts, comments=comments)


def bank_counts(folder: str | Path) -> dict[str, int]:
    """How many entries of each kind a bank holds (the writer's own files included), in kind order."""
    from drafter.bank.store import KINDS, load

    entries = load(folder)
    return {kind: n for kind in KINDS if (n := sum(e.kind == kind for e in entries))}
