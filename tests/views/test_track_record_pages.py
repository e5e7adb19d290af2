"""Pages of issue 13's track-record half: as-of reports, vettings, deadlines, suggested networks.

Query counts are asserted absolutely on the small newsroom, then again
after the data has grown, so a page whose queries grow with the data fails.
"""

from __future__ import annotations

import datetime
import json
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources import reports, roles, services
from sources.models import Vetting
from tests.factories import ArticleFactory, UserFactory
from tests.track_records_fixture import DAY, build_timeline

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline():
    return build_timeline()


@pytest.fixture
def editor_client(client, timeline):
    client.force_login(timeline.editor)
    return client


def _grow(timeline, times: int) -> None:
    """File more claims on LARCH and PINE, some with evidence, through the services."""
    article = ArticleFactory(published_on=DAY(2017, 1, 20))
    for n in range(times):
        claim = services.claim_file(
            article=article,
            text=f"Border guards were paid {n + 2},000 RMB a crossing.",
            attributions=[
                services.AttributionSpec(source=timeline.sources["LARCH"]),
                services.AttributionSpec(source=timeline.sources["PINE"]),
            ],
        )
        if n % 2:
            services.evidence_link(
                claim=claim,
                evidence=services.evidence_record(
                    kind="testimony", summary=f"A broker confirms crossing {n}.",
                    observed_on=DAY(2017, 5, 1),
                ),
                relation="corroborates",
            )  # fmt: skip


def test_the_leaderboard_as_of_a_past_date(editor_client, timeline):
    url = reverse("sources:report", kwargs={"by": "source"})
    page = editor_client.get(url, {"as_of": "2017-12-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Record as of 31 Dec 2017" in html
    assert "SPRUCE" not in html  # its first claim came in 2019
    assert "LARCH" in html and "Already public" in html
    download = editor_client.get(
        reverse("sources:report_download", kwargs={"by": "source", "fmt": "json"}),
        {"as_of": "2017-12-31"},
    )
    rows = {row["group"]: row for row in json.loads(download.content)}
    assert set(rows) == {"LARCH", "PINE"}
    assert (rows["LARCH"]["already_public"], rows["LARCH"]["as_of"]) == (1, "2017-12-31")


@pytest.mark.parametrize("value", ["2017-02-30", "31/12/2017", "tomorrow"])
def test_a_bad_as_of_is_a_400_naming_it(editor_client, value):
    for url in (
        reverse("sources:report", kwargs={"by": "region"}),
        reverse("sources:report_download", kwargs={"by": "source", "fmt": "csv"}),
        reverse("sources:reports_index"),
        reverse("sources:report", kwargs={"by": "claim"}),
    ):
        answer = editor_client.get(url, {"as_of": value})
        assert answer.status_code == 400, url
        assert "as_of" in answer.content.decode()


def test_a_future_as_of_is_refused_on_pages_and_the_api(editor_client):
    tomorrow = (reports.report_today() + datetime.timedelta(days=1)).isoformat()
    page = editor_client.get(
        reverse("sources:report", kwargs={"by": "source"}), {"as_of": tomorrow}
    )
    assert page.status_code == 400
    api = editor_client.get(reverse("api:report", kwargs={"by": "source"}), {"as_of": tomorrow})
    assert api.status_code == 400
    assert "as_of" in api.json()


def test_the_api_as_of_today_equals_the_api_of_now(editor_client):
    url = reverse("api:report", kwargs={"by": "descriptor"})
    now = editor_client.get(url).json()
    today = editor_client.get(url, {"as_of": reports.report_today().isoformat()}).json()
    assert now == today
    past = editor_client.get(url, {"as_of": "2017-12-31"}).json()
    assert past["as_of"] == "2017-12-31"
    larch_descriptor = next(
        row for row in past["results"] if row["group"] == "a source in Ryanggang Province"
    )
    # LARCH's three claims print it then; SPRUCE's comes in 2019.
    assert (larch_descriptor["claims"], larch_descriptor["already_public"]) == (3, 1)


def test_the_card_as_of_a_past_date_and_its_vettings(editor_client, timeline):
    larch = timeline.sources["LARCH"]
    card = reverse("sources:source_card", kwargs={"pk": larch.pk})
    vetting = services.vetting_record(editor=timeline.editor, source=larch)
    Vetting.objects.filter(pk=vetting.pk).update(
        at=datetime.datetime(2017, 12, 31, 9, tzinfo=datetime.UTC)
    )
    html = editor_client.get(card).content.decode()
    assert "The record at each past vetting" in html
    assert "31 Dec 2017" in html and "?as_of=2017-12-31" in html
    then = editor_client.get(card, {"as_of": "2017-12-31"}).content.decode()
    assert "Record as of 31 Dec 2017" in then
    # No letter form on a past record: a letter is recorded on the record of now.
    assert "Record letter" not in then


def test_recording_a_vetting_from_the_vet_page(editor_client, timeline):
    larch = timeline.sources["LARCH"]
    page = editor_client.get(reverse("sources:vet"), {"source": "LARCH"}).content.decode()
    assert "Record this vetting" in page and "The record as it stands today" in page
    answer = editor_client.post(
        reverse("sources:vet_record"), {"source": larch.pk, "next": "/vet/?source=LARCH"}
    )
    assert answer.status_code == 302 and answer["Location"] == "/vet/?source=LARCH"
    assert Vetting.objects.filter(source=larch, editor=timeline.editor).count() == 1
    editor_client.post(reverse("sources:vet_record"), {"descriptor": "a trader in Hyesan"})
    assert Vetting.objects.filter(descriptor_key="a trader in hyesan").count() == 1
    assert editor_client.post(reverse("sources:vet_record"), {}).status_code == 400
    assert editor_client.post(reverse("sources:vet_record"), {"source": 999999}).status_code == 404


def test_only_editors_record_vettings(client, timeline):
    checker = UserFactory(username="vet-checker", roles=[roles.FACT_CHECKER])
    client.force_login(checker)
    answer = client.post(reverse("sources:vet_record"), {"source": timeline.sources["LARCH"].pk})
    assert answer.status_code == 403
    assert not Vetting.objects.exists()
    assert "Record this vetting" not in client.get(reverse("sources:vet"), {"source": "LARCH"})


def test_the_queue_sorts_by_nearest_deadline(editor_client, timeline):
    # Pending: K3 (check-by 2018-08-25) only; add two more with their own deadlines.
    article = ArticleFactory(published_on=DAY(2020, 5, 1))
    later = services.claim_file(
        article=article,
        text="A new road reaches the Yalu.",
        attributions=[services.AttributionSpec(source=timeline.sources["SPRUCE"])],
    )
    sooner = services.claim_file(
        article=article,
        text="The market closes at noon.",
        attributions=[services.AttributionSpec(source=timeline.sources["SPRUCE"])],
        check_by=DAY(2020, 6, 1),
    )
    page = editor_client.get(reverse("sources:queue"), {"order": "deadline"})
    order = [claim.pk for claim in page.context["page"].object_list]
    assert order == [timeline.claims["K3"].pk, sooner.pk, later.pk]
    assert later.check_by == DAY(2022, 5, 1)
    assert "expired" in page.content.decode()


def _baskets_newsroom(timeline):
    """Ten claims with a source: LARCH on 4, PINE on 3 (3 shared), SPRUCE on 5."""
    article = ArticleFactory(published_on=DAY(2020, 1, 1))
    fir = services.source_create(codename="FIR", descriptor="a driver in Musan")
    placed = {
        "LARCH": {1, 2, 3, 4},
        "PINE": {1, 2, 3},
        "SPRUCE": {2, 3, 4, 5, 6},
        "FIR": {7, 8, 9, 10},
    }
    sources = {**timeline.sources, "FIR": fir}
    # The timeline's own five claims would be baskets too: start from a clean slate.
    for claim in timeline.claims.values():
        services.claim_delete(claim=claim, actor=timeline.editor, reason="Cleared for the test.")
    for n in range(1, 11):
        services.claim_file(
            article=article,
            text=f"Claim number {n} about the Musan market.",
            attributions=[
                services.AttributionSpec(source=sources[name])
                for name, claims in placed.items()
                if n in claims
            ],
        )


def test_suggested_networks_lists_the_hand_computed_pair(editor_client, timeline):
    _baskets_newsroom(timeline)
    page = editor_client.get(reverse("sources:network_suggestions"))
    assert page.status_code == 200
    pairs = page.context["pairs"]
    # NPMI = ln(p(a,b) / (p(a) p(b))) / -ln p(a,b), worked by hand from the counts.
    larch_pine = math.log(0.3 / (0.4 * 0.3)) / -math.log(0.3)
    larch_spruce = math.log(0.3 / (0.4 * 0.5)) / -math.log(0.3)
    assert larch_pine == pytest.approx(0.761, abs=1e-3)
    assert larch_spruce < 0.5
    assert [(p.source_a.codename, p.source_b.codename) for p in pairs] == [("LARCH", "PINE")]
    assert pairs[0].npmi == pytest.approx(larch_pine)
    assert (pairs[0].together, pairs[0].count_a, pairs[0].count_b, pairs[0].baskets) == (
        3,
        4,
        3,
        10,
    )
    html = page.content.decode()
    assert "normalised pointwise mutual information (NPMI ≥ 0.5)" in html
    assert "at least 3 shared claims" in html
    assert reverse("sources:network_list") in html


def test_suggested_networks_are_for_editors(client, timeline):
    for role in (roles.FACT_CHECKER, roles.REPORTER):
        client.force_login(UserFactory(username=f"nets-{role}", roles=[role]))
        assert client.get(reverse("sources:network_suggestions")).status_code == 403


# (route, kwargs, query, queries): three of them are the session, the user and the roles.
PAGES = [
    ("sources:report", {"by": "source"}, {"as_of": "2017-12-31"}, 10),
    ("sources:report", {"by": "region"}, {"as_of": "2017-12-31"}, 9),
    ("sources:report_download", {"by": "source", "fmt": "json"}, {"as_of": "2018-09-01"}, 10),
    ("sources:report", {"by": "claim"}, {"as_of": "2017-12-31"}, 8),
    ("sources:queue", {}, {"order": "deadline"}, 9),
    ("sources:network_suggestions", {}, {}, 6),
]


@pytest.mark.parametrize(("name", "kwargs", "query", "queries"), PAGES)
def test_query_counts_do_not_grow_with_data(
    editor_client, timeline, django_assert_num_queries, uncached_fragments, name, kwargs, query,
    queries,
):  # fmt: skip
    url = reverse(name, kwargs=kwargs)
    editor_client.get(url, query)  # warm the caches every page shares
    with CaptureQueriesContext(connection) as baseline:
        assert editor_client.get(url, query).status_code == 200
    assert len(baseline) == queries
    _grow(timeline, 6)
    with django_assert_num_queries(len(baseline)):
        assert editor_client.get(url, query).status_code == 200


def test_card_query_counts_do_not_grow_with_vettings_or_data(
    editor_client, timeline, django_assert_num_queries
):
    larch = timeline.sources["LARCH"]
    services.vetting_record(editor=timeline.editor, source=larch)
    urls = [
        (reverse("sources:source_card", kwargs={"pk": larch.pk}), {}),
        (reverse("sources:source_card", kwargs={"pk": larch.pk}), {"as_of": "2017-12-31"}),
    ]
    baselines = []
    for url, query in urls:
        editor_client.get(url, query)
        with CaptureQueriesContext(connection) as captured:
            editor_client.get(url, query)
        baselines.append(len(captured))
    for _ in range(4):
        services.vetting_record(editor=timeline.editor, source=larch)
    _grow(timeline, 6)
    for (url, query), baseline in zip(urls, baselines, strict=True):
        with django_assert_num_queries(baseline):
            assert editor_client.get(url, query).status_code == 200


def test_a_whole_report_as_of_a_day_can_be_counted_by_a_job(
    editor_client, timeline, django_capture_on_commit_callbacks
):
    from sources.models import Job

    url = reverse("sources:report_as_of_job", kwargs={"by": "source"})
    page = editor_client.get(
        reverse("sources:report", kwargs={"by": "source"}), {"as_of": "2017-12-31"}
    )
    assert "Start the job" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = editor_client.post(url, {"as_of": "2017-12-31", "format": "json"})
    assert answer.status_code == 302
    job = Job.objects.get(kind="report_as_of")
    assert answer["Location"] == reverse("sources:job_detail", kwargs={"pk": job.pk})
    assert job.status == Job.Status.SUCCEEDED, job.error
    rows = {row["group"]: row for row in json.loads(bytes(job.result_data))}
    assert set(rows) == {"LARCH", "PINE"}
    assert rows["LARCH"]["already_public"] == 1
    assert editor_client.post(url, {"as_of": "2017-02-30"}).status_code == 400
