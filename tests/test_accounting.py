"""Parameter and FLOP accounting: expected values from Kaplan et al. 2020, Brown et al. 2020,
Hoffmann et al. 2022 and the released GPT-2 checkpoints."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import accounting as acc
from scaling_lib import architectures
from scaling_lib.laws.architectures import Architecture


def test_gpt2_exact_counts_of_the_released_checkpoints() -> None:
    expected = {"GPT-2 small": 124_439_808, "GPT-2 medium": 354_823_168,
                "GPT-2 large": 774_030_080, "GPT-2 XL": 1_557_611_200}  # fmt: skip
    assert {k: acc.gpt2_params(s) for k, s in architectures.family("GPT-2").items()} == expected


def test_gpt2_small_conventions() -> None:
    small = architectures.preset("GPT-2 small")
    # 124,439,808 less the 1024 x 768 position table.
    assert acc.gpt2_params(small, "without position embeddings") == 124_439_808 - 1024 * 768
    # nanoGPT, transformer_sizing.ipynb (bias=False: no Linear or LayerNorm biases): 124,337,664.
    assert acc.gpt2_params(small, "without biases") == 124_337_664
    assert acc.gpt2_params(small, "Kaplan non-embedding") == 2 * 768 * 12 * (2 * 768 + 3072) == 84_934_656
    with pytest.raises(ValueError, match="unknown convention 'huggingface'; allowed: exact"):
        acc.gpt2_params(small, "huggingface")


def test_gpt3_counts_match_table_2_1() -> None:
    # Brown et al. 2020, Table 2.1, n_params.
    printed = {"GPT-3 Small": 125e6, "GPT-3 Medium": 350e6, "GPT-3 Large": 760e6, "GPT-3 XL": 1.3e9,
               "GPT-3 2.7B": 2.7e9, "GPT-3 6.7B": 6.7e9, "GPT-3 13B": 13e9, "GPT-3 175B": 175e9}  # fmt: skip
    for name, shape in architectures.family("GPT-3").items():
        assert acc.gpt2_params(shape) == pytest.approx(printed[name], rel=0.02), name


def test_kaplan_table_1_totals() -> None:
    shape = Architecture(24, 1024, 16, 3000, 50257, 1024, d_attn=960, gated_mlp=False, tied_embeddings=True,
                         learned_positions=True, biases=True, norm_params=2)  # fmt: skip
    rows = {r["operation"]: r for r in shape.kaplan_table()}
    non_embedding = [k for k in rows if k.startswith(("Attention", "Feedforward"))]
    assert sum(rows[k]["params"] for k in non_embedding) == shape.non_embedding_params()
    assert sum(rows[k]["flops"] for k in non_embedding) == shape.c_forward()
    assert rows["Embed"]["params"] == shape.embedding_params() == (50257 + 1024) * 1024
    assert rows["De-embed"]["flops"] == 2 * 1024 * 50257


@given(st.integers(1, 200), st.integers(1, 64).map(lambda h: 64 * h))
def test_twelve_n_layer_d_model_squared(n_layer: int, d_model: int) -> None:
    shape = Architecture.gpt(n_layer, d_model, d_model // 64)
    assert shape.approx_params() == shape.non_embedding_params()
    assert shape.c_forward() >= 2 * shape.non_embedding_params()


@given(st.integers(1, 2**16), st.integers(1, 8))
def test_attention_share_grows_with_context(n_ctx: int, k: int) -> None:
    def share(ctx: int) -> float:
        return Architecture.gpt(12, 768, 12, n_ctx=ctx).attention_share()

    assert share(n_ctx * (k + 1)) > share(n_ctx)
    # Kaplan et al. 2020, Sec. 2.1: the context term is 2 n_ctx d_attn against 24 d_model^2 per layer.
    assert share(n_ctx) == pytest.approx(2 * n_ctx * 768 / (24 * 768**2 + 2 * n_ctx * 768))


def test_training_flops_worked_examples() -> None:
    # GPT-3 175B on 300B tokens: 3.14e23 FLOPs (Brown et al. 2020, Table D.1).
    assert acc.training_flops(175e9, 300e9) == pytest.approx(3.14e23, rel=0.01)
    # Chinchilla 70B on 1.4T tokens against the 5.76e23 budget it shares with Gopher (Hoffmann et al.).
    assert acc.training_flops(70e9, 1.4e12) == pytest.approx(5.76e23, rel=0.03)


@pytest.mark.parametrize("quoted,shape,ratio", acc.TABLE_A4)
def test_table_a4_ratios_to_two_decimals(quoted: str, shape: Architecture, ratio: float) -> None:
    assert round(acc.chinchilla_flop_ratio(shape), 2) == ratio
    # Counting the embedding and final-logit terms too overshoots every row.
    assert acc.chinchilla_flop_ratio(shape, ("embeddings", "attention", "dense", "logits")) > ratio + 0.02


def test_table_a4_is_reproduced_by_exactly_one_convention_and_term_set() -> None:
    assert acc.table_a4_matches() == [("Table A4", ("attention", "dense"))]


def test_chinchilla_n_conventions() -> None:
    s = architectures.preset("Chinchilla 70B")
    assert acc.chinchilla_params(s, "non-embedding") == 12 * 80 * 8192**2
    assert acc.chinchilla_params(s, "non-embedding + vocabulary") == 12 * 80 * 8192**2 + 8192 * 32000
    with pytest.raises(ValueError, match="unknown convention 'total'"):
        acc.chinchilla_params(s, "total")
    with pytest.raises(ValueError, match="terms must name at least one"):
        acc.chinchilla_flop_ratio(s, ())


def test_table_a4_parameters_match_the_quoted_sizes() -> None:
    quoted = {"73M": 73e6, "305M": 305e6, "552M": 552e6, "1.1B": 1.1e9, "1.6B": 1.6e9, "6.8B": 6.8e9}
    for name, shape, _ in acc.TABLE_A4:
        assert acc.chinchilla_params(shape) == pytest.approx(quoted[name], rel=0.04), name


def test_gopher_and_chinchilla_shapes() -> None:
    assert acc.chinchilla_params(architectures.preset("Gopher 280B")) == pytest.approx(280e9, rel=0.01)
    assert acc.chinchilla_params(architectures.preset("Chinchilla 70B")) == pytest.approx(70e9, rel=0.01)


def test_unknown_flop_term() -> None:
    with pytest.raises(ValueError, match="unknown terms 'softmax'; allowed: embeddings, attention"):
        acc.chinchilla_flop_ratio(architectures.preset("Chinchilla 70B"), ("softmax",))


def test_attention_flops_causal_is_kaplans_row_and_half_the_full_count() -> None:
    # Kaplan et al. 2020, Table 1: "Attention: Mask", 2 n_layer n_ctx d_attn forward FLOPs per token.
    assert architectures.attention_flops_per_token(12, 1024, 768) == 2 * 12 * 1024 * 768
    # Hoffmann et al. 2022, App. F: logits 2 s^2 (k h) and softmax @ value 2 s^2 (k h) per sequence.
    s, kh = 2048, 64 * 128
    assert (
        architectures.attention_flops_per_token(1, s, kh, causal=False) * s == 2 * s * s * kh + 2 * s * s * kh
    )


def test_palm_model_flops_and_mfu() -> None:
    # Chowdhery et al. 2022, App. B: 6N + 12 L H Q T; PaLM 540B: N = 540.35B, L 118, H 48, Q 256, T 2048.
    m = acc.model_flops_per_token(540.35e9, 118, 2048, 48 * 256)
    assert m == pytest.approx(6 * 540.35e9 + 12 * 118 * 48 * 256 * 2048)


@pytest.mark.parametrize("row", acc.DEEPSEEK_TABLE_3)
def test_deepseek_m_reproduces_table_3(row: tuple) -> None:
    n_layer, d, n1, n2, m_printed, r1, r2 = row
    # DeepSeek-AI 2024, Eq. 2, as printed: M = 72 n_layer d^2 + 12 n_layer d l_seq.
    m = acc.deepseek_m(n_layer, d, acc.DEEPSEEK_SEQ_LEN)
    assert m == 72 * n_layer * d**2 + 12 * n_layer * d * 4096
    assert m == pytest.approx(m_printed, rel=2e-3)  # M printed to three significant figures
    n1_ours = Architecture.gpt(n_layer, d, 1).approx_params()
    n2_ours = n1_ours + acc.DEEPSEEK_VOCAB * d
    assert n1_ours == pytest.approx(n1, rel=2e-3) and n2_ours == pytest.approx(n2, rel=3e-3)
    assert 6 * n2_ours / m == pytest.approx(r2, abs=0.005)
    if (n_layer, d) == (32, 4096):
        # The one slip in the table: 6 N1 / M = 6/7 = 0.857 is printed 0.85.
        assert 6 * n1_ours / m == pytest.approx(6 / 7) and r1 == 0.85
    else:
        assert 6 * n1_ours / m == pytest.approx(r1, abs=0.005)


@given(st.integers(1, 200), st.integers(1, 64).map(lambda h: 64 * h), st.integers(1, 2**17))
def test_deepseek_m_exceeds_6n_and_grows_with_context(n_layer: int, d: int, seq: int) -> None:
    assert acc.deepseek_m(n_layer, d, seq) > 72 * n_layer * d**2
    assert acc.deepseek_m(n_layer, d, seq + 1) > acc.deepseek_m(n_layer, d, seq)


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_flops_per_token_bad_input(bad: float) -> None:
    with pytest.raises(ValueError, match="^n_ctx must be finite"):
        architectures.attention_flops_per_token(2, bad, 64)
    with pytest.raises(ValueError, match="^d_model must be finite"):
        acc.deepseek_m(2, bad, 64)
    with pytest.raises(ValueError, match="^N must be finite"):
        acc.model_flops_per_token(bad, 2, 64, 64)


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_training_flops_bad_input(bad: float) -> None:
    with pytest.raises(ValueError, match="^N must be finite"):
        acc.training_flops(bad, 1e9)
    with pytest.raises(ValueError, match="^D must be finite"):
        acc.training_flops(1e9, bad)


@given(st.floats(1e10, 1e30), st.floats(1e3, 1e13))
def test_tokens_for_flops_inverts_training_flops(c: float, n: float) -> None:
    d = acc.tokens_for_flops(c, n)
    assert acc.training_flops(n, d) == pytest.approx(c, rel=1e-12)


def test_tokens_for_flops_for_chinchilla_and_bad_input() -> None:
    # Chinchilla: 70B parameters at 5.76e23 FLOPs is 1.37e12 tokens by 6ND (the paper trains on 1.4T).
    assert acc.tokens_for_flops(5.76e23, 70e9) == pytest.approx(5.76e23 / 4.2e11)
    with pytest.raises(ValueError, match="C must be finite and > 0"):
        acc.tokens_for_flops(0.0, 1e9)


@pytest.mark.parametrize("row", acc.DEEPSEEK_TABLE_3)
def test_six_n_over_m_is_table_3s_ratio(row: tuple) -> None:
    n_layer, d, *_, r1, _ = row
    ratio = acc.six_n_over_m(n_layer, d)
    # DeepSeek-AI 2024, Table 3, printed to two decimals; (32, 4096) is printed 0.85 for 6/7.
    expected = 6 / 7 if (n_layer, d) == (32, 4096) else r1
    assert ratio == pytest.approx(expected, abs=0.005)


def test_six_n_over_m_bad_input() -> None:
    with pytest.raises(ValueError, match="n_layer must be a whole number >= 1"):
        acc.six_n_over_m(0, 512)
    with pytest.raises(ValueError, match="seq_len must be finite and > 0"):
        acc.six_n_over_m(8, 512, math.nan)


def test_attention_share_at_another_context() -> None:
    gpt2 = Architecture.gpt(12, 768, 12, n_ctx=1024)
    # Kaplan et al. 2020, Table 1: attention adds 2 n_layer n_ctx d_attn to 2N per token.
    n = gpt2.non_embedding_params()
    share = 2 * 12 * 8192 * 768 / (2 * n + 2 * 12 * 8192 * 768)
    assert gpt2.attention_share(8192) == pytest.approx(share)
    assert gpt2.attention_share(1024) == gpt2.attention_share()
    with pytest.raises(ValueError, match="n_ctx must be a whole number >= 1"):
        gpt2.attention_share(0)


@pytest.mark.parametrize("bad", [None, "yes", 2])
def test_causal_must_be_true_or_false(bad: object) -> None:
    with pytest.raises(ValueError, match="causal must be True or False"):
        architectures.attention_flops_per_token(12, 1024, 768, causal=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="causal must be True or False"):
        acc.model_flops_per_token(1e8, 12, 1024, 768, causal=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "law,args",
    [
        (acc.training_flops, (1e300, 1e300)),
        (acc.tokens_for_flops, (1e300, 1e-300)),
        (architectures.attention_flops_per_token, (1e300, 1e300, 1e300)),
        (acc.model_flops_per_token, (1e300,) * 4),
    ],
)
def test_results_beyond_float_range_raise(law: object, args: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="beyond floating-point range"):
        law(*args)  # type: ignore[operator]
