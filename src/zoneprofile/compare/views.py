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
    scope: str | None = help_field("全国/全省/全市 for ranks; for other figures the part of the zone it is of "
                                   "(直管区, 全域, or a sub-area such as 出口加工区), None for the whole zone.")
    category: str = help_field("Key of its category (categories.yaml).")
    doc: str = help_field("The source file, relative to the corpus.")
    start: int = help_field("Character offset of `text` in the source file.")
    end: int = help_field("End offset of `text` in the source file.")
    note: int = help_field("Number of its citation in `notes`.")
    also: list[int] = help_field("Further citations that give the same figure.", default_factory=list)
    outlook: str | None = help_field("`target` (力争, 目标是, 拟) or `forecast` (预计, 有望) when the figure is not (yet) a "
                                "result; None for a result.", default=None)
    indicator: str | None = help_field("Its indicator's id in the catalogue (indicators.yaml), or None when none fits.",
                                       default=None)
    measure: str | None = help_field("level, growth, share, rank, change or per_unit (of its indicator).", default=None)
    basis: str | None = help_field("What a growth or change is measured against: 同比, 年均, 环比, 比2009年, 比成立时.",
                                   default=None)
    ranking: str | None = help_field("The list a rank belongs to, where the text names it: 全国高新区, 中西部.",
                                     default=None)
    of: int | None = help_field("The size of a rank's field, where the text gives it (第3位 of 146).", default=None)
    programme: str | None = help_field("The programme (a quoted initiative: “我为群众办实事”) its sentence or the one "
                                       "before names, if any.", default=None)


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
    year: int | None = help_field("Its data year: the year its results speak of (not a target year it names).")
    byline: str = help_field("The authors, 、-separated, or an empty string.")
    source: str | None = help_field("The publication, from the manifest.")
    facts: int = help_field("Number of figures taken from it.")
    year_source: str = help_field(
        "Where the data year came from: `figures` (the year most of its figures are of), `review` (a work "
        "report's 一、2013年工作回顾), `present` (今年前三季度 in a text of that year), `dateline` or `manifest` "
        "(its date), `text` (a year its results name), `plan` (a plan period reviewed), `unknown`.",
        default="unknown")


@dataclass
class Note:
    """A citation: the sentence a figure comes from."""

    number: int = help_field("The citation number shown next to figures.")
    doc: str = help_field("The source file.")
    source: int = help_field("Number of the source document in `sources`.")
    sentence: str = help_field("The sentence, quoted.")
    parts: list[tuple[str, bool]] = help_field("The sentence cut into (text, is_figure) pieces, to highlight figures.")
    exact: list[str] = help_field("The exact values of the figures it gives: `19.3亿元 = 1,930,000,000元`.")


@dataclass
class AlignedRow:
    """One indicator, one measure, one outlook, across zones: like compared with like."""

    indicator: str = help_field("The indicator's id in the catalogue: `gdp`, `fdi`, `grid_workers`.")
    label: str = help_field("The indicator's label: `地区生产总值`.")
    measure: str = help_field("level, growth, share, rank, change or per_unit.")
    measure_label: str = help_field("The measure in words: 总量, 增速, 占比, 排名, 变化, 人均/亩均.")
    basis: str | None = help_field("For a growth or a change: 同比, 年均, 环比, 比2009年 …; None for a level.")
    outlook: str | None = help_field("None for results; `target` or `forecast` for rows of targets or forecasts (never "
                                     "mixed with results).")
    cells: dict[str, list[FactView]] = help_field(
        "Zone id → its figures for this row, the one compared first (latest year, whole period); an empty list "
        "where the zone reports none.")
    caveats: list[str] = help_field("What differs between the figures compared: years, periods, scopes, currencies, "
                                    "ranking lists. Empty when they are alike.")
    note: str | None = help_field("The catalogue's caveat for this indicator (e.g. two different national rankings).")
    definition: str = help_field("The catalogue's one-line definition of the indicator.")
    chartable: bool = help_field("True when every zone has a figure in the same unit, so bars can compare them.")
    programme: str | None = help_field("For the outputs of a programme (indicators with `compare: programme`): the "
                                       "programme both zones' sentences name; None for statistics.", default=None)


@dataclass
class DimensionSection:
    """One dimension of the catalogue (indicators.yaml): its aligned rows, then what only one zone reports."""

    id: str = help_field("The dimension's id: `economy`, `innovation` …")
    label: str = help_field("Its title: `经济规模与财税`.")
    evaluation: dict[str, str] = help_field("Where the official evaluation systems put it (经开区, 高新区 → text).")
    rows: list[AlignedRow] = help_field("Indicators two or more zones report, aligned.")
    singles: list[AlignedRow] = help_field("Indicators only one zone reports (which zone lacks what is itself a "
                                           "finding); cells of the other zones are empty.")
