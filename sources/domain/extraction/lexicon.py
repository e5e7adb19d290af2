"""The words the extraction rules are written in terms of.

Kept apart from the patterns so that widening a list never touches the grammar,
and so the tests and the documentation can name the lists.
"""

from __future__ import annotations

# Nouns that name an informant whether or not an anonymity cue is present, singular
# to plural. Commentators (analysts, experts, observers) are left out on purpose: they
# interpret the news, they are not where it came from.
HEAD_FORMS = {
    "source": "sources",
    "official": "officials",
    "insider": "insiders",
    "resident": "residents",
    "defector": "defectors",
    "trader": "traders",
    "smuggler": "smugglers",
    "merchant": "merchants",
    "vendor": "vendors",
    "broker": "brokers",
    "diplomat": "diplomats",
    "cadre": "cadres",
    "informant": "informants",
    "witness": "witnesses",
    "aide": "aides",
    "contact": "contacts",
    "acquaintance": "acquaintances",
    "employee": "employees",
    "worker": "workers",
    "soldier": "soldiers",
    "officer": "officers",
    "farmer": "farmers",
    "local": "locals",
    "neighbour": "neighbours",
    "neighbor": "neighbors",
    "relative": "relatives",
    "friend": "friends",
    "colleague": "colleagues",
    "activist": "activists",
    "villager": "villagers",
    "teacher": "teachers",
    "student": "students",
    "doctor": "doctors",
    "nurse": "nurses",
    "driver": "drivers",
    "guard": "guards",
    "miner": "miners",
    "fisherman": "fishermen",
    "businessman": "businessmen",
    "businesswoman": "businesswomen",
    "housewife": "housewives",
    "prisoner": "prisoners",
    "inmate": "inmates",
    "detainee": "detainees",
    "refugee": "refugees",
    "manager": "managers",
    "member": "members",
    "man": "men",
    "woman": "women",
}
HEADS = frozenset(HEAD_FORMS) | frozenset(HEAD_FORMS.values())
# Nouns that only name an informant with a cue after them ("people familiar with").
CUE_HEAD_FORMS = {
    "person": "people",
    "someone": "",
    "individual": "individuals",
    "figure": "figures",
}
CUE_HEADS = frozenset(CUE_HEAD_FORMS) | frozenset(v for v in CUE_HEAD_FORMS.values() if v)
SOURCE_HEADS = frozenset({"source", "sources"})
PLURAL_HEADS = frozenset(HEAD_FORMS.values()) | frozenset(v for v in CUE_HEAD_FORMS.values() if v)
PLURAL_OK_BARE = PLURAL_HEADS
LEMMA = {
    **{form: singular for singular, form in HEAD_FORMS.items()},
    **{form: singular for singular, form in CUE_HEAD_FORMS.items() if form},
    **{singular: singular for singular in (*HEAD_FORMS, *CUE_HEAD_FORMS)},
}
# Heads that carry no description of their own: "the source" may stand for any
# informant named before it ("a trader in Hyesan ... the source added").
GENERIC_HEADS = frozenset({"source", "informant", "contact", "person", "individual"})

DETERMINERS = frozenset(
    {
        *("a", "an", "the", "another", "this", "that", "these", "those", "our", "their"),
        *("his", "her", "its", "my", "your", "some", "several", "multiple", "many", "few"),
        *("various", "numerous", "each", "every", "any", "both", "all"),
    }
)
NUMBERS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen"}
    | {"dozens"}
)
ADJECTIVES = frozenset(
    {
        *("additional", "separate", "second", "third", "fourth", "first", "other", "single"),
        *("different", "new", "same", "local", "senior", "junior", "informed", "unnamed"),
        *("well-informed", "anonymous", "unidentified", "well-placed", "reliable", "trusted"),
        *("knowledgeable", "longtime", "long-time", "former", "current", "retired", "young"),
        *("old", "elderly", "female", "male", "north", "south", "northern", "southern"),
        *("eastern", "western", "inside", "internal", "independent", "credible", "key", "top"),
        *("further", "ordinary", "high", "low", "mid", "ranking", "veteran", "recent"),
        *("frequent", "regular", "well-connected", "insider", "government", "security"),
        *("party", "military", "police", "border", "customs", "market", "factory", "state"),
        *("army", "trade", "ministry", "intelligence", "defense", "defence", "regime"),
        *("embassy", "company", "industry", "administration", "palace", "prison", "farm"),
        *("mine", "railway", "port", "city", "county", "village", "town", "district"),
        *("province", "provincial", "regional", "foreign", "domestic", "business", "cabinet"),
        *("court", "agency", "department", "bureau", "committee", "youth", "women", "drug"),
        *("fuel", "rice", "grain", "textile", "mining", "fishing", "smuggling", "trading"),
        *("ruling", "opposition", "high-ranking", "low-ranking", "mid-ranking", "low-level"),
        *("mid-level", "high-level"),
    }
)
ADJECTIVE_SUFFIXES = ("al", "ian", "ese", "ic", "ive", "ous", "ary", "ern", "ish", "-based")
# Proper adjectives that may be coordinated before a head ("U.S. and Japanese officials").
NATIONALITY_SUFFIXES = ("an", "ian", "ese", "ish", "ic", "i")
# Words that are never part of the phrase and end it on the left.
LEFT_STOP = frozenset(
    {
        *("and", "or", "but", "nor", "that", "which", "who", "whom", "whose", "what"),
        *("where", "when", "while", "because", "although", "though", "if", "so", "as"),
        *("than", "to", "in", "of", "from", "with", "by", "at", "on", "for", "about"),
        *("into", "like", "he", "she", "it", "they", "we", "i", "you", "also", "meanwhile"),
        *("however", "yesterday", "today", "now", "then", "later", "earlier", "recently"),
        *("reportedly", "according", "monday", "tuesday", "wednesday", "thursday"),
        *("friday", "saturday", "sunday", "january", "february", "march", "april", "june"),
        *("july", "august", "september", "october", "november", "december", "last", "is"),
        *("are", "was", "were", "be", "been", "has", "have", "had"),
    }
)

# Who a verb of saying may be addressed to when the informant is the publication's:
# the press, or a named outlet (any capitalised name).
MEDIA_WORDS = frozenset(
    {
        *("us", "me", "reporters", "reporter", "journalists", "journalist", "correspondent"),
        *("correspondents", "media", "press", "paper", "newspaper", "daily", "broadcaster"),
        *("outlet", "station", "service", "network", "magazine", "website", "channel"),
        *("publication", "interviewer", "interviewers", "newsroom", "programme", "program"),
    }
)
# Words that make an addressee part of the story, not the press: "the police station",
# "the party committee", "the court".
NON_MEDIA_WORDS = frozenset(
    {
        *("police", "ministry", "committee", "court", "party", "bureau", "office", "council"),
        *("department", "army", "government", "commission", "security", "brigade", "unit"),
        *("inspectors", "guards", "authorities", "prosecutors", "manager", "hospital"),
    }
)
# Objects of "say" that are no report: "said goodbye", "said nothing".
NON_REPORT_OBJECTS = frozenset(
    {"nothing", "goodbye", "farewell", "little", "prayers", "grace", "hello", "sorry"}
)
# Verbs of saying that also have an everyday sense taking a plain object ("continued to
# sell", "maintained the road", "shared the cost", "observed the holiday", "recalled the
# tractors"). They report only when a clause, a quote or the end of the clause follows.
AMBIGUOUS_VERBS = frozenset(
    {
        *("continued", "continues", "maintained", "maintains", "shared", "observed"),
        *("observes", "recalled", "recalls", "noted", "admitted", "admits", "believes"),
        *("believed", "estimated", "wrote", "writes", "whispered", "conveyed", "relayed"),
        *("acknowledged", "acknowledges", "predicted", "predicts", "put it", "puts it"),
    }
)
# Verbs whose first object is the person spoken to ("told the guards", "warned traders").
ADDRESSEE_VERBS = frozenset(
    {"told", "tell", "tells", "informed", "informs", "warned", "warns", "assured", "briefed"}
)
# Verbs that may take an object and then "to" + the person spoken to ("reported the fire to
# the brigade", "whispered the rate to customers").
OBJECT_TO_VERBS = frozenset(
    {
        *("reported", "reports", "described", "describes", "recounted", "recounts"),
        *("explained", "explains", "whispered", "revealed", "reveals", "conveyed", "relayed"),
        *("shared", "wrote", "writes", "admitted", "admits", "complained", "complains"),
        "confessed",
    }
)

# Back-references.
# Words that mark a phrase as pointing back whatever else it says ("the same source").
ANAPHORIC_WORDS = frozenset({"same", "aforementioned", "above-mentioned", "abovementioned"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "both", "our"})
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
CONTRASTIVE_WORDS = frozenset({"other"})
# Words that say nothing about who the informant is, so they need not recur in the
# antecedent for a back-reference to match it.
FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "the", "this", "that", "these", "those", "our", "both", "of", "in"),
        *("at", "on", "from", "inside", "within", "near", "based", "to", "for", "with", "s"),
        *("and", "one", "two", "three", "four", "five", "all", "each", "latter"),
    }
)

ABBREVIATIONS = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "no", "vs", "sen"),
        *("sens", "rep", "reps", "gov", "jr", "sr", "inc", "co", "corp", "mt", "ft", "capt"),
    }
)
