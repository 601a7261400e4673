"""Numbers a row promises (in its content) and reaches (in its progress).

First version: a number with a unit; the rules and their labelled sample are issue 19's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govtasks.models import FigureSide as Side


@dataclass(frozen=True)
class Found:
    """One figure in a text: ``text[start:end]`` printed it."""

    side: Side
    measure: str | None  # what is counted or measured, as printed ("国家高新技术企业")
    text: str  # the figure as printed ("500家")
    value: float
    unit: str | None  # normalised unit: 亿元, 万元, 元, %, 家, 个, 项, 公里, 平方米, 万平方米, 亩, 人, 万人 …
    comparator: str | None  # 以上, 左右, 不低于 …
    start: int
    end: int
    ratio: float | None = None  # reached only: value / the promised value of the same measure and unit


_FIGURE = re.compile(r"(\d+(?:\.\d+)?)(亿元|万元|元|%|家|个|项|公里|万平方米|平方米|亩|万人|人)")


def figures_in(text: str | None, side: Side) -> list[Found]:
    """The figures ``text`` prints.

    >>> [f.text for f in figures_in("新增国家高新技术企业500家", "promised")]
    ['500家']
    """
    if not text:
        return []
    return [
        Found(side, None, m.group(), float(m.group(1)), m.group(2), None, m.start(), m.end())
        for m in _FIGURE.finditer(text)
    ]


def row_figures(content: str, progress: str | None) -> list[Found]:
    """A row's figures: the promised ones (content) first, then the reached ones (progress)."""
    return [*figures_in(content, "promised"), *figures_in(progress, "reached")]
