"""Kaplan et al. 2020, "Scaling Laws for Neural Language Models" (arXiv 2001.08361).

Losses are in nats/token, N counts non-embedding parameters, D tokens, S optimisation steps, B batch
size in tokens, and compute C in PF-days (see ``scaling_lib.units``). The paper's printed constants
and the values that follow from them are both exposed, never silently one for the other.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from ..formatting import sci
from ..validation import (
    checks_argument_classes,
    choice,
    finite_result,
    positive,
    positive_scalar,
    scalar_or_array,
)
from .ledger import LedgerRow
from .powerlaw import power_law
from .units import FLOPS_PER_PF_DAY

__all__ = [
    "Contradiction",
    "DATA_LAWS",
    "DATA_RANGE",
    "KAPLAN_2020",
    "KAPLAN_2020_ND_FIT",
    "KAPLAN_2020_NS_FIT",
    "KaplanLaws",
    "PRINTED",
    "Printed",
    "SIZE_RANGE",
    "compute_for_efficient_n",
    "contradiction_point",
    "efficient_d",
    "efficient_n",
    "efficient_n_for_flops",
    "frontier_point",
    "ledger",
    "overfit_free_d",
    "printed_d_eq_6_7",
]

Array = float | NDArray[np.float64]


@dataclass(frozen=True)
class KaplanLaws:
    """The fitted constants of Kaplan et al. 2020 (Sec. 1.2, Eqs. 1.1-1.6)."""

    alpha_n: float
    n_c: float  # non-embedding parameters
    alpha_d: float
    d_c: float  # tokens
    alpha_c_min: float
    c_c_min: float  # PF-days
    alpha_b: float
    b_star: float  # tokens
    alpha_s: float
    s_c: float  # steps

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            positive_scalar(name, value)

    def loss_n(self, n: ArrayLike) -> Array:
        """L(N) = (N_c / N)^alpha_N: models trained to convergence on enough data (Eq. 1.1)."""
        return power_law(positive("N", n), self.n_c, self.alpha_n)

    def loss_d(self, d: ArrayLike) -> Array:
        """L(D) = (D_c / D)^alpha_D: large models trained on D tokens with early stopping (Eq. 1.2)."""
        return power_law(positive("D", d), self.d_c, self.alpha_d)

    def loss_compute(self, c_min: ArrayLike) -> Array:
        """L(C_min) = (C_c^min / C_min)^alpha_C^min, C_min in PF-days (Eq. 1.3)."""
        return power_law(positive("C_min", c_min), self.c_c_min, self.alpha_c_min)

    @finite_result
    def loss_nd(self, n: ArrayLike, d: ArrayLike) -> Array:
        """L(N, D) = [(N_c / N)^(alpha_N / alpha_D) + D_c / D]^alpha_D (Eq. 1.5)."""
        n, d = np.broadcast_arrays(positive("N", n), positive("D", d))
        return scalar_or_array(
            ((self.n_c / n) ** (self.alpha_n / self.alpha_d) + self.d_c / d) ** self.alpha_d
        )

    def overfitting_penalty(self, n: ArrayLike, d: ArrayLike) -> Array:
        """L(N, D) / L(N) - 1: how far above the infinite-data loss the model ends (Eq. 4.3)."""
        return scalar_or_array(np.asarray(self.loss_nd(n, d)) / np.asarray(self.loss_n(n)) - 1)

    @finite_result
    def loss_ns(self, n: ArrayLike, s_min: ArrayLike) -> Array:
        """L(N, S_min) = (N_c / N)^alpha_N + (S_c / S_min)^alpha_S (Eq. 1.6)."""
        n, s = np.broadcast_arrays(positive("N", n), positive("S_min", s_min))
        return scalar_or_array((self.n_c / n) ** self.alpha_n + (self.s_c / s) ** self.alpha_s)

    @finite_result
    def critical_batch(self, loss: ArrayLike) -> Array:
        """B_crit(L) = B* / L^(1 / alpha_B), in tokens (Eq. 1.4)."""
        return scalar_or_array(self.b_star / positive("L", loss) ** (1 / self.alpha_b))

    @finite_result
    def s_min(self, s: ArrayLike, b: ArrayLike, loss: ArrayLike) -> Array:
        """S_min = S / (1 + B_crit(L) / B): the steps the run would need at a very large batch (Eq. 5.4)."""
        s, b, b_crit = np.broadcast_arrays(positive("S", s), positive("B", b), self.critical_batch(loss))
        return scalar_or_array(s / (1 + b_crit / b))

    @finite_result
    def c_min(self, c: ArrayLike, b: ArrayLike, loss: ArrayLike) -> Array:
        """C_min = C / (1 + B / B_crit(L)): the compute the run would need at a very small batch (Eq. 5.5)."""
        c, b, b_crit = np.broadcast_arrays(positive("C", c), positive("B", b), self.critical_batch(loss))
        return scalar_or_array(c / (1 + b / b_crit))

    def alpha_c_min_derived(self) -> float:
        """alpha_C^min = 1 / (1/alpha_S + 1/alpha_B + 1/alpha_N) (Eqs. 1.8, 6.4, B.7; derived in Sec. 6.2
        and App. B from L(N, S_min) and B_crit(L))."""
        return 1 / (1 / self.alpha_s + 1 / self.alpha_b + 1 / self.alpha_n)

    def allocation_exponents(self, alpha_c_min: float | None = None) -> dict[str, float]:
        """Exponents of N, B and S in C_min along the compute-efficient frontier (Sec. 6.2, App. B).

        N ~ C^(alpha_C/alpha_N), B ~ C^(alpha_C/alpha_B), S ~ C^(alpha_C/alpha_S); by default with the
        derived alpha_C^min. They add up to 1 only for the derived value.
        """
        a = self.alpha_c_min_derived() if alpha_c_min is None else positive_scalar("alpha_c_min", alpha_c_min)
        return {"N": a / self.alpha_n, "B": a / self.alpha_b, "S": a / self.alpha_s}

    def overfitting_exponent(self) -> float:
        """alpha_N / alpha_D: D ~ N^(alpha_N / alpha_D) keeps the overfitting penalty fixed (Sec. 4.2)."""
        return self.alpha_n / self.alpha_d


#: The headline constants of Sec. 1.2 (Eqs. 1.1-1.6), as printed.
KAPLAN_2020 = KaplanLaws(
    alpha_n=0.076, n_c=8.8e13, alpha_d=0.095, d_c=5.4e13, alpha_c_min=0.050, c_c_min=3.1e8,
    alpha_b=0.21, b_star=2e8, alpha_s=0.76, s_c=2.1e3,
)  # fmt: skip

#: The separate fit of L(N, D) in Table 2 (alpha_D = 0.103, N_c = 6.4e13, D_c = 1.8e13); the other
#: constants are the headline ones.
KAPLAN_2020_ND_FIT = replace(KAPLAN_2020, alpha_d=0.103, n_c=6.4e13, d_c=1.8e13)

#: The separate fit of L(N, S_min) in Table 3 (alpha_N = 0.077, N_c = 6.5e13; S_c and alpha_S as in
#: the headline); the other constants are the headline ones.
KAPLAN_2020_NS_FIT = replace(KAPLAN_2020, alpha_n=0.077, n_c=6.5e13)


@dataclass(frozen=True)
class Printed:
    """Numbers printed in the paper that are not fitted constants, kept to compare with the derivations."""

    alpha_c_min_eq_6_4: float = 0.054  # alpha_C^min as Eq. 6.4 gives it
    alpha_c_min_eq_b_7: float = 0.052  # alpha_C^min as Eq. B.7 gives it
    b_star_appendix: float = 2.1e8  # B* in the appendix's table of fits (2e8 in Sec. 1.2)
    # The empirical frontier quoted after Eq. 1.8 and in Sec. 6.1 (Eqs. 6.1-6.2, Table 6): only 0.73 is
    # fitted (Eq. 6.1, Figure 14); 0.24 follows from B ~ L^-4.8 and L ~ C_min^-0.05, and 0.03 is the rest.
    n_exponent: float = 0.73
    b_exponent: float = 0.24
    s_exponent: float = 0.03
    n_coefficient: float = 1.3e9  # N(C_min) = 1.3e9 (C_min / PF-day)^0.73 (Eq. 6.1, Table 6)
    n_exponent_eq_6_5: float = 0.71  # N ~ C_min^0.71, Eq. 6.5's value of alpha_C^min / alpha_N
    # Eq. 6.7 prints D(C_min) = 2 C_min / 6N(C_min) ~ 4e10 (C_min / PF-day)^0.26; Table 6 has 2e10 C^0.27.
    d_coefficient_eq_6_7: float = 4e10
    d_exponent_eq_6_7: float = 0.26
    d_coefficient_table_6: float = 2e10
    d_exponent_table_6: float = 0.27
    overfit_coefficient: float = 5e3  # D >~ 5e3 N^0.74 (Eq. 4.4)
    overfit_exponent: float = 0.74
    # The rough contradiction point of Sec. 6.3 (an order of magnitude either way, the paper says).
    contradiction_c: float = 1e4  # PF-days
    contradiction_n: float = 1e12  # parameters
    contradiction_d: float = 1e12  # tokens
    contradiction_l: float = 1.7  # nats/token

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            object.__setattr__(self, name, positive_scalar(name, value))


PRINTED = Printed()


@checks_argument_classes
def efficient_n(c_min: ArrayLike, printed: Printed = PRINTED) -> Array:
    """Compute-efficient model size N(C_min) = 1.3e9 (C_min / PF-day)^0.73, the empirical fit of Figure 14."""
    return scalar_or_array(printed.n_coefficient * positive("C_min", c_min) ** printed.n_exponent)


@checks_argument_classes
def efficient_n_for_flops(c: ArrayLike, printed: Printed = PRINTED) -> Array:
    """The frontier's non-embedding N for a training budget of C FLOPs: compute-efficient training runs
    at B ~ B_crit, which spends C = 2 C_min (Eq. 5.5), so N = 1.3e9 (C / 2 PF-days)^0.73."""
    return efficient_n(positive("C", c) / (2 * FLOPS_PER_PF_DAY), printed)


@checks_argument_classes
@finite_result
def compute_for_efficient_n(n: ArrayLike, printed: Printed = PRINTED) -> Array:
    """The C_min (PF-days) at which the frontier of Eq. 6.1 trains N parameters: (N / 1.3e9)^(1/0.73)."""
    return scalar_or_array((positive("N", n) / printed.n_coefficient) ** (1 / printed.n_exponent))


#: The model sizes Kaplan et al. trained, non-embedding parameters (Sec. 3: "768 to 1.5 billion").
SIZE_RANGE = (768.0, 1.5e9)
#: The dataset sizes they trained on, tokens (Sec. 3: "22 million to 23 billion").
DATA_RANGE = (2.2e7, 2.3e10)


@checks_argument_classes
@finite_result
def efficient_d(c_min: ArrayLike, printed: Printed = PRINTED) -> Array:
    """Tokens processed on the compute-efficient frontier: D = C / (6N) with C = 2 C_min.

    Training at B = B_crit costs twice the minimum compute (Eq. 5.5), so C = 2 C_min; with N from
    ``efficient_n`` this gives D ~ 2.2e10 (C_min / PF-day)^0.27.
    """
    c_min = positive("C_min", c_min)
    return scalar_or_array(2 * c_min * FLOPS_PER_PF_DAY / (6 * efficient_n(c_min, printed)))


@checks_argument_classes
def overfit_free_d(n: ArrayLike, printed: Printed = PRINTED) -> Array:
    """The data needed to keep overfitting negligible, D = 5e3 N^0.74 (Eq. 4.4)."""
    return scalar_or_array(printed.overfit_coefficient * positive("N", n) ** printed.overfit_exponent)


@checks_argument_classes
def printed_d_eq_6_7(c_min: ArrayLike, printed: Printed = PRINTED) -> Array:
    """Tokens on the frontier as Eq. 6.7 prints them, D = 4e10 (C_min / PF-day)^0.26 (the consistent
    version is ``efficient_d``, 2.2e10 C_min^0.27)."""
    return scalar_or_array(
        printed.d_coefficient_eq_6_7 * positive("C_min", c_min) ** printed.d_exponent_eq_6_7
    )


@checks_argument_classes
def frontier_point(
    c_min: float, laws: KaplanLaws = KAPLAN_2020, printed: Printed = PRINTED
) -> dict[str, float]:
    """Where the compute-efficient frontier stands at ``c_min`` PF-days (Sec. 6.1): model size N (Eq. 6.1),
    the critical batch B = B_crit(L(C_min)) in tokens (Eqs. 1.3-1.4), tokens D (``efficient_d``) and
    serial steps S = D / B."""
    c_min = positive_scalar("C_min", c_min)
    d, b = float(efficient_d(c_min, printed)), float(laws.critical_batch(laws.loss_compute(c_min)))
    return {"N": float(efficient_n(c_min, printed)), "B": b, "S": d / b, "D": d}


DATA_LAWS = ("compute-efficient", "Eq. 6.7 as printed", "Table 6 as printed", "overfitting-free")


@dataclass(frozen=True)
class Contradiction:
    """Where L(C_min) meets L(D(C_min)) (Sec. 6.3); ``None`` fields mean the trends never meet."""

    c_min: float | None  # PF-days
    n: float | None
    d: float | None
    loss: float | None

    def __post_init__(self) -> None:
        values = (self.c_min, self.n, self.d, self.loss)
        if all(v is None for v in values):
            return
        for name in ("c_min", "n", "d", "loss"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))


@checks_argument_classes
def contradiction_point(
    laws: KaplanLaws = KAPLAN_2020, data_law: str = "compute-efficient", printed: Printed = PRINTED
) -> Contradiction:
    """Solve L(C_min) = L(D(C_min)) for C_min in [1e-8, 1e30] PF-days.

    ``data_law`` says how the tokens grow with compute: ``compute-efficient`` (``efficient_d``, what
    the frontier processes), ``Eq. 6.7 as printed`` (``printed_d_eq_6_7``), ``Table 6 as printed``
    (D = 2e10 C_min^0.27) or ``overfitting-free`` (``overfit_free_d`` of the efficient N). Past the
    point, L(C_min) would fall below what L(D) allows for the data seen: the laws must break there
    (Sec. 6.3).
    """
    choice("data_law", data_law, DATA_LAWS)

    def data(c: float) -> float:
        if data_law == "compute-efficient":
            return float(efficient_d(c, printed))
        if data_law == "Eq. 6.7 as printed":
            return float(printed_d_eq_6_7(c, printed))
        if data_law == "Table 6 as printed":
            return printed.d_coefficient_table_6 * c**printed.d_exponent_table_6
        return float(overfit_free_d(efficient_n(c, printed), printed))

    def gap(log_c: float) -> float:
        c = float(np.exp(log_c))
        return float(np.log(laws.loss_compute(c)) - np.log(laws.loss_d(data(c))))

    lo, hi = np.log(1e-8), np.log(1e30)
    if np.sign(gap(lo)) == np.sign(gap(hi)):
        return Contradiction(None, None, None, None)
    c = float(np.exp(brentq(gap, lo, hi, xtol=1e-12)))
    return Contradiction(c, float(efficient_n(c, printed)), float(data(c)), float(laws.loss_compute(c)))


@checks_argument_classes
def ledger(laws: KaplanLaws = KAPLAN_2020, printed: Printed = PRINTED) -> list[LedgerRow]:
    """The paper's printed numbers next to what its own constants give: errata and explained gaps."""
    derived = laws.allocation_exponents()
    point = contradiction_point(laws, printed=printed)
    table2 = contradiction_point(KAPLAN_2020_ND_FIT, printed=printed)
    eq_6_7 = contradiction_point(laws, "Eq. 6.7 as printed", printed)
    no_overfit = contradiction_point(laws, "overfitting-free", printed)
    if point.c_min is None or point.n is None or point.d is None or point.loss is None:
        raise ValueError("these laws never reach the contradiction point, so the ledger has no row for it")
    if table2.c_min is None or eq_6_7.c_min is None:
        raise ValueError("with Table 2's L(D) or Eq. 6.7's data law the laws never meet")
    a_c, a_n, a_s = r"$\alpha_C^\mathrm{min}$", r"$\alpha_N$", r"$\alpha_S$"
    return [
        LedgerRow("Eq. 6.4 (and Eqs. 1.3, B.7)", a_c,
                  f"{printed.alpha_c_min_eq_6_4:.3f} (Eq. 6.4); {printed.alpha_c_min_eq_b_7:.3f} (Eq. B.7); "
                  f"{laws.alpha_c_min:.3f} (Eq. 1.3)",
                  f"{laws.alpha_c_min_derived():.4f}",
                  r"$1/(1/0.76 + 1/0.21 + 1/0.076)$: Eq. B.7's 0.052 is right, Eq. 6.4's 0.054 is not; "
                  "Eq. 1.3's 0.050 is a separate fit to the compute frontier"),
        LedgerRow("Eq. 6.5", r"exponent $p$ in $N \propto C_\mathrm{min}^{p}$, derived",
                  f"{printed.n_exponent_eq_6_5:.2f}", f"{derived['N']:.3f}",
                  f"{a_c}/{a_n} with the derived {laws.alpha_c_min_derived():.4f}; "
                  f"0.71 needs {a_c} = 0.054"),
        LedgerRow("Eq. 6.7", r"tokens $D(C_\mathrm{min})$ on the frontier",
                  f"{sci(printed.d_coefficient_eq_6_7, 1)} "
                  + rf"$C_\mathrm{{min}}^{{{printed.d_exponent_eq_6_7}}}$",
                  f"{sci(float(efficient_d(1.0, printed)), 2)} "
                  + rf"$C_\mathrm{{min}}^{{{1 - printed.n_exponent:.2f}}}$",
                  r"$2C_\mathrm{min}/6N$ with $N = 1.3 \times 10^9\,C_\mathrm{min}^{0.73}$ (Table 6 prints "
                  r"$2 \times 10^{10}\,C_\mathrm{min}^{0.27}$); with Eq. 6.7 as printed the contradiction "
                  f"point moves to {sci(eq_6_7.c_min)} PF-days"),
        LedgerRow("Sec. 1.2", r"exponent $p$ in $D \propto N^{p}$ (overfitting)",
                  f"{printed.overfit_exponent:.2f}",
                  f"{laws.overfitting_exponent():.2f} (headline), "
                  f"{KAPLAN_2020_ND_FIT.overfitting_exponent():.3f} (Table 2)",
                  f"Sec. 1.2 gives {a_n}/" + r"$\alpha_D \approx 0.74$ beside the headline 0.076 and 0.095, "
                  "whose ratio is 0.80; 0.74 is the ratio of the separate $L(N, D)$ fit of Table 2 "
                  r"($\alpha_D$ = 0.103), which Eq. 4.4 uses consistently"),
        LedgerRow("Eqs. 1.4, 5.3 and the appendix's table of fits", "$B_*$",
                  f"{sci(laws.b_star, 1)} and {sci(printed.b_star_appendix, 2)} tokens",
                  "two printed values",
                  "text and appendix print different values; the book uses " + sci(laws.b_star, 1)),
        LedgerRow("Eq. 6.1 against Sec. 6.2", r"exponent $p$ in $N \propto C_\mathrm{min}^{p}$, fitted",
                  f"{printed.n_exponent:.2f}", f"{derived['N']:.3f} (derived)",
                  "0.73 is fitted to the compute-efficient models (Eq. 6.1, Table 6, Figure 14); Sec. 6.2 "
                  f"derives {a_c}/{a_n} from $L(N, S_\\mathrm{{min}})$: a fit against a derivation",
                  "explained"),
        LedgerRow("Eq. 6.2 against Sec. 6.2", r"exponent $p$ in $S \propto C_\mathrm{min}^{p}$",
                  f"{printed.s_exponent:.2f}", f"{derived['S']:.3f} (derived)",
                  r"0.24 (for $B$) is derived from $B \propto L^{-4.8}$ and "
                  r"$L \propto C_\mathrm{min}^{-0.05}$, "
                  f"and 0.03 is what remains of 1 - 0.73 - 0.24; {a_c}/{a_s} is more than twice as large",
                  "explained"),
        LedgerRow("Sec. 6.3", "contradiction point",
                  f"~{sci(printed.contradiction_c, 1)} PF-days, $N$ ~ {sci(printed.contradiction_n, 1)}, "
                  f"$D$ ~ {sci(printed.contradiction_d, 1)}, $L$ ~ {printed.contradiction_l}",
                  f"{sci(point.c_min)} PF-days, $N$ = {sci(point.n)}, $D$ = {sci(point.d)}, "
                  f"$L$ = {point.loss:.3f}",
                  "a rough estimate (the paper allows an order of magnitude either way) that depends on the "
                  f"data law: with Table 2's $L(D)$ it is at {sci(table2.c_min)} PF-days; with "
                  + (r"$D \propto N^{0.74}$ the trends never meet"
                     if no_overfit.c_min is None else f"D ~ 5e3 N^0.74 at {sci(no_overfit.c_min)} PF-days"),
                  "explained"),
    ]  # fmt: skip
