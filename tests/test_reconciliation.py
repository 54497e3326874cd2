"""Approach 2 on Porian et al. 2024's runs, against the authors' own exponents; the counting conversion."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import chinchilla, datasets, isoflop, reconciliation
from scaling_lib.data.datasets import Runs
from scaling_lib.laws.architectures import family
from scaling_lib.laws.chinchilla import BESIROGLU_2024

#: A refit exponent must lie this close to the authors' (paper_fits.csv): their estimator interpolates
#: each profile with a spline, ours fits a parabola to five runs, and the two differ by a few hundredths.
TOLERANCE = 0.035
PAPER = datasets.load_porian_paper_fits()


def _approach2(runs: Runs, window: int = 2, budgets: object = None) -> isoflop.Approach2:
    """Approach 2 near each profile's minimum, on a set of runs (as the reconciliation chapter fits it)."""
    return isoflop.approach2(runs.n, runs.c, runs.loss, budgets=budgets, window=window)  # type: ignore[arg-type]


@pytest.mark.parametrize("config", datasets.PORIAN_CONFIGS)
def test_refit_matches_the_papers_exponent(config: str) -> None:
    fit = _approach2(datasets.load_porian_isoflops(config))
    assert fit.a == pytest.approx(PAPER[config].n_exponent, abs=TOLERANCE)
    assert len(fit.budgets) >= 10
    np.testing.assert_allclose(fit.optimal_size(fit.budgets), fit.k * fit.budgets**fit.a)


def test_the_steps_lower_the_exponent_as_in_the_paper() -> None:
    refit = [_approach2(datasets.load_porian_isoflops(c)).a for _, c in reconciliation.STEPS]
    paper = [PAPER[c].n_exponent for _, c in reconciliation.STEPS]
    assert paper == sorted(paper, reverse=True) and refit == sorted(refit, reverse=True)
    assert paper[0] == pytest.approx(0.834, abs=5e-4) and paper[-1] == pytest.approx(0.497, abs=5e-4)


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    fit = _approach2(datasets.load_porian_isoflops("rw-tuned-short-const-standard-val"))
    first = isoflop.bootstrap_exponents(fit, n_boot=300, seed=3)
    np.testing.assert_array_equal(first, isoflop.bootstrap_exponents(fit, n_boot=300, seed=3))
    assert not np.array_equal(first, isoflop.bootstrap_exponents(fit, n_boot=300, seed=4))
    lo, hi = chinchilla.percentile_interval(first, 0.95)
    assert lo < fit.a < hi
    assert lo < PAPER["rw-tuned-short-const-standard-val"].n_exponent < hi


def test_bootstrap_of_exact_optima_has_no_spread() -> None:
    fit = _approach2(_synthetic_runs(0.5, 0.1, 0.2))
    np.testing.assert_allclose(isoflop.bootstrap_exponents(fit, n_boot=20), 0.5)


def _synthetic_runs(a: float, k: float, curvature: float) -> Runs:
    """Profiles L = 3 + curvature (log N - log N*)^2 with N* = k C^a exactly, seven sizes per budget."""
    budgets = np.logspace(16, 20, 6)
    n_star = k * budgets**a
    offsets = np.linspace(-1.5, 1.5, 7)
    n = (n_star[:, None] * np.exp(offsets)[None, :]).ravel()
    c = np.repeat(budgets, 7)
    loss = 3 + curvature * np.tile(offsets, 6) ** 2
    return Runs(n=n, d=c / (6 * n), c=c, loss=loss)


@given(a=st.floats(0.3, 0.9), log_k=st.floats(-10, 2), curvature=st.floats(0.01, 2))
def test_recovers_an_exact_power_law(a: float, log_k: float, curvature: float) -> None:
    fit = _approach2(_synthetic_runs(a, np.exp(log_k), curvature))
    assert fit.a == pytest.approx(a, abs=1e-9)
    assert fit.k == pytest.approx(np.exp(log_k), rel=1e-6)


@given(vertex=st.floats(-2, 2), window=st.integers(1, 4))
def test_local_minimum_of_an_exact_parabola(vertex: float, window: int) -> None:
    x = np.linspace(-5, 5, 11)
    n = np.exp(10 + x)
    loss = 2 + 0.3 * (x - vertex) ** 2
    assert isoflop.isoflop_minimum(n, loss, window) == pytest.approx(np.exp(10 + vertex), rel=1e-9)


def test_bad_input() -> None:
    n, loss = np.array([1e6, 2e6, 4e6, 8e6]), np.array([3.0, 2.9, 2.95, 3.1])
    for window in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="window must be a whole number >= 1"):
            isoflop.isoflop_minimum(n, loss, window)
    with pytest.raises(ValueError, match="edge of the profile"):
        isoflop.isoflop_minimum(n, np.array([2.8, 2.9, 2.95, 3.1]), window=2)
    with pytest.raises(ValueError, match="same shape"):
        isoflop.isoflop_minimum(n, loss[:3], window=2)
    with pytest.raises(ValueError, match="L must be finite and > 0"):
        isoflop.isoflop_minimum(n, np.array([3.0, np.nan, 2.9, 3.0]), window=2)
    with pytest.raises(ValueError, match="at least 3 distinct"):
        isoflop.isoflop_minimum(n[:2], loss[:2], window=2)
    runs = datasets.load_porian_isoflops()
    with pytest.raises(ValueError, match="n_boot must be a whole number >= 2"):
        isoflop.bootstrap_exponents(_approach2(runs), n_boot=1)
    with pytest.raises(ValueError, match="only 0 of 1 budgets"):
        _approach2(runs, budgets=[1e30])
    with pytest.raises(ValueError, match="level must be strictly between 0 and 1"):
        chinchilla.percentile_interval([0.1, 0.2], 1.0)
    with pytest.raises(ValueError, match="samples must be"):
        chinchilla.percentile_interval([0.1, np.inf])


@pytest.mark.parametrize("name", list(family("GPT-2")))
def test_total_params_match_the_accounting_of_gpt2(name: str) -> None:
    shape = family("GPT-2")[name]
    n_ne = shape.non_embedding_params()
    total = reconciliation.total_params(n_ne, shape.d_model / shape.n_layer, shape.n_vocab, shape.n_ctx)
    assert total == pytest.approx(n_ne + shape.embedding_params(), rel=1e-12)


def test_pearce_and_songs_gamma() -> None:
    # Pearce & Song's analysis code: N_T = N + 47491 N^(1/3) for a 32,000-token vocabulary.
    aspect = 12 * (47491 / 32000) ** 3
    n = np.logspace(3, 11, 9)
    np.testing.assert_allclose(reconciliation.total_params(n, aspect, 32000), n + 47491 * n ** (1 / 3))


@given(st.floats(1e3, 1e12), st.floats(1, 200))
def test_total_exceeds_non_embedding_by_a_shrinking_share(n: float, aspect: float) -> None:
    small, large = (reconciliation.total_params(x, aspect, 50257, 1024) for x in (n, 10 * n))
    assert n < small < large and small / n > large / (10 * n)


def test_local_exponent_of_a_power_law() -> None:
    x = np.logspace(0, 5, 30)
    np.testing.assert_allclose(reconciliation.local_exponent(x, 7 * x**0.61), 0.61)
    with pytest.raises(ValueError, match="increasing"):
        reconciliation.local_exponent(x[::-1], x)
    with pytest.raises(ValueError, match="n_vocab must be a whole number >= 0"):
        reconciliation.total_params(1e6, 40.0, -1)


@given(st.floats(1e15, 1e25))
def test_frontier_without_embeddings_is_the_closed_form(c: float) -> None:
    # With no vocabulary the non-embedding count is the total count: Hoffmann et al.'s Eq. 4.
    n = reconciliation.non_embedding_frontier(BESIROGLU_2024, c, aspect_ratio=40.0, n_vocab=0)
    assert n[0] == pytest.approx(BESIROGLU_2024.compute_optimal(c)[0], rel=1e-6)


def test_pearce_and_song_find_kaplans_exponent_at_small_scale() -> None:
    # Pearce & Song's analysis code: Epoch's refit, gamma = 47491, budgets 10^12.95 to 10^20.7 FLOPs.
    # Their abstract: the simulation "produces biased scaling coefficients close to Kaplan's" (0.73).
    c = np.geomspace(10**12.95, 10**20.7, 40)
    n = reconciliation.non_embedding_frontier(BESIROGLU_2024, c, 12 * (47491 / 32000) ** 3, 32000)
    assert 0.70 < np.polyfit(np.log(c), np.log(n), 1)[0] < 0.85
    large = reconciliation.non_embedding_frontier(BESIROGLU_2024, [1e26, 1e27], 39.2, 32000)
    assert np.log(large[1] / large[0]) / np.log(10) == pytest.approx(BESIROGLU_2024.a, abs=0.01)
    with pytest.raises(ValueError, match="C must be finite and > 0"):
        reconciliation.non_embedding_frontier(BESIROGLU_2024, [1e20, -1.0], 39.2, 32000)
    with pytest.raises(ValueError, match="aspect_ratio must be finite and > 0"):
        reconciliation.non_embedding_frontier(BESIROGLU_2024, 1e20, 0.0, 32000)


def test_readable_configuration_labels() -> None:
    assert reconciliation.describe_config("rw-base-long-kaplan-kaplan-train") == (
        "RefinedWeb",
        "base (Kaplan-like)",
        "long (Kaplan et al.'s)",
        "cosine to a fixed long horizon",
        "non-embedding",
        "training",
    )
    assert reconciliation.describe_config("owt2-tuned-short-const-standard-val")[3:] == (
        "none (constant learning rate)",
        "non-embedding + output layer",
        "validation",
    )
    # Every code of every configuration has a label, and no label is unused.
    fields = [datasets.porian_config_fields(c) for c in datasets.PORIAN_CONFIGS]
    used = {k: {f[k] for f in fields} for k in datasets.PORIAN_FIELDS}
    assert {k: set(v) for k, v in reconciliation.CONFIG_LABELS.items()} == used
    with pytest.raises(ValueError, match="unknown config 'rw-base'"):
        reconciliation.describe_config("rw-base")


def test_weighted_and_unweighted_fits_of_the_authors_agree() -> None:
    # Two fits from the same released optima (weighted by 1/sigma^2, and unweighted) differ by < 0.01,
    # and the refit lies within the tolerance of either.
    weighted = reconciliation.WEIGHTED_N_EXPONENTS
    assert list(weighted) == list(datasets.PORIAN_CONFIGS)
    for config, a in weighted.items():
        assert a == pytest.approx(PAPER[config].n_exponent, abs=0.01)
        refit = _approach2(datasets.load_porian_isoflops(config)).a
        assert refit == pytest.approx(a, abs=TOLERANCE)
