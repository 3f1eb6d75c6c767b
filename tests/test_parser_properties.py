"""Property tests: the parser never raises, and parse → text → parse is stable."""

from hypothesis import HealthCheck, given, settings, example
from hypothesis import strategies as st

from drafter.structure.parser import parse_text

FRAGMENTS = [
    "一、", "二、", "三、", "（一）", "（二）", "(三)", "1.", "2.", "（1）", "（2）", "一是", "二是", "三是", "一要", "二要",
    "第一，", "第二，", "首先，", "其次，", "最后，", "同志们：", "同志们，", "下面，我讲三点意见。", "我就讲这些，谢谢大家！",
    "提高认识", "狠抓落实", "安全第一，", "二、三产业", "小(二)型水库", "“平安是福。”", "**", "x同志", "。", "，", "；", "：",
    "！", "\n", "\n", "\n", " ", "总之，", "2023年3月15日", "在全市工作会议上的讲话", ",", ".", "\"",
]
WORDS = st.text(alphabet="要把责任扛在肩上平安建设推进发展", max_size=12)
speech_like = st.lists(st.sampled_from(FRAGMENTS) | WORDS, max_size=60).map("".join)
# page furniture is dropped by design, so it only joins the never-raises property
with_furniture = st.lists(st.sampled_from([*FRAGMENTS, "打印本文", "来源：新华网", "上一篇："]) | WORDS, max_size=60).map("".join)
any_text = st.text(max_size=400)
relaxed = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(any_text | with_furniture)
def test_parser_never_raises(text):
    speech = parse_text(text)
    speech.to_dict()
    speech.to_text()


@relaxed
@given(speech_like)
@example("安全第一，在全市工作会议上的讲话同志们，")  # a title with a comma, glued to the salutation or above it
@example("一、\n一、\n一、一、")  # a bare mark above a line of marks: joined, the mark would read as none
@example("一、一、：同志们，：一、")  # a salutation after a colon, on its own line or not
@example("一、一、安全第一，\n同志们，：一、")
@example("一、一、安全第一，\n同志们，（一）：一、")  # a salutation holds no numbering mark
def test_parse_render_parse_is_stable(text):
    once = parse_text(text)
    twice = parse_text(once.to_text())
    assert twice.to_dict() == once.to_dict()
