"""Issue 3 on the real samples: the five documents plus a traditional-script copy of 004.

Expected links were checked by reading the documents: 000 (萧山区 2020 H1) and 001 (萧山区
2020 Q3) share five tasks word for word; the traditional copy of 004 states all 83 of its
tasks; nothing else in the samples is the same task.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import SAMPLES, copy_samples, write_traditional_copy

from govtasks.clean.normalize import default_phrases, to_traditional
from govtasks.link.blocks import Tables, build_tables
from govtasks.models import ParsedFile
from govtasks.run.per_file import process_file


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_samples(tmp_path_factory.mktemp("raw"))
    write_traditional_copy(SAMPLES["004"], folder)
    return folder


@pytest.fixture(scope="module")
def parsed(folder: Path) -> dict[str, ParsedFile]:
    results = {p.name: process_file(p, folder, default_phrases()) for p in sorted(folder.iterdir())}
    assert all(isinstance(r, ParsedFile) for r in results.values()), results
    return {name: r for name, r in results.items() if isinstance(r, ParsedFile)}


@pytest.fixture(scope="module")
def tables(parsed: dict[str, ParsedFile]) -> Tables:
    return build_tables(list(parsed.values()))


TRADITIONAL = f"traditional-{SAMPLES['004'].name}"


def rid(tables: Tables, name: str) -> str:
    return next(r.report_id for r in tables.reports if r.source_file == name)


def test_the_copy_really_is_traditional(parsed: dict[str, ParsedFile], folder: Path) -> None:
    text = (folder / TRADITIONAL).read_text(encoding="utf-8")
    assert "於衛國" in text and "牽頭領導" in text and "餘杭區" in text
    copy = parsed[TRADITIONAL]
    assert (copy.format, copy.script) == ("yuhang_plan", "traditional")
    assert copy.facts.model_dump(exclude={"inferred"}) == parsed[SAMPLES["004"].name].facts.model_dump(
        exclude={"inferred"}
    )


def test_every_004_row_reads_the_same_from_its_traditional_twin(parsed: dict[str, ParsedFile]) -> None:
    """Row for row, field for field, after t2s with the phrase list (於衛國 -> 於卫国)."""
    original, copy = parsed[SAMPLES["004"].name].rows, parsed[TRADITIONAL].rows
    assert len(original) == len(copy) == 83
    assert [r.same_statement() for r in copy] == [r.same_statement() for r in original]
    assert [r.source_line for r in copy] == [r.source_line for r in original]


def test_the_traditional_copy_collapses_into_004(tables: Tables) -> None:
    """One progress row per task of 004; each names the copy in also_in; the copy's report row
    says duplicate_of 004; no task is added."""
    original, copy = rid(tables, SAMPLES["004"].name), rid(tables, TRADITIONAL)
    assert {r.report_id: r.duplicate_of for r in tables.reports}[copy] == original
    rows = [p for p in tables.progress if p.report_id == original]
    assert len(rows) == 83
    assert all(p.also_in == [copy] for p in rows)
    assert not any(p.report_id == copy for p in tables.progress)
    assert (len(tables.reports), len(tables.tasks), len(tables.progress)) == (6, 406, 411)
    report = next(r for r in tables.reports if r.report_id == copy)
    assert (report.script, report.n_rows, report.title) == (
        "traditional",
        83,
        "2018年《政府工作报告》工作任务分解表",
    )


def test_five_tasks_shared_by_000_and_001_are_linked(tables: Tables) -> None:
    h1, q3 = rid(tables, SAMPLES["000"].name), rid(tables, SAMPLES["001"].name)
    tasks_h1 = {p.task_id for p in tables.progress if p.report_id == h1}
    tasks_q3 = {p.task_id for p in tables.progress if p.report_id == q3}
    shared = tasks_h1 & tasks_q3
    assert len(shared) == 5
    for task in (t for t in tables.tasks if t.task_id in shared):
        assert (task.first_period, task.last_period, task.n_reports) == ("H1", "Q3", 2)


def test_003_rows_numbered_102_stay_apart(tables: Tables) -> None:
    report = rid(tables, SAMPLES["003"].name)
    rows = [p for p in tables.progress if p.report_id == report and p.seq == "102"]
    assert [p.source_line for p in rows] == [102, 103]
    assert rows[0].task_id != rows[1].task_id


def test_no_task_spans_districts_or_years(tables: Tables) -> None:
    home = {r.report_id: (r.district, r.year) for r in tables.reports}
    seen: dict[str, set[tuple[str, int]]] = {}
    for p in tables.progress:
        seen.setdefault(p.task_id, set()).add(home[p.report_id])
    assert all(len(places) == 1 for places in seen.values())
    task_home = {t.task_id: (t.district, t.year) for t in tables.tasks}
    assert all(places == {task_home[tid]} for tid, places in seen.items())


def test_every_link_in_the_samples_is_exact_and_none_is_borderline(tables: Tables) -> None:
    """The samples hold no near-miss: every linked row matches word for word, and no pair of
    rows falls in the review band."""
    assert {p.similarity for p in tables.progress} == {1.0}
    assert tables.review == []


def test_a_task_has_at_most_one_row_per_report(tables: Tables) -> None:
    pairs = [(p.task_id, p.report_id) for p in tables.progress]
    assert len(pairs) == len(set(pairs))


def test_progress_rows_trace_back_to_a_line_of_their_file(tables: Tables, folder: Path) -> None:
    files = {r.report_id: folder / r.source_file for r in tables.reports}
    for p in tables.progress:
        lines = files[p.report_id].read_text(encoding="utf-8").splitlines()
        assert 1 <= p.source_line <= len(lines)


def test_converting_the_copy_back_needs_the_phrase_list() -> None:
    """Without the phrase list the copy's leader 於衛國 becomes 于卫国 and 004 line 12 differs."""
    from govtasks.clean.normalize import PhraseList, to_simplified

    line = SAMPLES["004"].read_text(encoding="utf-8").splitlines()[11]
    assert "於卫国" in line
    assert "於卫国" not in to_simplified(to_traditional(line), PhraseList(()))
    assert "於卫国" in to_simplified(to_traditional(line), default_phrases())


def test_a_re_download_in_another_encoding_is_a_copy(tmp_path: Path) -> None:
    """000 saved again as GB18030 with CRLF line ends: other bytes, same document."""
    copy_samples(tmp_path, ["000", "001"])
    text = SAMPLES["000"].read_text(encoding="utf-8")
    (tmp_path / "mirror-000.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    files = [process_file(p, tmp_path, default_phrases()) for p in sorted(tmp_path.iterdir())]
    tables = build_tables([f for f in files if isinstance(f, ParsedFile)])
    assert len(files) == len(tables.reports) == 3
    original, mirror = rid(tables, SAMPLES["000"].name), rid(tables, "mirror-000.txt")
    assert {r.report_id: r.duplicate_of for r in tables.reports}[mirror] == original
    assert (len(tables.progress), len(tables.tasks)) == (97, 92)  # as without the mirror
    assert all(p.also_in == [mirror] for p in tables.progress if p.report_id == original)
