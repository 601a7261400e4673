"""Big5 or GB18030: which reading of a non-UTF-8 file is Chinese text.

A text dump saved in Big5 (a traditional-script mirror, a Taiwan or Hong Kong copy) also
decodes as GB18030, which reads nearly any pair of bytes, into garbage: Big5's common
characters (leads 0xA4-0xAF) become kana, Greek letters and box-drawing pieces, and its
punctuation private-use points. GB18030 text, conversely, rarely decodes as Big5 at all; when
it does, into rare characters.

So the file is read as Big5 (``big5hkscs``, a superset of Big5) only when the Big5 reading of
its first ``SAMPLE_BYTES`` is clearly the plausible one. Plausibility is the share of its
non-ASCII characters (folded to simplified script) that are common: the 3,755 characters of
GB 2312's first level (the most frequent), CJK punctuation and full-width forms. Chinese
report text scores 0.84-1.0 (the samples, read right), a Big5 copy read as GB18030 0.29-0.31
(tests/test_adversarial_text.py); the rule asks 0.9 of the Big5 reading and 0.3 more than
the GB18030 one, of at least ``MIN_CHARS`` characters (too few to tell: GB18030, as before).
"""

from __future__ import annotations

import codecs
from functools import cache

from govtasks.clean.folding import fold_script

#: How much of a file the choice reads.
SAMPLE_BYTES = 65536
#: Non-ASCII characters a reading needs before its plausibility decides anything.
MIN_CHARS = 20
#: The Big5 reading's least plausibility, and its least lead over the GB18030 reading.
MIN_PLAUSIBILITY = 0.9
MIN_LEAD = 0.3
#: The codec Big5 files are read with.
BIG5 = "big5hkscs"


@cache
def _common() -> frozenset[str]:
    """GB 2312 level 1 (rows 0xB0-0xD7), CJK punctuation, full-width forms, curly quotes."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # D7FA-D7FE: unassigned
    chars.update(map(chr, range(0x3000, 0x3040)))
    chars.update(map(chr, range(0xFF01, 0xFF5F)))
    chars.update("“”‘’…—·")
    return frozenset(chars)


def plausibility(text: str) -> float | None:
    """The share of the non-ASCII, non-space characters of ``text`` that are common (see the
    module docstring); None when there are fewer than :data:`MIN_CHARS` of them.

    >>> plausibility("區政府重點工作任務完成情況表，責任單位：區發展和改革局。")
    1.0
    >>> plausibility("区政府") is None
    True
    """
    chars = [char for char in fold_script(text) if not char.isascii() and not char.isspace()]
    if len(chars) < MIN_CHARS:
        return None
    common = _common()
    return sum(char in common for char in chars) / len(chars)


def _reading(data: bytes, encoding: str) -> str | None:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        return decoder.decode(data[:SAMPLE_BYTES], final=False)
    except UnicodeDecodeError:
        return None


def is_big5(data: bytes) -> bool:
    """Whether ``data`` (not UTF-8) is Big5 text rather than GB18030 (see the module docstring).

    >>> text = "區政府重點工作任務完成情況表，責任單位：區發展和改革局。第一項已經完成。"
    >>> is_big5(text.encode("big5")), is_big5(text.encode("gb18030"))
    (True, False)
    """
    big5 = _reading(data, BIG5)
    if big5 is None:
        return False
    score = plausibility(big5)
    if score is None or score < MIN_PLAUSIBILITY:
        return False
    gb = _reading(data, "gb18030")
    gb_score = None if gb is None else plausibility(gb)
    return gb_score is None or score >= gb_score + MIN_LEAD
