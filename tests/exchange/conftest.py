"""Helpers for the exchange tests: sample files, a database snapshot, a wipe."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from sources import models

DATA = Path(__file__).resolve().parent.parent / "data" / "exchange"
LIAR_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "liar"


@pytest.fixture
def sample_json() -> bytes:
    return (DATA / "newsroom_sample.json").read_bytes()


@pytest.fixture
def claims_csv() -> bytes:
    return (DATA / "claims_sample.csv").read_bytes()


def snapshot() -> dict[str, int]:
    """Return the row count of every table an import could touch, history included."""
    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("sources").get_models()
    }
    counts["users"] = get_user_model().objects.count()
    counts["article_cites"] = models.Article.cites.through.objects.count()
    counts["claim_topics"] = models.Claim.topics.through.objects.count()
    counts["desk_members"] = models.Desk.members.through.objects.count()
    return counts


def wipe_newsroom() -> None:
    """Delete every domain row (not the users), as if the newsroom were new."""
    for model in (
        models.Verdict,
        models.EvidenceLink,
        models.LetterOverride,
        models.IdentityAccessLog,
    ):
        model.objects.all().delete()
    models.Evidence.cites.through.objects.all().delete()
    models.Evidence.objects.all().delete()
    models.Claim.objects.all().delete()
    models.Article.cites.through.objects.all().delete()
    models.Article.objects.all().delete()
    models.Source.objects.all().delete()
    for model in (models.Desk, models.Outlet, models.Region, models.Topic):
        model.objects.all().delete()
    assert not models.Claim.objects.exists() and not models.Source.objects.exists()
