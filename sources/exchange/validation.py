"""Check a whole import document before anything is written.

Every row is converted to Python values by its section's declared fields,
every reference is resolved against the file and the database, duplicates
and conflicts are found, and the rows that already exist (by their stable
key) are set aside so that importing the same file twice changes nothing.
All problems are collected, not just the first, and each names its row and
field. The result is a ``Plan``: the rows to create, in dependency order.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils import timezone

from sources import permissions
from sources.domain.text import refusal as text_refusal
from sources.exchange.formats import (
    LIST_SEPARATOR,
    SECTIONS,
    Document,
    ExchangeError,
    Field,
    Problem,
    Row,
    Section,
)
from sources.models import (
    Article,
    Claim,
    CopyFlag,
    Desk,
    Evidence,
    EvidenceLink,
    Forecast,
    LetterOverride,
    Network,
    Outlet,
    Region,
    Source,
    Topic,
    Verdict,
)

_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}
_url = URLValidator()

# The model each section's key lives in, and the key's field there.
_KEYED = {
    "outlets": (Outlet, "slug"),
    "regions": (Region, "slug"),
    "topics": (Topic, "slug"),
    "desks": (Desk, "slug"),
    "networks": (Network, "name"),
    "sources": (Source, "codename"),
    "articles": (Article, "external_id"),
    "claims": (Claim, "external_id"),
    "evidence": (Evidence, "external_id"),
}
# Sections whose name must be unique in the database as well as the slug.
_NAMED = {"outlets": Outlet, "regions": Region, "topics": Topic, "desks": Desk}


@dataclass
class CleanRow:
    where: str
    values: dict


@dataclass
class Plan:
    """What an import will do: rows to create per section, and rows already present."""

    create: dict[str, list[CleanRow]] = field(default_factory=dict)
    present: Counter = field(default_factory=Counter)
    new_citations: list[tuple[str, str]] = field(default_factory=list)

    def to_create(self, name: str) -> list[CleanRow]:
        return self.create.get(name, [])

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.create.values()) + len(self.new_citations)

    def counts(self) -> dict[str, dict[str, int]]:
        names = [section.name for section in SECTIONS]
        result = {
            name: {"created": len(self.to_create(name)), "unchanged": self.present[name]}
            for name in names
        }
        result["citations"] = {
            "created": len(self.new_citations),
            "unchanged": self.present["citations"],
        }
        return {
            name: counts
            for name, counts in result.items()
            if counts["created"] or counts["unchanged"]
        }


# Converting values ---------------------------------------------------------------------


class _Invalid(Exception):
    pass


def _text(value, spec: Field, *, strip: bool) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"must be text, not {_type_name(value)}.")
    # The same rule as every form and the API: text fields may hold tabs and
    # line breaks, every other field is one line; NUL and other controls never.
    message = text_refusal(value, multiline=spec.kind == "text")
    if message is not None:
        raise _Invalid(message)
    return value.strip() if strip else value


def _type_name(value) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _convert(value, spec: Field, row: Row, where: str, problems: list[Problem]):
    """Return the Python value for one field, or the default; record problems."""
    kind = spec.kind
    try:
        empty = value is None or (isinstance(value, str) and not value.strip() and kind != "text")
        if kind == "text" and isinstance(value, str) and not value.strip():
            empty = True
        if kind in ("list", "rows") and value in ([], ()):
            empty = True
        if empty:
            if spec.required:
                raise _Invalid("is required.")
            if kind == "list":
                return []
            if kind == "rows":
                return []
            return spec.default
        if kind in ("str", "slug", "url", "text"):
            result = _text(value, spec, strip=kind != "text")
            if spec.max_length and len(result) > spec.max_length:
                raise _Invalid(f"is {len(result)} characters long; at most {spec.max_length}.")
            if kind == "slug":
                try:
                    validate_slug(result)
                except ValidationError:
                    raise _Invalid(
                        f"'{result}' is not a slug (letters, digits, - and _)."
                    ) from None
            if kind == "url":
                try:
                    _url(result)
                except ValidationError:
                    raise _Invalid(f"'{result}' is not a valid URL.") from None
            if spec.choices and result not in spec.choices:
                raise _Invalid(f"'{result}' is not one of: {', '.join(spec.choices)}.")
            return result
        if kind == "int":
            if row.from_text and isinstance(value, str):
                try:
                    result = int(value.strip())
                except ValueError:
                    raise _Invalid(f"'{value}' is not a whole number.") from None
            elif isinstance(value, int) and not isinstance(value, bool):
                result = value
            else:
                raise _Invalid(f"must be a whole number, not {_type_name(value)}.")
            if spec.choices and str(result) not in spec.choices:
                raise _Invalid(f"{result} is not one of: {', '.join(spec.choices)}.")
            return result
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if row.from_text and isinstance(value, str):
                lowered = value.strip().lower()
                if lowered in _TRUE:
                    return True
                if lowered in _FALSE:
                    return False
            raise _Invalid(f"must be true or false, not {value!r}.")
        if kind == "date":
            text = _text(value, spec, strip=True)
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise _Invalid(f"'{text}' is not a date (YYYY-MM-DD).") from None
        if kind == "datetime":
            text = _text(value, spec, strip=True)
            try:
                result = datetime.datetime.fromisoformat(text)
            except ValueError:
                raise _Invalid(f"'{text}' is not an ISO 8601 date and time.") from None
            if timezone.is_naive(result):
                result = result.replace(tzinfo=datetime.UTC)
            return result.astimezone(datetime.UTC)
        if kind == "decimal":
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise _Invalid(f"must be a number, not {_type_name(value)}.")
            try:
                result = Decimal(str(value).strip().replace(",", ""))
            except InvalidOperation:
                raise _Invalid(f"'{value}' is not a number.") from None
            if not result.is_finite():
                raise _Invalid(f"'{value}' is not a finite number.")
            exponent = result.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -4:
                raise _Invalid(f"'{value}' has more than 4 decimal places.")
            if abs(result) >= Decimal(10) ** 16:
                raise _Invalid(f"'{value}' is too large (at most 16 digits before the point).")
            return result.quantize(Decimal("0.0001"))
        if kind == "list":
            if not isinstance(value, list | tuple):
                raise _Invalid(f"must be a list, not {_type_name(value)}.")
            items = []
            for item in value:
                if not isinstance(item, str) or not item.strip():
                    raise _Invalid("every item must be non-empty text.")
                message = text_refusal(item)
                if message is not None:
                    raise _Invalid(f"an item: {message}")
                items.append(item.strip())
            duplicates = sorted({item for item in items if items.count(item) > 1})
            if duplicates:
                raise _Invalid(f"lists {', '.join(duplicates)} more than once.")
            return items
        if kind == "object":
            if not isinstance(value, dict):
                raise _Invalid(f"must be an object, not {_type_name(value)}.")
            unknown = set(value) - {sub.name for sub in spec.subfields}
            if unknown:
                raise _Invalid(f"unknown key(s): {', '.join(sorted(unknown))}.")
            result = {
                sub.name: _convert(value.get(sub.name), sub, row, where, problems)
                for sub in spec.subfields
            }
            return result if any(result.values()) else None
        if kind == "rows":
            if not isinstance(value, list | tuple):
                raise _Invalid(f"must be a list of objects, not {_type_name(value)}.")
            result = []
            for index, item in enumerate(value, start=1):
                item_where = f"{where}, {spec.name} {index}"
                if not isinstance(item, dict):
                    problems.append(Problem(item_where, "must be an object."))
                    continue
                unknown = set(item) - {sub.name for sub in spec.subfields}
                if unknown and not row.from_text:
                    problems.append(
                        Problem(item_where, f"unknown field(s): {', '.join(sorted(unknown))}.")
                    )
                result.append(
                    {
                        sub.name: _convert(item.get(sub.name), sub, row, item_where, problems)
                        for sub in spec.subfields
                    }
                )
            if spec.required and not result:
                raise _Invalid("is required.")
            return result
        raise AssertionError(f"unknown field kind {kind}")
    except _Invalid as error:
        problems.append(Problem(where, str(error), spec.name))
        return spec.default if kind not in ("list", "rows") else []


def _clean_row(section: Section, row: Row, problems: list[Problem]) -> dict:
    if not row.from_text:
        unknown = set(row.values) - {f.name for f in section.fields}
        for name in sorted(unknown):
            problems.append(Problem(row.where, "unknown field.", name))
    return {
        spec.name: _convert(row.values.get(spec.name), spec, row, row.where, problems)
        for spec in section.fields
    }


# The whole document ------------------------------------------------------------------


def validate(document: Document, *, actor=None) -> Plan:
    """Return the plan for importing ``document``, or raise ExchangeError listing all problems.

    ``actor`` is the user importing; identity details are accepted only from
    an admin or the reporter named as the source's handler.
    """
    problems: list[Problem] = []
    cleaned: dict[str, list[CleanRow]] = {}
    for section in SECTIONS:
        rows = []
        for row in document.rows(section.name):
            rows.append(CleanRow(row.where, _clean_row(section, row, problems)))
        cleaned[section.name] = rows

    # Duplicates within the file.
    file_keys: dict[str, set] = {}
    for section in SECTIONS:
        seen: dict[tuple, str] = {}
        for row in cleaned[section.name]:
            key = tuple(row.values.get(part) for part in section.key)
            if any(part in (None, "") for part in key[: 2 if section.name == "links" else 1]):
                continue  # already reported as missing
            if key in seen:
                label = ", ".join(str(part) for part in key if part not in (None, ""))
                problems.append(
                    Problem(
                        row.where,
                        f"duplicate {section.label} '{label}' (first given at {seen[key]}).",
                        section.key[0],
                    )
                )
            else:
                seen[key] = row.where
        file_keys[section.name] = {key[0] if len(key) == 1 else key for key in seen}

    # Which keys the database already holds.
    db_keys: dict[str, set] = {}
    for name, (model, key_field) in _KEYED.items():
        wanted = set(file_keys[name]) | _referenced(cleaned, name)
        db_keys[name] = _existing(model, key_field, wanted)
    usernames = set(file_keys["users"]) | _referenced(cleaned, "users")
    User = get_user_model()
    db_keys["users"] = set(
        User.objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    for name, model in _NAMED.items():
        _check_names(cleaned[name], model, db_keys[name], problems)

    # References.
    for section in SECTIONS:
        for row in cleaned[section.name]:
            for spec in section.fields:
                _check_refs(
                    spec, row.values.get(spec.name), row.where, file_keys, db_keys, problems
                )

    for row in cleaned["articles"]:
        if LIST_SEPARATOR in (row.values["external_id"] or ""):
            problems.append(
                Problem(
                    row.where,
                    f"may not contain '{LIST_SEPARATOR}': it separates list items in CSV.",
                    "external_id",
                )
            )
    _check_claims(cleaned["claims"], problems)
    _check_sources(cleaned["sources"], db_keys, actor, problems)
    _check_forecasts(cleaned["forecasts"], problems)
    _check_origins(cleaned["links"], cleaned["copy_rulings"], problems)

    if problems:
        raise ExchangeError(problems)
    return _plan(cleaned, file_keys, db_keys)


def _referenced(cleaned: dict[str, list[CleanRow]], target: str) -> set:
    found = set()
    for section in SECTIONS:
        for spec in section.fields:
            for row in cleaned[section.name]:
                found |= _ref_values(spec, row.values.get(spec.name), target)
    return found


def _ref_values(spec: Field, value, target: str) -> set:
    if spec.kind == "rows":
        found = set()
        for item in value or ():
            for sub in spec.subfields:
                found |= _ref_values(sub, item.get(sub.name), target)
        return found
    if spec.ref != target or value in (None, ""):
        return set()
    return set(value) if spec.kind == "list" else {value}


def _existing(model, key_field: str, wanted: set) -> set:
    found = set()
    wanted = [key for key in wanted if isinstance(key, str)]
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found |= set(
            model.objects.filter(**{f"{key_field}__in": chunk}).values_list(key_field, flat=True)
        )
    return found


def _check_names(rows: list[CleanRow], model, existing_slugs: set, problems) -> None:
    """A new outlet, region, topic or desk may not reuse the name of another one."""
    new = [row for row in rows if row.values["slug"] not in existing_slugs]
    names = {row.values["name"] for row in new if row.values["name"]}
    taken = dict(model.objects.filter(name__in=names).values_list("name", "slug"))
    seen: dict[str, str] = {}
    for row in new:
        name = row.values["name"]
        if name in taken:
            problems.append(
                Problem(row.where, f"'{name}' is already the name of '{taken[name]}'.", "name")
            )
        elif name in seen:
            problems.append(
                Problem(
                    row.where, f"duplicate name '{name}' (first given at {seen[name]}).", "name"
                )
            )
        elif name:
            seen[name] = row.where


def _check_refs(spec, value, where, file_keys, db_keys, problems) -> None:
    if spec.kind == "rows":
        for index, item in enumerate(value or (), start=1):
            for sub in spec.subfields:
                _check_refs(
                    sub,
                    item.get(sub.name),
                    f"{where}, {spec.name} {index}",
                    file_keys,
                    db_keys,
                    problems,
                )
        return
    if not spec.ref or value in (None, ""):
        return
    label = next(s.label for s in SECTIONS if s.name == spec.ref)
    for item in value if spec.kind == "list" else [value]:
        if item not in file_keys[spec.ref] and item not in db_keys[spec.ref]:
            problems.append(
                Problem(
                    where, f"unknown {label} '{item}': not in the file or the database.", spec.name
                )
            )


def _check_claims(rows: list[CleanRow], problems) -> None:
    unreadable = {(p.where, p.field) for p in problems}
    for row in rows:
        values = row.values
        start, end = values["event_start"], values["event_end"]
        if {(row.where, "event_start"), (row.where, "event_end")} & unreadable:
            pass  # already reported; comparing would only repeat it
        elif end and not start:
            problems.append(Problem(row.where, "an event end needs an event start.", "event_end"))
        elif start and end and end < start:
            problems.append(Problem(row.where, "ends before it starts.", "event_end"))
        sources = [item["source"] for item in values["attributions"] if item["source"]]
        repeated = sorted({s for s in sources if sources.count(s) > 1})
        if repeated:
            problems.append(
                Problem(
                    row.where,
                    f"names source '{', '.join(repeated)}' more than once.",
                    "attributions",
                )
            )


def _check_sources(rows: list[CleanRow], db_keys, actor, problems) -> None:
    """Refuse identities the importing user may not write (``permissions.can_edit_identity``).

    Only the handling reporter records who a source is, in a file as on the
    page: the source is checked as it will be created, with its handler.
    """
    for row in rows:
        values = row.values
        if values["identity"] is None or values["codename"] in db_keys["sources"]:
            continue
        if values["status"] == "burned":
            problems.append(
                Problem(row.where, "a burned source has no identity to import.", "identity")
            )
            continue
        handled_by_actor = actor is not None and values["handler"] == actor.get_username()
        planned = Source(
            codename=values["codename"],
            status=values["status"] or Source.Status.ACTIVE,
            handler=actor if handled_by_actor else None,
        )
        if not permissions.can_edit_identity(viewer=actor, obj=planned):
            problems.append(
                Problem(
                    row.where,
                    "identity details may be imported only by the source's handling reporter; "
                    "import as that user (--as USERNAME) or leave them out.",
                    "identity",
                )
            )


def _check_origins(links: list[CleanRow], rulings: list[CleanRow], problems) -> None:
    """A relay's confirmation says why; a copy ruling names one flagged text and says why.

    A ruling is about an article (its body) or a link (claim and evidence), never both.
    """
    for row in links:
        v = row.values
        if v.get("relay_confirmed_at") and not (v.get("relay_reason") or "").strip():
            problems.append(
                Problem(row.where, "a confirmed relay needs its reason.", "relay_reason")
            )
    for row in rulings:
        v = row.values
        on_link = bool(v.get("claim")) or bool(v.get("evidence"))
        on_article = bool(v.get("article"))
        if on_link == on_article or (on_link and not (v.get("claim") and v.get("evidence"))):
            problems.append(
                Problem(
                    row.where,
                    "name either the flagged article, or the claim and evidence of the "
                    "flagged link.",
                    "article",
                )
            )


def _check_forecasts(rows: list[CleanRow], problems) -> None:
    """A forecast is a whole percentage, 0–100."""
    for row in rows:
        percent = row.values.get("percent")
        if isinstance(percent, int) and not 0 <= percent <= 100:
            problems.append(Problem(row.where, f"{percent} is not between 0 and 100.", "percent"))


def _plan(cleaned, file_keys, db_keys) -> Plan:
    plan = Plan()
    for section in SECTIONS:
        name = section.name
        if name in ("links", "verdicts", "letter_overrides", "forecasts", "copy_rulings"):
            continue
        key = section.key[0]
        for row in cleaned[name]:
            if row.values[key] in db_keys[name]:
                plan.present[name] += 1
            else:
                plan.create.setdefault(name, []).append(row)

    # Links exist by (claim, evidence); only pairs of existing rows can already exist.
    links = cleaned["links"]
    known_claims = {r.values["claim"] for r in links} & db_keys["claims"]
    known_evidence = {r.values["evidence"] for r in links} & db_keys["evidence"]
    existing_links = set(
        EvidenceLink.objects.filter(
            claim__external_id__in=known_claims, evidence__external_id__in=known_evidence
        ).values_list("claim__external_id", "evidence__external_id")
    )
    for row in links:
        if (row.values["claim"], row.values["evidence"]) in existing_links:
            plan.present["links"] += 1
        else:
            plan.create.setdefault("links", []).append(row)

    # Verdicts exist by (claim, outcome, reason, label) and, when given, decision time.
    verdicts = cleaned["verdicts"]
    known = {r.values["claim"] for r in verdicts} & db_keys["claims"]
    existing: dict[tuple, list] = defaultdict(list)
    for claim, outcome, reason, label, at in Verdict.objects.filter(
        claim__external_id__in=known
    ).values_list("claim__external_id", "outcome", "reason", "original_label", "decided_at"):
        existing[(claim, outcome, reason, label)].append(at)
    for row in verdicts:
        v = row.values
        times = existing.get((v["claim"], v["outcome"], v["reason"].strip(), v["original_label"]))
        if times and (v["decided_at"] is None or v["decided_at"] in times):
            plan.present["verdicts"] += 1
        else:
            plan.create.setdefault("verdicts", []).append(row)

    overrides = cleaned["letter_overrides"]
    existing_overrides = set(
        LetterOverride.objects.filter(
            group_key__in={r.values["group_key"] for r in overrides}
        ).values_list("group_kind", "group_key")
    )
    for row in overrides:
        if (row.values["group_kind"], row.values["group_key"]) in existing_overrides:
            plan.present["letter_overrides"] += 1
        else:
            plan.create.setdefault("letter_overrides", []).append(row)

    # Forecasts exist by (claim, author, time made).
    forecasts = cleaned["forecasts"]
    known_forecasts = set(
        Forecast.objects.filter(
            claim__external_id__in={r.values["claim"] for r in forecasts} & db_keys["claims"]
        ).values_list("claim__external_id", "author__username", "made_at")
    )
    for row in forecasts:
        v = row.values
        if (v["claim"], v["author"] or None, v["made_at"]) in known_forecasts:
            plan.present["forecasts"] += 1
        else:
            plan.create.setdefault("forecasts", []).append(row)

    # Copy rulings exist when their flag (by its texts and the article copied) is ruled on.
    rulings = cleaned["copy_rulings"]
    ruled = set()
    if rulings:
        named = {row.values["copy_of"] for row in rulings}
        flags = CopyFlag.objects.exclude(ruling="").filter(copy_of__external_id__in=named)
        for article, claim, evidence, copy_of in flags.values_list(
            "article__external_id",
            "link__claim__external_id",
            "link__evidence__external_id",
            "copy_of__external_id",
        ):
            ruled.add((copy_of, article, claim, evidence))
    for row in rulings:
        v = row.values
        key = (v["copy_of"], v["article"] or None, v["claim"] or None, v["evidence"] or None)
        if key in ruled:
            plan.present["copy_rulings"] += 1
        else:
            plan.create.setdefault("copy_rulings", []).append(row)

    # Citations between articles: add the ones the database does not have yet.
    wanted = [
        (row.values["external_id"], cited)
        for row in cleaned["articles"]
        for cited in row.values["cites"]
    ]
    if wanted:
        Through = Article.cites.through
        have = set(
            Through.objects.filter(
                from_article__external_id__in={a for a, _ in wanted}
            ).values_list("from_article__external_id", "to_article__external_id")
        )
        for pair in wanted:
            if pair in have:
                plan.present["citations"] += 1
            elif pair[0] != pair[1]:
                plan.new_citations.append(pair)
    return plan
