"""Kaplan et al. 2020 (arXiv 2001.08361): expected values are the paper's printed numbers."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import kaplan
from scaling_lib.laws.kaplan import KAPLAN_2020, KAPLAN_2020_ND_FIT, PRINTED

sizes = st.floats(min_value=1e3, max_value=1e15)
factor = st.floats(min_value=1.01, max_value=1e3)


def test_headline_constants_as_printed() -> None:
    # Sec. 1.2, Eqs. 1.1-1.6.
    k = KAPLAN_2020
    assert (k.alpha_n, k.n_c, k.alpha_d, k.d_c) == (0.076, 8.8e13, 0.095, 5.4e13)
    assert (k.alpha_c_min, k.c_c_min) == (0.050, 3.1e8)
    assert (k.alpha_b, k.b_star, k.alpha_s, k.s_c) == (0.21, 2e8, 0.76, 2.1e3)


def test_doubling_n_multiplies_loss_by_0_95() -> None:
    assert KAPLAN_2020.loss_n(2e9) / KAPLAN_2020.loss_n(1e9) == pytest.approx(
        0.95, abs=0.005
    )  # "0.95" to two digits


def test_laws_equal_one_at_their_scale_constants() -> None:
    assert KAPLAN_2020.loss_n(8.8e13) == pytest.approx(1.0)
    assert KAPLAN_2020.loss_d(5.4e13) == pytest.approx(1.0)
    assert KAPLAN_2020.loss_compute(3.1e8) == pytest.approx(1.0)
    assert KAPLAN_2020.critical_batch(1.0) == pytest.approx(2e8)


def test_alpha_c_min_printed_and_derived_disagree() -> None:
    # Sec. 6.2 and App. B: 1/(1/0.76 + 1/0.21 + 1/0.076) = 0.052 (Eq. B.7 prints 0.052); the headline
    # (Eq. 1.3) is 0.050, Eq. 6.4 prints 0.054.
    derived = KAPLAN_2020.alpha_c_min_derived()
    assert derived == pytest.approx(0.052, abs=5e-4)
    assert KAPLAN_2020.alpha_c_min == 0.050 and PRINTED.alpha_c_min_eq_6_4 == 0.054
    assert round(derived, 3) == PRINTED.alpha_c_min_eq_b_7 == 0.052
    assert abs(derived - 0.050) > 1e-3 and abs(derived - 0.054) > 1e-3


def test_allocation_exponents() -> None:
    derived = KAPLAN_2020.allocation_exponents()
    assert sum(derived.values()) == pytest.approx(1.0)
    assert derived["B"] == pytest.approx(PRINTED.b_exponent, abs=0.01)  # 0.2476 vs 0.24
    # N ~ C^0.73 is the empirical fit; the exponents give 0.68. S: 0.07 against the printed 0.03.
    assert derived["N"] == pytest.approx(0.684, abs=1e-3) and PRINTED.n_exponent - derived["N"] > 0.04
    assert derived["S"] == pytest.approx(0.068, abs=1e-3) and derived["S"] > 2 * PRINTED.s_exponent
    with pytest.raises(ValueError, match="alpha_c_min must be finite and > 0"):
        KAPLAN_2020.allocation_exponents(-0.05)


def test_overfitting_exponent_comes_from_the_table_2_fit() -> None:
    # Eq. 4.4 prints D ~ N^0.74; Table 2's refit (alpha_D = 0.103) gives it, the headline gives 0.80.
    assert KAPLAN_2020_ND_FIT.overfitting_exponent() == pytest.approx(PRINTED.overfit_exponent, abs=0.005)
    assert KAPLAN_2020.overfitting_exponent() == pytest.approx(0.80, abs=1e-9)


def test_b_star_text_and_appendix_differ() -> None:
    assert KAPLAN_2020.b_star == 2e8 and PRINTED.b_star_appendix == 2.1e8


def test_contradiction_point_matches_the_papers_rough_values() -> None:
    # Sec. 6.3: C* ~ 1e4 PF-days, N* ~ 1e12, D* ~ 1e12 tokens, L* ~ 1.7 nats/token ("rough").
    p = kaplan.contradiction_point()
    assert 1e4 / 3 < p.c_min < 1e4 * 3
    assert 1e12 / 3 < p.n < 1e12 * 3
    assert 1e12 / 5 < p.d < 1e12 * 5
    assert p.loss == pytest.approx(1.7, abs=0.1)
    assert KAPLAN_2020.loss_compute(p.c_min) == pytest.approx(KAPLAN_2020.loss_d(p.d), rel=1e-9)


def test_contradiction_point_depends_on_the_data_law() -> None:
    # With D = 5e3 N^0.74 and N ~ C^0.73, L(D) falls as C^-(0.095 x 0.74 x 0.73) = C^-0.0513, faster
    # than L(C_min) ~ C^-0.050 and from below: the two trends never meet.
    assert 0.095 * 0.74 * 0.73 > 0.050
    assert kaplan.contradiction_point(data_law="overfitting-free") == kaplan.Contradiction(
        None, None, None, None
    )
    # Table 2's L(D) constants move the point by more than an order of magnitude.
    assert kaplan.contradiction_point(KAPLAN_2020_ND_FIT).c_min > 10 * kaplan.contradiction_point().c_min
    with pytest.raises(ValueError, match="unknown data_law 'linear'; allowed: compute-efficient"):
        kaplan.contradiction_point(data_law="linear")


def test_efficient_frontier_data() -> None:
    # C = 2 C_min = 6ND at 1 PF-day with N = 1.3e9: D = 2 x 8.64e19 / (6 x 1.3e9) = 2.2e10 tokens.
    assert kaplan.efficient_d(1.0) == pytest.approx(2 * 8.64e19 / (6 * 1.3e9))
    assert kaplan.efficient_n(1.0) == pytest.approx(1.3e9)
    assert kaplan.overfit_free_d(1e9) == pytest.approx(5e3 * 1e9**0.74)


def test_batch_relations_at_the_critical_batch() -> None:
    # Eqs. 5.4-5.5: at B = B_crit a run takes twice the minimum steps and twice the minimum compute.
    b = KAPLAN_2020.critical_batch(3.0)
    assert KAPLAN_2020.s_min(1e5, b, 3.0) == pytest.approx(5e4)
    assert KAPLAN_2020.c_min(10.0, b, 3.0) == pytest.approx(5.0)


@given(sizes, factor)
def test_losses_fall_with_n_and_d(x: float, k: float) -> None:
    law = KAPLAN_2020
    assert law.loss_n(x * k) < law.loss_n(x)
    assert law.loss_d(x * k) < law.loss_d(x)
    assert law.loss_nd(x * k, 1e10) < law.loss_nd(x, 1e10)
    assert law.loss_nd(1e9, x * k) < law.loss_nd(1e9, x)
    assert law.loss_ns(1e9, x * k) < law.loss_ns(1e9, x)


@given(sizes)
def test_loss_nd_limits(x: float) -> None:
    law = KAPLAN_2020
    assert law.loss_nd(x, 1e40) == pytest.approx(law.loss_n(x), rel=1e-6)
    assert law.loss_nd(1e40, x) == pytest.approx(law.loss_d(x), rel=1e-6)
    assert law.loss_nd(x, x) > max(law.loss_n(x), law.loss_d(x))


@given(st.floats(min_value=0.5, max_value=10), st.floats(min_value=1.01, max_value=5))
def test_critical_batch_falls_as_loss_rises(loss: float, k: float) -> None:
    assert KAPLAN_2020.critical_batch(loss * k) < KAPLAN_2020.critical_batch(loss)


def test_vectorised() -> None:
    n = np.array([1e6, 1e8, 1e10])
    assert KAPLAN_2020.loss_nd(n, 1e10).shape == (3,)
    assert KAPLAN_2020.loss_n(n).shape == (3,)


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_bad_input(bad: float) -> None:
    law = KAPLAN_2020
    for call, name in [(lambda: law.loss_n(bad), "N"), (lambda: law.loss_d(bad), "D"),
                       (lambda: law.loss_compute(bad), "C_min"), (lambda: law.loss_nd(1e9, bad), "D"),
                       (lambda: law.loss_ns(bad, 1e3), "N"), (lambda: law.critical_batch(bad), "L"),
                       (lambda: law.s_min(1e4, bad, 3.0), "B"), (lambda: law.c_min(bad, 1e6, 3.0), "C"),
                       (lambda: kaplan.efficient_n(bad), "C_min")]:  # fmt: skip
        with pytest.raises(ValueError, match=f"^{name} must be finite and > 0"):
            call()
    with pytest.raises(ValueError, match="alpha_n must be finite and > 0"):
        kaplan.KaplanLaws(bad, 1, 1, 1, 1, 1, 1, 1, 1, 1)


def test_eq_6_5_and_eq_6_7_disagree_with_their_derivations() -> None:
    # Eq. 6.5 prints N ~ C^0.71, which needs alpha_C^min = 0.054: 0.054 / 0.076 = 0.711.
    assert PRINTED.n_exponent_eq_6_5 == pytest.approx(0.054 / 0.076, abs=0.005)
    assert KAPLAN_2020.allocation_exponents()["N"] == pytest.approx(0.684, abs=1e-3)
    # Eq. 6.7 prints D = 4e10 C^0.26; 2 C / 6N with N = 1.3e9 C^0.73 gives 2.2e10 C^0.27
    # (Table 6: 2e10 C^0.27).
    pf_day = 8.64e19
    assert kaplan.efficient_d(1.0) == pytest.approx(2 * pf_day / (6 * 1.3e9), rel=1e-12)
    assert kaplan.efficient_d(1.0) == pytest.approx(2.2e10, rel=0.02)
    assert kaplan.printed_d_eq_6_7(1.0) == 4e10
    assert kaplan.printed_d_eq_6_7(1e4) == pytest.approx(4e10 * 1e4**0.26)


def test_contradiction_point_with_eq_6_7_as_printed() -> None:
    # With D = 4e10 C^0.26 the crossing of L(C_min) = (3.1e8 / C)^0.050 and L(D) = (5.4e13 / D)^0.095
    # solves 0.050 ln(3.1e8 / C) = 0.095 ln(5.4e13 / (4e10 C^0.26)) in closed form.
    log_c = (0.095 * math.log(5.4e13 / 4e10) - 0.050 * math.log(3.1e8)) / (0.095 * 0.26 - 0.050)
    p = kaplan.contradiction_point(data_law="Eq. 6.7 as printed")
    assert p.c_min == pytest.approx(math.exp(log_c), rel=1e-6)
    assert p.c_min == pytest.approx(1.06e5, rel=0.01) and p.loss == pytest.approx(1.49, abs=0.005)
    assert p.n == pytest.approx(6.1e12, rel=0.01)


def test_overfitting_penalty_of_gpt3() -> None:
    # GPT-3: 175B parameters, 300B tokens. Eq. 4.3 with Table 2's constants (alpha_N 0.076, alpha_D 0.103,
    # N_c 6.4e13, D_c 1.8e13) by hand: ~6 %; with the headline ones (0.095, 8.8e13, 5.4e13) ~8 %.
    def by_hand(a_n: float, a_d: float, n_c: float, d_c: float) -> float:
        n, d = 175e9, 300e9
        return (1 + (n / n_c) ** (a_n / a_d) * d_c / d) ** a_d - 1

    assert KAPLAN_2020_ND_FIT.overfitting_penalty(175e9, 300e9) == pytest.approx(
        by_hand(0.076, 0.103, 6.4e13, 1.8e13), rel=1e-9
    )
    assert KAPLAN_2020_ND_FIT.overfitting_penalty(175e9, 300e9) == pytest.approx(0.06, abs=0.005)
    assert KAPLAN_2020.overfitting_penalty(175e9, 300e9) == pytest.approx(0.08, abs=0.005)


@given(sizes, st.floats(min_value=1e6, max_value=1e15), factor)
def test_overfitting_penalty_falls_with_data(n: float, d: float, k: float) -> None:
    assert KAPLAN_2020.overfitting_penalty(n, d * k) <= KAPLAN_2020.overfitting_penalty(n, d) + 1e-12


def test_compute_for_efficient_n_inverts_the_frontier() -> None:
    # Eq. 6.1: N = 1.3e9 C^0.73, so N = 1.5e9 (Kaplan's largest) sits at (1.5 / 1.3)^(1 / 0.73) PF-days.
    assert kaplan.compute_for_efficient_n(1.5e9) == pytest.approx((1.5 / 1.3) ** (1 / 0.73))
    assert kaplan.efficient_n(kaplan.compute_for_efficient_n(3e7)) == pytest.approx(3e7)
    assert kaplan.SIZE_RANGE == (768.0, 1.5e9) and kaplan.DATA_RANGE == (2.2e7, 2.3e10)  # Sec. 3
    with pytest.raises(ValueError, match="N must be finite and > 0"):
        kaplan.compute_for_efficient_n(-1.0)


def test_efficient_n_for_flops_halves_the_budget_into_c_min() -> None:
    # 2 PF-days of training FLOPs is C_min = 1 PF-day at B_crit, where Eq. 6.1 gives 1.3e9.
    assert kaplan.efficient_n_for_flops(2 * 8.64e19) == pytest.approx(1.3e9)
    with pytest.raises(ValueError, match="C must be finite and > 0"):
        kaplan.efficient_n_for_flops(0.0)


def test_the_table_3_fit_of_l_n_s() -> None:
    # Table 3: alpha_N = 0.077, N_c = 6.5e13, S_c = 2.1e3, alpha_S = 0.76.
    k = kaplan.KAPLAN_2020_NS_FIT
    assert (k.alpha_n, k.n_c, k.s_c, k.alpha_s) == (0.077, 6.5e13, 2.1e3, 0.76)
    assert k.loss_ns(1e8, 1e5) == pytest.approx((6.5e13 / 1e8) ** 0.077 + (2.1e3 / 1e5) ** 0.76)


@given(st.floats(1e-8, 1e8))
def test_frontier_point_is_consistent(c_min: float) -> None:
    point = kaplan.frontier_point(c_min)
    # Eq. 6.1's N, C = 2 C_min = 6 N D (Eq. 5.5 and Sec. 2.1), S = D / B_crit(L(C_min)) (Eqs. 1.3-1.4).
    assert point["N"] == pytest.approx(1.3e9 * c_min**0.73)
    assert 6 * point["N"] * point["D"] == pytest.approx(2 * c_min * 8.64e19)
    b = 2e8 / (KAPLAN_2020.loss_compute(c_min)) ** (1 / 0.21)
    assert point["B"] == pytest.approx(b) and point["S"] == pytest.approx(point["D"] / b)


def test_frontier_point_bad_input() -> None:
    with pytest.raises(ValueError, match="C_min must be finite and > 0"):
        kaplan.frontier_point(0.0)


@pytest.mark.parametrize("field", ["n_coefficient", "overfit_exponent", "contradiction_l"])
@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf, None, "x"])
def test_printed_numbers_must_be_sizes(field: str, bad: object) -> None:
    with pytest.raises(ValueError, match=field):
        kaplan.Printed(**{field: bad})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "law,args",
    [(KAPLAN_2020.loss_nd, (1e-300, 1e-300)),
     (KAPLAN_2020.critical_batch, (1e-300,)), (KAPLAN_2020.c_min, (1e-300, 1e-300, 1e-300)),
     (kaplan.compute_for_efficient_n, (1e300,)), (kaplan.efficient_d, (1e300,))],
)  # fmt: skip
def test_laws_beyond_float_range_raise(law: object, args: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="beyond floating-point range"):
        law(*args)  # type: ignore[operator]


def test_loss_n_stays_finite_where_the_answer_is() -> None:
    # N_c / N overflows at N = 1e-300, but (N_c / N)^alpha_N (Eq. 1.1) does not.
    expected = math.exp(KAPLAN_2020.alpha_n * (math.log(KAPLAN_2020.n_c) + 300 * math.log(10)))
    assert KAPLAN_2020.loss_n(1e-300) == pytest.approx(expected, rel=1e-9)


def test_contradiction_point_with_table_6_as_printed() -> None:
    # Table 6's D = 2e10 C^0.27 against the headline L(C_min) = (3.1e8 / C)^0.050 and
    # L(D) = (5.4e13 / D)^0.095, in closed form: 1.12e4 PF-days and L* = 1.668, the paper's "~10^4" and
    # "~1.7" (Sec. 6.3) almost exactly.
    log_c = (0.095 * math.log(5.4e13 / 2e10) - 0.050 * math.log(3.1e8)) / (0.095 * 0.27 - 0.050)
    p = kaplan.contradiction_point(data_law="Table 6 as printed")
    assert p.c_min == pytest.approx(math.exp(log_c), rel=1e-6)
    assert p.c_min == pytest.approx(1.12e4, rel=0.005) and p.loss == pytest.approx(1.668, abs=0.0005)
    assert p.d == pytest.approx(2e10 * p.c_min**0.27, rel=1e-12)


def test_overfitting_free_data_never_meets_the_frontier() -> None:
    # D = 5e3 N^0.74 with N = 1.3e9 C^0.73 grows as C^0.54; L(D) then falls as C^-0.051 (headline) or
    # C^-0.056 (Table 2's alpha_D = 0.103), faster than L(C_min) ~ C^-0.050 and from below it.
    for law in (kaplan.KAPLAN_2020, kaplan.KAPLAN_2020_ND_FIT):
        assert kaplan.contradiction_point(law, "overfitting-free").c_min is None
