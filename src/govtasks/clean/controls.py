"""Control characters: removed from the text of the tables, and made visible on a terminal.

Two functions, one character class:

- :func:`strip_controls` cleans a cell for the tables: terminal escape sequences (CSI
  ``ESC [ … m``, OSC ``ESC ] … BEL``, two-character ``ESC x``) are removed whole, then every
  other control character: C0 (U+0000-U+001F) but tab, newline and carriage return (a line
  end), DEL (U+007F), C1 (U+0080-U+009F), and the bidirectional embeddings, overrides and
  isolates (U+202A-U+202E, U+2066-U+2069), which reorder text on a terminal or in a
  spreadsheet and have no use in a Chinese report. A run of them between two ASCII letters
  becomes one space (it separated words: a vertical tab or a form feed between two English
  words); anywhere else it is removed: Chinese text has no spaces between words, and a number
  cut by a NUL ("458\\x003") must stay one number.
- :func:`visible` shows a text on a terminal: the same characters (and tab, newline, CR, which
  would break a one-line name) as ``\\x1b``, ``\\u202e`` escapes, so a file name or a cell can
  neither move the cursor, retitle the window, nor hide text; and, with ``markup=True``, rich
  markup escaped, so that ``[/x]`` is printed as it is.
"""

from __future__ import annotations

import re

#: Terminal escape sequences, removed whole: CSI (ESC [ or U+009B, parameters, one final
#: byte), OSC/DCS/PM/APC strings (ESC ] P ^ _, up to BEL or ESC \\ or the line's end), and
#: the two-character ESC sequences. None spans a line end, so lines keep their numbers.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_]|[\x90\x9d\x9e\x9f])[^\x07\x1b\x9c\n\r]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
#: The characters removed from the tables' text (see the module docstring).
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{CONTROL_CHARS}]")
_CONTROL_RUN = re.compile(f"(?:{_ESCAPE_SEQUENCE.pattern}|[{CONTROL_CHARS}])+")
_WORD = re.compile(r"[A-Za-z]")
#: What :func:`visible` escapes: the removed characters, and tab, newline and CR.
_SHOWN = re.compile(f"[{CONTROL_CHARS}\t\n\r]")
_CONTROL_OR_CR = re.compile(f"[{CONTROL_CHARS}\r]")


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character :func:`strip_controls` removes.

    >>> has_controls("第一项\\t已完成\\n"), has_controls("第一\\x00项")
    (False, True)
    """
    return _CONTROL.search(text) is not None


def strip_controls(text: str) -> str:
    """``text`` without escape sequences and control characters (a run of them between two
    ASCII letters becomes a space).

    >>> strip_controls("推进\\x1b[31m项目\\x1b[0m建设")
    '推进项目建设'
    >>> strip_controls("\\x1b]0;pwned\\x07区政府\\x00")
    '区政府'
    >>> strip_controls("PM2.5 air\\x0bmonitor, 4\\x0058 家, 第\\u202e一\\t项")
    'PM2.5 air monitor, 458 家, 第一\\t项'
    """
    if _CONTROL.search(text) is None:
        return text

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        return " " if _WORD.match(before) and _WORD.match(after) else ""

    return _CONTROL_RUN.sub(replace, text)


#: A numeric character reference (``&#27;``, ``&#x1B;``) in a page's source.
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def expand_control_references(text: str) -> str:
    """``text`` (a page's source) with the numeric character references that stand for a
    control character (``&#27;``, ``&#x1b;``, ``&#0;``, ``&#x202E;``) turned into that character,
    so that :func:`strip_controls` removes it with the escape sequence it starts, before the
    HTML parser makes it a character of a cell (or U+FFFD). Other references stay.

    >>> expand_control_references("<td>推进&#27;[31m项目&#0;&#x202e;&#8212;&#10;</td>")
    '<td>推进\\x1b[31m项目\\x00\\u202e&#8212;&#10;</td>'
    >>> strip_controls(expand_control_references("<td>推进&#27;[31m项目&#0;</td>"))
    '<td>推进项目</td>'
    """
    if "&#" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        hexadecimal, decimal = match.groups()
        code = int(hexadecimal, 16) if hexadecimal else int(decimal)
        if code < 0x110000 and _CONTROL.match(chr(code)):
            return chr(code)
        return match.group()

    return _CHARACTER_REFERENCE.sub(replace, text)


def visible(text: str, *, markup: bool = False, lines: bool = False) -> str:
    """``text`` for a terminal: control characters (tab, newline and CR included, unless
    ``lines``: then tab and newline are kept, for a cell of several lines) as Python escapes,
    and, with ``markup``, rich markup escaped (for ``console.print`` of a string).

    >>> visible("\\x1b]0;pwned\\x07a\\x1b[31m.txt")
    '\\\\x1b]0;pwned\\\\x07a\\\\x1b[31m.txt'
    >>> visible("第\\u202e一\\n[/x]", markup=True)
    '第\\\\u202e一\\\\n\\\\[/x]'
    >>> visible("一\\n二\\x00", lines=True)
    '一\\n二\\\\x00'
    """
    shown = _CONTROL_OR_CR if lines else _SHOWN
    if shown.search(text) is not None:
        text = shown.sub(_escape, text)
    if markup:
        from rich.markup import escape

        text = escape(text)
    return text


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
