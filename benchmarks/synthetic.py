"""A seeded synthetic corpus of parsed task-progress reports, with the true task of every row.

The linking benchmark needs far more reports than the samples, and it needs to know which rows
state the same task. :func:`generate` builds ``ParsedFile`` objects as the per-file stage would,
for made-up districts and years: each (district, year) gets a set of tasks and a schedule of
reports (plan, quarters, half-year, full year), and every report restates the tasks it carries
with the kinds of rewording seen in real reports. The true task of each row is returned beside
the files, keyed by ``(sha256, source_line)``, so nothing in the rows hints at it.

The corpus is a pure function of ``(n_rows, seed)``; a smaller corpus is the start of a larger
one of the same seed (the last report is cut to hit the row count exactly).

What varies, and how often (the constants below):

- Districts and years: (district, year) pairs are drawn in random order from batches of
  ``DISTRICTS_PER_BATCH`` made-up districts times ``YEARS``; each gets ``TASKS_PER_GROUP`` tasks
  of ``TEXT_LENGTH`` characters and one of ``SCHEDULES`` (PLAN, Q1, H1, Q3, FY ...).
- Restating: a task's first row in the year carries its wording as written; each later row is
  verbatim (55%), reworded once (35%) or twice (10%) (``VARIATION_COUNTS``). A rewording is
  drawn by ``VARIATION_WEIGHTS``: punctuation (full-width to ASCII, or the final 。 dropped) 25,
  a space inserted 20, one character changed (a homophone, 亲清/亲情 style) 20, a trailing
  clause appended 15, a numbering prefix ("1.", "3、", "(一)", "（二）", "一是") 20.
- Coming and going: a later report leaves out each task with probability ``P_OMIT`` and brings
  1-2 new tasks with probability ``P_NEW_TASKS``.
- Lookalikes, different tasks that must stay apart: a task sharing all but its last clause with
  the one before it (``P_SIBLING`` per district and year); a short task whose whole text opens a
  longer different task (``P_CONTAINED``); ``P_SUCCESSIVE`` of these pairs are not stated side
  by side but one after the other (the first until some report, the second from it on); and
  ``P_COMMON`` of tasks taken word for word from a pool shared by every district and year (a
  provincial directive: a different task in each).
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import count
from typing import TYPE_CHECKING

from govtasks.models import CleanRow, ParsedFile, Period, ReportFacts

if TYPE_CHECKING:  # only a type here; the generator must not depend on the linker it measures
    from govtasks.link.blocks import Tables

#: (report sha256, source_line): how a row is addressed, here and in the output tables.
RowKey = tuple[str, int]

YEARS = tuple(range(2018, 2026))
DISTRICTS_PER_BATCH = 200

#: Report schedules of one district and year, with weights: a plan and the follow-ups.
SCHEDULES: tuple[tuple[tuple[Period, ...], int], ...] = (
    (("PLAN", "Q1", "H1", "Q3", "FY"), 4),
    (("PLAN", "H1", "FY"), 3),
    (("Q1", "Q2", "Q3", "Q4"), 2),
    (("PLAN", "Q1", "H1", "Q3"), 2),
    (("H1", "Q3"), 1),
    (("PLAN", "H2"), 1),
)

TASKS_PER_GROUP = (8, 30)
TEXT_LENGTH = (15, 80)
P_OMIT = 0.08
P_NEW_TASKS = 0.3
P_SIBLING = 0.5
P_CONTAINED = 0.4
P_COMMON = 0.05
P_SUCCESSIVE = 0.5
COMMON_POOL_SIZE = 40

#: How many rewordings a restatement gets: 0, 1 or 2, with these weights.
VARIATION_COUNTS = (55, 35, 10)
VARIATION_WEIGHTS: dict[str, int] = {
    "punctuation": 25,
    "space": 20,
    "typo": 20,
    "trailing_clause": 15,
    "numbering": 20,
}

# --- vocabulary (Chinese on purpose: it is the data) -------------------------------------------

#: Characters of made-up district names (东湖区, 青山县 ...).
_NAME_FIRST = "东西南北中青白金云江湖山海平安长春瑞丰临"
_NAME_SECOND = "湖城山江河州阳宁安平林海源桥港溪"
_NAME_THIRD = "新华兴和泰丰隆盛"
_NAME_SUFFIX = "区县市"


def _words(text: str) -> tuple[str, ...]:
    """A vocabulary written as space-separated words (one line of print holds many)."""
    return tuple(text.split())


#: Actions on a topic: verbs, and the topics they go with in print.
_ACTIONS = (
    (
        _words("深化 推进 全面推进 持续深化 扎实推进"),
        _words("数字化改革 “最多跑一次”改革 标准地改革 亩均效益综合评价 “凤凰行动”计划 医共体建设"),
    ),
    (
        _words("加快 推进 扎实推进 全力推进 高质量推进"),
        _words(
            """
            乡村振兴 城市更新 老旧小区改造 未来社区建设 垃圾分类 “五水共治” 污水零直排区建设
            美丽乡村建设 农村人居环境整治 全域土地综合整治 工业园区有机更新 特色小镇 产业平台 城市大脑
            """
        ),
    ),
    (
        _words("大力发展 积极培育 加快发展 做大做强"),
        _words("数字经济 先进制造业 现代服务业 总部经济 夜间经济 文化旅游融合 智慧交通"),
    ),
    (
        _words("优化 提升 持续优化 全面提升"),
        _words("营商环境 政务服务水平 学前教育资源配置 公共文化服务体系 全民健身设施 “亲清在线”平台"),
    ),
    (
        _words("落实 完善 健全 强化"),
        _words("养老服务体系 基层治理体系 惠企政策兑现 减税降费 人才引进 招商引资 科技企业“双倍增”行动"),
    ),
    (
        _words("加强 强化 深入开展"),
        _words("政府债务风险管理 安全生产专项整治 平安建设 食品安全监管 生态环境保护"),
    ),
)
#: Places and facilities of construction tasks.
_PLACES = _words("湘湖 钱江 城西 临平 良渚 东站 北部新城 滨江 白马湖 南湖 科创园 老城")
_FACILITIES = _words(
    """
    大道快速路 综合交通枢纽 污水处理厂 人民医院新院区 文化中心 体育中心 产业园 科创中心
    地铁站点 安置房 九年一贯制学校 城市公园 湿地保护工程 智慧停车场 农贸市场
    """
)
#: Subjects of measurable targets.
_ENTITIES = _words("国家高新技术企业 上市企业 规上工业企业 省级研发中心 科技型中小企业 专精特新企业")
_METRICS = _words("地区生产总值 一般公共预算收入 规上工业增加值 社会消费品零售总额 数字经济核心产业增加值")
_ROADS = _words("城乡道路 绿道 污水管网 燃气管网")
_SCHOOLS = _words("中小学 幼儿园 社区卫生服务站 养老服务中心")
#: Clauses appended by a later report ("trailing_clause"); kept apart from the words above so a
#: reworded task never turns into another task's text.
_TAILS = _words("确保年底前全面完成 力争提前完成 按计划有序推进 并做好验收工作 形成可复制经验 （跨年度项目）")
#: Numbering prefixes a later report may print before the content.
_CN_NUMBERS = "一二三四五六七八九十"
#: Homophones typed for one another (亲清/亲情 style typos); each maps to its twin.
_HOMOPHONES = {
    one: other
    for pair in _words("清情 建健 治制 型形 园圆 级极 工功 城程 务物 施实 做作 新心")
    for one, other in ((pair[0], pair[1]), (pair[1], pair[0]))
}
#: Full-width punctuation and the ASCII a report typed in another editor uses instead.
_TO_ASCII = str.maketrans(
    {"，": ",", "；": ";", "。": ".", "（": "(", "）": ")", "：": ":", "“": '"', "”": '"'}
)

#: Category headings (项目名称) and lead units of rows.
_CATEGORIES = _words(
    """
    经济社会发展主要预期目标 支持民营企业健康发展 加快现代服务业发展 推进科技创新 深化改革开放
    推进城乡融合发展 加强生态文明建设 增进民生福祉 提升城市治理水平 加强政府自身建设
    """
)
_UNITS = _words(
    """
    区发改局 区经信局 区财政局 区科技局 区商务局 区住建局 区农业农村局 区生态环境分局 区教育局
    区卫健局 区民政局 区市场监管局 区数据资源局 区城管局 区交通运输局 各镇街
    """
)


@dataclass(frozen=True)
class Corpus:
    """The generated reports, the true task of every row, and what the linker should get right."""

    files: list[ParsedFile]
    #: (sha256, source_line) -> true task label (unique across districts and years)
    truth: dict[RowKey, str]
    #: rewordings applied to each row that restates a task stated in an earlier report (an empty
    #: tuple for a verbatim restatement); a task's first row is absent
    variations: dict[RowKey, tuple[str, ...]]
    #: (label, label, kind): pairs of different tasks made to look alike: "sibling" or "contained",
    #: with "_successive" when the second replaces the first from some report on
    lookalikes: list[tuple[str, str, str]]


@dataclass
class _Task:
    label: str
    text: str
    category: str
    units: tuple[str, ...]
    #: the task is in the reports ``start`` <= index < ``end`` of the schedule (a follow-up task
    #: may replace a finished one)
    start: int = 0
    end: int = 99  # past the end of any schedule
    stated: bool = False


def generate(n_rows: int, seed: int) -> tuple[list[ParsedFile], dict[RowKey, str]]:
    """``n_rows`` synthetic task rows in parsed reports, and the true task label of every row."""
    corpus = generate_corpus(n_rows, seed)
    return corpus.files, corpus.truth


def generate_corpus(n_rows: int, seed: int) -> Corpus:
    """Like :func:`generate`, with the rewording and lookalike records the benchmark reports on."""
    if n_rows < 0:
        raise ValueError("n_rows must be >= 0")
    rng = random.Random(seed)
    common = _common_pool(rng)
    corpus = Corpus(files=[], truth={}, variations={}, lookalikes=[])
    total = 0
    groups = _groups(rng)
    while total < n_rows:
        district, year = next(groups)
        for parsed in _Group(rng, seed, district, year, common, corpus).reports():
            room = n_rows - total
            if len(parsed.rows) > room:
                # Cut the last report to hit the row count exactly; its dropped rows leave the
                # records too, so every recorded row is in the corpus and the other way round.
                for row in parsed.rows[room:]:
                    key = (parsed.sha256, row.source_line)
                    del corpus.truth[key]
                    corpus.variations.pop(key, None)
                parsed = replace(parsed, rows=parsed.rows[:room])
            if parsed.rows:
                corpus.files.append(parsed)
                total += len(parsed.rows)
            if total == n_rows:
                break
    present = set(corpus.truth.values())
    corpus.lookalikes[:] = [(a, b, kind) for a, b, kind in corpus.lookalikes if a in present and b in present]
    return corpus


def pair_scores(tables: Tables, truth: Mapping[RowKey, str]) -> tuple[float, float]:
    """Pairwise precision and recall of "same task" between the linker's ``task_id`` and ``truth``.

    A pair is two rows with the same task id (predicted) or the same true label (true). Pairs are
    counted from cluster sizes, so over the whole corpus in linear time: a pair is predicted and
    true exactly when both rows fall in one (task_id, label) cell. Counting every pair (not only
    pairs of one district and year) makes a merge across districts a false positive, as it should.
    True pairs come from ``truth``, so a row missing from ``progress`` costs recall. With no pair
    to judge, a score is 1.0.
    """
    sha_of = {report.report_id: report.source_sha256 for report in tables.reports}
    predicted: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for row in tables.progress:
        key = (sha_of[row.report_id], row.source_line)
        if key not in truth:
            raise ValueError(f"progress row {key} has no true label")
        predicted[row.task_id] += 1
        both[(row.task_id, truth[key])] += 1
    hits = _pairs(both.values())
    n_predicted = _pairs(predicted.values())
    n_true = _pairs(Counter(truth.values()).values())
    precision = hits / n_predicted if n_predicted else 1.0
    recall = hits / n_true if n_true else 1.0
    return precision, recall


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


# --- districts, years and texts -----------------------------------------------------------------


def _district_names() -> Iterator[str]:
    """Made-up district names, two-character stems first, then three-character ones, never repeating."""
    for length in count(2):
        alphabets = (_NAME_FIRST, _NAME_SECOND, *([_NAME_THIRD] * (length - 2)))
        stems = ["".join(chars) for chars in _product(alphabets) if len(set(chars)) == len(chars)]
        for suffix in _NAME_SUFFIX:
            for stem in stems:
                yield stem + suffix


def _product(alphabets: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    if not alphabets:
        yield ()
        return
    for head in alphabets[0]:
        for rest in _product(alphabets[1:]):
            yield (head, *rest)


def _groups(rng: random.Random) -> Iterator[tuple[str, int]]:
    """(district, year) pairs in random order, a batch of districts at a time, so that even a small
    corpus spans many districts and years and a large one never runs out."""
    names = _district_names()
    while True:
        batch = [next(names) for _ in range(DISTRICTS_PER_BATCH)]
        pairs = [(district, year) for district in batch for year in YEARS]
        rng.shuffle(pairs)
        yield from pairs


def _amount(rng: random.Random) -> str:
    """A quantity as reports print it: often round, sometimes with one decimal (亿元, 公里, 亩)."""
    value = rng.choice((rng.randint(2, 60), rng.randint(10, 500), rng.randint(100, 9000)))
    if rng.random() < 0.2:
        return f"{value / 10:.1f}".removesuffix(".0")
    return str(value)


def _clause(rng: random.Random) -> tuple[str, str]:
    """One clause of a task (an action on a topic, a construction project or a measurable target)
    and its subject, so that one task does not name the same subject twice."""
    kind = rng.random()
    if kind < 0.4:
        verbs, topics = rng.choice(_ACTIONS)
        topic = rng.choice(topics)
        return rng.choice(verbs) + topic, topic
    if kind < 0.55:
        verb = rng.choice(("加快", "推进", "启动", "完成"))
        place, facility = rng.choice(_PLACES), rng.choice(_FACILITIES)
        return f"{verb}{place}{facility}建设", place + facility
    templates: tuple[tuple[str, Callable[[], str]], ...] = (
        ("投资", lambda: f"完成投资{_amount(rng)}亿元"),
        ("投资", lambda: f"完成固定资产投资{_amount(rng)}亿元以上"),
        ("企业", lambda: f"新增{rng.choice(_ENTITIES)}{rng.randint(3, 300)}家"),
        ("小区", lambda: f"改造老旧小区{rng.randint(5, 200)}个"),
        ("学校", lambda: f"新建{rng.choice(_SCHOOLS)}{rng.randint(2, 30)}所"),
        ("道路", lambda: f"建成{rng.choice(_ROADS)}{_amount(rng)}公里"),
        ("增长", lambda: f"{rng.choice(_METRICS)}增长{rng.randint(3, 15)}%以上"),
        ("项目", lambda: f"招引亿元以上项目{rng.randint(5, 120)}个"),
        ("土地", lambda: f"消化批而未供土地{_amount(rng)}亩"),
        ("企业", lambda: f"惠及企业{rng.randint(20, 20000)}家"),
    )
    subject, make = rng.choice(templates)
    return make(), subject


def _sentence(rng: random.Random, low: int = TEXT_LENGTH[0], high: int = TEXT_LENGTH[1]) -> str:
    """A task text of ``low``..``high`` characters: clauses joined by "，", ending in "。"."""
    while True:
        target = rng.randint(low, high)
        text, subject = _clause(rng)
        subjects = {subject}
        while len(text) + 1 < target:
            clause, subject = _clause(rng)
            if len(text) + len(clause) + 2 > high:
                break
            if subject not in subjects:
                subjects.add(subject)
                text += "，" + clause
        text += "。"
        if low <= len(text) <= high:
            return text


def _common_pool(rng: random.Random) -> list[str]:
    return [_sentence(rng) for _ in range(COMMON_POOL_SIZE)]


def _sibling(rng: random.Random, text: str) -> str | None:
    """A different task sharing every clause of ``text`` but the last (None if it has one clause)."""
    clauses = text.removesuffix("。").split("，")
    if len(clauses) < 2:
        return None
    head = "，".join(clauses[:-1])
    for _ in range(10):
        clause, subject = _clause(rng)
        other = f"{head}，{clause}。"
        if subject not in head and other != text and len(other) <= TEXT_LENGTH[1]:
            return other
    return None


def _container(rng: random.Random, short: str) -> str:
    """A longer, different task whose text starts with the whole of ``short`` (without its 。)."""
    text = short.removesuffix("。")
    while len(text) < len(short) + 8:
        clause, subject = _clause(rng)
        if subject not in text:
            text += "，" + clause
    return text + "。"


# --- rewording --------------------------------------------------------------------------------------


def _reword(rng: random.Random, text: str, kind: str) -> str:
    if kind == "punctuation":
        if text.endswith("。") and rng.random() < 0.3:
            return text[:-1]
        return text.translate(_TO_ASCII)
    if kind == "space":
        at = rng.randint(1, len(text) - 1)
        return text[:at] + " " + text[at:]
    if kind == "typo":
        twins = [i for i, ch in enumerate(text) if ch in _HOMOPHONES]
        if twins:
            at = rng.choice(twins)
            return text[:at] + _HOMOPHONES[text[at]] + text[at + 1 :]
        letters = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
        at = rng.choice(letters)
        replacement = rng.choice([ch for ch in "的地得在再和合进近" if ch != text[at]])
        return text[:at] + replacement + text[at + 1 :]
    if kind == "trailing_clause":
        tail = rng.choice(_TAILS)
        body = text.rstrip("。.")
        return body + (tail if tail.startswith("（") else "，" + tail) + text[len(body) :]
    if kind == "numbering":
        n = rng.randint(1, 10)
        prefix = rng.choice(
            (f"{n}.", f"{n}、", f"({_CN_NUMBERS[n - 1]})", f"（{_CN_NUMBERS[n - 1]}）", "一是")
        )
        return prefix + text
    raise ValueError(f"unknown rewording {kind!r}")


def _restate(rng: random.Random, text: str) -> tuple[str, tuple[str, ...]]:
    """The wording of a task in a later report, and the rewordings applied (in order)."""
    (n,) = rng.choices(range(len(VARIATION_COUNTS)), weights=VARIATION_COUNTS)
    kinds: list[str] = []
    while len(kinds) < n:
        (kind,) = rng.choices(list(VARIATION_WEIGHTS), weights=list(VARIATION_WEIGHTS.values()))
        if kind not in kinds:
            kinds.append(kind)
    # Numbering goes last so that it stays a prefix whatever else changed.
    kinds.sort(key=lambda kind: kind == "numbering")
    for kind in kinds:
        text = _reword(rng, text, kind)
    return text, tuple(kinds)


def _progress(rng: random.Random) -> str:
    return rng.choice(
        (
            lambda: f"已完成投资{_amount(rng)}亿元，占年度计划的{rng.randint(20, 100)}%。",
            lambda: "正在有序推进中。",
            lambda: f"已完成年度目标的{rng.randint(10, 100)}%。",
            lambda: f"已开工建设，累计完成投资{_amount(rng)}亿元。",
            lambda: f"已出台实施方案，计划{rng.randint(6, 12)}月底前完成验收。",
            lambda: f"累计帮助企业解决问题{rng.randint(5, 400)}个。",
        )
    )()


# --- reports --------------------------------------------------------------------------------------


class _Group:
    """The tasks and reports of one district and year; records truth in ``corpus`` as it goes."""

    def __init__(
        self, rng: random.Random, seed: int, district: str, year: int, common: list[str], corpus: Corpus
    ) -> None:
        self.rng, self.seed, self.district, self.year = rng, seed, district, year
        self.common, self.corpus = common, corpus
        self.categories = [
            _CATEGORIES[i] for i in sorted(rng.sample(range(len(_CATEGORIES)), rng.randint(3, 6)))
        ]
        self.texts: set[str] = set()  # canonical texts of the group's tasks: every task is worded apart
        self.numbers = count(1)

    def fresh_text(self) -> str:
        """A task text not used yet in this district and year, sometimes one of the common pool."""
        while True:
            common = self.rng.random() < P_COMMON
            text = self.rng.choice(self.common) if common else _sentence(self.rng)
            if text not in self.texts:
                return text

    def task(self, text: str) -> _Task:
        assert text not in self.texts
        self.texts.add(text)
        label = f"{self.district}|{self.year}|{next(self.numbers):03d}"
        units = tuple(self.rng.sample(_UNITS, self.rng.randint(1, 3)))
        return _Task(label, text, self.rng.choice(self.categories), units)

    def plan(self, n_reports: int) -> list[_Task]:
        """The tasks of the year, lookalike pairs placed next to each other as in print."""
        rng = self.rng
        tasks = [self.task(self.fresh_text()) for _ in range(rng.randint(*TASKS_PER_GROUP))]
        if rng.random() < P_SIBLING:
            at = rng.randrange(len(tasks))
            text = _sibling(rng, tasks[at].text)
            if text is not None and text not in self.texts:
                tasks.insert(at + 1, self.task(text))
                self.lookalike(tasks[at], tasks[at + 1], "sibling", n_reports)
        if rng.random() < P_CONTAINED:
            text = _sentence(rng, TEXT_LENGTH[0], 25)
            while text in self.texts:
                text = _sentence(rng, TEXT_LENGTH[0], 25)
            short = self.task(text)
            text = _container(rng, short.text)
            if text not in self.texts:
                pair = [short, self.task(text)]
                rng.shuffle(pair)  # either may come first when they follow one another
                at = rng.randint(0, len(tasks))
                tasks[at:at] = pair
                self.lookalike(pair[0], pair[1], "contained", n_reports)
            else:
                tasks.append(short)
        return tasks

    def lookalike(self, first: _Task, second: _Task, kind: str, n_reports: int) -> None:
        """Record a lookalike pair. Stated side by side, the rule that one report never states one
        task twice keeps them apart for free; so some pairs follow one another instead (the first
        finished and left out from some report on, the second stated from then on), which only
        the wording can tell apart."""
        if n_reports > 1 and self.rng.random() < P_SUCCESSIVE:
            first.end = second.start = self.rng.randint(1, n_reports - 1)
            kind += "_successive"
        self.corpus.lookalikes.append((first.label, second.label, kind))

    def reports(self) -> Iterator[ParsedFile]:
        """The reports of the district and year, in period order."""
        rng, corpus = self.rng, self.corpus
        (schedule,) = rng.choices([s for s, _ in SCHEDULES], weights=[w for _, w in SCHEDULES])
        tasks = self.plan(len(schedule))
        for index, period in enumerate(schedule):
            if index and rng.random() < P_NEW_TASKS:
                for _ in range(rng.randint(1, 2)):
                    tasks.append(self.task(self.fresh_text()))
                    tasks[-1].start = index
            seed_text = f"govtasks-synthetic\x1f{self.seed}\x1f{self.district}\x1f{self.year}\x1f{period}"
            sha256 = hashlib.sha256(seed_text.encode()).hexdigest()
            line = rng.randint(8, 20)  # rows start after the page header
            rows: list[CleanRow] = []
            for task in tasks:
                if not task.start <= index < task.end or (task.stated and rng.random() < P_OMIT):
                    continue
                key = (sha256, line)
                if not task.stated:
                    task.stated = True
                    text = task.text
                else:
                    text, corpus.variations[key] = _restate(rng, task.text)
                corpus.truth[key] = task.label
                rows.append(
                    CleanRow(
                        source_line=line,
                        seq=str(len(rows) + 1),
                        category_no=None,
                        category=task.category,
                        content=text,
                        lead_units=task.units,
                        lead_leaders=(),
                        progress=None if period == "PLAN" else _progress(rng),
                        problems=None,
                        next_steps=None,
                        flags=(),
                    )
                )
                line += rng.randint(1, 3)  # some rows run over several lines
            title = f"{self.district}{self.year}年《政府工作报告》重点任务{period}执行情况"
            yield ParsedFile(
                source_file=f"synthetic/{self.district}/{self.year}-{period}.txt",
                sha256=sha256,
                format="synthetic",
                score=1.0,
                facts=ReportFacts(district=self.district, year=self.year, period=period, title=title),
                script="simplified",
                rows=tuple(rows),
            )


def large_block(
    n_rows: int, seed: int, *, same_tasks: bool = True, district: str = "大块区", year: int = 2024
) -> list[ParsedFile]:
    """Two reports (H1, then FY) of one district and year, ``n_rows`` rows each: the same tasks,
    restated in the second as every later report restates them (:func:`_restate`), or with
    ``same_tasks=False`` other tasks (every row of the second compared with the whole first).
    The case of two large files of one district and year, which the link stage compares row by
    row."""
    rng = random.Random(seed)
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < (1 if same_tasks else 2) * n_rows:
        text = _sentence(rng)
        if text not in seen:
            seen.add(text)
            texts.append(text)
    files = []
    for index, period in enumerate(("H1", "FY")):
        tasks = texts[n_rows:] if index and not same_tasks else texts[:n_rows]
        sha256 = hashlib.sha256(f"govtasks-large\x1f{seed}\x1f{n_rows}\x1f{period}".encode()).hexdigest()
        rows = tuple(
            CleanRow(
                source_line=10 + line,
                seq=str(line + 1),
                category_no=None,
                category=None,
                content=_restate(rng, text)[0] if index and same_tasks else text,
                lead_units=(rng.choice(_UNITS),),
                lead_leaders=(),
                progress=_progress(rng),
                problems=None,
                next_steps=None,
                flags=(),
            )
            for line, text in enumerate(tasks)
        )
        files.append(
            ParsedFile(
                source_file=f"large/{district}/{year}-{period}.txt",
                sha256=sha256,
                format="synthetic",
                score=1.0,
                facts=ReportFacts(district=district, year=year, period=period, title=f"{district}{year}"),
                script="simplified",
                rows=rows,
            )
        )
    return files
