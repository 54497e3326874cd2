"""The class training service, started as an instructor starts it (``python -m scaling_lib.lab serve``)
on 127.0.0.1: a budget 50 concurrent clients cannot overspend, a ledger that survives a kill, clear 4xx
answers, and nothing of the hidden law in the client or in any answer."""

from __future__ import annotations

import ast
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scaling_lib.lab import client as client_module
from scaling_lib.lab import grading
from scaling_lib.lab.client import ClassTrainingAPI, ServiceError
from scaling_lib.lab.hidden import token_for
from scaling_lib.studies import sim

# Each test starts the service in a process of its own: seconds, not milliseconds.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SECRET = "9f" * 32  # what `python -m scaling_lib.lab secret` writes: 64 hex characters
STUDENTS = ["ann", "bob", "carol.smith@uni.example"] + [f"s{i}" for i in range(47)]
N_SMALL = sim.SIZES[0]


def train_body(d: float = 1e8, request_id: str = "a", **extra: Any) -> dict[str, Any]:
    return {"n_params": N_SMALL, "n_tokens": d, "request_id": request_id, **extra}


class Service:
    """A running service on a free port of 127.0.0.1, its files in a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "roster.csv").write_text("student_id\n" + "\n".join(STUDENTS) + "\n")
        (folder / "lab.key").write_text(SECRET + "\n")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        args = [sys.executable, "-m", "scaling_lib.lab", "serve", "--roster", str(self.folder / "roster.csv"),
                "--secret-file", str(self.folder / "lab.key"), "--db", str(self.folder / "lab.sqlite"),
                "--port", str(self.port)]  # fmt: skip
        self.process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/v1/runs", timeout=1)
            except urllib.error.HTTPError:
                return  # up: it answered (401, no token)
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the service did not start in 30 s")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def token(self, student: str) -> str:
        return token_for(SECRET.encode(), student)

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             raw: bytes | None = None) -> tuple[int, dict[str, Any]]:  # fmt: skip
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} | (
            {"Authorization": f"Bearer {token}"} if token else {}
        )
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())


@pytest.fixture
def service(tmp_path: Path) -> Iterator[Service]:
    s = Service(tmp_path)
    s.start()
    yield s
    s.stop()


@pytest.fixture(scope="module")
def refusing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """One service for the requests that must all be refused (none of them changes its state)."""
    s = Service(tmp_path_factory.mktemp("refusing"))
    s.start()
    yield s
    s.stop()


def test_fifty_concurrent_clients_spend_exactly_the_budget(service: Service) -> None:
    # One student's token in 50 clients at once, each run a fortieth of the budget: exactly 40 are
    # trained, whatever the interleaving, and the rest are refused with 409.
    d = sim.STUDY_BUDGET / 40 / (6 * N_SMALL)
    accepted, refused, errors = [], [], []

    def student_client() -> None:
        api = ClassTrainingAPI(service.url, service.token("ann"))
        try:
            for _ in range(4):
                accepted.append(api.train(N_SMALL, d))
        except ServiceError as e:
            (refused if str(e).startswith("409: budget spent") else errors).append(str(e))

    threads = [threading.Thread(target=student_client) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    # 200 requests for 40 runs' worth: 40 trained, and every client stopped by a 409 but those that
    # finished their four runs first.
    assert len(accepted) == 40 and len(refused) >= 50 - 40 // 4
    api = ClassTrainingAPI(service.url, service.token("ann"))
    assert len(api.runs()) == 40 and api.spent <= sim.STUDY_BUDGET * (1 + 1e-12)
    assert api.remaining == pytest.approx(0, abs=sim.STUDY_BUDGET * 1e-9)


def test_a_killed_service_keeps_every_acknowledged_run(service: Service) -> None:
    token = service.token("bob")
    acknowledged: dict[str, int] = {}
    sent: list[str] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            request_id = uuid.uuid4().hex
            sent.append(request_id)
            try:
                status, answer = service.call("POST", "/v1/train", train_body(request_id=request_id), token)
            except (OSError, http.client.HTTPException):
                return  # the service died under the request (mid-answer: IncompleteRead)
            if status == 200:
                acknowledged[request_id] = answer["run"]

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for t in threads:
        t.start()
    while len(acknowledged) < 30:
        time.sleep(0.01)
    service.kill()
    stop.set()
    for t in threads:
        t.join()
    service.start()
    status, state = service.call("GET", "/v1/runs", token=token)
    assert status == 200
    ids = [r["run"] for r in state["runs"]]
    assert set(acknowledged.values()) <= set(ids), "an acknowledged run was lost"
    # Every request sent again with its own id, as the client retries: an acknowledged one answers with
    # its first run, and none is trained twice.
    for request_id in sent:
        status, answer = service.call("POST", "/v1/train", train_body(request_id=request_id), token)
        assert status == 200
        if request_id in acknowledged:
            assert answer["run"] == acknowledged[request_id]
    _, after = service.call("GET", "/v1/runs", token=token)
    assert len(after["runs"]) == len(set(sent)) > len(acknowledged) >= 30


@pytest.mark.parametrize(
    ("body", "raw", "who", "status", "says"),
    [
        (
            {"n_params": N_SMALL, "n_tokens": 1e8, "request_id": "a"},
            None,
            "none",
            401,
            "Authorization: Bearer",
        ),
        (train_body(), None, "wrong", 401, "unknown token"),
        (train_body(), None, "other", 401, "unknown token"),
        (train_body(), None, "stranger", 401, "unknown token"),
        (None, b"{not json", "ann", 400, "must be JSON"),
        (None, b"[1, 2]", "ann", 400, "JSON object"),
        (
            {"n_params": 12345, "n_tokens": 1e8, "request_id": "a"},
            None,
            "ann",
            422,
            "one of the trainable sizes",
        ),
        (
            {"n_params": N_SMALL, "n_tokens": 1e13, "request_id": "a"},
            None,
            "ann",
            422,
            "n_tokens must be between",
        ),
        (
            {"n_params": N_SMALL, "n_tokens": "many", "request_id": "a"},
            None,
            "ann",
            422,
            "n_tokens must be a finite",
        ),
        (
            {"n_params": True, "n_tokens": 1e8, "request_id": "a"},
            None,
            "ann",
            422,
            "n_params must be a finite",
        ),
        ({"n_params": N_SMALL, "n_tokens": 1e8}, None, "ann", 422, "request_id"),
        (
            {"n_params": N_SMALL, "n_tokens": 1e8, "request_id": "a", "law": 1},
            None,
            "ann",
            422,
            "unknown fields",
        ),
        (None, b'{"n_params": 1e6, "pad": "' + b"x" * 2000 + b'"}', "ann", 413, "at most 1024 bytes"),
    ],
)
def test_bad_requests_get_a_clear_4xx(refusing: Service, body: Any, raw: bytes | None, who: str, status: int,
                                      says: str) -> None:  # fmt: skip
    service = refusing
    tokens = {"none": None, "wrong": "ann.0123456789abcdef0123456789abcdef", "stranger": "eve.00",
              "other": "bob." + service.token("ann").split(".")[1], "ann": service.token("ann")}  # fmt: skip
    got, answer = service.call("POST", "/v1/train", body, tokens[who], raw)
    assert (got, set(answer)) == (status, {"error"}) and says in answer["error"], answer
    _, state = service.call("GET", "/v1/runs", token=service.token("ann"))
    assert state["runs"] == []  # nothing was charged


def test_a_student_sees_only_their_own_runs_and_no_law(service: Service) -> None:
    ann = ClassTrainingAPI(service.url, service.token("ann"))
    loss = ann.train(N_SMALL, 1e8)
    status, answer = service.call("POST", "/v1/train", train_body(2e8, "x"), service.token("ann"))
    assert status == 200 and set(answer) == {"run", "loss", "cost", "spent", "remaining"}
    _, state = service.call("GET", "/v1/runs", token=service.token("ann"))
    assert set(state) == {"runs", "spent", "remaining", "budget"}
    assert all(set(r) == {"run", "n_params", "n_tokens", "cost", "loss"} for r in state["runs"])
    assert state["runs"][0]["loss"] == loss
    _, other = service.call("GET", "/v1/runs", token=service.token("bob"))
    assert other["runs"] == []
    # The same run for another student is another law: the losses differ.
    assert ClassTrainingAPI(service.url, service.token("bob")).train(N_SMALL, 1e8) != loss


def test_the_client_cannot_reach_the_hidden_law() -> None:
    # The students' module imports nothing that derives laws, and holds no secret.
    tree = ast.parse(Path(client_module.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not {m for m in imported if m and m.lstrip(".") in ("hidden", "service", "grading", "store")}
    assert not [m for m in imported if m and "sim" in m.split(".")]


def test_a_class_from_secret_to_grades(service: Service, tmp_path: Path) -> None:
    # What the README tells an instructor to run, around one student who does the reference study over
    # HTTP with the same calls as the local service, and one who hands in nothing.
    lab = [sys.executable, "-m", "scaling_lib.lab"]
    files = ["--roster", str(service.folder / "roster.csv"), "--secret-file", str(service.folder / "lab.key")]
    tokens = subprocess.run([*lab, "tokens", *files], capture_output=True, text=True, check=True, cwd=ROOT)
    table = dict(line.split(",") for line in tokens.stdout.splitlines()[1:])
    assert table["ann"] == service.token("ann") and len(table) == len(STUDENTS)
    api = ClassTrainingAPI(service.url, table["ann"])
    n_opt, loss = grading.reference_study(api)
    runs = [[n, d, loss] for n, d, loss in zip(*(api.runs().n, api.runs().d, api.runs().loss), strict=True)]
    submission = {"student_id": "ann", "n_opt": n_opt, "loss": loss, "runs": runs}
    (tmp_path / "subs.jsonl").write_text(json.dumps(submission) + "\n")
    db = ["--db", str(service.folder / "lab.sqlite")]
    subprocess.run([*lab, "key", *files, *db, "--out", str(tmp_path / "key.csv")], check=True, cwd=ROOT)
    key = {row.split(",")[0]: row for row in (tmp_path / "key.csv").read_text().splitlines()}
    assert key["ann"].split(",")[1] == str(len(runs)) and key["bob"].split(",")[1] == "0"
    grade = [*lab, "grade-class", *files, *db, "--submissions", str(tmp_path / "subs.jsonl"),
             "--out", str(tmp_path / "grades.csv"), "--report", str(tmp_path / "report.md")]  # fmt: skip
    subprocess.run(grade, check=True, cwd=ROOT, capture_output=True)
    grades = {row.split(",")[0]: row.split(",") for row in (tmp_path / "grades.csv").read_text().splitlines()}
    assert grades["student_id"] == ["student_id", "score", "n_opt_score", "loss_score"]
    # The service gives ann the noise the grader's own reference study of her law meets: her reference
    # design scores exactly 100; bob handed in nothing.
    assert float(grades["ann"][1]) == 100 and float(grades["bob"][1]) == 0
    assert "no submission" in (tmp_path / "report.md").read_text()
    refused = subprocess.run([*lab, "secret", "--out", str(service.folder / "lab.key")], capture_output=True,
                             text=True, cwd=ROOT)  # fmt: skip
    assert refused.returncode != 0 and "would change every student's law" in refused.stderr


def test_ids_with_dots_numbers_of_ones_own_and_huge_numbers(service: Service) -> None:
    # An e-mail address as the id logs in; run numbers count the student's own runs, not the class's;
    # a JSON integer beyond float range is a 422, not a crash.
    ClassTrainingAPI(service.url, service.token("ann")).train(N_SMALL, 1e8)
    carol = ClassTrainingAPI(
        service.url, service.token("carol.smith@uni.example") + "\r\n"
    )  # pasted with CRLF
    carol.train(N_SMALL, 1e8)
    status, answer = service.call(
        "POST", "/v1/train", train_body(request_id="c2"), service.token("carol.smith@uni.example")
    )
    assert (status, answer["run"]) == (200, 2)
    raw = b'{"n_params": 1' + b"0" * 400 + b', "n_tokens": 1e8, "request_id": "h"}'
    status, answer = service.call("POST", "/v1/train", raw=raw, token=service.token("ann"))
    assert status == 422 and "n_params must be a finite number" in answer["error"]
