"""File claims and stories, and change what a claim rests on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from sources.models import (
    Article,
    Attribution,
    Claim,
    Outlet,
    Quantity,
    Region,
    Source,
    Topic,
)
from sources.services.articles import article_create
from sources.services.common import save_clean, stamp_actor
from sources.services.derived import claims_recompute, rollups_refresh


@dataclass(frozen=True)
class AttributionSpec:
    """A source a new claim rests on; an empty descriptor uses the source's default."""

    source: Source
    descriptor: str = ""


@dataclass(frozen=True)
class QuantitySpec:
    value: Decimal
    unit: str
    label: str = ""


@transaction.atomic
def claim_file(
    *,
    article: Article,
    text: str,
    attributions: Sequence[AttributionSpec],
    region: Region | None = None,
    topics: Iterable[Topic] = (),
    credibility: int = 6,
    assessed_by=None,
    filed_by=None,
    event_start: datetime.date | None = None,
    event_end: datetime.date | None = None,
    quantities: Iterable[QuantitySpec] = (),
    external_id: str | None = None,
) -> Claim:
    """File one claim from an article with the sources it rests on."""
    if not attributions:
        raise ValidationError({"attributions": "A claim must rest on at least one source."})
    sources = [spec.source.pk for spec in attributions]
    if len(set(sources)) != len(sources):
        raise ValidationError({"attributions": "Each source may be named once per claim."})
    claim = save_clean(
        Claim(
            article=article,
            text=text,
            region=region,
            credibility=credibility,
            assessed_by=assessed_by,
            filed_by=filed_by,
            event_start=event_start,
            event_end=event_end,
            external_id=external_id,
        ),
        filed_by,
    )
    topics = list(topics)
    if topics:
        claim.topics.add(*topics)
    for spec in attributions:
        save_clean(
            Attribution(
                claim=claim,
                source=spec.source,
                descriptor=spec.descriptor.strip() or spec.source.descriptor,
            ),
            filed_by,
        )
    for quantity in quantities:
        save_clean(
            Quantity(claim=claim, value=quantity.value, unit=quantity.unit, label=quantity.label),
            filed_by,
        )
    rollups_refresh(source_ids=sources)
    return claim


@transaction.atomic
def attribution_add(
    *, claim: Claim, source: Source, descriptor: str = "", actor=None
) -> Attribution:
    """Add a source to a claim; its links may stop counting, so re-judge them."""
    attribution = save_clean(
        Attribution(claim=claim, source=source, descriptor=descriptor.strip() or source.descriptor),
        actor,
    )
    claims_recompute(claim_ids=[claim.pk], also_sources=[source.pk], actor=actor)
    return attribution


@transaction.atomic
def attribution_remove(*, attribution: Attribution, actor=None) -> None:
    claim_id, source_id = attribution.claim_id, attribution.source_id
    if Attribution.objects.filter(claim_id=claim_id).count() == 1:
        raise ValidationError({"attributions": "A claim must rest on at least one source."})
    stamp_actor(attribution, actor).delete()
    claims_recompute(claim_ids=[claim_id], also_sources=[source_id], actor=actor)


@transaction.atomic
def claim_delete(*, claim: Claim, actor=None) -> None:
    """Delete a claim and its links, and take it out of its sources' records."""
    source_ids = list(claim.attributions.values_list("source_id", flat=True))
    stamp_actor(claim, actor).delete()
    rollups_refresh(source_ids=source_ids)


@dataclass(frozen=True)
class ClaimSpec:
    """One claim of a story being filed; see ``claim_file`` for the fields."""

    text: str
    attributions: Sequence[AttributionSpec]
    region: Region | None = None
    topics: Sequence[Topic] = ()
    credibility: int = 6
    event_start: datetime.date | None = None
    event_end: datetime.date | None = None


@transaction.atomic
def story_file(
    *,
    outlet: Outlet,
    headline: str,
    published_on: datetime.date,
    claims: Sequence[ClaimSpec],
    byline: str = "",
    url: str = "",
    body: str = "",
    actor=None,
) -> Article:
    """File an article and its claims together: all of them are saved, or none."""
    if not claims:
        raise ValidationError({"claims": "A story needs at least one claim."})
    article = article_create(
        outlet=outlet,
        headline=headline,
        published_on=published_on,
        byline=byline,
        reporter=actor,
        url=url,
        body=body,
        actor=actor,
    )
    for spec in claims:
        claim_file(
            article=article,
            text=spec.text,
            attributions=spec.attributions,
            region=spec.region,
            topics=spec.topics,
            credibility=spec.credibility,
            assessed_by=actor,
            filed_by=actor,
            event_start=spec.event_start,
            event_end=spec.event_end,
        )
    return article
