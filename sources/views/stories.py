"""Filing a story: the article and the claims in it, saved together."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from sources import permissions, selectors, services
from sources.domain.extraction import extract_attributions
from sources.domain.text import ARTICLE_BODY_MAX
from sources.forms import ClaimForm, StoryForm, claim_formset
from sources.validators import check_text
from sources.views.common import answers_refusals, newsroom_required, require
from sources.views.suggestions import suggestions

STORY_PREFIX = "story"
CLAIMS_PREFIX = "claims"


@newsroom_required
@answers_refusals()
def story_file(request):
    """File an article with its claims.

    Two buttons re-show the form instead of saving: "Add another claim" and
    "Suggest attributions", which finds anonymous attributions in the pasted
    text and fills empty claim rows.
    """
    viewer = request.user
    require(permissions.can_file_claims(viewer=viewer))
    if request.method != "POST":
        return _render(request, StoryForm(prefix=STORY_PREFIX), _claims(viewer))

    story = StoryForm(request.POST, prefix=STORY_PREFIX)
    claims = _claims(viewer, data=request.POST)
    if "add_claim" in request.POST or "suggest" in request.POST:
        rows = _posted_rows(claims)
        found = None
        if "suggest" in request.POST:
            found = _attributions_found(viewer, request.POST.get("story-body", ""))
            rows = [row for row in rows if _filled(row)] + [
                {"text": s["sentence"], "descriptor": s["descriptor"], "source": s["codename"]}
                for s in found
            ]
        story = StoryForm(prefix=STORY_PREFIX, initial=_posted_story(request.POST))
        extra = 1 if "add_claim" in request.POST or not rows else 0
        return _render(request, story, _claims(viewer, initial=rows, extra=extra), found)

    if story.is_valid() and claims.is_valid():
        specs = [_claim_spec(form.cleaned_data) for form in claims.forms if form.has_changed()]
        try:
            article = services.story_file(
                outlet=story.cleaned_data["outlet"],
                headline=story.cleaned_data["headline"],
                published_on=story.cleaned_data["published_on"],
                byline=story.cleaned_data["byline"],
                url=story.cleaned_data["url"],
                body=story.cleaned_data["body"],
                claims=specs,
                actor=viewer,
            )
        except ValidationError as error:
            story.add_error(None, error)
        else:
            messages.success(
                request,
                f"Filed “{article.headline}” with {len(specs)} "
                f"claim{'s' if len(specs) != 1 else ''}. They are now in the fact-checking queue.",
            )
            return redirect("sources:article_detail", pk=article.pk)
    return _render(request, story, claims, status=400)


def _claims(viewer, *, data=None, initial=None, extra=None):
    if extra is None:
        extra = 2
    return claim_formset(extra=extra)(
        data=data, initial=initial, prefix=CLAIMS_PREFIX, form_kwargs={"viewer": viewer}
    )


def _render(request, story, claims, found=None, *, status=200):
    return render(
        request,
        "sources/story_form.html",
        {
            "story": story,
            "claims": claims,
            "suggestions": found,
            **suggestions(request.user),
        },
        status=status,
    )


def _posted_story(data) -> dict:
    return {name: data.get(f"{STORY_PREFIX}-{name}", "") for name in StoryForm.base_fields}


def _posted_rows(claims) -> list[dict]:
    """Return what was typed into each claim row, to show it again unchanged."""
    rows = []
    for form in claims.forms:
        row = {}
        for name, field in ClaimForm.base_fields.items():
            key = form.add_prefix(name)
            if name == "topics":
                row[name] = claims.data.getlist(key)
            else:
                row[name] = claims.data.get(key, field.initial or "")
        rows.append(row)
    return rows


def _filled(row: dict) -> bool:
    return bool(str(row.get("text", "")).strip() or row.get("source"))


def _attributions_found(viewer, body: str) -> list[dict]:
    """Return the attributions found in ``body``, each with a source when one matches."""
    # Checked before extraction: its descriptors go into a query.
    check_text(body, field=f"{STORY_PREFIX}-body", multiline=True, max_length=ARTICLE_BODY_MAX)
    found = extract_attributions(body) if body.strip() else []
    matches = selectors.sources_by_descriptor(
        viewer=viewer, descriptors=[item["descriptor"] for item in found]
    )
    codenames = selectors.codenames_of(viewer=viewer, pks=matches.values())
    return [
        {
            "descriptor": item["descriptor"],
            "sentence": item["sentence"].strip(),
            "source_id": matches.get(item["descriptor"].lower(), ""),
            "codename": codenames.get(matches.get(item["descriptor"].lower()), ""),
        }
        for item in found
    ]


def _claim_spec(data: dict) -> services.ClaimSpec:
    attributions = [services.AttributionSpec(source=data["source"], descriptor=data["descriptor"])]
    if data.get("second_source"):
        attributions.append(
            services.AttributionSpec(
                source=data["second_source"], descriptor=data["second_descriptor"]
            )
        )
    return services.ClaimSpec(
        text=data["text"].strip(),
        attributions=attributions,
        region=data["region"],
        topics=list(data["topics"]),
        credibility=data["credibility"],
        event_start=data["event_start"],
        event_end=data["event_end"],
    )
