"""Target against realization per year, as an SVG bar chart (no script, no inline style: CSP allows it).

Values are plotted on one scale from 0 to the largest target or realization; a year without a value has no
bar. Labels are escaped. Returns markup for one chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH, HEIGHT, PAD, AXIS = 420, 180, 24, 30


def _fmt(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def target_realization_svg(
    years: Sequence[int],
    targets: Sequence[Decimal | None],
    realizations: Sequence[Decimal | None],
    *,
    title: str,
    target_label: str = "Target",
    realization_label: str = "Realisasi",
) -> str:
    """An SVG with two bars per year: target (class `t`) and realization (class `r`)."""
    values = [v for v in (*targets, *realizations) if v is not None]
    top = max((abs(v) for v in values), default=Decimal(1)) or Decimal(1)
    plot_h = HEIGHT - PAD - AXIS
    slot = (WIDTH - 2 * PAD) / max(len(years), 1)
    bar = slot * 0.35
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line class="axis" x1="{PAD}" y1="{HEIGHT - AXIS}" x2="{WIDTH - PAD}" y2="{HEIGHT - AXIS}"/>',
    ]
    for index, year in enumerate(years):
        x = PAD + index * slot + slot * 0.12
        for offset, (kind, value, label) in enumerate(
            (("t", targets[index], target_label), ("r", realizations[index], realization_label))
        ):
            if value is None:
                continue
            h = float(abs(value) / top) * plot_h
            y = HEIGHT - AXIS - h
            parts.append(
                f'<rect class="{kind}" x="{x + offset * bar:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(label)} {year}: {_fmt(value)}</title></rect>"
            )
        parts.append(
            f'<text x="{PAD + index * slot + slot / 2:.1f}" y="{HEIGHT - AXIS + 16}" text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<rect class="t" x="{PAD}" y="4" width="10" height="10"/><text x="{PAD + 14}" y="13">{escape(target_label)}</text>'
        f'<rect class="r" x="{PAD + 90}" y="4" width="10" height="10"/>'
        f'<text x="{PAD + 104}" y="13">{escape(realization_label)}</text></svg>'
    )
    return "".join(parts)
