"""Write a validated import document, all of it or nothing, through the services.

``import_file`` reads, validates and writes in one transaction: validation
runs first and raises before any write, and any error during the writes
rolls everything back. A dry run does all of it and then rolls back, so it
reports exactly what a real run would create. Rows already in the database
(by stable key) are left as they are, so re-importing a file changes nothing.

Small sections go through one service call per row. Large ones (``BULK_THRESHOLD``
new sources, articles or claims) go through the bulk services
(``sources_create_many``, ``articles_create_many``, ``claims_file_many``),
which write the same rows with their history in a fixed number of queries and
set derived columns with the same rule as the per-row path.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from tqdm import tqdm

from sources import cache_versions, services
from sources.exchange.bulk import BATCH
from sources.exchange.formats import Document, ExchangeError, Problem, read
from sources.exchange.validation import CleanRow, Plan, validate
from sources.models import (
    Article,
    Claim,
    Desk,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    Network,
    Outlet,
    Region,
    Source,
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
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a JSON document, a claims CSV or a ZIP of CSVs; see docs/import-export.md."""
    return import_document(
        read(data, name=name),
        actor=actor,
        dry_run=dry_run,
        progress=progress,
        bulk_threshold=bulk_threshold,
        on_progress=on_progress,
    )


def import_document(
    document: Document,
    *,
    actor=None,
    dry_run: bool = False,
    progress: bool = False,
    bulk_threshold: int = BULK_THRESHOLD,
    on_progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate and write ``document`` in one transaction.

    ``on_progress(done, total)`` hears of every row written, for a job's
    progress bar; it must not write through this transaction's connection.
    """
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
        if on_progress is not None:
            bar = _ReportingBar(bar, total=plan.total, report=on_progress)
        try:
            _Writer(plan, actor=actor, bar=bar, bulk_threshold=bulk_threshold).write()
        finally:
            bar.close()
        if dry_run:
            transaction.set_rollback(True)
        else:
            if plan.total:
                # Pooled estimates (issue 14): new records move the priors; refit them.
                services.pooling_fit()
            # Whatever the file held may be on a cached page or list.
            cache_versions.bump(*cache_versions.NAMES)
    return ImportResult(counts=counts, dry_run=dry_run)


class _ReportingBar:
    """A progress bar that also tells ``report(done, total)`` of each step."""

    def __init__(self, bar, *, total: int, report: Callable[[int, int], None]):
        self.bar, self.total, self.report, self.done = bar, total, report, 0
        report(0, total)

    def update(self, n: int = 1) -> None:
        self.bar.update(n)
        self.done += n
        self.report(self.done, self.total)

    def close(self) -> None:
        self.bar.close()


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
        self._networks()
        self._sources()
        self._source_networks()
        self._articles()
        self._citations()
        self._claims()
        self._evidence()
        self._links()
        self._copy_rulings()
        self._verdicts()
        self._overrides()
        self._forecasts()

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
            services.references_create_many(model=model, rows=[row.values for row in rows])
        self._tick(len(rows))

    def _desks(self) -> None:
        for row in self.plan.to_create("desks"):
            with self._row(row):
                v = row.values
                services.desk_get_or_create(
                    slug=v["slug"],
                    name=v["name"],
                    members=[self.user(username) for username in v["members"]],
                )
                self._tick()

    def _networks(self) -> None:
        for row in self.plan.to_create("networks"):
            with self._row(row):
                v = row.values
                network = services.network_create(
                    name=v["name"], kind=v["kind"], notes=v["notes"], actor=self.actor
                )
                self.objects.setdefault("networks", {})[network.name] = network
                self._tick()

    def _source_networks(self) -> None:
        """Put new sources in their networks: no claim rests on them yet, nothing to re-judge."""
        rows = [row for row in self.plan.to_create("sources") if row.values["network"]]
        if not rows:
            return
        networks = self._load("networks", Network, "name", self._refs(rows, ("network",)))
        for row in rows:
            with self._row(row):
                services.source_network_set(
                    source=self.objects["sources"][row.values["codename"]],
                    network=networks[row.values["network"]],
                    actor=self.actor,
                )

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
    # Validation has already checked what needs a query (unique keys, references); the
    # bulk services check the rest row by row, here, so an error names its row.

    def _sources_bulk(self, rows, regions, desks) -> None:
        specs = [
            services.NewSource(
                **self.source_fields(row.values, regions, desks), **(row.values["identity"] or {})
            )
            for row in rows
        ]
        sources = services.sources_create_many(sources=specs, actor=self.actor, batch_size=BATCH)
        logs = []
        for source, row in zip(sources, rows, strict=True):
            self.objects.setdefault("sources", {})[source.codename] = source
            if row.values["identity"]:
                logs.append(
                    IdentityAccessLog(
                        source=source,
                        user=self.actor,
                        action=IdentityAccessLog.Action.EDIT,
                        reason="Identity details imported",
                    )
                )
        if logs:
            services.identity_access_record_many(entries=logs)
        self._tick(len(rows))

    def _articles_bulk(self, rows, outlets) -> None:
        specs = []
        for row in rows:
            with self._row(row):
                v = row.values
                spec = services.NewArticle(
                    outlet=outlets[v["outlet"]],
                    headline=v["headline"],
                    published_on=v["published_on"],
                    byline=v["byline"],
                    reporter=self.user(v["reporter"]),
                    url=v["url"],
                    language=v["language"],
                    body=v["body"],
                    external_id=v["external_id"],
                )
                Article(published_on=spec.published_on).clean()
                specs.append(spec)
        articles = services.articles_create_many(articles=specs, actor=self.actor, batch_size=BATCH)
        for article in articles:
            self.objects.setdefault("articles", {})[article.external_id] = article
        self._tick(len(rows))

    def _claims_bulk(self, rows, articles, regions, topics, sources) -> None:
        specs = []
        for row in rows:
            with self._row(row):
                v = row.values
                spec = services.NewClaim(
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
                services.new_claim_check(spec)
                specs.append(spec)
        claims = services.claims_file_many(claims=specs, batch_size=BATCH)
        for claim in claims:
            self.objects.setdefault("claims", {})[claim.external_id] = claim
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
                    basis=v["basis"],
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
                link = services.evidence_link(
                    claim=claims[v["claim"]],
                    evidence=evidence[v["evidence"]],
                    relation=v["relation"],
                    note=v["note"],
                    recorded_by=self.user(v["recorded_by"]),
                )
                if v["relay_confirmed_at"]:
                    # A relay confirmed where it came from keeps who confirmed it, and when.
                    services.link_relay_confirm(
                        link=link,
                        reason=v["relay_reason"],
                        actor=self.user(v["relay_confirmed_by"]),
                        confirmed_at=v["relay_confirmed_at"],
                    )
                self._tick()

    def _copy_rulings(self) -> None:
        """Rule on the flags the copy check raised on import (or the flags the rulings name)."""
        rows = self.plan.to_create("copy_rulings")
        if not rows:
            return
        articles = self._load(
            "articles", Article, "external_id", self._refs(rows, ("copy_of", "article"))
        )
        claims = self._load("claims", Claim, "external_id", self._refs(rows, ("claim",)))
        evidence = self._load("evidence", Evidence, "external_id", self._refs(rows, ("evidence",)))
        for row in rows:
            with self._row(row):
                v = row.values
                link = None
                if v["claim"]:
                    link = EvidenceLink.objects.filter(
                        claim=claims[v["claim"]], evidence=evidence[v["evidence"]]
                    ).first()
                    if link is None:
                        raise ValidationError(
                            {"claim": "No link of this claim and evidence to rule on."}
                        )
                flag = services.copy_flag_ensure(
                    copy_of=articles[v["copy_of"]],
                    link=link,
                    article=articles.get(v["article"]) if v["article"] else None,
                    actor=self.actor,
                )
                services.copy_rule(
                    flag=flag,
                    ruling=v["ruling"],
                    reason=v["reason"],
                    actor=self.user(v["ruled_by"]),
                    ruled_at=v["ruled_at"],
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

    def _forecasts(self) -> None:
        rows = self.plan.to_create("forecasts")
        if not rows:
            return
        claims = self._load("claims", Claim, "external_id", self._refs(rows, ("claim",)))
        for row in rows:
            with self._row(row):
                v = row.values
                # Each forecast keeps the time it was made, even on a claim settled since.
                services.forecast_record(
                    claim=claims[v["claim"]],
                    author=self.user(v["author"]),
                    percent=v["percent"],
                    made_at=v["made_at"],
                )
                self._tick()
