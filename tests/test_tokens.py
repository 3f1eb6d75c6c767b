"""drafter.text.tokens.cut is jieba's no-HMM segmentation, only faster: the same words for every text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.text.reading import normalize, read_speech, speech_files
from drafter.resources import bundled
import pytest

from drafter.errors import DrafterError
from drafter.text.tokens import _columns, _dict_txt, cut, dictionary, taught


def jieba_tokenizer(words: tuple[str, ...] = ()):
    """jieba itself over the same dictionary (no cache file read), taught `words` with its own add_word."""
    import jieba

    tokenizer = jieba.Tokenizer()
    with _dict_txt().open("rb") as lines:
        tokenizer.FREQ, tokenizer.total = jieba.Tokenizer.gen_pfdict(lines)
    tokenizer.initialized = True
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


def _same_as(tokenizer) -> None:
    """The frequencies, total and cut-able prefixes are jieba's (its FREQ holds words and, at 0, prefixes)."""
    words_of = dictionary()
    assert dict(words_of.freq.items()) == {key: count for key, count in tokenizer.FREQ.items() if count}
    assert words_of.total == tokenizer.total
    zero = {key for key, count in tokenizer.FREQ.items() if not count and (len(key) == 1 or key.isascii() and key.isalnum())}
    pieces = zero | set(map(chr, range(0x4E00, 0xA000))) | {a + b for a in "aAcCTx19" for b in "bB#+S3"} | {"", " "}
    assert {piece for piece in pieces if words_of.count(piece) == 0} == zero


def test_the_dictionary_and_taught_words_are_jiebas():
    """Built without importing jieba, the frequencies and total are jieba's, and a taught word changes them
    as jieba.add_word does, a word already in the dictionary (平安) and a Latin one included."""
    words = ("平安建设", "安保维稳", "综治中心", "平安", "APEC峰会")
    with taught(list(words)):
        _same_as(jieba_tokenizer(words))
        assert cut("推动平安建设") == ["推动", "平安建设"]
    _same_as(jieba_tokenizer())
    assert cut("推动平安建设") == ["推动", "平安", "建设"]


def test_jieba_rs_holds_every_word_of_jiebas_dictionary():
    """The cut (jieba-rs, its own copy of dict.txt) and the frequencies (jieba's dict.txt) name the same words."""
    import rjieba

    assert all(map(rjieba.has_word, dict(dictionary().freq.items())))
    assert not rjieba.has_word("安保维稳综治")


def test_a_dictionary_file_of_another_shape_is_named_in_one_line(tmp_path):
    """A line without its tag would shift every column after it: refused, not read askew."""
    bad = tmp_path / "dict.txt"
    bad.write_text("安全 3000 n\n生产 2000\n平安 100 a\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="dict.txt：不是 jieba 0.42 的词典"):
        list(_columns(bad))
    good = tmp_path / "good.txt"
    good.write_text("安全 3000 n\n生产 2000 vn\n", encoding="utf-8")
    assert list(_columns(good)) == [("安全 3000 n\n生产 2000 vn\n", ["安全", "生产"], [3000, 2000], ["n", "vn"])]
    (tmp_path / "no_end.txt").write_text("安全 3000 n\n生产 2000 vn", encoding="utf-8")
    assert list(_columns(tmp_path / "no_end.txt")) == list(_columns(good))
    for line in ("生产 -2000 vn", "生产 二千 vn"):
        (tmp_path / "count.txt").write_text(f"安全 3000 n\n{line}\n", encoding="utf-8")
        with pytest.raises(DrafterError, match="count.txt：不是 jieba 0.42 的词典"):
            list(_columns(tmp_path / "count.txt"))
    (tmp_path / "gbk.txt").write_bytes("安全 3000 n\n".encode("gbk"))
    with pytest.raises(DrafterError, match="gbk.txt：不是 jieba 0.42 的词典"):
        list(_columns(tmp_path / "gbk.txt"))
    (tmp_path / "one_line.txt").write_text("安全 3000 n " * 100, encoding="utf-8")
    with pytest.raises(DrafterError, match="one_line.txt：不是 jieba 0.42 的词典"):
        list(_columns(tmp_path / "one_line.txt"))


def test_the_dictionary_file_read_in_small_blocks_gives_its_lines_whole(monkeypatch):
    """Blocks end at line breaks: read 1,000 characters at a time, jieba's dict.txt gives the same columns."""
    text = _dict_txt().read_text(encoding="utf-8")
    whole = text.split()
    monkeypatch.setattr("drafter.text.tokens._BLOCK", 1000)
    blocks = list(_columns(_dict_txt()))
    assert len(blocks) > 3000
    assert "".join(lines for lines, _, _, _ in blocks) == text
    assert [w for _, words, _, _ in blocks for w in words] == whole[0::3]
    assert [c for _, _, counts, _ in blocks for c in counts] == list(map(int, whole[1::3]))
    assert [t for _, _, _, tags in blocks for t in tags] == whole[2::3]


def test_a_line_longer_than_a_block_is_a_block_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setattr("drafter.text.tokens._BLOCK", 1000)
    long = tmp_path / "long.txt"
    long.write_text("安全 3000 n\n" + "生" * 3000 + " 2000 vn\n平安 100 a\n", encoding="utf-8")
    assert [words for _, words, _, _ in _columns(long)] == [["安全"], ["生" * 3000], ["平安"]]


def test_every_word_of_the_file_is_looked_up_with_its_last_line():
    """Each word's frequency and tag as a dict built line by line holds them (a repeated word's last line,
    the lines out of order included), looked up in the kept lines; places and people by their tags."""
    lines = {}
    for line in _dict_txt().read_text(encoding="utf-8").splitlines():
        word, count, tag = line.split()
        lines[word] = int(count), tag
    words_of = dictionary()
    assert all(words_of.freq.get(word) == count and words_of.freq.tag(word) == tag
               for word, (count, tag) in lines.items())
    assert words_of.freq.get("平安建设综治") is None and words_of.freq.tag("平安建设综治") == ""
    places = {w for w, (_, tag) in lines.items() if tag == "ns" and len(w) in (3, 4) and w[-1] in "省市县区州"}
    people = {w for w, (_, tag) in lines.items() if tag == "nr" and len(w) in (2, 3)}
    assert {"杭州市", "浙江省", "朝阳区"} <= places and {"张三", "李四"} & people
    assert all(map(words_of.is_place, places)) and all(map(words_of.is_person, people))
    assert not any(map(words_of.is_place, ["杭州", "安全", "工作", "平安县城"] + sorted(people)[:500]))
    assert not any(map(words_of.is_person, ["同志", "杭州市", "张"] + sorted(places)[:500]))


def _corpus_paragraphs() -> list[str]:
    paragraphs = [p for path in speech_files(bundled("corpus")) for p in read_speech(path).paragraphs]
    return paragraphs + [normalize(p) for p in paragraphs]


def test_cut_equals_jieba_over_the_bundled_corpus():
    jieba = jieba_tokenizer()
    paragraphs = _corpus_paragraphs()
    assert len(paragraphs) == 162  # 81 paragraphs, raw and normalised
    assert [cut(p) for p in paragraphs] == [jieba.lcut(p, HMM=False) for p in paragraphs]


def test_cut_equals_jieba_with_taught_words():
    """Words new to the dictionary, and words already in it (jieba then adds to its total without taking
    the old frequency off, and jieba-rs takes it off)."""
    words = ["平安建设", "安保维稳", "综治中心", "的", "是", "和", "在", "了", "要", "工作"]
    jieba = jieba_tokenizer(tuple(words))
    paragraphs = _corpus_paragraphs()
    with taught(words):
        assert cut("推动平安建设") == ["推动", "平安建设"]
        assert cut("建立全周") == jieba.lcut("建立全周", HMM=False) == ["建立", "全周"]  # 全周 wins on jieba's total only
        assert [cut(p) for p in paragraphs] == [jieba.lcut(p, HMM=False) for p in paragraphs]
    assert cut("推动平安建设") == ["推动", "平安", "建设"]


def test_cut_equals_jieba_on_mixed_text():
    jieba = jieba_tokenizer()
    for text in [
        "", " ", "a", "2022年GDP增长5.5%，PM2.5浓度下降", "iPhone 和 Windows\r\n系统", "第1季度 \t完成 30 项",
        "C++与C#、R&D（研发）", "！？。", "abc123中文def", "x同志、**、*个", "１２３ＡＢＣ全角", "中-英_混.排",
    ]:
        assert cut(text) == jieba.lcut(text, HMM=False), text


# Chinese from the corpus, CJK beyond jieba's block range (\u9fd6…, extension A), Latin, digits, the
# symbols jieba keeps inside a block (+#&._%-), full-width forms, punctuation, spaces and line breaks.
_ALPHABET = "平安建设推进工作责任扛在肩上要把综治维稳发展群众社会鿖鿿㐀㐁abcXYZ019+#&._%-ＡＢ１２，。、；：！？“”（）《》 \t\r\n\u3000"


_JIEBA = jieba_tokenizer()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_cut_equals_jieba_on_any_text(text):
    assert cut(text) == _JIEBA.lcut(text, HMM=False)


def test_mining_never_imports_jieba():
    """jieba's package (its HMM model, its cache file) stays out of a mine: only its dictionary file is read."""
    import subprocess
    import sys

    code = ("import sys\nfrom drafter.mining.miner import mine_corpus\nfrom drafter.resources import bundled\n"
            "mine_corpus(bundled('corpus'))\nprint('jieba' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
