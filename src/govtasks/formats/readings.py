"""How good a reading of a document is: what settles a close call between layouts.

When several layouts score within the tie band of the best (see :func:`govtasks.formats.choose`),
the document is parsed with each and the readings are compared by :func:`rank`, a written,
deterministic order:

1. more **complete rows** (a row is complete when it has content and at least one more field:
   units, leaders or progress, and is not cut off by the end of the file; :func:`is_complete`);
2. fewer **paragraphs left over** in the table region: non-blank lines from the first row's line
   to the last row's line that no row took in (:func:`left_over`);
3. **every row with content** before a reading with an empty content cell;
4. the higher **detect score**;
5. the earlier place in the **registry** (``FORMATS``).

Everything here is a pure function of the rows and the document's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govtasks.models import SourceRow

#: What a line and a row are compared by: letters and digits only (spaces, pipes, punctuation
#: and the "?" of lost spaces say nothing about which row took a line).
_NOT_A_LETTER = re.compile(r"[\W_]+")

#: The flag of a row cut off by the end of the file (every reader uses it).
TRUNCATED = "truncated"

#: A paragraph is taken into a row when at least this share of its character pairs occur in the
#: rows' cells: cells are cut from the paragraphs, but trimmed, split and joined on the way
#: (a seq glued to the content, list numbers removed), so an exact substring test would miss some.
TAKEN_SHARE = 0.5


def is_complete(row: SourceRow) -> bool:
    """Whether ``row`` has content and at least one more field: units, leaders or progress; a
    row the reader found cut off by the end of the file (flagged ``truncated``) is not complete,
    whatever it holds: its last cells are missing, or borrowed from the wrong paragraphs.

    >>> is_complete(SourceRow(source_line=1, content="建成公园", lead_units=["区建设局"]))
    True
    >>> is_complete(SourceRow(source_line=1, content="建成公园"))
    False
    >>> cut = SourceRow(source_line=1, content="建成公园", lead_units=["区建设局"], flags=["truncated"])
    >>> is_complete(cut)
    False
    """
    if not row.content.strip() or TRUNCATED in row.flags:
        return False
    return bool(row.lead_units or row.supporting_units or row.lead_leaders or (row.progress or "").strip())


def _pairs(text: str) -> set[str]:
    """The adjacent character pairs of ``text``'s letters and digits.

    >>> sorted(_pairs("区 财政|局"))
    ['区财', '政局', '财政']
    """
    letters = _NOT_A_LETTER.sub("", text)
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


def _row_pairs(rows: Iterable[SourceRow]) -> set[str]:
    """Every character pair of every cell of ``rows`` (cell by cell: none across two cells)."""
    found: set[str] = set()
    for row in rows:
        cells = [
            row.seq,
            row.category_no,
            row.category,
            row.content,
            row.progress,
            row.problems,
            row.next_steps,
        ]
        cells += [*row.lead_units, *row.lead_leaders, *row.supporting_units]
        cells += [*row.extra.keys(), *row.extra.values()]
        for cell in cells:
            if cell:
                found |= _pairs(cell)
    return found


def left_over(rows: Sequence[SourceRow], paragraphs: Sequence[tuple[int, str]]) -> int:
    """How many paragraphs of the table region no row took in.

    The region runs from the first row's line to the last row's line (rows do not say where
    they end, so the lines after the last row's start are not weighed). A paragraph is taken
    when :data:`TAKEN_SHARE` of its character pairs are in the rows' cells; one with fewer than
    two letters (a lone "|", a bullet) is not counted either way.

    >>> rows = [SourceRow(source_line=1, seq="1", content="建成公园", lead_units=["区建设局"]),
    ...         SourceRow(source_line=5, seq="2", content="修好道路")]
    >>> left_over(rows, [(1, "1"), (2, "建成公园"), (3, "区建设局"), (4, "页面底部的链接"), (5, "2")])
    1
    """
    if not rows:
        return 0
    first = min(row.source_line for row in rows)
    last = max(row.source_line for row in rows)
    taken = _row_pairs(rows)
    count = 0
    for line, text in paragraphs:
        if not first <= line <= last:
            continue
        pairs = _pairs(text)
        if pairs and len(pairs & taken) < TAKEN_SHARE * len(pairs):
            count += 1
    return count


@dataclass(frozen=True)
class Reading:
    """What one layout made of a document in a close call."""

    name: str  # the layout's NAME
    score: float  # its detect score
    order: int  # its place in the registry
    rows: tuple[SourceRow, ...] = ()
    complete: int = 0  # rows with content and units, leaders or progress
    left_over: int = 0  # paragraphs of the table region no row took in
    all_content: bool = False  # every row has content (and there is at least one row)
    failed: str | None = None  # why parsing gave nothing: the rejection's reason
    crashed: bool = False  # parsing crashed (a bug in the layout module, FormatCrashed)

    @classmethod
    def of(
        cls,
        name: str,
        score: float,
        order: int,
        rows: Sequence[SourceRow],
        paragraphs: Sequence[tuple[int, str]],
    ) -> Reading:
        """The reading of ``rows``, parsed by layout ``name`` from a document of ``paragraphs``."""
        return cls(
            name,
            score,
            order,
            tuple(rows),
            complete=sum(is_complete(row) for row in rows),
            left_over=left_over(rows, paragraphs),
            all_content=bool(rows) and all(row.content.strip() for row in rows),
        )

    def key(self) -> tuple[int, int, bool, float, int]:
        """The reading's place in :func:`rank`: lower is better."""
        return (-self.complete, self.left_over, not self.all_content, -self.score, self.order)

    def gave(self) -> str:
        """What the reading gave, in a few words.

        >>> Reading("a", 0.6, 0, failed="no header").gave()
        'no rows (no header)'
        >>> Reading("a", 0.6, 0, rows=(SourceRow(source_line=1, content="x"),)).gave()
        '1 row, none complete'
        """
        if self.failed is not None:
            return f"no rows ({self.failed})"
        if not self.rows:
            return "no rows"
        n = len(self.rows)
        rows = f"{n} row{'' if n == 1 else 's'}"
        if self.complete == 0:
            return f"{rows}, none complete"
        return f"{rows}, {self.complete} complete, {self.left_over} paragraphs left over"


def rank(readings: Iterable[Reading]) -> list[Reading]:
    """``readings``, best first (see the module's docstring for the order)."""
    return sorted(readings, key=Reading.key)


def why(winner: Reading, runner_up: Reading) -> str:
    """Why ``winner`` ranks above ``runner_up``: the first rule of :func:`rank` that tells them apart.

    >>> a = Reading("a", 0.6, 5, complete=12)
    >>> why(a, Reading("b", 0.6, 0, complete=3))
    '12 complete rows against 3'
    >>> why(a, Reading("b", 0.6, 0, complete=12, left_over=4))
    '12 complete rows each, 0 paragraphs left over against 4'
    >>> why(Reading("a", 0.7, 1), Reading("b", 0.6, 0))
    '0 complete rows each, 0 paragraphs left over each, detect score 0.70 against 0.60'
    """
    if winner.complete != runner_up.complete:
        return f"{winner.complete} complete rows against {runner_up.complete}"
    said = f"{winner.complete} complete rows each"
    if winner.left_over != runner_up.left_over:
        return f"{said}, {winner.left_over} paragraphs left over against {runner_up.left_over}"
    said += f", {winner.left_over} paragraphs left over each"
    if winner.all_content != runner_up.all_content:
        return f"{said}, every row with content (not so {runner_up.name})"
    if winner.score != runner_up.score:
        return f"{said}, detect score {winner.score:.2f} against {runner_up.score:.2f}"
    return f"{said}, same detect score: first in the registry"
