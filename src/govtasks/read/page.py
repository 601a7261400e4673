"""Saved web pages: telling one from a text dump, and decoding its bytes the way the page says."""

from __future__ import annotations

import codecs
import re

from govtasks.errors import UndecodableFile
from govtasks.read.big5 import BIG5, is_big5

#: How a saved page starts (after a BOM, spaces or an XML declaration and comments).


_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b|body\b)", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a saved web page rather than a text dump.

    >>> looks_like_html("<!DOCTYPE html><html><body>...</body></html>")
    True
    >>> looks_like_html("  <?xml version='1.0'?>\\n<html xmlns='http://www.w3.org/1999/xhtml'>")
    True
    >>> looks_like_html("序号 | 重点工作 | <b>")
    False
    """
    return bool(_HTML_START.match(text[:4096]))


#: ``<meta charset="...">`` or ``<meta http-equiv="Content-Type" content="text/html; charset=...">``.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:\-]+)", re.I)


#: Declared charset labels we trust, and the codec that reads them. GB2312 and GBK pages are
#: read as GB18030, their superset: sites declare gb2312 and then use GBK-only characters.
#: Other labels (iso-8859-1, windows-1252, ...) on a Chinese government page are a CMS default,
#: not the truth, so they fall back to detection instead of decoding into mojibake.
_CHARSETS: dict[str, str] = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
}


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def declared_charset(data: bytes) -> str | None:
    """The codec for the charset a page declares in a ``<meta>`` tag in its first 4 KB, if trusted.

    >>> declared_charset(b'<head><meta charset="GB2312"><title>')
    'gb18030'
    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />')
    'utf-8'
    >>> declared_charset(b'<meta charset="iso-8859-1">') is None
    True
    """
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    return _CHARSETS.get(match.group(1).decode("ascii").lower())


def decode_page(data: bytes) -> tuple[str, str]:
    """A saved page's bytes as ``(text, codec)``: a BOM wins, then the ``<meta>`` charset, then
    strict UTF-8, then strict Big5 when it is clearly the plausible reading (see
    :mod:`govtasks.read.big5`; only for a page declaring no charset or a GB one), then strict
    GB18030. The BOM is not part of the text. A declared GB2312/GBK/GB18030 is tried after
    UTF-8 (a re-saved page keeps its old declaration), so it decides only for bytes that are
    not UTF-8, which it then reads as GB18030 unless they are clearly Big5.

    >>> decode_page('<meta charset="gb2312"><p>萧山区</p>'.encode("gbk"))
    ('<meta charset="gb2312"><p>萧山区</p>', 'gb18030')
    >>> decode_page(codecs.BOM_UTF8 + '<meta charset="gbk">区'.encode())  # the BOM beats the tag
    ('<meta charset="gbk">区', 'utf-8-sig')
    >>> decode_page('<meta charset="gbk"><p>区</p>'.encode())  # wrong declaration: detected
    ('<meta charset="gbk"><p>区</p>', 'utf-8')
    >>> decode_page(b"<p>\\xff\\xfe\\xff</p>")
    Traceback (most recent call last):
    ...
    govtasks.errors.UndecodableFile: the page is neither its declared charset nor UTF-8 nor GB18030
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.removesuffix("-sig")), codec
            except UnicodeDecodeError as error:
                raise UndecodableFile(
                    f"the page starts with a {codec} byte-order mark but is not {codec}"
                ) from error
    declared = declared_charset(data)
    # Browsers re-save a GBK page as UTF-8 but keep its <meta charset="gb2312">; and Chinese text
    # in GBK is practically never valid UTF-8. So valid UTF-8 beats a declared GB charset, which
    # would otherwise decode the UTF-8 bytes "successfully" into mojibake.
    if declared == "gb18030" and not data.isascii():
        declared = None
    fallback = BIG5 if declared is None and not data.isascii() and is_big5(data) else "gb18030"
    for codec in dict.fromkeys(c for c in (declared, "utf-8", fallback, "gb18030") if c is not None):
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise UndecodableFile("the page is neither its declared charset nor UTF-8 nor GB18030")
