"""The atlas of the run sets the book ships: one record per folder of ``scaling_lib/data/``, in one schema
(what N, D and C count, the loss, the schedule, where the data come from, the licence, the rows), with a
digest of its files so that a changed file is noticed, and the paper's headline number that a test
reproduces from it. Each folder's SOURCE.md has the full note; the atlas page of the book shows them all.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from importlib import resources

from ..validation import choice

__all__ = ["ATLAS", "RunSet", "digest", "run_set"]


@dataclass(frozen=True)
class RunSet:
    """One shipped run set (a folder of ``scaling_lib/data/``).

    ``n``, ``d``, ``c``: what the set's parameters, tokens and compute count, and how; ``loss``: its kind
    and split; ``rows``: what its loader returns; ``digest``: ``digest(folder)`` when the atlas was
    written; ``headline``: the paper's number, and ``test``: the test that reproduces it from these files.
    """

    folder: str
    title: str
    paper: str
    n: str
    d: str
    c: str
    loss: str
    schedule: str
    repository: str
    commit: str
    licence: str
    loader: str
    rows: str
    digest: str
    headline: str
    test: str

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"RunSet.{name} must be non-empty text; got {value!r}")
        if not re.fullmatch(r"[0-9a-f]{40}", self.commit):
            raise ValueError(f"RunSet.commit must be a full git commit (40 hex digits); got {self.commit!r}")
        if not re.fullmatch(r"[0-9a-f]{16}", self.digest):
            raise ValueError(f"RunSet.digest must be 16 hex digits (atlas.digest); got {self.digest!r}")
        if not re.fullmatch(r"tests/test_\w+\.py::test_\w+", self.test):
            raise ValueError(f"RunSet.test must name a test as tests/test_x.py::test_y; got {self.test!r}")


def digest(folder: str) -> str:
    """The first 16 hex digits of a sha256 over the folder's data files (every file but the notes and
    licences), each named by its path inside the folder, in path order."""
    root = resources.files("scaling_lib") / "data" / choice("folder", folder, [r.folder for r in ATLAS])
    paths: list[tuple[str, bytes]] = []

    def walk(node: object, prefix: str) -> None:
        for child in node.iterdir():  # type: ignore[attr-defined]
            name = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, name + "/")
            elif not child.name.startswith(("SOURCE", "LICENSE")) and child.name.endswith(
                (".csv", ".tsv", ".json")
            ):
                paths.append((name, child.read_bytes()))

    walk(root, "")
    h = hashlib.sha256()
    for name, data in sorted(paths):
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()[:16]


ATLAS: tuple[RunSet, ...] = (
    RunSet(
        "chinchilla_figure4",
        "Chinchilla's Figure 4 runs",
        "hoffmann2022; besiroglu2024",
        "parameters as Hoffmann et al. count them (all, embeddings included)",
        "D = C / 6N (derived)",
        "training FLOPs as read off Figure 4",
        "final training loss, nats/token (MassiveText)",
        "cosine, horizon matched to each run",
        "epoch-research/analyzing-chinchilla",
        "92258837425e1b5f2851d624287f0120583a3d0e",
        "none stated (measurements read off a figure)",
        "datasets.load_chinchilla_figure4()",
        "245 runs",
        "61bcf44728662c63",
        "Approach 2 exponent a = 0.49, interval (0.462, 0.534) (Hoffmann et al., Table 2)",
        "tests/test_atlas.py::test_chinchilla_figure4_gives_approach_2s_exponent",
    ),
    RunSet(
        "datablations_2023",
        "Data-constrained runs",
        "muennighoff2023",
        "parameters (from the authors' notebook, keyed by the run name's size label)",
        "tokens trained and unique tokens (epochs = D / U_D)",
        "6ND",
        "final validation loss, nats/token (C4)",
        "see the paper (not in the files)",
        "huggingface/datablations",
        "13701315b163f1c54642b94ad237b2699187c3ee",
        "Apache-2.0",
        'datasets.load_datablations("all" | "fit")',
        "296 runs (182 in the fit table)",
        "7dbd86f76f0c1b2c",
        '"up to 900 billion training tokens and 9 billion parameter models" (abstract)',
        "tests/test_atlas.py::test_datablations_reach_900b_tokens_and_9b_parameters",
    ),
    RunSet(
        "epoch_models_2025",
        "Published language models",
        "epoch2025",
        "parameters as Epoch AI records them (total, embeddings included)",
        "training tokens, read per row from Epoch's value (in tokens, or in words x 0.75) or, where it "
        "is not the tokens trained on, from the model's paper",
        "Epoch AI's estimate (mostly 6ND)",
        "none: a table of published models, not of runs",
        "as each model's paper (not recorded)",
        "epoch-research/training-cost-trends",
        "5e8c5c4fc17ff70c6865d527016da7826fabacc2",
        "Apache-2.0",
        "datasets.load_epoch_models()",
        "35 dense language models, 2020-2025",
        "9b73f4c956e39750",
        "Chinchilla: 70B parameters, 1.4 trillion training tokens (Hoffmann et al., Table 1)",
        "tests/test_epoch_models.py::test_chinchilla_reads_as_hoffmanns_tokens",
    ),
    RunSet(
        "gadre_overtraining",
        "Over-training testbed",
        "gadre2024",
        "parameters, with and without embeddings",
        "tokens trained (Chinchilla multiplier x 20 N)",
        "6ND",
        "validation loss, nats/token, on 8 sets (C4 by default)",
        "see the paper (the files give each run's warmup)",
        "mlfoundations/scaling",
        "a003c4913793ac2ae7ef87b28ecb562955d026d5",
        "MIT",
        'datasets.load_gadre_testbed("c4_original" | "rpj" | "rw_original")',
        "104 models on 3 datasets",
        "e1b60cd0fece91b6",
        '"104 models with 0.011B to 6.9B parameters ... on three data distributions" (abstract)',
        "tests/test_atlas.py::test_gadre_is_104_models_of_0_011b_to_6_9b_on_three_datasets",
    ),
    RunSet(
        "gemstones",
        "Gemstones width x depth grid",
        "mcleish2025",
        "active parameters, exact",
        "tokens so far",
        "6ND; GPU time from seconds per step x nodes",
        "training loss, nats/token (Dolma)",
        "constant learning rate; cooldowns branched off",
        "mcleish7/gemstone-scaling-laws",
        "5f420478f6057b0cbb4d13405fb10ca64675bccb",
        "MIT",
        'datasets.load_gemstones("constant_lr" | "cooldown_start" | "cooldown_end")',
        "3,850 constant-rate checkpoints of 22 models; 199 cooldowns of 20",
        "a85774b3fcecd82e",
        '"22 Gemstone models range from 50M to 2B parameters, spanning 11 widths from 256 to 3072 '
        'and 18 depths from 3 to 80" (project page; its "over 4,000 checkpoints" include ablations not '
        "shipped here)",
        "tests/test_atlas.py::test_gemstones_grid_is_the_papers",
    ),
    RunSet(
        "llama_curves",
        "LLaMA 1 and 2 training curves",
        "touvron2023a; touvron2023b; tyl2023",
        "nominal size of the model's name",
        "tokens converted to GPU-hours at each model's average speed",
        "A100 GPU-hours",
        "training loss, nats/token",
        "cosine to the full run",
        "espadrine/espadrine.github.com",
        "528538ffe7e618f5c7113193de89dd484d5b7bef",
        "none stated (measurements read off published figures)",
        'datasets.load_llama_curve("LLaMA2-7B", ...)',
        "8 curves",
        "b6f9e7bc79a186cf",
        "GPU-hours of each model (Touvron et al. 2023a, Table 15; 2023b, Table 2)",
        "tests/test_datasets.py::test_llama_curves_end_at_the_published_totals",
    ),
    RunSet(
        "multipower_schedules",
        "Loss curves under 9 schedules",
        "luo2025",
        "25M, 100M, 400M parameters",
        "steps (fixed batch)",
        "not given (steps x batch x 6N)",
        "training loss, nats/token",
        "constant, cosine, WSD and step schedules",
        "thu-yao-01-luo/MultiPowerLaw",
        "8da9f1902602f3391b971a811e3cc51604541769",
        "MIT",
        'datasets.load_luo_schedule("100M", "cosine_24000")',
        "27 curves",
        "b5a87e25985aa6f4",
        '"after fitting on a few learning rate schedules, the law accurately predicts the loss curves for '
        'unseen schedules" (abstract)',
        "tests/test_training_recipe.py::test_fitted_on_three_schedules_each_law_predicts_the_others",
    ),
    RunSet(
        "obsscaling_2024",
        "Public models' benchmark scores",
        "ruan2024",
        "parameters in billions as published (mixture-of-experts conventions mixed)",
        "pretraining tokens as published (BTLM-3B's read as billions)",
        "6ND as published (1e21 units)",
        "8 benchmark scores, fractions",
        "various (public models)",
        "ryoungj/ObsScaling",
        "4d6e1e43fd2635d04654aa77d1df9d5266ea0382",
        "Apache-2.0",
        "datasets.load_obsscaling(paper_set=True)",
        "77 models of the paper's set (148 in all)",
        "35400d0b93e0b497",
        '"the first PC alone explains nearly 80%", top 3 "∼ 97%" (Ruan et al., Sec. 3.2)',
        "tests/test_capability.py::test_principal_components_are_the_papers",
    ),
    RunSet(
        "olmo_ladder_2024",
        "OLMo model ladder",
        "bhagia2024",
        "every parameter but the input embedding",
        "tokens so far",
        "6ND here (upstream counts more)",
        "task loss in bits per byte and accuracy, 8 tasks, 5-shot RC",
        "cosine to 10% of peak, horizon per run",
        "allenai/OLMo-ladder",
        "67a3f440f787d020da35e3ca8eeae475fae754f5",
        "Apache-2.0",
        "datasets.load_olmo_ladder(), datasets.load_olmo_target(...)",
        "16 runs, 1,566 checkpoints; 2 targets",
        "44d9f5fd1f68ba55",
        "the authors' chained 13B-5T predictions for 8 tasks (chained_main.csv)",
        "tests/test_capability.py::test_the_chained_prediction_is_the_authors",
    ),
    RunSet(
        "porian_2024",
        "Porian et al.'s IsoFLOP runs",
        "porian2024",
        "parameters, counted per configuration (with or without the head)",
        "tokens",
        "6ND or with attention",
        "training or validation loss per configuration (loss_kind), nats/token (RefinedWeb, OpenWebText2)",
        "constant, cosine to a fixed long horizon, or cosine matched to each run",
        "formll/resolving-scaling-law-discrepancies",
        "0dc60d91b8a525858a3067fc9e4a46ff5374cc6f",
        "MIT",
        "datasets.load_porian_isoflops(config)",
        "15 configurations",
        "cab7f574af92acd7",
        "the compute-optimal exponent a of each of the 15 configurations, as the authors' released fits "
        "give it (paper_fits.csv; the paper prints a weighted fit within 0.007)",
        "tests/test_reconciliation.py::test_refit_matches_the_papers_exponent",
    ),
    RunSet(
        "sardana_2024",
        "Runs to 10,000 tokens per parameter",
        "sardana2024",
        "parameters",
        "tokens (10 to 10,000 per parameter)",
        "6ND",
        "final smoothed training loss, nats/token",
        "see the paper (not in the files)",
        "nikhilsardana/beyond-chinchilla",
        "190f70e365dc75037a2b3178609d00243f24b4b9",
        "Apache-2.0",
        "datasets.load_sardana_runs()",
        "47 runs",
        "5fc2a1bddfcb5718",
        '"47 models ... model quality continues to improve as we scale tokens per parameter to '
        'extreme ranges (up to 10,000)" (abstract)',
        "tests/test_atlas.py::test_sardanas_loss_keeps_falling_to_10000_tokens_per_parameter",
    ),
)


def run_set(folder: str) -> RunSet:
    """The atlas record of ``folder``."""
    choice("folder", folder, [r.folder for r in ATLAS])
    return next(r for r in ATLAS if r.folder == folder)
