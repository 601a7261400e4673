"""What a run keeps of its blocks for the next one, and the previous run's files it copies from.

A run writes, beside its per-file cache, an index of its (district, year) blocks
(:data:`INDEX`, :class:`BlockIndex`): each block's key, a digest of its member files
(govtasks.run.ingest), where its rows are in the table files (:class:`BlockPlace`), and what
the run's summary counts of it. The next run links again only the blocks whose key it does not
find there; every other block's rows are copied from the previous table files
(:class:`PreviousFiles`): CSV and review lines as bytes, Parquet row groups as bytes when the
group holds the same blocks, else decoded and encoded again with the new blocks' rows. The
tables are the same bytes a full rebuild writes.

The previous files are trusted as far as the run's no-change check trusts them: they must be
the ones the last run published (same size and mtime, see govtasks.run.manifest; the caller
checks) and of the run the index names (its run id, in every Parquet file's metadata). Anything
else, and the run links every block again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from govtasks.write.parquet_groups import GroupedParquet, ParquetSource
from govtasks.write.publish import copy_range
from govtasks.write.tables import (
    REVIEW_FILE,
    TABLE_FILES,
    BlockPlace,
    FileMetadata,
    KeptRows,
)

#: The index of a run's blocks, in the output folder's cache.
INDEX = ".cache/blocks.json"
#: Bump when the index's layout changes.
INDEX_FORMAT = 1


@dataclass(frozen=True)
class BlockIndex:
    """The blocks of a run's tables, in table order, each with its place and its counts (the
    run's summary's, kept as the JSON object ``counts``; see govtasks.run.summary.Totals)."""

    parser_version: str
    phrase_list: str
    run_id: str
    blocks: list[tuple[BlockPlace, dict[str, Any]]]

    def to_json(self) -> bytes:
        """The index file's bytes: one JSON object, then the SHA-256 of it on its own line (a
        cache file is not synced: one cut short by a crash must be caught)."""
        data = {
            "format": INDEX_FORMAT,
            "parser_version": self.parser_version,
            "phrase_list": self.phrase_list,
            "run_id": self.run_id,
            "tables": list(TABLE_FILES),
            "blocks": [
                [p.key, *p.block, p.rows, p.csv, p.review, p.groups, counts] for p, counts in self.blocks
            ],
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return text + b"\n" + hashlib.sha256(text).hexdigest().encode("ascii")

    @classmethod
    def parse(cls, data: bytes) -> BlockIndex:
        """The index in ``data``; ValueError when it is not a whole index of this layout."""
        text, newline, checksum = data.rpartition(b"\n")
        if not newline or checksum != hashlib.sha256(text).hexdigest().encode("ascii"):
            raise ValueError("cut short or damaged")
        try:
            top = json.loads(text)
            if top["format"] != INDEX_FORMAT or top["tables"] != list(TABLE_FILES):
                raise ValueError(f"index format {top['format']!r} of tables {top['tables']!r}")
            blocks = [_entry(raw) for raw in top["blocks"]]
            return cls(str(top["parser_version"]), str(top["phrase_list"]), str(top["run_id"]), blocks)
        except (KeyError, TypeError, IndexError) as exc:
            raise ValueError(f"not an index of blocks: {exc!r}") from exc


def _entry(raw: list[Any]) -> tuple[BlockPlace, dict[str, Any]]:
    key, district, year, rows, csv, review, groups, counts = raw
    tables = len(TABLE_FILES)
    if not isinstance(key, str) or not isinstance(counts, dict):
        raise TypeError("a block entry of another shape")
    if not len(rows) == len(csv) == len(groups) == tables:
        raise TypeError("a block entry of another number of tables")
    place = BlockPlace(
        key=key,
        block=(district, year),
        rows=tuple(int(n) for n in rows),
        csv=tuple((str(file), int(offset), int(length)) for file, offset, length in csv),
        review=(int(review[0]), int(review[1])),
        groups=tuple(None if group is None else (int(group[0]), int(group[1])) for group in groups),
    )
    return place, counts


class PreviousTable:
    """One table's Parquet file of the previous run, as :class:`~govtasks.write.tables.GroupedTable`
    takes rows from it: which row group holds exactly which blocks (from the index), a group's
    bytes copied, a kept block's rows decoded (the last group decoded is kept: consecutive
    blocks are read from it in turn)."""

    def __init__(self, source: ParquetSource, groups: dict[tuple[str, ...], int]) -> None:
        self.source = source
        self._groups = groups
        self._decoded: tuple[int, pa.Table] | None = None

    def group_of(self, keys: tuple[str, ...]) -> int | None:
        return self._groups.get(keys)

    def copy_group(self, group: int, into: GroupedParquet) -> None:
        into.copy_group(self.source, group)

    def rows(self, kept: KeptRows) -> pa.Table:
        if self._decoded is None or self._decoded[0] != kept.group:
            self._decoded = (kept.group, self.source.read_group(kept.group))
        table = self._decoded[1]
        if kept.first + kept.rows > table.num_rows:
            raise ValueError(f"{self.source.path}: row group {kept.group} is shorter than the index says")
        return table.slice(kept.first, kept.rows)


class PreviousFiles:
    """The previous run's table files in ``out_dir``, opened for copying (see the module's
    docstring); use in a ``with`` block. Raises ValueError when a Parquet file is not of the
    run the index names."""

    def __init__(self, out_dir: Path, index: BlockIndex) -> None:
        self.out_dir = out_dir
        self.index = index
        #: the last run's blocks by key, each with its place and counts
        self.kept = {place.key: (place, counts) for place, counts in index.blocks}
        self._handles: dict[str, IO[bytes]] = {}
        self._tables: dict[str, PreviousTable] = {}
        try:
            for i, (name, (parquet, _)) in enumerate(TABLE_FILES.items()):
                source = ParquetSource(out_dir / parquet)
                self._tables[name] = PreviousTable(source, _groups(index, i))
                found = FileMetadata.of_file(source.schema.metadata)
                if found.run_id != index.run_id:
                    raise ValueError(f"{parquet} is of run {found.run_id}, the index of {index.run_id}")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> PreviousFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def table(self, name: str) -> PreviousTable:
        return self._tables[name]

    def copy_bytes(self, file: str, offset: int, length: int, into: IO[bytes]) -> None:
        handle = self._handles.get(file)
        if handle is None:
            handle = self._handles[file] = open(self.out_dir / file, "rb")  # noqa: SIM115 - closed by close()
        copy_range(handle, into, offset, length)

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        for table in self._tables.values():
            table.source.close()
        self._handles.clear()


def _groups(index: BlockIndex, table: int) -> dict[tuple[str, ...], int]:
    """Each row group of table number ``table``, by the keys of the blocks it holds, in order."""
    held: dict[int, list[str]] = {}
    for place, _ in index.blocks:
        group = place.groups[table]
        if group is not None:
            held.setdefault(group[0], []).append(place.key)
    return {tuple(keys): group for group, keys in held.items()}


def read_index(
    out_dir: Path, parser_version: str, phrase_list: str, intact: Callable[[str], bool]
) -> tuple[BlockIndex | None, str | None]:
    """The last run's index of blocks in ``out_dir`` when its blocks can be copied, else None and
    why (None, None: there is none, a first run or one of an older govtasks). ``intact(file)``
    says whether an output file (relative to ``out_dir``) is as the last run published it."""
    try:
        data = (out_dir / INDEX).read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"{INDEX} unreadable ({exc.strerror})"
    try:
        index = BlockIndex.parse(data)
    except ValueError as exc:
        return None, f"{INDEX} {exc}"
    if (index.parser_version, index.phrase_list) != (parser_version, phrase_list):
        return None, None  # another parser or phrase list: nothing can be kept, as ever
    files = {file for place, _ in index.blocks for file, _, length in place.csv if length}
    files |= {parquet for parquet, _ in TABLE_FILES.values()}
    files |= {REVIEW_FILE}
    changed = sorted(file for file in files if not intact(file))
    if changed:
        return None, f"{changed[0]} changed since the last run"
    return index, None


def block_key(parser_version: str, phrase_list: str, members: Iterable[tuple[str, str, int]]) -> str:
    """The key of a block: a digest of what its rows follow from, its member files in order, each
    (source_file, the key of its parsed rows, their number); the rows' key is a digest of the
    file's bytes, sidecar, phrase list and parser version (govtasks.run.cache.cache_key).

    >>> block_key("v", "p", [("a.txt", "k1.json", 3)]) == block_key("v", "p", [("a.txt", "k1.json", 3)])
    True
    >>> block_key("v", "p", [("a.txt", "k1.json", 3)]) == block_key("v", "p", [("b/a.txt", "k1.json", 3)])
    False
    """
    digest = hashlib.sha256(f"{parser_version}\0{phrase_list}\0".encode())
    for source_file, rows_key, n_rows in members:
        digest.update(f"{source_file}\0{rows_key}\0{n_rows}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]
