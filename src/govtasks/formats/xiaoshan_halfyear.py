"""萧山区 half-year execution pages: 项目名称 · 项目内容 · 进展情况, one cell per paragraph.

The page (sample 000) lost its table when it was copied: every cell became a paragraph and cells
are separated by blank lines. The category cell (项目名称) spans several rows, so it appears once,
before the first content of its group. There is no 序号 column and no unit column.

Reading it back is a matter of telling three kinds of paragraph apart:

* a **category heading**: short, no sentence punctuation (contents and progress end in "。");
* a **content** (项目内容): the promised task, worded as a target ("力争", "加快", "…以上");
* a **progress** paragraph (进展情况): what was done ("已", "累计", exact counts). A progress cell
  can hold several paragraphs, and nothing in the text marks where a cell ends, so a paragraph
  that follows a progress paragraph is weighed: it continues the progress cell when it reads as a
  report of work done rather than as a new target (see :func:`is_continuation`).

A paragraph right after a content is that row's progress, unless it is a category heading (the
content's progress cell was then empty: flag ``no_progress``). Nothing else can sit between a
content and its progress, and the alternation of the whole table depends on it. An extra blank
line (two in a row) is an empty paragraph inside a cell, not an empty cell: the alternation goes
on across it in sample 000 (lines 38-39, 205-206, 222-223); the row is flagged ``empty_paragraph``.

A mirror site may print the page in traditional script. Every decision (header, chrome, heading,
progress or content) is taken on the paragraphs folded to simplified
(:meth:`~govtasks.read.document.Document.folded_paragraphs`), and every field of a row is cut from the
printed paragraph at the same positions, so rows stay in the source's own script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from govtasks.errors import NoRows
from govtasks.formats.base import cms_header_facts, evidence
from govtasks.models import ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document

NAME = "xiaoshan_halfyear"
DESCRIPTION = "萧山区 half-year execution page: 项目名称 · 项目内容 · 进展情况, one cell per paragraph"
MAX_SCORE = 1.0
#: Text dumps only: saved pages of this site are read by the generic reader.
SOURCE_KINDS: tuple[SourceKind, ...] = ("text",)

#: The printed column headers: category (项目名称), content (项目内容), progress (进展情况).
HEADER: tuple[str, str, str] = ("项目名称", "项目内容", "进展情况")

#: Page chrome that ends the table: share / scan-to-phone / print / close / previous-next links,
#: related links, site footer (主办单位 host, 版权所有 copyright, 网站地图 site map, 网站标识码
#: site id), a repeated info block (索引号 / 信息索引号) and attachments (附件).
CHROME_PREFIXES: tuple[str, ...] = (
    "分享", "扫一扫", "打印", "关闭", "【打印", "【关闭", "上一篇", "下一篇", "相关链接", "相关文章",
    "主办单位", "版权所有", "网站地图", "网站标识码", "索引号", "信息索引号", "附件",
)  # fmt: skip

#: Words of the page info block (index number, issuing body, publication date).
_CMS_WORDS = ("索引号", "发布机构", "发布日期")

#: Flag codes this module emits.
FLAG_JOINED = "progress_joined"  # the progress cell was assembled from several paragraphs
FLAG_EMPTY_PARAGRAPH = "empty_paragraph"  # an empty paragraph sits inside the row or before it
FLAG_NO_PROGRESS = "no_progress"  # the content is followed by a heading or the table's end

_SENTENCE_PUNCT = re.compile(r"[。；;，,：:！!？?]")
_CATEGORY_NO = re.compile(r"^\s*([(（][一二三四五六七八九十百]+[)）]|[一二三四五六七八九十百]+、)\s*")
_TITLE_LINE = re.compile(r"政府工作报告|执行情况|完成情况|进展情况")
_BOOK_TITLE = re.compile(r"《[^》]*》")
_WHITESPACE = re.compile(r"\s+")

#: Evidence that a paragraph reports work done, with weights:
#: 已 already; 正在 in progress, 推进中 under way, 有序推进/正常推进 proceeding as planned,
#: 累计 cumulatively, 截至/截止 as of, 上半年 in the first half, 目前 so far; 正式 officially
#: (正式设立, 正式完成签约); 目标任务的/完成率/开工率/占比 share of a target reached;
#: 责令 ordered, 移交 handed over, 处罚 penalised, 摸底 surveyed, 起草/草拟 drafted, 印发 issued,
#: 召开 convened, 签订 signed; "N起" N cases; 共有/共计/共为/共排查… in total.
PROGRESS_CUES: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"已"), 2),
    (re.compile(r"正在|推进中|有序推进|正常推进|累计|截至|截止|上半年|目前"), 2),
    (re.compile(r"正式"), 2),
    (re.compile(r"目标任务的|完成率|开工率|占比"), 2),
    (re.compile(r"责令|移交|处罚|摸底|起草|草拟|印发|召开|签订"), 1),
    (re.compile(r"\d+起"), 1),
    (re.compile(r"共(?:有|计|为|排查|帮助|完成|\d)"), 1),
)

#: Words a Government Work Report target is written with: 力争 strive to, 确保 ensure, 争创 compete
#: for, 加快 speed up, 持续/继续/不断 keep on, 大力/全力/全面 vigorously/fully, 深化/深入 deepen,
#: 推进/推动 push, 加强/加大/强化 strengthen, 完善/健全 improve, 提升/提高 raise, 扩大 expand,
#: 打造 build, 培育 foster, 鼓励 encourage, 落实 implement, 实施 carry out, 依托 rely on,
#: 发挥 bring into play, "N…以上" at least N.
CONTENT_CUES = re.compile(
    r"力争|确保|争创|加快|持续|继续|不断|大力|全力|全面|深化|深入|推进|推动|加强|加大|强化|完善|健全"
    r"|提升|提高|扩大|打造|培育|鼓励|落实|实施|依托|发挥|\d+[^\d,，。;；]{0,4}以上"
)

#: A number not inside a name (“152”), not a year, not a 万/亿 amount and not "5G".
_NUMBER = re.compile(r"(?<![“\"\d.])(\d+(?:\.\d+)?)(?![\d.]*(?:万|亿|年|G|”|\"))")

#: A progress paragraph needs at least this much evidence before it may continue a cell.
CONTINUATION_MIN = 2
#: Shared character pairs that tie a paragraph to the row's content.
RELATED_MIN_SHARED = 3


@dataclass(frozen=True)
class Paragraph:
    """A non-blank line of the file: its 1-based number, text as printed, blank lines before
    it, and the text folded to simplified script (same length), which the layout rules read."""

    line: int
    text: str
    blanks_before: int
    folded: str


@dataclass
class _Draft:
    """A row being assembled."""

    line: int
    content: str
    folded_content: str  # the content folded to simplified, for the continuation rule
    category_no: str | None
    category: str | None
    progress: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def flag(self, code: str) -> None:
        if code not in self.flags:
            self.flags.append(code)

    def build(self) -> SourceRow:
        flags = list(self.flags)
        if not self.progress:
            flags.append(FLAG_NO_PROGRESS)
        elif len(self.progress) > 1:
            flags.append(FLAG_JOINED)
        return SourceRow(
            source_line=self.line,
            seq=None,
            category_no=self.category_no,
            category=self.category,
            content=self.content,
            progress="\n".join(self.progress) if self.progress else None,
            flags=flags,
        )


# --- reading the text ------------------------------------------------------------------------


def squash(text: str) -> str:
    """``text`` without any whitespace, for comparing letter-spaced headers.

    >>> squash("项 目 名 称 ")
    '项目名称'
    """
    return _WHITESPACE.sub("", text)


def paragraphs(doc: Document) -> list[Paragraph]:
    """Every non-blank line of ``doc``, stripped, with the count of blank lines before it."""
    found: list[Paragraph] = []
    previous = 0
    for number, text, folded in doc.printed_and_folded():
        found.append(Paragraph(number, text, number - previous - 1, folded))
        previous = number
    return found


def header_ends(paras: Sequence[Paragraph]) -> list[int]:
    """Indexes just past each printed 项目名称 · 项目内容 · 进展情况 header (one per printing)."""
    return _header_ends([p.folded for p in paras])


def _header_ends(texts: Sequence[str]) -> list[int]:
    ends: list[int] = []
    first = HEADER[0][0]
    for i in range(len(texts) - len(HEADER) + 1):
        # Squashing only drops whitespace: a paragraph without the header's first character
        # cannot squash to it, and that one test spares the regex on almost every paragraph.
        if first in texts[i] and all(squash(texts[i + k]) == word for k, word in enumerate(HEADER)):
            ends.append(i + len(HEADER))
    return ends


def is_chrome(text: str) -> bool:
    """Whether a paragraph is page chrome that ends the table.

    >>> is_chrome("扫一扫在手机打开当前页")
    True
    >>> is_chrome("有序推进中。")
    False
    """
    return squash(text).startswith(CHROME_PREFIXES)


def table_body(paras: Sequence[Paragraph], start: int) -> list[Paragraph]:
    """The paragraphs of one printing of the table: from ``start`` to chrome or the next header."""
    body: list[Paragraph] = []
    for k in range(start, len(paras)):
        text = squash(paras[k].folded)
        if is_chrome(text) or text == HEADER[0]:
            break
        body.append(paras[k])
    return body


# --- telling paragraphs apart ----------------------------------------------------------------


def exact_numbers(text: str) -> int:
    """How many numbers in ``text`` look counted rather than planned (not round).

    A target is written with round numbers (300个, 2800家, 80%); a report counts (10799家,
    78.16%). Single digits, multiples of five, 万/亿 amounts, years and names are not counted.

    >>> exact_numbers("全区新增开户单位10799家,完成年度目标任务的78.16%。")
    2
    >>> exact_numbers("完成数字化改造项目300个,新增企业上云2800家,覆盖率80%以上。")
    0
    """
    count = 0
    for match in _NUMBER.finditer(text):
        number = match.group(1)
        if "." in number:
            count += len(number.split(".", 1)[1]) >= 2
        elif len(number.strip("0")) >= 2 and int(number) % 5:
            count += 1
    return count


def char_pairs(text: str) -> set[str]:
    """Adjacent character pairs of ``text``'s letters and digits.

    >>> sorted(char_pairs("儿童之家"))
    ['之家', '儿童', '童之']
    """
    letters = re.sub(r"\W", "", text)
    return {letters[i : i + 2] for i in range(len(letters) - 1)}


def progress_evidence(text: str, content: str, following: str) -> int:
    """How strongly ``text`` reads as a report of work done for the row whose task is ``content``.

    Each distinct cue word counts. ``following`` is the next paragraph: a paragraph sharing more
    with the row's content than with what follows it is talking about that row.
    """
    plain = _BOOK_TITLE.sub("", text)
    score = sum(weight * len(set(cue.findall(plain))) for cue, weight in PROGRESS_CUES)
    if exact_numbers(plain) >= 2:
        score += 2
    shared = len(char_pairs(text) & char_pairs(content))
    if shared >= RELATED_MIN_SHARED and shared > len(char_pairs(text) & char_pairs(following)):
        score += 1
    return score


def content_evidence(text: str) -> int:
    """How many distinct target words ``text`` uses (words inside 《book titles》 do not count).

    >>> content_evidence("力争消化处置批而未供、供而未用土地1.4万亩,全面启动187个村全域土地综合整治。")
    2
    >>> content_evidence("起草《萧山区标准化“儿童之家”建设三年提升行动的实施方案》。")
    0
    """
    return len(set(CONTENT_CUES.findall(_BOOK_TITLE.sub("", text))))


def is_continuation(text: str, content: str, following: str) -> bool:
    """Whether ``text``, printed after a progress paragraph, continues that progress cell.

    >>> is_continuation("已建立12家社区康复站,涵盖192个康复站点。", "加大残疾人保障工作力度。", "")
    True
    >>> is_continuation("完成临江污水处理厂二期扩建。", "加快推进污水管网建设。", "累计完成形象进度98%。")
    False
    """
    evidence = progress_evidence(text, content, following)
    return evidence >= CONTINUATION_MIN and evidence > content_evidence(text)


def is_heading(text: str) -> bool:
    """Whether a paragraph is a category heading (项目名称): short, no sentence punctuation.

    >>> is_heading("加快现代服务业发展")
    True
    >>> is_heading("有序推进中")
    False
    >>> is_heading("推进生态殡葬、文明殡葬。")
    False
    """
    plain = squash(text)
    if not plain or len(plain) > 30 or _SENTENCE_PUNCT.search(plain):
        return False
    if re.search(r"\d", _CATEGORY_NO.sub("", plain)):
        return False
    return not any(cue.search(plain) for cue, weight in PROGRESS_CUES if weight >= 2)


def split_category(text: str, folded: str | None = None) -> tuple[str | None, str]:
    """A heading's printed number, if any, and its name; the number is found in ``folded``
    (``text`` folded to simplified, same length) when given, and both are cut from ``text``.

    >>> split_category("(三)全面推进产业平台建设")
    ('(三)', '全面推进产业平台建设')
    >>> split_category("加快乡村产业振兴")
    (None, '加快乡村产业振兴')
    """
    match = _CATEGORY_NO.match(text if folded is None else folded)
    if match is None:
        return None, text.strip()
    return text[match.start(1) : match.end(1)], text[match.end() :].strip()


# --- the module surface ----------------------------------------------------------------------


def detect(doc: Document) -> float:
    """Sure when the 项目名称 · 项目内容 · 进展情况 header is printed as three paragraphs.

    Without that header, its signature (001's glued header, 002's extra 责任单位 column, a
    narrative page) the score stays at or below 0.1.
    """
    return _clues(doc, explained=False)[0]


def explain(doc: Document) -> list[str]:
    """The evidence :func:`detect` weighs, one line each."""
    return _clues(doc, explained=True)[1]


def _clues(doc: Document, explained: bool) -> tuple[float, list[str]]:
    """:func:`detect`'s score and, when ``explained``, :func:`explain`'s lines."""
    folded = doc.folded_paragraphs()
    head = squash("".join(text for _, text in _first_lines(folded, 40)))
    cms = sum(word in head for word in _CMS_WORDS) >= 2
    xiaoshan = "萧山" in head
    # Most documents have no such header: look for it before building the paragraphs.
    ends = _header_ends([text for _, text in folded])
    words = " · ".join(HEADER)
    cms_line = f"info block ({' / '.join(_CMS_WORDS)}, two wanted) in the first 40 lines"
    if not ends:
        missing = [
            evidence(False, 0.6, f"column header {words}, one paragraph each"),
            evidence(cms and xiaoshan, 0.1, f"{cms_line}, with 萧山"),
        ]
        return (0.1 if cms and xiaoshan else 0.0), missing
    paras = paragraphs(doc)
    score = 0.6
    score += 0.1 if cms else 0.0
    score += 0.15 if xiaoshan else 0.0
    body = table_body(paras, ends[0])
    sentences = sum(p.folded.endswith("。") for p in body)
    headings = sum(is_heading(p.folded) for p in body)
    shaped = bool(body and headings and sentences >= 0.6 * len(body))
    if shaped:
        score += 0.15
    lines: list[str] = []
    if explained:
        lines = [
            evidence(
                True,
                0.6,
                f"column header {words}, one paragraph each (line {folded[ends[0] - len(HEADER)][0]})",
            ),
            evidence(cms, 0.1, cms_line),
            evidence(xiaoshan, 0.15, "萧山 in the first 40 lines"),
            evidence(
                shaped,
                0.15,
                f"body of headings and sentences: {headings} headings, {sentences} of "
                f"{len(body)} paragraphs end in 。 (six in ten wanted)",
            ),
        ]
    return min(score, 1.0), lines


def parse(doc: Document) -> Iterator[SourceRow]:
    """Every task row, in print order, once per printing of the table."""
    paras = paragraphs(doc)
    ends = header_ends(paras)
    if not ends:
        raise NoRows("no 项目名称 · 项目内容 · 进展情况 table header in this page")
    for start in ends:
        yield from rows_of(table_body(paras, start))


def rows_of(body: Sequence[Paragraph]) -> Iterator[SourceRow]:
    """The rows of one printing of the table, from its paragraphs after the header."""
    category_no: str | None = None
    category: str | None = None
    row: _Draft | None = None
    # Rules read the folded text; the row is built from the printed text.
    for i, para in enumerate(body):
        following = body[i + 1].folded if i + 1 < len(body) else ""
        if following and is_heading(para.folded):
            if row is not None:
                yield row.build()
                row = None
            category_no, category = split_category(para.text, para.folded)
            continue
        if row is not None and (
            not row.progress or is_continuation(para.folded, row.folded_content, following)
        ):
            row.progress.append(para.text)
        else:
            if row is not None:
                yield row.build()
            row = _Draft(para.line, para.text, para.folded, category_no, category)
        if para.blanks_before >= 2:
            row.flag(FLAG_EMPTY_PARAGRAPH)
    if row is not None:
        yield row.build()


def _first_lines(paras: Sequence[tuple[int, str]], last: int) -> Iterator[tuple[int, str]]:
    """The paragraphs of lines 1..``last``."""
    return takewhile(lambda para: para[0] <= last, paras)


def title_of(doc: Document) -> str | None:
    """The page title: the first line above the table naming the report, as printed."""
    for _, text, folded in doc.printed_and_folded()[:15]:
        plain = squash(folded)
        if plain == HEADER[0]:
            break
        if _TITLE_LINE.search(folded) and not any(word in plain for word in _CMS_WORDS):
            return text
    return None


def facts(doc: Document) -> ReportFacts:
    """District, year and period from the title; publisher, date and 索引号 from the info block."""
    return cms_header_facts(doc, title_of(doc))
