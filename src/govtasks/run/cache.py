"""The per-file cache: each file's result stored under a key of its inputs, for linking and for later runs."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtasks import models
from govtasks.models import CleanRow, ParsedFile, Rejection, ReportFacts
from govtasks.read.sources import existing_sidecar, sidecar_of
from govtasks.run.manifest import FileState, Manifest, file_sha256
from govtasks.run.settings import Job
from govtasks.write.publish import write_atomically

#: The folder of OUT holding every per-file result, one file each, named by its cache key.
CACHE_DIR = ".cache"
#: The heads of the cache files a run used, all in one file of the cache (see :class:`Heads`).
HEADS = f"{CACHE_DIR}/heads.txt"


def cache_key(sha256: str, sidecar_sha256: str | None, phrase_list: str, version: str, file_name: str) -> str:
    """The cache file name of a per-file result: everything the result depends on, hashed. The
    file's own name is one (a report naming no district takes it from its name: see
    govtasks.formats.base.facts_from_file_name), its folder is not.

    >>> key = cache_key("ab" * 32, None, "p1", "0.1.0+x", "a.txt")
    >>> key == cache_key("ab" * 32, None, "p1", "0.1.0+x", "a.txt")
    True
    >>> key == cache_key("ab" * 32, None, "p2", "0.1.0+x", "a.txt")
    False
    >>> key == cache_key("ab" * 32, None, "p1", "0.1.0+x", "b.txt")
    False
    """
    text = "\x1f".join((sha256, sidecar_sha256 or "", phrase_list, version, file_name))
    # A name that is not UTF-8 holds its bytes as surrogates (os.fsdecode): hashed as those bytes.
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".json"


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
    (written there by this run, or pinned there from ``.cache/`` and checked: govtasks.run.ingest)."""
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
    sidecar = existing_sidecar(path)
    sidecar_sha = file_sha256(sidecar) if sidecar is not None else None
    key = cache_key(result.sha256 or "", sidecar_sha, job.phrase_id, job.version, path.name)
    # Not synced: a cache file lost or cut short by a crash is only parsed again (its reader
    # checks it, see head_from_json); the published outputs are synced.
    write_atomically(job.folder / key, result_to_json(result, key, sidecar_sha), sync=False)
    return key


class Heads:
    """The heads of cache files by cache key (each the file's first two lines: its head and the
    head's checksum), as the last run wrote them all into one file (:data:`HEADS`,
    :meth:`to_bytes`): a run reuses thousands of files by reading one file, not the start of
    each (on a cold disk, a read per file took seconds at 6,000 files). A cache file's name is
    the digest of its inputs and its bytes never change, so a head stays true of its key; the
    file's rows are still read from the cache file, when its block is linked again."""

    FORMAT = b"govtasks cache heads 1"

    def __init__(self, by_key: dict[str, bytes] | None = None) -> None:
        self.by_key: dict[str, bytes] = by_key if by_key is not None else {}

    @classmethod
    def read(cls, out_dir: Path) -> Heads:
        """The heads in ``out_dir``'s cache; none when the file is missing, unreadable or not
        whole (its last line is the SHA-256 of the rest): the cache files' heads are read then."""
        try:
            data = (out_dir / HEADS).read_bytes()
        except OSError:
            return cls()
        whole, newline, checksum = data.rpartition(b"\n")
        lines = whole.split(b"\n")
        if not newline or checksum != _checksum(whole) or lines[0] != cls.FORMAT:
            return cls()
        by_key = {}
        for line in lines[1:]:
            key, tab, head = line.partition(b"\t")
            if not tab:
                return cls()
            by_key[key.decode("ascii", "replace")] = head.replace(b"\t", b"\n", 1) + b"\n"
        return cls(by_key)

    def to_bytes(self) -> bytes:
        """The heads as the file :meth:`read` reads: a line per key (in key order) holding the
        key, the head and its checksum, tab-separated (a head is JSON: no tab or line end in
        it), then the SHA-256 of the lines.

        >>> heads = Heads({"k.json": b'{"a": 1}\\nc0ffee\\n'})
        >>> heads.to_bytes().splitlines()[1]
        b'k.json\\t{"a": 1}\\tc0ffee'
        """
        lines = [self.FORMAT]
        for key in sorted(self.by_key):
            head, _, checksum = self.by_key[key].partition(b"\n")
            lines.append(b"%s\t%s\t%s" % (key.encode("ascii"), head, checksum.rstrip(b"\n")))
        whole = b"\n".join(lines)
        return whole + b"\n" + _checksum(whole)


def read_head(folder: Path, key: str) -> bytes:
    """The first two lines of cache file ``key`` in ``folder`` (its head and the head's
    checksum, not checked here)."""
    with open(os.path.join(folder, key), "rb") as handle:
        return handle.readline() + handle.readline()


def cached_result(
    previous: Manifest | None,
    out_dir: Path,
    name: str,
    path: Path,
    state: FileState | None,
    sidecar: FileState | None,
    job: Job,
    heads: Heads | None = None,
) -> tuple[Slot, bytes] | None:
    """The last run's result for this file, and its cache file's head (see :class:`Heads`), if
    its inputs are provably the same and its cache file's head is whole (the head alone is read,
    from ``heads`` when it has it: a file's rows are checked when they are needed, see
    :func:`rows_intact`).

    The cache file stays where it is, in ``out_dir``'s cache, which the run's lock keeps as it
    is until the run publishes: a file whose rows are linked is first pinned into the run's
    folder (see govtasks.run.ingest), and the others are published from there.
    """
    if previous is None or state is None:
        return None
    entry = previous.entries.get(name)
    if entry is not None and entry.state == state and entry.sidecar == sidecar:
        key, sha = entry.cache, entry.sha256
    else:
        # Changed size or mtime: the bytes (and the sidecar's) decide.
        sha = file_sha256(path)
        if sha is None:
            return None
        sidecar_sha = file_sha256(sidecar_of(path)) if sidecar else None
        key = cache_key(sha, sidecar_sha, job.phrase_id, job.version, path.name)
    stored = heads.by_key.get(key) if heads is not None else None
    try:
        if stored is None:
            stored = read_head(out_dir / CACHE_DIR, key)
        result, n_rows, sidecar_sha = _head(_head_line(stored), name, key)
    except (OSError, ValueError):  # gone, torn or damaged: parse the file again
        return None
    # Stored for these inputs? A manifest edited by hand (two entries' keys swapped) would
    # give one file another's result: the recorded source and key must be the ones asked for.
    if (
        result.sha256 != sha
        or cache_key(sha or "", sidecar_sha, job.phrase_id, job.version, path.name) != key
    ):
        return None
    if isinstance(result, Rejection):
        return (result, key), stored
    if result.phrase_list != job.phrase_id:
        return None
    return (Ingested(result, n_rows, key), key), stored


# --- cached results (see govtasks.run.manifest) ----------------------------------------------------
#
# A cache file is the head (the result without its rows, their number, the cache key it is stored
# under and the SHA-256 of the sidecar it was parsed with; the source's SHA-256 is the result's) as
# a line of JSON and the SHA-256 of that line, the body (the rows, each the list of CleanRow's
# fields in order: shorter and quicker to read than one object per row), and a last line with the
# SHA-256 of everything before it. A run reads only the heads of the files it reuses, and reads a
# file's body back when the file's rows are linked, which a block kept from the last run never
# needs (govtasks.run.ingest). Cache files are renamed into place but not synced (one lost is only
# parsed again), so a file cut short or zero-filled by a crash must be caught, and so must a
# flipped bit anywhere (a year 2020 read back as 2021): the head's checksum is checked whenever the
# head is read, the whole file's whenever the rows are; a file failing either raises ValueError,
# and its source is parsed again (cached_result; rows_intact before linking).


def result_to_json(result: ParsedFile | Rejection, key: str, sidecar_sha256: str | None) -> bytes:
    """A per-file result as the bytes of its cache file ``key``, for incremental runs (see
    above); ``sidecar_sha256``: the SHA-256 of the sidecar it was parsed with, if any."""
    if isinstance(result, Rejection):
        head: dict[str, object] = {"kind": "rejected", **dataclasses.asdict(result)}
        body = b"[]"
    else:
        fields = (f.name for f in dataclasses.fields(result) if f.name not in ("facts", "rows"))
        head = {
            "kind": "parsed",
            **{name: getattr(result, name) for name in fields},
            "facts": result.facts.model_dump(mode="json"),
            "n_rows": len(result.rows),
        }
        # Field by field (attrgetter), not dataclasses.astuple, which deep-copies every value.
        body = json.dumps([_ROW_VALUES(row) for row in result.rows], ensure_ascii=False).encode("utf-8")
    head["key"] = key
    head["sidecar_sha256"] = sidecar_sha256
    line = json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8")
    data = line + b"\n" + _checksum(line) + b"\n" + body
    return data + b"\n" + _checksum(data)


def _checksum(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(CleanRow))
_ROW_VALUES = operator.attrgetter(*_ROW_FIELDS)
#: Fields of CleanRow holding tuples (JSON gives lists), and the one holding (header, text) pairs.
_TUPLE_FIELDS = tuple(
    i for i, f in enumerate(dataclasses.fields(CleanRow)) if str(f.type).startswith("tuple[")
)
_PAIRS_FIELD = _ROW_FIELDS.index("extra")


def result_from_json(data: bytes, source_file: str) -> ParsedFile | Rejection:
    """The result :func:`result_to_json` stored, for the file now at ``source_file``; raises
    ValueError when ``data`` is not a whole cache file."""
    result, _ = head_from_json(data, source_file)
    if isinstance(result, Rejection):
        return result
    return dataclasses.replace(result, rows=rows_from_json(data))


def head_from_json(data: bytes, source_file: str) -> tuple[ParsedFile | Rejection, int]:
    """The result stored in a cache file without its rows (``rows`` left empty), and how many
    rows it has; raises ValueError when ``data`` is not a whole cache file."""
    head, _ = _split(data)
    result, n_rows, _ = _head(head, source_file, None)
    return result, n_rows


def _head(
    head: dict[str, Any], source_file: str, key: str | None
) -> tuple[ParsedFile | Rejection, int, str | None]:
    """:func:`head_from_json` of a cache file's head (:func:`_head_line`, taken apart here), and
    the SHA-256 of the sidecar the result was parsed with; raises ValueError also when the file
    was stored under another key than ``key`` (when given)."""
    try:
        kind = head.pop("kind")
        stored_key = head.pop("key")
        sidecar_sha = head.pop("sidecar_sha256")
        if key is not None and stored_key != key:
            raise ValueError(f"cache file {key} holds the result stored as {stored_key!r}")
        if not (sidecar_sha is None or isinstance(sidecar_sha, str)):
            raise TypeError("sidecar_sha256 is not a string")
        head["source_file"] = source_file
        if kind == "rejected":
            return Rejection(**head), 0, sidecar_sha
        if kind != "parsed":
            raise ValueError(f"unknown kind of result {kind!r}")
        n_rows = int(head.pop("n_rows"))
        facts = ReportFacts.model_validate(head.pop("facts"))
        parsed = ParsedFile(**{**head, "rows": (), "facts": facts, "warnings": tuple(head["warnings"])})
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a cache file: {exc!r}") from exc
    return parsed, n_rows, sidecar_sha


def rows_from_json(data: bytes) -> tuple[CleanRow, ...]:
    """The rows stored in a cache file; raises ValueError when ``data`` is not a whole cache file."""
    head, body = _split(data)
    try:
        rows = tuple(_row(values) for values in json.loads(body))
    except (TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"not a cache file: {exc!r}") from exc
    if len(rows) != head.get("n_rows", 0):
        raise ValueError(f"the cache file holds {len(rows)} rows, its head says {head.get('n_rows')}")
    return rows


def _split(data: bytes) -> tuple[dict[str, Any], bytes]:
    """A cache file's head, parsed, and its body, checked against the file's checksum."""
    whole, newline, checksum = data.rpartition(b"\n")
    if not newline or checksum != _checksum(whole):
        raise ValueError("cache file cut short or damaged")
    head = _head_line(whole)
    body = whole.split(b"\n", 2)[2]
    return head, body


def _head_line(data: bytes) -> dict[str, Any]:
    """The head of a cache file (its first line) parsed, checked against its own checksum (the
    second line); ``data`` is the file or its beginning."""
    line, newline, rest = data.partition(b"\n")
    checksum, newline_after, _ = rest.partition(b"\n")
    if not newline or not newline_after or checksum != _checksum(line):
        raise ValueError("cache file cut short or damaged")
    head = json.loads(line)
    if not isinstance(head, dict):
        raise ValueError("cache file cut short or damaged")
    return head


def rows_intact(path: Path) -> bool:
    """Whether the cache file at ``path`` is whole, its rows included (its checksum)."""
    try:
        _split(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _row(values: list[Any]) -> CleanRow:
    """A row from the list of its fields (JSON gives lists where CleanRow holds tuples)."""
    for i in _TUPLE_FIELDS:
        values[i] = tuple(values[i])
    values[_PAIRS_FIELD] = tuple(map(tuple, values[_PAIRS_FIELD]))
    return CleanRow(*values)
