"""A planning calculator: from a compute budget (or GPUs x days) and the tokens a model will serve, the
model size and training tokens each recipe recommends, side by side."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import economics, kaplan, units
from .chinchilla import BESIROGLU_2024, HOFFMANN_2022_UNROUNDED, ParametricLoss
from .validation import in_range, positive_scalar

#: Dense BF16 peak of an NVIDIA A100 (datasheet), FLOP/s.
A100_PEAK_FLOPS = 312e12
SECONDS_PER_DAY = 86_400


def budget_from_gpus(
    gpus: float, days: float, peak_flops: float = A100_PEAK_FLOPS, utilisation: float = 0.4
) -> float:
    """Training FLOPs = GPUs x days x 86,400 s x peak FLOP/s x utilisation."""
    gpu_seconds = positive_scalar("gpus", gpus) * positive_scalar("days", days) * SECONDS_PER_DAY
    return (
        gpu_seconds
        * positive_scalar("peak_flops", peak_flops)
        * in_range("utilisation", utilisation, 1e-3, 1)
    )


def budget_for_target(target: float, law: ParametricLoss = BESIROGLU_2024) -> float:
    """The compute-optimal budget (FLOPs) that reaches ``target`` nats/token under ``law``."""
    n, d = economics.compute_optimal_for_target(law, target)
    return 6 * n * d


@dataclass(frozen=True)
class Recommendation:
    """One recipe's choice: N parameters, D tokens, and what they cost and reach."""

    recipe: str
    n: float
    d: float
    train_flops: float
    inference_flops: float
    loss: float  # under the yardstick law, nats/token
    gpu_days: float

    @property
    def tokens_per_parameter(self) -> float:
        return self.d / self.n

    @property
    def total_flops(self) -> float:
        return self.train_flops + self.inference_flops


def recommend(
    budget: float,
    inference_tokens: float = 0.0,
    peak_flops: float = A100_PEAK_FLOPS,
    utilisation: float = 0.4,
    yardstick: ParametricLoss = BESIROGLU_2024,
) -> list[Recommendation]:
    """Kaplan, Chinchilla (paper and replication) and the inference-aware size for a training ``budget``.

    Kaplan: N = 1.3e9 (C_min / PF-day)^0.73 with C = 2 C_min (non-embedding N). Chinchilla: the closed
    form of each fit. Inference-aware: the size minimising 6ND + 2N x ``inference_tokens`` that reaches
    the loss the replication's compute-optimal model reaches with the budget (Sardana & Frankle 2023);
    it may train for more than the budget. Losses are all measured with ``yardstick``.
    """
    budget = positive_scalar("budget", budget)
    if not math.isfinite(inference_tokens) or inference_tokens < 0:
        raise ValueError(f"inference_tokens must be finite and >= 0; got {inference_tokens!r}")
    flops_per_gpu_day = (
        positive_scalar("peak_flops", peak_flops)
        * SECONDS_PER_DAY
        * in_range("utilisation", utilisation, 1e-3, 1)
    )
    choices = {
        "Kaplan et al. 2020": (
            n := float(kaplan.efficient_n(units.flops_to_pf_days(budget) / 2)),
            budget / (6 * n),
        ),
        "Chinchilla (paper fit)": tuple(map(float, HOFFMANN_2022_UNROUNDED.compute_optimal(budget))),
        "Chinchilla (replication)": tuple(map(float, BESIROGLU_2024.compute_optimal(budget))),
    }
    target = float(BESIROGLU_2024.optimal_loss(budget))
    best = economics.inference_optimal(BESIROGLU_2024, target, inference_tokens)
    choices["inference-aware (replication)"] = (best.n, best.d)
    out = []
    for recipe, (n, d) in choices.items():
        train = 6 * n * d
        out.append(Recommendation(recipe, n, d, train, 2 * n * inference_tokens, float(yardstick.loss(n, d)),
                                  train / flops_per_gpu_day))  # fmt: skip
    return out
