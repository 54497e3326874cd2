"""Loaders for the data shipped in ``scaling_lib/data/`` (each folder keeps its SOURCE note)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Runs:
    """Training runs: parameters N, tokens D, compute C (FLOPs) and final loss L (nats/token)."""

    n: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    loss: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.n)

    def without_highest_loss(self, k: int) -> Runs:
        """The runs less the ``k`` with the highest loss (0 <= k < number of runs)."""
        if not isinstance(k, int) or not 0 <= k < len(self):
            raise ValueError(f"k must be a whole number from 0 to {len(self) - 1}; got {k!r}")
        keep = np.sort(np.argsort(self.loss, kind="stable")[: len(self) - k])
        return Runs(self.n[keep], self.d[keep], self.c[keep], self.loss[keep])


def load_chinchilla_figure4() -> Runs:
    """The 245 (N, C, L) points of Hoffmann et al. 2022, Figure 4, as extracted by Epoch AI
    (Besiroglu et al. 2024); D = C / (6N) as in the replication."""
    path = resources.files("scaling_lib") / "data" / "chinchilla_figure4" / "svg_extracted_data.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    n = np.array([float(r["Model Size"]) for r in rows])
    c = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    return Runs(n=n, d=c / (6 * n), c=c, loss=loss)
