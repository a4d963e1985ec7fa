"""Achievement of a target by its realization, by polarity.

- positif (higher is better): realization / target x 100;
- negatif (lower is better): (2 x target - realization) / target x 100, the e-SAKIP convention: meeting
  the target exactly is 100%, every unit above it costs as much as a unit below it earns.
A target of zero, or a missing value, gives no achievement (None).
"""

from __future__ import annotations

from decimal import Decimal

from selaras.core.plans.rows import Polarity


def achievement_pct(
    target: Decimal | None, realization: Decimal | None, polarity: Polarity
) -> Decimal | None:
    """Percent achieved, rounded to 0.01; None when it cannot be computed."""
    if target is None or realization is None or target == 0:
        return None
    if polarity == Polarity.NEGATIVE:
        value = (2 * target - realization) / target * 100
    else:
        value = realization / target * 100
    return value.quantize(Decimal("0.01"))
