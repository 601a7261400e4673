"""Pipe-delimited text tables ("1 | 任务 | 单位 |") into a :class:`~govtasks.tables.grid.Grid`, and any
well-headed grid into task rows (issue 5, points 3 and 4). Not registered as a format yet.

:func:`pipe_grid` is purely syntactic (pipes, lines, spans); :func:`rows_from_grid` knows the
columns (via :mod:`govtasks.tables.columns`) and applies the layout rules: carried-down categories,
section numbers, merged-cell continuation lines, unit lists and the "*" lead mark, truncation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from govtasks.clean.folding import fold_script
from govtasks.tables.columns import Column, ColumnKind, column_map, header_row
from govtasks.tables.grid import Cell, Grid

# --- text to grid -----------------------------------------------------------------------------


def _split_pipe_line(text: str) -> list[str]:
    """The cells of one pipe line: one leading and one trailing pipe dropped, then split.

    >>> _split_pipe_line("| 1 | 区教育局 |")
    ['1', '区教育局']
    >>> _split_pipe_line("新增托位500个。 | 新增托位600个。 | ||")
    ['新增托位500个。', '新增托位600个。', '', '']
    """
    text = text.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [cell.strip() for cell in text.split("|")]


def _is_pipe_only(text: str) -> bool:
    return "|" in text and not text.replace("|", "").strip()


def pipe_grid(lines: Sequence[str], first_line: int = 1) -> Grid:
    """The pipe rows among ``lines`` as a rectangular grid (line numbers from ``first_line``).

    Rules, in the order they are tried on each line:

    * A line with "|" that is not only pipes is a row: cells are split on "|" after dropping
      one leading and one trailing pipe, and stripped.
    * If the table ends its rows with "|" (at least half its pipe lines do) and a row's line
      does not, the row goes on on the next line: a line without pipes adds a paragraph ("\\n")
      to the last cell, and a pipe line's first piece does the same before its other pieces add
      cells. (A row cut off mid-table is therefore glued to the next line; real pages end a row
      without "|" only where the copy stops.)
    * A lone "|" on its own line is a cell break inside the current row: the next line starts a
      new cell of the same row.
    * A line of only pipes and spaces ("||", "| |") is a merged-cell continuation row: every cell
      copies the cell above, with ``from_span=True``.
    * Other lines (text between tables, titles, blank lines outside a row) are not part of the
      grid; blank lines inside an open row are skipped.
    * Short rows are padded to the widest row with empty ``from_span`` cells.

    >>> def texts(grid): return [[c.text for c in row] for row in grid.rows]
    >>> texts(pipe_grid(["序号 | 内容 |", "1 | 甲 |", "||"]))
    [['序号', '内容'], ['1', '甲'], ['1', '甲']]
    >>> texts(pipe_grid(["序号 | 内容 | 单位 |", "1 | 甲", "|", "区局 |"]))
    [['序号', '内容', '单位'], ['1', '甲', '区局']]
    >>> texts(pipe_grid(["序号 | 内容 | 单位 |", "1 | 甲", "乙 | 区局 |", "2 | 丙"]))
    [['序号', '内容', '单位'], ['1', '甲\\n乙', '区局'], ['2', '丙', '']]
    >>> texts(pipe_grid(["标题", "a | b", "c"]))  # no trailing pipes: every line its own row
    [['a', 'b']]
    """
    pipe_lines = [t.strip() for t in lines if "|" in t and not _is_pipe_only(t)]
    # Only when rows normally close with "|" does an unclosed line mean "continued below";
    # tables printed without trailing pipes would otherwise glue every row to the next.
    closing_style = sum(t.endswith("|") for t in pipe_lines) * 2 >= max(len(pipe_lines), 1)

    rows: list[list[Cell]] = []
    open_row = False  # the last row's line did not close it: the next line continues it
    cell_break = False  # a lone "|" just closed the last cell of the open row
    for offset, raw in enumerate(lines):
        number = first_line + offset
        text = raw.strip()
        if text == "|":
            if open_row:
                cell_break = True
            continue
        if _is_pipe_only(text):
            if rows:
                rows.append([Cell(c.text, c.line, True) for c in rows[-1]])
            open_row = cell_break = False
            continue
        if not text:
            continue
        if open_row and rows:
            row = rows[-1]
            pieces = _split_pipe_line(text) if "|" in text else [text]
            if cell_break:
                row.append(Cell(pieces[0], number))
            else:
                last = row[-1]
                joined = f"{last.text}\n{pieces[0]}" if last.text else pieces[0]
                row[-1] = Cell(joined, last.line, last.from_span)
            row.extend(Cell(p, number) for p in pieces[1:])
            cell_break = False
            open_row = "|" not in text or not text.endswith("|")
            continue
        if "|" not in text:
            continue
        rows.append([Cell(p, number) for p in _split_pipe_line(text)])
        open_row = closing_style and not text.endswith("|")
        cell_break = False

    width = max((len(r) for r in rows), default=0)
    return Grid(tuple(tuple(r + [Cell("", r[-1].line, True)] * (width - len(r))) for r in rows))


# --- grid to task rows ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    """One task row as a table prints it, fields split but not normalised.

    ``from_span`` names the fields whose value was not printed in this row but copied from a
    merged cell or carried down from the row above.
    """

    line: int
    seq: str | None
    category: str | None
    category_no: str | None
    content: str
    leaders: list[str]
    lead_units: list[str]
    supporting_units: list[str]
    progress: str | None
    problems: str | None
    next_steps: str | None
    extra: dict[str, str]
    from_span: frozenset[str]
    #: period -> progress, for tables with one progress column per period (一季度 … 四季度)
    progress_by_period: dict[str, str] = field(default_factory=dict)
    truncated: bool = False  # the last row, cut off where the excerpt ends


@dataclass(frozen=True)
class SkippedRow:
    """A grid row below the header that gave no task row, and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class TableRead:
    """What :func:`rows_from_grid` read: task rows (the last may be ``truncated``), the rows it
    skipped, and the header's line (``None``: no header row, nothing read)."""

    rows: list[TableRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    header_line: int | None = None

    @property
    def complete_rows(self) -> list[TableRow]:
        """The rows that are not cut off."""
        return [r for r in self.rows if not r.truncated]


#: Kinds a merged (rowspan) cell typically covers: values a group of rows shares.
_GROUP_KINDS: frozenset[ColumnKind] = frozenset(
    {"seq", "category", "leaders", "lead_units", "supporting_units"}
)
#: A sequence number: "12", "3*", "4.", "5、", "(一)", "一".
_SEQ = re.compile(
    r"^(?:\d{1,3}|[一二三四五六七八九十]{1,3}|[(（][一二三四五六七八九十\d]{1,3}[)）])[*.、．]?$"
)
#: A section number opening a category cell: "一、", "(一)", "（二）", "3、".
_SECTION_NO = re.compile(
    r"^\s*((?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）])\s*"
)
#: Separators between entries of a unit or leader cell: 、 and other list commas, line breaks,
#: runs of two or more spaces.
_LIST_SEP = re.compile(r"[、，,;；\n]|\s{2,}")
#: One Han character: a piece this short is half of a letter-spaced name, never an entry.
_HAN = re.compile(r"^[\u4e00-\u9fff]$")


#: A group heading that names its leading official: "(一)王宏副市长牵头重点工作" — name, then a
#: title (副市长 vice mayor, 常务副区长 executive deputy district head, 区政府党组成员 member of the
#: district government's Party group …), then 牵头/主抓 (leads); or the title first: "区长陈兴立牵头".
_TITLE = r"(?:常务)?(?:副)?(?:省长|市长|区长|县长|州长|旗长|主任|书记|秘书长)|(?:省|市|区|县)政府党组成员"
_LEADS = r"(?:牵头|分管|负责|主抓)"
_LEADER_HEADING = re.compile(rf"^([\u4e00-\u9fff]{{2,3}}?)(?:同志)?(?:{_TITLE}){_LEADS}")
_TITLED_LEADER_HEADING = re.compile(rf"^(?:{_TITLE})([\u4e00-\u9fff]{{2,3}})(?:同志)?{_LEADS}")


def leader_in_heading(text: str) -> str | None:
    """The official a group heading names as its leader (the heading without its number).

    >>> leader_in_heading("王宏副市长牵头重点工作"), leader_in_heading("戴建平常务副市长牵头重点工作")
    ('王宏', '戴建平')
    >>> leader_in_heading("区长陈兴立牵头重点工作"), leader_in_heading("张盈军区政府党组成员牵头重点工作")
    ('陈兴立', '张盈军')
    >>> leader_in_heading("经济发展") is None
    True
    """
    printed = text.strip()
    folded = fold_script(printed)
    match = _LEADER_HEADING.match(folded) or _TITLED_LEADER_HEADING.match(folded)
    return printed[match.start(1) : match.end(1)] if match else None


def split_section_no(text: str) -> tuple[str | None, str]:
    """A category cell's section number, split off.

    >>> split_section_no("一、经济发展")
    ('一', '经济发展')
    >>> split_section_no("(二)民生实事")
    ('(二)', '民生实事')
    >>> split_section_no("地区生产总值")
    (None, '地区生产总值')
    """
    match = _SECTION_NO.match(text)
    if match is None or match.end() == len(text):
        return None, text.strip()
    number = match.group(1).rstrip("、.．")
    return number, text[match.end() :].strip()


def split_list(text: str) -> list[str]:
    """Entries of a unit or leader cell, split on 、 and list commas, line breaks and runs of
    two or more spaces. A one-character piece is glued to the next (a letter-spaced name
    "沈  昱" is one leader, not two), since no unit or name is one character.

    >>> split_list("区财政局、区统计局")
    ['区财政局', '区统计局']
    >>> split_list("教育局\\n卫生健康局  民政局")
    ['教育局', '卫生健康局', '民政局']
    >>> split_list("沈  昱、祝振伟")
    ['沈昱', '祝振伟']
    """
    pieces = [p.strip() for p in _LIST_SEP.split(text)]
    entries: list[str] = []
    pending = ""
    for piece in pieces:
        if not piece:
            continue
        if _HAN.match(pending + piece) and not pending:
            pending = piece
            continue
        entries.append(pending + piece)
        pending = ""
    if pending:
        entries.append(pending)
    return entries


def strip_lead_mark(units: list[str]) -> tuple[list[str], list[str]]:
    """``units`` without the "*" (or "＊") that marks the lead among several, and the marked ones.

    >>> strip_lead_mark(["*区教育局", "区财政局"])
    (['区教育局', '区财政局'], ['区教育局'])
    >>> strip_lead_mark(["区财政局"])
    (['区财政局'], [])
    """
    marked: list[str] = []
    plain = []
    for unit in units:
        bare = unit.strip("*＊ ")
        if bare and bare != unit.strip():
            marked.append(bare)
        if bare:
            plain.append(bare)
    return plain, marked


def lead_and_supporting(lead_cell: str, supporting_cell: str) -> tuple[list[str], list[str]]:
    """Lead and supporting units of a row from its unit cells.

    When "*" marks some units, the marked ones led and the others supported, whichever cell
    they are in (西湖区: "*区城管局 / 区农业农村局"); otherwise the lead cell's units lead.

    >>> lead_and_supporting("*区城管局\\n区住建局", "区财政局")
    (['区城管局'], ['区住建局', '区财政局'])
    >>> lead_and_supporting("区发改局、区统计局", "")
    (['区发改局', '区统计局'], [])
    """
    lead, lead_marked = strip_lead_mark(split_list(lead_cell))
    supporting, supporting_marked = strip_lead_mark(split_list(supporting_cell))
    marked = lead_marked + supporting_marked
    if not marked:
        return lead, supporting
    everyone = lead + supporting
    return marked, [u for u in everyone if u not in marked]


def _realign(row: tuple[Cell, ...], columns: list[Column], above: Sequence[Cell] | None) -> list[Cell]:
    """A merged-cell continuation line put back in its columns, or the row unchanged.

    A rowspan cell is not printed again in the rows it covers, so such a line is short and its
    first cell is not a sequence number (临安区: "新增托位500个。 | 新增托位600个。 | ||"). When
    its printed cells match the table's non-group columns one for one, they are placed there and
    the group columns (序号, category, leaders, units) copy the row above, ``from_span``.
    """
    seq_col = next((c.index for c in columns if c.kind == "seq"), None)
    if above is None or seq_col is None:
        return list(row)
    shifted = _starts_at_seq(row, seq_col, above)
    if shifted is not None:
        return shifted
    first = row[seq_col].text
    if not first or _SEQ.match(first):
        return list(row)
    printed = [c for c in row if not c.from_span]
    while printed and not printed[-1].text:
        printed.pop()
    own = [c for c in columns if c.kind not in _GROUP_KINDS and c.header]
    if len(printed) != len(own):
        return list(row)
    cells = [Cell(a.text, a.line, True) for a in above]
    for column, cell in zip(own, printed, strict=True):
        cells[column.index] = cell
    return cells


def _starts_at_seq(row: Sequence[Cell], seq_col: int, above: Sequence[Cell]) -> list[Cell] | None:
    """A row that leaves out the columns before 序号 (a group column printed only on the first
    row of its group: "大类 | 序号 | …" then "2 | …"), its cells shifted into place and the
    columns before copying the row above, ``from_span``; ``None`` for any other row.

    >>> above = [Cell("一、民生", 2), Cell("1", 2), Cell("甲", 2)]
    >>> row = [Cell("2", 3), Cell("乙", 3), Cell("", 3, True)]
    >>> [(c.text, c.from_span) for c in _starts_at_seq(row, 1, above)]
    [('一、民生', True), ('2', False), ('乙', False)]
    """
    if seq_col == 0 or not _SEQ.match(row[0].text) or _SEQ.match(row[seq_col].text):
        return None
    printed = [c for c in row if not c.from_span]
    if len(printed) != len(row) - seq_col:
        return None
    return [Cell(c.text, c.line, True) for c in above[:seq_col]] + printed


def _first(columns: list[Column], kind: ColumnKind) -> int | None:
    return next((c.index for c in columns if c.kind == kind), None)


#: Between the names of two columns under one spanning header cell: "牵头领导 / 牵头单位".
_HEADER_SEP = re.compile(r"\s*[/／、|]\s*")


def split_spanned_headers(row: Sequence[Cell]) -> list[str]:
    """Header texts, a cell spanning k columns (colspan) split into its k names when it prints
    exactly k names ("牵头领导 / 牵头单位" over two columns); otherwise as printed.

    >>> spanned = "牵头领导 / 牵头单位"
    >>> split_spanned_headers([Cell("序号", 1), Cell(spanned, 1), Cell(spanned, 1, True)])
    ['序号', '牵头领导', '牵头单位']
    """
    texts = [c.text for c in row]
    i = 0
    while i < len(row):
        width = 1
        while i + width < len(row) and row[i + width].from_span and row[i + width].text == row[i].text:
            width += 1
        names = _HEADER_SEP.split(row[i].text.strip())
        if width > 1 and len(names) == width and all(names):
            texts[i : i + width] = names
        i += width
    return texts


def rows_from_grid(grid: Grid, cut_at_end: bool | None = None) -> TableRead:
    """Task rows of ``grid``, below its header row (see :func:`govtasks.tables.columns.header_row`).

    * The category is carried down to rows that leave it empty (printed only on the first row of
      its group), and a section number in it ("一、…", "(一)…") goes to ``category_no``.
    * A row with nothing but a section heading ("二、民生实事") sets the category of the rows
      below and is skipped with reason "section heading"; a group heading naming an official
      ("(一)王宏副区长牵头") gives the rows below, up to the next heading, that leader (when
      they print none), ``from_span``.
    * Merged-cell continuation lines are realigned (see :func:`_realign`); a row that only copies
      the row above (a "||" line) is skipped, reported at the line of the row it copies (its
      cells carry that line).
    * Rows without content are skipped, with their line and reason; a repeated header row too.
    * The last row is ``truncated`` when the caller says the table runs to the end of the file
      (``cut_at_end``), or, when the caller cannot tell (pipe tables: ``None``), when it has
      fewer non-empty printed cells than the header.
    * "*" marks the lead unit among several: see :func:`lead_and_supporting`.

    >>> g = pipe_grid(["序号 | 项目名称 | 项目内容 | 责任单位 |", "1 | 一、教育 | 建学校 | *教育局、财政局 |",
    ...                "2 | | 建幼儿园 | 教育局 |"])
    >>> [(r.seq, r.category_no, r.category, r.content, r.lead_units, r.supporting_units)
    ...  for r in rows_from_grid(g).rows]  # doctest: +NORMALIZE_WHITESPACE
    [('1', '一', '教育', '建学校', ['教育局'], ['财政局']),
     ('2', '一', '教育', '建幼儿园', ['教育局'], [])]
    """
    texts = [[c.text for c in row] for row in grid.rows]
    start = header_row(texts)
    if start is None:
        return TableRead()
    texts[start] = split_spanned_headers(grid.rows[start])
    header = texts[start]
    columns = column_map(header)
    header_count = sum(bool(h) for h in header)
    read = TableRead(header_line=grid.rows[start][0].line)

    content_col = _first(columns, "content")
    assert content_col is not None  # header_row guarantees a content column
    category_col = _first(columns, "category")
    category: tuple[str | None, str] | None = None
    leader: tuple[str, int] | None = None  # named by a group heading: (name, heading line)
    above: list[Cell] | None = None
    body = grid.rows[start + 1 :]
    for position, original in enumerate(body):
        row = _realign(original, columns, above)
        line = next((c.line for c in original if not c.from_span), original[0].line)
        if [c.text for c in row] == header:
            read.skipped.append(SkippedRow(line, "repeated header"))
            continue
        if all(c.from_span for c in row):
            read.skipped.append(SkippedRow(line, "merged-cell line: copies the row above"))
            continue
        above = row
        content = row[content_col]
        filled = [c.text for c in row if c.text and not c.from_span]
        # A heading row: one printed cell, spanning the table (a colspan copies it across).
        heading = len(filled) == 1 and _SECTION_NO.match(filled[0]) and content.text in ("", filled[0])
        if heading:
            number, rest = split_section_no(filled[0])
            name = leader_in_heading(rest)
            if name is not None:
                leader = (name, line)
                read.skipped.append(SkippedRow(line, "group heading naming its leader"))
            else:
                category, leader = (number, rest), None
                read.skipped.append(SkippedRow(line, "section heading"))
            continue
        if not content.text:
            read.skipped.append(SkippedRow(line, "no content"))
            continue

        spans: set[str] = set()
        if category_col is not None and row[category_col].text:
            category = split_section_no(row[category_col].text)
            if row[category_col].from_span:
                spans.add("category")
        elif category is not None:
            spans.add("category")

        values: dict[str, str] = {}
        by_period: dict[str, str] = {}
        extra: dict[str, str] = {}
        for column in columns:
            cell = row[column.index]
            if column.kind == "extra":
                if cell.text:
                    extra[column.header or f"column {column.index + 1}"] = cell.text
                continue
            if column.kind == "category" or not cell.text:
                continue
            if column.period is not None:  # a quarterly table: progress per period
                by_period[column.period] = cell.text
                continue
            values[column.kind] = cell.text
            if cell.from_span:
                spans.add(column.kind)
        if "leaders" not in values and leader is not None:
            spans.add("leaders")  # printed once, in the heading above the group
        lead_units, supporting = lead_and_supporting(
            values.get("lead_units", ""), values.get("supporting_units", "")
        )
        printed = sum(bool(c.text) for c in original if not c.from_span)
        read.rows.append(
            TableRow(
                line=line,
                seq=values.get("seq"),
                category=category[1] if category else None,
                category_no=category[0] if category else None,
                content=content.text,
                leaders=split_list(values["leaders"])
                if "leaders" in values
                else [leader[0]]
                if leader
                else [],
                lead_units=lead_units,
                supporting_units=supporting,
                progress=values.get("progress"),
                problems=values.get("problems"),
                next_steps=values.get("next_steps"),
                extra=extra,
                from_span=frozenset(spans),
                progress_by_period=by_period,
                truncated=position == len(body) - 1
                and (printed < header_count if cut_at_end is None else cut_at_end),
            )
        )
    return read
