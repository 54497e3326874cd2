"""The planner against the library, synthetic runs, and the CSV loader."""

import math
from pathlib import Path

import numpy as np
import pytest

from scaling_lib import chinchilla, datasets, economics, kaplan, planner, synthetic, units
from scaling_lib.chinchilla import BESIROGLU_2024, HOFFMANN_2022_UNROUNDED


def test_budget_from_gpus() -> None:
    # 512 A100s for 30 days at 40% of 312 TFLOP/s.
    assert planner.budget_from_gpus(512, 30) == pytest.approx(512 * 30 * 86_400 * 312e12 * 0.4)
    with pytest.raises(ValueError, match="utilisation must be a number in"):
        planner.budget_from_gpus(8, 1, utilisation=1.5)
    with pytest.raises(ValueError, match="^gpus must be finite and > 0"):
        planner.budget_from_gpus(0, 1)


def test_recommendations_follow_the_library() -> None:
    budget = 1e23
    recs = {r.recipe: r for r in planner.recommend(budget, inference_tokens=1e12)}
    n_kaplan = kaplan.efficient_n(units.flops_to_pf_days(budget) / 2)
    assert recs["Kaplan et al. 2020"].n == pytest.approx(n_kaplan)
    assert recs["Chinchilla (paper fit)"].n == pytest.approx(
        HOFFMANN_2022_UNROUNDED.compute_optimal(budget)[0]
    )
    assert recs["Chinchilla (replication)"].n == pytest.approx(BESIROGLU_2024.compute_optimal(budget)[0])
    for r in recs.values():
        assert r.train_flops == pytest.approx(6 * r.n * r.d)
        assert r.inference_flops == pytest.approx(2 * r.n * 1e12)
        assert r.gpu_days == pytest.approx(r.train_flops / (312e12 * 86_400 * 0.4))
    aware, chin = recs["inference-aware (replication)"], recs["Chinchilla (replication)"]
    assert aware.loss == pytest.approx(chin.loss, rel=1e-6)  # same target loss
    assert aware.n < chin.n and aware.total_flops < chin.total_flops
    # The replication's compute-optimal model is the lowest-loss choice at the budget.
    assert chin.loss <= min(r.loss for r in recs.values() if r.recipe != "inference-aware (replication)")


def test_without_inference_the_aware_choice_is_compute_optimal() -> None:
    recs = {r.recipe: r for r in planner.recommend(1e22)}
    assert recs["inference-aware (replication)"].n == pytest.approx(
        recs["Chinchilla (replication)"].n, rel=1e-4
    )


def test_budget_for_target() -> None:
    c = planner.budget_for_target(2.1)
    assert BESIROGLU_2024.optimal_loss(c) == pytest.approx(2.1)
    n, d = economics.compute_optimal_for_target(BESIROGLU_2024, 2.1)
    assert c == pytest.approx(6 * n * d)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_recommend_bad_inference(bad: float) -> None:
    with pytest.raises(ValueError, match="inference_tokens must be finite and >= 0"):
        planner.recommend(1e22, bad)


def test_synthetic_runs_are_seeded_and_follow_the_law() -> None:
    runs = synthetic.synthetic_runs(BESIROGLU_2024, [1e19, 1e20], sizes_per_budget=5)
    np.testing.assert_allclose(runs.loss, BESIROGLU_2024.loss(runs.n, runs.d))
    np.testing.assert_allclose(6 * runs.n * runs.d, runs.c)
    noisy = [synthetic.synthetic_runs(BESIROGLU_2024, [1e19], noise=0.01, seed=s).loss for s in (1, 1, 2)]
    assert np.array_equal(noisy[0], noisy[1]) and not np.array_equal(noisy[0], noisy[2])
    rounded = synthetic.synthetic_runs(BESIROGLU_2024, [1e19], decimals=2).loss
    assert np.array_equal(rounded, np.round(rounded, 2))
    with pytest.raises(ValueError, match="sizes_per_budget must be a whole number >= 3"):
        synthetic.synthetic_runs(BESIROGLU_2024, [1e19], sizes_per_budget=2)
    with pytest.raises(ValueError, match="noise must be a number in"):
        synthetic.synthetic_runs(BESIROGLU_2024, [1e19], noise=-0.1)


def test_noise_free_synthetic_runs_are_recovered_by_approach_3() -> None:
    budgets = np.logspace(18, 21, 7)
    runs = synthetic.synthetic_runs(BESIROGLU_2024, budgets)
    fit = chinchilla.fit_parametric_loss(runs.n, runs.d, runs.loss)
    assert fit.a == pytest.approx(BESIROGLU_2024.a, abs=1e-3)
    a2 = chinchilla.approach2(runs.n, runs.c, runs.loss, budgets=budgets, tolerance_dex=0.01)
    assert a2.a == pytest.approx(BESIROGLU_2024.a, abs=0.02)


def test_load_runs_csv(tmp_path: Path) -> None:
    good = tmp_path / "runs.csv"
    good.write_text("N,C,loss\n1e8,6e18,3.0\n1e9,6e19,2.5\n")
    runs = datasets.load_runs_csv(good)
    np.testing.assert_allclose(runs.d, [1e10, 1e10])
    (tmp_path / "cols.csv").write_text("params,tokens,loss\n1,2,3\n")
    with pytest.raises(ValueError, match="needs columns N, loss and D or C"):
        datasets.load_runs_csv(tmp_path / "cols.csv")
    (tmp_path / "neg.csv").write_text("N,D,loss\n-1,2,3\n")
    with pytest.raises(ValueError, match="N must be finite and > 0"):
        datasets.load_runs_csv(tmp_path / "neg.csv")
    (tmp_path / "empty.csv").write_text("N,D,loss\n")
    with pytest.raises(ValueError, match="holds no runs"):
        datasets.load_runs_csv(tmp_path / "empty.csv")
