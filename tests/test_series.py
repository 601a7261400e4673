"""The batch step (govtasks.run.series): a file refused for its district alone gets the district
of the accepted files of its series (same 索引号 publisher code, or same file-name prefix in one
folder) when they all name one; never when they disagree or when nothing shares its series.

Built from real pages (tests/fixtures/field): 拱墅区's quarterly reports a01 (2021 Q4), a11
(2023 Q4) and a18 (2020 Q1) share the 索引号 code K1493206-6; a01 and a18 name their district
once only, in a unit's name (生态环境拱墅分局), and are refused alone once it is taken out.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.conftest import DETERMINISTIC, quiet_console

from govtasks.run.ingest import RunResult, run_ingest
from govtasks.run.series import name_prefix
from govtasks.run.settings import RunSettings

FIELD = Path(__file__).parent / "fixtures" / "field"

pytestmark = pytest.mark.e2e


def _unnamed(name: str) -> bytes:
    """A field page with the one mention of its district taken out: refused alone."""
    text = (FIELD / name).read_text(encoding="utf-8")
    assert text.count("拱墅") == 1
    return text.replace("生态环境拱墅分局", "生态环境分局").encode("utf-8")


def _ingest(raw: Path, out: Path, jobs: int = 1, full: bool = False) -> RunResult:
    return run_ingest(RunSettings(raw, out, jobs=jobs, full=full), console=quiet_console())


def _files(out: Path) -> dict[str, dict[str, str]]:
    text = (out / "files.csv").read_text(encoding="utf-8-sig")
    return {row["file"]: row for row in csv.DictReader(io.StringIO(text))}


def test_a_refused_file_alone_is_refused_for_its_district(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a01_gongshu_2021_q4.txt", "a18_gongshu_2020_q1.txt"):
        (raw / name).write_bytes(_unnamed(name))
        result = _ingest(raw, tmp_path / f"out-{name}")
        assert [r.code for r in result.rejected] == ["missing-facts"]
        (raw / name).unlink()


def test_the_district_of_the_same_publishers_reports_is_inferred(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a01.txt").write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
    (raw / "a18.txt").write_bytes(_unnamed("a18_gongshu_2020_q1.txt"))
    (raw / "a11.txt").write_bytes((FIELD / "a11_gongshu_2023_q4.txt").read_bytes())
    result = _ingest(raw, tmp_path / "out")
    assert result.rejected == []
    files = _files(tmp_path / "out")
    for name in ("a01.txt", "a18.txt"):
        assert (files[name]["district"], files[name]["code"]) == ("拱墅区", "")
        # only a11 vouches: a file inferred here never vouches for another
        assert (
            "district inferred: from 1 report of the same publisher (索引号 K1493206-6): a11.txt"
            in (files[name]["notes"])
        )
    assert (files["a01.txt"]["year"], files["a01.txt"]["period"]) == ("2021", "Q4")  # its own
    assert (files["a18.txt"]["year"], files["a18.txt"]["period"]) == ("2020", "Q1")
    assert int(files["a01.txt"]["rows"]) == 7 and int(files["a18.txt"]["rows"]) == 8
    # the same bytes with workers, and run after run
    again = tmp_path / "again"
    _ingest(raw, again, jobs=2)
    for name in [*DETERMINISTIC, "files.csv"]:
        assert (again / name).read_bytes() == (tmp_path / "out" / name).read_bytes(), name


def test_adding_a_sibling_accepts_a_file_refused_before_as_a_full_run_does(tmp_path: Path) -> None:
    raw, out, full = tmp_path / "raw", tmp_path / "out", tmp_path / "full"
    raw.mkdir()
    (raw / "a01.txt").write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
    (raw / "a04.txt").write_bytes((FIELD / "a04_gongshu_2024_q2.txt").read_bytes())  # no 索引号
    first = _ingest(raw, out)
    assert [r.source_file for r in first.rejected] == ["a01.txt"]

    (raw / "a18.txt").write_bytes((FIELD / "a18_gongshu_2020_q1.txt").read_bytes())
    second = _ingest(raw, out)
    assert second.reused == 2  # a01's refusal came from the cache, and the batch step undid it
    assert second.rejected == []
    assert _files(out)["a01.txt"]["district"] == "拱墅区"
    _ingest(raw, full, full=True)
    for name in [*DETERMINISTIC, "files.csv"]:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name

    # and the sibling gone again: refused again, as a full run would
    (raw / "a18.txt").unlink()
    third = _ingest(raw, out)
    assert [r.source_file for r in third.rejected] == ["a01.txt"]


def test_reports_of_one_publisher_that_disagree_infer_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a01.txt").write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
    (raw / "a18.txt").write_bytes((FIELD / "a18_gongshu_2020_q1.txt").read_bytes())  # 拱墅区
    other = (FIELD / "a11_gongshu_2023_q4.txt").read_text(encoding="utf-8").replace("拱墅", "西湖")
    (raw / "a11.txt").write_bytes(other.encode("utf-8"))  # same code K1493206-6, 西湖区
    result = _ingest(raw, tmp_path / "out")
    assert [(r.source_file, r.code) for r in result.rejected] == [("a01.txt", "missing-facts")]


def test_a_publisher_code_shared_with_nothing_infers_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a01.txt").write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
    (raw / "a04.txt").write_bytes((FIELD / "a04_gongshu_2024_q2.txt").read_bytes())  # no 索引号
    result = _ingest(raw, tmp_path / "out")
    assert [(r.source_file, r.code) for r in result.rejected] == [("a01.txt", "missing-facts")]


def test_files_named_alike_in_one_folder_are_a_series(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "gongshu").mkdir(parents=True)
    # a01 and a04 share no 索引号 code (a04 prints none): the names tell the series. The names
    # say "拱墅" without 区, which alone names no district outright (a name saying 拱墅区 gives
    # its file the district itself: test_the_file_name_gives_missing_facts).
    unnamed = _unnamed("a01_gongshu_2021_q4.txt")
    (raw / "gongshu" / "拱墅2021年第四季度任务完成情况.txt").write_bytes(unnamed)
    (raw / "gongshu" / "拱墅2024年第二季度任务完成情况.txt").write_bytes(
        (FIELD / "a04_gongshu_2024_q2.txt").read_bytes()
    )
    result = _ingest(raw, tmp_path / "out")
    assert result.rejected == []
    files = _files(tmp_path / "out")
    note = files["gongshu/拱墅2021年第四季度任务完成情况.txt"]["notes"]
    assert "district inferred: from 1 report named alike in the same folder (拱墅…)" in note


def test_a_name_prefix_in_another_folder_infers_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "one").mkdir(parents=True)
    (raw / "two").mkdir()
    (raw / "one" / "拱墅2021年第四季度.txt").write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
    (raw / "two" / "拱墅2024年第二季度.txt").write_bytes((FIELD / "a04_gongshu_2024_q2.txt").read_bytes())
    result = _ingest(raw, tmp_path / "out")
    assert [r.source_file for r in result.rejected] == ["one/拱墅2021年第四季度.txt"]


def test_the_file_name_gives_missing_facts(tmp_path: Path) -> None:
    """A report naming no district is given the one its file's name prints outright, as a title
    would ("拱墅区2021年第四季度…": attachments are downloaded under their title); a name
    naming an ambiguous district (西湖区: in Hangzhou and in Nanchang) gives none."""
    for name, rejected in (
        ("拱墅区2021年第四季度任务完成情况.txt", []),
        ("西湖区2021年第四季度.txt", ["missing-facts"]),
    ):
        raw = tmp_path / name / "raw"
        raw.mkdir(parents=True)
        (raw / name).write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
        result = _ingest(raw, tmp_path / name / "out")
        assert [r.code for r in result.rejected] == rejected
    note = _files(tmp_path / "拱墅区2021年第四季度任务完成情况.txt" / "out")[
        "拱墅区2021年第四季度任务完成情况.txt"
    ]
    assert "district inferred: from the file name 拱墅区2021年第四季度任务完成情况.txt" in note["notes"]


def test_names_alike_that_name_no_place_infer_nothing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "工作报告2021年第四季度.txt").write_bytes(_unnamed("a01_gongshu_2021_q4.txt"))
    (raw / "工作报告2024年第二季度.txt").write_bytes((FIELD / "a04_gongshu_2024_q2.txt").read_bytes())
    result = _ingest(raw, tmp_path / "out")
    assert [r.source_file for r in result.rejected] == ["工作报告2021年第四季度.txt"]


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("拱墅区2021年第四季度政府工作报告.txt", "拱墅区"),
        ("拱墅区 第一季度.txt", "拱墅区"),
        ("余杭区上半年.txt", "余杭区"),
        ("萧山区1-6月.txt", "萧山区"),
        ("sub/gongshu-2020-q1.txt", "gongshu"),
        ("2021年第四季度.txt", None),  # nothing before the year
        ("拱墅区政府工作报告.txt", None),  # no year or period
        ("区2021.txt", None),  # too short to tell a series
    ],
)
def test_the_series_prefix_of_a_file_name(name: str, prefix: str | None) -> None:
    assert name_prefix(name) == prefix


def test_a_series_of_real_pages_that_print_no_district(tmp_path: Path) -> None:
    """武昌区: h12 (2021 Q1) names its district once, in passing, and is refused alone; b06 and
    b12 print the same publisher code (737546075) but another publisher (区政府督查室, h12's is
    区政府办). Judgement: a series is one code AND one publisher as printed (a code alone may be
    a page template's: e03/e04 below), so h12 stays refused, with the sidecar hint; a refusal,
    never a guess."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("h12_wuchang_2021_q1.txt", "b06_wuchang_2021_h1.txt", "b12_wuchang_2021_q3.txt"):
        (raw / name).write_bytes((FIELD / name).read_bytes())
    result = _ingest(raw, tmp_path / "out")
    refused = [(r.source_file, r.code) for r in result.rejected]
    assert refused == [("h12_wuchang_2021_q1.txt", "missing-facts")]


def test_a_code_many_sites_print_is_no_series(tmp_path: Path) -> None:
    """南京 鼓楼区's plans (e03, e04: their district's name replaced by spam) and 黄石 下陆区's
    (b05) all print 000014349, the State Council General Office's code: no inference."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("e03_gulou_2025_plan.txt", "e04_gulou_2024_plan.txt", "b05_xialu_2020_plan.txt"):
        (raw / name).write_bytes((FIELD / name).read_bytes())
    result = _ingest(raw, tmp_path / "out")
    assert [(r.source_file, r.code) for r in result.rejected] == [
        ("e03_gulou_2025_plan.txt", "missing-facts"),
        ("e04_gulou_2024_plan.txt", "missing-facts"),
    ]
