"""drafter.text.tokens.cut is jieba's no-HMM segmentation, only faster: the same words for every text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.text.reading import normalize, read_speech, speech_files
from drafter.resources import bundled
from drafter.text.tokens import cut, jieba_module, taught


def _corpus_paragraphs() -> list[str]:
    paragraphs = [p for path in speech_files(bundled("corpus")) for p in read_speech(path).paragraphs]
    return paragraphs + [normalize(p) for p in paragraphs]


def test_cut_equals_jieba_over_the_bundled_corpus():
    jieba = jieba_module()
    paragraphs = _corpus_paragraphs()
    assert len(paragraphs) == 162  # 81 paragraphs, raw and normalised
    assert [cut(p) for p in paragraphs] == [jieba.lcut(p, HMM=False) for p in paragraphs]


def test_cut_equals_jieba_with_taught_words():
    jieba = jieba_module()
    paragraphs = _corpus_paragraphs()
    with taught(["平安建设", "安保维稳", "综治中心"]):
        assert cut("推动平安建设") == ["推动", "平安建设"]
        assert [cut(p) for p in paragraphs] == [jieba.lcut(p, HMM=False) for p in paragraphs]
    assert cut("推动平安建设") == ["推动", "平安", "建设"]


def test_cut_equals_jieba_on_mixed_text():
    jieba = jieba_module()
    for text in [
        "", " ", "a", "2022年GDP增长5.5%，PM2.5浓度下降", "iPhone 和 Windows\r\n系统", "第1季度 \t完成 30 项",
        "C++与C#、R&D（研发）", "！？。", "abc123中文def", "x同志、**、*个", "１２３ＡＢＣ全角", "中-英_混.排",
    ]:
        assert cut(text) == jieba.lcut(text, HMM=False), text


# Chinese from the corpus, CJK beyond jieba's block range (\u9fd6…, extension A), Latin, digits, the
# symbols jieba keeps inside a block (+#&._%-), full-width forms, punctuation, spaces and line breaks.
_ALPHABET = "平安建设推进工作责任扛在肩上要把综治维稳发展群众社会鿖鿿㐀㐁abcXYZ019+#&._%-ＡＢ１２，。、；：！？“”（）《》 \t\r\n\u3000"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_cut_equals_jieba_on_any_text(text):
    assert cut(text) == jieba_module().lcut(text, HMM=False)
