"""Muennighoff et al. 2023's data-constrained law, against the paper's constants and shipped runs."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import data_constrained as db
from scaling_lib import datasets

LAW = db.MUENNIGHOFF_2023


def test_constants_are_the_papers() -> None:
    # Sec. 3 / the authors' notebook: R*_D = 15.387756 and R*_N = 5.309743 (the paper: 15.4 and 5.3).
    assert round(LAW.r_d_star, 1) == 15.4 and round(LAW.r_n_star, 1) == 5.3
    assert LAW.base.E == pytest.approx(math.exp(0.6254804)) and LAW.base.alpha == LAW.base.beta == 0.3526596


def test_the_question_of_datablations_issue_9() -> None:
    # The code posted in huggingface/datablations issue 9 (N = 8.7e9, D = 178e9, U_D = D / 7), run as
    # printed, gives 2.22608; the two runs named 8b7178b25b in the data measured 2.358995 and 2.376484.
    assert LAW.loss(8.7e9, 178e9, 178e9 / 7) == pytest.approx(2.226081, abs=1e-5)
    runs = datasets.load_datablations()
    measured = sorted(runs.loss[[i for i, name in enumerate(runs.names) if name == "8b7178b25b"]])
    assert measured == pytest.approx([2.358995, 2.376484])


def test_one_epoch_is_the_chinchilla_form() -> None:
    n, d = 1e9, 2e10
    u_n = LAW.unique_params(d)
    assert LAW.effective_data(d, d) == pytest.approx(d)
    assert LAW.loss(min(n, u_n), d, d) == pytest.approx(LAW.base.loss(min(n, u_n), d))


@given(st.floats(1.0, 1e4), st.floats(1e8, 1e11))
def test_repeats_are_worth_less_and_saturate(epochs: float, unique: float) -> None:
    d_eff = LAW.effective_data(unique * epochs, unique)
    assert unique * (1 - 1e-12) <= d_eff <= min(unique * epochs, unique * (1 + LAW.r_d_star)) * (1 + 1e-12)
    assert LAW.effective_data(unique * epochs * 1.5, unique) >= d_eff


def test_refit_recovers_constants_from_synthetic_runs() -> None:
    rng = np.random.default_rng(0)
    n = 10 ** rng.uniform(8, 10, 200)
    u = 10 ** rng.uniform(9, 11, 200)
    d = u * 10 ** rng.uniform(0, 2, 200)
    truth = db.DataConstrainedLaw(LAW.base, 12.0, 4.0)
    fit = db.fit_decay_constants(LAW.base, n, d, u, truth.loss(n, d, u))
    assert fit.r_d_star == pytest.approx(12.0, rel=1e-3) and fit.r_n_star == pytest.approx(4.0, rel=1e-3)


def test_extra_compute_goes_mostly_to_epochs() -> None:
    # Muennighoff et al. Sec. 5: with fixed unique data, most extra compute goes to more epochs.
    u = 1e10
    c0 = 6 * LAW.unique_params(u) * u
    n0, n1 = LAW.optimal_params(c0, u), LAW.optimal_params(100 * c0, u)
    assert math.log(n1 / n0) / math.log(100) < 0.5


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="D must be at least unique_tokens"):
        LAW.effective_data(1e9, 2e9)
    with pytest.raises(ValueError, match="^r_d_star must be finite and > 0"):
        db.DataConstrainedLaw(LAW.base, 0.0, 5.0)
    with pytest.raises(ValueError, match="^N must be finite and > 0"):
        LAW.loss(-1.0, 1e9, 1e9)
    with pytest.raises(ValueError, match="arrays must have the same shape"):
        db.fit_decay_constants(LAW.base, [1e9, 2e9], [1e10], [1e10], [3.0])
    with pytest.raises(ValueError, match="at least 2 runs"):
        db.fit_decay_constants(LAW.base, [1e9], [1e10], [1e10], [3.0])


@pytest.mark.parametrize("bad", [None, "x", 3.0])
def test_base_must_be_a_parametric_loss(bad: object) -> None:
    with pytest.raises(TypeError, match="base must be a scaling_lib.laws.chinchilla.ParametricLoss"):
        db.DataConstrainedLaw(bad, 15.4, 5.3)  # type: ignore[arg-type]


def test_unique_tokens_beyond_float_range_raise() -> None:
    with pytest.raises(ValueError, match="unique_tokens is too large"):
        db.MUENNIGHOFF_2023.loss(1e300, 1e300, 1e300)


def test_effective_data_stays_finite_at_the_ends_of_float_range() -> None:
    # D / U_D overflows, but D' saturates at U_D (1 + R*_D).
    law = db.MUENNIGHOFF_2023
    assert law.effective_data(1e300, 1e-300) == pytest.approx(1e-300 * (1 + law.r_d_star))
