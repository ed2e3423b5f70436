"""The words of each zone's coverage, counted per document: what the distinctive vocabulary (compare/vocabulary.py) is computed from."""

from __future__ import annotations

import re
from collections import Counter

from zoneprofile.lang.dictionary import words
from zoneprofile.lang.numbers import CN_NUMERAL_CHARS

STOPWORDS = set(
    "的 了 和 与 及 等 在 为 是 对 将 把 被 让 从 向 以 于 而 并 也 又 还 都 就 更 最 很 其 这 那 该 各 之 所 一个 一些 进一步"
    " 我们 他们 自己 通过 进行 开展 推动 推进 加强 加快 实现 持续 不断 全面 积极 深入 有效 坚持 围绕 聚焦 相关 工作 今年 目前"
    " 以来 其中 同时 此外 已经 一批 一系列 不仅 而且 方面 作为 成为 提供 进行 表示 介绍 指出".split()
)


_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def zone_words(sentences: list[str], exclude: set[str]) -> Counter:
    """Content words of a zone's sentences: two or more Chinese characters, no stop words,
    no zone names (those would only say which zone is which)."""
    counts: Counter = Counter()
    for sentence in sentences:
        for word in words(sentence):
            if (_WORD.match(word) and word not in STOPWORDS and word not in exclude
                    and word[0] not in CN_NUMERAL_CHARS):  # 三个, 两批: numbers, not vocabulary
                counts[word] += 1
    return counts


# ---------------------------------------------------------------- per zone, per document
def zone_sentences(docs, profiles, matcher=None) -> dict[str, list[str]]:
    """Every sentence attributed to each zone (not only those with figures): its coverage."""
    from zoneprofile.extract.attribute import ZoneMatcher, attribute
    from zoneprofile.read.segment import paragraphs, sentences

    matcher = matcher or ZoneMatcher(profiles)
    out: dict[str, list[str]] = {p.id: [] for p in profiles}
    for d in docs:
        paras = paragraphs(d.text)
        sents = sentences(d.text, paras)
        who = attribute(d.text, paras, sents, matcher)
        for s in sents:
            zone, _ = who.zone_at(s, s.start)
            if zone:
                out[zone].append(s.of(d.text))
    return out


def excluded_words(profiles) -> set[str]:
    """The zone names and their words: they would only say which zone is which."""
    exclude = set()
    for p in profiles:
        for name in p.names:
            exclude.add(name)
            exclude.update(words(name))
    return exclude


def word_counts(docs, profiles, matcher=None, exclude: set[str] | None = None) -> dict[str, Counter]:
    """Per zone, the content words of its sentences in `docs` (zone_words). Counts add up over
    documents, so they can be kept per document and summed later (the Parquet fact store). The
    dictionary is that of the profiles (metric.prepare_dictionary), as in extraction, so the
    counts are the same in one process or many."""
    from zoneprofile.lang.dictionary import prepare_dictionary

    prepare_dictionary(profiles)
    if exclude is None:
        exclude = excluded_words(profiles)
    by_zone = zone_sentences(docs, profiles, matcher)
    return {z: zone_words(sentences, exclude) for z, sentences in by_zone.items()}

