"""An encrypted text field for source identity details.

Values are encrypted with MultiFernet under the keys in
``settings.SOURCE_IDENTITY_KEYS``: the first key encrypts, every key decrypts,
so a new key can be put first and old rows re-encrypted at leisure
(``manage.py rotate_identity_keys``). The database column only ever holds
Fernet tokens; a wrong or missing key raises ``IdentityKeyError`` rather than
showing ciphertext as if it were data.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models


class IdentityKeyError(ImproperlyConfigured):
    """The identity keys are missing, malformed, or cannot decrypt a value."""


@lru_cache(maxsize=1)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise IdentityKeyError(
            "SOURCE_IDENTITY_KEYS is empty: set it to a comma-separated list of "
            "Fernet keys (the first one encrypts) to store or read identity details."
        )
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError):
            raise IdentityKeyError(
                f"SOURCE_IDENTITY_KEYS entry {position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from None
    return MultiFernet(fernets)


def identity_fernet() -> MultiFernet:
    """Return the MultiFernet built from the configured keys."""
    return _fernet_for(tuple(settings.SOURCE_IDENTITY_KEYS))


def _clear_cache(*, setting: str, **kwargs) -> None:
    if setting == "SOURCE_IDENTITY_KEYS":
        _fernet_for.cache_clear()


setting_changed.connect(_clear_cache)


def encrypt_text(plaintext: str) -> str:
    return identity_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return identity_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise IdentityKeyError(
            "An identity value cannot be decrypted with SOURCE_IDENTITY_KEYS: "
            "the key that encrypted it is missing or the value is damaged."
        ) from None


def rotate_token(token: str) -> str:
    """Return ``token`` re-encrypted under the first key."""
    try:
        return identity_fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise IdentityKeyError(
            "An identity value cannot be rotated: no configured key decrypts it."
        ) from None


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; the empty string stays empty."""

    description = "Text encrypted at rest with MultiFernet"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_internal_type(self) -> str:
        return "TextField"
