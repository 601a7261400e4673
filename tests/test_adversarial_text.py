"""Hostile and odd text (issue 16, point 4 and the kinds-of-file and messages cases of point 8).

- control characters anywhere in a file (past the binary check's sample of its start, or made
  by a page's ``&#27;``) never reach the tables: removed, the rows flagged ``control_chars``,
  the run counting them; a file that is mostly control characters is binary;
- nothing from a file or its name reaches the terminal raw: the summary, ``detect``,
  ``explain`` and ``links --review`` show control characters as escapes and print markup as
  text;
- an image or an archive is rejected naming what it is, a broken PDF or Office file as corrupt;
- a Big5 text dump is read as Big5, giving the rows of its UTF-8 copy;
- a UTF-16 file cut inside a surrogate pair keeps its complete rows, with a warning.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from tests.conftest import SAMPLES, TRADITIONAL

from govtasks import cli
from govtasks.clean.controls import strip_controls, visible
from govtasks.clean.normalize import default_phrases
from govtasks.errors import BinaryFile
from govtasks.models import FLAGS, CleanRow, ParsedFile, Rejection
from govtasks.read.document import document_from_bytes
from govtasks.run.ingest import run_ingest
from govtasks.run.per_file import process_file
from govtasks.run.settings import RunSettings

pytestmark = pytest.mark.adversarial

ESC = "\x1b"
#: Every kind of character that must not reach a table or a terminal.
HOSTILE = ("\x1b[31m", "\x1b]0;pwned\x07", "\x00", "\x7f", "\x85", "\u202e", "\x1b[2J", "\x08")
#: A file name that retitles the terminal window and turns its text red.
HOSTILE_NAME = "a\x1b]0;pwned\x07b\x1b[31m.txt"


def parse(path: Path) -> ParsedFile | Rejection:
    return process_file(path, path.parent, default_phrases())


def parsed(path: Path) -> ParsedFile:
    result = parse(path)
    assert isinstance(result, ParsedFile), result
    return result


def texts(row: CleanRow) -> list[str]:
    """Every text of a row."""
    values = [row.seq, row.category_no, row.category, row.content, row.progress, row.problems, row.next_steps]
    values += [*row.lead_units, *row.lead_leaders, *row.supporting_units]
    values += [part for pair in row.extra for part in pair]
    return [value for value in values if value]


def without_flag(rows: tuple[CleanRow, ...]) -> list[CleanRow]:
    return [
        dataclasses.replace(row, flags=tuple(f for f in row.flags if f != "control_chars")) for row in rows
    ]


def assert_clean(rows: tuple[CleanRow, ...]) -> None:
    for row in rows:
        for text in texts(row):
            assert strip_controls(text) == text, (row.source_line, text)
            assert "[31m" not in text and "pwned" not in text and "[2J" not in text, text


def hostile_copy(sample: str, at_lines: range) -> str:
    """Sample ``sample`` with a hostile character put into each long line of ``at_lines``
    (1-based), past the first 8 KB the binary check samples."""
    lines = SAMPLES[sample].read_text(encoding="utf-8").split("\n")
    for number, kind in zip((n for n in at_lines if len(lines[n - 1]) > 20), HOSTILE * 3, strict=False):
        line = lines[number - 1]
        lines[number - 1] = line[:12] + kind + line[12:]
    return "\n".join(lines)


# --- 1. control characters never reach the tables ------------------------------------------------


def test_controls_past_the_start_of_a_text_dump_are_removed_and_flagged(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    shutil.copy(SAMPLES["000"], clean)
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(hostile_copy("000", range(250, 400)), encoding="utf-8")
    assert dirty.read_bytes().index(b"\x1b") > 8192
    before, after = parsed(clean), parsed(dirty)
    assert_clean(after.rows)
    assert without_flag(after.rows) == list(before.rows)
    flagged = [row.source_line for row in after.rows if "control_chars" in row.flags]
    assert len(flagged) >= 8 and all(240 <= line < 400 for line in flagged)  # rows from line 250 on
    assert any("control characters or escape sequences removed" in w for w in after.warnings)
    assert "control_chars" in FLAGS


def test_control_references_in_a_page_are_removed_with_their_sequences(tmp_path: Path) -> None:
    page = (Path(__file__).parent / "fixtures" / "html" / "yuhang_utf8.html").read_text(encoding="utf-8")
    hostile = (
        page.replace("推进政务服务增值化", "推进&#27;[31m政务&#0;服务&#x9B;2J增值化&#x202E;")
        .replace("区住建局", "区住建&#x1b;]0;pwned&#7;局")
        .replace("分解表 -", "分解表&#27;[1m -")
    )
    (tmp_path / "clean.html").write_text(page, encoding="utf-8")
    (tmp_path / "dirty.html").write_text(hostile, encoding="utf-8")
    before, after = parsed(tmp_path / "clean.html"), parsed(tmp_path / "dirty.html")
    assert_clean(after.rows)
    assert without_flag(after.rows) == list(before.rows)
    assert [row.flags for row in after.rows] == [("control_chars",), ("control_chars",)]
    assert after.facts.title == before.facts.title
    assert all("\ufffd" not in text for row in after.rows for text in texts(row))


def test_a_run_counts_and_flags_the_rows_it_cleaned(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "000.txt").write_text(hostile_copy("000", range(250, 300)), encoding="utf-8")
    console = Console(file=io.StringIO(), width=120)
    run_ingest(RunSettings(raw, tmp_path / "out", jobs=1), console=console)
    out = tmp_path / "out"
    progress = pq.read_table(out / "progress.parquet").to_pylist()
    flagged = sum("control_chars" in row["flags"] for row in progress)
    assert flagged >= 3
    assert json.loads((out / "run.json").read_text())["rows_control_chars_removed"] == flagged
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert f"{flagged} rows had control characters removed" in printed
    for table in ("progress.csv", "tasks.csv", "reports.csv"):
        assert "\x1b" not in (out / table).read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b" " * 9000 + b"\x00" * 100_000, id="spaces-then-nuls"),
        pytest.param(SAMPLES["000"].read_bytes() + b"\x00" * 100_000, id="text-then-nul-padding"),
        pytest.param(b"\n" * 9000 + b"\x1b[0m" * 30_000, id="escape-sequences"),
    ],
)
def test_a_file_mostly_of_controls_is_binary(data: bytes) -> None:
    with pytest.raises(BinaryFile, match="binary file"):
        document_from_bytes(data, Path("nul.txt"))


def test_a_few_controls_are_not_binary_and_separate_words_by_a_space() -> None:
    assert (
        strip_controls("PM2.5 air\x0cmonitor 第\x00一\x1b[1m项\u2066 45\x008")
        == "PM2.5 air monitor 第一项 458"
    )
    doc = document_from_bytes(("序号 | 重点工作\n" * 800 + "1 | 推进\x00项目\n").encode(), Path("a.txt"))
    assert doc.lines[-1] == "1 | 推进项目" and doc.control_lines == frozenset({801})


# --- 2. nothing reaches the terminal raw ---------------------------------------------------------


def test_hostile_file_and_folder_names_reach_no_terminal_raw(tmp_path: Path) -> None:
    """A real run, through the command line (its own stderr and stdout are the point): the file
    name and the output folder hold OSC and CSI sequences; ``ingest`` and ``detect`` print them
    as escapes."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES["000"], raw / HOSTILE_NAME)
    (raw / ("rejected" + HOSTILE_NAME)).write_bytes(b"%PDF-1.4\n")
    out = tmp_path / f"out{ESC}]0;pwned{ESC}\\"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ingest = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(raw), "--out", str(out), "--jobs", "1"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert ingest.returncode == 2, ingest.stderr.decode()
    detect = subprocess.run(
        [sys.executable, "-m", "govtasks", "detect", *(str(p) for p in sorted(raw.iterdir()))],
        capture_output=True,
        env=env,
        check=False,
    )
    assert detect.returncode == 2
    for printed in (ingest.stdout, ingest.stderr, detect.stdout, detect.stderr):
        assert b"\x1b" not in printed and b"\x07" not in printed, printed
    assert "a\\x1b]0;pwned\\x07b\\x1b[31m.txt" in ingest.stderr.decode()
    assert "a\\x1b]0;pwned\\x07b\\x1b[31m.txt: format=xiaoshan_halfyear" in detect.stdout.decode()


def test_a_hostile_output_folder_name_is_escaped_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The second run ("nothing changed ... the outputs in OUT/") and ``validate`` name OUT too."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES["001"], raw / "001.txt")
    out = str(tmp_path / f"out{ESC}[31m{ESC}]0;pwned{ESC}\\")
    for args in (
        ["ingest", str(raw), "--out", out, "--jobs", "1"],
        ["ingest", str(raw), "--out", out],
        ["validate", out],
    ):
        assert cli.run(args) == cli.EXIT_OK
        captured = capsys.readouterr()
        printed = captured.out + captured.err
        assert ESC not in printed and "out\\x1b[31m\\x1b]0;pwned" in printed.replace("\n", ""), printed


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run's outputs whose texts were then edited to hold escapes and markup (tables written
    by an older govtasks, or by hand): what ``explain`` and ``links --review`` read back."""
    root = tmp_path_factory.mktemp("outputs")
    raw = root / "raw"
    raw.mkdir()
    for sample in ("000", "001"):
        shutil.copy(SAMPLES[sample], raw / f"{sample}.txt")
    out = root / "out"
    run_ingest(RunSettings(raw, out, jobs=1), console=Console(file=io.StringIO()))
    hostile = "\x1b]0;pwned\x07[/x][bold]\x1b[31m\u202e"
    for name, columns in (("progress", ("content",)), ("tasks", ("content",)), ("reports", ("source_file",))):
        table = pq.read_table(out / f"{name}.parquet")
        for column in columns:
            values = [value + hostile for value in table.column(column).to_pylist()]
            table = table.set_column(table.schema.get_field_index(column), column, pa.array(values))
        pq.write_table(table, out / f"{name}.parquet")
    with (out / "links_review.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        columns = ["similarity", "decision", "reason", "task_id", "report_id", "source_line", "content"]
        columns += ["other_task_id", "other_report_id", "other_source_line", "other_content"]
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        row = dict.fromkeys(columns, "x" + hostile) | {"similarity": "0.79", "source_line": "3"}
        writer.writerow(row)
    return out


def _cli_output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status = cli.run(list(args))
    captured = capsys.readouterr()
    assert status == cli.EXIT_OK, captured.err
    return captured.out + captured.err


def test_explain_prints_row_text_with_controls_visible(
    hostile_outputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    task_id = pq.read_table(hostile_outputs / "tasks.parquet").column("task_id")[0].as_py()
    printed = _cli_output(capsys, "explain", task_id, "--out", str(hostile_outputs))
    assert ESC not in printed and "\x07" not in printed and "\u202e" not in printed
    assert "\\x1b]0;pwned\\x07[/x][bold]" in printed.replace("\n", "")  # markup printed as text


def test_links_review_prints_row_text_with_controls_visible(
    hostile_outputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _cli_output(capsys, "links", "--review", "--out", str(hostile_outputs))
    assert ESC not in printed and "\x07" not in printed and "\u202e" not in printed
    assert "[/x][bold]" in printed.replace("\n", "")


def test_visible_escapes_every_removed_character() -> None:
    for kind in HOSTILE:
        assert strip_controls(f"a{kind}b") in ("ab", "a b"), kind
        shown = visible(f"a{kind}b")
        assert strip_controls(shown) == shown and "\\" in shown, kind


# --- 3. wrong kinds of file named -----------------------------------------------------------------

ZIP_HEAD = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"


def _zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("萧山区.txt", "序号 | 重点工作\n" * 50)
    return buffer.getvalue()


#: Files of a kind govtasks does not read: (bytes, what the reason names).
KINDS = {
    "zip": (_zip_archive(), "a zip archive"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(100), "a JPEG image"),
    "gif": (b"GIF89a" + bytes(100), "a GIF image"),
    "webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(100), "a WebP image"),
    "bmp": (b"BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00" + bytes(100), "a BMP image"),
    "tiff": (b"II*\x00\x08\x00\x00\x00" + bytes(100), "a TIFF image"),
    "gzip": (b"\x1f\x8b\x08\x00" + bytes(100), "a gzip archive"),
    "7z": (b"7z\xbc\xaf\x27\x1c" + bytes(100), "a 7z archive"),
    "rar": (b"Rar!\x1a\x07\x01\x00" + bytes(100), "a RAR archive"),
}
#: Office files govtasks reads, but broken beyond reading (issue 18): a PDF of garbage, Office
#: zips of which only the first local header is there, an OLE header alone. The reason names
#: the kind where the bytes tell it (a PDF's reason is its reader's).
BROKEN_OFFICE = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Title (\xe5\x8c\xba) >>\n" * 20, ""),
    "docx": (
        ZIP_HEAD + b"[Content_Types].xml" + bytes(200) + b"PK\x03\x04word/document.xml",
        "a Word document",
    ),
    "xlsx": (ZIP_HEAD + b"[Content_Types].xml" + bytes(200) + b"PK\x03\x04xl/workbook.xml", "a workbook"),
    "pptx": (
        ZIP_HEAD + b"[Content_Types].xml" + bytes(200) + b"PK\x03\x04ppt/slides/slide1.xml",
        "a PowerPoint file",
    ),
    "zip": (ZIP_HEAD + "萧山区.txt".encode() + "序号 | 重点工作\n".encode() * 50, "a zip file"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "an old Office file (OLE)"),
}


@pytest.mark.parametrize(("data", "kind"), KINDS.values(), ids=KINDS.keys())
def test_wrong_kinds_of_file_are_named(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    result = parse(path)
    assert isinstance(result, Rejection)
    assert result.code == "binary-file"
    assert result.reason.startswith(f"{kind} (a binary file): govtasks reads .txt, .html, .xlsx")
    assert "\n" not in result.reason and result.hint


@pytest.mark.parametrize(("data", "kind"), BROKEN_OFFICE.values(), ids=BROKEN_OFFICE.keys())
def test_broken_office_files_are_corrupt(tmp_path: Path, data: bytes, kind: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    result = parse(path)
    assert isinstance(result, Rejection)
    assert result.code == "corrupt-file"
    assert result.reason.startswith(kind)
    assert "\n" not in result.reason and result.hint


def test_an_rtf_document_is_an_office_format_to_save_as_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.rtf"
    path.write_bytes(b"{\\rtf1\\ansi\\ansicpg936 " + "序号 重点工作".encode("gbk") + b"}")
    result = parse(path)
    assert isinstance(result, Rejection)
    assert (result.code, result.reason) == ("old-office-format", "an RTF document (.rtf): save it as .docx")


def test_text_that_starts_like_a_signature_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "bm.txt"
    path.write_bytes(b"BMW " + SAMPLES["000"].read_bytes())
    assert isinstance(parse(path), ParsedFile)


# --- 4. Big5 ---------------------------------------------------------------------------------------


def _big5_ready(sample: str) -> str:
    """The traditional copy of ``sample``, with the two characters Big5 lacks replaced (爲 by its
    variant 為; a no-break space, which reading folds to a space anyway)."""
    path = TRADITIONAL / f"traditional-{SAMPLES[sample].name}"
    return path.read_text(encoding="utf-8").replace("爲", "為").replace("\xa0", " ")


@pytest.mark.parametrize("sample", ["000", "001", "002"])
def test_a_big5_text_dump_gives_the_rows_of_its_utf8_copy(tmp_path: Path, sample: str) -> None:
    text = _big5_ready(sample)
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "big5.txt").write_bytes(text.encode("big5hkscs"))
    utf8, big5 = parsed(tmp_path / "utf8.txt"), parsed(tmp_path / "big5.txt")
    assert big5.rows == utf8.rows and big5.facts == utf8.facts and big5.format == utf8.format


def test_traditional_text_in_gb18030_stays_gb18030() -> None:
    data = _big5_ready("001").encode("gb18030")
    doc = document_from_bytes(data, Path("gb.txt"))
    assert doc.encoding == "gb18030" and doc.text.startswith(_big5_ready("001").split("\n")[0].rstrip())


def test_a_big5_page_without_a_charset_is_read_as_big5() -> None:
    page = (
        "<html><head><title>區政府工作</title></head><body><p>"
        + _big5_ready("001")[:600]
        + "</p></body></html>"
    )
    doc = document_from_bytes(page.encode("big5hkscs"), Path("page.html"))
    assert doc.kind == "page" and doc.encoding == "big5hkscs" and "區政府工作" in doc.text


# --- 5. UTF-16 cut inside a surrogate pair ---------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
@pytest.mark.parametrize("cut", [1, 2, 3])
def test_utf16_cut_inside_a_surrogate_pair_keeps_its_rows(tmp_path: Path, encoding: str, cut: int) -> None:
    """The file ends with 𠀀 (U+20000, a surrogate pair) cut after 1, 2 or 3 of its 4 bytes:
    an odd byte count, a lone high surrogate, a high surrogate and half the low one."""
    text = SAMPLES["000"].read_text(encoding="utf-8")
    (tmp_path / "whole.txt").write_text(text, encoding="utf-8")
    (tmp_path / "cut.txt").write_bytes((text + "\U00020000").encode(encoding)[:-cut])
    whole, cut_file = parsed(tmp_path / "whole.txt"), parsed(tmp_path / "cut.txt")
    assert cut_file.rows == whole.rows
    assert any(f"the file ends inside a character ({4 - cut} bytes dropped)" in w for w in cut_file.warnings)
