"""The students' side of the class training service: the same calls as the local ``sim.TrainingAPI``
(``train``, ``runs``, ``spent``, ``remaining``), answered by the instructor's service at ``url``.

Only the Python standard library is used. A request that fails before an answer arrives is sent again
with the same request id, so a run is never charged twice.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import numpy as np

from ..data.datasets import Runs

__all__ = ["ClassTrainingAPI", "ServiceError"]


class ServiceError(ValueError):
    """The service refused a request; the message is its reason."""


class ClassTrainingAPI:
    """A training budget held by the class service at ``url`` (e.g. ``http://127.0.0.1:8765``), spent
    with the ``token`` the instructor gave you."""

    def __init__(self, url: str, token: str, timeout: float = 30.0, retries: int = 5) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError(f"url must start with http:// or https://; got {url!r}")
        if not isinstance(token, str) or "." not in token.strip():
            raise ValueError("token must be the text your instructor gave you, '<id>.<digits>'")
        self.url, self.token, self.timeout, self.retries = url.rstrip("/"), token.strip(), timeout, retries

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read())
            except urllib.error.HTTPError as refused:
                try:
                    reason = json.loads(refused.read()).get("error", refused.reason)
                except ValueError:
                    reason = refused.reason
                raise ServiceError(f"{refused.code}: {reason}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if attempt == self.retries:
                    raise
                time.sleep(min(0.2 * 2**attempt, 5.0))
        raise AssertionError("unreachable")

    def train(self, n_params: float, n_tokens: float) -> float:
        """The final loss (nats/token) of a model of ``n_params`` (one of ``sim.SIZES``) trained on
        ``n_tokens`` tokens; the service charges 6ND FLOPs of your budget."""
        body = {"n_params": float(n_params), "n_tokens": float(n_tokens), "request_id": uuid.uuid4().hex}
        return float(self._call("POST", "/v1/train", body)["loss"])

    def _state(self) -> dict[str, Any]:
        return self._call("GET", "/v1/runs")

    @property
    def spent(self) -> float:
        """FLOPs charged so far."""
        return float(self._state()["spent"])

    @property
    def remaining(self) -> float:
        """FLOPs left in the budget."""
        return float(self._state()["remaining"])

    def runs(self) -> Runs:
        """Your runs so far, as ``datasets.Runs`` for the library's fitters."""
        rows = self._state()["runs"]
        if not rows:
            raise ValueError("no runs yet: call train() first")
        n, d, c, loss = (np.array([r[k] for r in rows]) for k in ("n_params", "n_tokens", "cost", "loss"))
        return Runs(n=n, d=d, c=c, loss=loss)
