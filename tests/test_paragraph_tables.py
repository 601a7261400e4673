"""Tables copied one cell per paragraph (issue 5, point 3): the real excerpts 01, 08, 12, 14 and
22, read by the generic reader through :mod:`govtasks.tables.paragraph`.

Every value below was checked by reading the excerpt at the given line. Judgements, written
down where they are made:

* a row that runs to the end of the excerpt is cut off and flagged ``truncated`` (the excerpts
  are the first ~2,000 characters of each page);
* a "*" before a unit marks a lead unit: marked units lead, unmarked units of the same row
  support (none in 22: every marked row marks all of its units);
* "(一)王宏副市长牵头重点工作" above a group names the group's leader (王宏), and "一、…" above a
  table names the category of its rows; a value printed as "省牵头单位:…" (the province's lead
  unit) is kept in ``extra``, since the report is the city's;
* the 序号 "1*" of 12 is kept as printed: the star marks the tasks 杭州 leads ("2项牵头工作").
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import EXTRA, SAMPLES

from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.models import ParsedFile
from govtasks.read.document import read_document
from govtasks.run.per_file import process_file
from govtasks.tables.paragraph import fit_row, paragraph_tables

YUHANG = EXTRA / "01_yuhang_2018_plan_gov_paragraphs.txt"
GONGSHU = EXTRA / "08_gongshu_2022_q3_gov_seq5col.txt"
HANGZHOU = EXTRA / "12_hangzhou_city_2021_plan_ddjlg_leader_sections.txt"
SHAOXING = EXTRA / "14_shaoxing_city_2020_q1_progress_before_unit.txt"
XIHU = EXTRA / "22_xihu_2019_minsheng_progress_asterisk_units.txt"


def parsed(path: Path, raw_dir: Path = EXTRA) -> ParsedFile:
    result = process_file(path, raw_dir, default_phrases())
    assert isinstance(result, ParsedFile), result
    return result


@pytest.mark.parametrize(
    "path", [YUHANG, GONGSHU, HANGZHOU, SHAOXING, XIHU], ids=["01", "08", "12", "14", "22"]
)
def test_paragraph_dumps_are_read_by_the_generic_reader(path: Path) -> None:
    found = formats.choose(read_document(path))
    assert (found.format.NAME, found.score) == ("generic", 0.6)


def test_01_yuhang_plan_without_numbers_leaders_one_per_paragraph() -> None:
    """Header 序号 · 重点工作任务 · 牵头领导 · 牵头单位 (lines 18-24), no 序号 printed; each row is
    the task, its leaders one per paragraph ("沈  昱" letter-spaced, line 36), and its unit."""
    result = parsed(YUHANG)
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("余杭区", 2018, "PLAN")
    assert facts.title == "2018年《政府工作报告》工作任务分解表"
    assert (facts.publisher, facts.published) == ("杭州市余杭区人民政府办公室", "2018-03-18")
    assert [(r.source_line, r.seq, r.lead_leaders, r.lead_units, r.flags) for r in result.rows] == [
        (26, None, ("祝振伟", "陈夏林"), ("未来科技城(海创园)",), ()),
        (34, None, ("沈昱", "祝振伟"), ("余杭经济技术开发区(钱江经济开发区)",), ()),
        (42, None, ("祝振伟", "李敏华"), ("临平新城",), ()),
        (50, None, (), (), ("truncated",)),  # the excerpt stops inside the task text
    ]
    assert result.rows[0].content.startswith("未来科技城要围绕打造创新驱动策源地")
    assert result.rows[0].content.endswith("进一步发挥杭州城西科创大走廊核心区作用。")
    assert result.rows[-1].content == "良渚新城要坚持城北副中心、杭州新地标发展定位,加快"
    assert all(r.progress is None and r.category is None for r in result.rows)


def test_01_is_sample_004_word_for_word() -> None:
    """01 is the page of which sample 004 is a text dump: its complete rows are 004's first three."""
    dump = parsed(SAMPLES["004"], SAMPLES["004"].parent).rows
    page = parsed(YUHANG).rows[:3]
    assert [(r.content, r.lead_leaders, r.lead_units) for r in page] == [
        (r.content, r.lead_leaders, r.lead_units) for r in dump[:3]
    ]


def test_08_gongshu_split_header_category_on_first_row_unit_in_two_paragraphs() -> None:
    """序号 · 项目/名称 (one header over lines 12-14) · 主要工作内容 · 牵头单位 · 累计完成情况; the
    category 主要经济指标 printed on row 1 only (line 24); row 5's unit printed as 生态环境 /
    拱墅分局 (lines 60-62)."""
    result = parsed(GONGSHU)
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("拱墅区", 2022, "Q3")
    assert facts.title == "2022年三季度《政府工作报告》主要目标任务完成情况"
    assert (facts.index_no, facts.publisher, facts.published) == (
        "K1493206-6/2022-25614",
        "区府办",
        "2022-10-25",
    )
    assert [(r.source_line, r.seq, r.category, r.lead_units, r.flags) for r in result.rows] == [
        (22, "1", "主要经济指标", ("区发改经信局",), ()),
        (32, "2", "主要经济指标", ("区财政局",), ("span_filled",)),
        (40, "3", "主要经济指标", ("区发改经信局",), ("span_filled",)),
        (48, "4", "主要经济指标", ("区发改经信局",), ("span_filled",)),
        (56, "5", "主要经济指标", ("生态环境拱墅分局",), ("span_filled",)),
        (66, "6", "高标准完成亚运任务", ("区亚保办",), ("truncated",)),
    ]
    first, fifth = result.rows[0], result.rows[4]
    assert (first.content, first.progress) == (
        "地区生产总值增长7%。",
        "1-6月,我区实现地区生产总值952亿元,同比增长1.2%,增速列全市第8位。",
    )
    assert fifth.content == "环境保护完成市下达目标任务。"
    assert fifth.progress is not None and fifth.progress.startswith(
        "1-8月,拱墅区PM2.5平均浓度为32.8微克/立方米"
    )
    assert (
        result.rows[5].content
        == "围绕“办好一个会、提升一座城”的总体目标,强化亚运会、亚残运会“一办十组”服务保障。"
    )


def test_12_hangzhou_leaders_named_in_group_headings_two_tables() -> None:
    """Two tables (headers at lines 17 and 47), each under a "一、"/"二、" heading; groups headed
    "(一)王宏副市长牵头重点工作" (line 23), "(二)胡伟…" (33), "(一)戴建平常务副市长…" (53);
    "省牵头单位:省农业农村厅" (line 31) below row 1."""
    result = parsed(HANGZHOU)
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("杭州市", 2021, "PLAN")
    assert facts.title == "2021年省政府工作报告重点工作涉杭任务和市政府工作报告重点工作责任分解"
    assert facts.inferred == {"district": "a city: no district named; 4 mentions of 杭州 in the text"}
    first_table = "省政府工作报告“十四五”时期重点工作涉杭任务责任分解"
    second_table = "省政府工作报告2021年重点工作涉杭任务责任分解"
    assert [
        (r.source_line, r.seq, r.category_no, r.category, r.lead_leaders, r.flags) for r in result.rows
    ] == [
        (25, "1", "一", first_table, ("王宏",), ("span_filled",)),
        (35, "2", "一", first_table, ("胡伟",), ("span_filled",)),
        (55, "1*", "二", second_table, ("戴建平",), ("span_filled",)),
        (61, "2", "二", second_table, ("戴建平",), ("truncated", "span_filled")),
    ]
    one, two, three, _ = result.rows
    assert one.lead_units == ("市农业农村局", "市规划和自然资源局", "市商务局(市粮食和物资储备局)")
    assert dict(one.extra) == {"省牵头单位": "省农业农村厅"}
    assert (two.lead_units, dict(two.extra)) == (("市商务局", "市发改委"), {"省牵头单位": "省商务厅"})
    assert three.content == "大力推进杭州城西科创大走廊建设。"
    assert three.lead_units[0] == "杭州城西科创产业集聚区管委会" and three.lead_units[-1] == "市建委"
    assert len(three.lead_units) == 9 and three.extra == ()


def test_14_shaoxing_progress_before_unit_needs_its_city_from_a_sidecar(tmp_path: Path) -> None:
    """序号 · 内容与要求 · 进展情况 · 责任单位 (lines 9-15). The excerpt never names the city (the
    page is on sx.gov.cn): without a sidecar it is rejected for its district, with the hint and
    what was found instead (a 市政府 title naming no city)."""
    source = tmp_path / SHAOXING.name
    source.write_bytes(SHAOXING.read_bytes())
    rejected = process_file(source, tmp_path, default_phrases())
    assert not isinstance(rejected, ParsedFile)
    assert rejected.reason == (
        "could not tell the district of this report (district: a city's report (市政府), but no city named)"
    )

    (tmp_path / f"{SHAOXING.name}.meta.toml").write_text('district = "绍兴市"\n', encoding="utf-8")
    result = parsed(source, tmp_path)
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("绍兴市", 2020, "Q1")
    assert facts.title == "市政府2020年重点工作(预下达)一季度进展情况表"
    assert facts.published == "2020-05-14"
    assert [(r.source_line, r.seq, r.lead_units, r.flags) for r in result.rows] == [
        (17, "1", ("市发改委",), ()),
        (25, "2", ("市发改委",), ()),
        (33, "3", ("市发改委",), ()),
        (41, "4", ("市发",), ("truncated",)),  # the excerpt stops inside the unit
    ]
    first = result.rows[0]
    assert (
        first.content
        == "坚持“稳开稳走,提质提效”的总体态势,加强季度、月度数据监测,确保地区生产总值增长7%左右。"
    )
    assert first.progress is not None and first.progress.startswith("从1-2月主要经济指标完成情况看")
    assert result.rows[3].progress == "目前已有10家企业提出申办军工资质需求,其中4家企业承制资质已在办理。"


def test_22_xihu_units_one_per_paragraph_star_marks_lead_extra_target_column() -> None:
    """序号 · 工作目标 · 区责任单位 · 涉及西湖区工作指标 · 进展情况 (lines 19-27); row 2's units
    "*区城管局" / "*区农业农村局(区水利局)" (lines 43-45)."""
    result = parsed(XIHU)
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("西湖区", 2019, "FY")
    assert facts.title == "2019年全区民生实事项目进展情况通报(十五)"  # the letter of three attachments
    assert (facts.publisher, facts.published) == ("区政府办公室", "2019-12-31")
    assert facts.inferred["period"] == "from 截止到12月… above the table"
    both = ("区城管局", "区农业农村局(区水利局)")
    assert [(r.source_line, r.seq, r.lead_units, r.supporting_units, r.flags) for r in result.rows] == [
        (29, "1", ("区农业农村局(区水利局)",), (), ()),
        (39, "2", both, (), ()),
        (51, "3", both, (), ()),
        (63, "4", ("区住建局",), (), ()),
        (73, "5", ("区住建局",), (), ()),
        (83, "6", ("区教育局",), (), ("truncated",)),
    ]
    second = result.rows[1]
    assert (second.content, second.progress) == ("清除淤泥3000万立方米", "已完成。")
    assert dict(second.extra) == {
        "涉及西湖区工作指标": "完成河湖库塘清淤13万方。其中区城管局3万方,区农业农村局10万方。"
    }
    assert result.rows[4].progress == "已完成。完成10045个。"


# --- the reader on made-up paragraphs ---------------------------------------------------------


def texts(paragraphs: list[str]) -> list[list[list[str]]]:
    numbered = [(n, t) for n, t in enumerate(paragraphs, start=1)]
    return [[[c.text for c in row] for row in table.grid.rows] for table in paragraph_tables(numbered)]


def test_a_marked_lead_among_unmarked_units() -> None:
    (table,) = texts(
        ["序号", "重点工作", "责任单位", "进展情况", "1", "建学校。", "*区教育局", "区财政局", "已开工。"]
    )
    assert table[1] == ["1", "建学校。", "*区教育局\n区财政局", "已开工。"]


def test_text_after_the_last_row_is_left_out_not_glued() -> None:
    found = paragraph_tables(
        [
            (1, "序号"),
            (2, "重点工作"),
            (3, "牵头单位"),
            (4, "进展情况"),
            (5, "1"),
            (6, "修道路。"),
            (7, "区建委"),
            (8, "已完成。"),
            (9, "附件2"),
        ]
    )
    assert [[c.text for c in row] for row in found[0].grid.rows][1] == ["1", "修道路。", "区建委", "已完成。"]
    assert found[0].left_out == [(9, "附件2")]
    assert not found[0].cut_at_end  # a paragraph follows the row: it is complete


def test_a_narrative_text_has_no_paragraph_table() -> None:
    doc = read_document(EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt")
    assert paragraph_tables(doc.paragraphs()) == []


def test_fit_prefers_units_that_read_as_units() -> None:
    # category omitted (carried from the row above); the unit is split over two paragraphs
    assert fit_row(
        ["category", "content", "lead_units", "progress"], ["任务。", "生态环境", "拱墅分局", "x"]
    ) == (
        [0, 1, 2, 1],
        0,
    )


_WORDS = st.sampled_from(
    ["序号", "重点工作", "牵头单位", "进展情况", "1", "2", "3", "一、总体", "(一)王宏副市长牵头重点工作",
     "区教育局", "*区财政局", "建学校,扩容量。", "已完成。", "省牵头单位:省教育厅", "沈  昱", "附件2",
     "项目", "名称"]
)  # fmt: skip


@given(st.lists(_WORDS, max_size=40))
def test_every_paragraph_after_a_header_lands_somewhere(words: list[str]) -> None:
    """Nothing lost: every paragraph from the first table's header on is in a cell (whole, or
    holding the cell: a heading's leader name, a labelled value) or in a left-out list, and
    every grid is rectangular."""
    paragraphs = [(n, t) for n, t in enumerate(words, start=1)]
    tables = paragraph_tables(paragraphs)
    if not tables:
        return
    cells = [c.text for t in tables for row in t.grid.rows for c in row if c.text]
    left_out = {p for t in tables for p in t.left_out}
    for table in tables:
        assert len({len(row) for row in table.grid.rows}) == 1
    start = tables[0].grid.rows[0][0].line
    for line, text in paragraphs:
        if line < start or (line, text) in left_out:
            continue
        assert any(text in cell or cell in text for cell in cells), (line, text)


def test_every_excerpt_ingests_end_to_end(tmp_path: Path) -> None:
    """The whole samples-extra folder through the CLI: nine excerpts ingested (14 with the
    sidecar naming its city), the narrative page 34 rejected with its reason, and the summary
    naming the files the generic reader read."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for source in sorted(EXTRA.glob("*.txt")):
        (raw / source.name).write_bytes(source.read_bytes())
    (raw / f"{SHAOXING.name}.meta.toml").write_text('district = "绍兴市"\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 2, run.stderr  # one file rejected
    assert "10 files: 9 ingested, 1 rejected; 9 reports, 48 tasks, 48 progress rows" in run.stderr
    # The generic reader's note printed once, under the table, for the 8 files marked [1] (or
    # [1,2]: 14 and 29 also share a note, both cut at line 41).
    assert run.stderr.count("no dedicated format: read by the generic reader") == 1
    assert "[1] 8 files: no dedicated format: read by the generic reader" in run.stderr
    assert sum(bool(re.search(r"  \[1(,\d+)*\]$", line)) for line in run.stderr.splitlines()) == 8
    assert "Rejected 34_xiaoshan_2022_h1_narrative_no_table.txt: no task table" in run.stderr


def test_a_header_with_no_rows_under_it_leaves_a_label_list_readable(tmp_path: Path) -> None:
    """A label list followed by the header of a table the excerpt cuts off before its first row:
    detect, parse and facts all read the label list (the header alone is no table)."""
    lines = ["2023年区《政府工作报告》主要目标任务责任分解方案", "一、主要目标", "(一)地区生产总值增长7%以上",
             "责任单位:区发展和改革局", "(二)规上工业增加值增长12%以上", "责任单位:区科技和经信局",
             "附件2", "序号", "重点工作", "牵头单位"]  # fmt: skip
    source = tmp_path / "caidian.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "caidian.txt.meta.toml").write_text('district = "蔡甸区"\n', encoding="utf-8")
    result = parsed(source, tmp_path)
    assert result.format == "generic"
    assert [(r.source_line, r.seq, r.content, r.lead_units) for r in result.rows] == [
        (3, "(一)", "地区生产总值增长7%以上", ("区发展和改革局",)),
        (5, "(二)", "规上工业增加值增长12%以上", ("区科技和经信局",)),
    ]
