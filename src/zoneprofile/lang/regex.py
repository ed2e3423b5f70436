"""A pattern's first characters, tested before the rest: the same matches, found sooner.

Python's `re` skips ahead to a likely start only when a pattern begins with a literal or a character
class. The genre's big patterns begin otherwise — a lookbehind (no letter or digit before the figure),
optional qualifiers (超过, 约, 近 …), an optional lower end — so the engine tries the whole beginning at
every character of every sentence, and most characters of a Chinese text can start no figure at all.
`guarded(pattern)` reads the pattern (with `re`'s own parser) for the characters a match can begin
with and puts a lookahead of them in front: a position that cannot start a match fails at one test.
A lookahead only rejects positions where no match can start, so every method (finditer, search,
match, fullmatch, with or without pos) finds exactly what the pattern finds (tests/lang/test_regex.py
checks it on the seeds, the test texts and random strings). A pattern whose first characters cannot
be bounded (it may start with any character, or match nothing), or that carries inline flags, is
returned as it is. Written by hand: neither `re` nor the `regex` package does this.
"""

from __future__ import annotations

import re

try:
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # another Python's internals: patterns are used as they are
    _p = _c = None

_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


class _Unbounded(Exception):
    pass


def _class_items(items) -> list[str]:
    out = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            out.append(re.escape(chr(av)))
        elif name == "RANGE":
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif name == "CATEGORY" and str(av) in _CATEGORIES:
            out.append(_CATEGORIES[str(av)])
        else:  # NEGATE, or a category outside the three
            raise _Unbounded
    return out


def _first(seq) -> tuple[list[str], bool]:
    """(class items a match of `seq` may start with, whether `seq` may match nothing)."""
    out: list[str] = []
    for op, av in seq:
        name = str(op)
        if name == "LITERAL":
            return out + [re.escape(chr(av))], False
        if name == "IN":
            return out + _class_items(av), False
        if name in ("ASSERT", "ASSERT_NOT", "AT"):
            continue  # zero width: the next op starts the match
        if name == "SUBPATTERN":
            items, empty = _first(av[-1])
        elif name == "BRANCH":
            items, empty = [], False
            for branch in av[1]:
                more, can = _first(branch)
                items += more
                empty = empty or can
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, sub = av
            items, empty = _first(sub)
            empty = empty or low == 0
        elif name == "ATOMIC_GROUP":
            items, empty = _first(av)
        else:  # ANY, NOT_LITERAL, GROUPREF, CATEGORY outside a class …
            raise _Unbounded
        out += items
        if not empty:
            return out, False
    return out, True


def guarded(pattern: re.Pattern) -> re.Pattern:
    """`pattern` with a lookahead of the characters its matches may begin with (see the module docstring)."""
    if _p is None or pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str) \
            or pattern.pattern.startswith("(?") and re.match(r"\(\?[aiLmsux]+\)", pattern.pattern):
        return pattern
    try:
        items, empty = _first(_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
    except (_Unbounded, re.error, RecursionError, ValueError, TypeError, AttributeError):
        return pattern
    if empty or not items:
        return pattern
    fast = re.compile(f"(?=[{''.join(dict.fromkeys(items))}])(?:{pattern.pattern})", pattern.flags)
    ORIGINALS[fast] = pattern
    return fast


ORIGINALS: dict[re.Pattern, re.Pattern] = {}  # each guarded pattern → the pattern it guards (for the tests)
