"""Every vocabulary of the domain, declared once.

Models, charts, formats, filters, serializers and templates import these
names; none of them spells a value or a label of its own.

- *Outcomes* say what became of a claim; *relations* say how evidence bears on it.
- *Letters* (A–F) rate a group's reliability from its record.
- *Credibility* (1–6) is the editor's intake judgement of one claim when it is filed.
- *Basis* says how evidence's originator knew; *copy rulings* are a fact-checker's
  word on a text the copy check flagged; *network kinds* say what a network's
  sources share upstream.
"""

from __future__ import annotations

from collections.abc import Mapping


class Outcome:
    PENDING = "pending"
    CORROBORATED = "corroborated"
    PARTLY_CORROBORATED = "partly_corroborated"
    CONTRADICTED = "contradicted"
    DISPUTED = "disputed"
    UNVERIFIABLE = "unverifiable"
    RETRACTED = "retracted"

    DERIVED = (PENDING, CORROBORATED, PARTLY_CORROBORATED, CONTRADICTED, DISPUTED)
    ALL = DERIVED + (UNVERIFIABLE, RETRACTED)
    RESOLVED = (CORROBORATED, PARTLY_CORROBORATED, CONTRADICTED)
    LABELS = {
        PENDING: "Pending",
        CORROBORATED: "Corroborated",
        PARTLY_CORROBORATED: "Partly corroborated",
        CONTRADICTED: "Contradicted",
        DISPUTED: "Disputed",
        UNVERIFIABLE: "Unverifiable",
        RETRACTED: "Retracted",
    }
    # Chart colours (ColorBrewer PRGn and greys), in the order charts stack them.
    COLOURS = {
        CORROBORATED: "#1b7837",
        PARTLY_CORROBORATED: "#7fbf7b",
        CONTRADICTED: "#c51b7d",
        DISPUTED: "#e9a3c9",
        PENDING: "#bdbdbd",
        UNVERIFIABLE: "#8c96c6",
        RETRACTED: "#525252",
    }
    # What a resolved outcome scores toward a confirmation rate: a partial counts as half.
    SCORES = {CORROBORATED: 1.0, PARTLY_CORROBORATED: 0.5, CONTRADICTED: 0.0}

    @classmethod
    def choices(cls, values: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
        """Return (value, label) pairs for a model or form field."""
        return [(value, cls.LABELS[value]) for value in (values or cls.ALL)]


class Relation:
    CORROBORATES = "corroborates"
    PARTLY_CORROBORATES = "partly_corroborates"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"

    ALL = (CORROBORATES, PARTLY_CORROBORATES, CONTRADICTS, CONTEXT)
    SUPPORTING = (CORROBORATES, PARTLY_CORROBORATES)
    # Relations that settle a claim one way or the other.
    SETTLING = (CORROBORATES, PARTLY_CORROBORATES, CONTRADICTS)
    LABELS = {
        CORROBORATES: "Corroborates",
        PARTLY_CORROBORATES: "Partly corroborates",
        CONTRADICTS: "Contradicts",
        CONTEXT: "Context only",
    }

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(value, cls.LABELS[value]) for value in cls.ALL]


class Letter:
    """The Admiralty reliability letters a group's record earns."""

    ALL = ("A", "B", "C", "D", "E", "F")
    # A letter is earned when the interval's lower bound reaches its threshold;
    # E is below D's threshold, F means too few resolved claims to judge.
    THRESHOLDS: Mapping[str, float] = {"A": 0.80, "B": 0.60, "C": 0.40, "D": 0.20}
    LABELS = {
        "A": "Completely reliable",
        "B": "Usually reliable",
        "C": "Fairly reliable",
        "D": "Not usually reliable",
        "E": "Unreliable",
        "F": "Reliability cannot be judged",
    }

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(letter, letter) for letter in cls.ALL]

    @classmethod
    def labelled_choices(cls) -> list[tuple[str, str]]:
        return [(letter, f"{letter} – {cls.LABELS[letter]}") for letter in cls.ALL]


class Credibility:
    """The Admiralty credibility scale an editor places a claim on when it is filed."""

    ALL = (1, 2, 3, 4, 5, 6)
    CANNOT_JUDGE = 6
    LABELS = {
        1: "Confirmed by other sources",
        2: "Probably true",
        3: "Possibly true",
        4: "Doubtful",
        5: "Improbable",
        6: "Truth cannot be judged",
    }
    # The probability of confirmation each level implies; 6 forecasts nothing.
    FORECAST: Mapping[int, float | None] = {1: 0.95, 2: 0.75, 3: 0.50, 4: 0.25, 5: 0.05, 6: None}

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        return [(level, f"{level} – {cls.LABELS[level]}") for level in cls.ALL]


class Basis:
    """How the originator of a piece of evidence knew what it says."""

    WITNESSED = "witnessed"
    DOCUMENTARY = "documentary"
    TOLD = "told"
    INFERRED = "inferred"
    RELAYED = "relayed"
    UNKNOWN = "unknown"

    ALL = (WITNESSED, DOCUMENTARY, TOLD, INFERRED, RELAYED, UNKNOWN)
    LABELS = {
        WITNESSED: "Witnessed it",
        DOCUMENTARY: "From a document or record",
        TOLD: "Heard it from someone",
        INFERRED: "Inferred it",
        RELAYED: "Relaying another outlet or organisation",
        UNKNOWN: "Unknown",
    }

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(value, cls.LABELS[value]) for value in cls.ALL]


class CopyRuling:
    """A fact-checker's ruling on an item the text check flagged; None means none yet."""

    COPY = "copy"
    NOT_COPY = "not_copy"

    ALL = (COPY, NOT_COPY)
    LABELS = {COPY: "A copy", NOT_COPY: "Not a copy"}

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(value, cls.LABELS[value]) for value in cls.ALL]


class NetworkKind:
    """What a source network's members share upstream."""

    NETWORK = "network"
    FIXER = "fixer"
    ORGANISATION = "organisation"
    WIRE = "wire"

    ALL = (NETWORK, FIXER, ORGANISATION, WIRE)
    LABELS = {
        NETWORK: "A network (traders, couriers, relatives)",
        FIXER: "One fixer or go-between",
        ORGANISATION: "An organisation that briefs several outlets",
        WIRE: "A wire service",
    }

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(value, cls.LABELS[value]) for value in cls.ALL]
