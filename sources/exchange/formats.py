"""The exchange formats: a JSON document, a ZIP of CSV files, and a claims CSV.

All three read into the same ``Document``: named sections of rows, each row
remembering where in the file it came from so an error can name it. The
sections and their fields are declared once, in ``SECTIONS``, and drive
parsing, validation, export and the documentation alike.

Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from sources.domain import spreadsheet
from sources.domain.text import (
    ARTICLE_BODY_MAX,
    CLAIM_TEXT_MAX,
    EVIDENCE_SUMMARY_MAX,
    IDENTITY_LINE_MAX,
    IDENTITY_NOTES_MAX,
    LETTER_REASON_MAX,
    LINK_NOTE_MAX,
    VERDICT_REASON_MAX,
)
from sources.domain.vocab import Basis, CopyRuling, Letter, NetworkKind

FORMAT_NAME = "source-ledger"
FORMAT_VERSION = 1
LIST_SEPARATOR = ";"
# A ZIP may not unpack to more than this, however small it is packed.
MAX_UNPACKED_BYTES = 512 * 2**20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import file, located as precisely as possible."""

    where: str
    message: str
    field: str = ""

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}, field '{self.field}': {self.message}"
        return f"{self.where}: {self.message}"


class ExchangeError(Exception):
    """An import file is unusable; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(problem) for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Field:
    """One field of a section: its type, whether it is required, what it refers to."""

    name: str
    kind: str = "str"  # str, text, int, bool, date, datetime, decimal, list, object, rows
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    ref: str = ""  # the section whose key this field (or each list item) names
    default: object = None
    subfields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Section:
    name: str
    key: tuple[str, ...]
    fields: tuple[Field, ...]
    label: str

    def field(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)


AFFILIATIONS = ("trader", "official", "security_insider", "defector", "local_resident", "other")
SOURCE_STATUSES = ("active", "dormant", "burned")
EVIDENCE_KINDS = (
    "reporting",
    "official",
    "document",
    "court",
    "imagery",
    "data",
    "testimony",
    "second_source",
)
RELATIONS = ("corroborates", "partly_corroborates", "contradicts", "context")
OUTCOMES = (
    "pending",
    "corroborated",
    "partly_corroborated",
    "contradicted",
    "disputed",
    "unverifiable",
    "retracted",
)
GROUP_KINDS = ("source", "descriptor", "region", "reporter", "outlet", "topic")

IDENTITY_FIELDS = ("real_name", "contact", "meeting_notes")

SECTIONS: tuple[Section, ...] = (
    Section(
        "users",
        ("username",),
        (
            Field("username", required=True, max_length=150),
            Field("first_name", max_length=150, default=""),
            Field("last_name", max_length=150, default=""),
            Field("email", max_length=254, default=""),
        ),
        "user",
    ),
    Section(
        "outlets",
        ("slug",),
        (
            Field("slug", kind="slug", required=True, max_length=100),
            Field("name", required=True, max_length=200),
            Field("homepage", kind="url", max_length=200, default=""),
        ),
        "outlet",
    ),
    Section(
        "regions",
        ("slug",),
        (
            Field("slug", kind="slug", required=True, max_length=100),
            Field("name", required=True, max_length=100),
        ),
        "region",
    ),
    Section(
        "topics",
        ("slug",),
        (
            Field("slug", kind="slug", required=True, max_length=100),
            Field("name", required=True, max_length=100),
        ),
        "topic",
    ),
    Section(
        "desks",
        ("slug",),
        (
            Field("slug", kind="slug", required=True, max_length=100),
            Field("name", required=True, max_length=100),
            Field("members", kind="list", ref="users", default=()),
        ),
        "desk",
    ),
    Section(
        "networks",
        ("name",),
        (
            Field("name", required=True, max_length=100),
            Field("kind", choices=NetworkKind.ALL, default=NetworkKind.NETWORK),
            Field("notes", kind="text", max_length=LINK_NOTE_MAX, default=""),
        ),
        "network",
    ),
    Section(
        "sources",
        ("codename",),
        (
            Field("codename", required=True, max_length=100),
            Field("descriptor", required=True, max_length=300),
            Field("is_confidential", kind="bool", default=True),
            Field("region", ref="regions"),
            Field("affiliation", choices=AFFILIATIONS, default="other"),
            Field("handler", ref="users"),
            Field("desk", ref="desks"),
            Field("status", choices=SOURCE_STATUSES, default="active"),
            Field("first_contact_on", kind="date"),
            Field("burned_at", kind="datetime"),
            Field("network", ref="networks"),
            Field(
                "identity",
                kind="object",
                subfields=(
                    Field("real_name", max_length=IDENTITY_LINE_MAX, default=""),
                    Field("contact", max_length=IDENTITY_LINE_MAX, default=""),
                    Field("meeting_notes", kind="text", max_length=IDENTITY_NOTES_MAX, default=""),
                ),
            ),
        ),
        "source",
    ),
    Section(
        "articles",
        ("external_id",),
        (
            Field("external_id", required=True, max_length=100),
            Field("outlet", required=True, ref="outlets"),
            Field("headline", required=True, max_length=300),
            Field("byline", max_length=200, default=""),
            Field("reporter", ref="users"),
            Field("published_on", kind="date", required=True),
            Field("url", kind="url", max_length=500, default=""),
            Field("language", max_length=16, default="en"),
            Field("body", kind="text", max_length=ARTICLE_BODY_MAX, default=""),
            Field("cites", kind="list", ref="articles", default=()),
        ),
        "article",
    ),
    Section(
        "claims",
        ("external_id",),
        (
            Field("external_id", required=True, max_length=100),
            Field("article", required=True, ref="articles"),
            Field("text", kind="text", required=True, max_length=CLAIM_TEXT_MAX),
            Field("event_start", kind="date"),
            Field("event_end", kind="date"),
            Field("region", ref="regions"),
            Field("topics", kind="list", ref="topics", default=()),
            Field("credibility", kind="int", default=6, choices=("1", "2", "3", "4", "5", "6")),
            Field("assessed_by", ref="users"),
            Field("filed_by", ref="users"),
            Field(
                "attributions",
                kind="rows",
                required=True,
                subfields=(
                    Field("source", required=True, ref="sources"),
                    Field("descriptor", max_length=300, default=""),
                ),
            ),
            Field(
                "quantities",
                kind="rows",
                default=(),
                subfields=(
                    Field("value", kind="decimal", required=True),
                    Field("unit", required=True, max_length=50),
                    Field("label", max_length=100, default=""),
                ),
            ),
        ),
        "claim",
    ),
    Section(
        "evidence",
        ("external_id",),
        (
            Field("external_id", required=True, max_length=100),
            Field("kind", required=True, choices=EVIDENCE_KINDS),
            Field("summary", kind="text", required=True, max_length=EVIDENCE_SUMMARY_MAX),
            Field("url", kind="url", max_length=500, default=""),
            Field("observed_on", kind="date", required=True),
            Field("source", ref="sources"),
            Field("article", ref="articles"),
            Field("cites", kind="list", ref="articles", default=()),
            Field("recorded_by", ref="users"),
            Field("basis", choices=Basis.ALL, default=Basis.UNKNOWN),
        ),
        "evidence",
    ),
    Section(
        "links",
        ("claim", "evidence"),
        (
            Field("claim", required=True, ref="claims"),
            Field("evidence", required=True, ref="evidence"),
            Field("relation", required=True, choices=RELATIONS),
            Field("note", kind="text", max_length=LINK_NOTE_MAX, default=""),
            Field("recorded_by", ref="users"),
            # A fact-checker's confirmation that a relay's upstream is independent.
            Field("relay_confirmed_by", ref="users"),
            Field("relay_confirmed_at", kind="datetime"),
            Field("relay_reason", kind="text", max_length=VERDICT_REASON_MAX, default=""),
        ),
        "link",
    ),
    Section(
        # Rulings on likely copies: of a link's evidence text (claim and evidence) or
        # of an article's body (article). The copy check flags them again on import.
        "copy_rulings",
        ("copy_of", "article", "claim", "evidence"),
        (
            Field("copy_of", required=True, ref="articles"),
            Field("article", ref="articles"),
            Field("claim", ref="claims"),
            Field("evidence", ref="evidence"),
            Field("ruling", required=True, choices=CopyRuling.ALL),
            Field("reason", kind="text", required=True, max_length=VERDICT_REASON_MAX),
            Field("ruled_by", ref="users"),
            Field("ruled_at", kind="datetime"),
        ),
        "copy ruling",
    ),
    Section(
        "verdicts",
        ("claim", "outcome", "reason", "original_label", "decided_at"),
        (
            Field("claim", required=True, ref="claims"),
            Field("outcome", required=True, choices=OUTCOMES),
            Field("reason", kind="text", required=True, max_length=VERDICT_REASON_MAX),
            Field("decided_by", ref="users"),
            Field("decided_at", kind="datetime"),
            Field("original_label", max_length=50, default=""),
        ),
        "verdict",
    ),
    Section(
        "letter_overrides",
        ("group_kind", "group_key"),
        (
            Field("group_kind", required=True, choices=GROUP_KINDS),
            Field("group_key", required=True, max_length=300),
            Field("letter", required=True, choices=Letter.ALL),
            Field("reason", kind="text", required=True, max_length=LETTER_REASON_MAX),
            Field("recorded_by", ref="users"),
        ),
        "recorded letter",
    ),
    Section(
        "forecasts",
        ("claim", "author", "made_at"),
        (
            Field("claim", required=True, ref="claims"),
            Field("author", ref="users"),
            Field("percent", kind="int", required=True),
            Field("made_at", kind="datetime", required=True),
        ),
        "forecast",
    ),
)
SECTION_BY_NAME = {section.name: section for section in SECTIONS}


@dataclass
class Row:
    """One row of a section, with where it came from and its raw values."""

    where: str
    values: dict
    from_text: bool = False  # values are CSV strings, to be converted by type


@dataclass
class Document:
    """A parsed import file: rows per section, in file order."""

    sections: dict[str, list[Row]] = field(default_factory=dict)
    kind: str = "json"

    def rows(self, name: str) -> list[Row]:
        return self.sections.get(name, [])

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.sections.values())


# Reading ---------------------------------------------------------------------------


def read(data: bytes, *, name: str) -> Document:
    """Parse an import file, choosing the format from its name (.json, .csv, .zip)."""
    lower = name.lower()
    if not data.strip():
        raise ExchangeError(Problem(name, "the file is empty."))
    if lower.endswith(".zip") or data[:4] == b"PK\x03\x04":
        return read_zip(data, name=name)
    if lower.endswith(".tsv"):
        raise ExchangeError(
            Problem(name, "a .tsv file is not an exchange format; LIAR files go to import_liar.")
        )
    if lower.endswith(".csv"):
        return read_claims_csv(_decode(data, name), name=name)
    return read_json(_decode(data, name), name=name)


def _decode(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ExchangeError(
            Problem(
                f"{name} line {line}",
                f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
                f"{error.start}); save it as UTF-8 and try again.",
            )
        ) from None
    return text.removeprefix("\ufeff")


def read_json(text: str, *, name: str) -> Document:
    if not text.strip():
        raise ExchangeError(Problem(name, "the file is empty."))
    try:
        raw = json.loads(text, object_pairs_hook=_Object.from_pairs)
    except RecursionError:
        raise ExchangeError(
            Problem(name, "the JSON is nested far deeper than any exchange document.")
        ) from None
    except json.JSONDecodeError as error:
        stripped = text.rstrip()
        truncated = error.pos >= len(stripped) - 1 or not stripped.endswith(("}", "]"))
        hint = " The file looks truncated." if truncated else ""
        raise ExchangeError(
            Problem(
                f"{name} line {error.lineno} column {error.colno}",
                f"not valid JSON: {error.msg}.{hint}",
            )
        ) from None
    if not isinstance(raw, dict):
        raise ExchangeError(Problem(name, "the document must be a JSON object of sections."))
    problems = []
    if raw.get("format", FORMAT_NAME) != FORMAT_NAME:
        problems.append(Problem(name, f"expected format '{FORMAT_NAME}'.", "format"))
    if raw.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        problems.append(
            Problem(name, f"unsupported version; this reads version {FORMAT_VERSION}.", "version")
        )
    unknown = set(raw) - set(SECTION_BY_NAME) - {"format", "version", "exported_at"}
    for key in sorted(unknown):
        problems.append(Problem(name, f"unknown section '{key}'.", key))
    problems += _duplicate_keys(raw, name)
    document = Document(kind="json")
    for section in SECTIONS:
        items = raw.get(section.name, [])
        if not isinstance(items, list):
            problems.append(Problem(name, "must be a list of objects.", section.name))
            continue
        rows = []
        for index, item in enumerate(items, start=1):
            where = f"{section.name} row {index}"
            if not isinstance(item, dict):
                problems.append(Problem(where, "must be an object."))
                continue
            problems += _duplicate_keys(item, where)
            rows.append(Row(where, item))
        document.sections[section.name] = rows
    if problems:
        raise ExchangeError(problems)
    if not len(document):
        raise ExchangeError(Problem(name, "the document has no rows in any section."))
    return document


class _Object(dict):
    """A JSON object that remembers the keys it was given more than once.

    ``json`` keeps the last of two equal keys without a word; an import that
    silently drops a value is refused instead, naming the row and the field.
    """

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, object]]) -> _Object:
        result = cls()
        repeated = []
        for key, value in pairs:
            if key in result:
                repeated.append(key)
            result[key] = value
        if repeated:
            result.duplicates = tuple(dict.fromkeys(repeated))
        return result


def _duplicate_keys(item: dict, where: str) -> list[Problem]:
    """Return a problem per key given twice in a row, or in the objects and rows inside it."""
    problems = [
        Problem(where, "is given more than once; give each field once.", key)
        for key in getattr(item, "duplicates", ())
    ]
    for key, value in item.items():
        if isinstance(value, dict):
            problems += [
                Problem(where, "is given more than once; give each field once.", f"{key}.{sub}")
                for sub in getattr(value, "duplicates", ())
            ]
        elif isinstance(value, list) and key in _NESTED_ROWS:
            for index, sub in enumerate(value, start=1):
                if isinstance(sub, dict):
                    problems += [
                        Problem(
                            f"{where}, {key} {index}",
                            "is given more than once; give each field once.",
                            field,
                        )
                        for field in getattr(sub, "duplicates", ())
                    ]
    return problems


# Fields whose value is a list of objects (one level down is checked for repeated keys).
_NESTED_ROWS = frozenset(f.name for section in SECTIONS for f in section.fields if f.kind == "rows")


# CSV -------------------------------------------------------------------------------

# Columns of claims.csv: the claim's own fields, then one attribution per row.
CLAIM_COLUMNS = (
    "external_id",
    "article",
    "text",
    "event_start",
    "event_end",
    "region",
    "topics",
    "credibility",
    "assessed_by",
    "filed_by",
)
ATTRIBUTION_COLUMNS = ("source", "descriptor")
# Optional columns that describe the claim's article, so a lone claims CSV can create it.
ARTICLE_COLUMNS = {
    "article_outlet": "outlet",
    "article_headline": "headline",
    "article_published_on": "published_on",
    "article_url": "url",
    "article_byline": "byline",
}


def _csv_rows(
    text: str, *, name: str, required: tuple[str, ...], allowed: frozenset[str]
) -> list[tuple[int, dict]]:
    """Return (line, cells by column) for each non-blank row, refusing a header we cannot trust.

    A column given twice (the reader would keep only the last) and a column
    the section does not have (its values would be dropped unread) are
    refused, each naming the column.
    """
    if not text.strip():
        raise ExchangeError(Problem(name, "the file is empty."))
    if "\x00" in text:
        raise ExchangeError(Problem(name, "the file contains NUL bytes; is it really CSV?"))
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise ExchangeError(Problem(f"{name} line 1", f"not valid CSV: {error}.")) from None
    problems = [
        Problem(f"{name} line 1", "is given more than once; give each column once.", column)
        for column in dict.fromkeys(c for c in header if header.count(c) > 1)
    ]
    problems += [
        Problem(f"{name} line 1", "is not a column of this file.", column)
        for column in dict.fromkeys(c for c in header if c not in allowed)
    ]
    if problems:
        raise ExchangeError(problems)
    missing = [column for column in required if column not in header]
    if missing:
        raise ExchangeError(
            Problem(f"{name} line 1", f"missing column(s): {', '.join(missing)}.", "header")
        )
    rows = []
    try:
        for values in reader:
            line = reader.line_num
            if None in values:
                raise ExchangeError(
                    Problem(f"{name} line {line}", "more cells than the header has columns.")
                )
            if any(value is None for value in values.values()):
                raise ExchangeError(
                    Problem(
                        f"{name} line {line}",
                        "fewer cells than the header has columns; is the file truncated?",
                    )
                )
            if not any(value.strip() for value in values.values()):
                continue
            rows.append((line, {key: spreadsheet.uncell(value) for key, value in values.items()}))
    except csv.Error as error:
        raise ExchangeError(
            Problem(f"{name} line {reader.line_num}", f"not valid CSV: {error}.")
        ) from None
    return rows


CLAIMS_CSV_COLUMNS = frozenset((*CLAIM_COLUMNS, *ATTRIBUTION_COLUMNS, *ARTICLE_COLUMNS))
QUANTITY_COLUMNS = ("claim", "value", "unit", "label")


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


def read_claims_csv(text: str, *, name: str, document: Document | None = None) -> Document:
    """Read claims.csv: one row per attribution; a claim's rows share its external_id.

    The claim's own columns must agree on every row of the claim. Optional
    ``article_*`` columns describe an article to create when it is not known.
    """
    rows = _csv_rows(
        text,
        name=name,
        required=("external_id", "article", "text", "source"),
        allowed=CLAIMS_CSV_COLUMNS,
    )
    document = document or Document(kind="csv")
    claims: dict[str, Row] = {}
    articles: dict[str, Row] = {}
    for line, values in rows:
        where = f"{name} line {line}"
        key = values.get("external_id", "").strip()
        claim_values = {
            column: values.get(column, "") for column in CLAIM_COLUMNS if column in values
        }
        claim_values["topics"] = _split_list(values.get("topics", ""))
        attribution = {column: values.get(column, "") for column in ATTRIBUTION_COLUMNS}
        claim = claims.get(key) if key else None
        if claim is None:
            claim_values["attributions"] = [attribution]
            claim_values["quantities"] = []
            row = Row(where, claim_values, from_text=True)
            if key:
                claims[key] = row
            document.sections.setdefault("claims", []).append(row)
        else:
            for column, value in claim_values.items():
                if value not in ("", []) and value != claim.values.get(column):
                    raise ExchangeError(
                        Problem(
                            where,
                            f"differs from the claim's first row ({claim.where}); every row of "
                            "a claim must repeat its claim columns or leave them empty.",
                            column,
                        )
                    )
            claim.values["attributions"].append(attribution)
        article_values = {
            target: values[column].strip()
            for column, target in ARTICLE_COLUMNS.items()
            if values.get(column, "").strip()
        }
        article_key = values.get("article", "").strip()
        if article_values and article_key and article_key not in articles:
            article_values["external_id"] = article_key
            articles[article_key] = Row(where, article_values, from_text=True)
    if articles:
        document.sections.setdefault("articles", []).extend(articles.values())
    return document


def read_zip(data: bytes, *, name: str) -> Document:
    """Read a ZIP holding one CSV per section (claims.csv in the claims CSV format)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ExchangeError(Problem(name, "not a readable ZIP archive; is it truncated?")) from None
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExchangeError(
            Problem(
                name,
                f"the archive unpacks to {unpacked // 2**20} MB; the limit is "
                f"{MAX_UNPACKED_BYTES // 2**20} MB.",
            )
        )
    known = {f"{section.name}.csv" for section in SECTIONS} | {"quantities.csv", "README.txt"}
    problems = [Problem(name, f"unexpected file '{member}' in the archive.") for member in names]
    problems = [p for p, member in zip(problems, names, strict=True) if member not in known]
    if problems:
        raise ExchangeError(problems)
    document = Document(kind="zip")

    def text_of(member: str) -> str:
        try:
            raw = archive.read(member)
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise ExchangeError(
                Problem(f"{name}/{member}", f"cannot be read ({error}); is it truncated?")
            ) from None
        return _decode(raw, f"{name}/{member}")

    for section in SECTIONS:
        member = f"{section.name}.csv"
        if member not in names:
            continue
        text = text_of(member)
        if section.name == "claims":
            if text.strip():
                read_claims_csv(text, name=f"{name}/{member}", document=document)
            continue
        if not text.strip():
            continue
        columns = _section_columns(section)
        allowed = set(columns)
        if section.name == "sources":
            allowed |= {f"identity_{field}" for field in IDENTITY_FIELDS}
        rows = _csv_rows(
            text, name=f"{name}/{member}", required=section.key, allowed=frozenset(allowed)
        )
        parsed = []
        for line, values in rows:
            row_values: dict = {}
            for column, value in values.items():
                if column.startswith("identity_"):
                    row_values.setdefault("identity", {})[column.removeprefix("identity_")] = value
                elif column in columns:
                    spec = section.field(column)
                    row_values[column] = _split_list(value) if spec.kind == "list" else value
            parsed.append(Row(f"{name}/{member} line {line}", row_values, from_text=True))
        document.sections.setdefault(section.name, []).extend(parsed)
    if "quantities.csv" in names:
        claims = {row.values.get("external_id", "").strip(): row for row in document.rows("claims")}
        text = text_of("quantities.csv")
        for line, values in _csv_rows(
            text,
            name=f"{name}/quantities.csv",
            required=("claim",),
            allowed=frozenset(QUANTITY_COLUMNS),
        ):
            where = f"{name}/quantities.csv line {line}"
            claim = claims.get(values["claim"].strip())
            if claim is None:
                raise ExchangeError(
                    Problem(where, f"unknown claim '{values['claim']}' in claims.csv.", "claim")
                )
            claim.values.setdefault("quantities", []).append(
                {k: values.get(k, "") for k in QUANTITY_COLUMNS[1:]}
            )
    if not len(document):
        raise ExchangeError(Problem(name, "the archive holds no rows."))
    return document


def _section_columns(section: Section) -> list[str]:
    return [f.name for f in section.fields if f.kind not in ("object", "rows")]


# Writing ---------------------------------------------------------------------------


def dump_json(data: dict) -> bytes:
    """Serialise an exported document: sorted keys within rows, stable, UTF-8."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _listed(value):
    """Return a list value as one cell's text; anything else as it is."""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def _csv_text(header: list[str], rows: list[list]) -> str:
    """Write a section's CSV with the project's one writer (``sources.domain.spreadsheet``).

    It quotes every cell holding a comma, a quote, CR, LF or a tab, and puts an
    apostrophe before each line a spreadsheet would run as a formula;
    ``_csv_rows`` takes exactly that apostrophe off again.
    """
    return spreadsheet.csv_text(header, ([_listed(value) for value in row] for row in rows))


def claims_csv(claims: list[dict]) -> str:
    """Return claims.csv for exported claim rows: one line per attribution."""
    header = [*CLAIM_COLUMNS, *ATTRIBUTION_COLUMNS]
    lines = []
    for claim in claims:
        for attribution in claim["attributions"]:
            lines.append(
                [claim.get(column) for column in CLAIM_COLUMNS]
                + [attribution["source"], attribution["descriptor"]]
            )
    return _csv_text(header, lines)


def dump_csv_zip(data: dict) -> bytes:
    """Serialise an exported document as a ZIP of CSV files, one per section."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in SECTIONS:
            rows = data.get(section.name, [])
            if section.name == "claims":
                text = claims_csv(rows)
                quantities = [
                    [claim["external_id"], q["value"], q["unit"], q["label"]]
                    for claim in rows
                    for q in claim["quantities"]
                ]
                _write(
                    archive,
                    "quantities.csv",
                    _csv_text(list(QUANTITY_COLUMNS), quantities),
                )
            else:
                header = _section_columns(section)
                with_identity = section.name == "sources" and any("identity" in r for r in rows)
                if with_identity:
                    header += [f"identity_{name}" for name in IDENTITY_FIELDS]
                lines = []
                for row in rows:
                    line = [row.get(column) for column in _section_columns(section)]
                    if with_identity:
                        identity = row.get("identity") or {}
                        line += [identity.get(name, "") for name in IDENTITY_FIELDS]
                    lines.append(line)
                text = _csv_text(header, lines)
            _write(archive, f"{section.name}.csv", text)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, member: str, text: str) -> None:
    info = zipfile.ZipInfo(member, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text.encode("utf-8"))
