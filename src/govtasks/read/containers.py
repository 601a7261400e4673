"""The containers office files come in, opened with care: Office Open XML zips (.xlsx, .docx)
and OLE compound files (.xls, .doc, .wps, and password-protected Office files of any kind).

Nothing here trusts the file: a zip's directory is checked before anything is unpacked (a
broken or cut-off zip, an encrypted member, more members or unpacked bytes than any report
holds), and each XML part is checked for a DTD (Office XML never declares one; entity tricks
need one) before a reader parses it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from govtasks.errors import CorruptFile, EncryptedFile, OldOfficeFormat, UnsafeFile

#: The most members an Office zip may hold: a workbook of many sheets has a few hundred.
MAX_MEMBERS = 2_000
#: The most bytes its members may unpack to, together: a 20 MiB file of text tables is far below.
MAX_UNPACKED = 200 * 1024 * 1024
#: The highest ratio of unpacked to packed bytes of one member: XML packs 10-30x; bombs 1000x.
MAX_RATIO = 200
#: Members smaller than this unpacked are not held to the ratio (an empty sheet packs tightly).
_RATIO_FLOOR = 1024 * 1024

#: An OLE compound file's signature (old .doc/.xls/.ppt/.wps, and encrypted Office files).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class OfficeZip:
    """A checked Office Open XML package: which kind it is and the open archive."""

    kind: str  # "xlsx" or "docx"
    archive: zipfile.ZipFile
    data: bytes  # the package's bytes, for the library that reads it
    macros: bool = False  # a macro-enabled workbook or document (.xlsm, .docm): macros are never run


def open_office_zip(data: bytes) -> OfficeZip | None:
    """The Office package ``data`` is, checked (see the module docstring); None when it is a zip
    of another kind (an archive of files, which the caller rejects as such). Raises
    :class:`CorruptFile`, :class:`EncryptedFile`, :class:`UnsafeFile` or :class:`OldOfficeFormat`
    (a PowerPoint or OpenDocument file)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise CorruptFile(
            f"the file starts like a zip (an Office file) but does not open: {error}"
        ) from error
    names = set(archive.namelist())
    if "word/document.xml" in names:
        kind = "docx"
    elif "xl/workbook.xml" in names:
        kind = "xlsx"
    elif any(n.startswith("ppt/") for n in names):
        raise OldOfficeFormat("a PowerPoint file (.pptx): govtasks reads tables from workbooks, Word and PDF")
    elif "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
        raise OldOfficeFormat("an OpenDocument file (.odt, .ods): govtasks reads .docx and .xlsx")
    else:
        return None
    check_members(archive)
    macros = any(n.lower().endswith("vbaproject.bin") for n in names)
    return OfficeZip(kind, archive, data, macros)


def check_members(archive: zipfile.ZipFile) -> None:
    """Refuse an archive with encrypted members, too many members, or more unpacked bytes than
    :data:`MAX_UNPACKED` (from the directory; the readers' own reads are capped as well)."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile(f"the zip holds {len(infos):,} members, over the {MAX_MEMBERS:,} of any office file")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFile(f"the zip member {info.filename} is encrypted")
        total += info.file_size
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFile(
                f"zip bomb: {info.filename} unpacks {info.file_size:,} bytes from {info.compress_size:,}"
            )
    if total > MAX_UNPACKED:
        raise UnsafeFile(
            f"zip bomb: the members unpack to {total:,} bytes, over the {MAX_UNPACKED:,}-byte limit"
        )


def ole_kind(data: bytes) -> str:
    """What an OLE compound file holds: "xls" (a workbook, which govtasks reads); raises
    :class:`EncryptedFile` for a password-protected Office file, :class:`OldOfficeFormat` for
    an old Word, WPS or PowerPoint document, :class:`CorruptFile` when it does not open."""
    import olefile  # only for OLE files

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, EOFError) as error:
        raise CorruptFile(f"an old Office file (OLE) that does not open: {error}") from error
    with ole:
        streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise EncryptedFile("a password-protected Office file (its contents are encrypted)")
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        raise OldOfficeFormat("an old binary Word or WPS document (.doc, .wps): save it as .docx")
    if "powerpoint document" in streams:
        raise OldOfficeFormat("an old PowerPoint file (.ppt)")
    raise OldOfficeFormat("an old binary office file (OLE) that is no workbook: save it as .docx or .xlsx")
