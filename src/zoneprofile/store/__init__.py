"""Keeping facts: the fact table and its files, the extraction cache, the Parquet fact store.

Takes Facts as rows (extract.document's field order); gives the pandas fact table and its CSV,
JSONL and XLSX files (facts.py), atomic writes that never touch an input (outputs.py), the
per-document cache (cache.py) and the dataset folder of `extract --format parquet` (parquet.py).
"""
