"""The admin writes through the services: real forms posted as a superuser would.

Each test posts the page's own form (read back from the HTML, inline
management forms included) and then checks the row, the claim's derived
columns and its sources' rollups against a hand tally, and that
``verify_rollups`` finds nothing to correct.
"""

import datetime
from decimal import Decimal

import pytest

from sources import services
from sources.domain.vocab import Outcome, Relation
from sources.management.commands.verify_rollups import (
    claim_differences,
    descriptor_differences,
    rollup_differences,
)
from sources.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    Quantity,
    Source,
    SourceRollup,
    Verdict,
)
from tests.admin.forms import form_data
from tests.factories import ArticleFactory, OutletFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.date(2016, 8, 25)


def assert_no_drift():
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
    assert descriptor_differences() == []


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def story():
    pine = services.source_create(codename="PINE", descriptor="a source in Ryanggang Province")
    article = ArticleFactory(outlet=OutletFactory(), published_on=PUBLISHED)
    claim = services.claim_file(
        article=article,
        text="Security cadres bought 8 kg of crystal meth.",
        attributions=[services.AttributionSpec(source=pine)],
    )
    return pine, article, claim


def evidence(day=datetime.date(2016, 9, 4)):
    return services.evidence_record(
        kind=Evidence.Kind.COURT, summary="Court papers list the seizure.", observed_on=day
    )


def rollup(source):
    return SourceRollup.objects.get(source=source)


def post_change(client, url, changes):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page.content.decode(), changes))


def test_bulk_deleting_a_claims_only_evidence_leaves_it_pending(admin_client, story):
    pine, _, claim = story
    only = evidence()
    services.evidence_link(claim=claim, evidence=only, relation=Relation.CORROBORATES)
    assert rollup(pine).corroborated == 1
    response = admin_client.post(
        "/admin/sources/evidence/",
        {"action": "delete_selected", "_selected_action": [only.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.outcome, stored.corroborating_links) == (Outcome.PENDING, 0)
    assert (rollup(pine).pending, rollup(pine).corroborated) == (1, 0)
    assert_no_drift()


def test_a_verdict_cannot_be_deleted_in_the_admin(admin_client, story, admin_user):
    _, _, claim = story
    verdict = services.verdict_decide(
        claim=claim, outcome=Outcome.RETRACTED, reason="Recanted.", decided_by=admin_user
    )
    response = admin_client.post(f"/admin/sources/verdict/{verdict.pk}/delete/", {"post": "yes"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        shown = admin_client.get(response.url).content.decode()
        assert "Verdicts are append-only" in shown
    admin_client.post(
        "/admin/sources/verdict/",
        {"action": "delete_selected", "_selected_action": [verdict.pk], "post": "yes"},
    )
    assert Verdict.objects.filter(pk=verdict.pk).exists()
    assert Claim.objects.get(pk=claim.pk).verdict == Outcome.RETRACTED
    assert_no_drift()


def test_the_attribution_inline_cannot_leave_a_claim_on_no_source(admin_client, story):
    pine, _, claim = story
    url = f"/admin/sources/claim/{claim.pk}/change/"
    response = post_change(admin_client, url, {"attributions-0-DELETE": "on"})
    assert response.status_code == 200  # the form again, with the error
    assert "Please submit at least 1 form" in response.content.decode()
    assert list(Attribution.objects.filter(claim=claim).values_list("source", flat=True)) == [
        pine.pk
    ]
    assert rollup(pine).claims == 1


def test_replacing_a_claims_source_in_the_inline_moves_both_records(admin_client, story):
    pine, _, claim = story
    cedar = services.source_create(codename="CEDAR", descriptor="a trader in Hyesan")
    url = f"/admin/sources/claim/{claim.pk}/change/"
    response = post_change(admin_client, url, {"attributions-0-source": str(cedar.pk)})
    assert response.status_code == 302
    assert list(claim.attributions.values_list("source", flat=True)) == [cedar.pk]
    assert (rollup(pine).claims, rollup(cedar).claims) == (0, 1)
    assert_no_drift()


def test_links_added_changed_and_removed_in_the_claim_page_rejudge_it(admin_client, story):
    pine, _, claim = story
    first, second = evidence(), evidence(datetime.date(2016, 9, 14))
    url = f"/admin/sources/claim/{claim.pk}/change/"
    response = post_change(
        admin_client,
        url,
        {
            "links-TOTAL_FORMS": "1",
            "links-0-evidence": str(first.pk),
            "links-0-relation": Relation.CORROBORATES,
            "links-0-claim": str(claim.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.outcome, stored.days_to_corroboration) == (Outcome.CORROBORATED, 10)
    assert rollup(pine).median_days == 10
    link = EvidenceLink.objects.get(claim=claim)
    post_change(
        admin_client,
        url,
        {"links-0-relation": Relation.CONTRADICTS, "links-0-evidence": str(second.pk)},
    )
    link = EvidenceLink.objects.get(claim=claim)
    assert (link.evidence_id, link.relation) == (second.pk, Relation.CONTRADICTS)
    assert (rollup(pine).contradicted, rollup(pine).corroborated) == (1, 0)
    post_change(admin_client, url, {"links-0-DELETE": "on"})
    assert not EvidenceLink.objects.filter(claim=claim).exists()
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.PENDING
    assert_no_drift()


def test_quantities_in_the_inline_go_through_claim_update(admin_client, story):
    _, _, claim = story
    url = f"/admin/sources/claim/{claim.pk}/change/"
    response = post_change(
        admin_client,
        url,
        {
            "quantities-TOTAL_FORMS": "1",
            "quantities-0-value": "9000",
            "quantities-0-unit": "RMB/kg",
            "quantities-0-label": "purchase price",
            "quantities-0-claim": str(claim.pk),
        },
    )
    assert response.status_code == 302
    assert [(q.value, q.unit) for q in Quantity.objects.filter(claim=claim)] == [
        (Decimal("9000"), "RMB/kg")
    ]
    post_change(admin_client, url, {"quantities-0-value": "14000"})
    assert [(q.value, q.label) for q in Quantity.objects.filter(claim=claim)] == [
        (Decimal("14000"), "purchase price")
    ]
    post_change(admin_client, url, {"quantities-0-DELETE": "on"})
    assert not Quantity.objects.filter(claim=claim).exists()


def test_a_claim_added_in_the_admin_is_filed_with_its_source(admin_client, story):
    pine, article, _ = story
    page = admin_client.get("/admin/sources/claim/add/")
    data = form_data(
        page.content.decode(),
        {
            "article": str(article.pk),
            "text": "Meth sold in China at 14,000 RMB/kg.",
            "credibility": "3",
            "attributions-0-source": str(pine.pk),
            "attributions-0-descriptor": "A source in Ryanggang Province",
        },
    )
    response = admin_client.post("/admin/sources/claim/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get(text="Meth sold in China at 14,000 RMB/kg.")
    attribution = claim.attributions.get()
    assert (attribution.source, attribution.descriptor_key) == (
        pine,
        "a source in ryanggang province",
    )
    assert (rollup(pine).claims, rollup(pine).pending) == (2, 2)
    assert_no_drift()


def test_a_new_article_date_in_the_admin_moves_its_claims(admin_client, story):
    pine, article, claim = story
    services.evidence_link(claim=claim, evidence=evidence(), relation=Relation.CORROBORATES)
    url = f"/admin/sources/article/{article.pk}/change/"
    response = post_change(admin_client, url, {"published_on": "2015-09-04"})
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).days_to_corroboration == 366
    assert rollup(pine).by_year == {"2015": {Outcome.CORROBORATED: 1}}
    future = post_change(admin_client, url, {"published_on": "2999-01-01"})
    assert future.status_code == 200
    assert "cannot be after today" in future.content.decode()
    assert Article.objects.get(pk=article.pk).published_on == datetime.date(2015, 9, 4)
    assert_no_drift()


def test_deleting_a_source_or_article_with_claims_is_refused(admin_client, story):
    pine, article, _ = story
    for url in (
        f"/admin/sources/source/{pine.pk}/delete/",
        f"/admin/sources/article/{article.pk}/delete/",
    ):
        response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert "protected related objects" in response.content.decode()
    assert Source.objects.filter(pk=pine.pk).exists()
    assert Article.objects.filter(pk=article.pk).exists()
    assert rollup(pine).claims == 1


def test_bulk_deleting_claims_takes_them_out_of_the_record(admin_client, story):
    pine, article, claim = story
    other = services.claim_file(
        article=article, text="A second claim.", attributions=[services.AttributionSpec(pine)]
    )
    services.evidence_link(claim=other, evidence=evidence(), relation=Relation.CONTRADICTS)
    response = admin_client.post(
        "/admin/sources/claim/",
        {"action": "delete_selected", "_selected_action": [claim.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Claim.objects.exists()
    assert (rollup(pine).claims, rollup(pine).contradicted, rollup(pine).by_year) == (0, 0, {})
    assert_no_drift()


def test_an_old_version_cannot_be_restored_around_the_services(admin_client, story):
    _, article, _ = story
    services.article_update(article=article, data={"headline": "New headline"}, actor=None)
    old = article.history.order_by("history_id").first()
    url = f"/admin/sources/article/{article.pk}/history/{old.history_id}/"
    response = admin_client.post(url, {"headline": old.headline})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "New headline"


def test_a_source_without_claims_is_deleted_with_its_rollup(admin_client):
    spare = services.source_create(codename="SPARE", descriptor="a spare source", actor=None)
    assert SourceRollup.objects.filter(source=spare).exists()
    response = admin_client.post(f"/admin/sources/source/{spare.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(pk=spare.pk).exists()
    assert not SourceRollup.objects.filter(source_id=spare.pk).exists()
    assert_no_drift()


def test_a_rollup_cannot_be_deleted_alone(admin_client, story):
    pine, _, _ = story
    response = admin_client.post(f"/admin/sources/sourcerollup/{pine.pk}/delete/", {"post": "yes"})
    # Refused with a message, back on the page it came from; the rollup stays.
    assert (response.status_code, response.url) == (
        302,
        f"/admin/sources/sourcerollup/{pine.pk}/delete/",
    )
    assert SourceRollup.objects.filter(source=pine).exists()
