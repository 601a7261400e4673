"""write/parquet_groups.py: a Parquet file written a row group at a time, each group encoded or
copied verbatim from a file written before, the same bytes either way.

The rows are real: the four tables of a run on the samples and real pages of other districts
(tests/fixtures/samples-extra), which give every column type the tables have (text, lists of
text, a map of text with entries, dates, 16- and 32-bit integers, floats, nullable and not).
"""

from __future__ import annotations

import io
import os
import struct
from datetime import date
from itertools import pairwise
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA, copy_samples, quiet_console

from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.write import publish
from govtasks.write.parquet_groups import MAGIC, GroupedParquet, ParquetSource
from govtasks.write.tables import SCHEMAS, FileMetadata, file_schema, records

RUN_A = FileMetadata("0.1.0", "0.1.0+a", "opencc", "p1", "run-aaaaaaaaaaaaaaaa")
RUN_B = FileMetadata("0.1.0", "0.1.0+b", "opencc", "p1", "run-bbbbbbbbbbbbbbbb")


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of a run on the samples and the real pages of other districts."""
    root = tmp_path_factory.mktemp("groups")
    raw = copy_samples(root / "raw")
    for extra in sorted(EXTRA.iterdir()):
        (raw / extra.name).write_bytes(extra.read_bytes())
    run_ingest(RunSettings(raw, root / "out", jobs=1), console=quiet_console())
    return root / "out"


@pytest.fixture(scope="module")
def tables(run_out: Path) -> dict[str, pa.Table]:
    """Each table of the run, as written."""
    return {name: pq.read_table(run_out / f"{name}.parquet") for name in SCHEMAS}


def test_the_rows_have_every_kind_of_value(tables: dict[str, pa.Table]) -> None:
    """What the other tests rely on: real rows with nulls, non-empty maps and lists, dates."""
    progress = tables["progress"]
    assert progress.num_rows == 455
    assert sum(1 for value in progress["extra"].to_pylist() if value) == 10
    first = records(progress.slice(0, 1))[0]
    assert first["extra"] == {"指标要求": "增长5.5%(市下达指标)", "目标类型": "A类"}
    assert sum(1 for value in progress["lead_units"].to_pylist() if value) == 356
    assert progress["progress"].null_count == 98
    published = tables["reports"]["published"]
    assert (published.null_count, published.type) == (2, pa.date32())
    assert published.to_pylist()[:2] == [date(2019, 2, 15), date(2022, 11, 3)]
    assert tables["figures"].num_rows == 1207


def write(path: Path, schema: pa.Schema, groups: list[pa.Table | tuple[ParquetSource, int]]) -> bytes:
    """Write ``groups`` (a table to encode, or a source's group to copy) into ``path``; its bytes."""
    with GroupedParquet(path, schema) as out:
        for group in groups:
            if isinstance(group, pa.Table):
                out.write_group(group)
            else:
                out.copy_group(*group)
    return path.read_bytes()


def pyarrow_file(schema: pa.Schema, groups: list[pa.Table]) -> bytes:
    """The file pyarrow's own writer makes of ``groups``, one row group each, with the settings
    govtasks writes its tables with."""
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, schema, compression="zstd", write_statistics=False) as writer:
        for group in groups:
            writer.write_table(group.combine_chunks(), row_group_size=max(group.num_rows, 1))
    return sink.getvalue()


def cut(table: pa.Table, *ends: int) -> list[pa.Table]:
    """``table``'s rows cut before each of ``ends`` (the last piece to the end)."""
    bounds = [0, *ends, table.num_rows]
    return [table.slice(start, end - start) for start, end in pairwise(bounds)]


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_encoded_groups_make_the_file_pyarrow_writes(
    tables: dict[str, pa.Table], name: str, tmp_path: Path
) -> None:
    """A file of groups all encoded is, byte for byte, what pq.ParquetWriter writes of them:
    the footer is pyarrow's, only put together here."""
    schema = file_schema(name, RUN_A)
    groups = cut(tables[name].replace_schema_metadata(schema.metadata), 1, 3, tables[name].num_rows // 2)
    assert write(tmp_path / "g.parquet", schema, list(groups)) == pyarrow_file(schema, groups)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_a_runs_table_file_is_a_source(run_out: Path, name: str, tmp_path: Path) -> None:
    """A table file a run writes today (write/tables.py's ParquetStream) opens as a source:
    its schema is the one it was written with, metadata included; its groups can be copied
    into a file of the same schema, and encoded again they give the file itself."""
    path = run_out / f"{name}.parquet"
    with ParquetSource(path) as source:
        metadata = FileMetadata.of_file(source.schema.metadata)
        assert source.schema.equals(file_schema(name, metadata), check_metadata=True)
        assert source.num_groups == 1
        again = write(tmp_path / "again.parquet", source.schema, [source.read_group(0)])
        with GroupedParquet(tmp_path / "copy.parquet", file_schema(name, RUN_B)) as out:
            assert out.can_copy(source)
    assert again == path.read_bytes()


def test_a_file_of_no_group_is_an_empty_table(tmp_path: Path) -> None:
    """As pyarrow writes an empty table: one row group of no rows."""
    schema = file_schema("progress", RUN_A)
    sink = io.BytesIO()
    pq.write_table(schema.empty_table(), sink, compression="zstd", write_statistics=False)
    assert write(tmp_path / "e.parquet", schema, []) == sink.getvalue()
    assert pq.ParquetFile(tmp_path / "e.parquet").metadata.num_row_groups == 1


def test_copied_groups_are_the_bytes_encoding_gives(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    """A, B, C written; then A copied, X new, C copied is the file of A, X, C all encoded; and
    the same again run after run."""
    schema = file_schema("progress", RUN_A)
    a, b, c = cut(tables["progress"], 200, 390)
    x = tables["progress"].slice(50, 300)
    write(tmp_path / "abc.parquet", schema, [a, b, c])
    with ParquetSource(tmp_path / "abc.parquet") as source:
        assert (source.num_groups, [source.group_rows(i) for i in range(3)]) == (3, [200, 190, 65])
        spliced = write(tmp_path / "axc.parquet", schema, [(source, 0), x, (source, 2)])
        again = write(tmp_path / "axc2.parquet", schema, [(source, 0), x, (source, 2)])
    encoded = write(tmp_path / "axc-encoded.parquet", schema, [a, x, c])
    assert spliced == encoded == again
    assert pq.read_table(tmp_path / "axc.parquet").equals(pa.concat_tables([a, x, c]))


def group_bytes(path: Path, index: int) -> bytes:
    """The bytes of row group ``index`` of the file at ``path``, as its footer places them."""
    start, size = group_range(path, index)
    return path.read_bytes()[start : start + size]


def group_range(path: Path, index: int) -> tuple[int, int]:
    """Where row group ``index`` of the file at ``path`` begins, and its size, as pyarrow reads
    its footer."""
    meta = pq.ParquetFile(path).metadata.row_group(index)
    columns = [meta.column(i) for i in range(meta.num_columns)]
    first = columns[0]
    return first.dictionary_page_offset or first.data_page_offset, sum(
        column.total_compressed_size for column in columns
    )


def test_copied_from_another_run_the_footer_is_the_new_runs(
    tables: dict[str, pa.Table], tmp_path: Path
) -> None:
    """A group copied from a file of another run (its own run id in the metadata) is still
    verbatim, and the new file's metadata is the new run's, as if every group were encoded."""
    a, b = cut(tables["tasks"], 150)
    write(tmp_path / "old.parquet", file_schema("tasks", RUN_A), [a, b])
    new = file_schema("tasks", RUN_B)
    with ParquetSource(tmp_path / "old.parquet") as source:
        assert FileMetadata.of_file(source.schema.metadata) == RUN_A
        spliced = write(tmp_path / "new.parquet", new, [(source, 1), (source, 0)])
    assert spliced == write(tmp_path / "encoded.parquet", new, [b, a])
    assert group_bytes(tmp_path / "new.parquet", 0) == group_bytes(tmp_path / "old.parquet", 1)
    assert group_bytes(tmp_path / "new.parquet", 1) == group_bytes(tmp_path / "old.parquet", 0)
    assert FileMetadata.of_file(pq.read_schema(tmp_path / "new.parquet").metadata) == RUN_B
    read = pq.read_schema(tmp_path / "new.parquet")
    assert read.metadata == new.metadata
    assert [f.metadata for f in read] == [f.metadata for f in new]  # the columns' descriptions


def test_how_a_table_is_chunked_changes_no_byte(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    """Rows that come in many Arrow chunks (a block at a time) make the bytes they make at once."""
    schema = file_schema("progress", RUN_A)
    rows = tables["progress"].slice(0, 300)
    chunked = pa.concat_tables(cut(rows, 7, 8, 100, 211))
    assert chunked.column(0).num_chunks == 5
    assert write(tmp_path / "c.parquet", schema, [chunked]) == write(tmp_path / "w.parquet", schema, [rows])


# --- Readable by every reader -------------------------------------------------------------


def spliced_file(tables: dict[str, pa.Table], name: str, folder: Path) -> tuple[Path, pa.Table]:
    """Table ``name`` written in four groups, two of them copied from an earlier file; the file
    and the rows it must hold."""
    schema = file_schema(name, RUN_B)
    table = tables[name].replace_schema_metadata(schema.metadata)
    n = table.num_rows
    pieces = cut(table, n // 4, n // 2, 3 * n // 4)
    write(folder / f"{name}-old.parquet", file_schema(name, RUN_A), [pieces[0], pieces[2]])
    with ParquetSource(folder / f"{name}-old.parquet") as source:
        write(folder / f"{name}.parquet", schema, [(source, 0), pieces[1], (source, 1), pieces[3]])
    return folder / f"{name}.parquet", table


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_pyarrow_reads_every_row_back(tables: dict[str, pa.Table], name: str, tmp_path: Path) -> None:
    path, table = spliced_file(tables, name, tmp_path)
    assert pq.read_table(path).equals(table, check_metadata=True)
    file = pq.ParquetFile(path)
    assert file.metadata.num_rows == table.num_rows
    assert file.metadata.num_row_groups == 4
    sizes = [file.metadata.row_group(i).num_rows for i in range(4)]
    assert pa.concat_tables([file.read_row_group(i) for i in range(4)]).equals(table)
    assert sum(sizes) == table.num_rows


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_duckdb_reads_every_row_back(tables: dict[str, pa.Table], name: str, tmp_path: Path) -> None:
    path, table = spliced_file(tables, name, tmp_path)
    with duckdb.connect() as connection:
        rows = connection.execute("select * from read_parquet(?)", [str(path)]).fetchall()
        kinds = connection.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    assert [tuple(row.values()) for row in records(table)] == rows
    assert [kind[0] for kind in kinds] == table.column_names


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_polars_reads_every_row_back(tables: dict[str, pa.Table], name: str, tmp_path: Path) -> None:
    path, table = spliced_file(tables, name, tmp_path)
    frame = pl.read_parquet(path)
    assert frame.rows() == [tuple(row.values()) for row in records(table)]
    assert frame.height == table.num_rows


def test_64_bit_integers_and_maps_not_null(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    """No table has a 64-bit integer column yet: real rows with one (the source line widened),
    and the map column not nullable, spliced and read back by the three readers."""
    progress = tables["progress"]
    fields = [
        pa.field("line", pa.int64(), nullable=False),
        pa.field("extra", pa.map_(pa.string(), pa.string()), nullable=False),
        pa.field("problems", pa.string()),
    ]
    table = pa.table(
        [
            pa.compute.multiply(progress["source_line"].cast(pa.int64()), 10_000_000_000),
            progress["extra"],
            progress["problems"],
        ],
        schema=pa.schema(fields),
    )
    a, b, c = cut(table, 100, 400)
    write(tmp_path / "old.parquet", table.schema, [a, c])
    with ParquetSource(tmp_path / "old.parquet") as source:
        write(tmp_path / "new.parquet", table.schema, [(source, 0), b, (source, 1)])
    assert pq.read_table(tmp_path / "new.parquet").equals(table)
    expected = [tuple(row.values()) for row in records(table)]
    assert duckdb.execute("select * from read_parquet(?)", [str(tmp_path / "new.parquet")]).fetchall() == (
        expected
    )
    assert pl.read_parquet(tmp_path / "new.parquet").rows() == expected
    assert expected[400 - 1][0] == progress["source_line"][399].as_py() * 10_000_000_000


# --- copy_group copies bytes, never pages ---------------------------------------------------


def test_copy_group_never_decodes_a_page(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    """A source whose pages are garbage (the footer intact) is copied all the same, byte for
    byte: nothing reads its pages. pyarrow cannot read the group."""
    schema = file_schema("progress", RUN_A)
    a, b = cut(tables["progress"], 300)
    data = bytearray(write(tmp_path / "ab.parquet", schema, [a, b]))
    start, size = group_range(tmp_path / "ab.parquet", 1)
    data[start : start + size] = os.urandom(size)
    (tmp_path / "ab.parquet").write_bytes(bytes(data))
    with ParquetSource(tmp_path / "ab.parquet") as source:
        with pytest.raises(OSError):  # pyarrow's error for a corrupt page
            source.read_group(1)
        write(tmp_path / "copy.parquet", schema, [a, (source, 1)])
    assert group_bytes(tmp_path / "copy.parquet", 1) == bytes(data[start : start + size])


def test_copied_in_chunks_where_the_kernel_cannot(
    tables: dict[str, pa.Table], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where copy_file_range fails (another file system), the group is copied a chunk at a
    time, here 4 KiB, to the same bytes."""
    schema = file_schema("progress", RUN_A)
    a, b = cut(tables["progress"], 300)
    write(tmp_path / "ab.parquet", schema, [a, b])
    calls = []

    def cannot(*args: object) -> int:
        calls.append(args)
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", cannot)
    monkeypatch.setattr(publish, "COPY_CHUNK", 4096)
    with ParquetSource(tmp_path / "ab.parquet") as source:
        copied = write(tmp_path / "ba.parquet", schema, [(source, 1), (source, 0)])
    assert len(calls) == 2
    assert copied == write(tmp_path / "ba-encoded.parquet", schema, [b, a])


# --- What is refused -------------------------------------------------------------------------


def test_a_file_that_is_not_parquet_is_refused(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b"task_id,report_id\r\nt1,r1\r\n")
    with pytest.raises(ValueError, match=r"t\.csv: not a Parquet file"):
        ParquetSource(tmp_path / "t.csv")
    (tmp_path / "short").write_bytes(MAGIC)
    with pytest.raises(ValueError, match=r"not a Parquet file \(4 bytes\)"):
        ParquetSource(tmp_path / "short")


def test_a_cut_off_file_is_refused(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    data = write(tmp_path / "p.parquet", file_schema("progress", RUN_A), [tables["progress"]])
    (tmp_path / "cut.parquet").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="not a Parquet file"):
        ParquetSource(tmp_path / "cut.parquet")
    length = struct.unpack("<I", data[-8:-4])[0]
    garbled = data[: -8 - length] + b"\x07" * length + data[-8:]
    (tmp_path / "garbled.parquet").write_bytes(garbled)
    with pytest.raises(ValueError, match="footer"):
        ParquetSource(tmp_path / "garbled.parquet")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"write_page_index": True}, "has a page index"),
        ({"write_statistics": True}, "statistics"),
        ({"compression": "snappy"}, "compressed with"),
        ({"bloom_filter_options": {"task_id": {"ndv": 500, "fpp": 0.05}}}, "bloom filter"),
    ],
)
def test_files_written_otherwise_are_refused(
    tables: dict[str, pa.Table], tmp_path: Path, options: dict[str, object], message: str
) -> None:
    """A page index or a bloom filter lies outside the groups; statistics or another codec would
    make a copied group other bytes than the same rows encoded here."""
    settings = {"compression": "zstd", "write_statistics": False, **options}
    try:
        pq.write_table(tables["tasks"], tmp_path / "t.parquet", **settings)
    except TypeError:  # a pyarrow without bloom filters
        pytest.skip("this pyarrow writes no bloom filter")
    with pytest.raises(ValueError, match=message):
        ParquetSource(tmp_path / "t.parquet")


def test_groups_of_other_columns_are_not_copied(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    write(tmp_path / "tasks.parquet", file_schema("tasks", RUN_A), [tables["tasks"]])
    with (
        ParquetSource(tmp_path / "tasks.parquet") as source,
        GroupedParquet(tmp_path / "progress.parquet", file_schema("progress", RUN_A)) as out,
    ):
        assert not out.can_copy(source)
        with pytest.raises(ValueError, match="columns are not the file's"):
            out.copy_group(source, 0)


def test_a_group_of_other_columns_is_not_encoded(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    with GroupedParquet(tmp_path / "p.parquet", file_schema("progress", RUN_A)) as out:
        with pytest.raises(ValueError, match="columns are not the file's"):
            out.write_group(tables["tasks"])
        out.abandon()


def test_a_group_by_another_pyarrow_is_encoded_again(tables: dict[str, pa.Table], tmp_path: Path) -> None:
    """Another version of pyarrow may encode the same rows into other bytes: its groups are
    not copied but encoded again, to the bytes encoding gives."""
    schema = file_schema("tasks", RUN_A)
    data = write(tmp_path / "t.parquet", schema, [tables["tasks"]])
    name = b"parquet-cpp-arrow version " + pa.__version__.encode()
    older = b"parquet-cpp-arrow version 9.9.9".ljust(len(name), b"9")[: len(name)]
    assert data.count(name) == 1
    (tmp_path / "old.parquet").write_bytes(data.replace(name, older))
    with (
        ParquetSource(tmp_path / "old.parquet") as source,
        GroupedParquet(tmp_path / "n.parquet", schema) as out,
    ):
        assert not out.can_copy(source)
        out.copy_group(source, 0)
    assert (tmp_path / "n.parquet").read_bytes() == data


# --- Any split, any choice --------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_split_and_any_choice_of_copies(
    tables: dict[str, pa.Table], tmp_path: Path, data: st.DataObject
) -> None:
    """Real rows cut anywhere into groups; an earlier file holds them in another order among
    others; each group copied from it or encoded anew: always the file of all groups encoded."""
    name = data.draw(st.sampled_from(["progress", "figures", "reports"]))
    table = tables[name]
    ends = data.draw(st.lists(st.integers(0, table.num_rows), max_size=5).map(sorted))
    groups = cut(table, *ends)
    order = data.draw(st.permutations(range(len(groups))))
    copied = data.draw(st.lists(st.booleans(), min_size=len(groups), max_size=len(groups)))
    extra = table.slice(data.draw(st.integers(0, table.num_rows)), 17)
    old = tmp_path / f"old-{name}.parquet"
    write(old, file_schema(name, RUN_A), [extra, *(groups[i] for i in order)])
    schema = file_schema(name, RUN_B)
    with ParquetSource(old) as source:
        place = {group: 1 + at for at, group in enumerate(order)}
        plan = [(source, place[i]) if copied[i] else group for i, group in enumerate(groups)]
        spliced = write(tmp_path / f"new-{name}.parquet", schema, plan)
    assert spliced == pyarrow_file(schema, groups)
