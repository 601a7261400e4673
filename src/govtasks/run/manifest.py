"""What was ingested, so that a re-run only parses what changed.

``OUT_DIR/manifest.json`` lists every source of the last run (path, size, mtime, SHA-256,
sidecar, format or rejection, and the parser version that read it); ``OUT_DIR/.cache/`` holds
each file's per-file result, keyed by what determines it: the file's bytes, its sidecar's
bytes, the phrase list and the parser version. A re-run

- reuses the cached result of a file whose size and mtime (and sidecar's) are unchanged;
- re-reads a file that changed, and reuses the cache anyway if its bytes did not (a touch);
- forgets files that are gone;
- skips everything, linking and writing included, when nothing changed at all.

The per-file stage is a pure function of those inputs, and linking and writing always run on
the complete set, so an incremental run writes exactly the bytes a full rebuild writes.

This module imports only the standard library (and govtasks.read.sources, which does too): the
no-change check runs before anything heavy is imported.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from govtasks import __version__
from govtasks.read.sources import list_sources, sidecar_of, source_name

MANIFEST = "manifest.json"
#: Bump when the manifest's own layout changes.
MANIFEST_FORMAT = 1


@cache  # the code cannot change during a run; the no-change check and the run both ask
def parser_version() -> str:
    """The version of the code that turns a file into rows: the package version and a hash of
    every module and data file of the package, so any change to a parser, cleaner or the
    shipped phrase list invalidates cached results.

    >>> parser_version().startswith(__version__ + "+")
    True
    """
    digest = hashlib.sha256()
    package = resources.files("govtasks")
    for item in sorted(_package_files(package), key=lambda t: t[0]):
        digest.update(item[0].encode() + b"\0" + item[1] + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


def _package_files(folder: Any, prefix: str = "") -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for entry in folder.iterdir():
        name = prefix + entry.name
        if entry.is_dir():
            if entry.name != "__pycache__":
                files.extend(_package_files(entry, name + "/"))
        elif entry.name.endswith((".py", ".txt")):
            files.append((name, entry.read_bytes()))
    return files


@dataclass(frozen=True)
class FileState:
    """What a quick ``stat`` says about a file; equal states mean "unchanged" for a re-run."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileState | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Entry:
    """One source of the last run."""

    path: str  # relative to the raw folder, with "/"
    state: FileState
    sha256: str | None  # None when the file could not be read
    sidecar: FileState | None
    result: str  # the format's name, or "rejected"
    cache: str  # file name under .cache/


@dataclass(frozen=True)
class Manifest:
    parser_version: str
    phrases: FileState | None  # the user's phrase file, if any
    entries: dict[str, Entry]
    outputs: dict[str, FileState]  # output file -> state after the run wrote it
    rejected: int

    def to_json(self) -> bytes:
        data = {
            "manifest_format": MANIFEST_FORMAT,
            "govtasks": __version__,
            "parser_version": self.parser_version,
            "phrases": asdict(self.phrases) if self.phrases else None,
            "rejected": self.rejected,
            "files": [asdict(entry) for entry in sorted(self.entries.values(), key=lambda e: e.path)],
            "outputs": {name: asdict(state) for name, state in sorted(self.outputs.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def read(cls, out_dir: Path) -> Manifest | None:
        """The manifest in ``out_dir``; None when there is none or it is unreadable (full run)."""
        try:
            data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
            if data.get("manifest_format") != MANIFEST_FORMAT:
                return None
            entries = {}
            for raw in data["files"]:
                entry = Entry(
                    path=raw["path"],
                    state=FileState(**raw["state"]),
                    sha256=raw["sha256"],
                    sidecar=FileState(**raw["sidecar"]) if raw["sidecar"] else None,
                    result=raw["result"],
                    cache=raw["cache"],
                )
                entries[entry.path] = entry
            return cls(
                parser_version=data["parser_version"],
                phrases=FileState(**data["phrases"]) if data["phrases"] else None,
                entries=entries,
                outputs={name: FileState(**state) for name, state in data["outputs"].items()},
                rejected=int(data["rejected"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


def unchanged_since(
    manifest: Manifest | None, raw_dir: Path, out_dir: Path, phrase_file: Path | None
) -> bool:
    """Whether a run would find exactly what the last run found: the same code, phrase file,
    sources (by size and mtime, sidecars too) and intact outputs. Only ``stat`` calls."""
    if manifest is None or manifest.parser_version != parser_version():
        return False
    if (FileState.of(phrase_file) if phrase_file else None) != manifest.phrases:
        return False
    sources = list_sources(raw_dir)
    if len(sources) != len(manifest.entries):
        return False
    for path in sources:
        entry = manifest.entries.get(source_name(path, raw_dir))
        if (
            entry is None
            or FileState.of(path) != entry.state
            or FileState.of(sidecar_of(path)) != entry.sidecar
        ):
            return False
    return all(FileState.of(out_dir / name) == state for name, state in manifest.outputs.items())


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes; None when it cannot be read."""
    try:
        with open(path, "rb") as f:  # a block at a time: a huge file costs no memory
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None
