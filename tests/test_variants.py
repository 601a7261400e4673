"""Layout variants of issue 5, point 4, that no real excerpt shows: quarterly progress columns and
a group heading naming its leader, in tests/fixtures/variants/ (made up in the way the real pages
print them; each value below was checked by reading the fixture).

Judgements, written down:

* a table with one progress column per period (一季度 … 四季度) reports several periods: the file
  holds one report per period, each with the rows that have progress in that period (so a task's
  timeline reads like a series of quarterly reports); a row with no progress in any period is
  kept once, in the report of the document's own period (its title's: 全年 → FY);
* "(一)王宏副区长牵头" printed as a row of its own gives the rows below it, up to the next
  heading, the leader 王宏, flagged ``span_filled`` (printed once for the group);
* "一、经济发展" printed as a row of its own is the category of the rows below.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from govtasks.clean.normalize import default_phrases
from govtasks.formats import generic
from govtasks.models import ParsedFile
from govtasks.read.document import document_from_bytes
from govtasks.read.page import decode_page
from govtasks.run.per_file import process_file

VARIANTS = Path(__file__).parent / "fixtures" / "variants"
QUARTERLY = VARIANTS / "quarterly_columns.txt"


def test_quarterly_columns_give_one_row_per_period_with_progress() -> None:
    result = process_file(QUARTERLY, VARIANTS, default_phrases())
    assert isinstance(result, ParsedFile)
    facts = result.facts
    assert (facts.district, facts.year, facts.period, facts.title) == (
        "滨江区",
        2021,
        "FY",
        "2021年《政府工作报告》重点任务全年推进情况",
    )
    assert [(r.source_line, r.seq, r.period, r.progress) for r in result.rows] == [
        (6, "1", "Q1", "一季度增长8.1%。"),
        (6, "1", "Q2", "上半年增长7.6%。"),
        (6, "1", "Q3", "前三季度增长7.2%。"),
        (6, "1", "Q4", "全年增长7.0%。"),
        (7, "2", "Q1", "完成选址。"),
        (7, "2", "Q2", "两所开工。"),
        (7, "2", "Q3", "三所开工。"),  # 四季度 left empty: no Q4 row
        (8, "3", None, None),  # no progress in any quarter: kept once, in the report's period
        (11, "4", "Q1", "启动5个。"),
        (11, "4", "Q2", "完成8个。"),
        (11, "4", "Q3", "完成15个。"),
        (11, "4", "Q4", "完成21个。"),
    ]
    by_line = {r.source_line: r for r in result.rows}
    assert (by_line[6].category_no, by_line[6].category) == ("一", "经济发展")
    assert by_line[8].lead_units == ("区建设局", "区交警大队")
    assert (by_line[11].category_no, by_line[11].category) == ("二", "城市建设")
    assert by_line[11].lead_leaders == ("王宏",)  # from "(一)王宏副区长牵头" (line 10)
    assert by_line[6].lead_leaders == ()  # above the heading: no leader


def test_quarterly_file_ingests_as_one_report_per_period(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / QUARTERLY.name).write_bytes(QUARTERLY.read_bytes())
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "5 reports, 4 tasks, 12 progress rows" in run.stderr
    assert "one report per period printed in its columns: Q1, Q2, Q3, Q4, FY" in run.stderr
    reports = pd.read_parquet(out / "reports.parquet")
    assert list(reports["period"]) == ["Q1", "Q2", "Q3", "Q4", "FY"]
    assert list(reports["n_rows"]) == [3, 3, 3, 2, 1]
    assert set(reports["source_file"]) == {QUARTERLY.name}
    assert reports["report_id"].is_unique
    tasks = pd.read_parquet(out / "tasks.parquet").set_index("content")
    gdp = tasks.loc["地区生产总值增长7%左右。"]
    assert (gdp["n_reports"], gdp["first_period"], gdp["last_period"]) == (4, "Q1", "Q4")
    parking = tasks.loc["新增停车位1000个。"]
    assert (parking["n_reports"], parking["first_period"]) == (1, "FY")
    check = subprocess.run(
        [sys.executable, "-m", "govtasks", "validate", str(out)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_leader_heading_spanning_a_saved_page_table() -> None:
    """The heading row of a saved page spans the table (colspan): the copies across the row are
    not content, and the rows below get the leader."""
    page = (
        "<html><head><meta charset='utf-8'><title>2021年重点工作责任分解</title></head><body>"
        "<h1>2021年《政府工作报告》重点工作责任分解</h1><table>"
        "<tr><td>序号</td><td>重点工作</td><td>责任单位</td></tr>"
        "<tr><td colspan='3'>(一)王宏副市长牵头重点工作</td></tr>"
        "<tr><td>1</td><td>建学校。</td><td>市教育局</td></tr>"
        "<tr><td colspan='3'>(二)胡伟副市长牵头重点工作</td></tr>"
        "<tr><td>2</td><td>修道路。</td><td>市建委</td></tr>"
        "</table></body></html>"
    ).encode()
    text, _ = decode_page(page)
    doc = document_from_bytes(text.encode(), Path("page.html"))
    rows = list(generic.parse(doc))
    assert [(r.seq, r.content, r.lead_leaders, r.lead_units) for r in rows] == [
        ("1", "建学校。", ["王宏"], ["市教育局"]),
        ("2", "修道路。", ["胡伟"], ["市建委"]),
    ]


def test_a_header_cell_spanning_two_columns_names_both() -> None:
    """tests/fixtures/html/yuhang_utf8.html heads two columns with one cell, colspan=2,
    "牵头领导 / 牵头单位": the leader and the unit columns are both read (before: units lost to extra)."""
    text, _ = decode_page((Path(__file__).parent / "fixtures" / "html" / "yuhang_utf8.html").read_bytes())
    doc = document_from_bytes(text.encode(), Path("yuhang_utf8.html"))
    rows = list(generic.parse(doc))
    assert [(r.seq, r.lead_leaders, r.lead_units, r.extra) for r in rows] == [
        ("1", ["张三"], ["区数据资源局"], {}),
        ("2", ["李四"], ["区住建局", "区城管局"], {}),
    ]


def test_a_table_of_hostile_colspans_is_rejected_not_expanded(tmp_path: Path) -> None:
    """2,000 rows of 100 cells each spanning 50 columns would expand to 10 million cells."""
    row = "<tr>" + '<td colspan="50">x</td>' * 100 + "</tr>"
    page = "<html><body><table><tr><td>序号</td><td>重点工作</td><td>进展情况</td></tr>" + row * 2000
    source = tmp_path / "wide.html"
    source.write_text(page + "</table></body></html>", encoding="utf-8")
    result = process_file(source, tmp_path, default_phrases())
    assert not isinstance(result, ParsedFile)
    assert result.reason == "a table expands to more than 250,000 cells (rowspan/colspan)"
    assert result.line == 1
