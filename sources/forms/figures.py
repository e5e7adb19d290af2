"""A claim's figures typed on one line, for the story form and the correction form."""

from __future__ import annotations

from django import forms

from sources.domain.quantities import QuantityError, format_quantities, parse_quantities
from sources.forms.fields import LineField
from sources.services import QuantitySpec


class QuantitiesField(LineField):
    """Figures such as ``8 kg; 9,000 RMB/kg (purchase price)``, as ``QuantitySpec`` items.

    The rule for reading them is ``sources.domain.quantities``; a figure that
    cannot be read is refused with a message naming it.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Figures")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault(
            "help_text",
            "Number, unit, and what it is in brackets, separated by semicolons: "
            "8 kg; 9,000 RMB/kg (purchase price).",
        )
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            figures = parse_quantities(text)
        except QuantityError as error:
            raise forms.ValidationError(str(error), code="invalid_figure") from None
        return [QuantitySpec(value=f.value, unit=f.unit, label=f.label) for f in figures]

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return format_quantities(value)
        return value

    def has_changed(self, initial, data):
        before = format_quantities(initial) if isinstance(initial, list | tuple) else initial
        return (before or "") != (data or "")
