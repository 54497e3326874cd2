"""Input checks shared by every module: bad sizes raise a ValueError that says what is allowed."""

from __future__ import annotations

import functools
import inspect
import math
import typing
from collections.abc import Callable, Mapping, Sequence, Set
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LARGEST_COUNT",
    "checks_argument_classes",
    "choice",
    "finite",
    "finite_result",
    "flag",
    "in_range",
    "instance",
    "non_negative",
    "numbers",
    "positive",
    "positive_scalar",
    "same_shape",
    "scalar_or_array",
    "text",
    "whole_number",
]

T = TypeVar("T")


def _describe(value: Any) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"an array of shape {arr.shape}"


def _not_a_number(value: Any) -> str | None:
    """Why ``value`` is not a number or an array of numbers (None if it is one): numpy would read None
    as NaN, "7e9" and b"7" as 7e9 and 7, True as 1, and refuse a Python int beyond float range only
    later, with an OverflowError."""
    if value is None:
        return "None is not a number"
    if isinstance(value, str | bytes):
        return f"a {type(value).__name__} is not a number, even one that reads as one"
    if isinstance(value, bool | np.bool_):
        return "True and False are not numbers"
    kind = np.asarray(value).dtype.kind if not isinstance(value, np.ndarray) else value.dtype.kind
    if kind in "biufc" and kind != "b":
        return "complex numbers are not allowed" if kind == "c" else None
    if kind == "O":
        items = np.asarray(value, dtype=object).ravel()
        if all(
            isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) for v in items
        ):
            return None  # Python ints (perhaps beyond float range): converted, and checked, by _floats
    return f"an array of {np.asarray(value).dtype} is not an array of numbers"


def _floats(value: Any) -> NDArray[np.float64]:
    """``value`` as a float array; anything but numbers (None, strings, bytes, bools) raises a TypeError,
    a number beyond float range a ValueError."""
    why = _not_a_number(value)
    if why is not None:
        raise TypeError(why)
    try:
        return np.asarray(value, dtype=float)
    except OverflowError:
        raise ValueError("a number beyond floating-point range (about 1.8e308)") from None


def numbers(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array of any values, or raise a ValueError naming ``name`` if it is
    not numbers at all (None, strings, bytes, bools, ints beyond float range); callers check the range."""
    try:
        return _floats(value)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be a number or an array of numbers; got {value!r:.60} ({e})") from None


def positive(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a float array, or raise if any entry is not finite and > 0."""
    try:
        arr = _floats(value)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"{name} must be a finite number > 0 (or an array of them); got {value!r:.60} ({e})"
        ) from None
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
        x = float(_floats(value)) if np.ndim(value) == 0 else math.nan
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r:.60} ({e})") from None
    if not (math.isfinite(x) and low <= x <= high):
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}]; got {value!r}")
    return x


def same_shape(**arrays: NDArray[Any]) -> None:
    """Raise unless all named arrays have one shape."""
    shapes = {name: np.shape(a) for name, a in arrays.items()}
    if len(set(shapes.values())) > 1:
        listed = ", ".join(f"{n} {s}" for n, s in shapes.items())
        raise ValueError(f"arrays must have the same shape; got {listed}")


def choice(name: str, value: T, allowed: Mapping[T, Any] | Sequence[T] | Set[T]) -> T:
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
        x = float(_floats(value)) if np.ndim(value) == 0 else math.nan
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r:.60} ({e})") from None
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(f"{name} must be a finite number >= 0; got {value!r}")
    return x


#: The largest count the library takes (2**53): every whole number up to it is exact as a float, and no
#: layer, head or device count comes near it.
LARGEST_COUNT = 2**53


def whole_number(name: str, value: Any, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not a whole number in [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r:.60}")
    maximum = LARGEST_COUNT if maximum is None else maximum
    if value < minimum or value > maximum:
        upper = "" if maximum == LARGEST_COUNT else f" and <= {maximum}"
        beyond = f" (counts above 2**53 = {LARGEST_COUNT} are refused)" if value > LARGEST_COUNT else ""
        raise ValueError(f"{name} must be a whole number >= {minimum}{upper}; got {value!r:.60}{beyond}")
    return int(value)


def flag(name: str, value: Any) -> bool:
    """Return ``value`` if it is True or False (numpy's too), else raise: a flag is never 0, 1 or "yes"."""
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def text(name: str, value: Any, max_length: int = 64) -> str:
    """Return ``value`` if it is printable text of 1 to ``max_length`` characters, else raise."""
    if not isinstance(value, str) or not value.strip() or len(value) > max_length or not value.isprintable():
        raise ValueError(f"{name} must be printable text of 1 to {max_length} characters; got {value!r:.80}")
    return value


def instance(name: str, value: Any, cls: type) -> Any:
    """Return ``value`` if it is a ``cls``, else raise a TypeError naming what was expected."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__module__}.{cls.__qualname__}; got {value!r}")
    return value


def finite(name: str, value: ArrayLike) -> NDArray[np.float64]:
    """Return ``value`` as a non-empty float array of finite numbers (of any sign), or raise."""
    try:
        arr = _floats(value)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name} must be finite numbers; got {value!r:.60} ({e})") from None
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be a non-empty set of finite numbers; got {_describe(arr)}")
    return arr


def scalar_or_array(x: NDArray[np.float64]) -> float | NDArray[np.float64]:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(x) if np.ndim(x) == 0 else x


F = TypeVar("F", bound=Callable[..., Any])


def checks_argument_classes(fn: F) -> F:
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


def finite_result(fn: F) -> F:
    """Make a formula answer arguments beyond floating-point range with a ValueError, not inf or NaN.

    ``fn`` runs with numpy's floating-point warnings silenced (a Python float's OverflowError is caught
    too); if any number it returns (a float, an array, or one in a returned tuple) is not finite, the
    error names every argument and its value. For formulas whose every finite argument should give a
    finite answer; not for those where inf is a meaningful answer ("never")."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
                result = fn(*args, **kwargs)
            parts = result if isinstance(result, tuple) else (result,)
            finite = all(
                np.all(np.isfinite(p)) for p in parts if isinstance(p, float | np.floating | np.ndarray)
            )
        except OverflowError:
            finite = False
        if not finite:
            bound = signature.bind(*args, **kwargs).arguments
            given = ", ".join(f"{k} = {_describe(v)}" for k, v in bound.items() if k != "self")
            raise ValueError(
                f"{fn.__qualname__}: for {given} the result is beyond floating-point range (not a finite "
                "number); these arguments are too extreme for the formula to be evaluated"
            )
        return result

    return wrapper  # type: ignore[return-value]
