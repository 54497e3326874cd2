"""Approach-3 fit speed: the grid-screened fit against L-BFGS from every one of the 4500 grid points,
on the shipped Chinchilla Figure-4 data, in one run. Run with `make bench`."""

from __future__ import annotations

import time

from scaling_lib import chinchilla, datasets


def timed(fn, *args, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    runs = datasets.load_chinchilla_figure4().without_highest_loss(5)
    args = (runs.n, runs.d, runs.loss)
    fast_s, fast = timed(chinchilla.fit_parametric_loss, *args, repeat=5)
    brute_s, brute = timed(chinchilla.fit_parametric_loss_brute_force, *args)
    print(f"runs: {len(runs)}, grid points: {len(chinchilla.INIT_GRID)}")
    print(f"grid-screened fit (best of 5):  {fast_s:8.3f} s")
    print(f"L-BFGS from every grid point:   {brute_s:8.3f} s")
    print(f"speed-up:                       {brute_s / fast_s:8.1f} x")
    worst = 0.0
    for name in ("E", "A", "B", "alpha", "beta"):
        f, b = getattr(fast, name), getattr(brute, name)
        worst = max(worst, abs(f / b - 1))
        print(f"  {name:5} fast {f:12.6g}  brute force {b:12.6g}  relative difference {abs(f / b - 1):.1e}")
    if worst > 1e-5:
        raise SystemExit(
            f"the grid-screened fit missed the brute-force optimum (relative difference {worst:.1e})"
        )
    boot_s, _ = timed(chinchilla.bootstrap_fits, *args, 100)
    print(f"bootstrap, 100 resamples:       {boot_s:8.3f} s")


if __name__ == "__main__":
    main()
