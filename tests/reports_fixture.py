"""A small newsroom whose report figures are worked out by hand in docs/reports.md.

Everything goes through ``sources.services`` so outcomes, days and rollups
are derived the way production derives them.

Nine claims, three sources, three articles:

====  =======  ================  ===============  =================  ===================
claim article  sources           region           topics             outcome (days)
====  =======  ================  ===============  =================  ===================
C1    A1       PINE              Ryanggang        drugs              corroborated (10)
C2    A1       PINE, BIRCH       Ryanggang        drugs, border      corroborated (60)
C3    A2       PINE (ministry)   North Hamgyong   border             partly corr. (20)
C4    A2       BIRCH             North Hamgyong   —                  contradicted
C5    A3       OAK               Ryanggang        drugs              pending (1 dependent link)
C6    A3       OAK, PINE         —                —                  disputed (10)
C7    A2       PINE              Ryanggang        drugs              retracted (verdict)
C8    A1       BIRCH             Ryanggang        border             unverifiable (verdict)
C9    A3       OAK               North Hamgyong   drugs              contradicted (verdict)
====  =======  ================  ===============  =================  ===================

A1 = Daily NK, 2016-08-25, filed by rita; A2 = Daily NK, 2017-03-10, filed by
sam; A3 = Rimjin, 2017-06-01, no staff reporter.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Claim, Evidence, Outlet, Region, Source, Topic
from tests.factories import ArticleFactory, EvidenceFactory, UserFactory

RYANGGANG = "a source in Ryanggang Province"
HYESAN = "a trader in Hyesan"
MINISTRY = "a source close to the security ministry"


@dataclass
class Ledger:
    users: dict
    sources: dict[str, Source]
    regions: dict[str, Region]
    topics: dict[str, Topic]
    outlets: dict[str, Outlet]
    claims: dict[str, Claim]


def _evidence(day: datetime.date, **kwargs) -> Evidence:
    return EvidenceFactory(observed_on=day, **kwargs)


def build_ledger() -> Ledger:
    users = {
        "ed": UserFactory(username="ed", roles=[roles.EDITOR]),
        "ed2": UserFactory(username="ed2", roles=[roles.EDITOR]),
        "rita": UserFactory(
            username="rita", first_name="Rita", last_name="Kim", roles=[roles.REPORTER]
        ),
        "sam": UserFactory(username="sam", roles=[roles.REPORTER]),
    }
    regions = {
        "ryanggang": Region.objects.create(name="Ryanggang Province", slug="ryanggang"),
        "north-hamgyong": Region.objects.create(name="North Hamgyong", slug="north-hamgyong"),
    }
    topics = {
        "drugs": Topic.objects.create(name="Drug trade", slug="drugs"),
        "border": Topic.objects.create(name="Border security", slug="border"),
    }
    outlets = {
        "daily-nk": Outlet.objects.create(name="Daily NK", slug="daily-nk"),
        "rimjin": Outlet.objects.create(name="Rimjin-gang", slug="rimjin"),
    }
    sources = {
        "PINE": services.source_create(
            codename="PINE",
            descriptor=RYANGGANG,
            region=regions["ryanggang"],
            handler=users["rita"],
        ),
        "BIRCH": services.source_create(codename="BIRCH", descriptor=HYESAN, handler=users["sam"]),
        "OAK": services.source_create(codename="OAK", descriptor=RYANGGANG),
    }
    a1 = ArticleFactory(
        outlet=outlets["daily-nk"],
        published_on=datetime.date(2016, 8, 25),
        reporter=users["rita"],
        headline="Meth sold across the border",
    )
    a2 = ArticleFactory(
        outlet=outlets["daily-nk"],
        published_on=datetime.date(2017, 3, 10),
        reporter=users["sam"],
        headline="Crackdown in Hoeryong",
    )
    a3 = ArticleFactory(
        outlet=outlets["rimjin"],
        published_on=datetime.date(2017, 6, 1),
        headline="Hyesan market prices",
    )

    def file(article, specs, *, region=None, topics=(), credibility=6, assessed_by=None, text=""):
        return services.claim_file(
            article=article,
            text=text or f"Claim in {article.headline}",
            attributions=[
                services.AttributionSpec(source=sources[name], descriptor=descriptor)
                for name, descriptor in specs
            ],
            region=regions.get(region) if region else None,
            topics=[topics_by[t] for t in topics],
            credibility=credibility,
            assessed_by=users.get(assessed_by) if assessed_by else None,
        )

    topics_by = topics
    ed = users["ed"]
    claims = {}
    claims["C1"] = file(
        a1,
        [("PINE", "")],
        region="ryanggang",
        topics=["drugs"],
        credibility=2,
        assessed_by="ed",
        text="Cadres bought 8 kg of crystal meth.",
    )
    claims["C2"] = file(
        a1,
        [("PINE", ""), ("BIRCH", HYESAN)],
        region="ryanggang",
        topics=["drugs", "border"],
        credibility=3,
        assessed_by="ed",
        text="The meth sold for 9,000 RMB per kg.",
    )
    claims["C3"] = file(
        a2,
        [("PINE", MINISTRY)],
        region="north-hamgyong",
        topics=["border"],
        credibility=2,
        assessed_by="ed",
    )
    claims["C4"] = file(
        a2, [("BIRCH", "")], region="north-hamgyong", credibility=4, assessed_by="ed2"
    )
    claims["C5"] = file(a3, [("OAK", "")], region="ryanggang", topics=["drugs"], credibility=1)
    claims["C6"] = file(a3, [("OAK", ""), ("PINE", "")], credibility=5, assessed_by="ed")
    claims["C7"] = file(
        a2, [("PINE", "")], region="ryanggang", topics=["drugs"], credibility=2, assessed_by="ed"
    )
    claims["C8"] = file(
        a1, [("BIRCH", "")], region="ryanggang", topics=["border"], credibility=6, assessed_by="ed"
    )
    claims["C9"] = file(
        a3,
        [("OAK", "")],
        region="north-hamgyong",
        topics=["drugs"],
        credibility=3,
        assessed_by="ed2",
    )

    link = services.evidence_link
    link(
        claim=claims["C1"],
        evidence=_evidence(datetime.date(2016, 9, 4)),
        relation=Relation.CORROBORATES,
    )
    link(
        claim=claims["C2"],
        evidence=_evidence(datetime.date(2016, 10, 24)),
        relation=Relation.CORROBORATES,
    )
    # A later corroboration does not move the first date.
    link(
        claim=claims["C2"],
        evidence=_evidence(datetime.date(2017, 1, 5)),
        relation=Relation.CORROBORATES,
    )
    link(
        claim=claims["C3"],
        evidence=_evidence(datetime.date(2017, 3, 30)),
        relation=Relation.PARTLY_CORROBORATES,
    )
    link(
        claim=claims["C4"],
        evidence=_evidence(datetime.date(2017, 4, 2)),
        relation=Relation.CONTRADICTS,
    )
    # From the claim's own source: kept, shown, never counted.
    link(
        claim=claims["C5"],
        evidence=_evidence(datetime.date(2017, 6, 5), source=sources["OAK"]),
        relation=Relation.CORROBORATES,
    )
    link(
        claim=claims["C6"],
        evidence=_evidence(datetime.date(2017, 6, 11)),
        relation=Relation.CORROBORATES,
    )
    link(
        claim=claims["C6"],
        evidence=_evidence(datetime.date(2017, 7, 1)),
        relation=Relation.CONTRADICTS,
    )
    for name, outcome in (
        ("C7", Outcome.RETRACTED),
        ("C8", Outcome.UNVERIFIABLE),
        ("C9", Outcome.CONTRADICTED),
    ):
        services.verdict_decide(
            claim=claims[name], outcome=outcome, reason="Checked by the desk.", decided_by=ed
        )
    for claim in claims.values():
        claim.refresh_from_db()
    return Ledger(
        users=users, sources=sources, regions=regions, topics=topics, outlets=outlets, claims=claims
    )
