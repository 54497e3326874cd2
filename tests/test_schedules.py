"""Learning-rate schedules against LLaMA's description and Luo et al.'s logged learning rates."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import datasets, schedules


@pytest.mark.parametrize("size", datasets.LUO_SIZES)
def test_cosine_and_wsd_reproduce_the_logged_learning_rates(size: str) -> None:
    # Luo et al. 2025's CSVs log lr = 3e-4 x fraction; their runs start logging after 2,160 warmup steps,
    # decay to 3e-5 (10%), and WSD decays from step 20,000 to 24,000 (SOURCE.md of the data).
    for total in (24_000, 72_000):
        run = datasets.load_luo_schedule(size, f"cosine_{total}")
        assert schedules.cosine_fraction(run.step, total, 2160) == pytest.approx(run.lr / 3e-4, abs=1e-9)
    for schedule, decay in (("wsdld_20000_24000", "linear"), ("wsd_20000_24000", "exponential")):
        run = datasets.load_luo_schedule(size, schedule)
        fraction = schedules.wsd_fraction(run.step, 24_000, 20_000, 2160, decay=decay)
        assert fraction == pytest.approx(run.lr / 3e-4, abs=1e-6)
    run = datasets.load_luo_schedule(size, "constant_24000")
    assert schedules.constant_fraction(run.step, 2160) == pytest.approx(run.lr / 3e-4)


def test_llama_schedule() -> None:
    # Touvron et al. 2023a, Sec. 2.3: 2,000 warmup steps, cosine to 10% of the peak; 4M tokens a step.
    assert schedules.cosine_fraction(0, 10_000, 2000) == 0.0
    assert schedules.cosine_fraction(1000, 10_000, 2000) == pytest.approx(0.5)
    assert schedules.cosine_fraction(6000, 10_000, 2000) == pytest.approx(0.1 + 0.9 * 0.5)
    assert schedules.cosine_fraction(12_000, 10_000, 2000) == pytest.approx(0.1)
    # Llama 2 7B: 2.0T tokens = 500,000 steps; half-way through the decay the rate is 55% of the peak.
    half = (2000 + 0.5 * (500_000 - 2000)) / 500_000
    assert schedules.llama_lr_fraction(half, 2.0e12) == pytest.approx(0.55)
    assert schedules.llama_lr_fraction(1.0, 2.0e12) == pytest.approx(0.1)


@given(st.floats(1, 1e6), st.floats(0, 0.99), st.floats(0, 1))
def test_decays_are_monotone_and_bounded(total: float, warm: float, ratio: float) -> None:
    steps = np.linspace(warm * total, total * 1.5, 200)
    cosine = schedules.cosine_fraction(steps, total, warm * total, ratio)
    wsd = schedules.wsd_fraction(steps, total, (1 + warm) / 2 * total, warm * total, ratio)
    for lr in (cosine, wsd):
        assert np.all(np.diff(lr) <= 1e-12)
        assert np.all((lr >= ratio - 1e-12) & (lr <= 1 + 1e-12))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: schedules.cosine_fraction(-1, 100), "step must be finite and >= 0"),
        (lambda: schedules.cosine_fraction(math.nan, 100), "step must be finite and >= 0"),
        (lambda: schedules.cosine_fraction(1, 0), "total_steps must be finite and > 0"),
        (lambda: schedules.cosine_fraction(1, 100, 100), r"warmup_steps must be in \[0, total_steps\)"),
        (
            lambda: schedules.cosine_fraction(1, 100, final_ratio=2),
            r"final_ratio must be a number in \[0, 1\]",
        ),
        (lambda: schedules.wsd_fraction(1, 100, 120), "decay_start must be below total_steps"),
        (lambda: schedules.wsd_fraction(1, 100, 80, decay="cosine"), "unknown decay 'cosine'"),
        (
            lambda: schedules.wsd_fraction(1, 100, 80, final_ratio=0, decay="exponential"),
            "final_ratio must be > 0",
        ),
        (lambda: schedules.constant_fraction(1, -5), "warmup_steps must be a finite number >= 0"),
        (lambda: schedules.llama_lr_fraction(1.2, 2e12), r"fraction_complete must be in \[0, 1\]"),
        (lambda: schedules.llama_lr_fraction(0.5, 0), "total_tokens must be finite and > 0"),
    ],
)
def test_bad_input(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
