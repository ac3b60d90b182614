"""Inline SVG bar chart of kilograms per day, built server-side (no JavaScript, no CDN)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from gers.formatting import weight_kg

WIDTH, HEIGHT = 900, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 56, 28, 12


def kg_per_day_svg(points: Sequence[tuple[dt.date, int]], title: str) -> str:
    """One bar per day (grams), a label every 5 days, the scale's top value on the left."""
    top = max((grams for _day, grams in points), default=0) or 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - 8, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    step = plot_w / max(len(points), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             _axis(plot_h, top)]
    for index, (day, grams) in enumerate(points):
        x = MARGIN_LEFT + index * step
        height = plot_h * grams / top
        y = MARGIN_TOP + plot_h - height
        parts.append(f'<rect class="bar" x="{x + 1:.1f}" y="{y:.1f}" width="{max(step - 2, 1):.1f}" '
                     f'height="{height:.1f}" data-day="{day.isoformat()}" data-grams="{grams}">'
                     f'<title>{day:%d/%m} : {escape(weight_kg(grams))}</title></rect>')
        if index % 5 == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{day:%d/%m}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _axis(plot_h: float, top: int) -> str:
    base = MARGIN_TOP + plot_h
    return (f'<line x1="{MARGIN_LEFT}" y1="{base}" x2="{WIDTH - 8}" y2="{base}" class="axis"/>'
            f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{base}" class="axis"/>'
            f'<text x="{MARGIN_LEFT - 4}" y="{MARGIN_TOP + 10}" text-anchor="end">{top / 1000:.0f} kg</text>'
            f'<text x="{MARGIN_LEFT - 4}" y="{base}" text-anchor="end">0</text>')
