"""Issue 20, part 1: a re-run links again only the (district, year) blocks whose files changed,
and copies every other block's rows from its last outputs; the outputs must be the bytes a full
rebuild writes.

Every case here makes a first run into ``out``, changes the sources (or the outputs), runs again
into the same ``out``, then runs ``--full`` on the same sources into another folder: every file
both wrote is compared byte for byte (run.json, manifest.json and .cache say how the run went),
so are run.json's counts of rows and the printed summary (kept blocks' counts come from the
index), and run.json must say exactly how many blocks were linked again, the number reasoned
from which blocks the change touches.

The sources are the samples and ten real pages of other layouts: ten blocks (two of two files:
萧山区 2020 = samples 000 + 001, 拱墅区 2020 = 002 + 06_gongshu, 余杭区 2018 = 004 + 01_yuhang) and
two rejected files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from rich.console import Console
from tests.conftest import DETERMINISTIC, EXTRA, SAMPLES, copy_samples, small_row_groups

from govtasks.read.sources import SIDECAR_SUFFIX, phrase_file_of
from govtasks.run import pools
from govtasks.run.ingest import run_ingest
from govtasks.run.settings import RunSettings
from govtasks.write import tables as write
from govtasks.write.reuse import INDEX

#: Sample and page files, by a short name.
S000, S001, S002, S003, S004 = (SAMPLES[key].name for key in ("000", "001", "002", "003", "004"))
YUHANG_2018 = "01_yuhang_2018_plan_gov_paragraphs.txt"  # 余杭区 2018, with 004
GONGSHU_2020 = "06_gongshu_2020_q3_gov.txt"  # 拱墅区 2020, with 002
GONGSHU_2022 = "08_gongshu_2022_q3_gov_seq5col.txt"  # 拱墅区 2022, alone
SHANGCHENG_2019 = "19_shangcheng_2019_plan_pipes_https.txt"  # 上城区 2019, alone
XIHU_2019 = "22_xihu_2019_minsheng_progress_asterisk_units.txt"  # 西湖区 2019, alone
CAIDIAN_2023 = "29_caidian_2023_plan_label_lines.txt"  # 蔡甸区 2023, alone
SHAOXING_2020 = "14_shaoxing_city_2020_q1_progress_before_unit.txt"  # refused: no city named
REJECTED = "34_xiaoshan_2022_h1_narrative_no_table.txt"  # refused: no task table

BLOCKS = 10  # the blocks of _raw's files


def _raw(folder: Path) -> Path:
    """The samples and the real pages of other layouts (every .txt of the extra samples)."""
    raw = copy_samples(folder)
    for extra in sorted(EXTRA.glob("*.txt")):
        (raw / extra.name).write_bytes(extra.read_bytes())
    return raw


def _run(raw: Path, out: Path, **settings: Any) -> tuple[dict[str, Any], str]:
    """Run ingest; run.json's facts and what the console said."""
    console = _console()
    run_ingest(RunSettings(raw, out, **{"jobs": 1, **settings}), console=console)
    return json.loads((out / "run.json").read_text(encoding="utf-8")), _said(console)


def _console() -> Console:
    """A console wide enough that no line wraps (the output folders' names differ in length)."""
    return Console(file=io.StringIO(), width=1000)


def _said(console: Console) -> str:
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


#: What only an incremental run says.
INCREMENTAL = ("Incremental: ", "Blocks linked again: ")


def _summary(said: str, out: Path) -> list[str]:
    """The summary's lines, but those of an incremental run (and why it links every block)."""
    return [
        line.replace(str(out), "OUT")
        for line in said.splitlines()
        if not line.startswith(INCREMENTAL) and "linking every block again" not in line
    ]


def _written(out: Path) -> dict[str, bytes]:
    """Every output file's bytes but those that say how the run went (run.json, manifest.json)
    and the cache: the tables (split year files too), links_review.csv, files.csv ..."""
    skipped = {"run.json", "manifest.json"}
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name not in skipped and ".cache" not in path.relative_to(out).parts
    }


def _assert_as_full_rebuild(raw: Path, out: Path, said: str, full: Path, **settings: Any) -> None:
    """``out`` holds the bytes a ``--full`` run of ``raw`` into ``full`` writes, and the
    incremental run's summary (``said``) is the full run's."""
    console = _console()
    run_ingest(RunSettings(raw, full, **{"jobs": 1, **settings, "full": True}), console=console)
    assert _summary(said, out) == _summary(_said(console), full)
    expected = _written(full)
    for name in [*DETERMINISTIC, "files.csv", "figures.csv", "figures.parquet"]:
        split = name.endswith(".csv") and any(key.startswith(name[:-4] + "/") for key in expected)
        assert name in expected or split, name  # a table CSV split by year: its year files
    found = _written(out)
    assert sorted(found) == sorted(expected)
    for name, data in expected.items():
        assert found[name] == data, name
    # run.json's counts of the rows: those of copied blocks come from the index.
    assert _counts(out) == _counts(full)


#: run.json's facts about how the run went rather than what the tables hold.
RUN_FACTS = {"started", "seconds", "mode", "files_read", "files_reused", "blocks_linked", "row_groups_copied"}


def _counts(out: Path) -> dict[str, Any]:
    facts = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {key: value for key, value in facts.items() if key not in RUN_FACTS}


def _linked(facts: dict[str, Any], said: str, linked: int, blocks: int) -> None:
    assert (facts["blocks"], facts["blocks_linked"]) == (blocks, linked)
    # The summary says so when the run reused files (after a change of phrase list, none).
    if facts["files_reused"]:
        assert f"Blocks linked again: {linked} of {blocks};" in said
    else:
        assert "Blocks linked again" not in said
    assert "Traceback" not in said


# --- the changes to the sources, each with the blocks it links again ---------------------------


def _remove(*names: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        for name in names:
            (raw / name).unlink()

    return change


def _add(*names: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        for name in names:
            source = SAMPLES[name[:3]] if name in (S000, S001, S002, S003, S004) else EXTRA / name
            (raw / name).write_bytes(source.read_bytes())

    return change


def _edit(raw: Path) -> None:
    """Sample 001 (萧山区 2020) says 25 policies online instead of 24: new bytes, same size."""
    path = raw / S001
    text = path.read_text(encoding="utf-8")
    assert text.count("目前已上线24条政策") == 1
    path.write_text(text.replace("目前已上线24条政策", "目前已上线25条政策"), encoding="utf-8")


def _empty(name: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        (raw / name).write_bytes(b"")

    return change


def _touch(raw: Path) -> None:
    """Sample 002 gets a new mtime, same bytes."""
    state = (raw / S002).stat()
    os.utime(raw / S002, ns=(state.st_atime_ns, state.st_mtime_ns + 5_000_000_000))


def _rename(old: str, new: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        (raw / new).parent.mkdir(parents=True, exist_ok=True)
        (raw / old).rename(raw / new)

    return change


def _sidecar(name: str, text: str | None) -> Callable[[Path], None]:
    """Write (or, with None, remove) the sidecar of ``name``."""

    def change(raw: Path) -> None:
        path = raw / (name + SIDECAR_SUFFIX)
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")

    return change


def _copy(original: str, copy: str) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        (raw / copy).write_bytes((raw / original).read_bytes())

    return change


def _nothing(raw: Path) -> None:
    pass


def _all(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        for one in changes:
            one(raw)

    return change


#: (before the first run, the change, blocks linked again, blocks after); the reason in a comment.
CASES: dict[str, tuple[Callable[[Path], None], Callable[[Path], None], int, int]] = {
    # 1. 余杭区 2018 gains a member (004 + 01_yuhang): that block alone.
    "added to a block": (_remove(YUHANG_2018), _add(YUHANG_2018), 1, BLOCKS),
    # 1. 蔡甸区 2023 is a new district: the new block alone; the nine others copied.
    "added, new district": (_remove(CAIDIAN_2023), _add(CAIDIAN_2023), 1, BLOCKS),
    # 1. 拱墅区 2022 is a new year of a district the tables hold (拱墅区 2020).
    "added, new year": (_remove(GONGSHU_2022), _add(GONGSHU_2022), 1, BLOCKS),
    # 2. sample 001's bytes: its block, 萧山区 2020 (000 + 001), alone.
    "changed": (_nothing, _edit, 1, BLOCKS),
    # 2. the same bytes under a new mtime: read again, the same rows' key: no block.
    "touched": (_nothing, _touch, 0, BLOCKS),
    # 3. 拱墅区 2020 loses 06_gongshu, keeps 002: that block alone.
    "deleted from a block": (_nothing, _remove(GONGSHU_2020), 1, BLOCKS),
    # 3. 西湖区 2019 loses its only file: it is gone, nothing is linked.
    "deleted, last of its block": (_nothing, _remove(XIHU_2019), 0, BLOCKS - 1),
    # 3. a rejected file is in no block.
    "deleted, rejected": (_nothing, _remove(REJECTED), 0, BLOCKS),
    # 4. source_file of 001 changes (萧山区 2020): that block alone.
    "renamed": (_nothing, _rename(S001, "x001.txt"), 1, BLOCKS),
    # 4. source_file of the page of 西湖区 2019 becomes sub/...: that block alone.
    "moved into a subfolder": (_nothing, _rename(XIHU_2019, f"sub/{XIHU_2019}"), 1, BLOCKS),
    # 4. a rejected file renamed: no block.
    "renamed, rejected": (_nothing, _rename(REJECTED, "refused.txt"), 0, BLOCKS),
    # 5. a sidecar moves 01_yuhang to 2019: 余杭区 2018 (now 004 alone) and the new 余杭区 2019.
    "sidecar added, another year": (_nothing, _sidecar(YUHANG_2018, "year = 2019\n"), 2, BLOCKS + 1),
    # 5. the sidecar now says 2022: 余杭区 2022 gains it (003 + 01_yuhang), 余杭区 2019 is gone,
    # 余杭区 2018 (004 alone) is as the last run linked it.
    "sidecar changed, another year": (
        _sidecar(YUHANG_2018, "year = 2019\n"),
        _sidecar(YUHANG_2018, "year = 2022\n"),
        1,
        BLOCKS,
    ),
    # 5. the sidecar gone: 01_yuhang back in 余杭区 2018 (linked), 余杭区 2019 gone.
    "sidecar removed": (_sidecar(YUHANG_2018, "year = 2019\n"), _sidecar(YUHANG_2018, None), 1, BLOCKS),
    # 5. a sidecar gives 西湖区 2019's page to 上城区: 上城区 2019 gains it, 西湖区 2019 is gone.
    "sidecar added, another district": (
        _nothing,
        _sidecar(XIHU_2019, 'district = "上城区"\n'),
        1,
        BLOCKS - 1,
    ),
    # 5. a sidecar that changes the title only: its file's rows' key changes, so its block.
    "sidecar added, same block": (_nothing, _sidecar(CAIDIAN_2023, 'title = "蔡甸区2023年"\n'), 1, BLOCKS),
    # 7. a copy that sorts before 000 is kept instead of 000: 萧山区 2020's source_file changes.
    "copy sorting before": (_nothing, _copy(S000, "0000-copy.txt"), 1, BLOCKS),
    # 7. a copy that sorts after 000 is dropped: no block (files.csv lists it).
    "copy sorting after": (_nothing, _copy(S000, "zz-copy.txt"), 0, BLOCKS),
    # 4. a name in Chinese: 萧山区 2020 (001's source_file) alone.
    "renamed, Chinese name": (_nothing, _rename(S001, "萧山区第三季度.txt"), 1, BLOCKS),
    # 2. a file emptied is refused: 拱墅区 2020 loses 06_gongshu, keeps 002.
    "changed, now refused": (_nothing, _empty(GONGSHU_2020), 1, BLOCKS),
    # 5. a sidecar names the city of a file refused for it: the new block 绍兴市 2020 alone.
    "sidecar added, refused accepted": (
        _nothing,
        _sidecar(SHAOXING_2020, 'district = "绍兴市"\n'),
        1,
        BLOCKS + 1,
    ),
    # 7. a copy sorting before 000 with a sidecar of another year: it is kept, 000 dropped as
    # its copy (same bytes): 萧山区 2020 loses 000, 萧山区 2019 is new.
    "copy sorting before, another year": (
        _nothing,
        _all(_copy(S000, "0000-copy.txt"), _sidecar("0000-copy.txt", "year = 2019\n")),
        2,
        BLOCKS + 1,
    ),
    # 9. several at once: 余杭区 2018 gains 01_yuhang, 拱墅区 2020 loses 06_gongshu, 上城区 2019's
    # file renamed, 萧山区 2020's 001 edited; 西湖区 2019 deleted (gone), 002 touched (拱墅区 2020
    # already counted), the rejected file removed: four blocks of nine.
    "several": (
        _remove(YUHANG_2018),
        _all(
            _add(YUHANG_2018),
            _remove(GONGSHU_2020, XIHU_2019, REJECTED),
            _rename(SHANGCHENG_2019, "shangcheng.txt"),
            _edit,
            _touch,
        ),
        4,
        BLOCKS - 1,
    ),
}


#: 9. with workers (jobs=2), for a few cases: the same bytes.
WITH_WORKERS = ["several", "added to a block", "sidecar changed, another year", "copy sorting before"]


@pytest.mark.parametrize(
    ("case", "jobs"), [*((case, 1) for case in CASES), *((case, 2) for case in WITH_WORKERS)]
)
def test_a_rerun_links_the_changed_blocks_and_writes_the_full_rebuilds_bytes(
    tmp_path: Path, case: str, jobs: int
) -> None:
    before, change, linked, blocks = CASES[case]
    raw = _raw(tmp_path / "raw")
    before(raw)
    out = tmp_path / "out"
    _run(raw, out, jobs=jobs)
    first = _written(out)
    change(raw)
    facts, said = _run(raw, out, jobs=jobs)
    _linked(facts, said, linked, blocks)
    # Any change but a touch changes an output (files.csv at least).
    assert (_written(out) == first) == (case == "touched")
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full", jobs=jobs)


# --- a district inferred from a file's series -----------------------------------------------------

FIELD = Path(__file__).parent / "fixtures" / "field"


def _series(raw: Path) -> Path:
    """拱墅区's quarterly pages a01 (2021 Q4) and a18 (2020 Q1) with their one mention of the
    district taken out (refused alone), a11 (2023 Q4) of the same publisher's 索引号 naming it
    (both are accepted, their district inferred from it), and sample 001 (萧山区 2020)."""
    raw.mkdir(parents=True)
    for name in ("a01_gongshu_2021_q4.txt", "a18_gongshu_2020_q1.txt"):
        text = (FIELD / name).read_text(encoding="utf-8")
        assert text.count("生态环境拱墅分局") == 1
        (raw / name[:3]).with_suffix(".txt").write_text(text.replace("生态环境拱墅分局", "生态环境分局"))
    (raw / "a11.txt").write_bytes((FIELD / "a11_gongshu_2023_q4.txt").read_bytes())
    return copy_samples(raw, ["001"])


@pytest.mark.parametrize(
    ("change", "linked", "blocks"),
    [
        # a11's block (its source_file), and the two inferred from it: their note names it.
        (_rename("a11.txt", "a11-renamed.txt"), 3, 4),
        # a copy of a11 after it: dropped from the tables, but it vouches too ("from 2 reports
        # of the same publisher …: a11.txt, zz-copy.txt"), and the inferred district's note is
        # in a01's and a18's rows' key: their two blocks (the same rows), not a11's.
        (_copy("a11.txt", "zz-copy.txt"), 2, 4),
        # a11 gone: a01 and a18 refused again; only 萧山区 2020 is left, as it was.
        (_remove("a11.txt"), 0, 1),
    ],
    ids=["voucher renamed", "voucher copied", "voucher removed"],
)
def test_a_change_to_the_file_a_district_was_inferred_from(
    tmp_path: Path, change: Callable[[Path], None], linked: int, blocks: int
) -> None:
    raw = _series(tmp_path / "raw")
    out = tmp_path / "out"
    facts, _ = _run(raw, out)
    assert (facts["blocks"], facts["files_rejected"]) == (4, 0)
    change(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, linked, blocks)
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")


# --- 6. the phrase list --------------------------------------------------------------------------


def test_a_changed_phrase_list_links_every_block_again(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "data" / "raw")
    phrases = phrase_file_of(raw)  # data/phrases.txt, beside the raw folder
    out = tmp_path / "out"
    phrases.write_text("# mine\n", encoding="utf-8")
    _run(raw, out, phrase_file=phrases)
    assert "山海协作".encode() in (out / "progress.csv").read_bytes()
    phrases.write_text("# mine\n山海协作 => 山海合作\n", encoding="utf-8")
    facts, said = _run(raw, out, phrase_file=phrases)
    # Every file's rows' key holds the phrase list: every block is new.
    _linked(facts, said, BLOCKS, BLOCKS)
    assert "山海合作".encode() in (out / "progress.csv").read_bytes()
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full", phrase_file=phrases)


# --- 8. the last outputs edited by hand, the index damaged ---------------------------------------


def _rewrite_csv(out: Path) -> None:
    """progress.csv rewritten as a user's editor would: a row dropped."""
    lines = (out / "progress.csv").read_bytes().split(b"\r\n")
    (out / "progress.csv").write_bytes(b"\r\n".join(lines[:1] + lines[2:]))


def _append_to_review(out: Path) -> None:
    """links_review.csv with a blank line added at its end."""
    with open(out / "links_review.csv", "ab") as review:
        review.write(b"\r\n")


def _replace_parquet(out: Path) -> None:
    """tasks.parquet replaced by the same rows written anew (another file: other bytes)."""
    table = pq.read_table(out / "tasks.parquet")
    pq.write_table(table.slice(1), out / "tasks.parquet")


def _index_bytes(damage: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(out: Path) -> None:
        path = out / INDEX
        path.write_bytes(damage(path.read_bytes()))

    return change


def _older_format(data: bytes) -> bytes:
    """The same index as format 0 would say, with a right checksum: of an older govtasks."""
    text = data.rpartition(b"\n")[0]
    top = json.loads(text)
    top["format"] = 0
    text = json.dumps(top, ensure_ascii=False, separators=(",", ":")).encode()
    return text + b"\n" + hashlib.sha256(text).hexdigest().encode()


def _no_checksum(data: bytes) -> bytes:
    """An index as plain JSON, without the checksum line."""
    return data.rpartition(b"\n")[0]


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


#: (damage to the last outputs, what the console must say once)
DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "csv rewritten": (_rewrite_csv, "progress.csv changed since the last run: linking every block again."),
    "parquet replaced": (
        _replace_parquet,
        "tasks.parquet changed since the last run: linking every block again.",
    ),
    "review rewritten": (
        _append_to_review,
        "links_review.csv changed since the last run: linking every block again.",
    ),
    "csv deleted": (
        lambda out: (out / "figures.csv").unlink(),
        "figures.csv changed since the last run: linking every block again.",
    ),
    "parquet deleted": (
        lambda out: (out / "reports.parquet").unlink(),
        "reports.parquet changed since the last run: linking every block again.",
    ),
    "index damaged": (_index_bytes(_flip), f"{INDEX} cut short or damaged: linking every block again."),
    "index cut short": (
        _index_bytes(lambda data: data[: len(data) // 3]),
        f"{INDEX} cut short or damaged: linking every block again.",
    ),
    "index empty": (_index_bytes(lambda data: b""), f"{INDEX} cut short or damaged"),
    "index of an older format": (_index_bytes(_older_format), f"{INDEX} index format 0"),
    "index without a checksum": (_index_bytes(_no_checksum), f"{INDEX} cut short or damaged"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_outputs_edited_by_hand_or_a_damaged_index_link_every_block_again(
    tmp_path: Path, damage: str
) -> None:
    """A file added besides (so that something is read): every block is linked, once said why."""
    spoil, says = DAMAGE[damage]
    raw = _raw(tmp_path / "raw")
    (raw / YUHANG_2018).unlink()
    out = tmp_path / "out"
    _run(raw, out)
    spoil(out)
    _add(YUHANG_2018)(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, BLOCKS, BLOCKS)
    assert said.count(says) == 1, said
    assert said.count("linking every block again") == 1
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")


def test_a_damaged_index_alone_is_rebuilt_and_the_next_run_copies_again(tmp_path: Path) -> None:
    """No source changed, the index damaged: every block linked again; the index written by
    that run serves the next one."""
    raw = _raw(tmp_path / "raw")
    out = tmp_path / "out"
    _run(raw, out)
    _index_bytes(_flip)(out)
    _touch(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, BLOCKS, BLOCKS)
    _remove(GONGSHU_2020)(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, 1, BLOCKS)  # 拱墅区 2020 alone
    assert "linking every block again" not in said
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")


def test_a_missing_index_links_every_block_without_a_word(tmp_path: Path) -> None:
    """No index (a first run, or outputs of a govtasks before part 1): nothing to say."""
    raw = _raw(tmp_path / "raw")
    out = tmp_path / "out"
    _run(raw, out)
    (out / INDEX).unlink()
    _touch(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, BLOCKS, BLOCKS)
    assert "linking every block again" not in said
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")


# --- 10. a table split by year; 11. many Parquet row groups ----------------------------------------


def test_blocks_are_copied_from_the_year_files_of_a_split_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "SHEET_ROWS", 201)  # 200 data rows a file, as test_csv_split
    raw = _raw(tmp_path / "raw")
    (raw / YUHANG_2018).unlink()
    out = tmp_path / "out"
    _run(raw, out)
    assert (out / "progress" / "2020-1.csv").is_file()
    _add(YUHANG_2018)(raw)
    facts, said = _run(raw, out)
    # 余杭区 2018 gains 01_yuhang: that block alone; the others come from the year files.
    _linked(facts, said, 1, BLOCKS)
    assert sorted(facts["csv_split"]) == ["figures", "progress", "tasks"]
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")


def test_parquet_row_groups_of_unchanged_blocks_are_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_row_groups(monkeypatch)
    raw = _raw(tmp_path / "raw")
    (raw / CAIDIAN_2023).unlink()
    out = tmp_path / "out"
    _run(raw, out)
    assert pq.ParquetFile(out / "progress.parquet").metadata.num_row_groups > 3
    _add(CAIDIAN_2023)(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, 1, BLOCKS)  # 蔡甸区 2023, a new block
    assert facts["row_groups_copied"] > 0
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")


@pytest.mark.parametrize("jobs", [1, 2])
def test_run_after_run_with_many_row_groups_and_split_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Each run copies from files a previous run copied into: its index must hold where every
    block went. Many row groups, tables split by year, a block a batch, all at once."""
    small_row_groups(monkeypatch)
    monkeypatch.setattr(write, "SHEET_ROWS", 201)
    monkeypatch.setattr(pools, "LINK_BATCH_ROWS", 1)
    raw = _raw(tmp_path / "raw")
    (raw / YUHANG_2018).unlink()
    out = tmp_path / "out"
    _run(raw, out, jobs=jobs)
    steps: list[tuple[Callable[[Path], None], int, int]] = [
        (_add(YUHANG_2018), 1, BLOCKS),  # 余杭区 2018 gains a file
        (_edit, 1, BLOCKS),  # 萧山区 2020's 001 edited
        (_remove(XIHU_2019), 0, BLOCKS - 1),  # 西湖区 2019 gone
        (_rename(GONGSHU_2022, "sub/gongshu.txt"), 1, BLOCKS - 1),  # 拱墅区 2022's source_file
        (_touch, 0, BLOCKS - 1),
        (_add(XIHU_2019), 1, BLOCKS),  # 西湖区 2019 back, a new block again
    ]
    copied = 0
    for step, (change, linked, blocks) in enumerate(steps):
        change(raw)
        facts, said = _run(raw, out, jobs=jobs)
        _linked(facts, said, linked, blocks)
        copied += facts["row_groups_copied"]
        _assert_as_full_rebuild(raw, out, said, tmp_path / f"full-{step}", jobs=jobs)
    assert copied > 0


@pytest.mark.parametrize("split_first", [True, False], ids=["split, then whole", "whole, then split"])
def test_blocks_are_copied_across_a_change_of_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split_first: bool
) -> None:
    """The limit changes between runs (as when a corpus grows past it): the kept blocks' CSV
    bytes are copied from year files into whole files, or the other way."""
    raw = _raw(tmp_path / "raw")
    (raw / YUHANG_2018).unlink()
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        if split_first:
            patch.setattr(write, "SHEET_ROWS", 201)
        _run(raw, out)
    assert (out / "progress").is_dir() == split_first
    if not split_first:
        monkeypatch.setattr(write, "SHEET_ROWS", 201)
    _add(YUHANG_2018)(raw)
    facts, said = _run(raw, out)
    _linked(facts, said, 1, BLOCKS)  # 余杭区 2018 gains a file
    assert (out / "progress").is_dir() != split_first
    _assert_as_full_rebuild(raw, out, said, tmp_path / "full")
