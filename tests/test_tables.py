import pytest

from scaling_lib import kaplan, tables


def test_markdown_table_escapes_pipes_and_checks_widths() -> None:
    md = tables.markdown_table(["a", "b"], [(1, "x|y"), ("2", "z")]).data
    assert md.splitlines() == ["| a | b |", "|---|---|", "| 1 | x\\|y |", "| 2 | z |"]
    with pytest.raises(ValueError, match="row 1 has 1 cells; the table has 2 columns"):
        tables.markdown_table(["a", "b"], [(1, 2), (3,)])
    with pytest.raises(ValueError, match="at least one header"):
        tables.markdown_table([], [])


def test_kaplan_errata_ledger_shows_printed_and_computed_values() -> None:
    rows = {e.quantity: e for e in kaplan.errata()}
    assert rows["alpha_C^min"].computed == "0.0520"  # 1/(1/0.76 + 1/0.21 + 1/0.076)
    assert rows["N ~ C_min^p_N"].printed == "0.73" and rows["N ~ C_min^p_N"].computed == "0.684"
    assert "0.80 (headline)" in rows["D ~ N^p (overfitting)"].computed
    assert "never meet" in rows["contradiction point"].reason
    md = tables.errata_table(kaplan.errata()).data
    assert md.count("\n") == len(rows) + 1


@pytest.mark.parametrize(
    "x,digits,expected",
    [(1.7e4, 2, r"$1.7 \times 10^{4}$"), (8.64e19, 3, r"$8.64 \times 10^{19}$"), (1e12, 2, "$10^{12}$"),
     (2e8, 2, r"$2 \times 10^{8}$"), (-2e-5, 2, r"$-2 \times 10^{-5}$"), (1234.5, 3, "$1{,}230$"),
     (0.5, 2, "$0.50$"), (21.2, 3, "$21.2$"), (0.0, 2, "$0$")],
)  # fmt: skip
def test_sci(x: float, digits: int, expected: str) -> None:
    assert tables.sci(x, digits).data == expected


def test_sci_bad_input() -> None:
    with pytest.raises(ValueError, match="digits must be a whole number from 1 to 6"):
        tables.sci(1.0, 0)
    with pytest.raises(ValueError, match="x must be finite"):
        tables.sci(float("nan"))
