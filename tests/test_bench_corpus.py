"""The benchmark corpus generator (benchmarks/corpus.py): reproducible, and every file it writes
ingests as generated. Nothing here is timed."""

from __future__ import annotations

import hashlib
import io
from itertools import islice
from pathlib import Path

from rich.console import Console
from tests.conftest import read_table

import corpus
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings


def _fingerprint(files: list[corpus.Generated]) -> list[tuple[str, str, str | None]]:
    return [
        (
            item.name,
            hashlib.sha256(item.data).hexdigest(),
            item.sidecar.decode() if item.sidecar is not None else None,
        )
        for item in files
    ]


def test_same_seed_same_bytes() -> None:
    first = list(islice(corpus.documents(seed=5), 40))
    again = list(islice(corpus.documents(seed=5), 40))
    other = list(islice(corpus.documents(seed=6), 40))
    assert _fingerprint(first) == _fingerprint(again)
    assert [item.meta() for item in first] == [item.meta() for item in again]
    assert _fingerprint(first) != _fingerprint(other)


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one() -> None:
    unit = corpus.sample_bytes()
    small = list(corpus.take(corpus.documents(seed=2), target_bytes=unit))
    large = list(corpus.take(corpus.documents(seed=2), target_bytes=3 * unit))
    assert sum(len(item.data) for item in small) >= unit
    assert _fingerprint(large[: len(small)]) == _fingerprint(small)
    assert len(large) > len(small)
    assert large[len(small)].copy_of is None  # a mirror copy never ends up apart from its report


def _districts() -> list[corpus.District]:
    """Every follow-up layout as text and as pages; UTF-8 and GBK, LF and CRLF, known and
    made-up district names (those need a sidecar) spread over them."""
    found = []
    for number, spec in enumerate(corpus.FOLLOW_UP_SPECS):
        odd = number % 2 == 1
        text = ("东湖县", False) if odd else ("西湖区", True)
        page = ("滨江区", True) if odd else ("青山市", False)
        encoding = "gbk" if odd else "utf-8"
        found.append(corpus.District(2 * number, *text, spec, encoding, odd, html=False))
        found.append(corpus.District(2 * number + 1, *page, spec, encoding, False, html=True))
    return found


def test_a_small_corpus_ingests_as_generated(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    files = [item for district in _districts() for item in corpus.district_year(district, 2021, seed=3)]
    corpus.write_files(raw, files)
    kinds = {(item.layout, item.kind, item.script, item.encoding) for item in files}
    # every layout, pages, both scripts and both encodings are in the test corpus
    assert {layout for layout, *_ in kinds} >= {s.layout for s in corpus.FOLLOW_UP_SPECS} | {"yuhang_plan"}
    assert {kind for _, kind, *_ in kinds} == {"text", "html"}
    assert {script for *_, script, _ in kinds} == {"simplified", "traditional"}
    assert {"utf-8", "gbk"} <= {encoding for *_, encoding in kinds}

    # Each file on its own: read with the layout, facts and number of rows it was made with.
    assert corpus.check(raw, [item.meta() for item in files]) == []

    # The whole corpus through `govtasks ingest`: nothing rejected, every row there.
    result = run_ingest(RunSettings(raw, out, jobs=1), console=Console(file=io.StringIO(), width=200))
    assert result.rejected == []
    reports = read_table(out, "reports")
    assert len(reports) == result.totals.reports == len(files)
    assert sum(report.n_rows for report in reports) == sum(item.rows for item in files)
    # Restated tasks are linked across the periods of a district and year.
    assert any(task.n_reports > 1 for task in read_table(out, "tasks"))
