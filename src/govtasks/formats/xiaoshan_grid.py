"""萧山区发改局 quarterly grid (sample 001): every table row glued onto one line.

The page has the district CMS info block, a title, then one header line with the five column
names run together (序号 任务内容 工作举措与完成情况 问题与困难 下一步工作打算) and one line per
task row: the 序号 digits, then content, progress, problems and next steps with no delimiter.
Only two hints of the old cell borders survive:

* sentence punctuation: the task content is one sentence of the Government Work Report, and most
  cells end with "。";
* runs of (no-break) spaces: the page indented each paragraph of a cell with a few no-break
  spaces, so a run is a paragraph break, and a change of run width marks a new cell.

The splitter cuts a row into sentence/paragraph units, takes the first unit as the content and
assigns the remaining units, in order, to progress, problems and next steps by scoring cue words
(see :func:`assign_columns`). Three rows of sample 001 have cell borders with no punctuation or
space at all; their split points were read by hand and are listed in :data:`HAND_SPLITS`.

A mirror site may print the page in traditional script. The header, the footer, the seq, the
units and their columns (and the hand-listed splits) are decided on the lines folded to
simplified (:meth:`~govtasks.read.document.Document.folded_paragraphs`, same positions), and every
cell is cut from the printed line at the same positions, so rows stay in the source's script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from govtasks.clean.folding import fold_script
from govtasks.formats.base import at_line, cms_header_facts, evidence
from govtasks.models import ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document

NAME = "xiaoshan_grid"
DESCRIPTION = "萧山区发改局 quarterly grid: 序号·任务内容·工作举措与完成情况·问题与困难·下一步工作打算 glued"
MAX_SCORE = 1.0
#: Text dumps only: saved pages of this site are read by the generic reader.
SOURCE_KINDS: tuple[SourceKind, ...] = ("text",)

#: Column names of the header line: seq, task content, work measures, completion status,
#: problems and difficulties, next-step plan.
HEADER_WORDS: tuple[str, ...] = ("任务内容", "工作举措", "完成情况", "问题与困难", "下一步工作打算")
#: The seq column name, simplified and traditional.
SEQ_WORDS: tuple[str, ...] = ("序号", "序號")

#: Lines that start the page footer: "scan to open on a phone", print, close, previous/next page.
FOOTER_STARTS: tuple[str, ...] = ("扫一扫", "打印本页", "关闭窗口", "上一篇", "下一篇", "【打印", "【关闭")

#: Flag: cell borders of this row were taken from :data:`HAND_SPLITS`.
FLAG_HAND_SPLIT = "split_by_table"
#: Flag: a careful reader could split this row's cells differently (see the report / tests).
FLAG_UNCERTAIN = "split_uncertain"
#: Flag: a line without a 序号 was appended to the row above it.
FLAG_CONTINUATION = "continuation_line"

COLUMNS: tuple[str, ...] = ("content", "progress", "problems", "next_steps")

_SENTENCE_END = "。！？"
_CLOSERS = "”’」』)）"
_SENTENCE = re.compile(f"[{_SENTENCE_END}][{_CLOSERS}]*")
_SPACE_RUN = re.compile(r"[ \t]+")
_ROW_START = re.compile(r"^[ \t]*(\d{1,4})(?!\d)")
#: After a seq, "." or "、" followed by a non-digit is the number's own punctuation.
_SEQ_DELIMITER = re.compile(r"^[.．、](?=\D)")
#: Characters that continue a number ("5G", "80%", "1.6亿"), so digits before them are content.
_NUMBER_CONTINUES = re.compile(r"^(?:[.．%％+~～\-]\d*|[Gg个万亿千百家条宗亩根层幢本名人项件场天户米吨元])")
#: "1." / "2、" opening a numbered item inside a cell (not "1.6亿").
_ITEM_AT_START = re.compile(r"^(\d{1,2})[.．、](?!\d)")
_ITEM_ANYWHERE = re.compile(r"(?:^|[;；。])(\d{1,2})[.．、](?!\d)")

# --- cue words --------------------------------------------------------------------------------
#: Marks of work already done: 已 already, 目前 at present, 截至/截止 as of, 正在 in progress,
#: 累计/累积 cumulative.
DONE_WORDS: tuple[str, ...] = ("已", "目前", "截至", "截止", "正在", "累计", "累积")
#: A quantity with its unit: a number reported as achieved ("24条", "5.99亿元", "100%").
_QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|亿|万|千|家|个|条|宗|亩|根|层|幢|本|名|人次|人|项|件|场|天|户|平方米|立方米|吨|元)"
)
#: Words that open a next-step cell: 下一步/下步 next step, 继续 continue, 加快 speed up,
#: 争取/力争 strive for, 将 will, 坚持 keep to, 抓紧 hurry, 进一步 further, 跟踪 follow up,
#: 督促 urge, 持续 keep on, 计划/拟 plan to, 确保 make sure.
NEXT_OPENERS: tuple[str, ...] = (
    "下一步", "下步", "继续", "加快", "争取", "力争", "将", "坚持", "抓紧", "进一步", "跟踪",
    "督促", "持续", "计划", "拟", "确保",
)  # fmt: skip
#: Plan words anywhere in a unit: strive, before year end, within the year, make sure, asap.
NEXT_WORDS: tuple[str, ...] = ("下一步", "力争", "争取", "年底前", "年内", "确保", "抓紧", "计划", "尽快")
#: Problem words: 尚未/尚有/尚需 not yet/still, 仍有/仍需 still, 难度 difficulty, 困难 hardship,
#: 不足 shortfall, 缺乏/缺口 lack/gap, 制约 constraint, 瓶颈 bottleneck, 滞后 lagging,
#: 影响 affects, 但是 but, 有待 remains to.
PROBLEM_WORDS: tuple[str, ...] = (
    "尚未", "尚有", "尚需", "仍有", "仍需", "难度", "困难", "不足", "缺乏", "缺口", "制约", "瓶颈",
    "滞后", "影响", "但是", "有待",
)  # fmt: skip
#: 需 "needs" (but not 需求 "demand").
_NEEDS = re.compile(r"需(?!求)")

#: Weight of a next-step opener, of a cell border seen in the layout, of a forbidden border.
OPENER_WEIGHT = 3
BORDER_WEIGHT = 3
FORBIDDEN = -1000


@dataclass(frozen=True)
class HandSplit:
    """Cell borders read by hand for one row whose borders have no punctuation or spaces."""

    content: str  # the content cell as printed; the row text (after the seq) starts with it
    cells: tuple[tuple[str, str], ...]  # (column, first characters of that cell), in print order
    uncertain: bool  # another reading is defensible
    why: str


#: Rows of sample 001 the rules cannot split; each decision is argued in the tests.
HAND_SPLITS: tuple[HandSplit, ...] = (
    HandSplit(
        content="大力发展总部经济、楼宇经济,鼓励发展夜间经济",
        cells=(("progress", "在下一轮政策修订中"), ("next_steps", "起草、出台")),
        uncertain=False,
        why="seq 21: no punctuation at all; '…夜间经济|在下一轮…补助政策|起草、出台…'",
    ),
    HandSplit(
        content="加快七彩社区、亚运社区等未来社区建设,全面开展城市社区专职社 区工作者岗位结构调整。",
        cells=(("progress", "亚运社区80多万"), ("problems", "根据省发改委"), ("next_steps", "市区联动出台")),
        uncertain=True,
        why="seq 67: '…前期准备中|根据省发改委…实行创新政策|市区联动出台…'",
    ),
    HandSplit(
        content="加强政府投资项目管理,规范政府投资行为。",
        cells=(
            ("progress", "对政府投资项目一系列文件"),
            ("problems", "《政府投资条例》出台后"),
            ("next_steps", "根据省市政府投资项目管理办法修订情况"),
        ),
        uncertain=False,
        why="seq 164: '…投资效益|《政府投资条例》出台后,需…尚未修订完成|根据省市…'",
    ),
)


@dataclass(frozen=True)
class Unit:
    """A sentence or paragraph of a row, by position in the row text (after the seq)."""

    start: int
    end: int
    text: str
    break_before: int  # width of the space run before it; 0 when glued to the previous unit


@dataclass(frozen=True)
class Split:
    """A row cut into its four cells (stripped, paragraphs joined by newlines)."""

    content: str
    progress: str
    problems: str
    next_steps: str
    flags: tuple[str, ...] = ()


# --- detection ---------------------------------------------------------------------------------


def is_header(line: str) -> bool:
    """Whether ``line`` is the glued column-header line of this layout.

    >>> is_header("序号任务内容工作举措与完成情况问题与困难下一步工作打算")
    True
    >>> is_header("序号 | 项目内容 | 进展情况 | 责任单位 |")
    False
    """
    # Asked of every line: both seq words start with 序, and squeezing keeps every "|", so most
    # lines are ruled out before the whitespace is squeezed out.
    if "序" not in line or "|" in line:
        return False
    squeezed = re.sub(r"\s+", "", line)
    if len(squeezed) > 80:
        return False
    if not any(word in squeezed for word in SEQ_WORDS):
        return False
    return sum(word in squeezed for word in HEADER_WORDS) >= 3


def find_header(doc: Document) -> int | None:
    """1-based number of the first header line (printed in either script), or None."""
    # A blank line is never the header, and is_header squeezes out the spaces a paragraph loses.
    for number, line in doc.folded_paragraphs():
        if is_header(line):
            return number
    return None


def detect(doc: Document) -> float:
    """Score: the glued header line (its signature), then glued rows below it, then the
    Xiaoshan CMS header."""
    return _clues(doc)[0]


def explain(doc: Document) -> list[str]:
    """The evidence :func:`detect` weighs, one line each."""
    return _clues(doc)[1]


def _clues(doc: Document) -> tuple[float, list[str]]:
    """:func:`detect`'s score and :func:`explain`'s lines."""
    header = find_header(doc)
    header_line = evidence(header is not None, 0.55, f"glued header line 序号·任务内容·…{at_line(header)}")
    if header is None:
        return 0.0, [header_line]
    score = 0.55
    glued = sum(1 for line in table_lines(doc, header) if _looks_like_glued_row(line.folded))
    if glued >= 3:
        score += 0.35
    elif glued >= 1:
        score += 0.2
    # Blank lines and the lines' indent do not matter to either test.
    head = "\n".join(text for number, text in doc.folded_paragraphs() if number <= header)
    cms = bool(re.search(r"索\s*引\s*号", head)) or "萧山" in head
    if cms:
        score += 0.1
    rows = f"rows glued to their number below it: {glued} (three wanted, one for +0.20)"
    lines = [
        header_line,
        evidence(glued >= 1, 0.35 if glued >= 3 else 0.2, rows),
        evidence(cms, 0.1, "索引号 or 萧山 above the header"),
    ]
    return min(score, 1.0), lines


def _looks_like_glued_row(line: str) -> bool:
    """A seq glued to a long CJK text, as every row of this layout is."""
    return bool(re.match(r"^\s*\d{1,4}[\u4e00-\u9fff“《]", line)) and len(line.strip()) >= 20


# --- table lines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A table line: its 1-based number, the text as printed, and the text folded to
    simplified (same length), which the rules read."""

    number: int
    text: str
    folded: str


def table_lines(doc: Document, header: int) -> list[Line]:
    """Non-blank lines after the header up to the page footer."""
    out: list[Line] = []
    for number, line, folded in doc.printed_and_folded():
        if number <= header:
            continue
        if folded.startswith(FOOTER_STARTS):
            break
        if is_header(folded):
            continue
        out.append(Line(number, line, folded))
    return out


def split_seq(line: str, previous: int | None) -> tuple[str, str] | None:
    """``(seq, rest)`` when ``line`` starts with a 序号, else None.

    The digit run is the seq unless the digits go on into a quantity ("165G" after seq 15 is
    seq 16 + "5G…"); then the longest prefix above the previous seq is taken.

    >>> split_seq("154汇众智、聚众力", 76)
    ('154', '汇众智、聚众力')
    >>> split_seq("165G网络建设", 15)
    ('16', '5G网络建设')
    >>> split_seq("3.加强管理", 2)
    ('3', '加强管理')
    """
    span = seq_span(line, previous)
    if span is None:
        return None
    start, end, rest = span
    return line[start:end], line[rest:]


def seq_span(line: str, previous: int | None) -> tuple[int, int, int] | None:
    """Where the 序号 of ``line`` starts and ends and where the row text after it starts; None
    when ``line`` starts with no 序号. See :func:`split_seq` for the rule.

    >>> seq_span(" 3. 加强管理", 2), seq_span("165G网络建设", 15)
    ((1, 2, 4), (0, 2, 2))
    """
    match = _ROW_START.match(line)
    if match is None:
        return None
    start, end = match.span(1)
    digits = match.group(1)
    rest = line[end:]
    delimiter = _SEQ_DELIMITER.match(rest)
    if delimiter:
        return start, end, _skip_space(line, end + delimiter.end())
    if not _NUMBER_CONTINUES.match(rest) or len(digits) == 1:
        return start, end, _skip_space(line, end)
    for size in range(len(digits) - 1, 0, -1):
        if previous is None or int(digits[:size]) > previous:
            return start, start + size, start + size
    return start, end, _skip_space(line, end)


def _skip_space(text: str, position: int) -> int:
    """The first position at or after ``position`` that is not whitespace (as ``str.lstrip``)."""
    return len(text) - len(text[position:].lstrip())


# --- splitting a row ---------------------------------------------------------------------------


def is_break(text: str, run: re.Match[str]) -> bool:
    """Whether a space run is a paragraph/cell break (not a stray space inside a sentence).

    Two or more spaces are the page's paragraph indent; a single space counts only after a
    full stop, because stray single spaces sit inside sentences ("各项 扶持政策", "“亲清在线” 平台").

    >>> [is_break(t, _SPACE_RUN.search(t)) for t in ("各项 扶持", "在线” 平台", "显著。 与", "完成。” 下")]
    [False, False, True, True]
    """
    if len(run.group()) >= 2:
        return True
    before = text[: run.start()].rstrip(_CLOSERS)
    return before.endswith(tuple(_SENTENCE_END))


def units_of(text: str) -> list[Unit]:
    """Cut ``text`` into units at breaks and after sentence ends.

    >>> [u.text for u in units_of("甲。乙  丙。丁")]
    ['甲。', '乙', '丙。', '丁']
    >>> [u.break_before for u in units_of("甲。乙  丙。丁")]
    [0, 0, 2, 0]
    """
    units: list[Unit] = []
    position = 0
    pending_break = 0
    for run in [*(r for r in _SPACE_RUN.finditer(text) if is_break(text, r)), None]:
        stop = run.start() if run else len(text)
        units.extend(_sentences(text, position, stop, pending_break))
        if run is not None:
            position = run.end()
            pending_break = len(run.group())
    return units


def _sentences(text: str, start: int, stop: int, break_before: int) -> list[Unit]:
    """Units of one paragraph ``text[start:stop]``, cut after each sentence end."""
    out: list[Unit] = []
    cursor = start
    for match in _SENTENCE.finditer(text, start, stop):
        out.append(Unit(cursor, match.end(), text[cursor : match.end()], break_before if not out else 0))
        cursor = match.end()
    if text[cursor:stop].strip():
        out.append(Unit(cursor, stop, text[cursor:stop], break_before if not out else 0))
    return [u for u in out if u.text.strip()]


def clean_cell(text: str) -> str:
    """Strip a cell and turn its inner paragraph breaks into newlines (stray spaces stay)."""
    pieces: list[str] = []
    position = 0
    for run in _SPACE_RUN.finditer(text):
        if is_break(text, run):
            pieces.append(text[position : run.start()])
            position = run.end()
    pieces.append(text[position:])
    return "\n".join(p.strip() for p in pieces if p.strip())


def _strip_item_number(text: str) -> str:
    match = _ITEM_AT_START.match(text)
    return text[match.end() :] if match else text


def done_score(text: str) -> int:
    """How strongly a unit reports work done (0..3)."""
    hits = sum(word in text for word in DONE_WORDS) + len(_QUANTITY.findall(text))
    return min(hits, 3)


def problem_score(text: str) -> int:
    """How strongly a unit states a problem (0..3)."""
    hits = sum(word in text for word in PROBLEM_WORDS) + (1 if _NEEDS.search(text) else 0)
    return min(hits, 3)


def next_score(text: str, last: bool) -> int:
    """How strongly a unit states a plan; an unmarked last unit leans to the last column."""
    body = _strip_item_number(text.strip())
    score = OPENER_WEIGHT if body.startswith(NEXT_OPENERS) else 0
    score += min(sum(body.count(word) for word in NEXT_WORDS), 2)
    if last and not done_score(text) and not problem_score(text):
        score += 2
    return score


def border_evidence(units: Sequence[Unit], index: int) -> int:
    """Evidence for a cell border before ``units[index]`` (units after the content only).

    A numbered item that goes on from the unit before ("2." after "1.") cannot start a cell;
    a list restarting at "1." or a change of paragraph-indent width does.
    """
    unit = units[index]
    item = _ITEM_AT_START.match(unit.text.strip())
    if item:
        number = int(item.group(1))
        before = [int(n) for n in _ITEM_ANYWHERE.findall(units[index - 1].text.strip())]
        if before and number == before[-1] + 1:
            return FORBIDDEN
        earlier = any(_ITEM_ANYWHERE.search(u.text.strip()) for u in units[:index])
        if number == 1 and earlier:
            return BORDER_WEIGHT
    if unit.break_before:
        widths = [u.break_before for u in units[:index] if u.break_before]
        if widths and widths[-1] != unit.break_before:
            return BORDER_WEIGHT
    return 0


def assign_columns(units: Sequence[Unit]) -> tuple[int, int, bool]:
    """Cut the units after the content into progress | problems | next steps.

    Returns ``(a, b, uncertain)``: progress is ``units[:a]``, problems ``units[a:b]``, next steps
    ``units[b:]``. Every split keeps print order; the best-scoring one wins, ties going to the
    earlier column. Progress is never empty: the 工作举措与完成情况 column is filled in every row,
    so the first unit is progress even when it opens with "继续"; ``uncertain`` is set when the
    split would have been different without that rule.
    """
    n = len(units)
    if n == 0:
        return 0, 0, False
    evidence = [0] + [border_evidence(units, p) for p in range(1, n)]
    done = [done_score(u.text) for u in units]
    problem = [problem_score(u.text) for u in units]
    plan = [next_score(u.text, i == n - 1) for i, u in enumerate(units)]

    def best_from(first: int) -> tuple[int, int, int]:
        best = (FORBIDDEN * 10, 0, 0)
        for a in range(first, n + 1):
            for b in range(a, n + 1):
                score = sum(done[:a]) + sum(problem[a:b]) + sum(plan[b:])
                score += sum(evidence[p] for p in {a, b} if 0 < p < n)
                if (score, a, -b) > (best[0], best[1], -best[2]):
                    best = (score, a, b)
        return best

    score, a, b = best_from(1)
    unconstrained = best_from(0)
    return a, b, unconstrained[0] > score


def split_row(text: str, printed: str | None = None) -> Split:
    """Cut one row's text (after the seq) into its four cells.

    ``text`` is what the rules read; the cells are cut from ``printed`` (the row as printed,
    of which ``text`` is the fold to simplified script: same length) at the same positions.
    """
    shown = text if printed is None else printed
    hand = hand_split(text, shown)
    if hand is not None:
        return hand
    units = units_of(text)
    if not units:
        return Split(content="", progress="", problems="", next_steps="")
    content, rest = units[0], units[1:]
    flags: list[str] = []
    if not _SENTENCE.search(content.text) and not (rest and rest[0].break_before):
        # no full stop and no paragraph break after the content: it may have swallowed cells
        flags.append(FLAG_UNCERTAIN)
    a, b, uncertain = assign_columns(rest)
    if uncertain and FLAG_UNCERTAIN not in flags:
        flags.append(FLAG_UNCERTAIN)
    return Split(
        content=clean_cell(shown[: content.end]),
        progress=_cell(shown, rest[:a]),
        problems=_cell(shown, rest[a:b]),
        next_steps=_cell(shown, rest[b:]),
        flags=tuple(flags),
    )


def _cell(text: str, units: Sequence[Unit]) -> str:
    if not units:
        return ""
    return clean_cell(text[units[0].start : units[-1].end])


def hand_split(text: str, printed: str | None = None) -> Split | None:
    """The split from :data:`HAND_SPLITS` for this row text, if one applies and fits.

    The entries are matched, folded to simplified, against ``text`` (the row folded the same
    way), so they fit a row printed in either script; the cells are cut from ``printed`` (the
    row as printed, same length) at the positions found.
    """
    shown = text if printed is None else printed
    for entry in _folded_hand_splits():
        if not text.startswith(entry.content):
            continue
        cuts: list[tuple[str, int]] = [("content", 0)]
        position = len(entry.content)
        for column, opening in entry.cells:
            found = text.find(opening, position)
            if found < 0:
                return None
            cuts.append((column, found))
            position = found + len(opening)
        cells = dict.fromkeys(COLUMNS, "")
        for i, (column, start) in enumerate(cuts):
            stop = cuts[i + 1][1] if i + 1 < len(cuts) else len(shown)
            cells[column] = clean_cell(shown[start:stop])
        flags = [FLAG_HAND_SPLIT] + ([FLAG_UNCERTAIN] if entry.uncertain else [])
        return Split(**cells, flags=tuple(flags))
    return None


@cache
def _folded_hand_splits() -> tuple[HandSplit, ...]:
    """:data:`HAND_SPLITS` with their texts folded as row texts are (same lengths)."""
    return tuple(
        HandSplit(
            content=fold_script(entry.content),
            cells=tuple((column, fold_script(opening)) for column, opening in entry.cells),
            uncertain=entry.uncertain,
            why=entry.why,
        )
        for entry in HAND_SPLITS
    )


# --- module surface ----------------------------------------------------------------------------


def parse(doc: Document) -> Iterator[SourceRow]:
    """Every task row below the glued header, in print order."""
    header = find_header(doc)
    if header is None:
        return
    rows: list[_RowLines] = []
    previous: int | None = None
    for line in table_lines(doc, header):
        span = seq_span(line.folded, previous)
        if span is None:
            if rows:  # a cell broken onto its own line: join it to the row above as a paragraph
                rows[-1].parts.append(line.text)
                rows[-1].folded_parts.append(line.folded)
                if FLAG_CONTINUATION not in rows[-1].flags:
                    rows[-1].flags.append(FLAG_CONTINUATION)
            continue
        start, end, rest = span
        seq = line.text[start:end]
        previous = int(seq)
        rows.append(_RowLines(line.number, seq, [line.text[rest:]], [line.folded[rest:]], []))
    for row in rows:
        split = split_row("  ".join(row.folded_parts), "  ".join(row.parts))
        if not split.content:
            continue
        yield SourceRow(
            source_line=row.number,
            seq=row.seq,
            content=split.content,
            progress=split.progress,
            problems=split.problems,
            next_steps=split.next_steps,
            flags=[*split.flags, *row.flags],
        )


@dataclass
class _RowLines:
    """One table row being gathered: the line of its seq, the seq, its text after the seq
    and any continuation lines, as printed and folded, and flags."""

    number: int
    seq: str
    parts: list[str]
    folded_parts: list[str]
    flags: list[str]


def title_line(doc: Document) -> str | None:
    """The page title, as printed: the first line above the table naming the Government Work
    Report."""
    limit = find_header(doc) or min(len(doc.lines), 40)
    for number, line, folded in doc.printed_and_folded():
        if number > limit:
            break
        if "政府工作报告" in folded:
            return line
    return None


def facts(doc: Document) -> ReportFacts:
    """Facts from the CMS info block and the title."""
    return cms_header_facts(doc, title_line(doc))
