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


def test_every_column_is_described() -> None:
    """The models are the one definition: each column's description goes into the JSON Schemas,
    the Parquet field metadata and datapackage.json."""
    bare = [f"{t}.{n}" for t, m in TABLES.items() for n, f in m.model_fields.items() if not f.description]
    assert bare == []


def test_parquet_fields_carry_the_descriptions() -> None:
    from govtasks.write.tables import SCHEMAS

    for table, model in TABLES.items():
        for column, field in model.model_fields.items():
            assert SCHEMAS[table].field(column).metadata == {b"description": field.description.encode()}
