"""lang/postag.py gives jieba.posseg.lcut's words and tags, for every input."""

import random
import re

from conftest import ROOT

from zoneprofile.lang.dictionary import _posseg, _tagger


def _samples():
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "other_zones" / "texts").glob("*.txt"))]
    out = []
    for text in texts:
        out += [s for s in re.split(r"[。！？\n]", text) if s]
        for _ in range(100):
            a = rng.randrange(len(text))
            out.append(text[a:a + rng.randint(1, 30)])
    alphabet = "园区新区高新技术产业开发区经开区镇江吴江123.5%ab AB+#&_，。、\t\r\n 　中华人民共和国企业亿元万張誼"
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(2000)]
    return out + ["", " ", "\r\n", "a", "1", "1.5", "ab12", "＋", "园"]


def test_the_same_words_and_tags_as_jieba(profiles):
    from zoneprofile.lang.dictionary import prepare_dictionary

    prepare_dictionary(profiles)
    _, pseg = _posseg()
    tag = _tagger()
    differ = [s for s in _samples() if tag(s) != [(p.word, p.flag) for p in pseg.lcut(s)]]
    assert not differ, differ[:5]
