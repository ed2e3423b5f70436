"""Step 2b: what each block of a newspaper page is — a view, never an edit.

OCR'd features mix the article body with headlines, photo captions, bylines
(刘晓明 王玉龙 ...) and photo credits (本版摄影：...). Each block gets a role;
bylines and credits become document metadata, not facts. Offsets still point
into the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zoneprofile.read.segment import Paragraph

BODY, HEADLINE, CAPTION, BYLINE, CREDIT = "body", "headline", "caption", "byline", "credit"

_NAME = r"[\u4e00-\u9fff]{2,4}"
# a line of personal names only: 刘晓明 王玉龙 范昀 张琼霞
BYLINE_NAMES = re.compile(rf"^(?:{_NAME})(?:[ \t\u3000]+{_NAME}){{1,9}}$")
# 记者 张三 / 通讯员 李四 王五 / 文/张三 图/李四 / 本报记者 张三
BYLINE_ROLE = re.compile(
    rf"^(?:(?:本报)?(?:记者|通讯员|特约记者|见习记者)|文\s*[/／]|(?:撰稿|文稿|文字|作者)\s*[:：]?)\s*(?:{_NAME}[\s　]*)+$")
# (范韵 孙科) under a photo: who took it
CREDIT_NAMES = re.compile(rf"^[(（]\s*{_NAME}(?:[\s　]+{_NAME})*\s*[)）]$")
CREDIT_LINE = re.compile(r"^(?:本版)?(?:摄影|图片|照片|摄|供图|图)\s*[:：／/]\s*\S.{0,40}$|^本版图片由.{1,30}提供$")
_SENTENCE_END = re.compile(r"[。！？!?]")
TRAILING_BYLINE = re.compile(rf"[。！？!?]\s*((?:{_NAME})(?:[ \t\u3000]+{_NAME}){{1,9}})\s*$")


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    role: str


@dataclass
class Structure:
    blocks: list[Block]
    title: str | None
    bylines: list[str] = field(default_factory=list)  # personal names, in order
    credits: list[str] = field(default_factory=list)  # photo credit lines

    def role_at(self, offset: int) -> str:
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b.role
        return BODY


def _names(line: str) -> list[str]:
    line = re.sub(r"^(?:本报)?(?:记者|通讯员|特约记者|见习记者)|^文\s*[/／]|^(?:撰稿|文稿|文字|作者)\s*[:：]?", " ", line)
    return [n for n in re.split(r"[\s　/／]+", line) if n]


def block_role(body: str, is_last_blocks: bool) -> str:
    """The role of one block of text (whitespace-trimmed)."""
    flat = body.replace("\n", " ").strip().lstrip("#").strip()
    if CREDIT_LINE.match(flat) or CREDIT_NAMES.match(flat):
        return CREDIT
    if BYLINE_ROLE.match(flat) or (is_last_blocks and BYLINE_NAMES.match(flat)):
        return BYLINE
    if _SENTENCE_END.search(flat) or len(flat) >= 60:
        return BODY
    # a short block with no sentence end: a headline or a photo caption
    return HEADLINE if re.search(r"[，,：:、“”\s]", flat) or len(flat) >= 12 else CAPTION


def analyse(text: str, paras: list[Paragraph], ends_document: bool = True) -> Structure:
    """Roles of the blocks of `text`. `ends_document` is False for a part of a long file
    that is not its end: its last blocks are not where bylines stand."""
    blocks: list[Block] = []
    bylines: list[str] = []
    credits: list[str] = []
    for i, p in enumerate(paras):
        body = text[p.start:p.end]
        last = ends_document and i >= len(paras) - 3
        role = block_role(body, is_last_blocks=last)
        tail = TRAILING_BYLINE.search(body) if last and role == BODY else None
        if tail:  # 第一方阵。刘晓明 王玉龙 — the byline glued to the last paragraph
            blocks.append(Block(p.start + tail.start(1), p.end, BYLINE))
            bylines += _names(tail.group(1))
        blocks.append(Block(p.start, p.end, role))
        if role == BYLINE:
            bylines += _names(body.replace("\n", " "))
        elif role == CREDIT:
            credits.append(body.strip())
    return Structure(blocks, _title(text, blocks), bylines, credits)


def _title(text: str, blocks: list[Block]) -> str | None:
    """The longest headline before the first body paragraph: a masthead such as
    '# 镇江新区' or a photo caption is shorter than the real headline."""
    heads = []
    for b in blocks:
        if b.role == BODY:
            break
        if b.role in (HEADLINE, CAPTION):
            heads.append(re.sub(r"^#+\s*", "", text[b.start:b.end]).replace("\n", " ").strip())
    return max(heads, key=len) if heads else None
