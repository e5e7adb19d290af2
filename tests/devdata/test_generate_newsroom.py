"""The synthetic newsroom: right counts, same rows for a seed, valid references, true outcomes."""

import datetime
from collections import Counter
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from devdata import generator
from sources import services
from sources.domain.vocab import Outcome
from sources.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    Source,
    SourceRollup,
    Verdict,
)
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

SOURCES, CLAIMS = 40, 900
DERIVED = generator.COLUMNS[Claim][11:]


@pytest.fixture
def newsroom():
    return generator.load_newsroom(
        generator.Config(sources=SOURCES, claims=CLAIMS, seed=11), progress=False
    )


def _fingerprint() -> list:
    """Return the generated content, leaving out ids that sequences hand out."""
    return [
        list(Source.objects.order_by("pk").values_list("pk", "codename", "region__slug", "status")),
        list(Article.objects.order_by("pk").values_list("pk", "published_on", "outlet__slug")),
        list(Claim.objects.order_by("pk").values_list("pk", "article_id", "credibility", *DERIVED)),
        sorted(Attribution.objects.values_list("claim_id", "source_id")),
        sorted(EvidenceLink.objects.values_list("claim_id", "evidence_id", "relation")),
        sorted(Article.cites.through.objects.values_list("from_article_id", "to_article_id")),
        sorted(Verdict.objects.values_list("claim_id", "outcome")),
    ]


def test_counts_and_shape(newsroom):
    assert (newsroom.sources, newsroom.claims) == (SOURCES, CLAIMS)
    assert Source.objects.count() == SOURCES
    assert Claim.objects.count() == CLAIMS
    assert newsroom.links == EvidenceLink.objects.count() > CLAIMS // 2
    assert newsroom.verdicts == Verdict.objects.count() > 0
    assert not Claim.objects.annotate(n=Count("attributions")).filter(n=0).exists()
    links = Counter(dict(Claim.objects.annotate(n=Count("links")).values_list("pk", "n")))
    assert max(links.values()) <= 4
    for claim in Claim.objects.filter(derived_outcome__in=Outcome.RESOLVED):
        assert 1 <= links[claim.pk] <= 4


def test_dates_span_fifteen_years(newsroom):
    dates = Article.objects.values_list("published_on", flat=True)
    assert min(dates) >= generator.START
    assert max(dates) <= generator.END
    assert (max(dates) - min(dates)).days > 14 * 365
    late = Evidence.objects.filter(links__claim__article__published_on__gt=F("observed_on"))
    assert not late.exists()


def test_claims_per_source_are_skewed(newsroom):
    per_source = sorted(SourceRollup.objects.values_list("claims", flat=True), reverse=True)
    top_tenth = sum(per_source[: SOURCES // 10])
    assert top_tenth > 0.3 * CLAIMS
    assert per_source[-1] < CLAIMS / SOURCES


def test_circular_citations_disputes_and_verdicts_occur(newsroom):
    reasons = Counter(EvidenceLink.objects.dependent().values_list("dependence_reason", flat=True))
    assert any("chain of 2" in reason for reason in reasons)
    assert any("directly" in reason for reason in reasons)
    assert Claim.objects.filter(derived_outcome=Outcome.DISPUTED).exists()
    verdict_claims = Claim.objects.with_verdict()
    assert verdict_claims.count() == Verdict.objects.count()
    for claim in verdict_claims:
        assert claim.outcome == claim.verdict and claim.version == 1


def test_references_are_valid(newsroom):
    connection.check_constraints()
    assert not Attribution.objects.exclude(source__in=Source.objects.all()).exists()
    assert not EvidenceLink.objects.exclude(evidence__in=Evidence.objects.all()).exists()
    # The sequences were moved past the generated ids: the services can add rows.
    article = ArticleFactory()
    claim = services.claim_file(
        article=article,
        text="A claim filed after generation.",
        attributions=[services.AttributionSpec(source=SourceFactory())],
    )
    assert claim.pk > max(Claim.objects.exclude(pk=claim.pk).values_list("pk", flat=True))


def _rollup_rows() -> dict:
    return {
        r.source_id: (
            r.claims,
            r.pending,
            r.interval_low,
            r.days_histogram,
            r.settled_before_publication,
        )
        for r in SourceRollup.objects.all()
    }


def test_derived_columns_match_the_services(newsroom):
    stored = {row[0]: row[1:] for row in Claim.objects.values_list("pk", *DERIVED)}
    rollups = _rollup_rows()
    services.claims_recompute(claim_ids=list(stored))
    services.rollups_refresh(source_ids=None)
    assert {row[0]: row[1:] for row in Claim.objects.values_list("pk", *DERIVED)} == stored
    assert _rollup_rows() == rollups
    # Every attribution is keyed as the services key it: "a source in <region>", folded.
    for descriptor, key in Attribution.objects.values_list("descriptor", "descriptor_key"):
        assert key == descriptor.casefold()
    out = StringIO()
    call_command("verify_rollups", "--all", stdout=out)
    assert f"{CLAIMS} claims (0 differences)" in out.getvalue()


def test_same_seed_same_rows_other_seed_other_rows():
    config = generator.Config(sources=15, claims=300, seed=5)
    fingerprints = []
    for seed in (5, 5, 6):
        with transaction.atomic():
            generator.load_newsroom(
                generator.Config(sources=config.sources, claims=config.claims, seed=seed),
                progress=False,
            )
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


def test_generate_rows_is_pure_for_a_seed(newsroom):
    config = generator.Config(sources=10, claims=200, seed=3)
    ctx = generator.prepare_context(config)
    first = list(generator.generate_rows(config, ctx))
    second = list(generator.generate_rows(config, ctx))
    assert first == second
    assert sum(len(chunk.get(Claim, [])) for chunk in first) == 200


def test_command_and_bad_input():
    out = StringIO()
    call_command(
        "generate_newsroom", "--sources", "5", "--claims", "50", "--seed", "2", "--no-progress",
        "--force", stdout=out,
    )  # fmt: skip
    assert "5 sources" in out.getvalue() and "50 claims" in out.getvalue()
    with pytest.raises(CommandError, match="already generated"):
        call_command(
            "generate_newsroom", "--sources", "5", "--claims", "50", "--seed", "2", "--force"
        )
    with pytest.raises(CommandError, match="--sources"):
        call_command("generate_newsroom", "--sources", "0", "--claims", "50", "--force")
    assert Claim.objects.count() == 50


def test_command_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        call_command("generate_newsroom", "--sources", "5", "--claims", "50", "--no-progress")
    assert Claim.objects.count() == 0


@pytest.mark.postgres_only
def test_index_rebuild_restores_every_index_and_foreign_key():
    def structures():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'sources_%%' "
                "UNION ALL SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text LIKE 'sources_%%'"
            )
            return sorted(row[0] for row in cursor.fetchall())

    before = structures()
    generator.load_newsroom(
        generator.Config(sources=10, claims=300, seed=9), progress=False, rebuild_indexes=True
    )
    assert structures() == before
    connection.check_constraints()
    assert Claim.objects.count() == 300
    assert datetime.date(2011, 1, 1) <= Article.objects.earliest("published_on").published_on


def _page_queries(client, source_pk: int, claim_pk: int) -> dict[str, int]:
    urls = {
        "leaderboard": reverse("sources:report", kwargs={"by": "source"}) + "?sort=-interval_low",
        "full_report": reverse("sources:report_download", kwargs={"by": "source", "fmt": "json"}),
        "card": reverse("sources:source_card", kwargs={"pk": source_pk}),
        "vet": reverse("sources:vet")
        + "?"
        + urlencode({"source": Source.objects.get(pk=source_pk).codename}),
        "claim": reverse("sources:claim_detail", kwargs={"pk": claim_pk}),
    }
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm caches (content types, sessions) so only the page counts
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


def _busiest_source_and_linked_claim() -> tuple[int, int]:
    source = SourceRollup.objects.order_by("-claims", "pk").first().source_id
    claim = (
        Claim.objects.filter(attributions__source_id=source)
        .annotate(n=Count("links"))
        .filter(n__gte=2)
        .order_by("-pk")
        .first()
    )
    return source, claim.pk


def test_page_query_counts_do_not_grow_with_data(client, editor):
    client.force_login(editor)
    generator.load_newsroom(generator.Config(sources=8, claims=120, seed=21), progress=False)
    small = _page_queries(client, *_busiest_source_and_linked_claim())
    generator.load_newsroom(generator.Config(sources=30, claims=900, seed=22), progress=False)
    large = _page_queries(client, *_busiest_source_and_linked_claim())
    assert Claim.objects.count() == 1020
    assert large == small
