"""A seeded corpus of source documents in every supported layout, for the ingest benchmark.

The ingest benchmark needs many megabytes of documents that ``govtasks ingest`` reads as it reads
the five samples, so every document here is made from a sample's own text: each layout keeps its
page header, its table printing and its footer (so the layout's format module detects it), and
the rows are the sample's own rows, cut out of its text by the lines its format module reports.
What varies:

- Districts: the 16 districts govtasks knows by name first, then made-up ones (东湖区, 青山县 ...
  from :mod:`synthetic`). A made-up name is not in govtasks' list of districts, so its files get
  a sidecar (``.meta.toml``) naming the district, as a user would write one (so does a 003
  report whose most-mentioned district or year is not its own: 003 prints no header). Each
  district keeps one layout (its site's: 000, 001, 002 and 003 in the ratio of their ``weight``,
  3:3:2:1), one encoding (``P_GBK`` of them GBK, else UTF-8) and line ends (``P_CRLF`` CRLF);
  ``P_HTML`` of them publish saved web pages instead of text dumps, rendered from the same rows
  by :func:`pages.render_page` in the style of the layout's site.
- Years and periods: each district gets the years ``YEARS`` in turn; each district and year a
  schedule of reports from :data:`synthetic.SCHEDULES` (PLAN, Q1, H1, Q3, FY ...). Plans are
  printed in 004's layout (a notice letter, then 序号 · 重点工作任务 · 牵头领导 · 牵头单位), the
  follow-ups in the district's layout (000, 001, 002 or 003); district names, years and the
  period word of the title are rewritten to the report's.
- Tasks: a district and year takes ``TASK_SHARE`` of its layout's sample rows as its tasks, in
  print order. Each report leaves out a task with probability ``P_OMIT`` and restates the others
  verbatim or, with probability ``P_REWORD``, reworded once or twice (the rewordings of
  :mod:`synthetic` that the layout's reader copes with), so most tasks recur as exact or near
  duplicates across the periods of a year.
- Script: 003's layout is traditional script (with its pinyin and garbled spans), and so are
  the plans of districts using it; the other layouts print simplified script, as their sites do.
- Copies: ``P_MIRROR`` of reports get a mirror copy, a second file of the same report: a text
  dump printed in simplified script is mirrored in traditional script (every layout's reader
  takes a fully traditional page, see ``TRADITIONAL_LAYOUTS``), anything else in the other
  encoding.

The corpus is a pure function of the seed (and of the samples and this code): a document stream
in which the first N documents never depend on how many follow, so a smaller corpus is always a
prefix of a larger one. Run ``.venv/bin/python benchmarks/corpus.py OUT --scale 10`` to write the
corpus ten times the size of the samples into OUT, with ``--check`` to ingest every file in
process and compare its rows with what was generated.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import json
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from govtasks import formats
from govtasks.clean.normalize import strip_pinyin, to_traditional
from govtasks.formats.base import district_from_text, most_mentioned_year
from govtasks.models import ReportFacts, SourceRow
from govtasks.read.document import document_from_bytes
from synthetic import SCHEDULES, _district_names, _reword

#: Real districts the corpus writes reports of first (govtasks knows every official name; these
#: are the samples' city's, whose reports the follow-up layouts copy), then made-up ones.
KNOWN_DISTRICTS: tuple[str, ...] = (
    "萧山区", "余杭区", "拱墅区", "上城区", "下城区", "江干区", "西湖区", "滨江区", "富阳区",
    "临安区", "临平区", "钱塘区", "桐庐县", "淳安县", "建德市", "蔡甸区",
)  # fmt: skip

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = ROOT / "data" / "raw"

YEARS = tuple(range(2016, 2026))
#: Share of a layout's sample rows a district and year takes as its tasks.
TASK_SHARE = (0.7, 0.95)
P_OMIT = 0.08
P_REWORD = 0.45
P_GBK = 0.2
P_CRLF = 0.1
P_HTML = 0.25
P_MIRROR = 0.06
#: Layouts whose reader still recognises the page when all of it is in traditional script: all
#: five (tests/test_traditional_copies.py holds traditional copies of 000, 001 and 002).
TRADITIONAL_LAYOUTS = frozenset(
    {"xiaoshan_halfyear", "xiaoshan_grid", "gongshu_quarterly", "yuhang_halfyear", "yuhang_plan"}
)
#: How a follow-up report's title (or 003's progress column header) names its period.
PERIOD_WORDS = {"Q1": "第一季度", "Q2": "第二季度", "H1": "上半年度", "Q3": "第三季度"}
PERIOD_WORDS |= {"Q4": "第四季度", "H2": "下半年", "FY": "全年"}
#: What a written corpus holds (every file's facts and rows), hidden from ``govtasks ingest``.
#: Files are named in generation order, so a sorted listing is the document stream.
MANIFEST = ".corpus.json"


@dataclass(frozen=True)
class Spec:
    """How to reuse one sample: what it prints where, and which rewordings its reader takes."""

    layout: str
    sample: str
    district: str  # as printed
    year: int  # the report's year, as printed
    footer: str | None  # the first line after the table (None: the table runs to the end)
    period_word: str | None  # the period word of the title / header, replaced by the report's
    rewordings: tuple[str, ...]
    weight: int = 1  # how many districts use the layout, relatively
    avoid: tuple[str, ...] = ()  # words a rewording must not bring in (the reader's cue words)
    drop_rows: bool = True  # a district and year may state only some of the sample's rows
    traditional: bool = False
    printings: int = 1  # 002 prints its whole table twice


ALL_REWORDINGS = ("punctuation", "space", "typo", "trailing_clause", "numbering")
#: Layouts of follow-up reports. Paragraph layouts tell cells apart by their punctuation and cue
#: words, and 001 glues its cells, so they only get rewordings that keep both; 000 reads
#: "有序推进" (proceeding as planned) as progress, so no rewording may add it to a task. 002 learns
#: unit names from the page itself (拱投发 is a unit because "拱投发、拱宸桥指挥部" is), so its
#: districts state all of its rows.
FOLLOW_UP_SPECS = (
    Spec("xiaoshan_halfyear", "000_c093e5a82e7cad71.txt", "萧山区", 2020, r"扫一扫", "上半年度",
         ("typo", "trailing_clause", "space"), weight=3, avoid=("有序推进",)),
    Spec("xiaoshan_grid", "001_03dc6f653f7d2afa.txt", "萧山区", 2020, r"扫一扫", "第三季度",
         ("typo", "trailing_clause"), weight=3),
    Spec("gongshu_quarterly", "002_0c120a087920f187.txt", "拱墅区", 2020, r"规划计划", "第二季度",
         ("typo", "trailing_clause"), weight=2, printings=2, drop_rows=False),
    Spec("yuhang_halfyear", "003_96235b2aa55a9220.txt", "余杭区", 2022, r"聲明", "半年度",
         ALL_REWORDINGS, traditional=True),
)  # fmt: skip
PLAN_SPEC = Spec("yuhang_plan", "004_a3cc683a55f0c1f2.txt", "余杭区", 2018, None, None, ALL_REWORDINGS)


@dataclass(frozen=True)
class Block:
    """One row of a sample: its parsed row, its category group and its lines as printed."""

    row: SourceRow
    group: int
    lines: tuple[str, ...]
    rewordable: bool  # the row's content is printed verbatim in its lines


@dataclass(frozen=True)
class Layout:
    """A sample cut into what surrounds the table and the table's rows."""

    spec: Spec
    prefix: tuple[str, ...]
    middle: tuple[str, ...]  # between the two printings of 002
    footer: tuple[str, ...]
    headings: dict[int, tuple[str, ...]]  # group -> heading lines printed before its first row
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Generated:
    """One generated source file and what ingesting it must give."""

    name: str
    data: bytes = field(repr=False)
    sidecar: bytes | None = field(repr=False)
    layout: str
    kind: str  # "text" or "html"
    district: str
    year: int
    period: str
    script: str
    encoding: str
    rows: int  # task rows the report states (each once, even where printed twice)
    reworded: int  # rows whose content was reworded from the sample's
    copy_of: str | None = None

    def meta(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in ("data", "sidecar")}


# --- the samples, cut into rows -------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _heading_start(lines: Sequence[str], row: SourceRow, start: int, stop: int) -> int:
    """Index of the line opening ``row``'s category heading, searching up from ``start``."""
    for index in range(start - 1, stop - 1, -1):
        text = _squash(lines[index])
        if (row.category_no and text.startswith(_squash(row.category_no))) or (
            not row.category_no and row.category and text == _squash(row.category)
        ):
            return index
    raise ValueError(f"no heading for the row at line {row.source_line}")


@cache
def layout_of(spec: Spec) -> Layout:
    """``spec``'s sample cut at the lines its format module reports for each row."""
    path = SAMPLES / spec.sample
    data = path.read_bytes()
    lines = data.decode("utf-8").split("\n")
    doc = document_from_bytes(data, path)
    rows = list(formats.by_name(spec.layout).parse(doc))
    first = rows[0].source_line - 1
    end = len(lines)
    if spec.footer is not None:
        end = next(i for i in range(first, len(lines)) if re.match(spec.footer, lines[i].strip()))
    printed = [row for row in rows if row.source_line - 1 < end]
    # Where each row starts, with the heading of a new category group when one is printed.
    starts: list[int] = []
    groups: list[int] = []
    heading_at: dict[int, int] = {}
    for i, row in enumerate(printed):
        new_group = i == 0 or (row.category_no, row.category) != (
            printed[i - 1].category_no,
            printed[i - 1].category,
        )
        group = len(heading_at) if new_group else groups[-1]
        start = row.source_line - 1
        if new_group:
            above = printed[i - 1].source_line if i else 0
            heading_at[group] = (
                _heading_start(lines, row, start, above) if row.category or row.category_no else start
            )
        groups.append(group)
        starts.append(start)
    blocks = []
    for i, row in enumerate(printed):
        if i + 1 < len(printed):
            stop = heading_at[groups[i + 1]] if groups[i + 1] != groups[i] else starts[i + 1]
        else:
            stop = end
        text = tuple(lines[starts[i] : stop])
        blocks.append(Block(row, groups[i], text, row.content in "\n".join(text)))
    headings = {g: tuple(lines[at : starts[groups.index(g)]]) for g, at in heading_at.items()}
    middle: tuple[str, ...] = ()
    footer = tuple(lines[end:])
    if spec.printings == 2:
        second = [row for row in rows if row.source_line - 1 >= end]
        again = _heading_start(lines, second[0], second[0].source_line - 1, end)
        middle, footer = tuple(lines[end:again]), ()
    return Layout(spec, tuple(lines[: heading_at[0]]), middle, footer, headings, tuple(blocks))


def sample_bytes() -> int:
    """Total size of the five samples: the unit of corpus sizes (1× the samples)."""
    return sum(p.stat().st_size for p in sorted(SAMPLES.iterdir()) if p.is_file())


# --- saved pages ---------------------------------------------------------------------------------


@cache
def pages_module() -> ModuleType | None:
    """``benchmarks/pages.py`` (which renders rows as a saved web page), when it exists."""
    try:
        import pages
    except ImportError:
        return None
    return pages if hasattr(pages, "render_page") else None


# --- districts, reports and their text --------------------------------------------------------------


@dataclass(frozen=True)
class District:
    number: int
    name: str
    known: bool  # govtasks recognises the name; a made-up one needs a sidecar
    spec: Spec
    encoding: str
    crlf: bool
    html: bool


def _districts(rng: random.Random) -> Iterator[District]:
    """The known districts in a seeded order, then made-up ones, each with its site's habits."""
    known = list(KNOWN_DISTRICTS)
    rng.shuffle(known)
    stems = [name[:-1] for name in KNOWN_DISTRICTS]
    made_up = (n for n in _district_names() if not any(stem in n for stem in stems))
    names = [(name, True) for name in known]
    weights = [spec.weight for spec in FOLLOW_UP_SPECS]
    for number in range(1_000_000):
        name, is_known = names[number] if number < len(names) else (next(made_up), False)
        (spec,) = rng.choices(FOLLOW_UP_SPECS, weights=weights)
        encoding = "gbk" if rng.random() < P_GBK else "utf-8"
        crlf = rng.random() < P_CRLF
        html = rng.random() < P_HTML and pages_module() is not None
        yield District(number, name, is_known, spec, encoding, crlf, html)


_YEAR = re.compile(r"(?<!\d)20[0-4]\d(?!\d)")


def localize(text: str, spec: Spec, district: str, year: int, traditional: bool) -> str:
    """``text`` of ``spec``'s sample with its district and year replaced by the report's."""
    pairs = [(spec.district, district), (spec.district[:-1], district[:-1])]
    if traditional:
        pairs += [(to_traditional(old), to_traditional(new)) for old, new in pairs]
    for old, new in pairs:
        text = text.replace(old, new)
    shift = year - spec.year

    def shifted(match: re.Match[str]) -> str:
        value = int(match.group())
        return str(value + shift) if abs(value - spec.year) <= 3 else match.group()

    return _YEAR.sub(shifted, text) if shift else text


def retitle(text: str, spec: Spec, period: str) -> str:
    """A title (or 003's progress column header) with the sample's period word made ``period``'s."""
    if spec.period_word is None:
        return text
    word = PERIOD_WORDS[period]
    if spec.period_word == "半年度" and period == "H1":  # 003 prints 半年度 in its column header
        word = "半年度"
    return text.replace(spec.period_word, word)


def _retitle(lines: Sequence[str], spec: Spec, period: str) -> list[str]:
    """The lines above (or between) the tables with the sample's period word replaced."""
    return [retitle(line, spec, period) for line in lines]


def follow_up_text(layout: Layout, tasks: Sequence[tuple[Block, str]], period: str) -> str:
    """A follow-up report in ``layout``: its rows ``(block, content as worded)``, in order."""
    body: list[str] = []
    group = None
    for block, content in tasks:
        if block.group != group:
            body += layout.headings.get(block.group, ())
            group = block.group
        text = "\n".join(block.lines)
        if content != block.row.content:
            text = text.replace(block.row.content, content, 1)
        body.append(text)
    spec = layout.spec
    parts = [*_retitle(layout.prefix, spec, period), *body]
    if spec.printings == 2:
        parts += [*_retitle(layout.middle, spec, period), *body]
    return "\n".join([*parts, *layout.footer])


def _plan_cell(entries: Sequence[str]) -> str:
    return " ".join(f"{entry}?" for entry in entries)


def plan_text(prefix: Sequence[str], tasks: Sequence[tuple[str, Sequence[str], Sequence[str]]]) -> str:
    """A plan in 004's layout: the letter and table header ``prefix``, then the rows
    ``(content, leaders, units)``, numbered from 1."""
    lines = list(prefix)
    for number, (content, leaders, units) in enumerate(tasks, start=1):
        lines.append(f"{number}? | {content}? | {_plan_cell(leaders)} | {_plan_cell(units)} |")
    return "\n".join(lines) + "\n"


def _plain(text: str) -> str:
    """A task or unit as a plan prints it: one line, no pinyin, no pipes."""
    return strip_pinyin(text).replace("\n", "").replace("|", "｜").strip()


def _encode(text: str, encoding: str, crlf: bool) -> tuple[bytes, str]:
    if crlf:
        text = text.replace("\n", "\r\n")
    if encoding == "gbk":
        try:
            return text.encode("gbk"), "gbk"
        except UnicodeEncodeError:
            return text.encode("gb18030"), "gb18030"
    return text.encode("utf-8"), "utf-8"


def _sidecar(district: District, year: int, text: str, infers: bool) -> bytes | None:
    """The sidecar a user would write: the district when govtasks does not know its name, and,
    for a layout that prints no header (003: district and year are inferred from the text), the
    district and year when the most-mentioned ones in the text are not the report's."""
    settings: dict[str, str | int] = {}
    if infers:
        plain = strip_pinyin(text)
        if district_from_text(plain).name != district.name:
            settings["district"] = district.name
        mentioned = most_mentioned_year(plain)
        if mentioned is None or mentioned[0] != year:
            settings["year"] = year
    if not district.known:
        settings["district"] = district.name
    if not settings:
        return None
    return "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in settings.items()).encode()


class _Stream:
    """The document stream of one seed (see :func:`documents`)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.count = 0
        self.plan = layout_of(PLAN_SPEC)
        self.leaders = sorted({e for b in self.plan.blocks for e in b.row.lead_leaders})
        self.units = sorted({e for b in self.plan.blocks for e in b.row.lead_units})

    def __iter__(self) -> Iterator[Generated]:
        for district in _districts(self.rng):
            for year in YEARS:
                yield from self.district_year(district, year)

    def name(self, district: District, year: int, period: str, suffix: str) -> str:
        self.count += 1
        return f"{self.count:06d}_{district.number:04d}_{year}_{period}{suffix}"

    def district_year(self, district: District, year: int) -> Iterator[Generated]:
        rng, spec = self.rng, district.spec
        layout = layout_of(spec)
        (schedule,) = rng.choices([s for s, _ in SCHEDULES], weights=[w for _, w in SCHEDULES])
        n_blocks = len(layout.blocks)
        share = rng.uniform(*TASK_SHARE)  # drawn for every layout: one stream whatever the layout
        n_tasks = max(3, round(n_blocks * share)) if spec.drop_rows else n_blocks
        tasks = [layout.blocks[i] for i in sorted(rng.sample(range(n_blocks), n_tasks))]

        def here(text: str) -> str:  # the sample's district and year made the report's
            return localize(text, spec, district.name, year, spec.traditional)

        def here_plan(text: str) -> str:
            return localize(text, PLAN_SPEC, district.name, year, False)

        plan_people = [
            (
                [here_plan(p) for p in rng.sample(self.leaders, rng.randint(1, 2))],
                [here(_plain(u)) for u in block.row.lead_units]
                or [here_plan(u) for u in rng.sample(self.units, rng.randint(1, 2))],
            )
            for block in tasks
        ]
        for period in schedule:
            kept = [i for i in range(len(tasks)) if rng.random() >= P_OMIT or not spec.drop_rows] or [0]
            worded = [(i, self.wording(tasks[i], period, spec)) for i in kept]
            report = _Report(district, year, period, len(kept))
            report.reworded = sum(content != tasks[i].row.content for i, content in worded)
            if period == "PLAN":
                report.layout, report.style = PLAN_SPEC.layout, PLAN_SPEC.layout
                report.traditional = spec.traditional  # the tasks are the follow-ups' (003: traditional)
                plan = [(here(_plain(content)), *plan_people[i]) for i, content in worded]
                if district.html:
                    report.rows = [
                        SourceRow(source_line=n, seq=str(n), content=c, lead_leaders=ls, lead_units=us)
                        for n, (c, ls, us) in enumerate(plan, start=1)
                    ]
                    report.facts = _page_facts(sample_facts(PLAN_SPEC), here_plan, district)
                else:
                    prefix = [here_plan(line) for line in self.plan.prefix]
                    report.text = plan_text(prefix, plan)
                    if report.traditional:
                        report.text = to_traditional(report.text)
            else:
                report.layout = report.style = spec.layout
                report.traditional = spec.traditional
                if district.html:
                    report.rows = [
                        _localized_row(tasks[i].row.model_copy(update={"content": content}), here)
                        for i, content in worded
                    ]
                    titled = functools.partial(_titled, spec=spec, period=period, fix=here)
                    report.facts = _page_facts(sample_facts(spec), titled, district)
                    report.page_style = _page_style(spec, period)
                else:
                    chosen = [(tasks[i], content) for i, content in worded]
                    report.text = here(follow_up_text(layout, chosen, period))
            yield from self.files(report)

    def wording(self, block: Block, period: str, spec: Spec) -> str:
        """The task's content as this report words it: the sample's, or slightly reworded (a plan
        states the sample's wording; its follow-ups restate it)."""
        original = block.row.content
        if period == "PLAN" or not block.rewordable or self.rng.random() >= P_REWORD:
            return original
        allowed = spec.rewordings
        kinds = self.rng.sample(allowed, min(len(allowed), self.rng.choice((1, 1, 1, 2))))
        for _ in range(5):
            content = original
            for kind in kinds:
                content = _reword(self.rng, content, kind)
            if not any(word in content and word not in original for word in spec.avoid):
                return content
        return original

    def files(self, report: _Report) -> Iterator[Generated]:
        """The report's file, and now and then a mirror copy of it."""
        district = report.district
        data, text, encoding = report.render(district.encoding)
        name = self.name(district, report.year, report.period, ".html" if report.page else ".txt")
        sidecar = _sidecar(district, report.year, text, infers=report.style == "yuhang_halfyear")
        first = report.generated(name, data, sidecar, encoding)
        yield first
        if self.rng.random() < P_MIRROR:
            if report.text is not None and report.layout in TRADITIONAL_LAYOUTS and not report.traditional:
                report.text, report.traditional = to_traditional(report.text), True
                data, _, encoding = report.render(district.encoding)
            else:
                data, _, encoding = report.render("utf-8" if district.encoding == "gbk" else "gbk")
            mirror = self.name(district, report.year, report.period, "_mirror" + Path(name).suffix)
            yield report.generated(mirror, data, sidecar, encoding, copy_of=name)


@dataclass
class _Report:
    """One report being generated: a text dump (``text``) or a saved page (``rows`` + ``facts``)."""

    district: District
    year: int
    period: str
    n_rows: int
    reworded: int = 0
    layout: str = ""  # the format module that reads it
    style: str = ""  # the sample layout it is printed like
    traditional: bool = False
    text: str | None = None
    rows: list[SourceRow] = field(default_factory=list)
    facts: ReportFacts | None = None
    page_style: Any = None

    @property
    def page(self) -> bool:
        return self.text is None

    def render(self, encoding: str) -> tuple[bytes, str, str]:
        """``(bytes, text for the sidecar's inferences, encoding written)``."""
        crlf = self.district.crlf
        if self.text is not None:
            data, written = _encode(self.text, encoding, crlf)
            return data, self.text, written
        pages = pages_module()
        assert pages is not None and self.facts is not None
        style = self.page_style or pages.style_for(self.style)
        data = pages.render_page(self.facts, self.rows, encoding=encoding, style=style)
        text = re.sub(r"<[^>]*>", " ", data.decode(encoding))
        return (data.replace(b"\n", b"\r\n") if crlf else data), text, encoding

    def generated(
        self, name: str, data: bytes, sidecar: bytes | None, encoding: str, copy_of: str | None = None
    ) -> Generated:
        return Generated(
            name=name,
            data=data,
            sidecar=sidecar,
            layout="generic" if self.page else self.layout,
            kind="html" if self.page else "text",
            district=self.district.name,
            year=self.year,
            period=self.period,
            script="traditional" if self.traditional else "simplified",
            encoding=encoding,
            rows=self.n_rows,
            reworded=self.reworded,
            copy_of=copy_of,
        )


@cache
def sample_facts(spec: Spec) -> ReportFacts:
    """What ``spec``'s format module reads about its sample (title, publisher, dates ...)."""
    path = SAMPLES / spec.sample
    doc = document_from_bytes(path.read_bytes(), path)
    return formats.by_name(spec.layout).facts(doc)


def _page_facts(facts: ReportFacts, fix: Callable[[str], str], district: District) -> ReportFacts:
    """A sample's facts for a page of another district, year and period."""
    update: dict[str, Any] = {"district": district.name, "inferred": {}}
    for key in ("title", "publisher", "published", "index_no"):
        value = getattr(facts, key)
        update[key] = None if value is None else fix(value)
    return facts.model_copy(update=update)


def _titled(text: str, spec: Spec, period: str, fix: Callable[[str], str]) -> str:
    return fix(retitle(text, spec, period))


def _page_style(spec: Spec, period: str) -> Any:
    """The page style of ``spec``'s site, its column headers naming ``period`` (003's does)."""
    pages = pages_module()
    assert pages is not None
    style = pages.style_for(spec.layout)
    if style.columns is None:
        return style
    columns = tuple((key, retitle(header, spec, period)) for key, header in style.columns)
    return dataclasses.replace(style, columns=columns)


def _localized_row(row: SourceRow, fix: Callable[[str], str]) -> SourceRow:
    update: dict[str, Any] = {}
    for key in ("content", "category", "progress", "problems", "next_steps"):
        value = getattr(row, key)
        if value:
            update[key] = fix(value)
    for key in ("lead_units", "lead_leaders", "supporting_units"):
        update[key] = [fix(value) for value in getattr(row, key)]
    return row.model_copy(update=update)


def documents(seed: int = 1) -> Iterator[Generated]:
    """The endless document stream of ``seed``: the same documents, in the same order, every time."""
    return iter(_Stream(seed))


def district_year(district: District, year: int, seed: int = 1) -> list[Generated]:
    """The files of one district and year, whatever its layout, encoding or pages (for tests)."""
    return list(_Stream(seed).district_year(district, year))


def write_files(directory: Path, files: Sequence[Generated]) -> None:
    """Write generated files (and their sidecars) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for item in files:
        (directory / item.name).write_bytes(item.data)
        if item.sidecar is not None:
            (directory / f"{item.name}.meta.toml").write_bytes(item.sidecar)


# --- writing a corpus ----------------------------------------------------------------------------


def generator_key(seed: int) -> str:
    """What the corpus of ``seed`` depends on: this code, the samples, and how they are cut."""
    digest = hashlib.sha256(f"seed={seed}\n".encode())
    for path in (HERE / "corpus.py", HERE / "synthetic.py", HERE / "pages.py"):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for spec in (*FOLLOW_UP_SPECS, PLAN_SPEC):
        layout = layout_of(spec)
        digest.update(repr((layout.prefix, layout.middle, layout.footer, layout.headings)).encode())
        digest.update(repr([(b.lines, b.row.content, b.group) for b in layout.blocks]).encode())
    digest.update(to_traditional("於卫国批复区县").encode())
    return digest.hexdigest()[:16]


def take(stream: Iterator[Generated], target_bytes: int = 0, min_files: int = 0) -> Iterator[Generated]:
    """Documents from ``stream`` until they reach ``target_bytes`` and ``min_files``.

    Only complete reports are taken: a mirror copy goes with its report.
    """
    total = 0
    for files, item in enumerate(stream):
        if item.copy_of is None and total >= target_bytes and files >= min_files:
            return
        total += len(item.data)
        yield item


def write_corpus(
    directory: Path,
    target_bytes: int = 0,
    min_files: int = 0,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Generated]:
    """Write the first documents of ``seed`` (at least ``target_bytes`` and ``min_files``) into
    ``directory``, with sidecars and a manifest (``.corpus.json``, hidden from ingest)."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Generated] = []
    started = time.perf_counter()
    size = 0
    for item in take(documents(seed), target_bytes, min_files):
        write_files(directory, [item])
        written.append(item)
        size += len(item.data)
        if progress is not None and len(written) % 200 == 0:
            progress(len(written), size)
    manifest = {
        "generator": generator_key(seed),
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 3),
        "bytes": size,
        "files": [item.meta() for item in written],
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=0) + "\n", "utf-8")
    return written


def read_manifest(directory: Path) -> dict[str, Any] | None:
    try:
        data: dict[str, Any] = json.loads((directory / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data


def check(directory: Path, expected: Sequence[dict[str, Any]]) -> list[str]:
    """Every file of the corpus through govtasks' per-file stage: the problems found (none is good).

    A file must be read (not rejected) with the layout, district, year, period and script it was
    generated with, and give its number of rows once rows printed twice are dropped.
    """
    from govtasks.clean.normalize import default_phrases
    from govtasks.models import ParsedFile
    from govtasks.run.per_file import process_file

    phrases = default_phrases()
    problems = []
    for meta in expected:
        result = process_file(directory / meta["name"], directory, phrases)
        if not isinstance(result, ParsedFile):
            problems.append(f"{meta['name']}: rejected: {result.reason}")
            continue
        unique = len({row.same_statement() for row in result.rows})
        got = {
            "layout": result.format,
            "district": result.facts.district,
            "year": result.facts.year,
            "period": result.facts.period,
            "script": result.script,
            "rows": unique,
        }
        wanted = {key: meta[key] for key in got}
        if got != wanted:
            diff = {k: (wanted[k], got[k]) for k in got if got[k] != wanted[k]}
            problems.append(f"{meta['name']}: generated vs read {diff}")
    return problems


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    parser.add_argument("--scale", type=float, default=1.0, help="size in multiples of the five samples")
    parser.add_argument("--files", type=int, default=0, help="at least this many files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="read every file back and compare")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = write_corpus(args.out, round(args.scale * sample_bytes()), args.files, args.seed)
    seconds = time.perf_counter() - started
    size = sum(len(item.data) for item in written)
    print(f"{len(written)} files, {size / 1e6:.1f} MB in {seconds:.1f} s ({size / 1e6 / seconds:.1f} MB/s)")
    if args.check:
        problems = check(args.out, [item.meta() for item in written])
        print("\n".join(problems) or "every file reads back as generated")
        if problems:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
