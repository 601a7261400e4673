"""Saved CMS pages of task tables, rendered from parsed rows the way district sites print them.

A district's CMS (the gov.cn site builders used in Hangzhou) prints a Government Work Report
progress table as an article: a ``<head>`` with the charset and a ``<title>`` ending in the
site's name, a banner and a navigation bar (a table of short links, one of them "重点工作"),
the info block table (索引号 index number, 发布机构 publisher, 成文日期 date written, 发布日期
date published), the article's title as a heading, then the task table pasted from Word: a
header row, a category cell spanning its rows with ``rowspan``, unit and leader lists split by
``<br>`` or "、", long cells as several ``<p>``, empty cells holding ``&nbsp;``; and a footer.

:func:`render_page` writes such a page from what a format module reads out of a document
(``facts(doc)`` and the raw ``parse(doc)`` rows, in the source's own script), so a saved page
and a text dump of one document can be compared row for row (tests/test_html_samples.py), and
the benchmark corpus can make pages of any rows. How the page prints things is a
:class:`PageStyle`; :data:`LAYOUT_STYLES` holds the style of each sample layout's site.
Rendering is deterministic: the same arguments give the same bytes.

Run ``.venv/bin/python benchmarks/pages.py --write-fixtures`` to rewrite
``tests/fixtures/html_samples/`` from the five samples in ``data/raw`` (a test checks that the
committed files are what this writes).
"""

from __future__ import annotations

import argparse
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from govtasks.models import ReportFacts, SourceRow

#: The fields of a row a column can print, besides ``extra`` columns named by their header.
Field = Literal[
    "seq",
    "category",
    "content",
    "lead_leaders",
    "lead_units",
    "supporting_units",
    "progress",
    "problems",
    "next_steps",
]

#: Header printed for each field when the style does not name the columns (the commonest
#: wording on district sites): 序号 number, 项目名称 project name (the category), 项目内容
#: project content, 牵头领导 leading official, 牵头单位 lead unit, 配合单位 supporting unit,
#: 进展情况 progress, 问题与困难 problems, 下一步工作打算 next steps.
DEFAULT_HEADERS: dict[Field, str] = {
    "seq": "序号",
    "category": "项目名称",
    "content": "项目内容",
    "lead_leaders": "牵头领导",
    "lead_units": "牵头单位",
    "supporting_units": "配合单位",
    "progress": "进展情况",
    "problems": "问题与困难",
    "next_steps": "下一步工作打算",
}

_LIST_FIELDS: frozenset[str] = frozenset({"lead_leaders", "lead_units", "supporting_units"})


@dataclass(frozen=True)
class PageStyle:
    """How a site prints a task table page. Every choice here is one real sites make.

    ``columns``
        ``(field, header as printed)`` per column, in print order; ``None``: every field some
        row has, under :data:`DEFAULT_HEADERS`, then one column per ``extra`` header.
    ``categories``
        ``"rowspan"``: one category cell spanning the rows of its group (the Word-table way);
        ``"repeat"``: the category printed again in every row.
    ``category_no_paragraph``
        the section number ("(一)") in a paragraph of its own above the category name, rather
        than run into it ("(一)经济社会发展主要预期目标"). A bare number ("一") is printed "一、".
    ``list_separator``
        HTML between the entries of a unit or leader cell: ``"<br>"``, ``"、"``, ``"</p><p>"``…
    ``paragraphs``
        how a cell's paragraphs are broken: ``"p"`` one ``<p>`` each, ``"br"`` ``<br>`` between.
    ``word_markup``
        text pasted from Word: every paragraph a ``<p class="MsoNormal">`` with a styled
        ``<span>`` (font names included), header cells in ``<b>``, empty cells ``&nbsp;``.
    ``header_cells``
        ``"th"`` or ``"td"`` for the header row; ``thead`` puts it in a ``<thead>``.
    ``wrap``
        break the page's source lines inside long runs of Chinese text after about this many
        characters, as Word's HTML export and some CMS editors do (browsers show nothing at a
        line break between two Chinese characters). ``None``: no breaks inside text.
    ``nbsp_mark``
        the character a text dump of this site printed for a no-break space (004's "?"): it is
        the site's ``&nbsp;`` and is printed as one. ``None``: text is printed as given.
    ``cell_padding``
        an ``&nbsp;`` after every cell's text (004's site pads cells so).
    ``copies``
        how often the page holds the article (002's page prints it again below the page chrome,
        in a second, "public information" rendering).
    ``site_name``
        the site's name (``<title>``, banner, footer); ``None``: "杭州市" + district + "人民政府".
    """

    columns: tuple[tuple[Field | str, str], ...] | None = None
    categories: Literal["rowspan", "repeat"] = "rowspan"
    category_no_paragraph: bool = False
    list_separator: str = "<br>"
    paragraphs: Literal["p", "br"] = "p"
    word_markup: bool = True
    header_cells: Literal["th", "td"] = "td"
    thead: bool = False
    wrap: int | None = None
    nbsp_mark: str | None = None
    cell_padding: bool = False
    copies: int = 1
    site_name: str | None = None


#: The style of each sample layout's site, with its header as the source prints it.
LAYOUT_STYLES: dict[str, PageStyle] = {
    # 000 萧山区: 项目名称 project name · 项目内容 project content · 进展情况 progress.
    "xiaoshan_halfyear": PageStyle(
        columns=(("category", "项目名称"), ("content", "项目内容"), ("progress", "进展情况")),
        wrap=60,
    ),
    # 001 萧山区发改局: 序号 · 任务内容 task content · 工作举措与完成情况 measures and completion ·
    # 问题与困难 problems · 下一步工作打算 next steps; paragraphs broken by <br>, no Word markup.
    "xiaoshan_grid": PageStyle(
        columns=(
            ("seq", "序号"),
            ("content", "任务内容"),
            ("progress", "工作举措与完成情况"),
            ("problems", "问题与困难"),
            ("next_steps", "下一步工作打算"),
        ),
        paragraphs="br",
        word_markup=False,
        header_cells="th",
    ),
    # 002 拱墅区: 项目名称 · 项目内容 · 责任单位 responsible unit · 进展情况; "(一)" above the
    # category name, units listed with "、", the article printed twice.
    "gongshu_quarterly": PageStyle(
        columns=(
            ("category", "项目名称"),
            ("content", "项目内容"),
            ("lead_units", "责任单位"),
            ("progress", "进展情况"),
        ),
        category_no_paragraph=True,
        list_separator="、",
        copies=2,
        wrap=60,
    ),
    # 003 余杭区: 序號 · 重點工作 key work · 牽頭單位 lead unit · 半年度工作完成情況 half-year
    # completion, in traditional script with the site's inline pinyin, units one per line.
    "yuhang_halfyear": PageStyle(
        columns=(
            ("seq", "序號(hào)"),
            ("content", "重點(diǎn)工作"),
            ("lead_units", "牽頭單位"),
            ("progress", "半年度工作完成情況"),
        ),
        word_markup=False,
        header_cells="th",
        thead=True,
    ),
    # 004 余杭区 plan: 序号 · 重点工作任务 (letter-spaced) · 牵头领导 leading officials · 牵头单位
    # lead units; no-break spaces pad every cell and two-character names ("沈 ?昱").
    "yuhang_plan": PageStyle(
        columns=(
            ("seq", "序号"),
            ("content", "重 点 工 作 任 务"),
            ("lead_leaders", "牵头领导"),
            ("lead_units", "牵头单位"),
        ),
        nbsp_mark="?",
        cell_padding=True,
    ),
}


def style_for(layout: str) -> PageStyle:
    """The page style of a layout's site (:data:`LAYOUT_STYLES`), else the default style.

    >>> style_for("gongshu_quarterly").list_separator, style_for("no_such_layout") == PageStyle()
    ('、', True)
    """
    return LAYOUT_STYLES.get(layout, PageStyle())


# --- encodings ------------------------------------------------------------------------------

#: The charset a page declares for the codec it is written in. GBK pages declare gb2312, as the
#: old CMSs do (readers take gb2312/gbk as GB18030).
_DECLARED: dict[str, str] = {"utf-8": "utf-8", "gbk": "gb2312", "gb2312": "gb2312", "gb18030": "gb18030"}


def declared_charset(encoding: str) -> str:
    """The ``<meta>`` charset a page written in ``encoding`` declares.

    >>> declared_charset("GBK"), declared_charset("utf_8")
    ('gb2312', 'utf-8')
    """
    key = encoding.lower().replace("_", "-")
    if key not in _DECLARED:
        raise ValueError(f"unsupported page encoding {encoding!r} (use one of {', '.join(_DECLARED)})")
    return _DECLARED[key]


# --- cells ----------------------------------------------------------------------------------

#: Word's paragraph markup as CMSs keep it when a table is pasted in (仿宋_GB2312: FangSong,
#: the font of official documents).
_WORD_P = '<p class="MsoNormal" style="text-align:left;line-height:20pt">'
_WORD_SPAN = '<span style="font-family:仿宋_GB2312;font-size:12pt">'
#: Word ends each paragraph's text with an empty Office element.
_WORD_END = "<o:p></o:p>"
#: A Han character: Word wraps its HTML between two of them.
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ENCLOSED_NO = re.compile(r"^[(（].*[)）]$")


@dataclass(frozen=True)
class _Column:
    field: str  # a Field, or "extra:" + the header of an extra column
    header: str


def category_heading(number: str | None, name: str | None) -> list[str]:
    """The paragraphs a category cell prints: the section number as the source wrote it
    ("(一)" as is, a bare "一" as "一、"), then the name.

    >>> category_heading("(一)", "经济发展"), category_heading("三", "民生"), category_heading(None, "民生")
    (['(一)', '经济发展'], ['三、', '民生'], ['民生'])
    """
    paragraphs = []
    if number:
        paragraphs.append(number if _ENCLOSED_NO.match(number) else f"{number}、")
    if name:
        paragraphs.append(name)
    return paragraphs


class _Printer:
    """Cell HTML in one style."""

    def __init__(self, style: PageStyle) -> None:
        self.style = style

    def text(self, value: str) -> str:
        escaped = html.escape(value, quote=False)
        if self.style.nbsp_mark:
            escaped = escaped.replace(self.style.nbsp_mark, "&nbsp;")
        return wrapped(escaped, self.style.wrap) if self.style.wrap else escaped

    def paragraph(self, value: str) -> str:
        """One paragraph's HTML, without the breaks around it."""
        text = self.text(value)
        return f"{_WORD_SPAN}{text}{_WORD_END}</span>" if self.style.word_markup else text

    def cell(self, paragraphs: Sequence[str], separator: str | None = None) -> str:
        """The inside of a ``<td>`` holding ``paragraphs``, broken the style's way (or by
        ``separator``, for lists)."""
        pad = "&nbsp;" if self.style.cell_padding else ""
        if not paragraphs:
            return "&nbsp;" if self.style.word_markup or pad else ""
        if separator is not None:
            inner = separator.join(self.paragraph(p) for p in paragraphs) + pad
            return f"{_WORD_P}{inner}</p>" if self.style.word_markup else inner
        if self.style.paragraphs == "br":
            inner = "<br>".join(self.paragraph(p) for p in paragraphs) + pad
            return f"{_WORD_P}{inner}</p>" if self.style.word_markup else inner
        opening = _WORD_P if self.style.word_markup else "<p>"
        last = len(paragraphs) - 1
        return "".join(
            f"{opening}{self.paragraph(p)}{pad if i == last else ''}</p>" for i, p in enumerate(paragraphs)
        )

    def header(self, text: str) -> str:
        inner = self.text(text) + ("&nbsp;" if self.style.cell_padding else "")
        if self.style.word_markup:
            inner = f"{_WORD_P.replace('left', 'center')}<b>{_WORD_SPAN}{inner}</span></b></p>"
        tag = self.style.header_cells
        return f'<{tag} style="text-align:center">{inner}</{tag}>'


def wrapped(text: str, width: int) -> str:
    """``text`` with a line break between two Han characters once a line has ``width``
    characters or more (never elsewhere: a break beside a digit or a Latin letter shows as a
    space).

    >>> wrapped("已上线15条政策其中14条开始兑现", 4)
    '已上线15条\\n政策其中14条\\n开始兑现'
    """
    out: list[str] = []
    length = 0
    for index, char in enumerate(text):
        if length >= width and index and _HAN.match(char) and _HAN.match(text[index - 1]):
            out.append("\n")
            length = 0
        out.append(char)
        length += 1
    return "".join(out)


def _columns(rows: Sequence[SourceRow], style: PageStyle) -> list[_Column]:
    if style.columns is not None:
        columns = [_Column(f, h) for f, h in style.columns]
    else:
        columns = []
        for name, header in DEFAULT_HEADERS.items():
            if name in _LIST_FIELDS:
                present = any(getattr(r, name) for r in rows)
            elif name == "content":
                present = True
            else:
                present = any(getattr(r, name) is not None for r in rows)
            if present:
                columns.append(_Column(name, header))
    named = {c.header for c in columns}
    for row in rows:
        for header in row.extra:
            if header not in named:
                named.add(header)
                columns.append(_Column(f"extra:{header}", header))
    return columns


def _paragraphs(value: str | None) -> list[str]:
    return [p for p in (value or "").split("\n") if p.strip()]


def _cell(row: SourceRow, column: _Column, printer: _Printer) -> str:
    name = column.field
    if name.startswith("extra:"):
        return printer.cell(_paragraphs(row.extra.get(name.removeprefix("extra:"))))
    if name in _LIST_FIELDS:
        entries: list[str] = getattr(row, name)
        return printer.cell([e for e in entries if e.strip()], printer.style.list_separator)
    if name == "category":
        return printer.cell(_category_paragraphs(row, printer.style))
    value = getattr(row, name)
    return printer.cell(_paragraphs(value))


def _category_paragraphs(row: SourceRow, style: PageStyle) -> list[str]:
    parts = category_heading(row.category_no, row.category)
    return parts if style.category_no_paragraph or len(parts) < 2 else ["".join(parts)]


def _groups(rows: Sequence[SourceRow]) -> Iterator[tuple[int, int]]:
    """``(start, length)`` of each run of rows sharing one category (number and name)."""
    start = 0
    for i in range(1, len(rows) + 1):
        if i == len(rows) or (rows[i].category_no, rows[i].category) != (
            rows[start].category_no,
            rows[start].category,
        ):
            yield start, i - start
            start = i


def task_table(rows: Sequence[SourceRow], style: PageStyle) -> str:
    """The task table's HTML, one line per ``<tr>`` (so rows have their own source lines)."""
    printer = _Printer(style)
    columns = _columns(rows, style)
    lines = [
        '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" '
        'style="border-collapse:collapse">',
        "<thead>" if style.thead else "<tbody>",
        "<tr>" + "".join(printer.header(c.header) for c in columns) + "</tr>",
    ]
    if style.thead:
        lines += ["</thead>", "<tbody>"]
    spans: dict[int, int] = {}  # first row of a category group -> its length
    if style.categories == "rowspan":
        spans = dict(_groups(rows))
    covered = 0  # rows below a category cell still covered by its rowspan
    for index, row in enumerate(rows):
        cells = []
        for column in columns:
            if column.field == "category" and style.categories == "rowspan":
                if covered:
                    continue
                span = spans[index]
                attribute = f' rowspan="{span}"' if span > 1 else ""
                cells.append(f'<td{attribute} valign="middle">{_cell(row, column, printer)}</td>')
                continue
            cells.append(f"<td>{_cell(row, column, printer)}</td>")
        if style.categories == "rowspan":
            covered = spans[index] - 1 if index in spans else covered - 1
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


# --- the page -------------------------------------------------------------------------------

#: Navigation links of a district site: 首页 home, 政务公开 government affairs, 政府信息公开
#: public information, 重点工作 key work (also a header word: the bar must not pass for the
#: task table), 政民互动 interaction, 办事服务 services.
_NAVIGATION = ("首页", "政务公开", "政府信息公开", "重点工作", "政民互动", "办事服务")
#: Labels of the info block: 索 引 号 index number, 成文日期 date written, 发布机构 publisher,
#: 发布日期 date published, 主题分类 topic, 文号 document number.
_INFO = (("索 引 号", "成文日期"), ("发布机构", "主题分类"), ("文　　号", "发布日期"))
#: 政务综合类 "general government affairs": the topic such pages are filed under.
_TOPIC = "政务综合类"


def site_name(facts: ReportFacts, style: PageStyle) -> str:
    """The site's name: the style's, else the district government's.

    >>> site_name(ReportFacts(district="萧山区"), PageStyle())
    '杭州市萧山区人民政府'
    >>> site_name(ReportFacts(), PageStyle())
    '政府门户网站'
    """
    if style.site_name:
        return style.site_name
    # 杭州市…人民政府: "People's Government of … District, Hangzhou"; 政府门户网站: "government portal".
    return f"杭州市{facts.district}人民政府" if facts.district else "政府门户网站"


def _info_block(facts: ReportFacts) -> str:
    values = {
        "索 引 号": facts.index_no,
        "成文日期": facts.published,
        "发布机构": facts.publisher,
        "主题分类": _TOPIC,
        "文　　号": None,
        "发布日期": facts.published,
    }
    rows = []
    for pair in _INFO:
        cells = "".join(
            f'<td class="label" width="15%">{label}：</td>'
            f'<td width="35%">{html.escape(values[label] or "")}</td>'
            for label in pair
        )
        rows.append(f"<tr>{cells}</tr>")
    return '<table class="xxgk_table" width="100%">\n' + "\n".join(rows) + "\n</table>"


def _article(facts: ReportFacts, rows: Sequence[SourceRow], style: PageStyle, heading: str) -> list[str]:
    lines = []
    if facts.title:
        lines.append(f'<{heading} class="article-title">{html.escape(facts.title)}</{heading}>')
    # 发布日期 date published, 来源 source, 字号 font size [大 large 中 medium 小 small].
    lines.append(
        f'<div class="article-info">发布日期：{facts.published or ""}&nbsp;&nbsp;'
        f"来源：{html.escape(facts.publisher or '')}&nbsp;&nbsp;字号：[大 中 小]</div>"
    )
    lines += ['<div class="article-content" id="zoom">', task_table(rows, style), "</div>"]
    return lines


def render_page(
    facts: ReportFacts,
    rows: Sequence[SourceRow],
    *,
    encoding: str = "utf-8",
    style: PageStyle | None = None,
) -> bytes:
    """A saved CMS page showing ``rows`` (raw rows, as a format module's ``parse`` yields them)
    under ``facts`` (its ``facts``), written in ``encoding`` ("utf-8", "gbk" declared as gb2312,
    "gb18030"). Characters the encoding lacks are written as character references, as CMSs do.

    >>> page = render_page(ReportFacts(district="萧山区", title="2020年执行情况", publisher="区政府办"),
    ...                    [SourceRow(source_line=1, category="甲", content="任务", progress="进展")])
    >>> b"<title>2020\\xe5\\xb9\\xb4" in page, page.count(b"<table"), page.decode().count("区政府办")
    (True, 4, 2)
    """
    style = style or PageStyle()
    charset = declared_charset(encoding)
    site = site_name(facts, style)
    title = f"{facts.title}_{site}" if facts.title else site
    meta_charset = (
        f'<meta charset="{charset}">'
        if charset == "utf-8"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    nav = "".join(f'<td><a href="/col/col{i + 1}/index.html">{t}</a></td>' for i, t in enumerate(_NAVIGATION))
    lines = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml">',
        "<head>",
        meta_charset,
        f"<title>{html.escape(title)}</title>",
        f'<meta name="SiteName" content="{html.escape(site)}">',
        f'<meta name="ArticleTitle" content="{html.escape(facts.title or "")}">',
        f'<meta name="PubDate" content="{facts.published or ""}">',
        '<link rel="stylesheet" type="text/css" href="/css/common.css">',
        '<script type="text/javascript" src="/js/jquery.min.js"></script>',
        "</head>",
        "<body>",
        f'<div class="banner"><img src="/images/banner.jpg" alt="{html.escape(site)}"></div>',
        '<div class="nav"><table class="nav-table" cellspacing="0" cellpadding="0"><tr>'
        + nav
        + "</tr></table></div>",
        # 当前位置 "you are here"
        '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/col/col2/index.html">政务公开</a>'
        ' &gt; <a href="/col/col4/index.html">重点工作</a></div>',
        "<!-- info block -->",
        _info_block(facts),
        '<div class="article">',
        *_article(facts, rows, style, "h1"),
        "</div>",
    ]
    for _ in range(style.copies - 1):
        # The second rendering after the page chrome (信息公开 "public information" view).
        lines += ['<div class="xxgk-view">', *_article(facts, rows, style, "h2"), "</div>"]
    lines += [
        '<div class="footer"><table width="100%"><tr><td>',
        # 主办 run by, 网站标识码 site id, 浙ICP备 Zhejiang ICP licence, 版权所有 copyright.
        f"<p>主办：{html.escape(site)}办公室&nbsp;&nbsp;网站标识码：3301090001</p>",
        "<p>浙ICP备05011563号&nbsp;&nbsp;版权所有</p>",
        "</td></tr></table></div>",
        '<script type="text/javascript">var _hmt = _hmt || []; document.write("<span>统计</span>");</script>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines).encode(encoding, errors="xmlcharrefreplace")


# --- the five samples -----------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures" / "html_samples"
#: The sample written in GBK (declared gb2312): 000, the 萧山区 site, whose pages are GBK.
GBK_SAMPLES = frozenset({"000"})


@dataclass(frozen=True)
class Sample:
    """A sample text as its layout module reads it: the layout's name, ``facts(doc)`` and the
    raw ``parse(doc)`` rows, one copy of the table (:func:`one_copy`)."""

    path: Path
    layout: str
    facts: ReportFacts
    rows: tuple[SourceRow, ...] = field(repr=False)


def read_samples(raw: Path = RAW) -> list[Sample]:
    """The sample texts in ``raw``, each read by the layout module that claims it."""
    from govtasks import formats
    from govtasks.read.document import read_document

    samples = []
    for path in sorted(raw.glob("*.txt")):
        doc = read_document(path)
        module = formats.choose(doc).format
        rows = one_copy(list(module.parse(doc)))
        samples.append(Sample(path, module.NAME, module.facts(doc), tuple(rows)))
    return samples


@dataclass(frozen=True)
class SamplePage:
    """A sample's saved page: its file name, bytes and what they were made from."""

    name: str
    data: bytes
    layout: str
    encoding: str
    rows: tuple[SourceRow, ...] = field(repr=False)


def one_copy(rows: Sequence[SourceRow]) -> list[SourceRow]:
    """``rows`` without those repeating an earlier row's statement (everything but the line and
    flags): a page prints the table once (or as :attr:`PageStyle.copies` says), while a text
    dump may hold it twice (002).

    >>> row = SourceRow(source_line=3, content="任务")
    >>> [r.source_line for r in one_copy([row, row.model_copy(update={"source_line": 9}), row])]
    [3]
    """
    seen: set[str] = set()
    kept = []
    for row in rows:
        key = row.model_dump_json(exclude={"source_line", "flags"})
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def sample_pages(raw: Path = RAW) -> list[SamplePage]:
    """The saved page of every sample text in ``raw``: its layout's facts and rows, rendered in
    that layout's style, 000 in GBK. Named like the sample, ``.html`` for ``.txt``."""
    pages = []
    for sample in read_samples(raw):
        encoding = "gbk" if sample.path.name[:3] in GBK_SAMPLES else "utf-8"
        data = render_page(sample.facts, sample.rows, encoding=encoding, style=style_for(sample.layout))
        name = sample.path.with_suffix(".html").name
        pages.append(SamplePage(name, data, sample.layout, encoding, sample.rows))
    return pages


def write_fixtures(out: Path = FIXTURES, raw: Path = RAW) -> list[Path]:
    """Write :func:`sample_pages` into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page in sample_pages(raw):
        target = out / page.name
        target.write_bytes(page.data)
        written.append(target)
    return written


def _main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write-fixtures", action="store_true", help=f"rewrite {FIXTURES}")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="where to write the pages")
    args = parser.parse_args(argv)
    if not args.write_fixtures:
        parser.error("nothing to do: pass --write-fixtures")
    for path in write_fixtures(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    _main()
