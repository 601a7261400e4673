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
from collections.abc import Iterator
from typing import Protocol

from govtasks.clean.folding import fold_script
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
    ("任务分解", "PLAN"),
    ("分解表", "PLAN"),
    ("分解方案", "PLAN"),
    ("责任分解", "PLAN"),  # assignment of responsibilities
    ("全年", "FY"),
    ("年度", "FY"),
)

#: County-level districts whose names we recognise in running text (e.g. "生态环境拱墅分局").
KNOWN_DISTRICTS: tuple[str, ...] = (
    "萧山区", "余杭区", "拱墅区", "上城区", "下城区", "江干区", "西湖区", "滨江区", "富阳区",
    "临安区", "临平区", "钱塘区", "桐庐县", "淳安县", "建德市", "蔡甸区",
)  # fmt: skip

#: Prefecture-level cities: the "district" of a city government's own report (杭州市 2021 PLAN),
#: used only when no county-level district is named.
KNOWN_CITIES: tuple[str, ...] = (
    "杭州市",
    "绍兴市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "金华市",
    "武汉市",
)

_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年?\s*(?:度)?\s*《?政府工作报告")
_ANY_YEAR = re.compile(r"(20\d{2})\s*年")
_ISO_DATE = re.compile(r"(20\d{2})-(\d{1,2})-(\d{1,2})")
_CN_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def period_from_text(text: str) -> Period | None:
    """The period a title or header names.

    >>> period_from_text("2020年《政府工作报告》上半年度重点任务执行情况")
    'H1'
    >>> period_from_text("第三季度重点任务执行情况")
    'Q3'
    >>> period_from_text("工作任务分解表")
    'PLAN'
    """
    for word, period in PERIOD_WORDS:
        if word in text:
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


def iso_date(text: str) -> str | None:
    """The first date in ``text``, as YYYY-MM-DD.

    >>> iso_date("发布日期:2020-08-13 15:53")
    '2020-08-13'
    >>> iso_date("2018年3月18日")
    '2018-03-18'
    """
    match = _ISO_DATE.search(text) or _CN_DATE.search(text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def district_in(text: str) -> str | None:
    """The first known district named in ``text``.

    >>> district_in("杭州市萧山区人民政府2020年")
    '萧山区'
    """
    best: tuple[int, str] | None = None
    text = fold_script(text)
    for name in KNOWN_DISTRICTS:
        pos = text.find(name)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, name)
    return best[1] if best else None


def city_in(text: str) -> str | None:
    """The first known city named in ``text``.

    >>> city_in("杭州市人民政府办公厅"), city_in("区政府")
    ('杭州市', None)
    """
    text = fold_script(text)
    found = [(text.find(name), name) for name in KNOWN_CITIES if name in text]
    return min(found)[1] if found else None


def most_mentioned_district(text: str, names: tuple[str, ...] = KNOWN_DISTRICTS) -> tuple[str, int] | None:
    """The known district (or, given ``names``, city) whose short name (without 区/县/市) the
    text mentions most. ``text`` is folded to simplified script by the caller
    (:func:`~govtasks.clean.folding.fold_script`, or a document's ``folded_text``).

    >>> most_mentioned_district("生态环境拱墅分局 拱墅版 余杭")
    ('拱墅区', 2)
    >>> most_mentioned_district("杭州城西科创大走廊", KNOWN_CITIES)
    ('杭州市', 1)
    """
    counts = Counter({name: text.count(name[:-1]) for name in names})
    name, count = counts.most_common(1)[0]
    return (name, count) if count else None


def most_mentioned_year(text: str) -> tuple[int, int] | None:
    """The year written most often as "20xx年" in the text, with its count (ties: the later year).

    >>> most_mentioned_year("2021年度 2022年 2022年")
    (2022, 2)
    """
    counts = Counter(int(y) for y in _ANY_YEAR.findall(text))
    if not counts:
        return None
    year, count = max(counts.items(), key=lambda item: (item[1], item[0]))
    return year, count


_INDEX_NO = re.compile(r"索\s*引\s*号\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9/\-_.]*)")
_PUBLISHER = re.compile(r"发布机构\s*[:：]?\s*(\S+)")
_PUBLISHED = re.compile(r"发布日期\s*[:：]?\s*(20\d{2}-\d{1,2}-\d{1,2})")


def district_and_year(
    doc: Document, title: str | None, publisher: str | None = None
) -> tuple[str | None, int | None, dict[str, str]]:
    """District and year from the title; else from the publisher's name, else from the text.

    Returns ``(district, year, inferred)`` where ``inferred`` says how each fact not printed in
    the title was found.
    """
    inferred: dict[str, str] = {}
    district = district_in(title) if title else None
    if district is None and publisher is not None:
        district = district_in(publisher)
        if district is not None:
            inferred["district"] = f"from the publisher {publisher}"
    if district is None:
        guess = most_mentioned_district(doc.folded_text)
        if guess is not None:
            district = guess[0]
            inferred["district"] = f"not in the title; {guess[1]} mentions of {guess[0][:-1]} in the text"
    if district is None:  # a city government's report: no county named anywhere
        district = city_in(title or "") or city_in(publisher or "")
        if district is not None and not (title and district in fold_script(title)):
            inferred["district"] = f"the city named by the publisher {publisher}"
    if district is None:
        guess = most_mentioned_district(doc.folded_text, KNOWN_CITIES)
        if guess is not None:
            district = guess[0]
            inferred["district"] = (
                f"a city: no district named; {guess[1]} mentions of {guess[0][:-1]} in the text"
            )
    year = year_from_title(title) if title else None
    if year is None:
        guess_year = most_mentioned_year(doc.text)
        if guess_year is not None:
            year = guess_year[0]
            inferred["year"] = f"not in the title; most-mentioned year ({guess_year[1]}× {year}年)"
    return district, year, inferred


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
    district, year, inferred = district_and_year(doc, rules_title)
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
