"""What a smaller-than-optimal model costs, and the size that minimises training plus inference.

de Vries (2023), "Go smol or go home"; Sardana et al. (2024), "Beyond Chinchilla-Optimal:
Accounting for Inference in Language Model Scaling Laws" (arXiv 2401.00448). Compute in FLOPs,
training C = 6ND, inference 2N per token.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from ..validation import checks_argument_classes, non_negative, positive_scalar
from .accounting import training_flops
from .chinchilla import ParametricLoss

__all__ = ["Plan", "WELL_KNOWN_MODELS", "inference_optimal", "overhead", "plan", "plan_for"]


@checks_argument_classes
def overhead(law: ParametricLoss, target: float, size_fraction: float) -> float:
    """Extra training compute, as a fraction, to reach ``target`` with size_fraction x N_opt parameters
    instead of the compute-optimal N_opt (de Vries 2023). Negative never; infinite below the smallest size."""
    k = positive_scalar("size_fraction", size_fraction)
    n_opt, d_opt = law.compute_optimal_for_target(target)
    n = k * n_opt
    if n <= law.smallest_size(target):
        return float("inf")
    return float(training_flops(n, law.tokens_to_reach(n, target)) / training_flops(n_opt, d_opt)) - 1


@dataclass(frozen=True)
class Plan:
    """A model size and its training tokens, with the training and lifetime inference FLOPs."""

    n: float
    d: float
    train_flops: float
    inference_flops: float

    def __post_init__(self) -> None:
        for name in ("n", "d", "train_flops"):
            positive_scalar(name, getattr(self, name))
        non_negative("inference_flops", self.inference_flops)

    @property
    def total_flops(self) -> float:
        return self.train_flops + self.inference_flops

    @property
    def tokens_per_parameter(self) -> float:
        return self.d / self.n


def plan_for(n: float, d: float, inference_tokens: float) -> Plan:
    """N parameters trained on D tokens, then serving ``inference_tokens`` tokens: 6ND + 2N D_inference."""
    n, d = positive_scalar("N", n), positive_scalar("D", d)
    inference_tokens = non_negative("inference_tokens", inference_tokens)
    return Plan(n, d, float(training_flops(n, d)), 2 * n * inference_tokens)


@checks_argument_classes
def plan(law: ParametricLoss, n: float, target: float, inference_tokens: float) -> Plan:
    """Train N parameters to ``target`` (the D that ``law`` needs for it) and serve ``inference_tokens``."""
    return plan_for(n, law.tokens_to_reach(n, target), inference_tokens)


@checks_argument_classes
def inference_optimal(law: ParametricLoss, target: float, inference_tokens: float) -> Plan:
    """The size minimising 6ND + 2N D_inference subject to L(N, D) = target (Sardana et al. 2024).

    With no inference this is the compute-optimal model; the more tokens it will serve, the smaller
    and longer-trained the best model becomes.
    """
    n_min = law.smallest_size(target)
    n_opt, _ = law.compute_optimal_for_target(target)
    res = minimize_scalar(lambda x: np.log(plan(law, np.exp(x), target, inference_tokens).total_flops),
                          bounds=(np.log(n_min) + 1e-9, np.log(n_opt) + 1e-6), method="bounded",
                          options={"xatol": 1e-10})  # fmt: skip
    return plan(law, float(np.exp(res.x)), target, inference_tokens)


#: Parameters and training tokens of well-known models, with the sources of the token counts. Every
#: size is the nominal one of the model's name (one convention for all; LLaMA 1's Table 2 prints the
#: 7B and 65B as 6.7B and 65.2B, while Llama 2 and 3 print only nominal sizes).
WELL_KNOWN_MODELS = {
    "Chinchilla 70B": (70e9, 1.4e12, "Hoffmann et al. 2022"),
    "LLaMA 1 7B": (7e9, 1.0e12, "Touvron et al. 2023a, Table 2"),
    "LLaMA 1 65B": (65e9, 1.4e12, "Touvron et al. 2023a, Table 2"),
    "Llama 2 7B": (7e9, 2.0e12, "Touvron et al. 2023b, Table 1"),
    "Llama 2 70B": (70e9, 2.0e12, "Touvron et al. 2023b, Table 1"),
    "Llama 3 8B": (8e9, 15e12, "Dubey et al. 2024 (over 15T tokens)"),
    "Llama 3 70B": (70e9, 15e12, "Dubey et al. 2024 (over 15T tokens)"),
}
