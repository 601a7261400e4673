"""Issue 16, "Losing a user's files": the swap without ``renameat2`` never loses the previous
outputs.

Runs are in-process on one small sample with ``jobs=1`` (the CLI through ``cli.run`` where its
own parsing is the point); a kill is a forked child ending itself with ``os._exit``."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from tests.conftest import DETERMINISTIC, copy_samples, quiet_console

from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.write import publish

pytestmark = pytest.mark.adversarial


def ingest(raw: Path, out: Path, full: bool = False) -> None:
    run_ingest(RunSettings(raw, out, jobs=1, full=full), console=quiet_console())


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

        child = os.fork()
        if child == 0:  # pragma: no cover - the child ends in os._exit
            try:
                monkeypatch.setattr(os, "rename", killed_after_the_first)
                ingest(raw, good)
            finally:
                os._exit(1)
        _, status = os.waitpid(child, 0)
        assert os.waitstatus_to_exitcode(status) == 9
    else:  # what the two-rename swap of the version before left: OUT aside as .OUT.old-PID
        os.rename(good, tmp_path / ".out.old-12345")
    assert not good.exists()  # the instant that used to lose the outputs
    set_aside = [p for p in tmp_path.iterdir() if p.name.startswith(f".out.{aside}-")]
    assert len(set_aside) == 1 and tables(set_aside[0]) == before
    # The next run puts the previous outputs back and publishes the new ones, leaving nothing aside.
    ingest(raw, good)
    reference = tmp_path / "reference"
    ingest(raw, reference)
    assert tables(good) == tables(reference)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [".out.lock"]
