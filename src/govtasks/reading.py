"""Bytes to :class:`Document`: decoded text with provenance and line numbers.

Decoding order (first that fits wins):

1. a byte-order mark: UTF-8, UTF-16 LE/BE;
2. strict UTF-8;
3. strict GB18030 (a superset of GBK and GB2312, so pages declared as either decode too).

Nothing is guessed beyond that: a file that is none of these is rejected with a reason.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from govtasks.errors import BinaryFile, EmptyFile, FileTooLarge, UndecodableFile

#: A report page is at most a few hundred KB; anything past this is not one.
MAX_BYTES = 20 * 1024 * 1024

#: Characters the pages use as spaces; they become a plain space.
#: U+00A0 no-break space, U+3000 ideographic space, U+2002..U+200A typographic spaces, U+FEFF stray BOM.
_SPACE_LIKE: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"), " "
)
_SPACE_LIKE[0xFEFF] = None
_SPACE_LIKE[0x200B] = None  # zero-width space


@dataclass(frozen=True)
class Document:
    """A decoded source file. ``lines[0]`` is line 1 of the file."""

    path: Path
    sha256: str
    encoding: str
    lines: tuple[str, ...]
    size: int = 0
    _text: str = field(default="", repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def text(self) -> str:
        """The whole text, lines joined with ``\\n`` (space-like characters already folded)."""
        return self._text

    def line(self, number: int) -> str:
        """Line ``number`` (1-based)."""
        return self.lines[number - 1]

    def numbered(self) -> list[tuple[int, str]]:
        """Every line with its 1-based number."""
        return list(enumerate(self.lines, start=1))

    def paragraphs(self) -> list[tuple[int, str]]:
        """Non-blank lines, stripped, with their 1-based line numbers."""
        return [(n, s.strip()) for n, s in enumerate(self.lines, start=1) if s.strip()]


def fold_spaces(text: str) -> str:
    """Turn no-break, ideographic and typographic spaces into plain spaces.

    >>> fold_spaces("沈\\u00a0昱\\u3000局")
    '沈 昱 局'
    """
    return text.translate(_SPACE_LIKE)


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)``.

    >>> decode("区".encode("gbk"))
    ('区', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "区".encode())
    ('区', 'utf-8-sig')
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise BinaryFile("binary file (NUL bytes, no UTF-16 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise UndecodableFile(f"text is neither UTF-8 nor GB18030 (bad byte at offset {exc.start})") from exc


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableFile(f"invalid {encoding} at byte offset {exc.start}") from exc


def split_lines(text: str) -> tuple[str, ...]:
    """Split on CRLF, CR or LF only (not on the other separators ``str.splitlines`` knows).

    >>> split_lines("a\\r\\nb\\rc\\n")
    ('a', 'b', 'c')
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    return tuple(text.split("\n"))


def document_from_bytes(data: bytes, path: Path) -> Document:
    """Build a :class:`Document` from raw bytes; raise a ``RejectedFile`` subclass when unusable."""
    if len(data) > MAX_BYTES:
        raise FileTooLarge(f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit for one report")
    if not data.strip():
        raise EmptyFile("empty file")
    text, encoding = decode(data)
    if _looks_binary(text):
        raise BinaryFile("binary file (control characters in the decoded text)")
    lines = tuple(fold_spaces(line).rstrip() for line in split_lines(text))
    if not any(lines):
        raise EmptyFile("file holds only whitespace")
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=lines,
        size=len(data),
        _text="\n".join(lines),
    )


def read_document(path: Path) -> Document:
    """Read and decode ``path``."""
    return document_from_bytes(path.read_bytes(), path)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 200)
