"""Every registered layout honours the format-module contract; each sample has one layout."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXTRA, ROOT, SAMPLES

from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.errors import AmbiguousFormat, NoTaskTable, UnknownFormat
from govtasks.formats import generic
from govtasks.formats.base import WITHOUT_SIGNATURE, FormatModule
from govtasks.models import ParsedFile, Rejection, ReportFacts, SourceRow
from govtasks.read.document import document_from_bytes, read_document
from govtasks.run.per_file import process_file

EXPECTED = {
    "000": "xiaoshan_halfyear",
    "001": "xiaoshan_grid",
    "002": "gongshu_quarterly",
    "003": "yuhang_halfyear",
    "004": "yuhang_plan",
}
NARRATIVE = EXTRA / "34_xiaoshan_2022_h1_narrative_no_table.txt"
#: A real page each layout is written for (the generic reader has no sample of its own).
OWN_SAMPLE = {name: SAMPLES[k] for k, name in EXPECTED.items()} | {
    "generic": EXTRA / "23_linan_2022_q3_minsheng_pipes_rowspan.txt"
}
#: The fallback reader: it recognises the pipe samples' headers too, at a lower score.
FALLBACK = {"generic"}


@pytest.mark.parametrize("module", formats.FORMATS, ids=lambda m: m.NAME)
def test_module_surface(module: FormatModule) -> None:
    assert module.NAME.isidentifier() and module.NAME.islower()
    assert module.DESCRIPTION and "\n" not in module.DESCRIPTION
    assert callable(module.detect) and callable(module.parse) and callable(module.facts)
    assert callable(module.explain)
    for sample in SAMPLES.values():
        score = module.detect(read_document(sample))
        assert 0.0 <= score <= 1.0


#: Every real or rendered document the tests hold: samples, excerpts, saved pages, variants.
EVERY_DOCUMENT = sorted(SAMPLES.values()) + sorted(
    path for path in (ROOT / "tests" / "fixtures").rglob("*") if path.suffix in (".txt", ".html")
)


@pytest.mark.parametrize("path", EVERY_DOCUMENT, ids=lambda p: p.name)
def test_scores_stay_under_max_score_and_skipping_keeps_the_verdict(path: Path) -> None:
    doc = read_document(path)
    for module in formats.FORMATS:
        assert module.detect(doc) <= module.MAX_SCORE

    def verdict(every_score: bool) -> tuple[str, float] | str:
        try:
            found = formats.choose(doc, every_score=every_score)
        except (UnknownFormat, NoTaskTable, AmbiguousFormat) as exc:
            return f"{type(exc).__name__}: {exc.reason}"
        return found.format.NAME, found.score

    assert verdict(every_score=False) == verdict(every_score=True)


@pytest.mark.parametrize("module", formats.FORMATS, ids=lambda m: m.NAME)
def test_rows_have_provenance_inside_the_file(module: FormatModule) -> None:
    doc = read_document(OWN_SAMPLE[module.NAME])
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
    found = formats.choose(read_document(SAMPLES[sample]), every_score=True)
    assert expected == found.format.NAME
    assert found.score >= 0.9
    others = {name: s for name, s in found.scores.items() if name != expected and name not in FALLBACK}
    assert max(others.values()) <= 0.3, others
    fallback = max(found.scores[name] for name in FALLBACK)
    assert found.score - fallback >= formats.TIE_MARGIN, found.scores


def test_unknown_text_is_rejected_not_half_parsed() -> None:
    doc = document_from_bytes("会议纪要\n\n今天开会讨论了工作。\n".encode(), ROOT / "notes.txt")
    with pytest.raises(UnknownFormat):
        formats.choose(doc)


def test_narrative_page_with_the_000_header_is_rejected() -> None:
    with pytest.raises(UnknownFormat):
        formats.choose(read_document(NARRATIVE))


def test_a_tie_is_settled_by_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """No longer an error (issue 17): 004 with the first layout forced to 1.0 is read by both,
    and the reading with complete rows wins (tests/test_close_calls.py has real close calls)."""
    doc = read_document(SAMPLES["004"])
    twin = formats.FORMATS[0]
    monkeypatch.setattr(twin, "detect", lambda d: 1.0)
    found = formats.choose(doc)
    assert found.format.NAME == "yuhang_plan" and found.runner_up == twin.NAME
    assert found.chosen_by == f"read: yuhang_plan over {twin.NAME}: 83 complete rows against 0"


#: The dedicated modules: each has a signature, its own column header.
DEDICATED = [m for m in formats.FORMATS if m.NAME not in FALLBACK]


@pytest.mark.parametrize("path", EVERY_DOCUMENT, ids=lambda p: p.name)
def test_explain_gives_the_evidence_and_a_dedicated_module_needs_its_signature(path: Path) -> None:
    """Every module's ``explain`` lists what its ``detect`` weighed, one line each, the same on
    every call; a dedicated module's first line is its signature, and without it the module
    scores at most WITHOUT_SIGNATURE: it reaches the tie band only on its own signature."""
    doc = read_document(path)
    for module in formats.FORMATS:
        if doc.kind not in module.SOURCE_KINDS:
            continue
        lines = module.explain(doc)
        assert lines and all(isinstance(line, str) and line.strip() and "\n" not in line for line in lines)
        assert module.explain(doc) == lines
        if module not in DEDICATED:
            continue
        signature = lines[0].startswith("+")
        score = module.detect(doc)
        assert signature or score <= WITHOUT_SIGNATURE, (module.NAME, score, lines)
        if score > generic.SCORE - formats.TIE_MARGIN:
            assert signature, (module.NAME, score, lines)


def test_every_flag_code_is_documented_in_the_readme() -> None:
    from govtasks.models import FLAGS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"| `{code}` |" in readme for code in FLAGS)


def test_an_unknown_flag_fails_validation() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="unknown flag codes"):
        SourceRow(source_line=1, content="x", flags=["made_up"])


@settings(max_examples=40, deadline=None)
@given(
    sample=st.sampled_from(sorted(SAMPLES)),
    cut=st.floats(0.0, 1.0),
    junk=st.text(max_size=40),
    junk_at=st.floats(0.0, 1.0),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
    shuffle=st.none() | st.randoms(use_true_random=False),
)
def test_mutated_samples_are_ingested_or_rejected_never_crash(
    sample: str, cut: float, junk: str, junk_at: float, encoding: str, shuffle: random.Random | None
) -> None:
    """Truncated, shuffled, junk-inserted, re-encoded samples: a ParsedFile or a Rejection, never
    a crash, and every row keeps its provenance inside the file."""
    lines = SAMPLES[sample].read_text(encoding="utf-8").split("\n")
    lines = lines[: max(1, int(len(lines) * cut))]
    if shuffle is not None:
        shuffle.shuffle(lines)
    lines.insert(int(len(lines) * junk_at), junk)
    text = "\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.txt"
        path.write_bytes(data)
        result = process_file(path, Path(folder), default_phrases())
        if isinstance(result, Rejection):
            assert result.reason and result.hint
            return
        n_lines = len(read_document(path).lines)
    assert isinstance(result, ParsedFile)
    assert all(1 <= row.source_line <= n_lines and row.content for row in result.rows)
