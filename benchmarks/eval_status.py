"""Measure the status rules on the labelled sample: ``tests/fixtures/labels/status.csv``.

Each labelled row (its texts are in the file: the measure does not re-parse anything) is given to
:func:`govtasks.assess.status.status_of` and the answer compared with the label a reader gave it.
For the dev split (the rules were tuned on it), the heldout split (never looked at while tuning),
the fresh split (new pages labelled after the rules were written, no rule changed after) and all
rows: per-class precision and recall, the confusion table, and the recall of the rows whose state
is plainly stated (``clear``) for completed and behind: a status that almost never says completed
or behind is not useful, however precise.

Run: ``.venv/bin/python benchmarks/eval_status.py`` (``make eval``): prints the tables and
rewrites ``benchmarks/EVAL_STATUS.md``. ``--misses dev`` also prints every wrong row of a split.
Not a test: no thresholds; the aims are in issue 19 (every class ≥ 0.90 precision, ≥ 0.6 recall of
clear completed and clear behind).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from govtasks.assess.status import STATUSES, status_of

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "fixtures" / "labels" / "status.csv"
REPORT = Path(__file__).resolve().parent / "EVAL_STATUS.md"
SPLITS = ("dev", "heldout", "fresh", "all")


@dataclass(frozen=True)
class Judged:
    """A labelled row and the status the rules give it."""

    split: str
    where: str
    progress: str
    problems: str
    label: str
    clear: bool
    predicted: str
    evidence: str | None


def judged_rows(path: Path = LABELS) -> list[Judged]:
    """Every labelled row of ``path`` with the rules' answer."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        status, evidence = status_of(row["progress"] or None, row["problems"] or None, row["content"] or None)
        out.append(
            Judged(
                row["split"],
                f"{row['source_file']}:{row['source_line']}",
                row["progress"],
                row["problems"],
                row["label"],
                row["clear"] == "yes",
                status,
                evidence,
            )
        )
    return out


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.2f} ({hits}/{total})" if total else "–"


def split_report(name: str, rows: list[Judged]) -> list[str]:
    """The Markdown lines for one split: per-class table, confusion table, clear recall."""
    lines = [f"## {name}: {len(rows)} rows", ""]
    correct = sum(r.label == r.predicted for r in rows)
    lines += [f"Accuracy {_ratio(correct, len(rows))}.", ""]
    lines += ["| class | labelled | predicted | precision | recall |", "|---|---:|---:|---:|---:|"]
    for status in STATUSES:
        labelled = sum(r.label == status for r in rows)
        predicted = sum(r.predicted == status for r in rows)
        hits = sum(r.label == status and r.predicted == status for r in rows)
        lines.append(
            f"| {status} | {labelled} | {predicted} | {_ratio(hits, predicted)} | {_ratio(hits, labelled)} |"
        )
    lines += ["", "Confusion (rows: label, columns: predicted):", ""]
    lines += ["| label \\ predicted | " + " | ".join(STATUSES) + " |", "|---|" + "---:|" * len(STATUSES)]
    pairs = Counter((r.label, r.predicted) for r in rows)
    for label in STATUSES:
        lines.append(f"| {label} | " + " | ".join(str(pairs[label, p]) for p in STATUSES) + " |")
    lines.append("")
    for status in ("completed", "behind"):
        clear = [r for r in rows if r.clear and r.label == status]
        found = sum(r.predicted == status for r in clear)
        lines.append(f"- recall of the clear {status} rows: {_ratio(found, len(clear))}")
    lines.append("")
    return lines


def report(rows: list[Judged]) -> str:
    """The whole report, dev, heldout, fresh and all."""
    lines = [
        "# Status rules on the labelled sample",
        "",
        "`benchmarks/eval_status.py` (`make eval`) on `tests/fixtures/labels/status.csv` (how the rows",
        "were chosen and labelled: `tests/fixtures/labels/README.md`). The rules were tuned on dev only;",
        "fresh is pages found and labelled after the rules were written, none changed after.",
        "",
    ]
    for name in SPLITS:
        part = rows if name == "all" else [r for r in rows if r.split == name]
        lines += split_report(name, part)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", choices=SPLITS, help="also print every wrong row of this split")
    args = parser.parse_args()
    rows = judged_rows()
    text = report(rows)
    print(text)
    REPORT.write_text(text, encoding="utf-8")
    if args.misses:
        for r in rows:
            if r.label != r.predicted and args.misses in (r.split, "all"):
                print(f"{r.where} label={r.label} got={r.predicted} ({r.evidence}) | {r.progress[:120]!r}")


if __name__ == "__main__":
    main()
