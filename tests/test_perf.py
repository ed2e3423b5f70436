"""The speed-ups change no result: the fast Viterbi, the speaker pre-check, the
cache and the process pool. Speed itself is measured by bench/, never asserted here."""

import random
import re

from conftest import SEEDS


def test_fast_viterbi_is_jiebas_viterbi():
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi as jiebas

    from zoneprofile.viterbi import viterbi

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    rng = random.Random(7)
    chars = sorted(set("".join(runs))) + [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(300)]
    samples = [r[i:i + rng.randint(1, 12)] for r in runs[:200] for i in range(0, len(r), 7)]
    samples += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 16))) for _ in range(400)]
    samples += ["镇", "秦海涛", "孚能科技", "ＡＢＣ", "〇"]
    for s in samples:
        assert viterbi(s, char_state_tab_P, start_P, trans_P, emit_P) == \
            jiebas(s, char_state_tab_P, start_P, trans_P, emit_P), s


def test_speaker_precheck_finds_the_same_names(extract_text):
    # names inside a clause are found by tagging the sentence, which now happens only where a
    # surname stands before a speech verb; the answers are those of tagging every sentence
    facts = extract_text("镇江新区召开会议。路月中指出，要抓好落实。会上王小明表示支持，随后张伟说好。企业家李强认为有信心。")
    assert [(f.text, f.start) for f in facts if f.kind == "person"] == [
        ("路月中", 9), ("王小明", 23), ("张伟", 33), ("李强", 41)]


def test_dictionary_depends_on_the_profiles_alone(tmp_path, profiles, profiles_dir):
    """jieba's dictionary is global: extracting with other profiles, or twice, leaves no trace."""
    import jieba

    from zoneprofile.metric import prepare_dictionary
    from zoneprofile.pipeline import extract_corpus
    from zoneprofile.profiles import load_profiles

    first, _ = extract_corpus(SEEDS, profiles)
    total = jieba.dt.total
    path = profiles_dir / "zhenjiang-new-area.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [镇江新城, 大港, "),
                    encoding="utf-8")
    other, _ = extract_corpus(SEEDS, load_profiles(profiles_dir))
    assert jieba.dt.total == total + 2 * 2000
    prepare_dictionary(profiles)
    prepare_dictionary(profiles)
    assert jieba.dt.total == total and jieba.dt.FREQ["镇江新城"] == 0
    again, _ = extract_corpus(SEEDS, profiles)
    assert again.equals(first)


def test_missing_harfbuzz_subset_is_a_clear_warning(monkeypatch, caplog):
    from zoneprofile import render

    assert render.harfbuzz_subset_available()  # installed by scripts/install.sh
    monkeypatch.setattr(render, "harfbuzz_subset_available", lambda: False)
    render.check_fonts()
    assert "HarfBuzz-subset is missing" in caplog.text and "libharfbuzz-subset0" in caplog.text
