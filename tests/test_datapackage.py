"""datapackage.json: generated from the models, written by every run beside the CSVs, and valid
for frictionless on a fresh ingest of data/raw (types, constraints, primary and foreign keys)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import RAW, ROOT

from govtasks.models import TABLES
from govtasks.write import datapackage
from govtasks.write.schemas import NOTICE

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("package")
    shutil.copytree(RAW, base / "raw")
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(base / "raw"), "--out", str(base / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return base / "out"


def _errors(report: object) -> list[str]:
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]  # type: ignore[attr-defined]


def test_the_committed_copy_is_current_and_says_it_is_generated() -> None:
    text = (ROOT / "schemas" / "datapackage.json").read_text(encoding="utf-8")
    assert text.encode("utf-8") == datapackage.render(NOTICE), "stale: run `make schemas`"
    assert list(json.loads(text))[:2] == ["$comment", "$schema"]
    assert NOTICE in text.splitlines()[1]


def test_a_run_writes_it_beside_the_csvs(out: Path) -> None:
    written = json.loads((out / "datapackage.json").read_bytes())
    assert written == json.loads(datapackage.render())
    assert written["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert [(r["name"], r["path"]) for r in written["resources"]] == [
        ("reports", "reports.csv"),
        ("tasks", "tasks.csv"),
        ("progress", "progress.csv"),
        ("figures", "figures.csv"),
    ]


def test_frictionless_validates_a_fresh_ingest_of_the_samples(out: Path) -> None:
    report = frictionless.validate(out / "datapackage.json")
    assert _errors(report) == []
    assert report.valid
    assert [(task.name, task.stats["rows"]) for task in report.tasks] == [
        ("reports", 5),
        ("tasks", 406),
        ("progress", 411),
        ("figures", 1131),
    ]


def test_frictionless_reads_the_cells_as_typed(out: Path) -> None:
    package = frictionless.Package(out / "datapackage.json")
    (report,) = [r for r in package.get_resource("reports").read_rows() if r["period"] == "PLAN"]
    assert (str(report["published"]), report["year"], report["period_order"]) == ("2018-03-18", 2018, 0)
    first = package.get_resource("progress").read_rows()[0]
    assert first["lead_units"] == ["未来科技城(海创园)"]
    assert first["row"] == 1 and first["extra"] is None and first["flags"] is None


def test_frictionless_finds_a_broken_foreign_key_and_a_value_off_the_enum(out: Path, tmp_path: Path) -> None:
    """The package really constrains the CSVs: damage in them is found."""
    broken = tmp_path / "out"
    shutil.copytree(out, broken)
    path = broken / "progress.csv"
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    lines[3] = "t000000000000" + lines[3][len("t000000000000") :]
    lines[5] = lines[5].replace(",unknown,", ",finished,", 1)
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    report = frictionless.validate(broken / "datapackage.json")
    found = sorted(
        (task.name, error.type, error.row_number) for task in report.tasks for error in task.errors
    )
    assert found == [("progress", "constraint-error", 6), ("progress", "foreign-key", 4)]


def test_every_column_is_typed_described_and_keyed() -> None:
    package = datapackage.datapackage()
    by_name = {r["name"]: r["schema"] for r in package["resources"]}
    for table, model in TABLES.items():
        fields = by_name[table]["fields"]
        assert [f["name"] for f in fields] == list(model.model_fields)
        assert all(f["description"] for f in fields)
    types = {f["name"]: f["type"] for f in by_name["progress"]["fields"]}
    assert (types["row"], types["similarity"], types["extra"], types["also_in"]) == (
        "integer",
        "number",
        "object",
        "list",
    )
    assert by_name["progress"]["primaryKey"] == ["report_id", "row"]
    assert by_name["figures"]["foreignKeys"][0] == {
        "fields": ["report_id", "row"],
        "reference": {"resource": "progress", "fields": ["report_id", "row"]},
    }
    assert by_name["reports"]["foreignKeys"] == [
        {"fields": ["duplicate_of"], "reference": {"fields": ["report_id"]}}
    ]
    seq = next(f for f in by_name["progress"]["fields"] if f["name"] == "seq")
    assert "constraints" not in seq  # may be empty
    task_id = next(f for f in by_name["progress"]["fields"] if f["name"] == "task_id")
    assert task_id["constraints"] == {"pattern": "^t[0-9a-f]{12}$", "required": True}
