"""Numbers a row promises (in its content) and reaches (in its progress).

A figure is a number stating an amount: a count with its classifier (500家, 两所), money, a
length, an area, a percentage. Years, dates, quarters, ordinals, list numbers and codes (5G, 19号线,
G60, “1+X”) are not figures. The judgements behind the rules, and the labelled sample they are
measured on (``make eval``, benchmarks/eval_figures.py), are in tests/fixtures/labels/README.md.

Each figure keeps the magnitude it was printed with in its unit (1.5万人: value 1.5, unit 万人);
a ratio converts units of one dimension (1.2亿元 against 8000万元). One pass of one regular
expression over the cell, then a few look-arounds per match: cheap enough for every row.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from govtasks.assess.patterns import searched
from govtasks.models import FigureKind as Kind
from govtasks.models import FigureSide as Side

__all__ = ["Found", "Kind", "Side", "base_unit", "chinese_number", "convertible", "figures_in", "row_figures"]


@dataclass(frozen=True)
class Found:
    """One figure in a text: ``text[start:end]`` printed it."""

    side: Side
    measure: str | None  # what is counted or measured, as printed ("国家高新技术企业")
    text: str  # the figure as printed, with a comparator printed at it ("500家", "6%以上")
    value: float  # the number (the lower bound of a range), magnitude in the unit
    unit: str | None  # normalised unit: 亿元, 万元, 元, %, 家, 个, 项, 公里, 万平方米, 人, 万人 …
    comparator: str | None  # one of COMPARATORS
    start: int
    end: int
    ratio: float | None = None  # reached only: value / the promised value of the same measure and unit
    kind: Kind = "quantity"
    upper: float | None = None  # a range's higher bound (20%-80%: 80)


#: The comparators a figure may carry, each with the words printed for it.
COMPARATORS: dict[str, tuple[str, ...]] = {
    "以上": ("以上", "及以上", "不低于", "不少于", "至少"),  # at least
    "超过": ("超过", "超", "逾", "高于", "多于", "余", "多"),  # more than (余: 240余名)
    "以下": ("以下", "以内", "不超过", "不高于", "最多", "低于", "不到"),  # at most
    "左右": ("左右", "上下", "约", "大约", "近", "接近"),  # about
    "区间": (),  # a range 5-8个: value the lower bound, upper the higher
    "力争": ("力争", "争取"),  # aimed at (strive to)
}
_COMPARATOR_OF = {word: name for name, words in COMPARATORS.items() for word in words}
#: Words ending in a one-character comparator that are none (签约16家: signed, not "about").
_NOT_PREFIXES = frozenset(
    {"签约", "节约", "制约", "履约", "违约", "附近", "最近", "临近", "邻近", "就近", "靠近", "赶超"}
)
#: The comparator words printed before a number (the others follow it).
_PREFIXES = frozenset(_COMPARATOR_OF) - {
    "余",
    "多",
    "以上",
    "及以上",
    "以下",
    "以内",
    "左右",
    "上下",
    "力争",
    "争取",
}

#: The last characters of those words.
_PREFIX_ENDS = frozenset(word[-1] for word in _PREFIXES)

#: Units as printed -> as normalised (magnitudes 万/亿 are read apart and put back in front).
_UNITS: dict[str, str] = {
    "个百分点": "百分点",  # percentage points
    "百分点": "百分点",
    "%": "%",
    "‰": "‰",
    "微克/立方米": "微克/立方米",
    "平方公里": "平方公里",
    "平方米": "平方米",
    "㎡": "平方米",
    "立方米": "立方米",
    "公里": "公里",
    "千米": "公里",
    "米": "米",
    "公顷": "公顷",
    "亩": "亩",
    "千瓦时": "千瓦时",
    "千瓦": "千瓦",
    "兆瓦": "兆瓦",
    "吨": "吨",
    "人次": "人次",
    "剂次": "剂次",
    "场次": "场",  # sessions: the same as 场
    "户次": "户次",
    "人": "人",
    "名": "人",  # the classifier of people
    "位": "人",
    "家": "家",
    "个工作日": "工作日",
    "工作日": "工作日",
    "个": "个",
    "项": "项",
    "所": "所",
    "条": "条",
    "处": "处",
    "套": "套",
    "根": "根",
    "份": "份",
    "幢": "幢",
    "栋": "栋",
    "座": "座",
    "台": "台",
    "辆": "辆",
    "张": "张",
    "件": "件",
    "只": "只",
    "头": "头",
    "场": "场",
    "间": "间",
    "篇": "篇",
    "宗": "宗",
    "起": "起",
    "例": "例",
    "批": "批",
    "支": "支",
    "次": "次",
    "点": "点",
    "天": "天",
    "株": "株",
    "盏": "盏",
    "块": "块",
    "床": "床",
    "册": "册",
    "艘": "艘",
    "架": "架",
    "美元": "美元",
    "元": "元",
    "户": "户",
}

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千]+"
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_FIGURE = searched(
    rf"(?<![\d.])(?<!\d,)(?P<num>{_NUMBER}|{_CHINESE})"
    rf"(?:(?P<unit1>%|{_UNIT})?\s?[-~～至到—–]\s?(?P<num2>{_NUMBER}|{_CHINESE}))?"
    r"(?P<more>余|多)?(?P<mag>万亿|亿|万)?(?P<more2>余|多)?"
    rf"(?P<unit>{_UNIT})?"
    r"(?P<after>及以上|以上|以下|以内|左右|上下)?"
)
#: A code, a name or a formula holding digits: 5G, G60, PM2.5, A1-02-02, “1+X”, 14+7.
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-./#·]*")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_BARE_LINE = re.compile(rf"\s*({_NUMBER})(%?)\s*")
_DIGITS = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")
#: The characters _DIGITS changes: a text without them is its own plain form (translate is slow).
_WIDE = re.compile("[０１２３４５６７８９％．，]")
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CHINESE_DIGITS |= {"八": 8, "九": 9}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
#: After a Chinese numeral, nouns that make it a name (八项规定: the Eight-point Regulation).
_NAME_NOUNS = ("规定", "制度", "举措", "措施", "行动", "工程", "原则", "要求", "机制", "清单", "改革")
#: Where a sentence ends: a 力争 before it does not reach a figure after it.
_SENTENCE_END = re.compile(r"[。;；\n!?！？]")
#: Where the phrase naming a measure starts.
_CLAUSE_MARK = re.compile(r"[,，、;；。:：\n“”\"()（）《》【】!?！？/]")


def chinese_number(text: str) -> float | None:
    """The value of a Chinese numeral up to the thousands (万 and 亿 are units here), or None.

    >>> chinese_number("一千二百"), chinese_number("两"), chinese_number("十五"), chinese_number("三百零五")
    (1200.0, 2.0, 15.0, 305.0)
    >>> chinese_number("二三") is None  # digits in a row are no numeral a report prints
    True
    """
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _CHINESE_DIGITS:
            if digit is not None and digit != 0:
                return None
            digit = _CHINESE_DIGITS[char]
        else:
            unit = _CHINESE_UNITS[char]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return float(total + (digit or 0))


def _number(text: str) -> float | None:
    """The value of a number as printed, Arabic (1,234.5) or Chinese (一千二百).

    >>> _number("1,234.5"), _number("两")
    (1234.5, 2.0)
    """
    if text[0].isdigit():
        return float(text.replace(",", ""))
    return chinese_number(text)


def _codes(text: str) -> list[tuple[int, int]]:
    """Spans of codes and names holding digits: a letter, a "+" or a "-" between digits in one token.

    >>> _codes("建成5G基站300个, A1-02-02地块, “1+X”, 20%-80%")
    [(2, 4), (12, 20), (25, 28)]
    """
    spans = []
    for m in _CODE.finditer(text):
        token = m.group()
        if "+" in token or token.count("-") > 1 or _ASCII_LETTER.search(token):
            spans.append(m.span())
    return spans


def _in_quoted_name(text: str, start: int, end: int) -> bool:
    """Whether the figure is a short quoted name (“22条”, “10项举措”), not a quoted target (“最多100天”).

    >>> _in_quoted_name("兑现“22条”", 3, 6), _in_quoted_name("审批“最多100天”", 5, 9)
    (True, False)
    """
    opening = text.rfind("“", max(0, start - 10), start)
    if opening < 0 or "”" in text[opening:start]:
        return False
    closing = text.find("”", end, end + 10)
    if closing < 0:
        return False
    quoted = text[opening + 1 : closing]
    return not any(word in quoted for word in _COMPARATOR_OF if len(word) > 1)


def _prefix_comparator(text: str, start: int) -> tuple[str, int] | None:
    """A comparator printed just before the number (不低于, 至少, 超过, 约, 近, 最多 …): (name, its start).

    >>> _prefix_comparator("每个县市区至少1家", 7)
    ('以上', 5)
    """
    if start == 0 or text[start - 1] not in _PREFIX_ENDS:
        return None  # most figures: no comparator word ends just before them
    for length in (3, 2, 1):
        word = text[max(0, start - length) : start]
        if len(word) == length and word in _PREFIXES and text[max(0, start - 2) : start] not in _NOT_PREFIXES:
            return _COMPARATOR_OF[word], start - length
    return None


def _aimed(text: str, start: int) -> bool:
    """Whether 力争 or 争取 is printed earlier in the figure's sentence."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    sentence = text[ends[-1] if ends else 0 : start]
    return "力争" in sentence or "争取" in sentence


#: Words before a % that say what it is.
_COMPLETION_WORDS = ("完成率", "进度")
_COMPLETION_OF = ("完成", "目标", "计划", "任务", "工程量", "总量")
_GROWTH_WORDS = ("增长", "增速", "增幅", "同比", "下降", "降低", "减少", "增加", "回落", "降幅", "涨幅")


def _kind(text: str, start: int, unit: str | None, side: Side) -> Kind:
    """What a figure is: a quantity, a growth rate, a share of a whole, or how much of the task is done.

    >>> _kind("完成年度计划的36.52%", 8, "%", "reached"), _kind("地区生产总值增长6%", 8, "%", "promised")
    ('completion', 'growth')
    >>> _kind("空气优良率稳定在80%", 8, "%", "promised"), _kind("新认定243家", 3, "家", "reached")
    ('share', 'quantity')
    """
    if unit == "百分点":
        return "growth"
    if unit not in ("%", "‰"):
        return "quantity"
    marks = [m.end() for m in _CLAUSE_MARK.finditer(text, max(0, start - 16), start) if m.group() != "/"]
    before = text[marks[-1] if marks else max(0, start - 16) : start]
    if any(word in before for word in _COMPLETION_WORDS) or (
        before.endswith("的") and any(word in before for word in _COMPLETION_OF)
    ):
        return "completion"
    if any(word in before for word in _GROWTH_WORDS):
        return "growth"
    if "率" in before or "占" in before or "比重" in before or "比例" in before or side == "promised":
        return "share"
    return "completion"  # a bare % in a progress cell: how much of the task is done


#: Verbs and adverbs around a measure, stripped from its ends (longest first).
_LEADING = tuple(
    sorted(
        (
            "新增", "新建成", "新建", "改建", "扩建", "新认定", "认定", "完成", "建成", "建设", "实现",
            "达到",
            "开展", "引进", "新引进", "招引", "培育", "累计", "已", "共", "全年", "确定", "实施", "支援",
            "创建", "打造", "推动", "目前", "其中", "合计", "共计", "计", "可以", "可", "增加", "及",
            "和", "为", "在", "有", "组建", "开工", "开", "截至", "全部", "改造", "提升", "优化",
            "调整", "选聘", "落实", "出台", "发动", "召开", "学习", "研究", "审议", "组织", "扶持", "发放",
            "上半年", "预计", "力争", "争取", "确保", "加快", "推进", "引导和帮助", "帮助", "取得",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_TRAILING = tuple(
    sorted(
        (
            "达到", "达", "到", "为", "在", "稳定在", "控制在", "维持在", "约", "近", "超过", "不低于",
            "至少",
            "已", "完成", "累计", "共", "共计", "计", "合计", "的", "已达", "实现", "突破", "新增", "提高",
            "提高到", "增至", "等", "完", "最多", "不超过", "不少于", "逾", "超", "以上", "各",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_AFTER_STOPS = searched(
    r"合计|共计|被|都|全面|开工|已|的|等|建设|完成|数据|实现|进行|取得|正|陆续|并|作为|供暖|组建|落实|出台|选聘"
)
#: The noun after a classifier (131个小区).
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff“”()（）]+")
_GROWTH_MEASURES = ("同比增长", "同比增速", "增长", "增速", "增幅", "同比")


#: The same words by length, longest first, for a lookup of a phrase's ends by length (a word is
#: stripped at the first length whose end is one: as the loops over the sorted words did).
_LEADING_SET = frozenset(_LEADING)
_LEADING_BY_LENGTH = tuple(
    (size, frozenset(w for w in _LEADING if len(w) == size))
    for size in sorted({len(w) for w in _LEADING}, reverse=True)
)
_TRAILING_BY_LENGTH = tuple(
    (size, frozenset(w for w in _TRAILING if len(w) == size))
    for size in sorted({len(w) for w in _TRAILING}, reverse=True)
)


@lru_cache(maxsize=4096)  # the phrases before and after figures recur (新增, 累计, 建成 …), and are short
def _strip(phrase: str) -> str:
    """A phrase without the verbs and adverbs at its ends.

    >>> _strip("新增国家高新技术企业"), _strip("全年确定团队项目"), _strip("空气优良率稳定在")
    ('国家高新技术企业', '团队项目', '空气优良率')
    >>> _strip("完成"), _strip("已达"), _strip("新建成区")  # a leading word leaves two characters at least
    ('', '', '成区')
    """
    changed = True
    while changed and phrase:
        changed = False
        for size, words in _LEADING_BY_LENGTH:
            if len(phrase) >= size + 2 and phrase[:size] in words:
                phrase, changed = phrase[size:], True
                break
        for size, words in _TRAILING_BY_LENGTH:
            if len(phrase) >= size and phrase[len(phrase) - size :] in words:
                phrase, changed = phrase[: len(phrase) - size], True
                break
    return phrase


#: A run of letters of a measure: a character from U+4E00 on, a letter or digit of any script ([^\W_]
#: is str.isalnum), "&", ".", or a curly quote.
_MEASURE_LETTERS = re.compile(r"(?:[\u4e00-\U0010ffff&.“”]|[^\W_])*")


def _cjk_tail(phrase: str) -> str:
    """The end of a phrase from its last character that is not a letter of a measure.

    >>> _cjk_tail("完成,新增A级景区3"), _cjk_tail("2023年 PM2.5浓度"), _cjk_tail("x_")
    ('新增A级景区3', 'PM2.5浓度', '')
    """
    # the run of such letters at the start of the reversed phrase: one match in C, not a loop
    run = _MEASURE_LETTERS.match(phrase[::-1])
    size = run.end() if run else 0
    return phrase[len(phrase) - size :]


def _measure(
    text: str,
    start: int,
    end: int,
    unit: str | None,
    earlier: list[tuple[int, int]],
    marks: list[int] | None = None,
) -> str | None:
    """What the figure at ``text[start:end]`` counts: the phrase printed before it in its clause, else
    the noun after its classifier ("131个小区"), else the phrase before a figure just before it.
    ``marks``: where ``text`` prints a mark of :data:`_CLAUSE_MARK`, in order (found when not given).

    >>> _measure("新增国家高新技术企业500家", 10, 14, "家", [])
    '国家高新技术企业'
    >>> _measure("131个小区全面开工", 0, 4, "个", [])
    '小区'
    """
    if unit not in ("%", "‰", "百分点", None):  # 131个小区: the noun after a classifier
        after = _NOUN_AFTER.match(text, end, end + 16)
        if after:
            stop = _AFTER_STOPS.search(after.group(), 1)
            noun = _strip(after.group()[: stop.start() if stop else 12].strip("“”()（）"))
            if len(noun) >= 2 and not noun.startswith(("的", "和", "及", "等")):
                return noun
    if marks is None:
        marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
    before = bisect_left(marks, start)  # the marks before the figure: marks[:before]
    clause_start = marks[before - 1] + 1 if before else 0
    cuts = [e for s, e in earlier if clause_start <= s and e <= start]
    phrase = _strip(_cjk_tail(text[cuts[-1] if cuts else clause_start : start]))
    if phrase in _GROWTH_MEASURES:
        return phrase
    if len(phrase) >= 2 and not phrase.startswith("已") and phrase not in _LEADING_SET:
        return phrase
    if cuts:  # 新建成保障性住房共2处合计1721套: the phrase before the figure before
        previous = next(s for s, e in earlier if e == cuts[-1])
        phrase = _strip(_cjk_tail(text[clause_start:previous]))
        if len(phrase) >= 2:
            return phrase
    if start > 0 and text[start - 1] in "(（" and start - 1 > clause_start - 1:  # 人才专项租赁住房(828套)
        inner = bisect_left(marks, start - 1)  # the marks before the bracket
        phrase = _strip(_cjk_tail(text[marks[inner - 1] + 1 if inner else 0 : start - 1]))
        if len(phrase) >= 2:
            return phrase
    return None


def _skip(
    text: str, start: int, end: int, groups: tuple[str | None, ...], codes: list[tuple[int, int]]
) -> bool:
    """Whether the match of _FIGURE at ``text[start:end]`` (``groups``: its groups) is no figure: a
    code, an ordinal, a rank, a rate per thing, a name, a duration."""
    num, _, _, _, mag, _, unit, after = groups
    assert num is not None  # the pattern's one group that is not optional
    if any(s < end and start < e for s, e in codes):
        return True
    before = text[max(0, start - 3) : start]
    if before.endswith("第") or "每" in before or (before.endswith("前") and unit in ("名", "位")):
        return True  # 第3季度, 第8位, 前10名 (not 目前3家); 每班按40人 (a rate used in a sum)
    if unit == "个" and text[end : end + 1] in ("月", "年"):
        return True  # 3个月: a duration
    if after == "以上" and text[max(0, start - 2) : start] == "能力" and text[end : end + 1] >= "\u4e00":
        return True  # 日处理能力30吨以上设施: a class of thing, not a count of it
    if num[0].isdigit():
        return _in_quoted_name(text, start, end)
    if num in ("一", "十", "百", "千", "万") or (mag and not unit):
        return True  # 一个会, 千家万户, 百万亩: idioms and names, not counts
    return text.startswith(_NAME_NOUNS, end) or _in_quoted_name(text, start, end)


#: A character any figure needs: a digit or a Chinese numeral. A text without one has no figure,
#: and most content cells of plans have none: they are passed over without a search.
_ANY_NUMBER = re.compile(r"[\d零〇一二两三四五六七八九十百千]")
#: Cells up to this length have their promised figures kept (a task's content recurs in every
#: report of its year); longer ones are read each time, so that the cache stays small.
_CACHED_LENGTH = 2_000

#: A figure before its measure and kind are known: start, end, text, value, unit, comparator, upper.
_Span = tuple[int, int, str, float, "str | None", "str | None", "float | None"]


def figures_in(text: str | None, side: Side) -> list[Found]:
    """The figures ``text`` prints, in order.

    >>> found = figures_in("新增国家高新技术企业500家, 增长6%以上", "promised")
    >>> [(f.text, f.value, f.unit, f.comparator) for f in found]
    [('500家', 500.0, '家', None), ('6%以上', 6.0, '%', '以上')]
    >>> [(f.value, f.unit, f.comparator) for f in figures_in("3万余人, 1,234.5万元, 一千二百家", "reached")]
    [(3.0, '万人', '超过'), (1234.5, '万元', None), (1200.0, '家', None)]
    >>> figures_in("2023年第3季度, 1-6月, (一), 19号线, 5G, G60", "reached")
    []
    """
    if not text or not _ANY_NUMBER.search(text):
        return []
    if side == "promised" and len(text) <= _CACHED_LENGTH:
        return list(_promised(text))
    return _figures(text, side)


@lru_cache(maxsize=4096)
def _promised(text: str) -> tuple[Found, ...]:
    """The figures a content cell promises, kept for the next report stating the same task."""
    return tuple(_figures(text, "promised"))


def _figures(text: str, side: Side) -> list[Found]:
    """:func:`figures_in`, uncached: the figures' spans, then their measures and kinds, once every
    figure's span is known (a measure's phrase stops at the figure before)."""
    plain = text.translate(_DIGITS) if _WIDE.search(text) else text
    spans = _spans(text, plain, side)
    marks = [m.start() for m in _CLAUSE_MARK.finditer(plain)]
    edges = [(s[0], s[1]) for s in spans]
    out = []
    for i, (start, end, printed, value, unit, comparator, upper) in enumerate(spans):
        number_start = _number_start(plain, start, end)
        out.append(
            Found(
                side,
                _measure(plain, number_start, end, unit, edges[:i], marks),
                printed,
                value,
                unit,
                comparator,
                start,
                end,
                None,
                _kind(plain, number_start, unit, side),
                upper,
            )
        )
    return out


def quantities(text: str | None, side: Side) -> list[tuple[float, str, str | None]]:
    """The counted figures of ``text`` (no rates or growth), as (value, base unit, comparator):
    万 and 亿 folded into the value, so that figures of one dimension compare. They are the figures
    of :func:`figures_in` of kind ``quantity`` with a unit, found without reading their measures.

    A content cell's are kept for the next report stating the same task, as :func:`figures_in`
    keeps its figures.

    >>> quantities("新增城镇就业3万人以上,完成投资120亿元,增长6%", "promised")
    [(30000.0, '人', '以上'), (12000000000.0, '元', None)]
    """
    if not text or not _ANY_NUMBER.search(text):
        return []
    if side == "promised" and len(text) <= _CACHED_LENGTH:
        return list(_promised_quantities(text))
    return _quantities(text, side)


@lru_cache(maxsize=4096)
def _promised_quantities(text: str) -> tuple[tuple[float, str, str | None], ...]:
    """The quantities a content cell promises (:func:`quantities`), kept."""
    return tuple(_quantities(text, "promised"))


def _quantities(text: str, side: Side) -> list[tuple[float, str, str | None]]:
    """:func:`quantities`, uncached."""
    found = []
    plain = text.translate(_DIGITS) if _WIDE.search(text) else text
    for _, _, _, value, unit, comparator, _ in _spans(text, plain, side):
        # a percentage or percentage points is a rate, a share or a growth (_kind), never a quantity
        if unit is not None and unit not in ("%", "‰", "百分点"):
            base, factor = base_unit(unit)
            found.append((value * factor, base, comparator))
    return found


def _spans(text: str, plain: str, side: Side) -> list[_Span]:
    """The figures of ``text`` (``plain``: its digits made ASCII) before their measures and kinds,
    in order of their starts."""
    codes: list[tuple[int, int]] | None = None  # found at the first figure with a unit
    found: list[_Span] = []
    for m in _FIGURE.finditer(plain):
        groups = m.groups()  # one call for all (a call per group costs as much as the rest)
        num, unit1, num2, more, mag, more2, unit_printed, after = groups
        assert num is not None  # the pattern's one group that is not optional
        if not (unit_printed or mag):
            continue  # most matches: a year, a list number, a numeral in a word
        if num2 and unit1 and unit_printed and _UNITS[unit1] != _UNITS[unit_printed]:
            continue  # 5个-8家: not one range
        start, end = m.span()
        if codes is None:
            codes = _codes(plain)
        if _skip(plain, start, end, groups, codes):
            continue
        if unit_printed == "个" and plain.startswith("月", end):
            continue
        value = _number(num)
        if value is None:
            continue
        upper = _number(num2) if num2 else None
        if (
            num[0].isdigit()
            and start > 0
            and plain[start - 1] == "-"
            and (start < 2 or not plain[start - 2].isdigit())
        ) and (start < 2 or plain[start - 2] in "增幅为的长是:：速" or not plain[start - 2].isalnum()):
            value, start = -value, start - 1  # 增幅-1.1%: a printed minus sign
        unit = (mag or "") + _UNITS[unit_printed] if unit_printed else mag
        if unit_printed and _UNITS[unit_printed] in ("%", "‰", "百分点") and mag:
            continue
        comparator = None
        if upper is not None:
            comparator = "区间"
        elif after:
            comparator = _COMPARATOR_OF[after]
        elif more or more2:
            comparator = "超过"
        prefix = _prefix_comparator(plain, start)
        if prefix:
            comparator = comparator or prefix[0]
            start = prefix[1]
        if comparator is None and side == "promised" and _aimed(plain, start):
            comparator = "力争"
        found.append((start, end, text[start:end], value, unit, comparator, upper))
    found.extend(_bare_lines(text, plain, found))
    found.sort(key=_start)
    return found


def _start(span: _Span) -> int:
    return span[0]


def _bare_lines(text: str, plain: str, found: list[_Span]) -> list[_Span]:
    """Numbers alone on a line (a table of figures: "4629⏎60%"): figures with no unit, the unit
    being in the table's header."""
    out: list[_Span] = []
    offset = 0
    for line in plain.split("\n"):
        m = _BARE_LINE.fullmatch(line)
        if m and not m.group(2) and not any(f[0] < offset + len(line) and offset < f[1] for f in found):
            start, end = offset + m.start(1), offset + m.end(1)
            out.append((start, end, text[start:end], float(m.group(1).replace(",", "")), None, None, None))
        offset += len(line) + 1
    return out


def _number_start(text: str, start: int, end: int) -> int:
    """Where the number of the figure at ``text[start:end]`` starts (after a comparator printed
    before it)."""
    for i in range(start, end):
        if text[i].isdigit() or text[i] in _CHINESE_DIGITS or text[i] in _CHINESE_UNITS or text[i] == "-":
            return i
    return start


_MAGNITUDES = (("万亿", 1e12), ("亿", 1e8), ("万", 1e4))
#: Units of one dimension that are not a magnitude of each other: (base unit, factor).
_SCALED = {"公里": ("米", 1000.0), "平方公里": ("平方米", 1e6), "千瓦": ("瓦", 1000.0), "兆瓦": ("瓦", 1e6)}


@lru_cache(maxsize=1024)  # a few hundred units and magnitudes are printed
def base_unit(unit: str) -> tuple[str, float]:
    """A unit as (base unit, factor): 万人 is (人, 10000), 亿元 (元, 1e8), 公里 (米, 1000).

    >>> base_unit("亿元"), base_unit("万平方米"), base_unit("家")
    (('元', 100000000.0), ('平方米', 10000.0), ('家', 1.0))
    """
    factor = 1.0
    for prefix, scale in _MAGNITUDES:
        if unit.startswith(prefix) and len(unit) > len(prefix):
            unit, factor = unit[len(prefix) :], scale
            break
    if unit in _SCALED:
        base, scale = _SCALED[unit]
        return base, factor * scale
    return unit, factor


def convertible(a: str | None, b: str | None) -> float | None:
    """How many of ``b`` one ``a`` is, when they measure one dimension; else None.

    >>> convertible("亿元", "万元"), convertible("人", "万人"), convertible("个", "家")
    (10000.0, 0.0001, None)
    """
    if a is None or b is None:
        return None
    (base_a, fa), (base_b, fb) = base_unit(a), base_unit(b)
    return fa / fb if base_a == base_b else None


def _shared(a: str, b: str) -> int:
    """How alike two measures are: the length of the longest text both hold (0 under 4 characters,
    unless one holds the other whole: 城镇调查失业率 and 城镇登记失业率 are not alike).

    >>> _shared("智安小区建设", "智安小区"), _shared("国土绿化", "落地上图")
    (4, 0)
    >>> _shared("城镇调查失业率", "城镇登记失业率")
    0
    """
    shorter, longer = sorted((a, b), key=len)
    if shorter in longer:
        return len(shorter)
    for size in range(len(shorter) - 1, 3, -1):
        if any(shorter[i : i + size] in longer for i in range(len(shorter) - size + 1)):
            return size
    return 0


def _anonymous(f: Found) -> bool:
    """A figure naming no measure of its own (已开89个; 同比增长18.1%)."""
    return f.measure is None or f.measure in _GROWTH_MEASURES


Pairing = Literal["measure", "only"]


def _ratios(promised: list[Found], reached: list[Found]) -> list[Found]:
    """The reached figures, each with its ratio to the promised figure it answers, where one does.

    A reached figure answers a promised one of the same kind, in a unit of the same dimension, when
    their measures name the same thing; one naming nothing answers the only promised figure of
    its kind and dimension, when no other reached figure names nothing there too. A completion
    figure is a ratio already; a negative figure is no share of a target.
    """

    def candidates(f: Found) -> list[tuple[Found, float]]:
        if f.kind == "completion" or f.value <= 0 or f.upper is not None:
            return []
        return [
            (p, scale)
            for p in promised
            if p.kind == f.kind and p.value > 0 and (scale := convertible(f.unit, p.unit)) is not None
        ]

    if not promised:
        return reached  # nothing to answer: every figure without a ratio
    out = []
    for f in reached:
        options = candidates(f)
        match: tuple[Found, float] | None = None
        if options and not _anonymous(f):
            scored = [
                (_shared(f.measure or "", p.measure), p, s)
                for p, s in options
                if p.measure and not _anonymous(p)
            ]
            best = max((score for score, _, _ in scored), default=0)
            named = [(p, s) for score, p, s in scored if score == best and best > 0]
            match = named[0] if len(named) == 1 else None
        elif len(options) == 1:
            rivals = [g for g in reached if g is not f and _anonymous(g) and candidates(g)]
            rivals = [g for g in rivals if candidates(g)[0][0] is options[0][0]]
            match = None if rivals else options[0]
        if match:
            p, scale = match
            ratio = round(f.value * scale / p.value, 4)  # a new Found: dataclasses.replace is slow
            out.append(
                Found(
                    f.side,
                    f.measure,
                    f.text,
                    f.value,
                    f.unit,
                    f.comparator,
                    f.start,
                    f.end,
                    ratio,
                    f.kind,
                    f.upper,
                )
            )
        else:
            out.append(f)
    return out


def row_figures(content: str, progress: str | None) -> list[Found]:
    """A row's figures: the promised ones (content) first, then the reached ones (progress), each
    with its ratio to the promised figure it answers.

    >>> row = row_figures("新增国家高新技术企业500家", "新认定国家高新技术企业243家")
    >>> [(f.text, f.ratio) for f in row][1]
    ('243家', 0.486)
    >>> [(f.text, f.ratio) for f in row_figures("完成投资1.2亿元", "完成投资8000万元")][1]
    ('8000万元', 0.6667)
    """
    promised = figures_in(content, "promised")
    return [*promised, *_ratios(promised, figures_in(progress, "reached"))]
