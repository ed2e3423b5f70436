"""The provenance invariant: every fact points into what its file says."""

from conftest import SEEDS


def test_every_seed_fact_is_grounded(seed_facts):
    df, docs = seed_facts
    texts = {d.doc: d.text for d in docs}
    assert len(df) > 100
    for row in df.itertuples():
        text = texts[row.doc]
        assert text[row.start:row.end] == row.text
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
        assert row.text in row.sentence


def test_offsets_index_the_file_as_decoded(seed_facts):
    df, docs = seed_facts
    for d in docs:
        assert (SEEDS / d.doc).read_bytes().decode("utf-8") == d.text


def test_every_seed_fact_has_a_zone(seed_facts):
    df, _ = seed_facts
    assert df["zone"].notna().all()
    assert set(df["kind"]) >= {"money", "percent", "count", "rank"}
