"""A date range on every report, and the full list of a source's claims on its card (issue 16).

The newsroom: LARCH has one corroborated claim published in each of 2015,
2016 and 2017 and a contradicted one in 2017; BIRCH one corroborated claim
in 2016. Counts for each range are tallied by hand below.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse

from sources import services
from sources.domain.vocab import Relation
from tests.factories import ArticleFactory, EvidenceFactory
from tests.views.pages_data import file_claim, newsroom

pytestmark = pytest.mark.django_db


def _claim(room, year: int, text: str, *, source=None, relation=Relation.CORROBORATES):
    article = ArticleFactory(outlet=room.outlet, published_on=datetime.date(year, 6, 1))
    claim = file_claim(room, text, source=source, article=article, region=room.region)
    services.evidence_link(
        claim=claim,
        evidence=EvidenceFactory(observed_on=datetime.date(year, 9, 1)),
        relation=relation,
    )
    return claim


@pytest.fixture
def room():
    room = newsroom()
    _claim(room, 2015, "Prices rose in 2015.")
    _claim(room, 2016, "Prices rose in 2016.")
    _claim(room, 2017, "Prices rose in 2017.")
    _claim(room, 2017, "Prices fell in 2017.", relation=Relation.CONTRADICTS)
    _claim(room, 2016, "Birch saw it in 2016.", source=room.birch)
    return room


def _row(response, group):
    return next(row for row in response.context["report"].rows if str(row.group) == group)


def test_the_region_leaderboard_counts_only_the_claims_in_the_range(client, editor, room):
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": "region"})
    whole = _row(client.get(url), "Ryanggang Province")
    assert (whole.claims, whole.counts["corroborated"], whole.counts["contradicted"]) == (5, 4, 1)
    ranged = client.get(url, {"from": "2016-01-01", "to": "2016-12-31"})
    row = _row(ranged, "Ryanggang Province")
    assert (row.claims, row.counts["corroborated"], row.counts["contradicted"]) == (2, 2, 0)
    html = ranged.content.decode()
    assert "Claims published 1 Jan 2016 – 31 Dec 2016" in html
    # The links out of the page keep the range.
    assert "from=2016-01-01&amp;to=2016-12-31" in html or "from=2016-01-01&to=2016-12-31" in html


def test_the_source_leaderboard_is_counted_from_the_claims_in_the_range(client, editor, room):
    client.force_login(editor)
    response = client.get(
        reverse("sources:report", kwargs={"by": "source"}), {"from": "2017-01-01"}
    )
    larch = _row(response, "LARCH")
    assert (larch.claims, larch.resolved, larch.counts["contradicted"]) == (2, 2, 1)
    assert larch.confirmation_rate == pytest.approx(0.5)
    assert [str(row.group) for row in response.context["report"].rows] == ["LARCH"]


def test_downloads_keep_the_range(client, editor, room):
    client.force_login(editor)
    response = client.get(
        reverse("sources:report_download", kwargs={"by": "source", "fmt": "json"}),
        {"to": "2015-12-31"},
    )
    rows = json.loads(response.content)
    assert [(row["group"], row["claims"]) for row in rows] == [("LARCH", 1)]
    claims = client.get(
        reverse("sources:report_download", kwargs={"by": "claim", "fmt": "json"}),
        {"from": "2017-01-01"},
    )
    assert len(json.loads(claims.content)) == 2


def test_a_source_card_with_a_range_and_its_full_claim_list(client, editor, room):
    client.force_login(editor)
    url = reverse("sources:source_card", args=[room.larch.pk])
    response = client.get(url, {"from": "2016-01-01"})
    record = response.context["record"]
    assert (record.claims, record.resolved) == (3, 3)
    listed = [claim.text for claim in response.context["claims_page"].object_list]
    # Newest first; the two of 2017 share a day, the later filed first.
    assert listed == ["Prices fell in 2017.", "Prices rose in 2017.", "Prices rose in 2016."]
    html = response.content.decode()
    for claim in response.context["claims_page"].object_list:
        assert reverse("sources:claim_detail", args=[claim.pk]) in html


def test_the_card_lists_every_claim_a_page_at_a_time(client, editor):
    room = newsroom()
    for n in range(27):
        file_claim(room, f"Claim number {n}.")
    client.force_login(editor)
    url = reverse("sources:source_card", args=[room.larch.pk])
    first = client.get(url)
    page = first.context["claims_page"]
    assert page.paginator.count == 27 and len(page.object_list) == 25
    second = client.get(url, {"page": 2})
    assert len(second.context["claims_page"].object_list) == 2
    shown = {c.pk for c in page.object_list} | {
        c.pk for c in second.context["claims_page"].object_list
    }
    assert shown == {claim.pk for claim in room.claims}


def test_the_group_card_index_per_claim_and_calibration_take_the_range(client, editor, room):
    client.force_login(editor)
    card = client.get(
        reverse("sources:report_group", kwargs={"by": "region"}),
        {"key": "ryanggang", "from": "2017-01-01"},
    )
    assert card.context["record"].claims == 2
    index = client.get(reverse("sources:reports_index"), {"to": "2016-12-31"})
    assert index.context["record"].claims == 3
    claims = client.get(reverse("sources:report", kwargs={"by": "claim"}), {"from": "2016-06-01"})
    assert claims.context["page"].paginator.count == 4
    calibration = client.get(reverse("sources:calibration"), {"from": "2017-01-01"})
    assert calibration.status_code == 200
    assert sum(row.claims for row in calibration.context["calibration"].overall.rows) == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2016-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"from": "2017-01-01", "to": "2016-01-01"}, "to"),
    ],
)
def test_a_malformed_range_is_refused_naming_the_field(client, editor, query, field):
    client.force_login(editor)
    response = client.get(reverse("sources:report", kwargs={"by": "region"}), query)
    assert response.status_code == 400
    assert field in response.context["errors"]
