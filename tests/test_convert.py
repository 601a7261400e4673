"""Script conversion you can trust: protected phrases, the measured round trip, provenance ids.

A traditional copy of a simplified report must come back character for character, or its rows
will not link to the original's. The round-trip numbers asserted here are those in
benchmarks/ROUNDTRIP.md (regenerate it with ``.venv/bin/python benchmarks/roundtrip.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import metadata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from opencc import OpenCC
from tests.conftest import RAW, SAMPLES

from govtasks.clean.normalize import (
    PhraseList,
    converter_info,
    default_phrases,
    phrase_list_id,
    round_trip_changes,
    to_simplified,
    to_traditional,
)
from govtasks.models import CleanRow, ParsedFile
from govtasks.run.per_file import process_file

PHRASES = default_phrases()
NO_PHRASES = PhraseList()
T2S = OpenCC("t2s")  # the plain converter, to compare against

TEXT_FIELDS = ("content", "lead_units", "lead_leaders", "category", "progress", "problems", "next_steps")
NAME_FIELDS = ("lead_units", "lead_leaders")


# --- phrase cases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 於 as a surname (004: 於卫国), simplified or traditional, alone or in a list of leaders.
        ("於卫国", "於卫国"),
        ("於衛國", "於卫国"),
        ("祝振偉、於衛國", "祝振伟、於卫国"),
        ("关于於卫国同志的分工", "关于於卫国同志的分工"),
        ("關於於衛國同志的分工", "关于於卫国同志的分工"),
        # 於 as the preposition "at/about" (traditional) still becomes 于.
        ("於是", "于是"),
        ("關於", "关于"),
        ("位於", "位于"),
        ("對於", "对于"),
        ("由於疫情", "由于疫情"),
        ("關於衛國戍邊英雄的宣傳", "关于卫国戍边英雄的宣传"),
        # 批复 (official approval, 002): traditional 批覆 comes back as 批复 ...
        ("批覆", "批复"),
        ("已取得市政府批覆", "已取得市政府批复"),
        ("批复", "批复"),
        # ... while 覆盖 (coverage) after 批 keeps its 覆, in either script.
        ("審批覆蓋率", "审批覆盖率"),
        ("审批覆盖率", "审批覆盖率"),
        ("分批覆盖", "分批覆盖"),
        ("全覆蓋", "全覆盖"),
        # opencc's own phrase table already handles these 覆 → 复 words.
        ("答覆", "答复"),
        ("回覆", "回复"),
    ],
)
def test_phrase_case(text: str, expected: str) -> None:
    assert to_simplified(text, PHRASES) == expected


@pytest.mark.parametrize(("text", "broken"), [("於卫国", "于卫国"), ("於衛國", "于卫国"), ("批覆", "批覆")])
def test_without_phrases_the_converter_gets_these_wrong(text: str, broken: str) -> None:
    """Each shipped phrase is needed: the bare converter gives the wrong text."""
    assert to_simplified(text, NO_PHRASES) == broken


def test_a_later_entry_overrides_an_earlier_one() -> None:
    """A user's list extends the shipped one, so the user's spelling of a shipped source wins."""
    user = PhraseList.parse("於卫国 => 于卫国")
    assert to_simplified("於卫国", PHRASES.extended(user)) == "于卫国"
    assert to_simplified("於卫国", user.extended(PHRASES)) == "於卫国"


def test_digit_phrase_does_not_collide_with_other_phrases() -> None:
    """Phrases are cut out of the text, not replaced by placeholders a later phrase could match."""
    phrases = PhraseList.parse("於卫国\n0 => 零")
    assert to_simplified("於卫国 0", phrases) == "於卫国 零"


# --- the measured round trip on the samples ----------------------------------------------------


def texts(rows: tuple[CleanRow, ...]) -> Iterator[tuple[str, str]]:
    """(field, text) for every text of every row; each unit and leader is its own text."""
    for row in rows:
        for field in TEXT_FIELDS:
            value = getattr(row, field)
            for text in value if isinstance(value, tuple) else (value,):
                if text:
                    yield field, text


def changes(sample: str, phrases: PhraseList) -> list[tuple[str, str, str]]:
    """(field, original, after) for each character of the sample's normalized rows that does not
    survive s2t and back."""
    parsed = process_file(SAMPLES[sample], RAW, PHRASES)
    assert isinstance(parsed, ParsedFile)
    return [
        (field, original, after)
        for field, text in texts(parsed.rows)
        for _, original, after in round_trip_changes(text, phrases)
    ]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_samples_round_trip_unchanged_with_the_shipped_phrases(sample: str) -> None:
    """With the shipped list nothing changes at all, names included (ROUNDTRIP.md: 0 of 70514)."""
    assert changes(sample, PHRASES) == []


@pytest.mark.parametrize(
    ("sample", "total", "in_names"),
    [("000", 0, 0), ("001", 0, 0), ("002", 4, 0), ("003", 0, 0), ("004", 17, 17)],
)
def test_samples_round_trip_without_phrases(sample: str, total: int, in_names: int) -> None:
    """The measured damage of the bare converter: 002's 批复 (twice, printed twice) and 004's 於卫国
    (17 leader entries). This proves the test above can fail."""
    found = changes(sample, NO_PHRASES)
    assert len(found) == total
    assert sum(field in NAME_FIELDS for field, _, _ in found) == in_names
    assert set(found) <= {("progress", "复", "覆"), ("lead_leaders", "於", "于")}


def test_traditional_copy_of_004_keeps_its_leader_names() -> None:
    """The issue's fixture: 004 converted to traditional normalizes back to the same rows."""
    parsed = process_file(SAMPLES["004"], RAW, PHRASES)
    assert isinstance(parsed, ParsedFile)
    leaders = [leader for row in parsed.rows for leader in row.lead_leaders]
    assert leaders.count("於卫国") == 17
    twins = [to_simplified(to_traditional(leader), PHRASES) for leader in leaders]
    assert twins == leaders
    assert to_traditional("於卫国") == "於衛國"


def test_round_trip_changes_reports_spans_when_a_phrase_changes_the_length() -> None:
    phrases = PhraseList.parse("區府 => 区政府")  # hypothetical abbreviation written out
    assert round_trip_changes("区府办", phrases) == [(1, "", "政")]


# --- masking is transparent (property tests) ---------------------------------------------------

# Characters that matter here: traditional and simplified forms, the 於/覆 cases, punctuation
# opencc splits on, and ASCII (digits too, which a placeholder-based mask would collide with).
_HAN = st.one_of(
    st.sampled_from("區区財财於于衛卫國国關关是批覆复蓋盖審审後后發发髮乾干，。、（）"),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)
_ASCII = st.sampled_from("aZ09 .,-()\n")
_CHARS = st.one_of(_HAN, _ASCII)
_TEXT = st.text(_CHARS, max_size=40)


@given(_TEXT)
def test_empty_phrase_list_is_plain_opencc(text: str) -> None:
    assert to_simplified(text, NO_PHRASES) == T2S.convert(text)


@given(_TEXT)
def test_text_without_a_phrase_converts_as_plain_opencc(text: str) -> None:
    assume(not any(source in text for source, _ in PHRASES.pairs))
    assert to_simplified(text, PHRASES) == T2S.convert(text)


@given(
    _TEXT,
    st.tuples(st.text(_HAN, min_size=1, max_size=4), st.text(_CHARS, max_size=4)),
    st.tuples(st.text(_ASCII, min_size=1, max_size=3), st.text(_CHARS, max_size=4)),
)
def test_phrases_are_cut_out_and_the_rest_converts_as_plain_opencc(
    text: str, han: tuple[str, str], latin: tuple[str, str]
) -> None:
    """Every occurrence of a source becomes its target verbatim; the text between is converted
    exactly as opencc converts it on its own. (One Chinese and one ASCII phrase cannot overlap, so
    the expected text does not depend on which is cut first.)"""
    expected = han[1].join(
        latin[1].join(T2S.convert(piece) for piece in part.split(latin[0])) for part in text.split(han[0])
    )
    assert to_simplified(text, PhraseList((han, latin))) == expected


# Pieces of text that cannot combine with a shipped phrase: none of their characters occurs in one.
_PHRASE_CHARS = set("".join(source for source, _ in PHRASES.pairs))
_FILLER = st.text(
    st.sampled_from(
        [c for c in "區区財财是復复後后發发 aZ09.,-，。、\n的工作完成进展情況况" if c not in _PHRASE_CHARS]
    )
)


@given(st.lists(st.tuples(_FILLER, st.sampled_from(PHRASES.pairs)), max_size=6), _FILLER)
def test_shipped_phrases_survive_verbatim_in_any_text(
    parts: list[tuple[str, tuple[str, str]]], tail: str
) -> None:
    text = "".join(filler + source for filler, (source, _) in parts) + tail
    expected = "".join(T2S.convert(filler) + target for filler, (_, target) in parts) + T2S.convert(tail)
    assert to_simplified(text, PHRASES) == expected


# --- provenance: which converter and which phrase list --------------------------------------


def test_converter_info_names_package_version_and_configuration() -> None:
    version = metadata.version("opencc-python-reimplemented")
    assert converter_info() == f"opencc-python-reimplemented {version} t2s"


def test_phrase_list_id_is_short_and_stable() -> None:
    assert re.fullmatch(r"p[0-9a-f]{12}", phrase_list_id(PHRASES))
    assert phrase_list_id(default_phrases()) == phrase_list_id(PHRASES)
    # Pinned: the same list gives the same id on every machine and in every version.
    assert phrase_list_id(PhraseList.parse("於卫国")) == "p92d1361e044b"
    assert phrase_list_id(NO_PHRASES) == "p4f53cda18c2b"


def test_phrase_list_id_ignores_comments_and_spacing() -> None:
    a = PhraseList.parse("# names\n於卫国\n於衛國 => 於卫国\n")
    b = PhraseList.parse("於卫国   # a surname\n\n  於衛國=>於卫国\n")
    assert phrase_list_id(a) == phrase_list_id(b)


@pytest.mark.parametrize(
    "changed",
    [
        "於卫国\n於衛國 => 於卫国\n批覆 => 批复\n",  # an entry added
        "於卫国\n於衛國 => 于卫国\n",  # a target changed
        "於衛國 => 於卫国\n於卫国\n",  # order changed (it decides overlaps of one length)
        "於卫国\n",  # an entry removed
    ],
)
def test_phrase_list_id_changes_with_the_contents(changed: str) -> None:
    base = PhraseList.parse("於卫国\n於衛國 => 於卫国\n")
    assert phrase_list_id(PhraseList.parse(changed)) != phrase_list_id(base)
