"""A progress row's state, read from its cells: completed, in progress, behind, not started,
or unknown, with the phrase that decided it.

The rules read the whole progress cell, clause by clause (clauses end at punctuation and line
breaks), and the problems cell for a lag. ``next_steps`` is not read: it says what will be done,
never what the state is ("力争超额完成" there is a hope). The judgements they follow are written
in ``tests/fixtures/labels/README.md``, beside the labelled rows they are measured on
(``make eval``). In order, the first that applies decides:

1. no progress text, or a cell that holds no statement (a unit's name, "/", a cut-off name):
   ``unknown``;
2. a stated lag, in progress or problems (滞后, 进展缓慢, 低于目标, 未能完成, 暂缓 …), or a negated
   completion (未完成, 没有建成 …): ``behind``. A lag wins over completion cues: an analyst looks at
   every stated lag, also when it is about a named part of the task ("80%(新区实验幼儿园进度滞后)");
3. not begun (暂未启动, 尚未开工 …) with nothing else under way or done: ``not_started`` (a part not
   begun while the rest moves is in progress);
4. the whole task or its target done (已全部完成, 超额完成, 已完成全年目标任务, 达到目标, a completion
   rate of 100% or more and none below): ``completed``; a bare 已完成 or 已建成 with an object
   counts only when the figures reached meet every figure the content promises (below);
   基本完成 ("basically done") is not done; a completion whose clause names a step (方案, 招标,
   主体结构, 前期 …: scope) completes the step, not the task;
5. the figures the progress reaches meet, one for one in order and in the same unit, every
   figure the content promises (not percentages: a growth rate mid-year is not the year's),
   and nothing is said to be still under way: ``completed``;
6. work under way: a cue (正在, 推进, 施工中, 序时推进 …), a completion rate below 100%, a step done,
   or any report of activity (a verb of doing or a figure): ``in_progress``. In a progress column
   a report of work done is the statement that work is under way;
7. the figure is not out or the target not given (数据未出, 尚未下达, 未分解任务), and nothing else:
   ``unknown``.

Fast enough for every row of a national corpus: a few precompiled searches per row.
"""

from __future__ import annotations

import re

from govtasks.assess.figures import quantities
from govtasks.assess.patterns import searched
from govtasks.models import Status

STATUSES: tuple[Status, ...] = ("completed", "in_progress", "behind", "not_started", "unknown")

# A cell that says nothing: empty, punctuation, dashes, "无" (none), "/".
_PLACEHOLDER = re.compile(r"[\s/\\\-—–_.。,，;；:：、·*无暂无]*")

# A clause ends at sentence and list punctuation, brackets or a line break.
_CLAUSE_END = re.compile(r"[。；;！!？?\n，,（）()【】]")

# A lag stated about the task or a part of it: lags (滞后), slow (缓慢, 偏慢, 较慢), below the target
# or the schedule (低于目标, 未达序时), cannot finish (不能完成, 难以完成), halted or postponed (暂停,
# 暂缓, 延期, 推迟), not in place (不到位), affecting the progress (影响…进度).
_LAG = searched(
    r"严重滞后|滞后序时(?:进度)?|进度滞后|滞后|进展缓慢|推进缓慢|进度缓慢|缓慢|进度偏慢|偏慢|进度较慢|较慢"
    r"|低于(?:年度)?目标|低于序时|未达(?:到)?序时(?:进度)?|未达(?:到)?(?:年度)?目标|未达标"
    r"|(?:不能|未能|难以|无法)(?:按期|如期|按时|全面)?完成(?:[^，。；,;]{0,12}?任务)?"
    r"|已暂停|暂停|暂缓|延期|推迟|整改不到位|不到位"
    r"|影响[^，。；,;]{0,14}?(?:进度|建设|推进|开工|实施|签约)"
)
# A lag denied: no lag (无滞后), none appeared (未出现滞后), not slow (不慢).
_LAG_DENIED = searched(r"(?:无|没有|未出现|不存在|未发现|不会)(?:明显)?(?:滞后|延期|推迟|缓慢)")

# A completion verb negated: not (未, 尚未, 没有, 还未) done, built, finished or reached.
_NOT_DONE = searched(
    r"(?:尚未|还未|暂未|没有|没|未)(?:全部|按期|如期|按时|全面)?(?:完成|建成|竣工|完工|达到|达标)"
)

# Either: a clause holding one is a text holding one.
_LAG_OR_NOT_DONE = searched(f"{_LAG.pattern}|{_NOT_DONE.pattern}")

# Not begun: not started, not launched, not under construction, not carried out.
_NOT_STARTED = searched(r"(?:暂未|尚未|还未|未|没有)(?:正式)?(?:启动|开工|开展|实施|动工|进场|开始)")

# The figure is not out yet, or the target not given: says nothing about the state.
_NO_FIGURE_YET = searched(
    r"(?:数据|指标|数字)?(?:尚未|还未|暂未|未)(?:出报|出数|出|发布|公布)"
    r"|(?:尚未|还未|暂未|未)(?:正式)?(?:下达|分解)"
)

# The whole task or its target done: all done (已全部完成, 全面完成), ahead of time (提前完成), over
# the target (超额完成), the year's target done (完成全年目标任务), the target reached (达到目标,
# 达到…要求), "this work is done" (此项工作已完成).
_DONE = searched(
    r"(?:已)?全部完成|(?:已)?全面完成|(?:已)?超额完成|提前完成|全部建成|全面建成"
    r"|完成(?:全年|年度|今年)[^，。；,;]{0,6}?(?:目标)?任务|完成[^，。；,;]{0,16}?的目标任务"
    r"|达到(?:了)?(?:年度|全年)?目标|达到[^，。；,;]{0,40}?(?:任务要求|考核要求|目标要求)|均(?:已)?完成"
    r"|(?:此项|该项|该件|本项)(?:工作|实事|任务)?已(?:全面)?完成|完成应[^，。；,;]{0,6}目标"
)
# A bare "done" clause: the clause is only 已完成 / 已建成 (whole cell or first sentence).
_BARE_DONE = re.compile(r"^\s*(?:已|均已|全部)?(?:完成|建成|竣工|办结)\s*$")
# "Basically" done: not a full claim.
_BASICALLY = searched(r"基本(?:完成|建成|完工|竣工|达到|实现)")
# A completion verb with an object or subject (已完成40公里, 已建成智安小区110个): done only if the
# figures confirm it.
_DONE_VERB = searched(r"已(?:经)?(?:完成|建成|竣工|完工)|(?:完成|建成|竣工|完工)")

# A step of a task, not the task: plan, programme, design, tender, feasibility study, approval,
# review, drafting, first draft, piles, main structure, earthwork, survey, filing, consultation,
# site choice, bid opening, signing, report, demonstration, preparatory work, a phase.
_STEP = searched(
    r"方案|规划|设计|招标|采购|前期|可研|可行性|立项|评审|审查|审批|编制|初稿|送审稿|桩基|主体|结构|土方"
    r"|基础|调研|调查|备案|征求|选址|开标|签约|协议|报告|论证|图纸|大纲|摸排|排查|对接|一期|二期|阶段性"
    r"|报批|挂牌|公示|清单|台账"
)

# Work under way: in progress (正在, 进行中), pushed forward (推进), under construction (施工),
# on schedule (序时推进, 进展顺利), being prepared or applied for (筹备中, 申报中), started (启动).
_UNDER_WAY = searched(
    r"正常进行中|正常推进|有序推进中|有序推进|稳步推进|加快推进|全力推进|持续推进|扎实推进|积极推进|推进中"
    r"|序时推进|与序时进度基本一致|进展顺利|正在[^，。；,;]{0,10}|进行中|施工中|建设中|实施中|筹备中|申报中"
    r"|报批中|办理中|推进|施工|开展|启动|实施|正逐|正抓紧|预计[^，。；,;]{0,10}?完成"
)

# Something of the task still to do: being done now (正在, 进行中, 施工中 …), expected later (预计),
# the rest (剩余), waiting (待).
_STILL = searched(
    r"正在|正逐|正抓紧|进行中|推进中|施工中|建设中|实施中|筹备中|申报中|报批中|办理中|预计|剩余|待"
)

# A hope or a plan, not a result: strive for (争取, 力争), ensure (确保), planned for (计划于, 拟),
# needed (需), will (将于). Not 计划 alone: it is in names (“骏马计划”) and in 完成全年计划122%.
_HOPE = searched(r"争取|力争|确保|计划(?:于|在|到)|拟|需|将于|将在")

# A completion rate: 完成率 85%, 完成年度计划的36.52%, 进度 80%, 完成任务数的108.97%; and a rate
# printed bare in a rate column ("7.23\n139.1%", "3321 133%"). Not a rate against the schedule
# (达目标进度的164%): that is a pace.
_RATE = re.compile(
    r"(?:完成率|完成进度|整体进度|形象进度|总体进度|开工率|落地率|进度)(?:约|为|达到?|已达)?\s*(\d+(?:\.\d+)?)\s*[%％]"
    r"|完成[^，。；,;%％]{0,14}?的\s*(\d+(?:\.\d+)?)\s*[%％]"
    r"|(?:^|\n)\s*(?:[\d.]+[^\s\d%％]{0,3}\s+)?(\d+(?:\.\d+)?)\s*[%％]"
    r"|完成\s*(\d+(?:\.\d+)?)\s*[%％]|完成(?:全年|年度)?(?:计划|目标|任务)\s*(\d+(?:\.\d+)?)\s*[%％]"
)
_PACE = searched(r"目标进度的|序时进度的")

# A report of activity: a verb of doing, or a figure.
_ACTIVITY = searched(
    r"\d|完成|开展|推进|建设|实施|出台|制定|召开|组织|成立|启动|落实|印发|签约|签订|引进|举办|新增|实现|发放"
    r"|对接|编制|培育|开工|施工|投入|加快|深化|提升|累计|已|正在|建立|组建|完善|争取|协调|审核|确定|开始"
    r"|通过|验收|修改|征求|梳理|增长|同步|达到|列入|入选|创建"
)
# A leading list number ("1.", "①", "一是") does not make a cell a report of figures.
_LIST_MARK = re.compile(r"^\s*(?:\d+[.、．)]|[①-⑳]|[一二三四五六七八九十]+[是、.])\s*")


def _clauses(text: str) -> list[str]:
    """``text`` cut at punctuation, line breaks and brackets, empty pieces dropped.

    >>> _clauses("80%(新区实验幼儿园进度滞后)")
    ['80%', '新区实验幼儿园进度滞后']
    """
    return [c for c in _CLAUSE_END.split(text) if c.strip()]


def _lag(text: str) -> str | None:
    """The first stated lag in ``text`` that is not denied, or a negated completion.

    >>> _lag("新区实验幼儿园进度滞后")
    '进度滞后'
    >>> _lag("未完成建设任务的县区为舒城县")
    '未完成'
    >>> _lag("项目推进顺利，无滞后") is None
    True
    """
    if not _LAG_OR_NOT_DONE.search(text):
        return None  # no clause holds one either: most cells, read without cutting them
    for clause in _clauses(text):
        if _LAG_DENIED.search(clause):
            continue
        found = _LAG.search(clause) or _NOT_DONE.search(clause)
        if found:
            return found.group()
    return None


def _rates(text: str) -> list[tuple[float, str]]:
    """The completion rates ``text`` prints, each with its phrase (not growth, not a pace).

    >>> _rates("已完成出让9宗359.397亩,完成率85%")
    [(85.0, '完成率85%')]
    >>> _rates("7.23\\n139.1%")
    [(139.1, '139.1%')]
    >>> _rates("增速-5.9%")
    []
    """
    rates: list[tuple[float, str]] = []
    if "%" not in text and "％" not in text:
        return rates  # every rate ends with a percent sign: most cells, not searched
    for found in _RATE.finditer(text):
        if _PACE.search(text, max(0, found.start() - 2), found.end()):
            continue
        if any(_HOPE.search(clause) for clause in _clauses(found.group())) or _hoped(text, found.start()):
            continue
        value = next(group for group in found.groups() if group is not None)
        phrase = found.group().rsplit("\n", 1)[-1].strip()  # a bare rate: its own line, not the figure above
        rates.append((float(value), phrase))
    return rates


def _clause_at(text: str, index: int) -> str:
    """The clause of ``text`` holding ``text[index]``.

    >>> _clause_at("已完成方案编制，正在招标", 9)
    '正在招标'
    """
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, index)), default=0)
    end = _CLAUSE_END.search(text, index)
    return text[start : end.start() if end else len(text)]


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    """The clause of ``text`` holding ``text[start:end]``, cut to about ``width`` characters
    around it: the evidence a reader can check at a glance.

    >>> _around("城市书房已确定建设地址,相关建设规划已进入最终审核阶段,正在推进", 31, 33)
    '正在推进'
    """
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    clause_end_match = _CLAUSE_END.search(text, end)
    clause_end = clause_end_match.start() if clause_end_match else len(text)
    left = max(clause_start, start - width // 3)
    right = min(clause_end, max(end, left + width))
    return text[left:right].strip() or text[start:end]


def _hoped(text: str, index: int) -> bool:
    """Whether the clause at ``text[index]`` is a hope or a plan (争取实现…100%), not a result."""
    return bool(_HOPE.search(_clause_at(text, index)))


#: Comparators of a figure that is a limit or an aim, never a result: a progress text printing
#: one restates the target (一般企业投资项目审批"最多80天"), it does not report a figure reached.
_NOT_A_RESULT = frozenset({"以下", "力争", "区间"})


def targets_met(content: str | None, progress: str) -> bool:
    """Whether ``progress`` reaches every figure ``content`` promises: the figures of the
    content's units, one for one and in order, each at least the promised one. A limit
    (35微克/立方米以下, “最多80天”) is never judged met: its figure is as often a name or a
    pace as a target, and a figure under it proves nothing done.

    >>> targets_met("新增婴幼儿照护服务托位500个。", "新增婴幼儿照护服务托位600个。")
    True
    >>> targets_met("新增城镇就业3万人以上", "城镇新增就业16853人")
    False
    >>> targets_met("新增专精特新企业35家", "累计认定24家、成长型21家;目前拥有44家")
    False
    >>> targets_met("PM2.5浓度维持在35微克/立方米以下", "PM2.5浓度36.2微克/立方米")
    False
    >>> targets_met("审批验收“最多80天”", "全程跟踪监督“最多80天”的项目")
    False
    """
    if not content:
        return False
    promised = quantities(content, "promised")
    if not promised or any(comparator == "以下" for *_, comparator in promised):
        return False
    units = {unit for _, unit, _ in promised}
    reached = [
        (value, unit)
        for value, unit, comparator in quantities(progress, "reached")
        if unit in units and comparator not in _NOT_A_RESULT
    ]
    if len(reached) != len(promised):
        return False
    return all(
        r_unit == p_unit and r_value >= p_value
        for (r_value, r_unit), (p_value, p_unit, _) in zip(reached, promised, strict=True)
    )


#: A line of a table of figures: a number, maybe a percentage ("3034", "75.8", "100%").
_FIGURE_LINE = re.compile(r"\s*[\d.,]+\s*[%％]?\s*")


def _remark_verdict(text: str) -> str | None:
    """The remark of a row of figures when it says done: in a table of figures (reached, rate,
    remark, joined in print order) a last line 已完成 under lines of bare numbers is the table's
    verdict on the row, whatever the numbers before it.

    >>> _remark_verdict("95\\n100\\n已完成"), _remark_verdict("3034\\n75.8\\n达到时间进度")
    ('已完成', None)
    >>> _remark_verdict("一期工程推进中\\n已完成")  # words above it: not a row of figures
    """
    *figures, last = text.strip().split("\n")
    if figures and _BARE_DONE.match(last) and all(_FIGURE_LINE.fullmatch(line) for line in figures):
        return last.strip()
    return None


def _whole(text: str, done: re.Match[str]) -> bool:
    """Whether the completion ``done`` found in ``text`` is the task's: not "basically" done
    (基本…达到), not a step (全部完成立项评审), not a hope (争取全面完成).

    >>> _whole("“1+X”领域项目全部完成立项评审", re.search("全部完成", "“1+X”领域项目全部完成立项评审"))
    False
    """
    clause = _clause_at(text, done.start())
    after = clause[clause.find(done.group()) + len(done.group()) :]
    return not (_BASICALLY.search(clause) or "基本" in clause or _STEP.search(after) or _HOPE.search(clause))


def _says_nothing(text: str) -> bool:
    """A cell with no statement: no verb of doing and no figure (a unit's name, a cut-off name).

    >>> _says_nothing("教育局")
    True
    >>> _says_nothing("正常推进")
    False
    """
    return not _ACTIVITY.search(_LIST_MARK.sub("", text))


def status_of(
    progress: str | None, problems: str | None = None, content: str | None = None
) -> tuple[Status, str | None]:
    """The state ``progress`` (and ``problems``) report, and the phrase that decided it;
    ``content`` (the task) gives the figures promised, to tell whether the ones reached meet them.

    >>> status_of("已全部完成。")
    ('completed', '已全部完成')
    >>> status_of("80%(新区实验幼儿园进度滞后)")
    ('behind', '进度滞后')
    >>> status_of("已完成方案编制，正在开展招标")
    ('in_progress', '正在开展招标')
    >>> status_of("完成率85%")
    ('in_progress', '完成率85%')
    >>> status_of("新增婴幼儿照护服务托位600个。", content="新增婴幼儿照护服务托位500个。")
    ('completed', '新增婴幼儿照护服务托位600个')
    >>> status_of("省第三批义甬舟开放大通道综合性战略平台申报工作暂未启动。")
    ('not_started', '暂未启动')
    >>> status_of("一季度指标尚未出报")
    ('unknown', '指标尚未出报')
    >>> status_of(None)
    ('unknown', None)
    """
    if not progress or _PLACEHOLDER.fullmatch(progress):
        if problems:
            lag = _lag(problems)
            if lag:
                return "behind", lag
        return "unknown", None
    # 2. A stated lag, in either cell.
    for text in (progress, problems):
        if text:
            lag = _lag(text)
            if lag:
                return "behind", lag
    clauses = _clauses(progress)
    # 启动 in 暂未启动 is not work under way: under-way cues are looked for outside the negated ones.
    under_way = _UNDER_WAY.search(_NOT_STARTED.sub(lambda m: "，" * len(m.group()), progress))
    rates = _rates(progress)
    # 3. Not begun, with nothing else moving.
    not_started = _NOT_STARTED.search(progress)
    if not_started and not under_way and not rates and not _DONE.search(progress):
        others = [c for c in clauses if not _NOT_STARTED.search(c) and not _NO_FIGURE_YET.search(c)]
        if not any(_ACTIVITY.search(c) for c in others):
            return "not_started", not_started.group()
    # 4. The whole task or its target done, unless a rate says part of it is not.
    partial = next((phrase for value, phrase in rates if value < 100), None)
    if partial is None:
        done = _DONE.search(progress)
        if done and _whole(progress, done):
            return "completed", done.group()
        first = clauses[0].strip() if clauses else ""
        if _BARE_DONE.match(first):
            return "completed", first
        verdict = _remark_verdict(progress)
        if verdict is not None:
            return "completed", verdict
        still = _STILL.search(progress)
        full = next((phrase for value, phrase in rates if value >= 100), None)
        if full is not None and not still:
            return "completed", full
        # 5. The figures reached meet the figures promised (no plan or hope among them).
        if not still and not _HOPE.search(progress) and targets_met(content, progress):
            return "completed", max(clauses, key=lambda c: len(quantities(c, "reached"))).strip()
    # 6. Work under way: a rate says how far, else the clause that says it is under way.
    if partial is not None:
        return "in_progress", partial
    if under_way:
        return "in_progress", _around(progress, under_way.start(), under_way.end())
    no_figure = _NO_FIGURE_YET.search(progress)
    if no_figure:
        others = [c for c in clauses if not _NO_FIGURE_YET.search(c)]
        if not any(_ACTIVITY.search(c) for c in others):
            return "unknown", no_figure.group()
    if _says_nothing(progress):
        return "unknown", None
    # A step done, or a report of activity: the first clause that reports it.
    for clause in clauses:
        if _DONE_VERB.search(clause) and _STEP.search(clause):
            return "in_progress", clause.strip()
    activity = next((c for c in clauses if _ACTIVITY.search(_LIST_MARK.sub("", c))), progress)
    return "in_progress", activity.strip()
