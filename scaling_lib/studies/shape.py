"""Model shape at a fixed size: how much the loss of a model depends on its width and depth, beside its
parameter count, and what each shape costs per token, on the Gemstones grid (McLeish et al. 2025).

Kaplan et al. 2020 (Sec. 3.1, Figure 5) found the loss to depend "very weakly" on shape at fixed non-
embedding parameters; Tay et al. 2021 found that shape matters more for fine-tuned quality than for the
pretraining loss. Here each Gemstones model's loss at a common token count is compared with a power law
in N fitted through all of them, so that what remains is the shape's effect at its size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.datasets import Checkpoints
from ..validation import checks_argument_classes, finite, positive_scalar, whole_number

__all__ = ["ShapePoint", "shape_points"]


@dataclass(frozen=True)
class ShapePoint:
    """One model at the common token count: its width and depth (from its name, ``1024x28``), parameters,
    aspect ratio width / depth, loss (nats/token), the loss's excess over the power law in N through all
    models (a fraction: +0.02 is 2% above), and its cost per token in node-seconds (Frontier nodes)."""

    model: str
    width: int
    depth: int
    params: float
    aspect: float
    loss: float
    excess: float
    node_seconds_per_token: float

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model:
            raise ValueError(f"model must be a name; got {self.model!r}")
        for name in ("width", "depth"):
            whole_number(name, getattr(self, name), 1)
        for name in ("params", "aspect", "loss", "node_seconds_per_token"):
            positive_scalar(name, getattr(self, name))
        finite("excess", self.excess)


@checks_argument_classes
def shape_points(checkpoints: Checkpoints, tokens: float) -> list[ShapePoint]:
    """Every model of ``checkpoints`` at its checkpoint nearest ``tokens`` (which must be within 1% of it),
    with log L fitted by least squares as a line in log N through all of them; in order of aspect ratio."""
    tokens = positive_scalar("tokens", tokens)
    names = list(dict.fromkeys(checkpoints.model))
    rows = []
    for name in names:
        mine = np.flatnonzero(np.array(checkpoints.model) == name)
        i = int(mine[np.argmin(np.abs(checkpoints.tokens[mine] - tokens))])
        if abs(checkpoints.tokens[i] / tokens - 1) > 0.01:
            raise ValueError(f"{name} has no checkpoint within 1% of {tokens:.3g} tokens")
        rows.append(i)
    idx = np.array(rows)
    n, loss = checkpoints.params[idx], checkpoints.loss[idx]
    slope, intercept = np.polyfit(np.log(n), np.log(loss), 1)
    excess = loss / np.exp(intercept + slope * np.log(n)) - 1
    per_token = (
        checkpoints.seconds_per_step[idx]
        * checkpoints.num_nodes[idx]
        * checkpoints.step[idx]
        / (checkpoints.tokens[idx])
    )
    out = []
    for name, p, l_, e, cost in zip(names, n, loss, excess, per_token, strict=True):
        width, depth = (int(x) for x in name.split("x"))
        out.append(ShapePoint(name, width, depth, float(p), width / depth, float(l_), float(e), float(cost)))
    return sorted(out, key=lambda s: s.aspect)
