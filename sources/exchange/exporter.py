"""Build the exchange document for the whole newsroom.

The document is deterministic: rows are sorted by their stable keys and
derived data (outcomes, counts, rollups) is left out, because importing
recomputes it. So ``export(import(export(x))) == export(x)``.

Identity details are left out unless the caller passes ``identities_for``:
then ``selectors.identities_for_export`` decides source by source whether
that user may have them, and logs every exported (or refused) identity.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from sources import permissions, selectors, services
from sources.exchange.formats import FORMAT_NAME, FORMAT_VERSION, dump_csv_zip, dump_json
from sources.models import (
    Article,
    Attribution,
    Claim,
    CopyFlag,
    Desk,
    Evidence,
    EvidenceLink,
    Forecast,
    LetterOverride,
    Network,
    Outlet,
    Quantity,
    Region,
    Source,
    Topic,
    Verdict,
)


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value else None


def _decimal(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.0001")))


def export_document(*, identities_for=None, reason: str = "", actor=None, viewer=None) -> dict:
    """Return the newsroom as an exchange document (a dict ready for JSON).

    ``viewer`` is the user the export is for: sources, their attributions
    and letters are read through ``sources.selectors``, so the file holds no
    more than that user may see. None (the management command, run by the
    operator) exports the whole newsroom. ``identities_for`` is the user asking
    for identity details; None leaves them out entirely.
    """
    services.external_ids_assign(actor=actor)
    if viewer is None:
        all_sources = Source.objects.all()
        all_attributions = Attribution.objects.all()
        all_overrides = LetterOverride.objects.all()
    else:
        all_sources = selectors.sources_for(viewer=viewer)
        all_attributions = selectors.attributions_for(viewer=viewer).filter(source_visible=True)
        all_overrides = selectors.letter_overrides_for(viewer=viewer)
    User = get_user_model()
    usernames = dict(User.objects.values_list("pk", "username"))
    name = usernames.get

    outlets = list(Outlet.objects.order_by("slug").values("slug", "name", "homepage"))
    regions = list(Region.objects.order_by("slug").values("slug", "name"))
    topics = list(Topic.objects.order_by("slug").values("slug", "name"))
    desk_members: dict[int, list[str]] = {}
    for desk_id, user_id in Desk.members.through.objects.values_list("desk_id", "user_id"):
        desk_members.setdefault(desk_id, []).append(name(user_id))
    desks = [
        {"slug": slug, "name": desk_name, "members": sorted(desk_members.get(pk, []))}
        for pk, slug, desk_name in Desk.objects.order_by("slug").values_list("pk", "slug", "name")
    ]

    # Which network a source is in is for those who may know (permissions.can_see_networks).
    with_networks = viewer is None or permissions.can_see_networks(viewer=viewer)
    networks = (
        list(Network.objects.order_by("name").values("name", "kind", "notes"))
        if with_networks
        else []
    )
    network_names = dict(Network.objects.values_list("pk", "name")) if with_networks else {}
    sources_qs = all_sources.select_related("region", "desk").order_by("codename")
    source_codenames = dict(all_sources.values_list("pk", "codename"))
    identities = {}
    if identities_for is not None:
        identities = selectors.identities_for_export(
            viewer=identities_for, sources=list(sources_qs), reason=reason
        )
    sources = []
    for source in sources_qs:
        row = {
            "codename": source.codename,
            "descriptor": source.descriptor,
            "is_confidential": source.is_confidential,
            "region": source.region.slug if source.region else None,
            "affiliation": source.affiliation,
            "handler": name(source.handler_id),
            "desk": source.desk.slug if source.desk else None,
            "status": source.status,
            "first_contact_on": _date(source.first_contact_on),
            "burned_at": _datetime(source.burned_at),
            "network": network_names.get(source.network_id),
        }
        if source.pk in identities and any(identities[source.pk].values()):
            row["identity"] = identities[source.pk]
        sources.append(row)

    article_ids = dict(Article.objects.values_list("pk", "external_id"))
    cites: dict[int, list[str]] = {}
    for citing, cited in Article.cites.through.objects.values_list(
        "from_article_id", "to_article_id"
    ):
        cites.setdefault(citing, []).append(article_ids[cited])
    articles = [
        {
            "external_id": a.external_id,
            "outlet": a.outlet.slug,
            "headline": a.headline,
            "byline": a.byline,
            "reporter": name(a.reporter_id),
            "published_on": _date(a.published_on),
            "url": a.url,
            "language": a.language,
            "body": a.body,
            "cites": sorted(cites.get(a.pk, [])),
        }
        for a in Article.objects.select_related("outlet").order_by("external_id")
    ]

    claim_ids = dict(Claim.objects.values_list("pk", "external_id"))
    region_slugs = dict(Region.objects.values_list("pk", "slug"))
    claim_topics: dict[int, list[str]] = {}
    for claim_id, slug in Claim.topics.through.objects.values_list("claim_id", "topic__slug"):
        claim_topics.setdefault(claim_id, []).append(slug)
    attributions: dict[int, list[dict]] = {}
    for claim_id, source_id, descriptor in all_attributions.order_by("id").values_list(
        "claim_id", "source_id", "descriptor"
    ):
        attributions.setdefault(claim_id, []).append(
            {"source": source_codenames[source_id], "descriptor": descriptor}
        )
    quantities: dict[int, list[dict]] = {}
    for claim_id, value, unit, label in Quantity.objects.order_by("id").values_list(
        "claim_id", "value", "unit", "label"
    ):
        quantities.setdefault(claim_id, []).append(
            {"value": _decimal(value), "unit": unit, "label": label}
        )
    claims = [
        {
            "external_id": c.external_id,
            "article": article_ids[c.article_id],
            "text": c.text,
            "event_start": _date(c.event_start),
            "event_end": _date(c.event_end),
            "region": region_slugs.get(c.region_id),
            "topics": sorted(claim_topics.get(c.pk, [])),
            "credibility": c.credibility,
            "assessed_by": name(c.assessed_by_id),
            "filed_by": name(c.filed_by_id),
            "attributions": attributions.get(c.pk, []),
            "quantities": quantities.get(c.pk, []),
        }
        for c in Claim.objects.order_by("external_id").only(
            "external_id",
            "article_id",
            "text",
            "event_start",
            "event_end",
            "region_id",
            "credibility",
            "assessed_by_id",
            "filed_by_id",
        )
    ]

    evidence_cites: dict[int, list[str]] = {}
    for evidence_id, article_id in Evidence.cites.through.objects.values_list(
        "evidence_id", "article_id"
    ):
        evidence_cites.setdefault(evidence_id, []).append(article_ids[article_id])
    evidence_ids = dict(Evidence.objects.values_list("pk", "external_id"))
    evidence = [
        {
            "external_id": e.external_id,
            "kind": e.kind,
            "summary": e.summary,
            "url": e.url,
            "observed_on": _date(e.observed_on),
            "source": source_codenames.get(e.source_id),
            "article": article_ids.get(e.article_id),
            "cites": sorted(evidence_cites.get(e.pk, [])),
            "recorded_by": name(e.recorded_by_id),
            "basis": e.basis,
        }
        for e in Evidence.objects.order_by("external_id")
    ]
    links = sorted(
        (
            {
                "claim": claim_ids[claim_id],
                "evidence": evidence_ids[evidence_id],
                "relation": relation,
                "note": note,
                "recorded_by": name(recorded_by),
                "relay_confirmed_by": name(confirmed_by),
                "relay_confirmed_at": _datetime(confirmed_at),
                "relay_reason": relay_reason,
            }
            for (
                claim_id,
                evidence_id,
                relation,
                note,
                recorded_by,
                confirmed_by,
                confirmed_at,
                relay_reason,
            ) in EvidenceLink.objects.values_list(
                "claim_id",
                "evidence_id",
                "relation",
                "note",
                "recorded_by_id",
                "relay_confirmed_by_id",
                "relay_confirmed_at",
                "relay_reason",
            )
        ),
        key=lambda row: (row["claim"], row["evidence"]),
    )
    # Rulings on likely copies; the flags themselves are the copy check's, redone on import.
    copy_rulings = sorted(
        (
            {
                "copy_of": article_ids[copy_of],
                "article": article_ids.get(article),
                "claim": claim_ids.get(claim),
                "evidence": evidence_ids.get(evidence),
                "ruling": ruling,
                "reason": why,
                "ruled_by": name(ruled_by),
                "ruled_at": _datetime(ruled_at),
            }
            for copy_of, article, claim, evidence, ruling, why, ruled_by, ruled_at in (
                CopyFlag.objects.exclude(ruling="").values_list(
                    "copy_of_id",
                    "article_id",
                    "link__claim_id",
                    "link__evidence_id",
                    "ruling",
                    "reason",
                    "ruled_by_id",
                    "ruled_at",
                )
            )
        ),
        key=lambda row: tuple(str(row[k]) for k in ("copy_of", "article", "claim", "evidence")),
    )
    verdict_rows = sorted(
        Verdict.objects.values_list(
            "claim_id", "decided_at", "pk", "outcome", "reason", "decided_by_id", "original_label"
        ),
        key=lambda row: (claim_ids[row[0]], row[1], row[2]),
    )
    verdicts = [
        {
            "claim": claim_ids[claim_id],
            "outcome": outcome,
            "reason": reason_text,
            "decided_by": name(decided_by),
            "decided_at": _datetime(decided_at),
            "original_label": label,
        }
        for claim_id, decided_at, _, outcome, reason_text, decided_by, label in verdict_rows
    ]
    overrides = [
        {
            "group_kind": kind,
            "group_key": key,
            "letter": letter,
            "reason": why,
            "recorded_by": name(recorded_by),
        }
        for kind, key, letter, why, recorded_by in all_overrides.order_by(
            "group_kind", "group_key"
        ).values_list("group_kind", "group_key", "letter", "reason", "recorded_by_id")
    ]

    forecasts = sorted(
        (
            {
                "claim": claim_ids[claim_id],
                "author": name(author),
                "percent": percent,
                "made_at": _datetime(made_at),
            }
            for claim_id, author, percent, made_at in Forecast.objects.values_list(
                "claim_id", "author_id", "percent", "made_at"
            )
        ),
        key=lambda row: (row["claim"], row["author"] or "", row["made_at"]),
    )

    referenced = {m for d in desks for m in d["members"]}
    for rows, fields in (
        (sources, ("handler",)),
        (articles, ("reporter",)),
        (claims, ("assessed_by", "filed_by")),
        (evidence, ("recorded_by",)),
        (links, ("recorded_by", "relay_confirmed_by")),
        (copy_rulings, ("ruled_by",)),
        (verdicts, ("decided_by",)),
        (overrides, ("recorded_by",)),
        (forecasts, ("author",)),
    ):
        referenced |= {row[f] for row in rows for f in fields if row[f]}
    users = [
        {"username": u, "first_name": first, "last_name": last, "email": email}
        for u, first, last, email in User.objects.filter(username__in=referenced)
        .order_by("username")
        .values_list("username", "first_name", "last_name", "email")
    ]
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "users": users,
        "outlets": outlets,
        "regions": regions,
        "topics": topics,
        "desks": desks,
        "networks": networks,
        "sources": sources,
        "articles": articles,
        "claims": claims,
        "evidence": evidence,
        "links": links,
        "copy_rulings": copy_rulings,
        "verdicts": verdicts,
        "letter_overrides": overrides,
        "forecasts": forecasts,
    }


def export_bytes(fmt: str, **kwargs) -> bytes:
    """Return the export as file content: ``json`` or ``csv`` (a ZIP of CSV files)."""
    document = export_document(**kwargs)
    if fmt == "json":
        return dump_json(document)
    if fmt == "csv":
        return dump_csv_zip(document)
    raise ValueError(f"unknown export format {fmt!r}")
