"""Fixtures shared by the whole suite."""

import pytest

from sources import roles
from tests.factories import UserFactory


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
