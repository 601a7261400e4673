"""Tests for the 萧山区发改局 glued-grid layout (sample 001).

Every expected value below was checked by reading lines 9-24 of
data/raw/001_03dc6f653f7d2afa.txt word by word. The split decisions are argued in the
docstrings of the ``test_judgement_*`` tests, quoting the text at each cell border.
"""

from __future__ import annotations

import doctest
import random
import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA

from govtasks.errors import GovtasksError
from govtasks.formats import xiaoshan_grid as grid
from govtasks.models import SourceRow
from govtasks.read.document import Document, document_from_bytes, read_document

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
SAMPLE = RAW / "001_03dc6f653f7d2afa.txt"
OTHERS = (
    "000_c093e5a82e7cad71.txt",
    "002_0c120a087920f187.txt",
    "003_96235b2aa55a9220.txt",
    "004_a3cc683a55f0c1f2.txt",
)


@cache
def doc() -> Document:
    return read_document(SAMPLE)


@cache
def rows() -> tuple[SourceRow, ...]:
    return tuple(grid.parse(doc()))


def row(seq: str) -> SourceRow:
    (found,) = [r for r in rows() if r.seq == seq]
    return found


# (line, seq, flags, content, progress, problems, next_steps), as read by hand.
EXPECTED: tuple[tuple[int, str, list[str], str, str, str, str], ...] = (
    (
        10,
        "1",
        [],
        "提升政策兑现时效,用好“亲清在线”数字平台,确保应对疫情各项 扶持政策落实到位。",
        "继续推进“亲清在线” 平台政策上线工作,目前已上线24条政策,其中21条开始兑现。截至9月15日,"
        "累积兑现资金5.99亿元,惠及企业3.59万家,其中,区级政策兑现资金1.6亿元,惠及企业1896家、"
        "职工9798人次。上线政策数量及兑现资金总额均位于各区、县(市)前列。",
        "",
        "对我区惠企政策再梳理,协同各政策部门对具备一定上线条件的政策开展流程再优化再改造,"
        "力争继续保持持续上线速度,实现存量政策“应上尽上”",
    ),
    (
        11,
        "2",
        [],
        "制定实施新一轮惠企扶持政策,扎实推进减税降费工作。",
        "出台《关于应对新冠肺炎疫情加强企业用工保障的意见》《关于加快兑现应对新冠病毒肺炎疫情支持"
        "企业复工复产相关扶持政策的通知》等惠企扶持政策,通过杭州“亲情在线”平台、部门审核等线上线下"
        "方式,已上线政策23条。通过政策及时兑付、社保减免等方式落实惠企资金61.06亿元(含缓缴35.8亿元),"
        "在“亲清在线”平台完成减免及补贴资金5.99亿元,惠及企业3.59万家。",
        "",
        "继续兑现落实惠企减税降费政策,强化政策工作箱研究,支持企业稳定发展。",
    ),
    (
        12,
        "9",
        ["split_uncertain"],
        "扎实推动省市县长“152”重点项目建设。",
        "加强与平台镇街及项目单位的联系,会同区统计局做好浙江大学杭州国际科创中心项目统计入库指导、服务,"
        "浙江大学杭州国际科创中心项目争取10月份名录入库,11月统计入库,争取实现“152”项目落地率100%",
        "",
        "",
    ),
    (
        13,
        "21",
        ["split_by_table"],
        "大力发展总部经济、楼宇经济,鼓励发展夜间经济",
        "在下一轮政策修订中修改完善楼宇经济补助政策",
        "",
        "起草、出台楼宇经济补助政策的实施细则",
    ),
    (
        14,
        "22",
        [],
        "加快杭州世纪中心、阿里银泰商业中心、奥体汇德隆印象城等重大项目建设",
        "截至9月底,杭州世纪中心西塔43层梁钢筋绑扎42层外框柱钢筋绑扎;东塔:11、16层墙体砌筑,12、13、15、"
        "16层构造柱、轨道梁模板安装,13、15、16层构造柱、轨道梁砼浇筑。\n"
        "阿里银泰商业中心土方已完成,地下室结构施工完成75%,地上主体结构已经完成30%。\n"
        "奥体汇德隆印象城地下室模板拆除完成75%;二层结构支模架完成100%,模板完成100%,结构完成95%;"
        "三层支模架完成60%,模板完成45%,混凝土完成20%;四层结构支模架完成30%,模板完成15%。",
        "",
        "继续密切关注项目进度情况,了解项目建设过程中遇到的困难和问题。\n"
        "杭州世纪中心一期部分西商业结构封顶,二期部分西塔36层楼板完成,东塔38层楼板完成。\n"
        "阿里银泰商业中心年底前完成主体建设。\n"
        "奥体汇德隆印象城地下室一层模板全部完成,混凝土工程完成80%,钢筋工程完成100%;"
        "一层支模架搭设完成65%,一层模板完成30%。",
    ),
    (
        15,
        "35",
        [],
        "深化“1+4+X”产业平台总体布局,持续推进“4286”产业载体建设, 年度计划投资100亿元以上。",
        "紧紧围绕促复工、抓开工、保投资,全力以赴推进“4286”产业载体和重点项目建设。1-8月,新增挂牌土地"
        "19宗,新批农转用项目9个,新增开工项目23个,新增投资入库额78.2亿元。",
        "",
        "坚持“目标不变、干劲不松”的要求,加大重大产业项目申报和重点问题协调力度,重点督促取得土地"
        "6个月以上项目尽快开工、投资进度偏慢项目加快实物工程量。",
    ),
    (
        16,
        "36",
        [],
        "加快万向创新聚能城建设,推进锂电池、乘用车等项目全面开工。",
        "完成静压桩6根。3#厂房承台垫层浇筑完成100%。2#厂房本周塔吊基础钢筋完成30%。"
        "5号甲类库内外架搭设完成施工100%。完成土方开挖6.5万立方米。",
        "一区尚有815亩土地指标尚未解决,影响乘用车项目整体设计和推荐建设,产业扶持政策尚未明确。",
        "继续推进桩基施工,加快乘用车项目方案完善。",
    ),
    (
        17,
        "38",
        [],
        "推进信息港小镇、机器人小镇、图灵小镇等特色小镇的建设和创建工作。",
        "1.指导审核各特色小镇每月报送浙江省重大项目库年度重点项目进展情况;2.指导信息港小镇完成"
        "“信用+园区”省级信用应用重点场景建设,新增信用码旅游服务、医疗健康服务两大场景;3.开展特色小镇"
        "安全生产工作,督促小镇加强安全风险防控,履行好安全生产监督管理职责,深入开展小镇安全生产专项整治。",
        "",
        "1.跟踪省级特色小镇2019年度考核结果。2.督促指导特色小镇加快项目建设,加快项目招引,"
        "确保我区特色小镇如期完成年度工作目标;3.指导信息港小镇推进“信用+园区”建设。",
    ),
    (
        18,
        "57",
        [],
        "统筹重大基础设施、产业布局、生态保护等专项规划,加强重点核心地段城市设计,完善控规全覆盖。",
        "《萧山区产业发展导向目录与产业平台布局指引(2020年本)》按照我区重大决策流程规定,已完成了调查研究、"
        "公众参与(公开征求意见)、专家论证、风险评估、集体讨论等流程,形成目前的《目录与指引》(送审稿),"
        "目前已递交区政府。",
        "",
        "完成合法性审查。",
    ),
    (
        19,
        "67",
        ["split_by_table", "split_uncertain"],
        "加快七彩社区、亚运社区等未来社区建设,全面开展城市社区专职社 区工作者岗位结构调整。",
        "亚运社区80多万平方米地下主体结构已全部完成,亚运村108幢楼已有77幢楼结顶,总结顶率达到71.3%;"
        "瓜沥七彩社区B区块,8月25日正式桩基进场施工。瓜沥七彩社区C区块征迁工作前期准备中",
        "根据省发改委相关文件精神,未来社区试点建设公共空间容积率计算、绿地率统计及配套用房设置等方面"
        "实行创新政策",
        "市区联动出台项目相关规划设计条件依据及相对应的奖励政策,便于政策的落地",
    ),
    (
        20,
        "76",
        [],
        "高标准做好对口帮扶工作,加快打造山海协作升级版,实施一批高质量产业帮扶项目。",
        "1.加大对口帮扶地区利川、从江的各项工作力度,已完成杭州市对口办下达给我区的东西部扶贫协作对口帮扶"
        "5大项、14小项、22个任务指标。\n2.加快打造山海协作升级版。龙泉-萧山山海协作产业园各项工作有序推进,"
        "萧山-龙泉“科创消薄”飞地建设取得有效进展,龙泉市项仁镇张畈村、淳安县枫树岭镇上江村、龙游县詹家口镇"
        "浦山村3个乡村振兴示范点建设成效显著。",
        "",
        "与对口帮扶及山海协作地区对接做好2020年台账资料的梳理录入工作。",
    ),
    (
        21,
        "154",
        [],
        "汇众智、聚众力,聚焦产业发展、区域治理,科学编制“十四五”规划, 谋划萧山未来五年发展蓝图。",
        "已基本完成“十四五”规划思路研究,正在开展“十四五”规划纲要研究编制。"
        "印发《杭州市萧山区“十四五”规划编制目录》,开展各专项规划编制工作。",
        "",
        "开展“十四五”规划纲要以及牵头各专项规划编制工作。",
    ),
    (
        22,
        "159",
        [],
        "创新行政审批制度改革,一般企业投资项目审批“最多80天”实现率继续保持省市第一方阵。",
        "我区目前纳入“最多80天”统计的项目34个,全过程平均用时41.3天(含施工图图审),各阶段实现率均为100%。"
        "亲清在线审批平台已完成项目备案40个,办理工程规划许可证16本,办理施工许可证2本,全市第一本工规证和"
        "施工许可证都出自萧山,其中杭州巢舒家居科技有限公司纺织业项目取得了全市第一本工程规划许可证,"
        "浙江三元纺织有限公司年产16000吨医疗卫生新材料建设项目取得了全市第一本施工许可证。",
        "",
        "",
    ),
    (
        23,
        "160",
        [],
        "加快推进公民个人和企业全生命周期“一件事”改革,全面深化“标准地”“证照分离”改革。",
        "我区2020年所有新公开出让工业用地均按照“标准地”要求执行;已启动标准地实施细则的修订工作,"
        "完成部门意见征求。",
        "",
        "继续深入推进标准地改革工作,细化完善实施细则修订工作",
    ),
    (
        24,
        "164",
        ["split_by_table"],
        "加强政府投资项目管理,规范政府投资行为。",
        "对政府投资项目一系列文件进行梳理,取消一批不合时宜的政府投资项目文件,有序推进PPP项目进,"
        "对政府投资项目重大变更严格控制,加大资料审核力度,提高政府投资项目投资效益",
        "《政府投资条例》出台后,需对我区政府投资项目管理办法进行修订,但是省市政府投资项目相应管理办法"
        "尚未修订完成",
        "根据省市政府投资项目管理办法修订情况,抓紧修订完善我区的政府投资项目管理办法",
    ),
)


# --- the whole table ---------------------------------------------------------------------------


def test_row_count_and_order() -> None:
    """15 rows: lines 10-24, one per line, under the header on line 9; line 26 is footer."""
    assert len(rows()) == 15
    assert [r.source_line for r in rows()] == list(range(10, 25))
    assert [r.seq for r in rows()] == [
        "1", "2", "9", "21", "22", "35", "36", "38", "57", "67", "76", "154", "159", "160", "164",
    ]  # fmt: skip


def test_every_field_of_every_row() -> None:
    got = [(r.source_line, r.seq, r.flags, r.content, r.progress, r.problems, r.next_steps) for r in rows()]
    assert got == list(EXPECTED)


def test_columns_the_layout_lacks_are_empty() -> None:
    for r in rows():
        assert r.category is None and r.category_no is None
        assert r.lead_units == [] and r.lead_leaders == []


def _break_runs_removed(text: str) -> str:
    """The row text without the space runs that are paragraph/cell breaks (independent rule)."""
    text = re.sub(r" {2,}", "", text)
    return re.sub(r"(?<=。) ", "", text)


def test_no_character_is_lost_or_added() -> None:
    """content+progress+problems+next_steps == the line minus its seq, for every row.

    Only the break runs (2+ spaces, or one space after "。") may vanish or become "\\n"; the
    stray single spaces inside sentences stay where they are.
    """
    for r in rows():
        line = doc().line(r.source_line)
        assert r.seq is not None and line.startswith(r.seq)
        expected = _break_runs_removed(line[len(r.seq) :])
        cells = [r.content, r.progress or "", r.problems or "", r.next_steps or ""]
        assert "".join(cells).replace("\n", "") == expected, r.seq


def test_stray_spaces_are_kept_raw() -> None:
    """Five single ASCII spaces sit inside sentences; they are source artifacts, left for normalize."""
    assert "各项 扶持政策" in row("1").content
    assert "“亲清在线” 平台" in (row("1").progress or "")
    assert "产业载体建设, 年度计划" in row("35").content
    assert "专职社 区工作者" in row("67").content
    assert "“十四五”规划, 谋划" in row("154").content


def test_contents_agree_with_sample_000() -> None:
    """Five contents appear verbatim (bar the stray spaces) as paragraphs in the H1 report 000.

    This confirms where the content cell ends for seq 1, 2, 9, 67 and 76.
    """
    halfyear = {text for _, text in read_document(RAW / "000_c093e5a82e7cad71.txt").paragraphs()}
    for seq in ("1", "2", "9", "67", "76"):
        assert row(seq).content.replace(" ", "") in halfyear, seq


# --- judgement calls ---------------------------------------------------------------------------


def test_judgement_seq_1_progress_opens_with_continue() -> None:
    """Line 10. Content ends at "…扶持政策落实到位。" (same as 000 line 17).

    Progress opens with "继续推进“亲清在线” 平台…" — a next-step word, but the sentence reports
    numbers ("目前已上线24条政策"), and the progress column is never empty. Progress runs to
    "…均位于各区、县(市)前列。"; the last, unpunctuated clause "对我区惠企政策再梳理,…力争…
    “应上尽上”" is a plan (力争), so next steps. No problems cell.
    """
    r = row("1")
    assert r.progress is not None and r.progress.endswith("县(市)前列。")
    assert r.next_steps is not None and r.next_steps.startswith("对我区惠企政策再梳理")
    assert r.problems == ""


def test_judgement_seq_9_single_cell_is_progress() -> None:
    """Line 12. After "…重点项目建设。" (000 line 40) one unpunctuated sentence follows:
    "加强与平台镇街…做好…入库指导、服务,浙江大学…争取10月份名录入库,11月统计入库,争取实现…100%".

    It is one sentence (commas only, no full stop), so one cell. It names work measures
    (加强联系, 会同区统计局做好指导、服务) and near targets (争取…): read as the 工作举措与完成情况
    cell, since that column is filled in every other row; flagged split_uncertain because it
    could also be the next-step cell with progress left blank.
    """
    r = row("9")
    assert r.progress is not None and r.progress.endswith("项目落地率100%")
    assert (r.problems, r.next_steps) == ("", "")
    assert r.flags == ["split_uncertain"]


def test_judgement_seq_21_no_punctuation() -> None:
    """Line 13 has no punctuation at all after the seq (hand table).

    "…鼓励发展夜间经济|在下一轮政策修订中修改完善楼宇经济补助政策|起草、出台楼宇经济补助政策的实施细则".
    The content is the report's promise (brief: ends at 夜间经济). "…补助政策起草、出台…" does
    not read as one phrase: "修改完善…补助政策" is the measure (progress), "起草、出台…实施细则" the
    next step.
    """
    r = row("21")
    assert r.content == "大力发展总部经济、楼宇经济,鼓励发展夜间经济"
    assert r.progress == "在下一轮政策修订中修改完善楼宇经济补助政策"
    assert r.next_steps == "起草、出台楼宇经济补助政策的实施细则"


def test_judgement_seq_22_space_runs() -> None:
    """Line 14: the content has no full stop; its cell ends at the first space run.

    Space runs are paragraph indents (NBSPs in the raw bytes). Progress paragraphs are indented
    by 4 ("建设    截至9月底", "浇筑。    阿里银泰", "30%。    奥体汇德隆"), next-step paragraphs by 2
    ("模板完成15%。  继续密切关注", "困难和问题。  杭州世纪中心一期", "主体建设。  奥体…"). The width
    change is the cell border. "继续密切关注项目进度情况,了解…困难和问题。" is an intention, not a
    problem statement, so the problems cell is empty and all four 2-space paragraphs are next steps
    (they include "年底前完成主体建设").
    """
    r = row("22")
    assert r.content == "加快杭州世纪中心、阿里银泰商业中心、奥体汇德隆印象城等重大项目建设"
    assert r.progress is not None and r.progress.count("\n") == 2
    assert r.next_steps is not None and r.next_steps.count("\n") == 3
    assert r.next_steps.startswith("继续密切关注项目进度情况")
    assert r.problems == ""


def test_judgement_seq_35_plan_after_figures() -> None:
    """Line 15: "…新增投资入库额78.2亿元。|坚持“目标不变、干劲不松”的要求,…加快实物工程量。"

    "坚持…的要求, 加大…力度, 重点督促…" is a plan (next steps), though it mentions "重点问题".
    """
    r = row("35")
    assert r.progress is not None and r.progress.endswith("新增投资入库额78.2亿元。")
    assert r.next_steps is not None and r.next_steps.startswith("坚持“目标不变")
    assert r.problems == ""


def test_judgement_seq_36_all_four_cells() -> None:
    """Line 16: progress "完成静压桩6根。…完成土方开挖6.5万立方米。", problems "一区尚有815亩土地指标
    尚未解决,影响…,产业扶持政策尚未明确。", next steps "继续推进桩基施工,…".
    """
    r = row("36")
    assert r.problems is not None and r.problems.startswith("一区尚有815亩")
    assert r.next_steps == "继续推进桩基施工,加快乘用车项目方案完善。"


def test_judgement_seq_38_numbered_lists() -> None:
    """Line 17: two numbered lists glued. The list restarting at "…专项整治。1.跟踪…" is the cell
    border; "2.督促…" continues the second list, so stays in next steps.
    """
    r = row("38")
    assert r.progress is not None and r.progress.endswith("深入开展小镇安全生产专项整治。")
    assert r.next_steps is not None and r.next_steps.startswith("1.跟踪省级特色小镇")


def test_judgement_seq_57_legality_review_is_next() -> None:
    """Line 18: "…目前已递交区政府。|完成合法性审查。"

    The progress lists the steps already done (调查研究、公众参与、专家论证、风险评估、集体讨论) —
    合法性审查 is not among them, and it has no mark of completion (no 已/目前). So the short
    trailing sentence is the remaining step: next steps.
    """
    r = row("57")
    assert r.progress is not None and r.progress.endswith("目前已递交区政府。")
    assert r.next_steps == "完成合法性审查。"


def test_judgement_seq_67_three_unpunctuated_cells() -> None:
    """Line 19 (hand table, uncertain).

    "…C区块征迁工作前期准备中|根据省发改委相关文件精神,…实行创新政策|市区联动出台…,便于政策的落地".
    This writer ends no cell with punctuation and uses commas inside cells, so the two places where
    two clauses meet with nothing between them are read as cell borders: progress, then the
    provincial requirement the district has to meet (problems), then the joint city/district
    follow-up (next steps). Reading "根据…落地" as one next-step cell is also defensible, hence
    split_uncertain.
    """
    r = row("67")
    assert r.progress is not None and r.progress.endswith("前期准备中")
    assert r.problems is not None and r.problems.startswith("根据省发改委")
    assert r.problems.endswith("实行创新政策")
    assert r.next_steps is not None and r.next_steps.startswith("市区联动出台")
    assert r.flags == ["split_by_table", "split_uncertain"]


def test_judgement_seq_76_paragraphs_and_single_space() -> None:
    """Line 20: progress is two numbered paragraphs ("…22个任务指标。  2.加快打造…"); "2." goes on
    from "1.", so the 2-space run is a paragraph break, not a border, even though "加快" opens it.
    The lone space (an NBSP in the raw file) in "成效显著。 与对口帮扶" is the cell border to the
    next steps ("与…对接做好2020年台账资料的梳理录入工作。").
    """
    r = row("76")
    assert r.progress is not None and r.progress.split("\n")[1].startswith("2.加快打造山海协作升级版。")
    assert r.next_steps == "与对口帮扶及山海协作地区对接做好2020年台账资料的梳理录入工作。"


def test_judgement_seq_154_issued_catalogue_is_progress() -> None:
    """Line 21: "…研究编制。印发《…规划编制目录》,开展各专项规划编制工作。|开展“十四五”规划纲要以及
    牵头各专项规划编制工作。"

    The catalogue was issued (done), so that sentence is progress; the final sentence repeats
    "开展…编制工作" as the plan, which only makes sense as a separate cell: next steps.
    """
    r = row("154")
    assert r.progress is not None and r.progress.endswith("开展各专项规划编制工作。")
    assert r.next_steps == "开展“十四五”规划纲要以及牵头各专项规划编制工作。"


def test_judgement_seq_159_progress_only() -> None:
    """Line 22: every sentence after the content reports results (34个, 100%, 已完成…); no problems,
    no next steps.
    """
    r = row("159")
    assert r.progress is not None and r.progress.endswith("全市第一本施工许可证。")
    assert (r.problems, r.next_steps) == ("", "")


def test_judgement_seq_164_hand_split() -> None:
    """Line 24 (hand table): "…提高政府投资项目投资效益|《政府投资条例》出台后,需…,但是…尚未修订完成|
    根据省市政府投资项目管理办法修订情况,抓紧修订完善…". The middle cell states what is missing
    (需, 但是, 尚未): problems. "有序推进PPP项目进," is printed so (a word seems cut); kept as is.
    """
    r = row("164")
    assert r.progress is not None and r.progress.endswith("提高政府投资项目投资效益")
    assert "有序推进PPP项目进," in r.progress
    assert r.problems is not None and r.problems.startswith("《政府投资条例》出台后")
    assert r.next_steps is not None and r.next_steps.startswith("根据省市")


def test_hand_splits_each_match_one_row() -> None:
    for entry in grid.HAND_SPLITS:
        matching = [r for r in rows() if r.content == entry.content]
        assert len(matching) == 1, entry.why
        assert grid.FLAG_HAND_SPLIT in matching[0].flags


def test_hand_split_that_does_not_fit_falls_back_to_rules() -> None:
    text = "加强政府投资项目管理,规范政府投资行为。已梳理文件10件。继续修订办法。"
    split = grid.split_row(text)
    assert split.content == "加强政府投资项目管理,规范政府投资行为。"
    assert (split.progress, split.problems, split.next_steps) == ("已梳理文件10件。", "", "继续修订办法。")
    assert grid.FLAG_HAND_SPLIT not in split.flags


# --- the rules on made-up rows -----------------------------------------------------------------


def test_rules_problem_then_next() -> None:
    split = grid.split_row("推进某项目建设。已完成投资5亿元。土地指标尚未解决。下一步加快推进。")
    assert split.progress == "已完成投资5亿元。"
    assert split.problems == "土地指标尚未解决。"
    assert split.next_steps == "下一步加快推进。"


def test_rules_unpunctuated_content_is_flagged() -> None:
    split = grid.split_row("大力发展某经济在下一轮政策中完善")
    assert split.content == "大力发展某经济在下一轮政策中完善"
    assert grid.FLAG_UNCERTAIN in split.flags


def test_seq_heuristics() -> None:
    assert grid.split_seq("164加强政府投资项目管理", 160) == ("164", "加强政府投资项目管理")
    assert grid.split_seq("165G基站建设", 15) == ("16", "5G基站建设")
    assert grid.split_seq("加强管理", 3) is None


def test_continuation_line_and_repeated_header() -> None:
    """A row broken onto a second line (no seq) is joined to the row above as a paragraph."""
    text = "\n".join(
        [
            "序号任务内容工作举措与完成情况问题与困难下一步工作打算",
            "1推进某项目建设。已完成投资5亿元。",
            "继续加快推进。",
            "序号任务内容工作举措与完成情况问题与困难下一步工作打算",
            "2做好某工作。已完成3项。",
            "扫一扫在手机打开当前页",
            "3不是表格行。",
        ]
    )
    parsed = list(grid.parse(document_from_bytes(text.encode(), Path("t.txt"))))
    assert [(r.source_line, r.seq) for r in parsed] == [(2, "1"), (5, "2")]
    assert parsed[0].next_steps == "继续加快推进。"
    assert parsed[0].flags == ["continuation_line"]


def test_module_doctests() -> None:
    assert doctest.testmod(grid).failed == 0


# --- facts and detection -----------------------------------------------------------------------


def test_facts() -> None:
    facts = grid.facts(doc())
    assert facts.district == "萧山区"
    assert facts.year == 2020
    assert facts.period == "Q3"
    assert facts.title == "杭州市萧山区发展和改革局2020年《政府工作报告》第三季度重点任务执行情况"
    assert facts.publisher == "区发改局"
    assert facts.published == "2020-10-09"
    assert facts.index_no == "H002/2020-44648"
    assert facts.inferred == {}


def test_detect_own_sample() -> None:
    assert grid.detect(doc()) >= 0.9


def test_detect_other_samples() -> None:
    for name in OTHERS:
        assert grid.detect(read_document(RAW / name)) <= 0.3, name
    narrative = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"
    if narrative.exists():
        assert grid.detect(read_document(narrative)) <= 0.3


def test_detect_and_parse_survive_re_encoding() -> None:
    """GB18030, CRLF line ends and NBSP spaces give the same score and the same rows."""
    text = SAMPLE.read_bytes().decode("utf-8")
    baseline = [r.model_dump() for r in rows()]
    for data in (
        text.encode("gb18030"),
        text.replace("\n", "\r\n").encode("utf-8"),
        text.replace(" ", "\u00a0").encode("utf-8"),
    ):
        copy = document_from_bytes(data, Path("copy.txt"))
        assert grid.detect(copy) == grid.detect(doc())
        assert [r.model_dump() for r in grid.parse(copy)] == baseline


# --- robustness --------------------------------------------------------------------------------

_JUNK = st.text(alphabet="0123456789 。,、“”《》序号任务内容下一步继续已尚未扫一扫\u00a0abc", max_size=60)


@settings(max_examples=60, deadline=None)
@given(
    keep=st.lists(st.booleans(), min_size=26, max_size=26),
    junk=st.lists(st.tuples(st.integers(0, 30), _JUNK), max_size=5),
    cut=st.tuples(st.integers(0, 25), st.integers(0, 500)),
    order=st.randoms(use_true_random=False),
)
def test_parse_never_crashes(
    keep: list[bool], junk: list[tuple[int, str]], cut: tuple[int, int], order: random.Random
) -> None:
    """Dropped, truncated, shuffled lines and inserted junk: only GovtasksErrors, sane rows."""
    lines = list(doc().lines)
    lines[cut[0]] = lines[cut[0]][: cut[1]]
    lines = [line for line, k in zip(lines, keep, strict=False) if k or not line.startswith(("1", "2"))]
    for position, text in junk:
        lines.insert(min(position, len(lines)), text)
    if len(lines) > 12:
        middle = lines[9:]
        order.shuffle(middle)
        lines = lines[:9] + middle
    try:
        mutated = document_from_bytes("\n".join(lines).encode("utf-8"), Path("mutated.txt"))
        score = grid.detect(mutated)
        parsed = list(grid.parse(mutated))
    except GovtasksError:
        return
    assert 0.0 <= score <= 1.0
    for r in parsed:
        assert 1 <= r.source_line <= len(mutated.lines)
        assert r.content.strip()
