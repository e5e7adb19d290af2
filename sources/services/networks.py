"""Create, rename and delete source networks, and put sources in them.

A network decides independence: evidence from a source in the same network
as one of a claim's sources does not count, and two sources of one network
are one origin. So every change re-judges, under the engine's locks, the
claims that rest on the sources it touches and the claims their evidence is
linked to. Editors manage networks (``permissions.can_manage_networks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sources import cache_versions
from sources.domain.vocab import NetworkKind
from sources.models import Attribution, EvidenceLink, Network, Source
from sources.services.common import Actor, model_update, save_clean, stamp_actor
from sources.services.derived import claims_lock, claims_recompute
from sources.services.errors import Conflict

# What ``network_update`` may change; members go through ``source_network_set``.
NETWORK_FIELDS = ("name", "kind", "notes")


def claims_touching(*, source_ids: Iterable[int]) -> set[int]:
    """Return the claims that rest on these sources or are linked to evidence from them."""
    source_ids = set(source_ids)
    if not source_ids:
        return set()
    resting = Attribution.objects.filter(source_id__in=source_ids).values_list(
        "claim_id", flat=True
    )
    linked = EvidenceLink.objects.filter(evidence__source_id__in=source_ids).values_list(
        "claim_id", flat=True
    )
    return set(resting) | set(linked)


def _network_lock(network_id: int) -> Network:
    found = Network.objects.select_for_update().filter(pk=network_id).first()
    if found is None:
        raise Conflict("The network was deleted meanwhile. Reload the page.")
    return found


def _rejudge(*, source_ids: Iterable[int], actor: Actor) -> None:
    """Lock the sources, then their claims in one go, and re-judge those claims."""
    source_ids = sorted(set(source_ids))
    list(
        Source.objects.select_for_update()
        .filter(pk__in=source_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    claim_ids = claims_touching(source_ids=source_ids)
    claims_lock(claim_ids=claim_ids)
    cache_versions.bump(cache_versions.ROLLUPS, cache_versions.CLAIMS)
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)


@transaction.atomic
def network_create(
    *, name: str, kind: str = NetworkKind.NETWORK, notes: str = "", actor: Actor = None
) -> Network:
    """Create an empty network; add its sources with ``source_network_set``."""
    return save_clean(Network(name=name.strip(), kind=kind, notes=notes), actor)


@transaction.atomic
def network_update(
    *, network: Network, data: Mapping[str, Any], actor: Actor, reason: str = ""
) -> list[str]:
    """Change a network's name, kind or notes; a new name re-words its members' reasons."""
    fresh = _network_lock(network.pk)
    if "name" in data:
        data = {**data, "name": str(data["name"]).strip()}
    changed = model_update(
        instance=fresh, fields=NETWORK_FIELDS, data=data, actor=actor, reason=reason
    )
    if "name" in changed:
        _rejudge(source_ids=fresh.sources.values_list("pk", flat=True), actor=actor)
    for name in changed:
        setattr(network, name, getattr(fresh, name))
    return changed


@transaction.atomic
def network_delete(*, network: Network, actor: Actor, reason: str = "") -> None:
    """Delete a network: its sources leave it first, and their claims are re-judged."""
    fresh = _network_lock(network.pk)
    members = list(fresh.sources.order_by("pk"))
    for source in members:
        source.network = None
        stamp_actor(source, actor, reason).save(update_fields=["network"])
    _rejudge(source_ids=[source.pk for source in members], actor=actor)
    stamp_actor(fresh, actor, reason).delete()


@transaction.atomic
def source_network_set(
    *, source: Source, network: Network | None, actor: Actor, reason: str = ""
) -> bool:
    """Put a source in a network, move it to another, or (None) take it out of one.

    Return whether anything changed. Claims resting on the source and claims
    its evidence is linked to are re-judged: evidence from its new network's
    sources stops counting for its claims, and so on.
    """
    fresh = Source.objects.select_for_update().filter(pk=source.pk).first()
    if fresh is None:
        raise Conflict("The source was deleted meanwhile. Reload the page.")
    if network is not None and not Network.objects.filter(pk=network.pk).exists():
        raise ValidationError({"network": "That network was deleted meanwhile."})
    wanted = network.pk if network is not None else None
    if fresh.network_id == wanted:
        return False
    fresh.network_id = wanted
    fresh.full_clean()
    stamp_actor(fresh, actor, reason).save(update_fields=["network"])
    source.network_id = wanted
    _rejudge(source_ids=[fresh.pk], actor=actor)
    return True


@transaction.atomic
def network_members_set(
    *, network: Network, sources: Iterable[Source], actor: Actor, reason: str = ""
) -> tuple[int, int]:
    """Make ``sources`` exactly the network's members; return (joined, left).

    Sources that were in another network move to this one. The sources that
    move are locked in one go, then the claims they touch, and re-judged.
    """
    wanted = {source.pk for source in sources}
    fresh = _network_lock(network.pk)
    current = set(fresh.sources.values_list("pk", flat=True))
    joined, leaving = sorted(wanted - current), sorted(current - wanted)
    locked = {
        found.pk: found
        for found in Source.objects.select_for_update()
        .filter(pk__in=joined + leaving)
        .order_by("pk")
    }
    for pk in joined + leaving:
        if pk not in locked:
            raise Conflict("A source was deleted meanwhile. Reload the page.")
        found = locked[pk]
        found.network = fresh if pk in wanted else None
        stamp_actor(found, actor, reason).save(update_fields=["network"])
    _rejudge(source_ids=joined + leaving, actor=actor)
    return len(joined), len(leaving)
