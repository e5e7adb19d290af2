"""The grammar of an attribution: a phrase naming an informant, and the verb that reports.

The rules are grammatical, not a list of phrases, so that they carry over to
sentences nobody has seen:

1. A *head noun* names a kind of unnamed informant: source, official, resident,
   trader, activist, woman, ... (``lexicon.HEAD_FORMS``), or person/people when a
   cue such as "familiar with" follows.
2. The noun phrase is grown leftwards over determiners, numbers, adjectives,
   place names, "X-based" compounds and noun modifiers ("an aid worker"), and
   rightwards over post-modifiers: prepositional phrases, "familiar with ...",
   participles ("dispatched to Russia") and restrictive relative clauses.
3. The phrase must be attached to a verb of saying after it ("a source told"),
   before it in an inverted attribution ('..., said a source'), or follow
   "according to", "was told by" or "quoted ... as saying".
4. The verb must *report* to the publication. Passives ("residents were told"),
   orders ("told residents to leave"), speech to people inside the story
   ("complained to the inspectors", "told a meeting"), non-reports ("said
   goodbye") and everyday senses ("continued to sell", "maintained the road")
   do not attach.
5. A speaker inside what another informant reports ("Traders said the fees were
   high, the source told Daily NK") belongs to that report and is dropped.
6. Exclusions: "source of ..." and other things called sources, open-source,
   informants named in apposition, and state media.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.domain.extraction import lexicon as lx

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
    r"predicts|speculated|concede|concedes|conceded|"
    r"pointed\s+out|points\s+out|went\s+on\s+to\s+(?:say|explain|add|note)|"
    r"spoke\s+to|speaks\s+to|speaking\s+to|put\s+it|puts\s+it)"
)
_SAY_WORD = re.compile(_SAY)
# Adverbs and floating quantifiers that may sit between the informant and the verb
# ("the source also said", "a source and a trader both said").
_ADVERB = (
    r"(?:also|later|then|recently|further|separately|again|previously|earlier|reportedly|"
    r"once|both|all|each|"
    r"\b(?!(?:family|assembly|rally|ally|supply|monopoly|anomaly|italy|july)\b)\w{2,}ly)"
)
_VERB_AFTER = re.compile(
    r"(?:(?<![\w-])|(?=[\s,]))\s*,?\s*(?:" + _ADVERB + r"\s+)*"
    r"(?:(?P<aux>has|have|had|would|will|could|was|were|is|are)\s+(?:also\s+)?"
    r"(?:(?P<been>been)\s+)?(?:(?P<quoted>quoted\s+as)\s+)?)?(?P<verb>" + _SAY + r")\b",
)
# Verbs that may come before the informant in an inverted attribution.
_VERB_BEFORE = re.compile(
    r"(?:said|says|added|adds|explained|explains|noted|notes|claimed|claims|reported|"
    r"reports|revealed|confirmed|stated|asserted|insisted|warned|continued|recalled|"
    r"observed|remarked|argued|explained|told\s+(?:Daily\s+NK|the\s+\w+|reporters|us|me))"
    r"\s+$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"\b(?:according\s+to|as\s+told\s+by|per|(?:was|were|been|being)\s+told\s+by)\s+$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\b(?:quoted|cited)\s+$", re.IGNORECASE)
_AS_SAYING = re.compile(r"\s+as\s+(?:saying|telling|stating|explaining|noting)\b", re.IGNORECASE)
# "An official declined to give details, saying ...": a refusal, then the report.
_REFUSAL = re.compile(
    r"^(?P<modifier>.*?)\s+(?:declined|refused|would\s+not|did\s+not|could\s+not)\b"
    r"[^,;:\"“”]{0,80}$",
    re.IGNORECASE,
)
_REPORTING_PARTICIPLE = re.compile(r"\s*,\s+(?:saying|adding|explaining|noting)$")

# Post-modifiers that may follow the head and belong to the phrase.
_POSTMOD_START = re.compile(
    r"(?:in|inside|within|at|from|of|for|near|on|across|along|around|throughout|outside|"
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
# A finite verb outside a relative clause means the phrase has ended. Verbs that take
# an infinitive ("declined to give details") count: they are never post-modifiers.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|"
    r"did|does|do|declined|refused|agreed|tried|wanted|decided|failed|began|started|"
    r"offered|promised|threatened)\b",
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
# Words that open a clause, so what follows a comma is no aside.
_CLAUSE_OPENER = re.compile(
    r"(?:but|and|or|so|yet|while|because|although|though|he|she|they|it|we|i|you|there)\b",
    re.IGNORECASE,
)
# "A source in Kaesong and a source in Haeju said": a second informant phrase.
_COORDINATION = re.compile(
    r"\s+and\s+(?=(?:a|an|the|another|one|two|three|several|some)\s)", re.IGNORECASE
)
# Where one clause of a sentence ends and a coordinate one begins.
_CLAUSE_BREAK = re.compile(
    r",\s+(?:while|whereas|but|and)\s+(?!that\b)|;\s+|\s+but\s+", re.IGNORECASE
)

_WORD = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z0-9][\w'’.-]*[\w]|[A-Za-z0-9]")
_HEAD = re.compile(r"(?<![\w-])([A-Za-z]+)(?![\w-])")
_AUX = (
    r"(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did|"
    r"do|does)"
)
_OBJECT_END = re.compile(r"\bthat\b|[,;:\"“”.!?]|\b" + _AUX + r"\b", re.IGNORECASE)
_ADDRESSEE = re.compile(
    r"\s+((?:(?!(?:that|to|not|about|on|in|at|last|this|after|before|during|when|if|how|"
    r"what|why|whether|by|over|via)\b)[\w'’.-]+\s*){1,6})"
)
_NOT_IN_SUBJECT = frozenset(
    {
        *("to", "in", "at", "on", "from", "with", "for", "by", "into", "about", "within"),
        *("after", "before", "during", "and", "or", "but", "he", "she", "they", "we", "it"),
        *("them", "him", "her", "down", "up", "out", "as", "than", "of"),
    }
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An attribution in one sentence; offsets are into that sentence.

    ``content`` is the stretch of the sentence the informant is reported to have
    said, so that speakers inside it can be told apart from the informant.
    """

    start: int
    end: int
    head_start: int
    head_end: int
    content: tuple[int, int]


@dataclass
class _Phrase:
    start: int
    head_start: int
    head_end: int
    determined: bool
    modified: bool


def sentence_mentions(sentence: str) -> list[Mention]:
    """Return the attributions in ``sentence``, in reading order."""
    found: list[Mention] = []
    for head in _HEAD.finditer(sentence):
        noun = head.group(1).lower()
        if noun not in lx.HEADS and noun not in lx.CUE_HEADS:
            continue
        # A capitalised head mid-sentence is part of a name ("Source Ledger").
        if (
            head.group(1)[0].isupper()
            and head.start() > 0
            and noun not in lx.PLURAL_OK_BARE
            and not sentence[: head.start()].rstrip().endswith(('"', "“", ":"))
        ):
            continue
        phrase = _grow_left(sentence, head.start(), head.end())
        after = sentence[head.end() :]
        if noun in lx.SOURCE_HEADS and re.match(
            r"\s+(?:of|for|code|material|materials|text|file|files|data|language|tree)\b",
            after,
            re.IGNORECASE,
        ):
            continue
        if not phrase.determined and not phrase.modified and noun not in lx.PLURAL_OK_BARE:
            continue
        if re.search(r"\bof\s+$", sentence[: phrase.start], re.IGNORECASE):
            continue  # "the daughter of a senior official said": the daughter speaks
        if sentence[phrase.start : phrase.head_start].lower().startswith(("every ", "any ")):
            continue  # "every new member of the Senate said": a generalisation, no informant
        mention = _attach(sentence, phrase, noun)
        if mention is None:
            continue
        descriptor = sentence[mention.start : mention.end]
        if _STATE_MEDIA.search(descriptor):
            continue
        if _is_named_apposition(sentence, mention.start) and re.match(
            r"\s*,", sentence[mention.end :]
        ):
            continue
        found.append(mention)
    return _outermost(_without_nested_phrases(sentence, found))


def _without_nested_phrases(sentence: str, found: list[Mention]) -> list[Mention]:
    """Drop phrases inside a longer one and appositives to another phrase.

    "the officials" in "a source close to the officials" is part of the longer
    phrase; "a party official" in "The insider, a party official, said" restates it.
    """
    spans = {(m.start, m.end): m for m in found}
    kept = []
    for span in sorted(spans):
        if any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans):
            continue
        if any(
            o[1] < span[0]
            and sentence[o[1] : span[0]].strip() == ","
            and sentence[span[1] :].lstrip().startswith(",")
            for o in spans
        ):
            continue
        kept.append(spans[span])
    return kept


def _outermost(found: list[Mention]) -> list[Mention]:
    """Drop speakers inside what another informant in the sentence reports.

    When each lies inside the other's report ("Traders said the fees were high,
    the source told Daily NK"), the attribution that closes the sentence is the
    publication's and wins.
    """

    def inside(inner: Mention, outer: Mention) -> bool:
        return outer.content[0] <= inner.start and inner.end <= outer.content[1]

    def trailing(mention: Mention) -> bool:
        return mention.content[1] <= mention.start

    return [
        b
        for b in found
        if not any(
            a is not b and inside(b, a) and not (inside(a, b) and trailing(b)) for a in found
        )
    ]


def _grow_left(sentence: str, head_start: int, head_end: int) -> _Phrase:
    """Extend the phrase leftwards from its head over determiners and modifiers.

    Plain nouns and participles ("an aid worker", "a recently released
    detainee") join only when a determiner closes the phrase; without one they
    are more likely the end of the clause before it.
    """
    start = head_start
    determined = modified = False
    words = list(_WORD.finditer(sentence, 0, head_start))
    edge = head_start  # left end of everything consumed, tentative words included
    tentative = 0
    first_modifier = None
    i = len(words) - 1
    while i >= 0:
        word = words[i]
        if sentence[word.end() : edge].strip():
            break  # punctuation between the words ends the phrase
        token = word.group()
        lower = token.lower().replace("’", "'")
        right = sentence[edge:head_start].split()[:1]
        right_word = right[0].lower() if right else ""
        if lower in lx.DETERMINERS:
            start = word.start()
            determined = True
            break
        if (
            lower in ("and", "or")
            and modified
            and not tentative
            and i >= 1
            and first_modifier is not None
            and _coordinable(words[i - 1].group())
            and (first_modifier[0].isupper() or first_modifier.lower() in lx.ADJECTIVES)
            and not sentence[words[i - 1].end() : word.start()].strip()
        ):
            start = edge = words[i - 1].start()
            first_modifier = words[i - 1].group()
            i -= 2
            continue
        participle_adverb = lower.endswith("ly") and right_word.endswith(("ed", "en"))
        if (lower in lx.LEFT_STOP and not participle_adverb) or (
            lower not in lx.ADJECTIVES and _SAY_WORD.fullmatch(lower)
        ):
            break
        if lower in ("open", "open-source"):
            break
        strong = (
            lower in lx.NUMBERS
            or lower.isdigit()
            or lower in lx.ADJECTIVES
            or lower.endswith(lx.ADJECTIVE_SUFFIXES)
            or lower.endswith("'s")
            or ("-" in lower and not lower.startswith("open"))
            or token[0].isupper()
        )
        if strong and not tentative:
            start = edge = word.start()
            modified = True
            first_modifier = token
            if lower.endswith("'s") and token[0].islower():
                determined = True
            i -= 1
            continue
        if (strong or participle_adverb or re.fullmatch(r"[a-z]+(?:-[a-z]+)?", token)) and (
            tentative < 3
        ):
            edge = word.start()
            tentative += 1
            i -= 1
            continue
        break
    if tentative and determined:
        modified = True
    elif tentative:
        determined = False
    partitive = _PARTITIVE.search(sentence, 0, start)
    if partitive:
        start = partitive.start()  # "one of the sources"
        determined = True
    return _Phrase(start, head_start, head_end, determined, modified)


def _coordinable(token: str) -> bool:
    """Return whether ``token`` is an adjective that may be coordinated before a head."""
    if re.fullmatch(r"(?:[A-Z]\.){2,}", token):
        return True  # U.S., U.N.
    if token[0].isupper():
        return token.lower().endswith((*lx.NATIONALITY_SUFFIXES, "ern"))
    return token in lx.ADJECTIVES and not token.endswith("s")


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


def _needs_cue(sentence: str, phrase: _Phrase, noun: str) -> bool:
    """Return whether the head needs a cue; "the person" refers back and needs none."""
    if noun not in lx.CUE_HEADS:
        return False
    before = sentence[phrase.start : phrase.head_start].strip().lower()
    return not (noun in ("person", "individual") and before in ("the", "this", "that"))


def _attach(sentence: str, phrase: _Phrase, noun: str) -> Mention | None:
    """Return the attribution when a reporting verb governs the phrase, else None."""
    needs_cue = _needs_cue(sentence, phrase, noun)
    after = sentence[phrase.head_end :]

    # 1. The phrase is the subject: "a source in Hyesan (who ...) told".
    for verb in _VERB_AFTER.finditer(after):
        gap = after[: verb.start()]
        lead = verb.group()[: len(verb.group()) - len(verb.group().lstrip(" ,"))]
        rest = after[verb.end() :]
        verb_end = phrase.head_end + verb.end()
        # "women saying ...", "a source, speaking to Daily NK, said": a participle alone
        # does not attribute; a later finite verb may.
        participle = verb.group("verb").endswith("ing") and not verb.group("aux")
        coordinated = _COORDINATION.search(gap)
        if coordinated and _names_informant(gap[coordinated.end() :]) and not participle:
            # "A source in Kaesong and a source in Haeju said": the first of two.
            modifier = _postmodifier(gap[: coordinated.start()], until_verb=True)
            if modifier is None or (needs_cue and not modifier.strip()):
                break
            if not _reports(verb, rest):
                return None
            end = phrase.head_end + len(modifier)
            return _subject(sentence, phrase.start, end, phrase, verb_end)
        comma = gap.find(",")
        nonrestrictive = None
        if comma >= 0 and "," in lead:
            nonrestrictive = _NONRESTRICTIVE.fullmatch(gap[comma:])
        if nonrestrictive and not participle:
            # "a source in Hyesan, who asked not to be named, said": the aside is not
            # part of the descriptor, but the restrictive part before it is.
            inner = nonrestrictive.group(1).strip()
            if _NAME.match(inner):
                return None  # "a source, Kim Chol, said": named
            if _CLAUSE_OPENER.match(inner):
                break  # ", but they ... , said": a clause of its own, not an aside
            modifier = _postmodifier(gap[:comma], until_verb=True)
            if modifier is None:
                break
            if needs_cue and not (modifier.strip() or _CUE_POSTMOD.match(inner)):
                return None
            if not _reports(verb, rest):
                return None
            end = phrase.head_end + len(modifier)
            return _subject(sentence, phrase.start, end, phrase, verb_end)
        modifier = _postmodifier(gap, until_verb=True)
        if modifier is None:
            refusal = _REFUSAL.match(gap)
            if refusal and _REPORTING_PARTICIPLE.fullmatch(verb.group()):
                # "An official declined to give details, saying ...".
                modifier = _postmodifier(refusal.group("modifier"), until_verb=True)
                if modifier is not None and not (needs_cue and not modifier.strip()):
                    end = phrase.head_end + len(modifier)
                    return _subject(sentence, phrase.start, end, phrase, verb_end)
            break
        if needs_cue and not modifier.strip():
            break
        if participle:
            continue
        if re.search(r"\b(?:who|that|which)$", modifier):
            break  # "people who said ...": the verb belongs to the relative clause
        if not _reports(verb, rest):
            return None
        end = phrase.head_end + len(modifier)
        return _subject(sentence, phrase.start, end, phrase, verb_end)

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
    elif according and "told by" in according.group().lower() and re.match(r"\s+that\b", after):
        modifier = ""  # "was told by a source that ...": "that" opens the report
    else:
        modifier = _postmodifier(after, until_verb=False)
    if modifier is None:
        return None
    rest = after[len(modifier) :].lstrip()
    ends_clause = not rest or rest[0] in ",;:!?\"“”'’()—–-" or re.fullmatch(r"\.[\"'”’)]*", rest)
    if inverted and not according and not ends_clause:
        return None  # "Says residents of Texas can be fired": a clause, not an attribution
    opening = inverted and not according and not before[: inverted.start()].strip()
    if opening and not re.match(r"[:\"“]|,\s*[\"“]", rest):
        return None  # "Says the man who rushed the stage, ...": a headline, not a source
    if needs_cue and not modifier.strip():
        return None
    end = phrase.head_end + len(modifier)
    cue = (according or quoted or inverted).start()
    leading = not sentence[:cue].strip() or bool(quoted) or "told by" in before[cue:].lower()
    content = (end, _clause_end(sentence, end)) if leading else (_clause_start(sentence, cue), cue)
    return Mention(phrase.start, end, phrase.head_start, phrase.head_end, content)


def _names_informant(text: str) -> bool:
    return any(word.lower() in lx.HEADS for word in re.findall(r"[A-Za-z]+", text))


def _subject(sentence: str, start: int, end: int, phrase: _Phrase, verb_end: int) -> Mention:
    """Return the mention of a subject informant, with the stretch it reports.

    After a comma or quote, with nothing but an addressee or a time after the
    verb ('..., a source told Daily NK on Tuesday.'), the informant closes the
    sentence and reports what came before; otherwise it reports what follows.
    """
    clause_end = _clause_end(sentence, verb_end)
    remainder = sentence[verb_end:clause_end]
    before = sentence[_clause_start(sentence, start) : start].rstrip()
    closing = (
        before
        and before[-1] in ",\"”’':—–"
        and len(re.findall(r"[\w'’-]+", remainder)) <= 6
        and not re.search(r"\bthat\b|\b" + _AUX + r"\b", remainder, re.IGNORECASE)
    )
    content = (_clause_start(sentence, start), start) if closing else (verb_end, clause_end)
    return Mention(start, end, phrase.head_start, phrase.head_end, content)


def _clause_start(sentence: str, position: int) -> int:
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, position)]
    return starts[-1] if starts else 0


def _clause_end(sentence: str, position: int) -> int:
    following = _CLAUSE_BREAK.search(sentence, position)
    return following.start() if following else len(sentence)


def _reports(verb: re.Match, rest: str) -> bool:
    """Return whether the verb, with what follows it, reports to the publication.

    ``rest`` is the sentence after the verb.
    """
    word = " ".join(verb.group("verb").lower().split())
    if verb.group("quoted"):
        return True
    if (verb.group("been") or verb.group("aux") in ("was", "were", "is", "are")) and not (
        word.endswith("ing")
    ):
        return False  # "residents were told", "relatives have been informed"
    rest = re.sub(r"^(?:\s+[a-z]+ly\b)+", "", rest)
    if word.startswith(("spoke", "speaks", "speaking")):
        return _is_media(rest)
    first = re.match(r"\s+([\w'’]+)", rest)
    said = word in ("said", "say", "says", "saying")
    if said and first and first.group(1).lower() in lx.NON_REPORT_OBJECTS:
        return False  # "said goodbye", "said nothing"
    addressed = re.match(r"\s+(not\s+)?to\s+(.*)", rest)
    if addressed:
        # "explained to reporters" reports; "complained to the inspectors" and an
        # infinitive ("continued to sell", "is said to be") do not.
        return not addressed.group(1) and _is_media(addressed.group(2))
    if word in lx.ADDRESSEE_VERBS:
        addressee = _ADDRESSEE.match(rest)
        if addressee and not _is_media(addressee.group(1)):
            return False  # "told a meeting of farmers", "warned traders not to ..."
    if word in lx.OBJECT_TO_VERBS:
        stop = _OBJECT_END.search(rest)
        region = rest[: stop.start()] if stop else rest
        to_someone = re.search(r"\bto\s+(.+)", region)
        if to_someone and not _is_media(to_someone.group(1)):
            return False  # "reported the fire to the fire brigade"
    if word in ("described", "describes") and re.match(r"\s+as\b", rest):
        return False  # "cadres described as loyal"
    if word in lx.AMBIGUOUS_VERBS:
        return _clause_follows(rest)
    return True


def _is_media(text: str) -> bool:
    """Return whether a phrase naming who was spoken to is the press or an outlet."""
    words = [w.rstrip(".") for w in re.findall(r"[\w'’.-]+", text)[:4]]
    words = [w for w in words if w]
    if not words:
        return False
    lowered = [w.lower().removesuffix("'s").removesuffix("’s") for w in words]
    if lowered[0] in ("him", "her", "them", "it", "each", "one") or any(
        w in lx.NON_MEDIA_WORDS for w in lowered
    ):
        return False
    if words[0][0].isupper() and lowered[0] not in lx.DETERMINERS:
        return True  # "Daily NK", "Reuters", "RFA's Korean Service"
    if lowered[:2] == ["the", "agency"] or "news" in lowered[:3] and "agency" in lowered:
        return True
    if any(w in lx.MEDIA_WORDS for w in lowered):
        return True
    return lowered[0] in lx.DETERMINERS and any(w[0].isupper() for w in words[1:])  # "the BBC"


def _clause_follows(rest: str) -> bool:
    """Return whether a report, not a plain object, follows an ambiguous verb.

    A report is the end of the clause, a quote, "that"/"how"/..., or a clause
    without "that": a short subject without prepositions, then a finite verb
    ("believes the families crossed into China").
    """
    stripped = rest.lstrip()
    if not stripped or stripped[0] in ",.;:!?\"“”'’—–-(":
        return True
    if re.match(r"(?:that|how|why|what|whether|when|where|if)\b", stripped, re.IGNORECASE):
        return True
    if re.match(r"(?:he|she|they|it|there|we|i|you)\b", stripped):
        return True
    words = stripped.split()[:6]
    for count in range(1, len(words)):
        subject, verb = words[:count], words[count].lower()
        if not re.fullmatch(r"[\w'’-]+", subject[-1]) or subject[-1].lower() in _NOT_IN_SUBJECT:
            return False
        if re.fullmatch(_AUX + r"|[a-z]+ed", verb) and subject[-1].lower() not in lx.DETERMINERS:
            return True
    return False
