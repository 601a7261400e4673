"""A whole ingest run: every source file through the per-file stage, then link and write.

The run's memory does not grow with the corpus. While files are parsed it keeps of each one an
:class:`~govtasks.run.cache.Ingested` record (facts, notes, cache key) without its rows, which
wait in the file's cache file (see :mod:`govtasks.run.cache`). Then it links the (district, year)
blocks (:func:`govtasks.link.blocks.link_block`) a batch of a few consecutive blocks at a time
(see :func:`govtasks.run.pools.batches`): it reads their rows back, links each block, and appends
the batch's table rows to the table files (:class:`govtasks.write.tables.TableFiles`) before the
next batch; only counts and notes for the summary are kept (:class:`govtasks.run.summary.Totals`).
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from govtasks.clean.controls import visible
from govtasks.clean.normalize import converter_info, load_phrases, phrase_list_id
from govtasks.errors import MissingFacts, NothingToIngest
from govtasks.link.blocks import blocks
from govtasks.models import ParsedFile, Rejection
from govtasks.read.sources import Listing, existing_sidecar, scan_sources, sidecar_of, source_name
from govtasks.run.cache import (
    CACHE_DIR,
    HEADS,
    Heads,
    Ingested,
    Slot,
    cache_key,
    cached_result,
    read_head,
    result_to_json,
    rows_intact,
)
from govtasks.run.manifest import (
    MANIFEST,
    Entry,
    FileState,
    Manifest,
    Survey,
    file_sha256,
    parser_version,
    raw_dir_from,
    read_manifest,
)
from govtasks.run.per_file import examine
from govtasks.run.pools import Linker, Parser, batches, parse_one
from govtasks.run.series import Member, infer_districts, only_district_missing
from govtasks.run.settings import Job, RunSettings
from govtasks.run.summary import Totals, file_lines, files_csv, print_summary, rejected_csv, run_json
from govtasks.write import datapackage
from govtasks.write.publish import (
    OWNED,
    OutputsLock,
    check_output,
    hold_outputs,
    parsed_folder,
    pin,
    publish,
    split_files,
    write_atomically,
)
from govtasks.write.reuse import INDEX, BlockIndex, PreviousFiles, block_key, read_index
from govtasks.write.tables import TableFiles, file_metadata

#: Where a run writes its table files, in its private folder, before they are published.
TABLES_DIR = "tables"


@dataclass(frozen=True)
class RunResult:
    parsed: list[Ingested]  # the files ingested, byte-identical copies left out
    rejected: list[Rejection]
    totals: Totals  # the tables themselves are in the output folder
    reused: int = 0  # files whose cached result was used (incremental run)
    notes: list[str] = dataclasses.field(default_factory=list)  # about the run, not one file


def run_ingest(
    settings: RunSettings, console: Console | None = None, survey: Survey | None = None
) -> RunResult:
    """Ingest ``settings.raw_dir`` into ``settings.out_dir``; print progress and a summary to
    ``console``.

    Files unchanged since the last run into ``out_dir`` are not parsed again (see
    :mod:`govtasks.run.manifest`) unless ``settings.full``; the outputs are the same bytes either
    way. The other files are parsed by ``settings.jobs`` processes (default: one per CPU; 1: in
    this process); the outputs are the same bytes for any number.

    Before anything is written, ``out_dir`` is checked (:func:`~govtasks.write.publish.check_output`)
    and its lock taken, held until the outputs are published: a second run into it stops at once
    (:class:`~govtasks.errors.OutputsBusy`). An empty raw folder does not replace outputs that hold
    rows (:class:`~govtasks.errors.NothingToIngest`) unless ``settings.force``.
    """
    started = time.time()
    if console is None:
        console = Console(stderr=True)
        if not console.is_terminal and not os.environ.get("COLUMNS", "").isdigit():
            # A log file: don't wrap the summary at 80 columns (unless COLUMNS says how wide).
            console = Console(stderr=True, width=200)
    check_output(settings.out_dir, settings.raw_dir, settings.force)  # before anything is written
    phrases = load_phrases(settings.phrase_file)
    version = parser_version()
    with hold_outputs(settings.out_dir) as held:  # held to the end of publish
        listing = survey.listing if survey is not None else scan_sources(settings.raw_dir)
        if not listing.sources and not settings.force:
            _refuse_to_empty(settings)
        if settings.full:
            previous, unreadable = None, None
        elif survey is not None and FileState.of(settings.out_dir / MANIFEST) == survey.manifest_state:
            previous, unreadable = survey.manifest, survey.unreadable
        else:
            previous, unreadable = read_manifest(settings.out_dir)
        if unreadable is not None:
            # Said once, never fatal: without a manifest every file is parsed again.
            console.print(
                visible(f"{settings.out_dir / MANIFEST} unreadable ({unreadable}); rebuilding everything."),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        if previous is not None and previous.parser_version != version:
            previous = None  # another parser: every cached result is stale
        with _batch_gc(), _scratch(settings.out_dir) as folder:
            job = Job(settings.raw_dir, phrases, phrase_list_id(phrases), version, folder)
            states = survey.states if survey is not None else None
            read = _read_sources(settings, listing, job, previous, console, states)
            _infer_from_series(read, job)
            return _link_and_write(settings, job, read, console, started, previous, held=held)


def _refuse_to_empty(settings: RunSettings) -> None:
    """An empty raw folder must not replace outputs that hold rows by empty tables (a mistyped
    RAW_DIR, a folder not yet filled) unless the user says so (``--force``)."""
    reports = settings.out_dir / "reports.parquet"
    if not reports.exists():
        return
    try:
        import pyarrow.parquet as pq

        rows = pq.read_metadata(reports).num_rows
    except (OSError, ValueError):  # unreadable: its rows cannot be counted, so keep them
        rows = -1
    if rows:
        held = "outputs" if rows < 0 else f"{rows} report" if rows == 1 else f"{rows} reports"
        raise NothingToIngest(
            f"{settings.raw_dir} holds no source files, and {settings.out_dir} holds {held} "
            "a run would replace by empty tables"
        )


@dataclass
class _Read:
    """Every source file after the reading phase, in file-name order."""

    paths: list[Path]  # the sources on disk
    names: list[str]  # as the outputs name them: relative to RAW, with "/" (see source_name)
    states: list[tuple[FileState | None, FileState | None]]  # the file's and its sidecar's
    slots: list[Slot]  # each file's result and cache key
    carried: dict[str, Path]  # files to publish: their name in OUT -> where they are now
    heads: Heads  # the head of each result's cache file, by cache key, for the next run
    reused: int  # results taken from the last run
    notes: list[str]  # what the listing skipped (see govtasks.read.sources.scan_sources)
    #: the positions of the results taken from the last run's cache, whose rows (unlike their
    #: heads) are not checked yet (see _whole_rows)
    cached: set[int] = dataclasses.field(default_factory=set)


def _read_sources(
    settings: RunSettings,
    listing: Listing,
    job: Job,
    previous: Manifest | None,
    console: Console,
    states: list[tuple[FileState | None, FileState | None]] | None = None,
) -> _Read:
    """Each source's result: the last run's where its inputs are provably the same, else parsed
    by the workers (:class:`~govtasks.run.pools.Parser`), with a progress bar."""
    sources = listing.sources
    names = [source_name(path, settings.raw_dir) for path in sources]
    if states is None:
        states = [(FileState.of(path), FileState.of(sidecar_of(path))) for path in sources]
    slots: list[Slot | None] = []
    carried: dict[str, Path] = {}
    last = Heads.read(settings.out_dir) if previous is not None else None
    heads = Heads()
    cache = settings.out_dir / CACHE_DIR
    for path, name, (state, sidecar) in zip(sources, names, states, strict=True):
        cached = cached_result(previous, settings.out_dir, name, path, state, sidecar, job, last)
        if cached is None:
            slots.append(None)
            continue
        slot, head = cached
        key = slot[1]
        heads.by_key[key] = head
        carried[f"{CACHE_DIR}/{key}"] = cache / key
        gc.freeze()  # see _batch_gc
        slots.append(slot)
    del last
    reused = len(carried)
    unread = [index for index, slot in enumerate(slots) if slot is None]
    # The parser comes first: its workers are forked before the progress bar starts a thread.
    with (
        Parser([sources[i] for i in unread], [states[i][0] for i in unread], job, settings.jobs) as parser,
        _bar(console, "reading") as bar,
    ):
        task = bar.add_task("", total=len(sources), completed=reused)
        for position, result, key in parser.results():
            index = unread[position]
            carried[f"{CACHE_DIR}/{key}"] = job.folder / key  # on disk already (see store)
            heads.by_key[key] = read_head(job.folder, key)
            slots[index] = (result, key)
            gc.freeze()  # kept to the end of the run: the collector need not scan it again
            bar.update(task, description=names[index].rsplit("/", 1)[-1])
            bar.advance(task)
    done = [slot for slot in slots if slot is not None]
    assert len(done) == len(slots)  # every file was either reused or parsed
    from_cache = set(range(len(sources))) - set(unread)
    return _Read(sources, names, states, done, carried, heads, reused, listing.notes, from_cache)


def _infer_from_series(read: _Read, job: Job) -> None:
    """The batch step (:mod:`govtasks.run.series`): each file refused for its district alone
    that the accepted files of its series give one is read again with it, in place in
    ``read.slots``. Run on every run that reads the sources, over cached and fresh results
    alike, so a file added to a series can accept a file refused before; the file keeps its
    per-file cache key (its result alone, for the next run), the rows of its inferred result
    go to a file of their own in the run's folder, not kept after the run. Only the files given
    a district are read again."""
    refused = {
        read.names[index]: (index, result)
        for index, (result, _) in enumerate(read.slots)
        if isinstance(result, Rejection)
        and result.code == MissingFacts.code
        and only_district_missing(result.reason)
    }
    if not refused:
        return
    accepted = [
        Member(result.source_file, result.facts.index_no, result.facts.district, result.facts.publisher)
        for result, _ in read.slots
        if isinstance(result, Ingested)
    ]
    if not accepted:
        return
    members = [
        Member(name, rejection.index_no, None, rejection.publisher)
        for name, (_, rejection) in refused.items()
    ]
    for name, district in sorted(infer_districts(accepted, members).items()):
        index, rejection = refused[name]
        key = read.slots[index][1]
        outcome = examine(read.paths[index], job.raw_dir, job.phrases, district).outcome
        if not isinstance(outcome, ParsedFile) or outcome.sha256 != rejection.sha256:
            continue  # refused for another reason once it has a district: it stays refused
        rows_key = f"{key.removesuffix('.json')}.{_digest(district)}.inferred.json"
        write_atomically(job.folder / rows_key, result_to_json(outcome, rows_key, None), sync=False)
        read.slots[index] = (Ingested.of(outcome, rows_key), key)
        read.cached.discard(index)  # its rows are this run's, in the run's folder


def _digest(district: tuple[str, str]) -> str:
    """A short hash of an inferred district and its note: the name of its rows' file."""
    return hashlib.sha256("\x1f".join(district).encode()).hexdigest()[:16]


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
    settings: RunSettings,
    job: Job,
    read: _Read,
    console: Console,
    started: float,
    previous: Manifest | None,
    held: OutputsLock,
) -> RunResult:
    """Link the files block by block into table files in the run's folder, publish them with
    the per-file results in ``read.carried``, print the summary. A block the last run (its
    manifest ``previous``) linked from the same files is not linked again: its rows are copied
    from the last run's table files (:mod:`govtasks.write.reuse`)."""
    folder = job.folder
    results: list[Ingested | Rejection] = []
    entries: dict[str, Entry] = {}
    for path, name, (state, sidecar), (result, key) in zip(
        read.paths, read.names, read.states, read.slots, strict=True
    ):
        results.append(result)
        recorded = _unchanged_sidecar(previous, name, sidecar)
        entries[name] = Entry(
            path=name,
            state=state or FileState(0, 0),
            sha256=result.sha256,
            sidecar=sidecar,
            result=result.head.format if isinstance(result, Ingested) else "rejected",
            cache=key,
            sidecar_sha256=_sidecar_sha256(path, result.sha256, key, job, recorded) if sidecar else None,
        )

    parsed = [r for r in results if isinstance(r, Ingested)]
    rejected = [r for r in results if isinstance(r, Rejection)]
    parsed, copies = _drop_identical_copies(parsed)
    totals = Totals()
    grouped = blocks(parsed)
    keys = [
        block_key(job.version, job.phrase_id, ((item.source_file, item.key, item.n_rows) for item in block))
        for block in grouped
    ]
    # The run's id follows from the files its tables hold (as reports): a rejected file, or
    # a byte-identical copy, changes no byte of the tables.
    sources = [(item.source_file, item.sha256) for item in parsed]
    metadata = file_metadata(job.version, converter_info(), job.phrase_id, sources)
    counts: list[dict[str, object]] = []
    # The last run's files stay open until the new ones are published: the threads that write
    # the table files (govtasks.write.tables.TableFiles) copy from them until then.
    with _previous_files(settings.out_dir, previous, job, console) as old:
        with (
            Linker(_new_batches(grouped, keys, old, read, job), job, settings.jobs) as linker,
            _bar(console, "linking") as bar,
            TableFiles(folder / TABLES_DIR, metadata, old) as files,
            _without_gc(),
        ):
            task = bar.add_task("", total=len(grouped))
            kept = old.kept if old is not None else {}
            linked = linker.results()
            at = 0
            while at < len(grouped):
                if keys[at] in kept:
                    place, part = kept[keys[at]]
                    files.write_kept(place)
                    totals.merge(Totals.from_json(part))
                    counts.append(part)
                    at += 1
                    bar.advance(task)
                    continue
                rendered, parts, done = next(linked)
                files.write_rendered(rendered, keys[at : at + done])
                for block_totals in parts:
                    totals.merge(block_totals)
                    counts.append(block_totals.to_json())
                at += done
                bar.advance(task, done)
                del rendered  # before the next batch's rows are read
            relinked = len(grouped) - sum(key in kept for key in keys)
            copied_groups = files.copied_groups
        try:
            index = BlockIndex(
                job.version, job.phrase_id, metadata.run_id, list(zip(files.places, counts, strict=True))
            )
            carried = {**read.carried, **files.files}
            # Not synced, as the cache files are not: lost or torn by a crash, it fails its
            # checksum and the next run reads the cache files' heads instead.
            heads = folder / Path(HEADS).name
            write_atomically(heads, read.heads.to_bytes(), sync=False)
            carried[HEADS] = heads
            manifest = Manifest(
                parser_version=job.version,
                phrases=FileState.of(settings.phrase_file) if settings.phrase_file else None,
                entries=entries,
                outputs={},
                rejected=len(rejected),
                raw_dir=raw_dir_from(settings.out_dir, settings.raw_dir),
            )
            lines = file_lines(results, totals, copies)
            contents = {
                "files.csv": files_csv(lines),
                "rejected.csv": rejected_csv(rejected),
                datapackage.DATAPACKAGE: datapackage.render(split=files.split),
                "run.json": run_json(
                    started,
                    previous is None,
                    results,
                    read.reused,
                    totals,
                    job.version,
                    (_phrase_file(settings), job.phrase_id),
                    metadata.run_id,
                    files.split,
                    (len(grouped), relinked, copied_groups),
                ),
                INDEX: index.to_json(),
            }
            publish(
                settings.out_dir,
                contents,
                carried,
                finish=lambda folder: _record_outputs(folder, manifest),
                held=held,
                keep=CACHE_DIR,
                syncing=files.syncing,
            )
        except BaseException:
            files.syncing.settle()  # its threads done with the last run's files before they close
            raise
    print_summary(
        console, results, lines, totals, settings.raw_dir, settings.out_dir, read.notes, files.split
    )
    if read.reused:
        console.print(
            f"Incremental: {read.reused} unchanged files reused, {len(results) - read.reused} read."
        )
        console.print(f"Blocks linked again: {relinked} of {len(grouped)}; the others' rows copied.")
    return RunResult(parsed=parsed, rejected=rejected, totals=totals, reused=read.reused, notes=read.notes)


@contextmanager
def _previous_files(
    out_dir: Path, previous: Manifest | None, job: Job, console: Console
) -> Iterator[PreviousFiles | None]:
    """The last run's table files to copy unchanged blocks from, when they can be trusted (see
    :mod:`govtasks.write.reuse`); else None, and every block is linked (a reason is printed
    when the last run's files are there but cannot be used)."""
    if previous is None:
        yield None
        return

    def intact(file: str) -> bool:
        return file in previous.outputs and FileState.of(out_dir / file) == previous.outputs[file]

    index, why = read_index(out_dir, job.version, job.phrase_id, intact)
    opened = None
    if index is not None:
        try:
            opened = PreviousFiles(out_dir, index)
        except (OSError, ValueError) as exc:
            why = f"the last run's table files cannot be read ({exc})"
    if why is not None:
        console.print(
            visible(f"{why}: linking every block again."), markup=False, highlight=False, soft_wrap=True
        )
    if opened is None:
        yield None
        return
    with opened:
        yield opened


def _new_batches(
    grouped: list[list[Ingested]], keys: list[str], old: PreviousFiles | None, read: _Read, job: Job
) -> list[list[list[Ingested]]]:
    """The blocks to link, in batches (:func:`~govtasks.run.pools.batches`) of consecutive
    blocks the last run did not link from the same files (all of them without ``old``), each
    file's rows checked first (:func:`_whole_rows`)."""
    kept = old.kept if old is not None else {}
    position = {name: index for index, name in enumerate(read.names)} if read.cached else {}
    result: list[list[list[Ingested]]] = []
    run: list[list[Ingested]] = []
    for block, key in zip(grouped, keys, strict=True):
        if key in kept:
            result.extend(batches(run))
            run = []
        else:
            run.append([_whole_rows(item, position.get(item.source_file, -1), read, job) for item in block])
    result.extend(batches(run))
    return result


def _whole_rows(item: Ingested, index: int, read: _Read, job: Job) -> Ingested:
    """``item``, file number ``index`` of ``read``, once its rows are known to be whole: a result
    from the last run's cache had its head checked only (see govtasks.run.cache); a cache file
    whose rows are damaged is parsed again, as a damaged head is (the same inputs: the same
    result, under the same key)."""
    if index not in read.cached:
        return item
    carried = f"{CACHE_DIR}/{item.key}"
    try:
        pin(read.carried[carried], job.folder / item.key)  # where linking reads the rows
        whole = rows_intact(job.folder / item.key)
    except OSError:
        whole = False
    if whole:
        return item
    read.cached.discard(index)
    read.reused -= 1
    result, key = parse_one(read.paths[index], job)
    if not isinstance(result, Ingested) or key != item.key:
        raise RuntimeError(f"{item.source_file} changed during the run")
    read.slots[index] = (result, key)
    read.carried[carried] = job.folder / key
    return result


def _phrase_file(settings: RunSettings) -> Path | None:
    """The user's phrase file the run read, if any (load_phrases reads it when it is a file)."""
    path = settings.phrase_file
    return path if path is not None and path.is_file() else None


def _sidecar_sha256(path: Path, sha256: str | None, key: str, job: Job, recorded: str | None) -> str | None:
    """The SHA-256 of the sidecar ``path``'s result (cache file ``key``) was made from: the
    sidecar's now, when it gives that key (the key is a hash of it); else None (no sidecar, or it
    changed during the run). ``recorded``: what the last run recorded for a sidecar whose size
    and mtime are the same now, taken when it gives the key, as the no-change check takes an
    unchanged file (hashing every sidecar again was a tenth of a one-report update at 6,000
    files)."""

    def gives_key(sidecar_sha: str | None) -> bool:
        return cache_key(sha256 or "", sidecar_sha, job.phrase_id, job.version, path.name) == key

    if recorded is not None and gives_key(recorded):
        return recorded
    sidecar = existing_sidecar(path)
    sha = file_sha256(sidecar) if sidecar is not None else None
    return sha if gives_key(sha) else None


def _unchanged_sidecar(previous: Manifest | None, name: str, sidecar: FileState | None) -> str | None:
    """The SHA-256 the last run recorded for file ``name``'s sidecar, now of state ``sidecar``,
    when that state is the one it recorded."""
    entry = previous.entries.get(name) if previous is not None and sidecar is not None else None
    return entry.sidecar_sha256 if entry is not None and entry.sidecar == sidecar else None


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


def _record_outputs(folder: Path, manifest: Manifest) -> None:
    """Write manifest.json into ``folder`` (the new outputs, staged) with the size and mtime of
    every output there, which publishing keeps, so that a later no-change check can trust them
    (a file edited since then means "run again")."""
    names = [entry.name for entry in folder.iterdir() if entry.name in OWNED and entry.is_file()]
    outputs = {
        name: state
        for name in [*names, *split_files(folder)]  # a table split by year: its files
        if name != MANIFEST and (state := FileState.of(folder / name)) is not None
    }
    write_atomically(folder / MANIFEST, dataclasses.replace(manifest, outputs=outputs).to_json())


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
