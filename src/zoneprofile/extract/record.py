"""What extraction gives: the Fact record (the `extract` contract, in its field order), the kinds,
and a document's DocumentInfo. Light on purpose: the cache, the workers and the store need these
names without importing the extractors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One extracted fact. Field order is the `extract` contract (docs/extract-contract.md)."""

    doc: str
    zone: str | None
    zone_name: str | None
    kind: str
    text: str
    start: int
    end: int
    value: float | int | None
    unit: str | None
    qualifier: str | None
    metric: str | None
    period: str | None
    sentence: str
    # extensions after the contract fields
    scope: str | None = None  # 全国/全省/全市 for ranks
    attribution: str = "none"  # how the zone was decided: sentence|paragraph|document|none|other|scope
    sentence_start: int = 0
    sentence_end: int = 0
    year: int | None = None  # the year the figure speaks of, where known
    detail: str | None = None  # a person's titles, a date in ISO form
    value_min: float | int | None = None  # the lower end of a range (3至5年); value is the upper end
    outlook: str | None = None  # "target" (力争, 目标是), "forecast" (预计, 有望); None for a result
    indicator: str | None = None  # the catalogue's indicator id (templates/indicators.yaml), or None when none fits
    measure: str | None = None  # level | growth | share | rank | change | per_unit | threshold (quantities)
    of: int | None = None  # a rank's field, where the text gives it: 位居全国146个高新区第三位 → 146
    ranking: str | None = None  # the list a rank or an order belongs to: 全国高新区, 国家级新区, 中西部 (gold: `list`)
    subject: str | None = None  # in a list of places, the clause's own subject (宿城区) when it is no zone of ours
    basis: str | None = None  # what a growth or a change is measured against: 同比, 年均, 环比, 比2009年, 比成立时


QUANTITY_KINDS = ("money", "percent", "count", "rank", "rank_change", "area", "duration", "order", "multiple")


ENTITY_KINDS = ("organization", "person", "industry", "initiative", "date")


@dataclass(frozen=True)
class DocumentInfo:
    """What a document is, beside its facts: for the brief's sources list."""

    doc: str
    title: str | None
    date: str | None  # from the manifest
    year: int | None  # the manifest's, else inferred from the text
    year_source: str  # manifest | text | unknown
    source: str | None  # from the manifest
    bylines: tuple[str, ...]
    credits: tuple[str, ...]
    encoding: str


def fact_fields() -> list[str]:
    """facts.COLUMNS, without importing pandas."""
    from dataclasses import fields

    from zoneprofile.extract.record import Fact

    return [f.name for f in fields(Fact)]

