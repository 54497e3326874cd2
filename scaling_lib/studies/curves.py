"""Training curves (loss against compute or time): smoothing, crossing points, the near-linear regime
and its extrapolation, and the lower envelope of real runs (intermediate or schedule-matched points).
Where a Chinchilla-form law says two curves cross is ``ParametricLoss.crossing``.

Tyl (2023), "Chinchilla's Death"; Touvron et al. 2023a/b for the LLaMA curves; Hoffmann et al. 2022,
Sec. 3.1 for the envelope. Learning-rate schedules are in ``scaling_lib.schedules``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..data.datasets import Checkpoints
from ..validation import (
    choice,
    finite,
    flag,
    instance,
    non_negative,
    numbers,
    positive,
    positive_scalar,
    same_shape,
    whole_number,
)

__all__ = [
    "Envelope",
    "Extrapolation",
    "RunPoints",
    "crossings",
    "envelope",
    "extrapolate_line",
    "fit_line",
    "largest_gaps",
    "leaders",
    "reach",
    "scatter_about",
    "smooth_curve",
]


def _curve(
    x: ArrayLike, y: ArrayLike, x_name: str, y_name: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """x and y of one curve as float arrays, named ``x_name`` and ``y_name`` in errors."""
    x, y = positive(x_name, x), positive(y_name, y)
    same_shape(**{x_name: x, y_name: y})
    if x.ndim != 1 or x.size < 2:
        raise ValueError(f"{x_name} and {y_name} must be 1-d with at least 2 points; got shape {x.shape}")
    return x, y


def _pair(name: str, curve: tuple[ArrayLike, ArrayLike]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A curve given as one (x, y) pair, named ``name`` in errors."""
    if isinstance(curve, str) or not isinstance(curve, Sequence) or len(curve) != 2:
        raise ValueError(f"{name} must be an (x, y) pair of arrays; got {curve!r:.60}")
    return _curve(*curve, f"{name}[0]", f"{name}[1]")


def _window(name: str, window: tuple[float, float]) -> tuple[float, float]:
    """A (low, high) range of x with 0 < low < high."""
    try:
        low, high = (float(v) for v in window)
    except (TypeError, ValueError):
        low = high = float("nan")
    if not (np.isfinite(low) and np.isfinite(high) and 0 < low < high):
        raise ValueError(
            f"{name} must be a (low, high) pair of numbers with 0 < low < high; got {window!r:.60}"
        )
    return low, high


def smooth_curve(
    x: ArrayLike, y: ArrayLike, n_bins: int = 150
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Medians of x and of y in ``n_bins`` log-spaced bins of x (empty bins dropped).

    Digitised curves go back and forth along x and carry loss spikes; the median removes both.
    """
    x, y = _curve(x, y, "x", "y")
    n_bins = whole_number("n_bins", n_bins, 2)
    edges = np.geomspace(x.min(), x.max() * (1 + 1e-12), n_bins + 1)
    which = np.digitize(x, edges) - 1
    keep = [k for k in range(n_bins) if np.any(which == k)]
    return np.array([np.median(x[which == k]) for k in keep]), np.array(
        [np.median(y[which == k]) for k in keep]
    )


def crossings(
    x1: ArrayLike, y1: ArrayLike, x2: ArrayLike, y2: ArrayLike, tolerance: float = 0.0
) -> NDArray[np.float64]:
    """Every (x, y) where two piecewise-linear curves cross on their common range.

    Both curves are interpolated (linearly in log x) on the union of their x values; a crossing is
    where y1 - y2 changes sign, placed by linear interpolation. Runs of crossings separated by
    stretches where the curves stay within ``tolerance`` of each other are one touch, not several
    crossings: an odd number of them counts as one crossing (the middle one), an even number as none.
    """
    x1, y1 = _curve(x1, y1, "x1", "y1")
    x2, y2 = _curve(x2, y2, "x2", "y2")
    tolerance = non_negative("tolerance", tolerance)
    lo, hi = max(x1.min(), x2.min()), min(x1.max(), x2.max())
    if lo >= hi:
        return np.empty((0, 2))
    grid = np.unique(np.concatenate([x1, x2]))
    grid = np.log(grid[(grid >= lo) & (grid <= hi)])
    o1, o2 = np.argsort(x1), np.argsort(x2)
    a = np.interp(grid, np.log(x1[o1]), y1[o1])
    diff = a - np.interp(grid, np.log(x2[o2]), y2[o2])
    raw = []  # (grid index before the crossing, x, y)
    for i in np.flatnonzero(np.sign(diff[:-1]) * np.sign(diff[1:]) < 0):
        t = diff[i] / (diff[i] - diff[i + 1])
        raw.append((i, np.exp(grid[i] + t * (grid[i + 1] - grid[i])), a[i] + t * (a[i + 1] - a[i])))
    groups: list[list[tuple]] = []
    for k, cross in enumerate(raw):
        if k and np.abs(diff[raw[k - 1][0] + 1 : cross[0] + 1]).max() < tolerance:
            groups[-1].append(cross)
        else:
            groups.append([cross])
    kept = [g[len(g) // 2][1:] for g in groups if len(g) % 2]
    return np.array(kept, dtype=float).reshape(-1, 2)


def _stretches(
    a: tuple[ArrayLike, ArrayLike], b: tuple[ArrayLike, ArrayLike], found: ArrayLike
) -> tuple[
    tuple[NDArray[np.float64], NDArray[np.float64]],
    tuple[NDArray[np.float64], NDArray[np.float64]],
    list[float],
]:
    """Two curves (x, y) and the edges of the stretches of their common range that their crossings
    ``found`` (as returned by ``crossings``) delimit: [start, each crossing's x, end]."""
    (xa, ya), (xb, yb) = _pair("a", a), _pair("b", b)
    lo, hi = max(xa.min(), xb.min()), min(xa.max(), xb.max())
    found = np.empty((0, 2)) if np.size(found) == 0 else finite("found", found)
    if found.shape[-1:] != (2,) or found.ndim > 2 or np.any((found[..., 0] < lo) | (found[..., 0] > hi)):
        raise ValueError(
            f"found must be (x, y) crossings (from crossings) with x in the common range [{lo:g}, {hi:g}]; "
            f"got {found.tolist()!r:.60}"
        )
    return (xa, ya), (xb, yb), [float(lo), *map(float, found.reshape(-1, 2)[:, 0]), float(hi)]


def leaders(
    a: tuple[ArrayLike, ArrayLike], b: tuple[ArrayLike, ArrayLike], found: ArrayLike, names: tuple[str, str]
) -> list[str]:
    """Which of two curves (x, y) is lower before the first of their crossings ``found`` (as returned by
    ``crossings``) and after each one, judged at the middle (in log x) of each stretch of their common
    range; ``names`` name the two curves."""
    if isinstance(names, str) or not isinstance(names, Sequence) or len(names) != 2:
        raise ValueError(f"names must be a pair of names, one per curve; got {names!r:.60}")
    (xa, ya), (xb, yb), edges = _stretches(a, b, found)
    mids = [float(np.sqrt(x * y)) for x, y in zip(edges[:-1], edges[1:], strict=True)]
    oa, ob = np.argsort(xa), np.argsort(xb)
    return [
        names[0] if np.interp(m, xa[oa], ya[oa]) < np.interp(m, xb[ob], yb[ob]) else names[1] for m in mids
    ]


def largest_gaps(
    a: tuple[ArrayLike, ArrayLike], b: tuple[ArrayLike, ArrayLike], found: ArrayLike
) -> list[float]:
    """The largest distance ``|y_a - y_b|`` between two curves (x, y) in each stretch of their common range
    that their crossings ``found`` (as returned by ``crossings``) delimit, before the first crossing
    and after each one: how far the leader of each stretch gets ahead (``leaders`` says which it is).
    Both curves are interpolated linearly in log x on the union of their x values, as in ``crossings``."""
    (xa, ya), (xb, yb), bounds = _stretches(a, b, found)
    edges = np.log(bounds)
    grid = np.unique(np.concatenate([xa, xb]))
    grid = np.log(grid[(grid >= bounds[0]) & (grid <= bounds[-1])])
    oa, ob = np.argsort(xa), np.argsort(xb)
    gap = np.abs(np.interp(grid, np.log(xa[oa]), ya[oa]) - np.interp(grid, np.log(xb[ob]), yb[ob]))
    return [
        float(gap[(grid >= start) & (grid <= end)].max(initial=0.0))
        for start, end in zip(edges[:-1], edges[1:], strict=True)
    ]


def scatter_about(x: ArrayLike, y: ArrayLike, curve: tuple[ArrayLike, ArrayLike]) -> float:
    """Robust scatter (1.4826 x the median absolute deviation) of the points (x, y) about ``curve``
    (x, y), interpolated linearly in log x: for a digitised curve and its ``smooth_curve``, the size of
    the wiggles that smoothing removed (digitisation error and the run's own noise together)."""
    x, y = _curve(x, y, "x", "y")
    cx, cy = _pair("curve", curve)
    order = np.argsort(cx)
    residual = y - np.interp(np.log(x), np.log(cx[order]), cy[order])
    return float(1.4826 * np.median(np.abs(residual - np.median(residual))))


@dataclass(frozen=True)
class Extrapolation:
    """A straight-line extrapolation to ``x_target``: the value from the first window, the range of
    values over all windows (how much the answer depends on where the line is fitted), and the slopes."""

    x_target: float
    value: float
    low: float
    high: float
    slopes: NDArray[np.float64]

    def __post_init__(self) -> None:
        for name in ("x_target", "value", "low", "high"):  # a line that never gets there: inf
            given = getattr(self, name)
            value = numbers(name, given)
            if value.ndim or np.isnan(value):
                raise ValueError(f"{name} must be a single number (inf allowed); got {given!r:.60}")
            object.__setattr__(self, name, float(value))
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"value must lie in [low, high]; got {self.value} not in [{self.low}, {self.high}]"
            )
        object.__setattr__(self, "slopes", finite("slopes", self.slopes))


def fit_line(
    x: ArrayLike, y: ArrayLike, window: tuple[float, float], log_x: bool = False
) -> tuple[float, float]:
    """Least-squares y = slope u + intercept over the points with x in ``window``; u = x, or log x."""
    x, y = _curve(x, y, "x", "y")
    lo, hi = _window("window", window)
    log_x = flag("log_x", log_x)
    m = (x >= lo) & (x <= hi)
    if m.sum() < 3:
        raise ValueError(f"the window {window} holds {int(m.sum())} points; a line needs at least 3")
    slope, intercept = np.polyfit(np.log(x[m]) if log_x else x[m], y[m], 1)
    return float(slope), float(intercept)


def extrapolate_line(
    x: ArrayLike, y: ArrayLike, windows: Sequence[tuple[float, float]], x_target: float, log_x: bool = False
) -> Extrapolation:
    """Fit a line (in x, or in log x) in each window and extrapolate it to ``x_target``.

    ``value`` comes from the first window; ``low`` and ``high`` span all windows.
    """
    x_target = positive_scalar("x_target", x_target)
    if isinstance(windows, str) or not isinstance(windows, Sequence) or not windows:
        raise ValueError(f"windows must be a non-empty list of (low, high) pairs; got {windows!r:.60}")
    for k, w in enumerate(windows):
        _window(f"windows[{k}]", w)
    fits = [fit_line(x, y, w, log_x) for w in windows]
    u = np.log(x_target) if log_x else x_target
    values = np.array([s * u + c for s, c in fits])
    return Extrapolation(x_target, float(values[0]), float(values.min()), float(values.max()),
                         np.array([s for s, _ in fits]))  # fmt: skip


def reach(
    x: ArrayLike, y: ArrayLike, window: tuple[float, float], target: float, log_x: bool = False
) -> float:
    """Where the line fitted in ``window`` reaches y = ``target`` (inf if it never does)."""
    goal = finite("target", target)
    if goal.ndim:
        raise ValueError(f"target must be a single number; got an array of shape {goal.shape}")
    target = float(goal)
    slope, intercept = fit_line(x, y, window, log_x)
    if slope >= 0:
        return float("inf")
    u = (target - intercept) / slope
    return float(np.exp(u)) if log_x else float(u)


@dataclass(frozen=True)
class RunPoints:
    """Loss against compute for one model. ``final`` says what the points are: True for schedule-matched
    final losses (each the end of a run whose schedule was set for that length: the quantity of
    Hoffmann et al.'s L(N, D)), False for intermediate points of one longer run."""

    name: str
    n: float
    c: NDArray[np.float64]
    loss: NDArray[np.float64]
    final: bool

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string; got {self.name!r}")
        positive_scalar("n", self.n)
        c, loss = _curve(self.c, self.loss, "c", "loss")
        object.__setattr__(self, "c", c)
        object.__setattr__(self, "loss", loss)
        flag("final", self.final)

    @classmethod
    def from_checkpoints(cls, table: Checkpoints, model: str, axis: str, final: bool) -> RunPoints:
        """The rows of one ``model`` of a Gemstones table, with ``axis`` ("flops" or "node_hours") as c."""
        instance("table", table, Checkpoints)
        choice("model", model, sorted(set(table.model)))
        choice("axis", axis, ("flops", "node_hours"))
        rows = np.array([i for i, m in enumerate(table.model) if m == model])
        return cls(model, float(table.params[rows[0]]), getattr(table, axis)[rows], table.loss[rows], final)


@dataclass(frozen=True)
class Envelope:
    """The lowest loss at each compute in ``c`` over a set of runs, the run that achieves it (its name and
    size; "" and NaN where no run covers c), and whether every point behind it was a final loss."""

    c: NDArray[np.float64]
    loss: NDArray[np.float64]
    name: tuple[str, ...]
    n: NDArray[np.float64]
    final: bool

    def __post_init__(self) -> None:
        c = positive("c", self.c)
        loss, n = numbers("loss", self.loss), numbers("n", self.n)
        if c.ndim != 1 or loss.shape != c.shape or n.shape != c.shape or len(self.name) != c.size:
            raise ValueError("c, loss, n and name must have one entry per budget")
        if not all(isinstance(x, str) for x in self.name):
            raise ValueError(f"name must be a tuple of strings; got {self.name!r:.60}")
        covered = np.array([bool(x) for x in self.name], dtype=bool)
        for what, values in (("loss", loss), ("n", n)):
            inside, outside = values[covered], values[~covered]
            if not (np.all(np.isfinite(inside) & (inside > 0)) and np.all(np.isnan(outside))):
                raise ValueError(
                    f"{what} must be > 0 where a run covers the budget (it has a name), else NaN"
                )
        object.__setattr__(self, "c", c)
        object.__setattr__(self, "loss", loss)
        object.__setattr__(self, "n", n)
        object.__setattr__(self, "name", tuple(self.name))
        flag("final", self.final)


def envelope(runs: Sequence[RunPoints], c: ArrayLike) -> Envelope:
    """Approach 1 on real runs (Hoffmann et al. 2022, Sec. 3.1): at each budget in ``c``, the lowest loss
    among the runs whose compute range covers it, each run interpolated linearly in log C.

    Built from intermediate points (``final=False``), the result is a race of training curves, not the
    compute-optimal frontier; ``Envelope.final`` records which one it is.
    """
    if isinstance(runs, str) or not isinstance(runs, Sequence) or not runs:
        raise ValueError(f"runs must be a non-empty list of RunPoints; got {runs!r:.60}")
    for run in runs:
        instance("runs item", run, RunPoints)
    grid = positive("c", c)
    if grid.ndim != 1:
        raise ValueError(f"c must be 1-d; got shape {grid.shape}")
    table = np.full((len(runs), grid.size), np.nan)
    for i, run in enumerate(runs):
        x, y = run.c, run.loss
        order = np.argsort(x)
        inside = (grid >= x.min()) & (grid <= x.max())
        table[i, inside] = np.interp(np.log(grid[inside]), np.log(x[order]), y[order])
    covered = ~np.all(np.isnan(table), axis=0)
    best = np.where(covered, np.argmin(np.where(np.isnan(table), np.inf, table), axis=0), -1)
    return Envelope(
        grid,
        np.where(covered, np.nanmin(np.where(covered, table, 0), axis=0), np.nan),
        tuple(runs[b].name if b >= 0 else "" for b in best),
        np.array([runs[b].n if b >= 0 else np.nan for b in best]),
        all(run.final for run in runs),
    )
