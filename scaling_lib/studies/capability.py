"""From loss to capability: Bhagia et al. 2024's two-step prediction of task accuracy on the OLMo model
ladder, and Ruan et al. 2024's principal components of public models' benchmark scores.

Two steps (Bhagia et al., arXiv 2412.04403, Sec. 3): (1) the task loss in bits per byte from model size
and data, L(N, D) = A / N^alpha + B / D^beta + E (their Sec. 3.1, Eq. 1, Chinchilla's form), fitted to
the mean of the last 5 checkpoints of each of the 16 ladder runs with a Huber loss (delta 1e-3) on log L
and L-BFGS-B from one start; (2) the accuracy from the task loss, Acc(L) = a / (1 + e^(-k (L - L0))) + b
(Sec. 3.2, Eq. 2), fitted by least squares to every checkpoint after the first 10% of each run, smoothed
by a 5-point moving average, with the point (L = 0, Acc = 1) added. These follow the authors' released
code (allenai/OLMo-ladder, data SOURCE.md): same starts, bounds and tolerances.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import curve_fit, minimize

from ..data.datasets import OLMO_TARGETS, OLMO_TASKS, TaskCheckpoints, load_olmo_ladder, load_olmo_target
from ..validation import (
    checks_argument_classes,
    choice,
    finite,
    in_range,
    instance,
    non_negative,
    positive,
    positive_scalar,
    same_shape,
)

__all__ = [
    "CHANCE",
    "LAST_CHECKPOINTS",
    "SKIP_FRACTION",
    "SMOOTHING",
    "Sigmoid",
    "TaskLoss",
    "TwoStep",
    "fit_accuracy",
    "fit_task_loss",
    "principal_components",
    "step1_points",
    "step2_points",
    "two_step",
]

#: Step 1 fits the mean task loss of each run's last 5 checkpoints.
LAST_CHECKPOINTS = 5
#: Step 2 drops each run's first 10% of checkpoints and smooths the rest over 5 (a moving average).
SKIP_FRACTION = 0.1
SMOOTHING = 5
#: Random-chance accuracy of each task (upstream ``task_minimum``): 4-way multiple choice unless listed.
CHANCE = {task: 0.25 for task in OLMO_TASKS} | {"PIQA": 0.5, "Social IQa": 1 / 3, "CSQA": 0.2}
_HUBER_DELTA = 1e-3


@checks_argument_classes
def step1_points(ladder: TaskCheckpoints, task: str) -> tuple[NDArray, NDArray, NDArray]:
    """(N, D, task loss) per ladder run: its size, its final tokens, and the mean task loss (bits per
    byte) of its last ``LAST_CHECKPOINTS`` checkpoints."""
    choice("task", task, OLMO_TASKS)
    rows = [ladder.of(run) for run in ladder.runs()]
    return (
        np.array([ladder.n[r[-1]] for r in rows]),
        np.array([ladder.d[r[-1]] for r in rows]),
        np.array([ladder.bpb[task][r[-LAST_CHECKPOINTS:]].mean() for r in rows]),
    )


def fit_task_loss(n: ArrayLike, d: ArrayLike, loss: ArrayLike) -> TaskLoss:
    """Step 1: L(N, D) = e^a / N^alpha + e^b / D^beta + E (Bhagia et al., Eq. 1) by a Huber loss
    (delta 1e-3) on log L, L-BFGS-B from (a, b, alpha, beta, E) = (3, 6, 0.1, 0.2, 1), every parameter
    >= 0, as the authors' code fits it."""
    n, d, loss = positive("N", n), positive("D", d), positive("L", loss)
    same_shape(N=n, D=d, L=loss)
    log_n, log_d, log_loss = np.log(n), np.log(d), np.log(loss)

    def objective(p: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        a, b, alpha, beta, e = p
        model, data = np.exp(a - alpha * log_n), np.exp(b - beta * log_d)
        pred = model + data + e
        u = np.log(pred) - log_loss
        small = np.abs(u) < _HUBER_DELTA
        value = np.where(small, 0.5 * u**2, _HUBER_DELTA * (np.abs(u) - 0.5 * _HUBER_DELTA)).sum()
        g = np.where(small, u, _HUBER_DELTA * np.sign(u)) / pred
        grad = np.array([(g * model).sum(), (g * data).sum(), -(g * model * log_n).sum(),
                         -(g * data * log_d).sum(), g.sum()])  # fmt: skip
        return float(value), grad

    res = minimize(objective, np.array([3.0, 6.0, 0.1, 0.2, 1.0]), jac=True, method="L-BFGS-B",
                   bounds=[(0, None)] * 5, tol=0.0,
                   options={"ftol": 0.0, "gtol": 1e-10, "maxiter": 10_000})  # fmt: skip
    a, b, alpha, beta, e = (float(v) for v in res.x)
    return TaskLoss(A=math.exp(a), B=math.exp(b), alpha=alpha, beta=beta, E=e)


@dataclass(frozen=True)
class TaskLoss:
    """Step 1's law, L(N, D) = A / N^alpha + B / D^beta + E in bits per byte (Bhagia et al., Eq. 1): the
    form of Chinchilla's, but E may be 0 (the fit's bound), as it is for CommonsenseQA."""

    A: float
    B: float
    alpha: float
    beta: float
    E: float

    def __post_init__(self) -> None:
        for name in ("A", "B", "alpha", "beta"):
            positive_scalar(name, getattr(self, name))
        non_negative("E", self.E)

    def loss(self, n: ArrayLike, d: ArrayLike) -> NDArray[np.float64]:
        n, d = np.broadcast_arrays(positive("N", n), positive("D", d))
        return self.A / n**self.alpha + self.B / d**self.beta + self.E


@dataclass(frozen=True)
class Sigmoid:
    """Acc(L) = a / (1 + e^(-k (L - L0))) + b (Bhagia et al., Eq. 2): with a < 0 the accuracy falls from
    a + b at low loss towards b (near chance) at high loss."""

    a: float
    x0: float
    k: float
    b: float

    def __post_init__(self) -> None:
        for name in ("a", "x0", "k", "b"):
            object.__setattr__(self, name, float(finite(name, getattr(self, name)).item()))

    def __call__(self, loss: ArrayLike) -> NDArray[np.float64]:
        x = finite("L", loss)
        return self.a / (1 + np.exp(-self.k * (x - self.x0))) + self.b


def _moving_average(x: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """The mean of each value and the n - 1 before it (fewer at the start), as the authors' code."""
    total = np.cumsum(x, dtype=float)
    if len(total) < n:
        return total / np.arange(1, len(total) + 1)
    total[n:] = total[n:] - total[:-n]
    return np.concatenate([total[: n - 1] / np.arange(1, n), total[n - 1 :] / n])


@checks_argument_classes
def step2_points(ladder: TaskCheckpoints, task: str) -> tuple[NDArray, NDArray]:
    """(task loss, accuracy) over the ladder's checkpoints: per run, the first ``SKIP_FRACTION`` dropped
    and both smoothed by a ``SMOOTHING``-point moving average."""
    choice("task", task, OLMO_TASKS)
    xs, ys = [], []
    for run in ladder.runs():
        rows = ladder.of(run)
        rows = rows[math.ceil(SKIP_FRACTION * len(rows)) :]
        xs.append(_moving_average(ladder.bpb[task][rows], SMOOTHING))
        ys.append(_moving_average(ladder.accuracy[task][rows], SMOOTHING))
    return np.concatenate(xs), np.concatenate(ys)


def fit_accuracy(loss: ArrayLike, accuracy: ArrayLike, chance: float) -> Sigmoid:
    """Step 2: the sigmoid of ``Sigmoid`` by least squares (scipy's curve_fit) through the points and
    (0, 1), from (a, L0, k, b) = (chance - 1, 0.9, 3, 1) within a in [-1, 0], b in [0, 1], L0, k >= 0."""
    x, y = finite("loss", loss), finite("accuracy", accuracy)
    same_shape(loss=x, accuracy=y)
    in_range("chance", chance, 0.0, 1.0)
    x, y = np.append(x, 0.0), np.append(y, 1.0)

    def sigmoid(v: NDArray, a: float, x0: float, k: float, b: float) -> NDArray:
        return a / (1 + np.exp(-k * (v - x0))) + b

    p, _ = curve_fit(sigmoid, x, y, p0=[chance - 1.0, 0.9, 3.0, 1.0],
                     bounds=([-1.0, 0.0, 0.0, 0.0], [0.0, np.inf, np.inf, 1.0]), maxfev=500_000)  # fmt: skip
    return Sigmoid(*(float(v) for v in p))


@dataclass(frozen=True)
class TwoStep:
    """The two-step prediction of one task: the fitted laws, and per target (``OLMO_TARGETS``) the
    predicted and actual task loss and accuracy. The actual values are the target's mean over its
    evaluated checkpoints (the 7B-4T's one, the 13B-5T's last 5), as the authors report them."""

    task: str
    law: TaskLoss
    sigmoid: Sigmoid
    predicted_loss: dict[str, float]
    predicted_accuracy: dict[str, float]
    actual_loss: dict[str, float]
    actual_accuracy: dict[str, float]

    def __post_init__(self) -> None:
        choice("task", self.task, OLMO_TASKS)
        instance("law", self.law, TaskLoss)
        instance("sigmoid", self.sigmoid, Sigmoid)
        for name in ("predicted_loss", "predicted_accuracy", "actual_loss", "actual_accuracy"):
            table = getattr(self, name)
            if not (isinstance(table, dict) and set(table) == set(OLMO_TARGETS)
                    and all(isinstance(v, float) and math.isfinite(v) for v in table.values())):  # fmt: skip
                raise ValueError(f"{name} must map each of {list(OLMO_TARGETS)} to a finite number")

    def error(self, target: str) -> float:
        """Predicted minus actual accuracy, in points (percent)."""
        choice("target", target, OLMO_TARGETS)
        return 100 * (self.predicted_accuracy[target] - self.actual_accuracy[target])


def two_step(task: str, ladder: TaskCheckpoints | None = None) -> TwoStep:
    """Bhagia et al.'s chained prediction of ``task`` (``OLMO_TASKS``) for both targets."""
    choice("task", task, OLMO_TASKS)
    ladder = load_olmo_ladder() if ladder is None else instance("ladder", ladder, TaskCheckpoints)
    law = fit_task_loss(*step1_points(ladder, task))
    sigmoid = fit_accuracy(*step2_points(ladder, task), CHANCE[task])
    out: dict[str, dict[str, float]] = {"pl": {}, "pa": {}, "al": {}, "aa": {}}
    for target in OLMO_TARGETS:
        rows = load_olmo_target(target)
        last = slice(-LAST_CHECKPOINTS, None)
        out["pl"][target] = float(law.loss(rows.n[-1], rows.d[-1]))
        out["pa"][target] = float(sigmoid(out["pl"][target]))
        out["al"][target] = float(rows.bpb[task][last].mean())
        out["aa"][target] = float(rows.accuracy[task][last].mean())
    return TwoStep(task, law, sigmoid, out["pl"], out["pa"], out["al"], out["aa"])


def principal_components(scores: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Ruan et al. 2024's capability measures (Sec. 3.2): missing scores (NaN) filled by a one-component
    PCA of the standardised scores (iterated, clipped to [0, 1]), then a PCA of the filled scores. Returns
    each component's share of the variance (largest first) and the models' scores on the components."""
    s = np.array(scores, dtype=float)
    if s.ndim != 2 or s.shape[0] < 3 or s.shape[1] < 2:
        raise ValueError(
            f"scores must be a (models x benchmarks) matrix with at least 3 x 2 entries; got {s.shape}"
        )
    missing = np.isnan(s)
    if np.any(np.isinf(s)) or np.any(s[~missing] < 0) or np.any(s[~missing] > 1):
        raise ValueError("scores must be fractions in [0, 1], or NaN where missing")
    filled = np.where(missing, np.nanmean(s, axis=0), s)
    for _ in range(100):
        mean, sd = filled.mean(axis=0), filled.std(axis=0)
        z = (filled - mean) / sd
        u, sv, vt = np.linalg.svd(z, full_matrices=False)
        rank1 = (sv[0] * np.outer(u[:, 0], vt[0])) * sd + mean
        new = np.where(missing, np.clip(rank1, 0, 1), s)
        if np.max(np.abs(new - filled)) < 1e-12:
            break
        filled = new
    centred = filled - filled.mean(axis=0)
    u, sv, vt = np.linalg.svd(centred, full_matrices=False)
    return sv**2 / np.sum(sv**2), u * sv
