"""File, edit and delete claims and stories, and change what a claim rests on.

A claim always rests on at least one source. What it rests on decides which
evidence is independent of it and whose records count it, so every change
of attribution locks the claim, re-judges its links and moves the rollups
of the sources it left and joined.

There is no claim_retract: a retraction is an editor's verdict with the
outcome "retracted" (``verdict_decide``), kept beside the derived outcome.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from sources.domain.origins import check_by_default
from sources.domain.rules import claim_figures, descriptor_group
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
from sources.services.common import Actor, model_update, save_clean, stamp_actor
from sources.services.derived import (
    ClaimState,
    claims_lock,
    claims_recompute,
    claims_snapshot,
    contribution_of,
    rollups_batched,
    rollups_move,
    rollups_refresh,
)
from sources.services.errors import Conflict
from sources.services.history import claim_history_topics

ONE_SOURCE_AT_LEAST = "A claim must rest on at least one source."


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


def attribution_build(*, claim: Claim, source: Source, descriptor: str = "") -> Attribution:
    """Return an unsaved attribution, its descriptor as published and its group key."""
    printed = descriptor.strip() or source.descriptor
    return Attribution(
        claim=claim, source=source, descriptor=printed, descriptor_key=descriptor_group(printed)
    )


def _check_attributions(attributions: Sequence[AttributionSpec]) -> None:
    if not attributions:
        raise ValidationError({"attributions": ONE_SOURCE_AT_LEAST})
    sources = [spec.source.pk for spec in attributions]
    if len(set(sources)) != len(sources):
        raise ValidationError({"attributions": "Each source may be named once per claim."})


def _articles_lock(article_ids: Iterable[int]) -> list[int]:
    """Lock articles (in key order) whose claims are being filed; return those that exist."""
    return list(
        Article.objects.filter(pk__in=sorted(set(article_ids)))
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )


def _claim_locked(claim_id: int) -> Claim:
    found = claims_lock(claim_ids=[claim_id])
    if claim_id not in found:
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    return found[claim_id]


@transaction.atomic
def claim_file(
    *,
    article: Article,
    text: str,
    attributions: Sequence[AttributionSpec],
    region: Region | None = None,
    topics: Iterable[Topic] = (),
    credibility: int = 6,
    assessed_by: Actor = None,
    filed_by: Actor = None,
    event_start: datetime.date | None = None,
    event_end: datetime.date | None = None,
    quantities: Iterable[QuantitySpec] = (),
    external_id: str | None = None,
    check_by: datetime.date | None = None,
) -> Claim:
    """File one claim from an article with the sources it rests on.

    ``check_by`` is the day by which it should be settled; by default its
    article's publication plus ``CHECK_BY_MONTHS`` calendar months.
    """
    _check_attributions(attributions)
    # Lock the article so a change of its date cannot land between reading it and counting.
    if not _articles_lock([article.pk]):
        raise Conflict("The article was deleted meanwhile. Reload the page.")
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
            check_by=check_by or claim_check_by(published_on=article.published_on),
        ),
        filed_by,
    )
    topics = list(topics)
    if topics:
        claim.topics.add(*topics)
    for spec in attributions:
        save_clean(
            attribution_build(claim=claim, source=spec.source, descriptor=spec.descriptor),
            filed_by,
        )
    for quantity in quantities:
        save_clean(
            Quantity(claim=claim, value=quantity.value, unit=quantity.unit, label=quantity.label),
            filed_by,
        )
    claims_recompute(claim_ids=[claim.pk], before={}, actor=filed_by)
    return claim


# What ``claim_update`` may change. Only the article moves derived columns and rollups.
CLAIM_FIELDS = (
    "article",
    "text",
    "event_start",
    "event_end",
    "region",
    "topics",
    "credibility",
    "external_id",
)


@transaction.atomic
def claim_update(
    *, claim: Claim, data: Mapping[str, Any], actor: Actor, reason: str = ""
) -> list[str]:
    """Change a claim's text, dates, region, topics, credibility, quantities or article.

    ``quantities`` (a list of ``QuantitySpec``) replaces the claim's figures.
    A new credibility is recorded as assessed by ``actor``. Moving a claim to
    another article changes its publication date and what its evidence is
    independent of, so it is re-judged. Return the fields that changed; the
    caller's ``claim`` is brought up to date.
    """
    data = dict(data)
    quantities = data.pop("quantities", None)
    if "assessed_by" in data:
        raise ValidationError({"assessed_by": "Whoever changes the credibility assessed it."})
    before = None
    if "article" in data:
        if not _articles_lock([data["article"].pk]):
            raise Conflict("The article was deleted meanwhile. Reload the page.")
        before = claims_snapshot(claim_ids=[claim.pk])
    fresh = _claim_locked(claim.pk)
    if "credibility" in data and data["credibility"] != fresh.credibility:
        data["assessed_by"] = actor
    changed = model_update(
        instance=fresh, fields=(*CLAIM_FIELDS, "assessed_by"), data=data, actor=actor, reason=reason
    )
    if "article" in changed:
        claims_recompute(claim_ids=[fresh.pk], before=before, actor=actor)
    if quantities is not None and _quantities_replace(
        claim=fresh, quantities=quantities, actor=actor, reason=reason
    ):
        changed.append("quantities")
    for name in (*CLAIM_FIELDS, "assessed_by"):
        if name != "topics":
            setattr(claim, name, getattr(fresh, name))
    return changed


def _quantities_replace(
    *, claim: Claim, quantities: Sequence[QuantitySpec], actor: Actor = None, reason: str = ""
) -> bool:
    """Replace the claim's figures, each removal and addition in the history with the reason."""
    wanted = [Quantity(claim=claim, value=q.value, unit=q.unit, label=q.label) for q in quantities]
    for quantity in wanted:
        quantity.full_clean()
    current = list(claim.quantities.order_by("id"))
    if [(q.value, q.unit, q.label) for q in current] == [
        (q.value, q.unit, q.label) for q in wanted
    ]:
        return False
    for quantity in current:
        stamp_actor(quantity, actor, reason).delete()
    for quantity in wanted:
        stamp_actor(quantity, actor, reason).save()
    return True


@transaction.atomic
def attribution_add(
    *, claim: Claim, source: Source, descriptor: str = "", actor: Actor = None, reason: str = ""
) -> Attribution:
    """Add a source to a claim; its links may stop counting, so re-judge them."""
    before = claims_snapshot(claim_ids=[claim.pk])
    if claim.pk not in before:
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    attribution = save_clean(
        attribution_build(claim=claim, source=source, descriptor=descriptor), actor, reason
    )
    claims_recompute(claim_ids=[claim.pk], before=before, actor=actor)
    return attribution


# What ``attribution_update`` may change.
ATTRIBUTION_FIELDS = ("source", "descriptor", "descriptor_key")


@transaction.atomic
def attribution_update(
    *, attribution: Attribution, data: Mapping[str, Any], actor: Actor, reason: str = ""
) -> list[str]:
    """Change the source or the printed descriptor of an attribution.

    A new descriptor gets its group key; an empty one takes the source's
    default. A new source re-judges the claim's links and moves both
    sources' records.
    """
    before = claims_snapshot(claim_ids=[attribution.claim_id])
    fresh = Attribution.objects.filter(pk=attribution.pk).first()
    if fresh is None or attribution.claim_id not in before:
        raise Conflict("The attribution was removed meanwhile. Reload the page.")
    data = dict(data)
    unknown = set(data) - {"source", "descriptor"}
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    if "descriptor" in data:
        source = data.get("source", fresh.source)
        data["descriptor"] = data["descriptor"].strip() or source.descriptor
        data["descriptor_key"] = descriptor_group(data["descriptor"])
    changed = model_update(
        instance=fresh, fields=ATTRIBUTION_FIELDS, data=data, actor=actor, reason=reason
    )
    if "source" in changed:
        claims_recompute(claim_ids=[fresh.claim_id], before=before, actor=actor)
    elif "descriptor_key" in changed:
        # The counts stay, but the source's descriptor group (what it pools toward) may move.
        rollups_refresh(source_ids=[fresh.source_id])
    for name in ATTRIBUTION_FIELDS:
        setattr(attribution, name, getattr(fresh, name))
    return [name for name in changed if name != "descriptor_key"]


@transaction.atomic
def attribution_remove(*, attribution: Attribution, actor: Actor = None, reason: str = "") -> None:
    """Take a source off a claim, never its last one; re-judge the claim's links."""
    claim_id = attribution.claim_id
    before = claims_snapshot(claim_ids=[claim_id])
    if claim_id not in before:
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    # Counted under the claim's lock, so two removals at once cannot take the last two.
    remaining = Attribution.objects.filter(claim_id=claim_id).exclude(pk=attribution.pk)
    if not remaining.exists():
        raise ValidationError({"attributions": ONE_SOURCE_AT_LEAST})
    stamp_actor(attribution, actor, reason).delete()
    claims_recompute(claim_ids=[claim_id], before=before, actor=actor)


@transaction.atomic
def claim_delete(*, claim: Claim, actor: Actor = None, reason: str = "") -> None:
    """Delete a claim with its links and verdicts, and take it out of its sources' records."""
    before = claims_snapshot(claim_ids=[claim.pk], for_delete=True)
    if claim.pk not in before:
        return  # Deleted meanwhile: what was asked for is done.
    stamp_actor(Claim.objects.get(pk=claim.pk), actor, reason).delete()
    rollups_move(before=before, after={})


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
    quantities: Sequence[QuantitySpec] = ()


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
    actor: Actor = None,
) -> Article:
    """File an article and its claims together: all of them are saved, or none."""
    if not claims:
        raise ValidationError({"claims": "A story needs at least one claim."})
    with rollups_batched():
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
                quantities=spec.quantities,
            )
    return article


def claim_check_by(*, published_on: datetime.date) -> datetime.date:
    """Return the default check-by date of a claim published that day (``CHECK_BY_MONTHS``)."""
    return check_by_default(published_on=published_on, months=settings.CHECK_BY_MONTHS)


@dataclass(frozen=True)
class NewClaim:
    """One claim for ``claims_file_many``; the fields are ``claim_file``'s."""

    article: Article
    text: str
    attributions: Sequence[AttributionSpec]
    region: Region | None = None
    topics: Sequence[Topic] = ()
    credibility: int = 6
    assessed_by: object = None
    filed_by: object = None
    event_start: datetime.date | None = None
    event_end: datetime.date | None = None
    quantities: Sequence[QuantitySpec] = field(default_factory=tuple)
    external_id: str | None = None
    check_by: datetime.date | None = None


def new_claim_check(spec: NewClaim) -> None:
    """Raise ValidationError if ``claims_file_many`` would refuse this claim.

    The checks that need no query: at least one source, each once, and no
    event dated after today. An importer calls it row by row first, so an
    error names its row.
    """
    _check_attributions(spec.attributions)
    Claim(event_start=spec.event_start, event_end=spec.event_end).clean()


@transaction.atomic
def claims_file_many(
    *, claims: Sequence[NewClaim], actor: Actor = None, batch_size: int = 500
) -> list[Claim]:
    """File many claims in a fixed number of queries, for imports.

    The rows are those ``claim_file`` writes, with their history: each claim's
    derived columns come from ``rules.claim_figures`` (a new claim has no
    links yet), its attributions get their group keys, and its sources'
    rollups move by the new claims' contributions under their row locks.
    """
    for spec in claims:
        new_claim_check(spec)
    _articles_lock({spec.article.pk for spec in claims})
    rows = []
    for spec in claims:
        figures = claim_figures(links=(), published_on=spec.article.published_on, verdict=None)
        claim = Claim(
            article=spec.article,
            text=spec.text,
            region=spec.region,
            credibility=spec.credibility,
            assessed_by=spec.assessed_by,
            filed_by=spec.filed_by,
            event_start=spec.event_start,
            event_end=spec.event_end,
            external_id=spec.external_id,
            check_by=spec.check_by or claim_check_by(published_on=spec.article.published_on),
            **vars(figures),
        )
        if spec.filed_by is not None:
            claim._history_user = spec.filed_by  # as claim_file records it
        rows.append(claim)
    created = bulk_create_with_history(rows, Claim, batch_size=batch_size, default_user=actor)
    attributions, quantities, tags = [], [], []
    after = {}
    for claim, spec in zip(created, claims, strict=True):
        sources = set()
        for item in spec.attributions:
            attribution = attribution_build(
                claim=claim, source=item.source, descriptor=item.descriptor
            )
            if spec.filed_by is not None:
                attribution._history_user = spec.filed_by
            attributions.append(attribution)
            sources.add(item.source.pk)
        quantities += [
            Quantity(claim=claim, value=q.value, unit=q.unit, label=q.label)
            for q in spec.quantities
        ]
        tags += [Claim.topics.through(claim_id=claim.pk, topic_id=t.pk) for t in spec.topics]
        claim.article = spec.article
        after[claim.pk] = ClaimState(frozenset(sources), contribution_of(claim))
    bulk_create_with_history(attributions, Attribution, batch_size=batch_size, default_user=actor)
    bulk_create_with_history(quantities, Quantity, batch_size=batch_size, default_user=actor)
    Claim.topics.through.objects.bulk_create(tags, batch_size=batch_size)
    records: list[tuple[int, int]] = []
    ids = [claim.pk for claim in created]
    for start in range(0, len(ids), batch_size):
        records += Claim.history.filter(
            id__in=ids[start : start + batch_size], history_type="+"
        ).values_list("history_id", "id")
    claim_history_topics(records=records)
    rollups_move(before={}, after=after)
    return created
