"""The per-file cache: each file's result stored under a key of its inputs, for linking and for later runs."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from govtasks import models
from govtasks.run.manifest import (
    CACHE_DIR,
    FileState,
    Manifest,
    cache_key,
    file_sha256,
    sidecar_of,
)
from govtasks.run.per_file import (
    ParsedFile,
    Rejection,
    head_from_json,
    result_to_json,
    rows_from_json,
)

#: Where a run writes its table files, in its private folder, before they are published.
from govtasks.run.settings import Job
from govtasks.write.tables import (
    pin,
    write_atomically,
)


@dataclass(frozen=True)
class Ingested:
    """A parsed file as a run keeps it until its (district, year) block is linked: everything
    but its rows (``head.rows`` is empty); they wait in its cache file ``key`` in the run's
    folder (:func:`with_rows` reads them back)."""

    head: ParsedFile
    n_rows: int
    key: str

    @classmethod
    def of(cls, result: ParsedFile, key: str) -> Ingested:
        return cls(dataclasses.replace(result, rows=()), len(result.rows), key)

    @property
    def facts(self) -> models.ReportFacts:
        return self.head.facts

    @property
    def source_file(self) -> str:
        return self.head.source_file

    @property
    def sha256(self) -> str:
        return self.head.sha256


#: A file's result as a run keeps it while others are parsed, and its cache key.
Slot = tuple[Ingested | Rejection, str]


def with_rows(item: Ingested, folder: Path) -> ParsedFile:
    """The file's whole result again: its rows read back from its cache file in ``folder``
    (written there by this run, or pinned there from ``.cache/`` and checked, see cached_result)."""
    path = folder / item.key
    changed = f"the parsed rows of {item.source_file} ({path}) changed during the run"
    try:
        rows = rows_from_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"{changed}: {exc}") from exc
    if len(rows) != item.n_rows:
        raise RuntimeError(changed)
    return dataclasses.replace(item.head, rows=rows)


def store(result: ParsedFile | Rejection, path: Path, job: Job) -> str:
    sidecar = sidecar_of(path)
    sidecar_sha = file_sha256(sidecar) if sidecar.exists() else None
    key = cache_key(result.sha256 or "", sidecar_sha, job.phrase_id, job.version)
    # Not synced: a cache file lost or cut short by a crash is only parsed again (its reader
    # checks it, see pipeline.head_from_json); the published outputs are synced.
    write_atomically(job.folder / key, result_to_json(result), sync=False)
    return key


def cached_result(
    previous: Manifest | None,
    out_dir: Path,
    name: str,
    path: Path,
    state: FileState | None,
    sidecar: FileState | None,
    job: Job,
) -> Slot | None:
    """The last run's result for this file, if its inputs are provably the same and its cache
    file is whole.

    The cache file is first pinned into the run's folder (a hard link): linking reads its rows
    from there later, and another run publishing into ``out_dir`` meanwhile cannot take it away.
    """
    if previous is None or state is None:
        return None
    entry = previous.entries.get(name)
    if entry is not None and entry.state == state and entry.sidecar == sidecar:
        key = entry.cache
    else:
        # Changed size or mtime: the bytes (and the sidecar's) decide.
        sha = file_sha256(path)
        if sha is None:
            return None
        sidecar_sha = file_sha256(sidecar_of(path)) if sidecar else None
        key = cache_key(sha, sidecar_sha, job.phrase_id, job.version)
    pinned = job.folder / key
    try:
        pin(out_dir / CACHE_DIR / key, pinned)
        result, n_rows = head_from_json(pinned.read_bytes(), name)
    except (OSError, ValueError):  # gone, or torn: parse the file again
        pinned.unlink(missing_ok=True)
        return None
    if isinstance(result, Rejection):
        return result, key
    if result.phrase_list != job.phrase_id:
        return None
    return Ingested(result, n_rows, key), key
