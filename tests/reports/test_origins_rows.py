"""Per-claim rows carry the claim's origins: ``independent_origins``, ``not_established``,
``likely_copies`` (the contract of issue 13)."""

from __future__ import annotations

import pytest

from sources import reports, roles, services
from sources.domain.vocab import CopyRuling
from sources.models import CopyFlag
from tests.factories import OutletFactory, SourceFactory, UserFactory
from tests.origins_fixture import build_origins

pytestmark = pytest.mark.django_db


def _row(viewer, claim) -> dict:
    rows = {
        row["id"]: row for row in map(reports.claim_as_dict, reports.claims_report(viewer=viewer))
    }
    return {
        name: rows[claim.pk][name]
        for name in ("independent_origins", "not_established", "likely_copies", "outcome")
    }


def test_per_claim_rows_count_origins_and_what_awaits_review():
    editor = UserFactory(username="rows-editor", roles=[roles.EDITOR])
    found = build_origins(
        source=SourceFactory(codename="LARCH"),
        peer=SourceFactory(codename="PINE"),
        outlet=OutletFactory(),
        wire_outlet=OutletFactory(),
        editor=editor,
        checker=editor,
    )
    assert {"independent_origins", "not_established", "likely_copies"} <= set(
        reports.CLAIM_EXPORT_FIELDS
    )
    assert _row(editor, found.claim) == {
        "independent_origins": 0,
        "not_established": 1,
        "likely_copies": 1,
        "outcome": "pending",
    }
    services.link_relay_confirm(link=found.relay_link, reason="Named witness.", actor=editor)
    services.copy_rule(
        flag=CopyFlag.objects.get(),
        ruling=CopyRuling.NOT_COPY,
        reason="Own reporting.",
        actor=editor,
    )
    # The wire's own article and the relayed defector: two origins, nothing awaiting.
    assert _row(editor, found.claim) == {
        "independent_origins": 2,
        "not_established": 0,
        "likely_copies": 0,
        "outcome": "corroborated",
    }
