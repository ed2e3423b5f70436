"""The template context: what brief.html and profile.html receive.

Every name here is documented by its `help` and promised stable (extend, never
break): `docs/templates.md` is generated from these classes by
`zoneprofile templates docs`, and a test fails when the two disagree or when a
rendered context key is undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from markupsafe import Markup

from zoneprofile.compare.views import (  # noqa: F401  (the context's classes, documented together)
    AlignedRow,
    Category,
    DimensionSection,
    FactView,
    Mention,
    Note,
    PairedRow,
    Source,
    Term,
    ZoneSummary,
    help_field,
)


@dataclass
class Charts:
    """Inline SVG charts (safe markup, no JavaScript), drawn in Python."""

    paired: Markup = help_field("Paired bars for the chartable comparable metrics, or empty.")
    vocabulary: Markup = help_field("Each zone's most distinctive words as bars, or empty.")


@dataclass
class Theme:
    """theme.yaml: the look, without touching HTML."""

    page_size: str = help_field("`A4`, `A4 landscape`, `A3`, `A3 landscape`, `Letter` or `Letter landscape`.")
    font_family: str = help_field("The CJK font family for all text: `Noto Sans CJK SC`.")
    palette: list[str] = help_field("Zone colours, in zone order (#rrggbb).")
    ink: str = help_field("Text colour.")
    muted: str = help_field("Secondary text colour.")
    rule: str = help_field("Table rule colour.")
    band: str = help_field("Background of label cells.")
    sections: dict[str, bool] = help_field("Which sections show: glance, charts, vocabulary, categories, entities, "
                                    "unattributed, sources, notes.")


@dataclass
class BriefContext:
    """The whole context of brief.html (and profile.html)."""

    title: str = help_field("The zones' names joined by ×: `镇江新区 × 镇江高新区`.")
    mode: str = help_field("`brief` (several zones) or `profile` (one zone).")
    zones: list[ZoneSummary] = help_field("The zones, in the order asked for.")
    dimensions: list[DimensionSection] = help_field(
        "The comparison: the catalogue's dimensions (indicators.yaml) in order, each with its aligned rows and the "
        "indicators only one zone reports; empty ones left out.")
    categories: list[Category] = help_field(
        "The figures that match no indicator of the catalogue (or speak of a part of a zone), listed under their zone, "
        "by category (categories.yaml); their `paired` is empty: only indicators are compared.")
    paired: list[PairedRow] = help_field("Every aligned row with one figure per zone (the one compared), for the "
                                         "overview chart.")
    unattributed: list[FactView] = help_field("Figures no zone could claim (listed, never dropped).")
    unattributed_omitted: int = help_field("How many more figures without a zone a very large corpus has than "
                                      "the brief lists (0 usually).")
    sources: list[Source] = help_field("The source documents.")
    notes: list[Note] = help_field("The citations, numbered in reading order.")
    charts: Charts = help_field("Inline SVG charts.")
    theme: Theme = help_field("The theme options in force.")
    colors: dict[str, str] = help_field("Zone id → colour.")
    corpus: str = help_field("The corpus as given on the command line.")
    fact_count: int = help_field("Number of figures shown (all zones plus unattributed).")
    version: str = help_field("zoneprofile's version.")
    generated: str = help_field("The brief's date: SOURCE_DATE_EPOCH if set, else the latest source date, else the "
                         "latest year of the sources; never the clock.")
    date: str | None = help_field("The same date in W3C form for the PDF's metadata (SOURCE_DATE_EPOCH or the "
                             "latest manifest date), or None: the PDF then carries no date.")

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


CONTEXT_CLASSES = [BriefContext, ZoneSummary, DimensionSection, AlignedRow, Category, PairedRow, FactView, Mention, Term, Source, Note, Charts,
                   Theme]
