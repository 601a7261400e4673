"""The run summary laid out for a console of any width (80 columns and up read well).

The rules, so that a person can find each file in the output:

- A file or format name is never split across lines. A file name that does not fit its column
  goes on a line of its own, with its facts on the next line under their columns; a name wider
  than the whole line is shortened in the middle, keeping its start and its end (the number and
  the extension): ``01_yuhang_2018_p…_paragraphs.txt``. A format name wider than its column (a
  very narrow console) is cut at its end.
- Each note takes one line, cut with "…" at its end; longer texts (a rejection, a hint, a note
  shared by several files) wrap at spaces with a hanging indent.
- Everything comes in as plain strings and goes out as rich ``Text``, so a ``[red]`` or a
  ``:smile:`` in a file name or note is printed as it is, never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from govtasks.clean.controls import visible

ELLIPSIS = "…"
#: Spaces between two columns of the table.
GAP = 2
#: Notes under a file, and the lines a text wraps onto, are indented by this much.
INDENT = 2
#: Columns are one space apart when two would leave the file column narrower than this.
MIN_FILE_WIDTH = 12


def printable(text: str) -> str:
    """``text`` with control characters (a newline or a tab in a file name, an escape sequence,
    a bidi override) shown as escapes (:func:`govtasks.clean.controls.visible`), so that one
    name stays on one line and nothing from a file or a name acts on the terminal.

    >>> printable("a\\nb\\t.txt"), printable("\\x1b[31mred.txt")
    ('a\\\\nb\\\\t.txt', '\\\\x1b[31mred.txt')
    """
    return visible(text)


def _head(text: str, cells: int) -> str:
    """The longest start of ``text`` at most ``cells`` wide."""
    taken = 0
    for i, char in enumerate(text):
        taken += cell_len(char)
        if taken > cells:
            return text[:i]
    return text


def elide_middle(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells, else its start and its end around "…" (a file
    name keeps its number and its extension), at most ``width`` cells wide.

    >>> elide_middle("01_yuhang_2018_plan_gov_paragraphs.txt", 20)
    '01_yuhang_…raphs.txt'
    >>> elide_middle("余杭区2018年政府工作报告.txt", 16)
    '余杭区20…告.txt'
    >>> elide_middle("short.txt", 20)
    'short.txt'
    """
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    head = _head(text, width // 2)
    tail = _head(text[::-1], width - 1 - cell_len(head))[::-1]
    return head + ELLIPSIS + tail


def cut_end(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells, else its start and "…".

    >>> cut_end("district inferred: not in the title", 20)
    'district inferred:…'
    >>> cut_end("gongshu_quarterly", 10)
    'gongshu_q…'
    """
    if cell_len(text) <= width:
        return text
    if width < 1:
        return ""
    return _head(text, width - 1).rstrip() + ELLIPSIS


def _pad(text: str, width: int) -> str:
    return " " * max(width - cell_len(text), 0)


@dataclass(frozen=True)
class FileRow:
    """One file in the summary table: its name, its other cells, the notes printed under it."""

    name: str
    cells: tuple[str, ...]
    notes: tuple[str, ...] = ()
    style: str = ""  # of the first cell after the name (the format: "rejected" in red)


@dataclass
class Fitted:
    """Lines that fit the console, and whether a name or note had to be shortened for that."""

    lines: list[Text]
    cut: bool = False


def file_table(
    headers: Sequence[str],
    rows: Sequence[FileRow],
    width: int,
    *,
    right: frozenset[int] = frozenset(),
    max_notes: int = 4,
) -> Fitted:
    """The table of files between rules: a header, then each file's line (two when its name does
    not fit its column) followed by its notes; no line wider than ``width`` cells.

    ``headers`` name the file column, then one column per cell of the rows; ``right`` holds the
    indexes (in ``cells``) of the columns aligned right. A file with more than ``max_notes``
    notes shows the first ones and how many more there are.
    """
    widths = [
        max(cell_len(header), *(cell_len(row.cells[i]) for row in rows))
        for i, header in enumerate(headers[1:])
    ]
    wanted = max(cell_len(headers[0]), *(cell_len(row.name) for row in rows))
    gap = GAP
    if width - sum(widths) - gap * len(widths) < min(wanted, MIN_FILE_WIDTH):
        gap = 1  # a narrow console: closer columns
    facts_width = sum(widths) + gap * len(widths)
    room = width - facts_width
    if widths and room < cell_len(headers[0]):
        # Narrower still: the format column is cut rather than the rows count.
        shrink = min(cell_len(headers[0]) - room, widths[0] - cell_len(headers[1]))
        widths[0] -= shrink
        facts_width -= shrink
        room += shrink
    file_width = max(cell_len(headers[0]), min(wanted, room))
    fitted = Fitted([])

    def facts(cells: Sequence[str], style: str, header: bool = False) -> Text:
        text = Text()
        for i, (cell, cell_width) in enumerate(zip(cells, widths, strict=True)):
            shown = cut_end(cell, cell_width)
            fitted.cut |= shown != cell
            cell_style = "bold" if header else (style if i == 0 else "")
            text.append(" " * gap)
            if i in right:
                text.append(_pad(shown, cell_width))
                text.append(shown, cell_style)
            else:
                text.append(shown, cell_style)
                text.append(_pad(shown, cell_width))
        return text

    def add(line: Text) -> None:
        line.rstrip()
        if line.cell_len > width:  # only on a console too narrow for the facts columns
            line.truncate(width, overflow="ellipsis")
            fitted.cut = True
        fitted.lines.append(line)

    rule = Text("─" * min(file_width + facts_width, width))
    add(Text(headers[0] + _pad(headers[0], file_width), "bold") + facts(headers[1:], "", header=True))
    add(rule.copy())
    for row in rows:
        if cell_len(row.name) <= file_width:
            add(Text(row.name + _pad(row.name, file_width)) + facts(row.cells, row.style))
        else:
            name = elide_middle(row.name, width)
            fitted.cut |= name != row.name
            add(Text(name))
            add(Text(" " * file_width) + facts(row.cells, row.style))
        notes = row.notes
        more = len(notes) - max_notes + 1 if len(notes) > max_notes else 0
        for note in notes[: len(notes) - more]:
            shown = cut_end(note, width - INDENT)
            fitted.cut |= shown != note
            add(Text(" " * INDENT + shown, "dim"))
        if more:
            fitted.cut = True
            add(Text(f"{' ' * INDENT}{ELLIPSIS} and {more} more notes", "dim"))
    add(rule)
    return fitted


def paragraph(console: Console, text: Text, width: int, indent: int = 0, hanging: int = 0) -> list[Text]:
    """``text`` wrapped at spaces, its first line indented by ``indent`` and the next ones by
    ``hanging``, none wider than ``width`` cells (a word wider than a line is folded).

    >>> console = Console(width=30)
    >>> for line in paragraph(console, Text("Hint: add a sidecar FILE.meta.toml (see README)."), 30, 2, 8):
    ...     print(repr(line.plain))
    '  Hint: add a sidecar'
    '        FILE.meta.toml (see'
    '        README).'
    >>> [line.plain for line in paragraph(console, Text("Linking: 5 tasks, 0 rows; 1 report"), 30, 0, 0)]
    ['Linking: 5 tasks, 0 rows; 1', 'report']
    """
    if not text.plain.strip():
        return []
    first = text.wrap(console, max(width - indent, 1))[0]
    lines = [Text(" " * indent) + first]
    start = len(first.plain)
    while start < len(text.plain) and text.plain[start].isspace():  # the space the line broke at
        start += 1
    rest = text[start:]
    if rest.plain.strip():
        lines += [Text(" " * hanging) + line for line in rest.wrap(console, max(width - hanging, 1))]
    for line in lines:
        line.rstrip()
    return lines
