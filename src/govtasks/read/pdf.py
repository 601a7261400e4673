"""PDFs with a text layer: their tables, with pdfplumber (being written: issue 18)."""

from __future__ import annotations

from govtasks.errors import CorruptFile
from govtasks.read.extracted import Extracted


def read_pdf(data: bytes) -> Extracted:
    """The paragraphs and tables of a PDF (see :mod:`govtasks.read.extracted`)."""
    raise CorruptFile("PDF reading is not written yet")
