"""The class lab's grading at the sizes its acceptance asks for, which CI runs smaller: the reference
design's normalised score over 50 hidden laws (its spread), for one or more instructor secrets.

    python benchmarks/lab_grading.py [--laws 50] [--secrets 2] [--first 0] [--workers 2]

Prints, per secret, the mean, standard deviation and minimum of the reference's score (the tests run 24
laws of one secret and require a standard deviation under 5 points) and the time taken.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import time

import numpy as np

from scaling_lib.lab import grading, hidden


def reference_score(secret: bytes, student: str) -> float:
    """The reference design's score on ``student``'s law, run as a student would run it."""
    api = grading.KeyedTrainingAPI(secret, student, "student")
    n_opt, loss = grading.reference_study(api)
    law, reference = hidden.derive_law(secret, student), grading.reference_errors(secret, student)
    sub = grading.ClassSubmission(student, n_opt, loss, tuple(api.history))
    return grading.grade_one(sub, law, reference, [], None).score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laws", type=int, default=50)
    parser.add_argument("--secrets", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--first", type=int, default=0, help="the first secret's number")
    args = parser.parse_args()
    for k in range(args.first, args.first + args.secrets):
        secret = hashlib.sha256(f"benchmark secret {k}".encode()).digest()
        students = [f"law-{i}" for i in range(args.laws)]
        start = time.perf_counter()
        with concurrent.futures.ProcessPoolExecutor(args.workers) as pool:
            scores = np.array(list(pool.map(reference_score, [secret] * len(students), students)))
        print(
            f"secret {k}: reference score over {len(scores)} laws: mean {scores.mean():.1f}, "
            f"sd {scores.std():.1f}, min {scores.min():.1f} ({time.perf_counter() - start:.0f} s)"
        )


if __name__ == "__main__":
    main()
