"""The console summary at 80 columns (issue 15, point 5), read from real runs: no line wider than
the console; file names whole, or shortened in the middle with "…" when wider than the line; one
line per note, cut with "…" (files.csv has it whole); a note shared by several files printed
once, as [n]; each rejected file followed by its hint; names and notes never read as markup."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from tests.conftest import EXTRA, RAW, quiet_console
from tests.test_files_csv import read_files_csv

from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.run.summary import FileLine, Totals, print_summary
from govtasks.run.summary_layout import elide_middle

FACTS = ("format", "district", "year", "period", "rows")


def run(raw: Path, out: Path, width: int = 80) -> list[str]:
    """The lines a run prints on a console ``width`` columns wide, none wider than that."""
    console = Console(file=io.StringIO(), width=width)
    run_ingest(RunSettings(raw, out, jobs=1), console=console)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(text, str)
    lines = text.splitlines()
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    # Wrapped at a space, which neither ends a line nor starts the next one.
    assert not [line for line in lines if line.endswith(" ") or re.match(r" \S", line)]
    return lines


def unwrap(lines: list[str]) -> str:
    """The text with its lines joined again (a line is broken at a space, and the next one
    indented), to look for a sentence wherever it was wrapped."""
    return re.sub(r" *\n *", " ", "\n".join(lines))


def table(lines: list[str]) -> list[str]:
    """The lines between the two rules of the table (file lines, facts lines, notes)."""
    rules = [i for i, line in enumerate(lines) if line.startswith("─")]
    assert len(rules) == 2, lines
    return lines[rules[0] + 1 : rules[1]]


def block(rows: list[str], name: str) -> tuple[str, list[str]]:
    """A file's facts (on its line, or on the next line when its name has a line of its own) and
    the notes printed under it, from the table's lines."""
    starts = [i for i, line in enumerate(rows) if line == name or line.startswith(name + "  ")]
    assert len(starts) == 1, (name, rows)
    i = starts[0]
    facts = rows[i][len(name) :]
    if not facts:  # the name on a line of its own: its facts on the next line, under their columns
        i += 1
        facts = rows[i]
        assert facts.startswith(" " * 4), facts
    notes = []
    for line in rows[i + 1 :]:
        if not re.match(r"  \S", line):
            break
        notes.append(line[2:])
    return facts, notes


def shared_notes(lines: list[str]) -> dict[str, tuple[str, int]]:
    """The notes printed once under the table: note -> (its number, how many files have it)."""
    after = lines[[i for i, line in enumerate(lines) if line.startswith("─")][1] + 1 :]
    entries: list[str] = []
    for line in after:
        if line.startswith("["):
            entries.append(line)
        elif entries and line.startswith("    "):
            entries[-1] += " " + line.strip()
        else:
            break
    shared = {}
    for entry in entries:
        found = re.fullmatch(r"\[(\d+)\] (\d+) files: (.*)", entry)
        assert found, entry
        shared[found[3]] = (found[1], int(found[2]))
    return shared


def check_table(lines: list[str], out: Path) -> None:
    """Every file of files.csv in the table: its name whole, its facts, and each note either
    under it (whole, or cut with "…") or printed once under the table and referred to as [n]."""
    rows = table(lines)
    text = "\n".join(lines)
    shared = shared_notes(lines)
    for line in read_files_csv(out):
        facts, notes = block(rows, line["file"])
        if line["format"] == "rejected":
            assert facts.split() == ["rejected"] and not notes  # its reason is printed with its hint
            continue
        assert facts.split()[:5] == [line[column] for column in FACTS]
        marks = re.findall(r"\[([\d,]+)\]$", facts)
        numbers = marks[0].split(",") if marks else []
        own = [note for note in line["notes"].splitlines() if note not in shared]
        assert len(notes) == len(own), (line["file"], notes, own)
        for printed, note in zip(notes, own, strict=True):
            assert printed == note or (printed.endswith("…") and note.startswith(printed[:-1]))
        for note in line["notes"].splitlines():
            if note in shared:
                assert shared[note][0] in numbers
                assert text.count(note[:40]) == 1  # printed once, under the table


def check_rejected(lines: list[str], out: Path) -> None:
    """Each rejected file of rejected.csv on a "Rejected" line, its hint right after it (or
    after the last of the files that have the same hint, listed together)."""
    rejected = {line["file"]: line for line in read_files_csv(out, "rejected.csv")}
    entries: list[tuple[str, str]] = []  # ("file", text) or ("hint", text), lines joined again
    for line in lines:
        if line.startswith("Rejected files are listed in"):
            break
        if line.startswith("Rejected "):
            entries.append(("file", line))
        elif re.match(r"  Hint( \(\d+ files above\))?: ", line):
            entries.append(("hint", line))
        elif entries and line.startswith("  "):
            kind, previous = entries[-1]
            entries[-1] = (kind, previous + " " + line.strip())
    group: list[str] = []
    seen: list[str] = []
    for kind, entry in entries:
        if kind == "file":
            name = next(name for name in rejected if entry.startswith(f"Rejected {name}: "))
            assert entry == f"Rejected {name}: {rejected[name]['reason']}"
            group.append(name)
            continue
        assert group, "a hint with no file before it"
        label, hint = entry.strip().split(": ", 1)
        assert label == ("Hint" if len(group) == 1 else f"Hint ({len(group)} files above)")
        assert all(rejected[name]["hint"] == hint for name in group), (group, hint)
        seen += group
        group = []
    assert not group, "files with no hint after them"
    assert sorted(seen) == sorted(rejected)


def test_the_samples_at_80_columns(tmp_path: Path) -> None:
    lines = run(RAW, tmp_path / "out")
    check_table(lines, tmp_path / "out")
    text = unwrap(lines)
    assert "5 files: 5 ingested, 0 rejected; 5 reports, 406 tasks, 411 progress rows" in text
    assert "Linking: 5 tasks appear in more than one report" in text
    assert "Rejected" not in text
    # A note of 003 is cut at 80 columns: said once, under the table.
    assert f"Names and notes cut short with … are in full in {tmp_path / 'out' / 'files.csv'}." in text


def test_the_extra_pages_at_80_columns(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(EXTRA, raw)
    lines = run(raw, tmp_path / "out")
    check_table(lines, tmp_path / "out")
    check_rejected(lines, tmp_path / "out")
    text = unwrap(lines)
    # The generic reader's note, on 7 files, printed once under the table.
    generic = next(line for line in read_files_csv(tmp_path / "out") if line["format"] == "generic")
    note = generic["notes"].splitlines()[0]
    assert note.startswith("no dedicated ") and note.endswith(
        ": read by the generic reader (columns by header words)"
    )
    assert text.count(note) == 1
    assert f"[1] 7 files: {note}" in text
    assert sum(line.endswith("  [1]") for line in table(lines)) == 7
    # Every fact of the summary is still said.
    assert "11 files: 8 ingested, 3 rejected; 8 reports, 44 tasks, 44 progress rows" in text
    assert "Linking: 0 tasks appear in more than one report (0 rows linked by similarity)" in text
    assert text.endswith(f"Rejected files are listed in {tmp_path / 'out' / 'rejected.csv'}.")
    # An incremental run says so after the summary.
    (raw / "README.md").unlink()
    lines = run(raw, tmp_path / "out")
    assert lines[-2:] == [
        "Incremental: 10 unchanged files reused, 0 read.",
        "Blocks linked again: 0 of 8; the others' rows copied.",
    ]


@pytest.mark.parametrize("width", [40, 60, 120])
def test_the_extra_pages_at_other_widths(tmp_path: Path, width: int) -> None:
    """Narrower and wider: still no line wider than the console; from 60 columns, every name
    whole (at 40, names of more than 40 characters are shortened) and each hint after its file."""
    lines = run(EXTRA, tmp_path / "out", width)
    if width >= 60:
        check_table(lines, tmp_path / "out")
        check_rejected(lines, tmp_path / "out")


LONG = (
    "杭州市萧山区人民政府办公室关于二〇二〇年上半年政府工作报告重点工作任务推进情况的通报萧山区"
    "_xiaoshan_halfyear_progress_report_for_the_summary_at_eighty_columns_v2.txt"
)


def test_long_names_and_names_that_look_like_markup(tmp_path: Path) -> None:
    """A name wider than the line (120 characters, 165 cells) is shortened in the middle to the
    line's width, keeping its start and its extension; names like rich markup print as they are."""
    assert (len(LONG), cell_len(LONG)) == (120, 165)
    raw = tmp_path / "raw"
    (raw / "[red]x[").mkdir(parents=True)
    (raw / "empty_[").mkdir()
    shutil.copy(RAW / "000_c093e5a82e7cad71.txt", raw / LONG)
    shutil.copy(RAW / "001_03dc6f653f7d2afa.txt", raw / "[red]x[/red].txt")
    shutil.copy(RAW / "004_a3cc683a55f0c1f2.txt", raw / ":smile: [bold]b.txt")
    (raw / f"空的{LONG}").write_bytes(b"")  # rejected: empty
    (raw / "empty_[/x]_file.txt").write_bytes(b"")  # rejected: empty
    lines = run(raw, tmp_path / "out")
    rows = table(lines)
    # The long names: shortened in the middle, in 80 cells or one less (a wide character is not split).
    shown = elide_middle(LONG, 80)
    assert shown.startswith("杭州市萧山区人民政府") and shown.endswith("_eighty_columns_v2.txt")
    assert "…" in shown and cell_len(shown) in (79, 80)
    i = rows.index(shown)
    assert rows[i + 1].split() == ["xiaoshan_halfyear", "萧山区", "2020", "H1", "82"]
    assert rows[rows.index(elide_middle(f"空的{LONG}", 80)) + 1].split() == ["rejected"]
    rejected = [line for line in lines if line.startswith("Rejected 空的")]
    assert len(rejected) == 1 and rejected[0].endswith("v2.txt:") and "…" in rejected[0]
    # Names with "[", "[/x]" and ":smile:" are printed as they are.
    for name in (":smile: [bold]b.txt", "[red]x[/red].txt", "empty_[/x]_file.txt"):
        assert sum(line.startswith(name + " ") for line in rows) == 1, name
    text = unwrap(lines)
    assert "Rejected empty_[/x]_file.txt: empty file" in text
    # The two empty files share their hint: printed once, after both.
    hint = next(i for i, line in enumerate(lines) if "Hint" in line)
    assert lines[hint].startswith("  Hint (2 files above): ")
    assert [line.split()[1][:5] for line in lines[hint - 3 : hint] if line.startswith("Rejected")] == [
        "empty",
        "空的杭州市",
    ]
    assert f"Names and notes cut short with … are in full in {tmp_path / 'out' / 'files.csv'}." in text
    files = {line["file"] for line in read_files_csv(tmp_path / "out")}
    assert {LONG, f"空的{LONG}", "[red]x[/red].txt", "empty_[/x]_file.txt"} <= files


def test_notes_reasons_and_hints_are_never_read_as_markup(tmp_path: Path) -> None:
    """A note, a reason or a hint quoting "[/x]" or "[red]" (from a page's text) is printed as it
    is: rich would read it as markup (and fail on a closing tag with no opening one)."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    result = run_ingest(RunSettings(tmp_path / "raw", tmp_path / "out", jobs=1), console=quiet_console())
    rejection = dataclasses.replace(
        result.rejected[0],
        source_file="bad [/x].txt",
        reason="quotes [/x] and [red]",
        hint="see [bold]README[/bold]",
    )
    console = Console(file=io.StringIO(), width=80)
    lines = [
        FileLine("a.txt", "0" * 64, "generic", "余杭区", "2020", "H1", "3", ("title [/x] :smile: [red]",)),
        FileLine("bad [/x].txt", "", "rejected", "", "", "", "", (rejection.reason,)),
    ]
    print_summary(console, [rejection], lines, Totals(), Path("raw [x]"), Path("out [/y]"))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    for printed in (
        "govtasks ingest raw [x]",
        "  title [/x] :smile: [red]",
        "Rejected bad [/x].txt: quotes [/x] and [red]",
        "  Hint: see [bold]README[/bold]",
        "Rejected files are listed in out [/y]/rejected.csv.",
    ):
        assert printed in text, printed


@pytest.mark.e2e
def test_the_command_line_takes_its_width_from_columns(tmp_path: Path) -> None:
    """``COLUMNS=80 govtasks ingest … 2>log``: the summary fits 80 columns in the log too (without
    COLUMNS, a log gets 200-column lines)."""
    result = subprocess.run(
        [sys.executable, "-m", "govtasks", "ingest", str(EXTRA), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=False,
    )
    assert result.returncode == 2, result.stderr  # files rejected
    lines = result.stderr.splitlines()
    assert max(map(cell_len, lines)) <= 80
    check_table(lines, tmp_path / "out")
    check_rejected(lines, tmp_path / "out")
