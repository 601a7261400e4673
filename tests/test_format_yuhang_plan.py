"""Tests for the 余杭区 2018 task assignment list layout (sample 004)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA

from govtasks.errors import GovtasksError
from govtasks.formats import yuhang_plan
from govtasks.models import SourceRow
from govtasks.read.document import Document, document_from_bytes, read_document

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SAMPLE = RAW / "004_a3cc683a55f0c1f2.txt"
OTHERS = (
    "000_c093e5a82e7cad71.txt",
    "001_03dc6f653f7d2afa.txt",
    "002_0c120a087920f187.txt",
    "003_96235b2aa55a9220.txt",
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return read_document(SAMPLE)


@pytest.fixture(scope="module")
def rows(doc: Document) -> list[SourceRow]:
    return list(yuhang_plan.parse(doc))


def by_seq(rows: list[SourceRow], seq: str) -> SourceRow:
    (row,) = [r for r in rows if r.seq == seq]
    return row


def synthetic(text: str) -> Document:
    return document_from_bytes(text.encode("utf-8"), Path("synthetic.txt"))


HEAD = "附件?\n2018年《政府工作报告》工作任务分解表?\n序号? | 重 点 工 作 任 务? | 牵头领导? | 牵头单位? |\n"


# --- the whole table ----------------------------------------------------------------------------


def test_row_count_and_numbering(rows: list[SourceRow]) -> None:
    """Lines 9-91 hold rows 1-83, one per line, no gaps or repeats; line 8 is the header."""
    assert len(rows) == 83
    assert [r.seq for r in rows] == [str(n) for n in range(1, 84)]
    assert [r.source_line for r in rows] == list(range(9, 92))


def test_no_row_has_flags_or_missing_columns(rows: list[SourceRow]) -> None:
    """Every row of 004 is complete on its own line with its closing pipe."""
    assert all(r.flags == [] for r in rows)
    assert all(r.lead_leaders and r.lead_units for r in rows)
    assert all(r.category is None and r.category_no is None for r in rows)
    assert all(r.progress is None and r.problems is None and r.next_steps is None for r in rows)


def test_cell_padding_is_gone(rows: list[SourceRow]) -> None:
    """No cell or entry keeps the cell-end "?" padding or a separator."""
    for row in rows:
        assert not row.content.endswith("?") and "?" not in row.content
        for entry in row.lead_leaders + row.lead_units:
            assert entry == entry.strip()
            assert not entry.endswith("?") and not entry.startswith("?")
            assert "? " not in entry


def test_leader_entries(rows: list[SourceRow]) -> None:
    """All leader entries; the only artifact left is the in-name form "X ?Y" (19 entries)."""
    counts = Counter(name for r in rows for name in r.lead_leaders)
    assert counts == Counter(
        {
            "祝振伟": 29, "於卫国": 17, "黄宏瞻": 15, "葛建伟": 13, "许玲娣": 8, "曾 ?宏": 7,
            "王 ?姝": 7, "王艳勤": 6, "王 ?进": 3, "王建平": 3, "陈夏林": 2, "沈 ?昱": 2,
            "李敏华": 2, "姚文华": 1, "陈如根": 1, "张俊杰": 1,
        }
    )  # fmt: skip
    assert sum(counts.values()) == 117


def test_unit_entries(rows: list[SourceRow]) -> None:
    """Unit entries: 155 in all; "(…)" continuation entries stand alone 5 times."""
    units = [u for r in rows for u in r.lead_units]
    assert len(units) == 155
    # lines 23, 36, 41, 77 after 余杭经济技术开发区; line 81 after 区委政法委
    assert [u for u in units if u.startswith("(")] == ["(钱江经济开发区)"] * 4 + ["(区防化办)"]
    assert not any(" " in u for u in units)


# --- tricky rows --------------------------------------------------------------------------------


def test_first_row(rows: list[SourceRow]) -> None:
    row = rows[0]
    assert row.source_line == 9 and row.seq == "1"
    assert row.content.startswith("未来科技城要围绕打造创新驱动策源地")
    assert row.content.endswith("进一步发挥杭州城西科创大走廊核心区作用。")
    assert row.lead_leaders == ["祝振伟", "陈夏林"]
    assert row.lead_units == ["未来科技城(海创园)"]


def test_in_name_artifact_kept(rows: list[SourceRow]) -> None:
    """Line 10: "沈 ?昱? 祝振伟?" is two leaders; the "?" inside 沈昱 stays for normalize.

    The unit "余杭经济技术开发区(钱江经济开发区)" is printed glued here, so it is one entry.
    """
    row = by_seq(rows, "2")
    assert row.source_line == 10
    assert row.lead_leaders == ["沈 ?昱", "祝振伟"]
    assert row.lead_units == ["余杭经济技术开发区(钱江经济开发区)"]
    assert row.content.endswith("力争规模工业增加值增长10%、实际利用外资3亿美元。")


def test_enumerated_unit_stays_one_entry(rows: list[SourceRow]) -> None:
    """Line 12: "良渚新城、良渚街道" is one line of the cell, so one raw entry (not split on 、).

    The cell separates entries by line ("? "); 、 also joins collective entries such as
    "各平台、镇(街道)" (line 44) that must not be split, so splitting is left to normalize.
    """
    row = by_seq(rows, "4")
    assert row.lead_leaders == ["祝振伟", "於卫国"]
    assert row.lead_units == ["良渚新城、良渚街道"]
    assert by_seq(rows, "36").lead_units == ["区住建局(规划分局)", "区征迁办", "各平台、镇(街道)"]
    assert by_seq(rows, "60").lead_units == ["区教育局", "相关平台、镇街"]


def test_continuation_unit_is_its_own_entry(rows: list[SourceRow]) -> None:
    """Line 23: "余杭经济技术开发区? (钱江经济开发区)?" gives two entries; normalize joins them."""
    row = by_seq(rows, "15")
    assert row.source_line == 23
    assert row.lead_leaders == ["祝振伟", "黄宏瞻"]
    assert row.lead_units == [
        "区科技局",
        "区经信局",
        "区委组织部(人才办)",
        "区人力社保局",
        "未来科技城",
        "余杭经济技术开发区",
        "(钱江经济开发区)",
    ]


def test_many_leaders_and_units(rows: list[SourceRow]) -> None:
    """Line 41: four leaders and six unit entries in one row."""
    row = by_seq(rows, "33")
    assert row.source_line == 41
    assert row.lead_leaders == ["沈 ?昱", "李敏华", "於卫国", "陈夏林"]
    assert row.lead_units == [
        "区住建局(规划分局)",
        "未来科技城(海创园)",
        "余杭经济技术开发区",
        "(钱江经济开发区)",
        "临平新城",
        "良渚新城、良渚街道",
    ]


def test_three_leaders_with_artifact_last(rows: list[SourceRow]) -> None:
    row = by_seq(rows, "29")
    assert row.source_line == 37
    assert row.lead_leaders == ["祝振伟", "黄宏瞻", "曾 ?宏"]
    assert row.lead_units == ["区经信局", "区市场监管局", "区公安分局", "区环保局", "区安监局"]


def test_office_continuation(rows: list[SourceRow]) -> None:
    """Line 81: "(区防化办)" follows 区委政法委 and is yielded as its own entry."""
    row = by_seq(rows, "73")
    assert row.source_line == 81
    assert row.lead_leaders == ["王 ?进", "祝振伟", "曾 ?宏"]
    assert row.lead_units == ["区委政法委", "(区防化办)", "区金融办"]


def test_quoted_unit_and_long_unit_list(rows: list[SourceRow]) -> None:
    assert by_seq(rows, "47").lead_units == ["区“五水共治”办", "区林水局"]
    assert by_seq(rows, "58").lead_units == [
        "区文广新闻出版局", "临平新城", "瓶窑镇", "径山镇", "黄湖镇", "鸬鸟镇", "百丈镇",
    ]  # fmt: skip


def test_short_content_rows(rows: list[SourceRow]) -> None:
    row = by_seq(rows, "14")
    assert row.content == "加强政府债务风险管理。"
    assert row.lead_leaders == ["陈如根", "祝振伟"]
    assert row.lead_units == ["区财政局"]
    assert by_seq(rows, "70").content == "实施旅游惠民工程。"


def test_last_row(rows: list[SourceRow]) -> None:
    """Line 91 is the last line of the file and the last row; nothing follows the table."""
    row = rows[-1]
    assert row.source_line == 91 and row.seq == "83"
    assert row.content.startswith("优化考核评价体系")
    assert row.content.endswith("推动新一代信息技术在社会治理、城市管理、公共服务等领域的广泛应用。")
    assert row.lead_leaders == ["祝振伟", "王 ?姝"]
    assert row.lead_units == ["区委宣传部", "区信息中心"]


def test_letter_lines_are_not_rows(doc: Document, rows: list[SourceRow]) -> None:
    """Lines 1-7 (letter, signature, date "2018年3月18日", title) and header line 8 yield nothing."""
    assert doc.line(5).startswith("2018年3月18日")
    assert min(r.source_line for r in rows) == 9


# --- facts --------------------------------------------------------------------------------------


def test_facts(doc: Document) -> None:
    """Title from line 7, the heading right above the table (line 3 is the letter's 附件 reference)."""
    facts = yuhang_plan.facts(doc)
    assert facts.title == "2018年《政府工作报告》工作任务分解表"
    assert facts.publisher == "杭州市余杭区人民政府办公室"
    assert facts.published == "2018-03-18"
    assert facts.period == "PLAN"
    assert facts.year == 2018
    assert facts.district == "余杭区"
    assert facts.index_no is None
    assert facts.inferred == {"district": "from the publisher 杭州市余杭区人民政府办公室"}


def test_title_falls_back_to_attachment_line() -> None:
    doc = synthetic(
        "附件:2019年《政府工作报告》工作任务分解表?\n杭州市余杭区人民政府办公室?\n2019年2月1日?\n"
    )
    facts = yuhang_plan.facts(doc)
    assert facts.title == "2019年《政府工作报告》工作任务分解表"
    assert facts.year == 2019 and facts.published == "2019-02-01"


# --- detect -------------------------------------------------------------------------------------


def test_detect_own_sample(doc: Document) -> None:
    assert yuhang_plan.detect(doc) >= 0.9


@pytest.mark.parametrize("name", OTHERS)
def test_detect_other_samples(name: str) -> None:
    assert yuhang_plan.detect(read_document(RAW / name)) <= 0.3


def test_detect_extra_samples() -> None:
    """The narrative page scores ≤ 0.3; the same plan rendered one cell per paragraph ≤ 0.5."""
    narrative = read_document(EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt")
    assert yuhang_plan.detect(narrative) <= 0.3
    paragraphs = read_document(EXTRA / "01_yuhang_2018_plan_gov_paragraphs.txt")
    assert yuhang_plan.detect(paragraphs) <= 0.5


def _variants() -> dict[str, bytes]:
    text = SAMPLE.read_text(encoding="utf-8")
    return {
        "gb18030": text.encode("gb18030"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "nbsp-spaces": text.replace(" ", "\u00a0").encode("utf-8"),
        "nbsp-for-question-marks": text.replace("?", "\u00a0").encode("utf-8"),
    }


@pytest.mark.parametrize("variant", sorted(_variants()))
def test_copies_score_and_parse_the_same(variant: str, doc: Document, rows: list[SourceRow]) -> None:
    """Re-encoded, CRLF and NBSP copies score the same and give the same rows.

    In the copy whose "?" are real no-break spaces, "沈 ?昱" reads "沈  昱"; only that differs.
    """
    copy = document_from_bytes(_variants()[variant], Path(variant))
    assert yuhang_plan.detect(copy) == yuhang_plan.detect(doc)
    assert yuhang_plan.facts(copy) == yuhang_plan.facts(doc)
    got = list(yuhang_plan.parse(copy))
    if variant == "nbsp-for-question-marks":
        assert by_seq(got, "2").lead_leaders == ["沈  昱", "祝振伟"]
        got = [
            r.model_copy(update={"lead_leaders": [n.replace("  ", " ?") for n in r.lead_leaders]})
            for r in got
        ]
    assert got == rows


# --- layout variations the parser tolerates -------------------------------------------------------


def test_row_split_over_lines() -> None:
    """A row broken inside its task cell continues until its cells are complete."""
    doc = synthetic(
        HEAD + "1? | 第一段。?\n第二段。? | 祝振伟? | 区科技局? |\n2? | 任务。? | 黄宏瞻? | 区财政局? |\n"
    )
    got = list(yuhang_plan.parse(doc))
    assert [(r.seq, r.source_line, r.content, r.flags) for r in got] == [
        ("1", 4, "第一段。\n第二段。", ["multiline"]),
        ("2", 6, "任务。", []),
    ]


def test_last_cell_without_closing_pipe_and_trailing_chrome() -> None:
    """A mid-table row without its closing pipe is complete; lines after a closed row are not rows."""
    doc = synthetic(
        HEAD + "1? | 任务一。? | 祝振伟? | 区科技局?\n2? | 任务二。? | 黄宏瞻? | 区财政局? |\n分享\n"
    )
    got = list(yuhang_plan.parse(doc))
    assert [(r.content, r.lead_units, r.flags) for r in got] == [
        ("任务一。", ["区科技局"], []),
        ("任务二。", ["区财政局"], []),
    ]


def test_cut_off_last_row_is_flagged() -> None:
    doc = synthetic(HEAD + "1? | 任务一。? | 祝振伟? | 区科技局? |\n2? | 任务二被截")
    got = list(yuhang_plan.parse(doc))
    assert got[-1].content == "任务二被截" and got[-1].flags == ["truncated"]
    assert got[-1].lead_leaders == [] and got[-1].lead_units == []


def test_empty_task_cell_is_not_a_row() -> None:
    doc = synthetic(HEAD + "1? | ? | 祝振伟? | 区科技局? |\n2? | 任务二。? | ? | ? |\n")
    got = list(yuhang_plan.parse(doc))
    assert [(r.seq, r.lead_leaders, r.lead_units) for r in got] == [("2", [], [])]


def test_extra_pipe_is_flagged() -> None:
    doc = synthetic(HEAD + "1? | 任务。? | 祝振伟? | 区科技局? | 区财政局? |\n")
    (row,) = yuhang_plan.parse(doc)
    assert row.lead_units == ["区科技局", "区财政局"] and row.flags == ["extra_cells"]


# --- property -----------------------------------------------------------------------------------

_LINES = SAMPLE.read_text(encoding="utf-8").split("\n")


def _check(text: str) -> None:
    try:
        doc = synthetic(text)
        got = list(yuhang_plan.parse(doc))
        yuhang_plan.detect(doc)
        yuhang_plan.facts(doc)
    except GovtasksError:
        return
    for row in got:
        assert 1 <= row.source_line <= len(doc.lines)
        assert row.content


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(min_value=0, max_value=len("\n".join(_LINES))))
def test_truncation_never_breaks(cut: int) -> None:
    _check("\n".join(_LINES)[:cut])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.permutations(_LINES),
    junk=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(_LINES)), st.text(alphabet="1? |分享(区)\n ", max_size=20)
        ),
        max_size=5,
    ),
)
def test_shuffled_lines_with_junk_never_break(lines: list[str], junk: list[tuple[int, str]]) -> None:
    mixed = list(lines)
    for position, text in junk:
        mixed.insert(position, text)
    _check("\n".join(mixed))
