"""Radical characters in text taken from PDFs (govtasks.clean.radicals): the data file is what
Unicode's EquivalentUnifiedIdeograph.txt gives, and reading them changes nothing else."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtasks.clean.radicals import DATA, table_from_unicode, unify_radicals
from govtasks.read.document import document_from_bytes

#: Debian's unicode-data package (installed by .ci/run) holds the Unicode Character Database.
UNICODE = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")


def test_the_data_file_is_what_unicode_gives() -> None:
    if not UNICODE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{UNICODE} is missing: .ci/run installs Debian's unicode-data")
        pytest.skip(f"{UNICODE} is not on this machine (apt-get install unicode-data)")
    made = table_from_unicode(UNICODE.read_text(encoding="utf-8"))
    kept = resources.files("govtasks").joinpath("data", DATA).read_text(encoding="utf-8")
    assert kept == made, "src/govtasks/data/radicals.txt is stale: remake it with table_from_unicode"


def test_every_kangxi_radical_reads_as_an_ideograph() -> None:
    """All 214 Kangxi radicals have an equivalent; the supplement's mapped ones too."""
    assert all("\u4e00" <= unify_radicals(chr(c)) <= "\u9fff" for c in range(0x2F00, 0x2FD6))
    assert unify_radicals("⺠⻓⻔") == "民长门"


@given(st.text())
def test_reading_radicals_keeps_the_length_and_is_idempotent(text: str) -> None:
    once = unify_radicals(text)
    assert len(once) == len(text)
    assert unify_radicals(once) == once
    assert [a for a, b in zip(text, once, strict=True) if a != b] == [
        a for a in text if "\u2e80" <= a <= "\u2fdf" and unify_radicals(a) != a
    ]


def test_a_document_reads_radicals_as_ideographs() -> None:
    doc = document_from_bytes("杭州市萧⼭区⼈⺠政府 | 2020年\n".encode(), Path("page.txt"))
    assert doc.lines == ("杭州市萧山区人民政府 | 2020年",)
