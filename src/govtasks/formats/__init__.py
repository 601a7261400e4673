"""The registry of formats (one module per source layout), and how one is chosen for a document.

Adding a format: write ``formats/<name>.py`` with the surface described in
:mod:`govtasks.formats.base`, add a fixture and tests, and add one line to ``FORMATS``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from govtasks.clean.folding import fold_script
from govtasks.errors import AmbiguousFormat, FormatCrashed, NoTaskTable, RejectedFile, UnknownFormat
from govtasks.formats import (
    generic,
    gongshu_quarterly,
    xiaoshan_grid,
    xiaoshan_halfyear,
    yuhang_halfyear,
    yuhang_plan,
)
from govtasks.formats.base import FormatModule
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
#: Two formats whose scores differ by less than this are a tie, reported as an error.
TIE_MARGIN = 0.15


@dataclass(frozen=True)
class Detection:
    format: FormatModule
    score: float
    #: The score of every format that was asked: all of them with ``every_score``, else those
    #: whose ``MAX_SCORE`` could still change the verdict.
    scores: dict[str, float]


def by_name(name: str) -> FormatModule:
    """The registered format called ``name``."""
    for module in FORMATS:
        if name == module.NAME:
            return module
    known = ", ".join(m.NAME for m in FORMATS)
    raise UnknownFormat(f"no format named {name!r} (known: {known})")


@contextmanager
def guarded(module: FormatModule, stage: str) -> Iterator[None]:
    """Calls into ``module`` (its function ``stage``: detect, parse or facts) whose crash
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


def choose(doc: Document, *, every_score: bool = False) -> Detection:
    """Pick the format of ``doc`` from its text.

    Tie-break, written down: the highest score wins if it is at least ``MIN_SCORE`` and beats
    the runner-up by ``TIE_MARGIN`` or more. A closer race is not settled silently: it raises
    ``AmbiguousFormat`` naming both, and a sidecar ``format = "..."`` decides.

    Formats are asked in registry order, and one whose ``MAX_SCORE`` is ``TIE_MARGIN`` or more
    below the best score so far is not asked: it could neither win nor tie, so the verdict is
    the one asking every format gives (the generic reader, whose ``detect`` reads the whole
    table, is skipped wherever a dedicated module recognises its layout). ``every_score``
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
    ranked = sorted(asked, key=lambda m: -scores[m.NAME])
    best = ranked[0]
    best_score = scores[best.NAME]
    if best_score < MIN_SCORE:
        if not looks_like_a_table(doc):
            raise NoTaskTable(
                "no task table: no column headers (序号, 进展情况, 牵头单位 …) and no table rows; "
                "reads as a narrative report"
            )
        raise UnknownFormat(f"matches no known table layout (best: {best.NAME} at {best_score:.2f})")
    if len(ranked) > 1:
        second = ranked[1]
        if best_score - scores[second.NAME] < TIE_MARGIN:
            raise AmbiguousFormat(
                f"formats {best.NAME} ({best_score:.2f}) and {second.NAME} "
                f"({scores[second.NAME]:.2f}) match almost equally"
            )
    return Detection(format=best, score=best_score, scores=scores)
