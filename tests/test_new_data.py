"""The schedule-controlled and over-trained runs: loaders against rows of the shipped files."""

import numpy as np
import pytest

from scaling_lib import datasets


def test_luo_rows() -> None:
    # model_25M/cosine_24000.csv: first row "2160,0.0003,4.1114"; 171 rows.
    run = datasets.load_luo_schedule("25M", "cosine_24000")
    assert (run.step[0], run.lr[0], run.loss[0]) == (2160, 3e-4, 4.1114) and len(run.step) == 171


def test_gemstones_rows() -> None:
    hot = datasets.load_gemstones()
    assert len(hot.model) == 3850 and len(set(hot.model)) == 22
    # First row: 1024x28, 543,482,880 parameters, step 477 on 32 nodes at 1.3941352542 s/step.
    assert hot.model[0] == "1024x28" and hot.params[0] == 543_482_880
    assert hot.node_hours[0] == pytest.approx(477 * 1.3941352542 * 32 / 3600)
    assert hot.flops[0] == pytest.approx(6 * 543_482_880 * 2_000_683_008)
    end = datasets.load_gemstones("cooldown_end")
    assert len(end.model) == 199 and end.loss[0] == pytest.approx(3.0146045685)


def test_sardana_rows() -> None:
    runs = datasets.load_sardana_runs()
    assert len(runs) == 47
    assert (runs.n[0], runs.d[0], runs.loss[0]) == (151e6, 1.51e9, pytest.approx(3.6832035779953))
    assert max(runs.d / runs.n) == pytest.approx(10_000)


def test_datablations_rows() -> None:
    runs = datasets.load_datablations()
    assert len(runs) == 296 and runs.names[1] == "2b88b4b" and runs.epochs[1] == 2.0
    assert len(datasets.load_datablations("fit")) == 182


def test_bad_names() -> None:
    with pytest.raises(ValueError, match="unknown size '1B'"):
        datasets.load_luo_schedule("1B", "cosine_24000")
    with pytest.raises(ValueError, match="unknown schedule"):
        datasets.load_luo_schedule("25M", "linear")
    with pytest.raises(ValueError, match="unknown table 'hot'"):
        datasets.load_gemstones("hot")
    with pytest.raises(ValueError, match="unknown table"):
        datasets.load_datablations("some")


@pytest.mark.parametrize("size", datasets.LUO_SIZES)
def test_intermediate_is_not_final(size: str) -> None:
    # SOURCE.md of the data (Luo et al. 2025 runs): at step 24k the decayed 24k-step cosine run is
    # 0.04-0.06 nats/token below the 72k-step cosine run at the same step; WSD's decay recovers the gap.
    short = datasets.load_luo_schedule(size, "cosine_24000")
    long_ = datasets.load_luo_schedule(size, "cosine_72000")
    wsd = datasets.load_luo_schedule(size, "wsd_20000_24000")
    gap = np.interp(short.step[-1], long_.step, long_.loss) - short.loss[-1]
    assert 0.035 < gap < 0.065
    assert wsd.loss[-1] < short.loss[-1]
