"""Deciding which rows state the same task: comparison keys, similarity, clustering, copies.

Everything here is pure and works on plain strings and small records, so the rules can be
tested (and measured) apart from the table building in :mod:`govtasks.link.blocks`.

How rows of one district and year become tasks (see docs/architecture.md, "Linking"):

1. **Key.** A row's content is reduced to its :func:`link_key`: simplified text without a
   leading list number ("1.", "(一)"), spaces or punctuation, full-width folded to ASCII.
2. **Similarity.** Two keys are compared with rapidfuzz's ``fuzz.ratio`` (normalised
   insertion/deletion distance over characters, 0..1). Chinese has no spaces, so whitespace
   token scorers would compare whole sentences as one token; and ``partial_ratio`` would link a
   short task to any longer task containing it, which issue 3 forbids.
3. **Clusters.** Reports are taken in order (plan, Q1, H1 …); each row of a report joins the
   existing task it is most similar to, if that similarity is at least :data:`LINK_THRESHOLD`
   and that task has no row of this report yet, else it starts a new task. Pairs are assigned
   best-first, so a task takes the closest of several candidate rows.

The thresholds were measured on the five samples (tests/test_matching.py keeps the figures):

- different tasks: at most 0.733 within one report (three 002 tasks sharing the ending
  "确保完成市下达目标任务"), at most 0.508 across reports (003 vs 004, both 余杭区);
- the rewordings issue 3 lists, applied to every sample task: punctuation, width, spaces and
  list numbers give the same key (1.0); one changed character scores >= 0.875 for tasks of 8+
  characters; a 7-character trailing clause scores >= 0.80 for tasks of 14+ characters.

So 0.80 links every measured rewording of a task of 14+ characters and no measured pair of
different tasks; the review band 0.65-0.90 holds the near misses on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

#: Rows at least this similar (and not blocked by the one-row-per-report rule) are one task.
LINK_THRESHOLD = 0.80
#: Pairs scoring in [REVIEW_LOW, REVIEW_HIGH) are listed for a person to check.
REVIEW_LOW = 0.65
REVIEW_HIGH = 0.90
#: Two reports of one district, year and period sharing this share of their statements
#: (of the smaller report) are copies of one document.
COPY_SHARE = 0.8
#: At most this many scores (float32) are held at once when a report's rows are compared with a
#: block's keys: 16 MB, whatever the size of the block (two 40k-row reports held 1.6 billion).
CDIST_CELLS = 4_000_000


def similarity(a: str, b: str) -> float:
    """Character-level similarity of two keys, 0..1 (rapidfuzz ``fuzz.ratio`` / 100).

    >>> similarity("提升政策兑现时效用好亲清在线平台", "提升政策兑现时效用好亲情在线平台")
    0.9375
    >>> similarity("强化食品药品安全监管", "强化食品药品安全监管建设省级食品安全示范区推进智慧监管")
    0.5405405405405406
    """
    return float(fuzz.ratio(a, b)) / 100.0


# --- clustering ---------------------------------------------------------------------------------


@dataclass
class Cluster:
    """One task being built: the keys of its rows and the reports it already has a row of."""

    number: int
    keys: list[str] = field(default_factory=list)
    reports: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Assignment:
    """Where one row of a report went: its cluster, and the similarity that put it there."""

    cluster: int
    similarity: float  # 1.0 when the row started the cluster or matched a key exactly
    started: bool


@dataclass(frozen=True)
class Candidate:
    """A row/cluster pair in the review band, with what was decided and why.

    ``other_key`` is the key of the cluster's row the similarity was computed against (its
    closest key when the row was linked, not a row the cluster took later); ``blocked_by`` the
    row of the same report that took the cluster first, when the one-row-per-report rule kept
    this row out of it (``reason`` "task already has a row of this report")."""

    row: int
    cluster: int
    similarity: float
    linked: bool
    reason: str
    other_key: str = ""
    blocked_by: int | None = None


@dataclass
class Block:
    """The tasks of one district and year, built report by report."""

    clusters: list[Cluster] = field(default_factory=list)
    _exact: dict[str, list[int]] = field(default_factory=dict)
    _flat_keys: list[str] = field(default_factory=list)
    _flat_cluster: list[int] = field(default_factory=list)
    #: The keys of ``_flat_keys`` with their characters renumbered (:meth:`_coded`).
    _flat_coded: list[str] = field(default_factory=list)
    _codes: dict[int, str] = field(default_factory=dict)

    def add_report(self, report: int, keys: Sequence[str]) -> tuple[list[Assignment], list[Candidate]]:
        """Link the rows (given by their keys, in report order) of one report to the block's tasks.

        Returns one assignment per row and the borderline pairs met on the way.
        """
        assigned: dict[int, Assignment] = {}
        taken: dict[int, int] = {}  # cluster -> the row of this report that joined it
        # Exact key matches first: cheap, and they must win over any fuzzy pair.
        for row, key in enumerate(keys):
            for number in self._exact.get(key, ()):
                if number not in taken and report not in self.clusters[number].reports:
                    assigned[row] = Assignment(number, 1.0, started=False)
                    taken[number] = row
                    break

        candidates: list[Candidate] = []
        reviewed_apart: set[int] = set()  # rows whose closest unjoinable task is already listed
        pending = [row for row in range(len(keys)) if row not in assigned]
        pairs = self._scored_pairs([keys[row] for row in pending])
        # Best-first; ties broken by row order, then by the cluster that came first.
        pairs.sort(key=lambda p: (-p[2], pending[p[0]], p[1]))
        for index, number, score, other in pairs:
            row = pending[index]
            if score >= LINK_THRESHOLD and row not in assigned and number not in taken:
                assigned[row] = Assignment(number, score, started=False)
                taken[number] = row
                if score < REVIEW_HIGH:
                    candidates.append(Candidate(row, number, score, True, "linked", other))
            elif row not in assigned and row not in reviewed_apart:
                # Pairs come best first (all >= REVIEW_LOW): the closest task the row cannot join.
                if score < LINK_THRESHOLD:
                    candidates.append(Candidate(row, number, score, False, "below threshold", other))
                else:
                    reason = "task already has a row of this report"
                    candidates.append(Candidate(row, number, score, False, reason, other, taken[number]))
                reviewed_apart.add(row)

        assignments: list[Assignment] = []
        for row, key in enumerate(keys):
            if row not in assigned:
                number = len(self.clusters)
                self.clusters.append(Cluster(number))
                assigned[row] = Assignment(number, 1.0, started=True)
            cluster = self.clusters[assigned[row].cluster]
            cluster.reports.add(report)
            if key not in cluster.keys:
                cluster.keys.append(key)
                self._exact.setdefault(key, []).append(cluster.number)
                self._flat_keys.append(key)
                self._flat_cluster.append(cluster.number)
                self._flat_coded.append(self._coded(key))
            assignments.append(assigned[row])
        # A row that finally started a task keeps its best "apart" candidate; linked rows keep none.
        kept = [c for c in candidates if c.linked or assignments[c.row].started]
        return assignments, kept

    def _scored_pairs(self, keys: Sequence[str]) -> list[tuple[int, int, float, str]]:
        """(row index, cluster, best similarity, the cluster's key that scored it) for every pair
        scoring at least REVIEW_LOW (of several keys of a cluster scoring the same, the first).
        Every row against every key of the block, a chunk of rows at a time (:meth:`_all_pairs`)."""
        if not keys or not self._flat_keys:
            return []
        coded = [self._coded(key) for key in keys]
        best: dict[tuple[int, int], tuple[float, int]] = {}  # (row, cluster) -> (score, column)
        for row, column, score in self._all_pairs(coded):
            pair = (row, self._flat_cluster[column])
            known = best.get(pair)
            # The best score; of equal ones, the first key (the order is by row, then column).
            if known is None or score > known[0] or (score == known[0] and column < known[1]):
                best[pair] = (score, column)
        return [
            (row, number, score, self._flat_keys[column]) for (row, number), (score, column) in best.items()
        ]

    def _all_pairs(self, coded: list[str]) -> Iterator[tuple[int, int, float]]:
        """(row, column, similarity) of every pair scoring at least REVIEW_LOW, all compared.

        A few rows at a time: the score matrix of one chunk stays under CDIST_CELLS cells (4
        bytes each), however many rows the two sides have; each row's pairs are its own, so
        the pairs found do not depend on the chunking."""
        step = max(1, CDIST_CELLS // len(self._flat_coded))
        for start in range(0, len(coded), step):
            chunk = coded[start : start + step]
            matrix = cdist(chunk, self._flat_coded, scorer=fuzz.ratio, score_cutoff=REVIEW_LOW * 100)
            for row, column in zip(*matrix.nonzero(), strict=True):
                yield start + int(row), int(column), float(matrix[row, column]) / 100.0

    def _coded(self, key: str) -> str:
        """``key`` with each character replaced by its number in the block (in the order first
        met, as a character): the same characters, equal or not, so the same similarities; but
        the block's first 256 characters become one-byte ones, which rapidfuzz compares through
        a table instead of a hash map, 4x faster (Chinese keys are otherwise all hash lookups)."""
        codes = self._codes
        for char in key:
            if ord(char) not in codes:
                codes[ord(char)] = chr(len(codes))
        return key.translate(codes)


# --- copies of one document ------------------------------------------------------------------


def copy_share(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Share of the smaller report's statements found in the other report.

    >>> copy_share({("a",), ("b",)}, {("a",), ("b",), ("c",)})
    1.0
    >>> copy_share(set(), {("a",)})
    0.0
    """
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
