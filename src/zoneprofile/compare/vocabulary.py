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
from collections import Counter


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






