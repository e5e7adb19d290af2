"""Helpers for the exchange tests: sample files, data outside the repository, a snapshot, a wipe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from sources import models

DATA = Path(__file__).resolve().parent.parent / "data" / "exchange"


def data_dir() -> Path:
    """Return where data kept outside the repository lives: ``LEDGER_DATA_DIR``.

    By default that is the ``shared/data`` folder beside the repository, where
    the LIAR files are read from (never copied in).
    """
    given = os.environ.get("LEDGER_DATA_DIR", "").strip()
    return Path(given) if given else Path(settings.BASE_DIR).parent / "shared" / "data"


LIAR_DIR = data_dir() / "liar"


def require_data(path: Path) -> Path:
    """Return ``path``, or skip the test saying how to provide it.

    With ``LEDGER_REQUIRE_DATA=1`` (as ``.ci/run`` sets) a missing file fails
    the test instead, so CI never passes by skipping.
    """
    if path.is_file():
        return path
    reason = f"needs {path}: set LEDGER_DATA_DIR to the folder that holds liar/ (now {data_dir()})"
    if os.environ.get("LEDGER_REQUIRE_DATA", "").strip() == "1":
        pytest.fail(f"{reason}; LEDGER_REQUIRE_DATA=1 forbids skipping", pytrace=False)
    pytest.skip(reason)


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
    for model in (models.Network, models.Desk, models.Outlet, models.Region, models.Topic):
        model.objects.all().delete()
    assert not models.Claim.objects.exists() and not models.Source.objects.exists()
