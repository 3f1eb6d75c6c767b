"""The shared real-world excerpts written out as a writer's archive: some .docx, some GB18030 .txt.

The excerpts are read from ../shared/realworld (tests skip when it is absent); their texts are never copied
into the project.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

# ../shared beside the checkout (CI lays it there); DRAFTER_REALWORLD points elsewhere
SPEECHES = Path(os.environ.get("DRAFTER_REALWORLD", Path(__file__).resolve().parents[2] / "shared" / "realworld" / "speeches.json"))


def speeches() -> list[dict]:
    return json.loads(SPEECHES.read_text(encoding="utf-8")) if SPEECHES.is_file() else []


def write_archive(folder: Path) -> Path:
    """Every excerpt as a file named by its id: every third as .docx, the others as GB18030 .txt."""
    import docx

    folder.mkdir(parents=True, exist_ok=True)
    for number, item in enumerate(speeches()):
        text = item["excerpt"]
        if number % 3 == 0:
            document = docx.Document()
            for line in text.splitlines():
                document.add_paragraph(line)
            document.save(folder / f"{item['id']}.docx")
        else:
            (folder / f"{item['id']}.txt").write_bytes(text.encode("gb18030", errors="replace"))
    return folder
