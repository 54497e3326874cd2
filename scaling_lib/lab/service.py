"""The class training service: a Starlette application over the SQLite ledger (``store``).

Students call it with the token the instructor gave them (``Authorization: Bearer <token>``):

- ``POST /v1/train`` with ``{"n_params": N, "n_tokens": D, "request_id": "..."}`` trains one model of the
  menu ``sim.SIZES`` and answers ``{"loss", "cost", "spent", "remaining", "run"}``;
- ``GET /v1/runs`` answers the student's own runs and spending.

Each student's hidden law and noise come from the instructor's secret (``hidden``); no response carries
anything but losses and FLOPs. The budget is charged atomically in the ledger; a bad request gets a 4xx
answer whose ``error`` says what was wrong.
"""

from __future__ import annotations

import csv
import hmac
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..studies.sim import MISTUNING, NOISE, SIZES, STUDY_BUDGET, TOKEN_RANGE, mistuning_penalty
from ..validation import checks_argument_classes, in_range, instance, text
from .hidden import HiddenLaw, derive_law, noise, student_key, token_for
from .store import BudgetSpent, Store

__all__ = ["MAX_BODY_BYTES", "ClassConfig", "create_app", "read_roster", "train_run"]

#: The largest request body the service reads, bytes (a train request is about 100).
MAX_BODY_BYTES = 1024


def read_roster(path: str | Path) -> list[str]:
    """The student ids of a roster CSV: a header with a ``student_id`` column, one student per row."""
    if not isinstance(path, str | Path):
        raise TypeError(f"path must be the roster's file name (a str or Path); got {path!r:.60}")
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "student_id" not in reader.fieldnames:
            raise ValueError(f"{path}: the roster needs a header with a student_id column")
        ids = [row["student_id"].strip() for row in reader]
    if not ids or len(set(ids)) != len(ids):
        raise ValueError(
            f"{path}: the roster needs at least one student and distinct ids; got {len(ids)} rows"
        )
    return [text("student id", i) for i in ids]


@dataclass(frozen=True)
class ClassConfig:
    """What the service needs: the instructor's secret, the roster, the ledger and the study budget."""

    secret: bytes
    students: tuple[str, ...]
    store: Store
    budget: float = STUDY_BUDGET
    noise: float = NOISE
    mistuning: float = MISTUNING
    _laws: dict[str, HiddenLaw] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        student_key(self.secret, "x", "check")  # refuses a short or missing secret
        if not isinstance(self.students, tuple) or not self.students:
            raise ValueError(f"students must be a non-empty tuple of ids; got {self.students!r:.60}")
        for s in self.students:
            text("student id", s)
        instance("store", self.store, Store)
        object.__setattr__(self, "budget", in_range("budget", self.budget, 1e12, 1e22))
        object.__setattr__(self, "noise", in_range("noise", self.noise, 0, 0.1))
        object.__setattr__(self, "mistuning", in_range("mistuning", self.mistuning, 0, 0.1))

    def law(self, student: str) -> HiddenLaw:
        """The student's hidden law (``hidden.derive_law``), derived once and kept."""
        if student not in self._laws:
            self._laws[student] = derive_law(self.secret, student)
        return self._laws[student]


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _student(config: ClassConfig, request: Request) -> str:
    """The student a request's token belongs to, or a 401."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    student, dot, _ = token.rpartition(".")  # an id may hold dots (an e-mail address); the digits do not
    if scheme.lower() != "bearer" or not dot:
        raise _Refused(401, "send your token as 'Authorization: Bearer <token>'")
    known = student in config.students
    expected = token_for(config.secret, student if known else config.students[0])
    if not (hmac.compare_digest(token.encode(), expected.encode()) and known):
        raise _Refused(401, "unknown token: use the one your instructor gave you")
    return student


async def _body(request: Request) -> dict[str, Any]:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise _Refused(413, f"the request body must be at most {MAX_BODY_BYTES} bytes")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise _Refused(413, f"the request body must be at most {MAX_BODY_BYTES} bytes")
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _Refused(400, 'the body must be JSON, e.g. {"n_params": 1e7, "n_tokens": 2e8}') from None
    if not isinstance(body, dict):
        raise _Refused(400, "the body must be a JSON object with n_params and n_tokens")
    return body


def _number(body: dict[str, Any], name: str) -> float:
    value = body.get(name)
    try:
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    except OverflowError:  # a JSON integer beyond float range
        number = math.nan
    if not math.isfinite(number):
        raise _Refused(422, f"{name} must be a finite number; got {str(value)[:40]}")
    return number


def _train_request(body: dict[str, Any]) -> tuple[float, float, str]:
    n, d = _number(body, "n_params"), _number(body, "n_tokens")
    size = next((s for s in SIZES if math.isclose(n, s, rel_tol=1e-9)), None)
    if size is None:
        allowed = ", ".join(f"{s:.3g}" for s in SIZES)
        raise _Refused(422, f"n_params must be one of the trainable sizes ({allowed}); got {n:.6g}")
    if not TOKEN_RANGE[0] <= d <= TOKEN_RANGE[1]:
        raise _Refused(
            422, f"n_tokens must be between {TOKEN_RANGE[0]:.0e} and {TOKEN_RANGE[1]:.0e}; got {d:.6g}"
        )
    request_id = body.get("request_id", "")
    if not isinstance(request_id, str) or not 1 <= len(request_id) <= 64 or not request_id.isprintable():
        raise _Refused(422, "request_id must be text of 1 to 64 printable characters (the client makes one)")
    extra = set(body) - {"n_params", "n_tokens", "request_id"}
    if extra:
        raise _Refused(
            422, f"unknown fields {sorted(extra)}; a train request has n_params, n_tokens, request_id"
        )
    return size, d, request_id


@checks_argument_classes
def train_run(config: ClassConfig, student: str, n: float, d: float, request_id: str) -> dict[str, float]:
    """Train (N, D) for ``student`` as the service does and answer what it sends back: the loss of the
    student's hidden law, plus the mistuning of ``sim.mistuning_penalty`` and the keyed seed noise of
    ``hidden.noise``; the run's 6ND charged in the ledger. Raises ``store.BudgetSpent`` when it does not
    fit in the budget."""
    law = config.law(student)

    def loss_of(repeat: int) -> float:
        clean = float(law.loss(n, d)) + float(mistuning_penalty(n, config.mistuning))
        return clean + noise(config.secret, student, n, d, repeat, config.noise)

    run, spent = config.store.charge(student, request_id, n, d, config.budget, loss_of)
    return {"run": config.store.ordinal(student, run.id), "loss": run.loss, "cost": run.cost, "spent": spent,
            "remaining": max(config.budget - spent, 0.0)}  # fmt: skip


@checks_argument_classes
def create_app(config: ClassConfig) -> Starlette:
    """The service for one class."""

    async def train_endpoint(request: Request) -> JSONResponse:
        try:
            student = _student(config, request)
            n, d, request_id = _train_request(await _body(request))
            return JSONResponse(await run_in_threadpool(train_run, config, student, n, d, request_id))
        except _Refused as refused:
            return JSONResponse({"error": refused.message}, status_code=refused.status)
        except BudgetSpent as spent:
            return JSONResponse({"error": str(spent)}, status_code=409)

    def runs(student: str) -> dict[str, Any]:
        rows = config.store.runs(student)
        spent = math.fsum(r.cost for r in rows)
        listed = [
            {"run": k, "n_params": r.n, "n_tokens": r.d, "cost": r.cost, "loss": r.loss}
            for k, r in enumerate(rows, start=1)
        ]
        remaining = max(config.budget - spent, 0.0)
        return {"runs": listed, "spent": spent, "remaining": remaining, "budget": config.budget}

    async def runs_endpoint(request: Request) -> JSONResponse:
        try:
            return JSONResponse(await run_in_threadpool(runs, _student(config, request)))
        except _Refused as refused:
            return JSONResponse({"error": refused.message}, status_code=refused.status)

    return Starlette(routes=[Route("/v1/train", train_endpoint, methods=["POST"]),
                             Route("/v1/runs", runs_endpoint, methods=["GET"])])  # fmt: skip
