"""What a run is asked to do (:class:`RunSettings`), and what every file is parsed with (:class:`Job`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govtasks.clean.normalize import PhraseList


@dataclass(frozen=True)
class RunSettings:
    """What the user asked of a run (``govtasks ingest``'s arguments)."""

    raw_dir: Path  # the source files
    out_dir: Path  # the output folder
    phrase_file: Path | None = None  # names and phrases kept as written; None: the shipped list
    full: bool = False  # parse every file again instead of reusing the last run's results
    jobs: int | None = None  # worker processes; None: one per CPU; 1: this process, no workers
    force: bool = False  # write into a folder holding the user's files; let an empty RAW empty OUT


@dataclass(frozen=True)
class Job:
    """What every file of a run is parsed with, and where its result goes."""

    raw_dir: Path
    phrases: PhraseList
    phrase_id: str
    version: str
    folder: Path  # the run's parsed_folder: one JSON file per result, named by its cache key
