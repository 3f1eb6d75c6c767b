"""Real-world pages, from realistic examples written for these tests (not copied from any gold file)."""


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import realworld
from drafter.structure.evaluation import evaluate
from drafter.structure.parser import parse_text

GOLD = realworld.SPEECHES


def heads(speech):
    return [(p.number, p.heading) for p in speech.parts]


def test_lone_first_heading_after_the_transition_is_a_part():
    speech = parse_text("同志们：\n今天召开全县防汛工作会议。\n下面，我讲三点意见。\n一、提高认识，增强防汛工作的责任感\n防汛工作事关群众安危。")
    assert speech.transition.text == "下面，我讲三点意见。" and speech.transition.count == 3
    assert heads(speech) == [("一、", "提高认识，增强防汛工作的责任感")]


@pytest.mark.parametrize("transition, count", [
    ("我讲三句话，与大家共勉。", 3), ("借此机会，和大家交流三方面意见。", 3), ("我对会议作一个简要的总结。", None),
    ("下面，我提5点建议和希望：", 5), ("下面，我再强调几点。", None),
])
def test_transition_wordings_run_in_at_the_end_of_the_opening(transition, count):
    speech = parse_text(f"同志们：\n刚才几位同志作了很好的发言，我都同意。{transition}\n一、抓好责任落实\n各单位要压实责任。")
    assert speech.transition.text == transition and speech.transition.count == count
    assert heads(speech) == [("一、", "抓好责任落实")]


@pytest.mark.parametrize("sentence, transition", [
    ("刚才，几位同志作了很好的发言，请大家抓好落实，下面，我再强调几点意见。", "下面，我再强调几点意见。"),
    ("今天是领导小组的第一次会议，我着重围绕发挥领导小组作用，讲三点意见。", "我着重围绕发挥领导小组作用，讲三点意见。"),
    ("其他工作今天就不讲了，最后强调两句话。", "最后强调两句话。"),
    ("待会县长还要作重要讲话，下面，就做好今年工作，我先讲两点意见：", "下面，就做好今年工作，我先讲两点意见："),
    ("为确保完成全年任务，努力实现“三无”目标，下面，我再强调三点意见：", "为确保完成全年任务，努力实现“三无”目标，下面，我再强调三点意见："),
])
def test_transition_starts_where_the_announcement_starts(sentence, transition):
    speech = parse_text(f"同志们：\n今天召开全县征兵工作会议。{sentence}\n一、抓好责任落实\n各单位要压实责任。")
    assert speech.transition.text == transition
    assert speech.opening[-1].text == f"今天召开全县征兵工作会议。{sentence}"[: -len(transition)]


def test_title_glued_to_the_salutation_and_site_lines_are_not_the_title():
    page = "范文素材网 首页 2024-10-28 08:41:08\n在全区安全生产工作会上的讲话同志们:今天召开会议。下面，我讲两点意见。\n一、压实责任\n二、排查隐患"
    speech = parse_text(page)
    assert speech.salutation == "同志们:"
    assert "首页" not in "".join(speech.title)
    assert heads(speech) == [("一、", "压实责任"), ("二、", "排查隐患")]


def test_page_furniture_is_removed():
    page = ("某某讲话稿(精选12篇)\n某某讲话稿 篇1\n下面是小编为大家整理的讲话稿，供大家参考。\n同志们：<BR>今天开会。下面，我讲两点意见。\n"
            "一、统一思想\n要统一思想。\n二、狠抓落实\n要狠抓落实。\n试读结束，开通会员查看全文\n（未完，全文共1662字，当前显示422字）")
    speech = parse_text(page)
    assert speech.salutation == "同志们："
    assert heads(speech) == [("一、", "统一思想"), ("二、", "狠抓落实")]
    text = speech.to_text()
    assert "小编" not in text and "试读" not in text and "<BR>" not in text and "篇1" not in text


def test_salutation_on_its_own_line_below_an_advert_or_a_contents_list():
    page = ("写材料神器，一键生成! 立即了解\n在全县防汛工作会议上的讲话\n同志们:\n今天召开全县防汛工作会议。下面，我讲两点意见。\n"
            "一、压实责任\n二、排查隐患")
    speech = parse_text(page)
    assert speech.salutation == "同志们:" and speech.title == ["在全县防汛工作会议上的讲话"]
    contents = "目录/提纲：\n一、压实责任\n（一）责任到人\n二、排查隐患\n同志们：\n今天开会。主要任务是部署今年的防汛工作，请大家认真抓好落实。"
    speech = parse_text(contents)
    assert speech.salutation == "同志们：" and speech.parts == []
    assert speech.opening[0].text.startswith("今天开会")


def test_salutation_after_a_site_blurb_or_a_title_ending_in_gao():
    page = ("下面是小编为大家整理的防汛工作会议讲话，供大家参考。同志们：今天召开全县防汛工作会议，主要任务是分析形势、部署工作。"
            "下面，我讲两点意见。\n一、压实责任\n二、排查隐患")
    assert parse_text(page).salutation == "同志们："
    glued = "县长在全县防汛工作会议上的发言稿同志们:今天召开会议，部署防汛工作。"
    speech = parse_text(glued)
    assert speech.salutation == "同志们:" and speech.title == ["县长在全县防汛工作会议上的发言稿"]


@pytest.mark.parametrize("line, salutation", [
    ("同志们，朋友们，大家好：今天我们在这里集会。", "同志们，朋友们，大家好："),
    ("同志们，大家好！今天我们在这里集会。", "同志们，"),
])
def test_greeting_belongs_to_the_salutation_only_before_a_colon(line, salutation):
    assert parse_text("在全市志愿服务活动启动仪式上的讲话" + line).salutation == salutation


def test_heading_run_into_its_first_item_and_item_glued_to_its_body():
    page = ("同志们：今天召开全县防汛工作会议。下面，我讲两个问题：一、认清形势，切实做好防汛准备工作（一）做好防汛准备的必要性"
            "今年以来我县降雨量比常年同期明显偏多，江河水位持续偏高，防汛形势严峻。（二）做好防汛准备的紧迫性主汛期即将到来，"
            "各地各部门的各项防汛准备工作必须争分夺秒、加快推进。二、压实责任，确保安全度汛")
    speech = parse_text(page)
    assert heads(speech) == [("一、", "认清形势，切实做好防汛准备工作"), ("二、", "压实责任，确保安全度汛")]
    items = [(i.number, i.heading) for i in speech.parts[0].items]
    assert items == [("（一）", "做好防汛准备的必要性"), ("（二）", "做好防汛准备的紧迫性")]


def test_a_short_line_the_page_repeats_between_paragraphs_is_furniture():
    page = ("同志们：\n今天召开全区招商引资工作会议，总结去年工作，部署今年任务。下面，我主要讲两点意见：\n文秘之家，写作好帮手\n"
            "一、认清形势，抢抓机遇\n文秘之家，写作好帮手\n招商引资是经济发展的关键。\n二、突出重点，精准招商\n要盯住重点产业。")
    speech = parse_text(page)
    assert speech.transition.text == "下面，我主要讲两点意见："
    assert heads(speech) == [("一、", "认清形势，抢抓机遇"), ("二、", "突出重点，精准招商")]
    assert "文秘之家，写作好帮手" in speech.furniture


def test_page_numbers_inside_sentences_are_removed():
    page = ("同志们：\n今天召开会议，主要任务是部署安全生\n— 3 —\n产工作。下面，我讲两点意见。\n一、压实责任\n"
            "安全生产事关群众生命财产安全第1 页共 10 页，必须抓紧抓实。\n二、排查隐患\n要抓住重点行业领域 - 4 - 开展排查整治。")
    speech = parse_text(page)
    assert speech.opening[0].text == "今天召开会议，主要任务是部署安全生产工作。"
    assert speech.parts[0].body[0].text == "安全生产事关群众生命财产安全，必须抓紧抓实。"
    assert speech.parts[1].body[0].text == "要抓住重点行业领域开展排查整治。"
    assert "第1 页共 10 页" in speech.furniture


def test_numbers_and_dashes_of_the_speech_itself_are_kept():
    speech = parse_text("同志们：\n全年完成投资10-20亿元，增长5—8个百分点——这是硬任务。第3页的表格要核对。")
    assert speech.opening[0].text == "全年完成投资10-20亿元，增长5—8个百分点——这是硬任务。第3页的表格要核对。"


def test_a_page_is_normalised_at_once_as_line_by_line():
    from drafter.text.reading import normalize

    lines = ['一.抓好落实,确保"两个"到位:1,000元', '二，他说"要落实', '中.文.', "三、10:30开会"]
    assert normalize("\n".join(lines)) == "\n".join(normalize(line) for line in lines)
    assert normalize(lines[1]) == "二、他说“要落实"


def test_chair_agenda_and_opening_runs_are_not_the_outline():
    page = ("同志们：\n今天会议有三项议程：\n一、请县应急局负责同志通报情况\n二、请各乡镇作表态发言\n三、请县长讲话\n"
            "会议主要有三点考虑：一是落实上级部署。二是安排节日安全。三是查找薄弱环节。")
    speech = parse_text(page)
    assert speech.parts == []


def test_contents_list_before_the_speech_is_not_the_parts():
    page = ("目录\n一、统一思想\n二、狠抓落实\n在全市工作会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n"
            "一、统一思想\n思想是行动的先导。\n二、狠抓落实\n落实是工作的生命。")
    speech = parse_text(page)
    assert heads(speech) == [("一、", "统一思想"), ("二、", "狠抓落实")]
    assert speech.parts[0].body[0].text == "思想是行动的先导。"


def test_heading_glued_to_its_body_without_punctuation():
    speech = parse_text("同志们：\n下面，我讲三点意见。\n一、回顾过去一年全县工作所取得的成效2023年，在各级各部门的共同努力下，全县各项工作稳步推进，成绩来之不易。")
    assert heads(speech) == [("一、", "回顾过去一年全县工作所取得的成效")]
    assert speech.parts[0].body[0].text.startswith("2023年")


def test_heading_of_parallel_clauses_glued_to_its_body():
    speech = parse_text("同志们：\n下面，我讲两点意见。\n一、抢抓机遇，发挥优势，树立信心创建全国文明城市是提升城市品位的重要抓手，"
                        "也是惠及全市群众的民生工程。\n二、压实责任\n要压实责任。")
    assert heads(speech)[0] == ("一、", "抢抓机遇，发挥优势，树立信心")
    assert speech.parts[0].body[0].text.startswith("创建全国文明城市是")


def test_heading_on_a_page_whose_line_breaks_became_spaces():
    page = ("同志们： 今天召开全镇乡村振兴推进会。下面，我讲两点意见。 一、以产业振兴引领乡村振兴，让强村富民的 目标在发展中"
            "落地生根 今年以来，全镇新建产业基地 X 个，村集体收入持续增长。 二、压实责任 各村要落实责任。")
    speech = parse_text(page)
    assert heads(speech)[0] == ("一、", "以产业振兴引领乡村振兴，让强村富民的 目标在发展中落地生根")
    assert speech.parts[0].body[0].text.startswith("今年以来")


def test_heading_broken_across_lines_keeps_its_tail():
    speech = parse_text("同志们：\n下面，我讲三点意见。\n一、认清形势，切实增强做好防汛工作\n的紧迫感\n防汛工作事关全局。")
    assert heads(speech) == [("一、", "认清形势，切实增强做好防汛工作的紧迫感")]


@pytest.mark.parametrize("mark", ["第一句话：", "一要", "第一，", "第一个“关键词”是"])
def test_top_level_numbered_otherwise(mark):
    speech = parse_text(f"同志们：\n下面，我讲三句话。\n{mark}抓好思想落实。会后各单位要立即传达。")
    assert heads(speech) == [(mark, "抓好思想落实")]


def test_traditional_characters_and_leaked_pinyin():
    page = "同志們：\n今天召開會(huì )議。下面，我講三點(diǎn)意見(jiàn)。\n一、緊繃思想防線(xiàn)\n要防患於未然。"
    speech = parse_text(page)
    assert speech.salutation == "同志們："
    assert speech.transition.text == "下面，我講三點(diǎn)意見(jiàn)。" and speech.transition.count == 3
    assert heads(speech) == [("一、", "緊繃思想防線(xiàn)")]


def test_item_opening_its_paragraph_keeps_a_longer_first_sentence_as_heading():
    page = ("同志们：\n下面，我讲两点意见。\n一、认清形势，增强做好养老服务工作的责任感\n"
            "第一，这是大势所趋，必须着力推动一场关于居家和社区养老服务的观念转变。过去一个时期，我们在养老模式上走了弯路。\n"
            "第二，这是民心所向，必须回应群众期盼。群众最愿意的还是居家养老。\n二、突出重点\n要抓好试点。")
    items = [(i.number, i.heading) for i in parse_text(page).parts[0].items]
    assert items[0] == ("第一，", "这是大势所趋，必须着力推动一场关于居家和社区养老服务的观念转变")
    running = parse_text("同志们：\n下面，我讲两点意见。\n一、加强监管\n监管要跟上。一是加强对互联网等新兴领域的监管，一定要抓紧完善"
                         "相关制度规范和标准体系。二是加强执法。要严格执法。\n二、狠抓落实\n要抓好落实。")
    assert running.parts[0].items[0].heading == "加强对互联网等新兴领域的监管"


def test_a_page_starting_in_the_middle_of_the_speech():
    speech = parse_text("三、全力做好今年各项工作\n一是抓好重点任务。要排查隐患。\n二是强化工作保障。要落实经费。")
    assert heads(speech) == [("三、", "全力做好今年各项工作")]
    assert [(i.number, i.heading) for i in speech.parts[0].items] == [("一是", "抓好重点任务"), ("二是", "强化工作保障")]


@pytest.mark.parametrize("text", ["三一、抓好落实", "（一三）抓好落实", "1一点意见", "下面我讲1一点意见。\n三一、落实"])
def test_malformed_numerals_never_crash(text):
    parse_text(text).to_dict()


MIXED = st.lists(
    st.sampled_from(["一、", "三一、", "（一三）", "（十二）", "1一", "第一，", "一是", "十要", "①", "(2)", "1.", "。", "，", "：", "\n",
                     "同志們", "講話", "點(diǎn)", "下面，我讲三点意见。", "<BR>", "THE END", "篇1", " "])
    | st.text(alphabet="要把责任扛在肩上防汛安全第一二三四五六七八九十", max_size=8),
    max_size=80,
).map("".join)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MIXED)
def test_no_traceback_on_random_mixes_of_marks_chinese_and_punctuation(text):
    speech = parse_text(text)
    speech.to_dict()
    speech.to_text()


@pytest.mark.skipif(not GOLD.is_file(), reason="realworld excerpts not present")
def test_realworld_excerpts_per_field():
    report = evaluate(GOLD)
    print("\n" + report.table())
    for name in ("salutation", "transition", "level1", "level1_number", "level2"):
        assert report.fields[name].recall >= 0.8, (name, report.misses)
        assert report.fields[name].precision >= 0.8, (name, report.misses)


def test_a_lone_ascii_dot_after_a_word_no_sentence_ends_on_is_debris_not_a_full_stop():
    text = "同志们：\n会议就要结束了。下面，就抓好全年工作的.落实问题，我讲两点意见：\n一要压实责任。各单位要立即行动。\n二要加强督查。督查组要深入一线。"
    speech = parse_text(text)
    assert speech.transition.text == "下面，就抓好全年工作的.落实问题，我讲两点意见："
    assert heads(speech) == [("一要", "压实责任"), ("二要", "加强督查")]


def test_a_lone_first_point_opening_its_paragraph_with_a_short_sentence_is_a_part():
    text = ("同志们：\n今天召开全县森林防火工作推进会，主要是落实省市部署，对春季防火再动员再部署。\n"
            "一要压紧责任。火源管控是关键。各乡镇要落实网格责任，护林员要每天巡山，发现问题立即报告处理。")
    speech = parse_text(text)
    assert heads(speech) == [("一要", "压紧责任")] and speech.transition is None


def test_a_conclusion_on_what_the_work_must_do_before_a_lone_point_is_the_transition():
    text = ("这次会议很及时。刚才，几位同志作了发言，我都同意。所以，今后的防汛工作必须坚持“早”字为先。\n"
            "一是要早作准备。汛期将至，各地要抓紧检修堤坝、储备物资，把各项准备做在前面。")
    speech = parse_text(text)
    assert speech.transition.text == "所以，今后的防汛工作必须坚持“早”字为先。"
    assert heads(speech) == [("一是", "要早作准备")]


def test_a_lone_point_inside_prose_or_with_a_long_first_sentence_stays_text():
    text = ("同志们：\n今天召开全县森林防火工作推进会。\n"
            "一是各乡镇要落实网格责任，护林员要每天巡山，发现问题立即报告处理。各村要组织巡逻。")
    assert parse_text(text).parts == []


def test_pinyin_after_a_latin_letter_an_ocr_made_of_a_character_is_left_out():
    text = "同志們：\n今天召開全縣秋冬防火工作會(huì)議,確保全年目標(biāo)任務(wù)?,F(xiàn)在,我講兩點(diǎn)意見。\n一、提高認(rèn)識(shí)\n防火工作事關(guān)群眾安危。\n二、壓實(shí)責(zé)任\n各地要落實(shí)到人。"
    speech = parse_text(text)
    assert speech.transition.text == "F(xiàn)在,我講兩點(diǎn)意見。" and speech.transition.count == 2
    assert len(speech.parts) == 2


def test_a_short_heading_glued_to_a_sentence_of_its_own_ends_at_its_last_ending():
    text = ("同志们：\n下面，我讲两点意见。一、提高站位，深刻认识做好防汛工作的重要性防汛工作是保障群众安全的一项基础性工作。各地要高度重视。"
            "二、压实责任，确保各项措施落实到位。各地要抓紧部署。")
    assert heads(parse_text(text)) == [("一、", "提高站位，深刻认识做好防汛工作的重要性"), ("二、", "压实责任，确保各项措施落实到位")]


@pytest.mark.parametrize("heading", ["一、充分认识防汛工作是一项基础性工作。", "一、清醒认识当前防汛形势的复杂严峻形势"])
def test_a_short_heading_whose_verb_takes_a_clause_or_standing_alone_is_not_cut(heading):
    speech = parse_text(f"同志们：\n下面，我讲两点意见。\n{heading}\n各地要高度重视。\n二、压实责任\n各地要抓紧部署。")
    assert speech.parts[0].heading == heading[2:].rstrip("。")


@pytest.mark.parametrize("text, stop", [("精神的.贯彻", False), ("安全和.稳定", False), ("我们开会.他说", True), ("抓好落实.", True)])
def test_a_dot_is_a_full_stop_unless_it_follows_a_word_no_sentence_ends_on(text, stop):
    from drafter.text.reading import normalize
    assert ("。" in normalize(text)) == stop


def test_a_title_with_its_speaker_and_date_in_brackets_glued_to_the_salutation():
    speech = parse_text("在全县秋季森林防火动员大会上的讲话县林业局局长王某某（2024年9月30日）同志们：今天召开全县秋防动员大会。"
                        "下面，我讲两点意见。\n一、认清形势\n今年秋季气候干燥。\n二、压实责任\n各地要落实到人。")
    assert speech.salutation == "同志们：" and speech.title == ["在全县秋季森林防火动员大会上的讲话县林业局局长王某某（2024年9月30日）"]


def test_style_rules_a_word_saved_page_left_in_its_text_are_furniture():
    page = ('在全市防汛工作会议上的讲话\n@page { size: 8.27in 11.69in; margin-left: 1.25in } p { color: #000000; line-height: 115% } '
            'p.cjk { font-family: "宋体", "SimSun"; font-size: 10pt } 同志们： 今天召开全市防汛工作会议，安排部署今年防汛工作。'
            '下面，我讲两点意见： 一、认清形势 今年汛期降雨偏多，各地要早作准备。 二、压实责任 各地要把责任落实到人，确保安全度汛。')
    speech = parse_text(page)
    assert speech.salutation == "同志们：" and [p.heading for p in speech.parts] == ["认清形势", "压实责任"]
    assert any(f.startswith("@page {") for f in speech.furniture) and not any("{" in t for t in speech.title)


def test_an_enumeration_inside_one_sentence_after_a_colon_heads_nothing():
    text = ("同志们：\n下面，我讲两点意见。\n一、认清形势\n当前，防汛工作面临不少新问题：一是部分堤坝年久失修；二是基层防汛力量薄弱；三是群众防范意识不强。"
            "对此，各地要高度重视。\n二、压实责任\n各地要把责任落实到人。")
    speech = parse_text(text)
    assert [p.heading for p in speech.parts] == ["认清形势", "压实责任"] and speech.parts[0].items == []


def test_a_series_after_a_colon_running_over_sentences_still_heads_items():
    text = ("同志们：\n下面，我讲两点意见。\n一、认清形势\n突出表现在：一是部分堤坝年久失修，险情时有发生；二是基层防汛力量薄弱。人员少、装备差。"
            "三是群众防范意识不强，转移不及时。\n二、压实责任\n各地要把责任落实到人。")
    assert [i.number for i in parse_text(text).parts[0].items] == ["一是", "二是", "三是"]


def test_a_salutation_ends_on_whom_it_addresses():
    """同志们，提高认识： opens a sentence, not the speech; 各位学员： and 尊敬的徐院长： address people."""
    from drafter.structure.paragraphs import Line, salutation_length

    assert salutation_length(Line.of("同志们，提高认识：")) == 0
    for line in ("同志们：", "各位领导、同志们：", "女士们、先生们：", "各位代表，同志们，大家好：", "尊敬的王院长，各位老师，各位学员："):
        assert salutation_length(Line.of(line)) == len(line)


def test_a_title_with_a_comma_is_a_title():
    speech = parse_text("凝心聚力，真抓实干——在全县安全生产工作会议上的讲话\n同志们：\n今天开会。下面我讲两点意见。\n"
                        "一、提高认识\n内容。\n二、抓好落实\n内容。\n")
    assert speech.title == ["凝心聚力，真抓实干——在全县安全生产工作会议上的讲话"] and speech.salutation == "同志们："
    assert [b.heading for b in speech.parts] == ["提高认识", "抓好落实"]
