"""The claim–evidence domain.

A *claim* is one checkable assertion in an *article*. It rests on one or more
*sources* through *attributions*, each carrying the descriptor as published.
*Evidence* learned later is *linked* to claims; a link counts toward the
claim's outcome only when the evidence is independent of the claim. The rules
themselves live in ``sources.domain.rules``; writes live in ``sources.services``.

Outcome columns on ``Claim`` and the figures in ``SourceRollup`` are derived
data. Only the services write them, in the same transaction as the change that
moves them, and ``manage.py verify_rollups`` checks them against a full
recomputation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from sources.domain.rules import DERIVED_FIELDS
from sources.domain.vocab import Credibility, Letter, Outcome, Relation
from sources.fields import EncryptedTextField
from sources.querysets import (
    ArticleQuerySet,
    ClaimQuerySet,
    EvidenceLinkQuerySet,
    SourceQuerySet,
)

OUTCOME_CHOICES = [(value, Outcome.LABELS[value]) for value in Outcome.ALL]
DERIVED_OUTCOME_CHOICES = [(value, Outcome.LABELS[value]) for value in Outcome.DERIVED]
RELATION_CHOICES = [(value, Relation.LABELS[value]) for value in Relation.ALL]
# How many links of each kind a claim has; a source's rollup sums the same columns.
LINK_TOTALS = ("corroborating_links", "contradicting_links", "dependent_links")


class Desk(models.Model):
    """A team of reporters; a reporter sees the sources of their own desks."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="desks", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    """A publication, such as Daily NK."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A place claims are about and sources are in, such as Ryanggang Province."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A subject claims are about, such as the drug trade or border security."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """A published story; its claims and the evidence that cites it hang off it."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=300)
    byline = models.CharField(max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The staff reporter who filed it, when it is ours.",
    )
    published_on = models.DateField()
    url = models.URLField(max_length=500, blank=True)
    language = models.CharField(max_length=16, default="en")
    body = models.TextField(blank=True)
    cites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="cited_by",
        blank=True,
        help_text="Articles this one relies on; used to detect circular reporting.",
    )
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[cites])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self) -> str:
        return self.headline


class Source(models.Model):
    """A person the newsroom relies on, known internally by a codename.

    Identity details live apart in ``SourceIdentity``, encrypted, so that no
    ordinary query ever loads them.
    """

    class Affiliation(models.TextChoices):
        TRADER = "trader", "Trader"
        OFFICIAL = "official", "Official"
        SECURITY = "security_insider", "Security insider"
        DEFECTOR = "defector", "Defector"
        RESIDENT = "local_resident", "Local resident"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DORMANT = "dormant", "Dormant"
        BURNED = "burned", "Burned"

    codename = models.CharField(max_length=100, unique=True)
    is_confidential = models.BooleanField(
        default=True, help_text="Anonymous in print; off for on-record speakers."
    )
    descriptor = models.CharField(
        "default published descriptor",
        max_length=300,
        help_text='How stories describe this source, e.g. "a source in Ryanggang Province".',
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )
    affiliation = models.CharField(
        max_length=32, choices=Affiliation.choices, default=Affiliation.OTHER
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_sources",
        help_text="The reporter who handles this source.",
    )
    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    first_contact_on = models.DateField(null=True, blank=True)
    burned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["codename"]
        indexes = [models.Index(fields=["handler"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.codename


class SourceIdentity(models.Model):
    """Who a source really is. Encrypted at rest; never versioned, so burning erases it."""

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="identity"
    )
    real_name = EncryptedTextField(blank=True)
    contact = EncryptedTextField("contact channel", blank=True)
    meeting_notes = EncryptedTextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "source identities"

    def __str__(self) -> str:
        return f"Identity of {self.source_id}"


class IdentityAccessLog(models.Model):
    """One look, or one refused attempt to look, at a source's identity."""

    class Action(models.TextChoices):
        REVEAL = "reveal", "Revealed"
        DENIED = "denied", "Denied"
        EDIT = "edit", "Edited"
        BURN = "burn", "Burned"
        EXPORT = "export", "Exported"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="access_log")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.source_id} by {self.user_id}"


class Claim(models.Model):
    """One checkable assertion from an article."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField()
    event_start = models.DateField(null=True, blank=True)
    event_end = models.DateField(
        null=True, blank=True, help_text="Leave empty when the event happened on one day."
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    topics = models.ManyToManyField(Topic, related_name="claims", blank=True)
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices(), default=Credibility.CANNOT_JUDGE
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessed_claims",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="filed_claims",
    )
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Derived by sources.services from the counting links and the verdict.
    derived_outcome = models.CharField(
        max_length=24, choices=DERIVED_OUTCOME_CHOICES, default=Outcome.PENDING
    )
    verdict = models.CharField(max_length=24, choices=OUTCOME_CHOICES, blank=True)
    outcome = models.CharField(max_length=24, choices=OUTCOME_CHOICES, default=Outcome.PENDING)
    corroborating_links = models.PositiveIntegerField(default=0)
    contradicting_links = models.PositiveIntegerField(default=0)
    dependent_links = models.PositiveIntegerField(default=0)
    first_corroborated_on = models.DateField(null=True, blank=True)
    days_to_corroboration = models.IntegerField(null=True, blank=True)
    first_settled_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the first counting evidence that settles it was seen.",
    )
    settled_before_publication = models.BooleanField(
        default=False, help_text="Its first settling evidence predates its article."
    )
    version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every verdict, to refuse a stale decision."
    )

    # The columns only the derived-data engine writes (``sources.services.derived``).
    DERIVED_FIELDS = DERIVED_FIELDS

    history = HistoricalRecords(m2m_fields=[topics])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["outcome"]),
            models.Index(fields=["region", "outcome"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(credibility__gte=1) & Q(credibility__lte=6),
                name="claim_credibility_1_to_6",
            ),
            models.CheckConstraint(
                condition=Q(event_end__isnull=True)
                | Q(event_start__isnull=False, event_end__gte=models.F("event_start")),
                name="claim_event_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Quantity(models.Model):
    """A figure a claim states, e.g. 8 kg or 9,000 RMB/kg."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    unit = models.CharField(max_length=50)
    label = models.CharField(max_length=100, blank=True, help_text='e.g. "purchase price"')

    class Meta:
        verbose_name_plural = "quantities"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.value.normalize():f} {self.unit}"


class Attribution(models.Model):
    """A source a claim rests on, with the descriptor exactly as published."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions")
    descriptor = models.CharField(max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="attribution_once_per_source")
        ]
        indexes = [models.Index(fields=["descriptor"])]

    def __str__(self) -> str:
        return self.descriptor


class Evidence(models.Model):
    """Something learned after publication that bears on one or more claims."""

    class Kind(models.TextChoices):
        REPORTING = "reporting", "Subsequent reporting"
        OFFICIAL = "official", "Official statement or state media"
        DOCUMENT = "document", "Document"
        COURT = "court", "Court record"
        IMAGERY = "imagery", "Imagery"
        DATA = "data", "Data"
        TESTIMONY = "testimony", "Defector or witness testimony"
        SECOND_SOURCE = "second_source", "Second source"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    summary = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    observed_on = models.DateField()
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="The source it came from, if it came from one of ours.",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="The article it appeared in, if any.",
    )
    cites = models.ManyToManyField(
        Article, related_name="cited_by_evidence", blank=True, help_text="Articles it relies on."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[cites])

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["-observed_on", "-id"]

    def __str__(self) -> str:
        return self.summary[:80]


class EvidenceLink(models.Model):
    """How one piece of evidence bears on one claim, and whether it counts."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    relation = models.CharField(max_length=24, choices=RELATION_CHOICES)
    note = models.TextField(blank=True)
    is_independent = models.BooleanField(default=True)
    dependence_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = EvidenceLinkQuerySet.as_manager()

    class Meta:
        ordering = ["evidence__observed_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "evidence"], name="one_link_per_claim_evidence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id} {self.relation} claim {self.claim_id}"


class Verdict(models.Model):
    """An editor's decision on a claim's final outcome. Append-only: the newest rules."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    outcome = models.CharField(max_length=24, choices=OUTCOME_CHOICES)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    original_label = models.CharField(
        max_length=50, blank=True, help_text="The label an imported rating used, kept as given."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="verdict_reason_required")
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} for claim {self.claim_id}"


class LetterOverride(models.Model):
    """A reliability letter an editor recorded for a group, beside the suggested one."""

    class GroupKind(models.TextChoices):
        SOURCE = "source", "Source"
        DESCRIPTOR = "descriptor", "Published descriptor"
        REGION = "region", "Region"
        REPORTER = "reporter", "Reporter"
        OUTLET = "outlet", "Outlet"
        TOPIC = "topic", "Topic"

    group_kind = models.CharField(max_length=16, choices=GroupKind.choices)
    group_key = models.CharField(max_length=300)
    letter = models.CharField(max_length=1, choices=Letter.choices())
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group_kind", "group_key"], name="one_override_per_group"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="override_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.group_kind} {self.group_key}: {self.letter}"


class SourceRollup(models.Model):
    """Per-source outcome counts and figures, kept current by the services.

    The leaderboard and a source's card read these instead of aggregating
    every claim of the source: counts, figures, the median days to
    corroboration, link totals and outcomes per publication year.
    """

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="rollup"
    )
    claims = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    corroborated = models.PositiveIntegerField(default=0)
    partly_corroborated = models.PositiveIntegerField(default=0)
    contradicted = models.PositiveIntegerField(default=0)
    disputed = models.PositiveIntegerField(default=0)
    unverifiable = models.PositiveIntegerField(default=0)
    retracted = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    confirmation_rate = models.FloatField(null=True, blank=True)
    interval_low = models.FloatField(null=True, blank=True)
    interval_high = models.FloatField(null=True, blank=True)
    letter = models.CharField(max_length=1, choices=Letter.choices(), default="F")
    median_days = models.FloatField(
        null=True, blank=True, help_text="Median days from publication to first corroboration."
    )
    corroborating_links = models.PositiveIntegerField(default=0)
    contradicting_links = models.PositiveIntegerField(default=0)
    dependent_links = models.PositiveIntegerField(default=0)
    by_year = models.JSONField(
        default=dict,
        blank=True,
        help_text="Claims per publication year and outcome: {year: {outcome: count}}.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["interval_low"]),
            models.Index(fields=["letter"]),
            # The busiest sources first: typing suggestions, and the leaderboard by claims.
            models.Index(fields=["-claims"], name="rollup_claims_desc"),
        ]

    def __str__(self) -> str:
        return f"Rollup of {self.source_id}"
