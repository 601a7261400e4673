"""余杭区 task assignment list (工作任务分解表): a notice letter, then a pipe-delimited table.

Sample 004. The page's non-breaking spaces became "?" when it was copied, so every cell ends
in "?" padding ("1? | ...? | 祝振伟? 陈夏林? | 区科技局? |"), and a cell holding several
leaders or units separates them with "? ". The same "?" also sits inside two-character names
("沈 ?昱" = 沈昱); those are left for the normalize stage.

Columns: 序号 (seq) · 重点工作任务 (content) · 牵头领导 (lead leaders) · 牵头单位 (lead units).
There is no progress column: the document is the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from govtasks.clean.folding import fold_script
from govtasks.formats.base import (
    at_line,
    cap_line,
    capped,
    district_and_year,
    evidence,
    iso_date,
    period_from_text,
)
from govtasks.models import ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document

NAME = "yuhang_plan"
DESCRIPTION = (
    "余杭区 task assignment list (分解表): notice letter, then 序号|任务|牵头领导|牵头单位 pipe rows"
)
MAX_SCORE = 1.0
#: Text dumps only: saved pages of this site are read by the generic reader.
SOURCE_KINDS: tuple[SourceKind, ...] = ("text",)

#: Column headers as printed, spaces and "?" padding removed: 序号 number, 重点工作任务 key task,
#: 牵头领导 lead leader, 牵头单位 lead unit.
HEADER = ("序号", "重点工作任务", "牵头领导", "牵头单位")
N_CELLS = len(HEADER)

#: A row starts with its number cell: digits, optional "?" padding, then a pipe.
_ROW_START = re.compile(r"^\s*(\d+)\s*\?*\s*\|")
#: Entry separator inside a leader/unit cell: the "?" padding followed by a space, a line break
#: or the end of the cell. A "?" followed by a character ("沈 ?昱") is inside a name.
_ENTRY_SEP = re.compile(r"\?+(?=\s|$)|\n")
#: One leader as printed: two to four Han characters, possibly with the in-name " ?" artifact.
_PERSON = re.compile(r"^[\u4e00-\u9fff](?:\s*\?*\s*[\u4e00-\u9fff]){1,3}$")
#: The date line that closes the notice letter, e.g. "2018年3月18日".
_DATE_LINE = re.compile(r"^20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
#: "附件:" (attachment) prefix in front of the table title in the letter.
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]\s*")
#: 索引号 (index number) if a page prints one; this layout's sample does not.
_INDEX_NO = re.compile(r"索\s*引\s*号\s*[:：|]?\s*([A-Za-z0-9][A-Za-z0-9/\-_.]*)")
#: Words of a signature line that names an issuing office: 人民政府 people's government,
#: 办公室 office.
_ISSUER_WORDS = ("人民政府", "办公室")
#: Title words: 分解表 assignment list, 《政府工作报告》 the Government Work Report.
_TITLE_WORDS = ("分解表", "《政府工作报告》")


# --- cell text --------------------------------------------------------------------------------


def unpad(text: str) -> str:
    """Strip whitespace and the "?" cell padding from both ends of ``text``.

    A leading "?" is padding too: a real name or unit never starts with one.

    >>> unpad(" 区科技局? ")
    '区科技局'
    >>> unpad("沈 ?昱")
    '沈 ?昱'
    """
    return text.strip().strip("?").strip()


def split_entries(cell: str) -> list[str]:
    """One raw entry per leader or unit, in print order; in-name "?" artifacts are kept.

    >>> split_entries("沈 ?昱? 祝振伟? ")
    ['沈 ?昱', '祝振伟']
    >>> split_entries("余杭经济技术开发区? (钱江经济开发区)?")
    ['余杭经济技术开发区', '(钱江经济开发区)']
    >>> split_entries("?")
    []
    """
    if "?" not in cell:
        return split_unmarked(cell)
    return [entry for entry in (unpad(part) for part in _ENTRY_SEP.split(cell)) if entry]


def split_unmarked(cell: str) -> list[str]:
    """Entries of a cell whose no-break spaces survived as spaces instead of becoming "?".

    Then separators and the gap inside a letter-spaced two-character name look alike, so
    whitespace splits and two lone characters in a row are one name, kept as printed.

    >>> split_unmarked("沈  昱  祝振伟 ")
    ['沈  昱', '祝振伟']
    >>> split_unmarked("区科技局  (钱江经济开发区)")
    ['区科技局', '(钱江经济开发区)']
    """
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", cell)]
    entries: list[str] = []
    index = 0
    while index < len(tokens):
        start, end = tokens[index]
        pair = (
            index + 1 < len(tokens) and end - start == 1 and tokens[index + 1][1] - tokens[index + 1][0] == 1
        )
        if pair:
            end = tokens[index + 1][1]
            index += 1
        entries.append(cell[start:end])
        index += 1
    return entries


def cell_text(cell: str) -> str:
    """A text cell without padding; paragraphs (line breaks inside the cell) joined with "\\n".

    >>> cell_text(" 第一段。?\\n 第二段。? ")
    '第一段。\\n第二段。'
    """
    return "\n".join(p for p in (unpad(line) for line in cell.split("\n")) if p)


def header_cells(line: str) -> tuple[str, ...]:
    """The cells of a pipe line with all spaces and "?" removed (headers are letter-spaced).

    >>> header_cells("序号? | 重 点 工 作 任 务? | 牵头领导? | 牵头单位? |")
    ('序号', '重点工作任务', '牵头领导', '牵头单位')
    """
    cells = (re.sub(r"[\s?]", "", cell) for cell in line.split("|"))
    return tuple(cell for cell in cells if cell)


def is_header(line: str) -> bool:
    """Whether ``line`` is the table's column-header row."""
    return "|" in line and header_cells(fold_script(line))[:N_CELLS] == HEADER


# --- rows -------------------------------------------------------------------------------------


@dataclass
class _RawRow:
    """One table row: its number, first line, and its text after the number cell's pipe."""

    start: int
    seq: str
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.parts)

    @property
    def closed(self) -> bool:
        """Whether the three cells after the number and the closing pipe have all been seen."""
        return self.text.count("|") >= N_CELLS - 1


@lru_cache(maxsize=4)  # detect, parse and facts each ask it of the same document
def header_line(doc: Document) -> int | None:
    """1-based number of the column-header line, or None."""
    if "|" not in doc.text:  # the header is a pipe row: no line of a pipe-less text is one
        return None
    for number, line in doc.numbered():
        if is_header(line):
            return number
    return None


def raw_rows(doc: Document) -> list[_RawRow]:
    """Group the lines after the header into rows.

    A row starts at a line that opens with its number cell. Lines that follow it belong to it
    while it still lacks cells (a row broken over several lines); a line that follows a row
    already holding all its cells, or that comes before any row, is not table text (letter,
    page chrome) and is skipped. A row whose last cell lacks the closing pipe is accepted as is.
    """
    start = header_line(doc) or 0
    rows: list[_RawRow] = []
    current: _RawRow | None = None
    for number, line in doc.numbered()[start:]:
        match = _ROW_START.match(line)
        if match is not None:
            current = _RawRow(start=number, seq=match.group(1), parts=[line[match.end() :]])
            rows.append(current)
        elif current is not None and not current.closed and line.strip():
            current.parts.append(line)
        elif current is not None and current.closed:
            current = None
    return rows


def _row_cells(raw: _RawRow) -> list[str]:
    """The cells after the number cell; a trailing empty cell after the closing pipe is dropped."""
    cells = raw.text.split("|")
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _flags(raw: _RawRow, cells: list[str], last: bool) -> list[str]:
    """Flag codes for one row.

    ``truncated``: cells are missing, or the document ends inside its last row (no closing
    pipe); ``extra_cells``: more pipes than columns, the surplus read as units; ``multiline``:
    the row runs over several lines of the file.
    """
    flags: list[str] = []
    if len(cells) < N_CELLS - 1 or (last and not raw.closed):
        flags.append("truncated")
    if len(cells) > N_CELLS - 1:
        flags.append("extra_cells")
    if len(raw.parts) > 1:
        flags.append("multiline")
    return flags


def _source_row(raw: _RawRow, last: bool) -> SourceRow | None:
    """Build the SourceRow of one raw row; None when it has no task text at all."""
    cells = _row_cells(raw)
    content = cell_text(cells[0]) if cells else ""
    if not content:
        return None
    leaders = split_entries(cells[1]) if len(cells) > 1 else []
    # Cells beyond the four printed columns can only be stray pipes inside the unit list.
    units = [entry for cell in cells[2:] for entry in split_entries(cell)]
    return SourceRow(
        source_line=raw.start,
        seq=raw.seq,
        content=content,
        lead_leaders=leaders,
        lead_units=units,
        flags=_flags(raw, cells, last),
    )


def parse(doc: Document) -> Iterator[SourceRow]:
    """Every task row of the table, in print order (see :func:`raw_rows` for the grouping).

    A numbered line with an empty task cell is not a task and yields nothing.
    """
    rows = raw_rows(doc)
    for index, raw in enumerate(rows):
        row = _source_row(raw, last=index == len(rows) - 1)
        if row is not None:
            yield row


# --- detection --------------------------------------------------------------------------------


def _is_good_row(raw: _RawRow) -> bool:
    """A complete four-column row whose leader cell holds only person names."""
    cells = _row_cells(raw)
    if len(cells) != N_CELLS - 1 or not cell_text(cells[0]):
        return False
    leaders = split_entries(cells[1])
    return bool(leaders) and all(_PERSON.match(name) for name in leaders)


def detect(doc: Document) -> float:
    """Score from the header row (0.4, its signature), the share of well-formed rows (0.4) and
    title words (0.2); without the header, at most
    :data:`~govtasks.formats.base.WITHOUT_SIGNATURE` (rows naming a person, and the title words,
    are printed by other plans too).

    Requires the pipe layout: the same document rendered one cell per paragraph scores 0.2.
    """
    return _clues(doc)[0]


def explain(doc: Document) -> list[str]:
    """The evidence :func:`detect` weighs, one line each."""
    return _clues(doc)[1]


def _clues(doc: Document) -> tuple[float, list[str]]:
    """:func:`detect`'s score and :func:`explain`'s lines."""
    score = 0.0
    header = header_line(doc)
    if header is not None:
        score += 0.4
    rows = raw_rows(doc)
    good = sum(1 for raw in rows if _is_good_row(raw))
    if good >= 3:
        score += 0.4 * good / len(rows)
    text = doc.folded_text
    words = [word for word in _TITLE_WORDS if word in text]
    score += sum(0.1 for _ in words)
    lines = [
        evidence(header is not None, 0.4, f"header {' | '.join(HEADER)}{at_line(header)}"),
        evidence(
            good >= 3,
            0.4 * good / len(rows) if good >= 3 else 0.4,
            f"four-cell rows naming persons as leaders: {good} of {len(rows)} (three wanted)",
        ),
        *(evidence(word in words, 0.1, f"title word {word}") for word in _TITLE_WORDS),
        *cap_line(header is not None, f"no {' | '.join(HEADER)} header"),
    ]
    return capped(round(min(score, 1.0), 3), header is not None), lines


# --- facts ------------------------------------------------------------------------------------


def _letter(doc: Document) -> list[tuple[int, str]]:
    """Non-blank lines before the column header, padding removed (the whole text if none)."""
    end = header_line(doc) or len(doc.lines) + 1
    return [(n, unpad(text)) for n, text in doc.paragraphs() if n < end]


def table_title(doc: Document) -> str | None:
    """The title printed right above the table, else the one the letter names as attachment.

    Both read "2018年《政府工作报告》工作任务分解表" in sample 004; the line above the table is
    the table's own heading, the other is the letter's reference to it ("附件:..." prefix).
    """
    letter = _letter(doc)
    for _, text in reversed(letter):
        if "分解表" in text and not _ATTACHMENT.match(fold_script(text)):
            return text
    for _, text in letter:
        # fold_script keeps the length, so the match's end is also the end in ``text``.
        attachment = _ATTACHMENT.match(fold_script(text))
        if attachment and "分解表" in text:
            return text[attachment.end() :]
    return None


def signature(doc: Document) -> tuple[str | None, str | None]:
    """The letter's signature: (issuing office, date as YYYY-MM-DD).

    The office is the line just above the first standalone date line, when it names one.
    """
    letter = _letter(doc)
    for index, (_, text) in enumerate(letter):
        if _DATE_LINE.match(text):
            above = letter[index - 1][1] if index else ""
            issuer = any(word in fold_script(above) for word in _ISSUER_WORDS)
            office = above if issuer and len(above) <= 40 else None
            return office, iso_date(text)
    return None, None


def facts(doc: Document) -> ReportFacts:
    """Title, issuing office and date from the letter; district from the office's name."""
    title = table_title(doc)
    publisher, published = signature(doc)
    district, year, inferred = district_and_year(doc, title, publisher)
    index = _INDEX_NO.search("\n".join(text for _, text in _letter(doc)))
    return ReportFacts(
        district=district,
        year=year,
        period=period_from_text(title) if title else None,
        title=title,
        publisher=publisher,
        published=published,
        index_no=index.group(1) if index else None,
        inferred=inferred,
    )
