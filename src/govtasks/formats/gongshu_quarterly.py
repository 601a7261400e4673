"""拱墅区 (Gongshu) quarterly execution pages: one table cell per paragraph, page printed twice.

The table has four columns, 项目名称 (category) · 项目内容 (content) · 责任单位 (lead units) ·
进展情况 (progress). The rendering turned every cell into a paragraph, so a task row reads as
three paragraphs: the content, the unit list ("区财政局、各街道"), the progress. A category
spans several rows in the original, so it appears once, as "(一)" plus its name (two
paragraphs, or glued: "(十一)提高城市承载能力"), before its rows; where the table was split
across pages the heading is printed again (same number, same category).

How rows are read: the unit list is the one paragraph whose shape is recognisable (names ending
in 局/办/街道/..., separated by "、", no sentence punctuation), so every unit list anchors one
row; the paragraph before it is the content, and the paragraphs after it, up to the next
content or heading, are the progress. A page may print the table more than once (002 does,
after a block of page chrome): each printing is parsed on its own, from its column header to
the chrome that follows it.

A mirror site may print the page in traditional script. Every paragraph is classified on its
text folded to simplified (:meth:`~govtasks.read.document.Document.folded_paragraphs`: same line
numbers, same lengths), and every field of a row is taken from the printed paragraph of the
same line, cut at the same positions, so rows stay in the source's own script.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from govtasks.formats.base import at_line, cap_line, capped, cms_header_facts, evidence
from govtasks.models import ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document

NAME = "gongshu_quarterly"
DESCRIPTION = (
    "拱墅区 quarterly: 项目名称·项目内容·责任单位·进展情况, one cell per paragraph, page printed twice"
)
MAX_SCORE = 1.0
#: Text dumps only: saved pages of this site are read by the generic reader.
SOURCE_KINDS: tuple[SourceKind, ...] = ("text",)

#: The column header, one paragraph per cell: category, content, lead units, progress.
HEADER: tuple[str, ...] = ("项目名称", "项目内容", "责任单位", "进展情况")

#: A category heading: "(一)", "(十一)提高城市承载能力" (ASCII or full-width parentheses).
_HEADING = re.compile(r"^([(（][一二三四五六七八九十百〇零]+[)）])\s*(.*)$")

#: Longest category name a heading can carry; longer text after "(一)" is a sentence.
_MAX_HEADING_NAME = 30

#: Longest unit name learned from the document without a recognisable ending ("拱投发").
_MAX_LEARNED_UNIT = 12

#: Characters that occur in sentences but never in a unit list.
_SENTENCE_MARKS = frozenset(',，;；。:：!！?？“”"%《》')

#: A sentence mark or a decimal digit (``\d`` is every decimal digit, not only ASCII).
_MARK_OR_DIGIT = re.compile("[" + re.escape("".join(sorted(_SENTENCE_MARKS))) + r"\d]")

#: Separator between units in the 责任单位 cell (ideographic comma).
_UNIT_SEPARATOR = "、"

#: How organisation names end: bureau, office, committee, department, court/institute, district
#: committee, management committee, centre, sub-district, township, HQ, brigade, body, unit,
#: disabled persons' federation, group, company, government.
_UNIT_SUFFIXES: tuple[str, ...] = (
    "局", "办", "委", "部", "院", "管委会", "委员会", "中心", "街道", "乡", "镇", "指挥部",
    "大队", "支队", "主体", "单位", "残联", "妇联", "工会", "科协", "集团", "公司", "政府",
)  # fmt: skip

#: Words ending like a unit name that are not one: layout/overall situation (布局/格局/大局/全局).
_NOT_UNITS: tuple[str, ...] = ("布局", "格局", "大局", "全局", "开局")

#: Verbs a task sentence starts with; a unit name never does (promote, speed up, complete, build,
#: create, implement, carry out, start, improve, deepen, hold, ...).
_TASK_VERBS: tuple[str, ...] = (
    "推进", "推动", "加快", "完成", "建设", "建成", "打造", "实施", "开展", "启动", "完善",
    "深化", "优化", "举办", "办好", "创建", "争创", "新增", "新建", "开工", "投用", "出台",
    "加强", "提升", "落实", "探索", "培育", "引进", "扩大", "发挥", "持续", "全面", "实现",
)  # fmt: skip

#: Labels of the CMS info block printed above each rendering of the page: (info) index number,
#: document number, publication/generation date, disclosure mode/scope/term, publisher,
#: attachment. A paragraph starting with one ends the table before it.
_CMS_LABELS: tuple[str, ...] = (
    "信息索引号", "索引号", "索 引 号", "备注/文号", "文号", "公布日期", "发布日期", "生成日期",
    "成文日期", "公开方式", "公开范围", "公开时限", "发布单位", "发布机构", "附件",
)  # fmt: skip

#: Page chrome that may sit anywhere: share, "scan to open on your phone", print, close,
#: font size, previous/next article.
_CHROME: tuple[str, ...] = (
    "分享", "分享:", "分享：", "扫一扫在手机打开当前页", "打印", "打印本页", "【打印本页】", "关闭",
    "关闭窗口", "【关闭窗口】", "上一篇", "下一篇", "字体:", "【字体:大 中 小】",
)  # fmt: skip

#: Title words: "Government Work Report" and "execution status".
_TITLE_WORDS: tuple[str, ...] = ("政府工作报告", "执行情况")

#: Flag codes this module emits.
FLAG_NO_UNITS = "no_units"  # text between a heading and the next row, read as a row without units
FLAG_TRUNCATED = "truncated"  # the file ends inside the row (no progress, no page chrome after it)
FLAG_CONTENT_LIKE_UNITS = "content_like_units"  # the content reads like a unit list (kept as content)

Kind = Literal["heading", "units", "text"]


@dataclass
class _Cell:
    """One paragraph of a table body, classified."""

    line: int
    text: str  # folded to simplified: what the rules read
    kind: Kind
    shown: str  # as printed: what the row is built from
    number: str | None = None  # heading number as printed, e.g. "(一)"
    name: str | None = None  # heading name, as printed
    unit_shaped: bool = False  # looked like a unit list before its position was weighed


#: The printed text of a paragraph, by its line number; None when the document holds no
#: traditional character (then the folded text is the printed text, and no lookup is needed).
Printed = Callable[[int], str] | None


@dataclass
class _Table:
    """One printing of the table: body paragraphs and how the table ended."""

    body: list[tuple[int, str]]
    ends_at_eof: bool


@dataclass
class _Context:
    """What the whole document teaches about its own names."""

    units: frozenset[str] = frozenset()
    headings: dict[str, str] = field(default_factory=dict)  # category name -> number


# --- paragraph shapes -----------------------------------------------------------------------


def _has_sentence_marks(text: str) -> bool:
    """Whether ``text`` holds punctuation or digits that only sentences carry.

    >>> _has_sentence_marks("区财政局、各街道"), _has_sentence_marks("收储11宗472亩")
    (False, True)
    """
    # One C-level scan finds the marks and ASCII/decimal digits of almost every sentence; the
    # per-character test is kept only for what the class misses (other Unicode digits: ①, ²).
    if _MARK_OR_DIGIT.search(text):
        return True
    return not text.isascii() and any(ch.isdigit() for ch in text)


def _strip_parenthetical(name: str) -> str:
    """``name`` without a trailing "(…)" (e.g. "区委统战部(区民宗局)" → "区委统战部")."""
    return re.sub(r"[(（][^()（）]*[)）]$", "", name).strip()


def _is_unit_name(name: str, known: frozenset[str] = frozenset()) -> bool:
    """Whether one "、"-separated part reads as an organisation.

    >>> _is_unit_name("区委统战部(区民宗局)"), _is_unit_name("消防拱墅大队"), _is_unit_name("优化产业布局")
    (True, True, False)
    """
    if name in known:
        return True
    core = _strip_parenthetical(name)
    if not core or core.startswith(_TASK_VERBS) or core.endswith(_NOT_UNITS):
        return False
    return core.endswith(_UNIT_SUFFIXES)


def _unit_parts(text: str) -> list[str]:
    """The entries of a unit cell, one per unit, in print order."""
    return [part.strip() for part in text.split(_UNIT_SEPARATOR) if part.strip()]


# detect, _learn, _classify and _name_follows ask this of the same paragraphs several times.
@lru_cache(maxsize=8192)
def _is_unit_list(text: str, known: frozenset[str] = frozenset()) -> bool:
    """Whether a paragraph has the shape of a 责任单位 cell.

    At least half of its parts must read as organisations: a cell cut off at the end of a page
    ("区发改经信局、区科技局、区财政") still counts.

    >>> _is_unit_list("区住建局、各投资建设主体"), _is_unit_list("办好首届大运河沿线城市乒乓球邀请赛")
    (True, False)
    """
    if not text or _has_sentence_marks(text):
        return False
    parts = text.split(_UNIT_SEPARATOR)
    if any(not part.strip() or len(part.strip()) > 40 for part in parts):
        return False
    hits = sum(_is_unit_name(part.strip(), known) for part in parts)
    return hits >= 1 and 2 * hits >= len(parts)


@lru_cache(maxsize=8192)  # asked of every paragraph by detect, _learn and _classify
def _heading(text: str) -> tuple[str, str] | None:
    """``(number, name)`` of a category heading; the name is "" when printed separately.

    >>> _heading("(十一)提高城市承载能力"), _heading("(一)")
    (('(十一)', '提高城市承载能力'), ('(一)', ''))
    >>> _heading("(一)慎终如始抓好疫情防控。防控能力有效提升。") is None
    True
    """
    match = _HEADING.match(text)
    if match is None:
        return None
    number, name = match.group(1), match.group(2).strip()
    if len(name) > _MAX_HEADING_NAME or any(ch in ",，;；。:：" for ch in name):
        return None
    return number, name


def _printed_heading(shown: str, text: str, found: tuple[str, str]) -> tuple[str, str]:
    """``found``, the ``(number, name)`` that :func:`_heading` read in ``text`` (a paragraph
    folded to simplified), cut from ``shown`` (the same paragraph as printed) at the same places.

    >>> _printed_heading("(十一)提高城市承載能力", "(十一)提高城市承载能力", ("(十一)", "提高城市承载能力"))
    ('(十一)', '提高城市承載能力')
    """
    match = None if shown is text else _HEADING.match(text)
    if match is None:  # nothing was folded
        return found
    return shown[match.start(1) : match.end(1)], shown[match.start(2) : match.end(2)].strip()


def _is_cms_label(text: str) -> bool:
    """Whether a paragraph is (or starts with) a label of the CMS info block.

    >>> _is_cms_label("索引号"), _is_cms_label("发布日期: 2020-07-22"), _is_cms_label("发布2020年度招生计划")
    (True, True, False)
    """
    # Asked of every paragraph of the page: one regex instead of a loop over the labels.
    return _CMS_LABEL.match(text) is not None


#: A CMS label alone, or followed by a space, colon or tab.
_CMS_LABEL = re.compile(rf"(?:{'|'.join(map(re.escape, _CMS_LABELS))})(?:\Z|[ :：\t])")


def _is_chrome(text: str) -> bool:
    """Whether a paragraph is page chrome that can appear anywhere (share, print, ...)."""
    return text in _CHROME or text.replace(" ", "") in _CHROME


def _header_length(paras: Sequence[tuple[int, str]], i: int) -> int:
    """How many paragraphs the column header starting at ``i`` takes (0 if none starts there)."""
    # Asked at every paragraph: both printings of the header start with its first word, so one
    # prefix test rules out almost every paragraph before any tuple or split is built.
    if i >= len(paras) or not paras[i][1].strip(" |").startswith(HEADER[0]):
        return 0
    cells = tuple(text for _, text in paras[i : i + len(HEADER)])
    if cells == HEADER:
        return len(HEADER)
    glued = re.split(r"[\s|]+", paras[i][1].strip(" |")) if i < len(paras) else []
    return 1 if tuple(glued) == HEADER else 0


# --- document-level knowledge ---------------------------------------------------------------


def _could_be_unit(name: str) -> bool:
    """Whether an unexplained part of a unit list is short and plain enough to be a unit name.

    >>> _could_be_unit("拱投发"), _could_be_unit("上海交大科创中心等高层次科研平台的引进建设")
    (True, False)
    """
    return (
        not _is_unit_name(name)
        and len(name) <= _MAX_LEARNED_UNIT
        and not name.startswith(_TASK_VERBS)
        and "等" not in name
    )


def _learn(paras: Sequence[tuple[int, str]]) -> _Context:
    """Unit names and category names the document itself establishes.

    A part of a unit list that no suffix explains ("拱投发" in "拱投发、拱宸桥指挥部") is a unit
    the page names elsewhere on its own; learning it lets that lone cell be read as units too.
    """
    units: set[str] = set()
    headings: dict[str, str] = {}
    bare = _Context()  # nothing learned yet
    for i, (_, text) in enumerate(paras):
        parts = _unit_parts(text) if _UNIT_SEPARATOR in text else []
        if len(parts) >= 2 and _is_unit_list(text):
            units.update(part for part in parts if _could_be_unit(part))
        found = _heading(text)
        if found is not None:
            number, name = found
            if not name and _name_follows(paras, i + 1, bare):
                name = paras[i + 1][1]
            if name:
                headings.setdefault(name, number)
    return _Context(units=frozenset(units), headings=headings)


def _tables(paras: Sequence[tuple[int, str]]) -> list[_Table]:
    """Each printing of the table: from its column header to the next CMS label or header."""
    tables: list[_Table] = []
    i = 0
    while i < len(paras):
        size = _header_length(paras, i)
        if not size:
            i += 1
            continue
        j = i + size
        body: list[tuple[int, str]] = []
        while j < len(paras) and not _header_length(paras, j) and not _is_cms_label(paras[j][1]):
            if not _is_chrome(paras[j][1]):
                body.append(paras[j])
            j += 1
        tables.append(_Table(body=body, ends_at_eof=j >= len(paras)))
        i = j
    return tables


# --- one printing ---------------------------------------------------------------------------


def _classify(body: Sequence[tuple[int, str]], ctx: _Context, printed: Printed) -> list[_Cell]:
    """Label each paragraph heading, units or text; a heading takes its separate name along.

    ``body`` holds the paragraphs folded to simplified; ``printed`` gives a line as printed.
    """
    cells: list[_Cell] = []
    i = 0
    while i < len(body):
        line, text = body[i]
        shown = text if printed is None else printed(line)
        found = _heading(text)
        if found is not None:
            number, name = _printed_heading(shown, text, found)
            if not found[1] and _name_follows(body, i + 1, ctx):
                name = body[i + 1][1] if printed is None else printed(body[i + 1][0])
                i += 1
            cells.append(_Cell(line, text, "heading", shown, number=number, name=name or None))
        elif text in ctx.headings and not _is_unit_list(text, ctx.units):
            # A repeated heading printed without its number: same category. The number is the
            # one learned from the folded text: brackets and numerals are alike in both scripts.
            cells.append(_Cell(line, text, "heading", shown, number=ctx.headings[text], name=shown))
        elif _is_unit_list(text, ctx.units):
            cells.append(_Cell(line, text, "units", shown, unit_shaped=True))
        else:
            cells.append(_Cell(line, text, "text", shown))
        i += 1
    _settle_units(cells)
    return cells


def _name_follows(body: Sequence[tuple[int, str]], i: int, ctx: _Context) -> bool:
    """Whether paragraph ``i``, right after a bare "(一)", is the heading's name.

    It is not when it is itself a heading or a unit list, nor when a unit list follows it
    (then it is the first row's content and the heading was printed without a name).
    """
    if i >= len(body):
        return False
    text = body[i][1]
    if _heading(text) is not None or _is_unit_list(text, ctx.units):
        return False
    return not (i + 1 < len(body) and _is_unit_list(body[i + 1][1], ctx.units))


def _settle_units(cells: list[_Cell]) -> None:
    """Keep "units" only where a unit cell can stand: right after a content paragraph.

    A unit cell never follows a unit cell, so in a run of unit-shaped paragraphs the last is
    the unit cell, the one before it a content that reads like a unit list (a task such as
    "建成区级社会矛盾化解中心"), the one before that again a unit cell (of a row with an empty
    progress cell), and so on backwards. A run's first paragraph can only be a unit cell when
    a text paragraph (its content) precedes it.
    """
    i = 0
    while i < len(cells):
        if cells[i].kind != "units":
            i += 1
            continue
        end = i
        while end < len(cells) and cells[end].kind == "units":
            end += 1
        for j in range(end - 2, i - 1, -2):
            cells[j].kind = "text"
        if cells[i].kind == "units" and not (i > 0 and cells[i - 1].kind == "text"):
            cells[i].kind = "text"
        i = end


def _is_chrome_tail(text: str) -> bool:
    """Whether a paragraph after the last row reads like breadcrumbs or the page title."""
    return not any(ch in _SENTENCE_MARKS for ch in text) and len(text) <= 60


def _rows(table: _Table, ctx: _Context, printed: Printed) -> Iterator[SourceRow]:
    """The task rows of one printing, in print order."""
    cells = _classify(table.body, ctx, printed)
    anchors = [i for i, cell in enumerate(cells) if cell.kind == "units"]
    contents = {i - 1 for i in anchors}
    number: str | None = None
    name: str | None = None
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.kind == "heading":
            number, name = cell.number, cell.name
            i += 1
            continue
        if i in contents:
            end = _progress_end(cells, i + 2, contents)
            progress = cells[i + 2 : end]
            last = end >= len(cells)
            if last and len(progress) > 1:
                # Breadcrumbs and the page title sit between the last row and the CMS block.
                while len(progress) > 1 and _is_chrome_tail(progress[-1].text):
                    progress.pop()
            flags = []
            if cell.unit_shaped:
                flags.append(FLAG_CONTENT_LIKE_UNITS)
            if last and not progress and table.ends_at_eof:
                flags.append(FLAG_TRUNCATED)
            yield _row(cell, number, name, _unit_parts(cells[i + 1].shown), progress, flags)
            i = end
            continue
        # Text after a heading that no unit cell follows: a row whose unit cell is empty.
        end = _progress_end(cells, i + 1, contents)
        progress = cells[i + 1 : end]
        flags = [FLAG_NO_UNITS]
        if end >= len(cells) and table.ends_at_eof:
            flags.append(FLAG_TRUNCATED)
        yield _row(cell, number, name, [], progress, flags)
        i = end


def _progress_end(cells: Sequence[_Cell], start: int, contents: set[int]) -> int:
    """Index just past the progress paragraphs starting at ``start``."""
    end = start
    while end < len(cells) and cells[end].kind == "text" and end not in contents:
        end += 1
    return end


def _row(
    content: _Cell,
    number: str | None,
    name: str | None,
    units: list[str],
    progress: Sequence[_Cell],
    flags: list[str],
) -> SourceRow:
    """Build one row from its cells as printed."""
    return SourceRow(
        source_line=content.line,
        category_no=number,
        category=name,
        content=content.shown,
        lead_units=units,
        progress="\n".join(c.shown for c in progress) if progress else None,
        flags=flags,
    )


# --- module surface -------------------------------------------------------------------------


def parse(doc: Document) -> Iterator[SourceRow]:
    """Every task row of every printing of the table, in print order."""
    paras = doc.folded_paragraphs()
    ctx = _learn(paras)
    printed = _printed_lines(doc)
    for table in _tables(paras):
        yield from _rows(table, ctx, printed)


def _printed_lines(doc: Document) -> Printed:
    """A paragraph's printed text by its line number (folding keeps line numbers); None when
    nothing was folded."""
    if doc.folded_text is doc.text:
        return None
    return dict(doc.paragraphs()).__getitem__


def detect(doc: Document) -> float:
    """How sure we are that ``doc`` is in this layout, from its text.

    The four-column header printed one cell per paragraph is the signature (0.45); numbered
    category headings (0.2) and unit-list paragraphs (0.2) confirm the body; the Gongshu CMS
    block ("信息索引号", "点击率" = info index number, hit count) adds the rest. Without the
    header the score is at most :data:`~govtasks.formats.base.WITHOUT_SIGNATURE`: headings
    "(一)", unit lists and that CMS block are printed by other tables of the same site too.
    """
    return _clues(doc.folded_paragraphs())[0]


def explain(doc: Document) -> list[str]:
    """The evidence :func:`detect` weighs, one line each."""
    return _clues(doc.folded_paragraphs())[1]


def _clues(paras: Sequence[tuple[int, str]]) -> tuple[float, list[str]]:
    """:func:`detect`'s score and :func:`explain`'s lines, from the folded paragraphs."""
    header = next((line for i, (line, _) in enumerate(paras) if _header_length(paras, i)), None)
    headings = sum(1 for _, text in paras if _heading(text) is not None)
    units = sum(1 for _, text in paras if _is_unit_list(text))
    head = "\n".join(text for _, text in paras[:12])
    cms = "信息索引号" in head or "点击率" in head
    body = units >= 3 and units >= 0.1 * len(paras)
    score = (0.45 if header else 0.0) + (0.2 if headings >= 2 else 0.0)
    score += 0.2 if body else 0.0
    score += 0.15 if cms else 0.0
    words = " · ".join(HEADER)
    lines = [
        evidence(header is not None, 0.45, f"column header {words}, one cell per paragraph{at_line(header)}"),
        evidence(headings >= 2, 0.2, f'numbered category headings "(一)…": {headings} (2 wanted)'),
        evidence(
            body, 0.2, f"unit-list paragraphs: {units} of {len(paras)} (three and a tenth of them wanted)"
        ),
        evidence(cms, 0.15, "CMS block 信息索引号 / 点击率 in the first 12 paragraphs"),
        *cap_line(header is not None, f"no {words} header"),
    ]
    return capped(min(score, 1.0), header is not None), lines


#: The "attachment" label some pages print before the title.
_ATTACHMENT_LABEL = re.compile(r"^附件\s*[:：]?\s*")


def title_of(doc: Document) -> str | None:
    """The page title, as printed: the first header-block line naming the report ("附件"
    label dropped)."""
    for _, shown, text in doc.printed_and_folded()[:20]:
        if _header_length([(0, text)], 0) or text == HEADER[0]:
            break
        label = _ATTACHMENT_LABEL.match(text)
        candidate = text[label.end() :] if label else text
        if label is None and _is_cms_label(text):
            continue
        if all(word in candidate for word in _TITLE_WORDS) and not any(ch in ",，;；。" for ch in candidate):
            return shown[label.end() :] if label else shown
    return None


def facts(doc: Document) -> ReportFacts:
    """Facts from the CMS block; the district is not in the title, so it is inferred."""
    return cms_header_facts(doc, title_of(doc))
