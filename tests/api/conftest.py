"""A small newsroom built through the services, and API clients for each role."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Article, Claim, Evidence, Source
from tests.factories import DeskFactory, OutletFactory, RegionFactory, TopicFactory, UserFactory

# Identity details planted in the database; no API answer may ever contain them.
SECRET_NAME = "Pak Sun-hui of Hyesan"
SECRET_CONTACT = "wechat:hyesan-pine-4471"
SECRET_NOTES = "Met behind the Wiyon market grain stall"
IDENTITY_STRINGS = (SECRET_NAME, SECRET_CONTACT, SECRET_NOTES)
IDENTITY_KEYS = {"real_name", "contact", "meeting_notes", "identity"}


@dataclass
class Newsroom:
    reporter_source: Source  # handled by the ``reporter`` fixture
    other_source: Source  # handled by another reporter, on another desk
    article: Article
    later_article: Article
    corroborated: Claim  # rests on reporter_source; independent evidence corroborates it
    contradicted: Claim  # rests on other_source; an editor's verdict contradicts it
    pending: Claim  # rests on both sources
    evidence: Evidence


def build_newsroom(*, reporter, editor, suffix: str = "") -> Newsroom:
    """Build two sources on two desks, three claims and one piece of evidence."""
    other_reporter = UserFactory(username=f"other-reporter{suffix}", roles=[roles.REPORTER])
    north = DeskFactory(name=f"North desk{suffix}", slug=f"north{suffix}")
    south = DeskFactory(name=f"South desk{suffix}", slug=f"south{suffix}")
    north.members.add(reporter)
    south.members.add(other_reporter)
    ryanggang = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    drugs = TopicFactory(name="Drug trade", slug="drug-trade")
    daily_nk = OutletFactory(
        name="Daily NK", slug="daily-nk", homepage="https://www.dailynk.com/english/"
    )
    wire = OutletFactory(name="Border Wire", slug="border-wire")
    reporter_source = services.source_create(
        codename=f"ORCHID{suffix}",
        descriptor="a source in Ryanggang Province",
        region=ryanggang,
        handler=reporter,
        desk=north,
        real_name=SECRET_NAME,
        contact=SECRET_CONTACT,
        meeting_notes=SECRET_NOTES,
    )
    other_source = services.source_create(
        codename=f"JUNIPER{suffix}",
        descriptor="an additional source in Ryanggang Province",
        region=ryanggang,
        handler=other_reporter,
        desk=south,
        real_name=SECRET_NAME + " (second)",
        contact=SECRET_CONTACT,
    )
    article = services.article_create(
        outlet=daily_nk,
        headline=f"Security cadres trade crystal meth across the border{suffix}",
        published_on=datetime.date(2016, 8, 25),
        url=f"https://www.dailynk.com/english/cadres-meth{suffix}/",
        reporter=reporter,
    )
    later_article = services.article_create(
        outlet=wire,
        headline=f"Meth prices climb in Hyesan{suffix}",
        published_on=datetime.date(2016, 11, 2),
    )
    corroborated = services.claim_file(
        article=article,
        text=f"Cadres bought 8 kg of crystal meth at 9,000 RMB per kilogram{suffix}.",
        attributions=[services.AttributionSpec(source=reporter_source)],
        region=ryanggang,
        topics=[drugs],
        credibility=3,
        filed_by=reporter,
        quantities=[
            services.QuantitySpec(value=Decimal("8"), unit="kg"),
            services.QuantitySpec(value=Decimal("9000"), unit="RMB/kg", label="purchase price"),
        ],
    )
    contradicted = services.claim_file(
        article=article,
        text=f"The meth sold in China for 14,000 RMB per kilogram{suffix}.",
        attributions=[services.AttributionSpec(source=other_source)],
        region=ryanggang,
        filed_by=other_reporter,
    )
    pending = services.claim_file(
        article=article,
        text=f"A single deal yielded about 40,000 RMB in profit{suffix}.",
        attributions=[
            services.AttributionSpec(source=reporter_source),
            services.AttributionSpec(source=other_source),
        ],
        filed_by=reporter,
    )
    evidence = services.evidence_record(
        kind="reporting",
        summary=f"A trader in Hyesan quoted the same inland purchase price{suffix}.",
        observed_on=datetime.date(2016, 11, 2),
        article=later_article,
    )
    services.evidence_link(claim=corroborated, evidence=evidence, relation=Relation.CORROBORATES)
    contradicted.refresh_from_db()
    services.verdict_decide(
        claim=contradicted,
        outcome=Outcome.CONTRADICTED,
        reason="Customs data show a far lower border price.",
        decided_by=editor,
        expected_version=contradicted.version,
    )
    services.letter_override_record(
        group_kind="source",
        group_key=str(reporter_source.pk),
        letter="C",
        reason="Two years of steady reporting from Hyesan.",
        recorded_by=editor,
    )
    for claim in (corroborated, contradicted, pending):
        claim.refresh_from_db()
    return Newsroom(
        reporter_source=reporter_source,
        other_source=other_source,
        article=article,
        later_article=later_article,
        corroborated=corroborated,
        contradicted=contradicted,
        pending=pending,
        evidence=evidence,
    )


@pytest.fixture
def newsroom(reporter, editor):
    return build_newsroom(reporter=reporter, editor=editor)


def client_for(user) -> APIClient:
    """Return a client authenticated with the user's API token, as an integration would."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def as_reporter(reporter):
    return client_for(reporter)


@pytest.fixture
def as_editor(editor):
    return client_for(editor)


@pytest.fixture
def as_checker(fact_checker):
    return client_for(fact_checker)


@pytest.fixture
def as_admin(admin_user):
    return client_for(admin_user)
