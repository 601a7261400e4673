"""Everything a run reads back is verified (issue 16, points 3 and 7): cache files, manifest.json,
the sources behind the outputs (``validate --sources``), and the user's phrase list, found from
the raw folder rather than the working directory and checked line by line.

Small inputs, runs in this process with one job: the whole module takes a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import DETERMINISTIC, copy_samples, quiet_console

from govtasks.run.cache import CACHE_DIR
from govtasks.run.ingest import run_ingest
from govtasks.run.manifest import MANIFEST
from govtasks.run.settings import RunSettings

pytestmark = pytest.mark.adversarial


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in DETERMINISTIC}


def _ingest(raw: Path, out: Path, **kwargs: object) -> object:
    return run_ingest(RunSettings(raw, out, jobs=1, **kwargs), console=quiet_console())  # type: ignore[arg-type]


# --- 1. cache files: checksummed as a whole, tied to their source and key -----------------------


def test_a_flipped_bit_in_a_cache_head_is_parsed_again(tmp_path: Path) -> None:
    """A year 2020 turned into 2021 in a cache file's head (one bit: 0x30 -> 0x31) used to pass
    the body's CRC and reach the tables; the checksum now covers the head too."""
    raw = copy_samples(tmp_path / "raw", ["001", "004"])
    out = tmp_path / "out"
    _ingest(raw, out)
    full = _tables(out)
    [damaged] = [p for p in (out / CACHE_DIR).iterdir() if b'"year": 2020' in p.read_bytes()]
    data = damaged.read_bytes()
    damaged.write_bytes(data.replace(b'"year": 2020', b'"year": 2021', 1))
    result = _ingest(raw, out)
    assert _tables(out) == full
    assert result.reused == 1  # type: ignore[attr-defined]


def test_swapped_cache_keys_in_the_manifest_do_not_swap_rows(tmp_path: Path) -> None:
    """Two entries of manifest.json exchanging their ``cache`` values: each cache file records
    the source SHA-256 and the key it was stored under, so both files are parsed again."""
    raw = copy_samples(tmp_path / "raw", ["001", "004"])
    out = tmp_path / "out"
    _ingest(raw, out)
    full = _tables(out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    first, second = manifest["files"]
    first["cache"], second["cache"] = second["cache"], first["cache"]
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = _ingest(raw, out)
    assert _tables(out) == full
    assert result.reused == 0  # type: ignore[attr-defined]
