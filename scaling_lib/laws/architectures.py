"""Parameter and FLOP counts of the decoder-only transformers trained today.

One ``Architecture`` covers GPT-2/3 (GELU MLP, biases, LayerNorm, learned positions, tied output),
LLaMA (SwiGLU MLP with three matrices, RMSNorm, untied output; Touvron et al. 2023a, Sec. 2.2),
grouped-query and multi-query attention (Ainslie et al. 2023; Shazeer 2019: ``n_kv_heads`` < ``n_heads``)
and mixture-of-experts MLPs (Jiang et al. 2024, Mixtral: ``n_experts`` MLPs per layer, of which
``experts_per_token`` run for each token, so FLOPs follow the active parameters).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..validation import choice, flag, positive_scalar, whole_number
from .accounting import attention_flops_per_token

__all__ = ["Architecture", "PRESETS", "preset", "swiglu_d_ff"]

#: The Architecture fields that are switches (True or False).
_FLAGS = ("gated_mlp", "tied_embeddings", "learned_positions", "biases", "relative_position")


@dataclass(frozen=True)
class Architecture:
    """A decoder-only transformer. ``n_kv_heads`` defaults (0) to ``n_heads``, ``d_head`` (0) to
    d_model / n_heads.

    ``gated_mlp``: SwiGLU, three d_model x d_ff matrices (gate, up, down) instead of two. ``norm_params``:
    1 for RMSNorm (a gain), 2 for LayerNorm (gain and bias). ``relative_position``: the Transformer-XL
    parameters of Gopher and Chinchilla, a d_model x d_attn projection and two d_attn biases per layer
    (counted as parameters, not as per-token FLOPs).
    """

    n_layer: int
    d_model: int
    n_heads: int
    d_ff: int
    n_vocab: int
    n_ctx: int
    n_kv_heads: int = 0
    d_head: int = 0
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
            defaulted = name in ("n_kv_heads", "d_head") and not isinstance(value, bool) and value == 0
            object.__setattr__(self, name, whole_number(name, value, 0 if defaulted else 1))
        if self.n_kv_heads == 0:
            object.__setattr__(self, "n_kv_heads", self.n_heads)
        if self.d_head == 0:
            if self.d_model % self.n_heads:
                raise ValueError(
                    f"n_heads must divide d_model ({self.d_model}) when d_head is not given; "
                    f"got {self.n_heads}"
                )
            object.__setattr__(self, "d_head", self.d_model // self.n_heads)
        if self.n_heads % self.n_kv_heads:
            raise ValueError(f"n_kv_heads must divide n_heads ({self.n_heads}); got {self.n_kv_heads}")
        if self.experts_per_token > self.n_experts:
            raise ValueError(
                f"experts_per_token must be at most n_experts ({self.n_experts}); "
                f"got {self.experts_per_token}"
            )
        choice("norm_params", self.norm_params, (1, 2))

    @property
    def d_attn(self) -> int:
        """Width of the queries and of the attention output: n_heads x d_head."""
        return self.n_heads * self.d_head

    def attention_params(self) -> int:
        """Per layer: Q (d x d_attn), K and V (d x n_kv_heads d_head each), output (d_attn x d), biases."""
        d, a, kv = self.d_model, self.d_attn, self.n_kv_heads * self.d_head
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
        d, kv = self.d_model, self.n_kv_heads * self.d_head
        attention = 2 * d * self.d_attn + 2 * d * kv
        mlp = (3 if self.gated_mlp else 2) * d * self.d_ff
        return self.n_layer * (attention + experts * mlp)

    def forward_flops_per_token(self, context: int | None = None, causal: bool = True) -> float:
        """2 x the active matrix weights (with the router and the output layer) + attention over ``context``.

        ``context`` defaults to n_ctx; the attention term is ``accounting.attention_flops_per_token``.
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


def _gpt(n_layer: int, d_model: int, n_heads: int, n_ctx: int) -> Architecture:
    return Architecture(n_layer, d_model, n_heads, 4 * d_model, 50257, n_ctx, gated_mlp=False,
                        tied_embeddings=True, learned_positions=True, biases=True, norm_params=2)  # fmt: skip


def _llama(
    n_layer: int, d_model: int, n_heads: int, d_ff: int, n_ctx: int, n_kv_heads: int = 0
) -> Architecture:
    return Architecture(n_layer, d_model, n_heads, d_ff, 32000, n_ctx, n_kv_heads=n_kv_heads)


#: Published shapes. GPT-2: Radford et al. 2019. GPT-3: Brown et al. 2020, Table 2.1. Chinchilla:
#: Hoffmann et al. 2022, Table 4 (d_ff = 4 d_model, key/value size 128, vocabulary 32,000).
#: LLaMA: Touvron et al. 2023a, Table 2 (d_ff from ``swiglu_d_ff``), LLaMA 2: Touvron et al. 2023b
#: (4k context; GQA with 8 key/value heads for 70B; d_ff 28,672 in the released code).
#: Mixtral 8x7B: Jiang et al. 2024, Table 1 (8 experts, 2 per token, 8 key/value heads, d_ff 14,336).
PRESETS = {
    "GPT-2 small": _gpt(12, 768, 12, 1024),
    "GPT-2 XL": _gpt(48, 1600, 25, 1024),
    "GPT-3 175B": _gpt(96, 12288, 96, 2048),
    "Chinchilla 70B": Architecture(80, 8192, 64, 4 * 8192, 32000, 2048, d_head=128, gated_mlp=False,
                                   tied_embeddings=True, relative_position=True),
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
