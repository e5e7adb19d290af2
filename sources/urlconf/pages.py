"""URLs for the newsroom's everyday pages."""

from django.urls import path

from sources.views import claims, pages, queue, stories, vet

urlpatterns = [
    path("", pages.home, name="home"),
    path("vet/", vet.vet, name="vet"),
    path("vet/record/", vet.vet_record, name="vet_record"),
    path("stories/new/", stories.story_file, name="story_file"),
    path("queue/", queue.queue, name="queue"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/evidence/", claims.claim_link_evidence, name="claim_link_evidence"),
    path("claims/<int:pk>/verdict/", claims.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/forecast/", claims.claim_forecast, name="claim_forecast"),
    path("sources/", pages.source_list, name="source_list"),
    path("sources/<int:pk>/", pages.source_detail, name="source_detail"),
    path("articles/<int:pk>/", pages.article_detail, name="article_detail"),
    path("search/", pages.search_page, name="search"),
]
