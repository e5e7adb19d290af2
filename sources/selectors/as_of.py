"""The raw rows a record as of a day is counted from: claims, dated links, verdicts.

Stored rollups and claim columns describe *now*. A record as of an earlier
day is counted from the rows themselves: the claims published by then, the
links whose evidence was observed by then (each judged independent or not as
it is judged now), and the verdicts decided by then. A fixed number of
queries whatever the number of claims (one more per hop of the citation
graph, only for claims with two or more supporting links); the work is
linear in the claims and links read (docs/performance.md, "Records as of a
date").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, DateTimeField, F, Max, Q, QuerySet, When
from django.utils import timezone

from sources.domain.as_of import ClaimAsOf, DatedLink, claim_as_of, latest_verdict
from sources.domain.vocab import CopyRuling, Relation
from sources.models import Claim, Evidence, EvidenceLink, Verdict
from sources.selectors.citations import citation_graph


def verdict_cutoff(as_of: datetime.date) -> datetime.datetime:
    """Return the first instant after ``as_of`` in the newsroom's time zone.

    A verdict decided before it was in force on that day.
    """
    return timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    )


@dataclass
class DatedRows:
    """The rows of some claims up to a day: enough to tell their record on any day up to it."""

    through: datetime.date
    claims: list[tuple[int, datetime.date, datetime.date | None]]
    links: dict[int, list[DatedLink]]
    verdicts: dict[int, list[tuple]]
    citations: dict

    def evaluate(self, as_of: datetime.date) -> dict[int, ClaimAsOf]:
        """Return {claim id: its figures as of ``as_of``} (no later than ``through``). No query."""
        if as_of > self.through:
            raise ValueError("these rows stop before that day")
        minimum = getattr(settings, "MIN_INDEPENDENT_ORIGINS", 1)
        cutoff = verdict_cutoff(as_of)
        result = {}
        for pk, published_on, check_by in self.claims:
            found = claim_as_of(
                published_on=published_on,
                check_by=check_by,
                links=self.links.get(pk, ()),
                verdict=latest_verdict(self.verdicts.get(pk, ()), cutoff=cutoff),
                as_of=as_of,
                citations=self.citations,
                min_independent_origins=minimum,
            )
            if found is not None:
                result[pk] = found
        return result


def dated_rows(*, claims: QuerySet[Claim], through: datetime.date) -> DatedRows:
    """Load the claims published by ``through`` with their links and verdicts up to that day.

    Three queries (four when some claim has two or more supporting links that
    count, plus one per hop of their citation graph).
    """
    published = claims.filter(article__published_on__lte=through).order_by()
    rows = list(published.values_list("pk", "article__published_on", "check_by"))
    if not rows:
        return DatedRows(through=through, claims=[], links={}, verdicts={}, citations={})
    raw: dict[int, list[tuple]] = {}
    for row in (
        _with_rulings(
            EvidenceLink.objects.filter(
                claim__in=published.values("pk"), evidence__observed_on__lte=through
            )
        )
        .order_by()
        .values_list(
            "pk",
            "claim_id",
            "relation",
            "is_independent",
            "evidence__observed_on",
            "evidence__source_id",
            "evidence__article_id",
            "evidence_id",
            "ruled_at",
            "evidence__source__network_id",
        )
    ):
        raw.setdefault(row[1], []).append(row)
    verdicts: dict[int, list[tuple]] = {}
    for claim_id, decided_at, pk, outcome in (
        Verdict.objects.filter(
            claim__in=published.values("pk"), decided_at__lt=verdict_cutoff(through)
        )
        .order_by()
        .values_list("claim_id", "decided_at", "pk", "outcome")
    ):
        verdicts.setdefault(claim_id, []).append((decided_at, pk, outcome))
    cites, graph = _lineage(raw.values())
    links = {
        claim_id: [
            DatedLink(
                id=row[0],
                relation=row[2],
                counts=row[3],
                observed_on=row[4],
                source_id=row[5],
                article_id=row[6],
                cites=tuple(cites.get(row[7], ())),
                counts_since=timezone.localdate(row[8]) if row[8] is not None else None,
                network_id=row[9],
            )
            for row in found
        ]
        for claim_id, found in raw.items()
    }
    return DatedRows(through=through, claims=rows, links=links, verdicts=verdicts, citations=graph)


def claims_as_of(*, claims: QuerySet[Claim], as_of: datetime.date) -> dict[int, ClaimAsOf]:
    """Return {claim id: its figures as of ``as_of``} for the claims published by then."""
    return dated_rows(claims=claims, through=as_of).evaluate(as_of)


def _with_rulings(links: QuerySet[EvidenceLink]) -> QuerySet[EvidenceLink]:
    """Annotate ``ruled_at``: when a fact-checker's ruling let the link count, if one did.

    A relay confirmed independent, or a likely copy ruled not a copy: before
    that instant the link was awaiting review. The later of the two counts;
    links that never awaited one have none.
    """
    return links.annotate(
        relay_at=F("relay_confirmed_at"),
        copy_at=Max("copy_flags__ruled_at", filter=Q(copy_flags__ruling=CopyRuling.NOT_COPY)),
    ).annotate(
        ruled_at=Case(
            When(relay_at__isnull=True, then=F("copy_at")),
            When(copy_at__isnull=True, then=F("relay_at")),
            When(relay_at__gt=F("copy_at"), then=F("relay_at")),
            default=F("copy_at"),
            output_field=DateTimeField(),
        )
    )


def _lineage(claim_links: Iterable[list[tuple]]) -> tuple[dict[int, list[int]], dict]:
    """Return evidence citations and the citation graph, for claims whose origins need grouping.

    Only a claim with two or more supporting links that count can have fewer
    origins than links; the others need neither.
    """
    evidence_ids, starts = set(), set()
    for rows in claim_links:
        supporting = [row for row in rows if row[3] and row[2] in Relation.SUPPORTING]
        if len(supporting) < 2:
            continue
        evidence_ids |= {row[7] for row in supporting}
        starts |= {row[6] for row in supporting if row[6] is not None}
    if not evidence_ids:
        return {}, {}
    cites: dict[int, list[int]] = {}
    for evidence_id, article_id in Evidence.cites.through.objects.filter(
        evidence_id__in=evidence_ids
    ).values_list("evidence_id", "article_id"):
        cites.setdefault(evidence_id, []).append(article_id)
    starts |= {article for cited in cites.values() for article in cited}
    return cites, citation_graph(starts)
