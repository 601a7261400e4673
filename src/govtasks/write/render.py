"""Linked blocks into table files: each block's rows as the writers take them (CSV text and
Arrow tables), and whole tables written and published in one call (tests, library use)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from itertools import accumulate, groupby, pairwise, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from govtasks import __version__
from govtasks.clean.normalize import converter_info
from govtasks.link.blocks import Linked, Tables
from govtasks.models import Figure, Progress, Report, Task, column_at
from govtasks.write import datapackage
from govtasks.write.publish import publish, work_folder
from govtasks.write.tables import (
    TABLE_FILES,
    Block,
    FileMetadata,
    Piece,
    RenderedBlock,
    TableFiles,
    csv_pieces,
    file_metadata,
    review_text,
    to_arrow,
)


def render_block(linked: Linked) -> RenderedBlock:
    """The block's rows (or a few consecutive blocks') as :class:`TableFiles` appends them,
    each table's CSV text and the review pairs' cut at the ends of its (district, year) blocks,
    to record where each block's rows are (:class:`Piece`): by them a later run copies the rows
    of a block that did not change, and a table too long for a spreadsheet is split by year."""
    rows = {
        "reports": linked.reports,
        "tasks": linked.tasks,
        "progress": linked.progress,
        "figures": linked.figures,
    }
    keys = _block_keys(linked)
    csv: dict[str, bytes] = {}
    runs: dict[str, list[tuple[Block, int, int]]] = {}  # table -> (block, rows, bytes) in order
    for name, table in rows.items():
        counted = [(block, sum(1 for _ in run)) for block, run in groupby(keys[name](table))]
        ends = list(accumulate(size for _, size in counted))
        pieces = [piece.encode("utf-8") for piece in csv_pieces(name, table, ends)]
        csv[name] = b"".join(pieces)
        runs[name] = [(block, size, len(piece)) for (block, size), piece in zip(counted, pieces, strict=True)]
    review_pieces = [
        (block, review_text(list(pairs)).encode("utf-8"))
        for block, pairs in groupby(linked.review, key=lambda pair: (pair.district, pair.year))
    ]
    return RenderedBlock(
        csv=csv,
        arrow={name: to_arrow(name, table) for name, table in rows.items()},
        review=b"".join(piece for _, piece in review_pieces),
        pieces=_pieces(runs, [(block, len(piece)) for block, piece in review_pieces]),
    )


def _pieces(
    runs: dict[str, list[tuple[Block, int, int]]], review: list[tuple[Block, int]]
) -> tuple[Piece, ...]:
    """Each block's rows and bytes in every table (0 where it has none), blocks in the order
    their rows come (every table lists them in that order)."""
    listed: list[list[Block]] = [[block for block, *_ in found] for found in runs.values()]
    listed.append([block for block, _ in review])
    for blocks in listed:
        places = [_sortable(block) for block in blocks]
        if any(a >= b for a, b in pairwise(places)):
            raise ValueError("a table's rows are not grouped in (district, year) order")
    order = sorted({block for blocks in listed for block in blocks}, key=_sortable)
    rows = {name: {block: size for block, size, _ in found} for name, found in runs.items()}
    sizes = {name: {block: length for block, _, length in found} for name, found in runs.items()}
    reviews = dict(review)
    return tuple(
        Piece(
            block=block,
            rows=tuple(rows[name].get(block, 0) for name in TABLE_FILES),
            csv=tuple(sizes[name].get(block, 0) for name in TABLE_FILES),
            review=reviews.get(block, 0),
        )
        for block in order
    )


def _sortable(block: Block) -> tuple[bool, str, int]:
    """A block's place in table order; the rows of no known report last."""
    district, year = block
    return (district is None, district or "", year or 0)


#: Where a row of reports or tasks says its district and year (the models' field order).
_REPORT_AT = (column_at(Report, "district"), column_at(Report, "year"))
_TASK_AT = (column_at(Task, "district"), column_at(Task, "year"))
_REPORT_ID_AT = {
    name: column_at(model, "report_id")
    for name, model in (("reports", Report), ("progress", Progress), ("figures", Figure))
}


def _block_keys(linked: Linked) -> dict[str, Callable[[list[tuple[Any, ...]]], Iterable[Block]]]:
    """For each table, the (district, year) block of each of its rows: reports and tasks say it,
    progress rows and figures through their report (every row's report is in its block). Made
    by ``map`` and ``itemgetter``, not a Python call per row: progress and figures are long."""
    at_id = _REPORT_ID_AT["reports"]
    homes: dict[str, Block] = {row[at_id]: (row[_REPORT_AT[0]], row[_REPORT_AT[1]]) for row in linked.reports}

    def through_report(at: int) -> Callable[[list[tuple[Any, ...]]], Iterable[Block]]:
        return lambda table: map(homes.get, map(itemgetter(at), table), repeat((None, None)))

    return {
        "reports": lambda table: map(itemgetter(*_REPORT_AT), table),
        "tasks": lambda table: map(itemgetter(*_TASK_AT), table),
        "progress": through_report(_REPORT_ID_AT["progress"]),
        "figures": through_report(_REPORT_ID_AT["figures"]),
    }


def write_tables(tables: Tables, out_dir: Path, metadata: FileMetadata | None = None) -> None:
    """Write ``tables`` as the whole new content of ``out_dir`` (see :func:`publish`), with the
    writer a run uses (:class:`TableFiles`), as if they were one block. ``metadata`` defaults to
    what the tables say (:func:`metadata_of`)."""
    out_dir = Path(os.path.abspath(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = work_folder(out_dir, "tables-")
    try:
        with TableFiles(folder, metadata or metadata_of(tables)) as files:
            rows = (tables.reports.tuples, tables.tasks.tuples, tables.progress.tuples)
            linked = Linked(*rows, notes=tables.notes, review=tables.review, figures=tables.figures.tuples)
            files.write_rendered(render_block(linked))
        contents = {datapackage.DATAPACKAGE: datapackage.render(split=files.split)}
        publish(out_dir, contents, files.files, syncing=files.syncing)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def metadata_of(tables: Tables) -> FileMetadata:
    """The file metadata of tables written outside a run (tests, library use): the package's
    version for the parser's, the converter and phrase list of the first report (the
    converter's, and "none", without one), the run id from the reports' files."""
    reports = tables.reports
    converter = next(iter(reports.column("converter")), converter_info())
    phrase_list = next(iter(reports.column("phrase_list")), "none")
    files = zip(reports.column("source_file"), reports.column("source_sha256"), strict=True)
    return file_metadata(__version__, converter, phrase_list, files)
