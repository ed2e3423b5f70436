"""Reading whatever users were sent: every supported encoding, damaged files, files that are not text."""

import codecs
import logging
from pathlib import Path

import pytest
from conftest import SEEDS

from zoneprofile.read.corpus import decode_bytes, read_corpus

DATA = Path(__file__).parents[1] / "data"
SEED = (SEEDS / "000_303548be3bc03ab2.txt").read_text(encoding="utf-8")
# Real Traditional Chinese news (Taiwan usage), saved as Big5 (Windows cp950).
BIG5_FILE = DATA / "big5_hsinchu.txt"


def test_real_big5_news_is_read_as_big5():
    data = BIG5_FILE.read_bytes()
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp950" and decoded.replaced == 0
    assert decoded.text == data.decode("cp950")
    assert "新竹科學園區管理局" in decoded.text and "從業人員逾16萬人" in decoded.text


def test_big5_bytes_also_decode_as_gb18030_so_detection_is_needed():
    data = BIG5_FILE.read_bytes()
    data.decode("gb18030")  # no error: a decoder that tries GB18030 first would read mojibake
    assert "新竹" not in data.decode("gb18030")


@pytest.mark.parametrize("text", ["鎮江新區", "竹科去年營業額突破新臺幣一兆元", "園區現有廠商約610家，從業人員逾16萬人。"])
def test_short_big5_texts(text):
    assert decode_bytes(text.encode("big5")).text == text


@pytest.mark.parametrize("text", ["镇江新区", "镇江新区简讯", SEED[:40], SEED])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16-le", "utf-16-be", "utf-16", "utf-32",
                                      "utf-8", "utf-8-sig"])
def test_simplified_chinese_in_every_encoding(text, encoding):
    """UTF-16 without a byte-order mark included, even for four characters."""
    assert decode_bytes(text.encode(encoding)).text == text


def test_big5_extraction_offsets_index_the_decoded_file(tmp_path, profiles):
    from zoneprofile.run.stream import extract_corpus

    (tmp_path / "tw.txt").write_bytes(BIG5_FILE.read_bytes())
    df, (doc,) = extract_corpus(tmp_path, profiles)
    assert doc.encoding == "cp950"
    assert "12.3%" in set(df["text"])
    for row in df.itertuples():
        assert doc.text[row.start:row.end] == row.text


def test_damaged_utf8_is_read_with_a_warning(tmp_path, caplog):
    data = bytearray(SEED.encode("utf-8"))
    data[300] = 0xFF  # one byte damaged
    (tmp_path / "damaged.txt").write_bytes(bytes(data[:-1]))  # and the last character cut in half
    (doc,) = read_corpus(tmp_path)
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") == 2
    assert doc.text[:90] == SEED[:90]
    assert "damaged.txt" in caplog.text and "U+FFFD" not in caplog.text and "\ufffd" in caplog.text


@pytest.mark.parametrize("name, data, what", [
    ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
    ("doc.txt", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "ZIP"),
    ("blob.txt", bytes(range(256)) * 4, "NUL"),
    ("noise.txt", bytes(range(128, 256)) * 8, "not text"),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \r\n\t\r\n", "empty"),
    ("bom-only.txt", codecs.BOM_UTF16_LE + "\u3000\n".encode("utf-16-le"), "empty"),
])
def test_files_that_are_not_text_are_skipped_with_a_warning_naming_them(tmp_path, caplog, name, data, what):
    caplog.set_level(logging.WARNING)
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text("镇江新区新增企业20家。", encoding="utf-8")
    docs = list(read_corpus(tmp_path))
    assert [d.doc for d in docs] == ["ok.txt"]
    (record,) = [r for r in caplog.records if name in r.getMessage()]
    assert what in record.getMessage() and "skipped" in record.getMessage()


def test_unreadable_file_is_skipped_and_the_rest_read(tmp_path, caplog, monkeypatch):
    (tmp_path / "a.txt").write_text("镇江新区新增企业20家。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("镇江新区新增企业30家。", encoding="utf-8")
    from zoneprofile.read import corpus

    real = corpus.read_regular

    def read_regular(path, limit):  # as root, chmod cannot make a file unreadable
        if Path(path).name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(corpus, "read_regular", read_regular)
    assert [d.doc for d in read_corpus(tmp_path)] == ["b.txt"]
    assert "a.txt" in caplog.text and "Permission denied" in caplog.text


def test_oversized_file_is_skipped_with_a_warning(tmp_path, caplog, monkeypatch):
    from zoneprofile.read import corpus

    monkeypatch.setattr(corpus, "MAX_TEXT_BYTES", 100)
    (tmp_path / "big.txt").write_text("镇江新区" * 100, encoding="utf-8")
    (tmp_path / "small.txt").write_text("镇江新区", encoding="utf-8")
    assert [d.doc for d in read_corpus(tmp_path)] == ["small.txt"]
    assert "big.txt" in caplog.text and "split it" in caplog.text


def test_a_mixed_corpus_reads_every_text(tmp_path):
    texts = {"gbk.txt": ("gbk", SEED), "big5.txt": ("cp950", BIG5_FILE.read_bytes().decode("cp950")),
             "u16.txt": ("utf-16-le", SEED), "bom.txt": ("utf-8-sig", SEED)}
    for name, (encoding, text) in texts.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
    (tmp_path / "fake.txt").write_bytes(b"%PDF-1.4\n")
    docs = {d.doc: d for d in read_corpus(tmp_path)}
    assert set(docs) == set(texts)
    for name, (_, text) in texts.items():
        assert docs[name].text == text
