"""What every service shares: full validation before a save, and who made the change."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def stamp_actor(instance: M, actor) -> M:
    """Tell django-simple-history who made this change."""
    if actor is not None:
        instance._history_user = actor
    return instance


def save_clean(instance: M, actor, **kwargs) -> M:
    """Validate every field and constraint, then save: a service never writes an invalid row."""
    instance.full_clean()
    stamp_actor(instance, actor).save(**kwargs)
    return instance
