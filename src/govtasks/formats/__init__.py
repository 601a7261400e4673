"""The registry of source layouts, and how one is chosen for a document.

Adding a layout: write ``formats/<name>.py`` with the surface described in
:mod:`govtasks.formats.base`, add a fixture and tests, and add one line to ``FORMATS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from govtasks.errors import AmbiguousLayout, UnknownLayout
from govtasks.formats import (
    gongshu_quarterly,
    xiaoshan_grid,
    xiaoshan_halfyear,
    yuhang_halfyear,
    yuhang_plan,
)
from govtasks.formats.base import FormatModule
from govtasks.reading import Document

#: Every layout govtasks reads, in the order ``govtasks detect`` lists them.
FORMATS: tuple[FormatModule, ...] = (
    xiaoshan_halfyear,  # 000: 萧山区 half-year, one cell per paragraph
    xiaoshan_grid,  # 001: 萧山区发改局 quarterly, cells glued on one line
    gongshu_quarterly,  # 002: 拱墅区 quarterly, one cell per paragraph, page printed twice
    yuhang_halfyear,  # 003: 余杭区 half-year, traditional script with pinyin, pipes
    yuhang_plan,  # 004: 余杭区 task assignment list (the plan), notice letter + pipes
)

#: A layout must score at least this to be chosen.
MIN_SCORE = 0.5
#: Two layouts whose scores differ by less than this are a tie, reported as an error.
TIE_MARGIN = 0.15


@dataclass(frozen=True)
class Detection:
    format: FormatModule
    score: float
    scores: dict[str, float]


def by_name(name: str) -> FormatModule:
    """The registered format called ``name``."""
    for module in FORMATS:
        if name == module.NAME:
            return module
    known = ", ".join(m.NAME for m in FORMATS)
    raise UnknownLayout(f"no format named {name!r} (known: {known})")


def choose(doc: Document) -> Detection:
    """Pick the layout of ``doc`` from its text.

    Tie-break, written down: the highest score wins if it is at least ``MIN_SCORE`` and beats
    the runner-up by ``TIE_MARGIN`` or more. A closer race is not settled silently: it raises
    ``AmbiguousLayout`` naming both, and a sidecar ``format = "..."`` decides.
    """
    scores = {m.NAME: max(0.0, min(1.0, float(m.detect(doc)))) for m in FORMATS}
    ranked = sorted(FORMATS, key=lambda m: -scores[m.NAME])
    best = ranked[0]
    best_score = scores[best.NAME]
    if best_score < MIN_SCORE:
        raise UnknownLayout(f"matches no known table layout (best: {best.NAME} at {best_score:.2f})")
    if len(ranked) > 1:
        second = ranked[1]
        if best_score - scores[second.NAME] < TIE_MARGIN:
            raise AmbiguousLayout(
                f"layouts {best.NAME} ({best_score:.2f}) and {second.NAME} "
                f"({scores[second.NAME]:.2f}) match almost equally"
            )
    return Detection(format=best, score=best_score, scores=scores)
