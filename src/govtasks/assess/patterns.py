"""Regular expressions that are searched fast: :func:`searched` puts a lookahead for the characters a
match can start with in front of a pattern.

Python's ``re`` skips ahead to a possible start only when a pattern opens with a literal or a class;
a pattern opening with an alternation of words behind optional prefixes (``(?:已)?全部完成|…``),
or with a lookbehind, is tried at every position of the text, alternative by alternative. A
lookahead ``(?=[已全…])`` in front rules out most positions in one test of a class, and changes no
match: every match starts with one of those characters. The characters are read off the parsed
pattern, not written by hand, so that they follow the pattern when it changes; a pattern whose
first characters cannot be told (a negated class, an anchor, a match of nothing) is left as it is.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The parser of ``re`` (private, stable since 3.11): when it is not there, patterns are left as they are.
try:
    _parser: Any = importlib.import_module("re._parser")
    _constants: Any = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - another Python
    _parser = _constants = None

#: What a class item such as ``\d`` is, written back into a class.
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s"}
_CATEGORIES |= {"CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


def _char(code: int) -> str:
    return re.escape(chr(code))  # escaped as needed inside a class (a "]", a "-", a "^" …)


def _first_of_sequence(items: Any) -> tuple[set[str], bool] | None:
    """The class items a match of the sequence ``items`` can start with, and whether it can match
    nothing; None when they cannot be told."""
    first: set[str] = set()
    for item in items:
        found = _first_of_item(*item)
        if found is None:
            return None
        chars, empty = found
        first |= chars
        if not empty:
            return first, False
    return first, True


def _first_of_item(op: Any, arg: Any) -> tuple[set[str], bool] | None:
    name = str(op)
    if name == "LITERAL":
        return {_char(arg)}, False
    if name == "IN":
        chars = set()
        for kind, value in arg:
            kind_name = str(kind)
            if kind_name == "LITERAL":
                chars.add(_char(value))
            elif kind_name == "RANGE":
                chars.add(f"{_char(value[0])}-{_char(value[1])}")
            elif kind_name == "CATEGORY" and str(value) in _CATEGORIES:
                chars.add(_CATEGORIES[str(value)])
            else:
                return None  # a negated class, or a category not written back
        return chars, False
    if name == "BRANCH":
        first: set[str] = set()
        empty = False
        for alternative in arg[1]:
            found = _first_of_sequence(alternative)
            if found is None:
                return None
            first |= found[0]
            empty = empty or found[1]
        return first, empty
    if name == "SUBPATTERN":
        _, add_flags, del_flags, inner = arg
        return None if add_flags or del_flags else _first_of_sequence(inner)
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        low, _, inner = arg
        found = _first_of_sequence(inner)
        return None if found is None else (found[0], low == 0 or found[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return set(), True  # a look-around takes no character: the next item starts the match
    return None  # an anchor, a backreference, any character …


def first_characters(pattern: str) -> str | None:
    """A class of every character a match of ``pattern`` can start with, or None when that cannot
    be told or the pattern can match nothing.

    >>> first_characters("(?:已)?全部完成|达到(?:了)?目标"), first_characters(r"(?<![\\d.])(?:\\d+|[一二])万")
    ('[全已达]', '[\\\\d一二]')
    >>> [first_characters(p) for p in ("(?:^|\\n)x", "a?", "[^a]")]  # an anchor, nothing, a negated class
    [None, None, None]
    """
    if _parser is None or not pattern:
        return None
    try:
        parsed = _parser.parse(pattern)
        found = _first_of_sequence(list(parsed))
    except Exception:  # a parser of another shape: leave the pattern as it is
        return None
    if found is None or found[1] or not found[0]:
        return None
    return "[" + "".join(sorted(found[0])) + "]"


def _skips_ahead(pattern: str) -> bool:
    """Whether ``re`` skips to a possible start of ``pattern`` by itself: the pattern opens with a
    character, a class, or an alternation of words each opening with a character (then a
    lookahead would only slow it down).

    >>> _skips_ahead("争取|力争|计划(?:于|在)"), _skips_ahead("(?:已)?全部完成|提前完成")
    (True, False)
    """
    if _parser is None:
        return True
    items = list(_parser.parse(pattern))
    while items and str(items[0][0]) == "SUBPATTERN" and not any(items[0][1][1:3]):
        items = list(items[0][1][3])
    if not items:
        return False
    op, arg = items[0]
    if str(op) in ("LITERAL", "IN"):
        return True
    return str(op) == "BRANCH" and all(
        alternative and str(alternative[0][0]) == "LITERAL" for alternative in arg[1]
    )


def searched(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled, with a lookahead for the characters its matches start with in front of
    it when they can be told and ``re`` would not skip ahead by itself: the same matches, found
    faster by ``search`` and ``finditer``.

    >>> searched("(?:已)?全部完成|提前完成").pattern
    '(?=[全已提])(?:(?:已)?全部完成|提前完成)'
    >>> searched("(?:已)?全部完成|提前完成").search("项目已于6月提前完成").group()
    '提前完成'
    >>> searched("(?:^|\\n)x").pattern, searched("争取|力争").pattern
    ('(?:^|\\n)x', '争取|力争')
    """
    first = None if _skips_ahead(pattern) else first_characters(pattern)
    return re.compile(pattern if first is None else f"(?={first})(?:{pattern})")
