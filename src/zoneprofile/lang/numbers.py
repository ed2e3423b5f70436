"""Numerals: arabic and Chinese, with 万/亿 multipliers, to plain numbers."""

from __future__ import annotations

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


def parse_arabic(s: str) -> Decimal:
    """'1,234.5' → Decimal('1234.5'); full-width digits are accepted."""
    s = s.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "")
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
