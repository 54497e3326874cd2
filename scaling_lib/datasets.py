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

    def lowest_loss_by(self, field: str) -> Runs:
        """For each distinct value of ``field`` ("n" or "c"), the run with the lowest loss, in
        increasing order of that value: the best run per model size, or per compute budget."""
        key = getattr(self, choice("field", field, ("n", "c")))
        keep = [int(np.flatnonzero(key == v)[np.argmin(self.loss[key == v])]) for v in np.unique(key)]
        return Runs(self.n[keep], self.d[keep], self.c[keep], self.loss[keep])


def load_runs_csv(path: str | Path) -> Runs:
    """Runs from a CSV of your own with columns ``N``, ``loss`` and either ``D`` or ``C`` (C = 6ND)."""
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a file path (str or pathlib.Path); got {path!r}")
    if not Path(path).is_file():
        raise ValueError(f"path {str(path)!r} is not a file")
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


#: The 15 IsoFLOP configurations of Porian et al. 2024 (arXiv 2406.19146), each named
#: dataset-hparams-warmup-decay-param_count-loss_kind (see ``PORIAN_FIELDS`` and the SOURCE note).
PORIAN_CONFIGS = (
    "rw-base-long-kaplan-kaplan-train", "rw-base-long-kaplan-standard-val",
    "rw-base-short-kaplan-standard-val", "rw-base-short-chinchilla-standard-val",
    "rw-tuned-short-const-standard-val", "rw-base-long-kaplan-attention-train",
    "rw-base-short-kaplan-attention-train", "rw-base-short-chinchilla-attention-train",
    "rw-tuned-short-const-attention-train", "rw-tuned-long-const-kaplan-train",
    "owt2-base-long-kaplan-kaplan-train", "owt2-base-long-kaplan-standard-val",
    "owt2-base-short-kaplan-standard-val", "owt2-base-short-chinchilla-standard-val",
    "owt2-tuned-short-const-standard-val",
)  # fmt: skip
#: What the six parts of a configuration name mean: ``dataset`` rw (RefinedWeb) or owt2 (OpenWebText2);
#: ``hparams`` base or tuned (per scale); ``warmup`` long (Kaplan's) or short; ``decay`` kaplan (cosine
#: to a fixed long horizon), chinchilla (cosine matched to the run) or const; ``param_count`` kaplan
#: (non-embedding), standard (plus the output head) or attention (plus attention FLOPs); ``loss_kind``.
PORIAN_FIELDS = ("dataset", "hparams", "warmup", "decay", "param_count", "loss_kind")
#: Kaplan et al.'s setup as reproduced by Porian et al. on RefinedWeb.
PORIAN_KAPLAN_SETUP = "rw-base-long-kaplan-kaplan-train"


def porian_config_fields(config: str) -> dict[str, str]:
    """The six settings of a Porian et al. 2024 configuration, keyed by ``PORIAN_FIELDS``."""
    choice("config", config, PORIAN_CONFIGS)
    return dict(zip(PORIAN_FIELDS, config.split("-"), strict=True))


def _porian_rows(filename: str) -> list[dict[str, str]]:
    path = resources.files("scaling_lib") / "data" / "porian_2024" / filename
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_porian_isoflops(config: str | None = None) -> Runs:
    """The IsoFLOP runs of one configuration of Porian et al. 2024 (arXiv 2406.19146), by default
    (None) ``PORIAN_KAPLAN_SETUP``: N in the configuration's parameter convention, D tokens, C the
    run's IsoFLOP budget (C = 6ND exactly in every row, 11-12 budgets from 1.25e16 to 2.56e19 FLOPs)
    and the loss at that budget (nats/token)."""
    config = PORIAN_KAPLAN_SETUP if config is None else config
    choice("config", config, PORIAN_CONFIGS)
    rows = [r for r in _porian_rows("isoflop_points.csv") if r["config"] == config]
    n, d, c, loss = (np.array([float(r[k]) for r in rows]) for k in ("n", "tokens", "budget_flops", "loss"))
    return Runs(n=n, d=d, c=c, loss=loss)


@dataclass(frozen=True)
class PorianFit:
    """The authors' fitted power laws for one configuration: N*(C) = n_coef C^n_exponent and
    D*(C) = t_coef C^t_exponent (``fit_results['basic']`` of their released data)."""

    config: str
    n_exponent: float
    n_coef: float
    t_exponent: float
    t_coef: float


def load_porian_paper_fits() -> dict[str, PorianFit]:
    """Porian et al. 2024's own fits, one per configuration, in the order of ``PORIAN_CONFIGS``."""
    keys = ("n_exponent", "n_coef", "t_exponent", "t_coef")
    fits = {r["config"]: PorianFit(r["config"], *(float(r[k]) for k in keys))
            for r in _porian_rows("paper_fits.csv")}  # fmt: skip
    return {config: fits[config] for config in PORIAN_CONFIGS}


# ---------------------------------------------------------------------------------------------
# Schedule-controlled and over-trained runs (Luo et al. 2025; McLeish et al. 2025; Sardana et al. 2024;
# Muennighoff et al. 2023)
# ---------------------------------------------------------------------------------------------


def _data_rows(folder: str, name: str) -> list[dict[str, str]]:
    path = resources.files("scaling_lib") / "data" / folder / name
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


#: Model sizes and schedules of the Multi-Power-Law runs (Luo et al. 2025; data SOURCE.md).
LUO_SIZES = ("25M", "100M", "400M")
LUO_SCHEDULES = ("constant_24000", "constant_72000", "cosine_24000", "cosine_72000", "wsd_20000_24000",
                 "wsdld_20000_24000", "wsdcon_3", "wsdcon_9", "wsdcon_18")  # fmt: skip


@dataclass(frozen=True)
class ScheduleRun:
    """One training curve under a known schedule: step, learning rate and training loss (nats/token)."""

    size: str
    schedule: str
    step: NDArray[np.float64]
    lr: NDArray[np.float64]
    loss: NDArray[np.float64]


def load_luo_schedule(size: str, schedule: str) -> ScheduleRun:
    """A curve of Luo et al. 2025 (arXiv 2503.12811): ``size`` in LUO_SIZES, ``schedule`` in LUO_SCHEDULES."""
    choice("size", size, LUO_SIZES)
    choice("schedule", schedule, LUO_SCHEDULES)
    rows = _data_rows("multipower_schedules", f"model_{size}/{schedule}.csv")
    step, lr, loss = (np.array([float(r[k]) for r in rows]) for k in ("step", "lr", "loss"))
    return ScheduleRun(size, schedule, step, lr, loss)


#: The three Gemstones tables: hot checkpoints at a constant learning rate, and each cooldown's start and end.
GEMSTONES_TABLES = {"constant_lr": "constant_lr_checkpoints.csv", "cooldown_start": "cooldown_start.csv",
                    "cooldown_end": "cooldown_end.csv"}  # fmt: skip


@dataclass(frozen=True)
class Checkpoints:
    """Gemstones checkpoints (McLeish et al. 2025), one row each: model name, active parameters,
    tokens, optimiser step, Frontier nodes, seconds per step and training loss (nats/token)."""

    model: tuple[str, ...]
    params: NDArray[np.float64]
    tokens: NDArray[np.float64]
    step: NDArray[np.float64]
    num_nodes: NDArray[np.float64]
    seconds_per_step: NDArray[np.float64]
    loss: NDArray[np.float64]

    @property
    def flops(self) -> NDArray[np.float64]:
        """Training FLOPs so far, 6 N D."""
        return 6 * self.params * self.tokens

    @property
    def node_hours(self) -> NDArray[np.float64]:
        """Node-hours so far: step x seconds per step x nodes / 3600 (data SOURCE.md)."""
        return self.step * self.seconds_per_step * self.num_nodes / 3600


def load_gemstones(table: str = "constant_lr") -> Checkpoints:
    """One Gemstones table (arXiv 2502.06857): ``constant_lr``, ``cooldown_start`` or ``cooldown_end``."""
    choice("table", table, GEMSTONES_TABLES)
    rows = _data_rows("gemstones", GEMSTONES_TABLES[table])
    cols = ("params", "tokens", "step", "num_nodes", "seconds_per_step", "loss")
    return Checkpoints(
        tuple(r["model"] for r in rows), *(np.array([float(r[k]) for r in rows]) for k in cols)
    )


def load_sardana_runs() -> Runs:
    """The 47 runs of Sardana et al. 2024 (arXiv 2401.00448), 150M to 6B parameters at 10 to 10,000
    tokens per parameter: N, D, C = 6ND and the final smoothed training loss."""
    rows = _data_rows("sardana_2024", "trainingresults.csv")
    n = np.array([float(r["Parameters"]) for r in rows])
    d = np.array([float(r["Tokens"]) for r in rows])
    return Runs(n=n, d=d, c=6 * n * d, loss=np.array([float(r["Smoothed Loss"]) for r in rows]))


@dataclass(frozen=True)
class RepeatedRuns(Runs):
    """Runs of Muennighoff et al. 2023 with their unique tokens U_D (tokens D = epochs x U_D) and names."""

    unique_tokens: NDArray[np.float64]
    names: tuple[str, ...]

    @property
    def epochs(self) -> NDArray[np.float64]:
        return self.d / self.unique_tokens


#: The two Muennighoff et al. tables: every finished run, and the subset the authors' fitting cells load.
DATABLATIONS_TABLES = ("all", "fit")


def load_datablations(table: str = "all") -> RepeatedRuns:
    """Final validation losses of Muennighoff et al. 2023 (arXiv 2305.16264): N, D, C = 6ND, U_D.

    ``all``: the 296 finished runs; ``fit``: the 182 of them in the table that the authors' notebook
    loads before fitting R*_D and R*_N (data SOURCE.md)."""
    choice("table", table, DATABLATIONS_TABLES)
    rows = _data_rows("datablations_2023", "final_losses.csv")
    if table == "fit":
        table_rows = _data_rows("datablations_2023", "fitting_table.csv")
        wanted = {(r["run"], round(float(r["loss"]), 6)) for r in table_rows}
        rows = [r for r in rows if (r["run"], round(float(r["loss"]), 6)) in wanted]
    n, d, u, loss = (
        np.array([float(r[k]) for r in rows]) for k in ("params", "tokens", "unique_tokens", "loss")
    )
    return RepeatedRuns(
        n=n, d=d, c=6 * n * d, loss=loss, unique_tokens=u, names=tuple(r["run"] for r in rows)
    )
