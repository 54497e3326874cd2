"""The shipped data: loaders agree with their source notes and with the upstream files."""

import csv
import json
from importlib import resources

import numpy as np
import pytest

from scaling_lib import datasets

DATA = resources.files("scaling_lib") / "data"


@pytest.mark.parametrize("folder", ["chinchilla_figure4", "llama_curves", "gadre_overtraining"])
def test_every_data_folder_keeps_its_source_note(folder: str) -> None:
    assert (DATA / folder / "SOURCE.md").is_file()


def test_gadre_keeps_its_licence() -> None:
    assert "MIT License" in (DATA / "gadre_overtraining" / "LICENSE.txt").read_text()


@pytest.mark.parametrize("model", list(datasets.LLAMA_MODELS))
def test_llama_curves_end_at_the_published_totals(model: str) -> None:
    params, hours, tokens = datasets.LLAMA_MODELS[model]
    curve = datasets.load_llama_curve(model)
    assert curve.hours.max() == pytest.approx(hours) and curve.tokens.max() == pytest.approx(tokens)
    assert np.all(np.diff(curve.hours) >= 0)
    assert 1.4 < curve.loss.min() and curve.loss.max() <= 2.4
    np.testing.assert_allclose(curve.flops, 6 * params * curve.tokens)


def test_gadre_summary_matches_the_upstream_json() -> None:
    folder = DATA / "gadre_overtraining"
    with (folder / "summary.csv").open() as f:
        rows = {r["name"]: r for r in csv.DictReader(f)}
    assert len(rows) == 104
    for path in (folder / "models").iterdir():
        model = json.loads(path.read_text())
        row = rows[model["name"]]
        assert int(row["params"]) == model["hyperparameters"]["params"]
        assert int(row["tokens"]) == model["hyperparameters"]["tokens"]
        c4 = [r["loss"] for r in model["results"] if r["val_data"][0].rstrip("/").endswith("c4_val")
              or "c4_val" in r["val_data"][0]]  # fmt: skip
        assert float(row["loss_c4_val"]) == pytest.approx(c4[0])


@pytest.mark.parametrize("dataset", datasets.GADRE_DATASETS)
def test_gadre_loader(dataset: str) -> None:
    runs = datasets.load_gadre_testbed(dataset)
    assert len(runs) in (34, 35)
    np.testing.assert_allclose(runs.d, 20 * runs.multiplier * runs.n, rtol=0.01)
    assert set(runs.multiplier) == {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0}


def test_loader_bad_names() -> None:
    with pytest.raises(ValueError, match="unknown model 'LLaMA3-8B'; allowed: LLaMA1-7B"):
        datasets.load_llama_curve("LLaMA3-8B")
    with pytest.raises(ValueError, match="unknown dataset 'pile'"):
        datasets.load_gadre_testbed("pile")
    with pytest.raises(ValueError, match="unknown loss"):
        datasets.load_gadre_testbed("rpj", "loss_xyz")
    runs = datasets.load_chinchilla_figure4()
    with pytest.raises(ValueError, match="mask must be a boolean array of shape"):
        runs.select(np.ones(3))
    assert len(runs.select(runs.loss < 3)) == int((runs.loss < 3).sum())


def test_lowest_loss_by_budget_and_size() -> None:
    runs = datasets.Runs(
        n=np.array([1.0, 2.0, 1.0, 2.0, 3.0]), d=np.ones(5), c=np.array([10.0, 10.0, 20.0, 20.0, 20.0]),
        loss=np.array([3.0, 2.5, 2.8, 2.9, 2.0]),
    )  # fmt: skip
    by_c = runs.lowest_loss_by("c")
    assert list(by_c.c) == [10.0, 20.0] and list(by_c.loss) == [2.5, 2.0] and list(by_c.n) == [2.0, 3.0]
    by_n = runs.lowest_loss_by("n")
    assert list(by_n.n) == [1.0, 2.0, 3.0] and list(by_n.loss) == [2.8, 2.5, 2.0]
    with pytest.raises(ValueError, match="unknown field 'loss'"):
        runs.lowest_loss_by("loss")
