"""Batch size and learning rate as scaling quantities, and the maximal-update parametrization (muP).

- The steps-data trade-off at a fixed loss (Kaplan et al. 2020, Eq. 5.1-5.2, after McCandlish et al.
  2018): ``(S/S_min - 1)(E/E_min - 1) = 1`` with ``E = B S``, so at batch ``B`` a run needs
  ``S = S_min (1 + B_crit/B)`` steps and ``E = E_min (1 + B/B_crit)`` examples, ``B_crit = E_min/S_min``.
- The simple gradient noise scale (McCandlish et al. 2018), ``B_simple = tr(Sigma) / |G|^2``: the
  per-example gradients' total variance over the squared norm of their mean, which McCandlish et al.
  use to predict the critical batch size.
- Loss-based batch laws: Kaplan et al.'s ``B_crit(L) = B* / L^(1/alpha_B)`` (Eq. 1.4, ``kaplan.Laws``)
  and MiniCPM's ``bs = 1.21e9 / L^6.24`` (Hu et al. 2024, Sec. 3.2; units not stated in the paper).
- Compute-based laws: DeepSeek LLM's ``eta_opt = 0.3118 C^-0.1250`` and ``B_opt = 0.2920 C^0.3271``
  (Bi et al. 2024, arXiv 2401.02954, Sec. 3.1, Eq. 1; C in FLOPs = M D, B in tokens), fitted on budgets
  from 1e17 to 2e19 FLOPs.
- muP for Adam (Yang et al. 2022, arXiv 2203.03466, Table 3): how each layer's initial variance and
  Adam learning rate scale with its fan-in, against the standard parametrization (SP).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ..validation import choice, finite, positive, positive_scalar, scalar_or_array, whole_number

__all__ = [
    "DEEPSEEK",
    "DEEPSEEK_ALLOCATION",
    "MINICPM_BATCH",
    "PARAMETRIZATIONS",
    "HyperparameterLaw",
    "LAYERS",
    "LayerScale",
    "batch_tradeoff",
    "deepseek_allocation",
    "layer_scales",
    "minicpm_batch_size",
    "simple_noise_scale",
]


@dataclass(frozen=True)
class HyperparameterLaw:
    """Compute-optimal batch size ``B = b_coef C^b_exp`` (tokens) and learning rate ``eta = lr_coef
    C^lr_exp``, ``C`` in FLOPs, with the budgets the law was fitted on (``fitted_flops``)."""

    lr_coef: float
    lr_exp: float
    b_coef: float
    b_exp: float
    fitted_flops: tuple[float, float]

    def __post_init__(self) -> None:
        positive_scalar("lr_coef", self.lr_coef)
        positive_scalar("b_coef", self.b_coef)
        for name in ("lr_exp", "b_exp"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
                raise ValueError(f"{name} must be a finite number; got {value!r}")
        if not isinstance(self.fitted_flops, tuple) or len(self.fitted_flops) != 2:
            raise ValueError(f"fitted_flops must be a tuple (low, high) of FLOPs; got {self.fitted_flops!r}")
        low, high = (positive_scalar("fitted_flops", v) for v in self.fitted_flops)
        if not low < high:
            raise ValueError(f"fitted_flops must be (low, high) with low < high; got {self.fitted_flops!r}")

    def learning_rate(self, c: ArrayLike) -> float | np.ndarray:
        """The near-optimal peak learning rate at a budget of ``c`` FLOPs."""
        return scalar_or_array(self.lr_coef * positive("C", c) ** self.lr_exp)

    def batch_size(self, c: ArrayLike) -> float | np.ndarray:
        """The near-optimal batch size, in tokens, at a budget of ``c`` FLOPs."""
        return scalar_or_array(self.b_coef * positive("C", c) ** self.b_exp)


#: DeepSeek LLM's fitted laws (Bi et al. 2024, Sec. 3.1, Eq. 1), from budgets of 1e17 to 2e19 FLOPs.
DEEPSEEK = HyperparameterLaw(
    lr_coef=0.3118, lr_exp=-0.1250, b_coef=0.2920, b_exp=0.3271, fitted_flops=(1e17, 2e19)
)

#: DeepSeek LLM's compute-optimal allocation (Bi et al. 2024, Sec. 3.2, Eq. 4), in their units: M the
#: non-embedding FLOPs per token (``accounting.deepseek_m``), D tokens, C = M D FLOPs, fitted on 8 budgets
#: from 1e17 to 3e20 FLOPs.
DEEPSEEK_ALLOCATION = {"m_base": 0.1715, "a": 0.5243, "d_base": 5.8316, "b": 0.4757}


def deepseek_allocation(c: ArrayLike) -> tuple[float | np.ndarray, float | np.ndarray]:
    """``(M_opt, D_opt)`` at a budget of ``c`` FLOPs: ``0.1715 C^0.5243`` and ``5.8316 C^0.4757``."""
    c = positive("C", c)
    k = DEEPSEEK_ALLOCATION
    return scalar_or_array(k["m_base"] * c ** k["a"]), scalar_or_array(k["d_base"] * c ** k["b"])


#: MiniCPM's batch-size law, ``bs = coef / L^exp`` (Hu et al. 2024, Sec. 3.2), with L the C4 loss.
MINICPM_BATCH = {"coef": 1.21e9, "exp": 6.24}


def minicpm_batch_size(loss: ArrayLike) -> float | np.ndarray:
    """MiniCPM's batch size for a target C4 loss ``loss`` (nats/token): ``1.21e9 / L^6.24``."""
    return scalar_or_array(MINICPM_BATCH["coef"] / positive("loss", loss) ** MINICPM_BATCH["exp"])


def batch_tradeoff(batch: ArrayLike, b_crit: ArrayLike) -> tuple[float | np.ndarray, float | np.ndarray]:
    """``(S/S_min, E/E_min)`` at batch size ``batch``: ``1 + B_crit/B`` steps and ``1 + B/B_crit``
    examples (Kaplan et al. 2020, Eq. 5.1-5.2). At ``B = B_crit`` both are 2."""
    b, crit = np.broadcast_arrays(positive("batch", batch), positive("b_crit", b_crit))
    return scalar_or_array(1 + crit / b), scalar_or_array(1 + b / crit)


def simple_noise_scale(per_example_gradients: ArrayLike) -> float:
    """``B_simple = tr(Sigma) / |G|^2`` from a matrix of per-example gradients (one row per example):
    ``G`` their mean, ``tr(Sigma)`` the sum of their variances (McCandlish et al. 2018, the simple noise
    scale). A batch of ``B`` examples estimates ``G`` with relative squared error ``B_simple / B``."""
    g = finite("per_example_gradients", per_example_gradients)
    if g.ndim != 2 or g.shape[0] < 2:
        raise ValueError(
            "per_example_gradients must be a 2-d array, one row per example (at least 2); "
            f"got shape {g.shape}"
        )
    mean = g.mean(axis=0)
    norm = float(mean @ mean)
    if norm == 0:
        raise ValueError(
            "per_example_gradients average to zero: the noise scale is undefined at a stationary point"
        )
    return float(np.sum(g.var(axis=0, ddof=1)) / norm)


PARAMETRIZATIONS = ("sp", "mup")
LAYERS = ("input", "hidden", "output")


@dataclass(frozen=True)
class LayerScale:
    """One layer's initial standard deviation and Adam learning rate, as multiples of ``1/sqrt(fan_in)``
    and of the base learning rate."""

    init_std: float
    lr: float

    def __post_init__(self) -> None:
        positive_scalar("init_std", self.init_std)
        positive_scalar("lr", self.lr)


def layer_scales(
    layer: Literal["input", "hidden", "output"],
    fan_in: int,
    base_fan_in: int,
    parametrization: Literal["sp", "mup"],
) -> LayerScale:
    """How a layer's initial standard deviation and Adam learning rate scale with its ``fan_in``, relative
    to a base width where both parametrizations agree (Yang et al. 2022, Table 3, Adam).

    SP: every layer is initialised with variance ``1/fan_in`` and trained at the base learning rate.
    muP: the hidden and output layers' Adam learning rates fall as ``base_fan_in/fan_in``, and the output
    layer's initial variance as ``1/fan_in^2``, written ``1/(fan_in * fan_in/base_fan_in)`` so that it is
    SP's at the base width (their Eq. 4 and App. B.1): its standard deviation is SP's times
    ``sqrt(base_fan_in/fan_in)``. The input layer is as in SP; its fan-in is the data's, not the width.
    """
    choice("layer", layer, LAYERS)
    choice("parametrization", parametrization, PARAMETRIZATIONS)
    n = whole_number("fan_in", fan_in, 1)
    base = whole_number("base_fan_in", base_fan_in, 1)
    if parametrization == "sp" or layer == "input":
        return LayerScale(init_std=1.0, lr=1.0)
    ratio = base / n
    return LayerScale(init_std=float(np.sqrt(ratio)) if layer == "output" else 1.0, lr=ratio)
