"""Split article text into sentences, keeping offsets into the original text."""

from __future__ import annotations

import re

from sources.domain.extraction.lexicon import ABBREVIATIONS

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text``.

    A sentence ends at ., ! or ? (with any closing quotes) followed by space,
    unless the full stop belongs to an abbreviation such as "Mr." or "U.S.".
    Line breaks that separate paragraphs end a sentence too. Offsets, not
    strings, so that every attribution can point back into the text.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        chunk_end = paragraph.end()
        for match in _SENTENCE_END.finditer(text, paragraph.start(), chunk_end):
            word = re.search(r"([A-Za-z.]+)\.$", text[start : match.start() + 1])
            if word and match.group().startswith("."):
                token = word.group(1).lower()
                if token in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
                    continue
            following = text[match.end() : chunk_end].lstrip()
            if following and following[0].islower():
                continue
            spans.append(_trim(text, start, match.end()))
            start = match.end()
        if text[start:chunk_end].strip():
            spans.append(_trim(text, start, chunk_end))
    return [span for span in spans if span[1] > span[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
