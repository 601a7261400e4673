"""Every registered layout honours the format-module contract; each sample has one layout."""

from __future__ import annotations

import pytest
from tests.conftest import EXTRA, ROOT, SAMPLES

from govtasks import formats
from govtasks.errors import AmbiguousLayout, UnknownLayout
from govtasks.formats.base import FormatModule
from govtasks.models import ReportFacts, SourceRow
from govtasks.reading import document_from_bytes, read_document

EXPECTED = {
    "000": "xiaoshan_halfyear",
    "001": "xiaoshan_grid",
    "002": "gongshu_quarterly",
    "003": "yuhang_halfyear",
    "004": "yuhang_plan",
}
NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"


@pytest.mark.parametrize("module", formats.FORMATS, ids=lambda m: m.NAME)
def test_module_surface(module: FormatModule) -> None:
    assert module.NAME.isidentifier() and module.NAME.islower()
    assert module.DESCRIPTION and "\n" not in module.DESCRIPTION
    for sample in SAMPLES.values():
        score = module.detect(read_document(sample))
        assert 0.0 <= score <= 1.0


@pytest.mark.parametrize("module", formats.FORMATS, ids=lambda m: m.NAME)
def test_rows_have_provenance_inside_the_file(module: FormatModule) -> None:
    sample = next(SAMPLES[k] for k, name in EXPECTED.items() if name == module.NAME)
    doc = read_document(sample)
    rows = list(module.parse(doc))
    assert rows
    assert all(isinstance(r, SourceRow) for r in rows)
    assert all(1 <= r.source_line <= len(doc.lines) and r.content.strip() for r in rows)
    assert [r.source_line for r in rows] == sorted(r.source_line for r in rows)
    assert isinstance(module.facts(doc), ReportFacts)


def test_names_are_unique() -> None:
    names = [m.NAME for m in formats.FORMATS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("sample", "expected"), sorted(EXPECTED.items()))
def test_each_sample_is_detected_as_its_layout_and_no_other(sample: str, expected: str) -> None:
    found = formats.choose(read_document(SAMPLES[sample]))
    assert expected == found.format.NAME
    assert found.score >= 0.9
    others = {name: s for name, s in found.scores.items() if name != expected}
    assert max(others.values()) <= 0.3, others


def test_unknown_text_is_rejected_not_half_parsed() -> None:
    doc = document_from_bytes("会议纪要\n\n今天开会讨论了工作。\n".encode(), ROOT / "notes.txt")
    with pytest.raises(UnknownLayout):
        formats.choose(doc)


def test_narrative_page_with_the_000_header_is_rejected() -> None:
    with pytest.raises(UnknownLayout):
        formats.choose(read_document(NARRATIVE))


def test_a_tie_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = read_document(SAMPLES["004"])
    twin = formats.FORMATS[0]
    monkeypatch.setattr(twin, "detect", lambda d: 1.0)
    with pytest.raises(AmbiguousLayout, match="almost equally"):
        formats.choose(doc)


def test_every_flag_code_is_documented_in_the_readme() -> None:
    from govtasks.models import FLAGS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in readme for code in FLAGS)


def test_an_unknown_flag_fails_validation() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="unknown flag codes"):
        SourceRow(source_line=1, content="x", flags=["made_up"])
