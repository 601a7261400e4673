"""Golden files: the normalized rows of each sample, reviewed as a diff.

``pytest tests/test_golden.py --update-golden`` rewrites ``tests/golden/<sample>.jsonl`` from the
current output; review the diff before committing it. Each line is one row of ``progress`` as
the pipeline produces it for that sample alone (before ids are given).
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest
from tests.conftest import RAW, ROOT, SAMPLES

from govtasks.clean.normalize import default_phrases
from govtasks.link.blocks import dedupe
from govtasks.models import ParsedFile
from govtasks.run.per_file import process_file

GOLDEN = ROOT / "tests" / "golden"


def render(sample: str) -> str:
    parsed = process_file(SAMPLES[sample], RAW, default_phrases())
    assert isinstance(parsed, ParsedFile), parsed
    kept, _ = dedupe(parsed.rows)
    header = {
        "source_file": parsed.source_file,
        "format": parsed.format,
        "script": parsed.script,
        **parsed.facts.model_dump(),
    }
    lines = [json.dumps(header, ensure_ascii=False, sort_keys=True)]
    lines += [json.dumps(asdict(row), ensure_ascii=False) for row in kept]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_golden(sample: str, update_golden: bool) -> None:
    path = GOLDEN / f"{SAMPLES[sample].stem}.jsonl"
    actual = render(sample)
    if update_golden:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file: run pytest {__file__} --update-golden"
    expected = path.read_text(encoding="utf-8")
    assert actual.splitlines() == expected.splitlines()
