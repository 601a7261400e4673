"""Saved web pages: recognising them and parsing them safely.

Pages come from many sites and are untrusted. They are parsed with lxml's HTML parser with the
network switched off: nothing a page references (DTDs, images, stylesheets, entities declared
in a DOCTYPE) is ever fetched or expanded. Only the page's own text is read.
"""

from __future__ import annotations

import re
from typing import Any

#: How a saved page starts (after a BOM, spaces or an XML declaration and comments).
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|head\b|body\b)", re.I | re.S
)
_TABLE_TAG = re.compile(r"<table\b", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


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


def parse_html(text: str) -> Any:
    """The page as an lxml element tree, parsed without network access or entity expansion.

    lxml's HTML parser never resolves external entities; ``no_network`` also stops libxml2
    from loading a DTD named in the DOCTYPE.

    >>> len(parse_html("<html><body><table><tr><td>1</td></tr></table></body></html>").findall(".//td"))
    1
    """
    import lxml.html  # lazily: `govtasks --help` does not need it

    parser = lxml.html.HTMLParser(no_network=True, recover=True, remove_comments=True, huge_tree=False)
    # Text, not bytes: a <meta charset> must not override the decoding already done (lxml
    # refuses text that still carries an XML encoding declaration, so that goes).
    text = _XML_DECLARATION.sub("", text)
    return lxml.html.document_fromstring(text if text.strip() else "<html></html>", parser=parser)


def count_tables(text: str) -> int:
    """How many ``<table>`` elements the page holds (0 without parsing when none is written).

    >>> count_tables("<html><body><p>通知</p></body></html>")
    0
    >>> count_tables("<html><body><table><tr><td>a</td></tr></table></body></html>")
    1
    """
    if not _TABLE_TAG.search(text):
        return 0
    return len(parse_html(text).findall(".//table"))
