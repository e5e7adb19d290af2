"""A small newsroom with dated evidence and verdicts, for records as of a date.

Built from the reference story (Daily NK, 25 August 2016, "a source in
Ryanggang Province"), through ``sources.services`` so every derived column
and rollup is what production derives. Verdict times are set afterwards
(a verdict is decided "now"; the fixture needs them in the past).

=====  ==========  ===========  =========================  ======================
claim  published   sources      evidence (observed)        verdict (decided)
=====  ==========  ===========  =========================  ======================
K1     2016-08-25  LARCH        corroborates (2017-06-02)  —
K2     2016-08-25  LARCH        corroborates (2016-07-15)  — (already public)
K3     2016-08-25  LARCH, PINE  —                          — (check-by 2018-08-25)
K4     2017-03-10  PINE         contradicts (2017-04-02)   retracted (2018-02-01)
K5     2019-01-10  SPRUCE       corroborates (2019-02-01)  —
=====  ==========  ===========  =========================  ======================

By hand, per source (rate = (corroborated + ½ partly) ÷ resolved):

- as of 2017-12-31: LARCH 3 claims: K1 corroborated (281 days), K2 already
  public, K3 pending → resolved 1, rate 1.0, unresolved share ½ of the two
  that count, median 281 days. PINE 2 claims: K3 pending, K4 contradicted
  (its verdict comes later) → resolved 1, rate 0.0. SPRUCE: no claim yet.
- as of 2018-09-01: K3 is past its check-by date, so expired: LARCH pending 0,
  expired 1; PINE K3 expired, K4 retracted → resolved 0, no rate.
- today: as on 2018-09-01, and SPRUCE 1 claim, corroborated after 22 days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from sources import roles, services
from sources.domain.vocab import Basis, Outcome, Relation
from sources.models import Claim, Evidence, Outlet, Region, Source, Verdict
from tests.factories import ArticleFactory, UserFactory

RYANGGANG = "a source in Ryanggang Province"
HYESAN = "a trader in Hyesan"
DAY = datetime.date


@dataclass
class Timeline:
    editor: object
    sources: dict[str, Source]
    claims: dict[str, Claim]
    region: Region


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def build_timeline() -> Timeline:
    editor = UserFactory(username="timeline-editor", roles=[roles.EDITOR])
    region = Region.objects.create(name="Ryanggang (timeline)", slug="ryanggang-timeline")
    outlet = Outlet.objects.create(name="Daily NK", slug="daily-nk-timeline")
    sources = {
        "LARCH": services.source_create(codename="LARCH", descriptor=RYANGGANG, region=region),
        "PINE": services.source_create(codename="PINE", descriptor=HYESAN, region=region),
        "SPRUCE": services.source_create(codename="SPRUCE", descriptor=RYANGGANG),
    }
    first = ArticleFactory(
        outlet=outlet, published_on=DAY(2016, 8, 25), headline="Cadres sell meth over the border"
    )
    second = ArticleFactory(outlet=outlet, published_on=DAY(2017, 3, 10), headline="Hyesan prices")
    third = ArticleFactory(outlet=outlet, published_on=DAY(2019, 1, 10), headline="Musan arrests")

    def file(article, names, text):
        return services.claim_file(
            article=article,
            text=text,
            region=region,
            attributions=[services.AttributionSpec(source=sources[name]) for name in names],
        )

    claims = {
        "K1": file(first, ["LARCH"], "Cadres bought 8 kg of crystal meth at 9,000 RMB per kg."),
        "K2": file(first, ["LARCH"], "They sold it in China at 14,000 RMB per kg."),
        "K3": file(
            first, ["LARCH", "PINE"], "Security agents carry the drug to the border on trips."
        ),
        "K4": file(second, ["PINE"], "Meth sells for 10,000 RMB per kg in Hyesan."),
        "K5": file(third, ["SPRUCE"], "Twelve traders were arrested in Musan."),
    }

    def link(claim, day, relation, summary, basis=Basis.WITNESSED):
        services.evidence_link(
            claim=claims[claim],
            evidence=services.evidence_record(
                kind=Evidence.Kind.TESTIMONY, summary=summary, observed_on=day, basis=basis
            ),
            relation=relation,
        )

    link("K1", DAY(2017, 6, 2), Relation.CORROBORATES, "A defector in Seoul saw the purchases.")
    link(
        "K2",
        DAY(2016, 7, 15),
        Relation.CORROBORATES,
        "A Chinese court record of the resale price.",
        basis=Basis.DOCUMENTARY,
    )
    link("K4", DAY(2017, 4, 2), Relation.CONTRADICTS, "A price list from Hyesan market.")
    link("K5", DAY(2019, 2, 1), Relation.CORROBORATES, "A court notice names the traders.")
    verdict = services.verdict_decide(
        claim=claims["K4"],
        outcome=Outcome.RETRACTED,
        reason="The price came from a misread list.",
        decided_by=editor,
    )
    Verdict.objects.filter(pk=verdict.pk).update(decided_at=_noon(DAY(2018, 2, 1)))
    for claim in claims.values():
        claim.refresh_from_db()
    return Timeline(editor=editor, sources=sources, claims=claims, region=region)
