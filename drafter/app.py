"""`drafter draft`: an outline planned from the phrasebank, sized to a speaking time, written as Word.

The planner (drafter.planning.planner) returns a `Speech` whose blocks and paragraphs carry their provenance, so
the writer can turn it into comments; the same `write_docx` lays out `drafter export`.
"""

from __future__ import annotations

from pathlib import Path

from drafter.files import check_writable
from drafter.planning.length import size_to
from drafter.structure.model import Speech
from drafter.word.writer import fonts_profile, write_docx


def write_draft(path: str | Path, topic: str, *, occasion: str = "工作推进会", parts: int | None = None,
                keywords: list[str] | None = None, variant: int = 0, phrasebank: str | Path | None = None,
                templates: str | Path | None = None, title: str = "", date: str = "", speaker: str = "",
                minutes: float | None = None, fonts: str = "gb2312", comments: bool = False,
                force: bool = False) -> Speech:
    """Plan, size and write a draft; refuses an existing file or an unknown font profile before planning."""
    from drafter.planning.planner import plan_speech

    check_writable(path, force)
    fonts_profile(fonts)
    speech = plan_speech(topic, occasion, parts, keywords, variant, phrasebank, templates,
                         title=title, date=date, speaker=speaker)
    _speaker_as_given(speech, speaker)
    size_to(speech, minutes)
    write_docx(speech, path, fonts=fonts, comments=comments, force=force)
    return speech


def _speaker_as_given(speech: Speech, speaker: str) -> None:
    """The parser reads a bare name (张三) under the title as another title line; the writer said it is
    the speaker. (Worked around here: parser.py is the lead's; a name with a post, 市委书记 张三, parses.)"""
    if speaker and speech.speaker != speaker and speaker in speech.title:
        speech.title.remove(speaker)
        speech.speaker = speaker
