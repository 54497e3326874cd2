import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import validation

BAD = [0, -1, -1e-300, math.nan, math.inf, -math.inf]


@pytest.mark.parametrize("bad", BAD)
def test_positive_rejects_bad_sizes_naming_the_argument(bad: float) -> None:
    with pytest.raises(ValueError, match=r"N must be finite and > 0"):
        validation.positive("N", bad)


def test_positive_reports_the_bad_entry_of_an_array() -> None:
    with pytest.raises(ValueError, match=r"got -2\.0 in an array of shape \(3,\)"):
        validation.positive("D", [1.0, -2.0, 3.0])


@pytest.mark.parametrize("bad", ["ten", None, [], [[1, 2], [3]]])
def test_positive_rejects_non_numbers_and_empty(bad: object) -> None:
    with pytest.raises(ValueError, match="C must"):
        validation.positive("C", bad)


def test_none_is_reported_as_none_not_as_nan() -> None:
    with pytest.raises(ValueError, match="N must be a finite number > 0 .*; got None"):
        validation.positive("N", None)
    with pytest.raises(ValueError, match="x must be finite numbers; got None"):
        validation.finite("x", None)


@given(st.lists(st.floats(min_value=1e-300, max_value=1e300), min_size=1, max_size=20))
def test_positive_accepts_any_finite_positive_values(values: list[float]) -> None:
    np.testing.assert_array_equal(validation.positive("x", values), np.asarray(values))


def test_positive_scalar_rejects_arrays() -> None:
    with pytest.raises(ValueError, match="single number"):
        validation.positive_scalar("alpha", [0.1, 0.2])
    assert validation.positive_scalar("alpha", 0.5) == 0.5


@pytest.mark.parametrize("bad", [-0.1, 1.1, math.nan, "x"])
def test_in_range(bad: object) -> None:
    with pytest.raises(ValueError, match=r"q must be a number in \[0, 1\]"):
        validation.in_range("q", bad, 0, 1)
    assert validation.in_range("q", 0.25, 0, 1) == 0.25


def test_same_shape_and_choice() -> None:
    validation.same_shape(N=np.ones(3), D=np.ones(3))
    with pytest.raises(ValueError, match=r"N \(3,\), D \(2,\)"):
        validation.same_shape(N=np.ones(3), D=np.ones(2))
    with pytest.raises(ValueError, match="unknown fit 'gpt'; allowed: a, b"):
        validation.choice("fit", "gpt", ["a", "b"])
    assert validation.choice("fit", "a", {"a": 1}) == "a"


def test_scalar_or_array() -> None:
    assert isinstance(validation.scalar_or_array(np.float64(2.0)), float)
    assert isinstance(validation.scalar_or_array(np.ones(2)), np.ndarray)


def test_non_negative_whole_number_finite_and_instance() -> None:
    assert validation.non_negative("x", 0) == 0.0
    for bad in (-1, math.nan, math.inf, None, "x"):
        with pytest.raises(ValueError, match="x must be a finite number >= 0"):
            validation.non_negative("x", bad)
    assert validation.whole_number("k", 3, minimum=1, maximum=5) == 3
    for bad in (0, 6, 2.5, True, None, "3"):
        with pytest.raises(ValueError, match="k must be a whole number >= 1"):
            validation.whole_number("k", bad, minimum=1, maximum=5)
    assert list(validation.finite("y", [-1.0, 2.0])) == [-1.0, 2.0]
    for bad in ([], [math.nan], "x", None):
        with pytest.raises(ValueError, match="y must be"):
            validation.finite("y", bad)
    with pytest.raises(TypeError, match="law must be a builtins.dict; got None"):
        validation.instance("law", None, dict)


def test_checked_tests_library_classes_only() -> None:
    from scaling_lib.laws.chinchilla import BESIROGLU_2024, ParametricLoss

    @validation.checks_argument_classes
    def loss_at(law: ParametricLoss, n: float) -> float:
        return float(law.loss(n, 20 * n))

    assert loss_at(BESIROGLU_2024, 1e9) == pytest.approx(BESIROGLU_2024.loss(1e9, 2e10))
    assert loss_at(law=BESIROGLU_2024, n=1e9) == pytest.approx(BESIROGLU_2024.loss(1e9, 2e10))
    with pytest.raises(TypeError, match="law must be a scaling_lib.laws.chinchilla.ParametricLoss; got 'x'"):
        loss_at("x", 1e9)


@validation.finite_result
def _product(x: float, y: float) -> float:
    return float(np.float64(x) * y)


@validation.finite_result
def _power(x: float) -> tuple[float, float]:
    return x, x**300.5  # a Python float: OverflowError, not inf


def test_finite_result_turns_overflow_into_a_value_error_naming_the_arguments() -> None:
    assert _product(2.0, 3.0) == 6.0
    with pytest.raises(
        ValueError, match=r"_product: for x = 1e\+300, y = 1e\+300 the result is beyond floating-point range"
    ):
        _product(1e300, 1e300)
    with pytest.raises(
        ValueError, match=r"_product: for x = inf, y = 0\.0 the result .*\(not a finite number\)"
    ):
        _product(math.inf, 0.0)  # inf x 0 = NaN
    with pytest.raises(
        ValueError, match="_power: for x = 10000000000.0 the result is beyond floating-point range"
    ):
        _power(1e10)
    assert _power(2.0)[0] == 2.0


@given(st.floats(min_value=1e-300, max_value=1e300), st.floats(min_value=1e-300, max_value=1e300))
def test_finite_result_answers_with_a_finite_number_or_a_value_error(x: float, y: float) -> None:
    try:
        assert math.isfinite(_product(x, y))
    except ValueError as err:
        assert "beyond floating-point range" in str(err) and not math.isfinite(x * y)


def test_flag_takes_true_or_false_only() -> None:
    assert validation.flag("causal", True) is True and validation.flag("causal", np.bool_(False)) is False
    for bad in (None, 0, 1, "yes", 1.0):
        with pytest.raises(ValueError, match=f"causal must be True or False; got {bad!r}"):
            validation.flag("causal", bad)
