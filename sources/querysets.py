"""Named lookups for the domain models, so views and reports say what they mean."""

from __future__ import annotations

from django.db import models

from sources.rules import Outcome


class ArticleQuerySet(models.QuerySet):
    def by_outlet(self, outlet):
        return self.filter(outlet=outlet)


class SourceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status="active")

    def confidential(self):
        return self.filter(is_confidential=True)

    def handled_by(self, user):
        return self.filter(handler=user)

    def not_burned(self):
        return self.exclude(status="burned")


class ClaimQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(outcome=Outcome.PENDING)

    def disputed(self):
        return self.filter(outcome=Outcome.DISPUTED)

    def awaiting_check(self):
        """Return claims a fact-checker still has work on: pending or disputed."""
        return self.filter(outcome__in=[Outcome.PENDING, Outcome.DISPUTED])

    def resolved(self):
        return self.filter(outcome__in=Outcome.RESOLVED)

    def with_verdict(self):
        return self.exclude(verdict="")

    def resting_on(self, source):
        return self.filter(attributions__source=source)


class EvidenceLinkQuerySet(models.QuerySet):
    def counting(self):
        """Return links whose evidence is independent of the claim."""
        return self.filter(is_independent=True)

    def dependent(self):
        return self.filter(is_independent=False)
