"""Benchmark the whole ingest on generated corpora of 1×, 10×, 100× and 1,000× the samples.

The corpus comes from :mod:`corpus` (every layout, districts, years, periods, both scripts,
UTF-8 and GBK, text dumps and saved pages, near-duplicate tasks across periods), generated once
into ``benchmarks/.corpus/`` (git-ignored) and reused while the generator, the samples and the
way they are cut stay the same. A smaller corpus is a prefix of the largest one (hard links).

Measured, each run in a fresh process (``govtasks`` is run as a user runs it):

- full ingest (``govtasks ingest --full``) of each corpus with one job and with two: wall time,
  MB/s, rows/s and the peak resident memory of the largest process (``wait4``'s ``ru_maxrss``);
  beside it, a plain baseline that only reads and decodes the same files (bytes.decode, and
  govtasks' own ``document_from_bytes``), and the ratio between the two;
- a no-change re-run over the first 1,000 files (the median of five);
- ``govtasks --help`` start-up (median of ten; ``python -c pass`` for scale);
- linking 100,000 synthetic rows (:mod:`bench_link`, one run);
- the script converter alone: ``to_simplified`` over the samples' text, as printed and in
  traditional script;
- saved pages: ``govtasks ingest`` of the corpus's HTML pages against ``pandas.read_html``
  (lxml) parsing the same pages, and the simplified text dumps alone, for the targets.

The targets of issue 6 are checked against these numbers and shown pass/fail first.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_ingest.py [--scales 1,10,100,1000]``
(also ``BENCH_SCALES=1,10,100``). Prints the report and writes ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
STORE = HERE / ".corpus"
GOVTASKS = Path(sys.executable).with_name("govtasks")
DEFAULT_SCALES = (1, 10, 100, 1000)
NO_CHANGE_FILES = 1000
LINK_ROWS = 100_000
MB = 1_000_000
MIB = 1024 * 1024

# The targets of issue 6.
TARGET_MB_S = 10.0
TARGET_NO_CHANGE_S = 1.0
TARGET_MEMORY_GROWTH = 2.0
TARGET_JOBS_SPEEDUP = 1.7


# --- running things ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mib: float
    returncode: int
    stderr: str = field(repr=False)


def run(command: Sequence[str | Path], cwd: Path = ROOT) -> Run:
    """Run ``command``; its wall time and the peak resident set of its largest process."""
    started = time.perf_counter()
    with subprocess.Popen(
        [str(c) for c in command],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    ) as process:
        assert process.stderr is not None
        stderr = process.stderr.read().decode("utf-8", "replace")
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports kibibytes, macOS bytes.
    rss = usage.ru_maxrss / MIB if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return Run(seconds, rss, process.returncode, stderr)


def worker(kind: str, directory: Path) -> dict[str, Any]:
    """Run one of this file's in-process measurements in a fresh interpreter."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, str(directory)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"worker {kind} failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def jobs_supported() -> bool:
    done = subprocess.run([GOVTASKS, "ingest", "--help"], capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


@dataclass
class Ingest:
    """One ``govtasks ingest`` of a folder."""

    seconds: float
    max_rss_mib: float
    ok: bool
    rows: int  # rows read from the documents (reports.n_rows), as the outputs say
    rejected: int
    note: str = ""
    output_bytes: int = 0  # the tables (Parquet, CSV) and run files written
    cache_bytes: int = 0  # .cache/: each file's parsed rows, for incremental runs
    #: the run's own time as run.json records it: the wall time less interpreter start-up and imports
    run_seconds: float = 0.0


def ingest(raw: Path, jobs: int | None, full: bool = True, out: Path | None = None) -> Ingest:
    """``govtasks ingest raw`` into ``out`` (a scratch folder, removed after, when None)."""
    scratch = out is None
    target = out if out is not None else Path(_scratch_dir())
    command: list[str | Path] = [GOVTASKS, "ingest", raw, "--out", target]
    command += ["--full"] if full else []
    command += ["--jobs", str(jobs)] if jobs is not None else []
    try:
        done = run(command)
        facts = _run_facts(target)
        rows = _rows_read(target) if done.returncode in (0, 2) else 0
        rejected = int(facts.get("files_rejected", -1))
        ok = done.returncode == 0 and rejected == 0
        note = "" if ok else f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"
        output, cache = _output_sizes(target)
        run_seconds = float(facts.get("seconds", 0.0))
        return Ingest(done.seconds, done.max_rss_mib, ok, rows, rejected, note, output, cache, run_seconds)
    finally:
        if scratch:
            shutil.rmtree(target, ignore_errors=True)


def _scratch_dir() -> str:
    import tempfile

    (STORE / "out").mkdir(parents=True, exist_ok=True)
    return tempfile.mkdtemp(prefix="run-", dir=STORE / "out")


def _output_sizes(out: Path) -> tuple[int, int]:
    """Bytes of the outputs in ``out``: the tables and run files, and the cache."""
    tables = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) if out.is_dir() else 0
    cache = sum(p.stat().st_size for p in (out / ".cache").rglob("*") if p.is_file())
    return tables, cache


def _run_facts(out: Path) -> dict[str, Any]:
    try:
        facts: dict[str, Any] = json.loads((out / "run.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return facts


def _rows_read(out: Path) -> int:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(out / "reports.parquet", columns=["n_rows"])
    except OSError:
        return 0
    return int(sum(table.column("n_rows").to_pylist()))


def best(runs: int, measure: Callable[[], Ingest]) -> Ingest:
    """The fastest of ``runs`` measurements (small corpora: start-up noise dominates)."""
    results = [measure() for _ in range(runs)]
    return min(results, key=lambda r: r.seconds)


# --- in-process workers ----------------------------------------------------------------------------


def sources(directory: Path) -> list[Path]:
    """What ``govtasks ingest`` reads in ``directory``: no hidden files, no sidecars."""
    return sorted(
        p for p in directory.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix != ".toml"
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def measure_decode(directory: Path) -> dict[str, Any]:
    """Read and decode every source file: bytes.decode, then govtasks' ``document_from_bytes``."""
    from govtasks.read.document import document_from_bytes

    paths = sources(directory)
    size = 0
    started = time.perf_counter()
    for path in paths:
        data = path.read_bytes()
        _decode(data)
        size += len(data)
    plain = time.perf_counter() - started
    started = time.perf_counter()
    for path in paths:
        document_from_bytes(path.read_bytes(), path)
    documents = time.perf_counter() - started
    return {"files": len(paths), "bytes": size, "decode_s": plain, "document_s": documents}


def measure_read_html(directory: Path) -> dict[str, Any]:
    """``pandas.read_html`` (lxml) on every page, import excluded."""
    import pandas as pd

    paths = sources(directory)
    tables = 0
    started = time.perf_counter()
    for path in paths:
        tables += len(pd.read_html(path, flavor="lxml"))
    seconds = time.perf_counter() - started
    return {"files": len(paths), "bytes": sum(p.stat().st_size for p in paths), "seconds": seconds}


def measure_converter() -> dict[str, Any]:
    """``to_simplified`` over the samples' text: as printed, and all in traditional script."""
    from govtasks.clean.normalize import default_phrases, to_simplified, to_traditional

    texts = [_decode(p.read_bytes()) for p in sources(ROOT / "data" / "raw")]
    phrases = default_phrases()
    to_simplified("预热 區", phrases)  # load the dictionaries outside the timing
    result: dict[str, Any] = {}
    for name, inputs in (("samples", texts), ("traditional", [to_traditional(t) for t in texts])):
        size = sum(len(t.encode("utf-8")) for t in inputs)
        seconds = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for text in inputs:
                to_simplified(text, phrases)
            seconds = min(seconds, time.perf_counter() - started)
        result[name] = {"bytes": size, "seconds": seconds}
    return result


WORKERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "decode": measure_decode,
    "read_html": measure_read_html,
    "converter": lambda _: measure_converter(),
}


# --- the corpus ------------------------------------------------------------------------------------


@dataclass
class Corpora:
    """The generated corpus and the folders measured (hard links into it)."""

    root: Path
    seconds: float
    cached: bool
    files: list[dict[str, Any]]
    scales: dict[int, Path]
    no_change: Path
    pages: Path
    simplified: Path


def compile_bytecode() -> None:
    """Compile govtasks' modules to bytecode before timing it, as ``pip install`` and ``make``
    do: in an editable install where PYTHONDONTWRITEBYTECODE is set (this machine; many Docker
    images) every run timed would otherwise compile every module it imports again, 0.2 s of a
    one-report update that is not govtasks' work."""
    import compileall

    compileall.compile_dir(ROOT / "src" / "govtasks", quiet=1)


def prepare(scales: Sequence[int], seed: int, log: Callable[[str], None]) -> Corpora:
    """Generate (or reuse) the corpus for the largest scale and link the folders measured (and
    compile govtasks' bytecode: :func:`compile_bytecode`)."""
    import corpus

    compile_bytecode()

    unit = corpus.sample_bytes()
    key = corpus.generator_key(seed)
    root = STORE / f"seed{seed}-{key}"
    everything = root / "all"
    need = max(scales) * unit
    manifest = corpus.read_manifest(everything)
    cached = (
        manifest is not None
        and manifest.get("generator") == key
        and manifest["bytes"] >= need
        and len(manifest["files"]) >= NO_CHANGE_FILES
    )
    if not cached:
        for old in STORE.glob("seed*"):
            shutil.rmtree(old, ignore_errors=True)  # an older generator's corpora
        log(f"generating the corpus: {need / MB:.0f} MB, at least {NO_CHANGE_FILES} files ...")
        corpus.write_corpus(
            everything,
            need,
            NO_CHANGE_FILES,
            seed,
            progress=lambda n, b: log(f"  {n} files, {b / MB:.0f} MB"),
        )
        manifest = corpus.read_manifest(everything)
    assert manifest is not None
    files: list[dict[str, Any]] = manifest["files"]
    sizes = {f["name"]: (everything / f["name"]).stat().st_size for f in files}

    def prefix(target: float = 0, count: int = 0) -> list[dict[str, Any]]:
        chosen = []
        total = 0
        for f in files:
            if f["copy_of"] is None and total >= target and len(chosen) >= count:
                break
            chosen.append(f)
            total += sizes[f["name"]]
        return chosen

    def linked(name: str, chosen: list[dict[str, Any]]) -> Path:
        folder = root / name
        stamp = folder / ".files"
        wanted = "\n".join(f["name"] for f in chosen)
        if stamp.is_file() and stamp.read_text("utf-8") == wanted:
            return folder
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for f in chosen:
            for item in (f["name"], f"{f['name']}.meta.toml"):
                if (everything / item).exists():
                    os.link(everything / item, folder / item)
        stamp.write_text(wanted, "utf-8")
        return folder

    folders = {scale: linked(f"x{scale}", prefix(scale * unit)) for scale in scales}

    # Subsets for the targets: the first saved pages and simplified text dumps of the corpus,
    # 100× the samples' size of each (less when the corpus holds less).
    def first_of(kind: str, script: str | None = None) -> list[dict[str, Any]]:
        chosen, total = [], 0
        for f in files:
            if f["kind"] == kind and script in (None, f["script"]) and total < 100 * unit:
                chosen.append(f)
                total += sizes[f["name"]]
        return chosen

    return Corpora(
        root=root,
        seconds=float(manifest["seconds"]),
        cached=cached,
        files=files,
        scales=folders,
        no_change=linked("files1000", files[:NO_CHANGE_FILES]),
        pages=linked("pages", first_of("html")),
        simplified=linked("simplified_text", first_of("text", "simplified")),
    )


def folder_facts(folder: Path, files: list[dict[str, Any]]) -> dict[str, Any]:
    names = {p.name for p in sources(folder)}
    chosen = [f for f in files if f["name"] in names]
    return {
        "files": len(chosen),
        "bytes": sum((folder / f["name"]).stat().st_size for f in chosen),
        "rows": sum(f["rows"] for f in chosen),
        "html": sum(f["kind"] == "html" for f in chosen),
        "traditional": sum(f["script"] == "traditional" for f in chosen),
        "gbk": sum(f["encoding"] != "utf-8" for f in chosen),
        "districts": len({f["district"] for f in chosen}),
        "district_years": len({(f["district"], f["year"]) for f in chosen}),
        "copies": sum(f["copy_of"] is not None for f in chosen),
        "reworded": sum(f["reworded"] for f in chosen),
    }


# --- the suite -------------------------------------------------------------------------------------


def suite(scales: Sequence[int], seed: int, log: Callable[[str], None]) -> dict[str, Any]:
    result: dict[str, Any] = {"scales": list(scales), "seed": seed, "machine": machine()}
    started = time.perf_counter()
    shutil.rmtree(STORE / "out", ignore_errors=True)  # scratch outputs of an interrupted run
    corpora = prepare(scales, seed, log)
    result["corpus"] = {
        "generate_s": corpora.seconds,
        "cached": corpora.cached,
        "files": len(corpora.files),
        "bytes": sum(f.stat().st_size for f in sources(corpora.root / "all")),
    }
    two_jobs = jobs_supported()
    one_job = 1 if two_jobs else None
    result["jobs_supported"] = two_jobs

    rows = []
    for scale in scales:
        folder = corpora.scales[scale]
        facts = folder_facts(folder, corpora.files)
        repeat = 3 if scale <= 10 else 1
        log(f"{scale}×: {facts['files']} files, {facts['bytes'] / MB:.1f} MB: ingest, 1 job ...")
        single = best(repeat, lambda f=folder: ingest(f, one_job))
        double = None
        if two_jobs:
            log(f"{scale}×: ingest, 2 jobs ...")
            double = best(repeat, lambda f=folder: ingest(f, 2))
        log(f"{scale}×: read and decode ...")
        decode = min((worker("decode", folder) for _ in range(repeat)), key=lambda d: d["decode_s"])
        rows.append(
            {"scale": scale, **facts, "one": vars(single), "two": vars(double) if double else None, **decode}
        )
    result["sizes"] = rows

    log("no-change re-run of 1,000 files ...")
    out = Path(_scratch_dir())
    try:
        first = ingest(corpora.no_change, one_job, out=out)
        again = [ingest(corpora.no_change, one_job, full=False, out=out) for _ in range(5)]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    result["no_change"] = {
        "files": len(sources(corpora.no_change)),
        "first_s": first.seconds,
        "median_s": statistics.median(r.seconds for r in again),
        "min_s": min(r.seconds for r in again),
        "ok": first.ok and all(r.ok for r in again),
    }

    log("start-up ...")
    result["startup"] = {
        "help_ms": 1000 * statistics.median(run([GOVTASKS, "--help"]).seconds for _ in range(10)),
        "python_ms": 1000 * statistics.median(run([sys.executable, "-c", "pass"]).seconds for _ in range(10)),
    }

    log(f"linking {LINK_ROWS:,} rows (bench_link) ...")
    import bench_link

    link = bench_link.run_size(LINK_ROWS, seed, trace=False, repeat=1)
    result["link"] = {
        k: link[k] for k in ("rows", "reports", "link_s", "rss_peak_mib", "precision", "recall")
    }

    log("script converter ...")
    result["converter"] = worker("converter", ROOT)

    log("saved pages: govtasks against pandas.read_html ...")
    pages = folder_facts(corpora.pages, corpora.files)
    result["pages"] = {**pages, "available": pages["files"] > 0}
    if pages["files"]:
        result["pages"]["ingest"] = vars(ingest(corpora.pages, one_job))
        result["pages"]["read_html"] = worker("read_html", corpora.pages)

    log("simplified text dumps, one job ...")
    simple = folder_facts(corpora.simplified, corpora.files)
    result["simplified"] = {**simple, "ingest": vars(ingest(corpora.simplified, one_job))}
    result["seconds"] = time.perf_counter() - started
    return result


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from govtasks import __version__

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "govtasks": __version__,
        "load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


# --- the report ------------------------------------------------------------------------------------


def _mb_s(size: int, seconds: float) -> float:
    return size / MB / seconds if seconds else float("inf")


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "**FAIL**")


def targets(result: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    """(target, measured, passed) for each target of issue 6; None when it was not measured."""
    out: list[tuple[str, str, bool | None]] = []
    simple = result["simplified"]
    speed = _mb_s(simple["bytes"], simple["ingest"]["seconds"])
    out.append(
        (
            f"full ingest ≥ {TARGET_MB_S:g} MB/s (1 job; the corpus's first {simple['files']:,} simplified "
            f"text dumps, {simple['bytes'] / MB:.1f} MB)",
            f"{speed:.2f} MB/s",
            speed >= TARGET_MB_S and simple["ingest"]["ok"],
        )
    )
    nc = result["no_change"]
    out.append(
        (
            f"no-change re-run of {nc['files']:,} files < {TARGET_NO_CHANGE_S:g} s",
            f"{nc['median_s']:.2f} s (median of 5)",
            nc["median_s"] < TARGET_NO_CHANGE_S and nc["ok"],
        )
    )
    by_scale = {r["scale"]: r for r in result["sizes"]}
    if 100 in by_scale and 1000 in by_scale:
        small, large = by_scale[100]["one"]["max_rss_mib"], by_scale[1000]["one"]["max_rss_mib"]
        out.append(
            (
                f"peak memory at 1,000× < {TARGET_MEMORY_GROWTH:g} × peak at 100×",
                f"{large:,.0f} MiB vs {small:,.0f} MiB (×{large / small:.2f})",
                large < TARGET_MEMORY_GROWTH * small,
            )
        )
    else:
        out.append((f"peak memory at 1,000× < {TARGET_MEMORY_GROWTH:g} × peak at 100×", "not run", None))
    pages = result["pages"]
    if pages.get("read_html"):
        ours = _mb_s(pages["bytes"], pages["ingest"]["seconds"])
        theirs = _mb_s(pages["bytes"], pages["read_html"]["seconds"])
        out.append(
            (
                f"saved pages at least as fast as pandas.read_html alone (the corpus's first "
                f"{pages['files']:,} pages, {pages['bytes'] / MB:.1f} MB)",
                f"{ours:.2f} MB/s vs {theirs:.2f} MB/s (×{ours / theirs:.2f})",
                ours >= theirs and pages["ingest"]["ok"],
            )
        )
    else:
        out.append(("saved pages at least as fast as pandas.read_html alone", "no pages generated", None))
    largest = result["sizes"][-1]
    if largest["two"]:
        speedup = largest["one"]["seconds"] / largest["two"]["seconds"]
        out.append(
            (
                f"2 jobs ≥ {TARGET_JOBS_SPEEDUP:g} × one job ({largest['scale']:,}×)",
                f"×{speedup:.2f} ({largest['one']['seconds']:.1f} s → {largest['two']['seconds']:.1f} s)",
                speedup >= TARGET_JOBS_SPEEDUP and largest["two"]["ok"],
            )
        )
    else:
        out.append((f"2 jobs ≥ {TARGET_JOBS_SPEEDUP:g} × one job", "--jobs not available", None))
    return out


def render(result: dict[str, Any], arguments: str) -> str:
    m = result["machine"]
    c = result["corpus"]
    lines = [
        f"Generated by `benchmarks/bench_ingest.py` (`make bench`, or `.venv/bin/python "
        f"benchmarks/bench_ingest.py{arguments}`); do not edit.",
        "",
        "# Ingest benchmark",
        "",
        f"{m['date']}, govtasks {m['govtasks']}, Python {m['python']}, {m['system']}, {m['cpus']} CPUs "
        f"({m['cpu']}); load average {m['load']:.2f} at the start. Scales run: "
        + ", ".join(f"{s:,}×" for s in result["scales"])
        + f"; the whole suite took {result['seconds'] / 60:.1f} min.",
        "",
        f"Corpus: `benchmarks/corpus.py`, seed {result['seed']}: "
        f"{c['files']:,} files, {c['bytes'] / MB:.1f} MB,"
        f" generated in {c['generate_s']:.1f} s ({_mb_s(c['bytes'], c['generate_s']):.1f} MB/s)"
        + (" by an earlier run (reused)." if c["cached"] else "."),
        "1× is the five samples' size; each corpus is a prefix of the next. Wall times are of the",
        "`govtasks` command (start-up, reading, linking, writing Parquet and CSV), best of 3 up to 10×,",
        "one run above; peak memory is the largest process's resident set.",
        "",
        "## Targets",
        "",
        "| target | measured | result |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {value} | {_verdict(ok)} |" for name, value, ok in targets(result)]
    lines += [
        "",
        "## Full ingest by corpus size",
        "",
        "| scale | files | MB | rows | 1 job (s) | MB/s | rows/s | peak RSS (MiB) | 2 jobs (s) "
        "| 2-job speed-up | read+decode (ms) | ingest ÷ read+decode | read+`document_from_bytes` (ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["sizes"]:
        one, two = r["one"], r["two"]
        cells = [
            f"{r['scale']:,}×",
            f"{r['files']:,}",
            f"{r['bytes'] / MB:.1f}",
            f"{r['rows']:,}",
            f"{one['seconds']:.2f}" + ("" if one["ok"] else " (errors)"),
            f"{_mb_s(r['bytes'], one['seconds']):.2f}",
            f"{r['rows'] / one['seconds']:,.0f}",
            f"{one['max_rss_mib']:,.0f}",
            (f"{two['seconds']:.2f}" + ("" if two["ok"] else " (errors)")) if two else "n/a",
            f"×{one['seconds'] / two['seconds']:.2f}" if two else "n/a",
            f"{1000 * r['decode_s']:,.1f}",
            f"×{one['seconds'] / r['decode_s']:,.0f}",
            f"{1000 * r['document_s']:,.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "What each corpus holds, and what its ingest (1 job) wrote:",
        "",
        "| scale | districts | district-years | saved pages | traditional | GBK/GB18030 | mirror copies "
        "| rows reworded | outputs (MB) | cache (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["sizes"]:
        cells = [
            f"{r['scale']:,}×",
            f"{r['districts']:,}",
            f"{r['district_years']:,}",
            f"{r['html']:,}",
            f"{r['traditional']:,}",
            f"{r['gbk']:,}",
            f"{r['copies']:,}",
            f"{r['reworded']:,} of {r['rows']:,}",
            f"{r['one'].get('output_bytes', 0) / MB:.1f}",
            f"{r['one'].get('cache_bytes', 0) / MB:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    problems = [r for r in result["sizes"] if not r["one"]["ok"] or r["rows"] != r["one"]["rows"]]
    for r in problems:
        lines.append(
            f"\n**{r['scale']}×: {r['one']['rejected']} files rejected, {r['one']['rows']:,} rows read of "
            f"{r['rows']:,} generated.** {r['one']['note']}"
        )
    nc, st, link, conv = result["no_change"], result["startup"], result["link"], result["converter"]
    pages = result["pages"]
    lines += [
        "",
        "## Other figures",
        "",
        "| what | measured |",
        "|---|---|",
        f"| no-change re-run, first {nc['files']:,} files | {nc['median_s']:.3f} s median of 5 "
        f"(best {nc['min_s']:.3f} s); the first full run of them took {nc['first_s']:.1f} s |",
        f"| `govtasks --help` start-up | {st['help_ms']:.0f} ms median of 10 (`python -c pass`: "
        f"{st['python_ms']:.0f} ms) |",
        f"| linking {link['rows']:,} synthetic rows (`bench_link.py`, {link['reports']:,} reports) "
        f"| {link['link_s']:.2f} s, {link['rows'] / link['link_s']:,.0f} rows/s, peak RSS "
        f"{link['rss_peak_mib']:,.0f} MiB; pair precision {link['precision']:.4f}, "
        f"recall {link['recall']:.4f} |",
    ]
    for name, label in (("samples", "the samples as printed"), ("traditional", "the samples in traditional")):
        item = conv[name]
        lines.append(
            f"| script converter `to_simplified`, {label} ({item['bytes'] / MB:.2f} MB) "
            f"| {_mb_s(item['bytes'], item['seconds']):.2f} MB/s |"
        )
    if pages.get("read_html"):
        ours, theirs = pages["ingest"], pages["read_html"]
        lines.append(
            f"| saved pages: {pages['files']:,} pages, {pages['bytes'] / MB:.1f} MB | `govtasks ingest` "
            f"{ours['seconds']:.2f} s ({_mb_s(pages['bytes'], ours['seconds']):.2f} MB/s); "
            f"`pandas.read_html` {theirs['seconds']:.2f} s "
            f"({_mb_s(pages['bytes'], theirs['seconds']):.2f} MB/s, import excluded); "
            f"ratio ×{theirs['seconds'] / ours['seconds']:.2f}; the run's own time, start-up and "
            f"imports excluded as for pandas: {ours.get('run_seconds', 0):.2f} s "
            f"({_mb_s(pages['bytes'], ours.get('run_seconds') or ours['seconds']):.2f} MB/s) |"
        )
    simple = result["simplified"]
    lines.append(
        f"| simplified text dumps: {simple['files']:,} files, {simple['bytes'] / MB:.1f} MB | "
        f"`govtasks ingest` {simple['ingest']['seconds']:.2f} s, 1 job "
        f"({_mb_s(simple['bytes'], simple['ingest']['seconds']):.2f} MB/s); start-up and imports "
        f"excluded: {simple['ingest'].get('run_seconds', 0):.2f} s |"
    )
    return "\n".join([*lines, "", *national(result)]) + "\n"


#: Every county-level government (about 2,800), five reports a year, ten years.
NATIONAL_FILES = 2_800 * 5 * 10


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def national(result: dict[str, Any]) -> list[str]:
    """The largest run scaled linearly to a national corpus (docs/scaling.md explains the sums)."""
    r = result["sizes"][-1]
    one, two = r["one"], r["two"]
    factor = NATIONAL_FILES / r["files"]
    base = result["sizes"][0]["one"]["max_rss_mib"]  # start-up footprint: the smallest corpus's peak
    nc = result["no_change"]
    per_file_nc = max(0.0, nc["median_s"] - result["startup"]["help_ms"] / 1000) / nc["files"]
    rows = [
        ("source files", f"{r['files']:,}", f"{NATIONAL_FILES:,}"),
        ("source text", f"{r['bytes'] / MB:,.1f} MB ({r['bytes'] / r['files'] / 1000:.1f} kB a file)",
         f"{r['bytes'] * factor / 1e9:,.1f} GB"),
        ("task rows read", f"{r['rows']:,} ({r['rows'] / r['files']:.0f} a file)",
         f"{r['rows'] * factor / 1e6:,.1f} M"),
        ("full ingest, 1 job", f"{one['seconds']:,.1f} s ({_mb_s(r['bytes'], one['seconds']):.2f} MB/s)",
         _duration(one["seconds"] * factor)),
    ]  # fmt: skip
    if two:
        rows.append(("full ingest, 2 jobs", f"{two['seconds']:,.1f} s", _duration(two["seconds"] * factor)))
    output, cache = one.get("output_bytes", 0), one.get("cache_bytes", 0)
    rows += [
        ("peak memory, above the smallest run's", f"{one['max_rss_mib'] - base:,.0f} MiB",
         f"{(one['max_rss_mib'] - base) * factor / 1024:,.0f} GiB"),
        ("outputs (tables) + cache", f"{output / MB:,.0f} MB + {cache / MB:,.0f} MB",
         f"{output * factor / 1e9:,.1f} GB + {cache * factor / 1e9:,.1f} GB"),
        ("no-change re-run", f"{1000 * per_file_nc:.3f} ms a file above start-up ({nc['files']:,} files)",
         _duration(result["startup"]["help_ms"] / 1000 + per_file_nc * NATIONAL_FILES)),
    ]  # fmt: skip
    lines = [
        "## A national corpus, by these figures",
        "",
        f"Every county-level government (about 2,800), five reports a year, ten years: {NATIONAL_FILES:,}"
        f" files, {factor:,.1f} times the {r['scale']:,}× corpus. Scaled linearly per file from that run "
        "(see `docs/scaling.md` for what the straight line leaves out):",
        "",
        f"| quantity | {r['scale']:,}× corpus | {NATIONAL_FILES:,} files |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {measured} | {scaled} |" for name, measured, scaled in rows]
    return lines


def parse_scales(text: str) -> list[int]:
    """``"1,10,100"`` as sorted scales.

    >>> parse_scales("100, 1,10")
    [1, 10, 100]
    """
    scales = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    if not scales or scales[0] < 1:
        raise argparse.ArgumentTypeError("scales are positive whole numbers, e.g. 1,10,100")
    return scales


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    default = os.environ.get("BENCH_SCALES") or ",".join(map(str, DEFAULT_SCALES))
    parser.add_argument(
        "--scales", type=parse_scales, default=parse_scales(default), help=f"default {default}"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the report")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, directory = args.worker
        print(json.dumps(WORKERS[kind](Path(directory))))
        return

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = suite(args.scales, args.seed, log)
    given = sys.argv[1:] if argv is None else argv
    report = render(
        result, " " + " ".join(given) if given else f" --scales {','.join(map(str, args.scales))}"
    )
    print(report, end="")
    args.output.write_text(report, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
