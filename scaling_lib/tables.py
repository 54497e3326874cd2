"""Tables for the chapters: rows of values rendered as a Markdown table, the consistency ledger,
and numbers typeset for prose."""

from __future__ import annotations

from collections.abc import Sequence

from IPython.display import Markdown

from . import formatting
from .ledger import LedgerRow


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


def ledger_table(rows: Sequence[LedgerRow]) -> Markdown:
    """A paper's consistency ledger as a table, errata first."""
    ordered = sorted(rows, key=lambda r: r.verdict != "erratum")
    return markdown_table(
        ["Where", "Quantity", "Printed", "From the paper's own numbers", "Why they differ", "Verdict"],
        [(r.where, r.quantity, r.printed, r.computed, r.reason, r.verdict) for r in ordered],
    )


def sci(x: float, digits: int = 2) -> Markdown:
    """``x`` to ``digits`` significant figures as inline math (``formatting.sci``), for ``glue``."""
    return Markdown(formatting.sci(x, digits))
