"""Real-world mess, from realistic examples written for these tests (not the seeds)."""

from drafter.structure.parser import parse_text

WEB_PAGE = """首页 > 领导讲话 > 正文
某某市人民政府网
在全市安全生产工作会议上的讲话
（2023年3月15日）
发布时间：2023-03-16 来源：市政府办公室 浏览次数：1024
【字号：大 中 小】 打印本文 关闭窗口
同志们:今天,我们召开全市安全生产工作会议,主要任务是总结去年工作,部署今年任务.刚才,市应急管理局通报了去年全市安全生产情况,讲得很好,我完全赞同.
根据会议安排,我讲三点意见.
第一,提高认识,切实增强做好安全生产工作的责任感.安全第一,预防为主.我市二、三产业占比较高,风险点多面广,今年是第一次开展全域风险普查.
第二,突出重点,全力防范化解重大安全风险.要加强小(二)型水库、尾矿库的汛前巡查.一是抓好危化品专项整治;二是抓好道路交通安全;三是抓好消防安全.
第三,压实责任,确保各项措施落到实处.要严格落实"党政同责、一岗双责".
同志们,安全生产责任重于泰山.让我们以更加务实的作风,奋力开创全市安全生产工作新局面!
谢谢大家!
分享到：微信 微博 QQ空间
上一篇：全市防汛工作会议召开
"""

HEADINGS = ["提高认识,切实增强做好安全生产工作的责任感", "突出重点,全力防范化解重大安全风险", "压实责任,确保各项措施落到实处"]


def check_web_speech(speech):
    assert speech.title == ["在全市安全生产工作会议上的讲话"]
    assert speech.date == "（2023年3月15日）"
    assert speech.salutation == "同志们:"
    assert speech.transition.text == "根据会议安排,我讲三点意见."
    assert speech.transition.count == 3
    assert [p.number for p in speech.parts] == ["第一,", "第二,", "第三,"]
    assert [p.heading for p in speech.parts] == HEADINGS
    assert [p.level for p in speech.parts] == [1, 1, 1]
    assert [(i.number, i.heading, i.level) for i in speech.parts[1].items] == [
        ("一是", "抓好危化品专项整治", 2), ("二是", "抓好道路交通安全", 2), ("三是", "抓好消防安全", 2)]
    assert speech.parts[0].items == [] and speech.parts[2].items == []
    assert [p.text[:8] for p in speech.closing] == ["同志们,安全生产"]
    assert speech.signoff == "谢谢大家!"


def test_page_furniture_half_width_punctuation_and_false_numbering():
    speech = parse_text(WEB_PAGE, "web.txt")
    check_web_speech(speech)
    assert "打印本文" in " ".join(speech.furniture) and "上一篇：全市防汛工作会议召开" in speech.furniture
    assert all("打印" not in p.text and "浏览" not in p.text for p in speech.opening)
    # 安全第一，二、三产业，第一次，小(二)型 stay text in the body
    assert "我市二、三产业占比较高" in speech.parts[0].body[0].text
    assert "小(二)型水库" in speech.parts[1].body[0].text


def test_lines_broken_mid_sentence_are_joined():
    lines = WEB_PAGE.splitlines()
    head, body, tail = lines[:6], lines[6:13], lines[13:]
    wrapped = [line[i:i + 23] for line in body for i in range(0, len(line), 23)]
    check_web_speech(parse_text("\n".join(head + wrapped + tail)))


def test_whole_speech_run_together_on_one_line():
    body = WEB_PAGE.splitlines()[6:13]
    check_web_speech_body(parse_text("".join(body)))


def check_web_speech_body(speech):
    assert speech.salutation == "同志们:"
    assert speech.transition.count == 3
    assert [p.heading for p in speech.parts] == HEADINGS
    assert len(speech.parts[1].items) == 3
    assert speech.closing[0].text.startswith("同志们,安全生产责任重于泰山")
    assert speech.signoff == "谢谢大家!" and speech.signoff_runin


def test_top_level_parts_numbered_yi_yao_with_yi_shi_items_below():
    text = """各位领导、同志们：
借此机会，就做好今年防汛抗旱工作，我谈几点意见。
一要提高思想认识。防汛抗旱事关人民群众生命财产安全。一是克服麻痹思想；二是克服侥幸心理。
二要突出工作重点。重点抓好水库、堤防、山洪灾害防御。
三要强化责任落实。严格落实以行政首长负责制为核心的防汛抗旱责任制。
最后，希望大家以更加扎实的作风，确保安全度汛！
"""
    speech = parse_text(text)
    assert speech.salutation == "各位领导、同志们："
    assert speech.transition.text == "借此机会，就做好今年防汛抗旱工作，我谈几点意见。"
    assert [(p.number, p.heading, p.level) for p in speech.parts] == [
        ("一要", "提高思想认识", 1), ("二要", "突出工作重点", 1), ("三要", "强化责任落实", 1)]
    assert [(i.number, i.heading, i.level, i.inline) for i in speech.parts[0].items] == [
        ("一是", "克服麻痹思想", 2, True), ("二是", "克服侥幸心理", 2, True)]
    assert [p.text[:5] for p in speech.closing] == ["最后，希望"]


def test_levels_follow_the_speech_not_the_numbering_word():
    """Here 一是 numbers the parts and （一） the items below them: the reverse of the usual order."""
    text = """同志们：
下面，我讲两点意见。
一是提高站位。
（一）深化认识。要把思想统一到决策部署上来。
（二）加强学习。要系统学习有关文件。
二是狠抓落实。
（一）压实责任。层层签订责任书。
（二）强化督查。定期通报进展。
"""
    speech = parse_text(text)
    assert [(p.number, p.heading, p.level) for p in speech.parts] == [("一是", "提高站位", 1), ("二是", "狠抓落实", 1)]
    assert [[(i.number, i.heading, i.level) for i in p.items] for p in speech.parts] == [
        [("（一）", "深化认识", 2), ("（二）", "加强学习", 2)],
        [("（一）", "压实责任", 2), ("（二）", "强化督查", 2)]]


def test_all_numbering_families_nested():
    text = """同志们：
下面，我讲两个问题。
一、关于形势
（一）成绩
1.经济平稳运行。全年增长6%。
2.民生持续改善。
（1）就业稳定。（2）收入增长。
（二）问题
首先，发展不平衡。其次，风险仍然存在。最后，作风有待改进。
二、关于任务
第一，稳增长。第二，防风险。
"""
    speech = parse_text(text)
    tree = [(b.number, b.heading, b.level) for b in speech.blocks()]
    assert tree == [
        ("一、", "关于形势", 1), ("（一）", "成绩", 2), ("1.", "经济平稳运行", 3), ("2.", "民生持续改善", 3),
        ("（1）", "就业稳定", 4), ("（2）", "收入增长", 4), ("（二）", "问题", 2),
        ("首先，", "发展不平衡", 3), ("其次，", "风险仍然存在", 3), ("最后，", "作风有待改进", 3),
        ("二、", "关于任务", 1), ("第一，", "稳增长", 2), ("第二，", "防风险", 2),
    ]


def test_numbering_like_words_are_not_numbering():
    text = """同志们：
下面，我讲三点意见。
一、坚持安全第一
安全第一，预防为主。我们是第一次召开这样的会议，二、三产业企业都要参加。要加强小(二)型水库管理。第一时间报告险情。
二、突出重点
发展是第一要务，稳定是第一责任。一是一，二是二，来不得半点虚假。
三、狠抓落实
要把第一责任人的责任落到实处。
"""
    speech = parse_text(text)
    assert [p.heading for p in speech.parts] == ["坚持安全第一", "突出重点", "狠抓落实"]
    assert [b for p in speech.parts for b in p.items] == []
    assert speech.parts[0].body[0].text.startswith("安全第一，预防为主。")


def test_transition_within_the_opening_paragraph_and_comment_on_earlier_speakers():
    text = """同志们：
刚才，几位同志作了很好的发言，我都赞成。这里，我围绕这3个方面谈几点感受。
一、要把责任扛在肩上
要压实责任。
二、要把任务抓在手上
要抓好任务。
三、要把群众放在心上
要服务群众。
我就讲这些，谢谢大家！
"""
    speech = parse_text(text)
    assert [p.text for p in speech.opening] == ["刚才，几位同志作了很好的发言，我都赞成。"]
    assert speech.transition.text == "这里，我围绕这3个方面谈几点感受。" and speech.transition.runin
    assert speech.transition.count == 3
    assert speech.signoff == "我就讲这些，谢谢大家！"
    assert [p.body[0].text for p in speech.parts] == ["要压实责任。", "要抓好任务。", "要服务群众。"]
    assert speech.closing == []


def test_speech_without_outline_keeps_paragraphs_as_opening_and_closing():
    speech = parse_text("同志们：\n今年以来，各项工作稳步推进。\n希望大家再接再厉，再创佳绩！\n")
    assert speech.parts == [] and speech.transition is None
    assert [p.text for p in speech.opening] == ["今年以来，各项工作稳步推进。"]
    assert [p.text for p in speech.closing] == ["希望大家再接再厉，再创佳绩！"]


def test_redaction_slots_are_kept_verbatim():
    speech = parse_text("同志们：\n刚才，x同志通报了情况，*个单位作了发言。下面，我讲两点意见。\n一、**要提高认识\n二、***要狠抓落实\n")
    assert speech.opening[0].text == "刚才，x同志通报了情况，*个单位作了发言。"
    assert [p.heading for p in speech.parts] == ["**要提高认识", "***要狠抓落实"]


def test_two_line_title_speaker_and_date_header():
    text = """在全市平安建设
工作推进大会上的讲话
市委书记 王某某
（2023年6月8日）
同志们：
今天召开会议，主要任务是部署平安建设工作。下面，我讲两点意见。
一、提高站位
要提高认识。
二、狠抓落实
要压实责任。
"""
    speech = parse_text(text)
    assert speech.title == ["在全市平安建设", "工作推进大会上的讲话"]
    assert speech.speaker == "市委书记 王某某" and speech.date == "（2023年6月8日）"
    assert speech.salutation == "同志们："
    assert speech.to_dict()["title"] == "在全市平安建设工作推进大会上的讲话"
    assert [p.heading for p in speech.parts] == ["提高站位", "狠抓落实"]
    assert parse_text(speech.to_text()).to_dict() == speech.to_dict()


def test_subtitle_bare_speaker_name_and_placeholder_paragraphs():
    text = """凝心聚力 奋勇争先
——在全市平安建设工作推进大会上的讲话
张三
（2023年6月8日）
同志们：
今天召开会议。下面，我讲两点意见。
一、提高站位
【此处展开，约265字】
【数据】
二、狠抓落实
要压实责任。
"""
    speech = parse_text(text)
    assert speech.title == ["凝心聚力 奋勇争先", "——在全市平安建设工作推进大会上的讲话"]
    assert speech.speaker == "张三"
    assert [p.text for p in speech.parts[0].body] == ["【此处展开，约265字】", "【数据】"]
