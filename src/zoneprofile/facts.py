"""The fact table: one pandas DataFrame, one row per fact, and its file formats.

CONTRACT_COLUMNS are the public `extract` contract (README): extend, never break.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields
from pathlib import Path
from typing import Iterable

import pandas as pd

from zoneprofile.errors import ZoneprofileError
from zoneprofile.extract import Fact
from zoneprofile.outputs import FORMATS, atomic_write, infer_format  # noqa: F401 (infer_format: API)

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


def write_facts(df: pd.DataFrame, path: str | Path, fmt: str, inputs: tuple[Path, ...] = ()) -> None:
    path = Path(path)
    if fmt not in FORMATS:
        raise ZoneprofileError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "csv":
        atomic_write(path, lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8"), inputs)
    elif fmt == "jsonl":
        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as fh:
                for row in records(df):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        atomic_write(path, write, inputs)
    else:
        atomic_write(path, lambda tmp: df.to_excel(tmp, index=False, sheet_name="facts", engine="openpyxl"), inputs)
