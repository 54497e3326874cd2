"""Numerical answers to the chapters' exercises, computed with the library (the tests check each one
against an independent calculation)."""

from __future__ import annotations

import math

from ..laws import accounting, economics, kaplan, units
from ..laws.chinchilla import BESIROGLU_2024, HOFFMANN_2022_UNROUNDED
from ..validation import positive_scalar

__all__ = [
    "inference_plan",
    "kaplan_growth_per_decade",
    "law_crossing_7b_70b",
    "llama2_7b_training",
    "overfit_free_tokens",
    "overhead_at",
    "power_law_exponent",
    "ratio_growth",
    "replication_optimum",
]


def power_law_exponent(x1: float, loss1: float, x2: float, loss2: float) -> float:
    """Intro: the exponent alpha of L = (x_c/x)^alpha through two measurements."""
    x1, x2 = positive_scalar("x1", x1), positive_scalar("x2", x2)
    loss1, loss2 = positive_scalar("loss1", loss1), positive_scalar("loss2", loss2)
    if x1 == x2:
        raise ValueError("x1 and x2 must differ")
    return math.log(loss1 / loss2) / math.log(x2 / x1)


def kaplan_growth_per_decade() -> tuple[float, float]:
    """Kaplan: how much N grows per 10x compute, printed exponent (0.73) and derived one."""
    return 10**kaplan.PRINTED.n_exponent, 10 ** kaplan.KAPLAN_2020.allocation_exponents()["N"]


def overfit_free_tokens(n: float) -> float:
    """Kaplan: the data that keeps overfitting negligible for N non-embedding parameters (Eq. 4.4)."""
    return float(kaplan.overfit_free_d(positive_scalar("n", n)))


def llama2_7b_training() -> tuple[float, float]:
    """Accounting: 6ND for a 7B model on 2T tokens, in FLOPs and PF-days."""
    c = float(accounting.training_flops(7e9, 2e12))
    return c, float(units.flops_to_pf_days(c))


def replication_optimum(c: float) -> tuple[float, float]:
    """Chinchilla: (N_opt, D_opt) under the replication's fit at C FLOPs."""
    n, d = BESIROGLU_2024.compute_optimal(positive_scalar("c", c))
    return float(n), float(d)


def ratio_growth(c_low: float, c_high: float) -> tuple[float, float]:
    """Chinchilla: tokens per parameter at two budgets under the paper's (unrounded) fit."""
    law = HOFFMANN_2022_UNROUNDED
    c_low, c_high = positive_scalar("c_low", c_low), positive_scalar("c_high", c_high)
    return float(law.tokens_per_parameter(c_low)), float(law.tokens_per_parameter(c_high))


def law_crossing_7b_70b() -> float:
    """Chinchilla's Death: the budget (FLOPs) at which 70B overtakes 7B under the paper's fit."""
    return HOFFMANN_2022_UNROUNDED.crossing(7e9, 70e9)


def overhead_at(fraction: float) -> float:
    """Chinchilla's Death: extra compute at ``fraction`` of the compute-optimal size."""
    return economics.overhead(HOFFMANN_2022_UNROUNDED, 2.1, positive_scalar("fraction", fraction))


def inference_plan(target: float, inference_tokens: float) -> tuple[economics.Plan, float]:
    """Chinchilla's Death: the lifetime-optimal plan, and the compute-optimal size for the same target."""
    target = positive_scalar("target", target)
    best = economics.inference_optimal(HOFFMANN_2022_UNROUNDED, target, inference_tokens)
    n_opt, _ = HOFFMANN_2022_UNROUNDED.compute_optimal_for_target(target)
    return best, n_opt
