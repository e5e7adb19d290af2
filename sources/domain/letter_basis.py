"""Say in one sentence what a suggested letter rests on. No Django here.

A letter is earned by the lower bound of the rate's interval, not by the rate
itself, so narrowing a record (to a topic, say) can lower the letter while the
rate holds: fewer resolved claims mean a wider interval. The cards say so in
words, with the figures, so nobody has to read the leaderboard's footnote.
"""

from __future__ import annotations

from collections.abc import Mapping

from sources.domain.vocab import Letter


def _claims(count: int) -> str:
    return f"{count} resolved claim" if count == 1 else f"{count} resolved claims"


def _percent(value: float, *, against: tuple[float, ...]) -> str:
    """Return ``value`` as a percentage rounded no further than keeps each comparison true.

    0.398 is "39.8%", not "40%", beside a 40% threshold it does not reach.
    """
    for places in (0, 1, 2, 3):
        shown = round(value * 100, places)
        if all((shown >= t * 100) == (value >= t) for t in against):
            return f"{shown:.{places}f}%"
    return f"{value * 100}%"


def letter_basis(
    *,
    letter: str,
    interval_low: float | None,
    resolved: int,
    min_resolved: int,
    confidence: float,
    thresholds: Mapping[str, float] = Letter.THRESHOLDS,
) -> str:
    """Return why a record's suggested letter is ``letter``, with the figures it rests on."""
    if letter == "F" or interval_low is None:
        if resolved == 0:
            return f"F: no claim is resolved yet, and a letter needs at least {min_resolved}."
        return (
            f"F: only {resolved} {'claim is' if resolved == 1 else 'claims are'} resolved, "
            f"and a letter needs at least {min_resolved}; until then the record cannot be judged."
        )
    ranked = [name for name in ("A", "B", "C", "D") if name in thresholds]
    level = f"{confidence * 100:g}%"
    if letter == "E":
        floor = thresholds[ranked[-1]]
        low = _percent(interval_low, against=(floor,))
        return (
            f"E: the lower bound of the {level} interval is {low}, under the "
            f"{floor * 100:g}% that {ranked[-1]} needs, over {_claims(resolved)}."
        )
    floor = thresholds[letter]
    above = ranked[ranked.index(letter) - 1] if ranked.index(letter) > 0 else None
    against = (floor,) if above is None else (floor, thresholds[above])
    low = _percent(interval_low, against=against)
    reach = f"at least the {floor * 100:g}% that {letter} needs"
    if above is not None:
        reach += f" but under the {thresholds[above] * 100:g}% for {above}"
    return (
        f"{letter}: the lower bound of the {level} interval is {low}, {reach}, "
        f"over {_claims(resolved)}."
    )
