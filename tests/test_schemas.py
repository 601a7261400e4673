"""schemas/ is generated from the models; this fails when it is stale (run `make schemas`)."""

from __future__ import annotations

import pytest
from tests.conftest import ROOT

from govtasks.models import TABLES
from govtasks.write.schemas import NOTICE, render


@pytest.mark.parametrize("table", sorted(TABLES))
def test_schema_file_is_current(table: str) -> None:
    path = ROOT / "schemas" / f"{table}.schema.json"
    assert path.read_text(encoding="utf-8") == render(table), "stale schema: run `make schemas`"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_schema_says_it_is_generated_on_its_first_line(table: str) -> None:
    first = (ROOT / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8").splitlines()[0]
    assert NOTICE in first


def test_write_columns_match_the_models() -> None:
    from govtasks.write.tables import SCHEMAS

    for table, model in TABLES.items():
        assert SCHEMAS[table].names == list(model.model_fields)
