"""Office attachments: which office file the bytes are, and its reader.

Told from the bytes, never the name: ``%PDF-`` is a PDF; an OLE compound file is an old
workbook (.xls, read) or an old Word/WPS/PowerPoint file or a password-protected Office file
(rejected, see :func:`govtasks.read.containers.ole_kind`); a zip holding ``xl/workbook.xml``
is a workbook (.xlsx, .xlsm), one holding ``word/document.xml`` a Word document (.docx). Each
reader is imported only when a file of its kind arrives, so text runs never load them.
"""

from __future__ import annotations

from govtasks.models import SourceKind
from govtasks.read.containers import OLE_SIGNATURE, ole_kind, open_office_zip
from govtasks.read.extracted import Extracted

#: How far into a file a PDF's header may sit (the PDF reference allows junk before it).
_PDF_HEADER_WITHIN = 1024


def read_office(data: bytes) -> tuple[SourceKind, str, Extracted] | None:
    """``(kind, file type, what was read)`` for an office file govtasks reads ("xlsx", "xls",
    "docx", "pdf"); None for bytes that are no office file (text, a page, an image …). Raises a
    ``RejectedFile`` for an office file it cannot or will not read."""
    if b"%PDF-" in data[:_PDF_HEADER_WITHIN]:
        from govtasks.read.pdf import read_pdf

        return "pdf", "pdf", read_pdf(data)
    if data.startswith(OLE_SIGNATURE):
        ole_kind(data)  # raises for anything but a workbook
        from govtasks.read.workbook import read_xls

        return "workbook", "xls", read_xls(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        package = open_office_zip(data)
        if package is None:
            return None
        if package.kind == "xlsx":
            from govtasks.read.workbook import read_xlsx

            return "workbook", "xlsx", read_xlsx(package)
        from govtasks.read.word import read_docx

        return "word", "docx", read_docx(package)
    return None
