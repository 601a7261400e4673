"""The per-file stage: path -> decoded document -> format -> facts -> normalized rows.

:func:`process_file` is a pure function of the file's bytes, its sidecar and the phrase list,
so files can be processed in any order (or in parallel) with the same result. Rejected files
come back as :class:`Rejection` with a one-line reason and its code, files a format module
crashed on too (:func:`govtasks.formats.guarded`); only a bug elsewhere is raised past this
module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from govtasks import formats
from govtasks.clean.normalize import (
    PhraseList,
    clean_content,
    clean_leaders,
    clean_text,
    clean_units,
    converter_info,
    is_traditional,
    phrase_list_id,
    to_simplified,
)
from govtasks.errors import MissingFacts, NoRows, NoTaskTable, RejectedFile, UnreadableFile
from govtasks.formats.base import FormatModule
from govtasks.models import CleanRow, ParsedFile, Rejection, ReportFacts, Script, SourceRow
from govtasks.read.document import Document, document_from_bytes
from govtasks.read.sidecar import apply_sidecar, read_sidecar
from govtasks.tables.html import count_tables, page_task_table


@dataclass(frozen=True)
class Identified:
    """A document's format and facts, as detection or a sidecar decided them."""

    format: FormatModule
    score: float
    how: str  # "detected" or "sidecar"
    facts: ReportFacts


def identify(doc: Document, path: Path) -> Identified:
    """The format of ``doc`` (from its sidecar's ``format`` or detected) and its facts, with
    the sidecar's overrides applied. Raises a ``RejectedFile`` subclass when it cannot."""
    if doc.kind == "page" and page_task_table(doc.text) is None:
        tables = count_tables(doc.text)
        if not tables:
            raise NoTaskTable("saved web page (HTML) without a table")
        raise NoTaskTable(
            f"saved web page (HTML) with {tables} table(s), none with task columns "
            "(序号, 任务内容, 牵头单位, 进展情况 …)"
        )
    settings = read_sidecar(path)
    if "format" in settings:
        module, score, how = formats.by_name(str(settings["format"])), 1.0, "sidecar"
    else:
        detection = formats.choose(doc)
        module, score, how = detection.format, detection.score, "detected"
    with formats.guarded(module, "facts"):
        facts = module.facts(doc)
    return Identified(module, score, how, apply_sidecar(facts, settings, path.name))


def process_file(path: Path, raw_dir: Path, phrases: PhraseList) -> ParsedFile | Rejection:
    """Read, detect, parse and normalize one file; never raises for bad input."""
    return examine(path, raw_dir, phrases).outcome


@dataclass(frozen=True)
class Examined:
    """What the per-file stage made of a file: its format and facts when it got that far, and
    the parsed file or the rejection (what ``govtasks detect`` shows, what ingest keeps)."""

    identified: Identified | None  # None when the file was rejected before its format was known
    outcome: ParsedFile | Rejection


def examine(path: Path, raw_dir: Path, phrases: PhraseList) -> Examined:
    """:func:`process_file`, keeping the format and facts it found on the way."""
    name = path.relative_to(raw_dir).as_posix()
    sha256: str | None = None
    found: Identified | None = None
    try:
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()  # known even when the bytes are unusable
        doc = document_from_bytes(data, path)
        found = identify(doc, path)
        module, facts = found.format, found.facts
        missing = [k for k in ("district", "year", "period") if getattr(facts, k) is None]
        if missing:
            raise MissingFacts(f"could not tell the {', '.join(missing)} of this report")
        with formats.guarded(module, "parse"):
            source_rows = list(_validated(module.parse(doc)))
        if not source_rows:
            raise NoRows(f"format {module.NAME} recognised but no task rows found")
        script: Script = "traditional" if is_traditional(doc.text, doc.chars) else "simplified"
        rows = tuple(normalize_row(row, phrases) for row in source_rows)
        facts = _simplified_facts(facts, phrases)
    except RejectedFile as exc:
        return Examined(found, Rejection.of(name, sha256, exc))
    except OSError as exc:
        return Examined(
            found, Rejection.of(name, sha256, UnreadableFile(f"cannot read file: {exc.strerror}"))
        )
    warnings = tuple(f"{k} inferred: {v}" for k, v in sorted(facts.inferred.items()))
    if doc.cut_bytes:
        warnings += (
            f"the file ends inside a character ({doc.cut_bytes} bytes dropped): a cut-off download?",
        )
    if "truncated" in rows[-1].flags:
        warnings += (
            f"the file ends inside the row at line {rows[-1].source_line} (flagged truncated); "
            "the rows before it are complete",
        )
    parsed = ParsedFile(
        name,
        doc.sha256,
        module.NAME,
        found.score,
        facts,
        script,
        rows,
        warnings,
        converter=converter_info(),
        phrase_list=phrase_list_id(phrases),
    )
    return Examined(found, parsed)


def _simplified_facts(facts: ReportFacts, phrases: PhraseList) -> ReportFacts:
    """Title and publisher in simplified script, like every other text of the output."""
    update = {
        key: to_simplified(value, phrases)
        for key in ("title", "publisher")
        if (value := getattr(facts, key)) is not None
    }
    return facts.model_copy(update=update)


def _validated(rows: Iterator[SourceRow]) -> Iterator[SourceRow]:
    try:
        yield from rows
    except ValidationError as exc:
        raise NoRows(f"parser produced an invalid row: {exc.errors()[0]['msg']}") from exc


def normalize_row(row: SourceRow, phrases: PhraseList) -> CleanRow:
    """Apply the normalize stage to every field of one parsed row."""
    # Run once per row of every file: empty fields skip the cleaners, and the flags are
    # gathered in one fixed order (the row's, content, supporting units, units, leaders, then
    # category, progress, problems, next steps and extra cells).
    content = clean_content(row.content, phrases)
    flags: list[str] = [*row.flags, *content.flags]
    units: list[str] = []
    leaders: list[str] = []
    supporting: list[str] = []
    if row.supporting_units:
        supporting, supporting_flags = clean_units(row.supporting_units, phrases)
        flags += supporting_flags
    if row.lead_units:
        units, unit_flags = clean_units(row.lead_units, phrases)
        flags += unit_flags
    if row.lead_leaders:
        leaders, leader_flags = clean_leaders(row.lead_leaders, phrases)
        flags += leader_flags

    def text(value: str | None) -> str | None:
        if value is None:
            return None
        cleaned = clean_text(value, phrases)
        if cleaned.flags:
            flags.extend(cleaned.flags)
        return cleaned.text or None

    category = text(row.category)
    progress = text(row.progress)
    problems = text(row.problems)
    next_steps = text(row.next_steps)
    extra = tuple((text(header) or header, text(value) or "") for header, value in row.extra.items())
    seq = row.seq.strip() if row.seq else None
    return CleanRow(
        source_line=row.source_line,
        seq=seq or None,
        category_no=row.category_no.strip() if row.category_no else None,
        category=category,
        content=content.text,
        lead_units=tuple(units),
        lead_leaders=tuple(leaders),
        progress=progress,
        problems=problems,
        next_steps=next_steps,
        supporting_units=tuple(supporting),
        extra=extra,
        period=row.period,
        flags=tuple(dict.fromkeys(flags)) if flags else (),  # unique, in first-seen order
    )
