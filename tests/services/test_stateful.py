"""Any sequence of writes, through any entry point, leaves the derived data exact.

A Hypothesis state machine files, links, unlinks, edits, deletes, decides
verdicts, cites articles, imports small exchange documents and burns
sources, choosing for each write one of the ways a person makes it: a
service call, the API (as an editor or a fact-checker), the admin (as a
superuser) or the importer. After every step the checks of
``verify_rollups`` find nothing to correct, and no entry point ever answered
with a server error. Runs on SQLite and PostgreSQL alike; each example runs
in a savepoint that is rolled back.
"""

import datetime
import itertools
import json

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from rest_framework.test import APIClient

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.exchange.importer import import_file
from sources.management.commands.verify_rollups import (
    claim_differences,
    descriptor_differences,
    rollup_differences,
)
from sources.models import Article, Attribution, Claim, Evidence, EvidenceLink, Source
from tests.admin.forms import form_data
from tests.factories import OutletFactory, RegionFactory, UserFactory

DAY0 = datetime.date(2015, 1, 1)
# Spellings of two descriptors, so grouping by key is exercised too.
DESCRIPTORS = (
    "a source in Ryanggang Province",
    "A Source in  Ryanggang Province",
    "a trader in Hyesan’s market",
    "a trader in Hyesan's market",
)
pick = st.integers(min_value=0, max_value=10**6)
days = st.integers(min_value=-400, max_value=900)  # before an article, too
via = st.sampled_from(("service", "api", "admin"))
serials = itertools.count()


def nth(rows, index):
    rows = list(rows)
    return rows[index % len(rows)] if rows else None


class WriteMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        cache.clear()
        n = next(serials)
        self.editor = UserFactory(username=f"sm-editor-{n}", roles=[roles.EDITOR])
        self.checker = UserFactory(username=f"sm-checker-{n}", roles=[roles.FACT_CHECKER])
        admin = UserFactory(
            username=f"sm-admin-{n}", roles=[roles.ADMIN], is_staff=True, is_superuser=True
        )
        self.api_editor, self.api_checker = APIClient(), APIClient()
        self.api_editor.force_authenticate(self.editor)
        self.api_checker.force_authenticate(self.checker)
        self.admin = Client()
        self.admin.force_login(admin)
        self.outlet = OutletFactory()
        region = RegionFactory()
        self.sources = [
            services.source_create(
                codename=f"SM{n}-{k}", descriptor=DESCRIPTORS[k], region=region, real_name="X"
            )
            for k in range(4)
        ]
        self.articles = [
            services.article_create(
                outlet=self.outlet,
                headline=f"Story {k}",
                published_on=DAY0 + datetime.timedelta(days=90 * k),
            )
            for k in range(3)
        ]
        for k in range(3):
            self._file(self.articles[k], [self.sources[k]], DESCRIPTORS[k])
        for k in range(3):
            self._evidence(100 * k)

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers ---------------------------------------------------------------------------

    def _file(self, article, sources, descriptor=""):
        return services.claim_file(
            article=article,
            text="A claim of the walk.",
            attributions=[
                services.AttributionSpec(source=s, descriptor=descriptor) for s in sources
            ],
            filed_by=self.editor,
        )

    def _evidence(self, offset, **fields):
        return services.evidence_record(
            kind=Evidence.Kind.REPORTING,
            summary="Evidence of the walk.",
            observed_on=DAY0 + datetime.timedelta(days=offset),
            recorded_by=self.checker,
            **fields,
        )

    def _answered(self, response, allowed=(200, 201, 204, 302, 400, 409)):
        assert response.status_code in allowed, (response.status_code, response.content[:500])
        return response

    def _admin_change(self, url, changes):
        page = self._answered(self.admin.get(url), (200,))
        return self._answered(self.admin.post(url, form_data(page.content.decode(), changes)))

    # Rules -----------------------------------------------------------------------------

    @rule(article=pick, sources=st.lists(pick, min_size=1, max_size=2), printed=pick, how=via)
    def file(self, article, sources, printed, how):
        article = nth(Article.objects.order_by("pk"), article)
        chosen = list({nth(self.sources, i).pk: nth(self.sources, i) for i in sources}.values())
        descriptor = nth(DESCRIPTORS, printed)
        if how == "api":
            self._answered(
                self.api_editor.post(
                    "/api/claims/",
                    {
                        "article": article.pk,
                        "text": "Filed through the API.",
                        "attributions": [
                            {"source": s.pk, "descriptor": descriptor} for s in chosen
                        ],
                    },
                    format="json",
                ),
                (201,),
            )
        else:
            self._file(article, chosen, descriptor)

    @rule(claim=pick, evidence=pick, relation=st.sampled_from(Relation.ALL), how=via)
    def link(self, claim, evidence, relation, how):
        claim, evidence = (
            nth(Claim.objects.order_by("pk"), claim),
            nth(Evidence.objects.order_by("pk"), evidence),
        )
        if claim is None or evidence is None:
            return
        taken = EvidenceLink.objects.filter(claim=claim, evidence=evidence).exists()
        if how == "api":
            response = self.api_checker.post(
                "/api/links/",
                {"claim": claim.pk, "evidence": evidence.pk, "relation": relation},
                format="json",
            )
            self._answered(response, (400,) if taken else (201,))
        elif how == "admin":
            page = self.admin.get("/admin/sources/evidencelink/add/")
            data = form_data(
                page.content.decode(),
                {"claim": str(claim.pk), "evidence": str(evidence.pk), "relation": relation},
            )
            self._answered(self.admin.post("/admin/sources/evidencelink/add/", data))
        elif not taken:
            services.evidence_link(
                claim=claim, evidence=evidence, relation=relation, recorded_by=self.checker
            )

    @rule(link=pick, how=via)
    def unlink(self, link, how):
        link = nth(EvidenceLink.objects.order_by("pk"), link)
        if link is None:
            return
        if how == "api":
            self._answered(self.api_checker.delete(f"/api/links/{link.pk}/"), (204,))
        elif how == "admin":
            self._answered(
                self.admin.post(f"/admin/sources/evidencelink/{link.pk}/delete/", {"post": "yes"})
            )
        else:
            services.evidence_unlink(link=link, actor=self.checker)

    @rule(claim=pick, outcome=st.sampled_from(Outcome.ALL), how=st.sampled_from(("service", "api")))
    def decide(self, claim, outcome, how):
        claim = nth(Claim.objects.order_by("pk"), claim)
        if claim is None:
            return
        if how == "api":
            self._answered(
                self.api_editor.post(
                    "/api/verdicts/",
                    {
                        "claim": claim.pk,
                        "outcome": outcome,
                        "reason": "Decided on the walk.",
                        "expected_version": claim.version,
                    },
                    format="json",
                ),
                (201,),
            )
        else:
            services.verdict_decide(
                claim=claim, outcome=outcome, reason="Decided on the walk.", decided_by=self.editor
            )

    @rule(evidence=pick, offset=days, source=pick, how=st.sampled_from(("service", "admin")))
    def edit_evidence(self, evidence, offset, source, how):
        evidence = nth(Evidence.objects.order_by("pk"), evidence)
        if evidence is None:
            return
        observed = DAY0 + datetime.timedelta(days=offset)
        from_source = nth(self.sources, source) if source % 3 == 0 else None
        if how == "admin":
            self._admin_change(
                f"/admin/sources/evidence/{evidence.pk}/change/",
                {
                    "observed_on": observed.isoformat(),
                    "source": str(from_source.pk) if from_source else "",
                },
            )
        else:
            services.evidence_update(
                evidence=evidence,
                data={"observed_on": observed, "source": from_source},
                actor=self.checker,
            )

    @rule(offset=days, article=pick, how=st.sampled_from(("service", "api")))
    def record_evidence(self, offset, article, how):
        article = nth(Article.objects.order_by("pk"), article) if article % 2 else None
        observed = DAY0 + datetime.timedelta(days=offset)
        if how == "api":
            self._answered(
                self.api_checker.post(
                    "/api/evidence/",
                    {
                        "kind": Evidence.Kind.DATA,
                        "summary": "Recorded through the API.",
                        "observed_on": observed.isoformat(),
                        "article": article.pk if article else None,
                    },
                    format="json",
                ),
                (201,),
            )
        else:
            self._evidence(offset, article=article)

    @rule(evidence=pick, how=st.sampled_from(("service", "admin")))
    def delete_evidence(self, evidence, how):
        evidence = nth(Evidence.objects.order_by("pk"), evidence)
        if evidence is None:
            return
        if how == "admin":
            self._answered(
                self.admin.post(
                    "/admin/sources/evidence/",
                    {"action": "delete_selected", "_selected_action": [evidence.pk], "post": "yes"},
                )
            )
        else:
            services.evidence_delete(evidence=evidence, actor=self.checker)

    @rule(claim=pick, how=st.sampled_from(("service", "admin")))
    def delete_claim(self, claim, how):
        if Claim.objects.count() <= 2:
            return
        claim = nth(Claim.objects.order_by("pk"), claim)
        if how == "admin":
            self._answered(
                self.admin.post(f"/admin/sources/claim/{claim.pk}/delete/", {"post": "yes"})
            )
        else:
            services.claim_delete(claim=claim, actor=self.editor)

    @rule(article=pick, offset=days, how=st.sampled_from(("service", "admin")))
    def move_article(self, article, offset, how):
        article = nth(Article.objects.order_by("pk"), article)
        published = DAY0 + datetime.timedelta(days=offset)
        if how == "admin":
            self._admin_change(
                f"/admin/sources/article/{article.pk}/change/",
                {"published_on": published.isoformat()},
            )
        else:
            services.article_update(
                article=article, data={"published_on": published}, actor=self.editor
            )

    @rule(citing=pick, cited=pick, remove=st.booleans())
    def cite(self, citing, cited, remove):
        articles = list(Article.objects.order_by("pk"))
        citing, cited = nth(articles, citing), nth(articles, cited)
        if remove:
            services.article_uncite(article=citing, cited=[cited], actor=self.editor)
        else:
            services.article_cite(article=citing, cited=[cited], actor=self.editor)

    @rule(claim=pick, source=pick, printed=pick, how=st.sampled_from(("service", "admin")))
    def attribute(self, claim, source, printed, how):
        claim = nth(Claim.objects.order_by("pk"), claim)
        source = nth(self.sources, source)
        rows = list(Attribution.objects.filter(claim=claim).order_by("pk"))
        on = {row.source_id: row for row in rows}
        if how == "admin":
            url = f"/admin/sources/claim/{claim.pk}/change/"
            if source.pk in on and len(rows) > 1:
                index = rows.index(on[source.pk])
                self._admin_change(url, {f"attributions-{index}-DELETE": "on"})
            elif source.pk not in on:
                self._admin_change(
                    url,
                    {
                        "attributions-TOTAL_FORMS": str(len(rows) + 1),
                        f"attributions-{len(rows)}-source": str(source.pk),
                        f"attributions-{len(rows)}-descriptor": nth(DESCRIPTORS, printed),
                        f"attributions-{len(rows)}-claim": str(claim.pk),
                    },
                )
        elif source.pk in on and len(rows) > 1:
            services.attribution_remove(attribution=on[source.pk], actor=self.editor)
        elif source.pk in on:
            services.attribution_update(
                attribution=on[source.pk],
                data={"descriptor": nth(DESCRIPTORS, printed)},
                actor=self.editor,
            )
        else:
            services.attribution_add(
                claim=claim, source=source, descriptor=nth(DESCRIPTORS, printed), actor=self.editor
            )

    @rule(source=pick)
    def burn(self, source):
        source = Source.objects.get(pk=nth(self.sources, source).pk)
        if source.status != Source.Status.BURNED:
            services.source_burn(source=source, actor=self.editor, reason="Exposed on the walk.")

    @rule(source=pick, offset=days, relation=st.sampled_from(Relation.ALL))
    def import_document(self, source, offset, relation):
        """Import a story with one claim, evidence and a link, as a small exchange file."""
        n = next(serials)
        source = nth(self.sources, source)
        document = {
            "format": "source-ledger",
            "version": 1,
            "outlets": [],
            "articles": [
                {
                    "external_id": f"sm-article-{n}",
                    "outlet": self.outlet.slug,
                    "headline": "Imported on the walk",
                    "byline": "",
                    "reporter": None,
                    "published_on": (DAY0 + datetime.timedelta(days=200)).isoformat(),
                    "url": "",
                    "language": "en",
                    "body": "",
                    "cites": [],
                }
            ],
            "claims": [
                {
                    "external_id": f"sm-claim-{n}",
                    "article": f"sm-article-{n}",
                    "text": "An imported claim.",
                    "event_start": None,
                    "event_end": None,
                    "region": None,
                    "topics": [],
                    "credibility": 3,
                    "assessed_by": None,
                    "filed_by": None,
                    "attributions": [{"source": source.codename, "descriptor": ""}],
                    "quantities": [],
                }
            ],
            "evidence": [
                {
                    "external_id": f"sm-evidence-{n}",
                    "kind": "document",
                    "summary": "Imported evidence.",
                    "url": "",
                    "observed_on": (DAY0 + datetime.timedelta(days=offset)).isoformat(),
                    "source": None,
                    "article": None,
                    "cites": [],
                    "recorded_by": None,
                }
            ],
            "links": [
                {
                    "claim": f"sm-claim-{n}",
                    "evidence": f"sm-evidence-{n}",
                    "relation": relation,
                    "note": "",
                    "recorded_by": None,
                }
            ],
        }
        result = import_file(json.dumps(document).encode(), name="walk.json", actor=self.editor)
        assert result.created == 4, result.summary()

    # After every step ------------------------------------------------------------------

    @invariant()
    def derived_data_is_exact(self):
        assert rollup_differences() == []
        assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
        assert descriptor_differences() == []


WriteMachine.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.mark.django_db
def test_every_entry_point_keeps_the_derived_data_exact():
    run_state_machine_as_test(WriteMachine, settings=WriteMachine.TestCase.settings)
