"""The command line, and the one place where errors become ``Error: ...`` and ``Hint: ...``
lines and exit statuses: :func:`run`, around every command.

A command raises what goes wrong (a :class:`~govtasks.errors.GovtasksError` with its hint, an
``OSError``); :func:`run` prints it on stderr and returns the status (``EXIT_*`` below). Any
other exception is a bug in govtasks: one ``Error: internal error: ...`` line, its traceback
only with ``GOVTASKS_DEBUG=1``. Heavy libraries (pyarrow, lxml, OpenCC) are imported inside the
commands that need them, so ``govtasks --help`` and ``govtasks detect`` start fast.
"""

from __future__ import annotations

import errno
import os
import shlex
import signal
import sys
import threading
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from govtasks.clean.controls import visible
from govtasks.errors import BadArgument, GovtasksError

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    help="Turn district governments' task-progress pages into one clean dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from govtasks import __version__

        typer.echo(f"govtasks {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,  # answered before any command is looked up or run
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Options for every command."""


# --- exit statuses: every one govtasks uses ----------------------------------------------------

#: Success: every file ingested, the outputs valid, the command did what was asked.
EXIT_OK = 0
#: Usage and environment errors: bad arguments, the output folder busy, a disk unwritable or
#: full, a bad --phrases file, no outputs to read (an ingest stopped so publishes nothing).
EXIT_USAGE = 1
#: Some files rejected (the others are still written); ``validate``: problems found.
EXIT_REJECTED = 2
#: An internal error: an unexpected exception, a bug in govtasks.
EXIT_INTERNAL = 3
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130
#: Stopped by SIGTERM (``kill``, a job scheduler): 128 + SIGTERM.
EXIT_TERMINATED = 143

#: Set to 1 to see the traceback of an error.
DEBUG_ENV = "GOVTASKS_DEBUG"


def _error(message: str, hint: str | None = None) -> None:
    """``Error:`` and ``Hint:`` lines on stderr; a path or a file's text in them has its control
    characters shown as escapes (:func:`~govtasks.clean.controls.visible`), never sent raw."""
    typer.secho(f"Error: {visible(message)}", fg=typer.colors.RED, err=True)
    if hint:
        typer.echo(f"Hint: {visible(hint)}", err=True)


def _out_folder(value: str | Path) -> Path:
    """``--out``'s value; an empty one (an unset variable: ``--out "$OUT"``) is refused here,
    before it becomes ``Path("")``, the current folder."""
    if isinstance(value, str) and not value.strip():
        raise BadArgument(
            "--out is empty (an unset variable?)",
            hint="Pass the folder for the outputs, e.g. --out data/processed.",
        )
    return Path(value)


@app.command()
def ingest(
    raw_dir: Annotated[Path, typer.Argument(help="Folder of source files.")] = Path("data/raw"),
    out: Annotated[
        Path,
        typer.Option("--out", parser=_out_folder, metavar="<path>", help="Folder for the output tables."),
    ] = Path("data/processed"),
    phrases: Annotated[
        Path | None,
        typer.Option(
            help="Extra protected phrases (default: phrases.txt beside RAW_DIR, e.g. data/phrases.txt "
            "for data/raw, if it exists)."
        ),
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", help="Parse every file again, ignoring what the last run kept.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Files parsed at once, each in its own process (default: one per CPU; 1: no workers).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into an --out folder holding files govtasks did not write (those named like "
            "its outputs are replaced, the others kept), or empty the outputs from an empty RAW_DIR.",
        ),
    ] = False,
) -> None:
    """Ingest every source file in RAW_DIR into reports, tasks and progress tables.

    Only files changed since the last run into OUT_DIR are parsed again (--full: all of them),
    by --jobs processes at once; the outputs are the same either way."""
    from govtasks.read.sources import phrase_file_of
    from govtasks.run.manifest import survey
    from govtasks.write.publish import check_output, hold_outputs

    if not raw_dir.is_dir():
        raise BadArgument(f"{raw_dir} is not a folder", hint="Pass the folder that holds the source files.")
    if phrases is not None and not phrases.is_file():
        raise BadArgument(
            f"phrase file {phrases} does not exist",
            hint="Pass an existing file, or leave --phrases out (phrases.txt beside RAW_DIR is used).",
        )
    phrase_file = phrases if phrases is not None else phrase_file_of(raw_dir)
    check_output(out, raw_dir, force)
    # Checked before importing the pipeline: a no-change re-run costs little more than Python.
    found = None
    if not full:
        with hold_outputs(out):  # another run writing to OUT: OutputsBusy, not "nothing changed"
            found = survey(out, raw_dir, phrase_file)
        last = found.manifest
        if last is not None and found.unchanged:
            typer.echo(
                f"Nothing changed since the last run ({len(last.entries)} files, {last.rejected} rejected): "
                f"the outputs in {visible(str(out))}/ are current. Use --full to rebuild anyway.",
                err=True,
            )
            raise typer.Exit(EXIT_REJECTED if last.rejected else EXIT_OK)
    _arrow_without_pandas()
    from govtasks.run.ingest import run_ingest
    from govtasks.run.settings import RunSettings

    result = run_ingest(
        RunSettings(raw_dir, out, phrase_file, full=full, jobs=jobs, force=force), survey=found
    )
    raise typer.Exit(EXIT_REJECTED if result.rejected else EXIT_OK)


class _NoPandasForArrow:
    """An import finder refusing pandas, put first while :func:`_arrow_without_pandas` runs."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ImportError("pandas is not imported by govtasks ingest")


def _arrow_without_pandas() -> None:
    """Let pyarrow take pandas for absent in this process, unless it is imported already.

    pyarrow imports pandas (a quarter of a second) the first time it converts Python values,
    only to ask whether they are pandas objects; govtasks never hands it one, and the run has no
    other use for pandas. pyarrow tries once and remembers the answer for its type checks; where
    pandas is really wanted (``Table.to_pandas``) it imports it then, as usual.
    """
    if "pandas" in sys.modules:
        return
    import pyarrow as pa

    sys.meta_path.insert(0, _NoPandasForArrow)
    try:
        pa.array([], pa.int8())  # pyarrow's one try at importing pandas
    finally:
        sys.meta_path.remove(_NoPandasForArrow)


@app.command()
def detect(
    files: Annotated[list[Path], typer.Argument(help="Source files to examine.")],
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also show each layout's score and the evidence it weighed, and how the format "
            "was chosen (a close call: what each reading gave and which rule settled it).",
        ),
    ] = False,
) -> None:
    """Print each file's format, district, year, period and how sure the detection is, and
    whether ingest would take it: a file it would reject is named with the reason (exit 2).
    A close call between layouts is settled by reading the file with each: the line names the
    winner and the runner-up."""
    from govtasks.clean.normalize import default_phrases
    from govtasks.models import Rejection
    from govtasks.run.per_file import examine

    status = EXIT_OK
    phrases = default_phrases()  # the verdict does not depend on the phrase list
    for path in files:
        if not path.is_file():
            _error(f"{path}: no such file")  # _error shows control characters as escapes
            status = EXIT_USAGE
            continue
        # The per-file stage of ingest itself (read, detect, facts, parse), so that detect
        # rejects exactly the files ingest would.
        examined = examine(path, path.parent, phrases)
        found, outcome = examined.identified, examined.outcome
        line = f"{visible(str(path))}:"
        if found is not None:
            facts = outcome.facts if not isinstance(outcome, Rejection) else found.facts
            line += (
                f" format={found.format.NAME} ({found.how}, score {found.score:.2f}) "
                f"district={visible(str(facts.district))} year={facts.year} period={facts.period}"
            )
        if isinstance(outcome, Rejection):
            where = f" (line {outcome.line})" if outcome.line else ""
            verdict = f"would be rejected ({outcome.code}){where}: {visible(outcome.reason)}"
            # Under the format line when there is one, else beside the file's name.
            typer.echo(f"{line}\n  {verdict}" if found is not None else f"{line} {verdict}")
            typer.echo(f"  hint: {visible(outcome.hint)}")
            status = max(status, EXIT_REJECTED)
        else:
            typer.echo(f"{line} rows={len(outcome.rows)}")
            for key, why in sorted(found.facts.inferred.items()) if found is not None else ():
                typer.echo(f"  {key} inferred: {visible(why)}")
        if explain and examined.document is not None:
            _explain_choice(examined)
    raise typer.Exit(status)


def _explain_choice(examined: Any) -> None:
    """``detect --explain``: every layout's score and evidence, then how the format was chosen.
    ``examined`` is a :class:`govtasks.run.per_file.Examined` holding its document."""
    from govtasks import formats
    from govtasks.errors import RejectedFile
    from govtasks.models import Rejection

    typer.echo("  layouts:")
    try:
        explained = formats.explain(examined.document)
    except RejectedFile as exc:  # a module crashed: detect's line below says the same
        typer.echo(f"  {visible(exc.reason)}")
        return
    for layout in explained:
        score = "  -  " if layout.score is None else f"{layout.score:.2f}"
        typer.echo(f"    {layout.name:<20} {score}")
        for evidence in layout.evidence:
            typer.echo(f"        {visible(evidence)}")
    found = examined.identified
    if found is not None:
        scores = {x.name: x.score for x in explained if x.score is not None}
        lines = formats.decision(scores, found.how, found.readings)
    elif isinstance(examined.outcome, Rejection):
        lines = [f"no layout chosen: {examined.outcome.reason}"]
    else:  # pragma: no cover - a parsed file always has its format
        lines = []
    for text in lines:
        typer.echo(f"  decision: {visible(text)}" if text is lines[0] else f"  {visible(text)}")


@app.command()
def validate(
    out_dir: Annotated[Path, typer.Argument(help="Folder holding the output tables.")] = Path(
        "data/processed"
    ),
    sources: Annotated[
        bool,
        typer.Option(
            "--sources",
            help="Also hash every source and sidecar again and list those changed, gone or new "
            "since the last ingest (an edit keeping size and mtime escapes an incremental run).",
        ),
    ] = False,
    raw: Annotated[
        Path | None,
        typer.Option(
            "--raw",
            help="With --sources: the folder of source files (default: the one the last ingest read).",
        ),
    ] = None,
) -> None:
    """Re-read the outputs and check them against the schemas and the table invariants."""
    from govtasks.validate import validate as check

    if not out_dir.is_dir():
        raise BadArgument(
            f"{out_dir} is not a folder", hint="Pass the folder `govtasks ingest --out` wrote to."
        )
    if raw is not None and not sources:
        raise BadArgument("--raw names the sources for --sources", hint="Add --sources, or leave --raw out.")
    stale = _stale_sources(out_dir, raw) if sources else []
    report = check(out_dir)
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    if report.ok and not stale:
        checked = " and sources current" if sources else ""
        typer.echo(f"{visible(str(out_dir))}: valid ({counts}){checked}.")
        raise typer.Exit(EXIT_OK)
    for problem in report.problems:
        typer.echo(visible(str(problem)))  # a problem may quote a cell
    for skipped in report.skipped:
        typer.echo(f"not checked: {visible(str(skipped))}")
    for line in stale:
        typer.echo(visible(line))
    if report.ok:
        _error(
            f"{out_dir}: {len(stale)} source file(s) differ from what the last ingest read (listed above)",
            "The outputs are stale: run `govtasks ingest --full` to read every file again.",
        )
        raise typer.Exit(EXIT_REJECTED)
    found = f"{report.found} problem(s) found ({counts})"
    if stale:
        found += f", {len(stale)} source file(s) changed"
    _error(
        f"{out_dir}: {found}",
        "Outputs edited by hand or by another tool? Run `govtasks ingest --full` to rewrite them.",
    )
    raise typer.Exit(EXIT_REJECTED)


def _stale_sources(out_dir: Path, raw: Path | None) -> list[str]:
    """``validate --sources``: what changed in the raw folder since the last ingest into
    ``out_dir``, one line each (see :func:`govtasks.run.manifest.stale_sources`)."""
    from govtasks.run.manifest import MANIFEST, read_manifest, stale_sources

    manifest, unreadable = read_manifest(out_dir)
    if manifest is None:
        if unreadable is None:
            raise BadArgument(
                f"{out_dir / MANIFEST} is missing: nothing says which sources the outputs were made from",
                hint=f"Run `govtasks ingest RAW_DIR --out {out_dir}` first.",
            )
        return [f"sources not checked: {out_dir / MANIFEST} unreadable ({unreadable})"]
    if raw is None:
        if manifest.raw_dir is None:
            raise BadArgument(
                f"{out_dir / MANIFEST} does not say where the sources are",
                hint="Pass the folder of source files: --raw RAW_DIR.",
            )
        raw = out_dir.resolve() / manifest.raw_dir
    if not raw.is_dir():
        raise BadArgument(
            f"{raw} is not a folder (the sources of {out_dir} moved?)",
            hint="Pass the folder of source files: --raw RAW_DIR.",
        )
    return stale_sources(manifest, raw)


_OUT_OPTION = typer.Option("--out", help="Folder holding the output tables.")


@app.command()
def explain(
    task_id: Annotated[str, typer.Argument(help="A task id from tasks.csv (a unique prefix is enough).")],
    out: Annotated[Path, _OUT_OPTION] = Path("data/processed"),
) -> None:
    """Print a task and every row linked to it: source file, line, and the similarity that linked it."""
    from rich.table import Table

    from govtasks import explain as views

    found = views.explain(out, task_id)
    task = {key: _shown(value) for key, value in found.task.items()}
    console = _console()
    console.print(
        f"[bold]{task['task_id']}[/bold]  {task['district']} {task['year']}  "
        f"{task['first_period']} → {task['last_period']}, {task['n_reports']} report(s)"
    )
    console.print(f"content: {task['content']}", soft_wrap=True)
    for label, key in (("category", "category"), ("lead units", "lead_units"), ("leaders", "lead_leaders")):
        value = task[key]
        if value:
            console.print(
                f"{label}: {'；'.join(value) if isinstance(value, list) else value}", soft_wrap=True
            )
    table = Table(show_lines=True)
    for column in ("period", "source", "linked by", "content and progress"):
        table.add_column(column, overflow="fold")
    for index, (read_row, read_report) in enumerate(found.rows):
        row = {key: _shown(value) for key, value in read_row.items()}
        report = {key: _shown(value) for key, value in read_report.items()}
        where = row.get("source_ref") or f"line {row['source_line']}"  # "Sheet1!A7" in an office file
        source = f"{report['source_file']}\n{where}\n{report['report_id']}"
        for copy in read_row["also_in"]:
            source += f"\nalso in {_shown(found.copies[copy]['source_file'])}"
        text = row["content"] if row["content"] != task["content"] else "(same content)"
        if row["progress"]:
            text += f"\n[dim]progress:[/dim] {_shorten(row['progress'])}"
        if row.get("status"):  # what the row says of the task, and the words that say it
            evidence = f" ({_shorten(row['status_evidence'])})" if row.get("status_evidence") else ""
            text += f"\n[dim]status:[/dim] {row['status'].replace('_', ' ')}{evidence}"
        table.add_row(report["period"], source, views.how_linked(row, index == 0), text)
    console.print(table)


@app.command()
def links(
    review: Annotated[
        bool, typer.Option("--review", help="List the borderline pairs of the last run.")
    ] = False,
    out: Annotated[Path, _OUT_OPTION] = Path("data/processed"),
    limit: Annotated[int, typer.Option(help="Show at most this many pairs.")] = 50,
) -> None:
    """Linking diagnostics. With --review: pairs just under and over the threshold, closest first."""
    from rich.table import Table

    from govtasks import explain as views
    from govtasks.link.matching import LINK_THRESHOLD, REVIEW_HIGH, REVIEW_LOW

    if not review:
        raise BadArgument("nothing to do", hint="Use `govtasks links --review`.")
    pairs = views.read_review(out)
    console = _console()
    band = f"{REVIEW_LOW:.2f}-{REVIEW_HIGH:.2f}, threshold {LINK_THRESHOLD:.2f}"
    if not pairs:
        console.print(f"No borderline pairs (similarity {band}) in {_shown(str(out / 'links_review.csv'))}.")
        return
    table = Table(show_lines=True, title=f"{len(pairs)} borderline pairs ({band})")
    for column in ("similarity", "decision", "row", "row of the other task it was compared with"):
        table.add_column(column, overflow="fold")
    for read_pair in pairs[:limit]:
        pair = {key: _shown(value) for key, value in read_pair.items()}
        table.add_row(
            f"{float(pair['similarity']):.3f}",
            f"{pair['decision']} by {pair.get('decided_by') or 'threshold'}\n{pair['reason']}",
            f"{pair['task_id']} {pair['report_id']} line {pair['source_line']}\n{pair['content']}",
            f"{pair['other_task_id']} {pair['other_report_id']} line {pair['other_source_line']}\n"
            f"{pair['other_content']}",
        )
    console.print(table)
    if len(pairs) > limit:
        console.print(f"… {len(pairs) - limit} more in {_shown(str(out / 'links_review.csv'))}")


def _shown(value: Any) -> Any:
    """A value read from the outputs, ready for ``console.print``: text (and each text of a
    list) with control characters but tab and newline as escapes, and rich markup escaped,
    so that a cell holding ``\\x1b]0;…`` or ``[/x]`` is printed as it is; other values as
    they are.

    >>> _shown("第\\x1b[31m一[/x]\\n二"), _shown(["a\\x00"]), _shown(3)
    ('第\\\\x1b[31m一\\\\[/x]\\n二', ['a\\\\x00'], 3)
    """
    if isinstance(value, str):
        return visible(value, markup=True, lines=True)
    if isinstance(value, list):
        return [_shown(item) for item in value]
    return value


def _console() -> Console:
    """A console for tables: the terminal's width, or wide enough not to fold when piped."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=200)


def _shorten(text: str, width: int = 160) -> str:
    """One line of at most ``width`` characters.

    >>> _shorten("一\\n二", 10)
    '一 / 二'
    """
    flat = text.replace("\n", " / ")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@app.command()
def report(
    out_dir: Annotated[Path, typer.Argument(help="Folder holding the output tables.")] = Path(
        "data/processed"
    ),
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", metavar="FILE", help="The page to write (one HTML file, nothing fetched when opened)."
        ),
    ] = None,
) -> None:
    """Write one self-contained HTML page showing the outputs: totals, tasks by district and year,
    status by district and period, tasks reported behind, tasks across reports, rejected files."""
    from govtasks.report import write_report

    if html is None:
        raise BadArgument("no page named", hint="Name the page to write: --html report.html.")
    if html.is_dir():
        raise BadArgument(f"{html} is a folder", hint="Name a file for the page: --html report.html.")
    size = write_report(out_dir, html)
    typer.echo(f"wrote {visible(str(html))} ({size / 1e6:.1f} MB)")


@app.command()
def schemas(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the JSON Schemas and datapackage.json.")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schema of each output table and their datapackage.json (what `make schemas` runs)."""
    from govtasks.write.schemas import write_all

    for path in write_all(out):
        typer.echo(f"wrote {visible(str(path))}")


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """Entry point (the ``govtasks`` command): run the command line and exit with its status."""
    sys.exit(run(argv))


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return its exit status.

    The one error boundary of govtasks: usage errors (click's status 2 is govtasks' "some
    files rejected"), :class:`~govtasks.errors.GovtasksError` and ``OSError`` give ``Error:``
    and ``Hint:`` lines and :data:`EXIT_USAGE`; Ctrl-C gives one line and
    :data:`EXIT_INTERRUPTED`, SIGTERM one line and :data:`EXIT_TERMINATED` (the workers
    killed, nothing published that was not whole); any other exception is a bug:
    :data:`EXIT_INTERNAL`.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    with _sigterm_raises():
        return _run(args)


def _run(args: list[str]) -> int:
    # typer vendors click; its exception classes are only reachable through typer._click.
    from typer._click.exceptions import ClickException

    try:
        status = app(args=args, standalone_mode=False)
    except ClickException as exc:  # usage errors (UsageError and BadParameter are ones)
        exc.show()
        return EXIT_USAGE
    except typer.Abort as exc:  # click (before typer 0.26) turns Ctrl-C into Abort
        if isinstance(exc.__context__, KeyboardInterrupt):
            return _interrupted()
        typer.echo("Aborted.", err=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return _interrupted()
    except _Terminated:
        typer.echo("Stopped by SIGTERM.", err=True)
        return EXIT_TERMINATED
    except GovtasksError as exc:
        _debug(exc)
        _error(str(exc), exc.hint)
        return EXIT_USAGE
    except OSError as exc:
        _debug(exc)
        _error(*_os_error(exc))
        return EXIT_USAGE
    except Exception as exc:
        _debug(exc)
        message = " ".join(str(exc).split())
        _error(
            f"internal error: {type(exc).__name__}{': ' + message if message else ''}",
            f"This is a bug in govtasks. Please report it with the command line "
            f"(govtasks {shlex.join(args)}) and, if you can, the files it read; "
            f"{DEBUG_ENV}=1 shows the traceback.",
        )
        return EXIT_INTERNAL
    if status == EXIT_INTERRUPTED:  # typer 0.26 and later turn Ctrl-C into this status
        return _interrupted()
    return status if isinstance(status, int) else EXIT_OK


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread (a BaseException: no ``except Exception`` takes it)."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises :class:`_Terminated` while a command runs, so that it unwinds like
    Ctrl-C: worker pools killed and shut down, the run's private folders removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted() -> int:
    typer.echo("Interrupted.", err=True)
    return EXIT_INTERRUPTED


def _debug(exc: BaseException) -> None:
    """The traceback of ``exc`` on stderr when :data:`DEBUG_ENV` is set to 1."""
    if os.environ.get(DEBUG_ENV) == "1":
        traceback.print_exception(exc, file=sys.stderr)


#: Errno values by the advice they call for.
_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_MISSING = {errno.ENOENT, errno.ENOTDIR}


def _os_error(exc: OSError) -> tuple[str, str]:
    """What an operating-system error says (its message and the file), and a hint fitting it.

    >>> reason, hint = _os_error(OSError(errno.EROFS, "Read-only file system", "/mnt/out"))
    >>> reason
    'Read-only file system: /mnt/out'
    >>> hint
    'Check the permissions of /mnt/out (a read-only disk?), or choose another --out folder.'
    >>> _os_error(OSError(errno.ENOSPC, "No space left on device"))
    ('No space left on device', 'Free disk space, or choose an --out folder on another disk.')
    """
    where = None if exc.filename is None else os.fsdecode(exc.filename)
    message = exc.strerror or str(exc) or type(exc).__name__
    if where is not None:
        message += f": {where}"
        if exc.filename2 is not None:
            message += f" -> {os.fsdecode(exc.filename2)}"
    path = where or "the path"
    if exc.errno in _PERMISSION:
        hint = f"Check the permissions of {path} (a read-only disk?), or choose another --out folder."
    elif exc.errno in _FULL:
        disk = f" on the disk holding {where}" if where else ""
        hint = f"Free disk space{disk}, or choose an --out folder on another disk."
    elif exc.errno in _MISSING:
        hint = f"Check the path {path}: it, or a folder on its way, is missing or not a folder."
    elif exc.errno == errno.EEXIST:
        hint = f"{path} is in the way (a file where a folder is needed?): move it, or choose another path."
    elif exc.errno == errno.EISDIR:
        hint = f"{path} is a folder where a file is needed: check the path."
    else:
        hint = f"Check {path} and the disk, then run again."
    return message, hint


if __name__ == "__main__":
    main()
