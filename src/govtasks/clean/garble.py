"""Repair the GBK "byte-straddle" garble of the 余杭区 traditional-script page (sample 003).

What happened to the page
-------------------------
The site converted its text to traditional script and then added pinyin after the characters
of a fixed list ("區" becomes "區(qū)"). It did the second step on GBK *bytes*, replacing the
two-byte code of each listed character by code + "(pinyin)" wherever those two bytes occur,
including where they straddle two characters: the trail byte of one character and the lead
byte of the next. 杭 is BA BC and 夢 is 89 F4; BC 89 is 級, so "杭夢" became
``BA BC 89 ( j í ) F4`` and a spurious "(jí)" was cut into the middle of 夢.

The result was then decoded as GBK by a reader that, on a lead byte followed by a byte that
cannot be a trail (here the "(" of an annotation), printed "?" for both bytes. From that
point the reader was one byte off, pairing the trail byte of each character with the lead
byte of the next, until an ASCII byte put it back in step. Finally the text's full-width forms
were folded to ASCII ("，" to ",", "Ｎ" to "N"). The page shows all of it::

    合杭?jí)粝胄℃?zhèn)    bytes  BA CF BA BC [89 (] jí) [F4 CF][EB D0][A1 E6] [82 (] zhèn)
    original               合    杭   夢(89 F4) 想(CF EB) 小(D0 A1) 鎮(E6 82)(zhèn)

So every garbled span opens with "?" + pinyin + ")" (a *spurious* annotation whose "(" was
eaten), and a "?" + pinyin + ")" met while the reader is off step is a *genuine* annotation
whose "(" was eaten, and it puts the reader back in step. See :func:`garbled_spans`.

How a span is rebuilt, and what is never guessed
------------------------------------------------
Off step, each printed character is ``[trail of char k, lead of char k+1]``, so the original
character k+1 is the second byte of one printed character plus the first byte of the next.
The bytes eaten by a "?" are recovered only from the pinyin next to them: the lost byte L
completes ``[known byte, L]`` to a character read with that pinyin. That is accepted only if
exactly one character fits once simplified; the candidates are every GBK character that the
t2s converter changes (the site annotates only converted characters: all 101 distinct
annotated characters in sample 003 are such, and none of its 665 distinct unconverted
characters is ever annotated), with every reading pypinyin knows (table below).

Every rebuilt character must be GBK, plausible page text (a CJK character whose simplified
form is in GB2312, or common punctuation), and, when no annotation follows it, not one of
the characters the page always annotates. A bytewise reading that breaks any of these rules,
or an annotation whose pinyin fits no character, proves that bytes were lost where the
printout does not show it: the reader also dropped every pair that GBK leaves unassigned
(user-defined codes such as FD C1), without a trace. Such a span is left exactly as printed
(flag ``garbled``) apart from characters fixed by their own bytes and pinyin. Where the
printout allows several readings (an ASCII letter off step may be a trail byte or a folded
full-width letter), only what all the readings with the fewest proven losses agree on is
rebuilt; the rest is left as printed.

Known limit: a dropped pair that breaks no rule cannot be seen, and then the span is rebuilt
with one wrong character in place of two. No rule based on bytes alone can see all of them:
the dropped pair's bytes can be almost anything. In a simulation on the page's own characters
(tests/test_garble.py's model; 20,000 planted spans) 17% of the spans lost a pair, the rules
caught 37% of those, and 11.7% of the spans reported as completely repaired were
wrong; without a lost pair none was. All twelve spans of sample 003 are pinned by tests that
re-garble the original text byte for byte (only line 22 lost pairs, and it is left as
printed).

Output
------
A repaired span comes out in simplified script (as the later stage would produce), with no
pinyin, and full-width forms folded to ASCII like the rest of the page. A character whose
bytes are lost but whose position is known comes out as U+FFFD (:data:`LOST`). Text outside
the spans, including its normal "(pinyin)" annotations, is returned untouched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

__all__ = [
    "FLAG_GARBLED",
    "FLAG_REPAIRED",
    "LOST",
    "GarbleSpan",
    "garbled_spans",
    "repair_garbled",
]

#: At least one garbled span was rebuilt completely (a code of ``govtasks.models.FLAGS``).
FLAG_REPAIRED: Final = "garbled_repaired"
#: At least one garbled span is left (partly) as printed or holds :data:`LOST`.
FLAG_GARBLED: Final = "garbled"
#: Stands for one original character whose bytes are lost.
LOST: Final = "\ufffd"

# Off step, the printout is searched over readings; a cell whose readings exceed these
# bounds is left as printed (flag "garbled") rather than burn time.
_MAX_READINGS: Final = 256
_MAX_STEPS: Final = 50_000

# Every GBK character that OpenCC t2s changes, with each reading pypinyin gives it: only those can
# carry the site's annotations. Kept as data (data/garble_readings.txt), regenerated and checked
# by tests/test_garble.py::test_reading_table_is_reproducible.
READINGS_FILE: Final = "data/garble_readings.txt"

# The characters sample 003 annotates (every occurrence, in every clean line): such a
# character rebuilt with no annotation after it proves a loss.
_ALWAYS_ANNOTATED: Final = frozenset(
    "個側價優儲內創動務勵區協嚴團執堅報學實對導強復態應戰揚擔據擴數時會業構標機權準濟災"
    "獎現環產當發監礎穩節級細結絡統經網續習聯臺藍號術衛補規計訓設評認調請識護負財責費貿"
    "質轉農進運達鄉醫鎮關隊險項預領風養驗點"
)

# Punctuation a rebuilt character may be: the page's own marks and their full-width forms.
_PUNCTUATION: Final = frozenset("、。·—…‘’“”〔〕〈〉《》「」『』【】，．：；？！（）％＋－／")

# The page folded full-width forms to ASCII; a rebuilt one is folded the same way.
_FOLD_FULLWIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _load_readings() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    text = resources.files("govtasks").joinpath(READINGS_FILE).read_text(encoding="utf-8")
    readings: defaultdict[str, set[str]] = defaultdict(set)
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    for item in " ".join(lines).split():
        syllable, characters = item.split(":")
        for character in characters:
            readings[character].add(syllable)
    frozen = {character: frozenset(found) for character, found in readings.items()}
    syllables = frozenset(syllable for found in frozen.values() for syllable in found)
    return frozen, syllables


_READINGS, _SYLLABLES = _load_readings()


@cache
def _by_byte(position: int) -> dict[tuple[int, str], tuple[bytes, ...]]:
    """(lead byte, syllable) for ``position`` 0, (trail byte, syllable) for 1 -> the GBK codes of
    the annotatable characters: made when a text first needs them (a run of clean files never
    does), not on import."""
    index: defaultdict[tuple[int, str], list[bytes]] = defaultdict(list)
    for character, syllables in _READINGS.items():
        code = character.encode("gbk")
        for syllable in syllables:
            index[code[position], syllable].append(code)
    return {key: tuple(sorted(codes)) for key, codes in index.items()}


_LETTERS = "".join(sorted({letter for syllable in _SYLLABLES for letter in syllable}))
# "?" + pinyin + ")" (an annotation whose "(" was eaten), or an intact "(pinyin)".
_ANNOTATION = re.compile(rf"\?([{_LETTERS}]{{1,7}})\)|\(([{_LETTERS}]{{1,7}})\)")


@cache
def _t2s() -> Any:
    from opencc import OpenCC  # imported lazily: loading its dictionaries costs ~0.1 s

    return OpenCC("t2s")


@cache
def _simplified(character: str) -> str:
    """What the later stage makes of one original character: simplified, full-width folded."""
    converted: str = _t2s().convert(character)
    return converted.translate(_FOLD_FULLWIDTH)


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _plausible(character: str) -> bool:
    """Could the page have printed this character? Chance byte pairs mostly could not."""
    if character in _PUNCTUATION:
        return True
    if "\uff10" <= character <= "\uff5a":  # full-width digits and letters
        return character.translate(_FOLD_FULLWIDTH).isalnum()
    if not "\u4e00" <= character <= "\u9fff":
        return False
    return _in_gb2312(character) or _in_gb2312(_t2s().convert(character))


def _decode_pair(lead: int, trail: int) -> str | None:
    try:
        return bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None


@cache
def _unfolded(byte: int) -> bytes | None:
    """The GBK code of the full-width form that the page folded to this ASCII byte, if any
    ("N" was Ｎ A3 CE, "~" was ～ A1 AB, " " was the ideographic space A1 A1)."""
    if byte == 0x20:
        return b"\xa1\xa1"
    if not 0x21 <= byte <= 0x7E:
        return None
    code = _gbk(chr(byte + 0xFEE0))
    return code if code is not None and len(code) == 2 else None


def _code(character: str) -> bytes:
    return character.encode("gbk")


def _gbk(character: str) -> bytes | None:
    if character == "€":
        return b"\x80"  # a lone 80 byte, which cp936 readers print as the euro sign
    try:
        return character.encode("gbk")
    except UnicodeEncodeError:
        return None


# --- tokens -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: Literal["char", "eaten", "note"]  # a character, "?pinyin)", "(pinyin)"
    start: int
    end: int
    value: str  # the character, or the pinyin syllable


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for match in _ANNOTATION.finditer(text):
        syllable = match.group(1) or match.group(2)
        if syllable not in _SYLLABLES:
            continue  # "(abc)" that is no pinyin stays plain characters
        tokens.extend(_Token("char", i, i + 1, text[i]) for i in range(position, match.start()))
        kind: Literal["eaten", "note"] = "eaten" if match.group(1) else "note"
        tokens.append(_Token(kind, match.start(), match.end(), syllable))
        position = match.end()
    tokens.extend(_Token("char", i, i + 1, text[i]) for i in range(position, len(text)))
    return tokens


# --- the search over readings -----------------------------------------------------------

_Kind = Literal["keep", "fixed", "partial", "garbled"]


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    text: str
    kind: _Kind


_Candidates = tuple[str, ...]  # the original characters one position may be; () = lost


class _TooMany(Exception):
    """The printout allows too many readings to compare."""


class _Search:
    """Every reading of a cell's printout that the garbling process can explain.

    A reading walks the tokens in step ("aligned") or one byte off, and costs one for every
    span whose bytewise rebuild is contradicted (a proven hidden loss).
    """

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.readings: list[tuple[int, tuple[_Segment, ...]]] = []
        self.steps = 0

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > _MAX_STEPS or len(self.readings) > _MAX_READINGS:
            raise _TooMany

    # In step: everything is printed as it was, up to the next "?pinyin)", which can only be a
    # spurious annotation that put the reader off step.
    def aligned(
        self, index: int, segments: tuple[_Segment, ...], cost: int, carry: frozenset[int] = frozenset()
    ) -> None:
        """``carry``: the possible trail bytes of the character a span just closed with, when
        that span ended in "?pinyin)" right before ``index``."""
        if index < len(self.tokens) and self.tokens[index].kind == "eaten" and carry:
            self._open(index, segments, cost, carry)
            return
        kept = list(segments)
        while index < len(self.tokens) and self.tokens[index].kind != "eaten":
            self._tick()
            token = self.tokens[index]
            kept.append(_Segment(token.start, token.end, self.text[token.start : token.end], "keep"))
            index += 1
        if index == len(self.tokens):
            self.readings.append((cost, tuple(kept)))
        else:
            before = self._trail_before(index)
            self._open(index, tuple(kept), cost, frozenset(() if before is None else (before,)))

    def _open(self, index: int, segments: tuple[_Segment, ...], cost: int, befores: frozenset[int]) -> None:
        # The spurious character is [trail byte of the character before, L]; its pinyin gives L,
        # which is also the lead byte of the first original character of the span.
        syllable = self.tokens[index].value
        by_lead = _by_byte(0)
        leads = {
            code[1] for before in befores for code in by_lead.get((before, syllable), ()) if code[1] >= 0x81
        }
        if not leads:
            self._lost_in_span(index, index + 1, segments, cost)
        else:
            self._off_step(index, index + 1, frozenset(leads), (), True, segments, cost)

    def _trail_before(self, index: int) -> int | None:
        noted = index > 0 and self.tokens[index - 1].kind == "note"
        if noted:
            index -= 1  # X(x)?s): the straddle [trail of X, L] was cut by X's own annotation
        if index == 0 or self.tokens[index - 1].kind != "char":
            return None  # at the start, or after an "?pinyin)" that did not close a span
        code = _gbk(self.tokens[index - 1].value)
        if code is None:
            return None
        if len(code) == 2:
            return code[1]
        if code[0] < 0x80 and not noted:
            unfolded = _unfolded(code[0])  # ASCII here can only be a folded full-width form
            return None if unfolded is None else unfolded[1]
        return None

    def _off_step(
        self,
        span: int,
        index: int,
        leads: frozenset[int],
        rebuilt: tuple[_Candidates, ...],
        first: bool,
        segments: tuple[_Segment, ...],
        cost: int,
    ) -> None:
        """Walk off step from token ``index``; ``leads`` are the possible lead bytes of the
        original character being completed; ``first`` says that character may have been split
        by a spurious annotation (and so may lack its own)."""
        tokens = self.tokens
        while True:
            self._tick()
            if index == len(tokens):
                # The cell ends off step: the last character's trail byte is not printed.
                self._close(span, len(self.text), index, (*rebuilt, ()), segments, cost)
                return
            token = tokens[index]
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if token.kind == "eaten":
                # A genuine annotation: "?" ate [trail byte L, "("]; [lead, L] reads so.
                found = _complete_by_pinyin(leads, token.value)
                if not found:
                    self._lost_in_span(span, index, segments, cost)
                else:
                    self._close(span, token.end, index + 1, (*rebuilt, found), segments, cost)
                return
            if token.kind == "note":
                self._lost_in_span(span, index, segments, cost)  # cannot follow "?" or ")"
                return
            code = _gbk(token.value)
            if code is None or (len(code) == 1 and code[0] > 0x80):
                self._lost_in_span(span, index, segments, cost)  # the GBK reader cannot print it
                return
            if len(code) == 2:
                # A printed pair [trail of this character, lead of the next one].
                found = _complete(leads, code[0], annotated=None, may_lack_note=first)
                if not found:
                    self._lost_in_span(span, index, segments, cost)
                    return
                rebuilt = (*rebuilt, found)
                leads = frozenset((code[1],))
                first = False
                index += 1
                if following is not None and following.kind == "note":
                    # Printed whole off step, so a spurious annotation of this very pair; the
                    # character it split may lack its own annotation.
                    if following.value not in _READINGS.get(token.value, frozenset()):
                        self._lost_in_span(span, index, segments, cost)
                        return
                    index += 1
                    first = True
                continue
            self._ascii(span, index, code[0], leads, rebuilt, first, segments, cost)
            return

    def _ascii(
        self,
        span: int,
        index: int,
        byte: int,
        leads: frozenset[int],
        rebuilt: tuple[_Candidates, ...],
        first: bool,
        segments: tuple[_Segment, ...],
        cost: int,
    ) -> None:
        tokens = self.tokens
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.kind == "note":
            # The reader met this byte where a lead was due, so it is the trail byte of a
            # character that the intact "(pinyin)" after it annotates: back in step.
            found = _complete(leads, byte, annotated=following.value, may_lack_note=first)
            if found:
                self._close(span, following.end, index + 2, (*rebuilt, found), segments, cost)
            else:
                self._lost_in_span(span, index, segments, cost)
            return
        explained = False
        if 0x40 <= byte <= 0x7E or byte == 0x80:
            # Reading 1: an ASCII-range trail byte, printed alone; back in step after it.
            found = _complete(leads, byte, annotated=None, may_lack_note=first)
            if found:
                explained = True
                self._close(span, tokens[index].end, index + 1, (*rebuilt, found), segments, cost)
        if byte == 0x3F:
            # Reading 2: "?" ate [trail byte, an ASCII character of the page]; both lost. At the
            # end of the cell the eaten byte is the padding before the next "|", not text.
            lost: tuple[_Candidates, ...] = ((),) if following is None else ((), ())
            explained = True
            self._close(span, tokens[index].end, index + 1, (*rebuilt, *lost), segments, cost)
        unfolded = _unfolded(byte)
        if unfolded is not None:
            # Reading 3: a printed pair that was folded from full width later; still off step.
            found = _complete(leads, unfolded[0], annotated=None, may_lack_note=first)
            if found:
                explained = True
                self._off_step(
                    span, index + 1, frozenset((unfolded[1],)), (*rebuilt, found), False, segments, cost
                )
        if not explained:
            self._lost_in_span(span, index, segments, cost)

    def _close(
        self,
        span: int,
        end: int,
        index: int,
        rebuilt: tuple[_Candidates, ...],
        segments: tuple[_Segment, ...],
        cost: int,
    ) -> None:
        rendered = [_render(candidates) for candidates in rebuilt]
        kind: _Kind = "partial" if LOST in rendered else "fixed"
        segment = _Segment(self.tokens[span].start, end, "".join(rendered), kind)
        carry: frozenset[int] = frozenset()
        if index and self.tokens[index - 1].kind == "eaten" and rebuilt:
            # Closed by "?pinyin)": a spurious annotation right after may straddle the trail
            # byte of that last character, which only its pinyin gave.
            carry = frozenset(_code(character)[1] for character in rebuilt[-1])
        self.aligned(index, (*segments, segment), cost, carry)

    def _lost_in_span(self, span: int, index: int, segments: tuple[_Segment, ...], cost: int) -> None:
        """Bytes were lost where the printout does not show it: keep the span as printed up to
        the next certain return into step, fixing only a character fixed by its own bytes."""
        tokens = self.tokens
        start = tokens[span].start
        for at in range(index, len(tokens)):
            self._tick()
            token = tokens[at]
            if token.kind == "eaten":
                segment = _Segment(start, token.end, self.text[start : token.end], "garbled")
                self.aligned(at + 1, (*segments, segment), cost + 1)
                return
            following = tokens[at + 1] if at + 1 < len(tokens) else None
            if token.kind == "char" and following is not None and following.kind == "note":
                code = _gbk(token.value)
                if code is not None and len(code) == 1 and (0x40 <= code[0] <= 0x7E or code[0] == 0x80):
                    # "M(fèi)": M is the trail byte of the character read fèi; if one fits, it
                    # is known whatever happened before it.
                    found = tuple(
                        character
                        for character in (
                            c.decode("gbk") for c in _by_byte(1).get((code[0], following.value), ())
                        )
                        if _plausible(character)
                    )
                    shown = _render(found)
                    if shown == LOST:
                        shown = self.text[token.start : following.end]
                    text = self.text[start : token.start] + shown
                    segment = _Segment(start, following.end, text, "garbled")
                    self.aligned(at + 2, (*segments, segment), cost + 1)
                    return
        segment = _Segment(start, len(self.text), self.text[start:], "garbled")
        self.readings.append((cost + 1, (*segments, segment)))


def _complete(leads: Iterable[int], trail: int, *, annotated: str | None, may_lack_note: bool) -> _Candidates:
    """The characters [lead, trail] may be, for each possible lead byte."""
    found = []
    for lead in leads:
        character = _decode_pair(lead, trail)
        if character is None or not _plausible(character):
            continue
        if annotated is not None:
            if annotated not in _READINGS.get(character, frozenset()):
                continue
        elif character in _ALWAYS_ANNOTATED and not may_lack_note:
            continue
        found.append(character)
    return tuple(sorted(found))


def _complete_by_pinyin(leads: Iterable[int], syllable: str) -> _Candidates:
    """The characters [lead, L] read ``syllable``, L being a byte the reader took for a lead."""
    found = []
    for lead in leads:
        for code in _by_byte(0).get((lead, syllable), ()):
            character = code.decode("gbk")
            if code[1] >= 0x81 and _plausible(character):
                found.append(character)
    return tuple(sorted(found))


def _render(candidates: _Candidates) -> str:
    forms = {_simplified(character) for character in candidates}
    return forms.pop() if len(forms) == 1 else LOST


def _agreement(readings: list[tuple[_Segment, ...]], text: str) -> tuple[_Segment, ...]:
    """What all readings agree on; between the first and last disagreement, the printout."""
    if all(reading == readings[0] for reading in readings):
        return readings[0]
    prefixes: list[dict[int, str]] = []
    suffixes: list[dict[int, str]] = []
    for reading in readings:
        prefix, out = {0: ""}, ""
        for segment in reading:
            out += segment.text
            prefix[segment.end] = out
        suffix, out = {len(text): ""}, ""
        for segment in reversed(reading):
            out = segment.text + out
            suffix[segment.start] = out
        prefixes.append(prefix)
        suffixes.append(suffix)
    cut_start = max(
        at for at in set.intersection(*(set(p) for p in prefixes)) if len({p[at] for p in prefixes}) == 1
    )
    cut_end = min(
        at
        for at in set.intersection(*(set(s) for s in suffixes))
        if at >= cut_start and len({s[at] for s in suffixes}) == 1
    )
    head = [segment for segment in readings[0] if segment.end <= cut_start]
    tail = [segment for segment in readings[0] if segment.start >= cut_end]
    middle = [_Segment(cut_start, cut_end, text[cut_start:cut_end], "garbled")] if cut_end > cut_start else []
    return (*head, *middle, *tail)


# --- public API ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GarbleSpan:
    """One garbled span: ``text[start:end]`` was ``garbled`` and becomes ``repaired``.

    ``complete`` is False when the span is (partly) left as printed or holds :data:`LOST`.
    """

    start: int
    end: int
    garbled: str
    repaired: str
    complete: bool


def _segments(text: str) -> tuple[_Segment, ...] | None:
    """The cell cut into kept text and spans; None if the cell holds no garble at all."""
    # Every span opens with "?pinyin)"; clean text never has one. Checked on the matches
    # _tokenize would take, before building its per-character tokens (most cells are clean).
    if "?" not in text or not any(
        match.group(1) in _SYLLABLES for match in _ANNOTATION.finditer(text) if match.group(1)
    ):
        return None
    tokens = _tokenize(text)
    search = _Search(text, tokens)
    try:
        search.aligned(0, (), 0)
    except _TooMany:
        return (_Segment(0, len(text), text, "garbled"),)
    best = min(cost for cost, _ in search.readings)
    fewest = list(dict.fromkeys(segments for cost, segments in search.readings if cost == best))
    return _agreement(fewest, text)


def garbled_spans(text: str) -> list[GarbleSpan]:
    """Find the garbled spans of a raw cell text and say what each one becomes.

    >>> span, = garbled_spans("舉辦合杭?jí)粝胄℃?zhèn)開園活動(dòng)")
    >>> span.garbled, span.repaired, span.complete
    ('?jí)粝胄℃?zhèn)', '梦想小镇', True)
    >>> garbled_spans("區(qū)發(fā)改局")
    []
    """
    segments = _segments(text)
    if segments is None:
        return []
    spans: list[GarbleSpan] = []
    for segment in segments:
        if segment.kind != "keep":
            original = text[segment.start : segment.end]
            spans.append(
                GarbleSpan(segment.start, segment.end, original, segment.text, segment.kind == "fixed")
            )
    return spans


def repair_garbled(text: str) -> tuple[str, list[str]]:
    """Repair the GBK-garbled spans of one raw cell text where the bytes allow it.

    Returns the text with each repaired span in simplified script (no pinyin) and everything
    else untouched, plus flags: ``"garbled_repaired"`` if a span was rebuilt completely,
    ``"garbled"`` if a span is (partly) left as printed or holds U+FFFD for lost characters.

    >>> repair_garbled("重點(diǎn)推進(jìn)字節(jié)跳動(dòng)、OPPO、vivo、釘釘?shù)鹊慕ㄔO(shè),完成")
    ('重點(diǎn)推進(jìn)字節(jié)跳動(dòng)、OPPO、vivo、釘釘等的建设,完成', ['garbled_repaired'])
    >>> repair_garbled("加大鏈?zhǔn)秸幸Χ龋嘤龎汛笾辈ル娚痰认M(fèi)新業(yè)態(tài)")
    ('加大鏈?zhǔn)秸幸Χ龋嘤龎汛笾辈ル娚痰认费新業(yè)態(tài)', ['garbled'])
    >>> repair_garbled("利用本地?cái)?shù)字經(jīng)濟(jì)優(yōu)勢")
    ('利用本地数字經(jīng)濟(jì)優(yōu)勢', ['garbled_repaired'])
    >>> repair_garbled("沈 ?昱")
    ('沈 ?昱', [])
    """
    segments = _segments(text)
    if segments is None:
        return text, []
    kinds = {segment.kind for segment in segments}
    flags = []
    if "fixed" in kinds:
        flags.append(FLAG_REPAIRED)
    if kinds & {"partial", "garbled"}:
        flags.append(FLAG_GARBLED)
    return "".join(segment.text for segment in segments), flags
