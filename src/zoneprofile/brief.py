"""The brief: the comparison plus what the templates need, rendered to PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zoneprofile import __version__
from zoneprofile.compare import Comparison, compare
from zoneprofile.corpus import Document
from zoneprofile.errors import ZoneprofileError
from zoneprofile.profiles import Profile
from zoneprofile.render import render_html, source_date, template_dirs, write_pdf

PALETTE = ["#1f5fa8", "#b8452f", "#2e7d4f", "#7a4fa0", "#a77b12"]


@dataclass
class BriefContext:
    """What brief.html receives (the names are documented in the README)."""

    title: str  # e.g. 镇江新区 × 镇江高新区
    comparison: Comparison  # zones, paired, sections, unattributed, sources, notes
    colors: dict[str, str]  # zone id → colour
    corpus: str  # the corpus folder as given
    fact_count: int
    version: str
    date: str | None = None  # SOURCE_DATE_EPOCH, else the latest document date (manifest); never the clock

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def select_zones(profiles: list[Profile], zones: str | None) -> list[str]:
    known = [p.id for p in profiles]
    if not zones:
        return known
    wanted = [z.strip() for z in zones.split(",") if z.strip()]
    if not wanted:
        raise ZoneprofileError(f"{zones!r} names no zone; available: {', '.join(known)}")
    unknown = [z for z in wanted if z not in known]
    if unknown:
        raise ZoneprofileError(f"unknown zone {', '.join(map(repr, unknown))}; available: {', '.join(known)}")
    return list(dict.fromkeys(wanted))


def build_context(df: pd.DataFrame, profiles: list[Profile], docs: list[Document], corpus: str,
                  zone_ids: list[str]) -> BriefContext:
    comparison = compare(df, profiles, docs, zone_ids)
    colors = {z.id: PALETTE[i % len(PALETTE)] for i, z in enumerate(comparison.zones)}
    title = " × ".join(z.name for z in comparison.zones)
    facts = sum(z.facts for z in comparison.zones) + len(comparison.unattributed) + comparison.omitted.get("", 0)
    date = source_date([d.meta.get("date") for d in docs])
    return BriefContext(title, comparison, colors, corpus, facts, __version__, date)


def render_brief(context: BriefContext, output: str | Path, templates: str | Path | None = None,
                 html_path: str | Path | None = None, inputs: tuple[Path, ...] = ()) -> Path:
    html = render_html("brief.html", context.as_dict(), templates)
    dirs = template_dirs(templates)
    inputs = (*inputs, *(p for d in dirs for p in d.rglob("*") if p.is_file()))  # templates and their assets
    if html_path:
        from zoneprofile.outputs import atomic_write

        atomic_write(html_path, lambda tmp: Path(tmp).write_text(html, encoding="utf-8"), inputs)
    return write_pdf(html, output, base_dir=dirs[0], allowed_roots=dirs, inputs=inputs)
