"""Issue 4: bad input set aside with a reason, crash-safe outputs, incremental runs, CSV safety.

The runs here are real: `python -m govtasks ingest` in a subprocess on the real samples plus
files of every bad kind, killed with SIGKILL for the crash test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import DETERMINISTIC, EXTRA, SAMPLES, TABLES, copy_samples
from tests.test_cli import govtasks

from govtasks.errors import OutputsBusy
from govtasks.link.blocks import Tables, build_tables
from govtasks.models import CleanRow, ParsedFile, ReportFacts
from govtasks.write.publish import OWNED, publish
from govtasks.write.render import metadata_of, write_tables
from govtasks.write.tables import spreadsheet_safe

pytestmark = pytest.mark.e2e


NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"
TRUNCATED = EXTRA / "06_gongshu_2020_q3_gov.txt"

#: Each bad kind of file, the reason it must be rejected with and the reason's code.
BAD_FILES: dict[str, tuple[bytes, str, str]] = {
    "empty.txt": (b"", "empty file", "empty-file"),
    "blank.txt": (b" \n\r\n\t\n", "empty file", "empty-file"),
    "scan.png": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "binary file",
        "binary-file",
    ),
    "latin1.txt": (
        "Rapport d'activité - été 2020, à compléter ÿ".encode("latin-1"),
        "neither UTF-8 nor GB18030",
        "undecodable",
    ),
    "narrative.txt": (NARRATIVE.read_bytes(), "no task table", "no-task-table"),
    "unknown-table.txt": (
        (
            # Headers that name no task column (编码 code, 摘要 abstract, 经办 handled by, 日期
            # date): 编号 · 事项 · 负责人 read as seq · content · leaders since issue 17.
            "编码 | 摘要 | 经办 | 日期 |\n"
            "1 | 修路 | 张三 | 6月 |\n2 | 建桥 | 李四 | 9月 |\n3 | 种树 | 王五 | 3月 |\n"
        ).encode(),
        "matches no known table layout",
        "unknown-format",
    ),
    "page-without-table.html": (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>通知</title></head>"
        "<body><p>关于做好2020年工作的通知</p></body></html>".encode(),
        "saved web page (HTML) without a table",
        "no-task-table",
    ),
}


def _raw_with_bad_files(folder: Path) -> Path:
    raw = copy_samples(folder / "raw")
    (raw / "truncated-gongshu-q3.txt").write_bytes(TRUNCATED.read_bytes())
    for name, (data, _, _) in BAD_FILES.items():
        (raw / name).write_bytes(data)
    with open(raw / "huge.txt", "wb") as handle:  # sparse: over the limit without using the disk
        handle.truncate(20 * 1024 * 1024 + 1)
    return raw


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    base = tmp_path_factory.mktemp("bad")
    raw = _raw_with_bad_files(base)
    return govtasks("ingest", str(raw), "--out", str(base / "out")), base / "out"


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("clean")
    raw = copy_samples(base / "raw")
    (raw / "truncated-gongshu-q3.txt").write_bytes(TRUNCATED.read_bytes())
    result = govtasks("ingest", str(raw), "--out", str(base / "out"))
    assert result.returncode == 0, result.stderr
    return base / "out"


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_every_bad_file_is_rejected_with_its_reason_and_the_run_exits_2(
    bad_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, out = bad_run
    assert result.returncode == 2
    rejected = {row["file"]: row for row in _rows(out / "rejected.csv")}
    expected = {name: (reason, code) for name, (_, reason, code) in BAD_FILES.items()}
    expected["huge.txt"] = ("over the", "file-too-large")
    assert set(rejected) == set(expected)
    for name, (reason, code) in expected.items():
        assert reason in rejected[name]["reason"], (name, rejected[name])
        assert rejected[name]["code"] == code, (name, rejected[name])
        assert rejected[name]["hint"], name
        assert f"Rejected {name}" in result.stderr
    assert (
        rejected["empty.txt"]["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    assert "Traceback" not in result.stderr


def test_good_files_beside_bad_ones_give_exactly_the_rows_of_a_clean_run(
    bad_run: tuple[subprocess.CompletedProcess[str], Path], clean_run: Path
) -> None:
    """The five samples and the truncated excerpt come out byte for byte as without the bad files."""
    _, out = bad_run
    for name in TABLES:
        assert (out / name).read_bytes() == (clean_run / name).read_bytes(), name


def test_a_table_cut_mid_row_keeps_its_complete_rows_and_warns(
    bad_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """06 (拱墅区 2020 Q3) stops inside its 7th row: six complete rows, the cut one flagged."""
    result, out = bad_run
    reports = {r["source_file"]: r for r in pq.read_table(out / "reports.parquet").to_pylist()}
    report = reports["truncated-gongshu-q3.txt"]
    rows = [
        p
        for p in pq.read_table(out / "progress.parquet").to_pylist()
        if p["report_id"] == report["report_id"]
    ]
    assert len(rows) == 7
    assert ["truncated" in p["flags"] for p in rows] == [False] * 6 + [True]
    assert "the file ends inside the row at line 64" in result.stderr


def test_validate_passes_on_the_outputs(bad_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = bad_run
    result = govtasks("validate", str(out))
    assert result.returncode == 0, result.stdout + result.stderr


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gb18030"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["gb18030", "crlf", "utf-16"],
)
def test_other_encodings_are_not_bad_files(encode: object, tmp_path: Path, clean_run: Path) -> None:
    """Every sample re-encoded gives the same tables, only the report ids (file hashes) differ."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in SAMPLES.values():
        (raw / path.name).write_bytes(encode(path.read_text(encoding="utf-8")))  # type: ignore[operator]
    result = govtasks("ingest", str(raw), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    progress = pq.read_table(tmp_path / "out" / "progress.parquet").to_pylist()
    expected = [
        p
        for p in pq.read_table(clean_run / "progress.parquet").to_pylist()
        if p["report_id"] in _sample_report_ids(clean_run)
    ]
    drop = {"report_id"}
    assert [{k: v for k, v in p.items() if k not in drop} for p in progress] == [
        {k: v for k, v in p.items() if k not in drop} for p in expected
    ]


def _sample_report_ids(out: Path) -> set[str]:
    names = {p.name for p in SAMPLES.values()}
    return {
        r["report_id"]
        for r in pq.read_table(out / "reports.parquet").to_pylist()
        if r["source_file"] in names
    }


# --- determinism and incremental runs ------------------------------------------------------------


def test_two_runs_give_identical_bytes_and_run_facts_stay_out_of_the_tables(
    clean_run: Path, tmp_path: Path
) -> None:
    raw = clean_run.parent / "raw"
    again = govtasks("ingest", str(raw), "--out", str(tmp_path / "out"), "--full")
    assert again.returncode == 0
    for name in DETERMINISTIC:
        assert (tmp_path / "out" / name).read_bytes() == (clean_run / name).read_bytes(), name
    facts = json.loads((tmp_path / "out" / "run.json").read_text())
    assert (facts["mode"], facts["files"], facts["progress_rows"]) == ("full", 6, 418)


def _ingest(raw: Path, out: Path, *flags: str) -> dict[str, object]:
    result = govtasks("ingest", str(raw), "--out", str(out), *flags)
    assert result.returncode in (0, 2), result.stderr
    facts: dict[str, object] = json.loads((out / "run.json").read_text())
    return facts


def test_incremental_runs_equal_a_full_rebuild(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_samples(raw, ["000", "001", "002", "003"])
    names = [p.name for p in SAMPLES.values()]
    first = _ingest(raw, out)
    assert (first["files_read"], first["files_reused"]) == (4, 0)

    # A new file, a changed one (same document re-saved as GB18030), a deleted one, a bad one.
    (raw / names[4]).write_bytes(SAMPLES["004"].read_bytes())
    (raw / names[1]).write_bytes(SAMPLES["001"].read_text(encoding="utf-8").encode("gb18030"))
    (raw / names[0]).unlink()
    (raw / "empty.txt").write_bytes(b"")
    second = _ingest(raw, out)
    assert (second["mode"], second["files_read"], second["files_reused"]) == ("incremental", 3, 2)

    full = tmp_path / "full"
    _ingest(raw, full, "--full")
    for name in DETERMINISTIC:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert names[0] not in (out / "reports.csv").read_text(encoding="utf-8-sig")

    # A touched file (new mtime, same bytes) is re-hashed but not re-parsed.
    os.utime(raw / names[2])
    third = _ingest(raw, out)
    assert (third["files_read"], third["files_reused"]) == (0, 5)  # the empty file too
    for name in DETERMINISTIC:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_a_no_change_rerun_does_nothing_and_says_so(clean_run: Path) -> None:
    raw = clean_run.parent / "raw"
    before = {name: (clean_run / name).stat().st_mtime_ns for name in DETERMINISTIC}
    result = govtasks("ingest", str(raw), "--out", str(clean_run))
    assert result.returncode == 0
    assert "Nothing changed since the last run (6 files, 0 rejected)" in result.stderr
    assert {name: (clean_run / name).stat().st_mtime_ns for name in DETERMINISTIC} == before


def test_a_changed_sidecar_or_output_means_a_real_run(clean_run: Path, tmp_path: Path) -> None:
    raw = clean_run.parent / "raw"
    out = tmp_path / "out"
    _ingest(raw, out)
    (out / "tasks.csv").write_text("edited by hand", encoding="utf-8")
    result = govtasks("ingest", str(raw), "--out", str(out))
    assert "Nothing changed" not in result.stderr
    assert (out / "tasks.csv").read_bytes() == (clean_run / "tasks.csv").read_bytes()


# --- crash safety ----------------------------------------------------------------------------------


def _snapshot(out: Path) -> dict[str, bytes] | None:
    if not out.exists():
        return None
    return {name: (out / name).read_bytes() for name in DETERMINISTIC if (out / name).exists()}


def test_a_run_killed_at_any_moment_leaves_the_old_or_the_new_outputs(tmp_path: Path) -> None:
    """SIGKILL a real run at 16 moments spread over its whole length, including while it swaps
    the outputs in; after each kill the output folder holds one complete run, never a mix."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    copy_samples(raw, ["000", "001", "002"])
    _ingest(raw, out, "--full")
    old = _snapshot(out)
    copy_samples(raw, ["003", "004"])
    reference = tmp_path / "reference"
    started = time.monotonic()
    _ingest(raw, reference, "--full")
    duration = time.monotonic() - started
    new = _snapshot(reference)
    assert old is not None and new is not None and old != new

    outcomes: dict[str, int] = {"old": 0, "new": 0}
    command = [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(out), "--full"]
    delays = [duration * k / 12 for k in range(1, 13)] + ["staging"] * 4
    for delay in delays:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if delay == "staging":  # the moment the new outputs are being put in place
            deadline = time.monotonic() + 30
            while not any(p.name.startswith(".out.staging-") for p in tmp_path.iterdir()):
                if process.poll() is not None or time.monotonic() > deadline:
                    break
        else:
            time.sleep(float(delay))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = _snapshot(out)
        assert state in (old, new), "outputs are a mix of two runs or incomplete"
        outcomes["old" if state == old else "new"] += 1
        if state == new:  # start the next kill from the old outputs again
            _restore(out, raw, old)
    assert outcomes["old"] >= 1
    # The next complete run cleans what killed runs left beside the folder.
    _ingest(raw, out, "--full")
    assert _snapshot(out) == new
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".out.staging-", ".out.old-"))]


def _restore(out: Path, raw: Path, old: dict[str, bytes] | None) -> None:
    assert old is not None
    for name, data in old.items():
        (out / name).write_bytes(data)


# --- the output folder ---------------------------------------------------------------------------


def _tables(content: str = "推进城市更新") -> Tables:
    row = CleanRow(1, None, None, None, content, (), (), "=1+1", None, None, ())
    facts = ReportFacts(district="萧山区", year=2020, period="H1")
    return build_tables([ParsedFile("a.txt", "a" * 64, "fmt", 1.0, facts, "simplified", (row,))])


def test_files_that_are_not_outputs_survive_a_run(tmp_path: Path) -> None:
    (tmp_path / ".gitkeep").write_text("")
    (tmp_path / "my-notes.md").write_text("keep me")
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "chart.png").write_bytes(b"png")
    write_tables(_tables(), tmp_path)
    assert (tmp_path / "my-notes.md").read_text() == "keep me"
    assert (tmp_path / "analysis" / "chart.png").read_bytes() == b"png"
    assert (tmp_path / ".gitkeep").exists()
    assert {p.name for p in tmp_path.iterdir()} - {".gitkeep", "my-notes.md", "analysis"} <= OWNED


def test_a_failure_before_the_swap_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tables(_tables("旧任务"), tmp_path)
    before = _snapshot(tmp_path)

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("govtasks.write.publish._exchange", broken)
    with pytest.raises(OSError):
        write_tables(_tables("新任务"), tmp_path)
    assert _snapshot(tmp_path) == before
    assert not [p for p in tmp_path.parent.iterdir() if ".staging-" in p.name]


def test_table_files_abandoned_after_a_failure_leave_no_error_for_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while the tables are written (here a full disk) closes the files half-written;
    nothing is left for the garbage collector to close later (pyarrow's writer did so into the
    closed file, printing a traceback after the run's own error)."""
    import gc

    from govtasks.link.blocks import Linked
    from govtasks.write.render import render_block
    from govtasks.write.tables import CsvFile, TableFiles

    def full(self: CsvFile, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    monkeypatch.setattr(CsvFile, "write_lines", full)
    tables = _tables()
    linked = Linked(tables.reports.tuples, tables.tasks.tuples, tables.progress.tuples, notes={}, review=[])
    with pytest.raises(OSError), TableFiles(tmp_path, metadata_of(tables)) as files:
        files.write_rendered(render_block(linked))
    del files
    gc.collect()
    assert unraisable == []


def test_a_folder_beside_the_outputs_that_cannot_be_made_is_named_by_the_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work folders' names are made up: the error names the output folder the user chose."""
    import types

    from govtasks.write import publish

    def refuse(prefix: str, dir: Path) -> str:
        raise PermissionError(13, "Permission denied", f"{dir}/{prefix}x1y2")

    monkeypatch.setattr(publish, "tempfile", types.SimpleNamespace(mkdtemp=refuse))
    with pytest.raises(PermissionError) as error:
        write_tables(_tables(), tmp_path / "out")
    assert (error.value.errno, error.value.filename) == (13, str(tmp_path / "out"))
    assert error.value.strerror == "Permission denied (making a work folder beside the output folder)"


def test_two_runs_cannot_write_one_folder_at_once(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        with pytest.raises(OutputsBusy):
            publish(out, {"run.json": b"{}"})


# --- spreadsheet safety ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "in_csv"),
    [
        ("=1+1", "'=1+1"),
        ("+86 571", "'+86 571"),
        ("-、推进", "'-、推进"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("-1.5e3", "-1.5e3"),
        ("推进=1", "推进=1"),
    ],
)
def test_formula_cells_are_neutralised_in_csv_only(text: str, in_csv: str) -> None:
    assert spreadsheet_safe(text) == in_csv


def test_formula_text_is_kept_in_parquet_and_quoted_in_csv(tmp_path: Path) -> None:
    write_tables(_tables(), tmp_path)
    assert pq.read_table(tmp_path / "progress.parquet").to_pylist()[0]["progress"] == "=1+1"
    assert _rows(tmp_path / "progress.csv")[0]["progress"] == "'=1+1"


def test_cells_over_excels_limit_are_flagged() -> None:
    tables = _tables("推进" * 20_000)
    assert tables.progress[0].flags == ["long_cell"]
    assert _tables().progress[0].flags == []


def test_the_owned_files_are_the_files_a_run_writes() -> None:
    """write.publish names the table files itself (it must not import pyarrow): they are the
    writers' own, and so is the review file."""
    from govtasks.write.tables import REVIEW_FILE, TABLE_FILES

    written = {name for pair in TABLE_FILES.values() for name in pair} | {REVIEW_FILE}
    assert written <= OWNED


def test_the_cache_moved_into_a_publish_that_fails_goes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run moves the last run's cache folder into the new outputs as it is (one rename, not a
    link per file); when publishing fails before the swap, the folder goes back, and the next
    run reuses every file as before."""
    from tests.conftest import quiet_console

    from govtasks.run.cache import Heads
    from govtasks.run.ingest import run_ingest
    from govtasks.run.settings import RunSettings

    raw, out = copy_samples(tmp_path / "raw", ["000", "001", "002"]), tmp_path / "out"
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    cache = sorted(p.name for p in (out / ".cache").iterdir())
    before = _snapshot(out)
    (raw / SAMPLES["003"].name).write_bytes(SAMPLES["003"].read_bytes())

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr("govtasks.write.publish._exchange", broken)
        with pytest.raises(OSError):
            run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    # Back with every file it had but the index of the last run's blocks (the failed run had
    # written its own there), and the cache file of 003 parsed meanwhile (unused, kept for now);
    # its heads file is the failed run's, which holds every head the folder's files need.
    back = sorted(p.name for p in (out / ".cache").iterdir())
    assert set(cache) - set(back) == {"blocks.json"} and len(back) == len(cache)
    assert Heads.read(out).by_key.keys() >= {p.name for p in (out / ".cache").iterdir() if len(p.name) == 37}
    assert _snapshot(out) == before
    again = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert again.reused == 4  # 003 too, from the cache file the failed run left
    full = tmp_path / "full"
    run_ingest(RunSettings(raw, full, full=True, jobs=1), console=quiet_console())
    assert _snapshot(out) == _snapshot(full)
    assert sorted(p.name for p in (out / ".cache").iterdir()) == sorted(
        p.name for p in (full / ".cache").iterdir()
    )
