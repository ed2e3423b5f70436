"""The fact table's CSV and JSONL, written a document at a time from rows, without pandas.

`extract` writes its CSV or JSONL while the rows come from the cache and the workers; importing
pandas (~0.5 s of CPU) and building a DataFrame for that would take time from the workers that are
still extracting. The bytes are pandas' (store.facts.write_facts of the whole table): the columns'
types are those pandas would infer for the whole table (column_kinds: the common cases by rule,
checked against pandas in the tests; anything else is asked of pandas itself), and a cell is
written as pandas' to_csv writes it. Written by hand because no library writes pandas' CSV without
building pandas' table. The escape of cells a spreadsheet would run as formulas: see store.facts.
"""

from __future__ import annotations

import json
import math
import os
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable

from zoneprofile.errors import ZoneprofileError
from zoneprofile.extract.record import fact_fields
from zoneprofile.store.outputs import atomic_write

COLUMNS = fact_fields()
INT_COLUMNS = ("start", "end", "sentence_start", "sentence_end")  # cast to int64 (facts._typed)
NUMERIC = "value"  # pd.to_numeric(errors="coerce") (facts._typed)
INT64 = (-(1 << 63), 1 << 63)


FORMULA_STARTS = frozenset("=+-@\t\r'")


def escape_cell(value):
    """A CSV cell that no spreadsheet runs as a formula (see the module docstring)."""
    if value.__class__ is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def unescape_cell(cell: str) -> str:
    """escape_cell undone."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def column_kinds(parts: Callable[[], Iterable[list[tuple]]]) -> list[str]:
    """For each column, how pandas would type it in the whole table (rows_to_frame of every row):
    "f" float64, "i" an integer type, "o" anything else (object, str, bool); from one pass that
    notes which Python types each column holds. By rule where the column holds None, int and float
    only (ints within int64) or holds text: what pandas infers there (no float and no None: int64;
    else float64; text: object or str); anything else is asked of pandas, of the whole table."""
    kinds = _Kinds()
    for rows in parts():
        kinds.add(rows)
    return kinds.result(parts)


class _Kinds:
    """column_kinds, a document's rows at a time."""

    def __init__(self):
        self.seen: list[dict[type, object]] = [{} for _ in COLUMNS]
        self.ints: list[list[int]] = [[] for _ in COLUMNS]  # the smallest and the largest int of each column

    def add(self, rows: list[tuple]) -> None:
        if not rows:
            return
        for kinds, extremes, column in zip(self.seen, self.ints, zip(*rows)):  # a column at a time: loops in C
            for kind in set(map(type, column)).difference(kinds):
                kinds[kind] = next(v for v in column if type(v) is kind)
            if int in kinds:  # the ints past int64 decide, as in pandas (uint64, float or object)
                found = [v for v in column if type(v) is int]
                if found:
                    extremes[:] = [min(found + extremes[:1]), max(found + extremes[1:])]

    def held(self) -> list[bool]:
        """Per column, whether it holds a value other than None."""
        return [bool(set(k) - {type(None)}) for k in self.seen]

    def result(self, parts: Callable[[], Iterable[list[tuple]]]) -> list[str]:
        out = [_by_rule(name, kinds, extremes) for name, kinds, extremes in zip(COLUMNS, self.seen, self.ints)]
        if None in out:  # a column the rules do not cover (a bool, an int past int64, a null in an int column)
            return _by_pandas(parts)
        return out


def _by_rule(name: str, kinds: dict[type, object], ints: list[int]) -> str | None:
    types = set(kinds) - {type(None)}
    if ints and not (INT64[0] <= ints[0] and ints[1] < INT64[1]):
        return None
    if types and types <= {int, float}:
        if name in INT_COLUMNS:
            return "i" if types == {int} and type(None) not in kinds else None
        return "i" if types == {int} and type(None) not in kinds else "f"
    if name in INT_COLUMNS or name == NUMERIC:
        return None  # cast or coerced: pandas decides
    return "o" if types <= {str} else None


def _by_pandas(parts: Callable[[], Iterable[list[tuple]]]) -> list[str]:
    """The kinds pandas gives the whole table, built whole: pandas' inference for mixed columns
    depends on the values and their order ([True, 3, 3.0] is float, [3, 3.0, True] int), which no
    sample reproduces. Never the case for the rows extraction makes (the rules cover them)."""
    import numpy as np
    import pandas as pd

    from zoneprofile.store.facts import rows_to_frame

    types = rows_to_frame([r for rows in parts() for r in rows]).dtypes.to_dict()
    out = []
    for name in COLUMNS:
        kind = np.dtype(types[name]) if not isinstance(types[name], pd.api.extensions.ExtensionDtype) else None
        out.append("f" if kind is not None and kind.kind == "f" else "i" if kind is not None and kind.kind in "iu"
                   else "o")
    return out


def write_rows(parts: Callable[[], Iterable[list[tuple]]], path: str | Path, fmt: str,
               inputs: tuple[Path, ...] = ()) -> None:
    """CSV or JSONL of the facts given as rows, a document at a time: the same bytes as
    write_facts(rows_to_frame(all rows)), without the whole table in memory (RowStream; `parts()`
    gives the rows again for a second pass when a CSV's column types are not a real table's)."""
    if fmt not in ("csv", "jsonl"):
        raise ZoneprofileError(f"write_rows writes csv or jsonl, not {fmt!r}")

    def write(tmp):
        with open(tmp, "w", encoding="utf-8", newline="" if fmt == "csv" else None) as fh:
            RowStream(fh, fmt).finish(lambda start: islice(parts(), start, None))
    atomic_write(Path(path), write, inputs)


def _csv_column(kind: str, cell: Callable[[object], object], column: tuple) -> tuple | list:
    """A document's column of `kind` as the csv module is to write it: `cell` applied to each value,
    or the column as it is when that changes nothing the csv module would write (it writes None as
    an empty cell, an int with str(), a float with repr()): an int column of ints, a text column
    with no NaN and no text a spreadsheet would run as a formula. Most of the cells of a table,
    checked a column at a time instead of converted one by one (a big extract's last second)."""
    if kind == "i":
        if all(v.__class__ is int for v in column):
            return column
    elif kind == "o":
        if not any(v[:1] in FORMULA_STARTS if v.__class__ is str else v.__class__ is float and v != v
                   for v in column):
            return column
    return [cell(v) for v in column]


def _cell_writers(kinds: list[str]) -> list[Callable[[object], object]]:
    """For each column, what pandas' to_csv writes for one of its values once the table's columns
    have `kinds` (column_kinds): a whole number in a float column as 12.0, a null as an empty cell,
    a text escaped (escape_cell); the bytes are the same (tested against write_facts on the seeds'
    table and on a benchmark corpus)."""

    def null(v) -> bool:
        return v is None or (v.__class__ is float and v != v)

    def as_float(v):
        return "" if null(v) else repr(float(v))

    def as_int(v):
        return "" if null(v) else str(int(v))

    def as_object(v):
        if null(v):
            return ""
        return escape_cell(v) if v.__class__ is str else v

    return [as_float if k == "f" else as_int if k == "i" else as_object for k in kinds]


def _guessed_kinds() -> list[str]:
    """The kinds a table of real facts has, from the fields' types (extract.record.Fact): an int
    field "i", a number that may be None "f" (a big table has a None in it), a text "o"."""
    from dataclasses import fields

    from zoneprofile.extract.record import Fact

    types = {f.name: str(f.type) for f in fields(Fact)}
    return ["i" if types[c] == "int" else "f" if "None" in types[c] and ("int" in types[c] or "float" in types[c])
            else "o" for c in COLUMNS]


class RowStream:
    """The CSV or JSONL of the facts written while they are extracted: each document's rows as
    they come, in corpus order (feed), into an open file, so the file is written while the
    workers still extract instead of after them. A CSV's column types are the whole table's, not
    known before the last row: the rows are written with the types a table of real facts has
    (_guessed_kinds), and if the whole table's differ where a value was written (a corpus without
    a None in an optional int column, say), the file is written again from the start (finish).
    The same bytes as store.facts.write_facts of the whole table either way."""

    def __init__(self, fh, fmt: str):
        if fmt not in ("csv", "jsonl"):
            raise ZoneprofileError(f"RowStream writes csv or jsonl, not {fmt!r}")
        self.fh, self.fmt = fh, fmt
        self.fed = 0  # the documents written so far
        self.tally = Tally()
        self.kinds = _Kinds()
        if fmt == "csv":
            import csv

            self.out = csv.writer(fh, lineterminator=os.linesep)  # pandas' to_csv: the csv module, these options
            self.guess = _guessed_kinds()
            self.out.writerow(COLUMNS)

    def feed(self, rows: list[tuple]) -> None:
        self.fed += 1
        self.tally.add(rows)
        if self.fmt == "jsonl":
            _write_jsonl(self.fh, rows)
        else:
            self.kinds.add(rows)
            _write_csv(self.out, [rows], self.guess)

    def finish(self, parts: Callable[[int], Iterable[list[tuple]]]) -> None:
        """Write the documents not fed yet (`parts(start)` gives each document's rows from the
        start-th on), mend the CSV if its types were not the table's (self.tally has counted them all)."""
        for rows in parts(self.fed):
            self.feed(rows)
        if self.fmt == "csv":
            final = self.kinds.result(lambda: parts(0))
            if any(k != g and held for k, g, held in zip(final, self.guess, self.kinds.held())):
                self.fh.seek(0)
                self.fh.truncate()
                self.out.writerow(COLUMNS)
                _write_csv(self.out, parts(0), final)


def _write_jsonl(fh, rows: list[tuple]) -> None:
    for row in rows:
        fh.write(json.dumps({k: _clean(v) for k, v in zip(COLUMNS, row)}, ensure_ascii=False) + "\n")


def _write_csv(out, parts: Iterable[list[tuple]], kinds: list[str]) -> None:
    cells = _cell_writers(kinds)
    for rows in parts:
        if rows:
            out.writerows(zip(*[_csv_column(*kc, column) for kc, column in zip(zip(kinds, cells), zip(*rows))]))


_TALLIED = ("zone", "doc", "start", "text", "sentence")
_PICKED = [COLUMNS.index(n) for n in _TALLIED]


class Tally:
    """summarize() of rows seen a document at a time."""

    def __init__(self):
        self.columns: dict[str, list] = {}

    def add(self, rows: list[tuple]) -> None:
        if not self.columns:
            self.columns = {n: [] for n in _TALLIED}
        picked = _PICKED
        for row in rows:
            zone = row[picked[0]]
            self.columns["zone"].append(zone)
            if zone is None and len(self.columns["doc"]) < 10:  # the examples: the first ten
                for name, i in zip(("doc", "start", "text", "sentence"), picked[1:]):
                    self.columns[name].append(row[i])

    def summary(self) -> dict:
        zones = self.columns.get("zone", [])
        none = sum(z is None for z in zones)
        c = self.columns
        return {"facts": len(zones), "zones": len({z for z in zones if z is not None}), "unattributed": none,
                "examples": [[c["doc"][i], c["start"][i], c["text"][i], c["sentence"][i][:40]]
                             for i in range(len(c.get("doc", [])))]}


# the report of an extraction: what `extract` and `brief` print (cli._report)
def summarize(columns: dict[str, list]) -> dict:
    """The facts, the zones and the facts without a zone (the first ten as examples)."""
    zones = columns["zone"]
    none = [i for i, zone in enumerate(zones) if zone is None]
    return {"facts": len(zones), "zones": len({z for z in zones if z is not None}), "unattributed": len(none),
            "examples": [[columns["doc"][i], columns["start"][i], columns["text"][i], columns["sentence"][i][:40]]
                         for i in none[:10]]}
