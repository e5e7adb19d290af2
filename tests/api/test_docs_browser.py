"""The browsable API docs render in a real browser, offline, under the site's CSP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import chromium, log_in, page, people, role_groups  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_every_area_without_csp_errors_or_outside_requests(
    page,  # noqa: F811
    people,  # noqa: F811
    live_server,
):
    outside = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else outside.append(request.url)
        ),
    )
    log_in(page, live_server.url, "edna")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Source Ledger API")
    for tag in ("claims", "sources", "evidence", "verdicts", "reports"):
        expect(page.locator(f"#operations-tag-{tag}")).to_be_visible()
    page.locator("#operations-tag-claims").scroll_into_view_if_needed()
    expect(page.get_by_text(re.compile(r"^/api/claims/\{id\}/claimreview/$"))).to_be_visible()
    assert outside == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
    assert page.console_errors == []
