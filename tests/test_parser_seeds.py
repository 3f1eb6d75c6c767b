"""Hand-made gold structure for the five seed speeches (read from the originals, not from the parser)."""

import pytest

from drafter.structure.parser import parse_text


def outline(speech):
    """(number, heading) of each level-1 part."""
    return [(p.number, p.heading) for p in speech.parts]


def items(part, inline=None):
    return [(i.number, i.heading) for i in part.items if inline is None or i.inline == inline]


def test_zuotan_dianping(seed):
    s = seed("座谈会点评")
    assert s.salutation == "同志们："
    assert s.transition.text == "下面，我围绕这4个方面谈几点感受。"
    assert s.transition.count == 4 and s.transition.paragraph == 2
    assert s.opening[0].text.startswith("刚才，市委政法委、市司法局等9个部门（单位）“一把手”作了发言")
    assert s.opening[0].text.endswith("即安全、发展、民生和法治。")
    assert outline(s) == [
        ("一、", "要把维护安全稳定的责任牢牢扛在肩上"),
        ("二、", "要把护航高质量发展紧紧抓在手上"),
        ("三、", "要把群众的安危冷暖时时放在心上"),
        ("四、", "要把社会公平正义高高举在头上"),
    ]
    # no paragraph-level items; part 一 enumerates three inline: 一是确保政治安全。…
    assert items(s.parts[0], inline=False) == []
    assert items(s.parts[0], inline=True) == [("一是", "确保政治安全"), ("二是", "确保社会安定"), ("三是", "确保人民安宁")]
    assert [p.items for p in s.parts[1:]] == [[], [], []]
    assert [p.text[:19] for p in s.closing] == ["围绕做好以上四个方面工作，各地各部门、"]
    assert s.closing[0].text.endswith("以实际行动迎接党的二十大胜利召开！")
    assert s.signoff == ""


def test_tuijinhui(seed):
    s = seed("推进会")
    assert s.salutation == "同志们："
    assert [p.index for p in s.opening] == [2, 3, 4, 5, 6]
    assert s.opening[-1].text == "刚才，**作了一个很好的报告，我完全赞同，希望大家认真抓好落实。"
    assert s.transition.text == "下面，就深化和推动平安建设工作，我再讲三点意见："
    assert s.transition.count == 3
    assert outline(s) == [
        ("一、", "提升标准，推动平安建设迈上新水平"),
        ("二、", "突出重点，推动平安建设开拓新局面"),
        ("三、", "狠抓落实，推动平安建设取得新成效"),
    ]
    assert [items(p, inline=False) for p in s.parts] == [
        [("一是", "要在群众满意上求突破"), ("二是", "要在形成亮点上求突破"), ("三是", "要在服务发展上求突破")],
        [("一是", "要在源头治理上做文章"), ("二是", "要在社会管理上求创新"), ("三是", "要在重点领域上求突破"),
         ("四是", "要在夯实基层基础上下功夫")],
        [("一是", "要强化领导抓落实"), ("二是", "要形成合力抓落实"), ("三是", "要突出督查抓落实")],
    ]
    assert [b.level for b in s.blocks()] == [1, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2]
    # each part opens with one unnumbered paragraph before its items
    assert [p.body[0].text[:9] for p in s.parts] == ["平安建设是动态工程", "平安建设是系统工程", "平安建设是基础工程"]
    # the dictionary paragraph after 三是 closes the speech: its 一是…二是… is not numbering
    assert [p.index for p in s.closing] == [23]
    assert s.closing[0].text.startswith("辞书上对“平安”有三种解释")
    assert s.closing[0].text.endswith("以实际行动践行党的二十大精神。")


def test_dongyuan_bushu(seed):
    s = seed("动员部署会")
    assert s.transition.text == "下面，就做好安保工作，我再强调三点意见："
    assert s.transition.count == 3
    assert s.opening[0].text.endswith("坚决打赢党的二十大维稳安保这场硬仗。")
    assert outline(s) == [
        ("一、", "认清形势，提高政治站位，进一步增强做好安保维稳工作的责任感紧迫感"),
        ("二、", "紧盯重点，强化措施，不断提高维护社会稳定整体水平"),
        ("三、", "务实作风、真抓实干，以踏石留印、抓铁有痕的韧劲和决心确保各项决策部署落地见效"),
    ]
    one, two, three = s.parts
    assert [i.heading[:10] for i in one.items] == ["境内外敌对势力破坏、", "人民内部矛盾引发的群", "信访工作面临较为严峻", "安全生产形势不容乐观"]
    assert items(two) == [("(一)", "要抓好化解矛盾纠纷这个根本"), ("(二)", "要抓好维护社会稳定这个重点"), ("(三)", "要抓好创新社会管理这个难点")]
    assert [b.level for b in two.items] == [2, 2, 2]
    assert [items(sub) for sub in two.items] == [
        [("一要", "加强源头排查化解"), ("二要", "拓展排查化解深度"), ("三要", "实现精准排查化解")],
        [("一要", "在应对各类事故上加大力度"), ("二要", "在完善基础设施上加大力度"), ("三要", "在持续发力宣传上加大力度")],
        [("一要", "坚持以人为本"), ("二要", "强化机制建设"), ("三要", "把小矛盾化解在基层")],
    ]
    # 一要 opens its paragraph; 二要 and 三要 follow inline in the same paragraph, at the same level
    first = two.items[0].items
    assert [(i.inline, i.level, i.paragraph) for i in first] == [(False, 3, 9), (True, 3, 9), (True, 3, 9)]
    assert items(three) == [("一要", "强化统筹抓落实"), ("二要", "领导带头抓落实"), ("三要", "明确责任抓落实"), ("四要", "严明奖惩抓落实")]
    assert three.body[0].text == "我在这里强调四条工作纪律："
    assert [p.text[:19] for p in s.closing] == ["同志们，战鼓催征、使命在前、重任在肩！"]
    assert s.signoff == "我就讲这些，谢谢大家！"


def test_gongzuo_huiyi(seed):
    s = seed("工作会议")
    assert s.salutation == "" and s.title == []
    assert s.opening[0].text.startswith("这次会议是经县委、政府决定召开的一次重要会议")
    assert s.transition.text == "下面，我再强调几点意见。"
    assert s.transition.count is None
    assert outline(s) == [
        ("一、", "统一认识，提高站位，切实增强平安建设的责任感和使命感"),
        ("二、", "立足全局，聚焦重点，全面提升平安建设的质量和水平"),
        ("三、", "强化措施，防治结合，坚决打赢信访稳定工作“翻身仗”"),
        ("四、", "强化基础、压实责任，为平安提供坚强有力保障"),
    ]
    assert [items(p, inline=False) for p in s.parts] == [
        [("一要", "提高政治站位"), ("二要", "强化风险意识"), ("三要", "认清问题短板")],
        [("一要", "把维护国家安全放在首位"), ("二要", "把促进经济发展作为核心"), ("三要", "把扫黑除恶斗争作为重点"),
         ("四要", "把提升治理水平作为基础"), ("五要", "把完善防控体系作为关键")],
        [("一要", "坚决消减信访存量"), ("二要", "坚决遏制信访增量"), ("三要", "坚决稳控信访老户"),
         ("四要", "坚决依法打击非访"), ("五要", "坚决严肃追责问责")],
        [("一要", "落实维稳责任"), ("二要", "强化队伍建设"), ("三要", "严肃责任落实")],
    ]
    tasks = s.parts[1].items
    assert [len(t.items) for t in tasks] == [0, 3, 3, 3, 4]
    assert items(tasks[1]) == [("一是", "着力优化发展环境"), ("二是", "着力保障企业发展"), ("三是", "着力维护市场秩序")]
    assert items(tasks[3])[0] == ("一是", "积极推进“一委一庭三中心”规范提升")
    assert {b.level for t in tasks for b in t.items} == {3}
    # the speech ends on its last item: no closing, no sign-off
    assert s.closing == [] and s.signoff == ""


def test_zeren_shu(seed):
    s = seed("责任书签订会")
    assert s.transition.text == "这里，就做好新一年综治工作，我再强调四点意见。"
    assert s.transition.count == 4
    # run-in headings: the heading is the first sentence, the rest of the paragraph is body
    assert outline(s) == [
        ("一、", "切实强化责任意识，推进各项举措落实"),
        ("二、", "切实强化底线意识，维护社会和谐稳定"),
        ("三、", "切实强化为民意识，提高公众安全感和满意度"),
        ("四、", "切实强化创新意识，提升社会治理能力和水平"),
    ]
    assert all(p.runin and p.punct == "。" for p in s.parts)
    assert s.parts[0].body[0].text.startswith("为官一任，保一方平安")
    assert s.parts[0].items == []
    assert [len(p.items) for p in s.parts] == [0, 4, 3, 3]
    assert items(s.parts[2]) == [("一要", "提高打击犯罪实效"), ("二要", "推进治安防控体系建设"), ("三要", "加强舆论宣传")]
    assert all(i.inline for p in s.parts for i in p.items)
    # a run-in item whose first sentence runs on is headed by its lead clause
    assert items(s.parts[1])[2] == ("三要", "加强对互联网等新兴领域的监管")
    assert s.parts[1].items[2].body[0].text.startswith("一定要抓紧完善网上网下结合的防控体系")
    assert [p.text[:10] for p in s.closing] == ["总之，希望并要求大家"]
    assert s.closing[0].text.endswith("做出新的更大贡献!")


@pytest.mark.parametrize("prefix", ["座谈会点评", "推进会", "动员部署会", "工作会议", "责任书签订会"])
def test_text_view_reproduces_the_seed(seed, prefix):
    """Speech → text gives the original paragraphs back exactly, and parses to the same structure."""
    from conftest import CORPUS

    speech = seed(prefix)
    (path,) = CORPUS.glob(f"{prefix}*.txt")
    original = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert speech.to_text() == "\n".join(original) + "\n"
    assert parse_text(speech.to_text(), speech.file).to_dict() == speech.to_dict()


@pytest.mark.parametrize("prefix,closing_lines,signoff_line", [
    ("座谈会点评", [11], None),
    ("推进会", [23], None),
    ("动员部署会", [16], 17),
    ("工作会议", [], None),
    ("责任书签订会", [7], None),
])
def test_closing_paragraphs_exactly(seed, prefix, closing_lines, signoff_line):
    """The closing is exactly these lines of the original file (hand-picked), the sign-off that one."""
    from conftest import CORPUS

    (path,) = CORPUS.glob(f"{prefix}*.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    speech = seed(prefix)
    assert [p.text for p in speech.closing] == [lines[n - 1] for n in closing_lines]
    assert [p.index for p in speech.closing] == closing_lines
    assert speech.signoff == (lines[signoff_line - 1] if signoff_line else "")
