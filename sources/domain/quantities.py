"""The figures a claim states, typed as one line: "8 kg; 9,000 RMB/kg (purchase price)".

A reporter types a claim's figures into one box of the story form or the
correction form, so the form works without script and with any number of
figures. Each figure is a number, its unit and, in brackets, what it is.
Items are separated by semicolons or line breaks. Thousands separators
(commas, spaces) and a decimal point are understood; a number must come
first, so "about 8 kg" is refused rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Figure", "QuantityError", "format_quantities", "parse_quantities"]

UNIT_MAX = 50
LABEL_MAX = 100
# Whole digits a stored value may have (Quantity.value: 20 digits, 4 after the point).
WHOLE_DIGITS_MAX = 16
DECIMALS_MAX = 4

_ITEM = re.compile(
    r"""^\s*
    (?P<number>[-+]?(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)(?:\.\d+)?)
    \s*(?P<unit>[^()]*?)\s*
    (?:\((?P<label>[^()]*)\))?\s*$""",
    re.VERBOSE,
)
_SEPARATORS = re.compile(r"[;\n]+")


class QuantityError(ValueError):
    """A figure that cannot be read; the message names it and says what is expected."""


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    label: str = ""


def parse_quantities(text: str) -> list[Figure]:
    """Return the figures in ``text``, in order; an empty text has none.

    Raise QuantityError naming the first item that is not "number unit
    (label)", has no unit, or does not fit the stored column.
    """
    figures = []
    for raw in _SEPARATORS.split(text or ""):
        item = raw.strip()
        if not item:
            continue
        match = _ITEM.match(item)
        if match is None:
            raise QuantityError(
                f"“{item}” is not a figure: write a number, then its unit, "
                "then what it is in brackets, e.g. 9,000 RMB/kg (purchase price)."
            )
        digits = re.sub(r"[,\u00a0\u202f ]", "", match["number"])
        try:
            value = Decimal(digits)
        except InvalidOperation as error:  # pragma: no cover - the pattern admits only digits
            raise QuantityError(f"“{item}” does not start with a number.") from error
        whole, _, decimals = digits.lstrip("+-").partition(".")
        if len(whole.lstrip("0")) > WHOLE_DIGITS_MAX or len(decimals) > DECIMALS_MAX:
            raise QuantityError(
                f"“{item}”: at most {WHOLE_DIGITS_MAX} digits before the point "
                f"and {DECIMALS_MAX} after it."
            )
        unit = " ".join(match["unit"].split())
        label = " ".join((match["label"] or "").split())
        if not unit:
            raise QuantityError(f"“{item}” has no unit: say what is counted, e.g. 8 kg.")
        if len(unit) > UNIT_MAX:
            raise QuantityError(f"“{item}”: a unit has at most {UNIT_MAX} characters.")
        if len(label) > LABEL_MAX:
            raise QuantityError(f"“{item}”: what it is has at most {LABEL_MAX} characters.")
        figures.append(Figure(value=value, unit=unit, label=label))
    return figures


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    whole, point, decimals = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}" if whole else "0"
    return f"{sign}{grouped}{point}{decimals}"


def format_quantities(figures) -> str:
    """Return figures (anything with value, unit, label) as ``parse_quantities`` reads them."""
    parts = []
    for figure in figures:
        text = f"{_number(figure.value)} {figure.unit}"
        if figure.label:
            text += f" ({figure.label})"
        parts.append(text)
    return "; ".join(parts)
