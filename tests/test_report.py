"""`govtasks report`: the page builder (sections, escaping, determinism, bounded size), the
aggregates it is made from, and its errors. The page in a real browser: test_report_page.py."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import copy_samples
from tests.report_outputs import HOSTILE, PERIODS, made_up_outputs

from govtasks.cli import EXIT_OK, EXIT_USAGE, run
from govtasks.models import PERIOD_ORDER
from govtasks.report import write_report
from govtasks.report.aggregate import MAX_BEHIND, MAX_TIMELINES, shorten, status_mix, tasks_by_district
from govtasks.report.outputs import NotAnOutputFolder, OutputsIncomplete, read_outputs
from govtasks.report.page import build_page

#: The ids of the page's sections, in order.
SECTIONS = ["totals", "tasks", "status", "behind", "timeline", "rejected"]


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five samples ingested (as `make ingest` does)."""
    folder = tmp_path_factory.mktemp("samples")
    raw = copy_samples(folder / "raw")
    assert run(["ingest", str(raw), "--out", str(folder / "out"), "--jobs", "1"]) == EXIT_OK
    return folder / "out"


def body_of(page: str) -> str:
    """The page without plotly.js (the library holds URLs and markup of its own)."""
    return page[page.index("</head>") :]


def test_the_samples_page_has_every_section_and_the_totals(samples_out: Path, tmp_path: Path) -> None:
    page_file = tmp_path / "report.html"
    assert run(["report", str(samples_out), "--html", str(page_file)]) == EXIT_OK
    page = page_file.read_text(encoding="utf-8")
    assert re.findall(r'<section id="([a-z]+)">', page) == SECTIONS
    cards = re.findall(r'<div class="n">([\d,]+)</div><div class="label">([a-z ]+)</div>', page)
    # run.json: 5 files, 5 reports, 406 tasks, 411 progress rows, 0 rejected
    assert cards == [
        ("5", "files"),
        ("5", "reports"),
        ("406", "tasks"),
        ("411", "progress rows"),
        ("0", "rejected files"),
    ]
    chips = re.findall(r'<span class="chip"[^>]*>([a-z ]+: \d+)</span>', page)
    assert chips == ["completed: 10", "in progress: 315", "behind: 1", "not started: 0", "unknown: 85"]
    # The one row read as behind: 001 line 16, whose land "尚未解决" holds a project back.
    assert "001_03dc6f653f7d2afa.txt" in page.split('<section id="behind">')[1].split("</section>")[0]
    assert "No file was rejected." in page
    # The five tasks stated in two reports (tasks.csv, n_reports = 2), all of 萧山区 2020.
    for task in ("tb663e0", "td85cdb", "tf770f8", "t8d8004", "t3df022"):
        assert json_escaped(f"{task} 萧山区 2020 · ") in page
    # Three charts, each a div with a fixed id, drawn by plotly.js embedded once in the head.
    assert re.findall(r'<div id="(chart-[a-z]+)" class="plotly-graph-div"', page) == [
        "chart-tasks",
        "chart-status",
        "chart-timeline",
    ]
    assert page.count("Plotly.newPlot(") == 3


def test_the_page_is_the_same_for_the_same_outputs(samples_out: Path, tmp_path: Path) -> None:
    """Two runs over the same sources (run.json differs: its start time) give the same bytes."""
    again = tmp_path / "out"
    raw = copy_samples(tmp_path / "raw")
    assert run(["ingest", str(raw), "--out", str(again), "--jobs", "1"]) == EXIT_OK
    assert (again / "run.json").read_bytes() != (samples_out / "run.json").read_bytes()
    write_report(samples_out, tmp_path / "a.html")
    write_report(again, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()
    # No plotly uuid, no time: every element id is one the page names.
    ids = set(re.findall(r' id="([^"]+)"', (tmp_path / "a.html").read_text(encoding="utf-8")))
    assert ids == {*SECTIONS, "chart-tasks", "chart-status", "chart-timeline"}


def test_nothing_is_fetched_and_only_the_pages_own_scripts_may_run() -> None:
    page = build_page(made_up_outputs(2))
    body = body_of(page)
    assert not re.search(r"<(link|iframe|object|embed|img)\b|\bsrc=|@import|url\(", body)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["img-src"] == "data:" and directives["font-src"] == "data:"
    # Every script of the page, and nothing else, is allowed by its hash.
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert len(scripts) == 4  # plotly.js and a script per chart
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts
    }
    assert set(directives["script-src"].split()) == hashes
    # The page names fonts that show Chinese, and loads none.
    assert '"Noto Sans CJK SC"' in page and '"Microsoft YaHei"' in page and "@font-face" not in page


def test_text_from_the_outputs_is_escaped() -> None:
    page = build_page(made_up_outputs(2, hostile=True))
    body = body_of(page)
    assert HOSTILE not in page
    assert "<script>console" not in page and "<img" not in body and "<b>" not in body
    assert body.count("<script>") == 3  # the charts' own
    # In tables as text (HTML-escaped) ...
    assert f"<td>{html.escape(HOSTILE)}第1区</td>" in body
    assert f"<td>{html.escape('<script>console.error(')}" in body
    # ... and in chart labels, escaped for plotly.js' own markup: JSON-escaped "<" (plotly's
    # serializer) around HTML entities, which plotly.js shows as the characters.
    label = html.escape(HOSTILE, quote=False)
    assert json_escaped(label) in body


def json_escaped(text: str) -> str:
    """``text`` as the page writes it inside a chart's script: JSON (non-ASCII as \\u escapes),
    with "<", ">" and "/" escaped too, as plotly's encoder does.

    >>> json_escaped('</b>区')
    '\\\\u003c\\\\u002fb\\\\u003e\\\\u533a'
    """
    swaps = (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"))
    return functools.reduce(lambda t, swap: t.replace(*swap), swaps, json.dumps(text)[1:-1])


def test_the_page_stays_small_however_large_the_corpus() -> None:
    small = build_page(made_up_outputs(3))
    outputs = made_up_outputs(600, years=3, tasks=12, rejected=3000)
    large = build_page(outputs)
    assert len(outputs.progress) == 600 * 3 * 5 * 12
    assert len(large.encode()) - len(small.encode()) < 400_000
    body = body_of(large)
    # Behind: tasks 1, 3, 6, 8 and 11 of each district and year are behind in two periods.
    behind = 600 * 3 * 5 * 2
    assert f"The first {MAX_BEHIND} of {behind:,} rows reported behind are shown" in body
    assert (
        f"The first {MAX_TIMELINES} of {600 * 3 * 12:,} tasks stated in two reports or more are shown" in body
    )
    assert "other 570 districts" in body
    # 80 bars at most: 5 districts of 3 years and 5 periods; 595 districts left out.
    assert "595 more districts (107,100 rows) are not drawn." in body
    assert "The first 200 of 3,000 rejected files are shown" in body
    assert body.count("<tr>") == 1 + MAX_BEHIND + 1 + 200


def test_the_status_mix_follows_the_year_not_the_alphabet() -> None:
    outputs = made_up_outputs(1, years=2)
    mix = status_mix(reversed(outputs.progress), reversed(outputs.reports))
    assert mix.groups == [("第1区", year, period) for year in (2020, 2021) for period in PERIODS]
    # Task 2 (of 5) is behind in H1 and Q3; task 4 in H1 and FY.
    assert [mix.counts[g]["behind"] for g in mix.groups[:5]] == [0, 0, 2, 1, 1]


@st.composite
def progress_rows(draw: st.DrawFn) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Reports of a few districts and periods, and progress rows of any status in them."""
    reports = draw(
        st.lists(
            st.tuples(
                st.sampled_from("甲乙丙丁戊"), st.integers(2019, 2021), st.sampled_from(list(PERIOD_ORDER))
            ),
            min_size=1,
            max_size=30,
            unique=True,
        )
    )
    report_rows = [
        {"report_id": f"r{i}", "district": d, "year": y, "period": p} for i, (d, y, p) in enumerate(reports)
    ]
    statuses = st.sampled_from(["completed", "in_progress", "behind", "not_started", "unknown"])
    rows = draw(st.lists(st.tuples(st.integers(0, len(reports) - 1), statuses), max_size=200))
    return report_rows, [{"report_id": f"r{i}", "status": s} for i, s in rows]


@given(progress_rows(), st.integers(1, 20))
def test_the_status_mix_counts_every_row_once(
    found: tuple[list[dict[str, object]], list[dict[str, object]]], limit: int
) -> None:
    reports, rows = found
    mix = status_mix(rows, reports, limit=limit)
    drawn = sum(sum(counts.values()) for counts in mix.counts.values())
    assert drawn + mix.left_out_rows == len(rows)
    districts = [g[0] for g in mix.groups]
    assert len(mix.groups) <= limit or len(set(districts)) == 1
    keys = [(g[0], g[1], PERIOD_ORDER[g[2]]) for g in mix.groups]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


@given(st.lists(st.tuples(st.sampled_from("甲乙丙丁戊己庚"), st.integers(2019, 2023))), st.integers(1, 10))
def test_the_tasks_chart_counts_every_task_once(tasks: list[tuple[str, int]], limit: int) -> None:
    found = tasks_by_district([{"district": d, "year": y} for d, y in tasks], limit=limit)
    assert sum(found.counts.values()) + sum(found.others.values()) == len(tasks)
    assert len(found.districts) <= limit
    assert len(found.districts) + found.other_districts == len({d for d, _ in tasks})


@given(st.text(), st.integers(1, 50))
def test_a_shortened_text_is_one_line_and_within_its_width(text: str, width: int) -> None:
    short = shorten(text, width)
    assert len(short) <= width and "\n" not in short
    assert short == " ".join(text.split()) or short.endswith("…")


# --- errors --------------------------------------------------------------------------------------


def report_error(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = run(["report", *args])
    return status, capsys.readouterr().err


def test_a_folder_without_outputs_is_an_error_with_its_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = str(tmp_path / "r.html")
    status, err = report_error(capsys, str(tmp_path / "nowhere"), "--html", page)
    assert status == EXIT_USAGE
    assert f"Error: {tmp_path / 'nowhere'} is not a folder" in err and "Hint: Pass the folder" in err
    status, err = report_error(capsys, str(tmp_path), "--html", page)
    assert status == EXIT_USAGE
    assert (
        "holds no govtasks outputs" in err and f"Hint: Run `govtasks ingest RAW_DIR --out {tmp_path}`" in err
    )
    assert "Traceback" not in err and not (tmp_path / "r.html").exists()
    with pytest.raises(NotAnOutputFolder):
        read_outputs(tmp_path)


def test_missing_or_broken_tables_are_an_error_naming_them(
    samples_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    shutil.copytree(samples_out, out)
    (out / "progress.parquet").unlink()
    (out / "run.json").unlink()
    status, err = report_error(capsys, str(out), "--html", str(tmp_path / "r.html"))
    assert status == EXIT_USAGE
    assert f"Error: {out} lacks progress.parquet, run.json" in err
    assert "Hint: Run `govtasks ingest --full`" in err and "Traceback" not in err
    shutil.copy(samples_out / "run.json", out / "run.json")
    (out / "progress.parquet").write_bytes(b"PAR1 cut short")
    with pytest.raises(OutputsIncomplete, match=r"progress.parquet cannot be read as Parquet"):
        read_outputs(out)
    shutil.copy(samples_out / "tasks.parquet", out / "progress.parquet")  # another table's schema
    with pytest.raises(
        OutputsIncomplete, match=r"progress.parquet has no column report_id, row, source_line"
    ):
        read_outputs(out)


def test_outputs_that_do_not_hold_together_are_an_error(samples_out: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    shutil.copytree(samples_out, out)
    reports = pq.read_table(out / "reports.parquet")
    pq.write_table(reports.slice(1), out / "reports.parquet")  # the first report's rows orphaned
    first = reports.column("report_id")[0].as_py()
    orphans = sum(1 for p in pq.read_table(out / "progress.parquet").to_pylist() if p["report_id"] == first)
    with pytest.raises(
        OutputsIncomplete, match=rf"{orphans} progress row\(s\) name a report or task missing"
    ) as err:
        read_outputs(out)
    assert err.value.hint.startswith(f"Run `govtasks validate {out}`")


def test_the_page_must_be_named(
    samples_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = report_error(capsys, str(samples_out))
    assert status == EXIT_USAGE and "Error: no page named" in err and "--html report.html" in err
    status, err = report_error(capsys, str(samples_out), "--html", str(tmp_path))
    assert status == EXIT_USAGE and f"Error: {tmp_path} is a folder" in err


def test_rejected_files_are_shown_as_named(samples_out: Path, tmp_path: Path) -> None:
    """rejected.csv's cells are spreadsheet-safe ("'" before a formula-like text): the page shows
    the name itself, escaped."""
    out = tmp_path / "out"
    shutil.copytree(samples_out, out)
    (out / "rejected.csv").write_text(
        "\ufefffile,sha256,code,line,reason,hint\n'=cmd<x>.txt,,empty-file,,'-empty,Download it again.\n",
        encoding="utf-8",
    )
    page = build_page(read_outputs(out))
    assert "<tr><td>=cmd&lt;x&gt;.txt</td><td>empty-file</td><td>-empty</td></tr>" in page
    assert "By code: empty-file: 1." in page
