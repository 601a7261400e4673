"""The field corpus (tests/fixtures/field) is what ``make field`` measures: these tests keep its
expectations honest. Every text a reader wrote down must be found on the page it describes
(a mistyped expectation would make the measure lie), and every file follows the contract in
the folder's README."""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from govtasks.models import PERIOD_ORDER

ROOT = Path(__file__).resolve().parent.parent
FIELD = ROOT / "tests" / "fixtures" / "field"
PERIODS = set(PERIOD_ORDER)
ROW_KEYS = {"seq", "category", "content", "leaders", "lead_units", "supporting_units", "progress"}
TOP_KEYS = {"url", "query", "negative", "layout", "facts", "rows", "cut_row", "judgements"}


def _measure() -> Any:
    spec = importlib.util.spec_from_file_location("field_measure", ROOT / "benchmarks" / "field.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["field_measure"] = module
    spec.loader.exec_module(module)
    return module


measure = _measure()
SPECS = sorted(FIELD.glob("*.expected.json"))


def test_every_page_has_its_expectations_and_back() -> None:
    pages = {p.stem for p in FIELD.glob("*.txt")}
    specs = {p.name.removesuffix(".expected.json") for p in SPECS}
    assert pages == specs


def test_the_index_is_generated_from_the_expectations() -> None:
    assert (FIELD / "INDEX.md").read_text(encoding="utf-8") == measure.index(measure.load_corpus(FIELD))


def test_the_measure_doctests() -> None:
    result = doctest.testmod(measure)
    assert result.attempted >= 5 and result.failed == 0


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_expectations_are_read_from_the_page(spec: Path) -> None:
    expected = json.loads(spec.read_text(encoding="utf-8"))
    assert set(expected) == TOP_KEYS, "keys of the contract (README)"
    assert isinstance(expected["negative"], bool)
    txt = spec.with_name(spec.name.removesuffix(".expected.json") + ".txt")
    page = measure.comparable(txt.read_text(encoding="utf-8"))
    if expected["negative"]:
        assert expected["rows"] == []
    else:
        assert expected["rows"], "a report page lists its complete rows"
        for key in ("district", "year", "period"):
            fact = expected["facts"][key]
            assert set(fact) == {"value", "printed", "evidence"}
            assert fact["value"] is not None or fact["printed"] is False
        period = expected["facts"]["period"]["value"]
        assert period is None or period in PERIODS
    for number, row in enumerate(expected["rows"], 1):
        assert set(row) == ROW_KEYS, f"row {number}"
        assert row["content"], f"row {number} has content"
        texts = [*row["content"].split("\n"), *row["leaders"], *row["lead_units"], *row["supporting_units"]]
        texts += [*(row["progress"] or "").split("\n"), row["category"] or ""]
        for text in texts:
            assert measure.comparable(text) in page, f"row {number}: {text[:40]!r} is not on the page"
