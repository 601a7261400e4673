"""Named exceptions raised by library code.

Only the CLI turns these into ``Error: ...`` lines with a hint and an exit status.
Every exception carries a one-line ``reason`` meant for the run summary and for
``rejected.csv``, and a ``hint`` telling the user what to do about it.
"""

from __future__ import annotations


class GovtasksError(Exception):
    """Base class of every error govtasks raises on purpose."""

    hint = "Check the file, or open an issue with the file attached."

    def __init__(self, reason: str, *, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.reason}{where}"


class RejectedFile(GovtasksError):
    """A source file that cannot be ingested; the run goes on without it."""


class EmptyFile(RejectedFile):
    hint = "The file holds no text; download the page again."


class BinaryFile(RejectedFile):
    hint = "Only text dumps (.txt) and saved pages are sources; remove this file from the raw folder."


class UndecodableFile(RejectedFile):
    hint = "Save the page again as UTF-8 or GB18030 text."


class FileTooLarge(RejectedFile):
    hint = "A single report is far smaller; split the file or check it is the right one."


class TableTooLarge(RejectedFile):
    hint = "A task table has hundreds of cells, not hundreds of thousands: check the page is a real report."


class UnknownFormat(RejectedFile):
    hint = (
        "No format module knows this table's layout. If it is a task table, add a format module "
        "(the README says how); if it is a narrative report, remove it."
    )


class NoTaskTable(UnknownFormat):
    hint = (
        "govtasks reads the task tables of progress reports; a narrative report or a page "
        "without a table has none. Remove the file, or save the page that holds the table."
    )


class AmbiguousFormat(RejectedFile):
    hint = 'Two formats match almost equally well; set `format = "..."` in a .meta.toml sidecar.'


class MissingFacts(RejectedFile):
    hint = "Add a sidecar FILE.meta.toml with district, year and period (see README)."


class NoRows(RejectedFile):
    hint = "The format was recognised but no task rows were found; check the file is complete."


class BadSidecar(RejectedFile):
    hint = "Fix the sidecar: keys district, year, period, optional title, publisher, published, format."


class OutputsBusy(GovtasksError):
    hint = "Wait for the other run to finish, or use another --out folder."
