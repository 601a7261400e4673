"""Task lists without a table: numbered items, each followed by label lines.

Some plans print no table at all (samples-extra 29, 蔡甸区 2023)::

    一、2023年全区经济社会发展的主要预期目标        <- heading: the category
    (一)地区生产总值增长7%以上                      <- item: one task
    责任单位:区发展和改革局                          <- label line: a column by its label word

The label words are the column header words of :mod:`govtasks.tables.columns`, so "牵头领导:",
"配合单位:", "完成情况:" … land in the same fields as in a table. The labels may also close the
item's own line, in brackets: "1、任务。[牵头单位:区卫健局;责任单位:…]", "1.任务。(市级牵头单位:
…;区级牵头单位:…)", or with verbs for labels: "1.任务。(区商务局主办,相关街道协办)".

Which numbered paragraphs are items and which are headings is told by their numbering style
("一、" above "(一)" above "1." above "(1)" above "①"): the items are the style whose paragraphs carry
labels most often; numbered paragraphs of the styles above it are headings, and an item's
category is the innermost heading above it; a sentence introducing a list ("8项进展偏慢的重点工作为:") is a
heading too. A heading that names an official ("一、汤飞帆市长
牵头重点工作") gives the leaders of the items under it instead (it is no category, as in a table);
a heading that names a unit ("一、县示范区管委会牵头工作(8项)") gives their lead unit, and its one task
may follow it with no number ("(二)省审计厅牵头的工作" / "全面加强审计工作。").

Labels may also come as a run after the task's last full stop, with no bracket ("1.增长6%以上。牵头
单位:市发改委;责任单位:各县(市)区政府"), and an item citing the plan's task number, then a colon,
is that task and its progress ("1.产业投资(第7项):完成852.9亿元,滞后序时进度11.8个百分点。").

Some lists print every item as a block of labels, the values inline or on the lines after
them (:func:`label_blocks`)::

    01 项目名称:提升县域生态环境                      <- the item's number and short title
    项目内容:                                          <- its task text on the next lines
    连通城区河道水系……
    责任单位:                                          <- (a label word seen with its colon may
    水务局、城管局、自然资源局                           lose it in another item: "责任单位")
    进展与成效:
    ……

A list may print no numbers at all: three paragraphs in a row at least, each closed by its labels
("马厂七期安置房完成主体工程(三水街道牵头)"), are its items. A forum's anti-copy junk glued around a
post's lines (") x& L1 ]8 N) l6 J( k": :func:`without_jammer`) is dropped before anything is read.

Judgements, written down: a list that runs to the very last line of the file (no signature,
footer or closing text after it) is taken to be cut off, and its last item is flagged
``truncated``. A paragraph closed by labels right after an item closed by labels, with no number
of its own, is an item whose number was lost (a page printing ①…⑤ then three items with no
number, the next circled numbers dropped by the copy): it is kept, with no seq. Where an item
names both a 牵头单位 (lead) and a 责任单位 (responsible) list, the responsible units are the
supporting ones. Where it names units of several levels ("市级牵头单位"
the city's, "区级牵头单位" the district's), the lowest level is the one the report is about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from govtasks.clean.folding import fold_script
from govtasks.clean.units import UNIT_ENDINGS
from govtasks.tables.columns import classify, explain
from govtasks.tables.pipe import leader_in_heading, split_list

_NUMERAL = "一二三四五六七八九十"
#: The level of a paragraph printed without a number (a possible sub-heading).
_BARE = -1
#: The level of "1." items: that of a list printed with no numbers at all.
_ITEM_LEVEL = 2
#: Numbering styles, outermost first: "一、", "(一)", "1." / "1、", "(1)", "①". A number may
#: take a full-width full stop for its dot ("1。", a copy's slip) and a space before its mark
#: ("1 . ", "一 、": PDF text); a decimal or a year ("3.5", "2021 .") is no number.
_STYLES = (
    re.compile(rf"^([{_NUMERAL}]{{1,3}} ?、)\s*(.+)$"),
    re.compile(rf"^([(（][{_NUMERAL}]{{1,3}}[)）])\s*(.+)$"),
    re.compile(r"^(\d{1,3} ?[.、．。](?!\d))\s*(.+)$"),
    re.compile(r"^([(（]\d{1,3}[)）])\s*(.+)$"),
    re.compile(r"^([\u2460-\u2473])\s*(.+)$"),  # circled numbers ① … ⑳
)
#: A label line: "责任单位:…" (the label is checked against the column words). The label
#: word opens no bracket it does not close: "修道路(责任单位:X)" is a task closed by its label.
_LABEL = re.compile(r"^(?=[^:：]{2,10}[:：])((?:[^:：(（]|[(（][^()（）:：]*[)）])+)[:：]\s*(.*)$")
#: Separators of the labels inside one bracket: "[牵头单位:…;责任单位:…]"; a comma only before
#: another label ("(牵头领导:X,牵头单位:Y)"), since commas also separate the units of one label.
_LABEL_SEP = re.compile(r"[;；]|[,，](?=[^,，;；:：()（）]{2,10}[:：])")
_OPENERS = {")": "(", "）": "（", "]": "[", "】": "【"}
#: What may follow the closing bracket: the item's own full stop or semicolon ("…(责任单位:X);").
_AFTER_CLOSING = "。；;.．"
#: Verbs closing a unit list in a bracket, by role: 主办 hosts, 牵头 leads, 负责 is in charge (the
#: lead); 协办 co-hosts, 配合 cooperates, 参与 takes part, 协助 assists (supporting).
_LEAD_VERBS = ("主办", "牵头", "负责")
_SUPPORT_VERBS = ("协办", "配合", "参与", "协助")
#: 按职责分工 (each by its duties) before a verb says how, and names no unit.
_ROLE_VERB = re.compile(
    rf"^(.{{2,}}?)(?:按照?职责分工|按照?职责)?({'|'.join(_LEAD_VERBS + _SUPPORT_VERBS)})$"
)
#: The verb that says who is responsible (负责): the lead, unless a 牵头 is named beside it.
_RESPONSIBLE_VERB, _RESPONSIBLE_LABEL = "负责", "责任单位"
#: Separators of the role-verb lists inside one bracket: "(区商务局主办,相关街道协办)".
_VERB_SEP = re.compile(r"[;；,，]")
#: The labels a role verb stands for: 牵头单位 lead unit, 配合单位 supporting unit.
_LEAD_LABEL, _SUPPORT_LABEL = "牵头单位", "配合单位"
#: A label inside an item's line, after a comma, its value ending at the sentence's end:
#: "项目,牵头部门:市交通局。…".
_INLINE_LABEL = re.compile(r"^.+?([，,；;]\s*)([^，,；;。:：]{2,10})[:：]([^。；;:：]+)[。；;]")
#: What the sentences after an inline label say: the progress (完成情况).
_PROGRESS_LABEL = "完成情况"
#: A signature glued after the last sentence by a space: "… 六安市民生办".
_SIGNATURE = re.compile(r"(?<=[。；;!！])\s+[^。，,；;:：\s]{2,16}$")
#: Administrative levels a label may name, highest first: 省级 provincial, 市级 city, 区级/县级
#: district or county, 镇级/街道 town.
_LEVELS = ("省级", "市级", "区级", "县级", "镇级")
#: Label words: 牵头 leads, 责任 is responsible (supporting when a lead is named beside it).
_LEADS, _RESPONSIBLE = "牵头", "责任"
_LIST_FIELDS = ("units", "leaders")
#: Head nouns of labels no column header names: 领导 leader; 单位 unit, 部门 department, 主体
#: responsible body; 配合/协同/参与 cooperating, i.e. supporting.
_LEADER_NOUNS = ("领导",)
_UNIT_NOUNS = ("单位", "部门", "主体")
_SUPPORTING = ("配合", "协同", "参与")
#: A paragraph holding a sentence (its full stop): a progress report, not a heading.
_SENTENCE = re.compile(r"[。!！]")
#: A short remark after an item's closing labels: "(责任单位:…)该件实事已全面完成" (this task is
#: done): no bracket, colon or sentence inside.
_REMARK = re.compile(r"^[^()（）\[\]【】:：;；。]{2,30}[。.]?$")
#: A sub-heading printed without a number ("加强基础设施建设"): short, no sentence punctuation.
_BARE_HEADING = re.compile(r"^[^。，,；;：:、!！?？]{2,24}$")
#: A sentence introducing a list, closed by its colon: "8项进展偏慢的市政府重点工作为:" (the 8
#: lagging tasks are:); no other punctuation.
_LEAD_IN = re.compile(r"^([^。，,；;：:!！?？]{4,40})[:：]$")
#: A label word and its colon, in either script (单位 unit, 领导 leader, 部门 department,
#: 情况 progress, 分工 division of work), or a lead verb closing a unit list (主办 hosts, 牵头 leads): the
#: quick test that a document may hold a label list at all.
_LABEL_WORD = re.compile(
    r"(?:单位|單位|领导|領導|部门|部門|情况|情況|分工)\s*[:：]|(?:主办|主辦|负责|負責|牵头|牽頭)[)）\]】,，;；]"
    r"|[(（]第\d{1,3}项[)）][:：]"  # a cited task number before its progress (see cited_task)
)
#: A task cited by its number in the plan, then its progress after a colon: "工业技改投资(第6项):
#: 1-8月完成208.9亿元" (第6项: the plan's 6th task).
_CITED_TASK = re.compile(r"^(.+?[(（]第\d{1,3}[项項][)）])\s*[:：]\s*(\S.*)$")


#: A heading naming the unit that leads the tasks under it: "县示范区管委会牵头工作(8项)" (the
#: work the zone's committee leads, 8 tasks), "省监察厅牵头的工作"; 牵头/负责 leads, 的 of,
#: 重点 key, 工作/任务/事项 work, tasks, matters.
_UNIT_HEADING = re.compile(r"^(.{2,20}?)(?:牵头|负责)的?(?:重点)?(?:工作|任务|事项)(?:[(（]\d{1,3}项[)）])?$")


def unit_in_heading(text: str) -> str | None:
    """The unit a heading (without its number) names as the lead of the tasks under it; not an
    official (a leader heading), and the name must end as a unit does.

    >>> unit_in_heading("县示范区管委会牵头工作(8项)"), unit_in_heading("省监察厅牵头的工作")
    ('县示范区管委会', '省监察厅')
    >>> unit_in_heading("孟学农省长负责的工作"), unit_in_heading("汤飞帆市长牵头重点工作")
    (None, None)
    >>> unit_in_heading("各单位要牵头工作") is None, unit_in_heading("加强统筹协调工作") is None
    (True, True)
    """
    match = _UNIT_HEADING.match(fold_script(text.strip()))
    if match is None or leader_in_heading(text) is not None:
        return None
    unit = text.strip()[: match.end(1)]
    if not unit.endswith(UNIT_ENDINGS) or _SENTENCE.search(unit) or re.search(r"[,，、;；:：]", unit):
        return None
    return unit


@dataclass
class LabelledItem:
    """One numbered item and what its label lines say."""

    line: int
    number: str
    content: str
    category_no: str | None
    category: str | None
    fields: dict[str, list[str]] = field(default_factory=dict)  # column kind -> entries
    extra: dict[str, str] = field(default_factory=dict)  # label -> value, for the other labels
    truncated: bool = False


@dataclass
class _Numbered:
    """A numbered paragraph and the labels that follow it (or close it)."""

    line: int
    level: int
    number: str
    body: str
    labels: list[tuple[str, str]] = field(default_factory=list)  # (label word, value)
    own: bool = False  # its labels close its own line (in a bracket or after a comma)
    extra: dict[str, str] = field(default_factory=dict)  # label -> value, for the other labels
    unit: str | None = None  # the lead unit it names, when it is a unit heading
    under_unit: bool = False  # a paragraph under a unit heading (its lead unit is the heading's)
    loose: bool = False  # a task printed without a number right under a unit heading


#: Label kinds that fill a field of the item (a content or category label is a heading, and
#: ends the item).
FIELD_KINDS: frozenset[str] = frozenset(
    {"leaders", "lead_units", "supporting_units", "progress", "problems", "next_steps"}
)


def is_label_line(text: str) -> bool:
    """Whether ``text`` is a label line that fills a field ("责任单位:…", "牵头市领导:…").

    >>> is_label_line("牵头市领导:张三"), is_label_line("配合单位:区财政局"), is_label_line("主要工作:建学校")
    (True, True, False)
    >>> is_label_line("修道路(责任单位:区交通局)"), is_label_line("责任单位(牵头):区交通局")
    (False, True)
    """
    label = _LABEL.match(fold_script(text))
    return label is not None and label_kind(label.group(1)) in FIELD_KINDS


def label_kind(word: str) -> str:
    """The field a label fills: the column kind of its word, or, for a word no column header
    uses, its head noun (…领导 leaders, …单位/部门 units; 配合/协同/参与 supporting).

    >>> label_kind("牵头单位"), label_kind("责任领导"), label_kind("协同部门"), label_kind("备注")
    ('lead_units', 'leaders', 'supporting_units', 'extra')
    >>> label_kind("数据提供单位")  # the units giving the figures: neither lead nor supporting
    'extra'
    """
    folded = fold_script(word).replace(" ", "")
    kind = str(classify(folded))
    if kind != "extra" or explain(folded).recognised:  # 数据提供单位: a role of no field
        return kind
    if folded.endswith(_LEADER_NOUNS):
        return "leaders"
    if folded.endswith(_UNIT_NOUNS):
        return "supporting_units" if any(w in folded for w in _SUPPORTING) else "lead_units"
    return "extra"


def label_of(text: str) -> tuple[str, str] | None:
    """``text``'s label word and value when it is a label line of a known column.

    >>> label_of("责任单位:区发改局"), label_of("备注:无"), label_of("1.任务")
    (('责任单位', '区发改局'), None, None)
    """
    match = _LABEL.match(fold_script(text))
    if match is None or label_kind(match.group(1)) in ("extra", "content", "category", "seq"):
        return None
    return match.group(1).strip(), text[match.start(2) :].strip()  # fold_script keeps offsets


def _other_label(text: str) -> tuple[str, str] | None:
    """A label of no field that a header word still explains ("时间节点:" milestone, "备注:"
    remarks): kept in the item's ``extra`` under its label, instead of ending the item.

    >>> _other_label("时间节点:6月底"), _other_label("区府办")
    (('时间节点', '6月底'), None)
    """
    match = _LABEL.match(fold_script(text))
    if match is None:
        return None
    reading = explain(match.group(1))
    if reading.kind != "extra" or not reading.recognised:
        return None
    return text[match.start(1) : match.end(1)].strip(), text[match.start(2) :].strip()


def label_line(text: str) -> list[tuple[str, str]]:
    """The labels a label line gives: its own, when its word names a column; else, whatever
    its word, the role verbs of its value ("部门分工:省发改委牵头,各地、各部门配合。": the
    division of work, 牵头 leads, 配合 supports); ``[]`` for any other paragraph.

    >>> label_line("责任单位:区发改局"), label_line("工作要求:省财政厅牵头,各地、各部门配合。")
    ([('责任单位', '区发改局')], [('牵头单位', '省财政厅'), ('配合单位', '各地、各部门')])
    >>> label_line("备注:无"), label_line("时间:3月底前完成")
    ([], [])
    """
    if label := label_of(text):
        run = label_run(text)  # "牵头领导:市长,责任单位:市发改局": two labels on one line
        return run if run is not None and len(run) > 1 else [label]
    match = _LABEL.match(fold_script(text))
    if match is None:
        return []
    value = text[match.start(2) :].strip().rstrip("。.")
    by_verb = [_by_verb(part.strip()) for part in _VERB_SEP.split(value) if part.strip()]
    if not by_verb or any(label is None for label in by_verb):
        return []
    return [label for label in by_verb if label is not None]


def label_run(text: str) -> list[tuple[str, str]] | None:
    """The labels of ``text`` when it is only a run of labels, apart by ";" (or by "," before
    another label word), the first of a field; ``None`` otherwise.

    >>> label_run("牵头领导:市长、副市长,责任单位:市发改局、市统计局。")
    [('牵头领导', '市长、副市长'), ('责任单位', '市发改局、市统计局。')]
    >>> label_run("牵头单位:市财政局;责任单位:各县(市)区政府")
    [('牵头单位', '市财政局'), ('责任单位', '各县(市)区政府')]
    >>> label_run("增长6%。牵头单位:市发改委") is None, label_run("责任单位:区发改局;区财政局") is None
    (True, True)
    """
    parts = [part.strip() for part in _LABEL_SEP.split(text)]
    labels = [label_of(part) or _other_label(part) for part in parts]
    if labels[0] is None or label_of(parts[0]) is None:
        return None
    if any(label is None or _SENTENCE.search(label[0]) for label in labels):
        return None  # a part that is no label, or a sentence before a label word
    return [label for label in labels if label is not None]


def closing_run(body: str) -> tuple[str, list[tuple[str, str]]]:
    """``body`` closed by a run of labels after its last sentence, with no bracket, and those
    labels: "增长6%以上。牵头单位:市发改委;责任单位:各县(市)区政府". ``(body, [])`` otherwise.

    >>> closing_run("地区生产总值增长6%以上。牵头单位:市发改委;责任单位:各县(市)区政府")
    ('地区生产总值增长6%以上。', [('牵头单位', '市发改委'), ('责任单位', '各县(市)区政府')])
    >>> closing_run("建设学校。新增学位3000个。")
    ('建设学校。新增学位3000个。', [])
    """
    for end in range(len(body) - 1, 0, -1):  # the last full stop with labels after it
        if body[end] != "。" or not body[end + 1 :].strip():
            continue
        run = label_run(body[end + 1 :].strip())
        if run is not None:
            return body[: end + 1], run
    return body, []


def numbered(text: str) -> tuple[int, str, str] | None:
    """A numbered paragraph's level (0 for "一、" … 3 for "(1)", 4 for "①"), number and text.

    >>> numbered("(二)工业增长12%"), numbered("12、任务"), numbered("2.5%的增长")
    ((1, '(二)', '工业增长12%'), (2, '12、', '任务'), None)
    """
    folded = fold_script(text)
    for level, style in enumerate(_STYLES):
        match = style.match(folded)
        if match:
            return level, text[: match.end(1)], text[match.start(2) :].strip()
    return None


def closing_labels(body: str) -> tuple[str, list[tuple[str, str]]]:
    """``body`` without the bracketed labels that close it, and those labels.

    >>> closing_labels("任务。[牵头单位:区卫健局;责任单位:各街办(新区)]")
    ('任务。', [('牵头单位', '区卫健局'), ('责任单位', '各街办(新区)')])
    >>> closing_labels("增长7%。(牵头领导:张三,牵头单位:市发改委、市统计局,数据提供单位:市统计局)")[1]
    [('牵头领导', '张三'), ('牵头单位', '市发改委、市统计局'), ('数据提供单位', '市统计局')]
    >>> closing_labels("建设公园(含绿道)"), closing_labels("实现小升规60家(责任单位:市经信局);")
    (('建设公园(含绿道)', []), ('实现小升规60家', [('责任单位', '市经信局')]))
    """
    end = len(body.rstrip())
    if end and body[end - 1] in _AFTER_CLOSING:
        end = len(body[: end - 1].rstrip())
    if end == 0 or body[end - 1] not in _OPENERS:
        return body, []
    depth = 0
    for start in range(end - 1, -1, -1):
        char = body[start]
        if char in _OPENERS:
            depth += 1
        elif char in _OPENERS.values():
            depth -= 1
            if depth == 0:
                break
    else:
        return body, []
    inside = body[start + 1 : end - 1]
    parts = [part.strip() for part in _LABEL_SEP.split(inside)]
    labels = [label_of(part) or _other_label(part) for part in parts]
    if not any(label_of(part) for part in parts) or any(label is None for label in labels):
        labels = [_by_verb(part.strip()) for part in _VERB_SEP.split(inside)]
        if not labels or any(label is None for label in labels):
            return body, []
    return body[:start].rstrip(), [label for label in labels if label is not None]


def labels_then_remark(body: str) -> tuple[str, list[tuple[str, str]]]:
    """``body`` closed by labels in a bracket and a short remark after them, which reports the
    item's progress: "实事。(责任单位:市水务局)该件实事已全面完成". ``(body, [])`` otherwise.

    >>> labels_then_remark("解决饮水问题。(责任单位:市水务局)该件实事已全面完成")
    ('解决饮水问题。', [('责任单位', '市水务局'), ('完成情况', '该件实事已全面完成')])
    >>> labels_then_remark("建设公园(含绿道)50个")
    ('建设公园(含绿道)50个', [])
    """
    end = max(body.rfind(")"), body.rfind("）"), body.rfind("]"), body.rfind("】"))
    remark = body[end + 1 :].strip()
    if end < 0 or not _REMARK.match(remark):
        return body, []
    before, labels = closing_labels(body[: end + 1])
    if not labels:
        return body, []
    return before, [*labels, (_PROGRESS_LABEL, remark)]


def inline_labels(body: str) -> tuple[str, list[tuple[str, str]]]:
    """``body`` cut at a label inside it: "项目,牵头部门:市交通局。进度较慢的为舒城县。" is the
    task "项目", the label, and what follows the label's sentence as progress (a signature
    glued after a space at the very end is left out). ``(body, [])`` when it holds no label.

    >>> inline_labels("农村道路畅通工程,牵头部门:市交通局。进度较慢的为舒城县。 六安市民生办")
    ('农村道路畅通工程', [('牵头部门', '市交通局'), ('完成情况', '进度较慢的为舒城县。')])
    >>> inline_labels("建设学校,新增学位3000个。")
    ('建设学校,新增学位3000个。', [])
    """
    match = _INLINE_LABEL.match(fold_script(body))
    if match is None or label_of(body[match.start(2) : match.end(3)]) is None:
        return body, []
    labels = [(body[match.start(2) : match.end(2)], body[match.start(3) : match.end(3)].strip())]
    rest = _SIGNATURE.sub("", body[match.end() :]).strip()
    if rest:
        labels.append((_PROGRESS_LABEL, rest))
    return body[: match.start(1)].strip(), labels


def cited_task(body: str) -> tuple[str, list[tuple[str, str]]]:
    """``body`` as a task cited by its number in the plan and its progress after the colon:
    "工业技改投资(第6项):1-8月完成208.9亿元" (the plan's 6th task, then what was done). The
    citation says the item is one of the plan's tasks, so the text after it is its progress.
    ``(body, [])`` otherwise.

    >>> cited_task("工业技改投资(第6项):1-8月完成208.9亿元,滞后序时进度9.8个百分点。")
    ('工业技改投资(第6项)', [('完成情况', '1-8月完成208.9亿元,滞后序时进度9.8个百分点。')])
    >>> cited_task("建设学校:新增学位3000个。")
    ('建设学校:新增学位3000个。', [])
    """
    match = _CITED_TASK.match(fold_script(body))
    if match is None:
        return body, []
    return body[: match.end(1)].strip(), [(_PROGRESS_LABEL, body[match.start(2) :].strip())]


def _by_verb(part: str) -> tuple[str, str] | None:
    """A unit list closed by the verb that says its role, as a label: "区商务局主办" (hosts, i.e.
    leads), "相关街道协办" (co-hosts, i.e. supports).

    >>> _by_verb("区发改委、区财政局主办"), _by_verb("各街道板块协办"), _by_verb("含绿道")
    (('牵头单位', '区发改委、区财政局'), ('配合单位', '各街道板块'), None)
    >>> _by_verb("省商务厅、财政厅等相关部门按职责分工负责")
    ('责任单位', '省商务厅、财政厅等相关部门')
    """
    match = _ROLE_VERB.match(fold_script(part))
    if match is None:
        return None
    label = _LEAD_LABEL if match.group(2) in _LEAD_VERBS else _SUPPORT_LABEL
    if match.group(2) == _RESPONSIBLE_VERB:
        label = _RESPONSIBLE_LABEL  # supporting beside a 牵头 (see resolve_labels)
    return label, part[: match.end(1)].strip()


def resolve_labels(labels: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """The fields an item's labels fill: column kind -> entries.

    >>> resolve_labels([("牵头单位", "区发改局"), ("责任单位", "各街道、区市场局")])
    {'lead_units': ['区发改局'], 'supporting_units': ['各街道', '区市场局']}
    >>> resolve_labels([("市级牵头单位", "市发改委"), ("区级牵头单位", "区发改局")])
    {'lead_units': ['区发改局']}
    >>> resolve_labels([("牵头负责领导", "金力。"), ("牵头责任单位", "市发展改革委。")])
    {'leaders': ['金力'], 'lead_units': ['市发展改革委']}
    """
    kinds = [(word, label_kind(word), value) for word, value in labels]
    levels = {_level(word) for word, _, _ in kinds} - {None}
    lowest = max(levels, key=_LEVELS.index) if levels else None
    has_lead = any(kind == "lead_units" and _LEADS in fold_script(word) for word, kind, _ in kinds)
    fields: dict[str, list[str]] = {}
    for word, kind, value in kinds:
        if kind == "extra":
            continue  # a label of no field (数据提供单位: who gives the figures), kept as extra
        if _level(word) not in (None, lowest):
            continue  # a higher level's counterpart (the city's unit in a district report)
        folded = fold_script(word)
        if kind == "lead_units" and has_lead and _RESPONSIBLE in folded and _LEADS not in folded:
            kind = "supporting_units"
        # A label line is a sentence: its full stop ends it, and is no part of the last name.
        entries = split_list(value.rstrip().rstrip("。")) if kind.endswith(_LIST_FIELDS) else [value]
        fields.setdefault(kind, []).extend(e for e in entries if e)
    return {kind: entries for kind, entries in fields.items() if entries}


def _level(word: str) -> str | None:
    folded = fold_script(word)
    return next((level for level in _LEVELS if folded.startswith(level)), None)


#: Anti-copy junk a forum glues around a post's text (Discuz's "jammer"): a run of four tokens
#: or more of one or two ASCII characters apart by single spaces (") x& L1 ]8 N) l6 J( k"),
#: mixing letters, digits and punctuation. No Chinese report prints such a run.
_JAMMER = re.compile(r"(?<![!-~])(?:[!-~]{1,2} ){3,}[!-~]{1,2}(?![!-~])")
_JAMMER_MIX = (re.compile(r"[A-Za-z]"), re.compile(r"\d"), re.compile(r"[^\w\s]", re.ASCII))
_CLOSERS = frozenset(_OPENERS)


def without_jammer(text: str) -> str:
    """``text`` without the anti-copy junk runs a forum glued into it; a closing bracket the
    junk starts with stays when it closes a bracket of the text.

    >>> without_jammer(", I% H9 r: m2 |* {对府东新村改造(住建局牵头) x& L1 ]8 N) l6 J( k")
    '对府东新村改造(住建局牵头)'
    >>> without_jammer("主体工程(三水街道牵头)' l1 J8 n9 Y9 x"), without_jammer(') Y3 J/ M3 J" R! Z')
    ('主体工程(三水街道牵头)', '')
    >>> without_jammer("序号 1 2 3 4 5"), without_jammer("5G A B C D"), without_jammer("1. 5 % 3 4")
    ('序号 1 2 3 4 5', '5G A B C D', '1. 5 % 3 4')
    """
    if " " not in text:
        return text
    kept, start = [], 0
    for match in _JAMMER.finditer(text):
        run = match.group(0)
        if not all(mix.search(run) for mix in _JAMMER_MIX):
            continue
        cut = match.start()
        before = text[start:cut]
        if run[0] in _CLOSERS and before.count(_OPENERS[run[0]]) > before.count(run[0]):
            cut += 1  # the bracket the junk was glued to closes the text's own
        kept.append(text[start:cut])
        start = match.end()
    if not kept:
        return text
    return ("".join(kept) + text[start:]).strip()


#: The fewest paragraphs closed by labels in a row that make a list with no numbers at all.
_UNNUMBERED_RUN = 3
#: A stray table border closing a line of a forum post: "…(梁徐街道牵头) |".
_STRAY_BORDER = re.compile(r"\s+\|$")


def _closed_by_labels(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A paragraph with no number that closes with its labels ("马厂七期安置房完成主体工程(三水
    街道牵头)"): its text and the labels; None for any other."""
    if numbered(text) is not None:
        return None
    body, closing = closing_labels(_STRAY_BORDER.sub("", text))
    return (body, closing) if closing and body.strip() else None


def _unnumbered_run(paragraphs: Sequence[tuple[int, str]], start: int) -> bool:
    """Whether the paragraphs from ``start`` on are a list printed with no numbers: three in a
    row at least, each closed by its labels."""
    run = paragraphs[start : start + _UNNUMBERED_RUN]
    return len(run) == _UNNUMBERED_RUN and all(_closed_by_labels(text) for _, text in run)


def label_items(paragraphs: Sequence[tuple[int, str]]) -> list[LabelledItem]:
    """The items of a label list, from ``(line, text)`` paragraphs; empty when there is none
    (fewer than two items with a recognised label).

    >>> items = label_items([(1, "一、主要目标"), (2, "(一)生产总值增长7%"), (3, "责任单位:区发改局"),
    ...                      (4, "(二)工业增长12%"), (5, "责任单位:区经信局、区统计局"), (6, "区府办")])
    >>> [(i.line, i.number, i.category, i.fields) for i in items]  # doctest: +NORMALIZE_WHITESPACE
    [(2, '(一)', '主要目标', {'lead_units': ['区发改局']}),
     (4, '(二)', '主要目标', {'lead_units': ['区经信局', '区统计局']})]
    """
    if not _has_labels(paragraphs) and not _has_unit_headings(paragraphs):  # cheap: most have none
        return []
    cleaned = ((line, without_jammer(text)) for line, text in paragraphs)
    paragraphs = [(line, text) for line, text in cleaned if text]
    found: list[_Numbered] = []
    current: _Numbered | None = None
    pending: list[str] = []  # prose after an item closed by its labels, until the next item
    units: dict[int, str] = {}  # the unit headings open above, by level
    for index, (line, text) in enumerate(paragraphs):
        if current is None or not current.own:
            pending = []
        if current is not None and _is_loose_task(current, text):  # a unit heading's one task
            current = _Numbered(line, current.level + 1, "", text, under_unit=True, loose=True)
            found.append(current)
            continue
        if current is not None and (labels := label_line(text)):
            current.labels.extend(labels)
            continue
        if current is not None and (other := _other_label(text)):  # 时间节点:…, 备注:…
            name, value = other
            current.extra[name] = f"{current.extra[name]}\n{value}" if name in current.extra else value
            continue
        if number := numbered(text):
            if current is not None and pending:  # prose between two items: the first's progress
                current.labels.extend((_PROGRESS_LABEL, p) for p in pending)
            pending = []
            level, mark, body = number
            body, closing = closing_labels(body)
            if not closing:
                body, closing = closing_run(body)
            if not closing:
                body, closing = inline_labels(body)
            if not closing:
                body, closing = labels_then_remark(body)
            if not closing:
                body, closing = cited_task(body)
            current = _Numbered(line, level, mark, body, list(closing), own=bool(closing))
            current.extra.update((w, v) for w, v in closing if label_kind(w) == "extra")
            units = {lv: unit for lv, unit in units.items() if lv < level}
            current.under_unit = bool(units)
            if not closing and (unit := unit_in_heading(body)):
                current.unit = units[level] = unit
            found.append(current)
            continue
        if current is not None and current.own and current.level != _BARE and not pending:
            # an item whose number was lost at the source (or a list printed with none)
            body, closing = closing_labels(_STRAY_BORDER.sub("", text))
            if closing and body:
                current = _Numbered(line, current.level, "", body, list(closing), own=True)
                found.append(current)
                continue
        if (current is None or not current.own) and _unnumbered_run(paragraphs, index):
            body, closing = _closed_by_labels(text) or (text, [])  # a list printed with no numbers
            current = _Numbered(line, _ITEM_LEVEL, "", body, list(closing), own=True)
            found.append(current)
            continue
        if current is not None and current.own and current.level != _BARE and _SENTENCE.search(text):
            pending.append(text)  # its progress if another numbered paragraph follows
            continue
        if found and _BARE_HEADING.match(text):
            found.append(_Numbered(line, _BARE, "", text))  # a heading if a list item follows
        elif lead_in := _lead_in(text):
            found.append(_Numbered(line, _BARE, "", lead_in))
        current = None  # any other paragraph ends the item (a letter, a signature)
    # Prose after the last item up to the file's end: its progress, cut off with the page.
    runs_to_end = current is not None and bool(pending)
    if current is not None and pending:
        current.labels.extend((_PROGRESS_LABEL, p) for p in pending)
    # A paragraph under a unit heading is labelled by it, as by a label line of its own.
    labelled = Counter(
        n.level for n in found if (n.labels or n.under_unit) and n.level != _BARE and not n.loose
    )
    if sum(labelled.values()) < 2:
        return []
    item_level = max(labelled, key=lambda level: (labelled[level], level))
    for paragraph in found:
        if paragraph.loose:  # the one task of its unit heading: an item, whatever the level
            paragraph.level = item_level
    items = _items(found, item_level)
    kept = [item for item in items if item.fields]
    if len(kept) < 2:
        return []
    last = items[-1]
    own_line = next((n.own and not _open_progress(n) for n in found if n.line == last.line), False)
    # A list running to the file's last line is cut off, unless its last item closed its own
    # line with its labels (a cut one loses its bracket or its full stop: a progress text after
    # its label is prose, closed by its full stop) and nothing follows.
    # Prose after it to the end is its progress, cut off with the page.
    words = {word for n in found for word, _ in n.labels}  # the list's label words
    ends = runs_to_end or (
        _ends_at(last, paragraphs, words) and not (own_line and _last_line(paragraphs) == last.line)
    )
    if kept[-1] is last and ends:
        last.truncated = True
    return kept


def _open_progress(paragraph: _Numbered) -> bool:
    """Whether the labels closing ``paragraph``'s line end with a progress text left open (no
    full stop or closing bracket at its end: "9.农民人均可支配收入(第12项):上半年增长8.6%,预计前")."""
    if not paragraph.labels or paragraph.labels[-1][0] != _PROGRESS_LABEL:
        return False
    return not paragraph.labels[-1][1].rstrip().endswith(tuple("。.．!！?？;；)）]】"))


def _is_loose_task(heading: _Numbered, text: str) -> bool:
    """Whether ``text``, right under a unit heading, is its one task printed without a number
    ("(二)省审计厅牵头的工作" / "全面加强审计工作。"): a sentence, no number, no label."""
    if heading.unit is None or heading.labels or not _SENTENCE.search(text):
        return False
    return numbered(text) is None and not label_line(text)


def _is_partless(paragraph: _Numbered, after: Sequence[_Numbered]) -> bool:
    """Whether an outer-level paragraph closed by its own labels has no parts under it (the next
    numbered paragraph is of its level or above): then it is an item itself, as in a two-level
    list where only some tasks are split into parts ("一、实事。(责任单位:…)" then "1.", "2.";
    "二、实事。(责任单位:…)" alone)."""
    if not paragraph.own or not paragraph.body:
        return False
    following = next((n for n in after if n.level != _BARE), None)
    return following is not None and following.level <= paragraph.level


def _items(found: Sequence[_Numbered], item_level: int) -> list[LabelledItem]:
    """The items at ``item_level``, each with its innermost heading as category and the
    leaders a heading above it names."""
    headings: dict[float, _Numbered] = {}
    items: list[LabelledItem] = []
    for index, paragraph in enumerate(found):
        if paragraph.level == _BARE:
            following = found[index + 1] if index + 1 < len(found) else None
            if following is not None and following.level == item_level:
                headings[item_level - 0.5] = paragraph  # innermost, until the next heading
            continue
        if paragraph.level < item_level and not _is_partless(paragraph, found[index + 1 :]):
            headings = {lv: h for lv, h in headings.items() if lv < paragraph.level}
            headings[paragraph.level] = paragraph
            continue
        if paragraph.level < item_level:  # an item of an outer level printed without parts
            headings = {lv: h for lv, h in headings.items() if lv < paragraph.level}
        if paragraph.level > item_level or not paragraph.body:
            continue  # a sub-point (neither an item nor a heading), or labels with no task
        # The category: the innermost heading that is no leader heading (a leader heading gives
        # leaders, as a group heading naming an official does in a table).
        groups = [
            level
            for level in headings
            if leader_in_heading(headings[level].body) is None and headings[level].unit is None
        ]
        inner = headings[max(groups)] if groups else None
        fields = resolve_labels(paragraph.labels)
        # A unit heading gives the lead unit of its items (it is no category either).
        unit = next((headings[lv].unit for lv in sorted(headings, reverse=True) if headings[lv].unit), None)
        if unit is not None and "lead_units" not in fields:
            fields["lead_units"] = [unit]
        if (paragraph.labels or unit is not None) and "leaders" not in fields:
            for level in sorted(headings, reverse=True):
                if name := leader_in_heading(headings[level].body):
                    fields["leaders"] = [name]
                    break
        items.append(
            LabelledItem(
                line=paragraph.line,
                number=paragraph.number,
                content=paragraph.body,
                category_no=inner.number or None if inner else None,
                category=inner.body if inner else None,
                fields=fields,
                extra=dict(paragraph.extra),
            )
        )
    return items


#: A label of a label block: an optional item number, a label word, its colon, maybe a value.
_BLOCK_LABEL = re.compile(r"^(?:(\d{1,3})\s*)?([^:：\d\s][^:：]{1,9})[:：]\s*(.*)$")
#: An item number printed on its own line ("03"), its labels on the next lines.
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
#: Label kinds a block is made of: its title (项目名称), its text and the fields.
_BLOCK_KINDS = FIELD_KINDS | {"category", "content"}


@dataclass
class _Block:
    line: int
    number: str
    values: dict[str, list[str]] = field(default_factory=dict)  # label kind -> paragraphs


def label_blocks(paragraphs: Sequence[tuple[int, str]]) -> list[LabelledItem]:
    """The items of a list printing each item as a block of label lines, from ``(line, text)``
    paragraphs; empty when there is none (fewer than two blocks with a task text and a field).

    A block starts at a numbered label ("01 项目名称:…", or a number on its own line), or
    where a label of the block before comes again; a label's value runs on to the next label.
    The item's title label (项目名称, a name: a per-row title) is put before its text, one
    paragraph each, as a table's per-row title cell is.

    The last block takes every paragraph to the end of the file: it is taken to be cut off
    there (flagged ``truncated``), as a label list running to the file's last line is.

    >>> items = label_blocks([(1, "汇报"), (2, "01 项目名称:建学校"), (3, "项目内容:"), (4, "新建小学2所。"),
    ...                       (5, "责任单位:"), (6, "区教育局"), (7, "02 项目名称:修道路"), (8, "项目内容:"),
    ...                       (9, "改造道路3条。"), (10, "责任单位"), (11, "区交通局、区城管局")])
    >>> [(i.number, i.content, i.fields, i.truncated) for i in items]  # doctest: +NORMALIZE_WHITESPACE
    [('01', '建学校\\n新建小学2所。', {'lead_units': ['区教育局']}, False),
     ('02', '修道路\\n改造道路3条。', {'lead_units': ['区交通局', '区城管局']}, True)]
    """
    if sum(_block_label(text, set()) is not None for _, text in paragraphs) < 4:  # cheap first
        return []
    blocks: list[_Block] = []
    current: _Block | None = None
    kind: str | None = None
    number: str | None = None  # a number printed on its own line, for the next label
    seen: set[str] = set()  # label words printed with their colon
    for line, text in paragraphs:
        if _LONE_NUMBER.match(text):
            number, kind = text, None
            continue
        label = _block_label(text, seen)
        if label is None:
            if current is not None and kind is not None:
                current.values[kind].append(text)
            continue
        printed, word, kind, value = label
        printed = printed or number
        number = None
        seen.add(word)
        if current is None or printed is not None or kind in current.values:
            current = _Block(line, printed or "")
            blocks.append(current)
        current.values.setdefault(kind, [])
        if value:
            current.values[kind].append(value)
    items = [item for block in blocks if (item := _block_item(block)) is not None]
    if len(items) < 2:
        return []
    if items[-1].line == blocks[-1].line:  # the last block runs to the end of the file
        items[-1].truncated = True
    return items


def _block_label(text: str, seen: set[str]) -> tuple[str | None, str, str, str] | None:
    """A label line of a label block: (its number, its word, the kind it fills, its value);
    a label word alone on its line without its colon counts when seen with it before."""
    folded = fold_script(text)
    match = _BLOCK_LABEL.match(folded)
    if match is None:
        if folded.strip() in seen:
            return None, folded.strip(), label_kind(folded.strip()), ""
        return None
    word = match.group(2).strip()
    kind = label_kind(word)
    if kind not in _BLOCK_KINDS:
        return None
    return match.group(1), word, kind, text[match.start(3) :].strip()


def _block_item(block: _Block) -> LabelledItem | None:
    """The item a block gives: its title and text as the content, its fields; ``None`` without
    a text or without a field."""
    values = {kind: [v for v in texts if v] for kind, texts in block.values.items()}
    content = "\n".join(values.get("category", []) + values.get("content", []))
    labels = [(_KIND_LABELS[kind], "\n".join(texts)) for kind, texts in values.items() if kind in FIELD_KINDS]
    fields = resolve_labels([(word, value) for word, value in labels if value])
    if not content or not fields:
        return None
    return LabelledItem(block.line, block.number, content, None, None, fields)


#: A label word standing for each field kind, for :func:`resolve_labels`.
_KIND_LABELS = {
    "leaders": "牵头领导", "lead_units": "牵头单位", "supporting_units": "配合单位", "progress": "完成情况",
    "problems": "问题与困难", "next_steps": "下一步工作打算",
}  # fmt: skip


def _lead_in(text: str) -> str | None:
    """The heading a sentence introducing a list gives, without its colon; not a label word
    with its value on the next line ("责任单位:").

    >>> _lead_in("4项尚未完成年度目标任务的民生实事项目为:"), _lead_in("责任单位:")
    ('4项尚未完成年度目标任务的民生实事项目为', None)
    """
    match = _LEAD_IN.match(fold_script(text))
    if match is None or explain(match.group(1)).recognised:
        return None
    return text[: match.end(1)].strip()


def _has_unit_headings(paragraphs: Sequence[tuple[int, str]]) -> bool:
    """Whether a numbered paragraph names a unit leading the tasks under it (a unit heading)."""
    return any(
        (number := numbered(text)) is not None and unit_in_heading(number[2]) is not None
        for _, text in paragraphs
        if "牵头" in text or "负责" in text or "牽頭" in text or "負責" in text
    )


def _has_labels(paragraphs: Sequence[tuple[int, str]]) -> bool:
    """Whether two paragraphs at least hold a colon after a label word: the quick test before
    any parsing."""
    return sum(_LABEL_WORD.search(text) is not None for _, text in paragraphs) >= 2


def _last_line(paragraphs: Sequence[tuple[int, str]]) -> int | None:
    return paragraphs[-1][0] if paragraphs else None


def _ends_at(item: LabelledItem, paragraphs: Sequence[tuple[int, str]], words: Collection[str] = ()) -> bool:
    """Whether nothing but ``item``'s own label lines follows it to the end of the file, the
    last maybe a label word cut by the page's end ("牵头责任" of "牵头责任单位:", one of the
    list's label ``words``).

    >>> item = LabelledItem(1, "4.", "任务", None, None)
    >>> _ends_at(item, [(1, "4.任务"), (2, "牵头领导:X"), (3, "牵头责任")], {"牵头领导", "牵头责任单位"})
    True
    """
    after = [fold_script(text).strip() for line, text in paragraphs if line > item.line]
    cut = after[-1] if after and len(after[-1]) >= 2 and not _LABEL.match(after[-1]) else None
    if cut and any(word != cut and fold_script(word).startswith(cut) for word in words):
        after = after[:-1]  # a label word cut off
    return all(_LABEL.match(text) for text in after)
