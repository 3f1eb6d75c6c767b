"""The pieces mining is made of: frame induction, series, slots, teaching jieba."""

from __future__ import annotations

from drafter.mining.finish import Counted, TermCounter, TermTally
from drafter.mining.frames import induce
from drafter.mining.rhetoric import quotations, series
from drafter.mining.slots import template, transition_template
from drafter.text.tokens import cut, dictionary, taught


def test_frames_from_the_brief():
    assert induce(["提升标准，推动{主题}迈上新水平", "突出重点，推动{主题}开拓新局面", "狠抓落实，推动{主题}取得新成效"]).template == (
        "{动宾}，推动{主题}{新目标}"
    )
    assert induce(["要抓好化解矛盾纠纷这个根本", "要抓好维护社会稳定这个重点", "要抓好创新社会管理这个难点"]).template == "要抓好{X}这个{Y}"
    assert induce(["认清形势，提高政治站位", "紧盯重点，强化措施"]) is None  # nothing parallel enough
    assert induce(["同一句", "同一句"]) is None


def test_series_shapes():
    assert [f.text for f in series("以最高标准、最严要求、最强措施、最硬作风，坚决完成")] == ["最高标准、最严要求、最强措施、最硬作风"]
    assert [f.members for f in series("把安保维稳工作做深、做实、做细。")] == [("做深", "做实", "做细")]
    assert series("既谈情况，也谈思路") == []


def test_quotations_need_a_speaker():
    assert quotations("要当好项目建设的“服务员”，自觉主动为招商引资提供法律支持。") == []
    found = quotations("习近平总书记指出，“平安是老百姓解决温饱后的第一需求”。")
    assert [(f.speaker, f.text) for f in found] == [("习近平总书记", "平安是老百姓解决温饱后的第一需求")]


def test_templates_leave_quotations_alone():
    text = "全省50项举措，习近平总书记强调，“要牢牢守住安全发展这条底线，2022年”"
    result = template(text, ["安全发展"])
    assert result.template == "全省【待核实：50项】举措，习近平总书记强调，“要牢牢守住安全发展这条底线，2022年”"
    assert transition_template("这里，就做好新一年综治工作，我再强调四点意见。").template == "这里，就{事项}，我再强调{N}点意见。"
    assert "dated" in template("今年是党的二十大召开之年").flags
    people = template("刚才，张三同志作了报告，习近平同志强调", is_person={"张三", "习近平"}.__contains__)
    assert people.template == "刚才，【待核实：张三】同志作了报告，习近平同志强调"
    assert template("杭州市委、全市上下", is_place={"杭州市"}.__contains__).template == "【待核实：杭州市】委、全市上下"


def test_teaching_words_is_undone_afterwards():
    before = dict(dictionary().freq.items()), dictionary().total
    assert cut("推动平安建设") == ["推动", "平安", "建设"]
    with taught(["平安建设"]):
        assert cut("推动平安建设") == ["推动", "平安建设"]
    assert cut("推动平安建设") == ["推动", "平安", "建设"]
    assert (dict(dictionary().freq.items()), dictionary().total) == before


def test_a_season_of_the_year_and_a_left_out_name_are_marked():
    found = template("刚才，xx同志通报了第一季度和上半年的情况。", [])
    assert found.template == "刚才，{某同志}通报了【待核实：第一季度】和【待核实：上半年】的情况。"


def test_counted_words_are_counted_as_str_count_counts():
    """Overlapping uses count once (哈哈 twice in 哈哈哈哈哈), a word inside another counts too, the first use
    names its paragraph; a corpus without counted words finds none."""
    words = {w: Counted((w,), "", ()) for w in ("哈哈", "安全生产", "生产")}
    found = TermCounter(words)("a.txt", [(3, "哈哈哈哈哈"), (5, "抓安全生产，促生产")])
    assert found == [("哈哈", ("a.txt", 3, 0), 2), ("安全生产", ("a.txt", 5, 0), 1), ("生产", ("a.txt", 5, 0), 2)]
    assert TermCounter({})("a.txt", [(1, "安全生产")]) == []


def test_a_batch_sums_its_counted_words_into_one_entry_each():
    """The uses of a word are summed over a batch's speeches, its sources sorted (the files of one batch
    need not come in the sources' order), its first speech and place kept for the merge's ties."""
    tally = TermTally(TermCounter({"生产": Counted(("生产",), "topic", ("dated",))}))
    tally.add(7, 4, "甲.txt", [(2, "抓生产，促生产")])
    tally.add(8, 9, "乙.txt", [(1, "无关"), (6, "生产")])
    assert list(tally.records()) == [("term", "生产", 7, 4, (
        (("乙.txt", 6, 0), ("甲.txt", 2, 0)), 3, "topic", 0, "", (), ("生产",), "", (), "", "", ("dated",)))]
