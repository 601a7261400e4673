"""Benchmark the link stage on synthetic corpora: time, memory and linking quality.

Linking compares rows only within a district and year, so its cost should grow with the number
of rows, not with its square. This runs :func:`govtasks.link.blocks.build_tables` on corpora from
:mod:`synthetic` of several sizes (10,000, 30,000 and 100,000 rows by default), each in a fresh
process so that the peak resident memory of one size is not the high-water mark of another, and
reports:

- time: wall time of ``build_tables`` alone (generating the corpus is not counted), rows/s and
  microseconds per row, which stays flat when the cost is linear; and microseconds per row in a
  second run with the cyclic garbage collector paused, because the collector's full passes
  cost more as live objects grow and would otherwise hide how the linking itself scales;
- memory: the process's peak resident set (``ru_maxrss``, corpus included), the same just before
  linking, and the peak of what ``build_tables`` allocates (tracemalloc, in a second untimed run
  because tracing slows Python down several times);
- quality against the generator's ground truth: pairwise precision and recall of "same task",
  tasks found against true tasks, how often each kind of rewording is linked to the task's first
  row, and how often lookalike tasks are kept apart.

And one large block (issue 16): two reports of ``LARGE_BLOCK_ROWS`` = 40,000 rows of one district
and year (:func:`synthetic.large_block`), the second restating the first's tasks or stating
other ones, each linked in a fresh process: wall and CPU time, peak resident memory, against the
targets of 1 GiB and 30 s (``--large-block 0`` skips it).

Run: ``.venv/bin/python benchmarks/bench_link.py [--rows N ...] [--seed S]``. Prints the report
and writes it to ``benchmarks/LINK_RESULTS.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path
from typing import Any

from govtasks.link.blocks import Tables, build_tables, link_block
from synthetic import VARIATION_WEIGHTS, Corpus, RowKey, generate_corpus, large_block, pair_scores

RESULTS = Path(__file__).resolve().parent / "LINK_RESULTS.md"
DEFAULT_ROWS = (10_000, 30_000, 100_000)
DEFAULT_SEED = 1
#: Rows of each of the two reports of the large block (issue 16: two 40k-row tables of one
#: district and year took 6.5 GB and 149 s); the targets: under 1 GiB and 30 s.
LARGE_BLOCK_ROWS = 40_000
LARGE_BLOCK_TARGETS = (1024.0, 30.0)
MIB = 1024 * 1024


def _max_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def measure(n_rows: int, seed: int, trace: bool, repeat: int = 1) -> dict[str, Any]:
    """Everything the report says about one corpus size; meant to run in a fresh process.

    Times are the best of ``repeat`` runs: the first run also pays one-off costs (lazy imports,
    caches) and a shared machine adds noise, neither of which is the linker's.
    """
    start = time.perf_counter()
    corpus = generate_corpus(n_rows, seed)
    generate_s = time.perf_counter() - start
    gc.collect()
    rss_before = _max_rss_mib()
    start = time.perf_counter()
    tables = build_tables(corpus.files)
    link_s = time.perf_counter() - start
    rss_peak = _max_rss_mib()  # the first run's: later runs may find freed memory to reuse

    precision, recall = pair_scores(tables, corpus.truth)
    result: dict[str, Any] = {
        "rows": n_rows,
        "reports": len(corpus.files),
        "groups": len({(f.facts.district, f.facts.year) for f in corpus.files}),
        "districts": len({f.facts.district for f in corpus.files}),
        "true_tasks": len(set(corpus.truth.values())),
        "tasks_found": len(tables.tasks),
        "progress_rows": len(tables.progress),
        "generate_s": generate_s,
        "link_s": link_s,
        "rss_before_mib": rss_before,
        "rss_peak_mib": rss_peak,
        "precision": precision,
        "recall": recall,
        **_diagnostics(tables, corpus),
    }
    del tables
    for _ in range(repeat - 1):
        gc.collect()
        start = time.perf_counter()
        build_tables(corpus.files)
        result["link_s"] = min(result["link_s"], time.perf_counter() - start)
    result["link_no_gc_s"] = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            build_tables(corpus.files)
            result["link_no_gc_s"] = min(result["link_no_gc_s"], time.perf_counter() - start)
        finally:
            gc.enable()
    gc.collect()
    if trace:
        tracemalloc.start()
        build_tables(corpus.files)
        result["traced_peak_mib"] = tracemalloc.get_traced_memory()[1] / MIB
        tracemalloc.stop()
    return result


def _diagnostics(tables: Tables, corpus: Corpus) -> dict[str, Any]:
    """Where the linker errs: rewordings it misses, lookalikes it merges, tasks across blocks."""
    report_of = {r.report_id: r for r in tables.reports}
    assigned: dict[RowKey, str] = {
        (report_of[p.report_id].source_sha256, p.source_line): p.task_id for p in tables.progress
    }
    # The task id of each true task's first row: a restatement is linked when it gets the same.
    first_id = {
        label: assigned[key]
        for key, label in corpus.truth.items()
        if key not in corpus.variations and key in assigned
    }
    rewordings: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, kinds in corpus.variations.items():
        name = _rewording_name(kinds)
        linked = key in assigned and assigned[key] == first_id.get(corpus.truth[key])
        rewordings[name][0] += 1
        rewordings[name][1] += linked

    ids_of: dict[str, set[str]] = defaultdict(set)
    for key, label in corpus.truth.items():
        if key in assigned:
            ids_of[label].add(assigned[key])
    lookalikes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for one, other, kind in corpus.lookalikes:
        lookalikes[kind][0] += 1
        lookalikes[kind][1] += not (ids_of[one] & ids_of[other])

    blocks: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for p in tables.progress:
        report = report_of[p.report_id]
        blocks[p.task_id].add((report.district, report.year))
    return {
        "rewordings": dict(rewordings),
        "lookalikes": dict(lookalikes),
        "cross_block_tasks": sum(len(found) > 1 for found in blocks.values()),
    }


def _rewording_name(kinds: tuple[str, ...]) -> str:
    if not kinds:
        return "verbatim"
    return kinds[0] if len(kinds) == 1 else "two rewordings"


# --- running and reporting -------------------------------------------------------------------------


def measure_large_block(n_rows: int, seed: int, same_tasks: bool) -> dict[str, Any]:
    """Link one block of two ``n_rows``-row reports (:func:`synthetic.large_block`): time (wall
    and CPU, one run) and the process's peak resident memory; meant to run in a fresh process."""
    files = large_block(n_rows, seed, same_tasks=same_tasks)
    gc.collect()
    rss_before = _max_rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    linked = link_block(files)
    return {
        "rows": n_rows,
        "same_tasks": same_tasks,
        "link_s": time.perf_counter() - start,
        "cpu_s": time.process_time() - cpu,
        "rss_before_mib": rss_before,
        "rss_peak_mib": _max_rss_mib(),
        "tasks": len(linked.tasks),
        "review": len(linked.review),
    }


def run_large_block(n_rows: int, seed: int, same_tasks: bool) -> dict[str, Any]:
    """:func:`measure_large_block` in a fresh interpreter (its own peak memory)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--large-block-worker", str(n_rows)]
    command += ["--seed", str(seed)] + ([] if same_tasks else ["--other-tasks"])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark of the large block failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def render_large_block(results: list[dict[str, Any]]) -> list[str]:
    """The large block's section of the report."""
    memory, seconds = LARGE_BLOCK_TARGETS
    lines = [
        "",
        "## One large block: two big reports of one district and year",
        "",
        "`synthetic.large_block`: two reports (H1, FY) of one district and year, linked as one block",
        "(`link_block`, one run in a fresh process). Restated: the second restates the first's tasks",
        "(most rows then match a key exactly and are not compared); other tasks: every row of the",
        "second is compared with the whole first. Issue 16's targets: under "
        f"{memory:,.0f} MiB and {seconds:.0f} s.",
        "",
        "| rows per report | second report | link (s) | CPU (s) | peak RSS (MiB) | tasks | review pairs "
        "| within targets |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ok = r["rss_peak_mib"] < memory and r["link_s"] < seconds
        lines.append(
            f"| {r['rows']:,} | {'restated' if r['same_tasks'] else 'other tasks'} | {r['link_s']:.1f} "
            f"| {r['cpu_s']:.1f} | {r['rss_peak_mib']:.0f} | {r['tasks']:,} | {r['review']:,} "
            f"| {'yes' if ok else 'no'} |"
        )
    return lines


def run_size(n_rows: int, seed: int, trace: bool, repeat: int) -> dict[str, Any]:
    """:func:`measure` in a fresh interpreter, so that ``ru_maxrss`` belongs to this size alone."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--rows", str(n_rows)]
    command += ["--seed", str(seed), "--repeat", str(repeat)] + ([] if trace else ["--no-tracemalloc"])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"benchmark of {n_rows} rows failed (exit {done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def render(results: list[dict[str, Any]], arguments: str, label: str | None = None) -> str:
    """The report as markdown; only numbers change between runs on one machine."""
    largest = results[-1]
    traced = all("traced_peak_mib" in r for r in results)
    lines = [
        f"Generated by `benchmarks/bench_link.py` (`.venv/bin/python benchmarks/bench_link.py{arguments}`);"
        " do not edit.",
        "",
        "# Linking benchmark: synthetic corpus",
        "",
        "Corpus: `benchmarks/synthetic.py` (made-up districts and years, each with a plan and follow-up",
        "reports that restate its tasks with rewordings, omissions, new tasks and lookalikes; every row",
        "carries its true task). Each size runs in a fresh process. Link time is `build_tables` alone,",
        "best of the repeated runs; the GC-paused column times runs with Python's cyclic garbage",
        "collector paused, whose full passes grow with the live objects rather than with the linking.",
        "Peak RSS is the process high-water mark after the first run and includes the corpus; the",
        "allocation peak is what `build_tables` allocates (tracemalloc, separate untimed run).",
        "",
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs."
        + (f" Linker measured: {label}." if label else ""),
        "",
        "## Time and memory",
        "",
        "| rows | reports | district-years | districts | generate (s) | link (s) | rows/s | µs/row "
        "| µs/row, GC paused | RSS before linking (MiB) | peak RSS (MiB) |"
        + (" link allocation peak (MiB) |" if traced else ""),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if traced else ""),
    ]
    for r in results:
        cells = [
            f"{r['rows']:,}",
            f"{r['reports']:,}",
            f"{r['groups']:,}",
            f"{r['districts']:,}",
            f"{r['generate_s']:.2f}",
            f"{r['link_s']:.2f}",
            f"{r['rows'] / r['link_s']:,.0f}",
            f"{r['link_s'] / r['rows'] * 1e6:.1f}",
            f"{r['link_no_gc_s'] / r['rows'] * 1e6:.1f}",
            f"{r['rss_before_mib']:.0f}",
            f"{r['rss_peak_mib']:.0f}",
        ] + ([f"{r['traced_peak_mib']:.0f}"] if traced else [])
        lines.append("| " + " | ".join(cells) + " |")
    if len(results) > 1:
        small = results[0]
        growth = largest["rows"] / small["rows"]
        per_row = (largest["link_s"] / largest["rows"]) / (small["link_s"] / small["rows"])
        no_gc = (largest["link_no_gc_s"] / largest["rows"]) / (small["link_no_gc_s"] / small["rows"])
        lines += [
            "",
            f"From {small['rows']:,} to {largest['rows']:,} rows (×{growth:g}) the time per row changed "
            f"×{per_row:.2f}, ×{no_gc:.2f} with the garbage collector paused;",
            f"linking quadratic in the corpus would multiply it by {growth:g}.",
        ]
    lines += [
        "",
        "## Quality against the ground truth",
        "",
        "Pairs of rows stating one task, counted over the whole corpus (a merge across districts counts",
        "as a false pair). Cross-block tasks: task ids whose rows span more than one district and year.",
        "",
        "| rows | progress rows | true tasks | tasks found | pair precision | pair recall "
        "| cross-block tasks |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cells = [
            f"{r['rows']:,}",
            f"{r['progress_rows']:,}",
            f"{r['true_tasks']:,}",
            f"{r['tasks_found']:,}",
            f"{r['precision']:.4f}",
            f"{r['recall']:.4f}",
            f"{r['cross_block_tasks']:,}",
        ]
        lines.append("| " + " | ".join(cells) + " |")

    lines += [
        "",
        f"### Restatements linked to the task's first row ({largest['rows']:,} rows)",
        "",
        "| rewording | rows | linked | share |",
        "|---|---:|---:|---:|",
    ]
    rewordings = largest["rewordings"]
    for name in ["verbatim", *VARIATION_WEIGHTS, "two rewordings"]:
        total, linked = rewordings.get(name, [0, 0])
        lines.append(f"| {name} | {total:,} | {linked:,} | {_share(linked, total)} |")
    lines += [
        "",
        f"### Lookalike tasks kept apart ({largest['rows']:,} rows)",
        "",
        "| lookalike | pairs | kept apart | share |",
        "|---|---:|---:|---:|",
    ]
    for kind in ("sibling", "sibling_successive", "contained", "contained_successive"):
        total, apart = largest["lookalikes"].get(kind, [0, 0])
        lines.append(f"| {kind} | {total:,} | {apart:,} | {_share(apart, total)} |")
    return "\n".join(lines) + "\n"


def _share(part: int, total: int) -> str:
    return f"{part / total:.3f}" if total else "-"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, nargs="+", default=list(DEFAULT_ROWS), help="corpus sizes")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size; the best is reported")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the allocation-peak run")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the report")
    parser.add_argument("--label", help="which linker is measured (e.g. a branch), said in the report")
    parser.add_argument(
        "--large-block",
        type=int,
        default=LARGE_BLOCK_ROWS,
        help="rows of each of the two reports of the large-block case (0: skip it)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--large-block-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--other-tasks", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    trace = not args.no_tracemalloc
    if args.worker:
        (n_rows,) = args.rows
        print(json.dumps(measure(n_rows, args.seed, trace, args.repeat)))
        return
    if args.large_block_worker:
        print(json.dumps(measure_large_block(args.large_block_worker, args.seed, not args.other_tasks)))
        return

    results = []
    for n_rows in sorted(set(args.rows)):
        result = run_size(n_rows, args.seed, trace, max(1, args.repeat))
        sys.stderr.write(f"{n_rows:,} rows: linked in {result['link_s']:.2f} s\n")
        results.append(result)
    given = sys.argv[1:] if argv is None else argv
    report = render(results, " " + shlex.join(given) if given else "", args.label)
    if args.large_block:
        large = []
        for same_tasks in (True, False):
            result = run_large_block(args.large_block, args.seed, same_tasks)
            sys.stderr.write(
                f"large block ({'restated' if same_tasks else 'other tasks'}): {result['link_s']:.1f} s\n"
            )
            large.append(result)
        report += "\n".join(render_large_block(large)) + "\n"
    print(report, end="")
    args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
