"""What a saved page says about itself: title, publisher, index number, dates, the district,
year and period they name (the facts of any layout read from a page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from govtasks.clean.folding import fold_script
from govtasks.formats.base import district_and_year, iso_date, period_from_text
from govtasks.models import Period, ReportFacts
from govtasks.read.document import Document
from govtasks.tables.columns import classify, header_row, normalize_header

#: How a saved page starts (after a BOM, spaces or an XML declaration and comments).
from govtasks.tables.html import (
    BREAK,
    clean_paragraphs,
    element_text,
    page_read,
    page_tables,
    page_task_table,
    page_tree,
)

#: Labels of the info block CMS pages print above the article, which the values follow:
#: 索引号 index number, 发布机构 publisher, 成文日期 date written, 发布日期 date published.
INDEX_LABEL, PUBLISHER_LABEL, WRITTEN_LABEL, PUBLISHED_LABEL = "索引号", "发布机构", "成文日期", "发布日期"


#: Other labels of that block, which end a value printed on the same line:
#: 主题分类 topic, 文号 document number, 有效性 validity, 访问次数 visits, 信息来源 source,
#: 公开方式 how it is disclosed.
_OTHER_LABELS = ("主题分类", "文号", "有效性", "访问次数", "信息来源", "公开方式")


#: Separators between an article's title and the site's name in a browser ``<title>``.
_TITLE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|—+|－|\s-\s|(?<!\d)-(?!\d))\s*")


_YEAR = re.compile(r"20\d{2}")


#: A heading sharing fewer characters with the browser title is not the article's title.
_MIN_TITLE_OVERLAP = 6


#: Endings of a government site's name: 人民政府 people's government, 门户网站 portal, 政府网
#: government website, 政务网 e-government website.
_SITE_ENDINGS = ("人民政府", "门户网站", "政府网", "政务网")


def _label_pattern(label: str) -> re.Pattern[str]:
    """``label`` allowing spaces between its characters ("索 引 号"), then an optional colon."""
    return re.compile(r"\s*".join(map(re.escape, label)) + r"\s*[:：]?\s*")


_VALUE_ENDS = re.compile(
    "|".join(
        p.pattern for p in map(_label_pattern, (INDEX_LABEL, PUBLISHER_LABEL, WRITTEN_LABEL, PUBLISHED_LABEL))
    )
    + "|"
    + "|".join(map(re.escape, _OTHER_LABELS))
)


def labelled_value(lines: list[str], label: str) -> str | None:
    """The value printed after ``label`` (in either script, letter-spaced or not): the rest of
    its line up to the next label, else the next line (a label cell and its value cell).

    >>> labelled_value(["索 引 号 H001/2020-27544 成文日期 2020-08-13"], "索引号")
    'H001/2020-27544 '
    >>> labelled_value(["發布機構:", "區政府辦"], "发布机构")
    '區政府辦'
    """
    pattern = _label_pattern(label)
    for number, line in enumerate(lines):
        folded = fold_script(line)  # same length, so positions carry over to ``line``
        match = pattern.search(folded)
        if match is None:
            continue
        end = _VALUE_ENDS.search(folded, match.end())
        value = line[match.end() : end.start() if end else len(line)]
        if value.strip():
            return value
        if end is None and number + 1 < len(lines) and not _VALUE_ENDS.match(fold_script(lines[number + 1])):
            return lines[number + 1]
        return None
    return None


def _first_word(value: str | None) -> str | None:
    words = value.split() if value else []
    return words[0] if words else None


def _text_lines(element: Any) -> list[str]:
    """What the element shows, one paragraph or table cell a line."""
    parts: list[str] = []
    element_text(element, parts, skip_tables=False)
    return clean_paragraphs("".join(parts)).split(BREAK)


def _title_text(element: Any) -> str:
    # A title broken over lines with <br> is one title; Chinese joins without a space.
    return "".join(_text_lines(element))


def site_name_removed(title: str) -> str:
    """A browser ``<title>`` without the site's name: the longest part between separators.

    >>> site_name_removed("2020年上半年重点任务执行情况_杭州市萧山区人民政府")
    '2020年上半年重点任务执行情况'
    >>> site_name_removed("余杭区政府 - 2021-2022年工作任务分解表")
    '2021-2022年工作任务分解表'
    """
    return max(_TITLE_SEPARATOR.split(title), key=len).strip()


def is_site_name(text: str) -> bool:
    """Whether ``text`` is only a site's name (a government's, naming no year): what a page
    without an article title puts in its ``<title>`` and banner, which is no report's title.

    >>> is_site_name("杭州市余杭区人民政府"), is_site_name("政府门户网站"), is_site_name("餘杭區人民政府")
    (True, True, True)
    >>> is_site_name("2022年余杭区人民政府"), is_site_name("重点任务执行情况")
    (False, False)
    """
    folded = "".join(fold_script(text).split())
    return folded.endswith(_SITE_ENDINGS) and not _YEAR.search(folded)


def _common_run(a: str, b: str) -> int:
    """The length of the longest text ``a`` and ``b`` share.

    >>> _common_run("【区级】2020年执行情况", "2020年执行情况_萧山区")
    9
    """
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size


#: Headings, which are title candidates whatever their class.
_HEADING_TAGS = ("h1", "h2", "h3")


def _headings(tree: Any) -> Iterator[Any]:
    """Where a page may print its article's title, in document order: a heading, or a block or
    span whose class or id says "title" in any case."""
    for element in tree.iter(*_HEADING_TAGS, "div", "td", "p", "span", "strong"):
        if element.tag in _HEADING_TAGS:
            yield element
            continue
        # Most elements have neither attribute: no string is built for them.
        class_, id_ = element.get("class"), element.get("id")
        if (class_ and "title" in class_.lower()) or (id_ and "title" in id_.lower()):
            yield element


@lru_cache(maxsize=1)
def _first_title_xpath() -> Any:
    from lxml import etree

    return etree.XPath("descendant::title[1]")


def _first_title(tree: Any) -> Any:
    """The page's first ``<title>``, as ``tree.find(".//title")`` finds it, or ``None``.
    libxml2 stops at it; lxml's find and iterators look on for a next one, through the whole
    page.

    >>> from govtasks.tables.html import parse_html
    >>> _first_title(parse_html("<title>一</title><body><title>二</title></body>")).text
    '一'
    """
    found = _first_title_xpath()(tree)
    return found[0] if found else None


def _article_title(tree: Any) -> tuple[str | None, str | None]:
    """The article's title and, when it is not a heading of the page, where it came from."""
    browser_element = _first_title(tree)
    browser = _title_text(browser_element) if browser_element is not None else ""
    candidates: list[str] = []
    for element in _headings(tree):
        text = _title_text(element)
        if 0 < len(text) <= 200 and not is_site_name(text):
            candidates.append(text)
    # The browser title repeats the article's title (perhaps shortened) before the site's name:
    # the heading sharing the longest run of text with it is the title, not the site's banner.
    # Without one, a heading naming a year (site names name none).
    overlaps = [(_common_run(c, browser), -i) for i, c in enumerate(candidates)]
    if overlaps and max(overlaps)[0] >= _MIN_TITLE_OVERLAP:
        return candidates[-max(overlaps)[1]], None
    dated = [c for c in candidates if _YEAR.search(c)]
    if dated:
        return dated[0], None
    # A <title> that is only the site's name: the page does not name its article.
    if browser and not is_site_name(site_name_removed(browser)):
        return site_name_removed(browser), "the page's <title>, without the site name"
    if candidates:
        return candidates[0], None
    return None, None


#: Head nouns of a progress column's header: 完成情况/进展情况/落实情况 (…situation), 进展, 进度.
_PROGRESS_HEAD_NOUNS = ("情况", "进展", "进度")


def header_period(text: str) -> tuple[Period, str] | None:
    """The period the task table's progress column header names ("半年度工作完成情况": H1),
    with that header as printed; ``None`` when no header names one, or several progress
    columns name different periods (quarterly columns: the table covers several).

    >>> header_period("<table><tr><th>序號</th><th>重點(diǎn)工作</th><th>半年度工作完成情況</th></tr>"
    ...               "<tr><td>1</td><td>建設城西科創大走廊核心區,推進實驗室裝置</td><td>完成</td></tr>"
    ...               "</table>")
    ('H1', "from the progress column header '半年度工作完成情況'")
    """
    index = page_task_table(text)
    if index is None:
        return None
    return cells_header_period([[cell.text for cell in row] for row in page_tables(text)[index].rows])


def cells_header_period(rows: list[list[str]]) -> tuple[Period, str] | None:
    """:func:`header_period` of a table given as rows of cell texts (a page's, a pipe dump's).

    >>> cells_header_period([["分管市长", "序号", "主要工作任务", "一季度重点工作完成情况", "责任单位"],
    ...                      ["王一", "1", "推进城市更新,完成老旧小区改造", "已完成", "市住建局"]])
    ('Q1', "from the progress column header '一季度重点工作完成情况'")
    >>> cells_header_period([["序号", "实事项目", "工作举措及实施计划", "责任单位"],
    ...                      ["1", "新建成公办中小学、幼儿园7所", "8月底前竣工交付", "教育局"]])
    ('PLAN', "from the column header '工作举措及实施计划' (no progress column)")
    >>> cells_header_period([["序号", "项目内容", "月度工作计划", "牵头单位", "落实情况"],
    ...                      ["1", "免费接种流感疫苗24723人", "4月:制定方案", "县卫生健康局", "已完成"]])
    """
    start = header_row(rows)
    if start is None:
        return None
    # Only progress headers: "年度目标" (annual target) beside "二季度完成情况" names no period.
    # A header whose head noun is 情况 (progress) is one, whatever words qualify it
    # ("一季度重点工作完成情况": classified by 重点工作 as content).
    named: dict[Period, str] = {}
    plans: list[str] = []
    progress_columns = 0
    for header in rows[start]:
        plain = normalize_header(header)
        progress = classify(header) == "progress" or plain.endswith(_PROGRESS_HEAD_NOUNS)
        progress_columns += progress
        period = period_from_text(plain)
        if period is not None and progress:
            named.setdefault(period, header)
        elif period == "PLAN":
            plans.append(header)
    if not progress_columns and plans:  # "工作举措及实施计划" and no progress column: the plan
        return "PLAN", f"from the column header {plans[0]!r} (no progress column)"
    if len(named) != 1:
        return None
    ((period, header),) = named.items()
    return period, f"from the progress column header {header!r}"


def page_facts(text: str) -> ReportFacts:
    """What a saved page says about itself: its article title and the CMS info block.

    District and year come from the title, else the publisher's name, else the page's text
    (:func:`govtasks.formats.base.district_and_year`); the period from the title, else the
    task table's progress column header (:func:`header_period`). ``inferred`` says how each
    fact not printed in the title (or printed under its label) was found.

    >>> facts = page_facts("<html><head><title>2020年第三季度执行情况_拱墅区</title></head><body>"
    ...     "<table><tr><td>发布机构</td><td>拱墅区发改局</td><td>发布日期</td><td>2020-10-15</td></tr>"
    ...     "</table></body></html>")
    >>> facts.district, facts.year, facts.period, facts.title, facts.publisher, facts.published
    ('拱墅区', 2020, 'Q3', '2020年第三季度执行情况', '拱墅区发改局', '2020-10-15')
    >>> facts.inferred
    {'title': "from the page's <title>, without the site name", 'district': 'from the publisher 拱墅区发改局'}
    """
    tree = page_tree(text)
    read = page_read(text)
    if read is not None:
        lines = read.body.split(BREAK)
    else:
        body = tree.find("body")
        lines = _text_lines(body if body is not None else tree)
    title, title_source = _article_title(tree)
    publisher = _first_word(labelled_value(lines, PUBLISHER_LABEL))
    index_no = _first_word(labelled_value(lines, INDEX_LABEL))
    inferred: dict[str, str] = {}
    if title_source is not None:
        inferred["title"] = f"from {title_source}"
    published_text = labelled_value(lines, PUBLISHED_LABEL)
    published = iso_date(published_text) if published_text else None
    if published is None:
        written_text = labelled_value(lines, WRITTEN_LABEL)
        published = iso_date(written_text) if written_text else None
        if published is not None:
            inferred["published"] = (
                f"no {PUBLISHED_LABEL} (date published); the {WRITTEN_LABEL} (date written)"
            )
    page = Document(
        path=Path("page.html"), sha256="", encoding="", lines=tuple(lines), _text=BREAK.join(lines)
    )
    folded_title = fold_script(title) if title else None
    folded_publisher = fold_script(publisher) if publisher else None
    district, year, found = district_and_year(page, folded_title, folded_publisher, index_no)
    period = period_from_text(folded_title) if folded_title else None
    if period is None and (from_header := header_period(text)) is not None:
        period, inferred["period"] = from_header
    return ReportFacts(
        district=district,
        year=year,
        period=period,
        title=title,
        publisher=publisher,
        published=published,
        index_no=index_no,
        inferred=inferred | found,
    )
