"""What the everyday run costs: one or two new reports arrived, `make ingest` again (issue 20).

On the generated corpus (:mod:`corpus`, through :func:`bench_ingest.prepare`) at each scale, in a
scratch copy of the scale's folder (hard links; a file changed is copied first), one job:

- a full ingest, then a no-change run (the median of :data:`REPEAT`);
- one report added: a corpus file outside the folder when there is one, else a copy of one of
  the folder's first files with a line end added (new bytes: a new report of the same block);
- one report changed: a line end appended to a file of the folder;
- each followed by its cost over the no-change run. Each incremental run starts from a quiet
  disk (what earlier runs left to write out is synced first, untimed).

Targets (issue 20, at 1,000× with one job): one report added or changed costs at most
:data:`TARGET_UPDATE_S` above a no-change run; a no-change run stays under
:data:`TARGET_NO_CHANGE_S` for 1,000 files (the no-change figure of ``bench_ingest``). The
verdicts are printed for every scale measured, and the figures' growth from scale to scale (they
should stay flat).

Run: ``.venv/bin/python benchmarks/bench_update.py [--scales 100,1000]``; ``make bench`` runs it.
Writes ``benchmarks/UPDATE.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bench_ingest  # beside this script: on sys.path when it is run

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "UPDATE.md"

#: Issue 20's targets: seconds above a no-change run for one report added or changed; seconds of
#: a no-change run of 1,000 files.
TARGET_UPDATE_S = 2.0
TARGET_NO_CHANGE_S = 1.0


def _copy_folder(folder: Path, into: Path) -> Path:
    """A scratch copy of a corpus folder, by hard links (sidecars included)."""
    raw = into / "raw"
    raw.mkdir()
    for item in sorted(folder.iterdir()):
        if item.is_file() and not item.name.startswith("."):
            os.link(item, raw / item.name)
    return raw


def _touch_bytes(path: Path) -> None:
    """New bytes for ``path``: a line end appended, on a copy (the corpus file stays as it is)."""
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data + b"\n")


def _incremental(raw: Path, out: Path) -> bench_ingest.Ingest:
    """One incremental run, timed from a quiet disk: what earlier runs left to write out (a full
    run's cache files are not synced: hundreds of megabytes at 1,000×) is written first,
    untimed, so that a run is not charged for another's writes."""
    os.sync()
    return bench_ingest.ingest(raw, 1, full=False, out=out)


#: Updates measured of each kind (added, changed), their median reported: single runs of a few
#: seconds vary by half a second on this machine, and the first update after the full run is
#: often the slowest of its kind.
REPEAT = 5


def measure(folder: Path, spares: list[Path]) -> dict[str, Any]:
    """Full run, no-change runs, one report added, one changed: seconds of each (the no-change,
    added and changed figures the median of :data:`REPEAT` runs; each added or changed run
    follows a no-change state, the reports added one after another)."""
    with tempfile.TemporaryDirectory(prefix="govtasks-update-") as scratch:
        raw = _copy_folder(folder, Path(scratch))
        out = Path(scratch) / "out"
        sources = bench_ingest.sources(raw)
        full = bench_ingest.ingest(raw, 1, full=True, out=out)
        no_change = statistics.median(_incremental(raw, out).seconds for _ in range(REPEAT))
        added, added_how = [], []
        for n in range(REPEAT):
            if n < len(spares):
                spare = spares[n]
                for item in (spare, spare.with_name(f"{spare.name}.meta.toml")):
                    if item.exists():
                        shutil.copy2(item, raw / item.name)
                added_how.append(f"corpus file {spare.name}")
            else:  # a new report of an existing block: a copy with new bytes
                first = sources[n]
                shutil.copy2(first, raw / f"zz_new_{first.name}")
                _touch_bytes(raw / f"zz_new_{first.name}")
                added_how.append(f"a copy of {first.name} with a line end added")
            added.append(_incremental(raw, out))
        changed, changed_how = [], []
        for n in range(REPEAT):
            changed_file = sources[len(sources) * (n + 1) // (REPEAT + 1)]
            _touch_bytes(changed_file)
            changed.append(_incremental(raw, out))
            changed_how.append(changed_file.name)
        return {
            "files": len(sources),
            "full_s": full.seconds,
            "no_change_s": no_change,
            "added_s": statistics.median(run.seconds for run in added),
            "added_all_s": [run.seconds for run in added],
            "changed_s": statistics.median(run.seconds for run in changed),
            "changed_all_s": [run.seconds for run in changed],
            "added_how": ", ".join(added_how),
            "changed_how": ", ".join(changed_how) + " (a line end appended to each)",
            "ok": full.ok and all(run.ok for run in [*added, *changed]),
        }


def render(rows: list[dict[str, Any]]) -> str:
    lines = [
        "# One report added or changed: what a re-run costs",
        "",
        "Written by `benchmarks/bench_update.py` (`make bench`): one job, seconds of the whole",
        f"`govtasks ingest` process, the median of {REPEAT} runs each (all runs listed below), each "
        "incremental run started from a quiet disk (`os.sync()` first, untimed). "
        "Targets (issue 20): one report added or changed at most "
        f"{TARGET_UPDATE_S:g} s above a no-change run, at 1,000× (the no-change target, "
        f"under {TARGET_NO_CHANGE_S:g} s for 1,000 files, is in RESULTS.md).",
        "",
        "| scale | files | full | no change | added | added − no change | changed | changed − no change |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scale']}× | {r['files']:,} | {r['full_s']:.2f} s | {r['no_change_s']:.2f} s | "
            f"{r['added_s']:.2f} s | {r['added_s'] - r['no_change_s']:.2f} s | {r['changed_s']:.2f} s | "
            f"{r['changed_s'] - r['no_change_s']:.2f} s |"
        )
    lines += ["", "Verdicts:", ""]
    for r in rows:
        for what in ("added", "changed"):
            cost = r[f"{what}_s"] - r["no_change_s"]
            verdict = "pass" if cost <= TARGET_UPDATE_S and r["ok"] else "FAIL"
            lines.append(
                f"- {r['scale']}×, one report {what}: {cost:.2f} s above no change "
                f"(target ≤ {TARGET_UPDATE_S:g} s): **{verdict}**"
            )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        grow = (last["added_s"] - last["no_change_s"]) / max(first["added_s"] - first["no_change_s"], 1e-9)
        lines += [
            "",
            f"From {first['scale']}× to {last['scale']}× ({last['files'] / first['files']:.1f}× the files) "
            f"the cost of one added report grew {grow:.1f}× (flat is the aim).",
        ]
    lines += ["", "Each run (s):", ""]
    for r in rows:
        shown = ", ".join(f"{x:.2f}" for x in r["added_all_s"])
        lines.append(
            f"- {r['scale']}×: added {shown}; changed {', '.join(f'{x:.2f}' for x in r['changed_all_s'])}"
        )
    lines += [
        "",
        "How: "
        + "; ".join(f"{r['scale']}×: added {r['added_how']}; changed {r['changed_how']}" for r in rows)
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default=os.environ.get("BENCH_UPDATE_SCALES", "100,1000"))
    parser.add_argument("--seed", type=int, default=1)  # bench_ingest's: one corpus for both
    args = parser.parse_args(argv)
    scales = sorted(int(s) for s in args.scales.split(","))
    corpora = bench_ingest.prepare(scales, args.seed, log=lambda m: print(m, file=sys.stderr))
    everything = {f["name"] for f in corpora.files}
    rows = []
    for scale in scales:
        folder = corpora.scales[scale]
        inside = {p.name for p in bench_ingest.sources(folder)}
        outside = sorted(everything - inside)
        spares = [corpora.root / "all" / name for name in outside[:REPEAT]]
        print(f"{scale}×: full, no change, reports added, reports changed ...", file=sys.stderr)
        rows.append({"scale": scale, **measure(folder, spares)})
    text = render(rows)
    REPORT.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
