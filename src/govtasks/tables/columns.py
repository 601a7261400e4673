"""Recognise a task table's columns by what their headers mean, in any order (issue 5 point 3,
issue 17 point 3).

A header cell is read after folding it to simplified script and removing the letter-spacing
and padding that real pages put in it ("序 号", "牽頭單位?", "序號(hào)"). Its kind comes from its
head noun, the last noun (牵头市领导 is a 领导, a leader; 年度目标任务 a 任务, a task), and from
qualifiers that change it (配合 makes units supporting, 下一步 makes a plan the next steps, a
quarter makes a target a milestone): the tables :data:`HEAD_NOUNS` and :data:`QUALIFIERS`, and
:func:`explain` says which rule decided. Every column gets a :data:`ColumnKind`; a column the
reader has no field for is ``"extra"`` and is kept under its header text by the table readers,
never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, get_args

from govtasks.clean.folding import fold_script

ColumnKind = Literal[
    "seq",
    "category",
    "content",
    "leaders",
    "lead_units",
    "supporting_units",
    "progress",
    "problems",
    "next_steps",
    "extra",
]

#: Every kind, in the order the table readers fill their fields.
KINDS: tuple[ColumnKind, ...] = get_args(ColumnKind)

#: The header words of the task tables seen so far, per kind (simplified script, no spaces).
#: :func:`classify` reads each as listed (tests/test_columns.py checks it); the list itself is
#: the narrow guard that tells task tables from narrative text (:data:`TABLE_WORDS`).
HEADER_WORDS: tuple[tuple[str, ColumnKind], ...] = (
    ("序号", "seq"),  # sequence number
    ("项目名称", "category"),  # project name
    ("任务名称", "category"),  # task name
    ("项目内容", "content"),  # project content
    ("任务内容", "content"),  # task content
    ("重点工作", "content"),  # key work
    ("重点工作任务", "content"),  # key work task
    ("工作任务", "content"),  # work task
    ("主要工作内容", "content"),  # main work content
    ("内容与要求", "content"),  # content and requirements
    ("工作目标", "content"),  # work target (民生实事 livelihood-project tables)
    ("牵头领导", "leaders"),  # leading official
    ("牵头单位", "lead_units"),  # lead unit
    ("牵头部门", "lead_units"),  # lead department
    ("责任单位", "lead_units"),  # responsible unit
    ("配合单位", "supporting_units"),  # supporting unit
    ("配合部门", "supporting_units"),  # supporting department
    ("参与单位", "supporting_units"),  # participating unit
    ("进展情况", "progress"),  # progress
    ("完成情况", "progress"),  # completion
    ("工作举措与完成情况", "progress"),  # measures taken and completion
    ("半年度工作完成情况", "progress"),  # half-year completion
    ("累计完成情况", "progress"),  # cumulative completion
    ("问题与困难", "problems"),  # problems and difficulties
    ("下一步工作打算", "next_steps"),  # plans for the next step
    ("备注", "extra"),  # remarks: a column every reader knows, kept under its header
)

_KNOWN_WORDS = frozenset(word for word, _ in HEADER_WORDS)

#: Every header word of a task table: what tells a task table from other tables and text
#: (govtasks.formats.looks_like_a_table, govtasks.tables.html.task_table).
TABLE_WORDS: tuple[str, ...] = tuple(word for word, _ in HEADER_WORDS)

#: Words naming the lead unit outright (牵头 = "takes the lead"); they outrank 责任单位
#: ("responsible unit") when a table has both, see :func:`column_map`.
_LEAD_WORDS = ("牵头单位", "牵头部门", "牵头责任单位")

#: Bare head nouns that head a title column when a text column follows (项目 project, 事项
#: matter, 工作 work): see :func:`column_map`.
_TITLE_HEADS = frozenset({"项目", "事项", "工作"})

#: Kinds whose value a row has once: a second column of the same kind is kept as extra.
_SINGLE_KINDS = frozenset(KINDS) - {"extra"}

#: Letter-spacing and padding inside header cells: whitespace (NBSP and the ideographic space
#: included), the "?" that NBSP became in some copies, and pinyin annotations that garbled
#: pages put after characters ("序號(hào)").
_NOISE = re.compile(r"[\s?\u00a0\u3000]+|[(（][a-zA-Z\u00c0-\u024f\u1e00-\u1eff]+[)）]")


#: Letter-spacing and padding only: what is removed from a header before it keys an extra value.
_SPACING = re.compile(r"[\s?\u00a0\u3000]+")


def normalize_header(header: str) -> str:
    """``header`` folded to simplified script with spacing, padding and pinyin removed.

    >>> normalize_header(" 牽 頭 單 位? ")
    '牵头单位'
    >>> normalize_header("序號(hào)")
    '序号'
    """
    return _NOISE.sub("", fold_script(header))


#: Headers that number the rows when they are the whole header (序 order, 编号 serial number);
#: 序号 (sequence number) is a head noun (分解序号 "number in the breakdown").
SEQ_HEADERS = frozenset({"序", "编号"})

#: Head nouns: what a column holds, named by the last noun of its header (Chinese puts the head
#: last: 牵头市领导 "leading city official" is a 领导). Matched at the header's end, longest
#: first. The kind a qualifier may change is in :data:`QUALIFIERS`.
HEAD_NOUNS: tuple[tuple[str, ColumnKind], ...] = (
    ("序号", "seq"),  # sequence number (分解序号)
    ("任务", "content"),  # task (年度目标任务, 重点工作任务)
    ("项目", "content"),  # project (实事项目)
    ("内容", "content"),  # content (项目内容)
    ("事项", "content"),  # matter, item
    ("目标", "content"),  # target (工作目标, 2022年预期目标)
    ("工作", "content"),  # work (重点工作)
    ("举措", "content"),  # measure
    ("措施", "content"),  # measure
    ("概况", "content"),  # outline (工程概况: what a project builds)
    ("实事", "content"),  # practical matter (民生实事: the year's livelihood projects)
    ("名称", "category"),  # name (项目名称: the group a row belongs to)
    ("类别", "category"),  # category
    ("领域", "category"),  # field, sector
    ("板块", "category"),  # section (of the report)
    ("大类", "category"),  # main class
    ("分类", "category"),  # class (事项分类)
    ("领导", "leaders"),  # leading official (牵头市领导, 责任区领导, 分管领导, 联系领导)
    ("责任人", "leaders"),  # person responsible
    ("负责人", "leaders"),  # person in charge
    ("区长", "leaders"),  # district head (分管副区长)
    ("市长", "leaders"),  # mayor
    ("县长", "leaders"),  # county head
    ("单位", "lead_units"),  # unit (责任单位)
    ("部门", "lead_units"),  # department (牵头部门)
    ("主体", "lead_units"),  # responsible party (责任主体)
    ("分工", "lead_units"),  # division of work (部门分工 "X牵头,Y配合": role words say who leads)
    ("科室", "lead_units"),  # section of a bureau
    ("处室", "lead_units"),  # division of a bureau
    ("情况", "progress"),  # state, how it went (进展情况, 1-9月完成情况)
    ("进度", "progress"),  # progress (完成进度)
    ("进展", "progress"),  # progress (三季度进展)
    ("成效", "progress"),  # results achieved
    ("完成", "progress"),  # completed (1-9月完成)
    ("问题", "problems"),  # problem (存在问题)
    ("困难", "problems"),  # difficulty
    ("难点", "problems"),  # difficult point
    ("打算", "next_steps"),  # intention (下一步工作打算)
    ("计划", "extra"),  # plan: next steps only with a 下一步 qualifier, else a plan kept as extra
    ("时间", "extra"),  # time (完成时间)
    ("时限", "extra"),  # time limit (完成时限)
    ("节点", "extra"),  # milestone (时间节点)
    ("期限", "extra"),  # deadline
    ("日期", "extra"),  # date
    ("类型", "extra"),  # type (目标类型)
    ("要求", "extra"),  # requirement (指标要求)
    ("指标", "extra"),  # indicator
    ("状态", "extra"),  # status (完成状态: done / under way)
    ("备注", "extra"),  # remarks
    ("说明", "extra"),  # notes
    ("分值", "extra"),  # score weight
)

#: Qualifiers that change the kind a head noun gives: (qualifier, the head kinds it applies to,
#: the kind it gives). The first qualifier found in the header, in this order, decides.
QUALIFIERS: tuple[tuple[str, frozenset[ColumnKind], ColumnKind], ...] = (
    # 配合 cooperating, 协同 jointly, 参与 taking part, 协办 co-organising, 协助 assisting: the
    # units that support the lead
    ("配合", frozenset({"lead_units"}), "supporting_units"),
    ("协同", frozenset({"lead_units"}), "supporting_units"),
    ("参与", frozenset({"lead_units"}), "supporting_units"),
    ("协办", frozenset({"lead_units"}), "supporting_units"),
    ("协助", frozenset({"lead_units"}), "supporting_units"),
    # 数据 data, 提供 providing (数据提供单位: the units that report the figures): a third role
    # beside the task's lead and supporting units, kept as extra
    ("数据", frozenset({"lead_units"}), "extra"),
    ("提供", frozenset({"lead_units"}), "extra"),
    # 下一步/下步 next step, 下阶段 next stage, 后续 follow-up: plans, not the task
    ("下一步", frozenset({"content", "extra", "progress"}), "next_steps"),
    ("下步", frozenset({"content", "extra", "progress"}), "next_steps"),
    ("下阶段", frozenset({"content", "extra", "progress"}), "next_steps"),
    ("后续", frozenset({"content", "extra"}), "next_steps"),
    # 计划进度 planned progress (8月计划进度): what the month was meant to reach, a milestone kept
    # as extra beside the progress made (实际进度); 计划完成情况 (how the plan was done) stays progress
    ("计划进度", frozenset({"progress"}), "extra"),
)

#: A period inside a target's header: a quarterly or monthly milestone (一季度目标, 1-6月任务,
#: 上半年目标), kept as extra; the year's own target (年度目标任务) is the content.
_MILESTONE = re.compile(r"[一二三四1-4]季度|上半年|下半年|\d{1,2}\s*[-—－~至]\s*\d{1,2}\s*月|\d{1,2}月")

#: Between two names printed in one header cell: "问题与困难", "工作举措与完成情况",
#: "牵头单位/配合单位" (与 and, 及 and, 和 and; not the 与 of 参与 taking part).
_PARTS = re.compile(r"(?<!参)[与及和]|[/／、|]")
#: When the names of one cell differ, the kind that wins: what a reader looks for first.
_PART_PRIORITY: tuple[ColumnKind, ...] = (
    "progress", "problems", "next_steps", "content", "category", "leaders", "lead_units",
    "supporting_units", "seq",
)  # fmt: skip
#: A bracketed note after a header: "重点工作任务(杭州市2项配合工作)", "完成情况(截至9月底)".
_NOTE = re.compile(r"[(（][^()（）]*[)）]")
#: A unit of measure in a header's note: "区年度目标(%)", "绝对值(亿元)" head columns of figures
#: (an indicator table), not of tasks.
_MEASURE = re.compile(
    r"[(（](?:%|％|‰|[万亿]?元|[万亿]?美元|万?人|个|家|[万]?亩|[万]?吨|公里|千米|平方米|万平方米)[)）]"
)
#: Punctuation around a header: a label's colon, a footnote's asterisk.
_EDGES = ":：*＊、.．,，;；"


@dataclass(frozen=True)
class HeaderReading:
    """Why a header got its kind: the kind, the head noun and qualifier that decided it (``None``
    when none did), and a sentence saying so (for ``govtasks detect --explain``)."""

    kind: ColumnKind
    head: str | None
    qualifier: str | None
    why: str
    #: The other kinds a cell naming two columns names ("牵头单位及主要负责人": leaders, then
    #: lead_units), in :data:`_PART_PRIORITY` order: what the column holds when the table has
    #: its first kind in another column (see :func:`column_map`).
    others: tuple[ColumnKind, ...] = ()

    @property
    def recognised(self) -> bool:
        """Whether a header word decided the kind (an extra by its head, like 备注, counts;
        a header no rule reads does not)."""
        return self.head is not None


#: The longest header split into glued names (a header line glued whole is longer, and is
#: split by the text-shape readers; see :func:`split_glued`).
_MAX_GLUED = 40


def split_glued(text: str) -> list[str] | None:
    """``text`` (normalised) cut into two or more header names glued together, or ``None``.

    Every piece must be a header a rule explains (:func:`explain`). Of the ways to cut, the
    best reads most like headers: a known header word (:data:`HEADER_WORDS`, 序号) counts 2, a
    head noun with its qualifier 1, a bare head noun 0 (情况 alone is rarely a column); ties go
    to fewer pieces, so "全年完成情况" stays whole.

    >>> split_glued("类别序号重点督办内容牵头单位全年完成情况")
    ['类别', '序号', '重点督办内容', '牵头单位', '全年完成情况']
    >>> split_glued("牵头单位配合单位"), split_glued("年度目标任务"), split_glued("区发改局")
    (['牵头单位', '配合单位'], None, None)
    """
    if len(text) > _MAX_GLUED:
        return None
    # best[i]: (score, -pieces, pieces) of the best cut of text[i:]
    best: list[tuple[int, int, list[str]] | None] = [None] * (len(text) + 1)
    best[len(text)] = (0, 0, [])
    for start in range(len(text) - 1, -1, -1):
        for end in range(start + 2, len(text) + 1):
            rest = best[end]
            if rest is None:
                continue
            piece = text[start:end]
            reading = _read_one(piece)
            if not reading.recognised:
                continue
            score = 2 if piece in _KNOWN_WORDS else 0 if piece == reading.head else 1
            candidate = (score + rest[0], rest[1] - 1, [piece, *rest[2]])
            if best[start] is None or candidate[:2] > best[start][:2]:  # type: ignore[index]
                best[start] = candidate
    found = best[0]
    return found[2] if found is not None and len(found[2]) >= 2 else None


@lru_cache(maxsize=8192)  # asked of every header cell, and of every row a reader tries as a header
def explain(header: str) -> HeaderReading:
    """How :func:`classify` reads ``header``.

    >>> explain("牵头市领导").why
    'head noun 领导 → leaders'
    >>> explain("配合单位").why
    'head noun 单位, qualifier 配合 → supporting_units'
    >>> explain("一季度目标").why
    'head noun 目标 with a period (a milestone) → extra'
    >>> explain("工作举措与完成情况").why
    'names 工作举措 (content), 完成情况 (progress): progress first → progress'
    >>> explain("区年度目标(%)").why
    "a quantity in (%) (an indicator's value) → extra"
    >>> explain("牵头单位配合单位").why
    'names 牵头单位 (lead_units), 配合单位 (supporting_units): lead_units first → lead_units'
    >>> explain("张三").why
    'no header word → extra (kept under its header)'
    """
    normalized = normalize_header(header)
    text = _NOTE.sub("", normalized).strip(_EDGES)
    measure = next((m.group(0) for m in _NOTE.finditer(normalized) if _MEASURE.fullmatch(m.group(0))), None)
    if measure is not None and text:
        return HeaderReading("extra", None, None, f"a quantity in {measure} (an indicator's value) → extra")
    if not text:
        return HeaderReading("extra", None, None, "empty → extra")
    parts = [p.strip(_EDGES) for p in _PARTS.split(text)]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        return _read_parts(parts) or _read_one(text)
    whole = _read_one(text)
    glued = split_glued(text)  # "牵头单位配合单位": two names glued together
    reading = _read_parts(glued) if glued else None
    return reading if reading is not None and reading.kind != whole.kind else whole


def _read_parts(parts: Sequence[str]) -> HeaderReading | None:
    """The reading of a cell naming several columns: the kind of its first name in
    :data:`_PART_PRIORITY` order, the others as alternatives; ``None`` when no name is read."""
    readings = [_read_one(p) for p in parts]
    known = [r for r in readings if r.recognised]
    if not known:
        return None
    kinds = [r.kind for r in known]
    ranked = [k for k in _PART_PRIORITY if k in kinds]
    best: ColumnKind = ranked[0] if ranked else "extra"
    chosen = known[kinds.index(best)]
    listed = ", ".join(f"{p} ({r.kind})" for p, r in zip(parts, readings, strict=True))
    why = f"names {listed}: {best} first → {best}"
    return HeaderReading(best, chosen.head, chosen.qualifier, why, tuple(ranked[1:]))


def _read_one(text: str) -> HeaderReading:
    """The reading of one header name (no separators), normalised."""
    if text in SEQ_HEADERS:
        return HeaderReading("seq", text, None, f"{text} numbers the rows → seq")
    head, kind = _head_noun(text)
    if kind == "seq":
        return HeaderReading("seq", head, None, f"head noun {head} numbers the rows → seq")
    if head is None:
        return HeaderReading("extra", None, None, "no header word → extra (kept under its header)")
    for qualifier, applies, given in QUALIFIERS:
        if kind in applies and qualifier in text:
            return HeaderReading(given, head, qualifier, f"head noun {head}, qualifier {qualifier} → {given}")
    if kind == "content" and _MILESTONE.search(text):
        return HeaderReading("extra", head, None, f"head noun {head} with a period (a milestone) → extra")
    return HeaderReading(kind, head, None, f"head noun {head} → {kind}")


def _head_noun(text: str) -> tuple[str | None, ColumnKind]:
    """The head noun ``text`` ends with (longest first) and its kind."""
    found = [(noun, kind) for noun, kind in HEAD_NOUNS if text.endswith(noun)]
    if not found:
        return None, "extra"
    return max(found, key=lambda item: len(item[0]))


def classify(header: str) -> ColumnKind:
    """The kind of the column headed ``header``, by what it means: its head noun (the last
    noun: 任务, 领导, 单位, 情况 …, see :data:`HEAD_NOUNS`) and its qualifiers (配合 makes units
    supporting, 下一步 makes a plan the next steps, a quarter makes a target a milestone: see
    :data:`QUALIFIERS`). A cell naming two columns ("问题与困难", "牵头单位/配合单位") takes the
    kind of its first name in :data:`_PART_PRIORITY` order. Anything else is extra, never
    dropped. :func:`explain` says why.

    >>> classify("序 号"), classify("牽頭單位"), classify("一季度完成情况")
    ('seq', 'lead_units', 'progress')
    >>> classify("牵头单位/配合单位"), classify("配合部门"), classify("协同单位")
    ('lead_units', 'supporting_units', 'supporting_units')
    >>> classify("年度目标任务"), classify("实事项目"), classify("项目名称"), classify("目 标 类 型")
    ('content', 'content', 'category', 'extra')
    >>> classify("牵头市领导"), classify("责任区领导"), classify("完成进度"), classify("三季度进展")
    ('leaders', 'leaders', 'progress', 'progress')
    >>> classify("下一步工作打算"), classify("下步工作"), classify("问题与困难"), classify("备注")
    ('next_steps', 'next_steps', 'problems', 'extra')
    >>> classify("时间节点"), classify("完成时限"), classify("一季度目标"), classify("张三")
    ('extra', 'extra', 'extra', 'extra')
    """
    return explain(header).kind


@dataclass(frozen=True)
class Column:
    """One column of a table: its position, what it holds, and its header as printed.

    ``period`` is set on the progress columns of a table that prints one per period
    (一季度 … 四季度): each holds the progress of that period.
    """

    index: int
    kind: ColumnKind
    header: str
    period: str | None = None


#: Periods named in a column header (first match wins: 第一季度 before 一季度): quarters
#: (季度) and half-years (上半年 first half, 下半年 second half).
_PERIOD_HEADERS: tuple[tuple[str, str], ...] = (
    ("一季度", "Q1"), ("1季度", "Q1"), ("二季度", "Q2"), ("2季度", "Q2"), ("三季度", "Q3"),
    ("3季度", "Q3"), ("四季度", "Q4"), ("4季度", "Q4"), ("上半年", "H1"), ("下半年", "H2"),
)  # fmt: skip


def header_period(header: str) -> str | None:
    """The period a column header names, if any.

    >>> header_period("一季度完成情况"), header_period("第三季度"), header_period("进展情况")
    ('Q1', 'Q3', None)
    """
    text = normalize_header(header)
    return next((period for word, period in _PERIOD_HEADERS if word in text), None)


#: Kinds of columns that name units or persons (the 省 "province's" prefix makes them another
#: government's).
_NAME_KINDS: frozenset[ColumnKind] = frozenset({"leaders", "lead_units", "supporting_units"})


def column_map(headers: Sequence[str]) -> list[Column]:
    """One :class:`Column` per header cell, in print order, its header without letter-spacing.

    Rules for what :func:`classify` alone leaves ambiguous:

    * **No content column, but a name column** (上城区's 序号 · 任务名称 · 指标要求 · …): the task
      name *is* the task, so that category column becomes the content column (a class, 主题分类 ·
      体裁分类 of a page's info block, is no task).
    * **Two content columns and no category column, the first a bare title word** (序号 · 项目
      · 重点工作 · …): it names the project or group the task belongs to, so it is the category
      column (主要任务 · 全年目标任务 keep the first as the content).
    * **Two columns of one kind**: a row has one value per field, so the first column (in print
      order) keeps the kind and later ones become extra under their header — nothing is lost —
      unless the later header names a second kind no other column has (分管市领导 · 牵头单位及
      主要负责人: the units and their heads' names, after a leaders column, are the lead units).
    * **Quarterly columns** (一季度 … 四季度, or 一季度完成情况 …): each is a progress column
      with its ``period``; the table reports several periods (one progress row per period).
    * **Both 牵头单位/牵头部门 and 责任单位**: the column that says "lead" (牵头) is lead_units
      wherever it stands, and 责任单位 names the units that share the task with the lead: it is
      supporting_units, or extra when a 配合单位 (supporting) column is printed too.
    * An empty header is extra (a trailing "||" makes such a column), and so is one naming the
      province's units (省牵头单位): the report is a district's or a city's.

    >>> [c.kind for c in column_map(["序号", "任务名称", "指标要求", "牵头部门"])]
    ['seq', 'content', 'extra', 'lead_units']
    >>> [c.kind for c in column_map(["序号", "项目", "重点工作", "牵头领导"])]
    ['seq', 'category', 'content', 'leaders']
    >>> [c.kind for c in column_map(["工作任务", "分管市领导", "牵头单位及主要负责人"])]
    ['content', 'leaders', 'lead_units']
    >>> [c.kind for c in column_map(["责任单位", "重点工作", "牵头单位"])]
    ['supporting_units', 'content', 'lead_units']
    >>> [c.kind for c in column_map(["责任单位", "重点工作", "牵头单位", "配合单位"])]
    ['extra', 'content', 'lead_units', 'supporting_units']
    >>> [c.kind for c in column_map(["序号", "重点工作", "责任单位", "省牵头单位"])]
    ['seq', 'content', 'lead_units', 'extra']
    >>> [c.kind for c in column_map(["序号", "项目", "省工作目标", "牵头单位", "1-6月进展情况"])]
    ['seq', 'category', 'content', 'lead_units', 'progress']
    >>> [(c.kind, c.period) for c in column_map(["重点工作", "一季度完成情况", "二季度完成情况"])]
    [('content', None), ('progress', 'Q1'), ('progress', 'Q2')]
    """
    normalized = [normalize_header(h) for h in headers]
    # 省牵头单位 (the province's lead unit) names another government's unit, not this report's;
    # 省工作目标 (the province's target, which the district carries) is still the task.
    kinds = [classify(h) for h in headers]
    kinds = [
        "extra" if n.startswith("省") and k in _NAME_KINDS else k
        for k, n in zip(kinds, normalized, strict=True)
    ]
    names = [
        i for i, (k, n) in enumerate(zip(kinds, normalized, strict=True)) if k == "category" and "名称" in n
    ]
    if "content" not in kinds and names:
        kinds[names[0]] = "content"
    elif kinds.count("content") >= 2 and "category" not in kinds:
        first = kinds.index("content")
        if normalized[first] in _TITLE_HEADS:
            kinds[first] = "category"
    has_lead_word = any(
        kind != "extra" and any(w in n for w in _LEAD_WORDS)
        for kind, n in zip(kinds, normalized, strict=True)
    )
    if has_lead_word:
        for i, (kind, text) in enumerate(zip(kinds, normalized, strict=True)):
            if kind == "lead_units" and not any(w in text for w in _LEAD_WORDS):
                kinds[i] = "extra" if "supporting_units" in kinds else "supporting_units"
    periods = _period_columns(headers, kinds)
    seen: set[ColumnKind] = set()
    columns = []
    for i, (header, kind) in enumerate(zip(headers, kinds, strict=True)):
        if i in periods:
            columns.append(Column(i, "progress", _SPACING.sub("", header), periods[i]))
            continue
        if kind in _SINGLE_KINDS and kind in seen:
            free = [k for k in explain(header).others if k not in seen and k not in kinds[i + 1 :]]
            kind = free[0] if free else "extra"
        seen.add(kind)
        columns.append(Column(i, kind, _SPACING.sub("", header)))
    return columns


def _period_columns(headers: Sequence[str], kinds: Sequence[ColumnKind]) -> dict[int, str]:
    """Progress columns of a quarterly table: index -> period, when two or more columns name
    different periods and each is a progress column or a bare period ("一季度"); else empty."""
    found: dict[int, str] = {}
    for i, (header, kind) in enumerate(zip(headers, kinds, strict=True)):
        period = header_period(header)
        bare = normalize_header(header).lstrip("第") in {w for w, _ in _PERIOD_HEADERS}
        if period is not None and (kind == "progress" or bare):
            found[i] = period
    return found if len(set(found.values())) >= 2 else {}


#: What a data cell holds and a header cell never does: the end of a sentence or clause (。；).
#: Not "?": non-breaking spaces in headers became "?" in some copies ("牵头单位?").
_DATA_CELL = re.compile(r"[。；;]")
#: Labels of a page's info block printed as a table row (索引号 index number, 发布机构 publisher,
#: 组配分类/主题分类/体裁分类 the site's classes, 成文日期 date written): such a row is no header.
_INFO_LABELS = frozenset({"索引号", "发布机构", "组配分类", "主题分类", "体裁分类", "成文日期", "发布日期"})
#: The longest header cell ("重点工作任务(杭州市2项配合工作)" is 17 characters).
_MAX_HEADER_CELL = 40


def header_row(rows: Sequence[Sequence[str]], limit: int = 30) -> int | None:
    """Index of the header row among the first ``limit`` rows: the first row with a content
    column (after :func:`column_map`'s rules) and at least two recognised, non-extra kinds.

    Info tables above the task table (索引号 | … index number) have no such row, and neither
    has a row of data, however its cells end: a header cell holds no sentence.

    >>> header_row([["索引号", "000330185/2022-86781"], ["序号", "项目内容", "责任单位"]])
    1
    >>> header_row([["备注", "说明"]]) is None
    True
    >>> header_row([["1", "推进一批重点项目。", "区发改局", "进展情况良好"]]) is None
    True
    """
    for i, row in enumerate(rows[:limit]):
        if any(_DATA_CELL.search(cell) or len(cell) > _MAX_HEADER_CELL for cell in row):
            continue
        if any(normalize_header(cell) in _INFO_LABELS for cell in row):
            continue  # a page's info block: its values (组配分类 | 民生实事) name no columns
        kinds = {c.kind for c in column_map(row)}
        if "content" in kinds and len(kinds - {"extra"}) >= 2:
            return i
    return None
