"""What every format module offers, and helpers several layouts share.

A format module is a plain module with:

``NAME``
    short identifier written to ``reports.format``;
``DESCRIPTION``
    one line for ``govtasks detect`` and the README;
``SOURCE_KINDS``
    the kinds of source it reads: ``("text",)`` for text dumps, ``("text", "page")`` for saved
    pages too (a module never looks at a page it does not read: the registry does not ask it);
``detect(doc) -> float``
    how sure the module is that ``doc`` is in its layout, 0..1, from the text only;
``parse(doc) -> Iterator[SourceRow]``
    every task row, in print order, in the source's own script;
``facts(doc) -> ReportFacts``
    what the document says about itself (district, year, period, title, ...), with
    ``inferred`` naming every fact not printed as such and where it came from;
``explain(doc) -> list[str]``
    the evidence ``detect`` weighed, one line each, found or not (:func:`evidence`), for
    ``govtasks detect --explain``.

A dedicated module's **signature** is what only its layout prints (its column header, as
printed): without it, ``detect`` returns at most :data:`WITHOUT_SIGNATURE`, so that a partial
match (numbered headings, unit lists, a CMS block) never comes near the generic reader's score
and a close call happens only between layouts that each see their own table.

Scores follow pygments' ``analyse_text``: 1.0 means "this is certainly mine", 0.0 "certainly
not". See :func:`govtasks.formats.choose` for the tie-break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, cast

from govtasks.clean.folding import fold_script
from govtasks.clean.normalize import strip_pinyin
from govtasks.formats.divisions import by_code, by_name, divisions, level_of, mentions
from govtasks.models import Period, ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document


class FormatModule(Protocol):
    NAME: str
    DESCRIPTION: str
    #: The highest score ``detect`` can return; the registry skips a format that cannot win.
    MAX_SCORE: float
    #: The kinds of source the layout is printed in ("text" dumps, saved "page"s): the registry
    #: asks a layout only about documents of these kinds.
    SOURCE_KINDS: tuple[SourceKind, ...]

    def detect(self, doc: Document) -> float: ...

    def parse(self, doc: Document) -> Iterator[SourceRow]: ...

    def facts(self, doc: Document) -> ReportFacts: ...

    def explain(self, doc: Document) -> list[str]: ...


#: The most a dedicated module's ``detect`` returns when its signature (its own column header)
#: is missing: below ``MIN_SCORE`` (0.5) and more than ``TIE_MARGIN`` (0.15) below the generic
#: reader's 0.6 (see :mod:`govtasks.formats`), so it can neither win nor make a close call.
WITHOUT_SIGNATURE = 0.3


def evidence(found: bool, weight: float, what: str) -> str:
    """One line of ``explain``: what ``detect`` looked for, and the weight it added.

    >>> evidence(True, 0.45, "column header at line 9")
    '+0.45 column header at line 9'
    >>> evidence(False, 0.45, "column header")
    ' 0    column header: not found (+0.45 when found)'
    """
    if found:
        return f"{weight:+.2f} {what}"
    return f" 0    {what}: not found ({weight:+.2f} when found)"


def at_line(number: int | None) -> str:
    """ " (line N)" for evidence found at line ``number``, nothing when it was not found.

    >>> at_line(12) + "|" + at_line(None)
    ' (line 12)|'
    """
    return "" if number is None else f" (line {number})"


def capped(score: float, signature: bool) -> float:
    """``score``, at most :data:`WITHOUT_SIGNATURE` when the module's signature is missing.

    >>> capped(0.55, False), capped(0.55, True)
    (0.3, 0.55)
    """
    return score if signature else min(score, WITHOUT_SIGNATURE)


def cap_line(signature: bool, what: str) -> list[str]:
    """The line ``explain`` adds when the signature ``what`` is missing (none when it is there).

    >>> cap_line(False, "the header")
    ['no signature (the header): the score is at most 0.30']
    """
    return [] if signature else [f"no signature ({what}): the score is at most {WITHOUT_SIGNATURE:.2f}"]


# --- report facts ---------------------------------------------------------------------------

#: Words in a title or column header that name the reporting period, most specific first.
#: 第一季度/一季度 first quarter ... 上半年/半年度 first half, 下半年 second half,
#: 全年/年度 whole year, 分解表/任务分解 the plan (task assignment list).
PERIOD_WORDS: tuple[tuple[str, Period], ...] = (
    ("第一季度", "Q1"),
    ("一季度", "Q1"),
    ("第二季度", "Q2"),
    ("二季度", "Q2"),
    ("第三季度", "Q3"),
    ("三季度", "Q3"),
    ("第四季度", "Q4"),
    ("四季度", "Q4"),
    ("上半年", "H1"),
    ("半年度", "H1"),
    ("下半年", "H2"),
    ("半年", "H1"),  # 半年完成情况: the half year's (after 下半年, which contains it)
    ("任务分解", "PLAN"),
    ("分解表", "PLAN"),
    ("分解方案", "PLAN"),
    ("责任分解", "PLAN"),  # assignment of responsibilities
    ("分工方案", "PLAN"),  # division of work
    ("责任分工", "PLAN"),  # division of responsibilities (重点工作责任分工)
    ("分工的意见", "PLAN"),  # opinion on the division of work (重点工作部门分工的意见)
    ("分工意见", "PLAN"),
    ("实施计划", "PLAN"),  # implementation plan
    ("目标任务分解", "PLAN"),
    ("全年", "FY"),
    ("年度", "FY"),
)

_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年?\s*(?:度)?\s*《?政府工作报告")
_ANY_YEAR = re.compile(r"(20\d{2})\s*年")
_ISO_DATE = re.compile(r"(20\d{2})-(\d{1,2})-(\d{1,2})")
_CN_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


#: Cumulative months from January ("1-11月", "1至9月份", "一至十一月"): the last month.
_MONTH_RANGE = re.compile(
    r"(?<![\d十])(?:1|一)\s*[-—–~～至到]\s*(1[0-2]|[1-9]|十[一二]?|[二三四五六七八九])\s*月"
)
_CN_MONTHS = {n: i for i, n in enumerate("一二三四五六七八九十", 1)} | {"十一": 11, "十二": 12}


def period_of_month(month: int) -> Period | None:
    """The period of a report on January to the end of ``month``: a quarter's end names the
    quarter's period (3: Q1, 6: H1, 9: Q3, 12: FY), any other month its own (M1 … M11).

    >>> period_of_month(9), period_of_month(6), period_of_month(11), period_of_month(12), period_of_month(13)
    ('Q3', 'H1', 'M11', 'FY', None)
    """
    quarters: dict[int, Period] = {3: "Q1", 6: "H1", 9: "Q3", 12: "FY"}
    if month in quarters:
        return quarters[month]
    return cast(Period, f"M{month}") if 1 <= month <= 11 else None


def month_range_period(text: str) -> Period | None:
    """The period of a January-to-month range in ``text`` ("1-11月" M11, "1至9月" Q3).

    >>> month_range_period("2020年1-11月份目标任务完成情况"), month_range_period("一至十二月")
    ('M11', 'FY')
    >>> month_range_period("11-12月"), month_range_period("2021年1月")
    (None, None)
    """
    match = _MONTH_RANGE.search(text)
    if match is None:
        return None
    month = match.group(1)
    return period_of_month(int(month) if month.isdigit() else _CN_MONTHS[month])


#: "2022年度" before anything but a completion word is the year's name, not the full-year period
#: (2022年度市县民生实事进度表); "2019年度完成情况" (the year's completion) is the full year.
_YEAR_OF = re.compile(r"20\d{2}\s*年度(?!\s*(?:完成|执行|工作完成|目标任务完成))")


#: One month of a year, not a day of it ("2024年4月", "2024年4月份"), and the words of a progress
#: report (进展/完成/落实/推进情况, 进度): a progress report as of that month's end.
_YEAR_MONTH = re.compile(r"20\d{2}\s*年\s*(1[0-2]|[1-9])\s*月(?!\s*\d|\s*日)")
PROGRESS_WORDS = ("进展情况", "完成情况", "落实情况", "推进情况", "进度")


#: A month right before the progress it reports ("10月进度表", "截至6月底完成情况", "9月份进展情况"),
#: not the end of a range ("1-10月") nor a plan for the month ("8月计划进度").
_MONTH_PROGRESS = re.compile(
    r"(?<![\d\-—－~])(?<!\d至)(?<![一二三四五六七八九十]至)(1[0-2]|[1-9])\s*月份?\s*[底末]?\s*(?:进展|完成情况|落实情况|推进情况|进度)"
)


def month_progress_period(text: str) -> Period | None:
    """The period of a progress report named by one month of a year ("2024年4月…进展情况": as
    of April's end, M4), when the text names a progress report; or by a month right before the
    progress it reports ("2024年区政府民生实事项目10月进度表", a header "截至6月底完成情况").

    >>> month_progress_period("2024年4月省政府民生实事项目进展情况汇总表")
    'M4'
    >>> month_progress_period("2024年4月15日"), month_progress_period("2024年4月重点工作分解")
    (None, None)
    >>> month_progress_period("2024年区政府民生实事项目10月进度表")
    'M10'
    >>> month_progress_period("截至6月底完成情况")
    'H1'
    >>> month_progress_period("8月计划进度"), month_progress_period("2024年4月15日完成情况")
    (None, None)
    """
    match = _YEAR_MONTH.search(text)
    if match is not None and any(word in text for word in PROGRESS_WORDS):
        return period_of_month(int(match.group(1)))
    before = _MONTH_PROGRESS.search(text)
    return period_of_month(int(before.group(1))) if before is not None else None


def period_from_text(text: str) -> Period | None:
    """The period a title or header names: a January-to-month range, else a period word.

    >>> period_from_text("2020年《政府工作报告》上半年度重点任务执行情况")
    'H1'
    >>> period_from_text("第三季度重点任务执行情况"), period_from_text("前三季度完成情况")
    ('Q3', 'Q3')
    >>> period_from_text("工作任务分解表"), period_from_text("2024年重点工作实施计划")
    ('PLAN', 'PLAN')
    >>> period_from_text("宣城市2020年1-11月份《政府工作报告》部分目标任务完成情况")
    'M11'
    >>> period_from_text("2022年度市县民生实事未完成项目进度表"), period_from_text("2019年度完成情况")
    (None, 'FY')
    >>> period_from_text("2024年4月省政府民生实事项目进展情况汇总表")
    'M4'
    >>> period_from_text("2021年市政府工作报告部署工作责任分工"), period_from_text("责任分工落实情况")
    ('PLAN', None)
    """
    by_months = month_range_period(text) or month_progress_period(text)
    if by_months is not None:
        return by_months
    text = _YEAR_OF.sub("", text)
    for word, period in PERIOD_WORDS:
        if word in text:
            if period == "PLAN" and any(word in text for word in PROGRESS_WORDS):
                return None  # 任务分解落实情况: progress on the plan, in a period not named
            return period
    return None


def year_from_title(title: str) -> int | None:
    """The Government Work Report year a title names.

    >>> year_from_title("杭州市萧山区人民政府2020年《政府工作报告》上半年度重点任务执行情况")
    2020
    >>> year_from_title("2020第二季度政府工作报告重点任务目标执行情况")
    2020
    """
    match = _YEAR_IN_TITLE.search(title) or _ANY_YEAR.search(title)
    if match is None:
        match = re.search(r"(20\d{2})", title)
    return int(match.group(1)) if match else None


#: The month a period of the year ends in, for the periods whose reports are published within the
#: year (a full year's or a fourth quarter's report comes out in the next January, a plan maybe
#: the December before).
_PERIOD_END_MONTH: dict[str, int] = {str(period_of_month(m)): m for m in range(1, 12)} | {"Q2": 6}


def year_of_a_report_dated(period: str, date: str) -> int | None:
    """The year of a report on ``period`` dated ``date`` (YYYY-MM-DD): the date's year, for a
    period that ends before the year does and a date after its end; else ``None``.

    >>> year_of_a_report_dated("Q3", "2021-11-30"), year_of_a_report_dated("Q3", "2022-02-01")
    (2021, None)
    >>> year_of_a_report_dated("FY", "2022-01-20"), year_of_a_report_dated("M10", "2024-11-28")
    (None, 2024)
    """
    end = _PERIOD_END_MONTH.get(period)
    year, month = int(date[:4]), int(date[5:7])
    return year if end is not None and month >= end else None


def iso_date(text: str) -> str | None:
    """The first date in ``text``, as YYYY-MM-DD; None for none, or for a date no calendar has
    (a typo on the page: ``published`` is a date column, which cannot hold it).

    >>> iso_date("发布日期:2020-08-13 15:53")
    '2020-08-13'
    >>> iso_date("2018年3月18日")
    '2018-03-18'
    >>> iso_date("发布日期:2020-02-30"), iso_date("2020年13月1日")
    (None, None)
    """
    match = _ISO_DATE.search(text) or _CN_DATE.search(text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def most_mentioned_year(text: str) -> tuple[int, int] | None:
    """The year written most often as "20xx年" in the text, with its count (ties: the later year).
    A year after every full date the page prints is a target ("到2026年", a plan's horizon), not
    the report's: a page is dated when it is published, after its report's year began.

    >>> most_mentioned_year("2021年度 2022年 2022年")
    (2022, 2)
    >>> most_mentioned_year("公开日期 2022-04-22 到2026年 2026年 2022年")
    (2022, 1)
    """
    # the latest full date printed ("2022-04-22", "2022年4月22日": a publication's, a signature's)
    latest = max(
        (int(m.group(1)) for date in (_ISO_DATE, _CN_DATE) for m in date.finditer(text)), default=None
    )
    counts = Counter(int(y) for y in _ANY_YEAR.findall(text) if latest is None or int(y) <= latest)
    if not counts:
        return None
    year, count = max(counts.items(), key=lambda item: (item[1], item[0]))
    return year, count


_INDEX_NO = re.compile(r"索\s*引\s*号\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9/\-_.]*)")
_PUBLISHER = re.compile(r"发布机构\s*[:：]?\s*(\S+)")
_PUBLISHED = re.compile(r"发布日期\s*[:：]?\s*(20\d{2}-\d{1,2}-\d{1,2})")


#: Words of a heading line above the table (a report's or a table's title, a letter's subject):
#: 政府工作报告 the Government Work Report, 情况 progress, 任务 tasks, 分解 assignment,
#: 方案 plan, 通知 notice, 清单 list, 计划 plan, 通报 bulletin (六安市1至9月份民生工程实施进度通报).
_HEADING_WORDS = ("政府工作报告", "情况", "任务", "分解", "方案", "通知", "清单", "计划", "通报")

#: Words that end a signing office's line (蔡甸区人民政府办公室): 人民政府 government,
#: 办公室 office, 政府办 government office.
_OFFICE_ENDINGS = ("人民政府", "办公室", "政府办")

#: How the name of an office of its own ends (六安市民生办: the city's livelihood projects office):
#: a signing line only when it starts with its government's full name (区府办 names none).
_OWN_OFFICE_ENDING = "办"

#: A signature printed after the last sentence of a paragraph, on its line ("…和市本级。 六安市民生办").
_SIGNATURE_AFTER_SENTENCE = re.compile(r"[。！]\s+([^。，,；;！？\s]{2,30})\s*$")

#: Marks of a sentence, which a heading does not print (。 ， ; …): a line with one is running text.
_SENTENCE_MARKS = re.compile(r"[。，,；;！？]")

#: A heading or signing line is short; a longer line is running text.
_MAX_HEADING = 60

#: Organ words of a city government (市政府 city government, 市人民政府, 市府办 its office).
_CITY_ORGANS = ("市政府", "市人民政府", "市府办")

#: An 索引号 whose prefix is a division code zero-padded to nine digits (000330185, 临安's
#: pages). Not a unified social credit code's digits 3-8: a city office's may hold another
#: city's code (宣城市人民政府办公室: 11341700…, 池州's).
#: An 索引号 that opens with a division code: "000330185/2022-86781", or an organ's unified
#: social credit code, "11" (a government organ) then the code of the division it is registered
#: in ("11330683002584812B/2022-90092": 330683, 嵊州市).
_CODE_INDEX = re.compile(r"^(?:0{3}(\d{6})|11(\d{6})[0-9A-Z]{10})(?:/|-|$)")

#: A span of years ("(2019-2021年)", a plan's term), which names no report's year.
_YEAR_RANGE = re.compile(r"20\d{2}\s*[-—–~～至到]\s*20\d{2}\s*年")

#: Body mentions needed when no organ's name is among them: one is a passing mention.
_MIN_BODY_MENTIONS = 2

#: A text naming this many counties (a ranking of 金寨县, 霍邱县 … 舒城县) is a report above
#: them: the most named is not its district unless named as an organ (拱墅分局).
_MANY_COUNTIES = 3


def heading_lines(lines: Sequence[str]) -> list[str]:
    """The short heading lines above the task table (titles, a letter's subject) and the
    signing office's line anywhere (a line that is only an office's name).

    >>> heading_lines(["发布机构 区府办", "2019年省民生实事项目涉及西湖区指标落实情况表", "序号",
    ...                "完成杭州亚运会拱墅区任务书", "蔡甸区人民政府办公室"])
    ['2019年省民生实事项目涉及西湖区指标落实情况表', '蔡甸区人民政府办公室']
    >>> heading_lines(["一、进展情况", "6、棚户区改造,进度较慢的为开发区。 六安市民生办"])
    ['一、进展情况', '六安市民生办']
    """
    return headings_in("\n".join(lines))


def headings_in(text: str) -> list[str]:
    """:func:`heading_lines` of a text whose lines are joined by "\\n" (a document's own text,
    searched as it is rather than split into lines and joined again).

    A letter's list of several attachments ("附件:1.…" then "2.…") names other documents, maybe
    of other governments (the province's, the city's, the county's own list): its entries are no
    headings of this one. A single attachment's title is.

    >>> headings_in("附件:1.2022年度省民生实事完成情况\\n2.2022年度温州市民生实事完成情况\\n序号")
    []
    >>> headings_in("附件:2022年拱墅区重点任务分解表\\n序号")
    ['附件:2022年拱墅区重点任务分解表']
    """
    table_at = table_start(text)
    listed = [m.span() for m in _ATTACHMENT_LIST.finditer(text) if m.group(1)] if "附" in text else []
    found: list[str] = []
    for start, end in _candidate_lines(text, table_at):  # most lines are no candidate: found by search
        if any(a <= start < b for a, b in listed):
            continue
        in_table = start >= table_at  # in the table only an office's line counts
        line = text[start:end].strip()
        signed = _SIGNATURE_AFTER_SENTENCE.search(line)
        if signed and _signs(signed.group(1)):
            line = signed.group(1)
        if not line or len(line) > _MAX_HEADING or _SENTENCE_MARKS.search(line):
            continue
        if _signs(line) or (not in_table and any(w in line for w in _HEADING_WORDS)):
            found.append(line)
    return found


#: A letter's attachment list: "附件:1.…" and the numbered entries on the lines after it (group 1:
#: those, when there are any).
_ATTACHMENT_LIST = re.compile(
    r"^[ \t\u3000]*附[ \t\u3000]*件[ \t\u3000]*[:：][ \t\u3000]*\d{1,2}[.、．][^\n]*"
    r"((?:\n[ \t\u3000]*\d{1,2}[.、．][^\n]*)*)",
    re.MULTILINE,
)
#: A 序号 header cell's word, maybe letter-spaced.
_SEQ_WORD = re.compile(r"序[ \t\u3000]*号")
_INDENT = " \t\u3000"


def table_start(text: str) -> int:
    """Where the line starts on which the task table starts: a line opening with 序号 (a header
    cell), or one holding two "|" (a pipe row); the text's length when there is none. Found by
    searching the words, not by trying a pattern at every line's start.

    >>> table_start("标题\\n序 号\\n1"), table_start("标题\\na | b |"), table_start("按序号排列")
    (3, 3, 5)
    """
    at = len(text)
    for match in _SEQ_WORD.finditer(text):
        line = text.rfind("\n", 0, match.start()) + 1
        if not text[line : match.start()].strip(_INDENT):
            at = line
            break
    pipe = text.find("|")
    while pipe != -1 and pipe < at:
        line = text.rfind("\n", 0, pipe) + 1
        end = text.find("\n", pipe)
        end = len(text) if end == -1 else end
        if text.count("|", line, end) >= 2:
            return line
        pipe = text.find("|", end)
    return at


#: What makes a line a candidate heading or office line: a heading word in it, or an office's
#: word at its end.
_HEADING_WORD = re.compile("|".join(_HEADING_WORDS))
_OFFICE_END = re.compile(
    rf"(?:{'|'.join((*_OFFICE_ENDINGS, _OWN_OFFICE_ENDING))})[ \t\u3000]*$", re.MULTILINE
)


def _candidate_lines(text: str, words_until: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every line holding a heading word (before ``words_until``: in a task
    table only an office's line counts) or ending as an office's name, in order: a search for
    the words, each hit widened to its line (a pattern anchored at every line's start tries each
    word at each character).

    >>> text = chr(10).join(["序号", "一、进展情况", "区府办", "任务"])
    >>> [text[s:e] for s, e in _candidate_lines(text)]
    ['一、进展情况', '区府办', '任务']
    """
    words_until = len(text) if words_until is None else words_until
    spans: set[tuple[int, int]] = set()
    for pattern, until in ((_HEADING_WORD, words_until), (_OFFICE_END, len(text))):
        for hit in pattern.finditer(text, 0, until):
            start = text.rfind("\n", 0, hit.start()) + 1
            end = text.find("\n", hit.start())
            spans.add((start, len(text) if end < 0 else end))
    return sorted(spans)


def _signs(text: str) -> bool:
    """Whether ``text`` is an office's name, as a letter or bulletin is signed.

    >>> _signs("蔡甸区人民政府办公室"), _signs("六安市民生办"), _signs("区府办"), _signs("民生办")
    (True, True, False, False)
    """
    if text.endswith(_OFFICE_ENDINGS):
        return True
    if not text.endswith(_OWN_OFFICE_ENDING):
        return False
    named = mentions(text)
    return bool(named) and named[0].start == 0


def heading_period(lines: Iterable[str]) -> tuple[Period, str] | None:
    """The period the first heading above the task table names (a letter's subject, the
    table's own title), with where it was found: for a report whose title is not found or
    names none.

    >>> heading_period(["关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知",
    ...                 "序号", "2022年第三季度"])
    ('PLAN', 'from the heading 关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知')
    >>> heading_period(["序号", "一季度完成情况"]) is None
    True
    """
    for line in heading_lines(list(lines)):
        period = period_from_text(line)
        if period is not None:
            return period, f"from the heading {line}"
    return None


@dataclass(frozen=True)
class Found:
    """A division found in one place: the county-level name, or else the city or province."""

    name: str
    where: str  # "title", "publisher", "heading '…'", …
    context: tuple[str, ...]  # every division named in that place (to tell 鼓楼区 from 鼓楼区)


def _named_in(text: str, where: str) -> Found | None:
    """The county named in ``text``, else the city, else the province.

    >>> _named_in("杭州市萧山区人民政府2020年", "title").name
    '萧山区'
    >>> _named_in("宁波市政府办公厅", "publisher").name, _named_in("钱塘江两岸", "title")
    ('宁波市', None)
    """
    found = mentions(text)
    names = tuple(m.name for m in found)
    for level in ("county", "city", "province"):
        at_level = [m for m in found if level_of(m.name) == level]
        if at_level:
            return Found(at_level[0].name, where, names)
    return None


def _ambiguity(name: str, context: Sequence[str]) -> str | None:
    """Why ``name`` may be one of several divisions, or ``None`` when only one fits.

    >>> _ambiguity("西湖区", ["杭州市", "西湖区"]) is None
    True
    >>> print(_ambiguity("西湖区", ["西湖区"]))  # doctest: +NORMALIZE_WHITESPACE
    西湖区 is the name of 2 county-level divisions (南昌市, 杭州市); no city or province printed
    beside it tells which
    """
    candidates = by_name().get(name, ())
    if len(candidates) <= 1:
        return None
    named = set(context)
    fitting = [d for d in candidates if d.city in named or d.province in named]
    if len(fitting) == 1:
        return None
    cities = ", ".join(sorted(str(d.city) for d in candidates))
    return (
        f"{name} is the name of {len(candidates)} county-level divisions ({cities}); "
        "no city or province printed beside it tells which"
    )


#: How a county-level office's name starts (区府办, 县政府办公室): such a publisher's report is
#: its county's, whatever city report it follows (2021《市政府工作报告》半年完成情况).
_COUNTY_OFFICE = re.compile(r"^[区县](?:人民)?(?:政府|府办|委)")


#: A letter's addressee line naming the counties' governments first (各县(市、区)人民政府,
#: 各区、县(市)人民政府, 各区县人民政府): a prefecture city's government writes to them.
_TO_COUNTIES = re.compile(r"^\s*各(?:[区县市、()（）]*县[区县市、()（）]*)人民政府", re.MULTILINE)


def _addressed_to_counties(text: str) -> bool:
    """Whether the text is a letter to the counties' governments (a city government's letter).

    >>> _addressed_to_counties("许政 [2020] 20号\\n各县(市、区)人民政府,市人民政府各部门:")
    True
    >>> _addressed_to_counties("各镇人民政府,县政府各部门,嘉鱼经济开发区:")
    False
    """
    return _TO_COUNTIES.search(text) is not None


def _city_level(title: str | None, publisher: str | None) -> bool:
    """Whether a report naming no place is a city government's own: its publisher is a city
    organ (市政府办公厅), or its title names the city government's report and no county office
    published it.

    >>> _city_level("2021年市政府工作报告重点工作责任分解", None)
    True
    >>> _city_level("市政府工作报告完成情况", "区政府督查室")
    False
    >>> _city_level("重点任务完成情况", "市府办"), _city_level("重点任务完成情况", "区府办")
    (True, False)
    """
    if publisher and publisher.startswith(_CITY_ORGANS):
        return True
    county_office = bool(publisher and _COUNTY_OFFICE.match(publisher))
    return not county_office and any(word in (title or "") for word in _CITY_ORGANS)


def _from_index_no(index_no: str | None, publisher: str | None, year: int | None) -> tuple[str, str] | None:
    """The county whose division code an 索引号 starts with, when the publisher is an office of
    that level and names no other place: (name, how).

    >>> name, how = _from_index_no("000330185/2022-86781", "区府办", 2022)
    >>> name, how.split(": ")[1]
    ('临安区', '330185 is the code of 临安市 (临安区 after 2017), published by 区府办')
    >>> _from_index_no("000330185/2022-86781", None, 2022)
    >>> _from_index_no("K1493206-6/2020-12163", "区府办", 2020)
    >>> _from_index_no("11330683002584812B/2022-90092", "市政府办公室", 2022)[0]
    '嵊州市'
    """
    match = _CODE_INDEX.match(index_no or "")
    division = by_code().get(match.group(1) or match.group(2)) if match else None
    if division is None or division.level == "province" or not publisher:
        return None
    name, note = division.name, ""
    if division.successor and division.until is not None and (year is None or year > division.until):
        name, note = division.successor, f" ({division.successor} after {division.until})"
    named = mentions(publisher)
    if named and all(m.name not in (division.name, name) for m in named):
        return None  # the publisher is another government's office
    if not named and not publisher.startswith(name[-1]):
        return None  # a 区 office does not publish under a 县's code
    how = f"索引号 {index_no}: {division.code} is the code of {division.name}{note}, published by {publisher}"
    return name, how


@dataclass(frozen=True)
class BodyGuess:
    """The county the text names as a government, or why none is taken."""

    name: str | None
    count: int  # mentions of its short name in the text (what the notes have always said)
    reason: str | None  # why nothing is taken, when ``name`` is None


def district_from_text(text: str) -> BodyGuess:
    """The county the running text names as a government: by an organ's name (生态环境拱墅分局,
    余杭区政府) or its full name at least twice, far more often than any other county. One
    passing mention is not enough, nor a river (钱塘江), a scenic area, or a company's name.

    >>> district_from_text("生态环境拱墅分局、区治水办")
    BodyGuess(name='拱墅区', count=1, reason=None)
    >>> district_from_text("新建成临安区职教中心").reason
    'only a passing mention of 临安区 (1×)'
    >>> district_from_text("钱塘江两岸 西湖景区 杭州亚运会").reason
    'no county named as a government in the text'
    >>> district_from_text("第一名金寨县;第二名霍邱县;第八名舒城县。较慢的为舒城县、舒城县").reason
    '3 counties named (舒城县, 金寨县, 霍邱县 …): a report above them?'
    """
    counts: Counter[str] = Counter()
    organs: Counter[str] = Counter()
    for mention in mentions(text):
        if level_of(mention.name) == "county":
            counts[mention.name] += 1
            organs[mention.name] += mention.organ
    if not counts:
        return BodyGuess(None, 0, "no county named as a government in the text")
    ranked = counts.most_common()
    name, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if not organs[name] and count < _MIN_BODY_MENTIONS:
        return BodyGuess(None, 0, f"only a passing mention of {name} ({count}×)")
    if not organs[name] and len(counts) >= _MANY_COUNTIES:
        named = ", ".join(n for n, _ in ranked[:_MANY_COUNTIES])
        return BodyGuess(None, 0, f"{len(counts)} counties named ({named} …): a report above them?")
    if count < 2 * runner_up:
        return BodyGuess(None, 0, f"several counties named: {name} ({count}×), {ranked[1][0]} ({runner_up}×)")
    short = next((d.short for d in by_name()[name] if d.short), name)
    return BodyGuess(name, text.count(short), None)


def _county_organs_of(text: str, city: str) -> str | None:
    """The one county of ``city`` that the text names as an organ (生态环境局余姚分局): a report
    naming the city may be that county's, on the city's list. Several of its counties named as
    governments (黄埔区、南沙区政府 as units) are the city's report handing them work.

    >>> _county_organs_of("市发改局、生态环境局余姚分局", "宁波市")
    '余姚市'
    >>> _county_organs_of("生态环境局余姚分局", "杭州市") is None
    True
    >>> _county_organs_of("市科技局 | 黄埔区、南沙区政府 | 荔湾区、黄埔区政府", "广州市") is None
    True
    """
    organs = {
        mention.name
        for mention in mentions(text)
        if mention.organ and any(d.city == city for d in by_name()[mention.name] if d.level == "county")
    }
    return organs.pop() if len(organs) == 1 else None


def _city_from_text(text: str) -> tuple[str, int] | str:
    """The one city the text names in full at least twice (a city report's own name), with the
    count of its short name; else why not.

    >>> _city_from_text("重点工作任务(杭州市2项配合工作) 杭州城西 杭州市")
    ('杭州市', 3)
    >>> _city_from_text("许昌市人民政府文件")  # named once, as the government
    ('许昌市', 1)
    >>> _city_from_text("杭州亚运会")
    'only a passing mention of 杭州 (1×)'
    >>> _city_from_text("嘉兴市 嘉兴市 平湖市")
    'a county-level city named too: 平湖市'
    """
    found = mentions(text)
    county_cities = sorted({m.name for m in found if m.name.endswith("市") and level_of(m.name) == "county"})
    if county_cities:  # 市府办 may be a county-level city's office (平湖市): its city is not known
        return "a county-level city named too: " + ", ".join(county_cities)
    counts = Counter(m.name for m in found if level_of(m.name) == "city")
    organs = {m.name for m in found if m.organ}  # 许昌市人民政府: once is enough
    ranked = counts.most_common(1)
    if len(counts) == 1 and (ranked[0][1] >= _MIN_BODY_MENTIONS or ranked[0][0] in organs):
        city = ranked[0][0]
        short = next((d.short for d in by_name()[city] if d.short), city)
        return city, text.count(short)
    if counts:
        return "cities named: " + ", ".join(f"{n} ({c}×)" for n, c in counts.most_common())
    passing = [
        (text.count(d.short), d.short)
        for d in divisions()
        if d.level == "city" and d.short and d.short in text
    ]
    if passing:
        count, short = max(passing)
        return f"only a passing mention of {short} ({count}×)"
    return "no city named"


#: How a province government's own heading starts (省政府印发…通知: the province government
#: issues …); not 省政府民生实事 (the province's list of projects, which counties report on) nor
#: 省政府工作报告 (its report, which counties take tasks from).
_PROVINCE_ISSUES = re.compile(r"^省(?:人民)?政府(?!民生|工作报告)")
_PROVINCE_GOVERNMENT = re.compile(r"省(?:人民)?政府")


def _province_level(text: str) -> bool:
    """Whether a heading line of the text (short, no sentence) has the province government as
    its subject (省政府印发…通知), wherever it is printed (a site's menu above it may look like
    a table's first row).

    >>> _province_level("加入收藏 | 繁體中文\\n省政府印发2020年政府工作报告重点工作责任分解通知")
    True
    >>> _province_level("2024年4月省政府民生实事项目进展情况汇总表"), _province_level("省政府民生实事")
    (False, False)
    >>> _province_level("省政府研究确定了100项重点工作任务,由分管领导牵头负责")
    False
    """
    for hit in _PROVINCE_GOVERNMENT.finditer(text):  # the lines naming it, not every line
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.start())
        line = text[start : len(text) if end < 0 else end].strip()
        if _PROVINCE_ISSUES.match(line) and len(line) <= _MAX_HEADING and not _SENTENCE_MARKS.search(line):
            return True
    return False


def _province_from_text(text: str) -> str | None:
    """The one province the text names, when every city and county it names is in it too.

    >>> _province_from_text("实施《浙江省民营企业发展促进条例》;支持杭州市政府")
    '浙江省'
    >>> _province_from_text("实施《浙江省民营企业发展促进条例》;支持合肥市") is None
    True
    """
    found = mentions(text)
    provinces = {m.name for m in found if level_of(m.name) == "province"}
    if len(provinces) != 1:
        return None
    (province,) = provinces
    inside = all(any(d.province == province for d in by_name()[m.name]) for m in found)
    return province if inside else None


#: A heading naming its government by level only: 县人民政府办公室关于…, (对)县《政府工作报告》….
_UNNAMED_OFFICE = re.compile(r"^对?([区县])(?:(?:人民)?政府|《政府工作报告》)")

#: Mentions of a county's short name that make its own unnamed office's letter its own.
_MIN_SHORT_MENTIONS = 3


def _own_county_by_short_name(headings: Sequence[str], text: str) -> tuple[str, str] | None:
    """The county whose unnamed office's letter this is (县人民政府办公室关于…), when the
    letter's headings name one county of that level by its short name (…涉及嘉鱼的重点事项)
    and the text names it so three times at least: (name, how).

    >>> letter = "县人民政府办公室关于\\n市《政府工作报告》涉及嘉鱼的\\n嘉鱼经济开发区、嘉鱼经济开发区"
    >>> _own_county_by_short_name(["市《政府工作报告》涉及嘉鱼的"], letter)[0]
    '嘉鱼县'
    >>> _own_county_by_short_name(["市《政府工作报告》涉及嘉鱼的"], letter.replace("县", "区")) is None
    True
    """
    short_lines = [line.strip() for line in text.split("\n") if len(line.strip()) <= _MAX_HEADING]
    levels = {m.group(1) for line in short_lines if (m := _UNNAMED_OFFICE.match(line))}
    if len(levels) != 1:
        return None
    (level,) = levels
    named = {
        d.name: d.short
        for d in divisions()
        if d.level == "county" and d.short and d.name.endswith(level) and any(d.short in h for h in headings)
    }
    if len(named) != 1:
        return None
    ((name, short),) = named.items()
    count = text.count(short)
    if count < _MIN_SHORT_MENTIONS:
        return None
    return name, f"a {level} office's letter naming {short} in its headings ({count} mentions of {short})"


#: How an office of an unnamed county-level government starts (区政府办, 区发改局, 县府办): its
#: level, 区 or 县 (a 市 may be a prefecture's or a county-level city's: it tells no level).
_UNNAMED_COUNTY_PUBLISHER = re.compile(r"^([区县])(?!域)")


def _one_county_of_its_level(text: str, publisher: str | None) -> tuple[str, str] | None:
    """The county whose own office published the report without naming it (区政府办, 区发改局),
    when the text names no county-level division but that one, of that level, and no city or
    province it is not in: (name, how). A 区 office's report naming only a 县 is refused.

    >>> _one_county_of_its_level("设立武昌区投资促进中心;武昌区地区生产总值", "区政府办")[0]
    '武昌区'
    >>> _one_county_of_its_level("与江岸区共建", "区政府办") is None  # one passing mention
    True
    >>> _one_county_of_its_level("完成“县中崛起”平阳县结对帮扶", "区政府办(外事办)") is None
    True
    >>> _one_county_of_its_level("武昌区、江岸区", "区政府办") is None
    True
    """
    level = _UNNAMED_COUNTY_PUBLISHER.match(publisher or "")
    if level is None:
        return None
    found = mentions(text)
    counties = {m.name for m in found if level_of(m.name) == "county"}
    if len(counties) != 1:
        return None
    (name,) = counties
    if not name.endswith(level.group(1)) or _ambiguity(name, [m.name for m in found]) is not None:
        return None
    above = {m.name for m in found} - counties
    if not all(any(d.city == n or d.province == n for d in by_name()[name]) for n in above):
        return None
    count = sum(m.name == name for m in found)
    if count < _MIN_BODY_MENTIONS and not any(m.organ for m in found if m.name == name):
        return None  # one passing mention ("与江岸区共建") is no evidence, even here
    return name, (
        f"not named in the title, publisher or headings; the publisher {publisher} is a "
        f"{level.group(1)}'s office and the text names one {level.group(1)}: {name} ({count}×)"
    )


#: Counties' governments named all together (各县区政府, 各区(县、市)政府, 各县(市、区)人民政府)
#: as a unit or addressee: the city above them hands them work.
_ALL_COUNTIES = re.compile(r"各[区县][区县市、()（）]*(?:人民)?政府")


def _city_over_its_counties(text: str) -> tuple[str, str] | None:
    """The city whose report names many of its counties (a county's name in each row) and hands
    work to all its counties' governments (各县区政府), when the text names that city in full
    and no county outside it: (name, how).

    >>> _city_over_its_counties("安顺市委 (责任单位:市教育局,各县区政府) 西秀区2所、平坝区1所、普定县1所")
    ('安顺市', "a city's report: 3 counties of 安顺市 named, and 各县区政府 given work")
    >>> _city_over_its_counties("西秀区2所、平坝区1所、普定县1所 (责任单位:市教育局,各县区政府)") is None
    True
    """
    found = mentions(text)
    counties = {m.name for m in found if level_of(m.name) == "county"}
    cities = {m.name for m in found if level_of(m.name) == "city"}
    if len(counties) < _MANY_COUNTIES or len(cities) != 1:
        return None
    (city,) = cities
    if not all(any(d.city == city for d in by_name()[name] if d.level == "county") for name in counties):
        return None
    assigned = _ALL_COUNTIES.search(text)
    if assigned is None:
        return None
    return (
        city,
        f"a city's report: {len(counties)} counties of {city} named, and {assigned.group()} given work",
    )


#: Words after which a letter names its subject: 关于 (on …), 印发 (issues …).
_ISSUING_WORDS = ("关于", "印发")
#: What a letter's issuer is: a government or its general office (浙江省人民政府办公厅).
_ISSUER_ORGAN = re.compile(r"(?:人民政府|政府)(?:办公厅|办公室)?")
#: What starts a clause before an issuer's name (an issuer after 《 or “ is a cited letter's).
_CLAUSE_START = re.compile(r"[。，,；;：:！？!?\s《“]")
_MAX_ISSUER = 24
#: What ends a letter's subject.
_SUBJECT_END = re.compile(r"[。，,；;！？!?\n]")
_MAX_SUBJECT = 80


def _issuer_of_the_report(text: str) -> tuple[str, str] | None:
    """The government that issues the report, as a clause names it: a government or its office
    starting the clause, then 关于/印发 and a subject naming the Government Work Report
    (浙江省人民政府办公厅印发2024年政府工作报告重点工作责任分解的通知), when every division the
    text names is in it: (name, how). Not a letter cited in 《》.

    >>> _issuer_of_the_report("近日,浙江省人民政府办公厅印发2024年政府工作报告重点工作责任分解的通知,公布")[0]
    '浙江省'
    >>> _issuer_of_the_report("根据《浙江省人民政府办公厅关于印发2024年政府工作报告…的通知》") is None
    True
    >>> _issuer_of_the_report("浙江省人民政府关于印发政府工作报告的通知;杭州市、合肥市") is None
    True
    >>> _issuer_of_the_report("河南省人民政府 关于明确政府工作报告提出的2023年 重点工作责任单位的通知")[0]
    '河南省'
    """
    for word in _ISSUING_WORDS:
        at = text.find(word)
        while at >= 0:
            found = _issuer_at(text, at, len(word))
            if found is not None:
                return found
            at = text.find(word, at + len(word))
    return None


def _issuer_at(text: str, at: int, length: int) -> tuple[str, str] | None:
    """:func:`_issuer_of_the_report` for the issuing word at ``at``."""
    lowest = max(0, at - _MAX_ISSUER)
    before = text[lowest:at].rstrip().removesuffix("关于").rstrip()  # 河南省人民政府 关于, 关于印发
    starts = list(_CLAUSE_START.finditer(before))
    if starts:
        if starts[-1].group() in "《“":
            return None
        issuer = before[starts[-1].end() :]
    elif lowest == 0:
        issuer = before
    else:
        return None
    named = mentions(issuer)
    if not named or named[0].start != 0:
        return None
    name = named[0].name
    if _ISSUER_ORGAN.fullmatch(issuer[len(name) :].strip()) is None:
        return None
    end = _SUBJECT_END.search(text, at + length, at + length + _MAX_SUBJECT)
    subject = text[at + length : end.start() if end else at + length + _MAX_SUBJECT]
    if (notice := subject.find("通知")) >= 0:
        subject = subject[: notice + 2]
    if "政府工作报告" not in re.sub(r"[\s《》〈〉<>]", "", subject):
        return None
    inside = {name} | {d.city for d in by_name()[name] if d.city} | {d.province for d in by_name()[name]}
    others = {m.name for m in mentions(text)}
    if not all(n in inside or any(name in (d.city, d.province) for d in by_name()[n]) for n in others):
        return None
    return name, f"issued by {issuer}: {issuer}{text[at : at + length]}{subject.strip()}"


def district_and_year(
    doc: Document,
    title: str | None,
    publisher: str | None = None,
    index_no: str | None = None,
    lines: Sequence[str] | None = None,
) -> tuple[str | None, int | None, dict[str, str]]:
    """District (:func:`district_of`) and year: the year from the title, else the one the text
    names most (not counting spans of years). ``lines`` are the document's (a page's text) when
    not ``doc.lines``; ``title`` and ``publisher`` are folded to simplified script by the caller.

    Returns ``(district, year, inferred)``: ``inferred`` says how each fact not printed in the
    title was found, or, for a fact not found, what was (the refusal's reason).
    """
    inferred: dict[str, str] = {}
    year = year_from_title(title) if title else None
    # A document's text is its lines joined; the inline pinyin of mirror sites (岳陽(yáng)樓區(qū))
    # is dropped, which would split the names.
    folded = strip_pinyin(doc.folded_text)
    if lines is not None:
        headings = heading_lines([strip_pinyin(fold_script(line)) for line in lines])
    else:
        headings = headings_in(folded)
    district, how = district_of(folded, headings, title, publisher, index_no, year)
    if how is not None:
        inferred["district"] = how
    if year is None:
        guess_year = most_mentioned_year(_YEAR_RANGE.sub("", doc.text))
        if guess_year is not None:
            year = guess_year[0]
            inferred["year"] = f"not in the title; most-mentioned year ({guess_year[1]}× {year}年)"
    return district, year, inferred


def district_of(
    text: str,
    headings: Sequence[str],
    title: str | None,
    publisher: str | None,
    index_no: str | None,
    year: int | None,
) -> tuple[str | None, str | None]:
    """The county-level division named in the title, else by the publisher, else in a heading
    or the signing office's line, else by the 索引号's division code, else as a government in
    the text (organs' names, never one passing mention); a city's own report (no county named)
    gives the city. Returns the district (or ``None``) and how it was found (or why not;
    ``None`` when printed in the title without ambiguity).

    >>> district_of("", [], "2024年第二季度拱墅区《政府工作报告》主要任务完成情况", "区府办", None, 2024)
    ('拱墅区', None)
    >>> district_of("生态环境拱墅分局", [], "2020第三季度重点任务执行情况", "区府办", None, 2020)
    ('拱墅区', 'not in the title; 1 mentions of 拱墅 in the text')
    >>> district_of("杭州亚运会", [], "重点任务完成情况", None, None, 2022)
    (None, 'not named in the title, publisher or headings; no county named as a government in the text')
    """
    places = [(title, "title"), (publisher, f"the publisher {publisher}")]
    places += [(line, f"the heading {line}") for line in headings if line != title]
    found = [f for place, where in places if place and (f := _named_in(place, where)) is not None]
    counties = [f for f in found if level_of(f.name) == "county"]
    if counties:
        first = counties[0]
        how = f"from {first.where}" if first.where != "title" else None
        ambiguous = _ambiguity(first.name, [n for f in found for n in f.context])
        return first.name, "; ".join(filter(None, [how, ambiguous])) or None
    if (by_index := _from_index_no(index_no, publisher, year)) is not None:
        return by_index[0], f"from the {by_index[1]}"
    if found:  # a city's (or a province's) own report, unless the text is one county's
        if (county := _county_organs_of(text, found[0].name)) is not None:
            return None, (
                f"{found[0].where} names {found[0].name}, but the text names {county}'s organs: "
                f"{county}'s report on the city's list?"
            )
        return found[0].name, f"the city named by {found[0].where}" if found[0].where != "title" else None
    if _city_level(title, publisher) or _addressed_to_counties(text):
        city = _city_from_text(text)
        if isinstance(city, str):
            return None, f"a city's report (市政府), but {city}"
        return city[0], f"a city: no district named; {city[1]} mentions of {city[0][:-1]} in the text"
    if _province_level(text) and (province := _province_from_text(text)) is not None:
        return province, f"a province's report (省政府): {province}, the one province named in the text"
    guess = district_from_text(text)
    if guess.name is None:
        own = (
            _own_county_by_short_name(headings, text)
            or _one_county_of_its_level(text, publisher)
            or _city_over_its_counties(text)
            or _issuer_of_the_report(text)
        )
        if own is not None:
            return own
        return None, f"not named in the title, publisher or headings; {guess.reason}"
    short = next((d.short for d in by_name()[guess.name] if d.short), guess.name)
    return guess.name, f"not in the title; {guess.count} mentions of {short} in the text"


def cms_header_facts(doc: Document, title: str | None) -> ReportFacts:
    """Facts from the info block district CMS pages print above the table.

    The block looks like (000/001/002)::

        索 引 号 H001/2020-27544 成文日期 2020-08-13
        发布机构 区政府办 主题分类 政务综合类
        ...title...
        发布日期:2020-08-13 15:53 访问次数: ...

    District and year come from the title when it names them; otherwise they are inferred from
    the text and ``inferred`` says how.

    A page printed in traditional script (a mirror site's) is read on its head and title folded
    to simplified (:func:`~govtasks.clean.folding.fold_script`: same positions), where the labels are
    matched; the title and the publisher are kept as printed, cut from the printed head at the
    positions found (the normalize stage converts them properly, phrase-aware; folding is not a
    converter).
    """
    head = "\n".join(doc.lines[:40])
    folds = doc.folded_text is not doc.text  # the document holds a traditional character
    rules_head = fold_script(head) if folds else head
    rules_title = fold_script(title) if folds and title is not None else title
    index = _INDEX_NO.search(rules_head)
    publisher = _PUBLISHER.search(rules_head)
    published = _PUBLISHED.search(rules_head)
    publisher_text = fold_script(publisher.group(1)) if publisher else None
    district, year, inferred = district_and_year(
        doc, rules_title, publisher_text, index.group(1) if index else None
    )
    period = period_from_text(rules_title) if rules_title else None
    return ReportFacts(
        district=district,
        year=year,
        period=period,
        title=title,
        publisher=head[publisher.start(1) : publisher.end(1)] if publisher else None,
        published=iso_date(published.group(1)) if published else None,
        index_no=index.group(1) if index else None,
        inferred=inferred,
    )


#: What a file name carries besides the title: an extension, a download's numbering ("(1)"),
#: a CMS's file number (P020211231…, 1670384526123: a run of five digits or more, no year).
_NAME_NOISE = re.compile(r"(?:\.[A-Za-z0-9]{1,5})+$|[(（]\d+[)）]$|\d{5,}")


def facts_from_file_name(facts: ReportFacts, name: str) -> ReportFacts:
    """``facts`` with the district, year or period it lacks taken from the file's name, when
    the name prints it as a title would ("拱墅区2021年第四季度重点任务进展.xlsx"): attachments
    are often downloaded under their title while the sheet or the document repeats none of it.
    The same rules as a title's, and only what the name prints outright: a district the name
    names ambiguously, or none, stays missing (the file is then refused with the sidecar hint).

    >>> facts_from_file_name(ReportFacts(), "拱墅区2021年第四季度重点任务进展.xlsx").model_dump(
    ...     include={"district", "year", "period"})
    {'district': '拱墅区', 'year': 2021, 'period': 'Q4'}
    >>> facts_from_file_name(ReportFacts(), "P020210113.xlsx") == ReportFacts()
    True
    """
    missing = [key for key in ("district", "year", "period") if getattr(facts, key) is None]
    if not missing:
        return facts
    stem = strip_pinyin(fold_script(_NAME_NOISE.sub(" ", name).strip()))
    named_year = year_from_title(stem)
    found: dict[str, object] = {"year": named_year, "period": period_from_text(stem), "district": None}
    if "district" in missing:
        year = facts.year if facts.year is not None else named_year
        district, how = district_of("", [], stem, None, None, year)
        found["district"] = district if how is None else None
    update = {key: found[key] for key in missing if found[key] is not None}
    if not update:
        return facts
    inferred = {**facts.inferred, **{key: f"from the file name {name}" for key in update}}
    return facts.model_copy(update={**update, "inferred": inferred})
