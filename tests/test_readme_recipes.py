"""The README's recipes run as written: every ```python block whose first line is
``# recipe: NAME`` is run, in a fresh Python, from a folder whose data/processed is a fresh ingest
of data/raw; what it computes is checked against the samples, read by hand."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import RAW, ROOT

RECIPE = re.compile(r"```python\n# recipe: (\w+)\n(.*?)```", re.DOTALL)


def recipes() -> dict[str, str]:
    """The README's marked recipes by name, as printed."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return {name: body for name, body in RECIPE.findall(readme)}


@pytest.fixture(scope="module")
def here(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding data/processed as `make ingest` leaves it."""
    base = tmp_path_factory.mktemp("recipes")
    shutil.copytree(RAW, base / "raw")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "govtasks",
            "ingest",
            str(base / "raw"),
            "--out",
            str(base / "data" / "processed"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return base


def run(here: Path, name: str, show: str) -> object:
    """Run recipe ``name`` as printed, then ``show`` (an expression of its names, JSON-able)."""
    script = (
        recipes()[name]
        + f"\nimport json as _json\nprint(_json.dumps({show}, ensure_ascii=False, default=str))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=here, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_readme_marks_its_recipes() -> None:
    assert sorted(recipes()) == ["duckdb", "pandas", "polars"]


#: The samples' reports in the order of the year, by district: (district, year, period, rows).
REPORTS = [
    ("余杭区", 2018, "PLAN", 83),
    ("余杭区", 2022, "H1", 103),
    ("拱墅区", 2020, "Q2", 128),
    ("萧山区", 2020, "H1", 82),
    ("萧山区", 2020, "Q3", 15),
]


def by_period(here: Path) -> list[list[object]]:
    """What the DuckDB and polars recipes compute, counted here from the Parquet files with
    pyarrow: the rows are the samples', the status counts the assess stage's."""
    import pyarrow.parquet as pq

    processed = here / "data" / "processed"
    reports = {r["report_id"]: r for r in pq.read_table(processed / "reports.parquet").to_pylist()}
    counts: dict[tuple[object, ...], list[int]] = {}
    for row in pq.read_table(processed / "progress.parquet").to_pylist():
        report = reports[row["report_id"]]
        count = counts.setdefault((report["district"], report["year"], report["period"]), [0, 0, 0])
        count[0] += 1
        count[1] += row["status"] == "completed"
        count[2] += row["status"] == "behind"
    assert [(*key, count[0]) for key, count in counts.items()] == REPORTS  # in the tables' order
    return [[*key, *count] for key, count in counts.items()]


def test_pandas(here: Path) -> None:
    """A task of 萧山区 2020 followed from H1 to Q3; extra as dicts; published as dates."""
    shown = run(
        here,
        "pandas",
        "[timeline.period.tolist(), timeline.published.astype(str).tolist(), spans.first_period.iloc[0], "
        "type(progress.extra.iloc[0]).__name__, str(reports.published_at.dtype), int(remarks.notna().sum()), "
        "len(garbled)]",
    )
    assert shown == [["H1", "Q3"], ["2020-08-13", "2020-10-09"], "PLAN", "dict", "datetime64[s]", 0, 9]


def test_duckdb_orders_by_period(here: Path) -> None:
    assert run(here, "duckdb", "by_period") == by_period(here)


def test_polars_orders_by_period(here: Path) -> None:
    assert run(here, "polars", "by_period.rows()") == by_period(here)
