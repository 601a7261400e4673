"""``govtasks.validate``: real outputs validate clean; each kind of damage is reported, and only it.

The outputs are those of a real ``govtasks ingest`` of the samples (run once per module). Each
damage test copies them, breaks them in one way — rewriting the Parquet file with the contract
schema and its CSV to match, unless the test is about the CSV — and checks the exact problems.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.conftest import RAW, SAMPLES

from govtasks import __version__
from govtasks import validate as validate_module
from govtasks.validate import MAX_PER_KIND, Problem, ValidationReport, csv_cell, validate
from govtasks.write.tables import SCHEMAS

Row = dict[str, Any]
#: (table, row, column, a substring of the message)
Expected = tuple[str, int | None, str | None, str]


def ingest(raw: Path, out: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def raw_with_mirror(base: Path, change: Callable[[str], str] = lambda text: text) -> Path:
    """The samples plus 000 saved again as GB18030 with CRLF line ends: a copy of one document."""
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    text = change(SAMPLES["000"].read_text(encoding="utf-8"))
    (raw / "mirror-000.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    return raw


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("samples")
    shutil.copytree(RAW, base / "raw")
    return ingest(base / "raw", base / "out")


@pytest.fixture(scope="module")
def mirror_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("mirror")
    return ingest(raw_with_mirror(base), base / "out")


class Outputs:
    """A private copy of an output folder, with helpers to break it."""

    def __init__(self, source: Path, target: Path) -> None:
        shutil.copytree(source, target)
        self.path = target

    def rows(self, table: str) -> list[Row]:
        rows: list[Row] = pq.read_table(self.path / f"{table}.parquet").to_pylist()
        return rows

    def write(self, table: str, rows: list[Row], schema: pa.Schema | None = None) -> None:
        """Rewrite the Parquet file (contract schema unless given: columns it lacks are dropped,
        columns the rows lack are null) and its CSV to match. The file keeps its run metadata."""
        path = self.path / f"{table}.parquet"
        metadata = pq.read_schema(path).metadata
        arrow = pa.Table.from_pylist(rows, schema=schema if schema is not None else SCHEMAS[table])
        pq.write_table(arrow.replace_schema_metadata(metadata), path)
        self.write_csv(
            table, [arrow.column_names, *([csv_cell(row.get(c)) for c in arrow.column_names] for row in rows)]
        )

    def edit(self, table: str, change: Callable[[list[Row]], object]) -> list[Row]:
        rows = self.rows(table)
        change(rows)
        self.write(table, rows)
        return rows

    def csv_records(self, table: str) -> list[list[str]]:
        text = (self.path / f"{table}.csv").read_bytes().decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline="")))

    def write_csv(self, table: str, records: list[list[str]], bom: bool = True) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(records)
        (self.path / f"{table}.csv").write_bytes((("\ufeff" if bom else "") + buffer.getvalue()).encode())

    def validate(self) -> ValidationReport:
        return validate(self.path)


@pytest.fixture
def outputs(samples_out: Path, tmp_path: Path) -> Outputs:
    return Outputs(samples_out, tmp_path / "out")


@pytest.fixture
def mirrored(mirror_out: Path, tmp_path: Path) -> Outputs:
    return Outputs(mirror_out, tmp_path / "out")


def assert_problems(report: ValidationReport, *expected: Expected) -> None:
    """The report holds exactly the expected problems (in any order), each with its text."""
    listing = "\n".join(str(p) for p in report.problems)
    remaining = list(report.problems)
    for table, row, column, text in expected:
        match = next(
            (
                p
                for p in remaining
                if (p.table, p.row, p.column) == (table, row, column) and text in p.message
            ),
            None,
        )
        assert match is not None, f"no problem {(table, row, column, text)} in:\n{listing}"
        remaining.remove(match)
    assert not remaining, f"unexpected problems:\n{listing}"


# --- choosing rows of the real outputs -------------------------------------------------------------


def index(rows: list[Row], column: str, value: object) -> int:
    """0-based index of the first row whose ``column`` is ``value``."""
    return next(i for i, row in enumerate(rows) if row[column] == value)


def shared_task(out: Outputs) -> tuple[int, int]:
    """(task index, index of its later progress row) for a task stated in two reports: the later
    row can be changed without touching what the task takes from its first row."""
    tasks, progress = out.rows("tasks"), out.rows("progress")
    t = next(i for i, task in enumerate(tasks) if task["n_reports"] == 2)
    periods = {r["report_id"]: r["period"] for r in out.rows("reports")}
    later = next(
        i
        for i, row in enumerate(progress)
        if row["task_id"] == tasks[t]["task_id"] and periods[row["report_id"]] != tasks[t]["first_period"]
    )
    return t, later


def single_task(out: Outputs) -> tuple[int, int]:
    """(task index, index of its only progress row) for a task stated in one report."""
    tasks, progress = out.rows("tasks"), out.rows("progress")
    t = next(i for i, task in enumerate(tasks) if task["n_reports"] == 1)
    return t, index(progress, "task_id", tasks[t]["task_id"])


# --- real outputs ----------------------------------------------------------------------------------


def test_the_outputs_of_the_samples_validate(samples_out: Path) -> None:
    report = validate(samples_out)
    assert report.problems == [] and report.ok
    assert report.skipped == []
    assert report.counts == {t: pq.read_metadata(samples_out / f"{t}.parquet").num_rows for t in SCHEMAS}


def test_the_outputs_with_a_copy_validate(mirror_out: Path) -> None:
    """A mirror of 000 exercises duplicate_of, also_in and the row count of a copy."""
    report = validate(mirror_out)
    assert report.problems == []
    assert any(r["duplicate_of"] for r in pq.read_table(mirror_out / "reports.parquet").to_pylist())
    assert any(p["also_in"] for p in pq.read_table(mirror_out / "progress.parquet").to_pylist())


def test_a_copy_with_a_row_of_its_own_counts_once_in_n_reports(tmp_path: Path) -> None:
    raw = raw_with_mirror(tmp_path, lambda text: text.replace("已上线15条政策", "已上线16条政策", 1))
    assert validate(ingest(raw, tmp_path / "out")).problems == []


def test_the_module_doctests_pass() -> None:
    result = doctest.testmod(validate_module)
    assert result.attempted > 0 and result.failed == 0


# --- files -----------------------------------------------------------------------------------------


def test_a_missing_output_folder_is_one_problem(tmp_path: Path) -> None:
    report = validate(tmp_path / "nowhere")
    assert_problems(report, ("", None, None, "does not exist"))
    assert str(report.problems[0]).startswith("output folder: ")


@pytest.mark.parametrize("name", [f"{t}.{ext}" for t in SCHEMAS for ext in ("parquet", "csv")])
def test_a_missing_table_file_is_reported(outputs: Outputs, name: str) -> None:
    (outputs.path / name).unlink()
    table = name.split(".")[0]
    report = outputs.validate()
    assert_problems(report, (table, None, None, f"{name} is missing"))
    if name.endswith(".parquet"):  # the checks that need the table could not run, and say so
        assert report.skipped and all(table in line for line in report.skipped)
        assert table not in report.counts


def test_both_files_of_a_table_missing_are_both_reported(outputs: Outputs) -> None:
    (outputs.path / "progress.parquet").unlink()
    (outputs.path / "progress.csv").unlink()
    assert_problems(
        outputs.validate(),
        ("progress", None, None, "progress.parquet is missing"),
        ("progress", None, None, "progress.csv is missing"),
    )


def test_an_output_folder_that_is_a_file_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder")
    assert_problems(validate(tmp_path / "out"), ("", None, None, "is not a folder"))


def test_an_unreadable_parquet_file_is_reported(outputs: Outputs) -> None:
    (outputs.path / "tasks.parquet").write_bytes(b"PAR1 this is not parquet")
    assert_problems(outputs.validate(), ("tasks", None, None, "tasks.parquet cannot be read"))


# --- schema ----------------------------------------------------------------------------------------


def _retype(schema: pa.Schema, column: str, type_: pa.DataType) -> pa.Schema:
    return schema.set(schema.get_field_index(column), pa.field(column, type_))


@pytest.mark.parametrize(
    ("table", "schema", "expected"),
    [
        (
            "reports",
            _retype(SCHEMAS["reports"], "year", pa.int64()),
            ("reports", None, "year", "stores year as int64, not int16"),
        ),
        (
            "tasks",
            SCHEMAS["tasks"].remove(SCHEMAS["tasks"].get_field_index("category")),
            ("tasks", None, "category", "has no column category"),
        ),
        (
            "progress",
            SCHEMAS["progress"].append(pa.field("note", pa.string())),
            ("progress", None, "note", "unexpected column note"),
        ),
        (
            "tasks",
            pa.schema([SCHEMAS["tasks"].field(1), SCHEMAS["tasks"].field(0), *list(SCHEMAS["tasks"])[2:]]),
            ("tasks", None, None, "columns in another order: district, task_id"),
        ),
    ],
    ids=["type", "missing-column", "extra-column", "order"],
)
def test_a_schema_that_differs_is_reported(
    outputs: Outputs, table: str, schema: pa.Schema, expected: Expected
) -> None:
    outputs.write(table, outputs.rows(table), schema)
    report = outputs.validate()
    assert_problems(report, expected)
    # The rows of a table of another schema are not checked: the checks needing it are skipped.
    assert report.skipped and all(table in line for line in report.skipped)


def test_a_value_the_model_rejects_is_reported_with_row_and_column(outputs: Outputs) -> None:
    _, later = shared_task(outputs)
    outputs.edit("progress", lambda rows: rows[later].update(similarity=1.5))
    assert_problems(outputs.validate(), ("progress", later + 1, "similarity", "less than or equal to 1"))


def test_an_unknown_flag_is_reported(outputs: Outputs) -> None:
    outputs.edit("progress", lambda rows: rows[0]["flags"].append("made_up"))
    assert_problems(outputs.validate(), ("progress", 1, "flags", "unknown flag codes ['made_up']"))


# --- keys ------------------------------------------------------------------------------------------


def test_a_repeated_task_id_is_reported_on_the_later_row(outputs: Outputs) -> None:
    tasks = outputs.edit("tasks", lambda rows: rows.append(dict(rows[4])))
    assert_problems(outputs.validate(), ("tasks", len(tasks), "task_id", "duplicate task_id="))
    assert "also row 5" in outputs.validate().problems[0].message


def test_a_second_row_of_one_task_in_one_report_is_reported(outputs: Outputs) -> None:
    progress = outputs.edit("progress", lambda rows: rows.append(dict(rows[0])))
    first = outputs.rows("reports")
    r = index(first, "report_id", progress[0]["report_id"])
    assert_problems(
        outputs.validate(),
        ("progress", len(progress), "task_id,report_id", "also row 1"),
        ("progress", len(progress), "report_id,row", "also row 1"),
        ("reports", r + 1, "n_rows", f"progress holds {first[r]['n_rows'] + 1} rows"),
    )


def test_a_repeated_file_hash_is_reported(outputs: Outputs) -> None:
    outputs.edit("reports", lambda rows: rows[1].update(source_sha256=rows[0]["source_sha256"]))
    assert_problems(
        outputs.validate(),
        ("reports", 2, "source_sha256", "duplicate source_sha256="),
        ("reports", 2, "report_id", "does not follow source_sha256"),
        RUN_ID_OFF,  # the run id follows from the files' hashes
    )


# --- references ------------------------------------------------------------------------------------


def test_a_progress_row_of_a_missing_task_is_reported(outputs: Outputs) -> None:
    t, only = single_task(outputs)
    tasks = outputs.edit("tasks", lambda rows: rows.pop(t))
    missing = {r["task_id"] for r in outputs.rows("progress")} - {r["task_id"] for r in tasks}
    assert_problems(
        outputs.validate(), ("progress", only + 1, "task_id", f"task {missing.pop()!r} is not in tasks")
    )


def test_a_task_without_progress_rows_is_reported(outputs: Outputs) -> None:
    t, only = single_task(outputs)
    progress = outputs.rows("progress")
    rid = progress[only]["report_id"]
    outputs.edit("progress", lambda rows: rows.pop(only))
    r = index(outputs.rows("reports"), "report_id", rid)
    assert_problems(
        outputs.validate(),
        ("tasks", t + 1, "task_id", "has no progress row"),
        ("reports", r + 1, "n_rows", "0 shared through also_in"),
    )


def test_duplicate_of_a_missing_report_is_reported(outputs: Outputs) -> None:
    outputs.edit("reports", lambda rows: rows[0].update(duplicate_of="r000000000000"))
    assert_problems(outputs.validate(), ("reports", 1, "duplicate_of", "'r000000000000' is not in reports"))


def test_duplicate_of_a_report_of_another_district_is_reported(outputs: Outputs) -> None:
    reports = outputs.rows("reports")
    other = next(r for r in reports if r["district"] != reports[0]["district"])
    outputs.edit("reports", lambda rows: rows[0].update(duplicate_of=other["report_id"]))
    assert_problems(outputs.validate(), ("reports", 1, "duplicate_of", f"is a report of {other['district']}"))


def test_also_in_naming_a_report_that_is_not_a_copy_is_reported_once(mirrored: Outputs) -> None:
    """The mirror loses its duplicate_of: each of the primary's 82 rows names it in also_in."""
    reports = mirrored.edit("reports", lambda rows: [row.update(duplicate_of=None) for row in rows])
    progress = mirrored.rows("progress")
    first = next(i for i, row in enumerate(progress) if row["also_in"])
    shared = sum(bool(row["also_in"]) for row in progress)
    assert len(reports) == 6 and shared > 1
    assert_problems(
        mirrored.validate(),
        (
            "progress",
            first + 1,
            "also_in",
            f"(its duplicate_of is None); {shared - 1} more rows say the same",
        ),
    )


def test_also_in_naming_a_missing_report_is_reported(outputs: Outputs) -> None:
    outputs.edit("progress", lambda rows: rows[2]["also_in"].append("r000000000000"))
    assert_problems(
        outputs.validate(), ("progress", 3, "also_in", "'r000000000000', which is not in reports")
    )


# --- content ---------------------------------------------------------------------------------------


def test_blank_content_is_reported(outputs: Outputs) -> None:
    _, later = shared_task(outputs)
    outputs.edit("progress", lambda rows: rows[later].update(content=" \u3000 "))
    assert_problems(outputs.validate(), ("progress", later + 1, "content", "content is blank"))


def test_empty_content_is_reported_once(outputs: Outputs) -> None:
    """The model rejects it; the blank check and the task's wording do not repeat the blame."""
    t, _ = single_task(outputs)
    outputs.edit("tasks", lambda rows: rows[t].update(content=""))
    assert_problems(outputs.validate(), ("tasks", t + 1, "content", "at least 1 character"))


def test_a_blank_unit_is_reported(outputs: Outputs) -> None:
    _, later = shared_task(outputs)
    outputs.edit("progress", lambda rows: rows[later]["lead_units"].append(" "))
    assert_problems(outputs.validate(), ("progress", later + 1, "lead_units", "is blank: ' '"))


# --- consistency -----------------------------------------------------------------------------------


def test_a_wrong_n_reports_is_reported(outputs: Outputs) -> None:
    t, _ = shared_task(outputs)
    outputs.edit("tasks", lambda rows: rows[t].update(n_reports=3))
    assert_problems(
        outputs.validate(), ("tasks", t + 1, "n_reports", "n_reports is 3 but its rows are in 2 documents")
    )


def test_a_wrong_first_period_is_reported(outputs: Outputs) -> None:
    t, _ = shared_task(outputs)
    tasks = outputs.edit("tasks", lambda rows: rows[t].update(first_period="PLAN", first_period_order=0))
    assert tasks[t]["last_period"] != "PLAN"
    assert_problems(outputs.validate(), ("tasks", t + 1, "first_period", "'PLAN' but its earliest row is of"))


def test_a_period_order_that_is_not_its_periods_is_reported(outputs: Outputs) -> None:
    reports = outputs.edit("reports", lambda rows: rows[1].update(period_order=3))
    assert (reports[1]["period"], reports[1]["period_order"]) == ("H1", 3)
    assert_problems(
        outputs.validate(),
        ("reports", 2, "period_order", "period_order: Value error, 3 is not the position of period H1 (7)"),
    )


# --- file metadata and descriptions ----------------------------------------------------------------


def test_the_tables_carry_the_runs_metadata(samples_out: Path) -> None:
    run = json.loads((samples_out / "run.json").read_text(encoding="utf-8"))
    found = {
        name: json.loads(pq.read_schema(samples_out / f"{name}.parquet").metadata[b"govtasks"])
        for name in SCHEMAS
    }
    first = found["reports"]
    assert all(own == first for own in found.values())
    assert list(first) == ["govtasks_version", "parser_version", "converter", "phrase_list", "run_id"]
    assert first["parser_version"] == run["parser_version"]
    assert first["govtasks_version"] == __version__
    assert first["converter"] == "opencc-python-reimplemented 0.1.7 t2s"
    assert first["phrase_list"] == run["phrase_list"]
    assert first["run_id"] == run["run_id"]
    assert re.fullmatch(r"run-[0-9a-f]{16}", first["run_id"])


def test_a_file_without_the_runs_metadata_is_reported(outputs: Outputs) -> None:
    path = outputs.path / "tasks.parquet"
    pq.write_table(pq.read_table(path).replace_schema_metadata(None), path)
    assert_problems(outputs.validate(), ("tasks", None, None, "tasks.parquet: no 'govtasks' key"))


def test_metadata_of_another_run_is_reported(outputs: Outputs) -> None:
    path = outputs.path / "figures.parquet"
    table = pq.read_table(path)
    data = json.loads(table.schema.metadata[b"govtasks"])
    data["run_id"] = "run-0000000000000000"
    pq.write_table(table.replace_schema_metadata({"govtasks": json.dumps(data)}), path)
    assert_problems(
        outputs.validate(),
        ("figures", None, None, "figures.parquet's 'govtasks' metadata differs from reports'"),
    )


#: What a run id that does not follow from the reports' files gives.
RUN_ID_OFF: Expected = ("reports", None, None, "reports.parquet metadata: run_id 'run-")


def test_a_run_id_of_other_files_is_reported(outputs: Outputs) -> None:
    for name in SCHEMAS:
        path = outputs.path / f"{name}.parquet"
        table = pq.read_table(path)
        data = json.loads(table.schema.metadata[b"govtasks"])
        data["run_id"] = "run-0000000000000000"
        pq.write_table(table.replace_schema_metadata({"govtasks": json.dumps(data)}), path)
    assert_problems(
        outputs.validate(), ("reports", None, None, "run_id 'run-0000000000000000' is not that of")
    )


def test_a_converter_other_than_the_metadatas_is_reported(outputs: Outputs) -> None:
    outputs.edit("reports", lambda rows: rows[0].update(converter="opencc 9.9 t2s"))
    assert_problems(
        outputs.validate(),
        ("reports", 1, "converter", "converter 'opencc 9.9 t2s' but the file metadata says 'opencc-python"),
    )


def test_a_column_without_its_description_is_reported(outputs: Outputs) -> None:
    schema = SCHEMAS["progress"]
    bare = schema.set(schema.get_field_index("row"), schema.field("row").remove_metadata())
    outputs.write("progress", outputs.rows("progress"), bare)
    assert_problems(outputs.validate(), ("progress", None, "row", "column row is described None"))


def test_key_columns_are_not_nullable_and_the_others_are() -> None:
    assert [f.name for f in SCHEMAS["reports"] if f.nullable] == [
        "title", "publisher", "published", "index_no", "duplicate_of"
    ]  # fmt: skip
    assert not any(f.nullable for f in SCHEMAS["tasks"] if f.name != "category")
    nullable = ["measure", "unit", "comparator", "upper", "ratio"]
    assert [f.name for f in SCHEMAS["figures"] if f.nullable] == nullable


def test_a_task_of_another_district_than_its_report_is_reported(outputs: Outputs) -> None:
    """The district is also part of the task id, so the id no longer follows either."""
    t, _ = single_task(outputs)
    outputs.edit("tasks", lambda rows: rows[t].update(district="西湖区"))
    assert_problems(
        outputs.validate(),
        ("tasks", t + 1, "district", "'西湖区' but its row in report"),
        ("tasks", t + 1, "task_id", "does not follow its district, year and content"),
    )


def test_task_content_that_is_not_its_first_wording_is_reported(outputs: Outputs) -> None:
    t, _ = shared_task(outputs)
    outputs.edit("tasks", lambda rows: rows[t].update(content=rows[t]["content"] + "(补充)"))
    assert_problems(
        outputs.validate(),
        ("tasks", t + 1, "content", "is not the wording of any of its rows"),
        ("tasks", t + 1, "task_id", "does not follow"),
    )


def test_task_units_no_row_states_are_reported(outputs: Outputs) -> None:
    t, _ = single_task(outputs)
    outputs.edit("tasks", lambda rows: rows[t].update(lead_units=["区审计局"]))
    assert_problems(outputs.validate(), ("tasks", t + 1, "lead_units", "['区审计局']"))


def test_a_report_id_that_does_not_follow_its_hash_is_reported(outputs: Outputs) -> None:
    outputs.edit("reports", lambda rows: rows[2].update(source_sha256="0" * 64))
    assert_problems(
        outputs.validate(),
        ("reports", 3, "report_id", "does not follow source_sha256 000000000000"),
        RUN_ID_OFF,
    )


def test_a_wrong_n_rows_is_reported(outputs: Outputs) -> None:
    reports = outputs.edit("reports", lambda rows: rows[0].update(n_rows=rows[0]["n_rows"] + 1))
    expected = f"n_rows is {reports[0]['n_rows']} but progress holds {reports[0]['n_rows'] - 1} rows"
    assert_problems(outputs.validate(), ("reports", 1, "n_rows", expected))


def test_a_row_number_beyond_n_rows_is_reported(outputs: Outputs) -> None:
    outputs.edit("progress", lambda rows: rows[0].update(row=9999))
    assert_problems(outputs.validate(), ("progress", 1, "row", "row 9999 is beyond n_rows"))


def test_copy_differs_on_a_row_of_no_copy_is_reported(outputs: Outputs) -> None:
    outputs.edit("progress", lambda rows: rows[0]["flags"].append("copy_differs"))
    assert_problems(outputs.validate(), ("progress", 1, "flags", "which is not a copy"))


def test_a_task_whose_rows_all_have_similarity_below_1_is_reported(outputs: Outputs) -> None:
    t, only = single_task(outputs)
    outputs.edit("progress", lambda rows: rows[only].update(similarity=0.95))
    assert_problems(outputs.validate(), ("tasks", t + 1, None, "has similarity 1"))


# --- CSV -------------------------------------------------------------------------------------------


def test_an_edited_csv_cell_is_reported(outputs: Outputs) -> None:
    records = outputs.csv_records("progress")
    column = records[0].index("content")
    records[7][column] += "。"
    outputs.write_csv("progress", records)
    assert_problems(outputs.validate(), ("progress", 7, "content", "where Parquet gives"))


def test_a_csv_without_bom_is_reported(outputs: Outputs) -> None:
    outputs.write_csv("reports", outputs.csv_records("reports"), bom=False)
    assert_problems(outputs.validate(), ("reports", None, None, "does not start with a UTF-8 BOM"))


def test_a_csv_missing_a_row_is_reported_once(outputs: Outputs) -> None:
    records = outputs.csv_records("tasks")
    outputs.write_csv("tasks", records[:5] + records[6:])
    expected = f"tasks.csv has {len(records) - 2} rows, tasks.parquet has {len(records) - 1}"
    assert_problems(outputs.validate(), ("tasks", None, None, expected))


@pytest.mark.parametrize(
    ("text", "in_csv", "ok"),
    [
        ("=1+1", "'=1+1", True),
        ("=1+1", "=1+1", False),  # a formula a spreadsheet would run
        ("-5", "-5", True),  # a real number is left alone
        ("-5", "'-5", False),
    ],
)
def test_the_csv_neutralises_formulas_and_nothing_else(
    outputs: Outputs, text: str, in_csv: str, ok: bool
) -> None:
    rows = outputs.edit("progress", lambda rows: rows[3].update(progress=text))
    records = outputs.csv_records("progress")
    records[4][records[0].index("progress")] = in_csv
    outputs.write_csv("progress", records)
    assert rows[3]["progress"] == text
    if ok:
        assert outputs.validate().problems == []
    else:
        assert_problems(outputs.validate(), ("progress", 4, "progress", f"{in_csv!r} where Parquet gives"))


# --- many bad rows ---------------------------------------------------------------------------------


def test_many_problems_of_one_kind_are_capped(outputs: Outputs) -> None:
    """Without tasks every progress row names a missing task: 20 are shown and the rest counted."""
    n = len(outputs.rows("progress"))
    outputs.edit("tasks", lambda rows: rows.clear())
    report = outputs.validate()
    shown, summary = report.problems[:MAX_PER_KIND], report.problems[MAX_PER_KIND:]
    assert [(p.table, p.row, p.column) for p in shown] == [("progress", i, "task_id") for i in range(1, 21)]
    assert summary == [
        Problem(
            "progress",
            None,
            "task_id",
            f"{n - MAX_PER_KIND} more problems like the above not shown (references check)",
        )
    ]
    assert report.counts["tasks"] == 0
    assert report.found == n


def test_a_figure_whose_text_is_not_at_its_span_is_reported(outputs: Outputs) -> None:
    figures = outputs.rows("figures")
    i = next(i for i, f in enumerate(figures) if f["side"] == "reached" and f["start"] > 0)
    outputs.edit("figures", lambda rows: rows[i].update(start=rows[i]["start"] - 1))
    assert_problems(outputs.validate(), ("figures", i + 1, "text", "is not at"))


def test_a_figure_of_a_missing_progress_row_and_a_ratio_on_a_target_are_reported(outputs: Outputs) -> None:
    figures = outputs.rows("figures")
    i = next(i for i, f in enumerate(figures) if f["side"] == "promised")
    last = len(figures) - 1
    outputs.edit("figures", lambda rows: (rows[i].update(ratio=0.5), rows[last].update(row=9999)))
    assert_problems(
        outputs.validate(),
        ("figures", i + 1, "ratio", "a ratio on a promised figure"),
        ("figures", last + 1, "report_id,row", "row 9999 is not in progress"),
    )


def test_status_evidence_not_in_the_row_and_a_status_without_evidence_are_reported(outputs: Outputs) -> None:
    progress = outputs.rows("progress")
    said = [i for i, row in enumerate(progress) if row["status"] != "unknown"]
    first, second = said[0], said[1]

    def change(rows: list[Row]) -> None:
        rows[first].update(status_evidence="已全面完成(not printed)")
        rows[second].update(status_evidence=None)

    outputs.edit("progress", change)
    assert_problems(
        outputs.validate(),
        ("progress", first + 1, "status_evidence", "is not in progress or problems"),
        ("progress", second + 1, "status_evidence", "without evidence"),
    )
