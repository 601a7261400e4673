"""Tests of the 余杭区 half-year layout (sample 003) on the real file and on small variants.

Values asserted here were checked by reading data/raw/003_96235b2aa55a9220.txt line by line:
line 1 is the header, lines 2-104 are one table row each (seq · content · units · progress,
then empty padding cells), line 105 is the page note "聲明:本文有刪減" (this text was abridged).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA

from govtasks.errors import GovtasksError
from govtasks.formats import yuhang_halfyear as fmt
from govtasks.models import SourceRow
from govtasks.read.document import Document, document_from_bytes, read_document

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
SAMPLE = RAW / "003_96235b2aa55a9220.txt"
OTHERS = (
    "000_c093e5a82e7cad71.txt",
    "001_03dc6f653f7d2afa.txt",
    "002_0c120a087920f187.txt",
    "004_a3cc683a55f0c1f2.txt",
)
NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"


@cache
def sample() -> Document:
    return read_document(SAMPLE)


@cache
def rows() -> tuple[SourceRow, ...]:
    return tuple(fmt.parse(sample()))


def row_at(line: int) -> SourceRow:
    (found,) = (r for r in rows() if r.source_line == line)
    return found


def doc_of(text: str) -> Document:
    return document_from_bytes(text.encode("utf-8"), Path("synthetic.txt"))


HEADER = "序號(hào) | 重點(diǎn)工作 | 牽頭單位 | 半年度工作完成情況 | ||"

# --- the real file ----------------------------------------------------------------------------


def test_row_count_and_order() -> None:
    """103 rows: one per line 2-104; the header (line 1) and the closing note (line 105) are not rows."""
    assert len(sample().lines) == 105
    assert len(rows()) == 103
    assert [r.source_line for r in rows()] == list(range(2, 105))


def test_seq_values_gaps_and_the_repeated_102() -> None:
    """Printed numbers run 1..100, then 102, 102, 108: 101 and 103-107 are missing (the page says
    it was abridged), and two different tasks both print 102. Both 102 rows come out."""
    seqs = [r.seq for r in rows()]
    assert seqs == [str(n) for n in range(1, 101)] + ["102", "102", "108"]
    printed = {int(s) for s in seqs if s is not None}
    assert sorted(set(range(1, 109)) - printed) == [101, 103, 104, 105, 106, 107]
    first, second = row_at(102), row_at(103)
    assert first.content.startswith("強(qiáng)化“大綜合一體化”行政執(zhí)法改革")
    assert second.content.startswith("深化法治政府建設(shè)")
    assert first.flags == ["seq_duplicate", "seq_gap", "unit_joined"]
    assert second.flags == ["seq_duplicate"]
    assert row_at(104).flags == ["seq_gap"]


def test_flags_only_where_expected() -> None:
    flagged = {r.source_line: r.flags for r in rows() if r.flags}
    assert flagged == {
        26: ["unit_joined"],
        49: ["unit_joined"],
        50: ["unit_joined"],
        51: ["unit_joined"],
        53: ["unit_joined"],
        102: ["seq_duplicate", "seq_gap", "unit_joined"],
        103: ["seq_duplicate"],
        104: ["seq_gap"],
    }


def test_first_row() -> None:
    """Line 2: its progress cell holds four paragraphs (one per laboratory) flattened to "。 "."""
    row = row_at(2)
    assert row.seq == "1"
    assert row.category_no is None and row.category is None
    assert row.content.startswith("建設(shè)城西科創(chuàng)大走廊核心區(qū),推進(jìn)浙大超重力")
    assert row.content.endswith("爭創(chuàng)綜合性國家科學(xué)中心核心區(qū)。")
    assert row.lead_units == ["區(qū)科技局"]
    assert row.lead_leaders == []
    assert row.progress is not None
    paragraphs = row.progress.split("\n")
    assert [p[:2] for p in paragraphs] == ["之江", "良渚", "湖畔", "超重"]
    assert paragraphs[0].endswith("并牽頭成立項(xiàng)目推進(jìn)專班。")
    assert paragraphs[3].endswith("補(bǔ)充協(xié)議及章程推進(jìn)中。")
    assert row.problems is None and row.next_steps is None


def test_last_row_has_no_padding_cells_and_the_note_is_not_a_row() -> None:
    """Line 104 ends with "… 71%。 |" instead of "| ||"; line 105 "聲明:本文有刪減" is a page note."""
    row = rows()[-1]
    assert row.source_line == 104
    assert row.seq == "108"
    assert row.content == (
        "堅(jiān)持政府過緊日子、群眾過好日子,確保一般性項(xiàng)目支出只減不增,"
        "努力把寶貴的財(cái)政資金用在刀刃上。"
    )
    assert row.lead_units == ["區(qū)財(cái)政局"]
    assert row.progress is not None
    assert row.progress.startswith("從緊控制一般性支出")
    assert row.progress.endswith("全區(qū)上半年民生保障占財(cái)政資金71%。")
    assert all("聲明" not in r.content for r in rows())


def test_short_row_verbatim() -> None:
    row = row_at(17)
    assert row.seq == "16"
    assert row.content == (
        "全面優(yōu)化外商投資服務(wù),擴(kuò)大高技術(shù)領(lǐng)域利用外資規(guī)模,"
        "實(shí)際利用外資10億美元以上。"
    )
    assert row.lead_units == ["區(qū)商務(wù)局"]
    assert row.progress == "上半年預(yù)計(jì)完成實(shí)際利用外資6.18億美元。"
    assert row.flags == []


def test_multi_paragraph_progress_cells() -> None:
    """Only lines 2, 14, 34 and 45 have "。 " inside a cell; the space before "1864家" (line 14)
    follows a character, not a sentence end, so it stays."""
    breaks = {r.source_line: (r.progress or "").count("\n") for r in rows() if "\n" in (r.progress or "")}
    assert breaks == {2: 3, 14: 1, 34: 1, 45: 1}
    progress = row_at(14).progress or ""
    assert progress.split("\n")[1].startswith("推動(dòng)企業(yè)融資成本穩(wěn)中有降。")
    assert "累計(jì)為 1864家企業(yè)" in progress
    assert all("\n" not in r.content for r in rows())


def test_garbled_spans_are_left_as_printed() -> None:
    """GBK text read one byte off stays for the repair stage; "?" inside it breaks no cell."""
    assert "加大鏈?zhǔn)秸幸Χ龋嘤龎汛笾辈ル娚痰认M(fèi)新業(yè)態(tài)新模式。" in row_at(22).content
    assert "舉辦合杭?jí)粝胄℃?zhèn)開園活動(dòng)" in row_at(38).content
    assert "合杭?jí)粝胄℃?zhèn)招商入駐率達(dá)84%" in (row_at(38).progress or "")
    assert "詳規(guī)單元?jiǎng)澐址桨敢焉蠄?bào)市局" in (row_at(42).progress or "")
    assert "區(qū)“無違建”創(chuàng)建辦" in row_at(52).lead_units


def test_every_cell_text_is_verbatim_from_its_line() -> None:
    """Cells are the line's own text: nothing converted, pinyin and garble kept."""
    for row in rows():
        line = sample().line(row.source_line)
        assert row.content in line
        for paragraph in (row.progress or "").split("\n"):
            assert paragraph in line
        for unit in row.lead_units:
            assert unit in line


def test_every_line_has_the_same_cell_structure() -> None:
    """Lines 2-103: seq, content, units, progress, then " ", "", ""; line 104 lacks the padding."""
    for number in range(2, 104):
        cells = fmt.split_cells(sample().line(number))
        assert len(cells) == 7, number
        assert all(cells[:4]) and cells[4:] == ["", "", ""], number
    assert fmt.split_cells(sample().line(104))[4:] == [""]


#: Every distinct unit cell of the file and its split, checked by eye. Spaces separate units;
#: "市規劃和自然資源局 余杭分局" and "區綜合行政 執法局" are ONE unit each, wrapped in the printed
#: cell (rows 38-41 and 91 print the first without the space): joined, space kept for normalize.
#: "(區金融辦)", "(金融辦)", "(區國資辦)" are their own entries (normalize joins them to the unit
#: before); "區委組織部(人才辦)" has its parentheses glued and is one unit.
UNIT_CELLS = [
    ("區(qū)科技局", ["區(qū)科技局"]),
    (
        "區(qū)發(fā)改局 (區(qū)金融辦) 區(qū)經(jīng)信局",
        ["區(qū)發(fā)改局", "(區(qū)金融辦)", "區(qū)經(jīng)信局"],
    ),
    ("區(qū)委組織部(人才辦) 區(qū)人力社保局", ["區(qū)委組織部(人才辦)", "區(qū)人力社保局"]),
    ("區(qū)市場監(jiān)管局", ["區(qū)市場監(jiān)管局"]),
    ("區(qū)經(jīng)信局", ["區(qū)經(jīng)信局"]),
    ("區(qū)財(cái)政局 (區(qū)國資辦)", ["區(qū)財(cái)政局", "(區(qū)國資辦)"]),
    ("區(qū)委組織部(人才辦) 區(qū)商務(wù)局", ["區(qū)委組織部(人才辦)", "區(qū)商務(wù)局"]),
    ("區(qū)財(cái)政局", ["區(qū)財(cái)政局"]),
    ("區(qū)發(fā)改局 (金融辦)", ["區(qū)發(fā)改局", "(金融辦)"]),
    ("區(qū)委組織部(人才辦) 區(qū)財(cái)政局", ["區(qū)委組織部(人才辦)", "區(qū)財(cái)政局"]),
    ("區(qū)商務(wù)局", ["區(qū)商務(wù)局"]),
    ("區(qū)審管辦 區(qū)市場監(jiān)管局", ["區(qū)審管辦", "區(qū)市場監(jiān)管局"]),
    ("區(qū)發(fā)改局", ["區(qū)發(fā)改局"]),
    ("市規(guī)劃和自然資源局 余杭分局", ["市規(guī)劃和自然資源局 余杭分局"]),
    ("區(qū)委組織部(人才辦) 區(qū)經(jīng)信局", ["區(qū)委組織部(人才辦)", "區(qū)經(jīng)信局"]),
    ("未來科技城", ["未來科技城"]),
    ("良渚新城", ["良渚新城"]),
    ("錢江經(jīng)濟(jì)開發(fā)區(qū)", ["錢江經(jīng)濟(jì)開發(fā)區(qū)"]),
    ("市規(guī)劃和自然資源局余杭分局", ["市規(guī)劃和自然資源局余杭分局"]),
    ("區(qū)林水局", ["區(qū)林水局"]),
    ("區(qū)住建局", ["區(qū)住建局"]),
    ("區(qū)發(fā)改局 區(qū)住建局", ["區(qū)發(fā)改局", "區(qū)住建局"]),
    ("區(qū)綜合行政 執(zhí)法局", ["區(qū)綜合行政 執(zhí)法局"]),
    ("區(qū)“無違建”創(chuàng)建辦", ["區(qū)“無違建”創(chuàng)建辦"]),
    ("市生態(tài)環(huán)境局余杭分局", ["市生態(tài)環(huán)境局余杭分局"]),
    (
        "市生態(tài)環(huán)境局余杭分局 區(qū)發(fā)改局",
        ["市生態(tài)環(huán)境局余杭分局", "區(qū)發(fā)改局"],
    ),
    ("區(qū)交通運(yùn)輸局", ["區(qū)交通運(yùn)輸局"]),
    ("區(qū)農(nóng)業(yè)農(nóng)村局", ["區(qū)農(nóng)業(yè)農(nóng)村局"]),
    ("良渚遺址管委會(huì)", ["良渚遺址管委會(huì)"]),
    ("區(qū)文廣旅體局", ["區(qū)文廣旅體局"]),
    ("區(qū)委宣傳部", ["區(qū)委宣傳部"]),
    ("區(qū)委宣傳部 良渚新城", ["區(qū)委宣傳部", "良渚新城"]),
    ("區(qū)科協(xié)", ["區(qū)科協(xié)"]),
    ("區(qū)文廣旅體局 區(qū)住建局", ["區(qū)文廣旅體局", "區(qū)住建局"]),
    ("區(qū)委改革辦 區(qū)數(shù)管局", ["區(qū)委改革辦", "區(qū)數(shù)管局"]),
    ("區(qū)審管辦", ["區(qū)審管辦"]),
    ("區(qū)數(shù)管局", ["區(qū)數(shù)管局"]),
    ("區(qū)衛(wèi)生健康局", ["區(qū)衛(wèi)生健康局"]),
    ("區(qū)應(yīng)急管理局", ["區(qū)應(yīng)急管理局"]),
    ("區(qū)民政局", ["區(qū)民政局"]),
    ("區(qū)人力社保局", ["區(qū)人力社保局"]),
    ("區(qū)司法局", ["區(qū)司法局"]),
]


def test_unit_cells_list_is_complete() -> None:
    cells = {fmt.split_cells(sample().line(n))[2] for n in range(2, 105)}
    assert cells == {cell for cell, _ in UNIT_CELLS}


@pytest.mark.parametrize(("cell", "units"), UNIT_CELLS)
def test_unit_split(cell: str, units: list[str]) -> None:
    assert fmt.split_units(cell)[0] == units


def test_unit_rows_in_place() -> None:
    assert row_at(6).lead_units == ["區(qū)發(fā)改局", "(區(qū)金融辦)", "區(qū)經(jīng)信局"]
    assert row_at(26).lead_units == ["市規(guī)劃和自然資源局 余杭分局"]
    assert row_at(39).lead_units == ["市規(guī)劃和自然資源局余杭分局"]
    assert row_at(78).lead_units == ["區(qū)委宣傳部", "良渚新城"]


def test_facts() -> None:
    """No page header: district from 余杭 in the text, year from the most-mentioned 20xx年 (2022
    ×14 beats 2021 ×5, which appears in comparisons such as 較2021年), period from the
    progress column's header 半年度工作完成情況 (half-year work completion)."""
    facts = fmt.facts(sample())
    assert facts.district == "余杭区"
    assert facts.year == 2022
    assert facts.period == "H1"
    assert facts.title is None and facts.publisher is None
    assert facts.published is None and facts.index_no is None
    assert facts.inferred == {
        "district": "from the text: 余杭 mentioned 61 times; no page header",
        "year": "from the text: 2022年 mentioned 14 times (next: 2021年, 5 times)",
        "period": "from the progress column header '半年度工作完成情況' (line 1)",
    }


# --- detect -----------------------------------------------------------------------------------


def test_detect_own_sample() -> None:
    assert fmt.detect(sample()) >= 0.9


@pytest.mark.parametrize("name", OTHERS)
def test_detect_other_samples(name: str) -> None:
    assert fmt.detect(read_document(RAW / name)) <= 0.3


def test_detect_narrative_page() -> None:
    assert fmt.detect(read_document(NARRATIVE)) <= 0.3


@pytest.mark.parametrize("variant", ["gb18030", "crlf", "nbsp"])
def test_detect_and_parse_survive_re_encoding(variant: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    if variant == "gb18030":
        data = text.encode("gb18030")
    elif variant == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    else:
        data = text.replace(" | ", "\u00a0|\u00a0").encode("utf-8")
    doc = document_from_bytes(data, Path("copy.txt"))
    assert fmt.detect(doc) == fmt.detect(sample())
    assert list(fmt.parse(doc)) == list(rows())


# --- judgement calls on synthetic variants ----------------------------------------------------


def test_pipe_glued_inside_garbled_text_is_not_a_delimiter() -> None:
    """A GBK trail byte 0x7C read one byte off gives a "|" glued to text on both sides."""
    doc = doc_of(f"{HEADER}\n1 | 合杭?jí|粝胄 | 區(qū)科技局 | 完成。 | ||\n")
    (row,) = fmt.parse(doc)
    assert row.content == "合杭?jí|粝胄"
    assert row.progress == "完成。"
    assert row.flags == []


def test_row_split_over_two_lines_continues_the_open_cell() -> None:
    """A row line without its closing pipe continues on the next line(s)."""
    doc = doc_of(
        f"{HEADER}\n1 | 任務。 | 區(qū)科技局 | 第一段。\n第二段。 | ||\n"
        "2 | 任務二。 | 區(qū)財(cái)政局 | 好。 | ||\n"
    )
    first, second = fmt.parse(doc)
    assert first.source_line == 2
    assert first.progress == "第一段。\n第二段。"
    assert first.flags == ["multiline"]
    assert second.seq == "2" and second.flags == []


def test_unnumbered_pipe_line_continues_the_row_above() -> None:
    """No row of 003 lacks its number; should one appear, its cells continue the row above,
    column by column (a blank number cell is skipped), so no text is lost and no row invented."""
    doc = doc_of(
        f"{HEADER}\n1 | 任務。 | 區(qū)科技局 | 進展。 | ||\n | 續。 | 區(qū)財(cái)政局 | 再進展。 | ||\n"
    )
    (row,) = fmt.parse(doc)
    assert row.content == "任務。\n續。"
    assert row.lead_units == ["區(qū)科技局", "區(qū)財(cái)政局"]
    assert row.progress == "進展。\n再進展。"
    assert row.flags == ["multiline"]


def test_extra_and_missing_cells() -> None:
    """A fifth non-empty cell is kept as a further progress paragraph ("extra_cells"); a row
    cut after its unit cell has no progress ("missing_cells"); an empty progress cell is None."""
    doc = doc_of(
        f"{HEADER}\n1 | 甲。 | 區(qū)科技局 | 進展。 | 多出。 |\n"
        "2 | 乙。 | 區(qū)財(cái)政局\n"
        "3 | 丙。 | 區(qū)財(cái)政局 | |\n"
    )
    first, second, third = fmt.parse(doc)
    assert first.progress == "進展。\n多出。" and first.flags == ["extra_cells"]
    assert second.progress is None and second.flags == ["missing_cells"]
    assert third.progress is None and third.flags == []


def test_numbered_row_without_task_text_is_skipped() -> None:
    """A number with an empty content cell is not a task (SourceRow needs content)."""
    doc = doc_of(f"{HEADER}\n1 |  | 區(qū)科技局 | 進展。 | ||\n2 | 乙。 | 區(qū)財(cái)政局 | 好。 | ||\n")
    assert [r.seq for r in fmt.parse(doc)] == ["2"]


def test_header_not_matched_by_the_plan_layout() -> None:
    assert fmt.is_header(HEADER)
    assert not fmt.is_header("序号? | 重 点 工 作 任 务? | 牵头领导? | 牵头单位? |")
    assert not fmt.is_header("序号 | 项目内容 | 进展情况 | 责任单位 |")


# --- property test ----------------------------------------------------------------------------

LINES = SAMPLE.read_text(encoding="utf-8").split("\n")
JUNK = st.sampled_from(["", "|", "||", " | | ", "12 |", "abc | 1", "?", "序號 | x", "分享", "1 | | |"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picks=st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), max_size=25),
    junk=st.lists(st.tuples(st.integers(min_value=0, max_value=25), JUNK), max_size=6),
    cut=st.integers(min_value=0, max_value=400),
)
def test_parse_never_crashes_on_mangled_input(
    picks: list[int], junk: list[tuple[int, str]], cut: int
) -> None:
    """Shuffled, truncated lines with junk inserted: only GovtasksError, rows inside the file."""
    lines = [LINES[i][: cut or None] for i in picks]
    for position, text in junk:
        lines.insert(min(position, len(lines)), text)
    try:
        doc = doc_of("\n".join(lines))
        score = fmt.detect(doc)
        parsed = list(fmt.parse(doc))
        fmt.facts(doc)
    except GovtasksError:
        return
    assert 0.0 <= score <= 1.0
    for row in parsed:
        assert 1 <= row.source_line <= len(doc.lines)
        assert row.content
