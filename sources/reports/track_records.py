"""Track-record cards: the record of the claims matching a set of filters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from sources import selectors
from sources.domain.as_of import expired_from_deadlines, median_of_histogram
from sources.domain.reliability import median_or_none
from sources.domain.rules import descriptor_group
from sources.models import LINK_TOTALS, Attribution, Claim, LetterOverride, SourceRollup
from sources.reports import pooled
from sources.reports.as_of import Tally
from sources.reports.figures import (
    OUTCOMES,
    OVERRIDE_KINDS,
    Figures,
    counts_of,
    outcome_count_aggregates,
    report_today,
)
from sources.reports.leaderboards import printed_forms, stored_median, timed_claims
from sources.selectors.as_of import claims_as_of


@dataclass
class TrackRecord(Figures):
    """Everything a track-record card shows for one group of claims."""

    label: str = ""
    recorded_letter: str | None = None
    recorded_reason: str = ""
    override_kind: str | None = None
    override_key: str | None = None
    outcomes_over_time: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    recent_claims: list[Claim] = field(default_factory=list)
    corroborating_links: int = 0
    contradicting_links: int = 0
    dependent_links: int = 0
    # Claims whose first settling evidence predates their article (docs/domain.md).
    settled_before_publication: int = 0
    # What the pooled estimate borrows from, and the rate by year (issue 14).
    borrowed: pooled.Borrowed | None = None
    years: list[pooled.YearRate] = field(default_factory=list)


def _pk(value):
    return getattr(value, "pk", value)


def _filter_claims(
    claims: QuerySet[Claim],
    *,
    source=None,
    descriptor=None,
    region=None,
    topic=None,
    reporter=None,
    outlet=None,
    year=None,
    published=None,
) -> QuerySet[Claim]:
    """Narrow claims to those matching every filter given; ``published`` is a DateRange."""
    attribution = {}
    if source is not None:
        attribution["source_id"] = _pk(source)
    if descriptor is not None:
        # Every spelling of the descriptor: one descriptor, one group.
        attribution["descriptor_key"] = descriptor_group(descriptor)
    if attribution:
        claims = claims.filter(pk__in=Attribution.objects.filter(**attribution).values("claim_id"))
    if region is not None:
        claims = claims.filter(region_id=_pk(region))
    if topic is not None:
        claims = claims.filter(
            pk__in=Claim.topics.through.objects.filter(topic_id=_pk(topic)).values("claim_id")
        )
    if reporter is not None:
        claims = claims.filter(article__reporter_id=_pk(reporter))
    if outlet is not None:
        claims = claims.filter(article__outlet_id=_pk(outlet))
    if year is not None:
        claims = claims.filter(article__published_on__year=int(year))
    if published is not None:
        claims = published.apply(claims)
    return claims


def _override_target(**filters) -> tuple[str | None, str | None]:
    """Return the (kind, key) a recorded letter is filed under, for one-filter records."""
    given = {name: value for name, value in filters.items() if value is not None}
    if len(given) != 1:
        return None, None
    name, value = next(iter(given.items()))
    if name not in OVERRIDE_KINDS:
        return None, None
    if name == "descriptor":
        key = descriptor_group(str(value))
    elif name in ("source", "reporter"):
        key = str(_pk(value))
    else:
        key = getattr(value, "slug", None) or str(value)
    return OVERRIDE_KINDS[name], key


def _record_label(**filters) -> str:
    """Label a record by its filters; a descriptor reads as the form printed most often."""
    parts = []
    for name in ("source", "descriptor", "region", "topic", "reporter", "outlet", "year"):
        value = filters.get(name)
        if value is None:
            continue
        if name == "reporter" and hasattr(value, "get_username"):
            parts.append(value.get_full_name() or value.get_username())
        elif name == "descriptor":
            key = descriptor_group(str(value))
            shown = printed_forms(Attribution.objects.filter(descriptor_key=key)).get(key, value)
            parts.append(f"“{shown}”")
        else:
            parts.append(str(value))
    if filters.get("published") is not None:
        parts.append(filters["published"].label)
    return " · ".join(parts) or "All claims"


def _counted_record(claims: QuerySet[Claim]) -> tuple[Figures, dict[str, int], list]:
    """Count the claims: figures, link totals and outcomes per year, in three queries.

    Already-public claims are in the claim count only: in no outcome, year,
    days or origins.
    """
    today = report_today()
    totals = claims.aggregate(
        **outcome_count_aggregates("", "pk", today=today),
        corroborating_links=Sum("corroborating_links"),
        contradicting_links=Sum("contradicting_links"),
        dependent_links=Sum("dependent_links"),
    )
    counting = claims.filter(settled_before_publication=False)
    spans = list(
        counting.filter(timed_claims("")).values_list(
            "days_to_corroboration", "independent_origins"
        )
    )
    figures = Figures.from_counts(
        counts_of(totals),
        totals["n_claims"],
        [days for days, _ in spans if days is not None],
        already_public=totals["n_already_public"],
        expired=totals["n_expired"],
    )
    figures.independent_origins_median = median_or_none(origins for _, origins in spans if origins)
    figures.as_of = today
    links = {name: totals[name] or 0 for name in LINK_TOTALS}
    links["settled_before_publication"] = totals["n_already_public"]
    over_time: dict[int, dict[str, int]] = {}
    for year, outcome, count in (
        counting.annotate(year=ExtractYear("article__published_on"))
        .values("year", "outcome")
        .order_by("year", "outcome")
        .annotate(n=Count("pk"))
        .values_list("year", "outcome", "n")
    ):
        over_time.setdefault(year, dict.fromkeys(OUTCOMES, 0))[outcome] = count
    return figures, links, sorted(over_time.items())


def _stored_record(rollup: SourceRollup) -> tuple[Figures, dict[str, int], list]:
    """Read the same figures from a source's rollup, with no query at all."""
    counts = {outcome: getattr(rollup, outcome) for outcome in OUTCOMES}
    today = report_today()
    figures = Figures.from_counts(
        counts,
        rollup.claims,
        already_public=rollup.settled_before_publication,
        expired=expired_from_deadlines(rollup.pending_deadlines, as_of=today),
    )
    figures.median_days_to_corroboration = stored_median(rollup.median_days)
    figures.independent_origins_median = median_of_histogram(rollup.origins_histogram)
    figures.as_of = today
    links = {name: getattr(rollup, name) for name in (*LINK_TOTALS, "settled_before_publication")}
    over_time = [
        (int(year), {outcome: by_outcome.get(outcome, 0) for outcome in OUTCOMES})
        for year, by_outcome in rollup.by_year.items()
    ]
    return figures, links, sorted(over_time)


# What a card shows of its latest claims (reports/_track_record_card.html); a
# field the card starts to show must be added here, or each row costs a query.
_RECENT_CLAIM_FIELDS = (
    "text",
    "outcome",
    "corroborating_links",
    "contradicting_links",
    "dependent_links",
    "days_to_corroboration",
    "article__published_on",
)


def _record_as_of(
    claims: QuerySet[Claim], *, as_of: datetime.date
) -> tuple[Figures, dict[str, int], list, dict]:
    """Count the claims as of a day from the raw rows (``reports.as_of``)."""
    found = claims_as_of(claims=claims, as_of=as_of)
    tally = Tally()
    for claim in found.values():
        tally.add(claim, year=claim.published_on.year)
    figures = tally.figures()
    figures.as_of = as_of
    links = {name: tally.links[name] for name in LINK_TOTALS}
    links["settled_before_publication"] = tally.already_public
    return figures, links, tally.over_time(), found


def build_record(
    claims: QuerySet[Claim],
    *,
    recent: int,
    with_reason: bool = True,
    rollup: SourceRollup | None = None,
    as_of: datetime.date | None = None,
    **filters,
) -> TrackRecord:
    """Build a track record; ``rollup`` may stand in for counting when only a source is given.

    With ``as_of`` the record is counted from the claims published, the
    evidence observed and the verdicts decided by that day; its latest claims
    are those published by then, each showing its outcome as of that day.
    """
    claims = _filter_claims(claims, **filters).order_by()
    only_source = {name for name, value in filters.items() if value is not None} == {"source"}
    found = None
    if as_of is not None:
        figures, links, over_time, found = _record_as_of(claims, as_of=as_of)
    elif rollup is not None and only_source:
        figures, links, over_time = _stored_record(rollup)
    else:
        figures, links, over_time = _counted_record(claims)
    borrowed = pooled.record_borrowed(rollup=rollup, filters=filters)
    if rollup is not None and only_source and as_of is None:
        pooled.from_rollup(figures, rollup)
    elif as_of is not None:
        pooled.pool_figures([(figures, borrowed)])
    else:
        pooled.pool_record(figures, claims=claims, borrowed=borrowed)
    shown = claims if as_of is None else claims.filter(article__published_on__lte=as_of)
    recent_claims = (
        list(
            shown.select_related("article")
            .only(*_RECENT_CLAIM_FIELDS)
            .order_by("-article__published_on", "-pk")[:recent]
        )
        if recent
        else []
    )
    for claim in recent_claims if found is not None else ():
        # Shown as it stood that day; these instances are never saved.
        then = found[claim.pk]
        claim.outcome = then.outcome
        claim.corroborating_links = then.corroborating_links
        claim.contradicting_links = then.contradicting_links
        claim.dependent_links = then.dependent_links
        claim.days_to_corroboration = then.days_to_corroboration
    kind, key = _override_target(**filters)
    letter, reason = (None, "")
    if kind is not None:
        override = (
            LetterOverride.objects.filter(group_kind=kind, group_key=key)
            .values_list("letter", "reason")
            .first()
        )
        if override:
            letter, reason = override
    return TrackRecord(
        **vars(figures),
        label=_record_label(**filters),
        recorded_letter=letter,
        recorded_reason=reason if with_reason else "",
        override_kind=kind,
        override_key=key,
        outcomes_over_time=over_time,
        recent_claims=recent_claims,
        borrowed=borrowed,
        years=pooled.year_rates(over_time, borrowed=borrowed),
        **links,
    )


def track_record(
    *,
    viewer,
    source=None,
    descriptor: str | None = None,
    region=None,
    topic=None,
    reporter=None,
    outlet=None,
    year: int | None = None,
    recent: int = 5,
    as_of: datetime.date | None = None,
    published=None,
) -> TrackRecord:
    """Return the track record of the claims matching every filter given.

    Filters combine: ``source`` and ``topic`` together give that source's
    record on that topic; ``published`` (a ``ranges.DateRange``) keeps the
    claims published in a range. A source the viewer may not know of raises
    PermissionDenied. A source alone is read from its rollup (three queries,
    whatever the size of the source); other filters count the claims (five or
    six queries, whatever the number of claims).
    """
    rollup = None
    if source is not None:
        rollup = selectors.source_rollup(viewer=viewer, source=source)
    return build_record(
        selectors.claims_for(viewer=viewer),
        recent=recent,
        rollup=rollup,
        source=source,
        descriptor=descriptor,
        region=region,
        topic=topic,
        reporter=reporter,
        outlet=outlet,
        year=year,
        as_of=as_of,
        published=published or None,
    )


def record_claims(*, viewer, published=None, **filters) -> QuerySet[Claim]:
    """Return every claim a track record counts, newest first, ready for a paginated list.

    The same filters as ``track_record`` (``_filter_claims``), so the list on
    a card is exactly the claims its figures count.
    """
    claims = _filter_claims(
        selectors.claims_for(viewer=viewer), published=published or None, **filters
    )
    return claims.for_list().order_by("-article__published_on", "-pk")
