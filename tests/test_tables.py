import pytest

from scaling_lib import formatting, kaplan, tables
from scaling_lib.laws.ledger import LedgerRow


def test_markdown_table_escapes_pipes_and_checks_widths() -> None:
    md = tables.markdown_table(["a", "b"], [(1, "x|y"), ("2", "z")]).data
    assert md.splitlines() == ["| a | b |", "|---|---|", "| 1 | x\\|y |", "| 2 | z |"]
    with pytest.raises(ValueError, match=r"rows\[1\] has 1 cells; the table has 2 columns"):
        tables.markdown_table(["a", "b"], [(1, 2), (3,)])
    with pytest.raises(ValueError, match="headers must be a non-empty list of strings"):
        tables.markdown_table([], [])
    assert tables.markdown_table(("a",), ((i,) for i in range(2))).data.count("\n") == 3  # any iterable


@pytest.mark.parametrize(
    "headers,rows,message",
    [(None, [], "headers must be a list or tuple"), ("ab", [], "headers must be a list or tuple"),
     ([1, 2], [], "headers must be a non-empty list of strings"), (["a"], None, "rows must be a list"),
     (["a"], "x", "rows must be a list"), (["a"], [3], r"rows\[0\] must be a list or tuple"),
     (["a"], ["x"], r"rows\[0\] must be a list or tuple")],
)  # fmt: skip
def test_markdown_table_names_the_bad_argument(headers: object, rows: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tables.markdown_table(headers, rows)  # type: ignore[arg-type]


@pytest.mark.parametrize("rows", [None, 3, "x", [3], [kaplan.ledger()[0], "row"]])
def test_ledger_table_takes_ledger_rows_only(rows: object) -> None:
    with pytest.raises(ValueError, match=r"rows(\[\d\])? must be a"):
        tables.ledger_table(rows)  # type: ignore[arg-type]


def test_kaplan_ledger_shows_printed_and_computed_values() -> None:
    rows = {r.where: r for r in kaplan.ledger()}
    assert rows["Eq. 6.4 (and Eqs. 1.3, B.7)"].computed == "0.0520"  # 1/(1/0.76 + 1/0.21 + 1/0.076)
    # Eq. 6.5 prints N ~ C^0.71; the constants give 0.684.
    assert rows["Eq. 6.5"].printed == "0.71" and rows["Eq. 6.5"].computed == "0.684"
    assert rows["Eq. 6.1 against Sec. 6.2"].verdict == "explained"
    assert "0.80 (headline)" in rows["Sec. 1.2"].computed
    assert "never meet" in rows["Sec. 6.3"].reason and rows["Sec. 6.3"].verdict == "explained"
    md = tables.ledger_table(kaplan.ledger()).data
    assert md.count("\n") == len(rows) + 1
    assert md.index("erratum") < md.index("explained")  # errata first


def test_ledger_row_refuses_an_unknown_verdict() -> None:
    with pytest.raises(ValueError, match="unknown verdict .maybe.; allowed: erratum, explained"):
        LedgerRow("Eq. 1", "x", "1", "2", "why", "maybe")
    with pytest.raises(ValueError, match="reason must be a non-empty string"):
        LedgerRow("Eq. 1", "x", "1", "2", "")
    with pytest.raises(ValueError, match="where must be a non-empty string"):
        LedgerRow("  ", "x", "1", "2", "why")


@pytest.mark.parametrize(
    "x,expected", [(0.2749, "0.27"), (0.7249, "0.72"), (1.0, "1.0"), (7.24, "7.2"), (9.96, "10"),
                   (20.4, "20"), (1234.5, "1,234"), (0.0123, "0.012")],
)  # fmt: skip
def test_ratio_keeps_two_figures_below_ten(x: float, expected: str) -> None:
    assert formatting.ratio(x) == expected


def test_ratio_bad_input() -> None:
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="x, a ratio, must be a finite number >= 0"):
            formatting.ratio(bad)


@pytest.mark.parametrize(
    "x,digits,expected",
    [(1.7e4, 2, r"$1.7 \times 10^{4}$"), (8.64e19, 3, r"$8.64 \times 10^{19}$"), (1e12, 1, "$10^{12}$"),
     (1e12, 2, r"$1.0 \times 10^{12}$"), (1.97e24, 2, r"$2.0 \times 10^{24}$"),
     (2e8, 1, r"$2 \times 10^{8}$"), (-2e-5, 2, r"$-2.0 \times 10^{-5}$"), (1234.5, 3, "$1{,}230$"),
     (0.5, 2, "$0.50$"), (21.2, 3, "$21.2$"), (0.0, 2, "$0$")],
)  # fmt: skip
def test_sci(x: float, digits: int, expected: str) -> None:
    assert tables.sci_md(x, digits).data == expected


def test_sci_bad_input() -> None:
    with pytest.raises(ValueError, match="digits must be a whole number >= 1 and <= 6"):
        tables.sci_md(1.0, 0)
    with pytest.raises(ValueError, match="x must be finite"):
        tables.sci_md(float("nan"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1e+08", "10⁸"),
        ("5.8e+23 FLOPs", "5.8×10²³ FLOPs"),
        ("1e-06", "10⁻⁶"),
        ("3e+00", "3"),
        ("-1e+05", "-10⁵"),
        ("N = 1e+05, D = 2.5e+10", "N = 10⁵, D = 2.5×10¹⁰"),
        ("GPT-2 small", "GPT-2 small"),
        ("0.5", "0.5"),
        ("1e5", "10⁵"),
    ],
)
def test_powers_for_reading(text: str, expected: str) -> None:
    assert formatting.powers(text) == expected


def test_powers_bad_input() -> None:
    with pytest.raises(ValueError, match="text must be a string"):
        formatting.powers(1e8)


def test_html_table_escapes_cells_and_writes_simple_maths_as_html() -> None:
    # MathJax does not typeset the frames of an interactive figure: their simple TeX is HTML, and a cell
    # with anything else is marked for MathJax to typeset (tex2jax_process).
    table = tables.html_table(["$N$ (parameters)", "note"], [(formatting.sci(3.3e11, 2), "a < b & c")]).data
    assert table.startswith('<table class="table"><thead><tr><th><i>N</i> (parameters)</th><th>note</th>')
    assert "<td>3.3\u202f×\u202f10<sup>11</sup></td><td>a &lt; b &amp; c</td>" in table
    assert (
        '<td class="tex2jax_process">\\(\\frac{a}{b}\\)</td>'
        in tables.html_table(["x"], [("$\\frac{a}{b}$",)]).data
    )
    with pytest.raises(ValueError, match=r"rows\[0\] has 1 cells; the table has 2 columns"):
        tables.html_table(["a", "b"], [(1,)])


@pytest.mark.parametrize(
    ("tex", "html_text"),
    [
        ("1.66 \\times 10^{23}", "1.66\u202f×\u202f10<sup>23</sup>"),
        ("D/N", "<i>D</i>/<i>N</i>"),
        ("N_c", "<i>N</i><sub><i>c</i></sub>"),
        ("C^{0.27}", "<i>C</i><sup>0.27</sup>"),
        ("1{,}024", "1,024"),
        ("\\gamma", "<i>γ</i>"),
        ("\\frac{a}{b}", None),
        ("N_\\mathrm{opt}", None),
    ],
)
def test_math_html(tex: str, html_text: str | None) -> None:
    assert tables.math_html(tex) == html_text
