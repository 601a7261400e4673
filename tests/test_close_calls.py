"""Close calls between layouts are settled by reading the file with each, not refused (issue 17).

Real pages where a close call happens (before this rule each was rejected as ambiguous): a
余杭 full-year page (field a09) and the beginnings of published pages, cut as a reader's excerpt
would be (the first lines of samples 002 and 004 and of the 拱墅 excerpt 06, or their lines
from the column header on). Each rule of the ranking (formats/readings.py) is shown on at
least two real pages ("every row with content" on real pages' rows, one cell blanked: no parser
yields an empty content).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA, ROOT, SAMPLES, quiet_console
from typer.testing import CliRunner

from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.cli import app
from govtasks.errors import AmbiguousFormat, FormatCrashed, RejectedFile
from govtasks.formats import generic, gongshu_quarterly, xiaoshan_halfyear, yuhang_halfyear, yuhang_plan
from govtasks.formats.base import WITHOUT_SIGNATURE
from govtasks.formats.readings import Reading, is_complete, rank
from govtasks.models import Rejection, SourceRow
from govtasks.read.document import Document, document_from_bytes, read_document
from govtasks.run.ingest import run_ingest
from govtasks.run.per_file import process_file
from govtasks.run.settings import RunSettings

FIELD = ROOT / "tests" / "fixtures" / "field"
A01 = FIELD / "a01_gongshu_2021_q4.txt"  # 拱墅 Q4, category cells numbered "(一)", no 项目名称 header
A09 = FIELD / "a09_yuhang_2023_fy.txt"  # 余杭 full year, 003's header without pinyin
A11 = FIELD / "a11_gongshu_2023_q4.txt"  # 拱墅 Q4 like a01, with a leaders column
B13 = FIELD / "b13_chongchuan_2023_m11.txt"  # 崇川 pipe rows naming leaders, no header
C12 = FIELD / "c12_keqiao_2023_q1.txt"  # 柯桥 pipe table
LINAN = EXTRA / "23_linan_2022_q3_minsheng_pipes_rowspan.txt"
NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"
NEGATIVE = FIELD / "c02_longwan_2020_neg.txt"


def first_lines(path: Path, n: int, folder: Path, start: int = 0) -> Path:
    """Lines ``start`` + 1 to ``n`` of ``path`` (the first ``n`` by default) as a new file in
    ``folder``: an excerpt of the page."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = folder / f"{path.stem}_{start}-{n}.txt"
    cut.write_text("".join(lines[start:n]), encoding="utf-8")
    return cut


def reading(path: Path, *modules: object) -> list[Reading]:
    """``formats.settle`` over ``modules`` (with their own scores) on the page at ``path``."""
    doc = read_document(path)
    return formats.settle(doc, [(m, formats.score(m, doc)) for m in modules])  # type: ignore[misc]


# --- close calls of today, settled ---------------------------------------------------------


def test_a_full_yuhang_page_is_read_by_both_and_the_higher_score_wins() -> None:
    found = formats.choose(read_document(A09))
    assert found.format is yuhang_halfyear and found.runner_up == "generic"
    # The generic reader flags the third row cut off (the text ends on an unclosed pipe line,
    # issue 17 point 4), as the page's expectation does; the 余杭 reader takes it whole.
    assert found.chosen_by == "read: yuhang_halfyear over generic: 3 complete rows against 2"
    assert found.rows is not None
    assert [(r.seq, r.lead_units) for r in found.rows] == [
        ("1", ["区科技局"]),
        ("2", ["区科技局"]),
        ("3", ["区教育局"]),
    ]
    assert [r.name for r in found.readings] == ["yuhang_halfyear", "generic"]


@pytest.mark.parametrize(
    ("source", "lines", "winner", "first_unit"),
    [(SAMPLES["004"], 10, yuhang_plan, "未来科技城(海创园)")],
    ids=["004"],
)
def test_a_cut_page_two_layouts_read_alike_goes_to_the_first_in_the_registry(
    tmp_path: Path, source: Path, lines: int, winner: object, first_unit: str
) -> None:
    """Shown on 004's first lines only: the first 26 lines of 002 and 28 of 06, which showed it
    too, are no close call since the generic reader takes a last row that runs to the very end
    of an excerpt as cut (it may go on), and gives them no complete row."""
    found = formats.choose(read_document(first_lines(source, lines, tmp_path)))
    assert found.format is winner and found.runner_up == "generic"
    assert found.chosen_by.endswith("same detect score: first in the registry")
    assert found.rows is not None and found.rows[0].lead_units[0] == first_unit
    assert all(is_complete(row) for row in found.rows)
    # The generic reader found the same complete rows: the verdict costs nothing.
    generic_reading = found.readings[1]
    assert generic_reading.complete == found.readings[0].complete


def test_an_excerpt_from_the_table_header_on_goes_to_the_better_reading(tmp_path: Path) -> None:
    """拱墅 pages copied from their column header on (no CMS block above it): the 拱墅 module
    and the generic reader score within the band; the 拱墅 reading keeps progress with its row,
    the generic one takes progress cells for tasks."""
    excerpt = first_lines(EXTRA / "06_gongshu_2020_q3_gov.txt", 44, tmp_path, start=8)
    found = formats.choose(read_document(excerpt))
    assert found.format is gongshu_quarterly and found.runner_up == "generic"
    assert found.chosen_by == "read: gongshu_quarterly over generic: 4 complete rows against 3"
    assert found.rows is not None and all(row.progress for row in found.rows[:4])
    excerpt = first_lines(SAMPLES["002"], 56, tmp_path, start=8)
    found = formats.choose(read_document(excerpt))
    assert found.format is gongshu_quarterly and found.runner_up == "generic"
    assert found.chosen_by == "read: gongshu_quarterly over generic: 6 complete rows against 5"


def test_a_row_cut_off_by_the_end_of_the_excerpt_is_not_complete(tmp_path: Path) -> None:
    excerpt = first_lines(SAMPLES["002"], 34, tmp_path, start=8)
    found = formats.choose(read_document(excerpt))
    generic_reading = next(r for r in found.readings if r.name == "generic")
    # the row the excerpt cuts ("财政收入与经济增长基本同步", its content only) is no complete row:
    # flagged truncated, or left over as a paragraph no row took
    last = generic_reading.rows[-1]
    assert not last.content.startswith("财政收入") or ("truncated" in last.flags and not is_complete(last))
    assert found.format is gongshu_quarterly


def test_the_normal_path_parses_nothing_while_choosing() -> None:
    for path in SAMPLES.values():
        found = formats.choose(read_document(path))
        assert found.chosen_by == "detected" and found.rows is None and found.readings == ()


# --- the ranking, rule by rule, on real pages -------------------------------------------------


def test_more_complete_rows_wins() -> None:
    # a01: the 拱墅 module without its header reads nothing; the generic reader six rows.
    assert [(r.name, r.complete) for r in reading(A01, gongshu_quarterly, generic)] == [
        ("generic", 6),
        ("gongshu_quarterly", 0),
    ]
    # 临安 excerpt 23: rowspans the 余杭 reader does not know (its last row, cut off, does not count).
    assert [(r.name, r.complete) for r in reading(LINAN, yuhang_halfyear, generic)] == [
        ("generic", 10),
        ("yuhang_halfyear", 4),
    ]
    # 崇川 b13: pipe rows the 余杭 half-year reader takes without units or progress.
    assert [(r.name, r.complete) for r in reading(B13, yuhang_halfyear, yuhang_plan)] == [
        ("yuhang_plan", 3),
        ("yuhang_halfyear", 0),
    ]


def test_then_fewer_paragraphs_left_over_wins() -> None:
    # 柯桥 c12 once showed this rule (3 rows each, the generic reader leaving the continuation
    # line "新增学位810个 | |||||" over); that line is now a task of its own (issue 17 point 4),
    # and more complete rows decide.
    keqiao = reading(C12, generic, yuhang_halfyear)
    assert [(r.name, r.complete, r.left_over) for r in keqiao] == [
        ("generic", 4, 0),
        ("yuhang_halfyear", 3, 0),
    ]
    linan = reading(LINAN, yuhang_plan, yuhang_halfyear)
    assert [(r.name, r.complete, r.left_over) for r in linan] == [
        ("yuhang_halfyear", 4, 0),
        ("yuhang_plan", 4, 3),
    ]
    assert (
        formats.readings.why(linan[0], linan[1]) == "4 complete rows each, 0 paragraphs left over against 3"
    )


def test_then_every_row_with_content_wins() -> None:
    # No real page tells two readings apart by this rule alone (a parser never yields an empty
    # content): shown on the 余杭 pages' own rows, one reading given a blank content cell.
    for path, module in ((A09, yuhang_halfyear), (SAMPLES["004"], yuhang_plan)):
        doc = read_document(path)
        rows = list(module.parse(doc))
        blank = [*rows, SourceRow(source_line=rows[-1].source_line, content=" ")]
        good = Reading.of("good", 0.6, 5, rows, doc.paragraphs())
        worse = Reading.of("worse", 0.6, 0, blank, doc.paragraphs())
        assert (good.complete, good.left_over) == (worse.complete, worse.left_over)
        assert rank([worse, good])[0] is good


def test_then_the_higher_score_then_the_registry() -> None:
    plan = reading(SAMPLES["004"], generic, yuhang_plan)
    assert [(r.name, r.complete, r.left_over) for r in plan] == [("yuhang_plan", 83, 0), ("generic", 83, 0)]
    halfyear = reading(SAMPLES["003"], yuhang_plan, generic, yuhang_halfyear)
    assert [(r.name, r.score, r.complete, r.left_over) for r in halfyear] == [
        ("yuhang_halfyear", 1.0, 103, 0),
        ("generic", 0.6, 103, 0),
        ("yuhang_plan", 0.0, 103, 0),
    ]
    a09 = reading(A09, generic, yuhang_halfyear)
    assert [r.name for r in a09] == ["yuhang_halfyear", "generic"]
    # Equal in everything: registry order (002 and 004 cut, above).


# --- rejected only when no reading gives a complete row ----------------------------------------


@pytest.mark.parametrize("path", [NARRATIVE, NEGATIVE], ids=lambda p: p.name)
def test_a_close_call_no_reading_settles_is_rejected_naming_each(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    for module in (xiaoshan_halfyear, gongshu_quarterly):
        monkeypatch.setattr(module, "detect", lambda doc: 0.6)
    with pytest.raises(AmbiguousFormat) as caught:
        formats.choose(read_document(path))
    reason = caught.value.reason
    assert reason.startswith(
        "formats xiaoshan_halfyear (0.60), gongshu_quarterly (0.60) match almost equally "
        "and no reading gives a complete row ("
    )
    assert (
        "xiaoshan_halfyear: no rows (no 项目名称 · 项目内容 · 进展情况 table header in this page)" in reason
    )
    assert "gongshu_quarterly: no rows" in reason
    rejected = process_file(path, path.parent, default_phrases())  # as ingest sets it aside
    assert isinstance(rejected, Rejection)
    assert (rejected.code, rejected.reason, rejected.hint) == (
        "ambiguous-format",
        reason,
        AmbiguousFormat.hint,
    )


def test_a_crashing_candidate_loses_the_close_call_not_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(doc: Document) -> list[SourceRow]:
        raise KeyError("boom")

    monkeypatch.setattr(generic, "parse", crash)
    found = formats.choose(read_document(A09))
    assert found.format is yuhang_halfyear
    assert (
        found.readings[1].gave()
        == "no rows (govtasks failed on this file: generic.parse raised KeyError: 'boom')"
    )


# --- a dedicated module reaches the tie band only on its signature -----------------------------


@pytest.mark.parametrize(
    ("path", "module", "before"),
    [
        (A01, gongshu_quarterly, 0.55),
        (A11, gongshu_quarterly, 0.35),
        (EXTRA / "12_hangzhou_city_2021_plan_ddjlg_leader_sections.txt", gongshu_quarterly, 0.4),
        (A09, yuhang_plan, 0.4),
        (B13, yuhang_plan, 0.4),
    ],
    ids=["a01", "a11", "12", "a09", "b13"],
)
def test_without_its_header_a_module_stays_clear_of_the_tie_band(
    path: Path, module: object, before: float
) -> None:
    doc = read_document(path)
    assert module.detect(doc) == WITHOUT_SIGNATURE < before  # type: ignore[attr-defined]
    assert any(line.startswith("no signature") for line in module.explain(doc))  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", [A01, A11], ids=lambda p: p.name)
def test_full_gongshu_pages_with_numbered_categories_are_read(path: Path) -> None:
    found = formats.choose(read_document(path))
    assert (found.format, found.chosen_by) == (generic, "detected")
    rows = formats.parse_rows(found.format, read_document(path))
    assert sum(is_complete(row) for row in rows) >= 5


# --- deterministic, from the text alone --------------------------------------------------------

CLOSE_CALL_PAGES = [
    (SAMPLES["002"], 26),
    (SAMPLES["004"], 10),
    (EXTRA / "06_gongshu_2020_q3_gov.txt", 44),
    (A09, 9),
    (A01, 80),
    (C12, 20),
]


def _verdict(doc: Document) -> tuple[str, ...]:
    try:
        found = formats.choose(doc)
    except RejectedFile as exc:
        return ("rejected", exc.code, exc.reason)
    rows = found.rows if found.rows is not None else ()
    return (found.format.NAME, found.chosen_by, repr(rows))


@settings(max_examples=40, deadline=None)
@given(
    page=st.sampled_from(CLOSE_CALL_PAGES),
    cut=st.integers(min_value=-8, max_value=4),
    names=st.tuples(st.text("abcxyz_-", min_size=1, max_size=8), st.text("abcxyz_-", min_size=1, max_size=8)),
    other=st.sampled_from(sorted(SAMPLES.values())),
)
def test_the_choice_depends_on_the_text_alone(
    page: tuple[Path, int], cut: int, names: tuple[str, str], other: Path
) -> None:
    source, lines = page
    text = "".join(source.read_text(encoding="utf-8").splitlines(keepends=True)[: max(1, lines + cut)])
    data = text.encode("utf-8")
    first = document_from_bytes(data, Path(f"/raw/{names[0]}.txt"))
    verdict = _verdict(first)
    assert _verdict(first) == verdict  # asked again: the same
    formats.choose(read_document(other))  # another document in between (caches warm)
    second = document_from_bytes(data, Path(f"/elsewhere/{names[1]}/{names[0][::-1]}.txt"))
    assert _verdict(second) == verdict


# --- the decision is visible -------------------------------------------------------------------


def test_detect_names_the_winner_and_the_runner_up_and_explains(tmp_path: Path) -> None:
    cut = first_lines(SAMPLES["004"], 10, tmp_path)
    result = CliRunner().invoke(app, ["detect", str(cut)])
    assert "format=yuhang_plan (read: yuhang_plan over generic: 2 complete rows each" in result.output
    explained = CliRunner().invoke(app, ["detect", "--explain", str(cut), str(A01)])
    out = explained.output
    for module in formats.FORMATS:
        assert f"    {module.NAME} " in out
    assert "+0.40 header 序号 | 重点工作任务 | 牵头领导 | 牵头单位 (line 8)" in out
    assert "decision: close call within 0.15 of the best: yuhang_plan (0.60), generic (0.60)" in out
    assert "    yuhang_plan: 2 rows, 2 complete, 0 paragraphs left over" in out
    assert (
        "no signature (no 项目名称 · 项目内容 · 责任单位 · 进展情况 header): the score is at most 0.30" in out
    )
    assert "decision: generic scores 0.60, more than 0.15 above the next (gongshu_quarterly 0.30)" in out


def test_the_run_summary_names_the_winner_and_the_runner_up(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    first_lines(SAMPLES["004"], 10, raw)
    for _ in range(2):  # parsed, then from the cache: the note stays
        run_ingest(RunSettings(raw, tmp_path / "out", jobs=1), console=quiet_console())
        rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "files.csv").read_text(encoding="utf-8"))))
        assert rows[0]["format"] == "yuhang_plan"
        assert rows[0]["notes"].startswith(
            "close call, format chosen by reading (yuhang_plan over generic: 2 complete rows each"
        )


@pytest.mark.parametrize("path", [NARRATIVE, NEGATIVE], ids=lambda p: p.name)
def test_a_crash_no_other_reading_outweighs_is_reported_as_a_crash(
    monkeypatch: pytest.MonkeyPatch, path: Path
) -> None:
    def crash(doc: Document) -> list[SourceRow]:
        raise KeyError("boom")

    for module in (xiaoshan_halfyear, gongshu_quarterly):
        monkeypatch.setattr(module, "detect", lambda doc: 0.6)
    monkeypatch.setattr(gongshu_quarterly, "parse", crash)
    with pytest.raises(FormatCrashed, match=r"gongshu_quarterly\.parse raised KeyError"):
        formats.choose(read_document(path))
