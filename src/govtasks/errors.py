"""Named exceptions raised by library code.

Only the CLI turns these into ``Error: ...`` lines with a hint and an exit status.
Every exception carries a one-line ``reason`` meant for the run summary and for
``rejected.csv``, and a ``hint`` telling the user what to do about it.
"""

from __future__ import annotations

from typing import ClassVar


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
    """A source file that cannot be ingested; the run goes on without it.

    Each subclass names one reason with a stable ``code`` (kebab-case, like frictionless'
    error types): the ``code`` column of rejected.csv and files.csv, for filtering and
    counting rejections without matching the reason's wording, which may change.
    """

    #: The reason's stable name; every subclass sets its own (checked when the class is made).
    code: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            raise TypeError(f"{cls.__name__} must set its own rejection code")


class EmptyFile(RejectedFile):
    """``empty-file``: no bytes, or only whitespace."""

    code = "empty-file"
    hint = "The file holds no text; download the page again."


class BinaryFile(RejectedFile):
    """``binary-file``: NUL bytes or control characters: an image, an archive, not text."""

    code = "binary-file"
    hint = "Only text dumps (.txt) and saved pages are sources; remove this file from the raw folder."


class UndecodableFile(RejectedFile):
    """``undecodable``: text in no encoding govtasks reads (UTF-8, UTF-16, GB18030, Big5 when
    it is clearly the plausible reading, or the charset a saved page declares)."""

    code = "undecodable"
    hint = "Save the page again as UTF-8 or GB18030 text."


class FileTooLarge(RejectedFile):
    """``file-too-large``: over the size limit of one report (read.document.MAX_BYTES)."""

    code = "file-too-large"
    hint = "A single report is far smaller; split the file or check it is the right one."


class TableTooLarge(RejectedFile):
    """``table-too-large``: a saved page's table whose spans expand it past the cell limit."""

    code = "table-too-large"
    hint = "A task table has hundreds of cells, not hundreds of thousands: check the page is a real report."


class CorruptFile(RejectedFile):
    """``corrupt-file``: a workbook, Word document or PDF whose structure is broken: a zip that
    does not open (cut short in a download, or damaged), a part missing, a PDF that its reader
    cannot parse."""

    code = "corrupt-file"
    hint = "Download the attachment again, or open it in an office suite and save it anew."


class EncryptedFile(RejectedFile):
    """``encrypted-file``: a workbook, Word document or PDF protected by a password (its contents
    are encrypted, so there is nothing to read without the password)."""

    code = "encrypted-file"
    hint = "Open the file with its password in an office suite and save a copy without one."


class OldOfficeFormat(RejectedFile):
    """``old-office-format``: an old binary Word or WPS document (.doc, .wps) or another office
    format govtasks does not read (.ppt, .pptx, .odt, .ods, .rtf)."""

    code = "old-office-format"
    hint = "Open it in Word or WPS and save it as .docx (a workbook as .xlsx), then ingest that file."


class ScannedPdf(RejectedFile):
    """``scanned-pdf``: a PDF of page images without a text layer: only OCR could read it."""

    code = "scanned-pdf"
    hint = "Find the report as a web page or a Word/Excel attachment, or OCR it yourself and save the text."


class UnsafeFile(RejectedFile):
    """``unsafe-file``: a file built to exhaust or trick its reader: a zip bomb (far more bytes
    or cells unpacked than a report holds), XML with entity declarations, a PDF whose object
    graph loops or whose content explodes."""

    code = "unsafe-file"
    hint = "A report never looks like this: check where the file came from and remove it from the raw folder."


class UnreadableFile(RejectedFile):
    """``unreadable``: the operating system would not let the file be read (permissions, gone
    during the run, a folder where a file was listed)."""

    code = "unreadable"
    hint = "Check the file's permissions."


class UnknownFormat(RejectedFile):
    """``unknown-format``: table-shaped, but no format module scores high enough; also a
    sidecar's ``format`` naming no registered format."""

    code = "unknown-format"
    hint = (
        "No format module knows this table's layout. If it is a task table, add a format module "
        "(the README says how); if it is a narrative report, remove it."
    )


class NoTaskTable(UnknownFormat):
    """``no-task-table``: nothing table-shaped at all: a narrative report, a page without a
    table or whose tables have no task columns."""

    code = "no-task-table"
    hint = (
        "govtasks reads the task tables of progress reports; a narrative report or a page "
        "without a table has none. Remove the file, or save the page that holds the table."
    )


class AmbiguousFormat(RejectedFile):
    """``ambiguous-format``: formats score within the tie margin of each other, and none of
    their readings gives a complete row (a close call that reading could not settle)."""

    code = "ambiguous-format"
    hint = (
        "Several formats match almost equally and none reads a complete task row; "
        'set `format = "..."` in a .meta.toml sidecar.'
    )


class MissingFacts(RejectedFile):
    """``missing-facts``: the district, year or period cannot be told from the file or a sidecar."""

    code = "missing-facts"
    hint = "Add a sidecar FILE.meta.toml with district, year and period (see README)."


class NoRows(RejectedFile):
    """``no-rows``: the format was recognised but gave no task row, or an invalid one."""

    code = "no-rows"
    hint = "The format was recognised but no task rows were found; check the file is complete."


class BadSidecar(RejectedFile):
    """``bad-sidecar``: the file's .meta.toml is not valid TOML, has unknown keys or bad values."""

    code = "bad-sidecar"
    hint = "Fix the sidecar: keys district, year, period, optional title, publisher, published, format."


class FormatCrashed(RejectedFile):
    """``crashed``: a format module's ``detect``, ``parse`` or ``facts`` raised an unexpected
    exception: a bug in govtasks, which costs this file only (see formats.guarded)."""

    code = "crashed"
    hint = "A bug in govtasks; the other files are ingested. Please report it with this file attached."

    @classmethod
    def of(cls, module: str, stage: str, error: Exception) -> FormatCrashed:
        """The rejection for ``error``, raised by ``module``'s function ``stage``, on one line.

        >>> FormatCrashed.of("generic", "parse", KeyError("序号")).reason
        "govtasks failed on this file: generic.parse raised KeyError: '序号'"
        """
        return cls(f"govtasks failed on this file: {module}.{stage} raised {_raised(error)}")

    @classmethod
    def unexpected(cls, error: Exception) -> FormatCrashed:
        """The rejection for ``error``, raised anywhere else in the per-file stage.

        >>> FormatCrashed.unexpected(ZeroDivisionError("division by zero")).reason
        'govtasks failed on this file: ZeroDivisionError: division by zero'
        """
        return cls(f"govtasks failed on this file: {_raised(error)}")


def _raised(error: Exception) -> str:
    """An exception's type and message, on one line and cut short."""
    message = " ".join(str(error).split())
    if len(message) > 200:
        message = message[:199] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class WorkerDied(RejectedFile):
    """``worker-died``: the worker process parsing the file died, twice (killed, out of
    memory, a crash in a C extension): see run.pools.Parser."""

    code = "worker-died"
    hint = "A bug in govtasks or too little memory; the other files are ingested. Please report the file."


class BadArgument(GovtasksError):
    """A command-line argument govtasks cannot use: a missing folder or file, a missing option."""


class BadPhraseList(GovtasksError):
    """The --phrases file cannot be read as a phrase list."""

    hint = (
        "Save the phrase list as UTF-8 text: one phrase a line, or `source => target` "
        '(see src/govtasks/data/phrases.txt and the README, "Names and phrases").'
    )


class OutputsBusy(GovtasksError):
    """Another run holds the output folder's lock (from before it reads its first file to the
    end of its publish)."""

    hint = "Wait for the other run to finish, or use another --out folder."


class UnsafeOutput(GovtasksError):
    """An --out a run must not write into: a file, the root folder, a folder overlapping the
    raw folder, or one holding files govtasks did not write (without --force). The reason
    names the folder; each case sets its own hint."""

    hint = "Choose a new or empty folder for --out."


class NothingToIngest(GovtasksError):
    """The raw folder holds no source file, and the output folder holds outputs with rows that
    a run would replace by empty tables."""

    hint = (
        "Check that RAW_DIR is the folder of source files; add --force to replace the outputs "
        "by empty tables."
    )
