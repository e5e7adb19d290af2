"""The drifts issue 12 found, each pinned: every entry point now asks the one policy.

Each test here failed before the policy module was asked at that point: the
``--as`` option, the importer, the queue's letter filter, pages for users
without a role, the Reveal log, decryption failures, the admin, the reporter
grouping, calibration and the letter endpoint of the API.
"""

from __future__ import annotations

import json

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from sources import selectors, services
from sources.fields import IdentityKeyError
from sources.models import Article, Claim, IdentityAccessLog, SourceRollup
from tests.factories import UserFactory
from tests.security.test_identities import CANARY_NAME
from tests.security.test_permissions_matrix import build_matrix_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix's newsroom, once for the module; each test's changes are rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_matrix_world()
        # Names no page prints by chance ("editor" is in every report's text).
        for user, name in ((w.editor, "pak.editor7"), (w.fact_checker, "choe.checker7")):
            user.username = name
            user.save()
        yield w
        transaction.set_rollback(True)


def _log(source, user) -> list[tuple[str, str]]:
    entries = IdentityAccessLog.objects.filter(source=source, user=user).order_by("id")
    return list(entries.values_list("action", "reason"))


@pytest.mark.django_db
def test_import_as_refuses_a_fact_checker_who_is_also_an_editor(world, tmp_path):
    path = tmp_path / "topics.json"
    path.write_text(json.dumps({"topics": [{"slug": "smuggling", "name": "Smuggling"}]}))
    with pytest.raises(CommandError, match="two-hats may not import"):
        call_command("import_newsroom", str(path), "--as", world.both.username)
    # The exchange page refuses them the same way.
    assert world.clients["both"].get(reverse("sources:exchange")).status_code == 403
    call_command("import_newsroom", str(path), "--as", world.editor.username, "--no-progress")


@pytest.mark.django_db
def test_the_queue_letter_filter_counts_only_sources_the_viewer_may_see(world):
    text = "Guards at the Hyesan crossing waved lorries through for a fee."
    services.claim_file(
        article=world.article,
        text=text,
        attributions=[services.AttributionSpec(source=world.other_source)],
        filed_by=world.other_reporter,
    )
    SourceRollup.objects.filter(source=world.other_source).update(letter="E")
    SourceRollup.objects.filter(source=world.source).update(letter="B")
    url = reverse("sources:queue")
    # The claim is in the reporter's queue (every role sees every claim) ...
    assert text in world.clients["reporter"].get(url).text
    # ... but not when grouped by the letter of another desk's source.
    assert text not in world.clients["reporter"].get(url, {"letter": "E"}).text
    assert text in world.clients["editor"].get(url, {"letter": "E"}).text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "sources:home",
        "sources:vet",
        "sources:queue",
        "sources:source_list",
        "sources:search",
        "sources:reports_index",
        "api:api-root",
        "api:schema",
        "api:docs",
    ],
)
def test_a_user_without_a_role_gets_403_not_an_empty_page(world, name):
    assert world.clients["none"].get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_pages_of_one_row_answer_403_to_a_user_without_a_role(world):
    for url in (
        reverse("sources:claim_detail", args=[world.claim.pk]),
        reverse("sources:article_detail", args=[world.article.pk]),
        reverse("sources:identity_detail", args=[world.source.pk]),
    ):
        assert world.clients["none"].get(url).status_code == 403, url
    # Refused before the source is looked up: no probe is logged for them.
    assert _log(world.source, world.nobody) == []


@pytest.mark.django_db
def test_a_reveal_without_a_reason_is_logged_as_denied(world):
    url = reverse("sources:identity_reveal", args=[world.source.pk])
    response = world.clients["editor"].post(url, {"reason": "   "})
    assert response.status_code == 400
    assert CANARY_NAME not in response.text
    assert _log(world.source, world.editor) == [("denied", "(no reason given)")]
    too_long = world.clients["editor"].post(url, {"reason": "x" * 1001})
    assert too_long.status_code == 400
    action, reason = _log(world.source, world.editor)[-1]
    assert action == "denied" and reason.startswith("Reveal refused: ")


@pytest.mark.django_db
def test_a_failed_decryption_is_not_logged_as_a_reveal(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.reporter)
    before = IdentityAccessLog.objects.count()
    with override_settings(SOURCE_IDENTITY_KEYS=[Fernet.generate_key().decode()]):
        response = client.get(reverse("sources:identity_detail", args=[world.source.pk]))
        with pytest.raises(IdentityKeyError):
            selectors.identities_for_export(viewer=world.reporter, sources=[world.source])
    assert response.status_code == 500
    entries = list(
        IdentityAccessLog.objects.order_by("id")[before:].values_list("action", "reason")
    )
    assert entries == [
        ("denied", "Identity could not be decrypted (Handling reporter)"),
        ("denied", "Identity could not be decrypted (Handling reporter)"),
    ]
    # With the right key the look is read, then logged.
    assert selectors.identity_for(viewer=world.reporter, source=world.source) is not None
    assert _log(world.source, world.reporter)[-1] == ("reveal", "Handling reporter")


@pytest.mark.django_db
def test_a_refused_look_is_logged_before_anything_is_read(world):
    with pytest.raises(PermissionDenied):
        selectors.identity_for(viewer=world.fact_checker, source=world.source, reason="hm")
    assert _log(world.source, world.fact_checker) == [("denied", "hm")]


@pytest.mark.django_db
def test_the_admin_ignores_django_model_permissions(world):
    """A staff account granted the model permissions but no admin role gets nothing."""
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sources", codename__in=["view_claim", "change_claim"]
        )
    )
    client = Client()
    client.force_login(clerk)
    assert client.get(reverse("admin:sources_claim_changelist")).status_code == 403
    change = reverse("admin:sources_claim_change", args=[world.claim.pk])
    assert client.get(change).status_code == 403
    assert world.clients["admin"].get(change).status_code == 200


@pytest.mark.django_db
def test_the_reporter_grouping_is_not_offered_to_fact_checkers(world):
    key = str(world.article.reporter_id)
    urls = [
        reverse("sources:report", args=["reporter"]),
        reverse("sources:report_download", kwargs={"by": "reporter", "fmt": "csv"}),
        reverse("sources:report_download", kwargs={"by": "reporter", "fmt": "json"}),
        reverse("sources:report_group", args=["reporter"]) + f"?key={key}",
        reverse("api:report", args=["reporter"]),
    ]
    for role in ("checker", "both"):
        for url in urls:
            assert world.clients[role].get(url).status_code == 403, (role, url)
        index = world.clients[role].get(reverse("sources:reports_index")).text
        assert reverse("sources:report", args=["reporter"]) not in index
    for url in urls:
        assert world.clients["editor"].get(url).status_code == 200, url
    assert reverse("sources:report", args=["reporter"]) in (
        world.clients["editor"].get(reverse("sources:reports_index")).text
    )


@pytest.mark.django_db
def test_a_fact_checker_cannot_list_the_claims_of_one_reporter(world):
    """A card's latest claims, matched through /api/claims/?text=, named a reporter's sources."""
    checker = world.clients["checker"]
    key = str(world.article.reporter_id)
    card = checker.get(reverse("sources:report_group", args=["reporter"]), {"key": key})
    assert card.status_code == 403
    # Nor does the API filter claims or articles by reporter: the parameter is ignored.
    for name in ("api:claim-list", "api:article-list"):
        everything = checker.get(reverse(name)).json()
        assert checker.get(reverse(name), {"reporter": key}).json() == everything
        assert checker.get(reverse(name), {"article__reporter": key}).json() == everything


@pytest.mark.django_db
def test_calibration_names_no_editor_to_a_fact_checker(world):
    Claim.objects.filter(pk=world.claim.pk).update(assessed_by=world.editor)
    editor_name = world.editor.get_username()
    page = world.clients["checker"].get(reverse("sources:calibration"))
    assert page.status_code == 200 and editor_name not in page.text
    download = reverse("sources:report_download", kwargs={"by": "calibration", "fmt": "json"})
    rows = world.clients["checker"].get(download).json()
    assert rows and {row["editor"] for row in rows} == {"(overall)"}
    # The positive control: the editor's download names the editor who assessed.
    names = {row["editor"] for row in world.clients["editor"].get(download).json()}
    assert names == {"(overall)", editor_name}


@pytest.mark.django_db
def test_claim_and_article_pages_name_no_staff_to_a_fact_checker(world):
    Article.objects.filter(pk=world.article.pk).update(byline="By Jo Bylinewriter")
    claim_url = reverse("sources:claim_detail", args=[world.claim.pk])
    article_url = reverse("sources:article_detail", args=[world.article.pk])
    editor_claim = world.clients["editor"].get(claim_url).text
    # The fact-checker who linked the evidence may read their own name; nobody else's.
    linker = world.clients["checker"].get(claim_url).text
    assert f"Linked by {world.fact_checker.username}" in editor_claim
    assert f"Linked by {world.fact_checker.username}" in linker
    checker_claim = world.clients["both"].get(claim_url).text
    assert "Linked by newsroom staff" in checker_claim
    assert world.editor.username in editor_claim  # the verdict's decider
    assert world.editor.username not in checker_claim and world.editor.username not in linker
    assert "By Jo Bylinewriter" in world.clients["editor"].get(article_url).text
    checker_article = world.clients["checker"].get(article_url).text
    assert "By Jo Bylinewriter" not in checker_article and "newsroom staff" in checker_article


@pytest.mark.django_db
def test_the_api_letter_endpoint_asks_whether_the_group_may_be_seen(world):
    """A source's letter needs a source the recorder may see; one that is not reads as none."""
    client = Client()
    client.force_login(world.editor)
    url = reverse("api:letter-list")
    body = {"group_kind": "source", "letter": "B", "reason": "Steady record"}
    missing = client.post(url, {**body, "group_key": "999999"}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json() == {"group_key": ["There is no source '999999'."]}
    seen = client.post(
        url, {**body, "group_key": str(world.other_source.pk)}, content_type="application/json"
    )
    assert seen.status_code == 201


@pytest.mark.django_db
def test_fact_checkers_do_not_see_reporter_letters(world):
    services.letter_override_record(
        group_kind="reporter",
        group_key=str(world.article.reporter_id),
        letter="C",
        reason="A careful reporter",
        recorded_by=world.editor,
    )
    url = reverse("api:letter-list")
    kinds = {row["group_kind"] for row in world.clients["editor"].get(url).json()["results"]}
    assert "reporter" in kinds
    for role in ("checker", "both"):
        rows = world.clients[role].get(url).json()["results"]
        assert "reporter" not in {row["group_kind"] for row in rows}, role
