"""The three functional forms: exact recovery, properties, bad input, and the fit to Porian et al.'s runs."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import datasets, functional_forms, powerlaw, reconciliation
from scaling_lib.laws.chinchilla import BESIROGLU_2024, HOFFMANN_2022
from scaling_lib.laws.kaplan import KAPLAN_2020

X = np.geomspace(1e16, 3e19, 12)


@given(log_xc=st.floats(20, 60), alpha=st.floats(0.02, 0.5))
def test_power_law_fit_recovers_exact_data(log_xc: float, alpha: float) -> None:
    law = powerlaw.PowerLaw(np.exp(log_xc), alpha)
    fit = powerlaw.fit_power_law(X, law.loss(X))
    assert fit.alpha == pytest.approx(alpha, rel=1e-8) and fit.x_c == pytest.approx(law.x_c, rel=1e-6)


@given(e=st.floats(0.5, 2.5), alpha=st.floats(0.05, 0.4))
def test_saturating_fit_recovers_exact_data(e: float, alpha: float) -> None:
    law = functional_forms.SaturatingPowerLaw(e, 1e15, alpha)
    fit = functional_forms.fit_saturating_power_law(X, law.loss(X))
    assert fit.E == pytest.approx(e, rel=1e-4) and fit.alpha == pytest.approx(alpha, rel=1e-3)


def test_kaplans_law_is_a_pure_power_law() -> None:
    # Kaplan et al. 2020, Eq. 1.1: L(N) = (8.8e13 / N)^0.076.
    law = powerlaw.PowerLaw(8.8e13, 0.076)
    np.testing.assert_allclose(law.loss([1e8, 1e9]), KAPLAN_2020.loss_n([1e8, 1e9]))


@given(st.floats(1e10, 1e30))
def test_saturating_law_falls_towards_e(x: float) -> None:
    law = functional_forms.SaturatingPowerLaw(1.7, 1e14, 0.1)
    assert law.E < law.loss(2 * x) < law.loss(x)
    assert powerlaw.PowerLaw(1e14, 0.1).loss(2 * x) < powerlaw.PowerLaw(1e14, 0.1).loss(x)


def test_halving_the_loss() -> None:
    # Pure power law: halving L takes 2^(1/alpha); with E, halving the reducible part takes the same.
    assert functional_forms.growth_to_reach(3.0, 1.5, 0.076) == pytest.approx(2 ** (1 / 0.076))
    assert functional_forms.growth_to_reach(3.0, 2.35, 0.076, irreducible=1.7) == pytest.approx(
        2 ** (1 / 0.076)
    )
    with pytest.raises(ValueError, match="loss_target must lie between the irreducible loss 1.7"):
        functional_forms.growth_to_reach(3.0, 1.5, 0.076, irreducible=1.7)
    with pytest.raises(ValueError, match="irreducible must be a finite number >= 0"):
        functional_forms.growth_to_reach(3.0, 1.5, 0.076, irreducible=float("nan"))


@given(st.floats(0.01, 0.99), st.floats(0.02, 0.5))
def test_growth_increases_as_the_target_nears_e(frac: float, alpha: float) -> None:
    near, far = (functional_forms.growth_to_reach(3.0, 1.7 + f * 1.3, alpha, 1.7) for f in (frac / 2, frac))
    assert near > far > 1


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="x_c must be finite and > 0"):
        powerlaw.PowerLaw(0.0, 0.1)
    with pytest.raises(ValueError, match="E must be finite and > 0"):
        functional_forms.SaturatingPowerLaw(-1.0, 1e14, 0.1)
    with pytest.raises(ValueError, match="does not fall with x"):
        powerlaw.fit_power_law(X, np.linspace(2, 3, 12))
    with pytest.raises(ValueError, match="at least 3 distinct x"):
        functional_forms.fit_saturating_power_law(X[:2], [3.0, 2.9])
    with pytest.raises(ValueError, match="same shape; got x"):
        powerlaw.fit_power_law(X, [3.0, 2.9])
    with pytest.raises(ValueError, match="same shape"):
        functional_forms.fit_saturating_power_law(X, [3.0, 2.9])
    with pytest.raises(ValueError, match="y must be finite and > 0"):
        powerlaw.fit_power_law(X, np.full(12, np.inf))
    with pytest.raises(ValueError, match="L must be finite and > 0"):
        functional_forms.fit_saturating_power_law(X, np.full(12, np.nan))


def test_porian_frontier_and_window() -> None:
    runs = datasets.load_porian_isoflops("rw-tuned-short-const-standard-val")
    best = runs.lowest_loss_by("c")
    budgets, lowest = best.c, best.loss
    assert len(budgets) == 12 and np.all(np.diff(lowest) < 0)  # more compute, lower loss
    near = reconciliation.near_minimum(runs)
    assert len(near) == 5 * 12 - 1  # five runs per budget; one budget's minimum is next to the edge
    assert set(near.c) == set(budgets)
    # Fitted to the same frontier, the pure power law extrapolates lower than the one with E.
    sat = functional_forms.fit_saturating_power_law(budgets, lowest)
    assert 0 < sat.E < lowest.min()
    assert powerlaw.fit_power_law(budgets, lowest).loss(100 * budgets[-1]) < sat.loss(100 * budgets[-1])


@given(st.floats(1e18, 1e28))
def test_chinchilla_frontier_is_a_power_law_plus_constant(c: float) -> None:
    for law in (HOFFMANN_2022, BESIROGLU_2024):
        frontier = functional_forms.chinchilla_frontier(law)
        assert frontier.loss(c) == pytest.approx(law.optimal_loss(c), rel=1e-10)
        assert frontier.E == law.E


def test_chinchilla_frontier_exponent() -> None:
    # Hoffmann et al. 2022, Eq. 10 as printed: alpha = 0.34, beta = 0.28.
    assert functional_forms.chinchilla_frontier(HOFFMANN_2022).alpha == pytest.approx(0.34 * 0.28 / 0.62)


def test_fit_quality_by_hand() -> None:
    law = powerlaw.PowerLaw(1e14, 0.1)
    x = np.array([1e16, 1e17, 1e18, 1e19])
    residuals = np.array([0.03, -0.04, 0.0, 0.0])  # RMS sqrt((0.0009 + 0.0016) / 4) = 0.025
    q = functional_forms.fit_quality(law, x, np.asarray(law.loss(x)) - residuals)
    assert q.rms == pytest.approx(0.025, abs=1e-12) and q.max_abs == pytest.approx(0.04, abs=1e-12)


@given(e=st.floats(0.5, 2.5), alpha=st.floats(0.05, 0.4))
def test_fit_quality_of_exact_data_is_zero(e: float, alpha: float) -> None:
    law = functional_forms.SaturatingPowerLaw(e, 1e15, alpha)
    q = functional_forms.fit_quality(law, X, law.loss(X))
    assert q.rms == pytest.approx(0, abs=1e-12) and q.max_abs == pytest.approx(0, abs=1e-12)


def test_fit_quality_on_porians_frontier() -> None:
    # The lowest losses per budget bend: a power law plus a constant follows them to < 0.01 nats/token,
    # a pure power law leaves a bow (too low at both ends, too high in the middle).
    best = datasets.load_porian_isoflops("rw-tuned-short-const-standard-val").lowest_loss_by("c")
    pure = powerlaw.fit_power_law(best.c, best.loss)
    sat = functional_forms.fit_saturating_power_law(best.c, best.loss)
    assert functional_forms.fit_quality(sat, best.c, best.loss).max_abs < 0.01
    assert (
        functional_forms.fit_quality(pure, best.c, best.loss).rms
        > 4 * functional_forms.fit_quality(sat, best.c, best.loss).rms
    )
    r = np.asarray(pure.loss(best.c)) - best.loss
    assert r[0] < 0 and r[-1] < 0 and r[len(r) // 2] > 0


def test_fit_quality_bad_input() -> None:
    law = powerlaw.PowerLaw(1e14, 0.1)
    with pytest.raises(ValueError, match="form must be a PowerLaw or SaturatingPowerLaw"):
        functional_forms.fit_quality(HOFFMANN_2022, X, np.full(12, 3.0))
    with pytest.raises(ValueError, match="same shape"):
        functional_forms.fit_quality(law, X, [3.0, 2.9])
    with pytest.raises(ValueError, match="L must be finite and > 0"):
        functional_forms.fit_quality(law, X, np.full(12, np.nan))


@pytest.mark.parametrize("bad", [-1.0, np.nan, np.inf, None, "x", []])
def test_fit_power_law_names_y(bad: object) -> None:
    with pytest.raises(ValueError, match="y must"):
        powerlaw.fit_power_law([1.0, 2.0, 4.0], bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -1, None, "x", 1.5])
def test_near_minimum_checks_window(bad: object) -> None:
    with pytest.raises(ValueError, match="window must be a whole number >= 1"):
        reconciliation.near_minimum(datasets.load_chinchilla_figure4(), bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "law", [powerlaw.PowerLaw(1e13, 0.076), functional_forms.SaturatingPowerLaw(1.7, 1e13, 0.3)]
)
def test_forms_stay_finite_where_the_answer_is(
    law: powerlaw.PowerLaw | functional_forms.SaturatingPowerLaw,
) -> None:
    # x_c / x overflows at x = 1e-300, but (x_c / x)^alpha = exp(alpha (ln x_c - ln x)) does not.
    expected = math.exp(law.alpha * (math.log(1e13) + 300 * math.log(10)))
    assert law.loss(1e-300) == pytest.approx(getattr(law, "E", 0.0) + expected, rel=1e-9)


def test_growth_for_a_tenth_less_loss_under_kaplan() -> None:
    # Kaplan et al. 2020's alpha_N = 0.076 (Eq. 1.1): 10% less loss takes 0.9^(-1/0.076) = 4.0 times N.
    assert functional_forms.growth_to_reach(1.0, 0.9, 0.076) == pytest.approx(0.9 ** (-1 / 0.076))
    assert functional_forms.growth_to_reach(1.0, 0.9, 0.076) == pytest.approx(4.00, abs=0.01)
