"""Any input, no crash, only grounded facts: property-based tests (hypothesis) on any Unicode
text and any bytes, then thousands of mutated seed texts (truncated, bytes flipped, cut,
spliced, re-encoded) through decoding and extraction, and a handful through the brief."""

import codecs
import random

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zoneprofile.extract.document import extract_document
from zoneprofile.extract.record import ENTITY_KINDS, QUANTITY_KINDS
from zoneprofile.read.corpus import Document, decode_bytes

SEED_BYTES = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
SEED_TEXTS = [b.decode("utf-8") for b in SEED_BYTES]
# The characters the extractors look at: numerals, units, qualifiers, zone names, quotes, breaks.
GENRE = list("镇江新区高经开发园企业项目亿万千百十个家位名第全省市排上升下降增长约近超逾余多以上不足到至-—~.%％"
             "0123456789０１２一二三四五六七八九两年月日季度底截前今去“”「」《》（）()、，。；：！？ \n\r\t\u3000")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_grounded(text, facts):
    for f in facts:
        assert text[f.start:f.end] == f.text and f.text
        assert f.sentence_start <= f.start < f.end <= f.sentence_end <= len(text)
        assert f.kind in QUANTITY_KINDS + ENTITY_KINDS
        if f.kind in QUANTITY_KINDS:
            assert f.value is not None and f.value == f.value and f.unit and f.metric  # not NaN
            assert f.qualifier in ("exact", "over", "about", "under")


@pytest.fixture(scope="module")
def extract(profiles):
    from zoneprofile.lang.dictionary import prepare_dictionary

    prepare_dictionary(profiles)
    from zoneprofile.extract.attribute import ZoneMatcher

    matcher = ZoneMatcher(profiles)
    return lambda text: extract_document(Document("fuzz.txt", text, "utf-8"), profiles, matcher)


@SETTINGS
@given(st.text())
def test_any_unicode_string(extract, text):
    check_grounded(text, extract(text))


@SETTINGS
@given(st.text(alphabet=st.sampled_from(GENRE), max_size=300))
def test_any_string_of_the_genres_characters(extract, text):
    check_grounded(text, extract(text))


@SETTINGS
@given(st.lists(st.sampled_from(SEED_TEXTS[0].split("\n") + SEED_TEXTS[3].split("\n") + [""]), max_size=12),
       st.text(alphabet=st.sampled_from(GENRE), max_size=20))
def test_seed_lines_shuffled_with_noise(extract, lines, noise):
    text = noise.join(lines)
    check_grounded(text, extract(text))


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_are_refused(data):
    try:
        decoded = decode_bytes(data)
    except ValueError:
        return
    assert isinstance(decoded.text, str) and decoded.replaced >= 0


# ------------------------------------------------------------------ mutations of the seeds
def _reencode(rng, text):
    encoding = rng.choice(["gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
    return text.encode(encoding, errors="replace")


def mutate(rng, data):
    """One random damage of the kinds a scraped or forwarded file suffers, sometimes several."""
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        n = len(data)
        kind = rng.randrange(9)
        if n == 0:
            data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 20)))
        elif kind == 0:  # truncated anywhere, mid-character included
            data = data[:rng.randrange(n)]
        elif kind == 1:  # a few bytes flipped
            b = bytearray(data)
            for _ in range(rng.randrange(1, 8)):
                b[rng.randrange(n)] ^= 1 << rng.randrange(8)
            data = bytes(b)
        elif kind == 2:  # random bytes inserted
            i = rng.randrange(n)
            data = data[:i] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 12))) + data[i:]
        elif kind == 3:  # a range cut out
            i = rng.randrange(n)
            data = data[:i] + data[i + rng.randrange(1, 400):]
        elif kind == 4:  # a range repeated
            i = rng.randrange(n)
            data = data[:i] + data[i:i + rng.randrange(1, 300)] * rng.randrange(2, 5) + data[i:]
        elif kind == 5:  # re-encoded (as text if it still is)
            try:
                data = _reencode(rng, data.decode("utf-8"))
            except UnicodeDecodeError:
                data = data[::-1]
        elif kind == 6:  # markup and URLs pasted in
            i = rng.randrange(n)
            junk = rng.choice([b"<script>x</script>", b"<img src=file:///etc/passwd>", b"http://a.b/c?d=1&e=2",
                               b"\x1b[2J", b"\r", b"\r\n\r\n", "\u202e\ufeff".encode(), b"\xef\xbb\xbf"])
            data = data[:i] + junk + data[i:]
        elif kind == 7:  # line endings changed
            data = data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b""]))
        else:  # a BOM that does not fit
            data = rng.choice([codecs.BOM_UTF16_LE, codecs.BOM_UTF8, codecs.BOM_UTF32_BE]) + data
    return data


def test_thousands_of_mutated_seed_excerpts_extract_without_crash(extract):
    rng = random.Random(20240601)
    decoded_count = 0
    for i in range(3000):
        seed = rng.choice(SEED_BYTES)
        start = rng.randrange(len(seed))
        data = mutate(rng, seed[start:start + rng.randrange(50, 700)])
        try:
            text = decode_bytes(data).text
        except ValueError:
            continue
        decoded_count += 1
        try:
            check_grounded(text, extract(text))
        except Exception as exc:  # say which mutation, to reproduce it
            raise AssertionError(f"mutation {i}: {data[:80]!r}…") from exc
    assert decoded_count > 2000  # most damage leaves text to read


def test_mutated_corpora_through_the_brief(tmp_path, profiles):
    from zoneprofile.render.brief import build_context, render_brief
    from zoneprofile.run.stream import extract_corpus

    rng = random.Random(7)
    for round_ in range(4):
        corpus = tmp_path / f"c{round_}"
        corpus.mkdir()
        for n, seed in enumerate(SEED_BYTES):
            (corpus / f"{n}.txt").write_bytes(mutate(rng, seed) if n != round_ else seed)
        df, docs = extract_corpus(corpus, profiles)
        for d in docs:
            check_grounded(d.text, [f for f in df[df["doc"] == d.doc].itertuples()])
        context = build_context(df, profiles, docs, str(corpus), [p.id for p in profiles])
        out = render_brief(context, tmp_path / f"b{round_}.pdf", html_path=tmp_path / f"b{round_}.html")
        assert out.read_bytes().startswith(b"%PDF-")
