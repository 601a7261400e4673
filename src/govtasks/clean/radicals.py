"""Radical characters read where the ideograph was printed, as text taken from PDFs holds them.

A CJK font draws 山 and the Kangxi radical ⼭ (U+2F2D) with one glyph; a PDF maps that glyph
back to one code point, and browsers' and some office suites' PDFs pick the radical: the text
says "萧⼭区⼈⺠政府" where the page shows 萧山区人民政府. No report means a radical character, so
each is read as the ideograph Unicode names as its equivalent (EquivalentUnifiedIdeograph.txt:
the Kangxi Radicals and CJK Radicals Supplement blocks), kept in ``data/radicals.txt``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

#: The data file, generated (its first line says from what; tests/test_radicals.py remakes it).
DATA = "radicals.txt"
#: The blocks mapped: CJK Radicals Supplement, Kangxi Radicals.
BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
_RADICAL = re.compile("[\u2e80-\u2fdf]")


@cache
def _table() -> dict[int, str]:
    text = resources.files("govtasks").joinpath("data", DATA).read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split()
            table[ord(radical)] = ideograph
    return table


def has_radicals(text: str) -> bool:
    """Whether ``text`` holds a character of the radical blocks.

    >>> has_radicals("萧⼭区"), has_radicals("萧山区")
    (True, False)
    """
    return _RADICAL.search(text) is not None


def unify_radicals(text: str) -> str:
    """``text`` with each radical character read as its equivalent ideograph.

    >>> unify_radicals("杭州市萧⼭区⼈⺠政府")
    '杭州市萧山区人民政府'
    >>> unify_radicals("萧山区")
    '萧山区'
    """
    return text.translate(_table()) if has_radicals(text) else text


def table_from_unicode(source: str) -> str:
    """The data file's text, made from the text of Unicode's EquivalentUnifiedIdeograph.txt:
    the mappings of the radical blocks, one "radical ideograph" pair a line, in code order."""
    pairs = []
    version = next(
        (line.strip("# \n") for line in source.splitlines() if line.startswith("# Equivalent")), ""
    )
    for line in source.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) != 2:
            continue
        codes, ideograph = fields[0].strip(), int(fields[1].strip(), 16)
        first, _, last = codes.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            if any(low <= code <= high for low, high in BLOCKS):
                pairs.append(f"{chr(code)} {chr(ideograph)}")
    header = (
        f"# Generated from Unicode's EquivalentUnifiedIdeograph.txt ({version}) by "
        "govtasks.clean.radicals.table_from_unicode: do not edit (tests/test_radicals.py remakes it)."
    )
    return "\n".join([header, *sorted(pairs)]) + "\n"
