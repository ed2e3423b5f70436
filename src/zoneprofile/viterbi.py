"""A faster, exact drop-in for jieba.posseg's HMM Viterbi.

jieba.posseg tags the runs of characters its dictionary does not know with a
Viterbi search over 256 (position, tag) states; that search is most of the time
extraction spends. jieba's version builds a tuple for every pair of (previous,
next) state, most of them pairs without a transition, whose score is -inf and
can never win. This one visits only the pairs that have a transition and looks
the emission up once per state, and is otherwise the same computation:

- the same candidate states at each character (the states the character can
  take that some previous state leads to; the same fallbacks);
- the same floating-point sums in the same order, (V + transition) + emission;
- the same choice among equal scores: the largest (score, state) tuple, as
  jieba's max() over tuples picks it.

So it returns what jieba's returns, for every input; tests/test_perf.py checks
that against jieba's own function. Installed by metric._posseg().
"""

from __future__ import annotations

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi.MIN_FLOAT: the emission of an unseen character


def viterbi(obs, states, start_p, trans_p, emit_p):
    all_states = trans_p.keys()
    V = {}
    first = {}
    for y in states.get(obs[0], all_states):
        V[y] = start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT)
        first[y] = ""
    mem_path = [first]
    for t in range(1, len(obs)):
        char = obs[t]
        prev = [(x, V[x], trans_p[x]) for x in mem_path[-1] if len(trans_p[x]) > 0]
        expect_next = set()
        for _, _, nxt in prev:
            expect_next.update(nxt)
        obs_states = expect_next.intersection(states.get(char, all_states))
        if not obs_states:
            obs_states = expect_next if expect_next else all_states
        new_v = {}
        back = {}
        for y in obs_states:
            emit = emit_p[y].get(char, MIN_FLOAT)
            best = None
            for x, v, nxt in prev:
                p = nxt.get(y)
                if p is None:
                    continue  # no transition: -inf in jieba's search, never the maximum
                cand = (v + p + emit, x)
                if best is None or cand > best:
                    best = cand
            if best is None:
                raise ValueError("max() arg is an empty sequence")  # where jieba's own fails too
            new_v[y], back[y] = best
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
