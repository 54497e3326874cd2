"""Answers that made no sense and came back without a word (the 2026-12 probes of issue 31): each now
raises a ValueError that says what is wrong, or gives the right number."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import (
    accounting,
    architectures,
    chinchilla,
    data_constrained,
    inference,
    isoflop,
    planner,
    powerlaw,
    sim,
    units,
)
from scaling_lib.laws.chinchilla import BESIROGLU_2024 as LAW

H100 = units.device("H100")
LLAMA = architectures.preset("LLaMA 7B")


def test_a_flat_power_law_is_refused() -> None:
    with pytest.raises(ValueError, match="y does not fall with x"):
        powerlaw.fit_power_law([1, 2, 3, 4], [2, 2, 2, 2])  # was (inf, 8.7e-17)


def test_a_profile_that_brackets_no_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="lowest loss is at the largest size"):
        isoflop.isoflop_minimum([1e8, 2e8, 4e8, 8e8, 1.6e9], [3.0, 2.7, 2.5, 2.4, 2.35])


def test_a_budget_too_small_for_its_data_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot show 1e\\+12 unique tokens even once"):
        data_constrained.MUENNIGHOFF_2023.optimal_params(1e10, 1e12)  # was a model of 0.0017 parameters


def test_an_mfu_above_one_is_refused() -> None:
    with pytest.raises(ValueError, match="an MFU above 1 is impossible"):
        units.model_flops_utilisation(1e6, 6 * 7e9, 8, H100.peak_flops)  # was 6066
    assert 0 < units.model_flops_utilisation(3000, 6 * 7e9, 1, H100.peak_flops) < 1


def test_the_crossing_of_close_and_of_huge_sizes() -> None:
    # For N_l -> N_s the crossing tends to C* = (beta B 6^beta N^(alpha + beta) / (alpha A))^(1/beta);
    # the old difference of powers was off by 50 % at N_l = N_s (1 + 1e-15).
    n = 1e9
    limit = (LAW.beta * LAW.B * 6**LAW.beta * n ** (LAW.alpha + LAW.beta) / (LAW.alpha * LAW.A)) ** (
        1 / LAW.beta
    )
    assert LAW.crossing(n, n * (1 + 1e-15)) == pytest.approx(limit, rel=1e-6)
    assert LAW.crossing(n, n * (1 + 1e-6)) == pytest.approx(limit, rel=1e-5)
    with pytest.raises(ValueError, match="beyond floating-point range"):
        LAW.crossing(1e300, 1e301)  # was an OverflowError


def test_scalars_where_arrays_are_meant() -> None:
    assert isoflop.assign_budgets(1e20) == 4  # was an IndexError
    loss, n = LAW.envelope(1e20, 1e9)  # a one-model grid; was an IndexError
    assert n == 1e9 and loss == pytest.approx(LAW.isoflop(1e20, 1e9))


def test_fractional_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="batch must be a whole number >= 1; got 2.5"):
        inference.decode_step(LLAMA, H100, context=1024, batch=2.5)
    with pytest.raises(ValueError, match="context must be a whole number >= 1; got 0.5"):
        inference.decode_step(LLAMA, H100, context=0.5)  # said "got 0.0"
    with pytest.raises(ValueError, match="count must be a whole number >= 1; got 0.5"):
        planner.Cluster(H100, 0.5, 30)
    with pytest.raises(ValueError, match="the width of the keys, must be whole"):
        architectures.Architecture(2, 100, 4, 400, 10, 8, n_kv_heads=2, d_attn=101)  # 101 x 2 / 4 keys
    assert inference.decode_step(LLAMA, H100, context=np.int64(1024), batch=np.int64(2)).flops > 0


def test_runs_must_have_c_equal_to_6nd() -> None:
    from scaling_lib import datasets

    with pytest.raises(ValueError, match="c must equal 6 n d"):
        datasets.Runs(n=np.array([1e8]), d=np.array([1e10]), c=np.array([1e19]), loss=np.array([3.0]))


def test_the_budget_is_summed_exactly() -> None:
    # 2,000 equal runs that spend the budget exactly: a float sum of these costs drifts above the budget
    # and refused the last one.
    n, d = sim.SIZES[2], 1.2345e8
    api = sim.TrainingAPI(budget_flops=2000 * accounting.training_flops(n, d), noise=0)
    for _ in range(2000):
        api.train(n, d)
    assert api.remaining == 0 and api.spent == pytest.approx(api.budget_flops, rel=1e-15)
    with pytest.raises(AttributeError):
        api.spent = 0  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["1.69", b"1.69", True])
def test_numbers_that_are_not_numbers(bad: object) -> None:
    with pytest.raises(ValueError, match="E must be a finite number > 0"):
        chinchilla.ParametricLoss(E=bad, A=406.4, B=410.7, alpha=0.34, beta=0.28)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="N must be a finite number > 0"):
        LAW.loss(bad, 1e11)


def test_ints_beyond_float_range_and_numpy_integers() -> None:
    with pytest.raises(ValueError, match="beyond floating-point range"):
        LAW.loss(10**400, 1e11)  # was an OverflowError
    assert (
        architectures.Architecture.gpt(np.int64(12), np.int64(768), np.int64(12)).non_embedding_params() > 0
    )
    assert math.isfinite(LAW.loss(np.int64(10**9), np.int64(10**11)))


@settings(max_examples=300, deadline=None)
@given(*[st.floats(1e-300, 1e300)] * 3, *[st.floats(1e-3, 50)] * 2)
def test_laws_with_extreme_constants_answer_with_a_number_or_refuse(
    e: float, a: float, b: float, alpha: float, beta: float
) -> None:
    # Every answer is a finite number > 0 or a ValueError: no overflow, no underflow to 0, no warning.
    law = chinchilla.ParametricLoss(e, a, b, alpha, beta)
    calls = [lambda: law.loss(1e9, 1e11), lambda: law.compute_optimal(1e21), lambda: law.optimal_loss(1e21),
             lambda: law.tokens_per_parameter(1e21), lambda: law.compute_for_size(1e9),
             lambda: law.crossing(1e9, 2e9), lambda: law.isoflop(1e21, 1e9)]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for call in calls:
            try:
                values = np.ravel(np.array(call(), dtype=float))
            except ValueError:
                continue
            assert np.all(np.isfinite(values)) and np.all(values > 0), (law, values)


def public_dataclasses() -> list[type]:
    import dataclasses

    import scaling_lib

    found = []
    for short in scaling_lib.MODULES:  # every module of every layer
        module = getattr(scaling_lib, short)
        for name, obj in vars(module).items():
            if (isinstance(obj, type) and dataclasses.is_dataclass(obj) and not name.startswith("_")
                    and obj.__module__ == module.__name__):  # fmt: skip
                found.append(obj)
    assert len(found) > 20, found  # not a vacuous sweep
    return found


@pytest.mark.parametrize("cls", public_dataclasses(), ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_no_public_result_or_input_class_can_be_built_from_nonsense(cls: type) -> None:
    # Approach2(None, ...) and Envelope(nan, ...) used to return objects.
    import dataclasses

    fields = [f.name for f in dataclasses.fields(cls) if f.init]
    for nonsense in (None, math.nan, "x"):
        if cls.__name__ == "Contradiction" and nonsense is None:
            continue  # every field None is its answer "the trends never meet"
        with pytest.raises((ValueError, TypeError)):
            cls(**dict.fromkeys(fields, nonsense))
