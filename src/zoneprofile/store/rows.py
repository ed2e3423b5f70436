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
    seen: list[dict[type, object]] = [{} for _ in COLUMNS]
    ints: list[list[int]] = [[] for _ in COLUMNS]  # the smallest and the largest int of each column
    for rows in parts():
        if not rows:
            continue
        for kinds, extremes, column in zip(seen, ints, zip(*rows)):  # a column at a time: the loops run in C
            for kind in set(map(type, column)).difference(kinds):
                kinds[kind] = next(v for v in column if type(v) is kind)
            if int in kinds:  # the ints past int64 decide, as in pandas (uint64, float or object)
                found = [v for v in column if type(v) is int]
                if found:
                    extremes[:] = [min(found + extremes[:1]), max(found + extremes[1:])]
    out = [_by_rule(name, kinds, extremes) for name, kinds, extremes in zip(COLUMNS, seen, ints)]
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
    write_facts(rows_to_frame(all rows)), without the whole table in memory. `parts()` gives the
    rows again for each pass (CSV makes two: the columns' types, then the rows)."""
    path = Path(path)
    if fmt == "jsonl":
        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as fh:
                for rows in parts():
                    for row in rows:
                        fh.write(json.dumps({k: _clean(v) for k, v in zip(COLUMNS, row)}, ensure_ascii=False) + "\n")
        atomic_write(path, write, inputs)
        return
    if fmt != "csv":
        raise ZoneprofileError(f"write_rows writes csv or jsonl, not {fmt!r}")
    cells = _cell_writers(column_kinds(parts))

    def write(tmp):
        import csv

        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator=os.linesep)  # pandas' to_csv: the csv module, these options
            out.writerow(COLUMNS)
            for rows in parts():
                if rows:
                    out.writerows(zip(*[_csv_column(cell, column) for cell, column in zip(cells, zip(*rows))]))
    atomic_write(path, write, inputs)


def _csv_column(cell: Callable[[object], object], column: tuple) -> tuple | list:
    """A document's column as the csv module is to write it: `cell` applied to each value, or the
    column as it is when that changes nothing the csv module would write (it writes None as an
    empty cell, an int with str(), a float with repr()): an int column of ints, a text column with
    no NaN and no text a spreadsheet would run as a formula. Most of the cells of a table, checked
    a column at a time instead of converted one by one (a big extract's last second)."""
    name = cell.__name__
    if name == "as_int":
        if all(v.__class__ is int for v in column):
            return column
    elif name == "as_object":
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


class Tally:
    """summarize() of rows seen a document at a time, over the first pass through them only."""

    def __init__(self):
        self.passes = 0
        self.columns: dict[str, list] = {}

    def count(self, parts):
        self.passes += 1
        if self.passes > 1:
            yield from parts
            return
        names = fact_fields()
        picked = [names.index(n) for n in ("zone", "doc", "start", "text", "sentence")]
        self.columns = {n: [] for n in ("zone", "doc", "start", "text", "sentence")}
        for rows in parts:
            for row in rows:
                zone = row[picked[0]]
                self.columns["zone"].append(zone)
                if zone is None and len(self.columns["doc"]) < 10:  # the examples: the first ten
                    for name, i in zip(("doc", "start", "text", "sentence"), picked[1:]):
                        self.columns[name].append(row[i])
            yield rows

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
