"""Navigation: each role is shown a link to every page it may use, and to none it may not."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sources import roles
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db

# The pages the issue found linked from nowhere, and who may use each.
EXCHANGE = reverse("sources:exchange")
ACCESS_LOG = reverse("sources:access_log")
ADMIN = reverse("admin:index")
PUBLIC = reverse("sources:public_index")


def nav_links(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'href="([^"]+)"', nav)


def visit(client, user, path="/"):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.REPORTER, set()),
        (roles.FACT_CHECKER, set()),
        (roles.EDITOR, {EXCHANGE}),
        (roles.ADMIN, {EXCHANGE, ACCESS_LOG, ADMIN}),
    ],
)
def test_each_role_sees_links_to_the_pages_it_may_use(client, settings, role, expected):
    settings.PUBLIC_TRACK_RECORD = False
    user = UserFactory(roles=[role], is_staff=role == roles.ADMIN)
    links = set(nav_links(visit(client, user)))
    assert links & {EXCHANGE, ACCESS_LOG, ADMIN, PUBLIC} == expected
    # ...and each linked page opens for them.
    for path in expected:
        assert client.get(path).status_code == 200, path


def test_the_public_record_is_linked_when_it_is_on(client, settings, reporter):
    settings.PUBLIC_TRACK_RECORD = True
    html = visit(client, reporter)
    assert PUBLIC in nav_links(html)
    footer = html.split('<footer class="site-footer">')[1]
    assert f'href="{PUBLIC}"' in footer
    settings.PUBLIC_TRACK_RECORD = False
    assert PUBLIC not in visit(client, reporter)


def test_a_reader_of_the_public_record_gets_the_link_and_no_newsroom_links(client, settings):
    settings.PUBLIC_TRACK_RECORD = True
    html = client.get(PUBLIC).content.decode()
    assert '<nav aria-label="Main">' not in html
    assert f'href="{PUBLIC}"' in html and reverse("api:docs") not in html


def test_the_burn_page_is_linked_from_a_source_for_those_who_may_burn(client, editor, reporter):
    source = SourceFactory(codename="LARCH", handler=reporter)
    burn = reverse("sources:source_burn", args=[source.pk])
    page = reverse("sources:source_detail", args=[source.pk])
    assert f'href="{burn}"' in visit(client, editor, page)
    assert client.get(burn).status_code == 200
    assert burn not in visit(client, reporter, page)


def test_the_footer_no_longer_says_identities_never_appear(client, reporter):
    source = SourceFactory(codename="LARCH", handler=reporter)
    html = visit(client, reporter, reverse("sources:identity_detail", args=[source.pk]))
    assert "Identities never appear on these pages" not in html
    assert "shows only on that source's identity page" in html
