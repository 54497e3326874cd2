"""Tables for the chapters: rows of values rendered as a Markdown table (or as HTML, where HTML is
needed), the consistency ledger, and numbers typeset for prose."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from IPython.display import HTML, Markdown

from . import formatting
from .ledger import LedgerRow


def _cells(name: str, value: object) -> list[object]:
    """``value`` as a list of cells, or raise if it is not a sequence (a string is one value, not cells)."""
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or not hasattr(value, "__iter__"):
        raise ValueError(f"{name} must be a list or tuple of cells; got {value!r}")
    return list(value)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[object]]
) -> tuple[list[object], list[list[object]]]:
    """``headers`` and ``rows`` as lists, or raise unless every row has one cell per header."""
    head = _cells("headers", headers)
    if not head or not all(isinstance(h, str) for h in head):
        raise ValueError(f"headers must be a non-empty list of strings, one per column; got {headers!r}")
    if isinstance(rows, str | bytes) or not hasattr(rows, "__iter__"):
        raise ValueError(f"rows must be a list of rows, each a list or tuple of cells; got {rows!r}")
    body = [_cells(f"rows[{i}]", row) for i, row in enumerate(rows)]
    for i, row in enumerate(body):
        if len(row) != len(head):
            raise ValueError(f"rows[{i}] has {len(row)} cells; the table has {len(head)} columns")
    return head, body


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Markdown:
    """A Markdown table; every row must have one cell per header."""
    head, body = _table(headers, rows)

    def cell(x: object) -> str:
        return str(x).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(cell, head)) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in body]
    return Markdown("\n".join(lines))


_INLINE_MATH = re.compile(r"\$([^$]+)\$")


def html_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> HTML:
    """The same table as HTML, where a table must be HTML (the frames of an interactive figure switch
    HTML): cells escaped, inline maths ``$...$`` handed to MathJax as ``\\(...\\)``."""
    head, body = _table(headers, rows)

    def cells(tag: str, values: list[object]) -> str:
        text = (_INLINE_MATH.sub(r"\\(\1\\)", html.escape(str(v))) for v in values)
        return "<tr>" + "".join(f"<{tag}>{t}</{tag}>" for t in text) + "</tr>"

    rows_html = "".join(cells("td", row) for row in body)
    return HTML(f'<table class="table"><thead>{cells("th", head)}</thead><tbody>{rows_html}</tbody></table>')


def ledger_table(rows: Sequence[LedgerRow]) -> Markdown:
    """A paper's consistency ledger as a table, errata first."""
    if isinstance(rows, str | bytes) or not hasattr(rows, "__iter__"):
        raise ValueError(f"rows must be a list of ledger.LedgerRow; got {rows!r}")
    rows = list(rows)
    for i, row in enumerate(rows):
        if not isinstance(row, LedgerRow):
            raise ValueError(f"rows[{i}] must be a ledger.LedgerRow; got {row!r}")
    ordered = sorted(rows, key=lambda r: r.verdict != "erratum")
    return markdown_table(
        ["Where", "Quantity", "Printed", "From the paper's own numbers", "Why they differ", "Verdict"],
        [(r.where, r.quantity, r.printed, r.computed, r.reason, r.verdict) for r in ordered],
    )


def sci(x: float, digits: int = 2) -> Markdown:
    """``x`` to ``digits`` significant figures as inline math (``formatting.sci``), for ``glue``."""
    return Markdown(formatting.sci(x, digits))
