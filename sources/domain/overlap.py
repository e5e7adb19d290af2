"""How much two claims say the same thing, in words: for "similar claims already on file".

Before a story is filed, its claims are compared with those on file, so the
same claim is not filed twice (a story entered again, or by a colleague).
The measure is the Jaccard similarity of the two texts' sets of words, with
case, quotes, punctuation and thousands separators evened out the way the
copy finder evens them (``copies.normalise``): a retyped claim scores 1.0,
and one differing in a figure ("8 kg" for "9 kg") still scores high, which
is what a reporter should look at before filing.
"""

from __future__ import annotations

from sources.domain.copies import normalise

__all__ = ["SIMILAR_THRESHOLD", "word_overlap"]

# At or above this, a claim on file is shown as similar. Two sentences on the
# same subject that say different things share at most about half their words.
SIMILAR_THRESHOLD = 0.6


def word_overlap(first: str, second: str) -> float:
    """Return |A ∩ B| / |A ∪ B| for the word sets of the two texts (0.0 when both are empty)."""
    a, b = set(normalise(first)), set(normalise(second))
    union = a | b
    return len(a & b) / len(union) if union else 0.0
