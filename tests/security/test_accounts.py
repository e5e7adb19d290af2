"""Accounts and transport: lockout, CSRF, escaping, headers, production settings, hashing."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.hashers import check_password, make_password
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from sources import roles, selectors, services
from sources.models import IdentityAccessLog, SourceIdentity
from tests.factories import UserFactory
from tests.security.test_identities import CANARY_NAME, build_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
XSS = '<script>alert("owned")</script>'


@pytest.fixture
def world():
    return build_world()


# Lockout ------------------------------------------------------------------------------


def test_lockout_after_failed_logins_is_enforced_and_logged(client, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="kim", password="correct-horse-battery", roles=[roles.REPORTER])
    url = reverse("login")
    caplog.set_level(logging.WARNING, logger="axes")
    statuses = [
        client.post(url, {"username": "kim", "password": f"wrong-{n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert any("Locking out" in record.getMessage() for record in caplog.records)
    # Even the right password is refused while locked out.
    locked = client.post(url, {"username": "kim", "password": "correct-horse-battery"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "_auth_user_id" not in client.session
    assert "correct-horse-battery" not in caplog.text


def test_a_correct_login_before_the_limit_gets_in(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="lee", password="correct-horse-battery", roles=[roles.EDITOR])
    client.post(reverse("login"), {"username": "lee", "password": "nope"})
    response = client.post(
        reverse("login"), {"username": "lee", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# CSRF and escaping --------------------------------------------------------------------


def test_posts_without_csrf_token_are_rejected(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor)
    reveal = client.post(
        reverse("sources:identity_reveal", args=[world.source.pk]), {"reason": "no token"}
    )
    assert reveal.status_code == 403
    assert CANARY_NAME not in reveal.text
    burn = client.post(reverse("sources:source_burn", args=[world.source.pk]), {"reason": "x"})
    assert burn.status_code == 403
    assert SourceIdentity.objects.filter(source=world.source).exists()
    assert not IdentityAccessLog.objects.filter(action__in=["reveal", "burn"]).exists()
    anonymous = Client(enforce_csrf_checks=True)
    login = anonymous.post(reverse("login"), {"username": "editor", "password": "x"})
    assert login.status_code == 403


def test_post_with_the_csrf_token_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor)
    page = client.get(reverse("sources:identity_detail", args=[world.source.pk]))
    token = page.context["csrf_token"]
    reveal = client.post(
        reverse("sources:identity_reveal", args=[world.source.pk]),
        {"reason": "with token", "csrfmiddlewaretoken": str(token)},
    )
    assert reveal.status_code == 200
    assert CANARY_NAME in reveal.text


def test_stored_xss_is_rendered_escaped(client, world):
    source = services.source_create(codename=XSS, descriptor=XSS, actor=world.editor)
    services.source_burn(source=source, actor=world.editor, reason=XSS)
    client.force_login(world.admin)
    for url in (
        reverse("sources:source_burn", args=[source.pk]),
        reverse("sources:access_log"),
    ):
        body = client.get(url).text
        assert XSS not in body
        assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in body
    source.descriptor = "a trader in Hyesan"
    source.save()  # the history now shows the payload as the old value
    history = render_to_string(
        "sources/_history.html",
        {"history": selectors.history_for(viewer=world.editor, obj=source)},
    )
    assert XSS not in history and "&lt;script&gt;" in history


# Headers ------------------------------------------------------------------------------


def test_security_headers_on_every_response(client):
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_not_stored(client, world):
    client.force_login(world.fact_checker)
    response = client.get(reverse("sources:home"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# Production settings ------------------------------------------------------------------


def _production_env(**extra) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "ledger.example.org",
    }
    env.update(extra)
    return env


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_findings_with_production_env():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_refuses_the_development_identity_key():
    env = _production_env(
        SOURCE_IDENTITY_KEYS=f"ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE=,"
        f"{Fernet.generate_key().decode()}"
    )
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "sources.E002" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_hashes_passwords_with_argon2():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.contrib.auth.hashers import make_password; "
        "print(settings.PASSWORD_HASHERS[0]); print(make_password('pw').split('$')[0]); "
        "print(settings.DEBUG, bool(settings.SOURCE_IDENTITY_KEYS))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(DJANGO_SETTINGS_MODULE="newsroom.settings"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "argon2",
        "False",
        "False",  # no development key when debug is off
    ]


def test_argon2_hashes_verify():
    hashed = make_password("correct-horse-battery", hasher="argon2")
    assert hashed.startswith("argon2$")
    assert check_password("correct-horse-battery", hashed)
