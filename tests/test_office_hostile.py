"""Bad and hostile office files (issue 18): each is rejected with the right code and one line
naming what it is, quickly, and a run holding them all still ingests the good report beside
them. The files are in tests/fixtures/office_hostile, made by its make_fixtures.py (which says
how each was made)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import ROOT, SAMPLES, quiet_console

from govtasks import errors
from govtasks.errors import CorruptFile, EncryptedFile, OldOfficeFormat, RejectedFile, UnsafeFile
from govtasks.read import containers
from govtasks.read.containers import check_xml_parts, ole_kind, open_office_zip, read_member
from govtasks.read.document import document_from_bytes
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings

pytestmark = pytest.mark.adversarial

HOSTILE = ROOT / "tests" / "fixtures" / "office_hostile"
_XML_TRICK = "XML with a DTD or entity declarations in {}: Office files never hold one"

#: Each file, the error it must raise and its reason, word for word.
EXPECTED: dict[str, tuple[type[RejectedFile], str]] = {
    # damaged
    "truncated.xlsx": (
        CorruptFile,
        "a workbook (.xlsx) that does not open (cut short or damaged): File is not a zip file",
    ),
    "truncated.docx": (
        CorruptFile,
        "a Word document (.docx) that does not open (cut short or damaged): File is not a zip file",
    ),
    "truncated_after_embedded_workbook.docx": (
        CorruptFile,
        "a Word document (.docx) cut short or damaged: the only zip directory in it is that of a file "
        "packed inside it",
    ),
    "damaged.xlsx": (
        CorruptFile,
        "the zip member xl/worksheets/sheet1.xml is damaged: Error -3 while decompressing data: "
        "invalid literal/lengths set",
    ),
    "bad_crc.xlsx": (
        CorruptFile,
        "the zip member xl/worksheets/sheet1.xml is damaged: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'",
    ),
    "old_word_cut.doc": (
        CorruptFile,
        "an old Office file (OLE) that does not open: OLE directory index out of range",
    ),
    # encrypted
    "password.xlsx": (EncryptedFile, "a password-protected Office file (its contents are encrypted)"),
    "password.docx": (EncryptedFile, "a password-protected Office file (its contents are encrypted)"),
    "zip_encrypted_members.xlsx": (
        EncryptedFile,
        "the zip member docProps/app.xml is encrypted with a password",
    ),
    # zip bombs
    "bomb_150mib_sheet.xlsx": (
        UnsafeFile,
        "zip bomb: the zip's directory says xl/worksheets/sheet1.xml unpacks to 157,287,817 bytes, "
        "over the 104,857,600-byte limit",
    ),
    "bomb_ratio.xlsx": (
        UnsafeFile,
        "zip bomb: the zip's directory says xl/worksheets/sheet1.xml unpacks to 20,972,937 bytes from 21,024",
    ),
    "bomb_lying_directory.xlsx": (
        UnsafeFile,
        "zip bomb: xl/worksheets/sheet1.xml unpacks to more than the 1,048,576 bytes its zip directory says",
    ),
    # XML tricks
    "billion_laughs.xlsx": (UnsafeFile, _XML_TRICK.format("xl/worksheets/sheet1.xml")),
    "billion_laughs.docx": (UnsafeFile, _XML_TRICK.format("word/document.xml")),
    "external_entity.docx": (UnsafeFile, _XML_TRICK.format("word/document.xml")),
    "doctype_in_content_types.xlsx": (UnsafeFile, _XML_TRICK.format("[Content_Types].xml")),
    "entities_utf16.xlsx": (UnsafeFile, _XML_TRICK.format("xl/worksheets/sheet1.xml")),
    "entities_in_renamed_part.xlsx": (UnsafeFile, _XML_TRICK.format("xl/worksheets/sheet1.dat")),
    "dtd_in_utf7.xlsx": (
        UnsafeFile,
        "XML in xl/worksheets/sheet1.xml declares the encoding UTF-7, which Office never writes",
    ),
    "ebcdic.docx": (UnsafeFile, "XML in word/document.xml is in UTF-32 or EBCDIC, which Office never writes"),
    # formats govtasks does not read
    "old_word.doc": (OldOfficeFormat, "an old binary Word or WPS document (.doc, .wps): save it as .docx"),
    "kingsoft.wps": (OldOfficeFormat, "an old binary Word or WPS document (.doc, .wps): save it as .docx"),
    "slides.ppt": (OldOfficeFormat, "an old PowerPoint file (.ppt): govtasks does not read slides"),
    "slides.pptx": (
        OldOfficeFormat,
        "a PowerPoint file (.pptx): govtasks reads workbooks, Word documents and PDFs",
    ),
    "report.odt": (OldOfficeFormat, "an OpenDocument text (.odt): save it as .docx"),
    "table.ods": (OldOfficeFormat, "an OpenDocument spreadsheet (.ods): save it as .xlsx"),
    "report.rtf": (OldOfficeFormat, "an RTF document (.rtf): save it as .docx"),
    "archive.zip": (
        errors.BinaryFile,
        "a zip archive (a binary file): govtasks reads .txt, .html, .xlsx, .xls, .docx and .pdf",
    ),
}
#: Macro-enabled files, opened (their macros never run): the kind of package each is.
MACROS = {"macros.xlsm": "xlsx", "excel4_macros.xlsm": "xlsx", "macros.docm": "docx"}


def test_every_fixture_is_expected_and_small() -> None:
    made = {p.name for p in HOSTILE.iterdir() if p.suffix != ".py"}
    assert made == set(EXPECTED) | set(MACROS) | {"clean.xlsx", "clean.docx"}
    assert all((HOSTILE / name).stat().st_size < 300 * 1024 for name in made)


@pytest.mark.parametrize("name", EXPECTED)
def test_each_bad_file_is_rejected_naming_what_it_is(name: str) -> None:
    path = HOSTILE / name
    error, reason = EXPECTED[name]
    with pytest.raises(RejectedFile) as raised:
        document_from_bytes(path.read_bytes(), path)
    assert type(raised.value) is error
    assert raised.value.reason == reason
    assert "\n" not in raised.value.reason and raised.value.hint


def test_a_presentation_is_not_told_to_be_saved_as_docx() -> None:
    for name in ("slides.ppt", "slides.pptx"):
        with pytest.raises(OldOfficeFormat) as raised:
            document_from_bytes((HOSTILE / name).read_bytes(), Path(name))
        assert raised.value.hint.startswith("govtasks does not read slides")


# --- the containers ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), MACROS.items())
def test_a_macro_enabled_file_is_opened_and_flagged(name: str, kind: str) -> None:
    package = open_office_zip((HOSTILE / name).read_bytes())
    assert package is not None
    assert (package.kind, package.macros) == (kind, True)
    assert package.macro_note == containers.MACRO_NOTES[kind]
    assert package.macro_note.endswith("its macros were ignored (never run)")


@pytest.mark.parametrize(("name", "kind"), [("clean.xlsx", "xlsx"), ("clean.docx", "docx")])
def test_a_clean_file_opens_without_macros(name: str, kind: str) -> None:
    package = open_office_zip((HOSTILE / name).read_bytes())
    assert package is not None
    assert (package.kind, package.macros, package.macro_note) == (kind, False, None)


def test_a_document_with_a_workbook_embedded_whole_opens_as_the_document() -> None:
    """The control for truncated_after_embedded_workbook.docx: uncut, it is the .docx."""
    docx = _members((HOSTILE / "clean.docx").read_bytes())
    docx["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = (HOSTILE / "clean.xlsx").read_bytes()
    package = open_office_zip(_zipped(docx, stored="word/embeddings/Microsoft_Excel_Worksheet.xlsx"))
    assert package is not None and package.kind == "docx"


def test_openpyxl_parses_with_defusedxml() -> None:
    """The second guard behind check_xml_parts (pyproject.toml says why it is a dependency)."""
    assert openpyxl.DEFUSEDXML is True


def test_read_member_reads_and_checks_one_member() -> None:
    with zipfile.ZipFile(io.BytesIO((HOSTILE / "clean.xlsx").read_bytes())) as archive:
        sheet = read_member(archive, "xl/worksheets/sheet1.xml")
        assert sheet == archive.read("xl/worksheets/sheet1.xml") and len(sheet) == 1417
        with pytest.raises(
            UnsafeFile, match=r"^zip bomb: xl/worksheets/sheet1.xml unpacks to over 1,000 bytes$"
        ):
            read_member(archive, "xl/worksheets/sheet1.xml", limit=1000)
        with pytest.raises(CorruptFile, match=r"^the zip has no member xl/sharedStrings.xml, which"):
            read_member(archive, "xl/sharedStrings.xml")
    with zipfile.ZipFile(io.BytesIO((HOSTILE / "bad_crc.xlsx").read_bytes())) as archive:
        with pytest.raises(CorruptFile, match="Bad CRC-32"):
            read_member(archive, "xl/worksheets/sheet1.xml")
        assert read_member(archive, "xl/workbook.xml").startswith(b"<workbook")


def test_the_members_unpacked_bytes_are_counted_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit on all members together (10,000 bytes here, where the clean workbook unpacks to
    17,423): held to the bytes really unpacked by check_xml_parts, and first to the directory's
    sizes by open_office_zip, before anything is unpacked."""
    data = (HOSTILE / "clean.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(info.file_size for info in archive.infolist()) == 17_423
        monkeypatch.setattr(containers, "MAX_UNPACKED", 10_000)
        with pytest.raises(UnsafeFile, match=r"^zip bomb: the members unpack to over 10,000 bytes$"):
            check_xml_parts(archive)
    with pytest.raises(UnsafeFile, match=r"^zip bomb: the zip's directory says its members unpack to 17,423"):
        open_office_zip(data)


def test_too_many_members_are_refused_before_the_zip_is_opened() -> None:
    parts = {f"xl/worksheets/sheet{n}.xml": b"<worksheet/>" for n in range(containers.MAX_MEMBERS + 1)}
    parts["xl/workbook.xml"] = b"<workbook/>"
    with pytest.raises(
        UnsafeFile, match=r"^the zip's directory lists over 2,000 members, more than any office file$"
    ):
        open_office_zip(_zipped(parts))


def test_an_svg_image_may_hold_a_doctype_but_no_entity() -> None:
    """Illustrator writes a DOCTYPE into its SVGs, and Word keeps them as they are: no reader
    parses images, so only entities are refused in one."""
    docx = _members((HOSTILE / "clean.docx").read_bytes())
    svg = b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd">\n<svg/>'
    docx["word/media/image1.svg"] = svg
    assert open_office_zip(_zipped(docx)) is not None
    docx["word/media/image1.svg"] = svg.replace(b'"svg11.dtd">', b'"svg11.dtd" [<!ENTITY ns "x">]>')
    with pytest.raises(UnsafeFile, match=r"^XML with a DTD or entity declarations in word/media/image1.svg"):
        open_office_zip(_zipped(docx))


def test_an_ole_file_without_streams_is_corrupt() -> None:
    """A .doc whose directory lost its streams (the first sector of the directory zeroed)."""
    with pytest.raises(OldOfficeFormat):
        ole_kind((HOSTILE / "old_word.doc").read_bytes())
    with pytest.raises(CorruptFile):
        ole_kind(containers.OLE_SIGNATURE + bytes(504))


_SOURCES = {name: (HOSTILE / name).read_bytes() for name in ("clean.xlsx", "macros.docm", "old_word.doc")}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(_SOURCES)),
    changes=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255), st.booleans()), max_size=8
    ),
)
def test_a_damaged_container_gives_a_rejection_or_a_package_that_reads(
    name: str, changes: list[tuple[float, int, bool]]
) -> None:
    """Bytes changed or cut anywhere (half of them in the zip's directory at the end): the
    containers raise a rejection and nothing else, and a package they let through reads whole."""
    data = bytearray(_SOURCES[name])
    for where, value, cut in changes:
        at = int(where * len(data)) if value % 2 else len(data) - 1 - int(where * min(len(data), 2000))
        if cut:
            del data[at : at + 1 + value % 40]
        elif 0 <= at < len(data):
            data[at] = value
    try:
        if name.endswith(".doc"):
            ole_kind(bytes(data))
            return
        package = open_office_zip(bytes(data))
    except RejectedFile:
        return
    if package is not None:
        for member in package.archive.namelist():
            package.archive.read(member)


# --- a run over them all ---------------------------------------------------------------------------


def test_a_run_sets_every_bad_file_aside_and_ingests_the_report_beside_them(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in [*EXPECTED, *MACROS]:
        shutil.copy(HOSTILE / name, raw / name)
    for name in MACROS:  # their tables name no district, year or period: given, as a user would
        (raw / f"{name}.meta.toml").write_text(
            'district = "拱墅区"\nyear = 2024\nperiod = "Q1"\n', encoding="utf-8"
        )
    shutil.copy(SAMPLES["001"], raw / SAMPLES["001"].name)
    result = run_ingest(RunSettings(raw, tmp_path / "out", jobs=1), console=quiet_console())
    parsed = {p.head.source_file: p for p in result.parsed}
    assert parsed[SAMPLES["001"].name].n_rows == 15
    # The macro-enabled files are read for their tables, their macros never run, and said so.
    assert sorted(parsed) == sorted([SAMPLES["001"].name, *MACROS])
    for name, kind in MACROS.items():
        assert parsed[name].n_rows > 0
        what = "workbook" if kind == "xlsx" else "document"
        assert f"macro-enabled {what}: its macros were ignored (never run)" in parsed[name].head.warnings
    codes = {r.source_file: r.code for r in result.rejected}
    assert codes == {name: error.code for name, (error, _) in EXPECTED.items()}


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zipped(parts: dict[str, bytes], stored: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == stored else None)
    return buffer.getvalue()
