"""Saved pages read into facts and grids: charsets, span expansion, cell text, the info block,
and which table is the task table (issue 5, point 1)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtasks.errors import UndecodableFile
from govtasks.formats.page_facts import page_facts
from govtasks.grid import Cell, Grid
from govtasks.read.page import decode_page
from govtasks.tables.html import MAX_COLSPAN, page_tables, task_table

FIXTURES = Path(__file__).parent / "fixtures" / "html"

Row = list[tuple[str, int, bool]]


def load(name: str) -> str:
    return decode_page((FIXTURES / name).read_bytes())[0]


def cells(grid: Grid) -> list[Row]:
    return [[(c.text, c.line, c.from_span) for c in row] for row in grid.rows]


def texts(grid: Grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def tables(html: str) -> list[list[list[str]]]:
    return [texts(g) for g in page_tables(html)]


# --- decode_page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("xiaoshan_gb2312.html", "gb18030"),  # <meta charset="gb2312">, GBK bytes
        ("yuhang_utf8.html", "utf-8"),  # http-equiv Content-Type meta
        ("broken_spans.html", "utf-8"),
        ("gongshu_traditional.html", "utf-8"),  # nothing declared: detected
    ],
)
def test_fixture_charsets(name: str, encoding: str) -> None:
    text, found = decode_page((FIXTURES / name).read_bytes())
    assert found == encoding
    assert "<table" in text and "\ufffd" not in text


def test_gb2312_page_with_gbk_only_characters_decodes() -> None:
    # 镕 is in GBK (and GB18030) but not in GB2312: sites declare gb2312 and write GBK anyway.
    page = '<meta charset="gb2312"><p>朱镕基</p>'
    assert decode_page(page.encode("gbk")) == (page, "gb18030")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + '<meta charset="gbk">区'.encode(), ('<meta charset="gbk">区', "utf-8-sig")),
        (codecs.BOM_UTF16_LE + "<p>区</p>".encode("utf-16-le"), ("<p>区</p>", "utf-16-le")),
        (codecs.BOM_UTF16_BE + "<p>区</p>".encode("utf-16-be"), ("<p>区</p>", "utf-16-be")),
        # Declared GBK but re-saved as UTF-8 (these bytes also "decode" as GB18030, into mojibake).
        ('<meta charset="gbk"><p>萧山</p>'.encode(), ('<meta charset="gbk"><p>萧山</p>', "utf-8")),
        # An untrusted label (a CMS default) on GBK bytes: detection finds GB18030.
        (
            '<meta charset="iso-8859-1"><p>区</p>'.encode("gbk"),
            ('<meta charset="iso-8859-1"><p>区</p>', "gb18030"),
        ),
        # An unknown label falls back too.
        (b'<meta charset="x-no-such"><p>ok</p>', ('<meta charset="x-no-such"><p>ok</p>', "utf-8")),
        # Declared UTF-8 in single quotes, upper case.
        ("<META CHARSET='UTF-8'>区".encode(), ("<META CHARSET='UTF-8'>区", "utf-8")),
        # A declaration beyond the first 4 KB is not looked for; GBK bytes are still detected.
        (("<p>" + " " * 5000 + '<meta charset="big5">区').encode("gbk"), None),
    ],
)
def test_decode_page_order(data: bytes, expected: tuple[str, str] | None) -> None:
    text, encoding = decode_page(data)
    if expected is None:
        assert encoding == "gb18030" and text.endswith("区")
    else:
        assert (text, encoding) == expected


def test_declared_big5_is_honoured() -> None:
    page = '<meta http-equiv="content-type" content="text/html;charset=big5"><p>發布機構</p>'
    assert decode_page(page.encode("big5")) == (page, "big5hkscs")


@pytest.mark.parametrize(
    "data",
    [b"<p>\xff\xfe\xff</p>", codecs.BOM_UTF8 + b"<p>\xff</p>", b'<meta charset="utf-8"><p>\x80\xff</p>'],
)
def test_undecodable_pages_are_rejected(data: bytes) -> None:
    with pytest.raises(UndecodableFile):
        decode_page(data)


# --- fixtures: exact grids ----------------------------------------------------------------------


def test_xiaoshan_grids() -> None:
    grids = page_tables(load("xiaoshan_gb2312.html"))
    assert [cells(g) for g in grids] == [
        [[("首页", 9, False), ("政务公开", 9, False), ("重点工作", 9, False), ("工作任务", 9, False)]],
        [
            [
                ("索 引 号:", 13, False),
                ("H001/2020-27544", 13, False),
                ("成文日期:", 14, False),
                ("2020-08-13", 14, False),
            ],
            [
                ("发布机构:", 17, False),
                ("区政府办", 17, False),
                ("主题分类:", 18, False),
                ("政务综合类", 18, False),
            ],
        ],
        [
            [
                ("项目名称", 27, False),
                ("项目内容", 27, False),
                ("责任单位", 27, False),
                ("进展情况", 27, False),
            ],
            [
                ("支持民营企业健康发展", 30, False),
                ("提升政策兑现时效,用好“亲清在线”数字平台。", 31, False),
                ("区经信局\n区财政局", 32, False),
                ("已上线15条政策,其中14条开始兑现。\n累积兑现资金1.25亿元。", 33, False),
            ],
            [
                ("支持民营企业健康发展", 30, True),  # the rowspan copy keeps the original's line
                ("制定实施新一轮惠企扶持政策,扎实推进减税降费工作。", 36, False),
                ("区税务局", 37, False),
                ("出台惠企扶持政策,\n减免及补贴惠企扶持资金22.84亿元。", 38, False),  # <p> over two lines
            ],
        ],
    ]
    assert task_table(grids) == 2  # not the navigation table, which also prints 重点工作 and 工作任务


def test_yuhang_grids_nested_in_a_layout_table() -> None:
    grids = page_tables(load("yuhang_utf8.html"))
    assert [cells(g) for g in grids] == [
        # The layout table prints text of its own (the title block), so it is a grid too; the
        # tables nested in its cells are left out of its text.
        [
            [("", 11, False)],
            [("余杭区2021年政府工作报告重点工作任务分解表\n发布日期:2021-03-02 09:30", 17, False)],
            [("", 21, False)],
        ],
        [
            [("索 引 号", 13, False), ("002482017/2021-00123", 13, False)],
            [("发布机构", 14, False), ("余杭区人民政府办公室", 14, False)],
        ],
        [
            [
                ("序号", 24, False),
                ("重点工作", 24, False),
                ("牵头领导 / 牵头单位", 24, False),
                ("牵头领导 / 牵头单位", 24, True),
            ],
            [
                ("1", 27, False),
                ("深化“最多跑一次”改革,推进政务服务增值化。", 27, False),
                ("张三", 27, False),
                ("区数据资源局", 27, False),
            ],
            [
                ("2", 28, False),
                ("实施城市有机更新,\n完成老旧小区改造20个。", 28, False),
                ("李四", 28, False),
                ("区住建局\n区城管局", 28, False),
            ],
        ],
    ]
    assert task_table(grids) == 2


def test_broken_span_grid() -> None:
    (grid,) = page_tables(load("broken_spans.html"))
    pad = MAX_COLSPAN - 1  # colspan="1000" is clamped to MAX_COLSPAN; other rows are padded to it
    width = 3 + MAX_COLSPAN
    assert grid.width == width
    assert cells(grid) == [
        # colspan="abc" and colspan="" read as 1
        [("序号", 4, False), ("任务内容", 4, False), ("牵头部门", 4, False), ("完成情况", 4, False)]
        + [("", 4, True)] * pad,
        # rowspan="0": to the end of the section; rowspan="3;": 3
        [("一", 5, False), ("推进数字经济发展,培育新业态新模式。", 5, False), ("区发改局", 5, False)]
        + [("已完成", 5, False)]
        + [("", 5, True)] * pad,
        # rowspan="99999999999" stops at the last row
        [("一", 5, True), ("加快建设城市大脑,拓展应用场景。", 6, False), ("区发改局", 5, True)]
        + [("进行中", 6, False)]
        + [("进行中", 6, True)] * pad,
        # colspan="0" reads as 1
        [("一", 5, True), ("加快建设城市大脑,拓展应用场景。", 6, True), ("区发改局", 5, True)]
        + [("滞后", 7, False)]
        + [("", 7, True)] * pad,
        # the only free slot of the last row is the third column
        [("一", 5, True), ("加快建设城市大脑,拓展应用场景。", 6, True), ("二", 8, False)]
        + [("", 8, True)] * (width - 3),
    ]
    assert task_table([grid]) == 0


def test_traditional_grid() -> None:
    grids = page_tables(load("gongshu_traditional.html"))
    assert [cells(g) for g in grids] == [
        [
            [
                ("序號", 11, False),
                ("重點工作任務", 11, False),
                ("牽頭單位", 11, False),
                ("完成情況", 11, False),
            ],
            [
                ("1", 12, False),
                ("推進運河沿線綜合保護與開發。", 12, False),
                ("區建設局", 12, False),
                ("已完成規劃編制;\n開工建設 3 個項目。", 12, False),  # <div>s; the ideographic space goes
            ],
        ]
    ]
    assert task_table(grids) == 0  # headers matched in either script


# --- fixtures: facts ----------------------------------------------------------------------------


def test_xiaoshan_facts() -> None:
    facts = page_facts(load("xiaoshan_gb2312.html"))
    # The CMS title block, not the site banner <h2> and not the <title> with the site's name.
    assert facts.title == "【区级】杭州市萧山区人民政府2020年《政府工作报告》上半年度重点任务执行情况"
    assert (facts.district, facts.year, facts.period) == ("萧山区", 2020, "H1")
    assert (facts.index_no, facts.publisher, facts.published) == ("H001/2020-27544", "区政府办", "2020-08-13")
    assert facts.inferred == {}


def test_yuhang_facts() -> None:
    facts = page_facts(load("yuhang_utf8.html"))
    assert facts.title == "余杭区2021年政府工作报告重点工作任务分解表"  # the <h2>, not the banner <h1>
    assert (facts.district, facts.year, facts.period) == ("余杭区", 2021, "PLAN")
    assert (facts.index_no, facts.publisher) == ("002482017/2021-00123", "余杭区人民政府办公室")
    assert facts.published == "2021-03-02"  # from "发布日期:2021-03-02 09:30"
    assert facts.inferred == {}


def test_traditional_facts() -> None:
    facts = page_facts(load("gongshu_traditional.html"))
    assert facts.title == "拱墅區2020年第三季度政府工作報告重點任務執行情況"  # kept in its own script
    assert (facts.district, facts.year, facts.period) == ("拱墅区", 2020, "Q3")
    assert (facts.index_no, facts.publisher) == ("H004/2020-31277", "拱墅區發改局")
    assert facts.published == "2020-10-15"
    assert facts.inferred == {"published": "no 发布日期 (date published); the 成文日期 (date written)"}


def test_facts_of_a_page_with_only_a_browser_title() -> None:
    facts = page_facts(load("broken_spans.html"))
    assert (facts.title, facts.year, facts.period) == ("2020年第三季度重点任务执行情况", 2020, "Q3")
    assert facts.district is None and facts.publisher is None and facts.published is None
    assert facts.inferred == {
        "title": "from the page's <title>, without the site name",
        "district": "not named in the title, publisher or headings; "
        "no county named as a government in the text",
    }


def test_district_and_year_inferred_from_the_text() -> None:
    """A unit the text names as the district's organ (生态环境余杭分局) gives the district; one
    passing mention of its name does not (issue 17: a wrong fact is worse than a refusal)."""
    page = (
        "<html><head><title>重点任务执行情况-政府门户网站</title></head><body>"
        "<p>索引号:X1/2022-1</p><p>{} 2022年 余杭 2022年</p></body></html>"
    )
    facts = page_facts(page.format("生态环境余杭分局"))
    assert (facts.title, facts.district, facts.year, facts.index_no) == (
        "重点任务执行情况",
        "余杭区",
        2022,
        "X1/2022-1",
    )
    assert set(facts.inferred) == {"title", "district", "year"}
    assert "text" in facts.inferred["district"]
    passing = page_facts(page.format("余杭区"))
    assert passing.district is None
    assert "only a passing mention of 余杭区 (1×)" in passing.inferred["district"]


def test_info_block_in_one_line_of_text() -> None:
    page = (
        "<html><body><h1>2020年政府工作报告上半年重点任务执行情况</h1><div>"
        "索 引 号: H001/2020-27544 成文日期:2020-08-10 发布机构: 萧山区发改局 主题分类:综合</div>"
        "<div>发布日期:2020-08-13 15:53 访问次数:12</div></body></html>"
    )
    facts = page_facts(page)
    assert (facts.index_no, facts.publisher, facts.published) == (
        "H001/2020-27544",
        "萧山区发改局",
        "2020-08-13",
    )
    assert facts.district == "萧山区" and facts.inferred == {"district": "from the publisher 萧山区发改局"}


@pytest.mark.parametrize(
    ("browser", "expected"),
    [
        ("2020年上半年重点任务执行情况_杭州市萧山区人民政府", "2020年上半年重点任务执行情况"),
        ("萧山区人民政府 - 2021-2022年工作任务分解表", "2021-2022年工作任务分解表"),
        ("2020年第三季度执行情况|拱墅区", "2020年第三季度执行情况"),
        ("2020年第三季度执行情况——拱墅区人民政府", "2020年第三季度执行情况"),
    ],
)
def test_site_name_is_stripped_from_the_browser_title(browser: str, expected: str) -> None:
    assert page_facts(f"<html><head><title>{browser}</title></head><body></body></html>").title == expected


def test_empty_page_has_no_facts() -> None:
    facts = page_facts("")
    assert facts.title is None and facts.year is None and facts.district is None
    assert set(facts.inferred) == {"district"}  # what was found instead: nothing


# --- cell text and spans ------------------------------------------------------------------------


def test_cell_paragraphs() -> None:
    page = (
        "<table><tr><td>  区发改局<br>区\n  财政局<br/><br/>区\u3000经信局\u00a0 </td>"
        "<td><p>一、</p><p>\n</p><div>二、<span>加快</span><b>推进</b></div>三、</td>"
        "<td><script>var x = 1;</script><style>td{}</style>  </td></tr></table>"
    )
    # A line break of the source between two Chinese characters shows as nothing (区财政局); the
    # ideographic space is a real space (区 经信局).
    assert tables(page) == [[["区发改局\n区财政局\n区 经信局", "一、\n二、加快推进\n三、", ""]]]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ('<td rowspan="abc">a</td><td>b</td>', [["a", "b"], ["c", ""]]),
        ('<td rowspan="">a</td><td>b</td>', [["a", "b"], ["c", ""]]),
        ('<td rowspan="2;">a</td><td>b</td>', [["a", "b"], ["a", "c"]]),
        ('<td rowspan="-3">a</td><td>b</td>', [["a", "b"], ["c", ""]]),
        ('<td rowspan="0">a</td><td>b</td>', [["a", "b"], ["a", "c"]]),
        ('<td rowspan="99999999999999999999">a</td><td>b</td>', [["a", "b"], ["a", "c"]]),
        ('<td colspan="3x">a</td><td>b</td>', [["a", "a", "a", "b"], ["c", "", "", ""]]),
        ('<td colspan="0">a</td><td>b</td>', [["a", "b"], ["c", ""]]),
    ],
)
def test_lenient_spans(row: str, expected: list[list[str]]) -> None:
    assert tables(f"<table><tr>{row}</tr><tr><td>c</td></tr></table>") == [expected]


def test_rowspan_stays_in_its_section() -> None:
    page = (
        '<table><thead><tr><th rowspan="5">h</th><th>x</th></tr></thead>'
        "<tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
    )
    assert tables(page) == [[["h", "x"], ["a", "b"]]]


def test_overlapping_spans_keep_the_first_cell() -> None:
    page = (
        '<table><tr><td>a</td><td rowspan="2">b</td></tr>'
        '<tr><td colspan="3">c</td></tr></table>'  # c would run under b; b keeps its slot
    )
    (grid,) = page_tables(page)
    assert texts(grid) == [["a", "b", ""], ["c", "b", "c"]]
    assert [c.from_span for c in grid.rows[1]] == [False, True, True]


def test_th_and_td_are_both_cells_and_empty_tables_are_skipped() -> None:
    page = "<table></table><table><tr></tr></table><table><tr><th>序号</th><td>1</td></tr></table>"
    assert tables(page) == [[["序号", "1"]]]


def test_xml_declaration_over_several_lines_keeps_line_numbers() -> None:
    page = '<?xml version="1.0"\n encoding="utf-8"?>\n<html><body>\n<table><tr>\n<td>a</td></tr></table>'
    (grid,) = page_tables(page)
    assert grid.rows[0][0].line == 5


# --- nested tables ------------------------------------------------------------------------------


def test_layout_table_around_tables_is_skipped() -> None:
    page = (
        "<table><tr><td>\n<table><tr><td>a</td></tr></table></td>"
        "<td><table><tr><td><table><tr><td>deep</td></tr></table></td></tr></table></td></tr></table>"
    )
    assert tables(page) == [[["a"]], [["deep"]]]


def test_outer_table_with_text_of_its_own_is_kept_without_the_inner_text() -> None:
    page = "<table><tr><td>外<table><tr><td>内</td></tr></table>尾</td><td>b</td></tr></table>"
    assert tables(page) == [[["外\n尾", "b"]], [["内"]]]


# --- task_table ---------------------------------------------------------------------------------


def grid_of(*rows: tuple[str, ...]) -> Grid:
    return Grid(tuple(tuple(Cell(text, n) for text in row) for n, row in enumerate(rows, start=1)))


SENTENCE = "推进城市有机更新,完成老旧小区改造二十个"


def test_task_table_prefers_most_header_words() -> None:
    few = grid_of(("序号", "重点工作", "说明"), ("1", SENTENCE, ""))
    many = grid_of(("序 号", "重點工作", "牵头单位", "进展情况"), ("1", SENTENCE, "区建设局", "已完成"))
    assert task_table([few, many]) == 1
    assert task_table([few, few]) == 0  # ties: the earlier


def test_task_table_header_may_start_below_a_caption() -> None:
    grid = grid_of(
        ("附件",), ("2020年重点任务",), ("序号", "任务名称", "责任单位"), ("1", SENTENCE, "区发改局")
    )
    assert task_table([grid]) == 0
    lower = grid_of(("附件",), ("一",), ("二",), ("序号", "任务名称", "责任单位"), ("1", SENTENCE, "x"))
    assert task_table([lower]) is None


@pytest.mark.parametrize(
    "grid",
    [
        grid_of(("序号", "说明"), ("1", SENTENCE)),  # one header word is not enough
        grid_of(("索引号", "H001"), ("序号", "重点工作"), ("1", SENTENCE)),  # the info block
        grid_of(("发布机构", "区政府办", "序号", "备注"), ("1", SENTENCE, "", "")),
        grid_of(("首页", "重点工作", "工作任务", "进展情况"), ("联系我们", "网站地图", "", "")),  # links
        grid_of(("序号", SENTENCE + "工作任务"), ("1", SENTENCE)),  # a long cell is content
        Grid(()),
    ],
)
def test_task_table_rejects(grid: Grid) -> None:
    assert task_table([grid]) is None


def test_task_table_of_no_grids() -> None:
    assert task_table([]) is None


# --- safety -------------------------------------------------------------------------------------


def test_nothing_is_fetched(tmp_path: Path, no_network: list[object]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    page = (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<html><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:9/a.css"></head><body>'
        '<img src="http://127.0.0.1:9/a.png"><iframe src="http://127.0.0.1:9/"></iframe>'
        "<table><tr><td>&xxe;序号</td><td>重点工作</td></tr><tr><td>1</td><td>"
        + SENTENCE
        + "</td></tr></table>"
        "</body></html>"
    )
    grids = page_tables(page)
    assert "TOP-SECRET-LINE" not in repr(grids) and "TOP-SECRET-LINE" not in repr(page_facts(page))
    assert task_table(grids) == 0
    for name in sorted(p.name for p in FIXTURES.glob("*.html")):
        text = load(name)
        task_table(page_tables(text))
        page_facts(text)
    assert no_network == []


# --- property: random nested tables -------------------------------------------------------------

SPANS = st.sampled_from(
    [None, "", "0", "1", "2", "3", "3;", "abc", "-1", " 2 ", "2.5", "99999999999", "9" * 40]
)
TEXTS = st.sampled_from(
    ["", "序号", "重点工作", "区发改局<br>区财政局", "<p>一</p><p>二</p>", "&nbsp;", "a\n b"]
)


def cell_html(draw: st.DrawFn, depth: int) -> str:
    tag = draw(st.sampled_from(["td", "th"]))
    attributes = "".join(
        f' {name}="{value}"' for name in ("rowspan", "colspan") if (value := draw(SPANS)) is not None
    )
    content = draw(TEXTS)
    if depth < 2 and draw(st.booleans()):
        content += table_html(draw, depth + 1)
    return f"<{tag}{attributes}>{content}</{tag}>"


def table_html(draw: st.DrawFn, depth: int) -> str:
    rows = draw(st.integers(0, 4))
    body = "".join(
        "<tr>" + "".join(cell_html(draw, depth) for _ in range(draw(st.integers(0, 4)))) + "</tr>\n"
        for _ in range(rows)
    )
    wrapper = draw(st.sampled_from(["{}", "<tbody>{}</tbody>", "<thead>{}</thead><tbody>{}</tbody>"]))
    return "<table>\n" + wrapper.replace("{}", body) + "</table>"


@st.composite
def pages(draw: st.DrawFn) -> str:
    return (
        "<html><body>\n"
        + "".join(table_html(draw, 0) for _ in range(draw(st.integers(1, 3))))
        + "</body></html>"
    )


@settings(max_examples=100, deadline=None)
@given(pages())
def test_random_nested_tables_give_rectangular_grids(page: str) -> None:
    grids = page_tables(page)
    for grid in grids:
        assert grid.width >= 1
        assert all(len(row) == grid.width for row in grid.rows)
        # at most four cells a row, each clamped; rowspans from above can push a row right
        assert grid.width <= 4 * MAX_COLSPAN * len(grid.rows)
        assert all(cell.line >= 1 for row in grid.rows for cell in row)
    index = task_table(grids)
    assert index is None or 0 <= index < len(grids)
