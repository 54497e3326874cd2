"""The lab's simulated scaling study: time per study, and the grades of the two reference strategies
over many hidden laws. Run with `make bench`."""

from __future__ import annotations

import time

import numpy as np

from scaling_lib import sim

SEEDS = range(50)


def main() -> None:
    for name, strategy in (("IsoFLOP study (Approaches 2 and 3)", sim.isoflop_study),
                           ("one size, 20 tokens/parameter", sim.one_size_study)):  # fmt: skip
        start = time.perf_counter()
        grades = [sim.grade(strategy(sim.TrainingAPI(seed=s)), s) for s in SEEDS]
        elapsed = (time.perf_counter() - start) / len(SEEDS)
        scores = np.array([g.score for g in grades])
        n_error = np.median([abs(np.log(g.n_ratio)) for g in grades])
        loss_error = np.median([abs(g.loss_error) for g in grades])
        print(f"{name:38} {elapsed * 1e3:7.1f} ms/study  score mean {scores.mean():5.1f}, "
              f"10th pct {np.percentile(scores, 10):5.1f}  median |N error| {np.expm1(n_error):6.1%}  "
              f"median |loss error| {loss_error:.4f} nats")  # fmt: skip
    start = time.perf_counter()
    sim.n_opt_errors(SEEDS, np.logspace(17, 25, 9))
    print(f"Approach-2 extrapolation errors, {len(SEEDS)} seeds: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
