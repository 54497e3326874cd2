"""The planner against the library, synthetic runs, and the CSV loader."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import chinchilla, datasets, formatting, isoflop, kaplan, planner, synthetic, tables, units
from scaling_lib.laws.chinchilla import BESIROGLU_2024, HOFFMANN_2022_UNROUNDED

A100, H100 = units.device("A100"), units.device("H100")


def test_cluster_budget() -> None:
    # 512 A100s for 30 days at 40% of 312 TFLOP/s.
    assert planner.Cluster(A100, 512, 30).budget == pytest.approx(512 * 30 * 86_400 * 312e12 * 0.4)
    c = planner.Cluster.for_budget(1e23, H100, 256, 0.35)
    assert c.budget == pytest.approx(1e23) and c.days == pytest.approx(1e23 / (256 * 989e12 * 0.35 * 86_400))
    with pytest.raises(ValueError, match="mfu must be a number in"):
        planner.Cluster(A100, 8, 1, mfu=1.5)
    with pytest.raises(ValueError, match="^count must be a whole number >= 1"):
        planner.Cluster(A100, 0, 1)
    with pytest.raises(ValueError, match="device must be a units.Device"):
        planner.Cluster("H100", 8, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cluster must be a scaling_lib.studies.planner.Cluster"):
        planner.recommend(1e23)  # type: ignore[arg-type]


@given(st.integers(1, 100_000), st.floats(0.1, 1e3), st.floats(0.01, 1.0), st.floats(1e18, 1e27))
def test_cluster_budget_round_trip(count: int, days: float, mfu: float, budget: float) -> None:
    c = planner.Cluster(H100, count, days, mfu)
    assert planner.Cluster(H100, 2 * count, days, mfu).budget == pytest.approx(2 * c.budget)
    assert c.device_days(c.budget) == pytest.approx(count * days)
    assert planner.Cluster.for_budget(budget, H100, count, mfu).budget == pytest.approx(budget)


def test_gpu_days_follow_the_clusters_hardware() -> None:
    # 1024 H100s for 45 days at 35%: the compute-optimal recipes spend exactly 1024 x 45 = 46,080
    # H100-days (the budget is theirs by construction), whatever the A100 defaults would say.
    cluster = planner.Cluster(H100, 1024, 45, 0.35)
    for r in planner.recommend(cluster, inference_tokens=5e12):
        assert r.gpu_days * 989e12 * 0.35 * 86_400 == pytest.approx(r.train_flops)
        if r.recipe != "inference-aware (replication)":
            assert r.gpu_days == pytest.approx(46_080)
            assert r.gpu_days * 989e12 * 0.35 * 86_400 == pytest.approx(cluster.budget)


def test_memory_feasibility() -> None:
    recs = {r.recipe: r for r in planner.recommend(planner.Cluster(A100, 8, 30))}
    kaplan_rec = recs["Kaplan et al. 2020"]
    # 16 bytes per parameter (ZeRO, Sec. 3.1), sharded over 8 devices of 80 GB.
    assert kaplan_rec.state_bytes_per_device == pytest.approx(16 * kaplan_rec.n / 8)
    assert kaplan_rec.state_fits == (16 * kaplan_rec.n / 8 <= 80e9)
    big = {r.recipe: r for r in planner.recommend(planner.Cluster(A100, 8, 3000))}
    assert not big["Kaplan et al. 2020"].state_fits


def test_kaplan_tokens_per_parameter_print_with_two_figures() -> None:
    recs = {r.recipe: r for r in planner.recommend(planner.Cluster(H100, 1024, 45, 0.35), 5e12)}
    # Kaplan's recipe at 1.38e24 FLOPs: N = 9.17e11, D = 2.51e11, 0.27 tokens per parameter.
    assert formatting.ratio(recs["Kaplan et al. 2020"].tokens_per_parameter) == "0.27"


def test_recommendations_follow_the_library() -> None:
    budget = 1e23
    cluster = planner.Cluster.for_budget(budget, A100, 1024)
    recs = {r.recipe: r for r in planner.recommend(cluster, inference_tokens=1e12)}
    n_kaplan = kaplan.efficient_n(units.flops_to_pf_days(budget) / 2)
    assert recs["Kaplan et al. 2020"].n == pytest.approx(n_kaplan)
    paper = recs[planner.CHINCHILLA_PAPER]
    assert paper.n == pytest.approx(HOFFMANN_2022_UNROUNDED.compute_optimal(budget)[0])
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


def test_chinchilla_recipe_uses_the_unrounded_constants() -> None:
    # 1024 H100s x 45 days x 35% MFU = 1.378e24 FLOPs. Hoffmann et al. 2022's Eq. 4, N = G (C/6)^a with
    # a = beta / (alpha + beta) and G = (alpha A / beta B)^(1 / (alpha + beta)), written out here: the
    # unrounded constants (log A = 6.0073404, log B = 6.0179186, alpha = 0.33917084, beta = 0.2849083)
    # give 6.01e10 parameters and 64 tokens each; Eq. 10's printed ones (406.4, 410.7, 0.34, 0.28) 4.77e10.
    cluster = planner.Cluster(H100, 1024, 45, 0.35)
    assert cluster.budget == pytest.approx(1.378e24, rel=1e-3)
    rec = {r.recipe: r for r in planner.recommend(cluster)}[planner.CHINCHILLA_PAPER]
    assert planner.CHINCHILLA_PAPER == "Chinchilla (Approach 3, unrounded constants)"

    def n_opt(log_a: float, log_b: float, alpha: float, beta: float) -> float:
        g = (alpha * math.exp(log_a) / (beta * math.exp(log_b))) ** (1 / (alpha + beta))
        return g * (cluster.budget / 6) ** (beta / (alpha + beta))

    assert rec.n == pytest.approx(n_opt(6.0073404, 6.0179186, 0.33917084, 0.2849083), rel=1e-6)
    assert rec.n == pytest.approx(6.01e10, rel=1e-3)
    assert rec.tokens_per_parameter == pytest.approx(64, abs=0.5)
    assert n_opt(math.log(406.4), math.log(410.7), 0.34, 0.28) == pytest.approx(4.77e10, rel=1e-3)


def test_without_inference_the_aware_choice_is_compute_optimal() -> None:
    recs = {r.recipe: r for r in planner.recommend(planner.Cluster.for_budget(1e22, A100, 64))}
    assert recs["inference-aware (replication)"].n == pytest.approx(
        recs["Chinchilla (replication)"].n, rel=1e-4
    )


def test_budget_for_target() -> None:
    c = planner.budget_for_target(2.1)
    assert BESIROGLU_2024.optimal_loss(c) == pytest.approx(2.1)
    n, d = BESIROGLU_2024.compute_optimal_for_target(2.1)
    assert c == pytest.approx(6 * n * d)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_recommend_bad_inference(bad: float) -> None:
    with pytest.raises(ValueError, match="inference_tokens must be a finite number >= 0"):
        planner.recommend(planner.Cluster(A100, 8, 1), bad)


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
    a2 = isoflop.approach2(runs.n, runs.c, runs.loss, budgets=budgets, tolerance_dex=0.01)
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


def test_recommendation_rows_has_one_row_per_recipe_with_units() -> None:
    # 512 A100s for 30 days at 40 %: the recipes that spend the budget take 512 x 30 = 15,360 A100-days.
    cluster = planner.Cluster(A100, 512, 30)
    recs = planner.recommend(cluster, inference_tokens=1e12)
    text = tables.markdown_table(*planner.recommendation_rows(cluster, recs)).data
    lines = text.splitlines()
    assert len(lines) == 2 + len(recs)
    assert "$N$ (parameters)" in lines[0] and "loss (nats/token)" in lines[0] and "40% MFU" in lines[0]
    assert "fit in 80 GB" in lines[0]
    for line, r in zip(lines[2:], recs, strict=True):
        assert line.startswith(f"| {r.recipe} |") and formatting.sci(r.n, 3) in line
    assert "| 15,360 |" in lines[2 + [r.recipe for r in recs].index("Chinchilla (replication)")]


def test_recommendation_rows_as_html_has_the_same_rows() -> None:
    cluster = planner.Cluster(A100, 512, 30)
    recs = planner.recommend(cluster, inference_tokens=1e12)
    table = tables.html_table(*planner.recommendation_rows(cluster, recs)).data
    assert table.count("<tr>") == 1 + len(recs) and "<th><i>N</i> (parameters)</th>" in table
    assert all(f"<td>{r.recipe}</td>" in table for r in recs) and "<td>15,360</td>" in table


def test_recommendation_rows_refuses_bad_input() -> None:
    cluster = planner.Cluster(A100, 8, 1)
    with pytest.raises(ValueError, match="recs must be a non-empty list of planner.Recommendation"):
        planner.recommendation_rows(cluster, [])
    with pytest.raises(ValueError, match="recs must be a non-empty list of planner.Recommendation"):
        planner.recommendation_rows(cluster, [1e23])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="cluster"):
        planner.recommendation_rows("cluster", planner.recommend(cluster))  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, "x", 3.0])
def test_for_budget_checks_the_device(bad: object) -> None:
    with pytest.raises(TypeError, match="device must be a scaling_lib.laws.units.Device"):
        planner.Cluster.for_budget(1e23, bad, 64)  # type: ignore[arg-type]


def test_recommendation_rows_needs_a_list() -> None:
    cluster = planner.Cluster(units.device("H100"), 64, 30)
    with pytest.raises(ValueError, match="recs must be a non-empty list"):
        planner.recommendation_rows(cluster, 3)  # type: ignore[arg-type]
