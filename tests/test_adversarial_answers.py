"""Issue 16: answers that match what happens, and linking that stays bounded on large blocks.

- linking two large reports of one district and year holds a bounded score matrix (point 6);
"""

from __future__ import annotations

from typing import Any

import pytest

from govtasks.link import matching
from govtasks.link.blocks import link_block
from synthetic import large_block

pytestmark = pytest.mark.adversarial


def test_linking_a_large_block_holds_a_bounded_score_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 600-row reports of one district and year: no score matrix over the cell budget, and
    the same tables as one matrix would give."""
    files = large_block(600, seed=3)
    whole = link_block(files)
    shapes: list[tuple[int, int]] = []
    real_cdist = matching.cdist

    def counting_cdist(queries: Any, choices: Any, **options: Any) -> Any:
        shapes.append((len(queries), len(choices)))
        return real_cdist(queries, choices, **options)

    monkeypatch.setattr(matching, "CDIST_CELLS", 20_000, raising=False)
    monkeypatch.setattr(matching, "cdist", counting_cdist)
    chunked = link_block(files)
    assert shapes and max(rows * columns for rows, columns in shapes) <= 20_000
    assert chunked == whole
