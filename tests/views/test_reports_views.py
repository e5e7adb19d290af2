"""Report pages, downloads and the public track record: access, content and query counts.

Query counts are measured on the hand-built newsroom, then asserted with
django_assert_num_queries after the data has grown several-fold, so a page
whose queries grow with the data fails.
"""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources import reports, roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import LetterOverride, Outlet, Region, Source, Topic
from tests.factories import ArticleFactory, EvidenceFactory, UserFactory
from tests.reports_fixture import HYESAN, RYANGGANG, build_ledger

pytestmark = pytest.mark.django_db

# Sign-in (session, user) and the viewer's roles, then the page's own queries.
MAX_QUERIES = 14


@pytest.fixture
def ledger():
    return build_ledger()


def grow(n: int, *, seed: int = 0) -> None:
    """Add n claims with new sources, descriptors, regions, topics, outlets, reporters, years."""
    editor = UserFactory(username=f"grow-editor-{seed}", roles=[roles.EDITOR])
    for i in range(n):
        tag = f"{seed}-{i}"
        region = Region.objects.create(name=f"Region {tag}", slug=f"region-{tag}")
        topic = Topic.objects.create(name=f"Topic {tag}", slug=f"topic-{tag}")
        outlet = Outlet.objects.create(name=f"Outlet {tag}", slug=f"outlet-{tag}")
        reporter = UserFactory(username=f"grow-reporter-{tag}", roles=[roles.REPORTER])
        source = services.source_create(
            codename=f"GROW-{tag}", descriptor=f"a source number {tag}", region=region
        )
        article = ArticleFactory(
            outlet=outlet, reporter=reporter, published_on=datetime.date(2010 + i % 9, 5, 1)
        )
        claim = services.claim_file(
            article=article,
            text=f"Grown claim {tag}",
            attributions=[services.AttributionSpec(source=source)],
            region=region,
            topics=[topic],
            credibility=1 + i % 6,
            assessed_by=editor,
        )
        services.evidence_link(
            claim=claim,
            evidence=EvidenceFactory(observed_on=datetime.date(2019, 1, 1)),
            relation=[Relation.CORROBORATES, Relation.CONTRADICTS, Relation.PARTLY_CORROBORATES][
                i % 3
            ],
        )
        services.letter_override_record(
            group_kind="source", group_key=str(source.pk), letter="C", reason="Grown.",
            recorded_by=editor,
        )  # fmt: skip


def count_queries(client, url, method="get", **kwargs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(ctx.captured_queries)


PAGES = [
    ("sources:reports_index", {}),
    *[("sources:report", {"by": by}) for by in (*reports.GROUPINGS, "claim")],
    ("sources:calibration", {}),
]
DOWNLOADS = [
    ("sources:report_download", {"by": by, "fmt": fmt})
    for by in (*reports.GROUPINGS, "claim", "calibration")
    for fmt in ("csv", "json")
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES + DOWNLOADS)
def test_query_count_does_not_grow_with_data(
    client, editor, ledger, django_assert_num_queries, uncached_fragments, name, kwargs
):
    client.force_login(editor)
    url = reverse(name, kwargs=kwargs)
    baseline = count_queries(client, url)
    assert baseline <= MAX_QUERIES
    grow(5)
    with django_assert_num_queries(baseline):
        response = client.get(url)
    assert response.status_code == 200


def test_card_query_counts_do_not_grow(
    client, editor, ledger, django_assert_num_queries, uncached_fragments
):
    client.force_login(editor)
    pine = ledger.sources["PINE"]
    urls = [
        reverse("sources:source_card", kwargs={"pk": pine.pk}),
        reverse("sources:source_card", kwargs={"pk": pine.pk}) + "?topic=drugs",
        reverse("sources:report_group", kwargs={"by": "descriptor"}) + f"?key={RYANGGANG}",
        reverse("sources:report_group", kwargs={"by": "region"}) + "?key=ryanggang",
        reverse("sources:report_group", kwargs={"by": "topic"}) + "?key=drugs",
        reverse("sources:report_group", kwargs={"by": "outlet"}) + "?key=daily-nk",
        reverse("sources:report_group", kwargs={"by": "reporter"})
        + f"?key={ledger.users['rita'].pk}",
        reverse("sources:report_group", kwargs={"by": "year"}) + "?key=2017",
    ]
    baselines = [count_queries(client, url) for url in urls]
    assert max(baselines) <= MAX_QUERIES
    grow(5)
    # The grown data lands on the same groups too: more claims for PINE and Ryanggang.
    for i in range(6):
        services.claim_file(
            article=ArticleFactory(outlet=ledger.outlets["daily-nk"]),
            text=f"Another PINE claim {i}",
            attributions=[services.AttributionSpec(source=pine)],
            region=ledger.regions["ryanggang"],
            topics=[ledger.topics["drugs"]],
        )
    for url, baseline in zip(urls, baselines, strict=True):
        with django_assert_num_queries(baseline):
            assert client.get(url).status_code == 200


def test_public_query_counts_do_not_grow(client, ledger, settings, django_assert_num_queries):
    settings.PUBLIC_TRACK_RECORD = True
    urls = [
        reverse("sources:public_index"),
        reverse("sources:public_descriptor", kwargs={"descriptor": RYANGGANG}),
        reverse("sources:public_region", kwargs={"slug": "ryanggang"}),
    ]
    baselines = [count_queries(client, url) for url in urls]
    assert max(baselines) <= MAX_QUERIES
    grow(5)
    for url, baseline in zip(urls, baselines, strict=True):
        with django_assert_num_queries(baseline):
            assert client.get(url).status_code == 200


# Access --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kwargs"), PAGES + DOWNLOADS[:2])
def test_report_pages_need_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "kwargs"), PAGES + DOWNLOADS[:2])
def test_report_pages_need_a_newsroom_role(client, name, kwargs):
    client.force_login(UserFactory(username="visitor"))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


def test_unknown_report_and_format_are_404(client, editor):
    client.force_login(editor)
    assert client.get(reverse("sources:report", kwargs={"by": "handler"})).status_code == 404
    url = reverse("sources:report_download", kwargs={"by": "source", "fmt": "xml"})
    assert client.get(url).status_code == 404
    url = reverse("sources:report_group", kwargs={"by": "region"}) + "?key=atlantis"
    assert client.get(url).status_code == 404


def test_fact_checker_never_sees_the_handler(client, fact_checker, ledger):
    client.force_login(fact_checker)
    pine = ledger.sources["PINE"]
    for url in (
        reverse("sources:source_card", kwargs={"pk": pine.pk}),
        reverse("sources:report", kwargs={"by": "source"}),
        reverse("sources:report_download", kwargs={"by": "source", "fmt": "json"}),
        reverse("sources:report_download", kwargs={"by": "source", "fmt": "csv"}),
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "PINE" in body
        # rita handles PINE; her name appears nowhere on source reports.
        assert "rita" not in body.lower()


def test_reporter_cannot_open_a_source_they_do_not_handle(client, ledger):
    client.force_login(ledger.users["sam"])
    oak = ledger.sources["OAK"]
    assert client.get(reverse("sources:source_card", kwargs={"pk": oak.pk})).status_code == 404
    body = client.get(reverse("sources:report", kwargs={"by": "source"})).content.decode()
    assert "BIRCH" in body and "PINE" not in body and "OAK" not in body


# Content -------------------------------------------------------------------------------


def test_leaderboard_shows_figures_letters_and_a_chart(client, editor, ledger):
    client.force_login(editor)
    services.letter_override_record(
        group_kind="source", group_key=str(ledger.sources["PINE"].pk), letter="B",
        reason="Long record on prices.", recorded_by=editor,
    )  # fmt: skip
    response = client.get(reverse("sources:report", kwargs={"by": "source"}))
    body = response.content.decode()
    rows = response.context["report"].rows
    assert [row.group for row in rows] == ["PINE", "BIRCH", "OAK"]
    assert "83%" in body  # PINE: 2.5 of 3
    assert "<svg" in body and 'class="interval"' in body
    assert 'title="Long record on prices."' in body
    assert "<script" not in body


def test_leaderboard_sorts_by_column(client, editor, ledger):
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": "region"})
    rows = client.get(url + "?sort=claims").context["report"].rows
    assert [row.claims for row in rows] == [1, 3, 5]
    rows = client.get(url + "?sort=-claims").context["report"].rows
    assert [row.claims for row in rows] == [5, 3, 1]
    rows = client.get(url + "?sort=nonsense").context["report"].rows
    assert rows[0].group == "Ryanggang Province"  # default: lower bound, highest first


def test_leaderboard_paginates(client, editor, ledger, monkeypatch):
    from sources.views import reports as report_views

    monkeypatch.setattr(report_views, "PER_PAGE", 2)
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": "source"})
    first = client.get(url)
    assert [row.group for row in first.context["report"].rows] == ["PINE", "BIRCH"]
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(url + "?page=2")
    assert [row.group for row in second.context["report"].rows] == ["OAK"]


def test_downloads_carry_every_group(client, editor, ledger):
    client.force_login(editor)
    url = reverse("sources:report_download", kwargs={"by": "descriptor", "fmt": "json"})
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = {item["group"]: item for item in json.loads(response.content)}
    assert data[RYANGGANG]["claims"] == 6 and data[HYESAN]["resolved"] == 2
    url = reverse("sources:report_download", kwargs={"by": "year", "fmt": "csv"})
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    assert {row["group"]: row["claims"] for row in rows} == {"2016": "3", "2017": "6"}
    url = reverse("sources:report_download", kwargs={"by": "claim", "fmt": "json"})
    assert len(json.loads(client.get(url).content)) == 9
    url = reverse("sources:report_download", kwargs={"by": "calibration", "fmt": "csv"})
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    overall = {row["credibility"]: row for row in rows if row["editor"] == "(overall)"}
    assert overall["2"]["observed_rate"] == "0.75"


def test_source_card_shows_both_letters_and_charts(client, editor, ledger):
    client.force_login(editor)
    pine = ledger.sources["PINE"]
    services.letter_override_record(
        group_kind="source", group_key=str(pine.pk), letter="A", reason="Vouched for.",
        recorded_by=editor,
    )  # fmt: skip
    body = client.get(reverse("sources:source_card", kwargs={"pk": pine.pk})).content.decode()
    assert "Track record of PINE" in body
    assert 'class="suggested-letter"><strong>F</strong>' in body
    assert "<strong>A</strong> – Vouched for." in body
    assert "31%–98%" in body and "n = 3 resolved" in body
    assert "15 days" in body
    # The rate, the outcomes by year, and the rate by year raw and pooled (issue 14).
    assert body.count("<svg") == 3
    assert 'action="' + reverse("sources:letter_override") in body


def test_group_card_for_a_topic(client, fact_checker, ledger):
    client.force_login(fact_checker)
    url = reverse("sources:report_group", kwargs={"by": "topic"}) + "?key=border"
    response = client.get(url)
    record = response.context["record"]
    assert (record.claims, record.resolved, record.confirmation_rate) == (3, 2, 0.75)
    # Fact-checkers do not record letters.
    assert reverse("sources:letter_override") not in response.content.decode()


def test_calibration_page(client, editor, ledger):
    client.force_login(editor)
    body = client.get(reverse("sources:calibration")).content.decode()
    assert "0.138" in body  # overall Brier 0.1375
    assert "0.125" in body and "0.156" in body  # ed and ed2
    assert "<svg" in body and 'class="forecast"' in body


# Recording a letter ----------------------------------------------------------------------


def test_editor_records_a_letter(client, editor, ledger):
    client.force_login(editor)
    back = reverse("sources:report", kwargs={"by": "region"})
    response = client.post(
        reverse("sources:letter_override"),
        {"group_kind": "region", "group_key": "ryanggang", "letter": "c",
         "reason": "Few checks so far.", "next": back},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == back
    override = LetterOverride.objects.get(group_kind="region", group_key="ryanggang")
    assert (override.letter, override.reason, override.recorded_by) == (
        "C", "Few checks so far.", editor,
    )  # fmt: skip


def test_letter_needs_a_reason_and_a_real_letter(client, editor, ledger):
    client.force_login(editor)
    url = reverse("sources:letter_override")
    data = {"group_kind": "region", "group_key": "ryanggang", "letter": "B", "reason": "  "}
    response = client.post(url, data, follow=True)
    assert "Give a reason" in response.content.decode()
    response = client.post(url, {**data, "letter": "Z", "reason": "x"}, follow=True)
    assert "must be one of" in response.content.decode()
    assert not LetterOverride.objects.exists()


def test_offsite_next_is_ignored(client, editor, ledger):
    client.force_login(editor)
    response = client.post(
        reverse("sources:letter_override"),
        {"group_kind": "topic", "group_key": "drugs", "letter": "D", "reason": "r",
         "next": "https://evil.example/"},
    )  # fmt: skip
    assert response["Location"] == reverse("sources:reports_index")


@pytest.mark.parametrize("who", ["reporter", "fact_checker"])
def test_only_editors_record_letters(client, request, ledger, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("sources:letter_override"),
        {"group_kind": "topic", "group_key": "drugs", "letter": "A", "reason": "Mine."},
    )
    assert response.status_code == 403
    assert not LetterOverride.objects.exists()


def test_get_is_not_allowed_for_letters(client, editor):
    client.force_login(editor)
    assert client.get(reverse("sources:letter_override")).status_code == 405


# Public track record ---------------------------------------------------------------------


def test_public_pages_are_404_when_off(client, ledger, settings):
    settings.PUBLIC_TRACK_RECORD = False
    for url in (
        reverse("sources:public_index"),
        reverse("sources:public_descriptor", kwargs={"descriptor": RYANGGANG}),
        reverse("sources:public_region", kwargs={"slug": "ryanggang"}),
    ):
        assert client.get(url).status_code == 404


def test_public_pages_name_no_one(client, ledger, settings, editor):
    settings.PUBLIC_TRACK_RECORD = True
    services.letter_override_record(
        group_kind="descriptor", group_key=RYANGGANG, letter="B",
        reason="PINE and OAK, handled by rita, agree.", recorded_by=editor,
    )  # fmt: skip
    forbidden = ("PINE", "OAK", "BIRCH", "rita", "Rita", "sam", "ed2", "Checked by the desk")
    index = client.get(reverse("sources:public_index"))
    assert index.status_code == 200
    pages = [index.content.decode()]
    for descriptor in (RYANGGANG, HYESAN):
        url = reverse("sources:public_descriptor", kwargs={"descriptor": descriptor})
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())
    for slug in ("ryanggang", "north-hamgyong"):
        response = client.get(reverse("sources:public_region", kwargs={"slug": slug}))
        assert response.status_code == 200
        pages.append(response.content.decode())
    for body in pages:
        for word in forbidden:
            assert word not in body
        assert "Claim in" not in body and "crystal meth" not in body  # no claim texts
    assert RYANGGANG in pages[0] and "Ryanggang Province" in pages[0]
    assert "(editors: B)" in pages[0]
    assert "67%" in pages[1]  # 2 of 3 resolved


def test_public_descriptor_that_is_a_codename_is_404(client, ledger, settings):
    settings.PUBLIC_TRACK_RECORD = True
    services.source_create(codename="Kim Jong-su", descriptor="Kim Jong-su", is_confidential=False)
    claim = ledger.claims["C4"]
    services.attribution_add(claim=claim, source=Source.objects.get(codename="Kim Jong-su"))
    url = reverse("sources:public_descriptor", kwargs={"descriptor": "Kim Jong-su"})
    assert client.get(url).status_code == 404
    assert "Kim Jong-su" not in client.get(reverse("sources:public_index")).content.decode()


def test_public_unknown_descriptor_and_region_are_404(client, ledger, settings):
    settings.PUBLIC_TRACK_RECORD = True
    url = reverse("sources:public_descriptor", kwargs={"descriptor": "a source nobody quoted"})
    assert client.get(url).status_code == 404
    Region.objects.create(name="Jagang", slug="jagang")
    assert (
        client.get(reverse("sources:public_region", kwargs={"slug": "jagang"})).status_code == 404
    )


def test_per_claim_page_shows_dependent_links_apart(client, editor, ledger):
    client.force_login(editor)
    response = client.get(reverse("sources:report", kwargs={"by": "claim"}))
    assert response.status_code == 200
    page = response.context["page"]
    c5 = next(c for c in page if c.pk == ledger.claims["C5"].pk)
    assert (c5.outcome, c5.dependent_links, c5.corroborating_links) == (Outcome.PENDING, 1, 0)


def test_letter_for_a_group_that_does_not_exist_is_404(client, editor, ledger):
    client.force_login(editor)
    url = reverse("sources:letter_override")
    for kind, key in (("region", "atlantis"), ("source", "99999"), ("descriptor", "nobody")):
        response = client.post(
            url, {"group_kind": kind, "group_key": key, "letter": "B", "reason": "Because."}
        )
        assert response.status_code == 404
    assert not LetterOverride.objects.exists()


def test_index_lists_every_report_and_the_newsroom_record(client, reporter, ledger):
    client.force_login(reporter)
    response = client.get(reverse("sources:reports_index"))
    body = response.content.decode()
    for by in reports.GROUPINGS:
        assert reverse("sources:report", kwargs={"by": by}) in body
        assert reverse("sources:report_download", kwargs={"by": by, "fmt": "csv"}) in body
    assert reverse("sources:calibration") in body
    record = response.context["record"]
    assert (record.claims, record.resolved) == (9, 5)  # C1, C2, C3, C4, C9
    assert 'class="chart chart-outcomes"' in body


def test_reporter_card_is_only_for_people_who_reported(client, editor, fact_checker, ledger):
    url = reverse("sources:report_group", kwargs={"by": "reporter"})
    rita = ledger.users["rita"]
    # Fact-checkers see no staff names, so no reporter's card (docs/security.md).
    client.force_login(fact_checker)
    assert client.get(url, {"key": rita.pk}).status_code == 403
    client.force_login(editor)
    response = client.get(url, {"key": rita.pk})
    assert response.status_code == 200
    assert response.context["record"].claims > 0
    # An editor reported nothing: their id is not a group, and their name is not shown.
    for key in (ledger.users["ed"].pk, fact_checker.pk, "99999", "x"):
        assert client.get(url, {"key": key}).status_code == 404


def test_letter_for_someone_who_reported_nothing_is_404(client, editor, ledger):
    client.force_login(editor)
    url = reverse("sources:letter_override")
    data = {"group_kind": "reporter", "letter": "B", "reason": "Because."}
    assert client.post(url, {**data, "group_key": ledger.users["ed2"].pk}).status_code == 404
    response = client.post(url, {**data, "group_key": ledger.users["rita"].pk})
    assert response.status_code == 302
    assert LetterOverride.objects.get(group_kind="reporter").letter == "B"


def test_json_download_is_one_row_per_line_and_empty_when_nothing_counts(client, editor, ledger):
    client.force_login(editor)
    url = reverse("sources:report_download", kwargs={"by": "source", "fmt": "json"})
    body = client.get(url).content.decode()
    lines = body.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [json.loads(line.rstrip(","))["group"] for line in lines[1:-1]] == [
        "PINE",
        "BIRCH",
        "OAK",
    ]
    # Whole medians read from the rollup print as counting gives them: 15, not 15.0.
    assert '"median_days_to_corroboration": 15,' in lines[1]
    # A reporter who handles no source and sits on no desk gets an empty list.
    client.force_login(UserFactory(username="new-reporter", roles=[roles.REPORTER]))
    assert client.get(url).content.decode() == "[]\n"


def test_a_cards_claim_list_pages_through_every_claim_without_counting_them(client, editor, ledger):
    # PINE has 5 claims in the fixture; 25 more make 30: a full page of 25, then 5.
    pine = ledger.sources["PINE"]
    for i in range(25):
        services.claim_file(
            article=ArticleFactory(outlet=ledger.outlets["daily-nk"]),
            text=f"Another PINE claim {i}",
            attributions=[services.AttributionSpec(source=pine)],
        )
    client.force_login(editor)
    url = reverse("sources:source_card", kwargs={"pk": pine.pk})
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    page = first.context["claims_page"]
    assert (page.paginator.count, page.paginator.num_pages, len(page.object_list)) == (30, 2, 25)
    assert "30 claims" in first.content.decode()
    # The rollup already knows how many claims the record counts.
    assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    second = client.get(url + "?page=2").context["claims_page"]
    shown = {c.pk for c in page.object_list} | {c.pk for c in second.object_list}
    assert shown == set(pine.attributions.values_list("claim_id", flat=True))
    # As of a past day the record counts fewer claims than the list holds: the list counts.
    past = client.get(url + "?as_of=2017-01-01").context["claims_page"]
    assert past.paginator.count == 30
