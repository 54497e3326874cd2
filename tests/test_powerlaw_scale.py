"""powerlaw.scale_through: the scale that pins a power law at a reference point."""

import math

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
