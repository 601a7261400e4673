"""Word documents (.docx): the paragraphs and tables of the body, in reading order.

python-docx's XML parser reads the body part (it resolves no entities; the container layer
has refused any part with a DTD before this). The body is walked element by element, content
controls (``w:sdt``) included, so that the title paragraphs above a table come first and each
table keeps its place. A table becomes a grid the way a web page's does: a cell merged across
columns (``w:gridSpan``) or down rows (``w:vMerge``) is copied into every slot it covers,
the copies marked as covered; a cell's paragraphs are joined with "\\n"; a table nested in a
cell is a table of its own, read after the table holding it (as on a saved page). Headers and
footers (page numbers, running titles) are not the body and are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govtasks.errors import CorruptFile
from govtasks.read.containers import OfficeZip, read_member
from govtasks.read.extracted import Extracted, Extraction, Slot

#: WordprocessingML's namespace.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The document's body part (the container layer calls a zip a Word document for holding it).
_BODY_PART = "word/document.xml"


def read_docx(package: OfficeZip) -> Extracted:
    """The paragraphs and tables of a Word document (see :mod:`govtasks.read.extracted`).

    The body part is parsed with python-docx's XML parser directly, not through its package
    layer, which refuses a macro-enabled document (.docm) for its content type: the body of a
    .docm is a .docx body, and its macros are in another part, never read."""
    from docx.oxml.parser import parse_xml  # only when a Word document arrives
    from lxml import etree

    try:
        root = parse_xml(read_member(package.archive, _BODY_PART))
    except etree.XMLSyntaxError as error:
        raise CorruptFile(f"a Word document (.docx) whose {_BODY_PART} is no XML: {error}") from error
    body = root.find(f"{_W}body")
    if body is None:
        raise CorruptFile(f"a Word document (.docx) whose {_BODY_PART} has no body")
    extraction = Extraction()
    if package.macro_note is not None:
        extraction.note(package.macro_note)
    counter = _Counter()
    _read_blocks(body, extraction, counter)
    extraction.units = counter.tables
    return extraction.done()


class _Counter:
    """Running numbers of the body's paragraphs and tables, for the places ("table 2 row 3")."""

    def __init__(self) -> None:
        self.paragraphs = 0
        self.tables = 0


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables directly in ``parent`` (a body or a cell), in order, looking
    into content controls and tracked insertions' containers that wrap them."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag in (f"{_W}sdtContent", f"{_W}customXml"):
            yield from _blocks(child)
        elif child.tag == f"{_W}sdt" and (content := child.find(f"{_W}sdtContent")) is not None:
            yield from _blocks(content)  # a content control without content holds nothing


def _read_blocks(parent: Any, extraction: Extraction, counter: _Counter) -> None:
    for block in _blocks(parent):
        if block.tag == f"{_W}p":
            counter.paragraphs += 1
            extraction.paragraph(paragraph_text(block), f"paragraph {counter.paragraphs}")
        else:
            _read_table(block, extraction, counter)


def paragraph_text(p: Any) -> str:
    """A paragraph's text: its runs, hyperlinks and tracked insertions; a line break is "\\n",
    a tab a space; deleted text (``w:delText``) is not read."""
    parts: list[str] = []
    for element in p.iter(f"{_W}t", f"{_W}br", f"{_W}cr", f"{_W}tab", f"{_W}noBreakHyphen"):
        tag = element.tag
        if tag == f"{_W}t":
            parts.append(element.text or "")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("-")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    """A cell's paragraphs (not those of tables nested in it), joined with "\\n"."""
    return "\n".join(paragraph_text(p) for p in _blocks(tc) if p.tag == f"{_W}p")


def _read_table(tbl: Any, extraction: Extraction, counter: _Counter) -> None:
    counter.tables += 1
    number = counter.tables
    rows: list[list[Slot]] = []
    places: list[str] = []
    nested: list[Any] = []
    above: dict[int, str] = {}  # column -> the text of the cell last started in it
    for row_index, tr in enumerate(tbl.iterchildren(f"{_W}tr"), start=1):
        slots: list[Slot] = []
        before = _int_property(tr, "trPr", "gridBefore")
        slots += [("", True)] * before
        for tc in tr.iterchildren(f"{_W}tc"):
            span = max(1, _int_property(tc, "tcPr", "gridSpan") or 1)
            column = len(slots)
            if _continues_merge(tc):  # the cell above runs down into this row
                text = above.get(column, "")
                slots += [(text, True)] * span
            else:
                text = _cell_text(tc)
                for offset in range(span):
                    above[column + offset] = text
                slots.append((text, False))
                slots += [(text, True)] * (span - 1)
            nested += [b for b in _blocks(tc) if b.tag == f"{_W}tbl"]
        rows.append(slots)
        places.append(f"table {number} row {row_index}")
    if rows:
        extraction.table(rows, places)
    for inner in nested:
        _read_table(inner, extraction, counter)


def _continues_merge(tc: Any) -> bool:
    """Whether ``tc`` continues a vertical merge (``<w:vMerge/>`` without ``w:val="restart"``)."""
    properties = tc.find(f"{_W}tcPr")
    if properties is None:
        return False
    merge = properties.find(f"{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") != "restart"


def _int_property(element: Any, container: str, name: str) -> int:
    """``<w:container><w:name w:val="N"/>``'s N, 0 when absent or not a number."""
    properties = element.find(f"{_W}{container}")
    found = properties.find(f"{_W}{name}") if properties is not None else None
    value = found.get(f"{_W}val") if found is not None else None
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0
