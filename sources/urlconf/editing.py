"""URLs for correcting the record: claims, sources, articles, citations, evidence, pickers."""

from django.urls import path

from sources.views import articles, corrections, evidence, pickers, source_forms

urlpatterns = [
    path("claims/<int:pk>/correct/", corrections.claim_correct, name="claim_correct"),
    path("claims/<int:pk>/retract/", corrections.claim_retract, name="claim_retract"),
    path("claims/<int:pk>/assign/", corrections.claim_assign, name="claim_assign"),
    path(
        "claims/<int:pk>/attributions/add/",
        corrections.attribution_add,
        name="attribution_add",
    ),
    path(
        "attributions/<int:pk>/change/",
        corrections.attribution_change,
        name="attribution_change",
    ),
    path(
        "attributions/<int:pk>/remove/",
        corrections.attribution_remove,
        name="attribution_remove",
    ),
    path("links/<int:pk>/edit/", evidence.link_edit, name="link_edit"),
    path("links/<int:pk>/unlink/", evidence.link_unlink, name="link_unlink"),
    path("evidence/<int:pk>/edit/", evidence.evidence_edit, name="evidence_edit"),
    path("articles/outside/", articles.article_outside, name="article_outside"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="article_edit"),
    path("articles/<int:pk>/citations/", articles.article_citations, name="article_citations"),
    path("sources/new/", source_forms.source_new, name="source_new"),
    path("sources/<int:pk>/edit/", source_forms.source_edit, name="source_edit"),
    path("pick/articles/", pickers.pick_articles, name="pick_articles"),
    path("pick/evidence/", pickers.pick_evidence, name="pick_evidence"),
]
