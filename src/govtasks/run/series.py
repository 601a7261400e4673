"""The batch step: a report's district told by the other reports of its series.

A district's reports come out quarter after quarter under one publisher, and a page that names
its district nowhere (a table and a title without the county's name) is refused alone
(``missing-facts``). The other reports of its series name it: :func:`infer_districts` gives such
a file the district of the accepted files of its series when they all agree, and nothing else.

A series is, for a refused file:

(a) the accepted files whose 索引号 ("index number" of a government's information-disclosure
    catalogue, ``K1493206-6/2022-22822``) starts with the same publisher code (the part before
    the first "/": ``K1493206-6``): the code names the office that published the page;
(b) the accepted files in the same folder whose file name starts with the same series prefix
    (:func:`name_prefix`: what comes before the first year or period in the name, such as
    ``拱墅区`` in ``拱墅区2021年第四季度….txt``); the prefix must name the district they give
    (:func:`names_district`) for them alone to decide: a generic name ("工作报告2021….txt")
    in a folder of one district's reports says nothing of a file from another district.

The district is inferred only when the files of (a) and (b) together name exactly one district;
two districts among them (a mixed folder, one code shared by two offices) mean no inference.
Year and period are never taken from the batch: they differ from report to report.
Only the files accepted alone vouch for a district, never one inferred here, so the result does
not depend on the order the files come in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

#: A year (four digits from 1990 to 2099) or a period word in a file name: where its series
#: prefix ends. 季度 "quarter", 半年 "half year", 全年/年度 "whole year", 月 "month" after a digit
#: or a Chinese numeral, 一季度/上半年… spelled out.
_YEAR_OR_PERIOD = re.compile(
    r"(?:19[9]\d|20\d\d)"
    r"|第?[一二三四1-4]季度|[上下]半年|半年|全年|年度"
    r"|[0-9一二三四五六七八九十]+(?:-[0-9一二三四五六七八九十]+)?月"
)
#: Separators and digits at the ends of a prefix are no part of it ("拱墅区_2021" -> "拱墅区").
_EDGES = " _-.·—()()[]【】0123456789"


def name_prefix(file_name: str) -> str | None:
    """The series prefix of a file name: the text before its first year or period, without
    separators at its ends; None when the name has no year or period or too short a prefix
    (under two characters, or no letter or Chinese character in it) to tell a series by.

    >>> name_prefix("拱墅区2021年第四季度政府工作报告任务完成情况.txt")
    '拱墅区'
    >>> name_prefix("拱墅区_第一季度.txt")
    '拱墅区'
    >>> name_prefix("report-2021-q4.txt")
    'report'
    >>> name_prefix("2021年第四季度.txt") is None, name_prefix("拱墅区.txt") is None
    (True, True)
    """
    stem = file_name.rsplit("/", 1)[-1]
    found = _YEAR_OR_PERIOD.search(stem)
    if found is None:
        return None
    prefix = stem[: found.start()].strip(_EDGES)
    if len(prefix) < 2 or not any(ch.isalpha() for ch in prefix):
        return None
    return prefix


#: The last character of a division's name that a file name may leave out: 区 district, 县
#: county, 市 city, 旗 banner ("拱墅" for 拱墅区).
_DIVISION_ENDS = "区县市旗"


def names_district(prefix: str, district: str) -> bool:
    """Whether a file name's series prefix names ``district``, in full or without its last
    character 区/县/市/旗 (when two characters are left).

    >>> names_district("拱墅区", "拱墅区"), names_district("杭州拱墅", "拱墅区")
    (True, True)
    >>> names_district("政府工作报告", "拱墅区"), names_district("gongshu", "拱墅区")
    (False, False)
    """
    if district in prefix:
        return True
    short = district[:-1] if district[-1:] in _DIVISION_ENDS else district
    return len(short) >= 2 and short in prefix


def publisher_code(index_no: str | None) -> str | None:
    """The publisher's code of a 索引号: the part before its first "/", when there is one.

    >>> publisher_code("K1493206-6/2022-22822")
    'K1493206-6'
    >>> publisher_code("2022-22822") is None, publisher_code(None) is None
    (True, True)
    >>> publisher_code("000014349/2025-06663") is None  # printed by many sites (SHARED_CODES)
    True
    """
    if not index_no or "/" not in index_no:
        return None
    code = index_no.split("/", 1)[0].strip()
    return code if code and code not in SHARED_CODES else None


#: Publisher codes printed by the pages of many governments, so naming no series: 000014349 is
#: the code of 国务院办公厅 (the State Council's General Office, 00001434-9), printed in
#: gov.cn's 索引号 and left in the page templates of county sites (南京 鼓楼区 and 黄石 下陆区
#: print it, tests/fixtures/field e03, e04, b05). In a batch holding accepted reports of two
#: districts printing it, the disagreement rule refuses it anyway; this list covers a batch
#: with only one.
SHARED_CODES = frozenset({"000014349"})


@dataclass(frozen=True)
class Member:
    """What the batch step knows of a file: its name (relative to RAW, with "/"), its 索引号,
    its district (None for a file refused for want of one) and its publisher."""

    name: str
    index_no: str | None
    district: str | None
    publisher: str | None = None  # 发布机构 as printed: a series shares it with the code


def _folder(name: str) -> str:
    """The folder of a source's name, "" at the top of RAW.

    >>> _folder("a/b/c.txt"), _folder("c.txt")
    ('a/b', '')
    """
    return name.rsplit("/", 1)[0] if "/" in name else ""


def _base(name: str) -> str:
    """A source's name without its folder."""
    return name.rsplit("/", 1)[-1]


def infer_districts(accepted: Iterable[Member], refused: Iterable[Member]) -> dict[str, tuple[str, str]]:
    """For each refused file whose series names one district: that district and the note that
    says how it was found (for ``inferred["district"]``), by file name.

    >>> a = [Member(f"q{n}.txt", f"K1-6/202{n}-1", "拱墅区", "区府办") for n in (1, 2)]
    >>> infer_districts(a, [Member("q3.txt", "K1-6/2022-3", None, "区府办")])
    {'q3.txt': ('拱墅区', 'from 2 reports of the same publisher (索引号 K1-6): q1.txt, q2.txt')}
    >>> b = [*a, Member("x.txt", "K1-6/2022-4", "西湖区", "区府办")]
    >>> infer_districts(b, [Member("q3.txt", "K1-6/2022-3", None, "区府办")])
    {}
    >>> infer_districts(a, [Member("q3.txt", "K1-6/2022-3", None, "区政府办公室")])  # another publisher
    {}
    """
    by_code: dict[tuple[str, str], list[Member]] = defaultdict(list)
    by_prefix: dict[tuple[str, str], list[Member]] = defaultdict(list)
    for member in accepted:
        if member.district is None:
            continue
        if (code := publisher_code(member.index_no)) is not None and member.publisher:
            by_code[code, member.publisher].append(member)
        if (prefix := name_prefix(member.name)) is not None:
            by_prefix[_folder(member.name), prefix].append(member)
    found: dict[str, tuple[str, str]] = {}
    for member in refused:
        code = publisher_code(member.index_no)
        prefix = name_prefix(member.name)
        # one publisher: the same code and the same 发布机构 (a code alone may be a template's)
        same_code = by_code.get((code, member.publisher), []) if code is not None and member.publisher else []
        same_name = by_prefix.get((_folder(member.name), prefix), []) if prefix is not None else []
        districts = {m.district for m in (*same_code, *same_name)}
        if len(districts) != 1:
            continue
        (district,) = districts
        assert district is not None  # accepted members all have one (filtered above)
        if not same_code and not names_district(prefix or "", district):
            continue  # a name alike but naming no place ("工作报告2021….txt"): no series
        how = []
        if same_code:
            how.append(
                f"{_reports(len(same_code))} of the same publisher (索引号 {code}): {_names(same_code)}"
            )
        if same_name:
            how.append(
                f"{_reports(len(same_name))} named alike in the same folder ({prefix}…): {_names(same_name)}"
            )
        found[member.name] = (district, "from " + "; and from ".join(how))
    return found


def _reports(n: int) -> str:
    """ "1 report", "2 reports"."""
    return "1 report" if n == 1 else f"{n} reports"


def _names(members: list[Member], most: int = 3) -> str:
    """The members' file names (without folder), sorted, the first ``most`` of them."""
    names = sorted(_base(m.name) for m in members)
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def only_district_missing(reason: str) -> bool:
    """Whether a ``missing-facts`` rejection's reason says the district alone is missing (the
    per-file stage words it "could not tell the district of this report", see
    :func:`govtasks.run.per_file.examine`).

    >>> only_district_missing("could not tell the district of this report (district: …)")
    True
    >>> only_district_missing("could not tell the district, year of this report")
    False
    """
    return reason.startswith(MISSING_DISTRICT_ONLY)


#: How :func:`govtasks.run.per_file.examine` begins the reason of a file refused for its district
#: alone.
MISSING_DISTRICT_ONLY = "could not tell the district of this report"
