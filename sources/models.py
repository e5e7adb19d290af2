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
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from sources.domain.origins import Reason
from sources.domain.rules import DERIVED_FIELDS, dated_after_today
from sources.domain.text import (
    ARTICLE_BODY_MAX,
    CLAIM_TEXT_MAX,
    EVIDENCE_SUMMARY_MAX,
    IDENTITY_LINE_MAX,
    IDENTITY_NOTES_MAX,
    LETTER_REASON_MAX,
    LINK_NOTE_MAX,
    VERDICT_REASON_MAX,
)
from sources.domain.vocab import (
    Basis,
    CopyRuling,
    Credibility,
    Letter,
    NetworkKind,
    Outcome,
    Relation,
)
from sources.fields import EncryptedTextField
from sources.querysets import (
    ArticleQuerySet,
    ClaimQuerySet,
    EvidenceLinkQuerySet,
    SourceQuerySet,
)
from sources.validators import multi_line, paragraphs, single_line

OUTCOME_CHOICES = [(value, Outcome.LABELS[value]) for value in Outcome.ALL]
DERIVED_OUTCOME_CHOICES = [(value, Outcome.LABELS[value]) for value in Outcome.DERIVED]
RELATION_CHOICES = [(value, Relation.LABELS[value]) for value in Relation.ALL]
# How many links of each kind a claim has; a source's rollup sums the same columns.
LINK_TOTALS = ("corroborating_links", "contradicting_links", "dependent_links")


def refuse_future_dates(instance: models.Model, *names: str) -> None:
    """Raise a ValidationError naming each date field set after today.

    Nothing in the record can have happened yet: a story published next year or
    evidence seen tomorrow is a typing error, and would count as corroboration.
    """
    now = timezone.now()
    errors = {
        name: f"{instance._meta.get_field(name).verbose_name.capitalize()} cannot be after today."
        for name in names
        if dated_after_today(getattr(instance, name), now=now)
    }
    if errors:
        raise ValidationError(errors)


class Desk(models.Model):
    """A team of reporters; a reporter sees the sources of their own desks."""

    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    slug = models.SlugField(max_length=100, unique=True, validators=[single_line])
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="desks", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Outlet(models.Model):
    """A publication, such as Daily NK."""

    name = models.CharField(max_length=200, unique=True, validators=[single_line])
    slug = models.SlugField(max_length=100, unique=True, validators=[single_line])
    homepage = models.URLField(blank=True, validators=[single_line])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A place claims are about and sources are in, such as Ryanggang Province."""

    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    slug = models.SlugField(max_length=100, unique=True, validators=[single_line])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A subject claims are about, such as the drug trade or border security."""

    name = models.CharField(max_length=100, unique=True, validators=[single_line])
    slug = models.SlugField(max_length=100, unique=True, validators=[single_line])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """A published story; its claims and the evidence that cites it hang off it."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    headline = models.CharField(max_length=300, validators=[single_line])
    byline = models.CharField(max_length=200, blank=True, validators=[single_line])
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The staff reporter who filed it, when it is ours.",
    )
    published_on = models.DateField()
    url = models.URLField(max_length=500, blank=True, validators=[single_line])
    language = models.CharField(max_length=16, default="en", validators=[single_line])
    body = models.TextField(blank=True, validators=paragraphs(ARTICLE_BODY_MAX))
    cites = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="cited_by",
        blank=True,
        help_text="Articles this one relies on; used to detect circular reporting.",
    )
    external_id = models.CharField(
        max_length=100, unique=True, null=True, blank=True, validators=[single_line]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[cites])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self) -> str:
        return self.headline

    def clean(self) -> None:
        refuse_future_dates(self, "published_on")


class Network(models.Model):
    """Sources that share an upstream: a trader network, a fixer, an organisation, a wire.

    Evidence from a source in the same network as one of a claim's sources is
    not independent of it, and two sources of one network are one origin
    (``sources.domain.origins``). Editors group sources by hand; nothing is
    grouped automatically.
    """

    name = models.CharField(
        max_length=100,
        unique=True,
        validators=[single_line],
        help_text='How reasons name it, e.g. "Hyesan traders".',
    )
    kind = models.CharField(
        max_length=16, choices=NetworkKind.choices(), default=NetworkKind.NETWORK
    )
    notes = models.TextField(blank=True, validators=paragraphs(LINK_NOTE_MAX))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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

    codename = models.CharField(max_length=100, unique=True, validators=[single_line])
    is_confidential = models.BooleanField(
        default=True, help_text="Anonymous in print; off for on-record speakers."
    )
    descriptor = models.CharField(
        "default published descriptor",
        max_length=300,
        validators=[single_line],
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
    network = models.ForeignKey(
        Network,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        help_text="The upstream it shares with other sources; set by editors.",
    )

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
    real_name = EncryptedTextField(
        blank=True, validators=[single_line, MaxLengthValidator(IDENTITY_LINE_MAX)]
    )
    contact = EncryptedTextField(
        "contact channel",
        blank=True,
        validators=[single_line, MaxLengthValidator(IDENTITY_LINE_MAX)],
    )
    meeting_notes = EncryptedTextField(blank=True, validators=paragraphs(IDENTITY_NOTES_MAX))
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
    reason = models.TextField(blank=True, validators=[multi_line])
    at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.source_id} by {self.user_id}"


class Claim(models.Model):
    """One checkable assertion from an article."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    text = models.TextField(validators=paragraphs(CLAIM_TEXT_MAX))
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
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        help_text="The fact-checker an editor asked to check it (services.claim_assign).",
    )
    external_id = models.CharField(
        max_length=100, unique=True, null=True, blank=True, validators=[single_line]
    )
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
    independent_origins = models.PositiveIntegerField(
        default=0, help_text="Independent origins of its counting support (not items)."
    )
    not_established = models.PositiveIntegerField(
        default=0, help_text="Settling relays whose independence a fact-checker has not confirmed."
    )
    likely_copies = models.PositiveIntegerField(
        default=0, help_text="Settling links flagged as likely copies, awaiting a ruling."
    )
    version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every verdict, to refuse a stale decision."
    )
    # Set at filing (publication + CHECK_BY_MONTHS, docs/domain.md "Claims that count");
    # past it and still pending, the claim is expired. Empty means no deadline.
    check_by = models.DateField(
        null=True, blank=True, help_text="Past this day and still unsettled, it is expired."
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
            # Expired claims (pending, past check_by) and the queue by nearest deadline.
            models.Index(fields=["outcome", "check_by"], name="claim_outcome_check_by"),
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

    def clean(self) -> None:
        refuse_future_dates(self, "event_start", "event_end")


class Quantity(models.Model):
    """A figure a claim states, e.g. 8 kg or 9,000 RMB/kg."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="quantities")
    value = models.DecimalField(max_digits=20, decimal_places=4)
    unit = models.CharField(max_length=50, validators=[single_line])
    label = models.CharField(
        max_length=100, blank=True, validators=[single_line], help_text='e.g. "purchase price"'
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "quantities"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.value.normalize():f} {self.unit}"


class SubmitToken(models.Model):
    """A form's one-time token: the first submit carrying it lands, a repeat finds what landed.

    A fast double click on "File the story" sends the same form twice. The
    token is written first, in the transaction that files the story, so the
    unique index lets exactly one of the two land; the other is shown what
    the first filed (``services.submission_claim``).
    """

    token = models.CharField(max_length=64, unique=True, validators=[single_line])
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=32, validators=[single_line])
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="What the submit filed: an article, a link."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="submit_token_created")]

    def __str__(self) -> str:
        return f"{self.kind} token of {self.user_id}"


class Attribution(models.Model):
    """A source a claim rests on, with the descriptor exactly as published."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="attributions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="attributions")
    descriptor = models.CharField(max_length=300, validators=[single_line])
    descriptor_key = models.CharField(
        max_length=300,
        editable=False,
        default="",
        help_text="The descriptor with case, spacing and quotes folded: what reports group by.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="attribution_once_per_source")
        ]
        indexes = [
            models.Index(fields=["descriptor"]),
            models.Index(fields=["descriptor_key"], name="attribution_descriptor_key"),
        ]

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
    summary = models.TextField(validators=paragraphs(EVIDENCE_SUMMARY_MAX))
    url = models.URLField(max_length=500, blank=True, validators=[single_line])
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
    basis = models.CharField(
        max_length=16,
        choices=Basis.choices(),
        default=Basis.UNKNOWN,
        help_text="How its originator knew. A relay with no known upstream does not count "
        "until a fact-checker confirms it.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_id = models.CharField(
        max_length=100, unique=True, null=True, blank=True, validators=[single_line]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[cites])

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["-observed_on", "-id"]

    def __str__(self) -> str:
        return self.summary[:80]

    def clean(self) -> None:
        refuse_future_dates(self, "observed_on")


class EvidenceLink(models.Model):
    """How one piece of evidence bears on one claim, and whether it counts."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    relation = models.CharField(max_length=24, choices=RELATION_CHOICES)
    note = models.TextField(blank=True, validators=paragraphs(LINK_NOTE_MAX))
    is_independent = models.BooleanField(default=True)
    dependence_reason = models.CharField(max_length=300, blank=True)
    independence = models.CharField(
        max_length=24,
        choices=[(code, code) for code in Reason.ALL],
        default=Reason.INDEPENDENT,
        help_text="Why it counts or not, as a code (sources.domain.origins.Reason).",
    )
    relay_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    relay_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a fact-checker confirmed the relay is independent."
    )
    relay_reason = models.TextField(blank=True, validators=paragraphs(VERDICT_REASON_MAX))
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

    # The annotation ``selectors.links_for`` adds, so a page of links costs no query each.
    PREDATES_ANNOTATION = "evidence_predates"

    @property
    def predates_claim(self) -> bool:
        """Say whether the evidence was observed before the claim's article was published.

        Such evidence still counts toward the outcome (at 0 days to
        corroboration); pages and the API label it "predates the claim".
        """
        known = getattr(self, self.PREDATES_ANNOTATION, None)
        if known is not None:
            return bool(known)
        return self.evidence.observed_on < self.claim.article.published_on

    @classmethod
    def predates_expression(cls) -> models.Expression:
        """Return the expression for ``predates_claim``, to annotate link querysets."""
        return models.ExpressionWrapper(
            Q(evidence__observed_on__lt=models.F("claim__article__published_on")),
            output_field=models.BooleanField(),
        )


class TextSignature(models.Model):
    """The MinHash signature of an article's body or of an evidence summary.

    Written by ``services.copies`` whenever the text is; ``version`` names the
    settings it was made with (``domain.copies.SIGNATURE_VERSION``), since
    signatures made otherwise do not compare.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="signature"
    )
    evidence = models.OneToOneField(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="signature"
    )
    signature = models.BinaryField()
    version = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, evidence__isnull=True)
                | Q(article__isnull=True, evidence__isnull=False),
                name="signature_of_one_text",
            )
        ]

    def __str__(self) -> str:
        return f"article {self.article_id}" if self.article_id else f"evidence {self.evidence_id}"


class SignatureBand(models.Model):
    """One band key of a signature: texts that share a key are candidates for the copy check.

    The key index is the copy check's lookup: candidates come from one
    indexed query, never from a scan of the signatures.
    """

    signature = models.ForeignKey(TextSignature, on_delete=models.CASCADE, related_name="bands")
    key = models.CharField(max_length=24)

    class Meta:
        indexes = [models.Index(fields=["key", "signature"], name="signature_band_key")]

    def __str__(self) -> str:
        return self.key


class CopyFlag(models.Model):
    """The copy check's finding that a text is a likely copy of article ``copy_of``.

    Either a link's evidence text (compared with its claim's article and that
    article's lineage) or an article's body (compared with every other
    article) is flagged. A flagged link does not count until a fact-checker
    rules; the ruling is kept with its reason, who gave it and when.
    """

    link = models.ForeignKey(
        EvidenceLink, on_delete=models.CASCADE, null=True, blank=True, related_name="copy_flags"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="copy_flags"
    )
    copy_of = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="copied_by")
    score = models.FloatField(help_text="Estimated Jaccard similarity of the two texts.")
    ruling = models.CharField(max_length=16, choices=CopyRuling.choices(), blank=True)
    reason = models.TextField(blank=True, validators=paragraphs(VERDICT_REASON_MAX))
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ruled_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(link__isnull=False, article__isnull=True)
                | Q(link__isnull=True, article__isnull=False),
                name="copy_flag_on_one_text",
            ),
            models.UniqueConstraint(fields=["link", "copy_of"], name="copy_flag_once_per_link"),
            models.UniqueConstraint(
                fields=["article", "copy_of"], name="copy_flag_once_per_article"
            ),
        ]

    def __str__(self) -> str:
        what = f"link {self.link_id}" if self.link_id else f"article {self.article_id}"
        return f"{what} likely copy of article {self.copy_of_id}"


class Verdict(models.Model):
    """An editor's decision on a claim's final outcome. Append-only: the newest rules."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    outcome = models.CharField(max_length=24, choices=OUTCOME_CHOICES)
    reason = models.TextField(validators=paragraphs(VERDICT_REASON_MAX))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    original_label = models.CharField(
        max_length=50,
        blank=True,
        validators=[single_line],
        help_text="The label an imported rating used, kept as given.",
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
    group_key = models.CharField(max_length=300, validators=[single_line])
    letter = models.CharField(max_length=1, choices=Letter.choices())
    reason = models.TextField(validators=paragraphs(LETTER_REASON_MAX))
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
    settled_before_publication = models.PositiveIntegerField(
        default=0, help_text="Claims whose first settling evidence predates their article."
    )
    days_histogram = models.JSONField(
        default=dict,
        blank=True,
        help_text="Claims per days to corroboration: {days: count}; the median is taken from it.",
    )
    # Issue 13: expired claims are counted when read, from this histogram, so the
    # stored row never depends on today (docs/reports.md, "Expired claims").
    pending_deadlines = models.JSONField(
        default=dict,
        blank=True,
        help_text="Pending claims per check-by date: {YYYY-MM-DD: count}.",
    )
    origins_histogram = models.JSONField(
        default=dict,
        blank=True,
        help_text="Claims that count, per independent origins (1 or more): {origins: count}.",
    )
    # Pooled estimate (issue 14): the record pooled toward its group's stored prior
    # (sources.services.pooling); empty until priors are fitted (manage.py fit_reliability).
    pooled_rate = models.FloatField(null=True, blank=True)
    pooled_low = models.FloatField(null=True, blank=True)
    pooled_high = models.FloatField(null=True, blank=True)
    pooled_toward = models.CharField(
        max_length=400, blank=True, help_text="The group the pooled estimate borrows from."
    )
    pooled_prior_alpha = models.FloatField(
        null=True, blank=True, help_text="α of the prior borrowed from (for rates by year)."
    )
    pooled_prior_beta = models.FloatField(
        null=True, blank=True, help_text="β of the prior borrowed from (for rates by year)."
    )

    class Meta:
        indexes = [
            models.Index(fields=["interval_low"]),
            models.Index(fields=["pooled_low"], name="rollup_pooled_low"),
            models.Index(fields=["letter"]),
            # The busiest sources first: typing suggestions, and the leaderboard by claims.
            models.Index(fields=["-claims"], name="rollup_claims_desc"),
        ]

    def __str__(self) -> str:
        return f"Rollup of {self.source_id}"


class Job(models.Model):
    """Work too long for a web request, run in the background: an import, an export, a recount.

    The row is the job's record for everyone who may see it, on any server:
    its progress (``done`` of ``total``), its log, and then a summary and a
    file to download, or the error. ``attempts`` counts the runs started; a
    retry is a fresh attempt, and a message left over from an earlier one is
    ignored. Uploaded input and produced results live in the row, so app
    servers and workers share nothing but the database (sources/jobs/).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    kind = models.CharField(max_length=64, validators=[single_line])
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True, help_text="What the kind needs to run.")
    input_name = models.CharField(max_length=255, blank=True, validators=[single_line])
    input_data = models.BinaryField(null=True, blank=True, editable=False)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    log = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_name = models.CharField(max_length=255, blank=True, validators=[single_line])
    result_type = models.CharField(max_length=100, blank=True, validators=[single_line])
    result_data = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ledger_jobs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"], name="job_status_heartbeat"),
            models.Index(fields=["created_by", "-created_at"], name="job_owner_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class PoolingFit(models.Model):
    """The priors of one fit of the pooled estimates (sources.services.pooling).

    Fitting is slow and posteriors are quick, so the priors are fitted by a
    job or ``manage.py fit_reliability`` and stored; every rollup refresh and
    report reads the latest fit. ``priors`` holds the small levels (outlets,
    the newsroom, and the priors the group reports pool toward); the priors
    of descriptors and regions are rows of ``PoolingGroup``. A fit made under
    other settings (``settings_hash``) is not used.
    """

    fitted_at = models.DateTimeField()
    reference_date = models.DateField(help_text="The day outcome ages are counted to.")
    settings_hash = models.CharField(max_length=64)
    half_life_months = models.FloatField(null=True, blank=True)
    sources = models.PositiveIntegerField(default=0, help_text="Sources with a resolved claim.")
    seconds = models.FloatField(default=0.0, help_text="How long the fit took.")
    priors = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-fitted_at", "-id"]

    def __str__(self) -> str:
        return f"Pooling fit of {self.fitted_at:%Y-%m-%d %H:%M}"


class PoolingGroup(models.Model):
    """The fitted prior of one group of sources (a published descriptor or a region)."""

    fit = models.ForeignKey(PoolingFit, on_delete=models.CASCADE, related_name="groups")
    key = models.CharField(max_length=320, help_text='"descriptor:<key>" or "region:<slug>".')
    alpha = models.FloatField()
    beta = models.FloatField()
    outlet = models.CharField(
        max_length=100, blank=True, help_text="The outlet it borrows from; empty for none."
    )
    label = models.CharField(max_length=400)

    class Meta:
        ordering = ["fit", "key"]
        constraints = [
            models.UniqueConstraint(fields=["fit", "key"], name="pooling_group_once_per_fit")
        ]

    def __str__(self) -> str:
        return self.key


class Forecast(models.Model):
    """An editor's probability that a claim will be confirmed, recorded before it settles.

    Append-only: changing one's mind is a new forecast, and the latest an
    editor made is the one scored once the claim settles
    (sources.reports.calibrations). No service updates or deletes one.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="forecasts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forecasts",
    )
    percent = models.PositiveSmallIntegerField(
        help_text="The probability, 0–100%, that the claim will be confirmed."
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["claim", "author"], name="forecast_claim_author")]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="forecast_percent_0_100")
        ]

    def __str__(self) -> str:
        return f"{self.percent}% for claim {self.claim_id}"


class Vetting(models.Model):
    """An editor looked up a source's or a descriptor's record before publishing.

    Recorded on the vet page ("Record this vetting"), so a source's card can
    show its record as of each past vetting: what the editor saw then, beside
    what the record says now (docs/reports.md, "Track records as of a date").
    """

    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="vettings"
    )
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, null=True, blank=True, related_name="vettings"
    )
    descriptor = models.CharField(max_length=300, blank=True, validators=[single_line])
    descriptor_key = models.CharField(
        max_length=300, blank=True, default="", help_text="The descriptor's group key."
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["source", "-at"], name="vetting_source_recent"),
            models.Index(fields=["descriptor_key", "-at"], name="vetting_descriptor_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__isnull=False) | ~Q(descriptor_key=""),
                name="vetting_source_or_descriptor",
            )
        ]

    def __str__(self) -> str:
        return f"Vetting of {self.source_id or self.descriptor} at {self.at:%Y-%m-%d}"
