"""Training memory, utilisation and inference: ZeRO's 16 bytes, Korthikanti et al.'s activations,
PaLM's MFU, and a public worked example of LLaMA 2 70B's key-value cache."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import accounting as acc
from scaling_lib import architectures as ar
from scaling_lib import inference, memory, units


def test_mixed_precision_adam_is_16_bytes() -> None:
    # Rajbhandari et al. 2020 (ZeRO), Sec. 3.1: 2 + 2 + 12 bytes per parameter with Adam.
    assert sum(memory.MIXED_PRECISION_ADAM.values()) == 16
    assert memory.model_state_bytes(7.5e9) == 120e9  # ZeRO, Fig. 1: 7.5B parameters, 120 GB (baseline)
    assert memory.model_state_bytes(1, gradient_bytes=4) == 18
    assert memory.devices_for_model_state(70e9, 80e9) == 14


def test_korthikanti_activation_formulas() -> None:
    # Korthikanti et al. 2022, Sec. 4-5, with s, b, h, a = 2048, 1, 12288, 96 (GPT-3 175B), t = 8.
    s, b, h, a, t = 2048, 1, 12288, 96, 8
    f = memory.activation_bytes_per_layer
    assert f(s, b, h, a) == s * b * h * (34 + 5 * a * s / h)
    assert f(s, b, h, a, t) == pytest.approx(s * b * h * (10 + 24 / t + 5 * a * s / (h * t)))
    assert f(s, b, h, a, t, sequence_parallel=True) == pytest.approx(s * b * h * (34 + 5 * a * s / h) / t)
    assert f(s, b, h, a, t, recompute="selective") == pytest.approx(s * b * h * (10 + 24 / t))
    assert f(s, b, h, a, t, True, "selective") == pytest.approx(34 * s * b * h / t)
    assert f(s, b, h, a, recompute="full") == 2 * s * b * h
    # For GPT-3's shape selective recomputation keeps 34 / 114 of the activations (5as/h = 80).
    assert f(s, b, h, a, recompute="selective") / f(s, b, h, a) == pytest.approx(34 / 114)


@given(st.integers(1, 2**15), st.integers(1, 64), st.sampled_from([1, 2, 4, 8]))
def test_recomputation_and_parallelism_never_add_memory(s: int, b: int, t: int) -> None:
    f = memory.activation_bytes_per_layer
    none, sel, full = (f(s, b, 4096, 32, t, True, r) for r in memory.RECOMPUTE)
    assert full <= none and sel <= none
    assert f(s, b, 4096, 32, t, sequence_parallel=True) <= f(s, b, 4096, 32, t)


def test_palm_540b_mfu() -> None:
    # Chowdhery et al. 2022, Sec. 4.1: 238.3K tokens/s on 6144 TPU v4 chips (275 TFLOP/s peak, App. B):
    # "45.7% without self-attention or 46.2% with it".
    with_attention = acc.model_flops_per_token(540.35e9, 118, 2048, 48 * 256)
    assert units.model_flops_utilisation(238.3e3, with_attention, 6144, 275e12) == pytest.approx(
        0.462, abs=5e-4
    )
    assert units.model_flops_utilisation(238.3e3, 6 * 540.35e9, 6144, 275e12) == pytest.approx(
        0.457, abs=5e-4
    )


def test_device_table_and_days() -> None:
    # NVIDIA datasheets: A100 BF16 312 TFLOPS dense; H100 SXM 1,979 TFLOPS with sparsity, half dense.
    assert units.device("A100").peak_flops == 312e12
    assert units.device("H100").peak_flops == pytest.approx(1979e12 / 2, rel=1e-3)
    h100 = units.device("H100")
    assert units.device_days(989e12 * 0.5 * 86_400, h100, 0.5) == pytest.approx(1.0)
    assert h100.ridge_point == pytest.approx(989e12 / 3.35e12)


def test_llama2_70b_kv_cache_at_4k() -> None:
    # The released LLaMA 2 70B configuration: 80 layers, 8 key/value heads of dimension 128. Keys and
    # values of 4,096 tokens in 16 bits: 2 x 80 x 8 x 128 x 2 bytes x 4,096 = 1,342,177,280 bytes.
    a = ar.preset("LLaMA-2 70B")
    assert inference.kv_cache_bytes_per_token(a) * 4096 == 1_342_177_280
    mha = ar.Architecture(80, 8192, 64, 28672, 32000, 4096)
    assert inference.kv_cache_bytes_per_token(mha) == 8 * inference.kv_cache_bytes_per_token(a)
    assert inference.kv_cache_bytes_per_token(a, "fp8") * 2 == inference.kv_cache_bytes_per_token(a)


def test_decode_is_memory_bound_and_prefill_compute_bound() -> None:
    a, h100 = ar.preset("LLaMA-2 70B"), units.device("H100")
    one = inference.decode_step(a, h100, context=4096)
    assert one.bound == "memory" and one.arithmetic_intensity < 2
    assert one.bytes_moved == a.params() * 2 + 1_342_177_280
    assert one.flops == a.forward_flops_per_token(4096, causal=False)
    prefill = inference.prefill_step(a, h100, prompt=4096)
    assert prefill.bound == "compute" and prefill.arithmetic_intensity > h100.ridge_point
    # A mixture of experts reads only the experts its tokens select.
    m = ar.preset("Mixtral 8x7B")
    assert inference.decode_step(m, h100, 1).bytes_moved == pytest.approx(
        2 * m.params(active=True) + inference.kv_cache_bytes_per_token(m)
    )
    assert inference.decode_step(m, h100, 1, batch=64).bytes_moved > 2 * m.params()


@given(st.integers(1, 256))
def test_batching_raises_decode_intensity(batch: int) -> None:
    a, h100 = ar.preset("LLaMA-2 7B"), units.device("A100")
    assert (
        inference.decode_step(a, h100, 1024, batch + 1).arithmetic_intensity
        > inference.decode_step(a, h100, 1024, batch).arithmetic_intensity
    )


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_bad_input(bad: float) -> None:
    with pytest.raises(ValueError, match="^n_params must be finite"):
        memory.model_state_bytes(bad)
    with pytest.raises(ValueError, match="^seq_len must be finite"):
        memory.activation_bytes_per_layer(bad, 1, 64, 2)
    with pytest.raises(ValueError, match="^tokens_per_second must be finite"):
        units.model_flops_utilisation(bad, 1, 1, 1)
    with pytest.raises(ValueError, match="^context must be a whole number >= 1"):
        inference.decode_step(ar.preset("LLaMA-2 7B"), units.device("A100"), bad)
    with pytest.raises(ValueError, match="^flops must be finite"):
        units.device_days(bad, units.device("A100"), 0.4)


def test_bad_names() -> None:
    with pytest.raises(ValueError, match="unknown recompute 'some'; allowed: none, selective, full"):
        memory.activation_bytes_per_layer(8, 1, 64, 2, recompute="some")
    with pytest.raises(ValueError, match="unknown gradient_bytes 3"):
        memory.model_state_bytes(1e9, 3)
    with pytest.raises(ValueError, match="unknown device 'V100'; allowed: A100, H100"):
        units.device("V100")
    with pytest.raises(ValueError, match="unknown precision 'int3'"):
        inference.kv_cache_bytes_per_token(ar.preset("LLaMA-2 7B"), "int3")
    with pytest.raises(ValueError, match="mfu must be a number in"):
        units.device_days(1e20, units.device("A100"), 1.5)
    with pytest.raises(ValueError, match="^peak_flops must be finite"):
        units.Device("x", 0, 1, 1, "none")


@pytest.mark.parametrize("bad", [None, "yes", 2])
def test_sequence_parallel_must_be_true_or_false(bad: object) -> None:
    with pytest.raises(ValueError, match="sequence_parallel must be True or False"):
        memory.activation_bytes_per_layer(2048, 1, 4096, 32, 8, sequence_parallel=bad)  # type: ignore[arg-type]


def test_devices_beyond_float_range_raise() -> None:
    with pytest.raises(ValueError, match="beyond floating-point range"):
        memory.devices_for_model_state(1e300, 1e-300)
