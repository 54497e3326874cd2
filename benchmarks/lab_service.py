"""Class training service benchmark: 200 students x 40 runs against a local service.

Starts ``python -m scaling_lib.lab serve`` on 127.0.0.1 with a fresh ledger, then every student trains 40
runs through ``ClassTrainingAPI`` from a pool of client threads (``--clients``, default 32). Prints the
requests per second and the latency percentiles of the train requests, and checks the ledger after.

    python benchmarks/lab_service.py [--students 200] [--runs 40] [--clients 32]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from scaling_lib.lab.client import ClassTrainingAPI
from scaling_lib.lab.hidden import token_for
from scaling_lib.lab.store import Store
from scaling_lib.studies.sim import SIZES

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lab-bench-"))
    students = [f"student{i:03d}" for i in range(args.students)]
    (folder / "roster.csv").write_text("student_id\n" + "\n".join(students) + "\n")
    secret = "5a" * 32
    (folder / "lab.key").write_text(secret + "\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    files = ["--roster", str(folder / "roster.csv"), "--secret-file", str(folder / "lab.key"),
             "--db", str(folder / "lab.sqlite")]  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "scaling_lib.lab", "serve", *files, "--port", str(port)], cwd=ROOT
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/v1/runs", timeout=1)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        latencies: list[float] = []

        def study(student: str) -> None:
            api = ClassTrainingAPI(url, token_for(secret.encode(), student))
            for k in range(args.runs):
                start = time.perf_counter()
                api.train(SIZES[k % 6], 1e8 * (1 + k // 6))
                latencies.append(time.perf_counter() - start)

        start = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(study, students))
        elapsed = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    store = Store(folder / "lab.sqlite")
    counts = {len(store.runs(s)) for s in students}
    ms = np.array(latencies) * 1e3
    rate = len(latencies) / elapsed
    print(f"{len(latencies)} train requests ({args.students} students x {args.runs} runs, "
          f"{args.clients} client threads) in {elapsed:.1f} s: {rate:.0f} requests/s")  # fmt: skip
    print(f"latency: p50 {np.percentile(ms, 50):.1f} ms, p99 {np.percentile(ms, 99):.1f} ms, "
          f"max {ms.max():.1f} ms")  # fmt: skip
    print(f"ledger: every student has {counts} runs")


if __name__ == "__main__":
    main()
