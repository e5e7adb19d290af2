"""Exchange documents of any size, written here for the job tests (no copied data).

Each claim is a separate article's only claim, so a document's row counts are
known without asking the code under test: ``claims`` claims, as many
articles, ``sources`` sources, one outlet, one region, one topic.
"""

from __future__ import annotations

import json


def newsroom_document(*, claims: int, sources: int = 3, prefix: str = "job") -> dict:
    """Return a valid exchange document holding exactly the rows the arguments say."""
    codenames = [f"{prefix.upper()}-S{n}" for n in range(sources)]
    return {
        "format": "source-ledger",
        "version": 1,
        "users": [],
        "outlets": [{"slug": f"{prefix}-wire", "name": f"{prefix.title()} Wire", "homepage": ""}],
        "regions": [{"slug": f"{prefix}-region", "name": f"{prefix.title()} Province"}],
        "topics": [{"slug": f"{prefix}-prices", "name": f"{prefix.title()} prices"}],
        "desks": [],
        "sources": [
            {
                "codename": codename,
                "descriptor": f"a trader in {prefix.title()} Province",
                "is_confidential": True,
                "region": f"{prefix}-region",
                "affiliation": "other",
                "handler": None,
                "desk": None,
                "status": "active",
                "first_contact_on": None,
                "burned_at": None,
            }
            for codename in codenames
        ],
        "articles": [
            {
                "external_id": f"{prefix}-a{n}",
                "outlet": f"{prefix}-wire",
                "headline": f"Market report number {n}",
                "byline": "",
                "reporter": None,
                "published_on": "2016-09-01",
                "url": "",
                "language": "en",
                "body": "",
                "cites": [],
            }
            for n in range(claims)
        ],
        "claims": [
            {
                "external_id": f"{prefix}-c{n}",
                "article": f"{prefix}-a{n}",
                "text": f"Rice sold for {1000 + n} won a kilogram in the market.",
                "event_start": None,
                "event_end": None,
                "region": f"{prefix}-region",
                "topics": [f"{prefix}-prices"],
                "credibility": 3,
                "assessed_by": None,
                "filed_by": None,
                "attributions": [
                    {
                        "source": codenames[n % sources],
                        "descriptor": f"a trader in {prefix.title()} Province",
                    }
                ],
                "quantities": [],
            }
            for n in range(claims)
        ],
        "evidence": [],
        "links": [],
        "verdicts": [],
        "letter_overrides": [],
    }


def document_bytes(**kwargs) -> bytes:
    return json.dumps(newsroom_document(**kwargs)).encode()
