"""Property tests (issue 4, point 7): the readers, layout detection, every parser and the whole
per-file stage get random and mutated inputs. They may reject an input, with a named error; they
never crash with a traceback, and never emit a row without provenance (a line inside the file and
some content).

Mutated inputs start from every sample and every extra page (of any layout, fed to every parser)
and go through one to three mutations (cut at a line or a character, lines shuffled or swapped,
junk lines inserted, lines duplicated or deleted, a stretch misread in the wrong encoding,
characters edited inside lines), then are encoded in a random encoding with random line ends,
and may be cut at a random byte or get random bytes inserted.

Determinism: every test runs with ``derandomize=True`` and no example database, so the examples
are a function of the test code and the Hypothesis version. A CI run is reproducible, and a
failure seen once is seen on every run. For a wider hunt with fresh random examples, set
``GOVTASKS_FUZZ=N`` (example counts times N, random seed), e.g.
``GOVTASKS_FUZZ=20 pytest tests/test_properties.py``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.conftest import EXTRA, SAMPLES, TRADITIONAL

from govtasks import formats
from govtasks.clean.normalize import default_phrases
from govtasks.errors import GovtasksError, RejectedFile
from govtasks.formats.base import FormatModule
from govtasks.models import FLAGS, ParsedFile, Rejection, ReportFacts, SourceRow
from govtasks.read.document import Document, decode, document_from_bytes
from govtasks.run.per_file import process_file

FUZZ = int(os.environ.get("GOVTASKS_FUZZ", "0") or 0)


def budget(examples: int) -> settings:
    """Settings for a property test of ``examples`` examples (see the module docstring)."""
    return settings(
        max_examples=examples * max(1, FUZZ),
        deadline=None,
        derandomize=not FUZZ,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


#: The text of every sample, extra page and traditional copy, as read (any encoding), by name.
SOURCES: dict[str, str] = {
    path.name: decode(path.read_bytes())[0]
    for path in [*SAMPLES.values(), *sorted(EXTRA.glob("*.txt")), *sorted(TRADITIONAL.glob("*.txt"))]
}
EXTRAS = sorted(set(SOURCES) - {p.name for p in SAMPLES.values()})

#: Encodings a page may be saved in; gbk and big5 cannot encode every character ("?" then).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5")
#: Pairs (written in, read as) that turn text into mojibake.
MISREADINGS = (
    ("utf-8", "gb18030"),
    ("gb18030", "utf-8"),
    ("gbk", "big5"),
    ("big5", "gb18030"),
    ("utf-8", "latin-1"),
    ("utf-16-le", "utf-8"),
)

#: Words of the layouts' headers, numbering and info blocks, so junk looks like table text:
#: 序号 number, 重点工作 key task, 牵头单位 lead unit, 进展情况/完成情况 progress, 责任单位 responsible
#: unit, 项目名称/项目内容 item name/content, 牵头领导 lead leader, traditional 序號/重點工作, section
#: numbers (一)/一、, district 萧山区, periods 上半年/第三季度, CMS labels 索引号/发布机构.
TABLE_WORDS = (
    "序号", "重点工作", "牵头单位", "进展情况", "责任单位", "项目名称", "项目内容", "完成情况",
    "牵头领导", "序號", "重點工作", "（一）", "一、", "1.", "|", "｜", "(xiǎo)", "萧山区",
    "2020年", "上半年", "第三季度", "索引号", "发布机构", "区发改局",
)  # fmt: skip

cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=12)
ascii_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)
cell = st.one_of(
    cjk, ascii_text, st.integers(0, 300).map(str), st.sampled_from(TABLE_WORDS), st.text(max_size=8)
)
junk_line = st.one_of(
    st.lists(cell, max_size=6).map(" | ".join),  # a pipe row
    st.lists(cell, max_size=6).map("".join),  # glued cells
    st.lists(cell, max_size=6).map("\t".join),
    st.text(max_size=40),  # anything, controls and line separators included
    st.sampled_from(["", " ", "|", "||||", "\u3000", "\t", "\u00a0"]),
)


# --- mutations ---------------------------------------------------------------------------------
# Every drawn number is "how much damage", so Hypothesis' small numbers (and its shrinking,
# toward zero) mean a mild mutation: a cut near the end, a short stretch, a few junk lines.

Draw = Callable[[st.SearchStrategy[Any]], Any]
Lines = list[str]


def _span(draw: Draw, lines: Lines, longest: int = 10) -> tuple[int, int]:
    """A stretch of 1 to ``longest`` lines: a mutation damages a part, not the whole."""
    i = draw(st.integers(0, len(lines) - 1))
    return i, min(len(lines), i + 1 + draw(st.integers(0, longest - 1)))


def cut_at_line(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    k = len(lines) - draw(st.integers(0, len(lines) - 1))
    return lines[:k], f"first {k} lines kept"


def cut_at_character(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    text = "\n".join(lines)
    k = len(text) - draw(st.integers(0, len(text)))
    return text[:k].split("\n"), f"cut after character {k}"


def shuffle(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    # One drawn seed, not one draw per swap: a 1,800-line page would overrun Hypothesis' buffer.
    seed = draw(st.integers(0, 2**32 - 1))
    i, j = _span(draw, lines) if draw(st.integers(0, 3)) else (0, len(lines))
    window = lines[i:j]
    random.Random(seed).shuffle(window)
    return lines[:i] + window + lines[j:], f"lines {i + 1}..{j} shuffled with random.Random({seed})"


def swap(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    i, j = draw(st.tuples(st.integers(0, len(lines) - 1), st.integers(0, len(lines) - 1)))
    swapped = list(lines)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    return swapped, f"lines {i + 1} and {j + 1} swapped"


def insert_junk(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    junk = draw(st.lists(st.tuples(st.integers(0, len(lines)), junk_line), min_size=1, max_size=5))
    out = list(lines)
    for at, line in sorted(junk, key=lambda j: j[0], reverse=True):
        out.insert(at, line)
    return out, f"junk inserted as (before line index, text): {junk!r}"


def duplicate(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    i, j = _span(draw, lines)
    at = draw(st.integers(0, len(lines)))
    return lines[:at] + lines[i:j] + lines[at:], f"lines {i + 1}..{j} copied before line {at + 1}"


def delete(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    i, j = _span(draw, lines)
    return lines[:i] + lines[j:], f"lines {i + 1}..{j} deleted"


def misread(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    i, j = _span(draw, lines)
    written, read = draw(st.sampled_from(MISREADINGS))
    garbled = "\n".join(lines[i:j]).encode(written, "replace").decode(read, "replace").split("\n")
    return lines[:i] + garbled + lines[j:], f"lines {i + 1}..{j} written as {written}, read as {read}"


#: Characters that mean something to a parser or to the garble repair: cell separators, the "?"
#: a GBK misreading leaves, pinyin annotations "(xiǎo)", section numbers 一二三, full-width forms,
#: 区/局 (district, bureau) that end unit names.
EDIT_CHARACTERS = st.sampled_from(
    [*"|｜?？()（）:：、。,，.-—*一二三1234567890 \tǎàáāxiaoshn区局", "(xiǎo)", "?lù)"]
)


def edit_characters(draw: Draw, lines: Lines) -> tuple[Lines, str]:
    """Damage inside lines: characters deleted, replaced or inserted in a short stretch."""
    i, j = _span(draw, lines, longest=5)
    edited = list(lines)
    edits = []
    for n in range(i, j):
        line = edited[n]
        at = draw(st.integers(0, len(line)))
        removed = draw(st.integers(0, min(3, len(line) - at)))
        added = draw(st.lists(EDIT_CHARACTERS, max_size=3).map("".join))
        edited[n] = line[:at] + added + line[at + removed :]
        edits.append((n + 1, at, removed, added))
    return edited, f"(line, at, removed, added): {edits!r}"


MUTATIONS = (
    cut_at_line, cut_at_character, shuffle, swap, insert_junk, duplicate, delete, misread, edit_characters,
)  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    source: str
    steps: tuple[str, ...]
    text: str  # after the line-level mutations, lines joined with "\n"
    data: bytes  # the file's bytes

    def __repr__(self) -> str:  # the steps, not 100 KB of bytes, when Hypothesis shows an example
        return f"Mutant({self.source!r}, steps={self.steps!r}, {len(self.data)} bytes)"


SAMPLE_NAMES = [path.name for path in SAMPLES.values()]


@st.composite
def mutants(draw: Draw, prefer: tuple[str, ...] = ()) -> Mutant:
    """A mutated copy of a source (half the time one in ``prefer`` when given, a quarter of the
    time an extra page, else a sample): one to three mutations, a random encoding and line
    ends, sometimes a cut at a byte or random bytes inserted."""
    choice = draw(st.integers(0, 7))
    pool = prefer if prefer and choice < 4 else EXTRAS if choice >= 6 else SAMPLE_NAMES
    source = draw(st.sampled_from(pool))
    lines = SOURCES[source].split("\n")
    steps: list[str] = []
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        lines, step = mutation(draw, lines)
        lines = lines or [""]
        steps.append(f"{mutation.__name__}: {step}")
    encoding = draw(st.sampled_from(ENCODINGS))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    data = newline.join(lines).encode(encoding, "replace")
    steps.append(f"encoded as {encoding} with {newline!r} line ends")
    if draw(st.integers(0, 3)) == 3:
        at = len(data) - draw(st.integers(0, len(data)))
        data = data[:at]
        steps.append(f"cut after byte {at}")
    if draw(st.integers(0, 7)) == 7:
        at, junk = draw(st.integers(0, len(data))), draw(st.binary(min_size=1, max_size=16))
        data = data[:at] + junk + data[at:]
        steps.append(f"bytes {junk!r} inserted at byte {at}")
    return Mutant(source, tuple(steps), "\n".join(lines), data)


@st.composite
def mutated_documents(draw: Draw, prefer: tuple[str, ...] = ()) -> Document:
    """A mutant's document; when its bytes are unreadable, its text's (so the parsers still get
    the line-level mutations), and when that is blank too, another example."""
    mutant = draw(mutants(prefer))
    note(repr(mutant))
    for data in (mutant.data, mutant.text.encode("utf-8")):
        try:
            return document_from_bytes(data, Path(mutant.source))
        except RejectedFile:
            continue
    reject()


def random_documents() -> st.SearchStrategy[Document]:
    def build(lines: list[str]) -> Document:
        try:
            return document_from_bytes("\n".join(lines).encode("utf-8"), Path("random.txt"))
        except RejectedFile:
            reject()

    return st.lists(junk_line, min_size=1, max_size=30).map(build)


def documents(prefer: tuple[str, ...] = ()) -> st.SearchStrategy[Document]:
    """Mutated sources, and (one time in five) random junk lines."""
    return st.integers(0, 4).flatmap(lambda n: random_documents() if n == 4 else mutated_documents(prefer))


#: The sample of each layout, which its parser is fed half the time (the other half: any source).
OWN_SAMPLE = {
    "xiaoshan_halfyear": SAMPLES["000"].name,
    "xiaoshan_grid": SAMPLES["001"].name,
    "gongshu_quarterly": SAMPLES["002"].name,
    "yuhang_halfyear": SAMPLES["003"].name,
    "yuhang_plan": SAMPLES["004"].name,
    "generic": "23_linan_2022_q3_minsheng_pipes_rowspan.txt",
}
#: The traditional-script copy of a layout's sample, fed to its parser as often as the sample.
OWN_TRADITIONAL_COPY = {
    name: (f"traditional-{OWN_SAMPLE[name]}",)
    for name in ("xiaoshan_halfyear", "xiaoshan_grid", "gongshu_quarterly")
}


# --- readers -----------------------------------------------------------------------------------


def assert_read_or_rejected(data: bytes) -> None:
    try:
        doc = document_from_bytes(data, Path("x.txt"))
    except RejectedFile as exc:
        assert exc.reason and "\n" not in exc.reason and exc.hint
        return
    assert doc.lines and any(doc.lines)
    assert not any("\r" in line or "\n" in line for line in doc.lines)
    assert doc.text == "\n".join(doc.lines)


def _interleaved(data: bytes, nul_first: bool) -> bytes:
    """Bytes with a NUL in every other position, as UTF-16 of ASCII text (or of nothing)."""
    return bytes(b for x in data for b in ((0, x) if nul_first else (x, 0)))


any_bytes = st.one_of(
    st.binary(max_size=3000),
    st.builds(_interleaved, st.binary(max_size=1500), st.booleans()),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]), st.binary(max_size=2000)).map(
        b"".join
    ),
)


@budget(300)
@given(any_bytes)
def test_any_bytes_are_read_or_rejected(data: bytes) -> None:
    assert_read_or_rejected(data)


@budget(300)
@given(st.text(max_size=300), st.sampled_from(ENCODINGS))
def test_random_text_in_any_encoding_is_read_or_rejected(text: str, encoding: str) -> None:
    assert_read_or_rejected(text.encode(encoding, "replace"))


@budget(200)
@given(
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=300).filter(
        lambda t: not t.startswith("\ufeff")
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_utf8_and_bom_marked_text_decodes_to_itself(text: str, encoding: str) -> None:
    """UTF-8 (no NUL: that is binary) and BOM-marked text are never guessed at: read back exactly."""
    assert decode(text.encode(encoding))[0] == text


report_line = st.lists(st.one_of(cjk, st.sampled_from(TABLE_WORDS), st.integers(0, 99).map(str)), max_size=8)


@budget(200)
@given(
    st.lists(report_line.map(" ".join), min_size=1, max_size=20).map("\n".join),
    st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_report_text_in_utf16_without_bom_decodes_to_itself(text: str, encoding: str) -> None:
    """Table-like text (CJK words, numbers, spaces, pipes, line ends) saved as UTF-16 without a BOM
    is recognised, in the right byte order, whenever the rule can tell: its ASCII characters (NUL
    high byte) outnumber its characters U+xx00 such as 一 U+4E00 (NUL low byte), and make at
    least 1% of it. Text of a few CJK characters alone ("一仜") is too short to tell; a page has
    line ends, spaces and digits. Either way it is read or rejected, never a crash."""
    ascii_count = sum(ch.isascii() for ch in text)
    low_nul = sum(ord(ch) > 0xFF and ord(ch) % 0x100 == 0 for ch in text)
    if ascii_count > low_nul and ascii_count * 100 >= len(text):
        assert decode(text.encode(encoding)) == (text, encoding)
    else:
        assert_read_or_rejected(text.encode(encoding))


@budget(60)
@given(mutants())
def test_mutated_files_are_read_or_rejected(mutant: Mutant) -> None:
    assert_read_or_rejected(mutant.data)


# --- layout detection --------------------------------------------------------------------------


@budget(60)
@given(documents())
def test_layout_choice_picks_a_registered_layout_or_rejects(doc: Document) -> None:
    def verdict(every_score: bool) -> tuple[str, float] | tuple[type[RejectedFile], str]:
        try:
            found = formats.choose(doc, every_score=every_score)
        except RejectedFile as exc:
            assert exc.reason and "\n" not in exc.reason and exc.hint
            return type(exc), exc.reason
        assert found.format in formats.FORMATS
        assert formats.MIN_SCORE <= found.score <= 1.0
        asked = {m.NAME for m in formats.FORMATS}
        assert set(found.scores) == asked if every_score else set(found.scores) <= asked
        for module in formats.FORMATS:
            assert found.scores.get(module.NAME, 0.0) <= module.MAX_SCORE
        return found.format.NAME, found.score

    # Skipping the layouts that cannot win never changes the verdict.
    quick = verdict(every_score=False)
    assert quick == verdict(every_score=True)
    event(f"chosen: {quick[0] if isinstance(quick[0], str) else quick[0].__name__}")


# --- every parser ------------------------------------------------------------------------------


@pytest.mark.parametrize("module", formats.FORMATS, ids=lambda m: m.NAME)
@budget(50)
@given(data=st.data())
def test_parser_rejects_or_yields_rows_with_provenance(module: FormatModule, data: st.DataObject) -> None:
    """``detect`` is a score in [0, 1]; ``parse`` may stop with a named error or a validation error
    (the pipeline turns both into a rejection), ``facts`` only with a named error (the pipeline
    does not catch a validation error there); every row yielded points at a line of the file."""
    doc = data.draw(documents(prefer=(OWN_SAMPLE[module.NAME], *OWN_TRADITIONAL_COPY.get(module.NAME, ()))))
    score = module.detect(doc)
    assert isinstance(score, float) and 0.0 <= score <= 1.0
    rows: list[SourceRow] = []
    try:
        for row in module.parse(doc):
            rows.append(row)
    except (GovtasksError, ValidationError) as exc:
        event(f"parse stopped: {type(exc).__name__}")
    event(f"parse: {'rows' if rows else 'no rows'}")
    for row in rows:
        assert isinstance(row, SourceRow)
        assert 1 <= row.source_line <= len(doc.lines), row
        assert row.content.strip(), row
    try:
        facts = module.facts(doc)
    except GovtasksError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert isinstance(facts, ReportFacts)


# --- the whole per-file stage ------------------------------------------------------------------


@budget(40)
@given(mutant=mutants())
def test_process_file_returns_rows_with_provenance_or_a_reason(mutant: Mutant, tmp_path: Path) -> None:
    path = tmp_path / "mutated.txt"
    path.write_bytes(mutant.data)
    result = process_file(path, tmp_path, default_phrases())
    event(f"rejected: {result.reason[:30]}" if isinstance(result, Rejection) else f"parsed: {result.format}")
    if isinstance(result, Rejection):
        assert result.source_file == "mutated.txt"
        assert result.reason.strip() and "\n" not in result.reason
        assert result.hint.strip()
        assert result.line is None or result.line >= 1
        return
    assert isinstance(result, ParsedFile)
    n_lines = len(document_from_bytes(mutant.data, path).lines)
    assert result.rows
    for row in result.rows:
        assert 1 <= row.source_line <= n_lines, row
        assert row.content.strip(), row
        assert set(row.flags) <= set(FLAGS), row
    assert None not in (result.facts.district, result.facts.year, result.facts.period)


@budget(200)
@given(st.text(alphabet=st.sampled_from("區区科a 1,\n技局覆"), max_size=60), st.integers(1, 8))
def test_script_sample_reads_in_pieces_what_one_filter_would_read(text: str, size: int) -> None:
    from govtasks.clean import normalize

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalize, "SCRIPT_SAMPLE", size)  # pieces of 4 * size characters
        assert normalize.script_sample(text) == normalize._NOT_CJK.sub("", text)[:size]
