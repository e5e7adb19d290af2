"""Write a validated import document, all of it or nothing, through the services.

``import_file`` reads, validates and writes in one transaction: validation
runs first and raises before any write, and any error during the writes
rolls everything back. A dry run does all of it and then rolls back, so it
reports exactly what a real run would create. Rows already in the database
(by stable key) are left as they are, so re-importing a file changes nothing.

Small sections go through one service call per row. Large ones (``BULK_THRESHOLD``
new sources, articles or claims) are bulk-inserted with their history, then
the rollups are refreshed, which gives the same rows much faster.
"""

from __future__ import annotations

import datetime
import sys
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from sources import services
from sources.exchange.bulk import BATCH, claim_topic_history
from sources.exchange.formats import Document, ExchangeError, Problem, read
from sources.exchange.validation import CleanRow, Plan, validate
from sources.models import (
    Article,
    Attribution,
    Claim,
    Desk,
    Evidence,
    IdentityAccessLog,
    Outlet,
    Quantity,
    Region,
    Source,
    SourceIdentity,
    Topic,
)

# Files with at least this many rows to write show a progress bar.
PROGRESS_THRESHOLD = 200
# Sections with at least this many new sources, articles or claims are written with
# bulk inserts (and their history) instead of one service call per row.
BULK_THRESHOLD = 200


@dataclass
class ImportResult:
    counts: dict[str, dict[str, int]]
    dry_run: bool

    @property
    def created(self) -> int:
        return sum(item["created"] for item in self.counts.values())

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        parts = [
            f"{name}: {item['created']} {verb}, {item['unchanged']} already present"
            for name, item in self.counts.items()
        ]
        head = "Dry run, nothing written. " if self.dry_run else ""
        return head + ("; ".join(parts) if parts else "nothing to import") + "."


def import_file(
    data: bytes,
    *,
    name: str,
    actor=None,
    dry_run: bool = False,
    progress: bool = False,
    bulk_threshold: int = BULK_THRESHOLD,
) -> ImportResult:
    """Import a JSON document, a claims CSV or a ZIP of CSVs; see docs/import-export.md."""
    return import_document(
        read(data, name=name),
        actor=actor,
        dry_run=dry_run,
        progress=progress,
        bulk_threshold=bulk_threshold,
    )


def import_document(
    document: Document,
    *,
    actor=None,
    dry_run: bool = False,
    progress: bool = False,
    bulk_threshold: int = BULK_THRESHOLD,
) -> ImportResult:
    with transaction.atomic():
        plan = validate(document, actor=actor)
        counts = plan.counts()
        bar = tqdm(
            total=plan.total,
            desc="Importing",
            unit="row",
            file=sys.stderr,
            disable=not progress or plan.total < PROGRESS_THRESHOLD,
        )
        try:
            _Writer(plan, actor=actor, bar=bar, bulk_threshold=bulk_threshold).write()
        finally:
            bar.close()
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(counts=counts, dry_run=dry_run)


class _Writer:
    """Create the planned rows in dependency order, resolving keys to objects."""

    def __init__(self, plan: Plan, *, actor, bar, bulk_threshold: int = BULK_THRESHOLD):
        self.plan = plan
        self.actor = actor
        self.bar = bar
        self.bulk_threshold = bulk_threshold
        self.users: dict[str, object] = {}
        self.objects: dict[str, dict[str, object]] = {}

    def write(self) -> None:
        self._users()
        self._simple("outlets", Outlet)
        self._simple("regions", Region)
        self._simple("topics", Topic)
        self._desks()
        self._sources()
        self._articles()
        self._citations()
        self._claims()
        self._evidence()
        self._links()
        self._verdicts()
        self._overrides()

    # Resolving keys ------------------------------------------------------------------

    def _load(self, name: str, model, key_field: str, keys: set) -> dict:
        known = self.objects.setdefault(name, {})
        missing = [key for key in keys if key and key not in known]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            known.update(model.objects.in_bulk(chunk, field_name=key_field))
        return known

    def source_fields(self, v, regions, desks) -> dict:
        """Return a validated source row as model fields, for the single and bulk paths."""
        return {
            "codename": v["codename"],
            "descriptor": v["descriptor"],
            "is_confidential": v["is_confidential"],
            "region": regions.get(v["region"]) if v["region"] else None,
            "affiliation": v["affiliation"],
            "handler": self.user(v["handler"]),
            "desk": desks.get(v["desk"]) if v["desk"] else None,
            "status": v["status"],
            "first_contact_on": v["first_contact_on"],
            "burned_at": v["burned_at"] or None,
        }

    def user(self, username):
        if not username:
            return None
        if username not in self.users:
            self.users[username] = get_user_model().objects.get(username=username)
        return self.users[username]

    def get(self, name: str, key):
        return self.objects[name][key] if key else None

    def _tick(self, n: int = 1) -> None:
        self.bar.update(n)

    @contextmanager
    def _row(self, row: CleanRow):
        """Name the row if a service refuses it (validation should have caught it first)."""
        try:
            yield
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                problems = [
                    Problem(row.where, " ".join(messages), field)
                    for field, messages in error.message_dict.items()
                ]
            else:
                problems = [Problem(row.where, " ".join(error.messages))]
            raise ExchangeError(problems) from None

    def _refs(self, rows: list[CleanRow], fields: tuple[str, ...]) -> set:
        keys = set()
        for row in rows:
            with self._row(row):
                for name in fields:
                    value = row.values.get(name)
                    if isinstance(value, list):
                        keys |= set(value)
                    elif value:
                        keys.add(value)
        return keys

    # Sections ------------------------------------------------------------------------

    def _users(self) -> None:
        User = get_user_model()
        for row in self.plan.to_create("users"):
            with self._row(row):
                v = row.values
                # Imported people get an account they cannot log in with, and no role:
                # an admin grants access deliberately.
                self.users[v["username"]] = User.objects.create_user(
                    username=v["username"],
                    first_name=v["first_name"],
                    last_name=v["last_name"],
                    email=v["email"],
                )
                self._tick()

    def _simple(self, name: str, model) -> None:
        rows = self.plan.to_create(name)
        if name == "outlets":
            for row in rows:
                with self._row(row):
                    services.outlet_get_or_create(**row.values)
        else:
            model.objects.bulk_create([model(**row.values) for row in rows])
        self._tick(len(rows))

    def _desks(self) -> None:
        for row in self.plan.to_create("desks"):
            with self._row(row):
                v = row.values
                desk = Desk.objects.create(name=v["name"], slug=v["slug"])
                if v["members"]:
                    desk.members.add(*[self.user(username) for username in v["members"]])
                self._tick()

    def _bulk(self, rows) -> bool:
        return len(rows) >= self.bulk_threshold

    def _sources(self) -> None:
        rows = self.plan.to_create("sources")
        regions = self._load("regions", Region, "slug", self._refs(rows, ("region",)))
        desks = self._load("desks", Desk, "slug", self._refs(rows, ("desk",)))
        if self._bulk(rows):
            return self._sources_bulk(rows, regions, desks)
        imported_identities = []
        for row in rows:
            with self._row(row):
                v = row.values
                identity = v["identity"] or {}
                source = services.source_create(
                    **self.source_fields(v, regions, desks),
                    actor=self.actor,
                    **identity,
                )
                if identity:
                    imported_identities.append(
                        IdentityAccessLog(
                            source=source,
                            user=self.actor,
                            action=IdentityAccessLog.Action.EDIT,
                            reason="Identity details imported",
                        )
                    )
                self.objects.setdefault("sources", {})[source.codename] = source
                self._tick()
        if imported_identities:
            services.identity_access_record_many(entries=imported_identities)

    def _articles(self) -> None:
        rows = self.plan.to_create("articles")
        outlets = self._load("outlets", Outlet, "slug", self._refs(rows, ("outlet",)))
        if self._bulk(rows):
            return self._articles_bulk(rows, outlets)
        for row in rows:
            with self._row(row):
                v = row.values
                article = services.article_create(
                    outlet=outlets[v["outlet"]],
                    headline=v["headline"],
                    published_on=v["published_on"],
                    byline=v["byline"],
                    reporter=self.user(v["reporter"]),
                    url=v["url"],
                    language=v["language"],
                    body=v["body"],
                    external_id=v["external_id"],
                    actor=self.actor,
                )
                self.objects.setdefault("articles", {})[article.external_id] = article
                self._tick()

    def _citations(self) -> None:
        pairs = self.plan.new_citations
        if not pairs:
            return
        articles = self._load(
            "articles", Article, "external_id", {a for a, _ in pairs} | {b for _, b in pairs}
        )
        by_article: dict[str, list] = {}
        for citing, cited in pairs:
            by_article.setdefault(citing, []).append(articles[cited])
        for citing, cited in by_article.items():
            services.article_cite(article=articles[citing], cited=cited, actor=self.actor)
            self._tick(len(cited))

    def _claims(self) -> None:
        rows = self.plan.to_create("claims")
        articles = self._load("articles", Article, "external_id", self._refs(rows, ("article",)))
        regions = self._load("regions", Region, "slug", self._refs(rows, ("region",)))
        topics = self._load("topics", Topic, "slug", self._refs(rows, ("topics",)))
        sources = self._load(
            "sources",
            Source,
            "codename",
            {a["source"] for row in rows for a in row.values["attributions"]},
        )
        if self._bulk(rows):
            return self._claims_bulk(rows, articles, regions, topics, sources)
        for row in rows:
            with self._row(row):
                v = row.values
                claim = services.claim_file(
                    article=articles[v["article"]],
                    text=v["text"],
                    attributions=[
                        services.AttributionSpec(
                            source=sources[a["source"]], descriptor=a["descriptor"]
                        )
                        for a in v["attributions"]
                    ],
                    region=regions.get(v["region"]) if v["region"] else None,
                    topics=[topics[slug] for slug in v["topics"]],
                    credibility=v["credibility"],
                    assessed_by=self.user(v["assessed_by"]),
                    filed_by=self.user(v["filed_by"]),
                    event_start=v["event_start"],
                    event_end=v["event_end"],
                    quantities=[
                        services.QuantitySpec(value=q["value"], unit=q["unit"], label=q["label"])
                        for q in v["quantities"]
                    ],
                    external_id=v["external_id"],
                )
                self.objects.setdefault("claims", {})[claim.external_id] = claim
                self._tick()

    # Bulk paths for large files ------------------------------------------------------
    # Validation has already checked everything the models' full_clean() would; these
    # write the same rows as the services, with history, in a fixed number of queries.

    def _sources_bulk(self, rows, regions, desks) -> None:
        sources = []
        for row in rows:
            v = row.values
            source = Source(**self.source_fields(v, regions, desks))
            sources.append(source)
        sources = bulk_create_with_history(
            sources, Source, batch_size=BATCH, default_user=self.actor
        )
        identities, logs = [], []
        for source, row in zip(sources, rows, strict=True):
            self.objects.setdefault("sources", {})[source.codename] = source
            identity = row.values["identity"]
            if identity:
                identities.append(SourceIdentity(source=source, **identity))
                logs.append(
                    IdentityAccessLog(
                        source=source,
                        user=self.actor,
                        action=IdentityAccessLog.Action.EDIT,
                        reason="Identity details imported",
                    )
                )
        SourceIdentity.objects.bulk_create(identities, batch_size=BATCH)
        if logs:
            services.identity_access_record_many(entries=logs)
        services.rollups_refresh(source_ids=[source.pk for source in sources])
        self._tick(len(rows))

    def _articles_bulk(self, rows, outlets) -> None:
        articles = bulk_create_with_history(
            [
                Article(
                    outlet=outlets[row.values["outlet"]],
                    headline=row.values["headline"],
                    published_on=row.values["published_on"],
                    byline=row.values["byline"],
                    reporter=self.user(row.values["reporter"]),
                    url=row.values["url"],
                    language=row.values["language"],
                    body=row.values["body"],
                    external_id=row.values["external_id"],
                )
                for row in rows
            ],
            Article,
            batch_size=BATCH,
            default_user=self.actor,
        )
        for article in articles:
            self.objects.setdefault("articles", {})[article.external_id] = article
        self._tick(len(rows))

    def _claims_bulk(self, rows, articles, regions, topics, sources) -> None:
        new_claims = []
        for row in rows:
            v = row.values
            claim = Claim(
                article=articles[v["article"]],
                text=v["text"],
                region=regions.get(v["region"]) if v["region"] else None,
                credibility=v["credibility"],
                assessed_by=self.user(v["assessed_by"]),
                filed_by=self.user(v["filed_by"]),
                event_start=v["event_start"],
                event_end=v["event_end"],
                external_id=v["external_id"],
            )
            if claim.filed_by is not None:
                claim._history_user = claim.filed_by  # as claim_file records it
            new_claims.append(claim)
        claims = bulk_create_with_history(new_claims, Claim, batch_size=BATCH)
        attributions, quantities, tags = [], [], []
        for claim, row in zip(claims, rows, strict=True):
            v = row.values
            self.objects.setdefault("claims", {})[claim.external_id] = claim
            for item in v["attributions"]:
                source = sources[item["source"]]
                attribution = Attribution(
                    claim=claim,
                    source=source,
                    descriptor=item["descriptor"].strip() or source.descriptor,
                )
                if claim.filed_by is not None:
                    attribution._history_user = claim.filed_by
                attributions.append(attribution)
            quantities += [
                Quantity(claim=claim, value=q["value"], unit=q["unit"], label=q["label"])
                for q in v["quantities"]
            ]
            tags += [
                Claim.topics.through(claim_id=claim.pk, topic_id=topics[slug].pk)
                for slug in v["topics"]
            ]
        bulk_create_with_history(attributions, Attribution, batch_size=BATCH)
        Quantity.objects.bulk_create(quantities, batch_size=BATCH)
        Claim.topics.through.objects.bulk_create(tags, batch_size=BATCH)
        claim_topic_history([claim.pk for claim in claims])
        services.rollups_refresh(source_ids={a.source_id for a in attributions})
        self._tick(len(rows))

    def _evidence(self) -> None:
        rows = self.plan.to_create("evidence")
        articles = self._load(
            "articles", Article, "external_id", self._refs(rows, ("article", "cites"))
        )
        sources = self._load("sources", Source, "codename", self._refs(rows, ("source",)))
        for row in rows:
            with self._row(row):
                v = row.values
                evidence = services.evidence_record(
                    kind=v["kind"],
                    summary=v["summary"],
                    observed_on=v["observed_on"],
                    url=v["url"],
                    source=sources.get(v["source"]) if v["source"] else None,
                    article=articles.get(v["article"]) if v["article"] else None,
                    cites=[articles[key] for key in v["cites"]],
                    recorded_by=self.user(v["recorded_by"]),
                    external_id=v["external_id"],
                )
                self.objects.setdefault("evidence", {})[evidence.external_id] = evidence
                self._tick()

    def _links(self) -> None:
        rows = self.plan.to_create("links")
        claims = self._load("claims", Claim, "external_id", self._refs(rows, ("claim",)))
        evidence = self._load("evidence", Evidence, "external_id", self._refs(rows, ("evidence",)))
        for row in rows:
            with self._row(row):
                v = row.values
                services.evidence_link(
                    claim=claims[v["claim"]],
                    evidence=evidence[v["evidence"]],
                    relation=v["relation"],
                    note=v["note"],
                    recorded_by=self.user(v["recorded_by"]),
                )
                self._tick()

    def _verdicts(self) -> None:
        rows = self.plan.to_create("verdicts")
        if not rows:
            return
        claims = self._load("claims", Claim, "external_id", self._refs(rows, ("claim",)))
        # Decide them in time order so the newest one rules, as it did where they came
        # from. In bulk, because an imported verdict may have lost its decider (a deleted
        # account, or a LIAR import), which verdict_decide would refuse.
        latest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
        ordered = sorted(
            enumerate(rows), key=lambda item: (item[1].values["decided_at"] or latest, item[0])
        )
        services.verdicts_record_many(
            decisions=[
                services.VerdictSpec(
                    claim=claims[row.values["claim"]],
                    outcome=row.values["outcome"],
                    reason=row.values["reason"],
                    original_label=row.values["original_label"],
                    decided_by=self.user(row.values["decided_by"]),
                    decided_at=row.values["decided_at"],
                )
                for _, row in ordered
            ]
        )
        self._tick(len(rows))

    def _overrides(self) -> None:
        for row in self.plan.to_create("letter_overrides"):
            with self._row(row):
                v = row.values
                services.letter_override_record(
                    group_kind=v["group_kind"],
                    group_key=v["group_key"],
                    letter=v["letter"],
                    reason=v["reason"],
                    recorded_by=self.user(v["recorded_by"]),
                    # Letters travel with the keys of the newsroom that recorded them.
                    require_group=False,
                )
                self._tick()
