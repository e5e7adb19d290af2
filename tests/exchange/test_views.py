"""Tests for the exchange page: who may use it, uploads, dry runs, errors and downloads."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sources.exchange.importer import import_file
from sources.models import Claim
from tests.exchange.conftest import snapshot

URL = "/exchange/"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_url_is_named_in_the_sources_namespace():
    assert reverse("sources:exchange") == URL
    assert reverse("sources:exchange_export") == URL + "export/"


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["reporter", "fact_checker"])
def test_only_editors_may_import_or_export(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": _upload("x.json", b"{}")}).status_code == 403
    assert client.post(URL + "export/", {"format": "json"}).status_code == 403


def test_the_page_costs_a_fixed_number_of_queries(
    client, editor, sample_json, django_assert_num_queries
):
    client.force_login(editor)
    client.get(URL)  # warm caches that are not the page's own
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    import_file(sample_json, name="s.json")  # more data must not mean more queries
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200


def test_a_dry_run_shows_what_would_be_created_and_writes_nothing(client, editor, sample_json):
    client.force_login(editor)
    before = snapshot()
    response = client.post(URL, {"file": _upload("s.json", sample_json), "dry_run": "on"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Dry run: nothing was written." in text
    assert "<td>claims</td><td>3</td><td>0</td>" in text
    assert snapshot() == before


def test_an_import_writes_and_redirects_with_a_message(client, editor, sample_json):
    client.force_login(editor)
    response = client.post(URL, {"file": _upload("s.json", sample_json)}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert Claim.objects.count() == 3
    assert "Imported s.json" in response.content.decode()


def test_errors_are_shown_with_their_row_and_field_and_nothing_is_written(client, editor):
    client.force_login(editor)
    bad = json.dumps({"claims": [{"external_id": "c1", "article": "nowhere"}]}).encode()
    before = snapshot()
    response = client.post(URL, {"file": _upload("bad.json", bad)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was imported." in text
    assert "claims row 1, field &#x27;article&#x27;: unknown article &#x27;nowhere&#x27;" in text
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "shown"),
    [
        (
            "nul.json",
            json.dumps({"sources": [{"codename": "OAK\u0000", "descriptor": "a source"}]}),
            "sources row 1, field &#x27;codename&#x27;: Contains a NUL character (U+0000)",
        ),
        (
            "twice.csv",
            "external_id,article,text,source,source\nc1,a1,Rice rose.,OAK,ASH\n",
            "twice.csv line 1, field &#x27;source&#x27;: is given more than once",
        ),
        (
            "deep.json",
            "[" * 50_000 + "]" * 50_000,
            "nested far deeper than any exchange document",
        ),
    ],
)
def test_bad_text_columns_and_nesting_are_refused_naming_where(
    client, editor, name, content, shown
):
    client.force_login(editor)
    before = snapshot()
    response = client.post(URL, {"file": _upload(name, content.encode())})
    assert response.status_code == 400
    assert shown in response.content.decode()
    assert snapshot() == before


def test_a_wrongly_encoded_upload_is_refused_clearly(client, editor):
    client.force_login(editor)
    response = client.post(URL, {"file": _upload("latin.csv", "résumé".encode("latin-1"))})
    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()


def test_a_post_without_a_file_shows_the_form_error(client, editor):
    client.force_login(editor)
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_editors_download_json_and_zip_exports_without_identities(client, editor, sample_json):
    import_file(sample_json, name="s.json")
    client.force_login(editor)
    response = client.post(URL + "export/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="newsroom-')
    assert response["Cache-Control"] == "no-store"
    document = json.loads(response.content)
    assert len(document["claims"]) == 3
    assert all("identity" not in row for row in document["sources"])
    response = client.post(URL + "export/", {"format": "csv"})
    assert response["Content-Type"] == "application/zip"
    assert "claims.csv" in zipfile.ZipFile(BytesIO(response.content)).namelist()
    assert client.post(URL + "export/", {"format": "xml"}).status_code == 400
    assert client.get(URL + "export/").status_code == 405
