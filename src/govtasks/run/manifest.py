"""What was ingested, so that a re-run only parses what changed.

``OUT_DIR/manifest.json`` lists every source of the last run (path, size, mtime, SHA-256,
sidecar and its SHA-256, format or rejection, and the parser version that read it) and where the
raw folder is; it is checked against its layout when read (:meth:`Manifest.parse`: anything else
means a full rebuild). ``OUT_DIR/.cache/`` holds
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
import os
import re
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from govtasks import __version__
from govtasks.read.sources import (
    SIDECAR_SUFFIX,
    Listing,
    existing_sidecar,
    list_sources,
    scan_sources,
    sidecar_of,
    source_name,
)

MANIFEST = "manifest.json"
#: Bump when the manifest's own layout changes.
MANIFEST_FORMAT = 2


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
    #: SHA-256 of the sidecar the result was made from; None without a sidecar, or when the
    #: sidecar changed during the run (``validate --sources`` then reports it)
    sidecar_sha256: str | None = None


@dataclass(frozen=True)
class Manifest:
    parser_version: str
    phrases: FileState | None  # the user's phrase file, if any
    entries: dict[str, Entry]
    outputs: dict[str, FileState]  # output file -> state after the run wrote it
    rejected: int
    #: The raw folder, relative to the output folder (both resolved), for ``validate --sources``
    raw_dir: str | None = None

    def to_json(self) -> bytes:
        """The manifest as JSON: one line per key, and one per file and output (made by the C
        encoder line by line: ``indent`` would take the pure-Python one, a second per 10,000
        files, on every run).

        >>> Manifest("v", None, {}, {"a.csv": FileState(1, 2)}, 0).to_json().decode().splitlines()[-5:]
        [' "files": [],', ' "outputs": {', '  "a.csv": {"size": 1, "mtime_ns": 2}', ' }', '}']
        """
        head = {
            "manifest_format": MANIFEST_FORMAT,
            "govtasks": __version__,
            "parser_version": self.parser_version,
            "raw_dir": self.raw_dir,
            "phrases": asdict(self.phrases) if self.phrases else None,
            "rejected": self.rejected,
        }
        lines = [f" {json.dumps(k)}: {json.dumps(value, ensure_ascii=False)}," for k, value in head.items()]
        files = [
            json.dumps(_entry_json(entry), ensure_ascii=False)
            for entry in sorted(self.entries.values(), key=lambda e: e.path)
        ]
        outputs = [
            f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(_state_json(state))}"
            for name, state in sorted(self.outputs.items())
        ]
        lines += _listed(' "files": [', files, " ],") + _listed(' "outputs": {', outputs, " }")
        return ("{\n" + "\n".join(lines) + "\n}\n").encode("utf-8")

    @classmethod
    def read(cls, out_dir: Path) -> Manifest | None:
        """The manifest in ``out_dir``; None when there is none or it is unreadable (full run)."""
        return read_manifest(out_dir)[0]

    @classmethod
    def parse(cls, data: bytes) -> Manifest:
        """The manifest in ``data``, checked against its layout; raises ValueError saying what
        is wrong (anything else than what :meth:`to_json` writes: ``null``, ``[]``, a missing
        key, a value of the wrong type, a cache file name that is not one).

        >>> Manifest.parse(b"null")
        Traceback (most recent call last):
        ...
        ValueError: not a JSON object but null
        """
        try:
            data = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
            raise ValueError(f"not JSON: {exc}") from None
        top = _object(data, "")
        found = top.get("manifest_format")
        if found != MANIFEST_FORMAT or isinstance(found, bool):
            shown = str(found) if isinstance(found, int) and not isinstance(found, bool) else _kind(found)
            shown = shown if "manifest_format" in top else "missing"
            raise ValueError(f"manifest_format is {shown}, this govtasks reads {MANIFEST_FORMAT}")
        entries: dict[str, Entry] = {}
        for index, raw in enumerate(_field(top, "files", list, "")):
            # The quick check first (a manifest may list 100,000s of files); the careful one
            # only to say what is wrong.
            entry = _quick_entry(raw) or _entry(raw, f"files[{index}]")
            if entry.path in entries:
                raise ValueError(f"files[{index}].path is listed twice")
            entries[entry.path] = entry
        outputs = _field(top, "outputs", dict, "")
        raw_dir = top.get("raw_dir")
        if raw_dir is not None and not isinstance(raw_dir, str):
            raise ValueError(f"raw_dir is {_kind(raw_dir)}, not text")
        return cls(
            parser_version=_field(top, "parser_version", str, ""),
            phrases=_optional_state(top, "phrases", ""),
            entries=entries,
            outputs={str(name): _state(state, f"outputs.{name}") for name, state in outputs.items()},
            rejected=_count(top.get("rejected"), "rejected"),
            raw_dir=raw_dir,
        )


def _state_json(state: FileState) -> dict[str, int]:
    return {"size": state.size, "mtime_ns": state.mtime_ns}


def _entry_json(entry: Entry) -> dict[str, Any]:
    """An entry as :func:`dataclasses.asdict` gives it, without its deep copy of every value."""
    return {
        "path": entry.path,
        "state": _state_json(entry.state),
        "sha256": entry.sha256,
        "sidecar": None if entry.sidecar is None else _state_json(entry.sidecar),
        "result": entry.result,
        "cache": entry.cache,
        "sidecar_sha256": entry.sidecar_sha256,
    }


def _listed(opening: str, items: list[str], closing: str) -> list[str]:
    """Lines of a JSON list or object: ``opening``, the items one a line, ``closing``."""
    if not items:
        return [opening + closing.strip()]
    return [opening, *(f"  {item}," for item in items[:-1]), f"  {items[-1]}", closing]


def read_manifest(out_dir: Path) -> tuple[Manifest | None, str | None]:
    """The manifest in ``out_dir`` and, when it cannot be used, why: (None, None) when there is
    none (a first run), (None, reason) when it is unreadable or not a manifest."""
    try:
        data = (out_dir / MANIFEST).read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, exc.strerror or type(exc).__name__
    try:
        return Manifest.parse(data), None
    except ValueError as exc:
        return None, str(exc)


# --- the manifest's layout, checked by hand (this module imports only the standard library) ------

_CACHE_NAME = re.compile(r"[0-9a-f]{32}\.json")
_SHA256 = re.compile(r"[0-9a-f]{64}")


_ENTRY_KEYS = frozenset(("path", "state", "sha256", "sidecar", "result", "cache", "sidecar_sha256"))
_STATE_KEYS = frozenset(("size", "mtime_ns"))


def _quick_state(value: Any) -> FileState | None:
    if type(value) is dict and value.keys() == _STATE_KEYS:
        size, mtime = value["size"], value["mtime_ns"]
        if type(size) is int and size >= 0 and type(mtime) is int:
            return FileState(size, mtime)
    return None


def _quick_entry(raw: Any) -> Entry | None:
    """The entry ``raw`` describes when it is exactly as :meth:`Manifest.to_json` writes it,
    else None (then :func:`_entry` says what is wrong)."""
    if type(raw) is not dict or raw.keys() != _ENTRY_KEYS:
        return None
    path, sha, sidecar_sha, cache = raw["path"], raw["sha256"], raw["sidecar_sha256"], raw["cache"]
    state = _quick_state(raw["state"])
    sidecar = raw["sidecar"]
    if sidecar is not None and (sidecar := _quick_state(sidecar)) is None:
        return None
    if (
        state is None
        or type(path) is not str
        or not _is_relative(path)
        or type(raw["result"]) is not str
        or type(cache) is not str
        or not _CACHE_NAME.fullmatch(cache)
        or not (sha is None or (type(sha) is str and _SHA256.fullmatch(sha)))
        or not (sidecar_sha is None or (type(sidecar_sha) is str and _SHA256.fullmatch(sidecar_sha)))
    ):
        return None
    return Entry(path, state, sha, sidecar, raw["result"], cache, sidecar_sha)


def _entry(raw: object, where: str) -> Entry:
    """The entry ``raw`` describes, checked key by key; raises ValueError saying what is wrong."""
    item = _object(raw, where)
    unknown = sorted(set(item) - _ENTRY_KEYS)
    if unknown:
        raise ValueError(f"{where} has unknown keys")
    path = _field(item, "path", str, where)
    if not _is_relative(path):
        raise ValueError(f"{where}.path is not a path inside the raw folder")
    cache = _field(item, "cache", str, where)
    if not _CACHE_NAME.fullmatch(cache):
        raise ValueError(f"{where}.cache is not the name of a cache file")
    return Entry(
        path=path,
        state=_state(item.get("state"), f"{where}.state"),
        sha256=_sha256(item, "sha256", where),
        sidecar=_optional_state(item, "sidecar", where),
        result=_field(item, "result", str, where),
        cache=cache,
        sidecar_sha256=_sha256(item, "sidecar_sha256", where),
    )


def _kind(value: object) -> str:
    """A JSON value's type, for a message (never the value: it may be anything).

    >>> _kind(None), _kind([]), _kind(5), _kind(True), _kind("x")
    ('null', 'a list', 'a number', 'a boolean', 'text')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        what = f"not a JSON object but {_kind(value)}"
        raise ValueError(f"{where} is {what}" if where else what)
    return value


def _field(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    name = f"{where}.{key}" if where else key
    if key not in item:
        raise ValueError(f"{name} is missing")
    value = item[key]
    if not isinstance(value, kind):
        raise ValueError(f"{name} is {_kind(value)}")
    return value


def _count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where} is {_kind(value)}, not a count")
    return value


def _state(value: object, where: str) -> FileState:
    item = _object(value, where)
    if set(item) != {"size", "mtime_ns"}:
        raise ValueError(f"{where} is not a size and an mtime_ns")
    mtime = item["mtime_ns"]
    if isinstance(mtime, bool) or not isinstance(mtime, int):
        raise ValueError(f"{where}.mtime_ns is {_kind(mtime)}, not a whole number")
    return FileState(_count(item["size"], f"{where}.size"), mtime)


def _optional_state(item: dict[str, Any], key: str, where: str) -> FileState | None:
    name = f"{where}.{key}" if where else key
    if key not in item:
        raise ValueError(f"{name} is missing")
    return None if item[key] is None else _state(item[key], name)


def _sha256(item: dict[str, Any], key: str, where: str) -> str | None:
    if key not in item:
        raise ValueError(f"{where}.{key} is missing")
    value = item[key]
    if value is not None and not (isinstance(value, str) and _SHA256.fullmatch(value)):
        raise ValueError(f"{where}.{key} is not a SHA-256")
    return value


def _is_relative(path: str) -> bool:
    """A path relative to the raw folder, with "/", going nowhere outside it.

    >>> _is_relative("a/b.txt"), _is_relative("/etc/passwd"), _is_relative("../x"), _is_relative("")
    (True, False, False, False)
    """
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "\0" not in path


def raw_dir_from(out_dir: Path, raw_dir: Path) -> str:
    """Where ``raw_dir`` is, relative to ``out_dir`` (both resolved): what the manifest records."""
    return Path(os.path.relpath(raw_dir.resolve(), out_dir.resolve())).as_posix()


@dataclass(frozen=True)
class Survey:
    """What the no-change check found, for the run that follows it not to look again: the
    manifest (and its file's state then), the raw folder's listing, and each source's state and
    its sidecar's (in the listing's order)."""

    manifest: Manifest | None
    unreadable: str | None  # why the manifest cannot be used (see read_manifest)
    manifest_state: FileState | None
    listing: Listing
    states: list[tuple[FileState | None, FileState | None]]
    unchanged: bool


def survey(out_dir: Path, raw_dir: Path, phrase_file: Path | None) -> Survey:
    """Whether a run would find exactly what the last run found (:attr:`Survey.unchanged`): the
    same code, phrase file, sources (by size and mtime, sidecars too) and intact outputs. Only
    ``stat`` calls, and reading the manifest."""
    manifest_state = FileState.of(out_dir / MANIFEST)
    manifest, unreadable = read_manifest(out_dir)
    listing = scan_sources(raw_dir)
    states = [(FileState.of(path), FileState.of(sidecar_of(path))) for path in listing.sources]
    unchanged = manifest is not None and _unchanged(manifest, raw_dir, out_dir, phrase_file, listing, states)
    return Survey(manifest, unreadable, manifest_state, listing, states, unchanged)


def _unchanged(
    manifest: Manifest,
    raw_dir: Path,
    out_dir: Path,
    phrase_file: Path | None,
    listing: Listing,
    states: list[tuple[FileState | None, FileState | None]],
) -> bool:
    if manifest.parser_version != parser_version():
        return False
    if (FileState.of(phrase_file) if phrase_file else None) != manifest.phrases:
        return False
    if len(listing.sources) != len(manifest.entries):
        return False
    for path, (state, sidecar) in zip(listing.sources, states, strict=True):
        entry = manifest.entries.get(source_name(path, raw_dir))
        if entry is None or state != entry.state or sidecar != entry.sidecar:
            return False
    return all(FileState.of(out_dir / name) == state for name, state in manifest.outputs.items())


def stale_sources(manifest: Manifest, raw_dir: Path) -> list[str]:
    """What changed in ``raw_dir`` since the run that wrote ``manifest``, found by hashing
    every source and sidecar again (``govtasks validate --sources``): a file or sidecar whose
    SHA-256 is not the one recorded (an edit that kept size and mtime escapes the quick check of
    an incremental run), gone, or new; one line each, empty when the outputs are current."""
    found: list[str] = []
    # By the names a run gives them (a GBK-encoded name is shown decoded), not joined to RAW.
    on_disk = {source_name(path, raw_dir): path for path in list_sources(raw_dir)}
    for name, entry in sorted(manifest.entries.items()):
        path = on_disk.get(name)
        if path is None:
            found.append(f"source {name}: gone since the last ingest")
            continue
        sha = file_sha256(path)
        if sha != entry.sha256:
            if entry.sha256 is None:
                found.append(f"source {name}: unreadable at the last ingest, readable now")
            elif sha is None:
                found.append(f"source {name}: cannot be read now")
            else:
                found.append(
                    f"source {name}: changed since the last ingest "
                    f"(sha256 {sha[:12]}…, recorded {entry.sha256[:12]}…)"
                )
        sidecar = existing_sidecar(path)
        here = sidecar is not None
        if entry.sidecar is None:
            if here:
                found.append(f"sidecar {name}{SIDECAR_SUFFIX}: added since the last ingest")
        elif not here:
            found.append(f"sidecar {name}{SIDECAR_SUFFIX}: gone since the last ingest")
        elif sidecar is None or entry.sidecar_sha256 is None or file_sha256(sidecar) != entry.sidecar_sha256:
            found.append(f"sidecar {name}{SIDECAR_SUFFIX}: changed since the last ingest")
    found.extend(
        f"source {name}: new, not ingested yet" for name in sorted(set(on_disk) - set(manifest.entries))
    )
    return found


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a file's bytes; None when it cannot be read."""
    try:
        with open(path, "rb") as f:  # a block at a time: a huge file costs no memory
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None
