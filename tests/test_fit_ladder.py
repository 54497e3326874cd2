"""A ladder of fitting problems with known answers, in the manner of NIST's certified regression
problems as lmfit uses them: each rung says what the parametric fit must do, recover the law to a stated
precision, or warn, or refuse. The outcomes are judged here, not only the input handling."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from scaling_lib import chinchilla, datasets
from scaling_lib.laws.chinchilla import FitWarning

TRUTH = chinchilla.ParametricLoss(E=1.8, A=480.0, B=2000.0, alpha=0.35, beta=0.37)


def design(per_budget: int, budgets: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """An IsoFLOP design: ``per_budget`` sizes from a tenth to ten times TRUTH's optimum at each budget."""
    n = np.concatenate([TRUTH.compute_optimal(c)[0] * np.logspace(-1, 1, per_budget) for c in budgets])
    d = np.concatenate([np.full(per_budget, c) for c in budgets]) / (6 * n)
    return n, d


N40, D40 = design(8, list(np.logspace(18, 21, 5)))
N6, D6 = design(3, [1e19, 1e20])
N_ONE, D_ONE = design(12, [1e20])
RNG = np.random.default_rng(0)


def noisy(n: np.ndarray, d: np.ndarray, sigma: float) -> np.ndarray:
    return TRUTH.loss(n, d) * np.exp(RNG.normal(0, sigma, n.size))


def fit_quietly(n: np.ndarray, d: np.ndarray, loss: np.ndarray) -> chinchilla.ParametricLoss:
    with warnings.catch_warnings():
        warnings.simplefilter("error", FitWarning)
        return chinchilla.fit_parametric_loss(n, d, loss)


# (rung, runs, what the fit must do): "k digits" recovers alpha and beta to k significant digits
# and warns of nothing; "warn" must warn (FitWarning) or refuse; "raise" must refuse (ValueError).
LADDER = [
    ("exact losses, 40 runs on 5 budgets", (N40, D40, TRUTH.loss(N40, D40)), 6),
    ("0.5% noise, 40 runs", (N40, D40, noisy(N40, D40, 0.005)), 1),
    ("6 runs on 2 budgets, 2% noise", (N6, D6, noisy(N6, D6, 0.02)), "warn"),
    ("12 runs on one IsoFLOP profile, 1% noise", (N_ONE, D_ONE, noisy(N_ONE, D_ONE, 0.01)), "warn"),
    ("uniformly random losses", (N40, D40, RNG.uniform(2, 4, N40.size)), "raise"),
    ("constant losses", (N40, D40, np.full(N40.size, 3.0)), "raise"),
    ("losses that depend on N only", (N40, D40, 2 + 100 / N40**0.3), "raise"),
]


@pytest.mark.parametrize(("rung", "runs", "outcome"), LADDER, ids=[r[0] for r in LADDER])
def test_the_fitting_ladder(rung: str, runs: tuple, outcome: int | str) -> None:
    if outcome == "raise":
        with pytest.raises(ValueError, match="the runs do not identify the law"):
            chinchilla.fit_parametric_loss(*runs)
    elif outcome == "warn":
        with pytest.warns(FitWarning, match="identify this fit only weakly"):
            chinchilla.fit_parametric_loss(*runs)
    else:
        law = fit_quietly(*runs)
        for got, want in ((law.alpha, TRUTH.alpha), (law.beta, TRUTH.beta)):
            assert got == pytest.approx(want, rel=0.5 * 10.0 ** (1 - outcome)), rung
        assert law.fit is not None and law.fit.converged and law.fit.runs == len(runs[0])


def test_the_figure4_refit_is_identified_and_reports_its_uncertainty() -> None:
    # Besiroglu et al. 2024, Table 1: alpha 0.3478, beta 0.3658 from the Figure 4 runs (their fit drops
    # the five highest losses as this one does); the fit's standard errors are small against them.
    runs = datasets.load_chinchilla_figure4().without_highest_loss(5)
    law = fit_quietly(runs.n, runs.d, runs.loss)
    assert law.alpha == pytest.approx(0.3478, abs=0.01) and law.beta == pytest.approx(0.3658, abs=0.01)
    report = law.fit
    assert report is not None and report.converged and report.condition < 1e4
    assert 0 < report.stderr["alpha"] < 0.05 and 0 < report.stderr["beta"] < 0.05
    assert min(report.term_share.values()) > 0.1


def test_compute_optimal_refuses_a_law_it_cannot_answer_for() -> None:
    # beta near 0 (a law fitted to losses that hardly depend on D) puts the optimum at absurd sizes:
    # 4e39 parameters and 4e-17 tokens at 1e24 FLOPs, before this check.
    law = chinchilla.ParametricLoss(E=1.0, A=100.0, B=1.0, alpha=0.3, beta=1.3e-9)
    with pytest.raises(ValueError, match="cannot answer for C = 1e\\+24 FLOPs"):
        law.compute_optimal(1e24)
    assert chinchilla.BESIROGLU_2024.compute_optimal(1e24)[0] > 1


def test_published_constants_carry_no_fit_report_and_strings_are_refused() -> None:
    assert chinchilla.HOFFMANN_2022.fit is None
    with pytest.raises(ValueError, match="E must be a finite number > 0"):
        chinchilla.ParametricLoss(E="1.69", A=406.4, B=410.7, alpha=0.34, beta=0.28)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fit must be a FitReport"):
        chinchilla.ParametricLoss(1.69, 406.4, 410.7, 0.34, 0.28, fit="yes")  # type: ignore[arg-type]
