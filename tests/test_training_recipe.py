"""Batch size, learning rate, muP and schedule laws: the papers' printed constants and tables, the laws'
shapes, the fits on Luo et al.'s runs, and the muP toy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import accounting, datasets, hyperparameters, mup, schedule_laws
from scaling_lib.laws.hyperparameters import DEEPSEEK, LayerScale, layer_scales

# DeepSeek LLM (Bi et al. 2024), Table 2: layers, d_model, batch (sequences of 4096 tokens), peak
# learning rate; both trained on 2T tokens.
DEEPSEEK_TABLE_2 = {"7B": (30, 4096, 2304, 4.2e-4), "67B": (95, 8192, 4608, 3.2e-4)}


@pytest.mark.parametrize("model", DEEPSEEK_TABLE_2)
def test_deepseeks_laws_give_the_hyperparameters_they_chose(model: str) -> None:
    # Eq. 1 at C = M D (Eq. 2's M, D = 2T) against Table 2, "based on our findings in Section 3":
    # within 3% for the learning rate and 10% for the batch size (the paper rounds its choices to
    # batches of whole sequences and to two digits).
    n_layer, d_model, sequences, lr = DEEPSEEK_TABLE_2[model]
    c = accounting.deepseek_m(n_layer, d_model, 4096) * 2e12
    assert DEEPSEEK.learning_rate(c) == pytest.approx(lr, rel=0.03)
    assert DEEPSEEK.batch_size(c) == pytest.approx(sequences * 4096, rel=0.10)


def test_deepseeks_printed_constants() -> None:
    # Eq. 1 and Eq. 4 as printed.
    assert (DEEPSEEK.lr_coef, DEEPSEEK.lr_exp, DEEPSEEK.b_coef, DEEPSEEK.b_exp) == (
        0.3118,
        -0.1250,
        0.2920,
        0.3271,
    )
    assert DEEPSEEK.fitted_flops == (1e17, 2e19)
    k = hyperparameters.DEEPSEEK_ALLOCATION
    assert (k["m_base"], k["a"], k["d_base"], k["b"]) == (0.1715, 0.5243, 5.8316, 0.4757)


@given(st.floats(1e15, 1e27))
def test_the_allocation_spends_the_budget(c: float) -> None:
    # M_opt D_opt = C: the exponents add up to 1 and the constants' product is 1.0001 as printed.
    m, d = hyperparameters.deepseek_allocation(c)
    assert m * d == pytest.approx(c, rel=2e-4)


@given(st.floats(1e15, 1e26), st.floats(1.01, 100.0))
def test_more_compute_larger_batch_smaller_learning_rate(c: float, factor: float) -> None:
    assert DEEPSEEK.batch_size(c * factor) > DEEPSEEK.batch_size(c)
    assert DEEPSEEK.learning_rate(c * factor) < DEEPSEEK.learning_rate(c)


def test_at_the_critical_batch_a_run_takes_twice_the_steps_and_twice_the_data() -> None:
    # Kaplan et al. 2020, Sec. 5.1: "requiring 2 S_min training steps and processing E = 2 E_min".
    assert hyperparameters.batch_tradeoff(3e6, 3e6) == (2.0, 2.0)
    steps, data = hyperparameters.batch_tradeoff(np.array([1e5, 1e8]), 1e6)
    assert steps[0] == pytest.approx(11) and data[1] == pytest.approx(101)


@given(st.floats(1e3, 1e9), st.floats(1e3, 1e9))
def test_the_tradeoff_holds_at_every_batch(batch: float, b_crit: float) -> None:
    steps, data = hyperparameters.batch_tradeoff(batch, b_crit)
    assert (steps - 1) * (data - 1) == pytest.approx(1.0)  # Kaplan et al.'s Eq. 5.1


def test_the_simple_noise_scale_is_variance_over_squared_mean() -> None:
    # Gradients G + noise with per-coordinate variance s^2 in p coordinates: B_simple = p s^2 / |G|^2.
    rng = np.random.default_rng(0)
    mean, s = np.array([3.0, 4.0, 0.0, 0.0]), 10.0
    grads = mean + s * rng.standard_normal((200_000, 4))
    assert hyperparameters.simple_noise_scale(grads) == pytest.approx(4 * s**2 / 25, rel=0.02)
    # A batch of B_simple examples estimates G with relative squared error about 1 (McCandlish et al.).
    b = round(hyperparameters.simple_noise_scale(grads))
    batches = grads[: (len(grads) // b) * b].reshape(-1, b, 4).mean(axis=1)
    assert np.mean(np.sum((batches - mean) ** 2, axis=1)) / 25 == pytest.approx(1.0, rel=0.1)
    with pytest.raises(ValueError, match="stationary point"):
        hyperparameters.simple_noise_scale(np.array([[1.0, -1.0], [-1.0, 1.0]]))


def test_minicpms_batch_law() -> None:
    # Hu et al. 2024, Sec. 3.2: bs = 1.21e9 / L^6.24.
    assert hyperparameters.minicpm_batch_size(1.0) == pytest.approx(1.21e9)
    assert hyperparameters.minicpm_batch_size(3.0) == pytest.approx(1.21e9 / 3.0**6.24)
    assert hyperparameters.minicpm_batch_size(2.5) > hyperparameters.minicpm_batch_size(3.0)


def test_mup_scales_as_table_3_says_for_adam() -> None:
    # Yang et al. 2022, Table 3 (Adam): hidden and output learning rates 1/fan_in, output initial
    # variance 1/fan_in^2, scaled to SP's at the base width (their Eq. 4: N(0, 1/(n n/n0))); input weights
    # as in SP; SP trains every layer at one learning rate.
    for layer in ("input", "hidden", "output"):
        assert layer_scales(layer, 1024, 64, "sp") == LayerScale(1.0, 1.0)
    assert layer_scales("input", 8, 8, "mup") == LayerScale(1.0, 1.0)
    assert layer_scales("hidden", 1024, 64, "mup") == LayerScale(1.0, 1 / 16)
    assert layer_scales("output", 1024, 64, "mup") == LayerScale(1 / 4, 1 / 16)
    assert layer_scales("output", 64, 64, "mup") == LayerScale(1.0, 1.0)  # the base width: SP itself


# ------------------------------------------------------------------------------------------------
# Schedule laws


def luo(size: str, schedule: str) -> tuple[schedule_laws.Schedule, np.ndarray]:
    run = datasets.load_luo_schedule(size, schedule)
    return schedule_laws.Schedule.from_log(run.step, run.lr), run.loss


def test_a_schedule_rebuilt_from_its_log_passes_through_every_logged_rate() -> None:
    run = datasets.load_luo_schedule("100M", "cosine_24000")
    schedule = schedule_laws.Schedule.from_log(run.step, run.lr)
    assert schedule.lr.size == run.step[-1] and schedule.warmup_steps == run.step[0] - 1
    np.testing.assert_allclose(schedule.lr[schedule.logged - 1], run.lr, rtol=1e-12)
    assert np.all(np.diff(schedule.lr[: schedule.warmup_steps + 1]) > 0)  # the warmup rises
    assert np.all(np.diff(schedule.s1()) > 0)
    assert schedule.warmup_sum() == pytest.approx(run.lr[0] * (run.step[0] - 1) / 2, rel=1e-3)


def test_a_constant_rate_has_no_annealing_and_no_loss_drop() -> None:
    schedule, _ = luo("100M", "constant_24000")
    assert np.all(schedule.annealing_area() == 0)
    law = schedule_laws.MultiPowerLaw(2.7, 0.6, 0.45, 400.0, 2.0, 0.6, 0.6)
    np.testing.assert_allclose(law.loss(schedule), 2.7 + 0.6 * schedule.s1() ** -0.45, rtol=1e-12)


def test_decay_lowers_the_predicted_loss() -> None:
    constant, _ = luo("100M", "constant_24000")
    wsd, _ = luo("100M", "wsd_20000_24000")
    law = schedule_laws.MultiPowerLaw(2.7, 0.6, 0.45, 400.0, 2.0, 0.6, 0.6)
    annealing = schedule_laws.AnnealingLaw(2.7, 0.6, 0.45, 0.5)
    for fitted in (law, annealing):
        gap = fitted.loss(constant) - fitted.loss(wsd)
        assert gap[-1] > 0.01  # after the decay the WSD run is predicted lower


def test_the_multi_power_law_is_the_repositorys_formula_term_by_term() -> None:
    # L(t) = L0 + A (S1(t) + S_W)^-alpha - B sum_{k=1..t} (eta_{k-1} - eta_k) G(eta_k^-gamma S_k(t)),
    # G(x) = 1 - (C x + 1)^-beta, S_k(t) = sum_{tau=k..t} eta_tau (thu-yao-01-luo/MultiPowerLaw, README),
    # written out as loops over a short schedule: 20 warmup steps, then constant, a cosine and a drop.
    step = np.array([21, 60, 100, 140, 141, 180, 220, 260, 300], dtype=float)
    lr = np.array([3e-4, 3e-4, 2.5e-4, 1.5e-4, 1.4e-4, 9e-5, 9e-5, 3e-5, 3e-5])
    schedule = schedule_laws.Schedule.from_log(step, lr)
    law = schedule_laws.MultiPowerLaw(2.7, 0.6, 0.45, 440.0, 2.1, 0.6, 0.65)
    eta = schedule.lr  # eta[i] at step i + 1
    warmup = schedule.warmup_steps
    expected = []
    for t in schedule.logged:
        s_w, s1 = eta[:warmup].sum(), eta[warmup:t].sum()
        drop = 0.0
        for k in range(warmup + 1, t):  # eta_{k-1} - eta_k after warmup (0-based indices)
            s_k = eta[k:t].sum()
            drop += (eta[k - 1] - eta[k]) * (1 - (law.C * eta[k] ** -law.gamma * s_k + 1) ** -law.beta)
        expected.append(law.L0 + law.A * (s1 + s_w) ** -law.alpha - law.B * drop)
    np.testing.assert_allclose(law.loss(schedule, block=1), expected, rtol=1e-12)


def test_the_annealing_law_term_by_term() -> None:
    # L = L0 + A S1^-alpha - C S2, S1 the rates summed, S2 the sum of m_i = lam m_{i-1} + (eta_{i-1} - eta_i).
    step = np.array([11, 50, 90, 91, 150], dtype=float)
    schedule = schedule_laws.Schedule.from_log(step, np.array([3e-4, 3e-4, 1e-4, 5e-5, 5e-5]))
    law = schedule_laws.AnnealingLaw(2.7, 0.6, 0.45, 0.5, lam=0.99)
    eta, w = schedule.lr, schedule.warmup_steps
    m, s2, expected = 0.0, 0.0, {}
    for i in range(w, eta.size):
        m = law.lam * m + (eta[i - 1] - eta[i] if i > w else 0.0)
        s2 += m
        expected[i + 1] = law.L0 + law.A * eta[: i + 1].sum() ** -law.alpha - law.C * s2
    np.testing.assert_allclose(law.loss(schedule), [expected[t] for t in schedule.logged], rtol=1e-12)


@pytest.mark.parametrize("schedule", ["cosine_24000", "wsd_20000_24000", "wsdld_20000_24000", "wsdcon_3"])
def test_the_multi_power_laws_blocks_match_the_sum_over_every_step(schedule: str) -> None:
    # The authors' repository's 100M parameters (its README) and a fit of the book's: blocks of up to 64
    # steps, cut finer where the rate falls fast (the drop of wsdcon_3), give the step-by-step sum within
    # 0.001 nats at every logged step.
    s, _ = luo("100M", schedule)
    for law in (schedule_laws.MultiPowerLaw(2.651, 0.601, 0.453, 437.946, 2.132, 0.598, 0.655),
                schedule_laws.MultiPowerLaw(2.78, 0.6, 0.448, 482.0, 7.0e-5, 2.87, 1.25)):  # fmt: skip
        np.testing.assert_allclose(law.loss(s), law.loss(s, block=1), atol=1e-3)


@pytest.mark.parametrize("law", schedule_laws.LAWS)
def test_a_fit_recovers_the_law_that_made_the_curves(law: str) -> None:
    truth = (
        schedule_laws.AnnealingLaw(2.8, 0.6, 0.45, 0.5)
        if law == "annealing"
        else schedule_laws.MultiPowerLaw(2.8, 0.6, 0.45, 480.0, 1e-4, 2.9, 1.2)
    )
    schedules = [luo("25M", s)[0] for s in ("constant_24000", "cosine_24000", "wsdcon_9")]
    fitted = schedule_laws.fit_schedule_law(law, schedules, [truth.loss(s) for s in schedules])
    for s in (luo("25M", "wsd_20000_24000")[0], luo("25M", "cosine_72000")[0]):
        np.testing.assert_allclose(fitted.loss(s), truth.loss(s), atol=2e-3)


@pytest.mark.slow
@pytest.mark.parametrize("law", schedule_laws.LAWS)
def test_fitted_on_three_schedules_each_law_predicts_the_others(law: str) -> None:
    # Fit on the schedules the authors' repository fits (constant and cosine to 24k steps, wsdcon_9) for
    # the 100M model; every other schedule's logged loss is predicted within 0.02 nats RMS (the logged
    # training loss itself scatters by about 0.01).
    train = ("constant_24000", "cosine_24000", "wsdcon_9")
    fitted = schedule_laws.fit_schedule_law(law, [luo("100M", s)[0] for s in train],
                                            [luo("100M", s)[1] for s in train])  # fmt: skip
    errors = {}
    for name in datasets.LUO_SCHEDULES:
        if name not in train:
            schedule, loss = luo("100M", name)
            errors[name] = float(np.sqrt(np.mean((fitted.loss(schedule) - loss) ** 2)))
    assert max(errors.values()) < 0.02 and np.mean(list(errors.values())) < 0.01, errors


# ------------------------------------------------------------------------------------------------
# muP toy


def test_the_coordinate_check_separates_sp_from_mup() -> None:
    # Yang et al. 2022, App. D.1: under SP the output moves more the wider the network; under muP it
    # does not grow. Here over widths 16 to 1024 after 5 Adam steps at 2^-6.
    widths = (16, 64, 256, 1024)
    sp = mup.coordinate_check(widths, "sp", 2**-6)
    mu = mup.coordinate_check(widths, "mup", 2**-6)
    assert sp.output[-1] > 5 * sp.output[0] and sp.hidden[-1] > 3 * sp.hidden[0]
    assert max(mu.output) < 1.5 * mu.output[0] and max(mu.hidden) < 1.5 * mu.hidden[1]
    assert sp.output[0] == mu.output[0]  # the base width: one network


def test_training_is_seeded() -> None:
    assert mup.train(32, "mup", 0.01, steps=20) == mup.train(32, "mup", 0.01, steps=20)
    assert mup.train(32, "mup", 0.01, steps=20, seed=1) != mup.train(32, "mup", 0.01, steps=20)
    assert mup.train(16, "sp", 50.0, steps=20) == float("inf") or mup.train(16, "sp", 50.0, steps=20) > 1


def test_the_best_learning_rate_is_the_parabolas_vertex() -> None:
    lrs = tuple(2.0**k for k in range(-8, -2))
    losses = tuple(float(np.exp((np.log2(lr) + 5.3) ** 2)) for lr in lrs)  # a parabola in log-log
    assert mup.best_learning_rate(lrs, losses) == pytest.approx(2**-5.3)
    assert mup.best_learning_rate(lrs, (1.0, 2, 3, 4, 5, 6)) == lrs[0]  # the minimum at an end
    assert mup.best_learning_rate(lrs, (3.0, 2, 1, float("inf"), 5, 6)) == lrs[2]


@pytest.mark.slow
def test_under_mup_the_best_learning_rate_moves_less_with_width() -> None:
    # From width 16 to 256, each loss the mean of two seeds: SP's best learning rate falls by more than
    # 1.5 octaves, muP's moves by less than half an octave.
    lrs = tuple(2.0**k for k in range(-9, -3))
    shift = {}
    for p in ("sp", "mup"):
        best = [
            mup.best_learning_rate(lrs, tuple(float(np.mean([mup.train(n, p, lr, seed=s) for s in (0, 1)]))
                                              for lr in lrs))
            for n in (16, 256)
        ]  # fmt: skip
        shift[p] = float(np.log2(best[0] / best[1]))
    assert shift["sp"] > 1.5 and abs(shift["mup"]) < 0.5, shift
