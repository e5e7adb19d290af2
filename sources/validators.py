"""The one check every text, slug and key field runs: no NUL, no control characters.

The rule itself is ``sources.domain.text``; this is its Django face, used by
model fields (so services, the admin and ``full_clean`` refuse), form fields,
the API's serializers and filters, and the query-string helpers of the
views. ``single_line`` is for codenames, descriptors, slugs, names and keys;
``multi_line`` for text where tabs and line breaks belong (claim text,
summaries, notes, reasons, bodies).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

from sources.domain import text


@deconstructible
class NoControlCharacters:
    """Refuse text holding NUL, control characters or unpaired surrogates.

    ``multiline`` text may also hold tabs and line breaks (LF, CR, CRLF).
    """

    code = "control_character"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        message = text.refusal(value, multiline=self.multiline)
        if message is not None:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash((type(self), self.multiline))


single_line = NoControlCharacters()
multi_line = NoControlCharacters(multiline=True)


def paragraphs(limit: int) -> list:
    """Return the validators of multi-line text of at most ``limit`` characters."""
    return [multi_line, MaxLengthValidator(limit)]


def check_text(
    value: str,
    *,
    field: str,
    multiline: bool = False,
    max_length: int = text.QUERY_TEXT_MAX,
) -> str:
    """Return ``value`` if it is acceptable text, else raise a ValidationError naming ``field``.

    For text that reaches a query without a form: URL parts and query strings.
    """
    message = text.refusal(value, multiline=multiline)
    if message is None and len(value) > max_length:
        message = f"Is {len(value)} characters long; at most {max_length}."
    if message is not None:
        raise ValidationError({field: message}, code=NoControlCharacters.code)
    return value


def check_number(value: str, *, field: str, minimum: int = 1, maximum: int = text.MAX_ID) -> int:
    """Return ``value`` as a whole number in range, else raise a ValidationError naming it."""
    number = text.whole_number(value, minimum=minimum, maximum=maximum)
    if number is None:
        raise ValidationError(
            {field: f"Must be a whole number from {minimum} to {maximum}."}, code="invalid"
        )
    return number
