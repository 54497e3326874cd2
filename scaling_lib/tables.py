"""Tables for the chapters: rows of values rendered as a Markdown table, and the errata ledger."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from IPython.display import Markdown


@dataclass(frozen=True)
class Erratum:
    """A printed number that does not follow from the paper's own constants, with the computation."""

    where: str  # e.g. "Eq. 1.3"
    quantity: str
    printed: str
    computed: str
    reason: str


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Markdown:
    """A Markdown table; every row must have one cell per header."""
    if not headers:
        raise ValueError("a table needs at least one header")
    for i, row in enumerate(rows):
        if len(row) != len(headers):
            raise ValueError(f"row {i} has {len(row)} cells; the table has {len(headers)} columns")

    def cell(x: object) -> str:
        return str(x).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, headers)) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
    return Markdown("\n".join(lines))


def errata_table(errata: Sequence[Erratum]) -> Markdown:
    """The errata ledger of a paper as a table."""
    return markdown_table(
        ["Where", "Quantity", "Printed", "Computed", "Why they differ"],
        [(e.where, e.quantity, e.printed, e.computed, e.reason) for e in errata],
    )


def sci(x: float, digits: int = 2) -> Markdown:
    """``x`` to ``digits`` significant figures as inline math: d.d x 10^k, or plain from 0.01 to 10,000."""
    if not isinstance(digits, int) or not 1 <= digits <= 6:
        raise ValueError(f"digits must be a whole number from 1 to 6; got {digits!r}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"x must be finite; got {x!r}")
    if x == 0:
        return Markdown("$0$")
    exponent = math.floor(math.log10(abs(x)))
    rounded = round(x, digits - 1 - exponent)
    if 1e-2 <= abs(rounded) < 1e4:
        decimals = max(0, digits - 1 - exponent)
        return Markdown("$" + f"{rounded:,.{decimals}f}".replace(",", "{,}") + "$")
    mantissa, power = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    if mantissa in ("1", "-1"):
        return Markdown(f"${mantissa[:-1]}10^{{{int(power)}}}$")
    return Markdown(f"${mantissa} \\times 10^{{{int(power)}}}$")


def ratio(x: float) -> str:
    """A ratio such as tokens per parameter: two significant figures below 10 (0.27, 7.2), whole above."""
    x = float(x)
    if not math.isfinite(x) or x < 0:
        raise ValueError(f"a ratio must be finite and >= 0; got {x!r}")
    return f"{x:,.0f}" if x >= 9.95 else f"{x:#.2g}"
