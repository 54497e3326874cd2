"""Training memory: model states under mixed-precision Adam and activations per layer.

Model states follow Rajbhandari et al. 2020 (ZeRO, Sec. 3.1): 16-bit weights and gradients (2 + 2 bytes
per parameter) and K = 12 bytes of fp32 optimizer state (master weights, Adam's two moments), 16 bytes
in all. Activations follow Korthikanti et al. 2022 (Sec. 4 and 5): s b h (34 + 5 a s / h) bytes per
layer for sequence length s, micro-batch b, width h and a heads, with 16-bit activations.
"""

from __future__ import annotations

import math

from ..validation import choice, finite_result, flag, positive_scalar

__all__ = [
    "MIXED_PRECISION_ADAM",
    "RECOMPUTE",
    "activation_bytes_per_layer",
    "devices_for_model_state",
    "model_state_bytes",
]

#: Bytes per parameter of mixed-precision Adam (ZeRO, Sec. 3.1: 2 + 2 + 12 = 16).
MIXED_PRECISION_ADAM = {
    "16-bit weights": 2,
    "16-bit gradients": 2,
    "fp32 master weights": 4,
    "fp32 Adam first moment": 4,
    "fp32 Adam second moment": 4,
}

RECOMPUTE = ("none", "selective", "full")


def model_state_bytes(n_params: float, gradient_bytes: int = 2) -> float:
    """Weights, gradients and Adam state of ``n_params`` parameters: (14 + gradient_bytes) bytes each.

    16 bytes with 16-bit gradients (ZeRO, Sec. 3.1); 18 with gradients kept in fp32.
    """
    choice("gradient_bytes", gradient_bytes, (2, 4))
    return positive_scalar("n_params", n_params) * (sum(MIXED_PRECISION_ADAM.values()) - 2 + gradient_bytes)


def activation_bytes_per_layer(
    seq_len: int,
    micro_batch: int,
    d_model: int,
    n_heads: int,
    tensor_parallel: int = 1,
    sequence_parallel: bool = False,
    recompute: str = "none",
) -> float:
    """Activation bytes one transformer layer stores for the backward pass (Korthikanti et al. 2022).

    ``none``: s b h (34 + 5 a s / h) (Sec. 4.1); with tensor parallelism t, s b h (10 + 24/t + 5 a s/(h t))
    (Sec. 4.2.1), and with sequence parallelism as well, s b h (34 + 5 a s / h) / t (Sec. 4.2.2).
    ``selective`` recomputes the attention-score terms (5 a s^2 b): s b h (10 + 24/t), or 34 s b h / t with
    sequence parallelism (Sec. 5). ``full`` keeps only each layer's input, 2 s b h bytes. The formula is
    for a GPT block (two-matrix 4h MLP, attention scores stored).
    """
    s, b = positive_scalar("seq_len", seq_len), positive_scalar("micro_batch", micro_batch)
    h, a = positive_scalar("d_model", d_model), positive_scalar("n_heads", n_heads)
    t = positive_scalar("tensor_parallel", tensor_parallel)
    choice("recompute", recompute, RECOMPUTE)
    sequence_parallel = flag("sequence_parallel", sequence_parallel)
    if recompute == "full":
        return 2 * s * b * h
    scores = 0.0 if recompute == "selective" else 5 * a * s / h
    if sequence_parallel:
        return s * b * h * (34 + scores) / t
    return s * b * h * (10 + 24 / t + scores / t)


@finite_result
def devices_for_model_state(n_params: float, memory_bytes: float, gradient_bytes: int = 2) -> int:
    """The fewest devices that hold the model states when they are sharded evenly (ZeRO stage 3)."""
    return math.ceil(
        model_state_bytes(n_params, gradient_bytes) / positive_scalar("memory_bytes", memory_bytes)
    )
