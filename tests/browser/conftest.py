"""Fixtures for the browser tests: Debian's Chromium driven by Playwright.

The browser is the system one at /usr/bin/chromium (``make browser`` installs
it); nothing is ever downloaded. When a test fails, a screenshot of the page is
written to artifacts/screenshots/ so the failure can be looked at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from sources import roles
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in this thread; the Django ORM calls
# the tests make between browser steps are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "correct-horse-battery"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def chromium():
    """Start Chromium once per test module; Playwright's loop ends with the module."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    """Return a fresh page at laptop size; screenshot it if the test fails."""
    context = chromium.new_context(viewport=LAPTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def role_groups(transactional_db):
    """Recreate the role groups: transactional tests flush the data migration's rows."""
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


@pytest.fixture
def people(role_groups):
    """Return an editor, a fact-checker and a reporter who can log in with PASSWORD."""
    return {
        "editor": UserFactory(username="edna", password=PASSWORD, roles=[roles.EDITOR]),
        "checker": UserFactory(username="felix", password=PASSWORD, roles=[roles.FACT_CHECKER]),
        "reporter": UserFactory(username="rita", password=PASSWORD, roles=[roles.REPORTER]),
    }


def log_in(page, base_url: str, username: str) -> None:
    """Log in through the real login form, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
