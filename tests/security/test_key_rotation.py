"""rotate_identity_keys: every row ends up under the first key, and nothing is lost."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from sources import fields, services
from sources.models import SourceIdentity

pytestmark = pytest.mark.django_db

TABLE = SourceIdentity._meta.db_table


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT real_name, contact, meeting_notes FROM {TABLE} WHERE source_id = %s", [pk]
        )
        return cursor.fetchone()


@pytest.fixture
def old_key(settings):
    key = Fernet.generate_key().decode()
    settings.SOURCE_IDENTITY_KEYS = [key]
    return key


@pytest.fixture
def identities(old_key):
    return [
        services.source_create(
            codename=f"BIRCH-{n}",
            descriptor="a trader in Hyesan",
            real_name=f"Real name {n}",
            contact=f"phone {n}" if n % 2 else "",
            meeting_notes=f"Notes {n}",
        )
        for n in range(4)
    ]


def test_round_trip_re_encrypts_every_row_under_the_new_key(settings, old_key, identities):
    before = {s.pk: _raw(s.pk) for s in identities}
    new_key = Fernet.generate_key().decode()
    settings.SOURCE_IDENTITY_KEYS = [new_key, old_key]

    with pytest.raises(CommandError, match="Run rotate_identity_keys"):
        call_command("rotate_identity_keys", "--check", verbosity=0)

    call_command("rotate_identity_keys", verbosity=0)
    call_command("rotate_identity_keys", "--check", verbosity=0)  # now clean

    for source in identities:
        after = _raw(source.pk)
        assert after != before[source.pk]
        for old_token, new_token in zip(before[source.pk], after, strict=True):
            assert bool(old_token) == bool(new_token)  # empty stays empty
            if new_token:
                assert Fernet(new_key).decrypt(new_token.encode())  # readable by new key alone

    settings.SOURCE_IDENTITY_KEYS = [new_key]  # the old key is dropped
    for n, source in enumerate(identities):
        identity = SourceIdentity.objects.get(source=source)
        assert identity.real_name == f"Real name {n}"
        assert identity.contact == (f"phone {n}" if n % 2 else "")
        assert identity.meeting_notes == f"Notes {n}"


def test_without_the_old_key_nothing_is_written_and_the_row_is_named(settings, identities):
    before = {s.pk: _raw(s.pk) for s in identities}
    settings.SOURCE_IDENTITY_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match=rf"Source {identities[0].pk}, field real_name"):
        call_command("rotate_identity_keys", verbosity=0)
    assert {s.pk: _raw(s.pk) for s in identities} == before


def test_one_damaged_row_stops_the_run_before_any_write(settings, old_key, identities):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET meeting_notes = %s WHERE source_id = %s",
            ["not-a-token", identities[-1].pk],
        )
    before = {s.pk: _raw(s.pk) for s in identities}
    settings.SOURCE_IDENTITY_KEYS = [Fernet.generate_key().decode(), old_key]
    with pytest.raises(CommandError, match=rf"Source {identities[-1].pk}, field meeting_notes"):
        call_command("rotate_identity_keys", verbosity=0)
    assert {s.pk: _raw(s.pk) for s in identities} == before


def test_rotating_twice_is_harmless(settings, old_key, identities):
    call_command("rotate_identity_keys", verbosity=0)
    call_command("rotate_identity_keys", verbosity=0)
    assert all(fields.encrypted_by_first_key(_raw(s.pk)[0]) for s in identities)
    assert SourceIdentity.objects.get(source=identities[2]).real_name == "Real name 2"
