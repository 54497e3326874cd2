"""A simulated training service for the lab's scaling study: a hidden Chinchilla-form law drawn per
seed, runs that cost 6ND FLOPs from a fixed study budget, and the traps of real runs (seed noise, a
learning-rate mistuning that hurts small models, and optionally one long cosine schedule for every
run). The assignment follows Stanford CS336's scaling assignment: spend a budget, fit, predict the
compute-optimal model at a budget far beyond it, and be graded against the hidden truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..data.datasets import PORIAN_CONFIGS, Runs, load_porian_isoflops
from ..laws.accounting import tokens_for_flops, training_flops
from ..laws.chinchilla import ParametricLoss, fit_parametric_loss
from ..laws.isoflop import approach2
from ..laws.powerlaw import fit_power_law
from ..laws.schedules import LLAMA_FINAL_RATIO, cosine_fraction
from ..validation import (
    checks_argument_classes,
    choice,
    finite,
    finite_result,
    flag,
    in_range,
    non_negative,
    positive,
    positive_scalar,
    whole_number,
)

__all__ = [
    "Grade",
    "LAW_RANGES",
    "MISTUNING",
    "MISTUNING_EXPONENT",
    "MISTUNING_SIZE",
    "NOISE",
    "ONE_SIZE_POINTS",
    "PER_BUDGET",
    "RATIO_BUDGET",
    "REFERENCE_BUDGETS",
    "RULE_OF_THUMB",
    "SCHEDULES",
    "SCHEDULE_GAP",
    "SIZES",
    "STUDY_BUDGET",
    "Submission",
    "TARGET_BUDGET",
    "TOKEN_RANGE",
    "Trainer",
    "TrainingAPI",
    "grade",
    "hidden_law",
    "grid_sizes",
    "isoflop_grid",
    "isoflop_study",
    "mistuning_penalty",
    "n_opt_errors",
    "one_size_study",
    "porian_scatter",
    "schedule_penalty",
]

#: Model sizes the service trains, parameters: 1M to 1B, four per decade (a fixed menu, as CS336's
#: training API offers a fixed range of shapes).
SIZES = tuple(float(round(x, -3)) for x in np.logspace(6, 9, 13))
#: Tokens one run may train on.
TOKEN_RANGE = (1e6, 1e12)
#: The study budget of the assignment and the budget whose optimum the student predicts, FLOPs.
STUDY_BUDGET = 1e18
TARGET_BUDGET = 1e23

#: Ranges the hidden law is drawn from (uniform; the ratio log-uniform). E, alpha and beta lie around
#: the published fits (Hoffmann et al. 2022: E 1.69, alpha 0.34, beta 0.28; Besiroglu et al. 2024:
#: E 1.8172, alpha 0.348, beta 0.366). A is set by "model_term", the model term A/N^alpha at N = 1e8
#: (0.77 to 0.80 nats for the published fits), and B by "ratio", the compute-optimal tokens per
#: parameter at ``RATIO_BUDGET`` (20 to 50 for the published fits), so every hidden law keeps its
#: losses and its optimum within reach of the service's sizes.
LAW_RANGES = {"E": (1.6, 2.1), "alpha": (0.28, 0.40), "beta": (0.28, 0.40), "model_term": (0.5, 1.0),
              "ratio": (10.0, 40.0)}  # fmt: skip
RATIO_BUDGET = 1e21

#: Seed noise, nats: about the scatter of Porian et al. 2024's IsoFLOP runs about local parabolas
#: (``porian_scatter``: 0.009 nats with five-run windows; it includes some misfit, so it bounds the
#: noise from above, and it grows with the window as the parabola fits worse).
NOISE = 0.01
#: Mistuning: hyperparameters tuned at one scale cost small models most (Porian et al. 2024 find
#: per-scale tuning one of the three corrections):
#: + MISTUNING (MISTUNING_SIZE / N)^MISTUNING_EXPONENT nats, an illustrative size (0.02 at 1M
#: parameters, 0.006 at 100M).
MISTUNING = 0.02
MISTUNING_SIZE = 1e6
MISTUNING_EXPONENT = 0.25
#: A run stopped at a fraction p of a fixed cosine cycle (to 10% of the peak) ends SCHEDULE_GAP x
#: (lr(p) - 0.1) / 0.9 nats above its schedule-matched loss: 0.05 nats at p = 1/3, the gap between
#: Luo et al. 2025's 24k- and 72k-step cosine runs at step 24k (0.04 to 0.06 nats).
SCHEDULE_GAP = 0.067
SCHEDULES = ("matched", "fixed")


def hidden_law(seed: int) -> ParametricLoss:
    """The hidden L(N, D) = E + A/N^alpha + B/D^beta of ``seed``, drawn from ``LAW_RANGES``: A =
    model_term 1e8^alpha, and B solves D_opt/N_opt = G^-2 (C/6)^(b-a) = ratio at C = ``RATIO_BUDGET``
    with G = (alpha A / beta B)^(1/(alpha+beta)) (Hoffmann et al. 2022, Eq. 4)."""
    rng = np.random.default_rng(_seed(seed))
    x = {}
    for name, (lo, hi) in LAW_RANGES.items():
        log = name == "ratio"
        x[name] = float(math.exp(rng.uniform(math.log(lo), math.log(hi))) if log else rng.uniform(lo, hi))
    alpha, beta = x["alpha"], x["beta"]
    g = math.sqrt((RATIO_BUDGET / 6) ** ((alpha - beta) / (alpha + beta)) / x["ratio"])
    a = x["model_term"] * 1e8**alpha
    return ParametricLoss(E=x["E"], A=a, B=alpha * a / (beta * g ** (alpha + beta)), alpha=alpha, beta=beta)


def _seed(seed: int) -> int:
    return whole_number("seed", seed, 0)


def mistuning_penalty(n: ArrayLike, amplitude: float = MISTUNING) -> NDArray[np.float64]:
    """Extra loss of a model of N parameters trained with hyperparameters tuned at another scale."""
    return non_negative("amplitude", amplitude) * (MISTUNING_SIZE / positive("N", n)) ** MISTUNING_EXPONENT


@finite_result
def schedule_penalty(d: ArrayLike, horizon: float, gap: float = SCHEDULE_GAP) -> NDArray[np.float64]:
    """Extra loss of a run of D tokens stopped early in a cosine cycle of ``horizon`` tokens (decaying to
    ``LLAMA_FINAL_RATIO`` of the peak): gap x (lr(D) - floor) / (1 - floor), 0 at the end of the cycle."""
    lr = cosine_fraction(positive("D", d), positive_scalar("horizon", horizon))
    floor = LLAMA_FINAL_RATIO
    return non_negative("gap", gap) * (np.asarray(lr) - floor) / (1 - floor)


@runtime_checkable
class Trainer(Protocol):
    """What a study needs of a training service: ``TrainingAPI`` here, or the class service's client
    (``lab.client.ClassTrainingAPI``), which answers the same calls."""

    def train(self, n_params: float, n_tokens: float) -> float: ...

    def runs(self) -> Runs: ...

    @property
    def remaining(self) -> float: ...


@dataclass
class TrainingAPI:
    """Train models on a budget: ``train(N, D)`` returns the final loss and charges 6ND FLOPs.

    ``schedule="fixed"`` trains every run on one cosine cycle of ``horizon`` tokens (Kaplan et al.'s
    practice), so runs shorter than the horizon stop before the learning rate has decayed.
    """

    budget_flops: float = STUDY_BUDGET
    seed: int = 0
    noise: float = NOISE
    mistuning: float = MISTUNING
    schedule: str = "matched"
    horizon: float = 1e10
    # The FLOPs charged so far, summed exactly (a float sum drifts: 1e5 equal runs would overspend by
    # rounding and the last be refused); read it as ``spent``, which cannot be set.
    _spent: Fraction = field(default=Fraction(0), init=False, repr=False)
    history: list[tuple[float, float, float]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.budget_flops = in_range("budget_flops", self.budget_flops, 1e12, 1e22)
        self._law = hidden_law(self.seed)
        self._rng = np.random.default_rng([_seed(self.seed), 1])
        self.noise = in_range("noise", self.noise, 0, 0.1)
        self.mistuning = in_range("mistuning", self.mistuning, 0, 0.1)
        choice("schedule", self.schedule, SCHEDULES)
        self.horizon = in_range("horizon", self.horizon, *TOKEN_RANGE)

    @property
    def spent(self) -> float:
        """FLOPs charged so far (the exact sum of every run's 6ND, rounded once)."""
        return float(self._spent)

    @property
    def remaining(self) -> float:
        """FLOPs left in the budget."""
        return float(Fraction(self.budget_flops) - self._spent)

    def train(self, n_params: float, n_tokens: float) -> float:
        """The final loss (nats/token) of a model of ``n_params`` (one of ``SIZES``) trained on
        ``n_tokens`` tokens; costs 6ND FLOPs of the budget."""
        n = positive_scalar("n_params", n_params)
        if not any(math.isclose(n, s, rel_tol=1e-9) for s in SIZES):
            allowed = ", ".join(f"{s:.3g}" for s in SIZES)
            raise ValueError(f"n_params must be one of the trainable sizes ({allowed}); got {n_params!r}")
        d = in_range("n_tokens", n_tokens, *TOKEN_RANGE)
        cost = float(training_flops(n, d))
        if Fraction(cost) > (Fraction(self.budget_flops) - self._spent) * Fraction(1 + 1e-12):
            raise ValueError(
                f"budget spent: this run costs {cost:.3g} FLOPs and {self.remaining:.3g} of "
                f"{self.budget_flops:.3g} remain"
            )
        loss = float(self._law.loss(n, d)) + float(mistuning_penalty(n, self.mistuning))
        if self.schedule == "fixed":
            loss += float(schedule_penalty(min(d, self.horizon), self.horizon))
        loss += self._noise(n, d) if self.noise else 0.0
        self._spent += Fraction(cost)
        self.history.append((n, d, loss))
        return loss

    def _noise(self, n: float, d: float) -> float:
        """Seed noise of the next run: the next draw of the service's generator (the class service keys
        it on the run instead, ``lab.hidden.noise``)."""
        return float(self._rng.normal(0, self.noise))

    def runs(self) -> Runs:
        """Every run so far as ``datasets.Runs``, for the library's fitters."""
        if not self.history:
            raise ValueError("no runs yet: call train() first")
        n, d, loss = (np.array(col) for col in zip(*self.history, strict=True))
        return Runs(n=n, d=d, c=np.asarray(training_flops(n, d)), loss=loss)


@dataclass(frozen=True)
class Submission:
    """A prediction at ``TARGET_BUDGET``: compute-optimal parameters and tokens, and the loss there."""

    n_opt: float
    d_opt: float
    loss: float

    def __post_init__(self) -> None:
        for name in ("n_opt", "d_opt", "loss"):
            positive_scalar(name, getattr(self, name))


@dataclass(frozen=True)
class Grade:
    """Errors against the hidden truth and a score out of 100."""

    n_ratio: float  # predicted / true N_opt
    d_ratio: float
    loss_error: float  # predicted - true, nats/token
    score: float

    def __post_init__(self) -> None:
        for name in ("n_ratio", "d_ratio"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))
        object.__setattr__(self, "loss_error", float(finite("loss_error", self.loss_error)))
        object.__setattr__(self, "score", in_range("score", self.score, 0, 100))


#: Grading: N_opt and D_opt score in full within a factor FULL_SCORE_RATIO of the truth and nothing
#: beyond ZERO_SCORE_RATIO; the loss in full within FULL_SCORE_LOSS nats and nothing beyond
#: ZERO_SCORE_LOSS; linear in between (in |log ratio| for the sizes).
FULL_SCORE_RATIO, ZERO_SCORE_RATIO = 1.1, 2.0
FULL_SCORE_LOSS, ZERO_SCORE_LOSS = 0.01, 0.1


def _log_score(ratio: float) -> float:
    """1 within FULL_SCORE_RATIO of the truth, 0 at ZERO_SCORE_RATIO or more, linear in |log ratio|."""
    full, zero = math.log(FULL_SCORE_RATIO), math.log(ZERO_SCORE_RATIO)
    return float(np.clip((zero - abs(math.log(ratio))) / (zero - full), 0, 1))


@checks_argument_classes
def grade(submission: Submission, seed: int, budget: float = TARGET_BUDGET) -> Grade:
    """Grade a prediction against the hidden law of ``seed``: N_opt and D_opt score in full within
    ``FULL_SCORE_RATIO`` and nothing beyond ``ZERO_SCORE_RATIO``; the loss in full within
    ``FULL_SCORE_LOSS`` nats and nothing beyond ``ZERO_SCORE_LOSS``. The score is their mean, out of 100."""
    truth = hidden_law(seed)
    n_true, d_true = (float(x) for x in truth.compute_optimal(positive_scalar("budget", budget)))
    loss_error = submission.loss - float(truth.optimal_loss(budget))
    n_ratio, d_ratio = submission.n_opt / n_true, submission.d_opt / d_true
    loss_range = ZERO_SCORE_LOSS - FULL_SCORE_LOSS
    loss_score = float(np.clip((ZERO_SCORE_LOSS - abs(loss_error)) / loss_range, 0, 1))
    score = 100 * (_log_score(n_ratio) + _log_score(d_ratio) + loss_score) / 3
    return Grade(n_ratio, d_ratio, loss_error, score)


#: The reference study's IsoFLOP budgets, with PER_BUDGET sizes each (8.7e17 FLOPs in all), centred
#: on RULE_OF_THUMB tokens per parameter: the "20 tokens per parameter" that Hoffmann et al. 2022's
#: Table 3 (Approach 1) implies, which the naive strategy also uses for its prediction.
REFERENCE_BUDGETS = (1e15, 3e15, 1e16, 3e16, 8e16)
PER_BUDGET = 7
RULE_OF_THUMB = 20.0
#: Token counts the naive one-size strategy trains its one model on.
ONE_SIZE_POINTS = 12


@checks_argument_classes
def grid_sizes(c: float, per_budget: int = PER_BUDGET) -> list[float]:
    """The sizes ``isoflop_grid`` trains at a budget of ``c`` FLOPs: the ``per_budget`` allowed sizes whose
    tokens per parameter are nearest ``RULE_OF_THUMB`` (in log), nearest first."""
    c = positive_scalar("c", c)
    whole_number("per_budget", per_budget, 3)  # a parabola needs 3
    fits = [n for n in SIZES if TOKEN_RANGE[0] <= tokens_for_flops(c, n) <= TOKEN_RANGE[1]]
    return sorted(fits, key=lambda n: abs(math.log(tokens_for_flops(c, n) / n / RULE_OF_THUMB)))[:per_budget]


def isoflop_grid(api: Trainer, budgets: ArrayLike = REFERENCE_BUDGETS, per_budget: int = PER_BUDGET) -> Runs:
    """Train IsoFLOP profiles: at each budget, ``grid_sizes``, each on the tokens that spend exactly that
    budget."""
    whole_number("per_budget", per_budget, 3)
    for c in positive("budgets", budgets):
        for n in grid_sizes(float(c), per_budget):
            api.train(n, float(tokens_for_flops(c, n)))
    return api.runs()


@checks_argument_classes
def isoflop_study(
    api: Trainer, budgets: ArrayLike = REFERENCE_BUDGETS, per_budget: int = PER_BUDGET
) -> Submission:
    """The reference strategy: ``isoflop_grid``, then Approach 2 for N_opt(C) at ``TARGET_BUDGET`` and
    Approach 3 (the parametric fit of every run) for the loss there."""
    runs = isoflop_grid(api, budgets, per_budget)
    a2 = approach2(runs.n, runs.c, runs.loss, budgets=budgets, tolerance_dex=0.01, min_runs=3)
    n_opt = float(a2.optimal_size(TARGET_BUDGET))
    d_opt = float(tokens_for_flops(TARGET_BUDGET, n_opt))
    law = fit_parametric_loss(runs.n, runs.d, runs.loss, starts=2)
    return Submission(n_opt, d_opt, float(law.loss(n_opt, d_opt)))


@checks_argument_classes
def one_size_study(api: Trainer, n_params: float = SIZES[6], points: int = ONE_SIZE_POINTS) -> Submission:
    """A naive strategy: one size trained on ``points`` token counts that spend the budget, the
    ``RULE_OF_THUMB`` tokens per parameter for the optimum (C = 6 N x 20 N), and a power law in compute
    fitted to that one size's losses (a training curve, not a scaling curve) for the loss."""
    weights = np.logspace(0, 2, whole_number("points", points, minimum=2))
    total = api.remaining
    for w in weights:
        d = min(float(tokens_for_flops(total * w / weights.sum(), n_params)), TOKEN_RANGE[1])
        api.train(n_params, max(d, TOKEN_RANGE[0]))
    runs = api.runs()
    curve = fit_power_law(runs.c, runs.loss)
    n_opt = math.sqrt(TARGET_BUDGET / (6 * RULE_OF_THUMB))
    return Submission(n_opt, RULE_OF_THUMB * n_opt, float(curve.loss(TARGET_BUDGET)))


def n_opt_errors(
    seeds: ArrayLike, targets: ArrayLike, budgets: ArrayLike = REFERENCE_BUDGETS, **options
) -> NDArray[np.float64]:
    """log10(predicted / true N_opt) at each target budget, one row per seed: ``isoflop_grid`` on a
    ``TrainingAPI(seed=seed, **options)``, then Approach 2's N_opt = k C^a extrapolated."""
    targets = positive("targets", targets)
    given = np.asarray(seeds)
    if given.ndim != 1 or not given.size or not np.issubdtype(given.dtype, np.integer) or np.any(given < 0):
        raise ValueError(f"seeds must be a non-empty sequence of whole numbers >= 0; got {seeds!r:.60}")
    rows = []
    for seed in given:
        runs = isoflop_grid(TrainingAPI(seed=int(seed), **options), budgets)
        a2 = approach2(runs.n, runs.c, runs.loss, budgets=budgets, tolerance_dex=0.01, min_runs=3)
        truth = hidden_law(int(seed)).compute_optimal(targets)[0]
        rows.append(np.log10(a2.optimal_size(targets) / truth))
    return np.array(rows)


def porian_scatter(window: int = 5, leverage_corrected: bool = False) -> float:
    """Robust scatter (1.4826 x median absolute deviation, nats) of Porian et al. 2024's IsoFLOP losses
    about parabolas in log N fitted to ``window`` neighbouring sizes, over all 15 configurations: the
    rough calibration of ``NOISE``.

    The parabola is fitted to the point it judges, so the raw residual of the middle point understates
    independent noise by a factor sqrt(1 - h), h its leverage (about 0.49 for five evenly spaced sizes);
    ``leverage_corrected`` divides each residual by that factor. Misfit of the parabola pulls the other
    way, and the points are readings off smoothed training curves, several budgets per run, so neither
    value bounds the noise of independent runs."""
    whole_number("window", window, 4)  # a parabola has 3 coefficients
    flag("leverage_corrected", leverage_corrected)
    residuals = []
    for config in PORIAN_CONFIGS:
        runs = load_porian_isoflops(config)
        for _, profile in runs.by_budget():
            order = np.argsort(profile.n)
            x, y = np.log(profile.n[order]), profile.loss[order]
            for i in range(len(x) - window + 1):
                xs, mid = x[i : i + window], window // 2
                coef = np.polyfit(xs, y[i : i + window], 2)
                residual = y[i + mid] - np.polyval(coef, xs[mid])
                if leverage_corrected:
                    design = np.vander(xs - xs.mean(), 3)
                    leverage = design[mid] @ np.linalg.solve(design.T @ design, design[mid])
                    residual /= np.sqrt(1 - leverage)
                residuals.append(residual)
    r = np.asarray(residuals)
    return float(1.4826 * np.median(np.abs(r - np.median(r))))
