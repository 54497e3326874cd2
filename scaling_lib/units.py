"""Units of compute. Kaplan et al. 2020 (Sec. 1.3) quote compute in PF-days."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import positive, scalar_or_array

#: One petaFLOP/s sustained for a day: 1e15 FLOP/s x 86,400 s = 8.64e19 FLOPs.
FLOPS_PER_PF_DAY = 1e15 * 24 * 3600


def pf_days_to_flops(pf_days: ArrayLike) -> float | NDArray[np.float64]:
    """FLOPs = PF-days x 8.64e19."""
    return scalar_or_array(positive("pf_days", pf_days) * FLOPS_PER_PF_DAY)


def flops_to_pf_days(flops: ArrayLike) -> float | NDArray[np.float64]:
    """PF-days = FLOPs / 8.64e19."""
    return scalar_or_array(positive("flops", flops) / FLOPS_PER_PF_DAY)
