"""Parameter and FLOP accounting of decoder-only transformers.

Kaplan et al. 2020 (Sec. 2.1, Table 1) for the approximations N = 2 d_model n_layer (2 d_attn + d_ff)
and C_forward = 2N + 2 n_layer n_ctx d_attn; exact GPT-2 counts; Hoffmann et al. 2022 (Appendix F)
for the more precise FLOP count behind their Table A4; the model FLOPs per token of Chowdhery et al.
2022 (PaLM, App. B) and DeepSeek-AI 2024 (arXiv 2401.02954, Eq. 2), which add the attention.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ..validation import (
    checks_argument_classes,
    choice,
    finite_result,
    flag,
    positive,
    scalar_or_array,
    whole_number,
)
from .architectures import Architecture, attention_flops_per_token

__all__ = [
    "CHINCHILLA_N_CONVENTIONS",
    "DEEPSEEK_TABLE_3",
    "PARAM_CONVENTIONS",
    "TABLE_A4",
    "TABLE_A4_TERMS",
    "chinchilla_flop_ratio",
    "chinchilla_forward_flops",
    "chinchilla_params",
    "deepseek_m",
    "gpt2_params",
    "model_flops_per_token",
    "six_n_over_m",
    "table_a4_matches",
    "tokens_for_flops",
    "training_flops",
]


@finite_result
def model_flops_per_token(
    n: ArrayLike, n_layer: ArrayLike, n_ctx: ArrayLike, d_attn: ArrayLike, causal: bool = False
) -> float | np.ndarray:
    """Training model FLOPs per token with attention: 6N + 3 x ``attention_flops_per_token``.

    With the full count this is PaLM's 6N + 12 L H Q T (Chowdhery et al. 2022, App. B; H Q = d_attn,
    T = n_ctx), and with N = 12 n_layer d_model^2 and d_attn = d_model it is DeepSeek's M (``deepseek_m``).
    """
    attention = attention_flops_per_token(n_layer, n_ctx, d_attn, flag("causal", causal))
    return scalar_or_array(6 * positive("N", n) + 3 * np.asarray(attention))


def deepseek_m(n_layer: ArrayLike, d_model: ArrayLike, seq_len: ArrayLike) -> float | np.ndarray:
    """DeepSeek's non-embedding FLOPs per token, M = 72 n_layer d_model^2 + 12 n_layer d_model l_seq.

    DeepSeek-AI 2024 (arXiv 2401.02954), Sec. 3.2, Eq. 2: M counts the attention over the sequence but
    not the vocabulary, and C = M D replaces C = 6ND. The first term is 6 x (12 n_layer d_model^2).
    """
    n_layer, d_model = positive("n_layer", n_layer), positive("d_model", d_model)
    seq_len = positive("seq_len", seq_len)
    return model_flops_per_token(12 * n_layer * d_model**2, n_layer, seq_len, d_model, causal=False)


@finite_result
def training_flops(n: ArrayLike, d: ArrayLike) -> float | np.ndarray:
    """C = 6ND training FLOPs.

    Per parameter and token the forward pass does one multiply and one add (2 FLOPs); the backward
    pass does twice that (4 FLOPs), computing gradients with respect to both the activations and
    the weights (Kaplan et al. 2020, Sec. 2.1). Attention over the context is left out.

    Chinchilla, 70B parameters on 1.4T tokens (Hoffmann et al. 2022, Sec. 4.1):

    >>> f"{training_flops(70e9, 1.4e12):.3g}"
    '5.88e+23'
    """
    n, d = np.broadcast_arrays(positive("N", n), positive("D", d))
    return scalar_or_array(6 * n * d)


@finite_result
def tokens_for_flops(c: ArrayLike, n: ArrayLike) -> float | np.ndarray:
    """D = C / 6N: the tokens a budget of C training FLOPs buys for a model of N parameters (the
    inverse of ``training_flops``).

    >>> tokens_for_flops(6e21, 1e9)
    1000000000000.0
    """
    c, n = np.broadcast_arrays(positive("C", c), positive("N", n))
    return scalar_or_array(c / (6 * n))


#: How a parameter count can be quoted for a GPT-2-style model (tied output, learned positions).
PARAM_CONVENTIONS = ("exact", "without position embeddings", "without biases", "Kaplan non-embedding")

#: DeepSeek-AI 2024, Table 3 (vocabulary 102,400, sequence 4096): n_layer, d_model and the printed
#: N1 (non-embedding), N2 (complete), M, 6 N1 / M and 6 N2 / M.
DEEPSEEK_TABLE_3 = [
    (8, 512, 25.2e6, 77.6e6, 352e6, 0.43, 1.32),
    (12, 768, 84.9e6, 164e6, 963e6, 0.53, 1.02),
    (24, 1024, 302e6, 407e6, 3.02e9, 0.60, 0.81),
    (24, 2048, 1.21e9, 1.42e9, 9.66e9, 0.75, 0.88),
    (32, 4096, 6.44e9, 6.86e9, 45.1e9, 0.85, 0.91),
    (40, 5120, 12.6e9, 13.1e9, 85.6e9, 0.88, 0.92),
    (80, 8192, 64.4e9, 65.3e9, 419e9, 0.92, 0.94),
]
DEEPSEEK_VOCAB, DEEPSEEK_SEQ_LEN = 102_400, 4096


def six_n_over_m(n_layer: int, d_model: int, seq_len: int = DEEPSEEK_SEQ_LEN) -> float:
    """6N / M for a DeepSeek shape, with N = 12 n_layer d_model^2 (their N_1) and M from ``deepseek_m``:
    the ratio DeepSeek-AI 2024 (arXiv 2401.02954), Sec. 3.2, Table 3 prints for each of its shapes."""
    shape = Architecture.gpt(whole_number("n_layer", n_layer, 1), whole_number("d_model", d_model, 1), 1)
    return float(training_flops(shape.approx_params(), 1) / deepseek_m(n_layer, d_model, seq_len))


@checks_argument_classes
def gpt2_params(shape: Architecture, convention: str = "exact") -> int:
    """Parameters of a GPT-2-style model (Radford et al. 2019) under a named convention.

    ``exact``: token and position embeddings, per block two LayerNorms (gain and bias), QKV and
    output projections and the two feedforward matrices, all with biases, a final LayerNorm, and
    the output layer tied to the token embedding (as released: GPT-2 small has 124,439,808).
    ``without position embeddings`` drops the n_ctx x d_model table; ``without biases`` drops every
    bias, of the linear layers and of the LayerNorms, as nanoGPT's ``bias=False`` does (its
    transformer_sizing notebook: 124,337,664 for GPT-2 small); ``Kaplan non-embedding`` is
    ``shape.non_embedding_params()``.
    """
    choice("convention", convention, PARAM_CONVENTIONS)
    if convention == "Kaplan non-embedding":
        return shape.non_embedding_params()
    d, a, f = shape.d_model, shape.d_attn, shape.d_ff
    weights = d * 3 * a + a * d + d * f + f * d
    biases = 3 * a + d + f + d
    norm = d if convention == "without biases" else 2 * d  # a LayerNorm's gain, and its bias
    per_layer = weights + 2 * norm + (0 if convention == "without biases" else biases)
    embeddings = shape.n_vocab * d + (0 if convention == "without position embeddings" else shape.n_ctx * d)
    return embeddings + shape.n_layer * per_layer + norm


#: Conventions for N tried against Table A4: Kaplan's non-embedding count; that plus one
#: d_model x n_vocab matrix; and that plus the Transformer-XL relative-position parameters.
CHINCHILLA_N_CONVENTIONS = ("non-embedding", "non-embedding + vocabulary", "Table A4")


@checks_argument_classes
def chinchilla_params(shape: Architecture, convention: str = "Table A4") -> int:
    """Parameters of a Chinchilla/Gopher-style model (Hoffmann et al. 2022) under a convention.

    ``Table A4``: per layer the QKV and output projections (4 d_model d_attn), the dense block
    (2 d_model d_ff) and the Transformer-XL relative-position parameters (a d_model x d_attn
    projection and two d_attn biases), plus one d_model x n_vocab matrix; norm gains are left out
    (under 0.1%). This is the N that reproduces the ratios of their Table A4.
    """
    choice("convention", convention, CHINCHILLA_N_CONVENTIONS)
    d, a = shape.d_model, shape.d_attn
    n = shape.n_layer * (4 * d * a + 2 * d * shape.d_ff)
    if convention != "non-embedding":
        n += d * shape.n_vocab
    if convention == "Table A4":
        n += shape.n_layer * (d * a + 2 * a)
    return n


@checks_argument_classes
def chinchilla_forward_flops(shape: Architecture) -> dict[str, int]:
    """Forward FLOPs of one sequence of n_ctx tokens, term by term (Hoffmann et al. 2022, Appendix F).

    Keys: ``embeddings``, ``attention`` (QKV projections, key @ query logits, softmax, softmax @ value
    reductions, final linear; summed over layers), ``dense`` (summed over layers), ``logits``. The
    backward pass is taken as twice the forward pass.
    """
    s, d, a, h, v = shape.n_ctx, shape.d_model, shape.d_attn, shape.n_heads, shape.n_vocab
    attention = 2 * 3 * s * d * a + 2 * s * s * a + 3 * h * s * s + 2 * s * s * a + 2 * s * a * d
    dense = 2 * s * (d * shape.d_ff + d * shape.d_ff)
    return {
        "embeddings": 2 * s * v * d,
        "attention": shape.n_layer * attention,
        "dense": shape.n_layer * dense,
        "logits": 2 * s * d * v,
    }


#: The terms of ``chinchilla_forward_flops`` that Table A4 counts (found by trying each subset).
TABLE_A4_TERMS = ("attention", "dense")


@checks_argument_classes
def chinchilla_flop_ratio(
    shape: Architecture, terms: tuple[str, ...] = TABLE_A4_TERMS, convention: str = "Table A4"
) -> float:
    """Training FLOPs from Appendix F (3 x forward, over ``terms``) divided by 6ND, for one sequence."""
    flops = chinchilla_forward_flops(shape)
    if not terms:
        raise ValueError("terms must name at least one FLOP term")
    for t in terms:
        choice("terms", t, flops)
    return 3 * sum(flops[t] for t in terms) / (6 * chinchilla_params(shape, convention) * shape.n_ctx)


def table_a4_matches() -> list[tuple[str, tuple[str, ...]]]:
    """Every (N convention, subset of FLOP terms) that reproduces all ratios of Table A4 to two decimals."""
    names = list(chinchilla_forward_flops(TABLE_A4[0][1]))
    subsets = [tuple(t for i, t in enumerate(names) if mask >> i & 1) for mask in range(1, 2 ** len(names))]
    return [
        (convention, terms)
        for convention in CHINCHILLA_N_CONVENTIONS
        for terms in subsets
        if all(abs(chinchilla_flop_ratio(s, terms, convention) - r) < 0.005 for _, s, r in TABLE_A4)
    ]


#: Hoffmann et al. 2022, Table A4: (quoted parameters, shape, printed ratio of their FLOPs to 6ND).
TABLE_A4 = [
    ("73M", Architecture.chinchilla(10, 640, 10), 1.03),
    ("305M", Architecture.chinchilla(20, 1024, 16), 1.10),
    ("552M", Architecture.chinchilla(24, 1280, 10), 1.08),
    ("1.1B", Architecture.chinchilla(26, 1792, 14), 1.04),
    ("1.6B", Architecture.chinchilla(28, 2048, 16), 1.03),
    ("6.8B", Architecture.chinchilla(40, 3584, 28), 0.99),
]
