"""Same document, same rows (issue 18): the five samples as office attachments (.xlsx, .xls,
.docx, .pdf; ``tests/fixtures/office_samples/``, made by benchmarks/office.py, the .xls and .pdf
by LibreOffice from the .xlsx and .docx) give the text dumps' rows, field for field, and their
facts, through the generic reader (never the sample's layout module).

An attachment carries no page around it: no 索引号, publisher or date, which the text dumps
print in their page's info block; its district, year, period and title are the text's.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from tests.conftest import SAMPLES, quiet_console

from govtasks.clean.normalize import default_phrases
from govtasks.link.blocks import dedupe
from govtasks.models import ParsedFile
from govtasks.run.ingest import run_ingest
from govtasks.run.per_file import process_file
from govtasks.run.settings import RunSettings

FIXTURES = Path(__file__).parent / "fixtures" / "office_samples"
KINDS = ("xlsx", "xls", "docx", "pdf")
#: What each kind of file is read as (``Document.kind``) and its type.
READ_AS = {"xlsx": "workbook", "xls": "workbook", "docx": "word", "pdf": "pdf"}
#: Progress rows per sample (002's second printing dropped): the text dumps' counts.
ROWS = {"000": 82, "001": 15, "002": 128, "003": 103, "004": 83}
#: Facts an attachment gives as its text dump does.
FACTS = ("district", "year", "period", "title")


@cache
def parsed(path: Path) -> ParsedFile:
    result = process_file(path, path.parent, default_phrases())
    assert isinstance(result, ParsedFile), (path.name, result)
    return result


def office_path(sample: str, kind: str) -> Path:
    return FIXTURES / SAMPLES[sample].with_suffix(f".{kind}").name


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_an_attachment_gives_the_rows_of_the_text_field_for_field(sample: str, kind: str) -> None:
    office, text = parsed(office_path(sample, kind)), parsed(SAMPLES[sample])
    text_rows, _ = dedupe(text.rows)
    assert office.format == "generic"
    assert len(office.rows) == len(text_rows) == ROWS[sample]
    for office_row, text_row in zip(office.rows, text_rows, strict=True):
        assert office_row.same_statement() == text_row.same_statement(), (office_row.source_ref, text_row)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_an_attachment_gives_the_facts_of_the_text(sample: str, kind: str) -> None:
    office, text = parsed(office_path(sample, kind)), parsed(SAMPLES[sample])
    assert {k: getattr(office.facts, k) for k in FACTS} == {k: getattr(text.facts, k) for k in FACTS}
    # The page's info block is not in the attachment.
    assert (office.facts.publisher, office.facts.published, office.facts.index_no) == (None, None, None)
    assert office.script == text.script


def test_rows_say_where_they_are_in_the_file() -> None:
    """``source_ref`` names the row's place as the file's own program would: the first cell of
    the row in a workbook (row 1 is "附件", row 2 the title, row 3 the header), the table and row
    in a Word document, the page and row of the table on it in a PDF."""
    refs = {kind: [row.source_ref for row in parsed(office_path("001", kind)).rows] for kind in KINDS}
    assert refs["xlsx"][:2] == refs["xls"][:2] == ["Sheet1!A4", "Sheet1!A5"]
    assert refs["docx"][:2] == ["table 1 row 2", "table 1 row 3"]
    assert refs["pdf"][0] == "page 1 row 2"
    text_refs = {row.source_ref for row in parsed(SAMPLES["001"]).rows}
    assert text_refs == {None}


def test_a_hidden_sheet_is_skipped_and_said() -> None:
    for kind in ("xlsx", "xls"):
        result = parsed(office_path("000", kind))
        assert "hidden sheet '说明' skipped" in result.warnings


@pytest.mark.e2e
@pytest.mark.parametrize("kind", KINDS)
def test_ingesting_the_samples_of_one_kind_gives_the_text_paths_411_rows(kind: str, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for sample in SAMPLES:
        shutil.copy(office_path(sample, kind), raw)
    result = run_ingest(RunSettings(raw, tmp_path / "out"), console=quiet_console())
    assert result.rejected == []
    progress = pq.read_table(tmp_path / "out" / "progress.parquet").to_pylist()
    assert len(progress) == sum(ROWS.values()) == 411
    assert all(row["source_ref"] for row in progress)
    reports = pq.read_table(tmp_path / "out" / "reports.parquet").to_pylist()
    assert sorted((r["district"], r["year"], r["period"]) for r in reports) == [
        ("余杭区", 2018, "PLAN"),
        ("余杭区", 2022, "H1"),
        ("拱墅区", 2020, "Q2"),
        ("萧山区", 2020, "H1"),
        ("萧山区", 2020, "Q3"),
    ]
