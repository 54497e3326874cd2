"""Run a command the way a reader's busy laptop or another processor would: numpy's SIMD dispatch
narrowed to its baseline kernels (every family above the baseline that numpy would pick at run time
switched off with NPY_DISABLE_CPU_FEATURES), and the cores shared with CPU-bound busy loops.

    python tools/loaded.py --hogs 4 --narrow -- make book

Prints the command's wall time, the dispatch it ran with and the load, and exits with its status. The
busy loops are separate processes that stop when the command ends (or after --limit seconds).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import time


def _hog(deadline: float) -> None:
    x = 0
    while time.monotonic() < deadline:
        x = (x * 1103515245 + 12345) % 2**31


def narrowed_dispatch() -> str:
    """The value of NPY_DISABLE_CPU_FEATURES that leaves numpy only its baseline kernels: every
    dispatch target this numpy was built with that this processor has (names depend on numpy's
    version; naming one the processor lacks would make numpy warn at import)."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    return " ".join(f for f in __cpu_dispatch__ if __cpu_features__.get(f))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hogs", type=int, default=0, help="CPU-bound busy processes beside the command")
    parser.add_argument("--narrow", action="store_true", help="numpy's baseline kernels only")
    parser.add_argument("--limit", type=float, default=3600.0, help="the busy loops stop after this (s)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    if args.hogs < 0:
        parser.error(f"--hogs must be >= 0; got {args.hogs}")
    env = dict(os.environ)
    if args.narrow:
        env["NPY_DISABLE_CPU_FEATURES"] = narrowed_dispatch()
    hogs = [
        mp.Process(target=_hog, args=(time.monotonic() + args.limit,), daemon=True) for _ in range(args.hogs)
    ]
    for h in hogs:
        h.start()
    start = time.perf_counter()
    try:
        status = subprocess.call(command, env=env)
    finally:
        for h in hogs:
            h.terminate()
    elapsed = time.perf_counter() - start
    off = env.get("NPY_DISABLE_CPU_FEATURES", "")
    dispatch = f"narrowed (off: {off})" if off else "as detected"
    print(
        f"loaded.py: {' '.join(command)!r} took {elapsed:.1f} s with {args.hogs} busy processes on "
        f"{os.cpu_count()} cores, numpy dispatch {dispatch}; "
        f"exit status {status}",
        file=sys.stderr,
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
