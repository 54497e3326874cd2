"""Why Kaplan et al. 2020 and Hoffmann et al. 2022 disagree, recomputed on the IsoFLOP runs of
Porian et al. 2024 (arXiv 2406.19146), with the counting argument of Pearce & Song 2024 (arXiv 2406.12907).

The optimal size at each budget comes from the library's Approach 2 (``isoflop.isoflop_minimum``,
a parabola in log N), fitted to the lowest-loss run of each IsoFLOP profile and its neighbours;
N_opt = k C^a is then a straight line through the optima in log-log space.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize_scalar

from ..data.datasets import PORIAN_FIELDS, Runs, porian_config_fields
from ..laws.chinchilla import ParametricLoss
from ..laws.isoflop import profile_window
from ..validation import (
    checks_argument_classes,
    positive,
    positive_scalar,
    same_shape,
    scalar_or_array,
    whole_number,
)

__all__ = [
    "near_minimum",
    "CONFIG_LABELS",
    "STEPS",
    "WEIGHTED_N_EXPONENTS",
    "describe_config",
    "local_exponent",
    "non_embedding_frontier",
    "total_params",
]

Array = float | NDArray[np.float64]

#: The steps of Porian et al.'s Figure 1 on RefinedWeb, one correction switched on at a time (the order of
#: the authors' ``configs.FIGURE1_CONFIGS``). The last step tunes the optimizer and drops the decay.
STEPS = (
    ("Kaplan et al.'s setup", "rw-base-long-kaplan-kaplan-train"),
    ("count the last layer", "rw-base-long-kaplan-standard-val"),
    ("short warmup", "rw-base-short-kaplan-standard-val"),
    ("cosine decay matched to each run", "rw-base-short-chinchilla-standard-val"),
    ("tuned optimizer, constant learning rate", "rw-tuned-short-const-standard-val"),
)

#: Readable labels for the codes of Porian et al.'s configuration names (``datasets.PORIAN_FIELDS``),
#: following the SOURCE note of ``scaling_lib/data/porian_2024`` and the paper's Sec. 3.
CONFIG_LABELS: dict[str, dict[str, str]] = {
    "dataset": {"rw": "RefinedWeb", "owt2": "OpenWebText2"},
    "hparams": {"base": "base (Kaplan-like)", "tuned": "tuned per model size"},
    "warmup": {"long": "long (Kaplan et al.'s)", "short": "short, proportional to model size"},
    "decay": {
        "kaplan": "cosine to a fixed long horizon",
        "chinchilla": "cosine matched to each run",
        "const": "none (constant learning rate)",
    },
    "param_count": {
        "kaplan": "non-embedding",
        "standard": "non-embedding + output layer",
        "attention": "non-embedding + output layer + attention FLOPs",
    },
    "loss_kind": {"train": "training", "val": "validation"},
}

#: The exponent a of the fit Porian et al.'s figures print (``fit_results['bs_median_weighted']`` in
#: their ``paper_figures.py``: least squares in log-log space weighted by 1 / sigma^2 of each optimum),
#: read from the released ``data/summary_df*.pickle.xz`` of formll/resolving-scaling-law-discrepancies
#: at commit 0dc60d9, rounded to 4 decimals. ``datasets.load_porian_paper_fits`` holds the unweighted
#: ``fit_results['basic']`` from the same files.
WEIGHTED_N_EXPONENTS: dict[str, float] = {
    "rw-base-long-kaplan-kaplan-train": 0.8353,
    "rw-base-long-kaplan-standard-val": 0.7065,
    "rw-base-short-kaplan-standard-val": 0.6020,
    "rw-base-short-chinchilla-standard-val": 0.5715,
    "rw-tuned-short-const-standard-val": 0.4969,
    "rw-base-long-kaplan-attention-train": 0.7171,
    "rw-base-short-kaplan-attention-train": 0.6223,
    "rw-base-short-chinchilla-attention-train": 0.5772,
    "rw-tuned-short-const-attention-train": 0.5053,
    "rw-tuned-long-const-kaplan-train": 0.7115,
    "owt2-base-long-kaplan-kaplan-train": 0.8635,
    "owt2-base-long-kaplan-standard-val": 0.6985,
    "owt2-base-short-kaplan-standard-val": 0.6032,
    "owt2-base-short-chinchilla-standard-val": 0.5743,
    "owt2-tuned-short-const-standard-val": 0.5185,
}


def describe_config(config: str) -> tuple[str, ...]:
    """The six settings of a Porian et al. configuration in words (``CONFIG_LABELS``), in the order of
    ``datasets.PORIAN_FIELDS``. Raises ValueError for an unknown configuration."""
    fields = porian_config_fields(config)
    return tuple(CONFIG_LABELS[k][fields[k]] for k in PORIAN_FIELDS)


# ---------------------------------------------------------------------------------------------
# Which N? Non-embedding against total parameters (Pearce & Song 2024)
# ---------------------------------------------------------------------------------------------


def total_params(n_non_embedding: ArrayLike, aspect_ratio: float, n_vocab: int, n_ctx: int = 0) -> Array:
    """Total parameters of a model with N non-embedding parameters and width/depth ``aspect_ratio``:
    N + (n_vocab + n_ctx) d_model with d_model = (aspect_ratio N / 12)^(1/3), from N = 12 n_layer
    d_model^2 (Kaplan et al. 2020, Sec. 2.1; ``Architecture.approx_params``). With n_ctx = 0 this is
    Pearce & Song's N_T = N + gamma N^(1/3), gamma = n_vocab (aspect_ratio / 12)^(1/3)."""
    n = positive("N", n_non_embedding)
    aspect_ratio = positive_scalar("aspect_ratio", aspect_ratio)
    for name, value in (("n_vocab", n_vocab), ("n_ctx", n_ctx)):
        whole_number(name, value, 0)
    d_model = (aspect_ratio * n / 12) ** (1 / 3)
    return scalar_or_array(n + (n_vocab + n_ctx) * d_model)


@checks_argument_classes
def non_embedding_frontier(
    law: ParametricLoss, c_non_embedding: ArrayLike, aspect_ratio: float, n_vocab: int, n_ctx: int = 0
) -> NDArray[np.float64]:
    """The compute-optimal model as a study counting Kaplan's way finds it in a world governed by
    ``law`` (which counts total parameters): at each budget C = 6 N D with N non-embedding, the N that
    minimises law.loss(total_params(N), C / 6N). Pearce & Song 2024's simulation of Kaplan et al."""
    c = np.atleast_1d(positive("C", c_non_embedding))
    if c.ndim != 1:
        raise ValueError(f"C must be a number or a 1-d array; got shape {c.shape}")
    total_params(1.0, aspect_ratio, n_vocab, n_ctx)  # validates the shape arguments

    def loss(log_n: float, budget: float) -> float:
        n = np.exp(log_n)
        return float(law.loss(total_params(n, aspect_ratio, n_vocab, n_ctx), budget / (6 * n)))

    out = []
    for budget in c:
        res = minimize_scalar(loss, bounds=(0.0, np.log(budget / 6)), args=(budget,), method="bounded",
                              options={"xatol": 1e-10})  # fmt: skip
        out.append(np.exp(res.x))
    return np.array(out)


def local_exponent(x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """d log y / d log x along a curve sampled at increasing ``x`` (finite differences)."""
    x, y = positive("x", x), positive("y", y)
    same_shape(x=x, y=y)
    if x.ndim != 1 or x.size < 3 or np.any(np.diff(x) <= 0):
        raise ValueError("x must be a 1-d array of at least 3 increasing values")
    return np.gradient(np.log(y), np.log(x))


@checks_argument_classes
def near_minimum(runs: Runs, window: int = 2) -> Runs:
    """The runs within ``window`` sizes of each budget's lowest-loss run (``isoflop.profile_window``);
    budgets without an interior minimum contribute none."""
    whole_number("window", window, minimum=1)
    keep = np.zeros(len(runs), dtype=bool)
    _, group = np.unique(runs.c, return_inverse=True)
    for g in range(group.max(initial=-1) + 1):
        idx = np.flatnonzero(group == g)
        try:
            keep[idx[profile_window(runs.n[idx], runs.loss[idx], window)]] = True
        except ValueError:
            continue
    return runs.select(keep)
