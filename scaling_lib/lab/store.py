"""The service's ledger: every run of every student in one SQLite file.

A run is charged and written in one ``BEGIN IMMEDIATE`` transaction, which holds the database's write
lock while it reads the student's spending, so concurrent requests cannot overspend a budget; the
write-ahead log with ``synchronous=FULL`` keeps every committed (acknowledged) run across a crash. A
request id, unique per student, makes a retried request return its first answer instead of training
twice.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..validation import positive_scalar, text, whole_number

__all__ = ["SCHEMA", "BudgetSpent", "Run", "Store"]

#: How the store asks for a run's loss: given how many runs of that (N, D) the student has already.
_LossOf = Callable[[int], float]

#: The ledger's one table: a row per run, its request id unique per student.
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    student TEXT NOT NULL,
    request_id TEXT NOT NULL,
    n REAL NOT NULL,
    d REAL NOT NULL,
    cost REAL NOT NULL,
    loss REAL NOT NULL,
    repeat INTEGER NOT NULL,
    UNIQUE (student, request_id)
);
CREATE INDEX IF NOT EXISTS runs_by_student ON runs (student);
"""


class BudgetSpent(ValueError):
    """A run would take the student's spending beyond the budget."""


@dataclass(frozen=True)
class Run:
    """One run in the ledger: its number, the request that asked for it, N, D, 6ND and the loss."""

    id: int
    request_id: str
    n: float
    d: float
    cost: float
    loss: float

    def __post_init__(self) -> None:
        whole_number("id", self.id)
        text("request_id", self.request_id)
        for name in ("n", "d", "cost", "loss"):
            object.__setattr__(self, name, positive_scalar(name, getattr(self, name)))


class Store:
    """The ledger in ``path`` (created if missing). Each call opens its own connection, so the store
    can be used from many threads at once."""

    def __init__(self, path: str | Path) -> None:
        if not isinstance(path, str | Path) or not str(path).strip():
            raise TypeError(f"path must be the ledger's file name (a str or Path); got {path!r:.60}")
        self.path = Path(path)
        self._local = threading.local()
        # One writer at a time within this process: SQLite's lock alone makes waiting writers poll with a
        # growing back-off, which stretches the slowest requests to seconds under load.
        self._write = threading.Lock()
        self._connect().executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection to the ledger (opened once per thread)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            self._local.db = db
        return db

    def charge(
        self, student: str, request_id: str, n: float, d: float, budget: float, loss_of: _LossOf
    ) -> tuple[Run, float]:
        """Train (N, D) for ``student`` if 6ND fits in what is left of ``budget``: ``loss_of(repeat)`` gives
        the loss, ``repeat`` counting the student's earlier runs of this (N, D). Returns the run and the
        FLOPs spent after it; a request id seen before returns that run, charged once. Raises
        ``BudgetSpent`` when the run does not fit."""
        text("student", student), text("request_id", request_id)
        cost = 6 * positive_scalar("N", n) * positive_scalar("D", d)
        budget = positive_scalar("budget", budget)
        if not callable(loss_of):
            raise TypeError(f"loss_of must be a function of the repeat count; got {loss_of!r:.60}")
        db = self._connect()
        with self._write:
            return self._charge(db, student, request_id, n, d, cost, budget, loss_of)

    def _charge(self, db: sqlite3.Connection, student: str, request_id: str, n: float, d: float, cost: float,
                budget: float, loss_of: _LossOf) -> tuple[Run, float]:  # fmt: skip
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT id, request_id, n, d, cost, loss FROM runs WHERE student = ? AND request_id = ?",
                (student, request_id),
            ).fetchone()
            spent = math.fsum(c for (c,) in db.execute("SELECT cost FROM runs WHERE student = ?", (student,)))
            if row is not None:
                db.execute("COMMIT")
                return Run(*row), spent
            if spent + cost > budget * (1 + 1e-12):
                db.execute("ROLLBACK")
                raise BudgetSpent(
                    f"budget spent: this run costs {cost:.3g} FLOPs and {max(budget - spent, 0.0):.3g} of "
                    f"{budget:.3g} remain"
                )
            (repeat,) = db.execute(
                "SELECT COUNT(*) FROM runs WHERE student = ? AND n = ? AND d = ?", (student, n, d)
            ).fetchone()
            loss = float(loss_of(repeat))
            cursor = db.execute(
                "INSERT INTO runs (student, request_id, n, d, cost, loss, repeat)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (student, request_id, n, d, cost, loss, repeat),
            )
            db.execute("COMMIT")
            return Run(int(cursor.lastrowid or 0), request_id, n, d, cost, loss), spent + cost
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def runs(self, student: str) -> list[Run]:
        """The student's runs, in the order they were trained."""
        text("student", student)
        rows = (
            self._connect()
            .execute(
                "SELECT id, request_id, n, d, cost, loss FROM runs WHERE student = ? ORDER BY id", (student,)
            )
            .fetchall()
        )
        return [Run(*row) for row in rows]

    def ordinal(self, student: str, run_id: int) -> int:
        """The run's number among the student's own runs (1 for their first): what the service shows, so
        that no student learns how many runs the others have made."""
        (count,) = (
            self._connect()
            .execute(
                "SELECT COUNT(*) FROM runs WHERE student = ? AND id <= ?",
                (text("student", student), whole_number("run_id", run_id, 1)),
            )
            .fetchone()
        )
        return int(count)

    def students(self) -> list[str]:
        """Every student with at least one run."""
        return [s for (s,) in self._connect().execute("SELECT DISTINCT student FROM runs ORDER BY student")]
