"""余杭区 half-year completion table (sample 003): pipe rows in traditional script with pinyin.

The page prints one table row per line, cells separated by " | ", under the header::

    序號(hào) | 重點(diǎn)工作 | 牽頭單位 | 半年度工作完成情況 | ||

(序号 number · 重点工作 key task · 牵头单位 lead units · 半年度工作完成情况 half-year progress).
The site added inline pinyin after many characters ("區(qū)"); that, the traditional script and
the GBK-garbled spans are left for the normalize stage. There is no page header, so district,
year and period are inferred (see :func:`facts`).

Structural judgements, each pinned by a test:

- A pipe is a cell delimiter unless it is glued to text on both sides: GBK bytes read one byte
  off can produce a stray "|" inside a garbled span, and the page always pads delimiters.
- Paragraphs inside a progress cell were flattened to "。 " (full stop, space); Chinese has no
  word spaces, so a space after a sentence-ending mark is turned back into "\\n".
- Lead units are separated by spaces. A piece that cannot end a unit name ("區綜合行政" ends in
  政) or a bare "<place>分局" branch ("余杭分局") is the rest of the unit before it, wrapped in the
  original cell: it is joined with its space kept (normalize removes spaces between Chinese
  characters). A piece that is only "(…)" ("(區金融辦)") stays its own entry for normalize.
- A line without a row number continues the row above (its text is never dropped), and a
  line after the table with no pipes (the closing "聲明:本文有刪減", "note: this text was
  abridged") is not a row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from govtasks.clean.folding import fold_script
from govtasks.clean.normalize import PINYIN_ANNOTATION, strip_pinyin
from govtasks.formats.base import (
    at_line,
    cap_line,
    capped,
    evidence,
    most_mentioned_district,
    most_mentioned_year,
    period_from_text,
)
from govtasks.models import Period, ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document

NAME = "yuhang_halfyear"
DESCRIPTION = (
    "余杭区 half-year completion: pipe rows 序號|重點工作|牽頭單位|半年度工作完成情況, traditional + pinyin"
)
MAX_SCORE = 1.0
#: Text dumps only: saved pages of this site are read by the generic reader.
SOURCE_KINDS: tuple[SourceKind, ...] = ("text",)

# --- text helpers -----------------------------------------------------------------------------

_SEQ = re.compile(r"^\d{1,4}$")
# A space after a sentence end inside a cell is a flattened paragraph break.
_PARAGRAPH_BREAK = re.compile(r"(?<=[。！？])[ \t]+(?=\S)")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"(20\d{2})\s*年")  # as base.most_mentioned_year counts them

#: Header words, both scripts: 序號 number; 重點工作 key task; 牽頭單位 lead unit;
#: 完成情況 completion; 牽頭領導 lead leader (the plan's column, which this layout lacks).
_SEQ_HEADS = ("序號", "序号")
_CONTENT_HEADS = ("重點工作", "重点工作")
_UNIT_HEADS = ("牽頭單位", "牵头单位")
_PROGRESS_HEADS = ("完成情況", "完成情况")
_LEADER_HEADS = ("牽頭領導", "牵头领导")

#: Traditional forms of the characters in ``base.PERIOD_WORDS`` that differ (務 of 任務分解).
_PERIOD_T2S = str.maketrans({"務": "务"})

#: Last characters of a complete unit name (traditional and simplified): bureau 局, office 辦/办,
#: department 部, committee 委/會/会, new town 城, zone 區/区, institute 院, association 協/协,
#: and a few more (所 站 隊 队 心 團 团 司 處 处 室 府 館 馆 校).
_UNIT_ENDINGS = frozenset("局辦办部委會会城區区院協协所站隊队心團团司處处室府館馆校)）")
#: Prefixes that start a new unit name: 區/区 district, 市 city, 縣/县 county.
_UNIT_PREFIXES = ("區", "区", "市", "縣", "县")
_BRANCH = "分局"  # branch bureau: "余杭分局" alone is the tail of "市…局 余杭分局"


def compact(text: str) -> str:
    """Text without pinyin or spaces, for matching header words.

    >>> compact("序號(hào) ")
    '序號'
    """
    return _SPACES.sub("", strip_pinyin(text))


def split_cells(text: str) -> list[str]:
    """Split a row on delimiter pipes; a pipe glued to text on both sides is text.

    >>> split_cells("1 | 合杭?jí|粝 | 區(qū)局 | ||")
    ['1', '合杭?jí|粝', '區(qū)局', '', '', '']
    """
    cells: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char != "|":
            continue
        before = text[index - 1] if index > 0 else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        glued = not (before.isspace() or after.isspace() or before == "|" or after == "|")
        if not glued:
            cells.append(text[start:index].strip())
            start = index + 1
    cells.append(text[start:].strip())
    return cells


def restore_paragraphs(cell: str) -> str:
    """Turn flattened paragraph breaks ("。 ") back into newlines; strip each paragraph.

    >>> restore_paragraphs("專班。 良渚實驗室完成。")
    '專班。\\n良渚實驗室完成。'
    """
    paragraphs = (p.strip() for p in _PARAGRAPH_BREAK.sub("\n", cell).split("\n"))
    return "\n".join(p for p in paragraphs if p)


def _ends_unit(piece: str) -> bool:
    """Whether ``piece`` can be a whole unit name by its last character."""
    plain = strip_pinyin(piece)
    return bool(plain) and plain[-1] in _UNIT_ENDINGS


def _is_branch_tail(piece: str) -> bool:
    """A bare "<place>分局" that names the branch of the bureau before it."""
    plain = strip_pinyin(piece)
    return plain.endswith(_BRANCH) and not plain.startswith(_UNIT_PREFIXES)


def split_units(cell: str) -> tuple[list[str], bool]:
    """One raw entry per unit, and whether a unit wrapped over a space was joined.

    >>> split_units("區(qū)發(fā)改局 (區(qū)金融辦) 區(qū)經(jīng)信局")
    (['區(qū)發(fā)改局', '(區(qū)金融辦)', '區(qū)經(jīng)信局'], False)
    >>> split_units("市規(guī)劃和自然資源局 余杭分局")
    (['市規(guī)劃和自然資源局 余杭分局'], True)
    """
    units: list[str] = []
    joined = False
    for piece in cell.split():
        if piece.startswith(("(", "（")) or not units or units[-1].startswith(("(", "（")):
            units.append(piece)
        elif not _ends_unit(units[-1]) or _is_branch_tail(piece):
            units[-1] = f"{units[-1]} {piece}"
            joined = True
        else:
            units.append(piece)
    return units, joined


# --- table structure --------------------------------------------------------------------------


@dataclass
class _Record:
    """One table row as assembled from one or more physical lines.

    ``cells`` are the cells after the number: content, units, progress, then any extra.
    """

    line: int
    seq: str
    cells: list[str]
    closed: bool
    flags: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, number: int, text: str) -> _Record:
        cells = split_cells(text)
        return cls(number, cells[0], cells[1:], text.endswith("|"))

    def extend(self, text: str) -> None:
        """Add a following line without a row number.

        After an unterminated line (no closing pipe) the line continues the open last cell.
        After a closed line it repeats the table's columns: a leading empty cell is the blank
        number column, and the cells then continue content, units, progress in turn.
        """
        more = split_cells(text)
        if self.closed:
            if more and not more[0]:
                more = more[1:]
            for index, cell in enumerate(more):
                if index < len(self.cells):
                    self.cells[index] = _join_lines(self.cells[index], cell)
                else:
                    self.cells.append(cell)
        elif self.cells:
            self.cells[-1] = _join_lines(self.cells[-1], more[0])
            self.cells.extend(more[1:])
        else:
            self.cells = more
        self.closed = text.endswith("|")
        if "multiline" not in self.flags:
            self.flags.append("multiline")


def _join_lines(first: str, second: str) -> str:
    """Two pieces of one cell from consecutive lines, joined by a newline (empty pieces dropped)."""
    return "\n".join(piece for piece in (first, second) if piece)


def is_header(text: str) -> bool:
    """Whether a line is this layout's header: 序號 | 重點工作 | 牽頭單位 | …完成情況, in order.

    >>> is_header("序號(hào) | 重點(diǎn)工作 | 牽頭單位 | 半年度工作完成情況 | ||")
    True
    >>> is_header("序号? | 重 点 工 作 任 务? | 牵头领导? | 牵头单位? |")
    False
    """
    if "|" not in text:
        return False
    cells = [compact(c).rstrip("?") for c in split_cells(text)]
    if len(cells) < 4 or cells[0] not in _SEQ_HEADS:
        return False
    wanted = (_CONTENT_HEADS, _UNIT_HEADS, _PROGRESS_HEADS)
    position = 0
    for cell in cells[1:]:
        if any(word in cell for word in _LEADER_HEADS):
            return False
        if position < len(wanted) and any(word in cell for word in wanted[position]):
            position += 1
    return position == len(wanted)


@lru_cache(maxsize=4)  # detect, parse and facts each ask it of the same document
def _header_line(doc: Document) -> int | None:
    """The 1-based number of the header line, if any."""
    if "|" not in doc.text:  # the header is a pipe row: no line of a pipe-less text is one
        return None
    for number, text in doc.numbered():
        if is_header(text):
            return number
    return None


def _starts_row(text: str) -> bool:
    """Whether a line opens a numbered row ("12 | …")."""
    if "|" not in text:
        return False
    return bool(_SEQ.match(split_cells(text)[0]))


def _records(doc: Document) -> list[_Record]:
    """Physical lines after the header grouped into rows."""
    header = _header_line(doc)
    first = header + 1 if header is not None else 1
    records: list[_Record] = []
    current: _Record | None = None
    for number in range(first, len(doc.lines) + 1):
        text = doc.line(number).strip()
        if not text:
            continue
        if _starts_row(text):
            current = _Record.start(number, text)
            records.append(current)
        elif current is not None and (not current.closed or "|" in text):
            current.extend(text)
        else:
            # A note or page chrome outside any open row: it ends the table's current row.
            current = None
    return records


def _seq_flags(seqs: list[str]) -> list[list[str]]:
    """Per row: "seq_duplicate" (number shared with another row), "seq_gap" (numbers skipped
    before this row), "seq_backwards" (number lower than the row before)."""
    counts = Counter(seqs)
    result: list[list[str]] = []
    previous: int | None = None
    for seq in seqs:
        flags = ["seq_duplicate"] if counts[seq] > 1 else []
        value = int(seq)
        if previous is not None and value > previous + 1:
            flags.append("seq_gap")
        elif previous is not None and value < previous:
            flags.append("seq_backwards")
        previous = value
        result.append(flags)
    return result


def _row(record: _Record, seq_flags: list[str]) -> SourceRow | None:
    """The SourceRow of one record; None when it has no task text at all."""
    cells = list(record.cells)
    while cells and not cells[-1]:
        cells.pop()
    content = restore_paragraphs(cells[0]) if cells else ""
    if not content:
        return None
    flags = [*seq_flags, *record.flags]
    units, joined = split_units(cells[1]) if len(cells) > 1 else ([], False)
    if joined:
        flags.append("unit_joined")
    progress_cells = [restore_paragraphs(c) for c in cells[2:] if c.strip()]
    if len(progress_cells) > 1:
        flags.append("extra_cells")
    if len(record.cells) < 3:
        flags.append("missing_cells")
    return SourceRow(
        source_line=record.line,
        seq=record.seq,
        content=content,
        lead_units=units,
        progress="\n".join(progress_cells) or None,
        flags=flags,
    )


def parse(doc: Document) -> Iterator[SourceRow]:
    """Every numbered row below the header, in print order (a repeated number is two rows)."""
    records = _records(doc)
    all_flags = _seq_flags([r.seq for r in records])
    for record, seq_flags in zip(records, all_flags, strict=True):
        row = _row(record, seq_flags)
        if row is not None:
            yield row


# --- detection and facts ----------------------------------------------------------------------


def detect(doc: Document) -> float:
    """Header 序號|重點工作|牽頭單位|…完成情況 (0.55, its signature), numbered pipe rows (0.2),
    inline pinyin (0.25); without the header, at most
    :data:`~govtasks.formats.base.WITHOUT_SIGNATURE` (numbered pipe rows and pinyin are
    printed by other tables too)."""
    return _clues(doc)[0]


def explain(doc: Document) -> list[str]:
    """The evidence :func:`detect` weighs, one line each."""
    return _clues(doc)[1]


def _clues(doc: Document) -> tuple[float, list[str]]:
    """:func:`detect`'s score and :func:`explain`'s lines."""
    header = _header_line(doc)
    score = 0.55 if header is not None else 0.0
    rows = sum(1 for text in doc.lines if _starts_row(text.strip())) if "|" in doc.text else 0
    score += 0.2 * min(1.0, rows / 5)
    annotations = len(PINYIN_ANNOTATION.findall(doc.text))
    score += 0.25 * min(1.0, annotations / 20)
    lines = [
        evidence(header is not None, 0.55, f"header 序號 | 重點工作 | 牽頭單位 | …完成情況{at_line(header)}"),
        evidence(
            rows > 0,
            0.2 * min(1.0, rows / 5) if rows else 0.2,
            f"numbered pipe rows: {rows} (five for +0.20)",
        ),
        evidence(
            annotations > 0,
            0.25 * min(1.0, annotations / 20) if annotations else 0.25,
            f"inline pinyin: {annotations} (20 for +0.25)",
        ),
        *cap_line(header is not None, "no 序號 | 重點工作 | 牽頭單位 | …完成情況 header"),
    ]
    return capped(round(score, 4), header is not None), lines


def _header_period(doc: Document) -> tuple[Period, str] | None:
    """The period the progress column's header names, with that header as printed."""
    number = _header_line(doc)
    if number is None:
        return None
    for cell in split_cells(doc.line(number)):
        plain = compact(cell).translate(_PERIOD_T2S)
        if any(word in plain for word in _PROGRESS_HEADS):
            period = period_from_text(plain)
            if period is not None:
                return period, f"from the progress column header {cell!r} (line {number})"
    return None


def _runner_up(text: str, year: int) -> str:
    """A note naming the next most-mentioned year, to show how clear the choice was.

    >>> _runner_up("2022年 2022年 较2021年", 2022)
    ' (next: 2021年, 1 times)'
    """
    counts = Counter(int(y) for y in _YEAR.findall(text) if int(y) != year)
    if not counts:
        return ""
    other, count = max(counts.items(), key=lambda item: (item[1], item[0]))
    return f" (next: {other}年, {count} times)"


def facts(doc: Document) -> ReportFacts:
    """No page header: district, year and period are inferred, and ``inferred`` says from what."""
    text = strip_pinyin(doc.text)
    inferred: dict[str, str] = {}
    district = most_mentioned_district(fold_script(text))
    if district is not None:
        inferred["district"] = (
            f"from the text: {district[0][:-1]} mentioned {district[1]} times; no page header"
        )
    year = most_mentioned_year(text)
    if year is not None:
        inferred["year"] = f"from the text: {year[0]}年 mentioned {year[1]} times{_runner_up(text, year[0])}"
    period = _header_period(doc)
    if period is not None:
        inferred["period"] = period[1]
    return ReportFacts(
        district=district[0] if district else None,
        year=year[0] if year else None,
        period=period[0] if period else None,
        inferred=inferred,
    )
