"""Traditional characters read as simplified, for analysis only: OpenCC, character for character.

Hong Kong, Taiwan and overseas outlets reprint the genre in 繁體 (571億元, 1.6萬戶, 經開區). Every pattern of
extraction, jieba's dictionary and the profiles' names are simplified, so a traditional text is analysed
through its simplified twin; the twin has exactly the original's length, character for character, so an
offset found in it points at the same character of the original file, and a fact's `text` and `sentence`
are cut from the original (its surface as written).

OpenCC (the `opencc` package, the reference converter) does the conversion, with its `hk2s` configuration:
OpenCC's `t2s` after the Hong Kong variant characters (衞 → 卫). Not `tw2s`: its Taiwan phrase rules rewrite
simplified text too (成效显著 → 成效显着), and a simplified text must come back unchanged.
A conversion that would change a line's length (a phrase rule mapping two characters to one: none in
OpenCC's character tables, a few possible in its phrase tables) is redone for that line one character at a
time, so the length guarantee holds whatever the dictionaries hold.
"""

from __future__ import annotations

from functools import lru_cache

from zoneprofile.errors import ZoneprofileError

CONFIGS = ("hk2s",)  # Hong Kong variants first, then OpenCC's t2s


@lru_cache(maxsize=1)
def _converters():
    try:
        import opencc
    except ImportError as exc:  # a dependency of the package: only a broken install lacks it
        raise ZoneprofileError("the package 'opencc' is missing: pip install opencc (it reads traditional "
                               "characters)") from exc
    return tuple(opencc.OpenCC(c) for c in CONFIGS)


def _convert(text: str) -> str:
    for converter in _converters():
        text = converter.convert(text)
    return text


CHUNK = 1 << 20  # characters converted at a time (cut after a line break): OpenCC's copies stay small


def simplified(text: str) -> str:
    """`text` in simplified characters, of exactly its length (text[i] and the result's [i] are one
    character in two scripts). Simplified text comes back as it is (the same object when unchanged).
    A big text is converted a chunk of lines at a time (a phrase never spans a line), so OpenCC's own
    copies of it (UTF-8 in, UTF-8 out: three times the text for a 50 MB dump) stay a few MB."""
    if text.isascii():
        return text
    pieces: list[str] = []
    first = None  # where the first change is: the text before it is kept as it is
    pos = 0
    while pos < len(text):
        end = len(text) if len(text) - pos <= CHUNK else (text.find("\n", pos + CHUNK) + 1 or len(text))
        chunk = text[pos:end] if pos or end < len(text) else text
        out = _convert(chunk)
        if len(out) != len(chunk):
            out = "".join(_line(line) for line in chunk.splitlines(keepends=True))
        if first is None and out != chunk:
            first = pos
        if first is not None:
            pieces.append(out)
        pos = end
    return text if first is None else text[:first] + "".join(pieces)


def _line(line: str) -> str:
    out = _convert(line)
    if len(out) == len(line):
        return out
    chars = []
    for ch in line:  # the phrase rules lost: each character alone, kept where it would not stay one
        converted = _convert(ch)
        chars.append(converted if len(converted) == 1 else ch)
    return "".join(chars)


def simplified_forms(names) -> dict[str, str]:
    """{simplified form: name as written} for the names whose simplified form differs (經開區 → 经开区)."""
    return {s: n for n in names if (s := simplified(n)) != n}
