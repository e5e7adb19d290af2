"""Which characters text may hold, and how long each kind of text may be.

Every entry point (forms, query strings, URL parts, the API, imports, the
admin) checks text against the one rule here, through
``sources.validators``; nothing else decides it.

- Single-line text (codenames, descriptors, slugs, names, keys, search
  words) holds no control character at all: no NUL, no tab, no line break.
- Multi-line text (claim text, summaries, notes, reasons, article bodies)
  may also hold tabs and line breaks: LF, CR and CRLF, kept exactly as
  typed (browsers send CRLF from a textarea), so an export gives back the
  text that was filed.
- Neither holds the other C0 controls (U+0000 to U+001F), DEL (U+007F), the
  C1 controls (U+0080 to U+009F) or an unpaired surrogate (U+D800 to U+DFFF,
  which is not text at all and cannot be stored as UTF-8).

NUL matters most: PostgreSQL cannot store it, and refusing it here gives a
400 naming the field instead of a database error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What multi-line text may hold besides printable characters.
LINE_BREAKS_AND_TABS = "\t\n\r"

_FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# Length limits shared by the models, the forms, the API and the importer.
CLAIM_TEXT_MAX = 5000
EVIDENCE_SUMMARY_MAX = 5000
LINK_NOTE_MAX = 2000
VERDICT_REASON_MAX = 5000
LETTER_REASON_MAX = 5000
ARTICLE_BODY_MAX = 200_000
IDENTITY_LINE_MAX = 500
IDENTITY_NOTES_MAX = 20_000
ACCESS_REASON_MAX = 1000
# A search box, a sort key or a group key read from a query string.
QUERY_TEXT_MAX = 300

# The largest row id a 64-bit integer column holds; a longer number names no row.
MAX_ID = 2**63 - 1
# The largest page number a list accepts; anything above is not a page anyone asked for.
MAX_PAGE = 2**31 - 1


@dataclass(frozen=True)
class BadCharacter:
    """The first character a text may not hold: where it is and what it is."""

    position: int  # 1-based, as people count
    char: str

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"

    def describe(self) -> str:
        """Name the character the way a person fixing the text needs to hear it."""
        point = ord(self.char)
        if point == 0:
            what = "a NUL character (U+0000)"
        elif self.char == "\t":
            what = "a tab"
        elif self.char in "\n\r":
            what = f"a line break ({self.code})"
        elif 0xD800 <= point <= 0xDFFF:
            what = f"an unpaired surrogate ({self.code}), which is not valid text"
        else:
            what = f"the control character {self.code}"
        return f"{what} at position {self.position}"


def bad_character(text: str, *, multiline: bool = False) -> BadCharacter | None:
    """Return the first character ``text`` may not hold, or None when it is clean."""
    pattern = _FORBIDDEN_IN_TEXT if multiline else _FORBIDDEN_IN_LINE
    found = pattern.search(text)
    if found is None:
        return None
    return BadCharacter(position=found.start() + 1, char=found.group())


def refusal(text: str, *, multiline: bool = False) -> str | None:
    """Return why ``text`` is refused, as one sentence, or None when it is clean."""
    found = bad_character(text, multiline=multiline)
    if found is None:
        return None
    if not multiline and found.char in LINE_BREAKS_AND_TABS:
        return f"Must be one line of text: it contains {found.describe()}."
    return f"Contains {found.describe()}; remove it and try again."


def whole_number(text: str, *, minimum: int, maximum: int) -> int | None:
    """Return ``text`` as a whole number in ``[minimum, maximum]``, or None.

    Only ASCII digits (and a leading minus for a negative minimum) count: the
    length is checked before converting, so a thousand-digit string costs
    nothing and a 20-digit one never reaches a 64-bit column.
    """
    text = text.strip()
    digits = text[1:] if text.startswith("-") and minimum < 0 else text
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) > len(str(max(abs(minimum), abs(maximum)))):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None
