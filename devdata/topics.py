"""The topics the sample newsroom and the synthetic newsroom share.

The demo fixture (``devdata/fixtures/demo.json``) lists the same topics, and a
test checks that the two agree. The generator samples from this list in this
order, so reordering it changes every generated newsroom.
"""

from __future__ import annotations

TOPICS: tuple[tuple[str, str], ...] = (
    ("drug-trade", "Drug trade"),
    ("border-security", "Border security"),
    ("corruption", "Corruption"),
    ("state-security", "State security"),
    ("smuggling", "Smuggling"),
    ("markets", "Markets and prices"),
    ("food", "Food supply"),
    ("foreign-currency", "Foreign currency"),
    ("communications", "Phones and communications"),
    ("defections", "Defections"),
)
