"""Measure assess/ on every progress row of real outputs: rows/s of
:func:`govtasks.assess.status.status_of` and :func:`govtasks.assess.figures.row_figures`, and,
with ``--against REF``, that they give exactly what the code at git ref REF gives.

The rows are those ingest's per-file stage reads (:func:`govtasks.run.per_file.examine`: content,
progress, problems of every row, copies included, as the link stage calls assess on them) from:

- ``data/raw``: the five samples;
- ``/work/shared/samples-extra`` (or ``--extra DIR``), when it is there;
- the field corpus, ``tests/fixtures/field`` (each page with its facts in a sidecar, as
  benchmarks/field.py gives them);
- the 100x corpus of benchmarks/corpus.py (``--corpus DIR``, else the one benchmarks/bench_ingest.py
  keeps in ``benchmarks/.corpus``, made when missing).

Each time is the best of ``--repeat`` runs (default 3), on one core, in this process; the caches
of assess are cleared before each run, so that a run does not profit from the one before it. The
hit rate of those caches over one run is reported too.

``--against REF`` loads ``src/govtasks/assess/*.py`` as REF has them (``git show``) into a module
of its own and compares, row by row, the status, its evidence and every field of every figure
(value, unit, ratio … compared with ``==``): any difference is printed and the exit code is 1.

Run: ``.venv/bin/python benchmarks/bench_assess.py [--against main]`` (``make bench`` runs it);
it prints the report and rewrites benchmarks/ASSESS.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from govtasks.assess import figures, status
from govtasks.clean.normalize import default_phrases
from govtasks.models import ParsedFile
from govtasks.run.per_file import examine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from field import FIELD_DIR, _sidecar_facts, load_corpus  # noqa: E402  (benchmarks/ is not a package)

RAW = ROOT / "data" / "raw"
EXTRA = Path("/work/shared/samples-extra")
REPORT = Path(__file__).resolve().parent / "ASSESS.md"
SCALE = 100

Row = tuple[str, str | None, str | None]  # content, progress, problems


def rows_of(folder: Path) -> list[Row]:
    """The (content, progress, problems) of every row the per-file stage reads in ``folder``."""
    phrases = default_phrases()
    rows: list[Row] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.endswith((".meta.toml", ".md", ".json")):
            continue
        if not path.is_file():
            continue
        outcome = examine(path, folder, phrases).outcome
        if isinstance(outcome, ParsedFile):
            rows.extend((r.content, r.progress, r.problems) for r in outcome.rows)
    return rows


def field_rows(work: Path) -> list[Row]:
    """The rows of the field corpus's pages, each read with its facts given in a sidecar."""
    folder = work / "field"
    folder.mkdir()
    for txt, expected in load_corpus(FIELD_DIR):
        shutil.copyfile(txt, folder / txt.name)
        (folder / (txt.name + ".meta.toml")).write_text(_sidecar_facts(expected), encoding="utf-8")
    return rows_of(folder)


def corpus_folder(given: Path | None) -> Path:
    """The 100x corpus: ``given``, else bench_ingest's (generated when missing)."""
    if given is not None:
        return given
    import bench_ingest

    return bench_ingest.prepare([SCALE], 1, lambda line: print(line, file=sys.stderr)).scales[SCALE]


def load_ref(ref: str, work: Path) -> tuple[ModuleType, ModuleType]:
    """The ``status`` and ``figures`` modules of assess as git ref ``ref`` has them."""
    package = work / "assess_ref"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    listed = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{ref}:src/govtasks/assess"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    # every module of the package at ref (status and figures import patterns.py, and may import more)
    for name in (Path(file).stem for file in listed if file.endswith(".py") and file != "__init__.py"):
        source = subprocess.run(
            ["git", "show", f"{ref}:src/govtasks/assess/{name}.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        (package / f"{name}.py").write_text(
            source.replace("govtasks.assess.", "assess_ref."), encoding="utf-8"
        )
    sys.path.insert(0, str(work))
    return importlib.import_module("assess_ref.status"), importlib.import_module("assess_ref.figures")


def _clear_caches(*modules: ModuleType) -> None:
    for module in modules:
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def _cache_info(*modules: ModuleType) -> dict[str, tuple[int, int, int]]:
    """Hits, misses and size of every cache of the modules."""
    out = {}
    for module in modules:
        for name, value in vars(module).items():
            if hasattr(value, "cache_info"):
                info = value.cache_info()
                out[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = (info.hits, info.misses, info.currsize)
    return out


def best_of(repeat: int, work: Callable[[], object], *modules: ModuleType) -> float:
    """The shortest of ``repeat`` timings of ``work()``, each with cold caches, in seconds."""
    times = []
    for _ in range(repeat):
        _clear_caches(*modules)
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def run_status(module: ModuleType, rows: Sequence[Row]) -> list[tuple[str, str | None]]:
    return [module.status_of(progress, problems, content) for content, progress, problems in rows]


def run_figures(module: ModuleType, rows: Sequence[Row]) -> list[Any]:
    return [module.row_figures(content, progress) for content, progress, _ in rows]


def figure_fields(module: ModuleType, rows: Sequence[Row]) -> list[list[tuple[Any, ...]]]:
    """Every field of every figure of every row, to compare (Found of two modules are two classes)."""
    return [[dataclasses.astuple(f) for f in found] for found in run_figures(module, rows)]


def compare(name: str, rows: Sequence[Row], ref: tuple[ModuleType, ModuleType]) -> list[str]:
    """Every row where this code and the ref's differ, described."""
    ref_status, ref_figures = ref
    differences = []
    mine_s, theirs_s = run_status(status, rows), run_status(ref_status, rows)
    mine_f, theirs_f = figure_fields(figures, rows), figure_fields(ref_figures, rows)
    for i, row in enumerate(rows):
        if mine_s[i] != theirs_s[i]:
            differences.append(f"{name} row {i} status: {mine_s[i]} != {theirs_s[i]} for {row!r}")
        if mine_f[i] != theirs_f[i]:
            differences.append(f"{name} row {i} figures: {mine_f[i]} != {theirs_f[i]} for {row!r}")
    return differences


def measure(
    sets: dict[str, list[Row]], repeat: int, ref: tuple[ModuleType, ModuleType] | None
) -> dict[str, Any]:
    """rows/s of both functions on every set of rows (and of the ref's, when given), and the
    caches' hit rates over one run."""
    results: dict[str, Any] = {}
    for name, rows in sets.items():
        if ref is not None:
            ref_s = best_of(repeat, lambda rows=rows: run_status(ref[0], rows), *ref)
            ref_f = best_of(repeat, lambda rows=rows: run_figures(ref[1], rows), *ref)
        s = best_of(repeat, lambda rows=rows: run_status(status, rows), status, figures)
        _clear_caches(status, figures)
        run_status(status, rows)
        status_caches = _cache_info(status, figures)
        f = best_of(repeat, lambda rows=rows: run_figures(figures, rows), status, figures)
        _clear_caches(status, figures)
        run_figures(figures, rows)
        figure_caches = _cache_info(status, figures)
        results[name] = {
            "rows": len(rows),
            "distinct_contents": len({content for content, _, _ in rows}),
            "status_rows_per_s": round(len(rows) / s) if s else None,
            "figures_rows_per_s": round(len(rows) / f) if f else None,
            "status_caches": status_caches,
            "figures_caches": figure_caches,
        }
        if ref is not None:
            results[name]["ref_status_rows_per_s"] = round(len(rows) / ref_s) if ref_s else None
            results[name]["ref_figures_rows_per_s"] = round(len(rows) / ref_f) if ref_f else None
    return results


def _rate(caches: dict[str, tuple[int, int, int]]) -> str:
    parts = []
    for name, (hits, misses, size) in caches.items():
        if hits + misses:
            parts.append(f"{name} {hits / (hits + misses):.0%} of {hits + misses:,} ({size:,} kept)")
    return "; ".join(parts) or "-"


def _speed(r: dict[str, Any], key: str) -> str:
    """rows/s of this code, and of the ref's with the ratio when measured."""
    mine = r[f"{key}_rows_per_s"]
    ref = r.get(f"ref_{key}_rows_per_s")
    return f"{mine:,}" if not ref else f"{mine:,} ({ref:,}: {mine / ref:.1f}x)"


def report(results: dict[str, Any], repeat: int, compared: str | None, ref: str | None) -> str:
    lines = [
        "# assess/ speed: status_of and row_figures on every row of real outputs",
        "",
        "Written by `benchmarks/bench_assess.py` (`make bench`). Rows: every row the per-file stage reads",
        "(content, progress, problems; copies included). rows/s: best of "
        f"{repeat} runs on one core, the caches of assess cleared before each run. Cache hits: over one run.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| rows of | rows | distinct contents | status_of rows/s | row_figures rows/s |",
        "|---|---:|---:|---:|---:|",
    ]
    if ref:
        lines[-3:-3] = ["", f"In brackets: the same at `{ref}`, and how many times faster this code is."]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['rows']:,} | {r['distinct_contents']:,} | {_speed(r, 'status')} "
            f"| {_speed(r, 'figures')} |"
        )
    lines += ["", "Cache hit rates (hits of lookups, entries kept at the end):", ""]
    for name, r in results.items():
        lines.append(
            f"- {name}: status_of: {_rate(r['status_caches'])}; row_figures: {_rate(r['figures_caches'])}"
        )
    if compared:
        lines += ["", compared]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (the best is kept)")
    parser.add_argument("--corpus", type=Path, help="the 100x corpus folder (default: bench_ingest's)")
    parser.add_argument("--extra", type=Path, default=EXTRA, help="more samples (skipped when missing)")
    parser.add_argument("--against", metavar="REF", help="compare every result with assess/ at git ref REF")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govtasks-bench-assess-") as tmp:
        work = Path(tmp)
        sets = {"data/raw": rows_of(RAW)}
        if args.extra.is_dir():
            sets["samples-extra"] = rows_of(args.extra)
        sets["field corpus"] = field_rows(work)
        sets[f"{SCALE}x corpus"] = rows_of(corpus_folder(args.corpus))
        compared = None
        failed = False
        ref = None
        if args.against:
            ref = load_ref(args.against, work)
            differences = [d for name, rows in sets.items() for d in compare(name, rows, ref)]
            for line in differences[:50]:
                print(line, file=sys.stderr)
            total = sum(len(rows) for rows in sets.values())
            compared = (
                f"Against `{args.against}`: {total:,} rows compared (status, evidence, every field of every "
                f"figure): {len(differences)} differences."
            )
            failed = bool(differences)
        results = measure(sets, args.repeat, ref)
    text = report(results, args.repeat, compared, args.against)
    print(text)
    REPORT.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
