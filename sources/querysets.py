"""Named lookups for the domain models, so views and reports say what they mean."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, IntegerField, Value, When

from sources.domain.vocab import Outcome


class ArticleQuerySet(models.QuerySet):
    """Articles' named lookups; none yet, but the manager is where they belong."""


class SourceQuerySet(models.QuerySet):
    """Sources' named lookups; who may see a source is for ``sources.selectors``."""


class ClaimQuerySet(models.QuerySet):
    def pending(self):
        """Return claims no evidence or verdict has settled yet."""
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

    def by_priority(self):
        """Order the fact-checking queue: disputed first, then the claims assessed most
        credible at intake (what the newsroom stands behind least checked), then the oldest."""
        disputed_first = Case(
            When(outcome=Outcome.DISPUTED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return self.order_by(disputed_first, "credibility", *self.FILED_ORDER)

    # A claim is filed, and waits, from the day its article was published: the date the
    # queue shows as "Waiting since" and the claim page as "Filed". The row's created_at
    # is when it was typed in or imported (an import loads years of claims in a minute),
    # so it only breaks ties, with the id.
    FILED_ORDER = ("article__published_on", "created_at", "id")

    def oldest_first(self):
        """Order claims by the day they were filed (their article's date), oldest first."""
        return self.order_by(*self.FILED_ORDER)

    def by_deadline(self):
        """Order by nearest check-by date first (the expired ones first of all); none last."""
        return self.order_by(models.F("check_by").asc(nulls_last=True), *self.FILED_ORDER)

    def assigned_to(self, user):
        """Return the claims an editor assigned to ``user``."""
        return self.filter(assigned_to_id=getattr(user, "pk", user))

    def for_list(self):
        """Load what a list of claims shows, in a fixed number of queries."""
        from sources.models import Attribution

        return self.select_related("article__outlet", "region").prefetch_related(
            models.Prefetch("attributions", queryset=Attribution.objects.order_by("id"))
        )


class EvidenceLinkQuerySet(models.QuerySet):
    def counting(self):
        """Return links whose evidence is independent of the claim."""
        return self.filter(is_independent=True)

    def dependent(self):
        return self.filter(is_independent=False)
