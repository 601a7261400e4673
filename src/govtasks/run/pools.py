"""Worker pools: files parsed, and (district, year) blocks linked, in forked worker processes."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from govtasks.clean.normalize import warm_up
from govtasks.errors import WorkerDied
from govtasks.link.blocks import Linked, link_block
from govtasks.models import ParsedFile, Rejection
from govtasks.read.sources import source_name
from govtasks.run.cache import Ingested, Slot, store, with_rows
from govtasks.run.manifest import FileState, file_sha256
from govtasks.run.per_file import process_file
from govtasks.run.settings import Job
from govtasks.run.summary import Totals
from govtasks.write.render import render_block
from govtasks.write.tables import RenderedBlock

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


class Linker:
    """Links the batches of (district, year) blocks (see :func:`batches`), :meth:`results`
    yielding each batch's rows in block order: in this process (``jobs`` 1, or one batch), else
    in a pool of forked workers, each reading its batch's rows from the cache files and linking
    them, a few batches ahead of the one being written (so the main process only writes, and
    memory holds a few batches). :func:`~govtasks.link.blocks.link_block` is a pure function of the
    block's files, so the rows are the same either way. A worker that dies leaves its batches
    (and the rest) to this process, where a real bug then shows as itself."""

    def __init__(self, batches: list[list[list[Ingested]]], job: Job, jobs: int | None) -> None:
        self.batches = batches
        self.job = job
        self.jobs = _workers(jobs, len(batches))
        self.executor: ProcessPoolExecutor | None = None
        self.pending: deque[Future[_LinkedBatch]] = deque()
        self.submitted = 0

    def __enter__(self) -> Linker:
        if self.jobs > 1:
            gc.freeze()  # see Parser.__enter__
            self.executor = _pool(self.jobs, self.job)
            self._submit()  # forks the workers before a progress bar starts its thread
            gc.unfreeze()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            _shut_down(self.executor, stopped=exc[0] is not None)

    def _submit(self) -> None:
        assert self.executor is not None
        while self.submitted < len(self.batches) and len(self.pending) < LINK_AHEAD * self.jobs:
            try:
                future = self.executor.submit(_link_in_worker, self.batches[self.submitted])
            except BrokenProcessPool:  # a worker died meanwhile: results() links the rest here
                return
            self.pending.append(future)
            self.submitted += 1

    def results(self) -> Iterator[tuple[RenderedBlock, list[Totals], int]]:
        """Each batch's rows as the table files take them, each block's counts, and its number
        of blocks."""
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


#: A linked batch as the table files take it, and each block's counts for the summary.
_LinkedBatch = tuple[RenderedBlock, list[Totals]]


def _link_in_worker(batch: list[list[Ingested]]) -> _LinkedBatch:
    assert _worker_job is not None, "runs in a worker started by _start_worker"
    gc.disable()  # as in the main process (see _without_gc); the worker only links from now on
    return _link(batch, _worker_job.folder)


def _link(batch: list[list[Ingested]], folder: Path) -> _LinkedBatch:
    """A batch's table rows, each block linked with its files' rows read back from their cache
    files in ``folder``, made into CSV text and Arrow tables (in the worker, not in the process
    writing them), and each block's counts (kept for the next run, see govtasks.write.reuse)."""
    parts = [link_block([with_rows(item, folder) for item in block]) for block in batch]
    counts = []
    for part in parts:
        totals = Totals()
        totals.add(part)
        counts.append(totals)
    return render_block(Linked.joined(parts)), counts


def default_jobs() -> int:
    """How many files are parsed at once by default: one per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


#: Files a parse worker is handed at once, at most: one message each way per handful of files
#: instead of per file (the pool's threads in this process spent a core-second per thousand
#: files on the messages), while every worker still gets many handfuls to even out the end.
PARSE_CHUNK = 8


#: Tasks per worker below which files are handed fewer at a time (to one a task).
PARSE_TASKS_PER_WORKER = 32


class Parser:
    """Runs :func:`parse_one` over ``paths``: in this process when ``jobs`` is 1, else in a
    pool of forked worker processes (one at least, even for one file: a crash in a C library
    then costs the file, not the run), a few files per task, largest first (the run ends
    when its last task does: small ones last even out the workers). :meth:`results` yields
    ``(position in paths, result, cache key)`` as files finish; callers put results back in
    order, so the outputs do not depend on ``jobs``.

    A worker that dies (killed, out of memory, a crash in a C extension) breaks the whole pool;
    the files it left unfinished are then parsed again one by one, each in a fresh process, and
    a file that kills that one too becomes a :class:`Rejection`, the run going on.
    """

    def __init__(
        self, paths: Sequence[Path], states: Sequence[FileState | None], job: Job, jobs: int | None
    ) -> None:
        self.paths = list(paths)
        self.states = list(states)  # the paths' sizes, from the run's listing
        self.job = job
        self.jobs = _workers(jobs, len(self.paths))
        self.in_process = jobs == 1 or not self.paths  # --jobs 1: no workers, as asked
        self.executor: ProcessPoolExecutor | None = None
        self.futures: dict[Future[list[Slot]], list[int]] = {}
        self.unsent: list[int] = []  # positions not handed out: the pool broke first

    def __enter__(self) -> Parser:
        if self.paths:
            warm_up()  # dictionaries loaded once here, shared by every forked worker
        if not self.in_process:
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
            _shut_down(self.executor, stopped=exc[0] is not None)

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

    def _alone(self, path: Path) -> Slot:
        """Parse one file in a fresh worker process; its death rejects the file."""
        with _pool(1, self.job) as executor:
            try:
                return executor.submit(_parse_in_worker, [path]).result()[0]
            except BrokenProcessPool:
                rejection = Rejection.of(
                    source_name(path, self.job.raw_dir),
                    file_sha256(path),
                    WorkerDied("govtasks crashed on this file (its worker process died)"),
                )
                return rejection, store(rejection, path, self.job)


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


def _pool(jobs: int, job: Job) -> ProcessPoolExecutor:
    # fork: a worker starts in milliseconds with every module and dictionary already loaded;
    # spawn would import everything again in each worker (Linux only; elsewhere the default).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_start_worker, initargs=(job, os.getpid())
    )


def _shut_down(executor: ProcessPoolExecutor, stopped: bool) -> None:
    """Shut a pool down; when the run is being stopped (Ctrl-C, SIGTERM, an error), its workers
    are killed first instead of finishing their tasks for nothing."""
    if stopped:
        processes = getattr(executor, "_processes", None) or {}
        for process in list(processes.values()):
            if process.is_alive():
                process.kill()
    executor.shutdown(wait=True, cancel_futures=True)


_worker_job: Job | None = None

#: prctl(2) option: the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def _start_worker(job: Job, parent: int) -> None:
    global _worker_job
    _worker_job = job
    # Ctrl-C is the parent's to handle (it stops the pool); a worker would only add tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM ends a worker at once (the parent's handler, inherited by the fork, is not for it).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Have the kernel send this worker SIGTERM when its parent ends, however it ends (killed,
    SIGKILL included): no worker is left running for nobody (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


def _parse_in_worker(paths: list[Path]) -> list[Slot]:
    assert _worker_job is not None, "runs in a worker started by _start_worker"
    return [parse_one(path, _worker_job) for path in paths]


def parse_one(path: Path, job: Job) -> Slot:
    """One file through the per-file stage. Its result is stored (written where it is made, in
    a worker, in parallel) under the returned cache key, for linking and for later runs; what
    comes back leaves the rows out (see :class:`Ingested`)."""
    result = process_file(path, job.raw_dir, job.phrases)
    key = store(result, path, job)
    return (Ingested.of(result, key) if isinstance(result, ParsedFile) else result), key
