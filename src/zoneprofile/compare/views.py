"""What the comparison gives, as plain data: the figures as shown (FactView), rows aligned across
zones (PairedRow), sections (Category), each zone at a glance (ZoneSummary), names (Mention), words
(Term), sources and citations (Source, Note). Templates receive these inside render.context's
BriefContext; every field carries its help text, from which docs/templates.md is generated, and is
promised stable (extend, never break)."""

from __future__ import annotations

from dataclasses import dataclass, field


def help_field(help_text: str, **kw):
    """A dataclass field with its help text."""
    return field(metadata={"help": help_text}, **kw)


@dataclass
class FactView:
    """One figure as the brief shows it."""

    zone: str | None = help_field("Profile id of its zone, or None when no zone could be attributed.")
    kind: str = help_field("money, percent, count, rank, rank_change, area or duration.")
    display: str = help_field("The figure normalised, with its qualifier: `超1.4亿元`, `约40家`, `全国第22位`.")
    exact: str = help_field("The exact value in plain digits with its unit: `140,000,000元`.")
    text: str = help_field("The surface text in the source: `超1.4亿元`.")
    value: float | None = help_field("The number (19.3亿元 → 1930000000).")
    unit: str | None = help_field("元, 美元, %, 百分点, a measure word, 位 ...")
    qualifier: str = help_field("exact, over, about or under.")
    metric: str | None = help_field("What is measured: `授信`, `先锋服务团队`.")
    period: str | None = help_field("The as-of phrase: `前三季度`, `截至10月底`; None when the sentence has none.")
    year: int | None = help_field("The year the figure speaks of, where known.")
    scope: str | None = help_field("全国/全省/全市 for ranks.")
    category: str = help_field("Key of its category (categories.yaml).")
    doc: str = help_field("The source file, relative to the corpus.")
    start: int = help_field("Character offset of `text` in the source file.")
    end: int = help_field("End offset of `text` in the source file.")
    note: int = help_field("Number of its citation in `notes`.")
    also: list[int] = help_field("Further citations that give the same figure.", default_factory=list)
    outlook: str | None = help_field("`target` (力争, 目标是, 拟) or `forecast` (预计, 有望) when the figure is not (yet) a "
                                "result; None for a result.", default=None)


@dataclass
class PairedRow:
    """A metric several zones report, side by side."""

    metric: str = help_field("The metric, as the first zone's source words it.")
    kind: str = help_field("Kind of the figures (rank and rank_change may pair: both rank the zone).")
    unit: str | None = help_field("Their unit.")
    cells: dict[str, FactView | None] = help_field("Zone id → its figure, or None where that zone has none.")
    caveat: str | None = help_field("Why the figures are not directly comparable (different years, periods or "
                             "kinds), or None.")
    chartable: bool = help_field("True when every zone has a figure in the same unit, so bars can compare them.")


@dataclass
class Category:
    """One section of the comparison (categories.yaml)."""

    key: str = help_field("Its key in categories.yaml: `finance`, `services` ...")
    title: str = help_field("Its title: `投资与金融`.")
    paired: list[PairedRow] = help_field("Metrics compared across zones.")
    rows: list[dict[str, FactView | None]] = help_field(
        "The remaining figures, listed under their zone: row i holds each zone's i-th figure (or None).")


@dataclass
class Mention:
    """An entity the sources name: an industry, an organization, a person, an initiative."""

    text: str = help_field("The name: `新能源`, `江苏金斯瑞生物科技有限公司`, `五争一创`.")
    kind: str = help_field("industry, organization, person or initiative.")
    detail: str | None = help_field("A person's titles: `市委常委、新区党工委书记`.")
    count: int = help_field("How many times the sources name it.")
    note: int = help_field("Citation of its first mention.")


@dataclass
class Term:
    """A word that sets one zone's coverage apart from the others'."""

    word: str = help_field("The word (jieba segmentation).")
    score: float = help_field("Weighted log-odds z-score with an informative Dirichlet prior; above about 1.96 is "
                       "distinctive at the 5 % level.")
    count: int = help_field("How often the zone's sentences use it.")


@dataclass
class ZoneSummary:
    """One zone at a glance."""

    id: str = help_field("Profile id.")
    name: str = help_field("Full name: `镇江新区`.")
    kind: str = help_field("From the profile: `国家级经济技术开发区`.")
    city: str = help_field("From the profile.")
    aliases: list[str] = help_field("Other names the texts use.")
    color: str = help_field("Its colour in the palette (theme.yaml).")
    sources: int = help_field("Number of source documents with figures of this zone.")
    facts: int = help_field("Number of its figures.")
    years: list[int] = help_field("Years its figures speak of, ascending.")
    omitted: int = help_field("Figures not listed because the brief shows at most 300 per zone (0 usually); "
                         "`zoneprofile extract` has them all.")
    period_label: str = help_field("Those years as a label: `2021`, `2017–2022`, or `—`.")
    ranks: list[FactView] = help_field("Its ranks and rank changes.")
    headline: list[FactView] = help_field("A few headline figures: the largest sums, growth rates, counts of firms.")
    industries: list[Mention] = help_field("Industries the sources name for it, most mentioned first.")
    organizations: list[Mention] = help_field("Organizations named in its coverage.")
    people: list[Mention] = help_field("People named in its coverage, with their titles.")
    initiatives: list[Mention] = help_field("Programmes and slogans (`五争一创`).")
    vocabulary: list[Term] = help_field("Its most distinctive words, most distinctive first.")


@dataclass
class Source:
    """One source document."""

    number: int = help_field("Its number in the sources list.")
    doc: str = help_field("The file, relative to the corpus.")
    title: str = help_field("From the manifest, else the article's headline.")
    date: str | None = help_field("From the manifest.")
    year: int | None = help_field("The manifest's year, else the latest year the text names or implies.")
    byline: str = help_field("The authors, 、-separated, or an empty string.")
    source: str | None = help_field("The publication, from the manifest.")
    facts: int = help_field("Number of figures taken from it.")


@dataclass
class Note:
    """A citation: the sentence a figure comes from."""

    number: int = help_field("The citation number shown next to figures.")
    doc: str = help_field("The source file.")
    source: int = help_field("Number of the source document in `sources`.")
    sentence: str = help_field("The sentence, quoted.")
    parts: list[tuple[str, bool]] = help_field("The sentence cut into (text, is_figure) pieces, to highlight figures.")
    exact: list[str] = help_field("The exact values of the figures it gives: `19.3亿元 = 1,930,000,000元`.")

