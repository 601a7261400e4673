"""The per-file stage: path -> decoded document -> format -> facts -> normalized rows.

:func:`process_file` is a pure function of the file's bytes, its sidecar and the phrase list,
so files can be processed in any order (or in parallel) with the same result. Rejected files
come back as :class:`Rejection` with a one-line reason and its code, files a format module
crashed on too (:func:`govtasks.formats.guarded`), and so is any other unexpected exception
(code ``crashed``): one file never ends the run.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govtasks import formats
from govtasks.clean.controls import has_controls, strip_controls
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
from govtasks.clean.units import (
    heads_printed_apart,
    lead_and_supporting,
    says_lead_first,
    split_unit_heads,
    units_in_tail,
)
from govtasks.errors import (
    FormatCrashed,
    MissingFacts,
    NoRows,
    NoTaskTable,
    RejectedFile,
    UnreadableFile,
)
from govtasks.formats.base import FormatModule, facts_from_file_name
from govtasks.formats.readings import Reading
from govtasks.models import CleanRow, ParsedFile, Rejection, ReportFacts, Script, SourceRow
from govtasks.read.document import Document, document_from_bytes, read_bytes
from govtasks.read.sidecar import apply_sidecar, read_sidecar
from govtasks.read.sources import source_name
from govtasks.tables.html import count_tables, page_task_table


@dataclass(frozen=True)
class Identified:
    """A document's format and facts, as detection or a sidecar decided them."""

    format: FormatModule
    score: float
    #: "detected", "sidecar", or for a close call "read: <winner> over <runner-up>: <why>"
    #: (see :func:`govtasks.formats.choose`).
    how: str
    facts: ReportFacts
    #: The rows the format read while a close call was settled (None: not read yet).
    rows: tuple[SourceRow, ...] | None = None
    #: A close call's readings, best first; empty when there was none.
    readings: tuple[Reading, ...] = ()


def identify(doc: Document, path: Path) -> Identified:
    """The format of ``doc`` (from its sidecar's ``format`` or detected, a close call settled by
    reading) and its facts, with the sidecar's overrides applied. Raises a ``RejectedFile``
    subclass when it cannot."""
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
        module = formats.by_name(str(settings["format"]))
        found = Identified(module, 1.0, "sidecar", ReportFacts())
    else:
        detection = formats.choose(doc)
        found = Identified(
            detection.format,
            detection.score,
            detection.chosen_by,
            ReportFacts(),
            detection.rows,
            detection.readings,
        )
    with formats.guarded(found.format, "facts"):
        facts = facts_from_file_name(found.format.facts(doc), path.name)
    return dataclasses.replace(found, facts=apply_sidecar(facts, settings, path.name))


def process_file(path: Path, raw_dir: Path, phrases: PhraseList) -> ParsedFile | Rejection:
    """Read, detect, parse and normalize one file; never raises for bad input."""
    return examine(path, raw_dir, phrases).outcome


@dataclass(frozen=True)
class Examined:
    """What the per-file stage made of a file: its format and facts when it got that far, and
    the parsed file or the rejection (what ``govtasks detect`` shows, what ingest keeps)."""

    identified: Identified | None  # None when the file was rejected before its format was known
    outcome: ParsedFile | Rejection
    document: Document | None = None  # None when the file was rejected before it was decoded


def examine(
    path: Path, raw_dir: Path, phrases: PhraseList, district: tuple[str, str] | None = None
) -> Examined:
    """:func:`process_file`, keeping the format and facts it found on the way.

    ``district``: a district and how it was found, for a file that does not tell its own (the
    batch step, :mod:`govtasks.run.series`): used, noted in ``inferred``, only when neither the
    file nor its sidecar gives one, as a sidecar's would be (in memory)."""
    name = source_name(path, raw_dir)
    sha256: str | None = None
    found: Identified | None = None
    doc: Document | None = None
    try:
        data = read_bytes(path)  # refused from its size, unread, when over the limit
        sha256 = hashlib.sha256(data).hexdigest()  # known even when the bytes are unusable
        doc = document_from_bytes(data, path)
        found = identify(doc, path)
        module, facts = found.format, found.facts
        if district is not None and facts.district is None:
            facts = facts.model_copy(
                update={"district": district[0], "inferred": {**facts.inferred, "district": district[1]}}
            )
        missing = [k for k in ("district", "year", "period") if getattr(facts, k) is None]
        if missing:
            found_instead = "; ".join(f"{k}: {facts.inferred[k]}" for k in missing if k in facts.inferred)
            raise MissingFacts(
                f"could not tell the {', '.join(missing)} of this report"
                + (f" ({found_instead})" if found_instead else "")
            )
        # A close call read the document already (formats.choose); else it is read here.
        source_rows = found.rows if found.rows is not None else formats.parse_rows(module, doc)
        if not source_rows:
            raise NoRows(f"format {module.NAME} recognised but no task rows found")
        if says_lead_first(doc.text):
            source_rows = tuple(_flagged(row, "lead_first") for row in source_rows)
        script: Script = "traditional" if is_traditional(doc.text, doc.chars) else "simplified"
        rows = _flag_control_lines(tuple(normalize_row(row, phrases) for row in source_rows), doc)
        if doc.places:  # an office file: where each row starts in it ("Sheet1!A7")
            rows = tuple(dataclasses.replace(row, source_ref=doc.places[row.source_line - 1]) for row in rows)
        facts = _simplified_facts(facts, phrases)
    except RejectedFile as exc:
        rejection = Rejection.of(name, sha256, exc)
        if isinstance(exc, MissingFacts) and found is not None and found.facts.index_no:
            # kept for the batch step, which looks for the file's series by it (run/series.py)
            publisher = strip_controls(found.facts.publisher) if found.facts.publisher else None
            rejection = dataclasses.replace(
                rejection, index_no=strip_controls(found.facts.index_no), publisher=publisher
            )
        return Examined(found, rejection, doc)
    except OSError as exc:
        return Examined(
            found, Rejection.of(name, sha256, UnreadableFile(f"cannot read file: {exc.strerror}")), doc
        )
    except Exception as exc:  # a bug in govtasks: it costs this file only
        return Examined(found, Rejection.of(name, sha256, FormatCrashed.unexpected(exc)), doc)
    warnings = tuple(f"{k} inferred: {v}" for k, v in sorted(facts.inferred.items())) + doc.notes
    if doc.cut_bytes:
        warnings += (
            f"the file ends inside a character ({doc.cut_bytes} bytes dropped): a cut-off download?",
        )
    n_controls = sum("control_chars" in row.flags for row in rows)
    if n_controls or doc.control_lines:
        where = sorted(doc.control_lines)
        lines = ", ".join(map(str, where[:5])) + (", …" if len(where) > 5 else "")
        warnings += (
            "control characters or escape sequences removed"
            + (f" from {_count(len(where), 'line')} ({lines})" if where else "")
            + f"; {_count(n_controls, 'row')} flagged control_chars",
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
        chosen_by=found.how,
    )
    return Examined(found, parsed, doc)


def _flagged(row: SourceRow, flag: str) -> SourceRow:
    """``row`` with ``flag`` added (once)."""
    if flag in row.flags:
        return row
    return row.model_copy(update={"flags": [*row.flags, flag]})


def _count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1.

    >>> _count(1, "row"), _count(2, "row")
    ('1 row', '2 rows')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _flag_control_lines(rows: tuple[CleanRow, ...], doc: Document) -> tuple[CleanRow, ...]:
    """``rows`` with ``control_chars`` added to each row that starts on or is the last to start
    before a line the reading removed control characters from (``doc.control_lines``): the
    rows do not say where they end, so a line after a row's end (a page footer after the
    last row) flags the row above it. Lines before the first row flag none."""
    if not doc.control_lines:
        return rows
    starts = sorted({row.source_line for row in rows})
    flagged = {starts[i] for line in doc.control_lines if (i := bisect.bisect_right(starts, line) - 1) >= 0}
    return tuple(
        dataclasses.replace(row, flags=(*row.flags, "control_chars"))
        if row.source_line in flagged and "control_chars" not in row.flags
        else row
        for row in rows
    )


def _simplified_facts(facts: ReportFacts, phrases: PhraseList) -> ReportFacts:
    """Title and publisher in simplified script, like every other text of the output, and
    without control characters (see :func:`without_controls`)."""
    update = {
        key: to_simplified(strip_controls(value), phrases)
        for key in ("title", "publisher")
        if (value := getattr(facts, key)) is not None
    }
    if facts.index_no is not None:
        update["index_no"] = strip_controls(facts.index_no)
    return facts.model_copy(update=update)


#: The extra cell that keeps the names of units' heads printed in a unit cell when the row has
#: leaders of its own: 主要负责人 "main person in charge" (see :func:`normalize_row`).
UNIT_HEADS = "主要负责人"

_TEXT_FIELDS = ("seq", "category_no", "category", "content", "progress", "problems", "next_steps")
_LIST_FIELDS = ("lead_units", "lead_leaders", "supporting_units")


def without_controls(row: SourceRow) -> SourceRow:
    """``row`` with escape sequences and control characters removed from every cell (see
    :mod:`govtasks.clean.controls`) and flagged ``control_chars``; ``row`` itself when it holds
    none. They come from anywhere in a file (a NUL past the binary check's sample, an ESC
    sequence) or from a page's entities (``&#27;``), and must not reach the tables."""
    update: dict[str, object] = {}
    for key in _TEXT_FIELDS:
        value = getattr(row, key)
        if value and has_controls(value):
            update[key] = strip_controls(value)
    for key in _LIST_FIELDS:
        entries: list[str] = getattr(row, key)
        if any(has_controls(entry) for entry in entries):
            update[key] = [cleaned for entry in entries if (cleaned := strip_controls(entry).strip())]
    if any(has_controls(header) or has_controls(value) for header, value in row.extra.items()):
        update["extra"] = {
            strip_controls(header): strip_controls(value) for header, value in row.extra.items()
        }
    if not update:
        return row
    if "content" in update and not str(update["content"]).strip():
        update["content"] = "?"  # a cell of control characters only: the row is kept, flagged
    return row.model_copy(update=update | {"flags": [*row.flags, "control_chars"]})


#: The unit and leader cells of a table repeat from row to row (one bureau leads many tasks):
#: their reading is kept for the next row that prints the same cells.
_LIST_CACHE = 4096


@lru_cache(maxsize=_LIST_CACHE)
def _row_lists(
    lead_entries: tuple[str, ...],
    supporting_entries: tuple[str, ...],
    leader_entries: tuple[str, ...],
    lead_first: bool,
    phrases: PhraseList,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A row's lead units, supporting units, leaders, the flags their cleaning raised (supporting
    units', lead units', then leaders'), and the extra cell of the units' heads, if any."""
    units: list[str] = []
    leaders: list[str] = []
    supporting: list[str] = []
    flags: list[str] = []
    if supporting_entries:
        supporting, supporting_flags = clean_units(supporting_entries, phrases)
        flags += supporting_flags
    if lead_entries:
        units, unit_flags = clean_units(lead_entries, phrases)
        flags += unit_flags
    if units or supporting:
        # lead marks (▲…), role words ("…牵头", "…配合") and the page's lead-first note decide
        # over the columns
        units, supporting = lead_and_supporting(units, supporting, lead_first)
    if leader_entries:
        leaders, leader_flags = clean_leaders(leader_entries, phrases)
        flags += leader_flags
    # a unit's head printed in its cell ("市民政局 伍泽国") is no part of the unit's name: the
    # row's leader when the row names none, else kept apart (a leader column names the
    # government leaders; a bureau's head is not one of them)
    apart = heads_printed_apart((*lead_entries, *supporting_entries))
    units, lead_heads = split_unit_heads(units, apart) if apart else (units, [])
    supporting, supporting_heads = split_unit_heads(supporting, apart) if apart else (supporting, [])
    heads = list(dict.fromkeys(lead_heads + supporting_heads))
    head_cell: tuple[tuple[str, str], ...] = ()
    if heads and not leaders:
        leaders = heads
    elif heads:
        head_cell = ((UNIT_HEADS, "、".join(heads)),)
    return tuple(units), tuple(supporting), tuple(leaders), tuple(flags), head_cell


def normalize_row(row: SourceRow, phrases: PhraseList) -> CleanRow:
    """Apply the normalize stage to every field of one parsed row."""
    row = without_controls(row)
    # Run once per row of every file: empty fields skip the cleaners, and the flags are
    # gathered in one fixed order (the row's, content, supporting units, units, leaders, then
    # category, progress, problems, next steps and extra cells).
    content = clean_content(row.content, phrases)
    flags: list[str] = [*row.flags, *content.flags]
    content_text = content.text
    lead_entries, supporting_entries, leader_entries = row.lead_units, row.supporting_units, row.lead_leaders
    if not lead_entries and not supporting_entries:
        # no unit column (or an empty cell): a labelled tail of the task text names the units
        # ("…。(牵头单位:市财政局)"); a row's own unit column keeps priority over it
        tail = units_in_tail(content_text)
        if tail is not None:
            content_text = tail.content
            lead_entries, supporting_entries = tail.lead, tail.supporting
            leader_entries = leader_entries or tail.leaders
    units, supporting, leaders, list_flags, head_cell = _row_lists(
        tuple(lead_entries),
        tuple(supporting_entries),
        tuple(leader_entries),
        "lead_first" in row.flags,
        phrases,
    )
    flags += list_flags

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
    extra += head_cell
    seq = row.seq.strip() if row.seq else None
    return CleanRow(
        source_line=row.source_line,
        seq=seq or None,
        category_no=row.category_no.strip() if row.category_no else None,
        category=category,
        content=content_text,
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
