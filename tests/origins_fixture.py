"""Independent origins on a small newsroom: a network, a wire copy caught by text, a relay.

Everything goes through ``sources.services``, as production writes it. The
texts were written for these tests: a story of our own and an outside wire
story that repeats it, lightly edited, without citing it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sources import services
from sources.domain.vocab import Basis, Relation
from sources.models import Article, Claim, EvidenceLink, Network, Outlet, Source

OUR_STORY = (
    "Traders in Hyesan say the price of rice at the town market rose by a fifth in the "
    "last two weeks of May, after border guards stopped letting grain lorries cross the "
    "bridge from Changbai. One trader said a kilogram that sold for 4,200 won at the start "
    "of the month now fetches 5,100 won, and that wholesalers are holding back stock in the "
    "hope that prices climb further. Another said soldiers at the customs post were asking "
    "for larger payments than before to let small loads through at night."
)
# The wire story: a dateline, two words changed, one sentence added, and no citation.
WIRE_COPY = (
    "HYESAN, June 9 (Northeast Wire) - Traders in Hyesan say the price of rice at the town "
    "market rose by a fifth in the last two weeks of May, after border guards stopped "
    "letting grain trucks cross the bridge from Changbai. One trader said a kilogram that "
    "sold for 4,200 won at the start of the month now fetches 5,100 won, and that wholesalers "
    "are holding back stock in the hope that prices climb further. Another said soldiers at "
    "the customs post were asking for bigger payments than before to let small loads through "
    "at night. The accounts could not be verified independently."
)
# A different story on the same subject, in other words: never a copy.
PARAPHRASE = (
    "Grain has become dearer in Ryanggang Province since lorries from China were held at "
    "the frontier in late May. A woman who sells at the Hyesan market told us she now pays "
    "close to 5,000 won for a kilogram of rice and expects more, and that the guards on the "
    "river want more money from smugglers."
)


@dataclass
class Origins:
    network: Network
    ours: Article
    wire: Article
    claim: Claim
    copy_link: EvidenceLink
    relay_link: EvidenceLink


def build_origins(
    *, source: Source, peer: Source, outlet: Outlet, wire_outlet: Outlet, editor, checker
) -> Origins:
    """Put ``source`` and ``peer`` in "Hyesan traders" and file a claim with two items to review.

    The claim rests on ``source``; a wire story that repeats its article
    without citing it is linked (a likely copy), and so is a rights group's
    relay of an unnamed defector (independence not established).
    """
    network = services.network_create(name="Hyesan traders", actor=editor)
    services.network_members_set(network=network, sources=[source, peer], actor=editor)
    ours = services.article_create(
        outlet=outlet,
        headline="Rice prices climb in Hyesan as grain lorries are held at the bridge",
        published_on=datetime.date(2017, 6, 5),
        body=OUR_STORY,
        actor=editor,
    )
    wire = services.article_create(
        outlet=wire_outlet,
        headline="Rice dearer in North Korean border town, traders say",
        published_on=datetime.date(2017, 6, 9),
        body=WIRE_COPY,
        actor=checker,
    )
    claim = services.claim_file(
        article=ours,
        text="Rice in Hyesan rose from 4,200 to 5,100 won a kilogram in May 2017.",
        attributions=[services.AttributionSpec(source=source)],
    )
    copy_link = services.evidence_record_and_link(
        claim=claim,
        kind="reporting",
        summary="A wire story gives the same prices for rice at the Hyesan market.",
        observed_on=datetime.date(2017, 6, 9),
        article=wire,
        relation=Relation.CORROBORATES,
        recorded_by=checker,
    )
    relay_link = services.evidence_record_and_link(
        claim=claim,
        kind="testimony",
        summary="A rights group relays a defector's account of rice at 5,000 won in Hyesan.",
        observed_on=datetime.date(2017, 6, 20),
        basis=Basis.RELAYED,
        relation=Relation.CORROBORATES,
        recorded_by=checker,
    )
    return Origins(
        network=network,
        ours=ours,
        wire=wire,
        claim=Claim.objects.get(pk=claim.pk),
        copy_link=EvidenceLink.objects.get(pk=copy_link.pk),
        relay_link=EvidenceLink.objects.get(pk=relay_link.pk),
    )
