"""Tables copied one cell per paragraph into :class:`~govtasks.grid.Grid` s (issue 5, point 3).

Copying a CMS page's table as text often loses the table: every cell becomes its own paragraph
(samples-extra 01, 08, 12, 14, 22)::

    序号                 <- the header: one paragraph per header cell
    项目                 <- (a header cell split over two paragraphs: 项目 + 名称)
    名称
    主要工作内容
    牵头单位
    累计完成情况
    1                    <- a row starts at its sequence number
    主要经济指标          <- the category, printed on the first row of its group only
    地区生产总值增长7%。
    区发改经信局
    1-6月,……

The header's cells give the columns (:mod:`govtasks.tables.columns`); the body is cut into rows at the
sequence numbers (1, 2, 3 … — or, when a table prints none, at each paragraph that reads as a
task statement), and the paragraphs of a row are fitted to the columns: text columns take one
paragraph each, the category column none or one (it is printed only on a group's first row),
and unit and leader columns one or more (units one per paragraph, "*" marking the lead). Of the
fits, the one whose paragraphs read most like their columns wins (:func:`fit_row`).

Paragraphs that are not cells are taken out first: a section heading ("一、…" sets the category
of the rows below; "(一)王宏副市长牵头重点工作" names the leader of the group below, in a
``牵头领导`` column the grid gains) and a labelled value ("省牵头单位:省农业农村厅", kept as an
extra column under its label). Judgements, written down: a row that runs to the end of the file
is taken to be cut off (``truncated``); paragraphs a row cannot fit after its last column (text
between two tables) are left out of the grid and listed in :attr:`ParagraphTable.left_out`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from govtasks.clean.folding import fold_script
from govtasks.clean.normalize import strip_pinyin
from govtasks.clean.units import KIND_WORDS, split_unit_list, strip_titles, units_of
from govtasks.grid import Cell, Grid
from govtasks.tables.columns import (
    TABLE_WORDS,
    Column,
    ColumnKind,
    classify,
    column_map,
    explain,
    normalize_header,
)
from govtasks.tables.figure_rows import AlignedRow, align_row, figure_profiles
from govtasks.tables.label_list import closing_labels
from govtasks.tables.pipe import _is_measure, leader_in_heading

Paragraph = tuple[int, str]  # (1-based line, stripped text)

#: The longest paragraph read as a header cell (headers such as "重点工作任务(杭州市2项配合工作)"
#: are long; cells of the body that happen to contain a header word are longer still).
_MAX_HEADER = 32
#: The longest header cell of an unknown kind (kept as extra): "涉及西湖区工作指标".
_MAX_EXTRA_HEADER = 12
#: A printed sequence number: "1", "12", "1*", "3.", "4、".
_SEQ_VALUE = re.compile(r"^(\d{1,3})\s*[*＊.、．]?$")
#: A section heading: "一、…" (a category) or "(一)…" (a group).
_HEADING = re.compile(
    r"^(?:([一二三四五六七八九十]{1,3})、|([(（][一二三四五六七八九十]{1,3}[)）]))\s*(\S.*)$"
)
#: A group's numbering printed alone, its heading in the next paragraph: "(一)", "二、".

#: A labelled value printed as its own paragraph: "省牵头单位:省农业农村厅" (provincial lead unit).
#: Only labels naming units, leaders or departments: a colon inside a progress text is not one.
_LABELLED = re.compile(r"^([\u4e00-\u9fff]{2,8}(?:单位|领导|部门))\s*[:：]\s*(\S.*)$")
#: Punctuation that ends or splits sentences: a unit or a name never holds it.
_SENTENCE = re.compile(r"[。；;！？!?：:]")
#: What statements hold and unit lists do not.
_STATEMENT = re.compile(r"[，,。；;！？!?：:“”\"%％]")
#: Last characters of organisation names: 局 bureau, 委 commission, 办 office, 院 institute or
#: court, 会 committee, 府 government, 处 division, 室 office, 厅 department, 部 ministry, 所
#: station, 中心 centre, 公司 company, 集团 group, 街道 sub-district, 镇/乡 town, 区 zone or district,
#: 城 new town, 园 park, 队 brigade, 站 station, 行 bank, 社 agency, 馆 museum, 团 league, 联
#: federation, 署 office, 台 broadcaster, 组 group, 科 section, 校 school.
_UNIT_END = re.compile(
    r"(?:局|委|办|院|会|府|处|室|厅|部|所|中心|公司|集团|街道|镇|乡|区|城|园|队|站|行|社|馆|团|联|署|台|组|科|校)$"
)
#: A deadline alone: "12月底" (end of December), "6月30日前", "2022年10月".
_DEADLINE_ONLY = re.compile(
    r"^(?:20\d\d\s*年\s*)?\d{1,2}\s*月(?:\d{1,2}日)?(?:底|末|份|上旬|中旬|下旬)?(?:前|以前)?$"
)
#: A figure with its measure word inside a text ("8000人", "17家"): a target or a place, no unit.
_COUNT = re.compile(r"(?<![第\d])\d+\s*(?:余|多)?\s*[人家个所座处户名盏条项间套张]")
#: A numbered point of a progress text: "二是…" (secondly), "②…", "2.…", "(2)…".
_POINT = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|[①-⑳]|\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）])")
#: A section number printed as a paragraph of its own, its heading on the next: "(一)", "二、".
_BARE_NUMBER = re.compile(r"^(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)$")
#: A paragraph all in brackets: "(市国资委)".
_BRACKETED = re.compile(r"^[(（]([^()（）]+)[)）]$")
#: A bracketed note after a unit: "市商务局(市粮食和物资储备局)".
_TRAILING_NOTE = re.compile(r"[(（][^()（）]*[)）]$")
#: Last characters no two- or three-character name ends with but short unit names do ("区府办").
_STRONG_UNIT_END = "局委办院厅部所处室会府"
#: A line that only names an attachment ("附件2", "附件 3:"): the heading of the next table.
_ATTACHMENT_MARK = re.compile(r"^附件\s*\d*\s*[:：]?$")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
#: Page chrome below a table: 分享到 (share to), 扫一扫 (scan to open on a phone), 打印本页
#: (print this page), 关闭窗口 (close the window), 上一篇/下一篇 (previous/next article).
_CHROME = re.compile(
    r"^[•·\s]*[【\[]?(?:分享到?|扫一扫\S{0,12}|打印本页|关闭窗口|上一篇|下一篇)[】\]]?\s*[:：]?\s*$"
)
#: What opens a collective's name (各单位 each unit, 各部门 each department): no person's.
_EACH = "各"
#: The longest header cell holding a year ("2022年预期目标" target for 2022); longer ones are titles.
_MAX_YEAR_HEADER = 10
#: What a table's title holds and a column header does not: a year, a 《book title》.
_TITLE_MARKS = re.compile(r"20\d\d|《")
_LIST_KINDS: frozenset[ColumnKind] = frozenset({"leaders", "lead_units", "supporting_units"})
#: Unit columns: a cell merged over rows leaves them out (a leader cell is left empty too).
_UNIT_KINDS: frozenset[ColumnKind] = frozenset({"lead_units", "supporting_units"})
#: Columns whose cell may span several paragraphs: lists, and progress texts ("①…" / "②…").
_MANY_KINDS = _LIST_KINDS | {"progress"}
#: The most paragraphs in a row whose progress may span several of them.
_MAX_SPREAD = 16
#: Columns of running text after the names: progress, problems, next steps.
_TEXT_KINDS: frozenset[ColumnKind] = frozenset({"progress", "problems", "next_steps"})
#: The header of the column a leader heading fills when the table has no leader column.
LEADER_HEADER = "牵头领导"  # leading official


@dataclass(frozen=True)
class ParagraphTable:
    """One table read from paragraphs: its grid (header row first) and the paragraphs between
    its rows that belong to no cell."""

    grid: Grid
    left_out: list[Paragraph] = field(default_factory=list)
    cut_at_end: bool = False  # its last row runs to the end of the file
    figures: bool = False  # a table of figures, its short rows aligned (tables/figure_rows.py)


# --- recognising paragraphs ---------------------------------------------------------------------


def is_unit_name(text: str) -> bool:
    """Whether ``text`` reads as one or more organisation names.

    >>> is_unit_name("市商务局(市粮食和物资储备局)"), is_unit_name("*区城管局"), is_unit_name("临平新城")
    (True, True, True)
    >>> is_unit_name("生态环境"), is_unit_name("地区生产总值增长7%。"), is_unit_name("(区金融办)")
    (False, False, True)
    >>> is_unit_name("各单位"), is_unit_name("各镇街")  # collectives: each unit of a kind
    (True, True)
    """
    text = text.strip().lstrip("*＊").strip()
    if not text or _SENTENCE.search(text) or len(text) > 120 or _COUNT.search(text):
        return False  # a count names places or people served: "全县17家乡镇卫生院" (松阳 n02)
    if text.startswith(_EACH) and (text[1:] in KIND_WORDS or text.endswith(("单位", "部门"))):
        return True
    if _is_alias(text):  # "(区金融办)" printed apart: another name of the unit before
        return is_unit_name(fold_script(strip_pinyin(text))[1:-1])
    return bool(_UNIT_END.search(_TRAILING_NOTE.sub("", text).strip()))


def is_unit_list(text: str) -> bool:
    """Whether ``text`` is a list of units separated by 、 and commas, each a unit name or a
    kind word of a collective ("各平台、镇街"); inline pinyin and script ignored.

    >>> is_unit_list("區(qū)科技局、區(qū)財政局,各平臺、鎮(zhèn)街"), is_unit_list("建学校、修道路")
    (True, False)
    """
    if _SENTENCE.search(text) or len(text) > 240:
        return False
    parts = split_unit_list(fold_script(strip_pinyin(text)))
    return len(parts) > 1 and all(is_unit_name(p) or p in KIND_WORDS for p in parts)


def _holds_several_units(text: str) -> bool:
    """Whether a paragraph is a list of several units (a collective such as "各平台、镇街" is one).

    >>> _holds_several_units("區(qū)科技局、區(qū)財政局"), _holds_several_units("各平台、镇街")
    (True, False)
    """
    return is_unit_list(text) and len(units_of([fold_script(strip_pinyin(text))])) > 1


def _is_alias(text: str) -> bool:
    """Whether a paragraph is a unit's other name in brackets, printed as its own paragraph under
    the unit (inline pinyin aside): "(市国资委)", "(區(qū)金融辦)"; a bracket of anything else
    ("(含绿道)") is not one.

    >>> _is_alias("(市国资委)"), _is_alias("(區(qū)金融辦)"), _is_alias("(含绿道)")
    (True, True, False)
    """
    match = _BRACKETED.match(strip_pinyin(text.strip()))
    return match is not None and is_unit_name(fold_script(match.group(1)))


def is_person_name(text: str) -> bool:
    """Whether ``text`` reads as a person's name (letter-spacing ignored).

    >>> [is_person_name(t) for t in ("沈  昱", "祝振伟", "临平新城", "区府办", "各单位")]
    [True, True, False, False, False]
    """
    squeezed = re.sub(r"\s+", "", text)
    if not _HAN_NAME.match(squeezed) or squeezed.startswith(_EACH):  # 各单位: each unit, no one
        return False
    if len(squeezed) == 4:
        return not _UNIT_END.search(squeezed)
    return squeezed[-1] not in _STRONG_UNIT_END


def reads_as_statement(text: str) -> bool:
    """Whether ``text`` reads as a task statement or a progress text rather than a name.

    >>> reads_as_statement("地区生产总值增长7%。"), reads_as_statement("余杭经济技术开发区(钱江经济开发区)")
    (True, False)
    """
    return bool(_STATEMENT.search(text)) or len(text) > 30


# Asked of every paragraph, at every start _headers tries, and again for joined pieces.
@lru_cache(maxsize=8192)
def _header_kind(text: str) -> ColumnKind | None:
    """The kind of a header paragraph; ``"extra"`` for a short unknown one; ``None``: not a
    header cell but where a row begins (a number, a section heading, a sentence, a unit list).

    >>> [_header_kind(t) for t in ("完成进度", "目 标 类 型", "1", "(一)经济发展", "区发改局、区财政局")]
    ['progress', 'extra', None, None, None]
    >>> [_header_kind(t) for t in ("(二)", "徐仁标市长牵头重点工作")]
    [None, None]
    """
    if len(text) > _MAX_HEADER or _SEQ_VALUE.match(text) or _SENTENCE.search(text) or section_heading(text):
        return None
    if _BARE_NUMBER.match(text) or leader_in_heading(text):  # "(一)", "王宏市长牵头重点工作"
        return None
    if _TITLE_MARKS.search(text) and (len(text) > _MAX_YEAR_HEADER or "《" in text):
        return None  # "2018年《政府工作报告》工作任务分解表" names a table, not a column
    reading = explain(text)
    unknown = reading.kind == "extra" and not reading.recognised
    if unknown and (len(text) > _MAX_EXTRA_HEADER or any(ch.isdigit() for ch in text) or _is_unit_list(text)):
        return None
    return reading.kind


def _is_unit_list(text: str) -> bool:
    """Units separated by "、": the data of a unit column, never a header."""
    pieces = [p for p in text.split("、") if p.strip()]
    return len(pieces) >= 2 and all(is_unit_name(p) for p in pieces)


def _header_at(paragraphs: Sequence[Paragraph], start: int) -> tuple[list[Paragraph], int] | None:
    """The header cells starting at ``paragraphs[start]`` and the index after them, or ``None``
    when no table header starts there (it must start with a known column, hold a content column
    and two known kinds, and have at least three cells)."""
    cells: list[Paragraph] = []
    i = start
    while i < len(paragraphs):
        line, text = paragraphs[i]
        if cells and _measure_in_brackets(text):  # "完成目标" / "(%)": the cell's measure, wrapped
            cells[-1] = (cells[-1][0], cells[-1][1] + text)
            i += 1
            continue
        kind = _header_kind(text)
        if kind is not None and i + 1 < len(paragraphs) and _split_header_word(text, paragraphs[i + 1][1]):
            cells.append((line, text + paragraphs[i + 1][1]))  # "项目" + "名称"
            i += 2
            continue
        # An unknown first cell opens a header only as the group column before 序号 ("分块").
        group_before_seq = i + 1 < len(paragraphs) and _header_kind(paragraphs[i + 1][1]) == "seq"
        if kind is None or (
            not cells and (kind == "extra" or _TITLE_MARKS.search(text)) and not group_before_seq
        ):
            break
        if cells and leader_in_heading(text) is not None:  # "王宏市长牵头重点工作": the first group
            break
        if cells and _titled_person(text):  # "周阳市长": the first row's leader cell
            break
        if _BARE_NUMBER.match(text):  # "(一)" / "经济发展": the first group's heading, not a header
            break
        cells.append((line, text))
        i += 1
    if len(cells) < 3:  # the usual case, decided before column_map (dropping cells only shrinks)
        return None
    # A header ends where the first row begins: before a printed number every cell is a header
    # cell, whatever it reads like (目标类型 is no name). Without one, a last cell no header word
    # explains is the first row's first cell (a name, a unit, a category: 高质量发展).
    numbered = i < len(paragraphs) and _SEQ_VALUE.match(paragraphs[i][1]) is not None
    while cells and not numbered and not explain(cells[-1][1]).recognised:
        cells.pop()
        i -= 1
    if numbered and len(cells) > 3 and _group_cell_before_number(cells):
        group = cells.pop()  # the first row's group cell, printed before its number (莲都 q03: 发展目标)
        i -= 1
        if len(cells) > 3 and cells[-1][1] == group[1]:  # a merged cell a copy printed twice
            cells.pop()
            i -= 1
    kinds = {c.kind for c in column_map([t for _, t in cells])}
    if len(cells) < 3 or "content" not in kinds or len(kinds - {"extra"}) < 2:
        return None
    return cells, i


def _measure_in_brackets(text: str) -> bool:
    """Whether a paragraph is only a measure in brackets, the end of a header cell wrapped
    before it ("完成目标" / "(%)", "投资额" / "(万元)"); an alias in brackets is no measure.

    >>> [_measure_in_brackets(t) for t in ("(%)", "（万元）", "(市国资委)", "%", "(一)")]
    [True, True, False, False, False]
    """
    bracketed = _BRACKETED.match(text)
    if bracketed is None or _BARE_NUMBER.match(text):  # "(一)": the first group's number
        return False
    return _is_measure(bracketed.group(1))


def _group_cell_before_number(cells: Sequence[Paragraph]) -> bool:
    """Whether the last of a header's cells, right before the first row's number, is that
    row's group cell: the header opens with a group column before 序号 (分类 · 序号 · …), which
    a group's first row prints before its number, and the cell names no column the header lacks
    (莲都 q03: 分类 · 序号 · 事项 · 责任单位 · 牵头单位 · 发展目标, a second task column).

    >>> cells = [(1, "分类"), (2, "序号"), (3, "事项"), (4, "牵头单位"), (5, "发展目标")]
    >>> _group_cell_before_number(cells), _group_cell_before_number(cells[:4] + [(5, "进展情况")])
    (True, False)
    """
    kinds = [c.kind for c in column_map([t for _, t in cells])]
    if kinds[1:2] != ["seq"] or kinds[0] not in ("category", "extra"):
        return False
    last = explain(cells[-1][1])
    return not last.recognised or last.kind in kinds[:-1] or last.kind == "extra"


def _titled_person(text: str) -> bool:
    """Whether a short paragraph is a person named with a title ("周阳市长", "区长王宏"): a leader
    cell, never a header (whose title words, 市长 or 领导, name the column).

    >>> [_titled_person(t) for t in ("周阳市长", "区长王宏", "分管领导", "市长", "牵头领导")]
    [True, True, False, False, False]
    """
    name = strip_titles(text.strip())
    return (
        name != text.strip()
        and 2 <= len(name) <= 3
        and _HAN_NAME.match(name) is not None
        and (explain(name).head is None)
    )


def _split_header_word(first: str, second: str) -> bool:
    """Whether two short header paragraphs are one header split after its qualifier: the second
    is a bare head noun ("名称", "单位") that the first qualifies ("项目" + "名称", "牵头" + "单位").

    >>> pairs = (("项目", "名称"), ("牵头", "单位"), ("牵头", "市领导"), ("序号", "名称"))
    >>> [_split_header_word(*pair) for pair in (*pairs, ("牵头单位", "备注"), ("分块", "序号"))]
    [True, True, True, False, False, False]
    >>> _split_header_word("責(zé)任", "領(lǐng)導(dǎo)")
    True
    >>> _split_header_word("區(qū)政府辦", "協(xié)管責(zé)任人")
    True
    """
    first, second = strip_pinyin(first), strip_pinyin(second)  # "責(zé)任" + "領(lǐng)導(dǎo)"
    if len(first) + len(second) > 9 or classify(first) == "seq" or classify(second) == "seq":
        return False
    joined, alone = explain(first + second), explain(second)
    if alone.head is None or joined.kind == "extra":
        return False
    if alone.head != second.strip():  # "牵头" + "市领导": a qualifier before a whole header
        # ... or an office's name before one ("区政府办" + "协管责任人": its coordinator)
        return not explain(first).recognised and len(first) <= 4 and joined.kind == alone.kind
    # A first paragraph that is a header of its own ("牵头单位" before "备注") stays one, unless
    # the two make a header word of the tables seen (项目 + 名称).
    return not explain(first).recognised or normalize_header(first + second) in TABLE_WORDS


def _is_trailing_text(text: str) -> bool:
    """A short paragraph after a header that is the first body cell, not a header cell: no
    header word explains it, and it reads as a unit or a person's name.

    >>> [_is_trailing_text(text) for text in ("区发改局", "沈昱", "备注", "目标类型")]
    [True, True, False, False]
    """
    return not explain(text).recognised and (is_unit_name(text) or is_person_name(text))


def _headers(paragraphs: Sequence[Paragraph]) -> Iterator[tuple[int, int, list[Paragraph]]]:
    """Every table header: (first index, index after it, its cells)."""
    i = 0
    while i < len(paragraphs):
        found = _header_at(paragraphs, i)
        if found is None:
            i += 1
            continue
        cells, end = found
        yield i, end, cells
        i = end


# --- fitting a row's paragraphs to the columns ----------------------------------------------


def _cell_score(kind: ColumnKind, texts: Sequence[str]) -> float:
    """How well ``texts`` read as the value of a ``kind`` column (higher is better)."""
    if kind == "category":
        if not texts:
            return 0.0
        text = texts[0]
        return 1.0 if len(text) <= 25 and not _SENTENCE.search(text) else -2.0
    if kind == "content":
        text = texts[0]
        return 1.0 if reads_as_statement(text) else (-1.0 if is_unit_name(text) else 0.0)
    if kind == "leaders":
        return sum(1.0 if is_person_name(t) else -3.0 for t in texts)
    if kind == "progress":  # a progress text of several paragraphs: statements, or points
        # a deadline opens none ("12月底": a 完成时限 cell, 松阳 n02)
        opening = -1.0 if texts and _DEADLINE_ONLY.match(texts[0]) else 0.0
        return opening + sum(0.0 if reads_as_statement(t) or _POINT.match(t) else -3.0 for t in texts[1:])
    if kind in ("lead_units", "supporting_units"):
        # an alias paragraph names the unit before it: it cannot open a cell
        score = -3.0 if texts and _is_alias(texts[0]) else 0.0
        for at, text in enumerate(texts):
            if at and _holds_several_units(text):
                # a cell prints its units one per paragraph or as one list: a list after
                # other paragraphs of the cell more likely starts the next cell
                score += 0.5
            elif is_unit_name(text) or is_unit_list(text) or _is_alias(text):
                score += 1.0
            elif _ATTACHMENT_MARK.match(text):
                score -= 3.0  # "附件2" heads the next table: no unit, and no piece of one
            elif not reads_as_statement(text) and len(text) <= 15 and not _COUNT.search(text):
                score += 0.0  # a piece of a unit name split over two paragraphs (a count is none:
                # "8000人以上高血压患者" is a target, 松阳 n02)
            else:
                score -= 3.0
        return score
    return 0.0


def _splits(count: int, limits: Sequence[tuple[int, int]]) -> Iterator[list[int]]:
    """Every way to give ``count`` paragraphs, in order, to columns taking ``(min, max)`` each.

    >>> list(_splits(3, [(0, 1), (1, 1), (1, 3)]))
    [[0, 1, 2], [1, 1, 1]]
    """
    # What the columns after column i take at least and at most, summed once (fit_row asks for
    # the splits of every count, and each level of the walk used to re-add them).
    rest_min = [0] * (len(limits) + 1)
    rest_max = [0] * (len(limits) + 1)
    for i in range(len(limits) - 1, -1, -1):
        rest_min[i] = rest_min[i + 1] + limits[i][0]
        rest_max[i] = rest_max[i + 1] + limits[i][1]

    def walk(i: int, left: int) -> Iterator[list[int]]:
        if i == len(limits):
            if left == 0:
                yield []
            return
        low, high = limits[i]
        for taken in range(low, min(high, left) + 1):
            if rest_min[i + 1] <= left - taken <= rest_max[i + 1]:
                for tail in walk(i + 1, left - taken):
                    yield [taken, *tail]

    yield from walk(0, count)


def fit_row(
    kinds: Sequence[ColumnKind], texts: Sequence[str], merged_first: bool = False, merged_units: bool = False
) -> tuple[list[int], int]:
    """How many of a row's paragraphs each column takes, and how many are left over.

    Text columns take one paragraph, the category none or one, unit and leader columns one or
    more. The best-scoring fit wins; ties go to the first in :func:`_splits` order (earlier
    columns taking fewer). ``merged_units``: a row with too few paragraphs for its columns may
    leave out the cells merged with the row above (the category, units, leaders), which it
    copies. A row with too few paragraphs otherwise (cut off) fills its columns in order;
    one with more than its columns can take leaves the rest over. ``merged_first``: the first
    column is a leaders' cell merged over its rows, printed on the first only (it may take none).

    >>> kinds = ["category", "content", "lead_units", "progress"]
    >>> fit_row(kinds, ["主要经济指标", "增长7%。", "区发改局", "已完成。"])
    ([1, 1, 1, 1], 0)
    >>> fit_row(kinds, ["任务。", "生态环境", "拱墅分局", "已完成。"])
    ([0, 1, 2, 1], 0)
    >>> fit_row(["content", "leaders", "lead_units"], ["任务。", "祝振伟", "陈夏林", "临平新城"])
    ([1, 2, 1], 0)
    """
    # The fits grow with a power of the paragraphs per flexible column: a long row (a table's
    # last row running into the text after it) gives progress one paragraph, as lists do not.
    many = _MANY_KINDS if len(texts) <= _MAX_SPREAD else _LIST_KINDS
    limits = [(0, 1) if kind == "category" else (1, len(texts)) if kind in many else (1, 1) for kind in kinds]
    if merged_first and kinds[:1] == ["leaders"]:  # and a remark left empty is not printed
        limits = [
            (0, high) if i == 0 or kind == "extra" else (low, high)
            for i, (kind, (low, high)) in enumerate(zip(kinds, limits, strict=True))
        ]
    # The splits share their cells: score each (column, first paragraph, count) once. Summed column
    # by column as before, so the scores (and ties) are the same.
    cell_scores: dict[tuple[int, int, int], float] = {}

    def fit_score(split: Sequence[int]) -> float:
        score, at = 0.0, 0
        for column, (kind, taken) in enumerate(zip(kinds, split, strict=True)):
            key = (column, at, taken)
            cell = cell_scores.get(key)
            if cell is None:
                cell = cell_scores[key] = _cell_score(kind, texts[at : at + taken])
            score += cell
            at += taken
        return score

    def search(limits: Sequence[tuple[int, int]]) -> tuple[float, list[int], int] | None:
        best: tuple[float, list[int], int] | None = None
        for count in range(len(texts), -1, -1):
            for split in _splits(count, limits):
                # Each paragraph left over costs: a fit that uses every paragraph sensibly wins.
                score = fit_score(split) - (len(texts) - count)
                if best is None or score > best[0]:
                    best = (score, split, len(texts) - count)
        return best

    best = search(limits)
    surplus = len(texts) > sum(kind != "category" for kind in kinds) and "content" in kinds
    if surplus and best is not None and _misfits(best[1], cell_scores, kinds):
        # more paragraphs than columns, read against them: a task may print two (松阳 n02: what
        # is done, then the target "8000人以上高血压患者"); asked of such rows only, it costs little
        wider = list(limits)
        wider[kinds.index("content")] = (1, 2)
        other = search(wider)
        if other is not None and other[0] > best[0]:
            best = other
    if best is None and ("leaders" in kinds or "extra" in kinds):
        # Too few paragraphs for every column: a leader cell left empty (or merged with the row
        # above) or an empty remark is not printed, so the units stay units.
        optional = ("leaders", "extra")
        limits = [
            (0, high) if kind in optional else (low, high)
            for kind, (low, high) in zip(kinds, limits, strict=True)
        ]
        if merged_units:  # cells merged with the row above: its group and its units (松阳 n02)
            limits = [
                (0, 0) if kind == "category" else (0, high) if kind in _UNIT_KINDS else (low, high)
                for kind, (low, high) in zip(kinds, limits, strict=True)
            ]
        for split in _splits(len(texts), limits):
            score = fit_score(split)
            if best is None or score > best[0]:
                best = (score, split, 0)
    if best is not None:
        return best[1], best[2]
    # Fewer paragraphs than columns: a row cut off by the end of the excerpt.
    split = []
    left = len(texts)
    for kind in kinds:
        taken = 0 if kind == "category" and len(texts) < len(kinds) else min(1, left)
        split.append(taken)
        left -= taken
    return split, 0


def _misfits(
    split: Sequence[int], cell_scores: dict[tuple[int, int, int], float], kinds: Sequence[ColumnKind]
) -> bool:
    """Whether a fit puts into a unit column paragraphs that are no unit (a negative score)."""
    return any(
        kinds[column] in _UNIT_KINDS and cell_scores.get((column, at, taken), 0.0) < 0
        for column, (taken, at) in enumerate(zip(split, _offsets(split), strict=True))
    )


#: The most paragraphs of a numbered row read for merged sub-rows (the partitions grow with it).
_MAX_SUB_ROW_PARAGRAPHS = 40


def _best_exact_fit(
    kinds: Sequence[ColumnKind], texts: Sequence[str], limits: Sequence[tuple[int, int]]
) -> tuple[float, list[int]] | None:
    """The best-scoring split of every one of ``texts`` over columns taking ``limits``
    paragraphs each (:func:`fit_row`'s scores, ties to the first split), or ``None``.

    >>> _best_exact_fit(["content", "lead_units", "progress"], ["任务。", "区教育局", "已完成。"],
    ...                 [(1, 1), (0, 3), (1, 1)])
    (2.0, [1, 1, 1])
    """
    best: tuple[float, list[int]] | None = None
    for split in _splits(len(texts), limits):
        score, at = 0.0, 0
        for kind, taken in zip(kinds, split, strict=True):
            score += _sub_cell_score(kind, tuple(texts[at : at + taken])) if taken else 0.0
            at += taken
        if best is None or score > best[0]:
            best = (score, split)
    return best


#: A count closing a text ("新改扩建公办中小学2所" two schools, "床位5000张"): a target, never a
#: unit's name, whatever its last character (所 is also an institute).
_COUNTED = re.compile(r"\d\s*[\u4e00-\u9fff]$")


@lru_cache(maxsize=4096)
def _sub_cell_score(kind: ColumnKind, texts: tuple[str, ...]) -> float:
    """:func:`_cell_score`, sharpened for telling merged sub-rows apart: a count is no unit,
    and a text column (progress …) does not open with a unit's name.

    >>> _sub_cell_score("content", ("新建中小学2所",)), _sub_cell_score("content", ("新建中小学2所。",))
    (0.0, 1.0)
    >>> _sub_cell_score("progress", ("教体局",)), _sub_cell_score("lead_units", ("新建中小学2所",))
    (-1.0, -3.0)
    """
    counted = [_COUNTED.search(t) is not None for t in texts]
    if kind == "content" and counted[0]:
        return 1.0 if reads_as_statement(texts[0]) else 0.0
    if kind in _LIST_KINDS and any(counted):
        return -3.0 * sum(counted) + _cell_score(
            kind, [t for t, c in zip(texts, counted, strict=True) if not c]
        )
    score = _cell_score(kind, list(texts))
    if kind in _TEXT_KINDS and is_unit_name(texts[0]) and not counted[0]:
        score -= 1.0
    return score


def sub_row_splits(
    kinds: Sequence[ColumnKind], texts: Sequence[str], cut: bool = False, repeats: bool = False
) -> list[list[int]] | None:
    """A numbered row's paragraphs read as the row and the sub-rows its merged cells cover, or
    ``None`` when they read as one row.

    A table printing 序号 and a group cell (项目) merged over several task rows prints them on the
    group's first row only: the rows under it start at the task and repeat the columns after the
    merged ones, each with its own text (a merged unit cell may be missing too: it is optional).
    Read so only when the row as one does not fit (a paragraph left over, or one that does not
    read as its column) and the sub-rows fit better, at least one printing a unit or leader of
    its own: the evidence that the columns repeat (``repeats``: rows above in the table gave it
    already). Each split counts, per column of ``kinds``, the paragraphs it takes (0 for a merged
    column the sub-row inherits). ``cut``: the row runs to the end of the excerpt, so its last
    sub-row may stop early.

    >>> kinds = ["category", "content", "lead_units", "progress", "extra"]
    >>> sub_row_splits(kinds, ["浙有善育", "新增托育机构", "卫生健康局", "已全部完成。", "已完成",
    ...                        "新增托位525个", "卫生健康局", "已全部完成。", "已完成",
    ...                        "新增普惠托位315个", "已全部完成。", "已完成"])
    [[1, 1, 1, 1, 1], [0, 1, 1, 1, 1], [0, 1, 0, 1, 1]]
    >>> sub_row_splits(kinds, ["浙有善育", "新增托育机构", "卫生健康局", "已全部完成。", "已完成"]) is None
    True
    """
    first_text = next((i for i, kind in enumerate(kinds) if kind == "content"), None)
    if first_text is None or len(texts) > _MAX_SUB_ROW_PARAGRAPHS:
        return None
    if not any(kind in _LIST_KINDS for kind in kinds[first_text:]):
        return None
    split, over = fit_row(kinds, texts)
    whole = _best_exact_fit(kinds, texts[: len(texts) - over], [(t, t) for t in split])
    if whole is None:
        return None
    whole_score = whole[0] - over
    misread = over > 0 or any(
        _sub_cell_score(kind, tuple(texts[at : at + taken])) < 0
        for kind, taken, at in zip(kinds, split, _offsets(split), strict=True)
        if taken
    )
    if not misread:
        return None
    many = _MANY_KINDS if len(texts) <= _MAX_SPREAD else _LIST_KINDS
    # the merged group cell is printed on the group's first row
    first_limits = [(1, len(texts)) if kind in many else (1, 1) for kind in kinds]
    tail = kinds[first_text:]
    sub_limits = [(0, 0)] * first_text + [
        (0, len(texts)) if kind in _LIST_KINDS else (1, len(texts)) if kind in many else (1, 1)
        for kind in tail
    ]
    # best[end]: the best reading of texts[:end] as the row and whole sub-rows
    best: dict[int, tuple[float, list[list[int]]]] = {}
    for end in range(1, len(texts) + 1):
        fit = _best_exact_fit(kinds, texts[:end], first_limits)
        if fit is not None:
            best[end] = (fit[0], [fit[1]])
    for end in range(1, len(texts) + 1):
        for start in range(1, end):
            if start not in best:
                continue
            fit = _best_exact_fit(kinds, texts[start:end], sub_limits)
            if fit is None:
                continue
            score = best[start][0] + fit[0]
            if end not in best or score > best[end][0]:
                best[end] = (score, [*best[start][1], fit[1]])
    reading = best.get(len(texts))
    whole_sub_rows = len(reading[1]) if reading else 0
    if cut:  # the last sub-row cut off: its first columns only, and nothing to score
        for start in sorted(best, reverse=True):
            rest = len(texts) - start
            if 0 < rest < len(tail) and (reading is None or best[start][0] > reading[0]):
                taken = [0] * first_text + [1] * rest + [0] * (len(tail) - rest)
                reading = (best[start][0], [*best[start][1], taken])
                whole_sub_rows = len(reading[1]) - 1
    if reading is None or len(reading[1]) < 2 or reading[0] <= whole_score:
        return None
    names_repeat = any(  # in a whole sub-row: a cut one's paragraphs are placed in order, unread
        taken
        for sub in reading[1][1:whole_sub_rows]
        for kind, taken in zip(kinds, sub, strict=True)
        if kind in _LIST_KINDS
    )
    # a paragraph the row as one leaves over, which whole sub-rows read, is evidence too (大竹
    # p06: "开工建设老年大学。" and its own deadline under row 5, the unit merged)
    leftover_read = (
        over > 0
        and whole_sub_rows == len(reading[1])
        and all(
            reads_as_statement(texts[sum(map(sum, reading[1][:n])) + sum(sub[:first_text])])
            for n, sub in enumerate(reading[1][1:], start=1)
        )
    )  # each sub-row's text a statement: not the title of the next table ("附件2")
    return reading[1] if names_repeat or repeats or leftover_read else None


def _offsets(split: Sequence[int]) -> list[int]:
    """Where each column's paragraphs start.

    >>> _offsets([1, 0, 2, 1])
    [0, 1, 1, 3]
    """
    out, at = [], 0
    for taken in split:
        out.append(at)
        at += taken
    return out


def glue_unit_pieces(pieces: Sequence[str]) -> list[str]:
    """Unit paragraphs with a piece that does not end like a name glued to the next one (a
    unit split over two paragraphs).

    >>> glue_unit_pieces(["生态环境", "拱墅分局", "*区教育局"])
    ['生态环境拱墅分局', '*区教育局']

    An alias printed as a paragraph of its own stays an entry of its own (the cleaning attaches
    it to the unit before it), never glued to the unit after it:

    >>> glue_unit_pieces(["区发改局", "(区金融办)", "区经信局"])
    ['区发改局', '(区金融办)', '区经信局']
    """
    units: list[str] = []
    pending = ""
    for piece in pieces:
        if pending and _is_alias(piece):
            units.append(pending)
            pending = ""
        text = pending + piece
        if is_unit_name(text) or reads_as_statement(text):
            units.append(text)
            pending = ""
        else:
            pending = text
    if pending:
        units.append(pending)
    return units


# --- tables -----------------------------------------------------------------------------------


@dataclass
class _Row:
    """A row being collected: its paragraphs, and the group headings above it."""

    paragraphs: list[Paragraph]
    category: Paragraph | None = None  # a "一、…" heading starting a new group
    leader: tuple[int, str] | None = None  # (heading line, name)
    labelled: dict[str, Paragraph] = field(default_factory=dict)
    task_no: str | None = None  # the task's own number, opening its text ("2.一般…")


#: A task's own number opening its text ("12.强化…"), in a table numbering its tasks inside
#: their cells while 序号 numbers groups of them.
_TASK_NO = re.compile(r"^(\d{1,3})[.．](?!\d)(?=\S)")


def _task_starts(body: Sequence[Paragraph], index: int, rows: Sequence[_Row], last: int | None) -> bool:
    """Whether ``body[index]`` starts a row of its own with the next task number ("2.…" after
    "1.…"), printed without a 序号 of its own (a merged group number): the row above ended on
    a name (a unit or leader: no statement), and a name follows this text. Points inside one task's cell
    ("1.建设…" / "2.推进…" before the units) are not rows.

    >>> body = [(1, "1"), (2, "1.增长5%。"), (3, "区发改委"), (4, "2.增长6%。"), (5, "区财政局")]
    >>> _task_starts(body, 3, [_Row(body[:3])], 1), _task_starts(body, 3, [_Row(body[:2])], 1)
    (True, False)
    """
    match = _TASK_NO.match(body[index][1])
    if match is None or last is None or int(match.group(1)) != last + 1 or not rows:
        return False
    before = rows[-1].paragraphs[-1][1] if rows[-1].paragraphs else "。"
    after = body[index + 1][1] if index + 1 < len(body) else "。"
    return not (reads_as_statement(before) or _TASK_NO.match(before) or reads_as_statement(after))


def _seq_number(text: str) -> int | None:
    match = _SEQ_VALUE.match(text)
    return int(match.group(1)) if match else None


@lru_cache(maxsize=8192)  # asked of every body paragraph, and of those above each header
def section_heading(text: str) -> tuple[str, str] | None:
    """``(number, rest)`` of a section heading paragraph ("一、…", "(一)…"), or ``None``.

    >>> section_heading("(一)王宏副市长牵头重点工作"), section_heading("1、建学校")
    (('(一)', '王宏副市长牵头重点工作'), None)
    """
    match = _HEADING.match(fold_script(text))
    if match is None:
        return None
    return match.group(1) or match.group(2), text[match.start(3) :]


def closed_by_names(text: str) -> bool:
    """Whether a paragraph is a task closed by a bracket of unit or leader labels: the task
    cell of a table with no unit column ("增长7%。(牵头单位:市财政局)").

    >>> closed_by_names("增长7%。(牵头单位:市财政局)"), closed_by_names("建设公园(含绿道)")
    (True, False)
    """
    return any(classify(label) in _LIST_KINDS for label, _ in closing_labels(text)[1])


def _label_closed_starts(
    body: Sequence[Paragraph], columns: Sequence[Column], at_end: bool
) -> frozenset[int] | None:
    """Where the rows of a table with no printed numbers and no name column start, when its task
    cells close with their unit labels: at those task paragraphs, at least two of them; every
    paragraph up to the next one (numbered points of a progress text included) is the rest of
    its row. ``None`` when the table is not printed so.

    The excerpt may cut the last task before its label: a last paragraph with no number after a
    numbered point is that task (a progress text's points run on with numbers), so the row above
    ends complete and the cut one starts there."""
    if any(c.kind in _LIST_KINDS for c in columns) or any(_seq_number(t) is not None for _, t in body):
        return None
    starts = {i for i, (_, text) in enumerate(body) if closed_by_names(text)}
    if len(starts) < 2:
        return None
    last = len(body) - 1
    after_points = last - 1 not in starts and _POINT.match(body[last - 1][1]) is not None
    if at_end and after_points and not _POINT.match(body[last][1]):
        starts.add(last)
    return frozenset(starts)


def _collect_rows(
    body: Sequence[Paragraph],
    seq_column: bool,
    group_first: bool = False,
    anchored: bool = False,
    label_closed: frozenset[int] | None = None,
    leader_first: bool = False,
) -> tuple[list[_Row], list[Paragraph]]:
    """The body's paragraphs cut into rows, headings and labelled values taken out; and the
    headings no row follows (they head nothing, but are not dropped silently).

    ``group_first``: the table prints a group column before 序号, filled only on the first row
    of its group (or never): a short paragraph right before the next number starts its row.

    ``anchored``: the table prints a text column after its unit (or leader) columns, as
    任务 · 责任单位 · 进展情况. Without printed numbers its rows are then found by that pattern:
    a row starts at the paragraph right before a run of names (its task, the names following),
    and whatever comes after the names, statements included, is the rest of that row.

    ``label_closed``: the paragraphs that start rows, tasks closed by their unit labels
    (:func:`_label_closed_starts`).

    ``leader_first``: the table's first column is its leaders' (牵头领导 · 重点工作 · …), a cell
    merged over the rows of one leader: a name opens a row, and the task after it is that row's."""
    # The first row's number: in the first three paragraphs, or the fourth after a group cell.
    numbered = seq_column and any(_seq_number(t) is not None for _, t in body[: 4 if group_first else 3])
    led = False  # the last paragraph was a group cell starting a row: its number follows
    rows: list[_Row] = []
    unused: list[Paragraph] = []
    pending_category: Paragraph | None = None
    leader: tuple[int, str] | None = None
    leader_heading: Paragraph | None = None  # the leader heading no row has used yet
    expected = None
    task: int | None = None  # the last task number opening a row's text ("1.地区生产总值…")
    for index, (line, text) in enumerate(body):
        if numbered and _task_starts(body, index, rows, task):
            task = (task or 0) + 1
            rows.append(_Row([(line, text)], pending_category, leader, task_no=str(task)))
            pending_category, leader_heading, led = None, None, False
            continue
        opened = _TASK_NO.match(text) if numbered and rows else None
        if opened and int(opened.group(1)) == (task or 0) + 1 and rows[-1].task_no is None:
            task = int(opened.group(1))
            if task > 1 or len(rows[-1].paragraphs) <= 2:  # its number, maybe its group cell
                rows[-1].task_no = str(task)
        heading = section_heading(text)
        if heading is None and len(text) <= 30 and leader_in_heading(text) is not None:
            heading = ("", text)  # a leader heading printed without a number
        if group_first and numbered and _leads_row(body, index, expected):
            rows.append(_Row([(line, text)], pending_category, leader))
            pending_category, leader_heading, led = None, None, True
            continue
        if heading is not None and (numbered or not rows or not reads_as_statement(text) or len(text) < 40):
            name = leader_in_heading(heading[1])
            if leader_heading is not None:
                unused.append(leader_heading)
            if numbered and name is None and _only_its_number(rows) and rows[-1].category is None:
                rows[-1].category = (line, text)  # "1" / "(一)经济发展" / …: the row's own group cell
                continue
            if name is not None:
                leader, leader_heading = (line, name), (line, text)
            else:
                if pending_category is not None:
                    unused.append(pending_category)
                pending_category, leader, leader_heading = (line, text), None, None
            continue
        labelled = _LABELLED.match(text)
        if labelled and rows:
            label, value = labelled.group(1), (line, labelled.group(2).strip())
            before = rows[-1].labelled.get(label)
            rows[-1].labelled[label] = (before[0], f"{before[1]}\n{value[1]}") if before else value
            continue
        number = _seq_number(text)
        if numbered and not rows and number is None and len(text) <= 40:
            # before the first number of a numbered table: a heading printed without a number
            # ("强化科技创新支撑能力。" above "(一)…" and row 1), not a row of its own
            if pending_category is not None:
                unused.append(pending_category)
            pending_category, leader, leader_heading = (line, text), None, None
            continue
        if numbered:
            starts = number is not None and (expected is None or number in (expected, 1))
        elif label_closed is not None:
            starts = index in label_closed
        elif anchored:  # a heading closes the row above it, even one cut off by the excerpt
            starts = _before_names(body, index) or pending_category is not None
        elif leader_first and is_person_name(text):  # the leader cell opens its row ("周阳市长")
            starts = True
        else:
            starts = reads_as_statement(text) and not is_unit_name(text)
            if starts and leader_first and rows and all(is_person_name(t) for _, t in rows[-1].paragraphs):
                starts = False  # the task after the leader cell opening the row
        if led and starts:  # the number of the row its group cell started
            starts = False
        led = False
        if starts or not rows:
            rows.append(_Row([], pending_category, leader))
            pending_category, leader_heading = None, None
            if numbered and number is not None:
                expected = number + 1
        rows[-1].paragraphs.append((line, text))
    unused.extend(p for p in (pending_category, leader_heading) if p is not None)
    return rows, sorted(unused)


def _is_name(text: str) -> bool:
    return is_unit_name(text) or is_person_name(text)


def _before_names(body: Sequence[Paragraph], index: int) -> bool:
    """Whether ``body[index]`` is a task right before a run of unit or person names."""
    return index + 1 < len(body) and not _is_name(body[index][1]) and _is_name(body[index + 1][1])


def join_bare_numbers(body: Sequence[Paragraph]) -> list[Paragraph]:
    """``body`` with each section number printed alone joined to the heading after it.

    >>> join_bare_numbers([(1, "(一)"), (2, "经济发展"), (3, "建学校。")])
    [(1, '(一)经济发展'), (3, '建学校。')]
    """
    joined: list[Paragraph] = []
    skip = False
    for index, (line, text) in enumerate(body):
        if skip:
            skip = False
            continue
        if _BARE_NUMBER.match(text) and index + 1 < len(body):
            joined.append((line, text + body[index + 1][1]))
            skip = True
            continue
        joined.append((line, text))
    return joined


def _only_its_number(rows: Sequence[_Row]) -> bool:
    """Whether the last row holds nothing yet but its printed number."""
    return bool(rows) and len(rows[-1].paragraphs) == 1 and _seq_number(rows[-1].paragraphs[0][1]) is not None


def _leads_row(body: Sequence[Paragraph], index: int, expected: int | None) -> bool:
    """Whether ``body[index]`` is a group cell printed before the next row's number: a short
    paragraph that is no number, no statement and no unit, followed by that number."""
    text = body[index][1]
    if index + 1 >= len(body) or _seq_number(text) is not None or len(text) > 25:
        return False
    if reads_as_statement(text) or is_unit_name(text):
        return False
    following = _seq_number(body[index + 1][1])
    return following is not None and (expected is None or following in (expected, 1))


def _anchored(columns: Sequence[Column]) -> bool:
    """Whether the columns run task, then names (units or leaders), then a text (progress …)."""
    kinds = [c.kind for c in columns]
    names = [i for i, kind in enumerate(kinds) if kind in _LIST_KINDS]
    content = next((i for i, kind in enumerate(kinds) if kind == "content"), None)
    if not names or content is None or content > names[0]:
        return False
    return any(kind in _TEXT_KINDS for kind in kinds[names[-1] + 1 :])


def _fitting_kinds(columns: Sequence[Column]) -> list[ColumnKind]:
    """The kinds a row's paragraphs are fitted to: the columns' own, but a short unknown first
    column right before the task ("序號 · 項目 · 重點工作") is fitted as a group cell, which a
    table prints on the first row of its group only (the cell keeps its column).

    >>> _fitting_kinds(column_map(["序号", "项目", "重点工作", "牵头单位"]))
    ['seq', 'category', 'content', 'lead_units']
    """
    kinds = [c.kind for c in columns]
    first = 1 if kinds[:1] == ["seq"] else 0  # the group column comes first after the number
    short = len(columns[first].header) <= 4 if len(columns) > first else False
    if short and len(kinds) > first + 1 and kinds[first] == "extra" and kinds[first + 1] == "content":
        kinds[first] = "category"
    return kinds


#: The header given to a column of row numbers the table prints without one.
SEQ_HEADER = "序号"  # sequence number
#: The fewest numbers in turn that make a table's rows numbered without a 序号 header.
_MIN_NUMBERED = 3


def _numbers_in_turn(body: Sequence[Paragraph]) -> bool:
    """Whether the body opens with "1" and its paragraphs that are only a number count 1, 2, 3 …
    in turn (three at least): each row's number, printed without a header over them.

    >>> _numbers_in_turn([(1, "1"), (2, "任务。"), (3, "2"), (4, "任务。"), (5, "3"), (6, "任务。")])
    True
    >>> _numbers_in_turn([(1, "任务。"), (2, "1"), (3, "2"), (4, "3")])
    False
    """
    numbers = [n for _, t in body if (n := _seq_number(t)) is not None]
    if not body or _seq_number(body[0][1]) != 1 or len(numbers) < _MIN_NUMBERED:
        return False
    return numbers == list(range(1, len(numbers) + 1))


def _table(
    header: list[Paragraph], body: Sequence[Paragraph], above: Sequence[Paragraph], at_end: bool
) -> ParagraphTable:
    """One table: ``header`` cells, the ``body`` paragraphs up to the next table, and the
    paragraphs ``above`` the header (a "一、…" heading there is the first group's category)."""
    headers = [t for _, t in header]
    columns = column_map(headers)
    seq_index = next((c.index for c in columns if c.kind == "seq"), None)
    if seq_index is None and _numbers_in_turn(body):
        # the rows open with their numbers, the header prints none over them (芜湖 p02, a copy
        # starting at 工作任务): the numbers are a 序号 column
        header = [(header[0][0], SEQ_HEADER), *header]
        headers = [SEQ_HEADER, *headers]
        columns = column_map(headers)
        seq_index = 0
    # A group column before 序号 ("分块 | 序号 | …"), printed on the first row of a group only.
    group_first = seq_index == 1 and columns[0].kind in ("category", "extra")
    body = join_bare_numbers(body)
    leader_first = bool(columns) and columns[0].kind == "leaders"
    rows, unused_headings = _collect_rows(
        body,
        seq_index == 0 or group_first,
        group_first,
        _anchored(columns),
        _label_closed_starts(body, columns, at_end),
        leader_first,
    )
    kinds = _fitting_kinds(columns)
    if group_first:
        # A table of figures whose last column is a remark prints it right before the next
        # number, where a group's cell stands too: cut at the numbers alone, a group cell is
        # told from a remark by what the row above lacks (figure_rows.align_row: a paragraph left over).
        plain, plain_unused = _collect_rows(body, True, False)
        if plain and _figure_rows(plain, kinds, False, True) is not None:
            rows, unused_headings = _group_cells_moved(plain, kinds), plain_unused
    numbered = bool(rows) and seq_index == 0 and _seq_number(rows[0].paragraphs[0][1]) is not None
    first_cells = [t for row in rows[:1] for _, t in row.paragraphs[:2]]
    grouped = group_first and any(_seq_number(t) is not None for t in first_cells)
    first_category = next((p for p in reversed(above[-3:]) if section_heading(p[1])), None)
    if rows and rows[0].category is None and first_category is not None:
        rows[0].category = first_category

    # rows cut at their tasks' own numbers ("2.…" with no 序号 of its own): those number the rows
    by_task = any(row.task_no is not None and _TASK_NO.match(row.paragraphs[0][1]) for row in rows)
    has_leaders = any(c.kind == "leaders" for c in columns)
    labels = list(dict.fromkeys(label for row in rows for label in row.labelled))
    add_leaders = not has_leaders and any(row.leader for row in rows)
    # a table of figures whose merged cells are printed once: its rows placed by what each
    # paragraph reads as (figures, units, words), not by counting them
    aligned = _figure_rows(rows, kinds, numbered and not by_task, grouped) if numbered or grouped else None
    content_index = next((c.index for c in columns if c.kind == "content"), 0)
    add_group = aligned is not None and any(a.group is not None for a in aligned)
    width = len(headers) + len(labels) + (1 if add_leaders else 0) + (1 if add_group else 0)
    head_line = header[0][0]
    grid_rows: list[tuple[Cell, ...]] = [
        tuple(Cell(text, line) for line, text in header)
        + tuple(Cell(label, head_line) for label in labels)
        + ((Cell(LEADER_HEADER, head_line),) if add_leaders else ())
        # the group column under the task's header cell, which spans it and the task
        + ((Cell(header[content_index][1], head_line),) if add_group else ())
    ]
    left_out: list[Paragraph] = list(unused_headings)
    group_cell: Cell | None = None  # the group cell of the rows above (a figure table's)
    merged_leader: str | None = None  # a first leaders cell, merged over the rows below it
    previous: list[Cell] | None = None  # the cells of the row above
    repeats = False  # rows above were read with sub-rows of merged cells
    for position, row in enumerate(rows):
        if row.category is not None:  # a heading row: the table reader takes the category from it
            line, text = row.category
            grid_rows.append((Cell(text, line), *(Cell("", line, True) for _ in range(width - 1))))
        paragraphs = row.paragraphs
        own_kinds = kinds
        first_line = paragraphs[0][0]
        cells: list[Cell] = []
        if numbered and by_task and row.task_no is not None:
            # the task's own number is its 序号; the group's number (merged) is left out
            cells.append(Cell(row.task_no, first_line))
            if _seq_number(paragraphs[0][1]) is not None:
                paragraphs = paragraphs[1:]
            paragraphs = [(n, _TASK_NO.sub("", t, count=1)) for n, t in paragraphs]
            own_kinds = kinds[1:]
        elif numbered:
            cells.append(Cell(paragraphs[0][1], first_line))
            paragraphs = paragraphs[1:]
            own_kinds = kinds[1:]
        elif grouped:
            if _seq_number(paragraphs[0][1]) is None and len(paragraphs) > 1:  # its group cell
                cells.append(Cell(paragraphs[0][1], first_line))
                paragraphs = paragraphs[1:]
            else:
                cells.append(Cell("", first_line, True))
            cells.append(Cell(paragraphs[0][1], paragraphs[0][0]))
            paragraphs = paragraphs[1:]
            own_kinds = kinds[2:]
        elif seq_index == 0:
            cells.append(Cell("", first_line, True))  # the table prints no numbers
            own_kinds = kinds[1:]
        texts = [t for _, t in paragraphs]
        last_row = position == len(rows) - 1
        subs = (
            sub_row_splits(own_kinds, texts, last_row and at_end, repeats)
            if numbered and not by_task
            else None
        )
        repeats = repeats or subs is not None
        merged_units = numbered and not (last_row and at_end) and previous is not None
        before = len(cells)
        if aligned is not None:
            placed = aligned[position]
            subs, at, extra_count = None, 0, len(placed.left_over)
            _fill_aligned(cells, own_kinds, placed, previous, first_line)
            left_out.extend(placed.left_over)
            if placed.group is not None:
                group_cell = Cell(placed.group[1], placed.group[0])
            elif group_cell is not None:
                group_cell = Cell(group_cell.text, group_cell.line, True)
        else:
            split, extra_count = (
                (subs[0], 0) if subs else fit_row(own_kinds, texts, leader_first, merged_units)
            )
            at = _fill(cells, own_kinds, split, paragraphs, 0, first_line)
        if merged_units and previous is not None and aligned is None:
            for offset, (kind, taken) in enumerate(zip(own_kinds, split, strict=True)):
                copied = previous[before + offset] if before + offset < len(previous) else None
                if not taken and kind in _UNIT_KINDS and copied is not None and copied.text:
                    cells[before + offset] = Cell(copied.text, copied.line, True)  # merged above
        if leader_first and own_kinds[:1] == ["leaders"]:
            # a leaders cell printed first and not on this row: merged over the rows of its
            # leader ("周阳市长" over his rows)
            if cells[before].text:
                merged_leader = cells[before].text
            elif merged_leader is not None:
                cells[before] = Cell(merged_leader, first_line, True)
        if aligned is None:
            left_out.extend(paragraphs[at : at + extra_count])
        sub_rows: list[list[Cell]] = []
        for sub in (subs or [])[1:]:
            # a sub-row of merged cells: its number and merged cells copied from the row above
            above_cells = sub_rows[-1] if sub_rows else cells
            sub_cells = [Cell(c.text, c.line, True) for c in above_cells[: len(cells) - len(own_kinds)]]
            start = len(sub_cells)
            at = _fill(sub_cells, own_kinds, sub, paragraphs, at, paragraphs[at][0])
            for offset, (kind, taken) in enumerate(zip(own_kinds, sub, strict=True)):
                copied = above_cells[start + offset]
                if not taken and copied.text and (kind in _LIST_KINDS or offset < own_kinds.index("content")):
                    sub_cells[start + offset] = Cell(copied.text, copied.line, True)
            sub_rows.append(sub_cells)
        for label in labels:
            value = row.labelled.get(label)
            cells.append(Cell(value[1], value[0]) if value else Cell("", first_line, True))
        if add_leaders:
            cells.append(
                Cell(row.leader[1], row.leader[0], True) if row.leader else Cell("", first_line, True)
            )
        if add_group:
            cells.append(group_cell if group_cell is not None else Cell("", first_line, True))
        for row_cells in (cells, *sub_rows):
            if row_cells is not cells:  # the labelled values and the leader heading: the row's
                row_cells.extend(Cell(c.text, c.line, True) for c in cells[len(row_cells) :])
            if row_cells is (sub_rows or [cells])[-1] and last_row and at_end and len(row_cells) < width:
                row_cells.extend(Cell("", first_line, True) for _ in range(width - len(row_cells)))
            grid_rows.append(tuple(row_cells))
        previous = (sub_rows or [cells])[-1]
    cut = at_end and bool(rows) and body[-1] not in left_out
    return ParagraphTable(Grid(tuple(grid_rows)), left_out, cut_at_end=cut, figures=aligned is not None)


def _own_paragraphs(paragraphs: Sequence[Paragraph], grouped: bool) -> list[Paragraph]:
    """A numbered row's paragraphs after its number (and its group cell, printed before it)."""
    if grouped and _seq_number(paragraphs[0][1]) is None and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    return list(paragraphs[1:])


def _figure_rows(
    rows: Sequence[_Row], kinds: Sequence[ColumnKind], numbered: bool, grouped: bool
) -> list[AlignedRow] | None:
    """Every row of a numbered table of figures placed by what its paragraphs read as
    (:mod:`govtasks.tables.figure_rows`), or ``None`` when the table is not one."""
    if not rows or not (numbered or grouped):
        return None
    own_kinds = kinds[1:] if numbered else kinds[2:]
    owns = [_own_paragraphs(row.paragraphs, grouped and not numbered) for row in rows]
    profiles = figure_profiles(own_kinds, [[t for _, t in own] for own in owns])
    if profiles is None:
        return None
    return [align_row(own_kinds, own, profiles) for own in owns]


def _group_cells_moved(rows: list[_Row], kinds: Sequence[ColumnKind]) -> list[_Row]:
    """The rows of a table of figures cut at their numbers, each group cell moved to the row it
    opens: the heading before the first number, and the paragraph a row leaves over at its end
    (printed after its last column: "超额完成" / "扶贫解困工程" / "16") when it is a short text,
    no unit and no figure."""
    moved = [
        _Row(list(row.paragraphs), row.category, row.leader, dict(row.labelled), row.task_no) for row in rows
    ]
    first = moved[0]
    if first.category is not None and section_heading(first.category[1]) is None:
        first.paragraphs.insert(0, first.category)  # the first group's cell, before number 1
        first.category = None
    aligned = _figure_rows(moved, kinds, False, True) or []
    for row, following, placed in zip(moved, moved[1:], aligned, strict=False):
        if len(placed.left_over) != 1:
            continue
        text = placed.left_over[0][1]
        if len(text) <= _MAX_GROUP_CELL and not reads_as_statement(text) and not is_unit_name(text):
            row.paragraphs.remove(placed.left_over[0])
            following.paragraphs.insert(0, placed.left_over[0])
    return moved


#: The longest group cell printed before a row's number.
_MAX_GROUP_CELL = 25


def _fill_aligned(
    cells: list[Cell],
    kinds: Sequence[ColumnKind],
    placed: AlignedRow,
    previous: Sequence[Cell] | None,
    first_line: int,
) -> None:
    """Append a figure table's row's cells as :func:`align_row` placed them; a unit, leader or
    group column it left out before its last printed cell is merged with the row above: copied."""
    before = len(cells)
    last = max((i for i, taken in enumerate(placed.cells) if taken), default=-1)
    for offset, (kind, taken) in enumerate(zip(kinds, placed.cells, strict=True)):
        if taken:
            pieces = [t for _, t in taken]
            if kind in _UNIT_KINDS:
                pieces = glue_unit_pieces(pieces)
            cells.append(Cell("\n".join(pieces), taken[0][0]))
            continue
        copied = (
            previous[before + offset] if previous is not None and before + offset < len(previous) else None
        )
        merged = kind in (_LIST_KINDS | {"category"}) and offset < last
        if merged and copied is not None and copied.text:
            cells.append(Cell(copied.text, copied.line, True))
        else:
            cells.append(Cell("", first_line, kind == "category"))


def _fill(
    cells: list[Cell],
    kinds: Sequence[ColumnKind],
    split: Sequence[int],
    paragraphs: Sequence[Paragraph],
    at: int,
    first_line: int,
) -> int:
    """Append to ``cells`` one cell per column of ``kinds``, taking ``split`` paragraphs each
    from ``paragraphs[at:]`` (an empty category cell counts as spanned); the paragraphs used up to."""
    for kind, taken in zip(kinds, split, strict=True):
        taken_paragraphs = paragraphs[at : at + taken]
        at += taken
        if not taken_paragraphs:
            cells.append(Cell("", first_line, kind == "category"))
            continue
        pieces = [t for _, t in taken_paragraphs]
        if kind in ("lead_units", "supporting_units"):
            pieces = glue_unit_pieces(pieces)
        cells.append(Cell("\n".join(pieces), taken_paragraphs[0][0]))
    return at


def paragraph_tables(paragraphs: Sequence[Paragraph]) -> list[ParagraphTable]:
    """Every table printed one cell per paragraph among ``paragraphs``, in order.

    >>> texts = ["序号", "重点工作", "牵头单位", "进展情况", "1", "建学校。", "*区教育局", "区财政局",
    ...          "已开工。", "2", "修道路。", "区建委", "已完成。", "附件2"]
    >>> table = paragraph_tables(list(enumerate(texts, start=1)))[0]
    >>> [[c.text for c in row] for row in table.grid.rows]  # doctest: +NORMALIZE_WHITESPACE
    [['序号', '重点工作', '牵头单位', '进展情况'],
     ['1', '建学校。', '*区教育局\\n区财政局', '已开工。'],
     ['2', '修道路。', '区建委', '已完成。']]
    """
    found = list(_headers(paragraphs))
    tables = []
    for number, (start, end, header) in enumerate(found):
        stop = found[number + 1][0] if number + 1 < len(found) else len(paragraphs)
        # the page's share or print links close the table: its last row ends there, complete
        chrome = next((i for i in range(end, stop) if _CHROME.match(paragraphs[i][1])), None)
        body = paragraphs[end : stop if chrome is None else chrome]
        above = paragraphs[max(0, start - 3) : start]
        # A header with no rows under it (the excerpt ends there) is kept: a table of no rows.
        tables.append(_table(header, body, above, at_end=stop == len(paragraphs) and chrome is None))
    return tables
