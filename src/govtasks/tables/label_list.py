"""Task lists without a table: numbered items, each followed by label lines.

Some plans print no table at all (samples-extra 29, 蔡甸区 2023)::

    一、2023年全区经济社会发展的主要预期目标        <- section: the category
    (一)地区生产总值增长7%以上                      <- item: one task
    责任单位:区发展和改革局                          <- label line: a column by its label word

A label is read as a column header (:func:`govtasks.tables.columns.classify`, by its head noun and
qualifiers), so "牵头领导:", "牵头市领导:", "配合单位:" … land in the same fields as in a table; a
plain "责任单位:" printed beside a "牵头单位:" lists the supporting units (:func:`settle_units`); and
a label of another kind that a header word explains ("时间节点:" milestone, "备注:" remarks) is
kept in ``extra`` under its label instead of ending the item. Judgement, written down: a list that runs
to the very last line of the file (no signature, footer or closing text after it) is taken to
be cut off, and its last item is flagged ``truncated``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from govtasks.clean.folding import fold_script
from govtasks.tables.columns import ColumnKind, classify, explain
from govtasks.tables.pipe import leader_in_heading, split_list

_NUMERAL = "一二三四五六七八九十"
#: A section heading: "一、…".
_SECTION = re.compile(rf"^([{_NUMERAL}]{{1,3}}、)\s*(.+)$")
#: An item: "(一)…", "（十二）…", "1.…", "1、…".
_ITEM = re.compile(rf"^([(（][{_NUMERAL}\d]{{1,3}}[)）]|\d{{1,3}}[.、．](?!\d))\s*(.+)$")
#: The word of a label that names the lead units: 牵头 (takes the lead).
_LEAD = "牵头"
#: A label line: "责任单位:…" (the label is checked against the column words).
_LABEL = re.compile(r"^([^:：]{2,8})[:：]\s*(.*)$")


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
    #: Units under a responsibility label that does not say 牵头 ("责任单位:"): lead units,
    #: unless the item also prints a 牵头 label (see :func:`settle_units`).
    plain_units: list[str] = field(default_factory=list)
    led: bool = False  # the item prints a 牵头 (lead) label
    #: The official the section heading above names as leader: the item's leader unless it
    #: prints a leader label of its own.
    heading_leader: str | None = None


#: Label kinds that fill a field of the item (a content or category label is a heading, and
#: ends the item).
FIELD_KINDS: frozenset[ColumnKind] = frozenset(
    {"leaders", "lead_units", "supporting_units", "progress", "problems", "next_steps"}
)


def is_label_line(text: str) -> bool:
    """Whether ``text`` is a label line that fills a field ("责任单位:…", "牵头市领导:…").

    >>> is_label_line("牵头市领导:张三"), is_label_line("配合单位:区财政局"), is_label_line("主要工作:建学校")
    (True, True, False)
    """
    label = _LABEL.match(fold_script(text))
    return label is not None and classify(label.group(1)) in FIELD_KINDS


def label_items(paragraphs: Sequence[tuple[int, str]]) -> list[LabelledItem]:
    """The items of a label list, from ``(line, text)`` paragraphs; empty when there is none
    (fewer than two items with a recognised label line).

    >>> items = label_items([(1, "一、主要目标"), (2, "(一)生产总值增长7%"), (3, "责任单位:区发改局"),
    ...                      (4, "(二)工业增长12%"), (5, "责任单位:区经信局、区统计局"), (6, "区府办")])
    >>> [(i.line, i.number, i.category, i.fields) for i in items]  # doctest: +NORMALIZE_WHITESPACE
    [(2, '(一)', '主要目标', {'lead_units': ['区发改局']}),
     (4, '(二)', '主要目标', {'lead_units': ['区经信局', '区统计局']})]

    A label of any header that classifies is read, one of another kind kept as extra:

    >>> items = label_items([(1, "1.建学校"), (2, "牵头市领导:张三"), (3, "时间节点:6月底"),
    ...                      (4, "责任单位:区教育局"), (5, "2.修道路"), (6, "责任单位:区建委")])
    >>> [(i.fields, i.extra) for i in items]  # doctest: +NORMALIZE_WHITESPACE
    [({'leaders': ['张三'], 'lead_units': ['区教育局']}, {'时间节点': '6月底'}),
     ({'lead_units': ['区建委']}, {})]
    """
    items: list[LabelledItem] = []
    section: tuple[str, str] | None = None
    leader: str | None = None  # the official a section heading names ("一、王宏副区长牵头重点工作")
    current: LabelledItem | None = None
    for line, text in paragraphs:
        folded = fold_script(text)
        label = _LABEL.match(folded)
        reading = explain(label.group(1)) if label else None
        if current is not None and label and reading is not None:
            value = text[label.start(2) :].strip()  # fold_script keeps offsets
            if reading.kind in FIELD_KINDS:
                kind = reading.kind
                entries = split_list(value) if kind.endswith(("units", "leaders")) else [value]
                if kind == "lead_units" and _LEAD not in label.group(1):
                    current.plain_units.extend(entries)
                    continue
                current.led = current.led or kind == "lead_units"
                current.fields.setdefault(kind, []).extend(entries)
                continue
            if reading.kind == "extra" and reading.recognised:  # 时间节点:…, 备注:…
                name = text[label.start(1) : label.end(1)].strip()
                current.extra[name] = f"{current.extra[name]}\n{value}" if name in current.extra else value
                continue
        if section_match := _SECTION.match(folded):
            section = (text[: section_match.end(1)], text[section_match.start(2) :].strip())
            leader = leader_in_heading(section[1])
            current = None
            continue
        if item := _ITEM.match(folded):
            current = LabelledItem(
                line=line,
                number=text[: item.end(1)],
                content=text[item.start(2) :].strip(),
                category_no=section[0] if section else None,
                category=section[1] if section else None,
                heading_leader=leader,
            )
            items.append(current)
            continue
        current = None  # any other paragraph ends the item (a letter, a signature)
    for each in items:
        settle_units(each)
    labelled = [i for i in items if i.fields]
    if len(labelled) < 2:
        return []
    if paragraphs and labelled[-1] is items[-1] and _ends_at(items[-1], paragraphs):
        items[-1].truncated = True
    return labelled


def settle_units(item: LabelledItem) -> None:
    """Put the units of the item's plain responsibility labels where they belong: beside a 牵头
    label ("牵头单位:区发改局" then "责任单位:各街道") they are the units that carry the task out
    under the lead, supporting units; alone they are the lead units.

    >>> item = LabelledItem(1, "1.", "增长6%", None, None, {"lead_units": ["区发改局"]})
    >>> item.plain_units, item.led = ["各街道"], True
    >>> settle_units(item); item.fields
    {'lead_units': ['区发改局'], 'supporting_units': ['各街道']}
    """
    if not item.plain_units:
        return
    kind = "supporting_units" if item.led else "lead_units"
    item.fields[kind] = [*item.plain_units, *item.fields.get(kind, [])]
    item.plain_units = []


def _ends_at(item: LabelledItem, paragraphs: Sequence[tuple[int, str]]) -> bool:
    """Whether nothing but ``item``'s own label lines follows it to the end of the file."""
    after = [text for line, text in paragraphs if line > item.line]
    return all(_LABEL.match(fold_script(text)) for text in after)
