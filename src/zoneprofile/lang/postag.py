"""jieba.posseg's cut, written again for speed: the same words and tags for every input.

Part-of-speech tagging of short windows is the largest single cost of extraction (a third of a worker's
time). jieba.posseg.lcut builds a dict of candidate ends for every character (get_DAG), then a dict of
best routes (calc) in a second pass, then yields a `pair` object per word through three nested
generators. This does the same computation in one pass per block, with lists and tuples:

- the route: for each position from the end, the candidate ends found as get_DAG finds them (every
  prefix in the dictionary with a frequency; the character alone when there is none), scored with the
  same floating-point expression in the same order, log(freq or 1) - log(total) + route[end + 1], and
  the same choice among equal scores as max() over (score, end) tuples: the largest end;
- the words: runs of single characters buffered and, when the run is no word of the dictionary, tagged
  by the HMM (jieba's tables, through the Viterbi of lang/viterbi.py installed in jieba.posseg), as
  __cut_DAG and __cut_detail do (a run's answer kept: it recurs within an article and across
  articles); other blocks split as __cut_internal splits them (its quirk kept: a
  non-digit character of a run matching [a-zA-Z0-9]+ is tagged eng when the whole run starts so).

tests/lang/test_postag.py checks it against jieba.posseg.lcut on the seeds, the test texts and random
strings. Written by hand because no maintained package gives jieba's HMM part-of-speech tags faster
(rjieba's `tag` gives the dictionary's tags only, not the HMM's nr/ns for unknown names).
"""

from __future__ import annotations

from math import log


def make_tagger(pseg):
    """tag(text) -> [(word, flag)], for jieba.posseg module `pseg` (its default tokenizer)."""
    dt = pseg.dt
    tokenizer = dt.tokenizer
    re_han_internal, re_skip_internal = pseg.re_han_internal, pseg.re_skip_internal
    re_han_detail, re_skip_detail = pseg.re_han_detail, pseg.re_skip_detail
    re_num, re_eng = pseg.re_num, pseg.re_eng
    tables = (pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P)

    # A run's HMM words, kept across documents: they depend on the run's characters and jieba's
    # HMM tables alone (not on the dictionary), and runs recur from article to article (function
    # words, names: 62 % of the runs of the 27 distinct real articles of our sets, 49 % of their
    # characters, were already seen in another). Bounded: cleared when full.
    memo: dict[str, tuple] = {}

    def hmm(run: str, out: list) -> None:
        found = memo.get(run)
        if found is None:
            if len(memo) >= 20_000:  # bounded (~8 MB)
                memo.clear()
            words: list = []
            _hmm(run, words)
            found = memo[run] = tuple(words)
        out.extend(found)

    def _hmm(run: str, out: list) -> None:  # __cut_detail
        for blk in re_han_detail.split(run):
            if not blk:
                continue
            if re_han_detail.match(blk):
                _, pos_list = pseg.viterbi(blk, *tables)
                begin = nexti = 0
                for i, char in enumerate(blk):
                    pos = pos_list[i][0]
                    if pos == "B":
                        begin = i
                    elif pos == "E":
                        out.append((blk[begin:i + 1], pos_list[i][1]))
                        nexti = i + 1
                    elif pos == "S":
                        out.append((char, pos_list[i][1]))
                        nexti = i + 1
                if nexti < len(blk):
                    out.append((blk[nexti:], pos_list[nexti][1]))
            else:
                for x in re_skip_detail.split(blk):
                    if x:
                        out.append((x, "m" if re_num.match(x) else "eng" if re_eng.match(x) else "x"))

    def flush(buf: str, out: list, freq: dict, tags: dict) -> None:
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not freq.get(buf):
            hmm(buf, out)
        else:
            out.extend((c, tags.get(c, "x")) for c in buf)

    def dag_block(blk: str, out: list, freq: dict, tags: dict, logtotal: float) -> None:  # __cut_DAG
        n = len(blk)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for idx in range(n - 1, -1, -1):
            best_s = best_x = None
            i, frag = idx, blk[idx]
            found = False
            while i < n:
                f = freq.get(frag)
                if f is None:
                    break
                if f:
                    found = True
                    s = log(f) - logtotal + score[i + 1]
                    if best_s is None or s > best_s or (s == best_s and i > best_x):
                        best_s, best_x = s, i
                i += 1
                frag = blk[idx:i + 1]
            if not found:  # the character alone, whatever its frequency (log(freq or 1))
                s = log(freq.get(blk[idx]) or 1) - logtotal + score[idx + 1]
                best_s, best_x = s, idx
            score[idx], end[idx] = best_s, best_x
        x, buf = 0, ""
        while x < n:
            y = end[x] + 1
            if y - x == 1:
                buf += blk[x]
            else:
                if buf:
                    flush(buf, out, freq, tags)
                    buf = ""
                word = blk[x:y]
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            flush(buf, out, freq, tags)

    def tag(sentence: str) -> list[tuple[str, str]]:
        dt.makesure_userdict_loaded()
        tokenizer.check_initialized()
        freq, tags = tokenizer.FREQ, dt.word_tag_tab
        logtotal = log(tokenizer.total)
        out: list[tuple[str, str]] = []
        for blk in re_han_internal.split(sentence):
            if not blk:
                continue
            if re_han_internal.match(blk):
                dag_block(blk, out, freq, tags, logtotal)
            else:
                for x in re_skip_internal.split(blk):
                    if re_skip_internal.match(x):
                        out.append((x, "x"))
                    else:
                        eng = re_eng.match(x)
                        out.extend((c, "m" if re_num.match(c) else "eng" if eng else "x") for c in x)
        return out

    tag.forget = memo.clear
    return tag
