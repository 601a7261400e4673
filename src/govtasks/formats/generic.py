"""Any task table whose columns are named by known header words.

The fallback for layouts no dedicated module knows (issue 5): columns are recognised by their
header words in any order (:mod:`govtasks.tables.columns`), the table is read as a grid
(:mod:`govtasks.tables.pipe`: merged-cell continuation lines, lone "|" lines, rows cut off by
the end of an excerpt), and every column the reader does not know is kept in ``extra``.

It scores at most :data:`SCORE`, below any dedicated module that recognises its own layout
(those score 0.9-1.0), so it only wins where no dedicated module does; ``govtasks detect`` and
the run summary name it as ``generic``.

Also read: tables copied one cell per paragraph (:mod:`govtasks.tables.paragraph`), saved pages
(:mod:`govtasks.tables.html`) and label lists (:mod:`govtasks.tables.label_list`).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from govtasks.clean.folding import fold_script
from govtasks.clean.normalize import strip_pinyin
from govtasks.formats.base import (
    PROGRESS_WORDS,
    district_and_year,
    evidence,
    heading_period,
    iso_date,
    period_from_text,
    period_of_month,
    year_of_a_report_dated,
)
from govtasks.formats.page_facts import cells_header_period, page_facts
from govtasks.grid import Grid
from govtasks.models import Period, ReportFacts, SourceKind, SourceRow
from govtasks.read.document import Document
from govtasks.tables.html import page_tables, page_task_table, task_table
from govtasks.tables.label_list import LabelledItem, closing_labels, label_blocks, label_items, resolve_labels
from govtasks.tables.paragraph import ParagraphTable, paragraph_tables, section_heading
from govtasks.tables.pipe import SkippedRow, TableRead, TableRow, pipe_grid, rows_from_grid
from govtasks.tables.shapes import cells_per_line, flattened_list, glued_grid
from govtasks.tables.spaced import spaced_table

NAME = "generic"
DESCRIPTION = "any pipe table with known column headers (序号, 任务内容, 牵头单位, 进展情况 …), in any order"

#: The score of a recognised table: clearly a table, but less sure than a dedicated module.
SCORE = 0.6
MAX_SCORE = SCORE
#: Text dumps and saved pages (the task table of a page is found by its header words).
SOURCE_KINDS: tuple[SourceKind, ...] = ("text", "page", "workbook", "word", "pdf")

#: Words of a table's title line: 政府工作报告 Government Work Report, 民生实事 livelihood
#: projects, 重点任务/目标任务 key/target tasks, 分解表 assignment list, 进展情况 progress.
_TITLE_WORDS = ("政府工作报告", "民生实事", "重点任务", "目标任务", "分解表", "进展情况", "完成情况")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：.、]?\s*(?:\d+[.、]\s*)?")
#: A line that only heads an attached table: "附件1", "附件 2 |" (pipes are read as spaces).
_ATTACHMENT_HEADING = re.compile(r"^附件\s*(\d+)\s*$")
#: An entry of the letter's attachment list: "附件:1. 标题" or "2. 标题".
_LISTED = re.compile(r"^(?:附件\s*[:：]\s*)?(\d+)\s*[.、．]\s*")
#: "截至9月底", "截止2019年12月31日" (as of the end of September, of December 31st): the period
#: a progress table covers (a year printed there is the report's, or it names no period of it).
_AS_OF_MONTH = re.compile(r"截(?:至|止到?)\s*(?:(20\d{2})\s*年\s*)?(\d{1,2})\s*月")
_YEAR = re.compile(r"20\d\d")
_LABELS = {
    # the value after a colon, or in the next cell of a pipe table ("索引号 | 000330185/2022-1")
    "index_no": re.compile(r"索\s*引\s*号\s*[:：|]?\s*([A-Za-z0-9][A-Za-z0-9/\-_.]*)"),
    # 发布机构/发布单位 publishing body, 来源 source (the publishing office on news-style pages)
    "publisher": re.compile(r"(?:发布机构|发布单位|来源)\s*[:：]?\s*([^\s|]+)"),
    # 发布日期/发布时间 publication date/time, 发文日期 issue date, 成文日期 date written
    "published": re.compile(r"(?:发布日期|发布时间|发文日期|成文日期)\s*[:：]?\s*(20\d{2}-\d{1,2}-\d{1,2})"),
}


def _label_value(pattern: re.Pattern[str], text: str) -> str | None:
    """The value printed after a label of the info block, or None when the label is printed
    empty: what follows it is then the next label ("发布机构： 主题分类：政务综合类"), not a
    value (no publisher, index number or date holds a colon).

    >>> _label_value(_LABELS["publisher"], "发布机构：区政府办 主题分类：政务综合类")
    '区政府办'
    >>> _label_value(_LABELS["publisher"], "发布机构： 主题分类：政务综合类") is None
    True
    """
    match = pattern.search(text)
    if match is None or re.search("[:：]", match.group(1)):
        return None
    return match.group(1)


_DATE_LINE = re.compile(r"^\s*(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def _has_pipes(doc: Document) -> bool:
    """Whether a text dump prints its table with pipes (two lines with "|" at least)."""
    return sum("|" in line for line in doc.lines) >= 2


# detect, parse and facts each need the table: read it once per document.
@lru_cache(maxsize=4)
def read_table(doc: Document) -> TableRead:
    """The document's task table, read by its header words: the task table of a saved page,
    the pipe table of a text dump, or the tables a dump prints one cell per paragraph
    (:mod:`govtasks.tables.paragraph`), read in order as one, or else a table printed with
    spaces between its cells (:mod:`govtasks.tables.spaced`)."""
    if doc.kind == "page":
        index = page_task_table(doc.text)
        return rows_from_grid(page_tables(doc.text)[index] if index is not None else Grid(()))
    if doc.tables and (office := _office_tables(doc.tables)) is not None:  # an office file's
        return office
    if _has_pipes(doc):
        read = rows_from_grid(pipe_grid(doc.lines), align_short_rows=True)
        cells = cells_per_line(doc.paragraphs())
        if cells is not None:  # one cell per line, each closed by a "|": the reading with more rows
            by_cell = _joined(paragraph_tables(cells))
            if len(by_cell.complete_rows) > len(read.complete_rows):
                return by_cell
        return read
    read = _joined(paragraph_tables(doc.paragraphs()))
    if not read.complete_rows:  # a table with spaces for borders, a row or a table per line
        spaced = spaced_table(doc.lines)
        if spaced is not None:
            return spaced
    if not read.complete_rows:  # the cells of a Word table glued together, a row per line
        grid = glued_grid(doc.paragraphs())
        if grid is not None:
            last = doc.paragraphs()[-1][0]  # a table running to the file's end is cut off there
            return rows_from_grid(grid, cut_at_end=grid.rows[-1][0].line == last)
    return read


def _office_tables(grids: Sequence[Grid]) -> TableRead | None:
    """The task rows of an office file: of each of its tables holding a task list (a sheet, a
    Word table; :func:`~govtasks.tables.html.task_table`), read one after the other; None when
    no table holds one. A table without a header row after a task table, and as wide,
    continues it (a Word table broken in two; narrower tables between, such as one nested in a
    cell, are passed over): it is read under that table's header."""
    reads: list[TableRead] = []
    any_task_table = False
    previous: tuple[Grid, TableRead] | None = None  # the last task table read, and its read
    for grid in grids:
        if task_table([grid]) == 0:
            any_task_table = True
            read = rows_from_grid(grid)
            previous = (grid, read) if read.header_line is not None else None
        elif previous is not None and grid.width == previous[0].width:
            read = _continued(*previous, grid)
        else:  # another table (a nested one, read after its own): no part of the task table
            continue
        if read.header_line is not None:
            reads.append(read)
    if not any_task_table:
        return None
    if len(reads) == 1:
        return reads[0]
    rows = [row for read in reads for row in read.rows]
    skipped = [row for read in reads for row in read.skipped]
    return TableRead(rows, skipped, reads[0].header_line if reads else None)


def _continued(head: Grid, head_read: TableRead, grid: Grid) -> TableRead:
    """The rows of ``grid`` read under the header rows of ``head`` (those before its first
    task row, as ``head_read`` read it), without the header's own rows."""
    first = head_read.rows[0].line if head_read.rows else None
    header_rows = tuple(row for row in head.rows if first is None or row[0].line < first)
    return rows_from_grid(Grid(header_rows + grid.rows, grid.cut_at_end))


def _joined(tables: list[ParagraphTable]) -> TableRead:
    """The rows of several tables read one after the other, as one read (of no one grid)."""
    joined = TableRead()
    for table in tables:
        read = rows_from_grid(table.grid, cut_at_end=table.cut_at_end, align_short_rows=table.figures)
        if read.header_line is None:
            continue
        joined.rows.extend(read.rows)
        joined.skipped.extend(read.skipped)
        joined.skipped.extend(SkippedRow(line, "between tables: in no column") for line, _ in table.left_out)
        if joined.header_line is None:
            joined = TableRead(joined.rows, joined.skipped, read.header_line)
    return joined


def detect(doc: Document) -> float:
    """:data:`SCORE` when a header row with a content column and known columns is found and
    at least one complete row follows it, or the text is a label list; 0 otherwise."""
    if read_table(doc).complete_rows:
        return SCORE
    return SCORE if _reads_label_list(doc) and _label_list(doc) else 0.0


def explain(doc: Document) -> list[str]:
    """The evidence :func:`detect` weighs: the table it read, or the label list."""
    read = read_table(doc)
    where = {"page": "the saved page's task table", "text": "a table"}.get(
        doc.kind, f"the {doc.encoding} file's tables"
    )
    if read.header_line is None:
        table = f"no header row with a content column and known columns in {where}"
    else:
        table = (
            f"header row with a content column in {where} (line {read.header_line}), "
            f"{len(read.complete_rows)} complete rows under it (one wanted)"
        )
    lines = [evidence(bool(read.complete_rows), SCORE, table)]
    if read.complete_rows or not _reads_label_list(doc):
        return lines
    items = _label_list(doc)
    return [*lines, evidence(bool(items), SCORE, f"label list: {len(items)} numbered items with label lines")]


@lru_cache(maxsize=4)
def _label_list(doc: Document) -> list[LabelledItem]:
    """The numbered items with label lines of a text without a table (see govtasks.tables.label_list)."""
    paragraphs = doc.paragraphs()
    found = label_items(paragraphs) or label_blocks(paragraphs)
    if not found and (flat := flattened_list(paragraphs)) is not None:  # a list on one line
        found = label_items(flat)
    return found


def _reads_label_list(doc: Document) -> bool:
    """Whether the document is read as a label list: a text dump (or a Word document or PDF,
    whose paragraphs are its lines) without a complete table row (a header with no rows under
    it, or only a cut-off one, is no table to read; pipes in an info block above the list make
    no table either). detect, parse and facts all decide by this one test."""
    return doc.kind not in ("page", "workbook") and not read_table(doc).complete_rows


def parse(doc: Document) -> Iterator[SourceRow]:
    """Every row of the table, in print order; a row cut off by the end of the file is flagged."""
    # A saved page's or an office file's table is closed by its parser: a short last row there
    # is a row with empty cells, not a cut-off excerpt (which only text dumps can be).
    page = doc.kind != "text"
    if _reads_label_list(doc):
        yield from _label_rows(doc)
        return
    for row in _numbers_opening_content(read_table(doc).rows):
        row = _labels_closing_content(row)
        flags = ["truncated"] if row.truncated and not page else []
        if row.from_span:
            flags.append("span_filled")
        # A quarterly table: one row per period with progress (a row with none keeps one row,
        # in the report's own period, so that its task is not lost).
        periods: list[tuple[str | None, str | None]] = list(row.progress_by_period.items())
        for period, progress in periods or [(None, row.progress)]:
            yield SourceRow(
                source_line=row.line,
                seq=row.seq,
                category_no=row.category_no,
                category=row.category,
                content=row.content,
                lead_units=list(row.lead_units),
                lead_leaders=list(row.leaders),
                supporting_units=list(row.supporting_units),
                progress=progress,
                period=period,  # type: ignore[arg-type]  # a Period, checked by pydantic
                problems=row.problems,
                next_steps=row.next_steps,
                extra=dict(row.extra),
                flags=flags,
            )


#: A row's number printed at the start of its task cell: "14.", "2、", "(1)".
_NUMBER_OPENING = re.compile(r"^\s*(?:(\d{1,3})\s*[.、．](?!\d)|[(（](\d{1,3})[)）])\s*")


def _numbers_opening_content(rows: list[TableRow]) -> list[TableRow]:
    """The rows of a table printing no number of its own (no 序号 column, or empty cells) whose
    task cells open with the rows' numbers ("1.始终做到…", "(2)组建…"): the number is the row's
    seq and leaves the content. Only when at least two rows do, in increasing order (points of
    one cell's text, "1.… 2.…" in a single row, are no row numbers).

    >>> def row(line, content):
    ...     return TableRow(line, None, None, None, content, [], [], [], None, None, None, {}, frozenset())
    >>> rows = [row(1, "1.建学校。"), row(2, "2.修道路。")]
    >>> [(r.seq, r.content) for r in _numbers_opening_content(rows)]
    [('1', '建学校。'), ('2', '修道路。')]
    """
    found = [(row, _NUMBER_OPENING.match(row.content)) for row in rows]
    numbered = [int(m.group(1) or m.group(2)) for row, m in found if m is not None and row.seq is None]
    if len(numbered) < 2 or any(b <= a for a, b in itertools.pairwise(numbered)):
        return rows
    return [
        dataclasses.replace(row, seq=m.group(1) or m.group(2), content=row.content[m.end() :])
        if m is not None and row.seq is None and row.content[m.end() :]
        else row
        for row, m in found
    ]


def _labels_closing_content(row: TableRow) -> TableRow:
    """``row`` with the labels that close its task text ("任务。(牵头单位:市住建局)") taken out of
    the content into the fields they name, where the table has no such column (or left it
    empty); otherwise unchanged."""
    content, labels = closing_labels(row.content)
    if not labels or not content:
        return row
    fields = resolve_labels(labels)
    changes: dict[str, object] = {"content": content}
    for kind in ("leaders", "lead_units", "supporting_units"):
        if fields.get(kind) and not getattr(row, kind):
            changes[kind] = fields[kind]
    if fields.get("progress") and not row.progress:
        changes["progress"] = "\n".join(fields["progress"])
    return dataclasses.replace(row, **changes)  # type: ignore[arg-type]


def _label_rows(doc: Document) -> Iterator[SourceRow]:
    for item in _label_list(doc):
        fields = item.fields
        yield SourceRow(
            source_line=item.line,
            seq=item.number or None,  # an item whose number was lost
            category_no=item.category_no,
            category=item.category,
            content=item.content,
            lead_units=fields.get("lead_units", []),
            lead_leaders=fields.get("leaders", []),
            supporting_units=fields.get("supporting_units", []),
            progress="\n".join(fields["progress"]) if "progress" in fields else None,
            problems="\n".join(fields["problems"]) if "problems" in fields else None,
            next_steps="\n".join(fields["next_steps"]) if "next_steps" in fields else None,
            extra=dict(item.extra),
            flags=["truncated"] if item.truncated else [],
        )


@lru_cache(maxsize=4)  # asked by the facts only where a period is in doubt, maybe twice
def _prints_progress(doc: Document) -> bool:
    """Whether any row the document gives holds a progress text."""
    return any(row.progress for row in parse(doc))


@lru_cache(maxsize=4)  # the facts and the table's title each read it
def _head(doc: Document) -> tuple[tuple[int, str], ...]:
    """Non-blank lines before the table header (or the first listed item), pipes read as
    spaces (info blocks use them), without the inline pinyin some mirror sites put after
    characters ("岳陽(yáng)樓區(qū)": the title's words and places are read as printed without it)."""
    items = _label_list(doc) if _reads_label_list(doc) else []
    end = items[0].line if items else read_table(doc).header_line or len(doc.lines) + 1
    return tuple((n, strip_pinyin(text.replace("|", " ")).strip()) for n, text in doc.paragraphs() if n < end)


#: A head line opening with the page's date: "2021-11-30 来源:市政府办".
_OPENING_DATE = re.compile(r"^\s*(20\d{2}-\d{1,2}-\d{1,2})(?:\s|$)")


def _opening_date(head: Sequence[tuple[int, str]]) -> str | None:
    """The date a head line opens with, as an ISO date ("2021-11-30 来源:市政府办")."""
    for _, line in head:
        match = _OPENING_DATE.match(line)
        if match:
            return iso_date(match.group(1))
    return None


def _progress_on_the_plan(head: Sequence[tuple[int, str]], title: str | None) -> tuple[Period, str] | None:
    """The period of a progress report printing the plan it reports on: the table is titled as
    the plan (…责任分解), a title line above it names a progress period ("…责任分解第一季度进展
    情况"): the page reports that period.

    >>> head = [(1, "2023年某区重点工作责任分解第一季度进展情况"), (2, "2023年某区重点工作责任分解")]
    >>> _progress_on_the_plan(head, "2023年某区重点工作责任分解")[0]
    'Q1'
    """
    for _, line in head:
        folded = fold_script(line)
        if line == title or not _is_title_line(line, folded) or not any(w in folded for w in PROGRESS_WORDS):
            continue
        period = period_from_text(folded)  # the head's lines are read without inline pinyin
        if period is not None and period != "PLAN":
            return period, f"from the title line {line}: progress on the plan the table prints"
    return None


def table_title(doc: Document) -> str | None:
    """What the table is: the line naming it nearest above it.

    A letter often lists several attachments ("附件:1. …分解表 / 2. …分解表"); then the letter
    reports on all of them and its own title (the first title line of the page) names the
    report. With one listed attachment headed only "附件1", the title is the letter's entry.
    Otherwise it is the nearest short line above the table holding a title word, one with a
    year preferred (a wrapped title's second half has none); "附件1:" prefixes are dropped and
    section headings ("一、…") are not titles.
    """
    head = [(n, text, fold_script(text)) for n, text in _head(doc)]
    listed = [folded for _, _, folded in head if _LISTED.match(folded) and _has_title_word(folded)]
    if len(listed) >= 2:
        for _, text, folded in head:
            if _is_title_line(text, folded) and not _LISTED.match(folded) and not _ATTACHMENT.match(folded):
                return text
    for _, _text, folded in reversed(head):
        number = _ATTACHMENT_HEADING.match(folded)
        if number:
            entry = _listed_attachment(head, number.group(1))
            if entry:
                return entry
            break
    candidates = [(text, folded) for _, text, folded in reversed(head) if _is_title_line(text, folded)]
    with_year = [c for c in candidates if _YEAR.search(c[1])]
    for text, folded in with_year or candidates:
        prefix = _ATTACHMENT.match(folded)  # folding keeps the length: the offset holds in text
        return text[prefix.end() :] if prefix else text
    return None


#: A letter's or a bulletin's announcing clause: 现将… (herewith …), …如下 (… as follows).
_HEREWITH = re.compile(r"现将[^,，。;；!！?？]*")
#: An inspection of the progress the text then reports: "对…前三季度落实情况进行了督查" (the
#: inspection office checked the progress of the first three quarters), 督办 supervised, 梳理 went
#: through.
_INSPECTED = re.compile(r"对[^,，。;；!！?？]{2,80}?情况进行了?[^,，。;；]{0,4}?(?:督查|督办|检查|梳理|调度)")
_AS_FOLLOWS = re.compile(r"(?:^|[,，])([^,，]*如下)\s*[:：。]?\s*$")
#: A clause that only says "as follows" (具体如下, 现通报如下): the sentence before it says what.
_BARE_AS_FOLLOWS = 6
_SENTENCE = re.compile(r"[^。!！?？；;]+[。!！?？；;]?")


def announced(paragraph: str) -> list[str]:
    """The clauses of a paragraph that announce what follows: "现将…" up to the clause's end,
    an inspection of some progress ("对…情况进行了督查"), a clause ending in "如下" (or, when it
    is bare, the sentence before it).

    >>> announced("为推进工作,现将1至7月民生工程实施进度通报如下:")
    ['现将1至7月民生工程实施进度通报如下:']
    >>> announced("今年初,市政府确定了100项任务。上半年,各项工作进展顺利。具体如下:")
    ['上半年,各项工作进展顺利。']
    >>> announced("现将任务予以分解,请于每季度末报送上半年进展情况。")
    ['现将任务予以分解']
    >>> announced("近日市政府督查室对重点目标任务前三季度落实情况进行了督查。")
    ['对重点目标任务前三季度落实情况进行了督查']
    """
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(paragraph) if m.group(0).strip()]
    found: list[str] = []
    for number, sentence in enumerate(sentences):
        herewith = _HEREWITH.search(sentence) or _INSPECTED.search(sentence)
        follows = _AS_FOLLOWS.search(sentence)
        if herewith:
            found.append(herewith.group(0))
        elif follows and len(follows.group(1).strip()) <= _BARE_AS_FOLLOWS:
            if number:
                found.append(sentences[number - 1])
        elif follows:
            found.append(follows.group(1).strip())
    return found


def announced_period(paragraphs: list[str], has_progress: bool) -> tuple[Period, str] | None:
    """The period an announcing clause above the table names (:func:`announced`): a period
    word, a task assignment (分解: the plan), or a list (清单) of tasks with no progress.

    >>> announced_period(["现将2020年重点工作任务予以分解并明确到各责任单位。"], False)
    ('PLAN', 'from 现将2020年重点工作任务予以分解并明确到各责任单位 above the table')
    >>> announced_period(["发布民生项目清单如下。"], True) is None
    True
    """
    for paragraph in paragraphs:
        for clause in announced(paragraph):
            period = period_from_text(clause)
            if period is None and ("分解" in clause or ("清单" in clause and not has_progress)):
                period = "PLAN"
            if period is not None:
                return period, f"from {clause} above the table"
    return None


def _has_title_word(folded: str) -> bool:
    plain = strip_pinyin(folded)  # 民生實(shí)事: a mirror site's inline pinyin splits the words
    return any(word in plain for word in _TITLE_WORDS)


def _is_title_line(text: str, folded: str) -> bool:
    """A short line with a title word that is not a section heading ("一、…", "(一)…")."""
    return len(text) <= 80 and _has_title_word(folded) and section_heading(folded) is None


def _listed_attachment(head: list[tuple[int, str, str]], number: str) -> str | None:
    """The letter's entry for attachment ``number``: "附件:1. 标题" or a following "2. 标题"."""
    for _, text, folded in head:
        entry = _LISTED.match(folded)
        if entry and entry.group(1) == number and _has_title_word(folded):
            return text[entry.end() :].strip()
    return None


def facts(doc: Document) -> ReportFacts:
    """Title, info block (索引号, 发布机构/发布单位, 发布/发文/成文日期) or the letter's signature."""
    if doc.kind == "page":
        return page_facts(doc.text)
    title = table_title(doc)
    head = _head(doc)
    text = "\n".join(fold_script(t) for _, t in head)
    found = {key: value for key, pattern in _LABELS.items() if (value := _label_value(pattern, text))}
    inferred: dict[str, str] = {}
    publisher = found.get("publisher")
    published = iso_date(found["published"]) if "published" in found else None
    if published is None:  # a letter signed "单位名称 / 2019年2月15日"
        for index, (_, line) in enumerate(head):
            date = _DATE_LINE.match(fold_script(line))
            if date:
                published = iso_date(line)
                if publisher is None and index:
                    publisher = head[index - 1][1]
                break
    plain_title = strip_pinyin(fold_script(title)) if title else None  # 岳陽(yáng)樓區(qū): 岳阳楼区
    district, year, how = district_and_year(
        doc,
        plain_title,
        fold_script(publisher) if publisher else None,
        found.get("index_no"),
    )
    inferred.update(how)
    period: Period | None = period_from_text(plain_title) if plain_title else None
    if period == "PLAN" and (progress := _progress_on_the_plan(head, title)) is not None:
        period, inferred["period"] = progress
    elif period == "PLAN" and _prints_progress(doc):
        # a plan has no progress yet: a table printing it reports some period the title names not
        period, inferred["period"] = (
            None,
            f"the title names the plan ({title}), but the table prints progress",
        )
    if period is None:
        as_of = _AS_OF_MONTH.search(fold_script(title or ""))
        where = "in the title"
        if as_of is None:  # a table title under the report's title: "…情况表(截止到12月31日)"
            as_of = _AS_OF_MONTH.search(text)
            where = "above the table"
        if as_of and as_of.group(1) in (None, str(year)):
            period = period_of_month(int(as_of.group(2)))
            if period is not None:
                inferred["period"] = f"from {as_of.group(0)}… {where}"
    if period is None and (from_heading := heading_period(fold_script(line) for line in doc.lines)):
        period, inferred["period"] = from_heading
    if period is None and _has_pipes(doc):
        # The grid read_table read, unless it kept the one-cell-per-line reading (rows joined
        # from several grids: no grid), where the pipe grid is read again.
        grid = read_table(doc).grid
        if grid is None:
            grid = pipe_grid(doc.lines)
        if (from_header := cells_header_period([[c.text for c in row] for row in grid.rows])) is not None:
            period, inferred["period"] = from_header
    if period is None:
        from_letter = announced_period([fold_script(t) for _, t in head], _prints_progress(doc))
        if from_letter is not None:
            period, inferred["period"] = from_letter
    if period == "PLAN" and _prints_progress(doc):
        # a plan has no progress yet: a table printing progress reports a period nothing names
        period, inferred["period"] = (
            None,
            "the title or a heading names the plan, but the table prints progress",
        )
    if year is None and period is not None:
        dated = published or _opening_date(head)
        if dated is not None and (in_year := year_of_a_report_dated(period, dated)) is not None:
            year, inferred["year"] = (
                in_year,
                f"from the page's date {dated}: a {period} report is dated in its year",
            )
    return ReportFacts(
        district=district,
        year=year,
        period=period,
        title=title,
        publisher=publisher,
        published=published,
        index_no=found.get("index_no"),
        inferred=inferred,
    )
