"""Approach 2 of Hoffmann et al. 2022 (Sec. 3.2): IsoFLOP profiles, a parabola in log N through each,
and the power law N_opt = k C^a through their minima.

Used on the paper's own runs (Figure 3's nine budgets), on Porian et al. 2024's runs (fitted near each
profile's lowest point, ``window``) and on the simulated training service.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..validation import (
    checks_argument_classes,
    finite,
    positive,
    positive_scalar,
    same_shape,
    scalar_or_array,
    whole_number,
)

__all__ = [
    "ISOFLOP_BUDGETS",
    "Approach2",
    "approach2",
    "assign_budgets",
    "bootstrap_exponents",
    "distinct_budgets",
    "isoflop_minimum",
    "isoflop_parabola",
    "profile_window",
]

#: The nine FLOP budgets of the paper's IsoFLOP profiles (Hoffmann et al. 2022, Figure 3).
ISOFLOP_BUDGETS = np.array([6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21])


def distinct_budgets(c: ArrayLike, tolerance_dex: float = 0.01) -> NDArray[np.float64]:
    """The budgets among the runs' compute ``c``: values within ``tolerance_dex`` (log10) of their
    neighbour count as one budget, represented by their median.

    >>> distinct_budgets([1e18, 1.001e18, 1e19, 1e19]).tolist()
    [1.0005e+18, 1e+19]
    """
    tolerance_dex = positive_scalar("tolerance_dex", tolerance_dex)
    values = np.sort(positive("C", c).ravel())
    breaks = np.flatnonzero(np.diff(np.log10(values)) > tolerance_dex) + 1
    return np.array([float(np.median(group)) for group in np.split(values, breaks)])


def assign_budgets(
    c: ArrayLike, budgets: ArrayLike = ISOFLOP_BUDGETS, tolerance_dex: float = 0.1
) -> NDArray[np.int_]:
    """Index of the budget within ``tolerance_dex`` (log10) of each run's compute, or -1 for none."""
    tolerance_dex = positive_scalar("tolerance_dex", tolerance_dex)
    given = positive("C", c)
    log_c, log_b = np.log10(given.ravel()), np.log10(positive("budgets", budgets).ravel())
    dist = np.abs(log_c[:, None] - log_b[None, :])
    nearest = dist.argmin(axis=1)
    return np.where(dist[np.arange(len(log_c)), nearest] <= tolerance_dex, nearest, -1).reshape(given.shape)


def isoflop_parabola(n: ArrayLike, loss: ArrayLike) -> NDArray[np.float64]:
    """Coefficients (c2, c1, c0) of L = c2 x^2 + c1 x + c0, x = log N, fitted by least squares to one
    IsoFLOP profile (Hoffmann et al. 2022, Sec. 3.2); evaluate with ``np.polyval(coef, np.log(N))``."""
    n, loss = positive("N", n), positive("L", loss)
    same_shape(N=n, L=loss)
    if n.ndim != 1 or np.unique(n).size < 3:
        raise ValueError("an IsoFLOP profile needs at least 3 distinct model sizes")
    return np.polyfit(np.log(n), loss, 2)


def profile_window(n: ArrayLike, loss: ArrayLike, window: int = 2) -> NDArray[np.bool_]:
    """Which runs of one IsoFLOP profile lie within ``window`` model sizes of its lowest-loss run (on
    each side, in order of N). Raises ValueError when the lowest loss is at the smallest or largest
    model (no interior minimum)."""
    n, loss = positive("N", n), positive("L", loss)
    same_shape(N=n, L=loss)
    window = whole_number("window", window, 1)
    if n.ndim != 1 or np.unique(n).size < 3:
        raise ValueError("an IsoFLOP profile needs a 1-d array of at least 3 distinct model sizes")
    sizes = np.unique(n)
    best = np.array([loss[n == s].min() for s in sizes])
    i = int(np.argmin(best))
    if i in (0, len(sizes) - 1):
        raise ValueError("the lowest loss is at the edge of the profile (no interior minimum)")
    return np.isin(n, sizes[max(0, i - window) : i + window + 1])


def isoflop_minimum(n: ArrayLike, loss: ArrayLike, window: int | None = None) -> float:
    """N at the minimum of the parabola in log N (``isoflop_parabola``) fitted to one IsoFLOP profile,
    or (``window``) to its lowest-loss run and ``window`` sizes on each side (``profile_window``).
    A flat or concave profile, or a minimum outside the sampled sizes, is refused.

    >>> n = np.array([1e8, 3e8, 1e9, 3e9, 1e10])
    >>> round(isoflop_minimum(n, 2.0 + 0.05 * np.log(n / 1e9) ** 2))
    1000000000
    """
    n, loss = positive("N", n), positive("L", loss)
    same_shape(N=n, L=loss)
    if window is not None:
        keep = profile_window(n, loss, window)
        n, loss = n[keep], loss[keep]
    c2, c1, _ = isoflop_parabola(n, loss)
    if c2 <= 1e-9 * np.abs(loss).mean():
        raise ValueError("the profile is flat or not convex in log N: it has no minimum")
    best = float(np.exp(-c1 / (2 * c2)))
    lowest = n[np.argmin(loss)]
    if lowest in (n.min(), n.max()):
        raise ValueError(
            f"the lowest loss is at the {'smallest' if lowest == n.min() else 'largest'} size, "
            f"N = {lowest:.3g}: the profile brackets no minimum (add sizes beyond it)"
        )
    if not n.min() <= best <= n.max():
        raise ValueError(
            f"the parabola's minimum, N = {best:.3g}, lies outside the sampled sizes "
            f"[{n.min():.3g}, {n.max():.3g}]: the profile does not bracket its minimum"
        )
    return best


@dataclass(frozen=True)
class Approach2:
    """IsoFLOP result: per-budget optimal N, and N_opt = k C^a fitted across budgets (D_opt ~ C^(1-a));
    ``n_runs`` counts the runs the parabolas were fitted to."""

    budgets: NDArray[np.float64]
    n_opt: NDArray[np.float64]
    a: float
    k: float
    n_runs: int

    def __post_init__(self) -> None:
        budgets, n_opt = positive("budgets", self.budgets), positive("n_opt", self.n_opt)
        if budgets.ndim != 1 or budgets.shape != n_opt.shape or budgets.size < 2:
            raise ValueError(
                "budgets and n_opt must be 1-d arrays of one length, at least 2; "
                f"got {budgets.shape} and {n_opt.shape}"
            )
        object.__setattr__(self, "budgets", budgets)
        object.__setattr__(self, "n_opt", n_opt)
        object.__setattr__(self, "a", float(finite("a", self.a)))
        object.__setattr__(self, "k", positive_scalar("k", self.k))
        whole_number("n_runs", self.n_runs, minimum=3 * len(budgets))

    @property
    def b(self) -> float:
        return 1 - self.a

    def optimal_size(self, c: ArrayLike) -> float | NDArray[np.float64]:
        """The power law through the per-budget minima, N_opt = k C^a (Hoffmann et al. 2022, Sec. 3.2).

        >>> fit = Approach2(np.array([1e18, 1e20]), np.array([1e8, 1e9]), a=0.5, k=1e-1, n_runs=6)
        >>> fit.optimal_size(1e22)
        10000000000.0
        """
        return scalar_or_array(self.k * positive("C", c) ** self.a)


def approach2(
    n: ArrayLike,
    c: ArrayLike,
    loss: ArrayLike,
    budgets: ArrayLike | None = None,
    tolerance_dex: float = 0.01,
    min_runs: int = 3,
    window: int | None = None,
) -> Approach2:
    """Approach 2 (Hoffmann et al. 2022, Sec. 3.2): group the runs by budget, take each profile's
    ``isoflop_minimum`` (near its lowest point with ``window``), then fit log N_opt = a log C + log k
    by least squares. ``budgets`` default to ``distinct_budgets(c, tolerance_dex)``; a run belongs to
    the budget within ``tolerance_dex`` (log10) of its C. Budgets with fewer than ``min_runs`` runs, or
    with no interior minimum, are skipped; the error says which and why when fewer than 2 remain.
    """
    n, c, loss = positive("N", n), positive("C", c), positive("L", loss)
    same_shape(N=n, C=c, L=loss)
    if n.ndim != 1:
        raise ValueError(f"N, C and L must be 1-d arrays, one entry per run; got shape {n.shape}")
    tolerance_dex = positive_scalar("tolerance_dex", tolerance_dex)
    budgets = distinct_budgets(c, tolerance_dex) if budgets is None else positive("budgets", budgets).ravel()
    min_runs = whole_number("min_runs", min_runs, minimum=3)
    if window is not None:
        window = whole_number("window", window, 1)
    group = assign_budgets(c, budgets, tolerance_dex)
    kept, n_opt, n_runs = [], [], 0
    empty = few = no_minimum = 0
    for j, budget in enumerate(budgets):
        m = group == j
        if m.sum() < min_runs:
            empty += not m.any()
            few += bool(m.any())
            continue
        try:
            best = isoflop_minimum(n[m], loss[m], window)
        except ValueError:
            no_minimum += 1
            continue
        kept.append(budget)
        n_opt.append(best)
        n_runs += int(profile_window(n[m], loss[m], window).sum()) if window else int(m.sum())
    if len(kept) < 2:
        why = [f"{empty} have no run within {tolerance_dex:g} dex (the runs' C spans {c.min():.3g} to "
               f"{c.max():.3g} FLOPs, the budgets {budgets.min():.3g} to {budgets.max():.3g}: the same unit?)"
               if empty else "",
               f"{few} have fewer than min_runs = {min_runs} runs" if few else "",
               f"{no_minimum} have profiles that bracket no minimum" if no_minimum else ""]  # fmt: skip
        raise ValueError(
            f"only {len(kept)} of {budgets.size} budgets have an interior minimum; need at least 2. Of the "
            f"budgets, {'; '.join(w for w in why if w)}"
        )
    a, log_k = np.polyfit(np.log(kept), np.log(n_opt), 1)
    return Approach2(np.array(kept), np.array(n_opt), float(a), float(np.exp(log_k)), n_runs)


@checks_argument_classes
def bootstrap_exponents(fit: Approach2, n_boot: int = 1000, seed: int = 0) -> NDArray[np.float64]:
    """The exponent a refitted on ``n_boot`` resamples of the fit's (budget, N_opt) pairs, drawn with
    replacement (a pairs bootstrap of the line through the optima; seeded, so deterministic).
    Resamples with fewer than two distinct budgets are skipped."""
    whole_number("n_boot", n_boot, 2)
    rng = np.random.default_rng(seed)
    x, y = np.log(fit.budgets), np.log(fit.n_opt)
    out = []
    for _ in range(n_boot):
        i = rng.integers(0, x.size, x.size)
        if np.unique(i).size >= 2:
            out.append(np.polyfit(x[i], y[i], 1)[0])
    return np.array(out)
