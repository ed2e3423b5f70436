"""A faster, exact drop-in for jieba.posseg's HMM Viterbi (~5x on the inputs extraction sends).

jieba.posseg tags the runs of characters its dictionary does not know with a
Viterbi search over 256 (position, tag) states; that search was most of the time
extraction spent. jieba's version builds a tuple for every pair of (previous,
next) state, most of them pairs without a transition, whose score is -inf and
can never win. This one

- visits only the pairs that have a transition, looking the emission up once per state;
- visits the previous states best score first and stops where even the best transition into
  a state cannot reach the best sum found (see _step: rounding is monotone, so this is exact);
- remembers the answer for a single character, which depends on the character alone;

and is otherwise the same computation: the same candidate states at each character
(the states the character can take that some previous state leads to; the same
fallbacks), the same floating-point sums in the same order, (V + transition) +
emission, and the same choice among equal scores: the largest (score, state)
tuple, as jieba's max() over tuples picks it.

So it returns what jieba's returns, for every input; tests/run/test_perf.py checks
that against jieba's own function. Installed by metric._posseg().
"""

from __future__ import annotations

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi.MIN_FLOAT: the emission of an unseen character


# One character is what jieba most often sends here (the measure word after a number: 16个, 3家),
# and its answer depends on the character alone: kept, per process, for jieba's own tables.
_ONE_CHAR: dict[str, tuple] = {}
_TABLES: list = []


def viterbi(obs, states, start_p, trans_p, emit_p):
    if len(obs) != 1:
        return _viterbi(obs, states, start_p, trans_p, emit_p)
    if not _TABLES:
        _TABLES.extend((states, start_p, trans_p, emit_p))
    if not all(a is b for a, b in zip(_TABLES, (states, start_p, trans_p, emit_p))):
        return _viterbi(obs, states, start_p, trans_p, emit_p)  # other tables: no memory
    found = _ONE_CHAR.get(obs)
    if found is None:
        found = _ONE_CHAR[obs] = _viterbi(obs, states, start_p, trans_p, emit_p)
    return found[0], list(found[1])


def _viterbi(obs, states, start_p, trans_p, emit_p):
    all_states = trans_p.keys()
    best_in = _best_transition_into(trans_p)
    V = {}
    first = {}
    for y in states.get(obs[0], all_states):
        V[y] = start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT)
        first[y] = ""
    mem_path = [first]
    for t in range(1, len(obs)):
        char = obs[t]
        # the previous states that lead somewhere, best score first
        prev = sorted(((v, x, trans_p[x]) for x, v in V.items() if len(trans_p[x]) > 0), reverse=True)
        # jieba's candidates are the states this character can take that some previous state
        # leads to: a state none leads to finds no transition below and is left out
        new_v, back = _step(char, states.get(char, all_states), prev, emit_p, best_in)
        if not new_v:  # none: jieba falls back to every state the previous ones lead to
            expect_next = set()
            for _, _, nxt in prev:
                expect_next.update(nxt)
            new_v, back = _step(char, expect_next if expect_next else all_states, prev, emit_p, best_in)
            if not new_v:
                raise ValueError("max() arg is an empty sequence")  # where jieba's own fails too
        V = new_v
        mem_path.append(back)
    prob, state = max((V[y], y) for y in mem_path[-1])
    route = [None] * len(obs)
    i = len(obs) - 1
    while i >= 0:
        route[i] = state
        state = mem_path[i][state]
        i -= 1
    return prob, route


def _step(char, candidates, prev, emit_p, best_in):
    """The best previous state for each candidate. `prev` is sorted by score, so once even the
    best transition into the candidate cannot lift a previous state's score (v + best) + emit
    above the best found, no later one can either: rounding is monotone, so the sums of the states
    left out are no larger, and a sum equal to the best is still looked at (ties are decided as
    jieba decides them)."""
    new_v = {}
    back = {}
    for y in candidates:
        if y in new_v:
            continue
        emit = emit_p[y].get(char, MIN_FLOAT)
        ceiling = best_in.get(y)
        best = None
        for v, x, nxt in prev:
            if best is not None and v + ceiling + emit < best[0]:
                break
            p = nxt.get(y)
            if p is None:
                continue  # no transition: -inf in jieba's search, never the maximum
            cand = (v + p + emit, x)
            if best is None or cand > best:
                best = cand
        if best is not None:
            new_v[y], back[y] = best
    return new_v, back


_BEST_IN: dict[int, tuple] = {}


def _best_transition_into(trans_p) -> dict:
    """State → the largest transition probability into it (per table)."""
    cached = _BEST_IN.get(id(trans_p))
    if cached is not None and cached[0] is trans_p:
        return cached[1]
    best: dict = {}
    for nxt in trans_p.values():
        for y, p in nxt.items():
            if y not in best or p > best[y]:
                best[y] = p
    _BEST_IN[id(trans_p)] = (trans_p, best)
    return best
