"""The template context: what brief.html and profile.html receive.

Every name here is documented by its `help` and promised stable (extend, never
break): `docs/templates.md` is generated from these classes by
`zoneprofile templates docs`, and a test fails when the two disagree or when a
rendered context key is undocumented.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from markupsafe import Markup


def _help(help_text: str, **kw):
    """A dataclass field with its help text."""
    return field(metadata={"help": help_text}, **kw)


@dataclass
class FactView:
    """One figure as the brief shows it."""

    zone: str | None = _help("Profile id of its zone, or None when no zone could be attributed.")
    kind: str = _help("money, percent, count, rank, rank_change, area or duration.")
    display: str = _help("The figure normalised, with its qualifier: `超1.4亿元`, `约40家`, `全国第22位`.")
    exact: str = _help("The exact value in plain digits with its unit: `140,000,000元`.")
    text: str = _help("The surface text in the source: `超1.4亿元`.")
    value: float | None = _help("The number (19.3亿元 → 1930000000).")
    unit: str | None = _help("元, 美元, %, 百分点, a measure word, 位 ...")
    qualifier: str = _help("exact, over, about or under.")
    metric: str | None = _help("What is measured: `授信`, `先锋服务团队`.")
    period: str | None = _help("The as-of phrase: `前三季度`, `截至10月底`; None when the sentence has none.")
    year: int | None = _help("The year the figure speaks of, where known.")
    scope: str | None = _help("全国/全省/全市 for ranks.")
    category: str = _help("Key of its category (categories.yaml).")
    doc: str = _help("The source file, relative to the corpus.")
    start: int = _help("Character offset of `text` in the source file.")
    end: int = _help("End offset of `text` in the source file.")
    note: int = _help("Number of its citation in `notes`.")
    also: list[int] = _help("Further citations that give the same figure.", default_factory=list)
    outlook: str | None = _help("`target` (力争, 目标是, 拟) or `forecast` (预计, 有望) when the figure is not (yet) a "
                                "result; None for a result.", default=None)


@dataclass
class PairedRow:
    """A metric several zones report, side by side."""

    metric: str = _help("The metric, as the first zone's source words it.")
    kind: str = _help("Kind of the figures (rank and rank_change may pair: both rank the zone).")
    unit: str | None = _help("Their unit.")
    cells: dict[str, FactView | None] = _help("Zone id → its figure, or None where that zone has none.")
    caveat: str | None = _help("Why the figures are not directly comparable (different years, periods or "
                             "kinds), or None.")
    chartable: bool = _help("True when every zone has a figure in the same unit, so bars can compare them.")


@dataclass
class Category:
    """One section of the comparison (categories.yaml)."""

    key: str = _help("Its key in categories.yaml: `finance`, `services` ...")
    title: str = _help("Its title: `投资与金融`.")
    paired: list[PairedRow] = _help("Metrics compared across zones.")
    rows: list[dict[str, FactView | None]] = _help(
        "The remaining figures, listed under their zone: row i holds each zone's i-th figure (or None).")


@dataclass
class Mention:
    """An entity the sources name: an industry, an organization, a person, an initiative."""

    text: str = _help("The name: `新能源`, `江苏金斯瑞生物科技有限公司`, `五争一创`.")
    kind: str = _help("industry, organization, person or initiative.")
    detail: str | None = _help("A person's titles: `市委常委、新区党工委书记`.")
    count: int = _help("How many times the sources name it.")
    note: int = _help("Citation of its first mention.")


@dataclass
class Term:
    """A word that sets one zone's coverage apart from the others'."""

    word: str = _help("The word (jieba segmentation).")
    score: float = _help("Weighted log-odds z-score with an informative Dirichlet prior; above about 1.96 is "
                       "distinctive at the 5 % level.")
    count: int = _help("How often the zone's sentences use it.")


@dataclass
class ZoneSummary:
    """One zone at a glance."""

    id: str = _help("Profile id.")
    name: str = _help("Full name: `镇江新区`.")
    kind: str = _help("From the profile: `国家级经济技术开发区`.")
    city: str = _help("From the profile.")
    aliases: list[str] = _help("Other names the texts use.")
    color: str = _help("Its colour in the palette (theme.yaml).")
    sources: int = _help("Number of source documents with figures of this zone.")
    facts: int = _help("Number of its figures.")
    years: list[int] = _help("Years its figures speak of, ascending.")
    omitted: int = _help("Figures not listed because the brief shows at most 300 per zone (0 usually); "
                         "`zoneprofile extract` has them all.")
    period_label: str = _help("Those years as a label: `2021`, `2017–2022`, or `—`.")
    ranks: list[FactView] = _help("Its ranks and rank changes.")
    headline: list[FactView] = _help("A few headline figures: the largest sums, growth rates, counts of firms.")
    industries: list[Mention] = _help("Industries the sources name for it, most mentioned first.")
    organizations: list[Mention] = _help("Organizations named in its coverage.")
    people: list[Mention] = _help("People named in its coverage, with their titles.")
    initiatives: list[Mention] = _help("Programmes and slogans (`五争一创`).")
    vocabulary: list[Term] = _help("Its most distinctive words, most distinctive first.")


@dataclass
class Source:
    """One source document."""

    number: int = _help("Its number in the sources list.")
    doc: str = _help("The file, relative to the corpus.")
    title: str = _help("From the manifest, else the article's headline.")
    date: str | None = _help("From the manifest.")
    year: int | None = _help("The manifest's year, else the latest year the text names or implies.")
    byline: str = _help("The authors, 、-separated, or an empty string.")
    source: str | None = _help("The publication, from the manifest.")
    facts: int = _help("Number of figures taken from it.")


@dataclass
class Note:
    """A citation: the sentence a figure comes from."""

    number: int = _help("The citation number shown next to figures.")
    doc: str = _help("The source file.")
    source: int = _help("Number of the source document in `sources`.")
    sentence: str = _help("The sentence, quoted.")
    parts: list[tuple[str, bool]] = _help("The sentence cut into (text, is_figure) pieces, to highlight figures.")
    exact: list[str] = _help("The exact values of the figures it gives: `19.3亿元 = 1,930,000,000元`.")


@dataclass
class Charts:
    """Inline SVG charts (safe markup, no JavaScript), drawn in Python."""

    paired: Markup = _help("Paired bars for the chartable comparable metrics, or empty.")
    vocabulary: Markup = _help("Each zone's most distinctive words as bars, or empty.")


@dataclass
class Theme:
    """theme.yaml: the look, without touching HTML."""

    page_size: str = _help("`A4`, `A4 landscape`, `A3`, `A3 landscape`, `Letter` or `Letter landscape`.")
    font_family: str = _help("The CJK font family for all text: `Noto Sans CJK SC`.")
    palette: list[str] = _help("Zone colours, in zone order (#rrggbb).")
    ink: str = _help("Text colour.")
    muted: str = _help("Secondary text colour.")
    rule: str = _help("Table rule colour.")
    band: str = _help("Background of label cells.")
    sections: dict[str, bool] = _help("Which sections show: glance, charts, vocabulary, categories, entities, "
                                    "unattributed, sources, notes.")


@dataclass
class BriefContext:
    """The whole context of brief.html (and profile.html)."""

    title: str = _help("The zones' names joined by ×: `镇江新区 × 镇江高新区`.")
    mode: str = _help("`brief` (several zones) or `profile` (one zone).")
    zones: list[ZoneSummary] = _help("The zones, in the order asked for.")
    categories: list[Category] = _help("The comparison, by category, in categories.yaml order; empty ones left out.")
    paired: list[PairedRow] = _help("Every paired row of every category, for an overview.")
    unattributed: list[FactView] = _help("Figures no zone could claim (listed, never dropped).")
    unattributed_omitted: int = _help("How many more figures without a zone a very large corpus has than "
                                      "the brief lists (0 usually).")
    sources: list[Source] = _help("The source documents.")
    notes: list[Note] = _help("The citations, numbered in reading order.")
    charts: Charts = _help("Inline SVG charts.")
    theme: Theme = _help("The theme options in force.")
    colors: dict[str, str] = _help("Zone id → colour.")
    corpus: str = _help("The corpus as given on the command line.")
    fact_count: int = _help("Number of figures shown (all zones plus unattributed).")
    version: str = _help("zoneprofile's version.")
    generated: str = _help("The brief's date: SOURCE_DATE_EPOCH if set, else the latest source date, else the "
                         "latest year of the sources; never the clock.")
    date: str | None = _help("The same date in W3C form for the PDF's metadata (SOURCE_DATE_EPOCH or the "
                             "latest manifest date), or None: the PDF then carries no date.")

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


CONTEXT_CLASSES = [BriefContext, ZoneSummary, Category, PairedRow, FactView, Mention, Term, Source, Note, Charts,
                   Theme]
