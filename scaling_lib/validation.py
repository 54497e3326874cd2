"""Input checks shared by every module: bad sizes raise a ValueError that says what is allowed."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _describe(value: Any) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"an array of shape {arr.shape}"


def positive(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array, or raise if any entry is not finite and > 0."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number > 0 (or an array of them); got {value!r}") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty; got an empty array")
    bad = ~np.isfinite(arr) | (arr <= 0)
    if np.any(bad):
        first = float(arr[bad].flat[0])
        raise ValueError(
            f"{name} must be finite and > 0; got {first!r}"
            + ("" if arr.ndim == 0 else f" in {_describe(arr)}")
        )
    return arr


def positive_scalar(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise if it is not a single finite number > 0."""
    arr = positive(name, value)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single number; got {_describe(arr)}")
    return float(arr)


def in_range(name: str, value: Any, low: float, high: float) -> float:
    """Return ``value`` as a float, or raise if it is not finite and within [low, high]."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r}") from None
    if not (math.isfinite(x) and low <= x <= high):
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r}")
    return x


def same_shape(**arrays: NDArray[Any]) -> None:
    """Raise unless all named arrays have one shape."""
    shapes = {name: np.shape(a) for name, a in arrays.items()}
    if len(set(shapes.values())) > 1:
        listed = ", ".join(f"{n} {s}" for n, s in shapes.items())
        raise ValueError(f"arrays must have the same shape; got {listed}")


def choice(name: str, value: str, allowed: dict[str, Any] | list[str] | tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise listing the allowed names."""
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(map(str, allowed))}")
    return value


def scalar_or_array(x: NDArray[np.float64]) -> float | NDArray[np.float64]:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(x) if np.ndim(x) == 0 else x
