"""Tests for exporting the newsroom, the import/export round trip, and identities."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from sources import roles, services
from sources.exchange.exporter import export_bytes, export_document
from sources.exchange.importer import import_file
from sources.models import Article, Claim, IdentityAccessLog, Source
from tests.exchange.conftest import snapshot, wipe_newsroom
from tests.factories import ArticleFactory, OutletFactory, UserFactory


def test_exporting_the_imported_sample_gives_the_sample_back(db, sample_json):
    import_file(sample_json, name="newsroom_sample.json")
    assert export_document() == json.loads(sample_json)


def test_json_round_trip_reproduces_the_newsroom_exactly(db, sample_json, claims_csv):
    import_file(sample_json, name="newsroom_sample.json")
    import_file(claims_csv, name="claims_sample.csv")
    first = export_bytes("json")
    counts = snapshot()

    wipe_newsroom()
    result = import_file(first, name="export.json")
    assert result.counts["claims"]["created"] == 5
    second = export_bytes("json")

    assert second == first
    after = snapshot()
    for label in (
        "sources.Claim",
        "sources.Attribution",
        "sources.EvidenceLink",
        "sources.Verdict",
    ):
        assert after[label] == counts[label]
    outcomes = dict(Claim.objects.values_list("external_id", "outcome"))
    assert outcomes["claim-meth-price"] == "contradicted"
    assert outcomes["claim-guards"] == "retracted"


def test_csv_round_trip_reproduces_the_newsroom_exactly(db, sample_json, claims_csv):
    import_file(sample_json, name="newsroom_sample.json")
    import_file(claims_csv, name="claims_sample.csv")
    first_json = export_bytes("json")
    first_zip = export_bytes("csv")
    with zipfile.ZipFile(io.BytesIO(first_zip)) as archive:
        assert "claims.csv" in archive.namelist() and "quantities.csv" in archive.namelist()
        claims_text = archive.read("claims.csv").decode("utf-8")
    assert claims_text.splitlines()[0].startswith("external_id,article,text,")

    wipe_newsroom()
    import_file(first_zip, name="export.zip")
    assert export_bytes("csv") == first_zip
    assert export_bytes("json") == first_json
    before = snapshot()
    assert import_file(first_zip, name="export.zip").created == 0
    assert snapshot() == before


def test_csv_cells_a_spreadsheet_would_run_are_quoted_and_read_back_unchanged(db, sample_json):
    import_file(sample_json, name="newsroom_sample.json")
    risky = {
        "bw-2016-0901": '=HYPERLINK("http://example.invalid")',
        "bw-2017-0110": "-2 guards dismissed",
        "dnk-2016-0825": "'@already quoted",
    }
    for external_id, headline in risky.items():
        Article.objects.filter(external_id=external_id).update(headline=headline)
    first_json = export_bytes("json")
    first_zip = export_bytes("csv")
    with zipfile.ZipFile(io.BytesIO(first_zip)) as archive:
        text = archive.read("articles.csv").decode("utf-8")
    written = {row["external_id"]: row["headline"] for row in csv.DictReader(io.StringIO(text))}
    assert written == {key: "'" + headline for key, headline in risky.items()}

    wipe_newsroom()
    import_file(first_zip, name="export.zip")
    assert dict(Article.objects.values_list("external_id", "headline")) == risky
    assert export_bytes("json") == first_json


def test_rows_without_external_ids_get_permanent_ones_so_reimport_is_idempotent(db):
    outlet = OutletFactory(slug="our-paper", name="Our Paper")
    article = ArticleFactory(outlet=outlet, headline="Filed through the page")
    source = services.source_create(codename="OAK", descriptor="a source in Hyesan")
    claim = services.claim_file(
        article=article, text="Prices rose.", attributions=[services.AttributionSpec(source)]
    )
    data = export_bytes("json")
    claim.refresh_from_db()
    assert claim.external_id == f"ledger-claim-{claim.pk}"
    assert Article.objects.get(pk=article.pk).external_id == f"ledger-article-{article.pk}"
    before = snapshot()
    assert import_file(data, name="again.json").created == 0
    assert snapshot() == before


def test_export_command_writes_json_and_a_zip(db, sample_json, tmp_path):
    import_file(sample_json, name="newsroom_sample.json")
    json_path, zip_path = tmp_path / "n.json", tmp_path / "n.zip"
    call_command("export_newsroom", "--format", "json", "--output", str(json_path))
    call_command("export_newsroom", "--format", "csv", "--output", str(zip_path))
    assert json.loads(json_path.read_bytes())["claims"][0]["external_id"] == "claim-guards"
    assert zipfile.is_zipfile(zip_path)


# Identities --------------------------------------------------------------------------


@pytest.fixture
def with_identity(db, sample_json):
    import_file(sample_json, name="newsroom_sample.json")
    handler = UserFactory(username="handler", roles=[roles.REPORTER])
    source = Source.objects.get(codename="PINE")
    source.handler = handler
    source.save()
    services.identity_update(
        source=source,
        actor=handler,
        real_name="Pak Sample",
        contact="a burner phone",
        meeting_notes="Met at the market.",
    )
    return handler


def test_exports_leave_identities_out_by_default(with_identity):
    data = export_bytes("json") + export_bytes("csv")
    assert b"Pak Sample" not in data and b"burner" not in data
    assert all("identity" not in row for row in export_document()["sources"])
    assert not IdentityAccessLog.objects.filter(action=IdentityAccessLog.Action.EXPORT).exists()


def test_the_handler_may_export_their_sources_identity_and_it_is_logged(with_identity, tmp_path):
    path = tmp_path / "with-ids.json"
    call_command(
        "export_newsroom", "--include-identities", "--as", "handler", "--output", str(path)
    )
    sources = {row["codename"]: row for row in json.loads(path.read_bytes())["sources"]}
    assert sources["PINE"]["identity"] == {
        "real_name": "Pak Sample",
        "contact": "a burner phone",
        "meeting_notes": "Met at the market.",
    }
    assert "identity" not in sources["customs-office"]
    logged = IdentityAccessLog.objects.filter(
        user=with_identity, action=IdentityAccessLog.Action.EXPORT
    )
    assert list(logged.values_list("source__codename", flat=True)) == ["PINE"]


def test_a_fact_checker_gets_no_identities_and_the_refusal_is_logged(with_identity, tmp_path):
    checker = UserFactory(username="checker-x", roles=[roles.FACT_CHECKER])
    path = tmp_path / "ids.json"
    call_command("export_newsroom", "--include-identities", "--as", "checker-x", "-o", str(path))
    assert b"Pak Sample" not in path.read_bytes()
    assert IdentityAccessLog.objects.filter(
        user=checker, action=IdentityAccessLog.Action.DENIED, source__codename="PINE"
    ).exists()


def test_an_exported_identity_imports_again_for_its_handler(with_identity, tmp_path):
    path = tmp_path / "ids.json"
    call_command("export_newsroom", "--include-identities", "--as", "handler", "-o", str(path))
    wipe_newsroom()
    import_file(path.read_bytes(), name="ids.json", actor=with_identity)
    source = Source.objects.get(codename="PINE")
    assert source.identity.real_name == "Pak Sample"


def test_include_identities_needs_a_user(db):
    with pytest.raises(CommandError, match="needs --as"):
        call_command("export_newsroom", "--include-identities", "-o", "/dev/null")


def test_assigned_ids_never_collide_with_imported_ones(db):
    outlet = OutletFactory(slug="our-paper", name="Our Paper")
    first = ArticleFactory(outlet=outlet)
    second = ArticleFactory(outlet=outlet, external_id=f"ledger-article-{first.pk}")
    export_bytes("json")
    first.refresh_from_db()
    assert first.external_id == f"ledger-article-{first.pk}-2"
    assert Article.objects.get(pk=second.pk).external_id == f"ledger-article-{first.pk}"
