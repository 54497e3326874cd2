"""Every public callable answers bad input with a clear error: the sweep calls each one with a valid
example, then replaces one parameter at a time with a bad value (zero or negative where a size is
meant, NaN, infinity, None, a string, an empty array, an unknown name, a wrong object) and classifies
what happens. Clear means a ValueError or TypeError whose message names the parameter."""

from __future__ import annotations

import math
import signal
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from scaling_lib import (
    accounting,
    architectures,
    chinchilla,
    curves,
    datablations,
    datasets,
    economics,
    exercises,
    formatting,
    forms,
    inference,
    kaplan,
    memory,
    planner,
    powerlaw,
    reconciliation,
    schedules,
    sim,
    synthetic,
    units,
)
from scaling_lib.chinchilla import BESIROGLU_2024 as LAW

SIZE_BAD = (0.0, -1.0, math.nan, math.inf, None, "x")  # a positive size or amount
AMOUNT_BAD = (-1.0, math.nan, math.inf, None, "x")  # zero allowed
ARRAY_BAD = (-1.0, math.nan, math.inf, None, "x", [])  # a positive array
NAME_BAD = ("no such name", None, 3)
OBJECT_BAD = (None, "x", 3.0)

# How the messages name some parameters: the symbol of the paper instead of the argument's name.
ALIASES = {
    "name": ("device", "architecture", "model"),
    "n": ("N",),
    "d": ("D",),
    "c": ("C",),
    "loss": ("L",),
    "c_min": ("C_min",),
    "s_min": ("S_min",),
    "n_params": ("N",),
    "n_non_embedding": ("N",),
    "b": ("B",),
    "s": ("S",),
}

SHAPE = accounting.GPT2["GPT-2 small"]
ARCH = architectures.preset("LLaMA 7B")
H100 = units.device("H100")
RUNS = datasets.load_chinchilla_figure4().without_highest_loss(5)
SMALL = RUNS.select(RUNS.n < 2e8)
FIT = reconciliation.fit_isoflop_exponent(datasets.load_porian_isoflops())
CLUSTER = planner.Cluster(H100, 64, 30, 0.4)
KLAWS = kaplan.KAPLAN_2020
DCLAW = datablations.MUENNIGHOFF_2023


def _api() -> sim.TrainingAPI:
    return sim.TrainingAPI(seed=1)


# (name, callable, valid keyword arguments, {parameter: bad values})
Case = tuple[str, Callable[..., Any], dict[str, Any], dict[str, tuple[Any, ...]]]


def cases() -> list[Case]:
    n, d = RUNS.n[:20], RUNS.d[:20]
    out: list[Case] = [
        (
            "powerlaw.power_law",
            powerlaw.power_law,
            {"x": 1e9, "x_c": 1e13, "alpha": 0.07},
            {"x": ARRAY_BAD, "x_c": SIZE_BAD, "alpha": SIZE_BAD},
        ),
        ("powerlaw.factor_per_doubling", powerlaw.factor_per_doubling, {"alpha": 0.07}, {"alpha": SIZE_BAD}),
        (
            "powerlaw.scale_through",
            powerlaw.scale_through,
            {"x_ref": 1e9, "loss_ref": 2.4, "alpha": 0.07},
            {"x_ref": SIZE_BAD, "loss_ref": SIZE_BAD, "alpha": SIZE_BAD},
        ),
        (
            "powerlaw.fit_power_law",
            powerlaw.fit_power_law,
            {"x": [1.0, 2.0, 4.0], "y": [3.0, 2.5, 2.1]},
            {"x": ARRAY_BAD, "y": ARRAY_BAD},
        ),
        ("units.pf_days_to_flops", units.pf_days_to_flops, {"pf_days": 1.0}, {"pf_days": ARRAY_BAD}),
        ("units.flops_to_pf_days", units.flops_to_pf_days, {"flops": 1e20}, {"flops": ARRAY_BAD}),
        ("units.device", units.device, {"name": "H100"}, {"name": NAME_BAD}),
        (
            "units.model_flops_utilisation",
            units.model_flops_utilisation,
            {"tokens_per_second": 1e5, "flops_per_token": 6e9, "n_devices": 64, "peak_flops": 1e15},
            {
                "tokens_per_second": SIZE_BAD,
                "flops_per_token": SIZE_BAD,
                "n_devices": SIZE_BAD,
                "peak_flops": SIZE_BAD,
            },
        ),
        (
            "units.device_days",
            units.device_days,
            {"flops": 1e22, "dev": H100, "mfu": 0.4},
            {"flops": ARRAY_BAD, "dev": OBJECT_BAD, "mfu": SIZE_BAD},
        ),
        (
            "formatting.sci",
            formatting.sci,
            {"x": 1.5e10, "digits": 2},
            {"x": (math.nan, math.inf, None, "x"), "digits": (0, -1, 7, None, "x")},
        ),
        ("formatting.ratio", formatting.ratio, {"x": 3.2}, {"x": AMOUNT_BAD}),
        (
            "accounting.training_flops",
            accounting.training_flops,
            {"n": 1e9, "d": 2e10},
            {"n": ARRAY_BAD, "d": ARRAY_BAD},
        ),
        (
            "accounting.tokens_for_flops",
            accounting.tokens_for_flops,
            {"c": 1e20, "n": 1e9},
            {"c": ARRAY_BAD, "n": ARRAY_BAD},
        ),
        (
            "accounting.attention_flops_per_token",
            accounting.attention_flops_per_token,
            {"n_layer": 12, "n_ctx": 1024, "d_attn": 768},
            {"n_layer": ARRAY_BAD, "n_ctx": ARRAY_BAD, "d_attn": ARRAY_BAD},
        ),
        (
            "accounting.model_flops_per_token",
            accounting.model_flops_per_token,
            {"n": 1e9, "n_layer": 24, "n_ctx": 2048, "d_attn": 2048},
            {"n": ARRAY_BAD, "n_layer": ARRAY_BAD, "n_ctx": ARRAY_BAD, "d_attn": ARRAY_BAD},
        ),
        (
            "accounting.deepseek_m",
            accounting.deepseek_m,
            {"n_layer": 24, "d_model": 2048, "seq_len": 4096},
            {"n_layer": ARRAY_BAD, "d_model": ARRAY_BAD, "seq_len": ARRAY_BAD},
        ),
        (
            "accounting.TransformerShape",
            accounting.TransformerShape,
            {"n_layer": 12, "d_model": 768, "n_heads": 12},
            {
                "n_layer": SIZE_BAD,
                "d_model": SIZE_BAD,
                "n_heads": SIZE_BAD,
                "n_ctx": SIZE_BAD,
                "n_vocab": SIZE_BAD,
            },
        ),
        (
            "accounting.TransformerShape.context_for_attention_share",
            SHAPE.context_for_attention_share,
            {"share": 0.5},
            {"share": SIZE_BAD + (1.5,)},
        ),
        (
            "accounting.gpt2_params",
            accounting.gpt2_params,
            {"shape": SHAPE},
            {"shape": OBJECT_BAD, "convention": NAME_BAD},
        ),
        (
            "accounting.chinchilla_params",
            accounting.chinchilla_params,
            {"shape": SHAPE},
            {"shape": OBJECT_BAD, "convention": NAME_BAD},
        ),
        (
            "accounting.chinchilla_forward_flops",
            accounting.chinchilla_forward_flops,
            {"shape": SHAPE},
            {"shape": OBJECT_BAD},
        ),
        (
            "accounting.chinchilla_flop_ratio",
            accounting.chinchilla_flop_ratio,
            {"shape": SHAPE},
            {"shape": OBJECT_BAD, "terms": (("no such term",), None), "convention": NAME_BAD},
        ),
        (
            "architectures.swiglu_d_ff",
            architectures.swiglu_d_ff,
            {"d_model": 4096},
            {"d_model": SIZE_BAD, "multiple_of": SIZE_BAD, "multiplier": SIZE_BAD},
        ),
        (
            "architectures.preset",
            architectures.preset,
            {"name": next(iter(architectures.PRESETS))},
            {"name": NAME_BAD},
        ),
        (
            "architectures.Architecture.forward_flops_per_token",
            ARCH.forward_flops_per_token,
            {},
            {"context": (0.0, -1.0, math.nan, math.inf, "x")},
        ),  # None: the model's own context
        ("architectures.Architecture.with_context", ARCH.with_context, {"n_ctx": 2048}, {"n_ctx": SIZE_BAD}),
        (
            "memory.model_state_bytes",
            memory.model_state_bytes,
            {"n_params": 7e9},
            {"n_params": SIZE_BAD, "gradient_bytes": (0, -1, None, "x", 3)},
        ),
        (
            "memory.activation_bytes_per_layer",
            memory.activation_bytes_per_layer,
            {"seq_len": 2048, "micro_batch": 1, "d_model": 4096, "n_heads": 32},
            {
                "seq_len": SIZE_BAD,
                "micro_batch": SIZE_BAD,
                "d_model": SIZE_BAD,
                "n_heads": SIZE_BAD,
                "tensor_parallel": SIZE_BAD,
                "recompute": NAME_BAD,
            },
        ),
        (
            "memory.devices_for_model_state",
            memory.devices_for_model_state,
            {"n_params": 7e10, "memory_bytes": 80e9},
            {"n_params": SIZE_BAD, "memory_bytes": SIZE_BAD},
        ),
        (
            "inference.kv_cache_bytes_per_token",
            inference.kv_cache_bytes_per_token,
            {"arch": ARCH},
            {"arch": OBJECT_BAD, "precision": NAME_BAD},
        ),
        (
            "inference.decode_step",
            inference.decode_step,
            {"arch": ARCH, "dev": H100, "context": 4096},
            {
                "arch": OBJECT_BAD,
                "dev": OBJECT_BAD,
                "context": SIZE_BAD,
                "batch": SIZE_BAD,
                "precision": NAME_BAD,
            },
        ),
        (
            "inference.prefill_step",
            inference.prefill_step,
            {"arch": ARCH, "dev": H100, "prompt": 4096},
            {
                "arch": OBJECT_BAD,
                "dev": OBJECT_BAD,
                "prompt": SIZE_BAD,
                "batch": SIZE_BAD,
                "precision": NAME_BAD,
            },
        ),
        (
            "chinchilla.ParametricLoss",
            chinchilla.ParametricLoss,
            {"E": 1.7, "A": 400.0, "B": 400.0, "alpha": 0.34, "beta": 0.28},
            {"E": SIZE_BAD, "A": SIZE_BAD, "B": SIZE_BAD, "alpha": SIZE_BAD, "beta": SIZE_BAD},
        ),
        ("chinchilla.ParametricLoss.loss", LAW.loss, {"n": 1e9, "d": 2e10}, {"n": ARRAY_BAD, "d": ARRAY_BAD}),
        ("chinchilla.ParametricLoss.compute_optimal", LAW.compute_optimal, {"c": 1e21}, {"c": ARRAY_BAD}),
        ("chinchilla.ParametricLoss.optimal_loss", LAW.optimal_loss, {"c": 1e21}, {"c": ARRAY_BAD}),
        (
            "chinchilla.ParametricLoss.tokens_per_parameter",
            LAW.tokens_per_parameter,
            {"c": 1e21},
            {"c": ARRAY_BAD},
        ),
        ("chinchilla.ParametricLoss.compute_for_size", LAW.compute_for_size, {"n": 1e9}, {"n": ARRAY_BAD}),
        (
            "chinchilla.ParametricLoss.isoflop",
            LAW.isoflop,
            {"c": 1e21, "n": 1e9},
            {"c": ARRAY_BAD, "n": ARRAY_BAD},
        ),
        (
            "chinchilla.fit_parametric_loss",
            chinchilla.fit_parametric_loss,
            {"n": RUNS.n, "d": RUNS.d, "loss": RUNS.loss, "starts": 1},
            {
                "n": ARRAY_BAD,
                "d": ARRAY_BAD,
                "loss": ARRAY_BAD,
                "delta": SIZE_BAD,
                "starts": (0, -1, None, "x"),
            },
        ),
        (
            "chinchilla.bootstrap_intervals",
            chinchilla.bootstrap_intervals,
            {"samples": np.array([[1.8, 400, 400, 0.3, 0.3], [1.9, 410, 420, 0.31, 0.32]])},
            {"samples": (None, "x", [], [[1.0, 2.0]]), "level": SIZE_BAD + (1.5,)},
        ),
        (
            "chinchilla.relative_errors",
            chinchilla.relative_errors,
            {"law": LAW, "n": n, "d": d, "loss": RUNS.loss[:20]},
            {"law": OBJECT_BAD, "n": ARRAY_BAD, "d": ARRAY_BAD, "loss": ARRAY_BAD},
        ),
        (
            "chinchilla.assign_budgets",
            chinchilla.assign_budgets,
            {"c": RUNS.c},
            {"c": ARRAY_BAD, "budgets": ARRAY_BAD, "tolerance_dex": SIZE_BAD},
        ),
        (
            "chinchilla.isoflop_parabola",
            chinchilla.isoflop_parabola,
            {"n": [1e8, 2e8, 4e8, 8e8], "loss": [3.0, 2.9, 2.95, 3.1]},
            {"n": ARRAY_BAD, "loss": ARRAY_BAD},
        ),
        (
            "chinchilla.isoflop_minimum",
            chinchilla.isoflop_minimum,
            {"n": [1e8, 2e8, 4e8, 8e8], "loss": [3.0, 2.9, 2.95, 3.1]},
            {"n": ARRAY_BAD, "loss": ARRAY_BAD},
        ),
        (
            "chinchilla.approach2",
            chinchilla.approach2,
            {"n": RUNS.n, "c": RUNS.c, "loss": RUNS.loss},
            {
                "n": ARRAY_BAD,
                "c": ARRAY_BAD,
                "loss": ARRAY_BAD,
                "budgets": ARRAY_BAD,
                "tolerance_dex": SIZE_BAD,
                "min_runs": (0, -1, None, "x"),
            },
        ),
        (
            "chinchilla.envelope",
            chinchilla.envelope,
            {"law": LAW, "c": [1e20, 1e21], "n_grid": [1e8, 1e9, 1e10]},
            {"law": OBJECT_BAD, "c": ARRAY_BAD, "n_grid": ARRAY_BAD},
        ),
        ("chinchilla.ledger", chinchilla.ledger, {}, {"law": OBJECT_BAD, "unrounded": OBJECT_BAD}),
        ("kaplan.KaplanLaws.loss_n", KLAWS.loss_n, {"n": 1e9}, {"n": ARRAY_BAD}),
        ("kaplan.KaplanLaws.loss_d", KLAWS.loss_d, {"d": 1e9}, {"d": ARRAY_BAD}),
        ("kaplan.KaplanLaws.loss_compute", KLAWS.loss_compute, {"c_min": 1.0}, {"c_min": ARRAY_BAD}),
        ("kaplan.KaplanLaws.loss_nd", KLAWS.loss_nd, {"n": 1e9, "d": 1e10}, {"n": ARRAY_BAD, "d": ARRAY_BAD}),
        (
            "kaplan.KaplanLaws.overfitting_penalty",
            KLAWS.overfitting_penalty,
            {"n": 1e9, "d": 1e10},
            {"n": ARRAY_BAD, "d": ARRAY_BAD},
        ),
        (
            "kaplan.KaplanLaws.loss_ns",
            KLAWS.loss_ns,
            {"n": 1e9, "s_min": 1e4},
            {"n": ARRAY_BAD, "s_min": ARRAY_BAD},
        ),
        ("kaplan.KaplanLaws.critical_batch", KLAWS.critical_batch, {"loss": 3.0}, {"loss": ARRAY_BAD}),
        (
            "kaplan.KaplanLaws.s_min",
            KLAWS.s_min,
            {"s": 1e4, "b": 1e6, "loss": 3.0},
            {"s": ARRAY_BAD, "b": ARRAY_BAD, "loss": ARRAY_BAD},
        ),
        (
            "kaplan.KaplanLaws.c_min",
            KLAWS.c_min,
            {"c": 1.0, "b": 1e6, "loss": 3.0},
            {"c": ARRAY_BAD, "b": ARRAY_BAD, "loss": ARRAY_BAD},
        ),
        (
            "kaplan.KaplanLaws.allocation_exponents",
            KLAWS.allocation_exponents,
            {},
            {"alpha_c_min": SIZE_BAD[:-2]},
        ),
        (
            "kaplan.efficient_n",
            kaplan.efficient_n,
            {"c_min": 1.0},
            {"c_min": ARRAY_BAD, "printed": OBJECT_BAD},
        ),
        ("kaplan.efficient_n_for_flops", kaplan.efficient_n_for_flops, {"c": 1e20}, {"c": ARRAY_BAD}),
        ("kaplan.compute_for_efficient_n", kaplan.compute_for_efficient_n, {"n": 1e9}, {"n": ARRAY_BAD}),
        ("kaplan.efficient_d", kaplan.efficient_d, {"c_min": 1.0}, {"c_min": ARRAY_BAD}),
        ("kaplan.overfit_free_d", kaplan.overfit_free_d, {"n": 1e9}, {"n": ARRAY_BAD}),
        ("kaplan.printed_d_eq_6_7", kaplan.printed_d_eq_6_7, {"c_min": 1.0}, {"c_min": ARRAY_BAD}),
        (
            "kaplan.contradiction_point",
            kaplan.contradiction_point,
            {},
            {"laws": OBJECT_BAD, "data_law": NAME_BAD, "printed": OBJECT_BAD},
        ),
        (
            "chinchilla.ParametricLoss.smallest_size",
            LAW.smallest_size,
            {"target": 2.2},
            {"target": SIZE_BAD + (1.0,)},
        ),
        (
            "chinchilla.ParametricLoss.tokens_to_reach",
            LAW.tokens_to_reach,
            {"n": 1e10, "target": 2.2},
            {"n": SIZE_BAD, "target": SIZE_BAD},
        ),
        (
            "chinchilla.ParametricLoss.compute_optimal_for_target",
            LAW.compute_optimal_for_target,
            {"target": 2.2},
            {"target": SIZE_BAD + (1.0, 1e6)},
        ),
        (
            "economics.overhead",
            economics.overhead,
            {"law": LAW, "target": 2.2, "size_fraction": 0.5},
            {"law": OBJECT_BAD, "target": SIZE_BAD, "size_fraction": SIZE_BAD},
        ),
        (
            "economics.plan_for",
            economics.plan_for,
            {"n": 1e10, "d": 2e11, "inference_tokens": 1e12},
            {"n": SIZE_BAD, "d": SIZE_BAD, "inference_tokens": AMOUNT_BAD},
        ),
        (
            "economics.plan",
            economics.plan,
            {"law": LAW, "n": 1e10, "target": 2.2, "inference_tokens": 1e12},
            {"law": OBJECT_BAD, "n": SIZE_BAD, "target": SIZE_BAD, "inference_tokens": AMOUNT_BAD},
        ),
        (
            "economics.inference_optimal",
            economics.inference_optimal,
            {"law": LAW, "target": 2.2, "inference_tokens": 1e12},
            {"law": OBJECT_BAD, "target": SIZE_BAD, "inference_tokens": AMOUNT_BAD},
        ),
        (
            "planner.Cluster",
            planner.Cluster,
            {"device": H100, "count": 8, "days": 7},
            {"device": OBJECT_BAD, "count": SIZE_BAD, "days": SIZE_BAD, "mfu": SIZE_BAD + (1.5,)},
        ),
        ("planner.Cluster.device_days", CLUSTER.device_days, {"flops": 1e22}, {"flops": SIZE_BAD}),
        (
            "planner.budget_for_target",
            planner.budget_for_target,
            {"target": 2.2},
            {"target": SIZE_BAD + (1.0,), "law": OBJECT_BAD},
        ),
        (
            "planner.recommend",
            planner.recommend,
            {"cluster": CLUSTER},
            {"cluster": OBJECT_BAD, "inference_tokens": AMOUNT_BAD, "yardstick": OBJECT_BAD},
        ),
        (
            "schedules.cosine_fraction",
            schedules.cosine_fraction,
            {"step": 100, "total_steps": 1000},
            {
                "step": ARRAY_BAD,
                "total_steps": SIZE_BAD,
                "warmup_steps": AMOUNT_BAD,
                "final_ratio": AMOUNT_BAD,
            },
        ),
        (
            "schedules.wsd_fraction",
            schedules.wsd_fraction,
            {"step": 100, "total_steps": 1000, "decay_start": 800},
            {
                "step": ARRAY_BAD,
                "total_steps": SIZE_BAD,
                "decay_start": SIZE_BAD,
                "warmup_steps": AMOUNT_BAD,
                "final_ratio": AMOUNT_BAD,
                "decay": NAME_BAD,
            },
        ),
        (
            "schedules.constant_fraction",
            schedules.constant_fraction,
            {"step": 100},
            {"step": ARRAY_BAD, "warmup_steps": AMOUNT_BAD},
        ),
        (
            "schedules.llama_lr_fraction",
            schedules.llama_lr_fraction,
            {"fraction_complete": 0.5, "total_tokens": 1e12},
            {"fraction_complete": ARRAY_BAD, "total_tokens": SIZE_BAD},
        ),
        (
            "curves.smooth_curve",
            curves.smooth_curve,
            {"x": np.arange(1.0, 400), "y": np.linspace(4, 2, 399)},
            {"x": ARRAY_BAD, "y": ARRAY_BAD, "n_bins": (0, -1, None, "x")},
        ),
        (
            "chinchilla.ParametricLoss.crossing",
            LAW.crossing,
            {"n_small": 7e9, "n_large": 7e10},
            {"n_small": SIZE_BAD, "n_large": SIZE_BAD},
        ),
        (
            "reconciliation.describe_config",
            reconciliation.describe_config,
            {"config": datasets.PORIAN_KAPLAN_SETUP},
            {"config": NAME_BAD},
        ),
        (
            "reconciliation.fit_isoflop_exponent",
            reconciliation.fit_isoflop_exponent,
            {"runs": datasets.load_porian_isoflops()},
            {"runs": OBJECT_BAD, "window": (0, -1, None, "x")},
        ),
        ("reconciliation.IsoflopFit.n_at", FIT.n_at, {"c": 1e20}, {"c": ARRAY_BAD}),
        (
            "reconciliation.bootstrap_exponents",
            reconciliation.bootstrap_exponents,
            {"fit": FIT, "n_boot": 20},
            {"fit": OBJECT_BAD, "n_boot": (0, -1, None, "x")},
        ),
        (
            "reconciliation.percentile_interval",
            reconciliation.percentile_interval,
            {"samples": [0.5, 0.6, 0.7]},
            {"samples": (None, "x", [], [math.nan, 1.0]), "level": SIZE_BAD + (1.5,)},
        ),
        (
            "reconciliation.total_params",
            reconciliation.total_params,
            {"n_non_embedding": 1e8, "aspect_ratio": 64, "n_vocab": 50257},
            {"n_non_embedding": ARRAY_BAD, "aspect_ratio": SIZE_BAD, "n_vocab": (-1, None, "x", 1.5)},
        ),
        (
            "reconciliation.local_exponent",
            reconciliation.local_exponent,
            {"x": [1.0, 2.0, 4.0], "y": [3.0, 2.5, 2.1]},
            {"x": ARRAY_BAD, "y": ARRAY_BAD},
        ),
        (
            "forms.fit_saturating_power_law",
            forms.fit_saturating_power_law,
            {"x": np.logspace(16, 19, 8), "loss": 1.7 + (np.logspace(16, 19, 8) / 1e10) ** -0.2},
            {"x": ARRAY_BAD, "loss": ARRAY_BAD},
        ),
        (
            "forms.growth_to_reach",
            forms.growth_to_reach,
            {"loss_now": 3.0, "loss_target": 2.5, "alpha": 0.05},
            {"loss_now": SIZE_BAD, "loss_target": SIZE_BAD, "alpha": SIZE_BAD, "irreducible": AMOUNT_BAD},
        ),
        ("forms.chinchilla_frontier", forms.chinchilla_frontier, {"law": LAW}, {"law": OBJECT_BAD}),
        ("sim.hidden_law", sim.hidden_law, {"seed": 1}, {"seed": (-1, None, "x", 1.5)}),
        (
            "sim.mistuning_penalty",
            sim.mistuning_penalty,
            {"n": 1e7},
            {"n": ARRAY_BAD, "amplitude": AMOUNT_BAD},
        ),
        (
            "sim.schedule_penalty",
            sim.schedule_penalty,
            {"d": 1e9, "horizon": 3e9},
            {"d": ARRAY_BAD, "horizon": SIZE_BAD, "gap": AMOUNT_BAD},
        ),
        (
            "sim.TrainingAPI",
            sim.TrainingAPI,
            {"seed": 1},
            {
                "budget_flops": SIZE_BAD,
                "seed": (-1, None, "x", 1.5),
                "noise": AMOUNT_BAD,
                "mistuning": AMOUNT_BAD,
                "schedule": NAME_BAD,
                "horizon": SIZE_BAD,
            },
        ),
        (
            "sim.TrainingAPI.train",
            _api().train,
            {"n_params": sim.SIZES[3], "n_tokens": 1e8},
            {"n_params": SIZE_BAD + (123.0,), "n_tokens": SIZE_BAD},
        ),
        (
            "sim.Submission",
            sim.Submission,
            {"n_opt": 1e10, "d_opt": 2e11, "loss": 2.0},
            {"n_opt": SIZE_BAD, "d_opt": SIZE_BAD, "loss": SIZE_BAD},
        ),
        (
            "sim.grade",
            sim.grade,
            {"submission": sim.Submission(1e10, 2e11, 2.0), "seed": 1},
            {"submission": OBJECT_BAD, "seed": (-1, None, "x", 1.5), "budget": SIZE_BAD},
        ),
        (
            "sim.isoflop_grid",
            sim.isoflop_grid,
            {"api": _api()},
            {"api": OBJECT_BAD, "budgets": ARRAY_BAD, "per_budget": (0, 2, None, "x")},
        ),
        ("sim.porian_scatter", sim.porian_scatter, {}, {"window": (0, 3, None, "x")}),
        (
            "synthetic.synthetic_runs",
            synthetic.synthetic_runs,
            {"law": LAW, "budgets": [1e19, 1e20, 1e21]},
            {
                "law": OBJECT_BAD,
                "budgets": ARRAY_BAD,
                "sizes_per_budget": (0, 2, None, "x"),
                "spread_dex": SIZE_BAD,
                "noise": AMOUNT_BAD,
                "decimals": (-1, "x", 1.5),
                "seed": (-1, "x"),
            },
        ),
        ("datasets.Runs.select", RUNS.select, {"mask": RUNS.n > 0}, {"mask": (None, "x", [], RUNS.n)}),
        (
            "datasets.Runs.without_highest_loss",
            RUNS.without_highest_loss,
            {"k": 5},
            {"k": (-1, None, "x", 1e6)},
        ),
        ("datasets.Runs.lowest_loss_by", RUNS.lowest_loss_by, {"field": "c"}, {"field": NAME_BAD}),
        ("datasets.load_runs_csv", datasets.load_runs_csv, {}, {"path": (None, 3, "no/such/file.csv")}),
        ("datasets.load_llama_curve", datasets.load_llama_curve, {"model": "LLaMA2-7B"}, {"model": NAME_BAD}),
        (
            "datasets.load_gadre_testbed",
            datasets.load_gadre_testbed,
            {"dataset": datasets.GADRE_DATASETS[0]},
            {"dataset": NAME_BAD, "loss": NAME_BAD},
        ),
        (
            "datasets.porian_config_fields",
            datasets.porian_config_fields,
            {"config": datasets.PORIAN_KAPLAN_SETUP},
            {"config": NAME_BAD},
        ),
        ("datasets.load_porian_isoflops", datasets.load_porian_isoflops, {}, {"config": NAME_BAD[:1] + (3,)}),
        ("datasets.load_gemstones", datasets.load_gemstones, {}, {"table": NAME_BAD}),
        ("datasets.load_datablations", datasets.load_datablations, {}, {"table": NAME_BAD}),
        (
            "exercises.power_law_exponent",
            exercises.power_law_exponent,
            {"x1": 1e8, "loss1": 3.0, "x2": 1e10, "loss2": 2.4},
            {"x1": SIZE_BAD, "loss1": SIZE_BAD, "x2": SIZE_BAD, "loss2": SIZE_BAD},
        ),
        (
            "exercises.growth_for_loss_cut",
            exercises.growth_for_loss_cut,
            {"cut": 0.1},
            {"cut": SIZE_BAD + (1.0,), "alpha": SIZE_BAD},
        ),
        ("exercises.overfit_free_tokens", exercises.overfit_free_tokens, {"n": 1e9}, {"n": SIZE_BAD}),
        ("exercises.replication_optimum", exercises.replication_optimum, {"c": 1e24}, {"c": SIZE_BAD}),
        (
            "exercises.ratio_growth",
            exercises.ratio_growth,
            {"c_low": 1e21, "c_high": 1e25},
            {"c_low": SIZE_BAD, "c_high": SIZE_BAD},
        ),
        ("exercises.overhead_at", exercises.overhead_at, {"fraction": 0.5}, {"fraction": SIZE_BAD}),
        (
            "exercises.inference_plan",
            exercises.inference_plan,
            {"target": 2.2, "inference_tokens": 1e12},
            {"target": SIZE_BAD, "inference_tokens": AMOUNT_BAD},
        ),
    ]
    out += [
        (
            "datablations.DataConstrainedLaw.loss",
            DCLAW.loss,
            {"n": 1e9, "d": 1e11, "unique_tokens": 2e10},
            {"n": ARRAY_BAD, "d": ARRAY_BAD, "unique_tokens": ARRAY_BAD},
        ),
        (
            "datablations.DataConstrainedLaw.optimal_params",
            DCLAW.optimal_params,
            {"c": 1e21, "unique_tokens": 1e10},
            {"c": SIZE_BAD, "unique_tokens": SIZE_BAD},
        ),
    ]
    return out


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang


def classify(fn: Callable[..., Any], kwargs: dict[str, Any], name: str) -> str:
    """ "clear", "unclear" (an error that does not name the parameter), "other error", "silent nan",
    "accepted" or "hang"."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(10)
    try:
        result = fn(**kwargs)
    except Hang:
        return "hang"
    except (ValueError, TypeError) as e:
        names = (name, *ALIASES.get(name, ()))
        return "clear" if any(x in str(e) for x in names) else "unclear"
    except Exception:
        return "other error"
    finally:
        signal.alarm(0)
    values = result if isinstance(result, tuple) else (result,)
    for v in values:
        if isinstance(v, float | np.ndarray | np.floating) and not np.all(np.isfinite(v)):
            return "silent nan"
    return "accepted"


def sweep() -> tuple[Counter, list[tuple[str, str, str, str]]]:
    outcomes: Counter = Counter()
    unclear = []
    for qualname, fn, valid, bad in cases():
        if qualname != "datasets.load_runs_csv":
            fn(**valid)  # the example itself is valid
        for param, values in bad.items():
            for value in values:
                outcome = classify(fn, {**valid, param: value}, param)
                outcomes[outcome] += 1
                if outcome != "clear":
                    unclear.append((qualname, param, repr(value)[:20], outcome))
    return outcomes, unclear


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_bad_input_gets_a_clear_error() -> None:
    outcomes, unclear = sweep()
    total = sum(outcomes.values())
    share = outcomes["clear"] / total
    report = "\n".join(f"{q}({p}={v}): {o}" for q, p, v, o in unclear)
    assert outcomes["hang"] == 0 and outcomes["silent nan"] == 0, report
    assert share >= 0.99, f"{outcomes['clear']} of {total} clear ({share:.1%}):\n{report}"
