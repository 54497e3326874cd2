"""The autograder: each student's submission scored against their hidden law, normalised by the
reference design run on the same law, and checked against the service's ledger.

A submission gives the predicted compute-optimal size N_opt and the loss at ``sim.TARGET_BUDGET``, and
the runs it was fitted to. It scores zero, with the reason, when its runs cost more than the budget or
are not runs the service trained for that student. Otherwise each of the two predictions scores

    100 x min(1, (tolerance + reference error) / (tolerance + error)),

the error being ``|ln(N / N_opt)|`` for the size and ``|L - L_opt|`` for the loss, and the reference
error ``MARGIN`` times the largest of ``REPLICATES`` runs of the reference design (``reference_study``)
on the same law, each with noise of its own. Luck of the law cancels (a hard law makes the reference err
too), and so does most of the luck of the noise: a study as good as the reference scores about 100 on
every law.
Students see their score and its two parts, never a signed error.
"""

from __future__ import annotations

import concurrent.futures
import csv
import itertools
import json
import math
import warnings
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from ..laws.accounting import tokens_for_flops
from ..laws.chinchilla import FitWarning, fit_parametric_loss
from ..laws.isoflop import approach2
from ..studies import sim
from ..studies.sim import STUDY_BUDGET, TARGET_BUDGET, TrainingAPI
from ..validation import (
    checks_argument_classes,
    in_range,
    instance,
    positive,
    positive_scalar,
    text,
    whole_number,
)
from .hidden import HiddenLaw, derive_law, noise, student_key
from .store import Run, Store

__all__ = [
    "KAPLAN_POLISHED",
    "KAPLAN_STARTS",
    "LOSS_TOLERANCE",
    "MARGIN",
    "N_TOLERANCE",
    "REPLICATES",
    "ClassSubmission",
    "KeyedTrainingAPI",
    "Result",
    "answer_key",
    "grade_class",
    "grade_one",
    "read_submissions",
    "reference_errors",
    "reference_study",
    "write_results",
]

#: Reference studies run per hidden law with noise of their own (besides the one with the student's
#: noise); the largest of their errors is the yardstick. With six, the reference design run with other
#: noise than the student's scores with a standard deviation of 0.3 to 3.1 points over 50 laws, on each
#: of six secrets (benchmarks/lab_grading.py); with four, a design near it scored 4.3 to 5.6.
REPLICATES = 6
#: The yardstick is this multiple of the largest of their errors: a margin for the luck of the noise.
MARGIN = 1.5
#: Tolerances of the two scores: ln(1.1) in the size (10 %), 0.01 nats in the loss.
N_TOLERANCE = math.log(1.1)
LOSS_TOLERANCE = 0.01


class KeyedTrainingAPI(TrainingAPI):
    """``sim.TrainingAPI`` on a student's hidden law with keyed noise: what the class service computes,
    run in-process for the grader's reference studies. ``stream`` None gives the noise the service gives
    the student's own runs; a name, noise of its own."""

    def __init__(
        self, secret: bytes, student: str, stream: str | None, budget_flops: float = STUDY_BUDGET
    ) -> None:
        if stream is not None:
            text("stream", stream)
        student_key(secret, student, "check")  # refuses a bad secret or student
        super().__init__(budget_flops=budget_flops)
        self._law = derive_law(secret, student)  # type: ignore[assignment]
        self._key = (secret, student if stream is None else f"{student}/{stream}")
        self._seen: Counter[tuple[float, float]] = Counter()

    def _noise(self, n: float, d: float) -> float:
        repeat = self._seen[(n, d)]
        self._seen[(n, d)] += 1
        return noise(*self._key, n, d, repeat, self.noise)


@dataclass(frozen=True)
class ClassSubmission:
    """What a student hands in: N_opt and the loss at ``sim.TARGET_BUDGET``, and the runs (N, D, loss)
    the predictions were fitted to."""

    student_id: str
    n_opt: float
    loss: float
    runs: tuple[tuple[float, float, float], ...]

    def __post_init__(self) -> None:
        text("student_id", self.student_id)
        object.__setattr__(self, "n_opt", positive_scalar("n_opt", self.n_opt))
        object.__setattr__(self, "loss", positive_scalar("loss", self.loss))
        if not isinstance(self.runs, tuple) or not all(
            isinstance(r, tuple) and len(r) == 3 for r in self.runs
        ):
            raise ValueError(f"runs must be a tuple of (N, D, loss) triples; got {self.runs!r:.60}")
        object.__setattr__(
            self, "runs", tuple(tuple(float(x) for x in positive("runs", r)) for r in self.runs)
        )


@dataclass(frozen=True)
class Result:
    """One student's grade: the score and its two parts (what the student sees), and for the instructor
    the errors, the reference's errors and the reason for a zero."""

    student_id: str
    score: float
    n_opt_score: float
    loss_score: float
    reason: str = ""
    details: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        text("student_id", self.student_id)
        for name in ("score", "n_opt_score", "loss_score"):
            object.__setattr__(self, name, in_range(name, getattr(self, name), 0, 100))
        if not isinstance(self.reason, str) or not isinstance(self.details, tuple):
            raise TypeError("reason must be text and details a tuple of (name, value) pairs")


def read_submissions(path: str | Path) -> list[ClassSubmission]:
    """Submissions from a CSV (columns student_id, n_opt, loss, runs; ``runs`` a JSON list of [N, D,
    loss]) or a JSON-lines file (one object with those keys per line)."""
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be a file name (a str or Path); got {path!r:.60}")
    path = Path(path)
    if path.suffix == ".csv":
        with open(path, newline="") as f:
            rows = [dict(r, runs=json.loads(r["runs"])) for r in csv.DictReader(f)]
    elif path.suffix in (".jsonl", ".json"):
        rows = []
        for i, line in enumerate(path.read_text().splitlines(), start=1):
            try:
                rows.append(json.loads(line)) if line.strip() else None
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}, line {i}: not JSON ({e.msg} at column {e.colno})") from None
    else:
        raise ValueError(f"{path}: submissions are a .csv or a .jsonl file")
    out: list[ClassSubmission] = []
    for i, row in enumerate(rows, start=1):
        try:
            runs = tuple((float(n), float(d), float(loss)) for n, d, loss in row["runs"])
            out.append(ClassSubmission(str(row["student_id"]), float(row["n_opt"]), float(row["loss"]), runs))
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(
                f"{path}, submission {i}: needs student_id, n_opt, loss and runs ({e})"
            ) from None
    return out


def _huber(residuals: NDArray[np.float64], delta: float = 1e-3) -> float:
    r = np.abs(residuals)
    return float(np.where(r <= delta, 0.5 * r * r, delta * (r - 0.5 * delta)).sum())


#: Starts of the Kaplan-form fit: a grid over (ln E, ln N_c, ln D_c, alpha, beta) whose objective is
#: evaluated at every point; L-BFGS runs from the ``KAPLAN_POLISHED`` best. The form has many local
#: optima: eight fixed starts left the fitted loss at 1e23 FLOPs up to 1.4 nats off on half the
#: Kaplan-family laws of a class, this grid within 0.07 on the laws tried (benchmarks/lab_grading.py).
KAPLAN_STARTS = tuple(
    itertools.product(
        [math.log(1.5), math.log(2.0), math.log(2.5)],
        [math.log(1e8), math.log(1e10), math.log(1e12)],
        [math.log(1e6), math.log(1e8), math.log(1e10)],
        [0.3, 0.4],
        [0.3, 0.4],
    )
)
KAPLAN_POLISHED = 12


def _fit_kaplan_form(
    n: NDArray[np.float64], d: NDArray[np.float64], loss: NDArray[np.float64], delta: float = 1e-3
) -> tuple[float, HiddenLaw]:
    """Kaplan's joint form plus E, fitted as Approach 3 fits Chinchilla's (Huber loss on log L, L-BFGS
    with the objective's gradient), from the best ``KAPLAN_POLISHED`` points of ``KAPLAN_STARTS``; the
    objective and the law. In the parameters (ln E, ln N_c, ln D_c, alpha, beta), with u = (N_c/N)^(alpha
    /beta), v = D_c/D and s = u + v, the prediction is E + s^beta."""
    ln_n, ln_d, ln_loss = np.log(n), np.log(d), np.log(loss)

    def objective(p: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        e, log_nc, log_dc, alpha, beta = p
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            x = log_nc - ln_n
            u, v = np.exp(x * alpha / beta), np.exp(log_dc - ln_d)
            s = u + v
            s_beta = s**beta
            pred = np.exp(e) + s_beta
            r = np.log(pred) - ln_loss
            value = _huber(r, delta)
            weight = np.clip(r, -delta, delta) / pred  # the Huber loss's derivative, times d ln(pred)
            grad = np.array([
                (weight * np.exp(e)).sum(),
                (weight * alpha * s_beta / s * u).sum(),
                (weight * beta * s_beta / s * v).sum(),
                (weight * s_beta / s * u * x).sum(),
                (weight * (s_beta * np.log(s) - s_beta / s * u * x * alpha / beta)).sum(),
            ])  # fmt: skip
        if not (math.isfinite(value) and np.all(np.isfinite(grad))):
            return 1e30, np.zeros(5)
        return value, grad

    starts = sorted(KAPLAN_STARTS, key=lambda p: objective(np.array(p))[0])[:KAPLAN_POLISHED]
    bounds = [(-3, 1.5), (0, 45), (0, 45), (0.05, 1.5), (0.05, 1.5)]
    fits = (minimize(objective, p, jac=True, method="L-BFGS-B", bounds=bounds) for p in starts)
    best = min(fits, key=lambda r: r.fun)
    e, log_nc, log_dc, alpha, beta = best.x
    return float(best.fun), HiddenLaw("kaplan", math.exp(e), math.exp(log_nc), math.exp(log_dc), alpha, beta)


@checks_argument_classes
def reference_study(
    api: sim.Trainer, budgets: tuple[float, ...] = sim.REFERENCE_BUDGETS, per_budget: int = sim.PER_BUDGET
) -> tuple[float, float]:
    """The reference design and its fits: ``sim.isoflop_grid``'s IsoFLOP profiles (at ``budgets``, with
    ``per_budget`` sizes each), Approach 2 for N_opt at ``sim.TARGET_BUDGET``, and for the loss at the
    optimum both families of ``hidden.FORMS`` fitted to the runs (less the service's documented
    mistuning), the one that fits better kept. (N_opt, loss)."""
    budgets = tuple(float(c) for c in np.atleast_1d(positive("budgets", budgets)))
    if len(budgets) < 2:
        raise ValueError(f"budgets must name at least two budgets (a line through the minima); got {budgets}")
    runs = sim.isoflop_grid(api, budgets, whole_number("per_budget", per_budget, 3))
    a2 = approach2(runs.n, runs.c, runs.loss, budgets=budgets)
    clean = runs.loss - sim.mistuning_penalty(runs.n)
    with warnings.catch_warnings():  # the reference is graded as it is, weakly identified or not
        warnings.simplefilter("ignore", FitWarning)
        fit = fit_parametric_loss(runs.n, runs.d, clean, starts=2)
    chinchilla_law = HiddenLaw("chinchilla", fit.E, fit.A, fit.B, fit.alpha, fit.beta)
    chinchilla_fit = _huber(np.log(np.asarray(chinchilla_law.loss(runs.n, runs.d))) - np.log(clean))
    kaplan_fit, kaplan_law = _fit_kaplan_form(runs.n, runs.d, clean)
    law = kaplan_law if kaplan_fit < chinchilla_fit else chinchilla_law
    return float(a2.optimal_size(sim.TARGET_BUDGET)), law.optimum(sim.TARGET_BUDGET)[2]


def reference_errors(secret: bytes, student: str) -> tuple[float, float]:
    """``MARGIN`` times the largest ``|ln(N / N_opt)|`` and ``|L - L_opt|`` of the reference studies on
    the student's law: one with the noise of the student's own runs (so a student who runs the reference
    design meets exactly its luck) and ``REPLICATES`` with noise of their own (the error the design may
    make on this law by the luck of its noise)."""
    law = derive_law(secret, student)  # refuses a bad secret or student
    n_true, _, loss_true = law.optimum(TARGET_BUDGET)
    errors = []
    for stream in (None, *(f"reference {k}" for k in range(REPLICATES))):
        n_opt, loss = reference_study(KeyedTrainingAPI(secret, student, stream))
        errors.append((abs(math.log(n_opt / n_true)), abs(loss - loss_true)))
    return MARGIN * max(e for e, _ in errors), MARGIN * max(e for _, e in errors)


def _grid(runs: Iterable[tuple[float, float, float]]) -> frozenset[tuple[str, str]]:
    """The (N, D) of the runs, to nine significant digits."""
    return frozenset((f"{n:.9g}", f"{d:.9g}") for n, d, *_ in runs)


#: What ``reference_study`` trains: a submission with exactly these runs ran the reference design, which
#: the instructor's report says (the write-up asks for the student's own design).
_REFERENCE_GRID = _grid(
    (n, float(tokens_for_flops(c, n)), 0.0) for c in sim.REFERENCE_BUDGETS for n in sim.grid_sizes(c)
)


def _part(error: float, reference: float, tolerance: float) -> float:
    return 100 * min(1.0, (tolerance + reference) / (tolerance + error)) if math.isfinite(error) else 0.0


@checks_argument_classes
def grade_one(sub: ClassSubmission, law: HiddenLaw, reference: tuple[float, float], ledger: list[Run],
              budget: float | None = STUDY_BUDGET) -> Result:  # fmt: skip
    """Grade one submission against its law, its reference errors (``reference_errors``) and the
    student's runs in the ledger (``Store.runs``); ``budget`` None checks neither budget nor ledger (the
    grader's own studies)."""
    if not isinstance(reference, tuple) or len(reference) != 2:
        raise ValueError(f"reference must be the pair (ln error, loss error); got {reference!r:.60}")
    reference = (float(positive("reference", reference[0])), float(positive("reference", reference[1])))
    if not isinstance(ledger, list) or not all(isinstance(r, Run) for r in ledger):
        raise TypeError(f"ledger must be a list of store.Run (Store.runs); got {ledger!r:.60}")
    checked = budget is not None
    budget = positive_scalar("budget", budget) if checked else math.inf
    cost = math.fsum(6 * n * d for n, d, _ in sub.runs)

    def zero(reason: str) -> Result:
        return Result(sub.student_id, 0.0, 0.0, 0.0, reason=reason)

    if not sub.runs:
        return zero("no runs handed in: the predictions must come from runs of the service")
    if cost > budget * (1 + 1e-9):
        return zero(f"the runs cost {cost:.4g} FLOPs, over the budget of {budget:.4g}")
    trained = Counter((r.n, r.d, r.loss) for r in ledger)
    claimed = Counter(sub.runs)
    forged = [run for run, k in claimed.items() if trained[run] < k] if checked else []
    if forged:
        n, d, loss = forged[0]
        how = "listed more often than trained" if trained[forged[0]] else "not in the service's ledger"
        why = f"{len(forged)} run(s) are {how} for this student"
        rule = "runs must be handed in exactly as the service returned them, every digit"
        return zero(f"{why} ({rule}), e.g. N = {n!r}, D = {d!r}, loss {loss!r}")
    n_true, _, loss_true = law.optimum(TARGET_BUDGET)
    e_n = abs(math.log(sub.n_opt / n_true)) if sub.n_opt > 0 else math.inf
    e_l = abs(sub.loss - loss_true) if math.isfinite(sub.loss) else math.inf
    n_part, loss_part = _part(e_n, reference[0], N_TOLERANCE), _part(e_l, reference[1], LOSS_TOLERANCE)
    design = "the reference design's grid" if _grid(sub.runs) == _REFERENCE_GRID else "the student's own"
    details = (("form", law.form), ("design", design), ("n_opt true", n_true),
               ("n_opt ratio", sub.n_opt / n_true), ("loss error", sub.loss - loss_true),
               ("reference ln error", reference[0]),
               ("reference loss error", reference[1]), ("runs", len(sub.runs)), ("FLOPs", cost))  # fmt: skip
    return Result(sub.student_id, round((n_part + loss_part) / 2, 1), round(n_part, 1), round(loss_part, 1),
                  details=details)  # fmt: skip


def grade_class(
    secret: bytes, store: Store, roster: list[str], submissions: list[ClassSubmission],
    budget: float = STUDY_BUDGET, workers: int = 1,
) -> list[Result]:  # fmt: skip
    """Grade every student of the roster: a missing submission scores zero with that reason. The
    reference studies of the students whose runs pass the ledger and budget checks run in ``workers``
    processes at once (one per core is the quickest)."""
    workers = whole_number("workers", workers, 1)
    instance("store", store, Store)
    if not isinstance(roster, list) or not roster:
        raise ValueError(f"roster must be a non-empty list of student ids; got {roster!r:.60}")
    if not isinstance(submissions, list) or not all(isinstance(s, ClassSubmission) for s in submissions):
        raise TypeError("submissions must be a list of grading.ClassSubmission (read_submissions)")
    student_key(secret, text("student id", roster[0]), "check")
    counts = Counter(s.student_id for s in submissions)
    twice = sorted(s for s, k in counts.items() if k > 1)
    if twice:
        raise ValueError(
            f"more than one submission for {twice[:5]}: keep one per student (each student's own)"
        )
    by_student = {s.student_id: s for s in submissions}
    unknown = sorted(set(by_student) - set(roster))
    if unknown:
        raise ValueError(f"submissions from students not on the roster: {unknown[:5]}")
    checked: dict[str, Result] = {}
    for student in roster:
        sub = by_student.get(student)
        if sub is None:
            checked[student] = Result(student, 0.0, 0.0, 0.0, reason="no submission")
        else:  # the ledger and budget checks first: a refused submission needs no reference
            checked[student] = grade_one(
                sub, derive_law(secret, student), (1.0, 1.0), store.runs(student), budget
            )
    eligible = [s for s in roster if not checked[s].reason]
    if workers > 1 and len(eligible) > 1:
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            errors = pool.map(reference_errors, [secret] * len(eligible), eligible)
            references = dict(zip(eligible, errors, strict=True))
    else:
        references = {s: reference_errors(secret, s) for s in eligible}
    return [grade_one(by_student[s], derive_law(secret, s), references[s], store.runs(s), budget)
            if s in references else checked[s] for s in roster]  # fmt: skip


@checks_argument_classes
def answer_key(store: Store, roster: list[str]) -> list[dict[str, Any]]:
    """The instructor's key to the per-student questions, computed with the library from each student's
    own runs in the ledger: the run count and FLOPs spent, Approach 2's exponent a and N_opt at
    ``sim.TARGET_BUDGET`` (``isoflop.approach2`` on the budgets the runs share), and Approach 3's
    exponents alpha and beta (``chinchilla.fit_parametric_loss``). A value the runs cannot give is left
    empty, with the reason in ``note``. Students write these methods themselves; the key checks them."""
    if not isinstance(roster, list) or not roster:
        raise ValueError(f"roster must be a non-empty list of student ids; got {roster!r:.60}")
    rows = []
    for student in roster:
        runs = store.runs(text("student id", student))
        spent = math.fsum(r.cost for r in runs)
        row: dict[str, Any] = {"student_id": student, "runs": len(runs), "flops": spent,
                               "a": "", "n_opt": "", "alpha": "", "beta": "", "note": ""}  # fmt: skip
        n, d, loss = (np.array([getattr(r, k) for r in runs]) for k in ("n", "d", "loss"))
        try:
            a2 = approach2(n, 6 * n * d, loss)
            row.update(a=round(a2.a, 4), n_opt=f"{float(a2.optimal_size(TARGET_BUDGET)):.4g}")
        except ValueError as e:
            row["note"] = f"Approach 2: {e}"
        if len(runs) >= 5:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FitWarning)
                try:
                    law = fit_parametric_loss(n, d, loss, starts=4)
                    row.update(alpha=round(law.alpha, 4), beta=round(law.beta, 4))
                except ValueError as e:
                    row["note"] += f" Approach 3: {e}"
        rows.append(row)
    return rows


def write_results(results: list[Result], lms_csv: str | Path, report: str | Path) -> None:
    """The LMS file (student_id, score, n_opt_score, loss_score) and the instructor's report (every
    detail, and the reason for each zero)."""
    if not isinstance(results, list) or not all(isinstance(r, Result) for r in results):
        raise TypeError("results must be a list of grading.Result (grade_class)")
    for name, value in (("lms_csv", lms_csv), ("report", report)):
        if not isinstance(value, str | Path):
            raise TypeError(f"{name} must be a file name (a str or Path); got {value!r:.60}")
    with open(lms_csv, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student_id", "score", "n_opt_score", "loss_score"])
        writer.writerows((r.student_id, r.score, r.n_opt_score, r.loss_score) for r in results)
    lines = ["# Lab grades: instructor's report", ""]
    for r in sorted(results, key=lambda r: -r.score):
        lines.append(f"## {r.student_id}: {r.score:.1f} (N_opt {r.n_opt_score:.1f}, loss {r.loss_score:.1f})")
        lines += [f"- reason for zero: {r.reason}"] if r.reason else []
        lines += [f"- {k}: {v:.4g}" if isinstance(v, float) else f"- {k}: {v}" for k, v in r.details]
        lines.append("")
    Path(report).write_text("\n".join(lines))
