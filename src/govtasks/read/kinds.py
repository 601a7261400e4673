"""Files of a kind govtasks does not read, told by their first bytes ("magic numbers").

A PDF, a Word or Excel file, an image or an archive dropped into the raw folder is rejected
as ``binary-file`` with a reason that names what it is and a hint saying what to do instead,
rather than as "no task table" (a PDF whose first page decodes as text) or a bare "binary
file". The signatures are those of file(1)'s magic database, each checked at offset 0 only.
Most hold a control character or a NUL at a fixed place, which no text dump or saved page
starts with; the three that are plain ASCII (``%PDF-``, ``GIF87a``/``GIF89a``, ``{\\rtf``)
are not how a Chinese report's text begins; "BM" (BMP) counts only with its four reserved
zero bytes, so a text starting "BMW" stays text.
"""

from __future__ import annotations

from govtasks.errors import BinaryFile

#: What to do with a document that is not a text dump or a saved page.
_SAVE_AS_TEXT = (
    "govtasks reads text dumps (.txt) and saved web pages (.html): save the report's page as .html, "
    "or copy the table's text into a .txt file, and remove this file from the raw folder."
)
_NOT_A_REPORT = (
    "Only text dumps (.txt) and saved web pages (.html) are sources; remove this file from the raw folder."
)
_ARCHIVE = (
    "Unpack the archive outside the raw folder and put its text dumps or saved pages in it; "
    "remove the archive from the raw folder."
)

#: (signature at offset 0, what the file is, the hint).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "a PDF file", _SAVE_AS_TEXT),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls or .ppt)", _SAVE_AS_TEXT),
    (b"{\\rtf", "an RTF document", _SAVE_AS_TEXT),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _NOT_A_REPORT),
    (b"\xff\xd8\xff", "a JPEG image", _NOT_A_REPORT),
    (b"GIF87a", "a GIF image", _NOT_A_REPORT),
    (b"GIF89a", "a GIF image", _NOT_A_REPORT),
    (b"II*\x00", "a TIFF image", _NOT_A_REPORT),
    (b"MM\x00*", "a TIFF image", _NOT_A_REPORT),
    (b"\x1f\x8b", "a gzip archive", _ARCHIVE),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive", _ARCHIVE),
    (b"Rar!\x1a\x07", "a RAR archive", _ARCHIVE),
)

#: Zip members that tell an Office Open XML or OpenDocument file from any other zip archive.
_ZIP_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel workbook (.xlsx)"),
    (b"ppt/", "a PowerPoint file (.pptx)"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file (.odt, .ods)"),
)


def file_kind(data: bytes) -> tuple[str, str] | None:
    """``(what the file is, what to do)`` when ``data`` starts like a file govtasks does not
    read (a PDF, an Office file, an image, an archive); None for anything else.

    >>> file_kind(b"%PDF-1.7\\n%...")[0]
    'a PDF file'
    >>> file_kind(b"PK\\x03\\x04\\x14\\x00\\x06\\x00[Content_Types].xml...PK\\x03\\x04word/document.xml")[0]
    'a Word document (.docx)'
    >>> file_kind(b"PK\\x03\\x04\\x14\\x00\\x00\\x00notes.txt")[0]
    'a zip archive'
    >>> file_kind("序号 | 重点工作".encode()) is None, file_kind(b"BMW 2021") is None
    (True, True)
    """
    for signature, kind, hint in _SIGNATURES:
        if data.startswith(signature):
            return kind, hint
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        for member, kind in _ZIP_KINDS:
            if member in data:
                return kind, _SAVE_AS_TEXT
        return "a zip archive", _ARCHIVE
    if data.startswith(b"BZh") and data[3:4].isdigit() and data[4:10] == b"1AY&SY":
        return "a bzip2 archive", _ARCHIVE
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image", _NOT_A_REPORT
    # BMP: "BM", the file size, then four reserved zero bytes.
    if data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image", _NOT_A_REPORT
    return None


def reject_other_kinds(data: bytes) -> None:
    """Raise :class:`~govtasks.errors.BinaryFile` naming the kind of ``data`` when it is a file
    govtasks does not read (see :func:`file_kind`)."""
    found = file_kind(data)
    if found is not None:
        kind, hint = found
        raise BinaryFile(f"{kind} (a binary file): govtasks reads text dumps and saved web pages", hint=hint)
