"""Rows of a field page (tests/fixtures/field) as read and as its reader wrote them down.

The field pages are stored as found beside their ``.expected.json`` (the contract is in
tests/fixtures/field/README.md, and in ``benchmarks/field.py``). Rows compare as the measure
compares them: whitespace, script and full/half-width forms ignored, a row number without its
brackets and trailing "." "、".
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from govtasks import formats
from govtasks.clean.normalize import default_phrases, strip_pinyin, to_simplified
from govtasks.read.document import read_document
from govtasks.run.per_file import normalize_row

FIELD = Path(__file__).resolve().parent / "fixtures" / "field"
#: Real pages kept for their text shape only, outside the field measure (see its README).
SHAPES = FIELD.parent / "shapes"

_PHRASES = default_phrases()
_SEQ_EDGES = re.compile(r"^[(（\[]+|[)）\].、．,，]+$")

Row = tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]


def comparable(text: str | None) -> str:
    """``text`` without whitespace, in simplified script and NFKC forms, without the inline
    pinyin some mirror sites add (as the measure compares).

    >>> comparable("（區(qū)發改局） 1")
    '(区发改局)1'
    """
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", to_simplified(strip_pinyin(text), _PHRASES)))


def _row(
    seq: Any, category: Any, content: Any, leaders: Any, lead: Any, supporting: Any, progress: Any
) -> Row:
    return (
        _SEQ_EDGES.sub("", comparable(seq)),
        comparable(category),
        comparable(content),
        tuple(map(comparable, leaders)),
        tuple(map(comparable, lead)),
        tuple(map(comparable, supporting)),
        comparable(progress),
    )


def expected_rows(stem: str, folder: Path = FIELD) -> list[Row]:
    """The complete rows the page's reader wrote down, in print order."""
    data = json.loads((folder / f"{stem}.expected.json").read_text(encoding="utf-8"))
    return [
        _row(
            r["seq"],
            r["category"],
            r["content"],
            r["leaders"],
            r["lead_units"],
            r["supporting_units"],
            r["progress"],
        )
        for r in data["rows"]
    ]


def read_rows(stem: str, folder: Path = FIELD) -> tuple[str, list[Row]]:
    """The layout chosen for the page and its complete rows, cleaned as ingest cleans them (a
    row cut off by the end of the excerpt is left out, as the measure does)."""
    doc = read_document(folder / f"{stem}.txt")
    module = formats.choose(doc).format
    cleaned = [normalize_row(r, _PHRASES) for r in module.parse(doc)]  # as ingest cleans them
    rows = [
        _row(r.seq, r.category, r.content, r.lead_leaders, r.lead_units, r.supporting_units, r.progress)
        for r in cleaned
        if "truncated" not in r.flags
    ]
    return module.NAME, rows
