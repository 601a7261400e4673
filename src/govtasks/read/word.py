"""Word documents (.docx) with python-docx (being written: issue 18)."""

from __future__ import annotations

from govtasks.errors import CorruptFile
from govtasks.read.containers import OfficeZip
from govtasks.read.extracted import Extracted


def read_docx(package: OfficeZip) -> Extracted:
    raise CorruptFile("docx reading is not written yet")
