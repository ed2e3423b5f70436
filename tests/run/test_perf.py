"""The speed-ups change no result: the fast Viterbi, the speaker pre-check, the
cache and the process pool. Speed itself is measured by bench/, never asserted here."""

import random
import re
import shutil

from conftest import SEEDS


def test_fast_viterbi_is_jiebas_viterbi():
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi as jiebas

    from zoneprofile.lang.viterbi import viterbi

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    rng = random.Random(7)
    chars = sorted(set("".join(runs))) + [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(300)]
    samples = [r[i:i + rng.randint(1, 12)] for r in runs[:200] for i in range(0, len(r), 7)]
    samples += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 16))) for _ in range(400)]
    samples += ["镇", "秦海涛", "孚能科技", "ＡＢＣ", "〇", "个", "家", "个", "\u3400", "\u3400\u3401"]
    for s in samples + samples[::-1]:  # twice: single characters come from memory the second time
        assert viterbi(s, char_state_tab_P, start_P, trans_P, emit_P) == \
            jiebas(s, char_state_tab_P, start_P, trans_P, emit_P), s
    route = viterbi("个", char_state_tab_P, start_P, trans_P, emit_P)[1]
    route.append("changed by a caller")
    assert len(viterbi("个", char_state_tab_P, start_P, trans_P, emit_P)[1]) == 1


def test_speaker_precheck_finds_the_same_names(extract_text):
    # names inside a clause are found by tagging the sentence, which now happens only where a
    # surname stands before a speech verb; the answers are those of tagging every sentence
    facts = extract_text("镇江新区召开会议。路月中指出，要抓好落实。会上王小明表示支持，随后张伟说好。企业家李强认为有信心。")
    assert [(f.text, f.start) for f in facts if f.kind == "person"] == [
        ("路月中", 9), ("王小明", 23), ("张伟", 33), ("李强", 41)]


# ---------------------------------------------------------------- the process pool
def _corpus_of_copies(tmp_path, copies=3):
    """The seeds several times over, some edited, so a pool gets many tasks."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(copies):
        for p in sorted(SEEDS.glob("*.txt")):
            text = p.read_text(encoding="utf-8")
            if n:
                text = text.replace("镇江新区", "镇江高新区" if n % 2 else "新区")
            (corpus / f"{n}_{p.name}").write_text(text, encoding="utf-8")
    return corpus


def test_pool_gives_the_same_facts_in_the_same_order(tmp_path, profiles, monkeypatch):
    from zoneprofile.run import stream

    corpus = _corpus_of_copies(tmp_path)
    alone, docs = stream.extract_corpus(corpus, profiles, jobs=0)
    monkeypatch.setattr(stream, "BATCH_CHARS", 5000)  # several tasks, finishing in any order
    pooled, pooled_docs = stream.extract_corpus(corpus, profiles, jobs=2)
    assert len(alone) > 1000
    if not pooled.equals(alone):  # say which rows differ, not only that the tables do
        a, b = alone.astype(str).to_dict("records"), pooled.astype(str).to_dict("records")
        diff = [(i, x, y) for i, (x, y) in enumerate(zip(a, b)) if x != y][:3]
        raise AssertionError(f"{len(a)} rows in one process, {len(b)} pooled; first differences: {diff}")
    assert list(pooled.dtypes) == list(alone.dtypes)
    assert [d.doc for d in pooled_docs] == [d.doc for d in docs]
    assert [d.text for d in pooled_docs] == [d.text for d in docs]


def test_pool_matches_the_session_extraction(seed_facts, profiles):
    from zoneprofile.run.stream import extract_corpus

    df, _ = seed_facts
    pooled, names = extract_corpus(SEEDS, profiles, jobs=2, keep_docs=False)
    assert pooled.equals(df)
    assert names == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_a_run_the_cache_answers_starts_no_worker(tmp_path, profiles, monkeypatch):
    from zoneprofile.run import stream
    from zoneprofile.store.cache import FactCache

    first = stream.extract_parts(SEEDS, profiles, jobs=None, cache=FactCache(tmp_path, profiles), words=True)
    assert first.extracted == 5

    def no_pool(workers):
        raise AssertionError("a worker was started for a corpus the cache answers")

    monkeypatch.setattr(stream, "start_pool", no_pool)
    again = stream.extract_parts(SEEDS, profiles, jobs=None, cache=FactCache(tmp_path, profiles), words=True)
    assert again.extracted == 0
    assert again.records() == first.records() and again.word_counts() == first.word_counts()


def test_word_counts_come_from_the_extracting_pass(tmp_path, profiles, seed_facts):
    """The brief's word counts, made by the worker that extracts (or by this process), from the
    cache beside the facts, or added to facts cached by `extract`: always vocabulary.word_counts."""
    from zoneprofile.extract.words import word_counts
    from zoneprofile.run.stream import extract_parts
    from zoneprofile.store.cache import FactCache

    _, docs = seed_facts
    expected = {z: c for z, c in word_counts(docs, profiles).items() if c}
    pooled = extract_parts(SEEDS, profiles, jobs=1, words=True)
    assert pooled.word_counts() == expected and sum(map(len, expected.values())) > 100
    assert extract_parts(SEEDS, profiles, jobs=0, words=True).word_counts() == expected
    cache = FactCache(tmp_path, profiles)
    extract_parts(SEEDS, profiles, jobs=1, cache=cache)  # `extract`: facts only
    cache.close()
    cache = FactCache(tmp_path, profiles)
    added = extract_parts(SEEDS, profiles, jobs=1, cache=cache, words=True)
    assert added.extracted == 0 and cache.hits == 5 and added.word_counts() == expected
    cache.close()
    cached = extract_parts(SEEDS, profiles, jobs=1, cache=FactCache(tmp_path, profiles), words=True)
    assert cached.word_counts() == expected


def test_records_are_the_tables_records(profiles, seed_facts):
    """The brief compares records made without pandas: the same dicts as the fact table's."""
    from conftest import ROOT

    from zoneprofile.read.profiles import load_profiles
    from zoneprofile.run.stream import extract_parts
    from zoneprofile.store.facts import records

    other = ROOT / "tests" / "other_zones"
    for corpus, profs in ((SEEDS, profiles), (other / "texts", load_profiles(other / "profiles"))):
        found = extract_parts(corpus, profs, jobs=0)
        table = records(found.frame())
        found = extract_parts(corpus, profs, jobs=0)
        mine = found.records()
        assert len(mine) > 100 and mine == table
        assert [list(map(type, r.values())) for r in mine] == [list(map(type, r.values())) for r in table]


def test_rows_make_the_same_table_as_facts(profiles, extract_text):
    from operator import attrgetter

    from zoneprofile.store.facts import (
        COLUMNS,
        columns_to_frame,
        rows_to_frame,
        to_frame,
    )

    facts = extract_text("镇江新区授信19.3亿元，同比增长19.5%，全省第5位。秦海涛指出，要抓好落实。")
    rows = [attrgetter(*COLUMNS)(f) for f in facts]
    columns = {name: [r[i] for r in rows] for i, name in enumerate(COLUMNS)}
    assert rows_to_frame(rows).equals(to_frame(facts))
    assert columns_to_frame(columns).equals(to_frame(facts))
    assert list(rows_to_frame([]).dtypes) == list(to_frame([]).dtypes)
    assert list(columns_to_frame({name: [] for name in COLUMNS}).dtypes) == list(to_frame([]).dtypes)
    people = extract_text("会上，秦海涛指出，要抓好落实。")  # entities only: value and the rest all null
    assert people and columns_to_frame({n: [getattr(f, n) for f in people] for n in COLUMNS}).equals(to_frame(people))


def test_summary_from_columns_is_the_tables(profiles):
    from zoneprofile.extract.document import extract_document
    from zoneprofile.read.corpus import Document
    from zoneprofile.store.facts import COLUMNS, summarize, to_frame

    facts = [f for p in sorted(SEEDS.glob("*.txt"))
             for f in extract_document(Document(p.name, p.read_text(encoding="utf-8"), "utf-8"), profiles[:1])]
    df = to_frame(facts)
    none = df[df["zone"].isna()]
    summary = summarize({name: [getattr(f, name) for f in facts] for name in COLUMNS})
    assert summary["unattributed"] == len(none) > 10
    assert summary == {"facts": len(df), "zones": df["zone"].dropna().nunique(), "unattributed": len(none),
                       "examples": [[r.doc, r.start, r.text, r.sentence[:40]] for r in none.head(10).itertuples()]}


# ---------------------------------------------------------------- the cache
def _run(corpus, profiles, cache_dir, **options):
    from zoneprofile.run.stream import extract_corpus
    from zoneprofile.store.cache import FactCache

    cache = FactCache(cache_dir, profiles)
    df, _ = extract_corpus(corpus, profiles, cache=cache, **options)
    return df, cache


def test_cache_answers_an_unchanged_corpus(tmp_path, profiles, seed_facts):
    df, first = _run(SEEDS, profiles, tmp_path / "cache")
    assert (first.hits, first.misses) == (0, 5)
    again, second = _run(SEEDS, profiles, tmp_path / "cache")
    assert (second.hits, second.misses) == (5, 0)
    assert again.equals(df) and df.equals(seed_facts[0])
    pooled, third = _run(SEEDS, profiles, tmp_path / "cache", jobs=2)
    assert third.hits == 5 and pooled.equals(df)


def test_cache_reextracts_a_changed_file_only(tmp_path, profiles):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    before, _ = _run(corpus, profiles, tmp_path / "cache")
    changed = sorted(corpus.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("镇江新区", "镇江高新区"), encoding="utf-8")
    after, cache = _run(corpus, profiles, tmp_path / "cache", jobs=2)
    assert (cache.hits, cache.misses) == (4, 1)
    fresh, _ = _run(corpus, profiles, tmp_path / "other-cache")
    assert after.equals(fresh) and not after.equals(before)


def test_cache_reextracts_when_a_profile_changes(tmp_path, profiles_dir):
    from zoneprofile.read.profiles import load_profiles

    _run(SEEDS, load_profiles(profiles_dir), tmp_path / "cache")
    path = profiles_dir / "zhenjiang-new-area.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [镇江新城, "), encoding="utf-8")
    _, cache = _run(SEEDS, load_profiles(profiles_dir), tmp_path / "cache")
    assert (cache.hits, cache.misses) == (0, 5)


def test_cache_reextracts_when_the_code_changes(tmp_path, profiles, monkeypatch):
    from zoneprofile.store import cache as cache_module

    _run(SEEDS, profiles, tmp_path / "cache")
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version of the extractor")
    _, cache = _run(SEEDS, profiles, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (0, 5)


def test_code_fingerprint_covers_sources_and_word_lists():
    from zoneprofile.store.cache import code_fingerprint

    code_fingerprint.cache_clear()
    assert code_fingerprint() == code_fingerprint() and len(code_fingerprint()) == 32


def test_cache_key_covers_name_text_and_manifest(tmp_path, profiles):
    from zoneprofile.read.corpus import Document
    from zoneprofile.store.cache import FactCache

    cache = FactCache(tmp_path, profiles)
    base = Document("a.txt", "镇江新区授信19.3亿元。", "utf-8")
    keys = {cache.key(base), cache.key(Document("b.txt", base.text, "utf-8")),
            cache.key(Document("a.txt", base.text + "\n", "utf-8")),
            cache.key(Document("a.txt", base.text, "utf-8", {"date": "2021-05-01"}))}
    assert len(keys) == 4
    assert cache.key(base) == cache.key(Document("a.txt", base.text, "gb18030"))  # same text, same facts


def test_damaged_cache_entry_is_extracted_again(tmp_path, profiles):
    import sqlite3

    df, _ = _run(SEEDS, profiles, tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / "facts.sqlite3") as db:
        db.execute("UPDATE facts SET rows = x'00'")
    again, cache = _run(SEEDS, profiles, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (0, 5) and again.equals(df)
    _, cache = _run(SEEDS, profiles, tmp_path / "cache")
    assert cache.hits == 5


def test_unusable_cache_warns_and_the_run_goes_on(tmp_path, profiles, seed_facts, caplog):
    (tmp_path / "not-a-folder").write_text("x")
    df, cache = _run(SEEDS, profiles, tmp_path / "not-a-folder")
    assert df.equals(seed_facts[0])
    assert "not usable" in caplog.text and "not-a-folder" in caplog.text


# ---------------------------------------------------------------- the commands
def test_commands_use_the_cache_and_no_cache_bypasses_it(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from conftest import PROFILES, ROOT

    env = {**os.environ, "ZONEPROFILE_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args):
        result = subprocess.run([sys.executable, "-m", "zoneprofile", "extract", SEEDS, "--profiles", PROFILES,
                                 "--format", "jsonl", *args], capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
        return result.stderr

    run("-o", tmp_path / "none.jsonl", "--no-cache", "-j", "2")
    assert not (tmp_path / "cache").exists()
    assert "from the cache" not in run("-o", tmp_path / "first.jsonl", "-j", "0")
    assert (tmp_path / "cache" / "facts.sqlite3").is_file()
    second = run("-o", tmp_path / "second.jsonl")
    assert "5 documents (5 from the cache)" in second
    assert "extracting" not in second  # no progress bar in a pipe
    outputs = [(tmp_path / f"{n}.jsonl").read_bytes() for n in ("none", "first", "second")]
    assert outputs[0] == outputs[1] == outputs[2]
    assert len([json.loads(line) for line in outputs[0].splitlines()]) > 300


def test_dictionary_depends_on_the_profiles_alone(tmp_path, profiles, profiles_dir):
    """jieba's dictionary is global: extracting with other profiles, or twice, leaves no trace."""
    import jieba

    from zoneprofile.lang.dictionary import prepare_dictionary
    from zoneprofile.read.profiles import load_profiles
    from zoneprofile.run.stream import extract_corpus

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
    from zoneprofile.render import pdf as render

    assert render.harfbuzz_subset_available()  # installed by scripts/install.sh
    monkeypatch.setattr(render, "harfbuzz_subset_available", lambda: False)
    render.check_fonts()
    assert "HarfBuzz-subset is missing" in caplog.text and "libharfbuzz-subset0" in caplog.text


def test_prechecked_patterns_find_what_the_patterns_find():
    from zoneprofile.extract import entities
    from zoneprofile.read.segment import paragraphs, sentences

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("聚焦新能源、新材料、航空航天、生命健康四大主导产业，在船舶海工装备、半导体产业、现代物流等领域发力。"
                 "市委常委、新区党工委书记秦海涛调研。")
    for wrapped in (entities.TITLED, entities.SECTOR_LIST, entities.INDUSTRY_LIST):
        found = 0
        for text in texts:
            for s in sentences(text, paragraphs(text)):
                got = [m.span() for m in wrapped.finditer(text, s.start, s.end)]
                assert got == [m.span() for m in wrapped.pattern.finditer(text, s.start, s.end)]
                found += len(got)
        assert found


def test_unchanged_corpus_writes_the_same_output_again(tmp_path):
    """The second run of `extract` on an unchanged corpus writes the stored bytes of the first;
    a changed file, profile or format is extracted and written afresh."""
    import os
    import subprocess
    import sys

    from conftest import PROFILES, ROOT

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zz.txt").write_text("某开发区投资5亿元。\n", encoding="utf-8")
    env = {**os.environ, "ZONEPROFILE_CACHE_DIR": str(tmp_path / "cache")}

    def run(out, *args):
        result = subprocess.run([sys.executable, "-m", "zoneprofile", "extract", corpus, "--profiles", PROFILES,
                                 "-o", tmp_path / out, *args], capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
        return result.stderr.replace(str(tmp_path / out), "OUT"), (tmp_path / out).read_bytes()

    first, again = run("a.csv"), run("b.csv")
    assert again[1] == first[1] and again[0] == first[0].replace("6 documents", "6 documents (6 from the cache)")
    assert "no zone: zz.txt" in again[0]
    fresh = run("c.csv", "--no-cache")
    assert fresh[1] == first[1]
    jsonl = run("d.jsonl"), run("e.jsonl")
    assert jsonl[0][1] == jsonl[1][1] and jsonl[0][1] != first[1]
    (corpus / "zz.txt").write_text("某开发区投资6亿元。\n", encoding="utf-8")
    changed = run("f.csv")
    assert "(5 from the cache)" in changed[0] and b"600000000" in changed[1]


def test_truncated_cache_entry_is_extracted_again(tmp_path, profiles):
    import sqlite3

    df, _ = _run(SEEDS, profiles, tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / "facts.sqlite3") as db:
        db.execute("UPDATE facts SET rows = substr(rows, 1, 40)")  # a valid start, cut short
    again, cache = _run(SEEDS, profiles, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (0, 5) and again.equals(df)


def test_tags_are_kept_per_dictionary_and_bounded(extract_text, monkeypatch):
    from zoneprofile.lang import dictionary

    first = dictionary.tokens("镇江新区授信19.3亿元")
    first.append(("changed", "by a caller"))
    assert dictionary.tokens("镇江新区授信19.3亿元") == first[:-1]
    extract_text("另一篇文章。")
    assert "镇江新区授信19.3亿元" in dictionary._TOKENS  # kept across documents: the same answer
    monkeypatch.setattr(dictionary, "_TOKENS_CHARS", 40)
    for i in range(10):
        dictionary.tokens(f"第{i}篇文章说园区新增企业{i}家")
    assert len(dictionary._TOKENS) < 10 and dictionary._held <= 40 + 20  # dropped when full
    assert dictionary.tokens("第9篇文章说园区新增企业9家") == dictionary._tagger()("第9篇文章说园区新增企业9家")


def test_a_brief_loads_neither_jieba_nor_pandas_and_is_the_same(tmp_path):
    """The brief's process never loads jieba or pandas: cold, the worker that extracts the facts
    counts the vocabulary's words too (kept in the cache beside the facts), and the facts are
    compared as records; warm, nothing is extracted or segmented. All say the same."""
    import os
    import subprocess
    import sys

    from conftest import PROFILES, ROOT

    env = {**os.environ, "ZONEPROFILE_CACHE_DIR": str(tmp_path / "cache")}
    script = ("import sys\nfrom zoneprofile.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n"
              "    assert not e.code, e.code\nprint(sorted({'jieba', 'pandas'} & set(sys.modules)), file=sys.stderr)\n")

    def brief(name, *args):
        result = subprocess.run([sys.executable, "-c", script, "brief", str(SEEDS), "--profiles", str(PROFILES),
                                 "-o", str(tmp_path / f"{name}.pdf"), "--html", str(tmp_path / f"{name}.html"), *args],
                                capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
        return result.stderr.splitlines()[-1]

    assert brief("first") == "[]"  # an empty cache: one worker extracts and counts
    assert brief("second") == "[]"
    assert brief("uncached", "--no-cache") == "[]"
    html = [(tmp_path / f"{n}.html").read_text(encoding="utf-8") for n in ("first", "second", "uncached")]
    assert "特色词" in html[0] and html[0] == html[1] == html[2]
    pdfs = [(tmp_path / f"{n}.pdf").read_bytes() for n in ("first", "second", "uncached")]
    assert pdfs[0] == pdfs[1] == pdfs[2]
