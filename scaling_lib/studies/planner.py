"""A planning calculator: from a cluster (devices x days at a utilisation) and the tokens a model will
serve, the model size and training tokens each recipe recommends, side by side, with the device-days
and the memory each needs. The hardware travels with the budget in one ``Cluster``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .. import formatting
from ..laws import economics, kaplan, memory, units
from ..laws.accounting import tokens_for_flops, training_flops
from ..laws.chinchilla import BESIROGLU_2024, HOFFMANN_2022_UNROUNDED, ParametricLoss
from ..laws.units import SECONDS_PER_DAY, Device
from ..validation import checks_argument_classes, in_range, non_negative, positive_scalar, whole_number

__all__ = [
    "CHINCHILLA_PAPER",
    "Cluster",
    "Recommendation",
    "budget_for_target",
    "recommend",
    "recommendation_rows",
]


@dataclass(frozen=True)
class Cluster:
    """``count`` devices for ``days`` at model FLOPs utilisation ``mfu``; its budget is what they deliver."""

    device: Device
    count: int
    days: float
    mfu: float = 0.4

    def __post_init__(self) -> None:
        if not isinstance(self.device, Device):
            raise ValueError(f"device must be a units.Device (see units.DEVICES); got {self.device!r}")
        whole_number("count", self.count, 1)
        positive_scalar("days", self.days)
        in_range("mfu", self.mfu, 1e-3, 1)

    @classmethod
    @checks_argument_classes
    def for_budget(cls, budget: float, device: Device, count: int, mfu: float = 0.4) -> Cluster:
        """``count`` devices for the days ``budget`` FLOPs take: budget / (count x peak x MFU x 86,400)."""
        per_day = (
            whole_number("count", count, 1)
            * device.peak_flops
            * in_range("mfu", mfu, 1e-3, 1)
            * SECONDS_PER_DAY
        )
        return cls(device, count, positive_scalar("budget", budget) / per_day, mfu)

    @property
    def budget(self) -> float:
        """Training FLOPs = devices x days x 86,400 s x peak FLOP/s x MFU."""
        return self.count * self.days * SECONDS_PER_DAY * self.device.peak_flops * self.mfu

    def device_days(self, flops: float) -> float:
        """Device-days that ``flops`` take on this cluster's device at its MFU."""
        return float(units.device_days(flops, self.device, self.mfu))


@checks_argument_classes
def budget_for_target(target: float, law: ParametricLoss = BESIROGLU_2024) -> float:
    """The compute-optimal budget (FLOPs) that reaches ``target`` nats/token under ``law``."""
    return float(training_flops(*law.compute_optimal_for_target(target)))


#: The recipe name of Hoffmann et al. 2022's Approach 3 under the unrounded constants of the paper's source.
CHINCHILLA_PAPER = "Chinchilla (Approach 3, unrounded constants)"


@dataclass(frozen=True)
class Recommendation(economics.Plan):
    """One recipe's plan (N, D and their training and inference FLOPs) with what it reaches and needs."""

    recipe: str
    loss: float  # under the yardstick law, nats/token
    gpu_days: float  # device-days of the cluster's device at its MFU
    state_bytes_per_device: float  # mixed-precision Adam model states, sharded over every device
    device_memory: float

    @property
    def state_fits(self) -> bool:
        """Whether the sharded model states fit in a device's memory (activations come on top)."""
        return self.state_bytes_per_device <= self.device_memory


@checks_argument_classes
def recommend(
    cluster: Cluster, inference_tokens: float = 0.0, yardstick: ParametricLoss = BESIROGLU_2024
) -> list[Recommendation]:
    """Kaplan, Chinchilla (paper and replication) and the inference-aware size for ``cluster.budget``.

    Kaplan: N = 1.3e9 (C_min / PF-day)^0.73 with C = 2 C_min (non-embedding N, used as it is for the
    loss and the memory). Chinchilla: the closed form of Approach 3 under the paper's unrounded
    constants (``HOFFMANN_2022_UNROUNDED``, not Eq. 10's printed ones) and under the replication's fit.
    Inference-aware: the size minimising 6ND + 2N x ``inference_tokens`` that reaches the loss the
    replication's compute-optimal model reaches with the budget (Sardana et al. 2024); it may train for
    more than the budget. Every recipe spends its training FLOPs as 6ND, without the attention term
    that an MFU with attention counts. Losses are all measured with ``yardstick``. Device-days and
    memory use the cluster's device, MFU and count; model states take 16 bytes per parameter
    (``memory.model_state_bytes``), sharded evenly over all devices.
    """
    if not isinstance(cluster, Cluster):
        raise ValueError(f"cluster must be a planner.Cluster (devices, days, MFU); got {cluster!r}")
    budget = cluster.budget
    inference_tokens = non_negative("inference_tokens", inference_tokens)
    choices = {
        "Kaplan et al. 2020": (
            n := float(kaplan.efficient_n_for_flops(budget)),
            float(tokens_for_flops(budget, n)),
        ),
        CHINCHILLA_PAPER: tuple(map(float, HOFFMANN_2022_UNROUNDED.compute_optimal(budget))),
        "Chinchilla (replication)": tuple(map(float, BESIROGLU_2024.compute_optimal(budget))),
    }
    target = float(BESIROGLU_2024.optimal_loss(budget))
    best = economics.inference_optimal(BESIROGLU_2024, target, inference_tokens)
    choices["inference-aware (replication)"] = (best.n, best.d)
    out = []
    for recipe, (n, d) in choices.items():
        plan = economics.plan_for(n, d, inference_tokens)
        out.append(Recommendation(**vars(plan), recipe=recipe, loss=float(yardstick.loss(n, d)),
                                  gpu_days=cluster.device_days(plan.train_flops),
                                  state_bytes_per_device=memory.model_state_bytes(n) / cluster.count,
                                  device_memory=cluster.device.memory_bytes))  # fmt: skip
    return out


@checks_argument_classes
def recommendation_rows(
    cluster: Cluster, recs: Sequence[Recommendation]
) -> tuple[list[str], list[tuple[str, ...]]]:
    """``recommend``'s output as the cells of a table, one row per recipe, with the units in the
    headers: N, D and D/N, the training FLOPs and the device-days they take on ``cluster``, the sharded
    model states per device and whether they fit, the loss, and the lifetime (training + inference)
    FLOPs. Returns the headers and the rows, as text, for ``tables.markdown_table`` or ``html_table``."""
    if not isinstance(recs, Sequence) or not recs or not all(isinstance(r, Recommendation) for r in recs):
        raise ValueError(
            f"recs must be a non-empty list of planner.Recommendation (from recommend); got {recs!r}"
        )
    device = cluster.device
    headers = ["recipe", "$N$ (parameters)", "$D$ (tokens)", "$D/N$ (tokens per parameter)",
               "training compute (FLOPs)", f"device-days ({device.name}, {cluster.mfu:.0%} MFU)",
               "model states per device (GB)", f"fit in {device.memory_bytes / 1e9:.0f} GB",
               "loss (nats/token)", "training + inference compute (FLOPs)"]  # fmt: skip
    rows: list[tuple[str, ...]] = [(r.recipe, formatting.sci(r.n, 3), formatting.sci(r.d, 3),
             formatting.ratio(r.tokens_per_parameter), formatting.sci(r.train_flops, 3),
             f"{r.gpu_days:,.0f}", f"{r.state_bytes_per_device / 1e9:,.1f}", "yes" if r.state_fits else "no",
             f"{r.loss:.3f}", formatting.sci(r.total_flops, 3))
            for r in recs]  # fmt: skip
    return headers, rows
