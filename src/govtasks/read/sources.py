"""Which files of the raw folder are sources, and the sidecar that may sit beside each.

Standard library only: the no-change check of ``govtasks ingest`` lists the sources before
anything heavy is imported.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: Sidecar files (see govtasks.read.sidecar) sit beside sources and are never sources themselves.
SIDECAR_SUFFIX = ".meta.toml"


def list_sources(raw_dir: Path) -> list[Path]:
    """Source files under ``raw_dir``, sorted: hidden files and sidecars are not sources."""
    found = []
    for path in raw_dir.rglob("*"):
        relative = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and not path.name.endswith(SIDECAR_SUFFIX):
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(raw_dir).as_posix())


@cache  # the same paths are asked for by the no-change check and the run
def sidecar_of(path: Path) -> Path:
    """``report.txt`` -> ``report.txt.meta.toml``, the sidecar that may sit beside a source.

    >>> sidecar_of(Path("raw/report.txt")).as_posix()
    'raw/report.txt.meta.toml'
    """
    return path.with_name(path.name + SIDECAR_SUFFIX)
