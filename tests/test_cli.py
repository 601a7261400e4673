"""End to end: the CLI on a copy of data/raw, outputs read back from Parquet and CSV."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import RAW, SAMPLES

pytestmark = pytest.mark.e2e

TABLE_FILES = [f"{t}.{ext}" for t in ("reports", "tasks", "progress") for ext in ("parquet", "csv")]


def govtasks(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govtasks", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    base = tmp_path_factory.mktemp("e2e")
    shutil.copytree(RAW, base / "raw")
    result = govtasks("ingest", str(base / "raw"), "--out", str(base / "out"))
    return result, base / "out"


def test_ingest_of_the_samples_succeeds_and_writes_six_tables(
    run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, out = run
    assert result.returncode == 0, result.stderr
    for name in TABLE_FILES:
        assert (out / name).is_file(), name
    assert "5 files: 5 ingested, 0 rejected" in result.stderr


def test_summary_names_inferred_facts(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """003 prints no header: its year and district are inferred, and the summary says so."""
    result, _ = run
    assert "year inferred" in result.stderr
    assert "district inferred" in result.stderr


def test_parquet_and_csv_hold_the_same_rows(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = run
    for table in ("reports", "tasks", "progress"):
        parquet = pq.read_table(out / f"{table}.parquet").to_pylist()
        raw = (out / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV must carry a BOM for Excel/WPS"
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert len(rows) == len(parquet)
        for from_csv, from_parquet in zip(rows, parquet, strict=True):
            for key, value in from_parquet.items():
                if isinstance(value, list):
                    expected = "；".join(value)
                elif value is None:
                    expected = ""
                else:
                    expected = str(value)
                assert from_csv[key] == expected, (table, key)


def test_reports_table(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = run
    reports = {r["source_file"]: r for r in pq.read_table(out / "reports.parquet").to_pylist()}
    assert set(reports) == {p.name for p in SAMPLES.values()}
    facts = {
        name: (r["format"], r["district"], r["year"], r["period"], r["script"]) for name, r in reports.items()
    }
    assert facts == {
        SAMPLES["000"].name: ("xiaoshan_halfyear", "萧山区", 2020, "H1", "simplified"),
        SAMPLES["001"].name: ("xiaoshan_grid", "萧山区", 2020, "Q3", "simplified"),
        SAMPLES["002"].name: ("gongshu_quarterly", "拱墅区", 2020, "Q2", "simplified"),
        SAMPLES["003"].name: ("yuhang_halfyear", "余杭区", 2022, "H1", "traditional"),
        SAMPLES["004"].name: ("yuhang_plan", "余杭区", 2018, "PLAN", "simplified"),
    }
    r000 = reports[SAMPLES["000"].name]
    assert (r000["index_no"], r000["publisher"], r000["published"]) == (
        "H001/2020-27544",
        "区政府办",
        date(2020, 8, 13),  # a date in Parquet, YYYY-MM-DD in the CSV
    )
    assert r000["title"] == "【区级】杭州市萧山区人民政府2020年《政府工作报告》上半年度重点任务执行情况"
    assert reports[SAMPLES["004"].name]["published"] == date(2018, 3, 18)
    import hashlib

    for name, r in reports.items():
        assert r["source_sha256"] == hashlib.sha256((RAW / name).read_bytes()).hexdigest()
        assert r["report_id"] == "r" + r["source_sha256"][:12]


def test_every_progress_row_points_to_a_task_and_report(
    run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = run
    progress = pq.read_table(out / "progress.parquet").to_pylist()
    tasks = {t["task_id"]: t for t in pq.read_table(out / "tasks.parquet").to_pylist()}
    reports = {r["report_id"]: r for r in pq.read_table(out / "reports.parquet").to_pylist()}
    assert all(p["task_id"] in tasks and p["report_id"] in reports for p in progress)
    for rid, report in reports.items():
        assert report["n_rows"] == sum(p["report_id"] == rid for p in progress)
    for tid, task in tasks.items():
        assert task["n_reports"] == len({p["report_id"] for p in progress if p["task_id"] == tid})
    assert len({(p["task_id"], p["report_id"]) for p in progress}) == len(progress)


def test_list_columns_are_real_lists_in_parquet(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = run
    schema = pq.read_schema(out / "progress.parquet")
    import pyarrow as pa

    for column in ("lead_units", "lead_leaders", "flags"):
        field_type = schema.field(column).type
        assert pa.types.is_list(field_type) and pa.types.is_string(field_type.value_type)


def test_rerun_gives_identical_bytes(
    run: tuple[subprocess.CompletedProcess[str], Path], tmp_path: Path
) -> None:
    _, out = run
    again = govtasks("ingest", str(RAW), "--out", str(tmp_path))
    assert again.returncode == 0
    for name in TABLE_FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_bad_file_is_rejected_and_the_rest_still_written(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.txt").write_text("这是一份没有表格的说明。\n", encoding="utf-8")
    result = govtasks("ingest", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "Rejected empty.txt: empty file" in result.stderr
    assert "Rejected notes.txt: no task table" in result.stderr
    rejected = (tmp_path / "out" / "rejected.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0] == "file,sha256,code,line,reason,hint"
    assert [line.split(",")[0] for line in rejected[1:]] == ["empty.txt", "notes.txt"]
    assert [line.split(",")[2] for line in rejected[1:]] == ["empty-file", "no-task-table"]
    assert len(pq.read_table(tmp_path / "out" / "reports.parquet")) == 5
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_1(tmp_path: Path) -> None:
    assert govtasks("ingest", str(tmp_path / "missing")).returncode == 1
    assert govtasks("ingest", "--no-such-option").returncode == 1
    assert govtasks("detect", str(tmp_path / "missing.txt")).returncode == 1


def test_detect_prints_format_facts_and_score() -> None:
    result = govtasks("detect", str(SAMPLES["003"]), str(SAMPLES["004"]))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "format=yuhang_halfyear" in lines[0] and "district=余杭区 year=2022 period=H1" in lines[0]
    assert any("year inferred" in line for line in lines)
    assert any("format=yuhang_plan" in line and "year=2018 period=PLAN" in line for line in lines)


def test_help_does_not_import_pandas_or_pyarrow() -> None:
    code = (
        "import sys; from govtasks.cli import app\n"
        "try:\n    app(['--help'], standalone_mode=False)\nexcept SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pandas', 'pyarrow'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_sidecar_overrides_inference_end_to_end(tmp_path: Path) -> None:
    """003 prints no header; a sidecar sets its facts, and the summary no longer says "inferred"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES["003"], raw / "yuhang.txt")
    (raw / "yuhang.txt.meta.toml").write_text(
        'district = "余杭区"\nyear = 2022\nperiod = "H1"\ntitle = "2022年半年度工作完成情况"\n'
        'format = "yuhang_halfyear"\n',
        encoding="utf-8",
    )
    result = govtasks("ingest", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "inferred" not in result.stderr
    (report,) = pq.read_table(tmp_path / "out" / "reports.parquet").to_pylist()
    assert (report["source_file"], report["title"], report["n_rows"]) == (
        "yuhang.txt",
        "2022年半年度工作完成情况",
        103,
    )


def test_a_date_no_calendar_has_leaves_published_empty(tmp_path: Path) -> None:
    """reports.published is a date column: a page printing 2020-02-30 (a typo) has no date, and
    the run goes on (the Arrow date column could not hold the text)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = SAMPLES["000"].read_text(encoding="utf-8").replace("2020-08-13", "2020-02-30")
    (raw / "typo.txt").write_text(text, encoding="utf-8")
    result = govtasks("ingest", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (report,) = pq.read_table(tmp_path / "out" / "reports.parquet").to_pylist()
    assert (report["district"], report["period"], report["published"]) == ("萧山区", "H1", None)
    assert govtasks("validate", str(tmp_path / "out")).returncode == 0
