"""Which earlier attribution a back-reference such as "the source" stands for.

News copy names an informant once ("a source in Ryanggang Province told Daily
NK") and then refers back ("the source added", "the same source said"). A
back-reference names no new source, so the story form must attach its claim to
the source named first instead of offering "the source" as a descriptor.

The rules, in the order they are tried:

- Indefinite phrases ("a source", "another source", "an additional source", "a
  second trader", "two officials", bare plurals) introduce a source.
- A partitive ("one of the sources") points to the latest earlier group whose
  head agrees; with none in the text it is still a back-reference, unresolved.
- A definite phrase ("the", "this", "that", "these", "those", "both", "our", a
  possessive, or "same"/"aforementioned") points to the latest earlier
  attribution that agrees with it in number and head and contains each of its
  descriptive words ("the Ryanggang source" → "a source in Ryanggang Province";
  "the additional source" → "an additional source in ..."). The generic head
  "source" (also informant, contact, person) agrees with any informant, since
  "a trader ... the source added" is common, but an earlier phrase with the same
  head is preferred; other heads must match ("the trader").
- An ordinal counts distinct earlier sources in the order they were introduced
  ("the first resident", "the second source"); "the other" takes the latest
  source other than the one mentioned last.
- A definite phrase with nothing that agrees is a back-reference left
  unresolved when it carries no description of its own ("the source" opening an
  excerpt), and a newly introduced source when it does ("the source in South
  Pyongan Province").

Pronouns are never attributions, so "he said" is not resolved here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sources.domain.descriptors import descriptor_key
from sources.domain.extraction import lexicon as lx

__all__ = ["Reference", "resolve_references"]

_PARTITIVE = re.compile(
    r"^(?:one|two|three|four|five|some|several|many|most|each|any|all|both|none|either|"
    r"neither|another)\s+of\s+(?:the|these|those|our|both|its|their)\b"
)


@dataclass(frozen=True, slots=True)
class Reference:
    """Whether a phrase refers back, and to which earlier attribution (by index)."""

    is_back_reference: bool
    refers_to: int | None


@dataclass(frozen=True, slots=True)
class _Reading:
    lemma: str
    plural: bool
    partitive: bool
    definite: bool
    anaphoric: bool
    ordinal: int | None
    contrastive: bool
    descriptive: frozenset[str]
    words: frozenset[str]


def resolve_references(*, phrases: Sequence[tuple[str, int, int]]) -> list[Reference]:
    """Return, for each phrase in reading order, what it refers back to.

    Each phrase is ``(descriptor, head_start, head_end)``, the offsets locating
    its head noun inside the descriptor. ``refers_to`` always names the
    attribution that introduced the source, never another back-reference.
    """
    readings = [_read(*phrase) for phrase in phrases]
    roots: list[int] = []
    references: list[Reference] = []
    for index, reading in enumerate(readings):
        reference = _resolve(reading, readings[:index], roots)
        references.append(reference)
        roots.append(index if reference.refers_to is None else reference.refers_to)
    return references


def _read(descriptor: str, head_start: int, head_end: int) -> _Reading:
    head = descriptor[head_start:head_end].lower()
    before = _words(descriptor[:head_start])
    after = _words(descriptor[head_end:])
    key = descriptor_key(descriptor)
    number = next((w for w in before if w in lx.NUMBERS), None)
    ordinal = next((lx.ORDINALS[w] for w in before if w in lx.ORDINALS), None)
    possessive = any(w.endswith(("'s", "'")) for w in before)
    anaphoric = any(w in lx.ANAPHORIC_WORDS for w in before)
    definite = bool(before) and before[0] in lx.DEFINITE_DETERMINERS or possessive or anaphoric
    marks = lx.ANAPHORIC_WORDS | lx.CONTRASTIVE_WORDS | set(lx.ORDINALS) | lx.DETERMINERS
    descriptive = frozenset(
        w for w in (*before, *after) if w not in lx.FUNCTION_WORDS and w not in marks
    )
    return _Reading(
        lemma=lx.LEMMA.get(head, head),
        plural=head in lx.PLURAL_HEADS or number not in (None, "one") or "both" in before,
        partitive=bool(_PARTITIVE.match(key)),
        definite=definite,
        anaphoric=anaphoric,
        ordinal=ordinal,
        contrastive=any(w in lx.CONTRASTIVE_WORDS for w in before),
        descriptive=descriptive - (lx.NUMBERS - {"one"}),
        words=frozenset((*before, *after)),
    )


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", descriptor_key(text)) if w]


def _agrees(reading: _Reading, earlier: _Reading) -> bool:
    head = reading.lemma in lx.GENERIC_HEADS or reading.lemma == earlier.lemma
    return head and reading.plural == earlier.plural and reading.descriptive <= earlier.words


def _resolve(reading: _Reading, earlier: Sequence[_Reading], roots: Sequence[int]) -> Reference:
    if reading.partitive:
        group = [
            roots[j]
            for j in range(len(earlier) - 1, -1, -1)
            if earlier[j].plural
            and (reading.lemma in lx.GENERIC_HEADS or reading.lemma == earlier[j].lemma)
        ]
        return Reference(True, group[0] if group else None)
    if not reading.definite:
        return Reference(False, None)
    latest_first = [j for j in range(len(earlier) - 1, -1, -1) if _agrees(reading, earlier[j])]
    target = None
    if reading.ordinal is not None:
        introduced = sorted({roots[j] for j in latest_first})
        if len(introduced) >= reading.ordinal:
            target = introduced[reading.ordinal - 1]
    elif reading.contrastive:
        last = roots[latest_first[0]] if latest_first else None
        others = [roots[j] for j in latest_first if roots[j] != last]
        target = others[0] if others else None
    elif latest_first:
        # "the source" after "a source ... a trader" means the source: same head first.
        target = roots[min(latest_first, key=lambda j: earlier[j].lemma != reading.lemma)]
    if target is not None:
        return Reference(True, target)
    bare = not reading.descriptive or reading.anaphoric
    return Reference(bare, None)
