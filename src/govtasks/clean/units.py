"""Unit and leader lists: what one entry is, who leads and who supports, leaders' names.

Every function here works on simplified text that :mod:`govtasks.clean.normalize` has already
cleaned, and is small and pure. The rules, each general (none keyed to a document):

* **Separators.** A unit cell is split on "、" and list commas and semicolons outside brackets
  (:func:`split_unit_list`): "区委组织部(人才办、科技局)" is one unit.
* **Aliases.** A bracket right after a unit names the same unit another way and stays attached
  to it, also when the reader gave it as an entry of its own (a paragraph, a line) or it was
  printed after a space: "区金融服务中心(区金融办)". A bracket on its own that holds a list of
  units ("(区发改局、区财政局)") is a list, not an alias: its units are entries
  (:func:`join_aliases`); so is a bracket of units after a task sentence ("1.任务。(区发改局、
  区财政局主办)", :func:`split_trailing_units`, for the readers of task lists).
* **Collectives.** 各 ("each") distributes over the kinds listed after it: an entry holding 各
  ("各平台", "区直各部门") takes the entries after it that name kinds of units, not units (镇街,
  平台, 开发园区管委会, 县(市)政府 … :func:`names_a_kind`) into the same entry: "各平台、镇街",
  "各镇(街道)、平台", "各区(县、市)政府、开发园区管委会" are one unit each
  (:func:`join_collectives`); named units still stand apart ("各街道、区市场局"). Two limits
  keep the samples read as they always were: a kind word with a bracketed alternative and
  nothing else ("镇(街道)") is a complete reference and stays an entry of its own
  ("各平台、镇(街道)" is two entries), and a collective without 各 ("相关平台", "有关部门")
  names one group and takes no list ("相关平台、镇街" is two).
  "等…" ("市住建局等市级有关部门", "等单位") stays on the unit before it: the list is split as
  usual and the "and others" tail is no unit of its own.
* **和, 及, 与.** They join two units only where the left side ends in a unit ending (局, 委,
  办, 中心 … see :data:`UNIT_ENDINGS`) and the right side is a complete unit (ends in one too,
  with a name before it): "区发改局和区财政局" is two units, "区人力资源和社会保障局",
  "市规划和自然资源局" stay whole (:func:`split_conjunctions`). When unsure, an entry stays whole.
* **Spaces.** A space splits two units on the same terms, the right one opening with a level or
  各 ("县教体局 各相关乡镇政府", "市发展改革委 市生态环境局"); a space inside one name, as PDF text
  prints it ("市 财政局", "伏羲 山管委 会"), is dropped (:func:`split_spaces`).
* **Role words.** "牵头" (leads) and "配合/协同/参与/协助" (support), with their usual tails
  ("分别牵头", "配合落实"), printed after units say who leads and who supports, and are dropped
  from the names: a role word covers the run of units before it since the previous role word
  ("A、B、C配合落实": all three support); the units no role word covers support when the cell names
  a lead, else keep the role of their column (:func:`assign_roles`). A page that says "列第一位者为
  牵头单位" or "首位单位为牵头单位" (:func:`says_lead_first`) makes the first unit of each row lead
  and the others support.
* **Lead marks.** A unit marked *, ＊, ★ or ▲ ("▲发改局,各部门") leads and the row's other units
  support; a row without a mark leaves the roles to the rules below (:func:`lead_and_supporting`).
* **Group words.** A bare 部门/单位 after a group ending in one ("区级有关部门、单位", "X等部门、单位")
  belongs to it: one entry (:func:`join_collectives`).
* **Labelled tails.** A task text that ends, after its last sentence, in a bracket starting with a
  unit label ("(牵头单位:市财政局)", "（责任单位:X;配合单位:Y）") or in a labelled clause
  ("部门分工:X牵头,Y配合。") names the row's units when the row has no unit cell of its own; of
  labels at several levels (市级…, 区级…) the lowest level's (:func:`units_in_tail`).
* **Heads' names.** A name of two or three characters starting with a common surname printed after
  a unit and apart from it by a space ("市民政局 伍泽国") is the unit's head, not part of its name
  (:func:`split_unit_head`, :func:`heads_printed_apart`); glued to the unit it is kept, since it
  cannot be told from the end of a longer unit's name ("区财政局金库").
* **Leaders.** Titles are dropped from a person's name ("王宏副区长", "区长王宏" -> "王宏"),
  several names in one cell are split (on 、，/ and on spaces between names of two or three
  characters; single characters around a space are one letter-spaced name), and a cell that
  holds titles only ("分管副区长") is kept as printed (:func:`split_leaders`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import Literal, NamedTuple

Role = Literal["lead", "supporting"]

_OPEN, _CLOSE = "(（", ")）"
#: Separators between the units of one cell (list comma 、, commas, semicolons).
_UNIT_SEPARATORS = "、，,;；"
_SPACE_BEFORE_BRACKET = re.compile(r"\s+(?=[(（])")
_BRACKETED = re.compile(r"^[(（](.+)[)）]$")

#: How unit names end: 局 bureau, 委 commission, 办 office, 中心 centre, 部 department, 院
#: institute, 街道 subdistrict, 公司 company, 集团 group, 管委会 management committee, 委员会
#: committee, 政府 government, 办事处 sub-office, 指挥部 headquarters, 大队/支队 brigade, 海关
#: customs, 银行/分行/支行 bank and branches, 署 administration, 厅 department (province). 镇/乡
#: are left out on purpose: 城乡, 乡镇 end many words inside a name.
UNIT_ENDINGS = (
    "局", "委", "办", "中心", "部", "院", "街道", "公司", "集团", "管委会", "委员会", "政府",
    "办事处", "指挥部", "大队", "支队", "海关", "银行", "分行", "支行", "署", "厅",
)  # fmt: skip
#: Words that join two units: 和 and, 及 and, 与 with.
_CONJUNCTIONS = re.compile(r"[和及与]")

#: The mark of a collective that distributes over a list: 各 each.
_EACH = "各"
#: Kind words a collective lists ("各平台、镇街"): 镇 town, 乡 township, 街道/街 subdistrict,
#: 镇街/乡镇 towns and subdistricts, 平台 platform, 园区/开发区/功能区 zones, 区/县/市 districts,
#: counties, cities, 部门 department, 单位 unit, 村/社区 villages, communities.
KIND_WORDS = frozenset(
    {"镇", "乡", "街道", "街", "镇街", "乡镇", "平台", "园区", "开发区", "开发园区", "功能区", "区", "县",
     "市", "县市", "部门", "单位", "村", "社区", "村社"}
)  # fmt: skip

#: Endings that make a kind word the name of a kind of unit: 人民政府/政府 government, 管委会
#: management committee, 办事处 sub-office ("开发园区管委会", "县(市)政府").
_KIND_UNIT_ENDINGS = ("人民政府", "政府", "管委会", "办事处")
#: Endings of collective names that end in no unit ending: 部门 departments, 单位 units.
_GROUP_ENDINGS = ("部门", "单位")
_BRACKET_SPAN = re.compile(r"[(（][^()（）]*[)）]")

#: Role words after units: (分别/共同/负责) 牵头 lead(s), 负责 is responsible, 主办 hosts;
#: 配合 support, 协同 cooperate, 参与 take part, 协助 assist, 协办 co-host, with the usual tails
#: (落实 carry out, 实施 implement, 推进 push forward, 完成 complete).
_LEAD_WORD = r"(?:分别|共同|负责)?(?:牵头|主办)(?:负责|落实|实施|推进)?|负责(?:落实|实施)?"
_SUPPORT_WORD = r"(?:分别|共同|积极)?(?:配合|协同|参与|协助|协办)(?:落实|实施|推进|完成)?"
_ROLE_AT_END = re.compile(rf"(?:(?P<lead>{_LEAD_WORD})|(?P<supporting>{_SUPPORT_WORD}))$")

#: The note that makes the first unit of each list the lead: 列第一位者为牵头单位 (the one listed
#: first is the lead unit), 排名第一的为牵头单位, 列第一位的为工作牵头单位, 首位单位为牵头单位 (the
#: unit in first place leads) … Both scripts are written out: it is searched in the whole page,
#: which is not worth folding for one phrase.
_LEAD_FIRST = re.compile(
    r"(?:(?:列|排|排名|排在|列在|名列)(?:第一|首)(?:位|个|個|名)?|(?:第一|首)位)"
    r"(?:的|者)?(?:[责責]任)?(?:[单單]位|部[门門])?"
    r"(?:[为為爲]|是)(?:工作)?[牵牽][头頭]"
)


def _depths(text: str) -> list[int]:
    """Bracket depth before each character (unbalanced closers count as none)."""
    depths, depth = [], 0
    for ch in text:
        if ch in _CLOSE:
            depth = max(0, depth - 1)
        depths.append(depth)
        if ch in _OPEN:
            depth += 1
    return depths


#: A bracket holding a note on the list, not an alias: it says who leads (牵头) or that it holds
#: for the rows below (下同 "the same below"): "(列第一位者为牵头或汇总单位,下同)".
_NOTE = re.compile(r"[(（][^()（）]*(?:牵头|下同)[^()（）]*[)）]")


def drop_notes(entry: str) -> str:
    """``entry`` without the bracketed notes printed in a unit cell.

    >>> drop_notes("区发改局、海曙生态环境分局(列第一位者为牵头或汇总单位,下同)")
    '区发改局、海曙生态环境分局'
    >>> drop_notes("区发改局(区金融办)")
    '区发改局(区金融办)'
    """
    return _NOTE.sub("", entry) if "牵头" in entry or "下同" in entry else entry


def split_unit_list(entry: str) -> list[str]:
    """One unit cell entry split on "、", commas and semicolons outside brackets; whitespace
    before a bracket dropped (an alias printed after a space stays on its unit).

    >>> split_unit_list("区发改局牵头，区财政局、区经信局配合")
    ['区发改局牵头', '区财政局', '区经信局配合']
    >>> split_unit_list("各区(县、市)政府、区金融服务中心 （区金融办）")
    ['各区(县、市)政府', '区金融服务中心（区金融办）']
    """
    entry = _SPACE_BEFORE_BRACKET.sub("", entry)
    parts, start = [], 0
    for index, (ch, depth) in enumerate(zip(entry, _depths(entry), strict=True)):
        if ch in _UNIT_SEPARATORS and depth == 0:
            parts.append(entry[start:index])
            start = index + 1
    parts.append(entry[start:])
    return [p.strip() for p in parts if p.strip()]


def join_aliases(entries: Iterable[str]) -> list[str]:
    """Attach an entry that is only a bracket to the unit before it (an alias); a bracket that
    holds a list of units, or that nothing precedes, gives its units as entries instead.

    >>> join_aliases(["区金融服务中心", "（区金融办）", "区科技局"])
    ['区金融服务中心（区金融办）', '区科技局']
    >>> join_aliases(["区科技局", "(区发改局、区财政局)"])
    ['区科技局', '区发改局', '区财政局']
    """
    joined: list[str] = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        match = _BRACKETED.match(entry)
        inner = match.group(1) if match and _balanced(match.group(1)) else None
        if inner is not None and len(split_unit_list(inner)) > 1:
            joined.extend(split_unit_list(inner))
        elif inner is not None and joined:
            joined[-1] += entry
        else:
            joined.append(entry)
    return joined


def _balanced(text: str) -> bool:
    """Whether every bracket in ``text`` closes, in order ("(区)" yes, "区)(区" no)."""
    depth = 0
    for ch in text:
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if depth < 0:
            return False
    return depth == 0


def peel_role(entry: str) -> tuple[str, Role | None]:
    """A unit entry without the role word printed after it, and that role.

    >>> peel_role("区财政局配合落实"), peel_role("区发改局"), peel_role("牵头")
    (('区财政局', 'supporting'), ('区发改局', None), ('牵头', None))
    """
    match = _ROLE_AT_END.search(entry)
    if match is None or match.start() == 0:
        return entry, None
    return entry[: match.start()].rstrip(), "lead" if match.group("lead") else "supporting"


def is_collective(entry: str) -> bool:
    """Whether an entry names each unit of a group (and may list more kinds after it).

    >>> [is_collective(e) for e in ("各平台", "区直各部门", "相关平台", "区发改局")]
    [True, True, False, False]
    """
    return _EACH in entry


def names_a_kind(entry: str) -> bool:
    """Whether a list entry names a kind of unit rather than one unit, so that it belongs to a
    collective before it: a bare kind word ("镇街", "平台"), or a kind with a government or
    committee ending ("开发园区管委会", "县(市)政府") — a one-character kind only with a bracketed
    alternative, since "区政府" names this district's own government. A kind word with a
    bracketed alternative and nothing else ("镇(街道)") is a complete reference of its own.

    >>> [names_a_kind(e) for e in ("镇街", "开发园区管委会", "县(市)政府(管委会)")]
    [True, True, True]
    >>> [names_a_kind(e) for e in ("区政府", "镇(街道)", "区市场局")]
    [False, False, False]
    """
    core = peel_role(entry)[0]
    if core in KIND_WORDS:
        return True
    bare = _BRACKET_SPAN.sub("", core)
    ending = next((end for end in _KIND_UNIT_ENDINGS if bare.endswith(end)), None)
    if ending is None:
        return False
    kind = bare[: -len(ending)]
    return kind in KIND_WORDS and (len(kind) > 1 or bare != core)


def join_collectives(entries: Iterable[str]) -> list[str]:
    """Entries naming kinds of units (:func:`names_a_kind`) after a collective belong to it:
    one entry, joined by "、".

    >>> join_collectives(["区科技局", "各平台", "镇街"])
    ['区科技局', '各平台、镇街']
    >>> join_collectives(["各镇(街道)", "平台", "区发改局"])
    ['各镇(街道)、平台', '区发改局']
    >>> join_collectives(["各区(县、市)政府", "开发园区管委会"])
    ['各区(县、市)政府、开发园区管委会']
    >>> join_collectives(["各平台", "镇(街道)"])  # a kind word with its own bracket stands alone
    ['各平台', '镇(街道)']
    >>> join_collectives(["区国资中心等部门", "单位", "各街道"])  # a group word adds to a group
    ['区国资中心等部门、单位', '各街道']
    >>> join_collectives(["各县", "市", "区政府"])  # a list of kinds closed by their government
    ['各县、市、区政府']
    """
    joined: list[str] = []
    for entry in entries:
        # a collective ending in a role word ends its run: what follows starts a new one
        previous = joined[-1] if joined else ""
        open_run = bool(previous) and peel_role(previous)[1] is None
        kind_of_collective = is_collective(previous) and (
            names_a_kind(entry) or _closes_a_list_of_kinds(previous, entry)
        )
        if open_run and (kind_of_collective or _adds_a_group_word(previous, entry)):
            joined[-1] += "、" + entry
        else:
            joined.append(entry)
    return joined


def _closes_a_list_of_kinds(previous: str, entry: str) -> bool:
    """Whether ``entry`` is a one-character kind with a government ending ("区政府") closing a
    collective that already lists kinds ("各县、市" + "区政府": the governments of each county,
    city and district). Alone, "区政府" is the district's own government (:func:`names_a_kind`).

    >>> _closes_a_list_of_kinds("各县、市", "区政府"), _closes_a_list_of_kinds("各街道", "区政府")
    (True, False)
    """
    core = peel_role(entry)[0]
    ending = next((end for end in _KIND_UNIT_ENDINGS if core.endswith(end)), None)
    return "、" in previous and ending is not None and core[: -len(ending)] in KIND_WORDS


def _adds_a_group_word(previous: str, entry: str) -> bool:
    """Whether ``entry`` is a bare group word (部门, 单位) that adds a kind to the group named
    before it: "区级有关部门、单位", "X等部门、单位" are one group. A bare "单位" names no unit
    of its own, so it can only belong to the group before it.

    >>> _adds_a_group_word("区级有关部门", "单位"), _adds_a_group_word("区发改局", "单位")
    (True, False)
    """
    return peel_role(entry)[0] in _GROUP_ENDINGS and _without_bracket(previous).endswith(_GROUP_ENDINGS)


def _ends_unit(text: str) -> bool:
    """Whether ``text`` ends in a unit ending with a name before it.

    >>> _ends_unit("区发改局"), _ends_unit("局"), _ends_unit("区人力资源")
    (True, False, False)
    """
    return any(text.endswith(end) and len(text) > len(end) for end in UNIT_ENDINGS)


def _ends_group(text: str) -> bool:
    """Whether ``text`` names a group of units: a group ending (部门, 单位) with words before it.

    >>> _ends_group("省直有关部门"), _ends_group("部门"), _ends_group("区发改局")
    (True, False, False)
    """
    return any(text.endswith(end) and len(text) > len(end) for end in _GROUP_ENDINGS)


def split_conjunctions(entry: str) -> list[str]:
    """An entry split at 和, 及, 与 where both sides are units; a trailing role word stays on
    the last part (it applies to all of them, see :func:`assign_roles`).

    >>> split_conjunctions("区发改局和区财政局")
    ['区发改局', '区财政局']
    >>> split_conjunctions("经济投资局和航空口岸局分别牵头")
    ['经济投资局', '航空口岸局分别牵头']
    >>> split_conjunctions("区人力资源和社会保障局"), split_conjunctions("市规划和自然资源局")
    (['区人力资源和社会保障局'], ['市规划和自然资源局'])

    A group of departments on the left joins a unit too ("省直有关部门和各市人民政府"), but not a
    bare group word on the right ("区级有关部门及单位" is one group):

    >>> split_conjunctions("省直有关部门和各市人民政府"), split_conjunctions("区级有关部门及单位")
    (['省直有关部门', '各市人民政府'], ['区级有关部门及单位'])
    """
    core, _ = peel_role(entry)
    tail = entry[len(core) :]
    depths = _depths(core)
    for match in _CONJUNCTIONS.finditer(core):
        at = match.start()
        left, right = core[:at], core[at + 1 :]
        ends_left = _ends_unit(_without_bracket(left)) or _ends_group(left)
        if depths[at] == 0 and ends_left and _ends_unit(_without_bracket(right)):
            return [left, *split_conjunctions(right + tail)]
    return [entry]


#: What opens a unit's own name: a level (省 province, 市 city, 县 county, 区 district, 镇 town,
#: 乡 township) or 各 (each: a collective).
_UNIT_OPENERS = "省市县区镇乡各"
_SPACES = re.compile(r"\s+")


def split_spaces(entry: str) -> list[str]:
    """An entry split at a space between two units, as a cell printing one unit per line reads
    once its lines are joined ("县教体局 各相关乡镇政府"): the left side ends in a unit ending,
    the right is a whole unit opening with a level or 各. A space inside one name, as PDF text
    prints it ("市 财政局", "伏羲 山管委 会", "区委 宣传部"), stays.

    >>> split_spaces("县教体局 各相关乡镇政府"), split_spaces("县卫健委牵头 县医保局配合")
    (['县教体局', '各相关乡镇政府'], ['县卫健委牵头', '县医保局配合'])
    >>> split_spaces("市 财政局"), split_spaces("伏羲 山管委 会"), split_spaces("区委 宣传部")
    (['市 财政局'], ['伏羲 山管委 会'], ['区委 宣传部'])
    """
    parts, start = [], 0
    for space in _SPACES.finditer(entry):
        left = entry[start : space.start()]
        right = entry[space.end() :].split(maxsplit=1)[0] if entry[space.end() :].strip() else ""
        ends_left = _ends_unit(_without_bracket(peel_role(left)[0])) if left else False
        whole_right = right[:1] in _UNIT_OPENERS and _ends_unit(_without_bracket(peel_role(right)[0]))
        if ends_left and whole_right:
            parts.append(left)
            start = space.end()
    parts.append(entry[start:])
    return parts


def _without_bracket(text: str) -> str:
    """``text`` without a bracket closing it (an alias): "区发改局(区金融办)" -> "区发改局"."""
    if text[-1:] in _CLOSE:
        depths = _depths(text)
        opener = max((i for i, ch in enumerate(text) if ch in _OPEN and depths[i] == 0), default=-1)
        if opener > 0:
            return text[:opener]
    return text


#: What ends a sentence: a bracket after it is no alias of a unit.
_SENTENCE_END = "。；;.！!？?"
#: A label inside a bracket of units: 牵头单位: lead units, 责任领导: leaders … (2-6 characters
#: ending in 单位 unit, 部门 department or 领导 leader, then a colon).
_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{0,6}(?:单位|部门|领导))\s*[:：]")


def trailing_bracket(text: str) -> tuple[str, str] | None:
    """``text`` before the bracket that closes it, and that bracket's inside (brackets inside
    it allowed); None when ``text`` does not end in a bracket.

    >>> trailing_bracket("建学校。[牵头单位:区教育局;责任单位:各街办(新区)]")
    ('建学校。', '牵头单位:区教育局;责任单位:各街办(新区)')
    >>> trailing_bracket("建学校。") is None
    True
    """
    text = text.rstrip()
    if not text or text[-1] not in ")）]】":
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        ch = text[index]
        depth += (ch in ")）]】") - (ch in "(（[【")
        if depth == 0:
            return text[:index], text[index + 1 : -1]
    return None


def _reads_as_unit(name: str) -> bool:
    """Whether a unit list entry (role word on or off) names a unit or a group of units."""
    name = _without_bracket(peel_role(name)[0])
    return _ends_unit(name) or is_collective(name) or name.endswith(_GROUP_ENDINGS) or "等" in name


def split_trailing_units(text: str) -> tuple[str, str] | None:
    """A task sentence and the bracket of units printed after it ("1.任务。(区发改局、区财政局)"):
    (the sentence, the bracket's inside), or None when the text ends in no such bracket. A
    bracket right after a unit name is its alias, not a list; one whose entries are not all
    units (a remark) is no list either. Labels inside ("牵头单位:…;责任单位:…") are allowed,
    and leader labels are not checked.

    >>> split_trailing_units("地区生产总值增长5%以上。(区发改委、区财政局主办,区相关部门、各街道板块协办)")
    ('地区生产总值增长5%以上。', '区发改委、区财政局主办,区相关部门、各街道板块协办')
    >>> [split_trailing_units(text) for text in ("区金融服务中心(区金融办)", "建成学校。(已完成)")]
    [None, None]
    """
    found = trailing_bracket(text)
    if found is None:
        return None
    before, inside = found
    if not before.rstrip() or before.rstrip()[-1] not in _SENTENCE_END:
        return None
    names: list[str] = []
    for part in re.split(r"[;；]", inside):
        label = _LABEL.match(part)
        if label and label.group(1).endswith("领导"):
            continue
        names += units_of([part[label.end() :] if label else part])
    if names and all(_reads_as_unit(name) for name in names):
        return before.rstrip(), inside
    return None


class TailUnits(NamedTuple):
    """What a task text's labelled unit tail says (see :func:`units_in_tail`): the text before
    it, and the entries of each kind, role words still on."""

    content: str
    lead: list[str]
    supporting: list[str]
    leaders: list[str]


#: A unit label that opens a tail: 牵头单位, 责任单位, 配合单位, 责任领导, 部门分工 (division of
#: work among departments) … : up to 6 characters ending in 单位 unit, 部门 department, 领导
#: leader or 分工 division of work, then a colon.
_TAIL_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{0,6}(?:单位|部门|领导|分工))\s*[:：]\s*")
#: A clause of units after the task's last sentence: "…。部门分工:X牵头,Y配合。".
_TAIL_CLAUSE = re.compile(r"(?<=[。；;])\s*(?=[\u4e00-\u9fff]{0,6}(?:单位|部门|领导|分工)\s*[:：])")
#: Label words: 牵头/主办 lead; 配合/协办/协同/参与/协助 support; 领导 leader.
_LEAD_LABEL = re.compile(r"牵头|主办")
_SUPPORT_LABEL = re.compile(r"配合|协办|协同|参与|协助")
#: Labels of a role that is neither: 数据提供单位 (the units giving the figures).
_OTHER_ROLE_LABEL = re.compile(r"数据|提供")
#: A level before a label (省级 province, 市级 city, 区级/县级 district, county): the lowest level
#: printed names the units that carry the task out where the report is ("市级牵头单位:市发改委;
#: 区级牵头单位:区发改局" in a district's report: 区发改局).
_LEVELS = {"省": 0, "市": 1, "区": 2, "县": 2}
_LEVEL = re.compile(r"^([省市区县])级")


def units_in_tail(text: str) -> TailUnits | None:
    """The units a task text names at its very end, after its last sentence, in a bracket that
    starts with a unit label ("(牵头单位:市财政局)", "（责任单位:X;配合单位:Y）") or in a labelled
    clause ("部门分工:X牵头,Y配合。"); None when it ends in no such tail (an alias, a remark, a
    bracket without a label). A 牵头 label leads, a 配合 label supports, a plain 责任单位 leads
    unless a 牵头 label is printed beside it (then it supports, as in label lists); leader labels
    give leaders; of labels printed at several levels (市级…, 区级…), the lowest level's.

    >>> units_in_tail("一般公共预算收入增长7%。(牵头单位:市财政局)")
    TailUnits(content='一般公共预算收入增长7%。', lead=['市财政局'], supporting=[], leaders=[])
    >>> units_in_tail("建学校。（责任单位:区教育局;配合单位:区财政局、各街道）")[1:3]
    (['区教育局'], ['区财政局', '各街道'])
    >>> units_in_tail("增长8%。(牵头单位:市商务局;数据提供单位:市统计局)")[1:3]
    (['市商务局'], [])
    >>> units_in_tail("增长10%。(市级牵头单位:市发展改革委;区级牵头单位:区发改局)")[1]
    ['区发改局']
    >>> units_in_tail("增长6%以上。部门分工:省发展改革委牵头,各地、各部门配合。")[:2]
    ('增长6%以上。', ['省发展改革委牵头', '各地', '各部门配合'])
    >>> [units_in_tail(t) for t in ("建学校。(区发改局、区财政局)", "区金融服务中心(区金融办)")]
    [None, None]
    """
    found = split_trailing_units(text)
    if found is not None and _TAIL_LABEL.match(found[1]):
        before, inside = found
    else:
        clause = next(reversed(list(_TAIL_CLAUSE.finditer(text))), None)  # the last clause
        if clause is None:
            return None
        before, inside = text[: clause.start()].rstrip(), text[clause.end() :].strip()
    parts: list[tuple[str, str]] = []  # (label, value)
    for part in re.split(r"[;；]", inside):
        labelled = _TAIL_LABEL.match(part)
        if labelled is not None:
            parts.append((labelled.group(1), part[labelled.end() :]))
        elif parts:  # an unlabelled piece continues the label before it
            parts[-1] = (parts[-1][0], parts[-1][1] + "；" + part)
    levels = [_LEVELS[m.group(1)] for label, _ in parts if (m := _LEVEL.match(label))]
    lead: list[str] = []
    supporting: list[str] = []
    plain: list[str] = []
    leaders: list[str] = []
    for label, value in parts:
        level = _LEVEL.match(label)
        if level is not None and _LEVELS[level.group(1)] != max(levels):
            continue  # a higher level's counterpart
        if _OTHER_ROLE_LABEL.search(label):
            continue
        if label.endswith("领导"):
            leaders += [name for name in re.split(r"[、，,]", value) if name.strip()]
            continue
        units = units_of([value])
        if not units or not all(_reads_as_unit(unit) for unit in units):
            return None
        if _LEAD_LABEL.search(label):
            lead += units
        elif _SUPPORT_LABEL.search(label):
            supporting += units
        else:
            plain += units
    if not (lead or supporting or plain):
        return None
    if lead:
        return TailUnits(before, lead, plain + supporting, leaders)
    return TailUnits(before, plain, supporting, leaders)


#: A unit cell that says there is none: "/", "-", "—", "无" (none), "暂无" (none yet).
_NO_UNIT = re.compile(r"[-—－/／\\]{1,3}|暂?无")


def units_of(entries: Sequence[str]) -> list[str]:
    """The units of a cell's entries (cleaned text): split, aliases attached, collectives kept
    whole, 和/及/与 between two units split. Role words are still on (see :func:`assign_roles`).
    A cell that only says there is none ("/", "无") names no unit.

    >>> units_of(["区发改局 (区金融办)、区财政局和区税务局", "各平台、镇街"])
    ['区发改局(区金融办)', '区财政局', '区税务局', '各平台、镇街']
    >>> units_of(["/"]), units_of(["无"])
    ([], [])
    """
    split = [unit for entry in entries for unit in split_unit_list(drop_notes(entry))]
    split = [stripped for unit in split if (stripped := unit.rstrip("。.").strip())]  # no sentence end
    split = [unit for unit in split if not _NO_UNIT.fullmatch(unit)]
    units = join_collectives(join_aliases(split))
    return [part for unit in units for part in split_conjunctions(unit)]


def assign_roles(entries: Sequence[str], default: Role) -> list[tuple[str, Role]]:
    """Each unit with its role, role words dropped from the names:

    * a role word, lead ("牵头") or supporting ("配合落实"), covers its unit and the units before
      it since the previous role word: "区发改局、区财政局牵头", "市发改委、市科技局、团市委配合落实"
      (a verb after a list says what the whole list does);
    * the units no role word covers support when the cell names a lead (the others of a cell
      that said who leads), else take ``default``, the role of the cell's column.

    >>> assign_roles(["区发改局牵头", "区财政局", "区经信局配合"], "lead")
    [('区发改局', 'lead'), ('区财政局', 'supporting'), ('区经信局', 'supporting')]
    >>> assign_roles(["经济投资局", "航空口岸局分别牵头", "区发改局"], "lead")
    [('经济投资局', 'lead'), ('航空口岸局', 'lead'), ('区发改局', 'supporting')]
    >>> assign_roles(["市发改委", "市科技局", "团市委配合落实"], "lead")
    [('市发改委', 'supporting'), ('市科技局', 'supporting'), ('团市委', 'supporting')]
    >>> assign_roles(["区财政局", "区税务局分别配合"], "lead")
    [('区财政局', 'supporting'), ('区税务局', 'supporting')]
    """
    peeled = [peel_role(entry) for entry in entries]
    roles: list[Role | None] = [role for _, role in peeled]
    for i, (_, role) in enumerate(peeled):
        if role is not None:
            j = i - 1
            while j >= 0 and peeled[j][1] is None:
                roles[j] = role
                j -= 1
    rest: Role = "supporting" if "lead" in roles else default
    return [(name, role or rest) for (name, _), role in zip(peeled, roles, strict=True)]


def says_lead_first(text: str) -> bool:
    """Whether a page says the unit listed first leads (列第一位者为牵头单位), in either script.

    >>> says_lead_first("责任单位(列第一位者为牵头单位)")
    True
    >>> says_lead_first("列第一位的责任单位为牵头单位或汇总单位")
    True
    >>> says_lead_first("排名第一的為牽頭單位"), says_lead_first("牵头单位:区发改局")
    (True, False)
    >>> says_lead_first("县发改局(首位单位为牵头单位,下同)")
    True
    >>> says_lead_first("把民生放在首位,牵头单位:区民政局")
    False
    """
    return _LEAD_FIRST.search(text) is not None


#: Marks printed before (or after) the lead unit among several: * and ＊ (asterisks), ★ (a
#: star), ▲ (a triangle).
LEAD_MARKS = "*＊★▲"


def peel_mark(entry: str) -> tuple[str, bool]:
    """A unit entry without the lead mark printed before or after it, and whether it had one.

    >>> peel_mark("▲发改局"), peel_mark("★财政局"), peel_mark("区教育局*"), peel_mark("税务局")
    (('发改局', True), ('财政局', True), ('区教育局', True), ('税务局', False))
    """
    bare = entry.strip(LEAD_MARKS + " ")
    if bare and bare != entry.strip():
        return bare, True
    return entry, False


def lead_and_supporting(
    lead_entries: Sequence[str], supporting_entries: Sequence[str], lead_first: bool = False
) -> tuple[list[str], list[str]]:
    """A row's lead and supporting units from its two unit cells (cleaned units, role words on).
    Lead marks decide first: when the row marks some units (:data:`LEAD_MARKS`, "▲发改局,各部门"),
    the marked ones lead and the others support, whichever cell they are in; a row without a
    mark leaves them to the rest. Then role words decide where printed; else the column does,
    or with ``lead_first`` (the page's note) the first unit of the lead cell leads and the
    others support.

    >>> lead_and_supporting(["区发改局牵头", "区财政局配合"], ["区经信局"])
    (['区发改局'], ['区财政局', '区经信局'])
    >>> lead_and_supporting(["区发改局", "区财政局"], [], lead_first=True)
    (['区发改局'], ['区财政局'])
    >>> lead_and_supporting(["区发改局", "区财政局"], [])
    (['区发改局', '区财政局'], [])
    >>> lead_and_supporting(["▲税务局", "财政局", "各镇乡(街道)"], [])
    (['税务局'], ['财政局', '各镇乡(街道)'])
    """
    marked = [peel_mark(entry) for entry in (*lead_entries, *supporting_entries)]
    if any(has_mark for _, has_mark in marked):
        names = [(peel_role(name)[0], has_mark) for name, has_mark in marked]
        return [n for n, has_mark in names if has_mark], [n for n, has_mark in names if not has_mark]
    lead_roles = assign_roles(lead_entries, "lead")
    supporting_roles = assign_roles(supporting_entries, "supporting")
    has_roles = any(peel_role(e)[1] is not None for e in (*lead_entries, *supporting_entries))
    if lead_first and not has_roles and len(lead_roles) > 1:
        lead_roles = [lead_roles[0], *((name, "supporting") for name, _ in lead_roles[1:])]
    everyone = lead_roles + supporting_roles
    return [n for n, role in everyone if role == "lead"], [n for n, role in everyone if role == "supporting"]


# --- a unit's head printed with it ----------------------------------------------------------

#: Common surnames (the first character of most people's names): a name after a unit starts
#: with one of them. Kept to the commonest so that words after a unit are not read as names.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤伍常温康施牛樊葛邢齐易乔庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲滕屈饶解牟艾尤阳穆卓古吉缪简项连芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池於"
)  # fmt: skip
#: Last characters no person's name of two or three characters is read with after a unit: the
#: endings of offices and places inside a unit (科 section, 站 station, 组 group, 场 farm …).
_NOT_A_NAME_END = frozenset("局委办院厅部所处室会府科站队馆组中心司团社校场园区城镇乡村街")


def split_unit_head(unit: str) -> tuple[str, str | None]:
    """A unit and the name of its head printed after it in one cell ("市民政局 伍泽国", spaces
    already gone): a trailing name of two or three characters that starts with a common surname,
    after a unit ending. The unit as it is, and None, when nothing like a name follows it.

    >>> split_unit_head("区财政局伍泽国"), split_unit_head("市民政局王宏")
    (('区财政局', '伍泽国'), ('市民政局', '王宏'))
    >>> split_unit_head("区教育局教研室"), split_unit_head("区人力社保局"), split_unit_head("伍泽国")
    (('区教育局教研室', None), ('区人力社保局', None), ('伍泽国', None))
    """
    for size in (3, 2):
        rest, name = unit[:-size], unit[-size:]
        if (
            re.fullmatch(r"[\u4e00-\u9fff]+", name)
            and name[0] in _SURNAMES
            and name[-1] not in _NOT_A_NAME_END
            and rest
            and _ends_unit(_without_bracket(rest))
        ):
            return rest, name
    return unit, None


#: A unit, whitespace, then two or three Han characters: how a head's name is printed apart.
_SPACED_TAIL = re.compile(r"(\S*[\u4e00-\u9fff\)）])[ \t\u3000\u00a0]+([\u4e00-\u9fff]{2,3})$")


def heads_printed_apart(entries: Sequence[str]) -> frozenset[str]:
    """Heads' names printed apart from their unit in raw unit entries, after a space
    ("市民政局 伍泽国"). Only these are taken off a unit (:func:`split_unit_heads`): glued to the
    unit, a name cannot be told from the end of a longer unit's own name ("区财政局金库").

    >>> sorted(heads_printed_apart(["市民政局 伍泽国", "区财政局金库", "区教育局 教研室"]))
    ['伍泽国']
    """
    names: set[str] = set()
    for entry in entries:
        match = _SPACED_TAIL.search(entry.strip())
        if match and split_unit_head(match.group(1) + match.group(2))[1] == match.group(2):
            names.add(match.group(2))
    return frozenset(names)


def split_unit_heads(units: Sequence[str], apart: Collection[str]) -> tuple[list[str], list[str]]:
    """Units without the heads' names printed after them, and those names (once each); only
    names in ``apart`` (see :func:`heads_printed_apart`) are taken off.

    >>> split_unit_heads(["市民政局伍泽国", "区财政局金库"], {"伍泽国"})
    (['市民政局', '区财政局金库'], ['伍泽国'])
    """
    names: list[str] = []
    bare: list[str] = []
    for unit in units:
        name_of_unit, head = split_unit_head(unit)
        if head is None or head not in apart:
            bare.append(unit)
            continue
        bare.append(name_of_unit)
        if head not in names:
            names.append(head)
    return bare, names


# --- leaders ----------------------------------------------------------------------------------

#: A title next to a person's name: an optional body (区委 district party committee, 区政府 …,
#: 人大常委会 people's congress standing committee, 政协 political consultative conference),
#: 常务 executive, 副 deputy, then the post: 区长/市长/县长/镇长/乡长/省长 head of the
#: district … province, 书记 secretary, 主任 director, 秘书长 secretary-general, 主席 chair,
#: 部长/局长 minister/bureau chief, 常委 standing member, 党组成员 party group member,
#: 调研员/巡视员 inspector; or 同志 comrade.
_TITLE = (
    r"(?:(?:[区市县镇乡省])?(?:委|政府|人大常委会|人大|政协)?(?:党组)?)"
    r"(?:常务)?副?(?:区长|市长|县长|镇长|乡长|省长|书记|主任|秘书长|主席|部长|局长|常委|党组成员|"
    r"成员|调研员|巡视员|一级巡视员|二级巡视员)|同志|分管"
)
#: Titles in a run, maybe apart by "、" ("常委、常务副区长": two posts of one person).
_TITLES_AT_END = re.compile(rf"(?:{_TITLE})(?:、?(?:{_TITLE}))*$")
_TITLES_AT_START = re.compile(rf"^(?:{_TITLE})(?:、?(?:{_TITLE}))*")
_BRACKETED_TITLE = re.compile(rf"[(（](?:{_TITLE})+[)）]$")
#: 领导 (leading official): a cell holding it names an office ("分管领导同志"), not a person.
_OFFICE = "领导"
_LEADER_SEPARATORS = re.compile(r"[、，,;；/／\n]")
_NAME_PADDING = re.compile(r"[\s?？]+")
#: What may close a leader cell's sentence: 。 . ； ;
_SENTENCE_ENDS = "。.；; \t\u3000"


def strip_titles(name: str) -> str:
    """A person's name without the titles printed before or after it; the text as printed when
    nothing of two characters or more would be left (a title alone).

    >>> strip_titles("王宏副区长"), strip_titles("区长王宏"), strip_titles("王宏(常务副区长)")
    ('王宏', '王宏', '王宏')
    >>> strip_titles("区委常委、常务副区长王宏".split("、")[1]), strip_titles("分管副区长")
    ('王宏', '分管副区长')
    >>> strip_titles("李丹常委、常务副区长"), strip_titles("区委常委、常务副区长王宏")
    ('李丹', '王宏')
    """
    bare = _BRACKETED_TITLE.sub("", name)
    bare = _TITLES_AT_END.sub("", bare)
    bare = _TITLES_AT_START.sub("", bare)
    return bare if len(bare) >= 2 else name


def _is_title(text: str) -> bool:
    return _TITLES_AT_START.fullmatch(text) is not None


def split_names(text: str) -> list[str]:
    """The names in one piece of a leader cell, split at spaces: single characters around a
    space belong together (a letter-spaced name, "沈 昱"), a single character before a longer
    piece is its surname ("王 小明"); a piece that is no name of 2-4 Han characters keeps the
    whole text as one name, spaces and padding removed.

    >>> split_names("沈 昱 祝振偉"), split_names("王宏 李明"), split_names("沈 ?昱")
    (['沈昱', '祝振偉'], ['王宏', '李明'], ['沈昱'])
    >>> split_names("王 小明"), split_names("Li Ming")
    (['王小明'], ['LiMing'])
    """
    tokens = [t for t in _NAME_PADDING.split(text) if t]
    names: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1 and not pending:
            pending = token
            continue
        if pending and (len(token) == 1 or len(pending + token) <= 3):
            names.append(pending + token)
        else:
            if pending:
                names.append(pending)
            names.append(token)
        pending = ""
    if pending:
        names.append(pending)
    if all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n) for n in names):
        return names
    return ["".join(tokens)] if tokens else []


def split_leaders(cell: str) -> list[str]:
    """The leaders' names in a leader cell (cleaned text): split, titles dropped; a cell of
    titles only is kept as printed.

    >>> split_leaders("王宏副区长、李明副区长"), split_leaders("区长王宏 副区长李明")
    (['王宏', '李明'], ['王宏', '李明'])
    >>> split_leaders("区委常委、常务副区长王宏"), split_leaders("分管副区长"), split_leaders("沈  昱")
    (['王宏'], ['分管副区长'], ['沈昱'])
    >>> split_leaders("省政府分管领导同志")  # names an office, not a person: kept as printed
    ['省政府分管领导同志']
    >>> split_leaders("金力。")  # a label line's value ends its sentence: no part of the name
    ['金力']
    """
    names: list[str] = []
    for piece in _LEADER_SEPARATORS.split(cell.rstrip(_SENTENCE_ENDS)):
        padded = _NAME_PADDING.sub(" ", piece.strip(_SENTENCE_ENDS)).strip()
        if not padded:
            continue
        if _is_title(padded.replace(" ", "")):
            continue  # a title of the next name, printed apart ("区委常委、常务副区长王宏")
        # titles first (so that "区长 王宏" is not read as two names), then names at spaces
        words = [strip_titles(w) for w in padded.split(" ") if not _is_title(w)]
        if any(_OFFICE in word for word in words):  # "省政府分管领导同志": an office, no name
            names.append(padded.replace(" ", ""))
            continue
        names.extend(split_names(" ".join(words)))
    if not names:
        whole = _NAME_PADDING.sub("", cell.rstrip(_SENTENCE_ENDS))
        return [whole] if whole else []
    return names
