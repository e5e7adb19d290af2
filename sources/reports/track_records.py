"""Track-record cards: the record of the claims matching a set of filters."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from sources import selectors
from sources.domain.rules import descriptor_group
from sources.models import LINK_TOTALS, Attribution, Claim, LetterOverride, SourceRollup
from sources.reports import pooled
from sources.reports.figures import (
    OUTCOMES,
    OVERRIDE_KINDS,
    Figures,
    counts_of,
    outcome_count_aggregates,
)
from sources.reports.leaderboards import printed_forms, stored_median


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
) -> QuerySet[Claim]:
    """Narrow claims to those matching every filter given."""
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
    return " · ".join(parts) or "All claims"


def _counted_record(claims: QuerySet[Claim]) -> tuple[Figures, dict[str, int], list]:
    """Count the claims: figures, link totals and outcomes per year, in three queries."""
    totals = claims.aggregate(
        **outcome_count_aggregates("", "pk"),
        corroborating_links=Sum("corroborating_links"),
        contradicting_links=Sum("contradicting_links"),
        dependent_links=Sum("dependent_links"),
        settled_before_publication=Count("pk", filter=Q(settled_before_publication=True)),
    )
    days = list(
        claims.filter(days_to_corroboration__isnull=False).values_list(
            "days_to_corroboration", flat=True
        )
    )
    figures = Figures.from_counts(counts_of(totals), totals["n_claims"], days)
    links = {name: totals[name] or 0 for name in (*LINK_TOTALS, "settled_before_publication")}
    over_time: dict[int, dict[str, int]] = {}
    for year, outcome, count in (
        claims.annotate(year=ExtractYear("article__published_on"))
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
    figures = Figures.from_counts(counts, rollup.claims)
    figures.median_days_to_corroboration = stored_median(rollup.median_days)
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


def build_record(
    claims: QuerySet[Claim],
    *,
    recent: int,
    with_reason: bool = True,
    rollup: SourceRollup | None = None,
    **filters,
) -> TrackRecord:
    """Build a track record; ``rollup`` may stand in for counting when only a source is given."""
    claims = _filter_claims(claims, **filters).order_by()
    only_source = {name for name, value in filters.items() if value is not None} == {"source"}
    if rollup is not None and only_source:
        figures, links, over_time = _stored_record(rollup)
    else:
        figures, links, over_time = _counted_record(claims)
    borrowed = pooled.record_borrowed(rollup=rollup, filters=filters)
    if rollup is not None and only_source:
        pooled.from_rollup(figures, rollup)
    else:
        pooled.pool_record(figures, claims=claims, borrowed=borrowed)
    recent_claims = (
        list(
            claims.select_related("article")
            .only(*_RECENT_CLAIM_FIELDS)
            .order_by("-article__published_on", "-pk")[:recent]
        )
        if recent
        else []
    )
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
) -> TrackRecord:
    """Return the track record of the claims matching every filter given.

    Filters combine: ``source`` and ``topic`` together give that source's
    record on that topic. A source the viewer may not know of raises
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
    )
