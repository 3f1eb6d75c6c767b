"""The transition: the sentence that announces the parts (下面，我讲三点意见 / 现将有关情况通报如下).

Speakers word it many ways (我讲三句话，与大家共勉 / 借此机会，和大家交流三方面意见 / 提5点建议和希望 /
下面，我再强调几点), so it is recognised by a verb of speaking together with a count (strong: enough to make a
lone first heading after it a part) or with a lead-in word or object (weaker: enough before a numbered series).
The word lists are data: `transition_verbs`, `transition_leads`, `count_units`.
"""

from __future__ import annotations

import re
from functools import cache

from drafter.structure.numbering import CN_NUMERAL, cn_to_int
from drafter.vocab import words

_NUMBER = rf"(?<![\d一二三四五六七八九十])(?:\d{{1,2}}|{CN_NUMERAL}|两|几)"


def _alternatives(name: str) -> str:
    return "|".join(re.escape(w) for w in sorted(words(name), key=len, reverse=True))


@cache
def _count_re() -> re.Pattern[str]:
    return re.compile(rf"(?P<n>{_NUMBER})(?:{_alternatives('count_units')})")


@cache
def _verb_re() -> re.Pattern[str]:
    return re.compile(_alternatives("transition_verbs"))


@cache
def _lead_re() -> re.Pattern[str]:
    return re.compile(_alternatives("transition_leads"))


def strength(sentence: str) -> int:
    """2 for a verb of speaking with a count after it, 1 for a verb with a lead-in word or an announced
    object, 0 otherwise. `sentence` is in recognition form."""
    verb = _verb_re().search(sentence)
    if not verb:
        return 0
    if _count_re().search(sentence, verb.start()) or _count_re().search(sentence[: verb.start()][-8:]):
        return 2
    return 1 if _lead_re().search(sentence) else 0


_COMMA_RE = re.compile("，")
_SHORT_FRAME = 4  # a clause this short before the transition (今天，这里，) frames it


@cache
def _opener_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:我|{_alternatives('transition_openers')})")


@cache
def _frame_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:{_alternatives('transition_frames')})")


def start_in(sentence: str) -> int:
    """Where the transition starts in its sentence (recognition form).

    A sentence framed from its start (为…，由于…，根据…) is the transition as a whole. Otherwise other clauses
    may come first (刚才…作了部署，下面，我再强调几点意见): the transition starts at the last clause that opens
    with 下面, 最后, 我… (`transition_openers`) up to the one announcing the parts, taking in the framing
    clauses just before it (就…，今天，)."""
    if _frame_re().match(sentence):
        return 0
    count = _count_re().search(sentence)
    verbs = list(_verb_re().finditer(sentence, 0, count.start() if count else len(sentence)))
    if not verbs:
        return 0
    starts = [0, *(m.end() for m in _COMMA_RE.finditer(sentence, 0, verbs[-1].start()))]
    openers = [i for i, start in enumerate(starts) if _opener_re().match(sentence, start)]
    if not openers:
        return 0
    first = openers[-1]
    while first > 0:
        clause = sentence[starts[first - 1]:starts[first] - 1]
        if not (_frame_re().match(clause) or len(clause) <= _SHORT_FRAME):
            break
        first -= 1
    return starts[first]


def announced(sentence: str) -> int | None:
    """How many parts the sentence announces (三点意见 → 3), None for 几点 or no count."""
    count = _count_re().search(sentence)
    if not count or count.group("n") == "几":
        return None
    return cn_to_int(count.group("n").replace("两", "二"))
