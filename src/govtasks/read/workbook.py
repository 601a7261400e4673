"""Workbooks: .xlsx with openpyxl, .xls with xlrd (being written: issue 18)."""

from __future__ import annotations

from govtasks.errors import CorruptFile
from govtasks.read.containers import OfficeZip
from govtasks.read.extracted import Extracted


def read_xlsx(package: OfficeZip) -> Extracted:
    raise CorruptFile("xlsx reading is not written yet")


def read_xls(data: bytes) -> Extracted:
    raise CorruptFile("xls reading is not written yet")
