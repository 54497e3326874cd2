"""The atlas of the shipped run sets: every folder has a record, its files are the ones recorded, each
record names a test that exists, and the headline numbers not tested elsewhere are reproduced here from
the papers' own words (abstracts, tables), never from the code under test."""

from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from scaling_lib import datasets, isoflop
from scaling_lib.data import atlas

ROOT = Path(__file__).resolve().parents[1]


def test_every_data_folder_has_one_record() -> None:
    data = resources.files("scaling_lib") / "data"
    folders = sorted(p.name for p in data.iterdir() if p.is_dir() and not p.name.startswith("__"))
    assert sorted(r.folder for r in atlas.ATLAS) == folders


@pytest.mark.parametrize("record", atlas.ATLAS, ids=lambda r: r.folder)
def test_the_files_are_the_ones_recorded(record: atlas.RunSet) -> None:
    assert atlas.digest(record.folder) == record.digest, f"{record.folder}: its data files changed"
    source = (resources.files("scaling_lib") / "data" / record.folder / "SOURCE.md").read_text("utf-8")
    assert record.commit in source, f"{record.folder}: the commit is not the SOURCE note's"


@pytest.mark.parametrize("record", atlas.ATLAS, ids=lambda r: r.folder)
def test_each_headline_names_a_test_that_exists(record: atlas.RunSet) -> None:
    path, name = record.test.split("::")
    tree = ast.parse((ROOT / path).read_text("utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert name in names, f"{record.folder}: {record.test} does not exist"
    for key in re.split(r";\s*", record.paper):
        assert f"{{{key}," in (ROOT / "references.bib").read_text("utf-8"), key


def test_a_changed_file_changes_the_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import scaling_lib

    copy = tmp_path / "scaling_lib"
    shutil.copytree(Path(scaling_lib.__file__).parent, copy)
    before = atlas.digest("sardana_2024")
    with (copy / "data" / "sardana_2024" / "trainingresults.csv").open("a") as f:
        f.write("\n")
    monkeypatch.setattr(atlas.resources, "files", lambda _: copy)
    assert atlas.digest("sardana_2024") != before


def test_unknown_folders_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown folder 'wikitext'"):
        atlas.run_set("wikitext")
    with pytest.raises(ValueError, match="unknown folder"):
        atlas.digest("../lab")


def test_chinchilla_figure4_gives_approach_2s_exponent() -> None:
    # Hoffmann et al. 2022, Table 2: Approach 2 gives a = 0.49 with the interval (0.462, 0.534).
    runs = datasets.load_chinchilla_figure4()
    fit = isoflop.approach2(runs.n, runs.c, runs.loss, isoflop.ISOFLOP_BUDGETS, tolerance_dex=0.1, min_runs=5)
    assert 0.462 < fit.a < 0.534 and fit.a == pytest.approx(0.49, abs=0.015)


def test_datablations_reach_900b_tokens_and_9b_parameters() -> None:
    # Muennighoff et al. 2023, abstract: "ranging up to 900 billion training tokens and 9 billion parameter
    # models".
    runs = datasets.load_datablations()
    assert runs.d.max() == pytest.approx(900e9) and 8e9 < runs.n.max() < 9.5e9


def test_gadre_is_104_models_of_0_011b_to_6_9b_on_three_datasets() -> None:
    # Gadre et al. 2024, abstract: "a testbed of 104 models with 0.011B to 6.9B parameters trained with
    # various numbers of tokens on three data distributions".
    sets = [datasets.load_gadre_testbed(d) for d in datasets.GADRE_DATASETS]
    n = np.concatenate([s.n for s in sets])
    assert len(sets) == 3 and n.size == 104
    assert round(n.min() / 1e9, 3) == 0.011 and round(n.max() / 1e9, 1) == 6.9


def test_gemstones_grid_is_the_papers() -> None:
    # McLeish et al. 2025: "22 Gemstone models range from 50M to 2B parameters, spanning 11 widths from 256 to
    # 3072 and 18 depths from 3 to 80" (project page). Their "over 4,000 checkpoints" include learning-rate
    # ablations not shipped: here 3,850 constant-rate checkpoints and 199 cooldowns of 20 models.
    tables = [datasets.load_gemstones(t) for t in datasets.GEMSTONES_TABLES]
    models = sorted(set(tables[0].model))
    widths = {int(m.split("x")[0]) for m in models}
    depths = {int(m.split("x")[1]) for m in models}
    assert len(models) == 22 and len(widths) == 11 and len(depths) == 18
    assert (min(widths), max(widths), min(depths), max(depths)) == (256, 3072, 3, 80)
    assert 45e6 < tables[0].params.min() < 55e6 and 1.95e9 < tables[0].params.max() < 2.05e9
    assert len(tables[0].params) == 3850 and len(tables[2].params) == 199 and len(set(tables[2].model)) == 20


def test_sardanas_loss_keeps_falling_to_10000_tokens_per_parameter() -> None:
    # Sardana et al. 2024, abstract: "we train 47 models ... and find that model quality continues to improve
    # as we scale tokens per parameter to extreme ranges (up to 10,000)".
    runs = datasets.load_sardana_runs()
    assert len(runs.n) == 47 and round(float((runs.d / runs.n).max())) == 10_000
    for n in np.unique(runs.n):
        mine = np.flatnonzero(runs.n == n)
        order = mine[np.argsort(runs.d[mine])]
        assert np.all(np.diff(runs.loss[order]) < 0), f"{n:.3g} parameters: the loss rose with more tokens"
