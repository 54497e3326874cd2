"""Each exercise answer against a calculation done by hand from the papers' numbers."""

import math

import pytest

from scaling_lib import exercises
from scaling_lib.laws.architectures import Architecture, preset


def test_intro_two_points() -> None:
    alpha = exercises.power_law_exponent(1e8, 3.0, 1e10, 2.4)
    assert alpha == pytest.approx(math.log(1.25) / math.log(100))
    assert 3.0 * (1e12 / 1e8) ** -alpha == pytest.approx(3.0 / 1.25**2)


def test_kaplan_answers() -> None:
    printed, derived = exercises.kaplan_growth_per_decade()
    assert printed == pytest.approx(10**0.73)
    assert derived == pytest.approx(10 ** (1 / (1 / 0.76 + 1 / 0.21 + 1 / 0.076) / 0.076))
    assert exercises.overfit_free_tokens(175e9) == pytest.approx(5e3 * 175e9**0.74)


def test_accounting_answers() -> None:
    c, pfd = exercises.llama2_7b_training()
    assert c == pytest.approx(8.4e22) and pfd == pytest.approx(8.4e22 / 8.64e19)
    assert Architecture.gpt(32, 4096, 32).non_embedding_params() == 12 * 32 * 4096**2
    # 2 n d / (24 d^2 + 2 n d) = 0.1  =>  n = 4d/3.
    assert preset("GPT-3 175B").context_for_attention_share(0.1) == pytest.approx(4 * 12288 / 3)
    with pytest.raises(ValueError, match="share must be strictly between 0 and 1"):
        preset("GPT-3 175B").context_for_attention_share(0.0)


def test_chinchilla_answers() -> None:
    # Replication fit: G = (alpha A / beta B)^(1/(alpha+beta)), N = G (C/6)^a.
    alpha, beta, a_coef, b_coef = 0.3478, 0.3658, 482.01, 2085.43
    g = (alpha * a_coef / (beta * b_coef)) ** (1 / (alpha + beta))
    n, d = exercises.replication_optimum(1e24)
    assert n == pytest.approx(g * (1e24 / 6) ** (beta / (alpha + beta)))
    assert n * d * 6 == pytest.approx(1e24)
    low, high = exercises.ratio_growth(1e21, 1e25)
    b_minus_a = (0.33917084 - 0.2849083) / (0.33917084 + 0.2849083)
    assert high / low == pytest.approx(1e4**b_minus_a)


def test_chinchillas_death_answers() -> None:
    alpha, beta = 0.33917084, 0.2849083
    a_coef, b_coef = math.exp(6.0073404), math.exp(6.0179186)
    k = a_coef * (7e9**-alpha - 70e9**-alpha)
    m = b_coef * 6**beta * (7e9**beta - 70e9**beta)
    assert exercises.law_crossing_7b_70b() == pytest.approx((-m / k) ** (1 / beta))
    assert 0.3 < exercises.overhead_at(0.4) < 0.6
    best, n_opt = exercises.inference_plan(2.0, 1e13)
    assert best.n < n_opt and best.tokens_per_parameter > 100


def test_exercise_helpers_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="x1 and x2 must differ"):
        exercises.power_law_exponent(1e8, 3.0, 1e8, 2.0)
    with pytest.raises(ValueError, match="^loss2 must be finite and > 0"):
        exercises.power_law_exponent(1e8, 3.0, 1e9, 0.0)
