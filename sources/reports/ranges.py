"""A report narrowed to the claims published between two days ("from" and "to").

Different from ``as_of``: a date range chooses which claims a report counts
(by their article's publication date); ``as_of`` freezes what was known
about them on a past day. The two combine: the claims published in the
range, as they stood on the ``as_of`` day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

__all__ = ["DateRange", "check_range"]


@dataclass(frozen=True)
class DateRange:
    """Publication dates from ``start`` to ``end``, both included; either may be open."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def __bool__(self) -> bool:
        return self.start is not None or self.end is not None

    def apply(self, claims: QuerySet) -> QuerySet:
        """Narrow claims to those whose article was published in the range."""
        if self.start is not None:
            claims = claims.filter(article__published_on__gte=self.start)
        if self.end is not None:
            claims = claims.filter(article__published_on__lte=self.end)
        return claims

    @property
    def label(self) -> str:
        """Say the range for people: "published 1 Jan 2016 – 31 Dec 2017"."""
        if self.start and self.end:
            return f"published {_day(self.start)} – {_day(self.end)}"
        if self.start:
            return f"published from {_day(self.start)}"
        if self.end:
            return f"published until {_day(self.end)}"
        return ""

    def params(self) -> dict[str, str]:
        found = {}
        if self.start:
            found["from"] = self.start.isoformat()
        if self.end:
            found["to"] = self.end.isoformat()
        return found

    @property
    def query(self) -> str:
        """Return "&from=…&to=…" for links that keep the range (empty when open)."""
        params = self.params()
        return f"&{urlencode(params)}" if params else ""


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _parse(value: str, name: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        message = f"{value[:40]!r} is not a date: give it as YYYY-MM-DD."
        raise ValidationError({name: message}) from None


def check_range(start: str | None, end: str | None) -> DateRange:
    """Return the range from ``from`` and ``to`` (YYYY-MM-DD, either empty), or refuse it.

    Raises ValidationError naming the field, which views answer with 400.
    """
    first, last = _parse(start or "", "from"), _parse(end or "", "to")
    if first and last and last < first:
        raise ValidationError({"to": "The end of the range cannot come before its start."})
    return DateRange(start=first, end=last)
