"""Input checks shared by every module: bad sizes raise a ValueError that says what is allowed."""

from __future__ import annotations

import functools
import inspect
import math
import typing
from collections.abc import Callable
from typing import Any, TypeVar

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
    try:
        known = value in allowed and not isinstance(value, bool | float)
    except TypeError:  # an unhashable value
        known = False
    if not known:
        raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(map(str, allowed))}")
    return value


def non_negative(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise if it is not a single finite number >= 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}") from None
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}")
    return x


def whole_number(name: str, value: Any, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not a whole number in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and <= {maximum}"
        raise ValueError(f"{name} must be a whole number >= {minimum}{upper}; got {value!r}")
    return int(value)


def instance(name: str, value: Any, cls: type) -> Any:
    """Return ``value`` if it is a ``cls``, else raise a TypeError naming what was expected."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__module__}.{cls.__qualname__}; got {value!r}")
    return value


def finite(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a non-empty float array of finite numbers (of any sign), or raise."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be finite numbers; got {value!r}") from None
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a non-empty set of finite numbers; got {_describe(arr)}")
    return arr


def scalar_or_array(x: NDArray[np.float64]) -> float | NDArray[np.float64]:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(x) if np.ndim(x) == 0 else x


F = TypeVar("F", bound=Callable[..., Any])


def checked(fn: F) -> F:
    """Check, on every call, the arguments annotated with one of this library's classes (a law, a shape,
    a device, runs): a wrong object raises a TypeError that names the argument and the class expected."""
    signature = inspect.signature(fn)
    classes: dict[str, type] | None = None

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal classes
        if classes is None:
            hints = typing.get_type_hints(fn)
            classes = {k: v for k, v in hints.items()
                       if inspect.isclass(v) and v.__module__.startswith("scaling_lib")}  # fmt: skip
        bound = signature.bind(*args, **kwargs)
        for name, cls in classes.items():
            if name in bound.arguments:
                instance(name, bound.arguments[name], cls)
        return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
