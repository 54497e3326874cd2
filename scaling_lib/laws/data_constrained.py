"""The data-constrained scaling law of Muennighoff et al. 2023, "Scaling Data-Constrained Language
Models" (arXiv 2305.16264, Sec. 3), and its fit.

Repeated tokens and surplus parameters are worth less than new ones. With U_D unique tokens seen
D / U_D times, the effective data is D' = U_D + U_D R*_D (1 - exp(-R_D / R*_D)), R_D = D / U_D - 1 the
repetitions; with U_N = min(N, the compute-optimal size for U_D), the effective size is
N' = U_N + U_N R*_N (1 - exp(-R_N / R*_N)), R_N = N / U_N - 1. The loss is the Chinchilla form in
(N', D'). Constants and fitting follow the authors' notebook (huggingface/datablations,
``utils/parametric_fit.ipynb``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize, minimize_scalar
from scipy.special import huber
from threadpoolctl import threadpool_limits

from ..validation import (
    checks_argument_classes,
    finite_result,
    instance,
    positive,
    positive_scalar,
    same_shape,
    scalar_or_array,
)
from .chinchilla import Array, ParametricLoss

__all__ = ["DataConstrainedLaw", "MUENNIGHOFF_2023", "fit_decay_constants"]


def _effective(
    unique: NDArray[np.float64], repeats: NDArray[np.float64], r_star: float
) -> NDArray[np.float64]:
    """U + U R* (1 - exp(-R / R*)): the worth of U unique units repeated R more times (Sec. 3)."""
    return unique * (1 + r_star * (1 - np.exp(-repeats / r_star)))


@dataclass(frozen=True)
class DataConstrainedLaw:
    """L(N, D, U_D) = E + A / N'^alpha + B / D'^beta with the decay constants R*_D and R*_N (Sec. 3)."""

    base: ParametricLoss
    r_d_star: float
    r_n_star: float

    def __post_init__(self) -> None:
        instance("base", self.base, ParametricLoss)
        positive_scalar("r_d_star", self.r_d_star)
        positive_scalar("r_n_star", self.r_n_star)

    def unique_params(self, unique_tokens: ArrayLike) -> Array:
        """U_N: the compute-optimal size of the budget whose optimal data is U_D, C = 6 (G U_D)^(1/b)."""
        law = self.base
        u = positive("unique_tokens", unique_tokens)
        with np.errstate(over="ignore"):
            budget = 6 * (law.G * u) ** (1 / law.b)
        if not np.all(np.isfinite(budget)):
            raise ValueError(
                f"unique_tokens is too large: its budget overflows a float; got {unique_tokens!r}"
            )
        return law.compute_optimal(budget)[0]

    @finite_result
    def effective_data(self, d: ArrayLike, unique_tokens: ArrayLike) -> Array:
        """D' from D tokens drawn from U_D unique ones (D >= U_D)."""
        d, u = np.broadcast_arrays(positive("D", d), positive("unique_tokens", unique_tokens))
        if np.any(d < u * (1 - 1e-12)):
            raise ValueError("D must be at least unique_tokens: a run sees every unique token at least once")
        return scalar_or_array(_effective(u, np.maximum(d / u - 1, 0), self.r_d_star))

    @finite_result
    def effective_params(self, n: ArrayLike, unique_tokens: ArrayLike) -> Array:
        """N' for N parameters trained on U_D unique tokens."""
        n, u = np.broadcast_arrays(positive("N", n), positive("unique_tokens", unique_tokens))
        u_n = np.minimum(n, self.unique_params(u))
        return scalar_or_array(_effective(u_n, n / u_n - 1, self.r_n_star))

    @finite_result
    def loss(self, n: ArrayLike, d: ArrayLike, unique_tokens: ArrayLike) -> Array:
        """L in nats/token of N parameters trained on D tokens from U_D unique ones."""
        return self.base.loss(self.effective_params(n, unique_tokens), self.effective_data(d, unique_tokens))

    def optimal_params(self, c: float, unique_tokens: float) -> float:
        """The N minimising L(N, C / 6N, U_D) at a budget of C FLOPs with U_D unique tokens (D >= U_D)."""
        c = positive_scalar("C", c)
        u = positive_scalar("unique_tokens", unique_tokens)
        n_max = c / (6 * u)  # the largest model that still sees every unique token once
        if n_max < 1:
            raise ValueError(
                f"C = {c:.3g} FLOPs cannot show {u:.3g} unique tokens even once to a model of one parameter "
                f"(6 N U_D > C for every N >= 1): raise C or lower unique_tokens"
            )
        res = minimize_scalar(lambda x: self.loss(np.exp(x), c / (6 * np.exp(x)), u),
                              bounds=(np.log(n_max) - 12, np.log(n_max)), method="bounded",
                              options={"xatol": 1e-9})  # fmt: skip
        n = float(np.exp(res.x))
        if n < 1:
            raise ValueError(f"the optimum at C = {c:.3g} FLOPs has {n:.3g} parameters, fewer than one")
        return n


#: The C4 law of the authors' notebook: Chinchilla form fitted to Hoffmann et al.'s C4 IsoFLOP points
#: with alpha = beta (log A = 6.255414, log B = 7.3049974, log E = 0.6254804, alpha = 0.3526596), and
#: R*_D = 15.387756, R*_N = 5.309743 fitted on their runs; the paper rounds to 15.4 and 5.3.
MUENNIGHOFF_2023 = DataConstrainedLaw(
    ParametricLoss(E=float(np.exp(0.6254804)), A=float(np.exp(6.255414)), B=float(np.exp(7.3049974)),
                   alpha=0.3526596, beta=0.3526596),
    r_d_star=15.387756,
    r_n_star=5.309743,
)  # fmt: skip


@checks_argument_classes
def fit_decay_constants(
    base: ParametricLoss,
    n: ArrayLike,
    d: ArrayLike,
    unique_tokens: ArrayLike,
    loss: ArrayLike,
    delta: float = 1e-3,
) -> DataConstrainedLaw:
    """R*_D and R*_N minimising the Huber loss (``delta``) of log L with the Chinchilla constants held at
    ``base``, as in the authors' notebook; L-BFGS-B from a 4 x 4 grid of starts in [0.1, 20]."""
    n, d, u, obs = (
        positive(k, v) for k, v in (("N", n), ("D", d), ("unique_tokens", unique_tokens), ("L", loss))
    )
    same_shape(N=n, D=d, unique_tokens=u, L=obs)
    delta = positive_scalar("delta", delta)
    if n.size < 2:
        raise ValueError(f"at least 2 runs are needed to fit two constants; got {n.size}")

    def objective(theta: NDArray[np.float64]) -> float:
        law = DataConstrainedLaw(base, *np.exp(theta))
        return float(huber(delta, np.log(law.loss(n, d, u)) - np.log(obs)).sum())

    starts = itertools.product(np.log(np.linspace(0.1, 20, 4)), repeat=2)
    with threadpool_limits(1, user_api="blas"):  # as chinchilla._lbfgs: threads only add overhead
        fits = [minimize(objective, np.array(s), method="L-BFGS-B", bounds=[(-5, 8)] * 2) for s in starts]
    best = min(fits, key=lambda r: r.fun)
    return DataConstrainedLaw(base, *(float(x) for x in np.exp(best.x)))
