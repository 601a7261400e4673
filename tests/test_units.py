"""Unit and leader lists (govtasks.clean.units), on real pages of the field corpus and the
samples: aliases, role words, the lead-first note, collectives, 和/及/与, leaders' titles."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtasks.clean.normalize import clean_content, clean_leaders, clean_units, default_phrases
from govtasks.clean.units import (
    assign_roles,
    lead_and_supporting,
    says_lead_first,
    split_leaders,
    split_trailing_units,
    strip_titles,
    units_in_tail,
    units_of,
)
from govtasks.models import CleanRow, ParsedFile, SourceRow
from govtasks.read.sources import SIDECAR_SUFFIX
from govtasks.run.per_file import examine, normalize_row

from .conftest import EXTRA, SAMPLES

FIELD = Path(__file__).resolve().parent / "fixtures" / "field"
PHRASES = default_phrases()


def rows_of(page: Path, tmp_path: Path) -> list[CleanRow]:
    """The rows ingest reads from a real page, its facts given by a sidecar (the facts are
    another rule's business)."""
    folder = tmp_path / page.stem  # one folder per page: a test may read several
    folder.mkdir(exist_ok=True)
    copy = folder / page.name
    shutil.copyfile(page, copy)
    copy.with_name(copy.name + SIDECAR_SUFFIX).write_text(
        'district = "未知区"\nyear = 2020\nperiod = "PLAN"\n', encoding="utf-8"
    )
    outcome = examine(copy, folder, PHRASES).outcome
    assert isinstance(outcome, ParsedFile), outcome
    return list(outcome.rows)


def field_rows(stem: str, tmp_path: Path) -> list[CleanRow]:
    return rows_of(FIELD / f"{stem}.txt", tmp_path)


def row_starting(rows: list[CleanRow], start: str) -> CleanRow:
    return next(row for row in rows if start in row.content)


# --- aliases: "(区金融办)" after a unit stays on it ----------------------------------------------


def test_alias_printed_as_its_own_paragraph_stays_on_its_unit(tmp_path: Path) -> None:
    """余杭 2022 (traditional, inline pinyin): "區發改局" / "(區金融辦)" on two paragraphs."""
    row = row_starting(field_rows("a03_yuhang_2022_plan", tmp_path), "雄鹰计划")
    assert row.lead_units[0] == "区发改局(区金融办)"
    assert "(区金融办)" not in "".join(row.supporting_units)


def test_alias_on_its_own_line_in_the_samples(tmp_path: Path) -> None:
    """余杭 2018 (sample 004): "余杭经济技术开发区" / "(钱江经济开发区)"; 舟山 2024: "市财政局" /
    "(市国资委)" on two paragraphs."""
    rows = rows_of(SAMPLES["004"], tmp_path)
    assert any("余杭经济技术开发区(钱江经济开发区)" in row.lead_units for row in rows)
    zhoushan = field_rows("e12_zhoushan_2024_h1", tmp_path)
    assert zhoushan[1].lead_units == ("市财政局(市国资委)",)


def test_alias_after_a_space_or_in_full_width_brackets() -> None:
    assert units_of(["区金融服务中心 (区金融办)"]) == ["区金融服务中心(区金融办)"]
    assert units_of(["区金融服务中心", "（区金融办）", "区科技局"]) == [
        "区金融服务中心（区金融办）",
        "区科技局",
    ]


def test_bracket_holding_a_list_is_a_list_not_an_alias() -> None:
    assert units_of(["区科技局", "(区发改局、区财政局)"]) == ["区科技局", "区发改局", "区财政局"]


def test_separators_inside_brackets_belong_to_the_name(tmp_path: Path) -> None:
    """宁波 2025 "各区(县、市)政府" and 丽水 2023 "各县(市、区)政府": one unit each."""
    ningbo = field_rows("c01_ningbo_2025_plan", tmp_path)
    assert all(row.supporting_units[-1].startswith("各区(县、市)政府") for row in ningbo)
    lishui = field_rows("c09_lishui_2023_plan", tmp_path)
    assert "各县(市、区)政府" in row_starting(lishui, "实施招商引资").supporting_units


# --- role words -----------------------------------------------------------------------------


def test_units_before_fenbie_qiantou_all_lead(tmp_path: Path) -> None:
    """海曙 2023: "经济投资局和航空口岸局分别牵头、区发改局" (和 between two units, 分别牵头)."""
    row = row_starting(field_rows("c19_haishu_2023_plan", tmp_path), "提高国家级临空")
    assert (row.lead_units, row.supporting_units) == (("经济投资局", "航空口岸局"), ("区发改局",))


def test_fenbie_qiantou_overrides_the_lead_first_note(tmp_path: Path) -> None:
    """丽水 2023: "(除标注“分别牵头”外,列第一位为牵头…)", then "A、B分别牵头": both lead."""
    row = row_starting(field_rows("c09_lishui_2023_plan", tmp_path), "城乡居民收入增速")
    assert (row.lead_units, row.supporting_units) == (("市人力社保局", "市农业农村局"), ())


def test_peihe_luoshi_after_a_list_marks_the_whole_list_as_supporting(tmp_path: Path) -> None:
    """A supporting word after a 、-list says what the whole list does. 杭州 2021 (a10, one cell
    per line with "|"): "市发改委、市人力社保局、市科技局、团市委配合落实", no lead named: all four
    support, none leads (the reviewer's reading of the page, written in its judgements). 南京
    2021 (i03): "(市卫健委主办,市相关部门、江北新区管委会、各区政府协办)": the three before 协办
    support. 广东 2021 (d10): "省发展改革委牵头,各地、各部门配合"."""
    page = (FIELD / "a10_hangzhou_2021_plan.txt").read_text(encoding="utf-8")
    cell = next(line for line in page.splitlines() if line.endswith("配合落实"))
    units, _ = clean_units([cell], PHRASES)
    assert lead_and_supporting(units, []) == ([], ["市发改委", "市人力社保局", "市科技局", "团市委"])
    row = row_starting(field_rows("i03_nanjing_2021_plan", tmp_path), "")
    supporting = ("市相关部门", "江北新区管委会", "各区政府")
    assert (row.lead_units, row.supporting_units) == (("市卫健委",), supporting)
    row = field_rows("d10_guangdong_2021_plan", tmp_path)[0]
    assert (row.lead_units, row.supporting_units) == (("省发展改革委",), ("各地", "各部门"))


def test_qiantou_then_peihe() -> None:
    assert assign_roles(units_of(["区发改局牵头，区财政局配合"]), "lead") == [
        ("区发改局", "lead"),
        ("区财政局", "supporting"),
    ]
    assert assign_roles(units_of(["区发改局牵头，区财政局协同"]), "lead")[1] == ("区财政局", "supporting")


# --- the lead-first note ----------------------------------------------------------------------


def test_lead_first_note_in_a_unit_cell(tmp_path: Path) -> None:
    """丽水 2023 and 海曙 2023 print the note once, inside a unit cell; it is no alias."""
    lishui = row_starting(field_rows("c09_lishui_2023_plan", tmp_path), "固定资产投资")
    assert lishui.lead_units == ("市发改委",)
    assert lishui.supporting_units[-1] == "市卫生健康委"
    assert "lead_first" in lishui.flags
    haishu = field_rows("c19_haishu_2023_plan", tmp_path)
    row = row_starting(haishu, "城乡居民人均")
    assert (row.lead_units, row.supporting_units) == (("区发改局",), ("区人力社保局", "区农业农村局"))


def test_lead_first_note_in_the_header(tmp_path: Path) -> None:
    """桐乡 2020: the note after the last unit of the first row; every row's first unit leads."""
    rows = field_rows("e01_tongxiang_2020_plan", tmp_path)
    assert [row.lead_units for row in rows] == [("财政局",), ("发改局",)]
    assert rows[1].supporting_units == ("经信局", "财政局", "金融发展服务中心", "税务局", "人民银行")


def test_lead_first_note_with_the_variant_wei(tmp_path: Path) -> None:
    """浙江 2024 (i04, traditional script): "(除標註爲“牽頭”單位外,列第一位的爲牽頭或彙總單位,下同)"
    writes 爲 (a variant of 為): the rows after it without a 牽頭 word take their first unit as
    lead, the others support."""
    assert says_lead_first("列第一位的爲牽頭或彙總單位")
    rows = field_rows("i04_zhejiang_2024_plan", tmp_path)
    assert (rows[2].lead_units, rows[2].supporting_units) == (("省财政厅",), ("省发展改革委",))
    assert rows[3].lead_units == ("省财政厅",) and rows[3].supporting_units[0] == "省发展改革委"


def test_lead_first_note_naming_the_first_place(tmp_path: Path) -> None:
    """海盐 2022 (n01): "责任单位:县发改局(首位单位为牵头单位,下同)、县财政局…": the unit in first
    place leads, the note glued to it is no alias. (One page only prints this wording.)"""
    rows = field_rows("n01_haiyan_2022_plan", tmp_path)
    assert rows[0].lead_units == ("县发改局",)
    assert rows[0].supporting_units == ("县财政局", "县税务局", "县农业农村局")
    assert [row.lead_units for row in rows[1:3]] == [("县财政局",), ("县司法局",)]
    assert all("lead_first" in row.flags for row in rows)


def test_pages_without_the_note_keep_every_unit_as_lead(tmp_path: Path) -> None:
    assert not says_lead_first((FIELD / "c01_ningbo_2025_plan.txt").read_text(encoding="utf-8"))
    rows = field_rows("c11_ningbo_2019_plan", tmp_path)
    assert all(not row.supporting_units and "lead_first" not in row.flags for row in rows)


def test_star_marks_the_lead_unit(tmp_path: Path) -> None:
    """平湖 2025: "★财政局、税务局" -> 财政局 leads, 税务局 supports."""
    row = field_rows("c20_pinghu_2025_q1", tmp_path)[0]
    assert (row.lead_units, row.supporting_units) == (("财政局",), ("税务局",))


# --- collectives -------------------------------------------------------------------------------


def test_each_collective_takes_the_kind_words_after_it(tmp_path: Path) -> None:
    """余杭 2022: "各平臺、鎮(zhèn)街" is one unit; 平湖 2025: three collectives stay three."""
    rows = field_rows("a03_yuhang_2022_plan", tmp_path)
    assert row_starting(rows, "雄鹰计划").supporting_units[-1] == "各平台、镇街"
    # the reader does not get 平湖's second row (merged first column): its cell as printed
    page = (FIELD / "c20_pinghu_2025_q1.txt").read_text(encoding="utf-8")
    cell = re.findall(r"\| ★(市府办[^|]+) \|", page)[0]
    assert units_of([cell]) == ["市府办", "市政府各部门", "市属各单位", "各镇街道"]


def test_each_collective_takes_kinds_of_units_after_it(tmp_path: Path) -> None:
    """宁波 2025 and 2019, 舟山 2022: "各区(县、市)政府、开发园区管委会" (one 各 governs both)."""
    ningbo = field_rows("c01_ningbo_2025_plan", tmp_path)
    assert ningbo[0].supporting_units[-1] == "各区(县、市)政府、开发园区管委会"
    assert field_rows("c11_ningbo_2019_plan", tmp_path)[0].lead_units[-1] == "各区县(市)政府、开发园区管委会"
    assert field_rows("e15_zhoushan_2022_plan", tmp_path)[0].supporting_units == (
        "市税务局",
        "各县(区)政府、功能区管委会",
    )


def test_collective_followed_by_units_stays_apart(tmp_path: Path) -> None:
    """立山 2023: "各街道、区直各部门", "各街道,区市场局": two units each."""
    rows = field_rows("b04_lishan_2023_plan", tmp_path)
    units = [unit for row in rows for unit in (*row.lead_units, *row.supporting_units)]
    assert "区直各部门" in units and "区市场局" in units and "各街道" in units


def test_samples_collectives_read_as_before(tmp_path: Path) -> None:
    """Sample 004: "各平台、镇(街道)" and "相关平台、镇街" were always two entries each."""
    rows = rows_of(SAMPLES["004"], tmp_path)
    units = [row.lead_units for row in rows]
    assert any(u[-2:] == ("各平台", "镇(街道)") for u in units)
    assert any(u[-2:] == ("相关平台", "镇街") for u in units)


# --- 和, 及, 与 ----------------------------------------------------------------------------------


def test_he_inside_official_names_stays(tmp_path: Path) -> None:
    """蔡甸 2023 (samples-extra 29): 区发展和改革局, 区科技和经信局; 杭州 2021: 市规划和自然资源局."""
    caidian = rows_of(EXTRA / "29_caidian_2023_plan_label_lines.txt", tmp_path)
    names = {unit for row in caidian for unit in row.lead_units}
    assert {"区发展和改革局", "区科技和经信局"} <= names
    hangzhou = units_of(["杭州城西科创产业集聚区管委会,市科技局、市规划和自然资源局、市人力社保局"])
    assert "市规划和自然资源局" in hangzhou
    assert units_of(["区人力资源和社会保障局"]) == ["区人力资源和社会保障局"]


def test_he_between_two_units_splits() -> None:
    assert units_of(["区发改局和区财政局"]) == ["区发改局", "区财政局"]
    assert units_of(["区委宣传部与区文明办"]) == ["区委宣传部", "区文明办"]
    assert units_of(["区防范处置企业拖欠工资工作领导小组成员单位及责任单位"]) == [
        "区防范处置企业拖欠工资工作领导小组成员单位及责任单位"
    ]


# --- leaders --------------------------------------------------------------------------------------


def test_letter_spaced_names(tmp_path: Path) -> None:
    """余杭 2022: "顧  斌" and samples-extra 01 (余杭 2018): "沈  昱" are one person each."""
    rows = field_rows("a03_yuhang_2022_plan", tmp_path)
    assert ("姚文华", "顾斌") in [row.lead_leaders for row in rows]
    extra = rows_of(EXTRA / "01_yuhang_2018_plan_gov_paragraphs.txt", tmp_path)
    assert any("沈昱" in row.lead_leaders for row in extra)
    assert split_leaders("沈 昱 祝振偉") == ["沈昱", "祝振偉"]


def test_titles_dropped_from_names_in_leader_headings() -> None:
    """The names of 鄞州 2024, 海曙 2023 and 杭州 2021 leader headings, titles before or after."""
    headings = []
    for stem in ("c18_yinzhou_2024_plan", "c19_haishu_2023_plan", "a10_hangzhou_2021_plan"):
        text = (FIELD / f"{stem}.txt").read_text(encoding="utf-8")
        headings += re.findall(r"^[(（]?[一二三四五六][、)）]\s*(\S+?)牵头重点工作", text, re.MULTILINE)
    names = [strip_titles(h) for h in headings]
    assert {"陈兴立", "姚珂军", "叶枝利", "张盈军", "徐洪涛", "刘忻", "戴建平"} <= set(names), names


def test_titles_only_kept_as_printed(tmp_path: Path) -> None:
    """宁波 2019: "牵头领导:市长,副市长" names offices: kept as printed."""
    rows = field_rows("c11_ningbo_2019_plan", tmp_path)
    assert rows[0].lead_leaders == ("市长", "副市长")
    assert split_leaders("分管副区长") == ["分管副区长"]


def test_several_names_in_one_cell() -> None:
    assert clean_leaders(["王宏副区长、李明副区长"], PHRASES)[0] == ["王宏", "李明"]
    assert split_leaders("区长王宏，副区长李明") == ["王宏", "李明"]
    assert split_leaders("王宏 李明/张三丰") == ["王宏", "李明", "张三丰"]


# --- nothing lost, nothing invented -----------------------------------------------------------

#: Separators, 和/及/与 included (they are dropped where they join two units).
_SEPARATORS = re.compile(r"[、，,;；\s和及与]")
_BRACKETS = re.compile(r"[(（)）]")
_NAME_CHARS = "区市县发改财政科技局委办中心部街道镇平台各和及与经信人力社保(（)）"


@given(st.lists(st.text(alphabet=_NAME_CHARS + "、，; ", min_size=1, max_size=30), min_size=1, max_size=4))
def test_units_keep_every_character(entries: list[str]) -> None:
    """Splitting and joining units never loses or invents a character, separators aside, and
    the brackets of a bracket that holds a whole list of units ("(区发改局;区财政局)": its units,
    by design; hypothesis found "(与;与)")."""
    units = units_of(entries)
    kept, given = (
        sorted(_BRACKETS.sub("", _SEPARATORS.sub("", "".join(texts)))) for texts in (units, entries)
    )
    assert kept == given


@given(
    st.lists(
        st.sampled_from(["区发改局", "区财政局", "各平台", "镇街", "牵头", "配合落实", "分别牵头"]),
        max_size=6,
    )
)
def test_roles_drop_only_role_words(words: list[str]) -> None:
    entries = ["".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    names = [name for name, _ in assign_roles(entries, "lead")]
    stripped = re.sub(r"分别牵头|配合落实|牵头", "", "".join(names))
    assert stripped == re.sub(r"分别牵头|配合落实|牵头", "", "".join(entries))


@given(st.text(alphabet="王宏李明张三沈昱副区长市常务、， ", max_size=20))
def test_leaders_never_invent_characters(cell: str) -> None:
    names = split_leaders(cell)
    assert set("".join(names)) <= set(cell)


# --- label lists: 牵头单位 beside 责任单位, leader headings ---------------------------------------


def test_plain_responsibility_label_beside_a_lead_label_supports(tmp_path: Path) -> None:
    """立山 2023 and 渝中 2023: "牵头单位:X" then "责任单位:Y、Z" -> X leads, Y and Z support."""
    lishan = field_rows("b04_lishan_2023_plan", tmp_path)
    assert (lishan[2].lead_units, lishan[2].supporting_units) == (
        ("区发改局",),
        ("立山经济开发区", "各街道", "区直各部门"),
    )
    yuzhong = field_rows("d03_yuzhong_2023_plan", tmp_path)
    assert (yuzhong[1].lead_units, yuzhong[1].supporting_units) == (("区财政局",), ("区税务局", "区国资委等"))


def test_plain_responsibility_label_alone_leads(tmp_path: Path) -> None:
    """蔡甸 2023 (samples-extra 29): only "责任单位:" lines, so they name the lead units."""
    rows = rows_of(EXTRA / "29_caidian_2023_plan_label_lines.txt", tmp_path)
    assert rows[0].lead_units == ("区发展和改革局",) and not any(row.supporting_units for row in rows)


def test_leader_headings_of_label_lists_name_the_rows_leaders(tmp_path: Path) -> None:
    """海曙 2023 (name then title, "区政府党组成员"), 宁波 2025, 湖州 2024 and 浙江 2020 ("主抓")."""
    haishu = field_rows("c19_haishu_2023_plan", tmp_path)
    assert [row.lead_leaders for row in haishu] == [
        ("叶枝利",),
        ("张盈军",),
        ("徐洪涛",),
        ("徐洪涛",),
        ("徐洪涛",),
    ]
    ningbo = field_rows("c01_ningbo_2025_plan", tmp_path)
    assert [row.lead_leaders[0] for row in ningbo] == ["汤飞帆"] * 2 + ["赵海滨"] * 4
    huzhou = field_rows("e16_huzhou_2024_plan", tmp_path)
    assert all(row.lead_leaders == ("洪湖鹏",) for row in huzhou)
    zhejiang = field_rows("a19_zhejiang_2020_plan", tmp_path)
    assert all(row.lead_leaders == ("袁家军",) for row in zhejiang)


def test_lead_first_note_worded_with_gongzuo(tmp_path: Path) -> None:
    """湖州 2024: "(列第一位的为工作牵头单位或汇总单位,下同)" after a unit with its own bracket."""
    rows = field_rows("e16_huzhou_2024_plan", tmp_path)
    assert (rows[0].lead_units, rows[0].supporting_units) == (
        ("市政府办公室",),
        ("市级其他有关单位", "各区县政府(含南太湖新区、长合区管委会)"),
    )


# --- a bracket of units after a task sentence -------------------------------------------------


def _bracket_roles(inside: str) -> tuple[list[str], list[str]]:
    """Lead and supporting units of a trailing bracket: labels as the label-list reader reads
    them (牵头单位 leads, a plain 责任单位 beside it supports), role words as the cleaning does."""
    lead: list[str] = []
    plain: list[str] = []
    for part in re.split(r"[;；]", inside):
        label, colon, value = part.partition(":")
        if not colon:
            label, value = "", part
        if label.endswith("领导"):
            continue
        (lead if "牵头" in label else plain).extend(units_of([value]))
    if lead:
        return lead, plain
    return lead_and_supporting(plain, [])


def _task_lines(stem: str) -> list[str]:
    text = (FIELD / f"{stem}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if re.match(r"^\s*\d{1,2}[.、]", line)]


def test_bracket_after_a_task_sentence_is_a_unit_list() -> None:
    """鼓楼 2025 and 2024 "(X、Y主办,Z协办)", 下陆 2020 "[牵头单位:…;责任单位:…]", 咸安 2023
    "(责任领导:…;牵头单位:…;责任单位:…)": every complete row's bracket reads as its units."""
    for stem in ("e03_gulou_2025_plan", "e04_gulou_2024_plan", "b05_xialu_2020_plan", "b14_xianan_2023_plan"):
        expected = json.loads((FIELD / f"{stem}.expected.json").read_text(encoding="utf-8"))["rows"]
        lines = _task_lines(stem)
        for row in expected:
            line = next(line for line in lines if row["content"][:15] in line)
            found = split_trailing_units(line)
            assert found is not None, line
            assert _bracket_roles(found[1]) == (row["lead_units"], row["supporting_units"]), line


def test_bracket_after_a_unit_is_an_alias_not_a_list() -> None:
    assert split_trailing_units("余杭经济技术开发区(钱江经济开发区)") is None
    assert split_trailing_units("深化国资国企改革。(已完成)") is None


# --- the rows of a page as its expectation lists them --------------------------------------------


def _plain(text: str) -> str:
    """A cell as the cleaning gives it (simplified, pinyin and spaces gone), for comparing."""
    return re.sub(r"\s+", "", clean_content(text, PHRASES).text)


def expected_rows(stem: str) -> list[dict[str, Any]]:
    spec = json.loads((FIELD / f"{stem}.expected.json").read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = spec["rows"]
    return rows


def assert_rows_as_expected(stem: str, tmp_path: Path, fields: Sequence[str]) -> None:
    """Each complete row of the page's .expected.json, found by its content, has ``fields``
    (content, lead_units, supporting_units, leaders) as the expectation says."""
    read = field_rows(stem, tmp_path)
    for want in expected_rows(stem):
        start = _plain(want["content"])[:12]
        row = next((r for r in read if _plain(r.content).startswith(start)), None)
        assert row is not None, f"{stem}: no row {start!r}"
        got = {
            "content": _plain(row.content),
            "lead_units": [_plain(u) for u in row.lead_units],
            "supporting_units": [_plain(u) for u in row.supporting_units],
            "leaders": [_plain(u) for u in row.lead_leaders],
        }
        for name in fields:
            value = want[name]
            expected = _plain(value) if isinstance(value, str) else [_plain(v) for v in value]
            assert got[name] == expected, f"{stem} {start!r} {name}"


# --- lead marks ▲ ★ * ------------------------------------------------------------------------


def test_triangle_marks_the_lead_unit_and_no_mark_leaves_all_lead(tmp_path: Path) -> None:
    """诸暨 2023: "▲发改局,各部门,各镇乡(街道)": the marked unit leads, the others support; row 9
    prints no mark ("经信局,相关部门,各镇乡(街道)"): all lead. The only page with ▲ in the
    corpus; 平湖 2025 marks with ★ (:func:`test_star_marks_the_lead_unit`), the same rule."""
    assert_rows_as_expected("e02_zhuji_2023_plan", tmp_path, ("lead_units", "supporting_units"))
    assert lead_and_supporting(["★财政局", "税务局"], []) == (["财政局"], ["税务局"])


# --- group words after a group: "有关部门、单位" ----------------------------------------------------


def test_group_word_after_a_group_is_part_of_it(tmp_path: Path) -> None:
    """北仑 2024: "区国有资产管理中心等部门、单位" is one entry, not "…等部门" and "单位" (the only
    page of the corpus that prints it in a unit cell; 渝中 2023 prints "各有关部门、单位" in prose)."""
    assert_rows_as_expected("c10_beilun_2024_plan", tmp_path, ("lead_units", "supporting_units"))
    assert units_of(["区级有关部门、单位"]) == ["区级有关部门、单位"]
    assert units_of(["区发改局、单位"]) == ["区发改局", "单位"]  # no group before it: as printed


# --- units in a labelled tail of the task text ---------------------------------------------------


def test_labelled_bracket_after_the_task_gives_its_units(tmp_path: Path) -> None:
    """舟山 2021 and 2022: "….(牵头单位:市财政局)" at the end of the task cell, no unit column:
    the unit leads and the bracket leaves the content; 武昌 2021 (half year and three quarters):
    "(市级牵头单位:市发展改革委;区级牵头单位:区发改局)": the district's own level."""
    pages = ("e08_zhoushan_2021_h1", "e13_zhoushan_2022_h1", "b06_wuchang_2021_h1", "b12_wuchang_2021_q3")
    for stem in pages:
        assert_rows_as_expected(stem, tmp_path, ("content", "lead_units", "supporting_units"))


def test_unit_column_keeps_priority_over_a_tail() -> None:
    """A row with a unit cell keeps its content as printed: the tail is only read when the row
    names no unit of its own."""
    row = SourceRow(source_line=1, content="建学校。(牵头单位:区教育局)", lead_units=["区财政局"])
    clean = normalize_row(row, PHRASES)
    assert (clean.content, clean.lead_units) == ("建学校。(牵头单位:区教育局)", ("区财政局",))
    bare = normalize_row(row.model_copy(update={"lead_units": []}), PHRASES)
    assert (bare.content, bare.lead_units) == ("建学校。", ("区教育局",))


def test_tail_needs_a_label_at_the_very_end() -> None:
    assert units_in_tail("建学校。(区发改局、区财政局)") is None  # no label: the readers' business
    assert units_in_tail("建学校(牵头单位:区教育局),修道路。") is None  # not at the end
    assert units_in_tail("深化国资国企改革。(已完成)") is None
    found = units_in_tail("建学校。(责任领导:王宏;牵头单位:区教育局;责任单位:区财政局)")
    assert found == ("建学校。", ["区教育局"], ["区财政局"], ["王宏"])


# --- 部门分工: "X牵头,Y配合。" ----------------------------------------------------------------------


def test_division_of_work_label_gives_lead_and_supporting_units(tmp_path: Path) -> None:
    """广东 2021: a "部门分工:省发展改革委牵头,各地、各部门配合。" line under each target: the unit
    before 牵头 leads, the ones before 配合 support. The only page of the corpus with the label;
    the same clause at the end of a task text is read too (doctest of units_in_tail).
    Not done: "各地、各部门" is one collective on the page and reads as two entries here (two
    collectives each with 各 stay apart, as "市属各单位、各镇街道" on 平湖's page must)."""
    assert_rows_as_expected("d10_guangdong_2021_plan", tmp_path, ("lead_units", "leaders"))
    read = field_rows("d10_guangdong_2021_plan", tmp_path)
    for row, want in zip(read, expected_rows("d10_guangdong_2021_plan"), strict=False):  # + the cut row
        assert "、".join(row.supporting_units) == "、".join(want["supporting_units"])


# --- a unit's head printed in its cell -----------------------------------------------------------


def test_unit_head_name_is_no_part_of_the_unit(tmp_path: Path) -> None:
    """肇庆 2020: "牵头单位及主要负责人" cells "市民政局 伍泽国". The judgement: the name is the
    head of that bureau, not part of its name, and not a government leader of the row; the
    page's own leader column (分管市领导 陈宣群) gives the leaders, so the head's name is kept
    apart (extra cell 主要负责人), nothing lost. A row that names no leader gets the head as its
    leader: the only person the page makes responsible for it. The only page of the corpus
    that prints heads beside units (its rows 2-3 are the pipe reader's business)."""
    want = expected_rows("d02_zhaoqing_2020_unknown")[0]
    row = field_rows("d02_zhaoqing_2020_unknown", tmp_path)[0]
    assert (list(row.lead_units), list(row.lead_leaders)) == (want["lead_units"], want["leaders"])
    assert ("主要负责人", "伍泽国") in row.extra
    alone = normalize_row(
        SourceRow(source_line=1, content="建学校。", lead_units=["区财政局 伍泽国"]), PHRASES
    )
    assert (alone.lead_units, alone.lead_leaders, alone.extra) == (("区财政局",), ("伍泽国",), ())
    # Glued to the unit, a name cannot be told from the end of a longer unit's own name: kept.
    glued = normalize_row(
        SourceRow(source_line=1, content="建学校。", lead_units=["区财政局金库", "区财政局伍泽国"]), PHRASES
    )
    assert (glued.lead_units, glued.lead_leaders) == (("区财政局金库", "区财政局伍泽国"), ())


# --- a cell of units one per paragraph, then the list of the next cell ---------------------------


def test_unit_paragraphs_then_a_list_paragraph(tmp_path: Path) -> None:
    """余杭 2022 row 5 prints "區發改局" / "(區金融辦)" / "區經信局" / "區科技局、區財政局、區商務局,
    各平臺、鎮街" as paragraphs: two lead units, one with its alias (a unit per paragraph), then
    the supporting cell as one list. The only page of the corpus with that layout."""
    assert_rows_as_expected("a03_yuhang_2022_plan", tmp_path, ("leaders", "lead_units", "supporting_units"))


def test_a_list_of_kinds_closed_by_their_government_is_one_collective(tmp_path: Path) -> None:
    """滁州 2020 (k01): "…管委会等,各县、市、区政府。": the governments of each county, city and
    district, one collective (a one-character kind after a collective is no letter-spaced name's
    piece, and "区政府" closing the list is no district's own government); 杭州 2021 (a10):
    "各区、县(市)政府(管委会)" the same, its kind bracketed."""
    rows = field_rows("k01_chuzhou_2020_plan", tmp_path)[:3]  # the fourth is cut by the excerpt
    assert [row.supporting_units[-1] for row in rows] == ["各县、市、区政府"] * 3
    units = [
        u
        for row in field_rows("a10_hangzhou_2021_plan", tmp_path)
        for u in row.lead_units + row.supporting_units
    ]
    assert "各区、县(市)政府(管委会)" in units


@pytest.mark.parametrize(
    ("stem", "leaders"), [("k01_chuzhou_2020_plan", ("金力",)), ("k02_luan_2021_plan", ("谢忠",))]
)
def test_a_label_lines_full_stop_is_no_part_of_the_name(
    stem: str, leaders: tuple[str, ...], tmp_path: Path
) -> None:
    """滁州 2020, 六安 2021: "牵头负责领导:金力。" — label lines end their sentence."""
    rows = field_rows(stem, tmp_path)
    assert leaders in [row.lead_leaders for row in rows]
    assert not any(name.endswith("。") for row in rows for name in row.lead_leaders)


# --- a space between two whole units ------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "start", "lead"),
    [
        # 吉水 (p05): "县教体局 各相关乡镇政府" in the 责任单位 cell.
        ("p05_jishui_0000_unknown", "推动义务教育", ("县教体局", "各相关乡镇政府")),
        ("p05_jishui_0000_unknown", "推进省级县域", ("县卫健委", "各相关乡镇政府")),
        # 芜湖 (p01): "市发展改革委 市生态环境局" in the 牵头责任单位 cell.
        ("p01_wuhu_2025_plan", "单位GDP能耗", ("市发展改革委", "市生态环境局")),
        ("p01_wuhu_2025_plan", "居民人均可支配收入", ("市人力资源社会保障局", "市农业农村局")),
    ],
)
def test_a_space_between_two_whole_units_separates_them(
    stem: str, start: str, lead: tuple[str, ...], tmp_path: Path
) -> None:
    assert row_starting(field_rows(stem, tmp_path), start).lead_units == lead


def test_a_space_inside_one_name_stays(tmp_path: Path) -> None:
    """新密 (p11, PDF text): "市 财政局", "资源规划 局", "伏羲 山管委 会" are one unit each (the
    halves are no whole units); the spaces are dropped as line-wrap spaces are."""
    rows = field_rows("p11_xinmi_2021_plan", tmp_path)
    assert rows[0].lead_units == ("市财政局",)
    assert rows[1].supporting_units[-1] == "伏羲山管委会"
    assert rows[2].lead_units == ("市住建局", "资源规划局", "大数据局", "发展改革委", "城管局")
    units, _ = clean_units(["区委 宣传部", "县教体局  县卫健委配合"], PHRASES)
    assert units == ["区委宣传部", "县教体局", "县卫健委配合"]


@given(st.lists(st.text(alphabet=_NAME_CHARS + "、，; /无", min_size=1, max_size=30), min_size=1, max_size=4))
def test_units_lose_only_what_says_there_is_none(entries: list[str]) -> None:
    """With "/" and "无" among the characters: what units_of drops beyond separators is only a
    piece that says there is no unit ("/", "无"), never a piece of a name."""
    units = units_of(entries)
    kept = sorted(_BRACKETS.sub("", _SEPARATORS.sub("", "".join(units))))
    given = sorted(_BRACKETS.sub("", _SEPARATORS.sub("", "".join(entries))))
    lost = list((Counter(given) - Counter(kept)).elements())
    assert set(lost) <= set("/无")
    assert all(unit.strip() and unit not in ("/", "无") for unit in units)


@given(st.text(alphabet="王宏李明张三沈昱副区长市常务、，。；; ", max_size=20))
def test_leaders_never_end_with_a_sentences_end(cell: str) -> None:
    assert not any(name.endswith(("。", "；", ";")) for name in split_leaders(cell))
