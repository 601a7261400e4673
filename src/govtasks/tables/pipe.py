"""Pipe-delimited text tables ("1 | 任务 | 单位 |") into a :class:`~govtasks.grid.Grid`, and any
well-headed grid into task rows (issue 5, points 3 and 4). Not registered as a format yet.

:func:`pipe_grid` is purely syntactic (pipes, lines, spans); :func:`rows_from_grid` knows the
columns (via :mod:`govtasks.tables.columns`) and applies the layout rules: carried-down categories,
section numbers, merged-cell continuation lines, unit lists and the "*" lead mark, truncation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from govtasks.clean.folding import fold_script
from govtasks.clean.units import KIND_WORDS, is_collective, strip_titles
from govtasks.grid import Cell, Grid
from govtasks.tables.columns import Column, ColumnKind, column_map, explain, header_row, normalize_header

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
    if _one_cell_per_line(pipe_lines):
        return _cell_per_line_grid(lines, first_line)
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
    padded = tuple(tuple(r + [Cell("", r[-1].line, True)] * (width - len(r))) for r in rows)
    return Grid(padded, cut_at_end=bool(rows) and open_row)


#: The fewest "cell |" lines that make a table printed one cell per line.
_MIN_CELL_LINES = 6


def _one_cell_per_line(pipe_lines: Sequence[str]) -> bool:
    """Whether the pipe lines print one cell each ("序号 |", "区教育局 |"): nine in ten of them
    hold a single "|", at the end.

    >>> _one_cell_per_line(["序号 |", "内容 |", "单位 |", "1 |", "甲 |", "区局 |"])
    True
    >>> _one_cell_per_line(["序号 | 内容 |", "1 | 甲 |"])
    False
    """
    single = sum(t.count("|") == 1 and t.endswith("|") for t in pipe_lines)
    return single >= _MIN_CELL_LINES and single * 10 >= len(pipe_lines) * 9


def _row_number(text: str) -> int | None:
    """The number of a row's first cell ("24", "3.", "5、"), or ``None``.

    >>> _row_number("24"), _row_number("3、"), _row_number("城管局")
    (24, 3, None)
    """
    match = re.fullmatch(r"(\d{1,3})[.、．]?", text.strip())
    return int(match.group(1)) if match else None


def _cell_per_line_grid(lines: Sequence[str], first_line: int) -> Grid:
    """A table printed one cell per line ("序号 |" / "主要任务 |" / … / "24 |" / "优化提升…。 |")
    as a grid.

    Each line ending in "|" closes a cell; lines without a pipe before it are its earlier
    paragraphs; a lone "|" or "||" is an empty cell. The header is the cells before the first
    row number; a row runs from its number to the next number in sequence (the text cells of a
    row are never the next row's bare number), so rows may be shorter than the header where a
    merged cell is not printed: :func:`rows_from_grid` aligns them (``align_short_rows``). A
    first row longer than the header has cells no header names: nothing is read (an empty grid).

    >>> cells = ["序号 |", "内容 |", "单位 |", "1 |", "甲 |", "区局 |", "2 |", "乙 |", "||"]
    >>> [[c.text for c in row] for row in pipe_grid(["标题", *cells]).rows]
    [['序号', '内容', '单位'], ['1', '甲', '区局'], ['2', '乙', '']]
    """
    cells: list[Cell] = []
    pending: list[tuple[str, int]] = []
    started = False
    for offset, raw in enumerate(lines):
        number = first_line + offset
        text = raw.strip()
        if "|" not in text:
            if started and text:
                pending.append((text, number))
            continue
        started = True
        body = text[:-1].strip() if text.endswith("|") else text
        if _is_pipe_only(text):
            body = ""
        parts = [t for t, _ in pending] + ([body] if body else [])
        line = pending[0][1] if pending else number
        cells.append(Cell("\n".join(parts), line))
        pending = []
    cut = bool(pending)
    if pending:  # a cell the excerpt cuts off
        cells.append(Cell("\n".join(t for t, _ in pending), pending[0][1]))

    first = next((i for i, c in enumerate(cells) if _row_number(c.text) is not None), -1)
    if first < 0:
        return Grid(())
    head = [c for c in cells[:first] if c.text]
    # The header starts at 序号 (or its first header word): a title line above is no column.
    starts = [i for i, c in enumerate(head) if explain(c.text).kind == "seq"]
    starts = starts or [i for i, c in enumerate(head) if explain(c.text).recognised][:1]
    rows: list[list[Cell]] = [head[starts[0] :] if starts else head]
    expected: int | None = None
    for cell in cells[first:]:
        found = _row_number(cell.text)
        if found is not None and (expected is None or found == expected):
            rows.append([cell])
            expected = found + 1
            continue
        rows[-1].append(cell)
    rows = _split_long_rows(rows, cut)
    if len(rows) > 1 and len(rows[1]) > len(rows[0]):
        return Grid(())  # the first row has cells the header does not name: no reading of it
    width = max(len(r) for r in rows)
    return Grid(tuple(tuple(r + [Cell("", r[-1].line, True)] * (width - len(r))) for r in rows if r), cut)


def _row_form(length: int, width: int) -> str | None:
    """How a numbered row of ``length`` cells, longer than a header of ``width``, is printed:
    "lines" (the row's line, then continuation lines of ``width - 1`` cells, its number merged),
    "item" (the same, with one more cell on the first line: an item cell merged over all the
    lines, printed after the number), or ``None`` (neither count fits).

    >>> _row_form(20, 7), _row_form(8, 7), _row_form(13, 7), _row_form(10, 7)
    ('item', 'item', 'lines', None)
    """
    if width < 3 or length <= width:
        return None
    if (length - 2) % (width - 1) == 0:
        return "item"
    if (length - 1) % (width - 1) == 0:
        return "lines"
    return None


def _split_long_rows(rows: list[list[Cell]], cut: bool) -> list[list[Cell]]:
    """The rows of a cell-per-line table (header first), each numbered row longer than the
    header split into its lines.

    A merged cell is printed once, so the lines a row's number spans print one cell fewer than
    the header (岳阳楼: "9 | 深化…改革 | 完成在职参保人数6300人 | 区人社局 | 6300人 | 7558 | 119% | |"
    then "完成征缴基金10000万元 | 区人社局 | …"), and some rows print an item cell more on their
    first line, merged over its lines (the item; the indicator follows): that cell gets a column
    of its own, after 序号, with no header; rows without one leave it empty. The lines after the
    first copy the number (and item), ``from_span``. Rows whose count fits no such reading
    (:func:`_row_form`), but a last row the excerpt cuts off, stay as printed.

    >>> head = [Cell(t, 1) for t in ("序号", "指标", "单位", "完成")]
    >>> rows = [head, [Cell(t, 2) for t in ("1", "甲", "a", "b", "c", "乙", "d", "e")]]
    >>> for r in _split_long_rows(rows, False): print([c.text + "*" * c.from_span for c in r])
    ['序号', '', '指标', '单位', '完成']
    ['1', '甲', 'a', 'b', 'c']
    ['1*', '甲*', '乙', 'd', 'e']
    """
    header, body = rows[0], rows[1:]
    width = len(header)
    if width < 3 or explain(header[0].text).kind != "seq":
        return rows
    forms = [_row_form(len(r), width) for r in body]
    with_item = "item" in forms
    if not with_item and "lines" not in forms:
        return rows
    if cut and body and len(body[-1]) > width and forms[-1] is None:  # cut off inside a line
        forms[-1] = "item" if with_item else "lines"
    out: list[list[Cell]] = [[header[0], Cell("", header[0].line), *header[1:]] if with_item else header]
    for row, form in zip(body, forms, strict=True):
        number = row[0]
        item = row[1] if form == "item" else Cell("", number.line)
        first = width + 1 if form == "item" else width
        lead = list(row[2:first] if form == "item" else row[1:first]) if form else list(row[1:])
        out.append([number, item, *lead] if with_item else [number, *lead])
        if form is None:
            continue
        for at in range(first, len(row), width - 1):
            copies = [Cell(number.text, number.line, True)]
            if with_item:
                copies.append(Cell(item.text, item.line, True))
            out.append([*copies, *row[at : at + width - 1]])
    return out


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
    skipped, the header's line (``None``: no header row, nothing read) and the grid read
    (``None`` for rows joined from several grids), for whoever wants its cells again."""

    rows: list[TableRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    header_line: int | None = None
    grid: Grid | None = None

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


#: A group heading that names its leading official: "(一)王宏副市长牵头重点工作", "区长陈兴立
#: 牵头重点工作" — a name with its title before or after it (副市长 vice mayor, 常务副区长
#: executive deputy district head …; see govtasks.clean.units.strip_titles), then 牵头 (leads),
#: 分管 (is in charge of), 负责 (is responsible for) or 主抓 (takes charge of).
_LEADER_HEADING = re.compile(r"^([\u4e00-\u9fff][\u4e00-\u9fff、]{2,19}?)(?:同志)?(?:牵头|分管|负责|主抓)")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def leader_in_heading(text: str) -> str | None:
    """The official a group heading names as its leader (the heading without its number): a
    name of two or three characters with a title before or after it.

    >>> leader_in_heading("王宏副市长牵头重点工作"), leader_in_heading("戴建平常务副市长牵头重点工作")
    ('王宏', '戴建平')
    >>> leader_in_heading("区长陈兴立牵头重点工作"), leader_in_heading("張盈軍區政府黨組成員牽頭重點工作")
    ('陈兴立', '張盈軍')
    >>> leader_in_heading("李丹常委、常务副区长牵头重点工作")  # two titles apart by "、"
    '李丹'
    >>> leader_in_heading("经济发展") is None, leader_in_heading("各部门分管领导负责") is None
    (True, True)
    >>> leader_in_heading("李丹常委、常务副区长牵头重点工作")  # titles listed with 、
    '李丹'
    """
    text = text.strip()
    match = _LEADER_HEADING.match(fold_script(text))
    if match is None:
        return None
    who = match.group(1).replace("、", "")  # several titles: "常委、常务副区长"
    name = strip_titles(who)
    if name == who or not _NAME.match(name):
        return None  # no title: not a person named by office
    start = fold_script(text).index(name)  # fold_script keeps offsets: the name as printed
    return text[start : start + len(name)]


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

    Separators inside brackets belong to the name ("各区(县、市)政府") or to a note on it,
    which the cleaning reads whole:

    >>> split_list("市发改委,各县(市、区)政府、市经信局(列第一位为牵头,下同)")
    ['市发改委', '各县(市、区)政府', '市经信局(列第一位为牵头,下同)']

    After a collective, a one-character kind is one of the kinds it lists ("各县、市、区政府":
    each county, city and district government), which the cleaning joins:

    >>> split_list("各县、市、区政府")
    ['各县', '市', '区政府']
    """
    pieces = [piece for p in _split_outside_brackets(text) if (piece := p.strip())]
    return glue_lone_characters(pieces, _kind_of_a_collective)


def _kind_of_a_collective(piece: str, before: Sequence[str]) -> bool:
    """Whether a one-character piece is a kind a collective before it lists ("各县、市、区政府")."""
    return piece in KIND_WORDS and bool(before) and is_collective(before[-1])


def glue_lone_characters(
    pieces: Sequence[str], stays_alone: Callable[[str, Sequence[str]], bool] | None = None
) -> list[str]:
    """``pieces`` with each piece of one Han character glued to the piece after it: half of a
    letter-spaced word ("单 位", "沈  昱"), since no header, unit or name is one character; unless
    ``stays_alone(piece, the entries before it)`` says it is one.

    >>> glue_lone_characters(["序号", "单", "位", "备", "注"]), glue_lone_characters(["a", "沈"])
    (['序号', '单位', '备注'], ['a', '沈'])
    """
    entries: list[str] = []
    pending = ""
    for piece in pieces:
        if not pending and _HAN.match(piece) and not (stays_alone and stays_alone(piece, entries)):
            pending = piece
            continue
        entries.append(pending + piece)
        pending = ""
    if pending:
        entries.append(pending)
    return entries


def _split_outside_brackets(text: str) -> list[str]:
    """``text`` split at :data:`_LIST_SEP` matches that no bracket encloses."""
    if not any(ch in text for ch in "(（"):
        return _LIST_SEP.split(text)
    depth_at = []
    depth = 0
    for ch in text:
        depth_at.append(depth)
        depth = depth + 1 if ch in "(（" else max(0, depth - 1) if ch in ")）" else depth
    pieces, start = [], 0
    for match in _LIST_SEP.finditer(text):
        if depth_at[match.start()] == 0:
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


#: Marks printed before the lead unit among several: *, ＊ (full width), ★ (a star).
_LEAD_MARKS = "*＊★"


def strip_lead_mark(units: list[str]) -> tuple[list[str], list[str]]:
    """``units`` without the "*" (or "＊", "★") that marks the lead among several, and the
    marked ones.

    >>> strip_lead_mark(["*区教育局", "区财政局"]), strip_lead_mark(["★财政局", "税务局"])
    ((['区教育局', '区财政局'], ['区教育局']), (['财政局', '税务局'], ['财政局']))
    >>> strip_lead_mark(["区财政局"])
    (['区财政局'], [])
    """
    marked: list[str] = []
    plain = []
    for unit in units:
        bare = unit.strip(_LEAD_MARKS + " ")
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
    >>> lead_and_supporting("区经商局", "区经商局、莲都经开区管委会")
    (['区经商局'], ['莲都经开区管委会'])
    """
    lead, lead_marked = strip_lead_mark(split_spaced_units(split_list(lead_cell)))
    supporting, supporting_marked = strip_lead_mark(split_spaced_units(split_list(supporting_cell)))
    marked = lead_marked + supporting_marked
    if not marked:
        # a 责任单位 list printed before the 牵头单位 column holds the lead too (莲都 q03): the lead
        # leads, and supports no one
        return lead, [u for u in supporting if u not in lead]
    everyone = lead + supporting
    return marked, [u for u in everyone if u not in marked]


def split_spaced_units(entries: Sequence[str]) -> list[str]:
    """Unit entries, one printing several units apart by single spaces split into them: each
    piece names a unit (ends as one does, three characters at least), so the space is no
    line-wrap inside a name (芜湖 p01: "市人力资源社会保障局 市农业农村局"), and opens with a level
    of government (市, 县 …) or 各 (each: a collective, 吉水 p05: "县教体局 各相关乡镇政府"); a
    branch after its bureau is one unit ("市规划和自然资源局 余杭分局").

    >>> split_spaced_units(["市发展改革委 市生态环境局", "各县市区政府"])
    ['市发展改革委', '市生态环境局', '各县市区政府']
    >>> split_spaced_units(["市民政局 伍泽国", "生态环境 拱墅分局", "市规划和自然资源局 余杭分局"])
    ['市民政局 伍泽国', '生态环境 拱墅分局', '市规划和自然资源局 余杭分局']
    """
    out: list[str] = []
    for entry in entries:
        pieces = entry.split()
        if len(pieces) > 1 and all(
            len(p) >= 3 and p[0] in _LEVELS and _UNIT_END.search(p) and not _ESTATE.search(p) for p in pieces
        ):
            out.extend(pieces)
        else:
            out.append(entry)
    return out


#: What a unit's name opens with when it names its government's level (省 province, 市 city, 县
#: county, 区 district, 镇/乡 township) or a collective (各 each).
_LEVELS = "省市县区镇乡各"


def _style(number: str) -> str | None:
    """How a row number is written: "bracketed" ("(1)"), "digits" ("1", "2、") or "han" ("一、").

    >>> _style("(12)"), _style("3、"), _style("一"), _style("建学校")
    ('bracketed', 'digits', 'han', None)
    """
    number = number.strip()
    if not _SEQ.match(number):
        return None
    return "bracketed" if number[0] in "(（" else "digits" if number[0].isdigit() else "han"


def _numbering_style(columns: list[Column], body: Sequence[Sequence[Cell]]) -> str | None:
    """The style of the table's row numbers (:func:`_style`), when at least three rows and four
    in five of its numbered rows are written so; ``None`` otherwise."""
    seq_col = _first(columns, "seq")
    if seq_col is None:
        return None
    styles = [_style(row[seq_col].text) for row in body if seq_col < len(row) and not row[seq_col].from_span]
    written = [s for s in styles if s is not None]
    top = max(set(written), key=written.count, default=None)
    return (
        top
        if top is not None and written.count(top) >= 3 and written.count(top) * 5 >= len(written) * 4
        else None
    )


def _heads_a_group(row: Sequence[Cell], columns: list[Column], content_col: int, style: str | None) -> bool:
    """Whether a row is a group heading printed as a row: numbered in another style than the
    table's rows (芜湖 p01: "1 | 大力提振消费。 | ||" among "(8)", "(9)"), with nothing but its
    number and its text, in a table whose rows name units or leaders."""
    seq_col = _first(columns, "seq")
    if style is None or seq_col is None or not any(c.kind in _NAME_KINDS for c in columns):
        return False
    number = row[seq_col].text
    found = _style(number)
    if found is None or found == style or row[seq_col].from_span:
        return False
    printed = [i for i, c in enumerate(row) if c.text and not c.from_span]
    return printed == sorted({seq_col, content_col}) and len(row[content_col].text) <= 40


_NAME_KINDS: frozenset[ColumnKind] = frozenset({"leaders", "lead_units", "supporting_units"})


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


#: The last word of a unit's name: 局 bureau, 委 commission, 办 office, 中心 centre, 街道 and
#: 镇/乡 townships, 公司/集团 companies, 单位/部门 units, 政府 government, 会 association, 联
#: federation (妇联, 残联) … (a
#: trailing alias "(区金融办)" or 等 "and others" is allowed after it).
_UNIT_END = re.compile(
    r"(?:局|委|办|院|中心|街道|镇|乡|公司|集团|单位|部门|政府|会|联|所|队|处|室|站|馆|社|部|厅|署|区|县|市"
    r"|指挥部|办公室|银行|医院|学校|法院|检察院)"
    r"(?:[(（][^()（）]{1,12}[)）])?(?:等.{0,8})?$"
)
#: A person's name: two to four Han characters, maybe letter-spaced ("俞 悦"), maybe with a title.
_PERSON_NAME = re.compile(
    r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3}(?:同志|(?:常务)?副?(?:市长|区长|县长|书记|主任))?"
)
#: Text of numbers and dates only ("2025", "2024- 2025", "5.2", "139.1%").
_FIGURES = re.compile(r"[\d\s.%％\-—~/年月日]+")
#: A deadline: "10月底前" (before the end of October), "2021年12月底", "6月中旬".
_DEADLINE = re.compile(r"(?:\d{4}\s*[年.]\s*)?\d{1,2}\s*月(?:底|末|份|上旬|中旬|下旬)?(?:前|以前|之前)?")


def looks_like_units(text: str) -> bool:
    """Whether a cell reads as a list of units: every entry ends as a unit's name does.

    >>> looks_like_units("市政局、相关街道"), looks_like_units("市民政局 伍泽国")
    (True, True)
    >>> looks_like_units("已完成。完成筛查人数3495人"), looks_like_units("徐国江")
    (False, False)
    >>> looks_like_units("开工改造城镇老旧小区")
    False
    """
    entries = split_list(fold_script(text))
    if not entries or "。" in text:
        return False
    return all(
        len(entry) <= 30
        and any(_UNIT_END.search(token) and not _ESTATE.search(token) for token in entry.split())
        for entry in entries
    )


#: A housing estate (小区) ends as a district (区) does, but names a place, never an organ: "开工改造
#: 城镇老旧小区" (start renovating old estates) is a task.
_ESTATE = re.compile(r"小区$")


def looks_like_names(text: str) -> bool:
    """Whether a cell reads as people's names (letter-spaced or glued ones included).

    >>> looks_like_names("徐国江"), looks_like_names("陆 明俞 悦"), looks_like_names("城管局")
    (True, True, False)
    """
    names = split_leaders(text)
    return bool(names) and all(_PERSON_NAME.fullmatch(n) and not _UNIT_END.search(n) for n in names)


#: One letter-spaced piece of a leader cell: a lone character is half of a two-character name.
_SPACED = re.compile(r"[\u4e00-\u9fff]+")


def split_leaders(text: str) -> list[str]:
    """People named in a leader cell: :func:`split_list`, then letter-spaced two-character names
    put back together, also when two are printed without a separator ("陆 明俞 悦": 陆明 and 俞悦;
    a two-character name is printed with a space inside, to the width of a three-character one).

    >>> split_leaders("俞 悦"), split_leaders("陆 明俞 悦"), split_leaders("徐国江、王宏")
    (['俞悦'], ['陆明', '俞悦'], ['徐国江', '王宏'])
    """
    names: list[str] = []
    for entry in split_list(text):
        pieces = entry.split()
        if (
            len(pieces) < 2
            or not all(_SPACED.fullmatch(p) for p in pieces)
            or all(len(p) > 1 for p in pieces)
        ):
            names.append(entry)
            continue
        lone = ""
        for piece in pieces:
            rest = piece
            if lone:
                names.append(lone + piece[0])
                rest = piece[1:]
            lone = ""
            if len(rest) == 1:
                lone = rest
            elif rest:
                names.append(rest)
        if lone:
            names.append(lone)
    return names


@lru_cache(maxsize=4096)  # a short row's cells are tried against every column
def _fit(text: str, kind: ColumnKind) -> float:
    """How well a printed cell fits a column of ``kind``: > 0 fits, < 0 does not, 0 cannot tell.

    >>> _fit("24", "seq"), _fit("城管局", "lead_units"), _fit("已完成。", "lead_units")
    (3.0, 2.0, -2.0)
    >>> _fit("10月底前", "content"), _fit("10月底前", "extra")  # a deadline is no task
    (-1.0, 0.0)
    """
    text = text.strip()
    if not text:
        return 0.0
    number = _SEQ.match(text) is not None
    figures = (
        _FIGURES.fullmatch(text) is not None
        or _MEASURED.fullmatch(_PINYIN.sub("", text)) is not None
        or _DEADLINE.fullmatch(text) is not None
    )
    units = looks_like_units(text)
    names = not units and looks_like_names(text)
    if kind == "seq":
        return 3.0 if number else -3.0
    if number or figures:  # a figure may report progress; it names no unit, person or task
        return 0.0 if kind in ("extra", "progress") else -1.0 if kind == "content" else -2.0
    if kind in ("lead_units", "supporting_units"):
        return 2.0 if units else -2.0
    if kind == "leaders":
        return 2.0 if names else -2.0
    if kind in ("content", "category", "progress", "problems", "next_steps"):
        return -1.0 if units or names else 1.0
    return 0.0


#: What skipping a column costs when a short row is aligned: a merged (rowspan) cell is not
#: printed again, and merged cells are typically group columns; trailing columns cost nothing
#: (the row stops early, its last cells empty). A text column (content, progress …) is never
#: skipped inside a row: a row has its own text.
_SKIP_GROUP = 0.5
_SKIP_OTHER = 1.0
_NEVER_SKIPPED: frozenset[ColumnKind] = frozenset({"content", "progress", "problems", "next_steps"})


def skip_cost(kind: ColumnKind) -> float:
    """What leaving a column of ``kind`` out of a short row costs (infinite: never left out).

    >>> skip_cost("lead_units"), skip_cost("extra"), skip_cost("content")
    (0.5, 1.0, inf)
    """
    return _SKIP_GROUP if kind in _GROUP_KINDS else float("inf") if kind in _NEVER_SKIPPED else _SKIP_OTHER


def _fit_profiled(text: str, profile: str) -> float:
    """How well a cell fits an extra column holding one class of cell (:func:`_profiles`): a
    measure column takes measures and refuses figures; a column of figures takes figures and
    dislikes words (a sentence may still report progress there); "-" fits anywhere.

    >>> _fit_profiled("869", "measure"), _fit_profiled("1022", "figure"), _fit_profiled("-", "measure")
    (-1.0, 0.5, 0.0)
    """
    found = _cell_class(text)
    if found == "placeholder" or not text.strip():
        return 0.0
    if profile == "measure":
        return 1.0 if found == "measure" else -1.0 if found == "figure" else 0.0
    return 0.5 if found == "figure" else -0.5


def _align(
    printed: Sequence[Cell],
    columns: list[Column],
    profiles: Mapping[int, str] | None = None,
    closed: frozenset[int] = frozenset(),
) -> list[int]:
    """The column of each printed cell of a short row: the order-keeping placement whose cells
    fit their columns best (:func:`_fit`), skipping columns a merged cell left out; on a tie,
    the row as printed. ``profiles`` (:func:`_profiles`) says which extra columns hold measures or
    figures; ``closed`` columns take no cell (merged with a number the row does not print).

    >>> cols = column_map(["序号", "项目内容", "牵头单位", "落实情况"])
    >>> _align([Cell("2", 1), Cell("新建学校", 1), Cell("已完成。", 1)], cols)
    [0, 1, 3]
    >>> _align([Cell("3", 1), Cell("新建学校", 1), Cell("区教育局", 1)], cols)
    [0, 1, 2]
    """
    k, n = len(printed), len(columns)
    worst = float("-inf")
    # best[i][j]: the best score of placing the first i cells in the first j columns
    best = [[worst] * (n + 1) for _ in range(k + 1)]
    placed_here = [[False] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, n + 1):
        kind = columns[j - 1].kind
        cost = skip_cost(kind)
        for i in range(0, min(j, k) + 1):
            skip = best[i][j - 1] - (0.0 if i == k else cost)
            profile = profiles.get(j - 1) if profiles else None
            fit = _fit_profiled(printed[i - 1].text, profile) if profile else _fit(printed[i - 1].text, kind)
            place = best[i - 1][j - 1] + fit if i and j - 1 not in closed else worst
            best[i][j] = max(place, skip)
            placed_here[i][j] = place > skip  # a tie: the cell stays left, as printed
    targets: list[int] = []
    i, j = k, n
    while i > 0 and j > 0:
        if placed_here[i][j]:
            targets.append(j - 1)
            i -= 1
        j -= 1
    if len(targets) != k or best[k][n] == worst:  # no placement keeps every text column
        return list(range(k))
    return targets[::-1]


def _realign_short(
    row: tuple[Cell, ...],
    columns: list[Column],
    above: Sequence[Cell] | None,
    profiles: Mapping[int, str] | None = None,
) -> list[Cell]:
    """A row printing fewer cells than the header, its cells put in the columns they fit.

    A merged (rowspan) cell is printed only on its first row, so the rows it covers are short
    and their later cells slide left (泰顺: "2 | 项目 | 计划 | 已完成。… | |", the unit merged
    above). Each printed cell goes to the column it reads as (:func:`_align`); a group column it
    skips (序号, category, leaders, units) copies the row above, ``from_span``. A row without a
    number of its own (its 序号 skipped) continues the row above: every column it skips copies
    that row (柯桥: "新增学位810个 | |||||" is a task of row 1, with its unit and progress).
    Rows that fit as printed, rows of a grid that placed its spans itself, and section headings
    are returned unchanged.
    """
    cells = list(row)
    while cells and not cells[-1].text:
        cells.pop()
    width = max((c.index + 1 for c in columns if c.header), default=0)
    if not cells or len(cells) >= width or any(c.from_span for c in cells):
        return list(row)
    if len(cells) == 1 and _SECTION_NO.match(cells[0].text):
        return list(row)
    targets = _align(cells, columns[:width], profiles, _merged_with_seq(cells, columns, above))
    if targets == list(range(len(cells))):
        return list(row)
    seq_col = _first(columns, "seq")
    continuation = seq_col is not None and seq_col not in targets
    last = targets[-1]
    out = [Cell("", c.line, c.from_span) for c in row]
    for column in columns:
        index = column.index
        if index in targets:
            continue
        copies = continuation or (index < last and column.kind in _GROUP_KINDS)
        if copies and above is not None and index < len(above) and above[index].text:
            out[index] = Cell(above[index].text, above[index].line, True)
    for cell, index in zip(cells, targets, strict=True):
        out[index] = cell
    return out


def _merged_with_seq(
    cells: Sequence[Cell], columns: list[Column], above: Sequence[Cell] | None
) -> frozenset[int]:
    """The group columns a short row cannot print when its number is merged: in a numbered
    table, a row not opening with its number is a sub-row of the row above, and the category
    cells between 序号 and the task are merged with the number (嵊州: "新增普惠托位315个 |
    新增普惠托位220个。 | 7月底" is a task, its progress and its deadline, not a new 项目).

    >>> cols = column_map(["序号", "项目", "省工作目标", "牵头单位", "进展情况"])
    >>> above = [Cell(t, 1) for t in ("1", "浙有善育", "新增托育机构", "卫生健康局", "已完成。")]
    >>> sorted(_merged_with_seq([Cell("新增托位", 2), Cell("已完成。", 2)], cols, above))
    [1]
    >>> sorted(_merged_with_seq([Cell("2", 2), Cell("浙里优学", 2)], cols, above))
    []
    """
    seq_col = _first(columns, "seq")
    content_col = _first(columns, "content")
    if seq_col is None or content_col is None or above is None or seq_col >= len(above):
        return frozenset()
    if not cells or _SEQ.match(cells[0].text) or not _SEQ.match(above[seq_col].text):
        return frozenset()
    return frozenset(c.index for c in columns if seq_col < c.index < content_col and c.kind == "category")


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


def _join_sub_header(
    header: list[str], rows: tuple[tuple[Cell, ...], ...], start: int
) -> tuple[list[str], tuple[tuple[Cell, ...], ...]]:
    """A header printed on two lines, read as one: the second line names the columns under the
    header's last cell, which spans them (奉化: "… | 2025年进展情况 | ||" over "截至6月底进展 |
    7月工作计划 |||||||"). It is taken as such when its cells are all header words
    (:func:`~govtasks.tables.columns.explain`), it has no row number, and the header's last
    cell is followed by enough empty cells to span them. Returns the header and the rows, the
    second header line left out.

    >>> g = pipe_grid(["序号 | 任务 | 进展情况 | |", "1-6月 进展 | 7月计划 | |", "1 | 甲 | 乙 | 丙 |"])
    >>> h, rows = _join_sub_header([c.text for c in g.rows[0]], g.rows, 0)
    >>> h, len(rows)
    (['序号', '任务', '1-6月 进展', '7月计划'], 2)
    """
    if start + 1 >= len(rows):
        return header, rows
    below = [c.text for c in rows[start + 1] if c.text and not c.from_span]
    printed = [i for i, h in enumerate(header) if h]
    if not below or not printed or len(below) >= len(printed):
        return header, rows
    if _row_number(below[0]) is not None or not all(explain(t).recognised for t in below):
        return header, rows
    if _SECTION_NO.match(below[0]):  # "一、主要预期目标 | |||": the first group's heading (芜湖 p01)
        return header, rows
    last = printed[-1]
    if last + len(below) > len(header):
        return header, rows
    joined = header[:last] + below + header[last + len(below) :]
    return joined, rows[: start + 1] + rows[start + 2 :]


def spanned_sub_header(
    header: list[str], rows: tuple[tuple[Cell, ...], ...], start: int
) -> tuple[list[str], tuple[tuple[Cell, ...], ...]]:
    """A header of two rows in a table with merged cells (a page's, a sheet's, a Word table's),
    read as one: a header cell spanning several columns ("责任单位" over "牵头单位 | 配合单位")
    is named by the cells printed under it, and the other header cells span both rows. Taken
    as such when every cell of the second row is covered by the header cell above it or prints
    a header word (:func:`~govtasks.tables.columns.explain`) under a header cell spanning
    several columns, and no cell there is a row number. Returns the header and the rows, the
    second header row left out.

    >>> head = Cell("责任单位", 1)
    >>> rows = ((Cell("序号", 1), Cell("任务", 1), head, Cell("责任单位", 1, True)),
    ...         (Cell("序号", 2, True), Cell("任务", 2, True), Cell("牵头单位", 2), Cell("配合单位", 2)),
    ...         (Cell("1", 3), Cell("甲", 3), Cell("区财政局", 3), Cell("区建设局", 3)))
    >>> h, body = spanned_sub_header([c.text for c in rows[0]], rows, 0)
    >>> h, len(body)
    (['序号', '任务', '牵头单位', '配合单位'], 2)
    """
    if start + 1 >= len(rows):
        return header, rows
    top, below = rows[start], rows[start + 1]
    grouped = {i for i in range(1, len(top)) if top[i].from_span and top[i].text == top[i - 1].text}
    grouped |= {i - 1 for i in grouped}  # the group's first cell, printed
    named = []
    for i, (above, cell) in enumerate(zip(top, below, strict=False)):
        if cell.from_span and cell.text == above.text:
            continue  # the header cell spans both rows
        if cell.from_span or i not in grouped or not cell.text.strip():
            return header, rows
        if _row_number(cell.text) is not None or not explain(cell.text).recognised:
            return header, rows
        named.append(i)
    if not named:
        return header, rows
    joined = [below[i].text if i in named else text for i, text in enumerate(header)]
    return joined, rows[: start + 1] + rows[start + 2 :]


#: A date a progress header names: "1-11月", "截至6月底", "1至9月".
_HEADER_MONTH = re.compile(r"(?:\d{1,2}\s*[-—－~至]\s*|截至|截止到?)\s*(\d{1,2})\s*月")


def _latest_progress(columns: list[Column]) -> list[Column]:
    """Of several progress columns (not one per quarter), the one whose header names the latest
    month is the progress, the others extra: a monthly report prints last month's column beside
    this month's (崇川: 1-10月推进情况 · 1-11月推进情况), and a dated column is the report's
    progress beside an undated one (奉化: 具体完成情况, the year's target, · 截至6月底进展).
    Without a dated header the first progress column stays the progress, and of two naming the
    same latest month the first does (招远: 1-9月份工作完成情况 · 1-9月份工作取得成效).

    >>> [c.kind for c in _latest_progress(column_map(["任务", "1-10月推进情况", "1-11月推进情况"]))]
    ['content', 'extra', 'progress']
    >>> [c.kind for c in _latest_progress(column_map(["任务", "1-9月完成情况", "1-9月取得成效"]))]
    ['content', 'progress', 'extra']
    """
    candidates = [
        (c, _HEADER_MONTH.search(c.header))
        for c in columns
        if c.period is None
        and (c.kind == "progress" or (c.kind == "extra" and explain(c.header).kind == "progress"))
    ]
    dated = [(int(m.group(1)), c.index) for c, m in candidates if m]
    if not dated or len(candidates) < 2:
        return columns
    latest = max(month for month, _ in dated)
    chosen = min(index for month, index in dated if month == latest)
    return [
        Column(c.index, "progress", c.header)
        if c.index == chosen
        else Column(c.index, "extra", c.header)
        if c.kind == "progress" and c.period is None
        else c
        for c in columns
    ]


#: Head nouns of a title column (项目 project, 事项 matter, 名称 name) and of a text column
#: (内容 content, 概况 outline): a per-row title beside the text of the task.
_TITLE_NOUNS = frozenset({"项目", "事项", "名称"})
_TEXT_NOUNS = frozenset({"内容", "概况"})


def _text_of_title(columns: list[Column]) -> int | None:
    """The column holding the text of a task whose content column is its short title, or
    ``None``: a content column headed by a title noun (子项目 sub-project) and, right after it,
    a column read as a second content (具体内容 details), kept as extra by the column map.
    The row's content is then its title and its text, one paragraph each.

    >>> _text_of_title(column_map(["序号", "子项目", "具体内容", "进展情况"]))
    2
    >>> _text_of_title(column_map(["序号", "项目内容", "进展情况"])) is None
    True
    """
    content = next((c for c in columns if c.kind == "content"), None)
    if content is None or explain(content.header).head not in _TITLE_NOUNS:
        return None
    after = content.index + 1
    if after < len(columns) and columns[after].kind == "extra":
        reading = explain(columns[after].header)
        if reading.kind == "content" and reading.head in _TEXT_NOUNS:
            return after
    return None


def _title_of_text(columns: list[Column]) -> int | None:
    """The column holding the short title of a task whose content column is its text, or
    ``None``: right before the content, a column headed by a title noun (事项名称 name of the
    matter) kept as extra because the table's category column is another (事项分类 class of
    matters, printed once per group). The row's content is then its title and its text.

    >>> _title_of_text(column_map(["序号", "事项分类", "事项名称", "项目内容", "牵头单位"]))
    2
    >>> _title_of_text(column_map(["序号", "项目名称", "项目内容", "牵头单位"])) is None
    True
    """
    content = next((c for c in columns if c.kind == "content"), None)
    if content is None or content.index == 0 or _first(columns, "category") is None:
        return None
    before = columns[content.index - 1]
    reading = explain(before.header)
    if before.kind == "extra" and reading.kind == "category" and reading.head in _TITLE_NOUNS:
        return before.index
    return None


def _fewest_cells(rows: Sequence[Sequence[Cell]], last: Sequence[Cell]) -> int:
    """The fewest non-empty cells printed among ``rows`` by the rows of the ``last`` row's sort
    (numbered, or continuation lines without a number; a large number when there are none): a
    last row printing at least as many is not taken to be cut off, in a table whose rows are all
    shorter than its header (崇川: 10 header cells, rows of 8 or 9 printed; 岳阳: continuation
    lines of 4 or 5 cells).

    >>> rows = [[Cell("1", 1), Cell("甲", 1)], [Cell("乙", 2)]]
    >>> _fewest_cells(rows, [Cell("2", 3)]), _fewest_cells(rows, [Cell("丙", 3)])
    (2, 1)
    """
    numbered = bool(last) and _row_number(last[0].text) is not None
    counts = [
        sum(bool(c.text) for c in row if not c.from_span)
        for row in rows
        if row and (_row_number(row[0].text) is not None) == numbered
    ]
    return min(counts, default=1 << 16)


#: A figure with its measure, a target's or result's cell: "1300人", "2所", "5.2", "139.1%".
_MEASURED = re.compile(r"[\d.,，%％\-—~/\s]+[\u4e00-\u9fff]{0,2}")
#: A pinyin annotation a garbled copy put after a character: "個(gè)".
_PINYIN = re.compile(r"[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff]+[)）]")
#: The share of a column's cells that decides what it holds.
_MOSTLY = 0.6


def _share(cells: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(test(c) for c in cells) / len(cells) if cells else 0.0


def _is_text(cell: str) -> bool:
    """A cell of words: Han text that is no figure, unit list or name."""
    return (
        re.search(r"[\u4e00-\u9fff]{2}", cell) is not None
        and _MEASURED.fullmatch(cell) is None
        and not looks_like_units(cell)
    )


#: A measure an indicator is counted in, the cell of a 单位 ("unit of measure") column: 个, 人次,
#: 万人, 公里, 元/月/人 (one to three characters, maybe per month or year and person).
_MEASURE_WORD = re.compile(r"[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,2}){0,2}")
#: A cell printed to say "nothing here" in a table of figures.
_PLACEHOLDER = re.compile(r"[-—－/]{1,3}")


def _is_measure(cell: str) -> bool:
    """Whether a cell names a measure (个, 人次, 元/月/人, 增幅(%) growth in per cent), not an
    organisation.

    >>> _is_measure("人次"), _is_measure("元/月/人"), _is_measure("教育局"), _is_measure("600")
    (True, True, False, False)
    >>> _is_measure("增幅(%)"), _is_measure("%")
    (True, True)
    """
    text = _PER_CENT.sub("", _PINYIN.sub("", cell)).strip()
    if not text and cell.strip():
        return True  # "%" alone
    return _MEASURE_WORD.fullmatch(text) is not None and not looks_like_units(text)


@lru_cache(maxsize=4096)  # asked of a short row's cells against every column
def _cell_class(cell: str) -> str:
    """What a cell of a table of figures holds: "placeholder" ("-"), "measure" (人次),
    "figure" ("600", "55.9%", "1300人") or "words".

    >>> [_cell_class(t) for t in ("-", "个", "139.1%", "1300人", "孕产妇免费产前筛查")]
    ['placeholder', 'measure', 'figure', 'figure', 'words']
    """
    text = _PINYIN.sub("", cell).strip()
    if _PLACEHOLDER.fullmatch(text):
        return "placeholder"
    if _is_measure(text):
        return "measure"
    if _FIGURES.fullmatch(text) or _MEASURED.fullmatch(text):
        return "figure"
    return "words"


def _printed_in_full(body: Sequence[Sequence[Cell]], width: int) -> list[Sequence[Cell]]:
    """The rows printing a non-empty cell in each of the first ``width`` columns."""
    return [r for r in body if len(r) >= width and all(c.text and not c.from_span for c in r[:width])]


def _profiles(columns: list[Column], body: Sequence[Sequence[Cell]]) -> dict[int, str]:
    """The extra columns of a table of figures that hold one class of cell (:func:`_cell_class`)
    in the rows printing every cell: "measure" (单位: 万人, 公里) or "figure" (工作目标, 已完成数,
    占比). A short row's cells are placed by them (:func:`_align`): a figure goes to a column of
    figures, not to the measure column a vanished cell left empty (岳阳: "4 减少…以上 869 1022
    117.6% 教体局" prints no measure).

    >>> cols = column_map(["序号", "任务", "计量", "目标值", "责任单位"])
    >>> rows = [[Cell(t, 1) for t in ("1", "新增就业", "万人", "5.2", "人社局")],
    ...         [Cell(t, 2) for t in ("2", "修路", "公里", "1360", "交通局")]]
    >>> _profiles(cols, rows)
    {2: 'measure', 3: 'figure'}
    """
    width = max((c.index + 1 for c in columns if c.header), default=0)
    full = _printed_in_full(body, width)
    if len(full) < 2:
        return {}
    found: dict[int, str] = {}
    for column in columns:
        if column.kind != "extra" or not column.header:
            continue
        classes = [_cell_class(r[column.index].text) for r in full]
        for kind in ("measure", "figure"):
            if classes.count(kind) >= _MOSTLY * len(classes):
                found[column.index] = kind
    return found


#: A per cent sign, maybe bracketed: "(%)", "（％）", "%".
_PER_CENT = re.compile(r"[(（]?\s*[%％]\s*[)）]?")


def _measures_not_units(columns: list[Column], body: Sequence[Sequence[Cell]]) -> list[Column]:
    """A column headed 单位 whose cells are measures (亿元, 增幅(%), 个) is a unit of measure, not
    the units responsible: extra (an indicator table's, 苏州 2018 p13). The rule of
    :func:`_kinds_by_cells` for tables read as grids of cells one by one.

    >>> cols = column_map(["序号", "指标名称", "单位", "苏州市"])
    >>> rows = [[Cell(t, 1) for t in ("1", "地区生产总值", "增幅(%)", "7")],
    ...         [Cell(t, 2) for t in ("2", "固定资产投资", "亿元", "1000")]]
    >>> [c.kind for c in _measures_not_units(cols, rows)]
    ['seq', 'content', 'extra', 'extra']
    """
    lead = next((c for c in columns if c.kind == "lead_units" and normalize_header(c.header) == "单位"), None)
    if lead is None:
        return columns
    cells = [r[lead.index].text for r in body if lead.index < len(r) and r[lead.index].text]
    if len(cells) < 2 or _share(cells, _is_measure) < _MOSTLY:
        return columns
    return [Column(c.index, "extra", c.header, c.period) if c is lead else c for c in columns]


def _kinds_by_cells(columns: list[Column], body: Sequence[Sequence[Cell]]) -> list[Column]:
    """Columns whose header misleads, read by what their cells hold (text tables, where
    the header is all a reader has besides the cells):

    * the content column holds figures ("1300人", "5.2": a target) and another column holds
      the words: that column is the content (岳阳: 项目名称 · 目标任务 "1300人");
    * the unit column holds no units ("万人", "公里": a measure) and one other column holds
      units only (备注 "人力资源社会保障局"): that column is the lead units; with no such column,
      a unit column of measures (个, 人次, 元/月/人) is extra: the table names no units.

    Only rows printing every column but one at most are looked at (shorter rows have shifted
    cells); pinyin a garbled copy put after characters ("個(gè)") is ignored.

    >>> cols = column_map(["序号", "项目名称", "责任单位", "目标任务"])
    >>> rows = [[Cell(t, 1) for t in ("1", "新增城镇就业", "人社局", "8950")],
    ...         [Cell(t, 2) for t in ("2", "建设幼儿园", "教育局", "2所")]]
    >>> [c.kind for c in _kinds_by_cells(cols, rows)]
    ['seq', 'content', 'lead_units', 'extra']
    """
    width = max((c.index + 1 for c in columns if c.header), default=0)
    full = [r for r in body if sum(bool(c.text) for c in r[:width] if not c.from_span) >= width - 1]
    if len(full) < 2:
        return columns
    cells = {
        c.index: [_PINYIN.sub("", r[c.index].text) for r in full if c.index < len(r) and r[c.index].text]
        for c in columns
    }
    kinds = {c.index: c.kind for c in columns}
    content = next((c.index for c in columns if c.kind == "content"), None)
    if (
        content is not None
        and _share(cells[content], lambda t: _MEASURED.fullmatch(t) is not None) >= _MOSTLY
    ):
        words = [
            c.index
            for c in columns
            if c.kind in ("category", "extra") and c.header and _share(cells[c.index], _is_text) >= _MOSTLY
        ]
        if words:
            kinds[words[0]], kinds[content] = "content", "extra"
    lead = next((c.index for c in columns if c.kind == "lead_units"), None)
    if lead is not None and _share(cells[lead], looks_like_units) < 1 - _MOSTLY:
        units = [
            c.index
            for c in columns
            if c.kind == "extra"
            and c.header
            and cells[c.index]
            and _share(cells[c.index], looks_like_units) >= _MOSTLY
        ]
        if len(units) == 1:
            kinds[units[0]], kinds[lead] = "lead_units", "extra"
        elif _share(cells[lead], _is_measure) >= _MOSTLY:  # 单位 a unit of measure: 个, 人次
            kinds[lead] = "extra"
    if kinds == {c.index: c.kind for c in columns}:
        return columns
    return [Column(c.index, kinds[c.index], c.header, c.period) for c in columns]


#: A header naming a completion figure: 已完成数 (the amount done), 完成率 (the share done),
#: 占比 / 占年任务之比 (the share of the year's target), 完成目标(%) (the share of the target
#: done, in per cent).
_COMPLETION = re.compile(r"完成(?:数|量|值|率|比例?)|占.{0,6}比|完成\w{0,4}[(（][%％][)）]$")
#: Remarks (备注): in a table of figures, what the figures do not say.
_REMARKS = frozenset({"备注", "说明"})


def _progress_parts(columns: list[Column], body: Sequence[Sequence[Cell]]) -> list[int]:
    """The columns whose cells together are a row's progress, in a table that reports its
    progress as figures (民生实事 indicator tables: 已完成数 · 占年任务之比 · 备注), or ``[]``.

    Such a table has no progress text: no progress column, or one of figures (1-8月实际完成情况
    "700"), beside completion-figure columns (:data:`_COMPLETION`). Its progress is then the
    figures and the remarks column (what the figures do not say: "设备购进中"), joined in print
    order. A table with a progress text keeps that text (a 完成比例 beside it stays extra).

    >>> cols = column_map(["序号", "考核指标", "工作目标", "已完成数", "占比", "备注"])
    >>> _progress_parts(cols, [])
    [3, 4, 5]
    >>> text = [[Cell(t, 1) for t in ("1", "甲", "已开工。", "50%")]]
    >>> _progress_parts(column_map(["序号", "任务", "进展情况", "完成比例"]), text)
    []
    """
    if any(c.period is not None for c in columns):
        return []
    parts = [c.index for c in columns if c.kind == "extra" and _COMPLETION.search(normalize_header(c.header))]
    if not parts:
        return []
    progress = [c.index for c in columns if c.kind == "progress"]
    if progress:
        cells = [r[progress[0]].text for r in body if progress[0] < len(r) and r[progress[0]].text]
        if _share(cells, lambda t: _cell_class(t) != "words") < _MOSTLY:
            return []
    remarks = [
        c.index
        for c in columns
        if c.kind == "extra" and c.index > parts[0] and explain(c.header).head in _REMARKS
    ]
    return sorted([*progress[:1], *parts, *remarks[:1]])


#: Head nouns of a task's target column beside the task (目标任务 target task, 目标 target).
_TARGET = re.compile(r"目标(?:任务)?$")


def _target_of_content(columns: list[Column], parts: Sequence[int]) -> int | None:
    """The target column of a table that reports its progress as figures (``parts``, see
    :func:`_progress_parts`): right after the content column, headed as a target (目标任务) and
    kept as extra, it says what the indicator promised ("城镇新增就业(人)" · "26000"): the row's
    content is the indicator then its target, as a reader states the task.

    >>> cols = column_map(["序号", "项目内容", "目标任务", "进度", "完成目标(%)", "备注"])
    >>> _target_of_content(cols, [3, 4, 5]), _target_of_content(cols, [])
    (2, None)
    """
    content = _first(columns, "content")
    if not parts or content is None or content + 1 >= len(columns):
        return None
    after = columns[content + 1]
    if after.kind == "extra" and _TARGET.search(normalize_header(after.header)) and after.index not in parts:
        return after.index
    return None


def _item_column(columns: list[Column], body: Sequence[Sequence[Cell]]) -> tuple[int, bool] | None:
    """The item column of a table whose header prints no cell for it, and whether it is the
    category: a column with no header right before the content column, holding words
    (:func:`_split_long_rows` makes one for the item cell printed on a row's first line).

    An item cell printed on every numbered row is a column of the table, the header cell above
    the indicators covering both (岳阳楼 1-6月: item · indicator under one 考核指标): the item is
    the rows' category. Printed on some rows only, it is the first line of that row's content
    (岳阳楼 2017: "深化…改革" before its first sub-indicator).
    """
    content = _first(columns, "content")
    if not content or columns[content - 1].header or columns[content - 1].kind != "extra":
        return None
    index = content - 1
    numbered = [r for r in body if r and not r[0].from_span and _row_number(r[0].text) is not None]
    printed = [r[index].text for r in numbered if r[index].text and not r[index].from_span]
    if not printed or not all(_cell_class(t) == "words" for t in printed):
        return None
    return index, len(printed) == len(numbered)


#: A date or deadline alone: "2021.8", "2021年11月", "10月底前".
_DATE_ONLY = re.compile(r"\d{4}\s*[.\-/]\s*\d{1,2}|" + _DEADLINE.pattern)


def _deadline_and_units(row: Sequence[Cell], columns: list[Column], content_col: int) -> bool:
    """Whether a row prints only a date where the task stands and units (新昌 j13: "2021.8 |
    城投集团" under "对人民中路等3条城区道路进行综合提升改造; | 11月 | 建设局"): no task, but a
    second lead unit of the row above with a deadline of its own.

    >>> cols = column_map(["项目名称", "工作任务", "计划完成时间", "牵头单位"])
    >>> row = [Cell("项目", 1, True), Cell("2021.8", 2), Cell("", 2, True), Cell("城投集团", 2)]
    >>> _deadline_and_units(row, cols, 1), _deadline_and_units([*row[:1], Cell("修路", 2), *row[2:]], cols, 1)
    (True, False)
    """
    content = row[content_col]
    if content.from_span or not _DATE_ONLY.fullmatch(content.text.strip()):
        return False
    printed = [
        (c, column.kind) for c, column in zip(row, columns, strict=False) if c.text and not c.from_span
    ]
    units = [c for c, kind in printed if kind == "lead_units"]
    return bool(units) and len(printed) == len(units) + 1 and all(looks_like_units(c.text) for c in units)


def _numbered_group(columns: list[Column], category: tuple[str | None, str] | None) -> str | None:
    """The row's number from its group cell, in a table with no 序号 column whose group cells
    are numbered as rows are ("1.城市人居环境提升项目" merged over the project's task lines: 新昌
    j13): the rows of a group share its number, as rows under a merged 序号 do.

    >>> cols = column_map(["项目名称", "工作任务", "牵头单位"])
    >>> _numbered_group(cols, ("1", "城市人居环境提升项目")), _numbered_group(cols, ("一", "民生"))
    ('1', None)
    """
    if category is None or category[0] is None or not category[0].isdigit():
        return None
    return None if _first(columns, "seq") is not None else category[0]


def _group_units_filled(rows: list[TableRow]) -> list[TableRow]:
    """Rows of a merged group (a numbered row and the lines continuing it) given the unit the
    group prints on a later line only: a merged cell's text may stand on any of its lines (岳阳:
    item 7's 卫健委 is printed on its second line). Rows printing units of their own keep them.
    """
    out = list(rows)
    start = 0
    while start < len(out):
        end = start + 1
        while end < len(out) and "seq" in out[end].from_span and out[end].seq == out[start].seq:
            end += 1
        printed = next((r for r in out[start:end] if r.lead_units and "lead_units" not in r.from_span), None)
        if printed is not None and not out[start].lead_units:
            for i in range(start, end):
                if out[i].lead_units:
                    break
                out[i] = dataclasses.replace(
                    out[i], lead_units=list(printed.lead_units), from_span=out[i].from_span | {"lead_units"}
                )
        start = end
    return out


def rows_from_grid(grid: Grid, cut_at_end: bool | None = None, align_short_rows: bool = False) -> TableRead:
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
    * With ``align_short_rows`` (text tables, where a merged cell is simply not printed), a row
      shorter than the header has its cells put in the columns they read as
      (:func:`_realign_short`); a header printed on two lines is read as one
      (:func:`_join_sub_header`); of several progress columns the latest dated one is the
      progress (:func:`_latest_progress`).

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
        return TableRead(grid=grid)
    texts[start] = split_spanned_headers(grid.rows[start])
    rows = grid.rows
    if align_short_rows:
        texts[start], rows = _join_sub_header(texts[start], rows, start)
    else:
        texts[start], rows = spanned_sub_header(texts[start], rows, start)
    header = texts[start]
    columns = column_map(header)
    profiles: dict[int, str] = {}
    parts: list[int] = []
    if align_short_rows:
        columns = _kinds_by_cells(_latest_progress(columns), rows[start + 1 :])
    elif (measured := _measures_not_units(columns, rows[start + 1 :])) != columns:
        columns = measured
        if not {c.kind for c in columns} - {"seq", "category", "content", "extra"}:
            return TableRead(grid=grid)  # an indicator table: names and figures, no task table
    # a per-row title column beside the task's text, in any table (pipes or paragraphs)
    text_col = _text_of_title(columns)
    title_col = _title_of_text(columns)
    if align_short_rows:
        profiles = _profiles(columns, rows[start + 1 :])
        parts = _progress_parts(columns, rows[start + 1 :])
    measures = [i for i, kind in profiles.items() if kind == "measure"]
    target_col = _target_of_content(columns, parts)
    item = _item_column(columns, rows[start + 1 :]) if align_short_rows else None
    if item is not None and item[1] and _first(columns, "category") is None:
        columns[item[0]] = Column(item[0], "category", "")
        item = None
    header_count = sum(bool(h) for h in header)
    if align_short_rows:
        header_count = min(header_count, _fewest_cells(rows[start + 1 : -1], rows[-1]))
    read = TableRead(header_line=grid.rows[start][0].line, grid=grid)

    content_col = _first(columns, "content")
    assert content_col is not None  # header_row guarantees a content column
    category_col = _first(columns, "category")
    row_style = _numbering_style(columns, rows[start + 1 :])
    category: tuple[str | None, str] | None = None
    leader: tuple[str, int] | None = None  # named by a group heading: (name, heading line)
    above: list[Cell] | None = None
    body = rows[start + 1 :]
    for position, original in enumerate(body):
        # text tables: cells placed by what they read as first; the count rule of _realign after
        row = _realign_short(original, columns, above, profiles) if align_short_rows else list(original)
        if row == list(original):
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
        if not heading and _heads_a_group(row, columns, content_col, row_style):
            # "1 | 大力提振消费。 | ||" among rows numbered "(8)": a heading of the rows below
            category, leader = (row[_first(columns, "seq") or 0].text, content.text), None
            read.skipped.append(SkippedRow(line, "section heading"))
            continue
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
        if read.rows and _deadline_and_units(row, columns, content_col):
            # "2021.8 | 城投集团": a second unit of the task above, with a deadline of its own
            units = [c.text for c in row if c.text and not c.from_span and c is not content]
            last = read.rows[-1]
            read.rows[-1] = dataclasses.replace(
                last, lead_units=[*last.lead_units, *split_list("、".join(units))]
            )
            read.skipped.append(SkippedRow(line, "a deadline and a unit: another unit of the row above"))
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
        content_text = content.text
        if item is not None and row[item[0]].text and not row[item[0]].from_span:
            content_text = f"{row[item[0]].text}\n{content_text}"  # the item, then its first indicator
            extra.pop(f"column {item[0] + 1}", None)
        if text_col is not None and row[text_col].text:
            # the row's title, then its text (子项目 "sub-project" · 具体内容 "what it is")
            content_text = f"{content.text}\n{row[text_col].text}"
            extra.pop(columns[text_col].header, None)
        if title_col is not None and row[title_col].text and not row[title_col].from_span:
            # the row's title, then its text (事项名称 "name of the matter" · 项目内容 "content")
            content_text = f"{row[title_col].text}\n{content_text}"
            extra.pop(columns[title_col].header, None)
        for index in measures:  # words where the measure stands: a sub-indicator of the row
            if row[index].text and not row[index].from_span and _cell_class(row[index].text) == "words":
                content_text = f"{content_text}\n{row[index].text}"
                extra.pop(columns[index].header, None)
        if target_col is not None and row[target_col].text:
            content_text = f"{content_text}\n{row[target_col].text}"  # the indicator, its target
            extra.pop(columns[target_col].header, None)
        if parts:  # progress told by figures: 已完成数 · 占比 · 备注
            values.pop("progress", None)
            figures = [row[i].text for i in parts if row[i].text]
            if figures:
                values["progress"] = "\n".join(figures)
            for index in parts:
                extra.pop(columns[index].header, None)
        if "leaders" not in values and leader is not None:
            spans.add("leaders")  # printed once, in the heading above the group
        lead_units, supporting = lead_and_supporting(
            values.get("lead_units", ""), values.get("supporting_units", "")
        )
        printed = sum(bool(c.text) for c in original if not c.from_span)
        read.rows.append(
            TableRow(
                line=line,
                seq=values.get("seq") or _numbered_group(columns, category),
                category=category[1] if category else None,
                category_no=category[0] if category else None,
                content=content_text,
                leaders=split_leaders(values["leaders"])
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
                and (grid.cut_at_end or printed < header_count if cut_at_end is None else cut_at_end),
            )
        )
    if align_short_rows:
        read.rows[:] = _group_units_filled(read.rows)
    return read
