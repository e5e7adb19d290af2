"""The vet page: the track-record card and similar past claims."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.domain.vocab import Relation
from tests.factories import SourceFactory
from tests.views.pages_data import RYANGGANG, corroborate, file_claim, file_claims, newsroom

pytestmark = pytest.mark.django_db


def test_vet_form_starts_empty(client, editor):
    client.force_login(editor)
    response = client.get(reverse("sources:vet"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_source">' in html and '<label for="id_descriptor">' in html
    assert response.context["record"] is None


def test_vet_needs_the_text_a_source_or_a_descriptor(client, editor):
    client.force_login(editor)
    response = client.get(reverse("sources:vet"), {"topic": "", "region": "", "text": "  "})
    assert response.status_code == 200
    message = "Paste the claim, pick a source or type a published descriptor: any one will do."
    assert response.context["form"].errors == {"__all__": [message]}
    html = response.content.decode()
    assert '<div class="form-errors" role="alert">' in html and message in html
    assert response.context["record"] is None


def test_vet_the_text_alone_finds_similar_claims(client, editor):
    room = newsroom()
    meth = file_claim(room, "Security cadres bought crystal meth inland at 9,000 RMB per kg.")
    file_claim(room, "Border guards were rotated in Hyesan.", source=room.birch)
    client.force_login(editor)
    response = client.get(reverse("sources:vet"), {"text": "Who sells crystal meth to China?"})
    assert response.context["form"].errors == {}
    assert response.context["record"] is None
    assert response.context["similar"] == [meth]
    html = response.content.decode()
    assert "Pick a source or type" not in html and 'class="track-record"' not in html
    assert "No track record shown: pick a source or type the published descriptor" in html


def test_vet_a_source_shows_its_track_record(client, editor):
    room = newsroom()
    first, second = file_claims(room, 2)
    corroborate(first)
    client.force_login(editor)
    response = client.get(reverse("sources:vet"), {"source": room.larch.codename})
    assert response.status_code == 200
    record = response.context["record"]
    assert (record.claims, record.resolved, record.counts["corroborated"]) == (2, 1, 1)
    html = response.content.decode()
    assert "Confirmation rate" in html and "100%" in html
    assert reverse("sources:source_card", args=[room.larch.pk]) in html
    assert reverse("sources:source_detail", args=[room.larch.pk]) in html


def test_vet_by_published_descriptor_topic_and_region(client, editor):
    room = newsroom()
    file_claim(room, "Meth sells for 14,000 RMB in China.", region=room.region, topics=[room.drugs])
    file_claim(room, "Guards were rotated.", region=room.other_region, topics=[room.border])
    client.force_login(editor)
    response = client.get(reverse("sources:vet"), {"descriptor": f"  {RYANGGANG} "})
    assert response.context["record"].claims == 2
    response = client.get(
        reverse("sources:vet"),
        {"descriptor": RYANGGANG, "topic": room.drugs.pk, "region": room.region.pk},
    )
    assert response.context["record"].claims == 1
    response = client.get(reverse("sources:vet"), {"descriptor": "a cadre in Pyongyang"})
    assert response.context["record"].claims == 0
    html = response.content.decode()
    assert "No record for “a cadre in Pyongyang”." in html
    assert "No claim on file prints this descriptor, word for word." in html
    # No empty card: the note says all there is to say.
    assert 'class="track-record"' not in html


def test_vet_a_narrowed_record_explains_its_letter(client, editor):
    from scipy.stats import binomtest

    room = newsroom()
    # LARCH: 8 of 10 claims corroborated; on drugs, 4 of 5. Same rate class, but
    # the five resolved claims on drugs give a wider interval.
    for topics in ([room.drugs], []):
        claims = file_claims(room, 5, topics=topics)
        for claim in claims[:4]:
            corroborate(claim)
        corroborate(claims[4], relation=Relation.CONTRADICTS)

    def low(k, n):
        return binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson").low

    assert 0.40 <= low(8, 10) < 0.60 and 0.20 <= low(4, 5) < 0.40  # C, then D
    client.force_login(editor)
    url = reverse("sources:vet")
    whole = client.get(url, {"source": "LARCH"}).content.decode()
    assert (
        f"C: the lower bound of the 95% interval is {low(8, 10) * 100:.0f}%, at least the 40% "
        "that C needs but under the 60% for B, over 10 resolved claims."
    ) in whole
    narrowed = client.get(url, {"source": "LARCH", "topic": room.drugs.pk}).content.decode()
    assert (
        f"D: the lower bound of the 95% interval is {low(4, 5) * 100:.0f}%, at least the 20% "
        "that D needs but under the 40% for C, over 5 resolved claims."
    ) in narrowed


def test_vet_finds_similar_past_claims_by_text(client, editor):
    room = newsroom()
    meth = file_claim(room, "Security cadres bought crystal meth inland at 9,000 RMB per kilogram.")
    file_claim(room, "Border guards were rotated in Hyesan.", source=room.birch)
    client.force_login(editor)
    response = client.get(
        reverse("sources:vet"),
        {"source": room.birch.codename, "text": "Officials sold crystal meth to Chinese buyers."},
    )
    assert response.context["similar"] == [meth]
    assert "Similar past claims" in response.content.decode()
    response = client.get(
        reverse("sources:vet"), {"source": room.birch.codename, "text": "volcano"}
    )
    assert response.context["similar"] == []
    assert "Nothing similar on file" in response.content.decode()


def test_vet_refuses_a_source_the_reporter_may_not_see(client, reporter):
    hidden = SourceFactory(codename="HIDDEN")
    client.force_login(reporter)
    response = client.get(reverse("sources:vet"), {"source": hidden.codename})
    assert response.status_code == 200
    assert "source" in response.context["form"].errors
    assert "HIDDEN" not in response.content.decode()


@pytest.mark.parametrize("rows", [3, 10])
def test_vet_in_fixed_queries(client, editor, rows, django_assert_num_queries, uncached_fragments):
    room = newsroom()
    file_claims(room, rows)
    corroborate(room.claims[0])
    client.force_login(editor)
    # 14, not 16: the source's record is read from its rollup (one query for
    # four), and the descriptor suggestions find the start of their window
    # first (one more). The suggestions and the topic and region lists are
    # then cached: 9 on the next visit.
    url = reverse("sources:vet")
    query = {"source": room.larch.codename, "text": "crystal meth inland"}
    with django_assert_num_queries(14):
        response = client.get(url, query)
    assert response.context["record"].claims == rows
    assert len(response.context["similar"]) == rows
    with django_assert_num_queries(9):
        again = client.get(url, query)
    assert again.context["codenames"] == response.context["codenames"]
    assert again.context["descriptors"] == response.context["descriptors"]


def test_suggestions_list_the_busiest_sources_and_the_latest_descriptors(editor):
    from sources import selectors, services

    room = newsroom()
    file_claims(room, 3)  # LARCH, printed as the Ryanggang descriptor
    file_claim(room, "Prices rose at the Hyesan market.", source=room.birch)
    quiet = SourceFactory(codename="AAQUIET")
    services.rollups_refresh(source_ids=[quiet.pk])
    codenames = list(selectors.codename_suggestions(viewer=editor, limit=10))
    assert codenames == ["LARCH", "BIRCH", "AAQUIET"]
    assert list(selectors.codename_suggestions(viewer=editor, limit=2)) == ["LARCH", "BIRCH"]
    # Most printed first, over all attributions...
    descriptors = list(selectors.descriptor_suggestions(viewer=editor, limit=10, window=100))
    assert descriptors == [RYANGGANG, "a trader in Hyesan"]
    # ...or over the latest ones only: the newest is BIRCH's.
    latest = list(selectors.descriptor_suggestions(viewer=editor, limit=10, window=1))
    assert latest == ["a trader in Hyesan"]


def test_suggestions_leave_out_sources_the_reporter_may_not_see(client, reporter):
    room = newsroom(reporter=reporter)
    file_claim(room, "Cadres bought meth.", source=room.larch)
    file_claim(room, "Prices rose.", source=room.birch)
    client.force_login(reporter)
    response = client.get(reverse("sources:vet"))
    assert response.context["codenames"] == ["LARCH"]
    html = response.content.decode()
    assert '<datalist id="source-options"><option value="LARCH"></datalist>' in html
    assert "BIRCH" not in html


def test_suggested_descriptors_are_escaped(client, editor):
    from sources import services

    room = newsroom()
    services.claim_file(
        article=room.article,
        text="Prices rose.",
        attributions=[
            services.AttributionSpec(source=room.birch, descriptor='a "trader" <b>in</b> Hyesan')
        ],
    )
    client.force_login(editor)
    html = client.get(reverse("sources:vet")).content.decode()
    assert '<option value="a &quot;trader&quot; &lt;b&gt;in&lt;/b&gt; Hyesan">' in html
    assert "<b>in</b>" not in html


def test_cached_suggestions_are_never_shown_outside_their_scope(client, editor, reporter):
    from sources.models import Desk

    room = newsroom(reporter=reporter)
    file_claim(room, "Cadres bought meth.", source=room.larch)
    file_claim(room, "Prices rose.", source=room.birch)
    client.force_login(editor)
    # One claim each: ties go by codename.
    assert client.get(reverse("sources:vet")).context["codenames"] == ["BIRCH", "LARCH"]
    # The editor's list is cached; the reporter, who handles only LARCH, gets their own.
    client.force_login(reporter)
    assert client.get(reverse("sources:vet")).context["codenames"] == ["LARCH"]
    # A reporter's list follows their desks at once, not after the cache expires.
    desk = Desk.objects.create(name="Border desk")
    desk.members.add(reporter)
    room.birch.desk = desk
    room.birch.save()
    assert client.get(reverse("sources:vet")).context["codenames"] == ["BIRCH", "LARCH"]


def test_a_region_added_after_the_list_was_cached_is_accepted_at_once(client, editor):
    from django.core.cache import cache

    from tests.factories import RegionFactory

    room = newsroom()
    file_claims(room, 2)
    client.force_login(editor)
    client.get(reverse("sources:vet"))  # caches the region list
    added = RegionFactory(name="Chagang", slug="chagang")
    response = client.get(reverse("sources:vet"), {"source": "LARCH", "region": added.pk})
    assert response.context["form"].is_valid()
    assert response.context["form"].cleaned_data["region"] == added
    assert response.context["record"].claims == 0  # LARCH has no claims there
    # Listed once the cache expires (here: cleared).
    assert ">Chagang</option>" not in client.get(reverse("sources:vet")).content.decode()
    cache.clear()
    assert ">Chagang</option>" in client.get(reverse("sources:vet")).content.decode()
