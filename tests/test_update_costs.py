"""What a one-report update no longer does, and that it still publishes the same outputs safely:
sidecars unchanged since the last run are not hashed again, the table files are synced by
threads that publishing waits for, the manifest is written once (before the swap), and pyarrow
is not let import pandas (issue 20, part 2)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import DETERMINISTIC, copy_samples, quiet_console

from govtasks.run import cache as cache_module
from govtasks.run import ingest as ingest_module
from govtasks.run.cache import CACHE_DIR, HEADS, Heads
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.write import publish as publish_module
from govtasks.write import reuse as reuse_module
from govtasks.write import tables as tables_module
from govtasks.write.publish import SerialWork, Syncing, publish

SIDECAR = 'title = "三季度进展"\n'


def _run(raw: Path, out: Path) -> None:
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())


def _entries(out: Path) -> dict[str, dict[str, object]]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry for entry in manifest["files"]}


def _sidecar_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sidecars the run hashes while it records the manifest's entries."""
    read: list[str] = []
    real = ingest_module.file_sha256

    def counting(path: Path) -> str | None:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(ingest_module, "file_sha256", counting)
    return read


def test_an_unchanged_sidecar_is_not_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw, out = copy_samples(tmp_path / "raw", ["000", "001"]), tmp_path / "out"
    sample = sorted(raw.iterdir())[0]
    sidecar = sample.with_name(sample.name + ".meta.toml")
    sidecar.write_text(SIDECAR, encoding="utf-8")
    _run(raw, out)
    expected = hashlib.sha256(sidecar.read_bytes()).hexdigest()
    assert _entries(out)[sample.name]["sidecar_sha256"] == expected

    copy_samples(raw, ["002"])  # a report added: a real run, the sidecar as it was
    read = _sidecar_reads(monkeypatch)
    _run(raw, out)
    assert read == []  # taken from the last run's manifest, where it gives the cache key
    assert _entries(out)[sample.name]["sidecar_sha256"] == expected


def test_a_recorded_sidecar_hash_that_does_not_fit_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest edited by hand (or damaged) with a wrong sidecar hash: the hash is not the one
    the file's cache key was made with, so the sidecar is hashed again and the right one kept."""
    raw, out = copy_samples(tmp_path / "raw", ["000", "001"]), tmp_path / "out"
    sample = sorted(raw.iterdir())[0]
    sidecar = sample.with_name(sample.name + ".meta.toml")
    sidecar.write_text(SIDECAR, encoding="utf-8")
    _run(raw, out)
    manifest = out / "manifest.json"
    right = hashlib.sha256(sidecar.read_bytes()).hexdigest()
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(right, "0" * 64), encoding="utf-8")

    copy_samples(raw, ["002"])
    read = _sidecar_reads(monkeypatch)
    _run(raw, out)
    assert read == [sidecar.name]
    assert _entries(out)[sample.name]["sidecar_sha256"] == right


def test_a_sidecar_changed_since_the_last_run_is_hashed(tmp_path: Path) -> None:
    raw, out = copy_samples(tmp_path / "raw", ["000", "001"]), tmp_path / "out"
    sample = sorted(raw.iterdir())[0]
    sidecar = sample.with_name(sample.name + ".meta.toml")
    sidecar.write_text(SIDECAR, encoding="utf-8")
    _run(raw, out)
    sidecar.write_text('title = "前三季度进展"\n', encoding="utf-8")
    _run(raw, out)
    assert _entries(out)[sample.name]["sidecar_sha256"] == hashlib.sha256(sidecar.read_bytes()).hexdigest()


def test_syncing_waits_for_every_file_and_raises_the_first_failure(tmp_path: Path) -> None:
    written = tmp_path / "a.csv"
    written.write_bytes(b"x")
    syncing = Syncing()
    syncing.start(written)
    syncing.wait()  # on disk: nothing raised

    syncing.start(tmp_path / "gone.csv")
    with pytest.raises(FileNotFoundError):
        syncing.wait()


def test_publishing_stops_before_the_swap_when_a_file_is_not_on_disk(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, {"tasks.csv": b"first"})
    syncing = Syncing()
    syncing.start(tmp_path / "never-written.parquet")  # fails: stands for a disk error
    with pytest.raises(FileNotFoundError):
        publish(out, {"tasks.csv": b"second"}, syncing=syncing)
    assert (out / "tasks.csv").read_bytes() == b"first"
    assert not list(tmp_path.glob(".out.staging-*"))


def test_the_table_files_are_written_and_synced_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their threads (write.publish.SerialWork) write, end and sync every table file; publish
    waits for them before the swap, when the files are whole (their bytes those a full
    rebuild writes)."""
    raw, out = copy_samples(tmp_path / "raw", ["000", "001"]), tmp_path / "out"
    events: list[str] = []
    real_fsync, exchange = os.fsync, publish_module._exchange

    def fsync(descriptor: int) -> None:
        real_fsync(descriptor)
        name = Path(os.readlink(f"/proc/self/fd/{descriptor}"))
        events.append(f"sync {name.parent.name}/{name.name}")

    def swapped(staging: Path, out_dir: Path) -> None:
        events.append("swap")
        exchange(staging, out_dir)

    real_close = tables_module._sync_and_close

    def slow_close(handle: Any) -> None:  # the threads still busy when the run reaches publish
        time.sleep(0.2)
        real_close(handle)

    _run(raw, out)  # the first run renames the staging folder; the second swaps
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(publish_module, "_exchange", swapped)
    monkeypatch.setattr(tables_module, "_sync_and_close", slow_close)
    copy_samples(raw, ["002"])
    _run(raw, out)
    names = [
        f"{table}.{kind}"
        for table in ("reports", "tasks", "progress", "figures")
        for kind in ("parquet", "csv")
    ]
    swap = events.index("swap")
    for name in [*names, "links_review.csv"]:
        assert f"sync tables/{name}" in events[:swap], name
    full = tmp_path / "full"
    run_ingest(RunSettings(raw, full, full=True, jobs=1), console=quiet_console())
    for name in [*names, "links_review.csv"]:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_a_failure_in_a_table_files_thread_stops_the_run_before_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error copying a kept block's bytes (here: a disk full) is raised by the run, and the
    previous outputs stay as they were."""
    raw, out = copy_samples(tmp_path / "raw", ["000", "001", "002"]), tmp_path / "out"
    _run(raw, out)
    before = {name: (out / name).read_bytes() for name in DETERMINISTIC}

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reuse_module.PreviousFiles, "copy_bytes", full_disk)
    copy_samples(raw, ["003"])
    with pytest.raises(OSError, match="No space left"):
        _run(raw, out)
    assert {name: (out / name).read_bytes() for name in DETERMINISTIC} == before
    assert not list(tmp_path.glob(".out.staging-*")) and not list(tmp_path.glob(".out.parsed-*"))


def test_serial_work_runs_in_order_and_raises_the_first_error() -> None:
    done: list[int] = []
    work = SerialWork("test")
    for number in range(50):
        work.submit(done.append, number)
    work.finish()
    assert done == list(range(50))

    failing = SerialWork("test")
    failing.submit(done.append, 50)
    failing.submit(int, "not a number")
    failing.submit(done.append, 51)  # skipped: the work failed before it
    with pytest.raises(ValueError, match="not a number"):
        failing.finish()
    assert done[-1] == 50


def test_the_manifest_is_published_with_the_outputs_recorded(tmp_path: Path) -> None:
    """The manifest is written once, in the staging folder, with the size and mtime of every
    output: the folder swapped in is complete, and the next run finds nothing changed."""
    raw, out = copy_samples(tmp_path / "raw", ["000", "001"]), tmp_path / "out"
    _run(raw, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = manifest["outputs"]
    assert {"tasks.csv", "tasks.parquet", "files.csv", "run.json"} <= set(recorded)
    assert "manifest.json" not in recorded
    for name, state in recorded.items():
        stat = (out / name).stat()
        assert (state["size"], state["mtime_ns"]) == (stat.st_size, stat.st_mtime_ns), name
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "Nothing changed" in result.stderr


def test_an_ingest_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow would import pandas on its first conversion of Python values (a quarter of a
    second of a one-report update); the run never needs it. Where pandas is really used after
    that, it imports and works as usual."""
    raw, out = copy_samples(tmp_path / "raw", ["000", "001"]), tmp_path / "out"
    script = f"""
import sys
from govtasks.cli import run
status = run(["ingest", {str(raw)!r}, "--out", {str(out)!r}, "--jobs", "1"])
assert status == 0, status
assert "pandas" not in sys.modules, "pandas imported"
import pyarrow.parquet as pq
frame = pq.read_table({str(out / "tasks.parquet")!r}).to_pandas()
print(len(frame), type(frame).__module__.split(".")[0])
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    tasks = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert result.stdout.split() == [str(tasks["tasks"]), "pandas"]


# --- the heads of the cache files, in one file ----------------------------------------------------


def _head_reads(monkeypatch: pytest.MonkeyPatch, cache: Path) -> list[str]:
    """The cache files of ``cache`` whose head a run reads from the file itself."""
    read: list[str] = []
    real = cache_module.read_head

    def counting(folder: Path, key: str) -> bytes:
        head = real(folder, key)  # a new file's key is looked for too: not found, not counted
        if Path(folder) == cache:
            read.append(key)
        return head

    monkeypatch.setattr(cache_module, "read_head", counting)
    return read


def test_the_heads_of_reused_files_come_from_the_heads_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw, out = copy_samples(tmp_path / "raw", ["000", "001", "002"]), tmp_path / "out"
    _run(raw, out)
    heads = Heads.read(out)
    assert sorted(heads.by_key) == sorted(str(entry["cache"]) for entry in _entries(out).values())
    copy_samples(raw, ["003"])
    read = _head_reads(monkeypatch, out / CACHE_DIR)
    result = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert result.reused == 3 and read == []
    assert len(Heads.read(out).by_key) == 4  # the new file's head too, for the next run


@pytest.mark.parametrize("damage", ["missing", "a byte changed", "cut short"])
def test_a_heads_file_missing_or_damaged_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """Not an error, and no wrong head: the heads are then read from the cache files, and the
    run writes a whole heads file again."""
    raw, out = copy_samples(tmp_path / "raw", ["000", "001", "002"]), tmp_path / "out"
    _run(raw, out)
    heads = out / HEADS
    written = heads.read_bytes()
    if damage == "missing":
        heads.unlink()
    elif damage == "a byte changed":
        at = written.index(b'"year": 20') + len(b'"year": 20')
        heads.write_bytes(written[:at] + bytes([written[at] ^ 1]) + written[at + 1 :])
    else:
        heads.write_bytes(written[: len(written) // 2])
    assert Heads.read(out).by_key == {}
    copy_samples(raw, ["003"])
    read = _head_reads(monkeypatch, out / CACHE_DIR)
    result = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert result.reused == 3 and len(read) == 3
    full = tmp_path / "full"
    run_ingest(RunSettings(raw, full, full=True, jobs=1), console=quiet_console())
    for name in DETERMINISTIC:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name
    assert Heads.read(out).by_key == Heads.read(full).by_key


_KEYS = st.text("0123456789abcdef", min_size=32, max_size=32).map(lambda key: key + ".json")
#: A head line as json.dumps writes one (no line end or tab: JSON escapes them), and a checksum.
_HEADS = st.builds(
    lambda value, checksum: (
        json.dumps(value, ensure_ascii=False).encode() + b"\n" + checksum.encode() + b"\n"
    ),
    st.dictionaries(st.text(max_size=8), st.text(max_size=20) | st.integers() | st.none(), max_size=4),
    st.text("0123456789abcdef", min_size=64, max_size=64),
)


@given(st.dictionaries(_KEYS, _HEADS, max_size=20))
def test_heads_read_back_as_written(by_key: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        (out / CACHE_DIR).mkdir()
        (out / HEADS).write_bytes(Heads(by_key).to_bytes())
        assert Heads.read(out).by_key == by_key
