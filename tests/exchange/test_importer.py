"""Tests for importing newsroom files: what gets written, idempotence, and every error."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from sources import roles
from sources.exchange.formats import ExchangeError
from sources.exchange.importer import import_file
from sources.models import (
    Article,
    Claim,
    EvidenceLink,
    IdentityAccessLog,
    LetterOverride,
    Source,
    SourceIdentity,
    SourceRollup,
    Verdict,
)
from tests.exchange.conftest import DATA, snapshot
from tests.factories import UserFactory


def _doc(sample_json: bytes) -> dict:
    return json.loads(sample_json)


def _bytes(document: dict) -> bytes:
    return json.dumps(document).encode("utf-8")


def _find(document: dict, section: str, key: str, value: str) -> dict:
    return next(row for row in document[section] if row[key] == value)


# What a good import writes -----------------------------------------------------------


def test_sample_document_imports_every_entity_through_the_rules(db, sample_json):
    result = import_file(sample_json, name="newsroom_sample.json")

    assert result.counts["claims"] == {"created": 3, "unchanged": 0}
    assert result.counts["links"] == {"created": 3, "unchanged": 0}
    assert Source.objects.get(codename="BIRCH").status == "burned"
    assert Source.objects.get(codename="customs-office").is_confidential is False
    price = Claim.objects.get(external_id="claim-meth-price")
    # ev-retold appeared in an article citing the claim's own article: it must not count.
    retold = EvidenceLink.objects.get(claim=price, evidence__external_id="ev-retold")
    assert retold.is_independent is False
    assert price.outcome == "contradicted"
    weight = Claim.objects.get(external_id="claim-meth-weight")
    assert weight.outcome == "corroborated"
    assert (
        weight.days_to_corroboration
        == (weight.links.get().evidence.observed_on - weight.article.published_on).days
    )
    assert [str(q.value) for q in price.quantities.order_by("id")] == ["9000.0000", "14000.0000"]
    guards = Claim.objects.get(external_id="claim-guards")
    assert guards.outcome == "retracted" and guards.version == 2
    newest = Verdict.objects.filter(claim=guards).first()
    assert newest.original_label == "withdrawn"
    assert newest.decided_at.isoformat() == "2017-03-01T10:00:00.500000+00:00"
    assert sorted(price.attributions.values_list("descriptor", flat=True)) == [
        "an additional source in Ryanggang Province",
        "the source",
    ]
    assert SourceRollup.objects.get(source__codename="PINE").claims == 2
    assert LetterOverride.objects.get(group_key="PINE").letter == "B"
    assert list(Article.objects.get(external_id="bw-2016-0901").cites.all()) == [
        Article.objects.get(external_id="dnk-2016-0825")
    ]
    assert Claim.history.filter(external_id="claim-meth-weight").exists()


def test_imported_people_get_no_role_and_cannot_log_in(db, sample_json):
    import_file(sample_json, name="newsroom_sample.json")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="sample-editor")
    assert not user.has_usable_password()
    assert roles.roles_of(user) == frozenset()


def test_reimporting_the_same_file_changes_nothing(db, sample_json):
    import_file(sample_json, name="newsroom_sample.json")
    before = snapshot()
    result = import_file(sample_json, name="newsroom_sample.json")
    assert snapshot() == before
    assert result.created == 0
    assert result.counts["claims"] == {"created": 0, "unchanged": 3}
    assert result.counts["verdicts"] == {"created": 0, "unchanged": 2}


def test_dry_run_reports_the_counts_and_writes_nothing(db, sample_json):
    before = snapshot()
    result = import_file(sample_json, name="newsroom_sample.json", dry_run=True)
    assert snapshot() == before
    assert result.dry_run and result.counts["evidence"] == {"created": 3, "unchanged": 0}
    assert "Dry run" in result.summary()


def test_claims_csv_adds_claims_articles_and_attributions(db, sample_json, claims_csv):
    import_file(sample_json, name="newsroom_sample.json")
    result = import_file(claims_csv, name="claims_sample.csv")
    assert result.counts["claims"] == {"created": 2, "unchanged": 0}
    assert result.counts["articles"] == {"created": 1, "unchanged": 0}
    claim = Claim.objects.get(external_id="csv-claim-1")
    assert claim.article.headline == "Rice prices climb in Hyesan"
    assert sorted(claim.topics.values_list("slug", flat=True)) == [
        "border-security",
        "drug-trade",
    ]
    assert list(claim.attributions.values_list("source__codename", "descriptor")) == [
        ("PINE", "a source in Ryanggang Province"),
        ("BIRCH", "another source in the province"),
    ]
    assert Claim.objects.get(external_id="csv-claim-2").credibility == 5
    before = snapshot()
    import_file(claims_csv, name="claims_sample.csv")
    assert snapshot() == before


def test_command_imports_and_dry_runs(db, tmp_path, sample_json, capsys):
    path = tmp_path / "newsroom.json"
    path.write_bytes(sample_json)
    call_command("import_newsroom", str(path), "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert not Claim.objects.exists()
    call_command("import_newsroom", str(path))
    assert "claims: 3 created" in capsys.readouterr().out
    assert Claim.objects.count() == 3


def test_command_imports_only_as_an_editor_or_admin(db, tmp_path, sample_json):
    UserFactory(username="a-reporter", roles=[roles.REPORTER])
    UserFactory(username="an-editor", roles=[roles.EDITOR])
    path = tmp_path / "newsroom.json"
    path.write_bytes(sample_json)
    with pytest.raises(CommandError, match="a-reporter may not import"):
        call_command("import_newsroom", str(path), "--as", "a-reporter")
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("import_newsroom", str(path), "--as", "nobody")
    with pytest.raises(CommandError, match="is a directory"):
        call_command("import_newsroom", str(tmp_path), "--as", "an-editor")
    assert not Claim.objects.exists()
    call_command("import_newsroom", str(path), "--as", "an-editor", "--no-progress")
    assert Claim.objects.count() == 3


def test_large_files_show_a_progress_bar_on_stderr(db, tmp_path, capsys):
    document = {"topics": [{"slug": f"topic-{n}", "name": f"Topic {n}"} for n in range(250)]}
    path = tmp_path / "topics.json"
    path.write_bytes(_bytes(document))
    call_command("import_newsroom", str(path))
    captured = capsys.readouterr()
    assert "Importing" in captured.err and "250/250" in captured.err
    assert "topics: 250 created" in captured.out


# Identity details ----------------------------------------------------------------------


def _with_identity(sample_json: bytes) -> bytes:
    document = _doc(sample_json)
    _find(document, "sources", "codename", "PINE")["identity"] = {
        "real_name": "Pak Sample",
        "contact": "a burner phone",
        "meeting_notes": "",
    }
    return _bytes(document)


def test_identity_details_are_refused_without_an_authorized_importer(db, sample_json):
    editor = UserFactory(username="an-editor", roles=[roles.EDITOR])
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        import_file(_with_identity(sample_json), name="x.json")
    assert "sources row 2, field 'identity'" in str(caught.value)
    with pytest.raises(ExchangeError):
        import_file(_with_identity(sample_json), name="x.json", actor=editor)
    assert snapshot() == before


def test_identity_details_are_refused_to_an_admin_who_does_not_handle_the_source(db, sample_json):
    """``can_edit_identity`` says handler only; the importer asks it too."""
    admin = UserFactory(username="boss", roles=[roles.ADMIN], is_staff=True)
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        import_file(_with_identity(sample_json), name="x.json", actor=admin)
    assert "only by the source's handling reporter" in str(caught.value)
    assert snapshot() == before


def test_identity_details_are_stored_encrypted_for_the_handler(db, sample_json):
    handler = UserFactory(username="sample-reporter", roles=[roles.REPORTER])
    import_file(_with_identity(sample_json), name="x.json", actor=handler)
    identity = SourceIdentity.objects.get(source__codename="PINE")
    assert identity.real_name == "Pak Sample"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT real_name FROM {SourceIdentity._meta.db_table} WHERE source_id = %s",
            [identity.source_id],
        )
        (stored,) = cursor.fetchone()
    assert "Pak" not in stored and stored.startswith("gAAAA")
    assert IdentityAccessLog.objects.filter(
        source__codename="PINE", user=handler, action=IdentityAccessLog.Action.EDIT
    ).exists()


def test_the_handling_reporter_may_import_their_sources_identity(db, sample_json):
    handler = UserFactory(username="sample-reporter", roles=[roles.REPORTER])
    import_file(_with_identity(sample_json), name="x.json", actor=handler)
    assert SourceIdentity.objects.get(source__codename="PINE").contact == "a burner phone"


# Errors: each leaves the database as it was, and says where --------------------------


def _refused(data: bytes, name: str, *expected: str) -> ExchangeError:
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        import_file(data, name=name)
    assert snapshot() == before
    message = str(caught.value)
    for fragment in expected:
        assert fragment in message, message
    return caught.value


@pytest.fixture
def imported(db, sample_json):
    """A newsroom already holding the sample, so errors must leave it untouched."""
    import_file(sample_json, name="newsroom_sample.json")


def test_a_bad_row_is_refused(imported, sample_json):
    document = _doc(sample_json)
    document["claims"].append(
        {"external_id": "claim-new", "article": "dnk-2016-0825", "attributions": []}
    )
    _refused(
        _bytes(document),
        "bad.json",
        "claims row 4, field 'text': is required.",
        "claims row 4, field 'attributions': is required.",
    )


def test_a_row_that_is_not_an_object_is_refused(imported, sample_json):
    document = _doc(sample_json)
    document["evidence"].append(["not", "an", "object"])
    _refused(_bytes(document), "bad.json", "evidence row 4: must be an object.")


def test_an_unknown_reference_is_refused(imported, sample_json):
    document = _doc(sample_json)
    document["claims"][0]["external_id"] = "claim-fresh"
    document["claims"][0]["attributions"] = [{"source": "NOBODY", "descriptor": ""}]
    document["links"][0]["evidence"] = "ev-missing"
    _refused(
        _bytes(document),
        "bad.json",
        "claims row 1, attributions 1, field 'source': unknown source 'NOBODY'",
        "links row 1, field 'evidence': unknown evidence 'ev-missing'",
    )


def test_a_duplicate_is_refused(imported, sample_json):
    document = _doc(sample_json)
    copy = dict(document["claims"][2], text="Another text under the same id.")
    document["claims"].append(copy)
    document["links"].append(dict(document["links"][0]))
    _refused(
        _bytes(document),
        "bad.json",
        "claims row 4, field 'external_id': duplicate claim 'claim-meth-weight' "
        "(first given at claims row 3)",
        "links row 4, field 'claim': duplicate link",
    )


def test_a_new_outlet_reusing_a_taken_name_is_refused(imported):
    document = {"outlets": [{"slug": "dailynk-2", "name": "Daily NK"}]}
    _refused(_bytes(document), "bad.json", "outlets row 1, field 'name': 'Daily NK' is already")


def test_wrong_types_are_refused(imported, sample_json):
    document = _doc(sample_json)
    claim = dict(document["claims"][0], external_id="claim-typed")
    claim["credibility"] = "three"
    claim["event_start"] = "25/08/2016"
    claim["topics"] = "drug-trade"
    claim["quantities"] = [{"value": "eight", "unit": "kg"}]
    document["claims"].append(claim)
    document["sources"][0]["is_confidential"] = "yes"
    error = _refused(
        _bytes(document),
        "bad.json",
        "claims row 4, field 'credibility': must be a whole number",
        "claims row 4, field 'event_start': '25/08/2016' is not a date (YYYY-MM-DD).",
        "claims row 4, field 'topics': must be a list",
        "claims row 4, quantities 1, field 'value': 'eight' is not a number.",
        "sources row 1, field 'is_confidential': must be true or false",
    )
    assert len(error.problems) == 5


def test_an_out_of_range_value_is_refused(imported, sample_json):
    document = _doc(sample_json)
    document["links"][0]["relation"] = "proves"
    document["claims"][0]["credibility"] = 9
    _refused(
        _bytes(document),
        "bad.json",
        "links row 1, field 'relation': 'proves' is not one of",
        "claims row 1, field 'credibility': 9 is not one of",
    )


@pytest.mark.parametrize("name", ["empty.json", "empty.csv", "empty.zip"])
@pytest.mark.parametrize("content", [b"", b"   \n"])
def test_an_empty_file_is_refused(imported, name, content):
    _refused(content, name, f"{name}: the file is empty.")


def test_a_document_without_rows_is_refused(imported):
    _refused(b"{}", "nothing.json", "the document has no rows")


def test_a_wrong_encoding_is_refused(imported, sample_json, claims_csv):
    document = _doc(sample_json)
    document["claims"][0]["text"] = "Le résident a dit que le prix a augmenté."
    latin = json.dumps(document, ensure_ascii=False).encode("latin-1")
    _refused(latin, "latin.json", "latin.json line", "not UTF-8 text (byte 0xe9")
    csv_latin = claims_csv.decode("utf-8").replace("a third", "un tiers é").encode("latin-1")
    _refused(csv_latin, "latin.csv", "latin.csv line 2", "not UTF-8")


def test_a_truncated_json_file_is_refused(imported, sample_json):
    cut = sample_json[: len(sample_json) // 2]
    error = _refused(cut, "cut.json", "cut.json line", "not valid JSON")
    assert "truncated" in str(error)


def test_a_truncated_csv_file_is_refused(imported, claims_csv):
    text = claims_csv.decode("utf-8")
    cut = text[: text.rindex(",PINE")]  # the last row loses its last cells
    _refused(cut.encode("utf-8"), "cut.csv", "cut.csv line 4", "truncated")


def test_a_truncated_zip_file_is_refused(imported, sample_json):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("topics.csv", "slug,name\n" + "".join(f"t{n},T {n}\n" for n in range(99)))
    data = buffer.getvalue()
    _refused(data[: len(data) - 30], "cut.zip", "cut.zip", "truncated")


def test_a_csv_claim_whose_rows_disagree_is_refused(imported, claims_csv):
    text = claims_csv.decode("utf-8").replace(
        "csv-claim-1,csv-article-1,,,,,,,,,,,BIRCH", "csv-claim-1,other-article,,,,,,,,,,,BIRCH"
    )
    _refused(text.encode(), "bad.csv", "bad.csv line 3, field 'article': differs from")


def test_a_csv_missing_a_column_is_refused(imported):
    _refused(b"external_id,text\nx,y\n", "bad.csv", "bad.csv line 1", "missing column(s)")


def test_a_failed_import_names_problems_in_the_command_and_exits_non_zero(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"claims": [{"external_id": "x"}]}')
    with pytest.raises(CommandError) as caught:
        call_command("import_newsroom", str(path))
    message = str(caught.value)
    assert message.startswith("Nothing was imported")
    assert "claims row 1, field 'article': is required." in message


def test_an_event_that_ends_before_it_starts_is_refused(imported, sample_json):
    document = _doc(sample_json)
    claim = dict(document["claims"][0], external_id="claim-backwards")
    claim["event_start"], claim["event_end"] = "2016-08-20", "2016-08-01"
    document["claims"].append(claim)
    _refused(_bytes(document), "bad.json", "claims row 4, field 'event_end': ends before")


def test_quantities_keep_four_decimal_places(db, sample_json):
    document = _doc(sample_json)
    claim = _find(document, "claims", "external_id", "claim-meth-weight")
    claim["quantities"] = [{"value": 48000000, "unit": "KPW", "label": ""}]
    import_file(_bytes(document), name="x.json")
    claim = Claim.objects.get(external_id="claim-meth-weight")
    assert claim.quantities.get().value == Decimal("48000000")


def test_sample_files_are_present_and_ours():
    assert (DATA / "newsroom_sample.json").exists() and (DATA / "claims_sample.csv").exists()


def test_the_example_in_the_docs_imports(db):
    text = (Path(settings.BASE_DIR) / "docs" / "import-export.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    result = import_file(example.encode("utf-8"), name="docs.json")
    assert result.counts["claims"] == {"created": 1, "unchanged": 0}
    claim = Claim.objects.get(external_id="claim-meth-price")
    # A verdict whose decider is unknown still imports, and still rules.
    assert claim.outcome == "corroborated" and claim.verdicts.get().decided_by is None


def test_the_bulk_path_for_large_files_writes_what_the_services_write(db, sample_json, claims_csv):
    from sources.exchange.exporter import export_bytes
    from tests.exchange.conftest import wipe_newsroom

    handler = UserFactory(username="sample-reporter", roles=[roles.REPORTER])
    data = _with_identity(sample_json)

    def load(threshold: int):
        import_file(data, name="s.json", actor=handler, bulk_threshold=threshold)
        import_file(claims_csv, name="c.csv", bulk_threshold=threshold)
        rollups = list(
            SourceRollup.objects.order_by("source__codename").values_list(
                "source__codename", "claims", "corroborated", "contradicted", "retracted"
            )
        )
        outcomes = dict(Claim.objects.values_list("external_id", "outcome"))
        return export_bytes("json"), rollups, outcomes

    in_bulk = load(threshold=1)
    claim = Claim.objects.get(external_id="claim-meth-weight")
    assert claim.history.get(history_type="+").history_user.username == "sample-reporter"
    assert SourceIdentity.objects.get(source__codename="PINE").real_name == "Pak Sample"
    wipe_newsroom()
    one_by_one = load(threshold=10**9)
    assert in_bulk == one_by_one


def test_a_liar_file_is_sent_to_its_own_command(db):
    _refused(b"1.json\ttrue\tA statement.\n", "test.tsv", "LIAR files go to import_liar")


# The bulk path writes through the bulk services -------------------------------------


def _no_drift() -> None:
    from sources.management.commands.verify_rollups import (
        claim_differences,
        descriptor_differences,
        rollup_differences,
    )

    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
    assert descriptor_differences() == []


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["bulk", "row-by-row"])
def test_both_paths_key_descriptors_and_leave_nothing_to_verify(db, sample_json, threshold):
    from sources.domain.rules import descriptor_group
    from sources.models import Attribution

    import_file(sample_json, name="s.json", bulk_threshold=threshold)
    keys = dict(Attribution.objects.values_list("descriptor", "descriptor_key"))
    assert keys and all(key == descriptor_group(printed) for printed, key in keys.items())
    assert keys["an additional source in Ryanggang Province"] == (
        "an additional source in ryanggang province"
    )
    _no_drift()


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["bulk", "row-by-row"])
def test_a_story_dated_after_today_is_refused_naming_its_row(db, sample_json, threshold):
    document = _doc(sample_json)
    document["articles"][0]["published_on"] = "2999-01-01"
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        import_file(_bytes(document), name="s.json", bulk_threshold=threshold)
    assert "published_on" in str(caught.value) and "after today" in str(caught.value)
    assert snapshot() == before
