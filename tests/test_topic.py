"""Fitting corpus text to a new topic: grammatical replacement, quotations untouched."""

from drafter.planning.retopic import leftovers, retopic


def test_headings_take_the_new_topic():
    assert retopic("提升标准，推动平安建设迈上新水平", "安全生产") == "提升标准，推动安全生产迈上新水平"
    assert retopic("强化基础、压实责任，为平安提供坚强有力保障", "防汛抗旱") == "强化基础、压实责任，为防汛抗旱提供坚强有力保障"
    assert retopic("不断提高维护社会稳定整体水平", "安全生产") == "不断提高安全生产整体水平"
    assert retopic("落实维稳责任", "安全生产") == "落实安全生产责任"


def test_compound_and_listed_topics_collapse_into_one():
    text = "深入贯彻落实党中央和省、市委关于平安建设和社会治理现代化有关会议精神"
    assert retopic(text, "安全生产") == "深入贯彻落实党中央和省、市委关于安全生产有关会议精神"
    assert retopic("做好安全生产、综治维稳等工作的源头预防", "安全生产") == "做好安全生产等工作的源头预防"


def test_a_doubled_word_is_refused_rather_than_written():
    assert retopic("平安建设生产", "安全生产") is None


def test_quotations_are_kept_verbatim_or_the_sentence_is_not_used():
    assert retopic("坚决打赢信访稳定工作“翻身仗”", "安全生产") == "坚决打赢安全生产工作“翻身仗”"
    assert retopic("习近平总书记指出，“平安是老百姓解决温饱后的第一需求”", "安全生产") is None
    assert retopic("要深入开展“平安建设”宣传", "安全生产") is None


def test_redactions_become_a_visible_slot():
    assert retopic("推进平安***建设，刚才，x同志作了报告", "安全生产") == "推进安全生产，刚才，××同志作了报告"


def test_leftovers_ignore_terms_the_topic_itself_contains():
    assert leftovers("推动平安建设和综治工作", "安全生产") == ["平安建设", "综治"]
    assert leftovers("推动平安建设", "平安建设") == []
