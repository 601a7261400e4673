"""A layout printed in traditional script is still its layout (000, 001, 002).

A mirror site may republish a district's page converted to traditional script. Its text dump
must be read by the same format module as the simplified original, with the same score, and
after the normalize stage give the original's rows, field for field and line for line, and its
facts. ``tests/fixtures/traditional/`` holds such copies of samples 000, 001 and 002, made with
the converter (opencc s2t, :func:`govtasks.clean.normalize.to_traditional`), which keeps every line.
(003 is printed in traditional script already; 004's traditional copy is tested in
tests/test_link_samples.py.)

Regenerate the copies after a converter upgrade (a test checks the committed bytes)::

    .venv/bin/python -m tests.test_traditional_copies
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from tests.conftest import SAMPLES, TRADITIONAL

from govtasks import formats
from govtasks.clean.folding import fold_script, holds_traditional
from govtasks.clean.normalize import PhraseList, default_phrases, to_traditional
from govtasks.models import CleanRow, ParsedFile, SourceRow
from govtasks.read.document import read_document
from govtasks.run.per_file import _simplified_facts, process_file

#: The samples with a traditional copy, and the module that reads them.
LAYOUTS = {"000": "xiaoshan_halfyear", "001": "xiaoshan_grid", "002": "gongshu_quarterly"}
#: The facts a report carries, compared one by one.
FACTS = ("district", "year", "period", "title", "publisher", "published", "index_no", "inferred")
#: Row fields holding text (each unit of a list is its own text).
TEXT_FIELDS = ("category", "content", "lead_units", "progress", "problems", "next_steps")
#: (simplified, traditional) pairs whose traditional character folds to itself, not back: opencc
#: writes 了解 (understand) as 瞭解 and 批复 (approval) as 批覆, and 瞭 and 覆 are characters
#: of simplified script too.
FOLDED_APART = {("了", "瞭"), ("复", "覆")}

#: What the round trip loses with the shipped phrase list: nothing (benchmarks/ROUNDTRIP.md).
DIFFERENCES_WITH_PHRASES: dict[str, list[tuple[int, str, str, str]]] = {"000": [], "001": [], "002": []}
#: What it loses without a phrase list, as (line, field, sample's text, copy's text) at each
#: differing character: 批复 (official approval) is printed 批覆 and the bare converter keeps
#: 覆; 002 prints the two rows twice (its page holds the table twice).
DIFFERENCES_WITHOUT_PHRASES: dict[str, list[tuple[int, str, str, str]]] = {
    "000": [],
    "001": [],
    "002": [
        (202, "progress", "复", "覆"),
        (268, "progress", "复", "覆"),
        (1102, "progress", "复", "覆"),
        (1168, "progress", "复", "覆"),
    ],
}


def copy_path(sample: str) -> Path:
    """The committed traditional copy of ``sample``."""
    return TRADITIONAL / f"traditional-{SAMPLES[sample].name}"


def copy_bytes(sample: str) -> bytes:
    """The traditional copy of ``sample`` as the converter writes it (UTF-8, lines kept)."""
    return to_traditional(SAMPLES[sample].read_bytes().decode("utf-8")).encode("utf-8")


def write_fixtures() -> None:
    """Write the traditional copies into ``tests/fixtures/traditional/``."""
    TRADITIONAL.mkdir(parents=True, exist_ok=True)
    for sample in LAYOUTS:
        copy_path(sample).write_bytes(copy_bytes(sample))


@cache
def parsed(path: Path, phrases: PhraseList) -> ParsedFile:
    result = process_file(path, path.parent, phrases)
    assert isinstance(result, ParsedFile), result
    return result


def differences(sample: str, phrases: PhraseList) -> list[tuple[int, str, str, str]]:
    """Each character where a row of the copy differs from the sample's row after normalizing,
    as (line, field, sample's text, copy's text); fields of another length are given whole."""
    original, copy = parsed(SAMPLES[sample], phrases).rows, parsed(copy_path(sample), phrases).rows
    assert len(copy) == len(original)
    found: list[tuple[int, str, str, str]] = []
    for ours, theirs in zip(original, copy, strict=True):
        assert theirs.source_line == ours.source_line
        for field in CleanRow.__dataclass_fields__:
            a, b = str(getattr(ours, field)), str(getattr(theirs, field))
            if len(a) != len(b):
                found.append((ours.source_line, field, a, b))
            else:
                found.extend((ours.source_line, field, x, y) for x, y in zip(a, b, strict=True) if x != y)
    return found


# --- the fixtures ---------------------------------------------------------------------------


def test_committed_copies_are_what_the_converter_writes() -> None:
    assert sorted(p.name for p in TRADITIONAL.iterdir()) == sorted(copy_path(s).name for s in LAYOUTS)
    for sample in LAYOUTS:
        assert copy_path(sample).read_bytes() == copy_bytes(sample), (
            f"{copy_path(sample).name} is stale: run .venv/bin/python -m tests.test_traditional_copies"
        )


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_the_copy_is_traditional_line_for_line(sample: str) -> None:
    original, copy = read_document(SAMPLES[sample]), read_document(copy_path(sample))
    assert len(copy.lines) == len(original.lines)
    assert [len(line) for line in copy.lines] == [len(line) for line in original.lines]
    assert holds_traditional(copy.chars) and not holds_traditional(original.chars)
    assert parsed(copy_path(sample), default_phrases()).script == "traditional"


# --- same layout, same score ----------------------------------------------------------------


@pytest.mark.parametrize(("sample", "layout"), sorted(LAYOUTS.items()))
def test_the_copy_is_detected_by_its_own_module_with_the_sample_score(sample: str, layout: str) -> None:
    original = formats.choose(read_document(SAMPLES[sample]), every_score=True)
    copy = formats.choose(read_document(copy_path(sample)), every_score=True)
    assert (copy.format.NAME, copy.score) == (layout, original.score) == (layout, 1.0)
    # Every other layout scores the copy as it scores the sample: the same margin to the fallback.
    assert copy.scores == original.scores


# --- same rows, same facts ------------------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_the_copy_normalizes_to_the_sample_rows(sample: str) -> None:
    original = parsed(SAMPLES[sample], default_phrases())
    copy = parsed(copy_path(sample), default_phrases())
    assert [row.source_line for row in copy.rows] == [row.source_line for row in original.rows]
    assert [row.same_statement() for row in copy.rows] == [row.same_statement() for row in original.rows]
    assert [row.flags for row in copy.rows] == [row.flags for row in original.rows]
    assert differences(sample, default_phrases()) == DIFFERENCES_WITH_PHRASES[sample]


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_without_phrases_the_round_trip_differences_are_exactly_these(sample: str) -> None:
    """The equality above rests on the phrase list where the converter cannot go back; this
    pins what it protects, so a change shows rather than hides."""
    assert differences(sample, PhraseList()) == DIFFERENCES_WITHOUT_PHRASES[sample]


@pytest.mark.parametrize("sample", sorted(LAYOUTS))
def test_the_copy_has_the_sample_facts(sample: str) -> None:
    original = parsed(SAMPLES[sample], default_phrases()).facts
    copy = parsed(copy_path(sample), default_phrases()).facts
    assert {k: getattr(copy, k) for k in FACTS} == {k: getattr(original, k) for k in FACTS}
    assert original.title and original.publisher  # both printed in every sample: really compared


@pytest.mark.parametrize(("sample", "layout"), sorted(LAYOUTS.items()))
def test_facts_are_read_in_the_source_script(sample: str, layout: str) -> None:
    """The module gives the title and publisher as printed; the pipeline converts them."""
    module = formats.by_name(layout)
    copy = module.facts(read_document(copy_path(sample)))
    assert copy.title is not None and copy.title in read_document(copy_path(sample)).text
    assert copy.publisher is not None and holds_traditional(set(copy.publisher))
    original = module.facts(read_document(SAMPLES[sample]))
    assert _simplified_facts(copy, default_phrases()) == _simplified_facts(original, default_phrases())


# --- rows are cut from the printed text -----------------------------------------------------


def texts(row: SourceRow) -> list[str]:
    """Every text of a parsed row (each unit of a list is its own text)."""
    found: list[str] = []
    for field in TEXT_FIELDS:
        value = getattr(row, field)
        found.extend(v for v in (value if isinstance(value, list) else [value]) if v)
    return found


@pytest.mark.parametrize(("sample", "layout"), sorted(LAYOUTS.items()))
def test_parsed_rows_stay_in_the_source_script(sample: str, layout: str) -> None:
    """The module decides on the folded text but cuts every field from the printed one (the
    normalize stage converts phrase-aware; folding would turn a surname 於 into 于)."""
    module = formats.by_name(layout)
    original = list(module.parse(read_document(SAMPLES[sample])))
    copy_doc = read_document(copy_path(sample))
    copy = list(module.parse(copy_doc))
    assert [r.source_line for r in copy] == [r.source_line for r in original]
    assert [r.flags for r in copy] == [r.flags for r in original]
    traditional = 0
    for ours, theirs in zip(original, copy, strict=True):
        # Same cuts: folded, the copy's texts are the sample's.
        assert len(texts(theirs)) == len(texts(ours))
        for a, b in zip(texts(ours), texts(theirs), strict=True):
            assert len(a) == len(b)
            assert {(x, y) for x, y in zip(a, fold_script(b), strict=True) if x != y} <= FOLDED_APART
        for text in texts(theirs):
            # Each paragraph of a field is printed on the row's lines, unfolded.
            assert all(piece.strip() in copy_doc.text for piece in text.split("\n"))
            traditional += holds_traditional(set(text))
    assert traditional > len(copy)  # most fields hold traditional characters


def test_the_hand_listed_splits_fit_the_traditional_copy() -> None:
    """001's three rows with no visible cell border are split by text (HAND_SPLITS, written in
    simplified): matched on the folded row, they fit the copy's rows too."""
    from govtasks.formats import xiaoshan_grid

    rows = list(xiaoshan_grid.parse(read_document(copy_path("001"))))
    assert [r.seq for r in rows if xiaoshan_grid.FLAG_HAND_SPLIT in r.flags] == ["21", "67", "164"]


if __name__ == "__main__":
    write_fixtures()
