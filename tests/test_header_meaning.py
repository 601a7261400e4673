"""Headers read by what they mean (issue 17, point 3), on real pages of the field corpus.

Each page's expected rows are its ``.expected.json`` (written by reading the page, rechecked here
against the text); a test compares the fields its rule decides, whitespace ignored. Pages whose
other fields still miss for reasons outside this rule (unit lists, cut rows) say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.field_rows import ALL, FIELD, expected_dicts, expected_rows, generic_rows, project, read_rows

from govtasks import formats
from govtasks.formats import generic
from govtasks.read.document import read_document
from govtasks.tables.columns import KINDS, classify, column_map, explain, split_glued
from govtasks.tables.label_list import label_items
from govtasks.tables.paragraph import paragraph_tables

EXTRA = Path(__file__).parent / "fixtures" / "samples-extra"


def assert_rows(
    stem: str, fields: tuple[str, ...] = ALL, count: int | None = None, skip: tuple[int, ...] = ()
) -> None:
    """The first ``count`` expected rows of ``stem`` (but those at the ``skip`` indexes, which the
    reader misses for reasons outside this rule) are the rows read, in order."""
    expected = [row for i, row in enumerate(expected_dicts(stem)[:count]) if i not in skip]
    got = generic_rows(stem)[: len(expected)]
    assert project(got, fields, as_printed=True) == project(expected, fields, as_printed=True)


# --- content by its head noun: 年度目标任务, 2022年预期目标, 目标任务, 实事项目, 主要任务 ------------


def test_annual_target_tasks_header_is_the_content_linan() -> None:
    """临安 2023 H1: 序号 · 年度目标任务 · 进展情况 · 责任单位. Before, 年度目标任务 was no header
    word: the table was not found (Unknown format). Seven rows, every field as printed."""
    assert [c.kind for c in column_map(["序号", "年度目标任务", "进展情况", "责任单位"])] == [
        "seq", "content", "progress", "lead_units",
    ]  # fmt: skip
    assert_rows("a07_linan_2023_h1")
    rows = generic_rows("a07_linan_2023_h1")
    assert (rows[0].seq, rows[0].content, rows[0].lead_units) == ("1", "全年腾出用能3万吨标煤。", ["发改局"])


def test_year_target_and_work_task_headers_shapingba() -> None:
    """沙坪坝 2022 plan: two tables, 序号 · 2022年预期目标 · 责任单位 (a year in a header cell, not
    a title) and 序号 · 工作任务 · 牵头单位 · 配合单位; "附件2" between them is no unit."""
    assert_rows("b01_shapingba_2022_plan")
    rows = generic_rows("b01_shapingba_2022_plan")
    assert [(r.seq, r.lead_units) for r in rows[8:10]] == [("9", ["区生态环境局"]), ("10", ["区发展改革委"])]


def test_target_tasks_header_beilun() -> None:
    """北仑 2024 plan: 序号 · 目标任务 · 牵头单位 · 配合单位. Seq, content and lead units as
    printed (the collective "X等部门、单位" supporting lists are issue 17 point 5)."""
    assert_rows("c10_beilun_2024_plan", ("seq", "content", "lead_units", "progress"))


def test_main_tasks_header_shizhong() -> None:
    """市中区 2019 Q2: 分解 / 序号 · 主要任务 · 进展情况 · 责任单位: the tasks and their units
    (its progress, split per unit around the unit cell, is issue 17 point 4)."""
    assert_rows("b15_shizhong_2019_q2", ("seq", "content", "lead_units"))


def test_target_tasks_two_tables_yinzhou() -> None:
    """鄞州 2024 plan: two tables headed 序号 · 目标任务 · 牵头单位 · 配合单位 (before: refused).
    Tasks and lead units as printed (its leaders, named in headings, are point 4)."""
    assert_rows("c18_yinzhou_2024_plan", ("seq", "content", "lead_units"))


def test_block_number_and_main_work_headers_zhuji() -> None:
    """诸暨 2023 plan: 分块序号 (a 序号) · 主要工作 · 责任单位 (before: refused). The tasks; the
    units' "▲" lead mark is point 5."""
    assert classify("分块序号") == "seq"
    assert_rows("e02_zhuji_2023_plan", ("seq", "content"))


def test_livelihood_project_header_linan_pipes() -> None:
    """临安 2022 民生实事: 序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位; the plan
    column is kept as extra, never read as the task or its progress."""
    assert_rows("a14_linan_2022_plan")
    assert column_map(["实事项目", "工作举措及实施计划"])[1].kind == "extra"
    assert "工作举措及实施计划" in generic_rows("a14_linan_2022_plan")[0].extra


# --- progress by its head noun: 完成进度, 当前进度 ------------------------------------------------


def test_completion_progress_header_gongshu() -> None:
    """拱墅 2024 Q2: 序号 · 项目名称 · 主要工作内容 · 牵头单位 · 完成进度. Before, 完成进度 was
    dropped as a name and every row shifted one cell (content 完成进度, category "1" …)."""
    assert_rows("a04_gongshu_2024_q2")
    rows = generic_rows("a04_gongshu_2024_q2")
    assert [(r.seq, r.category, r.progress) for r in rows[:2]] == [
        ("1", "主要经济指标", "/"),
        ("2", "主要经济指标", "52%"),
    ]


def test_current_progress_header_and_a_remarks_column_cangnan() -> None:
    """苍南 2022 (to 10月31日): 序号 · 项目内容 · 当前进度 · 牵头单位 · 备注. Before, 当前进度 and
    牵头单位 were glued into one header and 备注 taken for a name: progress landed in the units.
    The remarks column is kept under its header. (The last row, at the end of the excerpt, is
    taken to be cut: 12 of the 13 expected rows.)"""
    assert_rows("c08_cangnan_2022_m10", count=12)
    first = generic_rows("c08_cangnan_2022_m10")[0]
    assert (first.progress, first.lead_units, first.extra) == (
        "80%(新区实验幼儿园进度滞后)",
        ["县教育局"],
        {"备注": "市民生实事"},
    )


def test_current_work_progress_header_shangyu_pipes() -> None:
    """上虞 2024: 工作内容 | 当前工作进展 | 形象进度 (a pipe table with no 序号, no units): the
    current progress is the progress, the percentage column (形象进度, a second progress) is
    kept as extra. Before, no header word was known: the file was refused."""
    assert [c.kind for c in column_map(["工作内容", "当前工作进展", "形象进度"])] == [
        "content",
        "progress",
        "extra",
    ]
    assert_rows("e11_shangyu_2024_fy")
    assert generic_rows("e11_shangyu_2024_fy")[0].extra == {"形象进度": "100.0%"}


# --- extra, never dropped: milestones, types, remarks -------------------------------------------


def test_quarter_target_is_a_milestone_kept_as_extra_keqiao() -> None:
    """柯桥 2023 Q1: 序号 | 工作任务 | 责任单位 | 一季度目标 | 进展情况、存在问题及下一步打算 |
    目标完成情况: the quarter's target is extra, the combined progress cell is the progress."""
    assert [c.kind for c in column_map(["工作任务", "一季度目标", "进展情况、存在问题及下一步打算"])] == [
        "content", "extra", "progress",
    ]  # fmt: skip
    # Row 2 ("新增学位810个") is a merged-cell continuation line (issue 17 point 4, tables.pipe).
    assert_rows("c12_keqiao_2023_q1")
    assert "一季度目标" in generic_rows("c12_keqiao_2023_q1")[0].extra


def test_spaced_target_type_header_is_a_column_shangcheng() -> None:
    """上城 2019 (samples-extra 19): "目 标 类 型" is read letter-spaced, and kept as extra."""
    assert classify("目 标 类 型") == "extra"
    assert explain("目 标 类 型").head == "类型"
    doc = read_document(EXTRA / "19_shangcheng_2019_plan_pipes_https.txt")
    rows = list(generic.parse(doc))
    assert rows[0].extra == {"指标要求": "增长5.5%(市下达指标)", "目标类型": "A类"}


# --- units by their qualifier: 参与, 配合 ----------------------------------------------------------


def test_taking_part_units_are_supporting_yuhang() -> None:
    """余杭 2022 plan (traditional script, pinyin inline): 序號 · 項目 · 重點工作 · 牽頭領導 ·
    牽頭單位 · 主要參與單位. 主要參與單位 is supporting (参与 taking part); the bare 項目 before the
    task column names its group: the category. Before, 項目 and 重點工作 were glued into one header
    and the leaders got the task text."""
    kinds = [c.kind for c in column_map(["序號", "項目", "重點工作", "牽頭領導", "牽頭單位", "主要參與單位"])]
    assert kinds == ["seq", "category", "content", "leaders", "lead_units", "supporting_units"]
    # Row 1's units as printed; the other rows' collective "各平臺、鎮街" is point 5.
    assert_rows("a03_yuhang_2022_plan", count=1)
    assert_rows("a03_yuhang_2022_plan", ("seq", "category", "content", "leaders"))


def test_jointly_working_units_are_supporting_and_a_class_is_the_category_jindong() -> None:
    """金东 2024 plan: 序号 · 事项分类 · 事项名称 · 项目内容 · 牵头单位 · 协同单位. 协同单位
    (working jointly) is supporting, 事项分类 (printed once per group) the category. The per-row
    title 事项名称 (a title noun right before the text, the category column being another) opens
    the content: title, then text, as the corpus contract says. Row 2's 协同单位 cell "/" says
    there is none: no supporting unit."""
    kinds = [c.kind for c in column_map(["序号", "事项分类", "事项名称", "项目内容", "牵头单位", "协同单位"])]
    assert kinds == ["seq", "category", "extra", "content", "lead_units", "supporting_units"]
    rows = generic_rows("d15_jindong_2024_plan")
    expected = expected_dicts("d15_jindong_2024_plan")
    assert project(rows, ("seq", "category", "lead_units"), as_printed=True) == project(
        expected, ("seq", "category", "lead_units"), as_printed=True
    )
    assert rows[0].supporting_units == expected[0]["supporting_units"]
    assert rows[0].content == "新(改、扩)建一批中小学校\n实施新(改、扩)建中小学校5家。"
    assert rows[0].extra == {}
    assert rows[1].supporting_units == ["/"]  # as printed: the clean stage reads it as none
    cleaned = read_rows("d15_jindong_2024_plan")[1]
    assert cleaned == expected_rows("d15_jindong_2024_plan")


def test_cooperating_units_are_supporting_shapingba_and_beilun() -> None:
    """配合单位 (cooperating units) in 沙坪坝's second table and 北仑's table."""
    shapingba = generic_rows("b01_shapingba_2022_plan")
    assert project(shapingba, ("supporting_units",), as_printed=True) == project(
        expected_dicts("b01_shapingba_2022_plan"), ("supporting_units",), as_printed=True
    )
    beilun = generic_rows("c10_beilun_2024_plan")
    assert [r.supporting_units for r in beilun[:3]] == [
        [],  # an empty cell, printed as a blank line
        [
            "区交通运输局",
            "自然资源和规划分局",
            "区征地拆迁管理服务中心",
            "汇海通国际物流枢纽发展有限公司",
            "相关街道",
        ],
        ["各街道"],
    ]


# --- leaders by their head noun: 分管市领导, 分管省领导 ----------------------------------------------


def test_city_leader_header_and_units_with_their_heads_zhaoqing_pipes() -> None:
    """肇庆 2020: 大类 | 序号 | 工作任务 | 分管 市领导 | 牵头单位及主要负责人 | 落实进展情况.
    分管市领导 is the leaders column; the units-and-their-heads column names leaders first, but
    the table has its leaders, so it is the lead units; 大类 heads the category."""
    header = ["大类", "序号", "工作任务", "分管 市领导", "牵头单位及主要负责人", "落实进展情况"]
    assert [c.kind for c in column_map(header)] == [
        "category", "seq", "content", "leaders", "lead_units", "progress",
    ]  # fmt: skip
    first = generic_rows("d02_zhaoqing_2020_unknown")[0]
    expected = expected_dicts("d02_zhaoqing_2020_unknown")[0]
    fields = ("seq", "category", "content", "leaders", "progress")
    assert project([first], fields, as_printed=True) == project([expected], fields, as_printed=True)
    # The unit cell prints the unit and its head's name ("市民政局 伍泽国"): point 5 splits them.
    assert first.lead_units[0].startswith("市民政局")


def test_province_leader_label_guangdong_label_list() -> None:
    """广东 2021: numbered targets, each with a "分管省领导:" line (a label no word list held):
    the leaders of each item. ("部门分工:X牵头,Y配合" is point 5.)"""
    assert_rows("d10_guangdong_2021_plan", ("seq", "content", "leaders"))
    assert [r.lead_leaders for r in generic_rows("d10_guangdong_2021_plan")] == [
        ["林克庆"], ["林克庆"], ["林克庆"], ["张新"],
    ]  # fmt: skip


def test_city_leader_header_split_over_two_paragraphs_yuyao() -> None:
    """余姚 2025 (to 5月15日): 序号 · 目标任务 · 牵头 / 市领导 (one header over two paragraphs) ·
    责任单位 · 进展情况 · 形象进度(%). Before, 牵头 and 市领导 were dropped as names and every
    cell shifted. (The page's analyst also joins the percentage to the progress; a "(%)"
    column is kept as extra here.)"""
    assert_rows("d13_yuyao_2025_m5", ("seq", "content", "leaders", "lead_units"))
    first = generic_rows("d13_yuyao_2025_m5")[0]
    assert (first.progress, first.extra) == ("新建公共充电桩99个,其中农村79个。", {"形象进度(%)": "28%"})


def test_a_leader_heading_ends_the_header_zhoushan() -> None:
    """舟山 2024 H1: 序号 · 任务内容 · 牵头单位 · 半年度完成情况, then "徐仁标市长牵头重点工作"
    (a leader heading, no number) before row 1: it is no header cell but the leader of the
    rows below."""
    rows = generic_rows("e12_zhoushan_2024_h1")
    assert [(r.seq, r.lead_leaders, r.lead_units) for r in rows[:2]] == [
        ("1", ["徐仁标"], ["市财政局"]),
        ("2", ["徐仁标"], ["市财政局", "(市国资委)"]),  # the alias is point 5
    ]
    assert_rows("e12_zhoushan_2024_h1", ("seq", "content", "leaders"))


# --- indicator tables: a quantity is no task -----------------------------------------------------


def test_indicator_table_with_measure_notes_is_no_task_table_binjiang() -> None:
    """滨江 2021 plan-execution report: 指标名称 | 2021年实绩 | 区年度目标(%) | 市下达年度目标(%):
    figures, not tasks. The "(%)" makes those targets indicator values, so no task table."""
    assert classify("区年度目标(%)") == "extra"
    doc = read_document(FIELD / "a12_binjiang_2021_neg.txt")
    assert list(generic.parse(doc)) == []
    with pytest.raises(Exception, match=r"known table layout|no task table"):
        formats.choose(doc)


@pytest.mark.parametrize(
    "path",
    [
        FIELD / "b09_guanyun_2019_neg.txt",  # mentions 时间节点, 目标任务 in prose
        FIELD / "b17_chengxiang_2022_neg.txt",  # mentions 责任领导, 进度 in prose
        FIELD / "b16_fuling_2023_neg.txt",  # an info block: 主题分类, 体裁分类 (no 类 category)
        FIELD / "c14_yuyao_2025_neg.txt",  # the same, as pipes
        EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt",
    ],
    ids=lambda p: p.stem[:3],
)
def test_narrative_pages_still_give_no_rows(path: Path) -> None:
    doc = read_document(path)
    if sum("|" in line for line in doc.lines) < 3:  # pipe lines alone look like a table
        assert not formats.looks_like_a_table(doc)
    assert list(generic.parse(doc)) == []
    assert generic.detect(doc) == 0.0


# --- label lists: any label that classifies ------------------------------------------------------


def test_leader_labels_ningbo_label_list() -> None:
    """宁波 2019: numbered tasks, each with 牵头领导: and 责任单位: lines. The tasks and the units
    as printed (rows 1 and 4 name offices, "市长,副市长", which is point 5)."""
    assert_rows("c11_ningbo_2019_plan", ("seq", "category", "content"))
    rows = generic_rows("c11_ningbo_2019_plan")
    assert (rows[1].lead_leaders, rows[2].lead_leaders) == (["陈炳荣"], ["陈仲朝"])


def test_any_classified_label_is_read_and_other_labels_kept() -> None:
    """A label no word list holds ("牵头市领导:", "协同单位:") fills its field; a milestone label
    ("时间节点:") stays in the item as extra instead of ending it."""
    paragraphs = list(
        enumerate(
            ["1.建设学校。", "牵头市领导:王宏", "时间节点:6月底", "牵头单位:市教育局", "协同单位:市财政局",
             "2.修建道路。", "责任领导:李明", "责任单位:市建委"],
            start=1,
        )
    )  # fmt: skip
    items = label_items(paragraphs)
    assert [(i.fields, i.extra) for i in items] == [
        (
            {"leaders": ["王宏"], "lead_units": ["市教育局"], "supporting_units": ["市财政局"]},
            {"时间节点": "6月底"},
        ),
        ({"leaders": ["李明"], "lead_units": ["市建委"]}, {}),
    ]


# --- where the header ends ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [FIELD / "a18_gongshu_2020_q1.txt", EXTRA / "06_gongshu_2020_q3_gov.txt"], ids=["a18", "06"]
)
def test_a_numbering_printed_alone_ends_the_header_gongshu(path: Path) -> None:
    """拱墅 2020 Q1 and Q3 (one cell per paragraph): 项目名称 · 项目内容 · 责任单位 · 进展情况, then
    "(一)" / "经济社会发展主要预期目标". The bare numbering is where the rows begin, with its
    heading as their category; before, both were taken into the header."""
    tables = paragraph_tables(read_document(path).paragraphs())
    assert [c.text for c in tables[0].grid.rows[0]] == ["项目名称", "项目内容", "责任单位", "进展情况"]
    rows = list(generic.parse(read_document(path)))
    assert (rows[0].category_no, rows[0].category, rows[0].content) == (
        "(一)", "经济社会发展主要预期目标", "地区生产总值增长6.5%以上",
    )  # fmt: skip


def test_a_glued_header_line_is_read_as_its_names_xicheng() -> None:
    """西城 2020 (cells glued with no delimiter): the header line as printed splits into its five
    column names (reading its glued rows is point 4)."""
    lines = (FIELD / "b11_xicheng_2020_fy.txt").read_text(encoding="utf-8").splitlines()
    glued = next(line.strip() for line in lines if line.startswith("类别序号"))
    names = split_glued(glued)
    assert names == ["类别", "序号", "重点督办内容", "牵头单位", "全年完成情况"]
    assert [c.kind for c in column_map(names)] == ["category", "seq", "content", "lead_units", "progress"]


# --- explain and properties ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind", "why"),
    [
        ("牵头市领导", "leaders", "head noun 领导 → leaders"),
        ("责任区领导", "leaders", "head noun 领导 → leaders"),
        ("协办单位", "supporting_units", "head noun 单位, qualifier 协办 → supporting_units"),
        ("1-9月完成情况", "progress", "head noun 情况 → progress"),
        ("下步打算", "next_steps", "head noun 打算 → next_steps"),
        ("完成时限", "extra", "head noun 时限 → extra"),
        ("上半年目标", "extra", "head noun 目标 with a period (a milestone) → extra"),
    ],
)
def test_explain_says_why(header: str, kind: str, why: str) -> None:
    reading = explain(header)
    assert (reading.kind, reading.why) == (kind, why)


#: Characters of header words, and nothing (a header may be empty).
_HEADER_CHARS = st.sampled_from(
    [
        "",
        *"序号项目名称任务内容牵头领导单位配合部门进展情况完成进度问题下一步打算备注时间节点一季度目标类型区市",
    ]
)
_SPACES = st.sampled_from([" ", "  ", "\u3000", "\u00a0", "\t"])


@given(st.text(max_size=30))
def test_classify_never_raises_and_always_gives_a_kind(header: str) -> None:
    assert classify(header) in KINDS
    assert explain(header).why


@given(st.lists(_HEADER_CHARS, min_size=1, max_size=10), st.lists(_SPACES, max_size=10), st.randoms())
def test_spacing_inside_a_header_never_changes_its_kind(
    chars: list[str], spaces: list[str], rnd: Any
) -> None:
    header = "".join(chars)
    spaced = list(header)
    for space in spaces:
        spaced.insert(rnd.randint(0, len(spaced)), space)
    assert classify("".join(spaced)) == classify(header)


@pytest.mark.parametrize("stem", ["j10_shengzhou_2022_q3", "j11_shengzhou_2022_h1"])
def test_the_provinces_target_is_the_task_not_another_governments_column(stem: str) -> None:
    """嵊州 2022 (1-9月 one cell per paragraph, 1-6月 pipes): 序号 · 项目 · 省工作目标 · 嵊州牵头单位
    · 进展情况 · 预计时间. 省工作目标 (the province's target, carried by the county) is the task;
    only unit and leader columns prefixed 省 name another government's (省牵头单位). With it the
    bare 项目 before it is the group: the category. Before, 省工作目标 was kept as extra and the
    group name 浙有善育 read as every row's task."""
    header = ["序号", "项目", "省工作目标", "嵊州牵头单位", "1-9月进展情况", "全面完成预计时间"]
    assert [c.kind for c in column_map(header)] == [
        "seq",
        "category",
        "content",
        "lead_units",
        "progress",
        "extra",
    ]
    assert [c.kind for c in column_map(["序号", "省牵头领导", "省牵头单位", "重点工作"])][1:3] == [
        "extra",
        "extra",
    ]
    rows = generic_rows(stem)
    assert rows[0].category == "浙有善育"
    assert rows[0].content == "新增3个乡镇(街道)建有托育机构"


def test_header_words_split_over_two_paragraphs_with_inline_pinyin_yueyanglou() -> None:
    """岳阳楼 2018 H1 (m07, traditional script with inline pinyin): the header prints "責(zé)任" /
    "領(lǐng)導(dǎo)" and "區(qū)政府辦" / "協(xié)管責(zé)任人" as two paragraphs each: one header
    each (責任領導 the leaders; 區政府辦協管責任人, the office's coordinator, a second person
    column kept as extra; an office's name may qualify a header as 牵头 does). Pinyin is no part
    of a header word. Before, ten header cells misfitted the eight cells of each row."""
    rows = generic_rows("m07_yueyanglou_2018_h1")
    assert [row.lead_leaders for row in rows[:4]] == [["徐平"]] * 4  # letter-spacing dropped
    assert all(len(row.extra) >= 1 for row in rows[:4])


def test_a_unit_column_of_measures_makes_an_indicator_table_no_task_table() -> None:
    """苏州 2018 (p13, a negative): 序号 · 指标名称 · 单位 · 苏州市 · 张家港 · …, one cell per
    paragraph: 单位 holds measures (增幅(%), 亿元), the other columns places' figures: no task
    table (it gave three rows before). 岳阳 2019 (d05, spaced) keeps its tasks: there a measure
    column sits beside a unit one."""
    doc = read_document(FIELD / "p13_suzhou_2018_neg.txt")
    assert generic.detect(doc) == 0.0
    assert list(generic.parse(doc)) == []
    assert len(read_rows("d05_yueyang_2019_m11")[1]) == len(expected_rows("d05_yueyang_2019_m11"))
