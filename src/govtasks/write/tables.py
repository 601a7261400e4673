"""The writing stage: tables -> Parquet and CSV in the output folder, atomically.

This is the only module that knows about Arrow. Rows come from the link stage as tuples in
the models' field order (:class:`~govtasks.link.blocks.Rows`); here they become columns with an
explicit schema (list columns are real lists in Parquet and "；"-joined text in CSV). A run
writes its table files a (district, year) block of rows at a time (:class:`TableFiles`), so no
table is held whole, and Parquet in row groups of whole blocks (:func:`cut_after`).
All outputs of a run replace the previous ones in one atomic step (:func:`publish`), so a
reader never sees a half-written file or a mix of two runs.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import UnionType
from typing import IO, Any, Literal, Protocol, Union, get_args, get_origin

import pyarrow as pa
from pydantic.fields import FieldInfo

from govtasks import __version__
from govtasks.models import TABLES, ReviewPair, Stored
from govtasks.write.parquet_groups import GroupedParquet
from govtasks.write.publish import SerialWork, Syncing, copy_range

#: Separator for list cells in CSV (a full-width semicolon never appears inside a unit or name).
LIST_SEPARATOR = "；"


def nullable(field: FieldInfo) -> bool:
    """Whether an output column may be empty: its model field says ``X | None``.

    >>> from govtasks.models import Report
    >>> nullable(Report.model_fields["published"]), nullable(Report.model_fields["report_id"])
    (True, False)
    """
    kind = field.annotation
    return get_origin(kind) in (Union, UnionType) and type(None) in get_args(kind)


def value_type(field: FieldInfo) -> Any:
    """The type of an output column's values: ``X`` for a field of ``X | None`` (see :func:`nullable`).

    >>> from govtasks.models import Report
    >>> value_type(Report.model_fields["published"]), value_type(Report.model_fields["n_rows"])
    (<class 'datetime.date'>, <class 'int'>)
    """
    kind = field.annotation
    if nullable(field):
        kind = next(arg for arg in get_args(kind) if arg is not type(None))
    return kind


def arrow_type(field: FieldInfo) -> pa.DataType:
    """The Arrow type of an output column, from its model field (see :data:`SCHEMAS`): text
    and period codes are strings, integers as wide as their :class:`~govtasks.models.Stored`
    says (64 bits otherwise), dates are dates, lists of text are lists, ``extra`` a map of text
    to text.

    >>> from govtasks.models import Progress, Report
    >>> [str(arrow_type(Progress.model_fields[n])) for n in ("seq", "row", "flags", "extra")]
    ['string', 'int32', 'list<item: string>', 'map<string, string>']
    >>> str(arrow_type(Report.model_fields["published"]))
    'date32[day]'
    """
    kind = value_type(field)
    origin, args = get_origin(kind), get_args(kind)
    if kind is str or origin is Literal:
        return pa.string()
    if kind is date:
        return pa.date32()
    if kind is int:
        bits = next((m.bits for m in field.metadata if isinstance(m, Stored)), 64)
        return {16: pa.int16(), 32: pa.int32(), 64: pa.int64()}[bits]
    if kind is float:
        return pa.float64()
    if origin is list and args == (str,):
        return pa.list_(pa.string())
    if origin is dict and args == (str, str):
        return pa.map_(pa.string(), pa.string())
    raise TypeError(f"no Arrow type for an output column of type {field.annotation!r}")


def arrow_field(column: str, field: FieldInfo) -> pa.Field:
    """An output column as an Arrow field: its type, nullable only when the model says
    ``X | None``, and its description as the field's metadata (key ``description``).

    >>> from govtasks.models import Progress
    >>> f = arrow_field("row", Progress.model_fields["row"])
    >>> f.nullable, f.metadata[b"description"].decode()[:16]
    (False, 'running order of')
    """
    description = (field.description or "").encode("utf-8")
    return pa.field(
        column, arrow_type(field), nullable=nullable(field), metadata={"description": description}
    )


#: The Arrow schema of each output table, derived from its model (:data:`govtasks.models.TABLES`):
#: the same columns in the same order as the JSON Schema and the rows the link stage builds. A
#: file adds the run's metadata (:class:`FileMetadata`) to it.
SCHEMAS: dict[str, pa.Schema] = {
    name: pa.schema([arrow_field(column, field) for column, field in model.model_fields.items()])
    for name, model in TABLES.items()
}


#: The key of govtasks' entry in a Parquet file's key-value metadata: a JSON object
#: (:class:`FileMetadata`).
METADATA_KEY = "govtasks"


@dataclass(frozen=True)
class FileMetadata:
    """What a run writes into every table file's Parquet metadata (key :data:`METADATA_KEY`),
    and ``govtasks validate`` reads back: the version of govtasks, of its parsers
    (run.json's ``parser_version``), the script converter and the phrase list that made the text,
    and the run's id. Everything follows from the run's inputs, so the files stay the same bytes
    run after run (:func:`run_id`)."""

    govtasks_version: str
    parser_version: str
    converter: str
    phrase_list: str
    run_id: str

    def to_json(self) -> str:
        """The JSON text stored under :data:`METADATA_KEY`, keys in field order.

        >>> FileMetadata("0.1.0", "0.1.0+abc", "opencc", "p1", "run-1").to_json()[:44]
        '{"govtasks_version": "0.1.0", "parser_versio'
        """
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def of_file(cls, metadata: Mapping[bytes, bytes] | None) -> FileMetadata:
        """The metadata a Parquet file's key-value pairs hold; ValueError when it is not there
        or not this shape."""
        raw = (metadata or {}).get(METADATA_KEY.encode())
        if raw is None:
            raise ValueError(f"no {METADATA_KEY!r} key in the file metadata")
        data = json.loads(raw)
        names = [f.name for f in dataclasses.fields(cls)]
        if not isinstance(data, dict) or list(data) != names:
            raise ValueError(f"the {METADATA_KEY!r} metadata must hold exactly {', '.join(names)}")
        if not all(isinstance(value, str) and value for value in data.values()):
            raise ValueError(f"the {METADATA_KEY!r} metadata values must be non-empty text")
        return cls(**data)


def run_id(parser_version: str, phrase_list: str, files: Iterable[tuple[str, str]]) -> str:
    """The id of a run, from its inputs alone: the parser version, the phrase list and the name
    and SHA-256 of every file the tables hold (reports.source_file, source_sha256; a file of
    several reports counts once). The same inputs give the same id, so a full and an incremental
    run write the same bytes, and files rejected beside them change nothing; never a time or a
    random value. ``govtasks validate`` computes it again from the reports.

    >>> run_id("0.1.0+abc", "p1", [("b.txt", "22"), ("a.txt", "11")])
    'run-6623ccb9ac10cdfc'
    >>> run_id("0.1.0+abc", "p1", [("a.txt", "11"), ("b.txt", "22")])
    'run-6623ccb9ac10cdfc'
    """
    digest = hashlib.sha256(f"{parser_version}\0{phrase_list}\0".encode())
    for name, sha256 in sorted(set(files)):
        digest.update(f"{name}\0{sha256}\n".encode())
    return f"run-{digest.hexdigest()[:16]}"


def file_metadata(
    parser_version: str, converter: str, phrase_list: str, files: Iterable[tuple[str, str]]
) -> FileMetadata:
    """The metadata of a run's table files (see :class:`FileMetadata`)."""
    return FileMetadata(
        __version__, parser_version, converter, phrase_list, run_id(parser_version, phrase_list, files)
    )


def file_schema(name: str, metadata: FileMetadata) -> pa.Schema:
    """Table ``name``'s schema as a run writes it: :data:`SCHEMAS` and the run's metadata."""
    return SCHEMAS[name].with_metadata({METADATA_KEY: metadata.to_json()})


#: Columns of links_review.csv, in order.
REVIEW_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ReviewPair))


#: The table files of a run, by table: its Parquet and its CSV file; and the review file.
TABLE_FILES: dict[str, tuple[str, str]] = {name: (f"{name}.parquet", f"{name}.csv") for name in SCHEMAS}


REVIEW_FILE = "links_review.csv"


#: The most rows a sheet of Excel or WPS holds (2**20), the header row included: a CSV with more
#: is cut short when it is opened, without a word in some versions. A table whose CSV would have
#: more (all four tables are counted, each for itself) is written split by year instead (see
#: :func:`split_plan`); the Parquet files are never split.
SHEET_ROWS = 1_048_576


#: The name of a file of a table split by year, in the table's folder: the year, then the part
#: when one year alone is over :data:`SHEET_ROWS` (``2023-1.csv``, ``2023-2.csv``).
SPLIT_FILE = re.compile(r"(?P<year>\d{4})(?:-(?P<part>[1-9]\d*))?\.csv")


#: A (district, year) block of rows; (None, None): rows of no known report (never in a run).
Block = tuple[str | None, int | None]


@dataclass(frozen=True)
class Piece:
    """One (district, year) block's rows in a rendered batch (:class:`RenderedBlock`): how many
    rows and CSV bytes it has in each table (in :data:`TABLE_FILES` order; 0 where it has none),
    and its review lines' bytes."""

    block: Block
    rows: tuple[int, ...]
    csv: tuple[int, ...]
    review: int


@dataclass(frozen=True)
class BlockPlace:
    """Where one block's rows are in a run's table files, recorded so that a later run can copy
    them instead of linking the block again (:mod:`govtasks.write.reuse`): the block's key (a
    digest of its member files, see govtasks.run.ingest), its rows in each table, its CSV
    bytes in each table (the file, relative to the output folder, the offset and the length),
    its lines in links_review.csv (offset, length), and in each table's Parquet file the row
    group holding its rows and the first of them there (None without rows)."""

    key: str
    block: Block
    rows: tuple[int, ...]
    csv: tuple[tuple[str, int, int], ...]
    review: tuple[int, int]
    groups: tuple[tuple[int, int] | None, ...]

    @property
    def year(self) -> int | None:
        return self.block[1]


@dataclass(frozen=True)
class SplitTable:
    """A table written as several CSV files: how many rows the one file would have held (the
    header aside), the files written instead (paths relative to the output folder, in order),
    and the rows a sheet holds that it was over (:data:`SHEET_ROWS` when the run began)."""

    rows: int
    files: tuple[str, ...]
    limit: int = SHEET_ROWS
    #: files over the limit still: one (district, year) block alone has more rows
    over: tuple[str, ...] = ()

    @property
    def parted_years(self) -> list[int]:
        """The years whose rows alone are over the limit, written in several parts.

        >>> SplitTable(9, ("p/2022.csv", "p/2023-1.csv", "p/2023-2.csv")).parted_years
        [2023]
        """
        parted = []
        for file in self.files:
            found = SPLIT_FILE.fullmatch(file.rsplit("/", 1)[-1])
            if found and found["part"] == "1":
                parted.append(int(found["year"]))
        return parted


def split_plan(
    spans: Sequence[tuple[int | None, int, int, int]], limit: int
) -> dict[str, tuple[int, list[tuple[int, int]]]]:
    """Where each file of a table split by year takes its rows from: file name (without
    ``.csv``) -> its number of rows and the byte ranges of the whole CSV (start, end) they are,
    in order. ``spans`` are the blocks' rows as written, each (year, rows, start, end); ``limit``
    the data rows a file may hold.

    A year's rows go to one file, in the order of the whole file; when they are more than
    ``limit``, to parts cut between blocks (a block is one district's year, far below the limit),
    each as full as the next block lets it be. Only a single block over ``limit`` makes a part
    over it. Adjacent ranges are joined.

    >>> spans = [(2022, 3, 10, 40), (2023, 2, 40, 60), (2022, 1, 60, 70), (2023, 4, 70, 110)]
    >>> split_plan(spans, limit=5)
    {'2022': (4, [(10, 40), (60, 70)]), '2023-1': (2, [(40, 60)]), '2023-2': (4, [(70, 110)])}
    >>> split_plan([(2023, 2, 0, 5), (2023, 2, 5, 9), (2023, 1, 9, 11)], limit=5)
    {'2023': (5, [(0, 11)])}
    """
    by_year: dict[int, list[tuple[int, int, int]]] = {}
    for year, rows, start, end in spans:
        if year is None:
            raise ValueError(
                "a table split by year holds rows of no year (a progress row without its report)"
            )
        if rows:
            by_year.setdefault(year, []).append((rows, start, end))
    plan: dict[str, tuple[int, list[tuple[int, int]]]] = {}
    for year in sorted(by_year):
        parts: list[tuple[int, list[tuple[int, int]]]] = [(0, [])]
        for rows, start, end in by_year[year]:
            held, ranges = parts[-1]
            if held and held + rows > limit:
                parts.append((0, []))
                held, ranges = parts[-1]
            if ranges and ranges[-1][1] == start:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
            parts[-1] = (held + rows, ranges)
        for number, part in enumerate(parts, 1):
            plan[str(year) if len(parts) == 1 else f"{year}-{number}"] = part
    return plan


#: Rows of a table made into CSV text at a time (see :func:`csv_text`): bounds the text held
#: besides the rows.
CSV_BATCH = 4096


#: Row groups of the Parquet files are made of whole (district, year) blocks, cut where the
#: blocks themselves say (:func:`cut_after`), not every so many rows: then a block that changes
#: changes only the row group it is in, and a later run copies every other row group's bytes
#: as they are (:mod:`govtasks.write.reuse`). About this many rows a group on average ...
GROUP_ROWS = 16_384
#: ... never cut before this many (tiny groups cost readers) ...
GROUP_MIN_ROWS = 2_048
#: ... and always cut at this many: a run holds one group's Arrow arrays (about 30 MiB of
#: progress rows at most), so its memory does not grow with the corpus; and a changed block
#: costs its group's rows decoded and encoded again (0.3 s for 130,000 progress rows).
GROUP_MAX_ROWS = 65_536


def cut_after(block: Block, rows: int, held: int) -> bool:
    """Whether a row group ends after ``block``, which adds ``rows`` rows to a group now holding
    ``held`` (its own included). Between the bounds, by chance proportional to the block's rows,
    drawn from its district and year: a group then holds about :data:`GROUP_ROWS` rows past the
    least, and where groups end depends on the blocks near the end alone, not on every block
    before (so a change upstream does not move every later cut).

    >>> cut_after(("区", 2020), 10, held=GROUP_MIN_ROWS - 1), cut_after(("区", 2020), 0, held=GROUP_MAX_ROWS)
    (False, True)
    >>> [cut_after(("区", year), GROUP_ROWS // 2, held=GROUP_MIN_ROWS) for year in range(2016, 2024)]
    [False, False, False, False, True, True, True, True]
    """
    if held >= GROUP_MAX_ROWS:
        return True
    if held < GROUP_MIN_ROWS:
        return False
    district, year = block
    digest = hashlib.sha256(f"{district}\x1f{year}".encode()).digest()
    return int.from_bytes(digest[:8], "big") * GROUP_ROWS < rows << 64


def to_arrow(name: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows of table ``name`` (tuples in the model's field order, see
    :class:`~govtasks.link.blocks.Rows`) as an Arrow table with the fixed schema."""
    schema = SCHEMAS[name]
    if not rows:
        return schema.empty_table()
    columns = zip(*rows, strict=True)  # transposed in C: quicker than a list made per column
    arrays = [_array(values, f.type) for values, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _array(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """One column's values as an Arrow array; dates come as ISO text (YYYY-MM-DD) from the link
    stage, or as dates."""
    if pa.types.is_date32(kind) and any(isinstance(value, str) for value in values):
        return pa.array(values, type=pa.string()).cast(kind)
    return pa.array(values, type=kind)


@dataclass(frozen=True)
class KeptRows:
    """A kept block's rows in the previous run's Parquet file of a table: ``rows`` rows from
    row ``first`` of its row group ``group`` (see :class:`BlockPlace`)."""

    group: int
    first: int
    rows: int


class PreviousRows(Protocol):
    """The previous run's Parquet file of one table, as :class:`GroupedTable` takes rows from it
    (made by :mod:`govtasks.write.reuse`)."""

    def group_of(self, keys: tuple[str, ...]) -> int | None:
        """The row group that holds exactly the blocks ``keys``, in this order, if one does."""

    def copy_group(self, group: int, into: GroupedParquet) -> None:
        """Append row group ``group`` as it is, bytes copied."""

    def rows(self, kept: KeptRows) -> pa.Table:
        """A kept block's rows, decoded."""


class GroupedTable:
    """Table ``name`` written into its Parquet file (zstd, no statistics) a block at a time, in
    row groups of whole blocks cut where :func:`cut_after` says. A group made only of blocks
    kept from the previous run, exactly as a group of its file was, is copied from it
    (``previous``) instead of being encoded again: the same bytes, since a group's bytes depend
    on its rows only (:class:`~govtasks.write.parquet_groups.GroupedParquet`)."""

    def __init__(
        self, path: Path, name: str, metadata: FileMetadata, previous: PreviousRows | None = None
    ) -> None:
        self.schema = file_schema(name, metadata)
        self._file = GroupedParquet(path, self.schema)
        self._previous = previous
        self._pending: list[tuple[str, pa.Table | KeptRows]] = []
        self._held = 0  # rows in _pending
        self.groups = 0  # row groups written
        self.copied = 0  # of them copied from the previous file
        #: the file's groups are encoded or copied, and the file ended, by a thread of its own
        self.work = SerialWork(f"write {path.name}")

    def add(self, key: str, block: Block, data: pa.Table | KeptRows) -> tuple[int, int] | None:
        """Add a block's rows (new, as Arrow, or kept); where they are: (row group, first row in
        it), None when the block has no rows here."""
        rows = data.rows if isinstance(data, KeptRows) else data.num_rows
        if not rows:
            return None
        place = (self.groups, self._held)
        self._pending.append((key, data))
        self._held += rows
        if cut_after(block, rows, self._held):
            self._cut()
        return place

    def close(self, wait: bool = True) -> None:
        """Write the last group and the footer, and sync the file (an empty table: one empty
        group). ``wait=False``: return at once, the file complete once :attr:`work` is finished."""
        if self._pending or not self.groups:
            self._cut()
        self.work.submit(self._file.close)
        if wait:
            self.work.finish()

    def abandon(self) -> None:
        with contextlib.suppress(Exception):  # the failure being handled is the one to report
            self.work.finish()
        self._file.abandon()

    def _cut(self) -> None:
        """End the group of the pending blocks: which group it is, and whether it is copied,
        is settled here; the bytes are made by :attr:`work`."""
        previous = self._previous
        keys = tuple(key for key, _ in self._pending)
        kept = all(isinstance(data, KeptRows) for _, data in self._pending)
        group = previous.group_of(keys) if previous is not None and kept and keys else None
        if group is not None:
            assert previous is not None
            self.work.submit(previous.copy_group, group, self._file)
            self.copied += 1
        else:
            self.work.submit(self._write, self._runs())
        self._pending = []
        self._held = 0
        self.groups += 1

    def _write(self, runs: list[pa.Table | KeptRows]) -> None:
        """Encode a group of these rows (in :attr:`work`'s thread)."""
        parts = [data if isinstance(data, pa.Table) else self._rows(data) for data in runs]
        table = pa.concat_tables(parts) if parts else self.schema.empty_table()
        # One contiguous array per column: the writer splits pages where its input chunks
        # end, so rows made a few blocks at a time would give other bytes than at once.
        columns = [column.combine_chunks() for column in table.columns]
        self._file.write_group(pa.Table.from_arrays(columns, schema=self.schema))
        del parts, table, columns
        # Arrow's allocator keeps freed memory for later use; give it back, so that the memory
        # of a row group just written is there for the rest of the run, not only for Arrow.
        pa.default_memory_pool().release_unused()

    def _runs(self) -> list[pa.Table | KeptRows]:
        """The pending blocks' rows, consecutive kept blocks of one previous row group as one
        slice of it (a group is decoded once, and its rows are not cut into a slice a block)."""
        runs: list[pa.Table | KeptRows] = []
        for _, data in self._pending:
            last = runs[-1] if runs else None
            if (
                isinstance(data, KeptRows)
                and isinstance(last, KeptRows)
                and (last.group, last.first + last.rows) == (data.group, data.first)
            ):
                runs[-1] = KeptRows(last.group, last.first, last.rows + data.rows)
            else:
                runs.append(data)
        return runs

    def _rows(self, kept: KeptRows) -> pa.Table:
        assert self._previous is not None, "kept rows come from a previous file"
        return self._previous.rows(kept)


def csv_document(header: Sequence[str], rows: Iterable[Iterable[object]] = ()) -> bytes:
    """A whole CSV file as govtasks writes every one: UTF-8 with BOM (Excel/WPS), CRLF line
    ends, the header row first. Cells are written as given (callers make them spreadsheet-safe).

    >>> csv_document(["file", "line"], [["a.txt", 3]])
    b'\\xef\\xbb\\xbffile,line\\r\\na.txt,3\\r\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class CsvFile:
    """A CSV file written a piece of text at a time: its header (:func:`csv_document`), then
    lines from :func:`csv_text` or :func:`review_text`."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self.path = path
        self._handle = open(path, "wb")  # noqa: SIM115 - closed by close() or abandon()
        self.size = self._handle.write(csv_document(header))  # bytes written so far
        #: bytes of a previous run's file still to copy: consecutive kept blocks are one range
        self._copy: tuple[PreviousFiles, str, int, int] | None = None
        #: the writes, copies and the close, made by a thread of their own in order
        self.work = SerialWork(f"write {path.name}")

    def write_lines(self, data: bytes) -> None:
        """Add CSV lines (from :func:`csv_text` or :func:`review_text`, encoded in UTF-8) at the
        end: encoded by the caller, which may be a link worker (see govtasks.run.ingest)."""
        self._copy_pending()
        self.work.submit(self._handle.write, data)
        self.size += len(data)

    def copy_from(self, previous: PreviousFiles, file: str, offset: int, length: int) -> None:
        """Add ``length`` bytes of a previous run's ``file`` from ``offset`` at the end: copied
        with the bytes that follow them there, when they come next, in one call."""
        pending = self._copy
        if pending is not None and pending[:2] == (previous, file) and pending[2] + pending[3] == offset:
            self._copy = (previous, file, pending[2], pending[3] + length)
        else:
            self._copy_pending()
            self._copy = (previous, file, offset, length)
        self.size += length

    def _copy_pending(self) -> None:
        if self._copy is not None:
            previous, file, offset, length = self._copy
            self._copy = None
            self.work.submit(previous.copy_bytes, file, offset, length, self._handle)

    def close(self, sync: bool = True, wait: bool = True) -> None:
        """End the file and sync it to disk (not when it is only read back and removed).
        ``wait=False``: return at once, the file complete once :attr:`work` is finished."""
        self._copy_pending()
        self.work.submit(_sync_and_close if sync else _close, self._handle)
        if wait:
            self.work.finish()

    def abandon(self) -> None:
        """Close the file half-written, after a failure (the caller removes it)."""
        with contextlib.suppress(Exception):  # the failure being handled is the one to report
            self.work.finish()
        self._handle.close()


class PreviousFiles(Protocol):
    """The previous run's table files, as :class:`TableFiles` copies kept blocks from them
    (made by :mod:`govtasks.write.reuse`)."""

    def table(self, name: str) -> PreviousRows:
        """Table ``name``'s Parquet file."""

    def copy_bytes(self, file: str, offset: int, length: int, into: IO[bytes]) -> None:
        """Append ``length`` bytes from ``offset`` of ``file`` (relative to the output folder)."""


class TableFiles:
    """Every table file of a run (each table as Parquet and CSV, and links_review.csv) written
    into ``folder`` a (district, year) block, or a few consecutive ones, at a time
    (:meth:`write_rendered`, see :func:`govtasks.write.render.render_block`), so that no table is
    ever held whole; a block kept from the previous run is copied from its files
    (:meth:`write_kept`, ``previous``). Use it in a ``with`` block: leaving it has each file's
    thread end the file and sync it (:attr:`syncing`, to wait for before publishing), or, on an
    exception, closes them once their threads are done. :attr:`files` names the files written,
    for :func:`publish` to carry into the outputs; :attr:`places` says where each block is, for
    the next run (:class:`BlockPlace`).

    A table whose CSV would have more rows than a spreadsheet opens (:data:`SHEET_ROWS`) is
    written whole, then copied into ``<table>/<year>.csv`` files (:func:`split_plan`) by the byte
    ranges of its blocks, recorded as they were written, and the whole file removed: never more
    than a copy buffer held. :attr:`split` says which tables were split, once the block is left.
    """

    def __init__(self, folder: Path, metadata: FileMetadata, previous: PreviousFiles | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.files = {file: folder / file for pair in TABLE_FILES.values() for file in pair}
        self.files[REVIEW_FILE] = folder / REVIEW_FILE
        self.split: dict[str, SplitTable] = {}
        self.places: list[BlockPlace] = []
        #: the files being synced to disk once written: wait for them before publishing
        self.syncing = Syncing()
        self._previous = previous
        self._parquet: dict[str, GroupedTable] = {}
        self._csv: dict[str, CsvFile] = {}
        self._review: CsvFile | None = None
        try:
            for name, (parquet, csv_file) in TABLE_FILES.items():
                old = previous.table(name) if previous is not None else None
                self._parquet[name] = GroupedTable(folder / parquet, name, metadata, old)
                self._csv[name] = CsvFile(folder / csv_file, SCHEMAS[name].names)
            self._review = CsvFile(folder / REVIEW_FILE, REVIEW_COLUMNS)
        except BaseException:
            self._abandon()
            raise

    def __enter__(self) -> TableFiles:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is not None:
            self._abandon()
            return
        # Ended and synced by their threads (see SerialWork): publish waits for them (Syncing)
        # before the swap.
        for parquet in self._parquet.values():
            parquet.close(wait=False)
            self.syncing.include(parquet.work)
        sheet = SHEET_ROWS
        for i, (name, csv_file) in enumerate(self._csv.items()):
            rows = sum(place.rows[i] for place in self.places)
            if rows >= sheet:  # with the header, more rows than a sheet holds
                csv_file.close(sync=False)
                self._split(name, i, rows, sheet)
            else:
                csv_file.close(wait=False)
                self.syncing.include(csv_file.work)
        assert self._review is not None
        self._review.close(wait=False)
        self.syncing.include(self._review.work)

    @property
    def copied_groups(self) -> int:
        """Row groups copied from the previous run's Parquet files."""
        return sum(parquet.copied for parquet in self._parquet.values())

    def write_rendered(self, block: RenderedBlock, keys: Sequence[str] | None = None) -> None:
        """Add the rows of the next blocks, made into text and Arrow by :func:`render_block`;
        ``keys``: the blocks' keys (:class:`BlockPlace`), one a piece, in order."""
        if keys is not None and len(keys) != len(block.pieces):
            raise ValueError(f"{len(keys)} keys for {len(block.pieces)} blocks")
        assert self._review is not None
        starts = [0] * len(TABLE_FILES)  # each table's first row of the piece in block.arrow
        at = [csv_file.size for csv_file in self._csv.values()]
        review_at = self._review.size
        for index, piece in enumerate(block.pieces):
            key = keys[index] if keys else ""
            csv_places, groups = [], []
            for i, (name, table) in enumerate(block.arrow.items()):
                rows = piece.rows[i]
                groups.append(self._parquet[name].add(key, piece.block, table.slice(starts[i], rows)))
                starts[i] += rows
                csv_places.append((TABLE_FILES[name][1], at[i], piece.csv[i]))
                at[i] += piece.csv[i]
            self.places.append(
                BlockPlace(
                    key,
                    piece.block,
                    piece.rows,
                    tuple(csv_places),
                    (review_at, piece.review),
                    tuple(groups),
                )
            )
            review_at += piece.review
        for name, lines in block.csv.items():
            self._csv[name].write_lines(lines)
        self._review.write_lines(block.review)
        expected = [csv_file.size for csv_file in self._csv.values()]
        assert at == expected and review_at == self._review.size, "a block's pieces must cover its text"

    def write_kept(self, place: BlockPlace) -> None:
        """Add a block kept from the previous run, its bytes copied from the previous files."""
        previous = self._previous
        assert previous is not None and self._review is not None, "kept blocks come from previous files"
        csv_places, groups = [], []
        for i, name in enumerate(TABLE_FILES):
            csv_file = self._csv[name]
            file, offset, length = place.csv[i]
            csv_places.append((TABLE_FILES[name][1], csv_file.size, length))
            if length:
                csv_file.copy_from(previous, file, offset, length)
            old = place.groups[i]  # None: the block has no rows in this table
            kept = None if old is None else KeptRows(*old, place.rows[i])
            groups.append(None if kept is None else self._parquet[name].add(place.key, place.block, kept))
        review_at = self._review.size
        if place.review[1]:
            self._review.copy_from(previous, REVIEW_FILE, *place.review)
        self.places.append(
            dataclasses.replace(
                place, csv=tuple(csv_places), review=(review_at, place.review[1]), groups=tuple(groups)
            )
        )

    def _split(self, name: str, i: int, rows: int, sheet: int) -> None:
        """Copy table ``name``'s whole CSV into its year files (each with the header, so each
        holds at most ``sheet`` - 1 rows), then remove it: the files published are the year
        files; the blocks' places follow them."""
        spans = [
            (place.year, place.rows[i], place.csv[i][1], place.csv[i][1] + place.csv[i][2])
            for place in self.places
        ]
        plan = split_plan(spans, sheet - 1)
        whole = self._csv[name].path
        (self.folder / name).mkdir(exist_ok=True)
        header = csv_document(SCHEMAS[name].names)
        written, over = [], []
        moved: list[tuple[int, int, str, int]] = []  # whole-file range -> its file, offset there
        with open(whole, "rb") as source:
            for stem, (rows_in, ranges) in plan.items():
                relative = f"{name}/{stem}.csv"
                if rows_in >= sheet:
                    over.append(relative)
                with open(self.folder / relative, "wb") as target:
                    target.write(header)
                    for start, end in ranges:
                        moved.append((start, end, relative, target.tell()))
                        copy_range(source, target, start, end - start)
                self.syncing.start(self.folder / relative)
                self.files[relative] = self.folder / relative
                written.append(relative)
        whole.unlink()
        del self.files[TABLE_FILES[name][1]]
        self.split[name] = SplitTable(rows, tuple(written), sheet, tuple(over))
        self.places = [_moved(place, i, moved) for place in self.places]

    def _abandon(self) -> None:
        for parquet in self._parquet.values():
            parquet.abandon()
        for csv_file in self._csv.values():
            csv_file.abandon()
        if self._review is not None:
            self._review.abandon()


def _moved(place: BlockPlace, i: int, moved: list[tuple[int, int, str, int]]) -> BlockPlace:
    """``place`` with its bytes of table ``i`` where the split put them (``moved``: the whole
    file's ranges, each with the year file and offset it went to; a block is never cut)."""
    _, offset, length = place.csv[i]
    if not length:
        return place
    for start, end, file, there in moved:
        if start <= offset < end:
            assert offset + length <= end, "a block's rows go to one year file"
            csv = (*place.csv[:i], (file, there + offset - start, length), *place.csv[i + 1 :])
            return dataclasses.replace(place, csv=csv)
    raise AssertionError("every block's rows go to a year file")


@dataclass(frozen=True)
class RenderedBlock:
    """A block's rows (or a few consecutive blocks') made into what the table files take: each
    table's CSV lines and Arrow table, and the review pairs' CSV lines, with each block's share
    of them (:class:`Piece`, in order). Made where the block is linked (in a worker, see
    govtasks.run.ingest), so that the process writing the files only appends them."""

    csv: dict[str, bytes]  # UTF-8
    arrow: dict[str, pa.Table]
    review: bytes  # UTF-8
    pieces: tuple[Piece, ...] = ()


def csv_text(name: str, rows: Sequence[tuple[Any, ...]]) -> str:
    """Rows of table ``name`` as CSV lines (no header).

    Cells are made column by column, each column with the rule for its type (the same text
    :func:`csv_cell` gives): a cell-by-cell type dispatch cost more than the rest of the run's
    writing together. The text is made from the rows' values, not from Arrow arrays, which would
    make a second Python copy of every cell.
    """
    return "".join(csv_pieces(name, rows, [len(rows)]))


def csv_pieces(name: str, rows: Sequence[tuple[Any, ...]], ends: Sequence[int]) -> list[str]:
    """Rows of table ``name`` as CSV lines (as :func:`csv_text`), cut where ``ends`` say: the
    text of rows 0 to ``ends[0]``, then to ``ends[1]`` … (the last end is ``len(rows)``). Made
    in one pass over the columns, however many pieces (a piece made alone would pay the pass
    per piece).

    >>> from govtasks.models import Report
    >>> rows = [tuple(f"r{i}" if f == "report_id" else None for f in Report.model_fields) for i in range(3)]
    >>> [piece.count("\\r\\n") for piece in csv_pieces("reports", rows, [2, 3])]
    [2, 1]
    """
    schema = SCHEMAS[name]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    pieces: list[str] = []
    cuts = iter(ends)
    cut = next(cuts, None)
    for start in range(0, len(rows), CSV_BATCH):
        batch = zip(*rows[start : start + CSV_BATCH], strict=True)  # its columns
        columns = [_csv_column(values, f.type) for values, f in zip(batch, schema, strict=True)]
        lines = list(zip(*columns, strict=True))
        done = start  # rows before it are in the buffer or in pieces
        while cut is not None and cut <= start + len(lines):
            writer.writerows(lines[done - start : cut - start])
            pieces.append(_take(buffer))
            done, cut = cut, next(cuts, None)
        writer.writerows(lines[done - start :])
    while cut is not None:  # ends at the last row (or 0, for no rows)
        pieces.append(_take(buffer))
        cut = next(cuts, None)
    return pieces


def _take(buffer: io.StringIO) -> str:
    """The text in ``buffer``, which is left empty."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def review_text(pairs: Iterable[ReviewPair]) -> str:
    """Borderline linking pairs as CSV lines (no header), in the order given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for pair in pairs:
        writer.writerow(csv_cell(getattr(pair, column)) for column in REVIEW_COLUMNS)
    return buffer.getvalue()


def _sync_and_close(handle: IO[Any]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _close(handle: IO[Any]) -> None:
    handle.close()


def _csv_column(values: Sequence[Any], kind: pa.DataType) -> list[str]:
    """The CSV text of one column's values, as :func:`csv_cell` gives each of them."""
    if pa.types.is_string(kind):
        return ["" if value is None else spreadsheet_safe(value) for value in values]
    if pa.types.is_list(kind):
        return [
            "" if value is None else spreadsheet_safe(LIST_SEPARATOR.join(map(str, value)))
            for value in values
        ]
    if pa.types.is_map(kind):  # held as (header, text) pairs
        return [csv_cell(dict(value or ())) for value in values]
    return ["" if value is None else str(value) for value in values]


def records(table: pa.Table) -> list[dict[str, Any]]:
    """The rows of an Arrow table as dicts, map columns as dicts (Arrow gives key/value pairs)."""
    maps = [f.name for f in table.schema if pa.types.is_map(f.type)]
    rows: list[dict[str, Any]] = table.to_pylist()
    for row in rows:
        for name in maps:
            row[name] = dict(row[name] or [])
    return rows


def csv_cell(value: object) -> str:
    """The CSV text of a table value: "" for null, lists joined with "；", text made
    spreadsheet-safe, numbers as ``str`` gives them.

    >>> csv_cell(None), csv_cell(["区发改局", "区财政局"]), csv_cell(0.8571), csv_cell(-5)
    ('', '区发改局；区财政局', '0.8571', '-5')
    >>> csv_cell("=1+1"), csv_cell(["-甲", "乙"])
    ("'=1+1", "'-甲；乙")
    """
    if value is None:
        return ""
    if isinstance(value, dict):  # a map column (``extra``): a JSON object, empty when empty
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False)) if value else ""
    if isinstance(value, list):
        return spreadsheet_safe(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return str(value)


#: What a spreadsheet runs as a formula when a cell starts with it (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_FIRST = frozenset(_FORMULA_START)  # one set lookup per cell


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?%?$")


def spreadsheet_safe(text: str) -> str:
    """Neutralise a text cell a spreadsheet would run as a formula: prefix it with "'" (OWASP).
    Real numbers, signed ones included, are left alone; Parquet always keeps the original.

    >>> spreadsheet_safe("=SUM(A1:A9)"), spreadsheet_safe("@cmd")
    ("'=SUM(A1:A9)", "'@cmd")
    >>> spreadsheet_safe("-5"), spreadsheet_safe("+3.5"), spreadsheet_safe("-12%")
    ('-5', '+3.5', '-12%')
    >>> spreadsheet_safe("-、推进城市更新"), spreadsheet_safe("推进=1")
    ("'-、推进城市更新", '推进=1')
    """
    if text[:1] in _FORMULA_FIRST and not _NUMBER.match(text):
        return "'" + text
    return text
