"""The CLI's one error boundary (govtasks.cli.run): every error path gives its ``Error:`` and
``Hint:`` lines on stderr and its exit status, never a traceback (unless GOVTASKS_DEBUG=1)."""

from __future__ import annotations

import errno
import fcntl
import glob
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from tests.conftest import RAW, TABLES, copy_samples

from govtasks import cli
from govtasks.errors import BadPhraseList, OutputsBusy

pytestmark = pytest.mark.e2e


def govtasks(
    *args: str, patch: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``govtasks ARGS`` in a new process; ``patch``: Python run first (to inject a failure)."""
    code = f"{textwrap.dedent(patch)}\nfrom govtasks.cli import main\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def assert_error(result: subprocess.CompletedProcess[str], status: int, error: str, hint: str) -> None:
    """Exit ``status``, and stderr ending with exactly these two lines; no traceback anywhere."""
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.stderr.splitlines()[-2:] == [f"Error: {error}", f"Hint: {hint}"], result.stderr


def work_folders(parent: Path) -> list[str]:
    """What a run leaves beside its output folder: nothing but its lock file, ever."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))


def test_the_exit_statuses_are_named_once() -> None:
    assert (cli.EXIT_OK, cli.EXIT_USAGE, cli.EXIT_REJECTED, cli.EXIT_INTERNAL) == (0, 1, 2, 3)
    assert cli.EXIT_INTERRUPTED == 130


# --- usage and environment errors: status 1 -------------------------------------------------------


def test_another_run_holding_the_output_folder_is_an_error_with_its_hint(tmp_path: Path) -> None:
    """(a) Another run is writing into OUT (it holds the folder's lock): this run stops before
    reading a file, with OutputsBusy's reason and hint, leaving nothing behind."""
    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        result = govtasks("ingest", str(RAW), "--out", str(out))
    assert_error(result, 1, f"another govtasks run is writing to {out}", OutputsBusy.hint)
    assert not out.exists()
    assert work_folders(tmp_path) == []


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """An output folder holding a run's outputs (to check a failed run leaves them alone)."""
    raw = copy_samples(tmp_path / "raw", ["001", "002"])
    assert govtasks("ingest", str(raw), "--out", str(tmp_path / "out")).returncode == 0
    return tmp_path / "out"


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLES}


def test_a_read_only_output_folder_is_an_error_with_its_hint(tmp_path: Path, published: Path) -> None:
    """(b) Tests run as root, whom chmod does not stop: the refusal of a read-only disk is
    injected where a run first writes, making its work folder beside OUT."""
    before = _tables(published)
    patch = """
        import errno, govtasks.write.publish as publish
        def refuse(prefix, dir):
            raise OSError(errno.EROFS, "Read-only file system", f"{dir}/{prefix}x")
        publish.tempfile = type("tempfile", (), {"mkdtemp": staticmethod(refuse)})
    """
    result = govtasks("ingest", str(RAW), "--out", str(published), "--full", patch=patch)
    assert_error(
        result,
        1,
        f"Read-only file system (making a work folder beside the output folder): {published}",
        f"Check the permissions of {published} (a read-only disk?), or choose another --out folder.",
    )
    assert _tables(published) == before


def test_a_full_disk_is_an_error_with_its_hint_and_the_previous_outputs_stay(
    tmp_path: Path, published: Path
) -> None:
    """(c) The disk fills up while the tables are written: the run stops, the outputs of the
    last run are still there, its work folders are gone."""
    before = _tables(published)
    patch = """
        import errno, govtasks.write.tables as tables
        def full(self, data):
            raise OSError(errno.ENOSPC, "No space left on device", self._handle.name)
        tables.CsvFile.write_lines = full
    """
    result = govtasks("ingest", str(RAW), "--out", str(published), "--full", patch=patch)
    written = result.stderr.splitlines()[-2].removeprefix("Error: No space left on device: ")
    assert Path(written).name == "reports.csv" and Path(written).parent.parent.parent == tmp_path
    assert_error(
        result,
        1,
        f"No space left on device: {written}",
        f"Free disk space on the disk holding {written}, or choose an --out folder on another disk.",
    )
    assert _tables(published) == before
    assert work_folders(tmp_path) == []


def test_an_output_folder_where_none_can_be_made(tmp_path: Path) -> None:
    """(d) A real OSError, even for root: no folder can be made in /proc."""
    if not Path("/proc").is_dir():
        pytest.skip("no /proc")
    result = govtasks("ingest", str(RAW), "--out", "/proc/x")
    assert_error(
        result,
        1,
        "No such file or directory (making the lock file beside the output folder): /proc/x",
        "Check the path /proc/x: it, or a folder on its way, is missing or not a folder.",
    )


def test_schemas_into_a_file_is_an_error(tmp_path: Path) -> None:
    """(e) `schemas --out FILE`, FILE a regular file."""
    (tmp_path / "schemas").write_text("mine")
    result = govtasks("schemas", "--out", str(tmp_path / "schemas"))
    where = tmp_path / "schemas"
    assert_error(
        result,
        1,
        f"File exists: {where}",
        f"{where} is in the way (a file where a folder is needed?): move it, or choose another path.",
    )
    assert where.read_text() == "mine"


def test_a_phrase_list_that_is_not_text_is_an_error_naming_the_file_and_line(tmp_path: Path) -> None:
    """(f) A binary --phrases file: BadPhraseList, naming the file and the line, not a
    UnicodeDecodeError."""
    phrases = tmp_path / "phrases.txt"
    phrases.write_bytes("於卫国\n於衛國 => 於卫国\n".encode() + b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    result = govtasks("ingest", str(RAW), "--out", str(tmp_path / "out"), "--phrases", str(phrases))
    offset = len("於卫国\n於衛國 => 於卫国\n".encode())
    assert_error(
        result,
        1,
        f"phrase list {phrases} is not UTF-8 text: byte 0x89 at offset {offset} (line 3)",
        BadPhraseList.hint,
    )
    assert not (tmp_path / "out").exists()


def test_usage_errors_of_the_commands(tmp_path: Path) -> None:
    assert_error(
        govtasks("ingest", str(tmp_path / "missing")),
        1,
        f"{tmp_path / 'missing'} is not a folder",
        "Pass the folder that holds the source files.",
    )
    assert_error(
        govtasks("ingest", str(RAW), "--phrases", str(tmp_path / "none.txt")),
        1,
        f"phrase file {tmp_path / 'none.txt'} does not exist",
        "Pass an existing file, or leave --phrases out (phrases.txt beside RAW_DIR is used).",
    )
    assert_error(
        govtasks("validate", str(tmp_path / "missing")),
        1,
        f"{tmp_path / 'missing'} is not a folder",
        "Pass the folder `govtasks ingest --out` wrote to.",
    )
    assert_error(govtasks("links"), 1, "nothing to do", "Use `govtasks links --review`.")
    unknown = govtasks("ingest", "--no-such-option")
    assert unknown.returncode == 1 and "No such option: --no-such-option" in unknown.stderr


# --- internal errors: status 3 ---------------------------------------------------------------------

BUG = """
    import govtasks.run.ingest
    def bug(*args, **kwargs):
        raise RuntimeError("the settings were\\nnot what the run expected")
    govtasks.run.ingest.run_ingest = bug
"""


def test_a_bug_is_an_internal_error_without_a_traceback(tmp_path: Path) -> None:
    """(g) An unexpected exception: status 3, its type and message on one line, a hint to report
    it with the command line."""
    out = str(tmp_path / "out")
    result = govtasks("ingest", str(RAW), "--out", out, patch=BUG)
    assert_error(
        result,
        3,
        "internal error: RuntimeError: the settings were not what the run expected",
        f"This is a bug in govtasks. Please report it with the command line (govtasks ingest {RAW} "
        f"--out {out}) and, if you can, the files it read; GOVTASKS_DEBUG=1 shows the traceback.",
    )


def test_govtasks_debug_shows_the_traceback_of_a_bug(tmp_path: Path) -> None:
    result = govtasks(
        "ingest", str(RAW), "--out", str(tmp_path / "out"), patch=BUG, env={"GOVTASKS_DEBUG": "1"}
    )
    assert result.returncode == 3
    assert "Traceback (most recent call last):" in result.stderr
    assert "RuntimeError: the settings were\nnot what the run expected\n" in result.stderr
    assert "Error: internal error: RuntimeError: the settings were not what the run expected" in result.stderr


def test_a_bug_in_process_is_status_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same boundary when the CLI runs in this process (as tests and notebooks run it)."""
    monkeypatch.delenv("GOVTASKS_DEBUG", raising=False)

    def bug(*args: object) -> None:
        raise KeyError("phrase")

    monkeypatch.setattr("govtasks.write.schemas.write_all", bug)
    assert cli.run(["schemas", "--out", "x"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "Error: internal error: KeyError: 'phrase'"
    assert "Traceback" not in err


# --- interrupted: status 130 -----------------------------------------------------------------------


def test_an_interrupt_is_one_line_and_status_130(tmp_path: Path) -> None:
    patch = """
        import govtasks.run.ingest
        def interrupted(*args, **kwargs):
            raise KeyboardInterrupt
        govtasks.run.ingest.run_ingest = interrupted
    """
    result = govtasks("ingest", str(RAW), "--out", str(tmp_path / "out"), patch=patch)
    assert result.returncode == 130
    assert result.stderr.strip() == "Interrupted."


def test_ctrl_c_during_a_real_run(tmp_path: Path) -> None:
    """SIGINT while the files are parsed: status 130, one line, no traceback (not even from a
    table writer collected after the run), no work folder left, nothing published."""
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "govtasks", "ingest", str(RAW), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not glob.glob(str(tmp_path / ".out.parsed-*")) and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Interrupted."
    assert "Traceback" not in err and "Exception ignored" not in err
    assert not out.exists()
    assert work_folders(tmp_path) == []


def test_an_errno_gets_its_hint() -> None:
    for code, start in [
        (errno.EACCES, "Check the permissions of /o"),
        (errno.EPERM, "Check the permissions of /o"),
        (errno.EROFS, "Check the permissions of /o"),
        (errno.ENOSPC, "Free disk space on the disk holding /o"),
        (errno.ENOENT, "Check the path /o"),
        (errno.ENOTDIR, "Check the path /o"),
        (errno.EIO, "Check /o and the disk"),
    ]:
        reason, hint = cli._os_error(OSError(code, os.strerror(code), "/o"))
        assert reason == f"{os.strerror(code)}: /o"
        assert hint.startswith(start), (code, hint)
