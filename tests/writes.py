"""Writes made the way a page, an import or the admin makes them, on a ``pages_data`` newsroom.

Shared by the tests of what a write invalidates: the versions it bumps
(tests/cross_cutting/test_cache_versions.py) and the cached pages that must
show it at once (tests/views/test_fragments.py). Each takes the newsroom and
the editor who acts.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.test import Client

from sources import roles, services
from sources.exchange.importer import import_file
from sources.models import EvidenceLink
from tests.factories import UserFactory
from tests.jobs.documents import document_bytes
from tests.views.pages_data import corroborate


def link(room, editor):
    corroborate(room.claims[0])


def unlink(room, editor):
    services.evidence_unlink(link=EvidenceLink.objects.get(), actor=editor)


def verdict(room, editor):
    claim = room.claims[0]
    claim.refresh_from_db()
    services.verdict_decide(
        claim=claim, outcome="contradicted", reason="A second trader denies it.", decided_by=editor
    )


def letter(room, editor):
    services.letter_override_record(
        group_kind="source",
        group_key=str(room.larch.pk),
        letter="B",
        reason="Known to us for years.",
        recorded_by=editor,
    )


def burn(room, editor):
    services.source_burn(source=room.birch, actor=editor, reason="Exposed by a leak.")


def import_more(room, editor):
    import_file(document_bytes(claims=2, prefix="imp"), name="more.json", actor=editor)


def edit_article(room, editor):
    services.article_update(
        article=room.article, data={"headline": "Cadres move meth, a second look"}, actor=editor
    )


def correct_claim(room, editor):
    services.claim_update(
        claim=room.claims[0],
        data={"text": "Cadres bought crystal meth inland at 9,500 RMB per kilogram."},
        actor=editor,
    )


def assign(room, editor):
    checker = UserFactory(username="checker2", roles=[roles.FACT_CHECKER])
    services.claim_assign(claim=room.claims[0], assignee=checker, actor=editor)


def forecast(room, editor):
    services.forecast_record(claim=room.claims[0], author=editor, percent=73)


def rename_source(room, editor):
    services.source_update(source=room.larch, data={"codename": "SPRUCE"}, actor=editor)


def edit_evidence(room, editor):
    evidence = EvidenceLink.objects.get().evidence
    services.evidence_update(
        evidence=evidence, data={"summary": "Court papers name the buyer."}, actor=editor
    )


def rename_topic(room, editor):
    # What the admin does: a plain save of a reference row.
    room.drugs.name = "Narcotics trade"
    room.drugs.save()


def rename_staff(room, editor):
    # What the admin does to an account: a plain save.
    editor.first_name = "Ona"
    editor.save()


def give_role(room, editor):
    editor.groups.add(Group.objects.get(name=roles.FACT_CHECKER))


def sign_in(room, editor):
    # Django saves last_login alone at each sign-in; no page shows it.
    Client().force_login(editor)
