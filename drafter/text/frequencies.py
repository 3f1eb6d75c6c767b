"""Each word's frequency and tag in jieba's dictionary, looked up in the dictionary file's own lines.

Mining reads a frequency or a tag some thousands of times a run (12,000 in an 8 MB archive: a topic's rarity,
a taught word's pieces, the edges of a series, a name before 同志), never the whole table. So the file is not taken apart into a third of
a million words, frequencies and tags kept apart: that cost every mining process 0.1 s of its start, and
as a dict about 20 MB, which the process tree's 300 MB budget cannot spare twice (README 性能). Its lines
are kept as read, in blocks of a few KB under the first word each holds in order; a word is found by a
binary search over those words and one search for its line within one block.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import deque
from collections.abc import Iterator
from operator import lt

_BACKTRACK = 8  # how many of the last words in order a word read out of order may send among the strays


class Frequencies:
    """Words with their frequencies and tags, read like a dict: the file's lines in order are searched where
    they are; a word out of order or repeated (a stray) is kept in a small dict, and a word set later (a
    taught word) in another, both read first."""

    def __init__(self) -> None:
        self._keys: list[str] = []  # the first word in order of each block that has one
        self._blocks: list[str] = []  # those blocks' lines, each after a line break
        self._block = ""  # the block being read
        self._recent: deque[tuple[str, int, str]] = deque(maxlen=_BACKTRACK + 1)  # the last words in order
        self._placed = 0  # words in order so far
        self._strays: dict[str, tuple[int, str]] = {}
        self._stray_words: list[str] = []  # the same words sorted, to tell whether a block holds one
        self.taught: dict[str, int] = {}

    def extend(self, lines: str, words: list[str], counts: list[int], tags: list[str]) -> None:
        """A block of the file's lines (each ending in a line break) with their columns, in the file's order:
        sorted but for a few lines (jieba's has 29 out of place among a third of a million)."""
        self._block = "\n" + lines
        recent = self._recent
        if words and (not recent or words[0] > recent[-1][0]) and all(map(lt, words, words[1:])) \
                and not self._holds_stray(words[0], words[-1]):
            self._enter(words[0])
            recent.extend(zip(words[-recent.maxlen:], counts[-recent.maxlen:], tags[-recent.maxlen:]))
            self._placed += len(words)
            return
        for line in zip(words, counts, tags):
            self._place(*line)

    def _place(self, word: str, count: int, tag: str) -> None:
        """One line, in order or a stray. A word lower than the last few in order is taken as their sign that
        they were out of place: they become strays and it is in order; lower than more, it is the stray."""
        if word in self._strays:  # a later line of a stray: it wins, as in a dict
            self._stray(word, count, tag)
            return
        recent = self._recent
        above = 0
        while above < len(recent) and recent[-1 - above][0] > word:
            above += 1
        if above == len(recent) and above < self._placed:
            self._stray(word, count, tag)  # lower than every recent word: this one is out of place
            return
        for _ in range(above):
            self._pop()
        if recent and recent[-1][0] == word:
            self._stray(word, count, tag)
            return
        self._enter(word)
        recent.append((word, count, tag))
        self._placed += 1

    def _enter(self, word: str) -> None:
        """`word` is in order: the block being read is searched under it unless an earlier word holds it."""
        if not self._blocks or self._blocks[-1] is not self._block:
            self._keys.append(word)
            self._blocks.append(self._block)

    def _pop(self) -> None:
        """The last word in order becomes a stray; a block left without a word in order is no longer searched."""
        word, count, tag = self._recent.pop()
        if word not in self._strays:  # a later repeat already among the strays wins, as in a dict
            self._stray(word, count, tag)
        self._placed -= 1
        if self._keys[-1] == word:
            self._keys.pop()
            self._blocks.pop()

    def _stray(self, word: str, count: int, tag: str) -> None:
        if word not in self._strays:
            insort(self._stray_words, word)
        self._strays[word] = count, tag

    def _holds_stray(self, first: str, last: str) -> bool:
        """Whether a stray lies between the first and the last word of a sorted block."""
        index = bisect_left(self._stray_words, first)
        return index < len(self._stray_words) and self._stray_words[index] <= last

    def _line(self, word: str) -> tuple[int, str] | None:
        """The frequency and tag of `word`'s (last) line in the file."""
        if word in self._strays:
            return self._strays[word]
        index = bisect_right(self._keys, word) - 1
        if index < 0 or not word or len(word.split()) != 1:
            return None
        block = self._blocks[index]
        start = block.find(f"\n{word} ")
        if start < 0:
            return None
        count, tag = block[start + len(word) + 2:block.find("\n", start + 1)].split()
        return int(count), tag

    def get(self, word: str, default: int | None = None) -> int | None:
        if word in self.taught:
            return self.taught[word]
        line = self._line(word)
        return default if line is None else line[0]

    def tag(self, word: str) -> str:
        """The file's tag of `word` ('' for a word not in the file): a taught word has none of its own."""
        line = self._line(word)
        return "" if line is None else line[1]

    def begins(self, piece: str) -> bool:
        """Whether some line of the file starts with `piece`: in order, the first such word is in the block
        `piece` falls in or is the next block's first; among the strays, it follows `piece` in their order."""
        index = bisect_right(self._keys, piece)
        stray = bisect_left(self._stray_words, piece)
        return (index > 0 and f"\n{piece}" in self._blocks[index - 1]) \
            or (index < len(self._keys) and self._keys[index].startswith(piece)) \
            or (stray < len(self._stray_words) and self._stray_words[stray].startswith(piece))

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __setitem__(self, word: str, count: int) -> None:
        self.taught[word] = count

    def items(self) -> Iterator[tuple[str, int]]:
        """Every word once, with the frequency a dict built from the lines, then the taught words, would hold."""
        words: dict[str, int] = {}
        for block in self._blocks:
            fields = block.split()
            words.update(zip(fields[0::3], map(int, fields[1::3])))
        words.update((word, count) for word, (count, _) in self._strays.items())
        words.update(self.taught)
        yield from words.items()
