"""Linked blocks into table files: each block's rows as the writers take them (CSV text and
Arrow tables), and whole tables written and published in one call (tests, library use)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from itertools import accumulate, groupby, repeat
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
    FileMetadata,
    RenderedBlock,
    Span,
    TableFiles,
    csv_pieces,
    file_metadata,
    review_text,
    to_arrow,
)


def render_block(linked: Linked) -> RenderedBlock:
    """The block's rows (or a few consecutive blocks') as :class:`TableFiles` appends them,
    each table's CSV text cut at the ends of its (district, year) blocks to record their spans
    (:data:`Span`), by which a table too long for a spreadsheet is split by year."""
    rows = {
        "reports": linked.reports,
        "tasks": linked.tasks,
        "progress": linked.progress,
        "figures": linked.figures,
    }
    keys = _block_keys(linked)
    csv: dict[str, bytes] = {}
    spans: dict[str, tuple[Span, ...]] = {}
    for name, table in rows.items():
        runs = [(year, sum(1 for _ in run)) for (_, year), run in groupby(keys[name](table))]
        ends = list(accumulate(size for _, size in runs))
        pieces = [piece.encode("utf-8") for piece in csv_pieces(name, table, ends)]
        csv[name] = b"".join(pieces)
        spans[name] = tuple(
            (year, size, len(piece)) for (year, size), piece in zip(runs, pieces, strict=True)
        )
    return RenderedBlock(
        csv=csv,
        arrow={name: to_arrow(name, table) for name, table in rows.items()},
        review=review_text(linked.review).encode("utf-8"),
        spans=spans,
    )


#: Where a row of reports or tasks says its district and year (the models' field order).
_REPORT_AT = (column_at(Report, "district"), column_at(Report, "year"))
_TASK_AT = (column_at(Task, "district"), column_at(Task, "year"))
_REPORT_ID_AT = {
    name: column_at(model, "report_id")
    for name, model in (("reports", Report), ("progress", Progress), ("figures", Figure))
}

Block = tuple[str | None, int | None]  # (district, year); (None, None): a row of no known report


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
        publish(out_dir, {datapackage.DATAPACKAGE: datapackage.render(split=files.split)}, files.files)
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
