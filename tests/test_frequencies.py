"""drafter.text.frequencies.Frequencies reads like the dict built from the same lines, in any order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.text.frequencies import Frequencies

_WORDS = st.text(alphabet="一二三安全生产abAB", min_size=1, max_size=4)


def _built(pairs: list[tuple[str, int]], block: int = 4) -> Frequencies:
    """Read `block` lines at a time: small blocks, so that blocks in order and blocks out of it both occur,
    and a stray can send the words in order of an earlier block among the strays."""
    frequencies = Frequencies()
    for start in range(0, len(pairs), block):
        words, counts = zip(*pairs[start:start + block])
        tags = [f"t{count % 3}" for count in counts]
        lines = "".join(f"{word} {count} {tag}\n" for word, count, tag in zip(words, counts, tags))
        frequencies.extend(lines, list(words), list(counts), tags)
    return frequencies


def test_a_nearly_sorted_file_is_read_in_place_and_its_few_strays_kept_apart():
    """jieba's dict.txt is sorted but for its first lines and a few more: a run of high words (小S 大S 阿Q)
    before the sorted body, a word after its own longer forms (吉林), a repeated word (B超)."""
    pairs = [("B超", 3), ("c#", 3), ("小S", 3), ("大S", 3), ("阿Q", 3), ("B超", 5)]
    pairs += [(f"一{chr(0x4e00 + i)}", i + 1) for i in range(1, 200)]
    pairs += [("吉林大学", 34), ("吉林工业大学", 3), ("吉林", 1000), ("吉林市", 9)]
    frequencies = _built(pairs)
    assert dict(frequencies.items()) == dict(pairs)
    assert len(frequencies._strays) <= 8
    assert frequencies.get("B超") == 5 and frequencies.get("吉林") == 1000 and frequencies.get("吉") is None
    assert frequencies.tag("吉林") == "t1" and frequencies.tag("一丁") == "t2" and frequencies.tag("吉") == ""
    assert frequencies.begins("吉") and frequencies.begins("c") and frequencies.begins("一") and not frequencies.begins("林")
    frequencies["吉"] = 7
    assert frequencies.get("吉") == 7 and "吉" in frequencies and "林" not in frequencies
    assert frequencies.tag("吉") == "" and frequencies.get("吉 1000") is None and frequencies.get("") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.integers(min_value=1, max_value=10**6)), max_size=60),
       st.lists(_WORDS, max_size=20), st.integers(min_value=1, max_value=9))
def test_any_order_reads_as_the_dict(pairs, others, block):
    lines = sorted(pairs)[: len(pairs) // 2] + pairs
    frequencies = _built(lines, block)
    expected = dict(pairs)
    assert dict(frequencies.items()) == expected
    for word in [*expected, *others]:
        assert frequencies.get(word, -1) == expected.get(word, -1)
        assert frequencies.tag(word) == (f"t{expected[word] % 3}" if word in expected else "")
        assert frequencies.begins(word) == any(line.startswith(word) for line, _ in lines)
