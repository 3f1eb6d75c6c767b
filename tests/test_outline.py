"""The outline planner and `drafter outline` on the bundled phrasebank, corpus and skeletons (the bank
alone: the built-in sets of a field of work are tests/test_field_sets.py's and tests/test_topics.py's)."""

import json
import re

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.text.reading import read_speech
from drafter.planning.form import stage_of
from planning import plan as plan_speech
from drafter.structure.parser import parse_file, parse_text
from drafter.planning.archive import HOUSE
from drafter.resources import bundled

pytestmark = pytest.mark.usefixtures("bank_alone")

OCCASIONS = ("工作推进会", "动员部署会", "工作会议", "责任书签订会", "座谈交流会点评")
KEYWORDS = ["安全", "发展", "民生", "法治"]


def run(*args: str):
    """`drafter outline`'s result; its output is stdout alone (notes on built-in material go to stderr)."""
    return CliRunner().invoke(main, ["outline", *args])


def out(*args: str) -> str:
    return run(*args).stdout


def without_sources(data):
    if isinstance(data, dict):
        return {k: without_sources(v) for k, v in data.items() if k != "source"}
    if isinstance(data, list):
        return [without_sources(v) for v in data]
    return data


@pytest.mark.parametrize(
    "occasion, parts, item_mark, first_heading",
    [
        # deliberate since issue #11: the topic goes in as a noun phrase (安全生产工作), and a heading set
        # is used only if enough of its members hold no other topic's words (维护社会和谐稳定)
        ("工作推进会", 3, "一是要", "提升标准，推动安全生产工作迈上新水平"),
        ("动员部署会", 3, "（一）要", "认清形势，提高站位，切实增强做好安全生产工作的紧迫感"),
        ("工作会议", 4, "一要", "统一认识，提高站位，切实增强安全生产工作的责任感和使命感"),
        ("责任书签订会", 4, "一要", "认清形势，提高站位，切实增强做好安全生产工作的紧迫感"),
        ("座谈交流会点评", 4, "一是", "认清形势，提高站位，切实增强做好安全生产工作的紧迫感"),
    ],
)
def test_each_occasion_gives_its_skeleton_on_the_bundled_phrasebank(occasion, parts, item_mark, first_heading):
    speech = plan_speech("安全生产", occasion)
    text = speech.to_text()
    assert "安全生产" in "".join(speech.title)
    assert len(speech.parts) == parts and speech.parts[0].heading == first_heading
    assert all(len(part.items) >= 3 for part in speech.parts)
    assert speech.parts[0].items[0].number + speech.parts[0].items[0].heading[:1] in text
    assert item_mark in text and speech.opening and speech.transition and speech.closing
    assert "平安建设" not in text


def test_occasion_specific_wording_fits_the_meeting():
    mobilise = plan_speech("安全生产", "动员部署会")
    assert mobilise.signoff == "我就讲这些，谢谢大家！"
    # the 动员部署会 speech's own transition names 安保 (another topic's word): the next one is used
    assert mobilise.transition.text == "下面，就深化和推动安全生产工作，我再讲三点意见："
    # another topic's opening (its purpose, its dated 提法) is never carried over: the house opening
    assert mobilise.opening[0].text.startswith("今天，我们召开全市安全生产工作动员部署会")
    assert mobilise.opening[0].source.file == HOUSE and "二十大" not in mobilise.to_text()
    letter = plan_speech("安全生产", "责任书签订会")
    assert letter.opening[0].text.startswith("今天，我们召开全市安全生产工作责任书签订会")
    assert letter.closing[0].text.startswith("总之，希望并要求大家，一定要认真按照安全生产领导责任书的各项要求")


def test_claims_and_figures_of_another_topics_speech_are_not_carried_over():
    speech = plan_speech("安全生产", "座谈交流会点评", keywords=["安全", "发展", "民生", "法治"])
    text = speech.to_text()
    assert "9个部门" not in text and "二十大" not in text and "历史性" not in text
    assert speech.opening[0].text.startswith("刚才，几位同志结合各自工作作了发言")


def test_keywords_give_one_parallel_heading_per_keyword():
    speech = plan_speech("安全生产", "座谈交流会点评", keywords=KEYWORDS)
    headings = [p.heading for p in speech.parts]
    assert headings == [
        "要把安全的责任牢牢扛在肩上", "要把发展的任务紧紧抓在手上",
        "要把民生的实事时时放在心上", "要把法治的标尺高高举在头上",
    ]
    assert "贯穿了4个关键词，即安全、发展、民生和法治。" in speech.opening[-1].text
    assert speech.transition.text == "下面，就深化和推动安全生产工作，我再讲四点意见：" and speech.transition.count == 4
    # items naming the keyword; 确保政治安全 (平安建设's own) is no longer carried into 安全生产
    assert [i.heading for i in speech.parts[0].items] == ["明确安全的目标任务", "细化安全的工作措施", "压实安全的工作责任"]


def test_keywords_on_another_occasion_are_announced_too():
    result = run("--topic", "安全生产", "--keywords", "安全，发展,民生", "--occasion", "工作推进会")
    assert result.exit_code == 0, result.output
    assert "做好安全生产工作，要把握好3个关键词，即安全、发展和民生。" in result.output
    assert "下面，就深化和推动安全生产工作，我再讲三点意见：" in result.output
    speech = parse_text(result.output)
    assert [p.heading[2:4] for p in speech.parts] == ["安全", "发展", "民生"]


def test_three_parts_run_from_understanding_to_tasks_to_follow_through():
    result = run("--topic", "安全生产", "--parts", "3")
    assert result.exit_code == 0, result.output
    speech = parse_text(result.output)
    headings = [p.heading for p in speech.parts]
    assert headings == ["提升标准，推动安全生产工作迈上新水平", "突出重点，推动安全生产工作开拓新局面", "狠抓落实，推动安全生产工作取得新成效"]
    assert [stage_of(h) for h in headings] == [0, 1, 2]
    assert "安全生产" in result.output and "平安建设" not in result.output
    assert [i.heading for i in speech.parts[2].items] == ["要强化领导抓落实", "要形成合力抓落实", "要突出督查抓落实"]


def test_five_parts_keep_the_frame_and_the_order():
    speech = plan_speech("防汛抗旱", "工作推进会", parts=5)
    headings = [p.heading for p in speech.parts]
    # 夯实基础…展现新气象 is out (its words are the 平安建设 speeches'); the five-member frame of another
    # bundled speech holds none of them
    assert headings[0].startswith("认清形势，提高站位，") and headings[-1].startswith("务实作风，真抓实干，")
    assert all(re.fullmatch("....，....，.*防汛抗旱工作的.*", h) for h in headings)
    assert [stage_of(h) for h in headings] == sorted(stage_of(h) for h in headings)
    assert speech.transition.text == "下面，就深化和推动防汛抗旱工作，我再讲五点意见："


def test_text_output_round_trips_through_parse(tmp_path):
    for occasion in OCCASIONS:
        result = run("--topic", "安全生产", "--occasion", occasion)
        assert result.exit_code == 0, result.output
        path = tmp_path / f"{occasion}.txt"
        path.write_text(result.stdout, encoding="utf-8")
        parsed = CliRunner().invoke(main, ["parse", str(path), "--format", "json"])
        planned = json.loads(out("--topic", "安全生产", "--occasion", occasion, "--format", "json"))
        expected = without_sources({k: v for k, v in planned.items() if k not in ("provenance", "notes")})
        assert json.loads(parsed.output) == {**expected, "file": path.name}
        assert parse_text(result.stdout).to_text() == result.stdout


def test_json_has_the_parse_keys_and_provenance():
    data = json.loads(out("--topic", "安全生产", "--format", "json"))
    assert {"title", "salutation", "opening", "transition", "parts", "closing", "provenance"} <= set(data)
    first = data["parts"][0]
    assert first["source"]["file"] == "推进会_全市平安建设工作推进大会.txt" and first["source"]["paragraph"] == 7
    assert data["provenance"]["transition"]["file"] == "推进会_全市平安建设工作推进大会.txt"
    assert all(s and s["file"] for s in data["provenance"]["opening"])


def test_provenance_points_at_the_corpus_paragraph_the_heading_was_fitted_from():
    speech = plan_speech("安全生产", "工作推进会")
    for block in speech.blocks():
        source = block.source
        if source.file == HOUSE:
            continue
        corpus = parse_file(bundled("corpus") / source.file)
        origin = [b for b in corpus.blocks() if b.paragraph == source.paragraph]
        assert origin, source
        core = block.heading.removeprefix("要").replace("安全生产工作", "平安建设").replace("安全生产", "平安建设")
        assert any(core in b.heading for b in origin), (block.heading, source)


def test_quotations_are_copied_verbatim_from_the_corpus():
    corpus = "".join("".join(read_speech(p).paragraphs) for p in sorted(bundled("corpus").glob("*.txt")))
    for occasion in OCCASIONS:
        text = plan_speech("安全生产", occasion, parts=5).to_text()
        for quote in re.findall("“[^”]*”", text):
            assert quote in corpus.replace("**", "××"), quote


def test_same_options_give_the_same_bytes():
    first = run("--topic", "防汛抗旱", "--occasion", "工作会议", "--parts", "5", "--format", "json")
    second = run("--topic", "防汛抗旱", "--occasion", "工作会议", "--parts", "5", "--format", "json")
    assert first.exit_code == 0 and first.stdout == second.stdout and first.stderr == second.stderr


def test_variant_walks_to_another_valid_outline():
    base = plan_speech("安全生产", "工作推进会", parts=4)
    other = plan_speech("安全生产", "工作推进会", parts=4, variant=1)
    assert [p.heading for p in base.parts] != [p.heading for p in other.parts]
    assert len(other.parts) == 4 and "平安建设" not in other.to_text()
    assert parse_text(other.to_text()).to_text() == other.to_text()


def test_user_skeleton_that_breaks_the_numbering_is_refused(tmp_path):
    (tmp_path / "工作推进会.jinja").write_text(
        "{#-\noccasion: 工作推进会\ndescription: 坏\ntitle: 在{主题}会上的讲话\nparts: 3\n-#}\n"
        "{{ title }}\n{% for part in parts %}{{ cn(loop.index + 1) }}、{{ part.heading }}\n{% endfor %}",
        encoding="utf-8",
    )
    result = run("--topic", "安全生产", "--templates", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.startswith("错误：模板 ") and "解析后与提纲不一致" in result.output


def test_user_skeleton_overrides_the_bundled_one(tmp_path):
    (tmp_path / "工作推进会.jinja").write_text(
        "{#-\noccasion: 工作推进会\ndescription: 只列标题\ntitle: 在{主题}会上的讲话\nparts: 3\n-#}\n"
        "{{ title }}\n{% for part in parts %}第{{ cn(loop.index) }}，{{ part.heading }}。\n{% endfor %}",
        encoding="utf-8",
    )
    result = run("--topic", "安全生产", "--templates", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "第一，提升标准，推动安全生产工作迈上新水平。"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--topic", "安全,生产"], "错误：主题“安全,生产”应为 2 到 30 个汉字"),
        (["--topic", "安全生产", "--parts", "3", "--keywords", "安全,发展"], "错误：部分数与关键词只能选一个（--parts、--keywords）"),
        (["--topic", "安全生产", "--parts", "7"], "错误：表述库和内置表述中没有 7 个并列的一级标题（最多 5 个）"),
        (["--topic", "安全生产", "--keywords", "一,二,三,四,五,六"], "错误：关键词有 6 个，表述库和内置表述中的关键词句式最多容纳 5 个"),
        (["--topic", "安全生产", "--occasion", "联欢会"], "错误：没有“联欢会”场合的模板"),
        (["--topic", "安全生产", "--phrasebank", "/no/such/bank"], "错误：/no/such/bank：表述库文件夹不存在"),
    ],
)
def test_bad_options_give_one_chinese_line(args, message):
    result = run(*args)
    assert result.exit_code != 0
    assert result.output.startswith(message) and result.output.count("\n") == 1


def test_draft_header_fields_survive_the_read_back():
    speech = plan_speech("安全生产", "动员部署会", title="在全市安全生产动员部署会上的讲话",
                         date="（2026年11月22日）", speaker="市委书记 ××")
    assert speech.title == ["在全市安全生产动员部署会上的讲话"]
    assert (speech.date, speech.speaker, speech.salutation) == ("（2026年11月22日）", "市委书记 ××", "同志们：")


def test_user_skeleton_with_a_syntax_error_is_one_line_naming_file_and_line(tmp_path):
    (tmp_path / "工作推进会.jinja").write_text(
        "{#-\noccasion: 工作推进会\ndescription: 坏\ntitle: 在{主题}会上的讲话\nparts: 3\n-#}\n{{ title }}\n{% if %}\n",
        encoding="utf-8",
    )
    result = run("--topic", "安全生产", "--templates", str(tmp_path))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"错误：模板 {tmp_path / '工作推进会.jinja'} 第 8 行语法错误")


def test_a_topic_typed_with_gong_zuo_is_not_doubled():
    speech = plan_speech("安全生产工作", "工作推进会")
    assert "".join(speech.title) == "在全市安全生产工作推进大会上的讲话"
    assert "工作工作" not in speech.to_text() and speech.parts[0].heading == "提升标准，推动安全生产工作迈上新水平"


def test_keyword_variant_changes_the_items_not_the_keywords():
    base = plan_speech("安全生产", "座谈交流会点评", keywords=KEYWORDS)
    other = plan_speech("安全生产", "座谈交流会点评", keywords=KEYWORDS, variant=1)
    assert [p.heading for p in base.parts] == [p.heading for p in other.parts]
    assert [[i.heading for i in p.items] for p in base.parts] != [[i.heading for i in p.items] for p in other.parts]


def test_a_phrasebank_without_keyword_frames_uses_the_house_set_and_says_so(tmp_path):
    for path in bundled("phrasebank").glob("*.jsonl"):
        if path.stem in ("heading", "item", "opening", "transition", "closing", "signoff", "salutation"):
            (tmp_path / path.name).write_bytes(path.read_bytes())
    # graceful on a thin bank (issue #11): the house set's keyword frames, and a note saying so
    result = run("--topic", "安全生产", "--keywords", "安全,发展", "--phrasebank", str(tmp_path))
    assert result.exit_code == 0 and "下面，就做好安全生产工作，我再讲两点意见。" in result.stdout
    assert [p.heading for p in parse_text(result.stdout).parts] == ["在安全上持续用力", "在发展上精准发力"]
    assert "提示：" in result.stderr and "内置的通用写法" in result.stderr
    assert run("--topic", "安全生产", "--phrasebank", str(tmp_path)).exit_code == 0


def test_a_keyword_that_is_a_corpus_topic_stays_the_writers_word():
    speech = plan_speech("安全生产", "座谈交流会点评", keywords=["综治", "维稳"])
    assert [p.heading for p in speech.parts] == ["要把综治的责任牢牢扛在肩上", "要把维稳的任务紧紧抓在手上"]


def test_task_phrase_keywords_each_become_a_part_with_items_that_match():
    keywords = ["隐患排查", "责任落实", "应急准备"]
    speech = plan_speech("安全生产", "工作推进会", keywords=keywords)
    headings = [p.heading for p in speech.parts]
    assert [k for k, h in zip(keywords, headings) if k in h] == keywords
    frames = [h.replace(k, "…") for k, h in zip(keywords, headings)]  # one frame family: 在…上持续用力
    assert len({f[:2] for f in frames}) == 1 or len({f[-2:] for f in frames}) == 1, frames
    for keyword, part in zip(keywords, speech.parts):
        halves = (keyword, keyword[:2], keyword[2:])
        assert any(h in i.heading for i in part.items for h in halves), (keyword, [i.heading for i in part.items])
    assert "要把握好3个关键词，即隐患排查、责任落实和应急准备。" in speech.opening[-1].text
    other = plan_speech("安全生产", "工作推进会", keywords=keywords, variant=1)
    assert [p.heading for p in other.parts] != headings
    assert [[i.heading for i in p.items] for p in other.parts] != [[i.heading for i in p.items] for p in speech.parts]


def test_keywords_may_be_listed_with_commas_or_enumeration_commas():
    by_comma = run("--topic", "安全生产", "--occasion", "座谈交流会点评", "--keywords", "安全,发展，民生")
    by_dunhao = run("--topic", "安全生产", "--occasion", "座谈交流会点评", "--keywords", "安全、发展、民生")
    assert by_comma.exit_code == 0 and by_comma.stdout == by_dunhao.stdout


def test_a_part_from_a_speech_on_the_topic_keeps_the_items_its_writer_put_under_it():
    speech = plan_speech("平安建设", "工作推进会", parts=3)
    second = speech.parts[1]
    assert second.heading == "突出重点，推动平安建设工作开拓新局面"
    # not parallel by the house rule (在…上做文章 / 在…上下功夫), but the speech's own items under 二、
    assert [i.heading.removeprefix("要") for i in second.items] == [
        "在源头治理上做文章", "在社会管理上求创新", "在重点领域上求突破", "在夯实基层基础上下功夫"]
    assert {i.source.group for i in second.items} == {"推进会_全市平安建设工作推进大会.txt:二、:2"}
