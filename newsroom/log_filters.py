"""Logging filters for the server log. Plain ``logging``: settings import this before Django runs.

A refused request (403) or a missing page (404) is an ordinary answer, not a
fault: it deserves one line saying what was refused and why, never a
traceback. Tracebacks stay for 5xx, where someone has to read them.
"""

from __future__ import annotations

import logging


class OneLineClientErrors(logging.Filter):
    """Drop the traceback from records of 4xx answers, keeping the exception's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is None or status >= 500 or not record.exc_info:
            return True
        error = record.exc_info[1]
        reason = str(error) if error is not None else ""
        if reason:
            # The message is %-formatted with record.args later: escape the reason's own %.
            record.msg = f"{record.msg} ({reason.replace('%', '%%')})"
        record.exc_info = None
        record.exc_text = None
        return True
