"""Linking rules: keys, similarity and the thresholds, measured on the real samples.

The thresholds in govtasks.link.matching are justified by two measurements kept here as tests:
how similar different tasks of the samples can be (the negatives), and how similar the
rewordings issue 3 lists make a sample row to itself (the positives).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from tests.conftest import RAW, SAMPLES

from govtasks.clean.normalize import default_phrases
from govtasks.ids import link_key, strip_enumerator
from govtasks.link.matching import LINK_THRESHOLD, REVIEW_HIGH, REVIEW_LOW, Block, similarity
from govtasks.models import ParsedFile
from govtasks.run.per_file import process_file


@pytest.fixture(scope="module")
def sample_keys() -> dict[str, list[str]]:
    """Distinct link keys of every sample's rows (002's second printing collapses)."""
    keys: dict[str, list[str]] = {}
    for name, path in SAMPLES.items():
        parsed = process_file(path, RAW, default_phrases())
        assert isinstance(parsed, ParsedFile)
        keys[name] = list(dict.fromkeys(link_key(row.content) for row in parsed.rows))
    return keys


# --- keys ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("提升政策兑现时效，用好“亲清在线”平台。", '提升政策兑现时效,用好"亲清在线"平台.'),  # width
        ("加快七彩社区、亚运社区建设", "加快七彩社区 、亚运 社区建设"),  # spaces
        ("1.加快七彩社区建设", "加快七彩社区建设"),  # list numbers
        ("(一)加快七彩社区建设", "加快七彩社区建设"),
        ("（三）加快七彩社区建设", "加快七彩社区建设"),
        ("二、加快七彩社区建设", "加快七彩社区建设"),
        ("12、加快七彩社区建设", "加快七彩社区建设"),
        ("①加快七彩社区建设", "加快七彩社区建设"),
    ],
)
def test_keys_ignore_width_spaces_punctuation_and_list_numbers(a: str, b: str) -> None:
    assert link_key(a) == link_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("新增上市企业6家", "新增上市企业7家"),
        ("1.5万亩土地整治", "5万亩土地整治"),  # a decimal is not a list number
        ("2022年完成", "完成"),  # a year is not a list number
    ],
)
def test_keys_keep_numbers_that_belong_to_the_task(a: str, b: str) -> None:
    assert link_key(a) != link_key(b)


def test_enumerator_is_stripped_once_only() -> None:
    assert strip_enumerator("(一)1.推进") == "1.推进"


# --- measured thresholds ---------------------------------------------------------------------


def test_thresholds_are_ordered() -> None:
    assert REVIEW_LOW < LINK_THRESHOLD < REVIEW_HIGH <= 1.0


def test_different_tasks_of_the_samples_stay_below_the_threshold(
    sample_keys: dict[str, list[str]],
) -> None:
    """Negatives: every pair of different tasks in the samples.

    - Within one report the closest are three 002 tasks sharing an 11-character ending,
      "节能减排/环境保护/有效投资 + 确保完成市下达目标任务": 0.733. They are in the review band:
      a later 拱墅区 report missing one of them would list the pair for a person to check.
    - Across reports (other periods, districts, years) the closest is 0.508 (003 vs 004, both
      余杭区: two "双倍增" high-tech-enterprise tasks of 2022 and 2018).
    """
    best_within, best_across = 0.0, 0.0
    names = list(sample_keys)
    for i, a in enumerate(names):
        for b in names[i:]:
            matrix = cdist(sample_keys[a], sample_keys[b], scorer=fuzz.ratio)
            for x, key_a in enumerate(sample_keys[a]):
                for y, key_b in enumerate(sample_keys[b]):
                    if key_a == key_b:
                        continue  # the same row, or one of the five tasks 000 and 001 share
                    score = float(matrix[x][y]) / 100
                    if a == b:
                        best_within = max(best_within, score)
                    else:
                        best_across = max(best_across, score)
    assert best_within == pytest.approx(0.733, abs=0.001)
    assert best_across == pytest.approx(0.508, abs=0.001)
    assert max(best_within, best_across) < LINK_THRESHOLD
    assert best_across < REVIEW_LOW


def _typo(key: str) -> str:
    """One character replaced (亲清 -> 亲情 style), in the middle of the key."""
    middle = len(key) // 2
    return key[:middle] + ("情" if key[middle] != "情" else "清") + key[middle + 1 :]


#: A trailing clause of the kind later reports append (7 characters: "ensure done by year end").
CLAUSE = "确保年底前完成"


def test_rewordings_of_sample_rows_link(sample_keys: dict[str, list[str]]) -> None:
    """Positives: every sample task against itself reworded.

    - one character changed: links for every task of 8+ characters (all but 2 of 406);
    - a 7-character trailing clause appended: links for every task of 14+ characters; shorter
      tasks land in the review band, never silently apart.
    """
    keys = [key for keys in sample_keys.values() for key in keys]
    typo_scores = [similarity(k, _typo(k)) for k in keys]
    assert all(s >= LINK_THRESHOLD for k, s in zip(keys, typo_scores, strict=True) if len(k) >= 8)
    assert sum(len(k) < 8 for k in keys) == 2
    for key in keys:
        score = similarity(key, key + CLAUSE)
        if len(key) >= 14:
            assert score >= LINK_THRESHOLD, key
        else:
            assert score >= REVIEW_LOW or len(key) < 7, key


def test_short_task_contained_in_a_longer_different_task_stays_apart() -> None:
    short = link_key("强化食品药品安全监管。")
    long = link_key("强化食品药品安全监管，创建省级食品安全示范区，推进农贸市场智慧监管全覆盖。")
    assert short in long
    assert similarity(short, long) < REVIEW_LOW


# --- the block: one district and year --------------------------------------------------------


def test_block_links_best_first_and_one_row_per_report() -> None:
    block = Block()
    first, _ = block.add_report(0, ["推进城市更新完成旧改项目三个", "建设未来社区五个"])
    assert [a.cluster for a in first] == [0, 1] and all(a.started for a in first)
    # Two rows of the next report both resemble cluster 0; only the closer one joins it.
    second, review = block.add_report(
        1, ["推进城市更新完成旧改项目三个确保完成", "推进城市更新完成旧改项目四个", "建设未来社区五个"]
    )
    assert [a.cluster for a in second] == [2, 0, 1]
    assert second[1].similarity == pytest.approx(
        similarity("推进城市更新完成旧改项目三个", "推进城市更新完成旧改项目四个")
    )
    assert second[2].similarity == 1.0
    blocked = [c for c in review if not c.linked]
    assert [(c.row, c.cluster, c.reason) for c in blocked] == [
        (0, 0, "task already has a row of this report")
    ]


def test_exact_match_wins_over_a_closer_fuzzy_claim() -> None:
    block = Block()
    block.add_report(0, ["甲乙丙丁戊己庚辛壬癸"])
    rows, _ = block.add_report(1, ["甲乙丙丁戊己庚辛壬子", "甲乙丙丁戊己庚辛壬癸"])
    assert [a.cluster for a in rows] == [1, 0]


@given(st.lists(st.text(alphabet="甲乙丙丁戊己庚辛壬癸子丑", min_size=1, max_size=12), max_size=8))
def test_a_report_never_puts_two_rows_in_one_task(keys: list[str]) -> None:
    block = Block()
    block.add_report(0, ["甲乙丙丁戊己", "庚辛壬癸子丑"])
    rows, _ = block.add_report(1, keys)
    clusters = [a.cluster for a in rows]
    assert len(clusters) == len(set(clusters))
    assert all(a.started or a.similarity >= LINK_THRESHOLD for a in rows)
