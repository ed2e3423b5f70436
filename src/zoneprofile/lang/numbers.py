"""Numerals: arabic and Chinese, with 万/亿 multipliers, to plain numbers; and the normalisation
of how texts write them (normalise_numerals), which the extractors match on instead of the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "万亿": 10**12, "千万": 10**7, "百万": 10**6, "千": 1000}


def parse_chinese(s: str) -> int:
    """Parse a Chinese numeral: 二十 → 20, 两千三百 → 2300, 十五 → 15, 三万五千 → 35000,
    一二三 (digit by digit) → 123. Raises ValueError on anything else."""
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        raise ValueError(f"not a Chinese numeral: {s!r}")
    if all(c in DIGITS for c in s):  # read digit by digit, as in years
        if len(s) > MAX_DIGITS:
            raise ValueError(f"not a figure: {len(s)} digits")
        return int("".join(str(DIGITS[c]) for c in s))
    total, section, digit = 0, 0, None
    last_small = 10**9
    for c in s:
        if c in DIGITS:
            if DIGITS[c] == 0:  # 一百零五: the zero only marks a gap
                continue
            if digit is not None:
                raise ValueError(f"two digits in a row in {s!r}")
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if unit >= last_small:
                raise ValueError(f"misordered units in {s!r}")
            section += (1 if digit is None else digit) * unit
            digit, last_small = None, unit
        else:  # 万 or 亿
            unit = BIG_UNITS[c]
            section += digit or 0
            if section == 0:
                raise ValueError(f"no number before {c} in {s!r}")
            total = (total + section) * unit if unit > total else total + section * unit
            section, digit, last_small = 0, None, 10**9
    return total + section + (digit or 0)


MAX_DIGITS = 16  # a numeral with more digits in a row is no figure (10^16 元 is a hundred times China's GDP)
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_THIN_SPACES = "\u00a0\u2009\u202f\u2007"


def parse_arabic(s: str) -> Decimal:
    """'1,234.5' → Decimal('1234.5'); full-width digits, and invisible characters or thin spaces
    between digits, are accepted. More than MAX_DIGITS digits in a row is a ValueError."""
    s = s.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,", _INVISIBLE + _THIN_SPACES + " "))
    s = s.replace(",", "")
    if any(len(run) > MAX_DIGITS for run in s.split(".")):
        raise ValueError(f"not a figure: {len(s)} digits")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a number: {s!r}") from None


def parse_number(numeral: str, multiplier: str = "") -> float:
    """A numeral (arabic or Chinese) times an optional multiplier (万, 亿, 千万 ...)."""
    numeral = numeral.strip()
    if numeral == "半":
        return 0.5 * MULTIPLIERS.get(multiplier, 1)
    if numeral and numeral[0] in CN_NUMERAL_CHARS:
        base = Decimal(parse_chinese(numeral))
    else:
        base = parse_arabic(numeral)
    if multiplier:
        base *= MULTIPLIERS[multiplier]
    value = float(base)
    return int(value) if value == int(value) else value


# ---------------------------------------------------------------- how texts write numerals
@dataclass(frozen=True)
class Normalised:
    """A text with its numerals normalised, and the way back: `edits` are (start, end, new_start,
    new_end) of each changed stretch, in order; everything between is unchanged."""

    text: str
    edits: tuple[tuple[int, int, int, int], ...]

    def _at(self, p: int, starts: bool) -> int:
        shift = 0  # original minus normalised, between edits
        for start, end, new_start, new_end in self.edits:
            if p < new_start:
                break
            if p == new_start == new_end:  # where characters were only removed
                if not starts:
                    return start  # an end stops before them
                shift = end - new_end  # a start goes after them (and after any removed next)
                continue
            if p == new_start:
                return start
            if p < new_end:
                return start if starts else end  # inside a changed stretch: all of it
            if p == new_end and not starts:
                return end
            shift = end - new_end
        return p + shift

    def start(self, p: int) -> int:
        """The original position of a normalised one where a match starts."""
        return self._at(p, True)

    def end(self, p: int) -> int:
        """The original position of a normalised one where a match ends."""
        return self._at(p, False)

    def forward(self, p: int) -> int:
        """The normalised position of an original one (inside a changed stretch: its start)."""
        shift = 0
        for start, end, new_start, new_end in self.edits:
            if p < start:
                break
            if p < end:
                return new_start
            shift = new_end - end
        return p + shift


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_INT = "零〇一二三四五六七八九十百千两"
_CN_DIGIT = "零〇一二三四五六七八九"
_TRIGGER = re.compile(f"[{_INVISIBLE}{_THIN_SPACES}０-９点]|[0-9][ \u3000]|[0-9０-９]{{{MAX_DIGITS + 1}}}"
                      f"|[{_CN_DIGIT}]{{{MAX_DIGITS + 1}}}")


def normalise_numerals(text: str, unit_start: str) -> Normalised | None:
    """How `text` would read with its numerals written plainly, or None when it has nothing to change
    (most sentences). `unit_start` is a regular expression for what may follow a number (a unit,
    万/亿, %). Changes, each keeping the way back to the original offsets:

    - full-width digits as ASCII (全省第５位), a full-width point between digits as '.';
    - invisible characters after a digit removed (1\u200b9.3亿元 is 19.3亿元);
    - thin, narrow or no-break spaces between groups of three digits removed (1\u2009930万元);
    - a space between a number and its unit removed (19.3 亿元, 5.2 %);
    - a Chinese decimal before a unit as arabic digits (十九点三亿元 is 19.3亿元);
    - a run of more than MAX_DIGITS digits masked with '#': no figure, and no number too big to hold.
    """
    if not _TRIGGER.search(text):
        return None
    unit = re.compile(unit_start)
    edits: list[tuple[int, int, str]] = []
    n = len(text)
    for m in re.finditer(f"[0-9０-９]{{{MAX_DIGITS + 1},}}|[{_CN_DIGIT}]{{{MAX_DIGITS + 1},}}", text):
        edits.append((m.start(), m.end(), "#" * (m.end() - m.start())))
    masked = [(s, e) for s, e, _ in edits]

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b, *_ in edits) and not any(a <= s < b for a, b in masked)

    for m in re.finditer("[０-９]+|(?<=[0-9０-９])．(?=[0-9０-９])", text):
        if free(m.start(), m.end()):
            edits.append((m.start(), m.end(), m.group().translate(_FULL_WIDTH).replace("．", ".")))
    digit = "0-9０-９"
    for m in re.finditer(f"(?<=[{digit}.．])[{_INVISIBLE}]+", text):
        if free(m.start(), m.end()):
            edits.append((m.start(), m.end(), ""))
    for m in re.finditer(f"(?<![{digit}])[{digit}]{{1,3}}(?:[{_THIN_SPACES}][{digit}]{{3}})+(?![{digit}])", text):
        for sp in re.finditer(f"[{_THIN_SPACES}]", m.group()):
            s = m.start() + sp.start()
            if free(s, s + 1):
                edits.append((s, s + 1, ""))
    for m in re.finditer(f"(?<=[{digit}])[ \u00a0\u2009\u202f\u3000]{{1,2}}", text):
        if m.end() < n and unit.match(text, m.end()) and free(m.start(), m.end()):
            edits.append((m.start(), m.end(), ""))
    for m in re.finditer(f"(?<![{_CN_INT}万亿])([{_CN_INT}]+)点([{_CN_DIGIT}]+)(?![{_CN_INT}])", text):
        if not unit.match(text, m.end()) or not free(m.start(), m.end()):
            continue
        try:
            whole = parse_chinese(m.group(1))
        except ValueError:
            continue
        fraction = "".join(str(DIGITS[c]) for c in m.group(2))
        edits.append((m.start(), m.end(), f"{whole}.{fraction}"))
    if not edits:
        return None
    edits.sort()
    out, spans, pos, shift = [], [], 0, 0
    for start, end, new in edits:
        out.append(text[pos:start])
        out.append(new)
        spans.append((start, end, start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        pos = end
    out.append(text[pos:])
    return Normalised("".join(out), tuple(spans))
