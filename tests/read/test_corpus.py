import pytest

from zoneprofile.errors import CorpusError
from zoneprofile.read.corpus import decode, read_corpus

TEXT = "镇江新区前三季度累计召开区级调度会20次。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_detected(encoding):
    text, used = decode(TEXT.encode(encoding))
    assert text == TEXT


def test_binary_rejected():
    with pytest.raises(ValueError):
        decode(b"%PDF-1.7\x00\x01\x02")


def test_line_endings_and_offsets_kept(tmp_path):
    (tmp_path / "a.txt").write_bytes("标题\r\n\r\n正文".encode("gbk"))
    (doc,) = read_corpus(tmp_path)
    assert doc.text == "标题\r\n\r\n正文" and doc.encoding == "gb18030"


def test_empty_and_binary_files_skipped_with_warning(tmp_path, caplog):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    docs = list(read_corpus(tmp_path))
    assert [d.doc for d in docs] == ["ok.txt"]
    assert "empty.txt" in caplog.text and "fake.txt" in caplog.text


def test_missing_corpus(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        list(read_corpus(tmp_path / "missing"))


def test_folder_without_texts(tmp_path):
    with pytest.raises(CorpusError, match="no \\*.txt"):
        list(read_corpus(tmp_path))
