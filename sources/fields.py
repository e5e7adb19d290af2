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
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

# The development key from newsroom/settings.py; a deployment must never use it.
DEVELOPMENT_KEY = "ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE="


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
    return _fernet_for(tuple(getattr(settings, "SOURCE_IDENTITY_KEYS", ()) or ()))


def _clear_cache(*, setting: str, **kwargs) -> None:
    if setting == "SOURCE_IDENTITY_KEYS":
        _fernet_for.cache_clear()


setting_changed.connect(_clear_cache)


def encrypt_text(plaintext: str) -> str:
    return identity_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_text(token) -> str:
    """Return the plaintext of ``token``; never the token itself.

    Anything that is not a token one of the keys made (a wrong key, a damaged
    value, plaintext written past the field) raises ``IdentityKeyError``.
    """
    if isinstance(token, memoryview | bytes):
        token = bytes(token).decode("ascii", errors="replace")
    try:
        return identity_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError, TypeError, AttributeError):
        raise IdentityKeyError(
            "An identity value cannot be decrypted with SOURCE_IDENTITY_KEYS: "
            "the key that encrypted it is missing or the value is damaged."
        ) from None


def rotate_token(token: str) -> str:
    """Return ``token`` re-encrypted under the first key."""
    try:
        return identity_fernet().rotate(token.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError, TypeError, AttributeError):
        raise IdentityKeyError(
            "An identity value cannot be rotated: no configured key decrypts it."
        ) from None


def encrypted_by_first_key(token: str) -> bool:
    """Return whether ``token`` decrypts under the first configured key alone."""
    first = identity_fernet()._fernets[0]
    try:
        first.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


# Marks a serialized (dumpdata) value as a token rather than text.
SERIALIZED_PREFIX = "fernet:"


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; the empty string stays empty.

    Encryption is randomised, so the column cannot be searched: every lookup
    except ``isnull`` raises ``FieldError`` instead of silently matching nothing.
    """

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

    def value_to_string(self, obj) -> str:
        """Serialize as a prefixed token, so dumpdata never writes plaintext identities."""
        value = self.value_from_object(obj)
        if value is None or value == "":
            return value
        return SERIALIZED_PREFIX + encrypt_text(value)

    def to_python(self, value):
        """Read back what ``value_to_string`` wrote (loaddata); leave other text alone."""
        if isinstance(value, str) and value.startswith(SERIALIZED_PREFIX):
            return decrypt_text(value[len(SERIALIZED_PREFIX) :])
        return super().to_python(value)

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted and cannot be searched "
                f"with '{lookup_name}'."
            )
        return super().get_lookup(lookup_name)

    def get_internal_type(self) -> str:
        return "TextField"


@checks.register(checks.Tags.security)
def check_identity_keys(app_configs=None, **kwargs):
    """Refuse malformed identity keys at start-up, before any identity is read."""
    keys = getattr(settings, "SOURCE_IDENTITY_KEYS", ())
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                checks.Error(
                    f"SOURCE_IDENTITY_KEYS entry {position} is not a valid Fernet key.",
                    hint="Generate one with: python -c 'from cryptography.fernet import "
                    "Fernet; print(Fernet.generate_key().decode())'",
                    id="sources.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_identity_keys_deploy(app_configs=None, **kwargs):
    """A deployment must not encrypt identities with the published development key."""
    if not settings.DEBUG and DEVELOPMENT_KEY in getattr(settings, "SOURCE_IDENTITY_KEYS", ()):
        return [
            checks.Error(
                "SOURCE_IDENTITY_KEYS contains the development key, which is public.",
                hint="Put a fresh key first, run rotate_identity_keys, then drop the dev key.",
                id="sources.E002",
            )
        ]
    return []
