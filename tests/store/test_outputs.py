"""Outputs are written atomically and never over an input."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROFILES, ROOT, SEEDS

from zoneprofile.errors import ZoneprofileError
from zoneprofile.store.outputs import atomic_write


def run(*args):
    return subprocess.run([sys.executable, "-m", "zoneprofile", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.fixture
def project(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(PROFILES, tmp_path / "profiles")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "brief.html").write_text('{% extends "default:brief.html" %}', encoding="utf-8")
    (tmp_path / "seeds" / "manifest.csv").write_text("file,title\n", encoding="utf-8")
    return tmp_path


def snapshot(folder):
    return {p: p.read_bytes() for p in Path(folder).rglob("*") if p.is_file()}


@pytest.mark.parametrize("args", [
    ["extract", "{seeds}", "-o", "{seeds}/000_303548be3bc03ab2.txt"],
    ["extract", "{seeds}", "-o", "{seeds}/new.txt"],
    ["extract", "{seeds}", "-o", "{seeds}/manifest.csv"],
    ["extract", "{seeds}/000_303548be3bc03ab2.txt", "-o", "{seeds}/000_303548be3bc03ab2.txt"],
    ["extract", "{seeds}", "-o", "{profiles}/zhenjiang-new-area.yaml", "--format", "csv"],
    ["brief", "{seeds}", "-o", "{seeds}/a.txt"],
    ["brief", "{seeds}", "-o", "{root}/b.pdf", "--templates", "{root}/t", "--html", "{root}/t/brief.html"],
    ["brief", "{seeds}", "-o", "{root}/link.pdf"],
])
def test_never_over_an_input(project, args):
    (project / "link.pdf").symlink_to(project / "seeds" / "001_60141a7b673559a6.txt")
    before = snapshot(project)
    fill = {"seeds": project / "seeds", "profiles": project / "profiles", "root": project}
    result = run(*[a.format(**fill) for a in args], "--profiles", project / "profiles")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(project) == before


def test_html_over_the_builtin_template_is_refused(tmp_path):
    builtin = ROOT / "templates" / "brief.html"
    before = builtin.read_bytes()
    result = run("brief", SEEDS, "--profiles", PROFILES, "-o", tmp_path / "b.pdf", "--html", builtin)
    assert result.returncode == 2 and "inputs" in result.stderr
    assert builtin.read_bytes() == before


def test_atomic_write_refuses_inputs_itself(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ZoneprofileError, match="refusing"):
        atomic_write(tmp_path / "a.txt", lambda tmp: Path(tmp).write_text("y"), inputs=(tmp_path,))
    assert (tmp_path / "a.txt").read_text() == "x"


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_output_and_leaves_no_temporary_file(tmp_path, error):
    target = tmp_path / "out" / "facts.csv"
    atomic_write(target, lambda tmp: Path(tmp).write_text("old", encoding="utf-8"))

    def half_then_fail(tmp):
        Path(tmp).write_text("half", encoding="utf-8")
        raise error

    with pytest.raises(type(error)):
        atomic_write(target, half_then_fail)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in target.parent.iterdir()] == ["facts.csv"]


def test_the_output_is_replaced_not_rewritten_in_place(tmp_path):
    target = tmp_path / "facts.csv"
    atomic_write(target, lambda tmp: Path(tmp).write_text("old", encoding="utf-8"))
    reader = target.open(encoding="utf-8")  # someone reading the old output meanwhile
    atomic_write(target, lambda tmp: Path(tmp).write_text("new", encoding="utf-8"))
    assert reader.read() == "old" and target.read_text(encoding="utf-8") == "new"
    reader.close()
    assert oct(target.stat().st_mode & 0o777) != "0o600"


def test_an_output_into_a_new_folder(tmp_path):
    result = run("extract", SEEDS, "--profiles", PROFILES, "-o", tmp_path / "a" / "b" / "facts.jsonl")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "a" / "b" / "facts.jsonl").stat().st_size > 1000


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_streamed_rows_write_the_same_bytes_as_the_whole_table(seed_facts, tmp_path, fmt):
    """extract writes CSV and JSONL a document at a time; the file must be the one the whole table
    gives, even when the batches' column types differ (a batch of years without a null)."""
    from zoneprofile.store.facts import COLUMNS, rows_to_frame, write_facts, write_rows

    df, _ = seed_facts
    rows = [tuple(None if v != v else v for v in r) for r in df[COLUMNS].itertuples(index=False)]
    with_year = [r for r in rows if r[COLUMNS.index("year")] is not None]
    parts = [with_year] * (25_000 // len(with_year) + 1) + [rows]  # the first batches have no null year
    whole, streamed = tmp_path / f"whole.{fmt}", tmp_path / f"streamed.{fmt}"
    write_facts(rows_to_frame([r for p in parts for r in p]), whole, fmt)
    write_rows(lambda: iter(parts), streamed, fmt)
    assert streamed.read_bytes() == whole.read_bytes()


def test_an_int_past_int64_writes_the_floats_pandas_writes(tmp_path):
    """A value column of ints only, one of them past int64: pandas makes the column float (7.0, 1e+20)."""
    from zoneprofile.store.facts import COLUMNS, rows_to_frame, write_facts, write_rows

    def row(doc, value):
        r = dict.fromkeys(COLUMNS)
        r.update(doc=doc, value=value, start=0, end=1, sentence_start=0, sentence_end=1)
        return tuple(r[c] for c in COLUMNS)

    rows = [row("a.txt", 7), row("b.txt", 10**20)]
    whole, streamed = tmp_path / "whole.csv", tmp_path / "streamed.csv"
    write_facts(rows_to_frame(rows), whole, "csv")
    write_rows(lambda: iter([rows[:1], rows[1:]]), streamed, "csv")
    assert streamed.read_bytes() == whole.read_bytes()


def test_column_types_by_rule_are_the_types_pandas_infers(seed_facts):
    """store.rows types the common columns without pandas; for every mix of the Python values a
    fact's field can hold, the type is the one pandas gives the whole table (or pandas is asked)."""
    import itertools

    from zoneprofile.store.rows import COLUMNS, INT_COLUMNS, NUMERIC, _by_pandas, _by_rule, column_kinds

    values = [None, 3, -7, 2**63 + 5, -(2**63) - 1, 2.5, float("nan"), 3.0, "a", "=1+2", True, ""]
    for name in ("zone", NUMERIC, INT_COLUMNS[0], "of"):
        for size in (1, 2, 3):
            for mix in itertools.combinations(values, size):
                rows = []
                for v in mix:
                    r = dict.fromkeys(COLUMNS)
                    r.update(start=0, end=1, sentence_start=0, sentence_end=1, value=1.5)
                    r[name] = v
                    rows.append(tuple(r[c] for c in COLUMNS))
                try:
                    expected = _by_pandas_of(rows)
                except (TypeError, ValueError, OverflowError):
                    continue  # pandas refuses the table itself (a null start): so does extract
                assert column_kinds(lambda: iter([rows])) == expected, (name, mix)

    def no_pandas(parts):
        raise AssertionError("asked pandas")

    import zoneprofile.store.rows as store_rows

    real = [tuple(None if v != v else v for v in r) for r in seed_facts[0][COLUMNS].itertuples(index=False)]
    try:  # the rows extraction makes are typed by rule
        store_rows._by_pandas = no_pandas
        assert column_kinds(lambda: iter([real])) == _by_pandas_of(real)
    finally:
        store_rows._by_pandas = _by_pandas
    assert _by_rule("zone", {str: "a", type(None): None}, []) == "o"


def _by_pandas_of(rows):
    from zoneprofile.store.facts import rows_to_frame
    from zoneprofile.store.rows import COLUMNS

    types = rows_to_frame(rows).dtypes.to_dict()
    return ["f" if getattr(types[c], "kind", "") == "f" else "i" if getattr(types[c], "kind", "") in ("i", "u")
            else "o" for c in COLUMNS]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("with_null_year", [True, False])
def test_rows_written_while_extracting_are_the_rows_written_after(seed_facts, tmp_path, fmt, with_null_year):
    """extract writes its file while the workers extract (store.rows.RowStream), with the column
    types a table of real facts has; a table whose types differ (no null year: an int column) is
    written again, so the bytes are pandas' (the whole table's) either way, whichever documents were
    fed before."""
    from zoneprofile.store.facts import COLUMNS, rows_to_frame, write_facts
    from zoneprofile.store.rows import RowStream

    df, _ = seed_facts
    rows = [tuple(None if v != v else v for v in r) for r in df[COLUMNS].itertuples(index=False)]
    year = COLUMNS.index("year")
    if not with_null_year:
        rows = [r for r in rows if r[year] is not None]
    parts = [rows[i:i + 40] for i in range(0, len(rows), 40)] + [[]]
    expected = tmp_path / f"expected.{fmt}"
    write_facts(rows_to_frame(rows), expected, fmt)
    for fed in (0, 3, len(parts)):
        out = tmp_path / f"streamed{fed}.{fmt}"
        with open(out, "w+", encoding="utf-8", newline="" if fmt == "csv" else None) as fh:
            stream = RowStream(fh, fmt)
            for part in parts[:fed]:
                stream.feed(part)
            stream.finish(lambda start: iter(parts[start:]))
        assert out.read_bytes() == expected.read_bytes(), fed
        assert stream.tally.summary()["facts"] == len(rows)
