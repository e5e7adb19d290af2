"""Load the sample newsroom from ``devdata.demo_data`` and create one login per role.

Every domain write goes through ``sources.services``, so link independence,
outcomes and rollups are computed exactly as in real use. Running it twice is
harmless: the demo users are brought back to their demo passwords and roles,
and the newsroom itself is loaded only when its first article is missing. The
load runs in one transaction, so a failure leaves nothing half-written.

Because it resets the superuser ``admin`` to a password printed in the docs,
it refuses to run unless DEBUG is on (``make demo`` sets DJANGO_DEBUG=1) or
``--force`` is given.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devdata import demo_data
from sources import services
from sources.domain.vocab import Relation
from sources.models import Article, Desk, Region, Source, Topic

RELATIONS = {
    "C": Relation.CORROBORATES,
    "P": Relation.PARTLY_CORROBORATES,
    "X": Relation.CONTRADICTS,
    "N": Relation.CONTEXT,
}


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = "Load the sample newsroom (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off, resetting the demo logins to their published passwords.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "load_demo resets the 'admin' superuser to the published demo password, so it "
                "runs only with DEBUG on (DJANGO_DEBUG=1, as `make demo` sets) or with --force."
            )
        with transaction.atomic():
            users = self._users()
            if Article.objects.filter(external_id=self._ext(demo_data.ARTICLES[0]["key"])).exists():
                self.stdout.write("The sample newsroom is already loaded; nothing to add.")
            else:
                counts = self._newsroom(users)
                self.stdout.write(
                    self.style.SUCCESS(
                        "Loaded the sample newsroom: {articles} articles, {claims} claims, "
                        "{evidence} pieces of evidence, {sources} sources.".format(**counts)
                    )
                )
        self.stdout.write("\nDemo logins (for local use only):")
        for username, password, role, *_ in demo_data.USERS:
            self.stdout.write(f"  {username:<10} {password:<24} {role}")
        self.stdout.write("The admin login also opens the Django admin at /admin/.")

    @staticmethod
    def _ext(key: str) -> str:
        return f"{demo_data.PREFIX}{key}"

    def _users(self) -> dict:
        """Create or reset the demo users, their role groups and their desks."""
        User = get_user_model()
        desks = {
            slug: Desk.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in demo_data.DESKS
        }
        users = {}
        for username, password, role, desk, first, last, staff, superuser in demo_data.USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@ledger.invalid"
            user.is_staff, user.is_superuser, user.is_active = staff, superuser, True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=role))
            if desk:
                desks[desk].members.add(user)
            users[username] = user
        return users

    def _newsroom(self, users: dict) -> dict:
        editor, checker = users["editor"], users["checker"]
        outlets = {
            spec["slug"]: services.outlet_get_or_create(
                name=spec["name"], slug=spec["slug"], homepage=spec["homepage"]
            )
            for spec in demo_data.OUTLETS
        }
        regions = {
            slug: Region.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in demo_data.REGIONS
        }
        topics = {
            slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in demo_data.TOPICS
        }
        desks = {desk.slug: desk for desk in Desk.objects.all()}

        sources = {}
        for spec in demo_data.SOURCES:
            existing = Source.objects.filter(codename=spec["codename"]).first()
            sources[spec["codename"]] = existing or services.source_create(
                codename=spec["codename"],
                descriptor=spec["descriptor"],
                is_confidential=spec.get("is_confidential", True),
                region=regions[spec["region"]] if spec["region"] else None,
                affiliation=spec["affiliation"],
                handler=users[spec["handler"]],
                desk=desks[spec["desk"]],
                status=spec.get("status", Source.Status.ACTIVE),
                first_contact_on=_date(spec["first_contact_on"]),
                real_name=spec.get("real_name", ""),
                contact=spec.get("contact", ""),
                actor=editor,
            )

        home = outlets[demo_data.HOME_OUTLET]
        articles = {}
        for spec in demo_data.ARTICLES:
            reporter = users[spec["reporter"]]
            articles[spec["key"]] = services.article_create(
                outlet=home,
                headline=spec["headline"],
                published_on=_date(spec["published_on"]),
                byline=reporter.get_full_name(),
                reporter=reporter,
                url=f"https://ledger.invalid/demo/{spec['key']}",
                external_id=self._ext(spec["key"]),
                actor=reporter,
            )
        for spec in demo_data.EXTERNAL_ARTICLES:
            articles[spec["key"]] = services.article_create(
                outlet=outlets[spec["outlet"]],
                headline=spec["headline"],
                published_on=_date(spec["published_on"]),
                byline=spec["byline"],
                cites=[articles[key] for key in spec["cites"]],
                external_id=self._ext(spec["key"]),
                actor=checker,
            )
        shared = {
            key: services.evidence_record(
                kind=spec["kind"],
                summary=spec["summary"],
                observed_on=_date(spec["observed_on"]),
                article=articles.get(spec.get("article")),
                recorded_by=checker,
                external_id=self._ext(f"evidence-{key}"),
            )
            for key, spec in demo_data.SHARED_EVIDENCE.items()
        }

        n_claims = n_evidence = 0
        for article_spec in demo_data.ARTICLES:
            article = articles[article_spec["key"]]
            for index, spec in enumerate(article_spec["claims"], start=1):
                claim_key = f"{article_spec['key']}-{index}"
                n_claims += 1
                descriptors = spec.get("descriptors", {})
                claim = services.claim_file(
                    article=article,
                    text=spec["text"],
                    attributions=[
                        services.AttributionSpec(
                            source=sources[code], descriptor=descriptors.get(code, "")
                        )
                        for code in spec["sources"]
                    ],
                    region=regions[spec["region"]] if spec["region"] else None,
                    topics=[topics[slug] for slug in spec["topics"]],
                    credibility=spec["grade"],
                    assessed_by=editor,
                    filed_by=article.reporter,
                    event_start=_date(spec["event"][0])
                    if isinstance(spec["event"], tuple)
                    else _date(spec["event"]),
                    event_end=_date(spec["event"][1]) if isinstance(spec["event"], tuple) else None,
                    quantities=[
                        services.QuantitySpec(value=Decimal(str(value)), unit=unit, label=label)
                        for value, unit, label in spec.get("quantities", ())
                    ],
                    external_id=self._ext(claim_key),
                )
                for number, item in enumerate(spec["evidence"], start=1):
                    relation = RELATIONS[item[0]]
                    if isinstance(item[1], str) and item[1].startswith("@"):
                        evidence = shared[item[1][1:]]
                    else:
                        kind, days, summary = item[1], item[2], item[3]
                        extra = item[4] if len(item) > 4 else {}
                        source = extra.get("source")
                        evidence = services.evidence_record(
                            kind=kind,
                            summary=summary,
                            observed_on=article.published_on + datetime.timedelta(days=days),
                            source=sources[source] if source else None,
                            recorded_by=checker,
                            external_id=self._ext(f"{claim_key}-evidence-{number}"),
                        )
                        n_evidence += 1
                    services.evidence_link(
                        claim=claim,
                        evidence=evidence,
                        relation=relation,
                        recorded_by=checker,
                    )
                if "verdict" in spec:
                    outcome, reason = spec["verdict"]
                    services.verdict_decide(
                        claim=claim, outcome=outcome, reason=reason, decided_by=editor
                    )

        for spec in demo_data.SOURCES:
            if spec.get("burn_reason"):
                services.source_burn(
                    source=sources[spec["codename"]], actor=editor, reason=spec["burn_reason"]
                )
        return {
            "articles": len(articles),
            "claims": n_claims,
            "evidence": n_evidence + len(shared),
            "sources": len(sources),
        }
