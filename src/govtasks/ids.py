"""The ids and comparison keys every stage agrees on: a report's id, a task's id, and the keys
that decide whether two wordings are the same task.

They live here, below every stage, so that linking, ``validate`` and ``explain`` compute them
the same way without importing one another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata


def report_id(sha256: str, period: str | None = None) -> str:
    """The id of the report held in a file with this SHA-256.

    A file whose table prints one progress column per period (一季度 … 四季度) holds one report
    per period; each of those ids hashes the period in as well.

    >>> report_id("944544cf52b83f5fefeaa73b107f0533b71c71efb7ad1a7c54a31cd66fea9b5a")
    'r944544cf52b8'
    >>> report_id("944544cf52b83f5fefeaa73b107f0533b71c71efb7ad1a7c54a31cd66fea9b5a", "Q2")
    'r25b8765ec5e2'
    """
    if period is None:
        return "r" + sha256[:12]
    return "r" + hashlib.sha256(f"{sha256}#{period}".encode()).hexdigest()[:12]


def task_id(district: str, year: int, key: str, occurrence: int = 1) -> str:
    """The id of a task: a hash of its district, year and the link key of its first wording.

    ``occurrence`` tells apart the rare second task of a district and year whose first wording
    has the same key (two rows of one report with the same content but different details).

    >>> task_id("萧山区", 2020, "甲") == task_id("萧山区", 2020, "甲", 1) != task_id("萧山区", 2020, "甲", 2)
    True
    """
    text = f"{district}\x1f{year}\x1f{key}" + (f"\x1f{occurrence}" if occurrence > 1 else "")
    return "t" + hashlib.sha256(text.encode()).hexdigest()[:12]


#: Anything but a letter or a number (Unicode categories L* and N*). For str patterns ``\w`` is
#: exactly those and "_" (tests/test_speed.py checks every code point); one regex pass instead
#: of a category lookup per character.
_NOT_LETTER_OR_NUMBER = re.compile(r"[\W_]+")


def content_key(content: str) -> str:
    """The comparison key of a task's content: no spaces or punctuation, ASCII-folded.

    Two rows of one district and year with the same key are the same task.

    >>> content_key("兑现时效，用好“亲清在线”平台。")
    '兑现时效用好亲清在线平台'
    """
    folded = unicodedata.normalize("NFKC", content).lower()
    return _NOT_LETTER_OR_NUMBER.sub("", folded)


_CN_NUMERAL = "一二三四五六七八九十"
#: A list number printed before the task: "1." "1、" "1)" "(1)" "（一）" "一、" "①".
_ENUMERATOR = re.compile(
    rf"^\s*(?:"
    rf"\d{{1,3}}\s*[.．、,，)）](?!\d)"
    rf"|[(（]\s*(?:\d{{1,3}}|[{_CN_NUMERAL}]{{1,3}})\s*[)）]"
    rf"|[{_CN_NUMERAL}]{{1,3}}\s*[、.．]"
    r"|[\u2460-\u2473]"
    r")\s*"
)


def strip_enumerator(text: str) -> str:
    """Remove one list number printed before a task; keep numbers that belong to the text.

    >>> strip_enumerator("(一)推进城市更新")
    '推进城市更新'
    >>> strip_enumerator("1.推进城市更新")
    '推进城市更新'
    >>> strip_enumerator("1.5万亩土地整治")
    '1.5万亩土地整治'
    >>> strip_enumerator("5G基站建设")
    '5G基站建设'
    """
    return _ENUMERATOR.sub("", text, count=1)


def link_key(content: str) -> str:
    """The comparison key of a task's content: no list number, spaces or punctuation, folded.

    >>> link_key("(一)兑现时效，用好“亲清在线”平台。")
    '兑现时效用好亲清在线平台'
    >>> link_key("１．５Ｇ 基站") == link_key("1.5G基站")
    True
    """
    return content_key(strip_enumerator(content))
