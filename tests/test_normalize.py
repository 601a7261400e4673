"""The normalize stage: script conversion with protected names, artifacts, lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtasks.clean.normalize import (
    PhraseList,
    clean_leaders,
    clean_units,
    default_phrases,
    load_phrases,
    remove_cjk_spaces,
    strip_pinyin,
    to_simplified,
    traditional_share,
)
from govtasks.ids import content_key
from govtasks.models import SourceRow
from govtasks.run.per_file import normalize_row

PHRASES = default_phrases()


def test_surname_yu_survives_conversion() -> None:
    """於 in 於卫国 (004) is a surname: t2s alone would give 于卫国."""
    assert to_simplified("祝振伟、於卫国", PHRASES) == "祝振伟、於卫国"
    assert to_simplified("於衛國", PHRASES) == "於卫国"
    assert to_simplified("於卫国", PhraseList()) == "于卫国"  # what the converter does unprotected


def test_protected_phrase_beside_converted_text() -> None:
    assert to_simplified("區經信局 於卫国 區財政局", PHRASES) == "区经信局 於卫国 区财政局"


def test_users_extend_the_phrase_list(tmp_path: Path) -> None:
    extra = tmp_path / "phrases.txt"
    extra.write_text("# local names\n於建华\n", encoding="utf-8")
    phrases = load_phrases(extra)
    assert to_simplified("於建华、於卫国", phrases) == "於建华、於卫国"
    assert load_phrases(tmp_path / "missing.txt") == PHRASES


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("序號(hào)", "序號"),
        ("區(qū)委組織部(人才辦)", "區委組織部(人才辦)"),  # real parentheses stay
        ("(區(qū)金融辦)", "(區金融辦)"),
        ("仁和-良渚(縣、市)", "仁和-良渚(縣、市)"),
        ("Hava Zingboim", "Hava Zingboim"),
        ("5G(ok)", "5G(ok)"),  # ASCII without tone marks is not pinyin
    ],
)
def test_strip_pinyin(raw: str, expected: str) -> None:
    assert strip_pinyin(raw) == expected


def test_leaders_lose_nbsp_markers_and_inner_spaces() -> None:
    names, flags = clean_leaders(["沈 ?昱", "祝振伟", "曾 ?宏", "沈  昱"], PHRASES)
    assert names == ["沈昱", "祝振伟", "曾宏", "沈昱"]
    assert flags == ()


def test_units_join_continuations_and_split_lists() -> None:
    units, _ = clean_units(["余杭经济技术开发区", "(钱江经济开发区)", "良渚新城、良渚街道"], PHRASES)
    assert units == ["余杭经济技术开发区(钱江经济开发区)", "良渚新城", "良渚街道"]


def test_units_in_traditional_with_pinyin() -> None:
    units, _ = clean_units(["區(qū)發(fā)改局", "(區(qū)金融辦)", "區(qū)經(jīng)信局"], PHRASES)
    assert units == ["区发改局(区金融办)", "区经信局"]


def test_line_wrap_space_in_content() -> None:
    """001 prints "应对疫情各项 扶持政策" where 000 prints it without the space."""
    assert remove_cjk_spaces("确保应对疫情各项 扶持政策落实到位。") == "确保应对疫情各项扶持政策落实到位。"


def test_content_key_ignores_punctuation_width_and_spaces() -> None:
    a = "提升政策兑现时效,用好“亲清在线”数字平台,确保应对疫情各项 扶持政策落实到位。"
    b = '提升政策兑现时效，用好"亲清在线"数字平台，确保应对疫情各项扶持政策落实到位'
    assert content_key(a) == content_key(b)
    assert content_key("新增上市企业6家") != content_key("新增上市企业7家")


def test_script_share() -> None:
    assert traditional_share("余杭区科技局") == 0.0
    assert traditional_share("區(qū)科技局 余杭區") > 0.2


def test_normalize_row_cleans_every_field() -> None:
    row = SourceRow(
        source_line=5,
        seq=" 5 ",
        content="實(shí)施“雄鷹計(jì)劃”",
        lead_units=["區(qū)發(fā)改局", "(區(qū)金融辦)"],
        lead_leaders=["於卫国"],
        progress="完成  \n\n  情況(kuàng)",
    )
    clean = normalize_row(row, PHRASES)
    assert clean.seq == "5"
    assert clean.content == "实施“雄鹰计划”"
    assert clean.lead_units == ("区发改局(区金融办)",)
    assert clean.lead_leaders == ("於卫国",)
    assert clean.progress == "完成\n情况"
    assert clean.problems is None


@given(st.text(max_size=300))
def test_cleaners_never_crash_and_are_idempotent_on_their_output(text: str) -> None:
    once = to_simplified(strip_pinyin(text), PHRASES)
    assert to_simplified(strip_pinyin(once), PHRASES) == to_simplified(once, PHRASES)
    units, _ = clean_units([text], PHRASES)
    assert all(u.strip() == u and u for u in units)
    names, _ = clean_leaders([text], PHRASES)
    assert all(" " not in n and "?" not in n for n in names)


@given(st.text(alphabet="於卫国區经信局 ?、()", max_size=60))
def test_protected_name_is_never_converted(text: str) -> None:
    assert to_simplified(text + "於卫国", PHRASES).endswith("於卫国")
