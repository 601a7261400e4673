"""Issue 16, "Losing a user's files" and overlapping runs: the output folder is checked before
anything is written, an empty raw folder never empties good outputs, one run at a time holds an
output folder from its first read to its publish, and the swap without ``renameat2`` never loses
the previous outputs.

Runs are in-process on one small sample with ``jobs=1`` (the CLI through ``cli.run`` where its
own parsing is the point); a kill is a forked child ending itself with ``os._exit``."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from tests.conftest import DETERMINISTIC, copy_samples, quiet_console

from govtasks import cli
from govtasks.errors import NothingToIngest, OutputsBusy, UnsafeOutput
from govtasks.read.sources import Listing
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.write import publish

pytestmark = pytest.mark.adversarial


def ingest(raw: Path, out: Path, force: bool = False, full: bool = False) -> None:
    run_ingest(RunSettings(raw, out, jobs=1, force=force, full=full), console=quiet_console())


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too), by relative path -> sha256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in DETERMINISTIC}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return copy_samples(tmp_path / "raw", ["001"])


@pytest.fixture
def good(tmp_path: Path, raw: Path) -> Path:
    """An output folder holding a run's outputs."""
    out = tmp_path / "out"
    ingest(raw, out)
    return out


def cli_ingest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """``govtasks ingest ARGS --jobs 1`` in this process: its status and stderr's last two lines."""
    capsys.readouterr()
    status = cli.run(["ingest", *args, "--jobs", "1"])
    return status, capsys.readouterr().err.splitlines()[-2:]


# --- 1. OUT is checked before anything is written --------------------------------------------


def test_an_empty_out_an_unset_variable_is_refused_not_the_current_folder(
    tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)  # empty: "." would qualify as a new output folder
    status, lines = cli_ingest(capsys, str(raw), "--out", "")
    assert status == cli.EXIT_USAGE
    assert lines == [
        "Error: --out is empty (an unset variable?)",
        "Hint: Pass the folder for the outputs, e.g. --out data/processed.",
    ]
    assert list(here.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here", "raw"]  # no lock, no work folder


def test_the_current_folder_holding_the_users_manifest_and_cache_is_refused(
    tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "project"
    (here / ".cache").mkdir(parents=True)
    (here / ".cache" / "pip.db").write_bytes(b"mine")
    (here / "manifest.json").write_text('{"name": "my web app"}')
    before = tree(here)
    monkeypatch.chdir(here)
    status, lines = cli_ingest(capsys, str(raw), "--out", ".")
    assert status == cli.EXIT_USAGE
    assert lines[0] == f"Error: --out . ({here}) holds files govtasks did not write (.cache, manifest.json)"
    assert lines[1].startswith("Hint: Choose a new or empty folder for --out, or add --force")
    assert tree(here) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "raw"]


def test_a_folder_holding_only_a_hidden_cache_folder_is_not_empty(tmp_path: Path, raw: Path) -> None:
    """Hidden files count as empty only when govtasks never writes them: `.cache` it replaces."""
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    with pytest.raises(UnsafeOutput, match=r"holds files govtasks did not write \(\.cache\)"):
        ingest(raw, out)


def test_an_existing_file_as_out_is_refused_and_left_alone(tmp_path: Path, raw: Path) -> None:
    report = tmp_path / "report.docx"
    report.write_bytes(b"PK\x03\x04 my report")
    with pytest.raises(UnsafeOutput) as refused:
        ingest(raw, report)
    assert str(refused.value) == f"--out {report} is a file, not a folder"
    assert report.read_bytes() == b"PK\x03\x04 my report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "report.docx"]


def test_a_folder_of_the_users_files_is_refused_without_force_and_kept_with_it(
    tmp_path: Path, raw: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "thesis"
    out.mkdir()
    for name in ("chapter1.docx", "chapter2.docx", "data.xlsx", "notes.md"):
        (out / name).write_text(name)
    before = tree(out)
    status, lines = cli_ingest(capsys, str(raw), "--out", str(out))
    assert status == cli.EXIT_USAGE
    assert lines[0] == (
        f"Error: --out {out} holds files govtasks did not write "
        "(chapter1.docx, chapter2.docx, data.xlsx and 1 more)"
    )
    assert tree(out) == before
    # --force: written there, the user's files carried over unchanged
    status, _ = cli_ingest(capsys, str(raw), "--out", str(out), "--force")
    assert status == cli.EXIT_OK
    after = tree(out)
    assert {name: after[name] for name in before} == before
    assert (out / "tasks.parquet").exists() and (out / publish.MARKER).exists()
    # From then on the folder is govtasks' own (its marker): no --force needed.
    ingest(raw, out, full=True)


def test_a_folder_holding_only_gitkeep_is_empty_make_ingest_from_a_fresh_clone(
    tmp_path: Path, raw: Path
) -> None:
    """`make ingest` writes data/processed, which git creates holding only `.gitkeep`."""
    out = tmp_path / "processed"
    out.mkdir()
    (out / ".gitkeep").write_bytes(b"")
    ingest(raw, out)
    assert (out / ".gitkeep").read_bytes() == b"" and (out / "tasks.parquet").exists()
    ingest(raw, out, full=True)  # and again, as the owner now


def test_outputs_of_the_version_before_the_marker_are_accepted_and_marked(
    tmp_path: Path, raw: Path, good: Path
) -> None:
    (good / publish.MARKER).unlink()
    (good / "my-notes.md").write_text("keep me")
    ingest(raw, good, full=True)
    assert (good / publish.MARKER).read_bytes() == publish.MARKER_TEXT
    assert (good / "my-notes.md").read_text() == "keep me"


def test_outputs_whose_manifest_was_deleted_are_still_govtasks_own_by_their_marker(
    raw: Path, good: Path
) -> None:
    """Deleting manifest.json (to force a rebuild) leaves table files no longer recognisable
    as govtasks' by themselves: the marker says whose they are."""
    (good / "manifest.json").unlink()
    ingest(raw, good)
    assert (good / "manifest.json").exists()


def test_a_symlink_to_a_folder_is_followed_and_kept(tmp_path: Path, raw: Path) -> None:
    target = tmp_path / "disk" / "outputs"
    target.mkdir(parents=True)
    link = tmp_path / "out"
    link.symlink_to(target)
    for _ in range(2):  # the first run makes the outputs, the second swaps them
        ingest(raw, link, full=True)
        assert link.is_symlink() and link.readlink() == target
        assert (target / "tasks.parquet").exists() and (target / publish.MARKER).exists()
    left = sorted(p.name for p in tmp_path.iterdir()) + sorted(p.name for p in target.parent.iterdir())
    assert left == ["disk", "out", "raw", ".outputs.lock", "outputs"]  # the lock beside the target


@pytest.mark.parametrize(
    ("out_of", "raw_of", "says"),
    [
        ("data", "data", "is the raw folder"),
        ("data/out", "data", "is inside the raw folder"),
        ("data", "data/raw", "holds the raw folder"),
    ],
)
def test_an_out_overlapping_raw_is_refused(
    tmp_path: Path, out_of: str, raw_of: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = copy_samples(tmp_path / raw_of, ["001"])
    out = tmp_path / out_of
    before = tree(tmp_path)
    status, lines = cli_ingest(capsys, str(raw), "--out", str(out), "--force")  # --force: still no
    assert status == cli.EXIT_USAGE
    assert lines[0] == f"Error: --out {out} {says} {raw}"
    assert tree(tmp_path) == before
    assert not [p for p in tmp_path.rglob(".*")]  # no lock, no work folder


# --- 2. an empty RAW never replaces outputs with rows ----------------------------------------


def test_an_empty_raw_folder_does_not_empty_good_outputs(tmp_path: Path, good: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    before = tables(good)
    with pytest.raises(NothingToIngest) as refused:
        ingest(empty, good)
    assert str(refused.value) == (
        f"{empty} holds no source files, and {good} holds 1 report a run would replace by empty tables"
    )
    assert "--force" in refused.value.hint
    assert tables(good) == before
    ingest(empty, good, force=True)  # said on purpose: empty tables
    assert (good / "reports.csv").read_text(encoding="utf-8-sig").count("\n") == 1


def test_an_empty_raw_folder_into_a_new_out_is_fine(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    ingest(empty, tmp_path / "out")
    ingest(empty, tmp_path / "out", full=True)  # empty over empty: nothing lost
    assert (tmp_path / "out" / "reports.parquet").exists()


# --- 3. one run at a time, from its first read to its publish ---------------------------------


@contextmanager
def lock_held(out: Path) -> Iterator[None]:
    """Another run holding ``out``'s lock (as a run does from its start to its publish)."""
    with open(out.parent / f".{out.name}.lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


def test_a_second_run_fails_before_reading_a_file(
    tmp_path: Path, raw: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(*_: object) -> None:
        raise AssertionError("a file was read while another run holds the output folder")

    monkeypatch.setattr("govtasks.run.ingest.scan_sources", read)
    monkeypatch.setattr("govtasks.run.ingest._read_sources", read)
    out = tmp_path / "out"
    with lock_held(out), pytest.raises(OutputsBusy):
        ingest(raw, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "raw"]


def test_two_overlapping_runs_the_second_fails_and_the_first_wins(tmp_path: Path, good: Path) -> None:
    """The second run starts while the first is reading its files (there the lock used to be
    free): it stops with OutputsBusy; the first publishes."""
    raw2 = copy_samples(tmp_path / "raw2", ["002"])
    import govtasks.run.ingest as ingest_module

    scan_sources = ingest_module.scan_sources
    second: list[BaseException] = []

    def first_reading(folder: Path) -> Listing:
        try:
            ingest(raw2, good)
        except OutputsBusy as exc:
            second.append(exc)
        return scan_sources(folder)

    ingest_module.scan_sources = first_reading  # type: ignore[assignment]
    try:
        ingest(tmp_path / "raw", good, full=True)
    finally:
        ingest_module.scan_sources = scan_sources
    assert [str(e) for e in second] == [f"another govtasks run is writing to {good}"]
    assert "001_" in (good / "reports.csv").read_text(encoding="utf-8-sig")
    assert "002_" not in (good / "reports.csv").read_text(encoding="utf-8-sig")


def test_the_no_change_check_says_busy_not_current_while_another_run_writes(
    raw: Path, good: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_ingest(capsys, str(raw), "--out", str(good))[0] == cli.EXIT_OK  # nothing changed
    with lock_held(good):
        status, lines = cli_ingest(capsys, str(raw), "--out", str(good))
    assert status == cli.EXIT_USAGE
    assert lines == [f"Error: another govtasks run is writing to {good}", f"Hint: {OutputsBusy.hint}"]


def test_the_workers_of_a_killed_run_do_not_keep_its_lock(tmp_path: Path) -> None:
    """A run forks its workers while it holds the lock (taken before reading): killed, its
    lock must go with it, even while a worker lives on (a flock belongs to the open file, which
    a fork shares)."""
    out = tmp_path / "out"
    done, go = os.pipe()  # the worker waits until the test closes ``go``
    started, ready = os.pipe()  # the worker says it has started (its fork hooks have run)
    run = os.fork()
    if run == 0:  # pragma: no cover - the run ends in os._exit
        try:
            with publish.hold_outputs(out):
                if os.fork() == 0:  # a worker, alive after its parent is killed
                    os.close(go)
                    os.write(ready, b"1")
                    os.read(done, 1)
                    os._exit(0)
                # killed once its worker runs (killed between the fork and the worker's first
                # step, the worker would still share the lock for that instant)
                os.read(started, 1)
                os._exit(9)  # the run killed: no unlock, no close
        finally:
            os._exit(1)
    os.close(ready)
    try:
        _, status = os.waitpid(run, 0)
        assert os.waitstatus_to_exitcode(status) == 9
        with publish.hold_outputs(out):  # OutputsBusy while the worker held the lock
            pass
    finally:
        os.close(go)
        os.close(done)
        os.close(started)


# --- 4. the swap without renameat2 --------------------------------------------------------------


def no_renameat2(monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(a: Path, b: Path) -> None:
        raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(b))

    monkeypatch.setattr(publish, "_rename_exchange", unsupported)


def test_without_renameat2_the_swap_publishes_and_leaves_nothing_behind(
    tmp_path: Path, raw: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_samples(raw, ["002"])
    reference = tmp_path / "reference"
    ingest(raw, reference)
    no_renameat2(monkeypatch)
    ingest(raw, good)
    assert tables(good) == tables(reference)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [".out.lock"]


def test_without_renameat2_a_failed_second_rename_puts_the_previous_outputs_back(
    tmp_path: Path, raw: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tables(good)
    no_renameat2(monkeypatch)
    rename = os.rename

    def refuse_into_out(source: str | Path, target: str | Path) -> None:
        if Path(source).name.startswith(".out.staging-"):
            raise OSError(errno.EIO, "Input/output error", str(target))
        rename(source, target)

    monkeypatch.setattr(os, "rename", refuse_into_out)
    copy_samples(raw, ["002"])
    with pytest.raises(OSError, match="Input/output error"):
        ingest(raw, good)
    assert tables(good) == before


@pytest.mark.parametrize("aside", ["previous", "old"])  # "old": the version before's swap
def test_without_renameat2_a_run_killed_between_the_renames_loses_nothing(
    tmp_path: Path, raw: Path, good: Path, monkeypatch: pytest.MonkeyPatch, aside: str
) -> None:
    before = tables(good)
    copy_samples(raw, ["002"])
    no_renameat2(monkeypatch)
    if aside == "previous":
        rename = os.rename

        def killed_after_the_first(source: str | Path, target: str | Path) -> None:
            rename(source, target)
            if ".out.previous-" in Path(target).name:
                os._exit(9)  # SIGKILL now: nothing cleans up

        child = os.fork()  # the child only publishes (no pyarrow, no threads after the fork)
        if child == 0:  # pragma: no cover - the child ends in os._exit
            try:
                monkeypatch.setattr(os, "rename", killed_after_the_first)
                publish.publish(good, {"run.json": b"{}"})
            finally:
                os._exit(1)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 9
    else:  # what the two-rename swap of the version before left: OUT aside as .OUT.old-PID
        os.rename(good, tmp_path / ".out.old-12345")
    assert not good.exists()  # the instant that used to lose the outputs
    set_aside = [p for p in tmp_path.iterdir() if p.name.startswith(f".out.{aside}-")]
    assert len(set_aside) == 1 and tables(set_aside[0]) == before
    # The next run, even one that fails early, first puts the previous outputs back ...
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(NothingToIngest):
        ingest(empty, good)
    assert tables(good) == before
    # ... and a complete run publishes the new ones, leaving nothing aside.
    ingest(raw, good)
    reference = tmp_path / "reference"
    ingest(raw, reference)
    assert tables(good) == tables(reference)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [".out.lock"]
