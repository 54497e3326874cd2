"""The Porian et al. 2024 IsoFLOP runs: loaders agree with the shipped files and the SOURCE note."""

from importlib import resources

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scaling_lib import datasets

FOLDER = resources.files("scaling_lib") / "data" / "porian_2024"


def test_folder_keeps_its_source_note_and_licence() -> None:
    assert "arXiv 2406.19146" in (FOLDER / "SOURCE.md").read_text()
    assert "Permission is hereby granted, free of charge" in (FOLDER / "LICENSE").read_text()


def test_first_rows_match_the_file() -> None:
    # First three rows of isoflop_points.csv (Kaplan's setup on RefinedWeb, budget 1.25e16 FLOPs).
    runs = datasets.load_porian_isoflops("rw-base-long-kaplan-kaplan-train")
    np.testing.assert_array_equal(runs.n[:3], [331776, 1048576, 1740800])
    np.testing.assert_allclose(runs.d[:3], [6.27933706e09, 1.98682149e09, 1.19676777e09], rtol=1e-12)
    np.testing.assert_allclose(runs.loss[:3], [4.70907557, 4.6679319, 4.71955332], rtol=1e-12)
    assert set(runs.c[:3]) == {1.25e16}


def test_kaplan_setup_is_16_runs_read_at_11_budgets() -> None:
    # The SOURCE note: "rw-base-long-kaplan-kaplan-train has 107 rows from 16 model sizes"; each row is a
    # run's loss read off at one IsoFLOP budget, 1.25e16 to 1.28e19 FLOPs.
    runs = datasets.load_porian_isoflops(datasets.PORIAN_KAPLAN_SETUP)
    assert len(runs) == 107 and len(np.unique(runs.n)) == 16 and len(runs.by_budget()) == 11
    assert runs.c.min() == pytest.approx(1.25e16, rel=0.01) and runs.c.max() == pytest.approx(
        1.28e19, rel=0.01
    )


def test_default_is_kaplans_setup() -> None:
    named = datasets.load_porian_isoflops(datasets.PORIAN_KAPLAN_SETUP)
    np.testing.assert_array_equal(datasets.load_porian_isoflops().loss, named.loss)
    np.testing.assert_array_equal(datasets.load_porian_isoflops(None).loss, named.loss)


# Runs and budgets per configuration, as in the SOURCE note's description (88-132 runs, 11-12 budgets).
COUNTS = {
    "rw-base-long-kaplan-kaplan-train": (107, 11),
    "rw-base-short-chinchilla-standard-val": (88, 12),
    "owt2-base-short-kaplan-standard-val": (132, 12),
    "rw-tuned-long-const-kaplan-train": (104, 11),
}


@pytest.mark.parametrize("config", datasets.PORIAN_CONFIGS)
def test_every_configuration_loads(config: str) -> None:
    runs = datasets.load_porian_isoflops(config)
    assert 88 <= len(runs) <= 132
    budgets = np.unique(runs.c)
    assert len(budgets) in (11, 12) and budgets.min() == 1.25e16 and budgets.max() in (1.28e19, 2.56e19)
    np.testing.assert_allclose(runs.c, 6 * runs.n * runs.d, rtol=1e-8)
    # nats/token; the worst runs in the file (the largest models of the smallest budgets) reach about 10
    assert np.all((runs.loss > 2.5) & (runs.loss < 10.5))
    if config in COUNTS:
        assert (len(runs), len(budgets)) == COUNTS[config]


def test_all_rows_are_shipped() -> None:
    assert sum(len(datasets.load_porian_isoflops(c)) for c in datasets.PORIAN_CONFIGS) == 1745


def test_paper_fits_match_the_file() -> None:
    fits = datasets.load_porian_paper_fits()
    assert list(fits) == list(datasets.PORIAN_CONFIGS)
    # Values from paper_fits.csv (the exponents the SOURCE note quotes: 0.834 ... 0.497).
    assert fits["rw-base-long-kaplan-kaplan-train"].n_exponent == pytest.approx(0.833767932)
    assert fits["rw-tuned-short-const-standard-val"].n_exponent == pytest.approx(0.497028795)
    assert fits["owt2-base-long-kaplan-kaplan-train"].n_coef == pytest.approx(9.73299959e-09)
    for fit in fits.values():
        assert fit.n_exponent + fit.t_exponent == pytest.approx(1, abs=2e-3)


def test_config_fields() -> None:
    fields = datasets.porian_config_fields("rw-base-short-chinchilla-attention-train")
    assert fields == {"dataset": "rw", "hparams": "base", "warmup": "short", "decay": "chinchilla",
                      "param_count": "attention", "loss_kind": "train"}  # fmt: skip


@given(st.text(max_size=40).filter(lambda s: s not in datasets.PORIAN_CONFIGS))
def test_unknown_configuration_names_the_allowed_ones(name: str) -> None:
    for loader in (datasets.load_porian_isoflops, datasets.porian_config_fields):
        with pytest.raises(ValueError, match=r"unknown config .*; allowed: rw-base-long-kaplan-kaplan-train"):
            loader(name)
