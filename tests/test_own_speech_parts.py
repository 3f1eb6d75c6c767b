"""A writer's own speech on the topic lends its parts whole, as written, with its facts to verify."""

from click.testing import CliRunner

from drafter.cli import main

SPEECH = """在全市测绘地理信息工作会议上的讲话
同志们：
今天，我们召开全市测绘地理信息工作会议，主要任务是总结工作、分析形势，部署今年的重点任务。
下面，我讲三点意见。
一、2023年测绘地理信息工作取得积极进展
过去一年，全市基础测绘任务全面完成，地理信息公共服务平台上线运行。同时也要看到：
（一）基础测绘短板依然存在
部分区域成果更新滞后。
（二）安全监管任务依然繁重
违法违规行为时有发生。
二、聚焦主责主业，全力做好基础测绘和应急保障
一是抓好基础测绘项目实施，确保按期完成年度计划。
二是抓好卫星导航定位基准站运行维护，提升服务精度。
三是抓好应急测绘保障演练，做到拉得出、用得上。
三、守牢安全底线，切实加强地理信息安全监管
要严格涉密成果保密管理，严肃查处违法违规行为。
同志们，让我们以更加务实的作风，推动测绘地理信息工作再上新台阶！
"""


def mined(tmp_path, name: str, text: str):
    """A writer's archive of one speech, mined; `drafter outline` on its bank."""
    archive = tmp_path / "讲话稿"
    archive.mkdir()
    (archive / name).write_text(text, encoding="utf-8")
    bank = tmp_path / "表述库"
    assert CliRunner().invoke(main, ["mine", str(archive), "-o", str(bank)]).exit_code == 0

    def outline(topic: str, occasion: str):
        result = CliRunner().invoke(main, ["outline", "--topic", topic, "--occasion", occasion, "--parts", "3",
                                           "--phrasebank", str(bank)])
        assert result.exit_code == 0, result.output
        return result
    return outline


def test_the_parts_of_an_own_speech_come_whole_with_their_items_and_facts_marked(tmp_path):
    result = mined(tmp_path, "测绘会议讲话.txt", SPEECH)("测绘地理信息", "工作会议")
    lines = result.stdout.splitlines()
    assert lines[0] == "在全市测绘地理信息工作会议上的讲话"  # the skeleton says 全县; the writer's speech 全市
    # not parallel by any rule, but the writer's own parts; last year's claim is a fact to verify
    assert "一、【待核实：2023年】测绘地理信息工作取得积极进展" in lines
    assert "二、聚焦主责主业，全力做好基础测绘和应急保障" in lines
    assert "三、守牢安全底线，切实加强地理信息安全监管" in lines
    # how things stand is said as a statement (一是…), not as a task (一要…)
    assert lines[lines.index("一、【待核实：2023年】测绘地理信息工作取得积极进展") + 1:][:2] == [
        "一是基础测绘短板依然存在。", "二是安全监管任务依然繁重。"]
    part_two = lines[lines.index("二、聚焦主责主业，全力做好基础测绘和应急保障") + 1:][:3]
    assert part_two == ["一要抓好基础测绘项目实施，确保按期完成年度计划。", "二要抓好卫星导航定位基准站运行维护，提升服务精度。",
                        "三要抓好应急测绘保障演练，做到拉得出、用得上。"]


CIVILISED = """在全市文明城市创建工作推进会上的讲话
同志们：
下面，我就全面推进文明城市创建工作，讲三点意见。
一、坚定信心，保持定力，锲而不舍推进文明城市创建
二、对标测评，补齐短板，集中攻坚突出问题
三、压实责任，常态长效，确保创建成果经得起检验
同志们，让我们共同努力，把城市建设得更加文明、更加美好！
"""


def test_another_name_of_the_field_finds_the_writers_speech_and_keeps_its_words(tmp_path):
    outline = mined(tmp_path, "创城推进会讲话.txt", CIVILISED)
    for topic in ("创城", "创建文明城市"):  # neither names the speech's topic (文明城市创建) word for word
        result = outline(topic, "工作推进会")
        assert "一、坚定信心，保持定力，锲而不舍推进文明城市创建" in result.stdout.splitlines(), result.stdout
        assert "全面推进文明城市创建工作" in result.stdout  # the speech's own words, not turned into the request's
