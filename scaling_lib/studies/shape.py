"""Model shape at a fixed size: how much the loss of a model depends on its width and depth, beside its
parameter count, and what each shape costs per token, on the Gemstones grid (McLeish et al. 2025).

Kaplan et al. 2020 (Sec. 3.1, Figure 5) found the loss to depend "very weakly" on shape at fixed non-
embedding parameters, and (Figure 6) strongly on depth when the embeddings are counted; Tay et al. 2021
found that shape matters more for fine-tuned quality than for the pretraining loss. Here each Gemstones
model's loss at a common token count is compared with a power law in N fitted through all of them, with
N counted both ways, so that what remains is the shape's effect at its size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..data.datasets import Checkpoints
from ..validation import checks_argument_classes, finite, positive_scalar, whole_number

__all__ = ["ShapePoint", "embedding_per_width", "shape_points"]


@dataclass(frozen=True)
class ShapePoint:
    """One model at the common token count: its width and depth (from its name, ``1024x28``), parameters
    (all, as shipped) and non-embedding parameters, aspect ratio width / depth, loss (nats/token), the
    loss's excess over the power law in non-embedding N through all models (a fraction: +0.02 is 2%
    above) and over the one in all parameters, and its cost per token in node-seconds (Frontier nodes)."""

    model: str
    width: int
    depth: int
    params: float
    non_embedding: float
    aspect: float
    loss: float
    excess: float
    excess_total: float
    node_seconds_per_token: float

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model:
            raise ValueError(f"model must be a name; got {self.model!r}")
        for name in ("width", "depth"):
            whole_number(name, getattr(self, name), 1)
        for name in ("params", "non_embedding", "aspect", "loss", "node_seconds_per_token"):
            positive_scalar(name, getattr(self, name))
        finite("excess", self.excess)
        finite("excess_total", self.excess_total)


def _shape(name: str) -> tuple[int, int]:
    width, depth = (int(x) for x in name.split("x"))
    return width, depth


@checks_argument_classes
def embedding_per_width(checkpoints: Checkpoints) -> float:
    """The embedding parameters per unit of width: the models' counts fitted by least squares as
    a n_layer d^2 + b d, and b returned (the input and output vocabulary matrices, b = 2 x vocabulary)."""
    names = list(dict.fromkeys(checkpoints.model))
    params = np.array([checkpoints.params[checkpoints.model.index(m)] for m in names])
    shapes = np.array([_shape(m) for m in names], dtype=float)
    design = np.stack([shapes[:, 1] * shapes[:, 0] ** 2, shapes[:, 0]], axis=1)
    (_, per_width), *_ = np.linalg.lstsq(design, params, rcond=None)
    return float(per_width)


def _excess(n: np.ndarray, loss: np.ndarray) -> np.ndarray:
    slope, intercept = np.polyfit(np.log(n), np.log(loss), 1)
    return loss / np.exp(intercept + slope * np.log(n)) - 1


@checks_argument_classes
def shape_points(checkpoints: Checkpoints, tokens: float) -> list[ShapePoint]:
    """Every model of ``checkpoints`` at its checkpoint nearest ``tokens`` (which must be within 1% of it),
    with log L fitted by least squares as a line in log N through all of them, N non-embedding (the count
    less ``embedding_per_width`` times the width) and, for ``excess_total``, all parameters; in order of
    aspect ratio."""
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
    widths = np.array([_shape(m)[0] for m in names], dtype=float)
    non_embedding = n - embedding_per_width(checkpoints) * widths
    excess, excess_total = _excess(non_embedding, loss), _excess(n, loss)
    per_token = (
        checkpoints.seconds_per_step[idx]
        * checkpoints.num_nodes[idx]
        * checkpoints.step[idx]
        / (checkpoints.tokens[idx])
    )
    out = []
    for k, name in enumerate(names):
        width, depth = _shape(name)
        out.append(ShapePoint(name, width, depth, float(n[k]), float(non_embedding[k]), width / depth,
                              float(loss[k]), float(excess[k]), float(excess_total[k]),
                              float(per_token[k])))  # fmt: skip
    return sorted(out, key=lambda s: s.aspect)
