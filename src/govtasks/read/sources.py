"""Which files of the raw folder are sources, the sidecar that may sit beside each, and the
user's phrase list beside the raw folder.

Standard library only: the no-change check of ``govtasks ingest`` lists the sources before
anything heavy is imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: Sidecar files (see govtasks.read.sidecar) sit beside sources and are never sources themselves.
SIDECAR_SUFFIX = ".meta.toml"
#: The user's protected phrases (see govtasks.clean.normalize), beside the raw folder.
PHRASE_FILE = "phrases.txt"


@dataclass
class Listing:
    """The sources of a raw folder, sorted, and what the listing has to say (folders it could
    not read, sidecars without a source), one line each."""

    sources: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def list_sources(raw_dir: Path) -> list[Path]:
    """Source files under ``raw_dir``, sorted: hidden files and sidecars are not sources."""
    return scan_sources(raw_dir).sources


def scan_sources(raw_dir: Path) -> Listing:
    """The sources under ``raw_dir`` (see :func:`list_sources`), with a note for each folder
    that could not be read and each sidecar whose source is missing."""
    listing = Listing()
    sidecars: list[Path] = []
    folders = [raw_dir]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError as exc:
            where = source_name(folder, raw_dir) if folder != raw_dir else str(raw_dir)
            reason = (exc.strerror or type(exc).__name__).lower()
            listing.notes.append(f"skipped folder {where}: {reason}")
            continue
        for entry in found:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(path)
                elif path.is_file():
                    (sidecars if entry.name.endswith(SIDECAR_SUFFIX) else listing.sources).append(path)
            except OSError:  # gone meanwhile, or a link to nowhere: not a source
                continue
    listing.sources.sort(key=lambda p: p.relative_to(raw_dir).as_posix())
    known = set(listing.sources)
    for sidecar in sorted(sidecars, key=lambda p: p.relative_to(raw_dir).as_posix()):
        source = sidecar.with_name(sidecar.name[: -len(SIDECAR_SUFFIX)])
        if source not in known:
            listing.notes.append(
                f"sidecar {source_name(sidecar, raw_dir)} has no source file "
                f"{source_name(source, raw_dir)} beside it: ignored"
            )
    listing.notes.sort(key=lambda note: not note.startswith("skipped"))
    return listing


def source_name(path: Path, raw_dir: Path) -> str:
    """How a source is named in the outputs and messages: its path relative to ``raw_dir``,
    with "/". A part of the name that is not UTF-8 (a zip made on Chinese Windows, unpacked on
    Linux) is read as GBK when it is GBK (and no file beside it already has that name), else
    its undecodable bytes are written ``\\xNN``: two files never share a name.

    >>> source_name(Path("raw/a/b.txt"), Path("raw"))
    'a/b.txt'
    >>> source_name(Path(os.fsdecode(b"raw/\\xb1\\xa8\\xb8\\xe6.txt")), Path("raw"))
    '报告.txt'
    >>> source_name(Path(os.fsdecode(b"raw/\\xff.txt")), Path("raw"))
    '\\\\xff.txt'
    """
    names = []
    folder = raw_dir
    for part in path.relative_to(raw_dir).parts:
        names.append(_readable(part, folder))
        folder = folder / part
    return "/".join(names)


def _readable(part: str, folder: Path) -> str:
    """A part of a name (in ``folder``) as UTF-8 text."""
    try:
        part.encode("utf-8")
        return part
    except UnicodeEncodeError:  # surrogate escapes: bytes that are not UTF-8
        data = os.fsencode(part)
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError:
        text = None
    if text is not None and not os.path.lexists(folder / text):
        return text
    return data.decode("utf-8", "backslashreplace")


@cache  # the same paths are asked for by the no-change check and the run
def sidecar_of(path: Path) -> Path:
    """``report.txt`` -> ``report.txt.meta.toml``, the sidecar that may sit beside a source.

    >>> sidecar_of(Path("raw/report.txt")).as_posix()
    'raw/report.txt.meta.toml'
    """
    return path.with_name(path.name + SIDECAR_SUFFIX)


def existing_sidecar(path: Path) -> Path | None:
    """The sidecar beside ``path`` if there is one. A source whose name is too long for a
    sidecar's (over 245 bytes: the sidecar's would pass the 255-byte limit) has none."""
    sidecar = sidecar_of(path)
    try:
        return sidecar if sidecar.is_file() else None
    except OSError:  # ENAMETOOLONG
        return None


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
