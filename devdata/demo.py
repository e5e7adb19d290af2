"""Load the sample newsroom: demo logins first, then the fixture through the importer.

The newsroom itself is ``fixtures/demo.json``, an exchange document in the
project's own format (docs/import-export.md). It is imported acting as the
demo editor, so every domain write goes through ``sources.services`` exactly
as a newsroom's own import would, and the demo exercises the importer.

What the format does not carry, or carries only for a particular user, is
done here:

- logins: passwords, role groups and the staff and superuser flags (names
  and emails come from the fixture's ``users`` rows);
- desk memberships, applied again on every run so the demo logins are back
  on their desks;
- identity details: the importer accepts them only from the source's
  handling reporter, so they are taken out of the document before it is
  imported and written afterwards by ``services.identity_update`` acting as
  that reporter;
- past vettings (``VETTINGS``), which the exchange format does not carry:
  the source card shows the record as of each, beside the record now.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from sources import permissions, roles, services
from sources.exchange.formats import (
    IDENTITY_FIELDS,
    Document,
    ExchangeError,
    Problem,
    Row,
    read,
)
from sources.exchange.importer import ImportResult, import_document
from sources.models import Desk, Source, SourceIdentity, Vetting

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "demo.json"


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    is_staff: bool = False
    is_superuser: bool = False


# One login per role (three reporters, on two desks). The passwords are published
# in the docs; load_demo resets them, which is why it runs only with DEBUG on.
LOGINS: tuple[Login, ...] = (
    Login("editor", "ledger-editor-2016", roles.EDITOR),
    Login("reporter", "ledger-reporter-2016", roles.REPORTER),
    Login("reporter2", "ledger-reporter2-2016", roles.REPORTER),
    Login("reporter3", "ledger-reporter3-2016", roles.REPORTER),
    Login("checker", "ledger-checker-2016", roles.FACT_CHECKER),
    Login("admin", "ledger-admin-2016", roles.ADMIN, is_staff=True, is_superuser=True),
)
# The demo login the fixture is imported as.
IMPORTER = "editor"
# Past vettings (editor, codename, when): the editor looked PINE up the day before the
# reference story ran, so PINE's card shows the record then beside the record now.
VETTINGS: tuple[tuple[str, str, datetime.datetime], ...] = (
    ("editor", "PINE", datetime.datetime(2016, 8, 24, 9, 30, tzinfo=datetime.UTC)),
)


@dataclass(frozen=True)
class DemoResult:
    imported: ImportResult
    identities: int

    @property
    def created(self) -> int:
        return self.imported.created + self.identities

    def created_in(self, section: str) -> int:
        return self.imported.counts.get(section, {}).get("created", 0)


def fixture_document(*, path: Path = FIXTURE) -> Document:
    """Read the fixture with the importer's own reader, so a malformed file fails the same way."""
    return read(path.read_bytes(), name=path.name)


@transaction.atomic
def demo_load(*, path: Path = FIXTURE) -> DemoResult:
    """Create or reset the demo logins, then import the fixture; all of it or nothing.

    Running it again resets the logins and creates nothing else: the import
    skips rows it already holds, and identities are written only where a
    source has none.
    """
    document = fixture_document(path=path)
    users = _logins_reset(document)
    identities = _identities_take(document)
    if not permissions.can_exchange(viewer=users[IMPORTER]):
        raise ExchangeError(Problem(path.name, f"the demo login '{IMPORTER}' may not import."))
    imported = import_document(document, actor=users[IMPORTER])
    _desks_rejoin(document)
    written = _identities_write(identities)
    _vettings_record(users)
    return DemoResult(imported=imported, identities=written)


def _vettings_record(users: dict) -> None:
    """Record the demo's past vettings through the service, once each."""
    for username, codename, at in VETTINGS:
        source = Source.objects.get(codename=codename)
        if not Vetting.objects.filter(source=source, at=at).exists():
            services.vetting_record(editor=users[username], source=source, at=at)


def _logins_reset(document: Document) -> dict:
    """Create the demo logins, or bring them back to their demo names, passwords and roles."""
    people = {row.values.get("username"): row for row in document.rows("users")}
    User = get_user_model()
    users = {}
    for login in LOGINS:
        row = people.get(login.username)
        if row is None:
            raise ExchangeError(
                Problem("users", f"the fixture has no row for the demo login '{login.username}'.")
            )
        user, _ = User.objects.get_or_create(username=login.username)
        user.first_name = row.values.get("first_name", "")
        user.last_name = row.values.get("last_name", "")
        user.email = row.values.get("email", "")
        user.is_staff, user.is_superuser = login.is_staff, login.is_superuser
        user.is_active = True
        user.set_password(login.password)
        user.full_clean(exclude=["password"])
        user.save()
        user.groups.add(Group.objects.get(name=login.role))
        users[login.username] = user
    return users


def _identities_take(document: Document) -> list[tuple[Row, dict]]:
    """Remove identity details from the source rows and return them with their rows."""
    taken = []
    for row in document.rows("sources"):
        identity = row.values.pop("identity", None)
        if identity in (None, {}):
            continue
        if (
            not isinstance(identity, dict)
            or set(identity) - set(IDENTITY_FIELDS)
            or not all(isinstance(value, str) for value in identity.values())
        ):
            raise ExchangeError(
                Problem(
                    row.where,
                    f"must be an object of texts, with the keys {', '.join(IDENTITY_FIELDS)}.",
                    "identity",
                )
            )
        taken.append((row, identity))
    return taken


def _desks_rejoin(document: Document) -> None:
    """Put every member the fixture names back on their desk (the import adds them once)."""
    User = get_user_model()
    for row in document.rows("desks"):
        members = User.objects.filter(username__in=row.values.get("members") or ())
        Desk.objects.get(slug=row.values["slug"]).members.add(*members)


def _identities_write(taken: list[tuple[Row, dict]]) -> int:
    """Write each identity as the source's handling reporter, where the source has none yet."""
    written = 0
    for row, identity in taken:
        source = Source.objects.select_related("handler").get(codename=row.values["codename"])
        if SourceIdentity.objects.filter(source=source).exists():
            continue
        if not permissions.can_edit_identity(viewer=source.handler, obj=source):
            raise ExchangeError(
                Problem(
                    row.where,
                    "only the source's handling reporter may record its identity, and a burned "
                    "source has none; give the source a handler who is a reporter, or leave "
                    "the identity out.",
                    "identity",
                )
            )
        try:
            services.identity_update(
                source=source,
                actor=source.handler,
                **{name: identity.get(name, "") for name in IDENTITY_FIELDS},
            )
        except ValidationError as error:
            raise ExchangeError(Problem(row.where, " ".join(error.messages), "identity")) from None
        written += 1
    return written
