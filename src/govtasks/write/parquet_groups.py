"""A Parquet file written a row group at a time, where a row group may be copied verbatim from a
file written before (:class:`GroupedParquet`, :class:`ParquetSource`).

A run that changes one report rewrites tables whose row groups are, but for a few, those of the
previous run's file. Decoding them and encoding them again costs most of such a run; copying
their bytes costs a disk copy. The bytes are the same either way: a row group's pages depend on
its rows and the schema's columns only, never on where the group sits in the file, nor on the
file's metadata (the run id). What depends on the place is in the footer, the Thrift-encoded
``FileMetaData``: each column chunk's page offsets and each row group's ``file_offset``. A copied
group's entries are those of the file it comes from, moved by the distance its bytes moved.

A Parquet file is "PAR1", the row groups' column chunks, the footer, the footer's length (4 bytes,
little-endian) and "PAR1". Every group is encoded by pyarrow, the same way (zstd, no statistics,
otherwise pyarrow's defaults), one group to a file in memory, whose column chunks are taken with
the footer's entry for them; the file's footer is that of pyarrow's own file for the schema
(schema, key-value metadata, writer, column orders) with the row groups put in. So a file whose
groups were all encoded is the very bytes ``pq.ParquetWriter`` writes for the same groups.

The footer is read and written with Apache Thrift's own Python library (its compact protocol, in
C). The library needs the structures declared as its compiler would generate them: they are
below, the part of parquet.thrift that a footer pyarrow writes uses. A field left out would be
lost when a footer is written again, so every footer read is written again at once and must give
its very bytes (:func:`_decode`): a newer pyarrow writing a new field fails loudly, never drops it.
"""

from __future__ import annotations

import base64
import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import IO, Any, ClassVar, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq
from thrift.protocol import TCompactProtocol, fastbinary
from thrift.Thrift import TType
from thrift.transport import TTransport

from govtasks.write.publish import copy_range

#: The bytes at both ends of a Parquet file (an encrypted footer ends with "PARE" instead).
MAGIC = b"PAR1"

#: CompressionCodec ZSTD (parquet.thrift), the one GroupedParquet writes.
ZSTD = 6

# --- The footer's Thrift structures (parquet.thrift), declared as Thrift's compiler would ---


class _Struct(SimpleNamespace):
    """A Thrift struct: its fields as attributes (None when absent), declared by ``thrift_spec``
    in the form the Thrift library's C codec reads: one entry per field id, (id, type, name,
    type arguments, default), None for an id not used. The codec makes a struct read by calling
    its class with the fields it found: SimpleNamespace's ``__init__`` takes them in C (a footer
    holds thousands of structs), and a field not found is the class's None (see :func:`_declare`)."""

    thrift_spec: ClassVar[tuple[Any, ...]] = (None,)


def _declare(cls: type[_Struct], *fields: tuple[int, int, str, Any]) -> None:
    """Give ``cls`` its ``thrift_spec`` from (id, type, name, type arguments) of its fields."""
    spec: list[Any] = [None] * (max((f[0] for f in fields), default=0) + 1)
    for number, kind, name, arguments in fields:
        spec[number] = (number, kind, name, arguments, None)
        setattr(cls, name, None)  # absent until set
    cls.thrift_spec = tuple(spec)


def _of(cls: type[_Struct]) -> list[Any]:
    """The type arguments of a struct-typed field (or list element) of class ``cls``."""
    return [cls, cls.thrift_spec]


def _list_of(kind: int, arguments: Any = None) -> tuple[Any, ...]:
    """The type arguments of a list field whose elements are ``kind`` (with ``arguments``)."""
    return (kind, arguments, False)


_BYTES = "BINARY"  # Thrift strings are read and written as bytes, never decoded: as they were


class _Empty(_Struct):
    """The fieldless structs: a logical type without parameters (StringType, DateType …), a
    TimeUnit's members, TypeDefinedOrder."""


class DecimalType(_Struct):
    pass


class TimeUnit(_Struct):
    pass


class TimeType(_Struct):
    pass


class IntType(_Struct):
    pass


class LogicalType(_Struct):
    pass


class SchemaElement(_Struct):
    pass


class KeyValue(_Struct):
    key: bytes
    value: bytes | None


class ColumnOrder(_Struct):
    pass


class SortingColumn(_Struct):
    pass


class Statistics(_Struct):
    pass


class PageEncodingStats(_Struct):
    pass


class SizeStatistics(_Struct):
    pass


class ColumnMetaData(_Struct):
    codec: int
    statistics: Statistics | None
    data_page_offset: int
    index_page_offset: int | None
    dictionary_page_offset: int | None
    total_compressed_size: int
    bloom_filter_offset: int | None


class ColumnChunk(_Struct):
    file_path: bytes | None
    file_offset: int
    meta_data: ColumnMetaData | None
    offset_index_offset: int | None
    column_index_offset: int | None
    encrypted_column_metadata: bytes | None


class RowGroup(_Struct):
    columns: list[ColumnChunk]
    num_rows: int
    file_offset: int | None
    total_compressed_size: int | None
    ordinal: int | None


class FileMetaData(_Struct):
    version: int
    schema: list[SchemaElement]
    num_rows: int
    row_groups: list[RowGroup]
    key_value_metadata: list[KeyValue] | None
    created_by: bytes | None
    column_orders: list[ColumnOrder] | None
    footer_signing_key_metadata: bytes | None


_declare(_Empty)
_declare(DecimalType, (1, TType.I32, "scale", None), (2, TType.I32, "precision", None))
_declare(
    TimeUnit,
    (1, TType.STRUCT, "MILLIS", _of(_Empty)),
    (2, TType.STRUCT, "MICROS", _of(_Empty)),
    (3, TType.STRUCT, "NANOS", _of(_Empty)),
)
# TimestampType has TimeType's fields
_declare(TimeType, (1, TType.BOOL, "isAdjustedToUTC", None), (2, TType.STRUCT, "unit", _of(TimeUnit)))
_declare(IntType, (1, TType.BYTE, "bitWidth", None), (2, TType.BOOL, "isSigned", None))
_declare(
    LogicalType,  # a union: one field set
    (1, TType.STRUCT, "STRING", _of(_Empty)),
    (2, TType.STRUCT, "MAP", _of(_Empty)),
    (3, TType.STRUCT, "LIST", _of(_Empty)),
    (4, TType.STRUCT, "ENUM", _of(_Empty)),
    (5, TType.STRUCT, "DECIMAL", _of(DecimalType)),
    (6, TType.STRUCT, "DATE", _of(_Empty)),
    (7, TType.STRUCT, "TIME", _of(TimeType)),
    (8, TType.STRUCT, "TIMESTAMP", _of(TimeType)),
    (10, TType.STRUCT, "INTEGER", _of(IntType)),
    (11, TType.STRUCT, "UNKNOWN", _of(_Empty)),
    (12, TType.STRUCT, "JSON", _of(_Empty)),
    (13, TType.STRUCT, "BSON", _of(_Empty)),
    (14, TType.STRUCT, "UUID", _of(_Empty)),
    (15, TType.STRUCT, "FLOAT16", _of(_Empty)),
)
_declare(
    SchemaElement,
    (1, TType.I32, "type", None),
    (2, TType.I32, "type_length", None),
    (3, TType.I32, "repetition_type", None),
    (4, TType.STRING, "name", _BYTES),
    (5, TType.I32, "num_children", None),
    (6, TType.I32, "converted_type", None),
    (7, TType.I32, "scale", None),
    (8, TType.I32, "precision", None),
    (9, TType.I32, "field_id", None),
    (10, TType.STRUCT, "logicalType", _of(LogicalType)),
)
_declare(KeyValue, (1, TType.STRING, "key", _BYTES), (2, TType.STRING, "value", _BYTES))
_declare(ColumnOrder, (1, TType.STRUCT, "TYPE_ORDER", _of(_Empty)))  # a union
_declare(
    SortingColumn,
    (1, TType.I32, "column_idx", None),
    (2, TType.BOOL, "descending", None),
    (3, TType.BOOL, "nulls_first", None),
)
_declare(
    Statistics,
    (1, TType.STRING, "max", _BYTES),
    (2, TType.STRING, "min", _BYTES),
    (3, TType.I64, "null_count", None),
    (4, TType.I64, "distinct_count", None),
    (5, TType.STRING, "max_value", _BYTES),
    (6, TType.STRING, "min_value", _BYTES),
    (7, TType.BOOL, "is_max_value_exact", None),
    (8, TType.BOOL, "is_min_value_exact", None),
)
_declare(
    PageEncodingStats,
    (1, TType.I32, "page_type", None),
    (2, TType.I32, "encoding", None),
    (3, TType.I32, "count", None),
)
_declare(
    SizeStatistics,
    (1, TType.I64, "unencoded_byte_array_data_bytes", None),
    (2, TType.LIST, "repetition_level_histogram", _list_of(TType.I64)),
    (3, TType.LIST, "definition_level_histogram", _list_of(TType.I64)),
)
_declare(
    ColumnMetaData,
    (1, TType.I32, "type", None),
    (2, TType.LIST, "encodings", _list_of(TType.I32)),
    (3, TType.LIST, "path_in_schema", _list_of(TType.STRING, _BYTES)),
    (4, TType.I32, "codec", None),
    (5, TType.I64, "num_values", None),
    (6, TType.I64, "total_uncompressed_size", None),
    (7, TType.I64, "total_compressed_size", None),
    (8, TType.LIST, "key_value_metadata", _list_of(TType.STRUCT, _of(KeyValue))),
    (9, TType.I64, "data_page_offset", None),
    (10, TType.I64, "index_page_offset", None),
    (11, TType.I64, "dictionary_page_offset", None),
    (12, TType.STRUCT, "statistics", _of(Statistics)),
    (13, TType.LIST, "encoding_stats", _list_of(TType.STRUCT, _of(PageEncodingStats))),
    (14, TType.I64, "bloom_filter_offset", None),
    (15, TType.I32, "bloom_filter_length", None),
    (16, TType.STRUCT, "size_statistics", _of(SizeStatistics)),
)
_declare(
    ColumnChunk,
    (1, TType.STRING, "file_path", _BYTES),
    (2, TType.I64, "file_offset", None),
    (3, TType.STRUCT, "meta_data", _of(ColumnMetaData)),
    (4, TType.I64, "offset_index_offset", None),
    (5, TType.I32, "offset_index_length", None),
    (6, TType.I64, "column_index_offset", None),
    (7, TType.I32, "column_index_length", None),
    # 8, crypto_metadata: an encrypted column, which is refused (its struct is not declared)
    (9, TType.STRING, "encrypted_column_metadata", _BYTES),
)
_declare(
    RowGroup,
    (1, TType.LIST, "columns", _list_of(TType.STRUCT, _of(ColumnChunk))),
    (2, TType.I64, "total_byte_size", None),
    (3, TType.I64, "num_rows", None),
    (4, TType.LIST, "sorting_columns", _list_of(TType.STRUCT, _of(SortingColumn))),
    (5, TType.I64, "file_offset", None),
    (6, TType.I64, "total_compressed_size", None),
    (7, TType.I16, "ordinal", None),
)
_declare(
    FileMetaData,
    (1, TType.I32, "version", None),
    (2, TType.LIST, "schema", _list_of(TType.STRUCT, _of(SchemaElement))),
    (3, TType.I64, "num_rows", None),
    (4, TType.LIST, "row_groups", _list_of(TType.STRUCT, _of(RowGroup))),
    (5, TType.LIST, "key_value_metadata", _list_of(TType.STRUCT, _of(KeyValue))),
    (6, TType.STRING, "created_by", _BYTES),
    (7, TType.LIST, "column_orders", _list_of(TType.STRUCT, _of(ColumnOrder))),
    # 8, encryption_algorithm: a file with a signed plaintext footer, which is refused
    (9, TType.STRING, "footer_signing_key_metadata", _BYTES),
)


def _encode(meta: FileMetaData) -> bytes:
    """A footer's Thrift compact bytes."""
    data: bytes = fastbinary.encode_compact(meta, [FileMetaData, FileMetaData.thrift_spec])
    return data


def _decode(data: bytes, name: str) -> FileMetaData:
    """The footer ``data`` of file ``name``, read; ValueError when it is not a footer whose
    every field is declared above (written again, it must give the same bytes).

    >>> _decode(b"\\x15\\x04\\x00", "x.parquet").version  # field 1 (version), i32: 2
    2
    >>> _decode(b"\\x15\\x04\\x95\\x04\\x00", "x.parquet")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: x.parquet: its Parquet footer holds fields govtasks does not know (...
    """
    meta = FileMetaData()
    transport = TTransport.TMemoryBuffer(data)
    protocol = TCompactProtocol.TCompactProtocol(transport)  # the codec reads its limits (none)
    try:
        fastbinary.decode_compact(meta, protocol, [FileMetaData, FileMetaData.thrift_spec])
    except Exception as error:  # the C codec raises what it meets: EOFError, TypeError, …
        raise ValueError(f"{name}: its Parquet footer cannot be read ({error})") from error
    if _encode(meta) != data:
        raise ValueError(
            f"{name}: its Parquet footer holds fields govtasks does not know (a writer other than"
            " pyarrow's, or a newer one): its row groups cannot be copied"
        )
    return meta


# --- Where a row group's bytes are, and moving its footer entry with them ---


@dataclass(frozen=True)
class _Group:
    """A row group of a file: its footer entry, and where its column chunks' bytes are (one
    contiguous range, as parquet-cpp writes them)."""

    meta: RowGroup
    start: int
    size: int


def _chunk_start(meta: ColumnMetaData) -> int:
    """Where a column chunk's bytes begin: its dictionary page, when it has one, comes first."""
    if meta.dictionary_page_offset is not None and meta.dictionary_page_offset > 0:
        return meta.dictionary_page_offset
    return meta.data_page_offset


def _place(group: RowGroup, name: str, index: int) -> _Group:
    """Where row group ``index`` of file ``name`` has its bytes; ValueError when they are not
    one range holding only pages (a page index, a bloom filter, an external or encrypted column
    would point elsewhere, and the footer entry could not just move with the bytes)."""
    where = f"{name}: row group {index}"
    start = end = None
    for number, chunk in enumerate(group.columns):
        meta = chunk.meta_data
        if meta is None or chunk.encrypted_column_metadata is not None:
            raise ValueError(f"{where}: column {number} is encrypted")
        if chunk.file_path:
            raise ValueError(f"{where}: column {number} is in another file")
        if chunk.offset_index_offset is not None or chunk.column_index_offset is not None:
            raise ValueError(f"{where}: column {number} has a page index")
        if meta.bloom_filter_offset is not None:
            raise ValueError(f"{where}: column {number} has a bloom filter")
        # what would make its bytes other than the same rows encoded by GroupedParquet
        if meta.codec != ZSTD:
            raise ValueError(f"{where}: column {number} is compressed with codec {meta.codec}, not zstd")
        if meta.statistics is not None:
            raise ValueError(f"{where}: column {number} has statistics (GroupedParquet writes none)")
        begins = _chunk_start(meta)
        if end is not None and begins != end:
            raise ValueError(f"{where}: column {number} does not follow the one before it")
        start = begins if start is None else start
        end = begins + meta.total_compressed_size
    if start is None or end is None:
        raise ValueError(f"{where} has no columns")
    if group.file_offset not in (None, 0, start):
        raise ValueError(f"{where}: its file_offset is not where its first column begins")
    return _Group(group, start, end - start)


_S = TypeVar("_S", bound=_Struct)


def _copy(value: _S) -> _S:
    """A shallow copy of ``value`` (its class called with its fields: quicker than copy.copy)."""
    return type(value)(**vars(value))


def _moved(group: RowGroup, by: int, ordinal: int) -> RowGroup:
    """Row group ``group``'s footer entry for its bytes moved ``by`` bytes, at place ``ordinal``
    in its new file: every offset into the file moved, the rest as it was (shared, never
    changed). An offset of 0 means none (the file's first bytes are "PAR1"), and stays 0:
    parquet-cpp writes a column chunk's file_offset as 0, and a data page offset of 0 in a
    group of no rows."""
    moved = _copy(group)
    columns = []
    for chunk in group.columns:
        chunk = _copy(chunk)
        assert chunk.meta_data is not None  # _place refused a chunk without
        meta = chunk.meta_data = _copy(chunk.meta_data)
        if meta.data_page_offset:  # 0 in a group of no rows: only a dictionary page, no data page
            meta.data_page_offset += by
        if meta.dictionary_page_offset:
            meta.dictionary_page_offset += by
        if meta.index_page_offset:
            meta.index_page_offset += by
        if chunk.file_offset:
            chunk.file_offset += by
        columns.append(chunk)
    moved.columns = columns
    if moved.file_offset:
        moved.file_offset += by
    if moved.ordinal is not None:
        moved.ordinal = ordinal
    return moved


def _read_footer(handle: IO[bytes], name: str) -> FileMetaData:
    """The footer of the Parquet file open as ``handle``; ValueError when it is not one."""
    size = handle.seek(0, os.SEEK_END)
    if size < 12:
        raise ValueError(f"{name}: not a Parquet file ({size} bytes)")
    handle.seek(0)
    head = handle.read(4)
    handle.seek(size - 8)
    tail = handle.read(8)
    length = struct.unpack("<I", tail[:4])[0]
    if head != MAGIC or tail[4:] != MAGIC:
        detail = " (its footer is encrypted)" if tail[4:] == b"PARE" else ""
        raise ValueError(f"{name}: not a Parquet file{detail}")
    if length > size - 12:
        raise ValueError(f"{name}: its footer length ({length}) is more than the file holds")
    handle.seek(size - 8 - length)
    meta = _decode(handle.read(length), name)
    if meta.footer_signing_key_metadata is not None:
        raise ValueError(f"{name}: its columns are encrypted")
    return meta


def _layout(meta: FileMetaData) -> bytes:
    """What must be the same in two files for a row group of one to be a row group of the
    other, as the same bytes its rows would be encoded into: the columns (Parquet schema and
    column orders) and the writer that encoded the pages. Key-value metadata (the run id, the
    Arrow schema with its descriptions) may differ: no page depends on it."""
    return _encode(
        FileMetaData(
            version=meta.version,
            schema=meta.schema,
            num_rows=0,
            row_groups=[],
            created_by=meta.created_by,
            column_orders=meta.column_orders,
        )
    )


class ParquetSource:
    """A Parquet file written by :class:`GroupedParquet` (or by pyarrow's writer with the same
    settings), open for its row groups to be copied into a new file, or read. The footer is read
    once, when the file is opened; ValueError when the file is not a Parquet file whose groups
    can be copied (see :func:`_place`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = open(path, "rb")  # noqa: SIM115 - closed by close()
        try:
            self._meta = _read_footer(self._handle, str(path))
            self._groups = [_place(g, str(path), i) for i, g in enumerate(self._meta.row_groups)]
            self.layout = _layout(self._meta)
        except BaseException:
            self._handle.close()
            raise
        self._reader: pq.ParquetFile | None = None

    @property
    def num_groups(self) -> int:
        """How many row groups the file has."""
        return len(self._groups)

    def group_rows(self, index: int) -> int:
        """How many rows row group ``index`` has."""
        return self._groups[index].meta.num_rows

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema the file was written with, its metadata included: as pyarrow stored
        it in the footer (key ``ARROW:schema``), list items named as they were (pyarrow's reader
        names them "element", as Parquet does); else the schema pyarrow reads."""
        for pair in self._meta.key_value_metadata or ():
            if pair.key == b"ARROW:schema" and pair.value is not None:
                stored = base64.b64decode(pair.value)
                schema: pa.Schema = pa.ipc.read_schema(pa.BufferReader(stored))
                return schema
        schema = self._pyarrow().schema_arrow
        return schema

    def read_group(self, index: int) -> pa.Table:
        """Row group ``index``, decoded (to take some of its rows into a group encoded anew)."""
        table: pa.Table = self._pyarrow().read_row_group(index)
        return table

    def _pyarrow(self) -> pq.ParquetFile:
        """pyarrow's reader of the file, opened when first needed: copying never needs it."""
        if self._reader is None:
            self._reader = pq.ParquetFile(self.path)
        return self._reader

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._handle.close()

    def __enter__(self) -> ParquetSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _encoded(table: pa.Table | None, schema: pa.Schema) -> tuple[bytes, FileMetaData]:
    """A Parquet file in memory of ``table``'s rows as one row group (or of none), written as a
    :class:`GroupedParquet` writes every group. The columns are made one array each first: the
    writer cuts pages where its input's chunks end, and the bytes must depend on the rows only."""
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, schema, compression="zstd", write_statistics=False) as writer:
        if table is not None:
            writer.write_table(table.combine_chunks(), row_group_size=max(table.num_rows, 1))
    data = sink.getvalue().to_pybytes()
    return data, _read_footer(io.BytesIO(data), "a row group encoded")


class GroupedParquet:
    """A Parquet file written a row group at a time: each group encoded from an Arrow table
    (:meth:`write_group`) or copied from a file written before (:meth:`copy_group`), the same
    bytes either way. Then :meth:`close`, or :meth:`abandon` after a failure."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self._template = _encoded(None, schema)[1]  # the footer of the schema, of no group
        self.layout = _layout(self._template)
        self._groups: list[RowGroup] = []
        self._rows = 0
        self._handle = open(path, "wb")  # noqa: SIM115 - closed by close() or abandon()
        self._handle.write(MAGIC)
        self._end = len(MAGIC)

    def can_copy(self, source: ParquetSource) -> bool:
        """Whether ``source``'s row groups are what this file would encode of the same rows:
        the same columns, encoded by the same writer (a pyarrow of another version may encode
        other bytes, and a group copied from its file would make a file of other bytes)."""
        return source.layout == self.layout

    def write_group(self, table: pa.Table) -> None:
        """Encode ``table`` (this file's columns; its schema metadata aside) as exactly one row
        group, at the end."""
        if not table.schema.equals(self.schema, check_metadata=False):
            raise ValueError(f"{self.path}: a row group's columns are not the file's:\n{table.schema}")
        data, meta = _encoded(table, self.schema)
        (group,) = meta.row_groups
        placed = _place(group, "a row group encoded", 0)
        self._append(group, placed.start, data[placed.start : placed.start + placed.size])

    def copy_group(self, source: ParquetSource, index: int) -> None:
        """Copy row group ``index`` of ``source`` to the end, its bytes as they are (never
        decoded), when :meth:`can_copy`. Else (a file of another pyarrow, which may have
        encoded the rows otherwise) the group is decoded and encoded again: the bytes are
        those of :meth:`write_group` either way. ValueError when its columns are not this
        file's."""
        if not self.can_copy(source):
            self.write_group(source.read_group(index))
            return
        group = source._groups[index]
        copy_range(source._handle, self._handle, group.start, group.size)
        self._append(group.meta, group.start, None, group.size)

    def _append(self, group: RowGroup, start: int, data: bytes | None, size: int = 0) -> None:
        """Record row group ``group``, whose bytes were at ``start`` where it was written, as
        the next group, writing ``data`` (or the ``size`` bytes already copied) at the end."""
        if data is not None:
            self._handle.write(data)
            size = len(data)
        self._groups.append(_moved(group, self._end - start, len(self._groups)))
        self._rows += group.num_rows
        self._end += size

    def close(self) -> None:
        """End the file (a file of no group has one empty group, as pyarrow writes an empty
        table) and sync it to disk."""
        if self._handle.closed:
            raise ValueError(f"{self.path} is closed already")
        if not self._groups:
            self.write_group(self.schema.empty_table())
        meta = _copy(self._template)
        meta.row_groups = self._groups
        meta.num_rows = self._rows
        footer = _encode(meta)
        self._handle.write(footer + struct.pack("<I", len(footer)) + MAGIC)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def abandon(self) -> None:
        """Close the file half-written, after a failure (the caller removes it)."""
        self._handle.close()

    def __enter__(self) -> GroupedParquet:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abandon()
        elif not self._handle.closed:  # left open: closed here (not when abandoned in the block)
            self.close()
