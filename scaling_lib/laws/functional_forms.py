"""Three functional forms for a scaling law, and fits of each to one data set.

- a pure power law, L = (x_c / x)^alpha (Kaplan et al. 2020, Eqs. 1.1-1.3; ``powerlaw.PowerLaw``);
- a power law plus an irreducible term, L = E + (x_0 / x)^alpha (Henighan et al. 2020, "power-law plus
  constant");
- Chinchilla's sum, L = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, Eq. 2; ``chinchilla``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from ..validation import (
    checks_argument_classes,
    non_negative,
    positive,
    positive_scalar,
    same_shape,
    scalar_or_array,
)
from .chinchilla import ParametricLoss
from .powerlaw import PowerLaw, fit_power_law, power_law

__all__ = [
    "FitQuality",
    "SaturatingPowerLaw",
    "chinchilla_frontier",
    "fit_quality",
    "fit_saturating_power_law",
    "growth_to_reach",
]

Array = float | NDArray[np.float64]


@dataclass(frozen=True)
class SaturatingPowerLaw:
    """L = E + (x_0 / x)^alpha (Henighan et al. 2020, arXiv 2010.14701): a power law in the reducible loss
    L - E, flattening towards the irreducible loss E on log-log axes."""

    E: float
    x0: float
    alpha: float

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            positive_scalar(name, value)

    def loss(self, x: ArrayLike) -> Array:
        """L(x) in nats/token."""
        return scalar_or_array(self.E + np.asarray(power_law(x, self.x0, self.alpha)))


@checks_argument_classes
def chinchilla_frontier(law: ParametricLoss) -> SaturatingPowerLaw:
    """Chinchilla's sum along its compute-optimal frontier, L(N_opt(C), D_opt(C)), as a power law plus
    constant in C: with N_opt = G (C/6)^a and D_opt = (C/6)^b / G (Hoffmann et al. 2022, Eq. 4) both
    terms fall as (C/6)^(-alpha beta / (alpha + beta)), so L = E + K (C/6)^-gamma = E + (x_0 / C)^gamma
    with gamma = alpha beta / (alpha + beta), K = A G^-alpha + B G^beta and x_0 = 6 K^(1/gamma)."""
    gamma = law.alpha * law.beta / (law.alpha + law.beta)
    k = law.A * law.G**-law.alpha + law.B * law.G**law.beta
    return SaturatingPowerLaw(E=law.E, x0=6 * k ** (1 / gamma), alpha=gamma)


def fit_saturating_power_law(x: ArrayLike, loss: ArrayLike) -> SaturatingPowerLaw:
    """Least squares of log L for L = E + (x_0 / x)^alpha: for each E in (0, min L) the reducible part
    is a straight line in log-log space (``powerlaw.fit_power_law`` on L - E); E is chosen by a bounded
    search."""
    x, loss = positive("x", x), positive("L", loss)
    same_shape(x=x, L=loss)

    def given(e: float) -> tuple[float, PowerLaw]:
        law = fit_power_law(x, loss - e)
        return float(np.sum((np.log(loss) - np.log(e + np.asarray(law.loss(x)))) ** 2)), law

    top = float(loss.min()) * (1 - 1e-9)
    res = minimize_scalar(lambda e: given(e)[0], bounds=(top * 1e-6, top), method="bounded",
                          options={"xatol": 1e-10})  # fmt: skip
    law = given(float(res.x))[1]
    return SaturatingPowerLaw(E=float(res.x), x0=law.x_c, alpha=law.alpha)


@dataclass(frozen=True)
class FitQuality:
    """How far a fitted form's L(x) lies from the data it describes, in nats/token."""

    rms: float
    max_abs: float

    def __post_init__(self) -> None:
        for name in ("rms", "max_abs"):
            object.__setattr__(self, name, non_negative(name, getattr(self, name)))
        if self.rms > self.max_abs * (1 + 1e-12):
            raise ValueError(f"rms ({self.rms}) cannot exceed max_abs ({self.max_abs})")


def fit_quality(form: PowerLaw | SaturatingPowerLaw, x: ArrayLike, loss: ArrayLike) -> FitQuality:
    """The residuals form.loss(x) - L: their root mean square and largest absolute value."""
    if not isinstance(form, PowerLaw | SaturatingPowerLaw):
        raise ValueError(f"form must be a PowerLaw or SaturatingPowerLaw; got {type(form).__name__}")
    x, loss = positive("x", x), positive("L", loss)
    same_shape(x=x, L=loss)
    if x.ndim != 1 or x.size < 1:
        raise ValueError(f"x must be a non-empty 1-d array; got shape {x.shape}")
    r = np.asarray(form.loss(x)) - loss
    return FitQuality(rms=float(np.sqrt(np.mean(r**2))), max_abs=float(np.abs(r).max()))


def growth_to_reach(loss_now: float, loss_target: float, alpha: float, irreducible: float = 0.0) -> float:
    """The factor by which x must grow to take L = E + (x_0/x)^alpha from ``loss_now`` to ``loss_target``,
    ((L_now - E) / (L_target - E))^(1/alpha). With E = 0 (a pure power law) halving L takes 2^(1/alpha)."""
    now, target = positive_scalar("loss_now", loss_now), positive_scalar("loss_target", loss_target)
    alpha = positive_scalar("alpha", alpha)
    e = non_negative("irreducible", irreducible)
    if not e < target < now:
        raise ValueError(
            f"loss_target must lie between the irreducible loss {e:g} and loss_now {now:g}; got {target:g}"
        )
    return ((now - e) / (target - e)) ** (1 / alpha)
