"""CSV reading speed and memory: a million runs (columns N, D, C, loss) through `load_runs_csv`,
timed and with the peak of Python's allocations (tracemalloc) while reading. Run with `make bench`."""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from scaling_lib import datasets

ROWS = 1_000_000


def write_runs(path: Path, rows: int, seed: int = 0) -> None:
    """``rows`` random runs with columns N, D, C = 6ND and loss, as a CSV file."""
    rng = np.random.default_rng(seed)
    n = 10 ** rng.uniform(7, 11, rows)
    d = 10 ** rng.uniform(9, 13, rows)
    loss = rng.uniform(1.8, 4.0, rows)
    np.savetxt(path, np.column_stack([n, d, 6 * n * d, loss]), fmt="%.6g", delimiter=",",
               header="N,D,C,loss", comments="")  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "runs.csv"
        write_runs(path, ROWS)
        size_mb = path.stat().st_size / 2**20
        start = time.perf_counter()
        runs = datasets.load_runs_csv(path)
        seconds = time.perf_counter() - start
        tracemalloc.start()
        datasets.load_runs_csv(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"load_runs_csv, {len(runs):,} rows x 4 columns ({size_mb:.0f} MB file)")
    print(f"  time:                     {seconds:8.2f} s")
    print(f"  peak traced memory:       {peak / 2**20:8.1f} MB")
    print(f"  the four result arrays:   {4 * 8 * ROWS / 2**20:8.1f} MB")


if __name__ == "__main__":
    main()
