"""Learning-rate schedules as a fraction of the peak learning rate: cosine, warmup-stable-decay (WSD)
and constant, each after a linear warmup.

Cosine to 10% of the peak after 2,000 warmup steps is LLaMA's schedule (Touvron et al. 2023a, Sec. 2.3;
Touvron et al. 2023b, Sec. 2.2); the WSD shapes are those of Luo et al. 2025's runs, whose logged
learning rates the tests reproduce.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..validation import in_range, non_negative, numbers, positive_scalar, scalar_or_array

__all__ = [
    "LLAMA_BATCH_TOKENS",
    "LLAMA_FINAL_RATIO",
    "LLAMA_WARMUP_STEPS",
    "WSD_DECAYS",
    "constant_fraction",
    "cosine_fraction",
    "llama_lr_fraction",
    "wsd_fraction",
]

#: LLaMA's schedule: warmup steps, final learning rate as a fraction of the peak, and tokens per batch
#: (Touvron et al. 2023a, Sec. 2.3 and Table 2; Touvron et al. 2023b, Sec. 2.2 and Table 1).
LLAMA_WARMUP_STEPS = 2000
LLAMA_FINAL_RATIO = 0.1
LLAMA_BATCH_TOKENS = 4e6

#: Decay shapes of the WSD schedule: linear to the final ratio, or exponential (geometric) towards it.
WSD_DECAYS = ("linear", "exponential")


def _steps(step: ArrayLike) -> NDArray[np.float64]:
    s = numbers("step", step)
    if s.size == 0 or np.any(~np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"step must be finite and >= 0 (a number or an array of them); got {step!r}")
    return s


def _warmup(
    step: NDArray[np.float64], warmup_steps: float, after: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Linear warmup from 0 to the peak over ``warmup_steps``, then ``after``."""
    if warmup_steps == 0:
        return after
    return np.where(step < warmup_steps, np.minimum(step, warmup_steps) / warmup_steps, after)


def _check_warmup(warmup_steps: float, before: float, name: str) -> float:
    warmup = non_negative("warmup_steps", warmup_steps)
    if not warmup < before:
        raise ValueError(f"warmup_steps must be in [0, {name}); got {warmup_steps!r}")
    return warmup


def cosine_fraction(
    step: ArrayLike, total_steps: float, warmup_steps: float = 0, final_ratio: float = LLAMA_FINAL_RATIO
) -> float | NDArray[np.float64]:
    """Learning rate / peak of a cosine schedule: linear warmup, then
    r + (1 - r) (1 + cos(pi p)) / 2 with p = (step - warmup) / (total - warmup), and r after the end."""
    s = _steps(step)
    total = positive_scalar("total_steps", total_steps)
    warmup = _check_warmup(warmup_steps, total, "total_steps")
    r = in_range("final_ratio", final_ratio, 0, 1)
    progress = np.clip((s - warmup) / (total - warmup), 0, 1)
    return scalar_or_array(_warmup(s, warmup, r + (1 - r) * 0.5 * (1 + np.cos(np.pi * progress))))


def wsd_fraction(
    step: ArrayLike,
    total_steps: float,
    decay_start: float,
    warmup_steps: float = 0,
    final_ratio: float = LLAMA_FINAL_RATIO,
    decay: str = "linear",
) -> float | NDArray[np.float64]:
    """Learning rate / peak of warmup-stable-decay: warmup, the peak until ``decay_start``, then a decay
    to ``final_ratio`` r at ``total_steps``: 1 - (1 - r) p (linear) or r^p (exponential), where p is the
    decay's progress."""
    s = _steps(step)
    total = positive_scalar("total_steps", total_steps)
    start = positive_scalar("decay_start", decay_start)
    if not start < total:
        raise ValueError(f"decay_start must be below total_steps ({total:g}); got {decay_start!r}")
    warmup = _check_warmup(warmup_steps, start, "decay_start")
    r = in_range("final_ratio", final_ratio, 0, 1)
    if decay not in WSD_DECAYS:
        raise ValueError(f"unknown decay {decay!r}; allowed: {', '.join(WSD_DECAYS)}")
    if decay == "exponential" and r == 0:
        raise ValueError("final_ratio must be > 0 for an exponential decay")
    p = np.clip((s - start) / (total - start), 0, 1)
    tail = 1 - (1 - r) * p if decay == "linear" else r**p
    return scalar_or_array(_warmup(s, warmup, tail))


def constant_fraction(step: ArrayLike, warmup_steps: float = 0) -> float | NDArray[np.float64]:
    """Learning rate / peak of a constant schedule: linear warmup, then 1 for ever."""
    s = _steps(step)
    warmup = _check_warmup(warmup_steps, np.inf, "inf")
    return scalar_or_array(_warmup(s, warmup, np.ones_like(s)))


def llama_lr_fraction(fraction_complete: ArrayLike, total_tokens: float) -> float | NDArray[np.float64]:
    """Learning rate / peak of a LLaMA run that is ``fraction_complete`` of the way through
    ``total_tokens`` tokens: cosine to 10% after 2,000 warmup steps, 4M tokens per step."""
    f = numbers("fraction_complete", fraction_complete)
    if f.size == 0 or np.any(~np.isfinite(f)) or np.any(f < 0) or np.any(f > 1):
        raise ValueError(f"fraction_complete must be in [0, 1]; got {fraction_complete!r}")
    steps = positive_scalar("total_tokens", total_tokens) / LLAMA_BATCH_TOKENS
    return cosine_fraction(f * steps, steps, LLAMA_WARMUP_STEPS, LLAMA_FINAL_RATIO)
