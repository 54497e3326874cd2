"""Loaders for the data shipped in ``scaling_lib/data/`` (each folder keeps its SOURCE note) and for a
reader's own runs. One strict CSV reader serves them all: it drops nothing silently, and a bad file
raises a ValueError naming the file, the line, the column and what is allowed."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..validation import choice, flag, in_range, numbers, positive, positive_scalar

__all__ = [
    "BTLM",
    "BUDGET_RTOL",
    "Checkpoints",
    "Curve",
    "DATABLATIONS_TABLES",
    "GADRE_DATASETS",
    "GADRE_LOSSES",
    "GEMSTONES_TABLES",
    "LLAMA_MODELS",
    "LUO_SCHEDULES",
    "LUO_SIZES",
    "OBSSCALING_BENCHMARKS",
    "OLMO_TARGETS",
    "OLMO_TASKS",
    "ObservedModels",
    "OvertrainingRuns",
    "PORIAN_CONFIGS",
    "PORIAN_FIELDS",
    "PORIAN_KAPLAN_SETUP",
    "PorianFit",
    "PublishedModels",
    "RUNS_CSV_C_RTOL",
    "RepeatedRuns",
    "Runs",
    "SARDANA_OTHER_COLUMNS",
    "SIZE_UNITS",
    "ScheduleRun",
    "TaskCheckpoints",
    "WORDS_PER_TOKEN",
    "load_chinchilla_figure4",
    "load_datablations",
    "load_epoch_models",
    "load_gadre_testbed",
    "load_gemstones",
    "load_llama_curve",
    "load_luo_schedule",
    "load_obsscaling",
    "load_olmo_ladder",
    "load_olmo_target",
    "load_porian_isoflops",
    "load_porian_paper_fits",
    "load_runs_csv",
    "load_sardana_runs",
    "porian_config_fields",
]

#: What a column holds: ``size`` a finite number > 0, ``number`` a finite number, ``text`` non-empty text.
_Kind = Literal["size", "number", "text"]
_NEEDS = {"size": "a finite number > 0", "number": "a finite number", "text": "a non-empty value"}
#: Rows parsed at a time: memory holds one chunk of text besides the numeric columns, and a chunk small
#: enough to be freed before the garbage collector promotes its rows keeps reading fast.
_CHUNK = 1 << 12
#: Relative tolerance within which two runs' computes are one budget: the same design budget computed
#: along two paths (C given, or 6ND of a derived D) differs in the last bits, never by 1e-6.
BUDGET_RTOL = 1e-6


@dataclass(frozen=True)
class _Table:
    """The columns read from a CSV file: numbers as float arrays, text as tuples of strings."""

    numbers: dict[str, NDArray[np.float64]]
    text: dict[str, tuple[str, ...]]


def _listed(names: Sequence[str | tuple[str, ...]]) -> str:
    """``("N", "loss", ("D", "C"))`` -> ``"N, loss and D or C"``."""
    words = [n if isinstance(n, str) else " or ".join(n) for n in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _check_header(
    name: str, header: list[str], allowed: Sequence[str], required: Sequence[str | tuple[str, ...]]
) -> None:
    """Raise unless each column appears once, each required column (or one of each tuple of
    alternatives) is there and every column is allowed."""
    for i, column in enumerate(header):
        if column in header[:i]:
            raise ValueError(f"{name}, line 1: column {column!r} appears twice; each column may appear once")
    missing = [r for r in required if not set(header) & ({r} if isinstance(r, str) else set(r))]
    if missing:
        raise ValueError(
            f"{name}, line 1: missing column {_listed(missing)}; the file needs columns {_listed(required)} "
            f"and has {', '.join(map(repr, header))}"
        )
    extra = [c for c in header if c not in allowed]
    if extra:
        raise ValueError(
            f"{name}, line 1: unexpected column {extra[0]!r}; allowed columns: {', '.join(allowed)}"
        )


def _check_widths(name: str, header: list[str], rows: list[list[str]], lines: Sequence[int]) -> None:
    """Raise at the first row whose number of fields is not the header's."""
    width = len(header)
    if set(map(len, rows)) == {width}:
        return
    i = next(i for i, row in enumerate(rows) if len(row) != width)
    got, where = len(rows[i]), f"{name}, line {lines[i]}"
    if got == 0:
        raise ValueError(f"{where}: the line is blank; every line after the header holds {width} fields")
    if got < width:
        raise ValueError(
            f"{where}, column {header[got]!r}: the row has {got} fields, too few; the header names {width}: "
            f"{', '.join(header)}"
        )
    raise ValueError(
        f"{where}: the row has {got} fields, too many; the header names {width}, the last {header[-1]!r}"
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _parse(
    name: str, column: str, kind: _Kind, values: tuple[str, ...], lines: Sequence[int]
) -> NDArray[np.float64] | tuple[str, ...]:
    """One chunk of a column as numbers (``size``, ``number``) or text; raise at its first bad value."""
    where = f"{name}, line {{}}, column {column!r}"
    if "" in values:
        i = values.index("")
        raise ValueError(f"{where.format(lines[i])}: the value is empty; {column} needs {_NEEDS[kind]}")
    if kind == "text":
        return values
    try:
        arr = np.fromiter(map(float, values), dtype=float, count=len(values))
    except ValueError:
        i = next(i for i, v in enumerate(values) if not _is_number(v))
        raise ValueError(
            f"{where.format(lines[i])}: {values[i]!r} is not a number; {column} needs {_NEEDS[kind]}"
        ) from None
    good = np.isfinite(arr) & (arr > 0) if kind == "size" else np.isfinite(arr)
    if not good.all():
        i = int(np.argmin(good))
        rule = "finite and > 0" if kind == "size" else "a finite number"
        raise ValueError(f"{where.format(lines[i])}: {column} must be {rule}; got {values[i]}")
    return arr


#: A line break as the file reader counts one (``newline=""``): CRLF, CR or LF.
_BREAK = re.compile(r"\r\n|\r|\n")


def _field_lines(start: int, rows: list[list[str]], end: int, column: int) -> Sequence[int]:
    """The 1-based line on which field ``column`` of each of ``rows`` starts, given the lines read before
    (``start``) and after them (``end``): one line a row unless a quoted field holds a line break, which
    moves the fields after it, and every later row, down."""
    if end - start == len(rows):
        return range(start + 1, end + 1)
    firsts = itertools.accumulate(
        (len(_BREAK.findall("\0".join(row))) + 1 for row in rows), initial=start + 1
    )
    return [
        first + len(_BREAK.findall("\0".join(row[:column]))) for first, row in zip(firsts, rows, strict=False)
    ]


def _read_table(
    path: Path | Traversable,
    columns: Mapping[str, _Kind],
    *,
    required: Sequence[str | tuple[str, ...]] | None = None,
    ignored: Sequence[str] = (),
    delimiter: str = ",",
    what: str = "rows",
) -> _Table:
    """Read ``columns`` (name -> kind) of a delimited UTF-8 file (with or without a BOM, LF or CRLF line
    ends, RFC 4180 quoting). ``required`` (default: every column) may hold tuples of alternatives, of
    which at least one must be there; ``ignored`` columns are allowed and not read; any other column,
    a repeated column, a row of the wrong width, an empty value or a value that is not of its kind
    raises a ValueError naming the file, the 1-based line and the column. Reads ``_CHUNK`` rows at a
    time into numpy arrays."""
    name = str(path)
    required = list(columns) if required is None else required
    parts: dict[str, list[NDArray[np.float64] | tuple[str, ...]]] = {}
    try:
        with io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f, delimiter=delimiter, strict=True)
            header = next(reader, None)
            if header is None:
                raise ValueError(
                    f"{name} is empty; it needs a header line naming the columns {_listed(required)}"
                )
            _check_header(name, header, [*columns, *ignored], required)
            index = {c: header.index(c) for c in columns if c in header}
            parts = {c: [] for c in index}
            start = reader.line_num
            while rows := list(itertools.islice(reader, _CHUNK)):
                end, lines = reader.line_num, _field_lines(start, rows, reader.line_num, 0)
                _check_widths(name, header, rows, lines)
                fields = list(zip(*rows, strict=True))
                for column, j in index.items():
                    at = _field_lines(start, rows, end, j)
                    parts[column].append(_parse(name, column, columns[column], fields[j], at))
                start = end
    except UnicodeDecodeError as err:
        raise ValueError(f"{name} is not UTF-8 text ({err.reason}); save it as UTF-8") from None
    except csv.Error as err:
        raise ValueError(f"{name}, line {reader.line_num}: not valid CSV ({err})") from None
    if not next(iter(parts.values())):
        raise ValueError(f"{name} holds no {what}: nothing follows its header line")
    return _Table(
        numbers={c: np.concatenate(p) for c, p in parts.items() if columns[c] != "text"},
        text={c: tuple(itertools.chain.from_iterable(p)) for c, p in parts.items() if columns[c] == "text"},
    )


def _per_run(runs: Runs, name: str, kind: _Kind) -> None:
    """Check the field ``name`` of ``runs``: a 1-D array of finite numbers > 0 (``size``) or a tuple of
    non-empty strings (``text``), as long as ``runs.n`` (checked first); store arrays as floats."""
    value = getattr(runs, name)
    count = None if name == "n" else len(runs.n)
    per_run = "" if count is None else f", {count} of them (one per run, as n has)"
    if kind == "text":
        if not (
            isinstance(value, tuple) and len(value) == count and all(isinstance(v, str) and v for v in value)
        ):
            raise ValueError(f"{name} must be a tuple of non-empty strings{per_run}; got {value!r:.60}")
        return
    try:
        arr = numbers(name, value)
    except ValueError as e:
        raise ValueError(
            f"{name} must be a 1-D array of finite numbers > 0; got {value!r:.60} ({e})"
        ) from None
    if arr.ndim != 1 or (count is not None and len(arr) != count):
        raise ValueError(f"{name} must be a 1-D array of numbers{per_run}; got shape {arr.shape}")
    bad = ~(np.isfinite(arr) & (arr > 0))
    if bad.any():
        raise ValueError(
            f"{name} must be finite and > 0; got {float(arr[bad][0])!r} in an array of shape {arr.shape}"
        )
    object.__setattr__(runs, name, arr)


def _named(name: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string; got {value!r:.60}")


def _same_length(obj: object, names: Sequence[str]) -> None:
    """Check the fields ``names`` of ``obj``: 1-D arrays of finite numbers >= 0 of one length (at least
    one); store them as floats."""
    arrays = {name: numbers(name, getattr(obj, name)) for name in names}
    lengths = {a.shape for a in arrays.values()}
    if len(lengths) != 1 or next(iter(lengths)) == (0,) or any(a.ndim != 1 for a in arrays.values()):
        raise ValueError(
            f"{', '.join(names)} must be non-empty 1-D arrays of one length; got {sorted(lengths)}"
        )
    for name, a in arrays.items():
        if not np.all(np.isfinite(a) & (a >= 0)):
            raise ValueError(f"{name} must be finite numbers >= 0")
        object.__setattr__(obj, name, a)


@dataclass(frozen=True)
class Runs:
    """Training runs: parameters N, tokens D, compute C (FLOPs) and final loss L (nats/token), each a
    1-D array of finite numbers > 0 of one length (an empty selection has length 0), with C = 6ND to
    ``RUNS_CSV_C_RTOL``, as ``load_runs_csv`` requires of a file."""

    n: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    loss: NDArray[np.float64]

    def __post_init__(self) -> None:
        for name in ("n", "d", "c", "loss"):
            _per_run(self, name, "size")
        off = np.abs(self.c / (6 * self.n * self.d) - 1) > RUNS_CSV_C_RTOL
        if off.any():
            i = int(np.flatnonzero(off)[0])
            raise ValueError(
                f"c must equal 6 n d to {RUNS_CSV_C_RTOL:.0%} for every run; run {i} has c = {self.c[i]:.4g} "
                f"but 6 n d = {6 * self.n[i] * self.d[i]:.4g}"
            )

    def __len__(self) -> int:
        return len(self.n)

    def _take(self, index: NDArray[np.intp]) -> Self:
        """The runs at the positions ``index``, of the same class with every per-run field taken."""
        taken: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            taken[f.name] = tuple(value[i] for i in index) if isinstance(value, tuple) else value[index]
        return type(self)(**taken)

    def select(self, mask: ArrayLike) -> Self:
        """The runs where the boolean ``mask`` is true (of the same class, every field kept)."""
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != self.n.shape:
            raise ValueError(
                f"mask must be a boolean array of shape {self.n.shape}; got {mask.dtype} {mask.shape}"
            )
        return self._take(np.flatnonzero(mask))

    def without_highest_loss(self, k: int) -> Self:
        """The runs less the ``k`` with the highest loss (0 <= k < number of runs)."""
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 0 <= k < len(self):
            raise ValueError(f"k must be a whole number from 0 to {len(self) - 1}; got {k!r}")
        return self._take(np.sort(np.argsort(self.loss, kind="stable")[: len(self) - int(k)]))

    def lowest_loss_by(self, field: str) -> Self:
        """For each distinct value of ``field`` ("n" or "c"), the run with the lowest loss, in
        increasing order of that value: the best run per model size, or per compute budget."""
        key = getattr(self, choice("field", field, ("n", "c")))
        _, group = np.unique(key, return_inverse=True)
        keep = [
            int(np.flatnonzero(group == g)[np.argmin(self.loss[group == g])]) for g in range(group.max() + 1)
        ]
        return self._take(np.array(keep, dtype=np.intp))

    def by_budget(self, rtol: float = BUDGET_RTOL) -> list[tuple[float, Self]]:
        """The runs grouped by compute budget, in increasing order of budget: computes within a relative
        ``rtol`` of their group's smallest are one budget (they differ by rounding, not by design), and
        each group is named by its median compute. Never compares computed floats exactly."""
        rtol = in_range("rtol", rtol, 0, 0.5)
        order = np.argsort(self.c, kind="stable")
        groups: list[list[int]] = []
        for i in order:
            if groups and self.c[i] <= self.c[groups[-1][0]] * (1 + rtol):
                groups[-1].append(int(i))
            else:
                groups.append([int(i)])
        return [
            (float(np.median(self.c[g])), self._take(np.sort(np.array(g, dtype=np.intp)))) for g in groups
        ]

    def at_budget(self, budget: float, rtol: float = BUDGET_RTOL) -> Self:
        """The runs whose compute is within a relative ``rtol`` of ``budget`` (FLOPs); a ValueError names
        the budgets the runs have when none is."""
        budget = positive_scalar("budget", budget)
        rtol = in_range("rtol", rtol, 0, 0.5)
        mask = np.abs(self.c - budget) <= rtol * budget
        if not mask.any():
            have = f"{len(self.by_budget(rtol))} budgets from {self.c.min():.3g} to {self.c.max():.3g} FLOPs"
            raise ValueError(
                f"no run has a compute within {rtol:g} of budget {budget:.3g} FLOPs; the runs have {have}"
            )
        return self.select(mask)


#: Relative tolerance within which a file that gives both D and C must have C = 6ND.
RUNS_CSV_C_RTOL = 0.01


def load_runs_csv(path: str | Path) -> Runs:
    """Runs from a CSV file of your own: one run a line after a header naming its columns.

    Columns: ``N`` (parameters), ``loss`` (nats/token) and ``D`` (tokens) or ``C`` (training FLOPs,
    taken as C = 6ND, so D = C / 6N), or both, when C must equal 6ND to ``RUNS_CSV_C_RTOL``; no other
    column, in any order. Every value a finite number > 0. UTF-8 with or without a byte-order mark,
    LF or CRLF line ends, fields quoted as in RFC 4180. Any other file raises a ValueError naming the
    file, the line and the column."""
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a file path (str or pathlib.Path); got {path!r}")
    if not Path(path).is_file():
        raise ValueError(f"path {str(path)!r} is not a file")
    table = _read_table(
        Path(path), dict.fromkeys(("N", "D", "C", "loss"), "size"), required=("N", "loss", ("D", "C")),
        what="runs",
    )  # fmt: skip
    cols = table.numbers
    n = cols["N"]
    d = cols["D"] if "D" in cols else cols["C"] / (6 * n)
    if "D" in cols and "C" in cols:
        off = np.abs(cols["C"] / (6 * n * d) - 1) > RUNS_CSV_C_RTOL
        if off.any():
            i = int(np.argmax(off))
            raise ValueError(
                f"{path}, line {i + 2}, column 'C': C must equal 6ND to "
                f"{RUNS_CSV_C_RTOL:.0%} when both D and C are given; got C = {cols['C'][i]:g}, "
                f"6ND = {6 * n[i] * d[i]:g} (give D or C alone)"
            )
    return Runs(n=n, d=d, c=6 * n * d, loss=cols["loss"])


def _data_file(folder: str, name: str) -> Traversable:
    """A file shipped in ``scaling_lib/data/<folder>/``."""
    return resources.files("scaling_lib") / "data" / folder / name


def load_chinchilla_figure4() -> Runs:
    """The 245 (N, C, L) points of Hoffmann et al. 2022, Figure 4, as extracted by Epoch AI
    (Besiroglu et al. 2024); D = C / (6N) as in the replication."""
    cols = _read_table(
        _data_file("chinchilla_figure4", "svg_extracted_data.csv"),
        dict.fromkeys(("Model Size", "Training FLOP", "loss"), "size"),
        ignored=("x", "y", "color", "hex_color"),
    ).numbers
    n, c = cols["Model Size"], cols["Training FLOP"]
    return Runs(n=n, d=c / (6 * n), c=c, loss=cols["loss"])


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

    def __post_init__(self) -> None:
        _named("model", self.model)
        object.__setattr__(self, "params", positive_scalar("params", self.params))
        _same_length(self, ("hours", "tokens", "loss"))

    @property
    def flops(self) -> NDArray[np.float64]:
        """Training FLOPs so far, 6 N D."""
        return 6 * self.params * self.tokens


def load_llama_curve(model: str) -> Curve:
    """The loss-vs-GPU-hours curve of a LLaMA model (Touvron et al. 2023a, Figure 1; 2023b, Figure 5),
    digitised by Tyl (2023); tokens = hours x (total tokens / total GPU-hours)."""
    choice("model", model, LLAMA_MODELS)
    params, total_hours, total_tokens = LLAMA_MODELS[model]
    path = _data_file("llama_curves", f"{model.replace('LLaMA', 'llama')}.tsv")
    cols = _read_table(path, {"Hours": "size", "Loss": "size"}, delimiter="\t").numbers
    hours, loss = cols["Hours"], cols["Loss"]
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

    def __post_init__(self) -> None:
        super().__post_init__()
        _per_run(self, "multiplier", "size")
        _per_run(self, "names", "text")


def load_gadre_testbed(dataset: str, loss: str = "loss_c4_val") -> OvertrainingRuns:
    """The over-training testbed of Gadre et al. 2024 (arXiv 2403.08540) for one training set
    (``c4_original``, ``rpj`` or ``rw_original``): N = all parameters, D tokens, C = 6ND, final loss."""
    choice("dataset", dataset, GADRE_DATASETS)
    choice("loss", loss, GADRE_LOSSES)
    sizes: dict[str, _Kind] = dict.fromkeys(("params", "tokens", "chinchilla_multiplier", loss), "size")
    others = ("params_no_embed", "lr", "wd", "warmup", "global_bs", *(x for x in GADRE_LOSSES if x != loss))
    table = _read_table(
        _data_file("gadre_overtraining", "summary.csv"),
        {"name": "text", "dataset": "text", **sizes},
        ignored=others,
    )
    keep = np.array(table.text["dataset"]) == dataset
    cols = {k: v[keep] for k, v in table.numbers.items()}
    n, d = cols["params"], cols["tokens"]
    return OvertrainingRuns(n=n, d=d, c=6 * n * d, loss=cols[loss], multiplier=cols["chinchilla_multiplier"],
                            names=tuple(itertools.compress(table.text["name"], keep)))  # fmt: skip


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


def load_porian_isoflops(config: str | None = None) -> Runs:
    """The IsoFLOP runs of one configuration of Porian et al. 2024 (arXiv 2406.19146), by default
    (None) ``PORIAN_KAPLAN_SETUP``: N in the configuration's parameter convention, D tokens, C the
    run's IsoFLOP budget (C = 6ND exactly in every row, 11-12 budgets from 1.25e16 to 2.56e19 FLOPs)
    and the loss at that budget (nats/token)."""
    config = PORIAN_KAPLAN_SETUP if config is None else config
    choice("config", config, PORIAN_CONFIGS)
    table = _read_table(
        _data_file("porian_2024", "isoflop_points.csv"),
        {"config": "text", **dict.fromkeys(("n", "tokens", "budget_flops", "loss"), "size")},
        ignored=(*PORIAN_FIELDS[:-1], "loss_kind"),
    )
    keep = np.array(table.text["config"]) == config
    n, d, c, loss = (table.numbers[k][keep] for k in ("n", "tokens", "budget_flops", "loss"))
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

    def __post_init__(self) -> None:
        _named("config", self.config)
        for name in ("n_exponent", "n_coef", "t_exponent", "t_coef"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))


def load_porian_paper_fits() -> dict[str, PorianFit]:
    """Porian et al. 2024's own fits, one per configuration, in the order of ``PORIAN_CONFIGS``."""
    keys = ("n_exponent", "n_coef", "t_exponent", "t_coef")
    table = _read_table(
        _data_file("porian_2024", "paper_fits.csv"),
        {
            "config": "text",
            "n_exponent": "number",
            "n_coef": "size",
            "t_exponent": "number",
            "t_coef": "size",
        },
        ignored=(*PORIAN_FIELDS[:-1], "loss", "source_file"),
    )
    fits = {
        config: PorianFit(config, *(float(table.numbers[k][i]) for k in keys))
        for i, config in enumerate(table.text["config"])
    }
    return {config: fits[config] for config in PORIAN_CONFIGS}


# ---------------------------------------------------------------------------------------------
# Schedule-controlled and over-trained runs (Luo et al. 2025; McLeish et al. 2025; Sardana et al. 2024;
# Muennighoff et al. 2023)
# ---------------------------------------------------------------------------------------------


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

    def __post_init__(self) -> None:
        _named("size", self.size)
        _named("schedule", self.schedule)
        _same_length(self, ("step", "lr", "loss"))


def load_luo_schedule(size: str, schedule: str) -> ScheduleRun:
    """A curve of Luo et al. 2025 (arXiv 2503.12811): ``size`` in LUO_SIZES, ``schedule`` in LUO_SCHEDULES."""
    choice("size", size, LUO_SIZES)
    choice("schedule", schedule, LUO_SCHEDULES)
    cols = _read_table(
        _data_file("multipower_schedules", f"model_{size}/{schedule}.csv"),
        {"step": "size", "lr": "size", "loss": "size"},
    ).numbers
    return ScheduleRun(size, schedule, cols["step"], cols["lr"], cols["loss"])


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

    def __post_init__(self) -> None:
        _same_length(self, ("params", "tokens", "step", "num_nodes", "seconds_per_step", "loss"))
        if not (isinstance(self.model, tuple) and len(self.model) == len(self.params)
                and all(isinstance(m, str) and m for m in self.model)):  # fmt: skip
            raise ValueError(
                f"model must be a tuple of non-empty names, one per checkpoint; got {self.model!r:.60}"
            )

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
    cols = ("params", "tokens", "step", "num_nodes", "seconds_per_step", "loss")
    read = _read_table(
        _data_file("gemstones", GEMSTONES_TABLES[table]),
        {"model": "text", **dict.fromkeys(cols, "size")},
        ignored=("width", "depth"),
    )
    return Checkpoints(read.text["model"], *(read.numbers[k] for k in cols))


#: The columns of Sardana et al.'s results table that ``load_sardana_runs`` does not read.
SARDANA_OTHER_COLUMNS = (
    "Model Name", "Tokens/Params", "Batch Size", "eval_gauntlet/world_knowledge",
    "eval_gauntlet/reading_comprehension", "eval_gauntlet/language_understanding",
    "eval_gauntlet/commonsense_reasoning", "eval_gauntlet/symbolic_problem_solving",
    "eval_gauntlet/core_average", "mmlu_5_shot_avg",
)  # fmt: skip


def load_sardana_runs() -> Runs:
    """The 47 runs of Sardana et al. 2024 (arXiv 2401.00448), 150M to 6B parameters at 10 to 10,000
    tokens per parameter: N, D, C = 6ND and the final smoothed training loss."""
    cols = _read_table(
        _data_file("sardana_2024", "trainingresults.csv"),
        dict.fromkeys(("Parameters", "Tokens", "Smoothed Loss"), "size"),
        ignored=SARDANA_OTHER_COLUMNS,
    ).numbers
    n, d = cols["Parameters"], cols["Tokens"]
    return Runs(n=n, d=d, c=6 * n * d, loss=cols["Smoothed Loss"])


@dataclass(frozen=True)
class RepeatedRuns(Runs):
    """Runs of Muennighoff et al. 2023 with their unique tokens U_D (tokens D = epochs x U_D) and names."""

    unique_tokens: NDArray[np.float64]
    names: tuple[str, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        _per_run(self, "unique_tokens", "size")
        _per_run(self, "names", "text")

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
    cols = ("params", "tokens", "unique_tokens", "loss")
    runs = _read_table(
        _data_file("datablations_2023", "final_losses.csv"),
        {"run": "text", **dict.fromkeys(cols, "size")},
        ignored=("epochs",),
    )
    names = runs.text["run"]
    keep = np.ones(len(names), dtype=bool)
    if table == "fit":
        fitted = _read_table(
            _data_file("datablations_2023", "fitting_table.csv"), {"run": "text", "loss": "size"}
        )
        wanted = set(zip(fitted.text["run"], np.round(fitted.numbers["loss"], 6), strict=True))
        pairs = zip(names, np.round(runs.numbers["loss"], 6), strict=True)
        keep = np.array([pair in wanted for pair in pairs])
    n, d, u, loss = (runs.numbers[k][keep] for k in cols)
    return RepeatedRuns(
        n=n, d=d, c=6 * n * d, loss=loss, unique_tokens=u, names=tuple(itertools.compress(names, keep))
    )


#: The eight main tasks of Bhagia et al. 2024 (arXiv 2412.04403), 5-shot in ranked-classification format, and
#: the upstream columns each averages with their weights: MMLU (test) is the mean of its four subject groups
#: weighted stem 0.215, humanities 0.335, social sciences 0.219, other 0.231 (upstream ``WEIGHT_BY_KEY``; data
#: SOURCE.md), the others one column each.
OLMO_TASKS: dict[str, dict[str, float]] = {
    "MMLU": {"mmlu_stem_test": 0.215, "mmlu_humanities_test": 0.335, "mmlu_social_sciences_test": 0.219,
             "mmlu_other_test": 0.231},
    "HellaSwag": {"hellaswag_val": 1.0},
    "ARC-Challenge": {"arc_challenge_test": 1.0},
    "ARC-Easy": {"arc_easy_test": 1.0},
    "PIQA": {"piqa_val": 1.0},
    "CSQA": {"csqa_val": 1.0},
    "Social IQa": {"socialiqa_val": 1.0},
    "OpenBookQA": {"openbookqa_test": 1.0},
}  # fmt: skip
#: The two targets the ladder predicts: a 7B model trained on 4T tokens (annealed) and a 13B on 5T.
OLMO_TARGETS = ("7B-4T", "13B-5T")


@dataclass(frozen=True)
class TaskCheckpoints:
    """Evaluated checkpoints of OLMo ladder runs or of a target model (Bhagia et al. 2024), one row each:
    the run, N (every parameter but the input embedding), the tokens D seen so far, and per main task
    (``OLMO_TASKS``) the task loss in bits per byte and the accuracy (a fraction). Rows of a run are in
    the order of D."""

    run: tuple[str, ...]
    n: NDArray[np.float64]
    d: NDArray[np.float64]
    bpb: dict[str, NDArray[np.float64]]
    accuracy: dict[str, NDArray[np.float64]]

    def __post_init__(self) -> None:
        _same_length(self, ("n", "d"))
        if not (isinstance(self.run, tuple) and len(self.run) == len(self.n)):
            raise ValueError("run must be a tuple of names, one per checkpoint")
        for name in ("bpb", "accuracy"):
            table = getattr(self, name)
            if not (isinstance(table, dict) and set(table) == set(OLMO_TASKS)
                    and all(len(v) == len(self.n) for v in table.values())):  # fmt: skip
                raise ValueError(f"{name} must hold one value per checkpoint for each of {list(OLMO_TASKS)}")

    def runs(self) -> list[str]:
        """The runs' names, in the order they first appear."""
        return list(dict.fromkeys(self.run))

    def of(self, run: str) -> NDArray[np.intp]:
        """The rows of ``run``."""
        choice("run", run, self.runs())
        return np.flatnonzero(np.array(self.run) == run)


def _olmo_table(name: str, head: Mapping[str, _Kind]) -> _Table:
    """``head`` and every task's loss and accuracy columns of one OLMo ladder file."""
    columns = dict(head)
    for weights in OLMO_TASKS.values():
        for key in weights:
            columns[f"eval/downstream_bpb/{key}_rc_5shot_bpb"] = "size"
            columns[f"eval/downstream/{key}_rc_5shot_len_norm"] = "size"
    unread = ("eval/c4_en-validation/CrossEntropyLoss", "flops_per_token", "_step", "multiplier", "size")
    return _read_table(_data_file("olmo_ladder_2024", name), columns, ignored=unread)


def _olmo_metrics(read: _Table, rows: NDArray[np.intp]) -> tuple[dict, dict]:
    """Per main task, the weighted mean of its columns (MMLU's four groups) for ``rows``."""
    bpb, acc = {}, {}
    for task, weights in OLMO_TASKS.items():
        total = sum(weights.values())
        bpb[task] = sum(read.numbers[f"eval/downstream_bpb/{k}_rc_5shot_bpb"][rows] * w
                        for k, w in weights.items()) / total  # fmt: skip
        acc[task] = sum(read.numbers[f"eval/downstream/{k}_rc_5shot_len_norm"][rows] * w
                        for k, w in weights.items()) / total  # fmt: skip
    return bpb, acc


def load_olmo_ladder() -> TaskCheckpoints:
    """The 16 ladder runs Bhagia et al. 2024 fit (190M to 1.3B parameters, each trained on 1, 2, 5 and 10
    times 20 tokens per parameter), every evaluated checkpoint (data SOURCE.md)."""
    read = _olmo_table("ladder_runs.csv", {"run": "text", "n_params": "size", "tokens": "size"})
    run = np.array(read.text["run"])
    order = np.lexsort((read.numbers["tokens"], run))
    order = np.concatenate([order[run[order] == r] for r in dict.fromkeys(read.text["run"])])
    bpb, acc = _olmo_metrics(read, order)
    return TaskCheckpoints(tuple(run[order]), read.numbers["n_params"][order], read.numbers["tokens"][order],
                           bpb, acc)  # fmt: skip


def load_olmo_target(target: str) -> TaskCheckpoints:
    """The checkpoints of ``target`` (``OLMO_TARGETS``) that the paper evaluates its prediction on: the
    annealed 7B-4T model (one row), or the last 12 checkpoints of the 13B-5T run."""
    choice("target", target, OLMO_TARGETS)
    read = _olmo_table("target_runs.csv", {"target": "text", "n_params": "size", "tokens": "number",
                                               "in_paper_eval": "number"})  # fmt: skip
    rows = np.flatnonzero(np.isin(read.text["target"], [target]) & (read.numbers["in_paper_eval"] == 1))
    rows = rows[np.argsort(read.numbers["tokens"][rows], kind="stable")]
    bpb, acc = _olmo_metrics(read, rows)
    return TaskCheckpoints(tuple(read.text["target"][i] for i in rows), read.numbers["n_params"][rows],
                           read.numbers["tokens"][rows], bpb, acc)  # fmt: skip


#: The eight benchmarks of Ruan et al. 2024 (arXiv 2405.10938, Sec. 3.1), as fractions in [0, 1].
OBSSCALING_BENCHMARKS = (
    "MMLU",
    "ARC-C",
    "HellaSwag",
    "Winograd",
    "TruthfulQA",
    "GSM8K",
    "XWinograd",
    "HumanEval",
)


@dataclass(frozen=True)
class ObservedModels:
    """Public base models as Ruan et al. 2024 evaluated them: name, family, parameters N, training tokens
    D and compute C (NaN where unknown), and a (models x benchmarks) score matrix with NaN for a missing
    score (``OBSSCALING_BENCHMARKS``)."""

    model: tuple[str, ...]
    family: tuple[str, ...]
    n: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    scores: NDArray[np.float64]

    def __post_init__(self) -> None:
        if not (isinstance(self.model, tuple) and isinstance(self.family, tuple)
                and len(self.model) == len(self.family) > 0):  # fmt: skip
            raise ValueError("model and family must be tuples of names, one per model")
        for name in ("n", "d", "c"):
            arr = getattr(self, name)
            if not (isinstance(arr, np.ndarray) and arr.shape == (len(self.model),)):
                raise ValueError(f"{name} must be an array of one value per model ({len(self.model)})")
            if np.any(arr[np.isfinite(arr)] <= 0) or np.any(np.isinf(arr)):
                raise ValueError(f"{name} must be positive where known (NaN where unknown)")
        if not (
            isinstance(self.scores, np.ndarray)
            and self.scores.shape == (len(self.model), len(OBSSCALING_BENCHMARKS))
        ):
            raise ValueError(f"scores must be a (models x {len(OBSSCALING_BENCHMARKS)}) array")


def load_obsscaling(paper_set: bool = True) -> ObservedModels:
    """The models of Ruan et al.'s benchmark table: the paper's 77 base models from 21 families
    (``paper_set``, data SOURCE.md) or all 148. BTLM-3B's tokens, printed as 627 (trillions) upstream,
    are read as 0.627 (its 627B tokens; it is outside the paper set)."""
    flag("paper_set", paper_set)
    folder = "obsscaling_2024"
    rows = list(
        csv.DictReader(io.StringIO(_data_file(folder, "base_llm_benchmark_eval.csv").read_text("utf-8")))
    )
    sets = csv.DictReader(io.StringIO(_data_file(folder, "model_sets.csv").read_text("utf-8")))
    in_paper = {r["Model"]: r["paper_set"] == "1" for r in sets}
    if paper_set:
        rows = [r for r in rows if in_paper[r["Model"]]]

    def number(text: str) -> float:
        return float(text) if text.strip() else math.nan

    n = np.array([number(r["Model Size (B)"]) * 1e9 for r in rows])
    d = np.array([number(r["Pretraining Data Size (T)"]) * 1e12 for r in rows])
    c = np.array([number(r["FLOPs (1E21)"]) * 1e21 for r in rows])
    btlm = np.array([r["Model"] == BTLM for r in rows])
    d[btlm] /= 1e3  # 627 "trillion" tokens upstream: BTLM-3B was trained on 627B
    c[btlm] = 6 * n[btlm] * d[btlm]
    return ObservedModels(
        model=tuple(r["Model"] for r in rows),
        family=tuple(r["Model Family"] for r in rows),
        n=n,
        d=d,
        c=c,
        scores=np.array([[number(r[b]) for b in OBSSCALING_BENCHMARKS] for r in rows]),
    )


#: The model whose tokens Ruan et al.'s table gives in billions under a column of trillions.
BTLM = "cerebras/btlm-3b-8k-base"


#: What Epoch AI's dataset-size value holds for a model (epoch_models_2025/SOURCE.md): the tokens it was
#: trained on, those tokens in words (x 0.75), or something else (a corpus size), in which case the
#: tokens come from the source named in ``tokens.csv``.
SIZE_UNITS = ("tokens", "words", "other")
#: Words per token in Epoch AI's conversion of token counts to words.
WORDS_PER_TOKEN = 0.75


@dataclass(frozen=True)
class PublishedModels:
    """Published dense language models from Epoch AI's notable-models table: name, organisation, date
    (decimal year), parameters N as Epoch records them, the tokens D each was trained on as read per row
    (``size_unit``: what Epoch's own dataset-size value ``recorded`` holds), and training compute C."""

    model: tuple[str, ...]
    organization: tuple[str, ...]
    date: NDArray[np.float64]
    n: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    size_unit: tuple[str, ...]
    recorded: NDArray[np.float64]

    def __post_init__(self) -> None:
        count = len(self.model) if isinstance(self.model, tuple) else 0
        for name in ("model", "organization", "size_unit"):
            value = getattr(self, name)
            if not (isinstance(value, tuple) and len(value) == count > 0
                    and all(isinstance(v, str) and v for v in value)):  # fmt: skip
                raise ValueError(f"{name} must be a tuple of non-empty names, one per model")
        for unit in self.size_unit:
            choice("size_unit", unit, SIZE_UNITS)
        for name in ("n", "d", "c", "recorded"):
            arr = getattr(self, name)
            if not (isinstance(arr, np.ndarray) and arr.shape == (count,)):
                raise ValueError(f"{name} must be an array of one value per model ({count})")
            positive(name, arr)
        if not (isinstance(self.date, np.ndarray) and self.date.shape == (count,)):
            raise ValueError(f"date must be an array of one decimal year per model ({count})")
        in_range("date", float(np.min(numbers("date", self.date))), 1950, 2100)
        in_range("date", float(np.max(self.date)), 1950, 2100)

    @property
    def tokens_per_parameter(self) -> NDArray[np.float64]:
        """D / N for each model."""
        return self.d / self.n


def _decimal_year(text: str) -> float:
    """2022-03-29 -> 2022.24: the year plus the fraction of it gone before that day."""
    day = datetime.date.fromisoformat(text)
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def load_epoch_models() -> PublishedModels:
    """The 35 dense language models trained from scratch that the book selected from Epoch AI's
    notable-models table (snapshot of 2025-06-20; the rules in the data's SOURCE.md), each with the tokens
    it was trained on read per row: Epoch's dataset size is in tokens for some models, in words (tokens x
    0.75) for others, and for a few neither (a corpus size), when the tokens come from the model's paper."""
    folder = "epoch_models_2025"
    upstream = {
        r["Model"]: r
        for r in csv.DictReader(io.StringIO(_data_file(folder, "models.csv").read_text("utf-8")))
    }
    read = list(csv.DictReader(io.StringIO(_data_file(folder, "tokens.csv").read_text("utf-8"))))
    rows = [upstream[r["model"]] for r in read]
    return PublishedModels(
        model=tuple(r["model"] for r in read),
        organization=tuple(r["Organization"] for r in rows),
        date=np.array([_decimal_year(r["Publication date"]) for r in rows]),
        n=np.array([float(r["Parameters"]) for r in rows]),
        d=np.array([float(r["tokens"]) for r in read]),
        c=np.array([float(r["Training compute (FLOP)"]) for r in rows]),
        size_unit=tuple(r["size_unit"] for r in read),
        recorded=np.array([float(r["Training dataset size (datapoints)"]) for r in rows]),
    )
