"""Publishing a run's files into the output folder: every file at once or none (an atomic
swap of folders), under a lock, never leaving a half-written output behind; and the checks that
keep a run from writing where it must not (:func:`check_output`).

What is guaranteed where:

- On Linux filesystems with ``renameat2(RENAME_EXCHANGE)`` (ext4, xfs, btrfs, tmpfs, …) the
  swap is one system call: at every instant OUT holds the previous complete outputs or the new
  ones.
- Elsewhere (no ``renameat2``, or a filesystem that refuses it) OUT is renamed aside to
  ``.OUT.previous-…`` and the new outputs renamed to OUT: for an instant OUT is missing, but the
  previous outputs are always on disk, and the next run (or :func:`hold_outputs`) renames them
  back before anything else when a run was killed in that instant. They are deleted only once
  OUT exists again.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import queue
import re
import secrets
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from govtasks.errors import OutputsBusy, UnsafeOutput

#: The file that marks a folder as govtasks' output folder: every publish writes it, and
#: :func:`check_output` lets a run write into a folder holding it.
MARKER = ".govtasks-output"
MARKER_TEXT = (
    b"govtasks writes its outputs into this folder: each run replaces the files it owns\n"
    b"(the tables, files.csv, rejected.csv, links_review.csv, datapackage.json, run.json,\n"
    b"manifest.json, .cache/)\n"
    b"and keeps every other file.\n"
)

#: The table files of an output folder (their names tell an output folder made before the marker).
#: Written out, not taken from write.tables, which imports pyarrow: the no-change check of
#: ``govtasks ingest`` imports this module and must stay quick (tests/test_ingest_safety.py
#: checks the two agree).
_TABLE_FILE_NAMES: frozenset[str] = frozenset(
    f"{t}.{ext}" for t in ("reports", "tasks", "progress", "figures") for ext in ("parquet", "csv")
)

#: Every file and folder a run writes in the output folder; anything else there is the user's
#: and is kept as it is.
OWNED: frozenset[str] = _TABLE_FILE_NAMES | frozenset(
    {
        "files.csv",
        "rejected.csv",
        "links_review.csv",
        "datapackage.json",
        "run.json",
        "manifest.json",
        ".cache",
        MARKER,
    }
)

#: The folders a table too long for a spreadsheet is written into, split by year
#: (``progress/2023.csv``, see govtasks.write.tables.SHEET_ROWS). Not in :data:`OWNED`: a folder
#: of that name is govtasks' only when it holds :data:`MARKER` (a user may keep a ``figures``
#: folder of their own there). In one of govtasks', the year files (:data:`_SPLIT_FILE`) are
#: replaced or removed by each run; any other file in it is the user's and kept.
TABLE_FOLDERS: frozenset[str] = frozenset({"reports", "tasks", "progress", "figures"})

#: A year file's name (govtasks.write.tables.SPLIT_FILE, written out for the same reason as
#: :data:`_TABLE_FILE_NAMES`).
_SPLIT_FILE = re.compile(r"\d{4}(?:-[1-9]\d*)?\.csv")

#: The marker of a table folder govtasks wrote.
FOLDER_MARKER_TEXT = (
    b"govtasks wrote this folder: a table too long for a spreadsheet, one CSV file per year.\n"
    b"Each run replaces the year files (or removes them when the table fits in one file again)\n"
    b"and keeps every other file.\n"
)

_FORCE_HINT = (
    "Choose a new or empty folder for --out, or add --force to write there anyway "
    "(files named like govtasks' outputs are then replaced, the others kept)."
)


def check_output(out_dir: Path, raw_dir: Path, force: bool = False) -> None:
    """Refuse (:class:`~govtasks.errors.UnsafeOutput`) an output folder a run must not write,
    before anything is written. ``out_dir`` may be a new path, an empty folder (hidden files
    govtasks does not write, such as ``.gitkeep``, count as empty: they are kept), or a folder
    govtasks wrote (its marker file, or, from before the marker, ``manifest.json`` beside the
    table files); a symlink to a folder is followed. Never a file, the root folder, a folder
    overlapping ``raw_dir`` (later runs would read the outputs as sources), nor a folder holding
    files govtasks did not write unless ``force``.
    """
    shown = _named(out_dir)
    real = _real(out_dir)
    if real.parent == real:
        raise UnsafeOutput(f"--out {shown} is the root folder", hint="Choose a folder for the outputs.")
    if real.exists() and not real.is_dir():
        raise UnsafeOutput(
            f"--out {shown} is a file, not a folder",
            hint="Choose a folder for the outputs (a new one is made), e.g. --out data/processed.",
        )
    raw = _real(raw_dir)
    overlap = (
        "is the raw folder"
        if real == raw
        else "is inside the raw folder"
        if real.is_relative_to(raw)
        else "holds the raw folder"
        if raw.is_relative_to(real)
        else None
    )
    if overlap is not None:
        raise UnsafeOutput(
            f"--out {shown} {overlap} {raw_dir}",
            hint="Choose an output folder outside the raw folder (and not holding it): "
            "later runs would read the outputs as sources.",
        )
    if not real.is_dir() or force:
        return
    names = sorted(os.listdir(real))
    if MARKER in names or _made_by_govtasks(real, names):
        return
    theirs = [name for name in names if name in OWNED or not name.startswith(".")]
    if theirs:
        listed = ", ".join(theirs[:3]) + (f" and {len(theirs) - 3} more" if len(theirs) > 3 else "")
        raise UnsafeOutput(f"--out {shown} holds files govtasks did not write ({listed})", hint=_FORCE_HINT)


def _named(out_dir: Path) -> str:
    """``out_dir`` as the user wrote it, and where that is when it is not plain.

    >>> _named(Path("/data/out")), _named(Path(".")) == f". ({os.getcwd()})"
    ('/data/out', True)
    """
    where = os.path.abspath(out_dir)
    return str(out_dir) if str(out_dir) == where else f"{out_dir} ({where})"


def _made_by_govtasks(folder: Path, names: list[str]) -> bool:
    """An output folder written before the marker existed: govtasks' manifest.json beside
    table files."""
    if "manifest.json" not in names or not _TABLE_FILE_NAMES.intersection(names):
        return False
    try:
        data = json.loads((folder / "manifest.json").read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"manifest_format", "parser_version", "files"} <= data.keys()


@dataclass(frozen=True)
class OutputsLock:
    """The lock of an output folder, held (see :func:`hold_outputs`)."""

    folder: Path  # the output folder, symlinks resolved


@contextmanager
def hold_outputs(out_dir: Path) -> Iterator[OutputsLock]:
    """Hold ``out_dir``'s lock (one run at a time per output folder; another run holding it:
    :class:`~govtasks.errors.OutputsBusy`), having first put back the previous outputs that a
    run killed in the middle of a two-rename swap left aside (see the module's docstring).
    The lock file ``.OUT.lock`` sits beside the output folder (beside a symlink's target)."""
    real = _real(out_dir)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        handle = open(real.parent / f".{real.name}.lock", "a+b")  # noqa: SIM115 (closed below)
    except OSError as exc:
        reason = f"{exc.strerror} (making the lock file beside the output folder)"
        raise OSError(exc.errno, reason, os.path.abspath(out_dir)) from exc
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputsBusy(f"another govtasks run is writing to {os.path.abspath(out_dir)}") from None
        _HELD.add(handle.fileno())
        try:
            _restore_previous(real)
            yield OutputsLock(real)
        finally:
            _HELD.discard(handle.fileno())
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


#: The lock files this process holds open (their descriptors). A flock belongs to the open file,
#: which a fork shares: a worker forked while the lock is held would keep it held after its
#: run was killed, until the worker too is gone, and the next run would be refused.
_HELD: set[int] = set()


def _drop_held_locks() -> None:
    """In a forked child: let go of the parent's lock files, the descriptors pointed at
    /dev/null (not closed: the parent's file objects, copied into the child, still name them)."""
    if _HELD:
        null = os.open(os.devnull, os.O_RDONLY)
        for fd in _HELD:
            os.dup2(null, fd)
        os.close(null)
        _HELD.clear()


os.register_at_fork(after_in_child=_drop_held_locks)


class SerialWork:
    """Calls made one after another, in the order given, by a thread of their own while the
    caller goes on: a table file's writes, copies and sync (:class:`~govtasks.write.tables.TableFiles`).
    Copying, encoding and syncing wait for the kernel or run in Arrow's C++ without holding the
    interpreter, so a one-report update's hundreds of megabytes of copied CSV and its row groups
    encoded again overlap with the rest of the run. :meth:`finish` waits for every call and
    raises the first exception one raised (the calls after it are skipped)."""

    def __init__(self, name: str) -> None:
        self._calls: queue.SimpleQueue[tuple[Callable[..., object], tuple[object, ...]] | None] = (
            queue.SimpleQueue()
        )
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, call: Callable[..., object], *args: object) -> None:
        """Make ``call(*args)`` after the calls submitted before it."""
        self._calls.put((call, args))

    def _run(self) -> None:
        while (item := self._calls.get()) is not None:
            if self._error is None:
                call, args = item
                try:
                    call(*args)
                except Exception as exc:  # raised in the caller's thread by finish()
                    self._error = exc

    def finish(self) -> None:
        """Return once every call submitted is made; raise the first exception one raised."""
        if self._thread.is_alive():
            self._calls.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error


class Syncing:
    """Files being written out and synced to disk by threads while the run goes on
    (:class:`SerialWork`): :meth:`wait` returns once they all are, or raises the first error.
    ``fsync`` waits for the disk without holding the interpreter, so the hundreds of megabytes of
    a large run's table files are written out while the run makes its small files (see
    :func:`publish`, which waits before the new outputs are put in place)."""

    def __init__(self) -> None:
        self._works: list[SerialWork] = []

    def start(self, path: Path) -> None:
        """Sync ``path`` (written and closed) to disk, in the background."""
        work = SerialWork(f"sync {path.name}")
        work.submit(_fsync_path, path)
        self._works.append(work)

    def include(self, work: SerialWork) -> None:
        """Wait for ``work`` too (the calls that write a file and sync it)."""
        self._works.append(work)

    def settle(self) -> None:
        """Wait for every thread, after a failure elsewhere: their own errors are not raised."""
        with contextlib.suppress(Exception):
            self.wait()

    def wait(self) -> None:
        """Return once every file is written and on disk; raise the first error if one is not."""
        errors = []
        for work in self._works:
            try:
                work.finish()
            except Exception as exc:
                errors.append(exc)
        self._works.clear()
        if errors:
            raise errors[0]


def publish(
    out_dir: Path,
    contents: Mapping[str, bytes],
    carried: Mapping[str, Path] | None = None,
    finish: Callable[[Path], None] | None = None,
    held: OutputsLock | None = None,
    keep: str | None = None,
    syncing: Syncing | None = None,
) -> None:
    """Replace the outputs in ``out_dir`` by ``contents`` (relative path -> bytes) and
    ``carried`` (relative path -> an existing file to keep: a table file written by
    :class:`TableFiles`, a cached result), all at once.

    The new outputs are written into a staging folder beside ``out_dir`` and the two folders are
    swapped in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``), so a reader, or a run
    killed at any moment, sees either the previous complete outputs or the new complete ones.
    Files in ``out_dir`` that govtasks does not own (``OWNED``) are carried over unchanged, and
    the :data:`MARKER` file is written. A symlink ``out_dir`` is followed (and kept).
    ``finish(staging)`` runs once the staging folder holds everything else, before the swap: the
    files it writes there (synced) are published with the others. The folder's lock is held
    throughout: ``held``, when the caller holds it already (see :func:`hold_outputs`), else
    taken here.

    ``keep``: a folder of the outputs (the per-file cache) moved into the new outputs as it is,
    then made to hold exactly what ``contents`` and ``carried`` put under it: a file carried from
    its own place there stays, the others are removed. One rename instead of a link per file (and
    an unlink per file when the previous outputs are removed); only the folder is missing from
    the previous outputs while the new ones are staged, and it is moved back if publishing fails
    (less the files of ``contents`` in it, which were not the previous outputs'; files carried
    into it stay, unused, until the next publish).

    ``syncing``: files among ``carried`` still being written or synced to disk
    (:class:`Syncing`), waited for before ``finish`` and the swap: the new outputs are whole on
    disk before anyone can see them.
    """
    shown = Path(os.path.abspath(out_dir))
    assert held is None or held.folder == _real(out_dir), "publish: held is another folder's lock"
    with nullcontext(held) if held is not None else hold_outputs(out_dir) as lock:
        out_dir = lock.folder
        _remove_leftovers(out_dir)
        staging = work_folder(out_dir, "staging-", shown)
        carried = dict(carried or {})
        moved = False
        try:
            if keep is not None:
                moved = _move_kept(out_dir, staging, keep, contents, carried)
            _write_file(staging / MARKER, MARKER_TEXT)
            for relative, data in contents.items():
                _write_file(staging / relative, data)
            for relative, source in carried.items():
                _link_or_copy(source, staging / relative)
            written = {relative.split("/", 1)[0] for relative in [*contents, *carried]}
            for folder in sorted(TABLE_FOLDERS & written):
                _write_file(staging / folder / MARKER, FOLDER_MARKER_TEXT)
            if out_dir.is_dir():
                for entry in sorted(out_dir.iterdir()):
                    if entry.name in OWNED:
                        continue
                    if _table_folder(entry):
                        _keep_users_files(entry, staging / entry.name)
                    elif entry.name in TABLE_FOLDERS and entry.name in written:
                        raise UnsafeOutput(
                            f"{shown} holds {entry.name}{'/' if entry.is_dir() else ''}, which govtasks "
                            f"did not write, where this run writes {entry.name}.csv split by year",
                            hint=f"Move or rename {entry.name}, then run again.",
                        )
                    else:
                        _link_or_copy(entry, staging / entry.name)
                os.chmod(staging, out_dir.stat().st_mode & 0o7777)
            else:
                os.chmod(staging, 0o777 & ~_umask())
            if syncing is not None:
                syncing.wait()  # before finish: the files are whole, their sizes final
            if finish is not None:
                finish(staging)
            _fsync_path(staging)
            if out_dir.exists():
                _exchange(staging, out_dir)  # staging now holds the previous outputs
            else:
                os.rename(staging, out_dir)
            _fsync_path(out_dir.parent)
            moved = False  # the new outputs hold it now
        finally:
            if moved and keep is not None and not os.path.lexists(out_dir / keep):
                with contextlib.suppress(OSError):
                    os.rename(staging / keep, out_dir / keep)  # back to the previous outputs
                    for relative in contents:  # this run's files there are not theirs
                        if relative.startswith(f"{keep}/"):
                            (out_dir / relative).unlink(missing_ok=True)
            shutil.rmtree(staging, ignore_errors=True)


def _move_kept(
    out_dir: Path, staging: Path, keep: str, contents: Mapping[str, bytes], carried: dict[str, Path]
) -> bool:
    """Move ``out_dir/keep`` into ``staging`` for :func:`publish` (see ``keep`` there): remove
    from it what the new outputs do not hold, and take out of ``carried`` what it holds already.
    Whether it was moved (not when missing, or not a plain folder)."""
    folder = out_dir / keep
    if not folder.is_dir() or folder.is_symlink():
        return False
    real = os.path.realpath(folder)
    prefix = f"{keep}/"
    real_folders: dict[str, str] = {}  # the folders the carried files are in, resolved once each
    in_place = {
        relative
        for relative, source in carried.items()
        if relative.startswith(prefix)
        and "/" not in relative[len(prefix) :]
        and os.path.basename(source) == relative[len(prefix) :]
        and _resolved(os.path.dirname(source), real_folders) == real
    }
    os.rename(folder, staging / keep)
    for entry in os.scandir(staging / keep):
        relative = prefix + entry.name
        if relative not in in_place or relative in contents:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    for relative in in_place:
        del carried[relative]
    return True


def _resolved(folder: str, known: dict[str, str]) -> str:
    """``os.path.realpath(folder)``, looked up in ``known`` first (and added to it)."""
    if folder not in known:
        known[folder] = os.path.realpath(folder)
    return known[folder]


def _table_folder(entry: Path) -> bool:
    """Whether ``entry`` is a table folder govtasks wrote (see :data:`TABLE_FOLDERS`)."""
    return (
        entry.name in TABLE_FOLDERS
        and entry.is_dir()
        and not entry.is_symlink()
        and (entry / MARKER).is_file()
    )


def _keep_users_files(folder: Path, target: Path) -> None:
    """Carry into ``target`` what a user put into govtasks' table folder ``folder``: everything
    but its year files and marker (the new run writes its own, or none). The folder stays
    govtasks' (its marker) while it holds the user's files."""
    theirs = [e for e in sorted(folder.iterdir()) if e.name != MARKER and not _SPLIT_FILE.fullmatch(e.name)]
    for entry in theirs:
        _link_or_copy(entry, target / entry.name)
    if theirs and not (target / MARKER).exists():
        _write_file(target / MARKER, FOLDER_MARKER_TEXT)


def split_files(out_dir: Path) -> list[str]:
    """The year files of the tables split in ``out_dir`` (paths relative to it, in order)."""
    found = []
    for folder in sorted(TABLE_FOLDERS):
        if _table_folder(out_dir / folder):
            names = sorted(e.name for e in (out_dir / folder).iterdir() if _SPLIT_FILE.fullmatch(e.name))
            found += [f"{folder}/{name}" for name in names]
    return found


def _write_file(path: Path, data: bytes, sync: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link ``source`` (a file or a folder tree) to ``target``; copy where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy_file)
    else:
        _link_or_copy_file(str(source), str(target))


def _link_or_copy_file(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _exchange(staging: Path, out_dir: Path) -> None:
    """Swap the two folders: ``staging`` then holds the previous outputs. In one atomic step
    where ``renameat2(RENAME_EXCHANGE)`` works; elsewhere by two renames that always leave the
    previous outputs on disk (:func:`_swap_aside`)."""
    try:
        _rename_exchange(staging, out_dir)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):  # other errors are real
            raise
        _swap_aside(staging, out_dir)


def _rename_exchange(a: Path, b: Path) -> None:
    """``renameat2(a, b, RENAME_EXCHANGE)``; OSError(ENOSYS) where the C library has none."""
    libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(b))
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error), str(b))


def _swap_aside(staging: Path, out_dir: Path) -> None:
    """Two renames: ``out_dir`` aside to ``.OUT.previous-…``, ``staging`` to ``out_dir``; then
    the previous outputs into ``staging`` (which the caller removes). Killed between the two,
    ``out_dir`` is missing and the previous outputs wait aside for :func:`_restore_previous`."""
    aside = out_dir.with_name(f".{out_dir.name}.previous-{os.getpid()}-{secrets.token_hex(4)}")
    os.rename(out_dir, aside)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        os.rename(aside, out_dir)  # a failed rename, or Ctrl-C: the previous outputs go back
        raise
    _fsync_path(out_dir.parent)
    os.rename(aside, staging)


#: The names previous outputs are set aside under: this version's, and the version before's.
_ASIDE = ("previous-", "old-")


def _restore_previous(out_dir: Path) -> None:
    """Put back the previous outputs a run killed in the middle of :func:`_swap_aside` (or the
    older two-rename swap) left aside, when ``out_dir`` is missing: the newest of them."""
    if os.path.lexists(out_dir):
        return
    aside = [p for p in _beside(out_dir, *_ASIDE) if p.is_dir() and not p.is_symlink()]
    if aside:
        os.rename(max(aside, key=_written), out_dir)
        _fsync_path(out_dir.parent)


def _beside(out_dir: Path, *kinds: str) -> list[Path]:
    """The work folders ``.OUT.KIND…`` beside ``out_dir`` (by name, not a glob: OUT's name may
    hold ``[``, ``*`` …)."""
    prefixes = tuple(f".{out_dir.name}.{kind}" for kind in kinds)
    if not prefixes:
        return []
    return sorted(p for p in out_dir.parent.iterdir() if p.name.startswith(prefixes))


def _written(folder: Path) -> int:
    """When the outputs in ``folder`` were published (their manifest's mtime; 0 if none)."""
    try:
        return (folder / "manifest.json").stat().st_mtime_ns
    except OSError:
        return 0


def _remove_leftovers(out_dir: Path) -> None:
    """Staging folders of runs that were killed before they could clean up; outputs set aside
    by a killed swap, once ``out_dir`` exists again (never while it is missing)."""
    for leftover in _beside(out_dir, "staging-", *(_ASIDE if out_dir.is_dir() else ())):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in _beside(out_dir, "parsed-"):
        # A run of an older govtasks (which took the lock only to publish) may be parsing into
        # its folder right now: only a folder whose process is gone is a leftover.
        pid = leftover.name.removeprefix(f".{out_dir.name}.parsed-").split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def parsed_folder(out_dir: Path) -> Path:
    """A new private folder beside ``out_dir`` for the per-file results a run makes, written as
    each file is parsed (so they are not all held in memory) and hard-linked into the outputs by
    :func:`publish`. The caller removes it; one left by a killed run is removed by a later one."""
    shown = Path(os.path.abspath(out_dir))
    out_dir = _real(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return work_folder(out_dir, f"parsed-{os.getpid()}-", shown)


def work_folder(out_dir: Path, kind: str, shown: Path | None = None) -> Path:
    """A new folder ``.OUT.KIND…`` beside ``out_dir``. When it cannot be made, the error names
    ``shown`` (the output folder as the user named it; default ``out_dir``), not the folder's
    made-up name."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.{kind}", dir=out_dir.parent))
    except OSError as exc:
        reason = f"{exc.strerror} (making a work folder beside the output folder)"
        raise OSError(exc.errno, reason, str(shown or out_dir)) from exc


def write_atomically(path: Path, data: bytes, sync: bool = True) -> None:
    """Write ``path`` whole or not at all (a temporary file, then renamed): two workers writing
    the same result, or a killed run, never leave a half-written file. ``sync=False`` skips
    syncing the data to disk first, for files that are only a cache: after a power cut such a
    file may be empty or cut short, and its reader must check it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _write_file(tmp, data, sync)
    os.replace(tmp, path)


#: Bytes copied at a time where the kernel cannot copy between two files itself.
COPY_CHUNK = 1 << 20


def copy_range(source: IO[bytes], target: IO[bytes], start: int, size: int) -> None:
    """Append ``size`` bytes of ``source`` from byte ``start`` at the end of ``target`` (open for
    writing; left at its new end): by the kernel where it can (``copy_file_range``: no byte
    passes through this process), else :data:`COPY_CHUNK` bytes at a time. OSError when
    ``source`` ends first."""
    target.flush()
    at = target.seek(0, os.SEEK_END)
    done = 0
    kernel = hasattr(os, "copy_file_range")
    while done < size:
        if kernel:
            try:
                copied = os.copy_file_range(
                    source.fileno(), target.fileno(), size - done, start + done, at + done
                )
            except OSError:  # another file system, or one that cannot: copy it here
                kernel = False
                continue
        else:
            data = os.pread(source.fileno(), min(COPY_CHUNK, size - done), start + done)
            copied = os.pwrite(target.fileno(), data, at + done) if data else 0
        if not copied:
            raise OSError(f"{getattr(source, 'name', 'a file')} ends before byte {start + size}")
        done += copied
    target.seek(at + size)


def pin(source: Path, target: Path) -> None:
    """Make ``target`` the file ``source`` is now (a hard link, or a copy where links fail), so
    that it keeps those bytes whatever later replaces ``source``: files are replaced by renaming
    (:func:`write_atomically`), never rewritten in place. Nothing happens when ``target``
    exists (the caller names files by their content)."""
    if not target.exists():
        _link_or_copy_file(str(source), str(target))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _real(out_dir: Path) -> Path:
    """The output folder with symlinks followed: where its files really are."""
    return Path(os.path.realpath(out_dir))


def _fsync_path(path: Path) -> None:
    """Sync a file or a folder (its entries) to disk, by a descriptor of its own."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
