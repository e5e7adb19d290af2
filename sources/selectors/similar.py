"""Claims on file that say nearly the same as a new one, for the story form's warning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sources import search
from sources.domain.overlap import SIMILAR_THRESHOLD, word_overlap
from sources.models import Claim
from sources.selectors.scope import claims_for

if TYPE_CHECKING:
    from sources.permissions import Viewer

# Candidates ranked by shared words (search.similar_claims) before the overlap is measured.
CANDIDATES = 10


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    overlap: float


def claims_like(
    *, viewer: Viewer, texts: Sequence[str], limit: int = 3
) -> dict[int, list[SimilarClaim]]:
    """Return, for each text by its index, the viewer's claims on file that say nearly the same.

    A claim is similar when the word overlap (``domain.overlap.word_overlap``)
    reaches ``SIMILAR_THRESHOLD``; candidates are the claims sharing most words
    (one query per text), best first, at most ``limit`` each. Texts with none
    are left out.
    """
    found: dict[int, list[SimilarClaim]] = {}
    claims = claims_for(viewer=viewer).select_related("article__outlet")
    for index, text in enumerate(texts):
        if not text.strip():
            continue
        close = [
            SimilarClaim(claim=claim, overlap=overlap)
            for claim in search.similar_claims(claims, text, limit=CANDIDATES)
            if (overlap := word_overlap(text, claim.text)) >= SIMILAR_THRESHOLD
        ]
        close.sort(key=lambda item: (-item.overlap, -item.claim.pk))
        if close:
            found[index] = close[:limit]
    return found
