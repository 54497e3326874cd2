import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import powerlaw, units

positive = st.floats(min_value=1e-6, max_value=1e15)
exponent = st.floats(min_value=1e-3, max_value=3)


def test_power_law_at_the_scale_is_one_and_slope_is_minus_alpha() -> None:
    assert powerlaw.power_law(8.8e13, 8.8e13, 0.076) == pytest.approx(1.0)
    x = np.array([1e6, 1e9])
    y = powerlaw.power_law(x, 1e14, 0.2)
    slope = np.diff(np.log(y)) / np.diff(np.log(x))
    assert slope[0] == pytest.approx(-0.2)


@given(positive, positive, positive, exponent)
def test_power_law_falls_as_x_grows(x1: float, dx: float, x_c: float, alpha: float) -> None:
    x2 = x1 * (1 + dx / 1e15 + 1e-3)
    assert powerlaw.power_law(x2, x_c, alpha) < powerlaw.power_law(x1, x_c, alpha)


@given(positive, positive, exponent)
def test_doubling_multiplies_by_two_to_minus_alpha(x: float, x_c: float, alpha: float) -> None:
    ratio = powerlaw.power_law(2 * x, x_c, alpha) / powerlaw.power_law(x, x_c, alpha)
    assert ratio == pytest.approx(powerlaw.factor_per_doubling(alpha), rel=1e-9)


def test_factor_per_doubling_for_kaplans_alpha_n() -> None:
    # Kaplan et al. 2020: doubling N multiplies L(N) by 2^-0.076 = 0.949.
    assert powerlaw.factor_per_doubling(0.076) == pytest.approx(0.949, abs=5e-4)


@pytest.mark.parametrize("name,args", [("x", (0, 1, 1)), ("x_c", (1, -1, 1)), ("alpha", (1, 1, math.nan))])
def test_power_law_bad_input(name: str, args: tuple[float, float, float]) -> None:
    with pytest.raises(ValueError, match=f"^{name} must"):
        powerlaw.power_law(*args)


def test_pf_day_is_8_64e19_flops() -> None:
    # Kaplan et al. 2020, Sec. 1.3: 1 PF-day = 10^15 x 24 x 3600 = 8.64e19 FLOPs.
    assert units.pf_days_to_flops(1.0) == 8.64e19
    assert units.flops_to_pf_days(8.64e19) == pytest.approx(1.0)


@given(st.floats(min_value=1e-10, max_value=1e30))
def test_unit_round_trip(x: float) -> None:
    assert units.flops_to_pf_days(units.pf_days_to_flops(x)) == pytest.approx(x, rel=1e-12)


@pytest.mark.parametrize("bad", [0, -3, math.inf, math.nan])
def test_units_bad_input(bad: float) -> None:
    with pytest.raises(ValueError, match="pf_days must"):
        units.pf_days_to_flops(bad)
    with pytest.raises(ValueError, match="flops must"):
        units.flops_to_pf_days(bad)


@pytest.mark.parametrize("field", ["name", "source"])
@pytest.mark.parametrize("bad", [None, "", "  ", 3])
def test_device_text_fields_must_be_non_empty_strings(field: str, bad: object) -> None:
    fields = {
        "name": "X",
        "peak_flops": 1e15,
        "memory_bytes": 8e10,
        "bandwidth": 3e12,
        "source": "a datasheet",
    }
    with pytest.raises(ValueError, match=f"{field} must be a non-empty string"):
        units.Device(**{**fields, field: bad})  # type: ignore[arg-type]


def test_pf_days_beyond_float_range_raise() -> None:
    with pytest.raises(ValueError, match="beyond floating-point range"):
        units.pf_days_to_flops(1e300)
