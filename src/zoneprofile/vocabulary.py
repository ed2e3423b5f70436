"""Distinctive vocabulary: the words that set each zone's coverage apart.

Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
& Quinn 2008, "Fightin' Words"): for word w, zone i against all other zones,

    delta = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    z     = delta / sqrt(1 / (y_iw + a_w) + 1 / (y_jw + a_w))

with the prior a_w = a0 * (count of w in all zones' text) / (all words). Unlike
plain frequency, common words of the genre (发展, 企业) score near zero, and a
word used a few times by one zone only does not outscore a steady difference.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from zoneprofile.metric import words
from zoneprofile.numbers import CN_NUMERAL_CHARS

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


def log_odds(counts: dict[str, Counter], prior_size: float = 500.0) -> dict[str, list[tuple[str, float, int]]]:
    """Per zone, (word, z, count) sorted by z, highest first. Needs two or more zones."""
    total = Counter()
    for c in counts.values():
        total.update(c)
    grand = sum(total.values())
    out: dict[str, list[tuple[str, float, int]]] = {}
    if len(counts) < 2 or grand == 0:
        return {z: [] for z in counts}
    for zone, mine in counts.items():
        others = total - mine
        n_i, n_j = sum(mine.values()), sum(others.values())
        scored = []
        for word, y_i in mine.items():
            a_w = prior_size * total[word] / grand
            y_j = others.get(word, 0)
            delta = (math.log((y_i + a_w) / (n_i + prior_size - y_i - a_w))
                     - math.log((y_j + a_w) / (n_j + prior_size - y_j - a_w)))
            z = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
            scored.append((word, z, y_i))
        scored.sort(key=lambda t: (-t[1], t[0]))
        out[zone] = scored
    return out


# ---------------------------------------------------------------- per zone, per document
def zone_sentences(docs, profiles, matcher=None) -> dict[str, list[str]]:
    """Every sentence attributed to each zone (not only those with figures): its coverage."""
    from zoneprofile.attribute import ZoneMatcher, attribute
    from zoneprofile.segment import paragraphs, sentences

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
    from zoneprofile.metric import prepare_dictionary

    prepare_dictionary(profiles)
    if exclude is None:
        exclude = excluded_words(profiles)
    by_zone = zone_sentences(docs, profiles, matcher)
    return {z: zone_words(sentences, exclude) for z, sentences in by_zone.items()}
