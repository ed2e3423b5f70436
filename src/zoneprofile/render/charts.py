"""Charts as inline SVG, drawn here in Python: no JavaScript, Chinese labels in the
theme's CJK font. Every label is escaped: texts are untrusted."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from zoneprofile.compare.views import PairedRow, ZoneSummary


def _text(x, y, s, size=9, anchor="start", fill="#1d2329", weight="400", font="sans-serif"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}" font-family="{escape(font)}">{escape(str(s))}</text>')


def paired_bars(rows: list[PairedRow], zones: list[ZoneSummary], font: str, width: int = 680,
                limit: int = 12) -> Markup:
    """One group of bars per comparable metric, each bar scaled to the largest of its row
    (metrics in different units are never drawn on one scale)."""
    rows = [r for r in rows if r.chartable][:limit]
    if not rows:
        return Markup("")
    label_w, bar_h, gap = 170, 11, 9
    group_h = bar_h * len(zones) + gap
    height = 24 + group_h * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart paired-bars" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img">']
    x = label_w
    for i, z in enumerate(zones):  # legend
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{z.color}"/>')
        parts.append(_text(x + 14, 13, z.name, 9, font=font))
        x += 24 + 10 * len(z.name)
    bar_area = width - label_w - 110
    for r_i, row in enumerate(rows):
        y0 = 24 + r_i * group_h
        label = row.metric if len(row.metric) <= 14 else row.metric[:13] + "…"
        parts.append(_text(label_w - 8, y0 + group_h / 2, label, 9, anchor="end", font=font))
        biggest = max(abs(c.value) for c in row.cells.values() if c and c.value is not None) or 1
        for z_i, z in enumerate(zones):
            cell = row.cells.get(z.id)
            if cell is None or cell.value is None:
                continue
            w = max(1.5, bar_area * abs(cell.value) / biggest)
            y = y0 + z_i * bar_h
            parts.append(f'<rect x="{label_w}" y="{y:.1f}" width="{w:.1f}" height="{bar_h - 2}" fill="{z.color}"/>')
            parts.append(_text(label_w + w + 4, y + bar_h - 3, cell.display, 8.5, font=font))
    parts.append("</svg>")
    return Markup("".join(parts))


def vocabulary_bars(zones: list[ZoneSummary], font: str, width: int = 680, limit: int = 10) -> Markup:
    """Each zone's most distinctive words, side by side, bar length = z-score."""
    columns = [(z, [t for t in z.vocabulary if t.score > 0][:limit]) for z in zones]
    if not any(terms for _, terms in columns):
        return Markup("")
    col_w = width / len(columns)
    row_h = 15
    height = 22 + row_h * max(len(t) for _, t in columns)
    top = max((t.score for _, terms in columns for t in terms), default=1) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart vocabulary" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img">']
    for c_i, (zone, terms) in enumerate(columns):
        x0 = c_i * col_w
        parts.append(_text(x0 + 4, 12, f"{zone.name} 特色词", 9.5, fill=zone.color, weight="700", font=font))
        word_w, bar_max = 78, col_w - 78 - 44
        for i, term in enumerate(terms):
            y = 22 + i * row_h
            parts.append(_text(x0 + word_w - 4, y + 10, term.word, 9, anchor="end", font=font))
            w = max(1.5, bar_max * term.score / top)
            parts.append(f'<rect x="{x0 + word_w:.1f}" y="{y + 2}" width="{w:.1f}" height="10" '
                         f'fill="{zone.color}" fill-opacity="0.8"/>')
            parts.append(_text(x0 + word_w + w + 3, y + 10, f"{term.score:.1f}", 8, fill="#5f6b76", font=font))
    parts.append("</svg>")
    return Markup("".join(parts))
