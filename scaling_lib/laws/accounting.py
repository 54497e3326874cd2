"""Parameter and FLOP accounting of decoder-only transformers.

Kaplan et al. 2020 (Sec. 2.1, Table 1) for the approximations N = 2 d_model n_layer (2 d_attn + d_ff)
and C_forward = 2N + 2 n_layer n_ctx d_attn; exact GPT-2 counts; Hoffmann et al. 2022 (Appendix F)
for the more precise FLOP count behind their Table A4; the model FLOPs per token of Chowdhery et al.
2022 (PaLM, App. B) and DeepSeek-AI 2024 (arXiv 2401.02954, Eq. 2), which add the attention.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..validation import (
    checked,
    choice,
    finite_result,
    flag,
    in_range,
    positive,
    scalar_or_array,
    whole_number,
)

__all__ = [
    "CHINCHILLA_70B",
    "CHINCHILLA_N_CONVENTIONS",
    "DEEPSEEK_TABLE_3",
    "GOPHER_280B",
    "GPT2",
    "GPT3",
    "PARAM_CONVENTIONS",
    "TABLE_A4",
    "TABLE_A4_TERMS",
    "TransformerShape",
    "attention_flops_per_token",
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


@dataclass(frozen=True)
class TransformerShape:
    """A decoder-only transformer. ``d_ff`` defaults (0) to 4 d_model and ``d_attn`` (0) to d_model."""

    n_layer: int
    d_model: int
    n_heads: int
    n_ctx: int = 1024
    n_vocab: int = 50257
    d_ff: int = 0
    d_attn: int = 0

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            defaulted = name in ("d_ff", "d_attn") and not isinstance(value, bool) and value == 0
            object.__setattr__(self, name, whole_number(name, value, minimum=0 if defaulted else 1))
        if self.d_ff == 0:
            object.__setattr__(self, "d_ff", 4 * self.d_model)
        if self.d_attn == 0:
            object.__setattr__(self, "d_attn", self.d_model)

    def non_embedding_params(self) -> int:
        """Kaplan's N = 2 d_model n_layer (2 d_attn + d_ff): weights of attention and feedforward."""
        return 2 * self.d_model * self.n_layer * (2 * self.d_attn + self.d_ff)

    def approx_params(self) -> int:
        """N ~ 12 n_layer d_model^2: the non-embedding count when d_attn = d_model and d_ff = 4 d_model."""
        return 12 * self.n_layer * self.d_model**2

    def embedding_params(self) -> int:
        """Token and learned position embeddings, (n_vocab + n_ctx) d_model (Table 1, "Embed")."""
        return (self.n_vocab + self.n_ctx) * self.d_model

    def forward_flops_per_token(self) -> int:
        """C_forward = 2N + 2 n_layer n_ctx d_attn, FLOPs per token, embeddings left out (Table 1)."""
        return 2 * self.non_embedding_params() + int(
            attention_flops_per_token(self.n_layer, self.n_ctx, self.d_attn, causal=True)
        )

    def attention_share(self, n_ctx: int | None = None) -> float:
        """Share of forward FLOPs spent attending over the context: 2 n_layer n_ctx d_attn / C_forward
        (Kaplan et al. 2020, Table 1), at this shape's context or at ``n_ctx`` tokens."""
        if n_ctx is None:
            return 2 * self.n_layer * self.n_ctx * self.d_attn / self.forward_flops_per_token()
        return replace(self, n_ctx=whole_number("n_ctx", n_ctx, minimum=1)).attention_share()

    def context_for_attention_share(self, share: float) -> float:
        """The n_ctx at which ``attention_share`` is ``share``: share N / ((1 - share) n_layer d_attn)."""
        share = in_range("share", share, 0, 1)
        if share in (0.0, 1.0):
            raise ValueError(f"share must be strictly between 0 and 1; got {share!r}")
        return share * self.non_embedding_params() / ((1 - share) * self.n_layer * self.d_attn)

    def kaplan_table(self) -> list[dict[str, Any]]:
        """Kaplan et al. 2020, Table 1: parameters and forward FLOPs per token of each operation."""
        L, d, a, f = self.n_layer, self.d_model, self.d_attn, self.d_ff
        return [
            {"operation": "Embed", "params": (self.n_vocab + self.n_ctx) * d, "flops": 4 * d},
            {"operation": "Attention: QKV", "params": L * d * 3 * a, "flops": 2 * L * d * 3 * a},
            {"operation": "Attention: Mask", "params": 0, "flops": 2 * L * self.n_ctx * a},
            {"operation": "Attention: Project", "params": L * a * d, "flops": 2 * L * a * d},
            {"operation": "Feedforward", "params": L * 2 * d * f, "flops": 2 * L * 2 * d * f},
            {"operation": "De-embed", "params": 0, "flops": 2 * d * self.n_vocab},
        ]


@finite_result
def attention_flops_per_token(
    n_layer: ArrayLike, n_ctx: ArrayLike, d_attn: ArrayLike, causal: bool = True
) -> float | np.ndarray:
    """Forward FLOPs per token of the two products over the context, Q K^T and softmax(.) V.

    Each costs 2 n_ctx d_attn per layer for a query that sees all n_ctx positions, so the full count
    is 4 n_layer n_ctx d_attn (Hoffmann et al. 2022, App. F: 2 seq^2 (key_size heads) for each, per
    sequence). Under a causal mask a query sees on average half the context: 2 n_layer n_ctx d_attn,
    Kaplan et al. 2020's Table 1 "Attention: Mask" row (that reading is ours; Kaplan gives no derivation).
    """
    n_layer, n_ctx, d_attn = (
        positive(k, v) for k, v in (("n_layer", n_layer), ("n_ctx", n_ctx), ("d_attn", d_attn))
    )
    return scalar_or_array((2 if flag("causal", causal) else 4) * n_layer * n_ctx * d_attn)


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
    """
    n, d = np.broadcast_arrays(positive("N", n), positive("D", d))
    return scalar_or_array(6 * n * d)


@finite_result
def tokens_for_flops(c: ArrayLike, n: ArrayLike) -> float | np.ndarray:
    """D = C / 6N: the tokens a budget of C training FLOPs buys for a model of N parameters (the
    inverse of ``training_flops``)."""
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
    n = TransformerShape(whole_number("n_layer", n_layer, 1), whole_number("d_model", d_model, 1), 1)
    return float(training_flops(n.approx_params(), 1) / deepseek_m(n_layer, d_model, seq_len))


@checked
def gpt2_params(shape: TransformerShape, convention: str = "exact") -> int:
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


@checked
def chinchilla_params(shape: TransformerShape, convention: str = "Table A4") -> int:
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


@checked
def chinchilla_forward_flops(shape: TransformerShape) -> dict[str, int]:
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


@checked
def chinchilla_flop_ratio(
    shape: TransformerShape, terms: tuple[str, ...] = TABLE_A4_TERMS, convention: str = "Table A4"
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


def _gpt3(n_layer: int, d_model: int, n_heads: int) -> TransformerShape:
    return TransformerShape(n_layer, d_model, n_heads, n_ctx=2048)


#: GPT-2 (Radford et al. 2019): n_ctx 1024, vocabulary 50,257.
GPT2 = {
    "GPT-2 small": TransformerShape(12, 768, 12),
    "GPT-2 medium": TransformerShape(24, 1024, 16),
    "GPT-2 large": TransformerShape(36, 1280, 20),
    "GPT-2 XL": TransformerShape(48, 1600, 25),
}

#: GPT-3 (Brown et al. 2020, Table 2.1): n_ctx 2048, d_attn = d_model. Two rows print an n_heads x
#: d_head that is not d_model (XL: 24 x 128 = 3072 for d_model 2048; 13B: 40 x 128 = 5120 for 5140);
#: the table's own parameter counts follow d_attn = d_model.
GPT3 = {
    "GPT-3 Small": _gpt3(12, 768, 12),
    "GPT-3 Medium": _gpt3(24, 1024, 16),
    "GPT-3 Large": _gpt3(24, 1536, 16),
    "GPT-3 XL": _gpt3(24, 2048, 24),
    "GPT-3 2.7B": _gpt3(32, 2560, 32),
    "GPT-3 6.7B": _gpt3(32, 4096, 32),
    "GPT-3 13B": _gpt3(40, 5140, 40),
    "GPT-3 175B": _gpt3(96, 12288, 96),
}

#: Gopher 280B (Rae et al. 2021, Table 1) and Chinchilla 70B (Hoffmann et al. 2022, Table 4):
#: key/value size 128, d_ff = 4 d_model, n_ctx 2048, vocabulary 32,000.
GOPHER_280B = TransformerShape(80, 16384, 128, n_ctx=2048, n_vocab=32000)
CHINCHILLA_70B = TransformerShape(80, 8192, 64, n_ctx=2048, n_vocab=32000)

#: Hoffmann et al. 2022, Table A4: (quoted parameters, shape, printed ratio of their FLOPs to 6ND).
TABLE_A4 = [
    ("73M", TransformerShape(10, 640, 10, n_ctx=2048, n_vocab=32000, d_ff=2560), 1.03),
    ("305M", TransformerShape(20, 1024, 16, n_ctx=2048, n_vocab=32000, d_ff=4096), 1.10),
    ("552M", TransformerShape(24, 1280, 10, n_ctx=2048, n_vocab=32000, d_ff=5120), 1.08),
    ("1.1B", TransformerShape(26, 1792, 14, n_ctx=2048, n_vocab=32000, d_ff=7168), 1.04),
    ("1.6B", TransformerShape(28, 2048, 16, n_ctx=2048, n_vocab=32000, d_ff=8192), 1.03),
    ("6.8B", TransformerShape(40, 3584, 28, n_ctx=2048, n_vocab=32000, d_ff=14336), 0.99),
]
