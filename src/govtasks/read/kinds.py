"""Files of a kind govtasks does not read, told by their first bytes ("magic numbers").

govtasks reads text dumps (.txt), saved web pages (.html), workbooks (.xlsx, .xls), Word
documents (.docx) and PDFs with a text layer; the office files among them are told from their
bytes before this module is asked (read/office.py: PDFs, OLE files, Office zips, with their own
rejections for what they cannot read). What is left here: an image or an archive dropped into
the raw folder is rejected as ``binary-file`` with a reason that names what it is and a hint
saying what to do instead, rather than as a bare "binary file"; an RTF document (text, but
markup) as ``old-office-format``, to be saved as .docx. The signatures are those of file(1)'s
magic database, each checked at offset 0 only. Most hold a control character or a NUL at a
fixed place, which no text dump or saved page starts with; the two that are plain ASCII
(``GIF87a``/``GIF89a``, ``{\\rtf``) are not how a Chinese report's text begins; "BM" (BMP)
counts only with its four reserved zero bytes, so a text starting "BMW" stays text.
"""

from __future__ import annotations

from govtasks.errors import BinaryFile, OldOfficeFormat

#: What govtasks reads, for the reasons and the hints.
_READS = "govtasks reads .txt, .html, .xlsx, .xls, .docx and .pdf"
_SOURCES = (
    "text dumps (.txt), saved web pages (.html), workbooks (.xlsx, .xls), Word documents (.docx) "
    "and PDFs with a text layer"
)
_NOT_A_REPORT = f"Sources are {_SOURCES}; remove this file from the raw folder."
_ARCHIVE = (
    "Unpack the archive outside the raw folder and put the reports it holds in it; "
    "remove the archive from the raw folder."
)

#: (signature at offset 0, what the file is, the hint).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _NOT_A_REPORT),
    (b"\xff\xd8\xff", "a JPEG image", _NOT_A_REPORT),
    (b"GIF87a", "a GIF image", _NOT_A_REPORT),
    (b"GIF89a", "a GIF image", _NOT_A_REPORT),
    (b"II*\x00", "a TIFF image", _NOT_A_REPORT),
    (b"MM\x00*", "a TIFF image", _NOT_A_REPORT),
    (b"\x1f\x8b", "a gzip archive", _ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", _ARCHIVE),
    (b"Rar!\x1a\x07", "a RAR archive", _ARCHIVE),
    # read/office.py opens every zip first: one reaching here is no Office file.
    (b"PK\x03\x04", "a zip archive", _ARCHIVE),
    (b"PK\x05\x06", "a zip archive", _ARCHIVE),
)

#: An RTF document: text, but Word's markup around it.
_RTF = b"{\\rtf"


def file_kind(data: bytes) -> tuple[str, str] | None:
    """``(what the file is, what to do)`` when ``data`` starts like an image or an archive,
    which govtasks does not read; None for anything else.

    >>> file_kind(b"PK\\x03\\x04\\x14\\x00\\x00\\x00notes.txt")[0]
    'a zip archive'
    >>> file_kind(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")[0]
    'a PNG image'
    >>> file_kind("序号 | 重点工作".encode()) is None, file_kind(b"BMW 2021") is None
    (True, True)
    """
    for signature, kind, hint in _SIGNATURES:
        if data.startswith(signature):
            return kind, hint
    if data.startswith(b"BZh") and data[3:4].isdigit() and data[4:10] == b"1AY&SY":
        return "a bzip2 archive", _ARCHIVE
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image", _NOT_A_REPORT
    # BMP: "BM", the file size, then four reserved zero bytes.
    if data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image", _NOT_A_REPORT
    return None


def reject_other_kinds(data: bytes) -> None:
    """Raise :class:`~govtasks.errors.BinaryFile` naming the kind of ``data`` when it is an image
    or an archive (see :func:`file_kind`), :class:`~govtasks.errors.OldOfficeFormat` when it is
    an RTF document.

    >>> reject_other_kinds(b"GIF89a" + bytes(10))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    govtasks.errors.BinaryFile: a GIF image (a binary file): govtasks reads .txt, .html, .xlsx, ...
    >>> reject_other_kinds(b"{\\\\rtf1\\\\ansi")
    Traceback (most recent call last):
    govtasks.errors.OldOfficeFormat: an RTF document (.rtf): save it as .docx
    """
    if data.startswith(_RTF):
        raise OldOfficeFormat("an RTF document (.rtf): save it as .docx")
    found = file_kind(data)
    if found is not None:
        kind, hint = found
        raise BinaryFile(f"{kind} (a binary file): {_READS}", hint=hint)
