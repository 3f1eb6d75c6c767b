"""Each word's frequency in jieba's dictionary, held in a few MB instead of a dict's twenty-odd.

A third of a million words as the keys of a dict cost every mining process about 20 MB, which the process
tree's 300 MB budget cannot spare twice (README 性能). Mining reads a frequency a few thousand times a run
(a topic's rarity, a taught word's pieces, the edges of a series), so a binary search of a few
microseconds is nothing beside it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Iterator
from io import StringIO
from itertools import accumulate, islice
from operator import lt


_RUN = 1024  # words joined at once
_BACKTRACK = 8  # how many of the last words joined a word read out of order may send beside it


class Frequencies:
    """Words and their frequencies, read and set like a dict: the words given in order are joined in one
    string and found by binary search; a word out of order, repeated, or set later (a taught word) is kept
    in a small dict beside them, which is read first."""

    def __init__(self, run: int = _RUN) -> None:
        self._run = run
        self._text = StringIO()
        self._ends = array("I", [0])  # word i is _joined[_ends[i]:_ends[i + 1]]
        self._counts = array("I")
        self._recent: deque[str] = deque(maxlen=_BACKTRACK + 1)  # the last words joined, last last
        self._joined = ""
        self.beside: dict[str, int] = {}

    def extend(self, words: list[str], counts: list[int]) -> None:
        """Words as read from the dictionary file, with their frequencies, in the file's order: sorted but for
        a few words (jieba's has 29 out of place among a third of a million)."""
        for start in range(0, len(words), self._run):
            self._join(words[start:start + self._run], counts[start:start + self._run])

    def _join(self, words: list[str], counts: list[int]) -> None:
        """Join a run of words: in order, above the last word joined and none of them beside, at once; any
        other run word by word (`_place`)."""
        recent = self._recent
        if words and (not recent or words[0] > recent[-1]) and all(map(lt, words, words[1:])) \
                and self.beside.keys().isdisjoint(words):
            self._text.write("".join(words))
            self._ends.extend(islice(accumulate(map(len, words), initial=self._ends[-1]), 1, None))
            self._counts.extend(counts)
            recent.extend(words[-recent.maxlen:])
            return
        for word, count in zip(words, counts):
            self._place(word, count)

    def _place(self, word: str, count: int) -> None:
        """One word, joined or beside. A word lower than the last few joined is taken as their sign that they
        were out of place: they move beside and it is joined; lower than more, it goes beside."""
        if word in self.beside:  # a later line of a word already beside: it wins there, as in a dict
            self.beside[word] = count
            return
        recent = self._recent
        above = 0
        while above < len(recent) and recent[-1 - above] > word:
            above += 1
        if above == len(recent) and above < len(self._counts):
            self.beside[word] = count  # lower than every recent word: this one is out of place
            return
        for _ in range(above):
            self._pop()
        if recent and recent[-1] == word:
            self.beside[word] = count
            return
        self._text.write(word)
        self._ends.append(self._ends[-1] + len(word))
        self._counts.append(count)
        recent.append(word)

    def _pop(self) -> None:
        """The last word joined moves beside."""
        word = self._recent.pop()
        self.beside.setdefault(word, self._counts.pop())  # a later duplicate already beside it wins, as in a dict
        self._ends.pop()
        self._text.seek(self._ends[-1])
        self._text.truncate()

    def close(self) -> Frequencies:
        """Done giving words: the joined ones become searchable."""
        self._joined, self._text = self._text.getvalue(), StringIO()
        return self

    def _word(self, index: int) -> str:
        return self._joined[self._ends[index]:self._ends[index + 1]]

    def get(self, word: str, default: int | None = None) -> int | None:
        if word in self.beside:
            return self.beside[word]
        index = bisect_left(range(len(self._counts)), word, key=self._word)
        if index < len(self._counts) and self._word(index) == word:
            return self._counts[index]
        return default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __setitem__(self, word: str, count: int) -> None:
        self.beside[word] = count

    def items(self) -> Iterator[tuple[str, int]]:
        """Every word once, with its frequency (the one beside the joined words when there are two)."""
        for index, count in enumerate(self._counts):
            word = self._word(index)
            if word not in self.beside:
                yield word, count
        yield from self.beside.items()
