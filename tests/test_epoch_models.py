"""Epoch AI's notable language models as the book reads them (data SOURCE.md): every row's tokens follow
from Epoch's recorded dataset size by the row's stated unit, and the tokens of well-known models equal
their papers' (expected values from the papers, never from the code)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from scaling_lib import datasets

MODELS = datasets.load_epoch_models()


def row(name: str) -> int:
    return MODELS.model.index(name)


def test_each_row_follows_its_unit() -> None:
    ratio = MODELS.recorded / MODELS.d
    for name, unit, r in zip(MODELS.model, MODELS.size_unit, ratio, strict=True):
        if unit == "tokens":
            assert r == pytest.approx(1, rel=1e-9), name
        elif unit == "words":
            # words = tokens x 0.75, the notes rounding to two figures (Jais: 395B tokens ~ 300B words)
            assert r == pytest.approx(datasets.WORDS_PER_TOKEN, rel=0.02), name
        else:  # neither rule gives the tokens trained: the source named in tokens.csv does
            assert abs(r - 1) > 0.02 and abs(r - datasets.WORDS_PER_TOKEN) > 0.02, name
    assert sorted(set(MODELS.size_unit)) == sorted(datasets.SIZE_UNITS)


@pytest.mark.parametrize(
    ("name", "n", "d"),
    [
        # Hoffmann et al. 2022, Table 1: parameters and training tokens of the large models of the day
        ("Chinchilla", 70e9, 1.4e12),
        ("GPT-3 175B (davinci)", 175e9, 300e9),
        ("Jurassic-1-Jumbo", 178e9, 300e9),
        ("Gopher (280B)", 280e9, 300e9),
        ("Megatron-Turing NLG 530B", 530e9, 270e9),
        ("LLaMA-65B", 65.2e9, 1.4e12),  # Touvron et al. 2023a, Table 2: 65.2B, 1.4T tokens
        ("Llama 2-70B", 70e9, 2.0e12),  # Touvron et al. 2023b, Table 1: 2.0T tokens
        ("OPT-175B", 175e9, 300e9),  # metaseq logbook: "completed its training run on 300B tokens"
        ("BloombergGPT", 50.6e9, 569e9),  # Wu et al. 2023, Sec. 4: "569B tokens out of the 709B"
        ("Galactica", 120e9, 450e9),  # Taylor et al. 2022, Sec. 5.1: "450 billion tokens"
        ("Llama 3.1-405B", 405e9, 15.6e12),  # Dubey et al. 2024: 405B parameters on 15.6T tokens
    ],
)
def test_well_known_models_have_their_papers_tokens(name: str, n: float, d: float) -> None:
    i = row(name)
    assert MODELS.d[i] == pytest.approx(d, rel=0.01)
    assert MODELS.n[i] == pytest.approx(n, rel=0.01)


def test_chinchilla_reads_as_hoffmanns_tokens() -> None:
    # Hoffmann et al. 2022, Table 1: Chinchilla, 70B parameters, 1.4 trillion training tokens: 20 tokens per
    # parameter. Epoch records 1.05e12 (words); read as tokens it would give 15.
    i = row("Chinchilla")
    assert MODELS.size_unit[i] == "words"
    assert MODELS.recorded[i] / MODELS.n[i] == pytest.approx(15, rel=0.01)
    assert MODELS.tokens_per_parameter[i] == pytest.approx(20, rel=0.01)


def test_the_set_spans_2020_to_2025_and_epochs_compute_is_mostly_6nd() -> None:
    assert len(MODELS.model) == 35 and len(set(MODELS.model)) == 35
    assert MODELS.date.min() == pytest.approx(2020 + 148 / 365.25)  # GPT-3, 2020-05-28
    assert 2025.2 < MODELS.date.max() < 2025.3  # Pangu Ultra, 2025-04-10
    assert MODELS.n.min() >= 1e9
    ratio = MODELS.c / (6 * MODELS.n * MODELS.d)
    assert np.median(ratio) == pytest.approx(1, abs=0.02)
    # Where Epoch estimated it from hardware and time: GPT-NeoX-20B 1.64 x 6ND, StarCoder 0.88 x.
    assert np.all((ratio > 0.85) & (ratio < 1.7))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("model", (), "tuple of non-empty names"),
        ("size_unit", None, "tuple of non-empty names"),
        ("n", np.array([np.nan]), "n"),
        ("d", [1.0], "one value per model"),
        ("date", np.array([1000.0]), "date"),
    ],
)
def test_nonsense_is_refused(field: str, value: object, message: str) -> None:
    one = {f.name: getattr(MODELS, f.name)[:1] for f in dataclasses.fields(MODELS)}
    with pytest.raises((ValueError, TypeError), match=message):
        datasets.PublishedModels(**{**one, field: value})


def test_an_unknown_unit_is_refused() -> None:
    one = {f.name: getattr(MODELS, f.name)[:1] for f in dataclasses.fields(MODELS)}
    with pytest.raises(ValueError, match="size_unit"):
        datasets.PublishedModels(**{**one, "size_unit": ("bytes",)})
