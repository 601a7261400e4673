"""Issue 6, "peak memory must stay flat as the corpus grows": how a run holds its data.

A run keeps of each parsed file a record without rows, then links and writes the (district,
year) blocks a few at a time, reading the blocks' rows back from the per-file cache files, and writes
Parquet in row groups of whole blocks. These tests guard that design (what is alive
when), and that it changes no byte: nothing here measures memory or time.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import math
import weakref
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import (
    DETERMINISTIC,
    EXTRA,
    SAMPLES,
    copy_samples,
    ingest_in_two_steps,
    quiet_console,
    read_table,
    small_row_groups,
)

from govtasks.link.blocks import Linked, Rows, block_of, blocks, build_tables, link_block
from govtasks.models import CleanRow, ParsedFile, Progress, Rejection
from govtasks.read.sources import list_sources
from govtasks.run import pools
from govtasks.run.cache import (
    CACHE_DIR,
    HEADS,
    Ingested,
    head_from_json,
    result_from_json,
    result_to_json,
    rows_from_json,
    rows_intact,
)
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.write import render
from govtasks.write import tables as write
from govtasks.write.reuse import INDEX
from govtasks.write.tables import to_arrow


def _raw(folder: Path) -> Path:
    """The samples plus real pages of other districts and years: several blocks, copies (a
    byte-identical one too), a quarterly table split into one report per period, and a
    rejected file."""
    raw = copy_samples(folder)
    for extra in sorted(EXTRA.iterdir())[:12]:
        (raw / extra.name).write_bytes(extra.read_bytes())
    (raw / "copy-of-000.txt").write_bytes(SAMPLES["000"].read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    return raw


#: Each block linked, with weak references to the rows it was given.
Linking = list[tuple[tuple[str, int], list[weakref.ref[CleanRow]]]]


def _spy_on_linking(monkeypatch: pytest.MonkeyPatch) -> Linking:
    """Record each block ingest links, with weak references to the rows it was given; check
    on each call that the rows of every earlier block are gone."""
    linked: Linking = []

    def spy(files: Sequence[ParsedFile]) -> Linked:
        homes = {block_of(parsed) for parsed in files}
        assert len(homes) == 1, f"one call linked files of several blocks: {homes}"
        for home, rows in linked:
            alive = sum(row() is not None for row in rows)
            assert alive == 0, f"{alive} rows of block {home} still held while {homes} is linked"
        linked.append((homes.pop(), [weakref.ref(row) for parsed in files for row in parsed.rows]))
        return link_block(files)

    monkeypatch.setattr(pools, "link_block", spy)
    return linked


def test_the_linker_never_holds_rows_of_two_blocks_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    linked = _spy_on_linking(monkeypatch)
    result = run_ingest(
        RunSettings(_raw(tmp_path / "raw"), tmp_path / "out", jobs=1), console=quiet_console()
    )
    homes = [home for home, _ in linked]
    assert len(homes) > 3 and homes == sorted(set(homes))  # each block once, in (district, year) order
    assert sum(len(rows) for _, rows in linked) == sum(item.n_rows for item in result.parsed)


def test_rows_made_while_parsing_are_gone_before_linking_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsed rows are written to the file's cache file and let go; linking reads them back."""
    made: list[weakref.ref[CleanRow]] = []
    real_process_file = pools.process_file

    def parse(*args: object) -> ParsedFile | Rejection:
        result = real_process_file(*args)  # type: ignore[arg-type]
        if isinstance(result, ParsedFile):
            made.extend(weakref.ref(row) for row in result.rows)
        return result

    alive_at_linking: list[int] = []

    def spy(files: Sequence[ParsedFile]) -> Linked:
        if not alive_at_linking:
            alive_at_linking.append(sum(row() is not None for row in made))
        return link_block(files)

    monkeypatch.setattr(pools, "process_file", parse)
    monkeypatch.setattr(pools, "link_block", spy)
    run_ingest(RunSettings(_raw(tmp_path / "raw"), tmp_path / "out", jobs=1), console=quiet_console())
    assert len(made) > 500 and alive_at_linking == [0]


def test_the_records_kept_while_parsing_hold_no_rows(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "raw")
    for jobs in (1, 2):
        result = run_ingest(
            RunSettings(raw, tmp_path / f"out{jobs}", full=True, jobs=jobs), console=quiet_console()
        )
        assert result.parsed and all(isinstance(item, Ingested) for item in result.parsed)
        assert all(item.head.rows == () and item.n_rows > 0 for item in result.parsed)
        # ... and yet every row is in the tables: those of the byte-identical copy once.
        progress = read_table(tmp_path / f"out{jobs}", "progress")
        assert result.totals.progress == len(progress) > 0
        assert "copy-of-000.txt" not in {item.source_file for item in result.parsed}


def test_linking_a_block_makes_no_reference_cycles() -> None:
    """A run links with the cyclic garbage collector off (ingest._without_gc): a block's objects
    must all go by reference counting once the block is written, or memory would grow."""
    files = [f for f in _parsed_samples() if isinstance(f, ParsedFile)]
    gc.collect()
    gc.disable()
    try:
        for block in blocks(files):
            linked = link_block(block)
            Rows(Progress, linked.progress).check()
            del linked
        found = gc.collect()
    finally:
        gc.enable()
    assert found == 0


def test_link_block_links_one_district_and_year() -> None:
    files = [f for f in _parsed_samples() if isinstance(f, ParsedFile)]
    assert len(blocks(files)) > 1
    with pytest.raises(ValueError, match="one district and year"):
        link_block(files)


def _parsed_samples() -> list[ParsedFile | Rejection]:
    from govtasks.clean.normalize import default_phrases
    from govtasks.run.per_file import process_file

    return [process_file(path, path.parent, default_phrases()) for path in SAMPLES.values()]


# --- Parquet row groups ------------------------------------------------------------------------

#: File metadata for the table files written here (a run's follows from its inputs).
METADATA = write.file_metadata("0.1.0+test", "converter", "phrases", [])


def test_a_table_of_one_row_group_is_the_bytes_write_table_gives(tmp_path: Path) -> None:
    tables = build_tables([f for f in _parsed_samples() if isinstance(f, ParsedFile)])
    table = to_arrow("progress", tables.progress.tuples).cast(write.file_schema("progress", METADATA))
    stream = write.GroupedTable(tmp_path / "progress.parquet", "progress", METADATA)
    stream.add("", (None, None), table)  # under GROUP_MIN_ROWS: one group, closed at the end
    stream.close()
    expected = io.BytesIO()
    pq.write_table(table, expected, compression="zstd", write_statistics=False)
    assert pq.read_table(tmp_path / "progress.parquet").equals(table)
    assert pq.ParquetFile(tmp_path / "progress.parquet").metadata.num_row_groups == 1


@pytest.mark.parametrize("group_rows", [1, 7, 64, 400])
def test_row_groups_are_whole_blocks_cut_where_the_blocks_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group_rows: int
) -> None:
    """A row group holds whole (district, year) blocks; it ends after a block where cut_after
    says so, from that block and the rows held: never inside a block, whatever the bounds."""
    monkeypatch.setattr(write, "GROUP_ROWS", group_rows)
    monkeypatch.setattr(write, "GROUP_MIN_ROWS", 1)
    monkeypatch.setattr(write, "GROUP_MAX_ROWS", 4 * group_rows)
    files = [f for f in _parsed_samples() if isinstance(f, ParsedFile)]
    grouped = blocks(files)
    parts = [link_block(block) for block in grouped]
    homes = [block_of(block[0]) for block in grouped]
    for name in ("tasks", "progress"):
        path = tmp_path / f"{name}.parquet"
        stream = write.GroupedTable(path, name, METADATA)
        expected, held = [0], 0
        for home, part in zip(homes, parts, strict=True):
            rows = getattr(part, name)
            stream.add("", home, to_arrow(name, rows))
            held += len(rows)
            expected[-1] = held
            if rows and write.cut_after(home, len(rows), held):
                expected.append(0)
                held = 0
        stream.close()
        metadata = pq.ParquetFile(path).metadata
        sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
        assert sizes == [size for size in expected if size]
        assert pq.read_table(path).equals(
            to_arrow(name, [row for part in parts for row in getattr(part, name)])
        )
        ends = {sum(sizes[: i + 1]) for i in range(len(sizes))}
        block_ends = {sum(len(getattr(p, name)) for p in parts[: i + 1]) for i in range(len(parts))}
        assert ends <= block_ends  # every group ends where a block ends


def test_an_empty_table_is_one_empty_row_group(tmp_path: Path) -> None:
    stream = write.GroupedTable(tmp_path / "progress.parquet", "progress", METADATA)
    stream.close()
    metadata = pq.ParquetFile(tmp_path / "progress.parquet").metadata
    assert (metadata.num_row_groups, metadata.num_rows) == (1, 0)
    assert pq.read_table(tmp_path / "progress.parquet").schema == write.file_schema("progress", METADATA)


def test_row_groups_depend_on_the_rows_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With many row groups, any --jobs and an incremental run write the same bytes; the tables
    read back equal to those of one row group, and the CSVs are the same bytes."""
    raw = _raw(tmp_path / "raw")
    run_ingest(RunSettings(raw, tmp_path / "one-group", full=True, jobs=1), console=quiet_console())
    small_row_groups(monkeypatch)
    monkeypatch.setattr(write, "CSV_BATCH", 16)
    for jobs in (1, 2):
        run_ingest(RunSettings(raw, tmp_path / f"jobs{jobs}", full=True, jobs=jobs), console=quiet_console())
    # Incremental: a first run without two files, then with them.
    result = ingest_in_two_steps(
        raw, tmp_path / "incremental", [SAMPLES["003"].name, "copy-of-000.txt"], tmp_path
    )
    assert result.reused == len(list_sources(raw)) - 2

    for name in DETERMINISTIC:
        data = (tmp_path / "jobs1" / name).read_bytes()
        assert (
            data == (tmp_path / "jobs2" / name).read_bytes() == (tmp_path / "incremental" / name).read_bytes()
        )
        if name.endswith(".parquet"):
            assert pq.read_table(tmp_path / "jobs1" / name).equals(
                pq.read_table(tmp_path / "one-group" / name)
            )
        else:
            assert data == (tmp_path / "one-group" / name).read_bytes(), name
    progress = pq.ParquetFile(tmp_path / "jobs1" / "progress.parquet").metadata
    assert progress.num_row_groups >= math.ceil(progress.num_rows / 100) > 2


# --- the cache files linking reads the rows back from ------------------------------------------


def test_a_cache_file_gives_back_the_result_and_its_head_alone() -> None:
    results = _parsed_samples()
    for result in [
        *results,
        Rejection("bad.txt", "0" * 64, "empty file", "Remove it.", 3, code="empty-file"),
    ]:
        data = result_to_json(result, "k.json", None)
        assert result_from_json(data, result.source_file) == result
        head, n_rows = head_from_json(data, "elsewhere/" + result.source_file)
        if isinstance(result, ParsedFile):
            assert isinstance(head, ParsedFile) and head.rows == () and n_rows == len(result.rows)
            assert head.source_file == "elsewhere/" + result.source_file
            assert rows_from_json(data) == result.rows
        else:
            assert head == Rejection(
                "elsewhere/bad.txt", "0" * 64, "empty file", "Remove it.", 3, code="empty-file"
            )


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1],
        lambda data: data.split(b"\n")[0],  # the head alone
        lambda data: bytes(len(data)),  # zero-filled (a crash before the data reached the disk)
        lambda data: data[:-3] + b"]]]",
        lambda data: b"",
    ],
)
def test_a_damaged_cache_file_is_refused(damage: object) -> None:
    result = _parsed_samples()[0]
    broken = damage(result_to_json(result, "k.json", None))  # type: ignore[operator]
    with pytest.raises(ValueError):
        head_from_json(broken, result.source_file)
    with pytest.raises(ValueError):
        rows_from_json(broken)


def test_a_torn_cache_file_is_parsed_again(tmp_path: Path) -> None:
    """A cache file zero-filled is parsed again at once (its head fails its checksum); one cut
    short in its rows when its rows are needed: here every block is linked again (no index of
    the last run's blocks), so both."""
    raw = copy_samples(tmp_path / "raw")
    out = tmp_path / "out"
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    full = {name: (out / name).read_bytes() for name in DETERMINISTIC}
    cache = _cache_files(out)
    cache[0].write_bytes(cache[0].read_bytes()[:-100])
    cache[1].write_bytes(bytes(cache[1].stat().st_size))
    (out / INDEX).unlink()
    result = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert result.reused == len(SAMPLES) - 2
    assert {name: (out / name).read_bytes() for name in DETERMINISTIC} == full
    assert all(rows_intact(path) for path in _cache_files(out))


def test_a_cache_file_torn_in_its_rows_is_parsed_again_when_its_block_is_linked(tmp_path: Path) -> None:
    """A block kept from the last run needs no rows: a cache file torn in its rows stays unread
    (the tables are copied, the same bytes) until its block is linked again, when its file is
    parsed again instead of being linked from damaged rows."""
    raw = copy_samples(tmp_path / "raw", ["000", "001", "002", "003"])
    out = tmp_path / "out"
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    [torn] = [p for p in _cache_files(out) if _names(p) == "000"]
    torn.write_bytes(torn.read_bytes()[:-100])
    (raw / SAMPLES["004"].name).write_bytes(SAMPLES["004"].read_bytes())  # another block
    kept = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert kept.reused == 4 and not rows_intact(out / CACHE_DIR / torn.name)
    (raw / "copy-of-000.txt").write_bytes(SAMPLES["000"].read_bytes() + b"\n")  # 000's block
    again = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert again.reused == 4  # 001 .. 004; 000 parsed again, the copy is new
    assert rows_intact(out / CACHE_DIR / torn.name)
    full = tmp_path / "full"
    run_ingest(RunSettings(raw, full, full=True, jobs=1), console=quiet_console())
    for name in DETERMINISTIC:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def _cache_files(out: Path) -> list[Path]:
    """The per-file cache files of an output folder (not the index of blocks nor the heads file
    beside them)."""
    beside = {Path(INDEX).name, Path(HEADS).name}
    return sorted(p for p in (out / CACHE_DIR).iterdir() if p.name not in beside)


def _names(path: Path) -> str:
    """The sample a cache file holds the result of (by its source's SHA-256)."""
    head = json.loads(path.read_bytes().split(b"\n", 1)[0])
    return next(
        key
        for key, sample in SAMPLES.items()
        if hashlib.sha256(sample.read_bytes()).hexdigest() == head["sha256"]
    )


def test_a_cache_file_of_a_rejection_without_its_code_is_parsed_again(tmp_path: Path) -> None:
    """Cache files written before rejections had a code hold no ``code``: such a file is not a
    whole result, so the file is parsed again (and its code reaches rejected.csv)."""
    raw = copy_samples(tmp_path / "raw", ["001"])
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    before = (out / "rejected.csv").read_bytes()
    (out / HEADS).unlink()  # as such a run left its cache: no file of heads (see Heads)
    [stored] = [p for p in (out / CACHE_DIR).iterdir() if b'"kind": "rejected"' in p.read_bytes()]
    whole, newline, _ = stored.read_bytes().rpartition(b"\n")
    head, _, body = whole.split(b"\n", 2)
    old = json.loads(head)
    del old["code"]
    head = json.dumps(old, ensure_ascii=False, sort_keys=True).encode()
    whole = head + newline + hashlib.sha256(head).hexdigest().encode() + newline + body
    stored.write_bytes(whole + newline + hashlib.sha256(whole).hexdigest().encode())
    with pytest.raises(ValueError, match="not a cache file"):
        head_from_json(stored.read_bytes(), "empty.txt")
    result = run_ingest(RunSettings(raw, out, jobs=1), console=quiet_console())
    assert result.reused == 1  # 001 only: empty.txt was parsed again
    assert [r.code for r in result.rejected] == ["empty-file"]
    assert (out / "rejected.csv").read_bytes() == before


def test_arrow_tables_are_never_built_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are made into Arrow a batch of blocks at a time (here a block each), in the process
    that links them, never a whole table."""
    monkeypatch.setattr(pools, "LINK_BATCH_ROWS", 1)  # the corpus is smaller than one batch
    sizes: list[int] = []
    real = write.to_arrow

    def spy(name: str, rows: Sequence[tuple[object, ...]]) -> pa.Table:
        sizes.append(len(rows))
        return real(name, rows)

    monkeypatch.setattr(render, "to_arrow", spy)  # where render_block finds it
    result = run_ingest(
        RunSettings(_raw(tmp_path / "raw"), tmp_path / "out", jobs=1), console=quiet_console()
    )
    totals = result.totals
    assert sum(sizes) == totals.reports + totals.tasks + totals.progress + totals.figures
    home = {r.report_id: (r.district, r.year) for r in read_table(tmp_path / "out", "reports")}
    per_block = Counter(home[p.report_id] for p in read_table(tmp_path / "out", "progress"))
    figures = Counter(home[f.report_id] for f in read_table(tmp_path / "out", "figures"))
    largest = max([*per_block.values(), *figures.values()])  # one table's rows in one block
    assert len(per_block) > 3 and max(sizes) < 40 + largest
    # each table's largest block is short of the table (003's block alone has 500 figures, more
    # than all the progress rows: the tables are compared each with its own total)
    assert max(per_block.values()) < totals.progress and max(figures.values()) < totals.figures


@pytest.mark.parametrize("batch_rows", [1, 300])
def test_how_blocks_are_batched_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_rows: int
) -> None:
    """Consecutive blocks are linked and written a batch at a time (pools.batches); a batch of
    one block, of a few, or of all of them gives the same files, Parquet included."""
    raw = _raw(tmp_path / "raw")
    run_ingest(RunSettings(raw, tmp_path / "whole", full=True, jobs=1), console=quiet_console())
    monkeypatch.setattr(pools, "LINK_BATCH_ROWS", batch_rows)
    grouped = pools.batches(
        blocks(
            run_ingest(RunSettings(raw, tmp_path / "cut", full=True, jobs=2), console=quiet_console()).parsed
        )
    )
    assert len(grouped) > 1 if batch_rows == 300 else all(len(batch) == 1 for batch in grouped)
    for name in DETERMINISTIC:
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
