"""The encrypted identity field: tokens at rest, clear errors, never ciphertext as data."""

import pytest
from cryptography.fernet import Fernet
from django.core import serializers
from django.core.exceptions import FieldError
from django.db import connection

from sources import fields, services
from sources.fields import IdentityKeyError
from sources.models import SourceIdentity

pytestmark = pytest.mark.django_db

PLAIN = "Kim Ok-sun, Hyesan market stall 14"


def _raw_row(pk):
    table = connection.ops.quote_name(SourceIdentity._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT real_name, contact, meeting_notes FROM {table} WHERE source_id = %s", [pk]
        )
        return cursor.fetchone()


@pytest.fixture
def identified():
    return services.source_create(
        codename="LARCH",
        descriptor="a source in Ryanggang Province",
        real_name=PLAIN,
        contact="+86 431 555 0199",
        meeting_notes="Meets in Changbai on market days.",
    )


def test_database_column_holds_tokens_not_plaintext(identified):
    row = _raw_row(identified.pk)
    assert all(value.startswith("gAAAA") for value in row)
    assert PLAIN not in " ".join(row)
    assert "555 0199" not in " ".join(row)


def test_value_round_trips_through_the_orm(identified):
    identity = SourceIdentity.objects.get(source=identified)
    assert identity.real_name == PLAIN
    assert identity.contact == "+86 431 555 0199"


def test_same_value_encrypts_differently_each_time():
    assert fields.encrypt_text(PLAIN) != fields.encrypt_text(PLAIN)


def test_empty_value_stays_empty_and_is_not_encrypted():
    source = services.source_create(codename="ELM", descriptor="a trader", contact="x")
    row = _raw_row(source.pk)
    assert row[0] == "" and row[2] == ""
    assert row[1].startswith("gAAAA")


def test_wrong_key_raises_clear_error_not_ciphertext(identified, settings):
    settings.SOURCE_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(IdentityKeyError, match="cannot be decrypted"):
        SourceIdentity.objects.get(source=identified)


def test_missing_key_raises_clear_error(identified, settings):
    settings.SOURCE_IDENTITY_KEYS = []
    with pytest.raises(IdentityKeyError, match="SOURCE_IDENTITY_KEYS is empty"):
        SourceIdentity.objects.get(source=identified)
    with pytest.raises(IdentityKeyError, match="SOURCE_IDENTITY_KEYS is empty"):
        services.source_create(codename="ASH", descriptor="x", real_name="Someone")


def test_malformed_key_names_its_position(settings):
    settings.SOURCE_IDENTITY_KEYS = [Fernet.generate_key().decode(), "not-a-key"]
    with pytest.raises(IdentityKeyError, match="entry 2 is not a valid Fernet key"):
        fields.encrypt_text("x")
    errors = fields.check_identity_keys()
    assert [error.id for error in errors] == ["sources.E001"]


def test_plaintext_written_past_the_field_is_refused_not_shown(identified):
    table = connection.ops.quote_name(SourceIdentity._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET real_name = %s", [PLAIN])
    with pytest.raises(IdentityKeyError):
        SourceIdentity.objects.get(source=identified)


def test_old_key_still_decrypts_after_a_new_key_is_put_first(identified, settings):
    old = list(settings.SOURCE_IDENTITY_KEYS)
    settings.SOURCE_IDENTITY_KEYS = [Fernet.generate_key().decode(), *old]
    assert SourceIdentity.objects.get(source=identified).real_name == PLAIN
    token = _raw_row(identified.pk)[0]
    assert not fields.encrypted_by_first_key(token)
    assert fields.encrypted_by_first_key(fields.rotate_token(token))


def test_encrypted_column_cannot_be_searched(identified):
    with pytest.raises(FieldError, match="encrypted and cannot be searched"):
        list(SourceIdentity.objects.filter(real_name=PLAIN))
    assert SourceIdentity.objects.filter(real_name__isnull=False).count() == 1


def test_deploy_check_refuses_the_development_key(settings):
    settings.DEBUG = False
    settings.SOURCE_IDENTITY_KEYS = [fields.DEVELOPMENT_KEY]
    assert [e.id for e in fields.check_identity_keys_deploy()] == ["sources.E002"]
    settings.SOURCE_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    assert fields.check_identity_keys_deploy() == []


def test_dumpdata_writes_tokens_and_loaddata_reads_them_back(identified):
    dumped = serializers.serialize("json", SourceIdentity.objects.all())
    assert PLAIN not in dumped and "555 0199" not in dumped
    assert '"real_name": "fernet:gAAAA' in dumped
    SourceIdentity.objects.all().delete()
    for item in serializers.deserialize("json", dumped):
        item.save()
    identity = SourceIdentity.objects.get(source=identified)
    assert (identity.real_name, identity.contact) == (PLAIN, "+86 431 555 0199")
    assert _raw_row(identified.pk)[0].startswith("gAAAA")
