"""Inference cost: FLOPs per generated token, the key-value cache, and the roofline of decode and prefill.

A forward pass costs about 2N FLOPs per token plus the attention over the context
(``Architecture.forward_flops_per_token``). Decoding one token per sequence must still read every
weight and the whole cache from memory, so at small batch it is limited by memory bandwidth; a prompt
(prefill) processes many tokens per weight read and is limited by compute. Times here are the ideal
roofline, max(FLOPs / peak, bytes / bandwidth), with no utilisation factor.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..validation import checks_argument_classes, choice, positive_scalar, whole_number
from .architectures import Architecture
from .units import Device

__all__ = ["BYTES_PER_VALUE", "Step", "decode_step", "kv_cache_bytes_per_token", "prefill_step"]

BYTES_PER_VALUE = {"fp32": 4, "bf16": 2, "fp8": 1}


@checks_argument_classes
def kv_cache_bytes_per_token(arch: Architecture, precision: str = "bf16") -> int:
    """Keys and values of one token: 2 x n_layer x kv_width (n_kv_heads x the head size) x bytes per value.

    Grouped-query attention divides it by n_heads / n_kv_heads; multi-query attention (one key/value
    head) by n_heads.
    """
    choice("precision", precision, BYTES_PER_VALUE)
    return 2 * arch.n_layer * arch.kv_width * BYTES_PER_VALUE[precision]


@dataclass(frozen=True)
class Step:
    """One forward step on a device: work, traffic and the roofline time."""

    flops: float
    bytes_moved: float
    compute_seconds: float
    memory_seconds: float

    def __post_init__(self) -> None:
        for name in ("flops", "bytes_moved", "compute_seconds", "memory_seconds"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))

    @property
    def seconds(self) -> float:
        return max(self.compute_seconds, self.memory_seconds)

    @property
    def arithmetic_intensity(self) -> float:
        """FLOPs per byte moved."""
        return self.flops / self.bytes_moved

    @property
    def bound(self) -> str:
        return "compute" if self.compute_seconds >= self.memory_seconds else "memory"


def _step(flops: float, bytes_moved: float, dev: Device) -> Step:
    return Step(flops, bytes_moved, flops / dev.peak_flops, bytes_moved / dev.bandwidth)


@checks_argument_classes
def decode_step(
    arch: Architecture, dev: Device, context: int, batch: int = 1, precision: str = "bf16"
) -> Step:
    """Generate one token for each of ``batch`` sequences that already hold ``context`` tokens.

    FLOPs: batch x forward FLOPs per token, the new token attending to all ``context`` positions.
    Bytes: the weights once (of a mixture of experts, the experts the batch's tokens select, at most
    all of them) plus each sequence's cache.
    """
    context = whole_number("context", context, 1)
    batch = whole_number("batch", batch, 1)
    flops = batch * arch.forward_flops_per_token(context, causal=False)
    experts = min(arch.n_experts, batch * arch.experts_per_token)
    weights = arch.params(active=True) + (experts - arch.experts_per_token) * arch.n_layer * arch.mlp_params()
    bytes_per_value = BYTES_PER_VALUE[choice("precision", precision, BYTES_PER_VALUE)]
    cache = batch * context * kv_cache_bytes_per_token(arch, precision)
    return _step(flops, weights * bytes_per_value + cache, dev)


@checks_argument_classes
def prefill_step(
    arch: Architecture, dev: Device, prompt: int, batch: int = 1, precision: str = "bf16"
) -> Step:
    """Process ``batch`` prompts of ``prompt`` tokens at once (causal attention within the prompt).

    Bytes: every weight once plus the cache written for every prompt token.
    """
    prompt = whole_number("prompt", prompt, 1)
    batch = whole_number("batch", batch, 1)
    flops = batch * prompt * arch.forward_flops_per_token(prompt, causal=True)
    weights = arch.params() * BYTES_PER_VALUE[choice("precision", precision, BYTES_PER_VALUE)]
    cache = batch * prompt * kv_cache_bytes_per_token(arch, precision)
    return _step(flops, weights + cache, dev)
