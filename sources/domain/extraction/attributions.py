"""Attributions in a whole text: each phrase, its place, and what it refers back to."""

from __future__ import annotations

from dataclasses import dataclass

from sources.domain.descriptors import descriptor_key
from sources.domain.extraction.grammar import sentence_mentions
from sources.domain.extraction.references import resolve_references
from sources.domain.extraction.sentences import split_sentences

__all__ = ["Attribution", "extract_attributions", "find_attributions"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution to an unnamed informant.

    ``descriptor`` is the noun phrase as written and ``text[start:end]`` is that
    phrase; ``key`` is its :func:`descriptor_key`, for matching it to filed
    sources whatever its case or typography. ``is_back_reference`` says the
    phrase points back ("the source", "the same source"); ``refers_to`` is then
    the index, in the same list, of the attribution that introduced the source,
    or None when the text does not name it.
    """

    descriptor: str
    sentence: str
    start: int
    end: int
    key: str
    is_back_reference: bool
    refers_to: int | None

    def as_dict(self) -> dict:
        """Return the four fields the command prints and the story form reads."""
        return {
            "descriptor": self.descriptor,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
        }


def find_attributions(*, text: str) -> list[Attribution]:
    """Return the attributions in ``text`` in reading order, back-references resolved."""
    found = []
    for sentence_start, sentence_end in split_sentences(text):
        sentence = text[sentence_start:sentence_end]
        for mention in sentence_mentions(sentence):
            found.append((sentence, sentence_start, mention))
    references = resolve_references(
        phrases=[
            (
                sentence[m.start : m.end],
                m.head_start - m.start,
                m.head_end - m.start,
            )
            for sentence, _, m in found
        ]
    )
    return [
        Attribution(
            descriptor=sentence[m.start : m.end],
            sentence=sentence,
            start=offset + m.start,
            end=offset + m.end,
            key=descriptor_key(sentence[m.start : m.end]),
            is_back_reference=reference.is_back_reference,
            refers_to=reference.refers_to,
        )
        for (sentence, offset, m), reference in zip(found, references, strict=True)
    ]


def extract_attributions(text: str) -> list[dict]:
    """Return the attributions in ``text`` as dicts of descriptor, sentence, start, end.

    The shape the management command prints and the story form reads; use
    :func:`find_attributions` for back-references and keys.
    """
    return [attribution.as_dict() for attribution in find_attributions(text=text)]
