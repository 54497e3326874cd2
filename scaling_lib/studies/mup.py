"""A toy a reader can run on a CPU: why the best learning rate drifts with width under the standard
parametrization (SP) and stays put under muP (Yang et al. 2022, arXiv 2203.03466, Table 3, Adam).

The model is a multilayer perceptron ``x -> tanh(W1 x) -> tanh(W2 h1) -> W3 h2`` with two hidden layers
of ``width`` units, trained with Adam in NumPy on a fixed regression task: fresh Gaussian inputs each
step and targets from a fixed random teacher network of the same shape (width ``BASE_WIDTH``). Every
layer's initial scale and Adam learning rate come from ``hyperparameters.layer_scales``; at
``BASE_WIDTH`` the two parametrizations are the same network. Everything is seeded.

What a toy shows and what it cannot: it shows the mechanism (Adam's per-entry updates of a
``width x width`` matrix add up across ``width`` inputs, so under SP a fixed learning rate moves each
unit more the wider the layer) and the shift of the best learning rate that follows. It cannot show
the sizes or the exponents of a transformer's shift, nor that the transferred learning rate is best
at scale: that needs the paper's experiments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from ..laws.hyperparameters import PARAMETRIZATIONS, layer_scales
from ..validation import choice, non_negative, positive_scalar, whole_number

__all__ = ["BASE_WIDTH", "INPUTS", "CoordinateCheck", "best_learning_rate", "coordinate_check", "train"]

#: The width at which SP and muP agree, and the inputs' dimension.
BASE_WIDTH = 16
INPUTS = 8
_TEACHER_SEED = 12345
_Parametrization = Literal["sp", "mup"]
_Layer = Literal["input", "hidden", "output"]


def _init(
    width: int, parametrization: _Parametrization, rng: np.random.Generator
) -> list[NDArray[np.float64]]:
    shapes = [(INPUTS, width), (width, width), (width, 1)]
    layers: tuple[_Layer, ...] = ("input", "hidden", "output")
    weights = []
    for (fan_in, fan_out), layer in zip(shapes, layers, strict=True):
        scale = layer_scales(layer, fan_in, BASE_WIDTH if layer != "input" else INPUTS, parametrization)
        weights.append(rng.standard_normal((fan_in, fan_out)) * scale.init_std / np.sqrt(fan_in))
    return weights


def _rates(width: int, parametrization: _Parametrization, lr: float) -> list[float]:
    layers: tuple[tuple[_Layer, int, int], ...] = (
        ("input", INPUTS, INPUTS),
        ("hidden", width, BASE_WIDTH),
        ("output", width, BASE_WIDTH),
    )
    return [lr * layer_scales(layer, fan_in, base, parametrization).lr for layer, fan_in, base in layers]


def _forward(w: list[NDArray[np.float64]], x: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    h1 = np.tanh(x @ w[0])
    h2 = np.tanh(h1 @ w[1])
    return h1, h2, h2 @ w[2]


def _teacher() -> list[NDArray[np.float64]]:
    return _init(BASE_WIDTH, "sp", np.random.default_rng(_TEACHER_SEED))


def _batch(
    rng: np.random.Generator, teacher: list[NDArray[np.float64]], size: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    x = rng.standard_normal((size, INPUTS))
    return x, _forward(teacher, x)[2]


def _run(
    width: int,
    parametrization: _Parametrization,
    lr: float,
    steps: int,
    batch: int,
    seed: int,
    record: bool = False,
) -> tuple[list[float], list[tuple[float, float]]]:
    """Train; the loss on a fixed held-out batch (after each step if ``record``, else every fifth step of
    the last quarter) and, if ``record``, the RMS change per unit of the second hidden layer and of the
    output since initialisation, on that batch."""
    rng = np.random.default_rng(seed)
    teacher = _teacher()
    w = _init(width, parametrization, rng)
    rates = _rates(width, parametrization, lr)
    m = [np.zeros_like(a) for a in w]
    v = [np.zeros_like(a) for a in w]
    b1, b2, eps = 0.9, 0.999, 1e-8
    probe, target = _batch(np.random.default_rng(seed + 1), teacher, 512)
    start = _forward(w, probe)
    losses, moves = [], []
    for t in range(1, steps + 1):
        x, y = _batch(rng, teacher, batch)
        h1, h2, out = _forward(w, x)
        err = out - y
        g_out = 2 * err / batch
        grads = [np.empty(0)] * 3
        grads[2] = h2.T @ g_out
        g_h2 = (g_out @ w[2].T) * (1 - h2**2)
        grads[1] = h1.T @ g_h2
        g_h1 = (g_h2 @ w[1].T) * (1 - h1**2)
        grads[0] = x.T @ g_h1
        for i in range(3):
            m[i] = b1 * m[i] + (1 - b1) * grads[i]
            v[i] = b2 * v[i] + (1 - b2) * grads[i] ** 2
            step = (m[i] / (1 - b1**t)) / (np.sqrt(v[i] / (1 - b2**t)) + eps)
            w[i] = w[i] - rates[i] * step
        if not record and (t <= steps - steps // 4 or t % 5):
            continue  # the held-out loss is read every 5th step of the last quarter
        now = _forward(w, probe)
        losses.append(float(np.mean((now[2] - target) ** 2)))
        if record:
            moves.append(
                (
                    float(np.sqrt(np.mean((now[1] - start[1]) ** 2))),
                    float(np.sqrt(np.mean((now[2] - start[2]) ** 2))),
                )
            )
    return losses, moves


def train(
    width: int,
    parametrization: Literal["sp", "mup"],
    lr: float,
    steps: int = 200,
    batch: int = 32,
    seed: int = 0,
) -> float:
    """The held-out loss (mean squared error on a fixed batch of 512), averaged over every fifth step of
    the last quarter of ``steps`` Adam steps at base learning rate ``lr`` (``inf`` if training diverged)."""
    whole_number("width", width, 1)
    choice("parametrization", parametrization, PARAMETRIZATIONS)
    positive_scalar("lr", lr)
    whole_number("steps", steps, 4)
    whole_number("batch", batch, 1)
    whole_number("seed", seed)
    # Small matrices: BLAS threads only add overhead, and on a shared machine they fight for its cores (a
    # reader's Binder session took 18 times longer with them), as in chinchilla._lbfgs.
    with np.errstate(over="ignore", invalid="ignore"), threadpool_limits(1, user_api="blas"):
        losses = _run(width, parametrization, lr, steps, batch, seed)[0]
    tail = np.array(losses)
    return float(np.mean(tail)) if np.all(np.isfinite(tail)) else float("inf")


@dataclass(frozen=True)
class CoordinateCheck:
    """How much each unit of the last hidden layer and the output has moved after ``steps`` steps: RMS
    change per coordinate, one value per width (Yang et al. 2022, App. D.1's coordinate check)."""

    widths: tuple[int, ...]
    hidden: tuple[float, ...]
    output: tuple[float, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.widths, tuple) or len(self.widths) < 2:
            raise ValueError(f"widths must be a tuple of at least 2 widths; got {self.widths!r}")
        for k, width in enumerate(self.widths):
            whole_number(f"widths[{k}]", width, 1)
        for name in ("hidden", "output"):
            values = getattr(self, name)
            if not isinstance(values, tuple) or len(values) != len(self.widths):
                raise ValueError(
                    f"{name} must be a tuple of one value per width ({len(self.widths)}); got {values!r}"
                )
            for k, v in enumerate(values):
                non_negative(f"{name}[{k}]", v)


def coordinate_check(
    widths: tuple[int, ...], parametrization: Literal["sp", "mup"], lr: float, steps: int = 5, seed: int = 0
) -> CoordinateCheck:
    """The coordinate check: train each width ``steps`` steps at ``lr`` and measure how far the hidden
    and output coordinates moved. Under SP they grow with width; under muP they stay about the same."""
    if not isinstance(widths, tuple) or len(widths) < 2:
        raise ValueError(f"widths must be a tuple of at least 2 widths; got {widths!r}")
    for k, width in enumerate(widths):
        whole_number(f"widths[{k}]", width, 1)
    choice("parametrization", parametrization, PARAMETRIZATIONS)
    positive_scalar("lr", lr)
    whole_number("steps", steps, 1)
    with threadpool_limits(1, user_api="blas"):
        moved = [_run(n, parametrization, lr, steps, 32, seed, record=True)[1][-1] for n in widths]
    return CoordinateCheck(widths, tuple(h for h, _ in moved), tuple(o for _, o in moved))


def best_learning_rate(lrs: tuple[float, ...], losses: tuple[float, ...]) -> float:
    """The learning rate at the minimum of a parabola through the lowest loss of a sweep and its two
    neighbours, in log learning rate and log loss (the sweep's end point if the lowest is at an end)."""
    for name, values in (("lrs", lrs), ("losses", losses)):
        if not isinstance(values, tuple | list) or len(values) < 3:
            raise ValueError(f"{name} must be a sequence of at least 3 numbers; got {values!r:.60}")
    if len(lrs) != len(losses):
        raise ValueError(f"lrs and losses must have one length; got {len(lrs)} and {len(losses)}")
    x = np.log2([positive_scalar("lrs", v) for v in lrs])
    if np.any(np.diff(x) <= 0):
        raise ValueError("lrs must increase")
    # A diverged run's loss is inf (train's answer); anything else must be a loss > 0.
    y = np.log([v if v == np.inf else positive_scalar("losses", v) for v in losses])
    i = int(np.argmin(y))
    if i in (0, len(x) - 1) or not np.all(np.isfinite(y[i - 1 : i + 2])):
        return float(2 ** x[i])
    a, b, _ = np.polyfit(x[i - 1 : i + 2], y[i - 1 : i + 2], 2)
    return float(2 ** (-b / (2 * a)))
