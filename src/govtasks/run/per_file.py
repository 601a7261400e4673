"""The per-file stage: path -> decoded document -> layout -> facts -> normalized rows.

:func:`process_file` is a pure function of the file's bytes, its sidecar and the phrase list,
so files can be processed in any order (or in parallel) with the same result. Rejected files
come back as :class:`Rejection` with a one-line reason; nothing is raised past this module.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import operator
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
from govtasks.errors import GovtasksError, MissingFacts, NoRows, NoTaskTable
from govtasks.formats.base import FormatModule
from govtasks.models import ReportFacts, Script, SourceRow
from govtasks.read.document import Document, document_from_bytes, fold_spaces, split_lines
from govtasks.read.sidecar import apply_sidecar, read_sidecar
from govtasks.tables.html import count_tables, decode_page, looks_like_html, page_task_table


@dataclass(frozen=True)
class CleanRow:
    """A task row after normalization, before it is given ids."""

    source_line: int
    seq: str | None
    category_no: str | None
    category: str | None
    content: str
    lead_units: tuple[str, ...]
    lead_leaders: tuple[str, ...]
    progress: str | None
    problems: str | None
    next_steps: str | None
    flags: tuple[str, ...]
    supporting_units: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # (header, text) in column order
    period: str | None = None  # the period of ``progress`` in a quarterly table; None: the report's

    def same_statement(self) -> tuple[object, ...]:
        """Everything but the line: two rows equal here are one row printed twice."""
        return (
            self.seq,
            self.category_no,
            self.category,
            self.content,
            self.lead_units,
            self.lead_leaders,
            self.progress,
            self.problems,
            self.next_steps,
            self.supporting_units,
            self.extra,
            self.period,
        )


@dataclass(frozen=True)
class ParsedFile:
    source_file: str
    sha256: str
    format: str
    score: float
    facts: ReportFacts
    script: Script
    rows: tuple[CleanRow, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    converter: str = ""
    phrase_list: str = ""


@dataclass(frozen=True)
class Rejection:
    source_file: str
    sha256: str | None
    reason: str
    hint: str
    line: int | None = None

    @property
    def location(self) -> str:
        """The file, and the line when one is known: "report.txt (line 12)"."""
        return f"{self.source_file} (line {self.line})" if self.line else self.source_file


@dataclass(frozen=True)
class Identified:
    """A document's layout and facts, as detection or a sidecar decided them."""

    format: FormatModule
    score: float
    how: str  # "detected" or "sidecar"
    facts: ReportFacts


def identify(doc: Document, path: Path) -> Identified:
    """The layout of ``doc`` (from its sidecar's ``format`` or detected) and its facts, with
    the sidecar's overrides applied. Raises a ``RejectedFile`` subclass when it cannot."""
    if looks_like_html(doc.text) and page_task_table(doc.text) is None:
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
    return Identified(module, score, how, apply_sidecar(module.facts(doc), settings, path.name))


def process_file(path: Path, raw_dir: Path, phrases: PhraseList) -> ParsedFile | Rejection:
    """Read, detect, parse and normalize one file; never raises for bad input."""
    name = path.relative_to(raw_dir).as_posix()
    sha256: str | None = None
    try:
        data = path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()  # known even when the bytes are unusable
        doc = document_from_bytes(data, path)
        if looks_like_html(doc.text):
            doc = as_page(doc, data)
        found = identify(doc, path)
        module, facts = found.format, found.facts
        missing = [k for k in ("district", "year", "period") if getattr(facts, k) is None]
        if missing:
            raise MissingFacts(f"could not tell the {', '.join(missing)} of this report")
        source_rows = list(_validated(module.parse(doc)))
        if not source_rows:
            raise NoRows(f"layout {module.NAME} recognised but no task rows found")
        script: Script = "traditional" if is_traditional(doc.text, doc.chars) else "simplified"
        rows = tuple(normalize_row(row, phrases) for row in source_rows)
        facts = _simplified_facts(facts, phrases)
    except GovtasksError as exc:
        return Rejection(name, sha256, exc.reason, exc.hint, exc.line)
    except OSError as exc:
        return Rejection(name, sha256, f"cannot read file: {exc.strerror}", "Check the file's permissions.")
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
    return ParsedFile(
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


# --- cached results (see govtasks.run.manifest) ----------------------------------------------------
#
# A cache file is two lines of JSON: the head (the result without its rows, their number, and
# the length and CRC-32 of the body) and the body (the rows, each the list of CleanRow's fields
# in order: shorter and quicker to read than one object per row). A run keeps only the heads
# while it parses and reads each file's body back when the file's rows are linked
# (govtasks.run.ingest). Cache files are renamed into place but not synced (one lost is only parsed
# again), so a file cut short or zero-filled by a crash must be caught: the body's length and
# CRC-32 are checked on every read, and a file failing the check raises ValueError.


def result_to_json(result: ParsedFile | Rejection) -> bytes:
    """A per-file result as the bytes of its cache file, for incremental runs (see above)."""
    if isinstance(result, Rejection):
        head: dict[str, object] = {"kind": "rejected", **dataclasses.asdict(result)}
        body = b"[]"
    else:
        fields = (f.name for f in dataclasses.fields(result) if f.name not in ("facts", "rows"))
        head = {
            "kind": "parsed",
            **{name: getattr(result, name) for name in fields},
            "facts": result.facts.model_dump(mode="json"),
            "n_rows": len(result.rows),
        }
        # Field by field (attrgetter), not dataclasses.astuple, which deep-copies every value.
        body = json.dumps([_ROW_VALUES(row) for row in result.rows], ensure_ascii=False).encode("utf-8")
    head["body"] = [len(body), zlib.crc32(body)]
    return json.dumps(head, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" + body


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(CleanRow))
_ROW_VALUES = operator.attrgetter(*_ROW_FIELDS)
#: Fields of CleanRow holding tuples (JSON gives lists), and the one holding (header, text) pairs.
_TUPLE_FIELDS = tuple(
    i for i, f in enumerate(dataclasses.fields(CleanRow)) if str(f.type).startswith("tuple[")
)
_PAIRS_FIELD = _ROW_FIELDS.index("extra")


def result_from_json(data: bytes, source_file: str) -> ParsedFile | Rejection:
    """The result :func:`result_to_json` stored, for the file now at ``source_file``; raises
    ValueError when ``data`` is not a whole cache file."""
    result, _ = head_from_json(data, source_file)
    if isinstance(result, Rejection):
        return result
    return dataclasses.replace(result, rows=rows_from_json(data))


def head_from_json(data: bytes, source_file: str) -> tuple[ParsedFile | Rejection, int]:
    """The result stored in a cache file without its rows (``rows`` left empty), and how many
    rows it has; raises ValueError when ``data`` is not a whole cache file."""
    head, _ = _split(data)
    try:
        kind = head.pop("kind")
        del head["body"]
        head["source_file"] = source_file
        if kind == "rejected":
            return Rejection(**head), 0
        if kind != "parsed":
            raise ValueError(f"unknown kind of result {kind!r}")
        n_rows = int(head.pop("n_rows"))
        facts = ReportFacts.model_validate(head.pop("facts"))
        parsed = ParsedFile(**{**head, "rows": (), "facts": facts, "warnings": tuple(head["warnings"])})
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a cache file: {exc!r}") from exc
    return parsed, n_rows


def rows_from_json(data: bytes) -> tuple[CleanRow, ...]:
    """The rows stored in a cache file; raises ValueError when ``data`` is not a whole cache file."""
    head, body = _split(data)
    try:
        rows = tuple(_row(values) for values in json.loads(body))
    except (TypeError, IndexError, AttributeError) as exc:
        raise ValueError(f"not a cache file: {exc!r}") from exc
    if len(rows) != head.get("n_rows", 0):
        raise ValueError(f"the cache file holds {len(rows)} rows, its head says {head.get('n_rows')}")
    return rows


def _split(data: bytes) -> tuple[dict[str, Any], bytes]:
    """A cache file's head, parsed, and its body, checked against the head's length and CRC."""
    line, newline, body = data.partition(b"\n")
    head = json.loads(line)
    if not newline or not isinstance(head, dict) or head.get("body") != [len(body), zlib.crc32(body)]:
        raise ValueError("cache file cut short or damaged")
    return head, body


def _row(values: list[Any]) -> CleanRow:
    """A row from the list of its fields (JSON gives lists where CleanRow holds tuples)."""
    for i in _TUPLE_FIELDS:
        values[i] = tuple(values[i])
    values[_PAIRS_FIELD] = tuple(map(tuple, values[_PAIRS_FIELD]))
    return CleanRow(*values)


def as_page(doc: Document, data: bytes) -> Document:
    """A saved page decoded the way the page says (its ``<meta charset>``), not only by sniffing."""
    text, encoding = decode_page(data)
    if encoding == doc.encoding and not doc.cut_bytes:
        # The same strict codec on the same bytes: the text, and so the lines, are the ones
        # already built (splitting and folding them again cost as much as the decoding).
        return doc
    lines = tuple(line.rstrip() for line in split_lines(fold_spaces(text)))
    return dataclasses.replace(doc, encoding=encoding, lines=lines, _text="\n".join(lines))


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
