"""Linked blocks into table files: each block's rows as the writers take them (CSV text and
Arrow tables), and whole tables written and published in one call (tests, library use)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from govtasks import __version__
from govtasks.clean.normalize import converter_info
from govtasks.link.blocks import Linked, Tables
from govtasks.write import datapackage
from govtasks.write.publish import publish, work_folder
from govtasks.write.tables import (
    FileMetadata,
    RenderedBlock,
    TableFiles,
    csv_text,
    file_metadata,
    review_text,
    to_arrow,
)


def render_block(linked: Linked) -> RenderedBlock:
    """The block's rows as :class:`TableFiles` appends them."""
    rows = {
        "reports": linked.reports,
        "tasks": linked.tasks,
        "progress": linked.progress,
        "figures": linked.figures,
    }
    return RenderedBlock(
        csv={name: csv_text(name, table).encode("utf-8") for name, table in rows.items()},
        arrow={name: to_arrow(name, table) for name, table in rows.items()},
        review=review_text(linked.review).encode("utf-8"),
    )


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
        publish(out_dir, {datapackage.DATAPACKAGE: datapackage.render()}, files.files)
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
