"""Reads behind the correction pages: descriptor keys, chains, neutral assignees (issue 16)."""

from __future__ import annotations

import pytest

from sources import roles, selectors, services
from sources.domain.vocab import Relation
from tests.factories import ArticleFactory, EvidenceFactory, SourceFactory, UserFactory
from tests.views.pages_data import file_claim, newsroom

pytestmark = pytest.mark.django_db


def test_sources_by_descriptor_compares_descriptor_keys(editor):
    """Before: only the exact printed form matched; "An additional…" found nothing."""
    aspen = SourceFactory(codename="ASPEN", descriptor="an additional source in Hyesan")
    found = selectors.sources_by_descriptor(
        viewer=editor,
        descriptors=["An additional source in  Hyesan", "AN ADDITIONAL SOURCE IN HYESAN"],
    )
    assert found == {"an additional source in hyesan": aspen.pk}


def test_sources_by_descriptor_leaves_out_a_key_two_sources_share(editor):
    SourceFactory(codename="TWIN-A", descriptor="a trader in Hyesan")
    SourceFactory(codename="TWIN-B", descriptor="A trader in Hyesan")
    assert selectors.sources_by_descriptor(viewer=editor, descriptors=["a trader in hyesan"]) == {}


def test_dependence_chains_name_the_articles_evidence_side_first(fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    wire, blog = ArticleFactory(headline="Wire"), ArticleFactory(headline="Blog")
    services.article_cite(article=wire, cited=[room.article])
    services.article_cite(article=blog, cited=[wire])
    dependent = services.evidence_link(
        claim=claim, evidence=EvidenceFactory(article=blog), relation=Relation.CORROBORATES
    )
    independent = services.evidence_link(
        claim=claim, evidence=EvidenceFactory(), relation=Relation.CORROBORATES
    )
    links = list(selectors.links_for(viewer=fact_checker).filter(claim=claim))
    chains = selectors.dependence_chains(viewer=fact_checker, links=links)
    assert list(chains) == [dependent.pk]
    assert [a.headline for a in chains[dependent.pk]] == ["Blog", "Wire", room.article.headline]
    assert independent.pk not in chains


def test_the_history_says_assigned_without_naming_to_those_who_see_no_names(editor):
    claim = file_claim(newsroom(), "A claim.")
    felix = UserFactory(username="felix", roles=[roles.FACT_CHECKER])
    gina = UserFactory(username="gina", roles=[roles.FACT_CHECKER])
    services.claim_assign(claim=claim, assignee=felix, actor=editor, reason="Hyesan")

    def change(viewer):
        record = selectors.history_for(viewer=viewer, obj=claim)[0]
        return record.changes, record.history_change_reason, record.who

    assert change(editor) == ([("assigned to", "—", "felix")], "Hyesan", "editor")
    assert change(felix) == ([("assigned to", "—", "you")], "Hyesan", "newsroom staff")
    assert change(gina) == ([("assigned to", "—", "assigned")], "Hyesan", "newsroom staff")


def test_claims_like_finds_a_retyped_claim_only(editor):
    room = newsroom()
    same = file_claim(room, "Security cadres bought 8 kg of crystal meth inland.")
    file_claim(room, "Rice prices doubled in Musan last spring.")
    found = selectors.claims_like(
        viewer=editor,
        texts=["Security cadres bought 8 kg of crystal meth inland", "Nothing like it at all"],
    )
    assert list(found) == [0]
    assert [item.claim for item in found[0]] == [same]
    assert found[0][0].overlap == 1.0
