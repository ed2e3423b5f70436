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
from dataclasses import fields
from pathlib import Path
from typing import Iterable

import pandas as pd

from zoneprofile.errors import ZoneprofileError
from zoneprofile.extract.record import Fact
from zoneprofile.store.outputs import FORMATS, atomic_write, infer_format  # noqa: F401 (infer_format: API)
from zoneprofile.store.rows import (  # noqa: F401 (the CSV and JSONL of rows, without pandas: API)
    FORMULA_STARTS,
    Tally,
    _clean,
    escape_cell,
    summarize,
    unescape_cell,
    write_rows,
)

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


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as plain dicts: nulls as None, whole numbers as int."""
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


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


