"""jieba, set up once per process for the profiles: the dictionary with the domain terms and the zone names, segmentation and part-of-speech tags (kept per text)."""

from __future__ import annotations

import io
from functools import lru_cache

from zoneprofile.lang import snapshot
from zoneprofile.lang.script import simplified_forms
from zoneprofile.read.profiles import Profile


@lru_cache(maxsize=1)
def _posseg():
    import logging
    import sys

    # jieba imports pkg_resources (setuptools, deprecated; ~0.15 s) only to open its own files, and
    # opens them by path without it: that import alone is kept from finding it.
    kept_out = "pkg_resources" not in sys.modules
    if kept_out:
        sys.modules["pkg_resources"] = None
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        state = None
        if "jieba.posseg" not in sys.modules:  # jieba's state from the snapshot of an earlier run (snapshot.py)
            global _SNAPSHOT
            _SNAPSHOT = snapshot.snapshot_path(jieba, _terms_file().read_bytes())
            state = snapshot.read_snapshot(_SNAPSHOT) if _SNAPSHOT is not None else None
        if state is not None:
            jieba.dt.get_dict_file = io.BytesIO  # posseg's import parses no dictionary: the snapshot has its tags
            try:
                import jieba.posseg
            finally:
                del jieba.dt.get_dict_file
            snapshot.install(state, jieba, jieba.posseg)
            _TERMS_IN.append(True)
        else:
            import jieba.posseg
    finally:
        if kept_out and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]

    from zoneprofile.lang.viterbi import viterbi

    jieba.posseg.viterbi = viterbi  # the same search, ~3x faster (see viterbi.py)
    return jieba, jieba.posseg


_SNAPSHOT = None  # where this process's jieba state is kept between runs (None: not kept)
_TERMS_IN: list[bool] = []  # [True] once the terms are in jieba's dictionary (from the snapshot)


def _terms_file():
    from importlib.resources import files

    return files("zoneprofile") / "data" / "terms.txt"


@lru_cache(maxsize=1)
def _tagger():
    from zoneprofile.lang.postag import make_tagger

    return make_tagger(_posseg()[1])


@lru_cache(maxsize=1)
def load_terms() -> None:
    """jieba loaded, with the domain terms (data/terms.txt): from the snapshot of an earlier run
    when there is one (lang/snapshot.py), else by jieba, and the snapshot then kept for the next."""
    jieba, pseg = _posseg()
    if _TERMS_IN:
        return
    jieba.load_userdict(str(_terms_file()))
    _TERMS_IN.append(True)
    if _SNAPSHOT is not None:
        snapshot.write_snapshot(_SNAPSHOT, jieba, pseg)


NAME_FREQ = 2000


# the zone names in jieba's dictionary now → (their frequency, their tag) before they were added
_ADDED: dict[str, tuple[int | None, str | None]] = {}


def prepare_dictionary(profiles: list[Profile]) -> None:
    """Teach jieba the domain terms and the zone names so they stay whole words.

    jieba's dictionary is global and every added word changes how all text is cut (the total
    frequency moves), so the dictionary is made a function of these profiles alone: names of other
    profiles added earlier in this process are taken out again, and calling it twice with the same
    profiles changes nothing. Extraction then depends on the document and the profiles only, in
    one process or many, first call or later, which the cache and the process pool rely on."""
    jieba, pseg = _posseg()
    load_terms()
    names = [name for p in profiles for name in p.names]
    names += [name for p in profiles for name in simplified_forms(p.names) if name not in names]  # 經開區: 经开区
    if set(names) == set(_ADDED):
        return
    forget_tokens()  # tagged with another dictionary
    _SHORT.clear()
    dt, tags = jieba.dt, pseg.dt
    for name, (freq, tag) in _ADDED.items():  # back to the dictionary without the earlier names
        dt.total -= NAME_FREQ
        dt.FREQ[name] = freq or 0  # 0: not a word (the entry stays as the prefix of longer ones)
        dt.user_word_tag_tab.pop(name, None)
        if tag is None:
            tags.word_tag_tab.pop(name, None)
        else:
            tags.word_tag_tab[name] = tag
    _ADDED.clear()
    global _ZONE_NAMES
    _ZONE_NAMES = None
    tags.makesure_userdict_loaded()
    for name in names:
        _ADDED[name] = (dt.FREQ.get(name) or None, tags.word_tag_tab.get(name))
        jieba.add_word(name, freq=NAME_FREQ, tag="nt")


# The tags of a text already tagged: a clause is often tagged more than once (for a figure's
# metric, then for a name in it), and short windows recur from article to article (a zone's name,
# 共引进, 实现地区生产总值: a quarter of the windows of the 27 distinct real articles of our sets
# were tagged in another). tokens() is a pure function of the text for a given dictionary, so the
# answers are kept until the dictionary changes (prepare_dictionary), and never more than
# _TOKENS_MAX of them or _TOKENS_CHARS characters of text (then all are dropped: a huge file
# stays bounded).
_TOKENS: dict[str, tuple] = {}
_TOKENS_MAX = 4096
_TOKENS_CHARS = 1 << 20
_held = 0  # characters of text held in _TOKENS


def words(text: str) -> list[str]:
    """Plain segmentation (jieba.lcut), with the domain terms and zone names: no part-of-speech
    tagging, several times faster than tokens()."""
    jieba, _ = _posseg()
    load_terms()
    return jieba.lcut(text)


def zone_names() -> frozenset[str]:
    """The zone names prepare_dictionary added as words (tagged nt, as organizations are)."""
    global _ZONE_NAMES
    if _ZONE_NAMES is None or len(_ZONE_NAMES) != len(_ADDED):
        _ZONE_NAMES = frozenset(_ADDED)
    return _ZONE_NAMES


_ZONE_NAMES: frozenset[str] | None = None


def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary: word → part-of-speech tag, for a look-up where tagging a text costs too much."""
    return _posseg()[1].dt.word_tag_tab


def forget_tokens() -> None:
    global _held
    _TOKENS.clear()  # the tagger's HMM answers stay: they depend on neither the text around nor the dictionary
    _held = 0


# Short contexts (the few characters before a zone word) recur from document to document: their
# tags are kept across documents, until the dictionary changes; memory stays bounded.
_SHORT: dict[str, tuple] = {}


_SHORT_MAX = 8192


def short_tokens(text: str) -> list[tuple[str, str]]:
    """tokens() of a short text, remembered across documents (a place before a zone word)."""
    found = _SHORT.get(text)
    if found is None:
        if len(_SHORT) >= _SHORT_MAX:
            _SHORT.clear()
        found = _SHORT[text] = tuple(tokens(text))
    return list(found)


def tokens(text: str) -> list[tuple[str, str]]:
    if not text:
        return []
    found = _TOKENS.get(text)
    if found is None:
        global _held
        if len(_TOKENS) >= _TOKENS_MAX or _held > _TOKENS_CHARS:
            forget_tokens()
        found = _TOKENS[text] = tuple(_tagger()(text))  # jieba.posseg.lcut's words and tags (lang/postag.py)
        _held += len(text)
    return list(found)

