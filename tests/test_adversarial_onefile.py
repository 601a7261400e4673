"""Issue 16, point 5: one file never ends the run.

Every per-file failure (sidecar values out of range, odd names and sizes, an unexpected
exception, a worker that dies) becomes a rejection with a reason; workers end with their
parent; what the listing skips is said.
"""

from __future__ import annotations

import builtins
import csv
import faulthandler
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rich.console import Console

from govtasks import cli
from govtasks.run import per_file, pools
from govtasks.run.ingest import RunResult, run_ingest
from govtasks.run.settings import RunSettings

from .conftest import SAMPLES

pytestmark = pytest.mark.adversarial

SAMPLE = SAMPLES["001"]  # 9 KB, a district's report


def _run(raw: Path, out: Path, jobs: int | None = 1) -> tuple[RunResult, str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=False)
    result = run_ingest(RunSettings(raw, out, jobs=jobs), console)
    return result, buffer.getvalue()


def _rejected(out: Path) -> dict[str, dict[str, str]]:
    with (out / "rejected.csv").open(encoding="utf-8-sig", newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


# --- sidecar values out of range -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("year = 99999", ("year", "1990", "2100")),
        ("year = 1", ("year", "1990", "2100")),
        ("year = true", ("year", "whole number")),
        ('year = "2020"', ("year", "whole number")),
        ('district = ""', ("district", "empty")),
        ("district = 5", ("district", "text")),
        ('period = "Q9"', ("period", "PLAN")),
        ('published = "2020-02-30"', ("published", "date")),
        ("published = 2020-01-01T10:00:00", ("published", "date")),
        ('title = ["a"]', ("title", "text")),
        ("format = 3", ("format", "text")),
    ],
)
def test_sidecar_values_out_of_range_reject_the_file_only(
    tmp_path: Path, body: str, words: tuple[str, ...]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "a.txt")
    shutil.copy(SAMPLE, raw / "b.txt")
    (raw / "b.txt").write_bytes(SAMPLE.read_bytes() + b"\n")  # another report, same layout
    (raw / "b.txt.meta.toml").write_text(body + "\n", encoding="utf-8")
    result, _ = _run(raw, tmp_path / "out")
    assert [r.source_file for r in result.parsed] == ["a.txt"]
    [rejection] = result.rejected
    assert rejection.code == "bad-sidecar"
    assert rejection.source_file == "b.txt"
    for word in words:
        assert word in rejection.reason, rejection.reason
    assert "b.txt.meta.toml" in rejection.reason


def test_an_unreadable_sidecar_is_named_as_the_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "b.txt")
    (raw / "b.txt.meta.toml").write_text("year = 2020\n", encoding="utf-8")
    real = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self.name == "b.txt.meta.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    result, _ = _run(raw, tmp_path / "out")
    [rejection] = result.rejected
    assert (rejection.code, rejection.reason) == (
        "bad-sidecar",
        "sidecar b.txt.meta.toml cannot be read: Permission denied",
    )


# --- odd names -------------------------------------------------------------------------------

GBK_NAME = "萧山区报告.txt".encode("gbk")


def test_gbk_file_name_is_ingested_under_its_gbk_reading(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    os.makedirs(os.fsencode(raw) + b"/\xb8\xbd\xbc\xfe")  # a folder named 附件 in GBK
    with open(os.fsencode(raw) + b"/\xb8\xbd\xbc\xfe/" + GBK_NAME, "wb") as f:
        f.write(SAMPLE.read_bytes())
    bad = b"\xff\xfe-not-gbk.txt"  # no reading in GBK either: escaped
    with open(os.fsencode(raw) + b"/" + bad, "wb") as f:
        f.write(b"just a line of narrative text\n")
    out = tmp_path / "out"
    result, printed = _run(raw, out)
    assert [r.source_file for r in result.parsed] == ["附件/萧山区报告.txt"]
    assert [r.source_file for r in result.rejected] == ["\\xff\\xfe-not-gbk.txt"]
    reports = pq.read_table(out / "reports.parquet").to_pylist()
    assert reports[0]["source_file"] == "附件/萧山区报告.txt"
    assert "附件/萧山区报告.txt" in (out / "reports.csv").read_text(encoding="utf-8")
    assert "\\xff\\xfe-not-gbk.txt" in (out / "rejected.csv").read_text(encoding="utf-8")
    assert "\\xff\\xfe-not-gbk.txt" in printed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f["path"] for f in manifest["files"]} == {"附件/萧山区报告.txt", "\\xff\\xfe-not-gbk.txt"}
    # The next run finds both unchanged in the manifest and reuses them.
    again, _ = _run(raw, out)
    assert again.reused == 2


def test_a_gbk_name_that_another_file_has_in_utf_8_is_escaped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    with open(os.fsencode(raw) + b"/" + GBK_NAME, "wb") as f:
        f.write(SAMPLE.read_bytes())
    shutil.copy(SAMPLES["000"], raw / "萧山区报告.txt")
    result, _ = _run(raw, tmp_path / "out")
    escaped = GBK_NAME.decode("utf-8", "backslashreplace")
    assert sorted(r.source_file for r in result.parsed) == sorted([escaped, "萧山区报告.txt"])
    assert escaped.startswith("\\xcf\\xf4")


def test_a_name_too_long_for_its_sidecar_is_read_without_one(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    name = "长" * 82 + ".txt"  # 250 bytes: NAME.meta.toml would be 260, over NAME_MAX
    assert len(name.encode()) == 250
    shutil.copy(SAMPLE, raw / name)
    out = tmp_path / "out"
    result, _ = _run(raw, out)
    assert [r.source_file for r in result.parsed] == [name]
    assert not result.rejected
    again, _ = _run(raw, out)
    assert again.reused == 1


def test_an_unexpected_exception_anywhere_in_the_per_file_stage_is_a_crash_rejection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "a.txt")
    (raw / "b.txt").write_bytes(SAMPLE.read_bytes() + b"\n")
    real = per_file.document_from_bytes

    def flaky(data: bytes, path: Path) -> object:
        if path.name == "b.txt":
            raise ZeroDivisionError("division by zero in the decoder")
        return real(data, path)

    monkeypatch.setattr(per_file, "document_from_bytes", flaky)
    result, _ = _run(raw, tmp_path / "out")
    assert [r.source_file for r in result.parsed] == ["a.txt"]
    [rejection] = result.rejected
    assert rejection.code == "crashed"
    assert "ZeroDivisionError: division by zero in the decoder" in rejection.reason


# --- sizes -----------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_from_its_size_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "a.txt")
    with (raw / "big.txt").open("wb") as f:
        f.truncate(30 * 1024 * 1024)  # sparse: no disk, and no memory unless it is read
    real_read_bytes = Path.read_bytes
    real_open = Path.open
    real_builtin_open = builtins.open

    def builtin_open(file: object, *args: object, **kwargs: object) -> object:
        assert not os.fspath(file).endswith("big.txt"), "the large file was opened"  # type: ignore[call-overload]
        return real_builtin_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def read_bytes(self: Path) -> bytes:
        assert self.name != "big.txt", "the large file was read"
        return real_read_bytes(self)

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        assert self.name != "big.txt", "the large file was opened"
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(builtins, "open", builtin_open)
    result, _ = _run(raw, tmp_path / "out")
    [rejection] = result.rejected
    assert rejection.code == "file-too-large"
    assert "31,457,280 bytes" in rejection.reason
    assert [r.source_file for r in result.parsed] == ["a.txt"]


# --- worker processes ------------------------------------------------------------------------


def _dies_on_b(real: object) -> object:
    """process_file crashing as a C library would, on b.txt, in a worker (in the test's own
    process it fails the test instead of killing it)."""
    test_process = os.getpid()

    def process_file(path: Path, *args: object) -> object:
        assert os.getpid() != test_process, f"{path.name} was parsed in the main process"
        if path.name == "b.txt":
            faulthandler.disable()  # pytest's would print the worker's stack
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, *args)  # type: ignore[operator]

    return process_file


def test_the_only_file_is_parsed_in_a_worker_whose_death_rejects_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "b.txt").write_bytes(SAMPLE.read_bytes())
    monkeypatch.setattr(pools, "process_file", _dies_on_b(pools.process_file))
    out = tmp_path / "out"
    assert cli.run(["ingest", str(raw), "--out", str(out)]) == cli.EXIT_REJECTED  # no --jobs
    rejection = _rejected(out)["b.txt"]
    assert rejection["code"] == "worker-died"


def test_jobs_1_still_parses_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "a.txt")
    pids = []
    real = pools.process_file

    def recording(path: Path, *args: object) -> object:
        pids.append(os.getpid())
        return real(path, *args)

    monkeypatch.setattr(pools, "process_file", recording)
    _run(raw, tmp_path / "out", jobs=1)
    assert pids == [os.getpid()]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; prctl")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_run_leaves_no_worker_behind(tmp_path: Path, signum: int) -> None:
    """SIGTERM: the run stops its workers and says so in one line (exit 143); SIGKILL, which
    the run cannot catch: the kernel ends the workers with it (PR_SET_PDEATHSIG)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    data = SAMPLES["002"].read_bytes()
    for i in range(30):
        (raw / f"{i:03}.txt").write_bytes(data + f"\n{i}\n".encode())
    log = (tmp_path / "stderr").open("w+b")  # not a pipe: a worker left alive would hold it open
    process = subprocess.Popen(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(tmp_path / "out"), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the workers never started"
    process.send_signal(signum)
    process.wait(timeout=20)
    log.seek(0)
    stderr = log.read()
    if signum == signal.SIGTERM:
        assert process.returncode == 143, stderr
        assert stderr.decode().split() == ["Stopped", "by", "SIGTERM."], stderr
        assert not (tmp_path / "out").exists()
    deadline = time.monotonic() + 1
    while (left := [pid for pid in workers if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    for pid in left:  # not to leave them running after the test
        os.kill(pid, signal.SIGKILL)
    assert left == []


# --- what the listing skips ------------------------------------------------------------------


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    (raw / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE, raw / "a.txt")
    shutil.copy(SAMPLE, raw / "locked" / "b.txt")
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if isinstance(path, (str, Path)) and str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    result, printed = _run(raw, tmp_path / "out")
    assert [r.source_file for r in result.parsed] == ["a.txt"]
    assert "skipped folder locked: permission denied" in printed
    assert result.notes == ["skipped folder locked: permission denied"]


def test_an_orphan_sidecar_is_reported(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "a.txt")
    (raw / "gone.txt.meta.toml").write_text("year = 2020\n", encoding="utf-8")
    result, printed = _run(raw, tmp_path / "out")
    note = "sidecar gone.txt.meta.toml has no source file gone.txt beside it: ignored"
    assert result.notes == [note]
    assert note in printed


# --- Ctrl-C ----------------------------------------------------------------------------------

_CTRL_C_WHILE_WRITING = """
import os, signal, sys
from govtasks.write import tables
real = tables.TableFiles.write_rendered
def write_rendered(self, rendered, keys=None):
    real(self, rendered, keys)
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C once the first rows are written
tables.TableFiles.write_rendered = write_rendered
from govtasks import cli
cli.main()
"""


def test_ctrl_c_while_writing_prints_one_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("000", "001"):
        shutil.copy(SAMPLES[name], raw / f"{name}.txt")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_WRITING, "ingest", str(raw), "--out", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 130
    assert done.stderr.split() == ["Interrupted."], done.stderr  # no ParquetWriter.__del__ traceback
    assert not out.exists()
