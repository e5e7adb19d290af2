"""The server log: a refused request is one line, written once, with no traceback."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def console_handlers_for(logger_name: str, record: logging.LogRecord) -> list[logging.Handler]:
    """Return the handlers named "console" that would print ``record`` logged on ``logger_name``.

    Walks up the logger tree as ``logging`` does (stopping where propagation
    stops), so Django's own "console" handler on its "django" logger counts too.
    """
    found = []
    logger = logging.getLogger(logger_name)
    while logger is not None:
        found += [
            h
            for h in logger.handlers
            if h.name == "console" and record.levelno >= h.level and h.filter(record)
        ]
        if not logger.propagate:
            break
        logger = logger.parent
    return found


def forbidden_record() -> logging.LogRecord:
    try:
        raise PermissionError("Only editors may import or export the newsroom.")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.getLogger("django.request").makeRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Forbidden (Permission denied): %s",
        ("/exchange/",),
        exc_info,
        extra={"status_code": 403},
    )
    return record


@pytest.mark.parametrize("debug", [False, True])
def test_a_403_reaches_exactly_one_console_handler(settings, debug):
    settings.DEBUG = debug  # Django's own console handler prints only with debug on
    assert len(console_handlers_for("django.request", forbidden_record())) == 1


def test_a_403_is_logged_as_one_line_with_its_reason(client, settings, fact_checker):
    settings.DEBUG = True
    [handler] = console_handlers_for("django.request", forbidden_record())
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        client.force_login(fact_checker)
        assert client.get(reverse("sources:exchange")).status_code == 403
    finally:
        handler.setStream(previous)
    lines = [line for line in stream.getvalue().splitlines() if "django.request" in line]
    assert len(lines) == 1
    assert lines[0].endswith("WARNING django.request Forbidden (Permission denied): /exchange/ "
                             "(Only editors may import or export the newsroom.)")  # fmt: skip
    assert "Traceback" not in stream.getvalue()


def test_a_500_keeps_its_traceback():
    [handler] = console_handlers_for("django.request", forbidden_record())
    try:
        raise RuntimeError("the database went away")
    except RuntimeError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/",),
            sys.exc_info(),
            extra={"status_code": 500},
        )
    assert "Traceback" in handler.format(record)
