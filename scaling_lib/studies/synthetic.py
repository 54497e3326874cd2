"""Synthetic training runs drawn from a known law, for testing how well fits recover it."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..data.datasets import Runs
from ..laws.chinchilla import ParametricLoss
from ..validation import checks_argument_classes, in_range, positive, whole_number

__all__ = ["synthetic_runs"]


@checks_argument_classes
def synthetic_runs(
    law: ParametricLoss,
    budgets: ArrayLike,
    sizes_per_budget: int = 9,
    spread_dex: float = 0.6,
    noise: float = 0.0,
    decimals: int | None = None,
    seed: int = 0,
) -> Runs:
    """IsoFLOP-style runs: at each budget C, ``sizes_per_budget`` model sizes spaced evenly in log N within
    ``spread_dex`` decades either side of the law's optimum, D = C / 6N, and the law's loss times
    exp(noise x standard normal), rounded to ``decimals`` places if given. Seeded."""
    budgets = positive("budgets", budgets)
    if budgets.ndim != 1:
        raise ValueError(f"budgets must be a 1-d array; got shape {budgets.shape}")
    sizes_per_budget = whole_number("sizes_per_budget", sizes_per_budget, 3)
    spread = in_range("spread_dex", spread_dex, 0.05, 3)
    noise = in_range("noise", noise, 0, 0.5)
    decimals = None if decimals is None else whole_number("decimals", decimals, 0, 10)
    rng = np.random.default_rng(whole_number("seed", seed))
    offsets = np.linspace(-spread, spread, sizes_per_budget)
    n = np.concatenate([law.compute_optimal(c)[0] * 10**offsets for c in budgets])
    c = np.repeat(budgets, sizes_per_budget)
    d = c / (6 * n)
    loss = np.asarray(law.loss(n, d)) * np.exp(noise * rng.standard_normal(n.size))
    if decimals is not None:
        loss = np.round(loss, decimals)
    return Runs(n=n, d=d, c=c, loss=loss)
