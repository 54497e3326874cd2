"""The shape of a decoder-only transformer, its parameter and FLOP counts, and the published shapes.

One ``Architecture`` covers Kaplan et al. 2020's accounting (Table 1: N = 2 d_model n_layer (2 d_attn +
d_ff) and C_forward = 2N + 2 n_layer n_ctx d_attn), GPT-2/3 (GELU MLP, biases, LayerNorm, learned
positions, tied output),
LLaMA (SwiGLU MLP with three matrices, RMSNorm, untied output; Touvron et al. 2023a, Sec. 2.2),
grouped-query and multi-query attention (Ainslie et al. 2023; Shazeer 2019: ``n_kv_heads`` < ``n_heads``)
and mixture-of-experts MLPs (Jiang et al. 2024, Mixtral: ``n_experts`` MLPs per layer, of which
``experts_per_token`` run for each token, so FLOPs follow the active parameters).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ..validation import (
    choice,
    finite_result,
    flag,
    in_range,
    positive,
    positive_scalar,
    scalar_or_array,
    whole_number,
)

__all__ = ["Architecture", "PRESETS", "attention_flops_per_token", "family", "preset", "swiglu_d_ff"]


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


#: The Architecture fields that are switches (True or False).
_FLAGS = ("gated_mlp", "tied_embeddings", "learned_positions", "biases", "relative_position")


@dataclass(frozen=True)
class Architecture:
    """A decoder-only transformer. ``n_kv_heads`` defaults (0) to ``n_heads``, ``d_attn`` (0) to d_model.

    ``d_attn`` is the width of the queries and of the attention output (n_heads x the head size); keys
    and values have n_kv_heads / n_heads of it. ``gated_mlp``: SwiGLU, three d_model x d_ff matrices
    (gate, up, down) instead of two. ``norm_params``: 1 for RMSNorm (a gain), 2 for LayerNorm (gain and
    bias). ``relative_position``: the Transformer-XL parameters of Gopher and Chinchilla, a d_model x
    d_attn projection and two d_attn biases per layer (counted as parameters, not as per-token FLOPs).
    ``Architecture.gpt`` builds the GPT-2-style shape of Kaplan et al.'s Table 1.
    """

    n_layer: int
    d_model: int
    n_heads: int
    d_ff: int
    n_vocab: int
    n_ctx: int
    n_kv_heads: int = 0
    d_attn: int = 0
    gated_mlp: bool = True
    tied_embeddings: bool = False
    learned_positions: bool = False
    biases: bool = False
    norm_params: int = 1
    relative_position: bool = False
    n_experts: int = 1
    experts_per_token: int = 1

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if name in _FLAGS:
                flag(name, value)
                continue
            defaulted = name in ("n_kv_heads", "d_attn") and not isinstance(value, bool) and value == 0
            object.__setattr__(self, name, whole_number(name, value, 0 if defaulted else 1))
        if self.n_kv_heads == 0:
            object.__setattr__(self, "n_kv_heads", self.n_heads)
        if self.d_attn == 0:
            object.__setattr__(self, "d_attn", self.d_model)
        if self.n_heads % self.n_kv_heads:
            raise ValueError(f"n_kv_heads must divide n_heads ({self.n_heads}); got {self.n_kv_heads}")
        if self.d_attn * self.n_kv_heads % self.n_heads:
            raise ValueError(
                f"d_attn x n_kv_heads / n_heads, the width of the keys, must be whole; got {self.d_attn} x "
                f"{self.n_kv_heads} / {self.n_heads}"
            )
        if self.experts_per_token > self.n_experts:
            raise ValueError(
                f"experts_per_token must be at most n_experts ({self.n_experts}); "
                f"got {self.experts_per_token}"
            )
        choice("norm_params", self.norm_params, (1, 2))

    @classmethod
    def gpt(
        cls, n_layer: int, d_model: int, n_heads: int, n_ctx: int = 1024, n_vocab: int = 50257
    ) -> Architecture:
        """A GPT-2-style model (Radford et al. 2019; Kaplan et al. 2020, Table 1): d_ff = 4 d_model, GELU
        MLP, biases, LayerNorm, learned positions, output tied to the token embedding.

        >>> Architecture.gpt(12, 768, 12).params()  # GPT-2 small, as released
        124439808
        """
        d_model = whole_number("d_model", d_model, 1)
        return cls(n_layer, d_model, n_heads, 4 * d_model, n_vocab, n_ctx, gated_mlp=False,
                   tied_embeddings=True, learned_positions=True, biases=True, norm_params=2)  # fmt: skip

    @classmethod
    def chinchilla(cls, n_layer: int, d_model: int, n_heads: int) -> Architecture:
        """A Gopher/Chinchilla-style model (Rae et al. 2021, Table 1; Hoffmann et al. 2022, Table 4 and
        Table A4): d_ff = 4 d_model, a dense two-matrix MLP, Transformer-XL relative positions, one
        d_model x n_vocab matrix, vocabulary 32,000 and a 2,048-token context."""
        d_model = whole_number("d_model", d_model, 1)
        return cls(n_layer, d_model, n_heads, 4 * d_model, 32000, 2048, gated_mlp=False,
                   tied_embeddings=True, relative_position=True)  # fmt: skip

    @property
    def kv_width(self) -> int:
        """Width of the keys (and of the values): d_attn x n_kv_heads / n_heads."""
        return self.d_attn * self.n_kv_heads // self.n_heads

    def attention_params(self) -> int:
        """Per layer: Q (d x d_attn), K and V (d x kv_width each), output (d_attn x d), biases."""
        d, a, kv = self.d_model, self.d_attn, self.kv_width
        return d * a + 2 * d * kv + a * d + (a + 2 * kv + d if self.biases else 0)

    def mlp_params(self) -> int:
        """One MLP (one expert): 3 d d_ff if gated (SwiGLU), else 2 d d_ff, plus biases."""
        d, f = self.d_model, self.d_ff
        matrices = 3 if self.gated_mlp else 2
        return matrices * d * f + ((matrices - 1) * f + d if self.biases else 0)

    def _layer_params(self, experts: int) -> int:
        d = self.d_model
        router = d * self.n_experts if self.n_experts > 1 else 0
        rel = d * self.d_attn + 2 * self.d_attn if self.relative_position else 0
        return self.attention_params() + router + rel + 2 * self.norm_params * d + experts * self.mlp_params()

    def embedding_params(self) -> int:
        """Token embedding, learned position table if any, and the output layer unless tied."""
        d = self.d_model
        return (self.n_vocab + (self.n_ctx if self.learned_positions else 0)) * d + (
            0 if self.tied_embeddings else self.n_vocab * d
        )

    def params(self, active: bool = False) -> int:
        """Every parameter, or (``active``) those one token uses: ``experts_per_token`` of the experts."""
        experts = self.experts_per_token if flag("active", active) else self.n_experts
        return (
            self.embedding_params()
            + self.n_layer * self._layer_params(experts)
            + self.norm_params * self.d_model
        )

    def non_embedding_params(self, active: bool = False) -> int:
        """Kaplan's N for this architecture: the attention and MLP weight matrices (all or active experts)."""
        experts = self.experts_per_token if flag("active", active) else self.n_experts
        d, kv = self.d_model, self.kv_width
        attention = 2 * d * self.d_attn + 2 * d * kv
        mlp = (3 if self.gated_mlp else 2) * d * self.d_ff
        return self.n_layer * (attention + experts * mlp)

    def forward_flops_per_token(self, context: int | None = None, causal: bool = True) -> float:
        """2 x the active matrix weights (with the router and the output layer) + attention over ``context``.

        ``context`` defaults to n_ctx; the attention term is ``attention_flops_per_token``.
        Norms, softmax and the embedding lookup are left out.
        """
        ctx = self.n_ctx if context is None else positive_scalar("context", context)
        causal = flag("causal", causal)
        router = self.d_model * self.n_experts if self.n_experts > 1 else 0
        weights = self.non_embedding_params(active=True) + self.n_layer * router + self.d_model * self.n_vocab
        return 2 * weights + float(attention_flops_per_token(self.n_layer, ctx, self.d_attn, causal))

    def training_flops_per_token(self, context: int | None = None, causal: bool = True) -> float:
        """3 x ``forward_flops_per_token``: the backward pass costs about twice the forward pass
        (Kaplan et al. 2020, Sec. 2.1), so this is 6N plus three times the attention over ``context``."""
        return 3 * self.forward_flops_per_token(context, causal)

    def approx_params(self) -> int:
        """N ~ 12 n_layer d_model^2: Kaplan et al. 2020's count (Sec. 2.1) when d_attn = d_model and
        d_ff = 4 d_model."""
        return 12 * self.n_layer * self.d_model**2

    def c_forward(self, n_ctx: int | None = None) -> int:
        """Kaplan et al. 2020's C_forward = 2N + 2 n_layer n_ctx d_attn, forward FLOPs per token with the
        embeddings left out (Table 1), at this shape's context or at ``n_ctx`` tokens."""
        ctx = self.n_ctx if n_ctx is None else whole_number("n_ctx", n_ctx, minimum=1)
        return 2 * self.non_embedding_params() + int(
            attention_flops_per_token(self.n_layer, ctx, self.d_attn)
        )

    def attention_share(self, n_ctx: int | None = None) -> float:
        """Share of ``c_forward`` spent attending over the context, 2 n_layer n_ctx d_attn / C_forward
        (Kaplan et al. 2020, Table 1), at this shape's context or at ``n_ctx`` tokens."""
        ctx = self.n_ctx if n_ctx is None else whole_number("n_ctx", n_ctx, minimum=1)
        return 2 * self.n_layer * ctx * self.d_attn / self.c_forward(ctx)

    def context_for_attention_share(self, share: float) -> float:
        """The n_ctx at which ``attention_share`` is ``share``: share N / ((1 - share) n_layer d_attn)."""
        share = in_range("share", share, 0, 1)
        if share in (0.0, 1.0):
            raise ValueError(f"share must be strictly between 0 and 1; got {share!r}")
        return share * self.non_embedding_params() / ((1 - share) * self.n_layer * self.d_attn)

    def kaplan_table(self) -> list[dict[str, Any]]:
        """Kaplan et al. 2020, Table 1: parameters and forward FLOPs per token of each operation (with
        learned positions in "Embed", and a two-matrix feedforward block, three if gated)."""
        L, d, a, f, kv = self.n_layer, self.d_model, self.d_attn, self.d_ff, self.kv_width
        m = 3 if self.gated_mlp else 2
        return [
            {"operation": "Embed", "params": (self.n_vocab + self.n_ctx) * d, "flops": 4 * d},
            {
                "operation": "Attention: QKV",
                "params": L * d * (a + 2 * kv),
                "flops": 2 * L * d * (a + 2 * kv),
            },
            {"operation": "Attention: Mask", "params": 0, "flops": 2 * L * self.n_ctx * a},
            {"operation": "Attention: Project", "params": L * a * d, "flops": 2 * L * a * d},
            {"operation": "Feedforward", "params": L * m * d * f, "flops": 2 * L * m * d * f},
            {"operation": "De-embed", "params": 0, "flops": 2 * d * self.n_vocab},
        ]

    def with_context(self, n_ctx: int) -> Architecture:
        """The same model with another context length."""
        return replace(self, n_ctx=n_ctx)


def swiglu_d_ff(d_model: int, multiple_of: int = 256, multiplier: float = 1.0) -> int:
    """LLaMA's SwiGLU width: 2/3 x 4 d_model (Touvron et al. 2023a, Sec. 2.2), times ``multiplier``,
    rounded up to a multiple of ``multiple_of`` (the released code's rounding).

    Three d x (8d/3) matrices hold 8 d^2 parameters, as many as GPT's two d x 4d matrices.
    """
    d_model, multiple_of = whole_number("d_model", d_model, 1), whole_number("multiple_of", multiple_of, 1)
    multiplier = positive_scalar("multiplier", multiplier)
    hidden = int(multiplier * int(2 * 4 * d_model / 3))
    return multiple_of * -(-hidden // multiple_of)


def _llama(
    n_layer: int, d_model: int, n_heads: int, d_ff: int, n_ctx: int, n_kv_heads: int = 0
) -> Architecture:
    return Architecture(n_layer, d_model, n_heads, d_ff, 32000, n_ctx, n_kv_heads=n_kv_heads)


#: Published shapes. GPT-2: Radford et al. 2019 (n_ctx 1024, vocabulary 50,257). GPT-3: Brown et al.
#: 2020, Table 2.1 (n_ctx 2048, d_attn = d_model: two rows print an n_heads x d_head that is not d_model,
#: XL 24 x 128 = 3072 for d_model 2048 and 13B 40 x 128 = 5120 for 5140, and the table's own parameter
#: counts follow d_attn = d_model). Gopher 280B: Rae et al. 2021, Table 1; Chinchilla 70B: Hoffmann et al.
#: 2022, Table 4 (d_ff = 4 d_model, key/value size 128, vocabulary 32,000, n_ctx 2048). LLaMA: Touvron et
#: al. 2023a, Table 2 (d_ff from ``swiglu_d_ff``), LLaMA 2: Touvron et al. 2023b (4k context; GQA with 8
#: key/value heads for 70B; d_ff 28,672 in the released code). Mixtral 8x7B: Jiang et al. 2024, Table 1
#: (8 experts, 2 per token, 8 key/value heads, d_ff 14,336).
PRESETS = {
    "GPT-2 small": Architecture.gpt(12, 768, 12),
    "GPT-2 medium": Architecture.gpt(24, 1024, 16),
    "GPT-2 large": Architecture.gpt(36, 1280, 20),
    "GPT-2 XL": Architecture.gpt(48, 1600, 25),
    **{f"GPT-3 {name}": Architecture.gpt(n_layer, d_model, n_heads, n_ctx=2048)
       for name, n_layer, d_model, n_heads in (
           ("Small", 12, 768, 12), ("Medium", 24, 1024, 16), ("Large", 24, 1536, 16), ("XL", 24, 2048, 24),
           ("2.7B", 32, 2560, 32), ("6.7B", 32, 4096, 32), ("13B", 40, 5140, 40), ("175B", 96, 12288, 96))},
    "Gopher 280B": Architecture.chinchilla(80, 16384, 128),
    "Chinchilla 70B": Architecture.chinchilla(80, 8192, 64),
    "LLaMA 7B": _llama(32, 4096, 32, swiglu_d_ff(4096), 2048),
    "LLaMA 13B": _llama(40, 5120, 40, swiglu_d_ff(5120), 2048),
    "LLaMA 33B": _llama(60, 6656, 52, swiglu_d_ff(6656), 2048),
    "LLaMA 65B": _llama(80, 8192, 64, swiglu_d_ff(8192), 2048),
    "LLaMA-2 7B": _llama(32, 4096, 32, swiglu_d_ff(4096), 4096),
    "LLaMA-2 70B": _llama(80, 8192, 64, swiglu_d_ff(8192, 4096, 1.3), 4096, n_kv_heads=8),
    "Mixtral 8x7B": Architecture(32, 4096, 32, 14336, 32000, 32768, n_kv_heads=8, n_experts=8,
                                 experts_per_token=2),
}  # fmt: skip


def preset(name: str) -> Architecture:
    """The named architecture of ``PRESETS``."""
    return PRESETS[choice("architecture", name, PRESETS)]


def family(prefix: str) -> dict[str, Architecture]:
    """The ``PRESETS`` whose names start with ``prefix`` ("GPT-2", "GPT-3", "LLaMA", ...), in table order."""
    if not isinstance(prefix, str) or not prefix.strip():
        raise ValueError(f"prefix must be the start of a preset's name, such as 'GPT-3'; got {prefix!r}")
    found = {name: a for name, a in PRESETS.items() if name.startswith(prefix)}
    if not found:
        raise ValueError(f"no preset's name starts with {prefix!r}; the presets are {', '.join(PRESETS)}")
    return found
