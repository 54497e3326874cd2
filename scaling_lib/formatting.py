"""Numbers as text: powers of ten in LaTeX, and ratios with the figures they need."""

from __future__ import annotations

import math


def sci(x: float, digits: int = 2) -> str:
    """``x`` to ``digits`` significant figures as inline math: d.d x 10^k (10^k alone for one figure
    and a mantissa of 1), or plain from 0.01 to 10,000."""
    if not isinstance(digits, int) or not 1 <= digits <= 6:
        raise ValueError(f"digits must be a whole number from 1 to 6; got {digits!r}")
    try:
        x = float(x)
    except (TypeError, ValueError):
        raise ValueError(f"x must be a finite number; got {x!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"x must be finite; got {x!r}")
    if x == 0:
        return "$0$"
    exponent = math.floor(math.log10(abs(x)))
    rounded = round(x, digits - 1 - exponent)
    if 1e-2 <= abs(rounded) < 1e4:
        decimals = max(0, digits - 1 - exponent)
        return "$" + f"{rounded:,.{decimals}f}".replace(",", "{,}") + "$"
    mantissa, power = f"{x:.{digits - 1}e}".split("e")  # trailing zeros kept: they are significant
    if mantissa in ("1", "-1"):
        return f"${mantissa[:-1]}10^{{{int(power)}}}$"
    return f"${mantissa} \\times 10^{{{int(power)}}}$"


def ratio(x: float) -> str:
    """A ratio such as tokens per parameter: two significant figures below 10 (0.27, 7.2), whole above."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        x = math.nan
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"x, a ratio, must be a finite number >= 0; got {x!r}")
    return f"{x:,.0f}" if x >= 9.95 else f"{x:#.2g}"
