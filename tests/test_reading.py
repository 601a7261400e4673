"""Decoding: every encoding a saved page comes in gives the same lines as its UTF-8 twin."""

from __future__ import annotations

import codecs
import doctest
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.conftest import SAMPLES

from govtasks.errors import BinaryFile, EmptyFile, FileTooLarge, RejectedFile, UndecodableFile
from govtasks.read import document as reading
from govtasks.read.document import MAX_BYTES, decode, document_from_bytes
from govtasks.read.page import looks_like_html

UTF8 = SAMPLES["004"].read_bytes()
TEXT = UTF8.decode("utf-8")


def lines_of(data: bytes) -> tuple[str, ...]:
    return document_from_bytes(data, Path("x.txt")).lines


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(codecs.BOM_UTF8 + UTF8, id="utf-8-bom"),
        pytest.param(TEXT.encode("gb18030"), id="gb18030"),
        pytest.param(TEXT.encode("gbk"), id="gbk"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("utf-16-be"), id="utf-16-be-no-bom"),
        pytest.param(TEXT.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(TEXT.replace("\n", "\r").encode(), id="cr"),
    ],
)
def test_every_encoding_gives_the_utf8_lines(encoded: bytes) -> None:
    assert lines_of(encoded) == lines_of(UTF8)


def test_line_numbers_are_kept() -> None:
    doc = document_from_bytes(UTF8, Path("004.txt"))
    assert doc.line(8).startswith("序号? | 重 点 工 作 任 务")
    assert len(doc.lines) == 91


def test_nbsp_and_ideographic_spaces_become_spaces_without_merging_paragraphs() -> None:
    doc = document_from_bytes("甲\u00a0乙\n\n丙\u3000丁\n".encode(), Path("x.txt"))
    assert doc.lines == ("甲 乙", "", "丙 丁")
    assert doc.paragraphs() == [(1, "甲 乙"), (3, "丙 丁")]


def test_sha256_is_of_the_raw_bytes() -> None:
    import hashlib

    assert document_from_bytes(UTF8, Path("x")).sha256 == hashlib.sha256(UTF8).hexdigest()


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (b"", EmptyFile, "empty file"),
        (b"  \n\r\n ", EmptyFile, "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryFile, "binary file"),
        (b"\x00" * 64, BinaryFile, "binary file"),
        (bytes([0x81, 0x20, 0xFF, 0xFE, 0x41]) * 3, UndecodableFile, "neither UTF-8 nor GB18030"),
    ],
)
def test_bad_bytes_are_rejected_with_a_reason(data: bytes, error: type[Exception], reason: str) -> None:
    with pytest.raises(error, match=reason):
        document_from_bytes(data, Path("bad.txt"))


def test_too_large() -> None:
    with pytest.raises(FileTooLarge):
        document_from_bytes(b"a" * (MAX_BYTES + 1), Path("big.txt"))


@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_rejected(data: bytes) -> None:
    try:
        doc = document_from_bytes(data, Path("x"))
    except RejectedFile as exc:
        assert exc.reason
    else:
        assert doc.lines and all("\n" not in line for line in doc.lines)


@given(st.text(alphabet=st.characters(codec="gb18030", exclude_categories=("Cc", "Cs")), max_size=200))
def test_gb18030_gives_the_utf8_text(text: str) -> None:
    """GB18030 bytes decode to the same lines as UTF-8 bytes of the same text.

    Exception, by design: GB18030 bytes that are also valid UTF-8 (e.g. pure ASCII) are read as
    UTF-8, which is the same text when they are ASCII. A text that starts like a saved page
    ("<html", "<body" …) is read as one, by the charset it declares (tests/test_html_page.py).
    """
    assume(not looks_like_html(text))
    data = text.encode("gb18030")
    try:
        expected = lines_of(text.encode("utf-8"))
    except RejectedFile:
        return  # whitespace-only text: rejected either way
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert lines_of(data) == expected
    else:
        assert not text.isascii() or lines_of(data) == expected


def test_module_doctests() -> None:
    """The examples in reading.py's docstrings (pytest collects doctests under tests/ only)."""
    assert doctest.testmod(reading).failed == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_cut_mid_character_reads_as_one_cut_before_it(encoding: str) -> None:
    before = "序号 | 任务\n1 | 推"
    one_byte_into_the_next = len(before.encode(encoding)) + 1
    cut = document_from_bytes((before + "进").encode(encoding)[:one_byte_into_the_next], Path("cut.txt"))
    assert cut.lines == ("序号 | 任务", "1 | 推")
    assert cut.cut_bytes == 1
    assert document_from_bytes(before.encode(encoding), Path("whole.txt")).cut_bytes == 0


def test_an_invalid_byte_before_the_end_is_not_taken_for_a_cut() -> None:
    with pytest.raises(UndecodableFile):
        document_from_bytes("序号".encode() + b"\xff" + "任务".encode() + "区".encode()[:1], Path("x.txt"))


@pytest.mark.parametrize("text", ["矶", "序号 1 | 完成 |\n矶"])
def test_gb18030_text_ending_in_bytes_utf8_would_hold_back_is_not_cut(text: str) -> None:
    """b"\\xed\\xb6" (矶 in GB18030) looks like the start of a UTF-8 character to an incremental
    decoder; it is not one (0xED needs 0x80-0x9F next), so the file is GB18030, nothing dropped.
    Found by the property test test_gb18030_gives_the_utf8_text."""
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_fold_spaces_regexes_agree_with_the_space_table() -> None:
    """fold_spaces runs on regexes; they must fold exactly the characters _SPACE_LIKE lists."""
    from govtasks.read.document import _SPACE_LIKE, fold_spaces

    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    assert fold_spaces(every) == every.translate(_SPACE_LIKE)
