"""Units of compute and the accelerators that deliver it. Kaplan et al. 2020 (Sec. 1.3) quote compute
in PF-days; a device table (NVIDIA datasheets) turns FLOPs into device-days at a utilisation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..validation import (
    checks_argument_classes,
    choice,
    finite_result,
    in_range,
    positive,
    positive_scalar,
    scalar_or_array,
)

__all__ = [
    "DEVICES",
    "Device",
    "FLOPS_PER_PF_DAY",
    "SECONDS_PER_DAY",
    "device",
    "device_days",
    "flops_to_pf_days",
    "model_flops_utilisation",
    "pf_days_to_flops",
]

#: One petaFLOP/s sustained for a day: 1e15 FLOP/s x 86,400 s = 8.64e19 FLOPs.
FLOPS_PER_PF_DAY = 1e15 * 24 * 3600


@finite_result
def pf_days_to_flops(pf_days: ArrayLike) -> float | NDArray[np.float64]:
    """FLOPs = PF-days x 8.64e19."""
    return scalar_or_array(positive("pf_days", pf_days) * FLOPS_PER_PF_DAY)


def flops_to_pf_days(flops: ArrayLike) -> float | NDArray[np.float64]:
    """PF-days = FLOPs / 8.64e19."""
    return scalar_or_array(positive("flops", flops) / FLOPS_PER_PF_DAY)


SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Device:
    """An accelerator: dense BF16 peak FLOP/s, memory (bytes) and memory bandwidth (bytes/s)."""

    name: str
    peak_flops: float
    memory_bytes: float
    bandwidth: float
    source: str

    def __post_init__(self) -> None:
        for field in ("name", "source"):
            if not isinstance(getattr(self, field), str) or not getattr(self, field).strip():
                raise ValueError(f"{field} must be a non-empty string; got {getattr(self, field)!r}")
        for field in ("peak_flops", "memory_bytes", "bandwidth"):
            positive_scalar(field, getattr(self, field))

    @property
    def ridge_point(self) -> float:
        """Arithmetic intensity (FLOPs per byte) above which a kernel is compute-bound: peak / bandwidth."""
        return self.peak_flops / self.bandwidth


#: Datasheet figures. Dense (no 2:4 sparsity) BF16 Tensor Core peaks; memory as printed (80 GB = 8e10 bytes).
DEVICES = {
    "A100": Device(
        "NVIDIA A100 SXM 80GB", 312e12, 80e9, 2.039e12,
        "NVIDIA A100 datasheet: BF16 Tensor Core 312 TFLOPS (624 with sparsity), 80 GB HBM2e, 2,039 GB/s",
    ),
    "H100": Device(
        "NVIDIA H100 SXM 80GB", 989e12, 80e9, 3.35e12,
        "NVIDIA H100 datasheet: BF16 Tensor Core 1,979 TFLOPS with sparsity (dense: half), 80 GB, 3.35 TB/s",
    ),
}  # fmt: skip


def device(name: str) -> Device:
    """The named device of ``DEVICES``."""
    return DEVICES[choice("device", name, DEVICES)]


def model_flops_utilisation(
    tokens_per_second: float, flops_per_token: float, n_devices: float, peak_flops: float
) -> float:
    """MFU = tokens/s x model FLOPs per token / (devices x peak FLOP/s) (Chowdhery et al. 2022, App. B).

    Model FLOPs count the forward and backward passes only; recomputed activations do not count (they
    count in the hardware FLOPs utilisation, which is higher).
    """
    achieved = positive_scalar("tokens_per_second", tokens_per_second) * positive_scalar(
        "flops_per_token", flops_per_token
    )
    mfu = achieved / (positive_scalar("n_devices", n_devices) * positive_scalar("peak_flops", peak_flops))
    if mfu > 1:
        raise ValueError(
            f"tokens_per_second x flops_per_token = {achieved:.3g} FLOP/s is {mfu:.3g} times what "
            "n_devices x peak_flops can deliver: an MFU above 1 is impossible (check the units: FLOPs per "
            "token, per second, per device)"
        )
    return mfu


@checks_argument_classes
def device_days(flops: ArrayLike, dev: Device, mfu: float) -> float | NDArray[np.float64]:
    """Device-days to run ``flops`` at utilisation ``mfu``: FLOPs / (peak x MFU x 86,400 s)."""
    mfu = in_range("mfu", mfu, 1e-3, 1)
    return scalar_or_array(positive("flops", flops) / (dev.peak_flops * mfu * SECONDS_PER_DAY))
