"""The consistency ledger: numbers a paper prints, next to what its own constants, equations or tables
give, each with a verdict."""

from __future__ import annotations

from dataclasses import dataclass

from ..validation import choice

__all__ = ["LedgerRow", "VERDICTS"]

#: "erratum": the paper contradicts itself (two printed values, or a printed value and the equation it
#: comes from, disagree). "explained": the numbers differ for a reason the paper gives (a fit against a
#: derivation, a rough estimate, two approaches), so neither is wrong.
VERDICTS = ("erratum", "explained")


@dataclass(frozen=True)
class LedgerRow:
    """A printed number, what the paper's own numbers give instead, why, and whether it is an erratum."""

    where: str  # e.g. "Eq. 6.5"
    quantity: str
    printed: str
    computed: str
    reason: str
    verdict: str = "erratum"

    def __post_init__(self) -> None:
        choice("verdict", self.verdict, VERDICTS)
        for name in ("where", "quantity", "printed", "computed", "reason"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name).strip():
                raise ValueError(f"{name} must be a non-empty string; got {getattr(self, name)!r}")
