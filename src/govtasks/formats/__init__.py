"""The registry of formats (one module per source layout), and how one is chosen for a document.

Adding a format: write ``formats/<name>.py`` with the surface described in
:mod:`govtasks.formats.base`, add a fixture and tests, and add one line to ``FORMATS``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from pydantic import ValidationError

from govtasks.clean.folding import fold_script
from govtasks.errors import (
    AmbiguousFormat,
    FormatCrashed,
    NoRows,
    NoTaskTable,
    RejectedFile,
    UnknownFormat,
)
from govtasks.formats import (
    generic,
    gongshu_quarterly,
    xiaoshan_grid,
    xiaoshan_halfyear,
    yuhang_halfyear,
    yuhang_plan,
)
from govtasks.formats.base import FormatModule
from govtasks.formats.readings import Reading, rank, why
from govtasks.models import READ_BY, SourceRow
from govtasks.read.document import Document
from govtasks.tables.columns import TABLE_WORDS
from govtasks.tables.label_list import is_label_line

#: Every format govtasks reads, in the order ``govtasks detect`` lists them.
FORMATS: tuple[FormatModule, ...] = (
    xiaoshan_halfyear,  # 000: 萧山区 half-year, one cell per paragraph
    xiaoshan_grid,  # 001: 萧山区发改局 quarterly, cells glued on one line
    gongshu_quarterly,  # 002: 拱墅区 quarterly, one cell per paragraph, page printed twice
    yuhang_halfyear,  # 003: 余杭区 half-year, traditional script with pinyin, pipes
    yuhang_plan,  # 004: 余杭区 task assignment list (the plan), notice letter + pipes
    generic,  # any pipe table with known column headers; scores below the dedicated modules
)

#: A format must score at least this to be chosen.
MIN_SCORE = 0.5
#: Formats scoring within this of the best are a close call, settled by reading the document
#: with each (:func:`choose`).
TIE_MARGIN = 0.15


@dataclass(frozen=True)
class Detection:
    format: FormatModule
    score: float
    #: The score of every format that was asked: all of them with ``every_score``, else those
    #: whose ``MAX_SCORE`` could still change the verdict.
    scores: dict[str, float]
    #: How the format was chosen: "detected" (the best score, clear of the others), or, for a
    #: close call, "read: <winner> over <runner-up>: <why>".
    chosen_by: str = "detected"
    #: A close call's readings, best first (the first is the chosen format's); empty otherwise.
    readings: tuple[Reading, ...] = ()

    @property
    def rows(self) -> tuple[SourceRow, ...] | None:
        """The rows the chosen format read while settling a close call (None: not read yet)."""
        return self.readings[0].rows if self.readings else None

    @property
    def runner_up(self) -> str | None:
        """The format that came second in a close call."""
        return self.readings[1].name if len(self.readings) > 1 else None


def by_name(name: str) -> FormatModule:
    """The registered format called ``name``."""
    for module in FORMATS:
        if name == module.NAME:
            return module
    known = ", ".join(m.NAME for m in FORMATS)
    raise UnknownFormat(f"no format named {name!r} (known: {known})")


@contextmanager
def guarded(module: FormatModule, stage: str) -> Iterator[None]:
    """Calls into ``module`` (its function ``stage``: detect, parse, facts or explain) whose crash
    rejects the document at hand, not the run: any exception but a rejection becomes
    :class:`~govtasks.errors.FormatCrashed`, naming the module, the function and the error.

    As pygments' ``make_analysator`` guards each lexer's ``analyse_text``, except that the file
    is rejected instead of scored 0: a silent 0 could hand the file to another format.
    """
    try:
        yield
    except RejectedFile:
        raise
    except Exception as exc:
        raise FormatCrashed.of(module.NAME, stage, exc) from exc


def score(module: FormatModule, doc: Document) -> float:
    """``module.detect(doc)``, clamped to 0..1; a crash in it (or a score that is no number)
    rejects ``doc`` (see :func:`guarded`)."""
    with guarded(module, "detect"):
        value = float(module.detect(doc))
        if math.isnan(value):
            raise ValueError("detect returned NaN")
    return max(0.0, min(1.0, value))


_LABEL_LINE = re.compile(rf"^(?:{'|'.join(TABLE_WORDS)})[:：]")


def looks_like_a_table(doc: Document) -> bool:
    """Whether ``doc`` holds something table-shaped at all: several pipe- or tab-separated lines,
    or two column headers within a few lines (as one line, or one header per paragraph), or
    label lines ("责任单位:…") under numbered items.

    Tells an unknown table layout (worth a new format module) from a document with no task
    table (a narrative report), which get different reasons and hints.
    """
    if sum("|" in line for line in doc.lines) >= 3 or sum(line.count("\t") >= 2 for line in doc.lines) >= 3:
        return True
    short = [fold_script(text).replace(" ", "") for _, text in doc.paragraphs()]
    # A list of numbered items, each with label lines such as "责任单位:区发改局".
    if sum(_LABEL_LINE.match(text) is not None or is_label_line(text) for text in short) >= 3:
        return True
    for start in range(len(short)):
        window = " ".join(t for t in short[start : start + 6] if len(t) <= 80)
        if sum(word in window for word in TABLE_WORDS) >= 2:
            return True
    return False


def parse_rows(module: FormatModule, doc: Document) -> tuple[SourceRow, ...]:
    """Every row ``module`` reads in ``doc``, guarded (:func:`guarded`: a crash rejects the
    document); a row the model refuses rejects it as :class:`~govtasks.errors.NoRows`."""
    with guarded(module, "parse"):
        try:
            return tuple(module.parse(doc))
        except ValidationError as exc:
            raise NoRows(f"parser produced an invalid row: {exc.errors()[0]['msg']}") from exc


def read_with(module: FormatModule, score: float, doc: Document) -> Reading:
    """What ``module`` (scoring ``score``) reads in ``doc``, for a close call: a rejection while
    parsing (a crash included) is a reading with no rows that says why."""
    order = FORMATS.index(module)
    try:
        rows = parse_rows(module, doc)
    except RejectedFile as exc:
        return Reading(module.NAME, score, order, failed=exc.reason, crashed=isinstance(exc, FormatCrashed))
    return Reading.of(module.NAME, score, order, rows, doc.paragraphs())


def settle(doc: Document, candidates: Sequence[tuple[FormatModule, float]]) -> list[Reading]:
    """The readings of ``doc`` by each of ``candidates`` (a format and its score), best first
    (:func:`govtasks.formats.readings.rank`): how :func:`choose` settles a close call."""
    return rank(read_with(module, value, doc) for module, value in candidates)


#: How a rejection names an office file, by its type.
_OFFICE_KINDS = {
    "xlsx": "Excel workbook (.xlsx)",
    "xls": "Excel workbook (.xls)",
    "docx": "Word document (.docx)",
    "pdf": "PDF",
}


def _tables(doc: Document) -> str:
    """How many tables an office file holds, in its own terms ("2 sheets with a table")."""
    n = len(doc.tables)
    if doc.kind == "workbook":
        return f"{n} sheet{'s' if n != 1 else ''} with a table"
    return f"{n} table{'s' if n != 1 else ''}"


def choose(doc: Document, *, every_score: bool = False) -> Detection:
    """Pick the format of ``doc`` from its text.

    The rule, written down: the best score must be at least ``MIN_SCORE``. Every format scoring
    at least ``MIN_SCORE`` and within ``TIE_MARGIN`` of the best is a candidate; one candidate
    wins outright (``chosen_by`` "detected"), and the document is not parsed here. Several are a
    close call, settled by reading: each parses the document (guarded: a crash or a rejection is
    a reading with no rows) and the best reading wins by :func:`govtasks.formats.readings.rank`
    (more complete rows, fewer paragraphs left over in the table region, every row with
    content, the higher score, registry order). When no reading gives a complete row, the
    document is rejected as ``AmbiguousFormat``, naming each candidate and what it gave (as
    ``FormatCrashed`` when a reading crashed: a bug is reported as one).

    Formats are asked in registry order, and one whose ``MAX_SCORE`` is ``TIE_MARGIN`` or more
    below the best score so far is not asked: it could neither win nor be a candidate, so the
    verdict is the one asking every format gives (the generic reader, whose ``detect`` reads the
    whole table, is skipped wherever a dedicated module recognises its layout). ``every_score``
    asks them all, for diagnostics and tests. A module whose ``detect`` crashes rejects ``doc``
    (:func:`score`).
    """
    scores: dict[str, float] = {}
    for module in FORMATS:
        if not every_score and scores and max(scores.values()) - module.MAX_SCORE >= TIE_MARGIN:
            continue
        if doc.kind not in module.SOURCE_KINDS:
            scores[module.NAME] = 0.0  # not asked: it does not read this kind of source
            continue
        scores[module.NAME] = score(module, doc)
    asked = [m for m in FORMATS if m.NAME in scores]
    ranked = sorted(asked, key=lambda m: -scores[m.NAME])  # stable: registry order among equals
    best = ranked[0]
    best_score = scores[best.NAME]
    if best_score < MIN_SCORE:
        if doc.tables:  # an office file's tables: none has task columns
            raise NoTaskTable(
                f"{_OFFICE_KINDS.get(doc.encoding, doc.encoding)} with {_tables(doc)}, none with task "
                "columns (序号, 任务内容, 牵头单位, 进展情况 …)"
            )
        if not looks_like_a_table(doc):
            raise NoTaskTable(
                "no task table: no column headers (序号, 进展情况, 牵头单位 …) and no table rows; "
                "reads as a narrative report"
            )
        raise UnknownFormat(f"matches no known table layout (best: {best.NAME} at {best_score:.2f})")
    candidates = [
        m for m in ranked if scores[m.NAME] >= MIN_SCORE and best_score - scores[m.NAME] < TIE_MARGIN
    ]
    if len(candidates) == 1:
        return Detection(format=best, score=best_score, scores=scores)
    readings = settle(doc, [(m, scores[m.NAME]) for m in candidates])
    winner, runner_up = readings[0], readings[1]
    if winner.complete == 0:
        crash = next((r for r in readings if r.crashed), None)
        if crash is not None:  # a bug in a layout module: rejected as one, not as a close call
            raise FormatCrashed(crash.failed or "")
        named = ", ".join(f"{r.name} ({r.score:.2f})" for r in readings)
        gave = "; ".join(f"{r.name}: {r.gave()}" for r in readings)
        raise AmbiguousFormat(
            f"formats {named} match almost equally and no reading gives a complete row ({gave})"
        )
    return Detection(
        format=by_name(winner.name),
        score=winner.score,
        scores=scores,
        chosen_by=f"{READ_BY}{winner.name} over {runner_up.name}: {why(winner, runner_up)}",
        readings=tuple(readings),
    )


@dataclass(frozen=True)
class Explained:
    """One layout's verdict on a document, for ``govtasks detect --explain``."""

    name: str
    score: float | None  # None: not asked (the layout does not read this kind of source)
    evidence: tuple[str, ...]  # the module's explain(doc), or why it was not asked


def explain(doc: Document) -> list[Explained]:
    """Every layout's score of ``doc`` and the evidence it weighed, in registry order; a crash
    in ``detect`` or ``explain`` rejects ``doc`` (:func:`guarded`)."""
    found: list[Explained] = []
    for module in FORMATS:
        if doc.kind not in module.SOURCE_KINDS:
            kinds = " or ".join(module.SOURCE_KINDS)
            found.append(
                Explained(module.NAME, None, (f"not asked: it reads {kinds} sources, not a {doc.kind}",))
            )
            continue
        value = score(module, doc)
        with guarded(module, "explain"):
            lines = tuple(str(line) for line in module.explain(doc))
        found.append(Explained(module.NAME, value, lines))
    return found


def decision(scores: dict[str, float], chosen_by: str, readings: Sequence[Reading]) -> list[str]:
    """How the format was chosen, in a few lines: the best score clear of the others, a sidecar,
    or a close call's readings and the rule that settled it.

    >>> decision({"a": 0.9, "b": 0.6}, "detected", [])
    ['a scores 0.90, more than 0.15 above the next (b 0.60): chosen without reading']
    """
    if chosen_by == "sidecar":
        return ['the sidecar\'s format = "…" names the layout: no detection']
    if not readings:
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        best, runner = ranked[0], ranked[1] if len(ranked) > 1 else None
        after = f" ({runner[0]} {runner[1]:.2f})" if runner else ""
        return [
            f"{best[0]} scores {best[1]:.2f}, more than {TIE_MARGIN:.2f} above the next{after}: "
            "chosen without reading"
        ]
    named = ", ".join(f"{r.name} ({r.score:.2f})" for r in readings)
    lines = [f"close call within {TIE_MARGIN:.2f} of the best: {named}; each read the document"]
    lines += [f"  {r.name}: {r.gave()}" for r in readings]
    lines.append(chosen_by)
    return lines
