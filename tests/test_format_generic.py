"""The generic pipe-table reader on real excerpts it was not written for (issue 5, part).

19 (上城区 2019 plan) and 23 (临安区 2022 Q3 民生实事) are beginnings of real pages; each value
below was checked by reading the file at the given line.
"""

from __future__ import annotations

import pytest
from tests.conftest import EXTRA

from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.models import ParsedFile
from govtasks.read.document import read_document
from govtasks.run.per_file import process_file

SHANGCHENG = EXTRA / "19_shangcheng_2019_plan_pipes_https.txt"
LINAN = EXTRA / "23_linan_2022_q3_minsheng_pipes_rowspan.txt"


def parsed(path: object) -> ParsedFile:
    result = process_file(path, EXTRA, default_phrases())  # type: ignore[arg-type]
    assert isinstance(result, ParsedFile), result
    return result


@pytest.mark.parametrize("path", [SHANGCHENG, LINAN], ids=["19", "23"])
def test_unknown_layouts_with_known_headers_are_read_by_the_generic_reader(path: object) -> None:
    found = formats.choose(read_document(path))  # type: ignore[arg-type]
    assert found.format.NAME == "generic"
    assert parsed(path).format == "generic"


def test_19_columns_in_its_own_order_and_extra_columns_kept() -> None:
    """序号 · 任务名称 · 指标要求 · 牵头部门 · 配合部门 · 目标类型 (lines 10-12); the excerpt stops
    inside row 2's supporting units."""
    result = parsed(SHANGCHENG)
    assert (result.facts.district, result.facts.year, result.facts.period) == ("上城区", 2019, "PLAN")
    assert result.facts.title == "2019年《政府工作报告》目标任务分解表"  # attachment 1, named in the letter
    assert (result.facts.publisher, result.facts.published) == ("杭州市上城区人民政府办公室", "2019-02-15")
    first, second = result.rows
    assert (first.source_line, first.seq, first.content) == (11, "1", "地区生产总值")
    assert first.lead_units == ("区发改经信局",)
    assert first.supporting_units[0] == "区财政局" and first.supporting_units[-1] == "各街道办事处"
    assert len(first.supporting_units) == 8
    assert dict(first.extra) == {"指标要求": "增长5.5%(市下达指标)", "目标类型": "A类"}
    assert first.flags == ()
    assert (second.source_line, second.content, second.flags) == (12, "服务业增加值", ("truncated",))
    assert any("ends inside the row at line 12" in w for w in result.warnings)


def test_23_progress_before_units_and_merged_cells() -> None:
    """序号 · 项目内容 · 进展情况 · 责任单位 with continuation lines (" | ||") inheriting 序号 and
    unit from the line above; the info block is a pipe table too."""
    result = parsed(LINAN)
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("临安区", 2022, "Q3")
    assert (facts.index_no, facts.publisher, facts.published) == (
        "000330185/2022-86781",
        "区府办",
        "2022-11-03",
    )
    assert [r.seq for r in result.rows] == ["1", "2", "2", "2", "3", "3", "3", "4", "4", "4", "4"]
    assert [r.source_line for r in result.rows] == list(range(6, 17))
    line8 = result.rows[2]
    assert (line8.content, line8.progress) == (
        "新增婴幼儿照护服务托位500个。",
        "新增婴幼儿照护服务托位600个。",
    )
    assert line8.lead_units == ("卫生健康局",) and "span_filled" in line8.flags
    assert "span_filled" not in result.rows[1].flags
    assert result.rows[-1].flags == ("truncated", "span_filled")


def test_the_dedicated_modules_still_win_on_their_samples() -> None:
    """003 and 004 are pipe tables with known headers too: the generic reader scores 0.6 there,
    the dedicated modules 1.0."""
    from tests.conftest import SAMPLES

    for sample, name in (("003", "yuhang_halfyear"), ("004", "yuhang_plan")):
        found = formats.choose(read_document(SAMPLES[sample]), every_score=True)
        assert name == found.format.NAME and found.scores["generic"] == 0.6


# --- saved pages (tests/fixtures/html, written the way the district CMS renders pages) ---------

HTML = EXTRA.parent / "html"


def test_a_gbk_saved_page_is_read_by_its_header_words() -> None:
    """xiaoshan_gb2312.html: GBK bytes, <meta charset="gb2312">, a navigation table, an info
    table, then 项目名称 · 项目内容 · 责任单位 · 进展情况 with the category spanning two rows."""
    result = process_file(HTML / "xiaoshan_gb2312.html", HTML, default_phrases())
    assert isinstance(result, ParsedFile), result
    assert result.format == "generic"
    assert (result.facts.district, result.facts.year, result.facts.period) == ("萧山区", 2020, "H1")
    assert result.facts.published == "2020-08-13"
    first, second = result.rows
    assert (first.source_line, first.category) == (30, "支持民营企业健康发展")
    assert first.content == "提升政策兑现时效,用好“亲清在线”数字平台。"
    assert first.lead_units == ("区经信局", "区财政局")  # split at <br>
    assert first.progress == "已上线15条政策,其中14条开始兑现。\n累积兑现资金1.25亿元。"  # two <p>
    assert first.flags == ()
    assert (second.category, second.lead_units, second.flags) == (
        "支持民营企业健康发展",
        ("区税务局",),
        ("span_filled",),
    )
    lines = (HTML / "xiaoshan_gb2312.html").read_bytes().decode("gb18030").splitlines()
    assert '<td rowspan="2">支持民营企业健康发展</td>' in lines[first.source_line - 1]


def test_a_traditional_script_page_comes_out_simplified() -> None:
    result = process_file(HTML / "gongshu_traditional.html", HTML, default_phrases())
    assert isinstance(result, ParsedFile), result
    assert (result.script, result.facts.district, result.facts.period) == ("traditional", "拱墅区", "Q3")
    assert result.rows[0].content == "推进运河沿线综合保护与开发。"
    assert result.rows[0].lead_units == ("区建设局",)


def test_a_page_whose_tables_hold_no_task_columns_is_rejected(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    page = folder / "nav-only.html"
    page.write_text(
        "<!DOCTYPE html><html><body><table><tr><td><a href='/'>首页</a></td><td>政务公开</td></tr></table>"
        "<p>2020年工作总结</p></body></html>",
        encoding="utf-8",
    )
    result = process_file(page, folder, default_phrases())
    assert not isinstance(result, ParsedFile)
    assert result.reason.startswith("saved web page (HTML) with 1 table(s), none with task columns")


def test_29_a_plan_without_a_table_read_from_its_label_lines() -> None:
    """29 (蔡甸区 2023 plan): numbered items "(一)…" each followed by "责任单位:…", under the
    section "一、2023年全区经济社会发展的主要预期目标" (lines 27-42). The excerpt stops inside
    the fourth item's unit ("责任单位:区"): nothing follows the list, so it is flagged cut off."""
    result = parsed(EXTRA / "29_caidian_2023_plan_label_lines.txt")
    assert result.format == "generic"
    facts = result.facts
    assert (facts.district, facts.year, facts.period) == ("蔡甸区", 2023, "PLAN")
    assert facts.title == "2023年区《政府工作报告》确定的主要目标任务责任分解方案"
    assert [(r.source_line, r.seq, r.content, r.lead_units) for r in result.rows] == [
        (29, "(一)", "地区生产总值增长7%以上", ("区发展和改革局",)),
        (33, "(二)", "规上工业增加值增长12%以上", ("区科技和经信局",)),
        (37, "(三)", "固定资产投资增长10%以上", ("区发展和改革局",)),
        (41, "(四)", "工业投资增长12%以上", ("区",)),
    ]
    assert {(r.category_no, r.category) for r in result.rows} == {
        ("一、", "2023年全区经济社会发展的主要预期目标")
    }
    assert [r.flags for r in result.rows] == [(), (), (), ("truncated",)]
