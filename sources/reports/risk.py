"""The vet page's risk panel: how likely a claim like this one is to be confirmed.

"Like this one" means the claims of the same source (or published
descriptor), narrowed to the topic and region given. Their record is pooled
toward what the source or descriptor borrows from (``reports.pooled``), so a
handful of similar claims reads near the group's typical rate and a long run
of them speaks for itself. Everything comes from the track record already
counted for the page: no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sources.domain.vocab import Outcome
from sources.reports.track_records import TrackRecord


@dataclass(frozen=True)
class RiskPanel:
    """The chance a claim like this is confirmed, what it rests on, and how the like ones went."""

    probability: float | None
    low: float | None
    high: float | None
    pooled: bool
    rests_on: str
    similar: int
    confirmed: int
    partly: int
    contradicted: int
    pending: int
    closed_unsettled: int

    @property
    def never_settled(self) -> int:
        """Return the similar claims neither confirmed nor contradicted: open or closed so."""
        return self.pending + self.closed_unsettled


def _claims(n: int) -> str:
    return f"{n} similar claim" if n == 1 else f"{n} similar claims"


def risk_panel(record: TrackRecord) -> RiskPanel:
    """Return the risk panel of a vetted record; its filters are what "similar" means.

    The record's label names them ("PINE · Drug trade · Ryanggang Province").
    """
    counts = record.counts
    resolved = record.resolved
    if record.pooled_rate is not None:
        rests_on = (
            f"{resolved} resolved of {_claims(record.claims)} ({record.label}), "
            f"pooled toward {record.pooled_toward}."
        )
        if not resolved:
            rests_on = (
                f"No resolved claim like this yet ({record.label}): "
                f"this is the typical rate of {record.pooled_toward}."
            )
        probability, low, high, pooled = (
            record.pooled_rate,
            record.pooled_low,
            record.pooled_high,
            True,
        )
    else:
        rests_on = (
            f"The raw rate of {resolved} resolved of {_claims(record.claims)} "
            f"({record.label}), with its Wilson interval: no pooled estimate yet."
        )
        probability, low, high, pooled = (
            record.confirmation_rate,
            record.interval_low,
            record.interval_high,
            False,
        )
    return RiskPanel(
        probability=probability,
        low=low,
        high=high,
        pooled=pooled,
        rests_on=rests_on,
        similar=record.claims,
        confirmed=counts.get(Outcome.CORROBORATED, 0),
        partly=counts.get(Outcome.PARTLY_CORROBORATED, 0),
        contradicted=counts.get(Outcome.CONTRADICTED, 0),
        pending=counts.get(Outcome.PENDING, 0),
        closed_unsettled=sum(
            counts.get(outcome, 0)
            for outcome in (Outcome.DISPUTED, Outcome.UNVERIFIABLE, Outcome.RETRACTED)
        ),
    )
