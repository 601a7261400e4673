"""Issue 20, part 3: a table CSV with more rows than Excel and WPS open (1,048,576, the header
included) is written split by year, ``progress/2023.csv`` …; the Parquet files stay whole.

The limit is lowered (``SHEET_ROWS`` = 201: 200 data rows a file) on the samples and twelve
real pages of other districts and years: reports (13 rows) stay whole, tasks, progress and
figures are split, 2020 (two districts) and 2022 (three) in parts, and three figures files
still hold more than 200 rows (one district's year alone has more).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from tests.conftest import DETERMINISTIC, EXTRA, SAMPLES, copy_samples, ingest_in_two_steps, quiet_console

from govtasks.errors import UnsafeOutput
from govtasks.run import pools
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.validate import validate
from govtasks.write import tables as write
from govtasks.write.publish import MARKER
from govtasks.write.tables import SCHEMAS, csv_document, split_plan

LOWERED = 201  # rows a "sheet" holds in these tests: 200 data rows and the header

#: Each split file and its data rows, as the lowered limit gives them (read off the files).
EXPECTED = {
    "tasks": {"2018": 84, "2019": 8, "2020-1": 128, "2020-2": 92, "2021": 4, "2022": 120, "2023": 4},
    "progress": {"2018": 87, "2019": 8, "2020-1": 135, "2020-2": 97, "2021": 4, "2022": 120, "2023": 4},
    "figures": {
        "2018": 52,
        "2019": 14,
        "2020-1": 328,  # 拱墅区 2020 alone
        "2020-2": 259,  # 萧山区 2020 alone
        "2021": 5,
        "2022-1": 29,
        "2022-2": 501,  # 余杭区 2022 alone
        "2022-3": 15,
        "2023": 4,
    },
}


def _raw(folder: Path) -> Path:
    """The samples and real pages of other districts and years (ten blocks, 2018 to 2023)."""
    raw = copy_samples(folder)
    for extra in sorted(EXTRA.iterdir())[:12]:
        (raw / extra.name).write_bytes(extra.read_bytes())
    (raw / "copy-of-000.txt").write_bytes(SAMPLES["000"].read_bytes())
    return raw


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``whole``: a run under the real limit; ``split``: the same sources, the limit lowered."""
    root = tmp_path_factory.mktemp("split")
    raw = _raw(root / "raw")
    run_ingest(RunSettings(raw, root / "whole", jobs=1), console=quiet_console())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(write, "SHEET_ROWS", LOWERED)
        run_ingest(RunSettings(raw, root / "split", jobs=1), console=quiet_console())
    return root


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _year_of(root: Path, name: str) -> list[int]:
    """The year of each row of table ``name`` (its own, or its report's), in table order."""
    reports = pq.read_table(root / "whole" / "reports.parquet").to_pylist()
    years = {row["report_id"]: row["year"] for row in reports}
    rows = pq.read_table(root / "whole" / f"{name}.parquet").to_pylist()
    return [row["year"] if "year" in row else years[row["report_id"]] for row in rows]


def test_the_split_files_hold_the_whole_files_rows_year_by_year(runs: Path) -> None:
    split = runs / "split"
    for name, files in EXPECTED.items():
        assert not (split / f"{name}.csv").exists()
        assert sorted(p.name for p in (split / name).iterdir()) == sorted(
            [MARKER, *(f"{f}.csv" for f in files)]
        )
        whole = _rows((runs / "whole" / f"{name}.csv").read_bytes())
        header, body = whole[0], whole[1:]
        years = _year_of(runs, name)
        assert len(body) == len(years)
        for year in sorted(set(years)):
            parts = [stem for stem in files if stem.split("-")[0] == str(year)]
            got: list[list[str]] = []
            for stem in parts:
                data = (split / name / f"{stem}.csv").read_bytes()
                assert data.startswith(csv_document(SCHEMAS[name].names))  # BOM, header, CRLF
                rows = _rows(data)
                assert rows[0] == header and len(rows) - 1 == files[stem]
                got += rows[1:]
            assert got == [row for row, of in zip(body, years, strict=True) if of == year], (name, year)
    # The Parquet files and the table under the limit are the bytes of the run under the real limit.
    for name in ("reports.parquet", "tasks.parquet", "progress.parquet", "figures.parquet", "reports.csv"):
        assert (split / name).read_bytes() == (runs / "whole" / name).read_bytes(), name
    assert not (split / "reports").exists() and not (runs / "whole" / "progress").exists()


def test_run_json_and_the_manifest_list_the_split_files(runs: Path) -> None:
    facts = json.loads((runs / "split" / "run.json").read_text())
    assert facts["csv_split"]["progress"] == {
        "rows": 455,
        "sheet_rows": LOWERED,
        "files": [f"progress/{stem}.csv" for stem in EXPECTED["progress"]],
        "files_still_over": [],
    }
    assert facts["csv_split"]["figures"]["files_still_over"] == [
        "figures/2020-1.csv",
        "figures/2020-2.csv",
        "figures/2022-2.csv",
    ]
    assert list(facts["csv_split"]) == ["tasks", "progress", "figures"]
    assert json.loads((runs / "whole" / "run.json").read_text())["csv_split"] == {}
    outputs = json.loads((runs / "split" / "manifest.json").read_text())["outputs"]
    assert "progress/2020-2.csv" in outputs and "progress.csv" not in outputs


def test_validate_and_frictionless_accept_the_split_tables(runs: Path, tmp_path: Path) -> None:
    report = validate(runs / "split")
    assert report.ok, report.problems
    assert report.counts == {"reports": 13, "tasks": 440, "progress": 455, "figures": 1207}
    frictionless = pytest.importorskip("frictionless")
    package = json.loads((runs / "split" / "datapackage.json").read_text())
    paths = {resource["name"]: resource["path"] for resource in package["resources"]}
    assert paths["reports"] == "reports.csv"
    assert paths["tasks"] == [f"tasks/{stem}.csv" for stem in EXPECTED["tasks"]]
    checked = frictionless.validate(runs / "split" / "datapackage.json")
    assert checked.valid, checked.flatten(["rowNumber", "type", "note"])[:5]
    assert [task.stats["rows"] for task in checked.tasks] == [13, 440, 455, 1207]  # headers not rows

    # A row gone from one year file: validate says which file, and which year.
    broken = tmp_path / "broken"
    shutil.copytree(runs / "split", broken)
    year_file = broken / "progress" / "2019.csv"
    lines = year_file.read_bytes().split(b"\r\n")
    year_file.write_bytes(b"\r\n".join(lines[:1] + lines[2:]))
    messages = [str(problem) for problem in validate(broken).problems]
    assert messages == ["progress: progress/2019.csv: 7 rows, progress.parquet has 8 of 2019"]


def test_the_split_is_the_same_bytes_for_any_jobs_batching_or_incremental_run(
    runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _raw(tmp_path / "raw")
    monkeypatch.setattr(write, "SHEET_ROWS", LOWERED)
    monkeypatch.setattr(pools, "LINK_BATCH_ROWS", 1)  # one block a batch
    run_ingest(RunSettings(raw, tmp_path / "jobs2", full=True, jobs=2), console=quiet_console())
    names = [SAMPLES["003"].name, "copy-of-000.txt"]
    assert ingest_in_two_steps(raw, tmp_path / "incremental", names, tmp_path).reused
    for out in ("jobs2", "incremental"):
        assert _written(tmp_path / out) == _written(runs / "split"), out


def _written(out: Path) -> dict[str, bytes]:
    """The bytes of every output file that depends on the sources alone (files.csv, run.json
    and the manifest say how the run went; .cache is the per-file results)."""
    skipped = {"files.csv", "run.json", "manifest.json"}
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in skipped and ".cache" not in path.parts
    }


def test_a_run_under_the_limit_removes_the_year_folders_and_keeps_a_users_files(
    runs: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(runs / "split", out)
    (out / "figures" / "chart.png").write_bytes(b"the user's")
    run_ingest(RunSettings(runs / "raw", out, jobs=1), console=quiet_console())
    assert not (out / "tasks").exists() and not (out / "progress").exists()
    assert sorted(p.name for p in (out / "figures").iterdir()) == [MARKER, "chart.png"]
    for name in DETERMINISTIC:
        assert (out / name).read_bytes() == (runs / "whole" / name).read_bytes(), name
    assert (out / "datapackage.json").read_bytes() == (runs / "whole" / "datapackage.json").read_bytes()
    assert validate(out).ok


def test_a_folder_of_the_users_named_like_a_table_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = copy_samples(tmp_path / "raw")
    out = tmp_path / "out"
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    (out / "progress").mkdir()
    (out / "progress" / "2020.csv").write_bytes(b"the user's")
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())  # under the limit: kept
    assert (out / "progress" / "2020.csv").read_bytes() == b"the user's"
    monkeypatch.setattr(write, "SHEET_ROWS", 100)
    with pytest.raises(UnsafeOutput, match=r"holds progress/, which govtasks did not write"):
        run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert (out / "progress" / "2020.csv").read_bytes() == b"the user's"
    assert (out / "progress.csv").is_file()  # the previous outputs are untouched


def test_the_summary_says_which_tables_were_split_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = copy_samples(tmp_path / "raw")
    monkeypatch.setattr(write, "SHEET_ROWS", 412)  # progress has 411 rows: with its header, it fits
    console = Console(file=io.StringIO(), width=400)
    run_ingest(RunSettings(raw, tmp_path / "out", jobs=1), console=console)
    said = console.file.getvalue()  # type: ignore[attr-defined]
    assert "progress.csv would" not in said and (tmp_path / "out" / "progress.csv").is_file()
    assert (
        "figures.csv would have 1,132 rows with its header, over the 412 rows Excel and WPS open: written as "
        "figures/2018.csv … figures/2022.csv (4 files, each with the header; 2020 alone is over the limit: "
        "in parts; figures/2022.csv still over it: one district's year alone has more rows; figures.parquet "
        "holds the whole table)." in said
    )


@given(
    st.lists(st.tuples(st.integers(2018, 2021), st.integers(0, 9), st.integers(1, 50)), max_size=30),
    st.integers(1, 20),
)
def test_a_split_plan_puts_each_years_bytes_in_order_into_parts_under_the_limit(
    blocks: list[tuple[int, int, int]], limit: int
) -> None:
    spans, at = [], 0
    for year, rows, size in blocks:
        spans.append((year, rows, at, at + size))
        at += size
    plan = split_plan(spans, limit)
    for year in {year for year, rows, _ in blocks if rows}:
        stems = [stem for stem in plan if stem.split("-")[0] == str(year)]
        # the year's bytes, in order, exactly once
        covered = [b for stem in stems for start, end in plan[stem][1] for b in range(start, end)]
        assert covered == [
            b for y, rows, start, end in spans if y == year and rows for b in range(start, end)
        ]
        assert sum(plan[stem][0] for stem in stems) == sum(rows for y, rows, *_ in spans if y == year)
        assert len(stems) == 1 or stems == [f"{year}-{n}" for n in range(1, len(stems) + 1)]
        for stem in stems:  # over the limit only when a single block is
            rows, ranges = plan[stem]
            assert rows <= limit or any(r > limit and (s, e) in ranges for y, r, s, e in spans if y == year)


def test_publish_knows_the_table_folders_and_year_files_the_writer_makes() -> None:
    """publish.py spells them out (it must not import pyarrow): they agree with write.tables."""
    from govtasks.write import publish

    assert set(SCHEMAS) == publish.TABLE_FOLDERS
    for name in (
        "2023.csv",
        "2023-1.csv",
        "2023-12.csv",
        "2023-0.csv",
        "2023.CSV",
        "23.csv",
        "2023-1.csv.bak",
    ):
        assert bool(write.SPLIT_FILE.fullmatch(name)) == bool(publish._SPLIT_FILE.fullmatch(name)), name
    assert [
        n for n in ("2023.csv", "2023-2.csv", "2023-0.csv", "notes.csv") if write.SPLIT_FILE.fullmatch(n)
    ] == [
        "2023.csv",
        "2023-2.csv",
    ]


@pytest.fixture(scope="module")
def progress_rows(runs: Path) -> list[tuple[object, ...]]:
    table = pq.read_table(runs / "whole" / "progress.parquet")
    return [tuple(row.values()) for row in write.records(table)][:60]


@given(st.lists(st.integers(0, 60), max_size=6), st.sampled_from([1, 7, 4096]))
def test_csv_pieces_are_the_csv_text_of_each_run_of_rows(
    progress_rows: list[tuple[object, ...]], cuts: list[int], batch: int
) -> None:
    """The text cut at block ends is the text of each block made alone, whatever CSV_BATCH."""
    ends = [*sorted(cuts), len(progress_rows)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(write, "CSV_BATCH", batch)
        pieces = write.csv_pieces("progress", progress_rows, ends)
    starts = [0, *ends[:-1]]
    assert pieces == [
        write.csv_text("progress", progress_rows[a:b]) for a, b in zip(starts, ends, strict=True)
    ]
    assert write.csv_pieces("progress", [], [0]) == [""]
