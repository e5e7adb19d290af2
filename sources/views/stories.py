"""Filing a story: the article and the claims in it, saved together."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from sources import permissions, selectors, services
from sources.domain.extraction import find_attributions
from sources.domain.rules import descriptor_group
from sources.domain.text import ARTICLE_BODY_MAX
from sources.forms import ClaimForm, StoryForm, claim_formset
from sources.validators import check_text
from sources.views.common import add_refusal, answers_refusals, newsroom_required, require
from sources.views.suggestions import suggestions

STORY_PREFIX = "story"
CLAIMS_PREFIX = "claims"
SUBMIT_KIND = "story"
# Posted by "File the story anyway", once the similar claims on file were shown.
CONFIRM_SIMILAR = "confirm_similar"


def new_token() -> str:
    """Return a fresh one-time token for a form that writes (services.submission_claim)."""
    return secrets.token_urlsafe(24)


@newsroom_required
@answers_refusals()
def story_file(request):
    """File an article with its claims.

    Two buttons re-show the form instead of saving: "Add another claim" and
    "Suggest attributions", which finds anonymous attributions in the pasted
    text and fills empty claim rows. Before saving, claims that say nearly
    the same as claims on file are shown, and the story is filed only once
    that is confirmed. The form's one-time token makes a repeated submit (a
    double click) land once: the repeat is shown the story just filed.
    """
    viewer = request.user
    require(permissions.can_file_claims(viewer=viewer))
    if request.method != "POST":
        story = StoryForm(prefix=STORY_PREFIX, initial={"submit_token": new_token()})
        return _render(request, story, _claims(viewer))

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
        specs = [_claim_spec(form.cleaned_data) for form in claims.filled_forms()]
        token = story.cleaned_data["submit_token"]
        if CONFIRM_SIMILAR not in request.POST and not _landed(viewer, token):
            similar = selectors.claims_like(viewer=viewer, texts=[spec.text for spec in specs])
            if similar:
                return _render(request, story, claims, similar=_similar_rows(specs, similar))
        try:
            article_id, first = services.submitted_once(
                token=token,
                user=viewer,
                kind=SUBMIT_KIND,
                run=lambda: _file(viewer, story.cleaned_data, specs).pk,
            )
        except ValidationError as error:
            add_refusal(story, error)
        else:
            if not first:
                if article_id is None:
                    messages.info(request, "This story is being filed; it will be listed shortly.")
                    return redirect("sources:home")
                messages.info(request, "This story was filed already, once: here it is.")
                return redirect("sources:article_detail", pk=article_id)
            messages.success(
                request,
                f"Filed “{story.cleaned_data['headline']}” with {len(specs)} "
                f"claim{'s' if len(specs) != 1 else ''}. They are now in the fact-checking queue.",
            )
            return redirect("sources:article_detail", pk=article_id)
    return _render(request, story, claims, status=400)


def _file(viewer, data: dict, specs: list[services.ClaimSpec]):
    return services.story_file(
        outlet=data["outlet"],
        headline=data["headline"],
        published_on=data["published_on"],
        byline=data["byline"],
        url=data["url"],
        body=data["body"],
        claims=specs,
        actor=viewer,
    )


def _landed(viewer, token: str) -> bool:
    """Say whether this form's token already filed a story (a repeat skips the warning)."""
    from sources.models import SubmitToken

    return bool(token) and SubmitToken.objects.filter(token=token, user=viewer).exists()


def _similar_rows(specs, similar) -> list[dict]:
    return [
        {"number": index + 1, "text": specs[index].text, "matches": matches}
        for index, matches in sorted(similar.items())
    ]


def _claims(viewer, *, data=None, initial=None, extra=None):
    if extra is None:
        extra = 2
    return claim_formset(extra=extra)(
        data=data, initial=initial, prefix=CLAIMS_PREFIX, form_kwargs={"viewer": viewer}
    )


def _render(request, story, claims, found=None, *, similar=None, status=200):
    return render(
        request,
        "sources/story_form.html",
        {
            "story": story,
            "claims": claims,
            "suggestions": found,
            "similar": similar,
            "confirm_similar": CONFIRM_SIMILAR,
            **suggestions(request.user),
        },
        status=status,
    )


def _posted_story(data) -> dict:
    posted = {name: data.get(f"{STORY_PREFIX}-{name}", "") for name in StoryForm.base_fields}
    if not posted["submit_token"]:
        posted["submit_token"] = new_token()
    return posted


def _posted_rows(claims) -> list[dict]:
    """Return what was typed into each claim row, to show it again unchanged.

    Rows ticked "Remove this claim" are left out.
    """
    rows = []
    for form in claims.forms:
        if claims.data.get(form.add_prefix("DELETE")):
            continue
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
    """Return the attributions found in ``body``, each with a source when one matches.

    Descriptors match sources whatever their case or typography
    (``selectors.sources_by_descriptor`` compares descriptor keys). A phrase
    pointing back ("the source", "the same source") is not a new
    descriptor: it takes the descriptor and the source of the attribution it
    refers to, or none when the text does not name that source.
    """
    # Checked before extraction: its descriptors go into a query.
    check_text(body, field=f"{STORY_PREFIX}-body", multiline=True, max_length=ARTICLE_BODY_MAX)
    found = find_attributions(text=body) if body.strip() else []
    introduced = [item for item in found if not item.is_back_reference]
    matches = selectors.sources_by_descriptor(
        viewer=viewer, descriptors=[item.descriptor for item in introduced]
    )
    codenames = selectors.codenames_of(viewer=viewer, pks=matches.values())
    rows = []
    for item in found:
        named = item
        if item.is_back_reference:
            named = found[item.refers_to] if item.refers_to is not None else None
        source_id = matches.get(descriptor_group(named.descriptor)) if named else None
        rows.append(
            {
                "descriptor": named.descriptor if named else "",
                "printed": item.descriptor,
                "back_reference": item.is_back_reference,
                "sentence": item.sentence.strip(),
                "source_id": source_id or "",
                "codename": codenames.get(source_id, "") if source_id else "",
            }
        )
    return rows


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
        quantities=data.get("quantities") or (),
    )
