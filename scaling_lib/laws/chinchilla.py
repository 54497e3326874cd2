"""Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models" (arXiv 2203.15556), and
the replication of Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt" (arXiv 2404.10102).

N is the total parameter count, D tokens, C training FLOPs (C = 6ND), L the loss in nats/token.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq, minimize
from threadpoolctl import threadpool_limits

from ..formatting import sci
from ..validation import (
    checks_argument_classes,
    finite,
    finite_result,
    flag,
    in_range,
    instance,
    non_negative,
    positive,
    positive_scalar,
    same_shape,
    scalar_or_array,
    whole_number,
)
from .accounting import tokens_for_flops, training_flops
from .ledger import LedgerRow

__all__ = [
    "BESIROGLU_2024",
    "FITS",
    "FitReport",
    "FitWarning",
    "GOPHER_BUDGET",
    "GOPHER_BUDGET_APP_F",
    "HOFFMANN_2022",
    "HOFFMANN_2022_UNROUNDED",
    "INIT_GRID",
    "NEGLIGIBLE_TERM",
    "PRINTED_GOPHER_BUDGET_N",
    "ParametricLoss",
    "SEC_3_4_TEXT",
    "SINGULAR",
    "TABLE_2",
    "TABLE_3",
    "TABLE_A3",
    "WEAK_EXPONENT",
    "bootstrap_fits",
    "bootstrap_intervals",
    "fit_parametric_loss",
    "fit_parametric_loss_brute_force",
    "inconsistent_flops",
    "ledger",
    "percentile_interval",
    "relative_errors",
]

Array = float | NDArray[np.float64]


class FitWarning(UserWarning):
    """A fit whose optimum the runs identify only weakly: an exponent's standard error is large."""


@dataclass(frozen=True)
class FitReport:
    """How ``fit_parametric_loss`` reached a law: the optimiser's verdict and how well the runs pin the
    five constants down.

    ``stderr`` holds Gauss-Newton standard errors, as scipy's ``curve_fit`` computes its ``pcov``:
    sigma^2 (J^T J)^-1 with J the Jacobian of the log-space residuals at the optimum and sigma^2 their
    mean square over n - 5 degrees of freedom (for log A, log B, log E, alpha and beta). ``condition`` is
    the condition number of J with unit-norm columns (above about 1e8, two constants trade off exactly).
    ``term_share`` is, for the N and D terms, the largest share of the loss the term carries in any run:
    a term that is a negligible share everywhere is not identified by the runs."""

    runs: int
    objective: float
    converged: bool
    message: str
    stderr: dict[str, float]
    condition: float
    term_share: dict[str, float]

    def __post_init__(self) -> None:
        whole_number("runs", self.runs, minimum=6)
        non_negative("objective", self.objective)
        flag("converged", self.converged)
        instance("message", self.message, str)
        names = {"log A", "log B", "log E", "alpha", "beta"}
        if not isinstance(self.stderr, dict) or set(self.stderr) != names:
            raise ValueError(f"stderr must map {sorted(names)} to standard errors; got {self.stderr!r:.80}")
        for k, v in self.stderr.items():  # inf: the runs do not determine it
            if isinstance(v, bool) or not isinstance(v, int | float) or not v >= 0:
                raise ValueError(f"stderr[{k!r}] must be a number >= 0 (inf allowed); got {v!r}")
        if (
            isinstance(self.condition, bool)
            or not isinstance(self.condition, int | float)
            or not self.condition >= 1
        ):
            raise ValueError(f"condition must be a number >= 1 (inf allowed); got {self.condition!r}")
        if not isinstance(self.term_share, dict) or not self.term_share:
            raise ValueError(f"term_share must map terms to shares in [0, 1]; got {self.term_share!r:.80}")
        for k, v in self.term_share.items():
            in_range(f"term_share[{k!r}]", v, 0, 1)


@dataclass(frozen=True)
class ParametricLoss:
    """L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, Eq. 2); ``fit`` is the FitReport of
    a law that ``fit_parametric_loss`` fitted (None for published constants)."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    fit: FitReport | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("E", "A", "B", "alpha", "beta"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))
        if self.fit is not None and not isinstance(self.fit, FitReport):
            raise TypeError(f"fit must be a FitReport or None; got {self.fit!r:.60}")

    @finite_result
    def loss(self, n: ArrayLike, d: ArrayLike) -> Array:
        """L(N, D) in nats/token; each term as exp(log A - alpha log N), so that a term too small for a
        float is 0 (beside E > 0) rather than an overflow of N^alpha."""
        n, d = np.broadcast_arrays(positive("N", n), positive("D", d))
        model = np.exp(math.log(self.A) - self.alpha * np.log(n))
        data = np.exp(math.log(self.B) - self.beta * np.log(d))
        return scalar_or_array(self.E + model + data)

    @property
    def a(self) -> float:
        """a = beta / (alpha + beta): N_opt grows as C^a (Eq. 4)."""
        return self.beta / (self.alpha + self.beta)

    @property
    def b(self) -> float:
        """b = alpha / (alpha + beta): D_opt grows as C^b (Eq. 4)."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def G(self) -> float:
        """G = (alpha A / (beta B))^(1 / (alpha + beta)) (Eq. 4), computed in logs; a ValueError if it is
        beyond floating-point range (constants too extreme for any optimum to be a float)."""
        log_g = (math.log(self.alpha * self.A) - math.log(self.beta * self.B)) / (self.alpha + self.beta)
        if not -700 < log_g < 700:
            raise ValueError(
                f"G = e^{log_g:.4g} is beyond floating-point range: this law's constants are too extreme "
                "for its optimum to be computed"
            )
        return math.exp(log_g)

    def compute_optimal(self, c: ArrayLike) -> tuple[Array, Array]:
        """(N_opt, D_opt) minimising L subject to 6ND = C: N_opt = G (C/6)^a, D_opt = (C/6)^b / G (Eq. 4).

        A law whose optimum at C has fewer than one parameter or one token (an exponent near 0 makes G
        enormous or tiny) cannot answer for that budget: a ValueError says so."""
        c = positive("C", c)
        with np.errstate(over="ignore", under="ignore"):
            n, d = self.G * (c / 6) ** self.a, (c / 6) ** self.b / self.G
        if not (np.all(np.isfinite(n)) and np.all(np.isfinite(d)) and np.all(n >= 1) and np.all(d >= 1)):
            bad = int(np.flatnonzero(~(np.isfinite(n) & np.isfinite(d) & (n >= 1) & (d >= 1)))[0])
            raise ValueError(
                f"this law cannot answer for C = {float(np.ravel(c)[bad]):.3g} FLOPs: its optimum there has "
                f"N = {float(np.ravel(n)[bad]):.3g} parameters and D = {float(np.ravel(d)[bad]):.3g} tokens "
                f"(alpha {self.alpha:.3g}, beta {self.beta:.3g}); an optimum needs at least one of each"
            )
        return scalar_or_array(n), scalar_or_array(d)

    def optimal_loss(self, c: ArrayLike) -> Array:
        """The loss at the compute-optimal split of C FLOPs."""
        return self.loss(*self.compute_optimal(c))

    def tokens_per_parameter(self, c: ArrayLike) -> Array:
        """D_opt / N_opt = (C/6)^(b - a) / G^2 at a budget of C FLOPs."""
        n, d = self.compute_optimal(c)
        return scalar_or_array(np.asarray(d) / np.asarray(n))

    @finite_result
    def compute_for_size(self, n: ArrayLike) -> Array:
        """The budget C at which N is compute-optimal: C = 6 (N / G)^(1/a), inverting ``compute_optimal``;
        refused where that optimum would train on less than one token."""
        n = positive("N", n)
        with np.errstate(over="ignore", under="ignore"):
            c = 6 * (n / self.G) ** (1 / self.a)
        if np.any(c < 6 * n):
            first = float(np.ravel(n)[np.argmax(np.ravel(c < 6 * n))])
            raise ValueError(
                f"at the budget where N = {first:.3g} is optimal it would train on less than one token: "
                "this law cannot answer for that size"
            )
        return scalar_or_array(c)

    def isoflop(self, c: ArrayLike, n: ArrayLike) -> Array:
        """L(N, C / 6N): the loss of a model of N parameters trained with C FLOPs."""
        n, c = np.broadcast_arrays(positive("N", n), positive("C", c))
        return self.loss(n, tokens_for_flops(c, n))

    def envelope(self, c: ArrayLike, n_grid: ArrayLike) -> tuple[Array, Array]:
        """Approach 1's idea (Hoffmann et al. 2022, Sec. 3.1): the lower envelope over the model sizes
        ``n_grid`` of the loss-vs-FLOPs curves: the smallest loss at each budget in ``c``, and the size
        that reaches it."""
        c, n_grid = positive("C", c), np.atleast_1d(positive("n_grid", n_grid))
        if n_grid.ndim != 1:
            raise ValueError(f"n_grid must be a 1-d array of model sizes; got shape {n_grid.shape}")
        curves = self.isoflop(c[:, None] if c.ndim else c, n_grid)
        best = np.argmin(curves, axis=-1)
        return scalar_or_array(np.min(curves, axis=-1)), scalar_or_array(n_grid[best])

    def smallest_size(self, target: float) -> float:
        """The size below which no amount of data reaches ``target``: E + A / N^alpha = target."""
        target = positive_scalar("target", target)
        if target <= self.E:
            raise ValueError(f"target must be above the irreducible loss E = {self.E:.4g}; got {target!r}")
        return float((self.A / (target - self.E)) ** (1 / self.alpha))

    def tokens_to_reach(self, n: float, target: float) -> float:
        """D with L(N, D) = target: D = (B / (target - E - A / N^alpha))^(1/beta)."""
        n, n_min = positive_scalar("N", n), self.smallest_size(target)
        if n <= n_min:
            raise ValueError(f"a model of {n:.3g} parameters never reaches a loss of {target}: "
                             f"it needs more than {n_min:.3g} parameters")  # fmt: skip
        return float((self.B / (target - self.E - self.A / n**self.alpha)) ** (1 / self.beta))

    def compute_optimal_for_target(self, target: float) -> tuple[float, float]:
        """(N, D) on the compute-optimal frontier whose loss is ``target``: the root in C of
        ``optimal_loss(C) = target`` (Eq. 4 along the frontier), searched over C in [1e3, 1e45] FLOPs."""
        self.smallest_size(target)
        low, high = np.log(1e3), np.log(1e45)
        reachable = (float(self.optimal_loss(np.exp(high))), float(self.optimal_loss(np.exp(low))))
        if not reachable[0] < target < reachable[1]:
            raise ValueError(
                f"target must be in ({reachable[0]:.6g}, {reachable[1]:.6g}) nats/token, the losses of "
                f"compute-optimal budgets from 1e3 to 1e45 FLOPs; got {target!r}"
            )
        log_c = brentq(lambda x: self.optimal_loss(np.exp(x)) - target, low, high, xtol=1e-12)
        n, d = self.compute_optimal(np.exp(log_c))
        return float(n), float(d)

    def crossing(self, n_small: float, n_large: float) -> float:
        """The one budget C where a smaller model's curve L(N_s, C/6N_s) meets a larger one's.

        L_s(C) - L_l(C) = K + M C^-beta with K = A (N_s^-alpha - N_l^-alpha) > 0 and
        M = B 6^beta (N_s^beta - N_l^beta) < 0: it rises monotonically through zero exactly once, at
        C* = (-M / K)^(1/beta). Before C* the smaller model is ahead; after it, never again.
        """
        n_s, n_l = positive_scalar("n_small", n_small), positive_scalar("n_large", n_large)
        if not n_s < n_l:
            raise ValueError(f"n_small must be smaller than n_large; got {n_small!r} and {n_large!r}")
        # In logs, with r = log(N_l / N_s) through log1p and the differences of powers through expm1, so
        # that neither two close sizes (cancellation) nor two huge ones (overflow) spoil the answer:
        # -M / K = B 6^beta N_s^(alpha + beta) expm1(beta r) / (A (-expm1(-alpha r))).
        r = math.log1p((n_l - n_s) / n_s)
        growth = math.log(math.expm1(self.beta * r)) - math.log(-math.expm1(-self.alpha * r))
        log_ratio = (math.log(self.B / self.A) + self.beta * math.log(6)
                     + (self.alpha + self.beta) * math.log(n_s) + growth)  # fmt: skip
        log_c = log_ratio / self.beta
        if log_c < math.log(6 * n_l):
            raise ValueError(
                f"the curves of N = {n_s:.3g} and {n_l:.3g} cross at C = e^{log_c:.4g} FLOPs, before the "
                "larger model has seen one token: this law cannot answer for these sizes"
            )
        if log_c > math.log(np.finfo(float).max):
            raise ValueError(
                f"the crossing of N = {n_s:.3g} and {n_l:.3g} lies beyond floating-point range "
                f"(C = e^{log_c:.4g} FLOPs): these sizes are too large for it to be computed"
            )
        return math.exp(log_c)


#: Eq. 10 as printed (rounded).
HOFFMANN_2022 = ParametricLoss(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
#: The unrounded values of the paper's LaTeX source, as quoted by Besiroglu et al. 2024:
#: log A = 6.0073404, log B = 6.0179186, log E = 0.5267228.
HOFFMANN_2022_UNROUNDED = ParametricLoss(
    E=float(np.exp(0.5267228)), A=float(np.exp(6.0073404)), B=float(np.exp(6.0179186)),
    alpha=0.33917084, beta=0.2849083,
)  # fmt: skip
#: Besiroglu et al. 2024, their refit of the Figure 4 data (Table 1; E = 1.8172, the notebook's grid fit
#: gives 1.817236).
BESIROGLU_2024 = ParametricLoss(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)

#: The training budget Gopher and Chinchilla share, FLOPs: the Gopher paper's figure, quoted in Hoffmann
#: et al. 2022's Figure 2 caption, Table 3 and App. F (App. F's own count gives 6.3e23).
GOPHER_BUDGET = 5.76e23
#: Hoffmann et al. 2022, App. F: their "slightly more accurate calculation" of Gopher's budget.
GOPHER_BUDGET_APP_F = 6.3e23

FITS = {
    "Hoffmann et al. 2022 (printed)": HOFFMANN_2022,
    "Hoffmann et al. 2022 (unrounded)": HOFFMANN_2022_UNROUNDED,
    "Besiroglu et al. 2024": BESIROGLU_2024,
}

# ---------------------------------------------------------------------------------------------
# Approach 3: the parametric fit (Sec. 3.3 and Appendix D.2)
# ---------------------------------------------------------------------------------------------

#: The paper's grid of initialisations: alpha, beta in 0..2 by 0.5; e in -1..1 by 0.5; a, b in 0..25 by 5.
INIT_GRID = np.array(
    list(
        itertools.product(
            np.arange(0, 26, 5.0),
            np.arange(0, 26, 5.0),
            np.arange(-1, 1.01, 0.5),
            np.arange(0, 2.01, 0.5),
            np.arange(0, 2.01, 0.5),
        )
    )
)  # fmt: skip  (columns a, b, e, alpha, beta)


def _objective(
    theta: NDArray[np.float64],
    log_n: NDArray[np.float64],
    log_d: NDArray[np.float64],
    log_l: NDArray[np.float64],
    delta: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Huber loss of log-sum-exp(a - alpha log N, b - beta log D, e) - log L, and its gradient.

    ``theta`` has shape (..., 5) with columns a, b, e, alpha, beta; sums run over the data points.
    """
    a, b, e, alpha, beta = np.moveaxis(theta[..., None], -2, 0)
    terms = np.stack(np.broadcast_arrays(a - alpha * log_n, b - beta * log_d, e + 0 * log_n))
    # Log-sum-exp, shifted by the largest term; shifts below -50 are clipped (e^-50 is nothing beside
    # the largest term's 1), which keeps subnormal numbers, and their slow arithmetic, out.
    top = terms.max(axis=0)
    lse = top + np.log(np.exp(np.maximum(terms - top, -50.0)).sum(axis=0))
    r = lse - log_l
    small = np.abs(r) <= delta
    value = np.where(small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)).sum(-1)
    dr = np.where(small, r, delta * np.sign(r))
    w = np.exp(np.maximum(terms - lse, -50.0))  # softmax weights of the three terms
    grad = np.stack([(dr * w[0]).sum(-1), (dr * w[1]).sum(-1), (dr * w[2]).sum(-1),
                     -(dr * w[0] * log_n).sum(-1), -(dr * w[1] * log_d).sum(-1)], axis=-1)  # fmt: skip
    return value, grad


#: The runs as the fit sees them: log N, log D, log L.
_Data = tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]
#: One L-BFGS run: (objective, theta, converged, the optimiser's message).
_Run = tuple[float, NDArray[np.float64], bool, str]


def _lbfgs(start: NDArray[np.float64], data: _Data, delta: float) -> _Run:
    # L-BFGS-B makes many tiny LAPACK calls: BLAS threads only add overhead, and on a busy machine they
    # fight for its cores (a fit 7x slower on two loaded cores; benchmarks/fit.py --load).
    with threadpool_limits(1, user_api="blas"):
        res = minimize(lambda t: _objective(t, *data, delta), start, jac=True, method="L-BFGS-B",
                       options={"maxiter": 1000, "ftol": 1e-15, "gtol": 1e-12})  # fmt: skip
    return float(res.fun), res.x, bool(res.success), str(res.message)


def _check_runs(n: ArrayLike, d: ArrayLike, loss: ArrayLike) -> _Data:
    n, d, loss = positive("N", n), positive("D", d), positive("L", loss)
    same_shape(N=n, D=d, L=loss)
    if n.ndim != 1 or n.size < 6:
        raise ValueError(f"need 1-d arrays of at least 6 runs to fit 5 parameters; got shape {n.shape}")
    for name, x in (("N", n), ("D", d)):
        if np.unique(x).size < 3:
            raise ValueError(
                f"the runs have {np.unique(x).size} distinct values of {name}; at least 3 are needed to "
                f"identify its exponent"
            )
    return np.log(n), np.log(d), np.log(loss)


def _to_law(theta: NDArray[np.float64]) -> ParametricLoss:
    a, b, e, alpha, beta = theta
    if alpha <= 0 or beta <= 0:
        raise ValueError(f"the fit found a non-positive exponent (alpha {alpha:.3g}, beta {beta:.3g})")
    return ParametricLoss(E=float(np.exp(e)), A=float(np.exp(a)), B=float(np.exp(b)),
                          alpha=float(alpha), beta=float(beta))  # fmt: skip


def fit_parametric_loss(
    n: ArrayLike, d: ArrayLike, loss: ArrayLike, delta: float = 1e-3, starts: int = 8
) -> ParametricLoss:
    """The paper's fit of L(N, D) (Appendix D.2): minimise the Huber loss (``delta``) of
    log L through log-sum-exp with L-BFGS, from the paper's grid of initialisations.

    Rather than running L-BFGS from all 4500 grid points, the objective is evaluated at every grid
    point at once and L-BFGS runs from the ``starts`` best; ``fit_parametric_loss_brute_force``
    runs it from every point, and the tests check that both find the same optimum.
    """
    data = _check_runs(n, d, loss)
    delta = positive_scalar("delta", delta)
    starts = whole_number("starts", starts, minimum=1, maximum=len(INIT_GRID))
    values, _ = _objective(INIT_GRID, *data, delta)
    return _best_law([_lbfgs(INIT_GRID[i], data, delta) for i in np.argsort(values)[:starts]], data)


#: A fitted exponent whose standard error exceeds this share of its value is weakly identified (FitWarning).
WEAK_EXPONENT = 0.25
#: Above this condition number of the scaled Jacobian two constants trade off exactly: not identified.
SINGULAR = 1e8
#: A term that is below this share of the loss in every run is not identified by the runs.
NEGLIGIBLE_TERM = 0.01


def _report(run: _Run, data: _Data) -> FitReport:
    """The FitReport of the optimum ``run`` on ``data`` (log N, log D, log L)."""
    fun, theta, converged, message = run
    log_n, log_d, log_l = data
    a, b, e, alpha, beta = theta
    terms = np.stack([a - alpha * log_n, b - beta * log_d, e + 0 * log_n])
    lse = terms.max(axis=0) + np.log(np.exp(terms - terms.max(axis=0)).sum(axis=0))
    w = np.exp(terms - lse)  # each term's share of the loss, per run
    jac = np.column_stack([w[0], w[1], w[2], -w[0] * log_n, -w[1] * log_d])
    norms = np.linalg.norm(jac, axis=0)
    singular = np.linalg.svd(jac / np.where(norms > 0, norms, 1), compute_uv=False)
    condition = float(singular[0] / singular[-1]) if singular[-1] > 0 else math.inf
    dof = len(log_l) - 5
    sigma2 = float(((lse - log_l) ** 2).sum() / dof) if dof > 0 else math.inf
    try:
        cov = sigma2 * np.linalg.inv(jac.T @ jac) if math.isfinite(condition) else None
    except np.linalg.LinAlgError:
        cov = None
    names = ("log A", "log B", "log E", "alpha", "beta")
    se = np.sqrt(np.abs(np.diag(cov))) if cov is not None else np.full(5, math.inf)
    shares = {"A / N^alpha": float(w[0].max()), "B / D^beta": float(w[1].max())}
    return FitReport(runs=len(log_l), objective=fun, converged=converged, message=message,
                     stderr=dict(zip(names, map(float, se), strict=True)), condition=condition,
                     term_share=shares)  # fmt: skip


def _identified(law: ParametricLoss) -> ParametricLoss:
    """``law`` if its FitReport says the runs identify it; a ValueError if they do not, and a FitWarning
    if they do only weakly."""
    report = law.fit
    assert report is not None
    for term, share in report.term_share.items():
        if share < NEGLIGIBLE_TERM:
            raise ValueError(
                f"the runs do not identify the law: its {term} term is below {NEGLIGIBLE_TERM:.0%} of the "
                f"loss in every run (at most {share:.2g}); the fit (alpha {law.alpha:.3g}, "
                f"beta {law.beta:.3g}) answers nothing about it. Add runs over more N and D"
            )
    if report.condition > SINGULAR:
        raise ValueError(
            f"the runs do not identify the law: two of its constants trade off exactly (condition number "
            f"{report.condition:.2g} > {SINGULAR:.0e}); the fit (alpha {law.alpha:.3g}, beta {law.beta:.3g}) "
            "is one of many equally good ones. Add runs over more N and D"
        )
    weak = [f"{k} = {getattr(law, k):.3g} +- {report.stderr[k]:.2g}" for k in ("alpha", "beta")
            if not report.stderr[k] <= WEAK_EXPONENT * getattr(law, k)]  # fmt: skip
    if weak or not report.converged:
        why = f"standard errors above {WEAK_EXPONENT:.0%} ({'; '.join(weak)})" if weak else report.message
        warnings.warn(
            f"the runs identify this fit only weakly ({report.runs} runs): {why}; read its exponents, and "
            "any extrapolation from them, with that uncertainty (bootstrap_fits gives intervals)",
            FitWarning,
            stacklevel=3,
        )
    return law


def _best_law(candidates: list[_Run], data: _Data) -> ParametricLoss:
    """The law of ``_best_run``, with its FitReport on ``data``, checked by ``_identified``."""
    run = _best_run(candidates)
    return _identified(replace(_to_law(run[1]), fit=_report(run, data)))


def _best_run(candidates: list[_Run]) -> _Run:
    """The lowest-objective optimum that is a valid law (positive exponents, 0 < E < inf); optima where
    a constant ran off to 0 or infinity (the data do not identify it) are passed over."""
    for run in sorted(candidates, key=lambda fx: fx[0]):
        theta = run[1]
        if np.all(np.isfinite(np.exp(theta[:3]))) and np.all(np.exp(theta[:3]) > 0):
            try:
                _to_law(theta)
            except ValueError:
                continue
            return run
    raise ValueError(
        "the fit found no valid law (every optimum has a non-positive exponent or a constant at 0 or "
        "infinity): the runs do not identify E, A, B, alpha and beta; add runs over more N and D"
    )


def fit_parametric_loss_brute_force(
    n: ArrayLike, d: ArrayLike, loss: ArrayLike, delta: float = 1e-3, sample: int | None = None, seed: int = 0
) -> ParametricLoss:
    """The same fit, running L-BFGS from every one of the 4500 grid points (slow; the reference), or
    from ``sample`` of them drawn at random (seeded by ``seed``), without replacement."""
    data = _check_runs(n, d, loss)
    delta = positive_scalar("delta", delta)
    whole_number("seed", seed)
    starts = INIT_GRID
    if sample is not None:
        whole_number("sample", sample, minimum=1, maximum=len(INIT_GRID))
        starts = INIT_GRID[np.random.default_rng(seed).choice(len(INIT_GRID), sample, replace=False)]
    return _best_law([_lbfgs(x0, data, delta) for x0 in starts], data)


def bootstrap_fits(
    n: ArrayLike,
    d: ArrayLike,
    loss: ArrayLike,
    n_boot: int = 200,
    seed: int = 0,
    delta: float = 1e-3,
    starts: int = 1,
) -> NDArray[np.float64]:
    """Refit on ``n_boot`` resamples (with replacement) of the runs; rows E, A, B, alpha, beta.

    Each refit runs L-BFGS from the full-data optimum and from the ``starts`` grid points best on
    the full data; the random generator is seeded, so the result is deterministic. Resamples whose
    refit has a non-positive exponent or a constant at 0 or infinity are dropped (the row count says
    how many remain); fewer than half remaining is an error.
    """
    data = _check_runs(n, d, loss)
    whole_number("n_boot", n_boot, minimum=2)
    whole_number("seed", seed)
    whole_number("starts", starts, minimum=1, maximum=len(INIT_GRID))
    delta = positive_scalar("delta", delta)
    values, _ = _objective(INIT_GRID, *data, delta)
    full = min((_lbfgs(INIT_GRID[i], data, delta) for i in np.argsort(values)[:8]), key=lambda fx: fx[0])[1]
    initial = [full, *INIT_GRID[np.argsort(values)[:starts]]]
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n_boot):
        i = rng.integers(0, len(data[0]), len(data[0]))
        resample: _Data = (data[0][i], data[1][i], data[2][i])
        a, b, e, alpha, beta = min((_lbfgs(s, resample, delta) for s in initial), key=lambda fx: fx[0])[1]
        row = np.array([np.exp(e), np.exp(a), np.exp(b), alpha, beta])
        if np.all(np.isfinite(row)) and np.all(row > 0):
            out.append(row)
    if len(out) < n_boot / 2:
        raise ValueError(
            f"only {len(out)} of {n_boot} resamples gave a valid law (positive, finite constants): the runs "
            f"do not identify the fit"
        )
    return np.array(out)


def percentile_interval(samples: ArrayLike, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` percentile interval of bootstrap samples (a 1-d array); the one interval
    helper of the library (``bootstrap_intervals`` applies it to each constant)."""
    samples = finite("samples", samples)
    if samples.ndim != 1 or samples.size < 2:
        raise ValueError(
            f"samples must be a 1-d array of at least 2 finite numbers; got shape {samples.shape}"
        )
    level = in_range("level", level, 0, 1)
    if level in (0.0, 1.0):
        raise ValueError(f"level must be strictly between 0 and 1; got {level!r}")
    lo, hi = np.percentile(samples, [50 * (1 - level), 50 * (1 + level)])
    return float(lo), float(hi)


def bootstrap_intervals(samples: NDArray[np.float64], level: float = 0.8) -> dict[str, tuple[float, float]]:
    """Central ``level`` percentile intervals of E, A, B, alpha, beta and a = beta / (alpha + beta)."""
    try:
        samples = np.asarray(samples, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"samples must be an array of shape (n, 5); got {samples!r}") from None
    if samples.ndim != 2 or samples.shape[1] != 5 or samples.shape[0] < 2:
        raise ValueError(f"samples must have shape (n >= 2, 5) (E, A, B, alpha, beta); got {samples.shape}")
    if not np.all(np.isfinite(samples)):
        raise ValueError("samples must be finite (bootstrap_fits drops the resamples that are not)")
    columns = dict(zip(("E", "A", "B", "alpha", "beta"), samples.T, strict=True))
    columns["a"] = columns["beta"] / (columns["alpha"] + columns["beta"])
    out = {k: percentile_interval(v, level) for k, v in columns.items()}
    flat = [k for k, (lo, hi) in out.items() if lo == hi]
    if flat:
        raise ValueError(f"the intervals of {', '.join(flat)} have zero width: every resample gave the same "
                         "value, so the design does not constrain them")  # fmt: skip
    return out


@checks_argument_classes
def relative_errors(law: ParametricLoss, n: ArrayLike, d: ArrayLike, loss: ArrayLike) -> NDArray[np.float64]:
    """Predicted over observed loss, minus one, for each run."""
    n, d, observed = positive("N", n), positive("D", d), positive("L", loss)
    same_shape(N=n, D=d, L=observed)
    return np.asarray(law.loss(n, d)) / observed - 1


# ---------------------------------------------------------------------------------------------
# The paper's tables, as printed
# ---------------------------------------------------------------------------------------------

#: Table 2: a (N_opt ~ C^a) and b (D_opt ~ C^b) with their intervals; Kaplan's row has none.
TABLE_2 = {
    "Approach 1": ((0.50, 0.488, 0.502), (0.50, 0.501, 0.512)),
    "Approach 2": ((0.49, 0.462, 0.534), (0.51, 0.483, 0.529)),
    "Approach 3": ((0.46, 0.454, 0.455), (0.54, 0.542, 0.543)),
    "Kaplan et al. (2020)": ((0.73, None, None), (0.27, None, None)),
}

#: Table 3 (Approach 1): parameters, FLOPs, tokens.
TABLE_3 = [
    (400e6, 1.92e19, 8.0e9), (1e9, 1.21e20, 20.2e9), (10e9, 1.23e22, 205.1e9),
    (67e9, 5.76e23, 1.5e12), (175e9, 3.85e24, 3.7e12), (280e9, 9.90e24, 5.9e12),
    (520e9, 3.43e25, 11.0e12), (1e12, 1.27e26, 21.2e12), (10e12, 1.30e28, 216.2e12),
]  # fmt: skip

#: Table A3: parameters, then FLOPs and tokens of Approach 2, then of Approach 3.
TABLE_A3 = [
    (400e6, 1.84e19, 7.7e9, 2.21e19, 9.2e9),
    (1e9, 1.20e20, 20.0e9, 1.62e20, 27.1e9),
    (10e9, 1.32e22, 219.5e9, 2.46e22, 410.1e9),
    (67e9, 6.88e23, 1.7e12, 1.71e24, 4.1e12),
    (175e9, 4.54e24, 4.3e12, 1.26e24, 12.0e12),
    (280e9, 1.18e25, 7.1e12, 3.52e25, 20.1e12),
    (520e9, 4.19e25, 13.4e12, 1.36e26, 43.5e12),
    (1e12, 1.59e26, 26.5e12, 5.65e26, 94.1e12),
    (10e12, 1.75e28, 292.0e12, 8.55e28, 1425.5e12),
]  # fmt: skip

#: What the paper says Approach 3 gives at Gopher's budget (parameters).
PRINTED_GOPHER_BUDGET_N = 40e9

#: Sec. 3.4's text on the compute-optimal 175B and 280B models: (N, FLOPs, tokens), against Table 3.
SEC_3_4_TEXT = [(175e9, 4.41e24, 4.2e12), (280e9, 1e25, 6.8e12)]

#: Chinchilla's 5-shot MMLU accuracy (%): the abstract, and Table 6 (and Sec. 4.2.2).
MMLU_ABSTRACT, MMLU_TABLE_6 = 67.5, 67.6


def inconsistent_flops(rows: Sequence[tuple[float, ...]] = TABLE_A3, tolerance: float = 0.06) -> list[tuple]:
    """Rows of Table A3 whose printed FLOPs differ from 6ND of their own N and D by more than
    ``tolerance`` (relative), as (N, approach, printed FLOPs, 6ND)."""
    tolerance = non_negative("tolerance", tolerance)
    if isinstance(rows, str) or not isinstance(rows, Sequence) or not rows:
        raise ValueError(f"rows must be a non-empty list of Table A3 rows; got {rows!r:.60}")
    for k, row in enumerate(rows):
        if isinstance(row, str) or not isinstance(row, Sequence) or len(row) != 5:
            raise ValueError(
                f"rows[{k}] must be (N, C, D of Approach 2, C, D of Approach 3); got {row!r:.60}"
            )
        positive(f"rows[{k}]", row)
    out = []
    for n, c2, d2, c3, d3 in rows:
        for approach, c, d in (("Approach 2", c2, d2), ("Approach 3", c3, d3)):
            six_nd = float(training_flops(n, d))
            if abs(c / six_nd - 1) > tolerance:
                out.append((n, approach, c, six_nd))
    return out


@checks_argument_classes
def ledger(
    law: ParametricLoss = HOFFMANN_2022, unrounded: ParametricLoss = HOFFMANN_2022_UNROUNDED
) -> list[LedgerRow]:
    """Printed numbers of Hoffmann et al. 2022 next to what the paper's own constants and tables give."""
    (a3, a3_lo, a3_hi), _ = TABLE_2["Approach 3"]
    n_gopher = law.compute_optimal(GOPHER_BUDGET)[0]
    n_gopher_unrounded = unrounded.compute_optimal(GOPHER_BUDGET)[0]
    rows = [
        LedgerRow(
            "Table 2",
            "$a$ for Approach 3",
            f"{a3:.2f}",
            f"{law.a:.4f} (printed constants), {unrounded.a:.4f} (unrounded)",
            "0.46 follows only from the unrounded $\\alpha$ and $\\beta$ of the TeX source",
        ),
        LedgerRow(
            "Table 2",
            "80% interval of $a$ for Approach 3",
            f"({a3_lo}, {a3_hi})",
            f"{unrounded.a:.4f} (the point estimate, unrounded)",
            "the point estimate lies outside its own interval",
        ),
        LedgerRow(
            "Sec. 3.3",
            f"$N_\\mathrm{{opt}}$ at Gopher's budget ({sci(GOPHER_BUDGET, 3)} FLOPs)",
            f"{PRINTED_GOPHER_BUDGET_N / 1e9:.0f}B",
            f"{n_gopher / 1e9:.1f}B (printed constants), {n_gopher_unrounded / 1e9:.1f}B (unrounded)",
            "rounding $\\alpha$ to 0.34 and $\\beta$ to 0.28 moves the optimum by a fifth",
        ),
    ]
    for n, approach, c, six_nd in inconsistent_flops():
        rows.append(
            LedgerRow(
                "Table A3",
                f"{approach} FLOPs for {n / 1e9:g}B parameters",
                sci(c, 3),
                f"{sci(six_nd, 3)} (6ND of the row)",
                f"off by a factor of {six_nd / c:.1f}",
            )
        )
    n10t, d_printed = TABLE_A3[-1][0], TABLE_A3[-1][4]
    rows.append(
        LedgerRow(
            "Table A3",
            "Approach 3 tokens for 10T parameters",
            sci(d_printed, 3),
            f"{sci(float(tokens_for_flops(law.compute_for_size(n10t), n10t)), 3)} (printed constants), "
            f"{sci(float(tokens_for_flops(unrounded.compute_for_size(n10t), n10t)), 3)} (unrounded)",
            "the unrounded fit comes much closer (neither reproduces the table exactly)",
        )
    )
    table_3 = {n: (c, d) for n, c, d in TABLE_3}
    for n, c_text, d_text in SEC_3_4_TEXT:
        c_table, d_table = table_3[n]
        rows.append(
            LedgerRow(
                "Sec. 3.4 against Table 3",
                f"FLOPs and tokens for a compute-optimal {n / 1e9:g}B model",
                f"{sci(c_text, 3)} FLOPs, {d_text / 1e12:.1f}T tokens (text)",
                f"{sci(c_table, 3)} FLOPs, {d_table / 1e12:.1f}T tokens (Table 3)",
                "the text and the table it summarises print different numbers",
            )
        )
    rows.append(
        LedgerRow(
            "Abstract against Table 6",
            "MMLU accuracy of Chinchilla",
            f"{MMLU_ABSTRACT}% (abstract)",
            f"{MMLU_TABLE_6}% (Table 6, Sec. 4.2.2)",
            "two printed values of one measurement",
        )
    )
    ratios = [d / n for n, _, d in TABLE_3]
    lo, hi = 1e20, 1e26
    rows.append(
        LedgerRow(
            "Table 3 (Approach 1) against the Approach-3 fit",
            "tokens per parameter",
            f"{min(ratios):.0f} to {max(ratios):.0f} at every budget (Table 3)",
            f"{unrounded.tokens_per_parameter(lo):.0f} at {sci(lo, 1)} FLOPs, "
            f"{unrounded.tokens_per_parameter(hi):.0f} at {sci(hi, 1)} (Approach 3, unrounded)",
            f"Approach 1 has $a \\approx b$; the Approach-3 fit has $a \\neq b$, so $D/N$ grows as "
            f"$C^{{b-a}}$ = $C^{{{unrounded.b - unrounded.a:.3f}}}$",
            "explained",
        )
    )
    return rows
