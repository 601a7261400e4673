"""Rows of a field page (tests/fixtures/field) as read and as its reader wrote them down: the one
place tests compare rows with the field corpus's expectations.

The field pages are stored as found beside their ``.expected.json`` (the contract is in
tests/fixtures/field/README.md, and in ``benchmarks/field.py``). Rows compare as the measure
compares them, with the measure's own functions (``comparable``, ``comparable_seq``: whitespace,
script and full/half-width forms ignored, a row number without its brackets and trailing "."
"、" "。"); they are imported from it (``benchmarks`` is on the tests' path, see pyproject.toml), so
a test and ``make field`` can never disagree on what "the same" means.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from field import comparable, comparable_seq, squeezed
from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.formats import generic
from govtasks.models import CleanRow, SourceRow
from govtasks.read.document import read_document
from govtasks.run.per_file import normalize_row

FIELD = Path(__file__).resolve().parent / "fixtures" / "field"
#: Real pages kept for their text shape only, outside the field measure (see its README).
SHAPES = FIELD.parent / "shapes"

_PHRASES = default_phrases()

Row = tuple[str, str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str]

#: Expected-row keys and the row attribute (SourceRow, CleanRow) holding each.
ATTRIBUTES = {
    "seq": "seq",
    "category": "category",
    "content": "content",
    "leaders": "lead_leaders",
    "lead_units": "lead_units",
    "supporting_units": "supporting_units",
    "progress": "progress",
}
ALL = tuple(ATTRIBUTES)


def _row(
    seq: Any, category: Any, content: Any, leaders: Any, lead: Any, supporting: Any, progress: Any
) -> Row:
    return (
        comparable_seq(seq),
        comparable(category),
        comparable(content),
        tuple(map(comparable, leaders)),
        tuple(map(comparable, lead)),
        tuple(map(comparable, supporting)),
        comparable(progress),
    )


def expected_dicts(stem: str, folder: Path = FIELD) -> list[dict[str, Any]]:
    """The rows the page's reader wrote down, as written (one dict a row)."""
    rows: list[dict[str, Any]] = json.loads((folder / f"{stem}.expected.json").read_text(encoding="utf-8"))[
        "rows"
    ]
    return rows


def expected_rows(stem: str, folder: Path = FIELD) -> list[Row]:
    """The complete rows the page's reader wrote down, in print order."""
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
        for r in expected_dicts(stem, folder)
    ]


def cleaned(rows: Iterable[SourceRow]) -> list[CleanRow]:
    """The complete rows among ``rows``, cleaned as ingest cleans them (a row cut off by the end
    of the excerpt is left out, as the measure does)."""
    return [normalize_row(r, _PHRASES) for r in rows if "truncated" not in r.flags]


def read_rows(stem: str, folder: Path = FIELD) -> tuple[str, list[Row]]:
    """The layout chosen for the page and its complete rows, cleaned as ingest cleans them."""
    doc = read_document(folder / f"{stem}.txt")
    module = formats.choose(doc).format
    rows = [
        _row(r.seq, r.category, r.content, r.lead_leaders, r.lead_units, r.supporting_units, r.progress)
        for r in cleaned(module.parse(doc))
    ]
    return module.NAME, rows


def generic_rows(stem: str, folder: Path = FIELD) -> list[SourceRow]:
    """The complete rows the generic reader reads in a page, as parsed (the generic reader must
    be the layout chosen for it)."""
    doc = read_document(folder / f"{stem}.txt")
    assert formats.choose(doc).format.NAME == "generic"
    return [row for row in generic.parse(doc) if "truncated" not in row.flags]


def _compared(value: Any, as_printed: bool) -> Any:
    """``value`` as compared: each text by :func:`comparable` (by ``squeezed``, script kept,
    when ``as_printed``), lists item by item, ``None`` kept (a missing cell is no empty one)."""
    if isinstance(value, str):
        return squeezed(value) if as_printed else comparable(value)
    if isinstance(value, list | tuple):
        return [_compared(v, as_printed) for v in value]
    return value


def project(
    rows: Sequence[Any], fields: Sequence[str] = ALL, *, as_printed: bool = False
) -> list[dict[str, Any]]:
    """``fields`` of each row (an expected dict, a SourceRow or a CleanRow) as compared, a row
    number read without its trailing ".", "、" or "。"; ``as_printed`` compares rows read before
    cleaning, in the script of the page.

    >>> project([{"seq": "1", "content": "建 學校", "progress": None}], ("seq", "content", "progress"))
    [{'seq': '1', 'content': '建学校', 'progress': None}]
    """
    out = []
    for row in rows:
        if isinstance(row, dict):
            out.append({f: _compared(row[f], as_printed) for f in fields})
        else:
            values = {f: _compared(getattr(row, ATTRIBUTES[f]), as_printed) for f in fields}
            if values.get("seq"):  # printed "1." or "1、": the number is "1"
                values["seq"] = values["seq"].rstrip(".、。")
            out.append(values)
    return out
