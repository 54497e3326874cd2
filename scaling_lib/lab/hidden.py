"""Each student's hidden law, derived from the instructor's secret and the student's id, and the
service's noise, keyed on the run so that it does not depend on the order of calls.

The laws come from two families (``FORMS``): Chinchilla's sum L = E + A/N^alpha + B/D^beta (Hoffmann et
al. 2022, Eq. 2) and Kaplan et al.'s joint form L = E + [(N_c/N)^(alpha/beta) + D_c/D]^beta (Kaplan et
al. 2020, Eq. 1.5, with an irreducible E added). A parametric fit of Chinchilla's form is mis-specified
for the second family, while IsoFLOP profiles (Approach 2) find the optimum of either: the design, not
the choice of fitter, is what the grade rewards. The optimum at a budget is found numerically for both.

Nothing here is sent to a student: the service returns losses, and the grader scores against these laws.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import struct
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq, minimize_scalar

from ..laws.accounting import tokens_for_flops
from ..studies.sim import RATIO_BUDGET, REFERENCE_BUDGETS, grid_sizes
from ..validation import choice, in_range, positive, positive_scalar, text, whole_number

__all__ = [
    "CLASS_LAW_RANGES",
    "FORMS",
    "MIN_SECRET_BYTES",
    "HiddenLaw",
    "MAX_DRAWS",
    "derive_law",
    "noise",
    "student_key",
    "token_for",
]

#: The two families a hidden law is drawn from.
FORMS = ("chinchilla", "kaplan")
#: Ranges the class's laws are drawn from: wider than the self-study service's ``sim.LAW_RANGES``, so
#: that N_opt and the loss at the target budget vary across students by more than a good study's error
#: (a guess from the ranges alone scores poorly). "ratio" is the compute-optimal tokens per parameter at
#: ``sim.RATIO_BUDGET`` and "model_term" the model term at N = 1e8, as in ``sim.LAW_RANGES``.
CLASS_LAW_RANGES = {"E": (1.5, 2.5), "alpha": (0.28, 0.40), "beta": (0.28, 0.40), "model_term": (0.5, 1.0),
                    "ratio": (5.0, 60.0)}  # fmt: skip
#: A secret shorter than this is refused: 32 random bytes (``secrets.token_bytes(32)``) is the advice.
MIN_SECRET_BYTES = 16


def _secret(secret: bytes) -> bytes:
    if not isinstance(secret, bytes) or len(secret) < MIN_SECRET_BYTES:
        got = f"{len(secret)} bytes" if isinstance(secret, bytes) else f"a {type(secret).__name__}"
        raise ValueError(f"secret must be bytes, at least {MIN_SECRET_BYTES} of them; got {got}")
    return secret


def _student(student: str) -> str:
    return text("student", student)


def student_key(secret: bytes, student: str, purpose: str) -> bytes:
    """HMAC-SHA256 of ``purpose`` and the student id under the instructor's secret: every per-student
    value (law, noise, token) is derived this way, so none can be computed without the secret."""
    message = f"{text('purpose', purpose, 200)}\x00{_student(student)}".encode()
    return hmac.new(_secret(secret), message, hashlib.sha256).digest()


def token_for(secret: bytes, student: str) -> str:
    """The access token the instructor hands ``student``: ``<id>.<32 hex digits>``."""
    return f"{student}.{student_key(secret, student, 'token').hex()[:32]}"


def _uniforms(key: bytes, count: int) -> list[float]:
    """``count`` uniform numbers in (0, 1) from a key (SHA-256 in counter mode)."""
    out = []
    for i in range(count):
        (word,) = struct.unpack(">Q", hashlib.sha256(key + i.to_bytes(4, "big")).digest()[:8])
        out.append((word + 0.5) / 2**64)
    return out


def noise(secret: bytes, student: str, n: float, d: float, repeat: int, scale: float) -> float:
    """Seed noise of a run, normal with standard deviation ``scale``, keyed on the student, the run's
    (N, D) and how many runs of that (N, D) came before (``repeat``): the same run gets the same noise
    whenever it is trained, and one run's noise does not depend on the others."""
    whole_number("repeat", repeat)
    scale = in_range("scale", scale, 0, 1)
    n, d = positive_scalar("n", n), positive_scalar("d", d)
    key = student_key(secret, student, f"noise {n!r} {d!r} {repeat}")
    u1, u2 = _uniforms(key, 2)
    return scale * math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


@dataclass(frozen=True)
class HiddenLaw:
    """A hidden L(N, D). ``form`` "chinchilla": E + A/N^alpha + B/D^beta; "kaplan": E + [(N_c/N)^(alpha /
    beta) + D_c/D]^beta with A = N_c and B = D_c."""

    form: str
    E: float
    A: float
    B: float
    alpha: float
    beta: float

    def __post_init__(self) -> None:
        choice("form", self.form, FORMS)
        for name in ("E", "A", "B", "alpha", "beta"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))

    def loss(self, n: ArrayLike, d: ArrayLike) -> float | NDArray[np.float64]:
        """L(N, D), nats/token."""
        n, d = np.broadcast_arrays(positive("N", n), positive("D", d))
        if self.form == "chinchilla":
            out = self.E + self.A / n**self.alpha + self.B / d**self.beta
        else:
            out = self.E + ((self.A / n) ** (self.alpha / self.beta) + self.B / d) ** self.beta
        return float(out) if out.ndim == 0 else out

    def optimum(self, c: float) -> tuple[float, float, float]:
        """(N_opt, D_opt, L_opt) at a budget of C = 6ND FLOPs, found numerically in log N."""
        c = positive_scalar("C", c)
        res = minimize_scalar(
            lambda x: float(self.loss(math.exp(x), float(tokens_for_flops(c, math.exp(x))))),
            bounds=(math.log(1e2), math.log(c / 6 / 1e2)), method="bounded", options={"xatol": 1e-10},
        )  # fmt: skip
        n = math.exp(float(res.x))
        return n, float(tokens_for_flops(c, n)), float(res.fun)


#: How many times a law is redrawn before giving up (a redraw is needed for about one law in 200).
MAX_DRAWS = 64


def derive_law(secret: bytes, student: str) -> HiddenLaw:
    """The hidden law of ``student``: the family and the constants drawn from the keyed generator, in
    ``CLASS_LAW_RANGES`` (E, the exponents, the model term at N = 1e8 and the compute-optimal tokens per
    parameter at ``sim.RATIO_BUDGET``), so every law's optimum is within reach of the menu. A draw whose
    optimum at a reference budget falls outside the sizes the reference design trains there (one size
    in from either end, ``sim.grid_sizes``) is drawn again, with the next key: the grader's own study
    must find an interior minimum on every profile."""
    for attempt in range(MAX_DRAWS):
        law = _draw(student_key(secret, student, "law" if attempt == 0 else f"law/{attempt}"))
        if all(_bracketed(law, c) for c in REFERENCE_BUDGETS):
            return law
    raise RuntimeError(f"no law in {MAX_DRAWS} draws has every reference optimum inside the grid")


def _bracketed(law: HiddenLaw, c: float) -> bool:
    sizes = sorted(grid_sizes(c))
    return sizes[1] <= law.optimum(c)[0] <= sizes[-2]


def _draw(key: bytes) -> HiddenLaw:
    u = _uniforms(key, 6)
    x = {}
    for (name, (lo, hi)), v in zip(CLASS_LAW_RANGES.items(), u[1:], strict=True):
        x[name] = math.exp(math.log(lo) + v * math.log(hi / lo)) if name == "ratio" else lo + v * (hi - lo)
    form = FORMS[int(u[0] * len(FORMS))]
    alpha, beta = x["alpha"], x["beta"]
    if form == "chinchilla":
        a = x["model_term"] * 1e8**alpha
        g = math.sqrt((RATIO_BUDGET / 6) ** ((alpha - beta) / (alpha + beta)) / x["ratio"])
        return HiddenLaw(form, x["E"], a, alpha * a / (beta * g ** (alpha + beta)), alpha, beta)
    n_c = 1e8 * x["model_term"] ** (1 / alpha)  # (N_c / 1e8)^alpha = the model term at N = 1e8

    def ratio_gap(log_d_c: float) -> float:
        n, d, _ = HiddenLaw(form, x["E"], n_c, math.exp(log_d_c), alpha, beta).optimum(RATIO_BUDGET)
        return math.log(d / n) - math.log(x["ratio"])

    log_d_c = brentq(ratio_gap, math.log(1e3), math.log(1e16), xtol=1e-10)
    return HiddenLaw(form, x["E"], n_c, math.exp(log_d_c), alpha, beta)
