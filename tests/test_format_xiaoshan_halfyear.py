"""Tests for the 萧山区 half-year layout (sample 000), checked against the file line by line.

Line numbers are 1-based lines of data/raw/000_c093e5a82e7cad71.txt. The table header is lines
9-13 (项目名称 / 项目内容 / 进展情况); the body runs from line 15 to line 394; lines 395-397 are
blank and line 398 is page chrome (扫一扫在手机打开当前页).
"""

from __future__ import annotations

import codecs
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA

from govtasks.errors import GovtasksError, NoRows
from govtasks.formats import xiaoshan_halfyear as fmt
from govtasks.models import SourceRow
from govtasks.read.document import Document, document_from_bytes, read_document

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
SAMPLE = RAW / "000_c093e5a82e7cad71.txt"
OTHERS = (
    "001_03dc6f653f7d2afa.txt",
    "002_0c120a087920f187.txt",
    "003_96235b2aa55a9220.txt",
    "004_a3cc683a55f0c1f2.txt",
)
NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"

#: Every category heading, its line, and how many rows it heads (read off the file).
CATEGORIES: list[tuple[int, str, int]] = [
    (15, "支持民营企业健康发展", 5),
    (37, "加快现代服务业发展", 7),
    (68, "全力促进新兴产业发展", 3),
    (82, "全面推进产业平台建设", 5),
    (106, "全力保障亚运项目", 3),
    (120, "持续提升城市管理水平", 4),
    (138, "加快乡村产业振兴", 4),
    (156, "深化农村各项改革", 1),
    (162, "积极创新乡村治理", 4),
    (180, "加快建设美丽乡村", 4),
    (198, "深入开展治水拆违", 5),
    (221, "全面加强污染治理", 2),
    (236, "完善社会治理体系", 1),
    (242, "提升数字治理水平", 6),
    (268, "切实维护公共安全", 4),
    (286, "夯实社会保障基础", 7),
    (322, "高质量建设“美好教育”", 9),
    (360, "高水平打造“健康萧山”", 7),
    (390, "全面加强政府自身建设", 1),
]

#: Rows whose progress cell holds several paragraphs: content line -> progress lines.
JOINED: dict[int, list[int]] = {
    84: [86, 88],
    224: [226, 228, 230],
    296: [298, 300],
    306: [308, 310],
    316: [318, 320],
}


@cache
def sample() -> Document:
    return read_document(SAMPLE)


@cache
def rows() -> tuple[SourceRow, ...]:
    return tuple(fmt.parse(sample()))


def row_at(line: int) -> SourceRow:
    (found,) = [r for r in rows() if r.source_line == line]
    return found


def text(line: int) -> str:
    return sample().line(line).strip()


# --- the row count and the overall structure -------------------------------------------------


def test_row_count() -> None:
    """82 rows: counted by reading lines 15-394, one content per row under 19 headings."""
    assert len(rows()) == 82
    assert sum(n for _, _, n in CATEGORIES) == 82


def test_categories_in_print_order() -> None:
    got = Counter(r.category for r in rows())
    assert [(name, got[name]) for _, name, _ in CATEGORIES] == [(name, n) for _, name, n in CATEGORIES]
    order = list(dict.fromkeys(r.category for r in rows()))
    assert order == [name for _, name, _ in CATEGORIES]
    assert all(r.category_no is None and r.seq is None for r in rows())


def test_every_body_paragraph_used_exactly_once() -> None:
    """Each paragraph of lines 15-394 is a heading, a content or a progress paragraph, once."""
    used: list[int] = [line for line, _, _ in CATEGORIES]
    for row in rows():
        used.append(row.source_line)
        used.extend(JOINED.get(row.source_line, []))
    single = [r.source_line for r in rows() if r.source_line not in JOINED]
    progress_lines = [n for n, _ in sample().paragraphs() if 15 <= n <= 394 and n not in used]
    # what is left is exactly one progress paragraph per single-paragraph row
    assert len(progress_lines) == len(single)
    assert sorted(used + progress_lines) == [n for n, _ in sample().paragraphs() if 15 <= n <= 394]
    for row in rows():
        assert row.progress is not None
        assert row.progress.count("\n") == len(JOINED.get(row.source_line, [0])) - 1


def test_rows_are_in_print_order_and_inside_the_body() -> None:
    lines = [r.source_line for r in rows()]
    assert lines == sorted(lines)
    assert lines[0] == 17 and lines[-1] == 392
    for row in rows():
        assert row.content == text(row.source_line)
        assert row.lead_units == [] and row.lead_leaders == []
        assert row.problems is None and row.next_steps is None


# --- first and last row ----------------------------------------------------------------------


def test_first_row() -> None:
    """Line 15 is the first heading (right after the header, lines 9-13); 17 and 19 its first row."""
    assert rows()[0] == SourceRow(
        source_line=17,
        seq=None,
        category_no=None,
        category="支持民营企业健康发展",
        content="提升政策兑现时效,用好“亲清在线”数字平台,确保应对疫情各项扶持政策落实到位。",
        progress="已上线15条政策,其中14条开始兑现。累积兑现资金1.25亿元,惠及企业1344家及8464人次。",
        flags=[],
    )


def test_last_row_stops_before_page_chrome() -> None:
    """Lines 390-394: a one-row category; lines 395-397 blank, line 398 "扫一扫…" is chrome."""
    last = rows()[-1]
    assert last.source_line == 392
    assert last.category == "全面加强政府自身建设"
    assert last.content == (
        "深化“最多跑一次”改革,加快政府数字化转型步伐。"
        "建强以浙政钉为入口的“互联网+协同办公”平台,深化“一网通办”应用。"
    )
    assert last.progress == (
        "行政服务中心设置网办掌办专区,首批155个高频事项纳入导办服务,不再实行实体窗口受理;"
        "建成并使用278个事项的通用办事系统“好差评”功能。"
    )
    assert last.flags == []
    assert all("扫一扫" not in (r.progress or "") for r in rows())


# --- judgement calls -------------------------------------------------------------------------


def test_double_blank_after_heading_37() -> None:
    """Lines 37-40: "加快现代服务业发展", then TWO blank lines (38, 39), then line 40.

    Judgement: the extra blank line is an empty paragraph inside the heading cell, not a missing
    cell. An empty cell would break the content/progress alternation, and it does not: 40/42,
    44/46, 48/50 … 64/66 pair up exactly (42 "80%的项目完成统计入库" answers 40's "152" projects).
    The same double blank occurs after the heading at 221 and between a content and its progress
    at 204-207, where it cannot be a cell. So lines 40-66 (7 rows) fall under the printed heading
    "加快现代服务业发展", even though 40 (152 projects), 44 (digital retrofits) and 48 (land) read
    as investment/industry tasks and sample 001 numbers the 152 task 9 and its first clear service
    task (总部经济) 21: the original table may have had another heading here, but nothing printed
    says which. Row 40 is flagged "empty_paragraph" so a reader can check.
    """
    row = row_at(40)
    assert row.category == "加快现代服务业发展"
    assert row.content == "扎实推动省市县长“152”重点项目建设。"
    assert row.progress == "80%的项目完成统计入库。"
    assert row.flags == ["empty_paragraph"]
    under = [r.source_line for r in rows() if r.category == "加快现代服务业发展"]
    assert under == [40, 44, 48, 52, 56, 60, 64]


def test_double_blank_between_content_and_progress_204() -> None:
    """Lines 204-207: content 204, TWO blank lines (205, 206), progress 207.

    Judgement: 207 is 204's progress, not a content with an empty progress cell before it: it
    answers 204 point by point (7 beautiful rivers -> 4 rivers checked; 浦阳江 -> 三期 70%), and
    209/211 are plainly the next content/progress pair. The empty paragraph may stand for lost
    progress on 204's other targets (污水零直排区, 500 rural sewage terminals): flagged.
    """
    row = row_at(204)
    assert row.content == text(204)
    assert row.progress == (
        "完成创建4条市级以上美丽河道建设现场存在问题排查工作,完成浦阳江三期治理总工程量的70%。"
    )
    assert row.flags == ["empty_paragraph"]
    assert row_at(209).progress == "累计完成污水管新建2498米,新增并网工业企业52家。"


def test_double_blank_after_heading_221_and_three_progress_paragraphs() -> None:
    """Lines 221-234: heading, TWO blank lines, then 224 content and 226, 228, 230.

    Judgement: 226, 228 and 230 are ONE progress cell of 224 (扬尘 dust and 油烟 cooking fumes):
    226 the dust campaign, 228 construction sites (a dust source; "责令…移交处罚2起…信用惩戒8起"
    are results, not a target), 230 restaurants (the 油烟 part, "共排查…已完成整改"). Neither 228
    nor 230 can be a content: 230 is no answer to 228, and 232/234 are the next pair.
    """
    row = row_at(224)
    assert row.category == "全面加强污染治理"
    assert row.content == "大力实施扬尘污染防控行动,加大油烟污染治理力度,确保全区大气质量明显提升。"
    assert row.progress == "\n".join(text(n) for n in (226, 228, 230))
    assert row.flags == ["empty_paragraph", "progress_joined"]
    assert row_at(232).category == "全面加强污染治理"


def test_two_paragraph_progress_84() -> None:
    """Lines 84-92: 88 "中国(杭州)5G创新谷正式完成签约16家企业。" continues 86.

    Judgement: 88 reports a result ("正式完成签约") on the 5G创新谷 that 84 names; it is not a
    target. Read as a content, its "progress" would be 90, a target (开工建设, 开园运营) followed
    by "有序推进中。" (92): 90/92 are the next row.
    """
    row = row_at(84)
    assert row.progress == text(86) + "\n中国(杭州)5G创新谷正式完成签约16家企业。"
    assert row.flags == ["progress_joined"]
    assert row_at(90).progress == "有序推进中。"


def test_two_paragraph_progress_in_social_security() -> None:
    """Lines 296-320: three rows whose progress cell has two paragraphs.

    296 残疾人保障: 298 subsidies + 300 "已建立12家社区康复站…" (rehabilitation, same task).
    306 老年教育 + 儿童之家: 308 elderly education + 310 "…儿童之家481个…" (the 儿童之家 half).
    316 housing + 公积金: 318 rental housing + 320 "新增建制职工31265人,完成年度目标任务的78.16%。。"
    (31265 of the 4万 target; the doubled "。。" is printed so and kept).
    """
    assert row_at(296).progress == text(298) + "\n" + text(300)
    assert row_at(306).progress == text(308) + "\n" + text(310)
    last_paragraph = "全区新增开户单位10799家,新增建制职工31265人,完成年度目标任务的78.16%。。"
    assert row_at(316).progress == text(318) + "\n" + last_paragraph
    assert [r.source_line for r in rows() if "progress_joined" in r.flags] == sorted(JOINED)


def test_short_targets_with_completion_verbs_are_contents() -> None:
    """Lines 94 and 213 start new rows although they contain 完成 ("complete").

    94 "紫光恒越项目完成建设并投用。" is followed by "完成总工程量的55%。" (96), 213
    "完成临江污水处理厂二期扩建。" by "累计完成形象进度98%。" (215): a target and its progress.
    Likewise 382 (开工建设/启动…) is a content with progress "正在有序推进中。" (384).
    """
    assert row_at(94).progress == "完成总工程量的55%。"
    assert row_at(213).progress == "累计完成形象进度98%。"
    assert row_at(382).progress == "正在有序推进中。"
    assert row_at(90).content == "浙江大学杭州国际科创中心一期工程开工建设,启动区块开园运营。"


def test_progress_worded_as_a_plan_stays_progress() -> None:
    """Line 254 "全区计划新增…1万个…10万个…500个…" reads like a target but sits in the progress
    column of 252 (智慧消防): the alternation 252/254, 256/258 holds, and 256 is plainly a target
    with 258 its progress. Same for 308 "计划在全区各镇街新增…" (progress of 306)."""
    assert row_at(252).progress == text(254)
    assert row_at(256).progress == text(258)
    assert row_at(306).progress is not None and row_at(306).progress.startswith("计划在全区各镇街新增")


def test_headings_that_read_like_tasks() -> None:
    """156 "深化农村各项改革", 236 "完善社会治理体系", 390 "全面加强政府自身建设" start with task
    verbs but are headings: short, no sentence punctuation, each heading exactly one row
    (158, 238, 392). No heading is ever a row, and no row is a heading."""
    for heading_line, content_line in ((156, 158), (236, 238), (390, 392)):
        assert row_at(content_line).category == text(heading_line)
    headings = {name for _, name, _ in CATEGORIES}
    assert not any(r.content in headings for r in rows())
    assert all(fmt.is_heading(name) for name in headings)
    assert not any(fmt.is_heading(r.content) for r in rows())


def test_no_header_or_chrome_rows() -> None:
    contents = {r.content for r in rows()}
    assert not contents & {"项目名称", "项目内容", "进展情况", "分享:", "扫一扫在手机打开当前页"}


# --- facts and detect ------------------------------------------------------------------------


def test_facts() -> None:
    facts = fmt.facts(sample())
    assert facts.district == "萧山区"
    assert facts.year == 2020
    assert facts.period == "H1"
    assert facts.title == "【区级】杭州市萧山区人民政府2020年《政府工作报告》上半年度重点任务执行情况"
    assert facts.publisher == "区政府办"
    assert facts.published == "2020-08-13"
    assert facts.index_no == "H001/2020-27544"
    assert facts.inferred == {}


def test_detect_own_sample() -> None:
    assert fmt.detect(sample()) >= 0.9


@pytest.mark.parametrize("name", OTHERS)
def test_detect_other_samples(name: str) -> None:
    assert fmt.detect(read_document(RAW / name)) <= 0.3


def test_detect_narrative_page_with_same_header() -> None:
    doc = read_document(NARRATIVE)
    assert fmt.detect(doc) <= 0.3
    with pytest.raises(NoRows):
        list(fmt.parse(doc))


def _variants() -> dict[str, bytes]:
    data = SAMPLE.read_bytes()
    utf8 = data.decode("utf-8")
    return {
        "gb18030": utf8.encode("gb18030"),
        "crlf": utf8.replace("\n", "\r\n").encode("utf-8"),
        "nbsp": utf8.replace("项目名称", "项目\u00a0名称").replace("\n\n", "\n\u3000\n").encode("utf-8"),
        "bom": codecs.BOM_UTF8 + data,
    }


@pytest.mark.parametrize("variant", sorted(_variants()))
def test_same_result_for_encoding_and_line_end_variants(variant: str) -> None:
    doc = document_from_bytes(_variants()[variant], Path(f"variant-{variant}.txt"))
    assert fmt.detect(doc) == fmt.detect(sample())
    assert tuple(fmt.parse(doc)) == rows()
    assert fmt.facts(doc) == fmt.facts(sample())


# --- synthetic layouts -----------------------------------------------------------------------


def _doc(text: str) -> Document:
    return document_from_bytes(text.encode("utf-8"), Path("synthetic.txt"))


def test_table_printed_twice_yields_both_printings() -> None:
    table = "项目名称\n\n项目内容\n\n进展情况\n\n加快乡村产业振兴\n\n推进农旅融合发展。\n\n已完成。\n"
    doc = _doc(f"{table}\n扫一扫在手机打开当前页\n\n{table}")
    got = list(fmt.parse(doc))
    assert [(r.source_line, r.content, r.progress) for r in got] == [
        (9, "推进农旅融合发展。", "已完成。"),
        (23, "推进农旅融合发展。", "已完成。"),
    ]


def test_content_with_empty_progress_cell_before_a_heading() -> None:
    doc = _doc(
        "项目名称\n\n项目内容\n\n进展情况\n\n甲类工作\n\n推进一项工作。\n\n乙类工作\n\n加快另一项工作。\n\n已完成。\n"
    )
    got = list(fmt.parse(doc))
    assert [(r.category, r.content, r.progress, r.flags) for r in got] == [
        ("甲类工作", "推进一项工作。", None, ["no_progress"]),
        ("乙类工作", "加快另一项工作。", "已完成。", []),
    ]


def test_numbered_heading_is_split() -> None:
    doc = _doc("项目名称\n\n项目内容\n\n进展情况\n\n(二)加快乡村产业振兴\n\n推进农旅融合发展。\n\n已完成。\n")
    (row,) = fmt.parse(doc)
    assert (row.category_no, row.category) == ("(二)", "加快乡村产业振兴")


# --- robustness ------------------------------------------------------------------------------

_LINES = SAMPLE.read_text(encoding="utf-8").split("\n")
_JUNK = st.sampled_from(
    ["", "   ", "项目名称", "进展情况", "分享:", "扫一扫在手机打开当前页", "(一)", "已", "。", "1"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    keep=st.lists(st.booleans(), min_size=len(_LINES), max_size=len(_LINES)),
    junk=st.lists(st.tuples(st.integers(0, len(_LINES)), _JUNK | st.text(max_size=20)), max_size=15),
    cut=st.integers(1, len(_LINES)),
)
def test_parse_survives_damaged_copies(keep: list[bool], junk: list[tuple[int, str]], cut: int) -> None:
    lines = [line for line, k in zip(_LINES, keep, strict=True) if k][:cut]
    for position, extra in junk:
        lines.insert(min(position, len(lines)), extra)
    try:
        doc = _doc("\n".join(lines))
        fmt.detect(doc)
        fmt.facts(doc)
        got = list(fmt.parse(doc))
    except GovtasksError:
        return
    for row in got:
        assert 1 <= row.source_line <= len(doc.lines)
        assert row.content.strip()
