"""Everything a run reads back is verified (issue 16, points 3 and 7): cache files, manifest.json,
the sources behind the outputs (``validate --sources``), and the user's phrase list, found from
the raw folder rather than the working directory and checked line by line.

Small inputs, runs in this process with one job: the whole module takes a few seconds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import DETERMINISTIC, copy_samples, quiet_console

from govtasks import cli
from govtasks.run.cache import CACHE_DIR, HEADS
from govtasks.run.ingest import run_ingest
from govtasks.run.manifest import MANIFEST
from govtasks.run.settings import RunSettings
from govtasks.write.reuse import INDEX

pytestmark = pytest.mark.adversarial


def _tables(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in DETERMINISTIC}


def _ingest(raw: Path, out: Path, **kwargs: object) -> object:
    return run_ingest(RunSettings(raw, out, jobs=1, **kwargs), console=quiet_console())  # type: ignore[arg-type]


# --- 1. cache files: checksummed as a whole, tied to their source and key -----------------------


def _flip_year(path: Path) -> None:
    """A year 2020 turned into 2021 in ``path`` (one bit: 0x30 -> 0x31)."""
    data = path.read_bytes()
    assert b'"year": 2020' in data
    path.write_bytes(data.replace(b'"year": 2020', b'"year": 2021', 1))


def _ingested_with_a_2020_cache_file(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], Path]:
    """Samples 001 and 004 ingested: the raw and output folders, the tables, and the cache file
    of the report of 2020 (not the heads file, which holds its head too)."""
    raw = copy_samples(tmp_path / "raw", ["001", "004"])
    out = tmp_path / "out"
    _ingest(raw, out)
    [cache_file] = [
        p for p in (out / CACHE_DIR).iterdir() if p != out / HEADS and b'"year": 2020' in p.read_bytes()
    ]
    return raw, out, _tables(out), cache_file


def test_a_flipped_bit_in_a_cache_head_is_parsed_again(tmp_path: Path) -> None:
    """A year 2020 turned into 2021 in a cache file's head, as the file and the heads file
    hold it, used to pass the body's CRC and reach the tables; the checksum now covers the head
    too, and the heads file has one of its own (it is then not used at all)."""
    raw, out, full, damaged = _ingested_with_a_2020_cache_file(tmp_path)
    _flip_year(damaged)
    _flip_year(out / HEADS)
    result = _ingest(raw, out)
    assert _tables(out) == full
    assert result.reused == 1  # type: ignore[attr-defined]


def test_a_flipped_bit_in_a_cache_file_alone_is_caught_when_its_rows_are_read(tmp_path: Path) -> None:
    """The heads file holds the cache file's head whole: the run takes it from there, and the
    file's block, kept, needs no rows. Once the block is linked again (here: every block, the
    index of blocks gone) the file fails its checksum and is parsed again."""
    raw, out, full, damaged = _ingested_with_a_2020_cache_file(tmp_path)
    _flip_year(damaged)
    kept = _ingest(raw, out)
    assert _tables(out) == full
    assert kept.reused == 2  # type: ignore[attr-defined]
    (out / INDEX).unlink()
    relinked = _ingest(raw, out)
    assert _tables(out) == full
    assert relinked.reused == 1  # type: ignore[attr-defined]
    assert b'"year": 2021' not in damaged.read_bytes()  # parsed again, stored again


def test_swapped_cache_keys_in_the_manifest_do_not_swap_rows(tmp_path: Path) -> None:
    """Two entries of manifest.json exchanging their ``cache`` values: each cache file records
    the source SHA-256 and the key it was stored under, so both files are parsed again."""
    raw = copy_samples(tmp_path / "raw", ["001", "004"])
    out = tmp_path / "out"
    _ingest(raw, out)
    full = _tables(out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    first, second = manifest["files"]
    first["cache"], second["cache"] = second["cache"], first["cache"]
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = _ingest(raw, out)
    assert _tables(out) == full
    assert result.reused == 0  # type: ignore[attr-defined]


# --- 2. manifest.json checked against its layout ----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("null", "not a JSON object but null"),
        ("[]", "not a JSON object but a list"),
        ("5", "not a JSON object but a number"),
        ('{"entries": 3}', "manifest_format is missing"),
        ("{", "not JSON"),
    ],
)
def test_a_manifest_that_is_not_one_means_a_full_rebuild_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, reason: str
) -> None:
    raw = copy_samples(tmp_path / "raw", ["001"])
    out = tmp_path / "out"
    _ingest(raw, out)
    full = _tables(out)
    (out / MANIFEST).write_text(content, encoding="utf-8")
    capsys.readouterr()
    assert cli.run(["ingest", str(raw), "--out", str(out), "--jobs", "1"]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert err.count("unreadable") == 1, err
    assert f"manifest.json unreadable ({reason}" in err
    assert "rebuilding everything" in err
    assert _tables(out) == full
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["manifest_format"] == 2


@pytest.mark.parametrize(
    "edit",
    [
        # the run's folder is beside OUT: this name led to tmp_path/victim.json, unlinked
        lambda m: m["files"][0].update(cache="../victim.json"),
        lambda m: m["files"][0].update(path="../outside.txt"),
        lambda m: m["files"][0]["state"].update(size="8843"),
        lambda m: m["files"][0].update(sha256=5),
        lambda m: m.update(rejected=-1),
        lambda m: m.update(outputs=[]),
    ],
)
def test_a_manifest_with_a_wrong_value_means_a_full_rebuild(tmp_path: Path, edit: object) -> None:
    """A cache name leading out of .cache/ was pinned (and unlinked on failure) outside the run's
    folder; wrong types crashed the run. Now the manifest is not used at all."""
    raw = copy_samples(tmp_path / "raw", ["001"])
    out = tmp_path / "out"
    _ingest(raw, out)
    full = _tables(out)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    edit(manifest)  # type: ignore[operator]
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    victim = tmp_path / "victim.json"
    victim.write_text("mine")
    result = _ingest(raw, out)
    assert _tables(out) == full
    assert result.reused == 0  # type: ignore[attr-defined]
    assert victim.read_text() == "mine"


# --- 3. validate --sources --------------------------------------------------------------------------


def _same_size_same_mtime_edit(path: Path) -> None:
    """New bytes of the same length, the mtime put back: the quick check cannot see it."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    at = data.index(b"2020")
    data[at : at + 4] = b"2019"
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns


def test_validate_sources_sees_a_same_size_same_mtime_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = copy_samples(tmp_path / "raw", ["001", "004"])
    (raw / "004_a3cc683a55f0c1f2.txt.meta.toml").write_text('district = "余杭区"\n', encoding="utf-8")
    out = tmp_path / "out"
    _ingest(raw, out)
    capsys.readouterr()
    assert cli.run(["validate", str(out), "--sources"]) == cli.EXIT_OK
    assert "sources current" in capsys.readouterr().out

    _same_size_same_mtime_edit(raw / "001_03dc6f653f7d2afa.txt")
    _same_size_same_mtime_edit_text(raw / "004_a3cc683a55f0c1f2.txt.meta.toml", "余杭区", "萧山区")
    (raw / "new.txt").write_text("new", encoding="utf-8")
    assert cli.run(["validate", str(out), "--sources"]) == cli.EXIT_REJECTED
    captured = capsys.readouterr()
    assert "source 001_03dc6f653f7d2afa.txt: changed since the last ingest" in captured.out
    assert "sidecar 004_a3cc683a55f0c1f2.txt.meta.toml: changed since the last ingest" in captured.out
    assert "source new.txt: new, not ingested yet" in captured.out
    assert "govtasks ingest --full" in captured.err

    (raw / "001_03dc6f653f7d2afa.txt").unlink()
    assert cli.run(["validate", str(out), "--sources", "--raw", str(raw)]) == cli.EXIT_REJECTED
    assert "source 001_03dc6f653f7d2afa.txt: gone since the last ingest" in capsys.readouterr().out
    assert cli.run(["validate", str(out), "--raw", str(raw)]) == cli.EXIT_USAGE
    assert "Hint: Add --sources" in capsys.readouterr().err


def _same_size_same_mtime_edit_text(path: Path, old: str, new: str) -> None:
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def test_validate_sources_without_a_manifest_says_to_ingest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = copy_samples(tmp_path / "raw", ["001"])
    out = tmp_path / "out"
    _ingest(raw, out)
    (out / MANIFEST).write_text("[]", encoding="utf-8")
    assert cli.run(["validate", str(out), "--sources"]) == cli.EXIT_REJECTED
    assert "manifest.json unreadable (not a JSON object but a list)" in capsys.readouterr().out
    (out / MANIFEST).unlink()
    assert cli.run(["validate", str(out), "--sources"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "manifest.json is missing" in err and "Hint: Run `govtasks ingest" in err


# --- 4. the user's phrase list: beside the raw folder, whatever the working directory ----------------


def test_the_same_command_from_another_folder_gives_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    raw = copy_samples(project / "data" / "raw", ["001"])
    (project / "data" / "phrases.txt").write_text("山海协作 => 山海合作\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert cli.run(["ingest", "data/raw", "--out", "data/processed", "--jobs", "1"]) == cli.EXIT_OK
    here = _tables(project / "data" / "processed")
    assert "山海合作".encode() in here["progress.csv"]  # the user's list was used
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = tmp_path / "out"
    assert cli.run(["ingest", str(raw), "--out", str(out), "--jobs", "1"]) == cli.EXIT_OK
    assert _tables(out) == here
    facts = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert facts["phrase_file"] == str((project / "data" / "phrases.txt").resolve())
    # --phrases still decides
    other = tmp_path / "other.txt"
    other.write_text("# nothing\n", encoding="utf-8")
    out2 = tmp_path / "out2"
    assert cli.run(["ingest", str(raw), "--out", str(out2), "--jobs", "1", "--phrases", str(other)]) == 0
    assert "山海合作".encode() not in (out2 / "progress.csv").read_bytes()


# --- 5. the phrase list checked line by line -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("於衛國 =>", "has no target"),
        ("=> 於卫国", "has no source"),
        ("甲 => 乙 => 丙", "has two `=>`"),
    ],
)
def test_a_malformed_phrase_line_is_an_error_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, says: str
) -> None:
    raw = copy_samples(tmp_path / "data" / "raw", ["001"])
    phrases = tmp_path / "data" / "phrases.txt"  # found beside the raw folder
    phrases.write_text(f"# mine\n於卫国\n{line}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.run(["ingest", str(raw), "--out", str(out), "--jobs", "1"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"Error: phrase list {phrases}: `{line}` {says}" in err
    assert "(line 3)" in err
    assert "Hint: " in err and "Traceback" not in err
    assert not out.exists()


def test_a_phrase_list_saved_with_a_bom_keeps_its_first_phrase(tmp_path: Path) -> None:
    """Notepad's UTF-8 puts a BOM before the first line: it used to become part of the first
    phrase, which then matched nothing."""
    raw = copy_samples(tmp_path / "raw", ["001"])
    phrases = tmp_path / "phrases.txt"
    phrases.write_bytes("\ufeff山海协作 => 山海合作\n".encode())
    _ingest(raw, tmp_path / "out", phrase_file=phrases)
    assert "山海合作".encode() in (tmp_path / "out" / "progress.csv").read_bytes()
