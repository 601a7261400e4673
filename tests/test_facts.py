"""Report facts without a sidecar (issue 17, point 6): the district from the title, the
publisher, a heading or signing office, the 索引号's division code, or the text's organs'
names, from the official list of China's divisions; never a river, a company's name or one
passing mention; the period from month ranges and period words. Each rule on real pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govtasks.errors import MissingFacts
from govtasks.formats import generic
from govtasks.formats.base import district_from_text, period_from_text
from govtasks.formats.divisions import by_name, divisions, mentions
from govtasks.models import PERIOD_ORDER, ReportFacts
from govtasks.read.document import Document, document_from_bytes, read_bytes
from govtasks.run.per_file import identify

ROOT = Path(__file__).resolve().parent
EXTRA = ROOT / "fixtures" / "samples-extra"
FIELD = ROOT / "fixtures" / "field"
RAW = ROOT.parent / "data" / "raw"


def doc_of(path: Path, text: str | None = None) -> Document:
    data = read_bytes(path) if text is None else text.encode("utf-8")
    return document_from_bytes(data, path)


def facts_of(path: Path) -> ReportFacts:
    return identify(doc_of(path), path).facts


def expected(stem: str) -> dict[str, object]:
    facts = json.loads((FIELD / f"{stem}.expected.json").read_text(encoding="utf-8"))["facts"]
    return {key: value["value"] for key, value in facts.items()}


# --- the list -------------------------------------------------------------------------------


def test_the_list_is_complete_and_keeps_merged_districts() -> None:
    counties = [d for d in divisions() if d.level == "county"]
    assert 2800 < len(counties) < 3000  # 2,844 county-level divisions, plus the few legacy names
    assert {d.city for d in by_name()["鼓楼区"]} == {"福州市", "开封市", "徐州市", "南京市"}
    for name, successor in (("下城区", "拱墅区"), ("江干区", "上城区")):
        (old,) = by_name()[name]
        assert (old.until, old.successor) == (2021, successor)
    assert {"临平区", "钱塘区", "柯桥区", "沙坪坝区", "二连浩特市"} <= set(by_name())


# --- where a district is taken from ---------------------------------------------------------


@pytest.mark.parametrize("stem", ["a04_gongshu_2024_q2", "a11_gongshu_2023_q4"])
def test_district_from_the_title(stem: str) -> None:
    facts = facts_of(FIELD / f"{stem}.txt")
    assert (facts.district, facts.year, facts.period) == tuple(expected(stem).values())
    assert "district" not in facts.inferred


@pytest.mark.parametrize("stem", ["d11_yueyanglou_2017_m8", "d12_yueyanglou_0000_h1"])
def test_title_read_without_inline_pinyin(stem: str) -> None:
    """Mirror sites put pinyin after characters ("岳陽(yáng)樓區(qū)…民生實(shí)事"): the title is
    read without it, so its place, year and period are found (岳阳楼 1-6月 prints no year)."""
    facts = generic.facts(doc_of(FIELD / f"{stem}.txt"))
    assert (facts.district, facts.year, facts.period) == tuple(expected(stem).values())
    assert facts.title is not None and "(" not in facts.title


@pytest.mark.parametrize(
    ("stem", "publisher"),
    [
        ("c08_cangnan_2022_m10", "苍南县人民政府办公室"),
        ("c11_ningbo_2019_plan", "宁波市人民政府办公厅"),  # a city's own report: the city
        ("c09_lishui_2023_plan", "丽水市政府"),
    ],
)
def test_district_from_the_publisher(stem: str, publisher: str) -> None:
    facts = facts_of(FIELD / f"{stem}.txt")
    assert (facts.district, facts.year, facts.period) == tuple(expected(stem).values())
    assert publisher in facts.inferred["district"]


@pytest.mark.parametrize(
    ("name", "district", "heading"),
    [
        ("29_caidian_2023_plan_label_lines.txt", "蔡甸区", "蔡甸区人民政府办公室"),  # the signing office
        ("22_xihu_2019_minsheng_progress_asterisk_units.txt", "西湖区", "涉及西湖区指标落实情况表"),
    ],
)
def test_district_from_a_heading(name: str, district: str, heading: str) -> None:
    facts = facts_of(EXTRA / name)
    assert facts.district == district
    assert "heading" in facts.inferred["district"] and heading in facts.inferred["district"]


def test_a_name_of_several_divisions_says_so() -> None:
    """西湖区 is 杭州's and 南昌's: the page prints neither city, so the note says it."""
    facts = facts_of(EXTRA / "22_xihu_2019_minsheng_progress_asterisk_units.txt")
    assert "2 county-level divisions (南昌市, 杭州市)" in facts.inferred["district"]


@pytest.mark.parametrize(
    "path",
    [EXTRA / "23_linan_2022_q3_minsheng_pipes_rowspan.txt", FIELD / "a14_linan_2022_plan.txt"],
)
def test_district_from_the_index_numbers_division_code(path: Path) -> None:
    """临安's pages print 索引号 000330185/…: 330185 is 临安市's code, 临安区 since 2017; the
    publisher 区府办 is a district's office. Read by the generic reader's facts."""
    facts = generic.facts(doc_of(path))
    assert facts.district == "临安区"
    assert "330185 is the code of 临安市 (临安区 after 2017)" in facts.inferred["district"]


@pytest.mark.parametrize(
    ("path", "district"),
    [
        (EXTRA / "06_gongshu_2020_q3_gov.txt", "拱墅区"),  # one unit 生态环境拱墅分局
        (EXTRA / "08_gongshu_2022_q3_gov_seq5col.txt", "拱墅区"),  # and a passing 杭州亚运会
        (RAW / "002_0c120a087920f187.txt", "拱墅区"),
        (FIELD / "b12_wuchang_2021_q3.txt", "武昌区"),  # a district's progress on the city's report
    ],
)
def test_district_from_organs_in_the_text(path: Path, district: str) -> None:
    facts = facts_of(path)
    assert facts.district == district
    assert "mentions of" in facts.inferred["district"]


def test_a_district_office_reporting_on_the_citys_report_is_the_district() -> None:
    """b06: 2021《市政府工作报告》半年完成情况, published by 区政府督查室: not the city's."""
    facts = facts_of(FIELD / "b06_wuchang_2021_h1.txt")
    assert (facts.district, facts.year, facts.period) == tuple(expected("b06_wuchang_2021_h1").values())


def test_a_city_report_named_by_its_headings_is_the_city() -> None:
    facts = facts_of(EXTRA / "12_hangzhou_city_2021_plan_ddjlg_leader_sections.txt")
    assert facts.district == "杭州市"


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "reason"),
    [
        ("c12_keqiao_2023_q1", "only a passing mention of 平阳县 (1×)"),
        ("c16_shaoxing_2020_fy", "only a passing mention of 上虞区 (1×)"),
        ("a03_yuhang_2022_plan", "no county named as a government in the text"),
    ],
)
def test_weak_evidence_is_refused_with_what_was_found(stem: str, reason: str) -> None:
    path = FIELD / f"{stem}.txt"
    doc = doc_of(path)
    facts = generic.facts(doc)
    assert facts.district is None
    assert reason in facts.inferred["district"]


def test_the_refusal_names_what_was_found(tmp_path: Path) -> None:
    from govtasks.run.per_file import examine

    source = FIELD / "c12_keqiao_2023_q1.txt"
    (tmp_path / source.name).write_bytes(source.read_bytes())
    outcome = examine(tmp_path / source.name, tmp_path, None).outcome  # type: ignore[arg-type]
    assert outcome.code == MissingFacts.code  # type: ignore[union-attr]
    assert "only a passing mention of 平阳县 (1×)" in outcome.reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("stem", "reason"),
    [
        # a city's ranking of its counties: 舒城县 named 6 times is not the district
        ("d07_luan_2017_m7", "counties named (舒城县"),
        ("d02_zhaoqing_2020_unknown", "8 counties named (端州区, 鼎湖区, 高要区 …)"),
    ],
)
def test_a_text_naming_many_counties_gives_none_of_them(stem: str, reason: str) -> None:
    facts = generic.facts(doc_of(FIELD / f"{stem}.txt"))
    assert facts.district is None
    assert reason in facts.inferred["district"]


def test_a_title_naming_the_city_over_a_countys_organs_is_refused() -> None:
    """d13: "2025年宁波市政府民生实事项目进展情况" on 余姚市's site, units 市发改局 … and
    生态环境局余姚分局: 余姚's progress on 宁波's list, not 宁波市's report; refused, not 宁波市."""
    facts = generic.facts(doc_of(FIELD / "d13_yuyao_2025_m5.txt"))
    assert facts.district is None
    assert "names 宁波市, but the text names 余姚市's organs" in facts.inferred["district"]
    assert (facts.year, facts.period) == (2025, "M5")


def test_a_span_of_years_names_no_report_year() -> None:
    """d14 prints no year but 《…三年行动方案(2019-2021年)》: 2021 is not the report's year."""
    facts = generic.facts(doc_of(FIELD / "d14_nantong_2019_h1.txt"))
    assert facts.year is None


def test_a_river_is_not_a_district() -> None:
    """钱塘江 (a river) in a 西湖区 page and in 杭州's list is never 钱塘区."""
    xihu = (EXTRA / "22_xihu_2019_minsheng_progress_asterisk_units.txt").read_text(encoding="utf-8")
    path = EXTRA / "22_xihu_2019_minsheng_progress_asterisk_units.txt"
    with_river = xihu.replace("近期,", "近期,钱塘江沿岸、钱塘江两岸、钱塘江金融港湾,", 1)
    assert "钱塘江" in with_river
    assert generic.facts(doc_of(path, with_river)).district == "西湖区"
    hangzhou = (FIELD / "a10_hangzhou_2021_plan.txt").read_text(encoding="utf-8")
    assert "钱塘江" in hangzhou
    assert district_from_text(hangzhou).name != "钱塘区"
    assert all(m.name != "钱塘区" for m in mentions(hangzhou))


def test_a_passing_city_mention_does_not_make_a_district_report_the_citys() -> None:
    """08 names 杭州亚运会 in its rows: its district stays 拱墅区; a page naming no county and
    only 杭州 in passing is refused, not made 杭州市's."""
    assert facts_of(EXTRA / "08_gongshu_2022_q3_gov_seq5col.txt").district == "拱墅区"
    path = EXTRA / "06_gongshu_2020_q3_gov.txt"
    text = path.read_text(encoding="utf-8").replace("生态环境拱墅分局", "杭州亚运会筹备办")
    facts = generic.facts(doc_of(path, text))
    assert facts.district is None
    assert "no county named as a government" in facts.inferred["district"]


def test_a_company_name_is_not_a_district() -> None:
    path = EXTRA / "06_gongshu_2020_q3_gov.txt"
    text = path.read_text(encoding="utf-8").replace(
        "生态环境拱墅分局", "生态环境拱墅分局、杭州市钱塘区城市建设发展有限公司、钱塘区城投集团有限公司"
    )
    assert generic.facts(doc_of(path, text)).district == "拱墅区"
    assert [m.name for m in mentions("杭州萧山国际机场有限公司、余杭区交通集团有限公司")] == []


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "period"),
    [
        ("c06_xuancheng_2020_neg", "M11"),  # 2020年1-11月份 in its title
        ("b12_wuchang_2021_q3", "Q3"),  # 前三季度完成情况通报
        ("b06_wuchang_2021_h1", "H1"),  # 半年完成情况通报
    ],
)
def test_period_from_the_title(stem: str, period: str) -> None:
    text = (FIELD / f"{stem}.txt").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if "政府工作报告" in line and "情况" in line)
    assert period_from_text(title) == period == expected(stem)["period"]


def test_as_of_a_month_that_ends_no_quarter() -> None:
    """c08: 2022年度 (the year's name, not FY) … (截至10月31日): January to October, M10."""
    facts = facts_of(FIELD / "c08_cangnan_2022_m10.txt")
    assert facts.period == "M10"
    assert facts.period == expected("c08_cangnan_2022_m10")["period"]


def test_period_from_the_progress_column_header() -> None:
    """A pipe dump (c20: "一季度重点工作完成情况", whose head noun 情况 makes it the progress
    column) and a saved page (sample 003's: "半年度工作完成情況") name their period there."""
    facts = generic.facts(doc_of(FIELD / "c20_pinghu_2025_q1.txt"))
    assert facts.period == "Q1" == expected("c20_pinghu_2025_q1")["period"]
    assert "一季度重点工作完成情况" in facts.inferred["period"]
    page = ROOT / "fixtures" / "html_samples" / "003_96235b2aa55a9220.html"
    assert generic.facts(doc_of(page)).period == "H1"


def test_month_periods_sort_by_their_last_month() -> None:
    assert PERIOD_ORDER["Q1"] < PERIOD_ORDER["M5"] < PERIOD_ORDER["H1"]
    assert PERIOD_ORDER["Q3"] < PERIOD_ORDER["M11"] < PERIOD_ORDER["Q4"] < PERIOD_ORDER["FY"]
