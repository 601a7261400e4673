"""Twins: every sample re-saved in another encoding or with other line ends gives exactly the rows
of its UTF-8 original (issue 4, point 1: "a file in GBK/GB18030, UTF-16 or with CRLF line ends is
NOT bad"). Only the file name and the sha256 of the bytes may differ.

Also: genuinely binary files (PNG, ZIP, gzip, random bytes, 16-bit numbers) are never mistaken
for UTF-16 without a byte-order mark.
"""

from __future__ import annotations

import codecs
import dataclasses
import gzip
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from govtasks.clean.normalize import default_phrases
from govtasks.errors import BinaryFile, RejectedFile, UndecodableFile
from govtasks.models import ParsedFile, Rejection
from govtasks.read.document import SNIFF_BYTES, decode, decode_utf16_without_bom, document_from_bytes
from govtasks.run.per_file import process_file

NBSP = "\u00a0"

#: Characters of each sample that GBK cannot encode. Only the no-break space U+00A0 (the
#: pages' &nbsp;), in 001 and 002; GB18030 encodes it (as 81 30 84 36).
NOT_IN_GBK = {"000": set(), "001": {NBSP}, "002": {NBSP}, "003": set(), "004": set()}


def gbk(text: str) -> bytes:
    """GBK bytes of ``text``. GBK has no no-break space, so a page saved as GBK carries a plain
    space there instead; reading folds U+00A0 to a space anyway, so the rows are the same."""
    return text.replace(NBSP, " ").encode("gbk")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


#: How each twin is made from the UTF-8 original's text.
TWINS: dict[str, Callable[[str], bytes]] = {
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": gbk,
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.encode("utf-16-be"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-8-crlf": lambda t: crlf(t).encode("utf-8"),
    "gb18030-crlf": lambda t: crlf(t).encode("gb18030"),
    "gbk-crlf": lambda t: gbk(crlf(t)),
    "utf-16-le-bom-crlf": lambda t: codecs.BOM_UTF16_LE + crlf(t).encode("utf-16-le"),  # Windows Notepad
    "utf-16-le-no-bom-crlf": lambda t: crlf(t).encode("utf-16-le"),
    "utf-8-cr": lambda t: t.replace("\n", "\r").encode("utf-8"),  # classic Mac OS line ends
    "gb18030-cr": lambda t: t.replace("\n", "\r").encode("gb18030"),
}

#: The encoding :class:`~govtasks.read.document.Document` reports for each twin.
ENCODING_READ = {
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "utf-16-le-bom": "utf-16",
    "utf-16-be-bom": "utf-16",
    "utf-16-le-no-bom": "utf-16-le",
    "utf-16-be-no-bom": "utf-16-be",
    "utf-8-bom": "utf-8-sig",
    "utf-8-crlf": "utf-8",
    "gb18030-crlf": "gb18030",
    "gbk-crlf": "gb18030",
    "utf-16-le-bom-crlf": "utf-16",
    "utf-16-le-no-bom-crlf": "utf-16-le",
    "utf-8-cr": "utf-8",
    "gb18030-cr": "gb18030",
}


@cache
def original(sample: str) -> ParsedFile:
    """The UTF-8 original's result (cached: every twin of a sample compares against it)."""
    path = SAMPLES[sample]
    result = process_file(path, path.parent, default_phrases())
    assert isinstance(result, ParsedFile), result
    return result


def test_the_gbk_gaps_of_the_samples_are_as_stated() -> None:
    """Only 001 and 002 hold a character GBK cannot encode, and it is U+00A0: their "gbk" twin
    carries a space there (see :func:`gbk`); the "gb18030" twin keeps the U+00A0."""
    for sample, path in SAMPLES.items():
        text = path.read_text(encoding="utf-8")
        unencodable = {ch for ch in set(text) if not _encodes(ch, "gbk")}
        assert unencodable == NOT_IN_GBK[sample], sample
        assert all(_encodes(ch, "gb18030") for ch in set(text))


def _encodes(character: str, encoding: str) -> bool:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("twin", sorted(TWINS))
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_twin_gives_the_rows_of_the_utf8_original(sample: str, twin: str, tmp_path: Path) -> None:
    expected = original(sample)
    data = TWINS[twin](SAMPLES[sample].read_text(encoding="utf-8"))
    assert data != SAMPLES[sample].read_bytes()
    path = tmp_path / f"{sample}-{twin}.txt"
    path.write_bytes(data)

    assert document_from_bytes(data, path).encoding == ENCODING_READ[twin]
    result = process_file(path, tmp_path, default_phrases())

    assert isinstance(result, ParsedFile), result
    assert result.format == expected.format
    assert result.facts == expected.facts
    assert [r.same_statement() for r in result.rows] == [r.same_statement() for r in expected.rows]
    assert [r.source_line for r in result.rows] == [r.source_line for r in expected.rows]
    assert [r.flags for r in result.rows] == [r.flags for r in expected.rows]
    # ... and nothing else differs but the name and the hash of the bytes.
    assert result.source_file != expected.source_file and result.sha256 != expected.sha256
    assert dataclasses.replace(result, source_file=expected.source_file, sha256=expected.sha256) == expected


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_twins_have_the_lines_of_the_original(sample: str) -> None:
    """The same lines, so the same line numbers: checked on the document itself too."""
    text = SAMPLES[sample].read_text(encoding="utf-8")
    lines = document_from_bytes(text.encode("utf-8"), Path("x.txt")).lines
    for twin, make in TWINS.items():
        assert document_from_bytes(make(text), Path("x.txt")).lines == lines, twin


# --- a twin cut off mid-character (an interrupted download) -----------------------------------


def _cut_inside_a_character(text: str, make: Callable[[str], bytes]) -> tuple[bytes, bytes]:
    """The twin's bytes cut one byte into the first CJK character past the middle of ``text``,
    and the same twin's bytes cut cleanly just before that character."""
    at = next(i for i in range(len(text) // 2, len(text)) if "\u4e00" <= text[i] <= "\u9fff")
    clean = make(text[:at])
    return make(text[: at + 1])[: len(clean) + 1], clean


@pytest.mark.parametrize("twin", sorted(TWINS))
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_twin_cut_mid_character_reads_as_cut_before_the_character(sample: str, twin: str) -> None:
    text = SAMPLES[sample].read_text(encoding="utf-8")
    mid_character, clean = _cut_inside_a_character(text, TWINS[twin])
    cut = document_from_bytes(mid_character, Path("cut.txt"))
    assert cut.cut_bytes == 1
    assert cut.lines == document_from_bytes(clean, Path("clean.txt")).lines


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_a_sample_cut_mid_character_keeps_the_rows_before_the_cut(sample: str, tmp_path: Path) -> None:
    """Issue 4, point 1: a table truncated mid-row keeps its complete rows. A cut inside a
    multi-byte character used to reject the whole file as undecodable."""
    mid_character, clean = _cut_inside_a_character(SAMPLES[sample].read_text(encoding="utf-8"), str.encode)
    results = []
    for name, data in (("mid-character.txt", mid_character), ("clean.txt", clean)):
        (tmp_path / name).write_bytes(data)
        results.append(process_file(tmp_path / name, tmp_path, default_phrases()))
    cut, expected = results
    assert isinstance(cut, ParsedFile) and isinstance(expected, ParsedFile), results
    assert cut.rows == expected.rows and cut.facts == expected.facts
    cut_warning = _cut_warning(cut)
    assert tuple(w for w in cut.warnings if w not in cut_warning) == expected.warnings
    assert len(cut.rows) < len(original(sample).rows)


def _cut_warning(cut: ParsedFile) -> tuple[str, ...]:
    """The run summary says the file ends inside a character (and how many bytes were dropped)."""
    found = tuple(w for w in cut.warnings if w.startswith("the file ends inside a character"))
    assert len(found) == 1 and "bytes dropped" in found[0]
    return found


# --- UTF-16 without a byte-order mark: recognised, and never claimed for binary data -----------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("序号 | 重点工作任务 | 牵头单位\n1 | 推进项目 | 区发改局\n", id="table"),
        pytest.param("a", id="one-ascii-character"),
        pytest.param("一" * 30 + "\n" + "区政府" * 30 + "\n", id="cjk-dense-with-u+4e00"),
        pytest.param("x" * (SNIFF_BYTES * 2) + "\n区", id="longer-than-the-sniffed-head"),
        pytest.param("表 😀 emoji beyond the BMP\n", id="surrogate-pair"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == (text, encoding)


def _png() -> bytes:
    """A real 16×16 grey PNG, made by hand (no imaging library needed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + bytes(range(16)) for _ in range(16)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _zip(method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("report.txt", "序号 | 重点工作\n" * 50)
        archive.writestr("notes.txt", "hello\n" * 40)
    return buffer.getvalue()


BINARIES = {
    "png": _png(),
    "zip-stored": _zip(zipfile.ZIP_STORED),
    "zip-deflated": _zip(zipfile.ZIP_DEFLATED),
    "gzip": gzip.compress("序号 | 重点工作\n".encode() * 50, mtime=0),
    "random": random.Random(4).randbytes(6000),
    "random-with-nul-every-other-byte": bytes(
        b for x in random.Random(5).randbytes(3000) for b in (x, 0)
    ),  # 16-bit numbers below 256, little-endian: looks like ASCII in UTF-16 LE, but controls
    "int16-counters": b"".join(struct.pack("<H", i) for i in range(3000)),
    "int32-counters": b"".join(struct.pack(">I", i) for i in range(1500)),
    "nul-bytes": bytes(1000),
    "one-nul": b"\x00",
    "utf-8-with-a-nul": "序号 | 重点工作\x00\n".encode() * 20,
}


@pytest.mark.parametrize("data", BINARIES.values(), ids=BINARIES.keys())
def test_binary_files_are_not_taken_for_utf16(data: bytes) -> None:
    assert decode_utf16_without_bom(data) is None
    with pytest.raises((BinaryFile, UndecodableFile)):
        document_from_bytes(data, Path("bad.txt"))


def test_a_real_binary_reason_names_its_kind(tmp_path: Path) -> None:
    """A PNG is named by its signature (issue 16: wrong kinds of file named by their magic bytes)."""
    path = tmp_path / "picture.txt"
    path.write_bytes(BINARIES["png"])
    result = process_file(path, tmp_path, default_phrases())
    assert isinstance(result, Rejection)
    assert result.reason.startswith("a PNG image (a binary file)")
    assert "\n" not in result.reason and result.hint


def test_utf16_with_a_bom_but_broken_is_still_undecodable() -> None:
    with pytest.raises(RejectedFile, match="invalid utf-16"):
        document_from_bytes(codecs.BOM_UTF16_LE + "序号".encode("utf-16-le") + b"\x00\xdc", Path("x.txt"))
