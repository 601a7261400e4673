"""Normalize parsed rows: simplified script, extraction artifacts removed, lists cleaned.

Every function here is small and pure. The order matters and is fixed in :func:`clean_text`:
garbled spans are repaired first (they need the raw characters), then inline pinyin is
removed, then the script is converted with protected phrases masked.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from govtasks.garble import repair_garbled

# Tone-marked vowels the sites use in pinyin annotations such as "區(qū)".
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: An inline pinyin annotation such as "(qū)" in "區(qū)"; shared with the format that detects it.
PINYIN_ANNOTATION = re.compile(rf"\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")
_ONLY_PARENS = re.compile(r"^[(（][^()（）]+[)）]$")
_NAME_JUNK = re.compile(r"[\s?？]+")


def strip_pinyin(text: str) -> str:
    """Remove inline pinyin annotations; keep real parentheses.

    >>> strip_pinyin("區(qū)委組織部(人才辦)")
    '區委組織部(人才辦)'
    >>> strip_pinyin("AI(ai) 大會(huì)")
    'AI(ai) 大會'
    """
    return PINYIN_ANNOTATION.sub("", text)


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces between two Chinese characters (line-wrap artifacts; Chinese has no word spaces).

    >>> remove_cjk_spaces("确保应对疫情各项 扶持政策落实到位")
    '确保应对疫情各项扶持政策落实到位'
    >>> remove_cjk_spaces("5G 基站")
    '5G 基站'
    """
    return _SPACE_BETWEEN_CJK.sub("", text)


def tidy_paragraphs(text: str) -> str:
    """Strip each paragraph, collapse runs of spaces, drop empty paragraphs, join with ``\\n``.

    >>> tidy_paragraphs("  a   b \\n\\n c ")
    'a b\\nc'
    """
    paragraphs = (_MULTI_SPACE.sub(" ", p).strip() for p in text.split("\n"))
    return "\n".join(p for p in paragraphs if p)


def clean_person_name(name: str) -> str:
    """A person's name without NBSP markers ("?") or the spaces that padded short names.

    >>> clean_person_name("沈 ?昱")
    '沈昱'
    >>> clean_person_name("沈  昱")
    '沈昱'
    """
    return _NAME_JUNK.sub("", name)


def split_units(entry: str) -> list[str]:
    """Split one unit cell entry on "、" outside parentheses: each unit is its own entry.

    >>> split_units("良渚新城、良渚街道")
    ['良渚新城', '良渚街道']
    >>> split_units("区委组织部(人才办、科技局)")
    ['区委组织部(人才办、科技局)']
    """
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in entry:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def join_continuations(entries: Iterable[str]) -> list[str]:
    """Join an entry that is only "(...)" to the entry before it; drop empty entries.

    >>> join_continuations(["余杭经济技术开发区", "(钱江经济开发区)", "区科技局"])
    ['余杭经济技术开发区(钱江经济开发区)', '区科技局']
    """
    joined: list[str] = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        if joined and _ONLY_PARENS.match(entry):
            joined[-1] += entry
        else:
            joined.append(entry)
    return joined


# --- script conversion -----------------------------------------------------------------------


@dataclass(frozen=True)
class PhraseList:
    """Terms protected from the converter: ``source`` text is replaced by ``target`` verbatim."""

    pairs: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @classmethod
    def parse(cls, text: str) -> PhraseList:
        """Read the phrase-file format.

        >>> PhraseList.parse("# names\\n於卫国\\n於衛國 => 於卫国\\n").pairs
        (('於卫国', '於卫国'), ('於衛國', '於卫国'))
        """
        pairs: list[tuple[str, str]] = []
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            source, sep, target = line.partition("=>")
            source = source.strip()
            pairs.append((source, target.strip() if sep else source))
        return cls(tuple(pairs))

    def extended(self, other: PhraseList) -> PhraseList:
        return PhraseList(self.pairs + other.pairs)


def default_phrases() -> PhraseList:
    """The phrase list shipped with govtasks."""
    text = resources.files("govtasks").joinpath("data/phrases.txt").read_text(encoding="utf-8")
    return PhraseList.parse(text)


def load_phrases(extra: Path | None) -> PhraseList:
    """The shipped list, extended by a user's file when it exists."""
    phrases = default_phrases()
    if extra is not None and extra.is_file():
        phrases = phrases.extended(PhraseList.parse(extra.read_text(encoding="utf-8")))
    return phrases


#: The converter that writes every text: its package (for the version) and its configuration.
CONVERTER_PACKAGE = "opencc-python-reimplemented"
CONVERSION = "t2s"


@cache
def _converter() -> Any:
    from opencc import OpenCC  # imported lazily: loading its dictionaries costs ~0.1 s

    return OpenCC(CONVERSION)


@cache
def _traditional_converter() -> Any:
    from opencc import OpenCC

    return OpenCC("s2t")


def _protect(text: str, phrases: PhraseList) -> list[tuple[str, bool]]:
    """Cut ``text`` at protected phrases: ``(target, True)`` for each one found, ``(piece, False)``
    for the text between them (empty pieces dropped).

    Longest source first, so a longer phrase wins over a phrase it contains; of a source listed
    twice the last entry wins, so a user's list (which extends the shipped one) overrides it.

    >>> _protect("審批覆蓋與批覆", PhraseList.parse("批覆 => 批复\\n批覆蓋 => 批覆盖"))
    [('審', False), ('批覆盖', True), ('與', False), ('批复', True)]
    """
    rules = dict(phrases.pairs)  # later entries override earlier ones
    segments = [(text, False)]
    for source in sorted(rules, key=lambda s: -len(s)):
        if not source:
            continue
        cut: list[tuple[str, bool]] = []
        for piece, protected in segments:
            if protected or source not in piece:
                cut.append((piece, protected))
                continue
            for index, part in enumerate(piece.split(source)):
                if index:
                    cut.append((rules[source], True))
                cut.append((part, False))
        segments = cut
    return [(piece, protected) for piece, protected in segments if piece or protected]


def to_simplified(text: str, phrases: PhraseList) -> str:
    """Convert to simplified script, leaving protected phrases exactly as listed.

    opencc-python-reimplemented takes no custom dictionary, so the text is cut at protected
    phrases: the pieces between them are converted, each phrase is replaced by its target. (No
    placeholder characters: a phrase such as "0" or a text containing them cannot collide.)

    >>> to_simplified("於卫国、區科技局", default_phrases())
    '於卫国、区科技局'
    """
    return "".join(
        piece if protected else str(_converter().convert(piece))
        for piece, protected in _protect(text, phrases)
    )


def to_traditional(text: str) -> str:
    """Convert to traditional script with opencc's s2t, no phrase list.

    Never applied to ingested text: it makes traditional copies to measure the round trip and
    for test fixtures, the way a mirror site's converter would.

    >>> to_traditional("区科技局批复")
    '區科技局批覆'
    """
    return str(_traditional_converter().convert(text))


@cache
def converter_info() -> str:
    """Which converter produced the simplified text: package, version and configuration.

    Recorded in ``reports``: another version of the converter's dictionaries may write a
    character differently.

    >>> converter_info()
    'opencc-python-reimplemented 0.1.7 t2s'
    """
    return f"{CONVERTER_PACKAGE} {metadata.version(CONVERTER_PACKAGE)} {CONVERSION}"


def phrase_list_id(phrases: PhraseList) -> str:
    """A short stable id of a phrase list's contents: "p" and 12 hex digits of SHA-256 over its pairs.

    The pairs are hashed in order (order decides which of two overlapping phrases of one length
    wins); comments and spacing in the file do not count.

    >>> phrase_list_id(PhraseList.parse("於卫国"))
    'p92d1361e044b'
    >>> phrase_list_id(PhraseList.parse("於卫国  # a surname")) == phrase_list_id(PhraseList.parse("於卫国"))
    True
    """
    payload = json.dumps(phrases.pairs, ensure_ascii=False, separators=(",", ":"))
    return "p" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def round_trip_changes(text: str, phrases: PhraseList) -> list[tuple[int, str, str]]:
    """What simplified ``text`` loses when converted to traditional and back with ``phrases``.

    Each change is (position in ``text``, original, after the round trip). opencc maps character
    for character, so these are single characters; a phrase target of another length makes the
    texts differ in length, and then the differing spans are reported.

    >>> round_trip_changes("已取得批复，於卫国牵头", PhraseList())
    [(4, '复', '覆'), (6, '於', '于')]
    >>> round_trip_changes("已取得批复，於卫国牵头", default_phrases())
    []
    """
    back = to_simplified(to_traditional(text), phrases)
    if len(back) == len(text):
        return [(i, a, b) for i, (a, b) in enumerate(zip(text, back, strict=True)) if a != b]
    matcher = difflib.SequenceMatcher(None, text, back, autojunk=False)
    return [(i1, text[i1:i2], back[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def traditional_share(text: str) -> float:
    """Share of Chinese characters that the converter changes (0 for simplified text).

    >>> traditional_share("區科技局")
    0.25
    >>> traditional_share("区科技局")
    0.0
    """
    sample = "".join(re.findall(rf"[{_CJK}]", text))[:20000]
    if not sample:
        return 0.0
    converted: str = _converter().convert(sample)
    return sum(a != b for a, b in zip(sample, converted, strict=True)) / len(sample)


#: A document whose Chinese characters change this much under t2s is in traditional script.
TRADITIONAL_THRESHOLD = 0.02


# --- whole fields -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cleaned:
    text: str
    flags: tuple[str, ...] = ()


def clean_text(text: str, phrases: PhraseList) -> Cleaned:
    """Repair garble, strip pinyin, convert script, tidy spaces and paragraphs.

    >>> clean_text("區(qū)科技局  \\n\\n 完成", default_phrases())
    Cleaned(text='区科技局\\n完成', flags=())
    """
    repaired, flags = repair_garbled(text)
    simplified = to_simplified(strip_pinyin(repaired), phrases)
    return Cleaned(tidy_paragraphs(simplified), tuple(flags))


def clean_content(text: str, phrases: PhraseList) -> Cleaned:
    """Like :func:`clean_text`, and drop line-wrap spaces between Chinese characters."""
    cleaned = clean_text(text, phrases)
    return Cleaned(remove_cjk_spaces(cleaned.text), cleaned.flags)


def clean_units(entries: Sequence[str], phrases: PhraseList) -> tuple[list[str], tuple[str, ...]]:
    """Clean each unit, then join "(...)" continuations to the unit before them."""
    flags: list[str] = []
    cleaned: list[str] = []
    for entry in entries:
        result = clean_text(entry.replace("?", " "), phrases)
        flags.extend(result.flags)
        # One entry is one cell line by the parser's contract; a wrapped name is rejoined.
        cleaned.extend(split_units(remove_cjk_spaces(result.text.replace("\n", ""))))
    return join_continuations(cleaned), tuple(flags)


def clean_leaders(entries: Sequence[str], phrases: PhraseList) -> tuple[list[str], tuple[str, ...]]:
    """Clean each person's name; empty entries disappear."""
    flags: list[str] = []
    names: list[str] = []
    for entry in entries:
        result = clean_text(entry, phrases)
        flags.extend(result.flags)
        name = clean_person_name(result.text)
        if name:
            names.append(name)
    return names, tuple(flags)


def content_key(content: str) -> str:
    """The comparison key of a task's content: no spaces or punctuation, ASCII-folded.

    Two rows of one district and year with the same key are the same task.

    >>> content_key("兑现时效，用好“亲清在线”平台。")
    '兑现时效用好亲清在线平台'
    """
    folded = unicodedata.normalize("NFKC", content).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")
