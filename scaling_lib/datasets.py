"""Loaders for the data shipped in ``scaling_lib/data/`` (each folder keeps its SOURCE note)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import choice, positive


@dataclass(frozen=True)
class Runs:
    """Training runs: parameters N, tokens D, compute C (FLOPs) and final loss L (nats/token)."""

    n: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    loss: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.n)

    def select(self, mask: ArrayLike) -> Runs:
        """The runs where the boolean ``mask`` is true."""
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != self.n.shape:
            raise ValueError(
                f"mask must be a boolean array of shape {self.n.shape}; got {mask.dtype} {mask.shape}"
            )
        return Runs(self.n[mask], self.d[mask], self.c[mask], self.loss[mask])

    def without_highest_loss(self, k: int) -> Runs:
        """The runs less the ``k`` with the highest loss (0 <= k < number of runs)."""
        if not isinstance(k, int) or not 0 <= k < len(self):
            raise ValueError(f"k must be a whole number from 0 to {len(self) - 1}; got {k!r}")
        keep = np.sort(np.argsort(self.loss, kind="stable")[: len(self) - k])
        return Runs(self.n[keep], self.d[keep], self.c[keep], self.loss[keep])


def load_runs_csv(path: str | Path) -> Runs:
    """Runs from a CSV of your own with columns ``N``, ``loss`` and either ``D`` or ``C`` (C = 6ND)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"{path} holds no runs")
    columns = set(rows[0])
    if not {"N", "loss"} <= columns or not ({"D", "C"} & columns):
        raise ValueError(f"{path} needs columns N, loss and D or C; it has {sorted(columns)}")
    try:
        n = positive("N", [float(r["N"]) for r in rows])
        loss = positive("loss", [float(r["loss"]) for r in rows])
        if "D" in columns:
            d = positive("D", [float(r["D"]) for r in rows])
        else:
            d = positive("C", [float(r["C"]) for r in rows]) / (6 * n)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{path}: {err}") from None
    return Runs(n=n, d=d, c=6 * n * d, loss=loss)


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


#: LLaMA totals used to convert tokens to GPU-hours (SOURCE.md of llama_curves): GPU-hours (A100-80GB)
#: and training tokens from Touvron et al. 2023a (Table 15) and 2023b (Table 2); parameters are the
#: nominal sizes of the names (LLaMA 1's paper lists 6.7B, 13.0B, 32.5B, 65.2B).
LLAMA_MODELS = {
    "LLaMA1-7B": (7e9, 82_432, 1.0e12),
    "LLaMA1-13B": (13e9, 135_168, 1.0e12),
    "LLaMA1-33B": (33e9, 530_432, 1.4e12),
    "LLaMA1-65B": (65e9, 1_022_362, 1.4e12),
    "LLaMA2-7B": (7e9, 184_320, 2.0e12),
    "LLaMA2-13B": (13e9, 368_640, 2.0e12),
    "LLaMA2-34B": (34e9, 1_038_336, 2.0e12),
    "LLaMA2-70B": (70e9, 1_720_320, 2.0e12),
}


@dataclass(frozen=True)
class Curve:
    """One digitised training curve: cumulative GPU-hours, tokens seen and training loss (nats/token)."""

    model: str
    params: float
    hours: NDArray[np.float64]
    tokens: NDArray[np.float64]
    loss: NDArray[np.float64]

    @property
    def flops(self) -> NDArray[np.float64]:
        """Training FLOPs so far, 6 N D."""
        return 6 * self.params * self.tokens


def load_llama_curve(model: str) -> Curve:
    """The loss-vs-GPU-hours curve of a LLaMA model (Touvron et al. 2023a, Figure 1; 2023b, Figure 5),
    digitised by Tyl (2023); tokens = hours x (total tokens / total GPU-hours)."""
    choice("model", model, LLAMA_MODELS)
    params, total_hours, total_tokens = LLAMA_MODELS[model]
    path = resources.files("scaling_lib") / "data" / "llama_curves" / f"{model.replace('LLaMA', 'llama')}.tsv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    hours = np.array([float(r["Hours"]) for r in rows])
    loss = np.array([float(r["Loss"]) for r in rows])
    order = np.argsort(hours, kind="stable")
    hours, loss = hours[order], loss[order]
    return Curve(model, params, hours, hours * total_tokens / total_hours, loss)


#: Losses of the over-training testbed; ``loss_c4_val`` (C4 validation) is the default.
GADRE_LOSSES = ("loss_c4_val", "loss_openlm", "loss_paloma_c4_en", "loss_paloma_falcon-refinedweb",
                "loss_paloma_redpajama", "loss_paloma_ptb", "loss_paloma_dolma_100_programing_languages",
                "loss_de-en")  # fmt: skip
GADRE_DATASETS = ("c4_original", "rpj", "rw_original")


@dataclass(frozen=True)
class OvertrainingRuns(Runs):
    """Runs of Gadre et al. 2024 with their token multiplier (tokens = 20 x multiplier x params)."""

    multiplier: NDArray[np.float64]
    names: tuple[str, ...]


def load_gadre_testbed(dataset: str, loss: str = "loss_c4_val") -> OvertrainingRuns:
    """The over-training testbed of Gadre et al. 2024 (arXiv 2403.08540) for one training set
    (``c4_original``, ``rpj`` or ``rw_original``): N = all parameters, D tokens, C = 6ND, final loss."""
    choice("dataset", dataset, GADRE_DATASETS)
    choice("loss", loss, GADRE_LOSSES)
    path = resources.files("scaling_lib") / "data" / "gadre_overtraining" / "summary.csv"
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["dataset"] == dataset]
    n = np.array([float(r["params"]) for r in rows])
    d = np.array([float(r["tokens"]) for r in rows])
    return OvertrainingRuns(n=n, d=d, c=6 * n * d, loss=np.array([float(r[loss]) for r in rows]),
                            multiplier=np.array([float(r["chinchilla_multiplier"]) for r in rows]),
                            names=tuple(r["name"] for r in rows))  # fmt: skip
