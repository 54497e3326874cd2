"""The loss along a training run as a function of its learning-rate schedule: the annealing law of
Tissue et al. 2024 and the multi-power law of Luo et al. 2025, and their fits.

Both replace the step count of a Chinchilla-style law by the area under the learning-rate curve
(``S1``, the sum of the learning rates so far) and subtract a term for what decaying the learning rate
buys:

- annealing law (Tissue et al. 2024, arXiv 2408.11029, their abstract): ``L(s) = L0 + A S1^-alpha - C S2``,
  ``S1`` the area under the learning-rate curve and ``S2`` the "annealing area", here the sum of a
  momentum of the decrements, ``m_i = lambda m_{i-1} + (eta_{i-1} - eta_i)``, with ``lambda`` = 0.999
  taken, not fitted;
- multi-power law (Luo et al. 2025, arXiv 2503.12811, in the form of the authors' repository
  thu-yao-01-luo/MultiPowerLaw): ``L(t) = L0 + A (S1(t) + S_W)^-alpha - LD(t)``, ``LD(t) = B sum_k
  (eta_{k-1} - eta_k) G(eta_k^-gamma S_k(t))``, ``G(x) = 1 - (C x + 1)^-beta``, ``S_k(t) = sum_{tau=k..t}
  eta_tau``, ``S1`` the sum after warmup and ``S_W`` the sum over the warmup.

A ``Schedule`` is a run's learning rate at every optimiser step, rebuilt from logged (step, lr) pairs
by linear interpolation, with a linear warmup from 0 before the first logged step. The multi-power
law's double sum is taken over blocks (each block's decrements summed at its last step): at most
``block`` steps, ending at every logged step and wherever the rate has fallen by another 1% of its
peak. Against the sum over every step, that changes the predicted loss by less than 0.001 nats on the
book's runs (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import least_squares
from scipy.signal import lfilter

from ..validation import finite, in_range, instance, positive_scalar, whole_number

__all__ = [
    "ANNEALING_LAMBDA",
    "AnnealingLaw",
    "DROP_STEP",
    "LAWS",
    "MultiPowerLaw",
    "Schedule",
    "fit_schedule_law",
]

#: The momentum of the learning-rate decrements in the annealing law's S2 (taken, not fitted).
ANNEALING_LAMBDA = 0.999
LAWS = ("annealing", "multi-power")
#: The multi-power law's sum over decrements takes a new block whenever the rate has fallen by this
#: fraction of its peak (``_blocks``).
DROP_STEP = 0.01


@dataclass(frozen=True)
class Schedule:
    """A run's learning rate at every step ``1..steps`` (``lr[i]`` at step ``i + 1``) and the steps at
    which its loss was logged. Build one from logged values with ``Schedule.from_log``."""

    lr: NDArray[np.float64]
    warmup_steps: int
    logged: NDArray[np.int64]

    def __post_init__(self) -> None:
        lr = finite("lr", self.lr)
        if lr.ndim != 1 or lr.size < 2 or np.any(lr < 0):
            raise ValueError(f"lr must be a 1-D array of at least 2 learning rates >= 0; got {self.lr!r:.80}")
        whole_number("warmup_steps", self.warmup_steps, 0, lr.size - 1)
        logged = np.asarray(self.logged)
        if logged.ndim != 1 or logged.size == 0 or not np.issubdtype(logged.dtype, np.integer):
            raise ValueError(f"logged must be a 1-D array of whole steps; got {self.logged!r:.80}")
        if np.any(logged < 1) or np.any(logged > lr.size) or np.any(np.diff(logged) <= 0):
            raise ValueError(f"logged steps must increase within 1..{lr.size}; got {self.logged!r:.80}")

    @classmethod
    def from_log(cls, step: ArrayLike, lr: ArrayLike) -> Schedule:
        """The schedule whose learning rate was ``lr`` at each logged ``step``: linear between them, and a
        linear warmup from 0 up to the first logged step (Luo et al.'s runs log from the end of warmup)."""
        s, r = finite("step", step), finite("lr", lr)
        if s.shape != r.shape or s.ndim != 1 or s.size < 2:
            raise ValueError(
                f"step and lr must be 1-D arrays of one length >= 2; got {s.shape} and {r.shape}"
            )
        if np.any(s != np.round(s)) or s[0] < 1 or np.any(np.diff(s) <= 0):
            raise ValueError("step must be whole steps >= 1, increasing")
        if np.any(r < 0):
            raise ValueError("lr must be >= 0")
        every = np.arange(1, int(s[-1]) + 1, dtype=np.float64)
        rate = np.interp(every, s, r)
        warmup = int(s[0]) - 1
        rate[:warmup] = r[0] * every[:warmup] / s[0]
        return cls(rate, warmup, s.astype(np.int64))

    def s1(self) -> NDArray[np.float64]:
        """The learning rates summed from step 1 (warmup included) to each logged step."""
        return np.cumsum(self.lr)[self.logged - 1]

    def warmup_sum(self) -> float:
        """``S_W``: the learning rates summed over the warmup."""
        return float(np.sum(self.lr[: self.warmup_steps]))

    def annealing_area(self, lam: float = ANNEALING_LAMBDA) -> NDArray[np.float64]:
        """Tissue et al.'s ``S2`` at each logged step: the momentum ``m_i`` of the decrements
        ``eta_{i-1} - eta_i`` (from the end of warmup), summed."""
        lam = in_range("lam", lam, 0.0, 1.0)
        if not 0 < lam < 1:
            raise ValueError(f"lam must be in (0, 1); got {lam!r}")
        after = self.lr[self.warmup_steps :]
        drops = -np.diff(after, prepend=after[0])  # eta_{i-1} - eta_i: positive while the rate decays
        momentum = lfilter([1.0], [1.0, -lam], drops)
        area = np.concatenate([np.zeros(self.warmup_steps), np.cumsum(momentum)])
        return area[self.logged - 1]


def _blocks(
    schedule: Schedule, block: int
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """The schedule after warmup cut into blocks, every logged step ending one: at most ``block`` steps
    each, and a new block whenever the rate has fallen by another ``DROP_STEP`` of its peak, so that a fast
    decay is cut finely. The learning rate at each block's last step, that step's index (after warmup),
    and each logged step's index."""
    after = schedule.lr[schedule.warmup_steps :]
    logged = schedule.logged - 1 - schedule.warmup_steps
    fallen = np.cumsum(np.maximum(-np.diff(after, prepend=after[0]), 0.0))
    marks = np.arange(DROP_STEP, 1.0, DROP_STEP) * after.max()
    by_drop = np.searchsorted(fallen, marks[marks < fallen[-1]])
    ends = np.union1d(np.union1d(np.arange(block - 1, after.size, block), logged), by_drop)
    return after[ends], ends, logged


@dataclass(frozen=True)
class AnnealingLaw:
    """``L = L0 + A S1^-alpha - C S2`` (Tissue et al. 2024), ``lam`` the decrements' momentum."""

    L0: float
    A: float
    alpha: float
    C: float
    lam: float = ANNEALING_LAMBDA

    def __post_init__(self) -> None:
        for name in ("L0", "A", "alpha"):
            positive_scalar(name, getattr(self, name))
        if not (isinstance(self.C, int | float) and not isinstance(self.C, bool) and np.isfinite(self.C)):
            raise ValueError(f"C must be a finite number; got {self.C!r}")
        if not 0 < in_range("lam", self.lam, 0.0, 1.0) < 1:
            raise ValueError(f"lam must be in (0, 1); got {self.lam!r}")

    def loss(self, schedule: Schedule) -> NDArray[np.float64]:
        """The predicted loss at each logged step of ``schedule``."""
        instance("schedule", schedule, Schedule)
        return self.L0 + self.A * schedule.s1() ** -self.alpha - self.C * schedule.annealing_area(self.lam)


@dataclass(frozen=True)
class MultiPowerLaw:
    """Luo et al. 2025's multi-power law: ``L0 + A (S1 + S_W)^-alpha - LD`` with
    ``LD = B sum_k (eta_{k-1} - eta_k) (1 - (C eta_k^-gamma S_k + 1)^-beta)``; ``S1 + S_W``, the sum after
    warmup plus the sum over it, is ``Schedule.s1()``."""

    L0: float
    A: float
    alpha: float
    B: float
    C: float
    beta: float
    gamma: float

    def __post_init__(self) -> None:
        for name in ("L0", "A", "alpha", "B", "C", "beta"):
            positive_scalar(name, getattr(self, name))
        if not (
            isinstance(self.gamma, int | float)
            and not isinstance(self.gamma, bool)
            and np.isfinite(self.gamma)
        ):
            raise ValueError(f"gamma must be a finite number; got {self.gamma!r}")

    def loss(self, schedule: Schedule, block: int = 64) -> NDArray[np.float64]:
        """The predicted loss at each logged step of ``schedule`` (the double sum over blocks of ``block``
        steps)."""
        instance("schedule", schedule, Schedule)
        whole_number("block", block, 1)
        rate, ends, logged = _blocks(schedule, block)
        after = schedule.lr[schedule.warmup_steps :]
        total = np.concatenate([[0.0], np.cumsum(after)])  # total[i]: the first i rates after warmup
        drops = -np.diff(rate, prepend=after[0])  # eta_{k-1} - eta_k, each block's at its last step
        # S_k(t) for every block k and logged step t: the rates from block k's last step to t summed.
        inside = ends[:, None] <= logged[None, :]
        s_k = np.where(inside, total[logged + 1][None, :] - total[ends][:, None], 0.0)
        g = 1.0 - (self.C * rate[:, None] ** -self.gamma * s_k + 1.0) ** -self.beta
        reduction = self.B * np.sum(np.where(inside, drops[:, None] * g, 0.0), axis=0)
        return self.L0 + self.A * schedule.s1() ** -self.alpha - reduction


#: Each law's parameters as the fit varies them (the logarithms of the positive ones): a starting point
#: and bounds wide enough for any run of the book's data (the fit fails if a bound binds).
_START = {
    "annealing": {
        "L0": (2.5, 0.1, 10.0),
        "A": (0.5, 1e-3, 1e3),
        "alpha": (0.5, 0.01, 3.0),
        "C": (1.0, -1e4, 1e4),
    },
    "multi-power": {
        "L0": (2.5, 0.1, 10.0),
        "A": (0.5, 1e-3, 1e3),
        "alpha": (0.5, 0.01, 3.0),
        "B": (300.0, 1.0, 1e6),
        "C": (2.0, 1e-9, 1e3),
        "beta": (0.5, 0.01, 100.0),
        "gamma": (0.5, -1.0, 2.0),
    },
}


def fit_schedule_law(
    law: Literal["annealing", "multi-power"],
    schedules: list[Schedule],
    losses: list[ArrayLike],
) -> AnnealingLaw | MultiPowerLaw:
    """Fit ``law`` to the logged losses of one model's runs under ``schedules`` (least squares in the
    loss, a trust-region method on the logarithms of the positive constants; deterministic)."""
    if law not in LAWS:
        raise ValueError(f"law must be one of {LAWS}; got {law!r}")
    for name, values in (("schedules", schedules), ("losses", losses)):
        if not isinstance(values, list | tuple) or not values:
            raise ValueError(f"{name} must be a non-empty list; got {values!r:.60}")
    if len(schedules) != len(losses):
        raise ValueError(f"schedules and losses must have one length; got {len(schedules)} and {len(losses)}")
    ys = []
    for k, (schedule, loss) in enumerate(zip(schedules, losses, strict=True)):
        instance(f"schedules[{k}]", schedule, Schedule)
        y = finite(f"losses[{k}]", loss)
        if y.shape != schedule.logged.shape or np.any(y <= 0):
            raise ValueError(
                f"losses[{k}] must hold one positive loss per logged step ({schedule.logged.size})"
            )
        ys.append(y)
    names = list(_START[law])
    signed = {"C"} if law == "annealing" else {"gamma"}

    def build(x: NDArray[np.float64]) -> AnnealingLaw | MultiPowerLaw:
        values = {n: float(v if n in signed else np.exp(v)) for n, v in zip(names, x, strict=True)}
        return AnnealingLaw(**values) if law == "annealing" else MultiPowerLaw(**values)

    def residuals(x: NDArray[np.float64]) -> NDArray[np.float64]:
        fitted = build(x)
        return np.concatenate([fitted.loss(s) - y for s, y in zip(schedules, ys, strict=True)])

    start = _START[law]
    x0, low, high = (
        np.array([v[i] if n in signed else np.log(v[i]) for n, v in start.items()]) for i in range(3)
    )
    result = least_squares(residuals, x0, bounds=(low, high), method="trf", x_scale="jac", max_nfev=3000)
    binding = [
        n
        for n, x, lo, hi in zip(names, result.x, low, high, strict=True)
        if np.isclose(x, lo) or np.isclose(x, hi)
    ]
    if binding or not result.success:
        raise ValueError(
            f"the {law} law's fit did not converge inside its bounds (at a bound: {binding or 'none'})"
        )
    return build(result.x)
