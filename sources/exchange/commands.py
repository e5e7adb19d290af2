"""What the import commands share: reading the file, the ``--as`` user, the errors.

``import_newsroom`` and ``import_liar`` differ only in the importer they call;
both refuse a file that cannot be read, an unknown ``--as`` user and one who
may not import, with the same messages. Who may import is
``permissions.can_exchange``, as on the exchange page: editors and admins,
never a fact-checker, whatever else they hold.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from sources import permissions
from sources.exchange.formats import ExchangeError


def read_file(path: Path) -> bytes:
    """Return the file's bytes, or raise CommandError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a file.") from None


def importing_user(username: str | None):
    """Return the ``--as`` user, who must be allowed to import; None when not given."""
    if not username:
        return None
    User = get_user_model()
    try:
        user = User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"--as: no user '{username}'.") from None
    if not permissions.can_exchange(viewer=user):
        raise CommandError(
            f"--as: {user.get_username()} may not import: only editors and admins may, "
            "and never a fact-checker."
        )
    return user


def run_import(
    importer: Callable, *, path: Path, username: str | None, dry_run: bool, progress: bool
) -> str:
    """Import ``path`` with ``importer`` as the ``--as`` user and return its summary.

    Check the user before reading anything, so a refused user learns nothing
    about the file. A file with problems raises CommandError listing them.
    """
    actor = importing_user(username)
    data = read_file(path)
    try:
        result = importer(data, name=path.name, actor=actor, dry_run=dry_run, progress=progress)
    except ExchangeError as error:
        raise CommandError(
            f"Nothing was imported: {len(error.problems)} problem(s) in {path.name}.\n"
            + error.summary()
        ) from None
    return result.summary()
