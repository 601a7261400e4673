"""A PDF's characters as text lines, and lines joined into paragraphs (for :mod:`govtasks.read.pdf`).

A PDF holds no paragraphs, only characters placed on the page: a cell's long paragraph is
several lines, wrapped where the cell's right edge stopped it, and a list of units printed one
a line is several lines too. Which line breaks are the document's own is told from geometry,
the way the line breaker decided: a line *wraps* when the first word of the next line would
not have fitted in the room left at its end (see :func:`wraps`); otherwise the line ended its
paragraph. Wrapped lines are joined without a break: with the space the PDF drew at the wrap if it
drew one, else directly (Chinese documents run Latin words and numbers into Chinese text
without spaces), but for one space between two Latin letters or digits (a line breaker breaks
Latin text only at a space, which a justified line may not draw): see :func:`join_wrapped`.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass

#: Characters that may not end a line: an opening bracket or quote stays with what follows.
OPENING = frozenset("“‘（《〈「『【〔［｛([{")
#: Characters that may not start a line: closing punctuation stays with what precedes.
CLOSING = frozenset("，。、；：？！”’）》〉」』】〕］｝…—·,.;:?!)]}%")
#: Latin punctuation that no line break may follow when a letter comes next (UAX 14's LB29);
#: not "?", which stands for a character a page could not encode, inside garbled text.
_INFIX = frozenset(",.:;")
#: Spaces no line may break at: a no-break space (&nbsp;) stays with the word before it.
NO_BREAK = frozenset("\u00a0\u2007\u202f")
#: Quotation marks, which ICU's line breaking (LibreOffice's) glues to both neighbours.
QUOTES = frozenset("“”‘’")
#: How near (in font sizes) a line's end may come to the room left for the next word and
#: still count as a wrap: the edge is measured, and a line that leaves a sliver wrapped.
WRAP_SLACK = 0.05
#: A gap between two Latin letters or digits wider than this (in font sizes) is a word space
#: the PDF did not draw as a character.
WORD_GAP = 0.2
#: The room (in font sizes) between a Chinese character and a Latin letter or digit.
AUTOSPACE = 0.2
#: How far past the furthest a column's lines reach (in points) a word may end and still be
#: sure to have fitted: a rounding error (a word 0.03 pt further did not fit, in a LibreOffice PDF).
REACH_SLACK = 0.01
#: How far (in points) a centred line's room on its left and right may differ.
CENTRED_SLACK = 2.0
#: How far (in points) short of the edge a justified line may stop and still be full.
JUSTIFIED_SLACK = 1.0
#: How near (in points) the column's right edge justified lines stop (the edge is measured
#: from the cells' left margins, within a point or two).
JUSTIFIED_REACH = 3.0
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
#: The longest paragraph (in characters) that a paragraph printed elsewhere in the column can
#: split off a wrapped line: a unit's name, not a sentence.
KNOWN_LENGTH = 40
#: Characters after which a sentence goes on: a paragraph never ends with them.
_GOES_ON = frozenset("、，,（(“‘《〈「『【")
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
    #: The room set between its Chinese characters, which are set close unless the line is
    #: stretched to a justified edge.
    spread: float = 0.0


def is_narrow(char: str) -> bool:
    """A Latin letter or digit, or an ASCII sign: the characters of a Latin word or a number
    (and pinyin's accented letters, "jí").

    >>> [is_narrow(c) for c in "a5%í，区“ "]
    [True, True, True, True, False, False, False, False]
    """
    if char.isascii():
        return char.isprintable() and not char.isspace()
    return char.isalpha() and unicodedata.east_asian_width(char) not in ("W", "F")


def leading_unit(text: str) -> int:
    """How many characters at the start of ``text`` a line breaker may keep together: at
    least the first character or Latin word, with the opening brackets before it and the
    closing punctuation after it. As LibreOffice (ICU) keeps more together, the unit goes on
    across a quotation mark (no break on either side of “ ” ‘ ’), from punctuation into a
    Latin word or number ("，PM2.5", ",15369"), and from a number into the character next to
    it ("37家", "月11日"), and over a no-break space after it. Erring long makes a wrap more
    likely (see :func:`wraps`); 0 for empty text.

    >>> [leading_unit(t) for t in ("资产投资", "好“亲清在线”", "策”精准", "护，PM2.5平均", "区发改局")]
    [1, 3, 3, 8, 1]
    >>> [leading_unit(t) for t in ("37家,提改", "月11日笔试", "贴,15369名", "(jí)感", "Zhejiang Gov", "")]
    [4, 4, 8, 4, 8, 0]
    >>> leading_unit("局\u00a0"), leading_unit("局 办")
    (2, 1)
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
        while i < end and text[i] in NO_BREAK:
            i += 1
        if i >= end or text[i].isspace():
            break
        before, after = text[i - 1], text[i]
        glued = (
            after in QUOTES
            or before in QUOTES
            or (is_narrow(after) and after not in OPENING and (before in CLOSING or not is_narrow(before)))
            or (is_narrow(before) and before not in CLOSING and after not in OPENING)
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
    """Two pieces of one paragraph that a line wrap separated, joined: directly, or with one
    space where the PDF drew one at the wrap (the text had it), or between two Latin letters or
    digits, or between a comma, full stop, colon or semicolon and a Latin letter (a line
    breaker breaks Latin text only at a space, or after a hyphen or a slash, not after
    punctuation followed by a letter (Unicode's line breaking, rule LB29), and a justified
    line, or a browser's, may not draw the space it broke at).

    >>> join_wrapped("全年完成固定", "资产投资")
    '全年完成固定资产投资'
    >>> join_wrapped("总投资1280", "亿元")
    '总投资1280亿元'
    >>> join_wrapped("Zhejiang Government Service ", "Network统一平台")
    'Zhejiang Government Service Network统一平台'
    >>> join_wrapped("Government Service", "Network"), join_wrapped("e-", "government")
    ('Government Service Network', 'e-government')
    >>> join_wrapped("确保应对疫情各项 ", "扶持政策")
    '确保应对疫情各项 扶持政策'
    >>> join_wrapped("增长率为-18.33%,", "GDP增长率"), join_wrapped("增长率为-18.33%,", "增长")
    ('增长率为-18.33%, GDP增长率', '增长率为-18.33%,增长')
    """
    spaced = head[-1:].isspace() or tail[:1].isspace()
    head, tail = head.rstrip(), tail.lstrip()
    latin = bool(head and tail) and head[-1].isascii() and tail[0].isascii()
    glued = latin and (
        (head[-1].isalnum() and tail[0].isalnum()) or (head[-1] in _INFIX and tail[0].isalpha())
    )
    if head and tail and (spaced or glued):
        return f"{head} {tail}"
    return head + tail


def unique(glyphs: Iterable[Glyph]) -> list[Glyph]:
    """The glyphs without those drawn again within a point of one with the same text and size
    (a bold face faked by drawing each character twice, or a shadow), in their order.

    >>> [g.x0 for g in unique([Glyph("甲", 0, 10, 0, 10, 10), Glyph("甲", 0.4, 10.4, 0.3, 10.3, 10),
    ...                        Glyph("甲", 10, 20, 0, 10, 10)])]
    [0, 10]
    """
    seen: dict[tuple[str, float, int, int], list[Glyph]] = {}
    kept = []
    for glyph in glyphs:
        x, y = int(glyph.x0), int(glyph.top)
        near = (
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((glyph.text, glyph.size, x + dx, y + dy), ())
        )
        if any(abs(o.x0 - glyph.x0) <= 1 and abs(o.top - glyph.top) <= 1 for o in near):
            continue
        seen.setdefault((glyph.text, glyph.size, x, y), []).append(glyph)
        kept.append(glyph)
    return kept


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
        texts.append(" " if glyph.text.isspace() and glyph.text not in NO_BREAK else glyph.text)
        starts.append(glyph.x0)
        ends.append(glyph.x1)
        previous = glyph
    # The box and the first word are measured on the drawn text, not on leading or trailing spaces.
    first = next((i for i, t in enumerate(texts) if not t.isspace()), 0)
    last = max((i for i, t in enumerate(texts) if not t.isspace()), default=0)
    spread = sum(
        max(0.0, after.x0 - before.x1)
        for before, after in itertools.pairwise(glyphs)
        if _WIDE_CHAR.fullmatch(before.text) and _WIDE_CHAR.fullmatch(after.text)
    )
    text = "".join(texts)
    unit = leading_unit(text[len("".join(texts[:first])) :])
    unit_end = _piece_at(texts, first, unit)
    return Line(
        text="".join(" " if t in NO_BREAK else t for t in texts),
        x0=starts[first],
        x1=ends[last],
        top=min(g.top for g in glyphs),
        bottom=max(g.bottom for g in glyphs),
        size=size,
        unit=ends[unit_end] - starts[first],
        spread=spread,
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
    line: Line,
    below: Line,
    left: float,
    right: float,
    pitch: float | None = None,
    edge: float | None = None,
    reach: float | None = None,
    space: float = 0.0,
) -> bool:
    """Whether ``line`` wraps into the line ``below`` it (the same paragraph goes on), in a
    column of text from ``left`` to ``right`` (where its text starts and stops), whose wrapped
    lines follow each other ``pitch`` apart, whose justified lines are stretched to ``edge``
    (None: unknown, or not justified), and whose lines reach as far as ``reach`` (None:
    unknown); ``space``: the width (in font sizes) of a space the line may have broken at
    without printing it (a browser's, at the source line breaks it prints as spaces; 0 when
    the text shows none): the word below needed that room too.

    The line ended its paragraph when there is more room than ``pitch`` between the two lines
    (paragraph spacing), or when it ends a sentence and the line below starts an item ("2."
    "（二）"), or when the first word of the line below (after such a space) would have ended
    no further right than another line of the column reaches (it would have fitted: the column
    is at least that wide). Otherwise a justified line wraps when it reaches the edge; another line when the
    first word of the line below would not have fitted in the room left on its line: at its
    end, or on both sides of a centred line. ``right`` is measured from the cells' margins,
    within a point or so, so a line that leaves a sliver there wraps; ``reach`` is measured on
    the lines.

    >>> below = Line("区经信局", 286, 328, 15, 25, 10.5, 10.5)
    >>> wraps(Line("区人力社保", 286, 338.5, 0, 10, 10.5, 10.5), below, left=286, right=348.7)
    True
    >>> wraps(Line("区发改局", 286, 328, 0, 10, 10.5, 10.5), below, left=286, right=348.7)
    False

    Centred, the line has room on both sides (for half a character each):

    >>> wraps(Line("区发改局", 296.4, 338.4, 0, 10, 10.5, 10.5), below, left=286, right=348.7)
    False

    Another line of the column reaches as far as "区经信" with the "局" below would have:

    >>> short = Line("区经信", 286, 317.5, 0, 10, 10.5, 10.5)
    >>> unit = Line("局", 286, 296.5, 15, 25, 10.5, 10.5)
    >>> wraps(short, unit, 286, 328.5), wraps(short, unit, 286, 328.5, reach=328)
    (True, False)

    Unless it may have broken at a space it did not print ("区经信 局"):

    >>> wraps(short, unit, 286, 328.5, reach=328, space=0.25)
    True
    """
    size = max(line.size, below.size)
    if pitch is not None and below.top - line.top > pitch + 0.25 * size:
        return False
    if _ITEM.match(below.text) and line.text.rstrip()[-1:] in _SENTENCE_END:
        return False
    before, after = line.text.rstrip()[-1:], below.text.lstrip()[:1]
    if (
        reach is not None
        and line.x1 + _autospace(before, after, size, True) + space * size + below.unit <= reach + REACH_SLACK
    ):
        return False
    if edge is not None:
        return line.x1 >= edge - JUSTIFIED_SLACK
    room = right - line.x1 - _autospace(before, after, size)
    indent = line.x0 - left
    if indent > WRAP_SLACK * size and abs(indent - room) <= CENTRED_SLACK:
        room += indent  # a centred line: the word would have fitted had the line been wider
    return below.unit + space * size > room - WRAP_SLACK * size


def _autospace(before: str, after: str, size: float, any_latin: bool = False) -> float:
    """The room Word and LibreOffice put between a Chinese character and a Latin letter or
    digit next to it (自动调整中文与西文间距, on by default): about a fifth of the font size.
    ``any_latin``: next to any Latin character, a bracket too (LibreOffice puts it before
    "(cái)"): the most room there may be.

    >>> _autospace("规", "3", 10), _autospace("规", "范", 10), _autospace("，", "3", 10)
    (2.0, 0.0, 0.0)
    >>> _autospace("财", "(", 10), _autospace("财", "(", 10, any_latin=True)
    (0.0, 2.0)
    """
    if not before or not after:
        return 0.0

    def latin(char: str) -> bool:
        return char.isascii() and (
            char.isalnum() or (any_latin and char.isprintable() and not char.isspace())
        )

    if (_ideograph(before) and latin(after)) or (_ideograph(after) and latin(before)):
        return AUTOSPACE * size
    return 0.0


def _ideograph(char: str) -> bool:
    """A Chinese character (not punctuation).

    >>> _ideograph("区"), _ideograph("，"), _ideograph("a")
    (True, False, False)
    """
    return unicodedata.category(char) == "Lo" and unicodedata.east_asian_width(char) == "W"


def paragraphs(
    lines: Sequence[Line],
    left: float,
    right: float,
    pitch: float | None = None,
    edge: float | None = None,
    known: Container[str] = (),
    reach: float | None = None,
    space: float = 0.0,
) -> str:
    """The text of ``lines`` (one cell's, top to bottom): wrapped lines joined, the others
    ending paragraphs (kept as "\\n"); see :func:`wraps` for the other arguments.

    A paragraph that happens to fill its last line looks like a wrapped one ("区发改局" filling
    a narrow cell, then "区住建局" on the next line): a line that wraps by its geometry still
    ends its paragraph when the text before the wrap, or the text after it, is a paragraph of
    its own elsewhere in the column (one of the ``known`` ones), unless the text before it ends
    with a comma ("区发改经信局、" goes on).

    >>> paragraphs([Line("全年完成固定", 0, 60, 0, 10, 10, 10), Line("资产投资。", 0, 50, 12, 22, 10, 10),
    ...             Line("区发改局", 0, 40, 24, 34, 10, 10)], left=0, right=65)
    '全年完成固定资产投资。\\n区发改局'
    >>> full = [Line("区发改局", 0, 40, 0, 10, 10, 10), Line("区住建局", 0, 40, 12, 22, 10, 10)]
    >>> paragraphs(full, 0, 45), paragraphs(full, 0, 45, known={"区住建局"})
    ('区发改局区住建局', '区发改局\\n区住建局')
    """
    joins = [wraps(a, b, left, right, pitch, edge, reach, space) for a, b in itertools.pairwise(lines)]
    if known:
        head = ""  # the paragraph so far, while it is short enough to be a known one
        for i, joined in enumerate(joins):
            head = _join_short(head, lines[i].text)
            if (
                joined
                and head[-1:] not in _GOES_ON
                and (head in known or _tail(lines, joins, i + 1) in known)
            ):
                joins[i] = False
            if not joins[i]:
                head = ""
    text = lines[0].text.lstrip() if lines else ""
    for line, joined in zip(lines[1:], joins, strict=True):
        # join_wrapped sees the space a line ends with, if one was drawn
        text = join_wrapped(text, line.text) if joined else f"{text.rstrip()}\n{line.text.lstrip()}"
    return text.rstrip()


def _join_short(text: str, line: str) -> str:
    """``text`` and the line wrapped after it, as one paragraph; "\\n" once it is longer than
    :data:`KNOWN_LENGTH` (no known paragraph is that long)."""
    if text == "\n" or len(text) > KNOWN_LENGTH:
        return "\n"
    return join_wrapped(text, line).strip() if text else line.strip()


def _tail(lines: Sequence[Line], joins: Sequence[bool], start: int) -> str:
    """The paragraph that starts at line ``start``, if short (see :func:`_join_short`)."""
    text = ""
    for index in range(start, len(lines)):
        text = _join_short(text, lines[index].text)
        if text == "\n" or index == len(joins) or not joins[index]:
            break
    return text


def justified_edge(cells: Iterable[Sequence[Line]], left: float, right: float) -> float | None:
    """Where the wrapped lines of ``cells`` (the lines of each cell of a column) stop, if they are
    justified (两端对齐, the default of Chinese Word): stretched to one edge, while a
    paragraph's last line stops short. Then a line ending short of that edge ends its
    paragraph even when the next word would not have fitted (see :func:`wraps`). None unless
    three lines or more wrap and nearly all of them stop at one edge, at the right margin,
    and one of those is seen stretched (room between its Chinese characters): lines of
    Chinese characters of one width that fill a column set flush left stop at one edge too.

    >>> full = [Line("甲" * 10, 0, 100.2, 0, 10, 10, 10), Line("乙" * 10, 0, 100, 12, 22, 10, 10, 0.9)]
    >>> last = Line("丁", 0, 10, 36, 46, 10, 10)
    >>> justified_edge([[*full, Line("丙" * 9, 0, 99.5, 24, 34, 10, 10, 9.5), last]], 0, 101)
    99.5
    >>> justified_edge([[*full, Line("丙" * 9, 0, 92, 24, 34, 10, 10), last]], 0, 101)
    >>> justified_edge([[*full, Line("丙" * 10, 0, 100, 24, 34, 10, 10), last]], 0, 101)
    """
    ends = [
        (line.x1, line.spread)
        for lines in cells
        for line, below in itertools.pairwise(lines)
        if below.top > line.top and wraps(line, below, left, right)
    ]
    furthest = max((end for end, _ in ends), default=0.0)
    if len(ends) < 3 or right - furthest > JUSTIFIED_REACH:
        return None  # too few, or short of the right edge: a repeated text, not justification
    near = [(end, spread) for end, spread in ends if furthest - end <= JUSTIFIED_SLACK]
    if len(near) < JUSTIFIED_SHARE * len(ends) or all(spread <= JUSTIFIED_SLACK for _, spread in near):
        return None
    return min(end for end, _ in near)


#: East Asian wide characters (CJK ideographs, radicals and punctuation, kana, full-width
#: forms), as the saved-page reader tells them (govtasks.tables.html).
_WIDE = r"\u2e80-\u303f\u3040-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
_SPACE_BETWEEN_WIDE = re.compile(f"(?<=[{_WIDE}]) (?=[{_WIDE}])")
_WIDE_CHAR = re.compile(f"[{_WIDE}]")
#: A paragraph with this many wide characters or more is long enough to span several lines of
#: a page's HTML source.
LONG_PARAGRAPH = 100
#: How many long paragraphs a document needs for :func:`shows_source_breaks` to judge it.
LONG_PARAGRAPHS_NEEDED = 3


def shows_source_breaks(texts: Iterable[str]) -> bool:
    """Whether ``texts`` (a document's paragraphs and cells) show the line breaks of a web
    page's source as spaces between Chinese characters: a page whose HTML wraps its lines
    (Word's HTML export, every line or two of text), printed to PDF by a browser that shows
    such a break as a space (Chromium; CSS Text 3 drops a break between two wide characters,
    as :mod:`govtasks.tables.html` does). Then most long paragraphs hold a space between two
    Chinese characters, inside words ("全 面启动"); in any other document a few at most do (a
    slogan "创青春 墅未来", a name spaced "曾  宏"). True when over half of at least
    :data:`LONG_PARAGRAPHS_NEEDED` long paragraphs (:data:`LONG_PARAGRAPH`) hold one.

    >>> wrapped = "完成" * 30 + "全 面启动" + "工作" * 30
    >>> shows_source_breaks([wrapped] * 3), shows_source_breaks([wrapped, "创青春 墅未来"])
    (True, False)
    >>> shows_source_breaks([wrapped, wrapped, "完成" * 60])
    True
    >>> shows_source_breaks([wrapped, "完成" * 60, "完成" * 60])
    False
    """
    long = [
        bool(_SPACE_BETWEEN_WIDE.search(paragraph))
        for text in texts
        for paragraph in text.split("\n")
        if len(_WIDE_CHAR.findall(paragraph)) >= LONG_PARAGRAPH
    ]
    return len(long) >= LONG_PARAGRAPHS_NEEDED and 2 * sum(long) > len(long)


def drop_source_break_glyphs(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """``glyphs`` without the spaces drawn between two wide characters of a line (see
    :func:`shows_source_breaks`); a wide gap between two pieces of a line (a label and its
    value) is no glyph, and stays.

    >>> glyphs = [Glyph(c, x, x + w, 0, 12, 12) for c, x, w in [("全", 0, 12), (" ", 12, 3), ("面", 15, 12)]]
    >>> glyphs += [Glyph(" ", 27, 30, 0, 12, 12), Glyph("5", 30, 36, 0, 12, 12)]
    >>> "".join(g.text for g in drop_source_break_glyphs(glyphs))
    '全面 5'
    """
    dropped: set[int] = set()
    for row in rows_of(glyphs):
        for before, space, after in zip(row, row[1:], row[2:], strict=False):
            if space.text == " " and _WIDE_CHAR.fullmatch(before.text) and _WIDE_CHAR.fullmatch(after.text):
                dropped.add(id(space))
    return [g for g in glyphs if id(g) not in dropped]


def drop_source_breaks(text: str) -> str:
    """``text`` without the spaces between two wide characters (see :func:`shows_source_breaks`).

    >>> drop_source_breaks("全 面启动, 5G 基站“项 目”")
    '全面启动, 5G 基站“项目”'
    """
    return _SPACE_BETWEEN_WIDE.sub("", text)
