"""The writing stage: tables -> Parquet and CSV in the output folder, atomically.

This is the only module that knows about Arrow. Rows are validated pydantic models already;
here they become columns with an explicit schema (list columns are real lists in Parquet and
"；"-joined text in CSV). Each file is written to a temporary name in the output folder and
renamed into place, so a reader never sees a half-written file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from govtasks.link import ReviewPair, Tables

#: Separator for list cells in CSV (a full-width semicolon never appears inside a unit or name).
LIST_SEPARATOR = "；"

_STR = pa.string()
_LIST = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "reports": pa.schema(
        [
            ("report_id", _STR),
            ("source_file", _STR),
            ("source_sha256", _STR),
            ("format", _STR),
            ("district", _STR),
            ("year", pa.int16()),
            ("period", _STR),
            ("title", _STR),
            ("publisher", _STR),
            ("published", _STR),
            ("index_no", _STR),
            ("script", _STR),
            ("n_rows", pa.int32()),
            ("duplicate_of", _STR),
            ("converter", _STR),
            ("phrase_list", _STR),
        ]
    ),
    "tasks": pa.schema(
        [
            ("task_id", _STR),
            ("district", _STR),
            ("year", pa.int16()),
            ("category", _STR),
            ("content", _STR),
            ("lead_units", _LIST),
            ("lead_leaders", _LIST),
            ("n_reports", pa.int32()),
            ("first_period", _STR),
            ("last_period", _STR),
        ]
    ),
    "progress": pa.schema(
        [
            ("task_id", _STR),
            ("report_id", _STR),
            ("row", pa.int32()),
            ("source_line", pa.int32()),
            ("seq", _STR),
            ("category_no", _STR),
            ("category", _STR),
            ("content", _STR),
            ("lead_units", _LIST),
            ("lead_leaders", _LIST),
            ("progress", _STR),
            ("problems", _STR),
            ("next_steps", _STR),
            ("flags", _LIST),
            ("also_in", _LIST),
            ("similarity", pa.float64()),
        ]
    ),
}


#: Columns of links_review.csv, in order.
REVIEW_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ReviewPair))


def to_arrow(name: str, rows: Sequence[BaseModel]) -> pa.Table:
    """The rows of table ``name`` as an Arrow table with the fixed schema."""
    schema = SCHEMAS[name]
    records = [row.model_dump() for row in rows]
    return pa.Table.from_pylist(records, schema=schema)


def csv_bytes(table: pa.Table) -> bytes:
    """The table as CSV: UTF-8 with BOM (Excel/WPS), lists joined with "；", nulls empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    for record in table.to_pylist():
        writer.writerow(_csv_cell(value) for value in record.values())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def review_csv(pairs: Sequence[ReviewPair]) -> bytes:
    """Borderline linking pairs as CSV (UTF-8 with BOM), in the order the link stage gives."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(REVIEW_COLUMNS)
    for pair in pairs:
        writer.writerow(_csv_cell(getattr(pair, column)) for column in REVIEW_COLUMNS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=False)
    return bytes(sink.getvalue().to_pybytes())


def write_tables(tables: Tables, out_dir: Path) -> list[Path]:
    """Write reports, tasks and progress as Parquet and CSV; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    contents: dict[str, bytes] = {}
    for name, rows in (("reports", tables.reports), ("tasks", tables.tasks), ("progress", tables.progress)):
        table = to_arrow(name, rows)
        contents[f"{name}.parquet"] = parquet_bytes(table)
        contents[f"{name}.csv"] = csv_bytes(table)
    contents["links_review.csv"] = review_csv(tables.review)
    # Everything is rendered in memory first: a failure above leaves the old outputs untouched.
    return [atomic_write(out_dir / filename, data) for filename, data in contents.items()]


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
