"""Parquet files written a row group at a time, a group encoded or copied from another file.

PLACEHOLDER (issue 20 work in progress): copy_group decodes and encodes again; the helper's
module replaces this one with a byte copy.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


class ParquetSource:
    """A Parquet file written by :class:`GroupedParquet`, opened to copy its row groups."""

    def __init__(self, path: Path) -> None:
        try:
            self._file = pq.ParquetFile(path)
        except (OSError, pa.ArrowException) as exc:
            raise ValueError(f"{path}: not a Parquet file ({exc})") from exc
        self.path = path
        self.schema = self._file.schema_arrow
        self.num_groups = self._file.metadata.num_row_groups

    def group_rows(self, index: int) -> int:
        return int(self._file.metadata.row_group(index).num_rows)

    def read_group(self, index: int) -> pa.Table:
        return self._file.read_row_group(index)

    def close(self) -> None:
        self._file.close()


class GroupedParquet:
    """A Parquet file (zstd, no statistics) written one row group at a time."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.schema = schema
        self._handle = open(path, "wb")  # noqa: SIM115 - closed by close() or abandon()
        self._writer = pq.ParquetWriter(self._handle, schema, compression="zstd", write_statistics=False)

    def write_group(self, table: pa.Table) -> None:
        self._writer.write_table(table, row_group_size=max(1, table.num_rows))

    def copy_group(self, source: ParquetSource, index: int) -> None:
        table = source.read_group(index)
        self.write_group(pa.Table.from_arrays(table.columns, schema=self.schema))

    def close(self) -> None:
        self._writer.close()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()

    def abandon(self) -> None:
        with contextlib.suppress(OSError, ValueError, pa.ArrowException):
            self._writer.close()
        self._handle.close()
