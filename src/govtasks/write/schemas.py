"""JSON Schema files for the output tables and the tables' datapackage.json, generated from the
pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from govtasks.models import TABLES
from govtasks.write import datapackage

NOTICE = datapackage.NOTICE


def render(table: str) -> str:
    """The JSON Schema of ``table``, the generated-file notice on its first line."""
    schema = {"$comment": NOTICE, **TABLES[table].model_json_schema()}
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    # Put the notice on line 1 so it is the first thing a reader sees.
    return text.replace('{\n  "$comment"', '{"$comment"', 1)


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = out_dir / f"{table}.schema.json"
        path.write_text(render(table), encoding="utf-8")
        written.append(path)
    path = out_dir / datapackage.DATAPACKAGE
    path.write_bytes(datapackage.render(datapackage.NOTICE))
    written.append(path)
    return written
