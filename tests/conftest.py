"""Fixtures shared by the whole suite."""

import pytest

from sources import roles
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache, as a new server process would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached_fragments(settings):
    """Build every cached page fragment afresh, for tests that count a page's own queries.

    A test's writes never commit, so the versions they would bump stay put: a
    fragment cached before a write would hide the queries the test counts.
    """
    settings.FRAGMENT_CACHE_SECONDS = 0


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return (
        bool(marker and (marker.kwargs.get("transaction") or "live_server" in item.fixturenames))
        or "transactional_db" in item.fixturenames
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the role groups back after the flush that ends a transactional test.

    The flush empties every table, including the groups migration 0002 made;
    tests that run later expect them, as on a freshly migrated database.
    """
    yield
    if nextitem is None or not _is_transactional(item):
        return
    from django.contrib.auth.models import Group
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for name in roles.ALL:
            Group.objects.get_or_create(name=name)


def pytest_collection_modifyitems(config, items):
    """Skip tests marked postgres_only when the suite runs on SQLite, saying why.

    Only that marker is skipped; every other test runs on both databases.
    """
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (real concurrent transactions and row locks); "
        "SQLite serialises writers. Runs when DATABASE_URL points at PostgreSQL."
    )
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", roles=[roles.REPORTER])


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", roles=[roles.EDITOR])


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="checker", roles=[roles.FACT_CHECKER])


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", roles=[roles.ADMIN], is_staff=True, is_superuser=True)
