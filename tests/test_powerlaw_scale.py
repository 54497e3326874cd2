"""powerlaw.scale_through: the scale that pins a power law at a reference point."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import powerlaw


def test_kaplan_scale_is_recovered_from_one_point() -> None:
    # Kaplan Eq. 1.1: L(N) = (8.8e13 / N)^0.076; at N = 1e9 the loss is (8.8e4)^0.076.
    loss = 8.8e4**0.076
    assert powerlaw.scale_through(1e9, loss, 0.076) == pytest.approx(8.8e13, rel=1e-9)


@given(st.floats(1e3, 1e12), st.floats(0.5, 20), st.floats(0.01, 1))
def test_the_law_passes_through_the_reference(x_ref: float, loss_ref: float, alpha: float) -> None:
    x_c = powerlaw.scale_through(x_ref, loss_ref, alpha)
    assert powerlaw.power_law(x_ref, x_c, alpha) == pytest.approx(loss_ref, rel=1e-9)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_bad_input(bad: float) -> None:
    for args, name in (((bad, 2.0, 0.1), "x_ref"), ((1e9, bad, 0.1), "loss_ref"), ((1e9, 2.0, bad), "alpha")):
        with pytest.raises(ValueError, match=f"{name} must be finite and > 0"):
            powerlaw.scale_through(*args)


@given(st.floats(1e5, 1e15), st.floats(0.01, 1.0))
def test_fit_power_law_recovers_an_exact_law(x_c: float, alpha: float) -> None:
    x = np.logspace(3, 9, 7)
    fit = powerlaw.fit_power_law(x, (x_c / x) ** alpha)
    assert fit.alpha == pytest.approx(alpha, rel=1e-6) and fit.x_c == pytest.approx(x_c, rel=1e-4)


def test_fit_power_law_refuses_what_it_cannot_fit() -> None:
    with pytest.raises(ValueError, match="at least 3 distinct x"):
        powerlaw.fit_power_law([1.0, 1.0, 2.0], [3.0, 2.0, 1.0])
    with pytest.raises(ValueError, match="does not fall with x"):
        powerlaw.fit_power_law([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="y must be finite and > 0"):
        powerlaw.fit_power_law([1.0, 2.0, 3.0], [1.0, math.nan, 3.0])


@given(st.floats(0.01, 1e6), st.floats(-2.0, 2.0))
def test_log_slope_of_an_exact_power(k: float, p: float) -> None:
    x = np.logspace(0, 6, 9)
    assert powerlaw.log_slope(x, k * x**p) == pytest.approx(p, abs=1e-9)


def test_log_slope_bad_input() -> None:
    with pytest.raises(ValueError, match="at least 2 distinct x"):
        powerlaw.log_slope([1.0, 1.0], [2.0, 3.0])
    with pytest.raises(ValueError, match="y must be finite and > 0"):
        powerlaw.log_slope([1.0, 2.0], [0.0, 3.0])
