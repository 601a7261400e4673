"""files.csv lists every source file of a run; the summary table of a large run lists only the
files a person has to look at (rejected first, then files with notes), up to SUMMARY_FILES."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from tests.conftest import EXTRA, RAW, read_table

from govtasks.run import summary
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.run.summary import FILE_COLUMNS


def read_files_csv(out: Path, name: str = "files.csv") -> list[dict[str, str]]:
    """files.csv (or another CSV of the run, ``name``) of ``out``, a dict per line."""
    data = (out / name).read_bytes()
    assert data.startswith("\ufeff".encode())  # BOM, like every CSV (Excel/WPS)
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def run(raw: Path, out: Path, width: int = 250) -> str:
    console = Console(file=io.StringIO(), width=width)
    run_ingest(RunSettings(raw, out, jobs=1), console=console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    return text


def test_files_csv_has_one_line_per_source_file(tmp_path: Path) -> None:
    """The extra pages: 8 ingested, 3 rejected (14: no district, and what was found instead;
    34: narrative; README.md)."""
    run(EXTRA, tmp_path / "out")
    lines = read_files_csv(tmp_path / "out")
    assert tuple(lines[0]) == FILE_COLUMNS
    sources = sorted(p.name for p in EXTRA.iterdir() if not p.name.endswith(".meta.toml"))
    assert [line["file"] for line in lines] == sources
    rejected = {line["file"]: line["notes"] for line in lines if line["format"] == "rejected"}
    assert rejected == {
        "14_shaoxing_city_2020_q1_progress_before_unit.txt": (
            "could not tell the district of this report "
            "(district: a city's report (市政府), but no city named)"
        ),
        "34_xiaoshan_2022_h1_narrative_no_table.txt": (
            "no task table: no column headers (序号, 进展情况, 牵头单位 …) and no table rows; "
            "reads as a narrative report"
        ),
        "README.md": "matches no known table layout (best: xiaoshan_halfyear at 0.00)",
    }
    codes = {line["file"]: line["code"] for line in lines}
    assert {name: code for name, code in codes.items() if code} == {
        "14_shaoxing_city_2020_q1_progress_before_unit.txt": "missing-facts",
        "34_xiaoshan_2022_h1_narrative_no_table.txt": "no-task-table",
        "README.md": "unknown-format",
    }
    assert all(codes[line["file"]] == "" for line in lines if line["format"] != "rejected")
    # Every ingested file: its report's facts and rows, and its sha256.
    reports = {r.source_file: r for r in read_table(tmp_path / "out", "reports")}
    for line in lines:
        if line["format"] == "rejected":
            assert (line["district"], line["year"], line["rows"]) == ("", "", "")
            continue
        report = reports[line["file"]]
        assert (line["district"], line["year"], line["period"]) == (
            report.district,
            str(report.year),
            report.period,
        )
        assert int(line["rows"]) == report.n_rows
        assert (line["sha256"], line["format"]) == (report.source_sha256, report.format)
    linan = next(line for line in lines if line["file"].startswith("23_linan"))
    assert linan["format"] == "generic"
    assert linan["notes"].splitlines() == [
        "no dedicated format: read by the generic reader (columns by header words)",
        "district inferred: from the 索引号 000330185/2022-86781: 330185 is the code of 临安市 "
        "(临安区 after 2017), published by 区府办",
        "period inferred: from 截至9月… in the title",
        "the file ends inside the row at line 16 (flagged truncated); the rows before it are complete",
    ]


def test_a_small_run_lists_every_file_in_the_summary(tmp_path: Path) -> None:
    text = run(RAW, tmp_path / "out")
    for path in RAW.glob("*.txt"):
        assert path.name in text
    assert "files shown" not in text
    assert len(read_files_csv(tmp_path / "out")) == 5


def test_a_large_run_shows_rejected_files_first_then_files_with_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "SUMMARY_FILES", 4)
    text = run(EXTRA, tmp_path / "out")
    table = text.split("files shown")[0].splitlines()
    names = sorted(p.name for p in EXTRA.iterdir())
    shown = [name for name in names if any(line.startswith(name) for line in table)]
    # The three rejected files (in file-name order), then the first file with notes.
    assert shown == [
        "01_yuhang_2018_plan_gov_paragraphs.txt",
        "14_shaoxing_city_2020_q1_progress_before_unit.txt",
        "34_xiaoshan_2022_h1_narrative_no_table.txt",
        "README.md",
    ]
    order = [next(i for i, line in enumerate(table) if line.startswith(name)) for name in shown]
    assert order[1] < order[2] < order[3] < order[0]  # 14_shaoxing, 34_xiaoshan, README.md, 01_yuhang
    assert "4 of 11 files shown: rejected files first, then files with notes (11 in all); every file " in text
    assert str(tmp_path / "out" / "files.csv") in text.replace("\n", "")
    assert len(read_files_csv(tmp_path / "out")) == 11


def test_a_large_run_without_notes_prints_no_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary, "SUMMARY_FILES", 1)
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000_c093e5a82e7cad71.txt", "001_03dc6f653f7d2afa.txt"):  # no notes: facts in the header
        shutil.copy(RAW / name, raw / name)
    text = run(raw, tmp_path / "out")
    assert "┃ file" not in text
    assert "No file has notes; every file is listed in" in text
    assert [line["file"] for line in read_files_csv(tmp_path / "out")] == sorted(
        p.name for p in raw.iterdir()
    )


def test_files_csv_is_the_same_after_an_incremental_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(EXTRA, raw)
    run(raw, tmp_path / "out")
    (raw / "README.md").unlink()
    run(raw, tmp_path / "out")
    run(raw, tmp_path / "full-out")  # a fresh folder: every file read
    incremental, full = ((tmp_path / out / "files.csv").read_bytes() for out in ("out", "full-out"))
    assert incremental == full
    assert b"README.md" not in incremental


def test_file_names_a_spreadsheet_would_run_are_neutralised_in_both_file_lists(tmp_path: Path) -> None:
    """A source named like a formula ("=1+1.txt", empty so rejected) is listed in files.csv and
    rejected.csv alike, with the "'" prefix every CSV text cell gets (write.spreadsheet_safe)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("=1+1.txt", "@cmd.txt"):
        (raw / name).write_bytes(b"")
    run(raw, tmp_path / "out")
    files, rejected = (read_files_csv(tmp_path / "out", name) for name in ("files.csv", "rejected.csv"))
    assert (
        [line["file"] for line in files] == [line["file"] for line in rejected] == ["'=1+1.txt", "'@cmd.txt"]
    )
