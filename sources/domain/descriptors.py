"""One spelling for a descriptor, so that two ways of typing it compare equal.

Reporters retype descriptors: "An additional source…" opens a sentence where
"an additional source…" was filed, a pasted one carries a curly apostrophe or a
non-breaking space. Extraction, the story form and the reports must all agree on
when two descriptors are the same, so the rule is declared here once.
"""

from __future__ import annotations

import unicodedata

__all__ = ["descriptor_key"]

# Typographic marks folded to their plain forms. Dashes are left alone: "a source – in
# Hyesan" and "a source-in-Hyesan" are not the same writing.
_PLAIN = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′ʼ`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑", "-"),
    }
)


def descriptor_key(text: str) -> str:
    """Return the key under which spellings of one descriptor are grouped.

    Fold case (Unicode case folding, so "ß" matches "ss"), compatibility forms
    (full-width letters, ligatures, non-breaking spaces), typographic quotes,
    apostrophes and hyphens, and runs of whitespace; drop invisible format
    characters such as zero-width spaces and soft hyphens, and the whitespace at
    either end. Nothing else changes: words, order and punctuation still tell
    descriptors apart. Control characters are kept (other layers reject them),
    so the function never fails on any string.
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    folded = unicodedata.normalize("NFKC", folded.translate(_PLAIN).casefold())
    return " ".join(folded.split())
