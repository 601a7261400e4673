"""Shared test fixtures: the real sample files and the golden-file switch."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from rich.console import Console

# CI runs the same examples every time (a red build is then reproducible, never luck); a
# developer's run explores new random examples and remembers failures in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"

#: The five sample documents, as shipped in data/raw (bytes identical to shared/seeds).
SAMPLES = {
    "000": RAW / "000_c093e5a82e7cad71.txt",
    "001": RAW / "001_03dc6f653f7d2afa.txt",
    "002": RAW / "002_0c120a087920f187.txt",
    "003": RAW / "003_96235b2aa55a9220.txt",
    "004": RAW / "004_a3cc683a55f0c1f2.txt",
}


#: Beginnings of real pages in other layouts (copied from shared/samples-extra, bytes unchanged).
EXTRA = ROOT / "tests" / "fixtures" / "samples-extra"

#: Traditional-script copies of samples 000, 001 and 002 (tests/test_traditional_copies.py).
TRADITIONAL = ROOT / "tests" / "fixtures" / "traditional"

#: The table files of a run's output folder.
TABLES = [f"{t}.{ext}" for t in ("reports", "tasks", "progress") for ext in ("parquet", "csv")]
#: Everything a run writes that must not change from run to run (run.json and the manifest
#: hold run facts and file times by design).
DETERMINISTIC = [*TABLES, "rejected.csv", "links_review.csv"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.jsonl from the current output (review the diff!)",
    )


@pytest.fixture(autouse=True, scope="session")
def _no_columns() -> Iterator[None]:
    """Without COLUMNS, the CLI writing to a pipe prints 200-column lines; with it, lines as wide
    as it says. The subprocess tests read those lines, so they get no COLUMNS from the developer's
    shell, nor from GNU readline (imported by pytest, it puts COLUMNS=80 in the process's
    environment, unseen by os.environ). Tests that want a width set COLUMNS themselves."""
    columns = os.environ.pop("COLUMNS", None)
    os.unsetenv("COLUMNS")
    yield
    if columns is not None:
        os.environ["COLUMNS"] = columns


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to open a connection is recorded and refused (saved pages are untrusted)."""
    import socket

    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    return attempts


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def quiet_console() -> Console:
    """A console for runs whose summary a test does not read (wide: no wrapping work)."""
    return Console(file=io.StringIO(), width=200)


def copy_samples(folder: Path, keys: list[str] | None = None) -> Path:
    """Copy the samples (all, or those named by ``keys`` such as "000") into ``folder``,
    bytes unchanged, creating it if needed; return ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for key in keys if keys is not None else list(SAMPLES):
        (folder / SAMPLES[key].name).write_bytes(SAMPLES[key].read_bytes())
    return folder


def ingest_in_two_steps(raw: Path, out: Path, names: list[str], aside: Path) -> Any:
    """An incremental run into ``out`` as one happens: a first run (two jobs) without the files
    ``names`` of ``raw`` (kept in ``aside`` meanwhile), then one (one job) with them; the second
    run's result (a RunResult)."""
    from govtasks.run.ingest import run_ingest
    from govtasks.run.settings import RunSettings

    moved = [raw / name for name in names]
    for path in moved:
        path.rename(aside / path.name)
    run_ingest(RunSettings(raw, out, jobs=2), console=quiet_console())
    for path in moved:
        (aside / path.name).rename(path)
    return run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())


def small_row_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parquet row groups of about 50 rows (20 to 100; govtasks.write.tables.cut_after): the
    samples' tables then have many, as a large corpus's do."""
    from govtasks.write import tables

    monkeypatch.setattr(tables, "GROUP_ROWS", 50)
    monkeypatch.setattr(tables, "GROUP_MIN_ROWS", 20)
    monkeypatch.setattr(tables, "GROUP_MAX_ROWS", 100)


def write_traditional_copy(source: Path, folder: Path) -> Path:
    """A traditional-script copy of a simplified sample, made with the converter (s2t), as a
    mirror site publishing the same document in traditional script would."""
    from govtasks.clean.normalize import to_traditional

    target = folder / f"traditional-{source.name}"
    target.write_text(to_traditional(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def read_table(out_dir: Path, name: str) -> list[Any]:
    """Table ``name`` as ``govtasks ingest`` wrote it into ``out_dir``, one model per row (a run
    writes its tables block by block and does not return them)."""
    import pyarrow.parquet as pq

    from govtasks.models import TABLES
    from govtasks.write.tables import records

    model = TABLES[name]
    return [model.model_validate(record) for record in records(pq.read_table(out_dir / f"{name}.parquet"))]
