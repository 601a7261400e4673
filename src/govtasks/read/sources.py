"""Which files of the raw folder are sources, the sidecar that may sit beside each, and the
user's phrase list beside the raw folder.

Standard library only: the no-change check of ``govtasks ingest`` lists the sources before
anything heavy is imported.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

#: Sidecar files (see govtasks.read.sidecar) sit beside sources and are never sources themselves.
SIDECAR_SUFFIX = ".meta.toml"
#: The user's protected phrases (see govtasks.clean.normalize), beside the raw folder.
PHRASE_FILE = "phrases.txt"


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


def phrase_file_of(raw_dir: Path) -> Path:
    """The user's phrase list for the sources in ``raw_dir``: ``phrases.txt`` beside the raw
    folder (``data/phrases.txt`` for ``data/raw``), found from the raw folder, never from the
    working directory, so a command gives the same tables wherever it is run from. Used when it
    exists and no ``--phrases`` is given.

    >>> phrase_file_of(Path("/work/project/data/raw")).as_posix()
    '/work/project/data/phrases.txt'
    >>> phrase_file_of(Path("/work/project/data/raw/.")) == phrase_file_of(Path("/work/project/data/raw"))
    True
    """
    return Path(os.path.abspath(raw_dir)).parent / PHRASE_FILE
