"""de Vries (2023) and Sardana & Frankle (2023), each checked against a brute-force search."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import economics as ec
from scaling_lib.laws.chinchilla import HOFFMANN_2022_UNROUNDED as LAW

targets = st.floats(1.9, 3.0)


@settings(max_examples=40)
@given(targets)
def test_compute_optimal_for_target_is_on_the_frontier(target: float) -> None:
    n, d = LAW.compute_optimal_for_target(target)
    assert LAW.loss(n, d) == pytest.approx(target, rel=1e-9)
    # Brute force: the cheapest model on a grid that reaches the target.
    grid = np.geomspace(LAW.smallest_size(target) * 1.0001, n * 100, 5001)
    cost = [6 * m * LAW.tokens_to_reach(m, target) for m in grid]
    assert grid[int(np.argmin(cost))] == pytest.approx(n, rel=0.01)


def test_overhead_grows_sharply_below_a_third_of_the_optimal_size() -> None:
    # de Vries (2023): small overhead down to about half the size, sharp growth below ~30%.
    assert ec.overhead(LAW, 2.1, 1.0) == pytest.approx(0.0, abs=1e-9)
    assert ec.overhead(LAW, 2.1, 0.75) < 0.05
    assert ec.overhead(LAW, 2.1, 0.5) < 0.3
    assert ec.overhead(LAW, 2.1, 0.3) > 1.0
    assert ec.overhead(LAW, 2.1, 0.2) > 4 * ec.overhead(LAW, 2.1, 0.3)
    assert ec.overhead(LAW, 2.1, 0.01) == math.inf


@given(targets, st.floats(0.3, 3))
def test_overhead_is_the_same_at_every_target(target: float, k: float) -> None:
    assert ec.overhead(LAW, target, k) == pytest.approx(ec.overhead(LAW, 2.5, k), rel=1e-6)


@settings(max_examples=30)
@given(targets, st.sampled_from([0.0, 1e10, 1e12, 1e13, 1e14]))
def test_inference_optimal_matches_brute_force(target: float, inference_tokens: float) -> None:
    best = ec.inference_optimal(LAW, target, inference_tokens)
    assert LAW.loss(best.n, best.d) == pytest.approx(target, rel=1e-9)
    n_opt, _ = LAW.compute_optimal_for_target(target)
    grid = np.geomspace(LAW.smallest_size(target) * 1.0001, n_opt * 3, 1001)
    totals = [ec.plan(LAW, m, target, inference_tokens).total_flops for m in grid]
    assert best.total_flops <= min(totals) * (1 + 1e-6)
    assert best.n == pytest.approx(grid[int(np.argmin(totals))], rel=0.01)


def test_more_inference_means_smaller_models_trained_longer() -> None:
    plans = [ec.inference_optimal(LAW, 2.0, t) for t in (0.0, 1e11, 1e12, 1e13, 1e14)]
    assert all(a.n > b.n for a, b in zip(plans, plans[1:], strict=False))
    assert all(
        a.tokens_per_parameter < b.tokens_per_parameter for a, b in zip(plans, plans[1:], strict=False)
    )
    assert plans[0].n == pytest.approx(LAW.compute_optimal_for_target(2.0)[0], rel=1e-4)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="target must be above the irreducible loss"):
        LAW.smallest_size(1.0)
    with pytest.raises(ValueError, match="never reaches a loss of 2.0"):
        LAW.tokens_to_reach(1e6, 2.0)
    with pytest.raises(ValueError, match="inference_tokens must be a finite number >= 0"):
        ec.plan(LAW, 1e10, 2.5, -1)
    with pytest.raises(ValueError, match="^size_fraction must be finite and > 0"):
        ec.overhead(LAW, 2.5, 0)


def test_well_known_models() -> None:
    ratios = {k: d / n for k, (n, d, _) in ec.WELL_KNOWN_MODELS.items()}
    assert ratios["Chinchilla 70B"] == pytest.approx(20)
    assert ratios["Llama 3 8B"] > 1800 and ratios["Llama 2 7B"] > 250
    # Tokens as the papers print them: LLaMA 1 Table 2 (1.0T for 7B, 1.4T for 65B), Llama 2 Table 1 (2.0T).
    assert ratios["LLaMA 1 7B"] == pytest.approx(1.0e12 / 7e9)
    assert ratios["LLaMA 1 65B"] == pytest.approx(1.4e12 / 65e9)
    assert ratios["Llama 2 70B"] == pytest.approx(2.0e12 / 70e9)


def test_well_known_models_use_one_size_convention() -> None:
    # Every size is the nominal one in the model's name ("... 65B" -> 65e9).
    for name, (n, _, _) in ec.WELL_KNOWN_MODELS.items():
        assert n == float(name.rsplit(" ", 1)[1].removesuffix("B")) * 1e9, name


def test_plan_for_counts_training_and_inference() -> None:
    p = ec.plan_for(1e9, 2e10, 1e12)
    # Training 6ND (Kaplan et al. 2020, Sec. 2.1), inference 2N per token served.
    assert (p.train_flops, p.inference_flops) == (1.2e20, 2e21)
    assert p.total_flops == 2.12e21 and p.tokens_per_parameter == 20
    with pytest.raises(ValueError, match="inference_tokens must be a finite number >= 0"):
        ec.plan_for(1e9, 2e10, -1)


def test_compute_optimal_for_target_says_what_is_reachable() -> None:
    with pytest.raises(ValueError, match=r"target must be in \(1\.69"):
        LAW.compute_optimal_for_target(1e6)


@pytest.mark.parametrize("field", ["n", "d", "train_flops", "inference_flops"])
@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, None, "x"])
def test_plan_fields_are_checked(field: str, bad: object) -> None:
    fields = {"n": 1e9, "d": 2e10, "train_flops": 1.2e20, "inference_flops": 0.0}
    with pytest.raises(ValueError, match=f"{field} must be"):
        ec.Plan(**{**fields, field: bad})  # type: ignore[arg-type]


def test_plan_for_beyond_float_range_raises() -> None:
    with pytest.raises(ValueError, match="beyond floating-point range"):
        ec.plan_for(1e300, 1e300, 1e12)
