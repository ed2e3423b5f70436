"""Issue 16, the inputs: YAML bombs, named pipes and devices where files are expected, folder links,
deep folders, unreadable folders, NUL bytes, two manifests (items 10, 11, 12, 16, 19, 22). Whatever
once hung runs in another process with a timeout."""

import os
import shutil

import pytest
from attacks_common import PROFILES, one_line_error, small_corpus, zp, zp_process

ALIAS_BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x, x]"] +
                       [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)])


def _profiles_with(tmp_path, name, content=None):
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    if content is not None:
        (folder / name).write_text(content, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- 10: YAML alias bombs
@pytest.mark.parametrize("field", ["name", "aliases", "city"])
def test_item10_an_alias_bomb_in_a_profile_is_one_short_line_at_once(tmp_path, field):
    body = (f"id: bomb\nname: 炸弹新区\naliases: [炸弹]\nkind: 新区\ncity: 某市\n{ALIAS_BOMB}\n"
            .replace(f"{field}: ", f"{field}: *i\n_{field}: ", 1))
    folder = _profiles_with(tmp_path, "bomb.yaml", body)
    result = zp_process("zones", "--profiles", folder, timeout=30)
    line = one_line_error(result.returncode, result.stderr)
    assert "alias" in line and len(line) < 300


def test_item10_an_alias_bomb_in_the_manifest_is_one_short_line_at_once(tmp_path):
    corpus = small_corpus(tmp_path / "c")
    (corpus / "manifest.yaml").write_text(f"{ALIAS_BOMB}\nrows:\n  - file: a.txt\n    title: *i\n", encoding="utf-8")
    result = zp_process("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv", timeout=30)
    line = one_line_error(result.returncode, result.stderr)
    assert "manifest.yaml" in line and "alias" in line and len(line) < 300


def test_item10_a_huge_value_is_quoted_in_a_few_dozen_characters(tmp_path):
    folder = _profiles_with(tmp_path, "huge.yaml", "id: huge\nname: 大新区\naliases: [大区]\nkind: 新区\n"
                                                   f"city: [{', '.join(['某市'] * 3000)}]\n")
    code, err = zp("zones", "--profiles", folder)
    line = one_line_error(code, err)
    assert "'city' must be text" in line and len(line) < 300


# ---------------------------------------------------------------- 11: pipes and devices where files belong
@pytest.mark.parametrize("make", ["fifo", "link to /dev/zero", "link to a fifo"])
def test_item11_a_profile_that_is_no_regular_file_is_skipped_with_a_warning(tmp_path, make):
    folder = _profiles_with(tmp_path, "x.yaml")
    if make == "fifo":
        os.mkfifo(folder / "x.yaml")
    elif make == "link to a fifo":
        os.mkfifo(tmp_path / "pipe")
        (folder / "x.yaml").symlink_to(tmp_path / "pipe")
    else:
        (folder / "x.yaml").symlink_to("/dev/zero")
    result = zp_process("zones", "--profiles", folder, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "x.yaml: not a regular file, skipped" in result.stderr and "zhenjiang-new-area" in result.stdout


@pytest.mark.parametrize("corpus_form", ["folder", "file://", "glob"])
def test_item11_a_text_that_is_a_pipe_or_a_device_is_skipped_with_a_warning(tmp_path, corpus_form):
    corpus = small_corpus(tmp_path / "c")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    arg = {"folder": corpus, "file://": corpus.as_uri(), "glob": f"{corpus}/*.txt"}[corpus_form]
    zp("extract", small_corpus(tmp_path / "warm"), "--profiles", PROFILES, "-o", tmp_path / "w.csv", "-j", "0")
    result = zp_process("extract", arg, "--profiles", PROFILES, "-o", tmp_path / "f.csv", "-j", "0", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pipe.txt: a named pipe" in result.stderr and "zero.txt: a character device" in result.stderr
    assert "from 2 documents" in result.stderr


@pytest.mark.parametrize("make", ["fifo", "link to /dev/zero"])
def test_item11_an_at_list_that_is_no_regular_file_is_one_line(tmp_path, make):
    small_corpus(tmp_path / "c")
    listing = tmp_path / "list"
    if make == "fifo":
        os.mkfifo(listing)
    else:
        listing.symlink_to("/dev/zero")
    result = zp_process("extract", f"@{listing}", "--profiles", PROFILES, "-o", tmp_path / "f.csv", timeout=30)
    assert "not a file" in one_line_error(result.returncode, result.stderr)


# ---------------------------------------------------------------- 12: folder links in a corpus
@pytest.mark.parametrize("pattern", ["{c}/**/*.txt", "{c}", "file://{c}"])
def test_item12_folder_links_are_not_followed_each_document_is_read_once(tmp_path, pattern):
    corpus = small_corpus(tmp_path / "c")
    small_corpus(corpus / "sub", {"s.txt": "镇江新区新增企业3家。\n"})
    (corpus / "self").symlink_to(".")
    (corpus / "sub" / "up").symlink_to("..")
    (corpus / "loop1").symlink_to(corpus / "loop2")
    (corpus / "loop2").symlink_to(corpus / "loop1")
    zp("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "w.jsonl", "-j", "0")  # the cache answers below
    result = zp_process("extract", pattern.format(c=corpus), "--profiles", PROFILES, "-o", tmp_path / "f.jsonl",
                        "-j", "0", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "from 3 documents" in result.stderr, result.stderr
    assert "self: a link to a folder, not followed" in result.stderr


# ---------------------------------------------------------------- 16: deep structures
def test_item16_a_corpus_1100_folders_deep_is_read(tmp_path):
    corpus = small_corpus(tmp_path / "c")
    try:
        deep = corpus
        for _ in range(1100):  # level by level: pathlib's mkdir(parents=True) recurses too
            deep = deep / "d"
            os.mkdir(deep)
        (deep / "a.txt").write_text("镇江新区新增企业20家。\n", encoding="utf-8")
        for args in ([corpus], [f"{corpus}/**/*.txt"]):
            code, err = zp("extract", *args, "--profiles", PROFILES, "-o", tmp_path / "f.csv", "-j", "0")
            assert code == 0 and "from 3 documents" in err, err
    finally:  # level by level again: pytest's own clean-up (shutil.rmtree) would hit the recursion limit
        deep = corpus
        while (deep / "d").is_dir():
            deep = deep / "d"
        (deep / "a.txt").unlink(missing_ok=True)
        while deep != corpus:
            deep.rmdir()
            deep = deep.parent


def test_item16_a_profile_nested_20000_deep_is_one_line(tmp_path):
    folder = _profiles_with(tmp_path, "deep.yaml", "id: deep\nname: " + "[" * 20000 + "]" * 20000 + "\n")
    code, err = zp("zones", "--profiles", folder)
    assert "nested more than" in one_line_error(code, err)


# ---------------------------------------------------------------- 19: unreadable folders, NUL bytes
def test_item19_an_unreadable_folder_is_said(tmp_path, monkeypatch):
    corpus = small_corpus(tmp_path / "c")
    locked = small_corpus(corpus / "locked", {"x.txt": "镇江新区新增企业3家。\n"})
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any folder: have the system say no as it would to a user
        real = os.scandir

        def scandir(path):
            if os.fspath(path) == os.fspath(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        code, err = zp("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv", "-j", "0")
    finally:
        locked.chmod(0o755)
    assert code == 0 and "from 2 documents" in err
    assert "locked: cannot read this folder (Permission denied); its files are skipped" in err


def test_item19_a_text_with_one_nul_byte_is_read(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    text = ("镇江新区今年新增企业20家，授信19.3亿元。\n" + "新区召开了会议，研究部署下一阶段的工作。\n" * 150).encode("utf-8")
    cut = text.index(b"\n", 4000) + 1
    (corpus / "a.txt").write_bytes(text[:cut] + b"\x00" + text[cut:])  # 9 KB of UTF-8, one NUL byte
    code, err = zp("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.jsonl", "-j", "0")
    assert code == 0 and "from 1 documents" in err and "1 NUL byte(s)" in err
    import json

    records = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    decoded = (corpus / "a.txt").read_bytes().decode("utf-8")
    assert len(records) >= 2 and all(decoded[r["start"]:r["end"]] == r["text"] for r in records)


# ---------------------------------------------------------------- 22: two manifests
def test_item22_manifest_yaml_beside_manifest_csv_is_an_error_not_ignored(tmp_path):
    corpus = small_corpus(tmp_path / "c")
    (corpus / "manifest.csv").write_text("file,title\na.txt,甲\n", encoding="utf-8")
    (corpus / "manifest.yaml").write_text("- file: a.txt\n  title: 乙\n", encoding="utf-8")
    code, err = zp("extract", corpus, "--profiles", PROFILES, "-o", tmp_path / "f.csv", "-j", "0")
    line = one_line_error(code, err)
    assert "manifest.csv and manifest.yaml" in line and "keep one" in line
