"""What the pooled estimates are fitted from and where each source sits in the hierarchy.

The hierarchy is source → group (its most-printed descriptor, or its region
when it has no claims) → the outlet that group is most published in → the
newsroom. A source is printed under several descriptors and in several
outlets, but pooling needs a tree, so each source and each group is placed
under the one it appears under most often. Every function is one grouped
query (or two), whatever the number of claims.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Min, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from sources.domain import pooling
from sources.domain.rules import most_printed
from sources.domain.vocab import Outcome
from sources.models import Attribution, Claim, Outlet, PoolingFit, PoolingGroup, Region, Source

# The outcomes that bear on a rate, and what each scores.
SCORED = tuple(Outcome.SCORES)
# The groupings a report can pool, and the claim field each is keyed by.
_CLAIM_KEYS = {
    "region": "region__slug",
    "outlet": "article__outlet__slug",
    "reporter": "article__reporter_id",
    "year": "year",
}

OutcomeRow = tuple[object, str, datetime.date | None, int]


@dataclass(frozen=True)
class Placement:
    """Where one source sits: its group key, and the outlet it is most published in."""

    group: str | None
    outlet: str | None


def descriptor_group_key(descriptor_key: str) -> str:
    """Return the hierarchy key of the group of sources printed under a descriptor."""
    return f"descriptor:{descriptor_key}"


def region_group_key(slug: str) -> str:
    """Return the hierarchy key of the group of sources from a region."""
    return f"region:{slug}"


def _most(counted: Iterable[tuple[object, int, object]]) -> object | None:
    """Return the value seen most often; a tie goes to the smallest tiebreaker."""
    ranked = sorted(counted, key=lambda item: (-item[1], item[2]))
    return ranked[0][0] if ranked else None


def source_placements(*, source_ids: Iterable[int] | None) -> dict[int, Placement]:
    """Return each source's group and outlet; None means every source.

    The group is the descriptor key the source is printed under most often
    (a tie goes to the one printed first), or its region when no claim rests
    on it; the outlet is the one that published most of its claims (a tie
    goes to the first slug). Two queries.
    """
    rows = Attribution.objects.exclude(descriptor_key="")
    sources = Source.objects.all()
    if source_ids is not None:
        ids = list(source_ids)
        rows = rows.filter(source_id__in=ids)
        sources = sources.filter(pk__in=ids)
    descriptors: dict[int, list] = defaultdict(list)
    outlets: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for source_id, key, outlet, n, first in (
        rows.order_by()
        .values_list("source_id", "descriptor_key", "claim__article__outlet__slug")
        .annotate(n=Count("pk"), first=Min("pk"))
    ):
        descriptors[source_id].append((key, n, first))
        outlets[source_id][outlet] += n
    merged: dict[int, dict[str, list]] = {}
    for source_id, found in descriptors.items():
        by_key: dict[str, list] = {}
        for key, n, first in found:
            total = by_key.setdefault(key, [0, first])
            total[0] += n
            total[1] = min(total[1], first)
        merged[source_id] = by_key
    placements = {}
    for pk, region in sources.order_by().values_list("pk", "region__slug"):
        by_key = merged.get(pk)
        if by_key:
            group = descriptor_group_key(
                _most((key, n, first) for key, (n, first) in by_key.items())
            )
        else:
            group = region_group_key(region) if region else None
        outlet = _most((slug, n, slug) for slug, n in outlets.get(pk, {}).items())
        placements[pk] = Placement(group=group, outlet=outlet)
    return placements


def settled_on(prefix: str) -> Coalesce:
    """Return when a claim settled: its first settling evidence, else its article's date.

    A claim settled by a verdict alone has no settling evidence; its
    publication date stands in.
    """
    return Coalesce(F(f"{prefix}first_settled_on"), F(f"{prefix}article__published_on"))


def source_outcomes(*, source_ids: Iterable[int] | None, dated: bool) -> dict[int, list]:
    """Return each source's resolved claims as [(outcome, settled on, claims)].

    ``dated`` False leaves the dates out (None), which groups the rows further.
    One query.
    """
    rows = Attribution.objects.filter(claim__outcome__in=SCORED)
    if source_ids is not None:
        rows = rows.filter(source_id__in=list(source_ids))
    fields = ["source_id", "claim__outcome"]
    if dated:
        rows = rows.annotate(settled=settled_on("claim__"))
        fields.append("settled")
    found: dict[int, list] = defaultdict(list)
    for row in rows.order_by().values(*fields).annotate(n=Count("pk")):
        found[row["source_id"]].append((row["claim__outcome"], row.get("settled"), row["n"]))
    return found


def group_outcomes(*, by: str, dated: bool) -> list[OutcomeRow]:
    """Return (group key, outcome, settled on or None, claims) over resolved claims.

    The keys are the report's own (``ReportRow.key`` before it becomes text):
    a descriptor key, a region, outlet or topic slug, a reporter id or a
    year. A claim counts once per group, as in the reports. One query.
    """
    if by == "descriptor":
        rows = Attribution.objects.filter(claim__outcome__in=SCORED)
        key, outcome, prefix, counted = "descriptor_key", "claim__outcome", "claim__", "claim"
    elif by == "topic":
        rows = Claim.topics.through.objects.filter(claim__outcome__in=SCORED)
        key, outcome, prefix, counted = "topic__slug", "claim__outcome", "claim__", "claim"
    else:
        rows = Claim.objects.filter(outcome__in=SCORED)
        if by == "year":
            rows = rows.annotate(year=ExtractYear("article__published_on"))
        key, outcome, prefix, counted = _CLAIM_KEYS[by], "outcome", "", "pk"
    fields = [key, outcome]
    if dated:
        rows = rows.annotate(settled=settled_on(prefix))
        fields.append("settled")
    return [
        (row[key], row[outcome], row.get("settled"), row["n"])
        for row in rows.order_by().values(*fields).annotate(n=Count(counted, distinct=True))
    ]


def group_outlets(*, by: str) -> dict[object, str]:
    """Return the outlet each descriptor key (or region slug) is most published in.

    ``by`` is "descriptor" or "region". Every descriptor printed and every
    region named by a claim is placed, resolved or not. One query.
    """
    if by == "descriptor":
        rows = Attribution.objects.exclude(descriptor_key="").values_list(
            "descriptor_key", "claim__article__outlet__slug"
        )
        rows = rows.annotate(n=Count("claim", distinct=True))
    elif by == "region":
        rows = (
            Claim.objects.filter(region__isnull=False)
            .values_list("region__slug", "article__outlet__slug")
            .annotate(n=Count("pk"))
        )
    else:
        raise ValueError(f"only descriptors and regions sit under outlets, not {by!r}")
    counted: dict[object, list] = defaultdict(list)
    for key, outlet, n in rows.order_by():
        counted[key].append((outlet, n, outlet))
    return {key: _most(found) for key, found in counted.items()}


def descriptor_labels(*, keys: Iterable[str] | None = None) -> dict[str, str]:
    """Return the form printed most often of each descriptor key. One query."""
    rows = Attribution.objects.exclude(descriptor_key="")
    if keys is not None:
        rows = rows.filter(descriptor_key__in=list(keys))
    forms: dict[str, list] = defaultdict(list)
    for key, descriptor, n, first in (
        rows.order_by()
        .values_list("descriptor_key", "descriptor")
        .annotate(n=Count("pk"), first=Min("pk"))
    ):
        forms[key].append((descriptor, n, first))
    return {key: most_printed(printed) for key, printed in forms.items()}


def outlet_names() -> dict[str, str]:
    return dict(Outlet.objects.values_list("slug", "name"))


def region_names() -> dict[str, str]:
    return dict(Region.objects.values_list("slug", "name"))


# Bump when the hierarchy or the stored layout changes: older fits then stop being used.
HIERARCHY_VERSION = 1


def settings_hash() -> str:
    """Return a fingerprint of the settings a fit depends on; a fit made under others is unused."""
    given = {
        "version": HIERARCHY_VERSION,
        "half_life_months": settings.RELIABILITY_HALF_LIFE_MONTHS,
        "confidence": settings.RELIABILITY["CONFIDENCE"],
        "spread": [pooling.SPREAD.mean_sd, pooling.SPREAD.concentration_sd],
        "root_spread": [pooling.ROOT_SPREAD.mean_sd, pooling.ROOT_SPREAD.concentration_sd],
    }
    return hashlib.sha256(json.dumps(given, sort_keys=True).encode()).hexdigest()


def current_fit() -> PoolingFit | None:
    """Return the latest fit made under the current settings, or None before the first.

    One query. A fit made under other settings (another half-life) is not
    used: its priors describe records counted another way.
    """
    return (
        PoolingFit.objects.filter(settings_hash=settings_hash())
        .order_by("-fitted_at", "-pk")
        .first()
    )


def record_outcomes(claims: QuerySet[Claim]) -> list[tuple[str, datetime.date, int]]:
    """Return (outcome, settled on, claims) over the resolved ``claims``. One query."""
    return list(
        claims.filter(outcome__in=SCORED)
        .annotate(settled=settled_on(""))
        .order_by()
        .values_list("outcome", "settled")
        .annotate(n=Count("pk"))
    )


def pooling_groups(*, fit: PoolingFit, keys: Iterable[str] | None) -> dict[str, PoolingGroup]:
    """Return the fit's group priors by key, for the keys given (all when None). One query."""
    rows = PoolingGroup.objects.filter(fit=fit)
    if keys is not None:
        rows = rows.filter(key__in=sorted({key for key in keys if key}))
    return {group.key: group for group in rows}


def pooling_group_outlets(*, fit: PoolingFit, kind: str) -> dict[str, str]:
    """Return {descriptor key or region slug: outlet slug} as the fit placed them. One query."""
    prefix = f"{kind}:"
    rows = PoolingGroup.objects.filter(fit=fit, key__startswith=prefix).exclude(outlet="")
    return {key[len(prefix) :]: outlet for key, outlet in rows.values_list("key", "outlet")}
