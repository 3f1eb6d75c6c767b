"""Length in characters, speaking time, and sizing a skeleton to a target time."""

from __future__ import annotations

import re

import pytest

from drafter.errors import OptionError

from drafter.structure.length import PLACEHOLDER_RE, SpeechLength, check_minutes, count_chars, measure, size_to
from drafter.structure.parser import parse_file, parse_text
from drafter.resources import bundled
from drafter.structure.model import Paragraph

SEED = bundled("corpus") / "动员部署会_二十大安保维稳.txt"


def test_measure_counts_written_characters_and_placeholders():
    text = SEED.read_text(encoding="utf-8")
    length = measure(parse_file(SEED))
    assert length.chars == count_chars(PLACEHOLDER_RE.sub("", text)) == 4037
    assert length.placeholders == len(PLACEHOLDER_RE.findall(text)) == 20
    assert length.describe() == "全文约 4,037 字，按每分钟 220 字计，讲话约 18.5 分钟；待填写 20 处（已用黄色标出）。"


def test_against_a_target_time():
    assert SpeechLength(4040).against(30) == "目标 30 分钟（约 6,600 字），当前约 4,040 字，还需充实约 2,560 字。"
    assert SpeechLength(4040).against(15) == "目标 15 分钟（约 3,300 字），当前约 4,040 字，需压缩约 740 字。"
    assert SpeechLength(603, 3, 2700).against(15) == (
        "目标 15 分钟（约 3,300 字），目前已写约 603 字，按提示写足后约 3,303 字，长度合适。")


def test_target_times_out_of_range_are_refused():
    for minutes in (float("inf"), float("nan"), 1e308, 0.5):
        with pytest.raises(OptionError, match="讲话时长应在 1 到 600 分钟之间"):
            check_minutes(minutes)
    assert check_minutes(None) is None and check_minutes(20) == 20


def test_placeholders_cover_brackets_redactions_and_planner_slots():
    assert PLACEHOLDER_RE.findall("为推动××发展，【数据】项，***副局长，x同志讲话，3×4") == ["××", "【数据】", "***", "x同志"]


SKELETON = "\n".join([
    "同志们：", "下面，我讲两点意见。", "一、提高认识", "（一）明确责任", "（二）强化措施",
    "二、狠抓落实", "一是要压实责任。", "二是要严格考核。", "【结尾】",
]) + "\n"


def test_size_to_shares_what_the_written_text_leaves_among_unwritten_sections():
    skeleton = parse_text(SKELETON)
    skeleton.opening = [Paragraph("【开场】")]
    written = measure(skeleton).chars
    size_to(skeleton, 10)
    assert skeleton.opening[0].text == "【开场白，约 220 字】……"
    assert skeleton.closing[0].text == "【结尾部分，约 176 字】……"
    quarter = round((2200 - written - 220 - 176) / 4)
    assert [b.body[0].text for b in skeleton.blocks() if b.body] == [f"【此处展开，约 {quarter} 字】……"] * 4
    assert abs(measure(skeleton).chars + measure(skeleton).asked - 2200) <= 3
    # 一是要压实责任。【此处展开…】 runs on in its paragraph; the bare heading （一）明确责任 stands alone
    assert "\n一是要压实责任。【此处展开，约" in skeleton.to_text()
    assert "\n（一）明确责任\n【此处展开，约" in skeleton.to_text()
    again = parse_text(skeleton.to_text())
    assert again.to_text() == skeleton.to_text()
    assert [b.body[0].text for b in again.blocks() if b.body] == [b.body[0].text for b in skeleton.blocks() if b.body]


def test_size_to_without_minutes_marks_where_to_write():
    skeleton = size_to(parse_text(SKELETON))
    assert [b.body[0].text for b in skeleton.blocks() if b.body] == ["【此处展开】……"] * 4
    assert re.search(r"约 \d+ 字", skeleton.to_text()) is None


def test_written_sections_are_left_alone():
    speech = parse_file(SEED)
    before = speech.to_text()
    assert size_to(speech, 30).to_text() == before
