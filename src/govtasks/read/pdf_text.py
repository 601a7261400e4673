"""A PDF's characters as text lines, and lines joined into paragraphs (for :mod:`govtasks.read.pdf`).

A PDF holds no paragraphs, only characters placed on the page: a cell's long paragraph is
several lines, wrapped where the cell's right edge stopped it, and a list of units printed one
a line is several lines too. Which line breaks are the document's own is told from geometry,
the way the line breaker decided: a line *wraps* when the first word of the next line would
not have fitted in the room left at its end (see :func:`wraps`); otherwise the line ended its
paragraph. Wrapped lines are joined without a break; next to a Chinese character nothing is inserted
(Chinese documents run Latin words and numbers into Chinese text without spaces), and between
two Latin letters or digits a space (a line breaker breaks Latin text only at a space, which a
justified line may not draw): see :func:`join_wrapped`.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Characters that may not end a line: an opening bracket or quote stays with what follows.
OPENING = frozenset("“‘（《〈「『【〔［｛([{")
#: Characters that may not start a line: closing punctuation stays with what precedes.
CLOSING = frozenset("，。、；：？！”’）》〉」』】〕］｝…—·,.;:?!)]}%")
#: Quotation marks, which ICU's line breaking (LibreOffice's) glues to both neighbours.
QUOTES = frozenset("“”‘’")
#: How near (in font sizes) a line's end may come to the room left for the next word and
#: still count as a wrap: the edge is measured, and a line that leaves a sliver wrapped.
WRAP_SLACK = 0.15
#: A gap between two Latin letters or digits wider than this (in font sizes) is a word space
#: the PDF did not draw as a character.
WORD_GAP = 0.2
#: How far (in points) a centred line's room on its left and right may differ.
CENTRED_SLACK = 2.0
#: How far (in points) short of the edge a justified line may stop and still be full.
JUSTIFIED_SLACK = 1.0
#: The share of a column's wrapped lines that must stop at one edge for it to be justified.
JUSTIFIED_SHARE = 0.8
#: A wider gap than this (in font sizes) separates two pieces of a line outside any table
#: (a header's left and right parts): they are joined with a space.
WIDE_GAP = 1.5
#: A wider gap than this (in font sizes) between two glyphs of a line parts two cells of a table
#: printed without rules (inside a cell, text runs on; between cells lie two inner margins).
SEGMENT_GAP = 0.9
#: A paragraph's item number ("1." "（2）" "三、" "④"): a line that ends a sentence followed
#: by a line that starts an item ends its paragraph, wherever it ends.
_ITEM = re.compile(
    r"\s*(?:[（(]?[0-9０-９一二三四五六七八九十]{1,3}[)）.．、]|[①-⑳]|第[一二三四五六七八九十0-9]+[条项点、])"
)
#: Characters that end a sentence or a clause ending a list item.
_SENTENCE_END = frozenset("。；;！？!?：:")


@dataclass(frozen=True)
class Glyph:
    """One character drawn on a page (pdfplumber's char, reduced to what is used here)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool = True  # False: set sideways (rotated text)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Line:
    """One printed line: its text, box, font size, and the width of its first word."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    #: The width of the line's leading piece that a line breaker cannot split (see
    #: :func:`leading_unit`): had it fitted at the end of the line above, it would be there.
    unit: float


def is_narrow(char: str) -> bool:
    """A Latin letter, digit or ASCII sign: the characters a space may separate.

    >>> [is_narrow(c) for c in "a5%，区 "]
    [True, True, True, False, False, False]
    """
    return char.isascii() and char.isprintable() and not char.isspace()


def leading_unit(text: str) -> int:
    """How many characters at the start of ``text`` a line breaker keeps together: opening
    brackets with what follows, one Chinese character or one Latin word, and the closing
    punctuation after it; and, as LibreOffice (ICU) breaks lines, the unit goes on across a
    quotation mark (no break on either side of “ ” ‘ ’) and from Chinese closing punctuation
    into a Latin word ("，PM2.5"). 0 for empty text.

    >>> [leading_unit(t) for t in ("资产投资", "好“亲清在线”", "策”精准", "护，PM2.5平均", "12.3%，高于")]
    [1, 3, 3, 7, 6]
    >>> leading_unit("Zhejiang Gov"), leading_unit("")
    (8, 0)
    """
    end = len(text)
    i = 0
    while i < end:
        while i < end and text[i] in OPENING:
            i += 1
        if i < end:
            i = _word_end(text, i)
        while i < end and text[i] in CLOSING:
            i += 1
        glued = i < end and (
            text[i] in QUOTES
            or text[i - 1] in QUOTES
            or (text[i - 1] in CLOSING and not is_narrow(text[i - 1]) and is_narrow(text[i]))
        )
        if not glued:
            break
    return i


def _word_end(text: str, start: int) -> int:
    """The end of the word starting at ``start``: a run of Latin characters, or one other."""
    if not is_narrow(text[start]):
        return start + 1
    end = start + 1
    while end < len(text) and is_narrow(text[end]):
        end += 1
    return end


def join_wrapped(head: str, tail: str) -> str:
    """Two pieces of one paragraph that a line wrap separated, joined: directly, but with one
    space between two Latin letters or digits (a line breaker breaks Latin text only at a
    space, or after a hyphen or a slash, and a justified line may not draw the space it broke
    at), and between Latin signs when the PDF drew a space at the wrap.

    >>> join_wrapped("全年完成固定", "资产投资")
    '全年完成固定资产投资'
    >>> join_wrapped("总投资1280", "亿元")
    '总投资1280亿元'
    >>> join_wrapped("Zhejiang Government Service ", "Network统一平台")
    'Zhejiang Government Service Network统一平台'
    >>> join_wrapped("Government Service", "Network"), join_wrapped("e-", "government")
    ('Government Service Network', 'e-government')
    >>> join_wrapped("区政务服务 ", "中心")
    '区政务服务中心'
    """
    spaced = head[-1:].isspace() or tail[:1].isspace()
    head, tail = head.rstrip(), tail.lstrip()
    latin = bool(head and tail) and is_narrow(head[-1]) and is_narrow(tail[0])
    if latin and (spaced or (head[-1].isalnum() and tail[0].isalnum())):
        return f"{head} {tail}"
    return head + tail


def rows_of(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """The glyphs in printed lines, top to bottom, each left to right (a glyph belongs to the
    line whose first glyph's middle is within about half a font size of its own)."""
    ordered = sorted(glyphs, key=lambda g: (g.middle, g.x0))
    rows: list[list[Glyph]] = []
    anchor = 0.0
    for glyph in ordered:
        if rows and glyph.middle - anchor <= 0.45 * max(glyph.size, rows[-1][0].size):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
            anchor = glyph.middle
    return [sorted(row, key=lambda g: g.x0) for row in rows]


def lines_of(glyphs: Iterable[Glyph], *, wide_gap: bool = False) -> list[Line]:
    """The glyphs as printed lines, top to bottom (see :func:`rows_of`). ``wide_gap``: join
    pieces of a line that a wide gap separates with a space (outside tables; inside a cell a
    gap is never a break)."""
    lines = [_line(row, wide_gap) for row in rows_of(glyphs)]
    return [line for line in lines if line.text.strip()]


def segments_of(row: Sequence[Glyph]) -> list[Line]:
    """One printed line (its glyphs, left to right) cut into pieces where a gap is wider than
    :data:`SEGMENT_GAP` font sizes: the cells of a table printed without rules."""
    pieces: list[list[Glyph]] = []
    for glyph in row:
        if glyph.text.isspace():
            if pieces:
                pieces[-1].append(glyph)
            continue
        if pieces and glyph.x0 - _drawn_end(pieces[-1]) <= SEGMENT_GAP * max(glyph.size, pieces[-1][0].size):
            pieces[-1].append(glyph)
        else:
            pieces.append([glyph])
    lines = [_line(piece, False) for piece in pieces]
    return [line for line in lines if line.text.strip()]


def _drawn_end(glyphs: Sequence[Glyph]) -> float:
    """Where the last glyph that is not a space ends."""
    return next((g.x1 for g in reversed(glyphs) if not g.text.isspace()), glyphs[-1].x1)


def _line(glyphs: Sequence[Glyph], wide_gap: bool) -> Line:
    """One line from its glyphs, left to right: their texts, with a space where a gap is a
    word space the PDF did not draw (between Latin characters), or a wide gap (``wide_gap``)."""
    size = statistics.median(g.size for g in glyphs) or 1.0
    texts: list[str] = []
    starts: list[float] = []  # x0 of the glyph each text piece came from
    ends: list[float] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and texts and not texts[-1].isspace() and not glyph.text.isspace():
            gap = glyph.x0 - previous.x1
            latin = is_narrow(texts[-1][-1]) and is_narrow(glyph.text[:1])
            if (latin and gap > WORD_GAP * size) or (wide_gap and gap > WIDE_GAP * size):
                texts.append(" ")
                starts.append(previous.x1)
                ends.append(glyph.x0)
        if glyph.text.isspace() and texts and texts[-1].isspace():
            continue  # a run of drawn spaces reads as one
        texts.append(" " if glyph.text.isspace() else glyph.text)
        starts.append(glyph.x0)
        ends.append(glyph.x1)
        previous = glyph
    # The box and the first word are measured on the drawn text, not on leading or trailing spaces.
    first = next((i for i, t in enumerate(texts) if not t.isspace()), 0)
    last = max((i for i, t in enumerate(texts) if not t.isspace()), default=0)
    text = "".join(texts)
    unit = leading_unit(text[len("".join(texts[:first])) :])
    unit_end = _piece_at(texts, first, unit)
    return Line(
        text=text,
        x0=starts[first],
        x1=ends[last],
        top=min(g.top for g in glyphs),
        bottom=max(g.bottom for g in glyphs),
        size=size,
        unit=ends[unit_end] - starts[first],
    )


def _piece_at(pieces: Sequence[str], first: int, count: int) -> int:
    """The index of the piece holding the ``count``-th character counted from piece ``first``."""
    seen = 0
    for index in range(first, len(pieces)):
        seen += len(pieces[index])
        if seen >= count:
            return index
    return len(pieces) - 1


def line_pitch(lines_by_cell: Iterable[Sequence[Line]]) -> float | None:
    """The usual distance from one line's top to the next one's inside a cell (the most
    common, in half points): the pitch of wrapped lines. None when no cell has two lines.

    >>> a = Line("甲", 0, 10, 0, 10, 10, 10)
    >>> line_pitch([[a, Line("乙", 0, 10, 12, 22, 10, 10), Line("丙", 0, 10, 24, 34, 10, 10)]])
    12.0
    """
    pitches = [
        round((below.top - above.top) * 2) / 2
        for lines in lines_by_cell
        for above, below in itertools.pairwise(lines)
        if below.top > above.top
    ]
    return statistics.mode(sorted(pitches)) if pitches else None


def wraps(
    line: Line, below: Line, left: float, right: float, pitch: float | None = None, edge: float | None = None
) -> bool:
    """Whether ``line`` wraps into the line ``below`` it (the same paragraph goes on), in a
    column of text from ``left`` to ``right`` (where its text starts and stops), whose wrapped
    lines follow each other ``pitch`` apart, and whose justified lines are stretched to
    ``edge`` (None: unknown, or not justified).

    The line ended its paragraph when there is more room than ``pitch`` between the two lines
    (paragraph spacing), or when it ends a sentence and the line below starts an item ("2."
    "（二）"). Otherwise a justified line wraps when it reaches the edge; another line when the
    first word of the line below would not have fitted in the room left on its line: at its
    end, or on both sides of a centred line.

    >>> below = Line("区经信局", 286, 328, 15, 25, 10.5, 10.5)
    >>> wraps(Line("区人力社保", 286, 338.5, 0, 10, 10.5, 10.5), below, left=286, right=348.7)
    True
    >>> wraps(Line("区发改局", 286, 328, 0, 10, 10.5, 10.5), below, left=286, right=348.7)
    False

    Centred, the line has room on both sides (for half a character each):

    >>> wraps(Line("区发改局", 296.4, 338.4, 0, 10, 10.5, 10.5), below, left=286, right=348.7)
    False
    """
    size = max(line.size, below.size)
    if pitch is not None and below.top - line.top > pitch + 0.25 * size:
        return False
    if _ITEM.match(below.text) and line.text.rstrip()[-1:] in _SENTENCE_END:
        return False
    if edge is not None:
        return line.x1 >= edge - JUSTIFIED_SLACK
    room = right - line.x1
    indent = line.x0 - left
    if indent > WRAP_SLACK * size and abs(indent - room) <= CENTRED_SLACK:
        room += indent  # a centred line: the word would have fitted had the line been wider
    return below.unit > room - WRAP_SLACK * size


def paragraphs(
    lines: Sequence[Line], left: float, right: float, pitch: float | None = None, edge: float | None = None
) -> str:
    """The text of ``lines`` (one cell's, top to bottom): wrapped lines joined, the others
    ending paragraphs (kept as "\\n"); see :func:`wraps` for the other arguments.

    >>> paragraphs([Line("全年完成固定", 0, 60, 0, 10, 10, 10), Line("资产投资。", 0, 50, 12, 22, 10, 10),
    ...             Line("区发改局", 0, 40, 24, 34, 10, 10)], left=0, right=65)
    '全年完成固定资产投资。\\n区发改局'
    """
    text = ""
    for index, line in enumerate(lines):
        if index == 0:
            text = line.text.lstrip()
        elif wraps(lines[index - 1], line, left, right, pitch, edge):
            text = join_wrapped(text, line.text)  # sees the space a line ends with, if drawn
        else:
            text = f"{text.rstrip()}\n{line.text.lstrip()}"
    return text.rstrip()


def justified_edge(cells: Iterable[Sequence[Line]], left: float, right: float) -> float | None:
    """Where the wrapped lines of ``cells`` (the lines of each cell of a column) stop, if they are
    justified (两端对齐, the default of Chinese Word): stretched to one edge, while a
    paragraph's last line stops short. Then a line ending short of that edge ends its
    paragraph even when the next word would not have fitted (see :func:`wraps`). None unless
    three lines or more wrap and nearly all of them stop at one edge.

    >>> full = [Line("甲" * 10, 0, 100.2, 0, 10, 10, 10), Line("乙" * 10, 0, 100, 12, 22, 10, 10)]
    >>> last = Line("丁", 0, 10, 36, 46, 10, 10)
    >>> justified_edge([[*full, Line("丙" * 9, 0, 99.5, 24, 34, 10, 10), last]], 0, 101)
    99.5
    >>> justified_edge([[*full, Line("丙" * 9, 0, 92, 24, 34, 10, 10), last]], 0, 101)
    """
    ends = [
        line.x1
        for lines in cells
        for line, below in itertools.pairwise(lines)
        if below.top > line.top and wraps(line, below, left, right)
    ]
    if len(ends) < 3:
        return None
    near = [end for end in ends if max(ends) - end <= JUSTIFIED_SLACK]
    return min(near) if len(near) >= JUSTIFIED_SHARE * len(ends) else None
