"""The Django admin, for the jobs an editor does by hand.

Derived columns (outcomes, link independence, rollups) are read-only here:
after any change the admin asks the services to recompute them, so the admin
cannot leave them stale. Identity details are not in the admin at all: they
are read only through the logged pages in sources.views.security.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sources import permissions, services
from sources.models import (
    Article,
    Attribution,
    Claim,
    Desk,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    LetterOverride,
    Outlet,
    Quantity,
    Region,
    Source,
    SourceRollup,
    Topic,
    Verdict,
)


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(Outlet, Region, Topic)
class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["headline", "outlet", "published_on", "byline"]
    list_filter = ["outlet", "language", "published_on"]
    search_fields = ["headline", "byline", "url", "external_id"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["cites"]
    list_select_related = ["outlet"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new date or new citations change what this article's claims and
        # those downstream of it count for; re-derive them and their rollups.
        services.article_refresh(article=form.instance, actor=request.user)


class AttributionInline(admin.TabularInline):
    model = Attribution
    extra = 0
    autocomplete_fields = ["source"]


class QuantityInline(admin.TabularInline):
    model = Quantity
    extra = 0


class LinkInline(admin.TabularInline):
    model = EvidenceLink
    extra = 0
    autocomplete_fields = ["evidence"]
    fields = ["evidence", "relation", "note", "is_independent", "dependence_reason"]
    readonly_fields = ["is_independent", "dependence_reason"]


class VerdictInline(admin.TabularInline):
    model = Verdict
    extra = 0
    fields = ["outcome", "reason", "decided_by", "decided_at", "original_label"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # Verdicts are decided on the claim page, with conflict checks.


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "article", "region", "outcome", "credibility"]
    list_filter = ["outcome", "derived_outcome", "region", "topics", "credibility"]
    search_fields = ["text", "article__headline", "attributions__descriptor", "external_id"]
    autocomplete_fields = ["article", "topics"]
    list_select_related = ["article", "region"]
    inlines = [AttributionInline, QuantityInline, LinkInline, VerdictInline]
    readonly_fields = [
        "derived_outcome",
        "verdict",
        "outcome",
        "corroborating_links",
        "contradicting_links",
        "dependent_links",
        "first_corroborated_on",
        "days_to_corroboration",
        "version",
    ]

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.attributions.values_list("source_id", flat=True))
        super().save_related(request, form, formsets, change)
        after = set(form.instance.attributions.values_list("source_id", flat=True))
        services.claims_recompute(
            claim_ids=[form.instance.pk], also_sources=before | after, actor=request.user
        )

    def delete_model(self, request, obj):
        services.claim_delete(claim=obj, actor=request.user)


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["codename", "descriptor", "region", "affiliation", "status", "is_confidential"]
    list_filter = ["status", "is_confidential", "affiliation", "region", "desk"]
    search_fields = ["codename", "descriptor"]
    autocomplete_fields = ["handler"]
    # Burning must erase the identity and be logged: only sources:source_burn does that.
    readonly_fields = ["status", "burned_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.rollups_refresh(source_ids=[obj.pk])


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "observed_on", "article"]
    list_filter = ["kind", "observed_on"]
    search_fields = ["summary", "url", "external_id"]
    autocomplete_fields = ["article", "source", "cites"]
    inlines = [LinkInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.claims_recompute(claim_ids=form.instance.links.values_list("claim_id", flat=True))


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "evidence", "relation", "is_independent"]
    list_filter = ["relation", "is_independent"]
    search_fields = ["claim__text", "evidence__summary", "note"]
    autocomplete_fields = ["claim", "evidence"]
    readonly_fields = ["is_independent", "dependence_reason", "recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = obj.recorded_by or request.user
        super().save_model(request, obj, form, change)
        services.claims_recompute(claim_ids=[obj.claim_id])

    def delete_model(self, request, obj):
        services.evidence_unlink(link=obj, actor=request.user)


@admin.register(Verdict)
class VerdictAdmin(SimpleHistoryAdmin):
    list_display = ["claim", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["claim__text", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LetterOverride)
class LetterOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["group_kind", "group_key", "letter", "recorded_by", "recorded_at"]
    list_filter = ["group_kind", "letter"]
    search_fields = ["group_key", "reason"]


@admin.register(SourceRollup)
class SourceRollupAdmin(admin.ModelAdmin):
    list_display = ["source", "claims", "resolved", "confirmation_rate", "letter"]
    list_filter = ["letter"]
    search_fields = ["source__codename"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(admin.ModelAdmin):
    """The identity access log, read-only, for admins alone."""

    list_display = ["at", "user", "source", "action", "reason", "ip_address"]
    list_filter = ["action"]
    search_fields = ["source__codename", "user__username", "reason"]
    list_select_related = ["user", "source"]

    def has_module_permission(self, request):
        return permissions.can_view_access_log(viewer=request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_access_log(viewer=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
