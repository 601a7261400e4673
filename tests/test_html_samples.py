"""Same document, same rows (issue 5, point 2): a saved page and a text dump of one document
give the same report and the same rows, field for field.

``tests/fixtures/html_samples/`` holds the five samples rendered as their district CMS prints
them (benchmarks/pages.py): the info block and the title above the task table, a navigation
bar and a footer around it, category cells spanning their rows with ``rowspan``, unit and
leader lists split by ``<br>`` or "、", long cells as several ``<p>`` and source lines wrapped
inside Chinese text, 000 in GBK declared as gb2312, 002's article printed twice. Each page is
made from its sample's own facts and raw rows, and read back through the generic page reader
(formats/generic.py, govtasks.tables.html), never through the sample's layout module.

Regenerate the pages after changing the renderer (a test checks the committed bytes)::

    .venv/bin/python benchmarks/pages.py --write-fixtures
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from tests.conftest import RAW, SAMPLES, read_table

from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.formats.page_facts import header_period, page_facts
from govtasks.link.blocks import dedupe
from govtasks.models import CleanRow, ParsedFile
from govtasks.read.document import read_document
from govtasks.read.page import decode_page
from govtasks.run.ingest import run_ingest
from govtasks.run.per_file import process_file
from govtasks.run.settings import RunSettings
from govtasks.tables.html import page_tables, task_table
from pages import FIXTURES, LAYOUT_STYLES, one_copy, render_page, sample_pages, style_for

#: The facts a report carries, compared one by one.
FACTS = ("district", "year", "period", "title", "publisher", "published", "index_no")
#: Progress rows per sample (after dropping 002's second printing): the text dumps' counts.
ROWS = {"000": 82, "001": 15, "002": 128, "003": 103, "004": 83}
#: Flags the normalize stage sets from the text itself, whatever the source's layout.
TEXT_FLAGS = frozenset({"garbled_repaired", "garbled"})


def page_path(sample: str) -> Path:
    return FIXTURES / SAMPLES[sample].with_suffix(".html").name


@cache
def parsed(path: Path) -> ParsedFile:
    result = process_file(path, path.parent, default_phrases())
    assert isinstance(result, ParsedFile), result
    return result


def statements(rows: tuple[CleanRow, ...] | list[CleanRow]) -> list[tuple[object, ...]]:
    return [row.same_statement() for row in rows]


# --- the fixtures ---------------------------------------------------------------------------


def test_committed_pages_are_what_the_renderer_writes() -> None:
    pages = sample_pages(RAW)
    assert sorted(p.name for p in pages) == sorted(p.name for p in FIXTURES.glob("*.html"))
    for page in pages:
        assert (FIXTURES / page.name).read_bytes() == page.data, (
            f"{page.name} is stale: run .venv/bin/python benchmarks/pages.py --write-fixtures"
        )


def test_rendering_is_deterministic() -> None:
    assert [p.data for p in sample_pages(RAW)] == [p.data for p in sample_pages(RAW)]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_page_charset(sample: str) -> None:
    data = page_path(sample).read_bytes()
    if sample == "000":  # GBK bytes declared as gb2312, read as GB18030
        assert b"charset=gb2312" in data
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert decode_page(data)[1] == "gb18030"
    else:
        assert b'<meta charset="utf-8">' in data
        assert decode_page(data)[1] == "utf-8"


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_task_table_is_picked_among_the_page_tables(sample: str) -> None:
    grids = page_tables(decode_page(page_path(sample).read_bytes())[0])
    # navigation bar, info block, the task table (twice in 002), footer
    assert len(grids) == (5 if sample == "002" else 4)
    assert task_table(grids) == 2


# --- one document, two sources: the same report -------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_page_gives_the_facts_of_the_text(sample: str) -> None:
    text, page = parsed(SAMPLES[sample]), parsed(page_path(sample))
    assert {k: getattr(page.facts, k) for k in FACTS} == {k: getattr(text.facts, k) for k in FACTS}
    # The same facts are inferred, not printed, in both (003 prints no header at all; 002 and
    # 004 name no district in the title). How they were inferred is worded by each reader.
    assert set(page.facts.inferred) == set(text.facts.inferred)
    assert page.script == text.script
    # The text dump is read by its layout's module, the page by the generic page reader.
    layout = formats.choose(read_document(SAMPLES[sample])).format.NAME
    assert (page.format, text.format) == ("generic", layout)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_page_gives_the_rows_of_the_text_field_for_field(sample: str) -> None:
    text, page = parsed(SAMPLES[sample]), parsed(page_path(sample))
    # 002's text dump holds the page twice (the article, then a second rendering after the
    # page chrome); the link stage keeps each row once. The page prints the article twice too,
    # and the reader reads its first task table: the rows of one printing.
    text_rows, _ = dedupe(text.rows)
    assert len(page.rows) == len(text_rows) == ROWS[sample]
    for page_row, text_row in zip(page.rows, text_rows, strict=True):
        assert page_row.same_statement() == text_row.same_statement(), (page_row.source_line, text_row)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_flags_differ_only_where_the_sources_print_differently(sample: str) -> None:
    """Flags say how each source printed a row, so they legitimately differ: the page's rows
    under a category cell carry ``span_filled`` (the category came from a rowspan), the text's
    carry what its layout module noticed (joined paragraphs, glued cells split, numbering).
    What the normalize stage finds in the text itself (garbled spans) is the same."""
    text_rows, _ = dedupe(parsed(SAMPLES[sample]).rows)
    page_rows = parsed(page_path(sample)).rows
    spanned = [
        index > 0 and row.category is not None and row.category == page_rows[index - 1].category
        for index, row in enumerate(page_rows)
    ]
    assert ["span_filled" in row.flags for row in page_rows] == spanned
    assert [set(row.flags) - {"span_filled"} for row in page_rows] == [
        set(row.flags) & TEXT_FLAGS for row in text_rows
    ]


# --- other ways sites print the same table ----------------------------------------------------

#: Print choices other sites make, each applied on top of a sample's own style.
VARIANTS = {
    "repeated categories": {"categories": "repeat"},
    "section number run into the name": {"category_no_paragraph": False},
    "lists one per line": {"list_separator": "<br/>"},
    "lists with 、": {"list_separator": "、"},
    "lists one per paragraph": {"list_separator": "</p><p>"},
    "paragraphs by br": {"paragraphs": "br"},
    "plain markup in a thead": {"word_markup": False, "header_cells": "th", "thead": True},
    "source wrapped every few characters": {"wrap": 7},
}


@pytest.mark.parametrize("sample", ["002", "004"])  # categories and units; leaders and units
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_other_print_styles_give_the_same_rows(sample: str, variant: str, tmp_path: Path) -> None:
    doc = read_document(SAMPLES[sample])
    module = formats.choose(doc).format
    base = style_for(module.NAME)
    style = dataclasses.replace(base, **VARIANTS[variant])
    path = tmp_path / "page.html"
    path.write_bytes(render_page(module.facts(doc), one_copy(list(module.parse(doc))), style=style))
    result = process_file(path, tmp_path, default_phrases())
    assert isinstance(result, ParsedFile), result
    assert statements(result.rows) == statements(dedupe(parsed(SAMPLES[sample]).rows)[0])


def test_every_sample_layout_has_a_style() -> None:
    layouts = {formats.choose(read_document(path)).format.NAME for path in SAMPLES.values()}
    assert layouts == set(LAYOUT_STYLES)


def test_a_page_naming_no_article_is_not_titled_by_its_site() -> None:
    """003's dump prints no title, so its page has none: its ``<title>`` is the site's name,
    which is not the report's title; the period comes from the progress column's header."""
    data = page_path("003").read_bytes()
    assert b"<title>\xe6\x9d\xad\xe5\xb7\x9e\xe5\xb8\x82" in data  # <title>杭州市余杭区人民政府
    facts = parsed(page_path("003")).facts
    assert (facts.title, facts.period) == (None, "H1")
    assert facts.inferred["period"] == "from the progress column header '半年度工作完成情況'"


# --- reader rules the pages needed -------------------------------------------------------------


def test_source_line_breaks_inside_chinese_show_as_nothing() -> None:
    # Word's HTML export wraps long lines anywhere in Chinese text, also between elements; a
    # browser shows nothing there, and a space where a break touches a Latin letter or digit.
    page = (
        "<table><tr><th>序号</th><th>项目内容</th><th>进展情况</th></tr>"
        "<tr><td>1</td><td><span>推进城市有机更新，</span>\n  <span>完成老旧小区</span>\n<b>改造</b></td>"
        "<td>已完成\n  改造\n20个,涉及\r\n5G基站</td></tr></table>"
    )
    (grid,) = page_tables(page)
    assert [c.text for c in grid.rows[1]] == [
        "1",
        "推进城市有机更新，完成老旧小区改造",  # "，" is a wide character, "," is not
        "已完成改造 20个,涉及 5G基站",
    ]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (("序号", "重点工作", "半年度工作完成情况"), "H1"),
        (("序号", "重点工作", "年度目标", "三季度完成情况"), "Q3"),  # 年度目标 (annual target) is no progress
        (("序号", "重点工作", "一季度完成情况", "二季度完成情况"), None),  # the table covers two quarters
        (("序号", "重点工作", "完成情况"), None),
    ],
)
def test_period_from_the_progress_header(headers: tuple[str, ...], expected: str | None) -> None:
    row = "".join(
        f"<td>{cell}</td>" for cell in ("1", "推进城市有机更新,完成老旧小区改造20个", *["完成"] * 2)
    )
    page = "<table><tr>" + "".join(f"<th>{h}</th>" for h in headers) + f"</tr><tr>{row}</tr></table>"
    found = header_period(page)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("browser", "title"),
    [
        ("杭州市余杭区人民政府", None),  # only the site's name
        ("余杭区政府门户网站", None),
        ("2022年半年度工作完成情况_杭州市余杭区人民政府", "2022年半年度工作完成情况"),
    ],
)
def test_a_browser_title_that_only_names_the_site_is_no_title(browser: str, title: str | None) -> None:
    page = f"<html><head><title>{browser}</title></head><body><h1>杭州市余杭区人民政府</h1></body></html>"
    assert page_facts(page).title == title


def test_a_page_in_an_encoding_it_cannot_declare_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported page encoding"):
        render_page(parsed(SAMPLES["001"]).facts, [], encoding="latin-1")


# --- ingest ---------------------------------------------------------------------------------


def _per_report(out: Path) -> tuple[dict[str, int], Counter[str]]:
    reports = pq.read_table(out / "reports.parquet").to_pylist()
    progress = pq.read_table(out / "progress.parquet").to_pylist()
    names = {r["report_id"]: r["source_file"] for r in reports}
    return {r["source_file"]: r["n_rows"] for r in reports}, Counter(names[p["report_id"]] for p in progress)


@pytest.mark.e2e
def test_ingest_of_the_pages_alone(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample in SAMPLES:
        shutil.copy(page_path(sample), raw)
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "5 files: 5 ingested, 0 rejected; 5 reports, 406 tasks, 411 progress rows" in result.stderr
    n_rows, progress = _per_report(tmp_path / "out")
    expected = {page_path(s).name: count for s, count in ROWS.items()}
    assert n_rows == expected and dict(progress) == expected


def test_ingest_of_pages_beside_their_text_dumps(tmp_path: Path) -> None:
    """A page beside the text dump of the same document is a copy of one report (docs/architecture.md,
    "Copies of one document"): both are listed in ``reports``, one of them ``duplicate_of``
    the other, and every statement is one progress row whose ``also_in`` names the copy. So
    the tables hold what either source alone gives: 411 progress rows and the same tasks.

    The primary of two equal copies is decided by the file name (same rows, script and date):
    the page, as "….html" sorts before "….txt"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample, path in SAMPLES.items():
        shutil.copy(path, raw)
        shutil.copy(page_path(sample), raw)
    quiet = Console(file=io.StringIO())
    run_ingest(RunSettings(raw, tmp_path / "out"), console=quiet)
    texts_dir = tmp_path / "texts"
    shutil.copytree(RAW, texts_dir)
    run_ingest(RunSettings(texts_dir, tmp_path / "texts-out"), console=quiet)
    both = {name: read_table(tmp_path / "out", name) for name in ("reports", "tasks", "progress")}
    texts = {name: read_table(tmp_path / "texts-out", name) for name in ("reports", "tasks", "progress")}

    by_file = {r.source_file: r for r in both["reports"]}
    assert len(both["reports"]) == 10
    for sample, path in SAMPLES.items():
        page, text = by_file[page_path(sample).name], by_file[path.name]
        assert (page.duplicate_of, text.duplicate_of) == (None, page.report_id)
        assert page.n_rows == text.n_rows == ROWS[sample]
    assert len(both["progress"]) == 411
    copies = {by_file[path.name].report_id for path in SAMPLES.values()}
    assert all(len(p.also_in) == 1 and p.also_in[0] in copies for p in both["progress"])
    assert not any("copy_differs" in p.flags for p in both["progress"])
    # The same tasks (ids included) as from the text dumps alone.
    tasks = [sorted(t.model_dump_json() for t in tables["tasks"]) for tables in (both, texts)]
    assert tasks[0] == tasks[1]
