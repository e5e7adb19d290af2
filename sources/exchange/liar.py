"""Load PolitiFact statements in the LIAR format (Wang, ACL 2017).

Each statement becomes a claim (external id ``liar:<statement id>``) in its
own article from the outlet PolitiFact; each speaker becomes an on-record
source whose codename is the speaker field as written; each label becomes
an editor's verdict that keeps the original label. Subjects become topics and
the state becomes the claim's region.

The file is validated whole before anything is written, and the writes go
through the bulk services (``sources_create_many``, ``articles_create_many``,
``claims_file_many``, then ``verdicts_record_many``, which sets outcomes and
moves the rollups), with their django-simple-history records, so the
1,283-row test split loads in seconds. Statements already imported are
skipped, so loading a file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import sys
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from tqdm import tqdm

from sources import cache_versions, services
from sources.domain.text import refusal as text_refusal
from sources.domain.vocab import Outcome
from sources.exchange.formats import ExchangeError, Problem
from sources.models import (
    Article,
    Claim,
    Region,
    Source,
    Topic,
)

LABEL_OUTCOMES = {
    "true": Outcome.CORROBORATED,
    "mostly-true": Outcome.CORROBORATED,
    "half-true": Outcome.PARTLY_CORROBORATED,
    "barely-true": Outcome.CONTRADICTED,
    "false": Outcome.CONTRADICTED,
    "pants-fire": Outcome.CONTRADICTED,
}
COLUMNS = (
    "id",
    "label",
    "statement",
    "subjects",
    "speaker",
    "job_title",
    "state",
    "party",
    "barely_true_count",
    "false_count",
    "half_true_count",
    "mostly_true_count",
    "pants_on_fire_count",
    "context",
)
OUTLET = {"name": "PolitiFact", "slug": "politifact", "homepage": "https://www.politifact.com/"}
# LIAR gives no dates; articles are dated to the data set's release (v1.0, 2017-04-23).
RELEASE_DATE = datetime.date(2017, 4, 23)
BATCH = 500
_ID = re.compile(r"^(\d+)(?:\.json)?$")


@dataclass(frozen=True)
class Statement:
    line: int
    statement_id: str
    label: str
    text: str
    subjects: tuple[str, ...]
    speaker: str
    job_title: str
    state: str
    context: str

    @property
    def external_id(self) -> str:
        return f"liar:{self.statement_id}"


def _bad_cells(row: dict[str, str]) -> list[tuple[str, str]]:
    """Return (column, why) for each cell holding NUL or another control character.

    The rule every import follows (``sources.domain.text``): a statement may
    not hold what a claim's text may not, and no other cell a control at all.
    """
    bad = []
    for position, column in enumerate(COLUMNS, start=1):
        message = text_refusal(row[column], multiline=column == "statement")
        if message is not None:
            bad.append((f"{column} (column {position})", message))
    return bad


def read_liar(data: bytes, *, name: str) -> list[Statement]:
    """Parse and check a LIAR TSV file; raise ExchangeError naming every bad line."""
    if not data.strip():
        raise ExchangeError(Problem(name, "the file is empty."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExchangeError(
            Problem(f"{name} line {line}", "the file is not UTF-8 text; save it as UTF-8.")
        ) from None
    problems: list[Problem] = []
    statements: list[Statement] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    for line, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        where = f"{name} line {line}"
        if len(cells) != len(COLUMNS):
            hint = " Is the file truncated?" if len(cells) < len(COLUMNS) else ""
            problems.append(
                Problem(
                    where,
                    f"expected {len(COLUMNS)} tab-separated columns, found {len(cells)}.{hint}",
                )
            )
            continue
        row = dict(zip(COLUMNS, (cell.strip() for cell in cells), strict=True))
        bad = _bad_cells(row)
        if bad:
            problems.extend(Problem(where, message, column) for column, message in bad)
            continue
        match = _ID.match(row["id"])
        if not match:
            problems.append(
                Problem(where, f"'{row['id']}' is not a statement id.", "id (column 1)")
            )
            continue
        statement_id = match.group(1)
        if statement_id in seen:
            problems.append(
                Problem(
                    where,
                    f"duplicate statement {row['id']} (first on line {seen[statement_id]}).",
                    "id (column 1)",
                )
            )
            continue
        seen[statement_id] = line
        if row["label"] not in LABEL_OUTCOMES:
            problems.append(
                Problem(
                    where,
                    f"'{row['label']}' is not one of {', '.join(LABEL_OUTCOMES)}.",
                    "label (column 2)",
                )
            )
        if not row["statement"]:
            problems.append(Problem(where, "is empty.", "statement (column 3)"))
        if not row["speaker"]:
            problems.append(Problem(where, "is empty.", "speaker (column 5)"))
        elif len(row["speaker"]) > 100:
            problems.append(Problem(where, "is longer than 100 characters.", "speaker (column 5)"))
        subjects = tuple(
            dict.fromkeys(s.strip() for s in row["subjects"].split(",") if slugify(s.strip()))
        )
        statements.append(
            Statement(
                line=line,
                statement_id=statement_id,
                label=row["label"],
                text=row["statement"],
                subjects=subjects,
                speaker=row["speaker"],
                job_title=row["job_title"],
                state=row["state"],
                context=row["context"],
            )
        )
    if problems:
        raise ExchangeError(problems)
    if not statements:
        raise ExchangeError(Problem(name, "the file has no statements."))
    return statements


@dataclass
class LiarResult:
    statements: int
    created: int
    skipped: int
    sources_created: int
    dry_run: bool

    def summary(self) -> str:
        verb = "would create" if self.dry_run else "created"
        head = "Dry run, nothing written. " if self.dry_run else ""
        return (
            f"{head}{self.statements} statements: {self.created} claims {verb}, "
            f"{self.skipped} already imported; {self.sources_created} speakers {verb}."
        )


def import_liar(
    data: bytes, *, name: str, actor=None, dry_run: bool = False, progress: bool = False
) -> LiarResult:
    """Import a LIAR TSV file; see the module docstring."""
    statements = read_liar(data, name=name)
    with transaction.atomic():
        result = _write(statements, name=name, actor=actor, progress=progress)
        result.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
        else:
            # Pooled estimates (issue 14): new records move the priors; refit them.
            services.pooling_fit()
            cache_versions.bump(*cache_versions.NAMES)
    return result


def _write(statements: list[Statement], *, name: str, actor, progress: bool) -> LiarResult:
    existing = set()
    ids = [s.external_id for s in statements]
    for start in range(0, len(ids), BATCH):
        existing |= set(
            Claim.objects.filter(external_id__in=ids[start : start + BATCH]).values_list(
                "external_id", flat=True
            )
        )
    new = [s for s in statements if s.external_id not in existing]
    taken_articles = set()
    for start in range(0, len(new), BATCH):
        chunk = [s.external_id for s in new[start : start + BATCH]]
        taken_articles |= set(
            Article.objects.filter(external_id__in=chunk).values_list("external_id", flat=True)
        )
    if taken_articles:
        first = next(s for s in new if s.external_id in taken_articles)
        raise ExchangeError(
            Problem(
                f"{name} line {first.line}",
                f"an article '{first.external_id}' exists without its claim; "
                "remove it or the statement.",
                "id (column 1)",
            )
        )

    outlet = services.outlet_get_or_create(**OUTLET)
    topics = _by_slug(Topic, {subject for s in new for subject in s.subjects})
    regions = _by_slug(Region, {s.state for s in new if s.state})
    sources, sources_created = _speakers(new, regions, name=name, actor=actor)

    bar = tqdm(
        total=len(new),
        desc="Importing LIAR",
        unit="statement",
        file=sys.stderr,
        disable=not progress or len(new) < 200,
    )
    claims: list[Claim] = []
    try:
        for start in range(0, len(new), BATCH):
            chunk = new[start : start + BATCH]
            articles = services.articles_create_many(
                articles=[
                    services.NewArticle(
                        outlet=outlet,
                        headline=(s.context or f"PolitiFact statement {s.statement_id}")[:300],
                        byline="PolitiFact",
                        published_on=RELEASE_DATE,
                        language="en",
                        external_id=s.external_id,
                    )
                    for s in chunk
                ],
                actor=actor,
                batch_size=BATCH,
            )
            claims += services.claims_file_many(
                claims=[
                    services.NewClaim(
                        article=article,
                        text=s.text,
                        attributions=[services.AttributionSpec(source=sources[s.speaker])],
                        region=regions.get(slugify(s.state)) if s.state else None,
                        topics=[topics[slugify(subject)] for subject in s.subjects],
                        external_id=s.external_id,
                        filed_by=actor,
                    )
                    for s, article in zip(chunk, articles, strict=True)
                ],
                actor=actor,
                batch_size=BATCH,
            )
            bar.update(len(chunk))
    finally:
        bar.close()

    services.verdicts_record_many(
        decisions=[
            services.VerdictSpec(
                claim=claim,
                outcome=LABEL_OUTCOMES[s.label],
                reason=f"PolitiFact rated this statement {s.label}.",
                original_label=s.label,
            )
            for s, claim in zip(new, claims, strict=True)
        ],
        decided_by=actor,
    )
    return LiarResult(
        statements=len(statements),
        created=len(new),
        skipped=len(statements) - len(new),
        sources_created=sources_created,
        dry_run=False,
    )


def _by_slug(model, names: set[str]) -> dict:
    """Return topics or regions by slug, creating the missing ones (named as written)."""
    wanted: dict[str, str] = {}
    for value in sorted(names):
        slug = slugify(value)[:100]
        if slug:
            wanted.setdefault(slug, value[:100])
    found = model.objects.in_bulk(list(wanted), field_name="slug")
    missing = [slug for slug in wanted if slug not in found]
    taken_names = set(
        model.objects.filter(name__in=[wanted[slug] for slug in missing]).values_list(
            "name", flat=True
        )
    )
    services.references_create_many(
        model=model,
        rows=[
            {"slug": slug, "name": wanted[slug] if wanted[slug] not in taken_names else slug}
            for slug in missing
        ],
    )
    return model.objects.in_bulk(list(wanted), field_name="slug")


def _speakers(statements, regions, *, name: str, actor) -> tuple[dict[str, Source], int]:
    """Return the on-record source of each speaker, creating the missing ones."""
    first: dict[str, Statement] = {}
    for s in statements:
        first.setdefault(s.speaker, s)
    found = Source.objects.in_bulk(list(first), field_name="codename")
    confidential = [codename for codename, source in found.items() if source.is_confidential]
    if confidential:
        raise ExchangeError(
            [
                Problem(
                    f"{name} line {first[codename].line}",
                    f"'{codename}' is the codename of a confidential source, not a speaker.",
                    "speaker (column 5)",
                )
                for codename in sorted(confidential)
            ]
        )
    missing = [codename for codename in first if codename not in found]
    services.sources_create_many(
        sources=[
            services.NewSource(
                codename=codename,
                is_confidential=False,
                descriptor=(first[codename].job_title or codename)[:300],
                region=regions.get(slugify(first[codename].state))
                if first[codename].state
                else None,
                affiliation=Source.Affiliation.OTHER,
            )
            for codename in missing
        ],
        actor=actor,
        batch_size=BATCH,
    )
    sources = Source.objects.in_bulk(list(first), field_name="codename")
    return sources, len(missing)
