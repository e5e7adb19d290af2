"""Build small newsrooms for the page tests, through the services.

Going through ``sources.services`` keeps outcomes, link independence and
rollups derived exactly as in production.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sources import services
from sources.domain.vocab import Relation
from sources.models import Article, Claim, Outlet, Region, Source, Topic
from tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    OutletFactory,
    RegionFactory,
    SourceFactory,
    TopicFactory,
)

RYANGGANG = "a source in Ryanggang Province"
PUBLISHED = datetime.date(2016, 8, 25)


@dataclass
class Newsroom:
    outlet: Outlet
    region: Region
    other_region: Region
    drugs: Topic
    border: Topic
    larch: Source
    birch: Source
    article: Article
    claims: list[Claim] = field(default_factory=list)


def newsroom(*, reporter=None) -> Newsroom:
    """Return an outlet, two regions, two topics, two sources and one article."""
    outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    region = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    other_region = RegionFactory(name="North Hamgyong Province", slug="north-hamgyong")
    larch = SourceFactory(codename="LARCH", descriptor=RYANGGANG, region=region, handler=reporter)
    birch = SourceFactory(codename="BIRCH", descriptor="a trader in Hyesan", region=region)
    article = ArticleFactory(
        outlet=outlet,
        headline="Security cadres move meth under cover of patrols",
        published_on=PUBLISHED,
        reporter=reporter,
    )
    return Newsroom(
        outlet=outlet,
        region=region,
        other_region=other_region,
        drugs=TopicFactory(name="Drug trade", slug="drugs"),
        border=TopicFactory(name="Border security", slug="border"),
        larch=larch,
        birch=birch,
        article=article,
    )


def file_claim(room: Newsroom, text: str, *, source=None, article=None, **kwargs) -> Claim:
    claim = services.claim_file(
        article=article or room.article,
        text=text,
        attributions=[services.AttributionSpec(source=source or room.larch)],
        **kwargs,
    )
    room.claims.append(claim)
    return claim


def file_claims(room: Newsroom, count: int, **kwargs) -> list[Claim]:
    return [
        file_claim(room, f"Cadres bought {n + 1} kg of crystal meth inland.", **kwargs)
        for n in range(count)
    ]


def corroborate(claim: Claim, *, day=datetime.date(2016, 9, 4), relation=Relation.CORROBORATES):
    """Link independent evidence to ``claim`` and return the link."""
    evidence = EvidenceFactory(observed_on=day, summary="A defector confirms the price.")
    return services.evidence_link(claim=claim, evidence=evidence, relation=relation)
