"""The power law every chapter builds on: y = (x_c / x)^alpha."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..validation import positive, positive_scalar, same_shape, scalar_or_array

__all__ = ["PowerLaw", "factor_per_doubling", "fit_power_law", "log_slope", "power_law", "scale_through"]


def power_law(x: ArrayLike, x_c: float, alpha: float) -> float | NDArray[np.float64]:
    """y = (x_c / x)^alpha, the form of Kaplan et al. 2020, Eqs. 1.1-1.3.

    Multiplying x by k multiplies y by k^-alpha: a straight line of slope -alpha on log-log axes.
    Kaplan et al.'s L(N) with N_c = 8.8e13 and alpha_N = 0.076 (Eq. 1.1) at a billion parameters:

    >>> round(power_law(1e9, 8.8e13, 0.076), 3)
    2.376
    """
    x = positive("x", x)
    x_c = positive_scalar("x_c", x_c)
    alpha = positive_scalar("alpha", alpha)
    # In logs, so that x_c / x overflowing (x_c = 1e300, x = 1e-300) does not turn a finite answer into inf.
    with np.errstate(over="ignore"):
        y = np.exp(alpha * (np.log(x_c) - np.log(x)))
    if not np.all(np.isfinite(y)):
        raise ValueError(
            f"(x_c / x)^alpha overflows for x_c = {x_c!r}, alpha = {alpha!r} and x down to {x.min():.3g}"
        )
    return scalar_or_array(y)


@dataclass(frozen=True)
class PowerLaw:
    """L = (x_c / x)^alpha: a straight line of slope -alpha on log-log axes, falling towards zero."""

    x_c: float
    alpha: float

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            positive_scalar(name, value)

    def loss(self, x: ArrayLike) -> float | NDArray[np.float64]:
        """L(x) in nats/token."""
        return power_law(x, self.x_c, self.alpha)


def factor_per_doubling(alpha: float) -> float:
    """The factor 2^-alpha by which a power law with exponent alpha falls when x doubles."""
    return float(2.0 ** -positive_scalar("alpha", alpha))


def scale_through(x_ref: float, loss_ref: float, alpha: float) -> float:
    """The scale x_c that puts y = (x_c / x)^alpha through the point (x_ref, loss_ref):
    x_c = x_ref loss_ref^(1/alpha), so that changing alpha turns the line about that point."""
    x_ref, loss_ref = positive_scalar("x_ref", x_ref), positive_scalar("loss_ref", loss_ref)
    return x_ref * loss_ref ** (1 / positive_scalar("alpha", alpha))


def fit_power_law(x: ArrayLike, y: ArrayLike) -> PowerLaw:
    """The ``PowerLaw`` y = (x_c / x)^alpha by least squares on log y against log x (a straight line of
    slope -alpha); needs at least 3 distinct x and a falling trend."""
    x, y = positive("x", x), positive("y", y)
    same_shape(x=x, y=y)
    if x.ndim != 1 or np.unique(x).size < 3:
        raise ValueError(
            f"x and y must be 1-d arrays of one length with at least 3 distinct x; got {x.shape}, {y.shape}"
        )
    slope, intercept = np.polyfit(np.log(x), np.log(y), 1)
    with np.errstate(over="ignore"):
        x_c = float(np.exp(intercept / -slope)) if slope < 0 else math.inf
    # A slope of -1e-16 is a flat y that rounding tilted: its x_c is beyond float range, or absurd.
    if slope >= -1e-9 or not math.isfinite(x_c):
        raise ValueError(
            f"y does not fall with x (fitted slope {slope:.3g}); a power law here needs alpha > 0"
        )
    return PowerLaw(x_c, float(-slope))


def log_slope(x: ArrayLike, y: ArrayLike) -> float:
    """The least-squares slope of log y against log x (either sign): the exponent p of y ~ x^p."""
    x, y = positive("x", x), positive("y", y)
    if x.shape != y.shape or x.ndim != 1 or np.unique(x).size < 2:
        raise ValueError(
            f"x and y must be 1-d arrays of one length with at least 2 distinct x; got {x.shape}, {y.shape}"
        )
    return float(np.polyfit(np.log(x), np.log(y), 1)[0])
