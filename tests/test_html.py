"""Saved pages are untrusted: parsing never fetches anything and never expands entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtasks.read.page import looks_like_html
from govtasks.tables.html import count_tables, parse_html

SECRET = "TOP-SECRET-LINE"


def test_external_entities_are_not_expanded(tmp_path: Path, no_network: list[object]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    page = (
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>\n'
        "<html><body><table><tr><td>&xxe;</td><td>&remote;</td></tr></table></body></html>"
    )
    tree = parse_html(page)
    text = tree.text_content()
    assert SECRET not in text
    assert len(tree.findall(".//td")) == 2
    assert no_network == []


def test_referenced_resources_are_not_fetched(no_network: list[object]) -> None:
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:9/dtd">'
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/a.css">'
        '<script src="http://127.0.0.1:9/a.js"></script></head>'
        '<body><img src="http://127.0.0.1:9/a.png"><iframe src="http://127.0.0.1:9/"></iframe>'
        "<table><tr><td>序号</td></tr></table></body></html>"
    )
    assert count_tables(page) == 1
    assert no_network == []


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!DOCTYPE html>\n<html>", True),
        ("\ufeff  <HTML lang='zh'>", True),
        ("<!-- saved from url=(0042)http://www.xiaoshan.gov.cn/ -->\n<html>", True),
        ("序号 | 重点工作 |", False),
        ("<p>一段</p>", False),  # a fragment is text with tags in it, not a saved page
    ],
)
def test_saved_pages_are_recognised(text: str, html: bool) -> None:
    assert looks_like_html(text.lstrip("\ufeff")) is html


def test_a_page_without_a_table_is_not_parsed_at_all() -> None:
    assert count_tables("<html><body>" + "<p>段落</p>" * 1000 + "</body></html>") == 0


def test_a_page_of_only_a_doctype_and_comments_is_an_empty_page() -> None:
    # lxml parses it to nothing; that used to escape as lxml's "Document is empty" error.
    assert count_tables("<!DOCTYPE html>\n<!-- <table> -->") == 0
    assert parse_html("<!DOCTYPE html>").findall(".//td") == []
