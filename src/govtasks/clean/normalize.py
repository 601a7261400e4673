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
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from govtasks.clean.folding import fold_script
from govtasks.clean.garble import repair_garbled
from govtasks.clean.units import split_leaders, split_spaces, units_of
from govtasks.errors import BadPhraseList

# Tone-marked vowels the sites use in pinyin annotations such as "區(qū)".
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: An inline pinyin annotation such as "(qū)" in "區(qū)"; shared with the format that detects it.
PINYIN_ANNOTATION = re.compile(rf"\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}\)")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")


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


# --- script conversion -----------------------------------------------------------------------


@dataclass(frozen=True)
class PhraseList:
    """Terms protected from the converter: ``source`` text is replaced by ``target`` verbatim."""

    pairs: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @classmethod
    def parse(cls, text: str, name: str = "the phrase list") -> PhraseList:
        """Read the phrase-file format; raises :class:`~govtasks.errors.BadPhraseList` naming
        ``name`` and the line for a line that is not a phrase or ``source => target`` (an empty
        target would delete the name from every text).

        >>> PhraseList.parse("# names\\n於卫国\\n於衛國 => 於卫国\\n").pairs
        (('於卫国', '於卫国'), ('於衛國', '於卫国'))
        >>> PhraseList.parse("於卫国\\n於衛國 =>\\n", "phrases.txt")
        Traceback (most recent call last):
        ...
        govtasks.errors.BadPhraseList: phrase list phrases.txt: `於衛國 =>` has no target (line 2)
        """
        pairs: list[tuple[str, str]] = []
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            source, sep, target = line.partition("=>")
            source, target = source.strip(), target.strip()
            problem = None
            if not source:
                problem = "has no source before `=>`"
            elif sep and not target:
                problem = "has no target (it would delete the phrase from every text)"
            elif "=>" in target:
                problem = "has two `=>`"
            if problem is not None:
                shown = line if len(line) <= 60 else line[:59] + "…"
                raise BadPhraseList(
                    f"phrase list {name}: `{shown}` {problem.split(' (')[0]}",
                    line=number,
                    hint=f"A line is a phrase to keep as written, or `source => target`: the line {problem}. "
                    "Fix or remove it.",
                )
            pairs.append((source, target if sep else source))
        return cls(tuple(pairs))

    def extended(self, other: PhraseList) -> PhraseList:
        return PhraseList(self.pairs + other.pairs)

    def __hash__(self) -> int:
        # Every memoised cleaning call hashes the list: hash its pairs once, not per call.
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash(self.pairs)


def default_phrases() -> PhraseList:
    """The phrase list shipped with govtasks."""
    text = resources.files("govtasks").joinpath("data/phrases.txt").read_text(encoding="utf-8")
    return PhraseList.parse(text)


def load_phrases(extra: Path | None) -> PhraseList:
    """The shipped list, extended by a user's file when it exists; raises
    :class:`~govtasks.errors.BadPhraseList` naming the file and line when it is not UTF-8 text."""
    phrases = default_phrases()
    if extra is not None and extra.is_file():
        data = extra.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadPhraseList(
                f"phrase list {extra} is not UTF-8 text: byte {data[exc.start]:#04x} at offset {exc.start}",
                line=data.count(b"\n", 0, exc.start) + 1,
            ) from None
        # A BOM (Notepad's UTF-8) is no part of the first phrase.
        phrases = phrases.extended(PhraseList.parse(text.removeprefix("\ufeff"), str(extra)))
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


# --- the converter's fast path -----------------------------------------------------------------
#
# opencc-python-reimplemented converts about 1.3 MB/s, and most ingested text is simplified
# already. t2s replaces dictionary keys by values; a text holding no key whose value differs from
# the key comes back unchanged. So a text without any "trigger" character (see _triggers) is
# returned as it is, and the rest is converted piece by piece between the separators opencc
# itself splits on, each piece cached. The result is the converter's, character for character
# (tests/test_speed.py compares them on random mixed text and on every dictionary key).


def _dictionary_files(node: Any) -> list[str]:
    """The dictionary files an opencc configuration node names, in chain order.

    >>> phrases, characters = {"type": "txt", "file": "P.txt"}, {"type": "txt", "file": "C.txt"}
    >>> _dictionary_files([{"dict": {"type": "group", "dicts": [phrases, characters]}}])
    ['P.txt', 'C.txt']
    """
    if isinstance(node, dict):
        if node.get("type") == "txt":
            return [str(node["file"])]
        return _dictionary_files(node.get("dicts") or node.get("dict") or [])
    if isinstance(node, list):
        return [name for item in node for name in _dictionary_files(item)]
    return []


@cache
def _dictionary() -> tuple[tuple[str, str], ...]:
    """(key, value) of every entry of the t2s dictionaries, the value being the first candidate
    (the one opencc-python-reimplemented takes)."""
    package = resources.files("opencc")
    config = json.loads(package.joinpath(f"config/{CONVERSION}.json").read_text(encoding="utf-8"))
    # One step (a group of dictionaries applied once): then only text holding a changing key can
    # change. A later step would convert the first step's output, which this reasoning ignores.
    if len(config["conversion_chain"]) != 1:
        raise RuntimeError(f"opencc {CONVERSION} has several conversion steps; the fast path needs one")
    entries: list[tuple[str, str]] = []
    for name in _dictionary_files(config["conversion_chain"]):
        for line in package.joinpath(f"dictionary/{name}").read_text(encoding="utf-8").splitlines():
            key, _, value = line.strip().partition("\t")  # opencc reads "key\tvalue value ..."
            if key:
                entries.append((key, value.split(" ")[0]))
    return tuple(entries)


@cache
def _changing_keys() -> tuple[str, ...]:
    """Every key whose value differs from it: the only strings the converter can change."""
    return tuple(sorted({key for key, value in _dictionary() if value != key}))


def _cover(keys: Sequence[str], preferred: frozenset[str] = frozenset()) -> dict[str, str]:
    """For each key, one of its characters such that few distinct characters are chosen: a key's
    own single character when it is one of ``keys``, else the character most of the remaining
    keys share (among equals, one in ``preferred``, then the lowest).

    >>> sorted(_cover(["區", "區域", "反覆", "答覆", "沈默"]).items())
    [('區', '區'), ('區域', '區'), ('反覆', '覆'), ('沈默', '沈'), ('答覆', '覆')]
    """
    chosen = {key for key in keys if len(key) == 1}
    cover = {key: next(ch for ch in key if ch in chosen) for key in keys if not chosen.isdisjoint(key)}
    uncovered = [key for key in keys if key not in cover]
    while uncovered:
        counts: dict[str, int] = {}
        for key in uncovered:
            for ch in set(key):
                counts[ch] = counts.get(ch, 0) + 1
        best = min(counts, key=lambda ch: (-counts[ch], ch not in preferred, ch))
        cover.update((key, best) for key in uncovered if best in key)
        uncovered = [key for key in uncovered if best not in key]
    return cover


@cache
def _keys_by_trigger() -> dict[str, tuple[tuple[str, int], ...]]:
    """Trigger character -> (changing key, offset of the character in it) for the keys found
    through it. Every changing key holds a trigger, so a text without one is left unchanged;
    the triggers are the 4,105 characters t2s changes on their own and 覆, 藉, 瞭, 沈, 牴 and 衹,
    which only change inside a phrase (反覆 -> 反复)."""
    dictionary_chars = frozenset(key for key, _ in _dictionary() if len(key) == 1)
    index: dict[str, list[tuple[str, int]]] = {}
    for key, ch in _cover(_changing_keys(), dictionary_chars).items():
        index.setdefault(ch, []).extend((key, offset) for offset, c in enumerate(key) if c == ch)
    return {ch: tuple(entries) for ch, entries in index.items()}


@cache
def _triggers() -> frozenset[str]:
    return frozenset(_keys_by_trigger())


def changing_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every occurrence in ``text`` of a dictionary key that t2s would change:
    the converter can only change characters inside these (sorted by start).

    >>> changing_spans("区科技局"), changing_spans("區科技局"), changing_spans("反覆取得,衹得")
    ([], [(0, 1)], [(0, 2), (5, 7)])
    """
    present = _triggers().intersection(text)  # a C-speed scan; usually empty
    if not present:
        return []
    index = _keys_by_trigger()
    spans = []
    for ch in present:
        at = text.find(ch)
        while at >= 0:
            for key, offset in index[ch]:
                start = at - offset
                if start >= 0 and text.startswith(key, start):
                    spans.append((start, start + len(key)))
            at = text.find(ch, at + 1)
    return sorted(spans)


def may_change(text: str) -> bool:
    """Whether t2s could change ``text`` at all (False: it certainly returns ``text``).

    >>> may_change("区科技局"), may_change("區科技局"), may_change("已获批覆"), may_change("反覆")
    (False, True, False, True)
    """
    return bool(changing_spans(text))


def warm_up() -> None:
    """Load the converter's dictionaries and the tables derived from them now, so that worker
    processes forked afterwards share them instead of each loading its own."""
    _converter().convert("")
    _keys_by_trigger()
    fold_script("")


def t2s(text: str) -> str:
    """``text`` converted by opencc's t2s, exactly as ``OpenCC("t2s").convert`` gives it, but
    only where it can change something: pieces between separators are converted on their own
    (as opencc does) and remembered, pieces without a trigger character are kept as they are.

    >>> t2s("區科技局、区财政局")
    '区科技局、区财政局'
    """
    if not may_change(text):
        return text
    parts = _converter().split_chars_re.split(text)
    # re.split with a capturing group: text at even indexes, the separators at odd ones.
    parts[0::2] = [_t2s_piece(part) for part in parts[0::2]]
    return "".join(parts)


@lru_cache(maxsize=1 << 14)  # unit names and stock phrases repeat; bounded: memory stays flat
def _t2s_piece(piece: str) -> str:
    if not may_change(piece):
        return piece
    return str(_converter().convert(piece))


@cache
def _protection_rules(phrases: PhraseList) -> tuple[tuple[str, str], ...]:
    """The phrase list as (source, target), longest source first, the last entry of a source
    winning; computed once per list instead of once per text."""
    rules = dict(phrases.pairs)  # later entries override earlier ones
    return tuple((source, rules[source]) for source in sorted(rules, key=lambda s: -len(s)) if source)


def _protect(text: str, phrases: PhraseList) -> list[tuple[str, bool]]:
    """Cut ``text`` at protected phrases: ``(target, True)`` for each one found, ``(piece, False)``
    for the text between them (empty pieces dropped).

    Longest source first, so a longer phrase wins over a phrase it contains; of a source listed
    twice the last entry wins, so a user's list (which extends the shipped one) overrides it.

    >>> _protect("審批覆蓋與批覆", PhraseList.parse("批覆 => 批复\\n批覆蓋 => 批覆盖"))
    [('審', False), ('批覆盖', True), ('與', False), ('批复', True)]
    """
    segments = [(text, False)]
    for source, target in _protection_rules(phrases):
        if source not in text:
            continue  # the common case: most texts hold no protected phrase at all
        cut: list[tuple[str, bool]] = []
        for piece, protected in segments:
            if protected or source not in piece:
                cut.append((piece, protected))
                continue
            for index, part in enumerate(piece.split(source)):
                if index:
                    cut.append((target, True))
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
    return "".join(piece if protected else t2s(piece) for piece, protected in _protect(text, phrases))


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


_NOT_CJK = re.compile(rf"[^{_CJK}]+")
#: How many Chinese characters of a document decide its script.
SCRIPT_SAMPLE = 20000


def script_sample(text: str) -> str:
    """The first :data:`SCRIPT_SAMPLE` Chinese characters of ``text``, read in pieces so that a
    long page is not filtered whole for a sample taken from its start.

    >>> script_sample("Ab 區科, 技局!")
    '區科技局'
    """
    pieces: list[str] = []
    found = 0
    step = 4 * SCRIPT_SAMPLE
    for start in range(0, len(text), step):
        piece = _NOT_CJK.sub("", text[start : start + step])
        pieces.append(piece)
        found += len(piece)
        if found >= SCRIPT_SAMPLE:
            break
    return "".join(pieces)[:SCRIPT_SAMPLE]


def traditional_share(text: str) -> float:
    """Share of Chinese characters that the converter changes (0 for simplified text).

    >>> traditional_share("區科技局")
    0.25
    >>> traditional_share("区科技局")
    0.0
    """
    sample = script_sample(text)
    if not sample:
        return 0.0
    if not may_change(sample):
        return 0.0  # the converter returns it unchanged (see t2s)
    converted: str = _converter().convert(sample)
    return sum(a != b for a, b in zip(sample, converted, strict=True)) / len(sample)


#: A document whose Chinese characters change more than 1 in this many under t2s is in
#: traditional script.
THRESHOLD_DENOMINATOR = 50
TRADITIONAL_THRESHOLD = 1 / THRESHOLD_DENOMINATOR  # 0.02


def is_traditional(text: str, chars: AbstractSet[str] | None = None) -> bool:
    """``traditional_share(text) > TRADITIONAL_THRESHOLD``, without running the converter (it
    converts a 20,000-character sample at about 0.3 MB/s).

    ``chars``, the set of the text's characters when the caller has it (``Document.chars``),
    settles most simplified documents at once: without a character t2s can change, the share
    is 0, and a count of the few it holds (批覆's 覆) bounds the share (:func:`_few_changing`).

    The share is bounded from both sides. Above: every character t2s changes lies inside an
    occurrence of a key it changes (:func:`changing_spans`). Below: a character that t2s always
    changes on its own (區) and that no longer dictionary key covers is changed, since opencc
    only leaves it alone inside a matched phrase. Only a document between the bounds around the
    threshold is converted.

    >>> is_traditional("區科技局"), is_traditional("区科技局批覆")
    (True, False)
    """
    present = _triggers().intersection(text if chars is None else chars)
    if not present:
        return False
    if _few_changing(text, present):
        return False
    sample = script_sample(text)
    if not sample:
        return False
    upper, end = 0, 0  # characters inside the spans so far; where the last span ends
    for start, stop in changing_spans(sample):
        upper += max(0, stop - max(start, end))
        end = max(end, stop)
    if upper / len(sample) <= TRADITIONAL_THRESHOLD:  # the share is at most this
        return False
    inside = _inside_longer_keys(sample)
    always = _always_changed()
    lower = sum(1 for index, ch in enumerate(sample) if ch in always and not inside[index])
    if lower / len(sample) > TRADITIONAL_THRESHOLD:  # the share is at least this
        return True
    return traditional_share(text) > TRADITIONAL_THRESHOLD


def _few_changing(text: str, present: AbstractSet[str]) -> bool:
    """Whether so few characters of ``text`` can change that the share is surely at most the
    threshold, told without building the sample (most simplified documents hold a few 覆 of
    批覆 or 沈 and 於 of surnames, and building the sample and finding their spans in it was
    a tenth of parsing them).

    ``present``: the triggers ``text`` holds. Each occurrence of a trigger can only lie inside
    spans of keys holding it, all through that occurrence, whose union is at most 2L - 1
    characters (L: the longest such key); the sample holds no more occurrences than ``text``,
    and at least as many Chinese characters as any prefix of ``text`` holds (up to
    ``SCRIPT_SAMPLE``). Whole numbers, and a strict test, so that the float test in
    :func:`is_traditional` could not say otherwise.

    >>> text = "已获批覆" + "推进项目建设" * 60  # at most 7 of 364 characters can change
    >>> _few_changing(text, {"覆"}), _few_changing(text[:100], {"覆"}), _few_changing("區科技局", {"區"})
    (True, False, False)
    """
    reach = _trigger_reach()
    upper = sum(text.count(ch) * reach[ch] for ch in present)
    needed = upper * THRESHOLD_DENOMINATOR + 1  # Chinese characters the sample must have
    if needed > SCRIPT_SAMPLE:
        return False
    # Chinese documents are mostly Chinese characters: a prefix of twice the length usually
    # holds enough of them, and if it does not the full test decides.
    return len(_NOT_CJK.sub("", text[: 2 * needed])) >= needed


@cache
def _trigger_reach() -> dict[str, int]:
    """For each trigger, 2L - 1 (L: the longest key found through it): how many characters the
    spans through one of its occurrences can cover at most."""
    return {ch: 2 * max(len(key) for key, _ in keys) - 1 for ch, keys in _keys_by_trigger().items()}


@cache
def _always_changed() -> frozenset[str]:
    """Characters that are a key of their own and that every entry changes (區 -> 区)."""
    single = [(key, value) for key, value in _dictionary() if len(key) == 1]
    kept = {key for key, value in single if value == key}
    return frozenset(key for key, _ in single if key not in kept)


@cache
def _longer_keys() -> dict[str, tuple[str, ...]]:
    """Dictionary keys of two characters or more (all of them: a phrase opencc keeps as it is
    still shields its characters from the character table), by first character."""
    index: dict[str, list[str]] = {}
    for key, _ in _dictionary():
        if len(key) > 1:
            index.setdefault(key[0], []).append(key)
    return {first: tuple(keys) for first, keys in index.items()}


def _inside_longer_keys(text: str) -> bytearray:
    """1 at each position of ``text`` that an occurrence of a longer key covers, else 0.

    >>> list(_inside_longer_keys("區反覆區"))
    [0, 1, 1, 0]
    """
    inside = bytearray(len(text))
    index = _longer_keys()
    for first in index.keys() & set(text):
        for key in index[first]:
            at = text.find(key)
            while at >= 0:
                inside[at : at + len(key)] = b"\x01" * len(key)
                at = text.find(key, at + 1)
    return inside


# --- whole fields -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cleaned:
    text: str
    flags: tuple[str, ...] = ()


#: How many cleaned cells each cleaning function remembers. A district's reports restate their
#: tasks, units and leaders word for word, report after report, so most cells were cleaned
#: before; bounded, so memory stays flat however large the corpus.
CLEANED_CELLS_REMEMBERED = 1 << 15


def clean_text(text: str, phrases: PhraseList) -> Cleaned:
    """Repair garble, strip pinyin, convert script, tidy spaces and paragraphs.

    >>> clean_text("區(qū)科技局  \\n\\n 完成", default_phrases())
    Cleaned(text='区科技局\\n完成', flags=())
    """
    return _clean_text(text, phrases)


@lru_cache(maxsize=CLEANED_CELLS_REMEMBERED)
def _clean_text(text: str, phrases: PhraseList) -> Cleaned:
    repaired, flags = repair_garbled(text)
    simplified = to_simplified(strip_pinyin(repaired), phrases)
    return Cleaned(tidy_paragraphs(simplified), tuple(flags))


def clean_content(text: str, phrases: PhraseList) -> Cleaned:
    """Like :func:`clean_text`, and drop line-wrap spaces between Chinese characters.

    >>> clean_content("推进 區\\n 科技", default_phrases()).text
    '推进区\\n科技'
    """
    return _clean_content(text, phrases)


@lru_cache(maxsize=CLEANED_CELLS_REMEMBERED)
def _clean_content(text: str, phrases: PhraseList) -> Cleaned:
    cleaned = _clean_text(text, phrases)
    return Cleaned(remove_cjk_spaces(cleaned.text), cleaned.flags)


def clean_units(entries: Sequence[str], phrases: PhraseList) -> tuple[list[str], tuple[str, ...]]:
    """Clean each unit entry, then read the list (see :func:`govtasks.clean.units.units_of`):
    split, aliases attached, collectives kept whole. Role words ("…牵头", "…配合") are still on
    the names: :func:`govtasks.clean.units.lead_and_supporting` reads and drops them.

    >>> clean_units(["區發改局、區經信局", "(區金融辦)"], default_phrases())
    (['区发改局', '区经信局(区金融办)'], ())
    """
    flags: list[str] = []
    cleaned: list[str] = []
    for entry in entries:
        units, entry_flags = _clean_unit_entry(entry, phrases)
        flags.extend(entry_flags)
        cleaned.extend(units)
    return list(_units_of(tuple(cleaned))), tuple(flags)


@lru_cache(maxsize=CLEANED_CELLS_REMEMBERED)
def _units_of(entries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(units_of(entries))


@lru_cache(maxsize=CLEANED_CELLS_REMEMBERED)
def _clean_unit_entry(entry: str, phrases: PhraseList) -> tuple[tuple[str, ...], tuple[str, ...]]:
    result = _clean_text(entry.replace("?", " "), phrases)
    # One entry is one cell line by the parser's contract; a wrapped name is rejoined. A space
    # between two whole units separates them, before the spaces inside names are dropped.
    parts = split_spaces(result.text.replace("\n", ""))
    return tuple(unit for part in parts for unit in split_units(remove_cjk_spaces(part))), result.flags


def clean_leaders(entries: Sequence[str], phrases: PhraseList) -> tuple[list[str], tuple[str, ...]]:
    """Clean each entry and read the names in it (see
    :func:`govtasks.clean.units.split_leaders`: titles dropped, several names split); empty
    entries disappear.

    >>> clean_leaders(["祝振偉", " ", "王宏副区长、李明"], default_phrases())
    (['祝振伟', '王宏', '李明'], ())
    """
    flags: list[str] = []
    names: list[str] = []
    for entry in entries:
        result = _clean_text(entry, phrases)
        flags.extend(result.flags)
        names.extend(split_leaders(result.text))
    return names, tuple(flags)
