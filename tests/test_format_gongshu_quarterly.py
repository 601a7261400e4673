"""gongshu_quarterly on sample 002 (拱墅区 2020 Q2), checked against the file line by line."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA

from govtasks.errors import GovtasksError
from govtasks.formats import gongshu_quarterly as fmt
from govtasks.models import SourceRow
from govtasks.read.document import Document, document_from_bytes, read_document

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
FILE = RAW / "002_0c120a087920f187.txt"
OTHERS = (
    "000_c093e5a82e7cad71.txt",
    "001_03dc6f653f7d2afa.txt",
    "003_96235b2aa55a9220.txt",
    "004_a3cc683a55f0c1f2.txt",
)
NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"

#: Lines between the two printings of the table: the second one starts 900 lines after the first.
OFFSET = 900
ROWS_PER_PRINTING = 128


@cache
def doc() -> Document:
    return read_document(FILE)


@cache
def rows() -> tuple[SourceRow, ...]:
    return tuple(fmt.parse(doc()))


def by_line(line: int) -> SourceRow:
    matches = [row for row in rows() if row.source_line == line]
    assert len(matches) == 1, line
    return matches[0]


def synthetic(*paragraphs: str) -> Document:
    """A tiny page in this layout: CMS block, header, then ``paragraphs``, blank-line separated."""
    head = ["信息索引号 K1/2020-1 公开方式 主动公开", "发布机构 区府办", "", *fmt.HEADER]
    text = "\n\n".join([*head, *paragraphs]) + "\n"
    return document_from_bytes(text.encode(), Path("synthetic.txt"))


# --- counts and the two printings ---------------------------------------------------------


def test_row_count() -> None:
    """128 rows per printing (counted as content/units/progress triplets in lines 18-884), x2."""
    assert len(rows()) == 2 * ROWS_PER_PRINTING
    first, second = rows()[:ROWS_PER_PRINTING], rows()[ROWS_PER_PRINTING:]
    assert all(18 < row.source_line < 885 for row in first)
    assert all(918 < row.source_line <= len(doc().lines) for row in second)


def test_printings_identical_apart_from_source_line() -> None:
    """The page body (lines 10-884) is printed again byte for byte at lines 910-1784, so the
    second printing gives the same rows field for field, each 900 lines further down."""
    first, second = rows()[:ROWS_PER_PRINTING], rows()[ROWS_PER_PRINTING:]
    for a, b in zip(first, second, strict=True):
        assert b.source_line == a.source_line + OFFSET
        assert a.model_dump(exclude={"source_line"}) == b.model_dump(exclude={"source_line"})
    raw = FILE.read_bytes().decode("utf-8").split("\n")
    assert raw[9:884] == raw[909:1784]


def test_every_row_is_a_triplet() -> None:
    """Every row is exactly content, units, progress on lines n, n+2, n+4 (no empty cells,
    no multi-paragraph cells in this file)."""
    for row in rows():
        n = row.source_line
        assert doc().line(n).strip() == row.content
        assert doc().line(n + 2).strip() == "、".join(row.lead_units)
        assert doc().line(n + 4).strip() == row.progress
        assert row.seq is None and row.lead_leaders == []
        assert row.problems is None and row.next_steps is None


# --- first and last rows --------------------------------------------------------------------


def test_first_row() -> None:
    """Line 18 "(一)" and line 20 its name are two paragraphs; the first row starts at line 22."""
    assert rows()[0] == SourceRow(
        source_line=22,
        category_no="(一)",
        category="经济社会发展主要预期目标",
        content="地区生产总值增长6.5%以上",
        lead_units=["区发改经信局", "区科技工业区管委会", "各街道"],
        progress="正常进行中。",
    )


def test_last_row_of_first_printing_stops_before_chrome() -> None:
    """After the progress at line 884 come breadcrumbs (规划计划 x2, 政府工作报告重点任务), the
    title and the CMS block (索引号 ... 区府办, lines 887-908): none of it is progress or a row."""
    last = rows()[ROWS_PER_PRINTING - 1]
    assert last.source_line == 880
    assert last.category_no == "(二十二)" and last.category == "维护公共安全稳定"
    assert last.content == "开展数字治理赛,平台共治处置率提升至90%以上"
    assert last.lead_units == [
        "区数据资源局", "区民宗局", "区公安分局", "区教育局", "区住建局", "区城管局",
        "区应急管理局", "区市场监管局", "消防拱墅大队", "各街道",
    ]  # fmt: skip
    assert last.progress is not None
    assert last.progress.startswith("制定数字治理赛方案和考核细则;")
    assert last.progress.endswith("数字治理赛驾驶舱初步完成UI设计")
    assert "\n" not in last.progress
    assert not [row for row in rows() if 884 < row.source_line < 922]


def test_last_row_of_file() -> None:
    """The file ends (no final newline) with the progress cell of the second printing's last row."""
    last = rows()[-1]
    assert last.source_line == 1780
    assert last.progress == doc().line(1784)
    assert last.flags == []


# --- headings -------------------------------------------------------------------------------


def test_categories_in_order() -> None:
    """22 categories (一)...(二十二); repeated headings (page splits) do not start new ones."""
    seen: list[str] = []
    for row in rows()[:ROWS_PER_PRINTING]:
        assert row.category_no is not None and row.category
        if not seen or seen[-1] != row.category_no:
            seen.append(row.category_no)
    assert len(seen) == 22
    assert seen[0] == "(一)" and seen[10] == "(十一)" and seen[-1] == "(二十二)"


def test_repeated_heading_is_same_category() -> None:
    """Line 92 repeats "(二)" / "支持实体企业发展" (the table was split across pages): the row
    at line 96 belongs to (二) like the five rows before it."""
    assert by_line(86).category_no == by_line(96).category_no == "(二)"
    assert by_line(96).category == "支持实体企业发展"
    counts = {no: sum(r.category_no == no for r in rows()[:ROWS_PER_PRINTING]) for no in ("(二)", "(八)")}
    assert counts == {"(二)": 6, "(八)": 8}  # (八) is printed three times (lines 280, 296, 330)


def test_glued_heading() -> None:
    """From (十一) on, number and name share a paragraph: "(十一)提高城市承载能力" (line 426)."""
    row = by_line(428)
    assert (row.category_no, row.category) == ("(十一)", "提高城市承载能力")
    assert by_line(454).category == "提高城市承载能力"  # after the repeat at line 452
    assert by_line(552).category == "推动文化“两区”建设"  # quotes inside a heading name


# --- unit cells -----------------------------------------------------------------------------


def test_unit_with_parenthetical_is_one_entry() -> None:
    """Line 142: 14 units; "区委统战部(区民宗局)" is one unit with its alias, kept whole."""
    units = by_line(140).lead_units
    assert len(units) == 14
    assert units[1] == "区委统战部(区民宗局)"
    assert units[-2:] == ["拱墅区税务局", "规划资源拱墅分局"]


def test_unit_without_usual_ending() -> None:
    """The unit "拱投发" (district investment group) ends in no bureau/office word. Line 462 lists it
    with "拱宸桥指挥部"; line 468 prints it alone, and it is still the unit cell of row 466."""
    assert by_line(460).lead_units == ["拱投发", "拱宸桥指挥部"]
    row = by_line(466)
    assert row.content == "筹建蓝领公寓500套"
    assert row.lead_units == ["拱投发"]
    assert row.progress == "对接原天和办公楼地块,拟作为蓝领公寓项目"


def test_long_unit_names() -> None:
    """Line 856: the second unit is a long collective name containing "及" (and): one entry."""
    assert by_line(854).lead_units == ["区人力社保局", "区防范处置企业拖欠工资工作领导小组成员单位及责任单位"]
    assert by_line(816).lead_units == ["区委政法委", "区深化基层治理专项行动组成员单位"]


def test_content_that_looks_like_units() -> None:
    """Line 312 is a task ("做好中欧创新中心、中德共塑对接中心、...的引进建设") but reads like a
    unit list: two of its three "、" parts end in 中心 (centre). The real unit cell follows at
    line 314, and a unit cell never follows a unit cell, so 312 is the content. Flagged."""
    row = by_line(312)
    assert row.content == "做好中欧创新中心、中德共塑对接中心、上海交大科创中心等高层次科研平台的引进建设"
    assert row.lead_units == ["区委人才办", "区科技局", "区科技工业区管委会", "相关街道"]
    assert row.progress is not None and row.progress.startswith("扎实做好中欧创新中心")
    assert row.flags == ["content_like_units"]
    assert [r.source_line for r in rows() if r.flags] == [312, 312 + OFFSET]


# --- odd lines ------------------------------------------------------------------------------


def test_nbsp_only_line_is_not_a_cell() -> None:
    """Line 766 holds a lone no-break space between the last (十九) row and "(二十)": blank."""
    assert by_line(760).progress == (
        "计划开工的10所有序推进,进度正常;计划投用的9所(含竣工6所),全面进入扫尾阶段,今年秋季开学正常投入使用"
    )
    assert by_line(770).category_no == "(二十)"


def test_inner_spaces_are_kept() -> None:
    """Artifacts stay in: line 372 has "开业; <NBSP> 赴贵州" (three spaces after folding), line 562
    "41%。;", line 872 "测试.,"; trailing NBSPs (lines 100, 858) are cut by the paragraph strip."""
    assert by_line(368).progress is not None and "开业;   赴贵州黄平考察对接" in by_line(368).progress
    assert (
        by_line(558).progress
        == "大运河中央公园幕墙完成72.5%、装修完成62.5%、景观完成41%。;祥符桥文化街区施工图设计中"
    )
    assert "点位的测试.,继续完成软件优化" in (by_line(868).progress or "")
    assert (by_line(854).progress or "").endswith("确保企业工资按时足额支付")
    assert (by_line(96).progress or "").endswith("城西银泰城计划引进6个")


def test_short_identical_progress() -> None:
    """Several rows share the terse progress "正常进行中。" / "正常推进": each is its own row."""
    assert [r.source_line for r in rows()[:ROWS_PER_PRINTING] if r.progress == "正常进行中。"] == [22, 40]
    assert [r.source_line for r in rows()[:ROWS_PER_PRINTING] if r.progress == "正常推进"] == [86, 274, 776]


# --- facts and detection --------------------------------------------------------------------


def test_facts() -> None:
    """信息索引号 is matched by base's 索引号 pattern; the district is inferred (not in the title)."""
    facts = fmt.facts(doc())
    assert facts.title == "2020第二季度政府工作报告重点任务目标执行情况"
    assert facts.index_no == "K1493206-6/2020-11938"
    assert facts.publisher == "区府办"
    assert facts.published == "2020-07-22"
    assert (facts.year, facts.period, facts.district) == (2020, "Q2", "拱墅区")
    assert set(facts.inferred) == {"district"}
    assert "拱墅" in facts.inferred["district"]


def test_detect_samples() -> None:
    assert fmt.detect(doc()) >= 0.9
    for name in OTHERS:
        assert fmt.detect(read_document(RAW / name)) <= 0.3, name


def test_detect_narrative_page() -> None:
    assert fmt.detect(read_document(NARRATIVE)) <= 0.3
    assert list(fmt.parse(read_document(NARRATIVE))) == []


def test_detect_and_parse_survive_encoding_and_line_ends() -> None:
    """A GB18030 copy with CRLF line ends and NBSP-padded lines reads the same."""
    text = FILE.read_bytes().decode("utf-8")
    variant = "\r\n".join(line + "\u00a0" if line else line for line in text.split("\n"))
    copy = document_from_bytes(variant.encode("gb18030"), Path("copy.txt"))
    assert fmt.detect(copy) == fmt.detect(doc())
    assert tuple(fmt.parse(copy)) == rows()


# --- judgement rules on small synthetic pages ----------------------------------------------


def test_empty_progress_cell() -> None:
    """A unit cell followed straight by the next content: the row's progress is None."""
    page = synthetic("(一)", "甲类", "任务一", "区财政局", "任务二", "区民政局", "已完成")
    got = list(fmt.parse(page))
    assert [(r.content, r.lead_units, r.progress) for r in got] == [
        ("任务一", ["区财政局"], None),
        ("任务二", ["区民政局"], "已完成"),
    ]


def test_multi_paragraph_progress() -> None:
    """Paragraphs after a unit cell up to the next content are one progress cell, joined by \\n."""
    page = synthetic(
        "(一)甲类", "任务一", "区财政局", "第一段,进展。", "第二段,进展。", "任务二", "区民政局", "好"
    )
    got = list(fmt.parse(page))
    assert got[0].progress == "第一段,进展。\n第二段,进展。"
    assert got[1].content == "任务二"


def test_empty_unit_cell_after_heading() -> None:
    """Text right after a heading that no unit cell follows is a row without units (flagged)."""
    page = synthetic("(一)甲类", "任务一", "进展,已完成。", "(二)乙类", "任务二", "区民政局", "好")
    got = list(fmt.parse(page))
    assert [(r.category_no, r.content, r.lead_units, r.progress, r.flags) for r in got] == [
        ("(一)", "任务一", [], "进展,已完成。", ["no_units"]),
        ("(二)", "任务二", ["区民政局"], "好", []),
    ]


def test_repeated_heading_without_number() -> None:
    """A category name seen with a number elsewhere, printed alone, is that heading repeated."""
    page = synthetic("(一)", "甲类", "任务一", "区财政局", "好", "甲类", "任务二", "区民政局", "好")
    got = list(fmt.parse(page))
    assert [(r.category_no, r.category, r.progress) for r in got] == [
        ("(一)", "甲类", "好"),
        ("(一)", "甲类", "好"),
    ]


def test_bare_number_without_name() -> None:
    """A bare "(一)" followed by a content and its unit cell: the heading has no name."""
    page = synthetic("(一)", "任务一", "区财政局", "好")
    got = list(fmt.parse(page))
    assert [(r.category_no, r.category, r.content) for r in got] == [("(一)", None, "任务一")]


def test_cut_off_page_flags_last_row() -> None:
    """A file ending after a (partly cut) unit cell: the row comes out flagged "truncated"."""
    page = synthetic("(一)甲类", "任务一", "区财政局", "好", "任务二", "区发改经信局、区科技局、区财政")
    got = list(fmt.parse(page))
    assert got[-1].lead_units == ["区发改经信局", "区科技局", "区财政"]
    assert got[-1].progress is None
    assert got[-1].flags == ["truncated"]


# --- robustness -----------------------------------------------------------------------------

_EXCERPT = tuple(FILE.read_bytes().decode("utf-8").split("\n")[:240])
_JUNK = (
    "分享",
    "(三)",
    "区财政局",
    "项目名称",
    "索引号",
    "",
    "正常推进",
    "(十一)提高城市承载能力",
    "规划计划",
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(("drop", "dup", "junk", "cut")), st.integers(0, 10_000), st.sampled_from(_JUNK)
        ),
        max_size=12,
    )
)
def test_mangled_input_never_breaks_the_parser(edits: list[tuple[str, int, str]]) -> None:
    """Dropped, duplicated, inserted and truncated lines never raise anything but GovtasksError,
    and every row starts inside the file with non-empty content."""
    lines = list(_EXCERPT)
    for op, where, junk in edits:
        if not lines:
            break
        i = where % len(lines)
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "junk":
            lines.insert(i, junk)
        else:
            lines = lines[: i + 1]
    try:
        page = document_from_bytes("\n".join(lines).encode(), Path("mangled.txt"))
        got = list(fmt.parse(page))
        score = fmt.detect(page)
        fmt.facts(page)
    except GovtasksError:
        return
    assert 0.0 <= score <= 1.0
    for row in got:
        assert 1 <= row.source_line <= len(page.lines)
        assert row.content.strip()
