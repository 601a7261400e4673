"""The containers office files come in, opened with care: Office Open XML zips (.xlsx, .xlsm,
.docx, .docm) and OLE compound files (.xls, .doc, .wps, and password-protected Office files of
any kind).

Nothing here trusts the file, and every refusal is one line naming what the file is:

- a zip that does not open, or opens only as another zip packed inside it (a .docx cut after an
  embedded workbook), or whose members fail their CRC or do not unpack: :class:`CorruptFile`;
- a password-protected Office file (Office encrypts the whole package into an OLE file holding
  ``EncryptionInfo`` and ``EncryptedPackage`` streams) or a zip member encrypted by the zip
  itself: :class:`EncryptedFile`;
- a zip bomb: more members, or more unpacked bytes in one member or in all, or a higher
  ratio of unpacked to packed bytes, than any report: :class:`UnsafeFile`. The directory's
  sizes are checked first, and then the real bytes are counted as every member is unpacked
  once, in :func:`check_xml_parts` (a directory may lie);
- XML declaring a DTD or entities (billion laughs, an external entity reading /etc/passwd),
  which Office never writes, or XML in an encoding chosen to hide one (UTF-32, EBCDIC):
  :class:`UnsafeFile`, before any library parses a part;
- PowerPoint and OpenDocument files, old Word and WPS documents: :class:`OldOfficeFormat`.

A macro-enabled workbook or document (.xlsm, .docm) is read, its macros never run nor kept:
see :attr:`OfficeZip.macros`.
"""

from __future__ import annotations

import codecs
import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from govtasks.errors import CorruptFile, EncryptedFile, OldOfficeFormat, UnsafeFile

#: The most members an Office zip may hold: a workbook of many sheets has a few hundred.
MAX_MEMBERS = 2_000
#: The most bytes the members may unpack to, together: a 20 MiB file of text tables is far below.
MAX_UNPACKED = 200 * 1024 * 1024
#: The most bytes one member may unpack to (a worksheet of 100,000 rows is some 30 MiB of XML).
MAX_MEMBER_UNPACKED = 100 * 1024 * 1024
#: The highest ratio of unpacked to packed bytes of one member: XML packs 10-30x; bombs 1000x.
MAX_RATIO = 200
#: Members smaller than this unpacked are not held to the ratio (an empty sheet packs tightly).
_RATIO_FLOOR = 1024 * 1024
#: Bytes unpacked at a time: a member is never held whole to be checked.
_CHUNK = 64 * 1024

#: An OLE compound file's signature (old .doc/.xls/.ppt/.wps, and encrypted Office files).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: What a zip raises for a damaged member: a bad CRC or header (BadZipFile), a deflate, LZMA or
#: bzip2 stream that does not unpack (zlib.error, LZMAError, OSError), data that ends early
#: (EOFError), a compression method it does not know (NotImplementedError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    struct.error,
)

#: The note a reader adds to a macro-enabled file (see :attr:`OfficeZip.macro_note`).
MACRO_NOTES = {
    "xlsx": "macro-enabled workbook: its macros were ignored (never run)",
    "docx": "macro-enabled document: its macros were ignored (never run)",
}


@dataclass(frozen=True)
class OfficeZip:
    """A checked Office Open XML package: which kind it is and the open archive.

    ``macros`` is True for a macro-enabled workbook or document (.xlsm, .xltm, .docm, .dotm):
    one holding a VBA project (``vbaProject.bin``) or Excel 4.0 macro sheets
    (``xl/macrosheets/``), or whose ``[Content_Types].xml`` says its main part is
    ``macroEnabled``. Such a file is read all the same, for its cells and paragraphs only:
    nothing in govtasks runs macros (openpyxl and python-docx never do; openpyxl is opened with
    ``keep_vba=False``, so the VBA project is not even kept), and the reader adds
    :attr:`macro_note` to the file's notes so the user knows they were ignored.
    """

    kind: str  # "xlsx" or "docx"
    archive: zipfile.ZipFile
    data: bytes  # the package's bytes (every part checked), for the library that reads it
    macros: bool = False

    @property
    def macro_note(self) -> str | None:
        """The note on a macro-enabled file, or None.

        >>> OfficeZip("xlsx", zipfile.ZipFile(io.BytesIO(_EMPTY_ZIP)), _EMPTY_ZIP, macros=True).macro_note
        'macro-enabled workbook: its macros were ignored (never run)'
        """
        return MACRO_NOTES[self.kind] if self.macros else None


#: A zip without members (its end-of-directory record alone), for the examples.
_EMPTY_ZIP = b"PK\x05\x06" + bytes(18)


def open_office_zip(data: bytes) -> OfficeZip | None:
    """The Office package ``data`` is, checked (see the module docstring); None when it is a zip
    of another kind (an archive of files, which the caller rejects as such). Raises
    :class:`CorruptFile`, :class:`EncryptedFile`, :class:`UnsafeFile` or :class:`OldOfficeFormat`
    (a PowerPoint or OpenDocument file)."""
    archive = _open_zip(data)
    names = archive.namelist()
    kind = _package_kind(archive, names)
    if kind is None:
        return None
    check_members(archive)
    check_xml_parts(archive)
    return OfficeZip(kind, archive, data, _has_macros(archive, names))


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """``data`` opened as a zip, or :class:`CorruptFile` naming what it seems to be."""
    # zipfile reads the whole directory at once, an object per entry: count the entries first
    # (each must start with this signature, so there are at most as many as signatures).
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise UnsafeFile(f"the zip's directory lists over {MAX_MEMBERS:,} members, more than any office file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, NotImplementedError) as error:
        raise CorruptFile(
            f"{_zip_looks_like(data)} that does not open (cut short or damaged): {_one_line(error)}"
        ) from error
    # zipfile takes the last end-of-directory record it finds: in a .docx cut short after a
    # workbook embedded uncompressed, that is the workbook's, and the cut file would open as
    # the workbook. A package's first member starts the file; the embedded one starts later.
    infos = archive.infolist()
    if infos and min(info.header_offset for info in infos) != 0:
        raise CorruptFile(
            f"{_zip_looks_like(data)} cut short or damaged: the only zip directory in it is that "
            "of a file packed inside it"
        )
    return archive


def _zip_looks_like(data: bytes) -> str:
    """What a zip that may not open seems to be, from the member names of its local headers.

    >>> _zip_looks_like(b"PK\\x03\\x04" + bytes(26) + b"word/document.xml")
    'a Word document (.docx)'
    >>> _zip_looks_like(b"PK\\x03\\x04" + bytes(26) + b"notes.txt")
    'a zip file'
    """
    head = data[: 1024 * 1024]
    for member, kind in (
        (b"word/", "a Word document (.docx)"),
        (b"xl/", "a workbook (.xlsx)"),
        (b"ppt/", "a PowerPoint file (.pptx)"),
    ):
        if member in head:
            return kind
    return "a zip file"


def _package_kind(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    """The package's kind, "docx" or "xlsx", or None for a zip of another kind;
    :class:`OldOfficeFormat` for a PowerPoint or OpenDocument file."""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        raise OldOfficeFormat(
            "a PowerPoint file (.pptx): govtasks reads workbooks, Word documents and PDFs",
            hint=_SLIDES_HINT,
        )
    if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
        mimetype = read_member(archive, "mimetype", 100)
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise OldOfficeFormat(_opendocument(mimetype))
    return None


#: The hint for a presentation: saving it as another kind gives no table.
_SLIDES_HINT = "govtasks does not read slides: find the report as a web page, a Word or Excel file, or a PDF."


def _opendocument(mimetype: bytes) -> str:
    """The reason for an OpenDocument file, from its ``mimetype`` member.

    >>> _opendocument(b"application/vnd.oasis.opendocument.spreadsheet")
    'an OpenDocument spreadsheet (.ods): save it as .xlsx'
    """
    kind = mimetype.rsplit(b".", 1)[-1]
    if kind.startswith(b"spreadsheet"):
        return "an OpenDocument spreadsheet (.ods): save it as .xlsx"
    if kind.startswith(b"text"):
        return "an OpenDocument text (.odt): save it as .docx"
    if kind.startswith(b"presentation"):
        return "an OpenDocument presentation (.odp): govtasks does not read slides"
    return "an OpenDocument file (.odt, .ods): save it as .docx or .xlsx"


def _has_macros(archive: zipfile.ZipFile, names: list[str]) -> bool:
    """Whether the package is macro-enabled (see :attr:`OfficeZip.macros`)."""
    lowered = [name.lower() for name in names]
    if any(n.endswith("vbaproject.bin") or n.startswith("xl/macrosheets/") for n in lowered):
        return True
    if "[Content_Types].xml" not in names:
        return False
    return b"macroEnabled" in read_member(archive, "[Content_Types].xml", MAX_MEMBER_UNPACKED)


def check_members(archive: zipfile.ZipFile) -> None:
    """Refuse an archive with encrypted members, too many members, or more unpacked bytes than
    the limits, as its directory says (:func:`check_xml_parts` counts the real bytes)."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise UnsafeFile(f"the zip holds {len(infos):,} members, over the {MAX_MEMBERS:,} of any office file")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFile(f"the zip member {info.filename} is encrypted with a password")
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNPACKED:
            raise UnsafeFile(
                f"zip bomb: the zip's directory says {info.filename} unpacks to {info.file_size:,} bytes, "
                f"over the {MAX_MEMBER_UNPACKED:,}-byte limit"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFile(
                f"zip bomb: the zip's directory says {info.filename} unpacks to {info.file_size:,} bytes "
                f"from {info.compress_size:,}"
            )
    if total > MAX_UNPACKED:
        raise UnsafeFile(
            f"zip bomb: the zip's directory says its members unpack to {total:,} bytes, "
            f"over the {MAX_UNPACKED:,}-byte limit"
        )


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER_UNPACKED) -> bytes:
    """The unpacked bytes of member ``name``, read safely: unpacked a chunk at a time and counted
    (not taken from the directory, which may lie), :class:`UnsafeFile` past ``limit`` bytes or
    past :data:`MAX_RATIO` times its packed size; :class:`CorruptFile` when the member is
    missing, fails its CRC, is cut short or does not unpack; :class:`EncryptedFile` when the
    zip encrypted it.

    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as made:
    ...     made.writestr("xl/sharedStrings.xml", "<sst/>" * 100)
    >>> read_member(zipfile.ZipFile(buffer), "xl/sharedStrings.xml")[:12]
    b'<sst/><sst/>'
    >>> read_member(zipfile.ZipFile(buffer), "xl/sharedStrings.xml", limit=100)
    Traceback (most recent call last):
    govtasks.errors.UnsafeFile: zip bomb: xl/sharedStrings.xml unpacks to over 100 bytes
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise CorruptFile(f"the zip has no member {name}, which this kind of file needs") from None
    return b"".join(_unpacked(archive, info, limit))


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """The unpacked bytes of ``info``, a chunk at a time, checked as :func:`read_member` says."""
    if info.flag_bits & 0x1:
        raise EncryptedFile(f"the zip member {info.filename} is encrypted with a password")
    try:
        member = archive.open(info)
    except _ZIP_ERRORS as error:
        raise CorruptFile(f"the zip member {info.filename} is damaged: {_one_line(error)}") from error
    size = 0
    with member:
        try:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UnsafeFile(f"zip bomb: {info.filename} unpacks to over {limit:,} bytes")
                if size > _RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
                    raise UnsafeFile(
                        f"zip bomb: {info.filename} unpacks to over {size:,} bytes "
                        f"from {info.compress_size:,}"
                    )
                yield chunk
        except _ZIP_ERRORS as error:
            # zipfile unpacks no more than the directory says and then checks the CRC (the only
            # BadZipFile of a read): a member whose packed stream goes on past that is a bomb
            # whose directory lies.
            if isinstance(error, zipfile.BadZipFile) and _unpacks_on(member):
                raise UnsafeFile(
                    f"zip bomb: {info.filename} unpacks to more than the {info.file_size:,} bytes "
                    "its zip directory says"
                ) from error
            raise CorruptFile(f"the zip member {info.filename} is damaged: {_one_line(error)}") from error


def _unpacks_on(member: object) -> bool:
    """Whether the packed stream of ``member`` had not ended where zipfile stopped unpacking it
    (zipfile keeps its decompressor private: when it is not there, the answer is no)."""
    decompressor = getattr(member, "_decompressor", None)
    return getattr(decompressor, "eof", True) is False


def _one_line(error: BaseException) -> str:
    """An error's message on one line.

    >>> _one_line(zlib.error("Error -3 while decompressing data:\\ninvalid distance"))
    'Error -3 while decompressing data: invalid distance'
    """
    return " ".join(str(error).split()) or type(error).__name__


#: Markup that only a DTD holds, in each encoding Office XML may be in (UTF-8, and UTF-16 of
#: either byte order), searched for as bytes: a DTD is how entity tricks (billion laughs,
#: external entities) get into XML, and Office never writes one.
_DTD_MARKUP = tuple(
    text.encode(encoding)
    for text in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_ENTITY_MARKUP = tuple(m for m in _DTD_MARKUP if m.replace(b"\x00", b"") == b"<!ENTITY")
_LONGEST = max(map(len, _DTD_MARKUP))

#: The first bytes of XML in UTF-32 or EBCDIC (the XML specification's appendix F): libxml2
#: (lxml, under python-docx) reads those, and a DTD in them hides from a search in UTF-8 and
#: UTF-16. Office writes UTF-8 or UTF-16 only.
_HIDING_ENCODINGS = (
    b"\x00\x00\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\x00<",
    b"<\x00\x00\x00",
    b"\x4c\x6f\xa7\x94",
)
#: Encodings an XML declaration may name (after codecs.lookup): UTF-8 and UTF-16, and ASCII
#: supersets in which markup is the ASCII bytes the search looks for.
_DECLARABLE = frozenset(
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "iso8859-1", "cp1252", "gbk", "gb2312", "gb18030"}
)
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']{1,40})["']""")


def check_xml_parts(archive: zipfile.ZipFile) -> None:
    """Refuse a package whose XML declares a DTD or entities, as :class:`UnsafeFile`.

    Every member is unpacked once, through the safe reader of :func:`read_member`, before any
    library opens the package: so the real unpacked bytes, not the directory's claims, are
    held to :data:`MAX_UNPACKED` in total, and every member's CRC is checked. The XML among
    them is searched for ``<!DOCTYPE`` and ``<!ENTITY`` (in UTF-8 and UTF-16): the parts named
    .xml, .rels or .vml, and any other part that starts like XML, since a relationship may point
    a reader at a part of any name. An SVG image may hold a DTD (Illustrator writes one): no
    reader parses images, and an entity in one is refused all the same.

    Why not only defusedxml: openpyxl parses worksheets with it when it is installed (and
    govtasks depends on it for that), but python-docx parses with lxml (entities unresolved,
    yet its DTD still read), and a refusal here names the file and the part in one line,
    before anything is parsed, whichever library would have read it.
    """
    total = 0
    for info in archive.infolist():  # folders too: a name cut at a NUL may look like one
        name = info.filename.lower()
        named_xml = name.endswith((".xml", ".rels", ".vml"))
        markup: tuple[bytes, ...] | None = None
        tail = b""
        for chunk in _unpacked(archive, info, MAX_MEMBER_UNPACKED):
            total += len(chunk)
            if total > MAX_UNPACKED:
                raise UnsafeFile(f"zip bomb: the members unpack to over {MAX_UNPACKED:,} bytes")
            if markup is None:  # the first chunk
                xml = _check_encoding(chunk, info.filename) or named_xml
                markup = (_ENTITY_MARKUP if name.endswith(".svg") else _DTD_MARKUP) if xml else ()
            if markup:
                window = tail + chunk
                if any(m in window for m in markup):
                    raise UnsafeFile(
                        f"XML with a DTD or entity declarations in {info.filename}: "
                        "Office files never hold one"
                    )
                tail = window[-_LONGEST:]


def _check_encoding(head: bytes, name: str) -> bool:
    """Whether a part starting with ``head`` is XML; :class:`UnsafeFile` for XML in an encoding
    that would hide a DTD from the search (see :data:`_HIDING_ENCODINGS`, :data:`_DECLARABLE`).

    >>> _check_encoding(b'<?xml version="1.0" encoding="UTF-8"?><sst/>', "x.xml")
    True
    >>> _check_encoding("<?xml version='1.0'?><w/>".encode("utf-16"), "x.xml")
    True
    >>> _check_encoding(b"\\x89PNG\\r\\n\\x1a\\n", "image1.png")
    False
    >>> _check_encoding(b'<?xml version="1.0" encoding="UTF-7"?>', "x.xml")
    Traceback (most recent call last):
    govtasks.errors.UnsafeFile: XML in x.xml declares the encoding UTF-7, which Office never writes
    """
    if head.startswith(_HIDING_ENCODINGS):
        raise UnsafeFile(f"XML in {name} is in UTF-32 or EBCDIC, which Office never writes")
    text: bytes
    bom = head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if bom or head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        # UTF-16: its declaration, in ASCII for the pattern (a cut last character is dropped).
        encoding = "utf-16" if bom else "utf-16-le" if head[:1] == b"<" else "utf-16-be"
        text = head[:512].decode(encoding, "ignore").lstrip("\ufeff").encode("ascii", "replace")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
        if not text.startswith(b"<"):
            return False
    declared = _DECLARED.match(text)
    if declared is not None:
        encoding_name = declared.group(1).decode("ascii", "replace")
        try:
            known = codecs.lookup(encoding_name).name
        except LookupError:
            known = ""
        if known not in _DECLARABLE:
            raise UnsafeFile(
                f"XML in {name} declares the encoding {encoding_name}, which Office never writes"
            )
    return True


def ole_kind(data: bytes) -> str:
    """What an OLE compound file holds: "xls" (a workbook, which govtasks reads); raises
    :class:`EncryptedFile` for a password-protected Office file, :class:`OldOfficeFormat` for
    an old Word, WPS or PowerPoint document, :class:`CorruptFile` when it does not open."""
    import olefile  # only for OLE files

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entries = ole.listdir(streams=True, storages=False)
    except _OLE_ERRORS as error:
        raise CorruptFile(f"an old Office file (OLE) that does not open: {_one_line(error)}") from error
    streams = {"/".join(entry).lower() for entry in entries}
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise EncryptedFile("a password-protected Office file (its contents are encrypted)")
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        raise OldOfficeFormat("an old binary Word or WPS document (.doc, .wps): save it as .docx")
    if "powerpoint document" in streams:
        raise OldOfficeFormat(
            "an old PowerPoint file (.ppt): govtasks does not read slides", hint=_SLIDES_HINT
        )
    if not streams:
        raise CorruptFile("an old Office file (OLE) without any stream: it is damaged")
    raise OldOfficeFormat("an old binary office file (OLE) that is no workbook: save it as .docx or .xlsx")


#: What olefile raises on a damaged file: OleFileError (an OSError) for most, and the errors of
#: parsing bytes that do not add up (an index or a sector number out of range, a short read).
_OLE_ERRORS = (OSError, ValueError, IndexError, KeyError, TypeError, EOFError, struct.error, RecursionError)
