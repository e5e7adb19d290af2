"""The figures every report shows for a group of claims, and the columns they export as.

The figures derived from outcome counts come from ``sources.domain.reliability``,
so pages, exports, the API and the command agree to the digit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from sources.domain import pooling, reliability
from sources.domain.rules import latest_today
from sources.domain.vocab import Letter, Outcome
from sources.models import LetterOverride

GROUPINGS = ("source", "descriptor", "region", "reporter", "outlet", "topic", "year")


GROUPING_LABELS = {
    "source": "Source",
    "descriptor": "Published descriptor",
    "region": "Region",
    "reporter": "Reporter",
    "outlet": "Outlet",
    "topic": "Topic",
    "year": "Publication year",
}


# Groupings an editor may record a letter for; publication years have none.
OVERRIDE_KINDS = {
    "source": LetterOverride.GroupKind.SOURCE,
    "descriptor": LetterOverride.GroupKind.DESCRIPTOR,
    "region": LetterOverride.GroupKind.REGION,
    "reporter": LetterOverride.GroupKind.REPORTER,
    "outlet": LetterOverride.GroupKind.OUTLET,
    "topic": LetterOverride.GroupKind.TOPIC,
}


OUTCOMES = Outcome.ALL


SORT_KEYS = (
    "group",
    "claims",
    "resolved",
    "confirmation_rate",
    "interval_low",
    "interval_high",
    "pooled_rate",
    "pooled_low",
    "unresolved_share",
    "median_days_to_corroboration",
    "suggested_letter",
)


DEFAULT_SORT = "-interval_low"


# The columns of every export, in order. ``key`` identifies the group in URLs
# and recorded letters; ``group`` is what people read.
EXPORT_FIELDS = (
    "group",
    "key",
    "claims",
    *OUTCOMES,
    "resolved",
    "confirmation_rate",
    "interval_low",
    "interval_high",
    "pooled_rate",
    "pooled_low",
    "pooled_high",
    "pooled_toward",
    "pending_share",
    "unresolved_share",
    "suggested_letter",
    "recorded_letter",
    "recorded_reason",
    "settled_before_publication",
    "median_days_to_corroboration",
    # Issue 13 (docs/reports.md, "Claims that count"): beside the outcomes, not in the rate.
    "expired",
    "already_public",
    "independent_origins_median",
    "as_of",
)


def reliability_config() -> Mapping[str, Any]:
    return settings.RELIABILITY


def percent(value: float | None) -> str:
    """Return a fraction as a whole percentage for people, or a dash for nothing."""
    return "—" if value is None else f"{value * 100:.0f}%"


@dataclass
class Figures:
    """The counts of one group of claims and every figure derived from them."""

    counts: dict[str, int]
    claims: int
    resolved: int
    confirmation_rate: float | None
    interval_low: float | None
    interval_high: float | None
    pending_share: float | None
    unresolved_share: float | None
    suggested_letter: str
    median_days_to_corroboration: float | None
    # The pooled estimate (sources.reports.pooled): empty until priors are fitted.
    pooled_rate: float | None = None
    pooled_low: float | None = None
    pooled_high: float | None = None
    pooled_toward: str = ""
    pooled_sentence: str = ""
    # Issue 13: claims already public when published (in ``claims``, in no outcome),
    # pending claims past their check-by date (not in ``counts["pending"]``), the
    # median independent origins of the claims that have any, and the day of the record.
    already_public: int = 0
    expired: int = 0
    independent_origins_median: float | None = None
    as_of: datetime.date | None = None

    @classmethod
    def from_counts(
        cls,
        counts: Mapping[str, int],
        claims: int,
        days: Iterable[int] = (),
        *,
        already_public: int = 0,
        expired: int = 0,
    ) -> Figures:
        """Return the figures of a group from its outcome counts.

        ``counts`` leave out already-public claims, and their ``pending``
        includes the ``expired`` ones, as rollups store them; ``claims`` counts
        every claim. The shares are of the claims that count (not already
        public): pending, and unresolved (pending, expired, disputed,
        unverifiable, retracted).
        """
        counts = {outcome: int(counts.get(outcome) or 0) for outcome in OUTCOMES}
        counts[Outcome.PENDING] -= expired
        counted = claims - already_public
        figures = reliability.figures_from_counts(
            counts, claims=counted, config=reliability_config()
        )
        return cls(
            counts=counts,
            claims=claims,
            resolved=figures.resolved,
            confirmation_rate=figures.confirmation_rate,
            interval_low=figures.interval_low,
            interval_high=figures.interval_high,
            pending_share=figures.pending_share,
            unresolved_share=reliability.share(counted - figures.resolved, counted),
            suggested_letter=figures.letter,
            median_days_to_corroboration=reliability.median_or_none(days),
            already_public=already_public,
            expired=expired,
        )

    @property
    def expired_share(self) -> float | None:
        """Return the share of the claims that count that are past their check-by date."""
        return reliability.share(self.expired, self.claims - self.already_public)

    @property
    def rate_display(self) -> str:
        return percent(self.confirmation_rate)

    @property
    def interval_display(self) -> str:
        if self.interval_low is None or self.interval_high is None:
            return "—"
        return f"{percent(self.interval_low)}–{percent(self.interval_high)}"

    @property
    def pooled_display(self) -> str:
        """Return the pooled rate and its interval as "0.64 (0.45–0.81)", or a dash."""
        if self.pooled_rate is None or self.pooled_low is None or self.pooled_high is None:
            return "—"
        return f"{self.pooled_rate:.2f} ({self.pooled_low:.2f}–{self.pooled_high:.2f})"

    @property
    def letter_low(self) -> float | None:
        """Return the lower bound the suggested letter rests on (``LETTER_BASIS``)."""
        return pooling.letter_bound(
            basis=settings.LETTER_BASIS, wilson_low=self.interval_low, pooled_low=self.pooled_low
        )

    @property
    def unresolved_display(self) -> str:
        return percent(self.unresolved_share)

    @property
    def median_display(self) -> str:
        value = self.median_days_to_corroboration
        if value is None:
            return "—"
        return f"{value:g} days" if value != 1 else "1 day"

    @property
    def median_number(self) -> str:
        value = self.median_days_to_corroboration
        return "—" if value is None else f"{value:g}"

    @property
    def letter_label(self) -> str:
        return Letter.LABELS[self.suggested_letter]

    @property
    def counts_list(self) -> list[tuple[str, str, int]]:
        """Return (outcome, label, count) in the usual order, for templates."""
        return [(o, Outcome.LABELS[o], self.counts[o]) for o in OUTCOMES]


@dataclass
class ReportRow(Figures):
    """One group in a report: its identity, its figures and any recorded letter."""

    by: str = ""
    key: str | None = None
    group: str | int | None = None
    recorded_letter: str | None = None
    recorded_reason: str = ""
    # Claims whose first settling evidence predates their article (docs/domain.md).
    settled_before_publication: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Return the row as exported: rates are fractions, missing figures None."""
        data: dict[str, Any] = {
            "group": self.group,
            "key": self.key,
            "claims": self.claims,
            **self.counts,
            "resolved": self.resolved,
            "confirmation_rate": self.confirmation_rate,
            "interval_low": self.interval_low,
            "interval_high": self.interval_high,
            "pooled_rate": self.pooled_rate,
            "pooled_low": self.pooled_low,
            "pooled_high": self.pooled_high,
            "pooled_toward": self.pooled_toward or None,
            "pending_share": self.pending_share,
            "unresolved_share": self.unresolved_share,
            "suggested_letter": self.suggested_letter,
            "recorded_letter": self.recorded_letter,
            "recorded_reason": self.recorded_reason or None,
            "settled_before_publication": self.settled_before_publication,
            "median_days_to_corroboration": self.median_days_to_corroboration,
            "expired": self.expired,
            "already_public": self.already_public,
            "independent_origins_median": self.independent_origins_median,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }
        return {name: data[name] for name in EXPORT_FIELDS}


def outcome_count_aggregates(
    prefix: str, count_field: str, *, today: datetime.date | None = None
) -> dict[str, Count]:
    """Return the aggregates that count distinct claims in total and per outcome.

    Already-public claims are counted apart (``n_already_public``) and in no
    outcome. With ``today``, pending claims past their check-by date are
    counted too (``n_expired``; they stay in ``n_pending``, as in rollups).
    """
    counted = Q(**{f"{prefix}settled_before_publication": False})
    aggregates = {
        "n_claims": Count(count_field, distinct=True),
        "n_already_public": Count(count_field, distinct=True, filter=~counted),
        **{
            f"n_{outcome}": Count(
                count_field, distinct=True, filter=Q(**{f"{prefix}outcome": outcome}) & counted
            )
            for outcome in OUTCOMES
        },
    }
    if today is not None:
        aggregates["n_expired"] = Count(
            count_field,
            distinct=True,
            filter=Q(**{f"{prefix}outcome": Outcome.PENDING, f"{prefix}check_by__lt": today})
            & counted,
        )
    return aggregates


def report_today() -> datetime.date:
    """Return the day a report of "now" is as of: the latest date that is today anywhere.

    The same day bounds the dates the ledger accepts (``rules.latest_today``),
    so a record as of today sees every row a record of now sees.
    """
    return latest_today(timezone.now())


def counts_of(row: Mapping[str, Any]) -> dict[str, int]:
    return {outcome: row[f"n_{outcome}"] for outcome in OUTCOMES}
