"""Script-blind matching: traditional characters folded to simplified, one for one.

Format detection, column headers and district names are matched on folded text, so a layout
word or a name is found in either script. A light module on purpose: format modules, the
column and HTML readers all use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from functools import cache
from importlib import resources


@cache
def _fold_table() -> dict[int, str]:
    """Traditional -> simplified, character by character, from the converter's own dictionary.

    Only one-to-one entries are used (the first simplified candidate), so a folded text keeps
    its length and line breaks; phrase-level conversion is left to the normalize stage.
    """
    dictionary = resources.files("opencc").joinpath("dictionary/TSCharacters.txt")
    table: dict[int, str] = {}
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets:
            table[ord(source)] = targets.split(" ")[0][:1]
    return table


def fold_script(text: str) -> str:
    """``text`` with traditional characters replaced by simplified ones, for matching layout
    words and names in either script. Same length, same lines; not for output (於 -> 于).

    >>> fold_script("序號 | 重點工作任務 | 牽頭領導")
    '序号 | 重点工作任务 | 牵头领导'
    """
    # str.translate with a dict costs ~50 ns a character; most texts hold no traditional
    # character at all, and the set scan that proves it costs a fifth of that.
    if _traditional().isdisjoint(text):
        return text
    return text.translate(_fold_table())


def holds_traditional(chars: AbstractSet[str]) -> bool:
    """Whether any of ``chars`` is one :func:`fold_script` replaces.

    >>> holds_traditional(set("序號")), holds_traditional(set("序号"))
    (True, False)
    """
    return not _traditional().isdisjoint(chars)


@cache
def _traditional() -> frozenset[str]:
    """The characters :func:`fold_script` replaces."""
    return frozenset(chr(code) for code, target in _fold_table().items() if chr(code) != target)
