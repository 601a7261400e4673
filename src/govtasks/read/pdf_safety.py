"""A PDF checked before pdfplumber reads it, and its pages read within limits (for
:mod:`govtasks.read.pdf`).

pdfminer, under pdfplumber, trusts the file: an object that is a reference to itself sends it
round a loop for ever, a stream inflates to as many bytes as it says, and a page draws as many
characters as its content asks. So the file is first opened by a checking copy of pdfminer's
document (:func:`check_pdf`), which parses every object and refuses, as an ``UnsafeFile``:

- objects that refer to each other in a circle (``6 0 obj 7 0 R`` and ``7 0 obj 6 0 R``),
  and a page tree that loops or fans out (a node reached twice), or that is deeper, or holds
  or claims more pages, than any report;
- a stream (decoded as pdfminer would, but with a cap) of more than :data:`MAX_STREAM`
  bytes, or inflating more than :data:`MAX_RATIO` times, or all of them together more than
  :data:`MAX_INFLATED` (a zip bomb's trick: 100 KB that inflate to gigabytes).

Images are not decoded (pdfplumber never decodes them). Then pdfplumber reads each page with
a guarded device (:class:`GuardedPage`), which stops a page that draws more characters or
shapes than a page holds, nests forms too deep or draws a form inside itself, or feeds the
interpreter more content than any report's page has.

Password-protected PDFs raise :class:`EncryptedFile`; PDFs pdfminer cannot parse
:class:`CorruptFile` (see :data:`PDF_ERRORS`).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    LITERALS_LZW_DECODE,
    LITERALS_RUNLENGTH_DECODE,
    PDFObjRef,
    PDFStream,
    resolve1,
)
from pdfminer.psexceptions import PSException
from pdfminer.psparser import LIT
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from govtasks.errors import CorruptFile, EncryptedFile, UnsafeFile

MIB = 1024 * 1024
#: The most pages read: a district's report is tens of pages, a year's bundle a few hundred.
MAX_PAGES = 500
#: The most objects a PDF may hold (a 20 MB file of text tables holds tens of thousands).
MAX_OBJECTS = 500_000
#: The deepest page tree (writers nest a few levels; each level holds up to dozens of kids).
MAX_TREE_DEPTH = 32
#: The longest chain of objects that are references to the next (a real PDF has none).
MAX_REFERENCE_HOPS = 32
#: The most bytes one stream may decode to (an embedded CJK font is 10-20 MB).
MAX_STREAM = 64 * MIB
#: The most bytes all the streams together may decode to.
MAX_INFLATED = 256 * MIB
#: The highest ratio of decoded to stored bytes of one stream: text and fonts inflate 2-10x,
#: a bomb 1000x. Streams under :data:`_RATIO_FLOOR` decoded are not held to it.
MAX_RATIO = 200
_RATIO_FLOOR = 1 * MIB
#: The most characters one page may draw (a dense A4 page of small print holds 10,000).
MAX_PAGE_CHARS = 50_000
#: The most characters the whole PDF may draw.
MAX_CHARS = 2_000_000
#: The most things (characters, lines, shapes, images, forms) one page may draw.
MAX_PAGE_OBJECTS = 200_000
#: The most content bytes the interpreter may run for one page (its streams and the forms it
#: draws, each time drawn), and for the whole PDF; a page of a Word table has 20-100 KB.
MAX_PAGE_CONTENT = 8 * MIB
MAX_CONTENT = 64 * MIB
#: How deep forms may be drawn inside forms.
MAX_FORM_DEPTH = 12

#: What pdfminer and pdfplumber raise on a PDF they cannot parse: their own errors, and the
#: Python errors their parsers let through on malformed data (pdfminer checks with asserts,
#: indexes lists and unpacks structs on what the file says). Caught only around their calls.
PDF_ERRORS: tuple[type[BaseException], ...] = (
    PSException,  # pdfminer's errors (PDFException, PDFSyntaxError … derive from it)
    PdfminerException,
    MalformedPDFException,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    struct.error,
    zlib.error,
    EOFError,
)

_IMAGE = LIT("Image")
_PAGES = LIT("Pages")
_PAGE = LIT("Page")
#: Output produced by one inflate call: what a capped decode may lose on a damaged stream.
_CHUNK = 1 * MIB


@dataclass
class Budget:
    """What a PDF has used of its limits so far, and the check of each use."""

    inflated: int = 0
    chars: int = 0
    content: int = 0
    page_chars: int = 0
    page_objects: int = 0
    page_content: int = 0
    page: int = 0
    checked: set[int] = field(default_factory=set)  # ids of the streams checked

    def start_page(self, number: int) -> None:
        self.page, self.page_chars, self.page_objects, self.page_content = number, 0, 0, 0

    def char(self) -> None:
        self.chars += 1
        self.page_chars += 1
        if self.page_chars > MAX_PAGE_CHARS:
            raise UnsafeFile(f"page {self.page} draws over {MAX_PAGE_CHARS:,} characters")
        if self.chars > MAX_CHARS:
            raise UnsafeFile(f"the PDF draws over {MAX_CHARS:,} characters")
        self.thing()

    def thing(self) -> None:
        self.page_objects += 1
        if self.page_objects > MAX_PAGE_OBJECTS:
            raise UnsafeFile(f"page {self.page} draws over {MAX_PAGE_OBJECTS:,} characters and shapes")

    def run(self, size: int) -> None:
        """The interpreter is about to run ``size`` bytes of content."""
        self.content += size
        self.page_content += size
        if self.page_content > MAX_PAGE_CONTENT:
            raise UnsafeFile(f"page {self.page} runs over {MAX_PAGE_CONTENT // MIB} MB of drawing orders")
        if self.content > MAX_CONTENT:
            raise UnsafeFile(f"the PDF runs over {MAX_CONTENT // MIB} MB of drawing orders")

    def check_stream(self, stream: PDFStream) -> None:
        """Refuse a stream that decodes to too many bytes (see the module docstring); images
        are skipped, and an encrypted stream waits until its object number is known."""
        if id(stream) in self.checked or stream.get("Subtype") is _IMAGE:
            return
        if stream.decipher is not None and stream.objid is None:
            return  # parsed, not yet numbered: checked when the document hands it out
        self.checked.add(id(stream))
        raw = stream.rawdata if stream.data is None else stream.data
        if raw is None:
            return
        data = raw
        if stream.data is None and stream.decipher is not None and stream.objid is not None:
            data = stream.decipher(stream.objid, stream.genno or 0, data, stream.attrs)
        size = len(_decoded(data, stream.get_filters() if stream.data is None else [], _name(stream)))
        self.inflated += size
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(len(raw), 1):
            raise UnsafeFile(f"{_name(stream)} inflates {len(raw):,} bytes to {size:,}")
        if self.inflated > MAX_INFLATED:
            raise UnsafeFile(f"the PDF's streams decode to over {MAX_INFLATED // MIB} MB")


def _name(stream: PDFStream) -> str:
    return "a stream" if stream.objid is None else f"stream {stream.objid}"


class _TooLarge(Exception):
    """A stream's decoding went past :data:`MAX_STREAM`."""


def _decoded(data: bytes, filters: list[tuple[Any, Any]], name: str) -> bytes:
    """``data`` through the stream's filters as pdfminer decodes them, with the output capped
    at :data:`MAX_STREAM` (an ``UnsafeFile`` past it). Image codecs and filters pdfminer does
    not know end the decoding (their output is never asked for, or pdfminer fails first)."""
    try:
        for kind, _params in filters:
            if kind in LITERALS_FLATE_DECODE:
                data = _inflated(data)
            elif kind in LITERALS_LZW_DECODE:
                data = _unlzw(data)
            elif kind in LITERALS_ASCII85_DECODE:
                data = ascii85decode(data)
            elif kind in LITERALS_ASCIIHEX_DECODE:
                data = asciihexdecode(data)
            elif kind in LITERALS_RUNLENGTH_DECODE:
                data = _unrunlength(data)
            else:
                break
    except _TooLarge:
        raise UnsafeFile(f"{name} decodes to over {MAX_STREAM // MIB} MB") from None
    return data


def _inflated(data: bytes) -> bytes:
    """Zlib ``data`` inflated, stopping past :data:`MAX_STREAM`; a damaged stream gives what
    inflates before the damage (as pdfminer's fallback, to within one chunk)."""
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = data
    try:
        while pending and not inflater.eof:
            out += inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if len(out) > MAX_STREAM:
                raise _TooLarge
    except zlib.error:
        pass
    return bytes(out)


def _unlzw(data: bytes) -> bytes:
    """LZW ``data`` decoded, stopping past :data:`MAX_STREAM`."""
    out = bytearray()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        out += piece
        if len(out) > MAX_STREAM:
            raise _TooLarge
    return bytes(out)


def _unrunlength(data: bytes) -> bytes:
    """Run-length ``data`` decoded (PDF's RunLengthDecode), stopping past :data:`MAX_STREAM`.

    >>> _unrunlength(bytes([2]) + b"abc" + bytes([254]) + b"x" + bytes([128]))
    b'abcxxx'
    """
    out = bytearray()
    i = 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += length + 2
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        if len(out) > MAX_STREAM:
            raise _TooLarge
    return bytes(out)


class _CheckingParser(PDFParser):
    """pdfminer's parser, checking each stream it reads before anyone decodes it."""

    def __init__(self, data: bytes, budget: Budget) -> None:
        super().__init__(io.BytesIO(data))
        self.budget = budget

    def do_keyword(self, pos: int, token: Any) -> None:
        super().do_keyword(pos, token)
        if token is self.KEYWORD_STREAM and self.curstack and isinstance(self.curstack[-1][1], PDFStream):
            self.budget.check_stream(self.curstack[-1][1])


class _CheckingDocument(PDFDocument):
    """pdfminer's document, refusing objects that refer to each other in a circle (where
    pdfminer's ``resolve1`` would loop for ever), and checking the streams it hands out."""

    def __init__(self, parser: _CheckingParser) -> None:
        self.budget = parser.budget
        super().__init__(parser, password="")

    def getobj(self, objid: int) -> Any:
        obj = super().getobj(objid)
        seen = [objid]
        while isinstance(obj, PDFObjRef):
            if obj.objid in seen or len(seen) > MAX_REFERENCE_HOPS:
                chain = " → ".join(map(str, [*seen, obj.objid]))
                raise UnsafeFile(f"objects refer to each other in a circle: {chain}")
            seen.append(obj.objid)
            obj = super().getobj(obj.objid)
        if isinstance(obj, PDFStream):
            self.budget.check_stream(obj)
        return obj


def check_pdf(data: bytes) -> int:
    """Check the PDF ``data`` as the module docstring says, and return its number of pages.

    Raises :class:`UnsafeFile`, :class:`EncryptedFile` (a password is needed to open it) or
    :class:`CorruptFile` (pdfminer cannot parse it)."""
    try:
        document = _CheckingDocument(_CheckingParser(data, Budget()))
        fallback_pages = _check_objects(document)
        return _count_pages(document, fallback_pages)
    except PDFPasswordIncorrect as error:
        raise EncryptedFile("the PDF is protected by a password") from error
    except PDFEncryptionError as error:
        raise EncryptedFile(f"the PDF is encrypted in a way pdfminer cannot open: {reason(error)}") from error
    except RecursionError as error:
        raise UnsafeFile("the PDF's objects nest without end (a loop)") from error
    except PDF_ERRORS as error:
        raise CorruptFile(f"the PDF cannot be parsed: {reason(error)}") from error


def reason(error: BaseException) -> str:
    """An exception on one short line, for a rejection's reason.

    >>> reason(KeyError("Root"))
    "KeyError: 'Root'"
    """
    if isinstance(error, PdfminerException) and error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    message = " ".join(str(error).split())
    if len(message) > 160:
        message = message[:159] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _check_objects(document: _CheckingDocument) -> int:
    """Parse every object the cross-reference tables list (checking them, see
    :class:`_CheckingDocument`); objects that do not parse are left to pdfminer, which reads
    a page without them if it can. Returns how many objects are pages (counted for a PDF
    without a page tree, whose pages pdfminer finds by looking at every object)."""
    ids: set[int] = set()
    for xref in document.xrefs:
        ids.update(xref.get_objids())
        if len(ids) > MAX_OBJECTS:
            raise UnsafeFile(f"the PDF holds over {MAX_OBJECTS:,} objects")
    pages = 0
    for objid in sorted(ids):
        try:
            obj = document.getobj(objid)
        except PDF_ERRORS:
            continue
        if isinstance(obj, dict) and _type(obj) is _PAGE:
            pages += 1
    return pages


def _type(node: dict[Any, Any]) -> Any:
    """A node's /Type (pdfminer also reads a lowercase /type)."""
    return resolve1(node.get("Type", node.get("type")))


def _count_pages(document: _CheckingDocument, fallback_pages: int) -> int:
    """The number of pages in the page tree, walked as pdfminer walks it; a node reached
    twice (a loop, or a fan-out to the same kids), a tree deeper than :data:`MAX_TREE_DEPTH`,
    or more pages than :data:`MAX_PAGES`, counted or claimed by the root's /Count, is refused."""
    root_ref = document.catalog.get("Pages")
    root = resolve1(root_ref)
    if not isinstance(root, dict):
        return _capped_pages(fallback_pages)
    claimed = resolve1(root.get("Count"))
    if isinstance(claimed, int) and claimed > MAX_PAGES:
        raise UnsafeFile(f"the PDF says it has {claimed:,} pages, over the {MAX_PAGES} a report may have")
    pages = 0
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(root_ref, 0)]
    while stack:
        ref, depth = stack.pop()
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                raise UnsafeFile(f"the page tree reaches object {ref.objid} twice (it loops or fans out)")
            seen.add(ref.objid)
        node = resolve1(ref)
        if not isinstance(node, dict):
            continue
        kind = _type(node)
        if kind is _PAGES and "Kids" in node:
            if depth >= MAX_TREE_DEPTH:
                raise UnsafeFile(f"the page tree is over {MAX_TREE_DEPTH} levels deep")
            kids = resolve1(node["Kids"])
            if isinstance(kids, list):
                stack.extend((kid, depth + 1) for kid in reversed(kids))
        elif kind is _PAGE:
            pages = _capped_pages(pages + 1)
    return pages or _capped_pages(fallback_pages)


def _capped_pages(pages: int) -> int:
    if pages > MAX_PAGES:
        raise UnsafeFile(f"the PDF has over {MAX_PAGES} pages, more than a report may have")
    return pages


class _GuardedDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, counting what a page draws against the :class:`Budget`."""

    def __init__(self, budget: Budget, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget

    def render_char(self, *args: Any, **kwargs: Any) -> Any:
        self.budget.char()
        return super().render_char(*args, **kwargs)

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self.budget.thing()
        super().paint_path(*args, **kwargs)

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        self.budget.thing()
        super().render_image(*args, **kwargs)

    def begin_figure(self, *args: Any, **kwargs: Any) -> None:
        self.budget.thing()
        super().begin_figure(*args, **kwargs)


class _GuardedInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, refusing a form drawn inside itself (pdfminer skips it with a
    warning), forms nested too deep, an image run as content, and more content than a page has."""

    def execute(self, streams: Any) -> None:
        assert isinstance(self.device, _GuardedDevice)
        budget = self.device.budget
        if len(self.parent_stream_ids) > MAX_FORM_DEPTH:
            raise UnsafeFile(f"page {budget.page} draws forms inside forms over {MAX_FORM_DEPTH} deep")
        for obj in streams:
            stream = resolve1(obj)
            if not isinstance(stream, PDFStream):
                continue
            if stream.objid is not None and stream.objid in self.parent_stream_ids:
                raise UnsafeFile(f"page {budget.page} draws form {stream.objid} inside itself")
            if stream.get("Subtype") is _IMAGE:
                raise UnsafeFile(f"page {budget.page} runs an image as drawing instructions")
            budget.run(len(stream.get_data()))
        super().execute(streams)


class GuardedPage(Page):
    """A pdfplumber page laid out by the guarded device and interpreter (see the module
    docstring); pages are made one by one, so a PDF's page list is never built whole."""

    def __init__(self, pdf: Any, page_obj: Any, page_number: int, budget: Budget) -> None:
        super().__init__(pdf, page_obj, page_number=page_number)
        self.budget = budget

    @property
    def layout(self) -> Any:
        if hasattr(self, "_layout"):
            return self._layout
        self.budget.start_page(self.page_number)
        device = _GuardedDevice(
            self.budget, self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
        )
        _GuardedInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
        self._layout = device.get_result()
        return self._layout
