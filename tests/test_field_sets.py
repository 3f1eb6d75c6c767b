"""Built-in sets of a field of work (drafter/planning/topics/): found by the names a file lists, ranked after
the writer's own speeches on the topic and before other material (a field file written here, so the test
does not depend on the bundled files' wording)."""

import json

import pytest

from drafter.planning import material
from drafter.planning.outline import plan_speech
from planning import forget_fields, plan, request

SOURCE = "内置题材：测绘地理信息"
HEADINGS = ["认清形势，提高站位，切实增强做好{主题}工作的责任感", "突出重点，精准发力，全面提升基础测绘服务能力",
            "守牢底线，规范管理，扎实抓好地理信息安全监管", "压实责任，改进作风，确保{主题}各项任务落到实处"]
ITEMS = {"认识": ["深刻认识测绘基础作用", "清醒认识安全监管形势", "准确认识行业发展要求"],
         "任务": ["抓好基础测绘项目实施", "抓好卫星导航定位基准站", "抓好应急测绘保障演练"],
         "监管": ["加强涉密成果保密管理", "加强地图审核市场监管", "加强测绘资质动态核查"],
         "落实": ["压实属地监管责任", "严格督查考核问责", "持续改进工作作风"]}


@pytest.fixture
def field(tmp_path, monkeypatch):
    rows = [{"generator": "curated: 测试", "kind": "house", "schema": 1},
            {"count": 1, "curated": True, "kind": "speech", "members": ["测绘地理信息", "测绘"],
             "sources": [{"file": SOURCE, "paragraph": 1}], "text": SOURCE}]
    for heading in HEADINGS:
        rows.append({"count": 1, "curated": True, "group": "测绘:1:A", "kind": "heading", "level": 1, "members": HEADINGS,
                     "role": "cn", "sources": [{"file": SOURCE, "paragraph": len(rows)}], "text": heading})
    for name, items in ITEMS.items():
        for item in items:
            rows.append({"count": 1, "curated": True, "group": f"测绘:2:{name}", "kind": "item", "level": 2,
                         "members": items, "role": "shi", "sources": [{"file": SOURCE, "paragraph": len(rows)}], "text": item})
    (tmp_path / "测绘地理信息.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(material, "FIELDS", tmp_path)
    forget_fields()
    yield
    forget_fields()


def test_a_topic_the_bank_lacks_takes_its_fields_sets_by_any_name_the_file_lists(field):
    speech = plan("测绘", "动员部署会", parts=4)
    assert [p.heading for p in speech.parts] == [h.replace("{主题}", "测绘") for h in HEADINGS]
    assert all(p.source.file == SOURCE for p in speech.parts)
    notes = []
    plan_speech(request("测绘", "动员部署会", parts=4), notes)
    assert "表述库中没有这个主题的并列标题，用了内置的“测绘地理信息”常用写法" in notes
    # each part gets the field's items of its stage, the task parts the task items
    assert [i.heading.removeprefix("要") for i in speech.parts[0].items] == ITEMS["认识"]
    assert [i.heading.removeprefix("要") for i in speech.parts[3].items] == ITEMS["落实"]
    assert {speech.parts[1].items[0].heading.removeprefix("要"), speech.parts[2].items[0].heading.removeprefix("要")} == {
        ITEMS["任务"][0], ITEMS["监管"][0]}
    # three parts: the first two and the last, as writers shorten a set
    assert [p.heading for p in plan("测绘地理信息", "动员部署会", parts=3).parts] == [
        h.replace("{主题}", "测绘地理信息") for h in (HEADINGS[0], HEADINGS[1], HEADINGS[3])]


def test_another_topic_never_sees_the_fields_sets(field):
    speech = plan("防汛抗旱", "动员部署会", parts=4)
    assert SOURCE not in json.dumps([p.source.to_dict() for p in speech.parts], ensure_ascii=False)
    assert "测绘" not in speech.to_text()


def test_task_phrases_take_the_fields_items_that_name_them_not_another_topics():
    speech = plan("防汛抗旱", "工作推进会", keywords=["隐患排查", "应急准备", "责任落实"])
    text = speech.to_text()
    assert [p.heading for p in speech.parts] == ["在隐患排查上持续用力", "在应急准备上精准发力", "在责任落实上集中发力"]
    # the bundled 平安建设 speeches' 排查化解 (of disputes) names 排查 too, but the field's own items come first
    assert "排查化解" not in text
    assert all(i.source.file == "内置题材：防汛抗旱" for p in speech.parts for i in p.items)
    assert any("隐患" in i.heading for i in speech.parts[0].items)
    assert any("预案" in i.heading or "物资" in i.heading for i in speech.parts[1].items)


def test_a_task_part_gets_the_items_that_narrow_its_heading():
    speech = plan("安全生产", "责任书签订会", parts=4)
    second = speech.parts[1]
    assert second.heading == "聚焦重点，精准发力，深入开展重大事故隐患排查整治"
    assert [i.heading.removeprefix("要") for i in second.items][:2] == ["起底排查风险隐患", "建立隐患整改台账"]
