"""Step 2: split a document into paragraphs and sentences, as spans of its text.

Nothing is copied or cleaned: a Span is (start, end) into Document.text. Page
layout often breaks a paragraph in the middle of a sentence (a blank line where
a column ended); such blocks are joined back into one paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLOCK_SEP = re.compile(r"(?:[ \t\u3000\xa0]*\r?\n){2,}")
_SENT_END = re.compile(r"[。！？!?]+[”’」』）)]*|\r?\n")
# A block that ends in one of these closes its sentence; any other ending after
# a long block means the layout cut the sentence.
_CLOSING = set("。！？!?；;：:”’」』）)…")
_MIN_CUT_BLOCK = 40  # headlines and captions are shorter than this
# A "sentence" longer than this (a page with no full stops, a dump) is cut at its clause
# breaks, so that the work per sentence stays bounded; real sentences are far shorter.
MAX_SENTENCE = 600
_CLAUSE_CUT = re.compile(r"[，,；;、：:\s]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class Sentence(Span):
    index: int  # position in the document
    paragraph: int  # index of its paragraph


@dataclass(frozen=True)
class Paragraph(Span):
    index: int


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def blocks(text: str) -> list[Span]:
    """Runs of text between blank lines, whitespace trimmed."""
    out = []
    pos = 0
    for m in _BLOCK_SEP.finditer(text):
        s, e = _strip(text, pos, m.start())
        if e > s:
            out.append(Span(s, e))
        pos = m.end()
    s, e = _strip(text, pos, len(text))
    if e > s:
        out.append(Span(s, e))
    return out


_HEADLINE_GAP = re.compile(r"[\u4e00-\u9fff”“》][ \t\u3000]+[\u4e00-\u9fff“《]")


def _cut_mid_sentence(text: str, block: Span) -> bool:
    """A long block of running text that stops without closing its sentence. Headlines
    are excluded: they separate their phrases with spaces, which running text never does.
    (Read in place: a block may be a whole 50 MB dump.)"""
    s, e = block.start, block.end
    return (e - s >= _MIN_CUT_BLOCK and text[e - 1] not in _CLOSING and text.find("\n", e - _MIN_CUT_BLOCK, e) < 0
            and (text.find("，", s, e) >= 0 or text.find("、", s, e) >= 0) and not _HEADLINE_GAP.search(text, s, e))


def _looks_apart(body: str) -> bool:
    """A short block with no sentence punctuation (a caption, a credit such as
    (范韵 孙科)) never continues the sentence before it."""
    return len(body) < 20 and not re.search(r"[，。；！？、]", body)


def paragraphs(text: str) -> list[Paragraph]:
    """Blocks, with a block that the layout cut mid-sentence joined to the next."""
    out: list[Paragraph] = []
    pending: Span | None = None
    for block in blocks(text):
        if pending is not None:
            if block.end - block.start < 20 and _looks_apart(block.of(text)):  # a caption or credit under the cut
                out.append(Paragraph(pending.start, pending.end, len(out)))
            else:
                block = Span(pending.start, block.end)
            pending = None
        if _cut_mid_sentence(text, block):
            pending = block
            continue
        out.append(Paragraph(block.start, block.end, len(out)))
    if pending is not None:
        out.append(Paragraph(pending.start, pending.end, len(out)))
    return out


def sentences(text: str, paras: list[Paragraph] | None = None) -> list[Sentence]:
    """Sentences end at 。！？ (with any closing quote), or at a line break after a
    short line (a headline) or a closed one; a long unclosed line runs on."""
    out: list[Sentence] = []
    for para in paras if paras is not None else paragraphs(text):
        pos = para.start
        for m in _SENT_END.finditer(text, para.start, para.end):
            if m.group().endswith("\n"):
                s, e = _strip(text, pos, m.start())
                if e - s >= _MIN_CUT_BLOCK and text[e - 1] not in _CLOSING:
                    continue  # the layout broke this line; the sentence goes on
            _add(out, text, pos, m.end(), para.index)
            pos = m.end()
        _add(out, text, pos, para.end, para.index)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    """Append the sentence text[start:end] (trimmed), cut into pieces of at most MAX_SENTENCE
    characters at clause breaks (else anywhere but inside a run of letters or digits)."""
    s, e = _strip(text, start, end)
    while e - s > MAX_SENTENCE:
        limit = s + MAX_SENTENCE
        cut = None
        for m in _CLAUSE_CUT.finditer(text, s + MAX_SENTENCE // 2, limit):
            cut = m.end()
        if cut is None:
            cut = limit
            while cut > s + 1 and (text[cut - 1] + text[cut]).isascii() and (text[cut - 1] + text[cut]).isalnum():
                cut -= 1
            if cut <= s + 1:
                cut = limit
        ps, pe = _strip(text, s, cut)
        if pe > ps:
            out.append(Sentence(ps, pe, len(out), paragraph))
        s, e = _strip(text, cut, e)
    if e > s:
        out.append(Sentence(s, e, len(out), paragraph))
