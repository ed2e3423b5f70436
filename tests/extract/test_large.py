"""Huge inputs: a long file is extracted in parts with the same facts and offsets into the
whole file, long "sentences" are cut, and a big file is read in bounded memory."""

import subprocess
import sys
import time

import pytest
from conftest import PROFILES, ROOT, SEEDS

from zoneprofile.extract import document as extract
from zoneprofile.read.corpus import Document
from zoneprofile.read.segment import MAX_SENTENCE, paragraphs, sentences

SEED_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture
def extract_doc(profiles):
    from zoneprofile.lang.dictionary import prepare_dictionary

    prepare_dictionary(profiles)
    return lambda name, text: extract.extract_document(Document(name, text, "utf-8"), profiles)


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
def test_a_document_extracted_in_parts_gives_the_same_facts(name, extract_doc, monkeypatch):
    text = SEED_TEXTS[name]
    whole = extract_doc(name, text)
    monkeypatch.setattr(extract, "PART_CHARS", 1200)
    assert len(extract.part_bounds(text, paragraphs(text), 1200)) >= 3
    assert extract_doc(name, text) == whole


def test_parts_cover_the_text_even_without_paragraph_breaks():
    text = ("镇江新区新增企业20家，投资3亿元。\n" * 3000) + "末尾没有换行" * 5000
    bounds = extract.part_bounds(text, paragraphs(text), 10_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a == prev_b for (_, prev_b), (a, _) in zip(bounds, bounds[1:]))
    assert all(b - a <= 10_000 for a, b in bounds)


def test_dump_of_many_articles_offsets_index_the_whole_file(extract_doc, monkeypatch):
    monkeypatch.setattr(extract, "PART_CHARS", 5000)
    text = "\n\n".join(SEED_TEXTS.values())
    facts = extract_doc("dump.txt", text)
    assert len(facts) == sum(len(extract_doc(n, t)) for n, t in SEED_TEXTS.items())
    for f in facts:
        assert text[f.start:f.end] == f.text
        assert f.sentence_start <= f.start < f.end <= f.sentence_end


def test_a_page_without_full_stops_is_cut_into_bounded_sentences(extract_doc):
    text = "镇江新区企业20家，投资3亿元，增长5%，" * 2000  # 40,000 characters, not one 。
    sents = sentences(text)
    assert max(s.end - s.start for s in sents) <= MAX_SENTENCE
    assert "".join(s.of(text) for s in sents) == text.strip()
    start = time.perf_counter()
    facts = extract_doc("page.txt", text)
    assert time.perf_counter() - start < 20  # was minutes: the work per sentence grew with its square
    assert len([f for f in facts if f.text == "3亿元"]) == 2000
    assert all(text[f.start:f.end] == f.text for f in facts)


def test_a_hard_cut_never_splits_a_number():
    text = "字" * (MAX_SENTENCE - 3) + "123456789" + "字" * 50
    pieces = [s.of(text) for s in sentences(text)]
    assert any("123456789" in p for p in pieces)


_PEAK = """
import resource, sys
{setup}
from zoneprofile.cli import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    assert not e.code, e.code
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""
# Extraction replaced by one fact per part: what is left is reading, decoding, cutting
# into parts, the table and the output, at full scale, in seconds instead of minutes.
_STUB = """
from zoneprofile.extract import document as extract
def one_fact_per_part(doc, profiles, matcher, whole=None, catalogue=None):
    i = doc.text.find("\\n") + 1 or 1
    return [extract.Fact(doc.doc, None, None, "count", doc.text[:i], 0, i, 1, "个", "exact", "x", None,
                         doc.text[:i], sentence_start=0, sentence_end=i)]
extract._extract = one_fact_per_part
"""


def _peak_mb(corpus, out, setup=""):
    # --jobs 0: the stub replaces extraction in this process; worker processes would not see it
    result = subprocess.run([sys.executable, "-c", _PEAK.format(setup=setup), "-q", "extract", corpus,
                             "--profiles", PROFILES, "--format", "jsonl", "-o", out, "--jobs", "0", "--no-cache"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return int(result.stderr.strip().splitlines()[-1])


def test_a_50_mb_file_is_read_in_bounded_memory(tmp_path):
    """A 50 MB scraped dump (Chinese and ASCII boilerplate, single line breaks only) through
    `extract` in a child process: the memory above the baseline stays under twice the file's
    size (its bytes while decoding, then its text); each part is extracted on its own."""
    corpus = tmp_path / "dump"
    corpus.mkdir()
    article = "\n".join(SEED_TEXTS.values()).replace("\n\n", "\n") + "\n"
    line = "Copyright (c) news site | home | about | contact | archive | login | 登录 | 注册\n"
    with (corpus / "dump.txt").open("w", encoding="utf-8") as fh:
        for _ in range(50 * 2**20 // (len(article.encode()) + 200 * len(line.encode())) + 1):
            fh.write(article + line * 200)
    size_mb = (corpus / "dump.txt").stat().st_size / 2**20
    assert size_mb >= 50
    baseline = _peak_mb(SEEDS, tmp_path / "seeds.jsonl", _STUB)
    big = _peak_mb(corpus, tmp_path / "big.jsonl", _STUB)
    assert big - baseline < 2 * size_mb, (baseline, big, size_mb)
    parts = (tmp_path / "big.jsonl").read_text(encoding="utf-8").count("\n")
    assert parts >= size_mb * 2**20 / 3 / extract.PART_CHARS  # ~3 bytes a character


def test_a_dump_of_real_articles_is_extracted_in_bounded_memory(tmp_path):
    """The real extraction on a 0.8 MB dump of articles: memory grows with the facts found
    (about 7,000 here), not with the square of the text; bench/huge_file.py does 50 MB."""
    corpus = tmp_path / "dump"
    corpus.mkdir()
    text = "\n\n".join(SEED_TEXTS.values())
    copies = int(0.8 * 2**20 // len(text.encode())) + 1
    (corpus / "dump.txt").write_text("\n\n".join([text] * copies), encoding="utf-8")
    baseline = _peak_mb(SEEDS, tmp_path / "seeds.jsonl")
    big = _peak_mb(corpus, tmp_path / "big.jsonl")
    seeds_facts = (tmp_path / "seeds.jsonl").read_text(encoding="utf-8").count("\n")
    big_facts = (tmp_path / "big.jsonl").read_text(encoding="utf-8").count("\n")
    assert big_facts >= 0.95 * copies * seeds_facts
    assert big - baseline < 40, (baseline, big)


def test_a_brief_of_a_huge_corpus_shows_a_bounded_number_of_figures(seed_facts, profiles, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from zoneprofile.compare import comparison as compare
    from zoneprofile.render.brief import build_context, render_brief

    df, docs = seed_facts
    full = build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles])
    monkeypatch.setattr(compare, "MAX_FIGURES_PER_ZONE", 10)
    capped = build_context(df, profiles, docs, str(SEEDS), [p.id for p in profiles])
    for z, whole in zip(capped.zones, full.zones):
        raw = len(df[(df["zone"] == z.id) & df["kind"].isin(extract.QUANTITY_KINDS) & (df["measure"] != "threshold")])
        assert whole.facts + whole.omitted <= z.facts + z.omitted <= raw  # the count tells how many there are
        shown = sum(1 for c in capped.categories for row in c.rows if row[z.id] is not None)
        shown += sum(1 for c in capped.categories for row in c.paired if row.cells[z.id] is not None)
        assert shown <= 10 and z.omitted == raw - 10
    assert len(capped.notes) < len(full.notes)
    render_brief(capped, tmp_path / "b.pdf")
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages).replace(" ", "")
    omitted = next(z.omitted for z in capped.zones if z.id == "zhenjiang-new-area")
    assert "篇幅所限" in text and str(omitted) in text
