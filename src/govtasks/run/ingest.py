"""A whole ingest run: every source file through the per-file stage, then link and write.

The run's memory does not grow with the corpus. While files are parsed it keeps of each one an
:class:`Ingested` record (facts, notes, cache key) without its rows, which wait in the file's
cache file (see :func:`_store`). Then it links the (district, year) blocks
(:func:`govtasks.link.blocks.link_block`) a batch of a few consecutive blocks at a time (see
:func:`batches`): it reads their rows back, links each block, and appends the batch's table rows
to the table files (:class:`govtasks.write.tables.TableFiles`) before the next batch; only counts and
notes for the summary are kept (:class:`Totals`).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import multiprocessing
import os
import platform
import shutil
import signal
import time
from collections import defaultdict, deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govtasks import __version__, models
from govtasks.clean.normalize import PhraseList, load_phrases, phrase_list_id, warm_up
from govtasks.link.blocks import Linked, blocks, link_block
from govtasks.run.manifest import (
    CACHE_DIR,
    MANIFEST,
    Entry,
    FileState,
    Manifest,
    cache_key,
    file_sha256,
    list_sources,
    parser_version,
    sidecar_of,
)
from govtasks.run.per_file import (
    ParsedFile,
    Rejection,
    head_from_json,
    process_file,
    result_to_json,
    rows_from_json,
)
from govtasks.write.tables import (
    OWNED,
    RenderedBlock,
    TableFiles,
    csv_document,
    parsed_folder,
    pin,
    publish,
    render_block,
    spreadsheet_safe,
    write_atomically,
)

#: Where a run writes its table files, in its private folder, before they are published.
TABLES_DIR = "tables"


@dataclass(frozen=True)
class Ingested:
    """A parsed file as a run keeps it until its (district, year) block is linked: everything
    but its rows (``head.rows`` is empty); they wait in its cache file ``key`` in the run's
    folder (:func:`_with_rows` reads them back)."""

    head: ParsedFile
    n_rows: int
    key: str

    @classmethod
    def of(cls, result: ParsedFile, key: str) -> Ingested:
        return cls(dataclasses.replace(result, rows=()), len(result.rows), key)

    @property
    def facts(self) -> models.ReportFacts:
        return self.head.facts

    @property
    def source_file(self) -> str:
        return self.head.source_file

    @property
    def sha256(self) -> str:
        return self.head.sha256


#: A file's result as a run keeps it while others are parsed, and its cache key.
_Slot = tuple[Ingested | Rejection, str]


@dataclass
class Totals:
    """What the summary and run.json say about the tables, gathered a batch at a time."""

    reports: int = 0
    tasks: int = 0
    progress: int = 0
    review: int = 0  # borderline pairs
    across: int = 0  # tasks stated in more than one report
    fuzzy: int = 0  # progress rows linked by similarity
    copies: int = 0  # reports that are copies of another
    rows_by_file: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    periods_by_file: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: source_file -> notes about deduplication and copies
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, linked: Linked) -> None:
        """Count the rows of one block."""
        self.reports += len(linked.reports)
        self.tasks += len(linked.tasks)
        self.progress += len(linked.progress)
        self.review += len(linked.review)
        self.across += sum(row[_N_REPORTS] > 1 for row in linked.tasks)
        self.fuzzy += sum(row[_SIMILARITY] < 1.0 for row in linked.progress)
        for row in linked.reports:  # a file with quarterly columns holds one report per period
            self.copies += row[_DUPLICATE_OF] is not None
            self.rows_by_file[row[_SOURCE_FILE]] += row[_N_ROWS]
            self.periods_by_file[row[_SOURCE_FILE]].append(row[_PERIOD])
        self.notes.update(linked.notes)

    def merge(self, other: Totals) -> None:
        """Add the counts of another block (its files are none of this one's)."""
        for name in ("reports", "tasks", "progress", "review", "across", "fuzzy", "copies"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for source_file, n_rows in other.rows_by_file.items():
            self.rows_by_file[source_file] += n_rows
        for source_file, periods in other.periods_by_file.items():
            self.periods_by_file[source_file].extend(periods)
        self.notes.update(other.notes)


def _column(model: type[models.Report | models.Task | models.Progress], name: str) -> int:
    """Where a column sits in the rows' tuples (see govtasks.link.blocks.Rows)."""
    return tuple(model.model_fields).index(name)


_N_REPORTS = _column(models.Task, "n_reports")
_SIMILARITY = _column(models.Progress, "similarity")
_DUPLICATE_OF = _column(models.Report, "duplicate_of")
_SOURCE_FILE = _column(models.Report, "source_file")
_N_ROWS = _column(models.Report, "n_rows")
_PERIOD = _column(models.Report, "period")


@dataclass(frozen=True)
class RunResult:
    parsed: list[Ingested]  # the files ingested, byte-identical copies left out
    rejected: list[Rejection]
    totals: Totals  # the tables themselves are in the output folder
    reused: int = 0  # files whose cached result was used (incremental run)


def run_ingest(
    raw_dir: Path,
    out_dir: Path,
    phrase_file: Path | None,
    console: Console | None = None,
    full: bool = False,
    jobs: int | None = None,
) -> RunResult:
    """Ingest ``raw_dir`` into ``out_dir``; print progress and a summary to ``console``.

    Files unchanged since the last run into ``out_dir`` are not parsed again (see
    :mod:`govtasks.run.manifest`) unless ``full``; the outputs are the same bytes either way. The
    other files are parsed by ``jobs`` processes (default: one per CPU; 1: in this process);
    the outputs are the same bytes for any number.
    """
    started = time.time()
    if console is None:
        console = Console(stderr=True)
        if not console.is_terminal:  # a log file: don't wrap the summary at 80 columns
            console = Console(stderr=True, width=200)
    phrases = load_phrases(phrase_file)
    version = parser_version()
    phrase_id = phrase_list_id(phrases)
    previous = None if full else Manifest.read(out_dir)
    if previous is not None and previous.parser_version != version:
        previous = None  # another parser: every cached result is stale
    sources = list_sources(raw_dir)
    names = [path.relative_to(raw_dir).as_posix() for path in sources]
    states = [(FileState.of(path), FileState.of(sidecar_of(path))) for path in sources]
    with _batch_gc(), _scratch(out_dir) as folder:
        job = _Job(raw_dir, phrases, phrase_id, version, folder)
        slots: list[_Slot | None] = []
        carried: dict[str, Path] = {}
        for path, name, (state, sidecar) in zip(sources, names, states, strict=True):
            cached = _cached(previous, out_dir, name, path, state, sidecar, job)
            if cached is not None:
                carried[f"{CACHE_DIR}/{cached[1]}"] = folder / cached[1]  # pinned (see _cached)
                gc.freeze()  # see _batch_gc
            slots.append(cached)
        reused = len(carried)
        unread = [index for index, slot in enumerate(slots) if slot is None]
        # The parser comes first: its workers are forked before the progress bar starts a thread.
        with (
            _Parser([sources[i] for i in unread], [states[i][0] for i in unread], job, jobs) as parser,
            _bar(console, "reading") as bar,
        ):
            task = bar.add_task("", total=len(sources), completed=reused)
            for position, result, key in parser.results():
                index = unread[position]
                carried[f"{CACHE_DIR}/{key}"] = folder / key  # on disk already (see _store)
                slots[index] = (result, key)
                gc.freeze()  # kept to the end of the run: the collector need not scan it again
                bar.update(task, description=sources[index].name)
                bar.advance(task)
        fresh_start = full or previous is None
        return _link_and_write(
            raw_dir,
            out_dir,
            phrase_file,
            console,
            started,
            fresh_start,
            version,
            names,
            states,
            slots,
            carried,
            reused,
            job,
            jobs,
        )


@contextmanager
def _batch_gc() -> Iterator[None]:
    """The cyclic garbage collector, tuned to a run: what the run keeps of each file is frozen
    once stored (:func:`gc.freeze`), so the collector does not scan the records of every file
    parsed so far again and again. Everything is back to normal when the run ends."""
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _without_gc() -> Iterator[None]:
    """The cyclic garbage collector off while blocks are linked and written: they make no
    reference cycles (tests/test_streaming.py checks), so each block's objects go as soon as
    the block is done, and the collector's passes over them were a tenth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _scratch(out_dir: Path) -> Iterator[Path]:
    """A private folder for the run's fresh per-file results, removed when the run ends."""
    folder = parsed_folder(out_dir)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _link_and_write(
    raw_dir: Path,
    out_dir: Path,
    phrase_file: Path | None,
    console: Console,
    started: float,
    full: bool,
    version: str,
    names: list[str],
    states: list[tuple[FileState | None, FileState | None]],
    slots: list[_Slot | None],
    carried: dict[str, Path],
    reused: int,
    job: _Job,
    jobs: int | None,
) -> RunResult:
    """Link the files block by block into table files in the run's folder, publish them with
    the per-file results in ``carried``, print the summary."""
    folder = job.folder
    results: list[Ingested | Rejection] = []
    entries: dict[str, Entry] = {}
    for name, (state, sidecar), slot in zip(names, states, slots, strict=True):
        assert slot is not None  # every file was either reused or parsed
        result, key = slot
        results.append(result)
        entries[name] = Entry(
            path=name,
            state=state or FileState(0, 0),
            sha256=result.sha256,
            sidecar=sidecar,
            result=result.head.format if isinstance(result, Ingested) else "rejected",
            cache=key,
        )

    parsed = [r for r in results if isinstance(r, Ingested)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    parsed, copies = _drop_identical_copies(parsed)
    totals = Totals()
    grouped = blocks(parsed)
    with (
        _Linker(batches(grouped), job, jobs) as linker,
        _bar(console, "linking") as bar,
        TableFiles(folder / TABLES_DIR) as files,
        _without_gc(),
    ):
        task = bar.add_task("", total=len(grouped))
        for rendered, part, done in linker.results():
            files.write_rendered(rendered)
            totals.merge(part)
            bar.advance(task, done)
            del rendered  # before the next batch's rows are read
    carried.update(files.files)
    manifest = Manifest(
        parser_version=version,
        phrases=FileState.of(phrase_file) if phrase_file else None,
        entries=entries,
        outputs={},
        rejected=len(rejected),
    )
    lines = _file_lines(results, totals, copies)
    contents = {
        "files.csv": _files_csv(lines),
        "rejected.csv": _rejected_csv(rejected),
        "run.json": _run_json(started, full, results, reused, totals, version),
        MANIFEST: manifest.to_json(),
    }
    publish(out_dir, contents, carried, finish=lambda folder: _record_outputs(folder, manifest))
    _summary(console, results, lines, totals, raw_dir, out_dir)
    if reused:
        console.print(f"Incremental: {reused} unchanged files reused, {len(results) - reused} read.")
    return RunResult(parsed=parsed, rejected=rejected, totals=totals, reused=reused)


def _bar(console: Console, stage: str) -> Progress:
    """A progress bar for one stage of the run, gone when the stage is done."""
    return Progress(
        TextColumn(stage),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


#: Rows (as parsed, summed over a batch's files) a batch of consecutive blocks reaches before it
#: is closed: the unit linked in one call, in a worker or here, and written at once. Blocks are a
#: few hundred rows; each one linked, rendered, sent and appended alone cost a fixed part per
#: table per block (Arrow arrays, pickling, calls into the writers) that a batch pays once.
LINK_BATCH_ROWS = 2048

#: Batches handed to the link workers ahead of the one being written, per worker: enough to keep
#: them busy while a slow batch holds up the writer, few enough that the batches held at once
#: (linked, not yet written) stay a small multiple of one batch's rows.
LINK_AHEAD = 3


def batches(grouped: list[list[Ingested]], rows: int | None = None) -> list[list[list[Ingested]]]:
    """Consecutive blocks put together until a batch's files hold ``rows`` rows
    (:data:`LINK_BATCH_ROWS` by default); every block in one batch, in order.

    >>> from types import SimpleNamespace
    >>> files = lambda *sizes: [SimpleNamespace(n_rows=n) for n in sizes]
    >>> grouped = batches([files(3), files(1, 1), files(9), files(2)], rows=4)
    >>> [[[f.n_rows for f in block] for block in batch] for batch in grouped]
    [[[3], [1, 1]], [[9]], [[2]]]
    """
    limit = LINK_BATCH_ROWS if rows is None else rows
    result: list[list[list[Ingested]]] = []
    current: list[list[Ingested]] = []
    held = 0
    for block in grouped:
        current.append(block)
        held += sum(item.n_rows for item in block)
        if held >= limit:
            result.append(current)
            current, held = [], 0
    if current:
        result.append(current)
    return result


class _Linker:
    """Links the batches of (district, year) blocks (see :func:`batches`), :meth:`results`
    yielding each batch's rows in block order: in this process (``jobs`` 1, or one batch), else
    in a pool of forked workers, each reading its batch's rows from the cache files and linking
    them, a few batches ahead of the one being written (so the main process only writes, and
    memory holds a few batches). :func:`~govtasks.link.blocks.link_block` is a pure function of the
    block's files, so the rows are the same either way. A worker that dies leaves its batches
    (and the rest) to this process, where a real bug then shows as itself."""

    def __init__(self, batches: list[list[list[Ingested]]], job: _Job, jobs: int | None) -> None:
        self.batches = batches
        self.job = job
        self.jobs = _workers(jobs, len(batches))
        self.executor: ProcessPoolExecutor | None = None
        self.pending: deque[Future[_LinkedBatch]] = deque()
        self.submitted = 0

    def __enter__(self) -> _Linker:
        if self.jobs > 1:
            gc.freeze()  # see _Parser.__enter__
            self.executor = _pool(self.jobs, self.job)
            self._submit()  # forks the workers before a progress bar starts its thread
            gc.unfreeze()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def _submit(self) -> None:
        assert self.executor is not None
        while self.submitted < len(self.batches) and len(self.pending) < LINK_AHEAD * self.jobs:
            try:
                future = self.executor.submit(_link_in_worker, self.batches[self.submitted])
            except BrokenProcessPool:  # a worker died meanwhile: results() links the rest here
                return
            self.pending.append(future)
            self.submitted += 1

    def results(self) -> Iterator[tuple[RenderedBlock, Totals, int]]:
        """Each batch's rows as the table files take them, its counts, and its number of blocks."""
        done = 0
        if self.executor is not None:
            while self.pending:
                try:
                    rendered, totals = self.pending.popleft().result()
                except BrokenProcessPool:
                    break
                done += 1
                self._submit()  # the workers go on while this batch is written
                yield rendered, totals, len(self.batches[done - 1])
        for batch in self.batches[done:]:
            yield *_link(batch, self.job.folder), len(batch)


#: A linked batch as the table files take it, and its counts for the summary.
_LinkedBatch = tuple[RenderedBlock, Totals]


def _link_in_worker(batch: list[list[Ingested]]) -> _LinkedBatch:
    assert _worker_job is not None, "runs in a worker started by _start_worker"
    gc.disable()  # as in the main process (see _without_gc); the worker only links from now on
    return _link(batch, _worker_job.folder)


def _link(batch: list[list[Ingested]], folder: Path) -> _LinkedBatch:
    """A batch's table rows, each block linked with its files' rows read back from their cache
    files in ``folder``, made into CSV text and Arrow tables (in the worker, not in the process
    writing them)."""
    linked = Linked.joined([link_block([_with_rows(item, folder) for item in block]) for block in batch])
    totals = Totals()
    totals.add(linked)
    return render_block(linked), totals


def _with_rows(item: Ingested, folder: Path) -> ParsedFile:
    """The file's whole result again: its rows read back from its cache file in ``folder``
    (written there by this run, or pinned there from ``.cache/`` and checked, see _cached)."""
    path = folder / item.key
    changed = f"the parsed rows of {item.source_file} ({path}) changed during the run"
    try:
        rows = rows_from_json(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise RuntimeError(f"{changed}: {exc}") from exc
    if len(rows) != item.n_rows:
        raise RuntimeError(changed)
    return dataclasses.replace(item.head, rows=rows)


# --- the per-file stage, in parallel ------------------------------------------------------------


def default_jobs() -> int:
    """How many files are parsed at once by default: one per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class _Job:
    """What every file of a run is parsed with, and where its result goes."""

    raw_dir: Path
    phrases: PhraseList
    phrase_id: str
    version: str
    folder: Path  # the run's parsed_folder: one JSON file per result, named by its cache key


#: Files a parse worker is handed at once, at most: one message each way per handful of files
#: instead of per file (the pool's threads in this process spent a core-second per thousand
#: files on the messages), while every worker still gets many handfuls to even out the end.
PARSE_CHUNK = 8

#: Tasks per worker below which files are handed fewer at a time (to one a task).
PARSE_TASKS_PER_WORKER = 32


class _Parser:
    """Runs :func:`parse_one` over ``paths``: in this process (``jobs`` 1, or one file), else in
    a pool of forked worker processes, a few files per task, largest first (the run ends
    when its last task does: small ones last even out the workers). :meth:`results` yields
    ``(position in paths, result, cache key)`` as files finish; callers put results back in
    order, so the outputs do not depend on ``jobs``.

    A worker that dies (killed, out of memory, a crash in a C extension) breaks the whole pool;
    the files it left unfinished are then parsed again one by one, each in a fresh process, and
    a file that kills that one too becomes a :class:`Rejection`, the run going on.
    """

    def __init__(
        self, paths: Sequence[Path], states: Sequence[FileState | None], job: _Job, jobs: int | None
    ) -> None:
        self.paths = list(paths)
        self.states = list(states)  # the paths' sizes, from the run's listing
        self.job = job
        self.jobs = _workers(jobs, len(self.paths))
        self.executor: ProcessPoolExecutor | None = None
        self.futures: dict[Future[list[_Slot]], list[int]] = {}
        self.unsent: list[int] = []  # positions not handed out: the pool broke first

    def __enter__(self) -> _Parser:
        if self.paths:
            warm_up()  # dictionaries loaded once here, shared by every forked worker
        if self.jobs > 1:
            # Forked workers share the parent's memory until they write to it, and the garbage
            # collector writes to every object it scans: frozen objects it leaves alone, so the
            # workers do not each copy the parent's heap (the reused results of a large run).
            gc.freeze()
            self.executor = _pool(self.jobs, self.job)
            # Submitting forks every worker now (the fork start method starts them all at once).
            for chunk in _chunks(self.states, self.jobs):
                try:
                    future = self.executor.submit(_parse_in_worker, [self.paths[i] for i in chunk])
                except BrokenProcessPool:  # a worker died already: these are parsed as the lost
                    self.unsent.extend(chunk)
                    continue
                self.futures[future] = chunk
            gc.unfreeze()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def results(self) -> Iterator[tuple[int, Ingested | Rejection, str]]:
        if self.executor is None:
            for position, path in enumerate(self.paths):
                yield position, *parse_one(path, self.job)
            return
        lost = list(self.unsent)
        for future in as_completed(self.futures):
            positions = self.futures[future]
            try:
                slots = future.result()
            except BrokenProcessPool:
                lost.extend(positions)
                continue
            for position, (result, key) in zip(positions, slots, strict=True):
                yield position, result, key
        for position in sorted(lost):
            yield position, *self._alone(self.paths[position])

    def _alone(self, path: Path) -> _Slot:
        """Parse one file in a fresh worker process; its death rejects the file."""
        with _pool(1, self.job) as executor:
            try:
                return executor.submit(_parse_in_worker, [path]).result()[0]
            except BrokenProcessPool:
                rejection = Rejection(
                    path.relative_to(self.job.raw_dir).as_posix(),
                    file_sha256(path),
                    "govtasks crashed on this file (its worker process died)",
                    "A bug in govtasks or too little memory; the other files are ingested. "
                    "Please report the file.",
                )
                return rejection, _store(rejection, path, self.job)


def _chunks(states: Sequence[FileState | None], jobs: int) -> list[list[int]]:
    """The positions of files (their ``states``, None for one gone) in tasks for ``jobs``
    workers: largest files first, at most :data:`PARSE_CHUNK` a task and
    :data:`PARSE_TASKS_PER_WORKER` tasks a worker or more."""
    size = max(1, min(PARSE_CHUNK, len(states) // (jobs * PARSE_TASKS_PER_WORKER)))
    # Stable: ties keep their order. A file gone comes last (parse_one rejects it).
    order = sorted(range(len(states)), key=lambda i: -(state.size if (state := states[i]) else 0))
    return [order[start : start + size] for start in range(0, len(order), size)]


def _workers(jobs: int | None, tasks: int) -> int:
    """Processes for ``tasks`` tasks when ``jobs`` are asked for (None: one per CPU); 1 means
    this process, without workers."""
    return min(default_jobs() if jobs is None else max(1, jobs), tasks)


def _pool(jobs: int, job: _Job) -> ProcessPoolExecutor:
    # fork: a worker starts in milliseconds with every module and dictionary already loaded;
    # spawn would import everything again in each worker (Linux only; elsewhere the default).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(job,))


_worker_job: _Job | None = None


def _start_worker(job: _Job) -> None:
    global _worker_job
    _worker_job = job
    # Ctrl-C is the parent's to handle (it stops the pool); a worker would only add tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parse_in_worker(paths: list[Path]) -> list[_Slot]:
    assert _worker_job is not None, "runs in a worker started by _start_worker"
    return [parse_one(path, _worker_job) for path in paths]


def parse_one(path: Path, job: _Job) -> _Slot:
    """One file through the per-file stage. Its result is stored (written where it is made, in
    a worker, in parallel) under the returned cache key, for linking and for later runs; what
    comes back leaves the rows out (see :class:`Ingested`)."""
    result = process_file(path, job.raw_dir, job.phrases)
    key = _store(result, path, job)
    return (Ingested.of(result, key) if isinstance(result, ParsedFile) else result), key


def _store(result: ParsedFile | Rejection, path: Path, job: _Job) -> str:
    sidecar = sidecar_of(path)
    sidecar_sha = file_sha256(sidecar) if sidecar.exists() else None
    key = cache_key(result.sha256 or "", sidecar_sha, job.phrase_id, job.version)
    # Not synced: a cache file lost or cut short by a crash is only parsed again (its reader
    # checks it, see pipeline.head_from_json); the published outputs are synced.
    write_atomically(job.folder / key, result_to_json(result), sync=False)
    return key


def _cached(
    previous: Manifest | None,
    out_dir: Path,
    name: str,
    path: Path,
    state: FileState | None,
    sidecar: FileState | None,
    job: _Job,
) -> _Slot | None:
    """The last run's result for this file, if its inputs are provably the same and its cache
    file is whole.

    The cache file is first pinned into the run's folder (a hard link): linking reads its rows
    from there later, and another run publishing into ``out_dir`` meanwhile cannot take it away.
    """
    if previous is None or state is None:
        return None
    entry = previous.entries.get(name)
    if entry is not None and entry.state == state and entry.sidecar == sidecar:
        key = entry.cache
    else:
        # Changed size or mtime: the bytes (and the sidecar's) decide.
        sha = file_sha256(path)
        if sha is None:
            return None
        sidecar_sha = file_sha256(sidecar_of(path)) if sidecar else None
        key = cache_key(sha, sidecar_sha, job.phrase_id, job.version)
    pinned = job.folder / key
    try:
        pin(out_dir / CACHE_DIR / key, pinned)
        result, n_rows = head_from_json(pinned.read_bytes(), name)
    except (OSError, ValueError):  # gone, or torn: parse the file again
        pinned.unlink(missing_ok=True)
        return None
    if isinstance(result, Rejection):
        return result, key
    if result.phrase_list != job.phrase_id:
        return None
    return Ingested(result, n_rows, key), key


def _record_outputs(out_dir: Path, manifest: Manifest) -> None:
    """Rewrite manifest.json with the size and mtime of the outputs just published, so that a
    later no-change check can trust them (a file edited since then means "run again")."""
    outputs = {
        entry.name: state
        for entry in out_dir.iterdir()
        if entry.name in OWNED and entry.is_file() and entry.name != MANIFEST
        if (state := FileState.of(entry)) is not None
    }
    recorded = dataclasses.replace(manifest, outputs=outputs)
    path = out_dir / MANIFEST
    tmp = path.with_name(f".{MANIFEST}.tmp")
    tmp.write_bytes(recorded.to_json())
    os.replace(tmp, path)


def _run_json(
    started: float,
    full: bool,
    results: list[Ingested | Rejection],
    reused: int,
    totals: Totals,
    version: str,
) -> bytes:
    """Facts about this run (kept out of the tables, which must not change from run to run)."""
    facts = {
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "seconds": round(time.time() - started, 3),
        "mode": "full" if full else "incremental",
        "govtasks": __version__,
        "parser_version": version,
        "python": platform.python_version(),
        "files": len(results),
        "files_read": len(results) - reused,
        "files_reused": reused,
        "files_rejected": sum(isinstance(r, Rejection) for r in results),
        "reports": totals.reports,
        "tasks": totals.tasks,
        "progress_rows": totals.progress,
        "borderline_pairs": totals.review,
    }
    return (json.dumps(facts, indent=1) + "\n").encode("utf-8")


F = TypeVar("F", ParsedFile, Ingested)


def _drop_identical_copies(parsed: list[F]) -> tuple[list[F], dict[str, str]]:
    """Keep the first of several byte-identical files (same SHA-256): they are one report."""
    first: dict[str, str] = {}
    kept: list[F] = []
    copies: dict[str, str] = {}
    for item in parsed:
        if item.sha256 in first:
            copies[item.source_file] = first[item.sha256]
        else:
            first[item.sha256] = item.source_file
            kept.append(item)
    return kept, copies


def _link_summary(totals: Totals, out_dir: Path) -> str:
    """One line on linking: tasks followed across reports, fuzzy links, copies, pairs to review."""
    line = (
        f"Linking: {totals.across} tasks appear in more than one report ({totals.fuzzy} rows linked "
        f"by similarity); {totals.copies} reports are copies of another"
    )
    if totals.review:
        line += f"; {totals.review} borderline pairs to check: govtasks links --review --out {out_dir}"
    return line + "."


def _rejected_csv(rejected: list[Rejection]) -> bytes:
    """rejected.csv: every rejected file with its reason and hint; text cells spreadsheet-safe
    like every CSV's (a file may be named "=….txt")."""
    rows = (
        (
            spreadsheet_safe(r.source_file),
            r.sha256 or "",
            r.line or "",
            spreadsheet_safe(r.reason),
            spreadsheet_safe(r.hint),
        )
        for r in rejected
    )
    return csv_document(("file", "sha256", "line", "reason", "hint"), rows)


#: Columns of files.csv: one line per source file, as the summary table shows it.
FILE_COLUMNS = ("file", "sha256", "format", "district", "year", "period", "rows", "notes")
#: Files listed in the summary table at most: a larger run lists only files with something to
#: say (rejected, notes), up to this many, and points to files.csv for every file.
SUMMARY_FILES = 40


@dataclass(frozen=True)
class FileLine:
    """What a run says about one source file (a line of the summary table and of files.csv)."""

    source_file: str
    sha256: str
    format: str  # the layout that read it, or "rejected"
    district: str
    year: str
    period: str
    rows: str
    notes: tuple[str, ...]  # for a rejected file: its reason
    line: int | None = None  # for a rejected file: the line its reason is about, when known

    @property
    def noteworthy(self) -> bool:
        return self.format == "rejected" or bool(self.notes)

    @property
    def location(self) -> str:
        """The file, and the line when one is known (as :attr:`Rejection.location`)."""
        return f"{self.source_file} (line {self.line})" if self.line else self.source_file

    def csv_cells(self) -> tuple[str, ...]:
        """The line's cells in files.csv: notes one per line of the cell, a line number first."""
        notes = "\n".join(self.notes)
        if self.line:
            notes = f"line {self.line}: {notes}"
        return (
            self.source_file,
            self.sha256,
            self.format,
            self.district,
            self.year,
            self.period,
            self.rows,
            notes,
        )


def _file_lines(
    results: list[Ingested | Rejection], totals: Totals, copies: dict[str, str]
) -> list[FileLine]:
    """One line per source file, in file-name order."""
    lines: list[FileLine] = []
    for result in results:
        if isinstance(result, Rejection):
            lines.append(
                FileLine(
                    result.source_file,
                    result.sha256 or "",
                    "rejected",
                    "",
                    "",
                    "",
                    "",
                    (result.reason,),
                    result.line,
                )
            )
            continue
        f = result.head.facts
        notes = list(result.head.warnings) + totals.notes.get(result.source_file, [])
        if result.head.format == "generic":
            notes.insert(0, "no dedicated layout: read by the generic reader (columns by header words)")
        periods = totals.periods_by_file.get(result.source_file, [])
        if len(periods) > 1:
            notes.append(f"one report per period printed in its columns: {', '.join(periods)}")
        if result.source_file in copies:
            notes = [f"byte-identical copy of {copies[result.source_file]}; skipped"]
        lines.append(
            FileLine(
                result.source_file,
                result.sha256,
                result.head.format,
                f.district or "",
                str(f.year or ""),
                f.period or "",
                str(totals.rows_by_file.get(result.source_file, 0)),
                tuple(notes),
            )
        )
    return lines


def _files_csv(lines: list[FileLine]) -> bytes:
    """files.csv: every source file with its format (or "rejected"), facts, rows and notes (one
    per line of the cell), as the summary table shows it."""
    return csv_document(FILE_COLUMNS, (map(spreadsheet_safe, line.csv_cells()) for line in lines))


def _summary(
    console: Console,
    results: list[Ingested | Rejection],
    lines: list[FileLine],
    totals: Totals,
    raw_dir: Path,
    out_dir: Path,
) -> None:
    shown = lines
    caption = None
    if len(lines) > SUMMARY_FILES:
        # Rejected files first, then files with notes: what a person has to look at.
        noteworthy = sorted(
            (line for line in lines if line.noteworthy), key=lambda line: line.format != "rejected"
        )
        shown = noteworthy[:SUMMARY_FILES]
        caption = (
            f"{len(shown)} of {len(lines)} files shown: rejected files first, then files with notes "
            f"({len(noteworthy)} in all); every file is listed in {out_dir / 'files.csv'}"
        )
    table = Table(title=f"govtasks ingest {raw_dir}", show_lines=False, caption=caption)
    for column in ("file", "format", "district", "year", "period", "rows", "notes"):
        table.add_column(column, overflow="fold")
    for line in shown:
        if line.format == "rejected":
            table.add_row(line.location, "[red]rejected[/red]", "", "", "", "", *line.notes)
            continue
        table.add_row(
            line.source_file,
            line.format,
            line.district,
            line.year,
            line.period,
            line.rows,
            "\n".join(line.notes),
        )
    if shown:
        console.print(table)
    elif caption:
        console.print(f"No file has notes; every file is listed in {out_dir / 'files.csv'}.")
    n_rejected = sum(isinstance(r, Rejection) for r in results)
    console.print(
        f"{len(results)} files: {len(results) - n_rejected} ingested, {n_rejected} rejected; "
        f"{totals.reports} reports, {totals.tasks} tasks, {totals.progress} progress rows "
        f"-> {out_dir}/"
    )
    console.print(_link_summary(totals, out_dir), soft_wrap=True)
    rejections = [r for r in results if isinstance(r, Rejection)]
    for rejection in rejections:
        console.print(f"[red]Rejected[/red] {rejection.location}: {rejection.reason}", soft_wrap=True)
    for hint in dict.fromkeys(r.hint for r in rejections):  # each distinct hint once
        console.print(f"Hint: {hint}", soft_wrap=True)
    if n_rejected:
        console.print(f"Rejected files are listed in {out_dir / 'rejected.csv'}.")
