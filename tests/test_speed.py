"""Issue 6, "make it fast": the shortcuts must not change a byte of output.

- The converter's fast path (skip text t2s cannot change, convert piece by piece, cache) gives
  what the plain converter gives, on random mixed text and on every dictionary key.
- The script decision without the converter (is_traditional) is the one traditional_share gives.
- --jobs N writes the same bytes as --jobs 1; a worker that dies rejects its file only.
- `govtasks --help` and `govtasks detect` do not import pandas or pyarrow.

Nothing here times anything (benchmarks/ does).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from opencc import OpenCC
from tests.conftest import EXTRA, ROOT, SAMPLES, copy_samples, quiet_console, write_traditional_copy

from govtasks.clean.normalize import (
    TRADITIONAL_THRESHOLD,
    _changing_keys,
    _dictionary,
    _few_changing,
    _triggers,
    changing_spans,
    is_traditional,
    may_change,
    t2s,
    traditional_share,
)
from govtasks.ids import _NOT_LETTER_OR_NUMBER, content_key
from govtasks.run import pools
from govtasks.run.cache import Ingested
from govtasks.run.ingest import run_ingest
from govtasks.run.manifest import FileState
from govtasks.run.settings import RunSettings

T2S = OpenCC("t2s")  # the plain converter

# --- the converter's fast path -----------------------------------------------------------------

#: Characters that exercise the fast path: traditional ones, characters that change only inside
#: a phrase (覆, 藉, 瞭, 沈, 衹 and their phrase partners), simplified ones, opencc's separators.
_TRICKY = (
    "區区財财於于衛卫國国關关批覆复反答回蓋盖藉口瞭解沈默船衹得乾干隆燥後后發发髮著名看"
    "，。、（）：；“” -,.?!\n\t"
)
_HAN = st.one_of(
    st.sampled_from(_TRICKY),
    st.sampled_from(sorted({ch for key in _changing_keys() for ch in key})),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
)
_TEXT = st.one_of(
    st.text(_HAN, max_size=60),
    st.lists(st.sampled_from(_changing_keys()), max_size=6).map("".join),  # phrases glued together
    st.lists(st.one_of(st.sampled_from(_changing_keys()), st.text(_HAN, max_size=5)), max_size=8).map(
        "".join
    ),
)


@given(_TEXT)
def test_fast_path_converts_exactly_as_opencc(text: str) -> None:
    assert t2s(text) == T2S.convert(text)
    if not may_change(text):
        assert T2S.convert(text) == text


def test_every_dictionary_key_converts_exactly_as_opencc() -> None:
    """Each key alone and between two characters, so every phrase and its neighbours are tried."""
    for key, _ in _dictionary():
        for text in (key, f"的{key}了", f"{key}，{key}"):
            assert t2s(text) == T2S.convert(text), text


def test_every_key_the_converter_changes_is_found() -> None:
    """The trigger characters cover every changing key: no key can slip past the fast path."""
    for key in _changing_keys():
        assert (0, len(key)) in changing_spans(key), key


def test_samples_convert_exactly_as_opencc() -> None:
    for path in [*SAMPLES.values(), *sorted(EXTRA.iterdir())]:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert t2s(line) == T2S.convert(line)


# --- the script decision -----------------------------------------------------------------------

_DOCUMENT = st.lists(
    st.one_of(
        st.sampled_from(["区科技局", "推进项目建设", "區科技局", "推進項目建設", "於", "批覆", "反覆", "，"]),
        st.text(_HAN, max_size=8),
    ),
    max_size=80,
).map("".join)


@given(_DOCUMENT)
def test_script_decision_is_the_share_against_the_threshold(text: str) -> None:
    assert is_traditional(text) == (traditional_share(text) > TRADITIONAL_THRESHOLD)


@given(
    st.lists(st.sampled_from(["區", "於", "覆", "反覆", "乾隆", "著", "關於", "區域"]), max_size=30),
    st.integers(min_value=100, max_value=1500),
    st.randoms(use_true_random=False),
)
def test_script_decision_near_the_threshold(
    traditional: list[str], n_simple: int, rnd: random.Random
) -> None:
    """A few traditional characters and phrases among many simplified ones: shares around 2%,
    where both bounds are needed and sometimes neither decides."""
    pieces = traditional + list("推进项目建设区科技局完成") * (n_simple // 12)
    rnd.shuffle(pieces)
    text = "".join(pieces)
    assert is_traditional(text) == (traditional_share(text) > TRADITIONAL_THRESHOLD)


@given(
    st.lists(st.sampled_from(["覆", "批覆", "反覆", "沈", "於", "區", "乾隆"]), max_size=12),
    st.integers(min_value=0, max_value=600),
    st.lists(st.sampled_from(["，", "2023 年", "(一)", " ", "\n"]), max_size=300),
    st.randoms(use_true_random=False),
)
def test_counting_the_triggers_only_settles_documents_below_the_threshold(
    traditional: list[str], n_simple: int, other: list[str], rnd: random.Random
) -> None:
    """The count of trigger characters (_few_changing) bounds the share from above: when it
    settles a document, the share is at most the threshold, whatever else the text holds
    (non-Chinese characters, which the sample leaves out, included)."""
    pieces = traditional + ["推进项目建设", "区科技局完成"] * n_simple + other
    rnd.shuffle(pieces)
    text = "".join(pieces)
    present = _triggers().intersection(text)
    if present and _few_changing(text, present):
        assert traditional_share(text) <= TRADITIONAL_THRESHOLD


def test_counting_the_triggers_at_the_threshold() -> None:
    """區 always changes and no longer key holds it (reach 1): one in 51 Chinese characters is
    under the threshold; one in 50 is the threshold itself, left to the full test."""
    assert _few_changing("區" + "区" * 50, {"區"})
    assert _few_changing("區" + "区 " * 50, {"區"})  # spaces are not counted
    assert not _few_changing("區" + "区" * 49, {"區"})
    assert _few_changing("區區" + "区" * 99, {"區"})
    assert not _few_changing("區區" + "区" * 98, {"區"})


def test_counting_the_triggers_settles_the_simplified_samples() -> None:
    """000, 001 and 002 hold a few 覆 (批覆) and 沈, 003 is traditional: the count settles the
    first three without building a sample. 004's 於, 沈 and 覆 are too many for its length
    for the bound, and the sample decides (simplified, test above)."""
    settled = {}
    for name, path in SAMPLES.items():
        text = path.read_text(encoding="utf-8")
        settled[name] = _few_changing(text, _triggers().intersection(text))
    assert settled == {"000": True, "001": True, "002": True, "003": False, "004": False}


def test_script_decision_on_the_samples(tmp_path: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in [*SAMPLES.values(), *sorted(EXTRA.iterdir())]]
    texts.append(write_traditional_copy(SAMPLES["002"], tmp_path).read_text(encoding="utf-8"))
    decisions = [is_traditional(text) for text in texts]
    assert decisions == [traditional_share(text) > TRADITIONAL_THRESHOLD for text in texts]
    assert decisions[3] and decisions[-1]  # 003 and the traditional copy of 002
    assert not any(decisions[:3])


# --- content keys --------------------------------------------------------------------------------


def test_letter_or_number_regex_is_the_unicode_categories() -> None:
    """content_key drops characters by one regex; that is the L*/N* category test, for every
    code point (surrogates included: a str may hold them)."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    kept = "".join(ch for ch in everything if unicodedata.category(ch)[0] in "LN")
    assert _NOT_LETTER_OR_NUMBER.sub("", everything) == kept
    assert content_key("兑现时效，用好“亲清在线”平台_2。") == "兑现时效用好亲清在线平台2"


# --- parallel ingest ---------------------------------------------------------------------------


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every file a run wrote, run.json aside (it holds the time) and the manifest without the
    output files' mtimes."""
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != "run.json"
    }
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("outputs")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def test_jobs_do_not_change_a_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nor do the tasks the files are handed to the workers in: one file a task (a small run)
    or several, largest first (pools._chunks)."""
    raw = copy_samples(tmp_path / "raw")
    for html in sorted((ROOT / "tests" / "fixtures" / "html").iterdir()):
        (raw / html.name).write_bytes(html.read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    quiet = quiet_console()
    outputs = []
    for jobs, tasks_per_worker in ((1, 32), (2, 32), (3, 32), (2, 1)):
        monkeypatch.setattr(pools, "PARSE_TASKS_PER_WORKER", tasks_per_worker)
        out = tmp_path / f"out{jobs}-{tasks_per_worker}"
        result = run_ingest(RunSettings(raw, out, full=True, jobs=jobs), console=quiet)
        assert "empty.txt" in [r.source_file for r in result.rejected]
        assert {SAMPLES[key].name for key in SAMPLES} <= {p.source_file for p in result.parsed}
        outputs.append(_outputs(out))
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    # One cache file a source, the index of the run's blocks (govtasks.write.reuse) and the
    # heads of the cache files (govtasks.run.cache.Heads).
    assert sum(name.startswith(".cache/") for name in outputs[0]) == len(list(raw.iterdir())) + 2


def test_files_go_to_the_workers_largest_first_a_few_at_a_time(tmp_path: Path) -> None:
    sizes = [5, 90, 7, 90, 1, 30]
    paths = []
    for number, size in enumerate(sizes):
        paths.append(tmp_path / f"{number}.txt")
        paths[-1].write_bytes(b"x" * size)
    paths.append(tmp_path / "gone.txt")  # parse_one rejects it; here it only comes last
    states = [FileState.of(path) for path in paths]  # as the run lists them
    assert pools._chunks(states, jobs=2) == [[1], [3], [5], [2], [0], [4], [6]]  # 7 // 64: one a task
    many = states * 100  # 700 files for 2 workers: 700 // 64 = 10, so the most, 8, a task
    chunks = pools._chunks(many, jobs=2)
    assert [len(chunk) for chunk in chunks] == [8] * 87 + [4]
    assert sorted(i for chunk in chunks for i in chunk) == list(range(700))  # each file once


class _PoolBrokenWhileHandingOut(ProcessPoolExecutor):
    """A pool whose tasks after the first are handed out only once the first has ended: when
    its worker dies, the pool is broken before the second task is given (the race a real run
    meets when a worker dies early, made certain)."""

    first: Future[object] | None = None

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.first is not None:
            wait([self.first])
        future = super().submit(fn, *args, **kwargs)
        self.first = self.first or future
        return future


@pytest.mark.parametrize(
    ("tasks_per_worker", "pool"),
    [
        (32, ProcessPoolExecutor),  # one file a task
        (1, ProcessPoolExecutor),  # three a task
        (32, _PoolBrokenWhileHandingOut),  # the pool broken before the second task is handed out
    ],
)
def test_a_worker_that_dies_rejects_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tasks_per_worker: int, pool: type
) -> None:
    monkeypatch.setattr(pools, "PARSE_TASKS_PER_WORKER", tasks_per_worker)
    monkeypatch.setattr(pools, "ProcessPoolExecutor", pool)
    raw = copy_samples(tmp_path / "raw")
    (raw / "crash.txt").write_bytes(SAMPLES["001"].read_bytes() * 50)  # the largest: handed out first
    real = pools.process_file

    def dies_on_crash_txt(path: Path, *args: object) -> object:
        if path.name == "crash.txt":
            os._exit(70)  # as a segfault or the OOM killer would end it: no exception, no cleanup
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pools, "process_file", dies_on_crash_txt)  # forked workers inherit it
    quiet = quiet_console()
    result = run_ingest(RunSettings(raw, tmp_path / "out", full=True, jobs=2), console=quiet)
    assert [r.source_file for r in result.rejected] == ["crash.txt"]
    assert "crashed" in result.rejected[0].reason
    assert result.rejected[0].code == "worker-died"
    assert sorted(p.source_file for p in result.parsed) == sorted(p.name for p in SAMPLES.values())
    assert all(isinstance(p, Ingested) for p in result.parsed)


def test_blocks_are_linked_in_the_workers_and_a_dead_one_costs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --jobs 2 the (district, year) blocks are linked in worker processes; a link worker
    that dies leaves its block and the rest to the main process, and the outputs do not change."""
    raw = copy_samples(tmp_path / "raw")  # four blocks: 萧山区 2020, 拱墅区 2020, 余杭区 2018, 2022
    monkeypatch.setattr(pools, "LINK_BATCH_ROWS", 1)  # each block a batch of its own
    quiet = quiet_console()
    run_ingest(RunSettings(raw, tmp_path / "alone", full=True, jobs=1), console=quiet)
    real = pools._link
    linked_in: list[int] = []  # the main process's own links (workers' calls are not seen here)

    def spy(batch: list[list[Ingested]], folder: Path) -> object:
        linked_in.append(os.getpid())
        return real(batch, folder)

    monkeypatch.setattr(pools, "_link", spy)
    run_ingest(RunSettings(raw, tmp_path / "workers", full=True, jobs=2), console=quiet)
    assert linked_in == []  # every block linked in a worker
    assert _outputs(tmp_path / "workers") == _outputs(tmp_path / "alone")

    def dies(batch: list[list[Ingested]], folder: Path) -> object:
        if os.getpid() != parent:
            os._exit(70)  # a worker killed as the OOM killer would: no exception, no cleanup
        linked_in.append(os.getpid())
        return real(batch, folder)

    parent = os.getpid()
    monkeypatch.setattr(pools, "_link", dies)
    run_ingest(RunSettings(raw, tmp_path / "dead", full=True, jobs=2), console=quiet)
    assert linked_in == [parent] * 4  # the main process linked every block itself
    assert _outputs(tmp_path / "dead") == _outputs(tmp_path / "alone")
    # The same when the pool breaks before the second block is even handed out.
    linked_in.clear()
    monkeypatch.setattr(pools, "ProcessPoolExecutor", _PoolBrokenWhileHandingOut)
    run_ingest(RunSettings(raw, tmp_path / "dead-early", full=True, jobs=2), console=quiet)
    assert linked_in == [parent] * 4
    assert _outputs(tmp_path / "dead-early") == _outputs(tmp_path / "alone")


def test_per_file_results_folders_are_cleaned_up(tmp_path: Path) -> None:
    """Fresh results go to a private folder beside the outputs while files are parsed; it is
    gone after the run, and one left by a killed run is removed by the next, unless its process
    still runs (it may be parsing right now)."""
    raw = copy_samples(tmp_path / "raw", ["001"])
    dead = tmp_path / ".out.parsed-999999999-x"  # above any pid_max: no such process
    alive = tmp_path / f".out.parsed-{os.getpid()}-x"
    for folder in (dead, alive):
        folder.mkdir()
        (folder / "result.json").write_text("{}")
    quiet = quiet_console()
    run_ingest(RunSettings(raw, tmp_path / "out", jobs=1), console=quiet)
    assert not dead.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.glob(".out.parsed-*")) == [alive.name]
    assert len(list((tmp_path / "out" / ".cache").iterdir())) == 3  # the file's, blocks.json, heads.txt


# --- light commands stay light -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["detect", str(SAMPLES["003"])],
        ["detect", str(ROOT / "tests" / "fixtures" / "html" / "yuhang_utf8.html")],
    ],
)
def test_light_commands_do_not_import_pandas_or_pyarrow(args: list[str]) -> None:
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['govtasks', *{args!r}]\n"
        "try:\n    runpy.run_module('govtasks', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'pyarrow'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "HEAVY []" in done.stderr, done.stderr[-2000:]
