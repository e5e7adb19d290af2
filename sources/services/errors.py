"""What a service raises when it refuses a write, so every entry point answers alike.

A ``django.core.exceptions.ValidationError`` means the input is wrong (400,
naming the field). A ``Conflict`` means the input was fine but the record
moved under it: someone else decided first, or the same link landed twice
(409, with a message saying what to do).
"""

from __future__ import annotations


class Conflict(Exception):
    """The write lost a race with another one; reload and try again."""


class VerdictConflict(Conflict):
    """Someone else decided a verdict on this claim since the form was loaded."""
