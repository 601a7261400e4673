"""The five samples through the whole pipeline: counts and the tricky places, normalized.

Every expected value here was checked by reading the source document at the given line.
Per-layout structure (which paragraph is which cell) is tested in tests/test_format_*.py;
this file checks what a user finally gets in the tables.
"""

from __future__ import annotations

import pytest
from tests.conftest import RAW, SAMPLES

from govtasks.clean.normalize import default_phrases
from govtasks.link.blocks import Tables, build_tables
from govtasks.models import ParsedFile, Progress
from govtasks.run.ingest import _drop_identical_copies
from govtasks.run.per_file import process_file


@pytest.fixture(scope="module")
def tables() -> Tables:
    parsed = [process_file(path, RAW, default_phrases()) for path in SAMPLES.values()]
    assert all(isinstance(p, ParsedFile) for p in parsed), parsed
    kept, _ = _drop_identical_copies([p for p in parsed if isinstance(p, ParsedFile)])
    return build_tables(kept)


def rows_of(tables: Tables, sample: str) -> list[Progress]:
    rid = next(r.report_id for r in tables.reports if r.source_file == SAMPLES[sample].name)
    return [p for p in tables.progress if p.report_id == rid]


def at_line(tables: Tables, sample: str, line: int) -> Progress:
    return next(p for p in rows_of(tables, sample) if p.source_line == line)


def test_row_counts_per_document(tables: Tables) -> None:
    """000: 82 rows under 19 headings; 001: 15 glued lines; 002: 128 rows printed twice, kept once;
    003: lines 2-104, one row each; 004: lines 9-91, one row each."""
    counts = {s: len(rows_of(tables, s)) for s in SAMPLES}
    assert counts == {"000": 82, "001": 15, "002": 128, "003": 103, "004": 83}
    assert {r.source_file: r.n_rows for r in tables.reports} == {
        SAMPLES[s].name: n for s, n in counts.items()
    }


def test_task_count(tables: Tables) -> None:
    """411 rows, and 000 (H1) and 001 (Q3) of 萧山区 2020 share five tasks: 406 tasks."""
    assert len(tables.progress) == 411
    assert len(tables.tasks) == 406
    shared = [t for t in tables.tasks if t.n_reports == 2]
    assert [t.content for t in shared] == [
        "提升政策兑现时效,用好“亲清在线”数字平台,确保应对疫情各项扶持政策落实到位。",
        "制定实施新一轮惠企扶持政策,扎实推进减税降费工作。",
        "扎实推动省市县长“152”重点项目建设。",
        "加快七彩社区、亚运社区等未来社区建设,全面开展城市社区专职社区工作者岗位结构调整。",
        "高标准做好对口帮扶工作,加快打造山海协作升级版,实施一批高质量产业帮扶项目。",
    ]
    assert all(t.district == "萧山区" and t.year == 2020 for t in shared)


def test_001_line_wrap_space_removed_from_content(tables: Tables) -> None:
    """001 line 10 prints "各项 扶持政策" and 001 line 19 "专职社 区工作者"; the spaces are wrapping."""
    assert at_line(tables, "001", 10).content == at_line(tables, "000", 17).content
    assert at_line(tables, "001", 10).task_id == at_line(tables, "000", 17).task_id
    assert "专职社区工作者" in at_line(tables, "001", 19).content


def test_001_glued_row_with_all_four_cells(tables: Tables) -> None:
    """001 line 16 (seq 36) is the one row with every cell filled."""
    row = at_line(tables, "001", 16)
    assert row.seq == "36"
    assert row.content == "加快万向创新聚能城建设,推进锂电池、乘用车等项目全面开工。"
    assert row.progress is not None and row.progress.startswith("完成静压桩6根。")
    assert (
        row.problems
        == "一区尚有815亩土地指标尚未解决,影响乘用车项目整体设计和推荐建设,产业扶持政策尚未明确。"
    )
    assert row.next_steps == "继续推进桩基施工,加快乘用车项目方案完善。"


def test_000_multi_paragraph_progress(tables: Tables) -> None:
    """000 line 84: the progress cell is paragraphs 86 and 88, joined with a newline."""
    row = at_line(tables, "000", 84)
    assert row.category == "全面推进产业平台建设"
    assert row.progress is not None and row.progress.count("\n") == 1
    assert row.progress.endswith("正式完成签约16家企业。")
    assert "progress_joined" in row.flags


def test_002_categories_and_numbers(tables: Tables) -> None:
    """002 line 22: first row, under "(一)" (line 18) and "经济社会发展主要预期目标" (line 20)."""
    first = rows_of(tables, "002")[0]
    assert (first.source_line, first.category_no, first.category) == (22, "(一)", "经济社会发展主要预期目标")
    assert first.content == "地区生产总值增长6.5%以上"
    assert first.lead_units == ["区发改经信局", "区科技工业区管委会", "各街道"]
    assert first.progress == "正常进行中。"
    glued = [p for p in rows_of(tables, "002") if p.category_no == "(十一)"]
    assert glued and all(p.category == "提高城市承载能力" for p in glued)


def test_002_second_printing_is_not_output(tables: Tables) -> None:
    """002 holds its page twice (lines 10-884 and 910-1784); each task comes out once."""
    assert max(p.source_line for p in rows_of(tables, "002")) < 900
    assert len({p.task_id for p in rows_of(tables, "002")}) == 128


def test_003_traditional_script_and_pinyin_removed(tables: Tables) -> None:
    """003 line 2: traditional with pinyin; comes out simplified without annotations."""
    row = at_line(tables, "003", 2)
    assert row.seq == "1"
    assert row.content.startswith("建设城西科创大走廊核心区,推进浙大超重力离心模拟与实验室装置建设")
    assert row.lead_units == ["区科技局"]
    for p in rows_of(tables, "003"):
        for text in (p.content, p.progress or "", *p.lead_units):
            assert "(qū)" not in text and "區" not in text


def test_003_units_with_continuations_and_wrapped_names(tables: Tables) -> None:
    """003 line 6 "區(qū)發(fā)改局 (區(qū)金融辦) 區(qū)經(jīng)信局" is two units; line 26's
    "市規(guī)劃和自然資源局 余杭分局" is one unit broken by a space."""
    assert at_line(tables, "003", 6).lead_units == ["区发改局(区金融办)", "区经信局"]
    assert at_line(tables, "003", 7).lead_units == ["区委组织部(人才办)", "区人力社保局"]
    assert at_line(tables, "003", 26).lead_units == ["市规划和自然资源局余杭分局"]


def test_003_two_rows_numbered_102_are_two_tasks(tables: Tables) -> None:
    """003 lines 102 and 103 both print 102 but state different tasks."""
    first, second = at_line(tables, "003", 102), at_line(tables, "003", 103)
    assert first.seq == second.seq == "102"
    assert first.task_id != second.task_id
    assert "seq_duplicate" in first.flags and "seq_duplicate" in second.flags


def test_004_leaders_names_and_yu_surname(tables: Tables) -> None:
    """004 line 10 "沈 ?昱? 祝振伟?" -> 沈昱, 祝振伟; line 12 "祝振伟? 於卫国?" keeps 於."""
    assert at_line(tables, "004", 10).lead_leaders == ["沈昱", "祝振伟"]
    assert at_line(tables, "004", 12).lead_leaders == ["祝振伟", "於卫国"]
    leaders = {name for p in rows_of(tables, "004") for name in p.lead_leaders}
    assert "于卫国" not in leaders
    assert all("?" not in n and " " not in n for n in leaders)
    assert {"曾宏", "王姝", "王进"} <= leaders


def test_004_unit_continuation_lines(tables: Tables) -> None:
    """004 line 36: "... 未来科技城(海创园)? 余杭经济技术开发区? (钱江经济开发区)?" - the lone
    "(钱江经济开发区)" continues the unit before it."""
    assert at_line(tables, "004", 36).lead_units == [
        "区经信局",
        "未来科技城(海创园)",
        "余杭经济技术开发区(钱江经济开发区)",
    ]
    assert at_line(tables, "004", 12).lead_units == ["良渚新城", "良渚街道"]


def test_004_plan_rows_have_no_progress(tables: Tables) -> None:
    assert all(p.progress is None and p.problems is None for p in rows_of(tables, "004"))
    assert all("?" not in p.content for p in rows_of(tables, "004"))


def test_tasks_keep_the_plan_leaders(tables: Tables) -> None:
    task = next(t for t in tables.tasks if t.content.startswith("加强政府债务风险管理"))
    assert (task.district, task.year, task.lead_leaders, task.lead_units) == (
        "余杭区",
        2018,
        ["陈如根", "祝振伟"],
        ["区财政局"],
    )
