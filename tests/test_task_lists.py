"""Task lists without a table (issue 17, point 4): numbered items with label lines or with their
labels in a closing bracket, headings as categories, leader headings as leaders.

Every rule is shown on two real pages at least (tests/fixtures/field, stored as found), each
asserting the exact complete rows their reader wrote down in the page's .expected.json.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA
from tests.field_rows import FIELD, expected_rows, read_rows

from govtasks.formats import generic
from govtasks.read.document import read_document
from govtasks.tables.label_list import closing_labels, label_blocks, label_items, resolve_labels
from govtasks.tables.paragraph import paragraph_tables
from govtasks.tables.pipe import rows_from_grid
from govtasks.tables.shapes import cells_per_line, glued_grid
from govtasks.tables.spaced import numbered_grid

settings_ = settings(max_examples=150, deadline=None, derandomize=True, database=None)


@pytest.mark.parametrize(
    "stem",
    [
        # 牵头单位:/责任单位: lines under "1." items: 责任 beside 牵头 is supporting.
        "b04_lishan_2023_plan",
        # "1、任务。[牵头单位:…;责任单位:…]" under 一、/(一) headings: the innermost is the category.
        "b05_xialu_2020_plan",
        # "1.任务。(市级牵头单位:…;区级牵头单位:…)" then "完成情况:": the district's unit only.
        "b06_wuchang_2021_h1",
        "b12_wuchang_2021_q3",
        # "1.任务。(责任领导:…;牵头单位:…;责任单位:…)" and an unnumbered sub-heading.
        "b14_xianan_2023_plan",
        # "1.任务。(区发改委、区财政局主办,区相关部门协办)": verbs for labels; pipes above (索引号).
        "e03_gulou_2025_plan",
        "e04_gulou_2024_plan",
        # "1、项目,牵头部门:市交通局。进展…": the label inside the line, progress after it; a
        # numbered county ranking "1、金寨县;2、裕安区;…" carries no label and gives no row.
        "d07_luan_2017_m7",
        "d08_luan_2021_q3",
        # "①任务(责任单位:X);" under lead-in sentences "8项进展偏慢的市政府重点工作为:", three
        # items whose ⑥⑦⑧ were lost by the copy (seq null). One page only shows these rules.
        "c22_yuhuan_2021_q3",
        # Label blocks "01 项目名称:…" / "项目内容:" + text / "责任单位" (its colon lost) + units /
        # "进展与成效:" + paragraphs; item 03 cut inside its text. One page only shows this shape.
        "d04_unknown_2021_unknown",
        # Two levels: "一、实事。(责任单位:…)该件实事已全面完成" split into "1.part(责任单位:…)" parts (a
        # heading), "二、实事。(…)…" without parts (an item); the prose between items is progress.
        # One page only shows these rules.
        "h11_anshun_2019_fy",
        # "1。任務。(牽頭單位:X、Y)" (traditional script): a full-width "。" after the number where
        # "." stands; "一、" headings are the categories. One page only shows this numbering.
        "q02_chengdu_2021_plan",
        # PDF text with stray spaces: "一 、 heading", "1 . task" then "牵头单位:" / "责任单位:"
        # lines ("市 财政局"). One page only shows the spaced numbers.
        "p11_xinmi_2021_plan",
        # A forum post: four unnumbered lines "task(X牵头)", a forum's anti-copy junk glued around
        # them (") x& L1 ]8 N) l6 J( k") and a stray "|" after the last. One page only shows a
        # list printed with no numbers, and the junk.
        "n04_jiangyan_0000_plan",
    ],
)
def test_task_lists_give_their_rows_exactly(stem: str) -> None:
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


@pytest.mark.parametrize("stem", ["c01_ningbo_2025_plan", "c19_haishu_2023_plan", "a19_zhejiang_2020_plan"])
def test_leader_headings_give_the_leaders_of_the_items_under_them(stem: str) -> None:
    """ "一、汤飞帆市长牵头重点工作", "二、张盈军区政府党组成员牵头重点工作", "一、袁家军省长主抓重点工作":
    the named official leads every item up to the next heading. (Unit lists of these pages,
    "各区(县、市)政府" as one unit or "列第一位者为牵头", are another reader's: not compared.)"""
    _, rows = read_rows(stem)
    expected = expected_rows(stem)
    assert [(r[0], r[2], r[3]) for r in rows] == [(r[0], r[2], r[3]) for r in expected]


@pytest.mark.parametrize("stem", ["c01_ningbo_2025_plan", "c19_haishu_2023_plan", "c09_lishui_2023_plan"])
def test_the_category_is_the_innermost_heading_without_its_number(stem: str) -> None:
    """c09 nests "二、重点抓好六方面工作" / "(一)全力以赴拼经济稳增长促发展。" / "10.…": the
    category is "(一)"'s text; c01 and c19 take the leader heading's text."""
    _, rows = read_rows(stem)
    assert [(r[0], r[1]) for r in rows] == [(r[0], r[1]) for r in expected_rows(stem)]


@pytest.mark.parametrize("stem", ["d10_guangdong_2021_plan", "e03_gulou_2025_plan", "e04_gulou_2024_plan"])
def test_role_verbs_say_who_leads_and_who_supports(stem: str) -> None:
    """ "部门分工:省财政厅牵头,各地、各部门配合。" (d10, a label line) and "(区商务局主办,相关街道协办)"
    (e03, e04, closing the item): 牵头/主办 lead, 配合/协办 support. ("各地、各部门" as one collective
    unit is the unit-list reader's: units are compared as one list.)"""
    _, rows = read_rows(stem)
    expected = expected_rows(stem)
    assert [(r[4], "、".join(r[5])) for r in rows] == [(r[4], "、".join(r[5])) for r in expected]
    assert [r[:4] + r[6:] for r in rows] == [r[:4] + r[6:] for r in expected]


@pytest.mark.parametrize("stem", ["h01_chengdu_2019_plan", "h13_chengdu_2022_plan"])
def test_a_data_provider_label_is_neither_lead_nor_supporting(stem: str) -> None:
    """ "(牵头领导:X,牵头单位:Y,责任单位:Z,数据提供单位:W)" (h01: labels apart by commas) and
    "(牵头单位:Y;数据提供单位:W)" (h13): 数据提供单位 names who gives the figures, a third role
    kept out of the lead and supporting units."""
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


def test_a_closing_bracket_that_is_no_label_list_stays_in_the_content() -> None:
    assert closing_labels("建成公园3个(含口袋公园)") == ("建成公园3个(含口袋公园)", [])
    assert closing_labels("任务。(牵头单位:区发改局") == ("任务。(牵头单位:区发改局", [])  # cut off
    assert closing_labels("任务。【牵头单位:区发改局】") == ("任务。", [("牵头单位", "区发改局")])


def test_the_item_s_full_stop_may_follow_its_closing_labels() -> None:
    assert closing_labels("建设学校3所(责任单位:区教育局)。") == ("建设学校3所", [("责任单位", "区教育局")])
    assert closing_labels("建设公园(含绿道);") == ("建设公园(含绿道);", [])


def test_an_item_whose_number_was_lost_follows_an_item_closed_by_labels() -> None:
    """Only right after an item that closed its own line with labels, and only when the
    paragraph closes with labels too; the sentence introducing the list is the category."""
    paragraphs = ["3项进度偏慢的重点工作为:", "①建学校(责任单位:区教育局);",
                  "修道路(责任单位:区交通局);", "扩绿地(责任单位:区园林局)。", "以上工作请抓紧推进。",
                  "建公园(责任单位:区园林局)。"]  # fmt: skip
    items = label_items(list(enumerate(paragraphs, start=1)))
    assert [(i.number, i.category, i.content) for i in items] == [
        ("①", "3项进度偏慢的重点工作为", "建学校"),
        ("", "3项进度偏慢的重点工作为", "修道路"),
        ("", "3项进度偏慢的重点工作为", "扩绿地"),
    ]


def test_label_blocks_need_a_text_and_a_field_in_two_blocks() -> None:
    """A form of two labels with no unit, leader or progress is no task list; a label word with
    no colon counts only once seen with it."""
    form = ["项目名称:建学校", "项目内容:", "新建小学2所。", "项目名称:修道路", "项目内容:", "改造道路。"]
    assert label_blocks(list(enumerate(form, start=1))) == []
    unseen = ["01 项目名称:建学校", "项目内容:新建小学2所。", "责任单位", "区教育局",
              "02 项目名称:修道路", "项目内容:改造道路。", "责任单位", "区交通局"]  # fmt: skip
    assert label_blocks(list(enumerate(unseen, start=1))) == []


def test_labels_resolve_by_level_and_by_lead() -> None:
    assert resolve_labels([("责任单位", "区财政局")]) == {"lead_units": ["区财政局"]}  # no lead named
    assert resolve_labels([("县级牵头单位", "县发改局"), ("市级牵头单位", "市发改委")]) == {
        "lead_units": ["县发改局"]
    }
    assert resolve_labels([("责任领导", "杜新国、丁玲"), ("牵头单位", "区发改局")]) == {
        "leaders": ["杜新国", "丁玲"],
        "lead_units": ["区发改局"],
    }


def test_a_number_may_take_a_full_stop_or_a_space_before_its_mark() -> None:
    """ "1。" (a full-width full stop for ".") and "1 . ", "一 、" (PDF text) number as "1." and "一、"
    do; a decimal ("1. 5", "3.5") or a year ("2021 . ") numbers nothing."""
    paragraphs = ["一 、 民生实事", "1 . 建学校。", "责任单位:区教育局", "2。修道路。", "责任单位:区交通局",
                  "2021 . 年度目标", "责任单位:区发改局"]  # fmt: skip
    items = label_items(list(enumerate(paragraphs, start=1)))
    assert [(i.number, i.category, i.content) for i in items] == [
        ("1 .", "民生实事", "建学校。"),
        ("2。", "民生实事", "修道路。"),
    ]


def test_a_list_with_no_numbers_needs_three_lines_closed_by_labels_in_a_row() -> None:
    """Three paragraphs in a row each closing with its labels make a list printed with no
    numbers; two such sentences in a narrative, or three apart, make none."""
    listed = ["下面是部分民生实事:", "改造老旧小区7个(住建局牵头)", "建成安置房396套(三水街道牵头)",
              "新建学校2所(责任单位:教育局)。"]  # fmt: skip
    items = label_items(list(enumerate(listed, start=1)))
    assert [(i.number, i.content, i.fields) for i in items] == [
        ("", "改造老旧小区7个", {"lead_units": ["住建局"]}),
        ("", "建成安置房396套", {"lead_units": ["三水街道"]}),
        ("", "新建学校2所", {"lead_units": ["教育局"]}),
    ]
    apart = ["今年改造老旧小区7个(住建局牵头)", "群众反映良好。", "建成安置房396套(三水街道牵头)",
             "进度有所滞后。", "新建学校2所(责任单位:教育局)。"]  # fmt: skip
    assert label_items(list(enumerate(apart, start=1))) == []
    assert label_items(list(enumerate(listed[:3], start=1))) == []


def test_numbered_prose_without_labels_gives_no_items() -> None:
    """The guard: a narrative report's numbered paragraphs carry no unit or leader label."""
    prose = ["一、2022年工作回顾", "1.经济运行稳中有进。全年地区生产总值增长6%。",
             "2.改革开放纵深推进。完成政府机构改革。", "二、2023年工作安排",
             "(一)扩大有效投资。"]  # fmt: skip
    assert label_items(list(enumerate(prose, start=1))) == []


# --- properties -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["一、主要目标", "二、重点工作", "(一)稳增长", "(二)王宏副区长牵头", "区长陈兴立牵头重点工作",
     "1.地区生产总值增长7%。", "2、建学校。", "3.修道路(含绿道)", "(1)子项", "加强基础设施建设",
     "责任单位:区发改局、区财政局", "牵头单位:区卫健局", "配合单位:各街道", "牵头领导:王宏",
     "完成情况:已完成。", "市级牵头单位:市发改委", "区级牵头单位:区发改局", "备注:无",
     "4.任务。[牵头单位:区卫健局;责任单位:各街办(新区)]", "5.任务。(责任领导:杜新国;牵头单位:区发改局)",
     "6.任务。(牵头单位:区", "7.[牵头单位:区发改局]", "区人民政府办公室", "2023年1月3日",
     "", "(", "]", ":", "1.", "一、", "01 项目名称:建学校", "03", "项目名称:", "项目内容:", "责任单位",
     "进展与成效:"]
)  # fmt: skip


_HEADINGS = st.sampled_from(
    ["一、主要目标", "二、重点工作", "(一)稳增长", "(二)王宏副区长牵头", "加强基础设施建设"]
)
_LABELS = st.sampled_from(
    [
        "责任单位:区发改局、区财政局",
        "牵头单位:区卫健局",
        "配合单位:各街道",
        "牵头领导:王宏",
        "完成情况:已完成。",
        "市级牵头单位:市发改委",
        "区级牵头单位:区发改局",
        "部门分工:省财政厅牵头,各地、各部门配合。",
        "时间:3月底前",
    ]
)
_CLOSINGS = st.sampled_from(
    [
        "",
        "[牵头单位:区卫健局;责任单位:各街办(新区)]",
        "(责任领导:杜新国;牵头单位:区发改局)",
        "(含绿道)",
        "(牵头单位:区",
        "(区商务局主办,相关街道协办)",
        "(责任单位:市经信局);",
        ",牵头部门:市交通局。进度较慢的为舒城县。 六安市民生办",
    ]
)


@st.composite
def task_lists(draw: st.DrawFn) -> list[str]:
    """Headings, numbered items (some closing with labels) and their label lines, then junk."""
    lines = [draw(st.sampled_from(["", "2023年重点工作任务分解方案", "3项进展偏慢的重点工作为:"]))]
    for number in range(1, draw(st.integers(0, 8)) + 1):
        if draw(st.booleans()):
            lines.append(draw(_HEADINGS))
        mark = draw(st.sampled_from([f"{number}.", f"{number}、", "(三)", "(1)", "⑥", ""]))
        lines.append(mark + draw(st.sampled_from(["建学校。", "修道路", "", "x"])) + draw(_CLOSINGS))
        lines.extend(draw(st.lists(_LABELS, max_size=3)))
    return lines + draw(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=4))


@settings_
@given(st.one_of(task_lists(), st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=30)))
def test_label_lists_never_raise_keep_order_and_invent_nothing(texts: list[str]) -> None:
    paragraphs = [(n, t.strip()) for n, t in enumerate(texts, start=1) if t.strip()]
    items = label_items(paragraphs)
    lines = [item.line for item in items]
    assert lines == sorted(set(lines))  # print order, each paragraph once
    page = dict(paragraphs)
    for item in items:
        assert item.content.strip()
        assert item.content in page[item.line]
        assert item.fields
    text = "\n".join(t for _, t in paragraphs)
    for item in label_blocks(paragraphs):
        assert item.fields and all(part in text for part in item.content.split("\n"))


# --- the guard: narrative reports give no rows ---------------------------------------------------

NEGATIVES = sorted(
    path.name.removesuffix(".expected.json")
    for path in FIELD.glob("*.expected.json")
    if json.loads(path.read_text(encoding="utf-8"))["negative"]
)


def test_the_negatives_are_many() -> None:
    assert len(NEGATIVES) >= 25


@pytest.mark.parametrize("stem", [*NEGATIVES, "34_xiaoshan_2022_h1_narrative_no_table"])
def test_pages_without_task_rows_give_no_list_and_no_table(stem: str) -> None:
    """Narrative reports, news, notices and interpretations (the field corpus's negatives, and
    samples-extra 34): numbered paragraphs of prose with no unit, leader or progress label are
    no task list, and no text shape reads a table there."""
    path = FIELD / f"{stem}.txt" if stem in NEGATIVES else EXTRA / f"{stem}.txt"
    doc = read_document(path)
    paragraphs = doc.paragraphs()
    assert label_items(paragraphs) == []
    assert label_blocks(paragraphs) == []
    grid = numbered_grid(paragraphs)
    assert grid is None or not rows_from_grid(grid).complete_rows
    assert glued_grid(paragraphs) is None
    cells = cells_per_line(paragraphs)
    assert cells is None or not [
        r for t in paragraph_tables(cells) for r in rows_from_grid(t.grid).complete_rows
    ]
    assert not generic.read_table(doc).complete_rows


@pytest.mark.parametrize("stem", ["h10_liaoning_2023_plan", "h01_chengdu_2019_plan"])
def test_a_leader_label_naming_an_office_keeps_it_as_printed(stem: str) -> None:
    """h10's "牵头领导:省政府分管领导同志" names an office, not a person: kept whole (h01's
    "牵头领导:谢瑞武" still gives the name)."""
    _, rows = read_rows(stem)
    assert [r[3] for r in rows] == [r[3] for r in expected_rows(stem)]


def test_a_task_list_flattened_onto_one_line() -> None:
    """河南 2023 (h02): the whole page on one line, "一、…" / "(一)…" headings and "N.任务。(单位…按
    职责分工负责)" items apart by single spaces. "X牵头,Y…负责": X leads, Y supports; "…负责"
    alone: all lead. One page only shows this shape. (Its expected categories drop the
    heading's full stop and its units drop "等相关部门", unlike c09 and c01/e05: not compared.)"""
    name, rows = read_rows("h02_henan_2023_plan")
    expected = expected_rows("h02_henan_2023_plan")
    assert name == "generic"
    assert [(r[0], r[2], r[3]) for r in rows] == [(r[0], r[2], r[3]) for r in expected]
    assert [r[1] for r in rows] == ["全面促进消费增长。"] * 4
    assert rows[2][4:6] == expected[2][4:6]  # 住房城乡建设厅、…按职责分工负责: all lead
    assert rows[3][4:6] == expected[3][4:6]  # 住房城乡建设厅牵头, 财政厅、…按职责分工负责
    assert rows[1][4] == expected[1][4] and len(rows[1][5]) == len(expected[1][5])


@pytest.mark.parametrize("stem", ["k04_xuzhou_2020_plan", "j01_cixi_2021_plan"])
def test_a_run_of_labels_is_split_into_its_labels(stem: str) -> None:
    """Several labels printed in one run, apart by ";" or by "," before another label word:
    closing the task's own line after its last "。", with no bracket (k04: "1.增长6%以上。牵头单位:
    市发改委;责任单位:各县(市)区政府"), or on the label line under it (j01: "牵头领导:市长、副市长,
    责任单位:市发改局…"). Each label fills its own field (j01 read every unit as a leader)."""
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


@pytest.mark.parametrize("stem", ["k07_qinxian_2025_plan", "m10_shanxi_2008_plan"])
def test_unit_headings_give_the_lead_unit_of_the_items_under_them(stem: str) -> None:
    """ "一、县示范区管委会牵头工作(8项)" (k07) and "(一)省监察厅牵头的工作" under a leader heading
    (m10): the unit named leads every task under it, as a leader heading gives the leader; it is
    no category. A unit heading with a single task prints it without a number (m10: seq null),
    and a "协同单位:" line under a task supports it; m10's "省直有关部门和各市人民政府" is two
    units (a group of departments, and a unit, joined by 和)."""
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


@pytest.mark.parametrize("stem", ["k05_lianyungang_2021_q3", "k11_lianyungang_2019_q3"])
def test_a_task_cited_by_its_plan_number_is_followed_by_its_progress(stem: str) -> None:
    """ "1.工业技改投资(第6项):1-8月完成208.9亿元,…": an item citing the plan's task number,
    "(第K项)", then a colon is that task, the text after the colon its progress; no unit or
    leader is printed. The last item, cut by the end of the page, is left out."""
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


@pytest.mark.parametrize("stem", ["k01_chuzhou_2020_plan", "k02_luan_2021_plan"])
def test_a_label_lines_full_stop_is_no_part_of_its_last_name(stem: str) -> None:
    """ "牵头负责领导:金力。" / "牵头责任单位:市发展改革委。": the label line is a sentence, its "。"
    ends it (the leader is 金力, not "金力。"); k01's "…等,各县、市、区政府" is one collective."""
    name, rows = read_rows(stem)
    assert name == "generic"
    assert rows == expected_rows(stem)


@given(
    st.text(
        alphabet=st.sampled_from(list("建学校区发改局牵头(（)）、。 xL1]8N)l6J(k%&,:|*{}'\"")), max_size=60
    )
)
def test_the_forum_jammer_cleaner_never_drops_a_chinese_character(text: str) -> None:
    """without_jammer only takes out runs of ASCII tokens: every Han character stays, in order,
    and a second pass changes nothing."""
    from govtasks.tables.label_list import without_jammer

    cleaned = without_jammer(text)
    assert [c for c in cleaned if c >= "\u4e00"] == [c for c in text if c >= "\u4e00"]
    assert without_jammer(cleaned) == cleaned
