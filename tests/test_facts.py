"""Report facts without a sidecar (issue 17, point 6): the district from the title, the
publisher, a heading or signing office, the 索引号's division code, or the text's organs'
names, from the official list of China's divisions; never a river, a company's name or one
passing mention; the period from month ranges and period words. Each rule on real pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtasks.clean.folding import fold_script
from govtasks.errors import MissingFacts
from govtasks.formats import generic
from govtasks.formats.base import (
    _city_over_its_counties,
    _county_organs_of,
    _from_index_no,
    _issuer_of_the_report,
    _one_county_of_its_level,
    _province_from_text,
    district_from_text,
    heading_lines,
    headings_in,
    period_from_text,
    table_start,
    year_of_a_report_dated,
)
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
    """The text's counties give no district (d07's is its signature's city: see
    test_a_bulletin_signed_by_its_governments_office)."""
    text = doc_of(FIELD / f"{stem}.txt").folded_text
    assert district_from_text(text).name is None
    assert reason in str(district_from_text(text).reason)
    if stem == "d02_zhaoqing_2020_unknown":
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


def right_facts(stem: str) -> ReportFacts:
    """The facts found with no sidecar, each the page's (as the expected file has them)."""
    facts = facts_of(FIELD / f"{stem}.txt")
    want = expected(stem)
    for key in ("district", "year", "period"):
        found = getattr(facts, key)
        assert found is None or found == want[key], (stem, key, found, want[key])
    return facts


@pytest.mark.parametrize(
    ("stem", "organ"),
    [
        ("d03_yuzhong_2023_plan", "渝中区人民政府办公室"),  # 渝中区 printed once, as the government
        ("b04_lishan_2023_plan", "立山区人民政府文件"),
    ],
)
def test_a_full_name_before_an_organs_word_names_the_government(stem: str, organ: str) -> None:
    text = doc_of(FIELD / f"{stem}.txt").folded_text
    assert organ in text
    guess = district_from_text(text)
    assert guess.name == expected(stem)["district"]
    assert any(m.organ and m.name == guess.name for m in mentions(organ))
    assert right_facts(stem).district == expected(stem)["district"]


def test_a_one_character_name_at_a_phrases_end_is_no_organ() -> None:
    """c04 prints "…和县政府工作安排" (and the counties' government's …): not 和县's organ."""
    text = doc_of(FIELD / "c04_yishui_2023_neg.txt").folded_text
    assert "和县政府" in text
    assert not any(m.organ for m in mentions(text) if m.name == "和县")


@pytest.mark.parametrize("stem", ["d07_luan_2017_m7", "d08_luan_2021_q3"])
def test_a_bulletin_signed_by_its_governments_office(stem: str) -> None:
    """六安市民生办 signs both bulletins (d07 after the last sentence, on its line; d08 on a
    line of its own, under the title 六安市1至9月份民生工程实施进度通报)."""
    facts = right_facts(stem)
    assert facts.district == "六安市"
    text = doc_of(FIELD / f"{stem}.txt").folded_text
    assert "六安市民生办" in heading_lines(text.split("\n"))


def test_a_bulletin_is_a_heading() -> None:
    """d08's title ends in 通报 (bulletin), no other heading word: one page."""
    text = doc_of(FIELD / "d08_luan_2021_q3.txt").folded_text
    assert "六安市1至9月份民生工程实施进度通报" in heading_lines(text.split("\n"))


def test_inline_pinyin_does_not_split_a_name() -> None:
    """d12's title 1-6月岳陽(yáng)樓區(qū)重點(diǎn)民生實(shí)事項(xiàng)目進(jìn)度表: the pinyin splits the
    name and the title word; d11 (the same site) keeps its district from the title."""
    facts = right_facts("d12_yueyanglou_0000_h1")
    assert (facts.district, facts.period) == ("岳阳楼区", "H1")
    assert right_facts("d11_yueyanglou_2017_m8").district == "岳阳楼区"


def test_a_letter_to_the_counties_is_the_citys() -> None:
    """e05 (许政 … 各县(市、区)人民政府, 市人民政府各部门; 许昌市人民政府文件 once) gives
    许昌市; the other letters so addressed (c11, e15, e16) name their city too."""
    facts = right_facts("e05_xuchang_2020_plan")
    assert facts.district == "许昌市"
    for stem in ("c11_ningbo_2019_plan", "e15_zhoushan_2022_plan", "e16_huzhou_2024_plan"):
        assert right_facts(stem).district == expected(stem)["district"]


def test_a_county_written_with_its_citys_mark() -> None:
    """d16: 济南市中区 is 济南市's 市中区 (the 市 written once); its bare 市中区 then counts."""
    facts = right_facts("d16_shizhong_2021_plan")
    assert facts.district == "市中区"
    assert [m.name for m in mentions("济南市中区结合全区民生实事")] == ["济南市", "市中区"]
    assert [m.name for m in mentions("济南市中心城区")] == ["济南市"]


def test_an_unnamed_county_offices_letter_naming_its_county_short() -> None:
    """d01: 县人民政府办公室关于 … 市《政府工作报告》涉及嘉鱼的 …, 嘉鱼 9 times: 嘉鱼县 (one
    page); the district offices' letters of the corpus (b05, b21, e03) name no county so and
    are left to their other evidence."""
    facts = right_facts("d01_jiayu_2021_plan")
    assert facts.district == "嘉鱼县"
    assert "嘉鱼 in its headings" in facts.inferred["district"]
    for stem in ("b05_xialu_2020_plan", "e03_gulou_2025_plan"):
        right_facts(stem)


def test_a_provinces_own_report() -> None:
    """a19: 省政府印发…责任分解通知 under a site's menu, the text naming 浙江省 and 杭州市 (in
    it): 浙江省. d10 (广东省, from its title) passes the same test on its text."""
    facts = right_facts("a19_zhejiang_2020_plan")
    assert facts.district == "浙江省"
    assert "province" in facts.inferred["district"]
    text = doc_of(FIELD / "d10_guangdong_2021_plan.txt").folded_text
    assert _province_from_text(text) == "广东省"


@pytest.mark.parametrize("stem", ["h12_wuchang_2021_q1", "d18_longwan_2024_m11", "e10_fenghua_2025_h1"])
def test_an_unnamed_district_office_and_one_passing_mention_is_no_evidence(stem: str) -> None:
    """区政府办 / 区政府办公室 / 区发改局 publish 区《政府工作报告》 progress and the text names
    one 区, once (设立武昌区投资促进中心, 温州湾新区、龙湾区…收入, 宁波市奉化区医疗健康综合体).
    Judgement: one passing mention is no evidence even here ("与江岸区共建" would name another
    district once): the district is refused, with the sidecar hint, as the issue asks; twice or
    as an organ it is taken (the doctests of _one_county_of_its_level). c12 (区政府办, naming
    only 平阳县, a 县) stays refused too."""
    text = doc_of(FIELD / f"{stem}.txt").folded_text
    assert _one_county_of_its_level(text, "区政府办") is None
    keqiao = doc_of(FIELD / "c12_keqiao_2023_q1.txt").folded_text
    assert _one_county_of_its_level(keqiao, "区政府办(外事办)") is None


def test_a_city_report_handing_work_to_several_of_its_districts() -> None:
    """h07: 广州市人民政府's notice names 黄埔区、南沙区政府 and 荔湾区、黄埔区政府 as supporting
    units: the city's report, not one district's (one page names several districts as organs;
    d13, naming 余姚市's organs alone under 宁波市's title, stays refused)."""
    facts = right_facts("h07_guangzhou_2021_plan")
    assert (facts.district, facts.period) == ("广州市", "PLAN")
    text = doc_of(FIELD / "h07_guangzhou_2021_plan.txt").folded_text
    assert _county_organs_of(text, "广州市") is None
    yuyao = doc_of(FIELD / "d13_yuyao_2025_m5.txt").folded_text
    assert _county_organs_of(yuyao, "宁波市") == "余姚市"


@pytest.mark.parametrize(
    ("stem", "city"), [("h11_anshun_2019_fy", "安顺市"), ("h07_guangzhou_2021_plan", "广州市")]
)
def test_a_city_naming_its_counties_and_handing_them_work(stem: str, city: str) -> None:
    """h11 names 西秀区, 平坝区, 普定县 … (all 安顺市's) and 各县区政府 as a unit; h07 names three
    of 广州市's districts and writes to 各区人民政府: the city's report (decisive on h11 only,
    h07's city is its publisher's). d02 names 8 of 肇庆市's counties but never 肇庆市: refused."""
    text = doc_of(FIELD / f"{stem}.txt").folded_text
    found = _city_over_its_counties(text)
    assert found is not None and found[0] == city
    assert right_facts(stem).district == city
    zhaoqing = doc_of(FIELD / "d02_zhaoqing_2020_unknown.txt").folded_text
    assert _city_over_its_counties(zhaoqing) is None


def test_the_government_issuing_the_report() -> None:
    """i04 (a news repost: 浙江省人民政府办公厅印发2024年政府工作报告重点工作责任分解的通知) and
    h02 (河南省人民政府 关于明确政府工作报告提出的2023年重点工作责任单位的通知, on one line):
    the province. Every corpus page where a clause names its issuer so gets the expected one."""
    facts = right_facts("i04_zhejiang_2024_plan")
    assert facts.district == "浙江省"
    assert "issued by 浙江省人民政府办公厅" in facts.inferred["district"]
    henan = generic.facts(doc_of(FIELD / "h02_henan_2023_plan.txt"))
    # (its period, PLAN, is refused since the one-line list is read: the announcing clause
    # "现将…予以分解" is on the list's own line, no longer above the table; open)
    assert (henan.district, henan.year) == tuple(expected("h02_henan_2023_plan").values())[:2]
    checked = 0
    for path in sorted(FIELD.glob("*.txt")):
        found = _issuer_of_the_report(doc_of(path).folded_text)
        if found is not None:
            assert found[0] == expected(path.stem)["district"], (path.stem, found)
            checked += 1
    assert checked >= 8


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "period"),
    [
        ("d14_nantong_2019_h1", "H1"),  # 上半年,…总体进展顺利。具体如下:
        ("d16_shizhong_2021_plan", "PLAN"),  # …民生项目清单如下 (no progress column)
        ("e05_xuchang_2020_plan", "PLAN"),  # 现将…重点工作任务予以分解…
    ],
)
def test_period_from_the_announcing_clause(stem: str, period: str) -> None:
    facts = right_facts(stem)
    assert facts.period == period
    assert "above the table" in facts.inferred["period"]


def test_the_announcing_clause_agrees_where_the_period_is_printed_elsewhere() -> None:
    """Every corpus page with such a clause: the period it gives is the expected one."""
    checked = 0
    for path in sorted(FIELD.glob("*.txt")):
        doc = doc_of(path)
        if doc.kind != "text":
            continue
        head = [fold_script(text) for _, text in generic._head(doc)]
        found = generic.announced_period(head, any(row.progress for row in generic.parse(doc)))
        if found is not None:
            assert found[0] == expected(path.stem)["period"], (path.stem, found)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("stem", ["h07_guangzhou_2021_plan", "h08_jinxiang_2025_plan"])
def test_a_division_of_responsibilities_is_the_plan(stem: str) -> None:
    """责任分工 (h07's title 2021年市政府工作报告部署工作责任分工, h08's clause 现将2025年县政府
    重要工作事项责任分工如下): the plan; a plan word beside a progress word names no period."""
    assert right_facts(stem).period == "PLAN"
    assert period_from_text("2021年区《政府工作报告》责任分解事项完成情况") is None


def test_as_of_a_date_with_its_year() -> None:
    """h11: 截止2019年12月31日, …任务全面完成 above the list: the full year (b11 prints
    截至2020年12月31日 too, its period found in its title)."""
    facts = right_facts("h11_anshun_2019_fy")
    assert facts.period == "FY"
    assert "截止2019年12月" in facts.inferred["period"]
    assert right_facts("b11_xicheng_2020_fy").period == "FY"
    b11 = (FIELD / "b11_xicheng_2020_fy.txt").read_text(encoding="utf-8")
    as_of = generic._AS_OF_MONTH.search(b11[b11.index("截至2020年") :])
    assert as_of is not None and as_of.groups() == ("2020", "12")


def test_a_progress_title_naming_one_month() -> None:
    """d17: 2024年4月省政府民生实事项目进展情况汇总表: as of April, M4 (one page)."""
    assert right_facts("d17_taishun_2024_m4").period == "M4"


def test_a_plan_column_and_no_progress_column_is_the_plan() -> None:
    """a14: 工作举措及实施计划, no progress column (one page); d17's 月度工作计划 beside its
    落实情况 column is no plan."""
    facts = right_facts("a14_linan_2022_plan")
    assert facts.period == "PLAN"
    assert "工作举措及实施计划" in facts.inferred["period"]
    assert right_facts("d17_taishun_2024_m4").period == "M4"


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


@pytest.mark.parametrize(
    ("stem", "entries"),
    [
        (
            "j15_yueqing_2022_fy",
            ("2.2022年度温州市级民生实事项目完成情况", "3.2022年度乐清本级民生实事项目完成情况"),
        ),
        ("k07_qinxian_2025_plan", ("2.2025年十五件民盼实事任务分解",)),
        ("d01_jiayu_2021_plan", ()),
    ],
)
def test_a_letters_attachment_list_is_no_heading(stem: str, entries: tuple[str, ...]) -> None:
    """A letter's list of several attachments ("附件:1.…" / "2.…" / "3.…") names other
    documents, maybe other governments': 乐清 (j15) lists the province's, 温州市's and its own
    民生实事 results, so 温州市 named by entry 2 is not the report's district (it was taken, silently
    wrong, before). Its entries are no headings (沁县 k07 and 嘉鱼 d01 print such lists too)."""
    headings = headings_in(doc_of(FIELD / f"{stem}.txt").folded_text)
    assert not any(entry in heading for heading in headings for entry in entries)
    assert not any(heading.startswith("附件") and "1." in heading for heading in headings)


def test_the_attachment_list_of_yueqing_gives_no_district() -> None:
    """乐清 2022 (j15) prints 温州市 only in its attachment list and in a passing count: refused,
    not 温州市 (the page's district, 乐清市, is named only among the three governments' counts)."""
    facts = generic.facts(doc_of(FIELD / "j15_yueqing_2022_fy.txt"))
    assert facts.district is None
    assert "only a passing mention of 乐清市 (1×)" in facts.inferred["district"]


@pytest.mark.parametrize(("stem", "period"), [("m14_beilun_2024_m10", "M10"), ("j04_binjiang_2025_h1", "H1")])
def test_a_month_right_before_the_progress_it_reports(stem: str, period: str) -> None:
    """北仑 2024, title "2024年区政府民生实事项目10月进度表" (a progress table as of October, M10);
    滨江 2025, progress column "截至6月底完成情况" (as of the end of June, H1). A month ending a
    range ("1-10月") is the range rule's; a month's plan ("8月计划进度") names no period."""
    assert generic.facts(doc_of(FIELD / f"{stem}.txt")).period == period == expected(stem)["period"]
    assert period_from_text("8月计划进度") is None


@pytest.mark.parametrize(
    ("index_no", "publisher", "district"),
    [
        ("11330683002584812B/2022-90092", "市政府办公室", "嵊州市"),  # j10, j11
        ("11330206002954449B/2024-198521", "区府办", "北仑区"),  # c10
        ("11370828593615886A/2025-00693", "金乡县人民政府办公室", "金乡县"),  # h08
    ],
)
def test_an_organs_credit_code_in_the_index_number_names_its_division(
    index_no: str, publisher: str, district: str
) -> None:
    """Many sites print as 索引号 the publishing organ's unified social credit code: "11" (a
    government organ), then the code of the division it is registered in, as the "000330185/…"
    numbers print the code alone; the same guard holds (an office of that level, naming no other
    place). 嵊州 2022 (j10, j11) was refused for its district before."""
    found = _from_index_no(index_no, publisher, 2024)
    assert found is not None and found[0] == district
    assert _from_index_no(index_no, "区府办" if district.endswith("县") else "县府办", 2024) is None
    for stem in ("j10_shengzhou_2022_q3", "j11_shengzhou_2022_h1"):
        assert generic.facts(doc_of(FIELD / f"{stem}.txt")).district == "嵊州市"


def test_a_year_after_every_date_the_page_prints_is_a_target_not_the_reports_year() -> None:
    """咸阳 2022 (p07), published 2022-04-22, sets five-year aims "到2026年": 2026 is mentioned
    most, but a page is dated after its report's year began; years after its latest printed date
    are targets. (Taken as the year before: silently wrong.) 2022 itself is written only as 〔2022〕,
    so the year is refused, not guessed."""
    facts = generic.facts(doc_of(FIELD / "p07_xianyang_2022_plan.txt"))
    assert facts.year is None
    assert facts.period == "PLAN"  # 重点工作部门分工的意见: the division of work


def test_a_progress_title_over_the_plan_it_reports_on() -> None:
    """莲都 2023 (q03): the page's title "…责任分解第一季度进展情况" over the table's own title
    "…责任分解" (the plan reported on): the page reports Q1 (was PLAN, silently wrong)."""
    facts = generic.facts(doc_of(FIELD / "q03_liandu_2023_q1.txt"))
    assert facts.period == "Q1"
    assert "progress on the plan" in facts.inferred["period"]


def test_a_plan_title_over_a_table_printing_progress_names_no_period() -> None:
    """吉水 (p05): "一、10件民生实事任务分解表" over 序号 · 任务 · 责任领导 · 责任单位 · 落实情况 with
    progress in every row: a plan has no progress yet, so the period is some other the page does
    not print (was PLAN, silently wrong): refused. 诸暨 2023 (e02), a plan without progress,
    stays PLAN."""
    facts = generic.facts(doc_of(FIELD / "p05_jishui_0000_unknown.txt"))
    assert facts.period is None
    assert "prints progress" in facts.inferred["period"]
    assert generic.facts(doc_of(FIELD / "e02_zhuji_2023_plan.txt")).period == "PLAN"


@pytest.mark.parametrize(
    ("stem", "year", "period"),
    [("k05_lianyungang_2021_q3", 2021, "Q3"), ("k11_lianyungang_2019_q3", 2019, "Q3")],
)
def test_a_report_within_the_year_is_dated_in_its_year(stem: str, year: int, period: str) -> None:
    """连云港 2021 ("2021-11-30 来源:市政府办") and 2019 ("发布日期:2019-10-17"): a report on the
    first three quarters, dated after September, is the year's of its date; a full year's or a
    fourth quarter's report (dated the next January) is not read so."""
    facts = generic.facts(doc_of(FIELD / f"{stem}.txt"))
    assert (facts.year, facts.period) == (year, period) == (expected(stem)["year"], expected(stem)["period"])
    assert "is dated in its year" in facts.inferred["year"]


def test_an_inspection_of_some_progress_announces_the_period() -> None:
    """连云港 2019 (k11): "…对《政府工作报告》重点目标任务前三季度落实情况进行了全面督查梳理" (Q3);
    咸宁 2021 (d09): "…对《政府工作报告》确定的2021年重点工作上半年完成情况进行了督办" (H1)."""
    assert generic.facts(doc_of(FIELD / "k11_lianyungang_2019_q3.txt")).period == "Q3"
    text = (FIELD / "d09_xianning_2021_h1.txt").read_text(encoding="utf-8").splitlines()[0]
    assert generic.announced_period([fold_script(text)], True) is not None
    assert generic.announced_period([fold_script(text)], True)[0] == "H1"  # type: ignore[index]


_TABLE_START_BY_PATTERN = re.compile(r"^[ \t\u3000]*序[ \t\u3000]*号|^[^\n]*\|[^\n]*\|", re.MULTILINE)


@given(st.text(alphabet=st.sampled_from(list("序号任务| \t\u3000\n情况区")), max_size=80))
def test_the_tables_start_is_found_where_the_line_pattern_finds_it(text: str) -> None:
    """table_start searches 序号 and "|" instead of trying a pattern at every line's start (the
    speed fix): it finds the same line as that pattern did."""
    match = _TABLE_START_BY_PATTERN.search(text)
    assert table_start(text) == (match.start() if match else len(text))


@given(st.sampled_from(["Q1", "Q2", "H1", "Q3", "Q4", "H2", "FY", "PLAN", "M5", "M11"]), st.dates())
def test_a_reports_year_from_its_date_is_the_dates_or_none(period: str, day: object) -> None:
    year = year_of_a_report_dated(period, str(day))
    assert year is None or year == int(str(day)[:4])
    assert period not in ("Q4", "H2", "FY", "PLAN") or year is None
