"""The status of a progress row (govtasks.assess.status): the written judgements as cases, with
real sentences of the corpus; the labelled sample's form; every sample row gets a status.

The judgements are in tests/fixtures/labels/README.md; how well the rules do on the labelled rows
is measured by benchmarks/eval_status.py (make eval), not here: no thresholds in tests.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import RAW, SAMPLES

from govtasks.assess.status import STATUSES, status_of, targets_met
from govtasks.clean.normalize import default_phrases
from govtasks.link.blocks import build_tables
from govtasks.models import ParsedFile, Progress
from govtasks.run.ingest import _drop_identical_copies
from govtasks.run.per_file import process_file

LABELS = Path(__file__).resolve().parent / "fixtures" / "labels" / "status.csv"


@pytest.mark.parametrize(
    ("progress", "problems", "content", "expected"),
    [
        # Plans: no progress text.
        (None, None, "地区生产总值增长7%以上", ("unknown", None)),
        ("/", None, "地区生产总值增长5.5%。", ("unknown", None)),
        # A cell that holds only a unit's name says nothing.
        ("教育局", None, "开展结算审核。", ("unknown", None)),
        # The figure is not out: 尚未 here is not "not started".
        ("一季度指标尚未出报", None, "地区生产总值增长6.5%以上", ("unknown", "指标尚未出报")),
        ("CPI数据还未发布。", None, "居民消费价格涨幅3%左右。", ("unknown", "数据还未发布")),
        # Completed, plainly.
        ("已全部完成。", None, "新增普惠托位315个", ("completed", "已全部完成")),
        ("已完成全年目标任务。", None, "新增180张认知症床位(市级、区级)", ("completed", "完成全年目标任务")),
        ("3321 133% 已超额完成。", None, "农村及城镇低保适龄妇女“两癌”免费检查", ("completed", "已超额完成")),
        (
            "已完成新增(优化)线路37条,完成率106%。其中新增11条,优化26条。",
            None,
            "全市新增(优化)城乡公交线路35条。",
            ("completed", "完成率106%"),
        ),
        # Percentages: below 100% is in progress, a bare rate of 100% or more completed.
        ("完成公路7.7公里 69%", None, "完成公路生命安全防护工程", ("in_progress", "完成公路7.7公里 69%")),
        (
            "1-8月完成有效投资,完成年度计划的36.52%",
            None,
            "招引亿元以上重大项目",
            ("in_progress", "完成年度计划的36.52%"),
        ),
        ("7.23\n139.1%", None, "城镇新增就业", ("completed", "139.1%")),
        (
            "体育赛事活动已开展100场,完成率100%;70处运动场地建设总完成率75%",
            None,
            "开展体育赛事活动100场次以上",
            ("in_progress", "完成率75%"),
        ),
        # Figures reached against the figures promised (content).
        (
            "新增婴幼儿照护服务托位600个。",
            None,
            "新增婴幼儿照护服务托位500个。",
            ("completed", "新增婴幼儿照护服务托位600个"),
        ),
        (
            "已建成智安小区110个,其中105个小区的数据已推送至市级平台。",
            None,
            "完成160个智安小区建设,实现数据汇聚。",
            ("in_progress", "已建成智安小区110个"),
        ),
        # Scope: a step done is not the task done.
        (
            "乡镇级国土空间规划已完成招标,正开展前期研究工作",
            None,
            "启动12个镇街级国土空间规划编制",
            ("in_progress", "正开展前期研究工作"),
        ),
        (
            "“1+X”领域项目全部完成立项评审,进入实施方案细化阶段",
            None,
            "突破10个以上智能化治理应用场景",
            ("in_progress", "进入实施方案细化阶段"),
        ),
        # 基本完成 is not a full claim.
        (
            "区控以上断面水质基本稳定达到考核要求。",
            None,
            "区控以上断面水质均达到水质功能区要求。",
            ("in_progress", "区控以上断面水质基本稳定达到考核要求"),
        ),
        # Negation: 未完成 is behind, never completed.
        ("未完成建设任务的县区为舒城县。", None, "农村饮水安全巩固提升工程", ("behind", "未完成")),
        (
            "1-6月,区单位GDP电耗降低率为-2.4%。主城区均未能完成市下达的2022年目标任务",
            None,
            "节能减排完成市下达目标任务。",
            ("behind", "未能完成市下达的2022年目标任务"),
        ),
        # Behind, plainly; and a lag stated in the problems cell.
        ("此项工作进展缓慢。目前正在稳步推进。", None, "中心城区新增200辆出租车", ("behind", "进展缓慢")),
        ("完成852.9亿元,滞后序时进度11.8个百分点。", None, "产业投资(第7项)", ("behind", "滞后序时进度")),
        ("增长6.1%,低于目标0.9个百分点。", None, "地区生产总值(第1项)", ("behind", "低于目标")),
        (
            "完成静压桩6根。",
            "一区尚有815亩土地指标尚未解决,影响乘用车项目整体设计和推荐建设",
            "推进锂电池、乘用车等项目全面开工。",
            ("behind", "影响乘用车项目整体设计和推荐建设"),
        ),
        # Conflicting cues: a stated lag about a part wins over the rate.
        ("80%(新区实验幼儿园进度滞后)", None, "新(改、扩)建公办园5所", ("behind", "进度滞后")),
        # A lag denied is no lag.
        ("项目有序推进，无滞后。", None, "建设项目", ("in_progress", "项目有序推进")),
        # On schedule is in progress.
        (
            "受疫情影响,全区财政收入出现阶段性下降,完成进度与序时进度基本一致",
            None,
            "财政收入与经济增长基本同步",
            ("in_progress", "完成进度与序时进度基本一致"),
        ),
        # Not started: the whole task; a part not started while the rest moves is in progress.
        (
            "省第三批义甬舟开放大通道综合性战略平台申报工作暂未启动。",
            None,
            "全力申报",
            ("not_started", "暂未启动"),
        ),
        ("50%(马站未开工", None, "开工建设矾山镇、马站镇等2家中心敬老院。", ("in_progress", "50%")),
        # next_steps is not read: a hope there is no result (status_of does not take it).
        ("正常推进", None, "助推企业对接多层次资本市场", ("in_progress", "正常推进")),
    ],
)
def test_judgements(
    progress: str | None, problems: str | None, content: str, expected: tuple[str, str | None]
) -> None:
    assert status_of(progress, problems, content) == expected


def test_a_hope_is_not_a_rate() -> None:
    text = "浙江大学杭州国际科创中心项目争取10月份名录入库,11月统计入库,争取实现“152”项目落地率100%"
    assert status_of(text, None, "扎实推动省市县长“152”重点项目建设。")[0] == "in_progress"


def test_a_remark_that_says_done_decides_a_row_of_figures() -> None:
    """眉山's 十大民生工程 table (fresh f01 line 99): target 95, reached 95, 完成目标(%) 100, 备注
    已完成; the remark is the table's verdict, whatever the numbers before it. 达到时间进度 (on
    schedule) is no verdict of done, and a remark under words is not a row of figures."""
    content = "2014级民族地区“9+3”免费教育计划毕业生初次就业率(%)\n95"
    assert status_of("95\n100\n已完成", None, content) == ("completed", "已完成")
    assert status_of("3034\n75.8\n达到时间进度", None, "城镇失业人员再就业(人)\n4000")[0] == "in_progress"
    assert status_of("一期工程推进中\n已完成", None, "建设一期工程")[0] == "in_progress"


def test_targets_met_needs_every_target() -> None:
    assert targets_met(
        "培育“骏马计划”企业15家以上,培育“鸿雁计划”企业30家以上。", "共38家,培育“鸿雁计划”企业125家。"
    )
    assert not targets_met(
        "新建公用和专用电动汽车充电桩350个,其中农村185个", "新建公共充电桩99个,其中农村79个。"
    )


def test_label_file_is_well_formed() -> None:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 300
    assert set(rows[0]) == {
        "split",
        "source_file",
        "source_line",
        "content",
        "progress",
        "problems",
        "label",
        "clear",
        "why",
    }
    for row in rows:
        assert row["split"] in ("dev", "heldout", "fresh")
        assert row["label"] in STATUSES
        assert row["clear"] in ("yes", "no")
        assert row["why"].strip()
        assert row["source_line"].isdigit()
    # A file is in one split only: the split was made by file.
    splits: dict[str, set[str]] = {}
    for row in rows:
        splits.setdefault(row["source_file"], set()).add(row["split"])
    assert all(len(s) == 1 for s in splits.values())
    # The data/raw rows hold the texts ingest reads.
    raw = [row for row in rows if row["source_file"].startswith("data/raw/")]
    assert raw and all((RAW.parent.parent / row["source_file"]).exists() for row in raw)
    # The fresh rows (new pages, labelled after the rules were written) are of pages kept beside them.
    fresh = [row for row in rows if row["split"] == "fresh"]
    assert len(fresh) == 35
    assert all(row["source_file"].startswith("tests/fixtures/labels/fresh/") for row in fresh)
    assert all((RAW.parent.parent / row["source_file"]).exists() for row in fresh)


@pytest.fixture(scope="module")
def sample_rows() -> dict[tuple[str, int], Progress]:
    parsed = [process_file(path, RAW, default_phrases()) for path in SAMPLES.values()]
    kept, _ = _drop_identical_copies([p for p in parsed if isinstance(p, ParsedFile)])
    tables = build_tables(kept)
    files = {r.report_id: r.source_file for r in tables.reports}
    return {(files[p.report_id], p.source_line): p for p in tables.progress}


def test_every_sample_row_gets_a_status(sample_rows: dict[tuple[str, int], Progress]) -> None:
    assert len(sample_rows) == 411
    assert all(p.status in STATUSES for p in sample_rows.values())
    # Plans (004) are unknown, and a status comes with its evidence unless unknown.
    assert all(p.status_evidence or p.status == "unknown" for p in sample_rows.values())
    assert all(p.status == "unknown" for (name, _), p in sample_rows.items() if name.startswith("004"))


@pytest.mark.parametrize(
    ("name", "line", "status", "evidence"),
    [
        ("002_0c120a087920f187.txt", 22, "in_progress", "正常进行中"),
        ("002_0c120a087920f187.txt", 408, "in_progress", "完成率85%"),
        ("001_03dc6f653f7d2afa.txt", 16, "behind", "影响乘用车项目整体设计和推荐建设"),
        ("004_a3cc683a55f0c1f2.txt", 9, "unknown", None),
    ],
)
def test_sample_rows(
    sample_rows: dict[tuple[str, int], Progress], name: str, line: int, status: str, evidence: str | None
) -> None:
    row = sample_rows[name, line]
    assert (row.status, row.status_evidence) == (status, evidence)


_COMPLETION = st.sampled_from(["完成", "建成", "竣工", "完工"])
_NEGATION = st.sampled_from(["未", "尚未", "没有", "还未", "未能", "不能", "难以"])


@given(st.text(max_size=60), st.text(max_size=60))
def test_any_text_gives_a_status_and_evidence_from_it(progress: str, problems: str) -> None:
    status, evidence = status_of(progress, problems)
    assert status in STATUSES
    assert evidence is None or evidence in progress or evidence in problems


@given(st.text(max_size=40), _NEGATION, _COMPLETION, st.text(max_size=40))
def test_a_negated_completion_is_never_completed(before: str, negation: str, verb: str, after: str) -> None:
    assert status_of(before + negation + verb + after)[0] != "completed"
