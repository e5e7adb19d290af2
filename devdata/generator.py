"""A synthetic newsroom at any size, for benchmarks and scale tests.

``generate_rows`` is deterministic for a seed: it draws sources with skewed
output, articles spread over fifteen years, claims resting on one or two
sources, one to four evidence links per resolved claim, some circular
citations and some editors' verdicts. Because it knows the whole graph, it
judges each link and counts each claim's independent origins with
``sources.domain.origins.count_origins``, sets every derived column on the claim
with ``sources.domain.rules.claim_figures``, the functions
``services.claims_recompute`` uses, and keys each descriptor with
``rules.descriptor_group`` as the services do. It makes no networks, relays
or copy flags, and signs no texts (``services.signatures_write_many`` can).

``load_newsroom`` writes those rows in bulk (COPY on PostgreSQL, executemany
elsewhere) in one transaction, then fills the source rollups through
``services.rollups_refresh``. It skips django-simple-history: synthetic rows
carry no history records.
"""

from __future__ import annotations

import datetime
import functools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction

from devdata.topics import TOPICS  # one topic list for the demo and the generator
from sources import roles, services
from sources.domain.origins import ClaimSource, EvidenceItem, count_origins
from sources.domain.rules import LinkFacts, claim_figures, descriptor_group
from sources.domain.vocab import Outcome, Relation
from sources.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    Quantity,
    Region,
    Source,
    Topic,
    Verdict,
)

START = datetime.date(2011, 1, 1)
END = datetime.date(2025, 12, 31)  # fifteen years of publication dates
LAST_OBSERVED = datetime.date(2026, 6, 30)
CHUNK_CLAIMS = 5000

REGIONS = [
    ("ryanggang", "Ryanggang Province"),
    ("north-hamgyong", "North Hamgyong Province"),
    ("south-hamgyong", "South Hamgyong Province"),
    ("south-pyongan", "South Pyongan Province"),
    ("north-pyongan", "North Pyongan Province"),
    ("jagang", "Jagang Province"),
    ("pyongyang", "Pyongyang"),
    ("kangwon", "Kangwon Province"),
    ("north-hwanghae", "North Hwanghae Province"),
    ("south-hwanghae", "South Hwanghae Province"),
]
AFFILIATIONS = [choice for choice, _ in Source.Affiliation.choices]
KINDS = [choice for choice, _ in Evidence.Kind.choices]
UNITS = [("kg", "amount"), ("RMB/kg", "price"), ("KPW/kg", "price"), ("people", "count")]

# Columns each generated table gets, in row order. Any other column a model
# gains later is filled with its field default by the writer.
COLUMNS = {
    Source: [
        "id",
        "codename",
        "is_confidential",
        "descriptor",
        "region_id",
        "affiliation",
        "handler_id",
        "desk_id",
        "status",
        "first_contact_on",
        "burned_at",
        "created_at",
    ],
    Article: [
        "id",
        "outlet_id",
        "headline",
        "byline",
        "reporter_id",
        "published_on",
        "url",
        "language",
        "body",
        "external_id",
        "created_at",
    ],
    Article.cites.through: ["from_article_id", "to_article_id"],
    Claim: [
        "id",
        "article_id",
        "text",
        "event_start",
        "event_end",
        "region_id",
        "credibility",
        "assessed_by_id",
        "filed_by_id",
        "external_id",
        "created_at",
        "verdict",
        *Claim.DERIVED_FIELDS,
        "version",
        "check_by",
    ],
    Claim.topics.through: ["claim_id", "topic_id"],
    Quantity: ["claim_id", "value", "unit", "label"],
    Attribution: ["claim_id", "source_id", "descriptor", "descriptor_key"],
    Evidence: [
        "id",
        "kind",
        "summary",
        "url",
        "observed_on",
        "source_id",
        "article_id",
        "recorded_by_id",
        "external_id",
        "created_at",
    ],
    Evidence.cites.through: ["evidence_id", "article_id"],
    EvidenceLink: [
        "claim_id",
        "evidence_id",
        "relation",
        "note",
        "is_independent",
        "dependence_reason",
        "independence",
        "recorded_by_id",
        "recorded_at",
    ],
    Verdict: ["claim_id", "outcome", "reason", "decided_by_id", "decided_at", "original_label"],
}
# Parents before children, so each chunk satisfies its foreign keys as written.
TABLE_ORDER = list(COLUMNS)
RELATION_CODES = {
    "C": Relation.CORROBORATES,
    "P": Relation.PARTLY_CORROBORATES,
    "X": Relation.CONTRADICTS,
    "N": Relation.CONTEXT,
}


@dataclass(frozen=True)
class Config:
    sources: int
    claims: int
    seed: int = 1

    def __post_init__(self):
        if self.sources < 1:
            raise ValueError("--sources must be at least 1.")
        if self.claims < 0:
            raise ValueError("--claims must not be negative.")

    @property
    def prefix(self) -> str:
        return f"G{self.seed}-"


@dataclass
class Context:
    """Ids of the fixed rows, and the first free id of each generated table."""

    outlet_home: int
    outlets_other: list[int]
    regions: list[int]
    region_names: dict[int, str]
    topics: list[int]
    desks: list[int]
    reporters: list[int]
    editor: int
    checker: int
    next_id: dict = field(default_factory=dict)


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)


def generate_rows(config: Config, ctx: Context) -> Iterator[dict[type, list[tuple]]]:
    """Yield chunks of rows, keyed by model (or through model), for ``config``.

    The same config and starting ids always give the same rows.
    """
    rng = random.Random(config.seed)
    next_id = dict(ctx.next_id)

    def new_id(model) -> int:
        value = next_id[model]
        next_id[model] = value + 1
        return value

    # Sources: skewed output (Pareto weights), a hidden reliability, a region.
    source_ids, weights, reliability, source_region = [], [], {}, {}
    codenames: dict[int, str] = {}
    rows = []
    span = (END - START).days
    for number in range(config.sources):
        pk = new_id(Source)
        region = rng.choice(ctx.regions)
        kind = rng.random()
        if kind < 0.3:
            p = rng.uniform(0.82, 0.97)
        elif kind < 0.7:
            p = rng.uniform(0.5, 0.82)
        elif kind < 0.9:
            p = rng.uniform(0.1, 0.5)
        else:
            p = rng.uniform(0.0, 1.0)
        status = rng.choices(("active", "dormant", "burned"), weights=(80, 15, 5))[0]
        first = START + datetime.timedelta(days=rng.randrange(span))
        desk_index = rng.randrange(len(ctx.desks))
        rows.append(
            (
                pk,
                f"{config.prefix}{number:07d}",
                rng.random() < 0.9,
                f"a source in {ctx.region_names[region]}",
                region,
                rng.choice(AFFILIATIONS),
                ctx.reporters[desk_index % len(ctx.reporters)],
                ctx.desks[desk_index],
                status,
                first,
                _noon(first) + datetime.timedelta(days=400) if status == "burned" else None,
                _noon(first),
            )
        )
        source_ids.append(pk)
        weights.append(rng.paretovariate(1.16))
        reliability[pk] = p
        source_region[pk] = region
        codenames[pk] = f"{config.prefix}{number:07d}"
    cum_weights, total = [], 0.0
    for weight in weights:
        total += weight
        cum_weights.append(total)
    yield {Source: rows}

    citations: dict[int, list[int]] = {}
    previous_home: list[int] = []
    made = 0
    while made < config.claims:
        chunk: dict[type, list[tuple]] = {model: [] for model in TABLE_ORDER}
        limit = min(config.claims, made + CHUNK_CLAIMS)
        while made < limit:
            per_article = min(rng.choice((1, 1, 1, 2, 2, 3)), limit - made)
            published = START + datetime.timedelta(
                days=min(span, span * made // max(config.claims, 1) + rng.randrange(4))
            )
            reporter = rng.choice(ctx.reporters)
            article = new_id(Article)
            chunk[Article].append(
                (
                    article,
                    ctx.outlet_home,
                    f"Synthetic report {article}",
                    f"Reporter {reporter}",
                    reporter,
                    published,
                    "",
                    "en",
                    "",
                    None,
                    _noon(published),
                )
            )
            if previous_home and rng.random() < 0.03:
                cited = rng.choice(previous_home[-200:])
                citations.setdefault(article, []).append(cited)
                chunk[Article.cites.through].append((article, cited))
            previous_home.append(article)
            for _ in range(per_article):
                _claim(
                    rng,
                    config,
                    ctx,
                    chunk,
                    new_id,
                    article,
                    published,
                    reporter,
                    citations,
                    source_ids,
                    cum_weights,
                    reliability,
                    source_region,
                    codenames,
                )
                made += 1
        yield chunk


def _claim(rng, config, ctx, chunk, new_id, article, published, reporter, citations,
           source_ids, cum_weights, reliability, source_region, codenames) -> None:  # fmt: skip
    """Append one claim with its attributions, evidence, links and verdict to ``chunk``."""
    claim = new_id(Claim)
    primary = rng.choices(source_ids, cum_weights=cum_weights)[0]
    sources = [primary]
    if len(source_ids) > 1 and rng.random() < 0.1:
        second = rng.choices(source_ids, cum_weights=cum_weights)[0]
        if second != primary:
            sources.append(second)
    for source in sources:
        descriptor = f"a source in {ctx.region_names[source_region[source]]}"
        chunk[Attribution].append((claim, source, descriptor, _descriptor_key(descriptor)))
    region = source_region[primary] if rng.random() < 0.9 else rng.choice(ctx.regions)
    for topic in rng.sample(ctx.topics, rng.choice((1, 1, 2))):
        chunk[Claim.topics.through].append((claim, topic))
    if rng.random() < 0.3:
        unit, label = rng.choice(UNITS)
        value = Decimal(rng.randrange(1, 20000))
        chunk[Quantity].append((claim, value, unit, label))

    # What later evidence says depends on the source's hidden reliability,
    # and older claims are more often settled.
    age = (END - published).days
    settled = rng.random() < 0.15 + 0.6 * min(1.0, age / (5 * 365))
    codes: list[str] = []
    if settled:
        draw = rng.random()
        p = reliability[primary]
        truth = "C" if draw < p * 0.8 else "P" if draw < p else "X"
        codes.append(truth)
        for _ in range(rng.choices((0, 1, 2, 3), weights=(50, 30, 15, 5))[0]):
            draw = rng.random()
            if draw < 0.07:
                codes.append("C" if truth == "X" else "X")  # a dispute
            elif draw < 0.25:
                codes.append("N")
            else:
                codes.append(truth)
    elif rng.random() < 0.1:
        codes.append("N")

    items, evidence_rows = [], []
    for code in codes:
        relation = RELATION_CODES[code]
        evidence = new_id(Evidence)
        kind = rng.choice(KINDS)
        observed = min(
            LAST_OBSERVED, published + datetime.timedelta(days=1 + int(rng.expovariate(1 / 150)))
        )
        evidence_source = None
        if rng.random() < 0.08:
            # Now and then the "new" evidence is the claim's own source again.
            evidence_source = primary if rng.random() < 0.3 else rng.choice(source_ids)
        evidence_article = None
        cites: list[int] = []
        draw = rng.random()
        if draw < 0.04:
            # Circular reporting: another outlet's echo of our story, one or two hops away.
            echo = _external_article(rng, ctx, chunk, new_id, observed, cites=[article])
            citations[echo] = [article]
            evidence_article = echo
            if rng.random() < 0.5:
                evidence_article = _external_article(rng, ctx, chunk, new_id, observed, [echo])
                citations[evidence_article] = [echo]
        elif draw < 0.06:
            cites = [article]
        elif draw < 0.25:
            evidence_article = _external_article(rng, ctx, chunk, new_id, observed, cites=[])
        chunk[Evidence].append(
            (
                evidence,
                kind,
                f"Synthetic evidence {evidence} ({relation})",
                "",
                observed,
                evidence_source,
                evidence_article,
                ctx.checker,
                None,
                _noon(observed),
            )
        )
        for cited in cites:
            chunk[Evidence.cites.through].append((evidence, cited))
        # One link per piece of evidence here, so an item is named by its evidence's id.
        items.append(
            EvidenceItem(
                id=evidence,
                relation=relation,
                observed_on=observed,
                source_id=evidence_source,
                article_id=evidence_article,
                cites=tuple(cites),
            )
        )
        evidence_rows.append((evidence, relation, observed))

    # Judged and grouped as ``services.claims_recompute`` does (no networks, relays or copies).
    count = None
    if items:
        starts = {article} | {a for i in items for a in (i.article_id, *i.cites) if a}
        count = count_origins(
            claim_article=article,
            claim_sources=[ClaimSource(id=pk, codename=codenames[pk]) for pk in sources],
            items=items,
            citations=_reachable(citations, starts),
        )
    decisions = {d.item_id: d for d in count.decisions} if count else {}
    links = []
    for evidence, relation, observed in evidence_rows:
        decision = decisions[evidence]
        links.append((relation, decision.counts, observed))
        chunk[EvidenceLink].append(
            (
                claim,
                evidence,
                relation,
                "",
                decision.counts,
                "" if decision.counts else decision.message,
                decision.code,
                ctx.checker,
                _noon(observed),
            )
        )

    facts = [LinkFacts(relation=r, independent=i, observed_on=o) for r, i, o in links]
    derived = claim_figures(
        links=facts, published_on=published, verdict=None, origins=count
    ).derived_outcome
    verdict = ""
    if rng.random() < 0.03:
        verdict = _verdict_for(rng, derived)
        decided = max([published, *(observed for _, _, observed in links)])
        chunk[Verdict].append(
            (claim, verdict, "Editor's decision on the synthetic record.", ctx.editor,
             _noon(decided), "")
        )  # fmt: skip
    figures = claim_figures(
        links=facts, published_on=published, verdict=verdict or None, origins=count
    )
    event_start = published - datetime.timedelta(days=rng.randrange(60))
    event_end = (
        event_start + datetime.timedelta(days=rng.randrange(20)) if rng.random() < 0.2 else None
    )
    chunk[Claim].append(
        (
            claim,
            article,
            f"Synthetic claim {claim} from source {primary}.",
            event_start,
            event_end,
            region,
            rng.choices((1, 2, 3, 4, 5, 6), weights=(5, 25, 35, 15, 5, 15))[0],
            ctx.editor,
            reporter,
            None,
            _noon(published),
            verdict,
            *(getattr(figures, name) for name in Claim.DERIVED_FIELDS),
            1 if verdict else 0,
            services.claim_check_by(published_on=published),
        )
    )


def _reachable(citations: dict[int, list[int]], starts: set[int]) -> dict[int, list[int]]:
    """Return the citation edges reachable from ``starts``: all a claim's origins depend on."""
    graph, frontier, seen = {}, set(starts), set(starts)
    while frontier:
        next_frontier = set()
        for article in frontier:
            cited = citations.get(article)
            if cited:
                graph[article] = cited
                next_frontier |= set(cited) - seen
        seen |= next_frontier
        frontier = next_frontier
    return graph


# Ten descriptors, a million attributions: fold each descriptor once.
_descriptor_key = functools.lru_cache(maxsize=1024)(descriptor_group)


def _verdict_for(rng: random.Random, derived: str) -> str:
    if derived == Outcome.PENDING:
        return rng.choice((Outcome.UNVERIFIABLE, Outcome.UNVERIFIABLE, Outcome.RETRACTED))
    if derived == Outcome.CONTRADICTED:
        return rng.choice((Outcome.RETRACTED, Outcome.CONTRADICTED))
    if derived == Outcome.DISPUTED:
        return rng.choice((Outcome.CORROBORATED, Outcome.CONTRADICTED, Outcome.PARTLY_CORROBORATED))
    return derived


def _external_article(rng, ctx, chunk, new_id, published, cites) -> int:
    pk = new_id(Article)
    chunk[Article].append(
        (
            pk,
            rng.choice(ctx.outlets_other),
            f"Synthetic follow-up {pk}",
            "",
            None,
            published,
            "",
            "en",
            "",
            None,
            _noon(published),
        )
    )
    for cited in cites:
        chunk[Article.cites.through].append((pk, cited))
    return pk


# Writing --------------------------------------------------------------------------------


def prepare_context(config: Config) -> Context:
    """Create the fixed rows (users, desks, outlets, regions, topics) and return their ids."""
    User = get_user_model()
    reporters_group = Group.objects.get(name=roles.REPORTER)
    n_reporters = max(3, min(50, config.sources // 100))
    reporters = []
    for number in range(n_reporters):
        user, created = User.objects.get_or_create(username=f"gen-reporter-{number:02d}")
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(reporters_group)
        reporters.append(user.pk)
    editor, created = User.objects.get_or_create(username="gen-editor")
    if created:
        editor.set_unusable_password()
        editor.save(update_fields=["password"])
        editor.groups.add(Group.objects.get(name=roles.EDITOR))
    checker, created = User.objects.get_or_create(username="gen-checker")
    if created:
        checker.set_unusable_password()
        checker.save(update_fields=["password"])
        checker.groups.add(Group.objects.get(name=roles.FACT_CHECKER))
    desks = []
    for number in range(max(1, n_reporters // 3)):
        desk = services.desk_get_or_create(
            slug=f"gen-desk-{number}",
            name=f"Synthetic desk {number}",
            members=reporters[number * 3 : number * 3 + 3],
        )
        desks.append(desk.pk)
    home = services.outlet_get_or_create(name="Daily NK", slug="daily-nk")
    others = [
        services.outlet_get_or_create(name=f"Synthetic outlet {n}", slug=f"gen-outlet-{n}").pk
        for n in range(5)
    ]
    regions = [
        services.reference_get_or_create(model=Region, slug=slug, name=name)
        for slug, name in REGIONS
    ]
    topics = [
        services.reference_get_or_create(model=Topic, slug=slug, name=name).pk
        for slug, name in TOPICS
    ]
    next_id = {}
    for model in (Source, Article, Claim, Evidence):
        last = model.objects.aggregate(last=models.Max("pk"))["last"] or 0
        next_id[model] = last + 1
    return Context(
        outlet_home=home.pk,
        outlets_other=others,
        regions=[region.pk for region in regions],
        region_names={region.pk: region.name for region in regions},
        topics=topics,
        desks=desks,
        reporters=reporters,
        editor=editor.pk,
        checker=checker.pk,
        next_id=next_id,
    )


def _extra_columns(model) -> tuple[list[str], tuple]:
    """Return columns the generator does not fill, with their defaults."""
    declared = set(COLUMNS[model])
    columns, values = [], []
    for f in model._meta.concrete_fields:
        if f.column in declared or f.primary_key:
            continue
        columns.append(f.column)
        values.append(f.get_db_prep_save(f.get_default(), connection))
    return columns, tuple(values)


class RowWriter:
    """Write rows to one table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model):
        self.table = model._meta.db_table
        extra_columns, self.extra = _extra_columns(model)
        self.columns = COLUMNS[model] + extra_columns
        quote = connection.ops.quote_name
        self.column_sql = ", ".join(quote(c) for c in self.columns)
        self.quoted_table = quote(self.table)

    def write(self, cursor, rows: list[tuple]) -> None:
        if not rows:
            return
        extra = self.extra
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {self.quoted_table} ({self.column_sql}) FROM STDIN"
            ) as copy:
                if extra:
                    for row in rows:
                        copy.write_row(row + extra)
                else:
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"INSERT INTO {self.quoted_table} ({self.column_sql}) VALUES ({marks})",
                [
                    tuple(adapt(v) if isinstance(v, datetime.datetime) else v for v in row + extra)
                    for row in rows
                ],
            )


@dataclass
class Summary:
    sources: int = 0
    claims: int = 0
    articles: int = 0
    evidence: int = 0
    links: int = 0
    verdicts: int = 0
    rows: dict = field(default_factory=dict)


def load_newsroom(
    config: Config,
    *,
    progress: bool = True,
    rebuild_indexes: bool | None = None,
    on_chunk: Callable[[int], None] | None = None,
) -> Summary:
    """Generate and write a synthetic newsroom in one transaction; return what was written.

    On PostgreSQL, ``rebuild_indexes`` drops plain indexes and foreign keys
    before loading and rebuilds them after; by default it does so when the
    load at least doubles the claims table and is not tiny.
    """
    from tqdm import tqdm

    if Source.objects.filter(codename__startswith=config.prefix).exists():
        raise ValueError(
            f"Seed {config.seed} was already generated into this database "
            f"(codenames start {config.prefix!r}); use another --seed or a fresh database."
        )
    summary = Summary()
    with transaction.atomic():
        ctx = prepare_context(config)
        writers = {model: RowWriter(model) for model in TABLE_ORDER}
        with connection.cursor() as cursor:
            rebuild = []
            if connection.vendor == "postgresql":
                # Check foreign keys row by row as COPY goes, not in one queue at commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                if rebuild_indexes is None:
                    rebuild_indexes = config.claims >= max(10_000, Claim.objects.count())
                if rebuild_indexes:
                    rebuild = _drop_secondary_structures(cursor)
            bar = tqdm(total=config.claims, unit="claim", disable=not progress, smoothing=0.1)
            for chunk in generate_rows(config, ctx):
                for model in TABLE_ORDER:
                    rows = chunk.get(model)
                    if rows:
                        writers[model].write(cursor, rows)
                        summary.rows[model._meta.db_table] = summary.rows.get(
                            model._meta.db_table, 0
                        ) + len(rows)
                claims = len(chunk.get(Claim, ()))
                bar.update(claims)
                if on_chunk:
                    on_chunk(claims)
            bar.close()
            if rebuild:
                bar = tqdm(rebuild, desc="indexes", unit="index", disable=not progress)
                for statement in bar:
                    cursor.execute(statement)
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Source, Article, Claim, Evidence]
            ):
                cursor.execute(sql)
        services.rollups_refresh(source_ids=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rows = summary.rows
    summary.sources = rows.get(Source._meta.db_table, 0)
    summary.claims = rows.get(Claim._meta.db_table, 0)
    summary.articles = rows.get(Article._meta.db_table, 0)
    summary.evidence = rows.get(Evidence._meta.db_table, 0)
    summary.links = rows.get(EvidenceLink._meta.db_table, 0)
    summary.verdicts = rows.get(Verdict._meta.db_table, 0)
    return summary


def _drop_secondary_structures(cursor) -> list[str]:
    """Drop foreign keys and plain indexes on the generated tables; return how to rebuild them.

    Loading into bare tables and then building each index once, and checking
    each foreign key with one join, is how pg_restore loads too; it is several
    times faster than maintaining them row by row. Primary keys and unique
    constraints stay, so duplicates still fail. It all happens inside the
    load's transaction, so a failure restores everything.
    """
    tables = [model._meta.db_table for model in TABLE_ORDER]
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
        ORDER BY 1, 2
        """,
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        """
        SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
        FROM pg_index
        WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)
        ORDER BY 1
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    for table, name, _ in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes] + [
        f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
        for table, name, definition in foreign_keys
    ]
