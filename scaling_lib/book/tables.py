"""Tables for the chapters: rows of values rendered as a Markdown table (or as HTML, where HTML is
needed), the consistency ledger, and numbers typeset for prose."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from IPython.display import HTML, Markdown

from .. import formatting
from ..laws.ledger import LedgerRow

__all__ = ["html_table", "ledger_table", "markdown_table", "math_html", "sci_md"]


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


#: The TeX macros of the book's tables that HTML writes without MathJax, and what it writes.
_TEX_SYMBOLS = {r"\times": "\u202f×\u202f", r"\cdot": "\u202f·\u202f", r"\,": "\u2009", r"\alpha": "α",
                r"\beta": "β", r"\gamma": "γ", r"\eta": "η"}  # fmt: skip
_TEX_MACRO = re.compile(r"\\(?!times|cdot|,|alpha|beta|gamma|eta)")
_TEX_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\w))")
_TAGS = {"\x01": "<sup>", "\x02": "</sup>", "\x03": "<sub>", "\x04": "</sub>"}


def math_html(tex: str) -> str | None:
    """Inline TeX of the simple kind the book's tables hold (numbers, 10^{k}, single letters, N_c, D/N,
    Greek letters) as HTML, which needs no MathJax; None for anything else (MathJax typesets that)."""
    if not isinstance(tex, str):
        raise TypeError(f"tex must be a string of TeX; got {tex!r:.60}")
    if _TEX_MACRO.search(tex):
        return None

    def script(m: re.Match[str]) -> str:
        opening, closing = ("\x01", "\x02") if m[1] == "^" else ("\x03", "\x04")
        return opening + (m[2] if m[2] is not None else m[3]) + closing

    out = _TEX_SCRIPT.sub(script, html.escape(tex).replace(" ", "").replace("{,}", ","))
    if any(c in out for c in "{}^_"):
        return None
    for macro, symbol in _TEX_SYMBOLS.items():
        out = out.replace(macro, symbol)
    if "\\" in out:
        return None
    out = re.sub(r"[A-Za-zαβγη]", lambda m: f"<i>{m[0]}</i>", out)
    for mark, tag in _TAGS.items():
        out = out.replace(mark, tag)
    return out


def html_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> HTML:
    """The same table as HTML, where a table must be HTML (the frames of an interactive figure switch
    HTML): cells escaped, inline maths ``$...$`` written as HTML where it is simple (``math_html``),
    else handed to MathJax as ``\\(...\\)`` in a cell MathJax is told to typeset."""
    head, body = _table(headers, rows)

    def cell(tag: str, value: object) -> str:
        text, tex = str(value), False

        def typeset(math: str) -> str:
            nonlocal tex
            simple = math_html(math)
            tex = tex or simple is None
            return simple if simple is not None else "\\(" + html.escape(math) + "\\)"

        rendered = "".join(
            typeset(part) if i % 2 else html.escape(part) for i, part in enumerate(_INLINE_MATH.split(text))
        )
        return f'<{tag} class="tex2jax_process">{rendered}</{tag}>' if tex else f"<{tag}>{rendered}</{tag}>"

    def cells(tag: str, values: list[object]) -> str:
        return "<tr>" + "".join(cell(tag, v) for v in values) + "</tr>"

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


def sci_md(x: float, digits: int = 2) -> Markdown:
    """``x`` to ``digits`` significant figures as inline math (``formatting.sci``), for ``glue``."""
    return Markdown(formatting.sci(x, digits))
