"""The Django admin, for the jobs an editor does by hand.

Every write here goes through ``sources.services``: saving a row, its inline
rows, deleting one and the bulk "delete selected" action
(``ServiceWrites``). Derived columns (outcomes, link independence, rollups)
are read-only, and the services keep them current. A claim keeps at least
one source; verdicts are append-only and cannot be changed or deleted. A
write a service refuses is shown as a message and nothing is saved. Identity
details are not in the admin at all: they are read only through the logged
pages in sources.views.security.

Who may do what here is the access policy's (``sources.permissions``), not
Django's model permissions: every admin below asks it through ``PolicyAdmin``.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from sources import permissions, services
from sources.models import (
    Article,
    Attribution,
    Claim,
    CopyFlag,
    Desk,
    Evidence,
    EvidenceLink,
    Forecast,
    IdentityAccessLog,
    LetterOverride,
    Network,
    Outlet,
    Quantity,
    Region,
    Source,
    SourceRollup,
    Topic,
    Verdict,
)


class PolicyAdmin:
    """Answer every ``has_*_permission`` question from ``sources.permissions``.

    On a ModelAdmin ``obj`` is a row of its model; on an inline it is the
    parent row, so the inline's own model is what is asked about.
    """

    def _target(self, obj):
        return obj if isinstance(obj, self.model) else self.model

    def has_module_permission(self, request):
        return permissions.can_use_admin(viewer=request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_admin_view(viewer=request.user, obj=self._target(obj))

    def has_add_permission(self, request, obj=None):
        return permissions.can_admin_add(viewer=request.user, obj=self.model)

    def has_change_permission(self, request, obj=None):
        return permissions.can_admin_change(viewer=request.user, obj=self._target(obj))

    def has_delete_permission(self, request, obj=None):
        return permissions.can_admin_delete(viewer=request.user, obj=self._target(obj))


ADMIN_REASON = "Changed in the admin"


class ServiceWrites:
    """Show a write a service refuses as a message on the page, with nothing saved.

    The admin wraps a save or a delete in one transaction; the refusal
    (``ValidationError`` or ``services.Conflict``) leaves it, rolling back
    everything the request wrote, and the page is shown again.
    """

    def _refused(self, request, error):
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        self.message_user(request, f"Nothing was saved: {text}", level=messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except (ValidationError, services.Conflict) as error:
            return self._refused(request, error)

    def delete_view(self, request, *args, **kwargs):
        try:
            return super().delete_view(request, *args, **kwargs)
        except (ValidationError, services.Conflict) as error:
            return self._refused(request, error)

    def changelist_view(self, request, *args, **kwargs):
        try:
            return super().changelist_view(request, *args, **kwargs)
        except (ValidationError, services.Conflict) as error:
            return self._refused(request, error)

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Show old versions, but never write one back: a revert would go around the services."""
        if request.method == "POST":
            self.message_user(
                request, "Old versions cannot be restored here; edit the row.", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_related(self, request, form, formsets, change):
        """Save inline rows through ``save_formset``; the form's own m2m go via save_model."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        raise NotImplementedError(f"{type(self).__name__} has no service for {formset.model}.")

    def delete_queryset(self, request, queryset):
        with transaction.atomic(), services.rollups_batched():
            for obj in queryset.order_by("pk"):
                self.delete_model(request, obj)


def _changed(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def _rows(formset):
    """Split an inline formset into (new, changed, deleted) forms, skipping untouched rows."""
    new, changed, deleted = [], [], []
    for row in formset.forms:
        if not hasattr(row, "cleaned_data") or not row.cleaned_data:
            continue
        if row.instance.pk is None:
            if row.has_changed() and not row.cleaned_data.get("DELETE"):
                new.append(row)
        elif row.cleaned_data.get("DELETE"):
            deleted.append(row)
        elif row.has_changed():
            changed.append(row)
    return new, changed, deleted


def _done(formset, *, new=(), changed=(), deleted=()) -> None:
    """Tell the admin's change message what the services did with the inline rows."""
    formset.new_objects = list(new)
    formset.changed_objects = list(changed)
    formset.deleted_objects = list(deleted)


def _save_links(request, formset, *, claim=None, evidence=None) -> None:
    """Link, relink, change and unlink through the services; deletions first."""
    new, changed, deleted = _rows(formset)
    user = request.user
    for row in deleted:
        services.evidence_unlink(
            link=EvidenceLink.objects.get(pk=row.instance.pk), actor=user, reason=ADMIN_REASON
        )
    changed_objects = []
    for row in changed:
        link = EvidenceLink.objects.get(pk=row.instance.pk)
        other = "evidence" if claim is not None else "claim"
        if other in row.changed_data:
            services.evidence_unlink(link=link, actor=user, reason=ADMIN_REASON)
            link = services.evidence_link(
                claim=claim or row.cleaned_data["claim"],
                evidence=evidence or row.cleaned_data["evidence"],
                relation=row.cleaned_data["relation"],
                note=row.cleaned_data.get("note", ""),
                recorded_by=user,
            )
        else:
            services.link_update(
                link=link,
                data=_changed(row, ("relation", "note")),
                actor=user,
                reason=ADMIN_REASON,
            )
        changed_objects.append((link, row.changed_data))
    created = [
        services.evidence_link(
            claim=claim or row.cleaned_data["claim"],
            evidence=evidence or row.cleaned_data["evidence"],
            relation=row.cleaned_data["relation"],
            note=row.cleaned_data.get("note", ""),
            recorded_by=user,
        )
        for row in new
    ]
    _done(formset, new=created, changed=changed_objects, deleted=[r.instance for r in deleted])


@admin.register(Desk)
class DeskAdmin(PolicyAdmin, admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


@admin.register(Outlet, Region, Topic)
class NamedAdmin(PolicyAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    list_display = ["headline", "outlet", "published_on", "byline"]
    list_filter = ["outlet", "language", "published_on"]
    search_fields = ["headline", "byline", "url", "external_id"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["cites"]
    list_select_related = ["outlet"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            article = services.article_create(
                **{name: data[name] for name in services.ARTICLE_FIELDS if name in data},
                cites=data.get("cites", ()),
                actor=request.user,
            )
            obj.pk, obj._state.adding = article.pk, False
            return
        # A new date or new citations change what this article's claims and those
        # downstream of it count for; the services re-derive them and their rollups.
        article = Article.objects.get(pk=obj.pk)
        services.article_update(
            article=article,
            data=_changed(form, services.ARTICLE_FIELDS),
            actor=request.user,
            reason=ADMIN_REASON,
        )
        if "cites" in form.changed_data:
            wanted = set(data["cites"])
            current = set(article.cites.all())
            services.article_uncite(
                article=article, cited=current - wanted, actor=request.user, reason=ADMIN_REASON
            )
            services.article_cite(
                article=article, cited=wanted - current, actor=request.user, reason=ADMIN_REASON
            )

    def delete_model(self, request, obj):
        services.article_delete(article=obj, actor=request.user, reason=ADMIN_REASON)


class AttributionInline(PolicyAdmin, admin.TabularInline):
    """The sources a claim rests on: at least one, so the last row cannot be removed."""

    model = Attribution
    extra = 0
    min_num = 1
    autocomplete_fields = ["source"]
    fields = ["source", "descriptor"]

    def get_formset(self, request, obj=None, **kwargs):
        # The admin shows min_num rows but does not check them; the form must refuse too.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class QuantityInline(PolicyAdmin, admin.TabularInline):
    model = Quantity
    extra = 0


class LinkInline(PolicyAdmin, admin.TabularInline):
    """A claim's evidence; independence is judged by the services, read-only here."""

    model = EvidenceLink
    extra = 0
    autocomplete_fields = ["evidence"]
    fields = ["evidence", "relation", "note", "is_independent", "dependence_reason"]
    readonly_fields = ["is_independent", "dependence_reason"]


class EvidenceLinkInline(LinkInline):
    """The claims a piece of evidence bears on, from the evidence's page."""

    autocomplete_fields = ["claim"]
    fields = ["claim", "relation", "note", "is_independent", "dependence_reason"]


class VerdictInline(PolicyAdmin, admin.TabularInline):
    """Verdicts are decided on the claim page, with conflict checks: read-only here."""

    model = Verdict
    extra = 0
    fields = ["outcome", "reason", "decided_by", "decided_at", "original_label"]
    readonly_fields = fields
    can_delete = False


@admin.register(Claim)
class ClaimAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
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
        "first_settled_on",
        "settled_before_publication",
        "independent_origins",
        "not_established",
        "likely_copies",
        "version",
        "assessed_by",
        "filed_by",
    ]

    def save_model(self, request, obj, form, change):
        if change:
            services.claim_update(
                claim=Claim.objects.get(pk=obj.pk),
                data=_changed(form, services.CLAIM_FIELDS),
                actor=request.user,
                reason=ADMIN_REASON,
            )
        # A new claim is filed in save_related, with the sources its attribution rows name.

    def save_related(self, request, form, formsets, change):
        by_model = {formset.model: formset for formset in formsets}
        with services.rollups_batched():
            if not change:
                claim = self._file(request, form, by_model)
                form.instance.pk, form.instance._state.adding = claim.pk, False
            claim = Claim.objects.get(pk=form.instance.pk)
            for formset in formsets:
                self.save_formset(request, form, formset, change=change, claim=claim)

    def _file(self, request, form, by_model) -> Claim:
        data = form.cleaned_data
        new, _, _ = _rows(by_model[Attribution])
        quantities, _, _ = _rows(by_model[Quantity]) if Quantity in by_model else ([], [], [])
        claim = services.claim_file(
            attributions=[
                services.AttributionSpec(
                    source=row.cleaned_data["source"], descriptor=row.cleaned_data["descriptor"]
                )
                for row in new
            ],
            quantities=[
                services.QuantitySpec(
                    value=row.cleaned_data["value"],
                    unit=row.cleaned_data["unit"],
                    label=row.cleaned_data.get("label", ""),
                )
                for row in quantities
            ],
            assessed_by=request.user,
            filed_by=request.user,
            **{name: data[name] for name in services.CLAIM_FIELDS if name in data},
        )
        _done(by_model[Attribution], new=list(claim.attributions.all()))
        if Quantity in by_model:
            _done(by_model[Quantity], new=list(claim.quantities.all()))
        return claim

    def save_formset(self, request, form, formset, change, claim=None):
        if formset.model is Attribution:
            if change:
                self._save_attributions(request, formset, claim)
        elif formset.model is Quantity:
            if change:
                self._save_quantities(request, formset, claim)
        elif formset.model is EvidenceLink:
            _save_links(request, formset, claim=claim)
        else:
            _done(formset)  # verdicts: read-only, decided on the claim page

    def _save_attributions(self, request, formset, claim) -> None:
        """Add first, then change, then remove, so a claim is never left on no source."""
        new, changed, deleted = _rows(formset)
        user = request.user
        created = [
            services.attribution_add(
                claim=claim,
                source=row.cleaned_data["source"],
                descriptor=row.cleaned_data["descriptor"],
                actor=user,
                reason=ADMIN_REASON,
            )
            for row in new
        ]
        for row in changed:
            services.attribution_update(
                attribution=Attribution.objects.get(pk=row.instance.pk),
                data=_changed(row, ("source", "descriptor")),
                actor=user,
                reason=ADMIN_REASON,
            )
        for row in deleted:
            services.attribution_remove(
                attribution=Attribution.objects.get(pk=row.instance.pk),
                actor=user,
                reason=ADMIN_REASON,
            )
        _done(
            formset,
            new=created,
            changed=[(row.instance, row.changed_data) for row in changed],
            deleted=[row.instance for row in deleted],
        )

    def _save_quantities(self, request, formset, claim) -> None:
        new, changed, deleted = _rows(formset)
        if new or changed or deleted:
            gone = {row.instance.pk for row in deleted}
            kept = [
                row
                for row in formset.forms
                if getattr(row, "cleaned_data", None)
                and (row.instance.pk is not None or row in new)
                and row.instance.pk not in gone
            ]
            services.claim_update(
                claim=claim,
                data={
                    "quantities": [
                        services.QuantitySpec(
                            value=row.cleaned_data["value"],
                            unit=row.cleaned_data["unit"],
                            label=row.cleaned_data.get("label", ""),
                        )
                        for row in kept
                    ]
                },
                actor=request.user,
                reason=ADMIN_REASON,
            )
        _done(
            formset,
            new=[row.instance for row in new],
            changed=[(row.instance, row.changed_data) for row in changed],
            deleted=[row.instance for row in deleted],
        )

    def get_deleted_objects(self, objs, request):
        """A claim takes its verdicts with it: deleting one needs no right to delete verdicts."""
        deleted, counts, needed, protected = super().get_deleted_objects(objs, request)
        needed.discard(Verdict._meta.verbose_name)
        return deleted, counts, needed, protected

    def delete_model(self, request, obj):
        services.claim_delete(claim=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(Source)
class SourceAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    list_display = ["codename", "descriptor", "region", "affiliation", "status", "is_confidential"]
    list_filter = ["status", "is_confidential", "affiliation", "region", "desk"]
    search_fields = ["codename", "descriptor"]
    autocomplete_fields = ["handler"]
    # Burning must erase the identity and be logged: only sources:source_burn does that.
    readonly_fields = ["status", "burned_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            source = services.source_create(
                **{
                    name: form.cleaned_data[name]
                    for name in services.SOURCE_FIELDS
                    if name in form.cleaned_data
                },
                actor=request.user,
            )
            obj.pk, obj._state.adding = source.pk, False
        else:
            source = Source.objects.get(pk=obj.pk)
            services.source_update(
                source=source,
                data=_changed(form, services.SOURCE_FIELDS),
                actor=request.user,
                reason=ADMIN_REASON,
            )
        if "network" in form.changed_data:
            # A network decides which evidence counts: its claims are judged again.
            services.source_network_set(
                source=source,
                network=form.cleaned_data["network"],
                actor=request.user,
                reason=ADMIN_REASON,
            )

    def delete_model(self, request, obj):
        services.source_delete(source=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(Evidence)
class EvidenceAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "observed_on", "article"]
    list_filter = ["kind", "observed_on"]
    search_fields = ["summary", "url", "external_id"]
    autocomplete_fields = ["article", "source", "cites"]
    readonly_fields = ["recorded_by"]
    inlines = [EvidenceLinkInline]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            evidence = services.evidence_record(
                **{name: data[name] for name in services.EVIDENCE_FIELDS if name in data},
                recorded_by=request.user,
            )
            obj.pk, obj._state.adding = evidence.pk, False
            return
        services.evidence_update(
            evidence=Evidence.objects.get(pk=obj.pk),
            data=_changed(form, services.EVIDENCE_FIELDS),
            actor=request.user,
            reason=ADMIN_REASON,
        )

    def save_related(self, request, form, formsets, change):
        evidence = Evidence.objects.get(pk=form.instance.pk)
        with services.rollups_batched():
            for formset in formsets:
                _save_links(request, formset, evidence=evidence)

    def delete_model(self, request, obj):
        services.evidence_delete(evidence=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    list_display = ["claim", "evidence", "relation", "is_independent"]
    list_filter = ["relation", "is_independent", "independence"]
    search_fields = ["claim__text", "evidence__summary", "note"]
    autocomplete_fields = ["claim", "evidence"]
    # Relays are confirmed on the claim page, with a reason (services.link_relay_confirm).
    readonly_fields = [
        "is_independent",
        "dependence_reason",
        "independence",
        "relay_confirmed_by",
        "relay_confirmed_at",
        "relay_reason",
        "recorded_by",
        "recorded_at",
    ]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change and not {"claim", "evidence"} & set(form.changed_data):
            services.link_update(
                link=EvidenceLink.objects.get(pk=obj.pk),
                data=_changed(form, ("relation", "note")),
                actor=request.user,
                reason=ADMIN_REASON,
            )
            return
        if change:
            services.evidence_unlink(
                link=EvidenceLink.objects.get(pk=obj.pk), actor=request.user, reason=ADMIN_REASON
            )
        link = services.evidence_link(
            claim=data["claim"],
            evidence=data["evidence"],
            relation=data["relation"],
            note=data.get("note", ""),
            recorded_by=request.user,
        )
        obj.pk, obj._state.adding = link.pk, False

    def delete_model(self, request, obj):
        services.evidence_unlink(link=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(Verdict)
class VerdictAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    """Read-only: the policy never lets the admin add or change a verdict.

    Verdicts are append-only, so deleting one is refused too: the claim's
    verdict column would keep a decision its history no longer shows.
    """

    list_display = ["claim", "outcome", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["claim__text", "reason"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        raise ValidationError("Verdicts are append-only; decide a new verdict on the claim page.")

    def delete_queryset(self, request, queryset):
        raise ValidationError("Verdicts are append-only; decide a new verdict on the claim page.")


@admin.register(LetterOverride)
class LetterOverrideAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    list_display = ["group_kind", "group_key", "letter", "recorded_by", "recorded_at"]
    list_filter = ["group_kind", "letter"]
    search_fields = ["group_key", "reason"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change and {"group_kind", "group_key"} & set(form.changed_data):
            services.letter_override_delete(
                override=LetterOverride.objects.get(pk=obj.pk),
                actor=request.user,
                reason=ADMIN_REASON,
            )
        override = services.letter_override_record(
            group_kind=data["group_kind"],
            group_key=data["group_key"],
            letter=data["letter"],
            reason=data["reason"],
            recorded_by=request.user,
        )
        obj.pk, obj._state.adding = override.pk, False

    def delete_model(self, request, obj):
        services.letter_override_delete(override=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(SourceRollup)
class SourceRollupAdmin(ServiceWrites, PolicyAdmin, admin.ModelAdmin):
    """Derived figures: never added or changed here, and deleted only with their source."""

    list_display = ["source", "claims", "resolved", "confirmation_rate", "letter"]
    list_filter = ["letter"]
    search_fields = ["source__codename"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        raise ValidationError("A source's rollup is derived from its claims; it goes with them.")

    def delete_queryset(self, request, queryset):
        raise ValidationError("A source's rollup is derived from its claims; it goes with them.")


@admin.register(Network)
class NetworkAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    """Source networks; members are set on each source (or on the network page)."""

    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "notes"]

    def save_model(self, request, obj, form, change):
        if not change:
            network = services.network_create(
                **{name: form.cleaned_data[name] for name in services.NETWORK_FIELDS},
                actor=request.user,
            )
            obj.pk, obj._state.adding = network.pk, False
            return
        services.network_update(
            network=Network.objects.get(pk=obj.pk),
            data=_changed(form, services.NETWORK_FIELDS),
            actor=request.user,
            reason=ADMIN_REASON,
        )

    def delete_model(self, request, obj):
        services.network_delete(network=obj, actor=request.user, reason=ADMIN_REASON)


@admin.register(CopyFlag)
class CopyFlagAdmin(ServiceWrites, PolicyAdmin, SimpleHistoryAdmin):
    """Likely copies the text check found; a ruling (with its reason) goes through the service.

    The policy never lets the admin add one (the check raises them), and this
    admin refuses to delete one alone: a flag goes with its link or article.
    """

    list_display = ["__str__", "score", "ruling", "ruled_at"]
    list_filter = ["ruling"]
    search_fields = ["reason"]
    fields = ["link", "article", "copy_of", "score", "ruling", "reason", "ruled_by", "ruled_at"]
    readonly_fields = ["link", "article", "copy_of", "score", "ruled_by", "ruled_at"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        raise ValidationError("A copy flag goes with its text; rule on it instead.")

    def delete_queryset(self, request, queryset):
        raise ValidationError("A copy flag goes with its text; rule on it instead.")

    def save_model(self, request, obj, form, change):
        if {"ruling", "reason"} & set(form.changed_data):
            services.copy_rule(
                flag=CopyFlag.objects.get(pk=obj.pk),
                ruling=form.cleaned_data["ruling"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(PolicyAdmin, admin.ModelAdmin):
    """The identity access log, read-only, for those who may read it (admins alone)."""

    list_display = ["at", "user", "source", "action", "reason", "ip_address"]
    list_filter = ["action"]
    search_fields = ["source__codename", "user__username", "reason"]
    list_select_related = ["user", "source"]


@admin.register(Forecast)
class ForecastAdmin(PolicyAdmin, admin.ModelAdmin):
    """Editors' forecasts, read-only: append-only, so the policy refuses add, change and delete."""

    list_display = ["claim", "author", "percent", "made_at"]
    search_fields = ["claim__text", "author__username"]
    list_select_related = ["claim", "author"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
