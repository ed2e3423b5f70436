"""The fact table: one pandas DataFrame, one row per fact, and its file formats.

CONTRACT_COLUMNS are the public `extract` contract (README): extend, never break.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula, so
texts quoted from articles, and file names, could run in whoever opens the facts (`=SUM(A1:A9)，…`,
a document named `=1+2.txt`). In XLSX every text is stored as a text cell, never a formula, so
nothing changes. CSV has no types: such a text gets a leading apostrophe (OWASP's advice; the
spreadsheet shows the text, not a formula), and so does a text that already starts with one, so
the escape is undone exactly when `--facts` reads the CSV back (unescape_cell). JSONL and Parquet
keep every text as it is. XLSX cannot hold control characters at all: each becomes U+FFFD there.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import fields
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from zoneprofile.errors import ZoneprofileError
from zoneprofile.extract.record import Fact, fact_fields
from zoneprofile.store.outputs import FORMATS, atomic_write, infer_format  # noqa: F401 (infer_format: API)

CONTRACT_COLUMNS = ["doc", "zone", "zone_name", "kind", "text", "start", "end", "value", "unit",
                    "qualifier", "metric", "period", "sentence"]
COLUMNS = [f.name for f in fields(Fact)]
assert COLUMNS[:len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS


def to_frame(facts: Iterable[Fact]) -> pd.DataFrame:
    facts = list(facts)
    if not facts:
        return rows_to_frame([])  # the empty table's column types, whichever way it is built
    # column by column: a dict per fact would double the memory of a big corpus's table
    return _typed(pd.DataFrame({name: [getattr(f, name) for f in facts] for name in COLUMNS}, columns=COLUMNS))


def rows_to_frame(rows: list[tuple]) -> pd.DataFrame:
    """The same table as to_frame, from facts as tuples in the order of COLUMNS (lighter to keep
    and to send between processes than Fact objects)."""
    return _typed(pd.DataFrame.from_records(rows, columns=COLUMNS))


def columns_to_frame(columns: dict[str, list]) -> pd.DataFrame:
    """The same table again, from one list per field (pipeline.Extraction.columns)."""
    if not columns[COLUMNS[0]]:
        return rows_to_frame([])  # no facts: the columns' types as to_frame([]) has them
    return _typed(pd.DataFrame(columns, columns=COLUMNS))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({"start": "int64", "end": "int64", "sentence_start": "int64", "sentence_end": "int64"})
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    return df


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item"):  # numpy scalar
        return _clean(value.item())
    return value


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts: nulls as None, whole numbers as int."""
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


FORMULA_STARTS = frozenset("=+-@\t\r'")


def escape_cell(value):
    """A CSV cell that no spreadsheet runs as a formula (see the module docstring)."""
    if value.__class__ is str and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def unescape_cell(cell: str) -> str:
    """escape_cell undone."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell


def _texts(column: pd.Series) -> bool:
    """A column that may hold text (object, or pandas' own string types)."""
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def _csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """The table with its text cells escaped for CSV (a copy; numbers untouched)."""
    out = df.copy(deep=False)
    for name in df.columns:
        if _texts(df[name]):
            values = df[name].tolist()
            escaped = [escape_cell(v) for v in values]
            if escaped != values:
                out[name] = pd.Series(escaped, index=df.index, dtype=object)
    return out


def _write_xlsx(df: pd.DataFrame, tmp: str) -> None:
    """XLSX where every text is a text cell: never a formula, whatever it starts with."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    clean = df.copy(deep=False)
    for name in df.columns:
        if _texts(df[name]):
            clean[name] = pd.Series([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if v.__class__ is str else v
                                     for v in df[name].tolist()], index=df.index, dtype=object)
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        clean.to_excel(writer, index=False, sheet_name="facts")
        for row in writer.sheets["facts"].iter_rows():
            for cell in row:
                if cell.data_type == "f":  # openpyxl reads a text that starts with = as a formula
                    cell.data_type = "s"


def _column_types(parts: Callable[[], Iterable[list[tuple]]]) -> dict[str, object]:
    """The types the whole table's columns would have (rows_to_frame of every row), from one pass
    that only notes which Python types each column holds."""
    seen: list[dict[type, object]] = [{} for _ in COLUMNS]
    for rows in parts():
        if not rows:
            continue
        for kinds, column in zip(seen, zip(*rows)):  # a column at a time: the loops run in C
            for kind in set(map(type, column)).difference(kinds):
                kinds[kind] = next(v for v in column if type(v) is kind)
            if int in kinds:  # the int farthest from 0 decides, as in pandas: one past int64 makes floats
                ints = [v for v in column if type(v) is int]
                if ints:
                    far = max(max(ints), min(ints), key=abs)
                    if abs(far) > abs(kinds[int]):
                        kinds[int] = far
    if not any(seen):
        return rows_to_frame([]).dtypes.to_dict()  # no facts: the empty table's types
    sample = [list(k.values()) or [None] for k in seen]
    length = max(map(len, sample))
    return rows_to_frame(list(zip(*[s + s[-1:] * (length - len(s)) for s in sample]))).dtypes.to_dict()


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
    types = _column_types(parts)
    cells = _cell_writers(types)

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


def _cell_writers(types: dict[str, object]) -> list[Callable[[object], object]]:
    """For each column, what pandas' to_csv writes for one of its values once the table has `types`
    (the whole table's): a whole number in a float column as 12.0, a null as an empty cell, a text
    escaped (escape_cell). By hand, a row at a time, because building a DataFrame of each batch
    only to write it took most of a big extract's last seconds; the bytes are the same (tested
    against write_facts on the seeds' table and on a benchmark corpus)."""
    import numpy as np

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

    out = []
    for name in COLUMNS:
        kind = np.dtype(types[name]) if not isinstance(types[name], pd.api.extensions.ExtensionDtype) else None
        if kind is not None and kind.kind == "f":
            out.append(as_float)
        elif kind is not None and kind.kind in "iu":
            out.append(as_int)
        else:
            out.append(as_object)
    return out


def write_facts(df: pd.DataFrame, path: str | Path, fmt: str, inputs: tuple[Path, ...] = ()) -> None:
    path = Path(path)
    if fmt not in FORMATS:
        raise ZoneprofileError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "csv":
        atomic_write(path, lambda tmp: _csv_safe(df).to_csv(tmp, index=False, encoding="utf-8"), inputs)
    elif fmt == "jsonl":
        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as fh:
                for row in records(df):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        atomic_write(path, write, inputs)
    else:
        atomic_write(path, lambda tmp: _write_xlsx(df, tmp), inputs)


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

