"""Fitting archive text to a new topic: the bank's topic words out, grammatical replacement, quotations
untouched. The words here stand for what a bank mined from the writer's archive holds."""

from drafter.planning.retopic import retopic
from planning import plan

WORDS = ("平安建设和社会治理现代化", "平安建设和社会治理", "平安××建设", "维护社会稳定", "平安建设", "信访稳定",
         "综治维稳", "社会治理", "综治", "维稳")


def fit(text: str, topic: str):
    return retopic(text, topic, WORDS)


def test_headings_take_the_new_topic_as_the_noun_phrase_the_frame_needs():
    assert fit("提升标准，推动平安建设迈上新水平", "安全生产") == "提升标准，推动安全生产工作迈上新水平"
    assert fit("统一认识，切实增强平安建设的责任感", "信访") == "统一认识，切实增强信访工作的责任感"
    assert fit("不断提高维护社会稳定整体水平", "安全生产") == "不断提高安全生产整体水平"
    assert fit("落实维稳责任", "安全生产") == "落实安全生产责任"
    assert fit("推动平安建设工作迈上新水平", "教育") == "推动教育工作迈上新水平"


def test_an_event_or_a_campaign_takes_its_own_head_not_work():
    assert fit("切实增强做好平安建设工作的责任感", "安全生产月") == "切实增强做好安全生产月活动的责任感"
    assert fit("推动平安建设迈上新水平", "安全生产月") == "推动安全生产月活动迈上新水平"
    assert fit("推动平安建设工作迈上新水平", "百日攻坚行动") == "推动百日攻坚行动迈上新水平"
    assert plan("安全生产月", "动员部署会").title == ["在安全生产月活动动员部署会议上的讲话"]


def test_compound_and_listed_topics_collapse_into_one():
    text = "深入贯彻落实党中央和省、市委关于平安建设和社会治理现代化有关会议精神"
    assert fit(text, "安全生产") == "深入贯彻落实党中央和省、市委关于安全生产有关会议精神"
    assert fit("做好安全生产、综治维稳等工作的源头预防", "安全生产") == "做好安全生产等工作的源头预防"


def test_a_doubled_word_is_refused_rather_than_written():
    assert fit("平安建设生产", "安全生产") is None


def test_quotations_are_kept_verbatim_or_the_sentence_is_not_used():
    assert fit("坚决打赢信访稳定工作“翻身仗”", "安全生产") == "坚决打赢安全生产工作“翻身仗”"
    assert fit("要深入开展“平安建设”宣传", "安全生产") is None


def test_redactions_become_a_visible_slot():
    assert fit("推进平安***建设，刚才，x同志作了报告", "安全生产") == "推进安全生产，刚才，××同志作了报告"


def test_without_bank_words_nothing_is_replaced():
    assert retopic("推动平安建设迈上新水平", "安全生产") == "推动平安建设迈上新水平"


def test_counts_inside_sentences_stay_only_announcements_follow_the_parts():
    from drafter.planning.form import recount

    assert recount("总之，安全生产是一项长期而艰巨的任务", 3) == "总之，安全生产是一项长期而艰巨的任务"
    assert recount("下面，我再讲三点意见：", 2) == "下面，我再讲两点意见："
    assert recount("下面，我再强调几点意见。", 5) == "下面，我再强调五点意见。"


def test_left_out_names_and_loose_spaces_become_slots():
    assert fit("刚才，xx同志通报了情况，XX 部长作了部署", "安全生产") == "刚才，××同志通报了情况，××部长作了部署"
