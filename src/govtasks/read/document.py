"""Bytes to :class:`Document`: decoded text with provenance and line numbers.

Decoding order (first that fits wins):

1. a byte-order mark: UTF-8, UTF-16 LE/BE;
2. NUL bytes in the first 4 KiB (UTF-8 and GB18030 text never holds one) and no BOM: UTF-16
   LE or BE without a BOM if :func:`decode_utf16_without_bom` finds it (the high byte of
   ASCII characters is NUL, the whole file decodes strictly, and the characters are text, not
   controls or unassigned points); otherwise the file is binary;
3. strict UTF-8;
4. strict Big5 (``big5hkscs``) when its reading is clearly the plausible Chinese text and the
   GB18030 reading garbage (:mod:`govtasks.read.big5`);
5. strict GB18030 (a superset of GBK and GB2312, so pages declared as either decode too).

"Strict" allows one thing: an incomplete character at the very end of the file (a download
cut mid-character) is dropped, and ``Document.cut_bytes`` says how many bytes that was; the
rows before the cut are kept, as for a file cut between characters. An invalid byte anywhere
else rejects the file.

Nothing else is guessed: a file that is none of these is rejected with a reason. Line ends may
be LF, CRLF or a lone CR (:func:`split_lines`), so a re-saved page keeps its line numbers.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from govtasks.clean.controls import expand_control_references, has_controls, strip_controls
from govtasks.clean.folding import fold_script, holds_traditional
from govtasks.clean.radicals import unify_radicals
from govtasks.errors import BinaryFile, EmptyFile, FileTooLarge, UndecodableFile
from govtasks.grid import Grid
from govtasks.models import SourceKind
from govtasks.read.big5 import BIG5, is_big5
from govtasks.read.extracted import Extracted
from govtasks.read.kinds import reject_other_kinds
from govtasks.read.office import read_office
from govtasks.read.page import decode_page, looks_like_html

#: A report page is at most a few hundred KB; anything past this is not one.
MAX_BYTES = 20 * 1024 * 1024

#: Characters the pages use as spaces; they become a plain space.
#: U+00A0 no-break space, U+3000 ideographic space, U+2002..U+200A typographic spaces, U+FEFF stray BOM.
_SPACE_LIKE: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"), " "
)
_SPACE_LIKE[0xFEFF] = None
_SPACE_LIKE[0x200B] = None  # zero-width space
_SPACE_LIKE_CHARS = frozenset(map(chr, _SPACE_LIKE))


@dataclass(frozen=True)
class Document:
    """A decoded source file. ``lines[0]`` is line 1 of the file."""

    path: Path
    sha256: str
    encoding: str
    lines: tuple[str, ...]
    size: int = 0
    #: Bytes of an incomplete last character dropped in decoding: the file was cut mid-character.
    cut_bytes: int = 0
    _text: str = field(default="", repr=False)
    #: A text dump or a saved page: decided here, once, for every stage after reading.
    kind: SourceKind = "text"
    #: Lines (1-based) that had control characters or escape sequences removed (see
    #: :func:`govtasks.clean.controls.strip_controls`; in a page, from ``&#27;`` references too).
    control_lines: frozenset[int] = frozenset()
    #: An office file's tables (a workbook's sheets, a Word document's or a PDF's tables), read
    #: in read/ (see :mod:`govtasks.read.extracted`); empty for text dumps and saved pages.
    tables: tuple[Grid, ...] = ()
    #: Where each line of an office file's text is in the file ("Sheet1!A3", "table 1 row 2",
    #: "page 2 row 5"): ``places[n - 1]`` for line ``n``; empty for text dumps and saved pages.
    places: tuple[str, ...] = ()
    #: What the user should know about how an office file was read (a hidden sheet skipped).
    notes: tuple[str, ...] = ()

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
        return list(self._paragraphs)

    # Every layout's detect asks for the paragraphs and the folded text: made once per document.
    @cached_property
    def _paragraphs(self) -> tuple[tuple[int, str], ...]:
        stripped = ((n, line.strip()) for n, line in enumerate(self.lines, start=1))
        return tuple(pair for pair in stripped if pair[1])

    def folded_paragraphs(self) -> list[tuple[int, str]]:
        """:meth:`paragraphs` with traditional characters folded to simplified: the same line
        numbers and lengths, for layouts that match their words in either script and take the
        printed text from :meth:`paragraphs` by line number."""
        return list(self._folded_paragraphs)

    @cached_property
    def _folded_paragraphs(self) -> tuple[tuple[int, str], ...]:
        if self.folded_text is self._text:
            return self._paragraphs
        return tuple((n, fold_script(text)) for n, text in self._paragraphs)

    def printed_and_folded(self) -> list[tuple[int, str, str]]:
        """Every paragraph as ``(line number, text as printed, text folded)``: :meth:`paragraphs`
        and :meth:`folded_paragraphs` side by side, for layouts that decide on the folded text
        and cut what they keep from the printed text at the same positions."""
        pairs = zip(self._paragraphs, self._folded_paragraphs, strict=True)
        return [(n, text, folded) for (n, text), (_, folded) in pairs]

    @cached_property
    def chars(self) -> frozenset[str]:
        """Every distinct character of :attr:`text`: one scan of the text answers "does it hold
        any of these characters?" for folding and for the script decision alike."""
        return frozenset(self._text)

    @cached_property
    def folded_text(self) -> str:
        """:attr:`text` with traditional characters folded to simplified (see
        :func:`govtasks.clean.folding.fold_script`), for matching layout words in either script."""
        return fold_script(self._text) if holds_traditional(self.chars) else self._text


def fold_spaces(text: str) -> str:
    """Turn no-break, ideographic and typographic spaces into plain spaces.

    >>> fold_spaces("沈\\u00a0昱\\u3000局")
    '沈 昱 局'
    """
    # Two regex passes run at C speed; str.translate with a dict costs ~50 ns a character and
    # a set test of the characters a tenth of that, and most texts hold no such space anyway.
    if _SPACE_LIKE_ANY.search(text) is None:
        return text
    return _SPACE_LIKE_GONE.sub("", _SPACE_LIKE_TO_SPACE.sub(" ", text))


#: The characters of ``_SPACE_LIKE`` (tests/test_reading.py checks the three agree with it).
_SPACE_LIKE_ANY = re.compile("[\u00a0\u3000\u2002-\u200b\ufeff]")
_SPACE_LIKE_TO_SPACE = re.compile("[\u00a0\u3000\u2002-\u200a]")
_SPACE_LIKE_GONE = re.compile("[\ufeff\u200b]")


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` (see the module docstring for the order).

    >>> decode("区".encode("gbk"))
    ('区', 'gb18030')
    >>> decode(codecs.BOM_UTF8 + "区".encode())
    ('区', 'utf-8-sig')
    >>> decode("1. 区\\n".encode("utf-16-le"))
    ('1. 区\\n', 'utf-16-le')
    >>> decode("1. 区".encode()[:-1])  # cut inside 区: the incomplete character is dropped
    ('1. ', 'utf-8')
    """
    decoded = _decode(data)
    return decoded.text, decoded.encoding


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str
    cut: int  # bytes of an incomplete last character, dropped


def _decode(data: bytes) -> _Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name="utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data[:SNIFF_BYTES]:
        # UTF-8 and GB18030 text never holds a NUL byte; UTF-16 holds one in every ASCII character.
        found = _utf16_without_bom(data)
        if found is None:
            raise BinaryFile("binary file (NUL bytes, and not UTF-16 text)")
        return found
    try:
        return _complete(data, "utf-8")
    except UnicodeDecodeError:
        pass
    if is_big5(data):
        try:
            return _complete(data, BIG5)
        except UnicodeDecodeError:
            pass  # Big5 in its start only: GB18030 decides
    try:
        return _complete(data, "gb18030")
    except UnicodeDecodeError as exc:
        raise UndecodableFile(f"text is neither UTF-8 nor GB18030 (bad byte at offset {exc.start})") from exc


def _complete(data: bytes, encoding: str, name: str | None = None) -> _Decoded:
    """Strictly decode ``data``, except that an incomplete character at the very end is dropped:
    a page cut off mid-character (an interrupted download) keeps the text before the cut, as a
    page cut between characters does. An invalid byte anywhere raises ``UnicodeDecodeError``."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    text = decoder.decode(data, final=False)  # leaves an incomplete last character pending
    pending: bytes = decoder.getstate()[0]
    if pending and not _could_continue(pending, encoding):
        # The decoder holds back bytes that no character starts with (e.g. GB18030 b"\xed\xb6"
        # read as UTF-8): not a cut character, an invalid byte.
        raise UnicodeDecodeError(encoding, data, len(data) - len(pending), len(data), "invalid end of text")
    return _Decoded(text, name or encoding, len(pending))


#: Bytes to try after a held-back tail: continuation bytes of UTF-8, the second/third/fourth
#: bytes of GB18030, anything for UTF-16 (0xDC: the high byte of a low surrogate, for a file
#: cut inside a surrogate pair).
_COMPLETIONS = (0x30, 0x39, 0x40, 0x80, 0x81, 0x9F, 0xA1, 0xBF, 0xDC, 0xFE)


def _could_continue(pending: bytes, encoding: str) -> bool:
    """Whether ``pending`` is the start of some character of ``encoding``.

    >>> _could_continue("区".encode()[:2], "utf-8"), _could_continue(b"\\xed\\xb6", "utf-8")
    (True, False)
    >>> _could_continue("区".encode("gb18030")[:1], "gb18030")
    True
    """
    for length in (1, 2, 3):
        for tail in itertools.product(_COMPLETIONS, repeat=length):
            try:
                (pending + bytes(tail)).decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
    return False


def _strict(data: bytes, encoding: str, name: str | None = None) -> _Decoded:
    try:
        return _complete(data, encoding, name)
    except UnicodeDecodeError as exc:
        raise UndecodableFile(f"invalid {encoding} at byte offset {exc.start}") from exc


#: How much of a file the UTF-16 sniffer looks at, in bytes (and the NUL test of :func:`decode`).
SNIFF_BYTES = 4096
#: Unicode categories no report text holds: controls, surrogates, private use, unassigned.
_NOT_TEXT = frozenset({"Cc", "Cs", "Co", "Cn"})


def decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(text, "utf-16-le")`` or ``(text, "utf-16-be")`` when ``data`` is UTF-16 text without
    a byte-order mark; None when it is not (then it is binary: it holds NUL bytes).

    Every ASCII character (line end, space, digit, "|") of UTF-16 text has a NUL high byte: at
    odd offsets in LE, even offsets in BE. The rule:

    - each byte order is a candidate if its high-byte side holds at least one NUL per 100 code
      units of the first ``SNIFF_BYTES`` bytes; the side with more NULs is tried first (the
      other side gets a few from CJK code points ending in 00, e.g. 一 U+4E00);
    - a candidate wins if the whole of ``data`` decodes strictly in that byte order (a lone
      surrogate fails; only an incomplete last code unit or surrogate pair, a file cut
      mid-character, is dropped), gives at least one character, and at most one in 200 of
      the first decoded characters is a control (other than tabs, line ends, form feed), a
      surrogate, private-use or unassigned. Binary data read as UTF-16 is full of those: NUL
      pairs give U+0000, small numbers give C0/C1 controls, random pairs give surrogates,
      private-use and unassigned points.

    >>> decode_utf16_without_bom("第一项 | 已完成\\r\\n".encode("utf-16-le"))
    ('第一项 | 已完成\\r\\n', 'utf-16-le')
    >>> decode_utf16_without_bom("第一项 | 已完成\\r\\n".encode("utf-16-be"))
    ('第一项 | 已完成\\r\\n', 'utf-16-be')
    >>> decode_utf16_without_bom(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR") is None
    True
    """
    found = _utf16_without_bom(data)
    return None if found is None else (found.text, found.encoding)


def _utf16_without_bom(data: bytes) -> _Decoded | None:
    head = data[:SNIFF_BYTES]
    units = len(head) // 2
    # (NULs in the high byte, byte order): LE puts the high byte second, at odd offsets.
    candidates = sorted(
        [(head[1::2].count(0), "utf-16-le"), (head[0::2].count(0), "utf-16-be")], reverse=True
    )
    for nuls, encoding in candidates:
        if nuls < max(1, units // 100):
            continue
        try:
            decoded = _complete(data, encoding)
        except UnicodeDecodeError:
            continue
        sample = decoded.text[:units]
        odd = sum(1 for ch in sample if ch not in "\t\n\r\f\v" and unicodedata.category(ch) in _NOT_TEXT)
        if sample and odd <= len(sample) // 200:
            return decoded
    return None


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
    check_size(len(data))
    if not data.strip():
        raise EmptyFile("empty file")
    office = read_office(data)
    if office is not None:
        kind, file_type, extracted = office
        return _office_document(data, path, kind, file_type, extracted)
    reject_other_kinds(data)
    decoded = _decode(data)
    if _looks_binary(decoded.text):
        raise BinaryFile("binary file (control characters in the decoded text)")
    if _mostly_controls(decoded.text):
        raise BinaryFile("binary file (more control characters, such as NUL bytes, than text)")
    lines, control_lines = _text_lines(decoded.text)
    if control_lines and not any(lines):
        raise BinaryFile("binary file (only control characters and terminal escape sequences)")
    if not any(lines):
        raise EmptyFile("file holds only whitespace")
    doc = Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
        lines=lines,
        size=len(data),
        cut_bytes=decoded.cut,
        _text="\n".join(lines),
        control_lines=control_lines,
    )
    return _as_page(doc, data) if looks_like_html(doc.text) else doc


def _office_document(data: bytes, path: Path, kind: SourceKind, file_type: str, read: Extracted) -> Document:
    """The :class:`Document` of an office file: its text lines (space-like characters folded,
    control characters removed) with their places in the file, and its tables."""
    if not read.tables and not any(read.lines):
        raise EmptyFile(f"the {file_type} file holds no text")
    lines, control_lines = _text_lines("\n".join(line.replace("\r", " ") for line in read.lines))
    tables = tuple(
        Grid(
            tuple(tuple(dataclasses.replace(c, text=_cell_text(c.text)) for c in row) for row in grid.rows),
            grid.cut_at_end,
        )
        for grid in read.tables
    )
    return Document(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=file_type,
        lines=lines,
        size=len(data),
        _text="\n".join(lines),
        kind=kind,
        control_lines=control_lines,
        tables=tables,
        places=read.places,
        notes=read.notes,
    )


def _cell_text(text: str) -> str:
    """A cell's text as a page's cell reads: space-like characters folded, control characters
    removed, each paragraph's end spaces stripped.

    >>> _cell_text("甲\\u3000乙 \\r\\n丙\\x07")
    '甲 乙\\n丙'
    """
    lines, _ = _text_lines(text)
    return "\n".join(lines).strip("\n")


def _as_page(doc: Document, data: bytes) -> Document:
    """A saved page, decoded the way the page says (its ``<meta charset>``), not only by sniffing."""
    text, encoding = decode_page(data)
    control_lines: frozenset[int] = frozenset()
    if encoding == doc.encoding and not doc.cut_bytes:
        # The same strict codec on the same bytes: the text, and so the lines, are the ones
        # already built (splitting and folding them again cost as much as the decoding).
        expanded = expand_control_references(doc.text)
        if expanded == doc.text:
            return dataclasses.replace(doc, kind="page")
        text, control_lines = expanded, doc.control_lines
    else:
        text = expand_control_references(text)
    lines, found = _text_lines(text)
    return dataclasses.replace(
        doc,
        encoding=encoding,
        lines=lines,
        _text="\n".join(lines),
        kind="page",
        control_lines=control_lines | found,
    )


def _text_lines(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """The lines of ``text`` (space-like characters folded, line ends stripped), without
    escape sequences and control characters, and the numbers of the lines that had some."""
    # Folding the whole text at once: no space-like character is a line break; a radical
    # character is one character wide as its ideograph is.
    lines = tuple(line.rstrip() for line in split_lines(unify_radicals(fold_spaces(text))))
    if not has_controls(text):
        return lines, frozenset()
    found = frozenset(n for n, line in enumerate(lines, start=1) if has_controls(line))
    cleaned = tuple(
        strip_controls(line).rstrip() if n in found else line for n, line in enumerate(lines, start=1)
    )
    return cleaned, found


def check_size(size: int) -> None:
    """Raise :class:`FileTooLarge` for a file of ``size`` bytes over :data:`MAX_BYTES`: asked
    of a file's size before it is read, and of its bytes."""
    if size > MAX_BYTES:
        raise FileTooLarge(f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one report")


def read_bytes(path: Path) -> bytes:
    """A source's bytes; raises :class:`FileTooLarge` from its size, without reading it, when
    it is over :data:`MAX_BYTES` (a 3 GiB file was read whole before being refused)."""
    check_size(path.stat().st_size)
    return path.read_bytes()


def read_document(path: Path) -> Document:
    """Read and decode ``path``."""
    return document_from_bytes(read_bytes(path), path)


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


def _mostly_controls(text: str) -> bool:
    """Whether the whole of ``text`` holds more control characters than other non-space
    characters: a file of NUL bytes after a text start (a preallocated download never filled),
    which :func:`_looks_binary`'s sample of the start does not see. A few control characters
    past the start are removed from the rows instead (run.per_file.without_controls)."""
    if _CONTROL.search(text, 8192) is None:
        return False
    controls = len(text) - len(_CONTROL.sub("", text))
    return controls > len(text) - controls - sum(map(text.count, " \t\n\r\f\v"))


#: Control characters other than \t \n \v \f \r (U+0009-U+000D).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
