"""Tables for the chapters: rows of values rendered as a Markdown table, and the errata ledger."""

from __future__ import annotations

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
