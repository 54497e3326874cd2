"""Numbers as text: powers of ten in LaTeX, and ratios with the figures they need."""

from __future__ import annotations

import math
import re

from .validation import non_negative, numbers, whole_number

__all__ = ["powers", "ratio", "sci"]


def sci(x: float, digits: int = 2) -> str:
    """``x`` to ``digits`` significant figures as inline math: d.d x 10^k (10^k alone for one figure
    and a mantissa of 1), or plain from 0.01 to 10,000."""
    digits = whole_number("digits", digits, 1, 6)
    value = numbers("x", x)
    if value.ndim != 0:
        raise ValueError(f"x must be a single finite number; got an array of shape {value.shape}")
    x = float(value)
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
    x = non_negative("x, a ratio,", x)
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"x, a ratio, must be a finite number >= 0; got {x!r}")
    return f"{x:,.0f}" if x >= 9.95 else f"{x:#.2g}"


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_E_NOTATION = re.compile(r"(?<![\w.])(-?\d+(?:\.\d+)?)e([+-]?)(\d+)\b")


def powers(text: str) -> str:
    """Every number in ``text`` written as 1e+08 or 5.8e+23 rewritten for reading: 10⁸, 5.8×10²³
    (a mantissa of 1 is dropped, exponent 0 becomes the mantissa alone)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string; got {text!r}")

    def rewrite(m: re.Match[str]) -> str:
        mantissa, sign, digits = m.group(1), m.group(2), m.group(3).lstrip("0")
        if not digits:
            return mantissa
        power = "10" + (("-" if sign == "-" else "") + digits).translate(_SUPERSCRIPT)
        if mantissa in ("1", "1.0"):
            return power
        if mantissa in ("-1", "-1.0"):
            return "-" + power
        return f"{mantissa}×{power}"

    return _E_NOTATION.sub(rewrite, text)
