"""Exports round-trip any text the app accepts: export, import into an empty newsroom, export.

The newsroom below is filed through the services with the text that used to
break the ZIP: a bare carriage return in a claim (``claims.csv`` ended the
row there and the next line started with ``=cmd|...``), CRLF and LF, tabs,
formulas at the start of a line inside a cell, 5,000-character text, and
Korean and Chinese. The second export must equal the first byte for byte,
and no line of any CSV file may start with something a spreadsheet runs.
NUL is refused at the door, by the services and by the importer, naming
the row and the field.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sources import roles, services
from sources.domain.text import CLAIM_TEXT_MAX
from sources.domain.vocab import Outcome, Relation
from sources.exchange.exporter import export_bytes
from sources.exchange.formats import ExchangeError
from sources.exchange.importer import import_file
from sources.models import Attribution, Claim, Evidence, Verdict
from tests.exchange.conftest import snapshot, wipe_newsroom
from tests.factories import OutletFactory, RegionFactory, TopicFactory, UserFactory

CMD = "=cmd|' /C calc'!A0"
# No comma: a comma made the old writer quote the cell, hiding the bare CR.
HOSTILE_CLAIM = f"Cadres bought 8 kg at 9000 RMB/kg.\r{CMD}"
CRLF_CLAIM = "First line.\r\n+1 on the second\r\n\r\n@SUM(A1) on the fourth"
TAB_CLAIM = "Price\t9,000\tRMB/kg\n\t=indented formula"
LONG_CLAIM = ("양강도 소식통에 따르면 " + "가" * CLAIM_TEXT_MAX)[:CLAIM_TEXT_MAX]
CHINESE_CLAIM = "据两江道消息人士称，每公斤冰毒在中国售价一万四千元。\n-价格上涨"
KOREAN_DESCRIPTOR = "양강도의 한 소식통"
CHINESE_DESCRIPTOR = "两江道的一位消息人士"


def _newsroom():
    """File a small newsroom through the services, with hostile text in every text field."""
    editor = UserFactory(username="round-editor", roles=[roles.EDITOR])
    reporter = UserFactory(username="round-reporter", roles=[roles.REPORTER])
    outlet = OutletFactory(name="=Daily NK", slug="daily-nk")
    region = RegionFactory(name="양강도", slug="ryanggang")
    topic = TopicFactory(name="-drug trade", slug="drug-trade")
    orchid = services.source_create(
        codename="ORCHID", descriptor=KOREAN_DESCRIPTOR, region=region, handler=reporter
    )
    larch = services.source_create(codename="松树", descriptor="@a trader in Hyesan")
    article = services.article_create(
        outlet=outlet,
        headline='=HYPERLINK("http://example.invalid") cadres sell meth',
        published_on=datetime.date(2016, 8, 25),
        byline="-by a staff reporter",
        body="Paragraph one.\r\n\r\n=SUM(A1:A9)\r\n\t+tabbed\rbare CR line\n@last",
        reporter=reporter,
    )
    claims = [
        services.claim_file(
            article=article,
            text=text,
            attributions=[services.AttributionSpec(source=source, descriptor=descriptor)],
            region=region,
            topics=[topic],
            filed_by=reporter,
            quantities=[services.QuantitySpec(value=Decimal("-9000"), unit="RMB/kg", label="+x")],
        )
        for text, source, descriptor in (
            (HOSTILE_CLAIM, orchid, ""),
            (CRLF_CLAIM, larch, CHINESE_DESCRIPTOR),
            (TAB_CLAIM, orchid, '=a source, "quoted"'),
            (LONG_CLAIM, larch, ""),
            (CHINESE_CLAIM, orchid, KOREAN_DESCRIPTOR),
        )
    ]
    evidence = services.evidence_record(
        kind="reporting",
        summary="A trader in Hyesan\rquoted\r\n=the same price\n-twice",
        observed_on=datetime.date(2016, 11, 2),
        recorded_by=editor,
    )
    services.evidence_link(
        claim=claims[0],
        evidence=evidence,
        relation=Relation.CORROBORATES,
        note="\t@note\rwith a bare CR",
        recorded_by=editor,
    )
    claims[1].refresh_from_db()
    services.verdict_decide(
        claim=claims[1],
        outcome=Outcome.CONTRADICTED,
        reason="=Customs data\r\n+show a lower price\r-so",
        decided_by=editor,
        expected_version=claims[1].version,
    )
    services.letter_override_record(
        group_kind="descriptor",
        group_key=KOREAN_DESCRIPTOR,
        letter="C",
        reason="@steady\rfor two years",
        recorded_by=editor,
    )
    return claims


# The tables an import writes (their history tables grow with every wipe, so not those).
ROWS = [
    f"sources.{name}"
    for name in (
        "Article",
        "Source",
        "Claim",
        "Attribution",
        "Quantity",
        "Evidence",
        "EvidenceLink",
        "Verdict",
        "LetterOverride",
    )
]

# A line of a CSV file, or of a quoted cell in it, must not start with these.
_RUNS = re.compile(r"^\"?[=+\-@\t]")


def _members(archive_bytes: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_hostile_text_round_trips_byte_for_byte_through_the_zip_and_json(db):
    claims = _newsroom()
    first_zip = export_bytes("csv")
    first_json = export_bytes("json")
    counts = snapshot()

    members = _members(first_zip)
    # A bare CR no longer ends a row: claims.csv has one row per attribution.
    rows = list(csv.reader(io.StringIO(members["claims.csv"], newline="")))
    assert len(rows) == 1 + Attribution.objects.count() == 6
    # No line, inside a cell or not, starts with something a spreadsheet would run.
    for name, text in members.items():
        for line in re.split(r"\r\n|\r|\n", text):
            assert not _RUNS.match(line), (name, line)
    assert f"\r'{CMD}" in members["claims.csv"]

    wipe_newsroom()
    result = import_file(first_zip, name="export.zip")
    assert result.counts["claims"]["created"] == len(claims)
    assert export_bytes("csv") == first_zip
    assert export_bytes("json") == first_json
    after = snapshot()
    for label in ROWS:
        assert after[label] == counts[label], label

    texts = set(Claim.objects.values_list("text", flat=True))
    assert texts == {HOSTILE_CLAIM, CRLF_CLAIM, TAB_CLAIM, LONG_CLAIM, CHINESE_CLAIM}
    assert len(LONG_CLAIM) == CLAIM_TEXT_MAX
    assert Evidence.objects.get().summary == "A trader in Hyesan\rquoted\r\n=the same price\n-twice"
    assert Verdict.objects.get().reason == "=Customs data\r\n+show a lower price\r-so"


def test_a_bare_carriage_return_keeps_its_row_and_the_export_imports_again(db):
    """The repro of issue 11: a CR in a claim split claims.csv and its re-import failed."""
    source = services.source_create(codename="OAK", descriptor="a source in Hyesan")
    article = services.article_create(
        outlet=OutletFactory(), headline="Prices", published_on=datetime.date(2016, 8, 25)
    )
    services.claim_file(
        article=article, text=HOSTILE_CLAIM, attributions=[services.AttributionSpec(source)]
    )
    first = export_bytes("csv")
    rows = list(csv.reader(io.StringIO(_members(first)["claims.csv"], newline="")))
    assert len(rows) == 2
    assert not any(row and row[0].startswith("=") for row in rows)
    wipe_newsroom()
    import_file(first, name="export.zip")
    assert Claim.objects.get().text == HOSTILE_CLAIM
    assert export_bytes("csv") == first


def test_the_json_export_round_trips_into_an_empty_newsroom(db):
    _newsroom()
    first = export_bytes("json")
    wipe_newsroom()
    import_file(first, name="export.json")
    assert export_bytes("json") == first
    document = json.loads(first)
    assert {row["text"] for row in document["claims"]} >= {HOSTILE_CLAIM, CHINESE_CLAIM}


def test_nul_is_refused_by_the_services_naming_the_field(db):
    source = services.source_create(codename="OAK", descriptor="a source in Hyesan")
    article = services.article_create(
        outlet=OutletFactory(), headline="Prices", published_on=datetime.date(2016, 8, 25)
    )
    with pytest.raises(ValidationError) as refused:
        services.claim_file(
            article=article, text="Rice\x00rose.", attributions=[services.AttributionSpec(source)]
        )
    assert set(refused.value.message_dict) == {"text"}
    with pytest.raises(ValidationError) as refused:
        services.source_create(codename="ASH\tTREE", descriptor="a source")
    assert set(refused.value.message_dict) == {"codename"}
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "Rice\x00rose.", "a NUL character (U+0000) at position 5"),
        ("text", "Rice\x1brose.", "the control character U+001B at position 5"),
        ("text", "x" * (CLAIM_TEXT_MAX + 1), "5001 characters long; at most 5000"),
        ("external_id", "claim\r1", "Must be one line of text"),
    ],
)
def test_the_importer_refuses_bad_text_naming_the_row_and_field(db, field, value, message):
    claim = {
        "external_id": "claim-1",
        "article": "article-1",
        "text": "Rice rose by a third.",
        "attributions": [{"source": "OAK"}],
        field: value,
    }
    document = {
        "outlets": [{"slug": "daily-nk", "name": "Daily NK"}],
        "sources": [{"codename": "OAK", "descriptor": "a source in Hyesan"}],
        "articles": [
            {
                "external_id": "article-1",
                "outlet": "daily-nk",
                "headline": "Prices",
                "published_on": "2016-08-25",
            }
        ],
        "claims": [claim],
    }
    with pytest.raises(ExchangeError) as refused:
        import_file(json.dumps(document).encode(), name="bad.json")
    [problem] = refused.value.problems
    assert (problem.where, problem.field) == ("claims row 1", field)
    assert message in problem.message
    assert not Claim.objects.exists()


# Any character multi-line text may hold, with the ones that break CSV drawn often.
_ACCEPTED = st.text(
    alphabet=st.one_of(
        st.characters(
            blacklist_categories=("Cs",),
            blacklist_characters=[
                chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))
            ]
            + [chr(c) for c in range(0x7F, 0xA0)],
        ),
        st.sampled_from(["\r", "\n", "\t", "=", "+", "-", "@", "'", '"', ",", "양", "中"]),
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip())


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=_ACCEPTED, reason=_ACCEPTED)
@example(text="8 kg\r=cmd", reason="\t@reason")
def test_any_accepted_text_round_trips_through_the_zip(db, text, reason):
    wipe_newsroom()
    editor = UserFactory(username="prop-editor", roles=[roles.EDITOR])
    source = services.source_create(codename="OAK", descriptor="a source in Hyesan")
    article = services.article_create(
        outlet=OutletFactory(slug="prop-outlet", name="Prop outlet"),
        headline="Prices",
        published_on=datetime.date(2016, 8, 25),
    )
    claim = services.claim_file(
        article=article, text=text, attributions=[services.AttributionSpec(source)]
    )
    services.verdict_decide(
        claim=claim,
        outcome=Outcome.CORROBORATED,
        reason=reason,
        decided_by=editor,
        expected_version=claim.version,
    )
    first = export_bytes("csv")
    wipe_newsroom()
    import_file(first, name="export.zip")
    assert Claim.objects.get().text == text
    assert Verdict.objects.get().reason == reason.strip()  # verdict_decide strips the reason
    assert export_bytes("csv") == first


# What an import refuses rather than lose a value silently --------------------------


def _refused(data: bytes, name: str) -> list[tuple[str, str]]:
    with pytest.raises(ExchangeError) as refused:
        import_file(data, name=name)
    return [(problem.where, problem.field) for problem in refused.value.problems]


def test_a_json_key_given_twice_is_refused_naming_the_row_and_field(db):
    row = (
        '{"external_id": "c-1", "article": "a-1", "text": "first", "text": "second", '
        '"attributions": [{"source": "OAK", "source": "ASH"}]}'
    )
    document = f'{{"claims": [{row}], "claims": []}}'
    problems = _refused(document.encode(), "dup.json")
    assert ("dup.json", "claims") in problems
    problems = _refused(f'{{"claims": [{row}]}}'.encode(), "dup.json")
    assert ("claims row 1", "text") in problems
    assert ("claims row 1, attributions 1", "source") in problems
    assert not Claim.objects.exists()


def test_a_csv_column_given_twice_or_unknown_is_refused_naming_it(db):
    header = "external_id,article,text,source,text"
    problems = _refused(f"{header}\nc-1,a-1,first,OAK,second\n".encode(), "claims.csv")
    assert problems == [("claims.csv line 1", "text")]
    header = "external_id,article,text,source,txet"
    problems = _refused(f"{header}\nc-1,a-1,first,OAK,typo\n".encode(), "claims.csv")
    assert problems == [("claims.csv line 1", "txet")]


def test_a_zip_section_with_an_unknown_column_is_refused_naming_it(db):
    _newsroom()
    members = _members(export_bytes("csv"))
    lines = members["sources.csv"].split("\n")
    lines[0] += ",nickname"
    lines[1:] = [line + ",x" if line else line for line in lines[1:]]
    members["sources.csv"] = "\n".join(lines)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    wipe_newsroom()
    assert _refused(buffer.getvalue(), "edited.zip") == [
        ("edited.zip/sources.csv line 1", "nickname")
    ]
