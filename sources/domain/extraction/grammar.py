"""Find the anonymous-source attributions in article text.

Pure Python, free of Django, so the rules are quick to test and reuse. The
rules are grammatical, not a list of phrases, so that they carry over to
sentences nobody has seen:

1. A *head noun* names a kind of unnamed informant: source, official, insider,
   resident, defector, trader, diplomat, cadre, people familiar with ... .
2. The noun phrase around it is grown leftwards over determiners, numbers,
   adjectives, place names and "X-based" compounds, and rightwards over
   post-modifiers: prepositional phrases ("in Ryanggang Province"), "familiar
   with ...", "based in ...", and relative clauses ("who spoke on condition of
   anonymity").
3. The phrase must be attached to a verb of saying, either after it ("a source
   told", "the source also said", "officials have claimed") or, in an inverted
   attribution after a quote or a comma, before it ("..., said an additional
   source in ..."), or follow "according to".
4. Exclusions: "source of/for ..." and "source code" (things, not people),
   "open-source", informants named in apposition ("Kim, a trader in Hyesan,
   said"), people nouns that need a cue ("people") but have none, and state
   media.

``extract_attributions(text)`` returns dicts with ``descriptor``, ``sentence``,
``start`` and ``end``, where ``text[start:end] == descriptor``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["extract_attributions", "split_sentences"]

# Head nouns ------------------------------------------------------------------------

# Nouns that name an informant whether or not an anonymity cue is present.
_HEADS = {
    "source",
    "sources",
    "official",
    "officials",
    "insider",
    "insiders",
    "resident",
    "residents",
    "defector",
    "defectors",
    "trader",
    "traders",
    "smuggler",
    "smugglers",
    "merchant",
    "merchants",
    "vendor",
    "vendors",
    "broker",
    "brokers",
    "diplomat",
    "diplomats",
    "cadre",
    "cadres",
    "informant",
    "informants",
    "witness",
    "witnesses",
    "aide",
    "aides",
    "contact",
    "contacts",
    "acquaintance",
    "acquaintances",
    "employee",
    "employees",
    "worker",
    "workers",
    "soldier",
    "soldiers",
    "officer",
    "officers",
    "farmer",
    "farmers",
    "local",
    "locals",
    "neighbour",
    "neighbours",
    "neighbor",
    "neighbors",
    "relative",
    "relatives",
    "friend",
    "friends",
}
# Nouns that only name an informant with a cue after them ("people familiar with").
_CUE_HEADS = {"person", "people", "someone", "individual", "individuals", "figure", "figures"}
_SOURCE_HEADS = {"source", "sources"}
_PLURAL_OK_BARE = {h for h in _HEADS if h.endswith("s")} | {"people"}

# Verbs of saying -------------------------------------------------------------------

# Third-person forms that double as plural nouns ("claims", "reports", "states")
# are left out: "people in the United States die" must not read as speech.
_SAY = (
    r"(?:told|tells|tell|said|says|say|saying|added|adds|adding|explained|explains|"
    r"noted|claimed|reported|revealed|reveals|confirmed|confirms|stated|asserted|asserts|"
    r"insisted|insists|warned|warns|indicated|indicates|disclosed|discloses|maintained|"
    r"maintains|suggested|suggests|stressed|emphasi[sz]ed|emphasi[sz]es|recalled|recalls|"
    r"alleged|alleges|argued|argues|observed|observes|commented|remarked|continued|"
    r"continues|relayed|informed|informs|conveyed|admitted|admits|acknowledged|"
    r"acknowledges|estimated|described|describes|lamented|complained|complains|"
    r"recounted|recounts|shared|whispered|wrote|writes|believes|believed|predicted|"
    r"predicts|speculated|"
    r"pointed\s+out|points\s+out|went\s+on\s+to\s+(?:say|explain|add|note)|"
    r"spoke\s+to|speaks\s+to|speaking\s+to|put\s+it|puts\s+it)"
)
_SAY_WORD = re.compile(_SAY)
# Adverbs that may sit between the informant and the verb ("the source also said").
_ADVERB = (
    r"(?:also|later|then|recently|further|separately|again|previously|earlier|reportedly|"
    r"once|\b(?!(?:family|assembly|rally|ally|supply|monopoly|anomaly|italy|july)\b)\w{2,}ly)"
)
_VERB_AFTER = re.compile(
    r"(?:(?<![\w-])|(?=[\s,]))\s*,?\s*(?:" + _ADVERB + r"\s+)*"
    r"(?:(?:has|have|had|would|will|could|was|were|is|are)\s+(?:also\s+)?"
    r"(?:been\s+)?(?:quoted\s+as\s+)?)?" + _SAY + r"\b",
)
# Verbs that may come before the informant in an inverted attribution.
_VERB_BEFORE = re.compile(
    r"(?:said|says|added|adds|explained|explains|noted|notes|claimed|claims|reported|"
    r"reports|revealed|confirmed|stated|asserted|insisted|warned|continued|recalled|"
    r"observed|remarked|argued|explained|told\s+(?:Daily\s+NK|the\s+\w+|reporters|us|me))"
    r"\s+$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\b(?:according\s+to|as\s+told\s+by|per)\s+$", re.IGNORECASE)
_QUOTED = re.compile(r"\b(?:quoted|cited)\s+$", re.IGNORECASE)
_AS_SAYING = re.compile(r"\s+as\s+(?:saying|telling|stating|explaining|noting)\b", re.IGNORECASE)

# Words around the noun phrase -------------------------------------------------------

_DETERMINERS = {
    "a",
    "an",
    "the",
    "another",
    "this",
    "these",
    "those",
    "our",
    "their",
    "his",
    "her",
    "its",
    "my",
    "your",
    "some",
    "several",
    "multiple",
    "many",
    "few",
    "various",
    "numerous",
    "each",
    "every",
    "any",
    "both",
    "all",
}
_NUMBERS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
}
_ADJECTIVES = {
    "additional",
    "separate",
    "second",
    "third",
    "fourth",
    "first",
    "other",
    "single",
    "different",
    "new",
    "same",
    "local",
    "senior",
    "junior",
    "informed",
    "well-informed",
    "unnamed",
    "anonymous",
    "unidentified",
    "well-placed",
    "reliable",
    "trusted",
    "knowledgeable",
    "longtime",
    "long-time",
    "former",
    "current",
    "retired",
    "young",
    "old",
    "elderly",
    "female",
    "male",
    "north",
    "south",
    "northern",
    "southern",
    "eastern",
    "western",
    "inside",
    "internal",
    "independent",
    "credible",
    "key",
    "top",
    "further",
    "ordinary",
    "high",
    "low",
    "mid",
    "ranking",
    "veteran",
    "recent",
    "frequent",
    "regular",
    "well-connected",
    "insider",
    "government",
    "security",
    "party",
    "military",
    "police",
    "border",
    "customs",
    "market",
    "factory",
    "state",
    "army",
    "trade",
    "ministry",
    "intelligence",
    "defense",
    "defence",
    "regime",
    "embassy",
    "company",
    "industry",
    "administration",
    "palace",
    "prison",
    "farm",
    "mine",
    "railway",
    "port",
    "city",
    "county",
    "village",
    "town",
    "district",
    "province",
    "provincial",
    "regional",
    "foreign",
    "domestic",
    "business",
    "cabinet",
    "court",
    "agency",
    "department",
    "bureau",
    "committee",
    "youth",
    "women",
    "drug",
    "fuel",
    "rice",
    "grain",
    "textile",
    "mining",
    "fishing",
    "smuggling",
    "trading",
    "ruling",
    "opposition",
    "high-ranking",
    "low-ranking",
    "mid-ranking",
    "low-level",
    "mid-level",
    "high-level",
}
_ADJECTIVE_SUFFIXES = ("al", "ian", "ese", "ic", "ive", "ous", "ary", "ern", "ish", "-based")
# Words that are never part of the phrase and end it on the left.
_LEFT_STOP = {
    "and",
    "or",
    "but",
    "nor",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "where",
    "when",
    "while",
    "because",
    "although",
    "though",
    "if",
    "so",
    "as",
    "than",
    "to",
    "in",
    "of",
    "from",
    "with",
    "by",
    "at",
    "on",
    "for",
    "about",
    "into",
    "like",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "also",
    "meanwhile",
    "however",
    "yesterday",
    "today",
    "now",
    "then",
    "later",
    "earlier",
    "recently",
    "reportedly",
    "according",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "last",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
}
# Post-modifiers that may follow the head and belong to the phrase.
_POSTMOD_START = re.compile(
    r"(?:in|inside|within|at|from|of|near|on|across|along|around|throughout|outside|"
    r"close\s+to|near\s+to|with\s+(?:(?:direct|close|first-hand|firsthand|intimate|"
    r"detailed)\s+)?(?:knowledge|ties|links|connections|access)\s+(?:of|to|with)|"
    r"familiar\s+with|knowledgeable\s+(?:about|of)|aware\s+of|briefed\s+on|"
    r"involved\s+in|connected\s+(?:to|with)|linked\s+to|affiliated\s+with|"
    r"based\s+(?:in|at|near)|living\s+(?:in|near)|now\s+(?:living|based|residing)\s+in|"
    r"residing\s+in|working\s+(?:in|at|for|on)|stationed\s+(?:in|at)|who|that|with|"
    r"[a-z]+(?:ed|ing)\s+(?:to|in|at|near|from|for|with|on|by|across|along|inside|abroad))\b",
    re.IGNORECASE,
)
_CUE_POSTMOD = re.compile(
    r"(?:close\s+to|with\s+|familiar\s+with|knowledgeable|aware\s+of|briefed\s+on|"
    r"involved\s+in|who|that|in|inside|within)\b",
    re.IGNORECASE,
)
# A finite verb outside a relative clause means the phrase has ended.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|"
    r"did|does|do)\b",
    re.IGNORECASE,
)
_STATE_MEDIA = re.compile(
    r"\b(?:KCNA|Korean\s+Central|Rodong\s+Sinmun|Minju\s+Joson|Uriminzokkiri|"
    r"state\s+media|state-run|Xinhua|Global\s+Times)\b",
    re.IGNORECASE,
)
_PARTITIVE = re.compile(
    r"\b(?:one|two|three|four|five|some|several|many|most|each|any|all|both|none|either|"
    r"neither|another)\s+of\s+$",
    re.IGNORECASE,
)
_NONRESTRICTIVE = re.compile(r"\s*,([^,]{1,120})")
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*)*$")

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z0-9][\w'’.-]*[\w]|[A-Za-z0-9]")
_HEAD = re.compile(r"(?<![\w-])([A-Za-z]+)(?![\w-])")

# Sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = {
    *("mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "no", "vs", "sen"),
    *("sens", "rep", "reps", "gov", "jr", "sr", "inc", "co", "corp", "mt", "ft", "capt"),
}
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences in ``text``.

    A sentence ends at ., ! or ? (with any closing quotes) followed by space,
    unless the full stop belongs to an abbreviation such as "Mr." or "U.S.".
    Line breaks that separate paragraphs end a sentence too.
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
                if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
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


# The noun phrase ---------------------------------------------------------------------


@dataclass
class _Phrase:
    start: int
    head_start: int
    head_end: int
    determined: bool
    modified: bool


def _grow_left(sentence: str, head_start: int, head_end: int) -> _Phrase:
    """Extend the phrase leftwards from its head over determiners and modifiers."""
    start = head_start
    determined = modified = False
    words = list(_WORD.finditer(sentence, 0, head_start))
    for word in reversed(words):
        gap = sentence[word.end() : start]
        if gap.strip():
            break  # punctuation between the words ends the phrase
        token = word.group()
        lower = token.lower().replace("’", "'")
        if lower in _DETERMINERS:
            start = word.start()
            determined = True
            break
        if lower in _LEFT_STOP or (lower not in _ADJECTIVES and _SAY_WORD.fullmatch(lower)):
            break
        if (
            lower in _NUMBERS
            or lower.isdigit()
            or lower in _ADJECTIVES
            or lower.endswith(_ADJECTIVE_SUFFIXES)
            or lower.endswith("'s")
            or ("-" in lower and not lower.startswith("open"))
            or token[0].isupper()
        ):
            if lower in ("open", "open-source"):
                break
            start = word.start()
            modified = True
            if lower.endswith("'s") and token[0].islower():
                determined = True
            continue
        break
    partitive = _PARTITIVE.search(sentence, 0, start)
    if partitive:
        start = partitive.start()  # "one of the sources"
        determined = True
    return _Phrase(start, head_start, head_end, determined, modified)


def _postmodifier(gap: str, *, until_verb: bool) -> str | None:
    """Return the part of ``gap`` that is a post-modifier of the head, or None.

    ``until_verb`` means the gap runs up to the verb of saying, so all of it
    must be post-modifier; otherwise the post-modifier runs to the end of the
    clause.
    """
    stripped = gap.lstrip()
    if not stripped or (not until_verb and stripped[0] in ',.;:!?"“”()—–'):
        return ""
    if gap[:1] not in (" ", "\t"):
        return None
    match = _POSTMOD_START.match(stripped)
    if not match:
        return None
    if not until_verb:
        # Inside a sentence a full stop belongs to an abbreviation ("Sen. Kim").
        end = re.search(r"[,;:!?\"“”()—–]|\.(?=[\"'”’)]*$)|\s-\s|$", stripped)
        stripped = stripped[: end.start()]
        boundary = re.search(r"\b(?:that|and|but|because|while)\b", stripped[match.end() :])
        if boundary and match.group().lower() not in ("who", "that"):
            stripped = stripped[: match.end() + boundary.start()]
    if any(mark in stripped for mark in ',;:"“”()'):
        return None
    relative = re.search(r"\b(?:who|that)\b", stripped, re.IGNORECASE)
    before_relative = stripped[: relative.start()] if relative else stripped
    if _FINITE.search(before_relative):
        return None
    if len(stripped.split()) > 16:
        return None
    stripped = re.sub(
        r"(?:\s+(?:" + _ADVERB + r"|has|have|had|was|were|is|are|would|will|could))+\s*$",
        "",
        stripped.rstrip(),
        flags=re.IGNORECASE,
    )
    return gap[: len(gap) - len(gap.lstrip())] + stripped.rstrip()


def _is_named_apposition(sentence: str, start: int) -> bool:
    """Return whether the phrase follows a name, as in "Kim Chol, a trader, said"."""
    before = sentence[:start].rstrip()
    if not before.endswith(","):
        return False
    words = re.findall(r"[\w'’.-]+", before[:-1])
    if not words:
        return False
    tail = []
    for word in reversed(words):
        if word[0].isupper():
            tail.append(word)
        else:
            break
    if not tail:
        return False
    # A name sits at the very start of the clause, or after a preposition-free run.
    preceding = before[: len(before) - 1].rstrip()
    cut = preceding[: len(preceding) - len(" ".join(reversed(tail)))].rstrip()
    return cut == "" or cut.endswith((",", ";", ":", '"', "“", "”"))


def _sentence_attributions(sentence: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for head in _HEAD.finditer(sentence):
        noun = head.group(1).lower()
        if noun not in _HEADS and noun not in _CUE_HEADS:
            continue
        # A capitalised head mid-sentence is part of a name ("Source Ledger").
        if (
            head.group(1)[0].isupper()
            and head.start() > 0
            and noun not in _PLURAL_OK_BARE
            and not sentence[: head.start()].rstrip().endswith(('"', "“", ":"))
        ):
            continue
        phrase = _grow_left(sentence, head.start(), head.end())
        after = sentence[head.end() :]
        if noun in _SOURCE_HEADS and re.match(
            r"\s+(?:of|for|code|material|materials|text|file|files|data|language|tree)\b",
            after,
            re.IGNORECASE,
        ):
            continue
        if not phrase.determined and not phrase.modified and noun not in _PLURAL_OK_BARE:
            continue
        span = _attach(sentence, phrase, noun)
        if span is None:
            continue
        start, end = span
        descriptor = sentence[start:end]
        if _STATE_MEDIA.search(descriptor):
            continue
        if _is_named_apposition(sentence, start) and re.match(r"\s*,", sentence[end:]):
            continue
        found.append(span)
    # Drop phrases nested in a longer one ("the officials" in "a source close to the
    # officials") and appositives ("The insider, a party official, said").
    found = sorted(set(found))
    return [
        span
        for span in found
        if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in found)
        and not any(
            o[1] < span[0]
            and sentence[o[1] : span[0]].strip() == ","
            and sentence[span[1] :].lstrip().startswith(",")
            for o in found
        )
    ]


def _attach(sentence: str, phrase: _Phrase, noun: str) -> tuple[int, int] | None:
    """Return the span of the phrase when a verb of saying governs it, else None."""
    needs_cue = noun in _CUE_HEADS
    after = sentence[phrase.head_end :]

    # 1. The phrase is the subject: "a source in Hyesan (who ...) told".
    for verb in _VERB_AFTER.finditer(after):
        gap = after[: verb.start()]
        lead = verb.group()[: len(verb.group()) - len(verb.group().lstrip(" ,"))]
        comma = gap.find(",")
        nonrestrictive = None
        if comma >= 0 and "," in lead:
            nonrestrictive = _NONRESTRICTIVE.fullmatch(gap[comma:])
        if nonrestrictive:
            # "a source in Hyesan, who asked not to be named, said": the aside is not
            # part of the descriptor, but the restrictive part before it is.
            inner = nonrestrictive.group(1).strip()
            if _NAME.match(inner):
                return None  # "a source, Kim Chol, said": named
            modifier = _postmodifier(gap[:comma], until_verb=True)
            if modifier is None:
                break
            if needs_cue and not (modifier.strip() or _CUE_POSTMOD.match(inner)):
                return None
            return phrase.start, phrase.head_end + len(modifier)
        modifier = _postmodifier(gap, until_verb=True)
        if modifier is None or (needs_cue and not modifier.strip()):
            break
        if re.search(r"\b(?:who|that|which)$", modifier):
            break  # "people who said ...": the verb belongs to the relative clause
        return phrase.start, phrase.head_end + len(modifier)

    # 2. Inverted: '"...", said a source in Hyesan.' / "according to a source ...".
    before = sentence[: phrase.start]
    inverted = _VERB_BEFORE.search(before)
    according = _ACCORDING.search(before)
    quoted = _QUOTED.search(before)
    if inverted:
        lead = before[: inverted.start()].rstrip()
        if lead and lead[-1] not in ",\"”’':;—–-?!":
            inverted = None
    if not (inverted or according or quoted):
        return None
    if quoted:
        saying = _AS_SAYING.search(after)
        if not saying:
            return None
        modifier = _postmodifier(after[: saying.start()], until_verb=True)
    else:
        modifier = _postmodifier(after, until_verb=False)
    if modifier is None:
        return None
    rest = after[len(modifier) :].lstrip()
    ends_clause = not rest or rest[0] in ",;:!?\"“”'’()—–-" or re.fullmatch(r"\.[\"'”’)]*", rest)
    if inverted and not according and not ends_clause:
        return None  # "Says residents of Texas can be fired": a clause, not an attribution
    if needs_cue and not modifier.strip():
        return None
    return phrase.start, phrase.head_end + len(modifier)


def extract_attributions(text: str) -> list[dict]:
    """Return the anonymous-source attributions in ``text``, in reading order.

    Each item has ``descriptor`` (the noun phrase as written), ``sentence``,
    and ``start``/``end`` offsets into ``text``.
    """
    results = []
    for sentence_start, sentence_end in split_sentences(text):
        sentence = text[sentence_start:sentence_end]
        for start, end in _sentence_attributions(sentence):
            results.append(
                {
                    "descriptor": sentence[start:end],
                    "sentence": sentence,
                    "start": sentence_start + start,
                    "end": sentence_start + end,
                }
            )
    return results
