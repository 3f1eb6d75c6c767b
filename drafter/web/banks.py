"""The banks a running server works from: the one it started with, and those mined from folders the writer
uploaded (kept in the server's own temporary folder, gone when it stops). Mining runs in a background
thread so the page can poll its progress."""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drafter.errors import DrafterError
from drafter.resources import phrasebank_folder


@dataclass
class MiningJob:
    """One mining run as the page sees it: how far it is, then the counts per kind or the error."""

    total: int
    done: int = 0
    state: str = "running"  # running | done | failed
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    error: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


class Banks:
    """The active bank and the mining jobs of one server."""

    def __init__(self, home: Path, phrasebank: str | Path | None = None):
        self.home = home
        self.active: Path = phrasebank_folder(phrasebank)
        self.jobs: dict[str, MiningJob] = {}

    def new_corpus(self) -> tuple[str, Path]:
        """A fresh job id and the empty folder its uploaded speeches go into."""
        job_id = secrets.token_hex(8)
        corpus = self.home / job_id / "corpus"
        corpus.mkdir(parents=True)
        return job_id, corpus

    def keep(self, corpus: Path, name: str, data: bytes) -> Path:
        """Store one uploaded file under `corpus` at its place inside the chosen folder (the page sends
        folder/sub/file.txt), so the writer's 词表/ stays a word-list folder; never outside `corpus`."""
        parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
        path = corpus.joinpath(*(parts[1:] if len(parts) > 1 else parts or ["讲话稿.txt"]))
        if not path.resolve().is_relative_to(corpus.resolve()):  # a drive letter (C:) on Windows
            path = corpus / Path(parts[-1]).name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def start(self, job_id: str, corpus: Path) -> MiningJob:
        """Mine `corpus` in the background; when done, its bank becomes the active one."""
        from drafter.text.reading import speech_files

        job = self.jobs[job_id] = MiningJob(len(speech_files(corpus)))
        threading.Thread(target=self._mine, args=(job, corpus, corpus.parent / "bank"), daemon=True).start()
        return job

    def _mine(self, job: MiningJob, corpus: Path, output: Path) -> None:
        from drafter.app import bank_counts, mine

        def advance(_name: str) -> None:
            job.done += 1

        try:
            result = mine(corpus, output, progress=advance)
            job.skipped = [skipped.reason.replace(f"{corpus}{os.sep}", "") for skipped in result.skipped]  # as uploaded
            job.counts = bank_counts(output)
            self.active = output  # one assignment: requests see the old bank or the new, never half
            job.state = "done"
        except DrafterError as err:
            job.error, job.state = str(err), "failed"
        except Exception as err:  # noqa: BLE001 - a thread's failure must reach the page, not vanish
            job.error, job.state = f"提炼时出现意外错误（{type(err).__name__}）", "failed"
