"""What copying a Parquet row group costs against decoding and encoding it again
(:mod:`govtasks.write.parquet_groups`), on a table file a run wrote (issue 20).

For each file given (a run's ``progress.parquet`` of the 1,000x corpus, say), written again in
row groups of ``--rows`` rows (65,536, as a run writes them) in a scratch folder:

- opening it as a :class:`ParquetSource` (its footer read and checked);
- one row group copied (:meth:`GroupedParquet.copy_group`) against the same group read and
  encoded again (:meth:`ParquetSource.read_group` then :meth:`GroupedParquet.write_group`);
- the whole file written again both ways, and by pq.read_table then pq.write_table;
- the footer written (:meth:`GroupedParquet.close` of a file of copied groups);

each the median of ``--repeat`` runs. It checks the bytes: the file all copied, the file all
encoded and the file itself are the same; and the file given, its groups encoded again.

Run: ``.venv/bin/python benchmarks/bench_parquet_groups.py OUT/progress.parquet [...]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from govtasks.write.parquet_groups import GroupedParquet, ParquetSource

ROW_GROUP_ROWS = 65_536  # rows per group measured (a large group: the cost of a copy against an encode)


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def regrouped(path: Path, rows: int, scratch: Path) -> tuple[Path, bool]:
    """The table file at ``path`` written again in row groups of ``rows`` rows (the last one
    shorter), and whether encoding the file's own groups again gives the file itself."""
    with ParquetSource(path) as source:
        schema = source.schema
        with GroupedParquet(scratch / "again.parquet", schema) as out:
            for i in range(source.num_groups):
                out.write_group(source.read_group(i))
        table = pq.read_table(path)
    with GroupedParquet(scratch / "regrouped.parquet", schema) as out:
        for start in range(0, max(table.num_rows, 1), rows):
            out.write_group(table.slice(start, rows))
    return scratch / "regrouped.parquet", (scratch / "again.parquet").read_bytes() == path.read_bytes()


def bench(given: Path, rows: int, scratch: Path, repeat: int) -> list[str]:
    """The report's lines for the table file at ``given``, in row groups of ``rows`` rows."""
    path, same = regrouped(given, rows, scratch)
    source = ParquetSource(path)
    schema = source.schema
    groups = range(source.num_groups)
    biggest = max(groups, key=source.group_rows)
    lines = [
        f"{given}: {given.stat().st_size / 2**20:.1f} MiB, {sum(source.group_rows(i) for i in groups):,}"
        f" rows, {len(schema)} columns; its groups encoded again give the file itself: {same}",
        f"  written again in {source.num_groups} row groups of at most {rows:,} rows",
    ]

    def one_copied() -> None:
        with GroupedParquet(scratch / "one-copied.parquet", schema) as out:
            out.copy_group(source, biggest)

    def one_encoded() -> None:
        with GroupedParquet(scratch / "one-encoded.parquet", schema) as out:
            out.write_group(source.read_group(biggest))

    def all_copied() -> None:
        with GroupedParquet(scratch / "copied.parquet", schema) as out:
            for i in groups:
                out.copy_group(source, i)

    def all_encoded() -> None:
        with GroupedParquet(scratch / "encoded.parquet", schema) as out:
            for i in groups:
                out.write_group(source.read_group(i))

    def pyarrow_whole() -> None:
        pq.write_table(
            pq.read_table(path), scratch / "pyarrow.parquet", compression="zstd", write_statistics=False
        )

    def footer() -> None:
        out = GroupedParquet(scratch / "footer.parquet", schema)
        out._groups, out._rows = copied_groups, 0  # the groups as copied, the bytes left out
        start = time.perf_counter()
        out.close()
        footer_ms.append((time.perf_counter() - start) * 1000)

    footer_ms: list[float] = []
    opening = _median_ms(lambda: ParquetSource(path).close(), repeat)
    copy_ms = _median_ms(one_copied, repeat)
    encode_ms = _median_ms(one_encoded, repeat)
    lines.append(f"  open as a ParquetSource (footer read and checked): {opening:.1f} ms")
    lines.append(
        f"  one group of {source.group_rows(biggest):,} rows: copied {copy_ms:.1f} ms,"
        f" read and encoded {encode_ms:.1f} ms ({encode_ms / copy_ms:.0f}x)"
    )
    copied_ms = _median_ms(all_copied, repeat)
    encoded_ms = _median_ms(all_encoded, repeat)
    whole_ms = _median_ms(pyarrow_whole, repeat)
    lines.append(
        f"  the whole file: copied {copied_ms:.0f} ms, read and encoded {encoded_ms:.0f} ms,"
        f" pq.read_table + pq.write_table {whole_ms:.0f} ms"
    )
    with GroupedParquet(scratch / "for-footer.parquet", schema) as out:
        for i in groups:
            out.copy_group(source, i)
        copied_groups = out._groups
    for _ in range(repeat):
        footer()
    lines.append(
        f"  footer of {source.num_groups} groups x {len(source._meta.row_groups[0].columns)} Parquet columns"
        f" written: {statistics.median(footer_ms):.1f} ms"
    )
    copied = (scratch / "copied.parquet").read_bytes()
    encoded = (scratch / "encoded.parquet").read_bytes()
    lines.append(f"  all copied == all encoded == the file: {copied == encoded == path.read_bytes()}")
    source.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--rows", type=int, default=ROW_GROUP_ROWS, help="rows per group (65,536)")
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for path in arguments.files:
            print("\n".join(bench(path, arguments.rows, Path(scratch), arguments.repeat)))


if __name__ == "__main__":
    main()
