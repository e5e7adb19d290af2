"""Reports as of a past day, counted from the raw rows (``selectors.as_of``).

A report of now reads stored rollups and claim columns; a report as of a day
recounts every claim in scope from its dated links and verdicts, then groups
the claims as the report of now groups them, so that a report as of today
equals the report of now, row for row (tests/reports/test_as_of.py). The
cost is linear in the claims in scope: a source's card as of a day reads its
own claims; a whole leaderboard as of a day reads every claim
(docs/performance.md, "Records as of a date").
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from sources import selectors
from sources.domain.as_of import ClaimAsOf
from sources.domain.reliability import median_or_none
from sources.models import Attribution, Claim, SourceRollup
from sources.reports import pooled
from sources.reports.figures import OUTCOMES, Figures, ReportRow, report_today
from sources.selectors.as_of import claims_as_of


def check_as_of(value: datetime.date | str | None) -> datetime.date | None:
    """Return ``as_of`` as a date, or None for "now"; refuse a malformed or future day.

    Raises ValidationError naming ``as_of``, which views answer with 400.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                {"as_of": f"{value[:40]!r} is not a date: give it as YYYY-MM-DD."}
            ) from None
    if value > report_today():
        raise ValidationError({"as_of": "A record cannot be read as of a day still to come."})
    return value


@dataclass
class Tally:
    """The counts of one group of claims as of a day, in the shape ``Figures`` is built from."""

    claims: int = 0
    counts: Counter = field(default_factory=Counter)
    already_public: int = 0
    expired: int = 0
    days: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    links: Counter = field(default_factory=Counter)
    by_year: dict[int, Counter] = field(default_factory=dict)

    def add(self, claim: ClaimAsOf, *, year: int) -> None:
        """Count one claim, as ``rules.add_contribution`` counts it into a rollup."""
        self.claims += 1
        self.links["corroborating_links"] += claim.corroborating_links
        self.links["contradicting_links"] += claim.contradicting_links
        self.links["dependent_links"] += claim.dependent_links
        if claim.already_public:
            self.already_public += 1
            return
        self.counts[claim.outcome] += 1
        self.by_year.setdefault(year, Counter())[claim.outcome] += 1
        self.expired += claim.expired
        if claim.days_to_corroboration is not None:
            self.days.append(claim.days_to_corroboration)
        if claim.independent_origins:
            self.origins.append(claim.independent_origins)

    def figures(self) -> Figures:
        """Return the group's figures; ``counts`` include the expired among pending, as stored."""
        result = Figures.from_counts(
            self.counts,
            self.claims,
            self.days,
            already_public=self.already_public,
            expired=self.expired,
        )
        result.independent_origins_median = median_or_none(self.origins)
        return result

    def over_time(self) -> list[tuple[int, dict[str, int]]]:
        return sorted(
            (year, {outcome: counts.get(outcome, 0) for outcome in OUTCOMES})
            for year, counts in self.by_year.items()
        )


def _memberships(by: str, scope: QuerySet[Claim]) -> tuple[dict, dict]:
    """Return ({claim id: [group keys]}, {group key: label}) for a grouping. One or two queries.

    The keys and labels are the report of now's (``leaderboards``): a claim
    with no region, reporter or topic falls in the group None.
    """
    from sources.reports.leaderboards import _CLAIM_GROUPS, _label, printed_forms

    groups: dict[int, list] = {}
    labels: dict = {}
    if by in ("source", "descriptor"):
        base = Attribution.objects.filter(claim__in=scope.values("pk")).order_by()
        field_name = "source_id" if by == "source" else "descriptor_key"
        for claim_id, key in base.values_list("claim_id", field_name).distinct():
            groups.setdefault(claim_id, []).append(key)
        if by == "descriptor":
            labels = printed_forms(base)
        return groups, labels
    key_field, label_fields = _CLAIM_GROUPS[by]
    rows = scope.order_by()
    if by == "year":
        rows = rows.annotate(year=ExtractYear("article__published_on"))
    for row in rows.values("pk", key_field, *label_fields):
        groups.setdefault(row["pk"], []).append(row[key_field])
        labels[row[key_field]] = _label(by, row)
    return groups, labels


def group_tallies(
    *, claims: QuerySet[Claim], by: str, as_of: datetime.date
) -> tuple[dict, dict, dict[int, ClaimAsOf]]:
    """Return ({group key: Tally}, {group key: label}, the claims) as of ``as_of``."""
    found = claims_as_of(claims=claims, as_of=as_of)
    if not found:
        return {}, {}, found
    members, labels = _memberships(by, claims.filter(article__published_on__lte=as_of))
    tallies: dict = {}
    for pk, claim in found.items():
        for key in members.get(pk, ()):
            tallies.setdefault(key, Tally()).add(claim, year=claim.published_on.year)
    return tallies, labels, found


def rows_as_of(
    *,
    viewer,
    by: str,
    as_of: datetime.date,
    claims: QuerySet[Claim] | None = None,
    overrides: bool = True,
) -> list[ReportRow]:
    """Return a report's rows as of ``as_of``, unsorted, pooled as the report of now is.

    ``claims`` defaults to the viewer's (``selectors.claims_for``).
    """
    from sources.reports.leaderboards import OVERRIDE_KINDS, _overrides

    if claims is None:
        claims = selectors.claims_for(viewer=viewer)
    tallies, labels, _ = group_tallies(claims=claims, by=by, as_of=as_of)
    if by == "source":
        visible = dict(
            selectors.sources_for(viewer=viewer)
            .filter(pk__in=list(tallies))
            .values_list("pk", "codename")
        )
        tallies = {key: tally for key, tally in tallies.items() if key in visible}
        labels = visible
    recorded = _overrides(OVERRIDE_KINDS.get(by)) if overrides else {}
    rows = []
    for key, tally in tallies.items():
        text_key = None if key is None else str(key)
        letter, reason = recorded.get(text_key, (None, ""))
        figures = tally.figures()
        figures.as_of = as_of
        rows.append(
            ReportRow(
                **vars(figures),
                by=by,
                key=text_key,
                group=labels.get(key),
                recorded_letter=letter,
                recorded_reason=reason,
                settled_before_publication=tally.already_public,
            )
        )
    if by == "source":
        _pool_sources(rows)
    else:
        pooled.pool_group_rows(rows, by=by)
    return rows


def _pool_sources(rows: list[ReportRow]) -> None:
    """Pool each source's record as of the day toward the prior its rollup is pooled toward."""
    priors = {
        str(rollup.source_id): pooled.rollup_prior(rollup)
        for rollup in SourceRollup.objects.filter(source_id__in=[int(row.key) for row in rows])
    }
    pooled.pool_figures([(row, priors.get(row.key)) for row in rows])
