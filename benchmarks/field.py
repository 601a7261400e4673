"""How well govtasks reads real report pages it was not written for: the field corpus.

Each page in ``tests/fixtures/field/`` is stored as found (``NAME.txt``) beside what a careful
reader found in it (``NAME.expected.json``: its complete task rows, its facts and whether each
fact is printed; the contract is in that folder's README). This script runs ingest's per-file
stage on every page and compares:

- **rows**: each expected complete row is looked for among the rows read (by content, see
  :func:`same_row`). Recall = expected rows found / expected rows. The rows are measured as a user
  who gave the facts in a sidecar would get them, so that a refused fact does not hide how well
  the table was read (refused facts are counted under facts);
- **fields**: for each row found, seq, category, content, leaders, lead units, supporting units
  and progress are compared after :func:`comparable` (script, width, spacing ignored);
- **facts**: district, year and period as ingest finds them with no sidecar (also when the file
  is refused for another missing fact: each is scored apart): right, wrong (a value that is not
  the page's: silently wrong) or refused (no value: the file is rejected with the sidecar hint).
  A fact the page does not print (``printed: false``) may be refused: that is what a careful
  reader does too, and it counts as right, shown apart; a fact no reader can tell (expected
  null) is right only when refused;
- **negatives** (pages with no task rows) must give no rows.

``make field`` prints a line per document, the totals and every refusal with its reason;
``--json FILE`` also writes the figures, to compare two versions.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from govtasks.clean.normalize import default_phrases, strip_pinyin, to_simplified
from govtasks.models import PERIOD_ORDER, CleanRow, ParsedFile, Rejection, ReportFacts
from govtasks.run.per_file import examine

FIELD_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "field"
FACTS = ("district", "year", "period")
ROW_FIELDS = ("seq", "category", "content", "leaders", "lead_units", "supporting_units", "progress")
#: Content similarity (rapidfuzz ratio on comparable text) from which an output row is taken to
#: be the expected row; below it the row counts as not found.
SAME_ROW = 80.0
#: The period given in the rows pass's sidecar when the page's is unknown (null).
_ANY_PERIOD = "FY"

_PHRASES = default_phrases()
_SPACE = re.compile(r"\s+")
_SEQ_EDGES = re.compile(r"^[(（\[]+|[)）\].、．。,，]+$")


def squeezed(text: str) -> str:
    """``text`` in the script it is printed in, full-width forms folded (NFKC), no whitespace:
    the part of :func:`comparable` that keeps the script (for rows read before cleaning).

    >>> squeezed("牽頭單位 （區發改局）")
    '牽頭單位(區發改局)'
    """
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def comparable(text: str | None) -> str:
    """``text`` as the measure compares it: simplified script, full-width forms folded (NFKC),
    no whitespace, and without the inline pinyin some mirror sites add ("區(qū)"): an artifact
    the normalize stage removes by design, which a reader copying the page keeps.

    >>> comparable("牽頭單位 （區(qū)發改局）")
    '牵头单位(区发改局)'
    >>> comparable(None)
    ''
    """
    if not text:
        return ""
    return squeezed(to_simplified(strip_pinyin(text), _PHRASES))


def comparable_seq(seq: str | None) -> str:
    """A row number without its brackets and trailing separator.

    >>> comparable_seq("(12)"), comparable_seq("3、"), comparable_seq(None)
    ('12', '3', '')
    """
    return _SEQ_EDGES.sub("", comparable(seq))


def same_row(expected: str, found: str) -> float:
    """How alike two contents are, 0..100: rapidfuzz's ratio, or 100 when one holds the other
    whole and is at least half its length (a row whose short title was put before its text).

    >>> same_row("新建学校3所", "新建学校3所"), same_row("建学校", "修道路") < 80
    (100.0, True)
    """
    if not expected or not found:
        return 0.0
    short, long = sorted((expected, found), key=len)
    if short in long and len(short) * 2 >= len(long):
        return 100.0
    return float(fuzz.ratio(expected, found))


@dataclass
class DocScore:
    name: str
    negative: bool
    outcome: str  # the format that read it, or "rejected (code)"
    expected_rows: int = 0
    found_rows: int = 0
    extra_rows: int = 0  # rows read that match no expected row (nor the cut-off row)
    fields_compared: int = 0
    fields_right: int = 0
    facts: dict[str, str] = field(default_factory=dict)  # fact -> right / wrong / refused
    printed: dict[str, bool] = field(default_factory=dict)  # fact -> printed on the page
    wrong_fields: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    refusal: str | None = None
    fact_refusal: str | None = None

    @property
    def recall(self) -> float:
        return self.found_rows / self.expected_rows if self.expected_rows else 1.0


def _row_value(row: CleanRow, name: str) -> str | tuple[str, ...]:
    if name == "seq":
        return comparable_seq(row.seq)
    if name == "leaders":
        return tuple(comparable(x) for x in row.lead_leaders)
    if name in ("lead_units", "supporting_units"):
        return tuple(comparable(x) for x in getattr(row, name))
    return comparable(getattr(row, name))


def _expected_value(row: dict[str, Any], name: str) -> str | tuple[str, ...]:
    value = row.get(name)
    if name == "seq":
        return comparable_seq(value)
    if name in ("leaders", "lead_units", "supporting_units"):
        return tuple(comparable(x) for x in value or ())
    return comparable(value)


def _sidecar_facts(expected: dict[str, Any]) -> str:
    """A sidecar giving the expected facts (or placeholders), for the rows pass."""
    facts = expected.get("facts") or {}

    def value(key: str) -> Any:
        entry = facts.get(key) or {}
        return entry.get("value")

    district = value("district") or "未知区"
    year = value("year") or 2020
    period = value("period")
    if period not in PERIOD_ORDER:
        period = _ANY_PERIOD
    return f'district = "{district}"\nyear = {int(year)}\nperiod = "{period}"\n'


def _outcome(result: ParsedFile | Rejection) -> str:
    if isinstance(result, Rejection):
        return f"rejected ({result.code})"
    return result.format


def score_document(txt: Path, expected: dict[str, Any], work: Path) -> DocScore:
    """Run the per-file stage on ``txt`` twice (as found, then with the facts in a sidecar) and
    score it against ``expected``."""
    negative = bool(expected.get("negative"))
    name = txt.stem
    # Facts as a user gets them: the file alone, no sidecar, under a name that says nothing (the
    # corpus names hold the expected district, year and period, which a file's name may give).
    alone = work / "alone"
    alone.mkdir(parents=True, exist_ok=True)
    anonymous = alone / ("document" + txt.suffix)
    shutil.copyfile(txt, anonymous)
    examined = examine(anonymous, alone, _PHRASES)
    first = examined.outcome
    # The facts found, also when the file is refused for one missing (each fact is scored apart).
    found_facts = examined.identified.facts if examined.identified is not None else None
    # Rows as a user gets them once the facts are given.
    given = work / "given"
    given.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(txt, given / txt.name)
    (given / (txt.name + ".meta.toml")).write_text(_sidecar_facts(expected), encoding="utf-8")
    second = examine(given / txt.name, given, _PHRASES).outcome

    doc = DocScore(name=name, negative=negative, outcome=_outcome(first))
    if isinstance(first, Rejection):
        doc.fact_refusal = f"{first.code}: {first.reason}"
    if isinstance(second, Rejection):
        doc.refusal = f"{second.code}: {second.reason}"
        doc.outcome = _outcome(second)
    elif isinstance(first, Rejection):
        doc.outcome = f"{second.format}, facts refused ({first.code})"
    rows: Sequence[CleanRow] = second.rows if isinstance(second, ParsedFile) else ()

    if not negative:
        _score_facts(doc, expected, first.facts if isinstance(first, ParsedFile) else found_facts)
    _score_rows(doc, expected, rows)
    return doc


def _score_facts(doc: DocScore, expected: dict[str, Any], got: ReportFacts | None) -> None:
    facts = expected.get("facts") or {}
    for key in FACTS:
        want = (facts.get(key) or {}).get("value")
        doc.printed[key] = bool((facts.get(key) or {}).get("printed"))
        value = getattr(got, key) if got is not None else None
        if value is None:
            # A fact the page does not print is one a careful reader asks for too: its refusal
            # (with the sidecar hint) is the right answer, counted apart.
            doc.facts[key] = "right" if want is None else ("unprinted" if not doc.printed[key] else "refused")
        elif want is not None and comparable(str(value)) == comparable(str(want)):
            doc.facts[key] = "right"
        else:
            doc.facts[key] = f"wrong: {value} (page: {want})"


def _score_rows(doc: DocScore, expected: dict[str, Any], rows: Sequence[CleanRow]) -> None:
    wanted = list(expected.get("rows") or [])
    doc.expected_rows = len(wanted)
    contents = [comparable(row.content) for row in rows]
    taken: set[int] = set()
    for number, want in enumerate(wanted, 1):
        target = comparable(want.get("content"))
        best, best_score = -1, 0.0
        for i, text in enumerate(contents):
            if i in taken:
                continue
            similarity = same_row(target, text)
            if similarity > best_score:
                best, best_score = i, similarity
        if best < 0 or best_score < SAME_ROW:
            doc.missing.append(f"row {number}: {str(want.get('content'))[:30]!r}")
            continue
        taken.add(best)
        doc.found_rows += 1
        for name in ROW_FIELDS:
            doc.fields_compared += 1
            got, exp = _row_value(rows[best], name), _expected_value(want, name)
            if got == exp:
                doc.fields_right += 1
            else:
                doc.wrong_fields.append(f"row {number} {name}: {_differing(got, exp)}")
    cut = comparable(expected.get("cut_row"))
    doc.extra_rows = sum(
        1 for i, text in enumerate(contents) if i not in taken and not (cut and text.startswith(cut[:10]))
    )


def _differing(got: str | tuple[str, ...], expected: str | tuple[str, ...]) -> str:
    """Both values, cut to a window around where they first differ.

    >>> _differing("区发改局；区财政局", "区发改局")
    "read '…改局；区财政局' / page '…改局'"
    """
    a = "；".join(got) if isinstance(got, tuple) else got
    b = "；".join(expected) if isinstance(expected, tuple) else expected
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, at - 2)

    def window(text: str) -> str:
        piece = text[start : start + 22]
        return ("…" if start else "") + piece + ("…" if start + 22 < len(text) else "")

    return f"read {window(a)!r} / page {window(b)!r}"


def load_corpus(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every page of the corpus with its expectations, by name."""
    pages = []
    for spec in sorted(folder.glob("*.expected.json")):
        txt = spec.with_name(spec.name.removesuffix(".expected.json") + ".txt")
        pages.append((txt, json.loads(spec.read_text(encoding="utf-8"))))
    return pages


def totals(docs: Sequence[DocScore]) -> dict[str, Any]:
    reports = [d for d in docs if not d.negative]
    negatives = [d for d in docs if d.negative]
    expected = sum(d.expected_rows for d in reports)
    found = sum(d.found_rows for d in reports)
    compared = sum(d.fields_compared for d in reports)
    right = sum(d.fields_right for d in reports)
    facts = [v for d in reports for v in d.facts.values()]
    printed = [v for d in reports for k, v in d.facts.items() if d.printed.get(k)]
    return {
        "documents": len(reports),
        "negatives": len(negatives),
        "expected_rows": expected,
        "found_rows": found,
        "row_recall": round(found / expected, 4) if expected else None,
        "field_accuracy": round(right / compared, 4) if compared else None,
        "extra_rows": sum(d.extra_rows for d in reports),
        "facts": len(facts),
        "facts_right": sum(v in ("right", "unprinted") for v in facts),
        "unprinted_refused": sum(v == "unprinted" for v in facts),
        "facts_wrong": sum(v.startswith("wrong") for v in facts),
        "facts_refused": sum(v == "refused" for v in facts),
        "fact_accuracy": round(sum(v in ("right", "unprinted") for v in facts) / len(facts), 4)
        if facts
        else None,
        "printed_facts": len(printed),
        "printed_facts_right": sum(v == "right" for v in printed),
        "negatives_with_rows": sum(d.extra_rows > 0 for d in negatives),
        "documents_refused": sum(d.refusal is not None for d in reports),
    }


def report(docs: Sequence[DocScore], *, verbose: bool) -> str:
    lines = [f"{'document':<40} {'rows':>9} {'recall':>6} {'fields':>6} {'facts':>5}  read by"]
    for d in docs:
        if d.negative:
            verdict = "ok" if d.extra_rows == 0 else f"{d.extra_rows} rows!"
            lines.append(f"{d.name:<40} {'neg':>9} {verdict:>6} {'':>6} {'':>5}  {d.outcome}")
            continue
        fields = f"{d.fields_right / d.fields_compared:.2f}" if d.fields_compared else "-"
        facts = sum(v in ("right", "unprinted") for v in d.facts.values())
        wrong = "!" if any(v.startswith("wrong") for v in d.facts.values()) else ""
        lines.append(
            f"{d.name:<40} {d.found_rows:>4}/{d.expected_rows:<4} {d.recall:>6.2f} {fields:>6} "
            f"{facts:>3}/3{wrong:1} {d.outcome}"
        )
        if verbose:
            lines += [f"    missing {m}" for m in d.missing]
            lines += [f"    {w}" for w in d.wrong_fields]
            lines += [f"    fact {k} {v}" for k, v in d.facts.items() if v not in ("right", "unprinted")]
            if d.extra_rows:
                lines.append(f"    {d.extra_rows} rows read that are not on the page's list")
    t = totals(docs)
    lines += [
        "",
        f"reports {t['documents']}, negatives {t['negatives']}",
        f"complete rows: {t['found_rows']}/{t['expected_rows']} found, recall {t['row_recall']}"
        f" ({t['extra_rows']} rows read beyond the page's list)",
        f"fields: accuracy {t['field_accuracy']}",
        f"facts: {t['facts_right']}/{t['facts']} right (accuracy {t['fact_accuracy']}; "
        f"{t['unprinted_refused']} of them refusals of a fact the page does not print), "
        f"{t['facts_wrong']} silently wrong, {t['facts_refused']} refused; "
        f"of the {t['printed_facts']} printed on their page, {t['printed_facts_right']} right",
        f"negatives giving rows: {t['negatives_with_rows']} of {t['negatives']}",
        "",
        "refusals:",
    ]
    for d in docs:
        if d.refusal:
            lines.append(f"  {d.name}{' (negative: right)' if d.negative else ''}: {d.refusal}")
        elif d.fact_refusal and not d.negative:
            lines.append(f"  {d.name}: facts: {d.fact_refusal}")
    wrong = [(d.name, k, v) for d in docs for k, v in d.facts.items() if v.startswith("wrong")]
    if wrong:
        lines += ["", "facts silently wrong:"] + [f"  {n}: {k} {v}" for n, k, v in wrong]
    return "\n".join(lines)


INDEX_HEAD = "<!-- generated by `python benchmarks/field.py --index`: do not edit -->"


def index(corpus: Sequence[tuple[Path, dict[str, Any]]]) -> str:
    """INDEX.md: a line per page of the corpus, from the expected files."""
    lines = [
        INDEX_HEAD,
        "# Field corpus pages",
        "",
        "| page | site | district, year, period | rows | layout |",
        "|---|---|---|---|---|",
    ]
    for txt, expected in corpus:
        site = re.sub(r"^https?://(www\.)?", "", expected["url"]).split("/")[0]
        if expected["negative"]:
            facts, rows = "negative", "-"
        else:
            values = [str((expected["facts"][k] or {}).get("value") or "?") for k in FACTS]
            facts, rows = " ".join(values), str(len(expected["rows"]))
        layout = str(expected.get("layout") or "").replace("|", "\\|")
        lines.append(f"| {txt.stem} | {site} | {facts} | {rows} | {layout} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=FIELD_DIR)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every missing row and wrong field")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("-k", dest="only", help="only documents whose name contains this")
    parser.add_argument("--index", action="store_true", help="rewrite the folder's INDEX.md and stop")
    args = parser.parse_args(argv)
    if args.index:
        (args.folder / "INDEX.md").write_text(index(load_corpus(args.folder)), encoding="utf-8")
        return 0
    corpus = [(t, e) for t, e in load_corpus(args.folder) if not args.only or args.only in t.name]
    if not corpus:
        print(f"no *.expected.json in {args.folder}", file=sys.stderr)
        return 1
    docs = []
    with tempfile.TemporaryDirectory(prefix="govtasks-field-") as tmp:
        for number, (txt, expected) in enumerate(corpus):
            docs.append(score_document(txt, expected, Path(tmp) / str(number)))
    print(report(docs, verbose=args.verbose))
    if args.json:
        figures = {"totals": totals(docs), "documents": [d.__dict__ | {"recall": d.recall} for d in docs]}
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
