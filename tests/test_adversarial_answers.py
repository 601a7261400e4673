"""Issue 16: answers that match what happens, and linking that stays bounded on large blocks.

- ``links --review`` shows the row a pair's similarity was computed against, and what decided
  (point 8);
- ``detect`` says when ingest would reject a file, and why (point 8);
- linking two large reports of one district and year holds a bounded score matrix (point 6);
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import EXTRA, SAMPLES

from govtasks.clean.normalize import default_phrases
from govtasks.ids import link_key
from govtasks.link import matching
from govtasks.link.blocks import build_tables, link_block
from govtasks.link.matching import LINK_THRESHOLD, similarity
from govtasks.models import Rejection
from govtasks.run.per_file import process_file
from synthetic import generate_corpus, large_block

pytestmark = pytest.mark.adversarial


def test_linking_a_large_block_holds_a_bounded_score_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 600-row reports of one district and year: no score matrix over the cell budget, and
    the same tables as one matrix would give."""
    files = large_block(600, seed=3)
    whole = link_block(files)
    shapes: list[tuple[int, int]] = []
    real_cdist = matching.cdist

    def counting_cdist(queries: Any, choices: Any, **options: Any) -> Any:
        shapes.append((len(queries), len(choices)))
        return real_cdist(queries, choices, **options)

    monkeypatch.setattr(matching, "CDIST_CELLS", 20_000, raising=False)
    monkeypatch.setattr(matching, "cdist", counting_cdist)
    chunked = link_block(files)
    assert shapes and max(rows * columns for rows, columns in shapes) <= 20_000
    assert chunked == whole


def test_each_review_pair_shows_the_row_its_similarity_was_computed_against() -> None:
    """On a generated corpus, every borderline pair's similarity is the one of the two rows it
    shows (before the fix a task's later row, often worded as the row itself, was shown beside
    the score of an earlier one: two identical keys "0.800 linked"), and says what decided it."""
    corpus = generate_corpus(6_000, seed=5)
    tables = build_tables(corpus.files)
    assert len(tables.review) > 50
    for pair in tables.review:
        key, other = link_key(pair.content), link_key(pair.other_content)
        assert pair.similarity == round(similarity(key, other), 4), pair
        assert key != other, pair  # identical keys score 1: never a borderline pair
        assert pair.threshold == LINK_THRESHOLD
        if pair.decision == "linked":
            assert pair.decided_by == "threshold" and pair.similarity >= LINK_THRESHOLD
        elif pair.decided_by == "threshold":
            assert pair.similarity < LINK_THRESHOLD and "< threshold 0.80" in pair.reason
        else:
            assert pair.decided_by == "one row per report" and pair.similarity >= LINK_THRESHOLD
            assert "of the same report joined that task first" in pair.reason


def _detect(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govtasks", "detect", str(path)], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("14_shaoxing_city_2020_q1_progress_before_unit.txt", "would be rejected (missing-facts)"),
        ("34_xiaoshan_2022_h1_narrative_no_table.txt", "would be rejected (no-task-table)"),
    ],
)
def test_detect_says_when_ingest_would_reject_a_file(tmp_path: Path, name: str, verdict: str) -> None:
    """detect runs ingest's per-file stage: a file ingest rejects is named with the reason and
    a hint, exit 2 (it printed "district=None" and exit 0 for the first)."""
    source = EXTRA / name  # the files of shared/samples-extra, bytes unchanged
    shutil.copy(source, tmp_path / name)
    result = _detect(tmp_path / name)
    assert result.returncode == 2, result.stdout + result.stderr
    assert verdict in result.stdout and "hint:" in result.stdout
    assert "Traceback" not in result.stderr
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(source, raw / name)
    outcome = process_file(raw / name, raw, default_phrases())
    assert isinstance(outcome, Rejection) and f"({outcome.code})" in verdict


def test_detect_of_a_file_ingest_takes_exits_0() -> None:
    result = _detect(SAMPLES["003"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "would be rejected" not in result.stdout
    assert "format=yuhang_halfyear" in result.stdout and "rows=103" in result.stdout
