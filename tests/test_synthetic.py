"""The synthetic corpus of the linking benchmark (benchmarks/synthetic.py) and its scoring helper.

No timing and no quality thresholds here: the benchmark reports those (benchmarks/LINK_RESULTS.md).
"""

from __future__ import annotations

from govtasks.link.blocks import build_tables
from govtasks.models import CleanRow, ParsedFile, ReportFacts
from synthetic import VARIATION_WEIGHTS, generate, generate_corpus, pair_scores


def test_same_seed_gives_the_same_corpus_and_another_seed_another() -> None:
    assert generate(600, seed=7) == generate(600, seed=7)
    assert generate(600, seed=7) != generate(600, seed=8)


def test_corpus_has_the_requested_rows_each_with_a_true_label() -> None:
    for n_rows in (0, 1, 37, 600):
        files, truth = generate(n_rows, seed=3)
        keys = [(f.sha256, row.source_line) for f in files for row in f.rows]
        assert len(keys) == n_rows
        assert set(keys) == set(truth)  # one label per row: (sha256, line) is unique
        assert all(f.rows for f in files)


def test_smaller_corpus_is_the_start_of_a_larger_one() -> None:
    small, _ = generate(300, seed=5)
    large, _ = generate(3000, seed=5)
    assert small[:-1] == large[: len(small) - 1]


def test_corpus_spans_districts_years_and_every_kind_of_variation() -> None:
    corpus = generate_corpus(3000, seed=11)
    facts = [f.facts for f in corpus.files]
    assert len({f.district for f in facts}) > 20
    assert len({f.year for f in facts}) > 3
    assert all(len(f.sha256) == 64 and int(f.sha256, 16) >= 0 for f in corpus.files)
    # one report per district, year and period: no report is a copy of another
    assert len({(f.district, f.year, f.period) for f in facts}) == len(facts)
    seen = {kind for kinds in corpus.variations.values() for kind in kinds}
    assert seen == set(VARIATION_WEIGHTS)
    kinds = {"sibling", "sibling_successive", "contained", "contained_successive"}
    assert {kind for _, _, kind in corpus.lookalikes} == kinds
    labels = set(corpus.truth.values())
    assert all(a in labels and b in labels and a != b for a, b, _ in corpus.lookalikes)


def test_build_tables_gives_one_progress_row_per_generated_row() -> None:
    files, truth = generate(600, seed=2)
    tables = build_tables(files)
    assert len(tables.progress) == 600
    sha_of = {r.report_id: r.source_sha256 for r in tables.reports}
    assert {(sha_of[p.report_id], p.source_line) for p in tables.progress} == set(truth)
    precision, recall = pair_scores(tables, truth)
    assert 0 <= precision <= 1 and 0 <= recall <= 1


def _report(sha: str, period: str, contents: list[str]) -> ParsedFile:
    rows = tuple(
        CleanRow(
            source_line=line,
            seq=None,
            category_no=None,
            category=None,
            content=content,
            lead_units=(),
            lead_leaders=(),
            progress=f"{period} 进展 {line}",
            problems=None,
            next_steps=None,
            flags=(),
        )
        for line, content in enumerate(contents, start=1)
    )
    return ParsedFile(
        source_file=f"{period}.txt",
        sha256=sha * 64,
        format="test",
        score=1.0,
        facts=ReportFacts(district="东湖区", year=2021, period=period),  # type: ignore[arg-type]
        script="simplified",
        rows=rows,
    )


def test_pair_scores_counts_pairs_against_the_truth() -> None:
    # Identical texts link and unrelated texts stay apart under any linker, so the predicted pairs
    # are known: (H1 1, Q3 1) and (H1 2, Q3 2). The truth agrees on the first, calls the second two
    # tasks, and joins the unrelated rows H1 3 and Q3 3 into one task: 1 hit of 2 predicted pairs,
    # 1 hit of 2 true pairs.
    h1 = _report("a", "H1", ["建设东湖大桥。", "完善垃圾分类制度。", "新建城东幼儿园3所。"])
    q3 = _report("b", "Q3", ["建设东湖大桥。", "完善垃圾分类制度。", "招引亿元以上项目12个。"])
    truth = {
        ("a" * 64, 1): "bridge",
        ("b" * 64, 1): "bridge",
        ("a" * 64, 2): "waste",
        ("b" * 64, 2): "waste, second",
        ("a" * 64, 3): "growth",
        ("b" * 64, 3): "growth",
    }
    tables = build_tables([h1, q3])
    assert pair_scores(tables, truth) == (0.5, 0.5)
    # A linker that got it right scores 1.0 on both; a true task on a row the tables lack costs recall.
    right = {**truth, ("b" * 64, 2): "waste", ("b" * 64, 3): "projects"}
    assert pair_scores(tables, right) == (1.0, 1.0)
    assert pair_scores(tables, {**right, ("c" * 64, 1): "bridge"}) == (1.0, 2 / 4)
