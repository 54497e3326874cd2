"""Architectures against published sizes: LLaMA (Touvron et al. 2023a, Table 2), LLaMA 2 70B, Mixtral
(Mistral AI's announcement), GPT-2/3 (the accounting module's exact counts)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import accounting as acc
from scaling_lib import architectures as ar
from scaling_lib.laws.architectures import Architecture


@pytest.mark.parametrize(
    "name,printed",
    # Touvron et al. 2023a, Table 2 "params": 6.7B, 13.0B, 32.5B, 65.2B (one decimal).
    [("LLaMA 7B", 6.7e9), ("LLaMA 13B", 13.0e9), ("LLaMA 33B", 32.5e9), ("LLaMA 65B", 65.2e9)],
)
def test_llama_sizes_from_their_shapes(name: str, printed: float) -> None:
    n = ar.preset(name).params()
    assert math.floor(n / 1e8) / 10 == printed / 1e9  # the printed figures are the counts truncated
    assert n == pytest.approx(printed, rel=0.006)  # 7B: 6.738B is 0.57% above the printed 6.7B


def test_llama_counts_exactly() -> None:
    # The released checkpoints: 7B 6,738,415,616; 13B 13,015,864,320; 65B 65,285,660,672;
    # LLaMA 2 70B 68,976,648,192 (GQA, 8 key/value heads, d_ff 28,672).
    assert ar.preset("LLaMA 7B").params() == 6_738_415_616 == ar.preset("LLaMA-2 7B").params()
    assert ar.preset("LLaMA 13B").params() == 13_015_864_320
    assert ar.preset("LLaMA 65B").params() == 65_285_660_672
    n70 = ar.preset("LLaMA-2 70B").params()
    assert n70 == 68_976_648_192
    # Touvron et al. 2023b name it "70B": the count is 1.5% below the name.
    assert n70 == pytest.approx(70e9, rel=0.015)


def test_swiglu_widths() -> None:
    # LLaMA's d_ff (released code): 11008, 13824, 17920, 22016; LLaMA 2 70B: 28672.
    assert [ar.swiglu_d_ff(d) for d in (4096, 5120, 6656, 8192)] == [11008, 13824, 17920, 22016]
    assert ar.swiglu_d_ff(8192, 4096, 1.3) == 28672
    # Three d x 11008 matrices hold 8.06 d^2 parameters, against 8 d^2 for GPT's two d x 4d.
    assert 3 * 4096 * 11008 / 4096**2 == pytest.approx(8.0625)


def test_mixtral_total_and_active() -> None:
    # Mistral AI, "Mixtral of experts" (2023): 46.7B total parameters, 12.9B used per token.
    m = ar.preset("Mixtral 8x7B")
    assert round(m.params() / 1e9, 1) == 46.7
    assert round(m.params(active=True) / 1e9, 1) == 12.9
    dense = Architecture(32, 4096, 32, 14336, 32000, 32768, n_kv_heads=8)
    assert m.forward_flops_per_token() == pytest.approx(
        dense.forward_flops_per_token() + 2 * 32 * 4096 * 8 + 2 * 32 * 3 * 4096 * 14336
    )


def test_gpt_presets_match_the_exact_counts() -> None:
    assert ar.preset("GPT-2 small").params() == acc.gpt2_params(ar.preset("GPT-2 small")) == 124_439_808
    assert ar.preset("GPT-3 175B").params() == acc.gpt2_params(ar.preset("GPT-3 175B"))
    assert ar.preset("GPT-2 small").non_embedding_params() == ar.preset("GPT-2 small").non_embedding_params()


def test_chinchilla_preset_matches_the_table_a4_convention() -> None:
    c = ar.preset("Chinchilla 70B")
    norms = 80 * 2 * 8192 + 8192  # RMSNorm gains, which chinchilla_params leaves out
    assert c.params() == acc.chinchilla_params(ar.preset("Chinchilla 70B")) + norms


def test_gqa_and_mqa_shrink_only_key_value_weights() -> None:
    mha = Architecture(32, 4096, 32, 11008, 32000, 4096)
    gqa = Architecture(32, 4096, 32, 11008, 32000, 4096, n_kv_heads=8)
    mqa = Architecture(32, 4096, 32, 11008, 32000, 4096, n_kv_heads=1)
    assert mha.attention_params() - gqa.attention_params() == 2 * 4096 * (4096 - 8 * 128)
    assert gqa.attention_params() - mqa.attention_params() == 2 * 4096 * 7 * 128


def test_tied_embeddings_drop_one_matrix_not_its_flops() -> None:
    untied = ar.preset("LLaMA 7B")
    tied = Architecture(32, 4096, 32, 11008, 32000, 2048, tied_embeddings=True)
    assert untied.params() - tied.params() == 32000 * 4096
    assert untied.forward_flops_per_token() == tied.forward_flops_per_token()


@given(st.integers(1, 8), st.integers(1, 8), st.integers(1, 4))
def test_moe_active_never_exceeds_total(k: int, extra: int, layers: int) -> None:
    m = Architecture(layers, 256, 4, 512, 1000, 128, n_experts=k + extra, experts_per_token=k)
    assert m.params(active=True) < m.params()
    assert m.params() - m.params(active=True) == layers * extra * m.mlp_params()


@given(st.integers(1, 2**16))
def test_forward_flops_grow_with_context(context: int) -> None:
    a = ar.preset("LLaMA-2 7B")
    assert a.forward_flops_per_token(context + 1) > a.forward_flops_per_token(context)
    assert a.forward_flops_per_token(context, causal=False) > a.forward_flops_per_token(context)


def test_gpt3_training_compute_matches_brown_et_al() -> None:
    # Brown et al. 2020, Table D.1: GPT-3 175B, 300B tokens, 3.14e23 training FLOPs (a 6ND-style count);
    # ours adds the output layer and the causal attention at 2048 tokens, a few percent more.
    total = ar.preset("GPT-3 175B").training_flops_per_token(2048) * 300e9
    assert total == pytest.approx(3.14e23, rel=0.05) and total > 3.14e23


@given(st.integers(1, 2**16))
def test_training_flops_are_three_forward_passes(context: int) -> None:
    a = ar.preset("Mixtral 8x7B")
    assert a.training_flops_per_token(context) == pytest.approx(3 * a.forward_flops_per_token(context))
    assert a.training_flops_per_token(context + 1) > a.training_flops_per_token(context)


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_training_flops_refuse_a_bad_context(bad: float) -> None:
    with pytest.raises(ValueError, match="^context must be"):
        ar.preset("LLaMA-2 7B").training_flops_per_token(bad)


@pytest.mark.parametrize("field", ["n_layer", "d_model", "n_heads", "d_ff", "n_vocab", "n_ctx"])
@pytest.mark.parametrize("bad", [0, -4, 2.5, math.nan])
def test_architecture_bad_input(field: str, bad: object) -> None:
    spec = {"n_layer": 2, "d_model": 64, "n_heads": 2, "d_ff": 128, "n_vocab": 100, "n_ctx": 16} | {
        field: bad
    }
    with pytest.raises(ValueError, match=f"^{field} must be a whole number >= 1"):
        Architecture(**spec)


def test_architecture_inconsistent_input() -> None:
    with pytest.raises(ValueError, match="n_kv_heads must divide n_heads"):
        Architecture(2, 64, 4, 128, 100, 16, n_kv_heads=3)
    with pytest.raises(ValueError, match="experts_per_token must be at most n_experts"):
        Architecture(2, 64, 4, 128, 100, 16, n_experts=2, experts_per_token=3)
    with pytest.raises(ValueError, match="unknown norm_params 3"):
        Architecture(2, 64, 4, 128, 100, 16, norm_params=3)
    with pytest.raises(ValueError, match="unknown architecture 'GPT-5'; allowed: GPT-2 small"):
        ar.preset("GPT-5")
    with pytest.raises(ValueError, match="^d_model must be a whole number >= 1"):
        ar.swiglu_d_ff(0)
    with pytest.raises(ValueError, match="^multiplier must be finite"):
        ar.swiglu_d_ff(64, multiplier=math.nan)


@pytest.mark.parametrize(
    "field", ["gated_mlp", "tied_embeddings", "learned_positions", "biases", "relative_position"]
)
@pytest.mark.parametrize("bad", [None, "yes", 2])
def test_switch_fields_must_be_true_or_false(field: str, bad: object) -> None:
    with pytest.raises(ValueError, match=f"{field} must be True or False"):
        Architecture(2, 64, 4, 256, 1000, 128, **{field: bad})  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, "yes", 2])
def test_active_and_causal_must_be_true_or_false(bad: object) -> None:
    arch = ar.preset("LLaMA 7B")
    for method in (arch.params, arch.non_embedding_params):
        with pytest.raises(ValueError, match="active must be True or False"):
            method(active=bad)  # type: ignore[arg-type]
    for method in (arch.forward_flops_per_token, arch.training_flops_per_token):
        with pytest.raises(ValueError, match="causal must be True or False"):
            method(causal=bad)  # type: ignore[arg-type]
