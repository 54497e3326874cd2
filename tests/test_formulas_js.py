"""The continuous figures' JavaScript formulas (assets/formulas.js) against the library, in Node.

Every function is evaluated on random inputs drawn log-uniformly across the ranges the figures use and
compared with the Python: closed forms to 1e-12 relative, the root finder to 1e-9 and the minimiser's
size to 1e-6 (its objective to 1e-12: near a minimum the size is fixed only to about the square root of
the float precision), Approach 2 to 1e-9.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scaling_lib import datasets
from scaling_lib.laws import (
    accounting,
    architectures,
    chinchilla,
    economics,
    inference,
    isoflop,
    kaplan,
    memory,
    powerlaw,
    units,
)
from scaling_lib.laws.architectures import attention_flops_per_token
from scaling_lib.laws.data_constrained import MUENNIGHOFF_2023

ROOT = Path(__file__).resolve().parents[1]
FORMULAS = ROOT / "assets" / "formulas.js"
RNG = np.random.default_rng(20261207)
DRAWS = 200
CLOSED = 1e-12

K = dataclasses.asdict(kaplan.KAPLAN_2020)
P = dataclasses.asdict(kaplan.PRINTED)
PF_DAY = units.FLOPS_PER_PF_DAY


def law(f: chinchilla.ParametricLoss) -> dict[str, float]:
    return {k: getattr(f, k) for k in ("E", "A", "B", "alpha", "beta")}


DC = {
    "base": law(MUENNIGHOFF_2023.base),
    "r_d_star": MUENNIGHOFF_2023.r_d_star,
    "r_n_star": MUENNIGHOFF_2023.r_n_star,
}


def logu(low: float, high: float) -> float:
    return float(10 ** RNG.uniform(np.log10(low), np.log10(high)))


def node(calls: list[tuple[str, list[Any]]]) -> list[Any]:
    """Evaluate ``SLXFormulas[name](*args)`` in Node for each call."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed (make setup installs the site's npm packages with it)")
    script = (
        "const F = require(process.argv[1]); let s = ''; process.stdin.on('data', c => s += c);"
        "process.stdin.on('end', () => { const out = JSON.parse(s).map(([f, a]) => {"
        "  if (!(f in F)) throw new Error('no function ' + f); return F[f](...a); });"
        "  process.stdout.write(JSON.stringify(out)); });"
    )
    run = subprocess.run(
        ["node", "-e", script, str(FORMULAS)],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def close(got: Any, want: Any, rel: float) -> bool:
    if isinstance(want, dict):
        return all(close(got[k], v, rel) for k, v in want.items())
    if isinstance(want, list | tuple):
        return len(got) == len(want) and all(close(g, w, rel) for g, w in zip(got, want, strict=True))
    return bool(np.isclose(got, float(want), rtol=rel, atol=0))


def cases() -> list[tuple[str, list[Any], Any, float]]:
    """(function, its JS arguments, the Python's answer, relative tolerance) for every formula."""
    out: list[tuple[str, list[Any], Any, float]] = []

    def add(
        name: str, draw: Callable[[], tuple[list[Any], Any]], rel: float = CLOSED, draws: int = DRAWS
    ) -> None:
        for _ in range(draws):
            args, want = draw()
            out.append((name, args, want, rel))

    def n_kaplan() -> float:
        return logu(1e3, 1e13)

    def d_kaplan() -> float:
        return logu(1e7, 1e14)

    def c_min() -> float:
        return logu(1e-7, 1e5)

    def alpha() -> float:
        return float(RNG.uniform(0.02, 0.3))

    def target() -> float:
        return float(RNG.uniform(1.9, 2.2))

    # Power laws (the introduction's figure: x from 1e7 to 1e11, alpha from 0.02 to 0.3).
    def power_law() -> tuple[list[Any], Any]:
        x, a, x_c = logu(1e7, 1e11), alpha(), logu(1e9, 1e20)
        return [x, x_c, a], powerlaw.power_law(x, x_c, a)

    def scale_through() -> tuple[list[Any], Any]:
        x, y, a = logu(1e7, 1e11), float(RNG.uniform(1, 5)), alpha()
        return [x, y, a], powerlaw.scale_through(x, y, a)

    add("powerLaw", power_law)
    add("scaleThrough", scale_through)

    # Kaplan et al. 2020 (N 1e3-1e13, D 1e7-1e14, C_min 1e-7-1e5 PF-days, S 1e2-1e7 steps).
    kl = kaplan.KAPLAN_2020

    def loss_nd() -> tuple[list[Any], Any]:
        n, d = n_kaplan(), d_kaplan()
        return [K, n, d], kl.loss_nd(n, d)

    def loss_ns() -> tuple[list[Any], Any]:
        n, s = n_kaplan(), logu(1e2, 1e7)
        return [K, n, s], kl.loss_ns(n, s)

    def one(
        fn: Callable[[float], Any], draw: Callable[[], float], *head: Any
    ) -> Callable[[], tuple[list[Any], Any]]:
        def run() -> tuple[list[Any], Any]:
            x = draw()
            return [*head, x], fn(x)

        return run

    add("kaplanLossN", one(kl.loss_n, n_kaplan, K))
    add("kaplanLossD", one(kl.loss_d, d_kaplan, K))
    add("kaplanLossCompute", one(kl.loss_compute, c_min, K))
    add("kaplanLossND", loss_nd)
    add("kaplanLossNS", loss_ns)
    add("kaplanCriticalBatch", one(kl.critical_batch, lambda: float(RNG.uniform(1, 12)), K))
    add("efficientN", one(kaplan.efficient_n, c_min, P))
    add("computeForEfficientN", one(kaplan.compute_for_efficient_n, lambda: logu(1e2, 1e13), P))

    def efficient_d() -> tuple[list[Any], Any]:
        c = c_min()
        return [P, c, PF_DAY], kaplan.efficient_d(c)

    def frontier() -> tuple[list[Any], Any]:
        c = c_min()
        return [K, P, c, PF_DAY], kaplan.frontier_point(c)

    add("efficientD", efficient_d)
    add("frontierPoint", frontier)

    # Accounting: 6ND and the per-token FLOPs with attention.
    def six_nd() -> tuple[list[Any], Any]:
        n, d = logu(1e6, 1e13), logu(1e8, 1e14)
        return [n, d], accounting.training_flops(n, d)

    def tokens() -> tuple[list[Any], Any]:
        c, n = logu(1e17, 1e27), logu(1e6, 1e13)
        return [c, n], accounting.tokens_for_flops(c, n)

    def shape() -> tuple[int, int, int, bool]:
        layers, ctx, width = (
            int(RNG.integers(2, 128)),
            int(2 ** RNG.integers(9, 18)),
            int(64 * RNG.integers(4, 256)),
        )
        return layers, ctx, width, bool(RNG.integers(2))

    def per_token() -> tuple[list[Any], Any]:
        n, s = logu(1e6, 1e12), shape()
        return [n, *s], accounting.model_flops_per_token(n, *s)

    def attention() -> tuple[list[Any], Any]:
        s = shape()
        return [*s], attention_flops_per_token(*s)

    add("trainingFlops", six_nd)
    add("tokensForFlops", tokens)
    add("modelFlopsPerToken", per_token)
    add("attentionFlopsPerToken", attention)

    # Chinchilla's law under every fit the figures draw (N 1e7-1e13, D 1e9-1e14, C 1e18-1e27).
    for f in chinchilla.FITS.values():
        add_chinchilla(add, f)

    # The inference-aware optimum (Sardana et al. 2024) under the Death chapter's unrounded fit.
    un = chinchilla.HOFFMANN_2022_UNROUNDED

    def best(what: str) -> tuple[list[Any], Any]:
        t, served = target(), logu(1e10, 1e15)
        b = economics.inference_optimal(un, t, served)
        return [law(un), t, served], ({"n": b.n} if what == "n" else {"total": b.total_flops})

    def plan() -> tuple[list[Any], Any]:
        t, served = target(), logu(1e10, 1e15)
        n = un.smallest_size(t) * logu(1.01, 100)
        p = economics.plan(un, n, t, served)
        return [law(un), n, t, served], {"d": p.d, "train": p.train_flops, "inference": p.inference_flops}

    add("inferenceOptimal", lambda: best("n"), 1e-6, 10)
    add("inferenceOptimal", lambda: best("total"), CLOSED, 10)
    add("plan", plan)

    # The data-constrained law (Muennighoff et al. 2023): U_D 1e8-1e11 tokens, D up to 100 epochs of it.
    dc = MUENNIGHOFF_2023

    def constrained(which: str) -> tuple[list[Any], Any]:
        u = logu(1e8, 1e11)
        n, d = logu(1e7, 1e11), u * logu(1, 100)
        if which == "data":
            return [DC, d, u], dc.effective_data(d, u)
        if which == "params":
            return [DC, n, u], dc.effective_params(n, u)
        return [DC, n, d, u], dc.loss(n, d, u)

    add("effectiveData", lambda: constrained("data"))
    add("effectiveParams", lambda: constrained("params"))
    add("dataConstrainedLoss", lambda: constrained("loss"))

    # Memory: model states, and the KV cache of every preset at every precision.
    def states() -> tuple[list[Any], Any]:
        n, g = logu(1e6, 1e13), int(RNG.choice([2, 4]))
        return [n, g], memory.model_state_bytes(n, g)

    add("modelStateBytes", states)
    for name in architectures.PRESETS:
        a = architectures.preset(name)
        for precision, size in inference.BYTES_PER_VALUE.items():
            want = inference.kv_cache_bytes_per_token(a, precision)
            out.append(("kvCacheBytesPerToken", [a.n_layer, a.kv_width, size], want, CLOSED))
    return out


def add_chinchilla(add: Callable[..., None], f: chinchilla.ParametricLoss) -> None:
    """Cases of one Chinchilla-form law."""
    lw = law(f)

    def n() -> float:
        return logu(1e7, 1e13)

    def c() -> float:
        return logu(1e18, 1e27)

    def t() -> float:
        return float(RNG.uniform(1.9, 2.3))

    def loss() -> tuple[list[Any], Any]:
        x, d = n(), logu(1e9, 1e14)
        return [lw, x, d], f.loss(x, d)

    def profile() -> tuple[list[Any], Any]:
        budget, x = c(), n()
        return [lw, budget, x], f.isoflop(budget, x)

    def reach() -> tuple[list[Any], Any]:
        goal = t()
        x = f.smallest_size(goal) * logu(1.01, 100)
        return [lw, x, goal], f.tokens_to_reach(x, goal)

    def of(fn: Callable[[float], Any], draw: Callable[[], float]) -> Callable[[], tuple[list[Any], Any]]:
        def run() -> tuple[list[Any], Any]:
            x = draw()
            return [lw, x], fn(x)

        return run

    add("chinchillaLoss", loss, draws=50)
    add("computeOptimal", of(f.compute_optimal, c), draws=50)
    add("optimalLoss", of(f.optimal_loss, c), draws=50)
    add("isoflop", profile, draws=50)
    add("smallestSize", of(f.smallest_size, t), draws=50)
    add("tokensToReach", reach, draws=50)
    add("computeOptimalForTarget", of(f.compute_optimal_for_target, t), 1e-9, 10)


def test_every_formula_equals_the_library() -> None:
    calls = cases()
    got = node([(name, args) for name, args, _, _ in calls])
    wrong = [(name, args, g, want) for (name, args, want, rel), g in zip(calls, got, strict=True)
             if not close(g, want, rel)]  # fmt: skip
    names = {name for name, *_ in calls}
    assert len(names) >= 25 and len(calls) > 5000
    assert not wrong, f"{len(wrong)} of {len(calls)} differ, e.g. {wrong[:3]}"


SELECTIONS = [
    (tuple(range(9)), 0.1, False),
    (tuple(range(9)), 0.1, True),
    ((0, 2, 4, 6, 8), 0.05, False),
    ((1, 3, 5, 7), 0.15, True),
    ((0, 1), 0.1, True),
    ((4, 5, 6, 7, 8), 0.2, False),
]


@pytest.mark.parametrize(("chosen", "tolerance", "drop"), SELECTIONS)
def test_approach2_equals_the_library(chosen: tuple[int, ...], tolerance: float, drop: bool) -> None:
    runs = datasets.load_chinchilla_figure4()
    keep = np.ones(runs.n.size, bool)
    if drop:
        keep[np.argsort(runs.loss)[-5:]] = False
    n, c, loss = runs.n[keep], runs.c[keep], runs.loss[keep]
    budgets = isoflop.ISOFLOP_BUDGETS[list(chosen)]
    [got] = node([("approach2", [n.tolist(), c.tolist(), loss.tolist(), budgets.tolist(), tolerance, 5])])
    want = isoflop.approach2(n, c, loss, budgets, tolerance_dex=tolerance, min_runs=5)
    assert got["budgets"] == want.budgets.tolist() and got["nRuns"] == want.n_runs
    assert close(got["nOpt"], want.n_opt.tolist(), 1e-9)
    assert close([got["a"], got["k"]], [want.a, want.k], 1e-9)


def test_polyfit_equals_numpy() -> None:
    calls, want = [], []
    for _ in range(200):
        m, deg = int(RNG.integers(3, 40)), int(RNG.integers(1, 3))
        x, y = RNG.uniform(15, 30, m), RNG.uniform(1.5, 4, m)
        calls.append(("polyfit", [x.tolist(), y.tolist(), deg]))
        want.append(np.polyfit(x, y, deg).tolist())
    got = node(calls)
    assert all(close(g, w, 1e-9) for g, w in zip(got, want, strict=True))
